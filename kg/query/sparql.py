"""SPARQL checked before it runs: syntax, read-only, no SERVICE or LOAD; results by media type."""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from pyparsing import ParseBaseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from kg.model import PREFIXES
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import QueryResult, Store

RESULT_TYPES = RESULT_FORMATS
GRAPH_TYPES = GRAPH_FORMATS
# rdflib's SPARQL parser (pyparsing) is not thread-safe (RDFLib/rdflib#1282): concurrent parses
# fail inside pyparsing, and the API parses on a thread pool.
_PARSER_LOCK = threading.Lock()
FORBIDDEN = {"ServiceGraphPattern": "SERVICE (federated queries)", "Load": "LOAD"}


class QuerySyntaxError(ValueError):
    """The text is not valid SPARQL; the message is the parser's."""


class QueryRefused(ValueError):
    """Valid SPARQL that this endpoint will not run (updates, SERVICE, LOAD)."""


@dataclass(frozen=True)
class CheckedQuery:
    text: str
    form: str  # SELECT, ASK, CONSTRUCT or DESCRIBE

    @property
    def returns_graph(self) -> bool:
        return self.form in ("CONSTRUCT", "DESCRIBE")


@lru_cache(maxsize=512)
def check_query(text: str) -> CheckedQuery:
    """Parse a read-only query; raise QuerySyntaxError or QueryRefused."""
    try:
        with _PARSER_LOCK:
            parsed = parseQuery(text)
    except ParseBaseException as exc:
        if _is_update(text):
            raise QueryRefused("this endpoint is read-only: send SPARQL Update to POST /update") from None
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    _refuse_forbidden(parsed)
    form = parsed[1].name.removesuffix("Query").upper()
    return CheckedQuery(text, form)


def check_update(text: str) -> None:
    """Parse a SPARQL Update; raise QuerySyntaxError, or QueryRefused for LOAD and SERVICE."""
    try:
        with _PARSER_LOCK:
            parsed = parseUpdate(text)
    except ParseBaseException as exc:
        raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from None
    _refuse_forbidden(parsed)


def parse_update(text: str):
    """rdflib's parse of a SPARQL Update (raises pyparsing's ParseBaseException), under the parser lock."""
    with _PARSER_LOCK:
        return parseUpdate(text)


def _is_update(text: str) -> bool:
    try:
        with _PARSER_LOCK:
            parseUpdate(text)
    except ParseBaseException:
        return False
    return True


def _refuse_forbidden(parsed) -> None:
    for node in _walk(parsed):
        if isinstance(node, CompValue) and node.name in FORBIDDEN:
            raise QueryRefused(f"{FORBIDDEN[node.name]} is not allowed: this service makes no outbound requests")


def _walk(node) -> Iterator:
    stack = [node]
    while stack:
        item = stack.pop()
        yield item
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)) or hasattr(item, "asList"):
            stack.extend(list(item))


def run_query(store: Store, text: str) -> tuple[CheckedQuery, QueryResult]:
    """Check then evaluate `text` on `store`."""
    checked = check_query(text)
    return checked, evaluate(store, checked)


def evaluate(store: Store, checked: CheckedQuery) -> QueryResult:
    """Evaluate an already checked query."""
    try:
        return store.query(checked.text)
    except SyntaxError as exc:  # pyoxigraph's parser is stricter in places than rdflib's
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None


_POSITION = re.compile(r"error at (\d+):(\d+)")
_PREFIXED_NAME_END = re.compile(r"([A-Za-z][\w.-]*)?:[\w.%-]*$")


def describe_syntax_error(text: str, message: str) -> str:
    """One readable line for an engine's syntax error on `text`: pyoxigraph's lists character ranges.

    An undeclared prefix is named, with the PREFIX line to add when it is one of ours."""
    found = _POSITION.search(message)
    if found is None:
        first = message.splitlines()[0] if message else "SPARQL syntax error"
        return first if len(first) <= 300 else first[:300] + "…"
    line, column = int(found[1]), int(found[2])
    lines = text.splitlines() or [""]
    source = lines[min(line, len(lines)) - 1]
    name = _PREFIXED_NAME_END.search(source[:max(column - 1, 0)])
    if "Prefix not found" in message and name is not None:
        prefix = name.group(1) or ""
        known = PREFIXES.get(prefix)
        add = f"add PREFIX {prefix}: <{known}>" if known is not None else f"declare it: PREFIX {prefix}: <…>"
        return f"SPARQL syntax error at {line}:{column}: the prefix {prefix}: is not declared; {add}"
    near = source[max(column - 1, 0):][:30].strip()
    return f"SPARQL syntax error at {line}:{column}" + (f", near {near!r}" if near else ", at the end of the query")


def serialize(result: QueryResult, media_type: str) -> bytes:
    """Bytes of `result` in `media_type` (one of RESULT_TYPES or GRAPH_TYPES, as fits the result)."""
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=GRAPH_TYPES[media_type])
    if isinstance(result, list):  # triples already read, e.g. from an external engine
        return ox.serialize(result, format=GRAPH_TYPES[media_type])
    return result.serialize(format=RESULT_TYPES[media_type])


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT solutions as plain dicts of strings (unbound variables left out)."""
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]
