"""The management pages of a voorstel in Chromium: axe-core on each page type, and a form error read in place.

A server of its own (tests/browser/support.py: live_site), with a secretaris and a griffier who log in.
"""

import json
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlmodel import Session, select

from app.accounts import service as accounts
from app.organen.models import Orgaan, Soort
from app.voorstellen import service
from app.voorstellen.models import Behandeling, VoorstelSoort
from tests import factories
from tests.browser.support import LiveSite, live_site, log_in
from tests.browser.test_browser import _axe

pytestmark = pytest.mark.browser


SECRETARIS = "secretaris@vru.voorstellen.example.nl"
GRIFFIER = "griffie@zeist.voorstellen.example.nl"


def _seed(session: Session) -> dict:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
    utrecht = factories.gemeente(session, "Utrecht", code="GM0344", slug="utrecht")
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    session.add(Orgaan(slug="vru-raadstafel", naam="Raadstafel VRU", soort=Soort.adviescommissie,
                       regeling_id=regeling.id))
    secretaris = factories.user(session, SECRETARIS, ("secretaris", regeling), naam="Sam Secretaris")
    factories.user(session, GRIFFIER, ("griffier", zeist), naam="Greet Griffier")
    actor = accounts.actor_for(session, secretaris.id)
    v = service.maak(session, actor=actor, regeling="vru", titel="Kadernota 2027",  # the councils give a zienswijze
                     soort=VoorstelSoort.kadernota, toelichting="De kaders voor de begroting 2027.")
    service.verstuur(session, actor=actor, voorstel_id=v.id, verzonden_op=date(2026, 3, 2), versie=1,
                     uiterlijk=date(2026, 4, 15))
    service.geef_advies(session, actor=actor, voorstel_id=v.id, orgaan="vru-raadstafel",
                        tekst="De Raadstafel steunt de kadernota.", besloten_op=date(2026, 3, 20))
    b = session.exec(select(Behandeling).join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
                     .where(Behandeling.voorstel_id == v.id, Orgaan.gemeente_id == zeist.id)).one()
    return {"voorstel": v.id, "behandeling": b.id}


@pytest.fixture(scope="module")
def voorstel_site(tmp_path_factory):
    with live_site(tmp_path_factory, "voorstellen", _seed) as (url, seeded):
        yield LiveSite(url=url), seeded


def _geen_schendingen(page, axe_source, naam: str) -> None:
    schendingen = _axe(page, axe_source)
    assert not schendingen, f"{naam}: " + json.dumps(schendingen, indent=2, ensure_ascii=False)


def test_the_management_pages_pass_axe(new_context, voorstel_site, axe_source, screens):
    site, ids = voorstel_site
    secretaris = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP forbids
    log_in(secretaris, site, SECRETARIS)
    for naam, pad in (("voorstel-nieuw", "/regelingen/vru/voorstellen/nieuw"),
                      ("voorstel-beheer", f"/voorstellen/{ids['voorstel']}/beheer")):
        assert secretaris.goto(site(pad)).status == 200
        _geen_schendingen(secretaris, axe_source, naam)
        secretaris.screenshot(path=str(screens / f"{naam}.png"), full_page=True)

    with secretaris.expect_navigation():  # the besluit form without a choice: the error next to the field
        secretaris.click("button:has-text('Besluit vastleggen')")
    expect(secretaris.locator("#besluit-fout")).to_contain_text("Kies het besluit")
    _geen_schendingen(secretaris, axe_source, "voorstel-beheer-fout")

    griffier = new_context(bypass_csp=True).new_page()
    log_in(griffier, site, GRIFFIER)
    pad = f"/voorstellen/{ids['voorstel']}/behandelingen/{ids['behandeling']}"
    assert griffier.goto(site(pad)).status == 200
    expect(griffier.locator("main")).to_contain_text("De Raadstafel steunt de kadernota.")
    _geen_schendingen(griffier, axe_source, "voorstel-behandeling")
    griffier.check("#uitkomst-zienswijze")
    griffier.fill("#besloten_op", "2026-04-01")
    with griffier.expect_navigation():
        griffier.click("button:has-text('Uitkomst vastleggen')")
    expect(griffier.locator("#tekst-fout")).to_contain_text("Vul de tekst van de zienswijze in.")
    _geen_schendingen(griffier, axe_source, "voorstel-behandeling-fout")
    griffier.screenshot(path=str(screens / "voorstel-behandeling-fout.png"), full_page=True)
