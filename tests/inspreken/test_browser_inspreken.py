"""Speaking rights in a real browser: a citizen finds the item on the meeting page, registers by keyboard (an
error first, announced and linked to its field), opens the confirmation link and confirms; the griffier sees the
speaker and sets a limit. axe-core checks every page on the way (no serious or critical violation)."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.inspreken.models import Inspreekverzoek
from app.inspreken.service import token_hash
from app.organen.models import Soort
from tests import factories
from tests.browser.support import TZ_NAME, LiveSite, live_site, log_in
from tests.browser.test_browser import _axe
from tests.inspreken.conftest import orgaan, punt

pytestmark = pytest.mark.browser

GRIFFIER = "griffie@zeist.inspreken.example.nl"
TOKEN = "bekend-token-voor-de-browsertest-0123456789abcdef"


def _seed(session: Session) -> dict:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
    commissie = orgaan(session, zeist, Soort.commissie, "zeist-ruimte")
    start = (datetime.now(ZoneInfo(TZ_NAME)) + timedelta(days=10)).replace(hour=19, minute=30, second=0,
                                                                           microsecond=0)
    v = factories.vergadering(session, commissie, start=start, einde=start + timedelta(hours=3),
                              naam="Commissie Ruimte", online_url="https://live.example.org/zeist")
    p = punt(session, v, "Omgevingsvisie Zeist 2040")
    punt(session, v, "Grondaankoop", volgorde=2, openbaar=False)
    session.add(Inspreekverzoek(agendapunt_id=p.id, naam="Piet Post", email="piet@example.nl", onderwerp="Geluid",
                                bevestig_hash=token_hash(TOKEN), annuleer_hash=token_hash(TOKEN + "-af")))
    factories.user(session, GRIFFIER, ("griffier", zeist), naam="Greet Griffier")
    session.flush()
    return {"vergadering": v.id, "punt": p.id}


@pytest.fixture(scope="module")
def inspreek_site(tmp_path_factory):
    with live_site(tmp_path_factory, "inspreken", _seed) as (url, ids):
        yield LiveSite(url=url), ids


def _no_violations(page, axe_source, name: str) -> None:
    violations = _axe(page, axe_source)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_a_citizen_registers_by_keyboard_and_confirms(new_context, inspreek_site, axe_source, screens):
    site, ids = inspreek_site
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    page.goto(site(f"/vergaderingen/{ids['vergadering']}"))
    _no_violations(page, axe_source, "vergadering met inspreken")
    expect(page.locator("#inspreken-uitleg")).to_contain_text("Iedereen mag bij deze vergadering inspreken")
    with page.expect_navigation():
        page.get_by_role("link", name="Inspreken bij Omgevingsvisie Zeist 2040").click()
    _no_violations(page, axe_source, "inspreekformulier")

    page.get_by_label("Uw naam").focus()
    page.keyboard.type("Jantine van Berkel")
    page.keyboard.press("Tab")
    page.keyboard.type("geen-adres")
    page.keyboard.press("Tab")
    expect(page.locator("#onderwerp")).to_be_focused()
    page.keyboard.type("De groene zone langs de Utrechtseweg")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Aanmelden")).to_be_focused()  # the honeypot is not in the tab order
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".foutsamenvatting [role=alert]")).to_contain_text("Vul een geldig e-mailadres in")
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    _no_violations(page, axe_source, "inspreekformulier met fout")
    page.screenshot(path=str(screens / "inspreken-fout.png"), full_page=True)

    page.fill("#email", "jantine@example.nl")
    with page.expect_navigation():
        page.click("button:has-text('Aanmelden')")
    expect(page.locator("h1")).to_have_text("Kijk in uw e-mail")
    _no_violations(page, axe_source, "verstuurd")

    page.goto(site(f"/inspreken/bevestigen/{TOKEN}"))
    _no_violations(page, axe_source, "bevestigen")
    with page.expect_navigation():
        page.click("button:has-text('Ja, ik wil inspreken')")
    expect(page.locator("h1")).to_have_text("Uw aanmelding is bevestigd")
    page.goto(site(f"/inspreken/bevestigen/{TOKEN}"))
    expect(page.locator("h1")).to_have_text("Deze link werkt niet (meer)")
    _no_violations(page, axe_source, "link gebruikt")


def test_the_griffier_sees_the_speakers_and_sets_a_limit(new_context, inspreek_site, axe_source, screens):
    site, ids = inspreek_site
    page = new_context(bypass_csp=True).new_page()
    log_in(page, site, GRIFFIER)
    page.goto(site(f"/vergaderingen/{ids['vergadering']}/insprekers"))
    expect(page.locator("table").first).to_contain_text("piet@example.nl")
    _no_violations(page, axe_source, "insprekers")
    veld = page.locator(f"#max-{ids['punt']}")
    veld.fill("5")
    with page.expect_navigation():
        page.get_by_role("button", name="Maximum opslaan voor Omgevingsvisie Zeist 2040").click()
    expect(page.locator(".melding")).to_contain_text("Het maximum aantal insprekers is opgeslagen.")
    expect(page.locator(f"#max-{ids['punt']}")).to_have_value("5")
    page.screenshot(path=str(screens / "insprekers.png"), full_page=True)
