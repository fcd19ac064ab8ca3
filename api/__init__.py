"""The HTTP API over the conflict knowledge graph (FastAPI); build it with `create_app` (api.main)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from api.main import create_app

__all__ = ["create_app"]


def __getattr__(name: str):
    # Lazy, so importing one helper module (api.protocol, api.negotiation) does not build the whole app.
    if name in __all__:
        return getattr(importlib.import_module("api.main"), name)
    raise AttributeError(f"module 'api' has no attribute {name!r}")
