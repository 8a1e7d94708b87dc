"""Public pages of the regelingen: the list and one page per regeling with its deelnemers."""

from fastapi import APIRouter, Depends, Request

from app.besluiten import service as besluiten
from app.db import utcnow
from app.feeds.announce import feed_for
from app.i18n import _
from app.organen.models import SOORT_LABELS
from app.regelingen import service
from app.regelingen.models import SYNCHRONISATIE_LABELS, VORM_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.voorstellen import service as voorstellen
from app.voorstellen.models import VoorstelFase
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Pagina, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])
MAX_OPEN = 100  # voorstellen out to the councils at one time: a handful; the page lists at most this many
LABELS = {"vorm_labels": VORM_LABELS, "synchronisatie_labels": SYNCHRONISATIE_LABELS, "soort_labels": SOORT_LABELS}


@router.get("/regelingen")
def regelingen(request: Request, session: SessionDep, actor: ActorDep, pagina: Pagina = 1):
    size = request.app.state.settings.page_size
    rows, total = service.list_regelingen(session, limit=size, offset=(pagina - 1) * size)
    return render(request, "regelingen/lijst.html", {
        "title": _("Regelingen"),
        "kruimelpad": [(_("Home"), "/"), (_("Regelingen"), "/regelingen")],
        "regelingen": rows, "totaal": total, "pagina": pagina, "meer": pagina * size < total, **LABELS,
    })


@router.get("/regelingen/{slug}")
def regeling(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    detail = service.regeling_detail(session, service.get_regeling(session, slug))
    r = detail.regeling
    now = utcnow()
    vandaag = now.astimezone(request.app.state.settings.tz).date()
    komend = vergaderingen.list_meetings(session, regeling_id=r.id, van=now, limit=10)
    # Voorstellen out to the councils whose deadline has not passed, with how many councils have answered
    # (the rows of /besluiten, a fixed number of queries), soonest deadline first.
    verzonden, _n = besluiten.lijst(session, besluiten.BesluitFilter(regeling=r, fase=VoorstelFase.verzonden),
                                    vandaag=vandaag, limit=MAX_OPEN)
    open_termijnen = sorted((rij for rij in verzonden if rij.voorstel.uiterlijk and rij.voorstel.uiterlijk >= vandaag),
                            key=lambda rij: (rij.voorstel.uiterlijk, rij.voorstel.id))
    base_url = request.app.state.settings.base_url
    return render(request, "regelingen/detail.html", {
        "title": r.naam,
        "kruimelpad": [(_("Home"), "/"), (_("Regelingen"), "/regelingen"), (r.naam, f"/regelingen/{r.slug}")],
        "demo": r.demo, "detail": detail, "r": r, "vergaderingen": komend, **LABELS,
        "open_termijnen": open_termijnen, "vandaag": vandaag, "voorstel_soort_labels": voorstellen.SOORT_LABELS,
        "feed": feed_for(base_url, "regeling", r.slug, r.naam),
        "termijnen_feed": feed_for(base_url, "termijnen-regeling", r.slug, r.naam),
    })
