"""The import format: a round trip, idempotence, updates, located errors that leave the database as it was."""

import json
from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.errors import Conflict, Invalid
from app.gemeenten.models import Fractie, Gemeente, Persoon, Reces
from app.importer.schema import json_schema_text
from app.importer.service import import_document, import_path, meeting_key
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname, Regeling, Synchronisatie, Vorm
from app.vergaderingen.models import Agendapunt, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Voorstel, VoorstelSoort

FIXTURES = Path(__file__).parent / "fixtures"
REGIO = FIXTURES / "regio.yaml"
REGIO_JSON = FIXTURES / "regio.json"
TABLES = (Gemeente, Fractie, Reces, Orgaan, Persoon, Lidmaatschap, Regeling, Deelname, Vergadering,
          VergaderingOrgaan, Agendapunt, Voorstel, Afmelding, Behandeling)


def counts(db: Session) -> dict[str, int]:
    return {t.__tablename__: db.exec(select(func.count()).select_from(t)).one() for t in TABLES}


def snapshot(db: Session) -> dict:
    """Every row's change time (and a meeting's version): what a no-op import must leave alone."""
    db.expire_all()
    state = {}
    for table in TABLES:
        if hasattr(table, "modified_at"):
            state[table.__tablename__] = db.exec(select(table.id, table.modified_at).order_by(table.id)).all()
    state["versies"] = db.exec(select(Vergadering.id, Vergadering.versie, Vergadering.sequence)).all()
    state["links"] = db.exec(select(VergaderingOrgaan.vergadering_id, VergaderingOrgaan.orgaan_id)
                             .order_by(VergaderingOrgaan.vergadering_id, VergaderingOrgaan.orgaan_id)).all()
    return state


def variant(tmp_path: Path, *replacements: tuple[str, str], source: Path = REGIO, name: str | None = None) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / (name or source.name)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


def meeting(db: Session, sleutel: str) -> Vergadering:
    return db.exec(select(Vergadering).where(Vergadering.sleutel == sleutel)).one()


def by(db: Session, model, **where):
    query = select(model)
    for name, value in where.items():
        query = query.where(getattr(model, name) == value)
    return db.exec(query).one()


# --- round trip ----------------------------------------------------------------------------------------


def test_import_creates_every_row_with_the_values_of_the_file(db):
    summary = import_path(db, REGIO)

    assert {k: t.created for k, t in summary.counts.items()} == {
        "gemeenten": 2, "fracties": 4, "recessen": 2, "regelingen": 1, "deelnames": 2,
        "organen": 5,  # two raden, one commissie, two bodies of the regeling
        "personen": 4,
        "lidmaatschappen": 7,  # three raadsleden in their raad, three AB members, one at the raadstafel
        "vergaderingen": 5, "agendapunten": 3,
        "voorstellen": 2, "afmeldingen": 1, "behandelingen": 2,
    }
    assert summary.updated == 0
    db.expire_all()

    eindhoven = by(db, Gemeente, code="GM0772")
    assert (eindhoven.naam, eindhoven.slug, eindhoven.provincie, eindhoven.inwoners, eindhoven.vergaderdag,
            eindhoven.demo) == ("Eindhoven", "eindhoven", "Noord-Brabant", 246417, 1, False)
    helmond = by(db, Gemeente, code="GM0794")
    assert helmond.vergaderdag is None
    # Planning rules: what the file names (a bare 20:00 in YAML is a time, not base-60 1200), defaults elsewhere.
    planning = ("aanvang", "duur_minuten", "commissie_voor_raad_dagen", "publicatie_dagen", "max_agendapunten")
    assert tuple(getattr(eindhoven, k) for k in planning) == (time(20, 0), 210, 14, 12, 14)
    assert tuple(getattr(helmond, k) for k in planning) == (time(19, 30), 210, 14, 10, 12)
    assert sorted((f.naam, f.zetels) for f in db.exec(select(Fractie).where(Fractie.gemeente_id == eindhoven.id))) == [
        ("GroenLinks", 9), ("VVD", 6)]
    assert sorted((r.naam, r.van, r.tot) for r in db.exec(select(Reces))) == [
        ("kerstreces", date(2027, 12, 18), date(2028, 1, 2)), ("zomerreces", date(2027, 7, 10), date(2027, 8, 29))]

    raad = by(db, Orgaan, slug="eindhoven-raad")
    assert (raad.naam, raad.soort, raad.gemeente_id, raad.regeling_id) == (
        "Gemeenteraad Eindhoven", Soort.raad, eindhoven.id, None)
    commissie = by(db, Orgaan, slug="eindhoven-commissie-bestuur")
    assert (commissie.naam, commissie.soort, commissie.gemeente_id) == ("Commissie Bestuur", Soort.commissie,
                                                                         eindhoven.id)

    regeling = by(db, Regeling, slug="testregio")
    assert (regeling.naam, regeling.vorm, regeling.synchronisatie, regeling.demo) == (
        "Testregio Zuidoost", Vorm.openbaar_lichaam, Synchronisatie.raadstafel, False)
    deelname = by(db, Deelname, regeling_id=regeling.id, gemeente_id=eindhoven.id)
    assert deelname.inwoners == 246417
    assert deelname.bijdrage == Decimal("1234567.89") and str(deelname.bijdrage) == "1234567.89"
    assert by(db, Deelname, gemeente_id=helmond.id).bijdrage == Decimal("368830.10")

    # Times: stored in UTC, read back time-zone aware.
    raadsvergadering = meeting(db, "ehv-raad-2027-01")
    assert raadsvergadering.start == datetime(2027, 1, 26, 18, 30, tzinfo=UTC)
    assert raadsvergadering.start.utcoffset().total_seconds() == 0
    assert raadsvergadering.einde == datetime(2027, 1, 26, 22, 0, tzinfo=UTC)
    assert (raadsvergadering.locatie, raadsvergadering.online_url, raadsvergadering.openbaar,
            raadsvergadering.versie, raadsvergadering.sequence) == (
        "Raadzaal, Stadhuis Eindhoven", "https://eindhoven.example.org/live", True, 1, 0)
    punten = db.exec(select(Agendapunt).where(Agendapunt.vergadering_id == raadsvergadering.id)
                     .order_by(Agendapunt.volgorde)).all()
    assert [(p.volgorde, p.nummer, p.titel) for p in punten] == [
        (1, "1", "Opening"), (2, "2", "Vaststelling van de agenda"), (3, "3", "Zienswijze ontwerpbegroting MRE 2028")]

    # A meeting without an id is known by its bodies and its start in UTC.
    commissievergadering = meeting(db, "eindhoven-commissie-bestuur@2027-01-12T18:30:00Z")
    assert commissievergadering.naam == "Commissie Bestuur"
    helmond_raad = meeting(db, "helmond-raad@2027-02-04T18:30:00Z")
    assert helmond_raad.naam is None

    gezamenlijk = meeting(db, "testregio-gezamenlijk-2027")
    slugs = db.exec(select(Orgaan.slug).join(VergaderingOrgaan, VergaderingOrgaan.orgaan_id == Orgaan.id)
                    .where(VergaderingOrgaan.vergadering_id == gezamenlijk.id).order_by(Orgaan.slug)).all()
    assert slugs == ["eindhoven-raad", "testregio-raadstafel"]
    assert (gezamenlijk.openbaar, gezamenlijk.start) == (False, datetime(2027, 4, 7, 17, 30, tzinfo=UTC))

    # Personen sit in their raad; leden default to the persoon's gemeente and fractie.
    p1, p3, p4 = (by(db, Persoon, sleutel=k) for k in ("p1", "p3", "p4"))
    groenlinks = by(db, Fractie, gemeente_id=eindhoven.id, naam="GroenLinks")
    assert (p1.naam, p1.gemeente_id, p1.fractie_id) == ("A. de Vries", eindhoven.id, groenlinks.id)
    assert (p4.gemeente_id, p4.fractie_id) == (None, None)
    in_raad = by(db, Lidmaatschap, persoon_id=p1.id, orgaan_id=raad.id)
    assert (in_raad.rol, in_raad.fractie_id, in_raad.gemeente_id, in_raad.start) == (
        Rol.lid, groenlinks.id, eindhoven.id, None)
    ab = by(db, Orgaan, slug="testregio-ab")
    voorzitter = by(db, Lidmaatschap, persoon_id=p1.id, orgaan_id=ab.id)
    assert (voorzitter.rol, voorzitter.fractie_id, voorzitter.gemeente_id, voorzitter.stemgewicht,
            voorzitter.start, voorzitter.einde) == (Rol.voorzitter, groenlinks.id, eindhoven.id, Decimal("1"),
                                                     date(2026, 4, 1), None)
    lid_p3 = by(db, Lidmaatschap, persoon_id=p3.id, orgaan_id=ab.id)
    assert (lid_p3.stemgewicht, lid_p3.einde, lid_p3.gemeente_id) == (Decimal("1.5"), date(2030, 3, 31), helmond.id)
    lid_p4 = by(db, Lidmaatschap, persoon_id=p4.id, orgaan_id=ab.id)
    cda = by(db, Fractie, gemeente_id=helmond.id, naam="CDA")
    assert (lid_p4.gemeente_id, lid_p4.fractie_id) == (helmond.id, cda.id)

    # The planner's inputs: a body's usual day, start and domain; the regeling's own terms; its voorstellen.
    raadstafel = by(db, Orgaan, slug="testregio-raadstafel")
    assert (ab.vergaderdag, ab.aanvang, ab.domein) == (2, time(14, 0), None)
    assert (raadstafel.vergaderdag, raadstafel.aanvang, raadstafel.domein) == (2, time(19, 30), "Integraal")
    assert (commissie.vergaderdag, commissie.aanvang, commissie.domein) == (None, None, None)
    assert regeling.termijnen == {"ontwerpbegroting_weken": 14}
    kadernota = by(db, Voorstel, sleutel="testregio-kadernota-2028")
    assert (kadernota.regeling_id, kadernota.titel, kadernota.soort, kadernota.beschikbaar, kadernota.uiterlijk,
            kadernota.domein, kadernota.toelichting) == (regeling.id, "Kadernota 2028", VoorstelSoort.kadernota,
                                                         date(2027, 1, 15), date(2027, 4, 7), None, None)
    behandelingen = db.exec(select(Behandeling.orgaan_id, Behandeling.rol, Behandeling.vergadering_id)
                            .where(Behandeling.voorstel_id == kadernota.id).order_by(Behandeling.id)).all()
    assert behandelingen == [(ab.id, BehandelingRol.informatie, meeting(db, "testregio-ab@2027-03-03T13:00:00Z").id),
                             (raad.id, BehandelingRol.zienswijze, gezamenlijk.id)]
    energie = by(db, Voorstel, sleutel="testregio-energie")
    assert (energie.soort, energie.domein, energie.beschikbaar, energie.uiterlijk) == (
        VoorstelSoort.overig, "Fysiek", date(2027, 2, 1), date(2027, 3, 29))
    assert db.exec(select(Afmelding.voorstel_id, Afmelding.gemeente_id, Afmelding.reden)).all() == [
        (energie.id, helmond.id, None)]


def test_meeting_key_uses_sorted_bodies_and_utc():
    from datetime import timedelta, timezone

    start = datetime(2027, 4, 7, 19, 30, tzinfo=timezone(timedelta(hours=2)))
    assert meeting_key(["b-raad", "a-ab"], start) == "a-ab+b-raad@2027-04-07T17:30:00Z"
    long_key = meeting_key([f"orgaan-{i:03d}-met-een-lange-naam" for i in range(12)], start)
    assert len(long_key) <= 200 and long_key.endswith("@2027-04-07T17:30:00Z")


# --- idempotence and updates ---------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(db):
    import_path(db, REGIO)
    db.flush()
    before_counts, before = counts(db), snapshot(db)

    again = import_path(db, REGIO)

    assert again.created == 0 and again.updated == 0 and not again.changed
    assert again.counts["vergaderingen"].unchanged == 5
    assert again.counts["lidmaatschappen"].unchanged == 7
    assert again.counts["recessen"].unchanged == 2 and again.counts["recessen"].removed == 0
    assert (again.counts["voorstellen"].unchanged, again.counts["afmeldingen"].unchanged,
            again.counts["behandelingen"].unchanged) == (2, 1, 2)
    assert "Niets gewijzigd" in again.describe()
    assert counts(db) == before_counts
    assert snapshot(db) == before


def test_a_changed_file_updates_the_same_rows(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    before_counts = counts(db)
    raadsvergadering = meeting(db, "ehv-raad-2027-01")
    meeting_id, was_modified = raadsvergadering.id, raadsvergadering.modified_at
    groenlinks_id = by(db, Fractie, naam="GroenLinks").id
    commissie = meeting(db, "eindhoven-commissie-bestuur@2027-01-12T18:30:00Z")

    changed = variant(
        tmp_path,
        ('start: "2027-01-26T19:30:00+01:00"', 'start: "2027-01-26T20:00:00+01:00"'),
        ("{naam: GroenLinks, zetels: 9}", "{naam: GroenLinks, zetels: 10}"),
        ("{nummer: 2, titel: Vaststelling van de agenda}", "{nummer: 2, titel: Vaststelling agenda}"),
        ("naam: Commissie Bestuur\n        start", "naam: Commissie Bestuur (openbaar)\n        start"),
        ("{naam: zomerreces, van: 2027-07-10", "{naam: zomerreces, van: 2027-07-03"),
    )
    summary = import_path(db, changed)

    assert summary.counts["vergaderingen"].updated == 2 and summary.counts["vergaderingen"].created == 0
    assert summary.counts["fracties"].updated == 1 and summary.counts["agendapunten"].updated == 1
    recessen = summary.counts["recessen"]
    assert (recessen.removed, recessen.created, recessen.unchanged) == (1, 1, 1)
    assert summary.counts["gemeenten"].updated == 0
    db.expire_all()
    moved = meeting(db, "ehv-raad-2027-01")
    assert moved.id == meeting_id
    assert moved.start == datetime(2027, 1, 26, 19, 0, tzinfo=UTC)
    assert (moved.versie, moved.sequence) == (2, 1)
    assert moved.modified_at > was_modified
    renamed = db.get(Vergadering, commissie.id)
    assert (renamed.naam, renamed.versie, renamed.sequence) == ("Commissie Bestuur (openbaar)", 2, 0)
    assert by(db, Fractie, naam="GroenLinks").id == groenlinks_id
    assert by(db, Fractie, naam="GroenLinks").zetels == 10
    assert by(db, Agendapunt, vergadering_id=meeting_id, volgorde=2).titel == "Vaststelling agenda"
    # The dropped recess is soft-deleted, so the open data can report it.
    assert sorted(db.exec(select(Reces.van, col(Reces.deleted_at).is_not(None)).where(Reces.naam == "zomerreces"))) == [
        (date(2027, 7, 3), False), (date(2027, 7, 10), True)]
    assert counts(db) == before_counts | {"reces": before_counts["reces"] + 1}  # updated, never duplicated


def test_the_import_never_deletes_and_omitted_keys_keep_their_value(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    before_counts = counts(db)
    shorter = variant(
        tmp_path,
        ('      - {orgaan: testregio-ab, naam: Algemeen bestuur, start: "2027-03-03T14:00:00+01:00", '
         'einde: "2027-03-03T16:00:00+01:00"}\n', ""),
        ("  - {id: p4, naam: D. Bakker}\n", ""),
        ("          - {persoon: p4, gemeente: GM0794, fractie: CDA, van: 2026-04-01}\n", ""),
        ("        locatie: Raadzaal, Stadhuis Eindhoven\n", ""),
        ("    vergaderdag: dinsdag\n", ""),
        ("    planning: {aanvang: 20:00, publicatie_dagen: 12, max_agendapunten: 14}\n",
         "    planning: {max_agendapunten: 14}\n"),
        ("        vergaderdag: woensdag\n        aanvang: \"14:00\"\n", ""),
        ("    termijnen: {ontwerpbegroting_weken: 14}\n", ""),
        (", zonder: [GM0794]}", "}"),
        ("          - {orgaan: eindhoven-raad, rol: zienswijze, vergadering: testregio-gezamenlijk-2027}\n", ""),
    )
    summary = import_path(db, shorter)

    assert not summary.changed
    assert counts(db) == before_counts
    assert meeting(db, "ehv-raad-2027-01").locatie == "Raadzaal, Stadhuis Eindhoven"
    eindhoven = by(db, Gemeente, code="GM0772")
    assert (eindhoven.vergaderdag, eindhoven.aanvang, eindhoven.publicatie_dagen) == (1, time(20, 0), 12)
    assert (by(db, Orgaan, slug="testregio-ab").vergaderdag, by(db, Orgaan, slug="testregio-ab").aanvang) == (
        2, time(14, 0))
    assert by(db, Regeling, slug="testregio").termijnen == {"ontwerpbegroting_weken": 14}
    assert db.exec(select(func.count()).select_from(Afmelding).where(col(Afmelding.deleted_at).is_(None))).one() == 1
    assert by(db, Persoon, sleutel="p4").naam == "D. Bakker"


def test_a_cancelled_meeting_raises_sequence_and_a_deleted_one_stays_deleted(db, tmp_path):
    from app.db import utcnow

    import_path(db, REGIO)
    db.flush()
    helmond = meeting(db, "helmond-raad@2027-02-04T18:30:00Z")
    helmond.deleted_at = utcnow()
    db.add(helmond)
    db.flush()
    changed = variant(
        tmp_path,
        ("        locatie: Raadzaal, Stadhuis Eindhoven\n",
         "        locatie: Raadzaal, Stadhuis Eindhoven\n        status: geannuleerd\n"),
        ('einde: "2027-02-04T23:00:00+01:00"}', 'einde: "2027-02-04T23:30:00+01:00"}'),
    )
    summary = import_path(db, changed)
    assert summary.counts["vergaderingen"].updated == 1
    db.expire_all()
    cancelled = meeting(db, "ehv-raad-2027-01")
    assert (cancelled.status.value, cancelled.versie, cancelled.sequence) == ("geannuleerd", 2, 1)
    kept = meeting(db, "helmond-raad@2027-02-04T18:30:00Z")
    assert kept.deleted_at is not None
    assert (kept.einde, kept.versie) == (datetime(2027, 2, 4, 22, 0, tzinfo=UTC), 1)


def test_demo_flag_marks_gemeenten_and_regelingen(db, tmp_path):
    import_path(db, variant(tmp_path, ("gemeenten:\n", "demo: true\ngemeenten:\n")))
    db.expire_all()
    assert db.exec(select(Gemeente.demo)).all() == [True, True]
    assert db.exec(select(Regeling.demo)).all() == [True]
    # Without the flag the marking stays; demo=False on the call clears it.
    assert not import_path(db, REGIO).changed
    import_path(db, REGIO, demo=False)
    db.expire_all()
    assert db.exec(select(Gemeente.demo)).all() == [False, False]


# --- the example of issue 2 ----------------------------------------------------------------------------


def test_the_example_of_the_issue_imports_and_makes_its_committee(db, tmp_path):
    summary = import_path(db, FIXTURES / "issue-voorbeeld.yaml")

    assert {k: t.created for k, t in summary.counts.items()} == {
        "gemeenten": 1, "fracties": 1, "recessen": 1, "regelingen": 1, "deelnames": 1,
        "organen": 3,  # the raad, the committee named by a meeting, the AB
        "personen": 1, "lidmaatschappen": 2, "vergaderingen": 3, "agendapunten": 0,
        "voorstellen": 0, "afmeldingen": 0, "behandelingen": 0,
    }
    db.expire_all()
    eindhoven = by(db, Gemeente, code="GM0772")
    commissie = by(db, Orgaan, slug="eindhoven-commissie-bestuur")
    assert (commissie.naam, commissie.soort, commissie.gemeente_id) == ("Commissie Bestuur", Soort.commissie,
                                                                         eindhoven.id)
    vergadering = meeting(db, "eindhoven-commissie-bestuur@2027-01-12T18:30:00Z")
    assert vergadering.naam is None  # the naam is the committee's, not a title as well
    assert db.exec(select(VergaderingOrgaan.orgaan_id).where(
        VergaderingOrgaan.vergadering_id == vergadering.id)).all() == [commissie.id]
    assert (meeting(db, "eindhoven-raad@2027-01-26T18:30:00Z").einde,
            meeting(db, "mre-ab@2027-03-03T13:00:00Z").naam) == (datetime(2027, 1, 26, 22, 0, tzinfo=UTC), None)
    assert by(db, Reces, gemeente_id=eindhoven.id).naam == "zomerreces"
    mre = by(db, Regeling, slug="mre")
    assert (mre.vorm, mre.synchronisatie) == (Vorm.openbaar_lichaam, Synchronisatie.raadstafel)
    assert by(db, Deelname, regeling_id=mre.id).bijdrage == Decimal("1234567.00")
    p1 = by(db, Persoon, sleutel="p1")
    assert by(db, Lidmaatschap, persoon_id=p1.id, orgaan_id=by(db, Orgaan, slug="mre-ab").id).rol == Rol.lid
    assert by(db, Lidmaatschap, persoon_id=p1.id, orgaan_id=by(db, Orgaan, slug="eindhoven-raad").id)

    assert not import_path(db, FIXTURES / "issue-voorbeeld.yaml").changed
    # Once the committee exists, another naam is the title of that one meeting.
    retitled = variant(tmp_path, ("naam: Commissie Bestuur, start", "naam: Extra commissievergadering, start"),
                       source=FIXTURES / "issue-voorbeeld.yaml")
    assert import_path(db, retitled).counts["vergaderingen"].updated == 1
    db.expire_all()
    assert (meeting(db, "eindhoven-commissie-bestuur@2027-01-12T18:30:00Z").naam,
            by(db, Orgaan, slug="eindhoven-commissie-bestuur").naam) == ("Extra commissievergadering",
                                                                          "Commissie Bestuur")


# --- planning rules, voorstellen and opt-outs -----------------------------------------------------------


def test_planning_rules_bodies_and_voorstellen_update_the_same_rows(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    before_counts = counts(db)
    kadernota = by(db, Voorstel, sleutel="testregio-kadernota-2028")
    changed = variant(
        tmp_path,
        ("planning: {aanvang: 20:00, publicatie_dagen: 12,", "planning: {aanvang: 19:00, publicatie_dagen: 7,"),
        ("        vergaderdag: woensdag\n        aanvang: \"14:00\"\n",
         "        vergaderdag: donderdag\n        aanvang: \"15:00\"\n"),
        ("        domein: Integraal\n", "        domein: null\n"),
        ("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {ontwerpbegroting_weken: 13, kadernota_voor: 04-15}"),
        ("        titel: Kadernota 2028\n", "        titel: Kadernota 2028 (herzien)\n        toelichting: Met de "
                                             "voorlopige jaarrekening.\n"),
        ("rol: informatie, vergadering: \"testregio-ab@2027-03-03T13:00:00Z\"", "rol: informatie"),
        ("rol: zienswijze, vergadering: testregio-gezamenlijk-2027}", "rol: zienswijze, vergadering: null}"),
    )
    summary = import_path(db, changed)

    assert (summary.counts["gemeenten"].updated, summary.counts["organen"].updated,
            summary.counts["regelingen"].updated) == (1, 2, 1)
    assert (summary.counts["voorstellen"].updated, summary.counts["voorstellen"].unchanged) == (1, 1)
    # Omitting `vergadering` keeps the meeting; null takes the behandeling out of its meeting.
    assert (summary.counts["behandelingen"].updated, summary.counts["behandelingen"].unchanged) == (1, 1)
    assert counts(db) == before_counts
    db.expire_all()
    eindhoven = by(db, Gemeente, code="GM0772")
    assert (eindhoven.aanvang, eindhoven.publicatie_dagen, eindhoven.max_agendapunten) == (time(19, 0), 7, 14)
    ab, raadstafel = by(db, Orgaan, slug="testregio-ab"), by(db, Orgaan, slug="testregio-raadstafel")
    assert (ab.vergaderdag, ab.aanvang, raadstafel.domein) == (3, time(15, 0), None)
    assert by(db, Regeling, slug="testregio").termijnen == {"ontwerpbegroting_weken": 13, "kadernota_voor": "04-15"}
    herzien = db.get(Voorstel, kadernota.id)
    assert (herzien.titel, herzien.toelichting) == ("Kadernota 2028 (herzien)", "Met de voorlopige jaarrekening.")
    assert db.exec(select(Behandeling.rol, col(Behandeling.vergadering_id).is_(None)).where(
        Behandeling.voorstel_id == kadernota.id).order_by(Behandeling.id)).all() == [
        (BehandelingRol.informatie, False), (BehandelingRol.zienswijze, True)]
    assert not import_path(db, changed).changed


def test_zonder_replaces_the_opt_outs_and_a_dropped_one_comes_back_as_the_same_row(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    helmond = by(db, Afmelding, deleted_at=None)
    eindhoven_id = by(db, Gemeente, code="GM0772").id

    swapped = variant(tmp_path, ("zonder: [GM0794]", "zonder: [GM0772]"))
    tally = import_path(db, swapped).counts["afmeldingen"]
    assert (tally.created, tally.removed, tally.unchanged) == (1, 1, 0)
    db.expire_all()
    assert db.get(Afmelding, helmond.id).deleted_at is not None
    assert by(db, Afmelding, deleted_at=None).gemeente_id == eindhoven_id

    empty = import_path(db, variant(tmp_path, ("zonder: [GM0794]", "zonder: []"))).counts["afmeldingen"]
    assert (empty.created, empty.removed) == (0, 1)
    back = import_path(db, REGIO).counts["afmeldingen"]
    assert (back.created, back.removed, back.unchanged) == (1, 0, 0)
    db.expire_all()
    assert db.get(Afmelding, helmond.id).deleted_at is None  # the same row, revived
    assert counts(db)["afmelding"] == 2
    assert not import_path(db, REGIO).changed


def test_only_a_deelnemer_opts_out_and_a_time_is_text(db, tmp_path):
    import_path(db, REGIO_JSON)  # Zeist exists, but does not take part in the testregio
    broken = variant(tmp_path, ("zonder: [GM0794]", "zonder: [GM0794, GM0355]"))
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    line = line_of(broken, "GM0355")
    assert raised.value.errors == [{"name": "regelingen[0].voorstellen[1].zonder[1]", "reason": (
        "Zeist (GM0355) is geen deelnemer van regeling testregio; alleen een deelnemer kan zich afmelden")}]
    assert f"(regel {line})" in raised.value.detail

    data = json.loads(REGIO_JSON.read_text(encoding="utf-8"))
    data["gemeenten"][0]["planning"]["aanvang"] = 1930
    data["regelingen"][0]["organen"][0]["aanvang"] = "19.30"
    with pytest.raises(Invalid) as raised:
        import_document(db, data)
    assert {e["name"]: e["reason"] for e in raised.value.errors} == {
        "gemeenten[0].planning.aanvang": 'schrijf een tijd als tekst, bijvoorbeeld "19:30"',
        "regelingen[0].organen[0].aanvang": "‘19.30’ is geen geldige tijd; schrijf uu:mm, bijvoorbeeld 19:30"}


def test_a_voorstel_stays_with_its_regeling_and_a_deleted_one_stays_deleted(db, tmp_path):
    from app.db import utcnow

    import_path(db, REGIO)
    db.flush()
    path = tmp_path / "tweede.yaml"
    path.write_text("regelingen:\n  - slug: tweede\n    naam: Tweede\n    vorm: bedrijfsvoeringsorganisatie\n"
                    "    voorstellen:\n      - {id: testregio-energie, titel: Energie}\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert raised.value.errors == [{"name": "regelingen[0].voorstellen[0].id", "reason": (
        "voorstel testregio-energie (Regionale energiestrategie) hoort bij regeling testregio; een import geeft "
        "het niet aan regeling tweede. Is het een ander voorstel, geef het dan een andere `id`")}]
    assert "(regel 6)" in raised.value.detail

    energie = by(db, Voorstel, sleutel="testregio-energie")
    energie.deleted_at = utcnow()
    db.add(energie)
    db.flush()
    summary = import_path(db, variant(tmp_path, ("titel: Regionale energiestrategie", "titel: Energiestrategie"),
                                      ("zonder: [GM0794]", "zonder: [GM0772]")))
    assert (summary.counts["voorstellen"].updated, summary.counts["afmeldingen"].total) == (0, 0)
    db.expire_all()
    assert db.get(Voorstel, energie.id).titel == "Regionale energiestrategie"


# --- keys are global: one council's file cannot take over another's rows ---------------------------------


def test_a_file_cannot_move_another_councils_persoon(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    before = snapshot(db)
    path = tmp_path / "eindhoven.yaml"
    path.write_text("personen:\n"
                    "  - {id: p1, naam: A. de Vries-Smit}\n"
                    "  - {id: p3, naam: C. van Dijk, gemeente: GM0772, fractie: GroenLinks}\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert raised.value.errors == [{"name": "personen[1].gemeente", "reason": (
        "persoon ‘p3’ (C. van Dijk) hoort bij gemeente Helmond (GM0794); een import verhuist niemand naar een "
        "andere gemeente. Is het een andere persoon, geef dan een andere `id`")}]
    assert "personen[1].gemeente (regel 3)" in raised.value.detail
    assert snapshot(db) == before


def test_a_file_cannot_hand_a_meeting_to_other_bodies_owners(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    before = snapshot(db)
    path = tmp_path / "helmond.yaml"
    path.write_text("gemeenten:\n"
                    "  - code: GM0794\n    naam: Helmond\n    provincie: Noord-Brabant\n    inwoners: 95800\n"
                    "    vergaderingen:\n"
                    "      - {id: ehv-raad-2027-01, orgaan: raad, start: '2027-01-26T19:30:00+01:00',"
                    " einde: '2027-01-26T23:00:00+01:00'}\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert raised.value.errors == [{"name": "gemeenten[0].vergaderingen[0].id", "reason": (
        "vergadering ehv-raad-2027-01 is van gemeente Eindhoven (GM0772); een import geeft haar niet aan "
        "gemeente Helmond (GM0794). Is het een andere vergadering, geef haar dan een andere `id`")}]
    assert snapshot(db) == before

    # Within its owners a meeting may change bodies: versioned like any change.
    moved = variant(tmp_path, ("organen: [testregio-raadstafel, eindhoven-raad]",
                               "organen: [testregio-ab, eindhoven-raad]"))
    assert import_path(db, moved).counts["vergaderingen"].updated == 1
    db.expire_all()
    joint = meeting(db, "testregio-gezamenlijk-2027")
    assert (joint.versie, joint.sequence) == (2, 0)
    assert sorted(db.exec(select(Orgaan.slug).join(VergaderingOrgaan).where(
        VergaderingOrgaan.vergadering_id == joint.id))) == ["eindhoven-raad", "testregio-ab"]


# --- writes: one versioned path, all or nothing ---------------------------------------------------------


def test_a_meeting_changed_in_the_portal_during_the_import_is_a_conflict_and_nothing_lands(db, tmp_path,
                                                                                             monkeypatch):
    from app.importer.service import _Import

    import_path(db, REGIO)
    db.flush()
    db.expire_all()
    before_counts, before = counts(db), snapshot(db)
    changed = variant(tmp_path, ('start: "2027-01-26T19:30:00+01:00"', 'start: "2027-01-26T20:00:00+01:00"'),
                      ("{naam: GroenLinks, zetels: 9}", "{naam: GroenLinks, zetels: 10}"))
    check = _Import.check

    def check_then_edit_in_the_portal(self):
        check(self)  # the import has read the meeting; now a griffier saves it
        self.s.execute(sa.text("UPDATE vergadering SET versie = versie + 1 WHERE sleutel = 'ehv-raad-2027-01'"))

    monkeypatch.setattr(_Import, "check", check_then_edit_in_the_portal)
    with pytest.raises(Conflict) as raised:
        import_path(db, changed)
    assert raised.value.detail.startswith("Vergadering ehv-raad-2027-01 (gemeenten[0].vergaderingen[0]) is tijdens "
                                          "het importeren in de portal gewijzigd; er is niets geïmporteerd.")
    assert counts(db) == before_counts
    after = snapshot(db)
    portal_edit = meeting(db, "ehv-raad-2027-01")
    assert (portal_edit.versie, portal_edit.start) == (2, datetime(2027, 1, 26, 18, 30, tzinfo=UTC))
    assert {k: v for k, v in after.items() if k != "versies"} == {k: v for k, v in before.items() if k != "versies"}
    assert by(db, Fractie, naam="GroenLinks").zetels == 9


def test_a_database_error_while_writing_leaves_nothing_written(db, tmp_path, monkeypatch):
    from app.importer.service import _Import

    import_path(db, REGIO)
    db.flush()
    before_counts, before = counts(db), snapshot(db)
    write_meetings = _Import._write_vergaderingen

    def write_then_fail(self):
        write_meetings(self)  # everything before and including the meetings is flushed by now
        self.s.execute(sa.text("SELECT * FROM tabel_die_niet_bestaat"))

    monkeypatch.setattr(_Import, "_write_vergaderingen", write_then_fail)
    changed = variant(tmp_path, ('start: "2027-01-26T19:30:00+01:00"', 'start: "2027-01-26T20:00:00+01:00"'),
                      ("{naam: GroenLinks, zetels: 9}", "{naam: GroenLinks, zetels: 10}"),
                      ("  - {id: p4, naam: D. Bakker}\n", "  - {id: p4, naam: D. Bakker}\n  - {id: p5, naam: E. N}\n"))
    with pytest.raises(Invalid) as raised:
        import_path(db, changed)
    assert raised.value.detail.startswith("regio.yaml is niet geïmporteerd; er is niets gewijzigd. De database "
                                          "weigerde een waarde")
    assert counts(db) == before_counts  # the session still works: the import rolled back to its savepoint
    assert snapshot(db) == before
    assert by(db, Fractie, naam="GroenLinks").zetels == 9


# --- recesses and what the portal deleted ----------------------------------------------------------------


def test_a_dropped_recess_is_soft_deleted_and_comes_back_when_the_file_names_it_again(db, tmp_path):
    import_path(db, REGIO)
    db.flush()
    kerst = by(db, Reces, naam="kerstreces")
    shorter = variant(tmp_path, ("      - {naam: kerstreces, van: 2027-12-18, tot: 2028-01-02}\n", ""))

    first = import_path(db, shorter).counts["recessen"]
    assert (first.removed, first.unchanged, first.created) == (1, 1, 0)
    db.expire_all()
    assert db.get(Reces, kerst.id).deleted_at is not None
    again = import_path(db, shorter).counts["recessen"]  # a deleted recess is no current one
    assert (again.removed, again.unchanged, again.created) == (0, 1, 0)

    back = import_path(db, REGIO).counts["recessen"]
    assert (back.removed, back.unchanged, back.created) == (0, 1, 1)
    db.expire_all()
    assert db.get(Reces, kerst.id).deleted_at is None  # the same row, revived
    assert counts(db)["reces"] == 2
    assert not import_path(db, REGIO).changed


def test_deleted_organen_and_gemeenten_are_unknown_to_the_import(db, tmp_path):
    from app.db import utcnow

    import_path(db, REGIO)
    db.flush()
    for row in (by(db, Orgaan, slug="eindhoven-commissie-bestuur"), by(db, Orgaan, slug="helmond-raad")):
        row.deleted_at = utcnow()
        db.add(row)
    db.flush()
    before = snapshot(db)
    with pytest.raises(Invalid) as raised:
        import_path(db, REGIO)
    assert {e["name"]: e["reason"] for e in raised.value.errors} == {
        "gemeenten[0].organen[0].slug": "orgaan eindhoven-commissie-bestuur is in de portal verwijderd; "
                                        "een import brengt het niet terug",
        "gemeenten[1]": "orgaan helmond-raad is in de portal verwijderd; een import brengt het niet terug",
    }
    later = tmp_path / "later.yaml"
    later.write_text("regelingen:\n  - slug: tweede\n    naam: Tweede\n    vorm: bedrijfsvoeringsorganisatie\n"
                     "    vergaderingen: [{orgaan: helmond-raad, start: '2027-05-11T19:30:00+02:00',"
                     " einde: '2027-05-11T21:00:00+02:00'}]\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, later)
    assert [e["name"] for e in raised.value.errors] == ["regelingen[0].vergaderingen[0].orgaan"]
    assert raised.value.errors[0]["reason"].startswith("onbekend orgaan ‘helmond-raad’")

    helmond = by(db, Gemeente, code="GM0794")
    helmond.deleted_at = utcnow()
    db.add(helmond)
    db.flush()
    later.write_text("personen:\n  - {id: p9, naam: I. Nieuw, gemeente: GM0794}\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, later)
    assert raised.value.errors == [{"name": "personen[0].gemeente", "reason": (
        "onbekende gemeentecode GM0794; noem de gemeente onder `gemeenten`")}]
    with pytest.raises(Invalid) as raised:
        import_path(db, REGIO)
    assert {"name": "gemeenten[1].code", "reason": "gemeente GM0794 is in de portal verwijderd; een import brengt "
                                                   "haar niet terug"} in raised.value.errors
    assert snapshot(db)["vergadering"] == before["vergadering"]

# --- broken files --------------------------------------------------------------------------------------

BROKEN = [
    pytest.param(("van: 2027-07-10", "van: 2027-02-30"), "gemeenten[0].reces[0].van", "2027-02-30",
                 "'2027-02-30' is geen geldige datum", id="bad-date"),
    pytest.param(('start: "2027-01-26T19:30:00+01:00"', 'start: "2027-01-26T19:30:00"'),
                 "gemeenten[0].vergaderingen[0].start", "2027-01-26T19:30:00", "tijdstip zonder tijdzone",
                 id="naive-datetime"),
    pytest.param(("start: 2027-01-12T19:30:00+01:00", "start: 2027-01-12T23:30:00+01:00"),
                 "gemeenten[0].vergaderingen[1]", "orgaan: commissie-bestuur", "`einde` moet na `start` liggen",
                 id="end-before-start"),
    pytest.param(("{gemeente: GM0794, inwoners: 95800", "{gemeente: GM9999, inwoners: 95800"),
                 "regelingen[0].deelnemers[1].gemeente", "GM9999", "onbekende gemeentecode GM9999",
                 id="unknown-gemeente"),
    pytest.param(("    slug: helmond", "    slug: helmond-stad"), "gemeenten[1].slug", "slug: helmond-stad",
                 "Helmond heeft al de slug helmond; een slug is deel van de webadressen en kan niet veranderen",
                 id="slug-change"),
    pytest.param(("- slug: testregio-raadstafel", "- slug: testregio-ab  # dubbel"), "regelingen[0].organen[1].slug",
                 "# dubbel", "orgaanslug testregio-ab komt twee keer voor", id="duplicate-orgaan-slug"),
    pytest.param(("- slug: testregio-raadstafel", "- slug: eindhoven-raad"), "regelingen[0].organen[1].slug",
                 "- slug: eindhoven-raad", "orgaanslug eindhoven-raad komt twee keer voor: ook de raad van Eindhoven",
                 id="slug-clashes-with-raad"),
    pytest.param(("{persoon: p2}", "{persoon: p9}"), "regelingen[0].organen[1].leden[0].persoon", "p9",
                 "onbekende persoon ‘p9’", id="unknown-persoon"),
    pytest.param(("fractie: VVD}", "fractie: PVV}"), "personen[1].fractie", "PVV",
                 "onbekende fractie ‘PVV’ in Eindhoven (bekend: GroenLinks, VVD)", id="unknown-fractie"),
    pytest.param(('{orgaan: raad, start: "2027-02-04', '{orgaan: commissie-ruimte, start: "2027-02-04'),
                 "gemeenten[1].vergaderingen[0].orgaan", "commissie-ruimte",
                 "onbekend orgaan ‘commissie-ruimte’ in Helmond", id="unknown-orgaan"),
    pytest.param(("    vergaderdag: dinsdag\n", "    vergaderdag: dinsdag\n    burgemeester: J. Jorritsma\n"),
                 "gemeenten[0].burgemeester", "burgemeester", "onbekend veld ‘burgemeester’", id="unknown-field"),
    pytest.param(("soort: algemeen_bestuur", "soort: hoofdbestuur"), "regelingen[0].organen[0].soort",
                 "hoofdbestuur", "'hoofdbestuur' is geen geldige waarde; kies uit", id="bad-enum"),
    pytest.param(("{id: p2, naam: B. Jansen", "{id: p1, naam: B. Jansen"), "personen[1].id", "id: p1, naam: B.",
                 "persoon ‘p1’ komt twee keer voor", id="duplicate-persoon"),
    pytest.param(("inwoners: 246417", "inwoners: 99999999999999999999"), "gemeenten[0].inwoners",
                 "99999999999999999999", "mag hoogstens 2147483647 zijn", id="too-many-inwoners"),
    pytest.param(("{gemeente: GM0794, inwoners: 95800", "{gemeente: GM0794, inwoners: 2147483648"),
                 "regelingen[0].deelnemers[1].inwoners", "2147483648", "mag hoogstens 2147483647 zijn",
                 id="deelnemer-inwoners-over-int32"),
    pytest.param(("{naam: VVD, zetels: 6}", "{naam: VVD, zetels: 101}"), "gemeenten[0].fracties[1].zetels",
                 "zetels: 101", "mag hoogstens 100 zijn", id="too-many-seats"),
    pytest.param(("bijdrage: 368830.10", "bijdrage: 123456789012345.10"), "regelingen[0].deelnemers[1].bijdrage",
                 "123456789012345.10", "getal te groot", id="bijdrage-too-big"),
    pytest.param(('start: "2027-02-04T19:30:00+01:00"', 'start: "0001-01-01T00:30:00+01:00"'),
                 "gemeenten[1].vergaderingen[0].start", "0001-01-01", "kies een tijdstip tussen de jaren 1900 en 2200",
                 id="year-out-of-range"),
    pytest.param(("bijdrage: 368830.10", "bijdrage: 368830.105"), "regelingen[0].deelnemers[1].bijdrage",
                 "368830.105", "hoogstens 2 cijfers achter de komma", id="too-many-decimals"),
    # The planner's inputs.
    pytest.param(("{aanvang: 20:00,", "{aanvang: 25:00,"), "gemeenten[0].planning.aanvang", "25:00",
                 "‘25:00’ is geen geldige tijd; schrijf uu:mm, bijvoorbeeld 19:30", id="aanvang-25-00"),
    pytest.param(('aanvang: "14:00"', 'aanvang: "7 uur"'), "regelingen[0].organen[0].aanvang", "7 uur",
                 "‘7 uur’ is geen geldige tijd", id="orgaan-aanvang-words"),
    pytest.param(("max_agendapunten: 14}", "max_agendapunten: 14, duur_minuten: 1441}"),
                 "gemeenten[0].planning.duur_minuten", "duur_minuten: 1441", "mag hoogstens 1440 zijn",
                 id="duur-too-long"),
    pytest.param(("publicatie_dagen: 12,", "publicatie_dagen: 121,"), "gemeenten[0].planning.publicatie_dagen",
                 "publicatie_dagen: 121", "mag hoogstens 120 zijn", id="publicatie-too-long"),
    pytest.param(("max_agendapunten: 14}", "max_agendapunten: 0}"), "gemeenten[0].planning.max_agendapunten",
                 "max_agendapunten: 0", "moet minstens 1 zijn", id="agenda-takes-nothing"),
    pytest.param(("{aanvang: 20:00,", "{start: 20:00,"), "gemeenten[0].planning.start", "{start: 20:00",
                 "onbekend veld ‘start’", id="unknown-planning-key"),
    pytest.param(('vergaderdag: woensdag\n        aanvang: "14:00"',
                  'vergaderdag: woensdagavond\n        aanvang: "14:00"'), "regelingen[0].organen[0].vergaderdag",
                 "woensdagavond", "'woensdagavond' is geen geldige waarde; kies uit", id="bad-weekday"),
    pytest.param(("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {Ontwerpbegroting: 14}"),
                 "regelingen[0].termijnen.Ontwerpbegroting", "Ontwerpbegroting:",
                 "'Ontwerpbegroting' heeft niet de juiste vorm: een termijn heet in kleine letters", id="termijn-key"),
    # The regeling's own terms: known ones, never laxer than the law (app.planning.pc.Termijnen).
    pytest.param(("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {ontwerpbegroting_weken: 10}"),
                 "regelingen[0].termijnen", "ontwerpbegroting_weken: 10",
                 "De regeling mag de termijn van Wgr art. 35 lid 1 (12 weken) niet verkorten; 10 weken is korter.",
                 id="termijn-laxer-than-the-law"),
    pytest.param(("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {begroting_dagen: 3}"),
                 "regelingen[0].termijnen", "begroting_dagen", "Onbekende termijn: begroting_dagen. Bekend zijn: "
                 "ontwerpbegroting_weken,", id="termijn-unknown"),
    pytest.param(("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {kadernota_voor: 05-15}"),
                 "regelingen[0].termijnen", "kadernota_voor", "De regeling mag de kadernota niet later vragen dan de "
                 "wet (Wgr art. 34b: vóór 30 april)", id="kadernota-later-than-the-law"),
    pytest.param(("termijnen: {ontwerpbegroting_weken: 14}", "termijnen: {ontwerpbegroting_weken: 12.5}"),
                 "regelingen[0].termijnen.ontwerpbegroting_weken", "ontwerpbegroting_weken: 12.5",
                 "een termijn is een geheel getal (weken of dagen) of een dag als MM-DD", id="termijn-fraction"),
    pytest.param(("zonder: [GM0794]", "zonder: [GM0355]"), "regelingen[0].voorstellen[1].zonder[0]", "GM0355",
                 "GM0355 is geen deelnemer van regeling testregio; alleen een deelnemer kan zich afmelden",
                 id="opt-out-unknown"),
    pytest.param(("zonder: [GM0794]", "zonder: [GM0794, GM0794]"), "regelingen[0].voorstellen[1].zonder[1]",
                 "zonder: [GM0794, GM0794]", "gemeente GM0794 staat twee keer in `zonder`", id="opt-out-twice"),
    pytest.param(("uiterlijk: 2027-03-29", "uiterlijk: 2027-01-29"), "regelingen[0].voorstellen[1]",
                 "{id: testregio-energie", "`uiterlijk` ligt voor `beschikbaar`", id="uiterlijk-before-beschikbaar"),
    pytest.param(("{id: testregio-energie,", "{id: testregio-kadernota-2028,"), "regelingen[0].voorstellen[1].id",
                 "{id: testregio-kadernota-2028,", "voorstel ‘testregio-kadernota-2028’ komt twee keer voor "
                 "(ook in regelingen[0].voorstellen[0])", id="duplicate-voorstel"),
    pytest.param(("soort: kadernota", "soort: nota"), "regelingen[0].voorstellen[0].soort", "soort: nota",
                 "'nota' is geen geldige waarde; kies uit", id="bad-voorstel-soort"),
    pytest.param(("vergadering: testregio-gezamenlijk-2027}", "vergadering: testregio-gezamenlijk-2026}"),
                 "regelingen[0].voorstellen[0].behandelingen[1].vergadering", "gezamenlijk-2026",
                 "onbekende vergadering ‘testregio-gezamenlijk-2026’", id="behandeling-unknown-meeting"),
    pytest.param(("{orgaan: eindhoven-raad, rol: zienswijze", "{orgaan: helmond-raad, rol: zienswijze"),
                 "regelingen[0].voorstellen[0].behandelingen[1].orgaan", "orgaan: helmond-raad, rol",
                 "helmond-raad vergadert niet in vergadering testregio-gezamenlijk-2027 (daar vergadert "
                 "eindhoven-raad, testregio-raadstafel)", id="behandeling-body-not-in-meeting"),
    pytest.param(("{orgaan: eindhoven-raad, rol: zienswijze", "{orgaan: eindhoven-ab, rol: zienswijze"),
                 "regelingen[0].voorstellen[0].behandelingen[1].orgaan", "orgaan: eindhoven-ab",
                 "onbekend orgaan ‘eindhoven-ab’", id="behandeling-unknown-body"),
    pytest.param(('{orgaan: testregio-ab, rol: informatie, vergadering: "testregio-ab@2027-03-03T13:00:00Z"}',
                  "{orgaan: eindhoven-raad, rol: zienswijze}"),
                 "regelingen[0].voorstellen[0].behandelingen[1]", "rol: zienswijze, vergadering: testregio-gezamenlijk",
                 "eindhoven-raad behandelt dit voorstel twee keer als zienswijze", id="behandeling-twice"),
]


@pytest.mark.parametrize(("change", "path", "needle", "reason"), BROKEN)
def test_a_broken_file_is_refused_with_its_place_and_nothing_changes(db, tmp_path, change, path, needle, reason):
    import_path(db, REGIO)
    db.flush()
    before_counts, before = counts(db), snapshot(db)
    # Every broken file also carries a valid change, which must not land either.
    broken = variant(tmp_path, ("{naam: GroenLinks, zetels: 9}", "{naam: GroenLinks, zetels: 12}"), change)

    with pytest.raises(Invalid) as raised:
        import_path(db, broken)

    line = line_of(broken, needle)
    assert f"- {path} (regel {line}): {reason}" in raised.value.detail
    assert raised.value.detail.startswith("regio.yaml is niet geïmporteerd; er is niets gewijzigd.")
    assert any(e["name"] == path and e["reason"].startswith(reason) for e in raised.value.errors)
    assert counts(db) == before_counts
    assert snapshot(db) == before
    assert by(db, Fractie, naam="GroenLinks").zetels == 9


def test_a_broken_file_in_an_empty_database_writes_nothing(db, tmp_path):
    before = counts(db)
    with pytest.raises(Invalid):
        import_path(db, variant(tmp_path, ("{persoon: p2}", "{persoon: p9}")))
    assert counts(db) == before


def test_a_gemeente_slug_used_twice_is_refused(db, tmp_path):
    broken = variant(tmp_path, ("    slug: helmond", "    slug: eindhoven"))
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    line = line_of(broken, "slug: eindhoven")
    # One message, not a second one for the raad slug that the duplicate would also clash on.
    assert raised.value.errors == [{"name": "gemeenten[1].slug",
                                    "reason": "gemeenteslug eindhoven komt twee keer voor (ook in gemeenten[0])"}]
    assert f"- gemeenten[1].slug (regel {line}): gemeenteslug eindhoven" in raised.value.detail
    assert counts(db)["gemeente"] == 0


def test_every_error_is_reported_not_just_the_first(db, tmp_path):
    broken = variant(
        tmp_path,
        ("{gemeente: GM0794, inwoners: 95800", "{gemeente: GM9999, inwoners: 95800"),
        ("{persoon: p2}", "{persoon: p9}"),
        ("van: 2027-07-10", "van: 10-07-2027"),
    )
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    # Structure is checked first; references are checked once the structure is sound.
    assert [e["name"] for e in raised.value.errors] == ["gemeenten[0].reces[0].van"]

    broken = variant(tmp_path, ("{gemeente: GM0794, inwoners: 95800", "{gemeente: GM9999, inwoners: 95800"),
                     ("{persoon: p2}", "{persoon: p9}"), ("fractie: VVD}", "fractie: PVV}"))
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    assert sorted(e["name"] for e in raised.value.errors) == [
        "personen[1].fractie", "regelingen[0].deelnemers[1].gemeente", "regelingen[0].organen[1].leden[0].persoon",
        "regelingen[0].voorstellen[1].zonder[0]"]  # GM0794 no longer takes part, so it cannot opt out either
    assert "4 fouten:" in raised.value.detail


def test_the_error_list_is_capped(db):
    data = {"regelingen": [{"slug": "r", "naam": "R", "vorm": "openbaar_lichaam",
                            "deelnemers": [{"gemeente": f"GM9{i:03d}", "inwoners": 1} for i in range(60)]}]}
    with pytest.raises(Invalid) as raised:
        import_document(db, data)
    assert len(raised.value.errors) == 60
    assert raised.value.detail.count("\n- ") == 51
    assert raised.value.detail.endswith("- … en 10 meer")
    assert "- regelingen[0].deelnemers[59].gemeente: onbekende gemeentecode GM9059" not in raised.value.detail
    assert "- regelingen[0].deelnemers[0].gemeente: onbekende gemeentecode GM9000" in raised.value.detail


def test_a_file_that_is_not_yaml_gets_the_parsers_line_and_column(db, tmp_path):
    path = tmp_path / "kapot.yaml"
    path.write_text("gemeenten:\n  - code: GM0772\n    naam: [Eindhoven\n    provincie: Noord-Brabant\n",
                    encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert raised.value.detail.startswith("kapot.yaml is geen geldige YAML (regel 4, kolom 14)")

    path.write_text("Dit is een brief aan de griffie, geen importbestand.\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert "- (bestand) (regel 1): verwacht sleutels met waarden" in raised.value.detail

    path.write_text("gemeenten: []\ngemeenten: []\n", encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, path)
    assert "(regel 2, kolom 1): de sleutel ‘gemeenten’ komt twee keer voor" in raised.value.detail

    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(Invalid, match="geen UTF-8"):
        import_path(db, path)

    path.write_text("", encoding="utf-8")
    with pytest.raises(Invalid, match="het bestand is leeg"):
        import_path(db, path)
    assert counts(db)["gemeente"] == 0


# --- JSON and dicts ------------------------------------------------------------------------------------


def test_json_input_works_too(db):
    summary = import_path(db, REGIO_JSON)
    assert summary.counts["gemeenten"].created == 1 and summary.counts["vergaderingen"].created == 1
    db.expire_all()
    zeist = by(db, Gemeente, code="GM0355")
    assert (zeist.slug, zeist.vergaderdag) == ("zeist", 1)
    assert (zeist.aanvang, zeist.max_agendapunten, zeist.publicatie_dagen) == (time(19, 0), 10, 10)
    assert by(db, Deelname, gemeente_id=zeist.id).bijdrage == Decimal("143620.05")
    bestuur = by(db, Orgaan, slug="u-test-bestuur")
    assert by(db, Lidmaatschap, orgaan_id=bestuur.id).stemgewicht == Decimal("0.25")
    assert meeting(db, "zeist-raad@2027-03-09T18:30:00Z").start == datetime(2027, 3, 9, 18, 30, tzinfo=UTC)
    assert not import_path(db, REGIO_JSON).changed


def test_json_errors_name_the_path_and_line(db, tmp_path):
    broken = variant(tmp_path, ('"fractie": "D66"}', '"fractie": "VVD"}'), source=REGIO_JSON)
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    line = line_of(broken, '"fractie": "VVD"')
    assert f"- personen[0].fractie (regel {line}): onbekende fractie ‘VVD’ in Zeist" in raised.value.detail

    broken.write_text('{"gemeenten": [}', encoding="utf-8")
    with pytest.raises(Invalid) as raised:
        import_path(db, broken)
    assert raised.value.detail.startswith("regio.json is geen geldige JSON (regel 1, kolom 16)")


def test_import_document_takes_a_dict_and_a_demo_override(db):
    data = json.loads(REGIO_JSON.read_text(encoding="utf-8"))
    summary = import_document(db, data, source="api", demo=True)
    assert summary.source == "api" and summary.counts["personen"].created == 1
    db.expire_all()
    assert by(db, Gemeente, code="GM0355").demo is True
    assert by(db, Regeling, slug="u-test").demo is True

    data["gemeenten"][0]["vergaderingen"][0]["start"] = "2027-03-09 19:30"
    with pytest.raises(Invalid) as raised:
        import_document(db, data)
    assert "- gemeenten[0].vergaderingen[0].start: tijdstip zonder tijdzone" in raised.value.detail


def test_existing_organen_in_the_database_can_be_referenced(db, tmp_path):
    import_path(db, REGIO)
    path = tmp_path / "later.yaml"
    path.write_text(
        "personen:\n"
        "  - {id: p5, naam: F. Visser, gemeente: GM0794, fractie: CDA}\n"
        "regelingen:\n"
        "  - slug: tweede\n    naam: Tweede regeling\n    vorm: bedrijfsvoeringsorganisatie\n"
        "    organen: [{slug: tweede-bestuur, naam: Bestuur, soort: bestuur, leden: [{persoon: p1}]}]\n"
        "    vergaderingen:\n"
        "      - {organen: [tweede-bestuur, helmond-raad], start: '2027-05-11T19:30:00+02:00',"
        " einde: '2027-05-11T21:00:00+02:00'}\n",
        encoding="utf-8",
    )
    summary = import_path(db, path)
    assert summary.counts["organen"].created == 1
    assert summary.counts["lidmaatschappen"].created == 2  # p5 in the Helmond raad, p1 in the bestuur
    joint = meeting(db, "helmond-raad+tweede-bestuur@2027-05-11T17:30:00Z")
    assert joint.id is not None
    helmond_raad = by(db, Orgaan, slug="helmond-raad")
    p5 = by(db, Persoon, sleutel="p5")
    assert by(db, Lidmaatschap, persoon_id=p5.id).orgaan_id == helmond_raad.id
    assert db.exec(select(func.count()).select_from(Orgaan).where(col(Orgaan.soort) == Soort.raad)).one() == 2


# --- the published schema and the command line ---------------------------------------------------------


def test_the_published_schema_is_generated_from_the_models():
    committed = (Path(__file__).parent.parent / "docs" / "import-schema.json").read_text(encoding="utf-8")
    assert committed == json_schema_text(), "regenerate: python -m app.importer.schema > docs/import-schema.json"
    schema = json.loads(committed)
    assert schema["properties"]["gemeenten"]["items"] == {"$ref": "#/$defs/Gemeente"}
    assert schema["$defs"]["Gemeente"]["additionalProperties"] is False
    assert schema["$defs"]["Gemeente"]["properties"]["code"]["pattern"] == r"^GM\d{4}$"


@pytest.fixture
def cli_database(tmp_path, monkeypatch):
    from app.config import get_settings

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TUSSENRUIMTE_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def test_the_import_command(cli_database, tmp_path, capsys):
    from app.cli import main
    from app.db import create_db_engine

    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()

    broken = variant(tmp_path, ("{persoon: p2}", "{persoon: p9}"))
    assert main(["import", str(broken)]) == 1
    out, err = capsys.readouterr()
    line = line_of(broken, "{persoon: p9}")
    assert out == ""
    assert err.startswith("Fout: regio.yaml is niet geïmporteerd; er is niets gewijzigd. 1 fout:\n")
    assert f"- regelingen[0].organen[1].leden[0].persoon (regel {line}): onbekende persoon ‘p9’" in err

    assert main(["import", str(REGIO)]) == 0
    out, err = capsys.readouterr()
    assert "gemeenten:       2 nieuw, 0 bijgewerkt, 0 ongewijzigd" in out
    assert err == ""

    assert main(["import", str(REGIO)]) == 0
    assert "Niets gewijzigd" in capsys.readouterr().out

    assert main(["import", str(tmp_path / "bestaat-niet.yaml")]) == 1
    assert "bestand niet gevonden" in capsys.readouterr().err

    engine = create_db_engine(cli_database)
    with Session(engine) as session:
        assert counts(session)["gemeente"] == 2
        assert counts(session)["vergadering"] == 5
    engine.dispose()
