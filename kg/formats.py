"""The RDF and SPARQL results formats conflict-kg reads and writes: one table for every layer.

Each format has the name `--format` gives it, its media type, its file extension and the pyoxigraph format
that reads and writes it, with the other names content negotiation accepts for it (media type aliases and
short `format=` values). The store, the query layer, the API and the CLI each pick the formats they offer
from here; imports nothing of the project but its error tree, so any layer can read it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

import pyoxigraph as ox

from kg.errors import UnknownName


@dataclass(frozen=True)
class RdfSyntax:
    """An RDF serialisation: a graph (or, for N-Quads and TriG, a dataset) as a file or an HTTP body."""

    name: str  # the `--format` value of kg export and kg load
    media_type: str
    extension: str  # without the dot
    oxigraph: ox.RdfFormat
    aliases: tuple[str, ...] = ()  # other media types clients send for it
    short_names: tuple[str, ...] = ()  # `format=` values GET /sparql takes for it


@dataclass(frozen=True)
class ResultsSyntax:
    """A SPARQL results format: the solutions of a SELECT or the answer of an ASK."""

    name: str
    media_type: str
    extension: str
    oxigraph: ox.QueryResultsFormat
    aliases: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()


TURTLE = RdfSyntax(
    "turtle",
    "text/turtle",
    "ttl",
    ox.RdfFormat.TURTLE,
    aliases=("application/x-turtle", "application/turtle"),
    short_names=("turtle", "ttl"),
)
N_TRIPLES = RdfSyntax(
    "nt",
    "application/n-triples",
    "nt",
    ox.RdfFormat.N_TRIPLES,
    aliases=("text/plain",),  # N-Triples was served as text/plain before it had its own type
    short_names=("ntriples", "n-triples", "nt"),
)
N_QUADS = RdfSyntax("nq", "application/n-quads", "nq", ox.RdfFormat.N_QUADS)
TRIG = RdfSyntax("trig", "application/trig", "trig", ox.RdfFormat.TRIG)
JSON_LD = RdfSyntax(
    "jsonld",
    "application/ld+json",
    "jsonld",
    ox.RdfFormat.JSON_LD,
    aliases=("application/json", "application/x-json+ld"),
    short_names=("jsonld", "json-ld", "json"),
)
RDF_XML = RdfSyntax(
    "xml",
    "application/rdf+xml",
    "rdf",
    ox.RdfFormat.RDF_XML,
    aliases=("application/xml", "text/xml"),
    short_names=("rdfxml", "rdf/xml", "xml", "rdf"),
)
N3 = RdfSyntax("n3", "text/n3", "n3", ox.RdfFormat.N3)

SPARQL_JSON = ResultsSyntax(
    "json",
    "application/sparql-results+json",
    "srj",
    ox.QueryResultsFormat.JSON,
    aliases=("application/json",),
    short_names=("json", "srj"),
)
SPARQL_XML = ResultsSyntax(
    "xml",
    "application/sparql-results+xml",
    "srx",
    ox.QueryResultsFormat.XML,
    aliases=("application/xml", "text/xml"),
    short_names=("xml", "srx"),
)
SPARQL_CSV = ResultsSyntax("csv", "text/csv", "csv", ox.QueryResultsFormat.CSV, short_names=("csv",))
SPARQL_TSV = ResultsSyntax(
    "tsv",
    "text/tab-separated-values",
    "tsv",
    ox.QueryResultsFormat.TSV,
    aliases=("text/tsv",),
    short_names=("tsv",),
)

# Every format kg reads (kg load, kg validate FILE), in the order kg load --help lists them.
RDF_SYNTAXES = (N_TRIPLES, N_QUADS, TURTLE, TRIG, RDF_XML, JSON_LD, N3)
# What the whole graph is written in (kg export, GET /export), the default first.
EXPORTS = (TURTLE, JSON_LD, N_TRIPLES, TRIG)
# Formats that carry graph names: a file in one of them is a dataset, not one graph.
DATASETS = (N_QUADS, TRIG)
# What a SPARQL answer comes in, the default first: solutions (SELECT, ASK) and graphs (CONSTRUCT, DESCRIBE).
SOLUTIONS = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
GRAPHS = (TURTLE, N_TRIPLES, JSON_LD, RDF_XML)


def rdf_syntax(name: str) -> RdfSyntax:
    """The RDF format a `--format` value names (`turtle`, `nt`, `jsonld`…); UnknownName otherwise."""
    found = next((syntax for syntax in RDF_SYNTAXES if syntax.name == name), None)
    if found is None:
        raise UnknownName(f"unknown RDF format {name!r}; known: {', '.join(s.name for s in RDF_SYNTAXES)}")
    return found


def results_syntax(name: str) -> ResultsSyntax:
    """The SPARQL results format a short name names (`json`, `xml`, `csv`, `tsv`); UnknownName otherwise."""
    found = next((syntax for syntax in SOLUTIONS if syntax.name == name), None)
    if found is None:
        raise UnknownName(f"unknown SPARQL results format {name!r}; known: {', '.join(s.name for s in SOLUTIONS)}")
    return found


def rdf_for_media_type(media_type: str) -> RdfSyntax | None:
    """The RDF format of a Content-Type (parameters and case ignored, aliases known), or None."""
    return _by_media_type(RDF_SYNTAXES, media_type)


def results_for_media_type(media_type: str) -> ResultsSyntax | None:
    """The SPARQL results format of a Content-Type (parameters and case ignored, aliases known), or None."""
    return _by_media_type(SOLUTIONS, media_type)


def rdf_for_extension(extension: str) -> RdfSyntax | None:
    """The RDF format a file extension names (`ttl` or `.ttl`, any case), or None."""
    wanted = extension.lower().removeprefix(".")
    return next((syntax for syntax in RDF_SYNTAXES if syntax.extension == wanted), None)


def rdf_formats(syntaxes: Iterable[RdfSyntax]) -> dict[str, ox.RdfFormat]:
    """Media type → pyoxigraph RDF format, in the order given."""
    return {syntax.media_type: syntax.oxigraph for syntax in syntaxes}


def results_formats(syntaxes: Iterable[ResultsSyntax]) -> dict[str, ox.QueryResultsFormat]:
    """Media type → pyoxigraph results format, in the order given."""
    return {syntax.media_type: syntax.oxigraph for syntax in syntaxes}


_Syntax = TypeVar("_Syntax", RdfSyntax, ResultsSyntax)


def _by_media_type(syntaxes: Iterable[_Syntax], media_type: str) -> _Syntax | None:
    wanted = media_type.split(";")[0].strip().lower()
    return next((syntax for syntax in syntaxes if wanted == syntax.media_type or wanted in syntax.aliases), None)


__all__ = [
    "DATASETS",
    "EXPORTS",
    "GRAPHS",
    "JSON_LD",
    "N3",
    "N_QUADS",
    "N_TRIPLES",
    "RDF_SYNTAXES",
    "RDF_XML",
    "SOLUTIONS",
    "SPARQL_CSV",
    "SPARQL_JSON",
    "SPARQL_TSV",
    "SPARQL_XML",
    "TRIG",
    "TURTLE",
    "RdfSyntax",
    "ResultsSyntax",
    "rdf_for_extension",
    "rdf_for_media_type",
    "rdf_formats",
    "rdf_syntax",
    "results_for_media_type",
    "results_formats",
    "results_syntax",
]
