"""A calendar of one's own: a chosen set of organen behind a short id that follows from the set.

The same set always gets the same id, so saving it again (or twice at once) gives the same link.
"""

import base64
import hashlib
import re

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.errors import Conflict, Invalid, NotFound
from app.feeds.models import Feedselectie
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.regelingen.models import Regeling

MAX_ORGANEN = 50
ID_PATTERN = re.compile(r"[a-z2-7]{10}")
MAX_SLUG = 120  # the column's length: a longer slug cannot exist


def selection_id(orgaan_ids: list[int]) -> str:
    digest = hashlib.sha256(",".join(str(i) for i in sorted(set(orgaan_ids))).encode()).digest()
    return base64.b32encode(digest).decode().lower()[:10]


def _live(query):
    """Live bodies of live gemeenten and regelingen."""
    return (query.outerjoin(Gemeente, Gemeente.id == Orgaan.gemeente_id)
            .outerjoin(Regeling, Regeling.id == Orgaan.regeling_id)
            .where(col(Orgaan.deleted_at).is_(None),
                   sa.func.coalesce(Gemeente.deleted_at, Regeling.deleted_at).is_(None)))


def _short(slug: str) -> str:
    return f"‘{slug[:40]}…’" if len(slug) > 40 else f"‘{slug}’"


def resolve_slugs(session: Session, orgaan_slugs: list[str]) -> list[int]:
    """The ids of the chosen bodies; Invalid, naming what is wrong, for none, too many or unknown ones."""
    slugs = list(dict.fromkeys(s.strip().lower() for s in orgaan_slugs if s.strip()))
    if not slugs:
        raise Invalid("Kies ten minste één orgaan voor uw agenda.")
    if len(slugs) > MAX_ORGANEN:
        raise Invalid(f"Kies hoogstens {MAX_ORGANEN} organen; u koos er {len(slugs)}.")
    known = dict(session.exec(
        _live(select(Orgaan.slug, Orgaan.id)).where(col(Orgaan.slug).in_([s for s in slugs if len(s) <= MAX_SLUG]))
    ).all())
    unknown = [s for s in slugs if s not in known]
    if unknown:
        namen = ", ".join(_short(s) for s in unknown)
        raise Invalid(f"Deze organen bestaan niet: {namen}." if len(unknown) > 1
                      else f"Het orgaan {namen} bestaat niet.")
    return sorted(known[s] for s in slugs)


def save_selection(session: Session, *, actor: Actor, orgaan_slugs: list[str]) -> Feedselectie:
    require_authenticated(actor)
    ids = resolve_slugs(session, orgaan_slugs)
    key = selection_id(ids)
    existing = session.get(Feedselectie, key)
    if existing is None:
        try:
            with session.begin_nested():
                existing = Feedselectie(id=key, orgaan_ids=ids, gebruiker_id=actor.gebruiker_id)
                session.add(existing)
        except sa.exc.IntegrityError:  # saved at the same moment by someone else: theirs is the same set
            existing = session.get(Feedselectie, key, populate_existing=True)
    if existing is None or sorted(existing.orgaan_ids) != ids:
        raise Conflict("Deze selectie kon niet worden opgeslagen. Probeer het opnieuw.")
    return existing


def get_selection(session: Session, selectie_id: str) -> Feedselectie:
    selectie = session.get(Feedselectie, selectie_id) if ID_PATTERN.fullmatch(selectie_id) else None
    if selectie is None:
        raise NotFound(f"Er is geen samengestelde agenda ‘{selectie_id[:20]}’.")
    return selectie


def selection_organen(session: Session, selectie: Feedselectie) -> list[Orgaan]:
    """The bodies of the selection that still exist, by name."""
    if not selectie.orgaan_ids:
        return []
    return list(session.exec(
        _live(select(Orgaan)).where(col(Orgaan.id).in_(selectie.orgaan_ids)).order_by(Orgaan.naam, Orgaan.id)
    ).all())
