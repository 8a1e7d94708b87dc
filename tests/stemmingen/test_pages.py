"""The pages: a vote (public), recording one through the form (secretaris), and the voting rules."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from app.stemmingen.models import Stemming
from tests.helpers import csrf_from, login
from tests.stemmingen.conftest import Raad

pytestmark = pytest.mark.db
TZ = ZoneInfo("Europe/Amsterdam")


def _form(raad: Raad, csrf: str, keuzes: dict[str, str], **extra) -> dict:
    local = raad.gestemd_op.astimezone(TZ)
    data = {"csrf_token": csrf, "onderwerp": "", "voorstel": str(raad.voorstel.id),
            "vergadering": str(raad.vergadering.id), "datum": local.strftime("%d-%m-%Y"),
            "tijd": local.strftime("%H:%M"),
            "stemmen": [f"{raad.leden[k].id}:{v}" for k, v in keuzes.items()]}
    return {**data, **extra}


def _regels_drecht(client, raad, csrf):
    page = client.get(f"/regelingen/{raad.regeling.slug}/stemregels")
    versie = re.search(r'name="versie" value="([^"]+)"', page.text)[1]
    response = client.post(f"/regelingen/{raad.regeling.slug}/stemregels", data={
        "csrf_token": csrf, "gewicht": "fractie_aandeel", "grondslag": "inwoners", "meerderheid": "gewone",
        "basis": "uitgebracht", "staken": "verworpen", "versie": versie}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return versie


def test_the_secretaris_records_a_vote_and_everyone_reads_it(client, db, raad):
    csrf = login(client, raad.secretaris)
    _regels_drecht(client, raad, csrf)
    page = client.get(f"/organen/{raad.orgaan.slug}/stemmingen/nieuw?voorstel={raad.voorstel.id}")
    assert page.status_code == 200
    assert "Lid A1" in page.text and "Oud Lid" not in page.text
    assert "Zonder stem: V. Voorzitter (voorzitter)" in page.text
    assert f'<option value="{raad.voorstel.id}" selected>' in page.text
    keuzes = {"a1": "voor", "a2": "tegen", "b": "voor", "c": "tegen", "d": "afwezig"}
    response = client.post(f"/organen/{raad.orgaan.slug}/stemmingen/nieuw", data=_form(raad, csrf, keuzes),
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    stemming = db.exec(select(Stemming).where(Stemming.orgaan_id == raad.orgaan.id)).one()
    assert response.headers["location"] == f"/stemmingen/{stemming.id}"
    assert stemming.onderwerp == "Ontwerpbegroting Drechtsteden" and stemming.vergadering_id == raad.vergadering.id

    client.post("/uitloggen", data={"csrf_token": csrf})
    page = client.get(f"/stemmingen/{stemming.id}")  # anonymous
    assert page.status_code == 200
    assert "Aangenomen." in page.text
    assert "4 van de 5 leden met stemrecht (quorum gehaald)" in page.text
    assert "Dordrecht" in page.text and "Partij A" in page.text and "5/26" in page.text
    assert f'href="/voorstellen/{raad.voorstel.id}"' in page.text
    assert "Gemeentewet art. 20" in page.text


def test_form_errors_come_back_next_to_the_fields(client, db, raad):
    csrf = login(client, raad.secretaris)
    url = f"/organen/{raad.orgaan.slug}/stemmingen/nieuw"
    response = client.post(url, data=_form(raad, csrf, {"a1": "afwezig"}, datum="31-02-2027", tijd="25:00"))
    assert response.status_code == 422
    assert "Vul een bestaande datum in" in response.text and "Vul een geldig tijdstip in" in response.text
    assert "Geef de stem van ten minste één aanwezig lid." in response.text
    assert 'aria-invalid="true"' in response.text
    later = (raad.gestemd_op + timedelta(days=30)).astimezone(TZ)
    response = client.post(url, data=_form(raad, csrf, {"a1": "voor"}, datum=later.strftime("%d-%m-%Y")))
    assert response.status_code == 422 and "ligt in de toekomst" in response.text
    response = client.post(url, data=_form(raad, csrf, {"a1": "voor"}, voorstel="", onderwerp=""))
    assert response.status_code == 422 and "Geef het onderwerp" in response.text
    assert db.exec(select(Stemming).where(Stemming.orgaan_id == raad.orgaan.id)).first() is None
    # The same vote twice: the second is refused, with the reason.
    assert client.post(url, data=_form(raad, csrf, {"a1": "voor", "b": "voor", "c": "tegen"}),
                       follow_redirects=False).status_code == 303
    response = client.post(url, data=_form(raad, csrf, {"a1": "voor", "b": "voor", "c": "tegen"}))
    assert response.status_code == 409 and "al vastgelegd" in response.text


def test_only_the_secretaris_gets_the_form(client, db, raad):
    url = f"/organen/{raad.orgaan.slug}/stemmingen/nieuw"
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen?volgende=")
    csrf = csrf_from(client.get("/inloggen").text)
    assert client.post(url, data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    csrf = login(client, raad.griffier)
    assert client.get(url).status_code == 403
    response = client.post(url, data=_form(raad, csrf, {"a1": "voor"}))
    assert response.status_code == 403
    assert client.get("/organen/bestaat-niet/stemmingen/nieuw").status_code == 404


def test_a_missing_csrf_token_is_refused(client, db, raad):
    login(client, raad.secretaris)
    response = client.post(f"/organen/{raad.orgaan.slug}/stemmingen/nieuw", data=_form(raad, "fout", {"a1": "voor"}))
    assert response.status_code == 403 and "CSRF" in response.text


def test_an_unknown_vote_is_a_dutch_404(client):
    response = client.get("/stemmingen/999999")
    assert response.status_code == 404 and "Stemming 999999 bestaat niet." in response.text


def test_the_rules_page_reads_for_all_and_changes_for_the_secretaris(client, db, raad):
    url = f"/regelingen/{raad.regeling.slug}/stemregels"
    page = client.get(url)
    assert page.status_code == 200
    assert "Stemgewicht: Gelijk: elk lid één stem." in page.text and "Stemregels opslaan" not in page.text
    csrf = login(client, raad.griffier)
    assert "Stemregels opslaan" not in client.get(url).text
    assert client.post(url, data={"csrf_token": csrf, "gewicht": "handmatig"}).status_code == 403
    client.post("/uitloggen", data={"csrf_token": csrf})

    csrf = login(client, raad.secretaris)
    versie = _regels_drecht(client, raad, csrf)
    page = client.get(url)
    assert "Stemregels opgeslagen" in page.text and "Zetelaandeel van de fractie" in page.text
    # A form opened before that change: refused, nothing changed.
    response = client.post(url, data={"csrf_token": csrf, "gewicht": "handmatig", "grondslag": "inwoners",
                                      "meerderheid": "gewone", "basis": "uitgebracht", "staken": "verworpen",
                                      "versie": versie})
    assert response.status_code == 409 and "intussen gewijzigd" in response.text
    response = client.post(url, data={"csrf_token": csrf, "gewicht": "zwaar", "grondslag": "inwoners",
                                      "meerderheid": "gewone", "basis": "uitgebracht", "staken": "verworpen"})
    assert response.status_code == 422 and "Kies een van de mogelijkheden" in response.text
    db.refresh(raad.regeling)
    assert raad.regeling.stemregels["gewicht"] == "fractie_aandeel"
