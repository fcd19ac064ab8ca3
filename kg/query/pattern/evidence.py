"""Evidence: the events behind each edge of a match (statuses, articles, sources, the first sentence), and the
actors' labels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.extract.extraction import STATUSES
from kg.namespaces import edge_iri, slug_of
from kg.query.degrees import Degrees, degrees
from kg.query.pattern.compiler import PROLOGUE
from kg.query.readable import Readable, by_columns
from kg.query.runner import query_anchored
from kg.store.base import QueryResult
from kg.vocabulary import relation_family

# No ORDER BY: sorting the solutions cost more than the lookups (40 ms against 14 for a hub's 660 backers).
_LABELS = "SELECT ?actor ?label WHERE {\n  VALUES ?actor { %s }\n  ?actor rdfs:label ?label\n}"


def actor_labels(runner: Readable, actors: set[ox.NamedNode]) -> dict[ox.NamedNode, str]:
    """The first (in code-point order) rdfs:label of each actor."""
    found: dict[ox.NamedNode, str] = {}
    if actors:
        for row in query_anchored(runner, PROLOGUE + _LABELS % " ".join(sorted(map(str, actors)))):
            label = row["label"].value
            if row["actor"] not in found or label < found[row["actor"]]:
                found[row["actor"]] = label
    return found


ANCHORED_EVENTS = 200_000  # events a lookup may scan in this thread; more go to a worker, under its hard limit
# Both ends of every pair are bound, and Oxigraph starts from the end written first (measured: a median actor's
# 2 backers 0.4 ms target-first, 31 ms agent-first when a backer is a hub agent), so each pair is written from
# its end with fewer events (`_plan`).
# No ORDER BY (the engine sorts IRIs by their text, and every event's sentence was read to be sorted with it:
# a hub's page 207 → 160 ms at 1M triples): rows are ordered here, and only the first (most confident) event
# of each edge has its sentence and attribution words read, by a second query (`_first_words`).
_EVIDENCE = """SELECT ?s ?relation ?o ?event ?confidence ?status ?by ?article WHERE {
  %s
  ?event ckg:relation ?relation ; ckg:negated ?negated ; ckg:sentence ?sentence .
  FILTER(?relation IN (%s))
  OPTIONAL { ?event ckg:confidence ?confidence } OPTIONAL { ?event prov:wasDerivedFrom ?article }
  OPTIONAL { ?event ckg:status ?stored } OPTIONAL { ?event ckg:modality ?modality }
  OPTIONAL { ?event ckg:attributedTo ?by }
  BIND(COALESCE(?stored, IF(?negated, ckg:denied, IF(BOUND(?modality), ckg:intended,
       IF(BOUND(?by), ckg:reported, ckg:fact)))) AS ?status)
  %s
}"""
_WORDS = """SELECT ?event ?sentence ?words WHERE {
  VALUES ?event { %s }
  ?event ckg:sentence ?sentence . OPTIONAL { ?event ckg:attributionText ?words }
}"""
_FROM_AGENT = "{ VALUES (?s ?o) { %s } ?event ckg:agent ?s . ?event ckg:target ?o . }"
_FROM_TARGET = "{ VALUES (?s ?o) { %s } ?event ckg:target ?o . ?event ckg:agent ?s . }"

Pair = tuple[ox.NamedNode, ox.NamedNode]


def _plan(pairs: set[Pair], counts: Degrees) -> tuple[str, int]:
    """The pairs as a VALUES block per starting end (a UNION), and how many events the lookup scans."""
    sides: dict[str, list[str]] = {_FROM_AGENT: [], _FROM_TARGET: []}
    events = 0
    for s, o in sorted(pairs, key=str):
        agent, target = counts.agent.get(s.value, 0), counts.target.get(o.value, 0)
        sides[_FROM_AGENT if agent <= target else _FROM_TARGET].append(f"({s} {o})")
        events += min(agent, target)
    return " UNION ".join(side % " ".join(values) for side, values in sides.items() if values), events


EdgeKey = tuple  # (source, relation name, target, the `according to` actor or None, statuses asked for)


@dataclass
class EdgeEvidence:
    """The events behind one edge of a match: ids, statuses, articles, sources, and the first (most confident)."""

    events: dict[str, str] = field(default_factory=dict)  # event IRI → status
    articles: set[str] = field(default_factory=set)
    sources: list[ox.NamedNode] = field(default_factory=list)
    first: tuple[str, str, str | None] | None = None  # sentence, status, attribution words
    first_event: ox.NamedNode | None = None

    def statuses(self) -> dict[str, int]:
        return {status: n for status in STATUSES if (n := sum(s == status for s in self.events.values()))}

    def summary(self) -> EdgeSummary:
        return EdgeSummary(len(self.events), self.statuses(), len(self.articles), tuple(self.sources), self.first)


@dataclass(frozen=True)
class EdgeSummary:
    """What an answer shows of the events behind one edge: their count per status, distinct articles, sources,
    and the first (most confident) one's sentence, status and attribution words. Small (no per-event ids), so
    many can be kept between answers (kg.query.pattern.kept); never changed once made."""

    evidence_count: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    corroboration: int = 0
    sources: tuple[ox.NamedNode, ...] = ()
    first: tuple[str, str, str | None] | None = None


def edge_evidence(
    runner: Readable, edges: set[EdgeKey], min_confidence: float | None = None
) -> dict[EdgeKey, EdgeSummary]:
    """Per edge key: a summary of the events that state it with one of its statuses (and its source, when it has
    one); an edge without such events has none. Each edge's summary is the same whatever other edges are asked."""
    if not edges:
        return {}
    counts = degrees(runner)
    # Facts are found from their edge's IRI when every fact links its edges (ckg:edge); claims, triples asked
    # according to someone, and stores written before the links are found from the two actors.
    linked = {key for key in edges if counts.linked and key[3] is None and key[4] == ("fact",)}
    collected = _linked_evidence(runner, linked, counts, min_confidence) if linked else {}
    if edges - linked:
        collected |= _scanned_evidence(runner, edges - linked, counts, min_confidence)
    _first_words(runner, collected.values())
    return {key: evidence.summary() for key, evidence in collected.items()}


# A fact links the edge of its relation and of each umbrella above it, so the events linked to `s backs o` are
# the facts of the backs family from s to o: what the scan finds, read in one index lookup per edge where the
# scan reads every event of the pair's cheaper end (8,711 for a hub's page of 100 backers at 1M triples).
_LINKED = """SELECT ?edge ?event ?confidence ?by ?article WHERE {
  VALUES ?edge { %s }
  ?event ckg:edge ?edge .
  OPTIONAL { ?event ckg:confidence ?confidence } OPTIONAL { ?event prov:wasDerivedFrom ?article }
  OPTIONAL { ?event ckg:attributedTo ?by }
  %s
}"""


def _linked_evidence(
    runner: Readable, edges: set[EdgeKey], counts: Degrees, min_confidence: float | None
) -> dict[EdgeKey, EdgeEvidence]:
    """Facts per edge key, read from the edges' IRIs."""
    by_edge = {ox.NamedNode(str(edge_iri(key[0].value, key[1], key[2].value))): key for key in edges}
    sparql = PROLOGUE + _PROV + _LINKED % (" ".join(sorted(map(str, by_edge))), _floor(min_confidence))
    found = _run_bounded(runner, sparql, sum(_cheaper_end(key, counts) for key in edges))
    # Each row's terms taken once, in the SELECT's order (a hub's page has hundreds of rows).
    per_edge: dict[ox.NamedNode, list[tuple]] = {}
    for edge, event, confidence, by, article in by_columns(found, ["edge", "event", "confidence", "by", "article"]):
        per_edge.setdefault(edge, []).append((_rank(confidence), event.value, event, article, by))
    collected: dict[EdgeKey, EdgeEvidence] = {}
    for edge, rows in per_edge.items():
        evidence = collected[by_edge[edge]] = EdgeEvidence()
        for _, _, event, article, by in sorted(rows, key=lambda row: row[:2]):
            _record(evidence, event, article, by, "fact")
    return collected


def _scanned_evidence(
    runner: Readable, edges: set[EdgeKey], counts: Degrees, min_confidence: float | None
) -> dict[EdgeKey, EdgeEvidence]:
    """Events per edge key found from the two actors, each pair from its end with fewer events."""
    # Direct edges exist for umbrella relations too (trains ⊑ backs), so count the whole family's events.
    # The families are matched here, not joined in the query: a VALUES of (family, member) pairs made
    # Oxigraph scan the events of the family instead of the actors' (4 ms instead of 0.6 at 100k triples).
    families = {name: relation_family(name) for name in {key[1] for key in edges}}
    members = sorted(set().union(*families.values()))
    pairs, events = _plan({(key[0], key[2]) for key in edges}, counts)
    by_pair: dict[tuple, list[EdgeKey]] = {}
    for key in edges:
        by_pair.setdefault((key[0], key[2]), []).append(key)
    sparql = (
        PROLOGUE + _PROV + _EVIDENCE % (pairs, ", ".join(f"ckg:{name}" for name in members), _floor(min_confidence))
    )
    collected: dict[EdgeKey, EdgeEvidence] = {}
    for row in sorted(_run_bounded(runner, sparql, events), key=_most_confident_first):
        relation, status = slug_of(row["relation"].value), slug_of(row["status"].value)
        for key in by_pair.get((row["s"], row["o"]), ()):
            if relation in families[key[1]] and status in key[4] and key[3] in (None, row["by"]):
                _record(collected.setdefault(key, EdgeEvidence()), row["event"], row["article"], row["by"], status)
    return collected


_PROV = "PREFIX prov: <http://www.w3.org/ns/prov#>\n"


def _floor(min_confidence: float | None) -> str:
    # A float formatted by Python, never user text.
    return "" if min_confidence is None else f"FILTER(?confidence >= {float(min_confidence)!r})"


def _cheaper_end(key: EdgeKey, counts: Degrees) -> int:
    return min(counts.agent.get(key[0].value, 0), counts.target.get(key[2].value, 0))


def _run_bounded(runner: Readable, sparql: str, events: int) -> QueryResult:
    """Few events: here, without the worker's round trip; many: in a worker, under its hard time limit."""
    return query_anchored(runner, sparql) if events <= ANCHORED_EVENTS else runner.query(sparql)


def _rank(confidence: ox.Literal | None) -> float:
    """The most confident first, no confidence last."""
    return -float(confidence.value) if confidence is not None else float("inf")


def _most_confident_first(row: ox.QuerySolution) -> tuple:
    """Each pair's events together, the most confident first, ties by event IRI."""
    return (row["s"].value, row["o"].value, _rank(row["confidence"]), row["event"].value)


def _record(
    edge: EdgeEvidence,
    event: ox.NamedNode,
    article: ox.NamedNode | None,
    by: ox.NamedNode | None,
    status: str,
) -> None:
    """One event behind `edge` (events come most confident first: the first one recorded is the edge's first)."""
    if event.value in edge.events:
        return
    edge.events[event.value] = status
    if article is not None:
        edge.articles.add(article.value)
    if by is not None and by not in edge.sources:
        edge.sources.append(by)
    if edge.first_event is None:
        edge.first_event, edge.first = event, ("", status, None)


def _first_words(runner: Readable, edges: Iterable[EdgeEvidence]) -> None:
    """Each edge's first event's sentence and attribution words, read for those events only."""
    sharing: dict[ox.NamedNode, list[tuple[EdgeEvidence, str]]] = {}  # first event → (edge, its status)
    for edge in edges:
        # Edges of one pair asked with other statuses may share a first event; `_record` sets it and `first` together.
        if edge.first_event is not None and edge.first is not None:
            sharing.setdefault(edge.first_event, []).append((edge, edge.first[1]))
    if not sharing:
        return
    for row in query_anchored(runner, PROLOGUE + _WORDS % " ".join(sorted(map(str, sharing)))):
        for edge, status in sharing.pop(row["event"], ()):
            edge.first = (row["sentence"].value, status, row["words"].value if row["words"] is not None else None)
