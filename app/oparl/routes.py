"""OParl 1.1 over HTTP, read-only: GET and HEAD, JSON, open to everyone (CORS ``*`` as OParl §2.6 asks).

Every list takes the filters of OParl 1.1 §2.5 (``created_since``, ``created_until``, ``modified_since``,
``modified_until``: RFC 3339 date-times) and a page size (``limit``, or the standard's ``elementsPerPage``);
the links of a page keep them. Errors are application/problem+json in Dutch.
"""

import json
from datetime import datetime
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.oparl import mapping as m
from app.oparl import queries as q
from app.oparl.mapping import PREFIX, BodyKey, Urls
from app.web.deps import SessionDep, SettingsDep
from app.web.errors import PROBLEM_JSON, TITLES

router = APIRouter(include_in_schema=False)

DEFAULT_LIMIT = 100
MAX_LIMIT = 250
MAX_PAGE = 100_000
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
ALLOW = "GET, HEAD"
LIST_NAMES = (*q.SCOPES, "legislativeterms")


class OparlError(Exception):
    def __init__(self, status: int, detail: str, invalid: list[dict] | None = None):
        super().__init__(detail)
        self.status, self.detail, self.invalid = status, detail, invalid


def _headers(extra: dict | None = None) -> dict[str, str]:
    return {"Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=60", **(extra or {})}


def _json(request: Request, body: dict, status: int = 200, media_type: str = "application/json",
          headers: dict | None = None) -> Response:
    content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    headers = _headers(headers)
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(content))
        return Response(b"", status_code=status, media_type=media_type, headers=headers)
    return Response(content, status_code=status, media_type=media_type, headers=headers)


def problem(request: Request, status: int, detail: str, invalid: list[dict] | None = None,
            headers: dict | None = None) -> Response:
    body = {"type": "about:blank", "title": TITLES.get(status, "Fout"), "status": status, "detail": detail,
            "instance": request.url.path}
    if invalid:
        body["invalid-params"] = invalid
    return _json(request, body, status, PROBLEM_JSON, headers)


# --- the query string ------------------------------------------------------------------------------------

def parse_moment(name: str, value: str, tz) -> datetime:
    """An RFC 3339 date-time. A '+' a client forgot to encode arrives as a space: read it as the '+' it was.
    Without an offset the time is read in the councils' time zone."""
    text = value.strip().replace(" ", "+")
    if "\x00" in value or len(text) > 40:
        raise OparlError(400, f"Filter ‘{name}’ is geen geldig tijdstip.",
                         [{"name": name, "reason": "geen geldig tijdstip"}])
    try:
        moment = datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise OparlError(400, f"Filter ‘{name}’ is geen geldig tijdstip: ‘{value[:40]}’. Gebruik een datum en "
                              f"tijd volgens RFC 3339, bijvoorbeeld 2026-01-01T00:00:00+01:00.",
                         [{"name": name, "reason": "geen geldig tijdstip (RFC 3339)"}]) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


def _integer(name: str, value: str, low: int, high: int) -> int:
    # The length first: int() of thousands of digits is slow, and a number past the column is a database error.
    if not (value.isascii() and value.isdigit() and len(value) <= 9) or not low <= int(value) <= high:
        reason = f"geheel getal van {low} tot en met {high}"
        raise OparlError(400, f"‘{name}’ moet een {reason} zijn, niet ‘{value[:20]}’.",
                         [{"name": name, "reason": reason}])
    return int(value)


class ListParams:
    def __init__(self, request: Request, settings):
        params = request.query_params
        self.kept: dict[str, str] = {}
        found: dict[str, datetime] = {}
        for name in FILTERS:
            if name in params:
                found[name] = parse_moment(name, params[name], settings.tz)
                self.kept[name] = params[name].strip().replace(" ", "+")
        for low, high in (("created_since", "created_until"), ("modified_since", "modified_until")):
            if low in found and high in found and found[low] > found[high]:
                raise OparlError(400, f"‘{low}’ ligt na ‘{high}’: zo valt er niets binnen het filter.",
                                 [{"name": low, "reason": f"ligt na {high}"}])
        self.filters = q.Filters(**found)
        size_name = "limit" if "limit" in params else "elementsPerPage" if "elementsPerPage" in params else None
        self.limit = _integer(size_name, params[size_name], 1, MAX_LIMIT) if size_name else DEFAULT_LIMIT
        if size_name:
            self.kept[size_name] = str(self.limit)
        self.page = _integer("page", params["page"], 1, MAX_PAGE) if "page" in params else 1

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def list_body(url: str, data: list[dict], total: int, params: ListParams) -> dict:
    """OParl 1.1 §2.5: data, pagination and links; every link keeps the request's filters."""
    pages = max(1, -(-total // params.limit))

    def link(page: int) -> str:
        query = dict(params.kept)
        if page > 1:
            query["page"] = str(page)
        return f"{url}?{urlencode(query)}" if query else url

    links = {"first": link(1), "self": link(params.page), "last": link(pages)}
    if params.page > 1:
        links["prev"] = link(min(params.page - 1, pages))
    if params.page < pages:
        links["next"] = link(params.page + 1)
    return {"data": data,
            "pagination": {"totalElements": total, "elementsPerPage": params.limit, "currentPage": params.page,
                           "totalPages": pages},
            "links": links}


def _ctx(session, settings, key: BodyKey | None = None) -> q.Context:
    return q.Context(session=session, settings=settings, urls=Urls(settings.base_url), listed_under=key)


def _object_id(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


def _not_found(request: Request, what: str) -> Response:
    return problem(request, 404, f"{what} bestaat niet in deze OParl-API. Begin bij {PREFIX}/system.")


# --- routes ----------------------------------------------------------------------------------------------

@router.api_route(f"{PREFIX}/system", methods=["GET", "HEAD"])
def system(request: Request, settings: SettingsDep) -> Response:
    return _json(request, m.system(Urls(settings.base_url), name="Tussenruimte", website=settings.base_url))


@router.api_route(f"{PREFIX}/bodies", methods=["GET", "HEAD"])
def bodies(request: Request, session: SessionDep, settings: SettingsDep) -> Response:
    try:
        params = ListParams(request, settings)
    except OparlError as exc:
        return problem(request, exc.status, exc.detail, exc.invalid)
    ctx = _ctx(session, settings)
    data, total = q.bodies_page(ctx, params.filters, limit=params.limit, offset=params.offset)
    return _json(request, list_body(ctx.urls.bodies(), data, total, params))


@router.api_route(f"{PREFIX}/bodies/{{key}}", methods=["GET", "HEAD"])
def body(request: Request, key: str, session: SessionDep, settings: SettingsDep) -> Response:
    parsed = BodyKey.parse(key)
    found = q.one_body(_ctx(session, settings), parsed) if parsed else None
    return _json(request, found) if found else _not_found(request, "Deze body")


@router.api_route(f"{PREFIX}/bodies/{{key}}/organizations/{{orgaan_id}}", methods=["GET", "HEAD"])
def external_organization(request: Request, key: str, orgaan_id: str, session: SessionDep,
                          settings: SettingsDep) -> Response:
    parsed, number = BodyKey.parse(key), _object_id(orgaan_id)
    found = (q.external_organization(_ctx(session, settings), parsed, number)
             if parsed and number is not None and q.body_row(session, parsed) else None)
    return _json(request, found) if found else _not_found(request, "Deze organisatie")


@router.api_route(f"{PREFIX}/bodies/{{key}}/legislativeterms/{{year}}", methods=["GET", "HEAD"])
def legislative_term(request: Request, key: str, year: str, session: SessionDep, settings: SettingsDep) -> Response:
    parsed, number = BodyKey.parse(key), _object_id(year)
    if not parsed or number not in m.TERM_YEARS or q.body_row(session, parsed) is None:
        return _not_found(request, "Deze raadsperiode")
    return _json(request, m.legislative_term(Urls(settings.base_url), parsed, number))


@router.api_route(f"{PREFIX}/bodies/{{key}}/{{name}}", methods=["GET", "HEAD"])
def body_list(request: Request, key: str, name: str, session: SessionDep, settings: SettingsDep) -> Response:
    parsed = BodyKey.parse(key)
    if name not in LIST_NAMES or parsed is None or q.body_row(session, parsed) is None:
        return _not_found(request, "Deze lijst")
    try:
        params = ListParams(request, settings)
    except OparlError as exc:
        return problem(request, exc.status, exc.detail, exc.invalid)
    ctx = _ctx(session, settings, parsed)
    url = ctx.urls.body_list(parsed, name)
    if name == "legislativeterms":
        # Derived, not stored: no created/modified to filter on, so the filters leave the list as it is.
        terms = m.legislative_terms(ctx.urls, parsed)
        data = terms[params.offset:params.offset + params.limit]
        return _json(request, list_body(url, data, len(terms), params))
    data, total = q.list_page(ctx, name, parsed, params.filters, limit=params.limit, offset=params.offset)
    return _json(request, list_body(url, data, total, params))


@router.api_route(f"{PREFIX}/{{collection}}/{{object_id}}", methods=["GET", "HEAD"])
def one(request: Request, collection: str, object_id: str, session: SessionDep, settings: SettingsDep) -> Response:
    number = _object_id(object_id)
    if collection not in q.KINDS or number is None:
        return _not_found(request, "Dit object")
    found = q.one(_ctx(session, settings), collection, number)
    return _json(request, found) if found else _not_found(request, "Dit object")


@router.api_route("/oparl/{rest:path}", methods=["GET", "HEAD"])
def unknown(request: Request, rest: str) -> Response:
    return _not_found(request, "Dit adres")


@router.api_route("/oparl/{rest:path}", methods=["POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
def read_only(request: Request, rest: str) -> Response:
    if request.method == "OPTIONS":  # a CORS preflight: reading is allowed from anywhere
        return Response(status_code=204, headers=_headers({"Allow": ALLOW, "Access-Control-Allow-Methods": ALLOW,
                                                           "Access-Control-Max-Age": "86400"}))
    return problem(request, 405, "De OParl-API is alleen te lezen: gebruik GET of HEAD.", headers={"Allow": ALLOW})
