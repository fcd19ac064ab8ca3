"""The stores the graph page, analysis and browser tests draw: the seed article, and the seed plus hostile markup.

A plain module beside conftest.py (imported as `graph_stores`, like `synthetic_articles`), so a test file can
import these builders whichever test directories a run selects; `from conftest import …` picks whichever
conftest pytest loaded last.
"""

from pathlib import Path

from rdflib import RDF, RDFS, Literal
from rdflib.namespace import PROV

from kg.ingest import Article, read_articles
from kg.model import ACTOR, CKG, EVENT, article_iri
from kg.pipeline.loader import ArticleLoader
from kg.store import open_store

SEED = Path(__file__).resolve().parents[1] / "seeds" / "al-tanf-2017.txt"
XSS_TEXT = (
    "Iran backs the Assad regime <img src=x onerror=alert(1)>. Russia arms the Assad regime <script>alert(1)</script>."
)
EVIL_LABEL = "<img src=x onerror=alert(2)>"


def hostile_article() -> Article:
    """Markup in the text and the title, and a javascript: URL."""
    return Article(
        text=XSS_TEXT, title="<script>alert('title')</script>", url="javascript:alert(1)", published="2017-06-01"
    )


def add_hostile_actor(store, article: Article) -> None:
    """An actor whose label is markup, with one event, as a bad gazetteer entry would give."""
    evil, event = ACTOR["evil-label"], EVENT["0000000000000001"]
    store.add(
        [
            (evil, RDF.type, CKG.ArmedGroup),
            (evil, RDFS.label, Literal(EVIL_LABEL)),
            (event, RDF.type, CKG.BacksEvent),
            (event, CKG.agent, evil),
            (event, CKG.target, ACTOR["iran"]),
            (event, CKG.relation, CKG.backs),
            (event, CKG.negated, Literal(False)),
            (event, CKG.sentence, Literal("<b onmouseover=alert(3)>evil</b> backs Iran.")),
            (event, PROV.wasDerivedFrom, article_iri(article.id)),
        ]
    )


def build_seed_store(extractor):
    """A memory store holding the seed article."""
    store = open_store("memory")
    loader = ArticleLoader(store, extractor)
    for article in read_articles([SEED]):
        loader.load(article)
    return store


def build_hostile_store(extractor):
    """The seed plus markup in an article's text, title and URL, and in an actor's label."""
    store = build_seed_store(extractor)
    article = hostile_article()
    ArticleLoader(store, extractor).load(article)
    add_hostile_actor(store, article)
    return store
