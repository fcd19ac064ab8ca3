"""An external SPARQL 1.1 engine (Oxigraph server, Fuseki, Virtuoso, QLever…) as the store.

Queries go to the query endpoint by the SPARQL 1.1 Protocol, writes to the update endpoint as SPARQL
1.1 Update; answers come back as pyoxigraph objects, so the views and the API cannot tell this store
from the embedded one. Every term sent is written by pyoxigraph in N-Triples syntax (escaped), never
pasted in as text.
"""
from __future__ import annotations

import io
import itertools
import math
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import httpx
import pyoxigraph as ox
from rdflib import URIRef

from kg.model import ONTOLOGY_GRAPH, ontology_path
from kg.store.base import (CountingReader, LoadError, QueryResult, StoreError, StoreUnavailable, load_error,
                           rdf_format, to_quads)
from kg.store.protocol import (ACCEPT, DATASET_FORMATS, GRAPHS, RESULTS, Chunks, Solutions, arriving, check,
                               dataset_params, endpoint_urls, graph_store_url, malformed, redact, said, unreachable,
                               with_values)
from kg.store.serialize import write_rdf

_DEFAULT_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH %s { ?s ?p ?o } }"
_ALL_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
# A write that times out on our side may still commit on the engine's: give writes and exports room.
SLOW_FACTOR, SLOW_MINIMUM = 10, 60.0
# A file upload: the engine parses and stores it before it answers, which takes minutes for millions of triples.
UPLOAD_MINIMUM = 600.0
INSERT_CHUNK = 10_000  # triples per INSERT DATA when the engine has no Graph Store endpoint
UPLOAD_PIECE = 1 << 20


class SparqlHttpStore:
    """A store on a SPARQL 1.1 engine: the data in its default graph, the ontology in its named graph.

    `transport` is httpx's: tests pass one that counts or breaks requests."""

    # The engine parses and evaluates; whether SERVICE or LOAD can reach out there is its operator's call.
    evaluates_elsewhere = True

    def __init__(self, query_url: str, update_url: str | None = None, *, timeout: float = 10.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.query_url, self.update_url = endpoint_urls(query_url, update_url)
        self.store_url = graph_store_url(self.query_url)
        self.timeout = timeout
        self._slow = httpx.Timeout(max(SLOW_MINIMUM, SLOW_FACTOR * timeout), connect=min(timeout, 10.0))
        self._client = httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)), transport=transport,
                                    headers={"User-Agent": "conflict-kg"})
        try:
            self._load_ontology()
        except BaseException:
            self._client.close()
            raise

    def _load_ontology(self) -> None:
        graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
        if self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            return
        quads = ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE)
        body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads)
        # Conditional, in one request: two processes opening an empty engine at once load it once.
        self.update(f"INSERT {{ GRAPH {graph} {{ {body} }} }} "
                    f"WHERE {{ FILTER NOT EXISTS {{ GRAPH {graph} {{ ?s ?p ?o }} }} }}")

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult:
        """Results (SELECT, ASK) or a list of triples (CONSTRUCT, DESCRIBE) from the engine.

        SELECT solutions are parsed as they arrive, so a reader that stops early (KG_MAX_RESULTS) closes
        the connection instead of downloading the rest; reading stops with StoreTimeout (a QueryTimeout)
        once KG_QUERY_TIMEOUT has passed. `substitutions` binds variables with a trailing VALUES clause
        (as rdflib's SPARQLStore does); `dataset` is pyoxigraph's default_graph / named_graphs, sent as
        default-graph-uri / named-graph-uri."""
        text = with_values(sparql, substitutions) if substitutions else sparql
        form = {"query": text} | dataset_params(**dataset)
        response = self._open(self.query_url, data=form, headers={"Accept": ACCEPT})
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        body = Chunks(arriving(response, self.query_url, time.monotonic() + self.timeout))
        try:
            if media_type in RESULTS:
                found = ox.parse_query_results(body, format=RESULTS[media_type])
                if isinstance(found, ox.QueryBoolean):
                    body.drain()
                    return found
                return Solutions(found, body, self.query_url)
            if media_type in GRAPHS:
                return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=GRAPHS[media_type])]
        except SyntaxError as exc:
            raise malformed(exc, self.query_url) from None
        response.close()
        raise StoreError(f"the SPARQL engine at {redact(self.query_url)} answered in {media_type or 'no media type'}, "
                         f"which this store cannot read: does KG_STORE name its SPARQL query endpoint?")

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the engine (one request: as atomic as the engine makes one update)."""
        try:
            response = self._client.post(self.update_url, content=sparql.encode(), timeout=self._slow,
                                         headers={"Content-Type": "application/sparql-update"})
        except httpx.TimeoutException as exc:
            raise StoreUnavailable(f"the SPARQL engine at {redact(self.update_url)} did not confirm the update in "
                                   f"{self._slow.read:g} s ({exc.__class__.__name__}); it may still apply it") from None
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.update_url, "KG_STORE_UPDATE") from None
        check(response, self.update_url, "update")

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        """Add `triples` with one INSERT DATA request, so the engine applies all of them or none."""
        quads = to_quads(triples, graph)
        if quads:
            self.update(_insert_data(quads))

    def bulk_load(self, path: Path, format: ox.RdfFormat | None = None, *,
                  on_read: Callable[[int], None] | None = None) -> int:
        """Send an RDF file to the engine; returns how many quads the store gained.

        One streamed POST to its Graph Store Protocol endpoint (`…/store` next to `…/query`, as
        `oxigraph serve` has) when it answers there; otherwise INSERT DATA requests of INSERT_CHUNK
        triples. Neither is one transaction over the file: a failure midway leaves part of it in (each
        chunk is atomic; a blank node shared by two chunks becomes two nodes)."""
        path, fmt = Path(path), rdf_format(path, format)
        before = len(self)
        if self._has_graph_store():
            self._post_file(path, fmt, on_read)
        else:
            self._insert_chunks(path, fmt, on_read)
        return len(self) - before

    def _has_graph_store(self) -> bool:
        """Whether the engine takes files at store_url: an empty N-Triples POST adds nothing and tells."""
        try:
            response = self._client.post(self.store_url, params={"default": ""}, content=b"",
                                         headers={"Content-Type": "application/n-triples"})
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.store_url, "KG_STORE") from None
        return response.status_code < 300

    def _post_file(self, path: Path, fmt: ox.RdfFormat, on_read: Callable[[int], None] | None) -> None:
        # Triples go to the default graph (`?default`); N-Quads and TriG are a dataset, posted as one.
        params = {} if fmt in DATASET_FORMATS else {"default": ""}
        timeout = httpx.Timeout(max(UPLOAD_MINIMUM, self._slow.read), connect=self._slow.connect)
        try:
            with path.open("rb") as file:
                reader = CountingReader(file, on_read)
                response = self._client.post(
                    self.store_url, params=params, content=iter(lambda: reader.read(UPLOAD_PIECE), b""),
                    headers={"Content-Type": fmt.media_type, "Content-Length": str(path.stat().st_size)},
                    timeout=timeout)
        except OSError as exc:
            raise LoadError(f"cannot load {path}: {exc.strerror or exc}") from None
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.store_url, "KG_STORE") from None
        if response.status_code == 400:
            raise LoadError(f"{path}: the SPARQL engine refused it: {said(response)}")
        check(response, self.store_url, "file")

    def _insert_chunks(self, path: Path, fmt: ox.RdfFormat, on_read: Callable[[int], None] | None) -> None:
        try:
            with path.open("rb") as file:
                quads = ox.parse(CountingReader(file, on_read), format=fmt)
                while chunk := list(itertools.islice(quads, INSERT_CHUNK)):
                    self.update(_insert_data(chunk))
        except SyntaxError as exc:
            raise load_error(exc, path) from None
        except OSError as exc:
            raise LoadError(f"cannot load {path}: {exc.strerror or exc}") from None

    def dump(self, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> bytes:
        buffer = io.BytesIO()
        self.dump_to(buffer, fmt, include_ontology=include_ontology)
        return buffer.getvalue()

    def dump_to(self, output: BinaryIO, fmt: ox.RdfFormat, *, include_ontology: bool = False) -> None:
        """Write the default graph (and the ontology's) to `output` as the engine streams it.

        One CONSTRUCT per graph; TriG and N-Quads keep the ontology in its named graph."""
        graphs = [(_DEFAULT_TRIPLES, ox.DefaultGraph())]
        if include_ontology:
            ontology = ox.NamedNode(str(ONTOLOGY_GRAPH))
            graphs.append((_GRAPH_TRIPLES % ontology, ontology))
        quads = (ox.Quad(t.subject, t.predicate, t.object, name) for text, name in graphs for t in self._streamed(text))
        keeps_graphs = fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        items = quads if keeps_graphs else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        write_rdf(items, output, fmt)

    def _streamed(self, construct: str) -> Iterator[ox.Triple]:
        response = self._open(self.query_url, data={"query": construct}, timeout=self._slow,
                              headers={"Accept": "application/n-triples"})
        try:
            for quad in ox.parse(Chunks(arriving(response, self.query_url, math.inf)), format=ox.RdfFormat.N_TRIPLES):
                yield ox.Triple(quad.subject, quad.predicate, quad.object)
        except SyntaxError as exc:
            raise malformed(exc, self.query_url) from None
        finally:
            response.close()

    def __len__(self) -> int:
        """Quads in the default graph and every named graph (the ontology's too), like Oxigraph's len()."""
        [row] = self.query(_ALL_QUADS)
        return int(row["n"].value)

    def close(self) -> None:
        self._client.close()

    def _open(self, url: str, **request) -> httpx.Response:
        """The engine's answer to a query, its body still to be read (the caller closes it)."""
        try:
            response = self._client.send(self._client.build_request("POST", url, **request), stream=True)
            if response.status_code >= 300:
                response.read()
                response.close()
        except httpx.HTTPError as exc:
            raise unreachable(exc, url, "KG_STORE") from None
        check(response, url, "query")
        return response


def _insert_data(quads: list[ox.Quad]) -> str:
    """One INSERT DATA for `quads`, those in named graphs inside GRAPH blocks (terms written by pyoxigraph)."""
    by_graph: dict = {}
    for q in quads:
        by_graph.setdefault(q.graph_name, []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = ["\n".join(lines) if isinstance(graph, ox.DefaultGraph) else f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}"
              for graph, lines in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
