import pytest
from kg.extract import Extractor

@pytest.fixture(scope="session")
def extractor():
    return Extractor()
