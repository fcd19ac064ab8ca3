"""Extraction in worker processes, for `kg ingest --workers N`: the spaCy parse is the slow part of ingesting.

Each worker builds its own Extractor once and is sent batches of articles, returning their Extractions;
the main process keeps the store and writes. (spaCy's `nlp.pipe(n_process=)` would pickle the whole
pipeline, our gazetteer ruler included, and hands back Docs that the main process would still have to
analyse.) Workers are started with `spawn`: the main process runs rich's refresh thread, and forking a
process with threads is unsafe. At most `in_flight` batches are out at once, so memory stays flat however
long the input stream is, and results come back in input order.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from kg.extract.extraction import Extraction
from kg.extract.gazetteer import Gazetteer
from kg.extract.pipeline import Extractor
from kg.ingest import Article

__all__ = ["ExtractionPool", "WorkerError"]

Key = TypeVar("Key")
_worker_extractor: Extractor | None = None  # the one Extractor of a worker process


class WorkerError(RuntimeError):
    """A worker process died or could not start (its own error, if any, was printed on stderr)."""


def _start_worker(model: str) -> None:
    """Worker initializer: ignore Ctrl-C (the main process stops us), watch the parent, load the model."""
    global _worker_extractor
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, daemon=True, name="exit-with-parent").start()
    _worker_extractor = Extractor(model=model)


def _exit_with_parent() -> None:
    # A worker blocks on its task queue, which it also holds the writing end of: if the main process is
    # SIGKILLed nothing would ever wake it. The parent's sentinel closes when the parent dies, however.
    parent = multiprocessing.parent_process()
    if parent is not None:
        parent.join()
        os._exit(1)


def _extract_batch(articles: list[Article]) -> list[list[Extraction]]:
    """In a worker: the relations of each article, in order."""
    assert _worker_extractor is not None, "worker not initialised"
    return [found for _, found in _worker_extractor.extract_many(articles)]


class ExtractionPool:
    """N worker processes that extract relations from batches of articles.

    Use as a context manager: leaving it normally waits for the workers to stop; leaving it on an
    exception (Ctrl-C included) terminates them."""

    def __init__(
        self, model: str, workers: int, *, gazetteer: Gazetteer | None = None, in_flight: int | None = None
    ) -> None:
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        # The main process builds the triples, which needs the gazetteer (cheap) but not spaCy (slow, large).
        self.gazetteer = gazetteer or Gazetteer.load()
        self.in_flight = in_flight or 2 * workers  # one batch being parsed and one waiting, per worker
        self._executor = ProcessPoolExecutor(
            workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker, initargs=(model,)
        )

    def extract(self, article: Article) -> list[Extraction]:
        """The relations of one article (ArticleLoader.load uses it)."""
        [found] = self._result(self._executor.submit(_extract_batch, [article]))
        return found

    def extract_batches(
        self, batches: Iterable[tuple[Key, list[Article]]]
    ) -> Iterator[tuple[Key, list[list[Extraction]]]]:
        """(key, the relations of each article of the batch) for every batch, in input order.

        `batches` is read lazily, never more than `in_flight` batches ahead of what was yielded; the key
        stays in this process (only the articles go to a worker). An empty batch costs no worker time."""
        pending: deque[tuple[Key, Future | None]] = deque()
        source = iter(batches)
        exhausted = False
        while pending or not exhausted:
            while not exhausted and len(pending) < self.in_flight:
                item = next(source, None)
                if item is None:
                    exhausted = True
                    break
                key, articles = item
                pending.append((key, self._executor.submit(_extract_batch, articles) if articles else None))
            if pending:
                key, future = pending.popleft()
                yield key, (self._result(future) if future is not None else [])

    def _result(self, future: Future) -> list[list[Extraction]]:
        try:
            return future.result()
        except BrokenProcessPool:
            raise WorkerError(
                "an extraction worker process stopped unexpectedly (out of memory, killed, or its "
                "model failed to load: see the error above)"
            ) from None

    def close(self, *, abort: bool = False) -> None:
        """Stop the workers: after their current batch, or at once with `abort`."""
        if abort:
            # ProcessPoolExecutor has no public way to stop a worker mid-task before Python 3.14
            # (terminate_workers); otherwise Ctrl-C would wait for every worker to finish its batch.
            for process in list(getattr(self._executor, "_processes", {}).values()):
                process.terminate()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.close(abort=kind is not None)
