"""Claims through the `kg` command: statuses in `kg extract` and `kg query`, and their filters."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app

runner = CliRunner()
CLAIMS = "Mali's government accused Ukraine of supporting the rebels. Iran backs the Houthis.\n"


def _article(tmp_path: Path) -> Path:
    path = tmp_path / "claims.txt"
    path.write_text(CLAIMS, encoding="utf-8")
    return path


def test_cli_claims_extract_gives_status_and_words(tmp_path: Path):
    result = runner.invoke(app, ["extract", str(_article(tmp_path))])
    assert result.exit_code == 0, result.output
    records = {r["relation"]: r for r in map(json.loads, result.stdout.splitlines())}
    assert records["supports"]["status"] == "alleged"
    assert records["supports"]["attribution_text"] == "Mali's government accused"
    assert records["backs"]["status"] == "fact"
    table = runner.invoke(app, ["extract", str(_article(tmp_path)), "--format", "table"])
    assert table.exit_code == 0 and "alleged" in table.stdout and "status" in table.stdout


def test_cli_claims_query_by_status_and_source(store_dir: Path, tmp_path: Path):
    assert runner.invoke(app, ["ingest", str(_article(tmp_path))]).exit_code == 0
    facts = runner.invoke(app, ["query", "?x supports ?y", "--format", "json"])
    assert facts.exit_code == 0 and json.loads(facts.stdout)["rows"] == []
    alleged = runner.invoke(app, ["query", "?x supports ?y", "--status", "alleged", "--format", "csv"])
    [row] = list(csv.DictReader(io.StringIO(alleged.stdout)))
    assert (row["x"], row["edge1_status"], row["edge1_according_to"]) == ("ukraine", "alleged:1", "mali-government")
    said = runner.invoke(app, ["query", "?x supports ?y @?who"])
    assert said.exit_code == 0 and "mali-government" in said.stdout and "alleged:1" in said.stdout
    source = runner.invoke(app, ["query", "?x supports ?y", "--according-to", "mali-government", "--format", "json"])
    assert [r["bindings"]["x"]["slug"] for r in json.loads(source.stdout)["rows"]] == ["ukraine"]
    wrong = runner.invoke(app, ["query", "?x supports ?y", "--status", "rumour"])
    assert wrong.exit_code == 1 and "unknown status 'rumour'" in wrong.stderr and "Traceback" not in wrong.output
