"""The synchronisatiebord in a real browser: axe-core, the keyboard to the move form, the what-if through htmx,
and the same what-if without JavaScript.

A server of its own (the shared one in support.py has no voorstellen): the region U3 of tests/test_bord.py, where
Bunnik deliberates on the ‘Regionale woonvisie’ two days after Zeist and De Bilt.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from sqlmodel import Session

from app.gemeenten.models import Reces
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Synchronisatie
from app.voorstellen.models import Behandeling, BehandelingRol, Voorstel
from tests import factories
from tests.browser.support import TZ_NAME, LiveSite, live_site, log_in
from tests.browser.test_browser import FieldFormats, _axe, focused, tab_to

pytestmark = pytest.mark.browser

TZ = ZoneInfo(TZ_NAME)
GRIFFIER = "griffie@zeist.bord.example.nl"
BORD = "/regelingen/u3/bord?van=2027-02-15&weken=8"


def _avond(d: date) -> datetime:
    return datetime.combine(d, time(19, 30), TZ).astimezone(UTC)


@dataclass(frozen=True)
class BordSite(LiveSite):
    zeist_raad: int  # Zeist's raad meeting of 9 March 2027, which its griffier may move


def _seed(session: Session) -> int:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist", vergaderdag=1)
    bilt = factories.gemeente(session, "De Bilt", code="GM0310", slug="de-bilt", vergaderdag=1)
    bunnik = factories.gemeente(session, "Bunnik", code="GM0312", slug="bunnik", vergaderdag=1)
    regeling = factories.regeling(
        session, slug="u3", naam="U3", deelnemers=[zeist, bilt, bunnik], synchronisatie=Synchronisatie.gelijke_dag
    )
    ab = session.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    commissie = Orgaan(
        slug="zeist-commissie", naam="Commissie Bestuur Zeist", soort=Soort.commissie, gemeente_id=zeist.id
    )
    session.add(commissie)
    session.add(Reces(gemeente_id=zeist.id, naam="voorjaarsreces", van=date(2027, 2, 20), tot=date(2027, 2, 28)))
    session.flush()
    raden = {g.code: factories.orgaan_of(session, g) for g in (zeist, bilt, bunnik)}
    meetings = {
        code: factories.vergadering(session, raden[code], start=_avond(d))
        for code, d in (("GM0355", date(2027, 3, 9)), ("GM0310", date(2027, 3, 9)), ("GM0312", date(2027, 3, 11)))
    }
    factories.vergadering(session, commissie, start=_avond(date(2027, 3, 16)))
    factories.vergadering(session, ab, start=_avond(date(2027, 3, 25)))
    voorstel = Voorstel(
        regeling_id=regeling.id, titel="Regionale woonvisie", beschikbaar=date(2027, 2, 1), uiterlijk=date(2027, 3, 10)
    )
    session.add(voorstel)
    session.flush()
    for code, meeting in meetings.items():
        session.add(
            Behandeling(
                voorstel_id=voorstel.id, orgaan_id=raden[code].id, vergadering_id=meeting.id, rol=BehandelingRol.besluit
            )
        )
    factories.user(session, GRIFFIER, ("griffier", zeist), naam="Griffie Zeist")
    session.flush()
    return meetings["GM0355"].id


@pytest.fixture(scope="module")
def bord_site(tmp_path_factory):
    with live_site(tmp_path_factory, "bord", _seed) as (url, zeist_raad):
        yield BordSite(url=url, zeist_raad=zeist_raad)


def _no_violations(page, axe_source) -> None:
    violations = _axe(page, axe_source)
    assert not violations, json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_board_passes_axe_for_a_visitor_and_for_a_griffier_with_the_what_if_open(
    new_context, bord_site, axe_source, screens
):
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    assert page.goto(bord_site(BORD)).status == 200
    expect(page.locator("#knelpunten-titel")).to_have_text("2 knelpunten")
    _no_violations(page, axe_source)
    page.screenshot(path=str(screens / "bord.png"), full_page=True)

    log_in(page, bord_site, GRIFFIER)
    page.goto(bord_site(BORD))
    page.locator(f"#nieuw-{bord_site.zeist_raad}-3-3").evaluate("el => el.closest('details').open = true")
    _no_violations(page, axe_source)
    page.fill(f"#nieuw-{bord_site.zeist_raad}-3-3", "2027-03-11")
    page.locator(f"#nieuw-{bord_site.zeist_raad}-3-3 ~ button").click()
    expect(page.locator("#wat-als")).to_contain_text("Behandeling op dezelfde dag")
    _no_violations(page, axe_source)
    page.screenshot(path=str(screens / "bord-wat-als.png"), full_page=True)


def test_the_keyboard_reaches_the_move_form_and_htmx_shows_what_breaks_before_saving(new_context, bord_site):
    context = new_context()
    formats = FieldFormats(context)
    page = context.new_page()
    log_in(page, bord_site, GRIFFIER)
    page.goto(bord_site(BORD))
    page.evaluate("() => { window.__zelfdePagina = true; }")

    # The scroll region is a tab stop of its own (so the arrow keys can scroll it), labelled by the caption.
    region = tab_to(page, lambda e: e["cls"].startswith("tabel-container bord__scroll"), limit=120)
    assert region["tag"] == "div"
    summary = tab_to(page, lambda e: e["tag"] == "summary" and "Gemeenteraad Zeist" in e["text"], limit=120)
    assert summary["text"].startswith("Verplaatsen")
    page.keyboard.press("Enter")  # opens the details
    page.keyboard.press("Tab")
    veld = focused(page)
    assert veld["id"] == f"nieuw-{bord_site.zeist_raad}-3-3" and veld["name"] == "datum"
    page.keyboard.type(formats.date_keys(date(2027, 3, 11)))
    tab_to(page, lambda e: e["text"] == "Gevolgen bekijken", limit=5)  # past the date's day, month and year
    with page.expect_response(lambda r: r.url.endswith("/bord/wat-als")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.status == 200 and answer.value.request.headers.get("hx-request") == "true"

    panel = page.locator("#wat-als")
    expect(panel).to_contain_text("Wat als Gemeenteraad Zeist naar donderdag 11 maart 2027 gaat?")
    expect(panel).to_contain_text("Breekt: Behandeling op dezelfde dag van ‘Regionale woonvisie’: Zeist nu 11-03")
    expect(panel).to_contain_text("Breekt: ‘Regionale woonvisie’ wordt na de uiterste datum (10-03) behandeld")
    assert page.evaluate("() => window.__zelfdePagina === true")  # swapped in, no page load
    assert page.evaluate("() => document.activeElement.id") == "wat-als"  # focus moves to the consequences
    assert page.locator("#wat-als").count() == 1 and page.locator("header").count() == 1

    # Trying another date from the panel, again in place.
    page.fill("#wat-als-datum", "2027-03-09")
    page.click("#wat-als button:has-text('Gevolgen bekijken')")
    expect(panel).to_contain_text("Dat is de huidige datum: er verandert niets.")
    assert page.evaluate("() => window.__zelfdePagina === true")


def test_without_javascript_the_what_if_is_a_whole_page(new_context, bord_site):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, bord_site, GRIFFIER)
    page.goto(bord_site(BORD))
    page.locator("summary", has_text="Gemeenteraad Zeist").click()  # <details> opens without JavaScript
    page.fill(f"#nieuw-{bord_site.zeist_raad}-3-3", "2027-03-11")
    with page.expect_navigation():
        page.locator(f"#nieuw-{bord_site.zeist_raad}-3-3 ~ button").click()
    assert page.url.endswith("/regelingen/u3/bord/wat-als")
    expect(page.locator("#wat-als")).to_contain_text("Behandeling op dezelfde dag van ‘Regionale woonvisie’")
    expect(page.locator("table.bord")).to_be_visible()
    expect(page.get_by_role("button", name="Opslaan: verplaats naar donderdag 11 maart 2027")).to_be_visible()
