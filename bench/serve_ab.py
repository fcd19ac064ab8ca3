"""Cheap `GET /sparql` and `/health` on servers side by side: latency and CPU per request (issue 16, "a lean /sparql").

    python bench/serve_ab.py --blocks 8 --calls 150 engine=oxigraph:/path/to/store-copy-0 \
        base=/path/to/main-checkout:/path/to/store-copy-1 branch=.:/path/to/store-copy-2

Each NAME=TREE:STORE starts `python -m kg serve` from TREE (PYTHONPATH=TREE) on its own copy of a store made by
bench/generate_graph.py; TREE `oxigraph` starts `oxigraph serve` instead (its `/query` and `ASK {}` stand for
`/sparql` and `/health`). Blocks of calls go to the servers in turn, the order reversed every other block, over one
keep-alive `http.client` connection (a light client: its own time counts less than httpx's would). Printed: the p50
of each path, and the CPU seconds (user + system, from /proc) of the server and its query workers per request, which
load from other processes inflates far less than the wall times. The query is "who backs X", a new text each call.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")
WHO_BACKS = (
    "PREFIX ckg: <https://w3id.org/conflict-kg/ontology#> "
    "SELECT ?x WHERE { ?x ckg:backs <https://w3id.org/conflict-kg/actor/%s> }"
)


def cpu_seconds(pid: int) -> float:
    """User + system seconds of `pid` and its children (the query workers)."""
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            pids += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # a thread that ended meanwhile
            continue
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # a worker replaced meanwhile
            continue
        total += int(fields[11]) + int(fields[12])
    return total / TICK


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, tree: str, store: str) -> None:
        self.port, self.engine = free_port(), tree == "oxigraph"
        if self.engine:
            command = ["oxigraph", "serve", "--location", store, "--bind", f"127.0.0.1:{self.port}"]
            env, cwd = None, None
        else:
            command = [sys.executable, "-m", "kg", "serve", "--port", str(self.port)]
            env, cwd = os.environ | {"KG_STORE": store, "PYTHONPATH": tree, "KG_QUERY_TIMEOUT": "300"}, tree
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        while True:
            try:
                self.get(self.path("health", 0))
                return
            except OSError:
                if self.process.poll() is not None:
                    sys.exit(f"the server from {tree} exited with {self.process.returncode}")
                time.sleep(0.01)

    def path(self, kind: str, number: int, actor: str = "abdelhamid-abad") -> str:
        if kind == "health":
            return "/query?query=ASK%7B%7D" if self.engine else "/health"
        text = urllib.parse.urlencode({"query": f"{WHO_BACKS % actor}\n# call {number}"})
        return ("/query?" if self.engine else "/sparql?") + text

    def get(self, path: str, connection: http.client.HTTPConnection | None = None) -> None:
        client = connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        client.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        answer = client.getresponse()
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path} answered {answer.status}")

    def block(self, kind: str, calls: int, first: int) -> tuple[list[float], float]:
        """Wall seconds of each call, and CPU seconds per call."""
        connection, times = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60), []
        before = cpu_seconds(self.process.pid)
        for number in range(first, first + calls):
            started = time.perf_counter()
            self.get(self.path(kind, number), connection)
            times.append(time.perf_counter() - started)
        connection.close()
        return times, (cpu_seconds(self.process.pid) - before) / calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--blocks", type=int, default=8)
    parser.add_argument("--calls", type=int, default=150, help="calls per block, path and server")
    parser.add_argument("servers", nargs="+", metavar="NAME=TREE:STORE")
    args = parser.parse_args()
    servers = {spec.split("=", 1)[0]: Server(*spec.split("=", 1)[1].split(":", 1)) for spec in args.servers}
    found = {name: {kind: ([], []) for kind in ("sparql", "health")} for name in servers}
    try:
        for server in servers.values():  # warm: workers started, pages cached
            server.block("sparql", 100, 10**8)
        number = 0
        for block in range(args.blocks):
            order = list(servers.items()) if block % 2 == 0 else list(servers.items())[::-1]
            for name, server in order:
                for kind in ("sparql", "health"):
                    times, cpu = server.block(kind, args.calls, number)
                    number += args.calls
                    found[name][kind][0].extend(times)
                    found[name][kind][1].append(cpu)
    finally:
        for server in servers.values():
            server.process.terminate()
            server.process.wait()
    for name, kinds in found.items():
        print(
            f"{name}: "
            + " | ".join(
                f"{kind} p50 {statistics.median(times) * 1e3:.2f} ms, CPU {statistics.median(cpu) * 1e3:.2f} ms/request"
                for kind, (times, cpu) in kinds.items()
            )
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
