"""Graph analysis on what kg.query reads: camps (signed-graph clustering) and centrality."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.analysis.camps import Camp, Camps, SignedTie, camps_from_signed_graph, signed_ties
    from kg.analysis.network import View, camp_data, camps_of, centrality, read_view

__all__ = [
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
]
_HOMES = {
    "Camp": "camps",
    "Camps": "camps",
    "SignedTie": "camps",
    "camps_from_signed_graph": "camps",
    "signed_ties": "camps",
}


def __getattr__(name: str):
    # Lazy, so kg.analysis.camps (which the page's colours use) does not load the read side with it.
    if name in __all__:
        return getattr(importlib.import_module(f"kg.analysis.{_HOMES.get(name, 'network')}"), name)
    raise AttributeError(f"module 'kg.analysis' has no attribute {name!r}")
