"""HTML pages of speaking rights: the citizen's form, the pages behind the links in the mail, and the griffier's
list with the limit per agenda item.

The citizen's pages are marked for translation; the griffier's page stays Dutch. Every form works without
JavaScript and carries the session's CSRF token (an anonymous session gets one on the first page).
"""

import re
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from app.errors import Conflict, Invalid, TooManyRequests
from app.i18n import N_, _
from app.inspreken import service
from app.validation import MAX_ID, reject_nul
from app.vergaderingen import service as vergaderingen
from app.vergaderingen.routes import to_login
from app.web.deps import ActorDep, SessionDep, deliver_mail_after_response
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

MeetingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de vergadering")]
PuntId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het agendapunt")]
Token = Annotated[str, Path(max_length=200)]
_GETAL = re.compile(r"^[0-9]{1,3}$")
HONINGPOT = "website"  # the field a person leaves empty (it is hidden); a form-filling bot fills it
# Pages with a token in their address or personal data on them: kept by no cache, listed by no search engine.
PRIVE = {"Cache-Control": "no-store", "X-Robots-Tag": "noindex"}


def _kruimelpad(view, *rest: tuple[str, str]) -> list[tuple[str, str]]:
    return [(N_("Home"), "/"), (N_("Vergaderingen"), "/vergaderingen"),
            (view.titel, f"/vergaderingen/{view.vergadering.id}"), *rest]


# --- the citizen's form --------------------------------------------------------------------------------------


class AanmeldForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    naam: str = ""
    email: str = ""
    onderwerp: str = ""
    website: str = ""  # the honeypot


def _formulier(request: Request, session: Session, meeting_id: int, punt_id: int, *, form: AanmeldForm | None = None,
               fouten: dict[str, str] | None = None, probleem: str | None = None, status_code: int = 200):
    settings = request.app.state.settings
    view, punt = service.get_punt(session, meeting_id, punt_id)
    plek = service.plek(session, view, punt, settings)
    pad = f"/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken"
    return render(request, "inspreken/formulier.html", {
        "title": _("Inspreken: %(titel)s") % {"titel": punt.titel},
        "kruimelpad": _kruimelpad(view, (N_("Inspreken"), pad)),
        "demo": view.demo, "view": view, "v": view.vergadering, "punt": punt, "plek": plek, "actie": pad,
        "sluit_at": service.sluit_at(view.vergadering, settings), "form": form or AanmeldForm(),
        "fouten": fouten or {}, "probleem": probleem, "bewaardagen": settings.inspreken_bewaardagen,
        "maxima": {"naam": service.MAX_NAAM, "email": service.MAX_EMAIL, "onderwerp": service.MAX_ONDERWERP},
    }, status_code=status_code)


@router.get("/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken")
def formulier(request: Request, meeting_id: MeetingId, punt_id: PuntId, session: SessionDep, actor: ActorDep):
    return _formulier(request, session, meeting_id, punt_id)


@router.post("/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken")
def aanmelden(request: Request, meeting_id: MeetingId, punt_id: PuntId, session: SessionDep, actor: ActorDep,
              background: BackgroundTasks, form: Annotated[AanmeldForm, Form()]):
    service.get_punt(session, meeting_id, punt_id)  # an unknown item is a 404 for a bot too
    if form.website.strip():
        # A bot filled the hidden field: the same answer as a person gets, but nothing is stored or sent.
        return redirect(request, f"/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken/verstuurd")
    aanmelding, fouten = service.controleer(form.naam, form.email, form.onderwerp)
    if fouten:
        return _formulier(request, session, meeting_id, punt_id, form=form, fouten=fouten, status_code=422)
    client = request.client.host if request.client else "onbekend"
    try:
        service.meld_aan(session, meeting_id=meeting_id, punt_id=punt_id, aanmelding=aanmelding, client=client,
                         settings=request.app.state.settings)
    except (Conflict, TooManyRequests) as exc:
        session.rollback()
        return _formulier(request, session, meeting_id, punt_id, form=form, probleem=exc.detail,
                          status_code=exc.status_code)
    deliver_mail_after_response(background, request)
    return redirect(request, f"/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken/verstuurd")


@router.get("/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken/verstuurd")
def verstuurd(request: Request, meeting_id: MeetingId, punt_id: PuntId, session: SessionDep, actor: ActorDep):
    view, punt = service.get_punt(session, meeting_id, punt_id)
    return render(request, "inspreken/verstuurd.html", {
        "title": N_("Kijk in uw e-mail"), "kruimelpad": _kruimelpad(view), "demo": view.demo, "view": view,
        "punt": punt,
    })


# --- the links in the mail ------------------------------------------------------------------------------------


def _link_pagina(request: Request, session: Session, token: str, *, bevestigen: bool):
    try:
        gevonden = service.link(session, token, bevestigen=bevestigen)
    except service.LinkOngeldig as exc:
        return _ongeldig(request, exc, bevestigen=bevestigen)
    return render(request, "inspreken/link.html", {
        "title": N_("Aanmelding bevestigen") if bevestigen else N_("Afmelden voor inspreken"),
        "kruimelpad": [(N_("Home"), "/")], "bevestigen": bevestigen, "link": gevonden,
        "view": gevonden.view, "punt": gevonden.punt, "klaar": False,
    }, headers=PRIVE)


def _ongeldig(request: Request, exc: "service.LinkOngeldig", *, bevestigen: bool):
    return render(request, "inspreken/ongeldig.html", {
        "title": N_("Deze link werkt niet (meer)"), "kruimelpad": [(N_("Home"), "/")], "fout": exc.fout.value,
        "bevestigen": bevestigen, "status": exc.status_code,
    }, status_code=exc.status_code, headers=PRIVE)


@router.get("/inspreken/bevestigen/{token}")
def bevestigen_pagina(request: Request, token: Token, session: SessionDep, actor: ActorDep):
    return _link_pagina(request, session, token, bevestigen=True)


@router.post("/inspreken/bevestigen/{token}")
def bevestigen(request: Request, token: Token, session: SessionDep, actor: ActorDep):
    try:
        gevonden = service.bevestig(session, token, request.app.state.settings)
    except service.LinkOngeldig as exc:
        return _ongeldig(request, exc, bevestigen=True)
    except Conflict as exc:
        session.rollback()
        gevonden = service.link(session, token, bevestigen=True)
        return render(request, "inspreken/link.html", {
            "title": N_("Aanmelding bevestigen"), "kruimelpad": [(N_("Home"), "/")], "bevestigen": True,
            "link": gevonden, "view": gevonden.view, "punt": gevonden.punt, "klaar": False, "probleem": exc.detail,
        }, status_code=409, headers=PRIVE)
    return render(request, "inspreken/link.html", {
        "title": N_("Uw aanmelding is bevestigd"), "kruimelpad": [(N_("Home"), "/")], "bevestigen": True,
        "link": gevonden, "view": gevonden.view, "punt": gevonden.punt, "klaar": True,
    }, headers=PRIVE)


@router.get("/inspreken/afmelden/{token}")
def afmelden_pagina(request: Request, token: Token, session: SessionDep, actor: ActorDep):
    return _link_pagina(request, session, token, bevestigen=False)


@router.post("/inspreken/afmelden/{token}")
def afmelden(request: Request, token: Token, session: SessionDep, actor: ActorDep):
    try:
        gevonden = service.annuleer(session, token)
    except service.LinkOngeldig as exc:
        return _ongeldig(request, exc, bevestigen=False)
    return render(request, "inspreken/link.html", {
        "title": N_("U bent afgemeld"), "kruimelpad": [(N_("Home"), "/")], "bevestigen": False,
        "link": gevonden, "view": gevonden.view, "punt": gevonden.punt, "klaar": True,
    }, headers=PRIVE)


# --- the griffier ---------------------------------------------------------------------------------------------


def _lijst(request: Request, session: Session, actor, meeting_id: int, *, fouten: dict[int, str] | None = None,
           waarden: dict[int, str] | None = None, status_code: int = 200):
    view = vergaderingen.get_meeting(session, meeting_id)
    agenda = vergaderingen.agenda(session, meeting_id)
    punten = service.insprekers(session, actor, view, agenda, request.app.state.settings)
    return render(request, "inspreken/insprekers.html", {
        "title": f"Insprekers: {view.titel}",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"),
                       (view.titel, f"/vergaderingen/{meeting_id}"),
                       ("Insprekers", f"/vergaderingen/{meeting_id}/insprekers")],
        "demo": view.demo, "view": view, "v": view.vergadering, "punten": punten, "fouten": fouten or {},
        "waarden": waarden or {}, "mag_limiet": service.mag_limiet_zetten(actor, view),
        "neemt_insprekers": service.neemt_insprekers(view.organen),
        "sluit_at": service.sluit_at(view.vergadering, request.app.state.settings),
    }, status_code=status_code, headers=PRIVE)


@router.get("/vergaderingen/{meeting_id}/insprekers")
def lijst(request: Request, meeting_id: MeetingId, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    return _lijst(request, session, actor, meeting_id)


class LimietForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    max_insprekers: str = ""


@router.post("/vergaderingen/{meeting_id}/insprekers/{punt_id}/limiet")
def limiet(request: Request, meeting_id: MeetingId, punt_id: PuntId, session: SessionDep, actor: ActorDep,
           form: Annotated[LimietForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/vergaderingen/{meeting_id}/insprekers")
    waarde = form.max_insprekers.strip()
    if waarde and not (_GETAL.match(waarde) and int(waarde) <= 100):
        view, _punt = service.get_punt(session, meeting_id, punt_id)
        service.require_limiet(actor, view)
        return _lijst(request, session, actor, meeting_id, status_code=422, waarden={punt_id: waarde[:20]},
                      fouten={punt_id: "Vul een aantal van 0 tot en met 100 in, of laat het veld leeg voor geen "
                                       "maximum."})
    try:
        service.zet_limiet(session, actor, meeting_id=meeting_id, punt_id=punt_id,
                           maximum=int(waarde) if waarde else None)
    except Invalid as exc:
        session.rollback()
        return _lijst(request, session, actor, meeting_id, status_code=422, waarden={punt_id: waarde[:20]},
                      fouten={punt_id: exc.detail})
    request.session["melding"] = ("Het maximum aantal insprekers is opgeslagen." if waarde
                                  else "Het maximum is weggehaald: er is geen grens aan het aantal insprekers.")
    return redirect(request, f"/vergaderingen/{meeting_id}/insprekers#punt-{punt_id}")
