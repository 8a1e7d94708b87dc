"""Public pages of the organen: a list, and per body whose it is, its members and its meetings."""

from fastapi import APIRouter, Depends, Request

from app.db import utcnow
from app.feeds.announce import feed_for
from app.gemeenten.models import Gemeente
from app.i18n import N_, _
from app.organen import service
from app.organen.models import SOORT_LABELS, Rol, Soort
from app.stemmingen import service as stemmingen
from app.stemmingen.rekenen import UITKOMST_LABELS as STEM_UITKOMST_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Pagina, Zoek, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

ROL_LABELS = {
    Rol.voorzitter: N_("Voorzitter"),
    Rol.vicevoorzitter: N_("Vicevoorzitter"),
    Rol.lid: N_("Lid"),
    Rol.plaatsvervangend_lid: N_("Plaatsvervangend lid"),
    Rol.secretaris: N_("Secretaris"),
}


@router.get("/organen")
def organen(request: Request, session: SessionDep, actor: ActorDep, zoek: Zoek = "", soort: Zoek = "",
            pagina: Pagina = 1):
    size = request.app.state.settings.page_size
    soort = Soort(soort) if soort in SOORT_LABELS else None  # "" is the form's "alle soorten"
    rows, total = service.page_organen(session, soort=soort, zoek=zoek.strip() or None, limit=size,
                                       offset=(pagina - 1) * size)
    return render(request, "organen/lijst.html", {
        "title": _("Organen"),
        "kruimelpad": [(_("Home"), "/"), (_("Organen"), "/organen")],
        "organen": rows, "totaal": total, "zoek": zoek, "soort": soort, "soort_labels": SOORT_LABELS,
        "soort_keuzes": [(s.value, label) for s, label in SOORT_LABELS.items()],
        "pagina": pagina, "meer": pagina * size < total,
    }, block="resultaten")


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
        "kruimelpad": [(_("Home"), "/"), (_("Gemeenten") if is_gemeente else _("Regelingen"),
                                           eigenaar_url.rsplit("/", 1)[0]),
                       (eigenaar.naam, eigenaar_url), (o.naam, f"/organen/{o.slug}")],
        "demo": eigenaar.demo, "detail": detail, "o": o, "eigenaar": eigenaar, "eigenaar_url": eigenaar_url,
        "eigenaar_soort": N_("Gemeente") if is_gemeente else N_("Regeling"),
        "stem_uitkomst_labels": STEM_UITKOMST_LABELS,
        "komend": komend, "recent": recent, "soort_labels": SOORT_LABELS, "rol_labels": ROL_LABELS,
        "feed": feed_for(request.app.state.settings.base_url, "orgaan", o.slug, o.naam),
        "stemmingen": stemmingen.stemmingen_van_orgaan(session, o) if o.regeling_id else [],
    })
