"""The accountability meeting through the JSON API and its service, on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlmodel import func, select

from app.accounts.authz import Actor
from app.berichten.models import Bericht
from app.organen.models import Orgaan, Soort
from app.verantwoording import service
from app.verantwoording.models import Verantwoordingsbijeenkomst
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from tests import factories
from tests.test_api import bearer
from tests.verantwoording.opzet import (
    TZ,
    raadsvergadering,
    reces,
    vandaag,
    wereld,
    werkdag_na,
    werkweek_na,
    woensdag_later,
)

API = "/api/v1"


@pytest.fixture
def w(db):
    return wereld(db)


def _secretaris(db, w):
    return bearer(db, ("secretaris", w.regeling))


def _url(w) -> str:
    return f"{API}/regelingen/{w.regeling.slug}/verantwoordingsbijeenkomsten"


# --- proposing dates -------------------------------------------------------------------------------------------


def test_the_dates_leave_out_council_meetings_and_recesses_and_say_why(client, db, w):
    ma = werkweek_na(vandaag() + timedelta(days=30))
    wo = ma + timedelta(days=2)
    raadsvergadering(db, w.zeist, wo)
    reces(db, w.utrecht, wo + timedelta(days=1), wo + timedelta(days=2), "voorjaarsreces")
    r = client.get(f"{_url(w)}/beschikbaarheid", params={"van": ma.isoformat(), "tot": (ma + timedelta(6)).isoformat()},
                   headers=_secretaris(db, w))
    assert r.status_code == 200, r.text
    body = r.json()
    kandidaten = [date.fromisoformat(d) for d in body["kandidaten"]]
    assert wo not in kandidaten and wo + timedelta(1) not in kandidaten and wo + timedelta(2) not in kandidaten
    assert kandidaten == [ma, ma + timedelta(days=1)]  # the weekend needs no council's reason
    redenen = {a["datum"]: [b["reden"] for b in a["bezwaren"]] for a in body["afgewezen"]}
    assert redenen[wo.isoformat()] == ["Zeist: raadsvergadering om 19:30"]
    assert redenen[(wo + timedelta(1)).isoformat()][0].startswith("Utrecht: voorjaarsreces")
    per = {g["code"]: g["dagen"] for g in body["gemeenten"]}
    assert per == {w.zeist.code: 1, w.utrecht.code: 2}


def test_a_griffier_of_a_participant_may_look_for_dates_but_others_may_not(client, db, w):
    params = {"van": "2027-03-01", "tot": "2027-03-31"}
    assert client.get(f"{_url(w)}/beschikbaarheid", params=params,
                      headers=bearer(db, ("griffier", w.zeist))).status_code == 200
    assert client.get(f"{_url(w)}/beschikbaarheid", params=params).status_code == 401
    r = client.get(f"{_url(w)}/beschikbaarheid", params=params, headers=bearer(db, ("griffier", w.buiten)))
    assert r.status_code == 403 and "griffiers van de deelnemende gemeenten" in r.json()["detail"]
    r = client.get(f"{_url(w)}/beschikbaarheid", params={"van": "2027-03-31", "tot": "2027-03-01"},
                   headers=_secretaris(db, w))
    assert r.status_code == 422 and "vóór de begindatum" in r.json()["detail"]
    assert client.get(f"{API}/regelingen/bestaat-niet/verantwoordingsbijeenkomsten/beschikbaarheid", params=params,
                      headers=_secretaris(db, w)).status_code == 404


# --- fixing the date -------------------------------------------------------------------------------------------


def test_the_secretaris_fixes_the_date_and_every_council_is_invited(client, db, w):
    wo = werkdag_na(vandaag() + timedelta(days=40))
    r = client.post(_url(w), json={"jaar": wo.year - 1 if wo.month < 7 else wo.year, "datum": wo.isoformat(),
                                   "locatie": "Raadzaal Zeist"}, headers=_secretaris(db, w))
    assert r.status_code == 201, r.text
    body = r.json()
    assert r.headers["Location"] == body["api_url"]
    assert body["url"].endswith(f"/verantwoording/{body['id']}")
    start = datetime.fromisoformat(body["vergadering"]["start"])
    assert start.date() == wo and start.astimezone(TZ).time() == time(19, 30)
    assert body["vergadering"]["locatie"] == "Raadzaal Zeist"
    assert body["agenda"][1].startswith("Verantwoording over")
    assert [(a["gemeente_code"], a["zetels"], a["aanwezig"]) for a in body["aanwezigheid"]] == [
        (w.utrecht.code, 45, None), (w.zeist.code, 27, None)]
    assert body["aanwezigheid"][1]["uitgenodigd_raadsleden"] == 1

    # The meeting belongs to a radenbijeenkomst orgaan made for the regeling.
    orgaan = db.exec(select(Orgaan).where(Orgaan.regeling_id == w.regeling.id,
                                          Orgaan.soort == Soort.radenbijeenkomst)).one()
    assert orgaan.naam == "Verantwoordingsbijeenkomst Veiligheidsregio Utrecht"
    assert db.exec(select(VergaderingOrgaan.orgaan_id)
                   .where(VergaderingOrgaan.vergadering_id == body["vergadering"]["id"])).all() == [orgaan.id]
    # Invited: both griffiers, the raadslid, the secretaris and the subscriber; not the griffier of Lopik.
    onderwerp = func.lower(Bericht.onderwerp).contains("verantwoordingsbijeenkomst")
    aan = set(db.exec(select(Bericht.aan).where(onderwerp)).all())
    secretarissen = {a for a in aan if a.startswith("api")}  # the secretaris who called the API
    assert aan - secretarissen == {w.griffier_zeist, w.griffier_utrecht, w.raadslid_zeist, w.secretaris, w.abonnee}
    tekst = db.exec(select(Bericht.tekst).where(Bericht.aan == w.raadslid_zeist)).one()
    assert f"/verantwoording/{body['id']}" in tekst and "Zeist" in tekst

    # And the list shows it.
    lijst = client.get(_url(w)).json()
    assert [(b["id"], b["jaar"], b["geregistreerd"]) for b in lijst] == [(body["id"], body["jaar"], 0)]


def test_an_existing_radenbijeenkomst_is_used_with_its_usual_start(client, db, w):
    tafel = Orgaan(slug="vru-raden", naam="Radenbijeenkomst VRU", soort=Soort.radenbijeenkomst,
                   regeling_id=w.regeling.id, aanvang=time(20, 0))
    db.add(tafel)
    db.flush()
    wo = woensdag_later()
    r = client.post(_url(w), json={"jaar": wo.year, "datum": wo.isoformat()}, headers=_secretaris(db, w))
    assert r.status_code == 201, r.text
    assert datetime.fromisoformat(r.json()["vergadering"]["start"]).astimezone(TZ).time() == time(20, 0)
    assert [o["slug"] for o in r.json()["vergadering"]["organen"]] == ["vru-raden"]
    # A second day on which that body meets is taken.
    wo2 = wo + timedelta(days=7)
    factories.vergadering(db, tafel, start=datetime.combine(wo2, time(19, 30), TZ))
    r = client.post(_url(w), json={"jaar": wo2.year - 1, "datum": wo2.isoformat()}, headers=_secretaris(db, w))
    assert r.status_code == 409 and "Radenbijeenkomst VRU vergadert al" in r.json()["detail"]


def test_one_meeting_per_year_and_only_on_a_day_every_council_can_come(client, db, w):
    wo = woensdag_later()
    jaar = wo.year
    kop = _secretaris(db, w)
    assert client.post(_url(w), json={"jaar": jaar, "datum": wo.isoformat()}, headers=kop).status_code == 201
    r = client.post(_url(w), json={"jaar": jaar, "datum": (wo + timedelta(7)).isoformat()}, headers=kop)
    assert r.status_code == 409 and f"al een verantwoordingsbijeenkomst over {jaar}" in r.json()["detail"]

    later = wo + timedelta(days=14)
    raadsvergadering(db, w.utrecht, later)
    r = client.post(_url(w), json={"jaar": jaar - 1, "datum": later.isoformat()}, headers=kop)
    assert r.status_code == 409 and "Utrecht: raadsvergadering" in r.json()["detail"]
    zaterdag = later + timedelta(days=(5 - later.weekday()) % 7)
    r = client.post(_url(w), json={"jaar": jaar - 1, "datum": zaterdag.isoformat()}, headers=kop)
    assert r.status_code == 422 and "geen werkdag" in r.json()["detail"]
    assert r.json()["invalid-params"][0]["name"] == "datum"
    r = client.post(_url(w), json={"jaar": vandaag().year, "datum": vandaag().isoformat()}, headers=kop)
    assert r.status_code == 422 and "na vandaag" in r.json()["detail"]
    r = client.post(_url(w), json={"jaar": jaar - 3, "datum": later.isoformat()}, headers=kop)
    assert r.status_code == 422 and f"valt in {jaar - 3} of {jaar - 2}" in r.json()["detail"]
    r = client.post(_url(w), json={"jaar": jaar - 1, "datum": "31-02-2027"}, headers=kop)
    assert r.status_code == 422
    assert len(db.exec(select(Verantwoordingsbijeenkomst.id).where(
        Verantwoordingsbijeenkomst.regeling_id == w.regeling.id)).all()) == 1


def test_only_the_secretaris_fixes_the_date(client, db, w):
    wo = woensdag_later()
    body = {"jaar": wo.year, "datum": wo.isoformat()}
    assert client.post(_url(w), json=body).status_code == 401
    r = client.post(_url(w), json=body, headers=bearer(db, ("griffier", w.zeist)))
    assert r.status_code == 403 and "Alleen de secretaris" in r.json()["detail"]
    ander = factories.regeling(db, naam="Andere regeling")
    assert client.post(_url(w), json=body, headers=bearer(db, ("secretaris", ander))).status_code == 403
    assert client.post(f"{API}/regelingen/bestaat-niet/verantwoordingsbijeenkomsten", json=body,
                       headers=bearer(db, ("beheerder",))).status_code == 404
    assert db.exec(select(Vergadering).where(Vergadering.naam.like("Verantwoordingsbijeenkomst%"))).all() == []


# --- attendance ------------------------------------------------------------------------------------------------


def _gehouden(db, w) -> Verantwoordingsbijeenkomst:
    """A meeting that was fixed five weeks ago for a day that has passed."""
    toen = vandaag() - timedelta(days=40)
    dag = werkdag_na(toen + timedelta(days=7))
    assert dag < vandaag()
    uitkomst = service.plan(db, actor=Actor(gebruiker_id=0, naam="beheer", beheerder=True), regeling=w.regeling.slug,
                            jaar=dag.year, datum=dag, vandaag=toen, tz=TZ)
    return uitkomst.bijeenkomst


def _aanwezigheid(w, b, code) -> str:
    return f"{API}/verantwoordingsbijeenkomsten/{b.id}/aanwezigheid/{code}"


def test_each_griffier_records_the_attendance_of_its_own_council(client, db, w):
    b = _gehouden(db, w)
    griffier_zeist = bearer(db, ("griffier", w.zeist))
    r = client.put(_aanwezigheid(w, b, w.zeist.code), json={"aanwezig": 21, "opmerking": "twee leden online"},
                   headers=griffier_zeist)
    assert r.status_code == 200, r.text
    assert (r.json()["aanwezig"], r.json()["zetels"], r.json()["opmerking"]) == (21, 27, "twee leden online")
    r = client.put(_aanwezigheid(w, b, w.utrecht.code), json={"aanwezig": 30}, headers=griffier_zeist)
    assert r.status_code == 403 and "griffier van Utrecht" in r.json()["detail"]
    r = client.put(_aanwezigheid(w, b, w.utrecht.slug), json={"aanwezig": 30}, headers=_secretaris(db, w))
    assert r.status_code == 200  # the secretaris may, for every council; a slug works as well as the code

    detail = client.get(f"{API}/verantwoordingsbijeenkomsten/{b.id}").json()
    assert (detail["aanwezig"], detail["zetels"], detail["geregistreerd"]) == (51, 72, 2)
    assert detail["zetels_geregistreerd"] == 72
    lijst = client.get(_url(w)).json()
    assert (lijst[0]["aanwezig"], lijst[0]["geregistreerd"]) == (51, 2)


def test_attendance_refuses_what_cannot_be_true(client, db, w):
    b = _gehouden(db, w)
    kop = _secretaris(db, w)
    r = client.put(_aanwezigheid(w, b, w.zeist.code), json={"aanwezig": 28}, headers=kop)
    assert r.status_code == 422 and "27 zetels" in r.json()["detail"]
    assert client.put(_aanwezigheid(w, b, w.zeist.code), json={"aanwezig": -1}, headers=kop).status_code == 422
    assert client.put(_aanwezigheid(w, b, "GM9876"), json={"aanwezig": 1}, headers=kop).status_code == 404
    r = client.put(_aanwezigheid(w, b, w.buiten.code), json={"aanwezig": 1}, headers=kop)
    assert r.status_code == 422 and "neemt niet deel" in r.json()["detail"]
    assert client.put(_aanwezigheid(w, b, w.zeist.code), json={"aanwezig": 1}).status_code == 401
    assert client.put(f"{API}/verantwoordingsbijeenkomsten/999999/aanwezigheid/{w.zeist.code}",
                      json={"aanwezig": 1}, headers=kop).status_code == 404
    assert client.get(f"{API}/regelingen/bestaat-niet/verantwoordingsbijeenkomsten").status_code == 404
    db.get(Vergadering, b.vergadering_id).status = Status.geannuleerd
    db.flush()
    r = client.put(_aanwezigheid(w, b, w.zeist.code), json={"aanwezig": 1}, headers=kop)
    assert r.status_code == 409 and "geannuleerd" in r.json()["detail"]


def test_attendance_cannot_be_recorded_before_the_meeting(client, db, w):
    wo = werkdag_na(vandaag() + timedelta(days=40))
    kop = _secretaris(db, w)
    b = client.post(_url(w), json={"jaar": wo.year, "datum": wo.isoformat()}, headers=kop).json()
    r = client.put(f"{API}/verantwoordingsbijeenkomsten/{b['id']}/aanwezigheid/{w.zeist.code}",
                   json={"aanwezig": 3}, headers=kop)
    assert r.status_code == 409 and "nog niet begonnen" in r.json()["detail"]


def test_a_stale_version_does_not_overwrite_someone_elses_recording(client, db, w):
    b = _gehouden(db, w)
    url = _aanwezigheid(w, b, w.zeist.code)
    griffier, secretaris = bearer(db, ("griffier", w.zeist)), _secretaris(db, w)
    eerste = client.put(url, json={"aanwezig": 20, "versie": ""}, headers=griffier)
    assert eerste.status_code == 200
    # The secretaris, who also saw "nothing recorded yet", is refused instead of overwriting it.
    r = client.put(url, json={"aanwezig": 22, "versie": ""}, headers=secretaris)
    assert r.status_code == 409 and "(20 aanwezig)" in r.json()["detail"]
    tweede = client.put(url, json={"aanwezig": 22, "versie": eerste.json()["versie"]}, headers=secretaris)
    assert tweede.status_code == 200 and tweede.json()["versie"] != eerste.json()["versie"]
    # The griffier's old version no longer holds; without a version the API writes (last one wins).
    assert client.put(url, json={"aanwezig": 19, "versie": eerste.json()["versie"]}, headers=griffier).status_code \
        == 409
    assert client.put(url, json={"aanwezig": 19}, headers=griffier).json()["aanwezig"] == 19


def test_the_agenda_has_the_years_accountability(db, w):
    b = _gehouden(db, w)
    titels = db.exec(select(Agendapunt.titel).where(Agendapunt.vergadering_id == b.vergadering_id)
                     .order_by(Agendapunt.volgorde)).all()
    assert titels[1] == f"Verantwoording over {b.jaar}: jaarverslag en jaarrekening"


def test_a_meeting_just_after_midnight_counts_on_its_local_day(client, db, w):
    """A meeting at 00:30 in Amsterdam is on the day before in UTC: the members and dates are those of the local
    day (settings.tz)."""
    from app.errors import Conflict
    from app.organen.models import Lidmaatschap, Rol
    from app.planning.termijnen import datum_tekst

    dag = werkdag_na(vandaag() + timedelta(days=40))
    beheer = Actor(gebruiker_id=0, naam="beheer", beheerder=True)
    b = service.plan(db, actor=beheer, regeling=w.regeling.slug, jaar=dag.year, datum=dag, vandaag=vandaag(), tz=TZ,
                     aanvang=time(0, 30)).bijeenkomst
    start = db.get(Vergadering, b.vergadering_id).start
    assert start.astimezone(TZ).date() == dag and start.astimezone(UTC).date() == dag - timedelta(days=1)
    # A council member of Utrecht whose membership begins on the day of the meeting is one of its invitees.
    nieuw = factories.persoon(db, "Nieuw Raadslid", gemeente_id=w.utrecht.id)
    db.add(Lidmaatschap(persoon_id=nieuw.id, orgaan_id=factories.orgaan_of(db, w.utrecht).id, rol=Rol.lid,
                        start=dag))
    factories.user(db, "nieuw.raadslid@utrecht.example.nl", naam="Nieuw Raadslid", persoon_id=nieuw.id)
    db.flush()
    det = service.detail(db, bijeenkomst_id=b.id, actor=beheer, nu=datetime.now(UTC))
    assert {r.gemeente.id: r.raadsleden for r in det.rijen}[w.utrecht.id] == 1
    # Before the start, attendance waits for the local day of the meeting.
    with pytest.raises(Conflict) as fout:
        service.registreer(db, actor=beheer, bijeenkomst_id=b.id, gemeente=w.zeist.code, aanwezig=3, opmerking=None,
                           nu=datetime.now(UTC))
    assert f"vanaf {datum_tekst(dag)}." in fout.value.detail
