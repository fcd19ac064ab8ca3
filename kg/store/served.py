"""Which `kg serve` holds an on-disk store: its URL, written beside the store while it serves.

RocksDB's lock says only that *some* process holds the store. `kg serve` writes `<store>.server`
(JSON: url and pid) next to the store directory, so a command refused the store can name the server
to use instead. A record whose process is gone (a crash, kill -9) is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def record_path(store: Path) -> Path:
    return store.parent / f"{store.name}.server"


def record_server(store: Path, url: str) -> Path:
    """Note that this process serves `store` at `url`; returns the record's path."""
    path = record_path(store)
    path.write_text(json.dumps({"url": url, "pid": os.getpid()}), encoding="utf-8")
    return path


def forget_server(store: Path) -> None:
    """Remove this process's record (another process's is left alone)."""
    path = record_path(store)
    if _read(path).get("pid") == os.getpid():
        path.unlink(missing_ok=True)


def running_server(store: Path) -> str | None:
    """The URL of the live `kg serve` that recorded itself for `store`, if any."""
    found = _read(record_path(store))
    pid, url = found.get("pid"), found.get("url")
    if not isinstance(pid, int) or not isinstance(url, str) or not _alive(pid):
        return None
    return url


def _read(path: Path) -> dict:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
