"""Subscriptions per regeling and kind: the page Mijn meldingen and the API /api/v1/mijn/abonnementen."""

import pytest
from sqlmodel import Session, select

from app.berichten.meldingen import abonnees
from app.berichten.models import Abonnement, Melding
from tests import factories
from tests.helpers import csrf_from, login
from tests.test_api import bearer

pytestmark = pytest.mark.db

GRIFFIER = "griffie@zeist.example.nl"


@pytest.fixture
def wereld(db: Session):
    zeist = factories.gemeente(db, "Zeist")
    vru = factories.regeling(db, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist])
    ggd = factories.regeling(db, slug="ggd", naam="GGD regio Utrecht")  # Zeist takes no part
    factories.user(db, GRIFFIER, ("griffier", zeist))
    return zeist, vru, ggd


def _abonnement(db: Session, regeling) -> Abonnement | None:
    row = db.exec(select(Abonnement).where(Abonnement.email == GRIFFIER, Abonnement.regeling_id == regeling.id)).first()
    if row is not None:
        db.refresh(row)
    return row


def test_mijn_meldingen_needs_a_login(client, wereld):
    response = client.get("/mijn/meldingen", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/inloggen?volgende=%2Fmijn%2Fmeldingen"


def test_a_griffier_chooses_kinds_per_regeling_and_ticking_none_ends_it(client, db, wereld):
    _, vru, ggd = wereld
    login(client, GRIFFIER)
    page = client.get("/mijn/meldingen")
    assert page.status_code == 200
    assert "Veiligheidsregio Utrecht" in page.text  # their gemeente takes part
    assert f'value="{vru.id}:drempel_bereikt"' in page.text
    assert '<option value="ggd">GGD regio Utrecht</option>' in page.text  # another one, to follow as well
    token = csrf_from(page.text)

    kies = {"csrf_token": token, "regeling": [str(vru.id)],
            "keuze": [f"{vru.id}:drempel_bereikt", f"{vru.id}:bijeengeroepen"]}
    response = client.post("/mijn/meldingen", data=kies, follow_redirects=False)
    assert response.status_code == 303
    assert _abonnement(db, vru).soorten == ["drempel_bereikt", "bijeengeroepen"]
    assert [a.email for a in abonnees(db, regeling_id=vru.id, soort=Melding.bijeengeroepen)] == [GRIFFIER]
    assert abonnees(db, regeling_id=vru.id, soort=Melding.antwoord) == []
    assert "Uw keuzes zijn opgeslagen." in client.get("/mijn/meldingen").text

    alles = {**kies, "keuze": [f"{vru.id}:{m.value}" for m in Melding]}
    client.post("/mijn/meldingen", data=alles)
    assert _abonnement(db, vru).soorten == []  # every kind, also those added later
    assert "U krijgt alle meldingen" in client.get("/mijn/meldingen").text

    client.post("/mijn/meldingen", data={"csrf_token": token, "regeling": [str(vru.id)]})
    assert _abonnement(db, vru).opgezegd_at is not None
    assert abonnees(db, regeling_id=vru.id, soort=Melding.bijeengeroepen) == []

    # Following another regeling: every kind; an empty choice is an error next to the field.
    assert client.post("/mijn/meldingen/volgen", data={"csrf_token": token, "regeling": "ggd"},
                       follow_redirects=False).status_code == 303
    assert _abonnement(db, ggd).soorten == [] and _abonnement(db, ggd).opgezegd_at is None
    fout = client.post("/mijn/meldingen/volgen", data={"csrf_token": token, "regeling": ""})
    assert fout.status_code == 422 and "Kies de regeling die u wilt volgen." in fout.text
    assert client.post("/mijn/meldingen/volgen", data={"csrf_token": token, "regeling": "kwijt"}).status_code == 404


def test_the_form_refuses_forgery_and_tampering(client, db, wereld):
    _, vru, _ = wereld
    login(client, GRIFFIER)
    token = csrf_from(client.get("/mijn/meldingen").text)
    zonder = client.post("/mijn/meldingen", data={"regeling": [str(vru.id)], "keuze": [f"{vru.id}:antwoord"]})
    assert zonder.status_code == 403
    vreemd = client.post("/mijn/meldingen", data={"csrf_token": token, "regeling": [str(vru.id)],
                                                  "keuze": [f"{vru.id}:spam"]})
    assert vreemd.status_code == 422 and "niet compleet" in vreemd.text
    kwijt = client.post("/mijn/meldingen", data={"csrf_token": token, "regeling": ["999999"],
                                                 "keuze": ["999999:antwoord"]})
    assert kwijt.status_code == 404
    assert _abonnement(db, vru) is None


def test_api_get_and_put_my_subscriptions(client, db, wereld):
    _, vru, ggd = wereld
    assert client.get("/api/v1/mijn/abonnementen").status_code == 401
    assert client.put("/api/v1/mijn/abonnementen", json={"abonnementen": []}).status_code == 401
    headers = bearer(db, ("griffier", wereld[0]))
    assert client.get("/api/v1/mijn/abonnementen", headers=headers).json() == []

    body = {"abonnementen": [{"regeling": "vru", "soorten": ["antwoord", "zienswijzetermijn"]},
                             {"regeling": "ggd", "alle": True}]}
    response = client.put("/api/v1/mijn/abonnementen", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"regeling": "ggd", "regeling_naam": "GGD regio Utrecht", "alle": True, "soorten": [m.value for m in Melding]},
        {"regeling": "vru", "regeling_naam": "Veiligheidsregio Utrecht", "alle": False,
         "soorten": ["zienswijzetermijn", "antwoord"]},
    ]
    assert client.get("/api/v1/mijn/abonnementen", headers=headers).json() == response.json()

    # The list replaces: vru left out is ended.
    kort = client.put("/api/v1/mijn/abonnementen", json={"abonnementen": [{"regeling": "ggd", "alle": True}]},
                      headers=headers)
    assert [a["regeling"] for a in kort.json()] == ["ggd"]
    assert client.put("/api/v1/mijn/abonnementen", json={"abonnementen": []}, headers=headers).json() == []


@pytest.mark.parametrize("body, reden", [
    ({"abonnementen": [{"regeling": "kwijt", "alle": True}]}, "er is geen regeling ‘kwijt’"),
    ({"abonnementen": [{"regeling": "vru"}]}, "kies ten minste één soort"),
    ({"abonnementen": [{"regeling": "vru", "soorten": ["spam"]}]}, "antwoord"),
    ({"abonnementen": [{"regeling": "vru", "alle": True}, {"regeling": "vru", "alle": True}]}, "dubbel: vru"),
    ({"abonnementen": [{"regeling": "vru", "alle": True, "extra": 1}]}, ""),
])
def test_api_refuses_bad_subscriptions_with_a_dutch_422(client, db, wereld, body, reden):
    headers = bearer(db, ("griffier", wereld[0]))
    response = client.put("/api/v1/mijn/abonnementen", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert reden in response.text
    assert client.get("/api/v1/mijn/abonnementen", headers=headers).json() == []


def test_subscribing_again_after_unsubscribing_reuses_the_row(client, db, wereld):
    _, vru, _ = wereld
    headers = bearer(db, ("griffier", wereld[0]))
    volg = {"abonnementen": [{"regeling": "vru", "alle": True}]}
    for body in (volg, {"abonnementen": []}, volg):
        assert client.put("/api/v1/mijn/abonnementen", json=body, headers=headers).status_code == 200
    rows = db.exec(select(Abonnement).where(Abonnement.regeling_id == vru.id)).all()
    assert len(rows) == 1
    db.refresh(rows[0])
    assert rows[0].opgezegd_at is None and rows[0].gebruiker_id is not None


RAADSLID = "raadslid@zeist.example.nl"


@pytest.fixture
def raadslid(db: Session, wereld):
    """A council member of Zeist (a Persoon linked to the user) who sits in the AB of a regeling Zeist takes no
    part in, with memberships that ended yesterday and start tomorrow in two more."""
    from datetime import date, timedelta

    from app.organen.models import Lidmaatschap, Orgaan, Soort

    zeist, vru, ggd = wereld
    odrn = factories.regeling(db, slug="odrn", naam="Omgevingsdienst regio Nijmegen")
    oud = factories.regeling(db, slug="oud", naam="Oude regeling")
    later = factories.regeling(db, slug="later", naam="Latere regeling")
    persoon = factories.persoon(db, "R. Aadslid", gemeente_id=zeist.id)
    factories.user(db, RAADSLID, persoon_id=persoon.id)
    vandaag = date.today()
    for regeling, start, einde in ((odrn, None, None), (ggd, vandaag, vandaag),
                                   (oud, None, vandaag - timedelta(days=1)),
                                   (later, vandaag + timedelta(days=1), None)):
        ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id,
                                          Orgaan.soort == Soort.algemeen_bestuur)).one()
        db.add(Lidmaatschap(persoon_id=persoon.id, orgaan_id=ab.id, start=start, einde=einde))
    db.flush()
    return vru, ggd, odrn, oud, later


def test_a_raadslid_sees_the_regelingen_of_their_gemeente_and_their_current_bodies(client, raadslid):
    vru, ggd, odrn, oud, later = raadslid
    login(client, RAADSLID)
    page = client.get("/mijn/meldingen")
    assert page.status_code == 200, page.text
    # Their own: vru (Zeist takes part), odrn (member without dates), ggd (member from today until today).
    for eigen in (vru, ggd, odrn):
        assert f'value="{eigen.id}:antwoord"' in page.text
    assert page.text.count("U hebt een rol bij deze regeling") == 3
    # A membership that ended yesterday or starts tomorrow is no role: only to follow.
    for ander in (oud, later):
        assert f'value="{ander.id}:antwoord"' not in page.text
        assert f'<option value="{ander.slug}">{ander.naam}</option>' in page.text

    token = csrf_from(page.text)
    response = client.post("/mijn/meldingen", data={"csrf_token": token, "regeling": [str(odrn.id)],
                                                    "keuze": [f"{odrn.id}:antwoord"]}, follow_redirects=False)
    assert response.status_code == 303
    assert "Uw keuzes zijn opgeslagen." in client.get("/mijn/meldingen").text


def test_api_a_raadslid_manages_their_subscriptions(client, db, raadslid):
    from app.accounts import service as accounts

    _, plain = accounts.create_token(db, email=RAADSLID)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/mijn/abonnementen", headers=headers).json() == []
    body = {"abonnementen": [{"regeling": "odrn", "soorten": ["antwoord"]}]}
    response = client.put("/api/v1/mijn/abonnementen", json=body, headers=headers)
    assert response.status_code == 200, response.text
    assert response.json() == [{"regeling": "odrn", "regeling_naam": "Omgevingsdienst regio Nijmegen", "alle": False,
                                "soorten": ["antwoord"]}]
    assert client.get("/api/v1/mijn/abonnementen", headers=headers).json() == response.json()
