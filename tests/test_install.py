"""A fresh install with the runtime dependencies only (no extras), in its own virtualenv: `kg serve` on a new
store answers every GET route without a 5xx, and other commands name the running server.

This is the check that a dependency the code imports but pyproject.toml does not declare (scipy, once) breaks
CI, whatever the machine's or the test environment's Python happens to have installed.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.routes.export import FORMATS

REPO = Path(__file__).resolve().parents[1]
INSTALL_SECONDS = 1800  # a new venv pulls spaCy, its model, SciPy…: minutes, from the local wheel caches
STARTUP_SECONDS = 300  # loads the model and ingests the seeds first
# pytest-timeout's 300 s (pyproject.toml) counts fixture setup too: the first test here installs and starts.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(INSTALL_SECONDS + STARTUP_SECONDS + 300)]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _clean_env(venv: Path) -> dict[str, str]:
    """The environment without anything that could lend the venv our checkout or our settings."""
    env = {name: value for name, value in os.environ.items() if not name.startswith(("KG_", "PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env.get("PATH", "")])
    return env


@pytest.fixture(scope="module")
def runtime_venv(tmp_path_factory) -> Path:
    """A new virtualenv with `pip install <repo>`: the wheel, with runtime dependencies only."""
    venv = tmp_path_factory.mktemp("runtime") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(REPO)],
        capture_output=True,
        text=True,
        timeout=INSTALL_SECONDS,
        env=_clean_env(venv),
        cwd=venv,
    )
    assert installed.returncode == 0, installed.stderr[-5000:]
    return venv


@pytest.fixture(scope="module")
def served(runtime_venv: Path, tmp_path_factory):
    """`kg serve --store NEW` from the runtime venv, run outside the checkout; yields (url, store path)."""
    work = tmp_path_factory.mktemp("served")
    store, log, port = work / "kg", work / "serve.log", _free_port()
    env = _clean_env(runtime_venv)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(runtime_venv / "bin" / "kg"), "serve", "--store", str(store), "--port", str(port)],
            cwd=work,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(process, url, log)
        yield url, store
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_for_health(process: subprocess.Popen, url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"kg serve exited with {process.returncode}:\n{log.read_text()[-5000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"kg serve did not answer /health within {STARTUP_SECONDS} s:\n{log.read_text()[-5000:]}")


def test_install_runtime_venv_imports_the_installed_package_not_the_checkout(runtime_venv: Path):
    found = subprocess.run(
        [str(runtime_venv / "bin" / "python"), "-c", "import api, kg; print(kg.__file__, api.__file__)"],
        capture_output=True,
        text=True,
        env=_clean_env(runtime_venv),
        cwd=runtime_venv,
        timeout=120,
    )
    assert found.returncode == 0, found.stderr
    assert all(Path(path).is_relative_to(runtime_venv) for path in found.stdout.split())


def test_install_every_get_route_answers_without_a_server_error(served):
    url, _ = served
    with httpx.Client(base_url=url, timeout=120) as client:
        schema = client.get("/openapi.json").json()
        slug = client.get("/actors", params={"limit": 1}).json()["actors"][0]["slug"]
        article = (
            client.get(
                "/sparql",
                params={"query": "SELECT ?a WHERE { ?a a <https://w3id.org/conflict-kg/ontology#Article> } LIMIT 1"},
                headers={"Accept": "text/csv"},
            )
            .text.splitlines()[1]
            .rsplit("/", 1)[1]
        )
        requests = {
            "/health": [{}],
            "/graph": [{}],
            "/camps": [{}],
            "/actors": [{}],
            "/actors/{slug}": [{}],
            "/articles/{article_id}": [{}],
            "/relations": [{}],
            "/query": [{"q": "?x backs ?y"}],
            "/export": [{"format": name} for name in FORMATS],
            "/docs": [{}],
            "/openapi.json": [{}],
            "/sparql": [{"query": "ASK { ?s ?p ?o }"}],
            "/": [{}],
            "/map": [{}],
            "/articles": [{}],
        }
        gets = {path for path, operations in schema["paths"].items() if "get" in operations}
        assert gets <= set(requests), f"routes this test does not request yet: {gets - set(requests)}"
        answers = {}
        for template, variants in requests.items():
            path = template.format(slug=slug, article_id=article)
            for params in variants:
                response = client.get(path, params=params)
                answers[f"{path} {params or ''}"] = response.status_code
    assert all(status < 500 for status in answers.values()), answers
    assert answers["/graph "] == 200 and answers[f"/actors/{slug} "] == 200, answers


def test_install_other_commands_name_the_running_server(served, runtime_venv: Path):
    url, store = served
    result = subprocess.run(
        [str(runtime_venv / "bin" / "kg"), "query", "--store", str(store), "?x backs ?y"],
        capture_output=True,
        text=True,
        env=_clean_env(runtime_venv),
        cwd=runtime_venv,
        timeout=300,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"held by `kg serve` at {url}" in result.stderr and f"curl -sG {url}/query" in result.stderr
