"""Errors as a person reads them: a Dutch page in the browser, application/problem+json (RFC 9457) in the API."""

import logging
from datetime import datetime

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from app.db import is_busy
from app.errors import DomainError
from app.i18n import N_, gettext
from app.validation import dutch_message, field_path
from app.web.security_headers import HEADERS as SECURITY_HEADERS

log = logging.getLogger("tussenruimte")

PROBLEM_JSON = "application/problem+json"
# Marked for the catalogue: the HTML error page shows them in the reader's language; problem+json stays Dutch.
TITLES = {
    400: N_("Ongeldig verzoek"),
    401: N_("Niet ingelogd"),
    403: N_("Geen toegang"),
    404: N_("Niet gevonden"),
    405: N_("Methode niet toegestaan"),
    409: N_("Conflict"),
    410: N_("Verwijderd"),
    422: N_("Ongeldige invoer"),
    429: N_("Te veel verzoeken"),
    500: N_("Er ging iets mis"),
    503: N_("Even bezet"),
}
DETAILS = {
    404: N_("Deze pagina bestaat niet (meer). Controleer het adres of zoek verder vanaf de startpagina."),
    405: N_("Deze handeling is op dit adres niet mogelijk."),
    500: N_("Er ging aan onze kant iets mis. Probeer het later opnieuw; de fout is vastgelegd."),
}
# The framework's own English texts, as a Dutch reader gets them.
TRANSLATED = {
    "There was an error parsing the body":
        "De inhoud van het verzoek kon niet worden gelezen. Stuur geldige JSON, gecodeerd in UTF-8.",
}
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class Gone(DomainError):
    """A public object that was deleted: the API says so (410), with when, instead of pretending it never was."""

    status_code = 410
    title = TITLES[410]

    def __init__(self, detail: str, *, deleted_at: datetime):
        super().__init__(detail)
        self.deleted_at = deleted_at


class Problem(BaseModel):
    """Een fout volgens RFC 9457 (application/problem+json), met een Nederlandse titel en toelichting."""

    model_config = ConfigDict(populate_by_name=True)

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Niet gevonden"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["Gemeente ‘GM9999’ bestaat niet."])
    instance: str = Field(examples=["/api/v1/gemeenten/GM9999"])
    invalid_params: list[dict[str, str]] | None = Field(
        default=None, alias="invalid-params",
        description="bij ongeldige invoer: per parameter of veld de naam (name) en de reden (reason)",
    )


class GoneProblem(Problem):
    """Het object is verwijderd; `deleted_at` zegt wanneer."""

    deleted_at: datetime = Field(examples=["2027-01-20T10:15:00+01:00"])


_SCHEMAS = {status: model.model_json_schema(by_alias=True) for status, model in ((0, Problem), (410, GoneProblem))}


def problems(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI documentation for the problem+json answers an operation can give."""
    return {
        status: {
            "description": TITLES.get(status, "Fout"),
            "content": {PROBLEM_JSON: {"schema": _SCHEMAS.get(status, _SCHEMAS[0])}},
        }
        for status in statuses
    }


def _wants_problem_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, detail: str, errors: list[dict] | None = None, *,
                   headers: dict[str, str] | None = None, members: dict | None = None) -> Response:
    """``members``: extension members of the problem (RFC 9457 §3.2), such as ``deleted_at``."""
    title = TITLES.get(status, "Fout")
    headers = dict(headers or {})
    if status == 401:
        headers["WWW-Authenticate"] = 'Bearer realm="tussenruimte"'
    if _wants_problem_json(request):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                "instance": request.url.path, **(members or {})}
        if errors:
            body["invalid-params"] = errors
        return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)
    from app.web.templating import render  # late: templates import the request helpers

    try:
        # Titles and the fixed details are in the catalogue; a detail a service wrote comes back as it is.
        return render(request, "fout.html", {"status": status, "title": gettext(title), "detail": gettext(detail),
                                             "errors": errors}, status_code=status, headers=headers)
    except Exception:  # the error page itself must never fail
        log.exception("foutpagina kon niet worden getoond")
        return Response(f"{status} {title}: {detail}", status_code=status, media_type="text/plain; charset=utf-8")


def _allowed_methods(request: Request) -> str | None:
    """Every method some route takes at this path (the router names only those of the first route it found)."""
    try:
        return ", ".join(method for method in METHODS if any(
            route.matches({"type": "http", "path": request.url.path, "root_path": "", "method": method})[0]
            == Match.FULL for route in request.app.router.routes
        )) or None
    except Exception:  # an error answer must never fail; the router's own Allow will do
        log.exception("toegestane methoden niet bepaald")
        return None


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        members = {"deleted_at": exc.deleted_at.isoformat()} if isinstance(exc, Gone) else None
        return error_response(request, exc.status_code, exc.detail, exc.errors, members=members)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        # A body that is no JSON at all has a character position where a field name would be.
        errors = [{"name": "body" if e["type"] == "json_invalid" else field_path(e["loc"]),
                   "reason": dutch_message(e)} for e in exc.errors()]
        detail = "; ".join(f"{e['name'] or 'invoer'}: {e['reason']}" for e in errors)
        return error_response(request, 422, f"De invoer klopt niet: {detail}", errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in DETAILS else DETAILS.get(
            exc.status_code, str(exc.detail))
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = _allowed_methods(request) or headers.get("Allow", "")
        return error_response(request, exc.status_code, TRANSLATED.get(detail, detail), headers=headers)

    @app.exception_handler(sa.exc.OperationalError)
    async def database_busy(request: Request, exc: sa.exc.OperationalError):
        if not is_busy(exc):
            return await server_error(request, exc)
        response = error_response(request, 503, "De database was even bezet met een andere wijziging. "
                                                "Er is niets opgeslagen; probeer het zo opnieuw.")
        response.headers["Retry-After"] = "1"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("onverwachte fout bij %s %s", request.method, request.url.path)
        response = error_response(request, 500, DETAILS[500])
        # This answer leaves through Starlette's outermost error middleware, past SecurityHeadersMiddleware.
        for name, value in SECURITY_HEADERS:
            response.headers.setdefault(name.decode(), value.decode())
        return response
