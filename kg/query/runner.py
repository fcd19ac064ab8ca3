"""User SPARQL under the service's limits (KG_QUERY_TIMEOUT, KG_MAX_RESULTS, KG_MAX_RESULT_BYTES, memory), cut off the network."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.errors import KGError
from kg.limits import AnswerTooLarge
from kg.query.isolation import IsolationError, isolate
from kg.query.readable import Readable
from kg.query.results import RESULT_FORMATS, QueryTimeout
from kg.query.sparql import NotAcceptable, QuerySentAsUpdate, QuerySyntaxError, UpdateSentAsQuery
from kg.query.worker import MACHINE_GRAPH, NO_NETWORK, Job, Reply, evaluate, run
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
        return {
            "default_graph": [ox.NamedNode(iri) for iri in self.default_graphs],
            "named_graphs": [ox.NamedNode(iri) for iri in self.named_graphs],
        }


@dataclass(frozen=True)
class Answer:
    """A serialised query answer, and whether rows were cut at the result cap."""

    body: bytes
    media_type: str
    truncated: bool


class QueryFailed(KGError, RuntimeError):
    """The engine could not evaluate the query (an evaluation error, or its process died)."""


class WorkerDied(QueryFailed):
    """The process evaluating the query ended without answering (e.g. out of memory)."""


class QueryRunner:
    """Runs user SPARQL on a store cut off the network, within a time limit, a result cap and a size cap.

    On a store that can snapshot itself (the on-disk store) each query runs in a worker process on a
    read-only snapshot: parse, evaluation and writing the answer all happen there, and a query past the
    limit is stopped by killing its process. On the in-memory store queries run in threads cut off the
    network, the limit checked by the caller's wait only. On a store whose engine is elsewhere (an
    external SPARQL server) the text goes to it as sent. Updates run on one thread cut off the network.
    """

    def __init__(
        self,
        store: Store,
        *,
        timeout: float,
        max_results: int,
        workers: int = 8,
        max_bytes: int | None = None,
        memory_bytes: int = 0,
    ) -> None:
        self.store = store
        self.timeout = timeout
        self.max_results = max_results
        self.max_bytes = max_bytes
        self._workers = workers
        self._memory_bytes = memory_bytes
        self._pool: _WorkerPool | None = None
        self._pool_lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self._updates: ThreadPoolExecutor | None = None

    def answer(self, text: str, media_types: dict[str, str | None], dataset: Dataset = Dataset()) -> Answer:
        """`text` parsed, evaluated and written in the media type `media_types` gives its kind of answer.

        Raises QuerySyntaxError, UpdateSentAsQuery, NotAcceptable, AnswerTooLarge, QueryTimeout (also
        when the answer is ready only after the limit), QueryFailed or IsolationError."""
        deadline = time.monotonic() + self.timeout
        job = Job(
            text=text,
            media_types=media_types,
            limit=self.max_results,
            max_bytes=self.max_bytes,
            dataset=dataset.options(),
        )
        reply = _checked(self._reply(job))
        if time.monotonic() > deadline:
            raise QueryTimeout("the answer was ready only after the time limit")
        return Answer(reply.body, reply.media_type, reply.truncated)

    def query(self, sparql: str, *, substitutions: dict | None = None, anchored: bool = False) -> QueryResult:
        """Results of a query, as Store.query gives them (a SELECT's solutions may come back as a list).

        `anchored=True` is the caller's word that the text is ours (not a user's) and every triple pattern
        starts from a term it binds (an actor IRI in a VALUES block, an event's article…), so its cost
        follows the degree of those terms, not the size of the graph, and it cannot explode. Such a query
        runs here, in this thread, on the live store (pyoxigraph reads a snapshot, so concurrent writes are
        safe), rather than in a worker on a checkpoint: the worker's round trip (pickling, two pipes, parsing
        the answer back) cost 0.1 ms and 4× the engine's own time on "who backs X" (bench/runner_overhead.py).
        The price: no process to kill, so the time limit is checked between solutions only."""
        if anchored:
            return self._anchored(sparql, substitutions)
        if self.store.evaluates_elsewhere:
            return self.store.query(sparql, substitutions=substitutions)
        reply = _checked(self._reply(Job(text=sparql, substitutions=substitutions)))
        if reply.media_type == MACHINE_GRAPH:
            return [
                ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)
            ]
        return ox.parse_query_results(reply.body, format=RESULT_FORMATS[reply.media_type])

    def update(self, sparql: str) -> None:
        """Run a user's SPARQL Update: on one thread cut off the network (LOAD and SERVICE fail there), or,
        on an external engine, sent to it. Raises QuerySyntaxError, QuerySentAsUpdate or IsolationError."""
        # A dry run first, in a worker on an empty store: a text that crashes the parser (nesting deep enough
        # to overflow its stack) kills the worker, not the server; syntax errors read as ours; a LOAD (always
        # run) fails there. On an external engine a SERVICE skipped on no data may still go through: that
        # engine's network is its operator's to close.
        _checked(self._workers_pool().run(Job(text=sparql, check="update"), self.timeout))
        if self.store.evaluates_elsewhere:
            self.store.update(sparql)
            return
        with self._pool_lock:
            if self._updates is None:
                self._updates = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kg-update")
        self._updates.submit(_isolated_update, self.store, sparql).result()

    def _anchored(self, sparql: str, substitutions: dict | None) -> QueryResult:
        result = self.store.query(sparql, substitutions=substitutions)
        if not isinstance(result, ox.QuerySolutions):
            return result
        return _Solutions(result, time.monotonic() + self.timeout)

    def _reply(self, job: Job) -> Reply:
        """The job run in a worker process on a snapshot, in an isolated thread, or (engine elsewhere) here."""
        if self.store.evaluates_elsewhere:
            # Parsed here first by the same engine's parser: an update or a syntax error is ours to name.
            parsed = self._workers_pool().run(replace(job, check="query"), self.timeout)
            if parsed.error is not None:
                return parsed
            try:
                return evaluate(self.store, job)  # the store's own errors (timeouts, an engine down) go through
            except SyntaxError as exc:
                return Reply(error="syntax", message=str(exc))
        if self.store.can_snapshot:
            with self.store.snapshot() as path:
                return self._workers_pool().run(replace(job, snapshot=str(path)), self.timeout)
        # In memory: parsed first in a worker, where a text that overflows the parser's stack kills only it.
        parsed = self._workers_pool().run(replace(job, check="query"), self.timeout)
        if parsed.error is not None:
            return parsed
        future = self._isolated_threads().submit(_isolated_run, self.store, job)
        try:
            return future.result(self.timeout)
        except FutureTimeout:
            raise QueryTimeout("the query took too long") from None

    def _workers_pool(self) -> _WorkerPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = _WorkerPool(self._workers, self._memory_bytes)
            return self._pool

    def _isolated_threads(self) -> ThreadPoolExecutor:
        with self._pool_lock:
            if self._threads is None:
                self._threads = ThreadPoolExecutor(max_workers=self._workers, thread_name_prefix="kg-query")
            return self._threads

    def close(self) -> None:
        """Stop the worker processes and threads (the store stays open: it belongs to the caller)."""
        with self._pool_lock:
            if self._pool is not None:
                self._pool.close()
            for executor in (self._threads, self._updates):
                if executor is not None:
                    executor.shutdown(wait=False, cancel_futures=True)


_isolation = threading.local()


def _isolated(thread_work):
    """Run `thread_work()` on this thread once it is cut off the network (isolated on first use)."""
    if not hasattr(_isolation, "error"):
        try:
            isolate()
            _isolation.error = None
        except IsolationError as exc:
            _isolation.error = exc
    if _isolation.error is not None:
        raise _isolation.error
    return thread_work()


def _isolated_run(store: Store, job: Job) -> Reply:
    try:
        return _isolated(lambda: run(store, job))
    except IsolationError as exc:
        return Reply(error="isolation", message=str(exc))


def _isolated_update(store: Store, sparql: str) -> None:
    _isolated(lambda: _update(store, sparql))


def _update(store: Store, sparql: str) -> None:
    try:
        store.update(sparql)
    except SyntaxError as exc:  # the worker parsed it already; kept so no parser error passes as another
        raise QuerySyntaxError(f"SPARQL Update syntax error: {exc}") from None
    except OSError as exc:
        raise OSError(f"{exc} ({NO_NETWORK})") from None


def _checked(reply: Reply) -> Reply:
    """The reply, or its error raised as ours."""
    if reply.error is None:
        return reply
    raise _ERRORS[reply.error](reply)


_ERRORS = {
    "syntax": lambda r: QuerySyntaxError(f"SPARQL syntax error: {r.message}"),
    "update": lambda r: UpdateSentAsQuery("this endpoint is read-only: send SPARQL Update to POST /update"),
    "query": lambda r: QuerySentAsUpdate("this is a SPARQL query, not an update: send it to GET or POST /sparql"),
    "not_acceptable": lambda r: NotAcceptable(r.kind),
    "too_large": lambda r: AnswerTooLarge(f"{r.message} (KG_MAX_RESULT_BYTES): add a LIMIT or select fewer columns"),
    "isolation": lambda r: IsolationError(r.message),
    "failed": lambda r: QueryFailed(r.message),
}


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


def query_anchored(reader: Readable, sparql: str) -> QueryResult:
    """`sparql`, a query anchored on terms it binds (see QueryRunner.query), on `reader`: a QueryRunner
    runs it in this thread; a Store or any other reader runs it as it runs every query."""
    if isinstance(reader, QueryRunner):
        return reader.query(sparql, anchored=True)
    return reader.query(sparql)


DEFAULT_MAX_RESULTS = 10_000  # KG_MAX_RESULTS's default: the cap for a reader that carries none


def result_cap(reader: Readable) -> int:
    """The most rows a read on `reader` gives: a QueryRunner's KG_MAX_RESULTS, else DEFAULT_MAX_RESULTS."""
    return reader.max_results if isinstance(reader, QueryRunner) else DEFAULT_MAX_RESULTS


class _Worker:
    """One `python -m kg.query.worker` process and the two pipes to it."""

    def __init__(self, memory_bytes: int = 0) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        command = [sys.executable, "-m", "kg.query.worker", str(job_read), str(reply_write), str(memory_bytes)]
        self.process = subprocess.Popen(command, pass_fds=(job_read, reply_write), stdin=subprocess.DEVNULL)
        os.close(job_read)
        os.close(reply_write)
        self.jobs = Connection(job_write, readable=False)
        self.replies = Connection(reply_read, writable=False)
        self.demoted = False

    def run(self, job: Job, timeout: float) -> Reply:
        """The reply to `job`; QueryTimeout (and this worker killed) when none comes in time.

        A query still running after FRESH seconds is demoted to a low CPU priority (nice DEMOTED_NICE): queries that
        just arrived (most are cheap) go first, so a few hostile ones cannot starve them."""
        self.jobs.send(job)
        if not self.replies.poll(min(timeout, FRESH)):
            self._demote()
            if not self.replies.poll(max(0.0, timeout - FRESH)):
                self.kill()
                raise QueryTimeout("the query took too long")
        return self.replies.recv()

    def _demote(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, DEMOTED_NICE)
            self.demoted = True
        except OSError:  # already gone: its reply (or EOF) is in the pipe
            pass

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        self.jobs.close()
        self.replies.close()


FRESH = 1.0  # seconds a query runs at normal priority
DEMOTED_NICE = 5  # about a third of the CPU share of a fresh query, without starving it on a busy machine


class _WorkerPool:
    """Idle workers handed out one query at a time; a killed or broken worker is replaced."""

    SPARE = 2

    def __init__(self, size: int, memory_bytes: int = 0) -> None:
        self._slots = threading.BoundedSemaphore(size)
        self._memory_bytes = memory_bytes
        # Workers import in the background from Popen on, so spares are warm when a burst comes.
        self._idle: list[_Worker] = [_Worker(memory_bytes) for _ in range(min(self.SPARE, size))]
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
                raise WorkerDied(
                    f"the query process died ({exc.__class__.__name__}): past its memory cap "
                    "(KG_QUERY_MEMORY_MB), or nested too deeply for the parser; narrow the query, "
                    "or try again"
                ) from None
            self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            worker = self._idle.pop(0) if self._idle else None  # the oldest: the likeliest to have finished importing
            # Kept topped up, so a cheap query behind a burst of slow ones finds a worker already warm.
            while len(self._idle) < self.SPARE:
                self._idle.append(_Worker(self._memory_bytes))
        return worker or _Worker(self._memory_bytes)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            # A demoted worker is replaced, not reused: raising a priority back needs privileges.
            if not self._closed and not worker.demoted:
                self._idle.append(worker)
                return
        worker.kill()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


__all__ = [
    "DEFAULT_MAX_RESULTS",
    "AnswerTooLarge",
    "Answer",
    "Dataset",
    "IsolationError",
    "QueryFailed",
    "QueryRunner",
    "QueryTimeout",
    "WorkerDied",
    "query_anchored",
    "result_cap",
]
