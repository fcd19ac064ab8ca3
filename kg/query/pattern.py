"""The pattern language: `?x backs assad-regime . ?x strikes+ "the coalition"` → safe SPARQL → rows.

Grammar: triples `S REL O` joined by ` . `; S and O are `?variables`, actor slugs, or double-quoted
labels or aliases (backslash escapes the next character); REL is an ontology relation name,
with `+` for a chain of one or more edges. User text never becomes SPARQL syntax: names are
bound as literals or resolved actor IRIs in VALUES clauses, and relation names are checked
against the ontology before they are written out.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox
from pydantic import BaseModel, Field
from rapidfuzz import fuzz, process, utils

from kg.model import ACTOR, CKG, relation_family, relations, slug_of
from kg.query.runner import query_anchored
from kg.query.views import ActorLink
from kg.store.base import QueryResult

_TOKENS = re.compile(r'(?P<space>\s+)|(?P<var>\?[A-Za-z_][A-Za-z0-9_]*)|(?P<quoted>"(?:[^"\\]|\\.)*")'
                     r"|(?P<word>\w[\w-]*)|(?P<plus>\+)|(?P<dot>\.)", re.S)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_SURROGATE = re.compile("[\ud800-\udfff]")  # what bytes that are not UTF-8 decode to (surrogateescape)
_SPARQL_START = re.compile(r"(?:\s|#[^\n]*)*(?:SELECT|ASK|CONSTRUCT|DESCRIBE|PREFIX|BASE)\b", re.I)
_PROLOGUE = f"PREFIX ckg: <{CKG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" \
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


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
        raise PatternSyntaxError(f"pattern syntax error at character {surrogate.start() + 1}: "
                                 f"{_quote(surrogate.group())} is not a character (is the text UTF-8?)")
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
        triples.append(TriplePattern(subject, relation, transitive, obj))
        if at < len(tokens):
            _expect(tokens, at, "dot", "' . ' between triples")
            at += 1
    return triples


def _term(tokens: list[Token], at: int, role: str) -> tuple[Term, int]:
    token = _expect(tokens, at, ("var", "quoted", "word"), f"{role} (?variable, slug or \"name\")")
    if token.kind == "var":
        return Variable(token.text[1:]), at + 1
    text = re.sub(r"\\(.)", r"\1", token.text[1:-1], flags=re.S) if token.kind == "quoted" else token.text
    if not text.strip():
        raise PatternSyntaxError(f"pattern syntax error at character {token.position}: empty name")
    return Name(text.strip()), at + 1


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
    raise PatternSyntaxError(f"pattern syntax error at character {token.position}: expected {wanted}, "
                             f"found {_quote(token.text)}")


def check_relation(text: str, position: int = 0) -> str:
    """The ontology's relation name for `text` (any case); raises UnknownRelation with close names."""
    known = relations()
    if text in known:
        return text
    folded = {name.casefold(): name for name in known}
    if text.casefold() in folded:
        return folded[text.casefold()]
    close = [name for name, _, _ in process.extract(text, sorted(known), scorer=fuzz.ratio,
                                                   processor=utils.default_process, limit=3, score_cutoff=60)]
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known))}"
    where = f" at character {position}" if position else ""
    raise UnknownRelation(f"unknown relation {_quote(text)}{where}; {hint}")


def _quote(text: str) -> str:
    """`text` in double quotes, escaped as in JSON; printable (and encodable: lone surrogates escaped too)."""
    return _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", json.dumps(text, ensure_ascii=False))


class Runner(Protocol):
    """What running a pattern needs of kg.query.runner.QueryRunner."""

    max_results: int

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
    matches = process.extract(name, [text for text, _ in known], scorer=fuzz.ratio,
                              processor=utils.default_process, limit=20, score_cutoff=70)
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


def compile_pattern(pattern: list[TriplePattern], actors: dict[str, list[ox.NamedNode]], limit: int) -> CompiledPattern:
    """A SELECT over direct edges; names are VALUES of their resolved actor IRIs, never text."""
    values, lines, slots, variables = [], [], [], []
    for index, triple in enumerate(pattern):
        ends = []
        for side, term in (("s", triple.subject), ("o", triple.object)):
            if isinstance(term, Variable):
                ends.append(f"v_{term.name}")
                variables += [] if term.name in variables else [term.name]
            else:
                ends.append(f"k{index}{side}")
                iris = " ".join(str(iri) for iri in actors[term.text])
                # One actor: BIND, which Virtuoso (unlike a VALUES block) takes as the start of a REL+ chain.
                values.append(f"  BIND({iris} AS ?{ends[-1]})" if len(actors[term.text]) == 1
                              else f"  VALUES ?{ends[-1]} {{ {iris} }}")
        # Relation names come from check_relation: ontology local names, safe to write as ckg: terms.
        lines.append(f"  ?{ends[0]} ckg:{triple.relation}{'+' if triple.transitive else ''} ?{ends[1]} .")
        slots.append((ends[0], ends[1]))
    columns = list(dict.fromkeys(name for pair in slots for name in pair))
    head = " ".join(f"?{name}" for name in columns)
    sparql = (f"{_PROLOGUE}SELECT DISTINCT {head} WHERE {{\n" + "\n".join(values + lines) +
              f"\n}}\nORDER BY {head}\nLIMIT {int(limit)}")
    return CompiledPattern(sparql, variables, slots, columns)


class PatternEdge(BaseModel):
    """One triple of the pattern as a row matched it, with the events that state it."""

    source: ActorLink
    relation: str
    target: ActorLink
    transitive: bool = Field(description="Written REL+: matched by a chain of one or more edges")
    evidence_count: int = Field(0, description="Events (not negated) stating this relation, or one under it, "
                                               "directly from source to target; 0 for a chain with no direct edge")
    first_sentence: str | None = Field(None, description="The sentence of the most confident of those events")


class PatternRow(BaseModel):
    bindings: dict[str, ActorLink] = Field(description="Each variable (without ?) → the actor it matched")
    edges: list[PatternEdge] = Field(description="One per triple of the pattern, in order")


class PatternResult(BaseModel):
    """The rows that match a pattern."""

    pattern: str
    variables: list[str]
    sparql: str = Field(description="The SPARQL the pattern compiled to")
    rows: list[PatternRow]
    truncated: bool = Field(description="More rows matched than KG_MAX_RESULTS; the first ones are given")

    def flat(self) -> tuple[list[str], list[dict[str, str]]]:
        """Column names and one dict of strings per row, for tables and CSV."""
        edges = len(self.rows[0].edges) if self.rows else 0
        names = [f"{v}{suffix}" for v in self.variables for suffix in ("", "_label")]
        names += [f"edge{i}{suffix}" for i in range(1, edges + 1) for suffix in ("_events", "_sentence")]
        return names, [_flat_row(row) for row in self.rows]


def _flat_row(row: PatternRow) -> dict[str, str]:
    found = {}
    for name, actor in row.bindings.items():
        found |= {name: actor.slug, f"{name}_label": actor.label or ""}
    for i, edge in enumerate(row.edges, 1):
        found |= {f"edge{i}_events": str(edge.evidence_count), f"edge{i}_sentence": edge.first_sentence or ""}
    return found


def run_pattern(runner: Runner, text: str, *, min_confidence: float | None = None) -> PatternResult:
    """Parse, resolve, compile and run `text`, with labels and evidence; raises PatternError.

    With `min_confidence`, evidence counts only events at least that confident, and a match whose
    direct (not `+`) edge has no such event is dropped."""
    pattern = parse(text)
    actors = resolve_names(runner, (term.text for triple in pattern for term in (triple.subject, triple.object)
                                    if isinstance(term, Name)))
    compiled = compile_pattern(pattern, actors, limit=runner.max_results + 1)
    # Every triple hanging off a named actor by one edge costs that actor's degree; a `+` chain or a
    # triple of two variables can cost the whole graph, so those keep the worker's hard time limit.
    anchored = all(not t.transitive and (isinstance(t.subject, Name) or isinstance(t.object, Name)) for t in pattern)
    found = query_anchored(runner, compiled.sparql) if anchored else runner.query(compiled.sparql)
    solutions = [{name: row[name] for name in compiled.columns} for row in found]
    rows = _rows(runner, pattern, compiled, solutions[:runner.max_results], min_confidence)
    if min_confidence is not None:
        rows = [row for row in rows if all(edge.transitive or edge.evidence_count for edge in row.edges)]
    return PatternResult(pattern=text, variables=compiled.variables, sparql=compiled.sparql, rows=rows,
                         truncated=len(solutions) > runner.max_results)


def _rows(runner: Runner, pattern: list[TriplePattern], compiled: CompiledPattern,
          solutions: list[dict[str, ox.NamedNode]], min_confidence: float | None = None) -> list[PatternRow]:
    """Solutions with each actor's label and each edge's evidence."""
    labels = _labels(runner, {iri for row in solutions for iri in row.values()})
    triples = list(zip(pattern, compiled.slots))
    evidence = _evidence(runner, {(row[s], t.relation, row[o]) for row in solutions for t, (s, o) in triples},
                         min_confidence)

    def link(iri: ox.NamedNode) -> ActorLink:
        return ActorLink(slug=slug_of(iri.value), label=labels.get(iri))

    def edge(row: dict[str, ox.NamedNode], triple: TriplePattern, s: str, o: str) -> PatternEdge:
        count, sentence = evidence.get((row[s], triple.relation, row[o]), (0, None))
        return PatternEdge(source=link(row[s]), relation=triple.relation, target=link(row[o]),
                           transitive=triple.transitive, evidence_count=count, first_sentence=sentence)

    return [PatternRow(bindings={name: link(row[f"v_{name}"]) for name in compiled.variables},
                       edges=[edge(row, triple, s, o) for triple, (s, o) in triples]) for row in solutions]


_LABELS = "SELECT ?actor ?label WHERE {\n  VALUES ?actor { %s }\n  ?actor rdfs:label ?label\n} ORDER BY ?actor ?label"


def _labels(runner: Runner, actors: set[ox.NamedNode]) -> dict[ox.NamedNode, str]:
    """The (first) rdfs:label of each actor."""
    found: dict[ox.NamedNode, str] = {}
    if actors:
        for row in query_anchored(runner, _PROLOGUE + _LABELS % " ".join(sorted(map(str, actors)))):
            found.setdefault(row["actor"], row["label"].value)
    return found


ANCHORED_EDGES = 64
_EVIDENCE = """SELECT ?s ?relation ?o ?event ?sentence ?confidence WHERE {
  VALUES (?s ?o) { %s }
  ?event ckg:agent ?s ; ckg:target ?o ; ckg:relation ?relation ; ckg:negated false ; ckg:sentence ?sentence .
  FILTER(?relation IN (%s))
  OPTIONAL { ?event ckg:confidence ?confidence }
  %s
} ORDER BY ?s ?o DESC(?confidence) ?event"""


def _evidence(runner: Runner, edges: set[tuple[ox.NamedNode, str, ox.NamedNode]],
              min_confidence: float | None = None) -> dict[tuple, tuple[int, str]]:
    """Per (source, relation, target): how many asserted events state it, and the first one's sentence."""
    if not edges:
        return {}
    # Direct edges exist for umbrella relations too (trains ⊑ backs), so count the whole family's events.
    # The families are matched here, not joined in the query: a VALUES of (family, member) pairs made
    # Oxigraph scan the events of the family instead of the actors' (4 ms instead of 0.6 at 100k triples).
    families = {name: relation_family(name) for name in {relation for _, relation, _ in edges}}
    members = sorted(set().union(*families.values()))
    pairs = " ".join(sorted({f"({s} {o})" for s, _, o in edges}))
    events: dict[tuple, set[str]] = {}
    first: dict[tuple, str] = {}
    # A float formatted by Python, never user text.
    floor = "" if min_confidence is None else f"FILTER(?confidence >= {float(min_confidence)!r})"
    sparql = _PROLOGUE + _EVIDENCE % (pairs, ", ".join(f"ckg:{name}" for name in members), floor)
    # Each pair costs its agent's events, and agents can be hubs: only a few pairs run outside the worker,
    # where saving its 0.1-0.2 ms round trip matters; many pairs take long enough to need its hard limit.
    found = query_anchored(runner, sparql) if len(edges) <= ANCHORED_EDGES else runner.query(sparql)
    for row in found:
        relation = slug_of(row["relation"].value)
        for name, family in families.items():
            key = (row["s"], name, row["o"])
            if relation in family and key in edges:
                events.setdefault(key, set()).add(row["event"].value)
                first.setdefault(key, row["sentence"].value)
    return {key: (len(found), first[key]) for key, found in events.items()}
