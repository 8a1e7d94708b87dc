"""The citizen's gemeente and regeling pages: open deadlines for zienswijzen, and the links to the calendar."""

import re
from datetime import timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.organen.models import Orgaan
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Uitkomst, Voorstel, VoorstelFase
from tests import factories

VANDAAG = utcnow().astimezone(ZoneInfo("Europe/Amsterdam")).date()


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def section(html: str, heading_id: str) -> str:
    match = re.search(rf'<section aria-labelledby="{heading_id}">.*?</section>', html, flags=re.S)
    assert match, heading_id
    return match[0]


@pytest.fixture
def termijnen(db):
    zeist = factories.gemeente(db, "Zeist", slug="zeist")
    bunnik = factories.gemeente(db, "Bunnik", slug="bunnik")
    regeling = factories.regeling(db, naam="Veiligheidsregio", slug="vr", deelnemers=[zeist, bunnik])
    raad = factories.orgaan_of(db, zeist)

    def voorstel(titel, dagen, **kw):
        row = Voorstel(regeling_id=regeling.id, titel=titel, uiterlijk=VANDAAG + timedelta(days=dagen),
                       beschikbaar=VANDAAG - timedelta(days=30), **kw)
        db.add(row)
        db.flush()
        return row

    later = voorstel("Begroting 2028", 20)
    eerder = voorstel("Jaarrekening 2026", 3)
    vandaag = voorstel("Kadernota 2028", 0)
    beantwoord = voorstel("Gedaan voorstel", 5)
    db.add(Behandeling(voorstel_id=beantwoord.id, orgaan_id=raad.id, rol=BehandelingRol.zienswijze,
                       uitkomst=Uitkomst.zienswijze))
    afgemeld = voorstel("Afgemeld voorstel", 6)
    db.add(Afmelding(voorstel_id=afgemeld.id, gemeente_id=zeist.id))
    voorstel("Verlopen voorstel", -1)
    voorstel("Concept voorstel", 8, fase=VoorstelFase.concept)
    voorstel("Besloten voorstel", 9, fase=VoorstelFase.besloten)
    db.flush()
    return {"zeist": zeist, "regeling": regeling, "later": later, "eerder": eerder, "vandaag": vandaag}


def test_the_gemeente_page_lists_the_open_deadlines_of_its_council_soonest_first(client, termijnen):
    html = client.get("/gemeenten/zeist").text
    part = section(html, "open-termijnen-titel")
    titles = re.findall(r'href="/voorstellen/\d+">([^<]+)</a>', part)
    assert titles == ["Kadernota 2028", "Jaarrekening 2026", "Begroting 2028"]
    text = text_of(part)
    assert "Open termijnen voor zienswijzen" in text
    assert "nog 3 dagen" in text and "nog 20 dagen" in text and "vandaag" in text
    assert "Niet ontvangen" in text  # where the council stands
    assert 'href="/regelingen/vr"' in part
    for gone in ("Gedaan voorstel", "Afgemeld voorstel", "Verlopen voorstel", "Concept voorstel", "Besloten voorstel"):
        assert gone not in text


def test_the_gemeente_page_shows_the_first_ten_open_deadlines_and_links_to_all(client, db, termijnen, monkeypatch):
    from app.besluiten import service

    regeling = termijnen["regeling"]
    raad = db.exec(sa.select(Orgaan).where(Orgaan.gemeente_id == termijnen["zeist"].id)).scalars().first()
    for dag in range(30, 90):  # sixty more, of which the council answered every other one
        v = Voorstel(regeling_id=regeling.id, titel=f"Voorstel dag {dag}", uiterlijk=VANDAAG + timedelta(days=dag))
        db.add(v)
        db.flush()
        if dag % 2:
            db.add(Behandeling(voorstel_id=v.id, orgaan_id=raad.id, rol=BehandelingRol.zienswijze,
                               uitkomst=Uitkomst.geen_zienswijze))
    db.flush()
    part = section(client.get("/gemeenten/zeist").text, "open-termijnen-titel")
    titles = re.findall(r'href="/voorstellen/\d+">([^<]+)</a>', part)
    assert titles == ["Kadernota 2028", "Jaarrekening 2026", "Begroting 2028",
                      *(f"Voorstel dag {d}" for d in (30, 32, 34, 36, 38, 40, 42))]
    assert 'href="/gemeenten/zeist/regelingen">Alle open termijnen voor de raad van Zeist' in part
    # The full list has them all (3 + 30).
    assert client.get("/gemeenten/zeist/regelingen").text.count("Voorstel dag ") == 30
    # Reading stops after a bounded number of batches, and the page still links to the rest.
    monkeypatch.setattr(service, "OPEN_PARTIJ", 2)
    monkeypatch.setattr(service, "OPEN_PARTIJEN", 1)
    client.app.state.pagina_cache = None  # nothing changed in the database: the cache would answer
    part = section(client.get("/gemeenten/zeist").text, "open-termijnen-titel")
    assert len(re.findall(r'href="/voorstellen/\d+"', part)) == 2
    assert "Alle open termijnen voor de raad van Zeist" in part


def test_a_gemeente_without_open_deadlines_says_so(client, db):
    factories.gemeente(db, "Leeg", slug="leeg")
    html = client.get("/gemeenten/leeg").text
    assert "Er zijn geen open termijnen voor de raad van Leeg." in text_of(section(html, "open-termijnen-titel"))


def test_the_regeling_page_lists_open_deadlines_with_how_many_councils_answered(client, termijnen):
    html = client.get("/regelingen/vr").text
    part = section(html, "open-termijnen-titel")
    titles = re.findall(r'href="/voorstellen/\d+">([^<]+)</a>', part)
    # Every voorstel out to the councils with its deadline ahead (also those Zeist has answered or opted out of).
    assert titles == ["Kadernota 2028", "Jaarrekening 2026", "Gedaan voorstel", "Afgemeld voorstel",
                      "Begroting 2028"]
    row = re.search(r"<tr[^>]*>(?:(?!</tr>).)*Gedaan voorstel.*?</tr>", part, flags=re.S)[0]
    assert "1 van 2" in text_of(row)
    assert 'href="/regelingen/vr/besluiten"' in part
    assert 'href="/kalender?regeling=vr"' in html


def test_the_pages_offer_the_calendar(client, termijnen, db):
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == termijnen["regeling"].id)).scalar_one()
    assert 'href="/kalender?gemeente=zeist"' in client.get("/gemeenten/zeist").text
    assert f'href="/kalender?orgaan={ab.slug}"' in client.get(f"/organen/{ab.slug}").text
    assert 'href="/kalender"' in client.get("/").text


@pytest.mark.parametrize("url", ["/", "/gemeenten", "/gemeenten/zeist", "/regelingen", "/regelingen/vr", "/organen",
                                 "/kalender", "/kalender/week"])
def test_ids_are_unique_on_every_page(client, termijnen, url):
    ids = re.findall(r'\sid="([^"]+)"', client.get(url).text)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
