"""Regelingen: lists, and a regeling with its deelnemers and their weights."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlmodel import Session, col, func, select

from app.errors import NotFound
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.regelingen.aandelen import Grondslag, aandelen
from app.regelingen.models import Deelname, Regeling


def list_regelingen(session: Session, *, limit: int = 50, offset: int = 0) -> tuple[list[Regeling], int]:
    query = select(Regeling).where(col(Regeling.deleted_at).is_(None))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Regeling.naam).limit(limit).offset(offset)).all()
    return list(rows), total


def get_regeling(session: Session, slug: str) -> Regeling:
    regeling = session.exec(
        select(Regeling).where(Regeling.slug == slug.strip().lower(), col(Regeling.deleted_at).is_(None))
    ).first()
    if regeling is None:
        raise NotFound(f"Regeling ‘{slug}’ bestaat niet.")
    return regeling


def share(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """A deelnemer's exact share (0..1) of the regeling's population or contributions."""
    return Decimal(part) / Decimal(whole) if whole else Decimal(0)


@dataclass(frozen=True)
class Deelnemer:
    gemeente: Gemeente
    deelname: Deelname
    aandeel_inwoners: Decimal  # 0..1
    aandeel_bijdrage: Decimal  # 0..1


@dataclass(frozen=True)
class RegelingDetail:
    regeling: Regeling
    deelnemers: list[Deelnemer]
    organen: list[Orgaan]

    @property
    def inwoners(self) -> int:
        return sum(d.deelname.inwoners for d in self.deelnemers)

    @property
    def bijdrage(self) -> Decimal:
        return sum((d.deelname.bijdrage for d in self.deelnemers), Decimal(0))


def regeling_detail(session: Session, regeling: Regeling) -> RegelingDetail:
    rows = session.exec(
        select(Deelname, Gemeente)
        .join(Gemeente, Gemeente.id == Deelname.gemeente_id)
        .where(Deelname.regeling_id == regeling.id, col(Deelname.deleted_at).is_(None),
               col(Gemeente.deleted_at).is_(None))
        .order_by(Gemeente.naam)
    ).all()
    inwoners = sum(d.inwoners for d, _ in rows)
    bijdrage = sum((d.bijdrage for d, _ in rows), Decimal(0))
    deelnemers = [
        Deelnemer(g, d, share(d.inwoners, inwoners), share(d.bijdrage, bijdrage))
        for d, g in rows
    ]
    organen = session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, col(Orgaan.deleted_at).is_(None))
        .order_by(Orgaan.soort, Orgaan.naam)
    ).all()
    return RegelingDetail(regeling, deelnemers, list(organen))


def aandelen_van(session: Session, regeling_id: int, grondslag: Grondslag) -> dict[int, Fraction]:
    """``{gemeente_id: exact share}`` of the regeling by ``grondslag``: every vote and threshold counts with these.

    Only standing participations count: a deleted deelname, or one of a deleted gemeente, has no weight. One query.
    """
    rows = session.exec(
        select(Deelname.gemeente_id, Deelname.inwoners, Deelname.bijdrage)
        .join(Gemeente, Gemeente.id == Deelname.gemeente_id)
        .where(Deelname.regeling_id == regeling_id, col(Deelname.deleted_at).is_(None),
               col(Gemeente.deleted_at).is_(None))
    ).all()
    return aandelen(rows, Grondslag(grondslag))
