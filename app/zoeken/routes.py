"""Search pages: ``/zoeken?q=…`` (a GET form that works without JavaScript) and ``GET /api/v1/zoekresultaten``.

Any query text is accepted: the service reads it into words (never passing the user's syntax to the database).
A bad filter value gets the page again with a Dutch explanation (422) or, from the API, problem+json.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field

from app.errors import Invalid
from app.i18n import N_
from app.validation import reject_nul
from app.web.deps import ActorDep, SessionDep, SettingsDep, get_actor
from app.web.errors import problems
from app.web.pagination import Page, PageDep, paginate
from app.web.templating import Pagina, render
from app.zoeken import service

router = APIRouter(include_in_schema=False)

# Generous: a longer query is shortened by the service (and the page says so) rather than refused.
Vraag = Annotated[str, Query(max_length=20_000, description="de zoekvraag")]
Filterwaarde = Annotated[str, Query(max_length=200)]


@router.get("/zoeken")
def zoeken(request: Request, session: SessionDep, actor: ActorDep, q: Vraag = "", soort: Filterwaarde = "",
           regeling: Filterwaarde = "", gemeente: Filterwaarde = "", jaar: Filterwaarde = "", pagina: Pagina = 1):
    vraag = service.lees_vraag(q)
    fout, status = None, 200
    try:
        f = service.filter_uit(session, soort=soort, regeling=regeling, gemeente=gemeente, jaar=jaar)
    except Invalid as exc:
        f, fout, status = service.ZoekFilter(), exc, 422
    resultaat = service.zoek(session, vraag, f, actor=actor, pagina=pagina) if fout is None else \
        service.Resultaat(vraag, f, pagina=pagina)
    regelingen, gemeenten = service.keuzes(session)
    return render(request, "zoeken/zoeken.html", {
        "title": N_("Zoeken"), "kruimelpad": [(N_("Home"), "/"), (N_("Zoeken"), "/zoeken")],
        "q": q, "vraag": vraag, "r": resultaat, "f": f, "fout": fout, "regelingen": regelingen,
        "gemeenten": gemeenten, "soort_labels": service.SOORT_LABELS, "soort_label_een": service.SOORT_LABEL_EEN,
        "keuze": {"soort": soort, "regeling": regeling, "gemeente": gemeente, "jaar": jaar},
        "meer": resultaat.pagina < resultaat.paginas,
    }, status_code=status, block="resultaten")


# --- JSON -----------------------------------------------------------------------------------------------------

api = APIRouter(prefix="/zoekresultaten", tags=["Zoeken"], dependencies=[Depends(get_actor), Depends(reject_nul)])


class Zoekresultaat(BaseModel):
    soort: Literal["vergadering", "agendapunt", "voorstel", "besluit"]
    id: int = Field(description="het nummer van de vergadering, het agendapunt of het voorstel")
    titel: str = Field(description="de titel, met de gevonden woorden tussen <mark> en </mark>; verder HTML-veilig")
    fragment: str = Field(description="een stuk tekst rond de gevonden woorden, opgemaakt als de titel")
    url: str = Field(description="de pagina op de website")
    moment: datetime | date | None = Field(description="begin van de vergadering, of de datum van voorstel of besluit")
    context: str = Field(description="de organen van de vergadering, of de regeling van het voorstel")
    concept: bool = Field(description="een concept, alleen zichtbaar voor wie het voorstel beheert")


class Zoekpagina(Page[Zoekresultaat]):
    per_soort: dict[str, int] = Field(description="aantal treffers per soort, met de filters behalve ‘soort’")
    vraag: str = Field(description="de zoekvraag zoals gezocht: opgeschoond en hooguit 200 tekens")
    ingekort: bool = Field(description="de zoekvraag was te lang en is ingekort")
    afgekapt: bool = Field(description="meer dan 1000 treffers: ‘total’ en elk aantal in ‘per_soort’ zijn dan "
                                       "hooguit 1000 (tellen stopt daar), en de treffers staan nieuwste eerst "
                                       "in plaats van de beste eerst")


@api.get(
    "",
    response_model=Zoekpagina,
    operation_id="zoekresultaten_lijst",
    summary="Zoeken",
    description="Zoekt in vergaderingen, agendapunten, voorstellen en gepubliceerde besluiten, de beste treffer "
                "eerst (bij meer dan 1000 treffers de nieuwste eerst). Elk woord moet voorkomen; "
                "\"woorden tussen aanhalingstekens\" zoekt een zinsdeel, -woord sluit uit. "
                "Een lege zoekvraag geeft een lege lijst.",
    response_description="Een pagina zoekresultaten",
    responses=problems(401, 422),
)
def zoekresultaten(
    request: Request, response: Response, session: SessionDep, settings: SettingsDep, actor: ActorDep,
    pages: PageDep, q: Vraag = "",
    soort: Annotated[str, Query(max_length=200, description="vergadering, agendapunt, voorstel of besluit")] = "",
    regeling: Annotated[str, Query(max_length=200, description="slug van een regeling")] = "",
    gemeente: Annotated[str, Query(max_length=200, description="CBS-code of slug van een gemeente")] = "",
    jaar: Annotated[str, Query(max_length=200, description="jaartal, bijv. 2027")] = "",
) -> Zoekpagina:
    vraag = service.lees_vraag(q)
    f = service.filter_uit(session, soort=soort, regeling=regeling, gemeente=gemeente, jaar=jaar)
    r = service.zoek(session, vraag, f, actor=actor, pagina=pages.page, per_pagina=pages.page_size)
    base = settings.base_url.rstrip("/")
    items = [Zoekresultaat(soort=t.soort.value, id=t.id, titel=str(t.titel), fragment=str(t.fragment),
                           url=base + t.url, moment=t.moment, context=t.context, concept=t.concept)
             for t in r.treffers]
    page = paginate(request, response, settings, pages, items, r.getoond)
    return Zoekpagina(**page.model_dump(),
                      per_soort={s.value: min(r.per_soort.get(s, 0), service.GRENS) for s in service.Soort},
                      vraag=vraag.tekst, ingekort=vraag.ingekort, afgekapt=r.afgekapt)
