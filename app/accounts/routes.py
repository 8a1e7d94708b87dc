"""Logging in and out in the browser: a signed session cookie, CSRF on the form, throttled failures."""

from datetime import timedelta
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request

from app.accounts import service
from app.errors import TooManyRequests
from app.validation import reject_nul
from app.web.deps import ActorDep, SessionDep, log_in, log_out
from app.web.templating import redirect, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

DEFAULT_NEXT = "/beheer/vergaderingen"
WRONG = "E-mailadres of wachtwoord onjuist."
# Longer than any real address (RFC 5321: 254) or password; such input is not looked up or hashed at all.
MAX_EMAIL, MAX_PASSWORD = 320, 4096


def safe_next(volgende: str | None) -> str:
    """Only a path on this site: never another host (//evil.example, https://..., /\\evil.example)."""
    if not volgende or not volgende.startswith("/") or volgende.startswith("//") or "\\" in volgende:
        return DEFAULT_NEXT
    if any(ord(c) < 32 or ord(c) == 127 for c in volgende):
        return DEFAULT_NEXT
    parts = urlsplit(volgende)
    if parts.scheme or parts.netloc:
        return DEFAULT_NEXT
    return volgende


def _page(request: Request, *, email: str = "", volgende: str = "", fout: str | None = None, status_code: int = 200):
    return render(request, "accounts/inloggen.html", {
        "title": "Inloggen", "kruimelpad": [("Home", "/"), ("Inloggen", "/inloggen")],
        "email": email, "volgende": volgende, "fout": fout, "fouten": {"algemeen": fout} if fout else {},
    }, status_code=status_code)


@router.get("/inloggen")
def inloggen(request: Request, actor: ActorDep, volgende: str = ""):
    return _page(request, volgende=volgende)


@router.post("/inloggen")
def inloggen_post(request: Request, session: SessionDep, actor: ActorDep,
                  email: Annotated[str, Form()] = "", wachtwoord: Annotated[str, Form()] = "",
                  volgende: Annotated[str, Form()] = ""):
    settings = request.app.state.settings
    client = request.client.host if request.client else "onbekend"
    if len(email) > MAX_EMAIL or len(wachtwoord) > MAX_PASSWORD or "\x00" in email + wachtwoord:
        return _page(request, email=email[:MAX_EMAIL].replace("\x00", ""), volgende=volgende, fout=WRONG,
                     status_code=400)
    try:
        user = service.authenticate(session, email=email, password=wachtwoord, client=client,
                                    max_failures=settings.login_max_failures,
                                    window=timedelta(minutes=settings.login_window_minutes))
    except TooManyRequests as exc:
        return _page(request, email=email, volgende=volgende, fout=exc.detail, status_code=429)
    if user is None:
        return _page(request, email=email, volgende=volgende, fout=WRONG, status_code=400)
    log_in(request, user)
    request.session["melding"] = f"U bent ingelogd als {user.naam}."
    return redirect(request, safe_next(volgende))


@router.post("/uitloggen")
def uitloggen(request: Request, session: SessionDep):
    log_out(request, session)
    request.session["melding"] = "U bent uitgelogd."
    return redirect(request, "/")
