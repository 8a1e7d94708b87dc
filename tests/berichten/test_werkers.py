"""Delivery by several workers at once, time-driven notifications, the CLI and the loop in the app.

The concurrency test commits for real (two workers, two connections), so it cleans up after itself.
"""

import re
import sys
import threading
import types
from datetime import UTC, date, datetime

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, delete, select

from app import cli
from app.berichten import service as berichten
from app.berichten import tijdgebonden
from app.berichten.meldingen import meld
from app.berichten.models import Bericht, Melding
from tests import factories
from tests.berichten.conftest import mail_settings
from tests.conftest import _session_factory

pytestmark = pytest.mark.db


def test_two_workers_at_once_send_every_message_exactly_once(engine, database_url, postbus):
    handler, port = postbus
    settings = mail_settings(database_url, port)
    factory = sessionmaker(engine, class_=Session, expire_on_commit=False)
    adressen = [f"werker{i}@example.nl" for i in range(40)]
    with factory() as session:
        ids = [b.id for b in berichten.queue(session, aan=adressen, onderwerp="Gelijktijdig", tekst="t")]
        session.commit()
    try:
        start, fouten, verzonden = threading.Barrier(2), [], []

        def werker():
            try:
                start.wait()
                verzonden.append(berichten.deliver_pending(factory, settings, limit=7))
                while n := berichten.deliver_pending(factory, settings, limit=7):
                    verzonden.append(n)
            except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
                fouten.append(exc)

        threads = [threading.Thread(target=werker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(60)
        assert not fouten, fouten
        assert sum(verzonden) == len(adressen)
        assert sorted(rcpt[0] for rcpt, _ in handler.messages) == sorted(adressen)  # each once
        with factory() as session:
            rows = session.exec(select(Bericht).where(col(Bericht.id).in_(ids))).all()
            assert all(b.verzonden_at is not None and b.pogingen == 1 for b in rows)
    finally:
        with factory() as session:
            session.exec(delete(Bericht).where(col(Bericht.id).in_(ids)))
            session.commit()


@pytest.fixture
def taken(monkeypatch):
    """Reminder jobs of our own in place of V's and C's, so the test says what they do."""
    module = types.ModuleType("tests_berichten_taken")
    gezien = {}

    def zienswijzen(session, vandaag):
        gezien["vandaag"] = vandaag
        regeling = factories.regeling(session, slug="herinnerd", naam="Herinnerd")
        return meld(session, soort=Melding.zienswijzetermijn, regeling=regeling, onderwerp="Nog twee weken",
                    tekst="De termijn sluit over twee weken.", pad="/voorstellen/1", ook_aan=["griffie@example.nl"])

    def kapot(session, *, nu):
        gezien["nu"] = nu
        session.add(Bericht(aan="nooit@example.nl", onderwerp="x", tekst="x"))
        session.flush()
        raise RuntimeError("stuk")

    module.zienswijzen, module.kapot = zienswijzen, kapot
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(tijdgebonden, "TAKEN", (
        ("zienswijzetermijn", module.__name__, "zienswijzen", "vandaag"),
        ("convocatietermijn", module.__name__, "kapot", "nu"),
        ("ontbreekt", "app.bestaat_niet", "iets", "nu"),
    ))
    return gezien


def test_a_round_runs_each_job_in_its_own_transaction_and_then_delivers(db, connection, database_url, postbus, taken):
    handler, port = postbus
    nu = datetime(2027, 3, 14, 23, 30, tzinfo=UTC)  # already 15 March in Amsterdam
    ronde = tijdgebonden.run_meldingen(_session_factory(connection), mail_settings(database_url, port), nu=nu)
    assert taken == {"vandaag": date(2027, 3, 15), "nu": nu}
    assert ronde.gemeld == {"zienswijzetermijn": 1}
    assert ronde.mislukt == ["convocatietermijn"] and ronde.overgeslagen == ["ontbreekt"]
    assert ronde.verzonden == 1
    assert [rcpt for rcpt, _ in handler.messages] == [["griffie@example.nl"]]
    assert db.exec(select(Bericht).where(Bericht.aan == "nooit@example.nl")).first() is None  # rolled back


def test_the_loop_in_the_app_runs_a_round_at_start(database_url, connection, postbus, taken):
    handler, port = postbus
    app = FastAPI(lifespan=tijdgebonden.meldingen_lus)
    app.state.settings = mail_settings(database_url, port, meldingen_interval=3600)
    app.state.session_factory = _session_factory(connection)
    with TestClient(app):
        for _ in range(200):  # the first round starts with the app; wait for it, not for a time
            if handler.messages:
                break
            threading.Event().wait(0.05)
    assert [rcpt for rcpt, _ in handler.messages] == [["griffie@example.nl"]]


def test_no_loop_in_tests_unless_asked(database_url):
    assert mail_settings(database_url, 25).meldingen_elke == 0
    assert mail_settings(database_url, 25, mode="development").meldingen_elke == 300
    assert mail_settings(database_url, 25, meldingen_interval=60).meldingen_elke == 60


def test_mail_status_prints_the_states_and_the_failures(db, connection, monkeypatch, capsys):
    mislukt, _ = berichten.queue(db, aan=["kapot@example.nl", "wacht@example.nl"], onderwerp="x", tekst="x")
    mislukt.pogingen, mislukt.fout = berichten.MAX_POGINGEN, "550 Onbekende ontvanger"
    db.add(mislukt)
    db.flush()
    monkeypatch.setattr(cli, "_session", _session_factory(connection))
    assert cli.main(["mail", "status"]) == 0
    uit = capsys.readouterr().out
    assert re.search(r"^Wachtend +1$", uit, re.M) and re.search(r"^Opgegeven +1$", uit, re.M)
    assert f"#{mislukt.id} aan kapot@example.nl, 5 poging(en), opgegeven: 550 Onbekende ontvanger" in uit
