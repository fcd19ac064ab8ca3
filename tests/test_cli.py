"""The `kg` command as a user runs it: ingest, extract, query, export, and readable errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import get_settings

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
runner = CliRunner()


def test_cli_extract_prints_one_json_object_per_relation():
    result = runner.invoke(app, ["extract", str(SEEDS / "al-tanf-2017.txt")])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {
        "id",
        "source",
        "relation",
        "target",
        "date",
        "place",
        "negated",
        "confidence",
        "sentence",
        "char_start",
        "char_end",
        "cameo_event",
    } <= set(records[0])
    assert {"id", "label", "type", "cameo", "text"} <= set(records[0]["source"])
    assert any(
        r["source"]["id"] == "iran" and r["relation"] == "backs" and r["target"]["id"] == "assad-regime"
        for r in records
    )


def test_cli_ingest_reports_bad_file_and_keeps_the_rest(store_dir: Path, tmp_path: Path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a.txt").write_text("Russian jets bombed Syrian rebels near Idlib on Monday.")
    (inbox / "b.txt").write_bytes(b"\xff\xfe not utf-8 \xff")
    result = runner.invoke(app, ["ingest", str(inbox)])
    assert result.exit_code == 1
    assert "b.txt" in result.stderr and "not UTF-8" in result.stderr
    assert "1 new article(s) ingested" in result.stdout
    again = runner.invoke(app, ["ingest", str(inbox / "a.txt")])
    assert again.exit_code == 0 and "0 new article(s) ingested, 1 already present" in again.stdout


def test_cli_query_and_export_after_ingest(store_dir: Path, tmp_path: Path):
    assert runner.invoke(app, ["ingest", str(SEEDS)]).exit_code == 0
    query = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> SELECT ?a ?b WHERE { ?a ckg:backs ?b }"
    result = runner.invoke(app, ["query", query, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {
        "a": "https://w3id.org/conflict-kg/actor/iran",
        "b": "https://w3id.org/conflict-kg/actor/assad-regime",
    } in json.loads(result.stdout)
    out = tmp_path / "graph.ttl"
    assert runner.invoke(app, ["export", "-o", str(out)]).exit_code == 0
    assert out.read_text().startswith("@prefix")


def test_cli_malformed_query_is_one_readable_line(store_dir: Path):
    from kg.store import open_store

    open_store(str(store_dir)).close()  # an existing store: the engine's parser, in the runner, reads the query
    result = runner.invoke(app, ["query", "SELEC * WHERE {"])
    assert result.exit_code == 1
    assert "SPARQL syntax error" in result.stderr and "Traceback" not in result.output


def test_cli_eval_scores_per_relation(tmp_path: Path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {
                    "id": "g1",
                    "text": "Iran backs Hezbollah.",
                    "events": [{"source": "Iran", "target": "Hezbollah", "relation": "backs"}],
                },
                {
                    "id": "g2",
                    "text": "Russia bombed ISIS.",
                    "events": [{"source": "Russia", "target": "ISIS", "relation": "strikes"}],
                },
                {
                    "id": "g3",
                    "text": "The talks went on.",
                    "events": [{"source": "Turkey", "target": "Iraq", "relation": "warns"}],
                },
            ]
        )
    )
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    rows = {
        line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
        for line in result.stdout.splitlines()
        if line.startswith("│")
    }
    assert rows["backs"] == ["1", "1", "1.000", "1.000", "1.000"]
    assert rows["strikes"][0] == "1" and rows["strikes"][3] == "1.000"  # bombs ⊑ strikes counts
    assert rows["warns"] == ["1", "0", "0.000", "0.000", "0.000"]
    assert rows["all"][:2] == ["3", "2"]


def test_cli_eval_half_scores_only_that_half(tmp_path: Path):
    from kg.extract.evaluate import half_of

    records = [
        {
            "id": f"g{n}",
            "text": "Russia bombed ISIS.",
            "events": [{"source": "Russia", "target": "ISIS", "class": "material_conflict"}],
        }
        for n in range(6)
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(json.dumps(r) for r in records))
    result = runner.invoke(app, ["eval", str(gold), "--half", "check"])
    assert result.exit_code == 0, result.output
    checked = sum(half_of(r["id"]) == "check" for r in records)
    assert 0 < checked < len(records)
    assert f"class level, {checked} sentences (check half)" in result.stdout


def test_cli_eval_unreadable_gold_is_one_line(tmp_path: Path):
    result = runner.invoke(app, ["eval", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 1 and "cannot read" in result.stderr and "Traceback" not in result.output


def test_cli_query_pattern_after_ingest(store_dir: Path):
    assert runner.invoke(app, ["ingest", str(SEEDS)]).exit_code == 0
    result = runner.invoke(app, ["query", "?x backs assad-regime", "--format", "json"])
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["rows"]
    assert row["bindings"]["x"] == {"slug": "iran", "label": "Iran"}
    assert "backed by Iran" in row["edges"][0]["first_sentence"]
    table = runner.invoke(app, ["query", '"iran" backs+ ?z'])
    assert table.exit_code == 0 and "Assad regime" in table.stdout
    wrong = runner.invoke(app, ["query", '?x backs "Irn"'])
    assert wrong.exit_code == 1 and 'did you mean "Iran" (iran)?' in wrong.stderr and "Traceback" not in wrong.output


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "::", "example.org"])
def test_cli_serve_refuses_a_public_address_without_a_token(store_dir: Path, monkeypatch, host: str):
    monkeypatch.delenv("KG_API_TOKEN", raising=False)
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--host", host])
    assert result.exit_code == 1
    assert "KG_API_TOKEN" in result.stderr and "Traceback" not in result.output
    assert not store_dir.exists()  # refused before anything was opened or ingested


def test_cli_prints_user_text_that_looks_like_markup(store_dir: Path, tmp_path: Path):
    # Rich would read "[/x]" as a closing tag and raise MarkupError; a path or id is text.
    folder = tmp_path / "news["
    folder.mkdir()
    (folder / "x].txt").write_bytes(b"\xff not utf-8")  # the path reads news[/x].txt
    records = tmp_path / "ids.jsonl"
    records.write_text('{"id": "[/x]", "text": "Iran backs Hezbollah."}\n')
    bad = runner.invoke(app, ["ingest", str(folder / "x].txt")])
    assert bad.exit_code == 1 and "news[/x].txt" in bad.stderr and "Traceback" not in bad.output
    good = runner.invoke(app, ["ingest", str(records)])
    assert good.exit_code == 0, good.output


@pytest.mark.parametrize("where", ["missing/graph.ttl", "."])  # a folder that is not there; a directory
def test_cli_export_to_a_path_it_cannot_write_is_one_line(store_dir: Path, tmp_path: Path, where: str):
    from kg.store import open_store

    open_store(str(store_dir)).close()
    output = tmp_path / where
    result = runner.invoke(app, ["export", "-o", str(output)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: cannot write {output}: ") and len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("KG_QUERY_TIMEOUT", "abc", "KG_QUERY_TIMEOUT: Input should be a valid number"),
        ("KG_MAX_RESULTS", "-5", "KG_MAX_RESULTS: Input should be greater than 0"),
    ],
)
def test_cli_bad_setting_names_its_variable_in_one_line(store_dir: Path, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    get_settings.cache_clear()  # store_dir clears it again afterwards
    result = runner.invoke(app, ["query", "ASK {}"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: {message}") and len(result.stderr.splitlines()) == 1


def test_cli_serve_refuses_a_port_no_socket_can_have():
    result = runner.invoke(app, ["serve", "--port", "99999"])
    assert result.exit_code == 2 and "65535" in result.output
