"""Logging in and out, CSRF, and the griffier's meeting form: who may plan what, and what a stale form does."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import func, select

from app.vergaderingen.models import Status, Vergadering
from tests import factories
from tests.helpers import csrf_from, login
from tests.test_pages import text_of

GRIFFIER = "griffie@zeist.nl"


@pytest.fixture
def zeist(db):
    return factories.gemeente(db, "Zeist", code="GM0355")


@pytest.fixture
def utrecht(db):
    return factories.gemeente(db, "Utrecht", code="GM0344")


@pytest.fixture
def griffier(db, zeist):
    return factories.user(db, GRIFFIER, ("griffier", zeist), naam="Greet Griffier")


def meetings(db) -> int:
    return db.exec(select(func.count()).select_from(Vergadering)).one()


def form(token: str, organen: list[str], **overrides) -> dict:
    data = {"csrf_token": token, "organen": organen, "naam": "", "datum": "2027-01-26", "begintijd": "19:30",
            "eindtijd": "22:30", "locatie": "Raadzaal, Het Rond 1, Zeist", "online_url": "", "openbaar": "ja"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- login and logout -------------------------------------------------------------------------------


def test_login_sets_a_signed_httponly_samesite_secure_cookie_and_a_fresh_session(client, griffier):
    page = client.get("/inloggen")
    assert page.status_code == 200
    before = csrf_from(page.text)
    response = client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": factories.PASSWORD,
                                              "csrf_token": before}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/beheer/vergaderingen"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("tussenruimte_sessie=")
    assert "httponly" in cookie.lower()
    assert "samesite=lax" in cookie.lower()
    assert "secure" in cookie.lower()

    home = client.get("/")
    assert "Ingelogd als" in home.text and "Greet Griffier" in home.text
    assert "U bent ingelogd als Greet Griffier." in home.text
    assert 'action="/uitloggen"' in home.text
    assert 'href="/beheer/vergaderingen"' in home.text  # "Beheer" in the menu for a griffier
    assert csrf_from(home.text) != before  # no session fixation: a new session, a new token


def test_the_login_message_is_shown_once(client, griffier):
    token = csrf_from(client.get("/inloggen").text)
    landing = client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": factories.PASSWORD, "csrf_token": token})
    assert str(landing.url).endswith("/beheer/vergaderingen")
    assert "U bent ingelogd als Greet Griffier." in landing.text
    assert "U bent ingelogd als Greet Griffier." not in client.get("/").text


def test_wrong_password_gives_400_and_a_message_that_does_not_say_which_part_was_wrong(client, griffier):
    token = csrf_from(client.get("/inloggen").text)
    for email in (GRIFFIER, "niemand@example.nl"):
        response = client.post("/inloggen", data={"email": email, "wachtwoord": "fout-fout-fout", "csrf_token": token})
        assert response.status_code == 400
        assert "E-mailadres of wachtwoord onjuist" in response.text
        assert 'role="alert"' in response.text
        assert f'value="{email}"' in response.text  # the address is kept, the password is not
        assert "fout-fout-fout" not in response.text
    assert "Ingelogd als" not in client.get("/").text


def test_logins_are_throttled_after_repeated_failures(client, griffier, settings):
    token = csrf_from(client.get("/inloggen").text)
    for _ in range(settings.login_max_failures):
        assert client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": "fout-fout-fout",
                                              "csrf_token": token}).status_code == 400
    throttled = client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": factories.PASSWORD,
                                               "csrf_token": token}, follow_redirects=False)
    assert throttled.status_code == 429
    assert "Te veel mislukte inlogpogingen" in throttled.text
    assert "Ingelogd als" not in client.get("/").text


@pytest.mark.parametrize("volgende", ["https://evil.example", "//evil.example/pad", "/\\evil.example",
                                      "http:/evil.example", "javascript:alert(1)", "/\tevil"])
def test_login_never_redirects_to_another_site(client, griffier, volgende):
    page = client.get("/inloggen", params={"volgende": volgende})
    response = client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": factories.PASSWORD,
                                              "csrf_token": csrf_from(page.text), "volgende": volgende},
                           follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/beheer/vergaderingen"


def test_login_returns_to_the_page_asked_for(client, griffier, zeist):
    response = client.get("/beheer/vergaderingen/nieuw", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/inloggen?volgende=%2Fbeheer%2Fvergaderingen%2Fnieuw"
    page = client.get(response.headers["location"])
    assert 'name="volgende" value="/beheer/vergaderingen/nieuw"' in page.text
    data = {"email": GRIFFIER, "wachtwoord": factories.PASSWORD, "csrf_token": csrf_from(page.text),
            "volgende": "/beheer/vergaderingen/nieuw"}
    done = client.post("/inloggen", data=data, follow_redirects=False)
    assert done.headers["location"] == "/beheer/vergaderingen/nieuw"


def test_logout_ends_the_session(client, griffier):
    token = login(client, GRIFFIER)
    response = client.post("/uitloggen", data={"csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"
    home = client.get("/")
    assert "Ingelogd als" not in home.text and 'href="/inloggen"' in home.text
    assert "U bent uitgelogd." in home.text
    assert client.get("/beheer/vergaderingen", follow_redirects=False).status_code == 303


def test_not_logged_in_the_beheer_pages_send_you_to_the_login(client, db, zeist):
    for url in ("/beheer/vergaderingen", "/beheer/vergaderingen/nieuw"):
        response = client.get(url, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/inloggen?volgende=")
    meeting = factories.vergadering(db, factories.orgaan_of(db, zeist))
    response = client.get(f"/vergaderingen/{meeting.id}/bewerken", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == f"/inloggen?volgende=%2Fvergaderingen%2F{meeting.id}%2Fbewerken"
    htmx = client.get("/beheer/vergaderingen", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx.headers["HX-Redirect"].startswith("/inloggen?volgende=")


# --- CSRF -------------------------------------------------------------------------------------------


def test_a_form_without_the_csrf_token_is_refused(client, griffier):
    client.get("/inloggen")
    response = client.post("/inloggen", data={"email": GRIFFIER, "wachtwoord": factories.PASSWORD})
    assert response.status_code == 403
    assert "CSRF" in response.text and '<html lang="nl"' in response.text
    assert "Ingelogd als" not in client.get("/").text


def test_a_meeting_form_with_a_wrong_token_is_refused_and_writes_nothing(client, db, griffier, zeist):
    login(client, GRIFFIER)
    before = meetings(db)
    response = client.post("/beheer/vergaderingen/nieuw",
                           data=form("niet-het-token", [factories.orgaan_of(db, zeist).slug]))
    assert response.status_code == 403
    assert meetings(db) == before
    # and a logout cannot be forced from another site either
    assert client.post("/uitloggen", data={"csrf_token": "fout"}).status_code == 403
    assert "Ingelogd als" in client.get("/").text


def test_htmx_requests_carry_the_token_as_a_header(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    data = form("", [raad.slug])
    data.pop("csrf_token")
    refused = client.post("/beheer/vergaderingen/nieuw", data=data, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    accepted = client.post("/beheer/vergaderingen/nieuw", data=data,
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert accepted.status_code == 204
    assert re.fullmatch(r"/vergaderingen/\d+", accepted.headers["HX-Redirect"])


# --- planning a meeting -----------------------------------------------------------------------------


def test_a_griffier_plans_a_meeting_of_their_own_council_through_the_form(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    page = client.get("/beheer/vergaderingen/nieuw")
    assert page.status_code == 200
    assert f'value="{raad.slug}"' in page.text and 'type="date"' in page.text and 'type="time"' in page.text
    response = client.post("/beheer/vergaderingen/nieuw", data=form(token, [raad.slug], naam="Begrotingsraad"),
                           follow_redirects=False)
    assert response.status_code == 303
    url = response.headers["location"]
    assert re.fullmatch(r"/vergaderingen/\d+", url)

    shown = client.get(url)
    assert 'role="status"' in shown.text and "Vergadering opgeslagen" in shown.text
    text = text_of(shown.text)
    assert "Begrotingsraad" in text and "dinsdag 26 januari 2027, 19:30 – 22:30" in text
    assert "Raadzaal, Het Rond 1, Zeist" in text
    assert "Vergadering opgeslagen" not in client.get(url).text  # shown once

    meeting = db.get(Vergadering, int(url.rsplit("/", 1)[1]))
    assert meeting.start == datetime(2027, 1, 26, 18, 30, tzinfo=UTC)  # 19:30 in Amsterdam, winter time
    assert meeting.openbaar is True

    # a citizen sees it too
    client.cookies.clear()
    assert "Begrotingsraad" in client.get(url).text
    assert "Vergadering bewerken" not in client.get(url).text


def test_summer_time_is_taken_into_account(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    client.post("/beheer/vergaderingen/nieuw",
                data=form(token, [factories.orgaan_of(db, zeist).slug], naam="Zomerraad", datum="2027-06-29"))
    meeting = db.exec(select(Vergadering).where(Vergadering.naam == "Zomerraad")).one()
    assert meeting.start == datetime(2027, 6, 29, 17, 30, tzinfo=UTC)


def test_invalid_input_comes_back_with_an_error_summary_and_the_typed_values(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    before = meetings(db)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(
        token, [], naam="Mijn vergadering", datum="31-02-2027", begintijd="21:00", eindtijd="20:00",
        online_url="geen adres"))
    assert response.status_code == 422
    html = response.text
    assert "<title>Fout: " in html
    summary = html[html.index('class="utrecht-alert utrecht-alert--error foutsamenvatting"'):]
    assert 'role="alert"' in summary[:600]
    for field in ("datum", "eindtijd", "online_url"):
        assert f'href="#{field}"' in summary
        assert re.search(rf'id="{field}"[^>]*aria-invalid="true"[^>]*aria-describedby="[^"]*{field}-fout', html)
    assert "Kies ten minste één orgaan" in html
    assert "De eindtijd moet na de begintijd liggen" in html
    assert 'value="Mijn vergadering"' in html and 'value="31-02-2027"' in html and 'value="geen adres"' in html
    assert meetings(db) == before


def test_htmx_gets_only_the_form_back_on_an_error(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(token, [factories.orgaan_of(db, zeist).slug],
                                                                    datum=""), headers={"HX-Request": "true"})
    assert response.status_code == 422
    assert response.text.lstrip().startswith("<form") and "<html" not in response.text
    assert "Vul de datum van de vergadering in." in response.text


def test_a_griffier_cannot_plan_or_change_meetings_of_another_council(client, db, griffier, zeist, utrecht):
    token = login(client, GRIFFIER)
    utrecht_raad = factories.orgaan_of(db, utrecht)
    before = meetings(db)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(token, [utrecht_raad.slug]))
    assert response.status_code == 403
    assert "Gemeenteraad Utrecht" in response.text
    assert meetings(db) == before
    # nor a joint meeting with a body they do not manage
    joint = client.post("/beheer/vergaderingen/nieuw",
                        data=form(token, [factories.orgaan_of(db, zeist).slug, utrecht_raad.slug]))
    assert joint.status_code == 403

    theirs = factories.vergadering(db, utrecht_raad, naam="Raad Utrecht")
    assert "Vergadering bewerken" not in client.get(f"/vergaderingen/{theirs.id}").text
    assert client.get(f"/vergaderingen/{theirs.id}/bewerken").status_code == 403
    edit = client.post(f"/vergaderingen/{theirs.id}/bewerken",
                       data=form(token, [utrecht_raad.slug], naam="Gekaapt", versie=str(theirs.versie),
                                 status="gepland"))
    assert edit.status_code == 403
    cancel = client.post(f"/vergaderingen/{theirs.id}/annuleren",
                         data={"csrf_token": token, "versie": theirs.versie, "bevestig": "ja"})
    assert cancel.status_code == 403
    db.refresh(theirs)
    assert theirs.naam == "Raad Utrecht" and theirs.status == Status.gepland and theirs.versie == 1


def test_a_griffier_edits_a_meeting_and_the_version_rises(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    meeting = factories.vergadering(db, raad, naam="Raad")
    page = client.get(f"/vergaderingen/{meeting.id}")
    assert f'href="/vergaderingen/{meeting.id}/bewerken"' in page.text
    edit = client.get(f"/vergaderingen/{meeting.id}/bewerken")
    assert 'name="versie" value="1"' in edit.text
    assert 'value="2027-01-26"' in edit.text and 'value="19:30"' in edit.text and 'value="22:30"' in edit.text
    response = client.post(f"/vergaderingen/{meeting.id}/bewerken", data=form(
        token, [raad.slug], naam="Raad (verplaatst)", begintijd="20:00", eindtijd="23:00", versie="1",
        status="bijeengeroepen"), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/vergaderingen/{meeting.id}"
    db.refresh(meeting)
    assert meeting.naam == "Raad (verplaatst)" and meeting.versie == 2 and meeting.status == Status.bijeengeroepen
    assert meeting.start == datetime(2027, 1, 26, 19, 0, tzinfo=UTC)


def test_a_stale_form_gives_409_and_changes_nothing(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    meeting = factories.vergadering(db, raad, naam="Raad", versie=3)
    response = client.post(f"/vergaderingen/{meeting.id}/bewerken", data=form(
        token, [raad.slug], naam="Mijn wijziging", versie="2", status="gepland"))
    assert response.status_code == 409
    assert "Deze vergadering is intussen gewijzigd door iemand anders" in response.text
    assert f'href="/vergaderingen/{meeting.id}/bewerken"' in response.text
    assert 'value="Mijn wijziging"' in response.text  # what the user typed is not lost
    db.refresh(meeting)
    assert meeting.naam == "Raad" and meeting.versie == 3


def test_cancelling_asks_for_confirmation_without_javascript(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    meeting = factories.vergadering(db, factories.orgaan_of(db, zeist), naam="Raad")
    confirm = client.post(f"/vergaderingen/{meeting.id}/annuleren", data={"csrf_token": token, "versie": "1"})
    assert confirm.status_code == 200
    assert "Weet u zeker dat u deze vergadering wilt annuleren?" in confirm.text
    db.refresh(meeting)
    assert meeting.status == Status.gepland

    done = client.post(f"/vergaderingen/{meeting.id}/annuleren",
                       data={"csrf_token": csrf_from(confirm.text), "versie": "1", "bevestig": "ja"},
                       follow_redirects=False)
    assert done.status_code == 303
    db.refresh(meeting)
    assert meeting.status == Status.geannuleerd
    page = text_of(client.get(f"/vergaderingen/{meeting.id}").text)
    assert "De vergadering is geannuleerd" in page and "Geannuleerd." in page


def test_a_user_without_a_role_cannot_open_the_meeting_form(client, db, zeist):
    factories.user(db, "raadslid@zeist.nl")
    login(client, "raadslid@zeist.nl")
    assert client.get("/beheer/vergaderingen/nieuw").status_code == 403
    assert "u beheert geen organen" in client.get("/beheer/vergaderingen").text
    assert 'href="/beheer/vergaderingen"' not in client.get("/").text


def test_the_beheer_page_lists_the_meetings_of_the_griffiers_bodies(client, db, griffier, zeist, utrecht):
    login(client, GRIFFIER)
    start = datetime.now(UTC) + timedelta(days=7)
    factories.vergadering(db, factories.orgaan_of(db, zeist), naam="Raad Zeist", start=start)
    factories.vergadering(db, factories.orgaan_of(db, utrecht), naam="Raad Utrecht", start=start)
    text = text_of(client.get("/beheer/vergaderingen").text)
    assert "Raad Zeist" in text and "Raad Utrecht" not in text and "Nieuwe vergadering" in text


def test_logout_over_htmx_is_a_full_page_load_not_a_swapped_redirect(client, griffier):
    token = login(client, GRIFFIER)
    response = client.post("/uitloggen", headers={"HX-Request": "true", "X-CSRF-Token": token},
                           follow_redirects=False)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == "/"
    assert "U bent uitgelogd." in client.get("/").text


def test_a_copy_of_the_session_cookie_is_useless_after_logout(client, griffier):
    token = login(client, GRIFFIER)
    copied = client.cookies.get("tussenruimte_sessie")
    assert client.get("/beheer/vergaderingen", follow_redirects=False).status_code == 200
    assert client.post("/uitloggen", data={"csrf_token": token}, follow_redirects=False).status_code == 303

    client.cookies.clear()
    client.cookies.set("tussenruimte_sessie", copied)  # replayed, as someone who copied it would
    replayed = client.get("/beheer/vergaderingen", follow_redirects=False)
    assert replayed.status_code == 303
    assert replayed.headers["location"].startswith("/inloggen?volgende=")
    assert "Ingelogd als" not in client.get("/").text


# --- who may open, change and cancel a meeting of Zeist's raad ---------------------------------------


@pytest.fixture
def rollen(db, zeist, utrecht):
    """Users of every kind, by the name the matrix below uses."""
    regeling = factories.regeling(db, naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    return {
        "griffier Zeist": factories.user(db, "griffie@zeist.nl", ("griffier", zeist)),
        "griffier Utrecht": factories.user(db, "griffie@utrecht.nl", ("griffier", utrecht)),
        "secretaris": factories.user(db, "secretaris@vru.nl", ("secretaris", regeling)),
        "beheerder": factories.user(db, "beheer@tussenruimte.nl", ("beheerder",)),
        "anoniem": None,
    }


ALLOWED, REFUSED, LOGIN = "toegestaan", "geweigerd", "naar inloggen"
MATRIX = [
    ("griffier Zeist", ALLOWED),
    ("griffier Utrecht", REFUSED),
    ("secretaris", REFUSED),
    ("beheerder", ALLOWED),
    ("anoniem", LOGIN),
]


@pytest.mark.parametrize("action", ["formulier openen", "wijzigen", "annuleren"])
@pytest.mark.parametrize("rol, expected", MATRIX)
def test_the_html_authorisation_matrix_on_a_meeting_of_zeists_raad(client, db, zeist, rollen, rol, expected, action):
    raad = factories.orgaan_of(db, zeist)
    meeting = factories.vergadering(db, raad, naam="Raad Zeist")
    if rollen[rol] is None:
        token = csrf_from(client.get("/").text)  # an anonymous session has a CSRF token too
    else:
        token = login(client, rollen[rol].email)
    url = f"/vergaderingen/{meeting.id}"
    if action == "formulier openen":
        response = client.get(f"{url}/bewerken", follow_redirects=False)
    elif action == "wijzigen":
        response = client.post(f"{url}/bewerken", data=form(token, [raad.slug], naam="Gewijzigd", versie="1",
                                                             status="gepland"), follow_redirects=False)
    else:
        response = client.post(f"{url}/annuleren", data={"csrf_token": token, "versie": "1", "bevestig": "ja"},
                               follow_redirects=False)

    if expected == ALLOWED:
        assert response.status_code == (200 if action == "formulier openen" else 303), response.text[:300]
        if action != "formulier openen":
            assert response.headers["location"] == url
    elif expected == REFUSED:
        assert response.status_code == 403
        # the service's rule and its words: it names the body this user does not manage
        assert "U mag geen vergaderingen beheren van: Gemeenteraad Zeist." in text_of(response.text)
    else:
        assert response.status_code == 303
        assert response.headers["location"].startswith("/inloggen?volgende=%2Fvergaderingen%2F")

    db.refresh(meeting)
    changed = expected == ALLOWED and action != "formulier openen"
    assert (meeting.naam, meeting.status) == (
        "Gewijzigd" if changed and action == "wijzigen" else "Raad Zeist",
        Status.geannuleerd if changed and action == "annuleren" else Status.gepland)


# --- meetings past midnight, and the nights the clocks change ----------------------------------------


def test_a_meeting_that_ends_after_midnight_is_saved_with_its_end_date(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(
        token, [raad.slug], naam="Lange raad", begintijd="19:30", eindtijd="00:30", einddatum="2027-01-27"),
        follow_redirects=False)
    assert response.status_code == 303, response.text
    meeting = db.exec(select(Vergadering).where(Vergadering.naam == "Lange raad")).one()
    assert (meeting.start, meeting.einde) == (datetime(2027, 1, 26, 18, 30, tzinfo=UTC),
                                              datetime(2027, 1, 26, 23, 30, tzinfo=UTC))
    text = text_of(client.get(response.headers["location"]).text)
    assert "dinsdag 26 januari 2027, 19:30 – woensdag 27 januari 2027, 00:30" in text


def test_an_end_before_the_start_on_the_same_day_points_to_the_end_date(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    same_day = client.post("/beheer/vergaderingen/nieuw", data=form(token, [raad.slug], begintijd="19:30",
                                                                    eindtijd="00:30"))
    assert same_day.status_code == 422
    assert "Loopt de vergadering door na middernacht? Vul dan ook de einddatum in." in same_day.text
    earlier = client.post("/beheer/vergaderingen/nieuw", data=form(token, [raad.slug], einddatum="2027-01-25"))
    assert earlier.status_code == 422
    assert re.search(r'id="einddatum"[^>]*aria-invalid="true"', earlier.text)
    assert "De einddatum kan niet vóór de datum van de vergadering liggen." in earlier.text


def test_an_imported_meeting_past_midnight_can_be_saved_unchanged(client, db, griffier, zeist):
    login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    # 19:30 to 00:30 in Amsterdam, as an import file may well have it
    meeting = factories.vergadering(db, raad, naam="Raad tot na middernacht",
                                    start=datetime(2027, 1, 26, 18, 30, tzinfo=UTC),
                                    einde=datetime(2027, 1, 26, 23, 30, tzinfo=UTC))
    page = client.get(f"/vergaderingen/{meeting.id}/bewerken")
    assert re.search(r'id="einddatum" name="einddatum" type="date" value="2027-01-27"', page.text)
    response = client.post(f"/vergaderingen/{meeting.id}/bewerken", data=fields_of(page.text),
                           follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:800]
    db.refresh(meeting)
    assert meeting.versie == 1  # nothing changed, so nothing was written
    assert meeting.einde == datetime(2027, 1, 26, 23, 30, tzinfo=UTC)


def test_moving_a_meeting_past_midnight_to_another_day_does_not_leave_its_end_behind(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    raad = factories.orgaan_of(db, zeist)
    same_day = factories.vergadering(db, raad, naam="Gewone raad")
    assert 'id="einddatum" name="einddatum" type="date" value=""' in client.get(
        f"/vergaderingen/{same_day.id}/bewerken").text  # empty: the end moves along with the date

    late = factories.vergadering(db, raad, naam="Late raad", start=datetime(2027, 1, 26, 18, 30, tzinfo=UTC),
                                 einde=datetime(2027, 1, 26, 23, 30, tzinfo=UTC))
    fields = fields_of(client.get(f"/vergaderingen/{late.id}/bewerken").text)
    moved = client.post(f"/vergaderingen/{late.id}/bewerken", data=fields | {"datum": "2027-01-19"})
    assert moved.status_code == 422
    assert "De vergadering zou langer dan een etmaal duren. Klopt de einddatum?" in moved.text
    assert re.search(r'id="einddatum"[^>]*aria-invalid="true"', moved.text)
    done = client.post(f"/vergaderingen/{late.id}/bewerken", data=fields | {
        "datum": "2027-01-19", "einddatum": "2027-01-20", "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303
    db.refresh(late)
    assert (late.start, late.einde) == (datetime(2027, 1, 19, 18, 30, tzinfo=UTC),
                                        datetime(2027, 1, 19, 23, 30, tzinfo=UTC))


@pytest.mark.parametrize("begintijd, eindtijd, field", [("02:30", "04:00", "begintijd"), ("01:00", "02:15", "eindtijd"),
                                                        ("02:00", "03:30", "begintijd")])
def test_a_time_skipped_when_summer_time_starts_is_refused_in_words(client, db, griffier, zeist, begintijd,
                                                                      eindtijd, field):
    token = login(client, GRIFFIER)
    before = meetings(db)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(
        token, [factories.orgaan_of(db, zeist).slug], datum="2027-03-28", begintijd=begintijd, eindtijd=eindtijd))
    assert response.status_code == 422
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', response.text)
    assert "Dit tijdstip bestaat niet: de klok gaat die nacht van 2:00 naar 3:00 vooruit." in response.text
    assert meetings(db) == before


def test_a_time_that_occurs_twice_when_summer_time_ends_is_the_first_one(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(
        token, [factories.orgaan_of(db, zeist).slug], naam="Nachtraad", datum="2027-10-31", begintijd="02:30",
        eindtijd="04:00"), follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:800]
    meeting = db.exec(select(Vergadering).where(Vergadering.naam == "Nachtraad")).one()
    # 02:30 summer time (+02:00), the first of the two; 04:00 is winter time (+01:00)
    assert (meeting.start, meeting.einde) == (datetime(2027, 10, 31, 0, 30, tzinfo=UTC),
                                              datetime(2027, 10, 31, 3, 0, tzinfo=UTC))


def test_a_meeting_through_the_night_the_clocks_go_back_is_measured_in_real_time(client, db, griffier, zeist):
    token = login(client, GRIFFIER)
    response = client.post("/beheer/vergaderingen/nieuw", data=form(
        token, [factories.orgaan_of(db, zeist).slug], naam="Raad door de nacht", datum="2027-10-30",
        begintijd="23:00", eindtijd="02:30", einddatum="2027-10-31"), follow_redirects=False)
    assert response.status_code == 303, text_of(response.text)[:800]
    meeting = db.exec(select(Vergadering).where(Vergadering.naam == "Raad door de nacht")).one()
    assert meeting.einde - meeting.start == timedelta(hours=3, minutes=30)


def fields_of(html: str) -> dict:
    """What a browser would send for the form on the page, unchanged: inputs, ticked boxes, selected options."""
    from html.parser import HTMLParser

    class Form(HTMLParser):
        def __init__(self):
            super().__init__()
            self.data: dict[str, list[str]] = {}
            self.select: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name"):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                self.data.setdefault(a["name"], []).append(a.get("value") or "")
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                self.data.setdefault(self.select, []).append(a.get("value") or "")

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    parser = Form()
    parser.feed(html[html.index('<form class="utrecht-form vergaderformulier"'):])
    return {name: values if name == "organen" else values[-1] for name, values in parser.data.items()}
