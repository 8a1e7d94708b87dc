"""Meetings: the public list and page, and the pages where a griffier plans, changes and cancels them.

Each handler parses its input, calls the service, and renders; who may do what is decided by the service.
Forms work without JavaScript (POST, then 303 to the meeting page); with htmx the same form posts in place
and a success answers with ``HX-Redirect``.
"""

import re
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, ValidationError

from app.accounts.authz import Actor
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid
from app.feeds.announce import filter_feed
from app.gemeenten import service as gemeenten
from app.i18n import N_
from app.inspreken import service as inspreken
from app.organen import service as organen_service
from app.regelingen import service as regelingen
from app.validation import MAX_ID, datum_uit_formulier, dutch_message, reject_nul
from app.vergaderingen import service
from app.vergaderingen.models import STATUS_LABELS, Status, Vergadering
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR, VergaderingCreate, VergaderingUpdate, ends_after_start
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Pagina, Zoek, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

OPGESLAGEN = "Vergadering opgeslagen."
GEANNULEERD = "De vergadering is geannuleerd. Ze blijft zichtbaar, met de status Geannuleerd."


# --- helpers ---------------------------------------------------------------------------------------


# A number the database's integer column cannot hold is a Dutch 422 page, not a database error.
MeetingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de vergadering")]


def to_login(request: Request, volgende: str | None = None) -> Response:
    if volgende is None:
        volgende = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return redirect(request, "/inloggen?" + urlencode({"volgende": volgende}))


def _flag(value: str | None) -> bool:
    return (value or "").strip().lower() not in ("", "0", "nee", "false", "off")


# --- the public pages ------------------------------------------------------------------------------


@router.get("/vergaderingen")
def vergaderingen(request: Request, session: SessionDep, actor: ActorDep, pagina: Pagina = 1, gemeente: Zoek = "",
                  regeling: Zoek = "", orgaan: Zoek = "", eerdere: Zoek = ""):
    size = request.app.state.settings.page_size
    past, now = _flag(eerdere), utcnow()
    # The same lookup as the API: an unknown gemeente, regeling or orgaan is a 400 that names the filter.
    narrowed = service.resolve_filter(session, gemeente=gemeente.strip(), regeling=regeling.strip(),
                                      orgaan=orgaan.strip())
    views = service.list_meetings(
        session, **narrowed.query_args(), van=None if past else now, tot=now if past else None,
        descending=past, limit=size + 1, offset=(pagina - 1) * size,
    )
    alle_gemeenten, _ = gemeenten.list_gemeenten(session, limit=1000)
    alle_regelingen, _ = regelingen.list_regelingen(session, limit=1000)
    return render(request, "vergaderingen/lijst.html", {
        # Marked for the catalogue; the page shows title and breadcrumb in the reader's language (|vertaal).
        "title": N_("Eerdere vergaderingen") if past else N_("Vergaderingen"),
        "kruimelpad": [(N_("Home"), "/"), (N_("Vergaderingen"), "/vergaderingen")],
        "vergaderingen": views[:size], "meer": len(views) > size, "pagina": pagina, "eerdere": past,
        "gemeente": narrowed.gemeente, "regeling": narrowed.regeling, "orgaan": narrowed.orgaan,
        "gemeenten": alle_gemeenten, "regelingen": alle_regelingen,
        "feed": filter_feed(request.app.state.settings.base_url, gemeente=narrowed.gemeente,
                            regeling=narrowed.regeling, orgaan=narrowed.orgaan),
    }, block="resultaten")


@router.get("/vergaderingen/{meeting_id}")
def vergadering(request: Request, meeting_id: MeetingId, session: SessionDep, actor: ActorDep):
    view = service.get_meeting(session, meeting_id)
    agenda = service.agenda(session, meeting_id)
    settings = request.app.state.settings
    return render(request, "vergaderingen/detail.html", {
        "title": view.titel,
        "kruimelpad": [(N_("Home"), "/"), (N_("Vergaderingen"), "/vergaderingen"),
                       (view.titel, f"/vergaderingen/{meeting_id}")],
        "view": view, "v": view.vergadering, "agenda": agenda,
        "demo": view.demo,
        "beheert": actor.may_manage_organen(view.organen),  # only shows the buttons; the service decides
        # Who may speak: per agenda item open or not and places left; never names or addresses.
        "inspreken": inspreken.neemt_insprekers(view.organen),
        "plekken": inspreken.plekken(session, view, agenda, settings),
        "inspreken_tot": inspreken.sluit_at(view.vergadering, settings),
        "insprekers_zien": actor.authenticated and inspreken.mag_lijst_zien(actor, view),
    })


# --- planning: the griffier's pages ----------------------------------------------------------------


@router.get("/beheer/vergaderingen")
def beheer(request: Request, session: SessionDep, actor: ActorDep, pagina: Pagina = 1, eerdere: Zoek = ""):
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
    einddatum: str = ""  # only when the meeting runs past midnight; empty means the same day
    locatie: str = ""
    online_url: str = ""
    openbaar: str | None = None
    status: str = ""
    versie: str = ""

    @classmethod
    def of(cls, meeting: Vergadering, organen: list, tz: tzinfo) -> "MeetingForm":
        start, einde = meeting.start.astimezone(tz), meeting.einde.astimezone(tz)
        return cls(organen=[o.slug for o in organen], naam=meeting.naam or "", datum=start.date().isoformat(),
                   begintijd=start.strftime("%H:%M"), eindtijd=einde.strftime("%H:%M"),
                   # Only past midnight: a same-day end date left in the form would not move with the date.
                   einddatum=einde.date().isoformat() if einde.date() != start.date() else "",
                   locatie=meeting.locatie or "",
                   online_url=meeting.online_url or "", openbaar="ja" if meeting.openbaar else None,
                   status=meeting.status.value, versie=str(meeting.versie))


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2}(?:\.\d+)?)?$")
_VERSIE = re.compile(r"^[0-9]{1,9}$")  # ASCII digits only: str.isdigit() also accepts '²', which int() refuses
_URL = re.compile(r"^https?://[^\s/\x00-\x1f\x7f]+\.[^\s\x00-\x1f\x7f]+$")  # no spaces, no control characters
# The longest values the database holds (the schemas and the columns say the same).
MAX_NAAM, MAX_LOCATIE, MAX_URL, MAX_SLUG = 200, 300, 500, 200
MAX_DUUR = timedelta(hours=24)  # through the form; the API and the import format take longer meetings


_date = datum_uit_formulier


def _time(value: str) -> time | None:
    match = _TIME.match(value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def _exists(naive: datetime, tz: tzinfo) -> bool:
    """Whether a wall-clock time occurs in ``tz``: one in the spring-forward gap does not survive a round trip."""
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None) == naive


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def local_moment(day: date, at: time, tz: tzinfo) -> tuple[datetime | None, str | None]:
    """The moment a clock on the wall in ``tz`` shows ``at`` on ``day``, or None and the reason it cannot.

    A time that does not exist (the hour skipped when summer time starts) is refused with a reason a
    griffier can act on. A time that occurs twice (the hour repeated when it ends) is the first one
    (fold=0, still summer time), as a meeting that night would be announced.
    """
    naive = datetime.combine(day, at)
    if _exists(naive, tz):
        return naive.replace(tzinfo=tz, fold=0), None
    gap_start = naive
    for _ in range(24 * 60):  # back to the last minute that exists: the gap starts one minute later
        gap_start -= timedelta(minutes=1)
        if _exists(gap_start, tz):
            break
    last = gap_start.replace(tzinfo=tz)
    gap_start += timedelta(minutes=1)
    gap_end = (last.astimezone(UTC) + timedelta(minutes=1)).astimezone(tz)
    return None, (f"Dit tijdstip bestaat niet: de klok gaat die nacht van {_clock(gap_start)} naar "
                  f"{_clock(gap_end)} vooruit.")


# The fields in the order the form shows them: the error summary lists them in that order too.
FORM_ORDER = ("organen", "naam", "datum", "begintijd", "eindtijd", "einddatum", "locatie", "online_url", "status",
              "algemeen")
# Pydantic's field names in the schemas, mapped to the form field that shows the error.
_SCHEMA_FIELDS = {"organen": "organen", "naam": "naam", "start": "begintijd", "einde": "eindtijd",
                  "locatie": "locatie", "online_url": "online_url", "status": "status", "versie": "algemeen"}


def _day(value: str, *, required: bool) -> tuple[date | None, str | None]:
    if not value.strip():
        return None, "Vul de datum van de vergadering in." if required else None
    day = _date(value)
    if day is None:
        return None, "Vul een bestaande datum in, bijvoorbeeld 26-01-2027."
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        return None, f"Vul een datum in tussen de jaren {FIRST_YEAR} en {LAST_YEAR}, bijvoorbeeld 26-01-2027."
    return day, None


def parse_form(form: MeetingForm, tz: tzinfo, *, edit: bool) -> tuple[dict, dict[str, str]]:
    """The form's values as the schema wants them, and the errors per field (in the order of the form).

    Times are the wall clock in ``tz``; the end is on ``einddatum``, or on ``datum`` when that is empty.
    """
    errors: dict[str, str] = {}
    organen = [s.strip() for s in form.organen if s.strip()]
    if not organen:
        errors["organen"] = "Kies ten minste één orgaan dat vergadert."
    elif any(len(s) > MAX_SLUG or "\x00" in s for s in organen):
        errors["organen"] = "Kies de organen uit de lijst."
    naam = form.naam.strip() or None
    if naam and len(naam) > MAX_NAAM:
        errors["naam"] = f"De naam mag hoogstens {MAX_NAAM} tekens lang zijn."
    day, fout = _day(form.datum, required=True)
    if fout:
        errors["datum"] = fout
    begin, end = _time(form.begintijd), _time(form.eindtijd)
    if begin is None:
        errors["begintijd"] = ("Vul de begintijd in, bijvoorbeeld 19:30." if not form.begintijd.strip()
                               else "Vul een geldige begintijd in, bijvoorbeeld 19:30.")
    if end is None:
        errors["eindtijd"] = ("Vul de eindtijd in, bijvoorbeeld 22:00." if not form.eindtijd.strip()
                              else "Vul een geldige eindtijd in, bijvoorbeeld 22:00.")
    end_day, fout = _day(form.einddatum, required=False)
    if fout:
        errors["einddatum"] = fout
    elif end_day is None:
        end_day = day
    elif day is not None and end_day < day:
        errors["einddatum"] = "De einddatum kan niet vóór de datum van de vergadering liggen."
    start = einde = None
    if day is not None and begin is not None:
        start, fout = local_moment(day, begin, tz)
        if fout:
            errors["begintijd"] = fout
    if end_day is not None and end is not None and "einddatum" not in errors:
        einde, fout = local_moment(end_day, end, tz)
        if fout:
            errors["eindtijd"] = fout
    same_day = not form.einddatum.strip() or end_day == day
    if start is not None and einde is not None:
        too_early = not ends_after_start(start, einde)
    else:  # without a valid date, times on one day can still be seen to be the wrong way round
        too_early = same_day and begin is not None and end is not None and end <= begin
    if too_early and "eindtijd" not in errors:
        errors["eindtijd"] = ("De eindtijd moet na de begintijd liggen. Loopt de vergadering door na middernacht? "
                              "Vul dan ook de einddatum in." if same_day else "Het einde moet na het begin liggen.")
    elif start is not None and einde is not None and einde.astimezone(UTC) - start.astimezone(UTC) > MAX_DUUR:
        # Most likely an end date left behind when the date was changed: ask rather than save a week-long meeting.
        errors["einddatum"] = ("De vergadering zou langer dan een etmaal duren. Klopt de einddatum? "
                               "Laat haar leeg als de vergadering op dezelfde dag eindigt.")
    locatie = form.locatie.strip() or None
    if locatie and len(locatie) > MAX_LOCATIE:
        errors["locatie"] = f"De locatie mag hoogstens {MAX_LOCATIE} tekens lang zijn."
    online_url = form.online_url.strip() or None
    if online_url and len(online_url) > MAX_URL:
        errors["online_url"] = f"Het webadres mag hoogstens {MAX_URL} tekens lang zijn."
    elif online_url and not _URL.match(online_url):
        errors["online_url"] = "Vul een volledig webadres in dat begint met https://, of laat het veld leeg."
    values = {"organen": organen, "naam": naam, "locatie": locatie, "online_url": online_url,
              "openbaar": form.openbaar is not None}
    if start is not None and einde is not None:
        values["start"], values["einde"] = start, einde
    if edit:
        if form.status not in {s.value for s in Status}:
            errors["status"] = "Kies een status."
        values["status"] = form.status
        if not _VERSIE.match(form.versie):
            errors["algemeen"] = "Het formulier mist de versie van de vergadering. Laad de pagina opnieuw."
        values["versie"] = form.versie
    return values, {field: errors[field] for field in FORM_ORDER if field in errors}


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
def nieuw(request: Request, session: SessionDep, actor: ActorDep, orgaan: Zoek = ""):
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
def bewerken(request: Request, meeting_id: MeetingId, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    view = service.meeting_for_edit(session, actor=actor, meeting_id=meeting_id)
    tz = request.app.state.settings.tz
    return _form_page(request, actor=actor, keuzes=organen_service.plannable_organen(session, actor),
                      form=MeetingForm.of(view.vergadering, view.organen, tz), errors={}, view=view)


@router.post("/vergaderingen/{meeting_id}/bewerken")
def bewerken_opslaan(request: Request, meeting_id: MeetingId, session: SessionDep, actor: ActorDep,
                     form: Annotated[MeetingForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/vergaderingen/{meeting_id}/bewerken")
    view = service.meeting_for_edit(session, actor=actor, meeting_id=meeting_id)
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
def annuleren(request: Request, meeting_id: MeetingId, session: SessionDep, actor: ActorDep,
              versie: Annotated[str, Form()] = "", bevestig: Annotated[str, Form()] = ""):
    """Without ``bevestig`` this shows the confirmation page (no JavaScript needed to confirm)."""
    if not actor.authenticated:
        return to_login(request, f"/vergaderingen/{meeting_id}")
    view = service.meeting_for_edit(session, actor=actor, meeting_id=meeting_id)
    context = {
        "title": f"{view.titel} annuleren",
        "kruimelpad": [("Home", "/"), ("Vergaderingen", "/vergaderingen"), (view.titel, f"/vergaderingen/{meeting_id}"),
                       ("Annuleren", f"/vergaderingen/{meeting_id}")],
        "view": view, "v": view.vergadering, "versie": versie,
    }
    seen = int(versie) if _VERSIE.match(versie) and int(versie) >= 1 else None  # the version the user saw
    if bevestig != "ja" or seen is None:
        return render(request, "vergaderingen/annuleren.html", {**context, "versie": seen or view.vergadering.versie})
    try:
        service.cancel_meeting(session, actor=actor, meeting_id=meeting_id, versie=seen)
    except Conflict:
        return render(request, "vergaderingen/annuleren.html", {
            **context, "conflict": "Deze vergadering is intussen gewijzigd door iemand anders."}, status_code=409)
    request.session["melding"] = GEANNULEERD
    return redirect(request, f"/vergaderingen/{meeting_id}")
