"""ArticleLoader.load_many: each article once, whole, in input order, batched into few transactions."""

from __future__ import annotations

import pytest
from rdflib import RDF
from synthetic_articles import make_articles

from kg.ingest import Article
from kg.model import CKG, GraphBuilder, article_iri
from kg.pipeline.loader import ArticleLoader
from kg.store import OxigraphStore
from kg.store.base import to_quads

ARTICLES = [Article(**record) for record in make_articles(7, seed=5, sentences=3)]


class RecordingStore:
    """A store that remembers the triples of each `add` (one transaction each)."""

    def __init__(self, store) -> None:
        self.store = store
        self.adds: list[list[tuple]] = []

    def add(self, triples, graph=None) -> None:
        triples = list(triples)
        self.adds.append(triples)
        self.store.add(triples, graph)

    def __getattr__(self, name):
        return getattr(self.store, name)


class CountingExtractor:
    """An Extractor that remembers which articles it was given."""

    def __init__(self, extractor) -> None:
        self.extractor, self.gazetteer = extractor, extractor.gazetteer
        self.parsed: list[Article] = []

    def extract_many(self, articles):
        articles = list(articles)
        self.parsed += articles
        return self.extractor.extract_many(articles)


def _article_nodes(store) -> set[str]:
    return {s["a"].value for s in store.query(f"SELECT ?a WHERE {{ ?a a <{CKG.Article}> }}")}


def test_loader_each_article_once_in_input_order(fresh_store, extractor):
    # Repeats inside one batch (0, 0) and across batches (2 … 2), with batches of two.
    stream = [ARTICLES[0], ARTICLES[0], ARTICLES[1], ARTICLES[2], ARTICLES[3], ARTICLES[2], ARTICLES[4]]
    results = list(ArticleLoader(fresh_store, extractor, batch_size=2).load_many(iter(stream)))
    assert [r.article.id for r in results] == [a.id for a in stream]
    assert [r.added for r in results] == [True, False, True, True, True, False, True]
    assert all(r.extractions for r in results if r.added)
    assert _article_nodes(fresh_store) == {str(article_iri(a.id)) for a in ARTICLES[:5]}


def test_loader_rerun_adds_and_extracts_nothing(fresh_store, extractor):
    loader = ArticleLoader(fresh_store, extractor, batch_size=3)
    assert sum(r.added for r in loader.load_many(ARTICLES[:4])) == 4
    size = len(fresh_store)
    counting = CountingExtractor(extractor)
    results = list(ArticleLoader(fresh_store, counting, batch_size=3).load_many(ARTICLES))
    assert [r.added for r in results] == [False] * 4 + [True] * 3
    assert [a.id for a in counting.parsed] == [a.id for a in ARTICLES[4:]]  # stored ones are not parsed again
    assert len(fresh_store) > size


def test_loader_batches_store_what_single_loads_store(tmp_path, extractor):
    single, batched = OxigraphStore(tmp_path / "single"), OxigraphStore(tmp_path / "batched")
    try:
        for article in ARTICLES:
            ArticleLoader(single, extractor).load(article)
        list(ArticleLoader(batched, extractor, batch_size=4).load_many(ARTICLES))
        assert set(single._store) == set(batched._store)
    finally:
        single.close()
        batched.close()


@pytest.mark.parametrize(("batch_size", "max_triples", "adds"), [(3, 10_000, 3), (7, 10_000, 1), (7, 1, 7)])
def test_loader_one_transaction_per_batch_each_article_whole(tmp_path, extractor, batch_size, max_triples, adds):
    store = RecordingStore(OxigraphStore(tmp_path / "kg"))
    try:
        list(ArticleLoader(store, extractor, batch_size=batch_size, max_triples=max_triples).load_many(ARTICLES))
    finally:
        store.close()
    assert len(store.adds) == adds
    builder = GraphBuilder(extractor.gazetteer)
    wholes = {a.id: set(to_quads(builder.article_triples(a, found))) for a, found in extractor.extract_many(ARTICLES)}
    for triples in store.adds:  # each transaction: whole articles, nothing else
        written = set(to_quads(triples))
        inside = {
            q.subject.value.rsplit("/", 1)[-1]
            for q in written
            if q.predicate.value == str(RDF.type) and q.object.value == str(CKG.Article)
        }
        assert inside and written == set().union(*(wholes[i] for i in inside))


class FlushCountingStore(RecordingStore):
    """A store that counts `flush` calls and declares `buffers_writes` as told."""

    def __init__(self, store, buffers_writes: bool) -> None:
        super().__init__(store)
        self.buffers_writes, self.flushes = buffers_writes, 0

    def flush(self) -> None:
        self.flushes += 1
        self.store.flush()


@pytest.mark.parametrize("buffers_writes", [True, False])
def test_loader_flushes_only_a_store_that_declares_buffered_writes(monkeypatch, extractor, buffers_writes):
    import kg.pipeline.loader as loader

    monkeypatch.setattr(loader, "FLUSH_TRIPLES", 1)  # every add is past the threshold
    store = FlushCountingStore(OxigraphStore(), buffers_writes)
    list(ArticleLoader(store, extractor, batch_size=2).load_many(ARTICLES))
    assert store.adds and store.flushes == (len(store.adds) if buffers_writes else 0)
