"""The search service: what is found, by whom, with which filters, and how matches are marked."""

import pytest

from app.accounts.authz import Actor
from app.zoeken import service
from app.zoeken.service import Soort, ZoekFilter, lees_vraag, zoek

BURGER = Actor()


def gevonden(db, q: str, actor: Actor = BURGER, **filters) -> set[tuple[Soort, int]]:
    r = zoek(db, lees_vraag(q), service.filter_uit(db, **filters), actor=actor, per_pagina=100)
    return {(t.soort, t.id) for t in r.treffers}


def test_finds_every_kind(db, regio):
    assert gevonden(db, "jeugdzorg") == {(Soort.voorstel, regio.begroting.id), (Soort.agendapunt, regio.punt.id)}
    assert gevonden(db, "stadhuis") == {(Soort.vergadering, regio.vergadering.id)}
    # a published decision is found as a voorstel and as a decision
    assert gevonden(db, "kadernota") == {(Soort.voorstel, regio.kadernota.id), (Soort.besluit, regio.kadernota.id)}


def test_a_meeting_is_found_by_the_names_of_its_bodies(db, regio):
    assert (Soort.vergadering, regio.vergadering.id) in gevonden(db, "algemeen bestuur regio zoek")


def test_every_word_must_match_and_a_minus_excludes(db, regio):
    assert gevonden(db, "jeugdzorg brandweerkazernes") == {(Soort.voorstel, regio.begroting.id)}
    assert gevonden(db, "jeugdzorg -brandweerkazernes") == {(Soort.agendapunt, regio.punt.id)}
    assert gevonden(db, '"extra geld"') == {(Soort.voorstel, regio.begroting.id)}
    assert gevonden(db, '"geld extra"') == set()


def test_citizens_never_find_concepts_deleted_or_closed_items(db, regio):
    assert gevonden(db, "afvalinzameling") == set()
    # decided but not yet published: the voorstel, not the decision or its text
    assert gevonden(db, "jaarrekening") == {(Soort.voorstel, regio.jaarrekening.id)}
    assert gevonden(db, "afvalstoffenheffing") == set()


def test_a_concept_is_found_by_its_secretaris_and_the_beheerder_only(db, regio):
    secretaris = Actor(gebruiker_id=1, secretaris_van=frozenset({regio.regeling.id}))
    ander = Actor(gebruiker_id=2, secretaris_van=frozenset({regio.regeling.id + 1000}),
                  griffier_van=frozenset({regio.zeist.id}))
    beheerder = Actor(gebruiker_id=3, beheerder=True)
    for actor in (secretaris, beheerder):
        assert gevonden(db, "afvalinzameling", actor) == {(Soort.voorstel, regio.concept.id)}
    assert gevonden(db, "afvalinzameling", ander) == set()
    r = zoek(db, lees_vraag("conceptplan"), ZoekFilter(), actor=secretaris)
    assert r.treffers[0].concept is True


def test_changes_reach_the_index_at_once(db, regio):
    regio.begroting.titel = "Meerjarenraming brandweer"
    regio.begroting.toelichting = None
    db.add(regio.begroting)
    regio.ab.naam = "Dagelijkse kring"
    db.add(regio.ab)
    db.flush()
    assert gevonden(db, "meerjarenraming") == {(Soort.voorstel, regio.begroting.id)}
    assert gevonden(db, "veiligheidsregio") == set()
    assert (Soort.vergadering, regio.vergadering.id) in gevonden(db, "dagelijkse kring")
    db.delete(regio.punt)
    db.flush()
    assert gevonden(db, "vaststelling") == set()


def test_filters(db, regio):
    q = "begroting"
    everything = gevonden(db, q)
    assert {(Soort.voorstel, regio.begroting.id), (Soort.agendapunt, regio.punt.id)} <= everything
    assert gevonden(db, q, soort="agendapunt") == {(Soort.agendapunt, regio.punt.id)}
    assert gevonden(db, q, regeling="regio-zoek") == everything
    assert gevonden(db, q, gemeente=regio.zeist.slug) == everything
    assert gevonden(db, q, gemeente=regio.bunnik.slug) == set()
    assert gevonden(db, "kadernota", jaar="2027") == {(Soort.voorstel, regio.kadernota.id),
                                                      (Soort.besluit, regio.kadernota.id)}
    assert gevonden(db, "kadernota", jaar="2026") == set()
    assert gevonden(db, "stadhuis", jaar="2027") == {(Soort.vergadering, regio.vergadering.id)}


@pytest.mark.parametrize(("naam", "waarde"), [("soort", "koor"), ("regeling", "bestaat-niet"),
                                              ("gemeente", "atlantis"), ("jaar", "twintig"), ("jaar", "99999")])
def test_a_bad_filter_names_the_parameter(db, naam, waarde):
    from app.errors import Invalid

    with pytest.raises(Invalid) as exc:
        service.filter_uit(db, **{naam: waarde})
    assert exc.value.errors[0]["name"] == naam


def test_counts_per_kind_leave_out_the_kind_filter(db, regio):
    r = zoek(db, lees_vraag("begroting"), service.filter_uit(db, soort="agendapunt"), actor=BURGER)
    assert r.per_soort[Soort.agendapunt] == 1
    assert r.per_soort[Soort.voorstel] >= 1
    assert r.totaal == 1 and len(r.treffers) == 1


def test_highlights_mark_matches_and_escape_everything_else(db, regio):
    [t] = zoek(db, lees_vraag("zwembad"), ZoekFilter(), actor=BURGER).treffers
    assert "<script>" not in t.titel and "&lt;script&gt;" in t.titel
    assert "<mark>Zwembad</mark>" in t.titel
    assert "&amp;" in t.titel
    # (PostgreSQL's fragments leave tags out; SQLite's keep them, escaped)
    assert "<b>" not in t.fragment and "<mark>zwembad</mark>" in t.fragment


def test_markers_in_stored_text_cannot_open_a_tag():
    assert service.markeer("a \x02b <i> \x03c\x02") == "a <mark>b &lt;i&gt; </mark>c"


def test_pages(db, regio):
    from tests.zoeken.conftest import voorstel

    for i in range(25):
        voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}")
    eerste = zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER, pagina=1)
    tweede = zoek(db, lees_vraag("parkeerbeleid"), ZoekFilter(), actor=BURGER, pagina=2)
    assert eerste.totaal == 25 and eerste.paginas == 2
    assert len(eerste.treffers) == 20 and len(tweede.treffers) == 5
    assert not {t.id for t in eerste.treffers} & {t.id for t in tweede.treffers}


@pytest.mark.parametrize("q", ['"*NEAR(', "'; DROP TABLE voorstel; --", "\x00begroting", "x" * 10_000, "!!! ??? ...",
                               "AND OR NOT", "^begroting", "begroting:*", "a\"b\"c", "-", '""', "(((", "titel:x",
                               "🤔 begroting", "NEAR(begroting jeugdzorg, 2)"])
def test_hostile_queries_never_fail(db, regio, q):
    vraag = lees_vraag(q)
    assert len(vraag.tekst) <= service.MAX_TEKENS
    zoek(db, vraag, ZoekFilter(), actor=BURGER)


def test_reading_the_query():
    assert lees_vraag("").leeg and lees_vraag("?!  ...").leeg and lees_vraag("-alleen").leeg
    vraag = lees_vraag('  begroting  "extra geld" -brandweer\x00 ')
    assert vraag.tekst == 'begroting "extra geld" -brandweer'
    assert vraag.fts5() == '"begroting"* AND "extra geld" NOT "brandweer"*'
    assert vraag.websearch() == 'begroting "extra geld" -brandweer'
    assert lees_vraag("x" * 500).ingekort


def test_sqlite_finds_prefixes_and_ignores_diacritics(db, regio):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("prefix en accenten: de FTS5-index van SQLite")
    assert (Soort.voorstel, regio.begroting.id) in gevonden(db, "begr")
    assert gevonden(db, "cafe") == {(Soort.vergadering, regio.vergadering.id)}
    assert gevonden(db, "CAFÉ") == {(Soort.vergadering, regio.vergadering.id)}


def test_sqlite_completes_a_word_to_the_index_terms_and_finds_what_a_prefix_finds(db, regio, monkeypatch):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("aanvullen uit de woordenlijst: de FTS5-index van SQLite")
    vraag = service.vul_aan(db, lees_vraag('brandweerkaz "extra geld" jeugdzorg -begr'))
    brandweer, frase, jeugdzorg, begr = vraag.aanvullingen
    assert brandweer == ("brandweerkazernes",) and jeugdzorg == ("jeugdzorg",)
    assert frase is None and begr is None  # a phrase, and a word the prefix indexes serve
    assert vraag.fts5() == '"brandweerkazernes" AND "extra geld" AND "jeugdzorg" NOT "begr"*'
    assert service.vul_aan(db, lees_vraag("xylofoonorkest")).aanvullingen == ((),)
    begroting = service.vul_aan(db, lees_vraag("begroting"))
    assert begroting.aanvullingen == (("begroting", "begrotingen"),)
    assert begroting.fts5() == '("begroting" OR "begrotingen")'

    queries = ["brandweerkaz", "jeugdz", "jeugdzorg -brandw", "kadern", "stadhuis", "algemeen bestuur regio",
               "conceptplan", "begroting", "zzalles", "café", "xylofoonorkest"]
    beheerder = Actor(gebruiker_id=3, beheerder=True)
    aangevuld = [gevonden(db, q, beheerder) for q in queries]
    assert {(Soort.voorstel, regio.begroting.id)} <= aangevuld[0]
    assert aangevuld[8] == set()  # the filter tokens are never found by the user's words
    monkeypatch.setattr(service, "MAX_AANVULLINGEN", 0)  # every completed word stays a prefix query
    assert [gevonden(db, q, beheerder) for q in queries] == aangevuld


def test_postgresql_stems_dutch(db, regio):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("Nederlandse stamvormen: de 'dutch'-configuratie van PostgreSQL")
    # "begrotingen" finds "begroting", and the other way round
    assert (Soort.voorstel, regio.begroting.id) in gevonden(db, "begrotingen")
    assert (Soort.besluit, regio.kadernota.id) in gevonden(db, "begroting")
    assert (Soort.vergadering, regio.vergadering.id) in gevonden(db, "vergaderingen")


def test_a_page_past_the_end_is_empty_but_still_counts(db, regio):
    r = zoek(db, lees_vraag("begroting"), ZoekFilter(), actor=BURGER, pagina=9)
    assert r.treffers == [] and r.totaal == sum(r.per_soort.values()) >= 3


def test_a_kind_without_matches_shows_none_of_the_others(db, regio):
    r = zoek(db, lees_vraag("jeugdzorg"), service.filter_uit(db, soort="besluit"), actor=BURGER)
    assert r.treffers == [] and r.totaal == 0
    assert r.per_soort == {Soort.voorstel: 1, Soort.agendapunt: 1}
