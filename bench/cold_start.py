"""`kg serve`'s cold start on a stored graph, two source trees side by side (issue 16, "a fast start").

    python bench/cold_start.py --repeat 7 base=/path/to/main-checkout:/path/to/store-copy-1 \
        branch=.:/path/to/store-copy-2

Each tree's `python -m kg serve` (what the `kg` command runs; PYTHONPATH set to the tree) is started on its own
copy of the same store, the trees alternating, and timed from Popen to the first 200 from `/health`. Printed per start and as
medians: the wall time, and the CPU seconds (user + system, from /proc) the server process had used by then,
which load from other processes inflates far less than the wall time; then its RSS three seconds later.
Byte-compile both trees first (`python -m compileall -q kg api`) so that neither pays for compiling.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK


def rss_mb(pid: int) -> int:
    return int(Path(f"/proc/{pid}/status").read_text().split("VmRSS:")[1].split()[0]) // 1024


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(tree: str, store: str) -> tuple[float, float, int]:
    """(wall s, CPU s) to the first /health 200, and the RSS (MB) 3 s later."""
    port = free_port()
    env = os.environ | {"KG_STORE": store, "PYTHONPATH": tree}
    begun = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--port", str(port)],
        cwd=tree,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        with httpx.Client() as client:
            while True:
                if process.poll() is not None:
                    sys.exit(f"kg serve from {tree} exited with {process.returncode}")
                try:
                    if client.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.005)
        wall, cpu = time.perf_counter() - begun, cpu_seconds(process.pid)
        time.sleep(3)
        return wall, cpu, rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("trees", nargs="+", metavar="NAME=TREE:STORE")
    args = parser.parse_args()
    trees = [(spec.split("=", 1)[0], *spec.split("=", 1)[1].split(":", 1)) for spec in args.trees]
    found: dict[str, list[tuple[float, float, int]]] = {name: [] for name, _, _ in trees}
    for _ in range(args.repeat):
        for name, tree, store in trees:
            found[name].append(start(tree, store))
            wall, cpu, rss = found[name][-1]
            print(f"{name}: wall {wall:.2f} s, CPU {cpu:.2f} s, RSS {rss} MB (load {os.getloadavg()[0]:.1f})")
    for name, runs in found.items():
        wall, cpu, rss = (statistics.median(run[i] for run in runs) for i in range(3))
        print(f"{name}: median wall {wall:.2f} s, CPU {cpu:.2f} s, RSS {rss:.0f} MB over {len(runs)} starts")


if __name__ == "__main__":
    main()
