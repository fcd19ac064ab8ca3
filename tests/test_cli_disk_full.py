"""A full disk loses nothing committed and says so: `kg load` and `kg ingest` onto a small tmpfs end with one
line naming the disk (not the input), and the store opens afterwards with everything committed before."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
pytestmark = pytest.mark.slow


@pytest.fixture
def small_disk(tmp_path: Path):
    """An 8 MiB tmpfs (needs root; skipped, saying why, where it cannot be mounted)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], capture_output=True, text=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def kg(store: Path, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {
        "KG_STORE": str(store),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return subprocess.run([sys.executable, "-m", "kg.cli", *args], env=env, capture_output=True, text=True, timeout=300)


def triples(path: Path, count: int, tag: str) -> Path:
    with path.open("w") as out:
        for n in range(count):
            out.write(f'<urn:{tag}:{n}> <urn:p:{n % 50}> "a literal long enough to fill the disk soon, number {n}" .\n')
    return path


def stored(store: Path) -> int:
    found = kg(store, "query", COUNT, "--format", "json")
    assert found.returncode == 0, found.stderr
    return int(json.loads(found.stdout)[0]["n"])


def assert_names_the_disk(result: subprocess.CompletedProcess, store: Path) -> None:
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines and "disk holding the store" in lines[-1] and str(store) in lines[-1], result.stderr
    assert "Traceback" not in result.stderr and "fix the file" not in result.stderr


def test_disk_full_kg_load_names_the_disk_and_keeps_what_was_loaded(small_disk: Path, tmp_path: Path):
    store = small_disk / "kg"
    first = kg(store, "load", str(triples(tmp_path / "small.nt", 1000, "small")))
    assert first.returncode == 0, first.stderr
    before = stored(store)
    big = kg(store, "load", str(triples(tmp_path / "big.nt", 300_000, "big")))
    assert_names_the_disk(big, store)
    assert str(tmp_path / "big.nt") not in big.stderr.splitlines()[-1]
    assert stored(store) == before  # the store opens, with everything committed before


def test_disk_full_kg_ingest_names_the_disk_and_keeps_what_was_ingested(small_disk: Path, tmp_path: Path):
    store = small_disk / "kg"
    assert kg(store, "load", str(triples(tmp_path / "small.nt", 1000, "small"))).returncode == 0
    before = stored(store)
    filler = small_disk / "filler"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    filler.write_bytes(b"\0" * max(0, free - 200_000))
    articles = tmp_path / "articles.jsonl"
    articles.write_text(
        "".join(
            json.dumps({"id": str(n), "text": f"Iran backs Hezbollah, report {n}. " * 40}) + "\n" for n in range(200)
        )
    )
    full = kg(store, "ingest", str(articles))
    assert_names_the_disk(full, store)
    filler.unlink()
    assert stored(store) >= before
