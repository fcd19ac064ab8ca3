"""POST /articles: extract an article's relations and add them to the graph (once per text)."""
from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import ServiceDep, WriteAuth
from api.schemas import ArticleAdded, ArticleIn, problems

router = APIRouter(tags=["articles"])


@router.post("/articles", dependencies=[WriteAuth], status_code=201, responses=problems(401, 413, 422),
             summary="Add an article")
def add_article(article: ArticleIn, service: ServiceDep, response: Response) -> ArticleAdded:
    """201 with the relations found when the text is new; 200 with `added: false` when already stored."""
    result = service.load(article)
    if not result.added:
        response.status_code = 200
    return ArticleAdded(article=result.article.id, added=result.added, relations=result.extractions)
