"""Organen: the bodies that meet, their members, and which ones a user may plan meetings for."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, or_, select

from app.accounts.authz import Actor
from app.config import get_settings
from app.db import utcnow
from app.errors import NotFound
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.organen.models import Lidmaatschap, Orgaan, Soort
from app.regelingen.models import Regeling


def _live_with_owner(query):
    """Joins each body's gemeente or regeling; keeps live bodies of live owners."""
    return (query.outerjoin(Gemeente, Gemeente.id == Orgaan.gemeente_id)
            .outerjoin(Regeling, Regeling.id == Orgaan.regeling_id)
            .where(col(Orgaan.deleted_at).is_(None), func.coalesce(Gemeente.deleted_at, Regeling.deleted_at).is_(None)))


def get_orgaan(session: Session, slug: str) -> Orgaan:
    orgaan = session.exec(
        select(Orgaan).where(Orgaan.slug == slug.strip().lower(), col(Orgaan.deleted_at).is_(None))
    ).first()
    if orgaan is None:
        raise NotFound(f"Orgaan ‘{slug}’ bestaat niet.")
    return orgaan


@dataclass(frozen=True)
class OrgaanRegel:
    """A body and whose it is, for lists."""

    orgaan: Orgaan
    eigenaar: Gemeente | Regeling


def page_organen(session: Session, *, soort: Soort | None = None, zoek: str | None = None, limit: int = 50,
                 offset: int = 0) -> tuple[list[OrgaanRegel], int]:
    """One page of bodies with their owner (in the same query), ordered by owner and name, and the total."""
    query = _live_with_owner(select(Orgaan, Gemeente, Regeling))
    if soort is not None:
        query = query.where(Orgaan.soort == soort)
    if zoek:
        # The user's text is matched literally: % and _ in it are no wildcards.
        escaped = zoek.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped}%"
        query = query.where(or_(func.lower(Orgaan.naam).like(pattern, escape="\\"),
                                func.lower(Gemeente.naam).like(pattern, escape="\\"),
                                func.lower(Regeling.naam).like(pattern, escape="\\")))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(func.coalesce(Gemeente.naam, Regeling.naam), Orgaan.naam, Orgaan.id).limit(limit).offset(offset)
    ).all()
    return [OrgaanRegel(orgaan, gemeente or regeling) for orgaan, gemeente, regeling in rows], total


@dataclass(frozen=True)
class Lid:
    lidmaatschap: Lidmaatschap
    persoon: Persoon
    fractie: Fractie | None
    gemeente: Gemeente | None


@dataclass(frozen=True)
class OrgaanDetail:
    orgaan: Orgaan
    eigenaar: Gemeente | Regeling
    leden: list[Lid]


def orgaan_detail(session: Session, orgaan: Orgaan, *, peildatum: date | None = None) -> OrgaanDetail:
    """The body, whose it is, and its members on the given day (today in the portal's time zone by default)."""
    peildatum = peildatum or utcnow().astimezone(get_settings().tz).date()
    eigenaar = (session.get(Gemeente, orgaan.gemeente_id) if orgaan.gemeente_id is not None
                else session.get(Regeling, orgaan.regeling_id))
    rows = session.exec(
        select(Lidmaatschap, Persoon, Fractie, Gemeente)
        .join(Persoon, Persoon.id == Lidmaatschap.persoon_id)
        .outerjoin(Fractie, (Fractie.id == Lidmaatschap.fractie_id) & col(Fractie.deleted_at).is_(None))
        .outerjoin(Gemeente, (Gemeente.id == Lidmaatschap.gemeente_id) & col(Gemeente.deleted_at).is_(None))
        .where(
            Lidmaatschap.orgaan_id == orgaan.id,
            col(Lidmaatschap.deleted_at).is_(None),
            col(Persoon.deleted_at).is_(None),
            or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= peildatum),
            or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= peildatum),
        )
        .order_by(Lidmaatschap.rol, Gemeente.naam, Persoon.naam)
    ).all()
    return OrgaanDetail(orgaan, eigenaar, [Lid(*row) for row in rows])


def plannable_organen(session: Session, actor: Actor) -> list[Orgaan]:
    """The bodies whose meetings this user may plan: the choices on the meeting form."""
    if not actor.plans_meetings:
        return []
    query = _live_with_owner(select(Orgaan))
    if not actor.beheerder:
        query = query.where(or_(col(Orgaan.gemeente_id).in_(actor.griffier_van),
                                col(Orgaan.regeling_id).in_(actor.secretaris_van)))
    return list(session.exec(query.order_by(Orgaan.naam)).all())
