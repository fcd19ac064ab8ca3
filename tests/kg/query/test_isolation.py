"""kg.query.isolation: a thread cut off the network cannot connect (the rest of the process still can), and
where no layer can be applied user SPARQL is refused, not run unprotected."""

import socket
import threading

import pyoxigraph as ox
import pytest

from kg.query import isolation
from kg.query.runner import IsolationError, QueryRunner
from kg.store import OxigraphStore


@pytest.fixture
def listener():
    server = socket.create_server(("127.0.0.1", 0))
    yield server.getsockname()
    server.close()


def in_thread(function):
    found = []
    thread = threading.Thread(target=lambda: found.append(function()))
    thread.start()
    thread.join()
    return found[0]


def test_isolation_cuts_off_only_the_isolated_thread(listener):
    def isolated():
        layers = isolation.isolate()
        return layers, isolation.can_connect(*listener)

    layers, connected = in_thread(isolated)
    assert layers and not connected
    assert isolation.can_connect(*listener)  # this thread, and so the server's HTTP side, is untouched


def test_isolation_stops_pyoxigraph_service_and_load(listener):
    host, port = listener

    def isolated():
        isolation.isolate()
        failures = []
        for run in (
            lambda: list(ox.Store().query(f"SELECT * WHERE {{ SERVICE <http://{host}:{port}/> {{ ?s ?p ?o }} }}")),
            lambda: ox.Store().update(f"LOAD <http://{host}:{port}/data.ttl>"),
        ):
            try:
                run()
            except OSError as exc:
                failures.append(exc)
        return failures

    assert len(in_thread(isolated)) == 2


def test_isolation_fails_closed_when_no_layer_applies(monkeypatch):
    monkeypatch.setattr(isolation, "_new_netns", lambda libc: False)
    monkeypatch.setattr(isolation, "_seccomp", lambda libc: False)
    with pytest.raises(IsolationError, match="refusing"):
        isolation.isolate()
    runner = QueryRunner(OxigraphStore(), timeout=10, max_results=10)
    monkeypatch.setattr("kg.query.runner.isolate", isolation.isolate)
    try:
        with pytest.raises(IsolationError):  # the in-memory store's query threads refuse to run SPARQL
            runner.answer("ASK {}", {"solutions": "application/sparql-results+json"})
        with pytest.raises(IsolationError):
            runner.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    finally:
        runner.close()
