"""SHACL validation of a graph as it is stored (or as a file holds it) against ontology/shapes.ttl."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from kg.model import PREFIXES, ontology, shapes_path
from kg.store.base import Store, load_error, rdf_format


@dataclass(frozen=True)
class Violation:
    """One kind of violation: the shape's property path and message, how often, and one node that has it."""

    path: str
    message: str
    count: int
    example: str


@dataclass(frozen=True)
class ShapeReport:
    """What SHACL found in `triples` triples of data (the ontology is added to them, not counted)."""

    triples: int
    violations: list[Violation] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not self.violations

    @property
    def total(self) -> int:
        return sum(v.count for v in self.violations)


def validate_store(store: Store) -> ShapeReport:
    """Validate the store's data as the store gives it back (its default graph, read in N-Triples)."""
    data = Graph().parse(data=store.dump(ox.RdfFormat.N_TRIPLES), format="nt")
    return validate_graph(data)


def validate_file(path: Path, format: ox.RdfFormat | None = None) -> ShapeReport:
    """Validate an RDF file (any format `kg load` reads; graph names are ignored).

    Raises LoadError (a StoreError) naming the file, line and column when it does not parse."""
    fmt = rdf_format(path, format)
    try:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(path), format=fmt)]
    except SyntaxError as exc:
        raise load_error(exc, path) from None
    except OSError as exc:
        raise load_error(SyntaxError(exc.strerror or str(exc)), path) from None
    buffer = io.BytesIO()
    ox.serialize(triples, buffer, ox.RdfFormat.N_TRIPLES)
    return validate_graph(Graph().parse(data=buffer.getvalue(), format="nt"))


def validate_graph(data: Graph) -> ShapeReport:
    """Validate `data` (with the ontology mixed in, so subclasses count) against the shipped shapes."""
    import pyshacl  # a second or two to import: only when asked

    shapes = Graph().parse(shapes_path(), format="turtle")
    _, results, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology(), inference="none", allow_warnings=True
    )
    return ShapeReport(len(data), _violations(results))


def _violations(results: Graph) -> list[Violation]:
    counts: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for result in results.subjects(SH.resultSeverity, SH.Violation):
        key = (short(results.value(result, SH.resultPath)), str(results.value(result, SH.resultMessage) or ""))
        counts[key] += 1
        examples.setdefault(key, short(results.value(result, SH.focusNode)))
    return [
        Violation(path, message, count, examples[(path, message)]) for (path, message), count in counts.most_common()
    ]


def short(term) -> str:
    """`ckg:charStart` for an IRI in a known namespace, the term as text otherwise ('' for none)."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for name, namespace in PREFIXES.items():
            if str(term).startswith(str(namespace)):
                return f"{name}:{str(term)[len(str(namespace)) :]}"
    return str(term)


__all__ = ["ShapeReport", "Violation", "short", "validate_file", "validate_graph", "validate_store"]
