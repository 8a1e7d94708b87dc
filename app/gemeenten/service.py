"""Gemeenten: lists and the facts a gemeente page and the API show."""

from dataclasses import dataclass
from decimal import Decimal

from sqlmodel import Session, col, func, or_, select

from app.errors import NotFound
from app.gemeenten.models import Fractie, Gemeente, Reces
from app.organen.models import Orgaan
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import share


def _live(model):
    return col(model.deleted_at).is_(None)


def list_gemeenten(session: Session, *, zoek: str | None = None, provincie: str | None = None,
                   limit: int = 50, offset: int = 0) -> tuple[list[Gemeente], int]:
    query = select(Gemeente).where(_live(Gemeente))
    if zoek:
        # The user's text is matched literally: % and _ in it are no wildcards.
        escaped = zoek.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(or_(func.lower(Gemeente.naam).like(pattern, escape="\\"),
                                func.lower(Gemeente.code).like(pattern, escape="\\")))
    if provincie:
        query = query.where(Gemeente.provincie == provincie)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Gemeente.naam).limit(limit).offset(offset)).all()
    return list(rows), total


def get_gemeente(session: Session, code_or_slug: str) -> Gemeente:
    """By CBS code (GM0344, any case) or by slug (utrecht)."""
    key = code_or_slug.strip()
    gemeente = session.exec(
        select(Gemeente).where(_live(Gemeente), or_(Gemeente.code == key.upper(), Gemeente.slug == key.lower()))
    ).first()
    if gemeente is None:
        raise NotFound(f"Gemeente ‘{code_or_slug}’ bestaat niet.")
    return gemeente


@dataclass(frozen=True)
class Participation:
    regeling: Regeling
    deelname: Deelname
    aandeel_inwoners: Decimal  # share of the regeling's population, 0..1
    aandeel_bijdrage: Decimal  # share of the regeling's contributions, 0..1


@dataclass(frozen=True)
class GemeenteDetail:
    gemeente: Gemeente
    fracties: list[Fractie]
    organen: list[Orgaan]
    recessen: list[Reces]
    deelnames: list[Participation]

    @property
    def zetels(self) -> int:
        return sum(f.zetels for f in self.fracties)


def gemeente_detail(session: Session, gemeente: Gemeente) -> GemeenteDetail:
    fracties = session.exec(
        select(Fractie).where(Fractie.gemeente_id == gemeente.id, _live(Fractie))
        .order_by(col(Fractie.zetels).desc(), Fractie.naam)
    ).all()
    organen = session.exec(
        select(Orgaan).where(Orgaan.gemeente_id == gemeente.id, _live(Orgaan)).order_by(Orgaan.soort, Orgaan.naam)
    ).all()
    recessen = session.exec(
        select(Reces).where(Reces.gemeente_id == gemeente.id, _live(Reces)).order_by(Reces.van)
    ).all()
    totals = (
        select(Deelname.regeling_id, func.sum(Deelname.inwoners).label("inwoners"),
               func.sum(Deelname.bijdrage).label("bijdrage"))
        .join(Gemeente, Gemeente.id == Deelname.gemeente_id)
        .where(_live(Deelname), _live(Gemeente)).group_by(Deelname.regeling_id).subquery()
    )
    rows = session.exec(
        select(Regeling, Deelname, totals.c.inwoners, totals.c.bijdrage)
        .join(Deelname, Deelname.regeling_id == Regeling.id)
        .join(totals, totals.c.regeling_id == Regeling.id)
        .where(Deelname.gemeente_id == gemeente.id, _live(Deelname), _live(Regeling))
        .order_by(Regeling.naam)
    ).all()
    deelnames = [
        Participation(regeling, deelname, share(deelname.inwoners, inwoners), share(deelname.bijdrage, bijdrage))
        for regeling, deelname, inwoners, bijdrage in rows
    ]
    return GemeenteDetail(gemeente, list(fracties), list(organen), list(recessen), deelnames)
