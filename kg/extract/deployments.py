"""Peacekeepers sent to a country: who gives the peacekeeping, and to whom.

"Ghanaian peacekeepers arrived in South Sudan", "Rwanda announced the deployment of 300 troops to the
Central African Republic on a peacekeeping mission", "Ireland is sending a platoon to Mali as part of a UN
peacekeeping mission": CAMEO codes the sending side providing peacekeeping (074) to the state the troops go to,
and so do the labelled news. Troops sent with no word of peacekeeping are left alone: an invasion is sent too.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.arguments import Arguments
from kg.extract.clauses import by_agent, is_reported_act, subject_of
from kg.extract.generics import state_of
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, Mentions
from kg.extract.territory import places_of

# Where the troops go: "arrived in Mali", "sent troops to Kuwait", "deployed into the Central African Republic".
DESTINATION_PREPS = frozenset({"in", "to", "into"})
PEACEKEEPING_PREFIX = "peacekeep"  # peacekeeper(s), peacekeeping


class Deployments:
    """Finds peacekeepers going to a state in a sentence's words of sending and arriving."""

    def __init__(self, lexicon: Lexicon, mentions: Mentions, args: Arguments) -> None:
        self.lexicon = lexicon
        self.mentions = mentions
        self.args = args
        self.units = lexicon.military_nouns | lexicon.deployed_units

    def sides(self, word: Token) -> tuple[list[Mention], list[Mention]] | None:
        """(who provides the peacekeeping, the state it goes to) for a word of sending or arriving, or None when
        it sends no troops, says no word of peacekeeping or names no state they go to."""
        if word.lemma_.lower() not in self.lexicon.deployment_words:
            return None
        if word.pos_ in ("NOUN", "PROPN"):
            return self._nominal(word)
        if not _peacekeeping(word):
            return None
        if not is_reported_act(word):
            return None
        subject = subject_of(word)
        if subject is not None and self._unit(subject) and subject.dep_ != "nsubjpass":
            # "Chinese peacekeepers arrived in South Sudan"
            return self._with_destination(self.args.agents(subject), [word, subject])
        # "Kosovo is sending a platoon to Kuwait"; passive: "peacekeepers were sent to Mali by Ghana"
        units = next((c for c in word.children if c.dep_ in ("dobj", "nsubjpass")), None)
        if units is None or not self._unit(units):
            return None
        sender = by_agent(word) if units.dep_ == "nsubjpass" else subject
        return self._with_destination(self.args.agents(sender) or self.args.agents(units), [word, units])

    def _nominal(self, noun: Token) -> tuple[list[Mention], list[Mention]] | None:
        """ "Nigeria announced the deployment of 230 troops to Liberia on a peacekeeping mission"."""
        units = next((o for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children), None)
        if units is None or not self._unit(units):
            return None
        # "announced the deployment of troops to Liberia on a peacekeeping mission": the parser hangs the
        # deployment's destination and mission on the verb that announces it as often as on the noun
        head = noun.head if noun.dep_ == "dobj" and noun.head.lemma_.lower() in self.lexicon.light_verbs else None
        if not _peacekeeping(head if head is not None else noun):
            return None
        senders = self.args.agents(subject_of(head)) if head is not None and is_reported_act(head) else []
        holders = [noun, units, *([head] if head is not None else [])]
        return self._with_destination(senders or self.args.agents(units), holders)

    def _with_destination(
        self, senders: list[Mention], holders: list[Token]
    ) -> tuple[list[Mention], list[Mention]] | None:
        if not senders:
            return None
        own = {s.slug for m in senders if (s := state_of(m.actor, self.mentions.gazetteer)) is not None}
        own |= {m.actor.slug for m in senders}
        for place in places_of(holders, DESTINATION_PREPS):
            if (found := self._other_state(place, own)) is not None:
                return senders, [found]
        return None

    def kept_state(self, slots: list[tuple[Token | None, str]], own: set[str]) -> list[Mention]:
        """ "contributed engineers to the UN peacekeeping mission in South Sudan": aid to a peacekeeping force or
        mission goes to the state it keeps the peace in, as the labelled news code it (not the UN)."""
        for token in (t for t, _ in slots if t is not None):
            if not any(w.lower_.startswith(PEACEKEEPING_PREFIX) for w in (token, *token.children)):
                continue
            for place in (o for c in token.children if c.dep_ == "prep" and c.lower_ == "in" for o in c.children):
                if (found := self._other_state(place, own)) is not None:
                    return [found]
        return []

    def _other_state(self, place: Token, own: set[str]) -> Mention | None:
        """The state named at `place`, when it is not one of `own` (troops are sent abroad, not home)."""
        found = self.mentions.held_by(place)
        return found if found is not None and found.actor.type == "State" and found.actor.slug not in own else None

    def _unit(self, token: Token) -> bool:
        """Whether a phrase is troops ("hundreds of British troops", "a military platoon", "peacekeepers")."""
        if token.lemma_.lower() in self.lexicon.partitive_nouns | self.lexicon.deployed_units:
            inner = next((o for c in token.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children), None)
            if inner is not None:
                return self._unit(inner)  # "first contingents of West African peacekeeping troops"
        return token.lemma_.lower() in self.units


def _peacekeeping(word: Token) -> bool:
    """Whether the clause of `word` says peacekeeping ("on a peacekeeping mission", "Chinese peacekeepers")."""
    return any(t.lower_.startswith(PEACEKEEPING_PREFIX) for t in word.subtree)
