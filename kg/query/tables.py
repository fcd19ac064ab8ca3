"""Relations and actors as flat rows (one per evidence event), for CSV, CLI tables and DataFrames."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from kg.query.views import ActorSummary, Relation

RELATION_COLUMNS = [
    "source",
    "source_label",
    "relation",
    "target",
    "target_label",
    "status",
    "according_to",
    "according_to_label",
    "attribution",
    "confidence",
    "corroboration",
    "date",
    "published",
    "article",
    "title",
    "url",
    "sentence",
    "event",
    "modality",
]
ACTOR_COLUMNS = ["slug", "label", "type", "cameo", "relations_out", "relations_in", "iri"]


def relation_rows(found: Iterable[Relation]) -> list[dict[str, str]]:
    """One row per evidence event, the relation's fields repeated on each."""
    rows = []
    for relation in found:
        for item in relation.evidence:
            rows.append(
                {
                    "source": relation.source.slug,
                    "source_label": relation.source.label or "",
                    "relation": relation.relation,
                    "target": relation.target.slug,
                    "target_label": relation.target.label or "",
                    "status": item.status,
                    "according_to": item.according_to.slug if item.according_to else "",
                    "according_to_label": (item.according_to.label or "") if item.according_to else "",
                    "attribution": item.attribution or "",
                    "confidence": f"{item.confidence:g}",
                    "corroboration": str(relation.corroboration),
                    "date": _text(item.date),
                    "published": _text(item.published),
                    "article": item.article,
                    "title": item.title or "",
                    "url": item.url or "",
                    "sentence": item.sentence,
                    "event": item.event,
                    "modality": item.modality or "",
                }
            )
    return rows


def actor_rows(found: Iterable[ActorSummary]) -> list[dict[str, str]]:
    return [{name: _text(getattr(actor, name)) for name in ACTOR_COLUMNS} for actor in found]


def to_csv(columns: list[str], rows: Iterable[dict[str, str]]) -> str:
    """RFC 4180 CSV (CRLF line ends) with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _text(value) -> str:
    return "" if value is None else str(value)
