"""Small builders for test data. Each flushes, so ids exist, and returns the row."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from itertools import count

from sqlmodel import Session

from app.accounts import service as accounts
from app.accounts.models import Gebruiker, RolSoort
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Deelname, Regeling, Synchronisatie, Vorm
from app.vergaderingen.models import Vergadering, VergaderingOrgaan

PASSWORD = "een-lang-testwachtwoord"
_seq = count(1)


def gemeente(db: Session, naam: str = "Zeist", code: str | None = None, **kw) -> Gemeente:
    n = next(_seq)
    row = Gemeente(naam=naam, code=code or f"GM{9000 + n % 1000:04d}", slug=kw.pop("slug", f"{naam.lower()}-{n}"),
                   provincie=kw.pop("provincie", "Utrecht"), inwoners=kw.pop("inwoners", 65000), **kw)
    db.add(row)
    db.flush()
    raad(db, row)
    return row


def raad(db: Session, gemeente: Gemeente) -> Orgaan:
    row = Orgaan(slug=f"{gemeente.slug}-raad", naam=f"Gemeenteraad {gemeente.naam}", soort=Soort.raad,
                 gemeente_id=gemeente.id)
    db.add(row)
    db.flush()
    return row


def orgaan_of(db: Session, gemeente: Gemeente) -> Orgaan:
    from sqlmodel import select

    return db.exec(select(Orgaan).where(Orgaan.gemeente_id == gemeente.id, Orgaan.soort == Soort.raad)).one()


def regeling(db: Session, slug: str | None = None, deelnemers: list[Gemeente] = (), **kw) -> Regeling:
    n = next(_seq)
    row = Regeling(slug=slug or f"regeling-{n}", naam=kw.pop("naam", f"Regeling {n}"),
                   vorm=kw.pop("vorm", Vorm.openbaar_lichaam),
                   synchronisatie=kw.pop("synchronisatie", Synchronisatie.gelijke_dag), **kw)
    db.add(row)
    db.flush()
    for g in deelnemers:
        db.add(Deelname(regeling_id=row.id, gemeente_id=g.id, inwoners=g.inwoners, bijdrage=Decimal("1000.00")))
    ab = Orgaan(slug=f"{row.slug}-ab", naam=f"Algemeen bestuur {row.naam}", soort=Soort.algemeen_bestuur,
                regeling_id=row.id)
    db.add(ab)
    db.flush()
    return row


def fractie(db: Session, gemeente: Gemeente, naam: str = "VVD", zetels: int = 5) -> Fractie:
    row = Fractie(gemeente_id=gemeente.id, naam=naam, zetels=zetels)
    db.add(row)
    db.flush()
    return row


def persoon(db: Session, naam: str = "A. de Vries", **kw) -> Persoon:
    row = Persoon(naam=naam, **kw)
    db.add(row)
    db.flush()
    return row


def user(db: Session, email: str | None = None, *roles: tuple, **kw) -> Gebruiker:
    """roles: ("griffier", gemeente) or ("secretaris", regeling) or ("beheerder",) or ("raadslid",)."""
    if any(role[0] == "raadslid" for role in roles) and "persoon_id" not in kw:
        kw["persoon_id"] = persoon(db, kw.get("naam", "Raadslid")).id  # a raadslid is a person
    row = accounts.create_user(db, email=email or f"gebruiker{next(_seq)}@example.nl", naam=kw.pop("naam", "Test"),
                               password=kw.pop("password", PASSWORD), **kw)
    for role in roles:
        rol, target = RolSoort(role[0]), role[1] if len(role) > 1 else None
        accounts.grant_role(db, user=row, rol=rol,
                            gemeente_code=target.code if isinstance(target, Gemeente) else None,
                            regeling_slug=target.slug if isinstance(target, Regeling) else None)
    return row


def vergadering(db: Session, *organen: Orgaan, start: datetime | None = None, **kw) -> Vergadering:
    start = start or datetime(2027, 1, 26, 18, 30, tzinfo=UTC)
    row = Vergadering(start=start, einde=kw.pop("einde", start + timedelta(hours=3)), **kw)
    db.add(row)
    db.flush()
    for o in organen:
        db.add(VergaderingOrgaan(vergadering_id=row.id, orgaan_id=o.id))
    db.flush()
    return row
