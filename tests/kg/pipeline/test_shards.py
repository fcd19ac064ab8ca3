"""N-Quads shards (kg ingest --nquads): the same graph as an ingest into a store, each article in one shard,
a crash leaves nothing half-written, a rerun finishes the rest; shards load into every back-end."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from synthetic_articles import make_articles

from kg.ingest import Article
from kg.model import DATA_GRAPH
from kg.pipeline.loader import ArticleLoader
from kg.pipeline.shards import ShardLoader, ShardWriter, finished_ids, prepare, shard_files
from kg.store import OxigraphStore

ARTICLES = [Article(**record) for record in make_articles(5, seed=9, sentences=2)]


def sorted_triples(store) -> list[str]:
    return sorted(store.dump(ox.RdfFormat.N_TRIPLES).decode().splitlines())


@pytest.fixture(scope="module")
def ingested(extractor) -> OxigraphStore:
    """The same articles ingested into a store, as `kg ingest` does."""
    store = OxigraphStore()
    list(ArticleLoader(store, extractor).load_many(ARTICLES))
    return store


def write_shards(directory: Path, extractor, articles, *, per_shard: int = 2) -> ShardWriter:
    writer = ShardWriter(directory, prepare(directory), shard_articles=per_shard)
    list(ShardLoader(writer, extractor, batch_size=2).load_many(articles))
    writer.finish()
    return writer


def test_shards_hold_the_ingested_graph_in_the_data_graph(tmp_path, extractor, ingested):
    writer = write_shards(tmp_path, extractor, ARTICLES + ARTICLES[:2])  # repeats are written once
    assert [p.name for p in writer.shards] == ["shard-00001.nq", "shard-00002.nq", "shard-00003.nq"]
    quads = [q for shard in shard_files(tmp_path) for q in ox.parse(path=str(shard), format=ox.RdfFormat.N_QUADS)]
    assert {q.graph_name for q in quads} == {ox.NamedNode(str(DATA_GRAPH))}
    assert len(set(quads)) == len(ingested) - len(OxigraphStore())  # the ingested triples, the ontology not
    assert finished_ids(tmp_path) == {a.id for a in ARTICLES}


def test_shards_rerun_skips_finished_articles_and_drops_unfinished_files(tmp_path, extractor):
    write_shards(tmp_path, extractor, ARTICLES[:3], per_shard=3)
    (tmp_path / "shard-00002.nq.partial").write_bytes(
        b"<urn:half> <urn:written> <urn:shard> .\n"
    )  # a crash's leftovers
    (tmp_path / "shard-00002.articles").write_text(ARTICLES[3].id + "\n")
    writer = write_shards(tmp_path, extractor, ARTICLES)
    assert [p.name for p in writer.shards] == ["shard-00002.nq"]
    assert not list(tmp_path.glob("*.partial"))
    assert (tmp_path / "shard-00002.articles").read_text().split() == [a.id for a in ARTICLES[3:]]
    assert b"urn:half" not in (tmp_path / "shard-00002.nq").read_bytes()


def test_shards_load_into_each_backend_as_the_ingested_graph(tmp_path, extractor, ingested, fresh_store, backend):
    write_shards(tmp_path, extractor, ARTICLES)
    for shard in shard_files(tmp_path):
        fresh_store.bulk_load(shard)
    loaded, expected = sorted_triples(fresh_store), sorted_triples(ingested)
    if backend == "virtuoso":  # Virtuoso keeps integers by value: 125 as xsd:integer and xsd:nonNegativeInteger is one
        loaded, expected = (
            sorted(line.replace("#nonNegativeInteger>", "#integer>") for line in lines) for lines in (loaded, expected)
        )
    assert loaded == expected


def test_shards_prefix_must_be_a_plain_name(tmp_path):
    with pytest.raises(ValueError, match="shard prefix"):
        ShardWriter(tmp_path, set(), prefix="../elsewhere")
