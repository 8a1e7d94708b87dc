"""The mail outbox over real SMTP (aiosmtplib to an aiosmtpd server on a free local port).

Accepting a same-day plan queues one message per griffier (and the secretaris) in the same transaction; after
the response a background task delivers the outbox. A server that is down or refuses an address leaves the
message queued with the error, and the next attempt waits: 1 minute, 5 minutes, 30 minutes, 2 hours, then the
message is given up. The request that queued it has succeeded anyway.
"""

import asyncio
from datetime import timedelta

import aiosmtplib
from sqlmodel import Session, select

from app.berichten import service as berichten
from app.berichten.models import Bericht
from app.berichten.service import Staat
from app.db import utcnow
from tests.berichten.conftest import REFUSED, mail_settings
from tests.conftest import _session_factory
from tests.helpers import login
from tests.test_plannen import URL, Forms, _fields, _plan, regio  # noqa: F401 (regio is a fixture)


def _accept(client) -> None:
    login(client, "secretaris@u5.example.nl")
    form = _fields(Forms(_plan(client).text).accept_forms()[0])
    response = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


def _vers(db: Session, rows):
    for row in rows:
        db.refresh(row)
    return rows


def test_accepting_a_plan_mails_every_griffier_over_smtp(client, db, regio, postbus):  # noqa: F811
    handler, _ = postbus
    _accept(client)  # the background task has delivered the outbox when the response is in
    received = sorted(handler.messages, key=lambda m: m[0])
    assert [rcpt for rcpt, _ in received] == [
        ["griffie@aadorp.example.nl"],
        ["griffie@dijkum.example.nl"],
        ["secretaris@u5.example.nl"],
    ]
    for rcpt, message in received:
        assert message["To"] == rcpt[0]
        assert message["From"] == "Tussenruimte <noreply@tussenruimte.test>"
        assert message["Subject"] == "Behandeling op dezelfde dag vastgesteld: Regionale woonvisie 2028 (13-04-2027)"
        assert message["Message-ID"].endswith("@tussenruimte.test>")
        assert message["List-Unsubscribe"] is None  # sent for a role, not a subscription
        body = message.get_content()
        assert "op 13-04-2027 in alle deelnemende raden behandeld (4 raden)" in body
        assert "https://tussenruimte.test/vergaderingen/" in body
    for bericht in _vers(db, db.exec(select(Bericht)).all()):
        assert bericht.verzonden_at is not None and bericht.pogingen == 1 and bericht.fout is None
        assert bericht.volgende_poging_at is None
        assert berichten.staat(bericht, utcnow()) == Staat.verzonden


def test_an_unreachable_server_keeps_the_mail_queued_and_retries_after_the_backoff(client, db, regio, settings):  # noqa: F811
    voor = utcnow()
    _accept(client)  # 303: the plan is accepted although no mail could go out
    queued = _vers(db, db.exec(select(Bericht).order_by(Bericht.aan)).all())
    assert len(queued) == 3
    for bericht in queued:
        assert bericht.verzonden_at is None and bericht.pogingen == 1
        assert bericht.fout.startswith("SMTP-server onbereikbaar")
        assert voor + timedelta(minutes=1) <= bericht.volgende_poging_at <= utcnow() + timedelta(minutes=1)
        assert berichten.staat(bericht, utcnow()) == Staat.opnieuw

    # Run again at once (the CLI, another accepted plan): nothing is due, nothing is tried.
    factory = client.app.state.session_factory
    assert berichten.deliver_pending(factory, settings) == 0
    assert {b.pogingen for b in _vers(db, queued)} == {1}

    # Two minutes later the second attempt is due; it fails too, and the next waits five minutes.
    later = utcnow() + timedelta(minutes=2)
    assert berichten.deliver_pending(factory, settings, nu=later) == 0
    for bericht in _vers(db, queued):
        assert bericht.pogingen == 2
        assert bericht.volgende_poging_at == later + timedelta(minutes=5)

    # The outbox page shows it.
    beheer = client.get("/beheer/berichten")
    assert beheer.status_code == 200
    assert "Opnieuw om" in beheer.text and "SMTP-server onbereikbaar" in beheer.text


def test_the_backoff_is_1_5_30_120_minutes_then_the_message_is_given_up(db: Session, connection, database_url):
    from tests.berichten.conftest import free_port

    settings = mail_settings(database_url, free_port())  # nothing listens there
    [bericht] = berichten.queue(db, aan=["a@example.nl"], onderwerp="Test", tekst="Tekst")
    factory = _session_factory(connection)
    nu = utcnow()
    for poging, wacht in enumerate((1, 5, 30, 120), start=1):
        berichten.deliver_pending(factory, settings, nu=nu)
        db.refresh(bericht)
        assert bericht.pogingen == poging
        assert bericht.volgende_poging_at == nu + timedelta(minutes=wacht)
        net_te_vroeg = nu + timedelta(minutes=wacht) - timedelta(seconds=1)
        assert berichten.deliver_pending(factory, settings, nu=net_te_vroeg) == 0
        db.refresh(bericht)
        assert bericht.pogingen == poging  # not due a second early
        nu += timedelta(minutes=wacht)
    berichten.deliver_pending(factory, settings, nu=nu)
    db.refresh(bericht)
    assert bericht.pogingen == berichten.MAX_POGINGEN
    assert bericht.volgende_poging_at is None and bericht.verzonden_at is None
    assert berichten.staat(bericht, nu) == Staat.opgegeven
    berichten.deliver_pending(factory, settings, nu=nu + timedelta(days=30))
    db.refresh(bericht)
    assert bericht.pogingen == berichten.MAX_POGINGEN  # given up is given up


def test_a_refused_address_does_not_hold_up_the_others_and_nothing_is_sent_twice(
    db: Session, connection, database_url, postbus
):
    handler, port = postbus
    berichten.queue(db, aan=["a@example.nl", REFUSED, "b@example.nl", "a@example.nl"],  # a duplicate: one message
                    onderwerp="Vergadering op 13-04-2027", tekst="De raden vergaderen op 13-04-2027.")
    settings = mail_settings(database_url, port)
    factory = _session_factory(connection)
    nu = utcnow()
    assert berichten.deliver_pending(factory, settings, nu=nu) == 2
    assert sorted(rcpt[0] for rcpt, _ in handler.messages) == ["a@example.nl", "b@example.nl"]
    assert all("De raden vergaderen op 13-04-2027." in m.get_content() for _, m in handler.messages)
    rows = {b.aan: b for b in _vers(db, db.exec(select(Bericht)).all())}
    assert rows[REFUSED].verzonden_at is None and rows[REFUSED].pogingen == 1
    assert "Onbekende ontvanger" in rows[REFUSED].fout and "550" in rows[REFUSED].fout
    assert rows["a@example.nl"].verzonden_at == nu and rows["a@example.nl"].fout is None

    # Run after run, a day apart: the refused one is tried until MAX_POGINGEN, the sent ones never again.
    for dag in range(1, berichten.MAX_POGINGEN + 2):
        berichten.deliver_pending(factory, settings, nu=nu + timedelta(days=dag))
    assert len(handler.messages) == 2
    db.refresh(rows[REFUSED])
    assert rows[REFUSED].pogingen == berichten.MAX_POGINGEN
    assert berichten.staat(rows[REFUSED], nu + timedelta(days=30)) == Staat.opgegeven


def test_a_message_another_worker_has_claimed_is_not_taken(db: Session, connection, database_url, postbus):
    """The claim is a lease: until it ends, another run skips the message; a worker that died leaves it to the
    next run after the lease."""
    handler, port = postbus
    [bericht] = berichten.queue(db, aan=["a@example.nl"], onderwerp="Test", tekst="Tekst")
    factory = _session_factory(connection)
    nu = utcnow()
    with factory() as session:
        assert [b.id for b in berichten._claim(session, nu=nu, limit=10)] == [bericht.id]  # then the worker dies
    settings = mail_settings(database_url, port)
    assert berichten.deliver_pending(factory, settings, nu=nu + timedelta(minutes=1)) == 0
    assert handler.messages == []
    assert berichten.deliver_pending(factory, settings, nu=nu + berichten.CLAIM) == 1
    db.refresh(bericht)
    assert bericht.pogingen == 2 and bericht.verzonden_at is not None
    assert len(handler.messages) == 1


def test_a_run_whose_claim_was_taken_over_does_not_send_it(db: Session, connection, database_url, postbus, monkeypatch):
    """Run A claims two messages and sends the first; then (its lease over) worker B claims the second and sends
    it. A must not send it again, nor write its own result over B's."""
    handler, port = postbus
    eerste, tweede = berichten.queue(db, aan=["eerste@example.nl", "tweede@example.nl"], onderwerp="Eenmaal",
                                     tekst="Tekst")
    settings = mail_settings(database_url, port)
    factory = _session_factory(connection)
    nu = utcnow()
    b_verzond, overgenomen = [], []
    echt = berichten._message

    def en_dan_werker_b(bericht, settings_):
        message = echt(bericht, settings_)
        if bericht.id == tweede.id and not overgenomen:  # A has claimed both and makes its messages; B steps in
            overgenomen.append(True)
            b_verzond.append(berichten.deliver_pending(factory, settings, nu=nu + berichten.CLAIM))
        return message

    monkeypatch.setattr(berichten, "_message", en_dan_werker_b)
    assert berichten.deliver_pending(factory, settings, nu=nu) == 0  # A: both were taken over
    assert b_verzond == [2]
    assert sorted(rcpt[0] for rcpt, _ in handler.messages) == ["eerste@example.nl", "tweede@example.nl"]  # once
    for bericht in _vers(db, [eerste, tweede]):
        assert bericht.pogingen == 2 and bericht.verzonden_at == nu + berichten.CLAIM and bericht.fout is None


def test_a_run_stops_sending_once_its_claim_is_taken_over_mid_batch(db: Session, connection, database_url, postbus,
                                                                    monkeypatch):
    """A's clock runs (a minute each time it is read); while A sends the first message of its batch, the lease of
    the rest ends and worker B takes them over and sends them. Each message goes out once."""
    handler, port = postbus
    adressen = [f"m{i}@example.nl" for i in range(3)]
    rows = berichten.queue(db, aan=adressen, onderwerp="Eenmaal", tekst="Tekst")
    settings = mail_settings(database_url, port)
    factory = _session_factory(connection)
    begin = utcnow()
    gelezen = []

    def klok():
        gelezen.append(True)
        return begin + timedelta(minutes=len(gelezen) - 1)

    b_verzond, overgenomen = [], []

    async def verstuur_en_verlies_de_claim(self, message, *args, **kwargs):
        resultaat = await echt(self, message, *args, **kwargs)
        if not overgenomen:
            overgenomen.append(True)
            b_verzond.append(await asyncio.to_thread(berichten.deliver_pending, factory, settings,
                                                     nu=begin + berichten.CLAIM))
        return resultaat

    echt = aiosmtplib.SMTP.send_message
    monkeypatch.setattr(aiosmtplib.SMTP, "send_message", verstuur_en_verlies_de_claim)
    monkeypatch.setattr(berichten, "utcnow", klok)
    assert berichten.deliver_pending(factory, settings) == 1  # A: the real (here: running) clock
    assert b_verzond == [2]
    assert sorted(rcpt[0] for rcpt, _ in handler.messages) == adressen  # each once
    eerste, *rest = _vers(db, rows)
    assert eerste.pogingen == 1 and eerste.verzonden_at is not None
    assert all(b.pogingen == 2 and b.verzonden_at == begin + berichten.CLAIM and b.fout is None for b in rest)


def test_a_batch_fits_twice_in_the_lease_and_a_run_sends_batch_after_batch(db: Session, connection, database_url,
                                                                          postbus):
    handler, port = postbus
    traag = mail_settings(database_url, port, smtp_timeout=30)
    # Every message may take SMTP_STAPPEN timeouts before it is cut off; a batch takes at most half the lease.
    assert berichten._partij(traag) == 2
    assert berichten._partij(traag) * berichten._verzendtijd(traag) * 2 <= berichten._lease(traag) == berichten.CLAIM
    zeer_traag = mail_settings(database_url, port, smtp_timeout=300)
    assert berichten._partij(zeer_traag) == 1 and berichten._lease(zeer_traag) == 2 * berichten._verzendtijd(zeer_traag)

    adressen = [f"p{i}@example.nl" for i in range(5)]
    berichten.queue(db, aan=adressen, onderwerp="Partijen", tekst="Tekst")
    assert berichten.deliver_pending(_session_factory(connection), traag, limit=4) == 4  # three batches: 2, 2
    assert berichten.deliver_pending(_session_factory(connection), traag) == 1
    assert sorted(rcpt[0] for rcpt, _ in handler.messages) == adressen


def test_a_subject_with_line_breaks_is_sent_on_one_line(db: Session, connection, database_url, postbus):
    """A voorstel's title may hold a line break: the subject becomes one line, and the message goes out."""
    handler, port = postbus
    [bericht] = berichten.queue(db, aan=["a@example.nl"], onderwerp="Begroting 2027\nGGD\r\n regio \tUtrecht\x00\x0b",
                                tekst="Tekst")
    assert bericht.onderwerp == "Begroting 2027 GGD regio Utrecht"
    assert berichten.deliver_pending(_session_factory(connection), mail_settings(database_url, port)) == 1
    [message] = handler.aan("a@example.nl")
    assert message["Subject"] == "Begroting 2027 GGD regio Utrecht"
    db.refresh(bericht)
    assert bericht.verzonden_at is not None and bericht.fout is None


def test_a_long_subject_is_cut_at_300_characters_without_trailing_space():
    assert berichten.onderwerpregel("a" * 299 + "\n" + "b" * 10) == "a" * 299
    assert berichten.onderwerpregel(" x  y ") == "x y"
