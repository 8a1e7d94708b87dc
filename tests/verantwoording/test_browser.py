"""The accountability pages in real Chromium, checked with axe-core: the plan (secretaris), the meeting with its
attendance (public) and the attendance form (griffier)."""

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from app.accounts.authz import Actor
from app.verantwoording import service
from tests.browser.support import TZ_NAME, LiveSite, live_site, log_in
from tests.browser.test_browser import _axe
from tests.verantwoording.opzet import wereld, werkdag_na

pytestmark = pytest.mark.browser


def _seed(session: Session) -> dict:
    w = wereld(session)
    tz = ZoneInfo(TZ_NAME)
    toen = datetime.now(tz).date() - timedelta(days=40)
    dag = werkdag_na(toen + timedelta(days=7))
    b = service.plan(session, actor=Actor(gebruiker_id=0, naam="beheer", beheerder=True), regeling=w.regeling.slug,
                     jaar=dag.year, datum=dag, vandaag=toen, tz=tz, locatie="Raadzaal Zeist").bijeenkomst
    service.registreer(session, actor=Actor(gebruiker_id=0, naam="beheer", beheerder=True), bijeenkomst_id=b.id,
                       gemeente=w.utrecht.code, aanwezig=31, opmerking="drie leden online", nu=datetime.now(tz))
    return {"slug": w.regeling.slug, "id": b.id, "zeist": w.zeist.code, "secretaris": w.secretaris,
            "griffier": w.griffier_zeist}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with live_site(tmp_path_factory, "verantwoording", _seed) as (url, seeded):
        yield LiveSite(url=url), seeded


def _no_violations(page, axe_source, name: str) -> None:
    violations = _axe(page, axe_source)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_accountability_pages_pass_axe(new_context, site, axe_source, screens):
    s, seeded = site
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    assert page.goto(s(f"/verantwoording/{seeded['id']}")).status == 200
    assert "31 van 45" in page.inner_text("main")
    _no_violations(page, axe_source, "verantwoording-publiek")

    log_in(page, s, seeded["secretaris"])
    assert page.goto(s(f"/regelingen/{seeded['slug']}/verantwoording")).status == 200
    assert page.locator("input[type=radio][name=datum]").count() > 0
    _no_violations(page, axe_source, "verantwoording-plannen")
    page.screenshot(path=str(screens / "verantwoording-plannen.png"), full_page=True)

    page.goto(s(f"/verantwoording/{seeded['id']}/aanwezigheid/{seeded['zeist']}"))
    page.fill("#aanwezig", "99")
    with page.expect_navigation():
        page.click("button:has-text('Aanwezigheid vastleggen')")
    assert "27 zetels" in page.inner_text(".foutsamenvatting")
    _no_violations(page, axe_source, "verantwoording-aanwezigheid-fout")
    page.fill("#aanwezig", "22")
    with page.expect_navigation():
        page.click("button:has-text('Aanwezigheid vastleggen')")
    assert "22 van 27" in page.inner_text("main")
    _no_violations(page, axe_source, "verantwoording-detail-beheer")
    page.screenshot(path=str(screens / "verantwoording-detail.png"), full_page=True)
