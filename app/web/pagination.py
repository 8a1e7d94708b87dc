"""What every JSON list has in common: pages with links.

A list answers ``{"items": [...], "page": n, "page_size": m, "total": t, "links": {...}}`` with absolute
links that keep the request's other query parameters, and the same links in a ``Link`` header (RFC 8288),
as the Dutch API Design Rules ask. A page past the end is empty, with no next link.
"""

from dataclasses import dataclass
from typing import Annotated, Generic, TypeVar
from urllib.parse import urlencode

from fastapi import Depends, Query, Request, Response
from pydantic import BaseModel, Field

from app.config import Settings
from app.web.deps import SettingsDep

T = TypeVar("T")
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000  # keeps the offset a sane number on every database; a deeper page is a 422


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def limit(self) -> int:
        return self.page_size


def page_params(
    settings: SettingsDep,
    page: Annotated[int, Query(ge=1, le=MAX_PAGE, description="paginanummer, vanaf 1")] = 1,
    page_size: Annotated[int | None, Query(ge=1, le=MAX_PAGE_SIZE,
                                           description="aantal items per pagina (1 tot en met 100)")] = None,
) -> PageParams:
    return PageParams(page=page, page_size=page_size or min(settings.page_size, MAX_PAGE_SIZE))


PageDep = Annotated[PageParams, Depends(page_params)]


class PageLinks(BaseModel):
    self: str = Field(description="deze pagina")
    first: str = Field(description="de eerste pagina")
    prev: str | None = Field(description="de vorige pagina, of null op de eerste")
    next: str | None = Field(description="de volgende pagina, of null op de laatste")
    last: str = Field(description="de laatste pagina")


class Page(BaseModel, Generic[T]):
    items: list[T]
    page: int
    page_size: int
    total: int = Field(description="aantal items over alle pagina's")
    links: PageLinks


def _page_url(request: Request, settings: Settings, page: int, page_size: int) -> str:
    params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "page_size")]
    params += [("page", str(page)), ("page_size", str(page_size))]
    return f"{settings.base_url.rstrip('/')}{request.url.path}?{urlencode(params)}"


def paginate(request: Request, response: Response, settings: Settings, params: PageParams, items: list[T],
             total: int) -> Page[T]:
    """Wrap one page of items, and put its links in the response's ``Link`` header too."""
    last = max(1, -(-total // params.page_size))

    def url(page: int) -> str:
        return _page_url(request, settings, page, params.page_size)

    links = PageLinks(
        self=url(params.page),
        first=url(1),
        # From past the end, "previous" leads back to the last page that has items.
        prev=url(min(params.page - 1, last)) if params.page > 1 else None,
        next=url(params.page + 1) if params.page < last else None,
        last=url(last),
    )
    response.headers["Link"] = ", ".join(
        f'<{href}>; rel="{rel}"' for rel, href in links.model_dump().items() if href is not None
    )
    return Page(items=items, page=params.page, page_size=params.page_size, total=total, links=links)
