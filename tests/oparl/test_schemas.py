"""Every OParl object type the portal serves validates against the OParl 1.1 schemas, embedded objects included."""

import pytest

from tests.oparl.conftest import BASE, all_pages, body_key, validate

LISTS = ("organizations", "persons", "memberships", "meetings", "agendaitems", "papers", "consultations", "files",
         "locations", "legislativeterms")
ALL_TYPES = {"System", "Body", "Organization", "Person", "Membership", "Meeting", "AgendaItem", "Paper",
             "Consultation", "File", "Location", "LegislativeTerm"}


def test_every_object_type_validates_against_its_schema(client, regio):
    seen = {validate(client.get("/oparl/v1/system").json())}
    for body in all_pages(client, "/oparl/v1/bodies"):
        seen.add(validate(body))
        for attribute in ("organization", "person", "meeting", "paper", "membership", "agendaItem",
                          "consultation", "file", "locationList", "legislativeTermList"):
            for obj in all_pages(client, body[attribute]):
                seen.add(validate(obj))
                # The object at its own id is the same object, and validates too.
                single = client.get(obj["id"])
                assert single.status_code == 200, obj["id"]
                assert single.json() == obj
    assert seen == ALL_TYPES


def test_the_system_points_to_the_bodies(client, regio):
    system = client.get("/oparl/v1/system").json()
    assert system["id"] == f"{BASE}/system"
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    bodies = all_pages(client, system["body"])
    assert {b["id"] for b in bodies} >= {f"{BASE}/bodies/{body_key(regio.zeist)}",
                                         f"{BASE}/bodies/{body_key(regio.regeling)}"}


def test_a_regeling_s_body_lists_the_councils_it_works_with_as_external(client, regio):
    regeling = body_key(regio.regeling)
    organisations = {o["name"]: o for o in all_pages(client, f"{BASE}/bodies/{regeling}/organizations")}
    ab = organisations[regio.ab.naam]
    assert ab["id"] == f"{BASE}/organizations/{regio.ab.id}" and "externalBody" not in ab
    assert ab["body"] == f"{BASE}/bodies/{regeling}"
    # The Zeist council gives a zienswijze and meets jointly with the AB: listed here, belonging to Zeist.
    raad = organisations[regio.raad_zeist.naam]
    assert raad["externalBody"] == f"{BASE}/bodies/{body_key(regio.zeist)}"
    assert raad["body"] == f"{BASE}/bodies/{regeling}"
    assert raad["id"] != f"{BASE}/organizations/{regio.raad_zeist.id}"
    assert client.get(raad["id"]).json() == raad
    # Utrecht's council neither handles the voorstel nor meets with the AB.
    assert regio.raad_utrecht.naam not in organisations


def test_a_gemeente_s_body_lists_the_bodies_of_its_regelingen_as_external(client, regio):
    zeist = body_key(regio.zeist)
    organisations = {o["name"]: o for o in all_pages(client, f"{BASE}/bodies/{zeist}/organizations")}
    assert "externalBody" not in organisations[regio.raad_zeist.naam]
    assert organisations[regio.ab.naam]["externalBody"] == f"{BASE}/bodies/{body_key(regio.regeling)}"


def test_an_external_organisation_is_only_there_where_the_body_lists_it(client, regio):
    utrecht_raad_under_regeling = f"/oparl/v1/bodies/{body_key(regio.regeling)}/organizations/{regio.raad_utrecht.id}"
    response = client.get(utrecht_raad_under_regeling)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_membership_voting_right_and_on_behalf_of(client, regio):
    memberships = {m["id"]: m for m in all_pages(client, f"{BASE}/bodies/{body_key(regio.regeling)}/memberships")}
    lid = memberships[f"{BASE}/memberships/{regio.lidmaatschap.id}"]
    assert lid["votingRight"] is True
    assert lid["onBehalfOf"] == f"{BASE}/organizations/{regio.raad_zeist.id}"
    assert lid["startDate"] == "2022-04-01"
    raadslid = client.get(f"/oparl/v1/memberships/{regio.raadslid.id}").json()
    assert raadslid["onBehalfOf"] == f"{BASE}/fracties/{regio.fractie.id}"
    fractie = client.get(raadslid["onBehalfOf"]).json()
    assert fractie["name"] == "Zeister Belang" and fractie["memberCount"] == 4
    assert fractie["body"] == f"{BASE}/bodies/{body_key(regio.zeist)}"
    assert fractie in all_pages(client, f"{BASE}/bodies/{body_key(regio.zeist)}/organizations")
    validate(fractie)
    secretaris = next(m for m in memberships.values() if m["role"] == "Secretaris")
    assert secretaris["votingRight"] is False and "onBehalfOf" not in secretaris


def test_a_joint_meeting_names_every_organisation_and_a_cancelled_one_says_so(client, regio):
    joint = client.get(f"/oparl/v1/meetings/{regio.gezamenlijk.id}").json()
    assert set(joint["organization"]) == {f"{BASE}/organizations/{regio.ab.id}",
                                          f"{BASE}/organizations/{regio.raad_zeist.id}"}
    assert joint["cancelled"] is False
    assert joint["location"]["id"] == f"{BASE}/locations/{regio.gezamenlijk.id}"
    assert joint["location"]["geojson"]["geometry"]["coordinates"] == [5.23, 52.09]
    assert [item["name"] for item in joint["agendaItem"]] == ["Begroting 2028"]
    assert joint["start"] == "2027-02-03T19:30:00+01:00"
    # The joint meeting is in the lists of both bodies, as one object.
    for body in (regio.regeling, regio.zeist):
        ids = {m["id"] for m in all_pages(client, f"{BASE}/bodies/{body_key(body)}/meetings")}
        assert joint["id"] in ids
    cancelled = client.get(f"/oparl/v1/meetings/{regio.geannuleerd.id}").json()
    assert cancelled["cancelled"] is True and cancelled["meetingState"] == "Geannuleerd"
    assert "location" not in cancelled


def test_consultations_say_who_decides(client, regio):
    paper = client.get(f"/oparl/v1/papers/{regio.voorstel.id}").json()
    by_id = {c["id"]: c for c in paper["consultation"]}
    besluit = by_id[f"{BASE}/consultations/{regio.besluit.id}"]
    assert besluit["authoritative"] is True and besluit["role"] == "Besluit"
    assert besluit["agendaItem"] == f"{BASE}/agendaitems/{regio.punt.id}"
    assert besluit["meeting"] == f"{BASE}/meetings/{regio.gezamenlijk.id}"
    zienswijze = by_id[f"{BASE}/consultations/{regio.zienswijze.id}"]
    assert zienswijze["authoritative"] is False and zienswijze["role"] == "Zienswijze"
    assert paper["mainFile"]["accessUrl"] == "https://example.nl/begroting.pdf"
    assert paper["body"] == f"{BASE}/bodies/{body_key(regio.regeling)}"
    item = client.get(f"/oparl/v1/agendaitems/{regio.punt.id}").json()
    assert item["consultation"] == besluit["id"]


def test_a_concept_voorstel_and_its_files_stay_private(client, regio):
    assert client.get(f"/oparl/v1/papers/{regio.concept.id}").status_code == 404
    regeling = body_key(regio.regeling)
    names = {p["name"] for p in all_pages(client, f"{BASE}/bodies/{regeling}/papers")}
    assert names == {"Begroting 2028"}
    files = {f["name"] for f in all_pages(client, f"{BASE}/bodies/{regeling}/files")}
    assert files == {"Ontwerpbegroting"}


def test_legislative_terms_are_the_dutch_council_terms(client, regio):
    terms = all_pages(client, f"{BASE}/bodies/{body_key(regio.zeist)}/legislativeterms")
    assert [(t["startDate"], t["endDate"]) for t in terms] == [
        ("2018-03-21", "2022-03-15"), ("2022-03-16", "2026-03-17"), ("2026-03-18", "2030-03-19"),
        ("2030-03-20", "2034-03-14")]
    assert client.get(terms[1]["id"]).json() == terms[1]


@pytest.mark.parametrize("path", ["/oparl/v1/meetings/999999", "/oparl/v1/meetings/abc", "/oparl/v1/meetings/²",
                                  "/oparl/v1/bodies/gemeente-²", "/oparl/v1/things/1",
                                  "/oparl/v1/bodies/gemeente-999999", "/oparl/v1/bodies/stad-1",
                                  "/oparl/v1/bodies/gemeente-999999/meetings", "/oparl/v1/nergens"])
def test_unknown_objects_are_a_dutch_404_problem(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["title"] == "Niet gevonden"
    assert "bestaat niet" in response.json()["detail"]


def test_the_api_is_read_only_and_open_to_other_sites(client, regio):
    response = client.post("/oparl/v1/system")
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert client.get("/oparl/v1/system").headers["access-control-allow-origin"] == "*"
    head = client.head(f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
