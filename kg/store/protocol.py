"""The SPARQL 1.1 Protocol as kg.store.remote speaks it: endpoint URLs, request parameters, answers
read as they arrive, and the engine's errors as StoreErrors that say what to check."""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.formats import (
    DATASETS,
    N_TRIPLES,
    RDF_XML,
    SPARQL_JSON,
    SPARQL_TSV,
    SPARQL_XML,
    TURTLE,
    rdf_formats,
    results_formats,
)
from kg.store.base import StoreError, StoreTimeout, StoreUnavailable

SCHEMES = ("sparql+http://", "sparql+https://")  # kg/store/__init__.py keeps a copy (no httpx there)
VIRTUOSO_PATHS = ("/sparql", "/sparql-auth")  # one endpoint for queries and updates
# By query form, preferred first: Virtuoso answers in the first type listed whatever the form (a SELECT as
# N-Triples of a result-set vocabulary, a CONSTRUCT as a 500), and its XML results, unlike its JSON, write
# booleans as true/false.
RESULTS_ACCEPT = f"{SPARQL_XML.media_type}, {SPARQL_JSON.media_type};q=0.9"
GRAPHS_ACCEPT = f"{N_TRIPLES.media_type}, {TURTLE.media_type};q=0.9, {RDF_XML.media_type};q=0.5"
ACCEPT = {"SELECT": RESULTS_ACCEPT, "ASK": RESULTS_ACCEPT, "CONSTRUCT": GRAPHS_ACCEPT, "DESCRIBE": GRAPHS_ACCEPT}
# Virtuoso's header on an answer cut at its ResultSetMaxRows (it sends no other sign of the cut).
MAX_ROWS_HEADER = "x-sparql-maxrows"
# Virtuoso's blank nodes in results are `nodeID://b123`, which is no blank node label: drop the scheme.
_VIRTUOSO_BNODES = (
    (b"<bnode>nodeID://", b"<bnode>"),
    (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "'),
)
# Virtuoso answers ASK as one row of this variable (an integer) rather than a boolean.
VIRTUOSO_ASK = "__ASK_RETVAL"
# What an engine's answer is read in, by its Content-Type (CSV is never asked for: it loses term types).
RESULTS = results_formats((SPARQL_JSON, SPARQL_XML, SPARQL_TSV))
GRAPHS = rdf_formats((N_TRIPLES, TURTLE, RDF_XML))


def endpoint_urls(location: str, update: str | None = None) -> tuple[str, str]:
    """The http(s) query and update URLs for `KG_STORE` and `KG_STORE_UPDATE`.

    Without an update URL, the query URL's last path segment becomes `update` (its query string, e.g.
    an access token, is kept): `…/query` → `…/update` (Oxigraph), `/ds/sparql` → `/ds/update` (Fuseki);
    but `/sparql` and `/sparql-auth` at the root are Virtuoso's, which take updates too."""
    query = http_url(location, "KG_STORE")
    if update:
        return query, http_url(update, "KG_STORE_UPDATE")
    parts = urlsplit(query)
    if parts.path.rstrip("/") in VIRTUOSO_PATHS:
        return query, query
    path = parts.path.rsplit("/", 1)[0] + "/update"
    return query, urlunsplit(parts._replace(path=path))


def graph_store_url(query_url: str) -> str:
    """The engine's Graph Store Protocol endpoint, derived as the update URL is: `…/query` → `…/store` (Oxigraph)."""
    parts = urlsplit(query_url)
    return urlunsplit(parts._replace(path=parts.path.rsplit("/", 1)[0] + "/store"))


# RDF formats that carry graph names: posted to the store as a dataset, not into the default graph.
DATASET_FORMATS = tuple(syntax.oxigraph for syntax in DATASETS)


def http_url(url: str, setting: str) -> str:
    """`url` without its `sparql+` prefix; StoreError naming `setting` when it is no http(s) URL."""
    plain = url.removeprefix("sparql+")
    if not plain.startswith(("http://", "https://")) or not urlsplit(plain).hostname:
        raise StoreError(f"{setting}={redact(url)} is not an engine URL: give e.g. sparql+http://127.0.0.1:7878/query")
    return plain


def redact(url: str) -> str:
    """`url` without a password it may carry (user:password@host), for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{parts.netloc.rsplit('@', 1)[1]}"))


class Solutions:
    """A SELECT's solutions, parsed as the engine sends them: pyoxigraph's QuerySolutions interface."""

    def __init__(self, solutions: ox.QuerySolutions, body: Chunks, url: str, *, truncated: bool = False) -> None:
        self.variables = solutions.variables
        self.truncated = truncated  # the engine cut the answer at its own row cap
        self._solutions: ox.QuerySolutions | None = solutions  # dropped on failure (see __iter__)
        self._body = body
        self._url = url

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        try:
            assert self._solutions is not None  # dropped only when an iteration failed
            yield from self._solutions
            self._body.drain()
        except BaseException as exc:
            # The traceback keeps this frame: pyoxigraph's iterator must not go with it to another thread,
            # where dropping it fails (pyo3 "unsendable").
            self._solutions = None
            if isinstance(exc, SyntaxError):
                raise malformed(exc, self._url) from None
            raise


def arriving(response: httpx.Response, url: str, deadline: float) -> Iterator[bytes]:
    """The body's chunks as they arrive, until `deadline` (time.monotonic()); closes the response at the end."""
    try:
        for chunk in response.iter_bytes():
            if time.monotonic() > deadline:
                raise StoreTimeout(f"the SPARQL engine at {redact(url)} was still answering at the time limit")
            yield chunk
    except httpx.HTTPError as exc:
        raise unreachable(exc, url, "KG_STORE") from None
    finally:
        response.close()


def blank_nodes_fixed(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """`chunks` with Virtuoso's `nodeID://` blank node labels made labels (a pattern may span two chunks)."""
    keep = max(len(old) for old, _ in _VIRTUOSO_BNODES) - 1
    left = b""
    for chunk in chunks:
        text = left + chunk
        for old, new in _VIRTUOSO_BNODES:
            text = text.replace(old, new)
        left, ready = text[-keep:], text[:-keep]
        if ready:
            yield ready
    for old, new in _VIRTUOSO_BNODES:
        left = left.replace(old, new)
    if left:
        yield left


class Chunks(io.RawIOBase):
    """An iterator of byte chunks as a readable file, so pyoxigraph parses a response while it arrives."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left: bytes | None = b""

    def readable(self) -> bool:
        return True

    def drain(self) -> None:
        """Read to the end, so the connection goes back to the pool rather than being closed."""
        for _ in self._chunks:
            pass

    def readinto(self, buffer) -> int:
        while not self._left:
            self._left = next(self._chunks, None)
            if self._left is None:
                return 0
        size = min(len(buffer), len(self._left))
        buffer[:size], self._left = self._left[:size], self._left[size:]
        return size


def dataset_params(*, default_graph=None, named_graphs=None) -> dict[str, list[str]]:
    """pyoxigraph's dataset options as SPARQL Protocol parameters."""
    params = {}
    for parameter, graphs in (("default-graph-uri", default_graph), ("named-graph-uri", named_graphs)):
        if graphs is None:
            continue
        graphs = graphs if isinstance(graphs, (list, tuple)) else [graphs]
        if not all(isinstance(graph, ox.NamedNode) for graph in graphs):
            raise StoreError(f"{parameter} takes graph IRIs only over the SPARQL protocol, not {graphs!r}")
        params[parameter] = [graph.value for graph in graphs]
    return params


def check(response: httpx.Response, url: str, what: str) -> None:
    """Raise on an error status: SyntaxError for 400 (as pyoxigraph does), StoreUnavailable for a gateway's."""
    status = response.status_code
    if status < 300:
        return
    if status == 400:
        raise SyntaxError(f"the SPARQL engine refused the {what}: {said(response)}")
    error = StoreUnavailable if status in (502, 503, 504) else StoreError
    raise error(f"the SPARQL engine at {redact(url)} answered {status}: {said(response)}")


def malformed(exc: SyntaxError, url: str) -> StoreUnavailable:
    return StoreUnavailable(
        f"the SPARQL engine at {redact(url)} sent a cut or malformed answer ({exc}); "
        "an engine's own time limit can cut an answer it had begun to send"
    )


def said(response: httpx.Response) -> str:
    """The engine's own message on one line: its first line (Virtuoso's go on to quote the whole request)."""
    first = next((line.strip() for line in response.text[:2000].splitlines() if line.strip()), "")
    return first[:300] or response.reason_phrase


def unreachable(exc: httpx.HTTPError, url: str, setting: str) -> StoreUnavailable:
    if isinstance(exc, httpx.TimeoutException):
        return StoreTimeout(f"the SPARQL engine at {redact(url)} did not answer in time ({exc.__class__.__name__})")
    return StoreUnavailable(
        f"cannot reach the SPARQL engine at {redact(url)} ({exc.__class__.__name__}: {exc}): "
        f"check that it is running and that {setting} names its endpoint"
    )


__all__ = [
    "ACCEPT",
    "DATASET_FORMATS",
    "GRAPHS",
    "MAX_ROWS_HEADER",
    "RESULTS",
    "SCHEMES",
    "VIRTUOSO_ASK",
    "Chunks",
    "Solutions",
    "arriving",
    "blank_nodes_fixed",
    "check",
    "dataset_params",
    "endpoint_urls",
    "graph_store_url",
    "malformed",
    "redact",
    "said",
    "unreachable",
]
