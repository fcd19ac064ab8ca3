"""The pattern language: `?x backs assad-regime . ?x strikes+ "the coalition"` → safe SPARQL → rows.

Grammar: triples `S REL O [according to W]` joined by ` . `; S, O and W are `?variables`, actor slugs, or
double-quoted labels or aliases (backslash escapes the next character); REL is an ontology relation name,
with `+` for a chain of one or more edges. `according to W` (or `@W`) asks for what W is said to say: the
triple matches events attributed to W instead of the direct edges, which hold facts only. User text never
becomes SPARQL syntax: names are
bound as literals or resolved actor IRIs in VALUES clauses, and relation names are checked
against the ontology before they are written out.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

import pyoxigraph as ox
from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process, utils

from kg.extract.extraction import STATUSES
from kg.model import ACTOR, CKG, relation_family, relations, slug_of
from kg.query.degrees import Degrees, degrees
from kg.query.runner import query_anchored
from kg.query.views import ActorLink, EvidenceFilter
from kg.store.base import QueryResult

_TOKENS = re.compile(
    r'(?P<space>\s+)|(?P<var>\?[A-Za-z_][A-Za-z0-9_]*)|(?P<quoted>"(?:[^"\\]|\\.)*")'
    r"|(?P<word>\w[\w-]*)|(?P<plus>\+)|(?P<dot>\.)|(?P<at>@)",
    re.S,
)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")  # what bytes that are not UTF-8 decode to (surrogateescape)
_SPARQL_START = re.compile(r"(?:\s|#[^\n]*)*(?:SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)\b", re.I)
_PROLOGUE = (
    f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


class PatternError(ValueError):
    """A pattern that cannot run; the message says what to change."""


class PatternSyntaxError(PatternError):
    """The text does not follow the grammar; the message gives the position."""


class UnknownRelation(PatternError):
    """A relation name the ontology does not define."""


class UnknownActor(PatternError):
    """A name that is no actor's slug, label or alias."""


@dataclass(frozen=True)
class Variable:
    name: str


@dataclass(frozen=True)
class Name:
    text: str  # a slug, label or alias as written (quotes and escapes removed)


Term = Variable | Name


@dataclass(frozen=True)
class TriplePattern:
    subject: Term
    relation: str  # a checked ontology relation name
    transitive: bool
    object: Term
    according_to: Term | None = None  # `according to W`: events attributed to W, not the direct edge


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    position: int  # 1-based character position, for messages


def is_sparql(text: str) -> bool:
    """Whether `text` is SPARQL rather than a pattern: a query keyword first, or braces outside quotes."""
    return bool(_SPARQL_START.match(text)) or "{" in _QUOTED.sub("", text)


def tokenize(text: str) -> list[Token]:
    """The pattern's tokens; raises PatternSyntaxError at the first character that starts none."""
    tokens, at = [], 0
    if (surrogate := _SURROGATE.search(text)) is not None:
        raise PatternSyntaxError(
            f"pattern syntax error at character {surrogate.start() + 1}: "
            f"{_quote(surrogate.group())} is not a character (is the text UTF-8?)"
        )
    while at < len(text):
        found = _TOKENS.match(text, at)
        if found is None:
            raise PatternSyntaxError(_bad_character(text, at))
        if found.lastgroup != "space":
            tokens.append(Token(found.lastgroup, found.group(), at + 1))
        at = found.end()
    return tokens


def _bad_character(text: str, at: int) -> str:
    if text[at] == '"':
        return f"pattern syntax error at character {at + 1}: the quoted name starting here has no closing quote"
    if text[at] == "?":
        return f"pattern syntax error at character {at + 1}: a variable is ? followed by a name, e.g. ?x"
    return f"pattern syntax error at character {at + 1}: unexpected {_quote(text[at])}"


def parse(text: str) -> list[TriplePattern]:
    """Triples `S REL O` joined by ` . ` (a trailing ` .` is allowed); raises PatternError."""
    tokens = tokenize(text)
    if not tokens:
        raise PatternSyntaxError("empty pattern: write triples such as ?x backs assad-regime")
    triples, at = [], 0
    while at < len(tokens):
        subject, at = _term(tokens, at, "a subject")
        relation, transitive, at = _relation(tokens, at)
        obj, at = _term(tokens, at, "an object")
        source, at = _according_to(tokens, at, transitive)
        triples.append(TriplePattern(subject, relation, transitive, obj, source))
        if at < len(tokens):
            _expect(tokens, at, "dot", "' . ' between triples")
            at += 1
    return triples


def _term(tokens: list[Token], at: int, role: str) -> tuple[Term, int]:
    token = _expect(tokens, at, ("var", "quoted", "word"), f'{role} (?variable, slug or "name")')
    if token.kind == "var":
        return Variable(token.text[1:]), at + 1
    text = re.sub(r"\\(.)", r"\1", token.text[1:-1], flags=re.S) if token.kind == "quoted" else token.text
    if not text.strip():
        raise PatternSyntaxError(f"pattern syntax error at character {token.position}: empty name")
    return Name(text.strip()), at + 1


def _according_to(tokens: list[Token], at: int, transitive: bool) -> tuple[Term | None, int]:
    """An optional `according to W` or `@W` after a triple's object."""
    start = tokens[at] if at < len(tokens) else None
    if start is None or not (start.kind == "at" or (start.kind == "word" and start.text.lower() == "according")):
        return None, at
    if start.kind == "word":
        _expect(tokens, at + 1, "word", "to after according")
        if tokens[at + 1].text.lower() != "to":
            raise PatternSyntaxError(
                f"pattern syntax error at character {tokens[at + 1].position}: expected to "
                f"after according, found {_quote(tokens[at + 1].text)}"
            )
        at += 1
    if transitive:
        raise PatternSyntaxError(
            f"pattern syntax error at character {start.position}: a chain (REL+) follows "
            "direct edges, which are facts; it cannot be asked according to someone"
        )
    return _term(tokens, at + 1, 'a source after according to (?variable, slug or "name")')


def _relation(tokens: list[Token], at: int) -> tuple[str, bool, int]:
    token = _expect(tokens, at, "word", "a relation name (backs, strikes, …)")
    name = check_relation(token.text, token.position)
    if at + 1 < len(tokens) and tokens[at + 1].kind == "plus":
        return name, True, at + 2
    return name, False, at + 1


def _expect(tokens: list[Token], at: int, kinds: str | tuple[str, ...], wanted: str) -> Token:
    if at < len(tokens) and tokens[at].kind in kinds:
        return tokens[at]
    if at == len(tokens):
        raise PatternSyntaxError(f"pattern syntax error at the end: expected {wanted}")
    token = tokens[at]
    raise PatternSyntaxError(
        f"pattern syntax error at character {token.position}: expected {wanted}, found {_quote(token.text)}"
    )


def check_relation(text: str, position: int = 0) -> str:
    """The ontology's relation name for `text` (any case); raises UnknownRelation with close names."""
    known = relations()
    if text in known:
        return text
    folded = {name.casefold(): name for name in known}
    if text.casefold() in folded:
        return folded[text.casefold()]
    close = [
        name
        for name, _, _ in process.extract(
            text, sorted(known), scorer=fuzz.ratio, processor=utils.default_process, limit=3, score_cutoff=60
        )
    ]
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known))}"
    where = f" at character {position}" if position else ""
    raise UnknownRelation(f"unknown relation {_quote(text)}{where}; {hint}")


def _quote(text: str) -> str:
    """`text` in double quotes, escaped as in JSON; printable (and encodable: lone surrogates escaped too)."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False))


DEFAULT_MAX_RESULTS = 10_000  # KG_MAX_RESULTS's default, for a bare Store


class Runner(Protocol):
    """What running a pattern needs: a QueryRunner (with its max_results), or any Store."""

    def query(self, sparql: str) -> QueryResult: ...


_RESOLVE = """SELECT DISTINCT ?q ?actor ?rank WHERE {
  VALUES ?q { %s }
  { ?actor rdfs:label ?label BIND(STRAFTER(STR(?actor), "%s") AS ?name) BIND(0 AS ?rank) }
  UNION { ?actor rdfs:label ?name BIND(1 AS ?rank) } UNION { ?actor skos:altLabel ?name BIND(2 AS ?rank) }
  FILTER(STRSTARTS(STR(?actor), "%s") && LCASE(STR(?name)) = LCASE(STR(?q)))
}"""
# Most names are slugs: looked up by IRI (anchored, cheap) before the scan of every label above.
_BY_SLUG = """SELECT DISTINCT ?q ?actor WHERE {
  VALUES (?q ?actor) { %s }
  ?actor rdfs:label ?label
}"""
_NAMES = """SELECT DISTINCT ?actor ?name WHERE {
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } FILTER(STRSTARTS(STR(?actor), "%s"))
}"""


def resolve_names(runner: Runner, names: Iterable[str]) -> dict[str, list[ox.NamedNode]]:
    """Actors per name: by slug, else label, else alias, ignoring case; raises UnknownActor with close names."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    # A slug match is rank 0, which no label or alias can beat: only the other names need the scan.
    best: dict[str, tuple[int, list[ox.NamedNode]]] = {name: (0, [actor]) for name, actor in _by_slug(runner, wanted)}
    rest = [name for name in wanted if name not in best]
    # str() of a pyoxigraph Literal is its escaped N-Triples form: the user's text stays a value.
    sparql = _PROLOGUE + _RESOLVE % (" ".join(str(ox.Literal(name)) for name in rest), ACTOR, ACTOR)
    for row in runner.query(sparql) if rest else ():
        name, rank = row["q"].value, int(row["rank"].value)
        kept_rank, actors = best.get(name, (rank, []))
        if rank < kept_rank:
            kept_rank, actors = rank, []
        if rank == kept_rank and row["actor"] not in actors:
            actors.append(row["actor"])
        best[name] = (kept_rank, actors)
    missing = [name for name in wanted if name not in best]
    if missing:
        known = _all_names(runner)
        raise UnknownActor("; ".join(_unknown(name, known) for name in missing))
    return {name: sorted(actors, key=str) for name, (_, actors) in best.items()}


def _by_slug(runner: Runner, names: list[str]) -> list[tuple[str, ox.NamedNode]]:
    """(name, actor) for each name that is, in lower case, the slug of an actor with a label."""
    pairs = []
    for name in names:
        try:
            pairs.append(f"({ox.Literal(name)} {ox.NamedNode(ACTOR + name.lower())})")
        except ValueError:  # spaces, quotes…: not an IRI segment, so no slug
            continue
    if not pairs:
        return []
    rows = query_anchored(runner, _PROLOGUE + _BY_SLUG % " ".join(pairs))
    return [(row["q"].value, row["actor"]) for row in rows]


def _all_names(runner: Runner) -> list[tuple[str, str]]:
    """(name, slug) for every actor's slug, label and alias."""
    found = {(row["name"].value, slug_of(row["actor"].value)) for row in runner.query(_PROLOGUE + _NAMES % ACTOR)}
    return sorted(found | {(slug, slug) for _, slug in found})


def _unknown(name: str, known: list[tuple[str, str]]) -> str:
    # Plain ratio: WRatio's partial matching suggests "CJTF-OIR" for "Irn".
    matches = process.extract(
        name, [text for text, _ in known], scorer=fuzz.ratio, processor=utils.default_process, limit=20, score_cutoff=70
    )
    close: dict[str, str] = {}
    for _, _, index in matches:
        text, slug = known[index]
        close.setdefault(slug, f"{_quote(text)} ({slug})" if text != slug else slug)
    if not close:
        return f"no actor is called {_quote(name)}; use a slug, label or alias (GET /actors lists them)"
    return f"no actor is called {_quote(name)}; did you mean {', '.join(list(close.values())[:5])}?"


@dataclass(frozen=True)
class CompiledPattern:
    sparql: str
    variables: list[str]  # the user's, in order of appearance
    slots: list[tuple[str, str]]  # per triple: the SPARQL variables of its subject and object
    columns: list[str]  # every SPARQL variable selected
    sources: list[str | None] = field(default_factory=list)  # per triple: the SPARQL variable of `according to`
    statuses: list[tuple[str, ...]] = field(default_factory=list)  # per triple: the evidence statuses it matches


def triple_statuses(triple: TriplePattern, evidence: EvidenceFilter | None = None) -> tuple[str, ...]:
    """The statuses a triple's events may have: facts (the direct edges) unless statuses or a source are asked for."""
    if triple.transitive:
        return ("fact",)
    wanted = evidence or EvidenceFilter()
    if wanted.status:
        return tuple(wanted.status)
    return wanted.statuses() if triple.according_to is not None else ("fact",)


def compile_pattern(
    pattern: list[TriplePattern],
    actors: dict[str, list[ox.NamedNode]],
    limit: int,
    evidence: EvidenceFilter | None = None,
) -> CompiledPattern:
    """A SELECT over direct edges (facts), or over events for a triple asked `according to` someone or with
    statuses other than fact; names are VALUES of their resolved actor IRIs, never text."""
    values, lines, slots, variables, sources, statuses = [], [], [], [], [], []

    def end(term: Term, name: str, bound: bool = True) -> str:
        if isinstance(term, Variable):
            variables.extend([] if term.name in variables else [term.name])
            return f"v_{term.name}"
        if bound:
            values.append(f"  VALUES ?{name} {{ {' '.join(str(iri) for iri in actors[term.text])} }}")
        return name

    for index, triple in enumerate(pattern):
        # A chain's start is written in place (see _chain_lines), not bound by VALUES.
        start = triple.transitive and isinstance(triple.subject, Name)
        ends = (
            end(triple.subject, f"k{index}s", not start),
            end(triple.object, f"k{index}o", not (triple.transitive and not start)),
        )
        source = end(triple.according_to, f"k{index}a") if triple.according_to is not None else None
        wanted = triple_statuses(triple, evidence)
        if triple.transitive:
            lines.append(_chain_lines(triple, ends, actors))
        elif wanted == ("fact",) and source is None:
            # Relation names come from check_relation: ontology local names, safe to write as ckg: terms.
            lines.append(f"  ?{ends[0]} ckg:{triple.relation} ?{ends[1]} .")
        else:
            lines.append(_event_lines(index, ends, triple.relation, source, wanted))
        slots.append(ends)
        sources.append(source)
        statuses.append(wanted)
    columns = list(dict.fromkeys([name for pair in slots for name in pair] + [s for s in sources if s]))
    head = " ".join(f"?{name}" for name in columns)
    # No ORDER BY: the engine sorts IRIs by looking each one's text up (30 ms for a hub's 128 backers at 100k
    # triples, against 1 ms unsorted); run_pattern sorts the rows it gets.
    sparql = f"{_PROLOGUE}SELECT DISTINCT {head} WHERE {{\n" + "\n".join(values + lines) + f"\n}}\nLIMIT {int(limit)}"
    return CompiledPattern(sparql, variables, slots, columns, sources, statuses)


def _chain_lines(triple: TriplePattern, ends: tuple[str, str], actors: dict[str, list[ox.NamedNode]]) -> str:
    """`REL+` with its start given in place, as Virtuoso needs ("transitive start not given" otherwise).

    A named end is written as each of its IRIs in a UNION branch that BINDs it back to its variable (Virtuoso
    follows neither a VALUES nor a later join as a start); two variables get a subquery of the actors with
    at least one REL edge, which every chain's start has. Oxigraph reads all three forms alike."""
    path, (s, o) = f"ckg:{triple.relation}+", ends
    named = triple.subject if isinstance(triple.subject, Name) else triple.object
    if not isinstance(named, Name):
        return f"  {{ SELECT DISTINCT ?{s} WHERE {{ ?{s} ckg:{triple.relation} [] }} }}\n  ?{s} {path} ?{o} ."
    bound, free = (s, o) if named is triple.subject else (o, s)
    branches = [
        f"{{ {iri} {path} ?{free} BIND({iri} AS ?{bound}) }}"
        if bound == s
        else f"{{ ?{free} {path} {iri} BIND({iri} AS ?{bound}) }}"
        for iri in actors[named.text]
    ]
    return "  " + " UNION ".join(branches)


# How an event is put, for a store written before ckg:status: the same rule as kg.query.views.STATUS_PATTERN.
_EVENT_STATUS = (
    "COALESCE(?st{i}, IF(?n{i}, ckg:denied, IF(BOUND(?m{i}), ckg:intended, IF(BOUND(?{by}), ckg:reported, ckg:fact))))"
)


def _event_lines(
    index: int, ends: tuple[str, str], relation: str, source: str | None, statuses: tuple[str, ...]
) -> str:
    """One triple matched through its events: the relation's family, the statuses asked for, the source."""
    by = source or f"a{index}"
    family = ", ".join(f"ckg:{name}" for name in sorted(relation_family(relation)))
    attributed = f"?e{index} ckg:attributedTo ?{by} ." if source else f"OPTIONAL {{ ?e{index} ckg:attributedTo ?{by} }}"
    # Statuses come from STATUSES, checked by EvidenceFilter: safe to write as ckg: terms.
    return (
        f"  ?e{index} ckg:agent ?{ends[0]} ; ckg:target ?{ends[1]} ; ckg:relation ?r{index} ; "
        f"ckg:negated ?n{index} .\n  FILTER(?r{index} IN ({family}))\n  {attributed}\n"
        f"  OPTIONAL {{ ?e{index} ckg:status ?st{index} }} OPTIONAL {{ ?e{index} ckg:modality ?m{index} }}\n"
        f"  FILTER({_EVENT_STATUS.format(i=index, by=by)} IN ({', '.join(f'ckg:{s}' for s in statuses)}))"
    )


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
    found = {}
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
    runner: Runner,
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
    actors = resolve_names(
        runner,
        (
            term.text
            for triple in pattern
            for term in (triple.subject, triple.object, triple.according_to)
            if isinstance(term, Name)
        ),
    )
    # A QueryRunner carries KG_MAX_RESULTS; a Store handed in directly (open_store's) gets the default.
    cap = getattr(runner, "max_results", DEFAULT_MAX_RESULTS)
    compiled = compile_pattern(pattern, actors, limit=cap + 1, evidence=wanted)
    # Every triple hanging off a named actor by one edge costs that actor's degree; a `+` chain or a
    # triple of two variables can cost the whole graph, so those keep the worker's hard time limit.
    anchored = all(not t.transitive and (isinstance(t.subject, Name) or isinstance(t.object, Name)) for t in pattern)
    found = query_anchored(runner, compiled.sparql) if anchored else runner.query(compiled.sparql)
    # No ORDER BY in the query (the engine sorts IRIs by their text, slowly): sorted here.
    solutions = sorted(
        ({name: row[name] for name in compiled.columns} for row in found),
        key=lambda row: [row[name].value for name in compiled.columns],
    )
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


def _with_default_source(pattern: list[TriplePattern], slug: str | None) -> list[TriplePattern]:
    """`?according_to=SLUG`: every triple without its own source (chains aside) is asked according to SLUG."""
    if slug is None:
        return pattern
    return [t if t.transitive or t.according_to is not None else replace(t, according_to=Name(slug)) for t in pattern]


def _rows(
    runner: Runner,
    pattern: list[TriplePattern],
    compiled: CompiledPattern,
    solutions: list[dict[str, ox.NamedNode]],
    min_confidence: float | None = None,
) -> list[PatternRow]:
    """Solutions with each actor's label and each edge's evidence."""
    triples = list(zip(pattern, compiled.slots, compiled.sources, compiled.statuses))
    evidence = _evidence(
        runner,
        {
            (row[s], t.relation, row[o], row[by] if by else None, wanted)
            for row in solutions
            for t, (s, o), by, wanted in triples
        },
        min_confidence,
    )
    sources = {iri for found in evidence.values() for iri in found.sources}
    labels = _labels(runner, {iri for row in solutions for iri in row.values()} | sources)

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
        found = evidence.get((row[s], triple.relation, row[o], row[by] if by else None, wanted), EdgeEvidence())
        return PatternEdge(
            source=link(row[s]),
            relation=triple.relation,
            target=link(row[o]),
            transitive=triple.transitive,
            according_to=link(row[by]) if by else None,
            evidence_count=len(found.events),
            statuses=found.statuses(),
            corroboration=len(found.articles),
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


# No ORDER BY: sorting the solutions cost more than the lookups (40 ms against 14 for a hub's 660 backers).
_LABELS = "SELECT ?actor ?label WHERE {\n  VALUES ?actor { %s }\n  ?actor rdfs:label ?label\n}"


def _labels(runner: Runner, actors: set[ox.NamedNode]) -> dict[ox.NamedNode, str]:
    """The first (in code-point order) rdfs:label of each actor."""
    found: dict[ox.NamedNode, str] = {}
    if actors:
        for row in query_anchored(runner, _PROLOGUE + _LABELS % " ".join(sorted(map(str, actors)))):
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


def _evidence(runner: Runner, edges: set[EdgeKey], min_confidence: float | None = None) -> dict[EdgeKey, EdgeEvidence]:
    """Per edge key: the events that state it with one of its statuses (and its source, when it has one)."""
    if not edges:
        return {}
    # Direct edges exist for umbrella relations too (trains ⊑ backs), so count the whole family's events.
    # The families are matched here, not joined in the query: a VALUES of (family, member) pairs made
    # Oxigraph scan the events of the family instead of the actors' (4 ms instead of 0.6 at 100k triples).
    families = {name: relation_family(name) for name in {key[1] for key in edges}}
    members = sorted(set().union(*families.values()))
    pairs, events = _plan({(key[0], key[2]) for key in edges}, degrees(runner))
    by_pair: dict[tuple, list[EdgeKey]] = {}
    for key in edges:
        by_pair.setdefault((key[0], key[2]), []).append(key)
    # A float formatted by Python, never user text.
    floor = "" if min_confidence is None else f"FILTER(?confidence >= {float(min_confidence)!r})"
    sparql = (
        _PROLOGUE
        + "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
        + _EVIDENCE % (pairs, ", ".join(f"ckg:{name}" for name in members), floor)
    )
    # Few events: here, without the worker's round trip; many: in a worker, under its hard time limit.
    found = query_anchored(runner, sparql) if events <= ANCHORED_EVENTS else runner.query(sparql)
    collected: dict[EdgeKey, EdgeEvidence] = {}
    for row in sorted(found, key=_most_confident_first):
        relation, status = slug_of(row["relation"].value), slug_of(row["status"].value)
        for key in by_pair.get((row["s"], row["o"]), ()):
            if relation in families[key[1]] and status in key[4] and key[3] in (None, row["by"]):
                _add(collected.setdefault(key, EdgeEvidence()), row, status)
    _first_words(runner, collected.values())
    return collected


def _most_confident_first(row: ox.QuerySolution) -> tuple:
    """Each pair's events together, the most confident first (no confidence last), ties by event IRI."""
    confidence = row["confidence"]
    return (
        row["s"].value,
        row["o"].value,
        -float(confidence.value) if confidence is not None else float("inf"),
        row["event"].value,
    )


def _add(edge: EdgeEvidence, row: ox.QuerySolution, status: str) -> None:
    event = row["event"].value
    if event in edge.events:
        return
    edge.events[event] = status
    if row["article"] is not None:
        edge.articles.add(row["article"].value)
    if row["by"] is not None and row["by"] not in edge.sources:
        edge.sources.append(row["by"])
    if edge.first_event is None:
        edge.first_event, edge.first = row["event"], ("", status, None)


def _first_words(runner: Runner, edges: Iterable[EdgeEvidence]) -> None:
    """Each edge's first event's sentence and attribution words, read for those events only."""
    sharing: dict[ox.NamedNode, list[EdgeEvidence]] = {}
    for edge in edges:
        if edge.first_event is not None:  # edges of one pair asked with other statuses may share a first event
            sharing.setdefault(edge.first_event, []).append(edge)
    if not sharing:
        return
    for row in query_anchored(runner, _PROLOGUE + _WORDS % " ".join(sorted(map(str, sharing)))):
        for edge in sharing.pop(row["event"], ()):
            edge.first = (
                row["sentence"].value,
                edge.first[1],
                row["words"].value if row["words"] is not None else None,
            )
