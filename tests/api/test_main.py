"""The app as `kg serve` builds it: what a server on a stored graph imports, and how often it opens the store,
before its first /health."""

import json
import os
import subprocess
import sys
from pathlib import Path

from rdflib import RDF

from kg.model import ARTICLE, CKG
from kg.store import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]

# Runs `kg serve` with uvicorn.run replaced by one GET /health sent straight to the ASGI app (no HTTP
# client, which would import httpx itself), then names the modules loaded by then and counts the stores opened.
SERVE_AND_PROBE = """
import asyncio, json, sys
import uvicorn
from kg import cli
from kg.store import OxigraphStore

opened = []
real_init = OxigraphStore.__init__

def counted_init(self, *args, **kwargs):
    opened.append(args)
    real_init(self, *args, **kwargs)

OxigraphStore.__init__ = counted_init

def first_health(app, **_options):
    sent = []
    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}
    async def send(message):
        sent.append(message)
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": "/health", "raw_path": b"/health", "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1")], "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 8000)}
    asyncio.run(app(scope, receive, send))
    heavy = [
        "spacy", "networkx", "jinja2", "httpx", "rdflib.plugins.sparql.parser",  # seconds each, or near
        "rich", "pydantic_settings", "kg.extract.gazetteer", "pycountry", "rapidfuzz",  # 0.02-0.1 s each
        "rdflib", "kg.model",  # 0.1-0.2 s: the read side spells IRIs as text (kg.namespaces, kg.vocabulary)
    ]
    loaded = [name for name in heavy if name in sys.modules]
    print(json.dumps({"status": sent[0]["status"], "loaded": loaded, "stores opened": len(opened)}))

uvicorn.run = first_health
cli.app(["serve", "--port", "8000"])
"""


def test_main_health_answers_before_the_heavy_modules_are_imported_and_with_the_store_opened_once(tmp_path):
    store = OxigraphStore(tmp_path / "kg")
    store.add([(ARTICLE.one, RDF.type, CKG.Article)])  # a stored graph: `kg serve` ingests no seeds
    store.close()
    env = os.environ | {
        "KG_STORE": str(tmp_path / "kg"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }
    env.pop("KG_API_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_PROBE], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer == {"status": 200, "loaded": [], "stores opened": 1}
