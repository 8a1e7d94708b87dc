"""The public pages of the decisions: one page per voorstel with the position of every council, the list of
decisions with its filters (and the same list as Atom, CSV and JSON), a regeling's decisions, and per gemeente
the regelingen it takes part in.

Reads only: every handler parses its input, calls the service, and renders.
"""

from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import JSONResponse, Response

from app.besluiten import atom, export, service
from app.db import utcnow
from app.errors import DomainError
from app.gemeenten.service import get_gemeente
from app.i18n import N_, _
from app.regelingen.service import get_regeling
from app.validation import MAX_ID, reject_nul
from app.voorstellen import service as voorstellen
from app.web.deps import ActorDep, SessionDep
from app.web.errors import PROBLEM_JSON
from app.web.templating import Pagina, Zoek, render

router = APIRouter(include_in_schema=False, dependencies=[Depends(reject_nul)])

VoorstelId = Annotated[int, Path(ge=1, le=MAX_ID, description="het nummer van het voorstel")]
MAX_EXPORT = 10_000  # far past any real list; an export stays one bounded query


# The words of app.voorstellen: the management pages and these public pages say the same.
LABELS = {"soort_labels": voorstellen.SOORT_LABELS, "fase_labels": voorstellen.FASE_LABELS,
          "uitkomst_labels": voorstellen.UITKOMST_LABELS, "besluit_labels": voorstellen.BESLUIT_LABELS,
          "openbare_fasen": service.OPENBARE_FASEN}


def _vandaag(request: Request) -> date:
    return utcnow().astimezone(request.app.state.settings.tz).date()


def _links(request: Request, f: service.BesluitFilter) -> dict[str, str]:
    """The same list as a feed and as exports, with the same filters."""
    query = urlencode(f.params())
    base = request.app.state.settings.base_url.rstrip("/")
    suffix = f"?{query}" if query else ""
    return {"atom": f"{base}/besluiten.atom{suffix}", "csv": f"/besluiten.csv{suffix}",
            "json": f"/besluiten.json{suffix}"}


def _lijst(request: Request, session, f: service.BesluitFilter, pagina: int, *, actie: str, titel: str,
           kruimelpad: list) -> Response:
    size = request.app.state.settings.page_size
    lp = service.lijstpagina(session, f, vandaag=_vandaag(request), limit=size, offset=(pagina - 1) * size)
    return render(request, "besluiten/lijst.html", {
        "title": titel, "kruimelpad": kruimelpad, "actie": actie, "f": f, "lp": lp, "pagina": pagina,
        "meer": pagina * size < lp.totaal, "links": _links(request, f), **LABELS,
        "demo": bool(f.regeling and f.regeling.demo),
    }, block="resultaten")


@router.get("/besluiten")
def besluiten(request: Request, session: SessionDep, actor: ActorDep, pagina: Pagina = 1, regeling: Zoek = "",
              gemeente: Zoek = "", jaar: Zoek = "", soort: Zoek = "", fase: Zoek = ""):
    f = service.filter_uit(session, regeling=regeling, gemeente=gemeente, jaar=jaar, soort=soort, fase=fase)
    return _lijst(request, session, f, pagina, actie="/besluiten", titel=N_("Besluiten"),
                  kruimelpad=[(N_("Home"), "/"), (N_("Besluiten"), "/besluiten")])


@router.get("/regelingen/{slug}/besluiten")
def regeling_besluiten(request: Request, slug: str, session: SessionDep, actor: ActorDep, pagina: Pagina = 1,
                       gemeente: Zoek = "", jaar: Zoek = "", soort: Zoek = "", fase: Zoek = ""):
    r = get_regeling(session, slug)  # an unknown regeling in the path is a 404, not a bad filter
    f = service.filter_uit(session, regeling=r.slug, gemeente=gemeente, jaar=jaar, soort=soort, fase=fase)
    return _lijst(request, session, f, pagina, actie=f"/regelingen/{r.slug}/besluiten",
                  titel=_("Besluiten van %(naam)s") % {"naam": r.naam},
                  kruimelpad=[(N_("Home"), "/"), (N_("Regelingen"), "/regelingen"), (r.naam, f"/regelingen/{r.slug}"),
                              (N_("Besluiten"), f"/regelingen/{r.slug}/besluiten")])


def _problem(request: Request, exc: DomainError) -> JSONResponse:
    """An export asked for as JSON answers a problem as JSON too (RFC 9457), as the API does."""
    body = {"type": "about:blank", "title": exc.title, "status": exc.status_code, "detail": exc.detail,
            "instance": request.url.path}
    if exc.errors:
        body["invalid-params"] = exc.errors
    return JSONResponse(body, status_code=exc.status_code, media_type=PROBLEM_JSON)


def _volledig(aantal: int, total: int) -> dict[str, str]:
    """Headers that say how many rows match and, when the export stops at MAX_EXPORT, that it does: ``X-Total-Count``
    always, and a ``Warning`` (code 199, ASCII as a header must be) when rows are left off."""
    headers = {"X-Total-Count": str(total)}
    if aantal < total:
        headers["Warning"] = (f'199 tussenruimte "Afgekapt: alleen de eerste {aantal} van {total} besluiten; '
                              'verfijn de filters (regeling, gemeente, jaar, soort, fase)."')
    return headers


@router.get("/besluiten.json")
def besluiten_json(request: Request, session: SessionDep, regeling: Zoek = "", gemeente: Zoek = "",
                   jaar: Zoek = "", soort: Zoek = "", fase: Zoek = ""):
    try:
        f = service.filter_uit(session, regeling=regeling, gemeente=gemeente, jaar=jaar, soort=soort, fase=fase)
    except DomainError as exc:
        return _problem(request, exc)
    rijen, total = service.lijst(session, f, vandaag=_vandaag(request), limit=MAX_EXPORT)
    body = export.als_json(rijen, f, total, request.app.state.settings.base_url)
    return Response(body, media_type="application/json", headers=_volledig(len(rijen), total))


@router.get("/besluiten.csv")
def besluiten_csv(request: Request, session: SessionDep, regeling: Zoek = "", gemeente: Zoek = "",
                  jaar: Zoek = "", soort: Zoek = "", fase: Zoek = ""):
    f = service.filter_uit(session, regeling=regeling, gemeente=gemeente, jaar=jaar, soort=soort, fase=fase)
    rijen, total = service.lijst(session, f, vandaag=_vandaag(request), limit=MAX_EXPORT)
    body = export.als_csv(rijen, request.app.state.settings.base_url)
    return Response(body, media_type="text/csv; charset=utf-8; header=present",
                    headers={"Content-Disposition": 'attachment; filename="besluiten.csv"',
                             **_volledig(len(rijen), total)})


@router.get("/besluiten.atom")
def besluiten_atom(request: Request, session: SessionDep, regeling: Zoek = "", gemeente: Zoek = "",
                   jaar: Zoek = "", soort: Zoek = ""):
    f = service.filter_uit(session, regeling=regeling, gemeente=gemeente, jaar=jaar, soort=soort)
    settings = request.app.state.settings
    entries = atom.entries_van(service.gepubliceerd(session, f), settings.base_url, settings.tz)
    links = _links(request, f)
    query = urlencode(f.params())
    namen = [x.naam for x in (f.regeling, f.gemeente) if x is not None]
    body = atom.feed(
        titel="Gepubliceerde besluiten" + (f" – {', '.join(namen)}" if namen else "") + " (Tussenruimte)",
        feed_id=links["atom"], self_url=links["atom"],
        alternate_url=f"{settings.base_url.rstrip('/')}/besluiten" + (f"?{query}" if query else ""),
        bijgewerkt=max((e.bijgewerkt for e in entries), default=utcnow()), entries=entries,
        ondertitel="De gepubliceerde besluiten van gemeenschappelijke regelingen, de laatste eerst.",
    )
    return Response(body, media_type=f"{atom.MEDIA_TYPE}; charset=utf-8")


@router.get("/voorstellen/{voorstel_id}")
def voorstel(request: Request, voorstel_id: VoorstelId, session: SessionDep, actor: ActorDep):
    p = service.voorstel_pagina(session, voorstel_id, actor=actor, vandaag=_vandaag(request))
    v, r = p.voorstel, p.regeling
    return render(request, "besluiten/voorstel.html", {
        "title": v.titel, "demo": r.demo, "p": p, "v": v, "r": r, "vandaag": _vandaag(request),
        "kruimelpad": [(N_("Home"), "/"), (N_("Regelingen"), "/regelingen"), (r.naam, f"/regelingen/{r.slug}"),
                       (N_("Besluiten"), f"/regelingen/{r.slug}/besluiten"), (v.titel, f"/voorstellen/{v.id}")],
        "atom": _links(request, service.BesluitFilter(regeling=r))["atom"], **LABELS,
    })


@router.get("/gemeenten/{code}/regelingen")
def gemeente_regelingen(request: Request, code: str, session: SessionDep, actor: ActorDep):
    g = get_gemeente(session, code)
    deelnemingen = service.gemeente_regelingen(session, g, vandaag=_vandaag(request))
    return render(request, "besluiten/gemeente.html", {
        "title": _("Aan welke regelingen neemt %(naam)s deel?") % {"naam": g.naam}, "demo": g.demo, "g": g,
        "deelnemingen": deelnemingen, "vandaag": _vandaag(request),
        "kruimelpad": [(N_("Home"), "/"), (N_("Gemeenten"), "/gemeenten"), (g.naam, f"/gemeenten/{g.slug}"),
                       (N_("Regelingen"), f"/gemeenten/{g.slug}/regelingen")],
        "atom": _links(request, service.BesluitFilter(gemeente=g))["atom"], **LABELS,
    })
