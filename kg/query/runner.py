"""User SPARQL under the service's limits (KG_QUERY_TIMEOUT, KG_MAX_RESULTS, KG_MAX_RESULT_BYTES, memory), cut off the network."""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, replace

import pyoxigraph as ox

from kg.limits import AnswerTooLarge
from kg.query.isolation import IsolationError, isolate
from kg.query.one_pattern import is_one_pattern
from kg.query.pool import QueryFailed, WorkerDied, WorkerPool
from kg.query.readable import Readable
from kg.query.results import RESULT_FORMATS, QueryTimeout
from kg.query.sparql import (
    NotAcceptable,
    QuerySentAsUpdate,
    QuerySyntaxError,
    UpdateSentAsQuery,
    base_prologue,
    describe_syntax_error,
    is_blank,
)
from kg.query.worker import MACHINE_GRAPH, NO_NETWORK, Job, Reply, evaluate, run
from kg.store.base import QueryResult, Store

ROWS_HERE = (
    100  # rows one pattern may read in the caller's thread (at most ~0.7 ms, written); past them a worker reads them
)


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


class QueryRunner:
    """Runs user SPARQL on a store cut off the network, within a time limit, a result cap and a size cap.

    On a store that can snapshot itself (the on-disk store) each query runs in a worker process on a
    read-only snapshot: parse, evaluation and writing the answer all happen there, and a query past the
    limit is stopped by killing its process; one triple pattern with a small answer, bounded by the rows
    it reads, is read here instead (`_read_here`). On the in-memory store queries run in threads cut off the
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
        self._pool: WorkerPool | None = None
        self._pool_lock = threading.Lock()
        self._threads: ThreadPoolExecutor | None = None
        self._updates: ThreadPoolExecutor | None = None

    def answer(
        self, text: str, media_types: dict[str, str | None], dataset: Dataset = Dataset(), base: str | None = None
    ) -> Answer:
        """`text` parsed, evaluated and written in the media type `media_types` gives its kind of answer;
        relative IRIs resolved against `base` when one is given.

        Raises QuerySyntaxError (its position in `text`), UpdateSentAsQuery, NotAcceptable, AnswerTooLarge,
        QueryTimeout (also when the answer is ready only after the limit), QueryFailed or IsolationError."""
        deadline = time.monotonic() + self.timeout
        job = self._answer_job(text, media_types, dataset, base)
        reply = self._read_here(job) or self._reply(job)
        return self._answered(reply, deadline, text, base)

    async def answer_async(
        self, text: str, media_types: dict[str, str | None], dataset: Dataset = Dataset(), base: str | None = None
    ) -> Answer:
        """`answer` for a caller on an asyncio event loop. On the on-disk store the reply of the worker
        process is awaited on the loop (no thread hand-off: the query runs in the worker either way);
        the other stores run `answer` in a thread."""
        if not self.store.can_snapshot or self.store.evaluates_elsewhere:
            return await asyncio.to_thread(self.answer, text, media_types, dataset, base)
        deadline = time.monotonic() + self.timeout
        reply = self._read_here(self._answer_job(text, media_types, dataset, base))
        if reply is None:
            pool = self._pool or self._workers_pool()
            with self.store.snapshot() as path:
                job = self._answer_job(text, media_types, dataset, base, snapshot=str(path))
                reply = await pool.run_async(job, self.timeout)
        return self._answered(reply, deadline, text, base)

    def _read_here(self, job: Job) -> Reply | None:
        """The answer to one triple pattern (kg.query.one_pattern) read in this thread on the live store, when
        it takes at most ROWS_HERE rows; None for any other query, or any failure (a worker then runs it, and
        gives its error as the long way always has).

        Bounded by construction, as the worker's kill is not: one pattern streams, and at most ROWS_HERE + 1
        rows are read (under a millisecond), so no time limit or memory cap is needed. It saves the worker's round trip
        (two pipes, two wake-ups, ~0.15 ms), which was a third of a cheap query's time (bench/RESULTS.md)."""
        if job.dataset or not self.store.can_snapshot or self.store.evaluates_elsewhere:
            return None
        if not is_one_pattern(job.text):
            return None
        limit = ROWS_HERE if job.limit is None else min(job.limit, ROWS_HERE)
        try:
            reply = evaluate(self.store, replace(job, limit=limit))
        except Exception:  # noqa: BLE001 - the worker runs it again, and answers its error the long way
            return None
        if reply.error is not None or (reply.truncated and limit != job.limit):
            return None
        return reply

    def _answer_job(
        self,
        text: str,
        media_types: dict[str, str | None],
        dataset: Dataset,
        base: str | None = None,
        snapshot: str | None = None,
    ) -> Job:
        return Job(
            text=base_prologue(base) + text,
            snapshot=snapshot,
            media_types=media_types,
            limit=self.max_results,
            max_bytes=self.max_bytes,
            dataset=dataset.options(),
        )

    @staticmethod
    def _answered(reply: Reply, deadline: float, text: str, base: str | None) -> Answer:
        _checked(reply, text, base_prologue(base))
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
            return self._query_elsewhere(sparql, substitutions)
        reply = _checked(self._reply(Job(text=sparql, substitutions=substitutions)), sparql)
        if reply.media_type == MACHINE_GRAPH:
            return [
                ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(reply.body, format=ox.RdfFormat.N_TRIPLES)
            ]
        return ox.parse_query_results(reply.body, format=RESULT_FORMATS[reply.media_type])

    def _query_elsewhere(self, sparql: str, substitutions: dict | None) -> QueryResult:
        """The external engine's answer. A text it refuses is parsed here then (nothing is parsed twice on the
        way in): the engine saw it rewritten (kg.store.dialect), so only our parser can place the error in it."""
        try:
            return self.store.query(sparql, substitutions=substitutions)
        except SyntaxError as exc:
            _checked(self._workers_pool().run(Job(text=sparql, check="query"), self.timeout), sparql)
            raise QuerySyntaxError(describe_syntax_error(sparql, str(exc))) from None

    def update(self, text: str, base: str | None = None) -> None:
        """Run a user's SPARQL Update: on one thread cut off the network (LOAD and SERVICE fail there), or,
        on an external engine, sent to it; relative IRIs resolved against `base` when one is given.
        Raises QuerySyntaxError (its position in `text`), QuerySentAsUpdate or IsolationError."""
        prologue = base_prologue(base)
        sparql = prologue + text
        # A dry run first, in a worker on an empty store: a text that crashes the parser (nesting deep enough
        # to overflow its stack) kills the worker, not the server; syntax errors read as ours; a LOAD (always
        # run) fails there. On an external engine a SERVICE skipped on no data may still go through: that
        # engine's network is its operator's to close.
        _checked(self._workers_pool().run(Job(text=sparql, check="update"), self.timeout), text, prologue, update=True)
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

    def _workers_pool(self) -> WorkerPool:
        with self._pool_lock:
            if self._pool is None:
                self._pool = WorkerPool(self._workers, self._memory_bytes)
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


def _checked(reply: Reply, text: str, prologue: str = "", *, update: bool = False) -> Reply:
    """The reply, or its error raised as ours; a syntax error's position is given in `text` (a query, or an
    update), which the engine read with `prologue` in front."""
    if reply.error is None:
        return reply
    if reply.error == "syntax":
        raise QuerySyntaxError(describe_syntax_error(text, reply.message, prologue, update=update))
    if reply.error == "update" and is_blank(text):  # the engine reads nothing at all as an update with no operations
        raise QuerySyntaxError("SPARQL syntax error: the query is empty: write a SELECT, ASK, CONSTRUCT or DESCRIBE")
    raise _ERRORS[reply.error](reply)


_ERRORS = {
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
