"""A joint council of the Drechtraad kind: two councils, four fracties, one sending two members, a chair without a
vote; the regeling's secretaris, a griffier, a voorstel and a meeting held last week."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from sqlmodel import Session

from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Regeling
from app.vergaderingen.models import Vergadering
from app.voorstellen.models import Voorstel
from tests import factories


@dataclass
class Raad:
    regeling: Regeling
    orgaan: Orgaan
    dordrecht: Gemeente
    zwijndrecht: Gemeente
    fracties: dict[str, Fractie]
    leden: dict[str, Persoon]  # "voorzitter", "a1", "a2", "b", "c", "d"
    secretaris: str  # e-mail addresses
    griffier: str
    voorstel: Voorstel
    vergadering: Vergadering
    gestemd_op: datetime


def bouw(db: Session) -> Raad:
    dordrecht = factories.gemeente(db, "Dordrecht", inwoners=120_000)
    zwijndrecht = factories.gemeente(db, "Zwijndrecht", inwoners=40_000)
    regeling = factories.regeling(db, naam="Drechtsteden", deelnemers=[dordrecht, zwijndrecht])
    fracties = {
        "A": factories.fractie(db, dordrecht, "Partij A", 20),
        "B": factories.fractie(db, dordrecht, "Partij B", 19),
        "C": factories.fractie(db, zwijndrecht, "Partij C", 15),
        "D": factories.fractie(db, zwijndrecht, "Partij D", 12),
    }
    orgaan = Orgaan(slug=f"{regeling.slug}-raad", naam="Drechtraad", soort=Soort.gezamenlijke_raad,
                    regeling_id=regeling.id)
    db.add(orgaan)
    db.flush()
    leden = {"voorzitter": factories.persoon(db, "V. Voorzitter", gemeente_id=dordrecht.id)}
    db.add(Lidmaatschap(persoon_id=leden["voorzitter"].id, orgaan_id=orgaan.id, rol=Rol.voorzitter,
                        stemgewicht=Decimal(0)))
    for sleutel, fractie, gemeente in (("a1", "A", dordrecht), ("a2", "A", dordrecht), ("b", "B", dordrecht),
                                       ("c", "C", zwijndrecht), ("d", "D", zwijndrecht)):
        leden[sleutel] = factories.persoon(db, f"Lid {sleutel.upper()}", gemeente_id=gemeente.id)
        db.add(Lidmaatschap(persoon_id=leden[sleutel].id, orgaan_id=orgaan.id, rol=Rol.lid,
                            gemeente_id=gemeente.id, fractie_id=fracties[fractie].id,
                            stemgewicht=Decimal(fracties[fractie].zetels)))
    oud = factories.persoon(db, "Oud Lid", gemeente_id=dordrecht.id)  # left the council two years ago
    db.add(Lidmaatschap(persoon_id=oud.id, orgaan_id=orgaan.id, rol=Rol.lid, gemeente_id=dordrecht.id,
                        fractie_id=fracties["A"].id, einde=(datetime.now(UTC) - timedelta(days=700)).date()))
    leden["oud"] = oud
    voorstel = Voorstel(regeling_id=regeling.id, titel="Ontwerpbegroting Drechtsteden")
    db.add(voorstel)
    gestemd_op = (datetime.now(UTC) - timedelta(days=7)).replace(hour=20, minute=0, second=0, microsecond=0)
    vergadering = factories.vergadering(db, orgaan, start=gestemd_op - timedelta(hours=1), naam="Drechtraad")
    secretaris = factories.user(db, None, ("secretaris", regeling), naam="Sec Retaris")
    griffier = factories.user(db, None, ("griffier", dordrecht), naam="Grif Fier")
    db.flush()
    return Raad(regeling, orgaan, dordrecht, zwijndrecht, fracties, leden, secretaris.email, griffier.email,
                voorstel, vergadering, gestemd_op)


@pytest.fixture
def raad(db) -> Raad:
    return bouw(db)
