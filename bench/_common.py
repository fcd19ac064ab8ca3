"""What the benchmarks share: timing and percentiles, sizes, generated graphs, and servers on loopback ports.

Not a test helper: nothing here asserts. Run the benchmarks from the repository root with PYTHONPATH=.
(or an installed `conflict-kg`).
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
STARTUP_SECONDS = 180  # kg serve loads spaCy before it answers
MIN_RUNS = 5


@dataclass(frozen=True)
class Latency:
    """p50 and p95 of one path, in milliseconds."""

    p50: float
    p95: float
    runs: int

    def cells(self) -> str:
        return f"{self.p50:8.3f} {self.p95:8.3f}"


def percentiles(milliseconds: list[float]) -> Latency:
    """p50 (median) and p95 (nearest rank) of `milliseconds`."""
    ordered = sorted(milliseconds)
    return Latency(statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], len(ordered))


def timings(run: Callable[[], object], repeat: int, warm: int = 5, budget: float = math.inf) -> list[float]:
    """Milliseconds per call of `run`, `repeat` times after up to `warm` untimed calls (caches, workers,
    connections; one only when a call takes over 0.1 s), and fewer than `repeat` (at least MIN_RUNS) once
    `budget` seconds have gone: a hub's actor page at 5M triples takes seconds."""
    for _ in range(warm):
        started = time.perf_counter()
        run()
        if time.perf_counter() - started > 0.1:
            break
    found = []
    deadline = time.perf_counter() + budget
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        found.append((time.perf_counter() - started) * 1000)
        if len(found) >= MIN_RUNS and started > deadline:
            break
    return found


def measure(run: Callable[[], object], repeat: int, warm: int = 5, budget: float = math.inf) -> Latency:
    return percentiles(timings(run, repeat, warm, budget))


def parse_size(text: str) -> int:
    """`100k`, `1M`, `5M` or a plain number of triples."""
    scale = {"k": 1_000, "m": 1_000_000}.get(text[-1:].lower(), 1)
    return int(float(text[:-1] if scale > 1 else text) * scale)


def size_name(triples: int) -> str:
    return f"{triples // 1_000_000}M" if triples % 1_000_000 == 0 else f"{triples // 1_000}k"


def graph_file(workdir: Path, triples: int, seed: int = 6) -> Path:
    """The generated graph of `triples` triples in `workdir`, generated unless already there."""
    from generate_graph import graph_triples, write  # bench/ is on sys.path when a benchmark runs

    path = workdir / f"graph-{size_name(triples)}-seed{seed}.nt"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        count = write(graph_triples(triples, seed), partial)
        partial.rename(path)
        print(f"generated {count:,} triples in {time.perf_counter() - started:.1f} s: {path}", file=sys.stderr)
    return path


def machine() -> str:
    """Cores, memory, Python and the load average now: the context every figure needs."""
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB, "
        f"Python {platform.python_version()}, load average {load}"
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(process: subprocess.Popen, probe: str, log: Path) -> None:
    """Until GET `probe` answers below 500; exits with the log when the process dies or time runs out."""
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[:3]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(probe, timeout=2).status_code < 500:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    sys.exit(f"{probe} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


@contextmanager
def running(command: list[str], probe_path: str, port: int, log: Path, env: dict | None = None) -> Iterator[str]:
    """`command` started, its base URL once `probe_path` answers; terminated (by its pid) on leaving."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(process, base + probe_path, log)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kg_serve(store: Path, log: Path, **settings: str) -> AbstractContextManager[str]:
    """`kg serve` (this checkout) on a free loopback port over the on-disk store `store`; KG_* `settings`."""
    port = free_port()
    env = os.environ | {
        "KG_STORE": str(store),
        **{f"KG_{k.upper()}": v for k, v in settings.items()},
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    return running([sys.executable, "-m", "kg", "serve", "--port", str(port)], "/health", port, log, env)


def oxigraph_serve(location: Path, log: Path) -> AbstractContextManager[str]:
    """`oxigraph serve --location` (the PyPI `oxigraph` binary) on a free loopback port."""
    binary = shutil.which("oxigraph")
    if binary is None:
        sys.exit("the `oxigraph` command is missing: pip install -e '.[test]'")
    port = free_port()
    return running(
        [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        "/query?query=ASK%7B%7D",
        port,
        log,
    )
