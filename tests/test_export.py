"""Export: the database in the import format, and the round trip back through the import."""

import functools
import json
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, col, func, select

from app.db import utcnow
from app.demo.build import build
from app.errors import NotFound
from app.gemeenten.models import Gemeente
from app.importer.export import dumps, export_document
from app.importer.schema import ImportDocument
from app.importer.service import import_document, import_path, parse_text
from app.organen.models import Orgaan
from app.regelingen.models import Regeling
from app.vergaderingen.models import Vergadering
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Voorstel, VoorstelSoort
from tests import factories
from tests.test_import import REGIO, by, cli_database  # noqa: F401 (cli_database is a fixture)

YEARS = [2027, 2028]  # fixed, so the documents are the same on every run


@functools.cache
def regions() -> dict[str, dict]:
    return build(YEARS)


def load_regions(session: Session) -> None:
    for slug, document in regions().items():
        import_document(session, document, source=slug)
    session.flush()


def fresh(connection) -> Session:
    """A session of its own in the test's transaction: closing it rolls back all it wrote."""
    return Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


def reimport(session: Session, document: dict, *, json_format: bool = False):
    """Import the document as the command line would: from its text."""
    data, _ = parse_text(dumps(document, json_format=json_format), json_format=json_format)
    return import_document(session, data)


def test_the_demo_regions_exported_and_imported_again_change_nothing(db):
    load_regions(db)
    document = export_document(db)
    ImportDocument.model_validate(document)
    assert [r["slug"] for r in document["regelingen"]] == ["drechtsteden", "mre", "u16"]
    assert len(document["gemeenten"]) == 44
    db.expire_all()

    for json_format in (False, True):
        summary = reimport(db, document, json_format=json_format)
        assert (summary.created, summary.updated, summary.changed) == (0, 0, False)
        assert summary.counts["vergaderingen"].unchanged == db.exec(select(func.count(Vergadering.id))).one()
        assert summary.counts["gemeenten"].unchanged == 44


def test_an_export_imported_into_an_empty_database_exports_the_same(connection):
    with fresh(connection) as first:
        load_regions(first)
        document = export_document(first)
    with fresh(connection) as second:
        assert second.exec(select(func.count(Gemeente.id))).one() == 0  # the first session's rows are gone
        summary = reimport(second, document)
        assert summary.updated == 0 and summary.counts["gemeenten"].created == 44
        second.flush()
        assert export_document(second) == document


def test_one_regeling_exports_with_its_gemeenten_and_imports_on_its_own(connection):
    with fresh(connection) as first:
        load_regions(first)
        document = export_document(first, regeling="u16")
        everything = export_document(first)
        with pytest.raises(NotFound):
            export_document(first, regeling="bestaat-niet")
    ImportDocument.model_validate(document)
    assert [r["slug"] for r in document["regelingen"]] == ["u16"]
    codes = {g["code"] for g in document["gemeenten"]}
    assert len(codes) == 16 and "GM0355" in codes and "GM0772" not in codes
    assert document["gemeenten"] == [g for g in everything["gemeenten"] if g["code"] in codes]
    assert {p["gemeente"] for p in document["personen"]} == codes
    with fresh(connection) as second:
        reimport(second, document)
        second.flush()
        assert export_document(second, regeling="u16") == document


def test_the_export_names_every_meeting_so_the_import_finds_it_again(db):
    import_path(db, REGIO)
    raad = by(db, Orgaan, slug="eindhoven-raad")
    portal = factories.vergadering(db, raad, naam="Extra raadsvergadering",
                                   start=datetime(2027, 6, 1, 17, 30, tzinfo=UTC), locatie="Raadzaal",
                                   breedtegraad=51.4393, lengtegraad=5.4786)
    document = export_document(db)

    eindhoven, helmond = document["gemeenten"]
    assert eindhoven["organen"] == [{"slug": "commissie-bestuur", "naam": "Commissie Bestuur", "soort": "commissie"}]
    assert eindhoven["reces"][0] == {"naam": "zomerreces", "van": datetime(2027, 7, 10).date(),
                                     "tot": datetime(2027, 8, 29).date()}
    assert eindhoven["vergaderingen"][-1] == {
        "id": f"vergadering-{portal.id}", "orgaan": "raad", "naam": "Extra raadsvergadering",
        "start": "2027-06-01T19:30:00+02:00", "einde": "2027-06-01T22:30:00+02:00", "locatie": "Raadzaal",
        "geo": [51.4393, 5.4786]}
    assert helmond["vergaderingen"] == [{"id": "helmond-raad@2027-02-04T18:30:00Z", "orgaan": "raad",
                                         "start": "2027-02-04T19:30:00+01:00", "einde": "2027-02-04T23:00:00+01:00"}]
    (regeling,) = document["regelingen"]
    assert regeling["vergaderingen"][-1] == {
        "id": "testregio-gezamenlijk-2027", "organen": ["eindhoven-raad", "testregio-raadstafel"],
        "naam": "Gezamenlijke bijeenkomst begroting", "start": "2027-04-07T19:30:00+02:00",
        "einde": "2027-04-07T22:00:00+02:00", "openbaar": False}
    assert regeling["organen"][0]["leden"] == [
        {"persoon": "p1", "rol": "voorzitter", "van": datetime(2026, 4, 1).date()},
        {"persoon": "p3", "stemgewicht": 1.5, "van": datetime(2026, 4, 1).date(), "tot": datetime(2030, 3, 31).date()},
        {"persoon": "p4", "van": datetime(2026, 4, 1).date(), "gemeente": "GM0794", "fractie": "CDA"}]
    assert {"id": "p4", "naam": "D. Bakker"} in document["personen"]

    db.expire_all()
    assert not reimport(db, document).changed
    # A change in the exported file reaches the meeting made in the portal, versioned.
    eindhoven["vergaderingen"][-1]["locatie"] = "Stadhuis, zaal 2"
    eindhoven["vergaderingen"][-1]["geo"] = [51.4400, 5.4780]
    assert reimport(db, document).counts["vergaderingen"].updated == 1
    db.expire_all()
    moved = db.get(Vergadering, portal.id)
    assert (moved.locatie, moved.versie, moved.sequence, moved.sleutel) == ("Stadhuis, zaal 2", 2, 1, None)
    assert (moved.breedtegraad, moved.lengtegraad) == (51.44, 5.478)


def test_the_export_writes_the_planners_inputs_back(db):
    import_path(db, REGIO)
    document = export_document(db)

    eindhoven, helmond = document["gemeenten"]
    # Only the rules that differ from the defaults, as the file gave them.
    assert eindhoven["planning"] == {"aanvang": "20:00", "publicatie_dagen": 12, "max_agendapunten": 14}
    assert list(eindhoven)[:7] == ["code", "naam", "slug", "provincie", "inwoners", "vergaderdag", "planning"]
    assert "planning" not in helmond
    (regeling,) = document["regelingen"]
    assert regeling["termijnen"] == {"ontwerpbegroting_weken": 14}
    assert [{k: v for k, v in o.items() if k != "leden"} for o in regeling["organen"]] == [
        {"slug": "testregio-ab", "naam": "Algemeen bestuur", "soort": "algemeen_bestuur", "vergaderdag": "woensdag",
         "aanvang": "14:00"},
        {"slug": "testregio-raadstafel", "naam": "Raadstafel", "soort": "adviescommissie", "vergaderdag": "woensdag",
         "aanvang": "19:30", "domein": "Integraal"}]
    assert regeling["voorstellen"] == [
        {"id": "testregio-kadernota-2028", "titel": "Kadernota 2028", "soort": "kadernota",
         "beschikbaar": date(2027, 1, 15), "uiterlijk": date(2027, 4, 7),
         "behandelingen": [
             {"orgaan": "testregio-ab", "rol": "informatie", "vergadering": "testregio-ab@2027-03-03T13:00:00Z"},
             {"orgaan": "eindhoven-raad", "rol": "zienswijze", "vergadering": "testregio-gezamenlijk-2027"}]},
        {"id": "testregio-energie", "titel": "Regionale energiestrategie", "domein": "Fysiek",
         "beschikbaar": date(2027, 2, 1), "uiterlijk": date(2027, 3, 29), "zonder": ["GM0794"]}]
    assert list(regeling)[-1] == "voorstellen"


def test_a_voorstel_made_in_the_portal_makes_the_round_trip(db):
    import_path(db, REGIO)
    regeling = by(db, Regeling, slug="testregio")
    raad = by(db, Orgaan, slug="helmond-raad")
    extra = factories.vergadering(db, raad, naam="Extra raadsvergadering Helmond",
                                  start=datetime(2027, 5, 11, 17, 30, tzinfo=UTC))
    voorstel = Voorstel(regeling_id=regeling.id, titel="Zienswijze gelijke dag", beschikbaar=date(2027, 3, 30),
                        uiterlijk=date(2027, 5, 25))
    db.add(voorstel)
    db.flush()
    eindhoven_id, helmond_id = by(db, Gemeente, code="GM0772").id, by(db, Gemeente, code="GM0794").id
    gone = Voorstel(regeling_id=regeling.id, titel="Ingetrokken", deleted_at=utcnow())
    db.add_all([Afmelding(voorstel_id=voorstel.id, gemeente_id=eindhoven_id, reden="eigen traject"),
                Behandeling(voorstel_id=voorstel.id, orgaan_id=raad.id, vergadering_id=extra.id,
                            rol=BehandelingRol.zienswijze),
                # A second one of the same body in the same role: the format cannot tell them apart.
                Behandeling(voorstel_id=voorstel.id, orgaan_id=raad.id, rol=BehandelingRol.zienswijze), gone])
    db.flush()
    document = export_document(db)

    mine = document["regelingen"][0]["voorstellen"][-1]
    assert mine == {"id": f"voorstel-{voorstel.id}", "titel": "Zienswijze gelijke dag",
                    "beschikbaar": date(2027, 3, 30), "uiterlijk": date(2027, 5, 25), "zonder": ["GM0772"],
                    "behandelingen": [{"orgaan": "helmond-raad", "rol": "zienswijze",
                                       "vergadering": f"vergadering-{extra.id}"}]}
    assert "Ingetrokken" not in json.dumps(document, default=str)
    db.expire_all()
    assert not reimport(db, document).changed

    mine["titel"], mine["soort"], mine["zonder"] = "Zienswijze op dezelfde dag", "begroting", ["GM0794"]
    summary = reimport(db, document)
    assert (summary.counts["voorstellen"].updated, summary.counts["voorstellen"].created) == (1, 0)
    db.expire_all()
    changed = db.get(Voorstel, voorstel.id)
    assert (changed.titel, changed.soort, changed.sleutel) == ("Zienswijze op dezelfde dag", VoorstelSoort.begroting,
                                                                None)
    assert db.exec(select(Afmelding.gemeente_id).where(Afmelding.voorstel_id == voorstel.id,
                                                       col(Afmelding.deleted_at).is_(None))).all() == [helmond_id]


@pytest.mark.usefixtures("cli_database")
def test_the_export_command(tmp_path, capsys):
    from app.cli import main

    assert main(["db", "upgrade"]) == 0
    assert main(["import", str(REGIO)]) == 0
    capsys.readouterr()

    assert main(["export"]) == 0
    exported = tmp_path / "export.yaml"
    exported.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["import", str(exported)]) == 0
    assert "Niets gewijzigd" in capsys.readouterr().out

    assert main(["export", "--json", "--regeling", "testregio"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [r["slug"] for r in document["regelingen"]] == ["testregio"]
    assert document["regelingen"][0]["deelnemers"][0] == {"gemeente": "GM0772", "inwoners": 246417,
                                                          "bijdrage": 1234567.89}
    ImportDocument.model_validate(document)

    assert main(["export", "--regeling", "bestaat-niet"]) == 1
    assert capsys.readouterr().err == "Fout: Regeling ‘bestaat-niet’ bestaat niet.\n"
