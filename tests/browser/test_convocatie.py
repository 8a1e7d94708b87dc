"""Public shareholders convene, in a real browser: the griffier of one council asks for a meeting, the griffier of
another supports it, and a citizen (not logged in) sees both supports and the status. axe-core checks the list page
with its form, and the request's page as the griffier and as the citizen see it.

A server of its own: its regeling needs half the weight to convene, so one council alone does not reach it.
"""

import json

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from tests import factories
from tests.browser.support import LiveSite, live_site, log_in
from tests.browser.test_browser import _axe

pytestmark = pytest.mark.browser

ZEIST = "griffie@zeist.convocatie.example.nl"
UTRECHT = "griffie@utrecht.convocatie.example.nl"
SECRETARIS = "secretaris@vru.convocatie.example.nl"


def _seed(session: Session) -> str:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist", inwoners=65_000)
    utrecht = factories.gemeente(session, "Utrecht", code="GM0344", slug="utrecht", inwoners=374_000)
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht],
                                  convocatieregels={"aandeel": "1/2"})
    factories.user(session, ZEIST, ("griffier", zeist), naam="Greet Griffier")
    factories.user(session, UTRECHT, ("griffier", utrecht), naam="Ugo Griffier")
    factories.user(session, SECRETARIS, ("secretaris", regeling), naam="Sanne Secretaris")
    session.flush()
    return regeling.slug


@pytest.fixture(scope="module")
def convocatie_site(tmp_path_factory):
    with live_site(tmp_path_factory, "convocatie", _seed) as (url, slug):
        yield LiveSite(url=url), slug


def _no_violations(page, axe_source, name: str) -> None:
    violations = _axe(page, axe_source)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_two_griffiers_ask_and_support_and_a_citizen_sees_it(new_context, convocatie_site, axe_source, screens):
    site, slug = convocatie_site
    zeist = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    log_in(zeist, site, ZEIST)
    zeist.goto(site(f"/regelingen/{slug}/convocatieverzoeken"))
    _no_violations(zeist, axe_source, "convocatieverzoeken")
    zeist.get_by_label("Raadsbesluit of motie").fill("Motie 2027-14, aangenomen 12 maart 2027")
    zeist.get_by_label("Agenda", exact=True).fill("Tekort in de jaarrekening\nHerstelplan")
    zeist.get_by_label("Redenen").fill("De raad wil weten hoe het tekort is ontstaan.")
    with zeist.expect_navigation():
        zeist.click("button:has-text('Verzoek indienen')")
    expect(zeist.locator(".melding")).to_contain_text("Uw verzoek is ingediend")
    expect(zeist.locator(".verzoek-status")).to_contain_text("Open")
    _no_violations(zeist, axe_source, "convocatieverzoek-griffier")
    zeist.screenshot(path=str(screens / "convocatieverzoek-griffier.png"), full_page=True)
    pad = zeist.url.removeprefix(site(""))

    utrecht = new_context().new_page()
    log_in(utrecht, site, UTRECHT)
    utrecht.goto(site(pad))
    # Support on behalf of the raad stands on its decision or motion: without one, the reason is next to the field
    # (the form has novalidate, so the server's answer is what the griffier sees).
    with utrecht.expect_navigation():
        utrecht.click("button:has-text('Verzoek steunen')")
    expect(utrecht.locator("#steun-grondslag-fout")).to_contain_text("Noem het raadsbesluit of de motie")
    utrecht.get_by_label("Raadsbesluit of motie").fill("Motie 2027-15, aangenomen 14 maart 2027")
    with utrecht.expect_navigation():
        utrecht.click("button:has-text('Verzoek steunen')")
    expect(utrecht.locator(".melding")).to_contain_text("Uw steun is vastgelegd")

    burger = new_context(bypass_csp=True).new_page()
    assert burger.goto(site(pad)).status == 200
    expect(burger.locator(".verzoek-status")).to_contain_text("Drempel bereikt")
    steun = burger.locator(".steun-tabel tbody tr")
    expect(steun).to_have_count(2)
    expect(steun.nth(0)).to_contain_text("Zeist")
    expect(steun.nth(1)).to_contain_text("Utrecht")
    expect(burger.locator(".steun-tabel tfoot")).to_contain_text("100,0%")
    expect(burger.get_by_text("nog 28 dagen")).to_be_visible()
    expect(burger.locator("button:has-text('Verzoek steunen')")).to_have_count(0)
    # The history names the capacity in which each griffier acted, not the person.
    expect(burger.locator("body")).to_contain_text("griffier van Utrecht")
    expect(burger.locator("body")).not_to_contain_text("Ugo Griffier")
    _no_violations(burger, axe_source, "convocatieverzoek-burger")
    burger.screenshot(path=str(screens / "convocatieverzoek-burger.png"), full_page=True)


def test_the_rules_form_passes_axe(new_context, convocatie_site, axe_source):
    site, slug = convocatie_site
    page = new_context(bypass_csp=True).new_page()
    log_in(page, site, SECRETARIS)
    assert page.goto(site(f"/regelingen/{slug}/convocatieregels")).status == 200
    expect(page.get_by_label("Soort drempel")).to_have_value("gewicht")
    _no_violations(page, axe_source, "convocatieregels")
    page.get_by_label("Termijn van de voorzitter, in weken").fill("nul")
    with page.expect_navigation():
        page.click("button:has-text('Regels opslaan')")
    expect(page.locator(".foutsamenvatting")).to_contain_text("Verwacht een geheel getal")
    _no_violations(page, axe_source, "convocatieregels-fout")
