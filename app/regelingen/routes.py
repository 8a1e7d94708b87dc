"""Public pages of the regelingen: the list and one page per regeling with its deelnemers."""

from fastapi import APIRouter, Depends, Request

from app.db import utcnow
from app.feeds.announce import feed_for
from app.organen.models import SOORT_LABELS
from app.regelingen import service
from app.regelingen.models import SYNCHRONISATIE_LABELS, VORM_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Pagina, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])
LABELS = {"vorm_labels": VORM_LABELS, "synchronisatie_labels": SYNCHRONISATIE_LABELS, "soort_labels": SOORT_LABELS}


@router.get("/regelingen")
def regelingen(request: Request, session: SessionDep, actor: ActorDep, pagina: Pagina = 1):
    size = request.app.state.settings.page_size
    rows, total = service.list_regelingen(session, limit=size, offset=(pagina - 1) * size)
    return render(request, "regelingen/lijst.html", {
        "title": "Regelingen",
        "kruimelpad": [("Home", "/"), ("Regelingen", "/regelingen")],
        "regelingen": rows, "totaal": total, "pagina": pagina, "meer": pagina * size < total, **LABELS,
    })


@router.get("/regelingen/{slug}")
def regeling(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    detail = service.regeling_detail(session, service.get_regeling(session, slug))
    r = detail.regeling
    komend = vergaderingen.list_meetings(session, regeling_id=r.id, van=utcnow(), limit=10)
    base_url = request.app.state.settings.base_url
    return render(request, "regelingen/detail.html", {
        "title": r.naam,
        "kruimelpad": [("Home", "/"), ("Regelingen", "/regelingen"), (r.naam, f"/regelingen/{r.slug}")],
        "demo": r.demo, "detail": detail, "r": r, "vergaderingen": komend, **LABELS,
        "feed": feed_for(base_url, "regeling", r.slug, r.naam),
        "termijnen_feed": feed_for(base_url, "termijnen-regeling", r.slug, r.naam),
    })
