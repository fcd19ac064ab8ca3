"""Tests of kg.analysis (a package so its module names cannot clash with tests/api)."""
