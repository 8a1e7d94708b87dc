"""Notifications: one call per event; who receives it follows from the subscriptions of the regeling.

Every domain service reports its events through ``meld`` inside its own transaction; the outbox does the rest.
"""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.berichten.models import Abonnement, Melding
from app.berichten.service import queue
from app.regelingen.models import Regeling


def abonnees(session: Session, *, regeling_id: int, soort: Melding) -> list[Abonnement]:
    """The standing subscriptions of this regeling that include this kind of notification."""
    rows = session.exec(
        select(Abonnement).where(Abonnement.regeling_id == regeling_id, col(Abonnement.opgezegd_at).is_(None))
        .order_by(Abonnement.id)
    ).all()
    return [a for a in rows if not a.soorten or soort.value in a.soorten]


def meld(session: Session, *, soort: Melding, regeling: Regeling, onderwerp: str, tekst: str, pad: str,
         ook_aan: Iterable[str] = ()) -> int:
    """Queue a notification to every subscriber of ``regeling`` for ``soort``, and to ``ook_aan`` (people who
    must hear of it whether they subscribed or not, e.g. the griffiers of the councils a request concerns).
    ``tekst`` is the Dutch body; ``pad`` the portal page it is about. Returns the number of messages queued."""
    from app.config import get_settings

    link = get_settings().base_url.rstrip("/") + pad
    body = f"{tekst}\n\nBekijk het in Tussenruimte: {link}\n"
    adressen = [a.email for a in abonnees(session, regeling_id=regeling.id, soort=soort)]
    adressen += [adres.lower() for adres in ook_aan]
    return len(queue(session, aan=adressen, onderwerp=f"{onderwerp} ({regeling.naam})", tekst=body))
