"""Reading the graph: checked SPARQL and the views the API and CLI share."""
from kg.query.sparql import CheckedQuery, QueryRefused, QuerySyntaxError, check_query, check_update, evaluate, rows, run_query, serialize

__all__ = ["CheckedQuery", "QueryRefused", "QuerySyntaxError", "check_query", "check_update", "evaluate", "rows", "run_query", "serialize"]
