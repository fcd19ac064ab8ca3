"""GET /export: the whole graph as one Turtle, JSON-LD, N-Triples or TriG file, streamed as it is written."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from typing import Annotated, BinaryIO

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import StreamingResponse

from api.deps import StoreDep
from api.schemas import problems
from kg.formats import EXPORTS

router = APIRouter(tags=["graph"])

FORMATS = {syntax.name: syntax for syntax in EXPORTS}  # format= value → format, the default first
CHUNK_BYTES = 64 * 1024

# A plain string checked by hand (not an Enum) so an unknown format is a 400 naming the choices;
# the enum in the schema still shows them in /docs.
FormatParam = Annotated[
    str,
    Query(
        description="File format; TriG keeps the ontology in its named graph", json_schema_extra={"enum": list(FORMATS)}
    ),
]


@router.get(
    "/export",
    response_class=StreamingResponse,
    summary="Download the whole graph",
    responses={200: {"content": {syntax.media_type: {} for syntax in EXPORTS}}, **problems(400, 422)},
)
def export(
    store: StoreDep,
    format: FormatParam = "turtle",
    ontology: Annotated[bool, Query(description="Include the ontology's triples")] = False,
) -> StreamingResponse:
    """Every triple of the graph (and, on request, the ontology) as an attachment, sent while it is serialised."""
    if format not in FORMATS:
        raise HTTPException(400, f"unknown format {format!r}; choose one of: {', '.join(FORMATS)}")
    syntax = FORMATS[format]
    body = stream_written(lambda sink: store.dump_to(sink, syntax.oxigraph, include_ontology=ontology))
    return StreamingResponse(
        body,
        media_type=syntax.media_type,
        headers={"Content-Disposition": f'attachment; filename="conflict-kg.{syntax.extension}"'},
    )


def stream_written(write: Callable[[BinaryIO], None], chunk_size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """Run `write(sink)` in a thread and yield what it writes, chunk by chunk, as it writes it.

    A pipe between the two bounds the memory used (the writer waits while the client is slow);
    closing this generator early (the client went away) breaks the pipe, which stops the writer.
    """
    read_fd, write_fd = os.pipe()
    failures: list[Exception] = []
    writer = threading.Thread(target=_write_into, args=(write, write_fd, failures), name="export", daemon=True)
    writer.start()
    with open(read_fd, "rb") as source:
        while chunk := source.read1(chunk_size):
            yield chunk
    writer.join()  # end of file: the writer has finished and closed its end
    if failures:
        # The status line is long gone; raising cuts the connection, so the client sees an incomplete body.
        raise failures[0]


def _write_into(write: Callable[[BinaryIO], None], write_fd: int, failures: list[Exception]) -> None:
    try:
        with open(write_fd, "wb") as sink:
            write(sink)
    except BrokenPipeError:
        pass  # the reader stopped: nothing is waiting for the rest
    except Exception as exc:  # handed to the reader, which raises it in the request's context
        failures.append(exc)
