"""QueryRunner: the time limit really stops a query, the cap cuts results, snapshots follow writes."""

import asyncio
import os
import signal
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.query import QuerySyntaxError
from kg.query.runner import QueryRunner, QueryTimeout, WorkerDied
from kg.store import open_store

JSON = "application/sparql-results+json"
# Three unconstrained patterns: a cube of the store (8·10⁹ rows at 2,000 triples), then a sort that must see all of
# it first. It never finishes within a test's life, so a small limit always stops it, however busy the machine.
EXPLOSIVE = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
CHEAP = "ASK { ?s ?p ?o FILTER (true) }"  # not one pattern alone, which is read without a worker (kg.query.one_pattern)
# Limits that no busy machine reaches for a query that ends (a worker's start included) and that stop one that
# does not: the tests depend on which query ends, never on how fast.
PATIENT, IMPATIENT = 120.0, 0.3


def kinds(media_type: str) -> dict[str, str]:
    """The media types QueryRunner.answer takes: `media_type` for whichever kind the query turns out to be."""
    return {"solutions": media_type, "graph": media_type}


def fill(store, count: int) -> None:
    store.add((_iri(f"e/{i}"), _iri(f"p/{i % 7}"), _literal(str(i))) for i in range(count))


def _iri(path: str):
    from rdflib import URIRef

    return URIRef(f"http://example.org/{path}")


def _literal(value: str):
    from rdflib import Literal

    return Literal(value)


@pytest.fixture
def disk_store(tmp_path):
    store = open_store(str(tmp_path / "kg"))
    fill(store, 2000)
    yield store
    store.close()


@pytest.fixture
def runner(disk_store):
    found = QueryRunner(disk_store, timeout=PATIENT, max_results=50)
    yield found
    found.close()


def worker_cpu_seconds() -> dict[int, float]:
    """CPU seconds used so far by each live query-worker child of this process (from /proc)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == os.getpid() and b"kg.query.worker" in cmdline and fields[0] != "Z":
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def test_a_query_past_the_limit_is_stopped_and_the_next_is_answered(runner):
    assert runner.answer(CHEAP, kinds(JSON)).body == b'{"head":{},"boolean":true}'  # the pool is up
    before = set(worker_cpu_seconds())
    runner.timeout = IMPATIENT
    with pytest.raises(QueryTimeout):
        runner.answer(EXPLOSIVE, kinds(JSON))
    # The process that ran it is gone (killed and reaped), not left burning CPU in the background.
    assert len(before - set(worker_cpu_seconds())) == 1
    runner.timeout = PATIENT
    assert runner.answer(CHEAP, kinds(JSON)).body == b'{"head":{},"boolean":true}'


def test_a_cheap_query_is_answered_while_explosive_ones_run(runner):
    outcomes = []

    def explode():
        try:
            runner.answer(EXPLOSIVE, kinds(JSON))
            outcomes.append("answered")
        except WorkerDied:
            outcomes.append("stopped")

    already = set(worker_cpu_seconds())  # other tests' runners may hold some
    threads = [threading.Thread(target=explode) for _ in range(4)]
    for thread in threads:
        thread.start()
    busy = _wait_for_busy_workers(4, ignore=already)
    assert runner.answer(CHEAP, kinds(JSON)).body.endswith(b"true}")
    assert all(thread.is_alive() for thread in threads)  # it did not wait for an explosive one to end
    for pid in busy:  # they would run for hours: stop them as the time limit would
        os.kill(pid, signal.SIGKILL)
    for thread in threads:
        thread.join()
    assert outcomes == ["stopped"] * 4


def _wait_for_busy_workers(count: int, ignore: set[int]) -> set[int]:
    """The pids of `count` query workers that are evaluating (an idle worker uses no CPU after its start)."""
    deadline = time.monotonic() + PATIENT
    while time.monotonic() < deadline:
        busy = {pid for pid, seconds in worker_cpu_seconds().items() if pid not in ignore and seconds >= 1.0}
        if len(busy) >= count:
            return busy
        time.sleep(0.1)
    raise AssertionError(f"{count} workers never got busy")


def test_rows_and_triples_are_cut_at_the_cap(runner):
    select = runner.answer("SELECT ?s WHERE { ?s ?p ?o }", kinds("text/csv"))
    assert select.truncated and select.body.count(b"\r\n") == 51  # header + 50 rows
    graph = runner.answer("CONSTRUCT WHERE { ?s ?p ?o }", kinds("application/n-triples"))
    assert graph.truncated and graph.body.count(b"\n") == 50
    small = runner.answer("SELECT ?s WHERE { ?s ?p ?o } LIMIT 3", kinds("text/csv"))
    assert not small.truncated


def test_queries_see_writes_made_after_an_earlier_query(runner, disk_store):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert [s["n"].value for s in runner.query(count)] == ["2000"]
    fill(disk_store, 2100)  # 100 new subjects; the first 2000 triples are already there
    assert [s["n"].value for s in runner.query(count)] == ["2100"]


def test_substitutions_reach_the_worker(runner):
    query = "SELECT ?s ?o WHERE { ?s <http://example.org/p/3> ?o }"
    found = runner.query(query, substitutions={ox.Variable("s"): ox.NamedNode("http://example.org/e/10")})
    assert [(s["s"].value, s["o"].value) for s in found] == [("http://example.org/e/10", "10")]


def test_engine_syntax_errors_come_back_as_syntax_errors(runner):
    with pytest.raises(QuerySyntaxError):
        runner.query("SELECT ?s WHERE { ?s ?p }")


def test_a_syntax_error_is_placed_in_the_callers_text_not_after_the_base(runner):
    # The base goes in front of the text on its first line; the error's column is still the caller's.
    with pytest.raises(QuerySyntaxError, match=r"^SPARQL syntax error at 1:11, near 'WHER \{\}'$"):
        runner.answer("SELECT ?s WHER {}", kinds(JSON), base="http://example.org/a/long/base/iri")
    with pytest.raises(QuerySyntaxError, match=r"^SPARQL Update syntax error at 2:1, near 'INSRT"):
        runner.update("PREFIX ex: <http://example.org/>\nINSRT DATA { ex:a ex:b ex:c }", base="http://example.org/")


def test_a_relative_iri_resolves_against_the_base(runner):
    answer = runner.answer("SELECT ?x WHERE { BIND(<b> AS ?x) }", kinds("text/csv"), base="http://example.org/a")
    assert answer.body.splitlines()[1] == b"http://example.org/b"


def test_one_pattern_is_answered_here_as_a_worker_answers_it(runner, disk_store):
    workers = set(worker_cpu_seconds())  # other tests' runners may hold some
    here = runner.answer("SELECT ?o WHERE { <http://example.org/e/3> ?p ?o }", kinds(JSON))
    assert set(worker_cpu_seconds()) == workers  # no query process was started for it
    there = runner.answer("SELECT ?o WHERE { <http://example.org/e/3> ?p ?o FILTER (true) }", kinds(JSON))
    assert here.body == there.body and b'"value":"3"' in here.body
    disk_store.add([(_iri("e/3"), _iri("p/extra"), _literal("new"))])
    assert b'"value":"new"' in runner.answer("SELECT ?o WHERE { <http://example.org/e/3> ?p ?o }", kinds(JSON)).body


def test_one_pattern_past_the_rows_read_here_is_read_whole_by_a_worker(disk_store):
    from kg.query.runner import ROWS_HERE

    generous = QueryRunner(disk_store, timeout=PATIENT, max_results=ROWS_HERE + 100)
    answer = generous.answer("SELECT ?s WHERE { ?s ?p ?o }", kinds("text/csv"))
    assert answer.truncated and answer.body.count(b"\r\n") == 1 + ROWS_HERE + 100
    limited = generous.answer(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {ROWS_HERE + 50}", kinds("text/csv"))
    assert not limited.truncated and limited.body.count(b"\r\n") == 1 + ROWS_HERE + 50
    generous.close()


def test_one_pattern_that_fails_is_answered_with_the_long_ways_error(runner):
    with pytest.raises(QuerySyntaxError, match="at 1:21"):  # an undeclared prefix, placed in the caller's text
        runner.answer("SELECT ?s { ?s ex:p ?o }", kinds(JSON))


def test_one_pattern_is_answered_here_on_the_event_loop_too(runner):
    workers = set(worker_cpu_seconds())
    answer = asyncio.run(runner.answer_async("ASK { <http://example.org/e/3> ?p ?o }", kinds(JSON)))
    assert answer.body == b'{"head":{},"boolean":true}'
    assert set(worker_cpu_seconds()) == workers


def test_a_memory_store_is_queried_under_the_cap_too():
    store = open_store("memory")
    fill(store, 10)
    runner = QueryRunner(store, timeout=60.0, max_results=5)
    answer = runner.answer("SELECT ?s WHERE { ?s ?p ?o }", kinds("text/csv"))
    assert answer.truncated and answer.body.count(b"\r\n") == 6


# --- anchored queries: our own queries that start from bound terms run in this thread, not in a worker ---------------


def test_anchored_queries_are_answered_without_starting_a_worker(runner, disk_store):
    text = "SELECT ?o WHERE { VALUES ?s { <http://example.org/e/3> } ?s ?p ?o }"
    workers = set(worker_cpu_seconds())  # other tests' runners may hold some
    assert [row["o"].value for row in runner.query(text, anchored=True)] == ["3"]
    assert set(worker_cpu_seconds()) == workers  # no query process was started for it
    disk_store.add([(_iri("e/3"), _iri("p/extra"), _literal("new"))])
    assert {row["o"].value for row in runner.query(text, anchored=True)} == {"3", "new"}  # the live store


def test_an_anchored_query_past_the_limit_stops_between_solutions(disk_store):
    impatient = QueryRunner(disk_store, timeout=0.0, max_results=50)
    with pytest.raises(QueryTimeout):
        impatient.query("SELECT ?s ?o WHERE { ?s ?p ?o }", anchored=True)
    impatient.close()


def test_views_and_patterns_answer_the_same_through_the_runner(seeded_store):
    from kg.query.pattern import run_pattern
    from kg.query.views import actor_detail, relations

    runner = QueryRunner(seeded_store, timeout=10, max_results=100)
    try:
        assert actor_detail(runner, "assad-regime") == actor_detail(seeded_store, "assad-regime")
        assert relations(runner, type="backs", target="assad-regime") == relations(
            seeded_store, type="backs", target="assad-regime"
        )
        backers = run_pattern(runner, "?x backs assad-regime")
        assert "iran" in {row.bindings["x"].slug for row in backers.rows}
        assert all(row.edges[0].evidence_count >= 1 for row in backers.rows)
        assert run_pattern(runner, '?x backs "Assad regime"').rows == backers.rows  # a label, not a slug
    finally:
        runner.close()
