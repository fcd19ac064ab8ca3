"""Both stores (embedded on disk, `oxigraph serve` over HTTP: the `backend` parameter): data survives
reopening, ingestion is idempotent, Turtle round-trips; and the embedded store admits one writer."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kg.ingest import read_articles
from kg.pipeline.loader import ArticleLoader
from kg.query import rows
from kg.store import OxigraphStore, open_store

SEED = Path(__file__).resolve().parents[3] / "seeds" / "al-tanf-2017.txt"
WHO_BACKS = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?a ?b WHERE { ?a ckg:backs ?b }"


def test_store_on_disk_survives_reopen(store_location: str, extractor):
    store = open_store(store_location)
    ArticleLoader(store, extractor).load(next(read_articles([SEED])))
    size = len(store)
    store.close()
    reopened = open_store(store_location)
    assert len(reopened) == size > 500
    found = rows(reopened.query(WHO_BACKS))
    assert {
        "a": "https://w3id.org/conflict-kg/actor/iran",
        "b": "https://w3id.org/conflict-kg/actor/assad-regime",
    } in found
    reopened.close()


def test_store_same_article_twice_adds_nothing(fresh_store, extractor):
    store = fresh_store
    loader = ArticleLoader(store, extractor)
    article = next(read_articles([SEED]))
    assert loader.load(article).added
    size = len(store)
    assert not loader.load(article).added
    assert [r.added for r in loader.load_many([article, article])] == [False, False]
    assert len(store) == size


def test_store_turtle_export_round_trips(fresh_store, extractor):
    store = fresh_store
    ArticleLoader(store, extractor).load(next(read_articles([SEED])))
    turtle = store.dump(ox.RdfFormat.TURTLE)
    assert b"@prefix ckg: <https://w3id.org/conflict-kg/ontology#>" in turtle
    parsed = Graph().parse(data=turtle, format="turtle")
    lines = [line for line in store.dump(ox.RdfFormat.N_TRIPLES).splitlines() if line.strip()]
    assert len(parsed) == len(lines) > 300


# Embedded only: an on-disk store's lock. An engine serves any number of clients, so it has no such error.
def test_store_second_process_gets_a_clear_busy_error(tmp_path: Path):
    path = tmp_path / "kg"
    holder = OxigraphStore(path)
    probe = (
        "import sys\nfrom pathlib import Path\nfrom kg.store import OxigraphStore, StoreBusyError\n"
        "try:\n    OxigraphStore(Path(sys.argv[1]))\nexcept StoreBusyError as e:\n    print('BUSY', e)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, str(path)], capture_output=True, text=True, timeout=60)
    holder.close()
    assert "BUSY" in result.stdout and "kg serve" in result.stdout, result.stderr
