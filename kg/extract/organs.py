"""A state's organs named through it: "Turkish jets" → Turkey's military, "Iranian officials" → its
government, "the Iraqi Army" and "Government of India" named whole, "Iranian President Hassan Rouhani".

Which head nouns mean the military: the lexicon's `military_nouns` plus the ranks below; the government:
`[sub_actors] government` in `data/states.toml`; a state's other sectors ("Yemeni police", "Malian
rebels"): the agent nouns of the PETRARCH2 dictionary (`gazetteer.agents`) whose sector `data/sectors.toml`
names, those of non-state sectors ("militants", "protesters") before the military's. An actor without such
a sub-actor stands for itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from kg.extract.actor import Actor
from kg.extract.clauses import phrase_start
from kg.extract.gazetteer import ACTOR_LABEL, Gazetteer

if TYPE_CHECKING:
    from kg.extract.mentions import Mention

MILITARY_TITLES = frozenset(
    {"general", "gen.", "commander", "colonel", "admiral", "brigadier", "marshal", "lieutenant"}
)
# Sectors whose agent nouns are never the state's forces, though the lexicon counts them as armed
# ("Nigerian militants" are not Nigeria's military).
NOT_THE_STATE = frozenset({"REB", "UAF", "OPP", "CRM", "CVL", "REF"})
# Agent nouns for people against whom the phrase names ("critics of Erdogan"): never that actor itself.
OPPOSING = frozenset({"opponent", "critic"})
# Actors that serve a state: its sectors stand behind them ("opponents of the Maldives government").
SERVING = frozenset({"Government", "GovernmentForces", "Person"})


class Organs:
    """Sub-actors by head noun."""

    def __init__(self, gazetteer: Gazetteer, military_nouns: frozenset[str]) -> None:
        self.gazetteer = gazetteer
        self.military = military_nouns | MILITARY_TITLES
        self.government = gazetteer.government_nouns
        self.sectors = {noun: code for noun, code in gazetteer.agents.items() if code in gazetteer.sectors}

    @cached_property
    def nouns(self) -> frozenset[str]:
        """Every head noun that names an organ or a sector."""
        return frozenset(self.military | self.government | self.sectors.keys())

    def kind(self, noun: str) -> str | None:
        """ "troops", "Forces", "general" → military; "officials", "Ministry" → government; "police" → the
        sector's CAMEO code (COP)."""
        forms = (noun, _singular(noun))
        for form in forms:
            if self.sectors.get(form) in NOT_THE_STATE:
                return self.sectors[form]
        for form in forms:
            if form in self.military:
                return "military"
            if form in self.government:
                return "government"
        return next((self.sectors[f] for f in forms if f in self.sectors), None)

    def of(self, actor: Actor, noun: str) -> Actor:
        """The organ or sector of `actor` a head noun means, or the actor itself."""
        kind = self.kind(noun)
        if kind is None:
            return actor
        if kind in ("military", "government"):
            state = self.gazetteer.actors.get(actor.part_of or "")
            if kind == "military" and actor.forces is None and state is not None and state.government == actor.slug:
                actor = state  # "Yemeni government forces": the state's forces (a rival government's are its own)
            slug = actor.forces if kind == "military" else actor.government
            return self.gazetteer.actors[slug] if slug else actor
        state = actor if actor.type == "State" else self._state_served(actor)
        sector = self.gazetteer.codes.of_state(state, kind) if state is not None else None
        return sector or actor

    def people_of(self, actor: Actor, noun: str) -> bool:
        """ "Syrian refugees", "Palestinian civilians": people of a state who are no part of it and no sector we make an
        actor of (unlike its rebels or opposition), whom the noun names."""
        kind = self.kind(noun)
        return actor.type == "State" and kind in NOT_THE_STATE and self.gazetteer.codes.of_state(actor, kind) is None

    def opposes(self, noun: str) -> bool:
        """ "opponents", "critics": people against the actor named after them, not part of it."""
        return _singular(noun) in OPPOSING

    def _state_served(self, actor: Actor) -> Actor | None:
        """The state whose government, forces or official `actor` is ("opponents of the Maldives government" are
        the Maldives' opposition); None for anyone else."""
        for _ in range(3):
            if actor.type not in SERVING or actor.part_of not in self.gazetteer.actors:
                return None
            actor = self.gazetteer.actors[actor.part_of or ""]
            if actor.type == "State":
                return actor
        return None

    def of_entity(self, ent: Span, inside: Iterable[Span]) -> Actor | None:
        """ "the Iraqi Army", "Government of India": an entity NER found whole, holding a state's name."""
        head = ent.root.lemma_.lower()
        for span in inside:
            if ent.start <= span.start and span.end <= ent.end and span.label_ == ACTOR_LABEL:
                actor = self.gazetteer.actors[span.id_]
                organ = self.of(actor, head)
                if organ is not actor:
                    return organ
        return None

    def titled_person(self, head: Token, at: Callable[[Token], Mention | None]) -> tuple[Actor, int, int] | None:
        """ "Iranian President Hassan Rouhani", "Putin, the Russian president": the state's organ, and
        the span of words that say so."""
        for phrase in (head, *(c for c in head.children if c.dep_ == "appos")):
            words = list(head.doc[phrase.left_edge.i : phrase.i + 1])
            titles = [w.lemma_.lower() for w in words if self.kind(w.lemma_.lower())]
            state = next((m.actor for w in words if (m := at(w)) is not None and m.actor.government), None)
            if titles and state:
                start = phrase_start(head)
                return self.of(state, titles[-1]), start, max(head.i, phrase.i) + 1
        return None


def _singular(noun: str) -> str:
    """ "Forces" as a name's head keeps its "s" in spaCy's lemma."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
