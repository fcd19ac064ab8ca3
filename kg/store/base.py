"""The store interface every back-end implements, and the errors they share."""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO, Protocol, Union

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from kg.limits import QueryTimeout

QueryResult = Union[ox.QuerySolutions, ox.QueryBoolean, ox.QueryTriples]


class StoreError(RuntimeError):
    """The store could not do what was asked; the message says why."""


class StoreBusyError(StoreError):
    """Another process holds the on-disk store (e.g. a running `kg serve`)."""


class StoreUnavailable(StoreError):
    """An external engine could not be reached, or did not answer."""


class StoreTimeout(QueryTimeout, StoreUnavailable):
    """An external engine did not answer a query within KG_QUERY_TIMEOUT: a QueryTimeout (503) like any other."""


class Readable(Protocol):
    """Anything that answers SPARQL: a Store, or kg.query's QueryRunner (which adds the time limit)."""

    def query(self, sparql: str, *, substitutions: dict | None = None) -> QueryResult: ...


class Store(Protocol):
    """A triple store: query, update, atomic adds and export. Results are pyoxigraph objects."""

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult: ...

    def update(self, sparql: str) -> None: ...

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        """Add `triples` in one transaction: all or none."""

    def dump(self, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> bytes: ...

    def __len__(self) -> int: ...

    def close(self) -> None: ...

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> None:
        """Write what `dump` returns to `output` as it is produced (TriG and N-Quads keep graph names)."""


def to_oxigraph(term) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as the pyoxigraph term with the same value."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    raise TypeError(f"not an RDF term: {term!r}")


def to_quads(triples: Iterable[tuple], graph: URIRef | None = None) -> list[ox.Quad]:
    graph_name = ox.NamedNode(str(graph)) if graph is not None else ox.DefaultGraph()
    return [ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), graph_name) for s, p, o in triples]
