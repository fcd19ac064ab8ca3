"""Article → extraction → triples → store, once per article."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.extract import Extraction, Extractor
from kg.ingest import Article
from kg.model import CKG, GraphBuilder, article_iri
from kg.store.base import Store


@dataclass(frozen=True)
class LoadResult:
    """What loading one article did: `added` is False when the same text was already in."""

    article: Article
    extractions: list[Extraction]
    added: bool


def has_articles(store: Store) -> bool:
    """Whether any article is stored (an empty store gets the seeds on `kg serve`)."""
    return bool(store.query("ASK { ?a a ?class }", substitutions={ox.Variable("class"): ox.NamedNode(str(CKG.Article))}))


class ArticleLoader:
    """Adds articles and their relations to a store, one transaction per article.

    Each article is one `Store.add` of everything GraphBuilder gives for it, which every store applies whole
    or not at all (one pyoxigraph transaction; one INSERT DATA), so a crash or a concurrent reader never
    finds part of an article: tests/kg/store/test_crash.py and tests/api/test_concurrency.py hold it to that.
    """

    def __init__(self, store: Store, extractor: Extractor) -> None:
        self.store = store
        self.extractor = extractor
        self.builder = GraphBuilder(extractor.gazetteer)

    def contains(self, article: Article) -> bool:
        """Whether an article with the same normalised text is already stored."""
        node = ox.NamedNode(str(article_iri(article.id)))
        return bool(self.store.query("ASK { ?a a ?class }", substitutions={ox.Variable("a"): node,
                                                                            ox.Variable("class"): ox.NamedNode(str(CKG.Article))}))

    def load(self, article: Article) -> LoadResult:
        """Extract and store one article (nothing is added twice)."""
        if self.contains(article):
            return LoadResult(article, [], added=False)
        extractions = self.extractor.extract(article)
        self.store.add(self.builder.article_triples(article, extractions))
        return LoadResult(article, extractions, added=True)

    def load_many(self, articles: Iterable[Article]) -> Iterator[LoadResult]:
        """Load a stream of articles, parsing new ones in batches."""
        seen: set[str] = set()
        fresh = []
        for article in articles:
            if article.id in seen or self.contains(article):
                yield LoadResult(article, [], added=False)
                continue
            seen.add(article.id)
            fresh.append(article)
            if len(fresh) >= 32:
                yield from self._store_batch(fresh)
                fresh = []
        yield from self._store_batch(fresh)

    def _store_batch(self, articles: list[Article]) -> Iterator[LoadResult]:
        for article, extractions in self.extractor.extract_many(articles):
            self.store.add(self.builder.article_triples(article, extractions))
            yield LoadResult(article, extractions, added=True)
