"""api.negotiation: Accept parsing with q-values and the answer types chosen from it."""

from api.negotiation import GRAPHS, SOLUTIONS, choose, parse_accept


def test_negotiation_parses_q_values_best_first():
    assert parse_accept("text/csv;q=0.2, application/xml, */*;q=0.1") == (
        ("application/xml", 1.0),
        ("text/csv", 0.2),
        ("*/*", 0.1),
    )  # a tuple: parse_accept is cached per header, so what it gives must not be changed by a caller


def test_negotiation_missing_or_blank_accept_means_anything():
    assert choose(None, SOLUTIONS) == choose("", SOLUTIONS) == "application/sparql-results+json"
    assert choose(" ", GRAPHS) == "text/turtle"


def test_negotiation_rdflib_combined_accept_suits_both_kinds():
    accept = "application/rdf+xml, application/sparql-results+xml"
    assert choose(accept, SOLUTIONS) == "application/sparql-results+xml"
    assert choose(accept, GRAPHS) == "application/rdf+xml"


def test_negotiation_q_zero_refuses_even_under_a_wildcard():
    assert choose("text/turtle;q=0, */*", GRAPHS) != "text/turtle"
    assert choose("text/html", GRAPHS) is None


def test_negotiation_type_wildcard_and_aliases():
    assert choose("text/*", GRAPHS) == "text/turtle"
    assert choose("application/json", GRAPHS) == "application/ld+json"
    assert choose("application/json", SOLUTIONS) == "application/sparql-results+json"
