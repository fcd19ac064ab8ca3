"""Extraction: article text → relations between actors, with provenance."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.extract.extraction import ActorRef, Extraction, PlaceRef
    from kg.extract.gazetteer import Gazetteer
    from kg.extract.interface import ArticleExtractor
    from kg.extract.lexicon import Lexicon
    from kg.extract.pipeline import Extractor

__all__ = ["ActorRef", "ArticleExtractor", "Extraction", "Extractor", "Gazetteer", "Lexicon", "PlaceRef"]
_HOMES = {
    "ActorRef": "extraction",
    "Extraction": "extraction",
    "PlaceRef": "extraction",
    "ArticleExtractor": "interface",
    "Gazetteer": "gazetteer",
    "Lexicon": "lexicon",
    "Extractor": "pipeline",
}


def __getattr__(name: str):
    # Lazy, so `kg serve` on a stored graph starts without importing spaCy (~1 s); the first article does.
    if name in _HOMES:
        return getattr(importlib.import_module(f"kg.extract.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'kg.extract' has no attribute {name!r}")
