"""Imports go one way, from the edges (CLI, API) inward: read from the source with `ast`, not by importing.

kg.ingest → kg.extract → kg.model → kg.store → kg.query → kg.analysis → kg.viz → api; kg.pipeline (ingestion)
sits beside kg.query and drives extract → model → store. Every import statement counts, including those inside
functions and under TYPE_CHECKING: a lazy import is still a dependency."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules(package: str) -> dict[str, Path]:
    """Dotted module name → file, for every module of a package folder (e.g. "kg/store")."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def imported(module: str, path: Path) -> set[str]:
    """Every module name an import statement of `path` names (`from a.b import c` names a.b and a.b.c)."""
    names = set()
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: resolved against the importing module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def offences(package: str, allowed: tuple[str, ...] = (), forbidden: tuple[str, ...] = ()) -> list[str]:
    """`module imports name` for each first-party import of `package` outside `allowed` (when given) or
    inside `forbidden`."""
    found = []
    for module, path in modules(package).items():
        for name in sorted(imported(module, path)):
            first_party = within(name, ("kg", "api"))
            if (allowed and first_party and not within(name, allowed)) or within(name, forbidden):
                found.append(f"{module} imports {name}")
    return found


def test_layers_store_imports_only_the_model():
    # kg.config (settings), kg.errors (the error tree), kg.limits (the time and size limit errors a store
    # raises) and kg.formats (the RDF and results format table) sit below every layer; kg.namespaces and
    # kg.vocabulary are the model's IRIs and ontology terms as text (what a reader needs without rdflib).
    model = ("kg.model", "kg.namespaces", "kg.vocabulary")
    assert offences("kg/store", allowed=("kg.store", *model, "kg.config", "kg.limits", "kg.errors", "kg.formats")) == []


def test_layers_the_format_table_imports_only_the_error_tree():
    names = imported("kg.formats", ROOT / "kg" / "formats.py")
    assert {name for name in names if within(name, ("kg", "api")) and not within(name, ("kg.errors",))} == set()


def test_layers_viz_never_touches_the_store():
    assert offences("kg/viz", forbidden=("kg.store", "kg.pipeline", "api", "fastapi", "starlette")) == []


def test_layers_analysis_reads_through_the_query_layer():
    assert offences("kg/analysis", forbidden=("kg.store", "kg.viz", "kg.pipeline", "api", "fastapi")) == []


def test_layers_query_never_imports_what_sits_above_it():
    assert offences("kg/query", forbidden=("kg.analysis", "kg.viz", "kg.pipeline", "kg.cli", "api", "fastapi")) == []


@pytest.mark.parametrize("package", ["kg/ingest.py", "kg/extract", "kg/model.py"])
def test_layers_extraction_never_imports_storage_or_reads(package):
    paths = [ROOT / package] if package.endswith(".py") else list(modules(package).values())
    names = {name for path in paths for name in imported(path.stem, path)}
    assert {
        name
        for name in names
        if within(name, ("kg.store", "kg.query", "kg.pipeline", "kg.analysis", "kg.viz", "kg.cli", "api"))
    } == set()


def test_layers_nothing_in_kg_imports_the_api_or_fastapi():
    # kg.cli is an edge like api (the `kg` console script): `kg serve` starts the app, so it alone may import it,
    # with kg.server (the steps of `kg serve`, which the `kg` command runs without the CLI on a stored graph).
    edges = ("kg.cli imports api.main", "kg.server imports api.main", "kg.server imports fastapi")
    found = offences("kg", forbidden=("api", "fastapi", "starlette"))
    assert [line for line in found if not line.startswith(edges)] == []


def test_layers_no_route_imports_another_route():
    routes = modules("api/routes")
    found = [
        f"{module} imports {name}"
        for module, path in routes.items()
        if module != "api.routes"
        for name in imported(module, path)
        if within(name, ("api.routes",))
    ]
    assert found == []


def test_layers_the_checker_sees_every_kind_of_import(tmp_path):
    """The test's own parser: plain, from, relative, lazy and TYPE_CHECKING imports are all found."""
    source = tmp_path / "sample.py"
    source.write_text(
        "import kg.store\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
        "    from kg.viz import graph\ndef f():\n    from .sibling import x\n",
        encoding="utf-8",
    )
    assert {"kg.store", "kg.viz", "kg.viz.graph", "kg.query.sibling", "kg.query.sibling.x"} <= imported(
        "kg.query.sample", source
    )
