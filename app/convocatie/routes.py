"""HTML pages of the convocation requests: the list of a regeling with the form for a new request, the public page
of a request with the forms to support, withdraw and convene, and the regeling's convocation rules.

Every form works without JavaScript: a POST with the CSRF token, then a 303 to the request's page with a one-time
message; a refusal comes back on the page itself, next to the form it concerns. Who may do what is decided by
app.convocatie.service; the pages only ask it which forms to show.
"""

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from app.accounts.authz import Actor
from app.convocatie import service
from app.convocatie.regels import DREMPEL_LABELS, WIE_LABELS, Convocatieregels
from app.errors import Conflict, Invalid
from app.regelingen.aandelen import GRONDSLAG_LABELS, procent
from app.regelingen.models import Regeling
from app.regelingen.service import get_regeling
from app.validation import MAX_ID, datum_uit_formulier, reject_nul
from app.vergaderingen.routes import local_moment, to_login
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR
from app.web.deps import ActorDep, SessionDep, deliver_mail_after_response
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

VerzoekId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het verzoek")]
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_GETAL = re.compile(r"^[0-9]{1,9}$")


def _kruimelpad(r: Regeling, *rest: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", "/"), ("Regelingen", "/regelingen"), (r.naam, f"/regelingen/{r.slug}"), *rest]


def _velden(exc: Invalid, standaard: str = "algemeen") -> dict[str, str]:
    """A service refusal as errors per form field (the service names the fields it refuses)."""
    if exc.errors:
        return {e["name"]: e["reason"][:1].upper() + e["reason"][1:] + "." for e in exc.errors}
    return {standaard: exc.detail}



# --- the list of a regeling, and a new request ---------------------------------------------------------------


class VerzoekForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    namens_gemeente: str = ""
    agenda: str = ""
    toelichting: str = ""
    grondslag: str = ""


def _lijst(request: Request, session: Session, actor: Actor, regeling: Regeling, *, form: VerzoekForm | None = None,
           fouten: dict[str, str] | None = None, status_code: int = 200):
    namens = service.indienen_namens(session, regeling, actor)
    return render(request, "convocatie/lijst.html", {
        "title": f"Vergadering laten bijeenroepen: {regeling.naam}",
        "kruimelpad": _kruimelpad(regeling, ("Convocatieverzoeken",
                                             f"/regelingen/{regeling.slug}/convocatieverzoeken")),
        "demo": regeling.demo, "r": regeling, "regels": service.regels_van(regeling),
        "verzoeken": service.verzoeken(session, regeling), "namens": namens,
        "als_lid": service.mag_als_lid_indienen(session, regeling, actor),
        "form": form or VerzoekForm(namens_gemeente=namens[0].code if len(namens) == 1 else ""),
        "fouten": fouten or {}, "uitleg": _uitleg(service.regels_van(regeling)),
    }, status_code=status_code)


@router.get("/regelingen/{slug}/convocatieverzoeken")
def lijst(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    return _lijst(request, session, actor, get_regeling(session, slug))


@router.post("/regelingen/{slug}/convocatieverzoeken")
def indienen(request: Request, slug: str, session: SessionDep, actor: ActorDep, background: BackgroundTasks,
             form: Annotated[VerzoekForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/regelingen/{slug}/convocatieverzoeken")
    regeling = get_regeling(session, slug)
    try:
        verzoek = service.dien_in(session, actor=actor, slug=slug, agenda=form.agenda, toelichting=form.toelichting,
                                  grondslag=form.grondslag, namens_gemeente=form.namens_gemeente or None)
    except Invalid as exc:
        session.rollback()
        return _lijst(request, session, actor, regeling, form=form, fouten=_velden(exc, "namens_gemeente"),
                      status_code=422)
    request.session["melding"] = (
        "Uw verzoek is ingediend en staat nu openbaar in Tussenruimte. De griffiers van de andere deelnemers en het "
        "secretariaat krijgen een e-mail." + (" De drempel is meteen bereikt." if verzoek.termijn_tot else "")
    )
    deliver_mail_after_response(background, request)
    return redirect(request, f"/convocatieverzoeken/{verzoek.id}")


# --- the page of one request ---------------------------------------------------------------------------------


class BijeenroepForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    datum: str = ""
    begintijd: str = ""
    eindtijd: str = ""
    locatie: str = ""
    versie: str = ""


def _detail(request: Request, session: Session, actor: Actor, verzoek_id: int, *, fouten: dict[str, str] | None = None,
            conflict: str | None = None, roep: BijeenroepForm | None = None, status_code: int = 200):
    view = service.verzoek_view(session, service.get_verzoek(session, verzoek_id))
    r = view.regeling
    return render(request, "convocatie/detail.html", {
        "title": f"Verzoek om een vergadering van {r.naam}",
        "kruimelpad": _kruimelpad(r, ("Convocatieverzoeken", f"/regelingen/{r.slug}/convocatieverzoeken"),
                                  (f"Verzoek {verzoek_id}", f"/convocatieverzoeken/{verzoek_id}")),
        "demo": r.demo, "r": r, "view": view, "v": view.verzoek, "mag": service.mogelijkheden(session, view, actor),
        "fouten": fouten or {}, "conflict": conflict, "roep": roep or BijeenroepForm(versie=str(view.verzoek.versie)),
        "stap_labels": service.STAP_LABELS, "uitleg": _uitleg(view.regels),
    }, status_code=status_code)


@router.get("/convocatieverzoeken/{verzoek_id}")
def detail(request: Request, verzoek_id: VerzoekId, session: SessionDep, actor: ActorDep):
    return _detail(request, session, actor, verzoek_id)


class SteunForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    namens_gemeente: str = ""
    grondslag: str = ""


def _stap(request: Request, session: Session, actor: Actor, verzoek_id: int, stap, melding: str, *,
          veld: str = "algemeen", roep: BijeenroepForm | None = None):
    """Run one step; a refusal comes back on the request's page (422 next to the form, 409 at the top)."""
    pad = f"/convocatieverzoeken/{verzoek_id}"
    if not actor.authenticated:
        return to_login(request, pad)
    try:
        stap()
    except Invalid as exc:
        session.rollback()
        return _detail(request, session, actor, verzoek_id, fouten=_velden(exc, veld), roep=roep, status_code=422)
    except Conflict as exc:
        session.rollback()
        return _detail(request, session, actor, verzoek_id, conflict=exc.detail, roep=roep, status_code=409)
    request.session["melding"] = melding
    return redirect(request, pad)


@router.post("/convocatieverzoeken/{verzoek_id}/steun")
def steunen(request: Request, verzoek_id: VerzoekId, session: SessionDep, actor: ActorDep,
            background: BackgroundTasks, form: Annotated[SteunForm, Form()]):
    deliver_mail_after_response(background, request)
    return _stap(request, session, actor, verzoek_id, lambda: service.steun(
        session, actor=actor, verzoek_id=verzoek_id, namens_gemeente=form.namens_gemeente or None,
        grondslag=form.grondslag, grondslag_verplicht=True), "Uw steun is vastgelegd.", veld="steun")


class IntrekForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    gemeente: str = ""
    versie: str = ""


@router.post("/convocatieverzoeken/{verzoek_id}/steun/intrekken")
def steun_intrekken(request: Request, verzoek_id: VerzoekId, session: SessionDep, actor: ActorDep,
                    form: Annotated[IntrekForm, Form()]):
    sleutel = form.gemeente.strip() or (str(actor.persoon_id) if actor.persoon_id else "")
    return _stap(request, session, actor, verzoek_id, lambda: service.trek_steun_in(
        session, actor=actor, verzoek_id=verzoek_id, sleutel=sleutel), "De steun is ingetrokken.", veld="steun")


@router.post("/convocatieverzoeken/{verzoek_id}/intrekken")
def intrekken(request: Request, verzoek_id: VerzoekId, session: SessionDep, actor: ActorDep,
              form: Annotated[IntrekForm, Form()]):
    versie = int(form.versie) if _GETAL.match(form.versie.strip()) else None
    return _stap(request, session, actor, verzoek_id, lambda: service.trek_in(
        session, actor=actor, verzoek_id=verzoek_id, versie=versie), "Het verzoek is ingetrokken.")


def _datum(waarde: str) -> date | None:
    d = datum_uit_formulier(waarde)
    return d if d is not None and FIRST_YEAR <= d.year <= LAST_YEAR else None


def _tijd(waarde: str) -> time | None:
    match = _TIME.match(waarde.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def parse_bijeenroepen(form: BijeenroepForm, tz) -> tuple[tuple[datetime, datetime] | None, dict[str, str]]:
    """The meeting's start and end from the form (wall clock in ``tz``; an end before the start is the next
    day), or the errors per field."""
    fouten: dict[str, str] = {}
    dag = _datum(form.datum)
    if dag is None:
        fouten["datum"] = "Vul een bestaande datum in, bijvoorbeeld 26-01-2027."
    begin, eind = _tijd(form.begintijd), _tijd(form.eindtijd)
    if begin is None:
        fouten["begintijd"] = "Vul een begintijd in, bijvoorbeeld 19:30."
    if eind is None:
        fouten["eindtijd"] = "Vul een eindtijd in, bijvoorbeeld 22:00."
    if len(form.locatie) > 300:
        fouten["locatie"] = "De locatie mag hoogstens 300 tekens lang zijn."
    if fouten:
        return None, fouten
    start, fout = local_moment(dag, begin, tz)
    if fout:
        return None, {"begintijd": fout}
    einde, fout = local_moment(dag + timedelta(days=1) if eind <= begin else dag, eind, tz)
    if fout:
        return None, {"eindtijd": fout}
    return (start, einde), {}


@router.post("/convocatieverzoeken/{verzoek_id}/bijeenroepen")
def bijeenroepen(request: Request, verzoek_id: VerzoekId, session: SessionDep, actor: ActorDep,
                 background: BackgroundTasks, form: Annotated[BijeenroepForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/convocatieverzoeken/{verzoek_id}")
    tijden, fouten = parse_bijeenroepen(form, request.app.state.settings.tz)
    if fouten:
        return _detail(request, session, actor, verzoek_id, fouten=fouten, roep=form, status_code=422)
    versie = int(form.versie) if _GETAL.match(form.versie.strip()) else None
    deliver_mail_after_response(background, request)
    return _stap(request, session, actor, verzoek_id, lambda: service.roep_bijeen(
        session, actor=actor, verzoek_id=verzoek_id, start=tijden[0], einde=tijden[1], locatie=form.locatie,
        versie=versie), "De vergadering is bijeengeroepen. De convocatie gaat per e-mail naar de leden van het "
                        "bestuur, het secretariaat en de griffiers.", veld="datum", roep=form)


# --- the rules ----------------------------------------------------------------------------------------------


def _uitleg(regels: Convocatieregels) -> list[str]:
    """The rules in sentences, for the pages."""
    zinnen = [f"Een verzoek doen en steunen: {WIE_LABELS[regels.wie]}."]
    if regels.drempel.value == "gewicht":
        zinnen.append(f"Drempel: samen ten minste {procent(regels.aandeel)} van het gewicht van de deelnemers, naar "
                      f"{GRONDSLAG_LABELS[regels.grondslag]}.")
    elif regels.drempel.value == "aantal":
        zinnen.append(f"Drempel: ten minste {regels.aantal} {'raden' if regels.door_raden else 'leden'}.")
    else:
        zinnen.append("Drempel: ten minste een vijfde van de leden van het algemeen bestuur (Gemeentewet art. 17 "
                      "lid 2, van toepassing via Wgr art. 22 lid 1).")
    wet = (" De wet stelt voor deze route geen termijn: dit is de termijn van de regeling zelf."
           if regels.drempel.value == "wettelijk" else
           " Dit is een termijn van de regeling zelf, geen wettelijke (naar het voorbeeld van BW 2:220).")
    zinnen.append(f"Daarna roept de voorzitter binnen {regels.termijn_weken} weken bijeen.{wet} Gebeurt dat niet, "
                  "dan mogen wie het verzoek steunen de vergadering zelf bijeenroepen.")
    zinnen.append(f"Herinnering: {regels.herinnering_dagen} dagen voor het einde van de termijn.")
    return zinnen


class RegelsForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    wie: str = ""
    drempel: str = ""
    aandeel: str = ""
    grondslag: str = ""
    aantal: str = ""
    termijn_weken: str = ""
    herinnering_dagen: str = ""

    @classmethod
    def of(cls, regels: Convocatieregels) -> "RegelsForm":
        return cls(**{k: str(v) for k, v in regels.naar().items()})

    def data(self) -> dict:
        """As the rules take them: numbers as numbers where they are ones (else the text, refused with a reason)."""
        uit: dict = {"wie": self.wie.strip(), "drempel": self.drempel.strip(), "aandeel": self.aandeel.strip(),
                     "grondslag": self.grondslag.strip()}
        for naam in ("aantal", "termijn_weken", "herinnering_dagen"):
            waarde = getattr(self, naam).strip()
            uit[naam] = int(waarde) if _GETAL.match(waarde) else waarde
        return uit


def _regels_pagina(request: Request, regeling: Regeling, actor: Actor, form: RegelsForm, *,
                   fouten: dict[str, str] | None = None, status_code: int = 200):
    return render(request, "convocatie/regels.html", {
        "title": f"Convocatieregels: {regeling.naam}",
        "kruimelpad": _kruimelpad(regeling, ("Convocatieverzoeken", f"/regelingen/{regeling.slug}/convocatieverzoeken"),
                                  ("Convocatieregels", f"/regelingen/{regeling.slug}/convocatieregels")),
        "demo": regeling.demo, "r": regeling, "form": form, "fouten": fouten or {},
        "uitleg": _uitleg(service.regels_van(regeling)),
        "mag": actor.beheerder or regeling.id in actor.secretaris_van,
        "wie_labels": WIE_LABELS, "drempel_labels": DREMPEL_LABELS, "grondslag_labels": GRONDSLAG_LABELS,
    }, status_code=status_code)


@router.get("/regelingen/{slug}/convocatieregels")
def regels(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    regeling = get_regeling(session, slug)
    return _regels_pagina(request, regeling, actor, RegelsForm.of(service.regels_van(regeling)))


@router.post("/regelingen/{slug}/convocatieregels")
def regels_opslaan(request: Request, slug: str, session: SessionDep, actor: ActorDep,
                   form: Annotated[RegelsForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/regelingen/{slug}/convocatieregels")
    try:
        regeling, _ = service.zet_regels(session, actor=actor, slug=slug, data=form.data())
    except Invalid as exc:
        session.rollback()
        return _regels_pagina(request, get_regeling(session, slug), actor, form, fouten=_velden(exc),
                              status_code=422)
    request.session["melding"] = "De convocatieregels zijn opgeslagen. Ze gelden voor nieuwe verzoeken."
    return redirect(request, f"/regelingen/{regeling.slug}/convocatieverzoeken")
