"""Demo convocation requests, made through the service as the people involved would: an open request (MRE), one that
reached its threshold and waits for the chair (U16), and one the councils convened themselves after the chair's term
had passed (Drechtsteden). Loading twice changes nothing: a regeling that has requests is left alone."""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, select

from app.accounts.authz import Actor
from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.config import get_settings
from app.convocatie import service
from app.convocatie.models import Convocatieverzoek
from app.gemeenten.models import Gemeente
from app.regelingen.models import Regeling


def _moment(dag: date, uur: int, minuut: int = 0) -> datetime:
    return datetime.combine(dag, time(uur, minuut), get_settings().tz).astimezone(UTC)


def _griffier(session: Session, gemeente: Gemeente, beheerder: Actor) -> Actor:
    """The griffier of this council as an actor: its demo account if there is one, else acting as the beheerder's
    account with only this council's role (a self-convened meeting needs a supporter, not the chair)."""
    user = session.exec(
        select(Gebruiker).join(Roltoekenning, Roltoekenning.gebruiker_id == Gebruiker.id)
        .where(Roltoekenning.rol == RolSoort.griffier, Roltoekenning.gemeente_id == gemeente.id)
        .order_by(Gebruiker.id)
    ).first()
    if user is not None:
        return Actor(gebruiker_id=user.id, email=user.email, naam=user.naam, griffier_van=frozenset({gemeente.id}))
    return Actor(gebruiker_id=beheerder.gebruiker_id, email=beheerder.email, naam=f"Griffier {gemeente.naam} (demo)",
                 griffier_van=frozenset({gemeente.id}))


def _beheerder(session: Session) -> Actor:
    user = session.exec(
        select(Gebruiker).join(Roltoekenning, Roltoekenning.gebruiker_id == Gebruiker.id)
        .where(Roltoekenning.rol == RolSoort.beheerder).order_by(Gebruiker.id)
    ).first()
    if user is None:
        raise LookupError("de demo heeft een beheerder nodig om convocatieverzoeken te maken")
    return Actor(gebruiker_id=user.id, email=user.email, naam=user.naam, beheerder=True)


def _regeling(session: Session, slug: str) -> Regeling | None:
    regeling = session.exec(select(Regeling).where(Regeling.slug == slug)).first()
    if regeling is None:
        return None
    if session.exec(select(Convocatieverzoek.id).where(Convocatieverzoek.regeling_id == regeling.id)).first():
        return None  # loaded before
    return regeling


def vul(session: Session, *, vandaag: date) -> None:
    beheerder = _beheerder(session)

    # MRE: the smallest council asks; its share alone is below the tenth, so the request is open.
    if (mre := _regeling(session, "mre")) is not None:
        regels = service.regels_van(mre)
        aandelen = service.aandelen_van(session, mre, regels)
        gemeente_id = min(aandelen, key=lambda g: (aandelen[g], g))
        gemeente = session.get(Gemeente, gemeente_id)
        service.dien_in(
            session, actor=_griffier(session, gemeente, beheerder), slug=mre.slug, namens_gemeente=gemeente.code,
            agenda="Stand van de regionale woningbouwafspraken\nRol van de raden bij de Brainport-investeringen",
            toelichting=("De raad wil dat het algemeen bestuur vóór de begroting spreekt over de achterstand in de "
                         "woningbouw en over de verdeling van de investeringen."),
            grondslag=f"Motie ‘Grip op de regio’, aangenomen door de raad van {gemeente.naam}",
            nu=_moment(vandaag - timedelta(days=3), 10),
        )

    # U16: Zeist asks, Utrecht supports: the threshold is reached and the chair's four weeks run.
    if (u16 := _regeling(session, "u16")) is not None:
        zeist = session.exec(select(Gemeente).where(Gemeente.code == "GM0355")).one()
        utrecht = session.exec(select(Gemeente).where(Gemeente.code == "GM0344")).one()
        verzoek = service.dien_in(
            session, actor=_griffier(session, zeist, beheerder), slug=u16.slug, namens_gemeente=zeist.code,
            agenda="Regionale energiestrategie: voortgang\nVerdeling van de netcapaciteit",
            toelichting="De raad wil de besluitvorming over de netcapaciteit niet pas bij de jaarrekening horen.",
            grondslag="Raadsbesluit van de gemeenteraad van Zeist", nu=_moment(vandaag - timedelta(days=9), 9),
        )
        if verzoek.status.value == "open":
            service.steun(session, actor=_griffier(session, utrecht, beheerder), verzoek_id=verzoek.id,
                          namens_gemeente=utrecht.code, grondslag="Motie ‘Netcapaciteit voor iedereen’",
                          nu=_moment(vandaag - timedelta(days=6), 14, 30))

    # Drechtsteden: Dordrecht asked seven weeks ago, the chair did not convene within four weeks, so Dordrecht
    # convened the meeting itself; it is in every feed of the board.
    if (drecht := _regeling(session, "drechtsteden")) is not None:
        dordrecht = session.exec(select(Gemeente).where(Gemeente.code == "GM0505")).one()
        griffier = _griffier(session, dordrecht, beheerder)
        verzoek = service.dien_in(
            session, actor=griffier, slug=drecht.slug, namens_gemeente=dordrecht.code,
            agenda="Tekort bij de sociale dienst\nHerstelplan en de bijdrage per gemeente",
            toelichting="Het tekort raakt de begroting van elke deelnemer; de raad wil het bestuur daarop bevragen.",
            grondslag="Motie ‘Opheldering tekort’, aangenomen door de raad van Dordrecht",
            nu=_moment(vandaag - timedelta(weeks=7), 11),
        )
        if verzoek.status.value == "drempel_bereikt":
            service.roep_bijeen(
                session, actor=griffier, verzoek_id=verzoek.id, start=_moment(vandaag + timedelta(days=12), 19, 30),
                einde=_moment(vandaag + timedelta(days=12), 22), locatie="Stadhuis Dordrecht, Raadzaal",
                nu=_moment(vandaag - timedelta(days=2), 10),
            )
