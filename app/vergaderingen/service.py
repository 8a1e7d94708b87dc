"""Meetings: the one place where they are listed, read, planned, changed, cancelled and deleted."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.accounts.authz import Actor, require_manage_organen
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.regelingen.models import Regeling
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.schemas import VergaderingCreate, VergaderingUpdate

# Changes that calendar clients must notice: they raise the iCalendar SEQUENCE.
SEQUENCE_FIELDS = ("start", "einde", "locatie", "online_url", "status")


@dataclass(frozen=True)
class MeetingView:
    vergadering: Vergadering
    organen: list[Orgaan]
    eigenaren: list[str]  # whose bodies meet: "Gemeente Zeist", "Metropoolregio Eindhoven"

    @property
    def titel(self) -> str:
        return self.vergadering.naam or " en ".join(o.naam for o in self.organen) or "Vergadering"


def views(session: Session, meetings: Sequence[Vergadering]) -> list[MeetingView]:
    """Meetings with their bodies and the bodies' owners, in one query for all (no query per meeting)."""
    organen: dict[int, list[Orgaan]] = {m.id: [] for m in meetings}
    eigenaren: dict[int, list[str]] = {m.id: [] for m in meetings}
    if meetings:
        rows = session.exec(
            select(VergaderingOrgaan.vergadering_id, Orgaan, Gemeente.naam, Regeling.naam)
            .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
            .outerjoin(Gemeente, Gemeente.id == Orgaan.gemeente_id)
            .outerjoin(Regeling, Regeling.id == Orgaan.regeling_id)
            .where(col(VergaderingOrgaan.vergadering_id).in_(list(organen)))
            .order_by(Orgaan.naam)
        ).all()
        for meeting_id, orgaan, gemeente, regeling in rows:
            organen[meeting_id].append(orgaan)
            eigenaar = f"Gemeente {gemeente}" if gemeente else regeling
            if eigenaar not in eigenaren[meeting_id]:
                eigenaren[meeting_id].append(eigenaar)
    return [MeetingView(m, organen[m.id], eigenaren[m.id]) for m in meetings]


def _meetings_query(
    *,
    orgaan_ids: Sequence[int] | None = None,
    gemeente_id: int | None = None,
    regeling_id: int | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
    status: Status | None = None,
):
    query = select(Vergadering).where(col(Vergadering.deleted_at).is_(None))
    if orgaan_ids is not None or gemeente_id is not None or regeling_id is not None:
        bodies = select(VergaderingOrgaan.vergadering_id).join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
        if orgaan_ids is not None:
            bodies = bodies.where(col(Orgaan.id).in_(orgaan_ids))
        if gemeente_id is not None:
            bodies = bodies.where(Orgaan.gemeente_id == gemeente_id)
        if regeling_id is not None:
            bodies = bodies.where(Orgaan.regeling_id == regeling_id)
        query = query.where(col(Vergadering.id).in_(bodies))
    if van is not None:
        query = query.where(Vergadering.einde >= van)
    if tot is not None:
        query = query.where(Vergadering.start < tot)
    if status is not None:
        query = query.where(Vergadering.status == status)
    return query


def list_meetings(
    session: Session,
    *,
    orgaan_ids: Sequence[int] | None = None,
    gemeente_id: int | None = None,
    regeling_id: int | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
    status: Status | None = None,
    limit: int = 50,
    offset: int = 0,
    descending: bool = False,
) -> list[MeetingView]:
    query = _meetings_query(orgaan_ids=orgaan_ids, gemeente_id=gemeente_id, regeling_id=regeling_id, van=van,
                            tot=tot, status=status)
    order = (col(Vergadering.start).desc(), col(Vergadering.id).desc()) if descending else (
        Vergadering.start, Vergadering.id)
    meetings = session.exec(query.order_by(*order).limit(limit).offset(offset)).all()
    return views(session, meetings)


def page_meetings(session: Session, *, limit: int = 50, offset: int = 0, descending: bool = False,
                  **filters) -> tuple[list[MeetingView], int]:
    """One page of ``list_meetings`` (same filters) and the number of meetings on all pages together."""
    total = session.exec(select(func.count()).select_from(_meetings_query(**filters).subquery())).one()
    return list_meetings(session, limit=limit, offset=offset, descending=descending, **filters), total


def get_meeting(session: Session, meeting_id: int) -> MeetingView:
    meeting = session.get(Vergadering, meeting_id)
    if meeting is None or meeting.deleted_at is not None:
        raise NotFound(f"Vergadering {meeting_id} bestaat niet (meer).")
    return views(session, [meeting])[0]


def agenda(session: Session, meeting_id: int) -> list[Agendapunt]:
    """The agenda items of a meeting, in their order."""
    return list(session.exec(
        select(Agendapunt)
        .where(Agendapunt.vergadering_id == meeting_id, col(Agendapunt.deleted_at).is_(None))
        .order_by(Agendapunt.volgorde, Agendapunt.id)
    ).all())


def _resolve_organen(session: Session, slugs: Sequence[str]) -> list[Orgaan]:
    slugs = list(dict.fromkeys(slugs))
    found = session.exec(
        select(Orgaan).where(col(Orgaan.slug).in_(slugs), col(Orgaan.deleted_at).is_(None))
    ).all()
    missing = sorted(set(slugs) - {o.slug for o in found})
    if missing:
        raise Invalid(f"Onbekend orgaan: {', '.join(missing)}.")
    return sorted(found, key=lambda o: o.naam)


def create_meeting(session: Session, *, actor: Actor, data: VergaderingCreate) -> MeetingView:
    organen = _resolve_organen(session, data.organen)
    require_manage_organen(actor, organen)
    meeting = Vergadering(
        naam=data.naam,
        start=data.start,
        einde=data.einde,
        locatie=data.locatie,
        online_url=str(data.online_url) if data.online_url else None,
        openbaar=data.openbaar,
        status=data.status,
    )
    session.add(meeting)
    session.flush()
    session.add_all(VergaderingOrgaan(vergadering_id=meeting.id, orgaan_id=o.id) for o in organen)
    session.flush()
    return views(session, [meeting])[0]


def update_meeting(session: Session, *, actor: Actor, meeting_id: int, data: VergaderingUpdate) -> MeetingView:
    current = get_meeting(session, meeting_id)
    require_manage_organen(actor, current.organen)
    organen = current.organen
    if data.organen is not None:
        organen = _resolve_organen(session, data.organen)
        require_manage_organen(actor, organen)

    changes = data.model_dump(exclude_unset=True, exclude={"versie", "organen"})
    if "online_url" in changes and changes["online_url"] is not None:
        changes["online_url"] = str(changes["online_url"])
    for field in ("start", "einde", "openbaar", "status"):
        if field in changes and changes[field] is None:
            raise Invalid(f"‘{field}’ mag niet leeg zijn.")
    meeting = current.vergadering
    start, einde = changes.get("start", meeting.start), changes.get("einde", meeting.einde)
    if einde <= start:
        raise Invalid("Het einde moet na het begin liggen.")
    changes = {k: v for k, v in changes.items() if getattr(meeting, k) != v}
    organen_changed = {o.id for o in organen} != {o.id for o in current.organen}
    if data.versie != meeting.versie:
        raise Conflict(
            f"Deze vergadering is intussen gewijzigd (versie {meeting.versie}, u had versie {data.versie}). "
            "Laad de vergadering opnieuw en breng uw wijziging dan aan."
        )
    if not changes and not organen_changed:
        return current

    values = dict(changes, versie=Vergadering.versie + 1, modified_at=utcnow())
    if any(f in changes for f in SEQUENCE_FIELDS):
        values["sequence"] = Vergadering.sequence + 1
    # The version check is part of the UPDATE itself, so two concurrent edits cannot both win.
    result = session.execute(
        sa.update(Vergadering)
        .where(Vergadering.id == meeting_id, Vergadering.versie == data.versie)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("Deze vergadering is zojuist door iemand anders gewijzigd. Laad haar opnieuw.")
    if organen_changed:
        session.execute(sa.delete(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == meeting_id))
        session.add_all(VergaderingOrgaan(vergadering_id=meeting_id, orgaan_id=o.id) for o in organen)
    session.flush()
    session.refresh(meeting)
    return views(session, [meeting])[0]


def cancel_meeting(session: Session, *, actor: Actor, meeting_id: int, versie: int) -> MeetingView:
    """Cancelling is a change of status: the meeting stays visible (and in feeds) as cancelled."""
    return update_meeting(session, actor=actor, meeting_id=meeting_id,
                          data=VergaderingUpdate(versie=versie, status=Status.geannuleerd))


def delete_meeting(session: Session, *, actor: Actor, meeting_id: int, versie: int | None = None) -> None:
    """Soft delete: the row stays so the open-data API can report the deletion."""
    current = get_meeting(session, meeting_id)
    require_manage_organen(actor, current.organen)
    if versie is not None and versie != current.vergadering.versie:
        raise Conflict("Deze vergadering is intussen gewijzigd. Laad haar opnieuw voordat u haar verwijdert.")
    result = session.execute(
        sa.update(Vergadering)
        .where(Vergadering.id == meeting_id, Vergadering.versie == current.vergadering.versie)
        .values(deleted_at=utcnow(), modified_at=utcnow(), versie=Vergadering.versie + 1,
                sequence=Vergadering.sequence + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("Deze vergadering is zojuist door iemand anders gewijzigd. Laad haar opnieuw.")
