"""The Python API: `kg.open(store)` reads the graph as plain dataclasses (or pandas DataFrames).

    >>> import kg
    >>> graph = kg.open("memory")                       # or "./data/kg", "sparql+http://…", a Store
    >>> graph.relations(type="backs", status="fact")    # list of RelationRow, one per evidence event
    []
    >>> graph.close()

Every method returns a `Rows` list; `Rows.to_frame()` gives a pandas DataFrame when pandas is installed
(`pip install 'conflict-kg[frames]'`, or pandas itself; conflict-kg does not need it otherwise).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field, fields
from typing import Any

import pyoxigraph as ox

from kg.query.pattern import PatternResult, run_pattern
from kg.query.runner import QueryRunner
from kg.query.tables import ACTOR_COLUMNS, RELATION_COLUMNS
from kg.query.views import EvidenceFilter, list_actors, parse_statuses
from kg.query.views import relations as read_relations
from kg.store import Store, open_store


@dataclass(frozen=True)
class RelationRow:
    """One piece of evidence for source —relation→ target: the sentence, who says so and how."""

    source: str
    source_label: str | None
    relation: str
    target: str
    target_label: str | None
    status: str  # fact, reported, alleged, denied or intended
    according_to: str | None
    according_to_label: str | None
    attribution: str | None  # the words: "Mali's government accused"
    confidence: float
    corroboration: int  # distinct articles affirming the relation
    date: dt.date | None
    published: dt.date | None
    article: str
    title: str | None
    url: str | None
    sentence: str
    event: str
    modality: str | None


@dataclass(frozen=True)
class ActorRow:
    slug: str
    label: str | None
    type: str | None
    cameo: str | None
    relations_out: int
    relations_in: int
    iri: str


@dataclass(frozen=True)
class EdgeRow:
    """One triple of a pattern as a match met it."""

    source: str
    relation: str
    target: str
    according_to: str | None
    events: int
    statuses: dict[str, int]
    articles: int
    sources: list[str]
    sentence: str | None


@dataclass(frozen=True)
class PatternMatch:
    bindings: dict[str, str]  # variable → actor slug
    labels: dict[str, str | None]  # variable → that actor's label
    edges: list[EdgeRow] = field(default_factory=list)


class Rows(list):
    """A list of rows that can become a pandas DataFrame."""

    def __init__(self, rows=(), columns: list[str] | None = None, flat: list[dict] | None = None) -> None:
        super().__init__(rows)
        self._columns = columns
        self._flat = flat

    def to_frame(self):
        """The rows as a pandas DataFrame; ImportError with the fix when pandas is not installed."""
        try:
            import pandas
        except ImportError:
            raise ImportError(
                "to_frame() needs pandas, which conflict-kg installs only as an extra: pip install 'conflict-kg[frames]'"
            ) from None
        flat = self._flat if self._flat is not None else [_plain(row) for row in self]
        return pandas.DataFrame(flat, columns=self._columns)


def _plain(row: Any) -> dict:
    return asdict(row) if hasattr(row, "__dataclass_fields__") else dict(row)


class KnowledgeGraph:
    """Reads one store under the service's limits (KG_QUERY_TIMEOUT, KG_MAX_RESULTS)."""

    def __init__(self, store: Store, *, owns_store: bool, timeout: float = 10.0, max_results: int = 10_000) -> None:
        self.store = store
        self._owns_store = owns_store
        self.runner = QueryRunner(store, timeout=timeout, max_results=max_results)

    def relations(
        self,
        *,
        type: str | None = None,
        source: str | None = None,
        target: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        status: str | list[str] | None = None,
        according_to: str | None = None,
        min_confidence: float | None = None,
        min_corroboration: int = 0,
        sort: str = "name",
    ) -> Rows:
        """RelationRow per evidence event of the matching relations (as GET /relations; `status` may be
        "fact", "alleged,reported", "claims" or a list)."""
        evidence = EvidenceFilter(
            status=parse_statuses(status), according_to=according_to, min_confidence=min_confidence
        )
        found = read_relations(
            self.runner,
            type=type,
            source=source,
            target=target,
            since=since,
            until=until,
            evidence=evidence,
            min_corroboration=min_corroboration,
            sort=sort,
        )
        return Rows(
            [_relation_row(relation, item) for relation in found for item in relation.evidence],
            columns=RELATION_COLUMNS,
        )

    def actors(self, *, type: str | None = None, name: str | None = None) -> Rows:
        """ActorRow per actor, sorted by name (as GET /actors)."""
        return Rows(
            [
                ActorRow(**{f.name: getattr(actor, f.name) for f in fields(ActorRow)})
                for actor in list_actors(self.runner, type=type, name=name)
            ],
            columns=ACTOR_COLUMNS,
        )

    def pattern(
        self,
        text: str,
        *,
        status: str | list[str] | None = None,
        according_to: str | None = None,
        min_confidence: float | None = None,
        min_corroboration: int = 0,
    ) -> Rows:
        """PatternMatch per match of a pattern such as `?x backs ?y according to iran` (as GET /query)."""
        evidence = EvidenceFilter(
            status=parse_statuses(status), according_to=according_to, min_confidence=min_confidence
        )
        result = run_pattern(self.runner, text, evidence=evidence, min_corroboration=min_corroboration)
        columns, flat = result.flat()
        return Rows(_matches(result), columns=columns, flat=flat)

    def sparql(self, query: str) -> Rows | bool:
        """A read-only SELECT as dicts of plain values (IRIs and literals as strings), or an ASK's answer.
        CONSTRUCT and DESCRIBE give (subject, predicate, object) string triples."""
        result = self.runner.query(query)  # the engine's parser says which form it is, where no network is
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if not hasattr(result, "variables"):  # CONSTRUCT, DESCRIBE: triples
            return Rows(
                [(t.subject.value, t.predicate.value, t.object.value) for t in result],
                columns=["subject", "predicate", "object"],
            )
        names = [v.value for v in result.variables]
        return Rows([{name: _value(row[name]) for name in names} for row in result], columns=names)

    def close(self) -> None:
        """Stop the query workers, and close the store if `kg.open` opened it."""
        self.runner.close()
        if self._owns_store:
            self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def open_graph(store: str | Store = "./data/kg", *, timeout: float = 10.0, max_results: int = 10_000) -> KnowledgeGraph:
    """The graph in `store`: a KG_STORE location (`memory`, a directory, `sparql+http://…`) or an open Store."""
    if isinstance(store, str):
        return KnowledgeGraph(
            open_store(store, timeout=timeout), owns_store=True, timeout=timeout, max_results=max_results
        )
    return KnowledgeGraph(store, owns_store=False, timeout=timeout, max_results=max_results)


def _relation_row(relation, item) -> RelationRow:
    source = item.according_to
    return RelationRow(
        source=relation.source.slug,
        source_label=relation.source.label,
        relation=relation.relation,
        target=relation.target.slug,
        target_label=relation.target.label,
        status=item.status,
        according_to=source.slug if source else None,
        according_to_label=source.label if source else None,
        attribution=item.attribution,
        confidence=item.confidence,
        corroboration=relation.corroboration,
        date=item.date,
        published=item.published,
        article=item.article,
        title=item.title,
        url=item.url,
        sentence=item.sentence,
        event=item.event,
        modality=item.modality,
    )


def _matches(result: PatternResult) -> list[PatternMatch]:
    return [
        PatternMatch(
            bindings={name: actor.slug for name, actor in row.bindings.items()},
            labels={name: actor.label for name, actor in row.bindings.items()},
            edges=[
                EdgeRow(
                    source=e.source.slug,
                    relation=e.relation,
                    target=e.target.slug,
                    according_to=e.according_to.slug if e.according_to else None,
                    events=e.evidence_count,
                    statuses=e.statuses,
                    articles=e.corroboration,
                    sources=[s.slug for s in e.sources],
                    sentence=e.first_sentence,
                )
                for e in row.edges
            ],
        )
        for row in result.rows
    ]


def _value(term) -> str | None:
    return (
        None
        if term is None
        else term.value
        if isinstance(term, (ox.NamedNode, ox.Literal, ox.BlankNode))
        else str(term)
    )
