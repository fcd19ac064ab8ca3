"""The evidence filters every relation read takes: status, according_to, min_confidence."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Query

from kg.query.filters import STATUS_DOC
from kg.query.views import EvidenceFilter, parse_statuses


# A coroutine, though it only reads parameters: FastAPI runs a plain function dependency in its thread pool, one
# more hand-off to a thread and back per request (and a wait for a core on a busy machine).
async def evidence_filter(
    status: Annotated[list[str] | None, Query(description=STATUS_DOC, examples=["fact"])] = None,
    according_to: Annotated[
        str | None,
        Query(
            max_length=200,
            description="Only what this actor (slug) is said to say: reported or alleged by it",
            examples=["iran"],
        ),
    ] = None,
    min_confidence: Annotated[
        float | None, Query(ge=0, le=1, description="Only events at least this confident (0-1)", examples=[0.8])
    ] = None,
) -> EvidenceFilter:
    """The request's evidence filter; 400 naming the known statuses for an unknown one."""
    try:
        statuses = parse_statuses(status)
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from None
    return EvidenceFilter(status=statuses, according_to=according_to, min_confidence=min_confidence)


EvidenceDep = Annotated[EvidenceFilter, Depends(evidence_filter)]
