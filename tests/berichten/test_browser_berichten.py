"""The notification pages in real Chromium with axe-core: Mijn meldingen, the outbox, and the unsubscribe page
(confirm and done). A server of its own, with a griffier who follows a regeling and a beheerder."""

import json

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.berichten import afmelden
from app.berichten import service as berichten
from app.berichten.models import Abonnement
from app.db import utcnow
from tests import factories
from tests.browser.support import LiveSite, live_site, log_in
from tests.browser.test_browser import _axe

pytestmark = pytest.mark.browser

GRIFFIER = "griffie@zeist.meldingen.example.nl"
BEHEERDER = "beheer@meldingen.example.nl"
SLEUTEL = "b" * 40  # the secret key live_site gives its server


def _seed(session: Session) -> int:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist])
    factories.regeling(session, slug="ggd", naam="GGD regio Utrecht")
    factories.user(session, GRIFFIER, ("griffier", zeist), naam="Greet Griffier")
    factories.user(session, BEHEERDER, ("beheerder",), naam="Bea Beheer")
    abonnement = Abonnement(email=GRIFFIER, regeling_id=regeling.id, soorten=["drempel_bereikt"])
    session.add(abonnement)
    session.flush()
    verzonden, opnieuw, _ = berichten.queue(session, aan=[GRIFFIER, "raad@example.nl", "wacht@example.nl"],
                                            onderwerp="Drempel bereikt (Veiligheidsregio Utrecht)", tekst="t")
    verzonden.pogingen, verzonden.verzonden_at = 1, utcnow()
    opnieuw.pogingen, opnieuw.fout = 1, "SMTP-server onbereikbaar: Connection refused"
    opnieuw.volgende_poging_at = utcnow() + berichten.WACHTTIJDEN[0]
    session.add_all([verzonden, opnieuw])
    session.flush()
    return abonnement.id


@pytest.fixture(scope="module")
def meldingen_site(tmp_path_factory):
    with live_site(tmp_path_factory, "meldingen", _seed) as (url, abonnement_id):
        yield LiveSite(url=url), abonnement_id


def _geen_overtredingen(page, axe_source, naam: str) -> None:  # noqa: F811
    violations = _axe(page, axe_source)
    assert not violations, f"{naam}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_notification_pages_pass_axe(new_context, meldingen_site, axe_source, screens):  # noqa: F811
    site, abonnement_id = meldingen_site
    burger = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    pad = f"{afmelden.PAD}/{afmelden.token(SLEUTEL, abonnement_id)}"
    assert burger.goto(site(pad)).status == 200
    _geen_overtredingen(burger, axe_source, "afmelden")
    with burger.expect_navigation():
        burger.click("button:has-text('Afmelden')")
    expect(burger.locator("h1")).to_have_text("U bent afgemeld")
    _geen_overtredingen(burger, axe_source, "afgemeld")
    burger.screenshot(path=str(screens / "afgemeld.png"), full_page=True)

    griffier = new_context(bypass_csp=True).new_page()
    log_in(griffier, site, GRIFFIER)
    assert griffier.goto(site("/mijn/meldingen")).status == 200
    _geen_overtredingen(griffier, axe_source, "mijn-meldingen")
    griffier.check("label:has-text('Een vergadering is bijeengeroepen')")
    with griffier.expect_navigation():
        griffier.click("button:has-text('Keuzes opslaan')")
    expect(griffier.locator(".melding")).to_contain_text("Uw keuzes zijn opgeslagen.")
    with griffier.expect_navigation():  # nothing chosen: the reason next to the field
        griffier.click("button:has-text('Volgen')")
    expect(griffier.locator("#regeling-fout")).to_contain_text("Kies de regeling die u wilt volgen.")
    _geen_overtredingen(griffier, axe_source, "mijn-meldingen-fout")
    griffier.screenshot(path=str(screens / "mijn-meldingen.png"), full_page=True)

    beheerder = new_context(bypass_csp=True).new_page()
    log_in(beheerder, site, BEHEERDER)
    assert beheerder.goto(site("/beheer/berichten")).status == 200
    expect(beheerder.locator("table")).to_contain_text("SMTP-server onbereikbaar")
    _geen_overtredingen(beheerder, axe_source, "uitgaande-berichten")
    beheerder.screenshot(path=str(screens / "uitgaande-berichten.png"), full_page=True)
