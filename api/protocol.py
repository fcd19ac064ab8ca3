"""What the SPARQL 1.1 Protocol routes (/sparql and /update) share: body types, parameters, IRIs and the base.

Every check answers a clear 4xx (HTTPException) rather than passing a malformed request on."""

from __future__ import annotations

import codecs
from functools import lru_cache
from urllib.parse import parse_qs, unquote

import pyoxigraph as ox
from fastapi import HTTPException, Request
from starlette.datastructures import URL

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
Params = dict[str, list[str]]


def parse_params(raw: bytes) -> Params:
    """A query string or form body as lists of values; percent-escapes must decode as UTF-8 (else 400)."""
    try:
        if raw.isascii():
            return _parse_ascii(raw)
        return parse_qs(raw.decode("latin-1"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HTTPException(400, "parameters are not valid UTF-8: percent-encode the query's UTF-8 bytes") from None


def _parse_ascii(raw: bytes) -> Params:
    """What parse_qs gives `raw` (ASCII, as a client's URL is) with keep_blank_values and strict UTF-8, faster:
    urllib decodes a percent-escape at a time in Python, ~0.1 ms for a query with its prefixes, a tenth of the
    server's time on a cheap /sparql. Each %XX is turned into \\xXX and decoded by C (every backslash doubled
    first); a malformed escape, which urllib leaves as it is, sends the value to urllib's own unquote."""
    params: Params = {}
    for pair in raw.split(b"&"):
        if pair:
            name, _, value = pair.partition(b"=")
            params.setdefault(_unquote(name), []).append(_unquote(value))
    return params


def _unquote(text: bytes) -> str:
    text = text.replace(b"+", b" ")
    if b"%" not in text:
        return text.decode("ascii")
    try:
        decoded = codecs.escape_decode(text.replace(b"\\", b"\\\\").replace(b"%", b"\\x"))[0]  # type: ignore[attr-defined]
    except ValueError:  # a % not followed by two hex digits
        return unquote(text.decode("ascii"), encoding="utf-8", errors="strict")
    return decoded.decode("utf-8")


def merge_params(*sources: Params) -> Params:
    """URL and form parameters together: a form POST may carry some of them in its URL."""
    return {
        name: [value for source in sources for value in source.get(name, [])]
        for name in {name for source in sources for name in source}
    }


def decode_body(body: bytes) -> str:
    """A raw request body as text; it must be UTF-8 (else 400)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise HTTPException(
            400, f"request body is not valid UTF-8 (byte {exc.start}): send the text as UTF-8"
        ) from None


def media_type_of(request: Request) -> str:
    """The Content-Type without parameters; 415 when it names a charset other than UTF-8."""
    kind, *params = (piece.strip().lower() for piece in request.headers.get("content-type", "").split(";"))
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            # The protocol's bodies are UTF-8; decoding another charset as UTF-8 would change the query.
            raise HTTPException(415, f"charset {value.strip()} is not accepted: send the body as UTF-8")
    return kind


def single(params: Params, name: str) -> str | None:
    """The one value of an optional parameter; 400 when it is given more than once."""
    found = params.get(name, [])
    if len(found) > 1:
        raise HTTPException(400, f"more than one `{name}` parameter: send it once")
    return found[0] if found else None


def graph_iris(params: Params, name: str) -> tuple[str, ...]:
    """The values of a graph parameter, each an absolute IRI (else 400)."""
    return tuple(absolute_iri(value, name) for value in params.get(name, []))


def absolute_iri(value: str, name: str) -> str:
    try:
        ox.NamedNode(value)  # the engine's own IRI check: what it accepts is what it will run
    except ValueError as exc:
        raise HTTPException(400, f"`{name}` must be an absolute IRI; {value!r} is not ({exc})") from None
    return value


def base_iri(request: Request) -> str | None:
    """The endpoint's URL, used to resolve relative IRIs in a request (the protocol allows this base)."""
    scope, server = request.scope, request.scope.get("server")
    where = tuple(server) if server is not None else None  # a list under some clients' test servers
    return _base_iri(scope.get("scheme", "http"), request.headers.get("host"), where, scope["path"])


# Every request to an endpoint has the same base: building the URL and checking it as an IRI each time was ~5 % of
# the server's time on a cheap query. The URL is built as Request.url builds it, from the parts it reads.
@lru_cache(maxsize=256)
def _base_iri(scheme: str, host: str | None, server: tuple[str, int] | None, path: str) -> str | None:
    headers = [] if host is None else [(b"host", host.encode("latin-1"))]
    url = str(URL(scope={"scheme": scheme, "server": server, "path": path, "headers": headers, "query_string": b""}))
    try:
        return ox.NamedNode(url).value
    except ValueError:  # a Host header no IRI can hold: leave relative IRIs unresolved (the engine says so)
        return None
