"""The portal in a real browser: keyboard only, without JavaScript, and checked with axe-core."""

import json
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.support import GRIFFIER
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def focused(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'), type: el.type || '',
                text: (el.innerText || el.value || '').trim(), cls: el.className || ''};
    }""")


def tab_to(page, match, limit: int = 80) -> dict:
    """Press Tab until the focused element satisfies ``match``; fail if it never does."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if match(element):
            return element
    raise AssertionError(f"na {limit} keer Tab nog niet bij het gezochte element; nu op {focused(page)}")


class FieldFormats:
    """How this Chromium lays out date and time fields: that follows its UI language (dd-mm-jjjj and 24 hours
    in Dutch, mm/dd/yyyy and AM/PM with only the en-US locale installed). Found by typing into a probe page."""

    def __init__(self, context):
        probe = context.new_page()
        probe.set_content("<input type=date id=d><input type=time id=t>")
        probe.focus("#d")
        probe.keyboard.type("02012027")
        probe.focus("#t")
        probe.keyboard.type("1015")
        self.day_first = probe.input_value("#d") == "2027-01-02"
        self.twelve_hour = probe.input_value("#t") == ""
        probe.close()

    def date_keys(self, day: date) -> str:
        return day.strftime("%d%m%Y" if self.day_first else "%m%d%Y")

    def time_keys(self, hour: int, minute: int) -> str:
        if not self.twelve_hour:
            return f"{hour:02d}{minute:02d}"
        return f"{(hour - 1) % 12 + 1:02d}{minute:02d}{'P' if hour >= 12 else 'A'}"


def keyboard_login(page, site) -> None:
    page.goto(site("/inloggen"))
    tab_to(page, lambda e: e["id"] == "email")
    page.keyboard.type(GRIFFIER)
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "wachtwoord"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_griffier_plans_a_meeting_with_the_keyboard_only_and_a_citizen_sees_it(new_context, site):
    griffier_context = new_context()
    formats = FieldFormats(griffier_context)
    griffier = griffier_context.new_page()
    keyboard_login(griffier, site)
    assert griffier.url == site("/beheer/vergaderingen")
    assert "U bent ingelogd als Greet Griffier." in griffier.inner_text("main")

    tab_to(griffier, lambda e: e["text"] == "Nieuwe vergadering")
    with griffier.expect_navigation():
        griffier.keyboard.press("Enter")
    assert griffier.url == site("/beheer/vergaderingen/nieuw")

    # Zeist's griffier plans one body only: it is ticked already. Check that, then fill in the rest.
    checkbox = tab_to(griffier, lambda e: e["name"] == "organen")
    assert checkbox["id"] == f"orgaan-{site.raad_zeist}"
    assert griffier.is_checked(f"#orgaan-{site.raad_zeist}")
    day = date.today() + timedelta(days=45)
    griffier.keyboard.press("Tab")
    assert focused(griffier)["id"] == "naam"
    griffier.keyboard.type("Raadsvergadering met het toetsenbord")
    tab_to(griffier, lambda e: e["id"] == "datum")
    griffier.keyboard.type(formats.date_keys(day))
    tab_to(griffier, lambda e: e["id"] == "begintijd")
    griffier.keyboard.type(formats.time_keys(19, 30))
    tab_to(griffier, lambda e: e["id"] == "eindtijd")
    griffier.keyboard.type(formats.time_keys(22, 15))
    tab_to(griffier, lambda e: e["id"] == "locatie")
    griffier.keyboard.type("Raadzaal, Het Rond 1, Zeist")
    assert [griffier.input_value(f"#{f}") for f in ("datum", "begintijd", "eindtijd")] == [
        day.isoformat(), "19:30", "22:15"]

    with griffier.expect_navigation():  # htmx posts the form and answers HX-Redirect
        griffier.keyboard.press("Enter")

    assert "/vergaderingen/" in griffier.url
    meeting_url = griffier.url
    expect(griffier.locator("[role=status]")).to_contain_text("Vergadering opgeslagen")
    text = griffier.inner_text("main")
    assert "Raadsvergadering met het toetsenbord" in text
    assert "19:30 – 22:15" in text and str(day.year) in text

    tab_to(griffier, lambda e: e["text"] == "Uitloggen")
    with griffier.expect_navigation():
        griffier.keyboard.press("Enter")
    expect(griffier.locator("main")).to_contain_text("U bent uitgelogd.")
    expect(griffier.locator("header").get_by_text("Inloggen")).to_be_visible()

    citizen = new_context().new_page()
    citizen.goto(site("/vergaderingen"))
    link = citizen.get_by_role("link", name="Raadsvergadering met het toetsenbord")
    expect(link).to_be_visible()
    link.click()
    citizen.wait_for_url(meeting_url)
    expect(citizen.locator("main")).to_contain_text("Raadzaal, Het Rond 1, Zeist")
    expect(citizen.get_by_text("Vergadering bewerken")).to_have_count(0)


def test_the_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, site):
    page.goto(site("/gemeenten"))
    page.keyboard.press("Tab")
    first = focused(page)
    assert "utrecht-skip-link" in first["cls"] and first["text"] == "Ga direct naar de inhoud"
    box = page.locator(".utrecht-skip-link").bounding_box()
    assert box and box["width"] > 20 and box["height"] > 10 and box["y"] >= 0  # visible once focused
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "inhoud" and focused(page)["tag"] == "main"
    # the next Tab continues inside main, not back in the header
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.getElementById('inhoud').contains(document.activeElement)")


def test_filtering_meetings_updates_the_list_in_place_and_the_address(page, site):
    page.goto(site("/vergaderingen"))
    page.evaluate("() => { window.__zelfdePagina = true; }")
    assert "Gemeenteraad Utrecht" in page.inner_text("#resultaten")
    page.select_option("#gemeente", site.zeist)
    page.wait_for_url(lambda url: f"gemeente={site.zeist}" in url)
    page.wait_for_function("() => !document.querySelector('#resultaten').innerText.includes('Gemeenteraad Utrecht')")
    assert page.evaluate("() => window.__zelfdePagina === true")  # no full page load
    assert "Zienswijze begroting Veiligheidsregio" in page.inner_text("#resultaten")
    assert page.locator("header").count() == 1 and page.locator("#resultaten h2").count() == 1


def test_without_javascript_login_and_the_meeting_form_still_work(new_context, site):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site("/beheer/vergaderingen/nieuw"))
    assert page.url.startswith(site("/inloggen?volgende="))
    page.fill("#email", GRIFFIER)
    page.fill("#wachtwoord", PASSWORD)
    page.click("button:has-text('Inloggen')")
    page.wait_for_url(site("/beheer/vergaderingen/nieuw"))

    day = date.today() + timedelta(days=50)
    page.fill("#naam", "Raad zonder JavaScript")
    page.fill("#datum", day.isoformat())
    page.fill("#begintijd", "21:00")
    page.fill("#eindtijd", "20:00")
    page.click("button:has-text('Vergadering opslaan')")
    summary = page.locator(".foutsamenvatting")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("De eindtijd moet na de begintijd liggen")
    assert page.title().startswith("Fout: ")
    assert page.get_attribute("#eindtijd", "aria-invalid") == "true"
    assert page.input_value("#naam") == "Raad zonder JavaScript"  # typed values are kept
    assert page.evaluate("() => document.activeElement.classList.contains('foutsamenvatting')")  # autofocus

    page.fill("#eindtijd", "23:00")
    page.click("button:has-text('Vergadering opslaan')")
    page.wait_for_url(lambda url: "/vergaderingen/" in url and "bewerken" not in url)
    expect(page.locator("[role=status]")).to_contain_text("Vergadering opgeslagen")
    expect(page.locator("main")).to_contain_text("21:00 – 23:00")

    # cancelling asks on a page of its own
    page.click("button:has-text('Vergadering annuleren')")
    expect(page.locator("main")).to_contain_text("Weet u zeker dat u deze vergadering wilt annuleren?")
    page.click("button:has-text('Ja, annuleer de vergadering')")
    expect(page.locator("main")).to_contain_text("Geannuleerd")


PAGES = {
    "home": "/",
    "gemeenten": "/gemeenten",
    "gemeente": "/gemeenten/{zeist}",
    "demogemeente": "/gemeenten/{demo}",
    "regelingen": "/regelingen",
    "regeling": "/regelingen/{regeling}",
    "organen": "/organen",
    "orgaan": "/organen/{ab}",
    "vergaderingen": "/vergaderingen",
    "vergadering": "/vergaderingen/{meeting_id}",
    "inloggen": "/inloggen",
    "niet-gevonden": "/gemeenten/bestaat-niet",
    "toegankelijkheid": "/toegankelijkheid",
}


def _axe(page, axe_source) -> list[dict]:
    page.add_script_tag(path=str(axe_source))
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + n.failureSummary),
        }));
    }""")
    return [v for v in result if v["impact"] in ("serious", "critical")]


@pytest.fixture
def axe_context(new_context):
    # axe is injected as an inline script, which the site's CSP rightly forbids: bypass it for the check only.
    return new_context(bypass_csp=True)


@pytest.mark.parametrize("name", PAGES)
def test_axe_finds_no_serious_violations(axe_context, site, axe_source, screens, name):
    page = axe_context.new_page()
    response = page.goto(site(PAGES[name].format(**site.__dict__)))
    assert response.status == (404 if name == "niet-gevonden" else 200)
    violations = _axe(page, axe_source)
    page.screenshot(path=str(screens / f"{name}.png"), full_page=True)
    assert not violations, f"{name}: " + json.dumps(violations, indent=2, ensure_ascii=False)


def test_axe_finds_no_serious_violations_on_the_meeting_form_with_errors(axe_context, site, axe_source, screens):
    page = axe_context.new_page()
    keyboard_login(page, site)
    page.goto(site("/beheer/vergaderingen/nieuw"))
    assert not (violations := _axe(page, axe_source)), json.dumps(violations, indent=2, ensure_ascii=False)
    page.screenshot(path=str(screens / "formulier.png"), full_page=True)

    page.goto(site("/beheer/vergaderingen/nieuw"))
    page.uncheck(f"#orgaan-{site.raad_zeist}")
    page.fill("#begintijd", "20:00")
    page.fill("#eindtijd", "19:00")
    page.fill("#online_url", "geen adres")
    page.click("button:has-text('Vergadering opslaan')")
    page.wait_for_selector(".foutsamenvatting")
    assert page.evaluate("() => document.activeElement.classList.contains('foutsamenvatting')")  # htmx autofocus
    assert not (violations := _axe(page, axe_source)), json.dumps(violations, indent=2, ensure_ascii=False)
    page.screenshot(path=str(screens / "formulier-fouten.png"), full_page=True)

    assert page.goto(site(f"/vergaderingen/{site.zeist_meeting_id}/bewerken")).status == 200
    assert not (violations := _axe(page, axe_source)), json.dumps(violations, indent=2, ensure_ascii=False)
    assert page.goto(site("/beheer/vergaderingen")).status == 200
    assert not (violations := _axe(page, axe_source)), json.dumps(violations, indent=2, ensure_ascii=False)
    page.screenshot(path=str(screens / "beheer.png"), full_page=True)


def test_htmx_sends_the_csrf_header_from_the_body_to_every_request(new_context, site):
    """An htmx POST without any form field still passes the CSRF check: the token comes from
    ``hx-headers:inherited`` on <body> (htmx 4 does not inherit attributes without ``:inherited``)."""
    page = new_context().new_page()
    keyboard_login(page, site)
    page.goto(site("/"))
    expect(page.locator("header").get_by_text("Greet Griffier")).to_be_visible()
    page.evaluate("""() => {
        const button = document.createElement('button');
        button.id = 'htmx-uitloggen';
        button.textContent = 'Uitloggen via htmx';
        button.setAttribute('hx-post', '/uitloggen');
        button.setAttribute('hx-target', '#inhoud');
        document.querySelector('#inhoud').prepend(button);
        htmx.process(button);
    }""")
    with page.expect_response(lambda r: r.url.endswith("/uitloggen")) as answer:
        page.click("#htmx-uitloggen")
    request_headers = answer.value.request.all_headers()
    assert request_headers.get("x-csrf-token") and request_headers.get("hx-request") == "true"
    # Not a 303 that htmx would follow and swap into #inhoud, but HX-Redirect: a full load of the home page.
    assert answer.value.status == 204 and answer.value.headers.get("hx-redirect") == "/"
    page.wait_for_url(site("/"))
    expect(page.locator("[role=status]")).to_have_text("U bent uitgelogd.")
    expect(page.locator("header").get_by_text("Inloggen")).to_be_visible()
    expect(page.locator("#htmx-uitloggen")).to_have_count(0)  # a new page, not a swap into the old one


def test_with_javascript_cancelling_confirms_in_a_dialog(new_context, site):
    page = new_context().new_page()
    keyboard_login(page, site)
    page.goto(site("/beheer/vergaderingen/nieuw"))
    page.fill("#naam", "Raad die niet doorgaat")
    page.fill("#datum", (date.today() + timedelta(days=60)).isoformat())
    page.fill("#begintijd", "19:30")
    page.fill("#eindtijd", "21:00")
    with page.expect_navigation():
        page.click("button:has-text('Vergadering opslaan')")
    meeting_url = page.url
    assert "Raad die niet doorgaat" in page.inner_text("h1")

    page.once("dialog", lambda dialog: dialog.dismiss())
    with page.expect_event("dialog") as dialog:
        page.click("button:has-text('Vergadering annuleren')")
    assert "Weet u zeker" in dialog.value.message
    assert page.url == meeting_url
    expect(page.locator("main")).not_to_contain_text("Geannuleerd")

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():  # 204 + HX-Redirect: a full load of the meeting page
        page.click("button:has-text('Vergadering annuleren')")
    assert page.url == meeting_url
    expect(page.locator("[role=status]")).to_contain_text("De vergadering is geannuleerd")
    expect(page.locator("main")).to_contain_text("Geannuleerd.")


CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_the_api_documentation_renders_its_operations_under_the_sites_csp(new_context, site):
    context = new_context()
    context.add_init_script(CSP_WATCH)  # injected by the browser itself, so not subject to the page's CSP
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
    outside = []
    page.on("request", lambda request: None if request.url.startswith(site.url) else outside.append(request.url))

    response = page.goto(site("/api/v1/docs"))
    assert response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI has fetched /api/v1/openapi.json and drawn the tags and the operations in them.
    expect(page.locator(".swagger-ui .opblock-tag", has_text="Vergaderingen")).to_be_visible()
    expect(page.locator(".swagger-ui .opblock-summary-path", has_text="/api/v1/vergaderingen").first).to_be_visible()
    expect(page.locator(".swagger-ui .opblock-summary-method", has_text="PATCH").first).to_be_visible()
    assert page.locator(".swagger-ui .opblock").count() >= 10

    # Opening an operation shows its documentation (the page is alive, not a static picture).
    page.locator(".swagger-ui .opblock-summary", has_text="/api/v1/vergaderingen/{id}").first.click()
    expect(page.locator(".swagger-ui .opblock-body").first).to_be_visible()

    assert page.evaluate("() => window.__csp") == []
    assert not [line for line in console if "Content Security Policy" in line or line.startswith("error")], console
    assert outside == []  # no CDN, no validator badge, no fonts from elsewhere
    expect(page.locator("header")).to_contain_text("Tussenruimte")  # inside the site's own layout
