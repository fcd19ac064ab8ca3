"""The error for a query past KG_QUERY_TIMEOUT, shared by every layer (imports nothing: query workers load it)."""


class QueryTimeout(TimeoutError):
    """The query ran past its deadline: in the engine, while its answer was read, or over HTTP."""


__all__ = ["QueryTimeout"]
