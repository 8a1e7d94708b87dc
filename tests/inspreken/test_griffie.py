"""The griffier's list of speakers (with names and addresses) and the limit per agenda item: only for the griffie
of a gemeente whose body meets, the secretariaat of a regeling whose body meets, and a beheerder."""

import pytest
from sqlmodel import select

from app.gemeenten.models import Gemeente
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.organen.models import Orgaan, Soort
from tests import factories
from tests.helpers import csrf_from, login
from tests.inspreken.conftest import orgaan, punt, vergadering


def _verzoek(db, regio, naam="Jantine van Berkel", email="jantine@example.nl", **kw) -> Inspreekverzoek:
    row = Inspreekverzoek(agendapunt_id=regio.punt.id, naam=naam, email=email, onderwerp="De groene zone",
                          bevestig_hash=f"b{email}"[:64], annuleer_hash=f"a{email}"[:64], **kw)
    db.add(row)
    db.flush()
    return row


def lijst(regio) -> str:
    return f"/vergaderingen/{regio.vergadering.id}/insprekers"


def limiet(regio, p=None) -> str:
    return f"{lijst(regio)}/{(p or regio.punt).id}/limiet"


def test_the_griffier_sees_names_addresses_topics_and_status(client, db, regio):
    _verzoek(db, regio)
    _verzoek(db, regio, naam="Piet Post", email="piet@example.nl", status=Inspreekstatus.bevestigd)
    login(client, regio.griffier)
    page = client.get(lijst(regio))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    for tekst in ("Jantine van Berkel", "jantine@example.nl", "De groene zone", "Nog niet bevestigd", "Piet Post",
                  "Bevestigd", "Omgevingsvisie Zeist 2040", "<caption"):
        assert tekst in page.text
    assert f'href="{lijst(regio)}"' in client.get(f"/vergaderingen/{regio.vergadering.id}").text


def test_anonymous_visitors_are_sent_to_the_login(client, db, regio):
    _verzoek(db, regio)
    response = client.get(lijst(regio), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen?volgende=")
    assert "jantine" not in client.get(f"/vergaderingen/{regio.vergadering.id}").text


@pytest.mark.parametrize("wie", ["andere_griffier", "raadslid", "secretaris_elders"])
def test_others_get_a_403(client, db, regio, wie):
    _verzoek(db, regio)
    email = {"andere_griffier": regio.andere_griffier}.get(wie, f"{wie}@example.nl")
    if wie == "raadslid":
        factories.user(db, email, ("raadslid",))
    elif wie == "secretaris_elders":
        factories.user(db, email, ("secretaris", factories.regeling(db, "elders")))
    csrf = login(client, email)
    page = client.get(lijst(regio))
    assert page.status_code == 403 and "jantine" not in page.text
    assert client.post(limiet(regio), data={"max_insprekers": "3", CSRF: csrf}).status_code == 403
    assert db.get(Inspreekruimte, regio.punt.id) is None


CSRF = "csrf_token"


def test_a_beheerder_and_the_secretaris_of_a_meeting_regeling_see_the_list(client, db, regio):
    _verzoek(db, regio)
    regeling = factories.regeling(db, "odru", deelnemers=[regio.gemeente])
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    gezamenlijk = vergadering(db, regio.commissie, ab)
    punt(db, gezamenlijk, "Jaarstukken")
    factories.user(db, "secretaris@odru.example.nl", ("secretaris", regeling))
    factories.user(db, "beheer@example.nl", ("beheerder",))
    login(client, "secretaris@odru.example.nl")
    assert client.get(f"/vergaderingen/{gezamenlijk.id}/insprekers").status_code == 200
    assert client.get(lijst(regio)).status_code == 403
    client.cookies.clear()
    login(client, "beheer@example.nl")
    assert "jantine@example.nl" in client.get(lijst(regio)).text


def test_in_a_joint_meeting_only_who_manages_every_body_sets_the_limit(client, db, regio):
    bunnik = db.exec(select(Gemeente).where(Gemeente.slug == "bunnik")).one()
    commissie_b = orgaan(db, bunnik, Soort.commissie, "bunnik-ruimte")
    gezamenlijk = vergadering(db, regio.commissie, commissie_b)
    p = punt(db, gezamenlijk, "Regionale woonvisie")
    pad = f"/vergaderingen/{gezamenlijk.id}/insprekers"
    factories.user(db, "beheer@example.nl", ("beheerder",))
    csrf = login(client, regio.griffier)
    page = client.get(pad)
    assert page.status_code == 200 and f"/insprekers/{p.id}/limiet" not in page.text
    for waarde in ("0", "abc"):
        assert client.post(f"{pad}/{p.id}/limiet", data={"max_insprekers": waarde, CSRF: csrf}).status_code == 403
    db.expire_all()
    assert db.get(Inspreekruimte, p.id) is None
    client.cookies.clear()
    csrf = login(client, "beheer@example.nl")
    assert f"/insprekers/{p.id}/limiet" in client.get(pad).text
    response = client.post(f"{pad}/{p.id}/limiet", data={"max_insprekers": "0", CSRF: csrf}, follow_redirects=False)
    assert response.status_code == 303
    db.expire_all()
    assert db.get(Inspreekruimte, p.id).max_insprekers == 0


def test_the_griffier_sets_changes_and_removes_the_limit(client, db, regio):
    csrf = login(client, regio.griffier)
    response = client.post(limiet(regio), data={"max_insprekers": "3", CSRF: csrf}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].endswith(f"#punt-{regio.punt.id}")
    db.expire_all()
    assert db.get(Inspreekruimte, regio.punt.id).max_insprekers == 3
    page = client.get(lijst(regio)).text
    assert "Het maximum aantal insprekers is opgeslagen." in page and 'value="3"' in page
    assert "nog 3 plaatsen" in client.get(f"/vergaderingen/{regio.vergadering.id}").text

    client.post(limiet(regio), data={"max_insprekers": "0", CSRF: csrf})
    db.expire_all()
    assert db.get(Inspreekruimte, regio.punt.id).max_insprekers == 0
    assert "Inspreken: niet mogelijk" in client.get(f"/vergaderingen/{regio.vergadering.id}").text

    client.post(limiet(regio), data={"max_insprekers": "", CSRF: csrf})
    db.expire_all()
    assert db.get(Inspreekruimte, regio.punt.id) is None


@pytest.mark.parametrize("waarde", ["abc", "-1", "101", "2.5", "١", "9" * 30])
def test_a_bad_limit_comes_back_next_to_its_field(client, db, regio, waarde):
    csrf = login(client, regio.griffier)
    response = client.post(limiet(regio), data={"max_insprekers": waarde, CSRF: csrf})
    assert response.status_code == 422
    assert "Vul een aantal van 0 tot en met 100 in" in response.text
    veld = f"max-{regio.punt.id}"
    assert f'aria-describedby="{veld}-hint {veld}-fout"' in response.text
    assert db.get(Inspreekruimte, regio.punt.id) is None


def test_the_limit_form_needs_the_csrf_token(client, db, regio):
    login(client, regio.griffier)
    assert client.post(limiet(regio), data={"max_insprekers": "3"}).status_code == 403
    assert client.post(limiet(regio), data={"max_insprekers": "3", CSRF: "vals"}).status_code == 403
    assert db.get(Inspreekruimte, regio.punt.id) is None


def test_a_limit_for_an_item_of_another_meeting_is_a_404(client, db, regio):
    csrf = login(client, regio.griffier)
    ander = punt(db, vergadering(db, regio.commissie), "Elders")
    assert client.post(limiet(regio, ander), data={"max_insprekers": "3", CSRF: csrf}).status_code == 404


def test_the_list_form_carries_the_session_token(client, regio):
    login(client, regio.griffier)
    page = client.get(lijst(regio)).text
    assert csrf_from(page)
    assert f'action="{limiet(regio)}"' in page
