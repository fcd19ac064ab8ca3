"""The graph page: our own escaped template, data as JSON, vis-network inlined from pyvis."""

from __future__ import annotations

import base64
import hashlib
import json
from functools import cache, lru_cache
from importlib.resources import files

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from kg.query import Readable
from kg.query.filters import GraphFilters
from kg.viz.graph import graph_data
from kg.viz.links import links

VIS_CANDIDATES = ("templates/lib/vis-9.1.2/vis-network.min.js", "lib/vis-9.1.2/vis-network.min.js")
# JSON inside <script> must not close the element or open a comment; \u escapes keep it valid JSON.
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"})


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=PackageLoader("kg.viz", "templates"), autoescape=select_autoescape(default=True))


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """The vis-network bundle that ships inside the pyvis package (no CDN)."""
    root = files("pyvis")
    for candidate in VIS_CANDIDATES:
        path = root.joinpath(candidate)
        if path.is_file():
            return _script_safe(path.read_text(encoding="utf-8"))
    raise FileNotFoundError(f"vis-network.min.js not found in the pyvis package ({', '.join(VIS_CANDIDATES)})")


@cache
def _static(name: str) -> str:
    return _script_safe(files("kg.viz").joinpath("static", name).read_text(encoding="utf-8"))


def _script_safe(code: str) -> str:
    if "</script" in code.lower():
        raise ValueError("inlined code contains </script and would end its element early")
    return code


def _sha256(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode()).digest()).decode() + "'"


def json_for_html(data: object) -> str:
    """JSON that is safe inside a <script type="application/json"> element."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)


def render_page(store: Readable, filters: GraphFilters | None = None) -> str:
    """The interactive graph page as one self-contained HTML document (of graph_data with these filters)."""
    data = graph_data(store, filters)
    scripts, hashes = _inline_scripts()
    return (
        _environment()
        .get_template("graph.html")
        .render(
            data_json=Markup(json_for_html(data)),
            styles=Markup(_static("graph.css")),
            scripts=[Markup(code) for code in scripts],
            script_hashes=hashes,
            links=links(data["filters"]),
        )
    )


@lru_cache(maxsize=1)
def _inline_scripts() -> tuple[list[str], str]:
    """The page's scripts and their CSP hashes: only they may run, never an injected handler."""
    scripts = [vis_network_js(), _static("graph.js")]
    return scripts, " ".join(_sha256(code) for code in scripts)
