"""Every error conflict-kg raises on purpose derives from KGError (imports nothing: query workers load it).

Each family also keeps the built-in base it always had, so `except ValueError` and friends still catch it:

    KGError
    ├── UnknownName (KeyError)        a name the ontology or the graph does not have: a relation, an actor,
    │                                 an actor type, a sort order; str() is the message, without KeyError's quotes
    ├── InvalidFilter (ValueError)    a filter value of the wrong form: a date, a depth, a share, a status, a flag
    ├── kg.limits: QueryTimeout (TimeoutError), AnswerTooLarge (RuntimeError)
    ├── kg.store.base: StoreError (RuntimeError) and its kinds: StoreBusyError, StoreMissing,
    │   StoreUnavailable (StoreTimeout), DiskFull, LoadError
    ├── kg.query.sparql: QuerySyntaxError, QueryRefused (UpdateSentAsQuery, QuerySentAsUpdate), NotAcceptable
    │   (ValueError)
    ├── kg.query.pool: QueryFailed (WorkerDied), kg.query.isolation: IsolationError (RuntimeError)
    ├── kg.query.pattern: PatternError (ValueError) and its kinds: PatternSyntaxError, UnknownRelation, UnknownActor
    └── kg.spark: SparkUnavailable (RuntimeError)

The API answers UnknownName and InvalidFilter with 400 in one handler (api/errors.py); the CLI prints the message.
"""


class KGError(Exception):
    """Base of every error conflict-kg raises on purpose; the message says what went wrong and what to do."""


class UnknownName(KGError, KeyError):
    """A name the ontology or the graph does not have; the message lists the known ones where they are few."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class InvalidFilter(KGError, ValueError):
    """A filter value that is not of the form it must be (a date, a depth, a share from 0 to 1, a status…)."""


__all__ = ["InvalidFilter", "KGError", "UnknownName"]
