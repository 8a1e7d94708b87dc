"""Parallel support under real concurrency on PostgreSQL: HTTP requests in threads against an app whose sessions
commit, on data committed beforehand and removed afterwards."""

import threading
from collections import Counter

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.convocatie.models import Convocatieverzoek, Steun, VerzoekStatus
from app.historie.models import Gebeurtenis
from app.main import create_app
from tests.convocatie.conftest import maak_regio

pytestmark = pytest.mark.db

VERZOEK = {"agenda": "Tekort", "toelichting": "Opheldering gevraagd.", "grondslag": "Motie 1"}
PER_GEMEENTE = 4


def _opruimen(engine, regeling_id: int, gemeente_ids: list[int], bericht_na: int) -> None:
    """Remove what the test committed. The history is append-only by trigger: replica mode lets the test's own
    rows go (it also skips foreign-key triggers, hence the order below)."""
    with engine.begin() as c:
        c.exec_driver_sql("SET LOCAL session_replication_role = replica")
        verzoeken = f"SELECT id FROM convocatieverzoek WHERE regeling_id = {regeling_id}"
        orgaan = f"SELECT id FROM orgaan WHERE regeling_id = {regeling_id} OR gemeente_id IN ({ids(gemeente_ids)})"
        gebruikers = (f"SELECT gebruiker_id FROM roltoekenning WHERE regeling_id = {regeling_id} "
                      f"OR gemeente_id IN ({ids(gemeente_ids)})")
        personen = f"SELECT persoon_id FROM lidmaatschap WHERE orgaan_id IN ({orgaan})"
        for sql in (
            f"DELETE FROM gebeurtenis WHERE regeling_id = {regeling_id}",
            f"DELETE FROM steun WHERE verzoek_id IN ({verzoeken})",
            f"DELETE FROM convocatieverzoek WHERE regeling_id = {regeling_id}",
            f"DELETE FROM bericht WHERE id > {bericht_na}",
            f"DELETE FROM apitoken WHERE gebruiker_id IN ({gebruikers})",
            f"DELETE FROM gebruiker WHERE id IN ({gebruikers}) OR persoon_id IN ({personen})",
            f"DELETE FROM roltoekenning WHERE regeling_id = {regeling_id} OR gemeente_id IN ({ids(gemeente_ids)})",
            "CREATE TEMP TABLE weg_personen AS " + personen,
            f"DELETE FROM lidmaatschap WHERE orgaan_id IN ({orgaan})",
            "DELETE FROM persoon WHERE id IN (SELECT persoon_id FROM weg_personen)",
            f"DELETE FROM orgaan WHERE regeling_id = {regeling_id} OR gemeente_id IN ({ids(gemeente_ids)})",
            f"DELETE FROM deelname WHERE regeling_id = {regeling_id}",
            f"DELETE FROM regeling WHERE id = {regeling_id}",
            f"DELETE FROM gemeente WHERE id IN ({ids(gemeente_ids)})",
            "DROP TABLE weg_personen",
        ):
            c.exec_driver_sql(sql)


def ids(values: list[int]) -> str:
    return ", ".join(str(v) for v in values)


def test_parallel_support_is_counted_exactly_once(engine, backend, settings):
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: there are no row locks to test")
    with engine.connect() as c:
        bericht_na = c.exec_driver_sql("SELECT coalesce(max(id), 0) FROM bericht").scalar()
    with Session(engine) as session:
        regio = maak_regio(session)
        session.commit()
        regeling_id = regio.regeling.id
        gemeenten = [regio.groot, regio.midden, regio.klein, regio.kleinst, regio.buiten]
        gemeente_ids = [g.id for g in gemeenten]
        slug, klein, midden, kleinst = regio.regeling.slug, regio.klein, regio.midden, regio.kleinst
    try:
        app = create_app(settings=settings, engine=engine)  # its own sessions, which commit
        with TestClient(app, base_url="https://tussenruimte.test") as client:
            aangemaakt = client.post(f"/api/v1/regelingen/{slug}/convocatieverzoeken",
                                     json={**VERZOEK, "namens_gemeente": kleinst.code},
                                     headers=regio.griffier[kleinst.slug])
            assert aangemaakt.status_code == 201, aangemaakt.text
            verzoek_id = aangemaakt.json()["id"]
            # Two councils at once, each several times over (a double click, a retry): 6% + 30% of the weight.
            wie = [klein, midden] * PER_GEMEENTE
            start = threading.Barrier(len(wie))
            uitkomsten: list[tuple[str, int]] = []

            def steun(gemeente):
                start.wait()
                response = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun",
                                       json={"namens_gemeente": gemeente.code, "grondslag": "Motie"},
                                       headers=regio.griffier[gemeente.slug])
                uitkomsten.append((gemeente.code, response.status_code))

            threads = [threading.Thread(target=steun, args=(g,)) for g in wie]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            telling = Counter(uitkomsten)
            assert telling == {(klein.code, 201): 1, (klein.code, 409): PER_GEMEENTE - 1,
                               (midden.code, 201): 1, (midden.code, 409): PER_GEMEENTE - 1}
            body = client.get(f"/api/v1/convocatieverzoeken/{verzoek_id}").json()
            assert body["status"] == "drempel_bereikt"
            assert body["gewicht"] == "2/5"  # 4% + 6% + 30%, each once
        with Session(engine) as session:
            staand = session.exec(select(Steun.gemeente_id).where(Steun.verzoek_id == verzoek_id)).all()
            assert sorted(staand) == sorted([kleinst.id, klein.id, midden.id])
            stappen = Counter(session.exec(select(Gebeurtenis.soort).where(Gebeurtenis.verzoek_id == verzoek_id)))
            assert stappen == {"ingediend": 1, "steun": 2, "drempel_bereikt": 1}
            verzoek = session.get(Convocatieverzoek, verzoek_id)
            assert verzoek.status == VerzoekStatus.drempel_bereikt and verzoek.termijn_tot is not None
    finally:
        _opruimen(engine, regeling_id, gemeente_ids, bericht_na)
