"""N-Quads shards: the graph of many articles written as files rather than into a store (`kg ingest --nquads DIR`).

Every quad is in DATA_GRAPH, the layout an external engine's store reads, so an engine's bulk loader
(Virtuoso's `ld_dir`, QLever's index builder, `oxigraph load`) takes the shards as they are, and `kg load DIR`
puts them wherever one of our stores keeps its data. A shard is finished or absent: its quads are written to
`NAME.nq.partial` and its article ids to `NAME.articles`, and renaming the `.partial` to `NAME.nq` finishes
it. A rerun (after a crash, or with more input) drops what is unfinished, reads the finished shards' ids and
extracts only the articles in none of them: each article is in exactly one shard.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.extract import Extraction, Extractor
from kg.extract.parallel import ExtractionPool
from kg.ingest import Article
from kg.model import DATA_GRAPH
from kg.pipeline.loader import BATCH_SIZE, ArticleLoader, LoadResult
from kg.store.base import to_quads

SHARD_ARTICLES = 1_000  # articles per shard: about 400k quads, 60 MB; also what a crash can cost
SUFFIX, PARTIAL, IDS = ".nq", ".nq.partial", ".articles"


def finished_ids(directory: Path) -> set[str]:
    """The article ids in the finished shards of `directory`."""
    ids: set[str] = set()
    for shard in directory.glob(f"*{SUFFIX}"):
        listing = shard.with_suffix(IDS)
        if listing.exists():
            ids.update(listing.read_text().split())
    return ids


def prepare(directory: Path) -> set[str]:
    """Make `directory` ready for a run: create it, remove unfinished shards, return the finished shards' ids.

    Call it once before any writer starts (unfinished files are a crashed run's, not a running writer's)."""
    directory.mkdir(parents=True, exist_ok=True)
    for partial in directory.glob(f"*{PARTIAL}"):
        partial.unlink()
    for listing in directory.glob(f"*{IDS}"):
        if not listing.with_suffix(SUFFIX).exists():
            listing.unlink()
    return finished_ids(directory)


class ShardWriter:
    """Writes articles' quads into shards `PREFIX-00001.nq`, `PREFIX-00002.nq`, … of `shard_articles` articles.

    `stored` is the ids already written (by earlier runs: `prepare`); it grows as articles are written.
    Writers with different prefixes may share a directory (Spark's partitions do)."""

    # ShardLoader hands this writer to ArticleLoader as its store, which reads what one add may take: any number.
    add_limit: int | None = None

    def __init__(
        self, directory: Path, stored: set[str], *, prefix: str = "shard", shard_articles: int = SHARD_ARTICLES
    ) -> None:
        if not re.fullmatch(r"[\w.-]+", prefix):
            raise ValueError(f"a shard prefix is letters, digits, '.', '_' or '-', not {prefix!r}")
        self.directory, self.prefix, self.shard_articles = directory, prefix, shard_articles
        self.stored = stored
        numbers = [
            int(m.group(1))
            for p in directory.glob(f"{prefix}-*{SUFFIX}")
            if (m := re.fullmatch(rf"{re.escape(prefix)}-(\d+)\.nq", p.name))
        ]
        self._number = max(numbers, default=0)
        self._file: BinaryIO | None = None
        self._ids: list[str] = []
        self.shards: list[Path] = []  # finished by this writer

    def write(self, article_id: str, triples: Iterable[tuple]) -> None:
        """Add one article's triples (in DATA_GRAPH) to the current shard."""
        if self._file is None:
            self._number += 1
            self._file = self._path(PARTIAL).open("wb")
        ox.serialize(to_quads(triples, DATA_GRAPH), self._file, ox.RdfFormat.N_QUADS)
        self._ids.append(article_id)
        self.stored.add(article_id)
        if len(self._ids) >= self.shard_articles:
            self.finish()

    def finish(self) -> None:
        """Finish the current shard, if one is open: its ids first, then the rename that makes it count."""
        if self._file is None:
            return
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        listing = self._path(IDS)
        listing.with_suffix(".tmp").write_text("\n".join(self._ids) + "\n")
        listing.with_suffix(".tmp").replace(listing)
        self._path(PARTIAL).replace(self._path(SUFFIX))
        self.shards.append(self._path(SUFFIX))
        self._ids = []

    def _path(self, suffix: str) -> Path:
        return self.directory / f"{self.prefix}-{self._number:05d}{suffix}"


class ShardLoader(ArticleLoader):
    """ArticleLoader's batching, duplicate checks and extraction, writing shards instead of a store."""

    def __init__(
        self, writer: ShardWriter, extractor: Extractor | ExtractionPool, *, batch_size: int = BATCH_SIZE
    ) -> None:
        super().__init__(writer, extractor, batch_size=batch_size)  # type: ignore[arg-type]
        self.writer = writer

    def contains(self, article: Article) -> bool:
        return article.id in self.writer.stored

    def _stored(self, ids: set[str]) -> set[str]:
        return ids & self.writer.stored

    def _write(self, extracted: list[tuple[Article, list[Extraction]]]) -> None:
        for article, extractions in extracted:
            self.writer.write(article.id, self.builder.article_triples(article, extractions))

    def load(self, article: Article) -> LoadResult:
        if self.contains(article):
            return LoadResult(article, [], added=False)
        extractions = self.extractor.extract(article)
        self._write([(article, extractions)])
        return LoadResult(article, extractions, added=True)


def shard_files(directory: Path) -> list[Path]:
    """The finished shards of `directory`, in name order (what `kg load DIR` loads)."""
    return sorted(directory.glob(f"*{SUFFIX}"))


__all__ = ["SHARD_ARTICLES", "ShardLoader", "ShardWriter", "finished_ids", "prepare", "shard_files"]
