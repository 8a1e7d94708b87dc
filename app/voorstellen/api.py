"""JSON API for the life of a voorstel: one endpoint per step, and the voorstel with its behandelingen, warnings and
timeline. Who may do what, the service says; these routes parse, call it and shape the answer."""

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Response, Security
from fastapi.security import HTTPBearer

from app.accounts.authz import require_authenticated
from app.validation import MAX_ID, reject_nul
from app.voorstellen import service
from app.voorstellen.schemas import (
    AdviesVastleggen,
    Antwoord,
    BesluitVastleggen,
    Correctie,
    Publiceren,
    UitkomstVastleggen,
    Verzenden,
    VoorstelCreate,
    VoorstelPublic,
)
from app.web.deps import ActorDep, SessionDep, SettingsDep, get_actor
from app.web.errors import problems

router = APIRouter(prefix="/voorstellen", tags=["Voorstellen"], dependencies=[Depends(get_actor), Depends(reject_nul)])

bearer = HTTPBearer(auto_error=False, scheme_name="persoonlijk-token",
                    description="Een persoonlijk API-token: `tussenruimte token create --email E`.")


def authenticated(actor: ActorDep) -> None:
    """Writes need someone behind them: 401 before the body is even validated."""
    require_authenticated(actor)


WRITE = [Security(bearer), Depends(authenticated)]
STAP = problems(401, 403, 404, 409, 422)

VoorstelId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het voorstel")]
BehandelingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de behandeling")]


def _public(session, settings, actor, voorstel_id: int) -> VoorstelPublic:
    return VoorstelPublic.build(service.detail(session, voorstel_id, actor=actor), settings.base_url, settings.tz)


@router.post("", status_code=201, response_model=VoorstelPublic, operation_id="voorstel_opstellen",
             summary="Een voorstel opstellen",
             description="Een nieuw voorstel van een regeling, als concept. Alleen de secretaris van de regeling. "
                         "Een tweede voorstel met dezelfde titel geeft 409.",
             dependencies=WRITE, responses=problems(401, 403, 409, 422))
def opstellen(data: VoorstelCreate, response: Response, session: SessionDep, settings: SettingsDep,
              actor: ActorDep) -> VoorstelPublic:
    voorstel = service.maak(session, actor=actor, regeling=data.regeling, titel=data.titel, soort=data.soort,
                            toelichting=data.toelichting,
                            documenten=[{"titel": d.titel, "url": str(d.url), "mime_type": d.mime_type}
                                        for d in data.documenten])
    public = _public(session, settings, actor, voorstel.id)
    response.headers["Location"] = public.api_url
    return public


@router.get("/{id}", response_model=VoorstelPublic, operation_id="voorstel_ophalen", summary="Een voorstel",
            description="Het voorstel met zijn fase, termijn en bron, de behandeling in elke raad (uitkomst, "
                        "zienswijze, antwoord), adviezen, waarschuwingen (zoals de Woo-termijn) en de tijdlijn. "
                        "Een concept ziet alleen de secretaris van de regeling (anderen krijgen 404).",
            responses=problems(404, 422))
def ophalen(id: VoorstelId, session: SessionDep, settings: SettingsDep, actor: ActorDep) -> VoorstelPublic:
    return _public(session, settings, actor, id)


@router.post("/{id}/verzenden", response_model=VoorstelPublic, operation_id="voorstel_verzenden",
             summary="Naar de raden sturen",
             description="Zet de zienswijzetermijn (uit de wet of de regeling, met bron) en maakt voor elke "
                         "deelnemende raad een behandeling. Alleen de secretaris.",
             dependencies=WRITE, responses=STAP)
def verzenden(id: VoorstelId, data: Verzenden, session: SessionDep, settings: SettingsDep,
              actor: ActorDep) -> VoorstelPublic:
    service.verstuur(session, actor=actor, voorstel_id=id, verzonden_op=data.verzonden_op, versie=data.versie,
                     ab_datum=data.ab_datum, uiterlijk=data.uiterlijk)
    return _public(session, settings, actor, id)


@router.post("/{id}/behandelingen/{behandeling_id}/uitkomst", response_model=VoorstelPublic,
             operation_id="behandeling_uitkomst", summary="De uitkomst in een raad vastleggen",
             description="Door de griffier van die gemeente, tot het algemeen bestuur besluit. Dezelfde versie "
                         "nog eens versturen geeft 409.",
             dependencies=WRITE, responses=STAP)
def uitkomst(id: VoorstelId, behandeling_id: BehandelingId, data: UitkomstVastleggen, session: SessionDep,
             settings: SettingsDep, actor: ActorDep) -> VoorstelPublic:
    service.leg_uitkomst_vast(session, actor=actor, voorstel_id=id, behandeling_id=behandeling_id,
                              uitkomst=data.uitkomst, tekst=data.tekst, besloten_op=data.besloten_op,
                              versie=data.versie)
    return _public(session, settings, actor, id)


@router.post("/{id}/behandelingen/{behandeling_id}/antwoord", response_model=VoorstelPublic,
             operation_id="zienswijze_beantwoorden", summary="Een zienswijze beantwoorden",
             description="Het schriftelijke, gemotiveerde antwoord van het dagelijks bestuur (Wgr art. 35 lid 4). "
                         "Alleen de secretaris; de griffier van de raad krijgt bericht.",
             dependencies=WRITE, responses=STAP)
def antwoord(id: VoorstelId, behandeling_id: BehandelingId, data: Antwoord, session: SessionDep,
             settings: SettingsDep, actor: ActorDep) -> VoorstelPublic:
    service.beantwoord(session, actor=actor, voorstel_id=id, behandeling_id=behandeling_id, antwoord=data.antwoord,
                       antwoord_op=data.antwoord_op, versie=data.versie)
    return _public(session, settings, actor, id)


@router.post("/{id}/advies", response_model=VoorstelPublic, operation_id="advies_vastleggen",
             summary="Het advies van een Raadstafel of carrousel",
             description="Door de secretaris of wie het adviesorgaan beheert. Het advies staat bij elke raad.",
             dependencies=WRITE, responses=STAP)
def advies(id: VoorstelId, data: AdviesVastleggen, session: SessionDep, settings: SettingsDep,
           actor: ActorDep) -> VoorstelPublic:
    service.geef_advies(session, actor=actor, voorstel_id=id, orgaan=data.orgaan, tekst=data.tekst,
                        besloten_op=data.besloten_op, versie=data.versie)
    return _public(session, settings, actor, id)


@router.post("/{id}/besluit", response_model=VoorstelPublic, operation_id="besluit_vastleggen",
             summary="Het besluit van het algemeen bestuur",
             description="Met de stemming (die over dit voorstel moet gaan en met het besluit moet overeenkomen). "
                         "Niet beantwoorde zienswijzen geven een waarschuwing, geen fout.",
             dependencies=WRITE, responses=STAP)
def besluit(id: VoorstelId, data: BesluitVastleggen, session: SessionDep, settings: SettingsDep,
            actor: ActorDep) -> VoorstelPublic:
    service.besluit(session, actor=actor, voorstel_id=id, besluit=data.besluit, besloten_op=data.besloten_op,
                    besluit_tekst=data.besluit_tekst, stemming_id=data.stemming_id, versie=data.versie)
    return _public(session, settings, actor, id)


@router.post("/{id}/publicatie", response_model=VoorstelPublic, operation_id="besluit_publiceren",
             summary="Het besluit publiceren",
             description="De vindplaats in het publicatieblad. Daarna verandert het besluit alleen door een correctie.",
             dependencies=WRITE, responses=STAP)
def publicatie(id: VoorstelId, data: Publiceren, session: SessionDep, settings: SettingsDep,
               actor: ActorDep) -> VoorstelPublic:
    service.publiceer(session, actor=actor, voorstel_id=id, publicatie=data.publicatie,
                      publicatie_url=str(data.publicatie_url) if data.publicatie_url else None,
                      gepubliceerd_op=data.gepubliceerd_op, versie=data.versie)
    return _public(session, settings, actor, id)


@router.post("/{id}/correcties", response_model=VoorstelPublic, operation_id="besluit_corrigeren",
             summary="Een gepubliceerd besluit corrigeren",
             description="Alleen na publicatie, met een reden; de tijdlijn toont de correctie.",
             dependencies=WRITE, responses=STAP)
def correctie(id: VoorstelId, data: Correctie, session: SessionDep, settings: SettingsDep,
              actor: ActorDep) -> VoorstelPublic:
    velden = data.velden.model_dump(exclude_unset=True)
    if "publicatie_url" in velden and velden["publicatie_url"] is not None:
        velden["publicatie_url"] = str(velden["publicatie_url"])
    service.corrigeer(session, actor=actor, voorstel_id=id, velden=velden, reden=data.reden, versie=data.versie)
    return _public(session, settings, actor, id)
