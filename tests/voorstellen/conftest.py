"""A regeling with two participating councils, an advising Raadstafel, an AB meeting, and the people who act."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.authz import Actor
from app.accounts.models import Gebruiker, RolSoort
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Regeling
from tests import factories

# Dates in the past: the services refuse an outcome or a decision recorded for a day still to come.
VERZONDEN = date(2026, 3, 2)
AB_DAG = date(2026, 6, 30)  # a Tuesday; the zienswijze is due 21 days earlier: 9 June 2026
ZIENSWIJZE_UITERLIJK = date(2026, 6, 9)


@dataclass
class Opzet:
    regeling: Regeling
    zeist: Gemeente
    utrecht: Gemeente
    elders: Gemeente  # takes no part
    ab: Orgaan
    raadstafel: Orgaan
    secretaris: Actor
    griffier_zeist: Actor
    griffier_utrecht: Actor
    griffier_elders: Actor
    beheerder: Actor
    emails: dict


def actor(db: Session, email: str, *roles) -> Actor:
    """A user with these roles, without a password (hashing one is slow and these tests never log in)."""
    user = Gebruiker(email=email, naam=email.split("@")[0], wachtwoord_hash="-")
    db.add(user)
    db.flush()
    for role in roles:
        target = role[1] if len(role) > 1 else None
        accounts.grant_role(db, user=user, rol=RolSoort(role[0]),
                            gemeente_code=target.code if isinstance(target, Gemeente) else None,
                            regeling_slug=target.slug if isinstance(target, Regeling) else None)
    return accounts.actor_for(db, user.id)


@pytest.fixture
def opzet(db) -> Opzet:
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist")
    utrecht = factories.gemeente(db, "Utrecht", code="GM0344", slug="utrecht", inwoners=361000)
    elders = factories.gemeente(db, "Elders", code="GM0999", slug="elders")
    regeling = factories.regeling(db, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    raadstafel = Orgaan(slug="vru-raadstafel", naam="Raadstafel VRU", soort=Soort.adviescommissie,
                        regeling_id=regeling.id)
    db.add(raadstafel)
    db.flush()
    factories.vergadering(db, ab, start=datetime(2026, 6, 30, 17, 0, tzinfo=UTC), naam="AB juli")
    emails = {"secretaris": "secretaris@vru.example.nl", "zeist": "griffie@zeist.example.nl",
              "utrecht": "griffie@utrecht.example.nl", "elders": "griffie@elders.example.nl",
              "beheerder": "beheer@example.nl"}
    return Opzet(
        regeling=regeling, zeist=zeist, utrecht=utrecht, elders=elders, ab=ab, raadstafel=raadstafel,
        secretaris=actor(db, emails["secretaris"], ("secretaris", regeling)),
        griffier_zeist=actor(db, emails["zeist"], ("griffier", zeist)),
        griffier_utrecht=actor(db, emails["utrecht"], ("griffier", utrecht)),
        griffier_elders=actor(db, emails["elders"], ("griffier", elders)),
        beheerder=actor(db, emails["beheerder"], ("beheerder",)),
        emails=emails,
    )
