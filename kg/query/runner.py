"""Queries under the service's limits: KG_QUERY_TIMEOUT and KG_MAX_RESULTS."""
from __future__ import annotations

import time
from dataclasses import dataclass

import pyoxigraph as ox

from kg.query.results import WRITERS, QueryTimeout, collect
from kg.query.sparql import CheckedQuery, QuerySyntaxError, serialize
from kg.store.base import QueryResult, Store


@dataclass(frozen=True)
class Dataset:
    """The SPARQL Protocol's default-graph-uri and named-graph-uri, as IRIs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def options(self) -> dict:
        """Keyword arguments for pyoxigraph's Store.query."""
        found = {}
        if self.default_graphs:
            found["default_graph"] = [ox.NamedNode(iri) for iri in self.default_graphs]
        if self.named_graphs:
            found["named_graphs"] = [ox.NamedNode(iri) for iri in self.named_graphs]
        return found


@dataclass(frozen=True)
class Answer:
    """A serialised query answer, and whether rows were cut at the result cap."""

    body: bytes
    media_type: str
    truncated: bool


class QueryRunner:
    """Runs queries on a store within a time limit and a result cap."""

    def __init__(self, store: Store, *, timeout: float, max_results: int) -> None:
        self.store = store
        self.timeout = timeout
        self.max_results = max_results

    def answer(self, checked: CheckedQuery, media_type: str, dataset: Dataset = Dataset()) -> Answer:
        """`checked` evaluated and written in `media_type`; raises QueryTimeout past the limit."""
        result = _evaluate(self.store, checked.text, dataset.options())
        try:
            if checked.form != "SELECT":
                return Answer(serialize(result, media_type), media_type, False)
            table = collect(result, self.max_results, time.monotonic() + self.timeout)
            return Answer(WRITERS[media_type](table), media_type, table.truncated)
        finally:
            # pyoxigraph result iterators must die on the thread that made them (pyo3 "unsendable").
            del result

    def query(self, sparql: str, *, substitutions: dict | None = None) -> QueryResult:
        """Results of one of our own queries (views, patterns), as Store.query gives them."""
        return self.store.query(sparql, substitutions=substitutions)

    def close(self) -> None:
        """Release what the runner holds (not the store)."""


def _evaluate(store: Store, text: str, options: dict) -> QueryResult:
    try:
        return store.query(text, **options)
    except SyntaxError as exc:  # pyoxigraph's parser is stricter in places than rdflib's
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None


__all__ = ["Answer", "Dataset", "QueryRunner", "QueryTimeout"]
