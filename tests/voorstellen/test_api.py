"""The JSON API of a voorstel's life: one endpoint per step, problems in Dutch, on SQLite and PostgreSQL."""

from tests import factories
from tests.test_api import bearer
from tests.voorstellen.conftest import AB_DAG

PROBLEM = "application/problem+json"
BASE = "https://tussenruimte.test"


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    return response.json()


def _nieuw(client, headers, **extra):
    body = {"regeling": "vru", "titel": "Ontwerpbegroting 2027", "soort": "begroting",
            "documenten": [{"titel": "Begroting", "url": "https://vru.example.nl/b.pdf"}], **extra}
    return client.post("/api/v1/voorstellen", json=body, headers=headers)


def test_the_whole_life_of_a_voorstel_through_the_api(client, db, opzet):
    secretaris = bearer(db, ("secretaris", opzet.regeling))
    griffier = bearer(db, ("griffier", opzet.zeist))

    response = _nieuw(client, secretaris)
    assert response.status_code == 201, response.text
    v = response.json()
    assert response.headers["Location"] == v["api_url"] == f"{BASE}/api/v1/voorstellen/{v['id']}"
    assert (v["fase"], v["versie"], v["url"]) == ("concept", 1, f"{BASE}/voorstellen/{v['id']}")
    assert v["documenten"] == [{"titel": "Begroting", "url": "https://vru.example.nl/b.pdf",
                                "mime_type": "application/pdf"}]
    pad = f"/api/v1/voorstellen/{v['id']}"

    v = client.post(f"{pad}/verzenden", json={"versie": 1, "verzonden_op": "2026-03-02"}, headers=secretaris).json()
    assert (v["fase"], v["uiterlijk"]) == ("verzonden", "2026-06-09")
    assert v["uiterlijk_bron"].startswith("Wgr art. 35 lid 3")
    zeist = next(b for b in v["raden"] if b["gemeente"]["code"] == "GM0355")
    assert (zeist["rol"], zeist["uitkomst"], zeist["orgaan"]["soort"]) == ("zienswijze", None, "raad")

    body = {"versie": zeist["versie"], "uitkomst": "zienswijze", "tekst": "Houd de bijdrage gelijk.",
            "besloten_op": "2026-05-20"}
    response = client.post(f"{pad}/behandelingen/{zeist['id']}/uitkomst", json=body, headers=griffier)
    assert response.status_code == 200, response.text
    zeist = next(b for b in response.json()["raden"] if b["id"] == zeist["id"])
    assert (zeist["uitkomst"], zeist["tekst"]) == ("zienswijze", "Houd de bijdrage gelijk.")
    # the same submission again: its version is stale now
    again = client.post(f"{pad}/behandelingen/{zeist['id']}/uitkomst", json=body, headers=griffier)
    assert "intussen gewijzigd" in _problem(again, 409)["detail"]

    body = {"versie": zeist["versie"], "antwoord": "Wij houden de bijdrage gelijk.", "antwoord_op": "2026-06-16"}
    v = client.post(f"{pad}/behandelingen/{zeist['id']}/antwoord", json=body, headers=secretaris).json()
    assert next(b for b in v["raden"] if b["id"] == zeist["id"])["antwoord_op"] == "2026-06-16"

    response = client.post(f"{pad}/advies", json={"orgaan": "vru-raadstafel", "tekst": "Steun het voorstel.",
                                                  "besloten_op": "2026-04-01"}, headers=secretaris)
    assert [a["orgaan"]["naam"] for a in response.json()["advies"]] == ["Raadstafel VRU"]

    v = client.post(f"{pad}/besluit", json={"versie": v["versie"], "besluit": "aangenomen",
                                            "besloten_op": AB_DAG.isoformat()}, headers=secretaris).json()
    assert v["fase"] == "besloten"
    assert [w["sleutel"] for w in v["waarschuwingen"]] == ["woo_niet_gepubliceerd"]  # today is long past 14 July
    assert v["waarschuwingen"][0]["bron"] == "Wet open overheid"

    body = {"versie": v["versie"], "publicatie": "Staatscourant 2026, 30123", "gepubliceerd_op": "2026-07-10",
            "publicatie_url": "https://zoek.officielebekendmakingen.nl/stcrt-2026-30123.html"}
    v = client.post(f"{pad}/publicatie", json=body, headers=secretaris).json()
    assert (v["fase"], v["waarschuwingen"]) == ("gepubliceerd", [])

    body = {"versie": v["versie"], "reden": "Tikfout in de titel.", "velden": {"titel": "Ontwerpbegroting 2027 VRU"}}
    v = client.post(f"{pad}/correcties", json=body, headers=secretaris).json()
    assert v["titel"] == "Ontwerpbegroting 2027 VRU"
    stappen = [(g["soort"], g["correctie"]) for g in v["tijdlijn"]]
    assert stappen == [("opgesteld", False), ("verzonden", False), ("uitkomst", False), ("antwoord", False),
                       ("advies", False), ("besluit", False), ("gepubliceerd", False), ("correctie", True)]
    assert v["tijdlijn"][-1]["toelichting"] == "Tikfout in de titel."

    assert client.get(pad).json() == v  # the public read gives the same


def test_writes_need_a_login_and_the_right_role(client, db, opzet):
    assert _problem(_nieuw(client, {}), 401)["title"] == "Niet ingelogd"
    griffier = bearer(db, ("griffier", opzet.zeist))
    assert "secretaris" in _problem(_nieuw(client, griffier), 403)["detail"]

    v = _nieuw(client, bearer(db, ("secretaris", opzet.regeling))).json()
    client.post(f"/api/v1/voorstellen/{v['id']}/verzenden", json={"versie": 1, "verzonden_op": "2026-03-02"},
                headers=bearer(db, ("beheerder",)))
    utrecht = next(b for b in client.get(f"/api/v1/voorstellen/{v['id']}").json()["raden"]
                   if b["gemeente"]["code"] == "GM0344")
    body = {"versie": utrecht["versie"], "uitkomst": "geen_zienswijze", "besloten_op": "2026-05-20"}
    response = client.post(f"/api/v1/voorstellen/{v['id']}/behandelingen/{utrecht['id']}/uitkomst", json=body,
                           headers=griffier)
    assert "griffier van Utrecht" in _problem(response, 403)["detail"]


def test_bad_input_is_a_dutch_422(client, db, opzet):
    secretaris = bearer(db, ("secretaris", opzet.regeling))
    assert _problem(_nieuw(client, secretaris, regeling="bestaat-niet"), 422)["invalid-params"][0]["name"] \
        == "regeling"
    assert _problem(_nieuw(client, secretaris, soort="wet"), 422)
    v = _nieuw(client, secretaris).json()
    response = client.post(f"/api/v1/voorstellen/{v['id']}/verzenden",
                           json={"versie": 1, "verzonden_op": "2026-02-30"}, headers=secretaris)
    assert _problem(response, 422)["invalid-params"][0]["name"] == "verzonden_op"
    response = client.post(f"/api/v1/voorstellen/{v['id']}/verzenden",
                           json={"versie": 1, "verzonden_op": "2026-03-02", "ab_datum": "2026-03-05"},
                           headers=secretaris)
    assert "geen tijd" in _problem(response, 422)["detail"]
    assert _problem(_nieuw(client, secretaris), 409)  # the same draft twice


def test_unknown_voorstel_and_behandeling_are_404(client, db, opzet):
    assert _problem(client.get("/api/v1/voorstellen/999999"), 404)
    secretaris = bearer(db, ("secretaris", opzet.regeling))
    v = _nieuw(client, secretaris).json()
    response = client.post(f"/api/v1/voorstellen/{v['id']}/behandelingen/999999/antwoord",
                           json={"versie": 1, "antwoord": "x", "antwoord_op": "2026-06-01"}, headers=secretaris)
    assert _problem(response, 404)


def test_a_concept_is_404_for_all_but_the_secretaris_and_the_beheerder(client, db, opzet):
    secretaris = bearer(db, ("secretaris", opzet.regeling))
    v = _nieuw(client, secretaris).json()
    pad = f"/api/v1/voorstellen/{v['id']}"
    andere = factories.regeling(db, slug="andere", naam="Andere regeling", deelnemers=[opzet.zeist])
    for headers in ({}, bearer(db, ("griffier", opzet.zeist)), bearer(db, ("secretaris", andere))):
        assert "nog niet openbaar" in _problem(client.get(pad, headers=headers), 404)["detail"]
    assert client.get(pad, headers=secretaris).json()["fase"] == "concept"
    assert client.get(pad, headers=bearer(db, ("beheerder",))).json()["fase"] == "concept"
    client.post(f"{pad}/verzenden", json={"versie": 1, "verzonden_op": "2026-03-02"}, headers=secretaris)
    assert client.get(pad).json()["fase"] == "verzonden"  # public once sent to the councils
