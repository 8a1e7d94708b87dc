"""JSON API for meetings: read for everyone, plan and change for whoever manages every body that meets.

Authorisation lives in the service; these routes only parse, call it and shape the answer.
"""

import re
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Request, Response, Security
from fastapi.security import HTTPBearer

from app.errors import DomainError, Invalid, NotFound
from app.gemeenten import service as gemeenten
from app.organen import service as organen
from app.regelingen import service as regelingen
from app.vergaderingen import service
from app.vergaderingen.models import Status
from app.vergaderingen.schemas import VergaderingCreate, VergaderingPatch, VergaderingPublic, VergaderingUpdate
from app.web.deps import ActorDep, SessionDep, SettingsDep, get_actor
from app.web.pagination import Page, PageDep, paginate, problems

router = APIRouter(prefix="/vergaderingen", tags=["Vergaderingen"], dependencies=[Depends(get_actor)])

# Documents the token in OpenAPI; get_actor does the checking.
bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")
WRITE = [Security(bearer)]

MeetingId = Annotated[int, Path(description="het nummer van de vergadering")]
IfMatch = Annotated[str | None, Header(alias="If-Match", description='de versie als ETag, bijvoorbeeld "3"')]
_ETAG = re.compile(r'^"(\d+)"$')

VAN = "vergaderingen die op of na dit moment eindigen: een datum (2027-01-26) of een tijd met offset"
TOT = "vergaderingen die vóór dit moment beginnen: een tijd met offset, of een datum (tot en met die dag)"
LIJST = ("Vergaderingen op begintijd, per pagina. Geannuleerde vergaderingen staan erin met status ‘geannuleerd’; "
         "verwijderde niet.")
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
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            day = date.fromisoformat(text) + (timedelta(days=1) if end_of_day else timedelta())
            return datetime.combine(day, time(), tz)
        moment = datetime.fromisoformat(text)
    except ValueError:
        reason = "geen geldige datum of tijd; gebruik bijvoorbeeld 2027-01-26 of 2027-01-26T19:30:00+01:00"
        raise Invalid(f"‘{name}’ is {reason} (ontvangen: ‘{value}’).",
                      errors=[{"name": name, "reason": reason}]) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=tz)


def _known(name: str, lookup, session, key: str | None) -> int | None:
    """The id behind a filter value; an unknown value is a bad request that names the parameter."""
    if key is None:
        return None
    try:
        return lookup(session, key).id
    except NotFound:
        reason = f"onbekende waarde ‘{key}’"
        raise DomainError(f"Filter ‘{name}’: {reason}.", errors=[{"name": name, "reason": reason}]) from None


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
    response_model=Page[VergaderingPublic],
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
) -> Page[VergaderingPublic]:
    begin, end = _moment("van", van, settings.tz), _moment("tot", tot, settings.tz, end_of_day=True)
    if begin is not None and end is not None and end <= begin:
        reason = "moet na ‘van’ liggen"
        raise Invalid(f"‘tot’ {reason}.", errors=[{"name": "tot", "reason": reason}])
    orgaan_id = _known("orgaan", organen.get_orgaan, session, orgaan)
    views, total = service.page_meetings(
        session,
        gemeente_id=_known("gemeente", gemeenten.get_gemeente, session, gemeente),
        regeling_id=_known("regeling", regelingen.get_regeling, session, regeling),
        orgaan_ids=None if orgaan_id is None else [orgaan_id],
        van=begin, tot=end, status=status, limit=pages.limit, offset=pages.offset,
    )
    items = [VergaderingPublic.build(v, settings.base_url, settings.tz) for v in views]
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
    description="Een vergadering; de `ETag`-header is haar versie.",
    response_description="De vergadering",
    responses=problems(401, 404, 422),
)
def get_vergadering(id: MeetingId, response: Response, session: SessionDep,
                    settings: SettingsDep) -> VergaderingPublic:
    return _public(service.get_meeting(session, id), settings, response)


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
    response_description="Verwijderd; daarna antwoordt GET met 404",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def delete_vergadering(id: MeetingId, session: SessionDep, actor: ActorDep, if_match: IfMatch = None) -> Response:
    service.delete_meeting(session, actor=actor, meeting_id=id, versie=_if_match(if_match))
    return Response(status_code=204)
