"""`kg export` of an on-disk store without the CLI's framework: the engine writes the default graph to the output.

Most of a new `kg export` process that is not the engine's dump is Python importing typer, rich, pydantic
settings, rdflib and the model (0.5 s of CPU, seconds of wall time on a busy machine). This path imports
pyoxigraph and the namespaces only, and takes the common case: N-Triples, Turtle or TriG of a store directory,
without the ontology. Anything else (--help, JSON-LD, --ontology, an engine's URL, a store that is missing or
busy, an output that cannot be opened) returns None, and kg.cli answers it with its own messages. The store is
opened read-only, under RocksDB's own lock so that no writer opens it meanwhile.
"""

from __future__ import annotations

import fcntl
import os
import struct
import sys
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.namespaces import PREFIXES

FORMATS = {"nt": "N_TRIPLES", "turtle": "TURTLE", "trig": "TRIG"}  # kg.cli's ExportFormat names; JSON-LD is not here
_OPTIONS = {"--format": "format", "-f": "format", "--output": "output", "-o": "output", "--store": "store"}
_SWITCHES = {"--no-ontology": False, "--ontology": True}


def export_quickly(args: list[str]) -> int | None:
    """Run `kg export ARGS` here and return its exit code, or None when kg.cli must answer it."""
    options = _parsed(args)
    if options is None or options.get("ontology") or options.get("format", "turtle") not in FORMATS:
        return None
    location = options.get("store") or _environment("KG_STORE") or "./data/kg"
    store_path = Path(location).expanduser()
    if location == "memory" or location.startswith(("sparql+", "http")) or not store_path.is_dir():
        return None
    lock = _locked(store_path)
    if lock is None:  # held by `kg serve`, or not a store: kg.cli says which, and what to do
        return None
    try:
        return _export(store_path, options)
    finally:
        os.close(lock)


def _locked(store_path: Path) -> int | None:
    """RocksDB's lock on the store, taken as a writer takes it, or None when it is held, missing or not on Linux.

    Held, it keeps writers out while the store is read read-only: a read-only open takes no lock, and RocksDB's
    read-only mode is undefined while another process writes. An open-file-description lock, not lockf: it
    conflicts with RocksDB's own lock even when this process holds that one."""
    if not hasattr(fcntl, "F_OFD_SETLK"):
        return None
    try:
        lock = os.open(store_path / "LOCK", os.O_RDWR)
    except OSError:
        return None
    try:  # struct flock: the whole file, for writing (l_pid is 0 for this kind of lock)
        fcntl.fcntl(lock, fcntl.F_OFD_SETLK, struct.pack("hhqqi", fcntl.F_WRLCK, os.SEEK_SET, 0, 0, 0))
    except OSError:
        os.close(lock)
        return None
    return lock


def _export(store_path: Path, options: dict) -> int | None:
    try:
        # Read-only: no compaction in the background and no flush at close, both on the dump's cores (5% of it).
        store = ox.Store.read_only(str(store_path))
    except OSError:
        return None
    output = options.get("output")
    try:
        sink = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115 - closed in _dump
    except OSError:
        return None
    fmt = getattr(ox.RdfFormat, FORMATS[options.get("format", "turtle")])
    return _dump(store, sink, fmt, Path(output) if output else None)


def _dump(store: ox.Store, sink: BinaryIO, fmt: ox.RdfFormat, output: Path | None) -> int:
    try:
        # As kg.store.OxigraphStore.dump_to writes it (tests compare the bytes): the engine serialises.
        store.dump(sink, fmt, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
        sink.flush()
    except BrokenPipeError:  # the reader stopped early (`kg export | head`): nothing to say, and no one to say it to
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # Python's own flush at exit would fail too
        return 1
    except OSError as exc:  # e.g. a full disk: part of the answer is out, so no second try
        sys.stderr.write(f"error: cannot write the export: {exc.strerror or exc}\n")
        return 1
    finally:
        if output is not None:
            sink.close()
    if output is not None:
        sys.stderr.write(f"wrote {output.stat().st_size:,} bytes to {output}\n")
    return 0


def _parsed(args: list[str]) -> dict | None:
    """The options as kg.cli spells them (`--format nt`, `--format=nt`, `-f nt`, …), or None for anything else."""
    options: dict = {}
    words = iter(args)
    for word in words:
        name, equals, value = word.partition("=")
        if word in _SWITCHES:
            options["ontology"] = _SWITCHES[word]
        elif name in _OPTIONS and (name.startswith("--") or not equals):  # click reads `-f=nt` as "=nt"
            given = value if equals else next(words, None)
            if given is None or (not equals and given.startswith("-")):
                return None
            options[_OPTIONS[name]] = given
        else:
            return None
    return options


def _environment(name: str) -> str | None:
    """An environment variable as pydantic-settings reads it for kg.config (names match in any case)."""
    return next((value for key, value in os.environ.items() if key.upper() == name), None)


__all__ = ["FORMATS", "export_quickly"]
