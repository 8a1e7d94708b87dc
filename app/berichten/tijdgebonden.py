"""Notifications that time sends, not a person: reminders before a term passes; then the outbox goes out.

``run_meldingen`` does one round; ``tussenruimte meldingen`` runs it from cron, and ``meldingen_lus`` (an app
lifespan) runs it every ``TUSSENRUIMTE_MELDINGEN_INTERVAL`` seconds inside the app, so a developer's ``make run``
needs no cron. Several workers may run the loop at once: each reminder job runs under a PostgreSQL advisory lock
(a worker that does not get it skips the job), and the outbox is claimed row by row.
"""

import asyncio
import contextlib
import importlib
import inspect
import logging
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from fastapi import FastAPI
from sqlmodel import Session

from app.berichten.service import deliver_pending
from app.config import Settings
from app.db import utcnow

log = logging.getLogger(__name__)

# (name, module, function, the argument it takes: "vandaag" (a local date) or "nu" (a moment)). Imported when
# run: the modules belong to other packages, and a missing function is skipped, not an error.
TAKEN = (
    ("zienswijzetermijn", "app.voorstellen.service", "deadline_herinneringen", "vandaag"),
    ("convocatietermijn", "app.convocatie.service", "herinneringen", "nu"),
    ("inspreken_opschonen", "app.inspreken.service", "opschonen", "nu"),  # AVG: speakers' data after the meeting
)


@dataclass
class Ronde:
    gemeld: dict[str, int] = field(default_factory=dict)  # job -> notifications made
    overgeslagen: list[str] = field(default_factory=list)  # not present, or another worker runs it now
    mislukt: list[str] = field(default_factory=list)
    verzonden: int = 0


def _functie(module: str, naam: str) -> Callable | None:
    try:
        return getattr(importlib.import_module(module), naam, None)
    except ImportError:
        return None


def _roep(functie: Callable, session: Session, naam: str, waarde: Any, settings: Settings | None = None) -> int:
    parameters = inspect.signature(functie).parameters
    extra = {"settings": settings} if settings is not None and "settings" in parameters else {}
    if naam in parameters and parameters[naam].kind != inspect.Parameter.POSITIONAL_ONLY:
        return int(functie(session, **{naam: waarde}, **extra) or 0)
    return int(functie(session, waarde, **extra) or 0)


def _slot(session: Session, taak: str) -> bool:
    """This worker runs the job now; on PostgreSQL only one worker at a time (until its transaction ends)."""
    if session.get_bind().dialect.name != "postgresql":
        return True  # SQLite: one writer at a time already
    key = zlib.crc32(f"tussenruimte.meldingen.{taak}".encode())
    return bool(session.execute(sa.text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": key}).scalar())


def run_meldingen(session_factory: Callable[[], Session], settings: Settings, *, nu: datetime | None = None,
                  verzenden: bool = True) -> Ronde:
    """One round: every reminder job in its own transaction (one failing does not stop the others), then the
    outbox. ``nu``: a clock that stands still, for tests."""
    klok, nu = nu, nu or utcnow()
    ronde = Ronde()
    waarden = {"vandaag": nu.astimezone(settings.tz).date(), "nu": nu}
    for taak, module, naam, argument in TAKEN:
        functie = _functie(module, naam)
        if functie is None:
            ronde.overgeslagen.append(taak)
            continue
        with session_factory() as session:
            try:
                if not _slot(session, taak):
                    ronde.overgeslagen.append(taak)
                    continue
                ronde.gemeld[taak] = _roep(functie, session, argument, waarden[argument], settings)
                session.commit()
            except Exception:
                session.rollback()
                log.exception("herinneringen %s mislukt", taak)
                ronde.mislukt.append(taak)
    if verzenden:
        ronde.verzonden = deliver_pending(session_factory, settings, nu=klok)  # without one: the real clock
    return ronde


@contextlib.asynccontextmanager
async def meldingen_lus(app: FastAPI) -> AsyncIterator[None]:
    """An app lifespan: a round every ``settings.meldingen_elke`` seconds while the app runs (0: none)."""
    elke = app.state.settings.meldingen_elke
    taak = asyncio.create_task(_lus(app, elke), name="meldingen") if elke > 0 else None
    try:
        yield
    finally:
        if taak is not None:
            taak.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await taak


async def _lus(app: FastAPI, elke: int) -> None:
    while True:
        try:
            await asyncio.to_thread(run_meldingen, app.state.session_factory, app.state.settings)
        except Exception:  # the loop must outlive a bad round (database away, a bug in a job)
            log.exception("ronde meldingen mislukt")
        await asyncio.sleep(elke)
