"""Article → extraction → triples → store: each article once, many articles per transaction."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.extract.extraction import Extraction
from kg.ingest import Article
from kg.model import CKG, GraphBuilder, Triple, article_iri
from kg.query.views import has_articles  # noqa: F401 - kg.pipeline.has_articles, kept where it was
from kg.store.base import Store

if TYPE_CHECKING:
    from kg.extract.interface import ArticleExtractor

BATCH_SIZE = 16  # articles per batch: one duplicate check, one task for a worker, one transaction
MAX_TRIPLES = 10_000  # per transaction: a remote engine gets one INSERT DATA (its bulk_load sends as many)
# Oxigraph keeps what was written in RocksDB memtables until they fill: ~1 GB over a long ingest, ~100 MB
# when flushed every 100k triples (bench/ingest_memory.py), at no cost in speed.
FLUSH_TRIPLES = 100_000
_ARTICLE_CLASS = ox.NamedNode(str(CKG.Article))
Found = list[Extraction]  # the relations found in one article


@dataclass(frozen=True)
class LoadResult:
    """What loading one article did: `added` is False when the same text was already in."""

    article: Article
    extractions: list[Extraction]
    added: bool


@dataclass
class _Batch:
    """Consecutive input articles, and those of them to extract: neither stored nor seen earlier in the input."""

    articles: list[Article]
    fresh: list[Article] = field(default_factory=list)


class ArticleLoader:
    """Adds articles and their relations to a store, each article whole in one transaction.

    Every `Store.add` holds all the triples GraphBuilder gives for whole articles — one article in `load`,
    up to `batch_size` articles (and about `max_triples` triples) in `load_many` — and every store applies
    an add whole or not at all (one pyoxigraph transaction; one INSERT DATA), so a crash or a concurrent
    reader never finds part of an article: tests/kg/store/test_crash.py and tests/api/test_concurrency.py
    hold it to that. Re-running over the same input adds nothing and extracts nothing twice.

    `extractor` is an Extractor (extraction in this process) or an ExtractionPool (worker processes): both
    are ArticleExtractors.
    """

    def __init__(
        self,
        store: Store,
        extractor: ArticleExtractor,
        *,
        batch_size: int = BATCH_SIZE,
        max_triples: int = MAX_TRIPLES,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.store = store
        self.extractor = extractor
        self.builder = GraphBuilder(extractor.gazetteer)
        self.batch_size = batch_size
        # An engine applies at most add_limit triples at once: smaller transactions keep articles whole.
        self.max_triples = min(max_triples, store.add_limit or max_triples)
        self._unflushed = 0

    def contains(self, article: Article) -> bool:
        """Whether an article with the same normalised text is already stored."""
        return article.id in self._stored({article.id})

    def load(self, article: Article) -> LoadResult:
        """Extract and store one article (nothing is added twice)."""
        if self.contains(article):
            return LoadResult(article, [], added=False)
        extractions = self.extractor.extract(article)
        self._add(list(self.builder.article_triples(article, extractions)))
        return LoadResult(article, extractions, added=True)

    def load_many(self, articles: Iterable[Article]) -> Iterator[LoadResult]:
        """Load a stream of articles, one result per input article in input order.

        Articles already stored, or seen earlier in the stream, are not extracted again. The stream is read
        a few batches ahead at most, so memory does not grow with its length."""
        unwritten: set[str] = set()  # ids handed to extraction and not yet written: the store can't see them
        batches = ((batch, batch.fresh) for batch in self._batches(articles, unwritten))
        for batch, found in self._extracted(batches):
            extracted = dict(zip((a.id for a in batch.fresh), zip(batch.fresh, found)))
            self._write([extracted[a.id] for a in batch.fresh])
            unwritten.difference_update(extracted)
            yield from (
                LoadResult(a, extracted.pop(a.id)[1], added=True)
                if a.id in extracted
                else LoadResult(a, [], added=False)
                for a in batch.articles
            )

    def _batches(self, articles: Iterable[Article], unwritten: set[str]) -> Iterator[_Batch]:
        """The input in batches, each knowing which of its articles are new (one query per batch)."""
        stream = iter(articles)
        while chunk := list(islice(stream, self.batch_size)):
            stored = self._stored({a.id for a in chunk} - unwritten)
            batch = _Batch(chunk)
            for article in chunk:
                if article.id not in stored and article.id not in unwritten:
                    unwritten.add(article.id)
                    batch.fresh.append(article)
            yield batch

    def _stored(self, ids: set[str]) -> set[str]:
        """Which of these article ids are in the store already."""
        if not ids:
            return set()
        values = " ".join(str(ox.NamedNode(str(article_iri(i)))) for i in sorted(ids))
        found = self.store.query(f"SELECT ?a WHERE {{ VALUES ?a {{ {values} }} ?a a {_ARTICLE_CLASS} }}")
        return {solution["a"].value.rsplit("/", 1)[-1] for solution in found}

    def _extracted(self, batches: Iterator[tuple[_Batch, list[Article]]]) -> Iterator[tuple[_Batch, list[Found]]]:
        return self.extractor.extract_batches(batches)

    def _write(self, extracted: list[tuple[Article, list[Extraction]]]) -> None:
        """Store these articles in as few transactions as `max_triples` allows, each article whole in one."""
        group: list[Triple] = []
        for article, extractions in extracted:
            triples = list(self.builder.article_triples(article, extractions))
            if group and len(group) + len(triples) > self.max_triples:
                self._add(group)
                group = []
            group += triples
        if group:
            self._add(group)

    def _add(self, triples: list[Triple]) -> None:
        """One transaction; then, every FLUSH_TRIPLES triples, the store's buffers to disk (if it has any)."""
        self.store.add(triples)
        self._unflushed += len(triples)
        if self.store.buffers_writes and self._unflushed >= FLUSH_TRIPLES:
            self.store.flush()
            self._unflushed = 0
