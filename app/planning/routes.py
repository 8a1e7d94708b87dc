"""The planning wizards: per synchronisation model a page that asks the question, shows the plan with its
reasons, and lets the regeling's secretaris accept it.

Pages: /regelingen/{slug}/plannen (the models this regeling can use, and its voorstellen), the same-day wizard
(.../gelijke-dag: question, candidates; .../gelijke-dag/vaststellen: accept), the year plans of the P&C round
(.../pc), the Raadstafel (.../raadstafel) and the carrousel days (.../carrousel), each with .../vaststellen and a
result page .../vastgesteld, and a voorstel's meetings in the councils (.../voorstellen/{id}).

Every step works without JavaScript: the question is a GET form, so a plan is a bookmarkable URL; accepting is
a POST (with the CSRF token) followed by a 303 to the result. htmx only refreshes the question form when another
voorstel is chosen. Who may plan or accept is decided by app.planning.service.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from app.errors import Conflict, Invalid, NotFound
from app.feeds.announce import feed_for
from app.organen.models import Orgaan, Soort
from app.planning import service
from app.planning.carrousel import MAANDNAMEN
from app.planning.service import Deelnemers
from app.regelingen import service as regelingen
from app.regelingen.models import Regeling
from app.validation import MAX_ID, datum_uit_formulier, reject_nul
from app.vergaderingen.routes import to_login
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR
from app.voorstellen.models import Voorstel
from app.web.deps import ActorDep, SessionDep, deliver_mail_after_response
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

VoorstelId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het voorstel")]

# The planner's statuses in the words a griffier uses, and the badge that goes with each.
STATUS_WOORDEN = {
    "bestaande_vergadering": "vergadert al",
    "extra_vergadering": "extra vergadering nodig",
    "geblokkeerd": "kan niet",
}
STATUS_BADGE = {"bestaande_vergadering": "success", "extra_vergadering": "warning", "geblokkeerd": "danger"}
PC_VORMEN = service.PC_VORMEN
OPEN_KANDIDATEN = 5  # candidates shown in full; the others wait behind a <details>

MAX_TITEL, MAX_VELD, MAX_ZONDER = 300, 40, 100
_GETAL = re.compile(r"^[0-9]{1,6}$")  # ASCII digits: str.isdigit() also takes '²', which int() refuses
_VINGERAFDRUK = re.compile(r"^[0-9a-f]{1,64}$")


# --- the models a regeling can use -----------------------------------------------------------------------


@dataclass(frozen=True)
class Model:
    sleutel: str
    naam: str
    uitleg: str
    url: str | None  # None: the wizard is not there yet


def modellen(regeling: Regeling, organen: Sequence[Orgaan]) -> list[Model]:
    """Same-day always; P&C for the forms with a budget; Raadstafel and carrousel when the regeling has such bodies."""
    basis = f"/regelingen/{regeling.slug}/plannen"
    soorten = {o.soort for o in organen}
    uit = [
        Model(
            "gelijke_dag",
            "Behandeling op dezelfde dag",
            "Zoek de dag waarop alle deelnemende raden een voorstel behandelen, met per raad de reden "
            "waarom een dag wel of niet kan.",
            f"{basis}/gelijke-dag",
        )
    ]
    if regeling.vorm in PC_VORMEN:
        uit.append(
            Model(
                "pc",
                "Planning-en-controlcyclus",
                "Kadernota, ontwerpbegroting, zienswijzen van de raden en vaststelling door het algemeen "
                "bestuur, binnen de termijnen van de Wgr.",
                f"{basis}/pc",
            )
        )
    if Soort.adviescommissie in soorten:
        uit.append(
            Model(
                "raadstafel",
                "Raadstafel",
                "Vergaderingen van de adviescommissie, zodat haar advies er ligt vóór de eerste "
                "commissieronde in de raden.",
                f"{basis}/raadstafel",
            )
        )
    if Soort.carrousel in soorten:
        uit.append(
            Model(
                "carrousel",
                "Carrouseldagen",
                "De maandelijkse gezamenlijke dag met themabijeenkomst, carrousels en de gezamenlijke raad.",
                f"{basis}/carrousel",
            )
        )
    return uit


@router.get("/regelingen/{slug}/plannen")
def plannen(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    r = d.regeling
    organen = regelingen.regeling_detail(session, r).organen
    return render(
        request,
        "planning/plannen.html",
        {
            "title": f"Plannen voor {r.naam}",
            "kruimelpad": _kruimelpad(r, ("Plannen", f"/regelingen/{r.slug}/plannen")),
            "demo": r.demo,
            "r": r,
            "d": d,
            "modellen": modellen(r, organen),
            "voorstellen": service.voorstellen(session, r),
            "mag_vaststellen": service.may_accept(actor, d),
        },
    )


def _kruimelpad(r: Regeling, *rest: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", "/"), ("Regelingen", "/regelingen"), (r.naam, f"/regelingen/{r.slug}"), *rest]


# --- same-day: the question ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Vraag:
    """The same-day question as typed (strings), so a wrong value comes back to the user in the form."""

    voorstel: str = ""  # "" is a new voorstel (with ``titel``), else the id of an existing one
    titel: str = ""
    van: str = ""
    tot: str = ""
    zonder: tuple[str, ...] = ()
    punten: str = "1"

    @classmethod
    def uit(cls, waarden) -> "Vraag":
        """From query parameters or form data (a multi-dict); over-long values are cut, the checks come later."""
        zonder = tuple(dict.fromkeys(z.strip().upper()[:MAX_VELD] for z in waarden.getlist("zonder") if z.strip()))
        return cls(
            voorstel=_kort(waarden.get("voorstel")),
            titel=(waarden.get("titel") or "").strip()[: MAX_TITEL + 1],
            van=_kort(waarden.get("van")),
            tot=_kort(waarden.get("tot")),
            zonder=zonder[: MAX_ZONDER + 1],
            punten=_kort(waarden.get("punten")) or "1",
        )

    def velden(self) -> list[tuple[str, str]]:
        paren = [("voorstel", self.voorstel)]
        if not self.voorstel:
            paren.append(("titel", self.titel))
        paren += [("van", self.van), ("tot", self.tot), *(("zonder", z) for z in self.zonder), ("punten", self.punten)]
        return paren

    def query(self, **extra: str) -> str:
        return urlencode([*self.velden(), *extra.items()])


def _kort(waarde: str | None) -> str:
    return (waarde or "").strip()[:MAX_VELD]


@dataclass
class Ontleed:
    """The question parsed: values for the service, and the errors per field (in the order of the form)."""

    voorstel: Voorstel | None = None
    van: date | None = None
    tot: date | None = None
    punten: int = 1
    fouten: dict[str, str] = field(default_factory=dict)


VRAAG_VELDEN = ("voorstel", "titel", "van", "tot", "zonder", "punten", "algemeen")


def _datum(waarde: str) -> date | None:
    d = datum_uit_formulier(waarde)
    return d if d is not None and FIRST_YEAR <= d.year <= LAST_YEAR else None


def ontleed(vraag: Vraag, voorstellen: Sequence[Voorstel], d: Deelnemers) -> Ontleed:
    uit = Ontleed()
    fouten: dict[str, str] = {}
    if vraag.voorstel:
        uit.voorstel = _kies(voorstellen, vraag.voorstel)
        if uit.voorstel is None:
            fouten["voorstel"] = "Kies een voorstel uit de lijst, of ‘Nieuw voorstel’."
    elif not vraag.titel:
        fouten["titel"] = "Geef het nieuwe voorstel een titel, of kies een bestaand voorstel."
    elif len(vraag.titel) > MAX_TITEL:
        fouten["titel"] = f"De titel mag hoogstens {MAX_TITEL} tekens lang zijn."
    for naam, label in (("van", "begindatum"), ("tot", "einddatum")):
        waarde = getattr(vraag, naam)
        if not waarde:
            fouten[naam] = f"Vul de {label} in, bijvoorbeeld 01-03-2027."
            continue
        dag = _datum(waarde)
        if dag is None:
            fouten[naam] = f"Vul als {label} een bestaande datum in, bijvoorbeeld 01-03-2027."
        setattr(uit, naam, dag)
    if uit.van and uit.tot and uit.tot < uit.van:
        fouten["tot"] = "De einddatum ligt vóór de begindatum."
    elif uit.van and uit.tot and (uit.tot - uit.van).days > service.MAX_VENSTER_DAGEN:
        fouten["tot"] = f"Kies een periode van hoogstens {service.MAX_VENSTER_DAGEN} dagen."
    codes = {g.code for g in d.gemeenten}
    onbekend = [z for z in vraag.zonder if z not in codes]
    if len(vraag.zonder) > MAX_ZONDER or onbekend:
        fouten["zonder"] = "Kies alleen gemeenten uit de lijst van deelnemers."
    elif codes and set(vraag.zonder) >= codes:
        fouten["zonder"] = "Er moet ten minste één gemeente meedoen."
    if not _GETAL.match(vraag.punten) or not 1 <= int(vraag.punten) <= 50:
        fouten["punten"] = "Vul een aantal agendapunten in van 1 tot en met 50."
    else:
        uit.punten = int(vraag.punten)
    uit.fouten = {veld: fouten[veld] for veld in VRAAG_VELDEN if veld in fouten}
    return uit


def _kies(voorstellen: Sequence[Voorstel], waarde: str) -> Voorstel | None:
    if not _GETAL.match(waarde):
        return None
    return next((v for v in voorstellen if v.id == int(waarde)), None)


def _veld_van(fout: Invalid) -> str:
    """Which form field a refusal of the service is about (the route's own checks catch most before)."""
    tekst = fout.detail
    if "titel" in tekst:
        return "titel"
    if "deelnemer" in tekst or "niets te plannen" in tekst:
        return "zonder"
    if "agendapunten" in tekst:
        return "punten"
    if "periode" in tekst or "einddatum" in tekst:
        return "tot"
    return "algemeen"


def _vraag_pagina(
    request: Request,
    d: Deelnemers,
    vraag: Vraag,
    voorstellen: Sequence[Voorstel],
    *,
    fouten: dict[str, str] | None = None,
    overgenomen: Voorstel | None = None,
    status_code: int = 200,
) -> Response:
    r = d.regeling
    basis = f"/regelingen/{r.slug}/plannen"
    return render(
        request,
        "planning/plannen_gelijke_dag_vraag.html",
        {
            "title": "Behandeling op dezelfde dag plannen",
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), ("Dezelfde dag", f"{basis}/gelijke-dag")),
            "demo": r.demo,
            "r": r,
            "d": d,
            "vraag": vraag,
            "voorstellen": voorstellen,
            "fouten": fouten or {},
            "overgenomen": overgenomen,
            "actie": f"{basis}/gelijke-dag",
        },
        block="vraag",
        status_code=status_code,
    )


def _overnemen(session: Session, vraag: Vraag, voorstel: Voorstel) -> Vraag:
    """The question prefilled from a voorstel: its window and its opt-outs."""
    return replace(
        vraag,
        voorstel=str(voorstel.id),
        titel="",
        van=voorstel.beschikbaar.isoformat() if voorstel.beschikbaar else "",
        tot=voorstel.uiterlijk.isoformat() if voorstel.uiterlijk else "",
        zonder=tuple(sorted(service.afmeldingen(session, voorstel))),
    )


# --- same-day: the plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Groep:
    """Councils with the same verdict on one date: one line in the table of dates considered."""

    status: str
    reden: str
    namen: list[str]


def per_reden(gemeenten) -> list[Groep]:
    """A date's verdicts grouped by reason, blocked first, so a date with 16 councils is a few lines."""
    groepen: dict[tuple[str, str], list[str]] = {}
    for o in gemeenten:
        groepen.setdefault((o.status, o.reden), []).append(o.naam)
    volgorde = list(STATUS_WOORDEN)[::-1]  # geblokkeerd, extra, bestaand
    return [
        Groep(s, reden, namen)
        for (s, reden), namen in sorted(groepen.items(), key=lambda kv: (volgorde.index(kv[0][0]), kv[0][1]))
    ]


@router.get("/regelingen/{slug}/plannen/gelijke-dag")
def gelijke_dag(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    """Without a question: the form (prefilled from ``?voorstel=``). With one: the plan, best date first."""
    if not actor.authenticated:
        return to_login(request)
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    params = request.query_params
    vraag = Vraag.uit(params)
    voorstellen = service.voorstellen(session, d.regeling)
    gekozen = _kies(voorstellen, vraag.voorstel)
    ander_voorstel = "vorige" in params and params["vorige"] != vraag.voorstel
    if ander_voorstel or ("van" not in params and "tot" not in params):
        # A fresh start, or another voorstel chosen in the form: take over that voorstel's window and opt-outs.
        if gekozen is not None:
            vraag = _overnemen(session, vraag, gekozen)
        return _vraag_pagina(request, d, vraag, voorstellen, overgenomen=gekozen if ander_voorstel else None)
    if params.get("stap") == "vraag":  # "Vraag aanpassen": the form with the question as it was
        return _vraag_pagina(request, d, vraag, voorstellen)
    ontleed_ = ontleed(vraag, voorstellen, d)
    if ontleed_.fouten:
        return _vraag_pagina(request, d, vraag, voorstellen, fouten=ontleed_.fouten, status_code=422)
    try:
        gevraagd = service.gelijke_dag_vraag(
            session, regeling=slug, van=ontleed_.van, tot=ontleed_.tot, zonder=vraag.zonder, punten=ontleed_.punten
        )
    except Invalid as exc:
        return _vraag_pagina(request, d, vraag, voorstellen, fouten={_veld_van(exc): exc.detail}, status_code=422)
    plan, opname = service.plan_gelijke_dag(session, gevraagd, tz=request.app.state.settings.tz)
    # A voorstel already on the councils' agendas cannot be accepted again: say so instead of offering it.
    gepland = len(service.behandelingen(session, d, ontleed_.voorstel.id)[1]) if ontleed_.voorstel else 0
    return _plan_pagina(
        request, d, vraag, ontleed_, plan, opname.vingerafdruk, mag=service.may_accept(actor, d), gepland=gepland
    )


def _plan_pagina(
    request: Request,
    d: Deelnemers,
    vraag: Vraag,
    ontleed_: Ontleed,
    plan,
    vingerafdruk: str,
    *,
    mag: bool,
    gepland: int,
) -> Response:
    r = d.regeling
    basis = f"/regelingen/{r.slug}/plannen"
    mee = [g for g in d.gemeenten if g.code not in vraag.zonder]
    return render(
        request,
        "planning/plannen_gelijke_dag.html",
        {
            "title": "Kies de dag van behandeling",
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), ("Dezelfde dag", f"{basis}/gelijke-dag?{vraag.query()}")),
            "demo": r.demo,
            "r": r,
            "d": d,
            "vraag": vraag,
            "voorstel": ontleed_.voorstel,
            "plan": plan,
            "van": ontleed_.van,
            "tot": ontleed_.tot,
            "punten": ontleed_.punten,
            "mee": mee,
            "zonder": [g for g in d.gemeenten if g.code in vraag.zonder],
            "vingerafdruk": vingerafdruk,
            "mag_vaststellen": mag and not gepland,
            "gepland": gepland,
            "aanpassen": f"{basis}/gelijke-dag?{vraag.query(stap='vraag', vorige=vraag.voorstel)}",
            "actie": f"{basis}/gelijke-dag/vaststellen",
            "open_kandidaten": OPEN_KANDIDATEN,
            "status_woorden": STATUS_WOORDEN,
            "status_badge": STATUS_BADGE,
            "per_reden": per_reden,
        },
    )


# --- same-day: accepting ---------------------------------------------------------------------------------


class Vaststelling(BaseModel):
    """The accept form: the question again, the chosen date and the fingerprint of the snapshot it was made on."""

    model_config = ConfigDict(extra="ignore")

    voorstel: str = ""
    titel: str = ""
    van: str = ""
    tot: str = ""
    zonder: list[str] = []
    punten: str = "1"
    datum: str = ""
    vingerafdruk: str = ""


class _Velden:
    """A Vaststelling read like the query parameters (``get`` and ``getlist``), so Vraag.uit takes both."""

    def __init__(self, form: Vaststelling):
        self.form = form

    def get(self, naam: str, default=None):
        return getattr(self.form, naam, default)

    def getlist(self, naam: str) -> list[str]:
        return list(getattr(self.form, naam, []))


# Session key: the questions this browser session accepted (a short hash → the result page), so that pressing
# "Vaststellen" twice, or again after going back to a plan page, is recognised instead of planning a second voorstel.
VASTGESTELD = "vastgesteld"
ONTHOUDEN = 5  # the session is a signed cookie: keep it small


def _sleutel(slug: str, vraag: Vraag) -> str:
    return hashlib.sha256(f"{slug}?{vraag.query()}".encode()).hexdigest()[:16]


@router.post("/regelingen/{slug}/plannen/gelijke-dag/vaststellen")
def gelijke_dag_vaststellen(
    request: Request,
    slug: str,
    session: SessionDep,
    actor: ActorDep,
    background: BackgroundTasks,
    form: Annotated[Vaststelling, Form()],
):
    vraag = Vraag.uit(_Velden(form))
    basis = f"/regelingen/{slug}/plannen/gelijke-dag"
    if not actor.authenticated:
        return to_login(request, f"{basis}?{vraag.query()}")
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    vorige = request.session.get(VASTGESTELD) or {}
    sleutel = _sleutel(d.regeling.slug, vraag)
    if sleutel in vorige.get("vragen", {}):
        return _conflict_pagina(request, d, vraag, al_vastgesteld=vorige["vragen"][sleutel])
    voorstellen = service.voorstellen(session, d.regeling)
    ontleed_ = ontleed(vraag, voorstellen, d)
    datum = _datum(form.datum.strip())
    if datum is None or not _VINGERAFDRUK.match(form.vingerafdruk):
        ontleed_.fouten["algemeen"] = "Het formulier is onvolledig. Zoek de dagen opnieuw en kies dan een dag."
    if ontleed_.fouten:
        return _vraag_pagina(request, d, vraag, voorstellen, fouten=ontleed_.fouten, status_code=422)
    tz = request.app.state.settings.tz
    naam, regeling_slug = d.regeling.naam, d.regeling.slug  # read before a rollback expires the row
    try:
        gevraagd = service.gelijke_dag_vraag(
            session, regeling=slug, van=ontleed_.van, tot=ontleed_.tot, zonder=vraag.zonder, punten=ontleed_.punten
        )
        uitkomst = service.accepteer_gelijke_dag(
            session,
            actor=actor,
            vraag=gevraagd,
            datum=datum,
            vingerafdruk=form.vingerafdruk,
            tz=tz,
            base_url=request.app.state.settings.base_url,
            voorstel_id=ontleed_.voorstel.id if ontleed_.voorstel else None,
            titel=None if ontleed_.voorstel else vraag.titel,
        )
    except Conflict as exc:
        session.rollback()  # the page below is a normal answer: nothing the service wrote may be committed
        return _conflict_pagina(request, d, vraag, melding=exc.detail)
    except Invalid as exc:
        session.rollback()
        return _vraag_pagina(request, d, vraag, voorstellen, fouten={_veld_van(exc): exc.detail}, status_code=422)
    url = f"/regelingen/{regeling_slug}/plannen/voorstellen/{uitkomst.voorstel.id}"
    vragen = {**vorige.get("vragen", {}), sleutel: url}
    request.session[VASTGESTELD] = {
        "vragen": dict(list(vragen.items())[-ONTHOUDEN:]),
        "voorstel": uitkomst.voorstel.id,
        "nieuw": sorted(uitkomst.nieuw),  # marked "nieuw" on the result page
    }
    extra = {0: "", 1: " Er is 1 extra raadsvergadering gepland."}.get(
        uitkomst.extra, f" Er zijn {uitkomst.extra} extra raadsvergaderingen gepland."
    )
    request.session["melding"] = (
        f"‘{uitkomst.voorstel.titel}’ staat op de agenda van {len(uitkomst.vergaderingen)} raden van {naam}.{extra} "
        f"De griffiers krijgen een e-mail ({uitkomst.berichten} ontvangers)."
    )
    # The outbox goes out after the response, when the transaction that queued the mail has been committed.
    deliver_mail_after_response(background, request)
    return redirect(request, url)


def _conflict_pagina(
    request: Request, d: Deelnemers, vraag: Vraag, *, melding: str | None = None, al_vastgesteld: str | None = None
) -> Response:
    r = d.regeling
    basis = f"/regelingen/{r.slug}/plannen"
    return render(
        request,
        "planning/plannen_conflict.html",
        {
            "title": "Dit plan is al vastgesteld" if al_vastgesteld else "Het plan is niet vastgesteld",
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), ("Dezelfde dag", f"{basis}/gelijke-dag")),
            "demo": r.demo,
            "r": r,
            "conflict": melding,
            "al_vastgesteld": al_vastgesteld,
            "opnieuw": f"{basis}/gelijke-dag?{vraag.query()}",
            "aanpassen": f"{basis}/gelijke-dag?{vraag.query(stap='vraag', vorige=vraag.voorstel)}",
        },
        status_code=409,
    )


# --- the planning-and-control cycle ----------------------------------------------------------------------

_JAAR = re.compile(r"^[0-9]{4}$")
PC_JAREN = (2000, 2200)  # the range app.planning.pc accepts


def _standaardjaar(vandaag: date) -> int:
    """The year whose begroting round is still ahead: after 14 September (art. 34 lid 2) that is next year's."""
    return vandaag.year if vandaag < date(vandaag.year, 9, 15) else vandaag.year + 1


def _zinnen(tekst: str | None) -> tuple[str, list[str]]:
    """The planner's ``keuze``: a first sentence, then notes separated by semicolons, as a lead and a list."""
    if not tekst:
        return "", []
    kop, _, rest = tekst.partition(". ")
    return kop + ".", [n.strip().rstrip(".") + "." for n in rest.split("; ") if n.strip()]


@dataclass(frozen=True)
class Jaarmodel:
    """A planner of a whole year of a regeling's own bodies: its page, its service functions and its words."""

    sleutel: str  # the URL segment after /plannen/
    kruimel: str
    titel: str  # "... {jaar}"
    template: str
    plan: object  # service function (session, *, regeling, jaar, tz) -> RegelingPlan
    accepteer: object  # service function (session, *, actor, regeling, jaar, vingerafdruk, tz, base_url)


JAARMODELLEN = {
    "pc": Jaarmodel(
        "pc",
        "P&C-cyclus",
        "Planning-en-controlcyclus",
        "planning/plannen_pc.html",
        service.pc_regelingplan,
        service.accepteer_pc,
    ),
    "raadstafel": Jaarmodel(
        "raadstafel",
        "Raadstafel",
        "Raadstafel",
        "planning/plannen_raadstafel.html",
        service.plan_raadstafel,
        service.accepteer_raadstafel,
    ),
    "carrousel": Jaarmodel(
        "carrousel",
        "Carrouseldagen",
        "Carrouseldagen",
        "planning/plannen_carrousel.html",
        service.plan_carrousel,
        service.accepteer_carrousel,
    ),
}


def _jaar_uit(waarde: str, standaard: int) -> tuple[int, str | None]:
    """The year typed (or the default when empty), and a Dutch error for anything that is not a year in range."""
    if not waarde:
        return standaard, None
    if _JAAR.match(waarde) and PC_JAREN[0] <= int(waarde) <= PC_JAREN[1]:
        return int(waarde), None
    return standaard, f"Vul een jaar in van {PC_JAREN[0]} tot en met {PC_JAREN[1]}, bijvoorbeeld {standaard}."


def _deelnemers_pc(session: Session, slug: str, actor) -> Deelnemers:
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    r = d.regeling
    if r.vorm not in PC_VORMEN:
        raise NotFound(
            f"{r.naam} heeft als {r.vorm.value.replace('_', ' ')} geen eigen begroting: er is geen "
            "planning-en-controlcyclus te plannen."
        )
    return d


def _jaarpagina(
    request: Request,
    session: Session,
    d: Deelnemers,
    actor,
    model: Jaarmodel,
    waarde: str,
    *,
    fout: str | None = None,
    veld: str = "jaar",
) -> Response:
    """The wizard page of a year plan: the year form, and the plan with its reasons and (for the secretaris) the
    accept form. ``fout`` (with the field it belongs to) makes it a 422 with the error above the form."""
    tz = request.app.state.settings.tz
    r = d.regeling
    standaard = _standaardjaar(datetime.now(tz).date()) if model.sleutel == "pc" else datetime.now(tz).year
    jaar, jaarfout = _jaar_uit(waarde, standaard)
    if fout is None and jaarfout:
        fout, veld = jaarfout, "jaar"
    rp = None
    if fout is None:
        try:
            rp = model.plan(session, regeling=r.slug, jaar=jaar, tz=tz)
        except Invalid as exc:
            fout, veld = exc.detail, "algemeen"
    plan = rp.plan if rp else None
    basis = f"/regelingen/{r.slug}/plannen"
    keuze, notities = _zinnen(getattr(plan, "keuze", None))
    return render(
        request,
        model.template,
        {
            "title": f"{model.titel} {jaar}" if rp else model.titel,
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), (model.kruimel, f"{basis}/{model.sleutel}")),
            "demo": r.demo,
            "r": r,
            "d": d,
            "jaar": waarde if veld == "jaar" and fout else str(jaar),
            "jaartal": jaar,
            "rp": rp,
            "plan": plan,
            "fouten": {veld: fout} if fout else {},
            "keuze": keuze,
            "notities": notities,
            "status_woorden": STATUS_WOORDEN,
            "status_badge": STATUS_BADGE,
            "actie": f"{basis}/{model.sleutel}",
            "vaststellen": f"{basis}/{model.sleutel}/vaststellen",
            "mag_vaststellen": service.may_accept(actor, d),
            "titels": {k: v.titel for k, v in rp.voorstellen.items()} if rp else {},
            "maandnamen": MAANDNAMEN,
            # the P&C milestones of every year, as all-day events, in the regeling's deadline feed
            "termijnen_feed": feed_for(request.app.state.settings.base_url, "termijnen-regeling", r.slug, r.naam)
            if model.sleutel == "pc"
            else None,
        },
        status_code=422 if fout else 200,
    )


def _jaarwizard(request: Request, slug: str, session: Session, actor, model: Jaarmodel) -> Response:
    if not actor.authenticated:
        return to_login(request)
    if model.sleutel == "pc":
        d = _deelnemers_pc(session, slug, actor)
    else:
        d = service.deelnemers(session, slug)
        service.require_plan(actor, d)
    return _jaarpagina(request, session, d, actor, model, request.query_params.get("jaar", "").strip()[:MAX_VELD])


@router.get("/regelingen/{slug}/plannen/pc")
def pc(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    """The begroting round of a year: when the DB sends, each council decides, the DB answers, the AB adopts."""
    return _jaarwizard(request, slug, session, actor, JAARMODELLEN["pc"])


@router.get("/regelingen/{slug}/plannen/raadstafel")
def raadstafel(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    """The Raadstafel's meetings of a year, each document advised before its first committee round."""
    return _jaarwizard(request, slug, session, actor, JAARMODELLEN["raadstafel"])


@router.get("/regelingen/{slug}/plannen/carrousel")
def carrousel(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    """The year's carrousel days, each a programme, with the route of every voorstel."""
    return _jaarwizard(request, slug, session, actor, JAARMODELLEN["carrousel"])


# --- year plans: accepting -------------------------------------------------------------------------------


class JaarVaststelling(BaseModel):
    model_config = ConfigDict(extra="ignore")

    jaar: str = ""
    vingerafdruk: str = ""


# Session key: the last accepted year plan (its meetings and which are new), for the result page.
JAAR_VASTGESTELD = "jaar_vastgesteld"


def _jaar_vaststellen(
    request: Request,
    slug: str,
    session: Session,
    actor,
    background: BackgroundTasks,
    form: JaarVaststelling,
    model: Jaarmodel,
) -> Response:
    waarde = form.jaar.strip()[:MAX_VELD]
    basis = f"/regelingen/{slug}/plannen/{model.sleutel}"
    if not actor.authenticated:
        return to_login(request, f"{basis}?{urlencode({'jaar': waarde})}")
    d = _deelnemers_pc(session, slug, actor) if model.sleutel == "pc" else service.deelnemers(session, slug)
    service.require_plan(actor, d)
    service.require_accept(actor, d)
    jaar, fout = _jaar_uit(waarde, 0)
    if fout is None and not waarde:
        fout = "Vul het jaar in van het plan dat u wilt vaststellen."
    if fout is None and not _VINGERAFDRUK.match(form.vingerafdruk):
        fout = "Het formulier is onvolledig. Bekijk het plan opnieuw en stel het dan vast."
    if fout:
        return _jaarpagina(request, session, d, actor, model, waarde, fout=fout)
    naam, regeling_slug = d.regeling.naam, d.regeling.slug  # read before a rollback expires the row
    settings = request.app.state.settings
    try:
        uitkomst = model.accepteer(
            session,
            actor=actor,
            regeling=slug,
            jaar=jaar,
            vingerafdruk=form.vingerafdruk,
            tz=settings.tz,
            base_url=settings.base_url,
        )
    except Conflict as exc:
        session.rollback()  # the page below is a normal answer: nothing the service wrote may be committed
        return _jaar_conflict(request, session, slug, model, jaar, exc.detail)
    except Invalid as exc:
        session.rollback()
        d = service.deelnemers(session, slug)
        return _jaarpagina(request, session, d, actor, model, waarde, fout=exc.detail, veld="algemeen")
    ids = [m.vergadering.id for m in uitkomst.vergaderingen]
    request.session[JAAR_VASTGESTELD] = {
        "model": model.sleutel,
        "jaar": jaar,
        "vergaderingen": ids,
        "nieuw": sorted(uitkomst.nieuw),
        "behandelingen": uitkomst.behandelingen,
    }
    nieuw = {0: "geen nieuwe vergaderingen", 1: "1 nieuwe vergadering"}.get(
        len(uitkomst.nieuw), f"{len(uitkomst.nieuw)} nieuwe vergaderingen"
    )
    request.session["melding"] = (
        f"{model.titel} {jaar} van {naam} is vastgesteld: {len(ids)} vergaderingen, waarvan {nieuw}, en "
        f"{uitkomst.behandelingen} behandelingen. De griffiers krijgen een e-mail ({uitkomst.berichten} ontvangers)."
    )
    # The outbox goes out after the response, when the transaction that queued the mail has been committed.
    deliver_mail_after_response(background, request)
    return redirect(request, f"/regelingen/{regeling_slug}/plannen/{model.sleutel}/vastgesteld?jaar={jaar}")


def _jaar_conflict(request: Request, session: Session, slug: str, model: Jaarmodel, jaar: int, melding: str):
    r = service.deelnemers(session, slug).regeling
    basis = f"/regelingen/{r.slug}/plannen"
    return render(
        request,
        "planning/plannen_conflict.html",
        {
            "title": "Het plan is niet vastgesteld",
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), (model.kruimel, f"{basis}/{model.sleutel}")),
            "demo": r.demo,
            "r": r,
            "conflict": melding,
            "uitleg": "Er is niets vastgesteld en niets verstuurd. Bekijk het plan opnieuw: u ziet dan de "
            "agenda’s zoals ze nu zijn, met de vergaderingen die al zijn vastgesteld.",
            "opnieuw": f"{basis}/{model.sleutel}?jaar={jaar}",
            "opnieuw_tekst": "Het plan opnieuw bekijken",
        },
        status_code=409,
    )


@router.post("/regelingen/{slug}/plannen/pc/vaststellen")
def pc_vaststellen(
    request: Request,
    slug: str,
    session: SessionDep,
    actor: ActorDep,
    background: BackgroundTasks,
    form: Annotated[JaarVaststelling, Form()],
):
    return _jaar_vaststellen(request, slug, session, actor, background, form, JAARMODELLEN["pc"])


@router.post("/regelingen/{slug}/plannen/raadstafel/vaststellen")
def raadstafel_vaststellen(
    request: Request,
    slug: str,
    session: SessionDep,
    actor: ActorDep,
    background: BackgroundTasks,
    form: Annotated[JaarVaststelling, Form()],
):
    return _jaar_vaststellen(request, slug, session, actor, background, form, JAARMODELLEN["raadstafel"])


@router.post("/regelingen/{slug}/plannen/carrousel/vaststellen")
def carrousel_vaststellen(
    request: Request,
    slug: str,
    session: SessionDep,
    actor: ActorDep,
    background: BackgroundTasks,
    form: Annotated[JaarVaststelling, Form()],
):
    return _jaar_vaststellen(request, slug, session, actor, background, form, JAARMODELLEN["carrousel"])


@router.get("/regelingen/{slug}/plannen/{model}/vastgesteld")
def jaar_vastgesteld(request: Request, slug: str, model: str, session: SessionDep, actor: ActorDep):
    """The result of accepting a year plan in this browser session: the meetings, the new ones marked."""
    if model not in JAARMODELLEN:
        raise NotFound("Deze planner bestaat niet.")
    jm = JAARMODELLEN[model]
    if not actor.authenticated:
        return to_login(request)
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    r = d.regeling
    vorige = request.session.get(JAAR_VASTGESTELD) or {}
    waarde = request.query_params.get("jaar", "")
    eigen = vorige.get("model") == model and str(vorige.get("jaar")) == waarde
    basis = f"/regelingen/{r.slug}/plannen"
    return render(
        request,
        "planning/plannen_jaar_vastgesteld.html",
        {
            "title": f"{jm.titel} {waarde} vastgesteld" if eigen else f"{jm.titel}: vastgesteld plan",
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), (jm.kruimel, f"{basis}/{model}")),
            "demo": r.demo,
            "r": r,
            "vergaderingen": service.vergaderingen(session, vorige.get("vergaderingen", [])) if eigen else [],
            "nieuw": set(vorige.get("nieuw", [])) if eigen else set(),
            "behandelingen": vorige.get("behandelingen", 0) if eigen else 0,
            "eigen": eigen,
            "wizard": f"{basis}/{model}" + (f"?{urlencode({'jaar': waarde})}" if _JAAR.match(waarde) else ""),
        },
    )


# --- the result: a voorstel on the councils' agendas -----------------------------------------------------


@router.get("/regelingen/{slug}/plannen/voorstellen/{voorstel_id}")
def voorstel(request: Request, slug: str, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    d = service.deelnemers(session, slug)
    service.require_plan(actor, d)
    v, meetings = service.behandelingen(session, d, voorstel_id)
    vorige = request.session.get(VASTGESTELD) or {}
    nieuw = set(vorige.get("nieuw", [])) if vorige.get("voorstel") == v.id else set()
    r = d.regeling
    basis = f"/regelingen/{r.slug}/plannen"
    van = {g.id: g for g in d.gemeenten}  # the councils whose meetings these are, for links to their pages
    return render(
        request,
        "planning/plannen_voorstel.html",
        {
            "title": v.titel,
            "kruimelpad": _kruimelpad(r, ("Plannen", basis), (v.titel, f"{basis}/voorstellen/{v.id}")),
            "demo": r.demo,
            "r": r,
            "voorstel": v,
            "vergaderingen": [(m, [van[o.gemeente_id] for o in m.organen if o.gemeente_id in van]) for m in meetings],
            "nieuw": nieuw,
            "afgemeld": [g for g in d.gemeenten if g.code in set(service.afmeldingen(session, v))],
            "plannen": f"{basis}/gelijke-dag?voorstel={v.id}",
        },
    )
