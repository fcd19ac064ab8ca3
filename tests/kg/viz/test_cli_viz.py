"""`kg viz -o FILE` writes the graph page, with the filters of GET /graph as options."""

import json
import logging

import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.config import get_settings
from kg.store import open_store
from kg.synthetic import conflict_graph

runner = CliRunner()


@pytest.fixture
def store_dir(tmp_path, monkeypatch):
    location = tmp_path / "kg"
    store = open_store(str(location))
    store.add(list(conflict_graph(actors=30, relations=60, seed=3)))
    store.close()
    monkeypatch.setenv("KG_STORE", str(location))
    get_settings.cache_clear()  # settings read by an earlier test would hide KG_STORE
    yield location
    get_settings.cache_clear()


def page_data(path) -> dict:
    html = path.read_text(encoding="utf-8")
    start = html.index(">", html.index('id="graph-data"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def test_cli_viz_writes_the_whole_graph(store_dir, tmp_path):
    output = tmp_path / "graph.html"
    result = runner.invoke(app, ["viz", "-o", str(output)])
    assert result.exit_code == 0, result.output
    data = page_data(output)
    assert (len(data["nodes"]), len(data["edges"])) == (30, 60) and data["camps"]


def test_cli_viz_applies_the_filters(store_dir, tmp_path):
    output = tmp_path / "backs.html"
    args = [
        "viz",
        "-o",
        str(output),
        "--relation",
        "backs",
        "--actor",
        "synthetic-0000",
        "--depth",
        "2",
        "--since",
        "2016-01-01",
        "--until",
        "2018-12-31",
        "--claims",
    ]
    assert runner.invoke(app, args).exit_code == 0
    data = page_data(output)
    assert data["filters"] == {
        "relation": "backs",
        "actor": "synthetic-0000",
        "since": "2016-01-01",
        "until": "2018-12-31",
        "depth": 2,
        "status": None,
        "min_corroboration": None,
        "min_confidence": None,
        "claims": True,
    }
    assert data["edges"] and all("backs" in edge["families"] for edge in data["edges"])


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--relation", "hugs", "unknown relation"),
        ("--since", "yesterday", "since must be a date"),
        ("--actor", "nobody", "unknown actor"),
        ("--status", "fact," * 60, "--status: String should have at most 200 characters"),
    ],
)
def test_cli_viz_bad_filter_is_one_line_and_writes_nothing(store_dir, tmp_path, option, value, message):
    output = tmp_path / "bad.html"
    result = runner.invoke(app, ["viz", "-o", str(output), option, value])
    assert result.exit_code == 1 and message in result.output and not output.exists()


@pytest.mark.parametrize(
    "options, message",
    [
        (
            ["--since", "2017-07-01", "--until", "2017-06-01"],
            "since (2017-07-01) is after until (2017-06-01): swap them",
        ),
        (["--since", "June"], "since must be a date like 2017-06-06, not 'June'"),
    ],
)
def test_cli_viz_refuses_bad_dates_in_one_line(store_dir, tmp_path, options, message):
    output = tmp_path / "graph.html"
    result = runner.invoke(app, ["viz", "-o", str(output), *options])
    assert result.exit_code == 1 and not output.exists()
    assert result.stderr == f"error: {message}\n"


@pytest.mark.parametrize("where", ["missing/graph.html", "."])  # a folder that is not there; a directory
def test_cli_viz_to_a_path_it_cannot_write_is_one_line(store_dir, tmp_path, where):
    output = tmp_path / where
    result = runner.invoke(app, ["viz", "-o", str(output)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.startswith(f"error: cannot write {output}: ") and len(result.stderr.splitlines()) == 1


def test_cli_viz_actor_that_is_no_iri_is_one_line_without_warnings(store_dir, tmp_path, caplog):
    # rdflib logs "does not look like a valid URI" for such a name, which a user sees above the error.
    with caplog.at_level(logging.WARNING):
        result = runner.invoke(app, ["viz", "-o", str(tmp_path / "graph.html"), "--actor", "a b>"])
    assert result.exit_code == 1 and result.stderr == "error: unknown actor 'a b>'\n"
    assert [record.getMessage() for record in caplog.records] == []
