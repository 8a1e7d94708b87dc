"""Demo subscriptions: the demo raadsleden follow everything of their regeling, a griffier chose some kinds, and
a secretaris follows another regeling too. Through the service functions, as each of them would."""

from datetime import date

from sqlmodel import Session, col, select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker
from app.berichten import abonnementen
from app.berichten.models import Melding
from app.regelingen.models import Regeling

DOMAIN = "demo.tussenruimte.nl"


def _actor(session: Session, email: str):
    user = session.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
    return accounts.actor_for(session, user.id) if user is not None else None


def vul(session: Session, *, vandaag: date) -> None:
    """``vandaag`` is not needed: subscriptions have no date. Users that are not there are skipped."""
    regelingen = {r.slug: r for r in session.exec(select(Regeling).where(col(Regeling.demo).is_(True))).all()}
    for email, regeling_slug in ((f"raadslid.eindhoven@{DOMAIN}", "mre"), (f"raadslid.dordrecht@{DOMAIN}",
                                 "drechtsteden"), (f"raadslid.utrecht@{DOMAIN}", "u16"),
                                 (f"secretaris.mre@{DOMAIN}", "u16")):
        actor = _actor(session, email)
        if actor is not None and regeling_slug in regelingen:
            abonnementen.volg(session, actor=actor, regeling_slug=regeling_slug)
    griffier = _actor(session, f"griffie.zeist@{DOMAIN}")
    if griffier is not None and "u16" in regelingen:
        abonnementen.bewaar(session, actor=griffier, keuzes={regelingen["u16"].id: [
            Melding.zienswijzetermijn, Melding.antwoord, Melding.verantwoording]})
