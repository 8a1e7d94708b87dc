"""The same-day wizard in a real browser, on the U16 demo region: plan a voorstel, accept the first candidate,
and find the meeting on that date in every participating council's calendar. axe-core checks every step.

The demo is loaded into a live server of its own (the other browser tests use a small seeded database). When
the demo has a U16 voorstel with a window in which all councils can meet, the wizard plans that one; otherwise
the test makes a new voorstel with a window it computes from the demo calendars, leaving out (as opt-outs) the
councils that would block every date.
"""

import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect
from sqlmodel import Session

from app.config import Settings
from app.db import create_db_engine
from app.demo.load import load_demo
from app.planning import service
from app.web.templating import datum as nl_datum
from tests import factories
from tests.browser.support import TZ_NAME, _free_port, serve
from tests.conftest import migrate

pytestmark = pytest.mark.browser

SECRETARIS = "secretaris.test@u16.example.nl"
TZ = ZoneInfo(TZ_NAME)


@dataclass(frozen=True)
class Vraag:
    voorstel_id: int | None  # a demo voorstel, or None: a new one with this window and these opt-outs
    van: date
    tot: date
    zonder: tuple[str, ...]
    eerste: date  # the best candidate the planner gives
    deelnemers: int


@dataclass(frozen=True)
class DemoSite:
    url: str
    vraag: Vraag

    def __call__(self, path: str) -> str:
        return self.url + path


def _vraag(session: Session, vandaag: date) -> Vraag:
    """The question the browser will ask: a demo voorstel that has a candidate, else a computed window."""
    d = service.deelnemers(session, "u16")
    for v in service.voorstellen(session, d.regeling):
        if v.beschikbaar is None or v.uiterlijk is None or v.beschikbaar < vandaag:
            continue
        zonder = service.afmeldingen(session, v)
        vraag = service.gelijke_dag_vraag(session, regeling="u16", van=v.beschikbaar, tot=v.uiterlijk, zonder=zonder)
        plan, _ = service.plan_gelijke_dag(session, vraag, tz=TZ)
        if plan.kandidaten:
            return Vraag(
                v.id,
                v.beschikbaar,
                v.uiterlijk,
                tuple(zonder),
                plan.kandidaten[0].datum,
                len(d.gemeenten) - len(zonder),
            )
    van, tot = vandaag + timedelta(days=1), vandaag + timedelta(days=180)
    # Councils meet on different weekdays; without a common date, the councils off the most common weekday opt out.
    gewoon = Counter(g.vergaderdag for g in d.gemeenten).most_common(1)[0][0]
    for zonder in ((), tuple(g.code for g in d.gemeenten if g.vergaderdag != gewoon)):
        vraag = service.gelijke_dag_vraag(session, regeling="u16", van=van, tot=tot, zonder=zonder)
        plan, _ = service.plan_gelijke_dag(session, vraag, tz=TZ)
        if plan.kandidaten:
            return Vraag(None, van, tot, zonder, plan.kandidaten[0].datum, len(d.gemeenten) - len(zonder))
    raise AssertionError("de demo-agenda's van U16 hebben geen dag waarop de raden samen kunnen")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    database_url = f"sqlite:///{folder / 'demo.db'}"
    engine = create_db_engine(database_url)
    migrate(engine)
    with Session(engine) as session:
        load_demo(session, logins=folder / "logins.txt")
        regeling = service.deelnemers(session, "u16").regeling
        # Also the secretaris of the demo regelingen with a Raadstafel (MRE) and carrousels (Drechtsteden).
        andere = [("secretaris", service.deelnemers(session, slug).regeling) for slug in ("mre", "drechtsteden")]
        factories.user(session, SECRETARIS, ("secretaris", regeling), *andere, naam="Sanne Secretaris")
        session.commit()
        vraag = _vraag(session, datetime.now(TZ).date())
    port = _free_port()
    # Mail goes to a port where nothing listens: the plan is accepted, the messages wait in the outbox.
    settings = Settings(
        mode="test",
        database_url=database_url,
        secret_key="p" * 40,
        time_zone=TZ_NAME,
        base_url=f"http://127.0.0.1:{port}",
        login_max_failures=50,
        smtp_port=_free_port(),
    )
    with serve(settings, engine, port):
        yield DemoSite(url=f"http://127.0.0.1:{port}", vraag=vraag)
    engine.dispose()


def _axe(page, axe_source, naam: str) -> None:
    """No violations at all, of any impact, on the page as it is now."""
    page.add_script_tag(path=str(axe_source))
    violations = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
        }));
    }""")
    assert not violations, f"{naam}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def _login(page, site) -> None:
    page.goto(site("/inloggen"))
    page.fill("#email", SECRETARIS)
    page.fill("#wachtwoord", factories.PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_same_day_plan_for_the_u16_demo_puts_the_voorstel_in_every_councils_calendar(
    new_context, demo_site, axe_source, screens
):
    site, vraag = demo_site, demo_site.vraag
    # axe is injected as an inline script, which the site's CSP forbids: bypass it for the check only.
    page = new_context(bypass_csp=True).new_page()
    _login(page, site)

    page.goto(site("/regelingen/u16/plannen"))
    _axe(page, axe_source, "plannen")
    page.click("a.kaart:has-text('Behandeling op dezelfde dag')")
    expect(page.locator("h1")).to_have_text("Behandeling op dezelfde dag plannen")
    _axe(page, axe_source, "stap 1")

    # First a mistake: the form comes back with the errors next to the fields, and axe checks that page too.
    page.fill("#van", vraag.tot.isoformat())
    page.fill("#tot", vraag.van.isoformat())
    page.click("button:has-text('Zoek geschikte dagen')")
    expect(page.locator(".foutsamenvatting")).to_contain_text("Geef het nieuwe voorstel een titel")
    expect(page.locator("#tot-fout")).to_contain_text("De einddatum ligt vóór de begindatum.")
    _axe(page, axe_source, "stap 1 met fouten")
    page.screenshot(path=str(screens / "plannen-stap1-fouten.png"), full_page=True)

    if vraag.voorstel_id is not None:
        # Choosing the voorstel fills in its window and opt-outs (htmx swaps the form in place).
        page.select_option("#voorstel", str(vraag.voorstel_id))
        expect(page.locator("#van")).to_have_value(vraag.van.isoformat())
        expect(page.locator("#tot")).to_have_value(vraag.tot.isoformat())
        expect(page.locator("#titel")).to_have_count(0)
        _axe(page, axe_source, "stap 1 met een voorstel")
    else:
        page.fill("#titel", "Regionale woonvisie U16")
        page.fill("#van", vraag.van.isoformat())
        page.fill("#tot", vraag.tot.isoformat())
    for code in vraag.zonder:  # a demo voorstel's opt-outs are ticked already; a new voorstel's are ticked here
        if vraag.voorstel_id is None:
            page.check(f"#zonder-{code}")
        expect(page.locator(f"#zonder-{code}")).to_be_checked()
    page.click("button:has-text('Zoek geschikte dagen')")

    expect(page.locator("h1")).to_have_text("Kies de dag van behandeling")
    eerste = nl_datum(vraag.eerste)
    expect(page.locator("#kandidaat-1")).to_have_text(f"1. {eerste}")
    expect(page.locator("main")).to_contain_text(f"{vraag.deelnemers} van de 16 deelnemers doen mee")
    page.click("summary:has-text('Toon alle')")  # the dates considered, so axe sees that table too
    _axe(page, axe_source, "stap 2")
    page.screenshot(path=str(screens / "plannen-stap2.png"), full_page=True)
    with page.expect_navigation():
        page.click(f"button:has-text('Vaststellen op {eerste}')")

    if vraag.voorstel_id is None:
        expect(page.locator("h1")).to_have_text("Regionale woonvisie U16")
    expect(page.locator(".melding")).to_contain_text(f"staat op de agenda van {vraag.deelnemers} raden van U16")
    _axe(page, axe_source, "vastgesteld")
    page.screenshot(path=str(screens / "plannen-vastgesteld.png"), full_page=True)
    rijen = page.locator("table tbody tr")
    expect(rijen).to_have_count(vraag.deelnemers)
    agenda = []
    for i in range(vraag.deelnemers):
        rij = rijen.nth(i)
        gemeente = rij.locator("th a").get_attribute("href")
        vergadering = rij.locator("td a").get_attribute("href")
        assert nl_datum(vraag.eerste, "d MMMM y") in rij.inner_text()
        agenda.append((gemeente, vergadering))
    assert len({g for g, _ in agenda}) == vraag.deelnemers

    # Pressing "Vaststellen" again (back, and the same button) is a clear conflict, and nothing is made twice.
    page.go_back()
    if vraag.voorstel_id is None:
        with page.expect_navigation():
            page.click(f"button:has-text('Vaststellen op {eerste}')")
        expect(page.locator("main")).to_contain_text("U heeft dit plan al vastgesteld")
        _axe(page, axe_source, "al vastgesteld")
    else:  # the plan page knows the voorstel is planned now, and offers no button
        expect(page.locator("main")).to_contain_text("Dit voorstel staat al op de agenda")
        expect(page.locator("form.vaststellen")).to_have_count(0)

    # Every council's calendar shows its meeting on that date: the gemeente page, else its full list.
    dag = nl_datum(vraag.eerste, "d MMMM y")
    for gemeente, vergadering in agenda:
        page.goto(site(gemeente))
        link = page.locator(f"main table a[href='{vergadering}']")
        if link.count() == 0:  # further ahead than the page's next ten meetings: its list of all meetings
            page.click("a:has-text('Alle vergaderingen van')")
            link = page.locator(f"main table a[href='{vergadering}']")
            for _ in range(5):
                if link.count():
                    break
                page.click("a[rel='next']")
                link = page.locator(f"main table a[href='{vergadering}']")
        expect(link).to_have_count(1)
        assert dag in link.locator("xpath=ancestor::tr").inner_text(), gemeente


def test_the_pc_wizard_plans_a_year_and_passes_axe(new_context, demo_site, axe_source, screens):
    site = demo_site
    page = new_context(bypass_csp=True).new_page()
    _login(page, site)
    page.goto(site("/regelingen/u16/plannen"))
    page.click("a.kaart:has-text('Planning-en-controlcyclus')")
    jaar = datetime.now(TZ).year + 1
    page.fill("#jaar", str(jaar))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"Planning-en-controlcyclus {jaar}")
    expect(page.locator("main")).to_contain_text(f"Begroting {jaar + 1}: het plan")
    expect(page.locator("main")).to_contain_text("Wgr art. 35 lid 1")
    _axe(page, axe_source, "P&C-cyclus")
    page.screenshot(path=str(screens / "plannen-pc.png"), full_page=True)
    page.fill("#jaar", "1999")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#jaar-fout")).to_contain_text("Vul een jaar in van 2000 tot en met 2200")
    _axe(page, axe_source, "P&C-cyclus met fout")


@pytest.mark.parametrize(
    "slug, kaart, titel",
    [("mre", "Raadstafel", "Raadstafel"), ("drechtsteden", "Carrouseldagen", "Carrouseldagen")],
)
def test_the_raadstafel_and_carrousel_wizards_pass_axe(new_context, demo_site, axe_source, screens, slug, kaart, titel):
    site = demo_site
    page = new_context(bypass_csp=True).new_page()
    _login(page, site)
    page.goto(site(f"/regelingen/{slug}/plannen"))
    page.click(f"a.kaart:has-text('{kaart}')")
    jaar = datetime.now(TZ).year + 1
    page.fill("#jaar", str(jaar))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(f"{titel} {jaar}")
    expect(page.locator("form.vaststellen button")).to_have_text("Vaststellen")
    _axe(page, axe_source, titel)
    page.screenshot(path=str(screens / f"plannen-{slug}.png"), full_page=True)
    page.fill("#jaar", "1999")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("#jaar-fout")).to_contain_text("Vul een jaar in van 2000 tot en met 2200")
    _axe(page, axe_source, f"{titel} met fout")
