"""Errors as a person reads them: a Dutch page in the browser, application/problem+json (RFC 9457) in the API."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.errors import DomainError
from app.validation import dutch_message, field_path

log = logging.getLogger("tussenruimte")

PROBLEM_JSON = "application/problem+json"
TITLES = {
    400: "Ongeldig verzoek",
    401: "Niet ingelogd",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    409: "Conflict",
    422: "Ongeldige invoer",
    429: "Te veel verzoeken",
    500: "Er ging iets mis",
}
DETAILS = {
    404: "Deze pagina bestaat niet (meer). Controleer het adres of zoek verder vanaf de startpagina.",
    405: "Deze handeling is op dit adres niet mogelijk.",
    500: "Er ging aan onze kant iets mis. Probeer het later opnieuw; de fout is vastgelegd.",
}


def _wants_problem_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_response(request: Request, status: int, detail: str, errors: list[dict] | None = None) -> Response:
    title = TITLES.get(status, "Fout")
    headers = {"WWW-Authenticate": 'Bearer realm="tussenruimte"'} if status == 401 else None
    if _wants_problem_json(request):
        body = {"type": "about:blank", "title": title, "status": status, "detail": detail,
                "instance": request.url.path}
        if errors:
            body["invalid-params"] = errors
        return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)
    from app.web.templating import render  # late: templates import the request helpers

    try:
        return render(request, "fout.html", {"status": status, "title": title, "detail": detail, "errors": errors},
                      status_code=status, headers=headers)
    except Exception:  # the error page itself must never fail
        log.exception("foutpagina kon niet worden getoond")
        return Response(f"{status} {title}: {detail}", status_code=status, media_type="text/plain; charset=utf-8")


def install(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def domain_error(request: Request, exc: DomainError):
        return error_response(request, exc.status_code, exc.detail, exc.errors)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        errors = [{"name": field_path(e["loc"]), "reason": dutch_message(e)} for e in exc.errors()]
        detail = "; ".join(f"{e['name'] or 'invoer'}: {e['reason']}" for e in errors)
        return error_response(request, 422, f"De invoer klopt niet: {detail}", errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code not in DETAILS else DETAILS.get(
            exc.status_code, str(exc.detail))
        return error_response(request, exc.status_code, detail)

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception):
        log.exception("onverwachte fout bij %s %s", request.method, request.url.path)
        return error_response(request, 500, DETAILS[500])
