"""The public decision pages in a real browser: axe-core finds no serious violations on the voorstel page (with
every kind of council position, advice, a decision and a timeline), the list with its filters, and a gemeente's
regelingen; the list's filter works without JavaScript.

A server of its own, on its own SQLite database (see tests/browser/support.py).
"""

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from app.accounts.authz import Actor
from app.historie import service as historie
from app.organen.models import Orgaan, Soort
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Document, Uitkomst
from tests import factories
from tests.besluiten.conftest import VANDAAG, behandeling, besloten, voorstel
from tests.browser.support import LiveSite, live_site
from tests.browser.test_browser import _axe

pytestmark = pytest.mark.browser


def _seed(session: Session) -> dict:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist", inwoners=65_000)
    utrecht = factories.gemeente(session, "Utrecht", code="GM0344", slug="utrecht", inwoners=374_000)
    houten = factories.gemeente(session, "Houten", code="GM0321", slug="houten", inwoners=50_000)
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht",
                                  deelnemers=[zeist, utrecht, houten], publicatieblad="Gemeenteblad")
    tafel = Orgaan(slug="vru-raadstafel", naam="Raadstafel VRU", soort=Soort.adviescommissie, regeling_id=regeling.id)
    session.add(tafel)
    session.flush()
    v = voorstel(session, regeling, "Ontwerpbegroting 2028", toelichting="De begroting voor 2028.")
    behandeling(session, v, zeist, uitkomst=Uitkomst.zienswijze, tekst="Zeist vraagt om lagere kosten.",
                besloten_op=VANDAAG - timedelta(days=2), antwoord="Het bestuur neemt dit mee.", antwoord_op=VANDAAG)
    meeting = factories.vergadering(session, factories.orgaan_of(session, utrecht),
                                    start=datetime.now(UTC) + timedelta(days=5))
    behandeling(session, v, utrecht, vergadering_id=meeting.id)
    session.add(Afmelding(voorstel_id=v.id, gemeente_id=houten.id, reden="Eigen traject"))
    session.add(Behandeling(voorstel_id=v.id, orgaan_id=tafel.id, rol=BehandelingRol.advies, uitkomst=Uitkomst.advies,
                            tekst="Verlaag de reserves.", besloten_op=VANDAAG - timedelta(days=4)))
    session.add(Document(voorstel_id=v.id, titel="Ontwerpbegroting", url="https://example.org/begroting.pdf"))
    actor = Actor(naam="Secretaris VRU", beheerder=True)
    historie.log(session, actor=actor, regeling_id=regeling.id, voorstel_id=v.id, soort="verzonden",
                 wijzigingen={"fase": ["concept", "verzonden"]})
    besloten(session, regeling, "Jaarrekening 2026", besloten_op=VANDAAG - timedelta(days=30))
    gepubliceerd = besloten(session, regeling, "Kadernota 2028", besloten_op=VANDAAG - timedelta(days=40),
                            gepubliceerd_op=VANDAAG - timedelta(days=35))
    historie.log(session, actor=actor, regeling_id=regeling.id, voorstel_id=gepubliceerd.id, soort="correctie",
                 correctie=True, toelichting="Datum verbeterd.")
    session.flush()
    return {"voorstel": v.id}


@pytest.fixture(scope="module")
def besluiten_site(tmp_path_factory):
    with live_site(tmp_path_factory, "besluiten", _seed) as (url, seeded):
        yield LiveSite(url=url), seeded


def test_the_decision_pages_pass_axe(new_context, besluiten_site, axe_source, screens):
    site, seeded = besluiten_site
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    for name, path in (("voorstel", f"/voorstellen/{seeded['voorstel']}"), ("besluiten", "/besluiten"),
                       ("besluiten-gemeente", "/besluiten?gemeente=zeist"),
                       ("gemeente-regelingen", "/gemeenten/zeist/regelingen")):
        assert page.goto(site(path)).status == 200
        violations = _axe(page, axe_source)
        page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
        assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_filter_works_without_javascript(new_context, besluiten_site):
    site, _ = besluiten_site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site("/besluiten"))
    page.select_option("#fase", "gepubliceerd")
    with page.expect_navigation():
        page.click("button:has-text('Toon besluiten')")
    assert "fase=gepubliceerd" in page.url
    titels = page.locator(".besluiten-tabel tbody th a").all_inner_texts()
    assert titels == ["Kadernota 2028"]
