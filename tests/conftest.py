"""Fixtures shared across the suite: one extractor and one seeded store per test session."""
from pathlib import Path

import pytest

from kg.config import Settings
from kg.extract import Extractor
from kg.ingest import Article, read_articles
from kg.store import open_store
from kg.store.loader import ArticleLoader

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    """The spaCy pipeline is slow to load: build it once."""
    return Extractor(model=Settings(store="memory").model)


@pytest.fixture(scope="session")
def seed_articles() -> list[Article]:
    return [item for item in read_articles([SEEDS]) if isinstance(item, Article)]


@pytest.fixture(scope="session")
def seeded_store(extractor, seed_articles, tmp_path_factory):
    """An on-disk store (the product's default) holding the seed articles; tests must not write to it."""
    store = open_store(str(tmp_path_factory.mktemp("seeded") / "kg"))
    loader = ArticleLoader(store, extractor)
    for article in seed_articles:
        loader.load(article)
    return store
