"""Meetings: the public list and page, and the pages where a griffier plans, changes and cancels them.

Each handler parses its input, calls the service, and renders; who may do what is decided by the service.
Forms work without JavaScript (POST, then 303 to the meeting page); with htmx the same form posts in place
and a success answers with ``HX-Redirect``.
"""

import re
from datetime import date, datetime, time
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, ValidationError

from app.accounts.authz import Actor
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid
from app.gemeenten import service as gemeenten
from app.organen import service as organen_service
from app.regelingen import service as regelingen
from app.validation import dutch_message
from app.vergaderingen import service
from app.vergaderingen.models import STATUS_LABELS, Status, Vergadering
from app.vergaderingen.schemas import VergaderingCreate, VergaderingUpdate
from app.web.deps import ActorDep, SessionDep
from app.web.templating import is_htmx, render

router = APIRouter(include_in_schema=False)

OPGESLAGEN = "Vergadering opgeslagen."
GEANNULEERD = "De vergadering is geannuleerd. Ze blijft zichtbaar, met de status Geannuleerd."


# --- helpers ---------------------------------------------------------------------------------------


def redirect(request: Request, url: str) -> Response:
    """303 for a plain form; htmx follows redirects itself, so it gets HX-Redirect (a full page load)."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def to_login(request: Request, volgende: str | None = None) -> Response:
    if volgende is None:
        volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(request, "/inloggen?" + urlencode({"volgende": volgende}))


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "nee", "false", "off")


# --- the public pages ------------------------------------------------------------------------------


@router.get("/vergaderingen")
def vergaderingen(request: Request, session: SessionDep, actor: ActorDep, gemeente: str = "", regeling: str = "",
                  orgaan: str = "", eerdere: str = "", pagina: int = Query(1, ge=1)):
    size = request.app.state.settings.page_size
    past, now = _flag(eerdere), utcnow()
    g = gemeenten.get_gemeente(session, gemeente) if gemeente else None
    r = regelingen.get_regeling(session, regeling) if regeling else None
    o = organen_service.get_orgaan(session, orgaan) if orgaan else None
    views = service.list_meetings(
        session, gemeente_id=g.id if g else None, regeling_id=r.id if r else None,
        orgaan_ids=[o.id] if o else None, van=None if past else now, tot=now if past else None,
        descending=past, limit=size + 1, offset=(pagina - 1) * size,
    )
    alle_gemeenten, _ = gemeenten.list_gemeenten(session, limit=1000)
    alle_regelingen, _ = regelingen.list_regelingen(session, limit=1000)
    return render(request, "vergaderingen/lijst.html", {
        "title": "Eerdere vergaderingen" if past else "Vergaderingen",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen")],
        "vergaderingen": views[:size], "meer": len(views) > size, "pagina": pagina, "eerdere": past,
        "gemeente": g, "regeling": r, "orgaan": o,
        "gemeenten": alle_gemeenten, "regelingen": alle_regelingen,
    }, block="resultaten")


@router.get("/vergaderingen/{meeting_id}")
def vergadering(request: Request, meeting_id: int, session: SessionDep, actor: ActorDep):
    view = service.get_meeting(session, meeting_id)
    return render(request, "vergaderingen/detail.html", {
        "title": view.titel,
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"),
                       (view.titel, f"/vergaderingen/{meeting_id}")],
        "view": view, "v": view.vergadering, "agenda": service.agenda(session, meeting_id),
        "demo": organen_service.any_demo(session, view.organen),
        "beheert": actor.may_manage_organen(view.organen),
    })


# --- planning: the griffier's pages ----------------------------------------------------------------


@router.get("/beheer/vergaderingen")
def beheer(request: Request, session: SessionDep, actor: ActorDep, eerdere: str = "", pagina: int = Query(1, ge=1)):
    if not actor.authenticated:
        return to_login(request)
    size = request.app.state.settings.page_size
    past, now = _flag(eerdere), utcnow()
    organen = organen_service.plannable_organen(session, actor)
    views = service.list_meetings(
        session, orgaan_ids=[o.id for o in organen], van=None if past else now, tot=now if past else None,
        descending=past, limit=size + 1, offset=(pagina - 1) * size,
    ) if organen else []
    return render(request, "vergaderingen/beheer.html", {
        "title": "Vergaderingen beheren",
        "kruimelpad": [("Home", "/"), ("Beheer", "/beheer/vergaderingen")],
        "organen": organen, "vergaderingen": views[:size], "meer": len(views) > size, "pagina": pagina,
        "eerdere": past,
    })


class MeetingForm(BaseModel):
    """The meeting form as typed: strings, so that a wrong value comes back to the user, not as a 422 page."""

    model_config = ConfigDict(extra="ignore")

    organen: list[str] = []
    naam: str = ""
    datum: str = ""
    begintijd: str = ""
    eindtijd: str = ""
    locatie: str = ""
    online_url: str = ""
    openbaar: str | None = None
    status: str = ""
    versie: str = ""

    @classmethod
    def of(cls, meeting: Vergadering, organen: list, tz) -> "MeetingForm":
        start, einde = meeting.start.astimezone(tz), meeting.einde.astimezone(tz)
        return cls(organen=[o.slug for o in organen], naam=meeting.naam or "", datum=start.date().isoformat(),
                   begintijd=start.strftime("%H:%M"), eindtijd=einde.strftime("%H:%M"),
                   locatie=meeting.locatie or "", online_url=meeting.online_url or "",
                   openbaar="ja" if meeting.openbaar else None, status=meeting.status.value,
                   versie=str(meeting.versie))


_DATE_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?$")


def _date(value: str) -> date | None:
    value = value.strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        pass
    match = _DATE_NL.match(value)  # a browser without a date picker: 26-01-2027
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            return None
    return None


def _time(value: str) -> time | None:
    match = _TIME.match(value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


# Pydantic's field names in the schemas, mapped to the form field that shows the error.
_SCHEMA_FIELDS = {"organen": "organen", "naam": "naam", "start": "begintijd", "einde": "eindtijd",
                  "locatie": "locatie", "online_url": "online_url", "status": "status", "versie": "algemeen"}


def parse_form(form: MeetingForm, tz, *, edit: bool) -> tuple[dict, dict[str, str]]:
    """The form's values as the schema wants them, and the errors per field (in the order of the form)."""
    errors: dict[str, str] = {}
    organen = [s for s in form.organen if s.strip()]
    if not organen:
        errors["organen"] = "Kies ten minste één orgaan dat vergadert."
    naam = form.naam.strip() or None
    if naam and len(naam) > 200:
        errors["naam"] = "De naam mag hoogstens 200 tekens lang zijn."
    day = _date(form.datum)
    if not form.datum.strip():
        errors["datum"] = "Vul de datum van de vergadering in."
    elif day is None:
        errors["datum"] = "Vul een bestaande datum in, bijvoorbeeld 26-01-2027."
    begin, end = _time(form.begintijd), _time(form.eindtijd)
    if begin is None:
        errors["begintijd"] = ("Vul de begintijd in, bijvoorbeeld 19:30." if not form.begintijd.strip()
                               else "Vul een geldige begintijd in, bijvoorbeeld 19:30.")
    if end is None:
        errors["eindtijd"] = ("Vul de eindtijd in, bijvoorbeeld 22:00." if not form.eindtijd.strip()
                              else "Vul een geldige eindtijd in, bijvoorbeeld 22:00.")
    elif begin is not None and end <= begin:
        errors["eindtijd"] = "De eindtijd moet na de begintijd liggen, op dezelfde dag."
    locatie = form.locatie.strip() or None
    if locatie and len(locatie) > 300:
        errors["locatie"] = "De locatie mag hoogstens 300 tekens lang zijn."
    online_url = form.online_url.strip() or None
    if online_url and not re.match(r"^https?://[^\s/]+\.[^\s]+$", online_url):
        errors["online_url"] = "Vul een volledig webadres in dat begint met https://, of laat het veld leeg."
    values = {"organen": organen, "naam": naam, "locatie": locatie, "online_url": online_url,
              "openbaar": form.openbaar is not None}
    if day is not None and begin is not None and end is not None:
        values["start"] = datetime.combine(day, begin, tzinfo=tz)
        values["einde"] = datetime.combine(day, end, tzinfo=tz)
    if edit:
        if form.status not in {s.value for s in Status}:
            errors["status"] = "Kies een status."
        values["status"] = form.status
        if not form.versie.isdigit():
            errors["algemeen"] = "Het formulier mist de versie van de vergadering. Laad de pagina opnieuw."
        values["versie"] = form.versie
    return values, errors


def _schema(model: type[BaseModel], values: dict) -> tuple[BaseModel | None, dict[str, str]]:
    try:
        return model(**values), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for e in exc.errors():
            field = _SCHEMA_FIELDS.get(str(e["loc"][0]) if e["loc"] else "", "algemeen")
            message = dutch_message(e)
            errors.setdefault(field, message[:1].upper() + message[1:] + ("" if message.endswith(".") else "."))
        return None, errors


def _form_page(request: Request, *, actor: Actor, keuzes: list, form: MeetingForm, errors: dict[str, str],
               view=None, conflict: str | None = None, status_code: int = 200) -> Response:
    title = f"{view.titel} bewerken" if view else "Nieuwe vergadering"
    crumbs = [("Home", "/"), ("Beheer", "/beheer/vergaderingen")]
    if view:
        url = f"/vergaderingen/{view.vergadering.id}"
        crumbs += [(view.titel, url), ("Bewerken", f"{url}/bewerken")]
    else:
        crumbs += [("Nieuwe vergadering", "/beheer/vergaderingen/nieuw")]
    # A body already in the meeting stays a choice, even if this user may not plan it (the service decides).
    if view:
        keuzes = keuzes + [o for o in view.organen if o.id not in {k.id for k in keuzes}]
    return render(request, "vergaderingen/formulier.html", {
        "title": title, "kruimelpad": crumbs, "view": view, "form": form, "fouten": errors,
        "conflict": conflict, "keuzes": sorted(keuzes, key=lambda o: o.naam), "statussen": STATUS_LABELS,
        "actie": f"/vergaderingen/{view.vergadering.id}/bewerken" if view else "/beheer/vergaderingen/nieuw",
    }, block="formulier", status_code=status_code)


def _plannable(session, actor: Actor) -> list:
    keuzes = organen_service.plannable_organen(session, actor)
    if not keuzes:
        raise Forbidden("U mag voor geen enkel orgaan vergaderingen plannen. Vraag de beheerder om een rol.")
    return keuzes


@router.get("/beheer/vergaderingen/nieuw")
def nieuw(request: Request, session: SessionDep, actor: ActorDep, orgaan: str = ""):
    if not actor.authenticated:
        return to_login(request)
    keuzes = _plannable(session, actor)
    preset = [orgaan] if orgaan else ([keuzes[0].slug] if len(keuzes) == 1 else [])
    return _form_page(request, actor=actor, keuzes=keuzes, form=MeetingForm(organen=preset, openbaar="ja"), errors={})


@router.post("/beheer/vergaderingen/nieuw")
def nieuw_opslaan(request: Request, session: SessionDep, actor: ActorDep, form: Annotated[MeetingForm, Form()]):
    if not actor.authenticated:
        return to_login(request, "/beheer/vergaderingen/nieuw")
    tz = request.app.state.settings.tz
    values, errors = parse_form(form, tz, edit=False)
    data = None
    if not errors:
        data, errors = _schema(VergaderingCreate, values)
    if errors:
        return _form_page(request, actor=actor, keuzes=_plannable(session, actor), form=form, errors=errors,
                          status_code=422)
    try:
        view = service.create_meeting(session, actor=actor, data=data)
    except Invalid as exc:
        return _form_page(request, actor=actor, keuzes=_plannable(session, actor), form=form,
                          errors={"algemeen": exc.detail}, status_code=422)
    request.session["melding"] = OPGESLAGEN
    return redirect(request, f"/vergaderingen/{view.vergadering.id}")


@router.get("/vergaderingen/{meeting_id}/bewerken")
def bewerken(request: Request, meeting_id: int, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    view = service.get_meeting(session, meeting_id)
    if not actor.may_manage_organen(view.organen):
        raise Forbidden("U mag deze vergadering niet bewerken: ze is van een orgaan dat u niet beheert.")
    tz = request.app.state.settings.tz
    return _form_page(request, actor=actor, keuzes=organen_service.plannable_organen(session, actor),
                      form=MeetingForm.of(view.vergadering, view.organen, tz), errors={}, view=view)


@router.post("/vergaderingen/{meeting_id}/bewerken")
def bewerken_opslaan(request: Request, meeting_id: int, session: SessionDep, actor: ActorDep,
                     form: Annotated[MeetingForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/vergaderingen/{meeting_id}/bewerken")
    view = service.get_meeting(session, meeting_id)
    if not actor.may_manage_organen(view.organen):
        raise Forbidden("U mag deze vergadering niet bewerken: ze is van een orgaan dat u niet beheert.")
    keuzes = organen_service.plannable_organen(session, actor)
    values, errors = parse_form(form, request.app.state.settings.tz, edit=True)
    data = None
    if not errors:
        data, errors = _schema(VergaderingUpdate, values)
    if errors:
        return _form_page(request, actor=actor, keuzes=keuzes, form=form, errors=errors, view=view, status_code=422)
    try:
        view = service.update_meeting(session, actor=actor, meeting_id=meeting_id, data=data)
    except Conflict:
        return _form_page(request, actor=actor, keuzes=keuzes, form=form, errors={}, view=view, status_code=409,
                          conflict="Deze vergadering is intussen gewijzigd door iemand anders.")
    except Invalid as exc:
        return _form_page(request, actor=actor, keuzes=keuzes, form=form, errors={"algemeen": exc.detail},
                          view=view, status_code=422)
    request.session["melding"] = OPGESLAGEN
    return redirect(request, f"/vergaderingen/{meeting_id}")


@router.post("/vergaderingen/{meeting_id}/annuleren")
def annuleren(request: Request, meeting_id: int, session: SessionDep, actor: ActorDep,
              versie: Annotated[str, Form()] = "", bevestig: Annotated[str, Form()] = ""):
    """Without ``bevestig`` this shows the confirmation page (no JavaScript needed to confirm)."""
    if not actor.authenticated:
        return to_login(request, f"/vergaderingen/{meeting_id}")
    view = service.get_meeting(session, meeting_id)
    if not actor.may_manage_organen(view.organen):
        raise Forbidden("U mag deze vergadering niet annuleren: ze is van een orgaan dat u niet beheert.")
    context = {
        "title": f"{view.titel} annuleren",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"), (view.titel, f"/vergaderingen/{meeting_id}"),
                       ("Annuleren", f"/vergaderingen/{meeting_id}")],
        "view": view, "v": view.vergadering, "versie": versie,
    }
    if bevestig != "ja" or not versie.isdigit() or int(versie) < 1:
        return render(request, "vergaderingen/annuleren.html", {**context, "versie": versie or view.vergadering.versie})
    try:
        service.cancel_meeting(session, actor=actor, meeting_id=meeting_id, versie=int(versie))
    except Conflict:
        return render(request, "vergaderingen/annuleren.html", {
            **context, "conflict": "Deze vergadering is intussen gewijzigd door iemand anders."}, status_code=409)
    request.session["melding"] = GEANNULEERD
    return redirect(request, f"/vergaderingen/{meeting_id}")
