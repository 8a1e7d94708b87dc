"""The JSON API under /api/v1: shapes, values, pagination, problems, and the life of a meeting.

Every test runs on SQLite and on PostgreSQL (see conftest.py).
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from babel.dates import format_datetime
from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker
from app.gemeenten.models import Gemeente, Reces
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.regelingen.models import Deelname, Regeling
from app.vergaderingen.api import WHEN
from app.vergaderingen.models import Status, Vergadering
from app.web import errors, pagination
from tests import factories

BASE = "https://tussenruimte.test"
PROBLEM = "application/problem+json"




def bearer(db: Session, *roles: tuple) -> dict[str, str]:
    """An Authorization header for a new user with these roles (no password: tokens only)."""
    user = Gebruiker(email=f"api{next(factories._seq)}@example.nl", naam="API", wachtwoord_hash="-")
    db.add(user)
    db.flush()
    for role in roles:
        target = role[1] if len(role) > 1 else None
        accounts.grant_role(db, user=user, rol=role[0],
                            gemeente_code=target.code if isinstance(target, Gemeente) else None,
                            regeling_slug=target.slug if isinstance(target, Regeling) else None)
    _, plain = accounts.create_token(db, email=user.email)
    return {"Authorization": f"Bearer {plain}"}


@dataclass
class Region:
    zeist: Gemeente
    utrecht: Gemeente
    regio: Regeling
    zeist_raad: Orgaan
    utrecht_raad: Orgaan
    ab: Orgaan


@pytest.fixture
def region(db) -> Region:
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist", inwoners=65000)
    utrecht = factories.gemeente(db, "Utrecht", code="GM0344", slug="utrecht", inwoners=361000)
    regio = factories.regeling(db, slug="regio-utrecht", naam="Regio Utrecht")
    db.add(Deelname(regeling_id=regio.id, gemeente_id=zeist.id, inwoners=65000, bijdrage=Decimal("1234567.00")))
    db.add(Deelname(regeling_id=regio.id, gemeente_id=utrecht.id, inwoners=361000, bijdrage=Decimal("2469134.00")))
    db.flush()
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regio.id)).one()
    return Region(zeist, utrecht, regio, factories.orgaan_of(db, zeist), factories.orgaan_of(db, utrecht), ab)


def stamps(item: dict) -> tuple[datetime, datetime]:
    """Takes created_at and modified_at out of an API item: times with the Amsterdam offset."""
    times = item.pop("created_at"), item.pop("modified_at")
    assert all(t.endswith(("+01:00", "+02:00")) for t in times), times
    return tuple(datetime.fromisoformat(t) for t in times)


def stamps_of(row) -> tuple[datetime, datetime]:
    return row.created_at, row.modified_at


def problem_of(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body = response.json()
    assert body["status"] == status
    assert body["type"] == "about:blank"
    return body


# --- gemeenten -------------------------------------------------------------------------------------------------


def test_gemeenten_list_shape_and_values(client, region):
    response = client.get("/api/v1/gemeenten")
    assert response.status_code == 200
    body = response.json()
    assert [g["naam"] for g in body["items"]] == ["Utrecht", "Zeist"]
    zeist = body["items"][1]
    assert stamps(zeist) == stamps_of(region.zeist)
    assert zeist == {
        "code": "GM0355", "naam": "Zeist", "slug": "zeist", "provincie": "Utrecht", "inwoners": 65000, "demo": False,
        "url": f"{BASE}/gemeenten/GM0355", "api_url": f"{BASE}/api/v1/gemeenten/GM0355",
    }
    assert body["page"] == 1 and body["page_size"] == 50 and body["total"] == 2
    assert body["links"]["next"] is None and body["links"]["prev"] is None


def test_gemeente_detail_has_fracties_organen_deelnames_and_recessen(client, db, region):
    factories.fractie(db, region.zeist, "GroenLinks", 8)
    factories.fractie(db, region.zeist, "VVD", 6)
    db.add(Reces(gemeente_id=region.zeist.id, naam="Zomerreces", van=date(2027, 7, 10), tot=date(2027, 8, 22)))
    db.flush()

    response = client.get("/api/v1/gemeenten/GM0355")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "GM0355" and body["zetels"] == 14
    assert body["fracties"] == [{"naam": "GroenLinks", "zetels": 8}, {"naam": "VVD", "zetels": 6}]
    assert body["organen"] == [{"slug": "zeist-raad", "naam": "Gemeenteraad Zeist", "soort": "raad",
                                "url": f"{BASE}/organen/zeist-raad", "api_url": f"{BASE}/api/v1/organen/zeist-raad"}]
    assert body["deelnames"] == [{
        "regeling": {"slug": "regio-utrecht", "naam": "Regio Utrecht", "url": f"{BASE}/regelingen/regio-utrecht",
                     "api_url": f"{BASE}/api/v1/regelingen/regio-utrecht"},
        "inwoners": 65000,
        "bijdrage": "1234567.00",  # a string, never a float
        "aandeel_inwoners": "0.152582",  # 65000 / 426000
        "aandeel_bijdrage": "0.333333",
    }]
    assert body["recessen"] == [{"naam": "Zomerreces", "van": "2027-07-10", "tot": "2027-08-22"}]


def test_gemeente_by_slug_and_lowercase_code(client, region):
    assert client.get("/api/v1/gemeenten/zeist").json()["code"] == "GM0355"
    assert client.get("/api/v1/gemeenten/gm0355").json()["code"] == "GM0355"


def test_unknown_gemeente_is_a_dutch_problem(client, region):
    body = problem_of(client.get("/api/v1/gemeenten/GM9999"), 404)
    assert body["title"] == "Niet gevonden"
    assert body["detail"] == "Gemeente ‘GM9999’ bestaat niet."
    assert body["instance"] == "/api/v1/gemeenten/GM9999"


def test_deleted_gemeente_is_not_found(client, db, region):
    region.zeist.deleted_at = datetime.now(UTC)
    db.add(region.zeist)
    db.flush()
    problem_of(client.get("/api/v1/gemeenten/GM0355"), 404)
    assert [g["code"] for g in client.get("/api/v1/gemeenten").json()["items"]] == ["GM0344"]


# --- pagination ------------------------------------------------------------------------------------------------


def test_pagination_walks_three_pages_by_next_links_and_keeps_filters(client, db):
    for letter in "GFEDCBA":
        factories.gemeente(db, f"Gemeente {letter}", provincie="Gelderland")
    factories.gemeente(db, "Buiten het filter", provincie="Zeeland")

    url = "/api/v1/gemeenten?provincie=Gelderland&page_size=3"
    pages = []
    while url:
        response = client.get(url)
        assert response.status_code == 200
        body = response.json()
        pages.append(body)
        if body["links"]["next"]:
            assert f'<{body["links"]["next"]}>; rel="next"' in response.headers["link"]
        else:
            assert 'rel="next"' not in response.headers["link"]
        url = body["links"]["next"]

    assert [[g["naam"][-1] for g in p["items"]] for p in pages] == [["A", "B", "C"], ["D", "E", "F"], ["G"]]
    assert [p["page"] for p in pages] == [1, 2, 3]
    assert all(p["total"] == 7 and p["page_size"] == 3 for p in pages)
    first, second, last = pages
    assert first["links"]["next"] == f"{BASE}/api/v1/gemeenten?provincie=Gelderland&page=2&page_size=3"
    assert first["links"]["prev"] is None
    assert second["links"]["prev"] == f"{BASE}/api/v1/gemeenten?provincie=Gelderland&page=1&page_size=3"
    assert last["links"]["next"] is None
    assert last["links"]["self"] == last["links"]["last"] == \
        f"{BASE}/api/v1/gemeenten?provincie=Gelderland&page=3&page_size=3"


def test_a_page_past_the_end_is_empty_with_no_next(client, db):
    for letter in "ABC":
        factories.gemeente(db, f"Gemeente {letter}")
    body = client.get("/api/v1/gemeenten?page=9&page_size=2").json()
    assert body["items"] == [] and body["total"] == 3 and body["page"] == 9
    assert body["links"]["next"] is None
    assert body["links"]["prev"] == f"{BASE}/api/v1/gemeenten?page=2&page_size=2"  # back to the last page


@pytest.mark.parametrize("query, reason", [
    ("page=0", "moet minstens 1 zijn"),
    ("page_size=0", "moet minstens 1 zijn"),
    ("page_size=101", "mag hoogstens 100 zijn"),
    ("page=10001", "mag hoogstens 10000 zijn"),
    ("page=een", "verwacht een geheel getal, niet 'een'"),
])
def test_bad_page_parameters_are_422_problems(client, query, reason):
    body = problem_of(client.get(f"/api/v1/gemeenten?{query}"), 422)
    assert body["title"] == "Ongeldige invoer"
    name = query.split("=")[0]
    assert body["invalid-params"] == [{"name": name, "reason": reason}]
    assert body["detail"] == f"De invoer klopt niet: {name}: {reason}"


# --- regelingen and organen ------------------------------------------------------------------------------------


def test_regelingen_list_and_detail_with_deelnemers(client, region):
    body = client.get("/api/v1/regelingen").json()
    assert stamps(body["items"][0]) == stamps_of(region.regio)
    assert body["items"] == [{
        "slug": "regio-utrecht", "naam": "Regio Utrecht", "vorm": "openbaar_lichaam", "synchronisatie": "gelijke_dag",
        "demo": False, "url": f"{BASE}/regelingen/regio-utrecht", "api_url": f"{BASE}/api/v1/regelingen/regio-utrecht",
    }]

    detail = client.get("/api/v1/regelingen/regio-utrecht").json()
    assert detail["inwoners"] == 426000 and detail["bijdrage"] == "3703701.00"
    assert detail["deelnemers"] == [
        {"code": "GM0344", "naam": "Utrecht", "api_url": f"{BASE}/api/v1/gemeenten/GM0344", "inwoners": 361000,
         "bijdrage": "2469134.00", "aandeel_inwoners": "0.847418", "aandeel_bijdrage": "0.666667"},
        {"code": "GM0355", "naam": "Zeist", "api_url": f"{BASE}/api/v1/gemeenten/GM0355", "inwoners": 65000,
         "bijdrage": "1234567.00", "aandeel_inwoners": "0.152582", "aandeel_bijdrage": "0.333333"},
    ]
    assert [o["slug"] for o in detail["organen"]] == ["regio-utrecht-ab"]
    problem_of(client.get("/api/v1/regelingen/bestaat-niet"), 404)


def test_orgaan_with_its_current_members(client, db, region):
    groen = factories.fractie(db, region.zeist, "GroenLinks", 8)
    jan = factories.persoon(db, "Jan Jansen", gemeente_id=region.zeist.id, fractie_id=groen.id)
    oud = factories.persoon(db, "Oud Lid")
    db.add(Lidmaatschap(persoon_id=jan.id, orgaan_id=region.ab.id, rol=Rol.voorzitter, fractie_id=groen.id,
                        gemeente_id=region.zeist.id, stemgewicht=Decimal("2.5"), start=date(2026, 4, 1)))
    db.add(Lidmaatschap(persoon_id=oud.id, orgaan_id=region.ab.id, start=date(2020, 1, 1), einde=date(2022, 3, 31)))
    db.flush()

    body = client.get("/api/v1/organen/regio-utrecht-ab?peildatum=2027-01-01").json()
    assert body["soort"] == "algemeen_bestuur"
    assert body["regeling"] == "regio-utrecht" and body["gemeente"] is None
    assert body["eigenaar"] == {"naam": "Regio Utrecht", "api_url": f"{BASE}/api/v1/regelingen/regio-utrecht"}
    assert body["leden"] == [{"persoon": "Jan Jansen", "rol": "voorzitter", "fractie": "GroenLinks",
                              "gemeente": "Zeist", "gemeente_code": "GM0355", "stemgewicht": "2.500000",
                              "start": "2026-04-01", "einde": None}]
    assert [lid["persoon"] for lid in client.get("/api/v1/organen/regio-utrecht-ab?peildatum=2021-06-01")
            .json()["leden"]] == ["Oud Lid"]

    raad = client.get("/api/v1/organen/zeist-raad").json()
    assert raad["gemeente"] == "GM0355" and raad["regeling"] is None
    assert raad["eigenaar"]["api_url"] == f"{BASE}/api/v1/gemeenten/GM0355"
    problem_of(client.get("/api/v1/organen/bestaat-niet"), 404)


def test_organen_list_with_owner_and_filter(client, region):
    body = client.get("/api/v1/organen?page_size=10").json()
    assert body["total"] == 3
    assert [(o["slug"], o["gemeente"], o["regeling"]) for o in body["items"]] == [
        ("regio-utrecht-ab", None, "regio-utrecht"),  # ordered by owner: Regio Utrecht, Utrecht, Zeist
        ("utrecht-raad", "GM0344", None),
        ("zeist-raad", "GM0355", None),
    ]
    assert body["items"][2]["eigenaar"] == {"naam": "Zeist", "api_url": f"{BASE}/api/v1/gemeenten/GM0355"}
    assert stamps(body["items"][2]) == stamps_of(region.zeist_raad)
    assert "leden" not in body["items"][0]
    raden = client.get("/api/v1/organen?soort=raad").json()
    assert [o["slug"] for o in raden["items"]] == ["utrecht-raad", "zeist-raad"]
    assert problem_of(client.get("/api/v1/organen?soort=koor"), 422)["invalid-params"][0]["name"] == "soort"


# --- reading meetings ------------------------------------------------------------------------------------------


def test_meeting_times_carry_the_amsterdam_offset(client, db, region):
    winter = factories.vergadering(db, region.zeist_raad, start=datetime(2027, 1, 26, 18, 30, tzinfo=UTC))
    summer = factories.vergadering(db, region.zeist_raad, start=datetime(2027, 6, 1, 17, 30, tzinfo=UTC))

    body = client.get(f"/api/v1/vergaderingen/{winter.id}").json()
    assert body["start"] == "2027-01-26T19:30:00+01:00"
    assert body["einde"] == "2027-01-26T22:30:00+01:00"
    assert body["created_at"].endswith(("+01:00", "+02:00"))
    assert client.get(f"/api/v1/vergaderingen/{summer.id}").json()["start"] == "2027-06-01T19:30:00+02:00"


def test_meeting_detail_shape(client, db, region):
    meeting = factories.vergadering(db, region.zeist_raad, region.utrecht_raad, locatie="Stadhuis")
    response = client.get(f"/api/v1/vergaderingen/{meeting.id}")
    assert response.status_code == 200
    assert response.headers["etag"] == '"1"'
    body = response.json()
    assert body["id"] == meeting.id
    assert body["titel"] == "Gemeenteraad Utrecht en Gemeenteraad Zeist"
    assert [o["slug"] for o in body["organen"]] == ["utrecht-raad", "zeist-raad"]
    assert body["status"] == "gepland" and body["versie"] == 1 and body["sequence"] == 0
    assert body["locatie"] == "Stadhuis" and body["openbaar"] is True
    assert body["deleted"] is False and body["demo"] is False
    assert body["url"] == f"{BASE}/vergaderingen/{meeting.id}"
    assert body["api_url"] == f"{BASE}/api/v1/vergaderingen/{meeting.id}"


def test_unknown_meeting_is_404_problem(client):
    body = problem_of(client.get("/api/v1/vergaderingen/999999"), 404)
    assert body["detail"] == "Vergadering 999999 bestaat niet (meer)."
    assert "deleted_at" not in body


def test_a_meeting_of_a_demo_council_says_so(client, db):
    demo = factories.orgaan_of(db, factories.gemeente(db, "Demodorp", demo=True))
    meeting = factories.vergadering(db, demo)
    assert client.get(f"/api/v1/vergaderingen/{meeting.id}").json()["demo"] is True
    assert [m["demo"] for m in client.get("/api/v1/vergaderingen").json()["items"]] == [True]


def test_meeting_list_filters(client, db, region):
    def at(month: int, day: int, hour: int = 18) -> datetime:
        return datetime(2027, month, day, hour, tzinfo=UTC)

    factories.vergadering(db, region.zeist_raad, start=at(1, 26), naam="Zeist januari")
    factories.vergadering(db, region.utrecht_raad, start=at(2, 2), naam="Utrecht februari")
    factories.vergadering(db, region.ab, start=at(3, 9), naam="AB maart", status=Status.geannuleerd)
    factories.vergadering(db, region.zeist_raad, region.utrecht_raad, start=at(4, 6), naam="Samen")

    def names(query: str) -> list[str]:
        response = client.get(f"/api/v1/vergaderingen?{query}")
        assert response.status_code == 200, response.text
        return [m["naam"] for m in response.json()["items"]]

    assert names("") == ["Zeist januari", "Utrecht februari", "AB maart", "Samen"]
    assert names("gemeente=GM0355") == ["Zeist januari", "Samen"]
    assert names("gemeente=utrecht") == ["Utrecht februari", "Samen"]
    assert names("regeling=regio-utrecht") == ["AB maart"]
    assert names("orgaan=utrecht-raad") == ["Utrecht februari", "Samen"]
    assert names("status=geannuleerd") == ["AB maart"]
    assert names("van=2027-02-02&tot=2027-03-09") == ["Utrecht februari", "AB maart"]  # tot: up to and including
    assert names("van=2027-03-09T20:00:00%2B01:00") == ["AB maart", "Samen"]  # AB ends 21:00 UTC = 22:00 +01:00
    assert names("van=2027-03-09T23:00:00+01:00") == ["Samen"]  # an unencoded + arrives as a space
    assert names("tot=2027-01-26T19:00:00Z") == ["Zeist januari"]
    assert names("gemeente=GM0355&tot=2027-01-31") == ["Zeist januari"]


def test_meeting_list_is_paginated_with_a_count(client, db, region):
    for day in range(1, 6):
        factories.vergadering(db, region.zeist_raad, start=datetime(2027, 3, day, 18, tzinfo=UTC))
    first = client.get("/api/v1/vergaderingen?gemeente=GM0355&page_size=2")
    body = first.json()
    assert body["total"] == 5 and len(body["items"]) == 2
    assert body["links"]["next"] == f"{BASE}/api/v1/vergaderingen?gemeente=GM0355&page=2&page_size=2"
    assert first.headers["link"].startswith(f"<{BASE}/api/v1/vergaderingen?gemeente=GM0355&page=1&page_size=2>;")
    assert client.get(body["links"]["last"]).json()["links"]["next"] is None


@pytest.mark.parametrize("query, name", [("van=26-01-2027", "van"), ("tot=gisteren", "tot"),
                                         ("van=2027-02-30", "van")])
def test_a_bad_date_filter_is_a_dutch_422(client, query, name):
    body = problem_of(client.get(f"/api/v1/vergaderingen?{query}"), 422)
    assert "geen geldige datum of tijd" in body["detail"]
    assert body["invalid-params"][0]["name"] == name


def test_tot_before_van_is_refused(client):
    body = problem_of(client.get("/api/v1/vergaderingen?van=2027-02-01&tot=2027-01-01"), 422)
    assert body["invalid-params"] == [{"name": "tot", "reason": "moet na ‘van’ liggen"}]


@pytest.mark.parametrize("param", ["gemeente", "regeling", "orgaan"])
def test_an_unknown_filter_value_is_a_400_naming_the_parameter(client, param):
    body = problem_of(client.get(f"/api/v1/vergaderingen?{param}=bestaat-niet"), 400)
    assert body["title"] == "Ongeldig verzoek"
    assert body["detail"] == f"Filter ‘{param}’: onbekende waarde ‘bestaat-niet’."
    assert body["invalid-params"] == [{"name": param, "reason": "onbekende waarde ‘bestaat-niet’"}]
    long = problem_of(client.get(f"/api/v1/vergaderingen?{param}={'x' * 500}"), 400)
    assert long["invalid-params"] == [{"name": param, "reason": f"onbekende waarde ‘{'x' * 100}’"}]


def test_empty_filter_values_filter_nothing_as_on_the_html_page(client, db, region):
    """The API reads its filters as the HTML list does (one resolver): an empty value is no filter."""
    meeting = factories.vergadering(db, region.zeist_raad)
    response = client.get("/api/v1/vergaderingen?gemeente=&regeling=&orgaan=")
    assert response.status_code == 200, response.text
    assert [m["id"] for m in response.json()["items"]] == [meeting.id]


def test_meeting_list_takes_a_fixed_number_of_queries(client, db, connection, region):
    """No query per meeting (or per body): 1 and 3 meetings, each of two bodies, cost the same."""
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    def queries() -> int:
        statements.clear()
        sa.event.listen(connection, "before_cursor_execute", count)
        try:
            assert client.get("/api/v1/vergaderingen").status_code == 200
        finally:
            sa.event.remove(connection, "before_cursor_execute", count)
        return len(statements)

    factories.vergadering(db, region.zeist_raad, region.utrecht_raad)
    one = queries()
    for day in (2, 3):
        factories.vergadering(db, region.zeist_raad, region.ab, start=datetime(2027, 2, day, 18, tzinfo=UTC))
    assert queries() == one


# --- writing meetings ------------------------------------------------------------------------------------------


def new_meeting(**overrides) -> dict:
    return {"organen": ["zeist-raad"], "naam": "Raadsvergadering", "start": "2027-01-26T19:30:00+01:00",
            "einde": "2027-01-26T22:30:00+01:00", "locatie": "Raadzaal", **overrides}


def test_post_creates_a_meeting_201_with_location(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    response = client.post("/api/v1/vergaderingen", json=new_meeting(online_url="https://meet.example.nl/raad"),
                           headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["location"] == f"{BASE}/api/v1/vergaderingen/{body['id']}"
    assert response.headers["etag"] == '"1"'
    assert body["start"] == "2027-01-26T19:30:00+01:00" and body["versie"] == 1 and body["sequence"] == 0
    assert body["online_url"] == "https://meet.example.nl/raad"
    stored = db.get(Vergadering, body["id"])
    assert stored.start == datetime(2027, 1, 26, 18, 30, tzinfo=UTC)
    assert client.get(response.headers["location"]).json() == body


@pytest.mark.parametrize("overrides, field, reason", [
    ({"start": "2027-01-26T19:30:00"}, "start", "geef een tijdstip met tijdzone"),
    ({"einde": "2027-01-26T19:30:00+01:00"}, "", "het einde moet na het begin liggen"),
    ({"einde": "2027-01-26T18:00:00+01:00"}, "", "het einde moet na het begin liggen"),
    ({"organen": []}, "organen", ""),
    ({"kleur": "rood"}, "kleur", ""),
])
def test_post_with_an_invalid_body_is_a_422_with_invalid_params(client, db, region, overrides, field, reason):
    headers = bearer(db, ("griffier", region.zeist))
    body = problem_of(client.post("/api/v1/vergaderingen", json=new_meeting(**overrides), headers=headers), 422)
    assert body["title"] == "Ongeldige invoer"
    assert body["detail"].startswith("De invoer klopt niet")
    assert any(p["name"] == field and reason in p["reason"] for p in body["invalid-params"]), body
    assert db.exec(select(Vergadering)).all() == []


def test_post_with_an_unknown_orgaan_is_422(client, db, region):
    body = problem_of(client.post("/api/v1/vergaderingen", json=new_meeting(organen=["nergens"]),
                                  headers=bearer(db, ("beheerder",))), 422)
    assert body["detail"] == "Onbekend orgaan: nergens."


def test_anonymous_write_is_401_with_www_authenticate(client, region):
    response = client.post("/api/v1/vergaderingen", json=new_meeting())
    body = problem_of(response, 401)
    assert body["title"] == "Niet ingelogd"
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize("method, path, body", [
    ("POST", "", {"organen": [], "start": "morgen"}),
    ("POST", "", [1, 2]),
    ("PATCH", "/1", {"versie": 0, "status": "verplaatst"}),
    ("PATCH", "/abc", {}),
    ("DELETE", "/abc", None),
])
def test_anonymous_write_is_401_before_the_body_or_path_is_checked(client, db, region, method, path, body):
    factories.vergadering(db, region.zeist_raad)
    response = client.request(method, f"/api/v1/vergaderingen{path}", json=body)
    assert problem_of(response, 401)["detail"] == "Log in om dit te doen."
    assert response.headers["www-authenticate"].startswith("Bearer")


def patch(client, meeting_id: int, headers: dict, **changes):
    return client.patch(f"/api/v1/vergaderingen/{meeting_id}", json=changes, headers=headers)


def test_patch_raises_versie_always_and_sequence_only_for_time_place_or_status(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad", locatie="Raadzaal")

    renamed = patch(client, meeting.id, headers, versie=1, naam="Begrotingsraad")
    assert renamed.status_code == 200, renamed.text
    assert (renamed.json()["versie"], renamed.json()["sequence"]) == (2, 0)
    assert renamed.headers["etag"] == '"2"'

    moved = patch(client, meeting.id, headers, versie=2, start="2027-01-26T20:00:00+01:00")
    assert (moved.json()["versie"], moved.json()["sequence"]) == (3, 1)
    assert moved.json()["start"] == "2027-01-26T20:00:00+01:00"
    assert moved.json()["naam"] == "Begrotingsraad"  # untouched fields stay

    relocated = patch(client, meeting.id, headers, versie=3, locatie="Online")
    assert (relocated.json()["versie"], relocated.json()["sequence"]) == (4, 2)

    unchanged = patch(client, meeting.id, headers, versie=4, locatie="Online")
    assert (unchanged.json()["versie"], unchanged.json()["sequence"]) == (4, 2)

    db.expire_all()
    stored = db.get(Vergadering, meeting.id)
    assert (stored.naam, stored.locatie, stored.versie, stored.sequence) == ("Begrotingsraad", "Online", 4, 2)


def test_patch_with_a_stale_versie_is_409_and_changes_nothing(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad")
    assert patch(client, meeting.id, headers, versie=1, naam="Eerste wijziging").status_code == 200

    body = problem_of(patch(client, meeting.id, headers, versie=1, naam="Tweede wijziging",
                            start="2027-01-26T20:00:00+01:00"), 409)
    assert body["title"] == "Conflict"
    assert "intussen gewijzigd" in body["detail"]

    db.expire_all()
    stored = db.get(Vergadering, meeting.id)
    assert (stored.naam, stored.versie, stored.sequence) == ("Eerste wijziging", 2, 0)
    assert stored.start == datetime(2027, 1, 26, 18, 30, tzinfo=UTC)


def test_patch_takes_the_versie_from_if_match(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad")

    ok = client.patch(f"/api/v1/vergaderingen/{meeting.id}", json={"naam": "Nieuw"}, headers={**headers,
                                                                                           "If-Match": '"1"'})
    assert ok.status_code == 200 and ok.json()["versie"] == 2
    stale = client.patch(f"/api/v1/vergaderingen/{meeting.id}", json={"naam": "Ouder"},
                         headers={**headers, "If-Match": '"1"'})
    problem_of(stale, 409)
    differ = client.patch(f"/api/v1/vergaderingen/{meeting.id}", json={"versie": 2, "naam": "X"},
                          headers={**headers, "If-Match": '"1"'})
    assert problem_of(differ, 422)["invalid-params"][0]["name"] == "versie"
    without = problem_of(patch(client, meeting.id, headers, naam="Zonder versie"), 422)
    assert without["invalid-params"][0]["name"] == "versie"
    problem_of(client.patch(f"/api/v1/vergaderingen/{meeting.id}", json={"naam": "Y"},
                            headers={**headers, "If-Match": "W/1"}), 422)
    db.expire_all()
    assert db.get(Vergadering, meeting.id).naam == "Nieuw"


@pytest.mark.parametrize("changes", [{"versie": 1, "einde": "2027-01-26T18:00:00+01:00"},
                                     {"versie": 1, "start": "2027-01-26T19:30:00"},
                                     {"versie": 1, "status": "verplaatst"},
                                     {"versie": 0, "naam": "x"}])
def test_patch_with_an_invalid_body_is_422(client, db, region, changes):
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad")
    problem_of(patch(client, meeting.id, bearer(db, ("griffier", region.zeist)), **changes), 422)
    db.expire_all()
    assert db.get(Vergadering, meeting.id).versie == 1


def test_patch_of_an_unknown_meeting_is_404(client, db, region):
    problem_of(patch(client, 999999, bearer(db, ("beheerder",)), versie=1, naam="x"), 404)


def test_cancelling_is_a_status_change_and_the_meeting_stays_visible(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad")

    response = patch(client, meeting.id, headers, versie=1, status="geannuleerd")
    assert response.status_code == 200
    assert response.json()["status"] == "geannuleerd" and response.json()["sequence"] == 1

    shown = client.get(f"/api/v1/vergaderingen/{meeting.id}")
    assert shown.status_code == 200 and shown.json()["status"] == "geannuleerd"
    assert [m["id"] for m in client.get("/api/v1/vergaderingen").json()["items"]] == [meeting.id]


def test_delete_is_204_then_410_gone_and_the_row_is_kept(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Vergissing")

    response = client.delete(f"/api/v1/vergaderingen/{meeting.id}", headers=headers)
    assert response.status_code == 204 and response.content == b""

    db.expire_all()
    stored = db.get(Vergadering, meeting.id)
    assert stored is not None and stored.deleted_at is not None
    gone = problem_of(client.get(f"/api/v1/vergaderingen/{meeting.id}"), 410)
    assert gone["title"] == "Verwijderd"
    when = stored.deleted_at.astimezone(ZoneInfo("Europe/Amsterdam"))
    assert gone["detail"] == f"Vergadering {meeting.id} is verwijderd op {format_datetime(when, WHEN, locale='nl')}."
    assert gone["deleted_at"] == when.isoformat()
    assert client.get("/api/v1/vergaderingen").json()["items"] == []
    problem_of(client.delete(f"/api/v1/vergaderingen/{meeting.id}", headers=headers), 404)


def test_gewijzigd_sinds_lists_changes_in_order_with_tombstones_for_deletions(client, db, region):
    def at(minute: int) -> datetime:
        return datetime(2027, 1, 20, 9, minute, tzinfo=UTC)

    old = factories.vergadering(db, region.zeist_raad, naam="Oud", modified_at=at(0))
    late = factories.vergadering(db, region.zeist_raad, naam="Later gewijzigd", modified_at=at(30),
                                 start=datetime(2027, 1, 1, 18, tzinfo=UTC))
    gone = factories.vergadering(db, region.zeist_raad, naam="Weg", modified_at=at(20))
    other = factories.vergadering(db, region.utrecht_raad, naam="Utrecht", modified_at=at(10))
    db.execute(sa.update(Vergadering).where(Vergadering.id == gone.id).values(deleted_at=at(20), modified_at=at(20)))
    db.flush()

    body = client.get("/api/v1/vergaderingen?gewijzigd_sinds=2027-01-20T10:10:00%2B01:00").json()
    assert body["total"] == 3
    assert [(m["id"], m["deleted"]) for m in body["items"]] == [(other.id, False), (gone.id, True),
                                                                 (late.id, False)]  # by modified_at, not start
    assert body["items"][1] == {
        "id": gone.id, "deleted": True, "deleted_at": "2027-01-20T10:20:00+01:00",
        "modified_at": "2027-01-20T10:20:00+01:00", "url": f"{BASE}/vergaderingen/{gone.id}",
        "api_url": f"{BASE}/api/v1/vergaderingen/{gone.id}",
    }
    assert body["items"][2]["naam"] == "Later gewijzigd"
    assert [m["id"] for m in client.get(
        "/api/v1/vergaderingen?gemeente=GM0355&gewijzigd_sinds=2027-01-20T09:15:00Z").json()["items"]] == [
        gone.id, late.id]
    # Without it: live meetings only, by start, each marked as not deleted.
    plain = client.get("/api/v1/vergaderingen").json()["items"]
    assert [(m["id"], m["deleted"]) for m in plain] == [(late.id, False), (old.id, False), (other.id, False)]
    assert problem_of(client.get("/api/v1/vergaderingen?gewijzigd_sinds=gisteren"),
                      422)["invalid-params"][0]["name"] == "gewijzigd_sinds"


def test_delete_with_a_stale_if_match_is_409(client, db, region):
    headers = bearer(db, ("griffier", region.zeist))
    meeting = factories.vergadering(db, region.zeist_raad, naam="Raad")
    assert patch(client, meeting.id, headers, versie=1, naam="Gewijzigd").status_code == 200
    problem_of(client.delete(f"/api/v1/vergaderingen/{meeting.id}", headers={**headers, "If-Match": '"1"'}), 409)
    assert client.delete(f"/api/v1/vergaderingen/{meeting.id}",
                         headers={**headers, "If-Match": '"2"'}).status_code == 204


# --- OpenAPI ---------------------------------------------------------------------------------------------------


def test_openapi_lists_the_api_and_nothing_else(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert set(spec["paths"]) == {
        "/api/v1/gemeenten", "/api/v1/gemeenten/{code}", "/api/v1/regelingen", "/api/v1/regelingen/{slug}",
        "/api/v1/organen", "/api/v1/organen/{slug}", "/api/v1/vergaderingen", "/api/v1/vergaderingen/{id}",
        "/api/v1/regelingen/{slug}/pc-kalender/{jaar}", "/api/v1/regelingen/{slug}/pc-plan/{jaar}",
        "/api/v1/regelingen/{slug}/pc-plan/{jaar}/vaststellen", "/api/v1/regelingen/{slug}/gelijke-dag",
        "/api/v1/regelingen/{slug}/gelijke-dag/vaststellen", "/api/v1/regelingen/{slug}/raadstafel/{jaar}",
        "/api/v1/regelingen/{slug}/raadstafel/{jaar}/vaststellen", "/api/v1/regelingen/{slug}/carrousel/{jaar}",
        "/api/v1/regelingen/{slug}/carrousel/{jaar}/vaststellen",
        "/api/v1/voorstellen", "/api/v1/voorstellen/{id}", "/api/v1/voorstellen/{id}/verzenden",
        "/api/v1/voorstellen/{id}/advies", "/api/v1/voorstellen/{id}/besluit", "/api/v1/voorstellen/{id}/publicatie",
        "/api/v1/voorstellen/{id}/correcties", "/api/v1/voorstellen/{id}/behandelingen/{behandeling_id}/uitkomst",
        "/api/v1/voorstellen/{id}/behandelingen/{behandeling_id}/antwoord",
        "/api/v1/stemmingen", "/api/v1/stemmingen/{id}", "/api/v1/regelingen/{slug}/stemregels",
        "/api/v1/regelingen/{slug}/convocatieverzoeken", "/api/v1/regelingen/{slug}/convocatieregels",
        "/api/v1/convocatieverzoeken/{id}", "/api/v1/convocatieverzoeken/{id}/steun",
        "/api/v1/convocatieverzoeken/{id}/steun/{gemeente_code}", "/api/v1/convocatieverzoeken/{id}/intrekken",
        "/api/v1/convocatieverzoeken/{id}/bijeenroepen",
        "/api/v1/regelingen/{slug}/verantwoordingsbijeenkomsten",
        "/api/v1/regelingen/{slug}/verantwoordingsbijeenkomsten/beschikbaarheid",
        "/api/v1/verantwoordingsbijeenkomsten/{id}",
        "/api/v1/verantwoordingsbijeenkomsten/{id}/aanwezigheid/{gemeente_code}",
        "/api/v1/mijn/abonnementen",
        "/api/v1/zoekresultaten",
    }
    assert set(spec["paths"]["/api/v1/vergaderingen"]) == {"get", "post"}
    assert set(spec["paths"]["/api/v1/vergaderingen/{id}"]) == {"get", "patch", "delete"}
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert {tag for op in operations for tag in op["tags"]} == {
        "Gemeenten", "Regelingen", "Organen", "Vergaderingen", "Planning", "Voorstellen", "Stemmingen",
        "Convocatieverzoeken", "Verantwoording", "Meldingen", "Zoeken",
    }
    for op in operations:
        problems = {code: r for code, r in op["responses"].items() if code.startswith(("4", "5"))}
        assert problems, op["operationId"]
        assert all(list(r["content"]) == [PROBLEM] for r in problems.values()), op["operationId"]
    patch_op = spec["paths"]["/api/v1/vergaderingen/{id}"]["patch"]
    assert set(patch_op["responses"]) == {"200", "401", "403", "404", "409", "422"}
    assert patch_op["security"] == [{"persoonlijk-token": []}]
    assert "VergaderingPublic" in spec["components"]["schemas"]
    # A list of meetings holds meetings or, with gewijzigd_sinds, tombstones of deleted ones: `deleted` tells which.
    schemas = spec["components"]["schemas"]
    page = spec["paths"]["/api/v1/vergaderingen"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    items = schemas[page["$ref"].split("/")[-1]]["properties"]["items"]["items"]
    assert items["discriminator"]["propertyName"] == "deleted"
    assert [ref["$ref"].split("/")[-1] for ref in items["oneOf"]] == ["VergaderingPublic", "VergaderingVerwijderd"]
    assert schemas["VergaderingVerwijderd"]["properties"]["deleted"]["const"] is True
    assert "deleted" in schemas["VergaderingPublic"]["required"]
    gone = spec["paths"]["/api/v1/vergaderingen/{id}"]["get"]["responses"]["410"]["content"][PROBLEM]["schema"]
    assert "deleted_at" in gone["properties"]
    params = {p["name"]: p for p in spec["paths"]["/api/v1/vergaderingen"]["get"]["parameters"]}
    assert "gewijzigd_sinds" in params
    for name in ("GemeentePublic", "RegelingPublic", "OrgaanSamenvatting"):
        assert {"created_at", "modified_at"} <= set(schemas[name]["required"]), name
    assert not any(name.endswith(("Gemeente", "Vergadering", "Regeling", "Orgaan"))
                   for name in spec["components"]["schemas"]), "table models must not leave through the API"


def test_problems_are_documented_from_the_errors_module():
    assert errors.problems(410)[410]["content"][PROBLEM]["schema"]["properties"]["deleted_at"]
    assert errors.problems(404)[404]["content"][PROBLEM]["schema"] == errors.Problem.model_json_schema(by_alias=True)
    assert not hasattr(pagination, "Problem") and not hasattr(pagination, "problems")


def test_validation_errors_speak_dutch(client, db):
    factories.gemeente(db, "Zeist")
    token = bearer(db, ("beheerder",))
    response = client.post(f"{BASE}/api/v1/vergaderingen", headers=token,
                           json={"organen": [], "start": "morgen", "einde": "2027-01-26T19:30:00", "extra": 1})
    assert response.status_code == 422
    reasons = {p["name"]: p["reason"] for p in response.json()["invalid-params"]}
    assert reasons["organen"] == "de lijst mag niet leeg zijn"
    assert reasons["start"].startswith("'morgen' is geen geldig tijdstip")
    assert reasons["einde"] == "geef een tijdstip met tijdzone, bijvoorbeeld 2027-01-26T19:30:00+01:00"
    assert reasons["extra"] == "onbekend veld ‘extra’"
    assert "Field required" not in response.text and "Value error" not in response.text
