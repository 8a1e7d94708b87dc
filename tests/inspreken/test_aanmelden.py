"""A citizen registers to speak, confirms and cancels through the links in a mail that really goes out over SMTP;
the refusals (closed, full, spam, too many) come back as clear Dutch pages, with nothing stored; a duplicate
looks like a new registration to the requester."""

import re
from datetime import timedelta

import pytest
from sqlmodel import select

from app.berichten.models import Bericht
from app.db import utcnow
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.organen.models import Soort
from app.vergaderingen.models import Status
from tests.helpers import csrf_from
from tests.inspreken.conftest import orgaan, punt, vergadering

NAAM, EMAIL = "Jantine van Berkel", "jantine@example.nl"


def url(regio, p=None) -> str:
    return f"/vergaderingen/{regio.vergadering.id}/agendapunten/{(p or regio.punt).id}/inspreken"


def aanmelden(client, pad: str, *, email: str = EMAIL, naam: str = NAAM, onderwerp: str = "De groene zone",
              **extra):
    page = client.get(pad)
    assert page.status_code == 200, page.text
    return client.post(pad, data={"naam": naam, "email": email, "onderwerp": onderwerp, "website": "",
                                  "csrf_token": csrf_from(page.text), **extra}, follow_redirects=False)


def verzoeken(db) -> list[Inspreekverzoek]:
    db.expire_all()
    return list(db.exec(select(Inspreekverzoek).order_by(Inspreekverzoek.id)).all())


def links(message) -> tuple[str, str]:
    body = message.get_content()
    bevestig = re.search(r"https://tussenruimte\.test(/inspreken/bevestigen/[A-Za-z0-9_-]+)", body)[1]
    afmeld = re.search(r"https://tussenruimte\.test(/inspreken/afmelden/[A-Za-z0-9_-]+)", body)[1]
    return bevestig, afmeld


def test_register_get_the_mail_and_confirm_through_its_link(client, db, regio, postbus):
    handler, _port = postbus
    db.add(Inspreekruimte(agendapunt_id=regio.punt.id, max_insprekers=2))
    db.flush()
    response = aanmelden(client, url(regio))
    assert response.status_code == 303
    assert response.headers["location"] == url(regio) + "/verstuurd"
    assert "Kijk in uw e-mail" in client.get(response.headers["location"]).text

    [verzoek] = verzoeken(db)
    assert (verzoek.naam, verzoek.email, verzoek.onderwerp) == (NAAM, EMAIL, "De groene zone")
    assert verzoek.status == Inspreekstatus.onbevestigd
    assert len(verzoek.bevestig_hash) == 64 and len(verzoek.client_hash) == 64

    [message] = handler.aan(EMAIL)  # delivered over SMTP after the response
    assert message["Subject"] == "Bevestig uw aanmelding om in te spreken: Omgevingsvisie Zeist 2040"
    assert f"Beste {NAAM}," in message.get_content()
    assert f"(kenmerk INS-{verzoek.id})" in message.get_content()
    bevestig, afmeld = links(message)
    assert bevestig.split("/")[-1] not in (verzoek.bevestig_hash, verzoek.annuleer_hash)  # only hashes stored

    # A mail scanner's GET changes nothing: the page has a button.
    page = client.get(bevestig)
    assert page.status_code == 200 and "Ja, ik wil inspreken" in page.text
    assert page.headers["cache-control"] == "no-store"  # a token in the address: no cache keeps the page
    assert verzoeken(db)[0].status == Inspreekstatus.onbevestigd
    done = client.post(bevestig, data={"csrf_token": csrf_from(page.text)})
    assert done.status_code == 200 and "Uw aanmelding is bevestigd" in done.text
    [verzoek] = verzoeken(db)
    assert verzoek.status == Inspreekstatus.bevestigd and verzoek.bevestigd_at is not None

    meeting = client.get(f"/vergaderingen/{regio.vergadering.id}").text
    assert "nog 1 plaats" in meeting

    # The link is used now; the cancel link still works.
    again = client.get(bevestig)
    assert again.status_code == 410 and "al gebruikt" in again.text
    page = client.get(afmeld)
    assert page.status_code == 200 and "Afmelden" in page.text
    done = client.post(afmeld, data={"csrf_token": csrf_from(page.text)})
    assert done.status_code == 200 and "ingetrokken" in done.text
    assert verzoeken(db)[0].status == Inspreekstatus.geannuleerd
    assert client.get(afmeld).status_code == 410
    assert client.post(afmeld, data={"csrf_token": csrf_from(page.text)}).status_code == 410
    assert client.get(bevestig).status_code == 410  # a cancelled registration cannot be confirmed
    assert "nog 2 plaatsen" in client.get(f"/vergaderingen/{regio.vergadering.id}").text


def test_confirming_needs_the_csrf_token(client, db, regio, postbus):
    aanmelden(client, url(regio))
    bevestig, _ = links(postbus[0].aan(EMAIL)[0])
    assert client.post(bevestig, data={}).status_code == 403
    assert verzoeken(db)[0].status == Inspreekstatus.onbevestigd


@pytest.mark.parametrize("token", ["onbekend-maar-wel-lang-genoeg-token-123456789", "kort", "a" * 150, "%2e%2e"])
def test_an_unknown_link_is_a_dutch_404(client, regio, token):
    for soort in ("bevestigen", "afmelden"):
        page = client.get(f"/inspreken/{soort}/{token}")
        assert page.status_code == 404, page.text
        assert "Deze link kennen we niet" in page.text
        if len(token) > 10:
            assert token not in page.text  # not even in the language switch


def test_a_link_expires_when_the_meeting_starts_or_is_cancelled(client, db, regio, postbus):
    aanmelden(client, url(regio))
    bevestig, afmeld = links(postbus[0].aan(EMAIL)[0])
    csrf = csrf_from(client.get(bevestig).text)
    regio.vergadering.start = utcnow() - timedelta(minutes=5)
    db.add(regio.vergadering)
    db.flush()
    for pad in (bevestig, afmeld):
        page = client.get(pad)
        assert page.status_code == 410 and "verlopen" in page.text
        assert client.post(pad, data={"csrf_token": csrf}).status_code == 410
    regio.vergadering.start = utcnow() + timedelta(days=3)
    regio.vergadering.status = Status.geannuleerd
    db.add(regio.vergadering)
    db.flush()
    assert client.get(bevestig).status_code == 410
    assert verzoeken(db)[0].status == Inspreekstatus.onbevestigd


def test_a_second_registration_of_the_same_address_looks_like_a_new_one_and_notifies_the_address(
        client, db, regio, postbus):
    eerste = aanmelden(client, url(regio))
    again = aanmelden(client, url(regio), email=" Jantine@Example.NL ", naam="Iemand anders")
    # Nothing tells the requester that this address had registered already.
    assert (again.status_code, again.headers["location"]) == (eerste.status_code, eerste.headers["location"])
    assert again.status_code == 303 and again.headers["location"] == url(regio) + "/verstuurd"
    [verzoek] = verzoeken(db)
    assert verzoek.naam == NAAM
    db.expire_all()
    notities = db.exec(select(Bericht).where(Bericht.aan == EMAIL, Bericht.onderwerp.startswith("U was al"))).all()
    assert len(notities) == 1 and f"(kenmerk INS-{verzoek.id})" in notities[0].tekst
    [bevestiging, notitie] = postbus[0].aan(EMAIL)
    assert notitie["Subject"] == "U was al aangemeld om in te spreken: Omgevingsvisie Zeist 2040"
    body = notitie.get_content()
    assert "Die aanmelding blijft staan" in body and "/inspreken/" not in body and "Iemand anders" not in body
    # A third try within the hour sends no further note: the form cannot flood the mailbox.
    assert aanmelden(client, url(regio), email=EMAIL).status_code == 303
    assert len(verzoeken(db)) == 1 and len(postbus[0].aan(EMAIL)) == 2
    # Another item of the same meeting is a new registration; so is one after cancelling.
    ander = punt(db, regio.vergadering, "Fietspad Utrechtseweg", volgorde=3)
    assert aanmelden(client, url(regio, ander)).status_code == 303
    verzoek = verzoeken(db)[0]
    verzoek.status = Inspreekstatus.geannuleerd
    db.add(verzoek)
    db.flush()
    assert aanmelden(client, url(regio)).status_code == 303
    assert len(verzoeken(db)) == 3


def test_an_item_or_meeting_no_longer_public_cannot_be_confirmed_but_can_be_cancelled(client, db, regio, postbus):
    aanmelden(client, url(regio))
    bevestig, afmeld = links(postbus[0].aan(EMAIL)[0])
    csrf = csrf_from(client.get(bevestig).text)
    for rij in (regio.punt, regio.vergadering):
        rij.openbaar = False
        db.add(rij)
        db.flush()
        page = client.get(bevestig)
        assert page.status_code == 410 and "niet in het openbaar behandeld" in page.text
        refused = client.post(bevestig, data={"csrf_token": csrf})
        assert refused.status_code == 410 and "niet in het openbaar behandeld" in refused.text
        assert verzoeken(db)[0].status == Inspreekstatus.onbevestigd
        rij.openbaar = True
        db.add(rij)
        db.flush()
    regio.punt.openbaar = False
    db.add(regio.punt)
    db.flush()
    assert client.get(afmeld).status_code == 200


def test_a_full_item_takes_no_more_registrations_or_confirmations(client, db, regio, postbus):
    handler, _ = postbus
    aanmelden(client, url(regio), email="eerste@example.nl")
    aanmelden(client, url(regio), email="tweede@example.nl")
    db.add(Inspreekruimte(agendapunt_id=regio.punt.id, max_insprekers=1))
    db.flush()
    for adres, verwacht in (("eerste@example.nl", 200), ("tweede@example.nl", 409)):
        bevestig, _ = links(handler.aan(adres)[0])
        response = client.post(bevestig, data={"csrf_token": csrf_from(client.get(bevestig).text)})
        assert response.status_code == verwacht, response.text
    assert "Alle plaatsen om in te spreken bij dit agendapunt zijn bezet" in response.text
    assert [v.status for v in verzoeken(db)] == [Inspreekstatus.bevestigd, Inspreekstatus.onbevestigd]

    form = client.get(url(regio))
    assert "Alle plaatsen om in te spreken bij dit agendapunt zijn bezet" in form.text
    assert 'name="naam"' not in form.text
    refused = client.post(url(regio), data={"naam": "Derde", "email": "derde@example.nl", "onderwerp": "x",
                                            "csrf_token": csrf_from(form.text)}, follow_redirects=False)
    assert refused.status_code == 409 and len(verzoeken(db)) == 2
    assert "Inspreken: vol" in client.get(f"/vergaderingen/{regio.vergadering.id}").text

    ruimte = db.get(Inspreekruimte, regio.punt.id)
    ruimte.max_insprekers = 0  # the griffier closes the item
    db.add(ruimte)
    db.flush()
    assert "Bij dit agendapunt is inspreken niet mogelijk" in client.get(url(regio)).text


def test_a_filled_honeypot_gets_the_same_answer_but_nothing_is_stored_or_sent(client, db, regio, postbus):
    response = aanmelden(client, url(regio), website="https://spam.example")
    assert response.status_code == 303 and response.headers["location"] == url(regio) + "/verstuurd"
    assert verzoeken(db) == []
    assert db.exec(select(Bericht)).all() == [] and postbus[0].messages == []


def test_the_honeypot_is_hidden_labelled_and_out_of_the_tab_order(client, regio):
    page = client.get(url(regio)).text
    field = re.search(r'<input[^>]*name="website"[^>]*>', page)[0]
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert '<label for="website">Laat dit veld leeg</label>' in page


def test_too_many_registrations_from_one_address_in_an_hour_is_a_429(client, db, regio, settings):
    for n in range(settings.inspreken_per_uur):
        assert aanmelden(client, url(regio), email=f"burger{n}@example.nl").status_code == 303
    response = aanmelden(client, url(regio), email="nog-een@example.nl")
    assert response.status_code == 429
    assert "U heeft zich het afgelopen uur al vaak aangemeld" in response.text
    assert len(verzoeken(db)) == settings.inspreken_per_uur


@pytest.mark.parametrize("veld,waarde,fout", [
    ("naam", "   ", "Vul uw naam in."),
    ("naam", "x" * 121, "Uw naam mag hoogstens 120 tekens lang zijn."),
    ("email", "geen-adres", "Vul een geldig e-mailadres in"),
    ("email", "a@b.nl\r\nBcc: x@evil.example", "Vul een geldig e-mailadres in"),
    ("onderwerp", "", "Schrijf kort waarover u wilt inspreken."),
    ("onderwerp", "x" * 1001, "Het onderwerp mag hoogstens 1000 tekens lang zijn."),
])
def test_bad_input_comes_back_next_to_the_field(client, db, regio, veld, waarde, fout):
    response = aanmelden(client, url(regio), **{veld: waarde})
    assert response.status_code == 422
    assert fout in response.text
    assert f'aria-describedby="{veld}-' in response.text and 'aria-invalid="true"' in response.text
    assert verzoeken(db) == [] and db.exec(select(Bericht)).all() == []


def test_control_characters_are_taken_out_before_storing(client, db, regio):
    response = aanmelden(client, url(regio), naam="Jan\x00 de\tVries\n", onderwerp="Regel 1\r\nRegel\x00 2")
    assert response.status_code == 303
    [verzoek] = verzoeken(db)
    assert (verzoek.naam, verzoek.onderwerp) == ("Jan de Vries", "Regel 1\nRegel  2")


def _gesloten(client, db, regio, pad: str, reden: str) -> None:
    page = client.get(pad)
    assert page.status_code == 200 and reden in page.text
    assert 'name="naam"' not in page.text
    response = client.post(pad, data={"naam": NAAM, "email": EMAIL, "onderwerp": "x",
                                      "csrf_token": csrf_from(page.text)}, follow_redirects=False)
    assert response.status_code == 409 and reden in response.text
    assert verzoeken(db) == []


def test_registration_closes_the_set_number_of_hours_before_the_start(client, db, regio):
    regio.vergadering.start = utcnow() + timedelta(hours=23)
    regio.vergadering.einde = regio.vergadering.start + timedelta(hours=3)
    db.add(regio.vergadering)
    db.flush()
    _gesloten(client, db, regio, url(regio), "Aanmelden om in te spreken is gesloten.")
    assert "niet (meer) mogelijk" in client.get(f"/vergaderingen/{regio.vergadering.id}").text


def test_no_registration_for_a_cancelled_meeting(client, db, regio):
    regio.vergadering.status = Status.geannuleerd
    db.add(regio.vergadering)
    db.flush()
    _gesloten(client, db, regio, url(regio), "De vergadering is geannuleerd.")


def test_no_registration_for_an_item_behind_closed_doors(client, db, regio):
    _gesloten(client, db, regio, url(regio, regio.besloten_punt), "niet in het openbaar behandeld")


def test_no_registration_for_a_council_meeting(client, db, regio):
    from tests import factories

    raad = vergadering(db, factories.orgaan_of(db, regio.gemeente), naam="Gemeenteraad Zeist")
    p = punt(db, raad, "Begroting 2028")
    _gesloten(client, db, regio, f"/vergaderingen/{raad.id}/agendapunten/{p.id}/inspreken",
              "Bij dit soort vergadering kunt u niet inspreken")
    meeting = client.get(f"/vergaderingen/{raad.id}").text
    assert f"/agendapunten/{p.id}/inspreken" not in meeting and "Inspreken" not in meeting


@pytest.mark.parametrize("soort", [Soort.carrousel, Soort.adviescommissie])
def test_carrousels_and_raadstafels_take_speakers(client, db, regio, soort):
    v = vergadering(db, orgaan(db, regio.gemeente, soort, f"zeist-{soort.value}"))
    p = punt(db, v, "Woningbouw")
    pad = f"/vergaderingen/{v.id}/agendapunten/{p.id}/inspreken"
    assert f'href="{pad}"' in client.get(f"/vergaderingen/{v.id}").text
    assert aanmelden(client, pad).status_code == 303


def test_an_item_of_another_meeting_is_a_404(client, db, regio):
    ander = vergadering(db, regio.commissie)
    assert client.get(f"/vergaderingen/{ander.id}/agendapunten/{regio.punt.id}/inspreken").status_code == 404
    assert client.get(f"/vergaderingen/{regio.vergadering.id}/agendapunten/999999/inspreken").status_code == 404


def test_the_form_needs_the_csrf_token(client, db, regio):
    client.get(url(regio))
    response = client.post(url(regio), data={"naam": NAAM, "email": EMAIL, "onderwerp": "x"})
    assert response.status_code == 403 and verzoeken(db) == []


def test_public_pages_never_show_names_or_addresses(client, db, regio, postbus):
    aanmelden(client, url(regio))
    bevestig, _ = links(postbus[0].aan(EMAIL)[0])
    client.post(bevestig, data={"csrf_token": csrf_from(client.get(bevestig).text)})
    client.cookies.clear()
    for pad in (f"/vergaderingen/{regio.vergadering.id}", url(regio), url(regio) + "/verstuurd", bevestig,
                "/vergaderingen", f"/api/v1/vergaderingen/{regio.vergadering.id}",
                f"/organen/{regio.commissie.slug}"):
        body = client.get(pad).text
        assert NAAM not in body and EMAIL not in body and "De groene zone" not in body, pad


def test_the_meeting_page_runs_the_same_queries_with_1_or_30_items(client, db, engine, regio):
    from tests.test_pages import _queries

    def vergadering_met(n: int) -> str:
        v = vergadering(db, regio.commissie)
        for i in range(n):
            p = punt(db, v, f"Punt {i}", volgorde=i + 1)
            db.add(Inspreekruimte(agendapunt_id=p.id, max_insprekers=3))
            db.add(Inspreekverzoek(agendapunt_id=p.id, naam="N", email=f"{v.id}-{i}@example.nl", onderwerp="O",
                                   status=Inspreekstatus.bevestigd, bevestig_hash=f"b{v.id}-{i}",
                                   annuleer_hash=f"a{v.id}-{i}"))
        db.flush()
        return f"/vergaderingen/{v.id}"

    een, dertig = vergadering_met(1), vergadering_met(30)
    assert "nog 2 plaatsen" in client.get(dertig).text
    assert _queries(client, engine, een) == _queries(client, engine, dertig)


def test_the_citizen_pages_render_in_english_too(client, regio):
    client.cookies.set("taal", "en")
    for pad in (url(regio), url(regio) + "/verstuurd", f"/vergaderingen/{regio.vergadering.id}",
                "/inspreken/bevestigen/onbekend-maar-wel-lang-genoeg-token-123456789"):
        page = client.get(pad)
        assert page.status_code in (200, 404) and '<html lang="en"' in page.text, pad
