"""JSON API for regelingen: read-only, open to everyone."""

from fastapi import APIRouter, Depends, Request, Response

from app.regelingen import service
from app.regelingen.schemas import RegelingDetailPublic, RegelingPublic
from app.validation import reject_nul
from app.web.deps import SessionDep, SettingsDep, get_actor
from app.web.errors import problems
from app.web.pagination import Page, PageDep, paginate

router = APIRouter(prefix="/regelingen", tags=["Regelingen"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])


@router.get(
    "",
    response_model=Page[RegelingPublic],
    operation_id="regelingen_lijst",
    summary="Regelingen",
    description="Alle gemeenschappelijke regelingen, op naam, per pagina.",
    response_description="Een pagina regelingen",
    responses=problems(401, 422),
)
def list_regelingen(request: Request, response: Response, session: SessionDep, settings: SettingsDep,
                    pages: PageDep) -> Page[RegelingPublic]:
    rows, total = service.list_regelingen(session, limit=pages.limit, offset=pages.offset)
    items = [RegelingPublic.build(r, settings.base_url, settings.tz) for r in rows]
    return paginate(request, response, settings, pages, items, total)


@router.get(
    "/{slug}",
    response_model=RegelingDetailPublic,
    operation_id="regeling_ophalen",
    summary="Een regeling",
    description="Een regeling met haar deelnemers (inwoners, bijdrage en hun aandelen) en organen.",
    response_description="De regeling",
    responses=problems(401, 404, 422),
)
def get_regeling(slug: str, session: SessionDep, settings: SettingsDep) -> RegelingDetailPublic:
    detail = service.regeling_detail(session, service.get_regeling(session, slug))
    return RegelingDetailPublic.build(detail, settings.base_url, settings.tz)
