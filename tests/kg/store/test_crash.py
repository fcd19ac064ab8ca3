"""Crash consistency: `kg ingest` killed with SIGKILL at random points leaves a store that opens, holds only
whole articles, and a rerun completes with every article exactly once.

"Whole" follows from how kg/pipeline/loader.py writes: one `Store.add` (one pyoxigraph transaction) per batch of
articles, holding every triple GraphBuilder.article_triples gives for each — the article node, its events with
all their facts, the actors they name and the direct edges. So after any kill the default graph must be exactly the
union of those triple sets over the articles whose node is in it: nothing of a stored article missing
(checked through the subject index and, for events, through the object index too), and nothing of an
article that is not stored (no orphan events, no stray edges).
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from synthetic_articles import make_articles

from kg.ingest import Article, read_articles
from kg.model import CKG, GraphBuilder, article_iri
from kg.store import OxigraphStore
from kg.store.base import to_quads

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = 60
# Kills per run: each restart loads spaCy (twice with 2 workers), so each kill costs seconds of the suite; three
# random moments per worker count, with a different seed each CI run, over time cover the cycle.
KILLS = 3
# Articles per batch (one transaction). The default (16) would write these 60 short articles in four
# transactions, leaving too few moments to kill between them; a transaction of 3 is still several articles.
BATCH = 3
RUN_SECONDS = 120
PROV = "http://www.w3.org/ns/prov#"
EVENTS_OF = f"SELECT DISTINCT ?e ?a WHERE {{ ?e <{PROV}wasDerivedFrom> ?a }}"
ORPHAN_EVENTS = (
    f"SELECT ?e WHERE {{ ?e <{CKG.agent}> ?x . "
    f"FILTER NOT EXISTS {{ ?e <{PROV}wasDerivedFrom> ?a . ?a a <{CKG.Article}> }} }}"
)
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _write_inputs(folder: Path) -> list[Article]:
    folder.mkdir()
    for number, article in enumerate(make_articles(ARTICLES, seed=11, sentences=8)):
        (folder / f"report-{number:03}.txt").write_text(article["text"], encoding="utf-8")
        sidecar = {"title": article["title"], "published": article["published"]}
        (folder / f"report-{number:03}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    articles = [item for item in read_articles([folder]) if isinstance(item, Article)]
    assert len(articles) == len({a.id for a in articles}) == ARTICLES
    return articles


def _expected(articles: list[Article], extractor) -> dict[str, tuple[set[ox.Quad], set[str]]]:
    """Per article id: every quad its one transaction writes, and its event IRIs."""
    builder = GraphBuilder(extractor.gazetteer)
    found = {}
    for article, extractions in extractor.extract_many(articles):
        quads = _as_stored(to_quads(builder.article_triples(article, extractions)))
        events = {q.subject.value for q in quads if q.predicate.value == f"{PROV}wasDerivedFrom"}
        assert events, f"no event extracted from {article.source}: the test needs articles with events"
        found[article.id] = (quads, events)
    return found


def _as_stored(quads: list[ox.Quad]) -> set[ox.Quad]:
    """The quads as Oxigraph gives them back (it stores xsd:nonNegativeInteger values as xsd:integer)."""
    scratch = ox.Store()
    scratch.extend(quads)
    return set(scratch)


class _Ingest:
    """`python -m kg.cli ingest FOLDER` with its progress bar forced on, so we can see it advance."""

    def __init__(self, folder: Path, store: Path, log: Path, workers: int = 1) -> None:
        env = os.environ | {
            "KG_STORE": str(store),
            "TTY_COMPATIBLE": "1",
            "COLUMNS": "120",
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        }
        command = [
            sys.executable,
            "-m",
            "kg.cli",
            "ingest",
            str(folder),
            "--workers",
            str(workers),
            "--batch-size",
            str(BATCH),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        self.done = 0  # the last "N/60" the progress bar showed
        self._log = log
        self._reader = threading.Thread(target=self._follow, daemon=True)
        self._reader.start()

    def _follow(self) -> None:
        with self._log.open("ab") as log:
            for chunk in iter(lambda: self.process.stderr.read1(4096), b""):
                log.write(chunk)
                counts = re.findall(rf"(\d+)/{ARTICLES}\b", _ANSI.sub("", chunk.decode(errors="replace")))
                if counts:
                    self.done = int(counts[-1])

    def wait_for_progress(self, beyond: int, timeout: float) -> bool:
        """Whether the bar passed `beyond` articles (new ones being written) while the process still runs."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            if self.done > beyond:
                return True
            time.sleep(0.01)
        return False

    def kill(self) -> bool:
        """SIGKILL; False when the process had already ended by itself."""
        if self.process.poll() is not None:
            self.finish()
            return False
        os.kill(self.process.pid, signal.SIGKILL)
        self.finish()
        return self.process.returncode == -signal.SIGKILL

    def finish(self, timeout: float | None = None) -> int:
        returncode = self.process.wait(timeout)
        self._reader.join(10)
        return returncode


def _check_whole(path: Path, expected: dict[str, tuple[set[ox.Quad], set[str]]]) -> int:
    """Open the store and check it holds whole articles only; returns how many articles it holds."""
    store = OxigraphStore(path)  # must open after any kill
    try:
        raw = store._store
        stored = {solution["a"].value for solution in store.query(f"SELECT ?a WHERE {{ ?a a <{CKG.Article}> }}")}
        ids = {article_id for article_id in expected if str(article_iri(article_id)) in stored}
        assert len(ids) == len(stored), f"articles in the store that were never ingested: {stored}"
        graph = set(raw.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        wanted = set().union(*(expected[i][0] for i in ids)) if ids else set()
        for article_id in ids:
            quads, events = expected[article_id]
            missing = quads - graph
            assert not missing, f"article {article_id} is stored without {len(missing)} triples: {list(missing)[:3]}"
            found = {
                s["e"].value
                for s in store.query(
                    EVENTS_OF, substitutions={ox.Variable("a"): ox.NamedNode(str(article_iri(article_id)))}
                )
            }
            assert found == events, f"article {article_id}: {len(found)} of its {len(events)} events"
        extra = graph - wanted
        assert not extra, f"{len(extra)} triples of articles that are not stored: {list(extra)[:3]}"
        assert not list(store.query(ORPHAN_EVENTS)), "events whose article is not stored"
        return len(ids)
    finally:
        store.close()


@pytest.mark.slow
@pytest.mark.timeout(RUN_SECONDS * 3)
@pytest.mark.parametrize("workers", [1, 2])
def test_crash_killed_ingest_leaves_whole_articles_and_rerun_completes(tmp_path, extractor, capsys, workers):
    articles = _write_inputs(tmp_path / "in")
    expected = _expected(articles, extractor)
    store, log = tmp_path / "kg", tmp_path / "ingest.log"
    rng = random.Random(int(os.environ.get("KG_CRASH_SEED", time.time_ns())))
    kills, held, attempts = 0, 0, 0
    while kills < KILLS and held < ARTICLES and attempts < KILLS * 3:
        attempts += 1
        ingest = _Ingest(tmp_path / "in", store, log, workers)
        # New articles are extracted BATCH at a time (with 2 workers, two batches at once), then written in
        # one transaction. Kill either as soon as the bar shows a few more written (mostly just after a
        # write), or a random time into the next extract-and-write cycle.
        if rng.random() < 0.5:
            when = f"bar past {held + rng.randint(0, 6)}"
            ingest.wait_for_progress(int(when.split()[-1]), RUN_SECONDS)
        else:
            # These short articles go through at ~60/s on a quiet machine: a longer wait would pass the end.
            delay = rng.uniform(0, 0.1)
            when = f"{delay:.2f} s after the bar passed {held}"
            if ingest.wait_for_progress(held, RUN_SECONDS):
                time.sleep(delay)
        if ingest.kill():
            kills += 1
        now = _check_whole(store, expected)
        assert now >= held, "articles disappeared after a kill"
        with capsys.disabled():
            print(
                f"\n  kill {kills} (attempt {attempts}, {when}): {now}/{ARTICLES} whole articles in the store", end=""
            )
        held = now

    rerun = _Ingest(tmp_path / "in", store, log, workers)
    assert rerun.finish(RUN_SECONDS) == 0, log.read_text(errors="replace")[-2000:]
    assert _check_whole(store, expected) == ARTICLES
    final = OxigraphStore(store)
    try:
        counts = list(
            final.query(
                f"SELECT ?a (COUNT(?t) AS ?texts) WHERE {{ ?a a <{CKG.Article}> ; <{CKG.text}> ?t }} GROUP BY ?a"
            )
        )
        assert len(counts) == ARTICLES and all(int(row["texts"].value) == 1 for row in counts)
        total = final.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e <{CKG.agent}> ?x }}")
        events = int(next(iter(total))["n"].value)
        assert events == sum(len(e) for _, e in expected.values())
    finally:
        final.close()
    with capsys.disabled():
        print(
            f"\n  crash consistency ({workers} worker(s)): {kills} SIGKILLs survived in {attempts} runs; rerun "
            f"completed with {ARTICLES} articles and {events} events, each once"
        )
    assert kills >= KILLS - 1, f"only {kills} kills landed mid-ingest"
