"""The griffiers' board (synchronisatiebord) of a regeling, and moving a meeting on it with a what-if first.

The board is public (meetings are). Moving a meeting is for whoever manages it: first ``wat-als`` shows what
would break (htmx swaps the consequences into the page; without JavaScript the same POST answers with the
whole page), then ``verplaats`` saves at the version the user saw, or says 409 when someone else was quicker.
"""

from datetime import datetime
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from pydantic import BaseModel, ConfigDict

from app.errors import Conflict, DomainError, Invalid, NotAuthenticated
from app.feeds.announce import feed_for
from app.planning import bord as service
from app.regelingen.models import SYNCHRONISATIE_LABELS
from app.validation import MAX_ID, reject_nul
from app.vergaderingen.routes import to_login
from app.web.deps import ActorDep, SessionDep
from app.web.templating import Zoek, datum, redirect, render, wants_fragment

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

TEMPLATE = "planning/bord.html"


class VerplaatsForm(BaseModel):
    """The move forms as typed: strings, so a wrong value is a Dutch message, not a framework error."""

    model_config = ConfigDict(extra="ignore")

    vergadering: str = ""
    datum: str = ""
    versie: str = ""
    van: str = ""
    weken: str = ""


def _vandaag(request: Request):
    return datetime.now(request.app.state.settings.tz).date()


def _bord_url(slug: str, van=None, weken: int | None = None) -> str:
    query = {k: v for k, v in (("van", van.isoformat() if van else None), ("weken", weken)) if v is not None}
    return f"/regelingen/{slug}/bord" + (f"?{urlencode(query)}" if query else "")


def _getal(waarde: str, naam: str) -> int:
    waarde = waarde.strip()
    if not (waarde.isascii() and waarde.isdigit() and 1 <= int(waarde) <= MAX_ID):
        raise Invalid(
            f"Het formulier mist {naam}. Laad het synchronisatiebord opnieuw.",
            errors=[{"name": naam, "reason": "ontbreekt of is geen geheel getal"}],
        )
    return int(waarde)


def _context(request: Request, pagina: service.BordPagina) -> dict:
    """The whole board; its deadlines (zienswijzen, P&C milestones) are offered as the regeling's deadline feed."""
    r = pagina.regeling
    return {
        "title": f"Synchronisatiebord {r.naam}",
        "kruimelpad": [
            ("Home", "/"),
            ("Regelingen", "/regelingen"),
            (r.naam, f"/regelingen/{r.slug}"),
            ("Synchronisatiebord", f"/regelingen/{r.slug}/bord"),
        ],
        "demo": r.demo,
        "p": pagina,
        "r": r,
        "synchronisatie_labels": SYNCHRONISATIE_LABELS,
        "afkortingen": service.AFKORTINGEN,
        "bord_url": _bord_url(r.slug, pagina.van, pagina.weken),
        "termijnen_feed": feed_for(request.app.state.settings.base_url, "termijnen-regeling", r.slug, r.naam),
    }


def _fout(request: Request, exc: DomainError, slug: str, session=None):
    """An htmx request gets the refusal in the what-if panel; a plain form the site's error page."""
    if session is not None:
        session.rollback()  # whatever the refused request touched is not committed
    if isinstance(exc, NotAuthenticated):
        return to_login(request, _bord_url(slug))
    if not wants_fragment(request):
        raise exc
    return render(request, TEMPLATE, {"fout_melding": exc.detail}, block="wat_als", status_code=exc.status_code)


@router.get("/regelingen/{slug}/bord")
def bord(request: Request, slug: str, session: SessionDep, actor: ActorDep, van: Zoek = "", weken: Zoek = ""):
    tz = request.app.state.settings.tz
    begin, n = service.venster(van, weken, _vandaag(request))
    pagina = service.bord_pagina(session, actor=actor, slug=slug, van=begin, weken=n, tz=tz)
    return render(request, TEMPLATE, _context(request, pagina))


@router.post("/regelingen/{slug}/bord/wat-als")
def wat_als(request: Request, slug: str, session: SessionDep, actor: ActorDep, form: Annotated[VerplaatsForm, Form()]):
    if not actor.authenticated:
        return to_login(request, _bord_url(slug))
    try:
        begin, n = service.venster(form.van, form.weken, _vandaag(request))
        pagina = service.wat_als(
            session,
            actor=actor,
            slug=slug,
            vergadering_id=_getal(form.vergadering, "vergadering"),
            datum=form.datum,
            van=begin,
            weken=n,
            tz=request.app.state.settings.tz,
        )
    except DomainError as exc:
        return _fout(request, exc, slug, session)
    status = 422 if pagina.wat_als.fout else 200
    return render(request, TEMPLATE, _context(request, pagina), block="wat_als", status_code=status)


@router.post("/regelingen/{slug}/bord/verplaats")
def verplaats(
    request: Request, slug: str, session: SessionDep, actor: ActorDep, form: Annotated[VerplaatsForm, Form()]
):
    if not actor.authenticated:
        return to_login(request, _bord_url(slug))
    tz = request.app.state.settings.tz
    try:
        begin, n = service.venster(form.van, form.weken, _vandaag(request))
        vergadering_id = _getal(form.vergadering, "vergadering")
        versie = _getal(form.versie, "versie")
        nieuw = service.lees_datum(form.datum)
        if nieuw is None:  # the what-if page says what is wrong with the date, beside the field
            pagina = service.wat_als(
                session,
                actor=actor,
                slug=slug,
                vergadering_id=vergadering_id,
                datum=form.datum,
                van=begin,
                weken=n,
                tz=tz,
            )
            return render(request, TEMPLATE, _context(request, pagina), block="wat_als", status_code=422)
        try:
            view = service.verplaats(
                session, actor=actor, slug=slug, vergadering_id=vergadering_id, datum=nieuw, versie=versie, tz=tz
            )
        except Conflict:
            session.rollback()
            # Someone changed the meeting since the user looked: show the consequences on today's board again,
            # with the new version in the form, so saving is a choice made on what is there now.
            pagina = service.wat_als(
                session,
                actor=actor,
                slug=slug,
                vergadering_id=vergadering_id,
                datum=form.datum,
                van=begin,
                weken=n,
                tz=tz,
                conflict=True,
            )
            return render(request, TEMPLATE, _context(request, pagina), block="wat_als", status_code=409)
    except DomainError as exc:
        return _fout(request, exc, slug, session)
    request.session["melding"] = f"{view.titel} is verplaatst naar {datum(nieuw)}."
    return redirect(request, _bord_url(slug, begin, n))
