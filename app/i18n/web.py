"""The language of a page: a cookie ``taal`` (nl|en) read by a pure ASGI middleware, and ``/taal/{code}`` to set it.

Only the HTML pages follow the cookie. The JSON API and OParl answer in Dutch whatever the cookie says (they are
read by programs, and their error texts are part of the contract); feeds and mails are composed in Dutch.
Every HTML answer says ``Vary: Cookie``: the same URL has a Dutch and an English page.
"""

from http.cookies import CookieError, SimpleCookie
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.errors import NotFound
from app.i18n import STANDAARD, TALEN, _, herstel_taal, zet_taal

COOKIE = "taal"
COOKIE_MAX_AGE = 365 * 24 * 3600
# Paths that answer in Dutch whatever the cookie: machine-readable interfaces.
NEDERLANDSE_PADEN = ("/api/", "/oparl/", "/static/")
MAX_TERUG = 2000

router = APIRouter(include_in_schema=False)


def taal_uit_cookie(header: str | None) -> str:
    """The language a ``Cookie`` header asks for; the default for anything unknown or malformed."""
    if not header:
        return STANDAARD
    cookie = SimpleCookie()
    try:
        cookie.load(header)
    except CookieError:
        return STANDAARD
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel is not None and morsel.value in TALEN else STANDAARD


def _met_vary_cookie(headers: list[tuple[bytes, bytes]]) -> list[tuple[bytes, bytes]]:
    """Add ``Cookie`` to the Vary header of an HTML answer (merged with what Vary already says)."""
    is_html = any(k.lower() == b"content-type" and v.lower().startswith(b"text/html") for k, v in headers)
    if not is_html:
        return headers
    vary = [v.decode("latin-1") for k, v in headers if k.lower() == b"vary"]
    waarden = [w.strip() for v in vary for w in v.split(",") if w.strip()]
    if any(w.lower() in ("cookie", "*") for w in waarden):
        return headers
    rest = [(k, v) for k, v in headers if k.lower() != b"vary"]
    return [*rest, (b"vary", ", ".join([*waarden, "Cookie"]).encode("latin-1"))]


class TaalMiddleware:
    """Sets the request's language (app.i18n's context variable) from the ``taal`` cookie for the whole request,
    including the error pages the exception handlers render. A pure ASGI middleware, so the context variable set
    here is the one the endpoint (and the thread it may run in) sees."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(NEDERLANDSE_PADEN):
            await self.app(scope, receive, send)
            return
        header = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"cookie"), None)
        token = zet_taal(taal_uit_cookie(header))

        async def send_met_vary(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": _met_vary_cookie(list(message.get("headers", [])))}
            await send(message)

        try:
            await self.app(scope, receive, send_met_vary)
        finally:
            herstel_taal(token)


def lokaal_pad(terug: str) -> str:
    """``terug`` if it is a path on this site, else the home page: never a redirect to another site
    (``//evil.example``, ``https://…``, ``/\\evil``, control characters)."""
    if (not terug.startswith("/") or terug.startswith(("//", "/\\")) or len(terug) > MAX_TERUG
            or any(ord(c) < 0x20 or c == "\x7f" or c == "\\" for c in terug)):
        return "/"
    return terug


@router.get("/taal/{code}")
def kies_taal(request: Request, code: str, terug: Annotated[str, Query(max_length=MAX_TERUG)] = "/"):
    """Remember the chosen language for a year and go back to the page the reader came from."""
    if code not in TALEN:
        raise NotFound(_("De taal ‘%(code)s’ bestaat hier niet. Kies Nederlands (nl) of English (en).")
                       % {"code": code[:20]})
    response = RedirectResponse(lokaal_pad(terug), status_code=303)
    response.set_cookie(COOKIE, code, max_age=COOKIE_MAX_AGE, path="/", samesite="lax", httponly=True,
                        secure=request.app.state.settings.secure_cookies)
    response.headers["Cache-Control"] = "no-store"
    return response
