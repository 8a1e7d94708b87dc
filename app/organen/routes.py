"""Public page of an orgaan: whose body it is, its members and its meetings."""

from fastapi import APIRouter, Request

from app.db import utcnow
from app.gemeenten.models import Gemeente
from app.organen import service
from app.organen.models import SOORT_LABELS, Rol
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

ROL_LABELS = {
    Rol.voorzitter: "Voorzitter",
    Rol.vicevoorzitter: "Vicevoorzitter",
    Rol.lid: "Lid",
    Rol.plaatsvervangend_lid: "Plaatsvervangend lid",
    Rol.secretaris: "Secretaris",
}


@router.get("/organen/{slug}")
def orgaan(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    detail = service.orgaan_detail(session, service.get_orgaan(session, slug))
    o, eigenaar = detail.orgaan, detail.eigenaar
    now = utcnow()
    komend = vergaderingen.list_meetings(session, orgaan_ids=[o.id], van=now, limit=10)
    recent = vergaderingen.list_meetings(session, orgaan_ids=[o.id], tot=now, descending=True, limit=10)
    is_gemeente = isinstance(eigenaar, Gemeente)
    eigenaar_url = f"/gemeenten/{eigenaar.slug}" if is_gemeente else f"/regelingen/{eigenaar.slug}"
    return render(request, "organen/detail.html", {
        "title": o.naam,
        "kruimelpad": [("Home", "/"), ("Gemeenten" if is_gemeente else "Regelingen", eigenaar_url.rsplit("/", 1)[0]),
                       (eigenaar.naam, eigenaar_url), (o.naam, f"/organen/{o.slug}")],
        "demo": eigenaar.demo, "detail": detail, "o": o, "eigenaar": eigenaar, "eigenaar_url": eigenaar_url,
        "eigenaar_soort": "Gemeente" if is_gemeente else "Regeling",
        "komend": komend, "recent": recent, "soort_labels": SOORT_LABELS, "rol_labels": ROL_LABELS,
    })
