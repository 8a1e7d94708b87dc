"""Pages around the feeds: a member's private link ("Mijn agenda") and a calendar of chosen organen.

The private link is shown once, in the answer to the POST that made it, and that answer is never stored by a
browser or proxy (Cache-Control: no-store).
"""

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request

from app.db import utcnow
from app.errors import Invalid
from app.feeds import selecties, tokens
from app.feeds.announce import PERSONAL_NAME, feed_for, selection_name
from app.gemeenten.models import Gemeente
from app.organen import service as organen
from app.organen.models import SOORT_LABELS
from app.validation import reject_nul
from app.vergaderingen import service as vergaderingen
from app.vergaderingen.routes import to_login
from app.web.deps import ActorDep, SessionDep
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

MIJN_AGENDA = "/mijn/agenda"
SAMENSTELLEN = "/agenda-samenstellen"
INGETROKKEN = ("Uw persoonlijke agendalink is ingetrokken. Agenda-apps die hem gebruiken, krijgen geen vergaderingen "
               "meer.")
NIETS_INGETROKKEN = "Er was geen persoonlijke agendalink om in te trekken."
NIEUWE_LINK = "Uw nieuwe agendalink"


# --- Mijn agenda ---------------------------------------------------------------------------------------


def _mijn_agenda(request: Request, session, actor, *, token: str | None = None):
    """With ``token`` (just made): the page starts with the new link, and its title says so first, which is what
    a screen reader reads on arrival (no script moves the focus)."""
    status = tokens.personal_feed_status(session, actor.gebruiker_id) if actor.persoon_id else None
    nieuw = feed_for(request.app.state.settings.base_url, "persoonlijk", token, PERSONAL_NAME) if token else None
    return render(request, "feeds/mijn_agenda.html", {
        "title": f"{NIEUWE_LINK} – Mijn agenda" if nieuw else "Mijn agenda",
        "kruimelpad": [("Home", "/"), ("Mijn agenda", MIJN_AGENDA)],
        "status": status,
        "nieuw": nieuw,
    }, headers={"Cache-Control": "no-store"} if token else None)


@router.get(MIJN_AGENDA)
def mijn_agenda(request: Request, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    return _mijn_agenda(request, session, actor)


@router.post(f"{MIJN_AGENDA}/link")
def link_maken(request: Request, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request, MIJN_AGENDA)
    token = tokens.make_personal_token(session, actor=actor)
    return _mijn_agenda(request, session, actor, token=token)


@router.post(f"{MIJN_AGENDA}/intrekken")
def link_intrekken(request: Request, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request, MIJN_AGENDA)
    revoked = tokens.revoke_personal_token(session, actor=actor)
    request.session["melding"] = INGETROKKEN if revoked else NIETS_INGETROKKEN
    return redirect(request, MIJN_AGENDA)


# --- a calendar of chosen organen ------------------------------------------------------------------------


def _groups(session) -> tuple[list, list]:
    """Every live orgaan, per gemeente and per regeling, each group in the order of its owner's name."""
    rows, _ = organen.page_organen(session, limit=100_000)
    groups: dict[tuple, tuple] = {}
    for regel in rows:
        eigenaar = regel.eigenaar
        groups.setdefault((isinstance(eigenaar, Gemeente), eigenaar.id), (eigenaar, []))[1].append(regel.orgaan)
    return ([g for (is_gemeente, _), g in groups.items() if is_gemeente],
            [g for (is_gemeente, _), g in groups.items() if not is_gemeente])


def _samenstellen(request: Request, session, *, gekozen=(), fout: str | None = None, status_code: int = 200):
    gemeenten, regelingen = _groups(session)
    return render(request, "feeds/samenstellen.html", {
        "title": "Agenda samenstellen",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"), ("Agenda samenstellen", SAMENSTELLEN)],
        "gemeenten": gemeenten, "regelingen": regelingen, "gekozen": set(gekozen), "max": selecties.MAX_ORGANEN,
        "fouten": {"organen": fout} if fout else {}, "soort_labels": SOORT_LABELS,
    }, status_code=status_code)


@router.get(SAMENSTELLEN)
def samenstellen(request: Request, session: SessionDep, actor: ActorDep,
                 organen: Annotated[list[str], Query(max_length=200)] = ()):
    """``organen`` ticks bodies beforehand, to change a selection."""
    return _samenstellen(request, session, gekozen=organen)


@router.post(SAMENSTELLEN)
def samenstellen_opslaan(request: Request, session: SessionDep, actor: ActorDep,
                         organen: Annotated[list[str], Form()] = ()):
    if not actor.authenticated:
        return to_login(request, SAMENSTELLEN)
    try:
        selectie = selecties.save_selection(session, actor=actor, orgaan_slugs=organen)
    except Invalid as exc:
        return _samenstellen(request, session, gekozen=organen, fout=exc.detail, status_code=422)
    return redirect(request, f"/agenda/selecties/{selectie.id}")


@router.get("/agenda/selecties/{selectie_id}")
def selectie(request: Request, selectie_id: str, session: SessionDep, actor: ActorDep):
    gevonden = selecties.get_selection(session, selectie_id)
    gekozen = selecties.selection_organen(session, gevonden)
    komend = vergaderingen.list_meetings(session, orgaan_ids=[o.id for o in gekozen], van=utcnow(),
                                         limit=20) if gekozen else []
    url = f"/agenda/selecties/{gevonden.id}"
    return render(request, "feeds/selectie.html", {
        "title": "Samengestelde agenda",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"), ("Samengestelde agenda", url)],
        "organen": gekozen, "vergaderingen": komend, "soort_labels": SOORT_LABELS,
        "aanpassen": f"{SAMENSTELLEN}?" + urlencode({"organen": [o.slug for o in gekozen]}, doseq=True),
        "feed": feed_for(request.app.state.settings.base_url, "selectie", gevonden.id,
                         selection_name([o.naam for o in gekozen])),
    })
