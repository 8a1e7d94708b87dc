"""Demo states of the yearly accountability meeting, through the service: per demo regeling one meeting that was
held (with the attendance of most councils recorded, one still missing) and one planned ahead (invitations sent).

``vul`` is idempotent: a year that already has its meeting is left as it is.
"""

from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from app.accounts.authz import Actor
from app.config import get_settings
from app.errors import Conflict, Invalid
from app.regelingen.models import Regeling
from app.verantwoording import service

REGELINGEN = ("u16", "drechtsteden", "mre")
LOCATIES = {"u16": "Stadhuis Utrecht, Stadsplateau 1", "drechtsteden": "Stadskantoor Dordrecht, Spuiboulevard 300",
            "mre": "Eindhoven, Stadhuisplein 10"}
BEHEER = Actor(gebruiker_id=0, naam="Demo (verantwoording)", beheerder=True)  # writes no row with this id


def vul(session: Session, *, vandaag: date) -> None:
    tz = get_settings().tz
    slugs = session.exec(select(Regeling.slug).where(col(Regeling.slug).in_(REGELINGEN))).all()
    for slug in [s for s in REGELINGEN if s in slugs]:
        _gehouden(session, slug, vandaag=vandaag, tz=tz)
        _gepland(session, slug, vandaag=vandaag, tz=tz)


def _eerste(session: Session, slug: str, van: date, tot: date, tz) -> date | None:
    kandidaten = service.beschikbaar(session, actor=BEHEER, regeling=slug, van=van, tot=tot, tz=tz).uitkomst.kandidaten
    return kandidaten[0] if kandidaten else None


def _gehouden(session: Session, slug: str, *, vandaag: date, tz) -> None:
    """A meeting some weeks ago about the year before it, planned a month before it was held."""
    toen = vandaag - timedelta(days=90)
    datum = _eerste(session, slug, toen + timedelta(days=30), vandaag - timedelta(days=3), tz)
    if datum is None:
        return
    try:
        b = service.plan(session, actor=BEHEER, regeling=slug, jaar=datum.year - 1, datum=datum, vandaag=toen, tz=tz,
                         locatie=LOCATIES.get(slug)).bijeenkomst
    except (Conflict, Invalid):
        return  # already there
    nu = datetime.now(tz)
    det = service.detail(session, bijeenkomst_id=b.id, actor=BEHEER, nu=nu)
    for i, rij in enumerate(det.rijen[:-1]):  # the last council has not recorded its attendance yet
        zetels = rij.zetels or 20
        aanwezig = max(1, zetels * (55 + (i * 7) % 35) // 100)  # between 55% and 90% of the seats
        service.registreer(session, actor=BEHEER, bijeenkomst_id=b.id, gemeente=rij.gemeente.code,
                           aanwezig=aanwezig, opmerking="twee leden volgden het online" if i == 1 else None, nu=nu)


def _gepland(session: Session, slug: str, *, vandaag: date, tz) -> None:
    """The next meeting, about this year, on the first day in a month's time that every council can come."""
    datum = _eerste(session, slug, vandaag + timedelta(days=28), vandaag + timedelta(days=120), tz)
    if datum is None:
        return
    try:
        service.plan(session, actor=BEHEER, regeling=slug, jaar=vandaag.year, datum=datum, vandaag=vandaag, tz=tz,
                     locatie=LOCATIES.get(slug))
    except (Conflict, Invalid):
        return
