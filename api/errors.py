"""Error answers: every 4xx is JSON `{"detail": "..."}`, including validation errors and oversized bodies."""
from __future__ import annotations

import json

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.query.runner import QueryTimeout, WorkerDied
from kg.store.base import StoreError


_PLACES = {"query": "query parameter", "path": "path parameter", "body": "body field", "header": "header"}


def describe_validation(exc: RequestValidationError) -> str:
    """One readable clause per problem, e.g. `query parameter limit: Input should be ...`."""
    clauses = []
    for error in exc.errors():
        if error.get("type") == "json_invalid":
            clauses.append(f"request body is not valid JSON ({error.get('ctx', {}).get('error', 'cannot parse')})")
            continue
        where, *path = error.get("loc") or ("request",)
        field = ".".join(map(str, path))
        label = f"{_PLACES.get(where, where)} {field}" if field else ("request body" if where == "body" else str(where))
        clauses.append(f"{label}: {str(error.get('msg', 'invalid')).removeprefix('Value error, ')}")
    return "; ".join(clauses)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_validation(exc)}, status_code=422)


async def _query_timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
    timeout = request.app.state.service.settings.query_timeout
    return JSONResponse({"detail": f"the query ran longer than {timeout:g} s (KG_QUERY_TIMEOUT): narrow it "
                                   "(fewer actors, a relation, a date range) or add a LIMIT"}, status_code=503)


async def _worker_died(request: Request, exc: WorkerDied) -> JSONResponse:
    return JSONResponse({"detail": f"{exc}: the server is short of memory or was restarting"}, status_code=503)


async def _store_failed(request: Request, exc: StoreError) -> JSONResponse:
    # An external engine down, too slow or refusing (the message names its URL): not the client's fault.
    return JSONResponse({"detail": str(exc)}, status_code=503)


def install_error_handlers(app: FastAPI) -> None:
    """Make validation errors a single `detail` string like every other 4xx; time limits a 503."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(QueryTimeout, _query_timeout)
    app.add_exception_handler(WorkerDied, _worker_died)
    app.add_exception_handler(StoreError, _store_failed)


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return (f"request body is larger than {self.max_bytes} bytes (KG_MAX_BODY_BYTES); "
                "send a smaller body, e.g. one article per request")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            body = json.dumps({"detail": self._message()}).encode()
            await send({"type": "http.response.start", "status": 413,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                    (b"connection", b"close")]})
            return await send({"type": "http.response.body", "body": body})
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:  # no (or a false) Content-Length: count as it arrives
                raise HTTPException(413, self._message())
            return message

        await self.app(scope, limited_receive, send)
