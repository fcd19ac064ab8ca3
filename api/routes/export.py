"""GET /export: the whole graph as one Turtle, JSON-LD or N-Triples file."""
from __future__ import annotations

from enum import Enum
from typing import Annotated

import pyoxigraph as ox
from fastapi import APIRouter, Query, Response

from api.deps import StoreDep
from api.schemas import problems

router = APIRouter(tags=["graph"])


class ExportFormat(str, Enum):
    turtle = "turtle"
    jsonld = "jsonld"
    nt = "nt"


# format → (pyoxigraph format, media type, file name)
FORMATS = {
    ExportFormat.turtle: (ox.RdfFormat.TURTLE, "text/turtle", "conflict-kg.ttl"),
    ExportFormat.jsonld: (ox.RdfFormat.JSON_LD, "application/ld+json", "conflict-kg.jsonld"),
    ExportFormat.nt: (ox.RdfFormat.N_TRIPLES, "application/n-triples", "conflict-kg.nt"),
}


@router.get("/export", responses={200: {"content": {media: {} for _, media, _ in FORMATS.values()}}, **problems(422)},
            summary="Download the whole graph")
def export(store: StoreDep, format: Annotated[ExportFormat, Query(description="File format")] = ExportFormat.turtle,
           ontology: Annotated[bool, Query(description="Include the ontology's triples")] = False) -> Response:
    """Every triple of the graph (and, on request, the ontology) as an attachment."""
    fmt, media_type, filename = FORMATS[format]
    return Response(store.dump(fmt, include_ontology=ontology), media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
