"""A real SMTP server for the mail tests: aiosmtpd on a free local port, keeping what the portal sends."""

import email
import socket
import threading
from email import policy

import pytest
from aiosmtpd.controller import Controller

from app.config import Settings

REFUSED = "geweigerd@example.nl"


def free_port() -> int:
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

    def aan(self, adres: str) -> list[email.message.EmailMessage]:
        with self.lock:
            return [m for rcpt, m in self.messages if rcpt == [adres]]


@pytest.fixture
def postbus():
    handler = Postbus()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def mail_settings(database_url: str, port: int, **kw) -> Settings:
    return Settings(**{"mode": "test", "database_url": database_url, "secret_key": "t" * 40,
                       "base_url": "https://tussenruimte.test", "login_max_failures": 50, "smtp_host": "127.0.0.1",
                       "smtp_port": port, "smtp_timeout": 5, "mail_from": "Tussenruimte <noreply@tussenruimte.test>",
                       "feed_stand_ttl": 0, **kw})


@pytest.fixture
def settings(database_url, request) -> Settings:
    # The port of the SMTP server when the test has one, else one where nothing listens.
    port = request.getfixturevalue("postbus")[1] if "postbus" in request.fixturenames else free_port()
    return mail_settings(database_url, port)
