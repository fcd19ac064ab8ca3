"""What extraction produces: actor references and relations with their provenance."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, model_validator

Status = Literal["fact", "reported", "alleged", "denied", "intended"]
STATUSES: tuple[str, ...] = ("fact", "reported", "alleged", "denied", "intended")  # ckg:EvidenceStatus
CLAIMS: tuple[str, ...] = ("reported", "alleged")  # what someone says happened, as opposed to fact


class ActorRef(BaseModel):
    """An actor as the graph knows it, plus its mention as written in the sentence."""

    id: str = Field(description="Actor slug, the last segment of its IRI")
    label: str
    type: str = Field(description="Local name of its ckg: class, e.g. State, Militia")
    cameo: str | None = None
    text: str = Field(description="The mention as written (a pronoun's antecedent, when resolved)")
    part_of: str | None = None
    member_of: str | None = None
    aliases: list[str] = Field(default_factory=list)


class PlaceRef(BaseModel):
    id: str
    label: str
    lat: float | None = None
    long: float | None = None


class Extraction(BaseModel):
    """One relation found in one sentence (DESIGN.md, `kg extract`)."""

    id: str = Field(description="The input record's id, or the file name")
    source: ActorRef
    relation: str = Field(description="Local name of the ckg: relation property")
    target: ActorRef
    date: dt.date | None = None
    date_precision: str | None = Field(None, description="day, week, month or year: how much of `date` the text gives")
    place: PlaceRef | None = None
    negated: bool = False
    confidence: float = Field(ge=0, le=1)
    sentence: str
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    cameo_event: str | None = None
    attributed_to: ActorRef | None = None
    attribution_text: str | None = None
    modality: str | None = None
    status: Status = Field(
        None,  # type: ignore[arg-type]  # None until _implied_status fills it in
        description="fact, reported, alleged, denied or intended (ckg:EvidenceStatus): how "
        "the sentence puts the event; when not given, what negated, modality "
        "and attributed_to imply (an attribution reads as reported)",
    )

    @model_validator(mode="after")
    def _implied_status(self) -> Extraction:
        if self.status is None:
            self.status = (
                "denied"
                if self.negated
                else "intended"
                if self.modality
                else "reported"
                if self.attributed_to is not None
                else "fact"
            )
        return self
