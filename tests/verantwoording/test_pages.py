"""The accountability pages, as a browser without JavaScript uses them: forms, redirects, errors next to fields."""

from datetime import timedelta

import pytest
from sqlmodel import select

from app.accounts.authz import Actor
from app.berichten.models import Bericht
from app.verantwoording import service
from app.verantwoording.models import Verantwoordingsbijeenkomst
from tests.helpers import csrf_from, login
from tests.verantwoording.opzet import TZ, raadsvergadering, vandaag, wereld, werkdag_na, woensdag_later


@pytest.fixture
def w(db):
    return wereld(db)


def _gehouden(db, w) -> Verantwoordingsbijeenkomst:
    toen = vandaag() - timedelta(days=40)
    dag = werkdag_na(toen + timedelta(days=7))
    return service.plan(db, actor=Actor(gebruiker_id=0, naam="beheer", beheerder=True), regeling=w.regeling.slug,
                        jaar=dag.year, datum=dag, vandaag=toen, tz=TZ).bijeenkomst


def test_the_public_sees_the_list_without_the_plan(client, w):
    r = client.get(f"/regelingen/{w.regeling.slug}/verantwoording")
    assert r.status_code == 200
    assert "Er is nog geen verantwoordingsbijeenkomst gepland." in r.text
    assert "Een bijeenkomst plannen" not in r.text
    assert client.get("/regelingen/bestaat-niet/verantwoording").status_code == 404


def test_the_secretaris_picks_a_date_and_lands_on_the_meeting(client, db, w):
    wo = woensdag_later()
    raadsvergadering(db, w.zeist, wo)
    login(client, w.secretaris)
    van, tot = wo.isoformat(), (wo + timedelta(days=6)).isoformat()
    page = client.get(f"/regelingen/{w.regeling.slug}/verantwoording", params={"van": van, "tot": tot})
    assert page.status_code == 200
    assert f'id="datum-{wo.isoformat()}"' not in page.text  # Zeist's raad meets: no radio for it
    assert "Zeist: raadsvergadering om 19:30" in page.text  # and the reason is shown
    donderdag = wo + timedelta(days=1)
    while f'value="{donderdag.isoformat()}"' not in page.text:
        donderdag += timedelta(days=1)
    r = client.post(f"/regelingen/{w.regeling.slug}/verantwoording", follow_redirects=False, data={
        "csrf_token": csrf_from(page.text), "van": van, "tot": tot, "datum": donderdag.isoformat(),
        "jaar": str(wo.year), "aanvang": "20:00", "locatie": "Raadzaal Zeist"})
    assert r.status_code == 303, r.text
    b = db.exec(select(Verantwoordingsbijeenkomst).where(Verantwoordingsbijeenkomst.regeling_id == w.regeling.id)
                ).one()
    assert r.headers["location"] == f"/verantwoording/{b.id}"
    detail = client.get(r.headers["location"])
    assert "uitnodigingen verstuurd" in detail.text and "Raadzaal Zeist" in detail.text
    assert "nog niet begonnen" in detail.text and "Vastleggen" not in detail.text
    assert db.exec(select(Bericht).where(Bericht.aan == w.raadslid_zeist)).first() is not None

    # The same year again: the form comes back with the reason next to the date.
    page = client.get(f"/regelingen/{w.regeling.slug}/verantwoording", params={"van": van, "tot": tot})
    r = client.post(f"/regelingen/{w.regeling.slug}/verantwoording", data={
        "csrf_token": csrf_from(page.text), "van": van, "tot": tot, "datum": (donderdag + timedelta(1)).isoformat(),
        "jaar": str(wo.year)})
    assert r.status_code == 409
    assert f"al een verantwoordingsbijeenkomst over {wo.year}" in r.text and 'id="datum-fout"' in r.text


def test_bad_form_values_come_back_next_to_their_field(client, db, w):
    login(client, w.secretaris)
    page = client.get(f"/regelingen/{w.regeling.slug}/verantwoording")
    r = client.post(f"/regelingen/{w.regeling.slug}/verantwoording", data={
        "csrf_token": csrf_from(page.text), "datum": "gisteren", "jaar": "twintig", "aanvang": "25:00"})
    assert r.status_code == 422
    for fout in ("jaar-fout", "aanvang-fout"):
        assert f'id="{fout}"' in r.text
    assert "Kies een van de dagen waarop alle raden kunnen." in r.text
    r = client.get(f"/regelingen/{w.regeling.slug}/verantwoording", params={"van": "2027-03-31", "tot": "2027-03-01"})
    assert r.status_code == 422 and 'id="tot-fout"' in r.text


def test_a_griffier_sees_the_dates_but_cannot_fix_one(client, db, w):
    login(client, w.griffier_zeist)
    r = client.get(f"/regelingen/{w.regeling.slug}/verantwoording")
    assert r.status_code == 200 and "Dagen waarop alle raden kunnen" in r.text
    assert "Vaststellen en uitnodigen" not in r.text and "Alleen de secretaris" in r.text
    r = client.post(f"/regelingen/{w.regeling.slug}/verantwoording", data={
        "csrf_token": csrf_from(r.text), "datum": woensdag_later().isoformat(), "jaar": str(vandaag().year)})
    assert r.status_code == 403


def test_anonymous_writes_go_to_the_login_and_forged_ones_are_refused(client, db, w):
    b = _gehouden(db, w)
    page = client.get(f"/regelingen/{w.regeling.slug}/verantwoording")
    r = client.post(f"/regelingen/{w.regeling.slug}/verantwoording", data={"csrf_token": csrf_from(page.text)},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen?volgende=")
    r = client.get(f"/verantwoording/{b.id}/aanwezigheid/{w.zeist.code}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/inloggen")
    login(client, w.griffier_zeist)
    r = client.post(f"/verantwoording/{b.id}/aanwezigheid/{w.zeist.code}", data={"aanwezig": "3"})
    assert r.status_code == 403 and "CSRF" in r.text


def test_the_griffier_records_attendance_and_everyone_sees_it(client, db, w):
    b = _gehouden(db, w)
    login(client, w.griffier_zeist)
    detail = client.get(f"/verantwoording/{b.id}")
    assert f'/verantwoording/{b.id}/aanwezigheid/{w.zeist.code}"' in detail.text  # its own council
    assert f'/verantwoording/{b.id}/aanwezigheid/{w.utrecht.code}"' not in detail.text  # not the other
    url = f"/verantwoording/{b.id}/aanwezigheid/{w.zeist.code}"
    form = client.get(url)
    assert form.status_code == 200 and "Hoogstens 27" in form.text

    r = client.post(url, data={"csrf_token": csrf_from(form.text), "aanwezig": "veel", "versie": ""})
    assert r.status_code == 422 and 'id="aanwezig-fout"' in r.text and "heel getal" in r.text
    r = client.post(url, data={"csrf_token": csrf_from(form.text), "aanwezig": "30", "versie": ""})
    assert r.status_code == 422 and "27 zetels" in r.text
    r = client.post(url, data={"csrf_token": csrf_from(form.text), "aanwezig": "21", "opmerking": "2 online",
                               "versie": ""}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/verantwoording/{b.id}"
    # Sending the same form again (the back button, a double click) does not overwrite silently.
    r = client.post(url, data={"csrf_token": csrf_from(form.text), "aanwezig": "20", "versie": ""})
    assert r.status_code == 409 and "(21 aanwezig)" in r.text

    assert client.get(f"/verantwoording/{b.id}/aanwezigheid/{w.utrecht.code}").status_code == 403
    client.post("/uitloggen", data={"csrf_token": csrf_from(client.get("/").text)})
    publiek = client.get(f"/verantwoording/{b.id}")
    assert publiek.status_code == 200
    assert "21 van 27" in publiek.text and "2 online" in publiek.text and "1 van 2 raden vastgelegd" in publiek.text
    assert "1 raad moet het nog doen" in publiek.text
    assert "Vastleggen" not in publiek.text
    lijst = client.get(f"/regelingen/{w.regeling.slug}/verantwoording")
    assert "21 raadsleden" in lijst.text and "72 zetels in alle raden" in lijst.text
    assert client.get("/verantwoording/999999").status_code == 404
