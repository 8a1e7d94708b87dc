"""Public pages of the gemeenten: a searchable list and one page per gemeente."""

from fastapi import APIRouter, Depends, Request

from app.besluiten import service as besluiten
from app.db import utcnow
from app.feeds.announce import feed_for
from app.gemeenten import service
from app.i18n import _
from app.organen.models import SOORT_LABELS
from app.regelingen.models import VORM_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.voorstellen import service as voorstellen
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
        "title": _("Gemeenten"),
        "kruimelpad": [(_("Home"), "/"), (_("Gemeenten"), "/gemeenten")],
        "gemeenten": rows, "totaal": total, "zoek": zoek, "provincie": provincie,
        "provincie_keuzes": [(p, p) for p in PROVINCIES],
        "pagina": pagina, "meer": pagina * size < total,
    }, block="resultaten")


OPEN_OP_PAGINA = 10  # open deadlines on the gemeente page; the rest on /gemeenten/{slug}/regelingen


@router.get("/gemeenten/{code}")
def gemeente(request: Request, code: str, session: SessionDep, actor: ActorDep):
    detail = service.gemeente_detail(session, service.get_gemeente(session, code))
    g = detail.gemeente
    now = utcnow()
    vandaag = now.astimezone(request.app.state.settings.tz).date()
    komend = vergaderingen.list_meetings(session, gemeente_id=g.id, van=now, limit=10)
    # The voorstellen of its regelingen still waiting for this council, soonest deadline first (the same
    # reading as /gemeenten/{slug}/regelingen, which has them all), in a fixed number of queries.
    open_termijnen, meer_termijnen = besluiten.open_termijnen(session, g, vandaag=vandaag, limiet=OPEN_OP_PAGINA)
    base_url = request.app.state.settings.base_url
    return render(request, "gemeenten/detail.html", {
        "title": _("Gemeente %(naam)s") % {"naam": g.naam},
        "kruimelpad": [(_("Home"), "/"), (_("Gemeenten"), "/gemeenten"), (g.naam, f"/gemeenten/{g.slug}")],
        "demo": g.demo, "detail": detail, "g": g, "vergaderingen": komend,
        "open_termijnen": open_termijnen, "meer_termijnen": meer_termijnen, "vandaag": vandaag,
        "voorstel_soort_labels": voorstellen.SOORT_LABELS,
        "vorm_labels": VORM_LABELS, "soort_labels": SOORT_LABELS,
        "feed": feed_for(base_url, "gemeente", g.slug, g.naam),
        "termijnen_feed": feed_for(base_url, "termijnen-gemeente", g.slug, g.naam),
    })
