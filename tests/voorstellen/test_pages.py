"""The management pages: drafting, the secretaris's steps, the griffier's outcome; login, roles, errors, CSRF."""

import re

from sqlmodel import select

from app.organen.models import Orgaan
from app.voorstellen import service
from app.voorstellen.models import Behandeling, Voorstel, VoorstelSoort
from tests import factories
from tests.helpers import login
from tests.voorstellen.conftest import VERZONDEN

SECRETARIS = "sec@vru.pages.example.nl"
GRIFFIER = "griffie@zeist.pages.example.nl"


def _verzonden(db, opzet) -> Voorstel:
    v = service.maak(db, actor=opzet.secretaris, regeling="vru", titel="Ontwerpbegroting 2027",
                     soort=VoorstelSoort.begroting)
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1)
    return v


def _zeist(db, v, opzet) -> Behandeling:
    return db.exec(select(Behandeling).join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
                   .where(Behandeling.voorstel_id == v.id, Orgaan.gemeente_id == opzet.zeist.id)).one()


def test_anonymous_users_are_sent_to_the_login_page(client, db, opzet):
    v = _verzonden(db, opzet)
    for pad in (f"/voorstellen/{v.id}/beheer", f"/voorstellen/{v.id}/behandelingen/{_zeist(db, v, opzet).id}",
                "/regelingen/vru/voorstellen/nieuw"):
        response = client.get(pad, follow_redirects=False)
        assert response.status_code == 303 and response.headers["location"].startswith("/inloggen?volgende=")


def test_the_secretaris_drafts_and_sends_a_voorstel(client, db, opzet):
    factories.user(db, SECRETARIS, ("secretaris", opzet.regeling), naam="Sam Secretaris")
    token = login(client, SECRETARIS)
    page = client.get("/regelingen/vru/voorstellen/nieuw")
    assert page.status_code == 200 and "Concept opslaan" in page.text

    response = client.post("/regelingen/vru/voorstellen/nieuw", data={"csrf_token": token, "titel": "",
                                                                       "soort": "begroting"})
    assert response.status_code == 422 and "Geef het voorstel een titel." in response.text

    response = client.post("/regelingen/vru/voorstellen/nieuw", follow_redirects=False, data={
        "csrf_token": token, "titel": "Ontwerpbegroting 2027", "soort": "begroting", "toelichting": "",
        "document_titel": "Begroting", "document_url": "https://vru.example.nl/b.pdf"})
    assert response.status_code == 303
    beheer = response.headers["location"]
    voorstel_id = int(re.search(r"/voorstellen/(\d+)/beheer", beheer)[1])
    page = client.get(beheer)
    assert "Naar de raden sturen" in page.text and "Concept" in page.text

    response = client.post(f"/voorstellen/{voorstel_id}/beheer/verzenden",
                           data={"csrf_token": token, "versie": "1", "verzonden_op": "31-02-2026"})
    assert response.status_code == 422
    assert 'id="verzonden_op-fout"' in response.text and "bestaande datum" in response.text

    response = client.post(f"/voorstellen/{voorstel_id}/beheer/verzenden", follow_redirects=False,
                           data={"csrf_token": token, "versie": "1", "verzonden_op": "02-03-2026"})
    assert response.status_code == 303 and response.headers["location"] == f"/voorstellen/{voorstel_id}"
    assert db.get(Voorstel, voorstel_id).uiterlijk.isoformat() == "2026-06-09"

    # the same form again: the version is stale
    response = client.post(f"/voorstellen/{voorstel_id}/beheer/verzenden",
                           data={"csrf_token": token, "versie": "1", "verzonden_op": "02-03-2026"})
    assert response.status_code == 409 and "intussen gewijzigd" in response.text


def test_forms_without_the_csrf_token_are_refused(client, db, opzet):
    factories.user(db, SECRETARIS, ("secretaris", opzet.regeling))
    login(client, SECRETARIS)
    response = client.post("/regelingen/vru/voorstellen/nieuw", data={"titel": "X", "soort": "overig"})
    assert response.status_code == 403


def test_a_griffier_may_not_manage_the_voorstel(client, db, opzet):
    v = _verzonden(db, opzet)
    factories.user(db, GRIFFIER, ("griffier", opzet.zeist))
    login(client, GRIFFIER)
    assert client.get(f"/voorstellen/{v.id}/beheer").status_code == 403
    assert client.get("/regelingen/vru/voorstellen/nieuw").status_code == 403


def test_the_griffier_records_the_outcome_and_sees_the_advice(client, db, opzet):
    v = _verzonden(db, opzet)
    service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan="vru-raadstafel",
                        tekst="De Raadstafel steunt het voorstel.", besloten_op=VERZONDEN)
    b = _zeist(db, v, opzet)
    factories.user(db, GRIFFIER, ("griffier", opzet.zeist))
    token = login(client, GRIFFIER)
    pad = f"/voorstellen/{v.id}/behandelingen/{b.id}"
    page = client.get(pad)
    assert page.status_code == 200 and "De Raadstafel steunt het voorstel." in page.text

    response = client.post(pad, data={"csrf_token": token, "versie": "1", "uitkomst": "zienswijze", "tekst": "",
                                      "besloten_op": "2026-05-20"})
    assert response.status_code == 422 and 'id="tekst-fout"' in response.text

    data = {"csrf_token": token, "versie": "1", "uitkomst": "zienswijze", "tekst": "Houd de bijdrage gelijk.",
            "besloten_op": "2026-05-20"}
    response = client.post(pad, data=data, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == f"/voorstellen/{v.id}"
    db.refresh(b)
    assert b.tekst == "Houd de bijdrage gelijk."

    response = client.post(pad, data=data)  # submitted twice
    assert response.status_code == 409 and "iemand anders was u voor" in response.text

    utrecht = db.exec(select(Behandeling).where(Behandeling.voorstel_id == v.id, Behandeling.id != b.id,
                                                Behandeling.rol == "zienswijze")).one()
    assert client.get(f"/voorstellen/{v.id}/behandelingen/{utrecht.id}").status_code == 403


def test_the_secretaris_answers_decides_and_publishes_through_the_forms(client, db, opzet):
    v = _verzonden(db, opzet)
    b = _zeist(db, v, opzet)
    service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                              uitkomst="zienswijze", tekst="Houd de bijdrage gelijk.",
                              besloten_op=VERZONDEN.replace(month=5), versie=1)
    factories.user(db, SECRETARIS, ("secretaris", opzet.regeling))
    token = login(client, SECRETARIS)
    page = client.get(f"/voorstellen/{v.id}/beheer")
    assert "Zienswijze van Zeist" in page.text

    response = client.post(f"/voorstellen/{v.id}/beheer/antwoord/{b.id}", follow_redirects=False, data={
        "csrf_token": token, "versie": str(b.versie), "antwoord": "Wij houden haar gelijk.",
        "antwoord_op": "2026-06-10"})
    assert response.status_code == 303
    response = client.post(f"/voorstellen/{v.id}/beheer/besluit", data={
        "csrf_token": token, "versie": "2", "besluit": "aangenomen", "besluit_op": "2026-06-30",
        "stemming_id": "abc"})
    assert response.status_code == 422 and 'id="stemming_id-fout"' in response.text
    response = client.post(f"/voorstellen/{v.id}/beheer/besluit", follow_redirects=False, data={
        "csrf_token": token, "versie": "2", "besluit": "aangenomen", "besluit_op": "2026-06-30"})
    assert response.status_code == 303
    response = client.post(f"/voorstellen/{v.id}/beheer/publiceren", follow_redirects=False, data={
        "csrf_token": token, "versie": "3", "publicatie": "Staatscourant 2026, 30123",
        "gepubliceerd_op": "2026-07-10"})
    assert response.status_code == 303
    page = client.get(f"/voorstellen/{v.id}/beheer")
    assert "Corrigeren" in page.text and "Publiceren" not in page.text

    response = client.post(f"/voorstellen/{v.id}/beheer/corrigeren", follow_redirects=False, data={
        "csrf_token": token, "versie": "4", "reden": "Nummer verkeerd overgenomen.", "c_titel": "Ontwerpbegroting 2027",
        "c_besluit": "aangenomen", "c_besloten_op": "2026-06-30", "c_publicatie": "Staatscourant 2026, 30124",
        "c_gepubliceerd_op": "2026-07-10"})
    assert response.status_code == 303
    laatste = service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1]
    assert laatste.correctie and laatste.wijzigingen == {
        "publicatie": ["Staatscourant 2026, 30123", "Staatscourant 2026, 30124"]}


def test_the_management_and_public_pages_use_the_same_words(client, db, opzet):
    v = _verzonden(db, opzet)
    b = _zeist(db, v, opzet)
    factories.user(db, GRIFFIER, ("griffier", opzet.zeist), naam="Greet Griffier")
    login(client, GRIFFIER)
    formulier = client.get(f"/voorstellen/{v.id}/behandelingen/{b.id}").text
    assert ">Zienswijze ingediend</label>" in formulier and ">Geen zienswijze</label>" in formulier
    factories.user(db, SECRETARIS, ("secretaris", opzet.regeling), naam="Sam Secretaris")
    login(client, SECRETARIS)
    beheer = client.get(f"/voorstellen/{v.id}/beheer").text
    publiek = client.get(f"/voorstellen/{v.id}").text
    assert "<dd>Bij de raden</dd>" in beheer and "<dd>Bij de raden</dd>" in publiek


def test_the_public_timeline_shows_the_capacity_not_the_name(client, db, opzet):
    factories.user(db, GRIFFIER, ("griffier", opzet.zeist), naam="Greet Griffier")
    token = login(client, GRIFFIER)
    v = _verzonden(db, opzet)
    b = _zeist(db, v, opzet)
    response = client.post(f"/voorstellen/{v.id}/behandelingen/{b.id}", follow_redirects=False, data={
        "csrf_token": token, "versie": "1", "uitkomst": "geen_zienswijze", "besloten_op": "2026-05-20"})
    assert response.status_code == 303
    client.cookies.clear()  # a citizen
    publiek = client.get(f"/voorstellen/{v.id}").text
    assert "griffier van Zeist" in publiek and "Greet" not in publiek
    assert "secretaris van Veiligheidsregio Utrecht" in publiek
