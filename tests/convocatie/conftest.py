"""A regeling of four councils whose shares are exact: 60%, 30%, 6% and 4% of the population, so the smallest two
together are exactly the default threshold of 1/10. A fifth council does not take part."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from app.accounts.models import Gebruiker
from app.gemeenten.models import Gemeente
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.regelingen.models import Regeling
from tests import factories
from tests.test_api import bearer


@dataclass
class Regio:
    regeling: Regeling
    ab: Orgaan
    groot: Gemeente
    midden: Gemeente
    klein: Gemeente  # 6%
    kleinst: Gemeente  # 4%
    buiten: Gemeente  # takes no part
    lid: Gebruiker  # a member of the AB with an account
    griffier: dict  # gemeente slug -> Authorization header
    secretaris: dict


def maak_regio(db: Session) -> Regio:
    groot = factories.gemeente(db, "Grootstad", inwoners=60_000)
    midden = factories.gemeente(db, "Middendorp", inwoners=30_000)
    klein = factories.gemeente(db, "Kleinveen", inwoners=6_000)
    kleinst = factories.gemeente(db, "Kleinstburg", inwoners=4_000)
    buiten = factories.gemeente(db, "Buitenwijk", inwoners=20_000)
    regeling = factories.regeling(db, naam="Regio Proef", deelnemers=[groot, midden, klein, kleinst])
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    lid = factories.user(db, None, ("raadslid",), naam="Lid Bestuur")
    db.add(Lidmaatschap(persoon_id=lid.persoon_id, orgaan_id=ab.id, rol=Rol.lid, gemeente_id=groot.id,
                        stemgewicht=Decimal("1")))
    for i, g in enumerate((midden, klein, kleinst)):
        persoon = factories.persoon(db, f"Lid {i}", gemeente_id=g.id)
        db.add(Lidmaatschap(persoon_id=persoon.id, orgaan_id=ab.id, rol=Rol.voorzitter if i == 0 else Rol.lid,
                            gemeente_id=g.id, stemgewicht=Decimal("1")))
    db.flush()
    griffier = {g.slug: bearer(db, ("griffier", g)) for g in (groot, midden, klein, kleinst, buiten)}
    return Regio(regeling, ab, groot, midden, klein, kleinst, buiten, lid, griffier,
                 bearer(db, ("secretaris", regeling)))


@pytest.fixture
def regio(db) -> Regio:
    return maak_regio(db)
