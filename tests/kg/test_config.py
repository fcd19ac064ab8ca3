"""Settings from `KG_*` variables: read as pydantic-settings read them (any case, lists as JSON or text),
keywords over the environment, and a bad value named in one validation error."""

from __future__ import annotations

import os

import pytest
from pydantic import ValidationError

from kg.config import Settings


@pytest.fixture(autouse=True)
def no_kg_variables(monkeypatch):
    for name in [name for name in os.environ if name.lower().startswith("kg_")]:
        monkeypatch.delenv(name)


def test_config_reads_kg_variables_in_any_case(monkeypatch):
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "2.5")
    monkeypatch.setenv("kg_max_results", "7")
    settings = Settings()
    assert (settings.query_timeout, settings.max_results) == (2.5, 7)


@pytest.mark.parametrize(
    ("value", "hosts"),
    [("a.example, b.example", ["a.example", "b.example"]), ('["x", "y"]', ["x", "y"]), ("*", ["*"]), ("", [])],
)
def test_config_allowed_hosts_as_json_or_comma_separated(monkeypatch, value, hosts):
    monkeypatch.setenv("KG_ALLOWED_HOSTS", value)
    assert Settings().allowed_hosts == hosts


def test_config_keywords_win_over_the_environment_and_the_rest_is_still_read(monkeypatch):
    monkeypatch.setenv("KG_STORE", "/somewhere")
    monkeypatch.setenv("KG_QUERY_WORKERS", "3")
    settings = Settings(store="memory")
    assert (settings.store, settings.query_workers) == ("memory", 3)


def test_config_blank_token_means_no_token_and_unknown_variables_are_ignored(monkeypatch):
    monkeypatch.setenv("KG_API_TOKEN", "  ")
    monkeypatch.setenv("KG_NO_SUCH_SETTING", "1")
    assert Settings().api_token is None


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("KG_QUERY_TIMEOUT", "-1", "Input should be greater than 0"),
        ("KG_QUERY_TIMEOUT", "soon", "Input should be a valid number"),
        ("KG_QUERY_WORKERS", "100", "Input should be less than or equal to 64"),
        ("KG_QUERY_MEMORY_MB", "10", "Input should be greater than or equal to 1024"),
    ],
)
def test_config_bad_value_is_one_validation_error_naming_the_field(monkeypatch, name, value, message):
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError) as raised:
        Settings()
    assert raised.value.error_count() == 1
    assert f"1 validation error for Settings\n{name.removeprefix('KG_').lower()}\n  {message}" in str(raised.value)
    assert f"input_value='{value}', input_type=str" in str(raised.value)
