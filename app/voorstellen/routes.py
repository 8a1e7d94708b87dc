"""The management pages of a voorstel: drafting (secretaris), the steps of its life (``/voorstellen/{id}/beheer``)
and a council's outcome (``/voorstellen/{id}/behandelingen/{bid}``, the griffier). The public page of a voorstel
(``/voorstellen/{id}``) is app.besluiten's; every form redirects there (a new draft to its beheer page).

Forms work without JavaScript: POST, then 303; a wrong value comes back next to its field (422), a stale version
or a step out of order as a message on the form (409). Who may do what, the service decides.
"""

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Path, Request
from fastapi.responses import Response

from app.errors import Conflict, DomainError, Forbidden, Invalid, NotAuthenticated
from app.regelingen import service as regelingen
from app.validation import MAX_ID, datum_uit_formulier, reject_nul
from app.vergaderingen.routes import to_login
from app.voorstellen import service
from app.voorstellen.models import BehandelingRol, Besluit, Uitkomst, VoorstelSoort
from app.voorstellen.schemas import FIRST_YEAR, LAST_YEAR
from app.web.deps import ActorDep, SessionDep, deliver_mail_after_response
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

VoorstelId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het voorstel")]
BehandelingId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van de behandeling")]
Veld = Annotated[str, Form(max_length=60_000)]

STAPPEN = ("verzenden", "antwoord", "advies", "besluit", "publiceren", "corrigeren")
_GETAL = re.compile(r"^[0-9]{1,9}$")
_URL = re.compile(r"^https?://[^\s/\x00-\x1f\x7f]+\.[^\s\x00-\x1f\x7f]+$")


class Fouten(Exception):
    """Field errors found while parsing a form, before the service is called."""

    def __init__(self, fouten: dict[str, str]):
        self.fouten = fouten


def _datum(waarde: str, veld: str, fouten: dict[str, str], *, verplicht: bool = True) -> date | None:
    waarde = waarde.strip()
    if not waarde:
        if verplicht:
            fouten[veld] = "Vul de datum in, bijvoorbeeld 26-01-2027."
        return None
    d = datum_uit_formulier(waarde)
    if d is None:
        fouten[veld] = "Vul een bestaande datum in, bijvoorbeeld 26-01-2027."
    elif not FIRST_YEAR <= d.year <= LAST_YEAR:
        fouten[veld] = f"Vul een datum in tussen de jaren {FIRST_YEAR} en {LAST_YEAR}."
        d = None
    return d


def _versie(waarde: str, fouten: dict[str, str]) -> int | None:
    if not _GETAL.match(waarde.strip()):
        fouten["algemeen"] = "Het formulier mist de versie. Laad de pagina opnieuw."
        return None
    return int(waarde.strip())


def _keuze(waarde: str, enum, veld: str, fouten: dict[str, str], melding: str):
    try:
        return enum(waarde)
    except ValueError:
        fouten[veld] = melding
        return None


def _url(waarde: str, veld: str, fouten: dict[str, str]) -> str | None:
    waarde = waarde.strip()
    if waarde and (len(waarde) > 500 or not _URL.match(waarde)):
        fouten[veld] = "Vul een volledig webadres in dat begint met https://, of laat het veld leeg."
    return waarde or None


def _fout_van(exc: DomainError, veld_namen: dict[str, str]) -> dict[str, str]:
    """A service error as the form's errors: on the field it names, else on top of the form."""
    naam = exc.errors[0]["name"] if exc.errors else None
    return {veld_namen.get(naam, "algemeen"): exc.detail}


# --- a new voorstel --------------------------------------------------------------------------------------------


def _nieuw_pagina(request: Request, r, form: dict, fouten: dict, status_code: int = 200) -> Response:
    return render(request, "voorstellen/nieuw.html", {
        "title": "Nieuw voorstel", "r": r, "form": form, "fouten": fouten, "soorten": service.SOORT_LABELS,
        "kruimelpad": [("Home", "/"), ("Regelingen", "/regelingen"), (r.naam, f"/regelingen/{r.slug}"),
                       ("Nieuw voorstel", f"/regelingen/{r.slug}/voorstellen/nieuw")],
    }, status_code=status_code)


@router.get("/regelingen/{slug}/voorstellen/nieuw")
def nieuw(request: Request, slug: str, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    r = regelingen.get_regeling(session, slug)
    if not service.is_secretaris(actor, r):
        raise Forbidden(f"Alleen de secretaris van {r.naam} stelt voorstellen op.")
    return _nieuw_pagina(request, r, {"soort": "overig"}, {})


@router.post("/regelingen/{slug}/voorstellen/nieuw")
def nieuw_opslaan(request: Request, slug: str, session: SessionDep, actor: ActorDep, titel: Veld = "",
                  soort: Veld = "", toelichting: Veld = "", document_titel: Veld = "", document_url: Veld = ""):
    if not actor.authenticated:
        return to_login(request, f"/regelingen/{slug}/voorstellen/nieuw")
    r = regelingen.get_regeling(session, slug)
    form = {"titel": titel, "soort": soort, "toelichting": toelichting, "document_titel": document_titel,
            "document_url": document_url}
    fouten: dict[str, str] = {}
    if not titel.strip():
        fouten["titel"] = "Geef het voorstel een titel."
    elif len(titel.strip()) > service.MAX_TITEL:
        fouten["titel"] = f"De titel mag hoogstens {service.MAX_TITEL} tekens lang zijn."
    gekozen = _keuze(soort, VoorstelSoort, "soort", fouten, "Kies de soort voorstel.")
    url = _url(document_url, "document_url", fouten)
    if bool(document_titel.strip()) != bool(url):
        fouten.setdefault("document_url" if document_titel.strip() else "document_titel",
                          "Geef van het document zowel de titel als het webadres, of laat beide leeg.")
    if fouten:
        return _nieuw_pagina(request, r, form, fouten, 422)
    documenten = [{"titel": document_titel.strip()[:300], "url": url}] if url else []
    try:
        voorstel = service.maak(session, actor=actor, regeling=r.slug, titel=titel, soort=gekozen,
                                toelichting=toelichting, documenten=documenten)
    except (Invalid, Conflict) as exc:
        session.rollback()
        return _nieuw_pagina(request, r, form, _fout_van(exc, {"titel": "titel"}),
                             409 if isinstance(exc, Conflict) else 422)
    request.session["melding"] = f"Het voorstel ‘{voorstel.titel}’ is opgesteld, als concept."
    return redirect(request, f"/voorstellen/{voorstel.id}/beheer")


# --- the secretaris's page --------------------------------------------------------------------------------------


def _beheer_pagina(request: Request, d, *, stap: str | None = None, form: dict | None = None,
                   fouten: dict | None = None, status_code: int = 200) -> Response:
    v, r = d.voorstel, d.regeling
    actor = request.state.actor
    return render(request, "voorstellen/beheer.html", {
        "title": f"{v.titel} beheren", "d": d, "v": v, "r": r,
        "secretaris": service.is_secretaris(actor, r),
        "adviseert": [o for o in d.advies_organen if service.is_secretaris(actor, r) or actor.may_manage_orgaan(o)],
        "stap": stap, "form": form or {}, "fouten": fouten or {},
        "fasen": service.FASE_LABELS, "soorten": service.SOORT_LABELS, "uitkomsten": service.UITKOMST_LABELS,
        "besluiten": service.BESLUIT_LABELS, "ab_soorten": service.AB_SOORTEN,
        "kruimelpad": [("Home", "/"), ("Besluiten", "/besluiten"), (v.titel, f"/voorstellen/{v.id}"),
                       ("Beheren", f"/voorstellen/{v.id}/beheer")],
    }, status_code=status_code)


@router.get("/voorstellen/{voorstel_id}/beheer")
def beheer(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    return _beheer_pagina(request, service.beheer(session, actor=actor, voorstel_id=voorstel_id))


def _stap(request: Request, session, actor, voorstel_id: int, stap: str, form: dict, uitvoeren,
          veld_namen: dict[str, str], melding: str, background: BackgroundTasks | None = None) -> Response:
    """Run one step: parse errors and service errors come back on the form; success redirects to the public page."""
    try:
        try:
            uitvoeren()
        except Fouten as exc:
            fouten, status = exc.fouten, 422
        except Conflict as exc:
            fouten, status = {"conflict": exc.detail}, 409
        except Invalid as exc:
            fouten, status = _fout_van(exc, veld_namen), 422
        else:
            request.session["melding"] = melding
            if background is not None:  # mail goes out after the commit that queued it
                deliver_mail_after_response(background, request)
            return redirect(request, f"/voorstellen/{voorstel_id}")
    except NotAuthenticated:
        return to_login(request, f"/voorstellen/{voorstel_id}/beheer")
    session.rollback()  # nothing the failed step wrote may be committed with the page below
    d = service.beheer(session, actor=actor, voorstel_id=voorstel_id)
    return _beheer_pagina(request, d, stap=stap, form=form, fouten=fouten, status_code=status)


@router.post("/voorstellen/{voorstel_id}/beheer/verzenden")
def verzenden(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep, versie: Veld = "",
              verzonden_op: Veld = "", ab_datum: Veld = "", uiterlijk: Veld = ""):
    form = {"verzonden_op": verzonden_op, "ab_datum": ab_datum, "uiterlijk": uiterlijk}

    def uitvoeren():
        fouten: dict[str, str] = {}
        op = _datum(verzonden_op, "verzonden_op", fouten)
        ab = _datum(ab_datum, "ab_datum", fouten, verplicht=False)
        tot = _datum(uiterlijk, "uiterlijk", fouten, verplicht=False)
        n = _versie(versie, fouten)
        if fouten:
            raise Fouten(fouten)
        service.verstuur(session, actor=actor, voorstel_id=voorstel_id, verzonden_op=op, versie=n, ab_datum=ab,
                         uiterlijk=tot)

    return _stap(request, session, actor, voorstel_id, "verzenden", form, uitvoeren,
                 {"verzonden_op": "verzonden_op", "ab_datum": "ab_datum", "uiterlijk": "uiterlijk"},
                 "Het voorstel is naar de raden gestuurd; de zienswijzetermijn staat erbij.")


@router.post("/voorstellen/{voorstel_id}/beheer/antwoord/{behandeling_id}")
def antwoorden(request: Request, voorstel_id: VoorstelId, behandeling_id: BehandelingId, session: SessionDep,
               actor: ActorDep, background: BackgroundTasks, versie: Veld = "", antwoord: Veld = "",
               antwoord_op: Veld = ""):
    stap = f"antwoord-{behandeling_id}"
    form = {"antwoord": antwoord, "antwoord_op": antwoord_op}

    def uitvoeren():
        fouten: dict[str, str] = {}
        op = _datum(antwoord_op, f"{stap}-op", fouten)
        if not antwoord.strip():
            fouten[f"{stap}-tekst"] = "Vul het antwoord in: schriftelijk en gemotiveerd."
        n = _versie(versie, fouten)
        if fouten:
            raise Fouten(fouten)
        service.beantwoord(session, actor=actor, voorstel_id=voorstel_id, behandeling_id=behandeling_id,
                           antwoord=antwoord, antwoord_op=op, versie=n)

    return _stap(request, session, actor, voorstel_id, stap, form, uitvoeren,
                 {"antwoord": f"{stap}-tekst", "antwoord_op": f"{stap}-op"},
                 "Het antwoord op de zienswijze is vastgelegd; de griffier krijgt bericht.", background)


@router.post("/voorstellen/{voorstel_id}/beheer/advies")
def advies(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep, versie: Veld = "",
           orgaan: Veld = "", advies_tekst: Veld = "", advies_op: Veld = ""):
    form = {"orgaan": orgaan, "advies_tekst": advies_tekst, "advies_op": advies_op}

    def uitvoeren():
        fouten: dict[str, str] = {}
        op = _datum(advies_op, "advies_op", fouten)
        if not orgaan.strip():
            fouten["orgaan"] = "Kies de Raadstafel of carrousel die adviseerde."
        if not advies_tekst.strip():
            fouten["advies_tekst"] = "Vul het advies in."
        n = _versie(versie, fouten) if versie.strip() else None
        if fouten:
            raise Fouten(fouten)
        service.geef_advies(session, actor=actor, voorstel_id=voorstel_id, orgaan=orgaan, tekst=advies_tekst,
                            besloten_op=op, versie=n)

    return _stap(request, session, actor, voorstel_id, "advies", form, uitvoeren,
                 {"orgaan": "orgaan", "tekst": "advies_tekst", "besloten_op": "advies_op"},
                 "Het advies is vastgelegd; het staat bij de behandeling in elke raad.")


@router.post("/voorstellen/{voorstel_id}/beheer/besluit")
def besluit(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep, versie: Veld = "",
            besluit: Veld = "", besluit_op: Veld = "", besluit_tekst: Veld = "", stemming_id: Veld = ""):
    form = {"besluit": besluit, "besluit_op": besluit_op, "besluit_tekst": besluit_tekst, "stemming_id": stemming_id}

    def uitvoeren():
        fouten: dict[str, str] = {}
        gekozen = _keuze(besluit, Besluit, "besluit", fouten, "Kies het besluit van het algemeen bestuur.")
        op = _datum(besluit_op, "besluit_op", fouten)
        stemming = None
        if stemming_id.strip():
            if _GETAL.match(stemming_id.strip()) and int(stemming_id) >= 1:
                stemming = int(stemming_id)
            else:
                fouten["stemming_id"] = "Vul het nummer van de stemming in (een getal), of laat het veld leeg."
        n = _versie(versie, fouten)
        if fouten:
            raise Fouten(fouten)
        service.besluit(session, actor=actor, voorstel_id=voorstel_id, besluit=gekozen, besloten_op=op,
                        besluit_tekst=besluit_tekst, stemming_id=stemming, versie=n)

    return _stap(request, session, actor, voorstel_id, "besluit", form, uitvoeren,
                 {"besloten_op": "besluit_op", "stemming_id": "stemming_id", "besluit_tekst": "besluit_tekst"},
                 "Het besluit van het algemeen bestuur is vastgelegd.")


@router.post("/voorstellen/{voorstel_id}/beheer/publiceren")
def publiceren(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep, versie: Veld = "",
               publicatie: Veld = "", publicatie_url: Veld = "", gepubliceerd_op: Veld = ""):
    form = {"publicatie": publicatie, "publicatie_url": publicatie_url, "gepubliceerd_op": gepubliceerd_op}

    def uitvoeren():
        fouten: dict[str, str] = {}
        if not publicatie.strip():
            fouten["publicatie"] = "Vul de vindplaats in het publicatieblad in."
        url = _url(publicatie_url, "publicatie_url", fouten)
        op = _datum(gepubliceerd_op, "gepubliceerd_op", fouten)
        n = _versie(versie, fouten)
        if fouten:
            raise Fouten(fouten)
        service.publiceer(session, actor=actor, voorstel_id=voorstel_id, publicatie=publicatie, publicatie_url=url,
                          gepubliceerd_op=op, versie=n)

    return _stap(request, session, actor, voorstel_id, "publiceren", form, uitvoeren,
                 {"publicatie": "publicatie", "publicatie_url": "publicatie_url",
                  "gepubliceerd_op": "gepubliceerd_op"},
                 "De publicatie is vastgelegd. Het besluit verandert nu alleen nog door een zichtbare correctie.")


@router.post("/voorstellen/{voorstel_id}/beheer/corrigeren")
def corrigeren(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep, versie: Veld = "",
               reden: Veld = "", c_titel: Veld = "", c_besluit: Veld = "", c_besloten_op: Veld = "",
               c_besluit_tekst: Veld = "", c_publicatie: Veld = "", c_publicatie_url: Veld = "",
               c_gepubliceerd_op: Veld = ""):
    form = {"reden": reden, "c_titel": c_titel, "c_besluit": c_besluit, "c_besloten_op": c_besloten_op,
            "c_besluit_tekst": c_besluit_tekst, "c_publicatie": c_publicatie, "c_publicatie_url": c_publicatie_url,
            "c_gepubliceerd_op": c_gepubliceerd_op}

    def uitvoeren():
        fouten: dict[str, str] = {}
        nieuw = {
            "titel": c_titel.strip(),
            "besluit": _keuze(c_besluit, Besluit, "c_besluit", fouten, "Kies het besluit."),
            "besloten_op": _datum(c_besloten_op, "c_besloten_op", fouten),
            "besluit_tekst": c_besluit_tekst.strip() or None,
            "publicatie": c_publicatie.strip(),
            "publicatie_url": _url(c_publicatie_url, "c_publicatie_url", fouten),
            "gepubliceerd_op": _datum(c_gepubliceerd_op, "c_gepubliceerd_op", fouten),
        }
        if not reden.strip():
            fouten["reden"] = "Geef de reden van de correctie: die wordt bij het besluit getoond."
        n = _versie(versie, fouten)
        if fouten:
            raise Fouten(fouten)
        huidig = service.detail(session, voorstel_id, actor=actor).voorstel
        # The form shows every field; only what differs is corrected (and named in the history).
        velden = {k: w for k, w in nieuw.items() if (getattr(huidig, k) or None) != (w or None)}
        service.corrigeer(session, actor=actor, voorstel_id=voorstel_id, velden=velden, reden=reden, versie=n)

    return _stap(request, session, actor, voorstel_id, "corrigeren", form, uitvoeren,
                 {k: f"c_{k}" for k in service.CORRIGEERBAAR} | {"reden": "reden"},
                 "De correctie is vastgelegd en staat zichtbaar bij het besluit.")


# --- the griffier's page ----------------------------------------------------------------------------------------


def _behandeling_pagina(request: Request, d, view, *, form: dict, fouten: dict, status_code: int = 200) -> Response:
    v = d.voorstel
    pad = f"/voorstellen/{v.id}/behandelingen/{view.behandeling.id}"
    return render(request, "voorstellen/behandeling.html", {
        "title": f"Uitkomst in {view.gemeente.naam}: {v.titel}", "d": d, "v": v, "view": view,
        "b": view.behandeling, "form": form, "fouten": fouten, "uitkomsten": service.UITKOMST_LABELS,
        "keuzes": service.UITKOMSTEN[view.behandeling.rol], "rollen": BehandelingRol,
        "kruimelpad": [("Home", "/"), ("Besluiten", "/besluiten"), (v.titel, f"/voorstellen/{v.id}"),
                       (view.gemeente.naam, pad)],
    }, status_code=status_code)


def _uitkomst_form(b) -> dict:
    return {"uitkomst": b.uitkomst.value if b.uitkomst else "", "tekst": b.tekst or "",
            "besloten_op": b.besloten_op.isoformat() if b.besloten_op else "", "versie": str(b.versie)}


@router.get("/voorstellen/{voorstel_id}/behandelingen/{behandeling_id}")
def behandeling(request: Request, voorstel_id: VoorstelId, behandeling_id: BehandelingId, session: SessionDep,
                actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    d, view = service.behandeling_voor_griffier(session, actor=actor, voorstel_id=voorstel_id,
                                                behandeling_id=behandeling_id)
    return _behandeling_pagina(request, d, view, form=_uitkomst_form(view.behandeling), fouten={})


@router.post("/voorstellen/{voorstel_id}/behandelingen/{behandeling_id}")
def behandeling_opslaan(request: Request, voorstel_id: VoorstelId, behandeling_id: BehandelingId,
                        session: SessionDep, actor: ActorDep, versie: Veld = "", uitkomst: Veld = "",
                        tekst: Veld = "", besloten_op: Veld = ""):
    pad = f"/voorstellen/{voorstel_id}/behandelingen/{behandeling_id}"
    if not actor.authenticated:
        return to_login(request, pad)
    form = {"uitkomst": uitkomst, "tekst": tekst, "besloten_op": besloten_op, "versie": versie}
    fouten: dict[str, str] = {}
    gekozen = _keuze(uitkomst, Uitkomst, "uitkomst", fouten, "Kies wat de raad deed.")
    op = _datum(besloten_op, "besloten_op", fouten)
    n = _versie(versie, fouten)
    if gekozen == Uitkomst.zienswijze and not tekst.strip():
        fouten["tekst"] = "Vul de tekst van de zienswijze in."
    status = 422
    if not fouten:
        try:
            service.leg_uitkomst_vast(session, actor=actor, voorstel_id=voorstel_id, behandeling_id=behandeling_id,
                                      uitkomst=gekozen, tekst=tekst, besloten_op=op, versie=n)
        except Conflict as exc:
            fouten, status = {"conflict": exc.detail}, 409
        except Invalid as exc:
            fouten = _fout_van(exc, {"uitkomst": "uitkomst", "tekst": "tekst", "besloten_op": "besloten_op"})
        else:
            request.session["melding"] = "De uitkomst van de raad is vastgelegd."
            return redirect(request, f"/voorstellen/{voorstel_id}")
        session.rollback()
    d, view = service.behandeling_voor_griffier(session, actor=actor, voorstel_id=voorstel_id,
                                                behandeling_id=behandeling_id)
    if "conflict" in fouten:
        form = {**form, "versie": str(view.behandeling.versie)}  # so the next submission is a deliberate one
    return _behandeling_pagina(request, d, view, form=form, fouten=fouten, status_code=status)
