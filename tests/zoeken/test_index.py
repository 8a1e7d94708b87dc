"""The index carries visibility and filter tokens (``kenmerken``): the triggers keep them current when the fields
they copy change; and a search with more than GRENS matches counts up to the limit and shows the newest first."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.accounts.authz import Actor
from app.organen.models import Orgaan
from app.vergaderingen.models import VergaderingOrgaan
from app.voorstellen.models import Besluit, VoorstelFase
from app.zoeken import service
from app.zoeken.service import Soort, ZoekFilter, lees_vraag, zoek
from tests import factories
from tests.zoeken.conftest import voorstel

BURGER = Actor()
WEG = datetime(2027, 5, 1, tzinfo=UTC)


def gevonden(db, q: str, actor: Actor = BURGER, **filters) -> set[tuple[Soort, int]]:
    r = zoek(db, lees_vraag(q), service.filter_uit(db, **filters), actor=actor, per_pagina=100)
    return {(t.soort, t.id) for t in r.treffers}


def bewaar(db, *rows):
    for row in rows:
        db.add(row)
    db.flush()


def test_the_filter_tokens_cannot_be_searched_for(db, regio):
    for token in ("zzalles", "zzs2c", f"zzr{regio.regeling.id}", "zzs2", "zzj2027"):
        assert gevonden(db, token) == set()


def test_a_change_of_fase_reaches_the_index(db, regio):
    assert gevonden(db, "conceptplan") == set()
    regio.concept.fase = VoorstelFase.verzonden
    bewaar(db, regio.concept)
    assert gevonden(db, "conceptplan") == {(Soort.voorstel, regio.concept.id)}
    # published: now also found as a decision
    regio.jaarrekening.fase = VoorstelFase.gepubliceerd
    regio.jaarrekening.gepubliceerd_op = date(2027, 7, 10)
    bewaar(db, regio.jaarrekening)
    assert gevonden(db, "afvalstoffenheffing") == {(Soort.besluit, regio.jaarrekening.id)}
    # and back to concept: gone for citizens, there for the beheerder
    regio.kadernota.fase = VoorstelFase.concept
    regio.kadernota.besluit = Besluit.aangenomen
    bewaar(db, regio.kadernota)
    assert gevonden(db, "kadernota") == set()
    assert gevonden(db, "kadernota", Actor(gebruiker_id=1, beheerder=True)) == {(Soort.voorstel, regio.kadernota.id)}


def test_deleting_and_restoring_reaches_the_index(db, regio):
    regio.kadernota.deleted_at = WEG
    regio.punt.deleted_at = WEG
    bewaar(db, regio.kadernota, regio.punt)
    assert gevonden(db, "kadernota") == set()
    assert gevonden(db, "vaststelling") == set()
    regio.weg.deleted_at = None
    bewaar(db, regio.weg)
    assert gevonden(db, "vervallen") == {(Soort.voorstel, regio.weg.id)}
    # a deleted meeting takes its agenda items with it
    regio.punt.deleted_at = None
    bewaar(db, regio.punt)
    assert gevonden(db, "vaststelling") == {(Soort.agendapunt, regio.punt.id)}
    regio.vergadering.deleted_at = WEG
    bewaar(db, regio.vergadering)
    assert gevonden(db, "vaststelling") == set() and gevonden(db, "stadhuis") == set()


def test_a_deleted_regeling_hides_its_voorstellen(db, regio):
    regio.regeling.deleted_at = WEG
    bewaar(db, regio.regeling)
    assert gevonden(db, "kadernota") == set()


def test_a_change_of_openbaar_reaches_the_index(db, regio):
    regio.geheim_punt.openbaar = True
    bewaar(db, regio.geheim_punt)
    assert gevonden(db, "geheim") == {(Soort.agendapunt, regio.geheim_punt.id)}
    regio.besloten.openbaar = True
    bewaar(db, regio.besloten)
    assert (Soort.vergadering, regio.besloten.id) in gevonden(db, "besloten overleg")
    assert gevonden(db, "punt besloten vergadering")  # its agenda item is public now too
    regio.vergadering.openbaar = False
    bewaar(db, regio.vergadering)
    assert gevonden(db, "stadhuis") == set() and gevonden(db, "vaststelling") == set()


def test_filter_fields_follow_their_source(db, regio):
    # the meeting's year
    assert gevonden(db, "stadhuis", jaar="2028") == set()
    regio.vergadering.start = datetime(2028, 3, 1, 18, 30, tzinfo=UTC)
    regio.vergadering.einde = datetime(2028, 3, 1, 21, 30, tzinfo=UTC)
    bewaar(db, regio.vergadering)
    assert gevonden(db, "stadhuis", jaar="2028") == {(Soort.vergadering, regio.vergadering.id)}
    assert gevonden(db, "vaststelling", jaar="2028") == {(Soort.agendapunt, regio.punt.id)}
    # a voorstel's date
    regio.begroting.beschikbaar = date(2030, 1, 5)
    bewaar(db, regio.begroting)
    assert gevonden(db, "brandweerkazernes", jaar="2030") == {(Soort.voorstel, regio.begroting.id)}
    # a meeting's bodies: another regeling's body makes it that regeling's meeting
    andere = factories.regeling(db, slug="andere-zoek", naam="Andere Zoek", deelnemers=[regio.bunnik])
    assert gevonden(db, "stadhuis", regeling="andere-zoek") == set()
    orgaan = db.exec(select(Orgaan).where(Orgaan.regeling_id == andere.id)).one()
    bewaar(db, VergaderingOrgaan(vergadering_id=regio.vergadering.id, orgaan_id=orgaan.id))
    assert gevonden(db, "stadhuis", regeling="andere-zoek") == {(Soort.vergadering, regio.vergadering.id)}
    assert gevonden(db, "stadhuis", gemeente=regio.bunnik.slug) == {(Soort.vergadering, regio.vergadering.id)}
    # a meeting at new year's eve, 23:30 Dutch time, belongs to the old year
    regio.vergadering.start = datetime(2027, 12, 31, 22, 30, tzinfo=UTC)
    regio.vergadering.einde = datetime(2027, 12, 31, 23, 30, tzinfo=UTC)
    bewaar(db, regio.vergadering)
    assert gevonden(db, "stadhuis", jaar="2027") == {(Soort.vergadering, regio.vergadering.id)}


@pytest.fixture
def weinig(monkeypatch):
    """A limit of 3 instead of 1,000."""
    monkeypatch.setattr(service, "GRENS", 3)


def test_beyond_the_limit_counting_stops_and_the_newest_come_first(db, regio, weinig):
    delen = [voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}") for i in range(6)]
    nieuwste = sorted((v.id for v in delen), reverse=True)
    r = zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER, per_pagina=2)
    assert r.afgekapt and r.per_soort == {Soort.voorstel: 4} and r.getoond == 3 and r.paginas == 2
    assert [t.id for t in r.treffers] == nieuwste[:2]
    tweede = zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER, per_pagina=2, pagina=2)
    assert [t.id for t in tweede.treffers] == nieuwste[2:3]  # up to the limit, no further
    assert zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER, per_pagina=2, pagina=3).treffers == []


def test_up_to_the_limit_the_best_come_first(db, regio, weinig):
    titel = voorstel(db, regio.regeling, "Parkeerbeleid")
    tekst = voorstel(db, regio.regeling, "Iets anders", toelichting="Over parkeerbeleid.")
    r = zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER)
    assert not r.afgekapt and r.totaal == 2
    # the title weighs more; the text match is the newer, so the order is the ranking's, not newest first
    assert [t.id for t in r.treffers] == [titel.id, tekst.id]


def test_the_limit_counts_per_kind(db, regio, weinig):
    for i in range(5):
        voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}")
    factories.vergadering(db, regio.ab, naam="Parkeerbeleid overleg")
    r = zoek(db, lees_vraag("parkeerbeleid"), service.filter_uit(db, soort="vergadering"), actor=BURGER)
    assert r.per_soort == {Soort.voorstel: 4, Soort.vergadering: 1}
    assert not r.afgekapt and r.totaal == 1 and len(r.treffers) == 1


def test_the_page_and_the_api_say_there_are_more(client, db, regio, weinig):
    for i in range(6):
        voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}")
    html = client.get("/zoeken?q=parkeerbeleid").text
    assert "Meer dan 3 resultaten voor ‘parkeerbeleid’; de nieuwste eerst. Maak je zoekopdracht specifieker." in html
    assert "Voorstellen (meer dan 3)" in html
    body = client.get("/api/v1/zoekresultaten?q=parkeerbeleid").json()
    assert body["afgekapt"] is True and body["total"] == 3 and body["per_soort"]["voorstel"] == 3
    assert len(body["items"]) == 3


def test_on_postgresql_the_triggers_plan_for_each_row(db):
    # A generic plan made while a source table was empty would keep a look-up by key a full scan for the rest of
    # the session (a bulk load: minutes per thousand rows); planned per row, it follows the table's real size.
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("PL/pgSQL-triggers: alleen PostgreSQL")
    from app.zoeken import index

    config = dict(db.execute(sa.text(
        "SELECT proname, array_to_string(proconfig, ',') FROM pg_proc WHERE proname LIKE 'zoekindex\\_%'")).all())
    assert set(config) == set(index.trigger_functions(db.get_bind()))
    assert all(c == "plan_cache_mode=force_custom_plan" for c in config.values()), config
