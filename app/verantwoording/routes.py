"""HTML pages of the yearly accountability meeting.

/regelingen/{slug}/verantwoording: the meetings per year (public) and, for the secretaris and the griffiers, the
dates on which every council can come (a GET form, so a plan is a bookmarkable URL); the secretaris fixes one
with a POST. /verantwoording/{id}: the meeting, the invitations and the attendance per council (public), with a
form per council at /verantwoording/{id}/aanwezigheid/{code} for its griffier and the secretaris.
Every page works without JavaScript. Who may do what is decided by app.verantwoording.service.
"""

import re
from datetime import date, datetime, time
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from pydantic import BaseModel, ConfigDict
from sqlmodel import Session

from app.errors import Conflict, DomainError, Invalid
from app.regelingen.models import Regeling
from app.validation import MAX_ID, datum_uit_formulier, reject_nul
from app.verantwoording import service
from app.vergaderingen.routes import to_login
from app.web.deps import ActorDep, SessionDep, deliver_mail_after_response
from app.web.templating import Zoek, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

BijeenkomstId = Annotated[int, Path(ge=1, le=MAX_ID)]
Code = Annotated[str, Path(max_length=80)]

_GETAL = re.compile(r"^[0-9]{1,4}$")  # ASCII digits only: str.isdigit() also takes '²'
_TIJD = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def _nu(request: Request) -> datetime:
    return datetime.now(request.app.state.settings.tz)


def _datum(waarde: str) -> date | None:
    d = datum_uit_formulier(waarde)
    return d if d is not None and service.MIN_JAAR <= d.year <= service.MAX_JAAR else None


def _veld(exc: DomainError, standaard: str) -> str:
    """The form field a service error is about (named in its ``errors``), else ``standaard``."""
    return exc.errors[0]["name"] if exc.errors and isinstance(exc, Invalid) else standaard


def _kruimelpad(r: Regeling, *rest: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", "/"), ("Regelingen", "/regelingen"), (r.naam, f"/regelingen/{r.slug}"),
            ("Verantwoording", f"/regelingen/{r.slug}/verantwoording"), *rest]


# --- the list per regeling, with the plan --------------------------------------------------------------------


class PlanForm(BaseModel):
    """The fix-the-date form: every field as text, so a bad value comes back next to its field, not as a 422 page."""

    model_config = ConfigDict(extra="ignore")

    jaar: str = ""
    datum: str = ""
    aanvang: str = ""
    locatie: str = ""
    van: str = ""
    tot: str = ""


def _lijst(request: Request, session: Session, actor, slug: str, *, van: str = "", tot: str = "", jaar: str = "",
           waarden: PlanForm | None = None, fouten: dict | None = None, status_code: int = 200):
    """The list page; for who may plan, the dates of the period asked (or the default period)."""
    o = service.overzicht(session, regeling=slug)
    r = o.regeling
    vandaag = _nu(request).date()
    fouten = dict(fouten or {})
    mag_plannen = actor.authenticated and service.mag_plannen(actor, o.deelnemers)
    planning = None
    standaard_van, standaard_tot = service.standaardperiode(vandaag)
    van_d = _datum(van) if van else standaard_van
    tot_d = _datum(tot) if tot else standaard_tot
    if mag_plannen:
        if van_d is None:
            fouten.setdefault("van", "Vul een geldige begindatum in, bijvoorbeeld 01-03-2027.")
        if tot_d is None:
            fouten.setdefault("tot", "Vul een geldige einddatum in, bijvoorbeeld 30-04-2027.")
        if van_d and tot_d:
            try:
                planning = service.beschikbaar(session, actor=actor, regeling=slug, van=van_d, tot=tot_d,
                                               tz=request.app.state.settings.tz)
            except Invalid as exc:
                fouten.setdefault(_veld(exc, "tot"), exc.detail)
        if fouten and status_code == 200:
            status_code = 422
    standaardjaar = vandaag.year - 1 if vandaag.month <= 6 else vandaag.year
    waarden = waarden or PlanForm(jaar=jaar or str(standaardjaar))
    return render(request, "verantwoording/lijst.html", {
        "title": f"Verantwoordingsbijeenkomsten {r.naam}",
        "kruimelpad": _kruimelpad(r),
        "demo": r.demo,
        "r": r,
        "o": o,
        "mag_plannen": mag_plannen,
        "mag_vaststellen": actor.authenticated and service.mag_vaststellen(actor, o.deelnemers),
        "planning": planning,
        "van": van_d.isoformat() if van_d else van,
        "tot": tot_d.isoformat() if tot_d else tot,
        "waarden": waarden,
        "fouten": fouten,
        "aanvang": (o.orgaan.aanvang if o.orgaan and o.orgaan.aanvang else service.AANVANG).strftime("%H:%M"),
    }, status_code=status_code)


@router.get("/regelingen/{slug}/verantwoording")
def lijst(request: Request, slug: str, session: SessionDep, actor: ActorDep, van: Zoek = "", tot: Zoek = "",
          jaar: Zoek = ""):
    return _lijst(request, session, actor, slug, van=van, tot=tot, jaar=jaar)


@router.post("/regelingen/{slug}/verantwoording")
def vaststellen(request: Request, slug: str, session: SessionDep, actor: ActorDep, background: BackgroundTasks,
                form: Annotated[PlanForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/regelingen/{slug}/verantwoording")
    fouten = {}
    jaar = int(form.jaar) if _GETAL.match(form.jaar.strip()) else None
    if jaar is None:
        fouten["jaar"] = "Vul het jaar in waarover verantwoording wordt afgelegd, bijvoorbeeld 2026."
    datum = _datum(form.datum) if form.datum else None
    if datum is None:
        fouten["datum"] = "Kies een van de dagen waarop alle raden kunnen."
    aanvang = None
    if form.aanvang.strip():
        match = _TIJD.match(form.aanvang.strip())
        if match is None:
            fouten["aanvang"] = "Vul een aanvangstijd in als uu:mm, bijvoorbeeld 19:30."
        else:
            aanvang = time(int(match[1]), int(match[2]))
    locatie = form.locatie.strip()
    if len(locatie) > 300:
        fouten["locatie"] = "De plaats mag hoogstens 300 tekens lang zijn."
    settings = request.app.state.settings
    if not fouten:
        try:
            uitkomst = service.plan(session, actor=actor, regeling=slug, jaar=jaar, datum=datum,
                                    vandaag=_nu(request).date(), tz=settings.tz, aanvang=aanvang,
                                    locatie=locatie or None)
        except (Invalid, Conflict) as exc:
            session.rollback()  # the page below is a normal answer: nothing the service wrote may be committed
            fouten[_veld(exc, "datum")] = exc.detail
            return _lijst(request, session, actor, slug, van=form.van, tot=form.tot, waarden=form, fouten=fouten,
                          status_code=exc.status_code)
        request.session["melding"] = (
            f"De verantwoordingsbijeenkomst over {jaar} is vastgesteld. Er zijn {uitkomst.uitnodigingen} "
            "uitnodigingen verstuurd aan de griffiers, raadsleden en abonnees.")
        deliver_mail_after_response(background, request)
        return redirect(request, f"/verantwoording/{uitkomst.bijeenkomst.id}")
    return _lijst(request, session, actor, slug, van=form.van, tot=form.tot, waarden=form, fouten=fouten,
                  status_code=422)


# --- one meeting ---------------------------------------------------------------------------------------------


@router.get("/verantwoording/{bijeenkomst_id}")
def bijeenkomst(request: Request, bijeenkomst_id: BijeenkomstId, session: SessionDep, actor: ActorDep):
    det = service.detail(session, bijeenkomst_id=bijeenkomst_id, actor=actor, nu=_nu(request))
    r = det.regeling
    return render(request, "verantwoording/detail.html", {
        "title": f"Verantwoordingsbijeenkomst {det.bijeenkomst.jaar}",
        "kruimelpad": _kruimelpad(r, (str(det.bijeenkomst.jaar), f"/verantwoording/{det.bijeenkomst.id}")),
        "demo": r.demo,
        "r": r,
        "det": det,
        "v": det.vergadering.vergadering,
    })


class AanwezigheidForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    aanwezig: str = ""
    opmerking: str = ""
    versie: str = ""


def _formulier_pagina(request: Request, f: service.Formulier, waarden: AanwezigheidForm, fouten: dict,
                      status_code: int = 200):
    det, g = f.detail, f.rij.gemeente
    return render(request, "verantwoording/aanwezigheid.html", {
        "title": f"Aanwezigheid van de raad van {g.naam}",
        "kruimelpad": _kruimelpad(det.regeling, (str(det.bijeenkomst.jaar), f"/verantwoording/{det.bijeenkomst.id}"),
                                  (g.naam, f"/verantwoording/{det.bijeenkomst.id}/aanwezigheid/{g.code}")),
        "demo": det.regeling.demo,
        "det": det,
        "rij": f.rij,
        "waarden": waarden,
        "fouten": fouten,
    }, status_code=status_code)


@router.get("/verantwoording/{bijeenkomst_id}/aanwezigheid/{code}")
def aanwezigheid(request: Request, bijeenkomst_id: BijeenkomstId, code: Code, session: SessionDep,
                 actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    f = service.formulier(session, bijeenkomst_id=bijeenkomst_id, gemeente=code, actor=actor, nu=_nu(request))
    a = f.rij.aanwezigheid
    waarden = AanwezigheidForm(aanwezig=str(a.aanwezig) if a else "", opmerking=(a.opmerking or "") if a else "",
                               versie=f.rij.versie)
    return _formulier_pagina(request, f, waarden, {})


@router.post("/verantwoording/{bijeenkomst_id}/aanwezigheid/{code}")
def aanwezigheid_vastleggen(request: Request, bijeenkomst_id: BijeenkomstId, code: Code, session: SessionDep,
                            actor: ActorDep, form: Annotated[AanwezigheidForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/verantwoording/{bijeenkomst_id}/aanwezigheid/{code}")
    nu = _nu(request)
    fouten = {}
    if not _GETAL.match(form.aanwezig.strip()):
        fouten["aanwezig"] = "Vul het aantal aanwezige raadsleden in als een heel getal, bijvoorbeeld 23."
    if not fouten:
        try:
            a = service.registreer(session, actor=actor, bijeenkomst_id=bijeenkomst_id, gemeente=code,
                                   aanwezig=int(form.aanwezig.strip()), opmerking=form.opmerking, nu=nu,
                                   versie=form.versie.strip())
        except (Invalid, Conflict) as exc:
            session.rollback()
            fouten[_veld(exc, "algemeen")] = exc.detail
            return _fout_of_pagina(request, session, actor, bijeenkomst_id, code, nu, form, fouten, exc)
        request.session["melding"] = f"De aanwezigheid is vastgelegd: {a.aanwezig} raadsleden aanwezig."
        return redirect(request, f"/verantwoording/{bijeenkomst_id}")
    f = service.formulier(session, bijeenkomst_id=bijeenkomst_id, gemeente=code, actor=actor, nu=nu)
    return _formulier_pagina(request, f, form, fouten, status_code=422)


def _fout_of_pagina(request: Request, session: Session, actor, bijeenkomst_id: int, code: str, nu: datetime,
                    form: AanwezigheidForm, fouten: dict, exc: DomainError):
    """The form again with the reason; on a stale version with the current values, so the person sees them."""
    f = service.formulier(session, bijeenkomst_id=bijeenkomst_id, gemeente=code, actor=actor, nu=nu)
    if exc.status_code == 409 and f.rij.aanwezigheid is not None:
        form = AanwezigheidForm(aanwezig=form.aanwezig, opmerking=form.opmerking, versie=f.rij.versie)
    return _formulier_pagina(request, f, form, fouten, status_code=exc.status_code)
