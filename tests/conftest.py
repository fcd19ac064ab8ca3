"""Fixtures shared across the suite: one extractor and one seeded store per test session."""

import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.config import Settings, get_settings
from kg.extract import Extractor
from kg.ingest import Article, read_articles
from kg.pipeline.loader import ArticleLoader
from kg.store import open_store

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# backend, fresh_store, store_location, oxigraph_server, virtuoso_server: embedded Oxigraph, a real `oxigraph serve`
# and a real Virtuoso.
pytest_plugins = ["store_backends"]


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


@pytest.fixture(scope="session")
def exported_seeds(seeded_store, tmp_path_factory) -> Path:
    """The seed graph as another kg exports it (`kg export --format nt`)."""
    path = tmp_path_factory.mktemp("export") / "seeds.nt"
    with path.open("wb") as file:
        seeded_store.dump_to(file, ox.RdfFormat.N_TRIPLES)
    return path


@pytest.fixture()
def store_dir(tmp_path: Path, monkeypatch) -> Path:
    """KG_STORE pointed at a new on-disk store for the `kg` command under test."""
    monkeypatch.setenv("KG_STORE", str(tmp_path / "kg"))
    get_settings.cache_clear()
    yield tmp_path / "kg"
    get_settings.cache_clear()


class FuzzInputs:
    """Inputs tried per property test (tests/**/test_*_fuzz.py), for the terminal summary.

    Counted in the process that runs the test, then carried on its report (`user_properties`), so the summary
    adds them up in the process that prints it: pytest's own, or xdist's controller."""

    PROPERTY = "fuzz inputs"

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}  # running tests' counts, by node id
        self.totals: dict[str, int] = {}  # reported counts, by node id

    def tried(self) -> None:
        """One more input for the running test (call it first thing in the test's body)."""
        test = os.environ.get("PYTEST_CURRENT_TEST", "?").rsplit(" (", 1)[0]
        self.counts[test] = self.counts.get(test, 0) + 1

    def report(self, item: pytest.Item) -> None:
        """Put the finished test's count on its report."""
        if (count := self.counts.pop(item.nodeid, 0)) > 0:
            item.user_properties.append((self.PROPERTY, count))

    def add(self, report: pytest.TestReport) -> None:
        """Add up what a report carries."""
        for name, count in report.user_properties:
            if name == self.PROPERTY:
                self.totals[report.nodeid] = self.totals.get(report.nodeid, 0) + count


FUZZ_INPUTS = FuzzInputs()


@pytest.fixture(scope="session")
def fuzz_inputs() -> FuzzInputs:
    """The session's counter (session-scoped, so hypothesis tests may take it)."""
    return FUZZ_INPUTS


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    try:
        return (yield)
    finally:
        FUZZ_INPUTS.report(item)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        FUZZ_INPUTS.add(report)


def pytest_terminal_summary(terminalreporter) -> None:
    """CI output shows how many inputs the property tests tried (issue 7 asks for ≥ 10,000)."""
    if not FUZZ_INPUTS.totals:
        return
    terminalreporter.section("fuzz inputs")
    for test, count in sorted(FUZZ_INPUTS.totals.items()):
        terminalreporter.write_line(f"{count:>8,}  {test}")
    terminalreporter.write_line(f"fuzz inputs tried: {sum(FUZZ_INPUTS.totals.values()):,}")
