"""Every HTML page type of the portal in real Chromium (issue 6, point 4).

One list, ``PAGINATYPEN``, names every GET route that answers HTML; a test compares it with the app's routes, so a
new page cannot slip past. Each page type is checked with axe-core (no violation of impact serious or critical,
colour contrast included), the citizen pages in Dutch and in English, with ``<html lang>`` to match. Then the main
citizen flows by keyboard only, and the same flows without JavaScript.

A server of its own, on its own SQLite database (see tests/browser/support.py): the browser talks HTTP to a server
that commits, so these tests run on SQLite only, like the other browser tests.
"""

import json
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.authz import Actor
from app.accounts.models import Gebruiker
from app.berichten import afmelden
from app.berichten.models import Abonnement
from app.config import PROJECT_ROOT, Settings
from app.convocatie import service as convocatie
from app.feeds import selecties
from app.gemeenten.models import Gemeente
from app.inspreken.models import Inspreekverzoek
from app.inspreken.service import token_hash
from app.main import create_app
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Regeling
from app.stemmingen import service as stemmingen
from app.stemmingen.models import Keuze
from app.stemmingen.schemas import StemInvoer, StemmingCreate
from app.verantwoording import service as verantwoording
from app.voorstellen.models import Behandeling
from tests import factories
from tests.besluiten.conftest import VANDAAG, behandeling, besloten, voorstel
from tests.browser.support import GRIFFIER, TZ_NAME, live_site, log_in
from tests.browser.support import _seed as basis_seed
from tests.browser.test_browser import focused, tab_to
from tests.inspreken.conftest import orgaan as maak_orgaan
from tests.inspreken.conftest import punt as maak_punt
from tests.stemmingen.conftest import bouw
from tests.verantwoording.opzet import werkdag_na

pytestmark = pytest.mark.browser

BEHEERDER = "beheer@paginatypen.example.nl"
SLEUTEL = "b" * 40  # the secret key live_site gives its server
TOKEN = "paginatypen-token-voor-de-browsertest-0123456789"


@dataclass(frozen=True)
class Pagina:
    """A page type: the route it belongs to, an example address, who looks, the status it answers."""

    route: str
    pad: str
    wie: str = "burger"  # burger (anonymous, in Dutch and in English) | beheer (logged in as beheerder)
    status: int = 200
    talen: tuple[str, ...] = ("nl", "en")  # the languages it is checked in; beheer pages are Dutch only
    klaar: str | None = None  # for a page its script builds: what is there once it is built


# Every GET route that answers HTML. ``pad`` is formatted with the seeded ids.
PAGINATYPEN: dict[str, Pagina] = {
    # citizens
    "home": Pagina("/", "/"),
    "toegankelijkheid": Pagina("/toegankelijkheid", "/toegankelijkheid"),
    "inloggen": Pagina("/inloggen", "/inloggen"),
    "gemeenten": Pagina("/gemeenten", "/gemeenten"),
    "gemeente": Pagina("/gemeenten/{code}", "/gemeenten/{zeist}"),
    "demogemeente": Pagina("/gemeenten/{code}", "/gemeenten/{demo}"),
    "niet-gevonden": Pagina("/gemeenten/{code}", "/gemeenten/bestaat-niet", status=404),
    "gemeente-regelingen": Pagina("/gemeenten/{code}/regelingen", "/gemeenten/{zeist}/regelingen"),
    "regelingen": Pagina("/regelingen", "/regelingen"),
    "regeling": Pagina("/regelingen/{slug}", "/regelingen/{regeling}"),
    "organen": Pagina("/organen", "/organen"),
    "orgaan": Pagina("/organen/{slug}", "/organen/{ab}"),
    "vergaderingen": Pagina("/vergaderingen", "/vergaderingen"),
    "vergadering": Pagina("/vergaderingen/{meeting_id}", "/vergaderingen/{meeting_id}"),
    "vergadering-inspreken": Pagina("/vergaderingen/{meeting_id}", "/vergaderingen/{commissie}"),
    "besluiten": Pagina("/besluiten", "/besluiten"),
    "regeling-besluiten": Pagina("/regelingen/{slug}/besluiten", "/regelingen/{regeling}/besluiten"),
    "voorstel": Pagina("/voorstellen/{voorstel_id}", "/voorstellen/{voorstel}"),
    "stemming": Pagina("/stemmingen/{stemming_id}", "/stemmingen/{stemming}"),
    "stemregels": Pagina("/regelingen/{slug}/stemregels", "/regelingen/{drecht}/stemregels"),
    "convocatieverzoeken": Pagina("/regelingen/{slug}/convocatieverzoeken",
                                  "/regelingen/{regeling}/convocatieverzoeken"),
    "convocatieverzoek": Pagina("/convocatieverzoeken/{verzoek_id}", "/convocatieverzoeken/{verzoek}"),
    "verantwoording": Pagina("/verantwoording/{bijeenkomst_id}", "/verantwoording/{bijeenkomst}"),
    "kalender": Pagina("/kalender", "/kalender"),
    "kalender-gefilterd": Pagina("/kalender", "/kalender?gemeente={zeist}"),
    "kalender-week": Pagina("/kalender/week", "/kalender/week"),
    "zoeken-leeg": Pagina("/zoeken", "/zoeken"),
    "zoeken": Pagina("/zoeken", "/zoeken?q=begroting"),
    "zoeken-niets": Pagina("/zoeken", "/zoeken?q=xyzzyplugh"),
    "inspreken": Pagina("/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken",
                        "/vergaderingen/{commissie}/agendapunten/{punt}/inspreken"),
    "inspreken-verstuurd": Pagina("/vergaderingen/{meeting_id}/agendapunten/{punt_id}/inspreken/verstuurd",
                                  "/vergaderingen/{commissie}/agendapunten/{punt}/inspreken/verstuurd"),
    "inspreken-bevestigen": Pagina("/inspreken/bevestigen/{token}", f"/inspreken/bevestigen/{TOKEN}"),
    "inspreken-afmelden": Pagina("/inspreken/afmelden/{token}", f"/inspreken/afmelden/{TOKEN}-af"),
    "inspreken-link-ongeldig": Pagina("/inspreken/bevestigen/{token}", "/inspreken/bevestigen/onbekend", status=404),
    "agenda-samenstellen": Pagina("/agenda-samenstellen", "/agenda-samenstellen"),
    "agenda-selectie": Pagina("/agenda/selecties/{selectie_id}", "/agenda/selecties/{selectie}"),
    "meldingen-afmelden": Pagina("/meldingen/afmelden/{token}", "/meldingen/afmelden/{afmeldtoken}"),
    "meldingen-afmelden-onbekend": Pagina("/meldingen/afmelden/{token}", "/meldingen/afmelden/onbekend", status=404),
    # the API stays Dutch; axe looks once Swagger UI has drawn the operations
    "api-documentatie": Pagina("/api/v1/docs", "/api/v1/docs", talen=("nl",), klaar=".swagger-ui .opblock"),
    # griffier, secretaris, beheerder (Dutch only)
    "beheer-vergaderingen": Pagina("/beheer/vergaderingen", "/beheer/vergaderingen", "beheer"),
    "vergadering-nieuw": Pagina("/beheer/vergaderingen/nieuw", "/beheer/vergaderingen/nieuw", "beheer"),
    "vergadering-bewerken": Pagina("/vergaderingen/{meeting_id}/bewerken", "/vergaderingen/{zeist_meeting_id}/bewerken",
                                   "beheer"),
    "insprekers": Pagina("/vergaderingen/{meeting_id}/insprekers", "/vergaderingen/{commissie}/insprekers", "beheer"),
    "plannen": Pagina("/regelingen/{slug}/plannen", "/regelingen/{regeling}/plannen", "beheer"),
    "plannen-gelijke-dag": Pagina("/regelingen/{slug}/plannen/gelijke-dag",
                                  "/regelingen/{regeling}/plannen/gelijke-dag", "beheer"),
    "plannen-pc": Pagina("/regelingen/{slug}/plannen/pc", "/regelingen/{regeling}/plannen/pc", "beheer"),
    "plannen-raadstafel": Pagina("/regelingen/{slug}/plannen/raadstafel", "/regelingen/{regeling}/plannen/raadstafel",
                                 "beheer"),
    "plannen-carrousel": Pagina("/regelingen/{slug}/plannen/carrousel", "/regelingen/{drecht}/plannen/carrousel",
                                "beheer"),
    "plannen-carrousel-onmogelijk": Pagina("/regelingen/{slug}/plannen/carrousel",
                                           "/regelingen/{regeling}/plannen/carrousel", "beheer", status=422),
    "plannen-vastgesteld": Pagina("/regelingen/{slug}/plannen/{model}/vastgesteld",
                                  "/regelingen/{regeling}/plannen/pc/vastgesteld?jaar=2027", "beheer"),
    "plannen-voorstel": Pagina("/regelingen/{slug}/plannen/voorstellen/{voorstel_id}",
                               "/regelingen/{regeling}/plannen/voorstellen/{voorstel}", "beheer"),
    "bord": Pagina("/regelingen/{slug}/bord", "/regelingen/{regeling}/bord", "beheer"),
    "mijn-agenda": Pagina("/mijn/agenda", "/mijn/agenda", "beheer"),
    "voorstel-nieuw": Pagina("/regelingen/{slug}/voorstellen/nieuw", "/regelingen/{regeling}/voorstellen/nieuw",
                             "beheer"),
    "voorstel-beheer": Pagina("/voorstellen/{voorstel_id}/beheer", "/voorstellen/{voorstel}/beheer", "beheer"),
    "behandeling": Pagina("/voorstellen/{voorstel_id}/behandelingen/{behandeling_id}",
                          "/voorstellen/{voorstel}/behandelingen/{behandeling}", "beheer"),
    "stemming-nieuw": Pagina("/organen/{slug}/stemmingen/nieuw", "/organen/{drechtraad}/stemmingen/nieuw", "beheer"),
    "stemregels-beheer": Pagina("/regelingen/{slug}/stemregels", "/regelingen/{drecht}/stemregels", "beheer"),
    "convocatieregels": Pagina("/regelingen/{slug}/convocatieregels", "/regelingen/{regeling}/convocatieregels",
                               "beheer"),
    "verantwoording-plannen": Pagina("/regelingen/{slug}/verantwoording", "/regelingen/{regeling}/verantwoording",
                                     "beheer"),
    "aanwezigheid": Pagina("/verantwoording/{bijeenkomst_id}/aanwezigheid/{code}",
                           "/verantwoording/{bijeenkomst}/aanwezigheid/{zeist_code}", "beheer"),
    "mijn-meldingen": Pagina("/mijn/meldingen", "/mijn/meldingen", "beheer"),
    "berichten": Pagina("/beheer/berichten", "/beheer/berichten", "beheer"),
}

# GET routes that answer something other than an HTML page, and why they are not in the list above.
GEEN_PAGINA = {
    "/besluiten.json": "JSON",
    "/besluiten.csv": "CSV",
    "/besluiten.atom": "Atom feed",
    "/taal/{code}": "a 303 to the page the visitor came from",
    "/healthz": "plain text for the load balancer",
    "/api/v1/openapi.json": "JSON",
}
NIET_HTML = ("/api/v1/", "/oparl/", "/feeds/")  # JSON (API, OParl) and iCalendar feeds


def _app_get_routes() -> set[str]:
    """Every GET path of the app, through included routers (FastAPI includes them lazily)."""
    app = create_app(settings=Settings(mode="test", database_url="sqlite://", secret_key="b" * 40))

    def walk(routes, prefix=""):
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes, prefix + route.include_context.prefix)
            elif "GET" in (getattr(route, "methods", None) or ()):
                yield prefix + route.path

    return set(walk(app.routes))


def _ongenoemd(routes: set[str]) -> set[str]:
    """The GET routes that may answer HTML and that PAGINATYPEN does not name."""
    genoemd = {p.route for p in PAGINATYPEN.values()}
    return {r for r in routes if r not in GEEN_PAGINA and r not in genoemd and not r.startswith(NIET_HTML)}


def test_the_list_names_every_html_page_type_of_the_app():
    routes = _app_get_routes()
    nieuw = sorted(_ongenoemd(routes))
    assert not nieuw, f"nieuwe HTML-route(s) zonder paginatype in PAGINATYPEN: {nieuw}"
    genoemd = {p.route for p in PAGINATYPEN.values()}
    assert not genoemd - routes, f"PAGINATYPEN noemt routes die niet (meer) bestaan: {sorted(genoemd - routes)}"
    assert not set(GEEN_PAGINA) - routes, sorted(set(GEEN_PAGINA) - routes)
    # and the check does catch a new page: a route nobody listed is reported
    assert _ongenoemd(routes | {"/nieuwe-pagina/{id}"}) == {"/nieuwe-pagina/{id}"}


# --- the site ---------------------------------------------------------------------------------------------------


def _seed(session: Session) -> dict:
    ids = basis_seed(session)  # Zeist, Utrecht, the VRU and a joint meeting; Zeist's griffier
    zeist = session.exec(select(Gemeente).where(Gemeente.slug == ids["zeist"])).one()
    regeling = session.exec(select(Regeling).where(Regeling.slug == ids["regeling"])).one()
    beheerder = factories.user(session, BEHEERDER, ("beheerder",), naam="Bea Beheer")
    actor = accounts.actor_for(session, beheerder.id)
    tz = ZoneInfo(TZ_NAME)

    # speaking rights: a commissie meeting with an item open for speakers and one registration
    commissie = maak_orgaan(session, zeist, Soort.commissie, "zeist-ruimte")
    start = (datetime.now(tz) + timedelta(days=10)).replace(hour=19, minute=30, second=0, microsecond=0)
    v = factories.vergadering(session, commissie, start=start, einde=start + timedelta(hours=3),
                              naam="Commissie Ruimte", online_url="https://live.example.org/zeist")
    p = maak_punt(session, v, "Omgevingsvisie Zeist 2040")
    session.add(Inspreekverzoek(agendapunt_id=p.id, naam="Piet Post", email="piet@example.nl", onderwerp="Geluid",
                                bevestig_hash=token_hash(TOKEN), annuleer_hash=token_hash(TOKEN + "-af")))

    # a voorstel with a council's treatment, an advice and decisions
    tafel = Orgaan(slug="vru-raadstafel", naam="Raadstafel VRU", soort=Soort.adviescommissie, regeling_id=regeling.id)
    session.add(tafel)
    session.flush()
    vs = voorstel(session, regeling, "Ontwerpbegroting 2028", toelichting="De begroting voor 2028.")
    behandeling(session, vs, zeist, uitkomst=None)
    session.flush()
    b = session.exec(select(Behandeling).where(Behandeling.voorstel_id == vs.id)).first()
    besloten(session, regeling, "Kadernota 2028", besloten_op=VANDAAG - timedelta(days=40),
             gepubliceerd_op=VANDAAG - timedelta(days=35))

    # a vote, in a joint council of its own regeling
    raad = bouw(session)
    sec = session.exec(select(Gebruiker).where(Gebruiker.email == raad.secretaris)).one()
    sec_actor = Actor(gebruiker_id=sec.id, email=sec.email, naam=sec.naam, secretaris_van=frozenset({raad.regeling.id}))
    keuzes = {"a1": Keuze.voor, "a2": Keuze.tegen, "b": Keuze.voor, "c": Keuze.tegen, "d": Keuze.onthouden}
    stemming = stemmingen.leg_vast(session, actor=sec_actor, data=StemmingCreate(
        orgaan=raad.orgaan.slug, voorstel_id=raad.voorstel.id, vergadering_id=raad.vergadering.id,
        gestemd_op=raad.gestemd_op,
        stemmen=[StemInvoer(persoon_id=raad.leden[k].id, keuze=k2) for k, k2 in keuzes.items()])).stemming

    session.add(Orgaan(slug=f"{raad.regeling.slug}-carrousel-sociaal", naam="Carrousel Sociaal",
                       soort=Soort.carrousel, regeling_id=raad.regeling.id, domein="Sociaal domein"))
    abonnement = Abonnement(email="inwoner@example.nl", regeling_id=regeling.id, soorten=["verantwoording"])
    session.add(abonnement)
    session.flush()

    # an accountability meeting, a convocation request and a composed agenda
    toen = datetime.now(tz).date() - timedelta(days=40)
    dag = werkdag_na(toen + timedelta(days=7))
    bijeenkomst = verantwoording.plan(session, actor=actor, regeling=regeling.slug, jaar=dag.year, datum=dag,
                                      vandaag=toen, tz=tz, locatie="Raadzaal Zeist").bijeenkomst
    griffier = session.exec(select(Gebruiker).where(Gebruiker.email == GRIFFIER)).one()
    verzoek = convocatie.dien_in(session, actor=accounts.actor_for(session, griffier.id), slug=regeling.slug,
                                 agenda="Begroting 2028", toelichting="De raad van Zeist wil erover spreken.",
                                 grondslag="Motie 2026-12 van de raad van Zeist")
    selectie = selecties.save_selection(session, actor=actor, orgaan_slugs=[ids["raad_zeist"], ids["ab"]])
    session.flush()
    return {**ids, "zeist_code": zeist.code, "commissie": v.id, "punt": p.id, "voorstel": vs.id, "behandeling": b.id,
            "stemming": stemming.id, "drecht": raad.regeling.slug, "drechtraad": raad.orgaan.slug,
            "bijeenkomst": bijeenkomst.id, "verzoek": verzoek.id, "selectie": selectie.id,
            "afmeldtoken": afmelden.token(SLEUTEL, abonnement.id)}


class Site:
    def __init__(self, url: str, ids: dict):
        self.url, self.ids = url, ids

    def __call__(self, path: str) -> str:
        return self.url + path.format(**self.ids)


@pytest.fixture(scope="module")
def typen_site(tmp_path_factory):
    with live_site(tmp_path_factory, "paginatypen", _seed) as (url, ids):
        yield Site(url, ids)


@pytest.fixture(scope="module")
def beheer_state(browser, typen_site, tmp_path_factory):
    """A logged-in beheerder's cookies, made once for the module."""
    context = browser.new_context(locale="nl-NL", timezone_id=TZ_NAME)
    page = context.new_page()
    log_in(page, typen_site, BEHEERDER)
    path = tmp_path_factory.mktemp("state") / "beheer.json"
    context.storage_state(path=str(path))
    context.close()
    return str(path)


def _gevallen():
    for naam, p in PAGINATYPEN.items():
        yield pytest.param(naam, "nl", id=f"{naam}-nl")
        if p.wie == "burger" and "en" in p.talen:
            yield pytest.param(naam, "en", id=f"{naam}-en")


def _taal_cookie(site: Site, taal: str) -> list[dict]:
    return [{"name": "taal", "value": taal, "url": site.url}]


def _axe_met_contrast(page, axe_source) -> tuple[list[dict], bool]:
    """axe's serious and critical violations, and whether its color-contrast rule found text to check."""
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations', 'passes']});
        return {
            violations: r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
            })),
            contrast: [...r.passes, ...r.violations].some(v => v.id === 'color-contrast'),
        };
    }""")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")], result["contrast"]


@pytest.mark.parametrize(("naam", "taal"), list(_gevallen()))
def test_every_page_type_passes_axe_in_its_language(new_context, typen_site, beheer_state, axe_source, screens,
                                                     naam, taal):
    p = PAGINATYPEN[naam]
    context = new_context(bypass_csp=True,  # axe is injected inline, which the CSP rightly forbids
                          **({"storage_state": beheer_state} if p.wie == "beheer" else {}))
    if taal == "en":
        context.add_cookies(_taal_cookie(typen_site, "en"))
    page = context.new_page()
    response = page.goto(typen_site(p.pad))
    assert response.status == p.status, f"{naam}: {response.status} op {p.pad}"
    assert page.get_attribute("html", "lang") == taal
    assert page.title().strip(), f"{naam}: geen <title>"
    if p.klaar:
        page.wait_for_selector(p.klaar)
    violations, contrast = _axe_met_contrast(page, axe_source)
    assert contrast, f"{naam}: axe heeft het kleurcontrast niet getoetst"
    page.screenshot(path=str(screens / f"paginatype-{naam}-{taal}.png"), full_page=True)
    assert not violations, f"{naam} ({taal}): " + json.dumps(violations, indent=2, ensure_ascii=False)


# --- keyboard only ------------------------------------------------------------------------------------------------


def _focus_zichtbaar(page) -> bool:
    """The focused element matches :focus-visible and draws an outline or a box-shadow."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        if (!el || !el.matches(':focus-visible')) return false;
        const s = getComputedStyle(el);
        const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
        return outline || (s.boxShadow && s.boxShadow !== 'none');
    }""")


def test_keyboard_skip_link_search_box_and_language_switch(new_context, typen_site):
    page = new_context().new_page()
    page.goto(typen_site("/"))
    page.keyboard.press("Tab")
    first = focused(page)
    assert "utrecht-skip-link" in first["cls"], first
    assert _focus_zichtbaar(page)
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud" and focused(page)["tag"] == "main"

    # the header search box: reached by Tab, labelled, Enter goes to the results page
    page.goto(typen_site("/"))
    zoekveld = tab_to(page, lambda e: e["name"] == "q")
    assert _focus_zichtbaar(page)
    assert page.evaluate("""() => {
        const el = document.activeElement;
        return Boolean(el.labels && el.labels.length && el.labels[0].innerText.trim())
            || Boolean(el.getAttribute('aria-label')) || Boolean(el.getAttribute('aria-labelledby'));
    }"""), zoekveld
    page.keyboard.type("begroting")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/zoeken" in page.url and "q=begroting" in page.url
    expect(page.locator("main")).to_contain_text("Ontwerpbegroting 2028")

    # the language switch: by keyboard to English and back, on the same page
    tab_to(page, lambda e: e["text"] == "English")
    assert _focus_zichtbaar(page)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "en"
    assert "/zoeken" in page.url and "q=begroting" in page.url  # back where the visitor was
    tab_to(page, lambda e: e["text"] == "Nederlands")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "nl"


def test_keyboard_every_focus_stop_on_the_home_page_is_visible(new_context, typen_site):
    page = new_context().new_page()
    page.goto(typen_site("/"))
    onzichtbaar = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        if not _focus_zichtbaar(page):
            onzichtbaar.append(focused(page))
    assert not onzichtbaar, onzichtbaar


def test_keyboard_the_speaking_form_submitted_empty_announces_its_errors(new_context, typen_site):
    page = new_context().new_page()
    page.goto(typen_site("/vergaderingen/{commissie}/agendapunten/{punt}/inspreken"))
    for veld in ("naam", "email", "onderwerp"):
        assert page.locator(f"label[for={veld}]").count() == 1, f"veld {veld} heeft geen label"
    knop = tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Aanmelden")
    assert _focus_zichtbaar(page), knop
    page.keyboard.press("Enter")
    summary = page.locator(".foutsamenvatting")
    expect(summary).to_be_visible()
    # announced: the summary is an alert or a live region, and focus moved to it or to the first invalid field
    assert page.evaluate("""() => {
        const s = document.querySelector('.foutsamenvatting');
        const live = s.closest('[role=alert], [aria-live]') || s.querySelector('[role=alert], [aria-live]');
        return Boolean(live) || s.getAttribute('role') === 'alert';
    }""")
    assert page.evaluate("""() => {
        const a = document.activeElement;
        return a.classList.contains('foutsamenvatting') || a.closest('.foutsamenvatting') !== null
            || a.getAttribute('aria-invalid') === 'true';
    }"""), focused(page)
    for veld in ("naam", "email", "onderwerp"):
        assert page.get_attribute(f"#{veld}", "aria-invalid") == "true", veld
        beschreven = page.get_attribute(f"#{veld}", "aria-describedby") or ""
        teksten = [page.locator(f"#{i}").inner_text() for i in beschreven.split() if page.locator(f"#{i}").count()]
        assert any(t.strip() for t in teksten), f"{veld}: aria-describedby wijst niet naar een foutmelding"
    # the summary's links take the keyboard to the fields
    page.keyboard.press("Tab")
    link = focused(page)
    assert link["tag"] == "a", link


# --- without JavaScript -------------------------------------------------------------------------------------------


def test_without_javascript_search_calendar_language_and_speaking_form_work(new_context, typen_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(typen_site("/"))
    page.locator("header input[name=q]").fill("begroting")
    with page.expect_navigation():
        page.locator("header input[name=q]").press("Enter")
    assert "q=begroting" in page.url
    expect(page.locator("main")).to_contain_text("Ontwerpbegroting 2028")

    page.goto(typen_site("/kalender?maand=2026-12"))
    with page.expect_navigation():
        page.locator("main a[href*='maand=2027-01']").first.click()
    assert "maand=2027-01" in page.url
    expect(page.locator("h1")).to_contain_text(re.compile("januari 2027", re.I))

    with page.expect_navigation():
        page.locator("header a[hreflang=en], a[lang=en][hreflang=en]").first.click()
    assert page.get_attribute("html", "lang") == "en"
    assert "maand=2027-01" in page.url
    expect(page.locator("h1")).to_contain_text(re.compile("january 2027", re.I))
    with page.expect_navigation():
        page.locator("a[hreflang=nl]").first.click()
    assert page.get_attribute("html", "lang") == "nl"

    page.goto(typen_site("/vergaderingen/{commissie}/agendapunten/{punt}/inspreken"))
    page.locator("main form[method=post] button[type=submit]").click()
    expect(page.locator(".foutsamenvatting")).to_be_visible()
    page.fill("#naam", "Zonder Script")
    page.fill("#email", "zonder.script@example.nl")
    page.fill("#onderwerp", "Bomenkap")
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert page.url.endswith("/inspreken/verstuurd")
    expect(page.locator("main")).to_contain_text("e-mail")


# --- contrast: colours from the design tokens ---------------------------------------------------------------------

KLEUR = re.compile(r"#[0-9a-fA-F]{3,8}\b|\brgba?\([^)]*\)|\bhsla?\([^)]*\)")


def test_the_stylesheet_takes_its_colours_from_the_design_tokens():
    """static/css/app.css names colours through the NL Design System tokens (var(--…)); a literal colour is
    allowed only where it is a print colour (black on white) or in the allow-list below, with a reason."""
    css = (PROJECT_ROOT / "static" / "css" / "app.css").read_text()
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    toegestaan = {"#000", "#000000", "#fff", "#ffffff"}  # the print stylesheet: black on white
    letterlijk = []
    for regel_nr, regel in enumerate(css.splitlines(), 1):
        for m in KLEUR.finditer(regel):
            if m.group(0).lower() not in toegestaan and "var(--" not in m.group(0):
                letterlijk.append(f"{regel_nr}: {regel.strip()}")
    assert not letterlijk, "kleuren buiten de design tokens:\n" + "\n".join(letterlijk)
