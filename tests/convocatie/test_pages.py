"""The convocation pages: public reading, the forms for griffiers and the secretaris, refusals next to the form."""

import re
from datetime import datetime, timedelta

import pytest

from app.convocatie import service
from tests import factories
from tests.helpers import csrf_from, login

pytestmark = pytest.mark.db

FORM = {"agenda": "Tekort in de jaarrekening\nHerstelplan", "toelichting": "De raad wil opheldering.",
        "grondslag": "Motie 2027-14"}


def _griffier(db, gemeente) -> str:
    return factories.user(db, f"griffie.{gemeente.slug}@example.nl", ("griffier", gemeente),
                          naam=f"Griffier {gemeente.naam}").email


def _vraag(client, regio, csrf) -> int:
    response = client.post(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken",
                           data={**FORM, "namens_gemeente": regio.kleinst.code, "csrf_token": csrf},
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(re.fullmatch(r"/convocatieverzoeken/(\d+)", response.headers["location"])[1])


def test_a_citizen_reads_the_list_and_the_rules_without_a_form(client, regio):
    page = client.get(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken")
    assert page.status_code == 200
    assert "Er zijn nog geen verzoeken gedaan." in page.text
    assert "10,0% van het gewicht" in page.text or "ten minste 10,0%" in page.text
    assert "Verzoek indienen" not in page.text and "Log in" in page.text
    regels = client.get(f"/regelingen/{regio.regeling.slug}/convocatieregels")
    assert regels.status_code == 200 and "Regels opslaan" not in regels.text
    assert client.get("/regelingen/bestaat-niet/convocatieverzoeken").status_code == 404


def test_a_griffier_asks_through_the_form_and_everyone_sees_it(client, db, regio):
    csrf = login(client, _griffier(db, regio.kleinst))
    page = client.get(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken")
    assert "Verzoek indienen" in page.text
    verzoek_id = _vraag(client, regio, csrf)
    detail = client.get(f"/convocatieverzoeken/{verzoek_id}")
    assert "Uw verzoek is ingediend" in detail.text
    assert "Open: steun gevraagd" in detail.text and "4,0%" in detail.text
    assert "Verzoek intrekken" in detail.text
    assert "Herstelplan" in detail.text and "Motie 2027-14" in detail.text
    client.post("/uitloggen", data={"csrf_token": csrf})
    anoniem = client.get(f"/convocatieverzoeken/{verzoek_id}")
    assert anoniem.status_code == 200
    assert "Kleinstburg" in anoniem.text and "Verzoek intrekken" not in anoniem.text
    assert client.get("/convocatieverzoeken/999999").status_code == 404


def test_an_incomplete_form_comes_back_with_the_reason_next_to_the_field(client, db, regio):
    csrf = login(client, _griffier(db, regio.kleinst))
    response = client.post(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken",
                           data={**FORM, "agenda": "", "namens_gemeente": regio.kleinst.code, "csrf_token": csrf})
    assert response.status_code == 422
    assert 'id="agenda-fout"' in response.text and "Noem ten minste één agendapunt" in response.text
    assert "Motie 2027-14" in response.text  # what was typed stays


def test_writing_without_logging_in_leads_to_the_login_page(client, regio):
    page = client.get(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken")
    response = client.post(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken",
                           data={**FORM, "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/inloggen")


def test_support_withdrawal_and_convening_through_the_forms(client, db, regio):
    csrf = login(client, _griffier(db, regio.kleinst))
    verzoek_id = _vraag(client, regio, csrf)
    csrf = login(client, _griffier(db, regio.klein))
    assert "Verzoek steunen" in client.get(f"/convocatieverzoeken/{verzoek_id}").text
    response = client.post(f"/convocatieverzoeken/{verzoek_id}/steun",
                           data={"namens_gemeente": regio.klein.code, "grondslag": "Motie 2027-15", "csrf_token": csrf})
    assert response.status_code == 200  # followed to the page
    assert "Drempel bereikt" in response.text and "nog 28 dagen" in response.text
    assert "zelf bijeenroepen vanaf" in response.text  # before the term: when it becomes possible
    twice = client.post(f"/convocatieverzoeken/{verzoek_id}/steun",
                        data={"namens_gemeente": regio.klein.code, "grondslag": "Motie 2027-15", "csrf_token": csrf})
    assert twice.status_code == 409 and "steunt dit verzoek al" in twice.text
    weg = client.post(f"/convocatieverzoeken/{verzoek_id}/steun/intrekken",
                      data={"gemeente": regio.klein.code, "csrf_token": csrf})
    assert weg.status_code == 200 and "De steun is ingetrokken." in weg.text and "Open: steun gevraagd" in weg.text

    csrf = login(client, factories.user(db, "secretaris@example.nl", ("secretaris", regio.regeling)).email)
    view = service.verzoek_view(db, service.get_verzoek(db, verzoek_id))
    dag = (datetime.now(service._tz()) + timedelta(days=14)).date()
    fout = client.post(f"/convocatieverzoeken/{verzoek_id}/bijeenroepen",
                       data={"datum": "31-02-2027", "begintijd": "19:30", "eindtijd": "22:00",
                             "versie": str(view.verzoek.versie), "csrf_token": csrf})
    assert fout.status_code == 422 and 'id="datum-fout"' in fout.text
    oud = client.post(f"/convocatieverzoeken/{verzoek_id}/bijeenroepen",
                      data={"datum": dag.isoformat(), "begintijd": "19:30", "eindtijd": "22:00", "versie": "1",
                            "csrf_token": csrf})
    assert oud.status_code == 409 and "intussen gewijzigd" in oud.text
    goed = client.post(f"/convocatieverzoeken/{verzoek_id}/bijeenroepen",
                       data={"datum": dag.isoformat(), "begintijd": "19:30", "eindtijd": "22:00",
                             "locatie": "Stadhuis", "versie": str(view.verzoek.versie), "csrf_token": csrf})
    assert goed.status_code == 200, goed.text
    assert "Bijeengeroepen door de voorzitter" in goed.text and "Stadhuis" in goed.text


def test_the_secretaris_sets_the_rules_with_the_form(client, db, regio):
    csrf = login(client, factories.user(db, "secretaris@example.nl", ("secretaris", regio.regeling)).email)
    pad = f"/regelingen/{regio.regeling.slug}/convocatieregels"
    assert "Regels opslaan" in client.get(pad).text
    data = {"wie": "raad", "drempel": "gewicht", "aandeel": "1/5", "grondslag": "bijdrage", "aantal": "2",
            "termijn_weken": "6", "herinnering_dagen": "7", "csrf_token": csrf}
    fout = client.post(pad, data={**data, "termijn_weken": "zes"})
    assert fout.status_code == 422 and 'id="termijn_weken-fout"' in fout.text
    goed = client.post(pad, data=data, follow_redirects=False)
    assert goed.status_code == 303
    db.refresh(regio.regeling)
    assert regio.regeling.convocatieregels["aandeel"] == "1/5"
    assert "binnen 6 weken" in client.get(f"/regelingen/{regio.regeling.slug}/convocatieverzoeken").text


def test_a_griffier_may_not_set_the_rules(client, db, regio):
    csrf = login(client, _griffier(db, regio.kleinst))
    response = client.post(f"/regelingen/{regio.regeling.slug}/convocatieregels",
                           data={"aandeel": "1/2", "csrf_token": csrf})
    assert response.status_code == 403


def test_support_without_the_councils_decision_comes_back_with_the_reason_next_to_the_field(client, db, regio):
    csrf = login(client, _griffier(db, regio.kleinst))
    verzoek_id = _vraag(client, regio, csrf)
    csrf = login(client, _griffier(db, regio.klein))
    page = client.get(f"/convocatieverzoeken/{verzoek_id}")
    assert re.search(r'id="steun-grondslag"[^>]* required', page.text)  # no longer "(niet verplicht)"
    response = client.post(f"/convocatieverzoeken/{verzoek_id}/steun",
                           data={"namens_gemeente": regio.klein.code, "grondslag": " ", "csrf_token": csrf})
    assert response.status_code == 422
    assert 'id="steun-grondslag-fout"' in response.text and "Noem het raadsbesluit of de motie" in response.text
    assert 'aria-describedby="steun-grondslag-hint steun-grondslag-fout"' in response.text
    assert "Open: steun gevraagd" in response.text  # nothing was recorded
    # The public history names the griffier's capacity, not the person.
    assert "griffier van Kleinstburg" in response.text and "Griffier Kleinstburg" not in response.text
