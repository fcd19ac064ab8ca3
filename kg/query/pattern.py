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
from kg.query.views import ActorLink
from kg.store.base import QueryResult

_TOKENS = re.compile(r'(?P<space>\s+)|(?P<var>\?[A-Za-z_][A-Za-z0-9_]*)|(?P<quoted>"(?:[^"\\]|\\.)*")'
                     r"|(?P<word>\w[\w-]*)|(?P<plus>\+)|(?P<dot>\.)", re.S)
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
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
    found = f"found {_quote(tokens[at].text)} at character {tokens[at].position}" if at < len(tokens) else \
        "the pattern ended"
    raise PatternSyntaxError(f"pattern syntax error: expected {wanted}, {found}")


def check_relation(text: str, position: int = 0) -> str:
    """The ontology's relation name for `text` (any case); raises UnknownRelation with close names."""
    known = relations()
    if text in known:
        return text
    folded = {name.casefold(): name for name in known}
    if text.casefold() in folded:
        return folded[text.casefold()]
    close = [name for name, _, _ in process.extract(text, sorted(known), scorer=fuzz.WRatio,
                                                   processor=utils.default_process, limit=3, score_cutoff=60)]
    hint = f"did you mean {', '.join(close)}?" if close else f"known: {', '.join(sorted(known))}"
    where = f" at character {position}" if position else ""
    raise UnknownRelation(f"unknown relation {_quote(text)}{where}; {hint}")


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


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
_NAMES = """SELECT DISTINCT ?actor ?name WHERE {
  { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name } FILTER(STRSTARTS(STR(?actor), "%s"))
}"""


def resolve_names(runner: Runner, names: Iterable[str]) -> dict[str, list[ox.NamedNode]]:
    """Actors per name: by slug, else label, else alias, ignoring case; raises UnknownActor with close names."""
    wanted = sorted(set(names))
    if not wanted:
        return {}
    # str() of a pyoxigraph Literal is its escaped N-Triples form: the user's text stays a value.
    sparql = _PROLOGUE + _RESOLVE % (" ".join(str(ox.Literal(name)) for name in wanted), ACTOR, ACTOR)
    best: dict[str, tuple[int, list[ox.NamedNode]]] = {}
    for row in runner.query(sparql):
        name, rank = row["q"].value, int(row["rank"].value)
        kept_rank, actors = best.get(name, (rank, []))
        if rank < kept_rank:
            kept_rank, actors = rank, []
        if rank == kept_rank and row["actor"] not in actors:
            actors.append(row["actor"])
        best[name] = (kept_rank, actors)
    missing = [name for name in wanted if name not in best]
    if missing:
        raise UnknownActor("; ".join(_unknown(name, _all_names(runner)) for name in missing))
    return {name: sorted(actors, key=str) for name, (_, actors) in best.items()}


def _all_names(runner: Runner) -> list[tuple[str, str]]:
    """(name, slug) for every actor's slug, label and alias."""
    found = {(row["name"].value, slug_of(row["actor"].value)) for row in runner.query(_PROLOGUE + _NAMES % ACTOR)}
    return sorted(found | {(slug, slug) for _, slug in found})


def _unknown(name: str, known: list[tuple[str, str]]) -> str:
    matches = process.extract(name, [text for text, _ in known], scorer=fuzz.WRatio,
                              processor=utils.default_process, limit=20, score_cutoff=70)
    close: dict[str, str] = {}
    for _, _, index in matches:
        text, slug = known[index]
        close.setdefault(slug, f"{_quote(text)} ({slug})" if text != slug else slug)
    hint = f"did you mean {', '.join(list(close.values())[:5])}?" if close else "use a slug, label or alias from /actors"
    return f"no actor is called {_quote(name)}; {hint}"


@dataclass(frozen=True)
class CompiledPattern:
    sparql: str
    variables: list[str]  # the user's, in order of appearance
    slots: list[tuple[str, str]]  # per triple: the SPARQL variables of its subject and object


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
                values.append(f"  VALUES ?{ends[-1]} {{ {' '.join(str(iri) for iri in actors[term.text])} }}")
        # Relation names come from check_relation: ontology local names, safe to write as ckg: terms.
        lines.append(f"  ?{ends[0]} ckg:{triple.relation}{'+' if triple.transitive else ''} ?{ends[1]} .")
        slots.append((ends[0], ends[1]))
    columns = list(dict.fromkeys(name for pair in slots for name in pair))
    head = " ".join(f"?{name}" for name in columns)
    sparql = (f"{_PROLOGUE}SELECT DISTINCT {head} WHERE {{\n" + "\n".join(values + lines) +
              f"\n}}\nORDER BY {head}\nLIMIT {int(limit)}")
    return CompiledPattern(sparql, variables, slots)
