"""Hostile input on the HTML side: whatever a URL or a form carries, the answer is a Dutch page, never a 500.

Every test runs on SQLite and on PostgreSQL: the two fail differently (an id past 64 bits overflows SQLite's
driver; PostgreSQL refuses an integer past 32 bits, a NUL in text, a string longer than its column).
"""

import re

import pytest
from sqlmodel import func, select

from app.vergaderingen.models import Vergadering
from tests import factories
from tests.helpers import csrf_from, login
from tests.test_pages import text_of

BEHEERDER = "beheer@tussenruimte.test"
HUGE = "99999999999999999999"  # past 64 bits
LISTS = ["/vergaderingen", "/gemeenten", "/regelingen", "/organen", "/beheer/vergaderingen"]


@pytest.fixture
def zeist(db):
    return factories.gemeente(db, "Zeist", code="GM0355")


@pytest.fixture
def beheerder(db):
    return factories.user(db, BEHEERDER, ("beheerder",), naam="Bea Beheer")


@pytest.fixture
def token(client, beheerder) -> str:
    """Logged in as a beheerder, who may do everything: what is refused here is refused for the input."""
    return login(client, BEHEERDER)


def meetings(db) -> int:
    return db.exec(select(func.count()).select_from(Vergadering)).one()


def assert_dutch_page(response, status: int, *words: str) -> str:
    assert response.status_code == status, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nl"' in response.text
    text = text_of(response.text)
    for word in words:
        assert word in text, f"‘{word}’ ontbreekt in: {text[:600]}"
    return text


# --- page numbers -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("pagina", [HUGE, "10001", "0", "-1", "abc", "1.5", ""])
def test_a_hostile_page_number_is_a_dutch_422_page(client, token, url, pagina):
    assert_dutch_page(client.get(url, params={"pagina": pagina}), 422, "Ongeldige invoer", "pagina")


@pytest.mark.parametrize("url", LISTS)
def test_the_deepest_allowed_page_is_merely_empty(client, token, zeist, url):
    assert client.get(url, params={"pagina": "10000"}).status_code == 200


# --- ids in the path --------------------------------------------------------------------------------


@pytest.mark.parametrize("meeting_id", [HUGE, "2147483648", "0", "-1"])
def test_a_meeting_number_no_database_can_hold_is_a_dutch_page(client, token, meeting_id):
    assert_dutch_page(client.get(f"/vergaderingen/{meeting_id}"), 422, "Ongeldige invoer")
    assert_dutch_page(client.get(f"/vergaderingen/{meeting_id}/bewerken"), 422, "Ongeldige invoer")
    edit = client.post(f"/vergaderingen/{meeting_id}/bewerken",
                       data={"csrf_token": token, "organen": ["x"], "naam": "x", "versie": "1"})
    assert_dutch_page(edit, 422, "Ongeldige invoer")
    cancel = client.post(f"/vergaderingen/{meeting_id}/annuleren",
                         data={"csrf_token": token, "versie": "1", "bevestig": "ja"})
    assert_dutch_page(cancel, 422, "Ongeldige invoer")


def test_the_largest_meeting_number_is_simply_not_found(client, token):
    assert_dutch_page(client.get("/vergaderingen/2147483647"), 404, "Niet gevonden")
    assert_dutch_page(client.get("/vergaderingen/2147483647/bewerken"), 404, "Niet gevonden")


def test_not_logged_in_a_huge_id_is_still_no_500(client):
    assert client.get(f"/vergaderingen/{HUGE}").status_code == 422
    assert client.get(f"/vergaderingen/{HUGE}/bewerken", follow_redirects=False).status_code == 422


# --- search text and filters ------------------------------------------------------------------------


# At 100 characters the value is accepted: a search finds nothing (200), an unknown meeting filter is named (400).
@pytest.mark.parametrize("url, name, at_100", [
    ("/gemeenten", "zoek", 200), ("/organen", "zoek", 200), ("/gemeenten", "provincie", 200),
    ("/organen", "soort", 200), ("/vergaderingen", "gemeente", 400), ("/vergaderingen", "regeling", 400),
    ("/vergaderingen", "orgaan", 400)])
def test_search_text_longer_than_100_characters_is_a_dutch_422_page(client, url, name, at_100):
    assert client.get(url, params={name: "a" * 100}).status_code == at_100
    assert_dutch_page(client.get(url, params={name: "a" * 101}), 422, "Ongeldige invoer", "hoogstens 100 tekens")


@pytest.mark.parametrize("url", ["/gemeenten?zoek=a%00b", "/organen?zoek=%00", "/vergaderingen?gemeente=%00",
                                 "/gemeenten/zei%00st", "/organen/%00", "/regelingen/x%00",
                                 "/inloggen?volgende=/%00"])
def test_a_nul_character_in_the_url_is_a_dutch_422_page(client, url):
    assert_dutch_page(client.get(url), 422, "Ongeldige invoer", "NUL")


def test_percent_and_underscore_in_a_search_are_literal_text(client, db):
    factories.gemeente(db, "Oost_Dorp")
    factories.gemeente(db, "OostaDorp")
    text = text_of(client.get("/gemeenten", params={"zoek": "oost_"}).text)
    assert "1 gemeente gevonden" in text and "Oost_Dorp" in text and "OostaDorp" not in text
    assert "0 gemeenten gevonden" in text_of(client.get("/gemeenten", params={"zoek": "%"}).text)
    assert "0 gemeenten gevonden" in text_of(client.get("/gemeenten", params={"zoek": "\\"}).text)

    organen = text_of(client.get("/organen", params={"zoek": "oost_"}).text)
    assert "1 orgaan gevonden" in organen and "Gemeenteraad Oost_Dorp" in organen
    assert "0 organen gevonden" in text_of(client.get("/organen", params={"zoek": "%"}).text)
    assert "1 orgaan gevonden" in text_of(client.get("/organen", params={"zoek": "_"}).text)  # only Oost_Dorp's


# --- the meeting form -------------------------------------------------------------------------------


def form(token: str, organen: list[str], **overrides) -> dict:
    data = {"csrf_token": token, "organen": organen, "naam": "", "datum": "2027-01-26", "begintijd": "19:30",
            "eindtijd": "22:30", "locatie": "", "online_url": "", "openbaar": "ja"}
    return data | overrides


@pytest.mark.parametrize("field, value, message", [
    ("naam", "n" * 201, "De naam mag hoogstens 200 tekens lang zijn."),
    ("locatie", "l" * 301, "De locatie mag hoogstens 300 tekens lang zijn."),
    ("online_url", "https://live.example.org/" + "u" * 480, "Het webadres mag hoogstens 500 tekens lang zijn."),
    ("naam", "Raad\x00", "ongeldig teken (NUL)"),
    ("locatie", "Raadzaal\x00", "ongeldig teken (NUL)"),
    ("online_url", "https://live.example.org/\x00", "Vul een volledig webadres in"),
    ("datum", "2027-01-26\x00", "Vul een bestaande datum in"),
    ("begintijd", "19:30\x00", "Vul een geldige begintijd in"),
    ("datum", "0001-01-01", "Vul een datum in tussen de jaren 1900 en 2200"),
    ("datum", "9999-12-31", "Vul een datum in tussen de jaren 1900 en 2200"),
    ("datum", "01-01-0001", "Vul een datum in tussen de jaren 1900 en 2200"),
    ("einddatum", "9999-12-31", "Vul een datum in tussen de jaren 1900 en 2200"),
    ("datum", "9" * 5000, "Vul een bestaande datum in"),
])
def test_hostile_form_values_come_back_as_a_field_error(client, db, token, zeist, field, value, message):
    before = meetings(db)
    response = client.post("/beheer/vergaderingen/nieuw",
                           data=form(token, [factories.orgaan_of(db, zeist).slug], **{field: value}))
    assert response.status_code == 422
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', response.text), f"geen fout bij {field}"
    assert message in response.text
    assert meetings(db) == before


@pytest.mark.parametrize("organen", [["o" * 5000], ["bestaat\x00niet"], [f"orgaan-{i}" for i in range(300)]])
def test_hostile_body_names_are_refused_without_a_500(client, db, token, zeist, organen):
    response = client.post("/beheer/vergaderingen/nieuw", data=form(token, organen))
    assert response.status_code == 422
    assert 'role="alert"' in response.text


@pytest.mark.parametrize("versie", ["²", "١", "9" * 30, "-1", "1e3", ""])
def test_a_hostile_version_in_the_edit_or_cancel_form_is_no_500(client, db, token, zeist, versie):
    raad = factories.orgaan_of(db, zeist)
    meeting = factories.vergadering(db, raad, naam="Raad")
    edit = client.post(f"/vergaderingen/{meeting.id}/bewerken",
                       data=form(token, [raad.slug], versie=versie, status="gepland"))
    assert edit.status_code == 422 and "Laad de pagina opnieuw" in edit.text
    cancel = client.post(f"/vergaderingen/{meeting.id}/annuleren",
                         data={"csrf_token": token, "versie": versie, "bevestig": "ja"})
    assert cancel.status_code == 200 and "Weet u zeker" in cancel.text  # asks again, with the current version
    assert 'name="versie" value="1"' in cancel.text
    db.refresh(meeting)
    assert meeting.versie == 1 and meeting.naam == "Raad"


def test_a_status_that_does_not_exist_is_a_field_error(client, db, token, zeist):
    raad = factories.orgaan_of(db, zeist)
    meeting = factories.vergadering(db, raad)
    response = client.post(f"/vergaderingen/{meeting.id}/bewerken",
                           data=form(token, [raad.slug], versie="1", status="x" * 10_000))
    assert response.status_code == 422 and "Kies een status." in response.text


# --- the login form ---------------------------------------------------------------------------------


@pytest.mark.parametrize("email, wachtwoord", [("a" * 10_000 + "@example.nl", "x"), ("griffie\x00@zeist.nl", "x"),
                                              ("griffie@zeist.nl", "w" * 100_000), ("griffie@zeist.nl", "a\x00b")])
def test_hostile_login_input_is_just_a_wrong_login(client, email, wachtwoord):
    token = csrf_from(client.get("/inloggen").text)
    response = client.post("/inloggen", data={"email": email, "wachtwoord": wachtwoord, "csrf_token": token})
    assert_dutch_page(response, 400, "E-mailadres of wachtwoord onjuist")
    assert "\x00" not in response.text
