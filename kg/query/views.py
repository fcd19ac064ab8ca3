"""Read-side views of the graph shared by the API and the CLI: actors, relations with evidence, counts."""

from __future__ import annotations

import datetime as dt
import re
from typing import cast

import pyoxigraph as ox
from pydantic import BaseModel, Field

from kg.errors import InvalidFilter, UnknownName
from kg.extract.extraction import CLAIMS, STATUSES, Status
from kg.namespaces import ACTOR, ARTICLE, CKG, DCTERMS, ONTOLOGY_GRAPH, RDF, RDFS, SKOS, SPARQL_PROLOGUE, slug_of
from kg.query.filters import check_period
from kg.query.readable import Readable
from kg.query.runner import query_anchored
from kg.vocabulary import actor_types, relation_iri

# User values only ever reach SPARQL as pyoxigraph terms in a VALUES block; the fragments below are constants.
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


class ActorLink(BaseModel):
    """Another actor, as a relation or affiliation names it."""

    slug: str
    label: str | None = None


class Evidence(BaseModel):
    """One event behind a relation: the sentence, the article it was read from, and how the sentence puts it."""

    event: str = Field(description="Event id, the last segment of its IRI")
    sentence: str
    article: str = Field(description="Article id")
    title: str | None = None
    url: str | None = Field(None, description="Where the article was published (never fetched)")
    date: dt.date | None = Field(None, description="When it happened, if the text says")
    published: dt.date | None = Field(None, description="When the article appeared")
    confidence: float
    negated: bool
    status: Status = Field(description="fact, reported, alleged, denied or intended (ckg:EvidenceStatus)")
    according_to: ActorLink | None = Field(None, description="Who says so (ckg:attributedTo), when reported or alleged")
    attribution: str | None = Field(None, description='The words that attribute it, e.g. "Mali\'s government accused"')
    modality: str | None = Field(None, description="intent, future, hypothetical…: why it is only intended")


class Relation(BaseModel):
    """source —relation→ target, with every event that says so (or, if denied, that it did not)."""

    relation: str
    source: ActorLink
    target: ActorLink
    asserted: bool = Field(description="At least one evidence event is not negated")
    fact: bool = Field(False, description="At least one evidence event states it as fact (so a direct edge exists)")
    statuses: dict[str, int] = Field(default_factory=dict, description="Evidence events per status")
    corroboration: int = Field(0, description="Distinct articles with an event that affirms it (not denied)")
    sources: list[ActorLink] = Field(default_factory=list, description="Everyone the evidence attributes it to")
    evidence: list[Evidence]


class RelationPage(BaseModel):
    total: int = Field(description="Relations matching the filters, before paging")
    limit: int
    offset: int
    relations: list[Relation]


class ActorSummary(BaseModel):
    slug: str
    iri: str
    label: str | None
    type: str | None = Field(description="Local name of its ckg: class, e.g. State, Militia")
    cameo: str | None
    relations_out: int = Field(description="Distinct asserted (relation, target) pairs")
    relations_in: int = Field(description="Distinct asserted (relation, source) pairs")


class ActorDetail(BaseModel):
    slug: str
    iri: str
    label: str | None
    aliases: list[str]
    type: str | None
    cameo: str | None
    part_of: list[ActorLink]
    member_of: list[ActorLink]
    relations_out: list[Relation]
    relations_in: list[Relation]


class ArticleDetail(BaseModel):
    id: str = Field(description="First 16 hex digits of the SHA-256 of its normalised text")
    iri: str
    title: str | None
    url: str | None
    published: dt.date | None
    text: str
    relations: list[Relation] = Field(description="Everything read from it, negated events included")


class GraphCounts(BaseModel):
    triples: int = Field(description="Triples in the default graph (the ontology not counted)")
    articles: int


def with_values(body: str, **values: ox.NamedNode | ox.Literal | None) -> str:
    """`body` with `values` bound at the top of its first WHERE (None values are left out).

    A VALUES block rather than pyoxigraph's `substitutions`, so any SPARQL engine can run the views.
    pyoxigraph writes each term escaped in N-Triples syntax: a value cannot turn into query text."""
    bound = {name: value for name, value in values.items() if value is not None}
    if not bound:
        return body
    block = f"VALUES ({' '.join('?' + name for name in bound)}) {{ ({' '.join(map(str, bound.values()))}) }}"
    return body.replace("WHERE {", "WHERE { " + block, 1)


def _select(
    store: Readable, body: str, *, anchored: bool = False, **values: ox.NamedNode | ox.Literal | None
) -> list[ox.QuerySolution]:
    """Run a SELECT with `values` bound (with_values).

    `anchored`: the bound values anchor every pattern (one actor's or article's events), so the cost
    follows their degree and the query may skip the worker process (QueryRunner.query says why)."""
    text = SPARQL_PROLOGUE + with_values(body, **values)
    return list(query_anchored(store, text) if anchored else store.query(text))


def _value(solution: ox.QuerySolution, name: str) -> str | None:
    term = solution[name]
    return None if term is None else term.value


def _bound(solution: ox.QuerySolution, name: str) -> str:
    """The value of a variable the query always binds (outside any OPTIONAL)."""
    term = solution[name]
    if term is None:
        raise LookupError(f"the query left ?{name} unbound")
    return term.value


def has_articles(store: Readable) -> bool:
    """Whether any article is stored (an empty store gets the seeds on `kg serve`)."""
    return bool(store.query(SPARQL_PROLOGUE + "ASK { ?a a ckg:Article }"))


def graph_counts(store: Readable) -> GraphCounts:
    """How many triples (default graph) and articles the store holds."""
    triples = _select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value
    articles = _select(store, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a ckg:Article }")[0]["n"].value
    return GraphCounts(triples=int(triples), articles=int(articles))


_ACTORS = """SELECT DISTINCT ?actor ?label ?class ?cameo ?out ?in WHERE {
  GRAPH <https://w3id.org/conflict-kg/ontology> { ?class rdfs:subClassOf* ?type }
  ?actor a ?class .
  OPTIONAL { ?actor rdfs:label ?label } OPTIONAL { ?actor ckg:cameoCode ?cameo }
  OPTIONAL { SELECT ?actor (COUNT(DISTINCT ?edge) AS ?out) WHERE {
    ?e ckg:agent ?actor ; ckg:relation ?r ; ckg:target ?t ; ckg:negated false .
    BIND(CONCAT(STR(?r), " ", STR(?t)) AS ?edge) } GROUP BY ?actor }
  OPTIONAL { SELECT ?actor (COUNT(DISTINCT ?edge) AS ?in) WHERE {
    ?e ckg:target ?actor ; ckg:relation ?r ; ckg:agent ?s ; ckg:negated false .
    BIND(CONCAT(STR(?r), " ", STR(?s)) AS ?edge) } GROUP BY ?actor }
  %s
} ORDER BY LCASE(STR(?label)) ?actor"""
_ACTOR_NAME = """FILTER EXISTS { { ?actor rdfs:label ?name } UNION { ?actor skos:altLabel ?name }
  FILTER(CONTAINS(LCASE(STR(?name)), LCASE(?q))) }"""


def list_actors(store: Readable, *, type: str | None = None, name: str | None = None) -> list[ActorSummary]:
    """Every actor, optionally of one class (`ArmedGroup` includes `Militia`) and with a label or alias containing
    `name` in any case."""
    if type is not None and type not in actor_types():
        raise UnknownName(f"unknown actor type {type!r}; known: {', '.join(sorted(actor_types()))}")
    found: dict[str, ActorSummary] = {}
    for row in _select(
        store,
        _ACTORS % (_ACTOR_NAME if name else ""),
        ontology=ox.NamedNode(str(ONTOLOGY_GRAPH)),
        type=ox.NamedNode(str(CKG[type or "Actor"])),
        q=ox.Literal(name) if name else None,
    ):
        iri = _bound(row, "actor")
        found.setdefault(
            iri,
            ActorSummary(
                slug=slug_of(iri),
                iri=iri,
                label=_value(row, "label"),
                type=slug_of(_bound(row, "class")),
                cameo=_value(row, "cameo"),
                relations_out=int(_value(row, "out") or 0),
                relations_in=int(_value(row, "in") or 0),
            ),
        )
    return list(found.values())


_FACTS = """SELECT ?p ?o ?olabel WHERE {
  ?node ?p ?o . OPTIONAL { ?o rdfs:label ?olabel } }"""


def _facts(store: Readable, node: ox.NamedNode) -> dict[str, list[tuple[str, str | None]]]:
    """property IRI → [(value, the value's label)] for every triple about `node`."""
    facts: dict[str, list[tuple[str, str | None]]] = {}
    for row in _select(store, _FACTS, anchored=True, node=node):
        facts.setdefault(_bound(row, "p"), []).append((_bound(row, "o"), _value(row, "olabel")))
    return facts


def _first(facts: dict[str, list[tuple[str, str | None]]], prop) -> str | None:
    return facts.get(str(prop), [(None, None)])[0][0]


def actor_detail(store: Readable, slug: str, evidence: EvidenceFilter | None = None) -> ActorDetail | None:
    """One actor with its names, affiliations and relations in and out (denied ones too, unless `evidence`
    picks statuses); None if the graph has no such actor."""
    try:
        node = ox.NamedNode(f"{ACTOR}{slug}")
    except ValueError:  # not a valid IRI segment, so certainly not a stored actor
        return None
    facts = _facts(store, node)
    if str(RDF.type) not in facts and str(RDFS.label) not in facts:
        return None

    def links(prop) -> list[ActorLink]:
        return [ActorLink(slug=slug_of(o), label=label) for o, label in dict(facts.get(str(prop), [])).items()]

    return ActorDetail(
        slug=slug,
        iri=node.value,
        label=_first(facts, RDFS.label),
        type=slug_of(_first(facts, RDF.type) or "") or None,
        aliases=sorted({o for o, _ in facts.get(str(SKOS.altLabel), [])}),
        cameo=_first(facts, CKG.cameoCode),
        part_of=links(CKG.partOf),
        member_of=links(CKG.memberOf),
        relations_out=relations(store, source=slug, evidence=_with_denied(evidence)),
        relations_in=relations(store, target=slug, evidence=_with_denied(evidence)),
    )


def _with_denied(evidence: EvidenceFilter | None) -> EvidenceFilter:
    """Detail pages show what was denied too, unless the caller picked statuses."""
    return (evidence or EvidenceFilter()).model_copy(update={"include_denied": True})


# When an event happened, for every date filter of every read (/relations, /graph, /camps): its own date,
# else its article's publication date. A pattern with ?date and ?published bound (or not) goes first.
WHEN = "BIND(COALESCE(?date, ?published) AS ?when)"
DATE_FILTERS = {"since": "FILTER(?when >= ?since)", "until": "FILTER(?when <= ?until)"}

_EVENTS = (
    """SELECT ?event ?agent ?relation ?target ?sentence ?confidence ?negated ?date ?article ?title ?url
  ?published ?agentLabel ?targetLabel ?status ?source ?sourceLabel ?words ?modality WHERE {
  ?event ckg:agent ?agent ; ckg:relation ?relation ; ckg:target ?target ; ckg:sentence ?sentence ;
    ckg:confidence ?confidence ; ckg:negated ?negated ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?event ckg:date ?date } OPTIONAL { ?article dcterms:title ?title }
  OPTIONAL { ?article dcterms:date ?published } OPTIONAL { ?article dcterms:source ?url }
  OPTIONAL { ?agent rdfs:label ?agentLabel } OPTIONAL { ?target rdfs:label ?targetLabel }
  %s
  """
    + WHEN
    + """
  %s
} ORDER BY LCASE(STR(?agentLabel)) ?agent ?relation ?target DESC(?confidence) ?event"""
)
# How an event is put: its stored ckg:status, else (a store written before ckg:status) what its
# negation, modality and attribution imply. Shared with the graph's edges (kg.query.edges).
STATUS_PATTERN = """OPTIONAL { ?event ckg:status ?stored } OPTIONAL { ?event ckg:modality ?modality }
  OPTIONAL { ?event ckg:attributedTo ?source OPTIONAL { ?source rdfs:label ?sourceLabel } }
  OPTIONAL { ?event ckg:attributionText ?words }
  BIND(COALESCE(?stored, IF(?negated, ckg:denied, IF(BOUND(?modality), ckg:intended,
       IF(BOUND(?source), ckg:reported, ckg:fact)))) AS ?status)"""
_EVENT_FILTERS = {
    # The ontology's graph by name, not the VALUES-bound ?ontology: Virtuoso then drops the zero-length step of `*`.
    "type": "GRAPH <https://w3id.org/conflict-kg/ontology> { ?relation rdfs:subPropertyOf* ?type }",
    **DATE_FILTERS,
    "min_confidence": "FILTER(?confidence >= ?min_confidence)",
    "according_to": "FILTER(?source = ?according_to)",
}
SORTS = ("name", "corroboration", "confidence")


class EvidenceFilter(BaseModel):
    """Which evidence counts: by status, by who says so, by confidence (every read of relations takes one)."""

    status: tuple[Status, ...] | None = Field(None, description="Only these statuses; None: all but denied")
    according_to: str | None = Field(None, description="Only what this actor (slug) is said to say")
    min_confidence: float | None = Field(None, ge=0, le=1)
    include_denied: bool = False

    def statuses(self) -> tuple[str, ...]:
        if self.status:
            return tuple(self.status)
        return STATUSES if self.include_denied else tuple(s for s in STATUSES if s != "denied")


def parse_day(value: str | dt.date | None, name: str) -> dt.date | None:
    """A `since`/`until` filter as a date (None when not given); InvalidFilter naming the parameter otherwise."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(f"{name} must be a date like 2017-06-06, not {value!r}") from None


def parse_period(since: str | dt.date | None, until: str | dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """`since` and `until` as dates (parse_day), InvalidFilter when since comes after until (check_period)."""
    start, end = parse_day(since, "since"), parse_day(until, "until")
    check_period(start, end)
    return start, end


def parse_statuses(text: str | list[str] | None) -> tuple[Status, ...] | None:
    """`fact,alleged` (or a list of such) → the statuses; ValueError naming the known ones; `claims` is both claims."""
    if not text:
        return None
    items = [text] if isinstance(text, str) else list(text)
    names = [name.strip().lower() for item in items for name in item.split(",") if name.strip()]
    names = [claim for name in names for claim in (CLAIMS if name in ("claim", "claims") else (name,))]
    unknown = [name for name in names if name not in STATUSES]
    if unknown:
        raise InvalidFilter(f"unknown status {unknown[0]!r}; use one or more of {', '.join(STATUSES)} (or claims)")
    return tuple(cast(list[Status], list(dict.fromkeys(names)))) or None


def relations(
    store: Readable,
    *,
    type: str | None = None,
    source: str | None = None,
    target: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    article: str | None = None,
    include_negated: bool = False,
    min_confidence: float | None = None,
    evidence: EvidenceFilter | None = None,
    min_corroboration: int = 0,
    sort: str = "name",
) -> list[Relation]:
    """Relations with evidence; `type` includes sub-relations, dates match the event's, else the article's;
    `article` keeps what one article (by id) says; `evidence` picks statuses, a source and a confidence floor
    (`min_confidence` and `include_negated` are shorthands for it); `min_corroboration` drops relations
    affirmed by fewer articles; `sort` is name, corroboration (most articles first) or confidence."""
    check_period(since, until)
    wanted = evidence or EvidenceFilter()
    if min_confidence is not None or include_negated:
        wanted = wanted.model_copy(
            update={
                "min_confidence": min_confidence if min_confidence is not None else wanted.min_confidence,
                "include_denied": wanted.include_denied or include_negated,
            }
        )
    if sort not in SORTS:
        raise UnknownName(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    try:
        agent, patient, according_to = _actor_node(source), _actor_node(target), _actor_node(wanted.according_to)
    except ValueError:  # not a valid IRI segment: no actor, so no relations
        return []
    if article is not None and not _ARTICLE_ID.fullmatch(article):
        return []
    # relation_iri raises UnknownName naming the known relations, which the API passes on.
    values = {
        "type": ox.NamedNode(str(relation_iri(type))) if type else None,
        "since": date_literal(since),
        "until": date_literal(until),
        "min_confidence": _decimal(wanted.min_confidence),
        "according_to": according_to,
    }
    filters = [_EVENT_FILTERS[name] for name, value in values.items() if value is not None]
    # Status names come from STATUSES (checked by the model), so they are safe to write as ckg: terms.
    filters.append(f"FILTER(?status IN ({', '.join(f'ckg:{name}' for name in wanted.statuses())}))")
    ontology = ox.NamedNode(str(ONTOLOGY_GRAPH)) if type else None
    # One actor's or one article's events: bounded by its degree. Only a type or dates: every event, so a worker.
    anchored = agent is not None or patient is not None or article is not None
    rows = _select(
        store,
        _EVENTS % (STATUS_PATTERN, "\n".join(filters)),
        anchored=anchored,
        ontology=ontology,
        agent=agent,
        target=patient,
        article=ox.NamedNode(f"{ARTICLE}{article}") if article else None,
        **values,
    )
    found = [r for r in _group(rows) if r.corroboration >= min_corroboration]
    return _sorted(found, sort)


def relation_page(store: Readable, *, limit: int = 100, offset: int = 0, **filters) -> RelationPage:
    """`relations(store, **filters)` cut to one page, with the total before paging."""
    found = relations(store, **filters)
    return RelationPage(total=len(found), limit=limit, offset=offset, relations=found[offset : offset + limit])


def _sorted(found: list[Relation], sort: str) -> list[Relation]:
    if sort == "corroboration":
        return sorted(found, key=lambda r: (-r.corroboration, -len(r.evidence)))
    if sort == "confidence":
        return sorted(found, key=lambda r: -max((e.confidence for e in r.evidence), default=0))
    return found  # the query's order: by source label, relation, target


def _decimal(value: float | None) -> ox.Literal | None:
    return None if value is None else ox.Literal(repr(float(value)), datatype=_XSD_DECIMAL)


def date_literal(value: dt.date | None) -> ox.Literal | None:
    """`value` as an xsd:date term for with_values; None stays None."""
    return None if value is None else ox.Literal(value.isoformat(), datatype=_XSD_DATE)


def _actor_node(slug: str | None) -> ox.NamedNode | None:
    # pyoxigraph validates the IRI (ValueError); rdflib's actor_iri() would only log a warning.
    return None if slug is None else ox.NamedNode(f"{ACTOR}{slug}")


def _group(rows: list[ox.QuerySolution]) -> list[Relation]:
    """Events → one Relation per (agent, relation, target), evidence in query order, each event once."""
    found: dict[tuple[str, str, str], Relation] = {}
    seen: set[str] = set()
    for row in rows:
        event = _bound(row, "event")
        if event in seen:
            continue
        seen.add(event)
        key = (_bound(row, "agent"), _bound(row, "relation"), _bound(row, "target"))
        relation = found.get(key) or found.setdefault(
            key,
            Relation(
                relation=slug_of(key[1]),
                asserted=False,
                evidence=[],
                source=ActorLink(slug=slug_of(key[0]), label=_value(row, "agentLabel")),
                target=ActorLink(slug=slug_of(key[2]), label=_value(row, "targetLabel")),
            ),
        )
        relation.evidence.append(_evidence(row))
    for relation in found.values():
        _summarise(relation)
    return list(found.values())


def _summarise(relation: Relation) -> None:
    """Fill in what the evidence adds up to: asserted, fact, statuses, corroboration and sources."""
    evidence = relation.evidence
    relation.asserted = any(not e.negated for e in evidence)
    relation.fact = any(e.status == "fact" for e in evidence)
    relation.statuses = {status: n for status in STATUSES if (n := sum(e.status == status for e in evidence))}
    relation.corroboration = len({e.article for e in evidence if e.status != "denied"})
    relation.sources = list({e.according_to.slug: e.according_to for e in evidence if e.according_to}.values())


def _evidence(row: ox.QuerySolution) -> Evidence:
    source = _value(row, "source")
    return Evidence(
        event=slug_of(_bound(row, "event")),
        sentence=_bound(row, "sentence"),
        article=slug_of(_bound(row, "article")),
        title=_value(row, "title"),
        url=_value(row, "url"),
        date=_value(row, "date"),  # type: ignore[arg-type]
        published=_value(row, "published"),  # type: ignore[arg-type]  # pydantic parses the ISO date
        confidence=float(_bound(row, "confidence")),
        negated=_value(row, "negated") == "true",
        status=slug_of(_bound(row, "status")),  # type: ignore[arg-type]
        according_to=ActorLink(slug=slug_of(source), label=_value(row, "sourceLabel")) if source else None,
        attribution=_value(row, "words"),
        modality=_value(row, "modality"),
    )


def article_detail(store: Readable, article_id: str, evidence: EvidenceFilter | None = None) -> ArticleDetail | None:
    """One stored article: its metadata, its text and every relation read from it; None if not stored."""
    if not _ARTICLE_ID.fullmatch(article_id):
        return None
    node = ox.NamedNode(f"{ARTICLE}{article_id}")
    facts = _facts(store, node)
    if str(CKG.Article) not in {o for o, _ in facts.get(str(RDF.type), [])}:
        return None
    return ArticleDetail(
        id=article_id,
        iri=node.value,
        title=_first(facts, DCTERMS["title"]),
        url=_first(facts, DCTERMS.source),
        published=_first(facts, DCTERMS.date),
        text=_first(facts, CKG.text) or "",
        relations=relations(store, article=article_id, evidence=_with_denied(evidence)),
    )
