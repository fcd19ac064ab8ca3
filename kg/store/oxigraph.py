"""Embedded Oxigraph: on disk (the default) or in memory (tests)."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef

from kg.model import ONTOLOGY_GRAPH, PREFIXES, ontology_path
from kg.store.base import QueryResult, StoreBusyError, StoreError, to_quads


class OxigraphStore:
    """A pyoxigraph store; the ontology is kept in its own named graph."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        try:
            self._store = ox.Store(str(path)) if path is not None else ox.Store()
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreBusyError(
                    f"the store at {path} is in use by another process (is `kg serve` running?)") from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc
        self._load_ontology()

    def _load_ontology(self) -> None:
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if not self._store.contains_named_graph(graph):
            self._store.load(path=str(ontology_path()), format=ox.RdfFormat.TURTLE, to_graph=graph)

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult:
        """Evaluate `sparql`; `dataset` is pyoxigraph's default_graph / named_graphs."""
        return self._store.query(sparql, substitutions=substitutions, **dataset)

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        self._store.extend(to_quads(triples, graph))

    def dump(self, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> bytes:
        graphs = [ox.DefaultGraph()] + ([ox.NamedNode(str(ONTOLOGY_GRAPH))] if include_ontology else [])
        triples = (ox.Triple(q.subject, q.predicate, q.object)
                   for graph in graphs for q in self._store.quads_for_pattern(None, None, None, graph))
        return ox.serialize(triples, format=fmt, prefixes={name: str(ns) for name, ns in PREFIXES.items()})

    def __len__(self) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store.flush()
        del self._store
