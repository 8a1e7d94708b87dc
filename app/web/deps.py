"""Request dependencies shared by the HTML and JSON routes: the session, the actor, CSRF."""

import secrets
from typing import Annotated

from fastapi import BackgroundTasks, Depends, Request
from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.authz import Actor
from app.accounts.models import Gebruiker
from app.berichten.service import deliver_pending
from app.config import Settings
from app.db import get_session
from app.errors import Forbidden, NotAuthenticated

SessionDep = Annotated[Session, Depends(get_session, scope="function")]

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


def get_settings_dep(request: Request) -> Settings:
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def get_actor(request: Request, session: SessionDep) -> Actor:
    token = bearer_token(request)
    if token is not None:
        user_id = accounts.user_for_token(session, token)
        if user_id is None:
            raise NotAuthenticated("Het token is onbekend of ingetrokken.")
        actor = accounts.actor_for(session, user_id)
    else:
        actor = accounts.actor_for(session, request.session.get("user_id"), generation=request.session.get("generatie"))
        if not actor.authenticated and "user_id" in request.session:
            request.session.clear()  # logged out elsewhere, or the account was disabled
    request.state.actor = actor
    return actor


ActorDep = Annotated[Actor, Depends(get_actor)]


def csrf_token(request: Request) -> str:
    """The session's CSRF token, made on first use. Forms carry it as a hidden field, htmx as a header."""
    token = request.session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


async def verify_csrf(request: Request) -> None:
    """Refuse a state-changing request from a browser session that does not carry the session's token.

    Bearer-token API calls carry no cookie, so they cannot be forged cross-site and need no token. An API
    call without a logged-in session is left to the service, which answers 401.
    """
    if request.method not in UNSAFE_METHODS or bearer_token(request) is not None:
        return
    is_api = request.url.path.startswith("/api/")
    if is_api and "user_id" not in request.session:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and not is_api:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
    expected = request.session.get("csrf")
    if not expected or not isinstance(sent, str) or not secrets.compare_digest(sent, expected):
        raise Forbidden(
            "Dit formulier is verlopen of komt niet van deze website (CSRF-controle). "
            "Laad de pagina opnieuw en probeer het nog eens."
        )


def log_in(request: Request, user: Gebruiker) -> None:
    """Start a fresh session (no fixation) with a new CSRF token."""
    request.session.clear()
    request.session["user_id"] = user.id
    request.session["generatie"] = user.sessie_generatie
    csrf_token(request)


def log_out(request: Request, session: Session) -> None:
    """End this session, and every copy of its cookie: the signed cookie itself cannot be recalled."""
    if "user_id" in request.session:
        accounts.end_sessions(session, request.session["user_id"])
    request.session.clear()


def deliver_mail_after_response(background: BackgroundTasks, request: Request) -> None:
    """Send what the request queued in the outbox once the response is out (and so the transaction committed)."""
    background.add_task(deliver_pending, request.app.state.session_factory, request.app.state.settings)
