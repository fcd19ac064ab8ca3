"""A query process: evaluates one query at a time on a read-only snapshot of the store, cut off the network.

pyoxigraph cannot cancel a query, so the service runs queries here and kills the process when a
query outlives KG_QUERY_TIMEOUT. The process parses (pyoxigraph's parser is the only one: what it
reads is what runs), evaluates and writes the answer, so the time limit covers all three. At start it
cuts itself off the network (kg.query.isolation: no SERVICE or LOAD can reach out, however spelt)
and caps its address space (RLIMIT_AS); if it cannot isolate itself it answers every job with an
`isolation` error rather than run unprotected.

Started as `python -m kg.query.worker READ_FD WRITE_FD MEMORY_BYTES`; it imports only pyoxigraph and
the result writers, so a replacement is ready in a fraction of a second.
"""

from __future__ import annotations

import itertools
import math
import pickle
import resource
import sys
import threading
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import cast

import pyoxigraph as ox

from kg.formats import N_TRIPLES, SPARQL_JSON
from kg.limits import AnswerTooLarge
from kg.query.isolation import IsolationError, isolate
from kg.query.results import GRAPH_FORMATS, RESULT_FORMATS, WRITERS, collect
from kg.query.wire import receive, send

# What a query gives back when the caller wants results to read rather than bytes to send.
MACHINE_SOLUTIONS = SPARQL_JSON.media_type
MACHINE_GRAPH = N_TRIPLES.media_type
MACHINE = {"solutions": MACHINE_SOLUTIONS, "graph": MACHINE_GRAPH}
CHECK_STACK_BYTES = 4 * 2**20  # half the usual 8 MiB thread stack of the server process
# pyoxigraph reports a refused connection, a failed name lookup and a store read alike, as OSError.
NO_NETWORK = "this service makes no outbound requests: SERVICE and LOAD cannot connect from where SPARQL runs"


@dataclass(frozen=True)
class Job:
    """One query for a worker.

    `media_types` maps the answer's kind (`solutions` for SELECT and ASK, `graph` for CONSTRUCT and
    DESCRIBE) to the media type to write it in, None for a kind the client does not accept; the kind
    is known only once the engine has parsed the query. `snapshot` None: the store is handed in."""

    text: str
    snapshot: str | None = None
    check: str | None = None  # "query" or "update": only parse the text (on an empty store), nothing to answer
    media_types: dict[str, str | None] = field(default_factory=lambda: dict(MACHINE))
    limit: int | None = None
    max_bytes: int | None = None
    substitutions: dict | None = None
    dataset: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    """A serialised answer, or an error kind with its message.

    Errors: `syntax` (not a query), `update` (an update sent as a query), `query` (a query sent as an
    update), `not_acceptable` (`kind`
    says which), `too_large` (over max_bytes), `isolation` (cannot run safely here), `failed`."""

    body: bytes = b""
    media_type: str = ""
    truncated: bool = False
    error: str | None = None
    message: str = ""
    kind: str = ""


# On the pipes a Job or Reply travels as the tuple of its fields: pickling the dataclass itself names its class, which
# the reader looks up on every message (~5 of the ~15 µs both ways took on a cheap query).
_job_fields = attrgetter(*(f.name for f in fields(Job)))
_reply_fields = attrgetter(*(f.name for f in fields(Reply)))


def encode_job(job: Job) -> bytes:
    """`job` as the bytes a worker reads (kg.query.wire carries them)."""
    return pickle.dumps(_job_fields(job), pickle.HIGHEST_PROTOCOL)


def decode_job(payload: bytes) -> Job:
    return Job(*pickle.loads(payload))


def encode_reply(reply: Reply) -> bytes:
    """`reply` as the bytes the server reads."""
    return pickle.dumps(_reply_fields(reply), pickle.HIGHEST_PROTOCOL)


def decode_reply(payload: bytes) -> Reply:
    return Reply(*pickle.loads(payload))


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
        assert self.store is not None  # opened above, or on an earlier call for the same path
        return self.store


def run(store, job: Job) -> Reply:
    """Parse and evaluate `job` on `store`, and write at most `job.limit` rows or triples of the answer;
    every failure comes back as an error Reply."""
    try:
        return evaluate(store, job)
    except SyntaxError as exc:
        return Reply(error="update" if is_update(job.text) else "syntax", message=str(exc))
    except AnswerTooLarge as exc:
        return Reply(error="too_large", message=str(exc))
    except OSError as exc:
        return Reply(error="failed", message=f"{exc} ({NO_NETWORK})")
    except (RuntimeError, ValueError, TypeError, OverflowError, MemoryError) as exc:
        return Reply(error="failed", message=str(exc))


def evaluate(store, job: Job) -> Reply:
    """`run` with the engine's and the store's exceptions let through (SyntaxError, AnswerTooLarge, …)."""
    result = store.query(job.text, substitutions=job.substitutions, **job.dataset)
    kind = kind_of(result)
    media_type = job.media_types.get(kind)
    if media_type is None:
        return Reply(error="not_acceptable", kind=kind)
    max_bytes = math.inf if job.max_bytes is None else job.max_bytes
    reply = _write(result, media_type, math.inf if job.limit is None else job.limit, max_bytes)
    if len(reply.body) > max_bytes:
        raise AnswerTooLarge(f"the answer is larger than {job.max_bytes} bytes")
    return reply


def check(job: Job) -> Reply:
    """Whether `job.text` parses as `job.check` says (on an empty store: pyoxigraph parses an update only by
    running it): an empty Reply when it does. Run where a crash costs nothing: a deeply nested text can
    overflow the parser's stack, and this process's death is then the answer."""
    try:
        if job.check == "update":
            ox.Store().update(job.text)
        else:
            ox.Store().query(job.text)
    except SyntaxError as exc:
        if job.check == "update":
            return Reply(error="query" if _is_query(job.text) else "syntax", message=str(exc))
        return Reply(error="update" if is_update(job.text) else "syntax", message=str(exc))
    except OSError as exc:  # e.g. LOAD: this process cannot connect
        return Reply(error="failed", message=f"{exc} ({NO_NETWORK})")
    except Exception:  # noqa: BLE001 - it parsed; what running it on nothing did is beside the point
        pass
    return Reply()


def _is_query(text: str) -> bool:
    try:
        ox.Store().query(text)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - see check
        return True
    return True


def kind_of(result) -> str:
    """`solutions` (SELECT, ASK) or `graph` (CONSTRUCT, DESCRIBE), from the type of the engine's answer."""
    if isinstance(result, ox.QueryBoolean) or hasattr(result, "variables"):
        return "solutions"
    return "graph"


def is_update(text: str) -> bool:
    """Whether the engine's parser reads `text` as a SPARQL Update (tried on an empty in-memory store:
    pyoxigraph only parses an update by running it; call this only where no connection can be made)."""
    try:
        ox.Store().update(text)
    except SyntaxError:
        return False
    except Exception:  # noqa: BLE001 - it parsed; what running it on nothing did is beside the point
        return True
    return True


def _write(result, media_type: str, limit: float, max_bytes: float) -> Reply:
    if isinstance(result, ox.QueryBoolean):
        return Reply(cast(bytes, result.serialize(format=RESULT_FORMATS[media_type])), media_type)
    if media_type in GRAPH_FORMATS:
        triples = list(_within(itertools.islice(result, None if limit == math.inf else int(limit) + 1), max_bytes))
        truncated = len(triples) > limit
        body = ox.serialize(triples[: len(triples) - truncated], format=GRAPH_FORMATS[media_type])
        return Reply(cast(bytes, body), media_type, truncated)  # no output given: pyoxigraph returns the bytes
    table = collect(result, limit, max_bytes)
    return Reply(WRITERS[media_type](table), media_type, table.truncated)


def _within(triples, max_bytes: float):
    """The triples, raising AnswerTooLarge once their N-Triples text passes `max_bytes`."""
    size = 0
    for triple in triples:
        size += len(str(triple)) + 3
        if size > max_bytes:
            raise AnswerTooLarge(f"the answer is larger than {max_bytes:.0f} bytes")
        yield triple


def cap_memory(max_bytes: int) -> None:
    """Cap this process's address space: a query that needs more fails (or the process dies) alone."""
    if max_bytes > 0:
        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def main(read_fd: int, write_fd: int, memory_bytes: int = 0) -> None:
    """Answer jobs from the parent until it closes the pipe."""
    try:
        isolate()
        refusal = None
    except IsolationError as exc:
        refusal = Reply(error="isolation", message=str(exc))
    cap_memory(memory_bytes)
    threading.stack_size(CHECK_STACK_BYTES)
    snapshots = _Snapshots()
    while (payload := receive(read_fd)) is not None:
        job = decode_job(payload)
        if refusal is not None:
            send(write_fd, encode_reply(refusal))
        else:
            reply = _in_small_stack(check, job) if job.check else _run_on_snapshot(snapshots, job)
            send(write_fd, encode_reply(reply))


def _in_small_stack(function, job: Job) -> Reply:
    """`function(job)` on a thread whose stack is no larger than the server's threads: a text that parses
    here parses there (the server runs a checked update on its own thread)."""
    found: list[Reply] = []
    thread = threading.Thread(target=lambda: found.append(function(job)))
    thread.start()
    thread.join()
    return found[0] if found else Reply(error="failed", message="the text could not be parsed (nested too deeply?)")


def _run_on_snapshot(snapshots: _Snapshots, job: Job) -> Reply:
    try:
        store = snapshots.open(cast(str, job.snapshot))  # only snapshot jobs come here
    except OSError as exc:
        return Reply(error="failed", message=f"cannot open the snapshot: {exc}")
    try:
        return run(store, job)
    except MemoryError:
        return Reply(error="failed", message="the query needs more memory than a query process may use")


if __name__ == "__main__":
    # Run as the importable module, so its classes are kg.query.worker's (the server's), not __main__'s.
    from kg.query.worker import main as _main

    _main(*(int(arg) for arg in sys.argv[1:4]))
