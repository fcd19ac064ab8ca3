"""Tests of kg.viz (a package so its module names cannot clash with tests/api)."""
