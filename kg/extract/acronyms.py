"""Acronyms that name different actors in different theatres (`data/acronyms.toml`): "RSF" is the Rapid Support
Forces in a Sudan story and Reporters Without Borders in one about a journalist jailed in Turkey; "AFP" is the
Armed Forces of the Philippines in a Mindanao story and the news agency elsewhere.

The article's state in view (`generics.state_in_view`, counted without these acronyms) picks the actor, or else the
first theatre of the acronym's the article names at all; with no state in view the gazetteer's owner of the acronym
stands. A full name the article gives ("Reporters Without Borders (RSF)") wins over the table
(`Mentions._join_acronyms`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from kg.extract.actor import NER, Actor, normalise_name, slugify

ELSEWHERE = "elsewhere"
UNKNOWN = "UnknownActor"


@dataclass(frozen=True)
class SharedAcronym:
    """One acronym's owners: state code → actor slug, and the slug when another state is in view ("": none)."""

    by_state: dict[str, str]
    elsewhere: str | None = None


def load_shared_acronyms(path: Path) -> dict[str, SharedAcronym]:
    """`data/acronyms.toml`: acronym → its owners by theatre (empty when the file is missing)."""
    if not path.exists():
        return {}
    with path.open("rb") as handle:
        rows = tomllib.load(handle)
    return {
        acronym: SharedAcronym({k: v for k, v in row.items() if k != ELSEWHERE}, row.get(ELSEWHERE))
        for acronym, row in rows.items()
    }


def theatre_owner(
    acronym: str,
    shared: SharedAcronym,
    in_view: Actor | None,
    actors: dict[str, Actor],
    named: Sequence[str] = (),
) -> Actor | None:
    """The actor `acronym` names with `in_view` the article's state; None: the gazetteer's owner stands. `named`: the
    codes of the states the article names, in order: a theatre of the acronym's among them comes before `elsewhere`
    ("Sudan's army and the RSF signed a deal in Jeddah": Saudi Arabia is in view, as the place, but it is a Sudan
    story)."""
    if in_view is None:
        return None
    slug = shared.by_state.get(in_view.cameo or "")
    if slug is None:
        slug = next((shared.by_state[code] for code in named if code in shared.by_state), shared.elsewhere)
    if slug is None:
        return None
    if slug == "":
        return Actor(slug=slugify(acronym), label=acronym, type=UNKNOWN, origin=NER)
    return actors[slug]


def shares_a_word(own: Actor, named: Actor) -> bool:
    """The full name NER found and a name of the known actor share a word: "Hayat Tahrir al Sham (HTS)" is the
    HTS the gazetteer knows; "Reporters Without Borders (RSF)" is not the Rapid Support Forces."""
    written = set(_words(named.label))
    return any(written & set(_words(name)) for name in (own.label, *own.aliases))


def _words(name: str) -> list[str]:
    return [w for w in normalise_name(name).replace("-", " ").split() if len(w) > 3]
