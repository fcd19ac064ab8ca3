"""Queries under the service's limits: KG_QUERY_TIMEOUT and KG_MAX_RESULTS."""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.query.results import RESULT_FORMATS, WRITERS, QueryTimeout, collect
from kg.query.sparql import CheckedQuery, QuerySyntaxError, serialize
from kg.query.worker import MACHINE_GRAPH, Job, Reply
from kg.store.base import QueryResult, Store


@dataclass(frozen=True)
class Dataset:
    """The SPARQL Protocol's default-graph-uri and named-graph-uri, as IRIs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def options(self) -> dict:
        """Keyword arguments for pyoxigraph's Store.query."""
        if not self:
            return {}
        # The protocol's dataset replaces the query's whole dataset (FROM and FROM NAMED too): naming
        # only default graphs leaves no named graphs, and only named graphs an empty default graph.
        return {"default_graph": [ox.NamedNode(iri) for iri in self.default_graphs],
                "named_graphs": [ox.NamedNode(iri) for iri in self.named_graphs]}


@dataclass(frozen=True)
class Answer:
    """A serialised query answer, and whether rows were cut at the result cap."""

    body: bytes
    media_type: str
    truncated: bool


class QueryFailed(RuntimeError):
    """The engine could not evaluate the query (an evaluation error, or its process died)."""


class WorkerDied(QueryFailed):
    """The process evaluating the query ended without answering (e.g. out of memory)."""


class QueryRunner:
    """Runs queries on a store within a time limit and a result cap.

    On a store that can snapshot itself (the on-disk store) each query runs in a worker process
    on a read-only snapshot, and a query past the limit is stopped by killing its process: the
    CPU comes back and no other query waits on it. Elsewhere (memory, tests) queries run in the
    calling thread and the limit is checked between solutions only.
    """

    def __init__(self, store: Store, *, timeout: float, max_results: int, workers: int = 8) -> None:
        self.store = store
        self.timeout = timeout
        self.max_results = max_results
        self._workers = workers
        self._pool: _WorkerPool | None = None
        self._pool_lock = threading.Lock()

    def answer(self, checked: CheckedQuery, media_type: str, dataset: Dataset = Dataset()) -> Answer:
        """`checked` evaluated and written in `media_type`; raises QueryTimeout past the limit."""
        job = dict(text=checked.text, media_type=media_type, limit=self.max_results, dataset=dataset.options())
        reply = self._in_process(**job)
        if reply is None:
            return self._here(checked, media_type, dataset)
        return Answer(reply.body, reply.media_type, reply.truncated)

    def query(self, sparql: str, *, substitutions: dict | None = None, anchored: bool = False) -> QueryResult:
        """Results of one of our own queries (views, patterns), as Store.query gives them.

        `anchored=True` is the caller's word that every triple pattern of the query starts from a term it
        binds (an actor IRI in a VALUES block, an event's article…), so its cost follows the degree of
        those terms, not the size of the graph, and it cannot explode. Such a query runs here, in this
        thread, on the live store (pyoxigraph reads a snapshot, so concurrent writes are safe), rather
        than in a worker on a checkpoint: the worker's round trip (pickling, two pipes, parsing the answer
        back) cost 0.1 ms and 4× the engine's own time on "who backs X" (bench/runner_overhead.py). The
        price: no process to kill, so the time limit is checked between solutions only, and a SELECT's
        solutions come back as a list."""
        if anchored:
            return self._anchored(sparql, substitutions)
        reply = self._in_process(text=sparql, substitutions=substitutions)
        if reply is None:
            return self.store.query(sparql, substitutions=substitutions)
        if reply.media_type == MACHINE_GRAPH:
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(reply.body, format=RESULT_FORMATS[reply.media_type])

    def _anchored(self, sparql: str, substitutions: dict | None) -> QueryResult:
        result = self.store.query(sparql, substitutions=substitutions)
        if not isinstance(result, ox.QuerySolutions):
            return result
        return _Solutions(result, time.monotonic() + self.timeout)

    def _in_process(self, **job) -> Reply | None:
        """The worker's reply, or None when this store has no snapshots (then run here)."""
        if not hasattr(self.store, "snapshot"):
            return None
        with self.store.snapshot() as path:
            if path is None:
                return None
            reply = self._workers_pool().run(Job(snapshot=str(path), **job), self.timeout)
        if reply.error == "syntax":
            raise QuerySyntaxError(f"SPARQL syntax error: {reply.message}")
        if reply.error:
            raise QueryFailed(reply.message)
        return reply

    def _workers_pool(self) -> _WorkerPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = _WorkerPool(self._workers)
            return self._pool

    def _here(self, checked: CheckedQuery, media_type: str, dataset: Dataset) -> Answer:
        result = _evaluate(self.store, checked.text, dataset.options())
        try:
            if checked.form != "SELECT":
                return Answer(serialize(result, media_type), media_type, False)
            table = collect(result, self.max_results, time.monotonic() + self.timeout)
            return Answer(WRITERS[media_type](table), media_type, table.truncated)
        finally:
            # pyoxigraph result iterators must die on the thread that made them (pyo3 "unsendable").
            del result

    def close(self) -> None:
        """Stop the worker processes (the store stays open: it belongs to the caller)."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()


class _Solutions(list):
    """A SELECT's solutions read within a deadline, with `variables` as pyoxigraph's QuerySolutions has it."""

    def __init__(self, solutions: ox.QuerySolutions, deadline: float) -> None:
        self.variables = solutions.variables
        super().__init__(_until(solutions, deadline))


def _until(solutions, deadline: float):
    for solution in solutions:
        if time.monotonic() > deadline:
            raise QueryTimeout("the query took too long")
        yield solution


def query_anchored(reader, sparql: str) -> QueryResult:
    """`sparql`, a query anchored on terms it binds (see QueryRunner.query), on `reader`: a QueryRunner
    runs it in this thread; a Store or any other reader runs it as it runs every query."""
    if isinstance(reader, QueryRunner):
        return reader.query(sparql, anchored=True)
    return reader.query(sparql)


class _Worker:
    """One `python -m kg.query.worker` process and the two pipes to it."""

    def __init__(self) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        self.process = subprocess.Popen([sys.executable, "-m", "kg.query.worker", str(job_read), str(reply_write)],
                                        pass_fds=(job_read, reply_write), stdin=subprocess.DEVNULL)
        os.close(job_read)
        os.close(reply_write)
        self.jobs = Connection(job_write, readable=False)
        self.replies = Connection(reply_read, writable=False)

    def run(self, job: Job, timeout: float) -> Reply:
        """The reply to `job`; QueryTimeout (and this worker killed) when none comes in time."""
        self.jobs.send(job)
        if not self.replies.poll(timeout):
            self.kill()
            raise QueryTimeout("the query took too long")
        return self.replies.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.jobs.close()
        self.replies.close()


class _WorkerPool:
    """Idle workers handed out one query at a time; a killed or broken worker is replaced."""

    SPARE = 2

    def __init__(self, size: int) -> None:
        self._slots = threading.BoundedSemaphore(size)
        # Workers import in the background from Popen on, so spares are warm when a burst comes.
        self._idle: list[_Worker] = [_Worker() for _ in range(min(self.SPARE, size))]
        self._lock = threading.Lock()
        self._closed = False

    def run(self, job: Job, timeout: float) -> Reply:
        deadline = time.monotonic() + timeout
        # More queries than workers wait for one, within the same time limit.
        if not self._slots.acquire(timeout=timeout):
            raise QueryTimeout("every query worker stayed busy")
        try:
            worker = self._take()
            try:
                reply = worker.run(job, max(0.0, deadline - time.monotonic()))
            except QueryTimeout:  # a TimeoutError is an OSError: let it through as itself
                raise
            except (EOFError, OSError) as exc:
                worker.kill()
                raise WorkerDied(f"the query process died ({exc.__class__.__name__}); try again") from None
            self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            worker = self._idle.pop() if self._idle else None
            if not self._idle:
                self._idle.append(_Worker())
        return worker or _Worker()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(worker)
                return
        worker.kill()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


def _evaluate(store: Store, text: str, options: dict) -> QueryResult:
    try:
        return store.query(text, **options)
    except SyntaxError as exc:  # pyoxigraph's parser is stricter in places than rdflib's
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None


__all__ = ["Answer", "Dataset", "QueryFailed", "QueryRunner", "QueryTimeout", "WorkerDied", "query_anchored"]
