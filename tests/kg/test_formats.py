"""kg.formats: one table of RDF and SPARQL results formats; its lookups, and every user's formats as they were."""

import pyoxigraph as ox
import pytest

from api.negotiation import GRAPHS, SOLUTIONS
from api.routes.export import FORMATS as EXPORT_FORMATS
from kg import formats
from kg.cli import ExportFormat, LoadFormat
from kg.errors import UnknownName
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS, WRITERS
from kg.store import protocol

ALL = (*formats.RDF_SYNTAXES, *formats.SOLUTIONS)


@pytest.mark.parametrize("syntax", ALL, ids=lambda s: s.media_type)
def test_formats_media_type_and_extension_are_pyoxigraphs(syntax):
    # pyoxigraph adds "; charset=utf-8" to the text result formats; the media type is the part before.
    assert syntax.media_type == syntax.oxigraph.media_type.split(";")[0]
    assert syntax.extension == syntax.oxigraph.file_extension


@pytest.mark.parametrize("syntax", formats.RDF_SYNTAXES, ids=lambda s: s.name)
def test_formats_rdf_lookups_find_each_format(syntax):
    assert formats.rdf_syntax(syntax.name) is syntax
    assert formats.rdf_for_media_type(syntax.media_type) is syntax
    assert formats.rdf_for_extension(syntax.extension) is syntax
    assert formats.rdf_for_extension("." + syntax.extension.upper()) is syntax
    # kg load guesses a file's format with pyoxigraph's own table (kg.store.base.rdf_format): they agree.
    assert ox.RdfFormat.from_extension(syntax.extension) == syntax.oxigraph


@pytest.mark.parametrize("syntax", formats.SOLUTIONS, ids=lambda s: s.name)
def test_formats_results_lookups_find_each_format(syntax):
    assert formats.results_syntax(syntax.name) is syntax
    assert formats.results_for_media_type(syntax.media_type) is syntax
    assert formats.results_for_media_type(syntax.oxigraph.media_type) is syntax  # with pyoxigraph's charset


def test_formats_media_type_lookup_ignores_case_and_parameters_and_knows_aliases():
    assert formats.rdf_for_media_type("Text/Turtle; charset=UTF-8") is formats.TURTLE
    assert formats.rdf_for_media_type("application/x-turtle") is formats.TURTLE
    assert formats.rdf_for_media_type("application/json") is formats.JSON_LD
    assert formats.results_for_media_type("application/json") is formats.SPARQL_JSON
    assert formats.results_for_media_type("text/tsv") is formats.SPARQL_TSV


def test_formats_unknown_media_types_and_extensions_are_none():
    assert formats.rdf_for_media_type("text/html") is None
    assert formats.results_for_media_type("text/turtle") is None
    assert formats.rdf_for_extension("txt") is None
    assert formats.rdf_for_extension("") is None


def test_formats_an_unknown_name_is_an_unknown_name_listing_the_known():
    with pytest.raises(UnknownName) as caught:
        formats.rdf_syntax("rdfa")
    assert str(caught.value) == "unknown RDF format 'rdfa'; known: nt, nq, turtle, trig, xml, jsonld, n3"
    with pytest.raises(UnknownName) as caught:
        formats.results_syntax("html")
    assert str(caught.value).startswith("unknown SPARQL results format 'html'; known: json, xml, csv, tsv")


def test_formats_names_media_types_and_extensions_are_each_unique():
    for family in (formats.RDF_SYNTAXES, formats.SOLUTIONS):
        for field in ("name", "media_type", "extension"):
            values = [getattr(syntax, field) for syntax in family]
            assert len(values) == len(set(values)), field


# What each user offered before the table was one (issue 19): these must not change.


def test_formats_cli_choices_are_the_tables_names():
    assert [choice.value for choice in ExportFormat] == [syntax.name for syntax in formats.EXPORTS]
    assert [choice.value for choice in LoadFormat] == [syntax.name for syntax in formats.RDF_SYNTAXES]


def test_formats_cli_export_and_load_names_map_as_before():
    before = {
        "nt": ox.RdfFormat.N_TRIPLES,
        "nq": ox.RdfFormat.N_QUADS,
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "xml": ox.RdfFormat.RDF_XML,
        "jsonld": ox.RdfFormat.JSON_LD,
        "n3": ox.RdfFormat.N3,
    }
    assert {choice.value: formats.rdf_syntax(choice.value).oxigraph for choice in LoadFormat} == before
    assert [choice.value for choice in ExportFormat] == ["turtle", "jsonld", "nt", "trig"]


def test_formats_api_export_formats_as_before():
    found = {name: (s.oxigraph, s.media_type, f"conflict-kg.{s.extension}") for name, s in EXPORT_FORMATS.items()}
    assert list(found.items()) == [
        ("turtle", (ox.RdfFormat.TURTLE, "text/turtle", "conflict-kg.ttl")),
        ("jsonld", (ox.RdfFormat.JSON_LD, "application/ld+json", "conflict-kg.jsonld")),
        ("nt", (ox.RdfFormat.N_TRIPLES, "application/n-triples", "conflict-kg.nt")),
        ("trig", (ox.RdfFormat.TRIG, "application/trig", "conflict-kg.trig")),
    ]


def test_formats_sparql_answers_are_serialised_as_before():
    assert RESULT_FORMATS == {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    assert GRAPH_FORMATS == {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
    }
    assert list(WRITERS) == list(RESULT_FORMATS)


def test_formats_negotiation_tables_as_before():
    assert SOLUTIONS.types == (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    )
    assert SOLUTIONS.aliases == {
        "application/json": "application/sparql-results+json",
        "application/xml": "application/sparql-results+xml",
        "text/xml": "application/sparql-results+xml",
        "text/tsv": "text/tab-separated-values",
    }
    # The order of the names is the order a 406 lists them in.
    assert list(SOLUTIONS.names.items()) == [
        ("json", "application/sparql-results+json"),
        ("srj", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("srx", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ]
    assert GRAPHS.types == ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
    assert GRAPHS.aliases == {
        "application/x-turtle": "text/turtle",
        "application/turtle": "text/turtle",
        "text/plain": "application/n-triples",
        "application/json": "application/ld+json",
        "application/x-json+ld": "application/ld+json",
        "application/xml": "application/rdf+xml",
        "text/xml": "application/rdf+xml",
    }
    assert list(GRAPHS.names.items()) == [
        ("turtle", "text/turtle"),
        ("ttl", "text/turtle"),
        ("ntriples", "application/n-triples"),
        ("n-triples", "application/n-triples"),
        ("nt", "application/n-triples"),
        ("jsonld", "application/ld+json"),
        ("json-ld", "application/ld+json"),
        ("json", "application/ld+json"),
        ("rdfxml", "application/rdf+xml"),
        ("rdf/xml", "application/rdf+xml"),
        ("xml", "application/rdf+xml"),
        ("rdf", "application/rdf+xml"),
    ]


def test_formats_engine_protocol_asks_and_reads_as_before():
    assert protocol.ACCEPT["SELECT"] == "application/sparql-results+xml, application/sparql-results+json;q=0.9"
    assert protocol.ACCEPT["CONSTRUCT"] == "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"
    assert protocol.RESULTS == {
        "application/sparql-results+json": ox.QueryResultsFormat.JSON,
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }
    assert protocol.GRAPHS == {
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
    }
    assert protocol.DATASET_FORMATS == (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
