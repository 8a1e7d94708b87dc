"""JSON API for convocation requests: read for everyone; ask, support, withdraw and convene for whoever may.

Authorisation lives in the service; these routes parse, call it and shape the answer. Mail queued by a step goes
out after the response, once the transaction that queued it has been committed.
"""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Request, Response, Security
from fastapi.security import HTTPBearer

from app.accounts.authz import require_authenticated
from app.convocatie import service
from app.convocatie.schemas import (
    Bijeenroepen,
    ConvocatieregelsBody,
    ConvocatieregelsPublic,
    ConvocatieverzoekCreate,
    ConvocatieverzoekItem,
    ConvocatieverzoekPublic,
    Intrekken,
    SteunCreate,
)
from app.regelingen.service import get_regeling
from app.validation import MAX_ID, reject_nul
from app.web.deps import ActorDep, SessionDep, SettingsDep, deliver_mail_after_response, get_actor
from app.web.errors import problems

router = APIRouter(tags=["Convocatieverzoeken"], dependencies=[Depends(get_actor), Depends(reject_nul)])

bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")


def authenticated(actor: ActorDep) -> None:
    """Writes need someone behind them: 401 before the body is validated. Who may do what, the service says."""
    require_authenticated(actor)


WRITE = [Security(bearer), Depends(authenticated)]
VerzoekId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het verzoek")]


def _public(session, settings, verzoek) -> ConvocatieverzoekPublic:
    return ConvocatieverzoekPublic.build(service.verzoek_view(session, verzoek), settings.base_url, settings.tz)



@router.get("/regelingen/{slug}/convocatieverzoeken", response_model=list[ConvocatieverzoekItem],
            operation_id="convocatieverzoeken_lijst", summary="Convocatieverzoeken van een regeling",
            description="Alle verzoeken om een vergadering bijeen te roepen, nieuwste eerst.",
            responses=problems(401, 404, 422))
def lijst(slug: str, session: SessionDep, settings: SettingsDep) -> list[ConvocatieverzoekItem]:
    regeling = get_regeling(session, slug)
    rows = service.verzoeken(session, regeling)
    return [ConvocatieverzoekItem.build(r, settings.base_url, settings.tz) for r in rows]


@router.post("/regelingen/{slug}/convocatieverzoeken", status_code=201, response_model=ConvocatieverzoekPublic,
             operation_id="convocatieverzoek_indienen", summary="Een vergadering laten bijeenroepen",
             description=(
                 "Een griffier vraagt namens de raad (`namens_gemeente`: CBS-code of slug; `grondslag`: het "
                 "raadsbesluit of de motie) de voorzitter een vergadering bijeen te roepen, met agenda (één punt per "
                 "regel) en redenen. Bij een regeling waar leden van het algemeen bestuur verzoeken, doet een lid "
                 "dat zelf (zonder `namens_gemeente`). De eigen steun telt als eerste. Een griffier van een gemeente "
                 "die niet deelneemt krijgt 403."),
             dependencies=WRITE, responses=problems(401, 403, 404, 422))
def indienen(slug: str, data: ConvocatieverzoekCreate, request: Request, response: Response,
             background: BackgroundTasks, session: SessionDep, settings: SettingsDep,
             actor: ActorDep) -> ConvocatieverzoekPublic:
    verzoek = service.dien_in(session, actor=actor, slug=slug, agenda=data.agenda, toelichting=data.toelichting,
                              grondslag=data.grondslag, namens_gemeente=data.namens_gemeente)
    public = _public(session, settings, verzoek)
    response.headers["Location"] = public.api_url
    deliver_mail_after_response(background, request)
    return public


@router.get("/convocatieverzoeken/{id}", response_model=ConvocatieverzoekPublic,
            operation_id="convocatieverzoek_ophalen", summary="Een convocatieverzoek",
            description="Status (open, drempel_bereikt, bijeengeroepen, zelf_bijeengeroepen, ingetrokken), steun "
                        "met gewichten, drempel, termijn van de voorzitter, de vergadering en de tijdlijn.",
            responses=problems(401, 404, 422))
def ophalen(id: VerzoekId, session: SessionDep, settings: SettingsDep) -> ConvocatieverzoekPublic:
    return _public(session, settings, service.get_verzoek(session, id))


@router.post("/convocatieverzoeken/{id}/steun", status_code=201, response_model=ConvocatieverzoekPublic,
             operation_id="convocatieverzoek_steunen", summary="Een verzoek steunen",
             description="Steun namens een gemeente (griffier). Elke gemeente steunt één keer: een tweede keer is "
                         "409. Bereikt de steun de drempel, dan begint de termijn van de voorzitter.",
             dependencies=WRITE, responses=problems(401, 403, 404, 409, 422))
def steunen(id: VerzoekId, data: SteunCreate, request: Request, background: BackgroundTasks, session: SessionDep,
            settings: SettingsDep, actor: ActorDep) -> ConvocatieverzoekPublic:
    service.steun(session, actor=actor, verzoek_id=id, namens_gemeente=data.namens_gemeente, grondslag=data.grondslag)
    deliver_mail_after_response(background, request)
    return _public(session, settings, service.get_verzoek(session, id))


@router.delete("/convocatieverzoeken/{id}/steun/{gemeente_code}", response_model=ConvocatieverzoekPublic,
               operation_id="convocatieverzoek_steun_intrekken", summary="Steun intrekken",
               description="Trekt de steun van een gemeente in (CBS-code of slug; bij een verzoek van AB-leden: het "
                           "eigen persoonsnummer). Daalt de steun onder de drempel voordat er is bijeengeroepen, dan "
                           "is het verzoek weer open. Later opnieuw steunen mag.",
               dependencies=WRITE, responses=problems(401, 403, 404, 409, 422))
def steun_intrekken(id: VerzoekId, gemeente_code: str, session: SessionDep, settings: SettingsDep,
                    actor: ActorDep) -> ConvocatieverzoekPublic:
    verzoek = service.trek_steun_in(session, actor=actor, verzoek_id=id, sleutel=gemeente_code)
    return _public(session, settings, verzoek)


@router.post("/convocatieverzoeken/{id}/intrekken", response_model=ConvocatieverzoekPublic,
             operation_id="convocatieverzoek_intrekken", summary="Het verzoek intrekken",
             description="Wie het verzoek deed, trekt het in zolang er niet is bijeengeroepen.",
             dependencies=WRITE, responses=problems(401, 403, 404, 409, 422))
def intrekken(id: VerzoekId, session: SessionDep, settings: SettingsDep, actor: ActorDep,
              data: Intrekken | None = None) -> ConvocatieverzoekPublic:
    data = data or Intrekken()
    verzoek = service.trek_in(session, actor=actor, verzoek_id=id, versie=data.versie, toelichting=data.toelichting)
    return _public(session, settings, verzoek)


@router.post("/convocatieverzoeken/{id}/bijeenroepen", response_model=ConvocatieverzoekPublic,
             operation_id="convocatieverzoek_bijeenroepen", summary="De vergadering bijeenroepen",
             description=(
                 "De voorzitter (het secretariaat van de regeling) roept de vergadering bijeen, vóór of na de "
                 "termijn. Is de termijn verstreken zonder vergadering, dan kan een griffier van een gemeente die "
                 "het verzoek steunt dat zelf doen (status `zelf_bijeengeroepen`); eerder is dat 409, met de datum "
                 "waarop het wel kan. De vergadering van het algemeen bestuur krijgt de agenda van het verzoek en "
                 "staat daarmee in elke agendafeed; de convocatie gaat naar elke vertegenwoordiger, het bestuur en "
                 "de griffiers."),
             dependencies=WRITE, responses=problems(401, 403, 404, 409, 422))
def bijeenroepen(id: VerzoekId, data: Bijeenroepen, request: Request, background: BackgroundTasks,
                 session: SessionDep, settings: SettingsDep, actor: ActorDep) -> ConvocatieverzoekPublic:
    verzoek = service.roep_bijeen(session, actor=actor, verzoek_id=id, start=data.start, einde=data.einde,
                                  locatie=data.locatie, versie=data.versie)
    deliver_mail_after_response(background, request)
    return _public(session, settings, verzoek)


@router.get("/regelingen/{slug}/convocatieregels", response_model=ConvocatieregelsPublic,
            operation_id="convocatieregels_ophalen", summary="Convocatieregels van een regeling",
            responses=problems(401, 404, 422))
def regels(slug: str, session: SessionDep) -> ConvocatieregelsPublic:
    return ConvocatieregelsPublic.build(service.regels_van(get_regeling(session, slug)))


@router.put("/regelingen/{slug}/convocatieregels", response_model=ConvocatieregelsPublic,
            operation_id="convocatieregels_wijzigen", summary="Convocatieregels wijzigen",
            description="Alleen het secretariaat van de regeling. De regels gelden voor verzoeken die daarna worden "
                        "gedaan; lopende verzoeken houden de regels van toen.",
            dependencies=WRITE, responses=problems(401, 403, 404, 422))
def regels_wijzigen(slug: str, data: ConvocatieregelsBody, session: SessionDep,
                    actor: ActorDep) -> ConvocatieregelsPublic:
    _, nieuw = service.zet_regels(session, actor=actor, slug=slug, data=data.model_dump(mode="json"))
    return ConvocatieregelsPublic.build(nieuw)
