"""`kg ingest` over many articles: JSONL and directories, `--workers`, reruns, the progress bar's count."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from synthetic_articles import make_articles
from typer.testing import CliRunner

from kg.cli import app
from kg.config import get_settings

runner = CliRunner()


@pytest.fixture()
def store_at(tmp_path: Path, monkeypatch):
    """Point KG_STORE at a new directory; returns a function giving (and switching to) the store named `name`."""

    def switch(name: str) -> Path:
        monkeypatch.setenv("KG_STORE", str(tmp_path / name))
        get_settings.cache_clear()
        return tmp_path / name

    yield switch
    get_settings.cache_clear()


def _inbox(folder: Path, count: int) -> Path:
    """`count` articles as .txt files with sidecars, one repeated under another name, and one unreadable file."""
    folder.mkdir()
    for number, article in enumerate(make_articles(count, seed=21, sentences=4)):
        (folder / f"r{number:02}.txt").write_text(article["text"])
        (folder / f"r{number:02}.json").write_text(json.dumps({"title": article["title"]}))
    (folder / "zz-copy.txt").write_text((folder / "r00.txt").read_text())
    (folder / "zz-bad.txt").write_bytes(b"\xff\xfe not utf-8")
    return folder


def _quads(path: Path) -> set[ox.Quad]:
    store = ox.Store.read_only(str(path))
    try:
        return set(store)
    finally:
        del store


def test_cli_ingest_jsonl_in_batches_counts_every_record(store_at, tmp_path: Path):
    store_at("kg")
    records = [json.dumps(a) for a in make_articles(5, seed=4, sentences=2)]
    (tmp_path / "news.jsonl").write_text("\n".join([records[0], "{bad", *records, ""]))
    result = runner.invoke(app, ["ingest", str(tmp_path / "news.jsonl"), "--batch-size", "2"])
    assert result.exit_code == 1
    assert "news.jsonl:2" in result.stderr
    assert "7/7" in result.stderr and "articles/s" in result.stderr  # 6 articles and 1 bad line
    assert "5 new article(s) ingested, 1 already present, 1 unreadable" in result.stdout


@pytest.mark.slow  # each worker process loads the spaCy model
def test_cli_ingest_workers_store_what_one_process_stores(store_at, tmp_path: Path):
    inbox = _inbox(tmp_path / "inbox", 12)
    stores = {}
    for workers in ("1", "2"):
        stores[workers] = store_at(f"kg-{workers}")
        result = runner.invoke(app, ["ingest", str(inbox), "--workers", workers, "--batch-size", "5"])
        assert result.exit_code == 1 and "zz-bad.txt" in result.stderr and "not UTF-8" in result.stderr
        assert "12 new article(s) ingested, 1 already present, 1 unreadable" in result.stdout
    assert _quads(stores["1"]) == _quads(stores["2"])
    again = runner.invoke(app, ["ingest", str(inbox / "r03.txt"), str(inbox / "r07.txt"), "--workers", "2"])
    assert again.exit_code == 0 and "0 new article(s) ingested, 2 already present" in again.stdout
    assert _quads(stores["2"]) == _quads(stores["1"])
