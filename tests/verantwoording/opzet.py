"""Test data for the accountability meeting: two participating councils with seats, their griffiers, a raadslid
with an account, the regeling's secretaris, a subscriber, and a griffier of a council that does not take part."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from app.berichten.models import Abonnement
from app.gemeenten.models import Gemeente, Persoon, Reces
from app.regelingen.models import Regeling
from tests import factories

TZ = ZoneInfo("Europe/Amsterdam")


@dataclass
class Wereld:
    zeist: Gemeente
    utrecht: Gemeente
    buiten: Gemeente  # takes no part
    regeling: Regeling
    secretaris: str
    griffier_zeist: str
    griffier_utrecht: str
    griffier_buiten: str
    raadslid_zeist: str
    abonnee: str


def wereld(db: Session) -> Wereld:
    zeist = factories.gemeente(db, "Zeist", slug="zeist-vb")
    utrecht = factories.gemeente(db, "Utrecht", slug="utrecht-vb")
    buiten = factories.gemeente(db, "Lopik", slug="lopik-vb")
    for naam, zetels in (("GroenLinks", 8), ("VVD", 6), ("D66", 5), ("CDA", 4), ("PvdA", 4)):
        factories.fractie(db, zeist, naam, zetels)  # 27 seats
    factories.fractie(db, utrecht, "GroenLinks", 45)
    regeling = factories.regeling(db, slug="vru-vb", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    w = Wereld(zeist, utrecht, buiten, regeling, "secretaris@vru.example.nl", "griffie@zeist.example.nl",
               "griffie@utrecht.example.nl", "griffie@lopik.example.nl", "raadslid@zeist.example.nl",
               "inwoner@example.nl")
    factories.user(db, w.secretaris, ("secretaris", regeling), naam="Sanne Secretaris")
    factories.user(db, w.griffier_zeist, ("griffier", zeist), naam="Greet Griffier")
    factories.user(db, w.griffier_utrecht, ("griffier", utrecht), naam="Ute Griffier")
    factories.user(db, w.griffier_buiten, ("griffier", buiten), naam="Lot Griffier")
    lid = factories.user(db, w.raadslid_zeist, ("raadslid",), naam="Rita Raadslid")
    db.get(Persoon, lid.persoon_id).gemeente_id = zeist.id  # a council member of Zeist
    db.add(Abonnement(email=w.abonnee, regeling_id=regeling.id, soorten=["verantwoording"]))
    db.flush()
    return w


def werkdag_na(d: date, weekdag: int = 2) -> date:
    """The first ``weekdag`` (default Wednesday) on or after ``d`` that is no ATW holiday."""
    from app.planning.kalender import is_werkdag

    d += timedelta(days=(weekdag - d.weekday()) % 7)
    while not is_werkdag(d):
        d += timedelta(days=7)
    return d


def woensdag_later() -> date:
    """A working Wednesday some six weeks ahead, with three more weeks before the turn of the year (so that tests
    can ask about ``jaar`` and the year before it on the days after it)."""
    d = werkdag_na(vandaag() + timedelta(days=40))
    while (d + timedelta(days=21)).year != d.year:
        d = werkdag_na(d + timedelta(days=7))
    return d


def werkweek_na(d: date) -> date:
    """The Monday of the first week from ``d`` whose five weekdays are all working days."""
    from app.planning.kalender import is_werkdag

    d += timedelta(days=(0 - d.weekday()) % 7)
    while not all(is_werkdag(d + timedelta(days=i)) for i in range(5)):
        d += timedelta(days=7)
    return d


def raadsvergadering(db: Session, gemeente: Gemeente, d: date, uur: time = time(19, 30)):
    return factories.vergadering(db, factories.orgaan_of(db, gemeente), start=datetime.combine(d, uur, TZ),
                                 naam=f"Raad {gemeente.naam}")


def reces(db: Session, gemeente: Gemeente, van: date, tot: date, naam: str = "zomerreces") -> Reces:
    row = Reces(gemeente_id=gemeente.id, naam=naam, van=van, tot=tot)
    db.add(row)
    db.flush()
    return row


def vandaag() -> date:
    return datetime.now(TZ).date()
