"""Query worker processes (`python -m kg.query.worker`), handed out one query at a time by kg.query.runner.

A reply is waited for either in the caller's thread (`run`) or on the caller's asyncio event loop
(`run_async`): the query runs in the worker either way, so waiting on the loop costs no thread hand-off.
"""

from __future__ import annotations

import asyncio
import os
import select
import subprocess
import sys
import threading
import time
from contextlib import suppress

from kg.errors import KGError
from kg.query.results import QueryTimeout
from kg.query.wire import Inbox, send
from kg.query.worker import Job, Reply, decode_reply, encode_job

FRESH = 1.0  # seconds a query runs at normal priority
DEMOTED_NICE = 5  # about a third of the CPU share of a fresh query, without starving it on a busy machine
# glibc gives each thread that allocates an arena of its own, reserving 64 MiB of address space (128 MiB while it
# sets one up): RocksDB's threads alone took ~350 MiB of a worker's RLIMIT_AS, and a trivial query needed a 600 MiB
# cap. Under load the reservations overlapped, and a cheap ASK died at the 1 GiB minimum (CI, stop 23). Two arenas
# leave the cap to what the query itself holds.
WORKER_ENVIRONMENT = {"MALLOC_ARENA_MAX": "2"}


class QueryFailed(KGError, RuntimeError):
    """The engine could not evaluate the query (an evaluation error, or its process died)."""


class WorkerDied(QueryFailed):
    """The process evaluating the query ended without answering (e.g. out of memory)."""


def _died(exc: BaseException) -> WorkerDied:
    return WorkerDied(
        f"the query process died ({exc.__class__.__name__}): past its memory cap "
        "(KG_QUERY_MEMORY_MB), or nested too deeply for the parser; narrow the query, or try again"
    )


class _Worker:
    """One `python -m kg.query.worker` process and the two pipes to it (kg.query.wire)."""

    def __init__(self, memory_bytes: int = 0) -> None:
        job_read, job_write = os.pipe()
        reply_read, reply_write = os.pipe()
        command = [sys.executable, "-m", "kg.query.worker", str(job_read), str(reply_write), str(memory_bytes)]
        self.process = subprocess.Popen(
            command, pass_fds=(job_read, reply_write), stdin=subprocess.DEVNULL, env=os.environ | WORKER_ENVIRONMENT
        )
        os.close(job_read)
        os.close(reply_write)
        self.jobs = job_write
        self.replies = Inbox(reply_read)
        self.demoted = False

    def run(self, job: Job, timeout: float) -> Reply:
        """The reply to `job`; QueryTimeout (and this worker killed) when none comes in time.

        A query still running after FRESH seconds is demoted to a low CPU priority (nice DEMOTED_NICE): queries that
        just arrived (most are cheap) go first, so a few hostile ones cannot starve them."""
        send(self.jobs, encode_job(job))
        started = time.monotonic()
        deadline, demote_at = started + timeout, started + min(timeout, FRESH)
        waiting = select.poll()
        waiting.register(self.replies.fd, select.POLLIN)
        while (message := self.replies.take()) is None:
            now = time.monotonic()
            if now >= deadline:
                self.kill()
                raise QueryTimeout("the query took too long")
            if now >= demote_at and not self.demoted and not self.replies.started:
                self._demote()
            waiting.poll((demote_at if now < demote_at else deadline) * 1000 - now * 1000 + 1)
        return decode_reply(message)

    async def run_async(self, job: Job, timeout: float) -> Reply:
        """`run`, the reply awaited on the running event loop instead of blocking a thread."""
        message = await self._arrived(min(timeout, FRESH), encode_job(job))
        if message is None:
            if not self.replies.started:
                self._demote()
            message = await self._arrived(max(0.0, timeout - FRESH))
            if message is None:
                self.kill()
                raise QueryTimeout("the query took too long")
        return decode_reply(message)

    async def _arrived(self, timeout: float, job: bytes | None = None) -> bytes | None:
        """The reply once it has all arrived, or None after `timeout` seconds; EOFError if the worker ended.
        `job`: sent once the reply is watched for."""
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[bytes | None] = loop.create_future()
        loop.add_reader(self.replies.fd, _read, self.replies, ready)
        # A timer on the loop rather than asyncio.wait_for, which wraps the wait in a task of its own per query.
        timer = loop.call_later(timeout, _settle, ready, None)
        try:
            # Sent last: the write wakes the worker, which often takes this core until it has answered, and what
            # was left to do here (the watch and the timer) then came after the answer, on its way to the client.
            if job is not None:
                send(self.jobs, job)
            return await ready
        finally:
            timer.cancel()
            loop.remove_reader(self.replies.fd)

    def _demote(self) -> None:
        try:
            os.setpriority(os.PRIO_PROCESS, self.process.pid, DEMOTED_NICE)
            self.demoted = True
        except OSError:  # already gone: its reply (or EOF) is in the pipe
            pass

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()
        for fd in (self.jobs, self.replies.fd):
            with suppress(OSError):
                os.close(fd)


def _read(inbox: Inbox, ready: asyncio.Future[bytes | None]) -> None:
    if ready.done():
        return
    try:
        message = inbox.take()
    except EOFError as exc:
        ready.set_exception(exc)
        return
    if message is not None:
        ready.set_result(message)


def _settle(future: asyncio.Future[bytes | None], value: bytes | None) -> None:
    if not future.done():
        future.set_result(value)


class WorkerPool:
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
        """The reply to `job` from an idle worker; QueryTimeout past `timeout` seconds, WorkerDied if it dies."""
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
                raise _died(exc) from None
            self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    async def run_async(self, job: Job, timeout: float) -> Reply:
        """`run` awaited on the running event loop; when every worker is busy, `run` waits in a thread."""
        if not self._slots.acquire(blocking=False):
            return await asyncio.to_thread(self.run, job, timeout)
        try:
            worker = self._take()
            try:
                reply = await worker.run_async(job, timeout)
            except QueryTimeout:
                raise
            except (EOFError, OSError) as exc:
                worker.kill()
                raise _died(exc) from None
            except BaseException:  # cancelled while its query runs: the worker's late reply must not be read
                worker.kill()
                raise
            self._give_back(worker)
            return reply
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        with self._lock:
            # The last given back: a worker that just ran a query has the snapshot open and its pages in the
            # caches, where taking them in turn woke a colder one each time (~0.2 ms of a cheap query's 1 ms).
            worker = self._idle.pop() if self._idle else None
            # An idle worker that has ended (killed from outside, out of memory after its reply) would answer the
            # next query with a 503: drop it and take the next.
            while worker is not None and worker.process.poll() is not None:
                worker.kill()
                worker = self._idle.pop() if self._idle else None
            # Kept topped up, so a cheap query behind a burst of slow ones finds a worker already warm; new ones go
            # to the far end, which is taken last, so they have time to import.
            while len(self._idle) < self.SPARE:
                self._idle.insert(0, _Worker(self._memory_bytes))
        return worker or _Worker(self._memory_bytes)

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            # A demoted worker is replaced, not reused: raising a priority back needs privileges.
            if not self._closed and not worker.demoted:
                self._idle.append(worker)
                return
        worker.kill()

    def close(self) -> None:
        """Stop every idle worker; busy ones are stopped as they are given back."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


__all__ = ["DEMOTED_NICE", "FRESH", "QueryFailed", "WorkerDied", "WorkerPool"]
