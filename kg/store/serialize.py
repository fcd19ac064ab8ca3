"""Writing triples and quads as RDF files: pyoxigraph's writers, and compacted JSON-LD with an @context.

pyoxigraph writes expanded JSON-LD (full IRIs, every value an object). A reader wants the short form:
`{"@context": {"ckg": …, "actor": …}, "@graph": [{"@id": "actor:iran", "ckg:backs": {"@id": "actor:…"}}]}`.
This writer streams it: one node object per run of triples with the same subject (a subject met again later
gets another node object, which JSON-LD merges on reading), so a large graph is never whole in memory.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespaces import PREFIXES

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
CONTEXT = {name: str(namespace) for name, namespace in PREFIXES.items()}


def write_rdf(items: Iterable[ox.Triple | ox.Quad], output: BinaryIO, fmt: ox.RdfFormat) -> None:
    """`items` written to `output` in `fmt`; JSON-LD compacted with the project's prefixes as its @context."""
    if fmt == ox.RdfFormat.JSON_LD:
        write_compact_jsonld(items, output)
    else:
        ox.serialize(items, output, fmt, prefixes=CONTEXT)  # type: ignore[arg-type]  # all triples or all quads


def write_compact_jsonld(triples: Iterable[ox.Triple | ox.Quad], output: BinaryIO) -> None:
    """A JSON-LD document: the prefixes as @context, one node object per subject run in @graph."""
    output.write(b'{"@context":' + _json(CONTEXT) + b',"@graph":[')
    for index, node in enumerate(_nodes(triples)):
        output.write((b",\n" if index else b"\n") + _json(node))
    output.write(b"\n]}\n")


def _nodes(triples: Iterable[ox.Triple | ox.Quad]) -> Iterator[dict]:
    for subject, group in groupby(triples, key=lambda t: t.subject):
        node: dict = {"@id": _node_id(subject)}
        for triple in group:
            if triple.predicate.value == _RDF_TYPE and isinstance(triple.object, ox.NamedNode):
                node.setdefault("@type", []).append(compact(triple.object.value))
                continue
            key = compact(triple.predicate.value)
            node.setdefault(key, []).append(_object(triple.object))
        yield {name: value[0] if isinstance(value, list) and len(value) == 1 else value for name, value in node.items()}


def compact(iri: str) -> str:
    """`prefix:local` for an IRI under one of the prefixes (when the local part is a safe suffix), else the IRI."""
    for name, namespace in CONTEXT.items():
        local = iri[len(namespace) :]
        if iri.startswith(namespace) and local and not local.startswith("//") and ":" not in local:
            return f"{name}:{local}"
    return iri


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _object(term) -> dict | str:
    if isinstance(term, (ox.NamedNode, ox.BlankNode)):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value in (_XSD_STRING, _LANG_STRING):
        return term.value
    # The lexical form as written, typed: "0.85"^^xsd:decimal stays 0.85, not a JSON float.
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
