"""Jinja2 set-up: Dutch dates, the CSRF token, and pages or htmx fragments from one template."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal
from fastapi import Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.config import get_settings
from app.i18n import gettext, ngettext
from app.regelingen.aandelen import procent
from app.web.deps import CSRF_FIELD, CSRF_HEADER, csrf_token

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
# {{ _("Zoek je gemeente") }}, {{ _("%(n)s vergaderingen", n=3) }}: translated in the request's language, escaped.
env.install_gettext_callables(gettext, ngettext, newstyle=True)


def _local(value: datetime) -> datetime:
    return value.astimezone(get_settings().tz)


def datum(value: date | datetime, fmt: str = "EEEE d MMMM y") -> str:
    """'dinsdag 3 maart 2026'."""
    if isinstance(value, datetime):
        value = _local(value)
    return format_date(value, fmt, locale="nl_NL")


def datumtijd(value: datetime, fmt: str = "EEEE d MMMM y, HH:mm") -> str:
    """'dinsdag 3 maart 2026, 19:30', in the portal's time zone."""
    return format_datetime(_local(value), fmt, locale="nl_NL", tzinfo=get_settings().tz)


def tijd(value: datetime) -> str:
    return format_time(_local(value), "HH:mm", locale="nl_NL")


def iso(value: datetime) -> str:
    return _local(value).isoformat()


def euro(value: Decimal | float) -> str:
    """'€ 1.234.567,50'."""
    return format_currency(value, "EUR", locale="nl_NL")


def getal(value: Decimal | float | int) -> str:
    """'65.000', '1,5'."""
    return format_decimal(value, locale="nl_NL")


env.filters.update(datum=datum, datumtijd=datumtijd, tijd=tijd, iso=iso, lokaal=_local, procent=procent, euro=euro,
                   getal=getal)
env.globals.update(CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER)


# --- query parameters the HTML pages share -------------------------------------------------------------

MAX_PAGINA = 10_000  # far past any real list; keeps the offset a small number on every database
MAX_ZOEK = 100


# The page number of an HTML list: past the bound a Dutch 422 page, never an absurd OFFSET.
Pagina = Annotated[int, Query(ge=1, le=MAX_PAGINA, description="paginanummer, vanaf 1")]
Zoek = Annotated[str, Query(max_length=MAX_ZOEK)]  # search text and filter values typed or pasted in a URL


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_fragment(request: Request) -> bool:
    """An htmx request for part of a page. htmx 4 also sends HX-Request on a history restore (back button)
    and when it swaps the whole body; those need the full page (HX-Request-Type: full)."""
    return (is_htmx(request) and request.headers.get("HX-Request-Type") != "full"
            and request.headers.get("HX-History-Restore-Request") != "true")


def redirect(request: Request, url: str) -> Response:
    """303 for a plain form; htmx follows redirects itself (and would swap the page it lands on into the
    target), so it gets ``HX-Redirect`` instead: a full page load of ``url``."""
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": url})
    return RedirectResponse(url, status_code=303)


def render(request: Request, name: str, context: dict | None = None, *, block: str | None = None,
           status_code: int = 200, headers: dict | None = None) -> HTMLResponse:
    """Render a page, or one block of it when htmx asks (the fragment is never a second copy of the markup).

    Every response says ``Vary: HX-Request``: the same URL answers with a page or a fragment. The one-time
    message (``melding``, set before a redirect) is taken from the session here, and only for a whole page:
    a fragment has no place to show it, so it waits for the next page.
    """
    template = env.get_template(name)
    fragment = block is not None and wants_fragment(request)
    has_session = "session" in request.scope
    ctx = {
        "request": request,
        "actor": getattr(request.state, "actor", None),
        "csrf_token": csrf_token(request) if has_session else "",
        "settings": get_settings(),
        "melding": request.session.pop("melding", None) if has_session and not fragment else None,
        **(context or {}),
    }
    if fragment:
        html = "".join(template.blocks[block](template.new_context(ctx)))
    else:
        html = template.render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    response.headers["Vary"] = "HX-Request"
    return response
