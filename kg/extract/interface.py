"""What the loader asks of an extractor, met alike by extraction in this process and by the worker pool."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Protocol, TypeVar

if TYPE_CHECKING:
    from kg.extract.extraction import Extraction
    from kg.extract.gazetteer import Gazetteer
    from kg.ingest import Article

__all__ = ["ArticleExtractor"]

Key = TypeVar("Key")


class ArticleExtractor(Protocol):
    """Articles in, relations out; `gazetteer` is what the triples are built with."""

    gazetteer: Gazetteer

    def extract(self, article: Article) -> list[Extraction]:
        """The relations of one article."""
        ...

    def extract_batches(
        self, batches: Iterable[tuple[Key, list[Article]]]
    ) -> Iterator[tuple[Key, list[list[Extraction]]]]:
        """(key, the relations of each article of the batch) for every batch, in input order."""
        ...
