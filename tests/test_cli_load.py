"""`kg load FILE…`: a graph exported by one kg bulk loads into another; a bad file is named with its line,
the other files still load, and the exit code says something failed."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Graph
from typer.testing import CliRunner

from kg.cli import app
from kg.pipeline.shards import ShardWriter, prepare

WHO_BACKS = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
    "SELECT ?a WHERE { ?a ckg:backs <https://w3id.org/conflict-kg/actor/assad-regime> }"
)


def test_cli_load_then_query_finds_the_loaded_graph(store_dir: Path, exported_seeds: Path):
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(exported_seeds)])
    triples = len(exported_seeds.read_bytes().splitlines())
    assert loaded.exit_code == 0, loaded.output
    assert f"{triples:,} triples added" in loaded.stdout and "triples/s" in loaded.stdout
    found = runner.invoke(app, ["query", WHO_BACKS, "--format", "json"])
    assert {"a": "https://w3id.org/conflict-kg/actor/iran"} in json.loads(found.stdout), found.output


def test_cli_load_bad_file_names_its_line_and_still_loads_the_rest(
    store_dir: Path, exported_seeds: Path, tmp_path: Path
):
    bad = tmp_path / "broken.nt"
    bad.write_text('<urn:a> <urn:p> "fine" .\n<urn:a> <urn:p> <not an iri> .\n')
    result = CliRunner().invoke(app, ["load", str(bad), str(exported_seeds)])
    assert result.exit_code == 1
    assert "broken.nt" in result.stderr and "line 2" in result.stderr and "load it again" in result.stderr
    assert f"{exported_seeds}:" in result.stdout and "triples added" in result.stdout


def test_cli_load_takes_the_format_when_the_extension_does_not_say(store_dir: Path, tmp_path: Path):
    data = tmp_path / "data.dump"
    data.write_text('@prefix ex: <urn:ex:> .\nex:a ex:p "one", "two" .\n')
    guessed = CliRunner().invoke(app, ["load", str(data)])
    assert guessed.exit_code == 1 and "--format" in guessed.stderr and "load it again" not in guessed.stderr
    named = CliRunner().invoke(app, ["load", "--format", "turtle", str(data)])
    assert named.exit_code == 0 and "2 triples added" in named.stdout, named.output


def test_cli_load_directory_of_shards_puts_their_data_graph_in_the_store(
    store_dir: Path, exported_seeds: Path, tmp_path: Path
):
    shards, empty = tmp_path / "shards", tmp_path / "empty"
    empty.mkdir()
    writer = ShardWriter(shards, prepare(shards))
    writer.write("0123456789abcdef", Graph().parse(exported_seeds, format="nt"))  # quads in the data graph
    writer.finish()
    runner = CliRunner()
    loaded = runner.invoke(app, ["load", str(shards)])
    assert loaded.exit_code == 0 and "shard-00001.nq" in loaded.stdout, loaded.output
    found = runner.invoke(app, ["query", WHO_BACKS, "--format", "json"])  # reads the store's default graph
    assert {"a": "https://w3id.org/conflict-kg/actor/iran"} in json.loads(found.stdout), found.output
    refused = runner.invoke(app, ["load", str(empty)])
    assert refused.exit_code == 1 and "holds no shards" in refused.output


def test_cli_load_a_path_that_is_not_there_says_so(store_dir: Path, tmp_path: Path):
    missing = tmp_path / "no-such-dir"
    result = CliRunner().invoke(app, ["load", str(missing)])
    assert result.exit_code == 1 and result.stderr == f"error: {missing}: no such file or directory\n"
    assert not store_dir.exists()  # refused before a store was made
