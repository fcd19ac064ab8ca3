"""Error answers: every error is JSON `{"detail": "..."}`, validation errors, oversized bodies and bugs included.

An unexpected exception is logged with its traceback and the request's id, and answered
`500 {"detail": "...", "request_id": "..."}`; every answer carries its id in `X-Request-ID`.
"""

from __future__ import annotations

import json
import logging
import os

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kg.errors import InvalidFilter, KGError, UnknownName
from kg.query.runner import QueryTimeout, WorkerDied
from kg.store.base import StoreError

log = logging.getLogger("kg.api")
REQUEST_ID = "X-Request-ID"

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
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if where == "query" and not field:  # a check across parameters (since after until): its message names them
            clauses.append(message)
            continue
        label = f"{_PLACES.get(where, where)} {field}" if field else ("request body" if where == "body" else str(where))
        clauses.append(f"{label}: {message}")
    return "; ".join(clauses)


async def _validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
    return JSONResponse({"detail": describe_validation(exc)}, status_code=422)


async def _query_timeout(request: Request, exc: QueryTimeout) -> JSONResponse:
    timeout = request.app.state.service.settings.query_timeout
    return JSONResponse(
        {
            "detail": f"the query ran longer than {timeout:g} s (KG_QUERY_TIMEOUT): narrow it "
            "(fewer actors, a relation, a date range) or add a LIMIT"
        },
        status_code=503,
    )


async def _worker_died(request: Request, exc: WorkerDied) -> JSONResponse:
    return JSONResponse({"detail": f"{exc}: the server is short of memory or was restarting"}, status_code=503)


# What a request's own values can cause (kg/errors.py), by status. Every other KGError has its handler below
# or is caught by its route; a bare KeyError or ValueError is a bug, and a 500.
DOMAIN_STATUS: dict[type[KGError], int] = {UnknownName: 400, InvalidFilter: 400}


async def _domain_error(request: Request, exc: KGError) -> JSONResponse:
    status = next(code for kind, code in DOMAIN_STATUS.items() if isinstance(exc, kind))
    return JSONResponse({"detail": str(exc)}, status_code=status)


async def _store_failed(request: Request, exc: StoreError) -> JSONResponse:
    # An external engine down, too slow or refusing (the message names its URL): not the client's fault.
    return JSONResponse({"detail": str(exc)}, status_code=503)


def install_error_handlers(app: FastAPI) -> None:
    """Make validation errors a single `detail` string like every other 4xx; unknown names and bad filters a 400;
    time limits a 503."""
    for kind in DOMAIN_STATUS:
        app.add_exception_handler(kind, _domain_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    app.add_exception_handler(QueryTimeout, _query_timeout)  # type: ignore[arg-type]
    app.add_exception_handler(WorkerDied, _worker_died)  # type: ignore[arg-type]
    app.add_exception_handler(StoreError, _store_failed)  # type: ignore[arg-type]


class BodyLimit:
    """ASGI middleware: refuse request bodies over `max_bytes` with 413, by header or while streaming."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def _message(self) -> str:
        return (
            f"request body is larger than {self.max_bytes} bytes (KG_MAX_BODY_BYTES); "
            "send a smaller body, e.g. one article per request"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"")
        if length.isdigit() and int(length) > self.max_bytes:
            body = json.dumps({"detail": self._message()}).encode()
            await send(
                {
                    "type": "http.response.start",
                    "status": 413,
                    "headers": [
                        (b"content-type", b"application/json"),
                        (b"content-length", str(len(body)).encode()),
                        (b"connection", b"close"),
                    ],
                }
            )
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


def new_request_id() -> str:
    """32 random hex digits (uuid4().hex built a UUID object for them: 8 µs of a cheap request's ~100)."""
    return os.urandom(16).hex()


class RequestErrors:
    """ASGI middleware: an id for every request (`X-Request-ID`), and a JSON 500 for any unhandled exception.

    Starlette's own last resort answers a bug with `text/plain` "Internal Server Error"; this one logs the
    traceback with the request's id and answers JSON carrying that id, so a user's report finds the log line.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        request_id = new_request_id()
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message = {
                    **message,
                    "headers": [*message.get("headers", []), (REQUEST_ID.lower().encode(), request_id.encode())],
                }
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception(
                "unhandled error answering %s %s (request %s)", scope.get("method"), scope.get("path"), request_id
            )
            if started:  # part of the answer is out: all that is left is to cut the connection
                raise
            await _send_server_error(send, request_id)


async def _send_server_error(send: Send, request_id: str) -> None:
    body = json.dumps(
        {
            "detail": f"unexpected error on the server; it is logged as request {request_id}: "
            "report that id with what you sent",
            "request_id": request_id,
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 500,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (REQUEST_ID.lower().encode(), request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
