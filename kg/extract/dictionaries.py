"""Actors and agent nouns derived from the PETRARCH2 / Phoenix dictionaries (`data/petrarch/`, written by
`scripts/convert_petrarch.py`; MIT, see its NOTICE).

Hand-written and generated actors win: a derived name someone already owns is dropped, and a record left
with no name is skipped. A state institution with no dates ("Afghan National Army", `AFGMIL`) only adds its
names to the sub-actor its code names; people keep their dated roles (`sectors.Codes.on_date`); international
organisations and armed groups become actors of their own. Acronyms that are English words ("IS", "AS") and
one-word names that are common words ("May") are not names here, nor is a person's lone one-word name
("Abdullah" the Saudi king is not every Abdullah; "Karzai" beside "Hamid Karzai" stays).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

from kg.extract.actor import Actor, normalise_name
from kg.extract.sectors import Codes

ARMED_SECTORS = ("REB", "INS", "SEP", "UAF", "IMG")
# One-word names that are also common words, beyond spaCy's stop words.
COMMON_WORDS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "sun",
        "moon",
        "brown",
        "rice",
        "bush",
        "king",
        "black",
        "white",
        "green",
        "young",
        "long",
        "little",
        "small",
        "hope",
        "faith",
        "grace",
        "rose",
        "will",
        "mark",
        "bill",
        "rich",
        "chance",
        "price",
        "law",
        "justice",
        "peace",
        "unity",
        "freedom",
        "liberty",
        "victory",
        "dawn",
        "action",
        "change",
        "future",
        "reform",
        "power",
    }
)


def load_agents(path: Path) -> dict[str, str]:
    """Agent noun → CAMEO sector code ("police" → "COP"), singular and plural."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


@dataclass(frozen=True)
class Derived:
    """The actors with the derived ones merged in, and the words of each derived name (no tokenizer needed)."""

    actors: dict[str, Actor]
    words: dict[str, tuple[str, ...]]


def derived_actors(path: Path, actors: dict[str, Actor], codes: Codes) -> Derived:
    """`actors` with the derived actors added and derived names given to the sub-actors they name."""
    if not path.exists():
        return Derived(actors, {})
    claimed = {normalise_name(n) for a in actors.values() for n in (a.label, *a.aliases)}
    # A derived group or person whose own name is one of ours is ours: its other names join ours ("Party of God",
    # "The Islamic Resistance" are Hezbollah's; "Mr Obama", "US President Barack Obama" are Barack Obama's), rather than
    # make a second Hezbollah or Obama.
    ours = {normalise_name(a.label): a.slug for a in actors.values() if a.type != "State"}
    merged = dict(actors)
    extra: dict[str, list[str]] = {}
    words: dict[str, tuple[str, ...]] = {}
    for row in json.loads(path.read_text(encoding="utf-8")):
        kept = [
            i
            for i, (name, key) in enumerate(zip((row["label"], *row["aliases"]), row["keys"]))
            if key not in claimed and _usable(name)
        ]
        names = [(row["label"], *row["aliases"])[i] for i in kept]
        if not kept or (row["roles"] and all(" " not in name for name in names)):
            continue  # a person known by one word only ("Abdullah", "Hassan") is anyone of that name
        claimed.update(row["keys"][i] for i in kept)
        owner = codes.actor(row["cameo"]) if row["source"] == "countries" and not row["roles"] else None
        if owner is None and row["keys"][0] in ours:
            owner = merged[ours[row["keys"][0]]]
        if owner is None:
            owner = _actor(row, names, row["slugs"][kept[0]], codes)
            if owner.slug in merged:
                continue
            merged[owner.slug] = owner
        else:
            extra.setdefault(owner.slug, []).extend(names)
        words.update((n, tuple(row["words"].get(n) or n.split())) for n in names)
    for slug, names in extra.items():
        merged[slug] = replace(merged[slug], aliases=(*merged[slug].aliases, *names))
    return Derived(merged, words)


def _actor(row: dict, names: list[str], slug: str, codes: Codes) -> Actor:
    roles = tuple((code, start, end) for code, start, end in row["roles"])
    code = row["cameo"] or (max(roles, key=lambda r: r[1])[0] if roles else None)
    state = codes.state(code)
    return Actor(
        slug=slug,
        label=names[0],
        type=_type(code, bool(roles)),
        cameo=row["cameo"],
        aliases=tuple(names[1:]),
        part_of=state.slug if state else None,
        roles=roles,
    )


def _type(code: str | None, person: bool) -> str:
    if person:
        return "Person"
    code = code or ""
    if any(sector in code for sector in ARMED_SECTORS):
        return "ArmedGroup"
    if code[3:6] == "MIL":
        return "GovernmentForces"
    if code[3:6] == "GOV":
        return "Government"
    return "Organization"


def _usable(name: str) -> bool:
    """Not an English word written as an acronym ("IS") nor a one-word name that is a common word."""
    words = name.split()
    if len(words) > 1:
        return True
    word = name.lower().strip(".")
    return len(word) > 1 and word not in _stop_words() and word not in COMMON_WORDS


@cache
def _stop_words() -> frozenset[str]:
    # Imported on first use: importing spaCy takes ~2 s, and `kg serve` on a stored graph never needs it.
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)
