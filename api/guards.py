"""Who may talk to the API: a Host allow-list, CORS for reads only, no cross-origin writes, nosniff everywhere.

- DNS rebinding: a page on attacker.example whose name later resolves to 127.0.0.1 reaches the API with
  `Host: attacker.example`; only the names in KG_ALLOWED_HOSTS are answered (421 otherwise).
- Reads (GET, and POST /sparql, which only queries) carry CORS headers, so browser SPARQL clients on
  other origins work. Writes carry none and are refused (403) whenever the request names another
  origin: a `text/plain` POST needs no preflight, so without this any page could add articles.
- Every answer says `X-Content-Type-Options: nosniff`.
"""

from __future__ import annotations

import json

from starlette.middleware.cors import CORSMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
READ_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_POSTS = {"/sparql"}  # POSTs that only read


def allowed_hosts(configured: list[str] | None, bound: str | None = None) -> frozenset[str]:
    """The host names answered: KG_ALLOWED_HOSTS, or else the local names and the address bound."""
    if configured:
        return frozenset(_host_name(name) for name in configured)
    return frozenset(_host_name(name) for name in (*LOCAL_NAMES, *([bound] if bound else [])))


def answers_host(hosts: frozenset[str], host: str | None) -> bool:
    """Whether a request with this Host header (None: none) is answered."""
    return "*" in hosts or (host is not None and _host_name(host) in hosts)


def is_write(scope: Scope) -> bool:
    """A request that changes the graph, or a CORS preflight asking to send one."""
    method = scope["method"]
    if method == "OPTIONS":
        method = (_header(scope, b"access-control-request-method") or "GET").upper()
    return method not in READ_METHODS and scope["path"] not in READ_POSTS


def _host_name(host: str) -> str:
    """`host` without its port, brackets and final dot, lowercased: `[::1]:8000` → `::1`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return value.decode("latin-1")
    return None


class Guard:
    """ASGI middleware (outermost): Host allow-list, same-origin writes, CORS on reads, nosniff."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts
        self.cors = CORSMiddleware(
            app,
            allow_origins=["*"],
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["Accept", "Content-Type", "Authorization"],
            expose_headers=["X-KG-Truncated", "X-Request-ID"],
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        send = _nosniff(send)
        host = _header(scope, b"host")
        if not answers_host(self.hosts, host):
            return await _refuse(
                send,
                421,
                f"this server does not answer to Host {host!r}: add the name to "
                "KG_ALLOWED_HOSTS (comma separated) if it is really this server's",
            )
        origin = _header(scope, b"origin")
        if is_write(scope):  # no CORS headers: a browser on another origin can neither send it nor read the answer
            if origin is not None and origin != f"{scope.get('scheme', 'http')}://{host}":
                return await _refuse(send, 403, f"writes are not accepted from another origin ({origin})")
            return await self.app(scope, receive, send)
        await self.cors(scope, receive, send)


def _nosniff(send: Send) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = [pair for pair in message.get("headers", []) if pair[0].lower() != b"x-content-type-options"]
            message = {**message, "headers": [*headers, (b"x-content-type-options", b"nosniff")]}
        await send(message)

    return sending


async def _refuse(send: Send, status: int, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        }
    )
    await send({"type": "http.response.body", "body": body})
