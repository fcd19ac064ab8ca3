"""The SPARQL 1.1 Protocol as kg.store.remote speaks it: endpoint URLs, request parameters, answers
read as they arrive, and the engine's errors as StoreErrors that say what to check."""
from __future__ import annotations

import io
import time
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox

from kg.store.base import StoreError, StoreTimeout, StoreUnavailable

SCHEMES = ("sparql+http://", "sparql+https://")  # kg/store/__init__.py keeps a copy (no httpx there)
# Preferred first; the engine picks what suits the query form (results for SELECT/ASK, RDF otherwise).
ACCEPT = ("application/sparql-results+json, application/n-triples, application/sparql-results+xml;q=0.8, "
          "text/turtle;q=0.8, application/rdf+xml;q=0.5")
RESULTS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
           "application/sparql-results+xml": ox.QueryResultsFormat.XML,
           "text/tab-separated-values": ox.QueryResultsFormat.TSV}
GRAPHS = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
          "application/rdf+xml": ox.RdfFormat.RDF_XML}


def endpoint_urls(location: str, update: str | None = None) -> tuple[str, str]:
    """The http(s) query and update URLs for `KG_STORE` and `KG_STORE_UPDATE`.

    Without an update URL, the query URL's last path segment becomes `update` (its query string, e.g.
    an access token, is kept): `…/query` → `…/update` (Oxigraph), `/ds/sparql` → `/ds/update` (Fuseki)."""
    query = http_url(location, "KG_STORE")
    if update:
        return query, http_url(update, "KG_STORE_UPDATE")
    parts = urlsplit(query)
    path = parts.path.rsplit("/", 1)[0] + "/update"
    return query, urlunsplit(parts._replace(path=path))


def graph_store_url(query_url: str) -> str:
    """The engine's Graph Store Protocol endpoint, derived as the update URL is: `…/query` → `…/store` (Oxigraph)."""
    parts = urlsplit(query_url)
    return urlunsplit(parts._replace(path=parts.path.rsplit("/", 1)[0] + "/store"))


# RDF formats that carry graph names: posted to the store as a dataset, not into the default graph.
DATASET_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)


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

    def __init__(self, solutions: ox.QuerySolutions, body: Chunks, url: str) -> None:
        self.variables = solutions.variables
        self._solutions = solutions
        self._body = body
        self._url = url

    def __iter__(self) -> Iterator[ox.QuerySolution]:
        try:
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


class Chunks(io.RawIOBase):
    """An iterator of byte chunks as a readable file, so pyoxigraph parses a response while it arrives."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._left = b""

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


def with_values(sparql: str, substitutions: dict) -> str:
    """`sparql` with a trailing VALUES clause binding each variable to its term.

    It joins with the query's solutions (after any GROUP BY), which equals pyoxigraph's substitution
    for plain patterns such as the ASKs that use it; a query that already ends in VALUES cannot take it."""
    names, terms = [], []
    for variable, term in substitutions.items():
        name = variable.value if isinstance(variable, ox.Variable) else str(variable).lstrip("?$")
        ox.Variable(name)  # raises on a name that is not a variable name
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise StoreError(f"cannot bind ?{name} to {term!r} over the SPARQL protocol: only IRIs and literals")
        names.append(f"?{name}")
        terms.append(str(term))  # N-Triples syntax, escaped by pyoxigraph
    return f"{sparql}\nVALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


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
    return StoreUnavailable(f"the SPARQL engine at {redact(url)} sent a cut or malformed answer ({exc}); "
                            "an engine's own time limit can cut an answer it had begun to send")


def said(response: httpx.Response) -> str:
    """The start of the engine's own message, on one line."""
    return " ".join(response.text[:500].split()) or response.reason_phrase


def unreachable(exc: httpx.HTTPError, url: str, setting: str) -> StoreUnavailable:
    if isinstance(exc, httpx.TimeoutException):
        return StoreTimeout(f"the SPARQL engine at {redact(url)} did not answer in time ({exc.__class__.__name__})")
    return StoreUnavailable(f"cannot reach the SPARQL engine at {redact(url)} ({exc.__class__.__name__}: {exc}): "
                            f"check that it is running and that {setting} names its endpoint")


__all__ = ["ACCEPT", "DATASET_FORMATS", "GRAPHS", "RESULTS", "SCHEMES", "Chunks", "graph_store_url", "Solutions", "arriving", "check", "dataset_params",
           "endpoint_urls", "malformed", "redact", "said", "unreachable", "with_values"]
