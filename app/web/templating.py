"""Jinja2 set-up: dates and numbers in the page's language, the CSRF token, and pages or htmx fragments from one
template."""

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
from app.i18n import gettext, huidige_locale, huidige_taal, ngettext
from app.regelingen.aandelen import procent
from app.web.deps import CSRF_FIELD, CSRF_HEADER, csrf_token
from app.web.urls import deelbaar_pad

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


# The filters below follow the request's language (app.i18n): Babel locale nl_NL, or en_GB for English.


def datum(value: date | datetime, fmt: str = "EEEE d MMMM y") -> str:
    """'dinsdag 3 maart 2026'; in English 'Tuesday 3 March 2026'."""
    if isinstance(value, datetime):
        value = _local(value)
    return format_date(value, fmt, locale=huidige_locale())


def datumtijd(value: datetime, fmt: str = "EEEE d MMMM y, HH:mm") -> str:
    """'dinsdag 3 maart 2026, 19:30' ('Tuesday 3 March 2026, 19:30'), in the portal's time zone."""
    return format_datetime(_local(value), fmt, locale=huidige_locale(), tzinfo=get_settings().tz)


def tijd(value: datetime) -> str:
    return format_time(_local(value), "HH:mm", locale=huidige_locale())


def iso(value: datetime) -> str:
    return _local(value).isoformat()


def euro(value: Decimal | float) -> str:
    """'€ 1.234.567,50'; in English '€1,234,567.50'."""
    return format_currency(value, "EUR", locale=huidige_locale())


def getal(value: Decimal | float | int) -> str:
    """'65.000', '1,5'; in English '65,000', '1.5'."""
    return format_decimal(value, locale=huidige_locale())


def vertaal(value) -> str:
    """A text that is not in the template itself (a label from a table marked with N_, a fixed page title or a
    breadcrumb handed in by a handler) in the request's language; anything the catalogue does not know (a name,
    a title from the database) comes back unchanged. Unlike ``_()`` it never applies %-formatting."""
    return gettext(value) if isinstance(value, str) else value


def procent_filter(value, decimalen: int = 1) -> str:
    """'12,5%'; in English '12.5%' (the share itself is app.regelingen.aandelen's: Dutch text in Python)."""
    text = procent(value, decimalen)
    return text if huidige_taal() == "nl" else text.replace(",", ".")


env.filters.update(datum=datum, datumtijd=datumtijd, tijd=tijd, iso=iso, lokaal=_local, procent=procent_filter,
                   euro=euro, getal=getal, vertaal=vertaal)
env.globals.update(CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER, huidige_taal=huidige_taal,
                   deelbaar_pad=deelbaar_pad)


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
