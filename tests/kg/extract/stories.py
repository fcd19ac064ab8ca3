"""What the extractor finds in an invented wire sentence or story, dated June 2024 (the wire-phrase tests)."""

from __future__ import annotations

from datetime import date

from kg.extract.extraction import Extraction
from kg.ingest import Article

PUBLISHED = date(2024, 6, 3)


def extract(extractor, text: str) -> list[Extraction]:
    """Every extraction from `text`, published on PUBLISHED."""
    return extractor.extract(Article(text=text, published=PUBLISHED, source="t"))


def pairs(extractor, text: str) -> set[tuple[str, str, str]]:
    """(source id, relation, target id) of the extractions from `text` that are not negated."""
    return {(e.source.id, e.relation, e.target.id) for e in extract(extractor, text) if not e.negated}
