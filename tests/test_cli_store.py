"""The `kg` command around its store, as a newcomer meets it: --version, --store, a missing, mistyped or busy
store, the query limits, tables that fit 80 columns, readable SPARQL errors, and `kg validate`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import get_settings, version
from kg.store import open_store
from kg.store.served import forget_server, record_server

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CKG = "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>\n"
# Four unconstrained patterns: no store answers it in a lifetime, so a small time limit always stops it.
ENDLESS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } ORDER BY ?c ?f ?i ?l LIMIT 1"
runner = CliRunner()


@pytest.fixture
def seeds_at(tmp_path: Path, exported_seeds: Path, store_dir: Path) -> str:
    """A store directory holding the seed graph (`kg load` of its export); KG_STORE points elsewhere."""
    path = tmp_path / "seeded"
    result = runner.invoke(app, ["load", "--store", str(path), str(exported_seeds)])
    assert result.exit_code == 0, result.output
    return str(path)


def _settings_changed(monkeypatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()


def test_cli_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"conflict-kg {version()}"


def test_cli_store_option_is_used_instead_of_kg_store(seeds_at: str, store_dir: Path):
    result = runner.invoke(app, ["query", "--store", seeds_at, "--format", "json", CKG + "ASK { ?a ckg:backs ?b }"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "true"
    assert not store_dir.exists()  # KG_STORE was not touched


@pytest.mark.parametrize(
    "command",
    [["query", "ASK { ?s ?p ?o }"], ["query", "?x backs ?y"], ["export"], ["viz", "-o", "page.html"], ["validate"]],
)
def test_cli_read_commands_refuse_a_store_that_does_not_exist(store_dir: Path, command: list[str]):
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert f"there is no store at {store_dir}" in result.stderr and "Traceback" not in result.output
    assert not store_dir.exists()  # no empty store was made


@pytest.mark.parametrize(
    "command",
    [["query", "ASK { ?s ?p ?o }"], ["query", "?x backs ?y"], ["export"], ["viz", "-o", "page.html"], ["validate"]],
)
def test_cli_read_commands_refuse_a_folder_that_holds_no_store(store_dir: Path, command: list[str]):
    store_dir.mkdir()  # `--store .` in a project folder, say
    (store_dir / "notes.txt").write_text("not a store")
    result = runner.invoke(app, command)
    assert result.exit_code == 1
    assert f"there is no store at {store_dir}" in result.stderr and "Traceback" not in result.output
    assert sorted(path.name for path in store_dir.iterdir()) == ["notes.txt"]  # no store was made in it


@pytest.mark.parametrize("command", [["query", "ASK { ?s ?p ?o }"], ["ingest", str(SEEDS)], ["export"]])
def test_cli_kg_store_naming_a_file_is_one_line(tmp_path: Path, monkeypatch, command: list[str]):
    file = tmp_path / "graph.ttl"
    file.write_text("")
    _settings_changed(monkeypatch, KG_STORE=str(file))
    result = runner.invoke(app, command)
    get_settings.cache_clear()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        result.stderr.strip()
        == f"error: {file} is a file, not a store directory: name a directory (KG_STORE or --store)"
    )


@pytest.mark.parametrize(("command", "advice"), [
    (["query", "?x backs ?y"], "curl -sG http://127.0.0.1:8123/query --data-urlencode 'q=PATTERN'"),
    (["ingest", str(SEEDS / "al-tanf-2017.txt")], "kg ingest --server http://127.0.0.1:8123 PATH…"),
    (["export"], "curl -OJ 'http://127.0.0.1:8123/export?format=turtle'"),
    (["viz"], "open its page: http://127.0.0.1:8123/graph"),
    (["validate"], "curl -s 'http://127.0.0.1:8123/export?format=nt' -o graph.nt && kg validate graph.nt"),
])  # fmt: skip
def test_cli_a_store_held_by_kg_serve_names_that_server(seeds_at: str, command: list[str], advice: str):
    held = open_store(seeds_at)  # as `kg serve` holds it, with its URL recorded beside it
    record_server(Path(seeds_at), "http://127.0.0.1:8123")
    try:
        result = runner.invoke(app, [*command, "--store", seeds_at])
    finally:
        forget_server(Path(seeds_at))
        held.close()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "held by `kg serve` at http://127.0.0.1:8123. Stop it, or" in result.stderr
    assert advice in result.stderr


def test_cli_query_is_cut_at_kg_max_results(seeds_at: str, monkeypatch):
    _settings_changed(monkeypatch, KG_MAX_RESULTS="2")
    result = runner.invoke(
        app, ["query", "--store", seeds_at, "--format", "csv", CKG + "SELECT ?e WHERE { ?e ckg:agent ?a }"]
    )
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 3  # header and 2 rows
    assert "only the first 2 results (KG_MAX_RESULTS)" in result.stderr


def test_cli_query_past_kg_query_timeout_is_stopped_with_one_line(seeds_at: str, monkeypatch):
    _settings_changed(monkeypatch, KG_QUERY_TIMEOUT="0.3")
    result = runner.invoke(app, ["query", "--store", seeds_at, ENDLESS])
    get_settings.cache_clear()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the query ran longer than 0.3 s (KG_QUERY_TIMEOUT)" in result.stderr


def test_cli_query_table_fits_80_columns_with_slugs_and_sentences_under_rows(seeds_at: str, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    sparql = (
        CKG + "SELECT ?agent ?relation ?target ?sentence WHERE { ?e ckg:agent ?agent ; ckg:relation ?relation ; "
        "ckg:target ?target ; ckg:sentence ?sentence }"
    )
    result = runner.invoke(app, ["query", "--store", seeds_at, sparql])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines) and "https://" not in result.stdout
    assert lines[0].split() == ["agent", "relation", "target"]
    assert any(line.startswith("us-led-coalition") and "ckg:" in line for line in lines)
    assert any(line.startswith("    sentence: ") for line in lines)
    pattern = runner.invoke(app, ["query", "--store", seeds_at, "?x backs assad-regime"])
    assert pattern.exit_code == 0, pattern.output
    assert all(len(line) <= 80 for line in pattern.stdout.splitlines())
    assert any(line.startswith("iran ") for line in pattern.stdout.splitlines())
    assert "    edge1_sentence: " in pattern.stdout and "backed by Iran" in pattern.stdout


def test_cli_extract_table_fits_80_columns(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["extract", "--format", "table", str(SEEDS / "al-tanf-2017.txt")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    rows = [line for line in lines[2:] if not line.startswith(" ")]
    assert rows and all(len(line) <= 80 for line in lines)
    assert sum(line.startswith("    sentence: ") for line in lines) == len(rows)  # every row has its sentence
    assert len(lines) < 2 + 8 * len(rows)  # a sentence takes a few lines, not one per word


def test_cli_undeclared_prefix_is_one_readable_line(seeds_at: str):
    result = runner.invoke(app, ["query", "--store", seeds_at, "SELECT ?a WHERE { ?a ckg:backs ?b }"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.strip() == (
        "error: SPARQL syntax error at 1:22: the prefix ckg: is not declared; "
        "add PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>"
    )


@pytest.mark.parametrize(
    "query, message",
    [
        ("SELEC ?x WHERE {}", "SPARQL syntax error at 1:1, near 'SELEC ?x WHERE {}'"),
        (
            CKG + "SELECT ?a\nWHERE { ?a ckg:backs ?b .\n  OPTIONL { ?b ?p ?c } }",
            "at 4:3, near 'OPTIONL { ?b ?p ?c } }'",
        ),
        ("SELECT ?a WHERE { ?a ?p ?b", "at 1:25, near '?b' at the end of the query"),
    ],
)
def test_cli_query_syntax_error_points_into_the_query(seeds_at: str, query: str, message: str):
    result = runner.invoke(app, ["query", "--store", seeds_at, query])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_cli_query_an_update_is_refused_in_the_cli_s_own_words(seeds_at: str):
    result = runner.invoke(app, ["query", "--store", seeds_at, "DELETE WHERE { ?s ?p ?o }"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "kg query is read-only" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert runner.invoke(app, ["query", "--store", seeds_at, "ASK { ?s ?p ?o }"]).stdout.strip() == "true"


def test_cli_query_a_graph_answer_follows_format(seeds_at: str):
    construct = CKG + "CONSTRUCT { ?a ckg:backs ?b } WHERE { ?a ckg:backs ?b }"
    turtle = runner.invoke(app, ["query", "--store", seeds_at, construct])
    as_json = runner.invoke(app, ["query", "--store", seeds_at, "--format", "json", construct])
    as_csv = runner.invoke(app, ["query", "--store", seeds_at, "--format", "csv", construct])
    assert turtle.exit_code == 0 and "ontology#backs>" in turtle.stdout
    assert as_json.exit_code == 0 and any(
        "ontology#backs" in key for node in json.loads(as_json.stdout) for key in node
    )
    assert as_csv.exit_code == 1 and "Traceback" not in as_csv.output
    assert "answers a graph, which has no csv" in as_csv.stderr and not as_csv.stdout


def test_cli_validate_passes_the_seeds_and_fails_a_broken_file(seeds_at: str, exported_seeds: Path, tmp_path: Path):
    good = runner.invoke(app, ["validate", "--store", seeds_at])
    assert good.exit_code == 0, good.output
    assert "triples conform to the shapes" in good.stdout
    broken = tmp_path / "broken.nt"
    charstart = "<https://w3id.org/conflict-kg/ontology#charStart>"
    broken.write_text(
        "".join(
            line.split(charstart)[0] + charstart + ' "-1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
            if charstart in line
            else line + "\n"
            for line in exported_seeds.read_text().splitlines()
        )
    )
    bad = runner.invoke(app, ["validate", str(broken)])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
    assert "violation(s) of the shapes" in bad.stdout and "ckg:charStart" in bad.stdout
