"""The seed article's store, as the graph page tests build it."""

import pytest
from graph_stores import build_seed_store


@pytest.fixture(scope="session")
def seed(extractor):
    return build_seed_store(extractor)
