"""Ingestion: articles read, extracted, built into triples and written to a store (loader) or to N-Quads shards."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kg.pipeline.loader import ArticleLoader, LoadResult, has_articles
    from kg.pipeline.shards import ShardLoader, ShardWriter, shard_files

__all__ = ["ArticleLoader", "LoadResult", "ShardLoader", "ShardWriter", "has_articles", "shard_files"]
_HOMES = {"ShardLoader": "shards", "ShardWriter": "shards", "shard_files": "shards"}


def __getattr__(name: str):
    # Lazy, so the loader does not bring the shard writer's extraction pool with it.
    if name in __all__:
        return getattr(importlib.import_module(f"kg.pipeline.{_HOMES.get(name, 'loader')}"), name)
    raise AttributeError(f"module 'kg.pipeline' has no attribute {name!r}")
