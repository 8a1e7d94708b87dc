"""JSON API for weighted votes and a regeling's voting rules. Reading is open to everyone; recording a vote and
changing the rules is for the regeling's secretaris (the service decides)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, Security
from fastapi.security import HTTPBearer

from app.accounts.authz import require_authenticated
from app.regelingen import service as regelingen
from app.stemmingen import service
from app.stemmingen.schemas import StemmingCreate, StemmingPublic, StemregelsPublic, StemregelsUpdate
from app.validation import MAX_ID, reject_nul
from app.web.deps import ActorDep, SessionDep, SettingsDep, get_actor
from app.web.errors import problems

router = APIRouter(tags=["Stemmingen"], dependencies=[Depends(get_actor), Depends(reject_nul)])

bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")


def authenticated(actor: ActorDep) -> None:
    """Writes need someone behind them: 401 before the body is even validated."""
    require_authenticated(actor)


WRITE = [Security(bearer), Depends(authenticated)]
StemmingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de stemming")]

VASTLEGGEN = (
    "Legt een gehouden stemming vast van een orgaan van een regeling (een gezamenlijke raad, een algemeen "
    "bestuur). Alleen het secretariaat van de regeling mag dit. Leden die niet in `stemmen` staan, waren afwezig. "
    "De stemgewichten volgen uit de stemregels van de regeling en de lidmaatschappen op de dag van de stemming; "
    "ze worden bewaard zoals ze toen waren. Een stem van iemand die geen lid was: 422. Dezelfde stemming nog eens "
    "(zelfde orgaan, voorstel, onderwerp en tijdstip): 409."
)
REGELS = (
    "Vervangt de stemregels van de regeling (alleen het secretariaat). Wat u weglaat, krijgt de standaardwaarde. "
    "Geef `versie` mee zoals GET die gaf; zijn de regels intussen gewijzigd, dan 409. Het quorum stelt de regeling "
    "niet zelf: meer dan de helft van de leden moet aanwezig zijn (Gemeentewet art. 20, via Wgr art. 22)."
)


@router.post(
    "/stemmingen",
    status_code=201,
    response_model=StemmingPublic,
    operation_id="stemming_vastleggen",
    summary="Een stemming vastleggen",
    description=VASTLEGGEN,
    response_description="De vastgelegde stemming met de uitslag",
    dependencies=WRITE,
    responses=problems(401, 403, 409, 422),
)
def create_stemming(data: StemmingCreate, response: Response, session: SessionDep, settings: SettingsDep,
                    actor: ActorDep) -> StemmingPublic:
    public = StemmingPublic.build(service.leg_vast(session, actor=actor, data=data), settings.base_url, settings.tz)
    response.headers["Location"] = public.api_url
    return public


@router.get(
    "/stemmingen/{id}",
    response_model=StemmingPublic,
    operation_id="stemming_ophalen",
    summary="Een stemming",
    description="Een stemming met de uitslag per lid, per fractie en per gemeente; gewichten als exacte breuk en "
                "als percentage van het stemgewicht van alle leden.",
    response_description="De stemming",
    responses=problems(401, 404, 422),
)
def get_stemming(id: StemmingId, session: SessionDep, settings: SettingsDep) -> StemmingPublic:
    return StemmingPublic.build(service.stemming_detail(session, id), settings.base_url, settings.tz)


@router.get(
    "/regelingen/{slug}/stemregels",
    response_model=StemregelsPublic,
    operation_id="stemregels_ophalen",
    summary="De stemregels van een regeling",
    description="Hoe gewogen stemmen tellen in de organen van de regeling.",
    response_description="De stemregels",
    responses=problems(401, 404, 422),
)
def get_stemregels(slug: str, session: SessionDep, settings: SettingsDep) -> StemregelsPublic:
    regeling = regelingen.get_regeling(session, slug)
    regels = service.stemregels(regeling)
    return StemregelsPublic.build(regeling, regels, service.regels_versie(regels), settings.base_url)


@router.put(
    "/regelingen/{slug}/stemregels",
    response_model=StemregelsPublic,
    operation_id="stemregels_wijzigen",
    summary="De stemregels van een regeling wijzigen",
    description=REGELS,
    response_description="De nieuwe stemregels",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def put_stemregels(slug: str, data: StemregelsUpdate, session: SessionDep, settings: SettingsDep,
                   actor: ActorDep) -> StemregelsPublic:
    regeling = regelingen.get_regeling(session, slug)
    regels = service.wijzig_stemregels(session, actor=actor, regeling=regeling, regels=data.regels(),
                                       versie=data.versie)
    return StemregelsPublic.build(regeling, regels, service.regels_versie(regels), settings.base_url)
