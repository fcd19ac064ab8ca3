"""A state's sectors as actors, and CAMEO actor codes as actors.

Sectors (`data/sectors.toml`): "Yemeni police" → `yemen-police` (CAMEO `YEMCOP`), one actor per state and
sector, named like the `-military` and `-government` sub-actors of `states.py`, which stand for MIL and GOV.
Codes: `SYRGOV` → the actor with that code, else the state's sub-actor or sector (`AFGCOP` → Afghanistan's
police); a person's dated roles pick the code of the article's date ("Karzai" in 2005 acts for Afghanistan's
government, in 2017 for himself).
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kg.extract.actor import Actor

MILITARY, GOVERNMENT = "MIL", "GOV"
AGENTS = "agents"
OPEN_END = 99991231


@dataclass(frozen=True)
class Sector:
    code: str
    slug: str
    noun: str
    type: str


def load_sectors(path: Path) -> dict[str, Sector]:
    """`data/sectors.toml`: CAMEO sector code → sector."""
    with path.open("rb") as handle:
        rows = tomllib.load(handle)
    return {code: Sector(code, row["slug"], row["noun"], row["type"]) for code, row in rows.items() if code != AGENTS}


def load_hand_agents(path: Path) -> dict[str, str]:
    """`data/sectors.toml`'s `[agents]`: agent nouns PETRARCH's dictionary lacks → their sector code."""
    with path.open("rb") as handle:
        return dict(tomllib.load(handle).get(AGENTS, {}))


def sector_actors(actors: dict[str, Actor], sectors: dict[str, Sector]) -> dict[str, Actor]:
    """Each state's sector actors that nobody wrote by hand."""
    found: dict[str, Actor] = {}
    for state in actors.values():
        if state.type != "State" or not state.cameo:
            continue
        for sector in sectors.values():
            slug = f"{state.slug}-{sector.slug}"
            if slug not in actors:
                found[slug] = Actor(
                    slug=slug,
                    label=f"{state.demonym or state.label} {sector.noun}",
                    type=sector.type,
                    cameo=f"{state.cameo}{sector.code}",
                    part_of=state.slug,
                )
    return found


class Codes:
    """CAMEO actor code → actor."""

    def __init__(
        self, actors: dict[str, Actor], sectors: dict[str, Sector], coded: frozenset[str] | None = None
    ) -> None:
        """`coded`: the actors a code may name exactly (by default all); the derived ones share codes
        ("NGOHRI" for every human-rights group), so a code names none of them."""
        self.actors = actors
        self.sectors = sectors
        self.exact: dict[str, Actor] = {}
        for actor in actors.values():
            if actor.cameo and actor.type != "Person" and (coded is None or actor.slug in coded):
                self.exact.setdefault(actor.cameo, actor)
        self.states = {a.cameo: a for a in actors.values() if a.type == "State" and a.cameo}

    def state(self, code: str | None) -> Actor | None:
        """The state a code starts with (`YEMREB` → Yemen)."""
        return self.states.get(code[:3]) if code else None

    def actor(self, code: str | None) -> Actor | None:
        """The actor a code names: exactly, else its state's military, government or sector."""
        if not code:
            return None
        if code in self.exact:
            return self.exact[code]
        state = self.state(code)
        if state is None:
            return None
        return self.of_state(state, code[3:6])

    def of_state(self, state: Actor, sector: str) -> Actor | None:
        """A state's sector actor: its military (MIL), government (GOV) or a sector of `sectors.toml`."""
        if sector == MILITARY:
            slug = state.forces
        elif sector == GOVERNMENT:
            slug = state.government
        else:
            slug = f"{state.slug}-{self.sectors[sector].slug}" if sector in self.sectors else None
        return self.actors.get(slug) if slug else None

    def on_date(self, person: Actor, day: dt.date | None) -> Actor:
        """Whom a person with dated roles acts for on `day`: the role's government, military or sector,
        else the person."""
        code = role_on(person, day)
        acting = self.actor(code) if code and code[3:6] != "ELI" else None
        return acting if acting is not None and acting.type != "State" else person


def role_on(person: Actor, day: dt.date | None) -> str | None:
    """The person's role code on `day` (the latest begun that holds); with no date, the open-ended one."""
    if not person.roles:
        return person.cameo
    number = day.year * 10000 + day.month * 100 + day.day if day else None
    holding = [r for r in person.roles if (r[1] <= number <= r[2] if number else r[2] == OPEN_END)]
    return max(holding, key=lambda r: r[1])[0] if holding else person.cameo
