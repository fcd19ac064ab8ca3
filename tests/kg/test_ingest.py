"""Reading articles: formats, sidecar metadata, stable ids, and errors reported by name."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kg.ingest import Article, IngestError, article_id, count_records, html_to_text, read_articles

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
    path.write_text(
        "\n".join(
            [
                json.dumps({"id": "a1", "text": "Iran backs Hezbollah.", "published": "2020-01-02T10:00:00Z"}),
                "{not json",
                json.dumps({"id": "a2", "text": "   "}),
            ]
        )
    )
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
    title, text = html_to_text(
        "<html><head><title>T</title><script>x()</script></head>"
        "<body><p>Iran backs <b>Hezbollah</b>.</p><p>Next</p></body></html>"
    )
    assert title == "T"
    assert text == "Iran backs Hezbollah.\nNext"


def test_ingest_jsonl_bad_bytes_cost_one_line_only(tmp_path: Path):
    # Read line by line (a JSONL file may not fit in memory): a line that is not UTF-8 is its own error.
    good = [json.dumps({"id": f"a{i}", "text": f"Iran backs Hezbollah {i}."}) for i in range(3)]
    (tmp_path / "news.jsonl").write_bytes(
        b"\n".join([good[0].encode(), b'{"text": "caf\xe9"}', good[1].encode(), b"", good[2].encode()])
    )
    items = list(read_articles([tmp_path / "news.jsonl"]))
    assert [i.source if isinstance(i, Article) else i.path.rsplit(":", 1)[1] for i in items] == ["a0", "2", "a1", "a2"]
    assert items[1].message.startswith("not UTF-8 text")


def test_ingest_jsonl_in_utf16_is_one_error_for_the_file(tmp_path: Path):
    lines = "\n".join(json.dumps({"text": f"Iran backs Hezbollah {i}."}) for i in range(3))
    (tmp_path / "news.jsonl").write_bytes(lines.encode("utf-16"))
    [error] = read_articles([tmp_path / "news.jsonl"])
    assert error.path == str(tmp_path / "news.jsonl")
    assert error.message.endswith("UTF-16 byte-order mark: save it as UTF-8")


def test_ingest_count_records_counts_files_and_jsonl_lines(tmp_path: Path):
    (tmp_path / "a.txt").write_text("Russia bombed ISIS.")
    (tmp_path / "b.jsonl").write_text('{"text": "x"}\n\n  \n{bad\n{"text": "y"}')
    (tmp_path / "notes.pdf").write_text("ignored")
    assert count_records([tmp_path, tmp_path / "missing.txt"]) == 1 + 3 + 1
