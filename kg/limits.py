"""The errors for a query past a service limit, shared by every layer (imports nothing: query workers load it)."""


class QueryTimeout(TimeoutError):
    """The query ran past its deadline: in the engine, while its answer was read, or over HTTP."""


class AnswerTooLarge(RuntimeError):
    """The query's answer is larger than KG_MAX_RESULT_BYTES."""


__all__ = ["AnswerTooLarge", "QueryTimeout"]
