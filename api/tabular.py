"""Answers as JSON or CSV: `Accept: text/csv` or `?format=csv` on the list endpoints."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import HTTPException, Query, Request
from fastapi.responses import Response

from api.negotiation import MediaTable, negotiate, not_acceptable
from api.schemas import Responses

TABLE = MediaTable(
    types=("application/json", "text/csv"),
    aliases={"text/*": "text/csv"},
    names={"json": "application/json", "csv": "text/csv"},
)
Format = Annotated[Literal["json", "csv"] | None, Query(description="csv or json; overrides the Accept header")]
# OpenAPI: these routes may answer CSV too.
CSV_RESPONSE: Responses = {200: {"content": {"text/csv": {"schema": {"type": "string"}}}}}


def wants_csv(request: Request, format: str | None) -> bool:
    """Whether to answer CSV: `format=csv`, else an Accept header that prefers text/csv; 406 for neither."""
    chosen = negotiate(request.headers.get("accept"), format, TABLE)
    if chosen is None:
        raise HTTPException(406, not_acceptable(request.headers.get("accept"), TABLE, format))
    return chosen == "text/csv"


def csv_response(text: str, name: str) -> Response:
    """A CSV download named `name`.csv."""
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
    )
