"""`kg export` on its quick path (kg.export): the same bytes as the CLI's export, without the CLI's framework."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.export import FORMATS, export_quickly
from kg.model import BASE, PREFIXES
from kg.namespaces import BASE as BASE_IRI
from kg.namespaces import PREFIXES as PREFIX_IRIS
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
DATA = """PREFIX ckg: <https://w3id.org/conflict-kg/ontology#>
PREFIX actor: <https://w3id.org/conflict-kg/actor/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA { actor:iran ckg:backs actor:hezbollah ; rdfs:label "Iran"@en .
              actor:hezbollah rdfs:label "Hezbollah"@en ; ckg:strikes actor:israel . }"""


@pytest.fixture()
def small_store(tmp_path: Path) -> Path:
    store = OxigraphStore(tmp_path / "kg")
    store.update(DATA)
    store.close()
    return tmp_path / "kg"


def _dumped_by_the_store(path: Path, name: str) -> bytes:
    store = OxigraphStore(path)
    try:
        buffer = io.BytesIO()
        store.dump_to(buffer, getattr(ox.RdfFormat, FORMATS[name]))
        return buffer.getvalue()
    finally:
        store.close()


def _kg(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environment = os.environ | {"PYTHONPATH": str(ROOT)} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "kg", *args], env=environment, capture_output=True, timeout=120, check=False
    )


def test_export_namespaces_are_the_models():
    assert BASE_IRI == BASE
    assert PREFIX_IRIS == {name: str(namespace) for name, namespace in PREFIXES.items()}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_export_quickly_writes_what_the_store_writes(small_store: Path, tmp_path: Path, name: str):
    out = tmp_path / f"graph.{name}"
    assert export_quickly(["--store", str(small_store), "--format", name, "-o", str(out)]) == 0
    assert out.read_bytes() == _dumped_by_the_store(small_store, name)
    assert b"hezbollah" in out.read_bytes()


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--format", "jsonld"],
        ["--ontology"],
        ["-fnt"],
        ["-f=nt"],
        ["--format"],
        ["--output", "--format", "nt"],
        ["--store", "memory"],
        ["--store", "sparql+http://127.0.0.1:1/query"],
        ["--unknown"],
    ],
)
def test_export_quickly_leaves_other_requests_to_the_cli(small_store: Path, args: list[str]):
    assert export_quickly(["--store", str(small_store), *args]) is None


def test_export_quickly_leaves_a_missing_store_to_the_cli(tmp_path: Path):
    assert export_quickly(["--store", str(tmp_path / "nowhere")]) is None


def test_export_quickly_leaves_a_busy_store_to_the_cli(small_store: Path):
    holder = OxigraphStore(small_store)
    try:
        assert export_quickly(["--store", str(small_store)]) is None
    finally:
        holder.close()


def test_export_command_imports_neither_the_cli_framework_nor_rdflib(small_store: Path, tmp_path: Path):
    out, modules = tmp_path / "graph.ttl", tmp_path / "modules.txt"
    program = (
        "import sys\nfrom kg.__main__ import main\n"
        f"sys.argv = ['kg', 'export', '-o', {str(out)!r}]\n"
        f"try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        f"open({str(modules)!r}, 'w').write(' '.join(sorted(sys.modules)) + f' exit={{code}}')\n"
    )
    environment = os.environ | {"PYTHONPATH": str(ROOT), "KG_STORE": str(small_store)}
    subprocess.run([sys.executable, "-c", program], env=environment, check=True, timeout=120)
    loaded = modules.read_text().split()
    assert "exit=0" in loaded
    assert not {"typer", "rich", "pydantic", "pydantic_settings", "rdflib", "kg.cli", "kg.model"} & set(loaded)
    assert out.read_bytes() == _dumped_by_the_store(small_store, "turtle")


def test_export_command_to_stdout_and_errors_as_the_cli_gives_them(small_store: Path, tmp_path: Path):
    written = _kg("export", "--format", "nt", env={"KG_STORE": str(small_store)})
    assert written.returncode == 0 and written.stdout == _dumped_by_the_store(small_store, "nt")
    missing = _kg("export", "--store", str(tmp_path / "nowhere"))
    assert missing.returncode == 1
    assert b"there is no store at" in missing.stderr and b"Traceback" not in missing.stderr
