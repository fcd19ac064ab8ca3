"""SELECT solutions written in the four SPARQL result formats, at most N rows.

pyoxigraph can only serialise a whole QuerySolutions iterator, so a capped answer needs these small writers.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.formats import GRAPHS, SOLUTIONS, SPARQL_CSV, SPARQL_JSON, SPARQL_TSV, SPARQL_XML, rdf_formats, results_formats
from kg.limits import AnswerTooLarge, QueryTimeout  # noqa: F401 - below kg.store (an engine's timeout can be one); re-exported

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


# What a SPARQL answer comes in (kg.formats), by media type: the worker writes them, the runner reads them.
RESULT_FORMATS = results_formats(SOLUTIONS)
GRAPH_FORMATS = rdf_formats(GRAPHS)


@dataclass(frozen=True)
class Table:
    """The first solutions of a SELECT, and whether more were left out."""

    variables: list[str]
    rows: list[list[ox.NamedNode | ox.BlankNode | ox.Literal | None]]
    truncated: bool


def collect(solutions: ox.QuerySolutions, limit: float, max_bytes: float = float("inf")) -> Table:
    """Read up to `limit` solutions, raising AnswerTooLarge once the terms' text passes `max_bytes` (before a
    writer ever holds them all)."""
    variables = [v.value for v in solutions.variables]
    rows: list[list] = []
    size = 0
    try:
        # One solution past the limit says whether rows were left out; a solution iterates its terms in the order
        # of the variables (None where unbound), which is cheaper than asking for each by name.
        for solution in itertools.islice(solutions, None if limit == math.inf else int(limit) + 1):
            row = list(solution)
            size += sum(map(_text_size, filter(None, row)))
            if size > max_bytes:
                raise AnswerTooLarge(f"the answer is larger than {max_bytes:.0f} bytes")
            rows.append(row)
        if len(rows) > limit:
            rows.pop()
            return Table(variables, rows, truncated=True)
        # An engine's store (kg.store.remote) says when the engine itself cut the answer at its own cap.
        return Table(variables, rows, truncated=getattr(solutions, "truncated", False))
    finally:
        del solutions  # a traceback through this frame must not keep the (thread-bound) iterator alive


def _text_size(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> int:
    return len(term.value) if hasattr(term, "value") else len(str(term))


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != _XSD_STRING:
            found["datatype"] = term.datatype.value
        return found
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def write_json(table: Table) -> bytes:
    bindings = [
        {name: _json_term(term) for name, term in zip(table.variables, row) if term is not None} for row in table.rows
    ]
    document = {"head": {"vars": table.variables}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (_XSD_STRING, _RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    return (
        f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
        f"</predicate><object>{_xml_term(term.object)}</object></triple>"
    )


def write_xml(table: Table) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    parts += [f"<variable name={quoteattr(name)}/>" for name in table.variables]
    parts.append("</head><results>")
    for row in table.rows:
        parts.append("<result>")
        parts += [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(table.variables, row)
            if term is not None
        ]
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def _csv_value(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def write_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.variables)
    writer.writerows([_csv_value(term) for term in row] for row in table.rows)
    return buffer.getvalue().encode()


def write_tsv(table: Table) -> bytes:
    # str() of a pyoxigraph term is its N-Triples form, which is what TSV results carry.
    lines = ["\t".join(f"?{name}" for name in table.variables)]
    lines += ["\t".join("" if term is None else str(term) for term in row) for row in table.rows]
    return ("\n".join(lines) + "\n").encode()


WRITERS: dict[str, Callable[[Table], bytes]] = {
    SPARQL_JSON.media_type: write_json,
    SPARQL_XML.media_type: write_xml,
    SPARQL_CSV.media_type: write_csv,
    SPARQL_TSV.media_type: write_tsv,
}
