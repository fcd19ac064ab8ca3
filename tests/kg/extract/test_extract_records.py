"""`kg extract` on a JSONL file: each relation keeps its record's id and each actor's mention as written."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from kg.cli import app


def test_extract_records_keep_id_and_mentions_as_written(tmp_path: Path):
    records = tmp_path / "news.jsonl"
    records.write_text(
        "\n".join(
            json.dumps(r)
            for r in [
                {"id": "wire-17", "text": "Iranian-backed militias attacked US forces near the border."},
                {"id": "wire-18", "text": "Syrian rebels said Russian jets bombed them."},
            ]
        )
    )
    result = CliRunner().invoke(app, ["extract", str(records)])
    assert result.exit_code == 0, result.output
    found = [json.loads(line) for line in result.stdout.splitlines()]
    attack = next(r for r in found if r["relation"] == "attacks")
    assert attack["id"] == "wire-17"
    assert (attack["source"]["text"], attack["target"]["text"]) == ("Iranian-backed militias", "US forces")
    bombing = next(r for r in found if r["relation"] == "bombs")
    assert bombing["id"] == "wire-18" and bombing["target"]["text"] == "Syrian rebels"  # "them", resolved
