"""The mail outbox over real SMTP: an aiosmtpd server on a free local port receives what the portal sends.

Accepting a same-day plan queues one message per griffier (and the secretaris) in the same transaction; after
the response a background task delivers the outbox. A server that is down or refuses an address leaves the
message queued with the error and one more attempt counted; the request that queued it has succeeded anyway.
"""

import email
import socket
import threading
from datetime import date
from email import policy

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import Session, select

from app.berichten import service as berichten
from app.berichten.models import Bericht
from app.config import Settings
from tests.conftest import _session_factory
from tests.helpers import login
from tests.test_plannen import URL, Forms, _fields, _plan, regio  # noqa: F401 (regio is a fixture)

REFUSED = "geweigerd@example.nl"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Postbus:
    """An aiosmtpd handler that keeps every message and refuses one address (550), as a real server might."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == REFUSED:
            return "550 5.1.1 Onbekende ontvanger"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def postbus():
    handler = Postbus()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def _settings(database_url: str, port: int) -> Settings:
    return Settings(
        mode="test",
        database_url=database_url,
        secret_key="t" * 40,
        base_url="https://tussenruimte.test",
        login_max_failures=50,
        smtp_host="127.0.0.1",
        smtp_port=port,
        mail_from="Tussenruimte <noreply@tussenruimte.test>",
    )


@pytest.fixture
def settings(database_url, request) -> Settings:
    # The port of the SMTP server when the test has one, else one where nothing listens.
    port = request.getfixturevalue("postbus")[1] if "postbus" in request.fixturenames else _free_port()
    return _settings(database_url, port)


def _accept(client) -> None:
    login(client, "secretaris@u5.example.nl")
    form = _fields(Forms(_plan(client).text).accept_forms()[0])
    response = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text


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
        assert message["Subject"] == ("Behandeling op dezelfde dag vastgesteld: Regionale woonvisie 2028 (13-04-2027)")
        body = message.get_content()
        assert "op 13-04-2027 in alle deelnemende raden behandeld (4 raden)" in body
        assert "Gemeente Dijkum: Extra raadsvergadering Dijkum, extra vergadering (nieuw)" in body
        assert "https://tussenruimte.test/vergaderingen/" in body
    for bericht in db.exec(select(Bericht)).all():
        db.refresh(bericht)
        assert bericht.verzonden_at is not None and bericht.pogingen == 1 and bericht.fout is None


def test_an_unreachable_server_keeps_the_mail_queued_and_the_request_succeeds(client, db, regio, settings):  # noqa: F811
    _accept(client)  # 303: the plan is accepted although no mail could go out
    queued = db.exec(select(Bericht).order_by(Bericht.aan)).all()
    assert len(queued) == 3
    for bericht in queued:
        db.refresh(bericht)
        assert bericht.verzonden_at is None
        assert bericht.pogingen == 1
        assert bericht.fout.startswith("SMTP-server onbereikbaar")
        assert "13-04-2027" in bericht.onderwerp

    # The next run (`tussenruimte mail send`, or the next accepted plan) tries again and counts again.
    factory = client.app.state.session_factory
    assert berichten.deliver_pending(factory, settings) == 0
    for bericht in queued:
        db.refresh(bericht)
        assert bericht.pogingen == 2


def test_delivery_sends_each_message_once_and_a_refused_address_does_not_hold_up_the_others(
    db: Session, connection, database_url, postbus
):
    handler, port = postbus
    day = date(2027, 4, 13)
    berichten.queue(
        db,
        aan=["a@example.nl", REFUSED, "b@example.nl", "a@example.nl"],  # a duplicate address gets one message
        onderwerp=f"Vergadering op {day:%d-%m-%Y}",
        tekst=f"De raden vergaderen op {day:%d-%m-%Y}.",
    )
    db.flush()
    settings = _settings(database_url, port)
    factory = _session_factory(connection)
    assert berichten.deliver_pending(factory, settings) == 2
    assert sorted(rcpt[0] for rcpt, _ in handler.messages) == ["a@example.nl", "b@example.nl"]
    assert all(m["Subject"] == "Vergadering op 13-04-2027" for _, m in handler.messages)
    assert all("De raden vergaderen op 13-04-2027." in m.get_content() for _, m in handler.messages)
    rows = {b.aan: b for b in db.exec(select(Bericht)).all()}
    for b in rows.values():
        db.refresh(b)
    assert rows[REFUSED].verzonden_at is None and rows[REFUSED].pogingen == 1
    assert "Onbekende ontvanger" in rows[REFUSED].fout
    assert rows["a@example.nl"].verzonden_at is not None and rows["a@example.nl"].fout is None

    # Sent messages are not sent again; the refused one is tried until MAX_POGINGEN, then left alone.
    for _ in range(berichten.MAX_POGINGEN + 2):
        berichten.deliver_pending(factory, settings)
    assert len(handler.messages) == 2
    db.refresh(rows[REFUSED])
    assert rows[REFUSED].pogingen == berichten.MAX_POGINGEN
    assert rows[REFUSED].verzonden_at is None
