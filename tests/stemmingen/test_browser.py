"""The vote pages in real Chromium: axe-core on a vote, the voting rules and the form, and a vote recorded with the
form by the secretaris. A server of its own, on a committed SQLite database (see tests/browser/support.py)."""

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from app.accounts.authz import Actor
from app.accounts.models import Gebruiker
from app.stemmingen import service
from app.stemmingen.models import Keuze
from app.stemmingen.schemas import StemInvoer, StemmingCreate
from tests.browser.support import TZ_NAME, LiveSite, live_site, log_in
from tests.browser.test_browser import _axe
from tests.stemmingen.conftest import bouw

pytestmark = pytest.mark.browser



def _seed(session: Session) -> dict:
    raad = bouw(session)
    user = session.exec(select(Gebruiker).where(Gebruiker.email == raad.secretaris)).one()
    actor = Actor(gebruiker_id=user.id, email=user.email, naam=user.naam, secretaris_van=frozenset({raad.regeling.id}))
    service.wijzig_stemregels(session, actor=actor, regeling=raad.regeling, versie=None,
                              regels={"gewicht": "fractie_aandeel"})
    keuzes = {"a1": Keuze.voor, "a2": Keuze.tegen, "b": Keuze.voor, "c": Keuze.tegen, "d": Keuze.onthouden}
    d = service.leg_vast(session, actor=actor, data=StemmingCreate(
        orgaan=raad.orgaan.slug, voorstel_id=raad.voorstel.id, vergadering_id=raad.vergadering.id,
        gestemd_op=raad.gestemd_op,
        stemmen=[StemInvoer(persoon_id=raad.leden[k].id, keuze=v) for k, v in keuzes.items()]))
    return {"stemming": d.stemming.id, "orgaan": raad.orgaan.slug, "regeling": raad.regeling.slug,
            "secretaris": raad.secretaris, "lid_b": raad.leden["b"].id, "lid_c": raad.leden["c"].id}


@pytest.fixture(scope="module")
def vote_site(tmp_path_factory):
    with live_site(tmp_path_factory, "stemmingen", _seed) as (url, seeded):
        yield LiveSite(url=url), seeded


def _no_violations(page, axe_source, name: str) -> None:
    violations = _axe(page, axe_source)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_vote_pages_pass_axe_and_the_form_records_a_vote(new_context, vote_site, axe_source, screens):
    site, seeded = vote_site
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    assert page.goto(site(f"/stemmingen/{seeded['stemming']}")).status == 200
    assert page.locator("h1").inner_text() == "Ontwerpbegroting Drechtsteden"
    _no_violations(page, axe_source, "stemming")
    page.screenshot(path=str(screens / "stemming.png"), full_page=True)
    assert page.goto(site(f"/regelingen/{seeded['regeling']}/stemregels")).status == 200
    _no_violations(page, axe_source, "stemregels-anoniem")

    log_in(page, site, seeded["secretaris"])
    assert page.goto(site(f"/regelingen/{seeded['regeling']}/stemregels")).status == 200
    _no_violations(page, axe_source, "stemregels-formulier")
    assert page.goto(site(f"/organen/{seeded['orgaan']}/stemmingen/nieuw")).status == 200
    _no_violations(page, axe_source, "stemming-vastleggen")

    # A motion: two members vote, by their labels; the rest stays absent, so there is no quorum.
    page.fill("#onderwerp", "Motie vreemd aan de orde")
    gisteren = datetime.now(UTC).astimezone(ZoneInfo(TZ_NAME)) - timedelta(days=1)
    page.fill("#datum", gisteren.strftime("%Y-%m-%d"))
    page.fill("#tijd", "21:15")
    page.get_by_label("Lid B").select_option(f"{seeded['lid_b']}:voor")
    page.get_by_label("Lid C").select_option(f"{seeded['lid_c']}:tegen")
    with page.expect_navigation():
        page.click("button:has-text('Stemming vastleggen')")
    assert "/stemmingen/" in page.url
    assert page.locator("h1").inner_text() == "Motie vreemd aan de orde"
    assert "Geen quorum" in page.locator("main").inner_text()
    _no_violations(page, axe_source, "stemming-geen-quorum")
