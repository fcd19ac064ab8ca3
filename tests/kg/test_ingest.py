"""Reading articles: formats, sidecar metadata, stable ids, and errors reported by name."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kg.ingest import Article, IngestError, article_id, html_to_text, read_articles

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def test_ingest_txt_with_sidecar_metadata():
    [article] = read_articles([SEEDS / "al-tanf-2017.txt"])
    assert article.title == "US-led coalition strikes pro-Assad forces near al Tanf again"
    assert article.published == date(2017, 6, 6)
    assert article.source == "al-tanf-2017.txt"


def test_ingest_id_ignores_line_ending_differences():
    assert article_id("a\r\nb") == article_id("a\nb") == Article(text="a\nb").id
    assert len(article_id("x")) == 16


def test_ingest_jsonl_records_and_bad_lines(tmp_path: Path):
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "a1", "text": "Iran backs Hezbollah.", "published": "2020-01-02T10:00:00Z"}),
        "{not json",
        json.dumps({"id": "a2", "text": "   "}),
    ]))
    items = list(read_articles([path]))
    assert items[0].source == "a1" and items[0].published == date(2020, 1, 2)
    assert [type(i) for i in items[1:]] == [IngestError, IngestError]
    assert items[1].path.endswith("news.jsonl:2")


def test_ingest_bad_file_reported_and_others_still_read(tmp_path: Path):
    (tmp_path / "good.txt").write_text("Russia bombed ISIS.")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 attaqu\xe9".encode("latin-1"))
    items = list(read_articles([tmp_path, tmp_path / "missing.txt"]))
    errors = {Path(i.path).name: i.message for i in items if isinstance(i, IngestError)}
    assert [i.text for i in items if isinstance(i, Article)] == ["Russia bombed ISIS."]
    assert "not UTF-8" in errors["latin1.txt"]
    assert errors["missing.txt"] == "no such file"


def test_ingest_html_keeps_visible_text_only():
    title, text = html_to_text("<html><head><title>T</title><script>x()</script></head>"
                               "<body><p>Iran backs <b>Hezbollah</b>.</p><p>Next</p></body></html>")
    assert title == "T"
    assert text == "Iran backs Hezbollah.\nNext"
