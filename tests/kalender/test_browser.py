"""The calendar in real Chromium: axe-core finds no serious violations in the month and the week, and on the
gemeente and regeling pages (wide and phone-width, where their tables become one block per row); the grid gives
way to the list per day on a phone and nothing sticks out sideways; the filter works without JavaScript; the
print stylesheet prints the calendar as a list in black on white, without navigation, with the links' addresses.

A server of its own, on its own SQLite database (see tests/browser/support.py).
"""

import json
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from app.organen.models import Orgaan
from app.voorstellen.models import Voorstel, VoorstelFase
from tests import factories
from tests.browser.support import LiveSite, live_site
from tests.browser.test_browser import _axe

pytestmark = pytest.mark.browser
AMS = ZoneInfo("Europe/Amsterdam")


def _seed(session: Session) -> dict:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
    bunnik = factories.gemeente(session, "Bunnik", code="GM0312", slug="bunnik")
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, bunnik])
    ab = session.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    # Today at 20:00 local: always in this month and this week, whenever the test runs.
    soon = datetime.combine(datetime.now(AMS).date(), time(20), tzinfo=AMS).astimezone(UTC)
    factories.vergadering(session, factories.orgaan_of(session, zeist), start=soon, naam="Raad Zeist")
    factories.vergadering(session, factories.orgaan_of(session, bunnik), start=soon + timedelta(hours=1),
                          naam="Raad Bunnik")
    factories.vergadering(session, ab, start=soon - timedelta(hours=8), naam="AB Veiligheidsregio")
    session.add(Voorstel(regeling_id=regeling.id, titel="Ontwerpbegroting 2028", fase=VoorstelFase.verzonden,
                         uiterlijk=datetime.now(AMS).date() + timedelta(days=20)))
    session.flush()
    return {}


@pytest.fixture(scope="module")
def kalender_site(tmp_path_factory):
    with live_site(tmp_path_factory, "kalender", _seed) as (url, _seeded):
        yield LiveSite(url=url)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_calendar_and_the_citizen_pages_pass_axe(new_context, kalender_site, axe_source, screens, width):
    page = new_context(bypass_csp=True).new_page()
    page.set_viewport_size({"width": width, "height": 900})
    for name, path in (("kalender-maand", "/kalender"), ("kalender-week", "/kalender/week"),
                       ("kalender-gefilterd", "/kalender?gemeente=zeist"), ("gemeente", "/gemeenten/zeist"),
                       ("regeling", "/regelingen/vru"), ("home", "/")):
        assert page.goto(kalender_site(path)).status == 200
        violations = _axe(page, axe_source)
        page.screenshot(path=str(screens / f"{name}-{width}.png"), full_page=True)
        assert not violations, f"{name} at {width}px: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_a_phone_gets_the_list_per_day_and_a_wide_screen_the_grid(new_context, kalender_site):
    wide = new_context().new_page()
    wide.goto(kalender_site("/kalender"))
    assert wide.locator(".kalender-raster").is_visible() and not wide.locator(".kalender-lijst").is_visible()
    phone = new_context().new_page()
    phone.set_viewport_size({"width": 375, "height": 800})
    phone.goto(kalender_site("/kalender"))
    assert not phone.locator(".kalender-raster").is_visible() and phone.locator(".kalender-lijst").is_visible()
    assert phone.get_by_role("link", name="Raad Zeist").first.is_visible()
    # Nothing sticks out sideways on a phone.
    for path in ("/kalender", "/kalender/week", "/gemeenten/zeist", "/regelingen/vru", "/"):
        phone.goto(kalender_site(path))
        assert phone.evaluate("document.documentElement.scrollWidth") <= 375, path


def test_the_filter_works_without_javascript(new_context, kalender_site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(kalender_site("/kalender/week"))
    page.select_option("#gemeente", "bunnik")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon kalender").click()
    assert "gemeente=bunnik" in page.url and "week=" in page.url
    main = page.locator("main").inner_text()
    assert "Raad Bunnik" in main and "Raad Zeist" not in main


def test_the_calendar_prints_as_a_black_and_white_list_with_addresses(new_context, kalender_site):
    page = new_context().new_page()
    page.emulate_media(media="print")
    page.goto(kalender_site("/kalender"))
    for hidden in (".site-header", ".site-footer", "form", ".kalender-raster", ".kalender-balk"):
        assert not page.locator(hidden).first.is_visible(), hidden
    assert page.locator(".kalender-lijst").is_visible() and page.locator(".alleen-print").is_visible()
    link = page.locator(".kalender-lijst a", has_text="Raad Zeist").first
    after = link.evaluate("a => getComputedStyle(a, '::after').content")
    assert "/vergaderingen/" in after
    assert link.evaluate("a => getComputedStyle(a).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).backgroundColor") in (
        "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
