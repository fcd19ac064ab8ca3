"""The relation lexicon: which lemmas and phrases express which relation."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Sense:
    """What a word means for the graph: a relation property and its CAMEO event code."""

    relation: str
    cameo: str | None = None
    preps: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Sense]
    phrasal: dict[tuple[str, str], Sense]
    nouns: dict[str, Sense]
    noun_target_preps: frozenset[str]
    light_verbs: frozenset[str]
    counter_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    military_nouns: frozenset[str]
    agent_nouns: frozenset[str]
    implicit_target_relations: frozenset[str]

    @classmethod
    def load(cls, path: Path = DATA / "lexicon.toml") -> "Lexicon":
        """Read the lexicon data file."""
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        verbs = {k: _sense(v) for k, v in data["verbs"].items() if " " not in k}
        phrasal = {_split_phrasal(k): _sense(v) for k, v in data["verbs"].items() if " " in k}
        roles = data["roles"]
        return cls(verbs=verbs, phrasal=phrasal, nouns={k: _sense(v) for k, v in data["nouns"].items()},
                   **{name: frozenset(roles[name]) for name in (
                       "noun_target_preps", "light_verbs", "counter_verbs", "reporting_verbs", "military_nouns", "agent_nouns",
                       "implicit_target_relations")})

    def relations(self) -> set[str]:
        """Every relation name the lexicon can produce."""
        senses = [*self.verbs.values(), *self.phrasal.values(), *self.nouns.values()]
        return {sense.relation for sense in senses}


def _split_phrasal(key: str) -> tuple[str, str]:
    # "open fire on" → ("open fire", "on"): the last word is the preposition that takes the target.
    head, _, prep = key.rpartition(" ")
    return head, prep


def _sense(row: dict) -> Sense:
    return Sense(relation=row["relation"], cameo=row.get("cameo"), preps=tuple(row.get("preps", ())))
