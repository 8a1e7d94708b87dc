"""JSON API for gemeenten: read-only, open to everyone."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.gemeenten import service
from app.gemeenten.schemas import GemeenteDetailPublic, GemeentePublic
from app.validation import reject_nul
from app.web.deps import SessionDep, SettingsDep, get_actor
from app.web.errors import problems
from app.web.pagination import Page, PageDep, paginate

# get_actor: a token that is sent must be valid, even where none is needed.
router = APIRouter(prefix="/gemeenten", tags=["Gemeenten"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])


@router.get(
    "",
    response_model=Page[GemeentePublic],
    operation_id="gemeenten_lijst",
    summary="Gemeenten",
    description="Alle gemeenten, op naam, per pagina.",
    response_description="Een pagina gemeenten",
    responses=problems(401, 422),
)
def list_gemeenten(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    pages: PageDep,
    zoek: Annotated[str | None, Query(max_length=100, description="deel van de naam of de CBS-code")] = None,
    provincie: Annotated[str | None, Query(max_length=40, description="alleen gemeenten in deze provincie")] = None,
) -> Page[GemeentePublic]:
    rows, total = service.list_gemeenten(session, zoek=zoek, provincie=provincie, limit=pages.limit,
                                         offset=pages.offset)
    items = [GemeentePublic.build(g, settings.base_url, settings.tz) for g in rows]
    return paginate(request, response, settings, pages, items, total)


@router.get(
    "/{code}",
    response_model=GemeenteDetailPublic,
    operation_id="gemeente_ophalen",
    summary="Een gemeente",
    description="Een gemeente met haar fracties, organen, recessen en deelnames in regelingen. "
                "`code` is de CBS-code (GM0355) of de slug (zeist).",
    response_description="De gemeente",
    responses=problems(401, 404, 422),
)
def get_gemeente(code: str, session: SessionDep, settings: SettingsDep) -> GemeenteDetailPublic:
    detail = service.gemeente_detail(session, service.get_gemeente(session, code))
    return GemeenteDetailPublic.build(detail, settings.base_url, settings.tz)
