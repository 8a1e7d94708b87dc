"""HTML pages of weighted votes: a vote (public), the form to record one (secretaris), and a regeling's voting rules
(public to read, the secretaris changes them).

Forms work without JavaScript (POST, then 303 to the page); errors come back next to the fields.
"""

import re
from datetime import time
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Request
from pydantic import BaseModel, ConfigDict, ValidationError

from app.errors import Conflict, Invalid
from app.regelingen import service as regelingen
from app.regelingen.aandelen import GRONDSLAG_LABELS, Grondslag
from app.stemmingen import service
from app.stemmingen.models import Keuze
from app.stemmingen.rekenen import (
    BASIS_LABELS,
    GEWICHT_LABELS,
    KEUZE_LABELS,
    MEERDERHEID_LABELS,
    STAKEN_LABELS,
    UITKOMST_LABELS,
    Basis,
    Gewicht,
    Meerderheid,
    Staken,
    Stemregels,
)
from app.stemmingen.schemas import StemmingCreate
from app.validation import MAX_ID, datum_uit_formulier, dutch_message, reject_nul
from app.vergaderingen.routes import local_moment, to_login
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Zoek, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

StemmingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de stemming")]
LABELS = {"keuze_labels": KEUZE_LABELS, "uitkomst_labels": UITKOMST_LABELS}
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_ID = re.compile(r"^[0-9]{1,9}$")


def _kruimelpad(regeling, orgaan, *laatste: tuple[str, str]) -> list[tuple[str, str]]:
    return [("Home", "/"), ("Regelingen", "/regelingen"), (regeling.naam, f"/regelingen/{regeling.slug}"),
            (orgaan.naam, f"/organen/{orgaan.slug}"), *laatste]


# --- a vote -------------------------------------------------------------------------------------------------


@router.get("/stemmingen/{stemming_id}")
def stemming(request: Request, stemming_id: StemmingId, session: SessionDep, actor: ActorDep):
    d = service.stemming_detail(session, stemming_id)
    url = f"/stemmingen/{stemming_id}"
    return render(request, "stemmingen/detail.html", {
        "title": d.stemming.onderwerp,
        "kruimelpad": _kruimelpad(d.regeling, d.orgaan, (f"Stemming {stemming_id}", url)),
        "demo": d.demo, "d": d, "s": d.stemming, "u": d.uitslag, "geheel": d.uitslag.totalen.gewicht, **LABELS,
    })


class StemmingForm(BaseModel):
    """The form as typed: strings, so that a wrong value comes back to the user next to its field."""

    model_config = ConfigDict(extra="ignore")

    onderwerp: str = ""
    voorstel: str = ""
    vergadering: str = ""
    datum: str = ""
    tijd: str = ""
    stemmen: list[str] = []  # "<persoon_id>:<keuze>", one select per member


# The order of the fields on the form: the error summary follows it.
FORM_ORDER = ("onderwerp", "voorstel", "vergadering", "datum", "tijd", "stemmen", "algemeen")
_SERVICE_FIELDS = {"onderwerp": "onderwerp", "voorstel_id": "voorstel", "vergadering_id": "vergadering",
                   "gestemd_op": "datum", "stemmen": "stemmen"}


_date = datum_uit_formulier


def _time(value: str) -> time | None:
    match = _TIME.match(value.strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return time(int(match[1]), int(match[2]))


def parse_form(form: StemmingForm, orgaan_slug: str, tz) -> tuple[StemmingCreate | None, dict[str, str]]:
    errors: dict[str, str] = {}
    values: dict = {"orgaan": orgaan_slug, "onderwerp": form.onderwerp.strip() or None}
    for veld in ("voorstel", "vergadering"):
        waarde = getattr(form, veld).strip()
        if waarde and not _ID.match(waarde):
            errors[veld] = "Kies uit de lijst."
        values[f"{veld}_id"] = int(waarde) if waarde and _ID.match(waarde) else None
    dag, uur = _date(form.datum), _time(form.tijd)
    if dag is None:
        errors["datum"] = ("Vul de datum van de stemming in." if not form.datum.strip()
                           else "Vul een bestaande datum in, bijvoorbeeld 09-03-2027.")
    elif not 1900 <= dag.year <= 2200:
        errors["datum"] = "Vul een datum in tussen de jaren 1900 en 2200."
    if uur is None:
        errors["tijd"] = ("Vul het tijdstip van de stemming in, bijvoorbeeld 21:40." if not form.tijd.strip()
                          else "Vul een geldig tijdstip in, bijvoorbeeld 21:40.")
    if "datum" not in errors and "tijd" not in errors:
        moment, fout = local_moment(dag, uur, tz)
        if fout:
            errors["tijd"] = fout
        values["gestemd_op"] = moment
    stemmen = []
    for waarde in form.stemmen:
        persoon, _, keuze = waarde.partition(":")
        if not _ID.match(persoon) or keuze not in {k.value for k in Keuze}:
            errors["stemmen"] = "Kies bij elk lid voor, tegen, onthouden of afwezig."
            break
        if keuze != Keuze.afwezig:
            stemmen.append({"persoon_id": int(persoon), "keuze": keuze})
    if not stemmen and "stemmen" not in errors:
        errors["stemmen"] = "Geef de stem van ten minste één aanwezig lid."
    values["stemmen"] = stemmen
    if errors:
        return None, {f: errors[f] for f in FORM_ORDER if f in errors}
    try:
        return StemmingCreate(**values), {}
    except ValidationError as exc:
        for e in exc.errors():
            veld = _SERVICE_FIELDS.get(str(e["loc"][0]) if e["loc"] else "", "algemeen")
            tekst = dutch_message(e)
            errors.setdefault(veld, tekst[:1].upper() + tekst[1:] + ("" if tekst.endswith(".") else "."))
        return None, {f: errors[f] for f in FORM_ORDER if f in errors}


def _form_page(request: Request, f, form: StemmingForm, errors: dict[str, str], status_code: int = 200):
    gekozen = dict(waarde.partition(":")[::2] for waarde in form.stemmen)
    url = f"/organen/{f.orgaan.slug}/stemmingen/nieuw"
    return render(request, "stemmingen/formulier.html", {
        "title": f"Stemming vastleggen: {f.orgaan.naam}",
        "kruimelpad": _kruimelpad(f.regeling, f.orgaan, ("Stemming vastleggen", url)),
        "demo": f.regeling.demo, "f": f, "form": form, "fouten": errors, "actie": url, "gekozen": gekozen,
        "keuzes": [(k.value, KEUZE_LABELS[k]) for k in (Keuze.voor, Keuze.tegen, Keuze.onthouden, Keuze.afwezig)],
        "beschrijving": f.regels.beschrijving(), **LABELS,
    }, block="formulier", status_code=status_code)


@router.get("/organen/{slug}/stemmingen/nieuw")
def nieuw(request: Request, slug: str, session: SessionDep, actor: ActorDep, voorstel: Zoek = "",
          vergadering: Zoek = ""):
    if not actor.authenticated:
        return to_login(request)
    f = service.formulier(session, actor=actor, orgaan_slug=slug)
    return _form_page(request, f, StemmingForm(voorstel=voorstel, vergadering=vergadering), {})


@router.post("/organen/{slug}/stemmingen/nieuw")
def nieuw_opslaan(request: Request, slug: str, session: SessionDep, actor: ActorDep,
                  form: Annotated[StemmingForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/organen/{slug}/stemmingen/nieuw")
    f = service.formulier(session, actor=actor, orgaan_slug=slug)
    data, errors = parse_form(form, f.orgaan.slug, request.app.state.settings.tz)
    if errors:
        return _form_page(request, f, form, errors, status_code=422)
    try:
        d = service.leg_vast(session, actor=actor, data=data)
    except Invalid as exc:
        veld = _SERVICE_FIELDS.get(exc.errors[0]["name"], "algemeen") if exc.errors else "algemeen"
        return _form_page(request, f, form, {veld: exc.detail}, status_code=422)
    except Conflict as exc:
        return _form_page(request, f, form, {"algemeen": exc.detail}, status_code=409)
    request.session["melding"] = f"Stemming vastgelegd: {UITKOMST_LABELS[d.stemming.uitkomst].lower()}."
    return redirect(request, f"/stemmingen/{d.stemming.id}")


# --- the voting rules ---------------------------------------------------------------------------------------


class RegelsForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    gewicht: str = ""
    grondslag: str = ""
    meerderheid: str = ""
    basis: str = ""
    onthouden_telt_mee: str | None = None
    staken: str = ""
    versie: str = ""

    @classmethod
    def of(cls, regels: Stemregels, versie: str) -> "RegelsForm":
        data = regels.naar_json()
        return cls(**{**data, "onthouden_telt_mee": "ja" if data["onthouden_telt_mee"] else None, "versie": versie})


REGEL_KEUZES = {
    "gewicht": [(k.value, GEWICHT_LABELS[k]) for k in Gewicht],
    "grondslag": [(k.value, GRONDSLAG_LABELS[k].capitalize()) for k in Grondslag],
    "meerderheid": [(k.value, MEERDERHEID_LABELS[k]) for k in Meerderheid],
    "basis": [(k.value, BASIS_LABELS[k][:1].upper() + BASIS_LABELS[k][1:]) for k in Basis],
    "staken": [(k.value, STAKEN_LABELS[k]) for k in Staken],
}


def _regels_page(request: Request, regeling, regels: Stemregels, form: RegelsForm, *, mag: bool,
                 errors: dict[str, str] | None = None, conflict: bool = False, status_code: int = 200):
    url = f"/regelingen/{regeling.slug}/stemregels"
    return render(request, "stemmingen/stemregels.html", {
        "title": f"Stemregels van {regeling.naam}",
        "kruimelpad": [("Home", "/"), ("Regelingen", "/regelingen"), (regeling.naam, f"/regelingen/{regeling.slug}"),
                       ("Stemregels", url)],
        "demo": regeling.demo, "r": regeling, "beschrijving": regels.beschrijving(), "form": form, "mag": mag,
        "fouten": errors or {}, "conflict": conflict, "keuzes": REGEL_KEUZES, "actie": url,
    }, status_code=status_code)


@router.get("/regelingen/{slug}/stemregels")
def stemregels(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    regeling = regelingen.get_regeling(session, slug)
    regels = service.stemregels(regeling)
    return _regels_page(request, regeling, regels, RegelsForm.of(regels, service.regels_versie(regels)),
                        mag=service.may_set_rules(actor, regeling))


@router.post("/regelingen/{slug}/stemregels")
def stemregels_opslaan(request: Request, slug: str, session: SessionDep, actor: ActorDep,
                       form: Annotated[RegelsForm, Form()]):
    if not actor.authenticated:
        return to_login(request, f"/regelingen/{slug}/stemregels")
    regeling = regelingen.get_regeling(session, slug)
    huidig = service.stemregels(regeling)
    waarden = {k: getattr(form, k) for k in ("gewicht", "grondslag", "meerderheid", "basis", "staken")}
    try:
        service.wijzig_stemregels(session, actor=actor, regeling=regeling, versie=form.versie or None,
                                  regels={**waarden, "onthouden_telt_mee": form.onthouden_telt_mee is not None})
    except Invalid as exc:
        errors = {e["name"]: f"Kies een van de mogelijkheden ({e['reason']})." for e in exc.errors}
        return _regels_page(request, regeling, huidig, form, mag=True, errors=errors or {"algemeen": exc.detail},
                            status_code=422)
    except Conflict:
        return _regels_page(request, regeling, huidig, RegelsForm.of(huidig, service.regels_versie(huidig)),
                            mag=True, conflict=True, status_code=409)
    request.session["melding"] = "Stemregels opgeslagen. Ze gelden voor stemmingen die u hierna vastlegt."
    return redirect(request, f"/regelingen/{regeling.slug}/stemregels")
