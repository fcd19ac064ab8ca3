"""SHACL on what comes OUT of the stores (embedded on disk, `oxigraph serve`) and out of an export."""

from pathlib import Path

import pytest

from kg.store import LoadError
from kg.validation import short, validate_file, validate_store

EVENT_WITH_OFFSETS = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
SELECT ?e WHERE { ?e ckg:charStart ?start } LIMIT 1"""


@pytest.fixture
def stored_seeds(backend, seeded_store, request):
    """The seed articles as the back-end gives them back: the on-disk store, or an `oxigraph serve` holding them."""
    return seeded_store if backend == "embedded" else request.getfixturevalue("seeded_server_store")


def test_validation_the_seeds_as_stored_conform(stored_seeds):
    report = validate_store(stored_seeds)
    assert report.conforms, report.violations
    assert report.triples > 100


def test_validation_the_seeds_as_exported_conform(exported_seeds: Path):
    report = validate_file(exported_seeds)
    assert report.conforms, report.violations
    assert report.triples == len(exported_seeds.read_text().splitlines())


def test_validation_reports_each_kind_of_violation_once_with_its_count(fresh_store, extractor, seed_articles):
    from kg.pipeline.loader import ArticleLoader

    loader = ArticleLoader(fresh_store, extractor)
    for article in seed_articles:
        loader.load(article)
    events = [row["e"] for row in fresh_store.query(EVENT_WITH_OFFSETS)]
    assert events, "the seeds should give events with offsets"
    fresh_store.update(
        "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
        "DELETE { ?e ckg:charStart ?s } INSERT { ?e ckg:charStart -5 } WHERE { ?e ckg:charStart ?s }"
    )
    report = validate_store(fresh_store)
    assert not report.conforms
    [start] = [v for v in report.violations if v.path == "ckg:charStart"]
    events_total = len(
        list(
            fresh_store.query(
                "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?e WHERE { ?e ckg:charStart ?s }"
            )
        )
    )
    assert start.count == events_total and start.example.startswith("event:")


def test_validation_a_file_that_does_not_parse_is_named_with_its_line(tmp_path: Path):
    broken = tmp_path / "broken.nt"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    with pytest.raises(LoadError, match="broken.nt"):
        validate_file(broken)


def test_validation_short_names_use_our_prefixes():
    from rdflib import URIRef

    assert short(URIRef("https://w3id.org/conflict-kg/ontology#charStart")) == "ckg:charStart"
    assert short(URIRef("http://example.org/x")) == "http://example.org/x"
    assert short(None) == ""
