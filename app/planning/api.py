"""JSON API of the planner: the legal calendar is public; planning and accepting need the right role."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Path, Query, Request

from app.accounts.authz import require_authenticated
from app.planning import schemas, service
from app.validation import reject_nul
from app.vergaderingen.api import WRITE, bearer
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR
from app.web.deps import ActorDep, SessionDep, SettingsDep, deliver_mail_after_response, get_actor
from app.web.errors import problems
from app.web.urls import page_url

router = APIRouter(prefix="/regelingen/{slug}", tags=["Planning"],
                   dependencies=[Depends(get_actor), Depends(reject_nul)])

Jaar = Annotated[int, Path(ge=FIRST_YEAR, le=LAST_YEAR, description="kalenderjaar")]


@router.get(
    "/pc-kalender/{jaar}",
    response_model=schemas.PcKalender,
    operation_id="pc_kalender",
    summary="De planning-en-controlkalender van een regeling",
    description="De wettelijke mijlpalen van de P&C-cyclus in een kalenderjaar (kadernota, ontwerpbegroting, "
                "zienswijzen, vaststelling, inzending aan Gedeputeerde Staten, jaarrekening), elk met datum, "
                "omschrijving en bron. Termijnen die de regeling zelf stelt, hebben als bron ‘regeling’. "
                "Heeft het algemeen bestuur nog geen vergadering voor de begroting of jaarrekening, dan staat "
                "de uiterste datum die de wet toelaat erin.",
    responses=problems(404, 422),
)
def pc_kalender(slug: str, jaar: Jaar, session: SessionDep, settings: SettingsDep) -> schemas.PcKalender:
    return service.pc_kalender(session, regeling=slug, jaar=jaar, tz=settings.tz)


@router.get(
    "/gelijke-dag",
    response_model=schemas.GelijkeDagPlan,
    operation_id="gelijke_dag_plannen",
    summary="Dagen waarop alle raden een voorstel behandelen",
    description="Voor een voorstel van de regeling: de dagen tussen `van` (het voorstel gaat naar de raden) en "
                "`tot` waarop elke deelnemende raad het kan behandelen, de beste eerst (alle raden vergaderen al; "
                "dan zo min mogelijk extra vergaderingen), met per raad de reden. Is er geen dag, dan zegt "
                "`uitleg` per raad waarom. Voor de secretaris van de regeling en de griffiers van de deelnemers.",
    dependencies=[Depends(bearer)],
    responses=problems(401, 403, 404, 422),
)
def gelijke_dag(slug: str, session: SessionDep, settings: SettingsDep, actor: ActorDep,
                van: Annotated[date, Query(description="dag waarop het voorstel naar de raden gaat")],
                tot: Annotated[date, Query(description="laatste dag, bijvoorbeeld de zienswijzetermijn")],
                zonder: Annotated[list[str], Query(max_length=500, description="CBS-codes die niet meedoen")] = (),
                punten: Annotated[int, Query(ge=1, le=50, description="agendapunten die het voorstel vraagt")] = 1,
                ) -> schemas.GelijkeDagPlan:
    require_authenticated(actor)  # who asks comes before what is asked
    vraag = service.gelijke_dag_vraag(session, regeling=slug, van=van, tot=tot, zonder=list(zonder), punten=punten)
    service.require_plan(actor, vraag.deelnemers)
    plan, opname = service.plan_gelijke_dag(session, vraag, tz=settings.tz)
    return schemas.GelijkeDagPlan(**plan.as_dict(), vingerafdruk=opname.vingerafdruk)


@router.post(
    "/gelijke-dag/vaststellen",
    status_code=201,
    response_model=schemas.GelijkeDagVastgesteld,
    operation_id="gelijke_dag_vaststellen",
    summary="Een dag voor behandeling op dezelfde dag vaststellen",
    description="Zet het voorstel op de gekozen dag op de agenda van elke deelnemende raad: in de bestaande "
                "vergadering, of in een nieuwe extra raadsvergadering (status gepland). Alleen voor de secretaris "
                "van de regeling. Zijn de agenda's sinds het plan gewijzigd (andere `vingerafdruk`), dan volgt "
                "409 en verandert er niets. De griffiers krijgen een e-mail.",
    dependencies=WRITE,
    responses=problems(401, 403, 404, 409, 422),
)
def gelijke_dag_vaststellen(slug: str, body: schemas.GelijkeDagVaststellen, request: Request,
                            background: BackgroundTasks, session: SessionDep, settings: SettingsDep,
                            actor: ActorDep) -> schemas.GelijkeDagVastgesteld:
    vraag = service.gelijke_dag_vraag(session, regeling=slug, van=body.van, tot=body.tot, zonder=body.zonder,
                                      punten=body.punten)
    uitkomst = service.accepteer_gelijke_dag(
        session, actor=actor, vraag=vraag, datum=body.datum, vingerafdruk=body.vingerafdruk, tz=settings.tz,
        base_url=settings.base_url, voorstel_id=body.voorstel_id, titel=body.titel,
    )
    nieuw = uitkomst.nieuw
    deliver_mail_after_response(background, request)
    return schemas.GelijkeDagVastgesteld(
        voorstel_id=uitkomst.voorstel.id, datum=uitkomst.datum, extra_vergaderingen=uitkomst.extra,
        berichten=uitkomst.berichten,
        vergaderingen=[
            schemas.VastgesteldeVergaderingItem(
                id=m.vergadering.id, titel=m.titel, eigenaren=m.eigenaren, nieuw=m.vergadering.id in nieuw,
                url=page_url(settings.base_url, "vergaderingen", m.vergadering.id),
            )
            for m in uitkomst.vergaderingen
        ],
    )


@router.get(
    "/pc-plan/{jaar}",
    response_model=schemas.PcPlan,
    operation_id="pc_plannen",
    summary="De P&C-cyclus van een jaar plannen",
    description="Kiest de AB-vergadering die de begroting vaststelt, de dag waarop het DB de ontwerpbegroting "
                "verstuurt en per raad de vergadering voor de zienswijze, zo dat elke wettelijke termijn gehaald "
                "wordt; waar dat niet in een gewone vergadering kan: welke raad een extra vergadering nodig heeft, "
                "wanneer en waarom. Voor de secretaris en de griffiers van de deelnemers.",
    dependencies=[Depends(bearer)],
    responses=problems(401, 403, 404, 422),
)
def pc_plan(slug: str, jaar: Jaar, session: SessionDep, settings: SettingsDep, actor: ActorDep) -> schemas.PcPlan:
    service.require_plan(actor, service.deelnemers(session, slug))
    rp = service.pc_regelingplan(session, regeling=slug, jaar=jaar, tz=settings.tz)
    return schemas.PcPlan(regeling=slug, jaar=jaar, plan=rp.plan.as_dict(), vingerafdruk=rp.vingerafdruk)


def _jaarplan(rp, slug: str, jaar: int) -> schemas.JaarPlan:
    return schemas.JaarPlan(regeling=slug, jaar=jaar, plan=rp.plan.as_dict(), overgeslagen=rp.overgeslagen,
                            vingerafdruk=rp.vingerafdruk)


def _vastgesteld(uitkomst, settings) -> schemas.JaarPlanVastgesteld:
    return schemas.JaarPlanVastgesteld(
        nieuwe_vergaderingen=len(uitkomst.nieuw), behandelingen=uitkomst.behandelingen, berichten=uitkomst.berichten,
        vergaderingen=[
            schemas.VastgesteldeVergaderingItem(
                id=m.vergadering.id, titel=m.titel, eigenaren=m.eigenaren, nieuw=m.vergadering.id in uitkomst.nieuw,
                url=page_url(settings.base_url, "vergaderingen", m.vergadering.id),
            )
            for m in uitkomst.vergaderingen
        ],
    )


MODELLEN = {
    "pc-plan": ("P&C-cyclus", service.pc_regelingplan, service.accepteer_pc, ""),
    "raadstafel": ("Raadstafel", service.plan_raadstafel, service.accepteer_raadstafel,
                   "De vergaderingen van de Raadstafel in een jaar, zo dat elk regionaal stuk advies krijgt vóór de "
                   "eerste commissieronde erover in een raad, op avonden waarop de raden van de leden niet "
                   "vergaderen."),
    "carrousel": ("carrouseldagen", service.plan_carrousel, service.accepteer_carrousel,
                  "De maandelijkse carrouseldagen van een jaar als één programma (themabijeenkomst, fractieoverleg, "
                  "carrousels naast elkaar, gezamenlijke raad), buiten reces, feestdagen en raadsvergaderingen van "
                  "de deelnemers, met de route van elk voorstel: advies in de carrousel van zijn domein, besluit in "
                  "de gezamenlijke raad dezelfde of de volgende maand."),
}


def _routes(model: str, naam: str, plan, accepteer, beschrijving: str) -> None:
    if beschrijving:
        _get(model, naam, plan, beschrijving)

    @router.post(f"/{model}/{{jaar}}/vaststellen", status_code=201, response_model=schemas.JaarPlanVastgesteld,
                 operation_id=f"{model.replace('-', '_')}_vaststellen", summary=f"Het plan voor de {naam} vaststellen",
                 description="Maakt de vergaderingen van het plan (status gepland) met hun agendapunten en "
                             "behandelingen; bestaande vergaderingen van dezelfde dag worden gebruikt. Alleen voor de "
                             "secretaris. Een plan op verouderde agenda's (andere `vingerafdruk`) geeft 409.",
                 dependencies=WRITE, responses=problems(401, 403, 404, 409, 422))
    def vaststellen(slug: str, jaar: Jaar, body: schemas.JaarPlanVaststellen, request: Request,
                    background: BackgroundTasks, session: SessionDep, settings: SettingsDep,
                    actor: ActorDep) -> schemas.JaarPlanVastgesteld:
        uitkomst = accepteer(session, actor=actor, regeling=slug, jaar=jaar, vingerafdruk=body.vingerafdruk,
                             tz=settings.tz, base_url=settings.base_url)
        deliver_mail_after_response(background, request)
        return _vastgesteld(uitkomst, settings)


def _get(model: str, naam: str, plan, beschrijving: str) -> None:
    @router.get(f"/{model}/{{jaar}}", response_model=schemas.JaarPlan, operation_id=f"{model}_plannen",
                summary=f"De {naam} van een jaar plannen", description=beschrijving, dependencies=[Depends(bearer)],
                responses=problems(401, 403, 404, 422))
    def get_plan(slug: str, jaar: Jaar, session: SessionDep, settings: SettingsDep,
                 actor: ActorDep) -> schemas.JaarPlan:
        service.require_plan(actor, service.deelnemers(session, slug))
        return _jaarplan(plan(session, regeling=slug, jaar=jaar, tz=settings.tz), slug, jaar)


for _model, _args in MODELLEN.items():
    _routes(_model, *_args)
