"""A lean lane for the commonest request, a plain `GET /sparql`: answered without the layers of the app.

FastAPI's and our middleware, routing and the send wrappers each layer puts around the answer were about half of
the server's Python time on a cheap query (py-spy, bench/RESULTS.md). The lane answers the request itself when it
is plain — an allowed Host, no Origin (no CORS headers to add), no body, not a browser asking for the page, and
parameters that parse — with the answer the route would give: the same bytes and headers, `X-Request-ID` and
`X-Content-Type-Options` included. Anything else goes down the whole stack as before; so does a failure once the
query has run (a bad query, a timeout, a bug): the lane puts the exception in the scope (LANE_ERROR) and the route
raises it again, so every error is answered and logged by the same handlers as on the long way, and the query is
not run twice. The query itself runs where it always does: in a
worker process, killable and memory-capped (kg.query.pool).
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import GraphService
from api.errors import new_request_id
from api.guards import answers_host
from api.html import wants_html
from api.protocol import parse_params
from api.routes.sparql import LANE_ERROR, answer, query_request

DECLINED = frozenset({b"origin", b"content-length", b"transfer-encoding"})


class SparqlLane:
    """ASGI middleware (outermost): a plain GET /sparql answered here; every other request passed to `app`."""

    def __init__(self, app: ASGIApp, service: GraphService, hosts: frozenset[str]) -> None:
        self.app = app
        self.service = service
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/sparql" or scope["method"] != "GET" or not self._plain(scope):
            return await self.app(scope, receive, send)
        request = Request(scope)
        try:
            params = parse_params(scope.get("query_string", b""))
            asked = None if wants_html(request, params) else query_request(request, params)
        except HTTPException:
            asked = None  # the route gives the same 400 on the long way
        if asked is None:
            return await self.app(scope, receive, send)
        try:
            response = await answer(self.service.runner, asked)
        except Exception as exc:  # noqa: BLE001 - every failure is answered by the app's own handlers
            scope[LANE_ERROR] = exc
            return await self.app(scope, receive, send)
        request_id = new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        # As the long way sends them: the Response's, Vary naming Origin as CORS adds it to an answer to a request
        # without one, then RequestErrors' id, then Guard's nosniff.
        headers = [
            *_vary_origin(response.raw_headers),
            (b"x-request-id", request_id.encode()),
            (b"x-content-type-options", b"nosniff"),
        ]
        await send({"type": "http.response.start", "status": response.status_code, "headers": headers})
        await send({"type": "http.response.body", "body": response.body})

    def _plain(self, scope: Scope) -> bool:
        host = None
        for name, value in scope["headers"]:
            if name in DECLINED:
                return False
            if name == b"host" and host is None:  # the first, as Guard reads it
                host = value.decode("latin-1")
        return answers_host(self.hosts, host)


def _vary_origin(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """`headers` with Origin added to Vary, in place of the first Vary (as Starlette's CORSMiddleware does it)."""
    varies = [value for name, value in headers if name == b"vary"]
    if not varies:
        return [*headers, (b"vary", b"Origin")]
    joined = b", ".join([*varies, b"Origin"])
    kept = [(name, value) for name, value in headers if name != b"vary" or value is varies[0]]
    return [(name, joined if name == b"vary" else value) for name, value in kept]


__all__ = ["SparqlLane"]
