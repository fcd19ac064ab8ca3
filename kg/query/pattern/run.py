"""Running a pattern: parse, resolve, compile, query, then each row's labels and evidence, paged."""

from __future__ import annotations

from dataclasses import replace

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.namespaces import slug_of
from kg.query.degrees import Degrees, degrees
from kg.query.pattern.compiler import CompiledPattern, compile_pattern
from kg.query.pattern.evidence import ANCHORED_EVENTS, EdgeSummary
from kg.query.pattern.grammar import Name, TriplePattern, Variable, parse
from kg.query.pattern.kept import kept_evidence, kept_labels, kept_names
from kg.query.readable import Readable, by_columns
from kg.query.runner import query_anchored, result_cap
from kg.query.views import ActorLink, EvidenceFilter


class PatternEdge(BaseModel):
    """One triple of the pattern as a row matched it, with the events that state it."""

    source: ActorLink
    relation: str
    target: ActorLink
    transitive: bool = Field(description="Written REL+: matched by a chain of one or more edges")
    according_to: ActorLink | None = Field(None, description="The source the triple was asked `according to`")
    evidence_count: int = Field(
        0,
        description="Events stating this relation, or one under it, directly from source "
        "to target, with the statuses asked for (facts by default); 0 for a "
        "chain with no direct edge",
    )
    statuses: dict[str, int] = Field(default_factory=dict, description="Those events per status")
    corroboration: int = Field(0, description="Distinct articles among those events")
    sources: list[ActorLink] = Field(default_factory=list, description="Who those events are attributed to")
    first_sentence: str | None = Field(None, description="The sentence of the most confident of those events")
    first_status: str | None = Field(None, description="That event's status")
    first_attribution: str | None = Field(None, description="The words attributing that event, if any")


class PatternRow(BaseModel):
    """One match: the actor each variable stands for, and each triple's edge with its evidence."""

    bindings: dict[str, ActorLink] = Field(description="Each variable (without ?) → the actor it matched")
    edges: list[PatternEdge] = Field(description="One per triple of the pattern, in order")


class PatternResult(BaseModel):
    """The rows that match a pattern."""

    pattern: str
    variables: list[str]
    sparql: str = Field(description="The SPARQL the pattern compiled to")
    rows: list[PatternRow]
    total: int = Field(0, description="Rows matched (at most KG_MAX_RESULTS), before paging")
    offset: int = Field(0, description="Rows skipped before the first one given")
    limit: int | None = Field(None, description="Rows given at most; null: all")
    truncated: bool = Field(description="More rows matched than KG_MAX_RESULTS; that many of them are given")

    def flat(self) -> tuple[list[str], list[dict[str, str]]]:
        """Column names and one dict of strings per row, for tables and CSV."""
        edges = len(self.rows[0].edges) if self.rows else 0
        names = [f"{v}{suffix}" for v in self.variables for suffix in ("", "_label")]
        names += [
            f"edge{i}{suffix}"
            for i in range(1, edges + 1)
            for suffix in ("_events", "_status", "_articles", "_according_to", "_sentence")
        ]
        return names, [_flat_row(row) for row in self.rows]


def _flat_row(row: PatternRow) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, actor in row.bindings.items():
        found |= {name: actor.slug, f"{name}_label": actor.label or ""}
    for i, edge in enumerate(row.edges, 1):
        found |= {
            f"edge{i}_events": str(edge.evidence_count),
            f"edge{i}_status": " ".join(f"{status}:{n}" for status, n in edge.statuses.items()),
            f"edge{i}_articles": str(edge.corroboration),
            f"edge{i}_according_to": " ".join(source.slug for source in edge.sources),
            f"edge{i}_sentence": edge.first_sentence or "",
        }
    return found


def run_pattern(
    runner: Readable,
    text: str,
    *,
    min_confidence: float | None = None,
    evidence: EvidenceFilter | None = None,
    min_corroboration: int = 0,
    sort: str = "pattern",
    limit: int | None = None,
    offset: int = 0,
) -> PatternResult:
    """Parse, resolve, compile and run `text`, with labels and evidence; raises PatternError.

    `evidence` picks statuses (a triple matches the direct edges, facts, unless statuses or `according to` are
    asked for), a default source for triples without `according to`, and a confidence floor (as
    `min_confidence`): evidence counts only events at least that confident, and a match whose direct (not `+`)
    edge has no such event is dropped. `min_corroboration` drops matches with an edge affirmed by fewer
    articles; `sort="corroboration"` puts the best corroborated matches first. `limit` and `offset` page the
    rows: without a filter on evidence only the page's rows get labels and evidence, which is what a hub's
    thousands of events cost."""
    wanted = evidence or EvidenceFilter()
    if min_confidence is not None:
        wanted = wanted.model_copy(update={"min_confidence": min_confidence})
    pattern = _with_default_source(parse(text), wanted.according_to)
    actors = kept_names(
        runner,
        (
            term.text
            for triple in pattern
            for term in (triple.subject, triple.object, triple.according_to)
            if isinstance(term, Name)
        ),
    )
    cap = result_cap(runner)
    compiled = compile_pattern(pattern, actors, limit=cap + 1, evidence=wanted)
    found = (
        query_anchored(runner, compiled.sparql) if _anchored(runner, pattern, actors) else runner.query(compiled.sparql)
    )
    # No ORDER BY in the query (the engine sorts IRIs by their text, slowly): sorted here.
    solutions = [
        dict(zip(compiled.columns, terms))
        for terms in sorted(by_columns(found, compiled.columns), key=lambda terms: [term.value for term in terms])
    ]
    matched = solutions[:cap]
    page = slice(offset, None if limit is None else offset + limit)
    if wanted.min_confidence is None and min_corroboration <= 0 and sort != "corroboration":
        rows, total = _rows(runner, pattern, compiled, matched[page]), len(matched)
    else:  # which rows stay, and their order, depend on their evidence: every row's is needed before paging
        rows = _rows(runner, pattern, compiled, matched, wanted.min_confidence)
        if wanted.min_confidence is not None:
            rows = [row for row in rows if all(edge.transitive or edge.evidence_count for edge in row.edges)]
        rows = [
            row for row in rows if all(edge.transitive or edge.corroboration >= min_corroboration for edge in row.edges)
        ]
        if sort == "corroboration":
            rows.sort(key=lambda row: -min((edge.corroboration for edge in row.edges), default=0))
        rows, total = rows[page], len(rows)
    return PatternResult(
        pattern=text,
        variables=compiled.variables,
        sparql=compiled.sparql,
        rows=rows,
        total=total,
        offset=offset,
        limit=limit,
        truncated=len(solutions) > cap,
    )


def _anchored(runner: Readable, pattern: list[TriplePattern], actors: dict[str, list[ox.NamedNode]]) -> bool:
    """Whether the match's cost follows the degrees of the actors it names, so it may run in this thread.

    Every triple hanging off a named actor by one edge costs that actor's degree. A triple of two variables
    joined to such a triple (`?x backs ?y . ?y strikes Z`) costs at most one edge read per edge of each actor
    it reaches, so the whole join at most the named degree times the largest degree in the store: run here
    while that stays under ANCHORED_EVENTS (the worker's round trip was most of a 2-hop's time). A `+` chain,
    or triples joined to no named actor, can cost the whole graph: those keep the worker's hard time limit."""
    if any(t.transitive for t in pattern):
        return False
    if all(isinstance(t.subject, Name) or isinstance(t.object, Name) for t in pattern):
        return True
    counts = degrees(runner)
    widest = counts.widest
    if not widest:  # no counts (an empty store, or counting failed): nothing bounds the join
        return False
    bound, reached, left = 1, set[str](), list(pattern)
    while left:
        step = next((t for t in left if _named_degree(t, actors, counts) is not None or reached & _variables(t)), None)
        if step is None:  # a part joined to no named actor: a cross product
            return False
        left.remove(step)
        reached |= _variables(step)
        named = _named_degree(step, actors, counts)
        bound *= max(1, widest if named is None else named)
    return bound <= ANCHORED_EVENTS


def _named_degree(triple: TriplePattern, actors: dict[str, list[ox.NamedNode]], counts: Degrees) -> int | None:
    """Events of the triple's named end on its side (the smaller, when both are named), None if none is named."""
    ends = [
        sum(side.get(iri.value, 0) for iri in actors[term.text])
        for term, side in ((triple.subject, counts.agent), (triple.object, counts.target))
        if isinstance(term, Name)
    ]
    return min(ends, default=None)


def _variables(triple: TriplePattern) -> set[str]:
    return {term.name for term in (triple.subject, triple.object) if isinstance(term, Variable)}


def _with_default_source(pattern: list[TriplePattern], slug: str | None) -> list[TriplePattern]:
    """`?according_to=SLUG`: every triple without its own source (chains aside) is asked according to SLUG."""
    if slug is None:
        return pattern
    return [t if t.transitive or t.according_to is not None else replace(t, according_to=Name(slug)) for t in pattern]


def _rows(
    runner: Readable,
    pattern: list[TriplePattern],
    compiled: CompiledPattern,
    solutions: list[dict[str, ox.NamedNode]],
    min_confidence: float | None = None,
) -> list[PatternRow]:
    """Solutions with each actor's label and each edge's evidence."""
    triples = list(zip(pattern, compiled.slots, compiled.sources, compiled.statuses))
    evidence = kept_evidence(
        runner,
        {
            (row[s], t.relation, row[o], row[by] if by else None, wanted)
            for row in solutions
            for t, (s, o), by, wanted in triples
        },
        min_confidence,
    )
    sources = {iri for found in evidence.values() for iri in found.sources}
    labels = kept_labels(runner, {iri for row in solutions for iri in row.values()} | sources)

    def link(iri: ox.NamedNode) -> ActorLink:
        return ActorLink(slug=slug_of(iri.value), label=labels.get(iri))

    def edge(
        row: dict[str, ox.NamedNode],
        triple: TriplePattern,
        slot: tuple[str, str],
        by: str | None,
        wanted: tuple[str, ...],
    ) -> PatternEdge:
        s, o = slot
        found = evidence.get((row[s], triple.relation, row[o], row[by] if by else None, wanted), EdgeSummary())
        return PatternEdge(
            source=link(row[s]),
            relation=triple.relation,
            target=link(row[o]),
            transitive=triple.transitive,
            according_to=link(row[by]) if by else None,
            evidence_count=found.evidence_count,
            statuses=dict(found.statuses),
            corroboration=found.corroboration,
            sources=[link(iri) for iri in found.sources],
            first_sentence=found.first and found.first[0],
            first_status=found.first and found.first[1],
            first_attribution=found.first and found.first[2],
        )

    return [
        PatternRow(
            bindings={name: link(row[f"v_{name}"]) for name in compiled.variables},
            edges=[edge(row, *triple) for triple in triples],
        )
        for row in solutions
    ]
