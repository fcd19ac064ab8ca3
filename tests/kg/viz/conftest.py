"""Stores for the graph page tests: the seed article, and the seed plus hostile markup."""

import pytest
from graph_stores import build_hostile_store, build_seed_store


@pytest.fixture(scope="session")
def seed(extractor):
    return build_seed_store(extractor)


@pytest.fixture(scope="session")
def hostile(extractor):
    return build_hostile_store(extractor)
