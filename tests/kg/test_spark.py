"""`kg ingest --spark local[2] --nquads DIR` (kg/spark.py) on a real PySpark: JSON Lines and Parquet in,
shards out, and the shards' graph is exactly what a plain `kg ingest` of the same articles stores."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from synthetic_articles import make_articles
from typer.testing import CliRunner

from kg.cli import app as cli
from kg.ingest import Article
from kg.pipeline.loader import ArticleLoader
from kg.pipeline.shards import finished_ids, shard_files
from kg.store import OxigraphStore

pyspark = pytest.importorskip("pyspark", reason="the `spark` extra (pip install 'conflict-kg[spark]')")
pytestmark = pytest.mark.slow
RECORDS = make_articles(5, seed=21, sentences=2)  # few: each Spark worker loads the spaCy model
# Every test takes `store_dir`: the command reads (and caches) the settings, which must not leak to later tests.


def graph(store: OxigraphStore) -> list[str]:
    return sorted(store.dump(ox.RdfFormat.N_TRIPLES).decode().splitlines())


def test_spark_shards_hold_the_graph_plain_ingest_stores(tmp_path: Path, extractor, store_dir):
    jsonl = tmp_path / "news.jsonl"
    lines = [json.dumps(record | {"id": f"r{i}"}) for i, record in enumerate(RECORDS[:3])]
    jsonl.write_text("\n".join(lines + [lines[0], "not json"]) + "\n")  # a repeat and an unreadable line
    from pyspark.sql import SparkSession

    # The session the command then finds and uses: one JVM for writing the Parquet input and for the job.
    spark = SparkSession.builder.master("local[2]").config("spark.ui.enabled", "false").getOrCreate()
    spark.createDataFrame(
        [
            {"text": r["text"], "title": r["title"], "published": r["published"], "id": f"p{i}"}
            for i, r in enumerate(RECORDS[3:])
        ]
    ).write.parquet(str(tmp_path / "news.parquet"))
    shards = tmp_path / "shards"
    result = CliRunner().invoke(
        cli, ["ingest", str(jsonl), str(tmp_path / "news.parquet"), "--spark", "local[2]", "--nquads", str(shards)]
    )
    assert result.exit_code == 1, result.output  # the unreadable line
    assert "5 new article(s) ingested" in result.output and "1 already present, 1 unreadable" in result.output

    expected = OxigraphStore()
    list(ArticleLoader(expected, extractor).load_many(Article(**record) for record in RECORDS))
    loaded = OxigraphStore()
    for shard in shard_files(shards):
        loaded.bulk_load(shard)
    assert graph(loaded) == graph(expected)
    assert finished_ids(shards) == {Article(**record).id for record in RECORDS}


def test_spark_needs_a_shard_directory(tmp_path: Path, store_dir):
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--spark", "local[2]"])
    assert result.exit_code != 0 and "--spark needs --nquads DIR" in result.output
