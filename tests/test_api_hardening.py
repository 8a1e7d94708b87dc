"""Hostile input never makes the API fail: every answer is a Dutch problem (4xx), on SQLite and on PostgreSQL.

Each case here answered 500 (or English) once: numbers past what a database column holds, years that cannot be
converted to UTC, a NUL character PostgreSQL cannot store, a body that is no JSON or no UTF-8.
"""

import pytest

from app.vergaderingen.models import Vergadering
from tests import factories, test_api
from tests.test_api import BASE, bearer, new_meeting, problem_of

region = test_api.region  # the same fixture: two raden and a regeling

TOO_BIG = "99999999999999999999"
INT32_PAST = "2147483648"


@pytest.fixture
def beheerder(db, region) -> dict[str, str]:
    return bearer(db, ("beheerder",))


@pytest.mark.parametrize("meeting_id", [INT32_PAST, TOO_BIG, "0", "-1"])
@pytest.mark.parametrize("method", ["GET", "PATCH", "DELETE"])
def test_a_meeting_id_out_of_range_is_a_422_naming_it(client, beheerder, method, meeting_id):
    response = client.request(method, f"/api/v1/vergaderingen/{meeting_id}", headers=beheerder,
                              json={"versie": 1} if method == "PATCH" else None)
    body = problem_of(response, 422)
    [param] = body["invalid-params"]
    assert param["name"] == "id"
    assert param["reason"] in ("mag hoogstens 2147483647 zijn", "moet minstens 1 zijn")


@pytest.mark.parametrize("path", ["/api/v1/gemeenten", "/api/v1/regelingen", "/api/v1/organen",
                                  "/api/v1/vergaderingen"])
@pytest.mark.parametrize("query, reason", [
    (f"page={TOO_BIG}", "mag hoogstens 10000 zijn"),
    ("page_size=10000", "mag hoogstens 100 zijn"),
    ("page=1" + "0" * 5000, "verwacht een geheel getal"),
])
def test_absurd_pages_are_a_dutch_422(client, path, query, reason):
    body = problem_of(client.get(f"{path}?{query}"), 422)
    [param] = body["invalid-params"]
    assert param["name"] == query.split("=")[0]
    assert param["reason"].startswith(reason)
    assert len(body["detail"]) < 200  # the input is not echoed whole


@pytest.mark.parametrize("query, name", [
    ("tot=9999-12-31", "tot"),
    ("van=0001-01-01", "van"),
    ("van=0001-01-01T00:00:00%2B01:00", "van"),
    ("tot=9999-12-31T23:59:59-12:00", "tot"),
    ("van=1899-12-31", "van"),
    ("gewijzigd_sinds=0001-01-01T00:00:00Z", "gewijzigd_sinds"),
])
def test_a_filter_year_out_of_range_is_a_422_naming_the_parameter(client, region, query, name):
    body = problem_of(client.get(f"/api/v1/vergaderingen?{query}"), 422)
    assert body["invalid-params"] == [{"name": name, "reason": "kies een moment tussen de jaren 1900 en 2200"}]


def test_the_edges_of_the_year_range_are_accepted(client, region):
    assert client.get("/api/v1/vergaderingen?van=1900-01-01&tot=2200-12-31").status_code == 200


@pytest.mark.parametrize("year", ["9999", "0001"])
def test_a_meeting_in_an_absurd_year_is_a_422(client, db, region, beheerder, year):
    meeting = new_meeting(start=f"{year}-01-26T19:30:00+01:00", einde=f"{year}-01-26T22:30:00+01:00")
    body = problem_of(client.post("/api/v1/vergaderingen", json=meeting, headers=beheerder), 422)
    assert {p["name"] for p in body["invalid-params"]} == {"start", "einde"}
    assert body["invalid-params"][0]["reason"] == "kies een tijdstip tussen de jaren 1900 en 2200"
    existing = factories.vergadering(db, region.zeist_raad)
    patched = client.patch(f"/api/v1/vergaderingen/{existing.id}", headers=beheerder,
                           json={"versie": 1, "start": f"{year}-01-26T19:30:00+01:00"})
    assert problem_of(patched, 422)["invalid-params"][0]["name"] == "start"


@pytest.mark.parametrize("path", ["/api/v1/gemeenten", "/api/v1/organen"])
def test_a_long_search_is_a_422(client, path):
    body = problem_of(client.get(f"{path}?zoek={'a' * 101}"), 422)
    assert body["invalid-params"] == [{"name": "zoek", "reason": "te lang: hoogstens 100 tekens"}]


@pytest.mark.parametrize("url", [
    "/api/v1/gemeenten?zoek=a%00b", "/api/v1/gemeenten?provincie=%00", "/api/v1/gemeenten/GM%000355",
    "/api/v1/regelingen/a%00", "/api/v1/organen?zoek=%00", "/api/v1/organen/a%00",
    "/api/v1/vergaderingen?gemeente=%00", "/api/v1/vergaderingen?van=2027%00",
])
def test_a_nul_character_in_the_address_is_a_422(client, region, url):
    body = problem_of(client.get(url), 422)
    assert body["invalid-params"][0]["reason"] == "bevat een ongeldig teken (NUL)"


@pytest.mark.parametrize("field, value", [("naam", "a\u0000b"), ("locatie", "\u0000"), ("organen", ["zeist\u0000"])])
def test_a_nul_character_in_the_body_is_a_422(client, db, region, beheerder, field, value):
    body = problem_of(client.post("/api/v1/vergaderingen", json=new_meeting(**{field: value}), headers=beheerder),
                      422)
    assert body["invalid-params"][0]["name"].startswith(field)
    assert body["invalid-params"][0]["reason"] == "bevat een ongeldig teken (NUL)"
    meeting = factories.vergadering(db, region.zeist_raad)
    patched = client.patch(f"/api/v1/vergaderingen/{meeting.id}", json={"versie": 1, field: value},
                           headers=beheerder)
    assert problem_of(patched, 422)["invalid-params"][0]["reason"] == "bevat een ongeldig teken (NUL)"
    db.expire_all()
    assert db.get(Vergadering, meeting.id).versie == 1


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_a_body_that_is_no_json_is_a_dutch_422_on_the_body(client, db, region, beheerder, method):
    meeting = factories.vergadering(db, region.zeist_raad)
    url = "/api/v1/vergaderingen" + ("" if method == "POST" else f"/{meeting.id}")
    response = client.request(method, url, content=b'{"naam": "kapot', headers={
        **beheerder, "Content-Type": "application/json"})
    body = problem_of(response, 422)
    assert body["invalid-params"] == [{"name": "body", "reason": "geen geldige JSON (fout bij teken 9)"}]
    assert body["detail"] == "De invoer klopt niet: body: geen geldige JSON (fout bij teken 9)"
    assert "JSON decode error" not in response.text


def test_a_body_that_is_no_utf8_is_a_dutch_400(client, region, beheerder):
    response = client.post("/api/v1/vergaderingen", content=b'{"naam": "\xff\xfe"}',
                           headers={**beheerder, "Content-Type": "application/json"})
    body = problem_of(response, 400)
    assert body["detail"] == ("De inhoud van het verzoek kon niet worden gelezen. "
                              "Stuur geldige JSON, gecodeerd in UTF-8.")


@pytest.mark.parametrize("method, path, allow", [
    ("PUT", "/api/v1/vergaderingen/1", "GET, PATCH, DELETE"),
    ("POST", "/api/v1/vergaderingen/1", "GET, PATCH, DELETE"),
    ("DELETE", "/api/v1/vergaderingen", "GET, POST"),
    ("PUT", "/api/v1/gemeenten", "GET"),
])
def test_a_method_not_allowed_names_the_allowed_ones(client, method, path, allow):
    response = client.request(method, path)
    body = problem_of(response, 405)
    assert body["detail"] == "Deze handeling is op dit adres niet mogelijk."
    assert response.headers["allow"] == allow


def test_a_huge_version_is_a_conflict_not_a_crash(client, db, region, beheerder):
    meeting = factories.vergadering(db, region.zeist_raad)
    url = f"/api/v1/vergaderingen/{meeting.id}"
    problem_of(client.patch(url, json={"versie": int(TOO_BIG), "naam": "x"}, headers=beheerder), 409)
    problem_of(client.patch(url, json={"naam": "x"}, headers={**beheerder, "If-Match": f'"{TOO_BIG}"'}), 409)
    problem_of(client.delete(url, headers={**beheerder, "If-Match": f'"{TOO_BIG}"'}), 409)
    assert client.get(url).json()["api_url"] == f"{BASE}{url}"


def test_an_online_link_longer_than_its_column_is_a_422(client, db, region, beheerder):
    meeting = new_meeting(online_url="https://live.example.org/" + "u" * 1000)
    body = problem_of(client.post("/api/v1/vergaderingen", json=meeting, headers=beheerder), 422)
    assert body["invalid-params"][0]["name"] == "online_url"
    assert "500" in body["invalid-params"][0]["reason"]
