"""POST /articles: extract an article's relations and add them to the graph (once per text); GET one article back."""

from __future__ import annotations

import codecs
import json
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.deps import RunnerDep, ServiceDep, WriteAuth
from api.evidence import EvidenceDep
from api.schemas import ArticleAdded, ArticleDetail, ArticleIn, ArticlePage, problems
from kg.query.articles import list_articles
from kg.query.filters import PublishedPeriod
from kg.query.views import article_detail

router = APIRouter(tags=["articles"])

# Declared by hand because the body is read by hand: JSON or plain text, one schema each.
_REQUEST_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "text/plain": {
            "schema": {
                "type": "string",
                "minLength": 1,
                "description": "The article's text (UTF-8 unless a charset is declared)",
            }
        },
    },
}
_JSON_KINDS = {list: "array", str: "string", int: "number", float: "number", bool: "boolean", type(None): "null"}
_ACCEPTED = 'application/json ({"text": "...", "title": ..., "url": ..., "published": ...}) or text/plain'

Title = Annotated[str | None, Query(max_length=1000, description="Title, when the body doesn't give one")]
Url = Annotated[str | None, Query(max_length=2000, description="Where it appeared (stored, never fetched)")]
Published = Annotated[date | None, Query(description="Publication day (YYYY-MM-DD), to date 'on Tuesday'")]


async def article_from_body(
    request: Request, title: Title = None, url: Url = None, published: Published = None
) -> ArticleIn:
    """The article in the body; the query parameters fill in what it doesn't say (all a text/plain body can't)."""
    media_type, _, params = request.headers.get("content-type", "").partition(";")
    media_type = media_type.strip().lower()
    body = await request.body()
    if media_type == "application/json" or media_type.endswith("+json"):
        fields = _json_fields(body)
    elif media_type == "text/plain":
        fields = {"text": _plain_text(body, _charset(params))}
    else:
        raise HTTPException(415, f"send the article as {_ACCEPTED}, not {media_type or 'a body without Content-Type'}")
    defaults = {name: value for name, value in (("title", title), ("url", url), ("published", published)) if value}
    try:
        return ArticleIn.model_validate(defaults | fields)
    except ValidationError as exc:  # answered like FastAPI's own body errors: 422 naming the field
        raise RequestValidationError([{**error, "loc": ("body", *error["loc"])} for error in exc.errors()]) from None


def _json_fields(body: bytes) -> dict:
    try:
        fields = json.loads(body)
    except ValueError as exc:  # JSONDecodeError, or bytes that are no Unicode encoding at all
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body",),
                    "msg": "JSON decode error",
                    "ctx": {"error": getattr(exc, "msg", "not UTF-8")},
                }
            ]
        ) from None
    except RecursionError:  # e.g. [[[[…]]]] a million deep: Python's parser gives up, and it is no article
        raise HTTPException(422, 'request body is JSON nested too deeply; send {"text": "..."}') from None
    if not isinstance(fields, dict):
        raise HTTPException(
            422,
            f'request body must be a JSON object, e.g. {{"text": "..."}}, '
            f"not a JSON {_JSON_KINDS.get(type(fields), 'value')}",
        )
    return fields


_NOT_CHARSETS = {"punycode", "idna", "undefined", "unicode-escape", "raw-unicode-escape"}


def _charset(params: str) -> str:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"')
            try:
                codec = codecs.lookup(charset)
            except (LookupError, ValueError):
                raise HTTPException(415, f"unknown charset {charset!r}: send UTF-8 text") from None
            # base64, hex, zlib, rot13… are codecs but not character sets; punycode and the escapes decode
            # names or source code, not text.
            if not codec._is_text_encoding or codec.name in _NOT_CHARSETS:
                raise HTTPException(415, f"{charset!r} is not a character set: send UTF-8 text")
            return codec.name
    return "utf-8"


def _plain_text(body: bytes, charset: str) -> str:
    try:
        text = body.decode(charset)
    except UnicodeError as exc:
        where = f"byte {exc.start}: {exc.reason}" if isinstance(exc, UnicodeDecodeError) else str(exc)
        raise HTTPException(
            422,
            f"request body is not {charset} text ({where}); send the article's text as UTF-8, or declare its charset",
        ) from None
    if "\x00" in text:  # valid UTF-8 can still be a binary file; text never holds NULs
        raise HTTPException(422, "request body looks binary (it has NUL bytes); send the article's text")
    return text


@router.post(
    "/articles",
    dependencies=[WriteAuth],
    status_code=201,
    summary="Add an article",
    openapi_extra={"requestBody": _REQUEST_BODY},
    responses={
        200: {"model": ArticleAdded, "description": "The same text was already stored"},
        **problems(401, 413, 415, 422),
    },
)
async def add_article(
    article: Annotated[ArticleIn, Depends(article_from_body)], service: ServiceDep, response: Response
) -> ArticleAdded:
    """201 with the relations found when the text is new; 200 with `added: false` when already stored.

    The body is JSON `{"text", "title"?, "url"?, "published"?}` or the bare text as text/plain. The `url` is
    stored as given and never fetched."""
    # Awaited, not run in the request thread pool: waiting writers must not take the threads reads need.
    result = await service.load_in_turn(article)
    if not result.added:
        response.status_code = 200
    return ArticleAdded(article=result.article.id, added=result.added, relations=result.extractions)


# The example is the seed article's id, so /docs and schemathesis reach one that exists.
ArticleId = Annotated[
    str, Path(description="The 16 hex digits POST /articles answered with", examples=["606c80ade24a5810"])
]


@router.get("/articles/{article_id}", responses=problems(400, 404, 422), summary="One article with its relations")
def article(runner: RunnerDep, article_id: ArticleId, evidence: EvidenceDep) -> ArticleDetail:
    """Title, URL, publication day, the stored text, and every relation read from it with its evidence and status."""
    found = article_detail(runner, article_id, evidence)
    if found is None:
        raise HTTPException(404, f"no article {article_id!r}: ids are the 16 hex digits POST /articles answers with")
    return found


@router.get("/articles", responses=problems(400, 422), summary="List stored articles")
def articles(
    runner: RunnerDep,
    period: Annotated[PublishedPeriod, Query()],
    limit: Annotated[int, Query(ge=1, le=1000, description="Articles per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000, description="Articles to skip")] = 0,
) -> ArticlePage:
    """Stored articles, newest first: id, title, url, publication day and how many relations were read from each;
    `total` counts every match. A date filter leaves out articles without a publication day."""
    return list_articles(runner, since=period.since, until=period.until, limit=limit, offset=offset)
