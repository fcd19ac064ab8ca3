"""Dependency patterns: who does what to whom in one sentence, in active, passive and nominal forms."""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Span, Token

from kg.extract.lexicon import Lexicon, Sense
from kg.extract.mentions import Mention, Mentions, is_pronoun

SUBJECT_DEPS = {"nsubj", "csubj"}
RELATIVE_PRONOUNS = {"that", "which", "who", "whom"}
INHERITS_SUBJECT = {"xcomp", "conj", "advcl", "pcomp", "prep", "advmod", "acomp"}
MODALS = {"would": "hypothetical", "could": "hypothetical", "might": "hypothetical", "may": "hypothetical",
          "will": "future", "shall": "future"}
INTENT_VERBS = {"threaten", "plan", "prepare", "vow", "intend", "aim", "seek", "try", "pledge", "promise"}


@dataclass(frozen=True)
class Candidate:
    """A relation found in a sentence before actors are paired; `form` tells how it was found."""

    sense: Sense
    trigger: Token
    agents: list[Mention]
    targets: list[Mention]
    form: str
    negated: bool = False
    modality: str | None = None
    extra: dict = field(default_factory=dict)


class PatternMatcher:
    """Applies the lexicon to a parsed sentence."""

    def __init__(self, lexicon: Lexicon, mentions: Mentions) -> None:
        self.lexicon = lexicon
        self.mentions = mentions

    def find(self, sent: Span) -> list[Candidate]:
        """Candidate relations in `sent`; targets may be empty when the text leaves them implicit."""
        found: list[Candidate] = []
        for token in sent:
            if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
                found += self._verbal(token)
            if token.pos_ in ("NOUN", "PROPN"):
                found += self._nominal(token)
        return [c for c in found if c.agents]

    # verbs ----------------------------------------------------------------------------------
    def _verbal(self, verb: Token) -> list[Candidate]:
        sense, prep = self._verb_sense(verb)
        if sense is None:
            return []
        flags = {"negated": is_negated(verb), "modality": modality(verb)}
        if verb.dep_ == "amod" and verb.tag_ == "VBN":
            return self._adjectival(verb, sense)
        if is_passive(verb):
            agents = self._noun_actors(_by_agent(verb))
            targets = self._passive_targets(verb)
            return [Candidate(sense, verb, agents, targets, "passive", **flags)]
        agents = self._noun_actors(subject_of(verb))
        obj = _pobj(prep) if prep is not None else object_of(verb, sense.preps)
        targets = self._noun_actors(obj, exclude=_slugs(agents))
        sense = self._refine_by_agent(sense, subject_of(verb))
        return [Candidate(sense, verb, agents, targets, "active", **flags)]

    def _verb_sense(self, verb: Token) -> tuple[Sense | None, Token | None]:
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if child.dep_ in ("prep", "prt") and (lemma, child.lower_) in self.lexicon.phrasal:
                return self.lexicon.phrasal[(lemma, child.lower_)], child
        return self.lexicon.verbs.get(lemma), None

    def _adjectival(self, verb: Token, sense: Sense) -> list[Candidate]:
        """ "Iranian-backed forces", "Western-backed Syrian rebels"."""
        agents = [m for m in (self.mentions.modifier_actor(c) for c in verb.children
                              if c.dep_ in ("npadvmod", "compound", "nmod", "advmod", "amod")) if m]
        targets = self.mentions.of_noun(verb.head) or self.mentions.described_group(verb.head, verb.left_edge)
        return [Candidate(sense, verb, agents, [t for t in targets if t.actor not in {a.actor for a in agents}],
                          "adjectival")]

    def _passive_targets(self, verb: Token) -> list[Mention]:
        subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if subject is not None:
            return self._noun_actors(subject)
        if verb.dep_ == "acl" and verb.i > 0 and verb.doc[verb.i - 1].text == ",":
            # "the Assad regime and its partners, backed by Iran": the parser often attaches the
            # participle to the first conjunct; the nearest phrase before the comma is meant.
            return self.mentions.nearest_before(verb.i - 1, verb.sent.start)
        return self._noun_actors(verb.head) if verb.dep_ in ("acl", "relcl") else []

    def _refine_by_agent(self, sense: Sense, agent: Token | None) -> Sense:
        """ "coalition airstrikes targeted X": the nominal agent names the kind of strike."""
        if agent is None or sense.relation != "strikes":
            return sense
        noun = self.lexicon.nouns.get(agent.lemma_.lower())
        return noun if noun and noun.relation != "strikes" else sense

    # nouns ----------------------------------------------------------------------------------
    def _nominal(self, noun: Token) -> list[Candidate]:
        sense = self._noun_sense(noun)
        if sense is None:
            return []
        agents = [self.mentions.modifier_actor(c) for c in noun.children if c.dep_ in ("compound", "amod", "poss", "nmod")]
        agents = [m for m in agents if m] or self._noun_actors(_by_agent(noun))
        targets = self._noun_actors(self._noun_target(noun), exclude=_slugs(agents))
        head = noun.head
        if noun.dep_ == "dobj" and head.lemma_.lower() in self.lexicon.counter_verbs and agents:
            # "US and partner forces repulsed a fierce ISIS attack": the attack was on the subject.
            defenders = self._noun_actors(subject_of(head), exclude=_slugs(agents))
            fights = self.lexicon.verbs["fight"]
            return [Candidate(sense, noun, agents, defenders, "nominal", negated=is_negated(head)),
                    Candidate(fights, head, defenders, agents, "active", negated=is_negated(head))]
        if noun.dep_ == "dobj" and head.lemma_.lower() in self.lexicon.light_verbs:
            agents = agents or self._noun_actors(subject_of(head))
            if not targets:
                targets = self._noun_actors(self._noun_target(head), exclude=_slugs(agents))
            return [Candidate(sense, noun, agents, targets, "nominal", is_negated(head), modality(head))]
        if noun.dep_ in SUBJECT_DEPS or not targets:
            return []  # the verb it is subject of carries the relation, or nothing says whom it hit
        return [Candidate(sense, noun, agents, targets, "nominal")]

    def _noun_sense(self, noun: Token) -> Sense | None:
        compound = next((c for c in noun.children if c.dep_ == "compound"), None)
        if compound is not None:
            phrase = f"{compound.lower_} {noun.lemma_.lower()}"
            if phrase in self.lexicon.nouns:
                return self.lexicon.nouns[phrase]
        return self.lexicon.nouns.get(noun.lemma_.lower())

    def _noun_target(self, head: Token) -> Token | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in self.lexicon.noun_target_preps:
                return _pobj(child)
        return None

    def _noun_actors(self, token: Token | None, exclude: set[str] = frozenset()) -> list[Mention]:
        if token is None:
            return []
        if is_pronoun(token):
            found = self.mentions.resolve(token, exclude)
            return [found] if found else []
        return [m for m in self.mentions.of_noun(token) if m.actor.slug not in exclude]


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject, inherited through control, coordination and relative clauses."""
    for _ in range(6):
        subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
        if subject is not None:
            if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return verb.head
            return subject
        if verb.dep_ == "acl" and any(c.dep_ == "dobj" for c in verb.children):
            return verb.head  # "coalition airstrikes targeted X", parsed as a reduced relative
        if verb.dep_ not in INHERITS_SUBJECT or verb.head is verb:
            return None
        verb = verb.head
    return None


def object_of(verb: Token, preps: tuple[str, ...] = ()) -> Token | None:
    """The direct object, or the object of one of `preps`, or "destroyed what were X" → X."""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative"):
            return child
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            return _pobj(child)
    for child in verb.children:
        if child.dep_ == "ccomp" and any(c.lower_ == "what" and c.dep_ == "nsubj" for c in child.children):
            return next((c for c in child.children if c.dep_ in ("attr", "acomp")), None)
    return None


def is_passive(verb: Token) -> bool:
    deps = {c.dep_ for c in verb.children}
    if deps & {"nsubjpass", "auxpass"}:
        return True
    return verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN" and "dobj" not in deps


def is_negated(verb: Token) -> bool:
    """ "not going after", "never attacked", and negation on the verb a participle hangs from."""
    for token in (verb, verb.head if verb.dep_ in ("xcomp", "pcomp") else None):
        if token is not None and any(c.dep_ == "neg" for c in token.children):
            return True
    return False


def modality(verb: Token) -> str | None:
    """ "would respond" → hypothetical; "threatened to strike" → intent."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in INTENT_VERBS:
        return "intent"
    for child in verb.children:
        if child.dep_ == "aux" and child.lower_ in MODALS:
            return MODALS[child.lower_]
    return None


def _by_agent(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
            return _pobj(child)
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ == "pobj"), None)


def _slugs(mentions: list[Mention]) -> set[str]:
    return {m.actor.slug for m in mentions}
