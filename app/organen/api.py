"""JSON API for organen: read-only, open to everyone."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from app.organen import service
from app.organen.schemas import OrgaanPublic
from app.web.deps import SessionDep, SettingsDep, get_actor
from app.web.pagination import problems

router = APIRouter(prefix="/organen", tags=["Organen"], dependencies=[Depends(get_actor)])


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
    return OrgaanPublic.build(detail, settings.base_url)
