"""The public pages: what they show, their 404s, the htmx fragment, and that lists make no N+1 queries."""

import re
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.gemeenten.models import Fractie, Reces
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname
from app.vergaderingen.models import Agendapunt, Status
from tests import factories
from tests.helpers import csrf_from

# 19:30 in Amsterdam (winter time, UTC+1).
TUESDAY = datetime(2027, 1, 26, 18, 30, tzinfo=UTC)


def soon(days: int = 30) -> datetime:
    return (utcnow() + timedelta(days=days)).replace(microsecond=0)


def text_of(html: str) -> str:
    """The visible text, whitespace collapsed, for assertions that should not depend on markup."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.fixture
def regio(db):
    """Zeist and Utrecht in one regeling, with fracties, members, a recess and meetings."""
    zeist = factories.gemeente(db, "Zeist", code="GM0355", inwoners=65_000)
    utrecht = factories.gemeente(db, "Utrecht", code="GM0344", inwoners=360_000)
    regeling = factories.regeling(db, naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    db.add(Fractie(gemeente_id=zeist.id, naam="GroenLinks", zetels=8))
    db.add(Fractie(gemeente_id=zeist.id, naam="VVD", zetels=6))
    db.add(Reces(gemeente_id=zeist.id, naam="Zomerreces", van=datetime(2027, 7, 10).date(),
                 tot=datetime(2027, 8, 22).date()))
    raad = factories.orgaan_of(db, zeist)
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    jansen = factories.persoon(db, "P. Jansen", gemeente_id=zeist.id)
    db.add(Lidmaatschap(persoon_id=jansen.id, orgaan_id=ab.id, rol=Rol.voorzitter, gemeente_id=zeist.id,
                        stemgewicht=Decimal("1.5")))
    komend = factories.vergadering(db, raad, start=soon(), naam="Begrotingsraad Zeist", locatie="Raadzaal Zeist")
    samen = factories.vergadering(db, ab, start=soon(40), naam="AB Veiligheidsregio")
    db.add(Agendapunt(vergadering_id=komend.id, volgorde=1, nummer="1", titel="Opening en mededelingen"))
    db.add(Agendapunt(vergadering_id=komend.id, volgorde=2, nummer="2", titel="Zienswijze ontwerpbegroting"))
    db.flush()
    return {"zeist": zeist, "utrecht": utrecht, "regeling": regeling, "raad": raad, "ab": ab,
            "komend": komend, "samen": samen}


def test_home_explains_the_portal_and_lists_upcoming_meetings(client, regio):
    page = client.get("/")
    assert page.status_code == 200
    assert '<html lang="nl"' in page.text
    text = text_of(page.text)
    assert "Zoek je gemeente" in text
    assert 'action="/gemeenten"' in page.text and 'name="zoek"' in page.text
    assert "Begrotingsraad Zeist" in text and "AB Veiligheidsregio" in text
    assert 'href="/regelingen"' in page.text and 'href="/vergaderingen"' in page.text


def test_home_shows_no_past_meetings(client, db, regio):
    factories.vergadering(db, regio["raad"], start=utcnow() - timedelta(days=3), naam="Raad van vorige week")
    assert "Raad van vorige week" not in client.get("/").text


def test_gemeenten_list_searches_and_filters_by_provincie(client, db, regio):
    factories.gemeente(db, "Dordrecht", provincie="Zuid-Holland")
    everything = text_of(client.get("/gemeenten").text)
    assert "Zeist" in everything and "Utrecht" in everything and "Dordrecht" in everything

    found = text_of(client.get("/gemeenten", params={"zoek": "zei"}).text)
    assert "Zeist" in found and "Dordrecht" not in found and "1 gemeente gevonden" in found
    by_code = text_of(client.get("/gemeenten", params={"zoek": "gm0344"}).text)
    assert "Utrecht" in by_code and "Zeist" not in by_code

    zuid_holland = text_of(client.get("/gemeenten", params={"provincie": "Zuid-Holland"}).text)
    assert "Dordrecht" in zuid_holland and "Zeist" not in zuid_holland


def test_gemeente_page_shows_council_regelingen_with_share_and_contribution(client, regio):
    zeist = regio["zeist"]
    for key in (zeist.code, zeist.code.lower(), zeist.slug):
        assert client.get(f"/gemeenten/{key}").status_code == 200
    text = text_of(client.get(f"/gemeenten/{zeist.slug}").text)
    assert "Zeist" in text
    assert "GroenLinks" in text and "VVD" in text
    assert "Zetels in de raad 14" in text
    assert "Gemeenteraad Zeist" in text
    assert "Veiligheidsregio Utrecht" in text
    # 65.000 of 425.000 inhabitants: 15,3%; the factory's contribution is 1000 euro.
    assert "15,3%" in text
    assert "€ 1.000,00" in text
    assert "Zomerreces: 10 juli 2027 tot en met 22 augustus 2027" in text
    assert "Begrotingsraad Zeist" in text


def test_a_deleted_recess_is_no_longer_shown(client, db, regio):
    reces = db.exec(sa.select(Reces).where(Reces.gemeente_id == regio["zeist"].id)).scalar_one()
    assert "Zomerreces" in text_of(client.get("/gemeenten/GM0355").text)
    reces.deleted_at = utcnow()
    db.add(reces)
    db.flush()
    assert "Zomerreces" not in text_of(client.get("/gemeenten/GM0355").text)
    assert client.get("/api/v1/gemeenten/GM0355").json()["recessen"] == []


def test_regeling_pages_show_vorm_deelnemers_and_meetings(client, regio):
    regeling = regio["regeling"]
    overview = text_of(client.get("/regelingen").text)
    assert "Veiligheidsregio Utrecht" in overview and "Openbaar lichaam" in overview

    text = text_of(client.get(f"/regelingen/{regeling.slug}").text)
    assert "Openbaar lichaam" in text
    assert "Behandeling op dezelfde dag" in text
    assert "Zeist 65.000 15,3% € 1.000,00 50,0%" in text
    assert "Utrecht 360.000 84,7% € 1.000,00 50,0%" in text
    assert "Totaal 425.000" in text
    assert "Algemeen bestuur Veiligheidsregio Utrecht" in text
    assert "AB Veiligheidsregio" in text


def test_orgaan_page_shows_owner_members_and_meetings(client, db, regio):
    ab, regeling = regio["ab"], regio["regeling"]
    past = factories.vergadering(db, ab, start=utcnow() - timedelta(days=20), naam="Voorjaarsvergadering AB")
    page = client.get(f"/organen/{ab.slug}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert f'href="/regelingen/{regeling.slug}"' in page.text
    assert "Algemeen bestuur" in text
    assert "P. Jansen Voorzitter – Zeist 1,5" in text
    assert "AB Veiligheidsregio" in text
    assert past.naam in text


def test_organen_list_names_each_body_with_its_owner_and_filters(client, regio):
    page = client.get("/organen")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "3 organen gevonden" in text
    assert "Gemeenteraad Zeist Gemeenteraad Gemeente Zeist" in text
    assert f'href="/regelingen/{regio["regeling"].slug}"' in page.text
    alleen_raden = text_of(client.get("/organen", params={"soort": "raad"}).text)
    assert "2 organen gevonden" in alleen_raden and "Algemeen bestuur Veiligheidsregio" not in alleen_raden
    gezocht = text_of(client.get("/organen", params={"zoek": "utrecht", "soort": ""}).text)
    assert "2 organen gevonden" in gezocht  # Utrecht's raad, and the AB of the Veiligheidsregio Utrecht
    assert "Gemeenteraad Zeist" not in gezocht


def test_meeting_page_shows_dutch_date_organen_place_and_agenda(client, db, regio):
    meeting = factories.vergadering(db, regio["raad"], regio["ab"], start=TUESDAY, einde=TUESDAY + timedelta(hours=3.5),
                                    locatie="Slot Zeist", online_url="https://live.example.org/zeist")
    page = client.get(f"/vergaderingen/{meeting.id}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "dinsdag 26 januari 2027, 19:30 – 23:00" in text
    assert "Gezamenlijke vergadering van:" in text
    assert f'href="/organen/{regio["raad"].slug}"' in page.text
    assert "Slot Zeist" in text and 'href="https://live.example.org/zeist"' in page.text
    assert "Vergadering bewerken" not in text  # anonymous

    agenda = text_of(client.get(f"/vergaderingen/{regio['komend'].id}").text)
    assert "1 Opening en mededelingen" in agenda and "2 Zienswijze ontwerpbegroting" in agenda


def test_meetings_say_whose_bodies_meet(client, db, regio):
    naamloos = factories.vergadering(db, regio["raad"], start=soon(5))  # titled by its body only
    lijst = text_of(client.get("/vergaderingen").text)
    assert f"{regio['raad'].naam} Gemeente Zeist" in lijst
    assert f"Begrotingsraad Zeist {regio['raad'].naam} · Gemeente Zeist" in lijst
    assert "AB Veiligheidsregio Algemeen bestuur Veiligheidsregio Utrecht · Veiligheidsregio Utrecht" in lijst
    assert "Van Gemeente Zeist" in text_of(client.get(f"/vergaderingen/{naamloos.id}").text)


def test_a_cancelled_meeting_says_so_in_words(client, db, regio):
    meeting = factories.vergadering(db, regio["raad"], start=soon(), status=Status.geannuleerd)
    assert "Geannuleerd" in text_of(client.get(f"/vergaderingen/{meeting.id}").text)
    assert "Geannuleerd" in text_of(client.get("/vergaderingen").text)


@pytest.mark.parametrize("url", ["/gemeenten/GM9999", "/gemeenten/nergenshuizen", "/regelingen/bestaat-niet",
                                 "/organen/bestaat-niet", "/vergaderingen/999999", "/bestaat/niet"])
def test_unknown_things_give_a_dutch_404_page(client, url):
    page = client.get(url)
    assert page.status_code == 404
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="nl"' in page.text
    assert "Niet gevonden" in page.text
    assert 'href="/"' in page.text


def test_a_deleted_meeting_is_gone(client, db, regio):
    meeting = regio["komend"]
    meeting.deleted_at = utcnow()
    db.add(meeting)
    db.flush()
    assert client.get(f"/vergaderingen/{meeting.id}").status_code == 404
    assert "Begrotingsraad Zeist" not in client.get("/vergaderingen").text


def test_meetings_list_shows_upcoming_by_default_and_past_on_request(client, db, regio):
    factories.vergadering(db, regio["raad"], start=utcnow() - timedelta(days=3), naam="Raad van vorige week")
    upcoming = text_of(client.get("/vergaderingen").text)
    assert "Begrotingsraad Zeist" in upcoming and "Raad van vorige week" not in upcoming
    past = text_of(client.get("/vergaderingen", params={"eerdere": "1"}).text)
    assert "Raad van vorige week" in past and "Begrotingsraad Zeist" not in past


def test_meetings_list_filters_by_gemeente_regeling_and_orgaan(client, regio):
    by_gemeente = text_of(client.get("/vergaderingen", params={"gemeente": regio["zeist"].slug}).text)
    assert "Begrotingsraad Zeist" in by_gemeente and "AB Veiligheidsregio" not in by_gemeente
    by_regeling = text_of(client.get("/vergaderingen", params={"regeling": regio["regeling"].slug}).text)
    assert "AB Veiligheidsregio" in by_regeling and "Begrotingsraad Zeist" not in by_regeling
    by_orgaan = text_of(client.get("/vergaderingen", params={"orgaan": regio["raad"].slug}).text)
    assert "Begrotingsraad Zeist" in by_orgaan and "AB Veiligheidsregio" not in by_orgaan


def test_meetings_list_is_paginated(client, db, regio, app):
    app.state.settings.page_size = 2
    # Three upcoming meetings in the fixture order: komend (30 d), samen (40 d), and this one (50 d).
    factories.vergadering(db, regio["raad"], start=soon(50), naam="Derde vergadering")
    first = client.get("/vergaderingen").text
    assert "Derde vergadering" not in first
    assert 'rel="next"' in first and "Volgende" in first and 'rel="prev"' not in first
    second = client.get("/vergaderingen", params={"pagina": 2}).text
    assert "Derde vergadering" in second and "Begrotingsraad Zeist" not in second
    assert 'rel="prev"' in second and "Vorige" in second and 'rel="next"' not in second


def test_meetings_list_answers_htmx_with_the_results_block_only(client, regio):
    full = client.get("/vergaderingen")
    assert "HX-Request" in full.headers["vary"]
    assert "<html" in full.text and 'id="resultaten"' in full.text

    fragment = client.get("/vergaderingen", params={"gemeente": regio["zeist"].slug}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "HX-Request" in fragment.headers["vary"]
    assert "<html" not in fragment.text and "<nav" not in fragment.text.split("paginering")[0]
    assert "Begrotingsraad Zeist" in fragment.text and "AB Veiligheidsregio" not in fragment.text
    assert 'id="resultaten-titel"' in fragment.text

    # htmx 4 re-fetches a page on the back button with HX-Request set: that must be the whole page.
    restore = client.get("/vergaderingen", headers={"HX-Request": "true", "HX-History-Restore-Request": "true",
                                                   "HX-Request-Type": "full"})
    assert "<html" in restore.text


def test_demo_data_is_marked_as_such(client, db, regio):
    demo = factories.gemeente(db, "Demodorp", demo=True)
    demo_regeling = factories.regeling(db, naam="Demoregeling", demo=True, deelnemers=[demo])

    assert "Demogegevens" in client.get(f"/gemeenten/{demo.slug}").text
    assert "Demogegevens" in client.get(f"/regelingen/{demo_regeling.slug}").text
    meeting = factories.vergadering(db, factories.orgaan_of(db, demo), start=soon())
    assert "Demogegevens" in client.get(f"/vergaderingen/{meeting.id}").text
    assert "Demogegevens" in client.get(f"/organen/{factories.orgaan_of(db, demo).slug}").text

    assert "Demogegevens" not in client.get(f"/gemeenten/{regio['zeist'].slug}").text
    assert "Demogegevens" not in client.get(f"/regelingen/{regio['regeling'].slug}").text
    assert "Demogegevens" not in client.get(f"/vergaderingen/{regio['komend'].id}").text


def test_accessibility_statement_is_linked_from_every_page(client, regio):
    assert 'href="/toegankelijkheid"' in client.get("/gemeenten").text
    page = client.get("/toegankelijkheid")
    assert page.status_code == 200 and "WCAG 2.1" in page.text


def test_pages_carry_the_shell_skip_link_landmarks_and_csrf_header(client, regio):
    html = client.get("/").text
    assert html.index('class="utrecht-skip-link') < html.index("<header")
    assert 'href="#inhoud"' in html and '<main class="utrecht-page-content site-main" id="inhoud"' in html
    assert 'aria-label="Hoofdmenu"' in html and "<footer" in html
    assert 'href="/api/v1/docs"' in html
    assert re.search(r'<script src="/static/vendor/htmx-4\.0\.1/htmx\.min\.js" defer></script>', html)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
    # htmx 4 only passes hx-headers on to children when it is marked :inherited.
    assert f'hx-headers:inherited=\'{{"X-CSRF-Token": "{token}"}}\'' in html
    assert "style=" not in html and "<script>" not in html  # the CSP allows neither


# --- no N+1 queries ---------------------------------------------------------------------------------


@contextmanager
def count_queries(engine):
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def _queries(client, engine, url: str) -> int:
    client.get(url)  # warm up: the session, the CSRF token
    with count_queries(engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def _populate(db, n: int):
    zeist = factories.gemeente(db, "Zeist")
    gemeenten = [zeist] + [factories.gemeente(db, f"Gemeente{i}") for i in range(n - 1)]
    regeling = factories.regeling(db, deelnemers=gemeenten)
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    for i, g in enumerate(gemeenten):
        factories.vergadering(db, factories.orgaan_of(db, g), ab, start=soon(10 + i))
    db.add(Orgaan(slug=f"{regeling.slug}-db", naam="Dagelijks bestuur", soort=Soort.dagelijks_bestuur,
                  regeling_id=regeling.id))
    db.flush()
    assert db.exec(sa.select(sa.func.count()).select_from(Deelname).where(
        Deelname.regeling_id == regeling.id)).scalar_one() == n
    return regeling


@pytest.mark.parametrize("page", ["/gemeenten", "/regelingen/{slug}", "/organen", "/vergaderingen", "/"])
def test_list_pages_run_as_many_queries_for_1_as_for_20_items(engine, app, db, page):
    from fastapi.testclient import TestClient

    counts = []
    for n in (1, 20):
        nested = db.begin_nested()
        regeling = _populate(db, n)
        with TestClient(app, base_url="https://tussenruimte.test") as client:
            counts.append(_queries(client, engine, page.format(slug=regeling.slug)))
        nested.rollback()
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 1 item, {counts[1]} with 20"


# --- filters, demo labels, the one-time message -----------------------------------------------------


@pytest.mark.parametrize("name", ["gemeente", "regeling", "orgaan"])
def test_an_unknown_filter_is_a_400_page_that_names_it_as_the_api_does(client, name):
    for headers in ({}, {"HX-Request": "true"}):
        page = client.get("/vergaderingen", params={name: "bestaat-niet"}, headers=headers)
        assert page.status_code == 400
        assert '<html lang="nl"' in page.text
        assert f"Filter ‘{name}’: onbekende waarde ‘bestaat-niet’." in text_of(page.text)
        api = client.get("/api/v1/vergaderingen", params={name: "bestaat-niet"})
        assert api.status_code == 400 and api.json()["invalid-params"][0]["name"] == name


def test_meeting_tables_label_demo_meetings(client, db, regio):
    demo = factories.gemeente(db, "Demodorp", demo=True)
    demo_regeling = factories.regeling(db, naam="Demoregeling", demo=True, deelnemers=[demo])
    demo_raad = factories.orgaan_of(db, demo)
    demo_ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == demo_regeling.id)).scalar_one()
    factories.vergadering(db, demo_raad, start=soon(2), naam="Demoraad")
    factories.vergadering(db, demo_ab, start=soon(3), naam="Demobestuur")

    def labelled(html: str) -> dict[str, bool]:
        rows = re.findall(r'<tr class="utrecht-table__row[^"]*">(.*?)</tr>', html, flags=re.S)
        return {re.search(r'href="/vergaderingen/\d+">([^<]+)</a>', row)[1]: 'class="label-demo">demo<' in row
                for row in rows if "/vergaderingen/" in row}

    everywhere = labelled(client.get("/").text) | labelled(client.get("/vergaderingen").text)
    assert everywhere["Demoraad"] and everywhere["Demobestuur"]
    assert not everywhere["Begrotingsraad Zeist"] and not everywhere["AB Veiligheidsregio"]
    assert labelled(client.get(f"/gemeenten/{demo.slug}").text) == {"Demoraad": True}
    assert labelled(client.get(f"/regelingen/{demo_regeling.slug}").text) == {"Demobestuur": True}
    assert labelled(client.get(f"/organen/{demo_raad.slug}").text) == {"Demoraad": True}
    assert labelled(client.get(f"/organen/{regio['raad'].slug}").text) == {"Begrotingsraad Zeist": False}


def test_the_one_time_message_waits_for_a_whole_page(client, regio):
    token = csrf_from(client.get("/").text)
    client.post("/uitloggen", data={"csrf_token": token}, follow_redirects=False)  # sets "U bent uitgelogd."
    # A fragment has no place for the message: it is kept for the next whole page, which shows it once.
    fragment = client.get("/vergaderingen", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and "<html" not in fragment.text and "U bent uitgelogd." not in fragment.text
    assert "U bent uitgelogd." in client.get("/gemeenten").text
    assert "U bent uitgelogd." not in client.get("/gemeenten").text


def test_templates_only_read_the_session():
    """The message is taken from the session by render(), before the template runs: templates change nothing."""
    from app.web.templating import TEMPLATE_DIR

    for template in TEMPLATE_DIR.rglob("*.html"):
        assert "session.pop" not in template.read_text(), template.name


# --- what every response carries ----------------------------------------------------------------------


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_pages_carry_the_security_headers(client, regio):
    headers = client.get("/vergaderingen").headers
    csp = headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"


def test_a_busy_database_is_a_dutch_503_with_retry_after(settings, engine, connection):
    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(settings=settings, engine=engine)

    @app.get("/bezet")
    def bezet():
        raise sa.exc.OperationalError("UPDATE vergadering", {}, Exception("database is locked"))

    with TestClient(app, base_url="https://tussenruimte.test", raise_server_exceptions=False) as client:
        page = client.get("/bezet")
    assert page.status_code == 503 and page.headers["retry-after"] == "1"
    assert "Er is niets opgeslagen; probeer het zo opnieuw." in text_of(page.text)


def test_an_unexpected_error_is_a_dutch_500_page(settings, engine, connection):
    from fastapi.testclient import TestClient

    from app.main import create_app

    app = create_app(settings=settings, engine=engine)

    @app.get("/kapot")
    def kapot():
        raise RuntimeError("stuk")

    with TestClient(app, base_url="https://tussenruimte.test", raise_server_exceptions=False) as client:
        page = client.get("/kapot")
        assert page.status_code == 500
        assert page.headers["content-type"].startswith("text/html")
        assert '<html lang="nl"' in page.text
        text = text_of(page.text)
        assert "Er ging iets mis" in text and "Er ging aan onze kant iets mis" in text
        assert "stuk" not in text and "RuntimeError" not in text and "Traceback" not in text
        assert page.headers["x-frame-options"] == "DENY"
        assert "script-src 'self'" in page.headers["content-security-policy"]
        api = client.get("/api/v1/kapot")
        assert api.status_code == 404  # and the API's own errors stay problem+json


# --- the API documentation page -------------------------------------------------------------------


def test_the_api_docs_page_loads_swagger_ui_from_this_site_only(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert '<html lang="nl"' in page.text and "API-documentatie" in page.text
    assets = re.findall(r'<(?:script|link)\b[^>]*\b(?:src|href)="([^"]+)"', page.text)
    assert assets and all(url.startswith("/static/") for url in assets), assets
    assert "/static/js/api-docs.js" in assets
    assert any(url.endswith("/swagger-ui-bundle.js") for url in assets)
    assert any(url.endswith("/swagger-ui.css") for url in assets)
    assert not re.search(r"<script\b[^>]*>(?!</script>)", page.text)  # no inline script: the CSP forbids it
    assert "style=" not in page.text
    assert 'data-openapi-url="/api/v1/openapi.json"' in page.text
    for url in assets:
        assert client.get(url).status_code == 200, url
    assert client.get("/api/v1/openapi.json").status_code == 200
