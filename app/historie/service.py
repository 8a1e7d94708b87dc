"""Write and read the history. Every service that changes a voorstel or a convocation request logs it here, in the
same transaction as the change."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from fractions import Fraction

from sqlmodel import Session, col, select

from app.accounts.authz import Actor
from app.historie.models import Gebeurtenis

BEHEERDER = "beheerder"  # the capacity of a beheerder in the history


def _plain(value: object) -> object:
    """A value as JSON keeps it: dates in ISO form, enums by value, exact numbers as text."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal | Fraction):
        return str(value)
    return value


def wijzigingen(oud: object, nieuw: Mapping[str, object]) -> dict[str, list]:
    """``{veld: [oud, nieuw]}`` for each field of ``nieuw`` whose value differs from the one ``oud`` holds."""
    return {
        veld: [_plain(getattr(oud, veld)), _plain(waarde)]
        for veld, waarde in nieuw.items()
        if _plain(getattr(oud, veld)) != _plain(waarde)
    }


def log(session: Session, *, actor: Actor, regeling_id: int, soort: str, wie: str | None = None,
        voorstel_id: int | None = None, verzoek_id: int | None = None, gemeente_id: int | None = None,
        wijzigingen: Mapping[str, list] | None = None, toelichting: str | None = None,
        correctie: bool = False, tijd: datetime | None = None) -> Gebeurtenis:
    """Append one step. ``wie`` is the capacity in which the actor acted ("secretaris van X", "griffier van
    Zeist"), shown on public pages: never a person's name (the person stays traceable through ``gebruiker_id``).
    It defaults to "beheerder" for a beheerder; anyone else must pass it (a system step: ``wie="Tussenruimte"``).
    Raises ValueError when it is missing: a programming error, not a user's."""
    wie = (wie or "").strip() or None
    if wie is None:
        if not actor.beheerder:
            raise ValueError(f"historie.log({soort!r}): geef ‘wie’, de hoedanigheid waarin de actor handelt.")
        wie = BEHEERDER
    gebeurtenis = Gebeurtenis(
        regeling_id=regeling_id, voorstel_id=voorstel_id, verzoek_id=verzoek_id, soort=soort,
        gebruiker_id=actor.gebruiker_id, wie=wie, gemeente_id=gemeente_id,
        wijzigingen={k: [_plain(v) for v in pair] for k, pair in (wijzigingen or {}).items()},
        toelichting=toelichting, correctie=correctie,
    )
    if tijd is not None:  # the moment of the step, when the service was given one (``nu``): else the default, now
        gebeurtenis.tijd = tijd
    session.add(gebeurtenis)
    session.flush()
    return gebeurtenis


def tijdlijn(session: Session, *, voorstel_ids: Sequence[int] = (),
             verzoek_ids: Sequence[int] = ()) -> list[Gebeurtenis]:
    """The steps of these voorstellen and requests, oldest first, in one query."""
    if not voorstel_ids and not verzoek_ids:
        return []
    query = select(Gebeurtenis).where(
        col(Gebeurtenis.voorstel_id).in_(list(voorstel_ids)) | col(Gebeurtenis.verzoek_id).in_(list(verzoek_ids))
    )
    return list(session.exec(query.order_by(Gebeurtenis.tijd, Gebeurtenis.id)).all())
