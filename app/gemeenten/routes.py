"""Public pages of the gemeenten: a searchable list and one page per gemeente."""

from fastapi import APIRouter, Depends, Request

from app.db import utcnow
from app.feeds.announce import feed_for
from app.gemeenten import service
from app.organen.models import SOORT_LABELS
from app.regelingen.models import VORM_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Pagina, Zoek, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

PROVINCIES = ("Drenthe", "Flevoland", "Fryslân", "Gelderland", "Groningen", "Limburg", "Noord-Brabant",
              "Noord-Holland", "Overijssel", "Utrecht", "Zeeland", "Zuid-Holland")


@router.get("/gemeenten")
def gemeenten(request: Request, session: SessionDep, actor: ActorDep, zoek: Zoek = "", provincie: Zoek = "",
              pagina: Pagina = 1):
    size = request.app.state.settings.page_size
    rows, total = service.list_gemeenten(session, zoek=zoek.strip() or None, provincie=provincie or None,
                                         limit=size, offset=(pagina - 1) * size)
    return render(request, "gemeenten/lijst.html", {
        "title": "Gemeenten",
        "kruimelpad": [("Home", "/"), ("Gemeenten", "/gemeenten")],
        "gemeenten": rows, "totaal": total, "zoek": zoek, "provincie": provincie,
        "provincie_keuzes": [(p, p) for p in PROVINCIES],
        "pagina": pagina, "meer": pagina * size < total,
    }, block="resultaten")


@router.get("/gemeenten/{code}")
def gemeente(request: Request, code: str, session: SessionDep, actor: ActorDep):
    detail = service.gemeente_detail(session, service.get_gemeente(session, code))
    g = detail.gemeente
    komend = vergaderingen.list_meetings(session, gemeente_id=g.id, van=utcnow(), limit=10)
    base_url = request.app.state.settings.base_url
    return render(request, "gemeenten/detail.html", {
        "title": f"Gemeente {g.naam}",
        "kruimelpad": [("Home", "/"), ("Gemeenten", "/gemeenten"), (g.naam, f"/gemeenten/{g.slug}")],
        "demo": g.demo, "detail": detail, "g": g, "vergaderingen": komend,
        "vorm_labels": VORM_LABELS, "soort_labels": SOORT_LABELS,
        "feed": feed_for(base_url, "gemeente", g.slug, g.naam),
        "termijnen_feed": feed_for(base_url, "termijnen-gemeente", g.slug, g.naam),
    })
