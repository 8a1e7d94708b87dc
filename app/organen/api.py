"""JSON API for organen: read-only, open to everyone."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.organen import service
from app.organen.models import Soort
from app.organen.schemas import OrgaanPublic, OrgaanSamenvatting
from app.validation import reject_nul
from app.web.deps import SessionDep, SettingsDep, get_actor
from app.web.errors import problems
from app.web.pagination import Page, PageDep, paginate

router = APIRouter(prefix="/organen", tags=["Organen"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])


@router.get(
    "",
    response_model=Page[OrgaanSamenvatting],
    operation_id="organen_lijst",
    summary="Organen",
    description="Alle organen (raden, commissies, besturen, adviescommissies, ...) met hun gemeente of regeling.",
    response_description="Een pagina organen",
    responses=problems(401, 422),
)
def list_organen(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    pages: PageDep,
    soort: Annotated[Soort | None, Query(description="alleen organen van deze soort")] = None,
    zoek: Annotated[str | None, Query(max_length=100, description="deel van de naam van orgaan, gemeente of regeling")]
    = None,
) -> Page[OrgaanSamenvatting]:
    rows, total = service.page_organen(session, soort=soort, zoek=zoek, limit=pages.limit, offset=pages.offset)
    items = [OrgaanSamenvatting.build(r, settings.base_url, settings.tz) for r in rows]
    return paginate(request, response, settings, pages, items, total)


@router.get(
    "/{slug}",
    response_model=OrgaanPublic,
    operation_id="orgaan_ophalen",
    summary="Een orgaan",
    description="Een orgaan (raad, commissie, algemeen bestuur, ...) met zijn leden op de peildatum.",
    response_description="Het orgaan",
    responses=problems(401, 404, 422),
)
def get_orgaan(
    slug: str,
    session: SessionDep,
    settings: SettingsDep,
    peildatum: Annotated[date | None, Query(description="leden op deze dag (standaard vandaag)")] = None,
) -> OrgaanPublic:
    detail = service.orgaan_detail(session, service.get_orgaan(session, slug), peildatum=peildatum)
    return OrgaanPublic.build(detail, settings.base_url, settings.tz)
