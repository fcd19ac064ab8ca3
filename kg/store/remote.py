"""An external SPARQL 1.1 engine (tested: Oxigraph server and Virtuoso) as the store.

Queries go to the query endpoint by the SPARQL 1.1 Protocol, writes to the update endpoint as SPARQL
1.1 Update; answers come back as pyoxigraph objects, so the views and the API cannot tell this store
from the embedded one. The data is in the named graph DATA_GRAPH, the ontology in ONTOLOGY_GRAPH, and
what is sent is the portable dialect of kg.store.dialect. Every term sent is written by pyoxigraph in
N-Triples syntax (escaped), never pasted in as text.
"""

from __future__ import annotations

import base64
import io
import itertools
import math
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, BinaryIO, cast

import httpx
import pyoxigraph as ox
from rdflib import URIRef

from kg.model import DATA_GRAPH, ONTOLOGY_GRAPH, ontology_path
from kg.store.base import (
    CountingReader,
    LoadError,
    QueryResult,
    StoreError,
    StoreUnavailable,
    load_error,
    rdf_format,
    to_quads,
)
from kg.store.dialect import in_data_graph, names_dataset, over_data_graph, query_form, with_values
from kg.store.protocol import (
    ACCEPT,
    DATASET_FORMATS,
    GRAPHS,
    MAX_ROWS_HEADER,
    RESULTS,
    VIRTUOSO_ASK,
    Chunks,
    Solutions,
    arriving,
    blank_nodes_fixed,
    check,
    dataset_params,
    endpoint_urls,
    graph_store_url,
    malformed,
    redact,
    said,
    unreachable,
)
from kg.store.serialize import write_rdf

_DATA = ox.NamedNode(str(DATA_GRAPH))
_ONTOLOGY = ox.NamedNode(str(ONTOLOGY_GRAPH))
_GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH %s { ?s ?p ?o } }"
_OUR_QUADS = f"SELECT (COUNT(*) AS ?n) WHERE {{ {{ ?s ?p ?o }} UNION {{ GRAPH {_ONTOLOGY} {{ ?s ?p ?o }} }} }}"
# A write that times out on our side may still commit on the engine's: give writes and exports room.
SLOW_FACTOR, SLOW_MINIMUM = 10, 60.0
# A file upload: the engine parses and stores it before it answers, which takes minutes for millions of triples.
UPLOAD_MINIMUM = 600.0
# Triples per INSERT DATA: Virtuoso's SPARQL compiler overflows on 2,000 and more in one request.
INSERT_CHUNK = 1_000
UPLOAD_PIECE = 1 << 20
QUADS_PIECE = 10_000  # quads re-written at a time when a dataset file's default graph is sent as DATA_GRAPH


class Triples(list):
    """A CONSTRUCT's triples; `truncated` when the engine cut them at its own row cap."""

    truncated = False


class EngineAuth(httpx.Auth):
    """`user:password@` from the URL as HTTP Basic, and as Digest once Basic is refused (Virtuoso's
    authenticated endpoint `/sparql-auth` takes Digest only, and refuses Basic without saying so)."""

    def __init__(self, username: str, password: str) -> None:
        self._basic = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        self._digest = httpx.DigestAuth(username, password)
        self._uses_digest = False

    def auth_flow(self, request: httpx.Request):
        if not self._uses_digest:
            request.headers["Authorization"] = self._basic
            response = yield request
            if response.status_code != 401:
                return
            self._uses_digest = True
            del request.headers["Authorization"]
        yield from self._digest.auth_flow(request)


class SparqlHttpStore:
    """A store on a SPARQL 1.1 engine: the data in the named graph DATA_GRAPH, the ontology in ONTOLOGY_GRAPH.

    `transport` is httpx's: tests pass one that counts or breaks requests."""

    # The engine parses and evaluates; whether SERVICE or LOAD can reach out there is its operator's call.
    evaluates_elsewhere = True
    add_limit: int | None = INSERT_CHUNK  # most triples one add applies at once (more are sent in several requests)
    can_snapshot = False  # the engine's files are its own
    buffers_writes = False  # the engine manages its own memory: each update is applied when it answers
    write_generation = None  # other clients may write to the engine: nothing read from it can be kept

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.query_url, self.update_url = endpoint_urls(query_url, update_url)
        self.store_url = graph_store_url(self.query_url)
        self.timeout = timeout
        self._slow = httpx.Timeout(max(SLOW_MINIMUM, SLOW_FACTOR * timeout), connect=min(timeout, 10.0))
        user = httpx.URL(self.query_url)
        auth = EngineAuth(user.username, user.password) if user.username or user.password else None
        self._client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            headers={"User-Agent": "conflict-kg"},
            auth=auth,
        )
        try:
            # Queries read through GRAPH DATA_GRAPH, which on Oxigraph matches nothing until the graph exists:
            # created if missing (only then, so an engine that lets us read only still opens).
            if not self._send(f"ASK {{ GRAPH {_DATA} {{ }} }}", {}):
                self._update(f"CREATE SILENT GRAPH {_DATA}")
            self._load_ontology()
        except BaseException:
            self._client.close()
            raise

    def _load_ontology(self) -> None:
        graph = _ONTOLOGY
        if self.query(f"ASK {{ GRAPH {graph} {{ ?s ?p ?o }} }}"):
            return
        quads = list(ox.parse(path=str(ontology_path()), format=ox.RdfFormat.TURTLE))
        # In pieces the engine compiles; the ontology has no blank nodes, so two processes loading it at once
        # add each triple once.
        for start in range(0, len(quads), INSERT_CHUNK):
            body = " ".join(f"{q.subject} {q.predicate} {q.object} ." for q in quads[start : start + INSERT_CHUNK])
            condition = "" if start else f"FILTER NOT EXISTS {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
            self._update(f"INSERT {{ GRAPH {graph} {{ {body} }} }} WHERE {{ {condition} }}")

    def query(self, sparql: str, *, substitutions: dict | None = None, **dataset) -> QueryResult:
        """Results (SELECT, ASK) or a list of triples (CONSTRUCT, DESCRIBE) from the engine.

        SELECT solutions are parsed as they arrive, so a reader that stops early (KG_MAX_RESULTS) closes
        the connection instead of downloading the rest; reading stops with StoreTimeout (a QueryTimeout)
        once KG_QUERY_TIMEOUT has passed, and `truncated` says the engine cut the answer at its own cap.
        `substitutions` binds variables with a VALUES block; `dataset` is pyoxigraph's default_graph /
        named_graphs, sent as default-graph-uri / named-graph-uri. Without one, and without FROM in the
        query, the query reads the data graph as its default graph (kg.store.dialect.over_data_graph)."""
        text = with_values(sparql, substitutions) if substitutions else sparql
        if dataset:
            return self._send(text, dataset_params(**dataset))
        if names_dataset(text):
            return self._send(text, {})
        return self._send(*over_data_graph(text))

    def _send(self, text: str, params: dict[str, list[str]]) -> QueryResult:
        """The engine's answer to `text` as it is, with these protocol parameters."""
        form = query_form(text)
        response = self._open(self.query_url, data={"query": text} | params, headers={"Accept": ACCEPT[form]})
        media_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        truncated = MAX_ROWS_HEADER in response.headers
        body = Chunks(blank_nodes_fixed(arriving(response, self.query_url, time.monotonic() + self.timeout)))
        try:
            if media_type in RESULTS:
                found = ox.parse_query_results(body, format=RESULTS[media_type])  # type: ignore[arg-type]  # a raw reader (read/readinto) works where the stubs say IO[bytes]
                if isinstance(found, ox.QueryBoolean) or form == "ASK":
                    return _boolean(found, body)
                return Solutions(found, body, self.query_url, truncated=truncated)
            if media_type in GRAPHS:
                triples = Triples(
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(body, format=GRAPHS[media_type])  # type: ignore[arg-type]  # a raw reader
                )
                triples.truncated = truncated
                return triples
        except SyntaxError as exc:
            raise malformed(exc, self.query_url) from None
        response.close()
        raise StoreError(
            f"the SPARQL engine at {redact(self.query_url)} answered in {media_type or 'no media type'}, "
            f"which this store cannot read: does KG_STORE name its SPARQL query endpoint?"
        )

    def written_between(self, after: int, upto: int) -> None:
        """Nothing is known of what other clients write (there is no write generation here)."""
        return None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update on the engine, its default graph read as the data graph (kg.store.dialect).

        One request: as atomic as the engine makes one update."""
        self._update(in_data_graph(sparql))

    def _update(self, sparql: str) -> None:
        try:
            response = self._client.post(
                self.update_url,
                content=sparql.encode(),
                timeout=self._slow,
                headers={"Content-Type": "application/sparql-update"},
            )
        except httpx.TimeoutException as exc:
            raise StoreUnavailable(
                f"the SPARQL engine at {redact(self.update_url)} did not confirm the update in "
                f"{self._slow.read:g} s ({exc.__class__.__name__}); it may still apply it"
            ) from None
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.update_url, "KG_STORE_UPDATE") from None
        check(response, self.update_url, "update")

    def add(self, triples: Iterable[tuple], graph: URIRef | None = None) -> None:
        """Add `triples` (to the data graph unless `graph` is given): one request, so all or none, for up to
        `add_limit` triples; more go in several requests of that size."""
        quads = to_quads(triples, graph)
        step = cast(int, self.add_limit)  # set on the class: an engine takes this many at once
        for start in range(0, len(quads), step):
            self._update(_insert_data(quads[start : start + step]))

    def bulk_load(
        self, path: Path, format: ox.RdfFormat | None = None, *, on_read: Callable[[int], None] | None = None
    ) -> int:
        """Send an RDF file to the engine; returns how many quads the store gained.

        Triples, and the quads of a dataset file's default graph, go into the data graph. One streamed
        POST to its Graph Store Protocol endpoint (`…/store` next to `…/query`, as `oxigraph serve` has)
        when it answers there; otherwise INSERT DATA requests of INSERT_CHUNK triples. Neither is one
        transaction over the file: a failure midway leaves part of it in (each chunk is atomic; a blank
        node shared by two chunks becomes two nodes)."""
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
            response = self._client.post(
                self.store_url,
                params={"graph": _DATA.value},
                content=b"",
                headers={"Content-Type": "application/n-triples"},
            )
        except httpx.HTTPError as exc:
            raise unreachable(exc, self.store_url, "KG_STORE") from None
        return response.status_code < 300

    def _post_file(self, path: Path, fmt: ox.RdfFormat, on_read: Callable[[int], None] | None) -> None:
        # Triples go to the data graph (`?graph=`) as they are; a dataset is posted as N-Quads, its default
        # graph re-written as the data graph on the way.
        timeout = httpx.Timeout(max(UPLOAD_MINIMUM, self._slow.read or 0), connect=self._slow.connect)
        try:
            with path.open("rb") as file:
                reader = CountingReader(file, on_read)
                if fmt in DATASET_FORMATS:
                    request: dict[str, Any] = dict(
                        content=_as_data_nquads(reader, fmt), headers={"Content-Type": "application/n-quads"}
                    )
                else:
                    request = dict(
                        params={"graph": _DATA.value},
                        content=iter(lambda: reader.read(UPLOAD_PIECE), b""),
                        headers={"Content-Type": fmt.media_type, "Content-Length": str(path.stat().st_size)},
                    )
                response = self._client.post(self.store_url, timeout=timeout, **request)
        except SyntaxError as exc:
            raise load_error(exc, path) from None
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
                quads = ox.parse(CountingReader(file, on_read), format=fmt)  # type: ignore[arg-type]  # a raw reader (read/readinto) works where the stubs say IO[bytes]
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
        """Write the data graph (and the ontology's) to `output` as the engine streams it.

        One CONSTRUCT per graph. The data is written as the default graph, as the embedded store writes it;
        TriG and N-Quads keep the ontology in its named graph."""
        graphs: list[tuple[str, ox.NamedNode | ox.DefaultGraph]] = [(_GRAPH_TRIPLES % _DATA, ox.DefaultGraph())]
        if include_ontology:
            graphs.append((_GRAPH_TRIPLES % _ONTOLOGY, _ONTOLOGY))
        quads = (ox.Quad(t.subject, t.predicate, t.object, name) for text, name in graphs for t in self._streamed(text))
        keeps_graphs = fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS)
        items = quads if keeps_graphs else (ox.Triple(q.subject, q.predicate, q.object) for q in quads)
        write_rdf(items, output, fmt)

    def _streamed(self, construct: str) -> Iterator[ox.Triple]:
        response = self._open(
            self.query_url, data={"query": construct}, timeout=self._slow, headers={"Accept": "application/n-triples"}
        )
        if MAX_ROWS_HEADER in response.headers:
            response.close()
            raise StoreError(
                f"the SPARQL engine at {redact(self.query_url)} cuts answers at "
                f"{response.headers[MAX_ROWS_HEADER]} rows, fewer than the graph has: raise that cap "
                "(Virtuoso: ResultSetMaxRows in virtuoso.ini's [SPARQL] section) to export it"
            )
        try:
            body = Chunks(arriving(response, self.query_url, math.inf))
            for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):  # type: ignore[arg-type]  # a raw reader (read/readinto) works where the stubs say IO[bytes]
                yield ox.Triple(quad.subject, quad.predicate, quad.object)
        except SyntaxError as exc:
            raise malformed(exc, self.query_url) from None
        finally:
            response.close()

    def data_bytes(self) -> int | None:
        return None  # the engine's files are its own

    def __len__(self) -> int:
        """Quads in our graphs, the data's and the ontology's (an engine has graphs of its own: Virtuoso's system graphs)."""
        [row] = self.query(_OUR_QUADS)
        return int(row["n"].value)

    def snapshot(self) -> AbstractContextManager[Path]:
        """Never: an engine elsewhere has no copy here that another process could open (can_snapshot is False)."""
        raise StoreError("a store on a SPARQL engine has no snapshot on disk (can_snapshot is False)")

    def flush(self) -> None:
        """Nothing waits here: each update was applied by the engine before it answered (buffers_writes is False)."""

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
    """One INSERT DATA for `quads`, each graph in its GRAPH block, the default graph's as the data graph
    (terms written by pyoxigraph). With blank nodes, INSERT … WHERE {}: Virtuoso refuses them in INSERT DATA."""
    by_graph: dict = {}
    for q in quads:
        graph = _DATA if isinstance(q.graph_name, ox.DefaultGraph) else q.graph_name
        by_graph.setdefault(graph, []).append(f"{q.subject} {q.predicate} {q.object} .")
    blocks = "\n".join(f"GRAPH {graph} {{\n" + "\n".join(lines) + "\n}" for graph, lines in by_graph.items())
    if any(isinstance(term, ox.BlankNode) for q in quads for term in (q.subject, q.object)):
        return f"INSERT {{\n{blocks}\n}} WHERE {{}}"
    return f"INSERT DATA {{\n{blocks}\n}}"


def _as_data_nquads(file: BinaryIO | CountingReader, fmt: ox.RdfFormat) -> Iterator[bytes]:
    """A dataset file as N-Quads, its default graph written as the data graph, a piece at a time."""
    quads = ox.parse(file, format=fmt)  # type: ignore[arg-type]  # a raw reader (read/readinto) works where the stubs say IO[bytes]
    while piece := list(itertools.islice(quads, QUADS_PIECE)):
        yield cast(
            bytes,
            ox.serialize(
                [
                    ox.Quad(q.subject, q.predicate, q.object, _DATA) if isinstance(q.graph_name, ox.DefaultGraph) else q
                    for q in piece
                ],
                format=ox.RdfFormat.N_QUADS,
            ),
        )


_TRUE, _FALSE = (
    cast(
        ox.QueryBoolean,
        ox.parse_query_results(f'{{"head": {{}}, "boolean": {value}}}'.encode(), format=ox.QueryResultsFormat.JSON),
    )
    for value in ("true", "false")
)


def _boolean(found, body: Chunks) -> ox.QueryBoolean:
    """An ASK's answer: a boolean, or Virtuoso's solutions of VIRTUOSO_ASK (a row of 1 for true, none for false)."""
    if isinstance(found, ox.QueryBoolean):
        body.drain()
        return found
    if [v.value for v in found.variables] != [VIRTUOSO_ASK]:
        raise StoreError("the SPARQL engine answered an ASK with solutions rather than a boolean")
    rows = [solution[VIRTUOSO_ASK] for solution in found]
    body.drain()
    return _TRUE if rows and rows[0] is not None and rows[0].value not in ("0", "false") else _FALSE
