"""JSON API for meetings: read for everyone, plan and change for whoever manages every body that meets.

Authorisation lives in the service; these routes only parse, call it and shape the answer.
"""

import re
from datetime import datetime, timedelta, tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, Security
from fastapi.security import HTTPBearer

from app.accounts.authz import require_authenticated
from app.errors import Invalid, NotFound
from app.validation import MAX_ID, reject_nul
from app.vergaderingen import service
from app.vergaderingen.models import Status
from app.vergaderingen.schemas import (
    FIRST_YEAR,
    LAST_YEAR,
    VergaderingCreate,
    VergaderingItem,
    VergaderingPatch,
    VergaderingPublic,
    VergaderingUpdate,
    vergadering_item,
)
from app.web.deps import ActorDep, SessionDep, SettingsDep, get_actor
from app.web.errors import Gone, problems
from app.web.pagination import Page, PageDep, paginate
from app.web.templating import datumtijd

router = APIRouter(prefix="/vergaderingen", tags=["Vergaderingen"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])

# Documents the token in OpenAPI; get_actor does the checking.
bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")


def authenticated(actor: ActorDep) -> None:
    """Writes need someone behind them: 401 before the body is even validated. Who may do what, the service says."""
    require_authenticated(actor)


WRITE = [Security(bearer), Depends(authenticated)]

MeetingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de vergadering")]
IfMatch = Annotated[str | None, Header(alias="If-Match", description='de versie als ETag, bijvoorbeeld "3"')]
_ETAG = re.compile(r'^"(\d+)"$')
WHEN = "d MMMM y 'om' HH:mm"  # 20 januari 2027 om 10:15

VAN = "vergaderingen die op of na dit moment eindigen: een datum (2027-01-26) of een tijd met offset"
TOT = "vergaderingen die vóór dit moment beginnen: een tijd met offset, of een datum (tot en met die dag)"
GEWIJZIGD_SINDS = ("alleen vergaderingen die op of na dit moment zijn gewijzigd, ook verwijderde: een tijd met "
                   "offset, bijvoorbeeld de `modified_at` van het laatste item dat u al had")
LIJST = ("Vergaderingen op begintijd, per pagina. Geannuleerde vergaderingen staan erin met status ‘geannuleerd’; "
         "verwijderde niet.\n\n"
         "Bijhouden wat er veranderde: met `gewijzigd_sinds` staan er alleen vergaderingen in die sindsdien zijn "
         "gewijzigd, op volgorde van `modified_at`, en ook de verwijderde, als "
         "`{\"id\": …, \"deleted\": true, \"deleted_at\": …}`. Elk item heeft het veld `deleted`.")
PLANNEN = ("Plant een vergadering van een of meer organen. Alleen wie elk van die organen beheert (de griffier van "
           "de gemeente, de secretaris van de regeling, een beheerder) mag dit. Het antwoord heeft een "
           "`Location`-header.")
VERWIJDEREN = ("Verwijdert een vergadering die er nooit had moeten staan (een vergissing). Een vergadering die niet "
               "doorgaat annuleert u met PATCH. Met `If-Match: \"<versie>\"` alleen als de vergadering sindsdien niet "
               "is gewijzigd (anders 409).")
WIJZIGEN = (
    "Wijzigt alleen de meegestuurde velden. Geef de versie die u het laatst zag mee, in het veld `versie` of als "
    "`If-Match: \"<versie>\"`; is de vergadering intussen gewijzigd, dan volgt 409 en verandert er niets. "
    "Annuleren is `{\"status\": \"geannuleerd\"}`: de vergadering blijft dan zichtbaar, met die status."
)


def _moment(name: str, value: str | None, tz: tzinfo, *, end_of_day: bool = False) -> datetime | None:
    """A filter bound: a date (the start of that day, or of the next one for an inclusive end) or a time.

    A time without an offset is read in the portal's time zone.
    """
    if value is None:
        return None
    text = value.strip()
    # An unencoded '+' in a query string arrives as a space: 2027-01-26T19:30:00 01:00.
    text = re.sub(r"(T[\d:.]+) (\d{2}:?\d{2})$", r"\1+\2", text)
    is_day = re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) is not None
    try:
        moment = datetime.fromisoformat(text)  # a date alone is the start of that day
    except ValueError:
        reason = "geen geldige datum of tijd; gebruik bijvoorbeeld 2027-01-26 of 2027-01-26T19:30:00+01:00"
        raise Invalid(f"‘{name}’ is {reason} (ontvangen: ‘{value[:40]}’).",
                      errors=[{"name": name, "reason": reason}]) from None
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # far outside, a time no longer converts to UTC
        reason = f"kies een moment tussen de jaren {FIRST_YEAR} en {LAST_YEAR}"
        raise Invalid(f"‘{name}’: {reason}.", errors=[{"name": name, "reason": reason}])
    if is_day and end_of_day:
        moment += timedelta(days=1)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _if_match(value: str | None) -> int | None:
    if value is None:
        return None
    match = _ETAG.match(value.strip())
    if not match:
        reason = 'verwacht de versie als ETag, bijvoorbeeld "3"'
        raise Invalid(f"If-Match: {reason}.", errors=[{"name": "If-Match", "reason": reason}])
    return int(match.group(1))


def _public(view, settings, response: Response) -> VergaderingPublic:
    public = VergaderingPublic.build(view, settings.base_url, settings.tz)
    response.headers["ETag"] = f'"{public.versie}"'
    return public


@router.get(
    "",
    response_model=Page[VergaderingItem],
    operation_id="vergaderingen_lijst",
    summary="Vergaderingen",
    description=LIJST,
    response_description="Een pagina vergaderingen",
    responses=problems(400, 401, 422),
)
def list_vergaderingen(
    request: Request,
    response: Response,
    session: SessionDep,
    settings: SettingsDep,
    pages: PageDep,
    gemeente: Annotated[str | None, Query(description="CBS-code of slug: vergaderingen van haar organen")] = None,
    regeling: Annotated[str | None, Query(description="slug: vergaderingen van de organen van de regeling")] = None,
    orgaan: Annotated[str | None, Query(description="slug: vergaderingen van dit orgaan")] = None,
    van: Annotated[str | None, Query(description=VAN, examples=["2027-01-01"])] = None,
    tot: Annotated[str | None, Query(description=TOT, examples=["2027-12-31"])] = None,
    status: Annotated[Status | None, Query(description="alleen vergaderingen met deze status")] = None,
    gewijzigd_sinds: Annotated[str | None, Query(description=GEWIJZIGD_SINDS,
                                                 examples=["2027-01-20T10:15:00+01:00"])] = None,
) -> Page[VergaderingItem]:
    begin, end = _moment("van", van, settings.tz), _moment("tot", tot, settings.tz, end_of_day=True)
    if begin is not None and end is not None and end <= begin:
        reason = "moet na ‘van’ liggen"
        raise Invalid(f"‘tot’ {reason}.", errors=[{"name": "tot", "reason": reason}])
    filters = service.resolve_filter(session, gemeente=gemeente, regeling=regeling, orgaan=orgaan)
    views, total = service.page_meetings(
        session, **filters.query_args(), van=begin, tot=end, status=status,
        gewijzigd_sinds=_moment("gewijzigd_sinds", gewijzigd_sinds, settings.tz),
        limit=pages.limit, offset=pages.offset,
    )
    items = [vergadering_item(v, settings.base_url, settings.tz) for v in views]
    return paginate(request, response, settings, pages, items, total)


@router.post(
    "",
    status_code=201,
    response_model=VergaderingPublic,
    operation_id="vergadering_plannen",
    summary="Een vergadering plannen",
    description=PLANNEN,
    response_description="De geplande vergadering",
    dependencies=WRITE,
    responses=problems(401, 403, 422),
)
def create_vergadering(data: VergaderingCreate, response: Response, session: SessionDep, settings: SettingsDep,
                       actor: ActorDep) -> VergaderingPublic:
    public = _public(service.create_meeting(session, actor=actor, data=data), settings, response)
    response.headers["Location"] = public.api_url
    return public


@router.get(
    "/{id}",
    response_model=VergaderingPublic,
    operation_id="vergadering_ophalen",
    summary="Een vergadering",
    description="Een vergadering; de `ETag`-header is haar versie. Een verwijderde vergadering antwoordt met 410, "
                "met `deleted_at`.",
    response_description="De vergadering",
    responses=problems(401, 404, 410, 422),
)
def get_vergadering(id: MeetingId, response: Response, session: SessionDep,
                    settings: SettingsDep) -> VergaderingPublic:
    try:
        view = service.get_meeting(session, id)
    except NotFound:
        deleted_at = service.deleted_at(session, id)
        if deleted_at is None:
            raise
        when = deleted_at.astimezone(settings.tz)
        raise Gone(f"Vergadering {id} is verwijderd op {datumtijd(when, WHEN)}.", deleted_at=when) from None
    return _public(view, settings, response)


@router.patch(
    "/{id}",
    response_model=VergaderingPublic,
    operation_id="vergadering_wijzigen",
    summary="Een vergadering wijzigen",
    description=WIJZIGEN,
    response_description="De gewijzigde vergadering",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def update_vergadering(id: MeetingId, data: VergaderingPatch, response: Response, session: SessionDep,
                       settings: SettingsDep, actor: ActorDep, if_match: IfMatch = None) -> VergaderingPublic:
    header = _if_match(if_match)
    if data.versie is None and header is None:
        reason = "geef de versie die u het laatst zag, in het veld ‘versie’ of als If-Match-header"
        raise Invalid(f"versie: {reason}.", errors=[{"name": "versie", "reason": reason}])
    if data.versie is not None and header is not None and data.versie != header:
        reason = f"het veld ‘versie’ ({data.versie}) en If-Match ({header}) verschillen"
        raise Invalid(f"versie: {reason}.", errors=[{"name": "versie", "reason": reason}])
    change = VergaderingUpdate.model_validate({**data.model_dump(exclude_unset=True), "versie": data.versie or header})
    return _public(service.update_meeting(session, actor=actor, meeting_id=id, data=change), settings, response)


@router.delete(
    "/{id}",
    status_code=204,
    response_class=Response,
    operation_id="vergadering_verwijderen",
    summary="Een vergadering verwijderen",
    description=VERWIJDEREN,
    response_description="Verwijderd; daarna antwoordt GET met 410",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def delete_vergadering(id: MeetingId, session: SessionDep, actor: ActorDep, if_match: IfMatch = None) -> Response:
    service.delete_meeting(session, actor=actor, meeting_id=id, versie=_if_match(if_match))
    return Response(status_code=204)
