"""The graph views' filters (GET /graph, GET /camps, `kg viz`): defaults, query-string values and bounds."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from kg.query import CampFilters, GraphFilters
from kg.query.filters import Period


def test_filters_default_to_the_whole_graph_from_facts():
    filters = GraphFilters()
    assert filters.model_dump() == {
        "relation": None,
        "actor": None,
        "since": None,
        "until": None,
        "depth": 1,
        "status": None,
        "claims": False,
        "min_confidence": None,
        "min_corroboration": 0,
    }


def test_filters_read_query_string_values_as_typed_values():
    filters = GraphFilters(
        since="2017-06-01", until="2017-06-30", depth="2", claims="true", min_confidence="0.5", min_corroboration="3"
    )
    assert (filters.since, filters.until) == (date(2017, 6, 1), date(2017, 6, 30))
    assert (filters.depth, filters.claims, filters.min_confidence, filters.min_corroboration) == (2, True, 0.5, 3)


@pytest.mark.parametrize(
    "values, field",
    [
        ({"depth": -1}, "depth"),
        ({"depth": 6}, "depth"),
        ({"depth": "two"}, "depth"),
        ({"since": "last tuesday"}, "since"),
        ({"until": "2017-13-01"}, "until"),
        ({"min_confidence": 1.5}, "min_confidence"),
        ({"min_corroboration": -1}, "min_corroboration"),
        ({"claims": "maybe"}, "claims"),
        ({"status": "fact," * 60}, "status"),
    ],
)
def test_filters_refuse_a_value_of_the_wrong_form_naming_the_field(values, field):
    with pytest.raises(ValidationError) as caught:
        GraphFilters(**values)
    assert [error["loc"] for error in caught.value.errors()] == [(field,)]


def test_filters_take_the_depth_bounds_themselves():
    assert [GraphFilters(depth=depth).depth for depth in (0, 5)] == [0, 5]


def test_filters_leave_names_to_the_read_side():
    # An unknown relation, actor or status is a 400 listing the known ones where the graph is read, not here.
    filters = GraphFilters(relation="hugs", actor="nobody", status="rumour")
    assert (filters.relation, filters.actor, filters.status) == ("hugs", "nobody", "rumour")


def test_filters_cannot_change_once_made():
    filters = GraphFilters(relation="backs")
    with pytest.raises(ValidationError):
        filters.relation = "strikes"  # type: ignore[misc]
    assert filters == GraphFilters(relation="backs") and hash(filters) == hash(GraphFilters(relation="backs"))


def test_filters_of_the_graph_are_the_camps_filters_and_a_floor_of_articles():
    assert set(GraphFilters.model_fields) - set(CampFilters.model_fields) == {"min_corroboration"}
    assert isinstance(GraphFilters(), CampFilters)


@pytest.mark.parametrize("model", [Period, CampFilters, GraphFilters])
def test_filters_refuse_since_after_until_naming_both_dates(model):
    with pytest.raises(ValidationError) as caught:
        model(since="2017-07-01", until="2017-06-01")
    [error] = caught.value.errors()
    assert error["loc"] == () and error["msg"].endswith("since (2017-07-01) is after until (2017-06-01): swap them")
    one_day = model(since="2017-06-01", until="2017-06-01")
    assert one_day.since == one_day.until == date(2017, 6, 1)
