"""SPARQL as the engine reads it: the errors a query or update can meet, and results written by media type.

There is no pre-parse: pyoxigraph's own parser is the only one that reads user SPARQL, where it runs
(kg.query.runner, in a process or thread cut off the network), so no second parser can disagree with
it about where a comment ends or what a keyword spells.
"""

from __future__ import annotations

import re
from typing import cast

import pyoxigraph as ox

from kg.errors import KGError
from kg.namespaces import PREFIXES
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import QueryResult


class QuerySyntaxError(KGError, ValueError):
    """The text is not valid SPARQL; the message is the engine's parser's."""


class QueryRefused(KGError, ValueError):
    """Valid SPARQL that this endpoint will not run (an update sent as a query, or the other way round)."""


class UpdateSentAsQuery(QueryRefused):
    """A SPARQL Update sent to the query endpoint."""


class QuerySentAsUpdate(QueryRefused):
    """A SPARQL query sent to the update endpoint."""


class NotAcceptable(KGError, ValueError):
    """The client accepts no media type for this kind of answer (`solutions` or `graph`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no acceptable media type for a {kind} answer")
        self.kind = kind


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
    name = _PREFIXED_NAME_END.search(source[: max(column - 1, 0)])
    if "Prefix not found" in message and name is not None:
        prefix = name.group(1) or ""
        known = PREFIXES.get(prefix)
        add = f"add PREFIX {prefix}: <{known}>" if known is not None else f"declare it: PREFIX {prefix}: <…>"
        return f"SPARQL syntax error at {line}:{column}: the prefix {prefix}: is not declared; {add}"
    near = source[max(column - 1, 0) :][:30].strip()
    return f"SPARQL syntax error at {line}:{column}" + (f", near {near!r}" if near else ", at the end of the query")


def serialize(result: QueryResult, media_type: str) -> bytes:
    """Bytes of `result` in `media_type` (one of kg.formats' SOLUTIONS or GRAPHS, as fits the result)."""
    if isinstance(result, ox.QueryTriples):
        return cast(bytes, result.serialize(format=GRAPH_FORMATS[media_type]))  # no output given: the bytes
    if isinstance(result, list) and not hasattr(result, "variables"):  # triples already read
        return cast(bytes, ox.serialize(result, format=GRAPH_FORMATS[media_type]))
    return result.serialize(format=RESULT_FORMATS[media_type])


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT solutions as plain dicts of strings (unbound variables left out)."""
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]
