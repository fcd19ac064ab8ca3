"""Extraction: article text → relations between actors, with provenance."""
from kg.extract.extraction import ActorRef, Extraction, PlaceRef
from kg.extract.gazetteer import Gazetteer
from kg.extract.lexicon import Lexicon
from kg.extract.pipeline import Extractor

__all__ = ["ActorRef", "Extraction", "Extractor", "Gazetteer", "Lexicon", "PlaceRef"]
