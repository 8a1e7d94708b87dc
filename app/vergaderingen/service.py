"""Meetings: the one place where they are listed, read, planned, changed, cancelled and deleted."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.accounts.authz import Actor, require_manage_organen
from app.db import is_busy, utcnow
from app.errors import BadFilter, Conflict, Invalid, NotFound
from app.gemeenten.models import Gemeente
from app.gemeenten.service import get_gemeente
from app.organen.models import Orgaan
from app.organen.service import get_orgaan
from app.regelingen.models import Regeling
from app.regelingen.service import get_regeling
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.schemas import VergaderingCreate, VergaderingUpdate, ends_after_start

# Changes that calendar clients must notice: they raise the iCalendar SEQUENCE.
SEQUENCE_FIELDS = ("start", "einde", "locatie", "breedtegraad", "lengtegraad", "online_url", "status")


@dataclass(frozen=True)
class MeetingView:
    vergadering: Vergadering
    organen: list[Orgaan]
    eigenaren: list[str]  # whose bodies meet: "Gemeente Zeist", "Metropoolregio Eindhoven"
    demo: bool = False  # a body of a demo gemeente or regeling meets

    @property
    def titel(self) -> str:
        return self.vergadering.naam or " en ".join(o.naam for o in self.organen) or "Vergadering"


def views(session: Session, meetings: Sequence[Vergadering]) -> list[MeetingView]:
    """Meetings with their bodies and the bodies' owners, in one query for all (no query per meeting)."""
    organen: dict[int, list[Orgaan]] = {m.id: [] for m in meetings}
    eigenaren: dict[int, list[str]] = {m.id: [] for m in meetings}
    demo: set[int] = set()
    if meetings:
        rows = session.exec(
            select(VergaderingOrgaan.vergadering_id, Orgaan, Gemeente.naam, Regeling.naam,
                   func.coalesce(Gemeente.demo, Regeling.demo))
            .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
            .outerjoin(Gemeente, Gemeente.id == Orgaan.gemeente_id)
            .outerjoin(Regeling, Regeling.id == Orgaan.regeling_id)
            .where(col(VergaderingOrgaan.vergadering_id).in_(list(organen)), col(Orgaan.deleted_at).is_(None))
            .order_by(Orgaan.naam)
        ).all()
        for meeting_id, orgaan, gemeente, regeling, is_demo in rows:
            organen[meeting_id].append(orgaan)
            eigenaar = f"Gemeente {gemeente}" if gemeente else regeling
            if eigenaar not in eigenaren[meeting_id]:
                eigenaren[meeting_id].append(eigenaar)
            if is_demo:
                demo.add(meeting_id)
    return [MeetingView(m, organen[m.id], eigenaren[m.id], m.id in demo) for m in meetings]


def _meetings_query(
    *,
    orgaan_ids: Sequence[int] | None = None,
    gemeente_id: int | None = None,
    regeling_id: int | None = None,
    van: datetime | None = None,
    tot: datetime | None = None,
    status: Status | None = None,
    gewijzigd_sinds: datetime | None = None,
):
    """Live meetings; with ``gewijzigd_sinds``, those changed since then, deleted ones included (for sync)."""
    if gewijzigd_sinds is None:
        query = select(Vergadering).where(col(Vergadering.deleted_at).is_(None))
    else:
        query = select(Vergadering).where(Vergadering.modified_at >= gewijzigd_sinds)
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
    gewijzigd_sinds: datetime | None = None,
    limit: int = 50,
    offset: int = 0,
    descending: bool = False,
) -> list[MeetingView]:
    """Meetings by start; changes since ``gewijzigd_sinds`` (deleted meetings too) in the order they were made."""
    query = _meetings_query(orgaan_ids=orgaan_ids, gemeente_id=gemeente_id, regeling_id=regeling_id, van=van,
                            tot=tot, status=status, gewijzigd_sinds=gewijzigd_sinds)
    key = Vergadering.start if gewijzigd_sinds is None else Vergadering.modified_at
    order = (col(key).desc(), col(Vergadering.id).desc()) if descending else (key, Vergadering.id)
    meetings = session.exec(query.order_by(*order).limit(limit).offset(offset)).all()
    return views(session, meetings)


def page_meetings(session: Session, *, limit: int = 50, offset: int = 0, descending: bool = False,
                  **filters) -> tuple[list[MeetingView], int]:
    """One page of ``list_meetings`` (same filters) and the number of meetings on all pages together."""
    total = session.exec(select(func.count()).select_from(_meetings_query(**filters).subquery())).one()
    return list_meetings(session, limit=limit, offset=offset, descending=descending, **filters), total


@dataclass(frozen=True)
class MeetingFilter:
    """The gemeente, regeling and orgaan a list of meetings is narrowed to, looked up once for HTML and API."""

    gemeente: Gemeente | None = None
    regeling: Regeling | None = None
    orgaan: Orgaan | None = None

    def query_args(self) -> dict:
        return {"gemeente_id": self.gemeente.id if self.gemeente else None,
                "regeling_id": self.regeling.id if self.regeling else None,
                "orgaan_ids": [self.orgaan.id] if self.orgaan else None}


def resolve_filter(session: Session, *, gemeente: str | None = None, regeling: str | None = None,
                   orgaan: str | None = None) -> MeetingFilter:
    """Look up the filter values; an unknown one is a bad request that names the parameter."""
    found = {}
    for name, key, lookup in (("gemeente", gemeente, get_gemeente), ("regeling", regeling, get_regeling),
                              ("orgaan", orgaan, get_orgaan)):
        if not key:
            continue
        try:
            found[name] = lookup(session, key)
        except NotFound:
            reason = f"onbekende waarde ‘{key[:100]}’"
            raise BadFilter(f"Filter ‘{name}’: {reason}.", errors=[{"name": name, "reason": reason}]) from None
    return MeetingFilter(**found)


def deleted_at(session: Session, meeting_id: int) -> datetime | None:
    """When this meeting was deleted; None for a meeting that exists or never did."""
    return session.exec(select(Vergadering.deleted_at).where(Vergadering.id == meeting_id)).first()


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
    slugs = list(dict.fromkeys(slug.strip().lower() for slug in slugs))
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
        breedtegraad=data.breedtegraad,
        lengtegraad=data.lengtegraad,
        online_url=str(data.online_url) if data.online_url else None,
        openbaar=data.openbaar,
        status=data.status,
    )
    session.add(meeting)
    session.flush()
    session.add_all(VergaderingOrgaan(vergadering_id=meeting.id, orgaan_id=o.id) for o in organen)
    session.flush()
    return views(session, [meeting])[0]


def meeting_for_edit(session: Session, *, actor: Actor, meeting_id: int) -> MeetingView:
    """A meeting that this actor may change (for showing the edit form); 401 or 403 otherwise."""
    view = get_meeting(session, meeting_id)
    require_manage_organen(actor, view.organen)
    return view


def update_meeting(session: Session, *, actor: Actor, meeting_id: int, data: VergaderingUpdate) -> MeetingView:
    current = meeting_for_edit(session, actor=actor, meeting_id=meeting_id)
    organen = None
    if data.organen is not None:
        organen = _resolve_organen(session, data.organen)
        require_manage_organen(actor, organen)

    changes = data.model_dump(exclude_unset=True, exclude={"versie", "organen"})
    if "online_url" in changes and changes["online_url"] is not None:
        changes["online_url"] = str(changes["online_url"])
    for field in ("start", "einde", "openbaar", "status"):
        if field in changes and changes[field] is None:
            raise Invalid(f"‘{field}’ mag niet leeg zijn.")
    if ("breedtegraad" in changes) != ("lengtegraad" in changes) or \
            (changes.get("breedtegraad") is None) != (changes.get("lengtegraad") is None):
        raise Invalid("Geef breedtegraad en lengtegraad samen op, of laat beide leeg.")
    meeting = current.vergadering
    if not ends_after_start(changes.get("start", meeting.start), changes.get("einde", meeting.einde)):
        raise Invalid("Het einde moet na het begin liggen.")
    if data.versie != meeting.versie:
        raise Conflict(
            f"Deze vergadering is intussen gewijzigd (versie {meeting.versie}, u had versie {data.versie}). "
            "Laad de vergadering opnieuw en breng uw wijziging dan aan."
        )
    if not apply_changes(session, meeting, versie=data.versie, changes=changes, organen=organen,
                         current_organen=current.organen):
        return current
    return views(session, [meeting])[0]


def apply_changes(session: Session, meeting: Vergadering, *, versie: int, changes: dict,
                  organen: Sequence[Orgaan] | None = None, current_organen: Sequence[Orgaan] | None = None) -> bool:
    """Write the fields that really change, and the bodies if given, as version ``versie`` + 1.

    The version check is part of the UPDATE itself, so two concurrent edits (a griffier's and an import, say)
    cannot both win: the loser gets a Conflict. ``sequence`` rises only when time, place or status change.
    No authorisation here: callers check it. Returns whether anything changed.
    """
    changes = {k: v for k, v in changes.items() if getattr(meeting, k) != v}
    if organen is not None and current_organen is None:
        current_organen = views(session, [meeting])[0].organen
    organen_changed = organen is not None and {o.id for o in organen} != {o.id for o in current_organen}
    if not changes and not organen_changed:
        return False
    values = dict(changes, versie=Vergadering.versie + 1, modified_at=utcnow())
    if any(f in changes for f in SEQUENCE_FIELDS):
        values["sequence"] = Vergadering.sequence + 1
    try:
        result = session.execute(
            sa.update(Vergadering)
            .where(Vergadering.id == meeting.id, Vergadering.versie == versie)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
    except sa.exc.OperationalError as exc:
        if not is_busy(exc):
            raise
        result = None  # SQLite: another transaction wrote since this one read
    if result is None or result.rowcount != 1:
        raise Conflict("Deze vergadering is zojuist door iemand anders gewijzigd. Laad haar opnieuw.")
    if organen_changed:
        session.execute(sa.delete(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == meeting.id))
        session.add_all(VergaderingOrgaan(vergadering_id=meeting.id, orgaan_id=o.id) for o in organen)
    session.flush()
    session.refresh(meeting)
    return True


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
