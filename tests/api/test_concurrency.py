"""A real `kg serve` under concurrent writers and readers, and under explosive queries.

Writers POST generated articles (some the same article from every writer at once) while readers run
SPARQL, patterns and article look-ups. Nothing may fail, every article must end up stored exactly once, and
no reader may ever see part of an article: the loader writes an article in one transaction and queries run
on a checkpoint, so an article a reader sees always has all its events, and every event stated as fact its edge.
"""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import anyio.to_thread
import httpx
import pytest
from fastapi.testclient import TestClient
from synthetic_articles import make_articles
from test_live_server import kg_serve

from api.main import create_app
from kg.config import Settings
from kg.model import ARTICLE, CKG
from kg.store import open_store

LOCAL = "http://localhost"  # a Host the app answers (KG_ALLOWED_HOSTS defaults to the local names)

TOKEN = "concurrency-token"
WRITERS, READERS, PER_WRITER, SHARED = 4, 4, 30, 5
TIME_LIMIT = 60  # seconds for the whole write/read phase
QUERY_TIMEOUT = 3
PROV = "http://www.w3.org/ns/prov#"
EVENTS_PER_ARTICLE = (
    f"SELECT ?a (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?a a <{CKG.Article}> . "
    f"OPTIONAL {{ ?e <{PROV}wasDerivedFrom> ?a }} }} GROUP BY ?a"
)
# Half an article would show as an event without its article node, or an event stated as fact without its edge.
HALF_WRITTEN = (
    f"SELECT ?e WHERE {{ {{ ?e <{PROV}wasDerivedFrom> ?a FILTER NOT EXISTS {{ ?a a <{CKG.Article}> }} }} "
    f"UNION {{ ?e <{PROV}wasDerivedFrom> ?a ; <{CKG.agent}> ?x ; <{CKG.target}> ?y ; <{CKG.relation}> ?p ; "
    f"<{CKG.status}> <{CKG.fact}> FILTER NOT EXISTS {{ ?x ?p ?y }} }} }} LIMIT 5"
)
PATTERNS = ["?x backs ?y", "?x strikes ?y . ?y fights ?z", "iran backs+ ?z", "?x warns assad-regime"]
EXPLOSIVE = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A `kg serve` with a token and a 3 s query limit over a fresh on-disk store (seeds ingested at start)."""
    with kg_serve(tmp_path_factory.mktemp("concurrency"), KG_API_TOKEN=TOKEN, KG_QUERY_TIMEOUT=str(QUERY_TIMEOUT)) as (
        url,
        _,
    ):
        yield url


class Traffic:
    """What the writers and readers did and saw, shared between their threads."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.expected: dict[str, int] = {}  # article IRI → its events, from the POST that added it
        self.created: Counter[str] = Counter()  # article IRI → how many POSTs answered 201
        self.seen: list[tuple[str, int]] = []  # (article IRI, events) as readers saw them
        self.statuses: Counter[str] = Counter()
        self.failures: list[str] = []
        self.writing = True

    def record(self, kind: str, response: httpx.Response | Exception, ok: tuple[int, ...] = (200,)) -> bool:
        with self.lock:
            if isinstance(response, Exception):
                self.failures.append(f"{kind}: {response!r}")
                return False
            self.statuses[f"{kind} {response.status_code}"] += 1
            if response.status_code not in ok:
                self.failures.append(f"{kind}: {response.status_code} {response.text[:300]}")
                return False
            return True


def _events(relations: list[dict]) -> int:
    """Distinct events among the relations POST /articles answered (an event IRI hashes these fields)."""
    return len(
        {(r["relation"], r["source"]["id"], r["target"]["id"], r["char_start"], r["negated"]) for r in relations}
    )


def _write(url: str, articles: list[dict], traffic: Traffic) -> None:
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60) as client:
        for body in articles:
            try:
                response = client.post("/articles", json=body)
            except httpx.TransportError as exc:
                traffic.record("POST /articles", exc)
                continue
            if traffic.record("POST /articles", response, ok=(200, 201)) and response.status_code == 201:
                answer = response.json()
                with traffic.lock:
                    iri = f"{ARTICLE}{answer['article']}"
                    traffic.created[iri] += 1
                    traffic.expected[iri] = _events(answer["relations"])


def _read(url: str, traffic: Traffic, deadline: float, seed: int) -> None:
    rng = random.Random(seed)
    with httpx.Client(base_url=url, timeout=30) as client:
        while traffic.writing and time.monotonic() < deadline:
            try:
                _read_once(client, traffic, rng)
            except httpx.TransportError as exc:
                traffic.record("read", exc)


def _read_once(client: httpx.Client, traffic: Traffic, rng: random.Random) -> None:
    kind = rng.choice(["counts", "half", "pattern", "article"])
    if kind == "counts":
        response = client.get("/sparql", params={"query": EVENTS_PER_ARTICLE})
        if traffic.record("GET /sparql", response):
            counts = [(b["a"]["value"], int(b["n"]["value"])) for b in response.json()["results"]["bindings"]]
            with traffic.lock:
                traffic.seen += counts
    elif kind == "half":
        response = client.post("/sparql", data={"query": HALF_WRITTEN})
        if traffic.record("POST /sparql", response) and response.json()["results"]["bindings"]:
            traffic.record("half-written article", RuntimeError(response.json()["results"]["bindings"]))
    elif kind == "pattern":
        traffic.record("GET /query", client.get("/query", params={"q": rng.choice(PATTERNS)}))
    else:
        with traffic.lock:
            known = list(traffic.expected.items())
        if known:
            iri, _ = rng.choice(known)
            response = client.get(f"/articles/{iri.removeprefix(str(ARTICLE))}")
            if traffic.record("GET /articles/{id}", response):
                found = {e["event"] for r in response.json()["relations"] for e in r["evidence"]}
                with traffic.lock:
                    traffic.seen.append((iri, len(found)))


def _articles_for(writer: int, shared: list[dict]) -> list[dict]:
    own = make_articles(PER_WRITER, seed=100 + writer)
    mixed = own + shared
    random.Random(writer).shuffle(mixed)
    return mixed


@pytest.mark.slow
@pytest.mark.timeout(TIME_LIMIT * 3)
def test_concurrency_writers_and_readers_see_whole_articles_once(server, capsys):
    shared = make_articles(SHARED, seed=99)  # every writer posts these too, at about the same time
    traffic = Traffic()
    started = time.monotonic()
    deadline = started + TIME_LIMIT
    with ThreadPoolExecutor(WRITERS + READERS) as pool:
        readers = [pool.submit(_read, server, traffic, deadline, seed) for seed in range(READERS)]
        writers = [pool.submit(_write, server, _articles_for(w, shared), traffic) for w in range(WRITERS)]
        for future in writers:
            future.result(timeout=TIME_LIMIT * 2)
        traffic.writing = False
        for future in readers:
            future.result(timeout=TIME_LIMIT)
    elapsed = time.monotonic() - started

    assert not traffic.failures, traffic.failures[:10]
    assert elapsed < TIME_LIMIT, f"writers took {elapsed:.0f} s"
    posted = WRITERS * PER_WRITER + SHARED
    assert len(traffic.expected) == posted and set(traffic.created.values()) == {1}, "an article was added twice"

    answer = httpx.get(f"{server}/sparql", params={"query": EVENTS_PER_ARTICLE}, timeout=30).json()
    final = {b["a"]["value"]: int(b["n"]["value"]) for b in answer["results"]["bindings"]}
    texts = httpx.get(
        f"{server}/sparql",
        params={"query": f"SELECT (COUNT(?t) AS ?n) (COUNT(DISTINCT ?a) AS ?a) WHERE {{ ?a <{CKG.text}> ?t }}"},
        timeout=30,
    ).json()
    row = texts["results"]["bindings"][0]
    assert int(row["n"]["value"]) == int(row["a"]["value"]) == len(final) == posted + 1  # + the seed article
    assert {iri: final[iri] for iri in traffic.expected} == traffic.expected

    complete = final | traffic.expected  # the seed article was stored whole before the server started
    wrong = [(iri, n, complete.get(iri)) for iri, n in traffic.seen if n != complete.get(iri)]
    assert not wrong, f"readers saw articles with some of their events missing: {wrong[:5]}"
    reads = sum(n for kind, n in traffic.statuses.items() if not kind.startswith("POST /articles"))
    writes = sum(n for kind, n in traffic.statuses.items() if kind.startswith("POST /articles"))
    with capsys.disabled():
        print(
            f"\n  concurrency: {WRITERS} writers posted {writes} times ({posted} distinct articles, "
            f"{sum(traffic.expected.values())} events) while {READERS} readers made {reads} requests in "
            f"{elapsed:.1f} s; {len(traffic.seen)} article observations, 0 half-written, 0 errors; "
            f"{dict(sorted(traffic.statuses.items()))}"
        )


@pytest.mark.slow
@pytest.mark.timeout(60)
def test_concurrency_cheap_query_answered_while_explosive_ones_run(server, capsys):
    with ThreadPoolExecutor(4) as pool:
        explosive = [pool.submit(_timed, server, EXPLOSIVE, QUERY_TIMEOUT * 5) for _ in range(4)]
        time.sleep(0.5)  # let all four reach their workers
        cheap = []
        while not all(future.done() for future in explosive) and len(cheap) < 10:
            cheap.append(_timed(server, "ASK { ?s ?p ?o }", 10))
            time.sleep(0.2)
        slow = [future.result() for future in explosive]
    assert cheap and all(status == 200 for status, _ in cheap), cheap
    # Within 1 s as the issue asks (typically 0.1-0.5 s here), with slack for a CI machine shared with other
    # jobs: even the slowest must come well before the explosive ones end, or it waited for them.
    latencies = sorted(seconds for _, seconds in cheap)
    assert latencies[len(latencies) // 2] < 1.0 and latencies[-1] < 2.0, f"cheap ASKs while 4 explosive ran: {cheap}"
    assert all(status == 503 for status, _ in slow), slow
    assert all(seconds < QUERY_TIMEOUT + 2 for _, seconds in slow), slow
    with capsys.disabled():
        print(
            f"\n  explosive: 4 queries answered 503 after {', '.join(f'{s:.1f}' for _, s in slow)} s; "
            f"{len(cheap)} cheap ASKs meanwhile, slowest {max(s for _, s in cheap) * 1000:.0f} ms"
        )


def _timed(url: str, query: str, timeout: float) -> tuple[int, float]:
    started = time.monotonic()
    response = httpx.get(f"{url}/sparql", params={"query": query}, timeout=timeout)
    return response.status_code, time.monotonic() - started


class _HeldExtractor:
    """The real extractor, but each article waits until the test lets it go."""

    def __init__(self, extractor, release: threading.Event) -> None:
        self.gazetteer, self._extractor, self._release = extractor.gazetteer, extractor, release

    def extract(self, article):
        self._release.wait(10)  # bounded, so the old behaviour fails the test instead of hanging it
        return self._extractor.extract(article)


def test_concurrency_waiting_writers_leave_request_threads_to_readers(extractor):
    # Regression: POST /articles used to wait for the write lock in the request thread pool, so with
    # more writers than pool threads every read queued behind them. Here the pool has one thread.
    release = threading.Event()
    app = create_app(
        Settings(store="memory", api_token=TOKEN),
        store=open_store("memory"),
        extractor=_HeldExtractor(extractor, release),
    )
    with TestClient(app, base_url=LOCAL) as client, ThreadPoolExecutor(2) as pool:
        client.portal.call(_one_request_thread)
        posts = [
            pool.submit(client.post, "/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
            for body in make_articles(2, seed=5)
        ]
        time.sleep(0.3)  # both POSTs in: one extracting (held), one waiting for the lock
        try:
            started = time.monotonic()
            health = client.get("/health")  # a sync route: it needs a request thread
            waited = time.monotonic() - started
        finally:
            release.set()
        assert [future.result(30).status_code for future in posts] == [201, 201]
    assert health.status_code == 200 and waited < 5, f"/health waited {waited:.1f} s behind the writers"


def _one_request_thread() -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = 1
