"""A query process: evaluates one query at a time on a read-only snapshot of the store.

pyoxigraph cannot cancel a query, so the service runs queries here and kills the process when a
query outlives KG_QUERY_TIMEOUT. Started as `python -m kg.query.worker READ_FD WRITE_FD`; it
imports only pyoxigraph and the result writers, so a replacement is ready in a fraction of a second.
"""
from __future__ import annotations

import itertools
import math
import sys
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS, WRITERS, collect

# What a query gives back when the caller wants results to read rather than bytes to send.
MACHINE_SOLUTIONS = "application/sparql-results+json"
MACHINE_GRAPH = "application/n-triples"


@dataclass(frozen=True)
class Job:
    """One query for a worker. `media_type` None means "whatever the parent can parse back"."""

    snapshot: str
    text: str
    media_type: str | None = None
    limit: int | None = None
    substitutions: dict | None = None
    dataset: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """A serialised answer, or an error kind (`syntax`, `failed`) with its message."""

    body: bytes = b""
    media_type: str = ""
    truncated: bool = False
    error: str | None = None
    message: str = ""


class _Snapshots:
    """The read-only store for the newest snapshot path seen; older ones are never asked for again."""

    def __init__(self) -> None:
        self.path: str | None = None
        self.store: ox.Store | None = None

    def open(self, path: str) -> ox.Store:
        if path != self.path:
            self.store = None  # drop the old handle before the parent deletes its files
            self.store = ox.Store.read_only(path)
            self.path = path
        return self.store


def run(store: ox.Store, job: Job) -> Reply:
    """Evaluate `job` on `store` and serialise at most `job.limit` rows or triples."""
    try:
        result = store.query(job.text, substitutions=job.substitutions, **job.dataset)
        return _write(result, job.media_type, math.inf if job.limit is None else job.limit)
    except SyntaxError as exc:
        return Reply(error="syntax", message=str(exc))
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return Reply(error="failed", message=str(exc))


def _write(result, media_type: str | None, limit: float) -> Reply:
    if isinstance(result, ox.QueryBoolean):
        media_type = media_type or MACHINE_SOLUTIONS
        return Reply(result.serialize(format=RESULT_FORMATS[media_type]), media_type)
    if isinstance(result, ox.QueryTriples):
        media_type = media_type or MACHINE_GRAPH
        triples = list(itertools.islice(result, None if limit == math.inf else int(limit) + 1))
        truncated = len(triples) > limit
        body = ox.serialize(triples[:len(triples) - truncated], format=GRAPH_FORMATS[media_type])
        return Reply(body, media_type, truncated)
    media_type = media_type or MACHINE_SOLUTIONS
    table = collect(result, limit, math.inf)
    return Reply(WRITERS[media_type](table), media_type, table.truncated)


def main(read_fd: int, write_fd: int) -> None:
    """Answer jobs from the parent until it closes the pipe."""
    inbox, outbox = Connection(read_fd, writable=False), Connection(write_fd, readable=False)
    snapshots = _Snapshots()
    while True:
        try:
            job = inbox.recv()
        except EOFError:
            return
        try:
            reply = run(snapshots.open(job.snapshot), job)
        except OSError as exc:
            reply = Reply(error="failed", message=f"cannot open the snapshot: {exc}")
        outbox.send(reply)


if __name__ == "__main__":
    # Run as the importable module, so replies pickle as kg.query.worker.Reply, not __main__.Reply.
    from kg.query.worker import main as _main
    _main(int(sys.argv[1]), int(sys.argv[2]))
