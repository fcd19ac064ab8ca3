"""The errors for a query past a service limit, shared by every layer (imports only kg.errors: query workers load it)."""

from kg.errors import KGError


class QueryTimeout(KGError, TimeoutError):
    """The query ran past its deadline: in the engine, while its answer was read, or over HTTP."""


class AnswerTooLarge(KGError, RuntimeError):
    """The query's answer is larger than KG_MAX_RESULT_BYTES."""


__all__ = ["AnswerTooLarge", "QueryTimeout"]
