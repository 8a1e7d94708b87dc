"""HTML pages: Mijn meldingen (subscriptions), the outbox for those who send, and the one-click unsubscribe."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Depends, Form, Request

from app.berichten import abonnementen, afmelden
from app.berichten import service as berichten
from app.berichten.abonnementen import MELDING_LABELS
from app.berichten.models import Melding
from app.berichten.service import STAAT_LABELS, Staat
from app.errors import BadFilter, Forbidden, Invalid
from app.validation import MAX_ID, reject_nul
from app.vergaderingen.routes import to_login
from app.web.deps import ActorDep, SessionDep, SettingsDep
from app.web.templating import Pagina, Zoek, env, redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])
# RFC 8058 one-click unsubscribe: a POST from a mail client, which carries no session and no CSRF token.
one_click = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

MIJN = "/mijn/meldingen"
OUTBOX = "/beheer/berichten"
PAGINA = 50


# --- Mijn meldingen ---------------------------------------------------------------------------------------


def _mijn(request: Request, session, actor, *, fouten: dict | None = None, status_code: int = 200):
    overzicht = abonnementen.mijn_meldingen(session, actor=actor)
    return render(request, "berichten/mijn_meldingen.html", {
        "title": "Mijn meldingen",
        "kruimelpad": [("Home", "/"), ("Mijn meldingen", MIJN)],
        "overzicht": overzicht,
        "labels": MELDING_LABELS,
        "soorten": list(Melding),
        "fouten": fouten or {},
    }, status_code=status_code)


@router.get(MIJN)
def mijn_meldingen(request: Request, session: SessionDep, actor: ActorDep):
    if not actor.authenticated:
        return to_login(request)
    return _mijn(request, session, actor)


def _keuzes(regeling: list[int], keuze: list[str]) -> dict[int, list[Melding]]:
    """The form's ticks ("<regeling id>:<soort>") per regeling shown on it; a regeling without ticks: none."""
    if any(not 0 < r <= MAX_ID for r in regeling):
        raise Invalid("Het formulier is niet compleet of niet goed verstuurd. Laad de pagina opnieuw.")
    keuzes: dict[int, list[Melding]] = {r: [] for r in regeling}
    for waarde in keuze:
        regeling_id, _, soort = waarde.partition(":")
        if not regeling_id.isdigit() or int(regeling_id) not in keuzes or soort not in Melding.__members__:
            raise Invalid("Het formulier is niet compleet of niet goed verstuurd. Laad de pagina opnieuw.")
        keuzes[int(regeling_id)].append(Melding(soort))
    return keuzes


@router.post(MIJN)
def mijn_meldingen_opslaan(request: Request, session: SessionDep, actor: ActorDep,
                           regeling: Annotated[list[int], Form()] = (), keuze: Annotated[list[str], Form()] = ()):
    if not actor.authenticated:
        return to_login(request, MIJN)
    try:
        keuzes = _keuzes(list(regeling), list(keuze))
    except Invalid as exc:
        return _mijn(request, session, actor, fouten={"algemeen": exc.detail}, status_code=422)
    abonnementen.bewaar(session, actor=actor, keuzes=keuzes)
    request.session["melding"] = "Uw keuzes zijn opgeslagen."
    return redirect(request, MIJN)


@router.post(f"{MIJN}/volgen")
def regeling_volgen(request: Request, session: SessionDep, actor: ActorDep,
                    regeling: Annotated[str, Form(max_length=80)] = ""):
    if not actor.authenticated:
        return to_login(request, MIJN)
    if not regeling.strip():
        return _mijn(request, session, actor, fouten={"regeling": "Kies de regeling die u wilt volgen."},
                     status_code=422)
    gevolgd = abonnementen.volg(session, actor=actor, regeling_slug=regeling.strip())
    request.session["melding"] = (f"U krijgt nu alle meldingen over {gevolgd.naam}. Hieronder kiest u welke soorten "
                                  f"u wilt.")
    return redirect(request, MIJN)


# --- the outbox -------------------------------------------------------------------------------------------


@router.get(OUTBOX)
def outbox(request: Request, session: SessionDep, actor: ActorDep, staat: Zoek = "", pagina: Pagina = 1):
    if not actor.authenticated:
        return to_login(request)
    if staat and staat not in Staat.__members__:
        raise BadFilter(f"Onbekende staat ‘{staat}’; kies uit: {', '.join(s.value for s in Staat)}.")
    overzicht = berichten.overzicht(session, actor=actor, staat_=Staat(staat) if staat else None,
                                    limit=PAGINA, offset=(pagina - 1) * PAGINA)
    return render(request, "berichten/outbox.html", {
        "title": "Uitgaande berichten",
        "kruimelpad": [("Home", "/"), ("Beheer", "/beheer/vergaderingen"), ("Uitgaande berichten", OUTBOX)],
        "overzicht": overzicht,
        "staat": staat,
        "pagina": pagina,
        "staat_labels": STAAT_LABELS,
        "melding_labels": MELDING_LABELS,
        "max_pogingen": berichten.MAX_POGINGEN,
    })


@router.post(f"{OUTBOX}/verzenden")
def outbox_verzenden(request: Request, background: BackgroundTasks, actor: ActorDep, settings: SettingsDep):
    if not actor.authenticated:
        return to_login(request, OUTBOX)
    if not actor.beheerder:
        raise Forbidden("Alleen een beheerder kan de wachtrij nu laten verzenden.")
    # Only what is due: a message waiting for its next attempt keeps waiting (the backoff protects the server).
    background.add_task(berichten.deliver_pending, request.app.state.session_factory, settings)
    request.session["melding"] = ("De berichten die klaarstaan, worden nu verzonden. Vernieuw de pagina over "
                                  "een halve minuut om te zien of dat lukte.")
    return redirect(request, OUTBOX)


# --- one-click unsubscribe (RFC 8058) ---------------------------------------------------------------------


def _zonder_sessie(request: Request, context: dict):
    """The page without touching the session: the mail client's POST carries no cookie and gets none back."""
    from fastapi.responses import HTMLResponse

    from app.config import get_settings

    html = env.get_template("berichten/afmelden.html").render({
        "request": request, "actor": None, "csrf_token": "", "settings": get_settings(), "melding": None,
        "kruimelpad": [("Home", "/"), ("Afmelden", request.url.path)], **context,
    })
    return HTMLResponse(html, headers={"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"})


@one_click.get(f"{afmelden.PAD}/{{token}}")
def afmelden_bevestigen(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    """A person who opened the link: nothing changes until they press the button (scanners follow links too)."""
    gevonden = abonnementen.afmelding(session, afmelden.abonnement_id(settings.secret_key, token))
    return _zonder_sessie(request, {"title": "Afmelden voor meldingen", "a": gevonden, "klaar": False,
                                    "actie": request.url.path})


@one_click.post(f"{afmelden.PAD}/{{token}}")
def afmelden_one_click(request: Request, token: str, session: SessionDep, settings: SettingsDep):
    """The one-click POST (body ``List-Unsubscribe=One-Click``, from a mail client or the button): it ends the
    subscription and answers 200, never a redirect (RFC 8058 section 3.1)."""
    gevonden = abonnementen.zeg_op(session, afmelden.abonnement_id(settings.secret_key, token))
    return _zonder_sessie(request, {"title": "U bent afgemeld", "a": gevonden, "klaar": True})
