"""Mail through an outbox: queue inside the transaction of the change, deliver over SMTP after the commit.

Delivery (``deliver_pending``) works in steps, each in its own short transaction:

1. *claim*: one UPDATE takes a small batch of the messages that are due (``volgende_poging_at`` empty or past,
   fewer than ``MAX_POGINGEN`` attempts), counts the attempt and sets ``volgende_poging_at`` to a lease
   (``CLAIM``), so no other worker takes them while this one sends. On PostgreSQL the rows are chosen
   ``FOR UPDATE SKIP LOCKED``; SQLite has one writer at a time, so the UPDATE itself is the lock. A worker that dies
   mid-send leaves its messages to be retried when the lease ends. The batch is small enough (``_partij``) that
   sending all of it, each message cut off at its time limit (``_verzendtijd``), takes at most half the lease.
2. *check*, right before each message is sent: a conditional UPDATE renews the lease only if the row still holds
   what this run's claim wrote (the attempt count and the lease end: a later claim by another worker raises
   both). A message whose claim was taken over is left to the worker that took it, so it is never sent twice.
3. *send*, over one SMTP connection (aiosmtplib), outside any transaction, cut off after ``_verzendtijd``, which
   is shorter than the renewed lease;
4. *record* each result as soon as it is known: sent, or the error and the next attempt after the backoff
   (``WACHTTIJDEN``), or, after the last attempt, given up; then claim the next batch.
"""

import asyncio
import logging
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid, parseaddr
from enum import StrEnum

import aiosmtplib
import sqlalchemy as sa
from markupsafe import escape
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.berichten import afmelden
from app.berichten.models import Abonnement, Bericht, Melding
from app.config import Settings
from app.db import utcnow
from app.errors import Forbidden

log = logging.getLogger(__name__)

MAX_POGINGEN = 5
# The wait after a failed attempt 1, 2, 3 and 4; the 5th failure gives up (about 2 h 36 min after the first).
WACHTTIJDEN = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
CLAIM = timedelta(minutes=10)  # a claimed message is not taken by another worker for this long
# One message is MAIL FROM, RCPT TO, DATA and the content: each step waits at most settings.smtp_timeout.
SMTP_STAPPEN = 4
AFMELDLINK = "[[afmeldlink]]"  # filled in at sending: the link depends on the deployment's key and address


class Staat(StrEnum):
    wachtend = "wachtend"  # waits for its (first or next) attempt, which is due
    opnieuw = "opnieuw"  # failed (or is being sent); next attempt at volgende_poging_at
    verzonden = "verzonden"
    opgegeven = "opgegeven"  # MAX_POGINGEN attempts failed


STAAT_LABELS = {Staat.wachtend: "Wachtend", Staat.opnieuw: "Opnieuw proberen", Staat.verzonden: "Verzonden",
                Staat.opgegeven: "Opgegeven"}


def wachttijd(pogingen: int) -> timedelta | None:
    """How long to wait after ``pogingen`` failed attempts; None: give up."""
    return WACHTTIJDEN[pogingen - 1] if 1 <= pogingen <= len(WACHTTIJDEN) and pogingen < MAX_POGINGEN else None


def staat(bericht: Bericht, nu: datetime) -> Staat:
    if bericht.verzonden_at is not None:
        return Staat.verzonden
    if bericht.volgende_poging_at is not None and bericht.volgende_poging_at > nu:
        return Staat.opnieuw
    return Staat.opgegeven if bericht.pogingen >= MAX_POGINGEN else Staat.wachtend


def _staat_filter(s: Staat, nu: datetime):
    """``staat`` as a WHERE clause."""
    niet_verzonden = col(Bericht.verzonden_at).is_(None)
    niet_later = sa.or_(col(Bericht.volgende_poging_at).is_(None), col(Bericht.volgende_poging_at) <= nu)
    return {
        Staat.verzonden: col(Bericht.verzonden_at).is_not(None),
        Staat.opnieuw: sa.and_(niet_verzonden, col(Bericht.volgende_poging_at) > nu),
        Staat.opgegeven: sa.and_(niet_verzonden, niet_later, Bericht.pogingen >= MAX_POGINGEN),
        Staat.wachtend: sa.and_(niet_verzonden, niet_later, Bericht.pogingen < MAX_POGINGEN),
    }[s]


# --- queueing ---------------------------------------------------------------------------------------------


def queue(session: Session, *, aan: Iterable[str], onderwerp: str, tekst: str, html: str | None = None,
          soort: Melding | None = None, abonnementen: Mapping[str, int] | None = None) -> list[Bericht]:
    """One message per address (so one bad address cannot hold up the others), in the caller's transaction.

    ``abonnementen``: address -> the subscription the message goes out under; such a message carries the RFC 8058
    one-click unsubscribe headers, and ``[[afmeldlink]]`` in its text and HTML becomes the unsubscribe link.
    """
    abonnementen = abonnementen or {}
    onderwerp = onderwerpregel(onderwerp)
    berichten = [Bericht(aan=adres, onderwerp=onderwerp, tekst=tekst, html=html, soort=soort,
                         abonnement_id=abonnementen.get(adres)) for adres in dict.fromkeys(aan)]
    session.add_all(berichten)
    session.flush()
    return berichten


_STUURTEKENS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def onderwerpregel(onderwerp: str) -> str:
    """A subject a mail header can carry: control characters and runs of white space (a title's line breaks)
    become one space, at most 300 characters."""
    return " ".join(_STUURTEKENS.sub(" ", onderwerp).split())[:300].rstrip()


# --- delivery ---------------------------------------------------------------------------------------------


def _claim(session: Session, *, nu: datetime, limit: int, lease: timedelta = CLAIM) -> list[Bericht]:
    """Take what is due, in one UPDATE (the first statement of its transaction, so on SQLite it waits for the
    write lock instead of failing on an upgrade from reading). Returns the claimed rows, detached and loaded."""
    due = (select(Bericht.id)
           .where(col(Bericht.verzonden_at).is_(None), Bericht.pogingen < MAX_POGINGEN,
                  sa.or_(col(Bericht.volgende_poging_at).is_(None), col(Bericht.volgende_poging_at) <= nu))
           .order_by(Bericht.id).limit(limit))
    if session.get_bind().dialect.name == "postgresql":
        due = due.with_for_update(skip_locked=True)
    rows = list(session.scalars(
        sa.update(Bericht)
        .where(col(Bericht.id).in_(due.scalar_subquery()))
        .values(pogingen=Bericht.pogingen + 1, volgende_poging_at=nu + lease)
        .returning(Bericht)
        .execution_options(synchronize_session=False, populate_existing=True)
    ).all())
    for row in rows:
        session.expunge(row)  # keeps what was read; nothing is loaded again after the commit
    session.commit()
    return sorted(rows, key=lambda b: b.id)


def _verzendtijd(settings: Settings) -> timedelta:
    """The longest one message may take to send; then it is cut off (and counts as a lost connection)."""
    return timedelta(seconds=SMTP_STAPPEN * settings.smtp_timeout)


def _lease(settings: Settings) -> timedelta:
    """How long a claim holds: ``CLAIM``, or longer for a server with a long timeout, so one message always fits
    twice in it."""
    return max(CLAIM, 2 * _verzendtijd(settings))


def _partij(settings: Settings) -> int:
    """How many messages one claim takes: so few that sending them all takes at most half the lease."""
    return max(1, _lease(settings) // (2 * _verzendtijd(settings)))


class _Ronde:
    """One delivery run: claims batch after batch, and knows what its claim wrote on each row it holds (the
    attempt count and the lease end), the token a conditional UPDATE checks before a send and a result."""

    def __init__(self, session: Session, settings: Settings, klok: Callable[[], datetime], limit: int):
        self.session, self.settings, self.klok = session, settings, klok
        self.over = limit
        self.lease, self.partij = _lease(settings), _partij(settings)
        self.claims: dict[int, tuple[int, datetime]] = {}
        self.geclaimd = 0

    def volgende(self) -> list[tuple[int, EmailMessage]]:
        """Claim the next batch and make its messages (one that cannot be made is recorded as failed); empty when
        nothing is due any more or the run's limit is reached."""
        klaar: list[tuple[int, EmailMessage]] = []
        while not klaar and self.over > 0:
            berichten = _claim(self.session, nu=self.klok(), limit=min(self.over, self.partij), lease=self.lease)
            if not berichten:
                break
            self.over -= len(berichten)
            self.geclaimd += len(berichten)
            for bericht in berichten:
                self.claims[bericht.id] = (bericht.pogingen, bericht.volgende_poging_at)
                try:
                    klaar.append((bericht.id, _message(bericht, self.settings)))
                except (ValueError, TypeError) as exc:  # an address or header the mail format cannot carry
                    self.verwerk(bericht.id, f"Bericht kon niet worden opgemaakt: {exc}")
        return klaar

    def _van_mij(self, bericht_id: int):
        """The rows this run's claim still holds: no other claim came since (it raises both values)."""
        pogingen, lease = self.claims[bericht_id]
        return sa.and_(Bericht.id == bericht_id, col(Bericht.verzonden_at).is_(None), Bericht.pogingen == pogingen,
                       Bericht.volgende_poging_at == lease)

    def nog_van_mij(self, bericht_id: int) -> bool:
        """Right before sending: renew the lease if the claim is still this run's; False if another worker took
        the message over (its lease ended), which then sends it instead."""
        if bericht_id not in self.claims:
            return False
        nieuw = self.klok() + self.lease
        gelukt = self.session.execute(
            sa.update(Bericht).where(self._van_mij(bericht_id)).values(volgende_poging_at=nieuw)
            .execution_options(synchronize_session=False)).rowcount == 1
        self.session.commit()
        if gelukt:
            self.claims[bericht_id] = (self.claims[bericht_id][0], nieuw)
        else:
            del self.claims[bericht_id]
            log.warning("bericht %d niet verzonden: een andere werker heeft het overgenomen", bericht_id)
        return gelukt

    def verwerk(self, bericht_id: int, fout: str | None) -> None:
        """Record one result in its own commit (a write first, for the same reason as in ``_claim``). Sent is
        always recorded, so nobody sends it again; a failure only while the claim is still this run's."""
        nu = self.klok()
        if fout is None:
            waar = sa.and_(Bericht.id == bericht_id, col(Bericht.verzonden_at).is_(None))
            waarden = {"verzonden_at": nu, "fout": None, "volgende_poging_at": None}
        elif bericht_id in self.claims:
            waar = self._van_mij(bericht_id)
            wacht = wachttijd(self.claims[bericht_id][0])
            waarden = {"fout": fout[:500], "volgende_poging_at": nu + wacht if wacht else None}
        else:
            return
        self.claims.pop(bericht_id, None)
        self.session.execute(sa.update(Bericht).where(waar).values(**waarden)
                             .execution_options(synchronize_session=False))
        self.session.commit()


def deliver_pending(session_factory: Callable[[], Session], settings: Settings, *, limit: int = 200,
                    nu: datetime | None = None) -> int:
    """Send what is due in the outbox, at most ``limit`` messages, claimed in small batches; each result is
    recorded in its own commit. Returns how many went out.

    Synchronous, for a background task (run in a worker thread) and the CLI; from async code use
    ``adeliver_pending``. ``nu``: a clock that stands still, for tests; without it every claim, lease and result
    reads the clock when it happens.
    """
    klok = (lambda: nu) if nu is not None else utcnow
    with session_factory() as session:
        ronde = _Ronde(session, settings, klok, limit)
        berichten = ronde.volgende()
        if not berichten:
            return 0
        verzonden = _run(_verstuur(ronde, berichten, settings))
    if verzonden < ronde.geclaimd:
        log.warning("%d van %d bericht(en) niet verzonden", ronde.geclaimd - verzonden, ronde.geclaimd)
    return verzonden


async def adeliver_pending(session_factory: Callable[[], Session], settings: Settings, *, limit: int = 200) -> int:
    """``deliver_pending`` from async code: the database work must not block the event loop."""
    return await asyncio.to_thread(deliver_pending, session_factory, settings, limit=limit)


def _run(coro):
    """Run a coroutine to the end from synchronous code, also when this thread already runs an event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _smtp(settings: Settings) -> aiosmtplib.SMTP:
    return aiosmtplib.SMTP(
        hostname=settings.smtp_host,
        port=settings.smtp_port,
        username=settings.smtp_user or None,
        password=settings.smtp_password if settings.smtp_user else None,
        use_tls=settings.smtp_tls,
        start_tls=settings.smtp_starttls,  # explicit: no opportunistic upgrade that may fail on a certificate
        timeout=settings.smtp_timeout,
    )


def _reden(exc: Exception) -> str:
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        return "; ".join(f"{r.recipient} geweigerd: {r.code} {r.message}" for r in exc.recipients)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        return f"De SMTP-server weigerde het bericht: {exc.code} {exc.message}"
    return str(exc) or type(exc).__name__


async def _verstuur(ronde: _Ronde, berichten: list[tuple[int, EmailMessage]], settings: Settings) -> int:
    """Send the first batch and every next one ``ronde`` claims over one connection; ``ronde`` checks the claim
    before each message and records each result."""
    smtp = _smtp(settings)
    try:
        await smtp.connect()
    except (aiosmtplib.SMTPException, OSError) as exc:
        log.warning("mail not sent, SMTP server unreachable: %s", exc)
        while berichten:
            for bericht_id, _ in berichten:
                ronde.verwerk(bericht_id, f"SMTP-server onbereikbaar: {_reden(exc)}")
            berichten = ronde.volgende()
        return 0
    verzonden = 0
    limiet = _verzendtijd(settings).total_seconds()
    try:
        while berichten:
            for i, (bericht_id, message) in enumerate(berichten):
                if not ronde.nog_van_mij(bericht_id):
                    continue
                try:
                    await asyncio.wait_for(smtp.send_message(message), limiet)
                except (aiosmtplib.SMTPServerDisconnected, aiosmtplib.SMTPTimeoutError, TimeoutError, OSError) as exc:
                    # The connection is gone (or cut off): this message and the rest wait for the next attempt.
                    smtp.close()  # in an unknown state after a cut: no QUIT
                    for rest_id, _ in berichten[i:]:
                        ronde.verwerk(rest_id, f"Verbinding met de SMTP-server verbroken: {_reden(exc)}")
                    return verzonden
                except (aiosmtplib.SMTPException, ValueError) as exc:
                    ronde.verwerk(bericht_id, _reden(exc))
                else:
                    ronde.verwerk(bericht_id, None)
                    verzonden += 1
            berichten = ronde.volgende()
    finally:
        if smtp.is_connected:
            try:
                await smtp.quit()
            except (aiosmtplib.SMTPException, OSError):
                smtp.close()
    return verzonden


def _message(bericht: Bericht, settings: Settings) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = bericht.aan
    message["Subject"] = onderwerpregel(bericht.onderwerp)  # also rows queued before queue() cleaned it
    message["Date"] = format_datetime(bericht.created_at)
    domein = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "tussenruimte.localhost"
    message["Message-ID"] = make_msgid(idstring=f"bericht-{bericht.id}", domain=domein)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies, please
    link = afmelden.url(settings, bericht.abonnement_id) if bericht.abonnement_id else None
    message.set_content(bericht.tekst.replace(AFMELDLINK, link or f"{settings.base_url}/mijn/meldingen"))
    if bericht.html:
        message.add_alternative(bericht.html.replace(AFMELDLINK, str(escape(link or "/mijn/meldingen"))),
                                subtype="html")
    if link:
        # RFC 8058: an HTTPS URI that a POST with body "List-Unsubscribe=One-Click" ends the subscription at.
        # (The MTA's DKIM signature must cover both headers for mailbox providers to show the button.)
        message["List-Unsubscribe"] = f"<{link}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


# --- the visible outbox -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    bericht: Bericht
    staat: Staat


@dataclass(frozen=True)
class Overzicht:
    regels: list[Regel]
    meer: bool
    tellingen: dict[Staat, int]
    alles: bool  # the actor sees every message (beheerder), else only their own and their regelingen's


def require_outbox(actor: Actor) -> None:
    require_authenticated(actor)
    if not actor.plans_meetings:
        raise Forbidden("Alleen beheerders, griffiers en secretarissen zien de uitgaande berichten.")


def _zichtbaar(actor: Actor):
    """What a non-beheerder may see: messages to themselves, and those to subscribers of a regeling they are the
    secretaris of. (A message has no regeling of its own; subscribers' messages are linked through theirs.)"""
    if actor.beheerder:
        return sa.true()
    van_regelingen = select(Abonnement.id).where(col(Abonnement.regeling_id).in_(actor.secretaris_van or [0]))
    return sa.or_(Bericht.aan == (actor.email or "").lower(), col(Bericht.abonnement_id).in_(van_regelingen))


def overzicht(session: Session, *, actor: Actor, staat_: Staat | None = None, nu: datetime | None = None,
              limit: int = 50, offset: int = 0) -> Overzicht:
    """The outbox, newest first, with the number of messages in each state. Three queries, whatever the page."""
    require_outbox(actor)
    nu = nu or utcnow()
    zichtbaar = _zichtbaar(actor)
    query = select(Bericht).where(zichtbaar)
    if staat_ is not None:
        query = query.where(_staat_filter(staat_, nu))
    rows = session.exec(query.order_by(col(Bericht.id).desc()).offset(offset).limit(limit + 1)).all()
    telling = session.execute(
        select(*(sa.func.sum(sa.case((_staat_filter(s, nu), 1), else_=0)) for s in Staat)).where(zichtbaar)
    ).one()
    return Overzicht(
        regels=[Regel(b, staat(b, nu)) for b in rows[:limit]],
        meer=len(rows) > limit,
        tellingen={s: int(n or 0) for s, n in zip(Staat, telling, strict=True)},
        alles=actor.beheerder,
    )


def tellingen(session: Session, *, nu: datetime | None = None) -> dict[Staat, int]:
    """The number of messages in each state, for ``tussenruimte mail status``."""
    nu = nu or utcnow()
    telling = session.execute(select(*(sa.func.sum(sa.case((_staat_filter(s, nu), 1), else_=0)) for s in Staat))).one()
    return {s: int(n or 0) for s, n in zip(Staat, telling, strict=True)}


def problemen(session: Session, *, nu: datetime | None = None, limit: int = 20) -> list[Regel]:
    """Messages not (yet) sent after at least one attempt, newest first."""
    nu = nu or utcnow()
    rows = session.exec(select(Bericht).where(col(Bericht.verzonden_at).is_(None), Bericht.pogingen > 0,
                                              col(Bericht.fout).is_not(None))
                        .order_by(col(Bericht.id).desc()).limit(limit)).all()
    return [Regel(b, staat(b, nu)) for b in rows]
