"""The map's data: placed events coloured by relation family, the legend, and the filters used."""

from __future__ import annotations

from datetime import date

from kg.errors import InvalidFilter, UnknownName
from kg.query import Readable
from kg.query.placed import placed_events, undated_placed_count
from kg.query.views import parse_period
from kg.viz.elements import EDGE_COLOURS, umbrella_of

STATUSES = {
    "fact": "stated as fact",
    "claim": "attributed to someone (a claim)",
    "denied": "said not to have happened",
    "announced": "announced, planned or hypothetical",
}


def map_data(
    store: Readable,
    *,
    relation: str | None = None,
    actor: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
) -> dict:
    """Every dated, placed event matching the filters, JSON-ready; ValueError for a bad filter."""
    start, end = parse_period(since, until)
    relation, actor = relation or None, actor or None
    try:
        events = placed_events(store, relation=relation, actor=actor, since=start, until=end)
    except UnknownName as exc:  # an unknown relation: the message names the known ones
        raise InvalidFilter(str(exc)) from None
    except ValueError:
        raise InvalidFilter(f"{actor!r} is not an actor slug") from None
    rows = [event.model_dump(mode="json") | {"family": umbrella_of(event.relation)} for event in events]
    return {
        "events": rows,
        "families": [{"family": family, "color": colour} for family, colour in EDGE_COLOURS.items()],
        "statuses": STATUSES,
        "undated": undated_placed_count(store),
        "filters": {
            "relation": relation,
            "actor": actor,
            "since": start and start.isoformat(),
            "until": end and end.isoformat(),
        },
    }
