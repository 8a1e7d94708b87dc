"""The month and week calendar pages: what they show where, filters, links, and bad input."""

import re
from datetime import UTC, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.organen.models import Orgaan
from app.vergaderingen.models import Status
from tests import factories

AMS = ZoneInfo("Europe/Amsterdam")


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def day_cell(html: str, iso: str) -> str:
    """The grid cell of one day (the month table)."""
    match = re.search(rf'<td class="kalender-dag[^"]*"[^>]*>\s*<span class="kalender-dag__nummer"><time '
                      rf'datetime="{iso}">.*?</td>', html, flags=re.S)
    assert match, f"no cell for {iso}"
    return match[0]


def list_day(html: str, iso: str) -> str | None:
    """The list entry of one day (the month's list per day, or a day of the week)."""
    match = re.search(rf'<li class="kalender-(?:lijst|week)__dag[^"]*" id="dag-{iso}">.*?</li>\s*(?=<li class='
                      rf'"kalender-(?:lijst|week)__dag|</ol>)', html, flags=re.S)
    return match[0] if match else None


@pytest.fixture
def kalender(db):
    zeist = factories.gemeente(db, "Zeist", slug="zeist")
    bunnik = factories.gemeente(db, "Bunnik", slug="bunnik")
    regeling = factories.regeling(db, naam="Veiligheidsregio", slug="vr", deelnemers=[zeist, bunnik])
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    raad_zeist, raad_bunnik = factories.orgaan_of(db, zeist), factories.orgaan_of(db, bunnik)
    # Tuesday 8 December 2026, 19:30 local; the AB on Thursday 10 December; Bunnik on Monday 14 December.
    factories.vergadering(db, raad_zeist, start=datetime(2026, 12, 8, 18, 30, tzinfo=UTC), naam="Raad Zeist")
    factories.vergadering(db, ab, start=datetime(2026, 12, 10, 14, 0, tzinfo=UTC), naam="AB Veiligheidsregio")
    factories.vergadering(db, raad_bunnik, start=datetime(2026, 12, 14, 18, 30, tzinfo=UTC), naam="Raad Bunnik")
    factories.vergadering(db, raad_zeist, start=datetime(2026, 12, 15, 18, 30, tzinfo=UTC), naam="Vervallen raad",
                          status=Status.geannuleerd)
    # New Year: Friday 1 January 2027 is in ISO week 53 of 2026.
    factories.vergadering(db, ab, start=datetime(2027, 1, 1, 10, 0, tzinfo=UTC), naam="Nieuwjaarsvergadering")
    # The night the clocks go forward: 00:30 local on Sunday 29 March 2026 is 23:30 UTC on the 28th.
    factories.vergadering(db, raad_zeist, start=datetime(2026, 3, 28, 23, 30, tzinfo=UTC), naam="Nachtvergadering")
    return {"zeist": zeist, "bunnik": bunnik, "regeling": regeling, "ab": ab}


def test_the_month_shows_each_meeting_on_its_day_in_grid_and_list(client, kalender):
    page = client.get("/kalender", params={"maand": "2026-12"})
    assert page.status_code == 200
    html = page.text
    assert "<h1 class=\"utrecht-heading-1\">December 2026</h1>" in html
    assert "<title>Kalender december 2026 – Tussenruimte</title>" in html
    assert "Raad Zeist" in day_cell(html, "2026-12-08") and "19:30" in day_cell(html, "2026-12-08")
    assert "AB Veiligheidsregio" in day_cell(html, "2026-12-10")
    assert "Nieuwjaarsvergadering" in day_cell(html, "2027-01-01")  # shown in the grid's last week
    # The list per day: only the days of December, in order, each a heading.
    days = re.findall(r'id="dag-(\d{4}-\d{2}-\d{2})"', html)
    assert days == ["2026-12-08", "2026-12-10", "2026-12-14", "2026-12-15"]
    assert "Dinsdag 8 december 2026" in text_of(list_day(html, "2026-12-08"))
    assert "4 vergaderingen in december 2026." in text_of(html)
    # A table with headed columns (the weekdays) and rows (the ISO weeks, linking to the week view).
    assert re.findall(r'<th scope="col">(\w+)</th>', html) == ["maandag", "dinsdag", "woensdag", "donderdag",
                                                                 "vrijdag", "zaterdag", "zondag"]
    assert re.findall(r'kalender-raster__week"><a class="utrecht-link" href="/kalender/week\?week=(\d{4}-W\d\d)"',
                      html) == [
        "2026-W49", "2026-W50", "2026-W51", "2026-W52", "2026-W53"]
    assert 'rel="prev" href="/kalender?maand=2026-11"' in html and 'rel="next" href="/kalender?maand=2027-01"' in html


def test_a_cancelled_meeting_says_so(client, kalender):
    html = client.get("/kalender", params={"maand": "2026-12"}).text
    entry = text_of(list_day(html, "2026-12-15"))
    assert "Vervallen raad" in entry and "Geannuleerd" in entry


def test_the_filters_narrow_the_calendar_and_are_kept_in_its_links(client, kalender):
    html = client.get("/kalender", params={"maand": "2026-12", "gemeente": "zeist"}).text
    text = text_of(html)
    # As the list of meetings: the bodies of the gemeente itself.
    assert "Raad Zeist" in text and "Raad Bunnik" not in text and "AB Veiligheidsregio" not in text
    assert "Vergaderingen van de raad en de commissies van gemeente Zeist." in text
    assert 'href="/kalender?gemeente=zeist&amp;maand=2026-11"' in html
    assert 'href="/kalender/week?gemeente=zeist&amp;week=2026-W49"' in html
    assert '<option value="zeist" selected>' in html
    # The page announces the feed of what it shows.
    assert re.search(r'<link rel="alternate" type="text/calendar" title="Vergaderingen van gemeente Zeist" '
                     r'href="[^"]*/feeds/gemeenten/zeist\.ics">', html)
    regeling = text_of(client.get("/kalender", params={"maand": "2026-12", "regeling": "vr"}).text)
    assert "AB Veiligheidsregio" in regeling and "Raad Zeist" not in regeling
    orgaan = client.get("/kalender", params={"maand": "2026-12", "orgaan": kalender["ab"].slug}).text
    assert "Raad Zeist" not in text_of(orgaan) and "AB Veiligheidsregio" in text_of(orgaan)
    assert f'id="orgaan" name="orgaan" value="{kalender["ab"].slug}" checked' in orgaan


def test_without_a_filter_there_is_no_feed_but_a_way_to_compose_one(client, kalender):
    html = client.get("/kalender", params={"maand": "2026-12"}).text
    assert 'type="text/calendar"' not in html and 'href="/agenda-samenstellen"' in html


def test_week_53_holds_new_years_day(client, kalender):
    page = client.get("/kalender/week", params={"week": "2026-W53"})
    assert page.status_code == 200
    html = page.text
    assert "Week 53 van 2026" in text_of(html)
    assert "28 december tot en met 3 januari 2027" in text_of(html)
    assert "Nieuwjaarsvergadering" in text_of(list_day(html, "2027-01-01"))
    assert len(re.findall(r'<li class="kalender-week__dag', html)) == 7
    assert "Geen vergaderingen" in text_of(list_day(html, "2026-12-28"))
    assert 'rel="prev" href="/kalender/week?week=2026-W52"' in html
    assert 'rel="next" href="/kalender/week?week=2027-W01"' in html
    assert 'href="/kalender?maand=2026-12"' in html  # the month of the week's Thursday


def test_a_meeting_in_the_night_the_clocks_change_is_on_its_local_day(client, kalender):
    html = client.get("/kalender/week", params={"week": "2026-W13"}).text  # 23–29 March 2026
    entry = list_day(html, "2026-03-29")
    assert "Nachtvergadering" in text_of(entry) and "00:30" in entry
    assert "Nachtvergadering" not in text_of(list_day(html, "2026-03-28"))
    month = client.get("/kalender", params={"maand": "2026-03"}).text
    assert "Nachtvergadering" in day_cell(month, "2026-03-29")


def test_today_is_marked(client, kalender):
    vandaag = utcnow().astimezone(AMS).date()
    for url in ("/kalender", "/kalender/week"):
        html = client.get(url).text
        assert html.count('aria-current="date"') >= 1
        marked = re.findall(r'aria-current="date"><time datetime="(\d{4}-\d\d-\d\d)"', html)
        cell = re.search(r'kalender-dag--vandaag"[^>]*aria-current="date">\s*<span class="kalender-dag__nummer">'
                         r'<time datetime="([\d-]+)"', html)
        assert vandaag.isoformat() in marked + ([cell[1]] if cell else [])


@pytest.mark.parametrize(("url", "params", "fout"), [
    ("/kalender", {"maand": "2026-13"}, "De maand ‘2026-13’ bestaat niet"),
    ("/kalender", {"maand": "december"}, "De maand ‘december’ bestaat niet"),
    ("/kalender", {"maand": "99999-01"}, "bestaat niet"),
    ("/kalender/week", {"week": "2027-W53"}, "De week ‘2027-W53’ bestaat niet"),
    ("/kalender/week", {"week": "2026-W00"}, "bestaat niet"),
    ("/kalender/week", {"week": "<script>"}, "De week ‘<script>’ bestaat niet"),
])
def test_a_bad_month_or_week_is_a_dutch_422_page(client, kalender, url, params, fout):
    page = client.get(url, params=params)
    assert page.status_code == 422
    assert '<html lang="nl"' in page.text and "<script>’" not in page.text  # escaped
    assert fout in text_of(page.text) and "bijvoorbeeld" in text_of(page.text)


def test_bad_input_to_the_calendar_is_never_a_500(client, kalender):
    assert client.get("/kalender", params={"maand": "x" * 500}).status_code == 422  # past the field's bound
    assert client.get("/kalender", params={"maand": "2026-12\x00"}).status_code in (400, 422)
    assert client.get("/kalender/week", params={"gemeente": "bestaat-niet"}).status_code == 400


def test_an_unknown_filter_is_a_400_that_names_it(client, kalender):
    page = client.get("/kalender", params={"gemeente": "bestaat-niet"})
    assert page.status_code == 400 and "Filter ‘gemeente’: onbekende waarde ‘bestaat-niet’." in text_of(page.text)


def test_the_gemeente_page_links_to_its_calendar(client, kalender):
    html = client.get("/gemeenten/zeist").text
    assert 'href="/kalender?gemeente=zeist"' in html


def test_a_busy_day_in_the_grid_shows_four_meetings_and_links_to_the_rest(client, kalender, db):
    raad = factories.orgaan_of(db, kalender["bunnik"])
    for i in range(6):
        factories.vergadering(db, raad, start=datetime(2026, 12, 22, 8 + i, 0, tzinfo=UTC), naam=f"Drukke dag {i}")
    html = client.get("/kalender", params={"maand": "2026-12"}).text
    cell = day_cell(html, "2026-12-22")
    assert [f"Drukke dag {i}" in cell for i in range(6)] == [True] * 4 + [False] * 2
    assert 'href="/kalender/week?week=2026-W52#dag-2026-12-22">en nog 2 vergaderingen' in cell
    # The list per day (a phone's reading, and print) has all six.
    assert all(f"Drukke dag {i}" in list_day(html, "2026-12-22") for i in range(6))
