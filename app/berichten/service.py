"""Mail through an outbox: queue inside the transaction of the change, deliver over SMTP after the commit."""

import logging
import smtplib
from collections.abc import Callable, Iterable
from email.message import EmailMessage
from email.utils import make_msgid

from sqlmodel import Session, col, select

from app.berichten.models import Bericht
from app.config import Settings
from app.db import utcnow

log = logging.getLogger(__name__)
MAX_POGINGEN = 5


def queue(session: Session, *, aan: Iterable[str], onderwerp: str, tekst: str) -> list[Bericht]:
    """One message per address (so one bad address cannot hold up the others), in the caller's transaction."""
    berichten = [Bericht(aan=adres, onderwerp=onderwerp, tekst=tekst) for adres in dict.fromkeys(aan)]
    session.add_all(berichten)
    session.flush()
    return berichten


def deliver_pending(session_factory: Callable[[], Session], settings: Settings, *, limit: int = 200) -> int:
    """Send what waits in the outbox; each message is marked in its own commit. Returns how many went out."""
    with session_factory() as session:
        pending = session.exec(
            select(Bericht)
            .where(col(Bericht.verzonden_at).is_(None), Bericht.pogingen < MAX_POGINGEN)
            .order_by(Bericht.id)
            .limit(limit)
        ).all()
        if not pending:
            return 0
        sent = 0
        try:
            smtp = _connect(settings)
        except OSError as exc:
            for bericht in pending:
                bericht.pogingen += 1
                bericht.fout = f"SMTP-server onbereikbaar: {exc}"[:500]
            session.commit()
            log.warning("mail not sent, SMTP server unreachable: %s", exc)
            return 0
        with smtp:
            for bericht in pending:
                try:
                    smtp.send_message(_message(bericht, settings))
                except smtplib.SMTPException as exc:
                    bericht.pogingen += 1
                    bericht.fout = str(exc)[:500]
                else:
                    bericht.verzonden_at = utcnow()
                    bericht.pogingen += 1
                    bericht.fout = None
                    sent += 1
                session.commit()
        return sent


def _connect(settings: Settings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10)
    if settings.smtp_starttls:
        smtp.starttls()
    if settings.smtp_user:
        smtp.login(settings.smtp_user, settings.smtp_password or "")
    return smtp


def _message(bericht: Bericht, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = bericht.aan
    message["Subject"] = bericht.onderwerp
    message["Message-ID"] = make_msgid(idstring=f"bericht-{bericht.id}")
    message.set_content(bericht.tekst)
    return message
