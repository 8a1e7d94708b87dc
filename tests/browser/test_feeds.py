"""The feed pages in a real browser: axe-core, the private link made with the keyboard, a calendar composed with
the keyboard, and a picture of the subscribe panel.

A server of its own: the shared one in support.py has no user who is a council member.
"""

import json
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.config import PROJECT_ROOT
from app.organen.models import Lidmaatschap, Orgaan
from tests import factories
from tests.browser.support import TZ_NAME, LiveSite, live_site, log_in
from tests.browser.test_browser import _axe, focused, tab_to

pytestmark = pytest.mark.browser

RAADSLID = "raadslid@zeist.feeds.example.nl"
SCREENSHOTS = PROJECT_ROOT / "var" / "screenshots"


def _seed(session: Session) -> None:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
    utrecht = factories.gemeente(session, "Utrecht", code="GM0344", slug="utrecht")
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    ab = session.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    lid = factories.user(session, RAADSLID, ("raadslid",), naam="Rita Raadslid")
    session.add(Lidmaatschap(persoon_id=lid.persoon_id, orgaan_id=ab.id, gemeente_id=zeist.id,
                             stemgewicht=Decimal("1")))
    start = (datetime.now(ZoneInfo(TZ_NAME)) + timedelta(days=9)).replace(hour=19, minute=30, second=0, microsecond=0)
    factories.vergadering(session, factories.orgaan_of(session, zeist), ab, start=start,
                          naam="Zienswijze begroting Veiligheidsregio")
    session.flush()


@pytest.fixture(scope="module")
def feed_site(tmp_path_factory):
    with live_site(tmp_path_factory, "feeds", _seed) as (url, _):
        yield LiveSite(url=url)


def _no_violations(page, axe_source, name: str) -> None:
    violations = _axe(page, axe_source)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_feed_pages_pass_axe(new_context, feed_site, axe_source, screens):
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    for name, path in (("gemeente-abonneren", "/gemeenten/zeist"), ("samenstellen-anoniem", "/agenda-samenstellen")):
        assert page.goto(feed_site(path)).status == 200
        _no_violations(page, axe_source, name)
        page.screenshot(path=str(screens / f"{name}.png"), full_page=True)

    log_in(page, feed_site, RAADSLID)
    for name, path in (("mijn-agenda", "/mijn/agenda"), ("samenstellen", "/agenda-samenstellen")):
        assert page.goto(feed_site(path)).status == 200
        _no_violations(page, axe_source, name)
        page.screenshot(path=str(screens / f"{name}.png"), full_page=True)

    with page.expect_navigation():  # nothing chosen: the form comes back with the reason
        page.click("button:has-text('Agenda opslaan')")
    expect(page.locator(".foutsamenvatting")).to_contain_text("Kies ten minste één orgaan voor uw agenda.")
    _no_violations(page, axe_source, "samenstellen-fout")

    page.goto(feed_site("/mijn/agenda"))
    with page.expect_navigation():
        page.click("button:has-text('Link maken')")
    expect(page.locator(".nieuwe-link")).to_contain_text("U ziet deze link maar één keer")
    _no_violations(page, axe_source, "mijn-agenda-nieuwe-link")
    page.screenshot(path=str(screens / "mijn-agenda-nieuwe-link.png"), full_page=True)


def test_a_member_makes_the_private_link_with_the_keyboard(new_context, feed_site):
    page = new_context().new_page()
    log_in(page, feed_site, RAADSLID)
    page.goto(feed_site("/mijn/agenda"))
    # "Link maken", or, when another test made one already, the button that replaces it.
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] in ("Link maken", "Nieuwe link maken (de oude werkt "
                                                                                "dan niet meer)"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # No script moves the focus: the title says it first, and the form posted to the heading's fragment.
    expect(page).to_have_title("Uw nieuwe agendalink – Mijn agenda – Tussenruimte")
    assert page.url.endswith("/mijn/agenda/link#nieuwe-link-titel")
    address = page.input_value("#persoonlijk-adres")
    assert address.startswith(feed_site("/feeds/persoonlijk/")) and address.endswith(".ics")
    # The panel's buttons and the address field come next in the tab order, each named for what it does.
    tab_to(page, lambda e: e["tag"] == "a" and e["text"].startswith("Abonneren (webcal)"))
    expect(page.get_by_role("link", name="Abonneren (webcal) – Mijn vergaderingen (Tussenruimte)",
                            exact=True)).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Toevoegen aan Google Agenda")
    page.keyboard.press("Tab")
    assert focused(page)["text"].startswith("Toevoegen aan Outlook")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "persoonlijk-adres"
    assert page.get_attribute("#persoonlijk-adres", "readonly") is not None
    assert page.locator("#persoonlijk-adres").evaluate("el => el.labels[0].textContent") == "Link van de agenda"

    # The link is shown once: the page itself no longer has it.
    page.goto(feed_site("/mijn/agenda"))
    assert address not in page.content()
    expect(page.locator("main")).to_contain_text("Er is een link actief")


def test_a_member_composes_a_calendar_with_the_keyboard(new_context, feed_site):
    page = new_context().new_page()
    log_in(page, feed_site, RAADSLID)
    page.goto(feed_site("/agenda-samenstellen"))
    tab_to(page, lambda e: e["id"] == "orgaan-vru-ab")
    page.keyboard.press("Space")
    assert page.is_checked("#orgaan-vru-ab")
    tab_to(page, lambda e: e["tag"] == "button" and e["text"] == "Agenda opslaan")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/agenda/selecties/" in page.url
    expect(page.locator("h1")).to_have_text("Vergaderingen van Algemeen bestuur Veiligheidsregio Utrecht")
    expect(page.locator("main")).to_contain_text("Zienswijze begroting Veiligheidsregio")
    selectie_id = page.url.rsplit("/", 1)[1]
    assert page.input_value("#abonneren-adres") == feed_site(f"/feeds/selecties/{selectie_id}.ics")


def test_a_picture_of_the_subscribe_panel(new_context, feed_site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_context().new_page()
    page.goto(feed_site("/gemeenten/zeist"))
    panel = page.locator("section.abonneren").first
    expect(panel).to_be_visible()
    panel.screenshot(path=str(SCREENSHOTS / "abonneren.png"))
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the buttons wrap, nothing is cut off
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    panel.screenshot(path=str(SCREENSHOTS / "abonneren-smal.png"))
