"""JSON API of the yearly accountability meeting: the list is public; planning and attendance need the right role."""

from datetime import date, datetime
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request, Response

from app.accounts.authz import require_authenticated
from app.validation import MAX_ID, reject_nul
from app.verantwoording import service
from app.verantwoording.schemas import (
    AanwezigheidPublic,
    AanwezigheidUpdate,
    BeschikbaarheidPublic,
    BijeenkomstCreate,
    BijeenkomstDetailPublic,
    BijeenkomstPublic,
)
from app.vergaderingen.api import WRITE, bearer
from app.web.deps import ActorDep, SessionDep, SettingsDep, deliver_mail_after_response, get_actor
from app.web.errors import problems
from app.web.urls import api_url

router = APIRouter(tags=["Verantwoording"], dependencies=[Depends(get_actor), Depends(reject_nul)])

BijeenkomstId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de verantwoordingsbijeenkomst")]
Code = Annotated[str, Path(max_length=80, description="CBS-gemeentecode (GM0355) of slug van de gemeente")]


@router.get(
    "/regelingen/{slug}/verantwoordingsbijeenkomsten",
    response_model=list[BijeenkomstPublic],
    operation_id="verantwoordingsbijeenkomsten_lijst",
    summary="De jaarlijkse verantwoordingsbijeenkomsten van een regeling",
    description="Per jaar de bijeenkomst waarop het bestuur verantwoording aflegt aan de leden van alle deelnemende "
                "raden, nieuwste eerst, met de vergadering en de aanwezigheid opgeteld over de raden.",
    responses=problems(404, 422),
)
def lijst(slug: str, session: SessionDep, settings: SettingsDep) -> list[BijeenkomstPublic]:
    o = service.overzicht(session, regeling=slug)
    return [BijeenkomstPublic.build(r, o.regeling, settings.base_url, settings.tz) for r in o.regels]


@router.get(
    "/regelingen/{slug}/verantwoordingsbijeenkomsten/beschikbaarheid",
    response_model=BeschikbaarheidPublic,
    operation_id="verantwoordingsbijeenkomst_beschikbaarheid",
    summary="Dagen waarop alle raden naar de verantwoordingsbijeenkomst kunnen",
    description="De werkdagen van `van` tot en met `tot` waarop geen deelnemende raad vergadert (raad of commissie) "
                "of reces heeft en die geen feestdag zijn, en voor de andere werkdagen per raad de reden. Voor de "
                "secretaris van de regeling en de griffiers van de deelnemers.",
    dependencies=[Depends(bearer)],
    responses=problems(401, 403, 404, 422),
)
def beschikbaarheid(slug: str, session: SessionDep, settings: SettingsDep, actor: ActorDep,
                    van: Annotated[date, Query(description="eerste dag")],
                    tot: Annotated[date, Query(description="laatste dag (hoogstens 400 dagen na `van`)")],
                    ) -> BeschikbaarheidPublic:
    require_authenticated(actor)
    planning = service.beschikbaar(session, actor=actor, regeling=slug, van=van, tot=tot, tz=settings.tz)
    return BeschikbaarheidPublic.build(planning)


@router.post(
    "/regelingen/{slug}/verantwoordingsbijeenkomsten",
    status_code=201,
    response_model=BijeenkomstDetailPublic,
    operation_id="verantwoordingsbijeenkomst_plannen",
    summary="De verantwoordingsbijeenkomst van een jaar vaststellen",
    description="Maakt de vergadering (van de radenbijeenkomst van de regeling; die wordt gemaakt als ze er niet "
                "is) op de gekozen dag en nodigt de griffiers en de raadsleden met een account van alle deelnemende "
                "raden en de abonnees per e-mail uit. Alleen voor de secretaris. Een tweede bijeenkomst over "
                "hetzelfde jaar, of een dag waarop een raad niet kan, geeft 409; een dag die geen werkdag is, in het "
                "verleden ligt of buiten `jaar` en het jaar erna valt, geeft 422. Het antwoord heeft een "
                "`Location`-header.",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def plannen(slug: str, body: BijeenkomstCreate, request: Request, response: Response, background: BackgroundTasks,
            session: SessionDep, settings: SettingsDep, actor: ActorDep) -> BijeenkomstDetailPublic:
    nu = datetime.now(settings.tz)
    uitkomst = service.plan(session, actor=actor, regeling=slug, jaar=body.jaar, datum=body.datum,
                            vandaag=nu.date(), tz=settings.tz, aanvang=body.aanvang,
                            duur_minuten=body.duur_minuten, locatie=body.locatie)
    deliver_mail_after_response(background, request)
    response.headers["Location"] = api_url(settings.base_url, "verantwoordingsbijeenkomsten", uitkomst.bijeenkomst.id)
    detail = service.detail(session, bijeenkomst_id=uitkomst.bijeenkomst.id, actor=actor, nu=nu)
    return BijeenkomstDetailPublic.build(detail, settings.base_url, settings.tz)


@router.get(
    "/verantwoordingsbijeenkomsten/{id}",
    response_model=BijeenkomstDetailPublic,
    operation_id="verantwoordingsbijeenkomst_ophalen",
    summary="Een verantwoordingsbijeenkomst",
    description="De vergadering, de agenda, per raad de uitnodigingen en de aanwezigheid, en de totalen.",
    responses=problems(404, 422),
)
def ophalen(id: BijeenkomstId, session: SessionDep, settings: SettingsDep,
            actor: ActorDep) -> BijeenkomstDetailPublic:
    detail = service.detail(session, bijeenkomst_id=id, actor=actor, nu=datetime.now(settings.tz))
    return BijeenkomstDetailPublic.build(detail, settings.base_url, settings.tz)


@router.put(
    "/verantwoordingsbijeenkomsten/{id}/aanwezigheid/{gemeente_code}",
    response_model=AanwezigheidPublic,
    operation_id="verantwoordingsbijeenkomst_aanwezigheid",
    summary="De aanwezigheid van één raad vastleggen",
    description="Hoeveel leden van de raad aanwezig waren (hoogstens het aantal zetels), vanaf het begin van de "
                "bijeenkomst. Voor de griffier van die gemeente en de secretaris van de regeling. Met `versie` (uit "
                "de GET) alleen als niemand het intussen anders vastlegde, anders 409.",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def aanwezigheid(id: BijeenkomstId, gemeente_code: Code, body: AanwezigheidUpdate, session: SessionDep,
                 settings: SettingsDep, actor: ActorDep) -> AanwezigheidPublic:
    nu = datetime.now(settings.tz)
    versie = body.versie if "versie" in body.model_fields_set else service.NIET_OPGEGEVEN
    service.registreer(session, actor=actor, bijeenkomst_id=id, gemeente=gemeente_code,
                       aanwezig=body.aanwezig, opmerking=body.opmerking, nu=nu, versie=versie)
    f = service.formulier(session, bijeenkomst_id=id, gemeente=gemeente_code, actor=actor, nu=nu)
    return AanwezigheidPublic.build(f.rij, settings.tz)
