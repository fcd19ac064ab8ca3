"""SPARQL as the engine reads it: the errors a query or update can meet, and results written by media type.

There is no pre-parse: pyoxigraph's own parser is the only one that reads user SPARQL, where it runs
(kg.query.runner, in a process or thread cut off the network), so no second parser can disagree with
it about where a comment ends or what a keyword spells.
"""
from __future__ import annotations

import pyoxigraph as ox

from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS
from kg.store import QueryResult

RESULT_TYPES = RESULT_FORMATS
GRAPH_TYPES = GRAPH_FORMATS


class QuerySyntaxError(ValueError):
    """The text is not valid SPARQL; the message is the engine's parser's."""


class QueryRefused(ValueError):
    """Valid SPARQL that this endpoint will not run (an update sent as a query, or the other way round)."""


class UpdateSentAsQuery(QueryRefused):
    """A SPARQL Update sent to the query endpoint."""


class QuerySentAsUpdate(QueryRefused):
    """A SPARQL query sent to the update endpoint."""


class NotAcceptable(ValueError):
    """The client accepts no media type for this kind of answer (`solutions` or `graph`)."""

    def __init__(self, kind: str) -> None:
        super().__init__(f"no acceptable media type for a {kind} answer")
        self.kind = kind


def serialize(result: QueryResult, media_type: str) -> bytes:
    """Bytes of `result` in `media_type` (one of RESULT_TYPES or GRAPH_TYPES, as fits the result)."""
    if isinstance(result, ox.QueryTriples):
        return result.serialize(format=GRAPH_TYPES[media_type])
    if isinstance(result, list) and not hasattr(result, "variables"):  # triples already read
        return ox.serialize(result, format=GRAPH_TYPES[media_type])
    return result.serialize(format=RESULT_TYPES[media_type])


def rows(result: QueryResult) -> list[dict[str, str]]:
    """SELECT solutions as plain dicts of strings (unbound variables left out)."""
    names = [v.value for v in result.variables]
    return [{name: solution[name].value for name in names if solution[name] is not None} for solution in result]
