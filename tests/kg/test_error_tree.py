"""One error tree (kg/errors.py): every error raised on purpose is a KGError and keeps its built-in base."""

import importlib
import inspect

import pytest

from kg.errors import InvalidFilter, KGError, UnknownName
from kg.model import relation_iri

# Modules whose exception classes are the ones kg raises on purpose.
MODULES = [
    "kg.errors",
    "kg.limits",
    "kg.store.base",
    "kg.query.sparql",
    "kg.query.pool",
    "kg.query.pattern.grammar",
    "kg.query.isolation",
    "kg.spark",
]


@pytest.mark.parametrize("module", MODULES)
def test_errors_every_exception_class_is_a_kg_error(module):
    classes = [
        value
        for value in vars(importlib.import_module(module)).values()
        if inspect.isclass(value) and issubclass(value, Exception) and value.__module__ == module
    ]
    assert classes and [c.__name__ for c in classes if not issubclass(c, KGError)] == []


def test_errors_unknown_name_is_a_key_error_whose_message_is_not_quoted():
    with pytest.raises(UnknownName) as caught:
        relation_iri("hugs")
    assert isinstance(caught.value, KeyError) and str(caught.value).startswith("unknown relation 'hugs'; known: ")


def test_errors_invalid_filter_is_a_value_error():
    assert issubclass(InvalidFilter, ValueError) and issubclass(InvalidFilter, KGError)
    assert str(InvalidFilter("depth must be 0 or more")) == "depth must be 0 or more"
