"""The planner's interfaces: the JSON API and the `tussenruimte plan` command, on a small same-day region.

Three councils meet on Tuesdays. A and B hold a raad on 13 and 20 April 2027, C only on 20 April and has a
recess from 1 to 9 April; 27 April is King's Day. The voorstel goes out on 1 March: with the default lead time
(10 days' notice + 14 days of committee) no council can deliberate before 25 March.
"""

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from app.berichten.models import Bericht
from app.cli import main
from app.gemeenten.models import Reces
from app.regelingen.models import Synchronisatie
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling
from tests import factories
from tests.test_api import bearer

TZ = ZoneInfo("Europe/Amsterdam")
TUESDAY = 1


def _avond(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 19, 30, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def regio(db: Session):
    a = factories.gemeente(db, "Aadorp", code="GM9101", slug="aadorp", vergaderdag=TUESDAY)
    b = factories.gemeente(db, "Beekdal", code="GM9102", slug="beekdal", vergaderdag=TUESDAY)
    c = factories.gemeente(db, "Calslo", code="GM9103", slug="calslo", vergaderdag=TUESDAY)
    regeling = factories.regeling(db, slug="u3", naam="U3", deelnemers=[a, b, c],
                                  synchronisatie=Synchronisatie.gelijke_dag)
    meetings = {}
    for g, days in ((a, [date(2027, 4, 13), date(2027, 4, 20)]), (b, [date(2027, 4, 13), date(2027, 4, 20)]),
                    (c, [date(2027, 4, 20)])):
        for day in days:
            meetings[g.code, day] = factories.vergadering(db, factories.orgaan_of(db, g), start=_avond(day)).id
    db.add(Reces(gemeente_id=c.id, naam="voorjaarsreces", van=date(2027, 4, 1), tot=date(2027, 4, 9)))
    db.flush()
    return {"a": a, "b": b, "c": c, "regeling": regeling, "meetings": meetings}


QUERY = {"van": "2027-03-01", "tot": "2027-04-30"}


def test_candidates_come_best_first_with_a_reason_for_every_council(client, db, regio):
    headers = bearer(db, ("griffier", regio["a"]))
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params=QUERY, headers=headers)
    assert response.status_code == 200, response.text
    plan = response.json()
    datums = [k["datum"] for k in plan["kandidaten"]]
    # 20 April: all three already meet. 13 April: C needs an extra meeting. 30 March: three extra meetings.
    # 6 April is C's recess, 27 April King's Day, and before 25 March the lead time is too short.
    assert datums[:2] == ["2027-04-20", "2027-04-13"]
    assert "2027-04-06" not in datums and "2027-04-27" not in datums
    assert all(d >= "2027-03-25" for d in datums)
    best = plan["kandidaten"][0]
    assert best["extra_vergaderingen"] == 0
    assert {g["status"] for g in best["gemeenten"]} == {"bestaande_vergadering"}
    assert {g["vergadering_id"] for g in best["gemeenten"]} == {
        regio["meetings"][code, date(2027, 4, 20)] for code in ("GM9101", "GM9102", "GM9103")}
    second = {g["code"]: g for g in plan["kandidaten"][1]["gemeenten"]}
    assert second["GM9103"]["status"] == "extra_vergadering"
    assert second["GM9103"]["reden"]
    assert plan["uitleg"] is None
    assert plan["vingerafdruk"]


def test_an_opt_out_changes_the_answer(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params={**QUERY, "zonder": "GM9103"}, headers=headers)
    assert response.status_code == 200, response.text
    first_two = response.json()["kandidaten"][:2]
    assert {k["datum"] for k in first_two} == {"2027-04-13", "2027-04-20"}
    assert all(k["extra_vergaderingen"] == 0 for k in first_two)
    assert all(len(k["gemeenten"]) == 2 for k in first_two)


def test_no_date_works_and_the_answer_says_why_per_council(client, db, regio):
    headers = bearer(db, ("griffier", regio["a"]))
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params={"van": "2027-04-01", "tot": "2027-04-12"},
                          headers=headers)
    assert response.status_code == 200, response.text
    plan = response.json()
    assert plan["kandidaten"] == []
    assert plan["uitleg"]["samenvatting"]
    assert {g["code"] for g in plan["uitleg"]["gemeenten"]} == {"GM9101", "GM9102", "GM9103"}
    assert all(g["reden"] for g in plan["uitleg"]["gemeenten"])


@pytest.mark.parametrize(("params", "status", "fragment"), [
    ({"van": "2027-04-30", "tot": "2027-03-01"}, 422, "vóór de begindatum"),
    ({"van": "2027-01-01", "tot": "2028-12-31"}, 422, "hoogstens"),
    ({**QUERY, "zonder": "GM0344"}, 422, "Geen deelnemer"),
    ({**QUERY, "zonder": ["GM9101", "GM9102", "GM9103"]}, 422, "niets te plannen"),
    ({"van": "2027-02-30", "tot": "2027-04-30"}, 422, "van"),
    ({**QUERY, "punten": "0"}, 422, "punten"),
])
def test_bad_questions_get_a_dutch_422(client, db, regio, params, status, fragment):
    headers = bearer(db, ("griffier", regio["a"]))
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params=params, headers=headers)
    assert response.status_code == status, response.text
    assert fragment in response.text


def test_planning_needs_a_role_in_the_regeling(client, db, regio):
    url = "/api/v1/regelingen/u3/gelijke-dag"
    assert client.get(url, params=QUERY).status_code == 401
    outsider = factories.gemeente(db, "Elders", code="GM9199", slug="elders")
    assert client.get(url, params=QUERY, headers=bearer(db, ("griffier", outsider))).status_code == 403
    assert client.get("/api/v1/regelingen/onbekend/gelijke-dag", params=QUERY,
                      headers=bearer(db, ("beheerder",))).status_code == 404


def _plan(client, headers, **params):
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params={**QUERY, **params}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def test_accepting_a_date_puts_the_voorstel_on_every_agenda_and_queues_mail(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    factories.user(db, "griffie@aadorp.example.nl", ("griffier", regio["a"]))
    factories.user(db, "griffie@calslo.example.nl", ("griffier", regio["c"]))
    plan = _plan(client, headers)
    body = {**QUERY, "datum": "2027-04-13", "vingerafdruk": plan["vingerafdruk"], "titel": "Regionale woonvisie"}
    response = client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result = response.json()
    assert result["extra_vergaderingen"] == 1
    by_new = {m["nieuw"]: m for m in result["vergaderingen"]}
    nieuw = db.get(Vergadering, by_new[True]["id"])
    db.refresh(nieuw)
    assert nieuw.status == Status.gepland
    assert nieuw.start.astimezone(TZ) == datetime(2027, 4, 13, 19, 30, tzinfo=TZ)
    raad_c = factories.orgaan_of(db, regio["c"])
    assert db.exec(select(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == nieuw.id)).one().orgaan_id \
        == raad_c.id
    behandelingen = db.exec(select(Behandeling).where(Behandeling.voorstel_id == result["voorstel_id"])).all()
    assert {b.vergadering_id for b in behandelingen} == {m["id"] for m in result["vergaderingen"]}
    assert len(behandelingen) == 3
    for b in behandelingen:
        assert db.get(Agendapunt, b.agendapunt_id).titel == "Regionale woonvisie"
    aan = {b.aan for b in db.exec(select(Bericht)).all()}
    assert {"griffie@aadorp.example.nl", "griffie@calslo.example.nl"} <= aan
    assert result["berichten"] == len(aan)


def test_accepting_twice_or_on_stale_agendas_is_a_conflict_and_writes_nothing(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    plan = _plan(client, headers)
    body = {**QUERY, "datum": "2027-04-20", "vingerafdruk": plan["vingerafdruk"], "titel": "Jeugdzorg 2028"}
    # Someone adds an agenda item to A's meeting of 20 April after the plan was made.
    db.add(Agendapunt(vergadering_id=regio["meetings"]["GM9101", date(2027, 4, 20)], volgorde=1, titel="Opening"))
    db.flush()
    stale = client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers)
    assert stale.status_code == 409, stale.text
    assert "gewijzigd" in stale.json()["detail"]
    assert db.exec(select(Behandeling)).all() == []

    fresh = _plan(client, headers)
    body["vingerafdruk"] = fresh["vingerafdruk"]
    assert client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers).status_code == 201
    again = client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers)
    assert again.status_code == 409, again.text
    assert len(db.exec(select(Behandeling)).all()) == 3


def test_only_the_secretaris_accepts_and_only_a_candidate_date(client, db, regio):
    griffier = bearer(db, ("griffier", regio["a"]))
    plan = _plan(client, griffier)
    body = {**QUERY, "datum": "2027-04-20", "vingerafdruk": plan["vingerafdruk"], "titel": "X"}
    url = "/api/v1/regelingen/u3/gelijke-dag/vaststellen"
    assert client.post(url, json=body).status_code == 401
    assert client.post(url, json=body, headers=griffier).status_code == 403
    secretaris = bearer(db, ("secretaris", regio["regeling"]))
    holiday = client.post(url, json={**body, "datum": "2027-04-27"}, headers=secretaris)
    assert holiday.status_code == 422 and "kunnen niet alle raden" in holiday.text
    assert client.post(url, json={**body, "titel": None}, headers=secretaris).status_code == 422
    assert db.exec(select(Behandeling)).all() == []


def test_an_opt_out_is_recorded_when_accepting(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    plan = _plan(client, headers, zonder="GM9103")
    body = {**QUERY, "zonder": ["GM9103"], "datum": "2027-04-13", "vingerafdruk": plan["vingerafdruk"],
            "titel": "Regionaal mobiliteitsplan"}
    response = client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers)
    assert response.status_code == 201, response.text
    afmeldingen = db.exec(select(Afmelding).where(Afmelding.voorstel_id == response.json()["voorstel_id"])).all()
    assert [a.gemeente_id for a in afmeldingen] == [regio["c"].id]
    assert response.json()["extra_vergaderingen"] == 0


# --- the command line, on the same data (its session joins the test's transaction) ---------------------------


@pytest.fixture
def cli(monkeypatch, connection, regio, db):
    db.flush()
    monkeypatch.setattr("app.cli._session", lambda: Session(bind=connection, join_transaction_mode="create_savepoint",
                                                            expire_on_commit=False))


def test_cli_same_day_json(cli, capsys):
    code = main(["plan", "gelijke-dag", "--regeling", "u3", "--van", "2027-03-01", "--tot", "2027-04-30", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    plan = json.loads(out)
    assert [k["datum"] for k in plan["kandidaten"]][:2] == ["2027-04-20", "2027-04-13"]
    assert {g["status"] for g in plan["kandidaten"][1]["gemeenten"]} == {"bestaande_vergadering", "extra_vergadering"}


def test_cli_same_day_without_a_council(cli, capsys):
    code = main(["plan", "gelijke-dag", "--regeling", "u3", "--van", "2027-03-01", "--tot", "2027-04-30",
                 "--zonder", "GM9103", "--json"])
    plan = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {g["code"] for g in plan["kandidaten"][0]["gemeenten"]} == {"GM9101", "GM9102"}


def test_cli_errors_are_dutch_with_a_non_zero_exit(cli, capsys):
    assert main(["plan", "gelijke-dag", "--regeling", "u3", "--van", "2027-03-01", "--tot", "2027-04-30",
                 "--zonder", "GM0001"]) == 1
    assert "Geen deelnemer" in capsys.readouterr().err
    assert main(["plan", "gelijke-dag", "--regeling", "nergens", "--van", "2027-03-01", "--tot", "2027-04-30"]) == 1
    assert "bestaat niet" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "gelijke-dag", "--regeling", "u3", "--van", "1-3-2027", "--tot", "2027-04-30"])
    assert exit_.value.code == 2
    assert "ongeldige datum" in capsys.readouterr().err


@pytest.mark.parametrize("params", [
    {"van": "0001-01-01", "tot": "0001-03-01"},
    {"van": "9999-12-01", "tot": "9999-12-31"},
])
def test_dates_beyond_the_calendar_are_a_422_not_a_crash(client, db, regio, params):
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params=params, headers=bearer(db, ("beheerder",)))
    assert response.status_code == 422, response.text
    assert "tussen de jaren" in response.text


def test_anonymous_bad_questions_get_401_before_any_validation(client, regio):
    response = client.get("/api/v1/regelingen/u3/gelijke-dag", params={**QUERY, "zonder": "GM0344"})
    assert response.status_code == 401


def test_a_pc_year_the_law_does_not_cover_is_a_422(client, db, regio):
    response = client.get("/api/v1/regelingen/u3/pc-kalender/1950")
    assert response.status_code == 422, response.text
    assert client.get("/api/v1/regelingen/u3/pc-kalender/2027").status_code == 200


def test_a_title_with_a_nul_character_is_refused(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    plan = _plan(client, headers)
    body = {**QUERY, "datum": "2027-04-20", "vingerafdruk": plan["vingerafdruk"], "titel": "Woon\x00visie"}
    response = client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert db.exec(select(Behandeling)).all() == []


def test_an_inactive_griffier_gets_no_mail(client, db, regio):
    headers = bearer(db, ("secretaris", regio["regeling"]))
    stil = factories.user(db, "oud@aadorp.example.nl", ("griffier", regio["a"]))
    stil.actief = False
    db.flush()
    plan = _plan(client, headers)
    body = {**QUERY, "datum": "2027-04-20", "vingerafdruk": plan["vingerafdruk"], "titel": "Afvalbeleid"}
    assert client.post("/api/v1/regelingen/u3/gelijke-dag/vaststellen", json=body, headers=headers).status_code == 201
    assert "oud@aadorp.example.nl" not in {b.aan for b in db.exec(select(Bericht)).all()}


def test_pc_planning_is_refused_for_a_regeling_without_a_budget_of_its_own(client, db, regio):
    from app.regelingen.models import Vorm

    regio["regeling"].vorm = Vorm.centrumgemeente
    db.flush()
    response = client.get("/api/v1/regelingen/u3/pc-plan/2027", headers=bearer(db, ("beheerder",)))
    assert response.status_code == 422, response.text
    assert "geen eigen begroting" in response.text
