"""Notifications: one call per event; who receives it follows from the subscriptions of the regeling.

Every domain service reports its events through ``meld`` inside its own transaction; the outbox does the rest.
"""

from collections.abc import Iterable

from sqlmodel import Session, col, select

from app.berichten import opmaak
from app.berichten.models import Abonnement, Melding
from app.berichten.service import queue
from app.regelingen.models import Regeling

INSTELLINGEN = "/mijn/meldingen"


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
    ``tekst`` is the Dutch body (paragraphs separated by a blank line); ``pad`` the portal page it is about.
    Returns the number of messages queued.

    Each message has a plain-text and an HTML part. A subscriber's message carries the one-click unsubscribe
    (RFC 8058); someone in ``ook_aan`` gets it because of their role, so it offers none, also when they
    subscribed as well (they get one message, not two).
    """
    from app.config import get_settings

    basis = get_settings().base_url.rstrip("/")
    link, instellingen = basis + pad, basis + INSTELLINGEN
    verplicht = list(dict.fromkeys(adres.strip().lower() for adres in ook_aan if adres and adres.strip()))
    abonnementen = {a.email: a.id for a in abonnees(session, regeling_id=regeling.id, soort=soort)
                    if a.email not in verplicht}
    volledig = f"{onderwerp} ({regeling.naam})"
    aantal = 0
    for adressen, abonnee in ((list(abonnementen), True), (verplicht, False)):
        if not adressen:
            continue
        opties = dict(kop=onderwerp, tekst_=tekst, link=link, regeling=regeling.naam, abonnee=abonnee,
                      instellingen=instellingen)
        aantal += len(queue(session, aan=adressen, onderwerp=volledig, soort=soort,
                            tekst=opmaak.tekst(**opties), html=opmaak.html(onderwerp=volledig, **opties),
                            abonnementen=abonnementen if abonnee else None))
    return aantal
