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


def test_export_quickly_leaves_a_store_held_by_another_process_to_the_cli(small_store: Path):
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import pyoxigraph, sys; s = pyoxigraph.Store({str(small_store)!r}); print(1); sys.stdin.read()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"1"
        assert export_quickly(["--store", str(small_store)]) is None
    finally:
        holder.communicate(timeout=60)


def test_export_quickly_keeps_writers_out_while_it_reads(small_store: Path, tmp_path: Path, monkeypatch):
    def dump_while_a_writer_tries(*args, **kwargs):
        with pytest.raises(OSError, match="lock"):
            ox.Store(str(small_store))
        return 0

    monkeypatch.setattr("kg.export._dump", dump_while_a_writer_tries)
    assert export_quickly(["--store", str(small_store), "-o", str(tmp_path / "out.ttl")]) == 0
    OxigraphStore(small_store).close()  # and the lock is let go after


def test_export_quickly_writes_what_a_crashed_writer_left_in_its_log(small_store: Path, tmp_path: Path):
    crashed = (
        f"import os, pyoxigraph as ox\ns = ox.Store({str(small_store)!r})\n"
        "s.add(ox.Quad(ox.NamedNode('https://w3id.org/conflict-kg/actor/iraq'), "
        "ox.NamedNode('https://w3id.org/conflict-kg/ontology#backs'), ox.NamedNode('https://w3id.org/conflict-kg/actor/pmf')))\n"
        "os._exit(0)  # no flush: the triple is in RocksDB's write-ahead log only\n"
    )
    subprocess.run([sys.executable, "-c", crashed], check=True, timeout=60)
    out = tmp_path / "graph.nt"
    assert export_quickly(["--store", str(small_store), "--format", "nt", "-o", str(out)]) == 0
    assert b"actor/pmf>" in out.read_bytes()


def test_export_quickly_leaves_a_folder_that_is_not_a_store_to_the_cli(tmp_path: Path):
    assert export_quickly(["--store", str(tmp_path)]) is None
    assert list(tmp_path.iterdir()) == []  # and does not make it one


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


def test_export_command_into_a_reader_that_stops_early_says_nothing(tmp_path: Path):
    store = OxigraphStore(tmp_path / "kg")
    triples = " ".join(f"actor:a{n} ckg:backs actor:b{n} ." for n in range(5000))  # ~0.5 MB, past a pipe's buffer
    store.update(DATA.split("INSERT DATA")[0] + f"INSERT DATA {{ {triples} }}")
    store.close()
    environment = os.environ | {"PYTHONPATH": str(ROOT)}
    export = subprocess.Popen(
        [sys.executable, "-m", "kg", "export", "--format", "nt", "--store", str(tmp_path / "kg")],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert export.stdout is not None and export.stderr is not None
    assert export.stdout.read(100)  # `kg export | head -c 100`
    export.stdout.close()
    assert export.wait(timeout=120) == 1
    assert export.stderr.read() == b""  # no "Broken pipe", no traceback
