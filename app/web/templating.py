"""Jinja2 set-up: Dutch dates, the CSRF token, and pages or htmx fragments from one template."""

from datetime import date, datetime
from pathlib import Path

from babel.dates import format_date, format_datetime, format_time
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from app.config import get_settings
from app.web.deps import CSRF_FIELD, CSRF_HEADER, csrf_token

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "templates"

env = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(["html", "xml"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


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


env.filters.update(datum=datum, datumtijd=datumtijd, tijd=tijd, iso=iso, lokaal=_local)
env.globals.update(CSRF_FIELD=CSRF_FIELD, CSRF_HEADER=CSRF_HEADER)


def is_htmx(request: Request) -> bool:
    return request.headers.get("HX-Request") == "true"


def render(request: Request, name: str, context: dict | None = None, *, block: str | None = None,
           status_code: int = 200, headers: dict | None = None) -> HTMLResponse:
    """Render a page, or one block of it when htmx asks (the fragment is never a second copy of the markup).

    Every response says ``Vary: HX-Request``: the same URL answers with a page or a fragment.
    """
    template = env.get_template(name)
    ctx = {
        "request": request,
        "actor": getattr(request.state, "actor", None),
        "csrf_token": csrf_token(request) if "session" in request.scope else "",
        "settings": get_settings(),
        **(context or {}),
    }
    if block is not None and is_htmx(request):
        html = "".join(template.blocks[block](template.new_context(ctx)))
    else:
        html = template.render(ctx)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    response.headers["Vary"] = "HX-Request"
    return response
