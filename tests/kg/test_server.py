"""`kg serve` on its quick path (kg.server): a stored graph served without the CLI's framework, and everything else
(help, bad options and settings, an empty store) still answered by kg.cli, in one line where it is an error."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main
from rdflib import RDF

from kg.cli import app
from kg.model import ARTICLE, CKG
from kg.server import DEFAULT_HOST, DEFAULT_PORT, OPTIONS, PORTS, serve_quickly, uncollected
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]

# `kg serve` through the `kg` command's entry point, uvicorn.run replaced by one GET /health sent to the ASGI app:
# prints its status, whether typer was imported, the host and port it was asked to serve on, and the collector.
SERVE_QUICKLY = """
import asyncio, gc, json, sys
import uvicorn
from kg.__main__ import main

def first_health(app, host, port, **_options):
    sent = []
    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}
    async def send(message):
        sent.append(message)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": "/health", "raw_path": b"/health", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", port)}
    asyncio.run(app(scope, receive, send))
    body = json.loads(sent[1]["body"])
    print(json.dumps({"status": sent[0]["status"], "triples": body["triples"], "typer": "typer" in sys.modules,
                      "host": host, "port": port, "collecting": gc.isenabled()}))

uvicorn.run = first_health
sys.argv = ["kg", "serve", *sys.argv[1:]]
main()
"""


@pytest.fixture()
def stored_graph(tmp_path: Path) -> Path:
    store = OxigraphStore(tmp_path / "kg")
    store.add([(ARTICLE.one, RDF.type, CKG.Article)])  # a stored graph: `kg serve` ingests no seeds
    store.close()
    return tmp_path / "kg"


def _environment(**variables: str) -> dict[str, str]:
    environment = os.environ | {"PYTHONPATH": str(ROOT)} | variables
    environment.pop("KG_API_TOKEN", None)
    return environment


def _kg(*args: str, **variables: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kg", *args],
        env=_environment(**variables),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_server_options_are_the_cli_serve_options():
    serve = typer.main.get_command(app).commands["serve"]  # type: ignore[attr-defined]
    options = {param.name: param for param in serve.params}
    assert {name for param in serve.params for name in param.opts if name != "--help"} == set(OPTIONS)
    assert (options["host"].default, options["port"].default) == (DEFAULT_HOST, DEFAULT_PORT)
    assert (options["port"].min, options["port"].max) == PORTS  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "args", [["--help"], ["--port", "99999"], ["--port", "eighty"], ["--port"], ["--colour", "red"], ["-p", "1"]]
)
def test_server_leaves_to_the_cli_what_it_does_not_read(args: list[str]):
    assert serve_quickly(args) is None


def test_server_serves_a_stored_graph_without_the_cli(stored_graph: Path):
    done = subprocess.run(
        [sys.executable, "-c", SERVE_QUICKLY, "--port=8123", "--store", str(stored_graph)],
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {
        "status": 200,
        "triples": 1,
        "typer": False,
        "host": "127.0.0.1",
        "port": 8123,
        "collecting": True,
    }


def test_server_help_is_the_cli_help():
    done = _kg("serve", "--help")
    assert done.returncode == 0 and "--port" in done.stdout and "--store" in done.stdout


@pytest.mark.parametrize(
    "args, message",
    [(["--port", "99999"], "65535"), (["--port", "eighty"], "--port"), (["--colour", "red"], "--colour")],
)
def test_server_bad_option_is_the_cli_error(args: list[str], message: str):
    done = _kg("serve", *args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr


def test_server_public_address_without_a_token_is_one_line(tmp_path: Path):
    done = _kg("serve", "--host", "0.0.0.0", "--store", str(tmp_path / "kg"))
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: refusing to serve on 0.0.0.0") and len(done.stderr.splitlines()) == 1
    assert not (tmp_path / "kg").exists()


def test_server_bad_setting_names_its_variable_in_one_line(stored_graph: Path):
    done = _kg("serve", "--store", str(stored_graph), KG_QUERY_TIMEOUT="abc")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: KG_QUERY_TIMEOUT: ") and len(done.stderr.splitlines()) == 1


def test_server_store_held_by_another_process_is_one_line(stored_graph: Path):
    holder = OxigraphStore(stored_graph)
    try:
        done = _kg("serve", "--store", str(stored_graph))
    finally:
        holder.close()
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1


def test_server_uncollected_turns_the_collector_back_on_after_a_failure():
    with pytest.raises(RuntimeError), uncollected():
        assert not gc.isenabled()
        raise RuntimeError("start-up failed")
    assert gc.isenabled()
