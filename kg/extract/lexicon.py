"""The relation lexicon: which lemmas and phrases express which relation.

Data: `data/lexicon.toml` (hand-written) and, after it, `data/petrarch/lexicon.toml` (derived from the
PETRARCH2 CAMEO verb dictionary by `scripts/convert_petrarch.py`): a derived entry only fills a gap, never
replaces a hand-written one, and never gives a sense to a word the patterns use in a role (reporting,
intent, light, counter and negating verbs).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

VIOLENT_ROOTS = frozenset({"18", "19", "20"})

DATA = Path(__file__).parent / "data"
REQUESTS, REJECTS, ACCUSES, PROTESTS = "requests", "rejects", "accuses", "protests"
DERIVED = DATA / "petrarch" / "lexicon.toml"
SECTIONS = ("verbs", "collocations", "nouns")
# Where a derived collocation that names no preposition finds its target: PETRARCH's "- * RELATIONS [054]"
# (establish) leaves the target to its own actor matching ("established relations with X").
DERIVED_COLLOCATION_PREPS = ["with", "on", "against", "to"]
PLACE_PREPS = frozenset({"in", "at", "near", "around", "across", "inside", "outside", "within", "throughout"})
ROLE_VERBS = (
    "reporting_verbs",
    "alleging_verbs",
    "intent_verbs",
    "light_verbs",
    "counter_verbs",
    "negating_verbs",
    "control_participles",
)
# Derived verbs that name who someone is, not what they did: "US-led coalition", "Qatar-based group"; and derived
# verbs whose bare sense turns the sides round or is no act between them ("civilians died in strikes", "suffered
# losses", "matched Russia's firepower", "reside in the West Bank", "reinforced its troops in Belarus").
NOT_EVENTS = frozenset(
    {"lead", "base", "name", "head", "found", "own", "sponsor", "affiliate", "link"}
    | {"die", "suffer", "match", "best", "master", "moderate", "revolutionise", "revolutionize", "inhabit", "reside"}
    | {"bill", "ring", "circle", "reinforce", "pit", "overtake", "overshadow", "surmount"}
)
ROLES = (
    "noun_target_preps",
    "light_verbs",
    "counter_verbs",
    "reporting_verbs",
    "alleging_verbs",
    "military_nouns",
    "agent_nouns",
    "implicit_target_relations",
    "intent_verbs",
    "negating_verbs",
    "people_nouns",
    "instrument_nouns",
    "institution_nouns",
    "partitive_nouns",
    "control_participles",
    "responsibility_words",
    "denial_verbs",
    "launch_verbs",
    "place_nouns",
    "facility_nouns",
    "carrier_nouns",
    "kin_nouns",
    "membership_nouns",
    "motion_nouns",
    "purpose_verbs",
    "striker_nouns",
    "ending_nouns",
    "mission_nouns",
    "deployment_words",
    "deployed_units",
    "weapon_nouns",
    "fleet_nouns",
    "arming_verbs",
    "money_nouns",
    "lending_verbs",
    "taking_verbs",
    "detonating_verbs",
    "measure_nouns",
)


@dataclass(frozen=True)
class Sense:
    """What a word means for the graph: a relation property and its CAMEO event code.

    `preps`: prepositions whose object is the target when there is no direct object ("clashed with X").
    `theme`: the direct object is the thing given or done ("provided aid to X"), not the target, unless
    it names an actor itself ("provided Brazil with loans").
    `symmetric`: the relation holds both ways ("X met Y" is also "Y met X").
    `mutual`: subjects joined by "and" act on each other when no one else is named ("X and Y agreed"); every
    symmetric sense is mutual.
    `aimed`: a noun of this sense is the event only when one of `preps` names a side ("an operation against X";
    not "its operations in Nigeria").
    """

    relation: str
    cameo: str
    preps: tuple[str, ...] = ()
    theme: bool = False
    symmetric: bool = False
    mutual: bool = False
    aimed: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Senses of verbs, phrasal verbs, collocations and nouns, and the word lists (`ROLES`) the patterns use."""

    verbs: dict[str, Sense]
    phrasal: dict[tuple[str, str], Sense]
    collocations: dict[tuple[str, str], Sense]
    nouns: dict[str, Sense]
    noun_target_preps: frozenset[str]
    light_verbs: frozenset[str]
    counter_verbs: frozenset[str]
    reporting_verbs: frozenset[str]
    alleging_verbs: frozenset[str]
    military_nouns: frozenset[str]
    agent_nouns: frozenset[str]
    implicit_target_relations: frozenset[str]
    intent_verbs: frozenset[str]
    negating_verbs: frozenset[str]
    people_nouns: frozenset[str]
    instrument_nouns: frozenset[str]
    institution_nouns: frozenset[str]
    partitive_nouns: frozenset[str]
    control_participles: frozenset[str]
    responsibility_words: frozenset[str]
    denial_verbs: frozenset[str]
    launch_verbs: frozenset[str]
    place_nouns: frozenset[str]
    facility_nouns: frozenset[str]
    carrier_nouns: frozenset[str]
    kin_nouns: frozenset[str]
    membership_nouns: frozenset[str]
    motion_nouns: frozenset[str]
    purpose_verbs: frozenset[str]
    striker_nouns: frozenset[str]
    ending_nouns: frozenset[str]
    mission_nouns: frozenset[str]
    deployment_words: frozenset[str]
    deployed_units: frozenset[str]
    weapon_nouns: frozenset[str]
    fleet_nouns: frozenset[str]
    arming_verbs: frozenset[str]
    money_nouns: frozenset[str]
    lending_verbs: frozenset[str]
    taking_verbs: frozenset[str]
    detonating_verbs: frozenset[str]
    measure_nouns: frozenset[str]

    @classmethod
    def load(cls, path: Path = DATA / "lexicon.toml", derived: Path | None = DERIVED) -> Lexicon:
        """Read the lexicon data file, then the derived one where it adds words; every sense must name a
        relation and a CAMEO code."""
        data = _toml(path)
        if derived is not None and derived.exists():
            _fill_gaps(data, _toml(derived))
        verbs = {k: _sense(k, v) for k, v in data["verbs"].items() if " " not in k}
        phrasal = {_split_phrasal(k): _sense(k, v) for k, v in data["verbs"].items() if " " in k}
        collocations = {tuple(k.split(" ", 1)): _sense(k, v) for k, v in data["collocations"].items()}
        nouns = {k: _sense(k, v) for k, v in data["nouns"].items()}
        return cls(
            verbs=verbs,
            phrasal=phrasal,
            collocations=collocations,
            nouns=nouns,
            **{name: frozenset(data["roles"][name]) for name in ROLES},
        )

    @cached_property
    def request_verbs(self) -> frozenset[str]:
        """Verbs that ask something of someone ("urge", "demand", "call on"): what they ask is not done."""
        return frozenset(
            [
                *(k for k, s in self.verbs.items() if s.relation == REQUESTS),
                *(k[0] for k, s in self.phrasal.items() if s.relation == REQUESTS),
            ]
        )

    @cached_property
    def accusation_nouns(self) -> frozenset[str]:
        """Nouns of accusations ("charge", "allegation"): what a rejection in their relative clause rejects."""
        return frozenset(k for k, s in self.nouns.items() if s.relation == ACCUSES and " " not in k)

    @cached_property
    def violent_words(self) -> frozenset[str]:
        """Verbs and nouns of violence (CAMEO 18-20: assault, fight, mass violence): "killed", "the killings"."""
        return frozenset(k for k, s in (*self.verbs.items(), *self.nouns.items()) if s.cameo[:2] in VIOLENT_ROOTS)

    def senses(self) -> list[Sense]:
        """Every sense of every word and phrase."""
        return [*self.verbs.values(), *self.phrasal.values(), *self.collocations.values(), *self.nouns.values()]

    def relations(self) -> set[str]:
        """Every relation name the lexicon can produce."""
        return {sense.relation for sense in self.senses()}

    def roots(self, relation: str) -> set[str]:
        """The CAMEO root codes (two digits) the lexicon gives `relation`."""
        return {sense.cameo[:2] for sense in self.senses() if sense.relation == relation}


def _toml(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _fill_gaps(data: dict, derived: dict) -> None:
    """Add the derived entries nobody wrote by hand. A verb written by hand keeps the senses written for it
    (no derived "expel diplomats" beside "expel"); a verb that plays a role gets none ("launched an attack"
    stays a light verb and its event noun); a preposition of place is never where the target is ("attack in")."""
    hand_verbs = {key for key in data.get("verbs", {}) if " " not in key}
    hand_verbs |= {verb for name in ROLE_VERBS for verb in data.get("roles", {}).get(name, ())} | NOT_EVENTS
    for section in SECTIONS:
        table = data.setdefault(section, {})
        for key, row in derived.get(section, {}).items():
            words = key.split(" ")
            if key in table or (section != "nouns" and len(words) > 1 and words[0] in hand_verbs):
                continue
            if section == "verbs" and (words[0] in hand_verbs or words[-1] in PLACE_PREPS):
                continue
            if section == "collocations" and not row.get("preps"):
                row = {**row, "preps": DERIVED_COLLOCATION_PREPS}
            table[key] = row


def _split_phrasal(key: str) -> tuple[str, str]:
    # "go after" → ("go", "after"): the last word is the particle or the preposition that takes the target.
    head, _, prep = key.rpartition(" ")
    return head, prep


def _sense(key: str, row: dict) -> Sense:
    if not row.get("relation") or not row.get("cameo"):
        raise ValueError(f"lexicon entry {key!r} needs a relation and a cameo code")
    return Sense(
        relation=row["relation"],
        cameo=row["cameo"],
        preps=tuple(row.get("preps", ())),
        theme=row.get("theme", False),
        symmetric=row.get("symmetric", False),
        mutual=row.get("mutual", False) or row.get("symmetric", False),
        aimed=row.get("aimed", False),
    )
