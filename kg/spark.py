"""Extraction on Apache Spark: `kg ingest PATH… --spark MASTER --nquads DIR` (PySpark, the `spark` extra).

The driver reads JSON Lines (as text, so each line is parsed exactly as `kg ingest` parses it) or Parquet
(columns `text`, `title`, `url`, `published`, `id`), keys every record by its article id and partitions by
that key, so copies of one text meet in one partition. Each partition builds one extraction pipeline (kept
for the next partition the same Python worker runs) and writes its own shards, `part-NNNNN-*.nq`, through
kg.pipeline.shards: the same batching, duplicate checks and resumability as a plain `kg ingest --nquads`, and
the same graph. DIR must be one directory that the driver and every executor see (a shared file system on
a cluster).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from kg.errors import KGError
from kg.extract import Extractor
from kg.ingest import Article, IngestError, parse_jsonl_record
from kg.pipeline.shards import ShardLoader, ShardWriter, prepare

_EXTRACTORS: dict[str, Extractor] = {}  # per Python worker: the model loads once, not once per partition


class SparkUnavailable(KGError, RuntimeError):
    """PySpark or its Java could not start, or the job failed; the message says what to check."""


@dataclass(frozen=True)
class SparkIngest:
    """What a Spark ingest did: articles written, articles already in a shard, shards written, unreadable records."""

    added: int
    present: int
    shards: int
    unreadable: list[str]


def ingest_on_spark(
    paths: list[str], master: str, directory: Path, *, model: str, batch_size: int = 16, partitions: int | None = None
) -> SparkIngest:
    """Extract the articles of `paths` (.jsonl files, .parquet files or directories of them) on Spark into
    N-Quads shards in `directory`; an article already in a finished shard there is skipped."""
    jsonl, parquet = _inputs(paths)
    stored = prepare(directory)
    spark = _session(master)
    try:
        records = _records(spark, jsonl, parquet)
        known = spark.sparkContext.broadcast(stored)
        count = partitions or spark.sparkContext.defaultParallelism
        job = _Partition(str(directory.resolve()), model, batch_size, known)
        results = records.partitionBy(count).mapPartitionsWithIndex(job).collect()
    except Exception as exc:  # py4j and Spark raise their own kinds; the message is what helps
        raise SparkUnavailable(f"the Spark job failed: {str(exc).strip().splitlines()[0][:500]}") from None
    finally:
        spark.stop()
    return SparkIngest(
        added=sum(r[0] for r in results),
        present=sum(r[1] for r in results),
        shards=sum(r[2] for r in results),
        unreadable=[e for r in results for e in r[3]],
    )


def _inputs(paths: list[str]) -> tuple[list[str], list[str]]:
    """The JSON Lines files and the Parquet files or datasets (a directory named *.parquet, as Spark writes) to read."""
    jsonl, parquet = [], []
    for path in map(Path, paths):
        if path.suffix == ".parquet" and path.exists():
            parquet.append(path)
        elif path.is_dir():
            jsonl += sorted(path.rglob("*.jsonl"))
            parquet += sorted(p for p in path.rglob("*.parquet") if p.is_file())
        elif path.suffix == ".jsonl" and path.is_file():
            jsonl.append(path)
        else:
            raise ValueError(f"--spark reads .jsonl and .parquet files (or directories of them), not {path}")
    if not jsonl and not parquet:
        raise ValueError(f"no .jsonl or .parquet file in {', '.join(paths)}")
    return [str(p) for p in jsonl], [str(p) for p in parquet]


def _session(master: str):
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise SparkUnavailable(f"--spark needs PySpark: pip install 'conflict-kg[spark]' ({exc})") from None
    # Local workers run this interpreter (with kg and the model installed), not whichever python3 is on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        return (
            SparkSession.builder.master(master)
            .appName("conflict-kg ingest")
            .config("spark.ui.enabled", "false")
            .getOrCreate()
        )
    except Exception as exc:
        raise SparkUnavailable(
            f"cannot start Spark at {master!r} (is Java installed?): {str(exc).strip().splitlines()[0][:300]}"
        ) from None


def _records(spark, jsonl: list[str], parquet: list[str]):
    """(article id, Article or IngestError) pairs; an unreadable record is keyed by where it was."""
    parts = []
    if jsonl:
        from pyspark.sql.functions import input_file_name

        lines = spark.read.text(jsonl).withColumn("file", input_file_name()).rdd
        parts.append(
            lines.filter(lambda row: row.value.strip()).map(lambda row: parse_jsonl_record(row.value, row.file))
        )
    if parquet:
        parts.append(spark.read.parquet(*parquet).rdd.map(lambda row: _parquet_record(row.asDict())))
    records = parts[0] if len(parts) == 1 else parts[0].union(parts[1])
    return records.map(lambda item: (item.path if isinstance(item, IngestError) else item.id, item))


def _parquet_record(row: dict) -> Article | IngestError:
    where = str(row.get("id") or "parquet row")
    try:
        fields = {key: row.get(key) for key in ("text", "title", "url", "published")}
        return Article(source=where, **fields)
    except ValueError as exc:
        return IngestError(where, str(exc).splitlines()[0])


class _Partition:
    """One partition's work, run on an executor: extract its articles into its own shards."""

    def __init__(self, directory: str, model: str, batch_size: int, known) -> None:
        self.directory, self.model, self.batch_size, self.known = directory, model, batch_size, known

    def __call__(self, index: int, items: Iterable[tuple[str, Article | IngestError]]) -> Iterator[tuple]:
        unreadable: list[str] = []
        articles = (cast(Article, item) for _, item in items if not _unreadable(item, unreadable))
        extractor = _EXTRACTORS.get(self.model) or _EXTRACTORS.setdefault(self.model, Extractor(model=self.model))
        writer = ShardWriter(Path(self.directory), set(self.known.value), prefix=f"part-{index:05d}")
        added = present = 0
        try:
            for result in ShardLoader(writer, extractor, batch_size=self.batch_size).load_many(articles):
                added += result.added
                present += not result.added
        finally:
            writer.finish()
        yield added, present, len(writer.shards), unreadable


def _unreadable(item: Article | IngestError, errors: list[str]) -> bool:
    if isinstance(item, IngestError):
        errors.append(str(item))
        return True
    return False


__all__ = ["SparkIngest", "SparkUnavailable", "ingest_on_spark"]
