"""WorkerPool: a reply awaited on an event loop (uvicorn's uvloop) is the same reply, whatever its size."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from rdflib import Literal, URIRef

from kg.query.pool import WorkerPool
from kg.query.results import QueryTimeout
from kg.query.worker import Job
from kg.store import open_store

uvloop = pytest.importorskip("uvloop")  # uvicorn's loop, declared for every platform but Windows
CSV = {"solutions": "text/csv", "graph": "application/n-triples"}
EXPLOSIVE = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"  # never ends at this size
PATIENT, IMPATIENT = 120.0, 0.3


def on_uvloop(awaitable):
    """Await on a new uvloop in a thread of its own, as uvicorn does: the browser tests' Playwright keeps a loop
    running in this thread for the session, and a second loop cannot run here."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(uvloop.run, awaitable).result()


@pytest.fixture
def snapshot(tmp_path):
    store = open_store(str(tmp_path / "kg"))
    store.add(
        (URIRef(f"http://example.org/e/{i}"), URIRef("http://example.org/p"), Literal("x" * 40)) for i in range(3000)
    )
    with store.snapshot() as path:
        yield str(path)
    store.close()


@pytest.fixture
def pool():
    found = WorkerPool(2)
    yield found
    found.close()


def test_pool_answers_awaited_on_uvloop_match_the_threaded_answer(pool, snapshot):
    job = Job(text="SELECT ?s ?o WHERE { ?s ?p ?o }", snapshot=snapshot, media_types=CSV)
    # Larger than a pipe's buffer: libuv leaves the reply pipe non-blocking, and a partial read then failed.
    awaited = [on_uvloop(pool.run_async(job, PATIENT)) for _ in range(3)]
    threaded = pool.run(job, PATIENT)  # the same workers, read without a loop afterwards
    assert len(threaded.body) > 2**16 and threaded.error is None
    assert {reply.body for reply in awaited} == {threaded.body}


def test_pool_awaited_query_past_its_time_is_stopped(pool, snapshot):
    with pytest.raises(QueryTimeout):
        on_uvloop(pool.run_async(Job(text=EXPLOSIVE, snapshot=snapshot, media_types=CSV), IMPATIENT))
    assert pool.run(Job(text="ASK { ?s ?p ?o }", snapshot=snapshot, media_types=CSV), PATIENT).body  # a new worker


def test_pool_passes_over_an_idle_worker_that_has_ended(pool, snapshot):
    job = Job(text="ASK { ?s ?p ?o }", snapshot=snapshot, media_types=CSV)
    assert pool.run(job, PATIENT).error is None
    for worker in list(pool._idle):  # ended from outside while idle, as the kernel's OOM killer would
        worker.process.kill()
        worker.process.wait()
    assert pool.run(job, PATIENT).error is None
    assert on_uvloop(pool.run_async(job, PATIENT)).error is None


def test_pool_a_small_memory_cap_is_left_to_the_query(snapshot):
    # Per-thread malloc arenas took ~350 MiB of a worker's address space: under a 400 MiB cap this query's
    # process died before it began (it needed 600), and at the 1 GiB minimum a cheap ASK died under load.
    capped = WorkerPool(1, memory_bytes=400 * 2**20)
    try:
        reply = capped.run(Job(text="SELECT * { ?s ?p ?o } ORDER BY ?o", snapshot=snapshot, media_types=CSV), PATIENT)
    finally:
        capped.close()
    assert reply.error is None and reply.body.count(b"\n") == 3001
