"""AVG/GDPR: the registrations of meetings that ended more than the retention period ago are deleted, and the
citizen's address and the text of the mails they got are scrubbed from the outbox; nothing else is touched.
Run by the time-driven round (run_meldingen) and by `tussenruimte inspreken opschonen`."""

from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.berichten.models import Bericht
from app.berichten.service import MAX_POGINGEN, queue
from app.berichten.tijdgebonden import run_meldingen
from app.cli import main
from app.config import get_settings
from app.db import create_db_engine, utcnow
from app.inspreken import service
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.organen.models import Soort
from app.vergaderingen.models import Agendapunt, Vergadering
from tests import factories
from tests.conftest import _session_factory
from tests.inspreken.conftest import orgaan, punt


def _vergadering(db, commissie, *, geeindigd: timedelta) -> tuple[Vergadering, Agendapunt]:
    einde = utcnow() - geeindigd
    v = factories.vergadering(db, commissie, start=einde - timedelta(hours=3), einde=einde)
    return v, punt(db, v, "Omgevingsvisie")


def _verzoek(db, p: Agendapunt, email: str, **kw) -> tuple[Inspreekverzoek, Bericht]:
    row = Inspreekverzoek(agendapunt_id=p.id, naam=f"Naam van {email}", email=email, onderwerp="Geluid",
                          bevestig_hash=service.token_hash(f"b{email}{p.id}"),
                          annuleer_hash=service.token_hash(f"a{email}{p.id}"), client_hash="c" * 64, **kw)
    db.add(row)
    db.flush()
    [bericht] = queue(db, aan=[email], onderwerp="Bevestig uw aanmelding om in te spreken: Omgevingsvisie",
                      tekst=f"Beste {row.naam},\n\nUw onderwerp: Geluid\n\n{service.kenmerk(row.id)}\n")
    return row, bericht


@pytest.fixture
def oud_en_nieuw(db):
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist")
    commissie = orgaan(db, zeist, Soort.commissie, "zeist-ruimte")
    oud, oud_punt = _vergadering(db, commissie, geeindigd=timedelta(days=30, minutes=1))
    nieuw, nieuw_punt = _vergadering(db, commissie, geeindigd=timedelta(days=29, hours=23))
    a1, m1 = _verzoek(db, oud_punt, "jan@example.nl", status=Inspreekstatus.bevestigd)
    a2, m2 = _verzoek(db, oud_punt, "piet@example.nl", status=Inspreekstatus.geannuleerd)
    m1.verzonden_at = utcnow() - timedelta(days=40)
    db.add(m1)
    b1, m3 = _verzoek(db, nieuw_punt, "jan@example.nl")
    [los] = queue(db, aan=["jan@example.nl"], onderwerp="Nieuwe vergadering", tekst="Een melding over iets anders.")
    [griffie] = queue(db, aan=["griffie@zeist.example.nl"], onderwerp="Doorgestuurd",
                      tekst=f"Zie {service.kenmerk(a1.id)}")  # the reference, but not the citizen's mail
    db.add(Inspreekruimte(agendapunt_id=oud_punt.id, max_insprekers=3))
    db.flush()
    return {"oud": (a1.id, a2.id), "nieuw": b1.id, "geschrapt": (m1.id, m2.id), "blijft": (m3.id, los.id, griffie.id),
            "punt": oud_punt.id, "vergadering": oud.id}


def _controleer(db, data) -> None:
    db.expire_all()
    assert [v.id for v in db.exec(select(Inspreekverzoek)).all()] == [data["nieuw"]]
    for bericht_id in data["geschrapt"]:
        b = db.get(Bericht, bericht_id)
        assert b.aan == service.GESCHRAPT and b.tekst == service.GESCHRAPTE_TEKST and b.html is None
        assert "example.nl" not in b.tekst and "Naam van" not in b.tekst
        assert b.pogingen >= MAX_POGINGEN  # an unsent one is never sent now
    blijft = [db.get(Bericht, i) for i in data["blijft"]]
    assert [b.aan for b in blijft] == ["jan@example.nl", "jan@example.nl", "griffie@zeist.example.nl"]
    assert "Naam van jan@example.nl" in blijft[0].tekst and blijft[0].pogingen == 0
    assert db.get(Inspreekruimte, data["punt"]) is not None
    assert db.get(Agendapunt, data["punt"]) is not None and db.get(Vergadering, data["vergadering"]) is not None


def test_cleanup_deletes_exactly_the_old_registrations_and_scrubs_their_mails(db, settings, oud_en_nieuw):
    assert service.opschonen(db, utcnow(), settings=settings) == 2
    _controleer(db, oud_en_nieuw)
    assert service.opschonen(db, utcnow(), settings=settings) == 0  # nothing left to do


def test_a_shorter_retention_takes_the_recent_meeting_too(db, settings, oud_en_nieuw):
    assert service.opschonen(db, utcnow(), bewaardagen=1) == 3
    assert db.exec(select(Inspreekverzoek)).all() == []


def test_the_time_driven_round_runs_the_cleanup(db, connection, settings, oud_en_nieuw):
    ronde = run_meldingen(_session_factory(connection), settings, nu=utcnow(), verzenden=False)
    assert ronde.gemeld["inspreken_opschonen"] == 2 and "inspreken_opschonen" not in ronde.mislukt
    _controleer(db, oud_en_nieuw)


# --- the command -------------------------------------------------------------------------------------------------


@pytest.fixture
def cli_engine(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TUSSENRUIMTE_DATABASE_URL", url)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    engine = create_db_engine(url)
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def test_the_command_deletes_and_reports(cli_engine, capsys):
    with Session(cli_engine) as session:
        zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
        commissie = orgaan(session, zeist, Soort.commissie, "zeist-ruimte")
        _oud, p = _vergadering(session, commissie, geeindigd=timedelta(days=40))
        _nieuw, q = _vergadering(session, commissie, geeindigd=timedelta(days=10))
        _verzoek(session, p, "jan@example.nl")
        _verzoek(session, q, "jan@example.nl")
        session.commit()
    capsys.readouterr()
    assert main(["inspreken", "opschonen"]) == 0
    assert "1 aanmelding(en) om in te spreken verwijderd" in capsys.readouterr().out
    assert main(["inspreken", "opschonen", "--dagen", "5"]) == 0
    assert "1 aanmelding(en)" in capsys.readouterr().out
    assert main(["inspreken", "opschonen"]) == 0
    assert "0 aanmelding(en)" in capsys.readouterr().out
    with Session(cli_engine) as session:
        assert session.exec(select(Inspreekverzoek)).all() == []
        assert {b.aan for b in session.exec(select(Bericht)).all()} == {service.GESCHRAPT}


@pytest.mark.parametrize("dagen", ["-1", "x", "3651", "١"])
def test_the_command_refuses_a_bad_number_of_days(cli_engine, capsys, dagen):
    with pytest.raises(SystemExit) as exit_:
        main(["inspreken", "opschonen", "--dagen", dagen])
    assert exit_.value.code == 2
    assert "geen aantal dagen van 0 tot en met 3650" in capsys.readouterr().err
