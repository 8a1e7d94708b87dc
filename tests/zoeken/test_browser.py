"""The search page in a real browser: axe-core finds no serious violations (results, an empty query, a bad
filter, nothing found), and the form works without JavaScript.

A server of its own, on its own SQLite database (see tests/browser/support.py).
"""

import json

import pytest
from sqlmodel import Session

from tests.browser.support import LiveSite, live_site
from tests.browser.test_browser import _axe
from tests.zoeken.conftest import maak_regio

pytestmark = pytest.mark.browser


def _seed(session: Session) -> dict:
    r = maak_regio(session)
    session.flush()
    return {"regeling": r.regeling.slug}


@pytest.fixture(scope="module")
def zoek_site(tmp_path_factory):
    with live_site(tmp_path_factory, "zoeken", _seed) as (url, seeded):
        yield LiveSite(url=url), seeded


def test_the_search_page_passes_axe(new_context, zoek_site, axe_source, screens):
    site, seeded = zoek_site
    page = new_context(bypass_csp=True).new_page()  # axe is injected inline, which the CSP rightly forbids
    for name, path, status in (("zoeken", "/zoeken?q=begroting", 200), ("zoeken-leeg", "/zoeken", 200),
                               ("zoeken-fout", "/zoeken?q=begroting&soort=koor", 422),
                               ("zoeken-niets", f"/zoeken?q=xylofoon&regeling={seeded['regeling']}", 200)):
        assert page.goto(site(path)).status == status
        violations = _axe(page, axe_source)
        page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
        assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_the_form_works_without_javascript(new_context, zoek_site):
    site, _ = zoek_site
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site("/zoeken"))
    page.fill("#q", "jeugdzorg")
    page.select_option("#soort", "agendapunt")
    with page.expect_navigation():
        page.click("form.zoekformulier button[type=submit]")
    assert "q=jeugdzorg" in page.url and "soort=agendapunt" in page.url
    assert page.locator(".zoek-resultaat__titel").all_inner_texts() == ["Vaststelling begroting jeugdzorg"]
