"""The public API is what we mean it to be (as httpx's tests/test_exported_members.py): each package's `__all__`
is exactly the list below, every name in it resolves, and an eagerly importing package exports nothing else."""

import importlib
import inspect
import types

import pytest

PUBLIC = {
    "kg": ["open"],
    "kg.errors": ["InvalidFilter", "KGError", "UnknownName"],
    "kg.limits": ["AnswerTooLarge", "QueryTimeout"],
    "kg.formats": [
        "DATASETS",
        "EXPORTS",
        "GRAPHS",
        "JSON_LD",
        "N3",
        "N_QUADS",
        "N_TRIPLES",
        "RDF_SYNTAXES",
        "RDF_XML",
        "SOLUTIONS",
        "SPARQL_CSV",
        "SPARQL_JSON",
        "SPARQL_TSV",
        "SPARQL_XML",
        "TRIG",
        "TURTLE",
        "RdfSyntax",
        "ResultsSyntax",
        "rdf_for_extension",
        "rdf_for_media_type",
        "rdf_formats",
        "rdf_syntax",
        "results_for_media_type",
        "results_formats",
        "results_syntax",
    ],
    "kg.extract": ["ActorRef", "ArticleExtractor", "Extraction", "Extractor", "Gazetteer", "Lexicon", "PlaceRef"],
    "kg.store": [
        "DiskFull",
        "LoadError",
        "OxigraphStore",
        "QueryResult",
        "SparqlHttpStore",
        "Store",
        "StoreBusyError",
        "StoreError",
        "StoreMissing",
        "StoreTimeout",
        "StoreUnavailable",
        "open_store",
    ],
    "kg.pipeline": ["ArticleLoader", "LoadResult", "ShardLoader", "ShardWriter", "has_articles", "shard_files"],
    "kg.query": [
        "CampFilters",
        "GraphFilters",
        "NotAcceptable",
        "QueryRefused",
        "QuerySentAsUpdate",
        "QuerySyntaxError",
        "Readable",
        "UpdateSentAsQuery",
        "rows",
        "serialize",
    ],
    "kg.query.pattern": [
        "Name",
        "PatternEdge",
        "PatternError",
        "PatternResult",
        "PatternRow",
        "PatternSyntaxError",
        "TriplePattern",
        "UnknownActor",
        "UnknownRelation",
        "Variable",
        "compile_pattern",
        "is_sparql",
        "parse",
        "resolve_names",
        "run_pattern",
    ],
    "kg.analysis": [
        "Camp",
        "Camps",
        "SignedTie",
        "View",
        "camp_data",
        "camps_from_signed_graph",
        "camps_of",
        "centrality",
        "read_view",
        "signed_ties",
    ],
    "kg.viz": ["camp_data", "graph_data", "render_page"],
    "api": ["create_app"],
}
# Names a module binds that are not part of what it offers: its own imports of the standard library and typing.
_PLUMBING = {"annotations", "importlib", "TYPE_CHECKING", "Path"}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_public_api_is_exactly_what_we_mean(package):
    module = importlib.import_module(package)
    assert sorted(module.__all__) == sorted(PUBLIC[package])
    assert [name for name in module.__all__ if getattr(module, name, None) is None] == []


def _defined_elsewhere(value, package: str) -> bool:
    """An import the package uses itself (e.g. kg.limits's KGError), not a name it offers."""
    home = getattr(value, "__module__", None)
    return (
        (inspect.isclass(value) or inspect.isfunction(value))
        and home is not None
        and home != package
        and not home.startswith(package + ".")
    )


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_public_api_exports_nothing_unlisted(package):
    module = importlib.import_module(package)
    bound = {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and name not in _PLUMBING
        and not isinstance(value, types.ModuleType)
        and not _defined_elsewhere(value, package)
    }
    assert bound - set(module.__all__) == set()


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_public_api_names_are_documented(package):
    module = importlib.import_module(package)
    undocumented = [
        name
        for name in module.__all__
        if (inspect.isclass(value := getattr(module, name)) or inspect.isfunction(value)) and not inspect.getdoc(value)
    ]
    assert undocumented == []
