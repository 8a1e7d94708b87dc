"""The meeting service: optimistic locking, SEQUENCE for calendar clients, cancelling and soft deletion."""

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from app.accounts.authz import Actor
from app.errors import Conflict, Invalid, NotFound
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.vergaderingen import service
from app.vergaderingen.models import Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.schemas import VergaderingCreate, VergaderingUpdate
from tests import factories

START = datetime(2027, 1, 26, 18, 30, tzinfo=UTC)
BEHEERDER = Actor(gebruiker_id=1, beheerder=True)




@pytest.fixture
def raad(db) -> Orgaan:
    return factories.orgaan_of(db, factories.gemeente(db, "Zeist", code="GM0355", slug="zeist"))


@pytest.fixture
def meeting(db, raad) -> Vergadering:
    return factories.vergadering(db, raad, naam="Raad", locatie="Raadzaal", start=START)


def update(db: Session, meeting_id: int, **changes):
    return service.update_meeting(db, actor=BEHEERDER, meeting_id=meeting_id, data=VergaderingUpdate(**changes))


def stored(db: Session, meeting_id: int) -> Vergadering:
    db.expire_all()
    return db.get(Vergadering, meeting_id)


def test_a_new_meeting_starts_at_versie_1_and_sequence_0(db, raad):
    view = service.create_meeting(db, actor=BEHEERDER, data=VergaderingCreate(
        organen=["zeist-raad", "zeist-raad"], start=START, einde=START + timedelta(hours=3)))
    row = stored(db, view.vergadering.id)
    assert (row.versie, row.sequence, row.status) == (1, 0, Status.gepland)
    assert [o.slug for o in view.organen] == ["zeist-raad"]  # a body named twice meets once


def test_a_no_op_update_changes_nothing(db, meeting):
    before = stored(db, meeting.id).modified_at
    view = update(db, meeting.id, versie=1, naam="Raad", locatie="Raadzaal", start=START, organen=["zeist-raad"])
    row = stored(db, meeting.id)
    assert (view.vergadering.versie, row.versie, row.sequence) == (1, 1, 0)
    assert row.modified_at == before  # so feeds and ETags stay the same


@pytest.mark.parametrize("changes, sequence", [
    ({"naam": "Begrotingsraad"}, 0),
    ({"openbaar": False}, 0),
    ({"start": START - timedelta(minutes=30)}, 1),
    ({"einde": START + timedelta(hours=4)}, 1),
    ({"locatie": "Online"}, 1),
    ({"online_url": "https://meet.example.nl/raad"}, 1),
    ({"status": Status.bijeengeroepen}, 1),
    ({"naam": "Begrotingsraad", "locatie": "Online"}, 1),  # one change, one step
])
def test_versie_rises_on_every_change_and_sequence_only_for_time_place_or_status(db, meeting, changes, sequence):
    update(db, meeting.id, versie=1, **changes)
    row = stored(db, meeting.id)
    assert (row.versie, row.sequence) == (2, sequence)


def test_changing_the_bodies_raises_versie_but_not_sequence(db, meeting):
    factories.regeling(db, slug="regio")
    view = update(db, meeting.id, versie=1, organen=["zeist-raad", "regio-ab"])
    assert sorted(o.slug for o in view.organen) == ["regio-ab", "zeist-raad"]
    row = stored(db, meeting.id)
    assert (row.versie, row.sequence) == (2, 0)
    links = db.exec(select(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == meeting.id)).all()
    assert len(links) == 2


def test_a_stale_versie_is_a_conflict_and_changes_nothing(db, meeting):
    update(db, meeting.id, versie=1, naam="Eerste")
    with pytest.raises(Conflict, match="versie 2, u had versie 1"):
        update(db, meeting.id, versie=1, naam="Tweede", locatie="Elders")
    row = stored(db, meeting.id)
    assert (row.naam, row.locatie, row.versie, row.sequence) == ("Eerste", "Raadzaal", 2, 0)


def test_an_update_that_ends_before_it_starts_is_invalid(db, meeting):
    with pytest.raises(Invalid, match="einde moet na het begin"):
        update(db, meeting.id, versie=1, einde=START - timedelta(minutes=1))
    with pytest.raises(Invalid, match="‘status’ mag niet leeg"):
        update(db, meeting.id, versie=1, status=None)
    assert stored(db, meeting.id).versie == 1


def test_the_version_check_is_part_of_the_update(db, meeting, monkeypatch):
    """Someone else's write lands between our read and our write: the guarded UPDATE still refuses."""
    real_get = service.get_meeting

    def get_then_someone_else_writes(session, meeting_id):
        view = real_get(session, meeting_id)  # we read versie 1 ...
        session.execute(sa.update(Vergadering).where(Vergadering.id == meeting_id)
                        .values(versie=2, naam="Iemand anders")
                        .execution_options(synchronize_session=False))  # ... as another editor raises it
        return view

    monkeypatch.setattr(service, "get_meeting", get_then_someone_else_writes)
    with pytest.raises(Conflict, match="zojuist door iemand anders"):
        update(db, meeting.id, versie=1, naam="Wij")
    row = stored(db, meeting.id)
    assert (row.naam, row.versie) == ("Iemand anders", 2)


def test_two_sessions_edit_at_once_and_the_second_gets_a_conflict(engine):
    """Two real transactions on the database (outside the per-test rollback, so this test cleans up)."""
    with Session(engine) as setup:
        gemeente = factories.gemeente(setup, "Gelijktijdig", code="GM0999", slug="gelijktijdig")
        raad = factories.orgaan_of(setup, gemeente)
        meeting_id = factories.vergadering(setup, raad, naam="Origineel", start=START).id
        gemeente_id, orgaan_id = gemeente.id, raad.id
        setup.commit()
    try:
        with Session(engine) as first, Session(engine) as second:
            # Both read versie 1 and hold on to what they read (as one request does between its read and write).
            seen_first, seen_second = service.get_meeting(first, meeting_id), service.get_meeting(second, meeting_id)
            assert seen_first.vergadering.versie == seen_second.vergadering.versie == 1

            service.update_meeting(first, actor=BEHEERDER, meeting_id=meeting_id,
                                   data=VergaderingUpdate(versie=1, naam="Eerste"))
            first.commit()
            with pytest.raises(Conflict, match="zojuist door iemand anders"):  # refused by the guarded UPDATE
                service.update_meeting(second, actor=BEHEERDER, meeting_id=meeting_id,
                                       data=VergaderingUpdate(versie=1, naam="Tweede", locatie="Elders"))
            second.rollback()

        with Session(engine) as check:
            row = check.get(Vergadering, meeting_id)
            assert (row.naam, row.locatie, row.versie) == ("Eerste", None, 2)
    finally:
        with Session(engine) as cleanup:
            cleanup.execute(sa.delete(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == meeting_id))
            cleanup.execute(sa.delete(Vergadering).where(Vergadering.id == meeting_id))
            cleanup.execute(sa.delete(Orgaan).where(Orgaan.id == orgaan_id))
            cleanup.execute(sa.delete(Gemeente).where(Gemeente.id == gemeente_id))
            cleanup.commit()


def test_cancelling_keeps_the_meeting_listed_as_cancelled(db, meeting):
    view = service.cancel_meeting(db, actor=BEHEERDER, meeting_id=meeting.id, versie=1)
    assert view.vergadering.status == Status.geannuleerd
    row = stored(db, meeting.id)
    assert (row.status, row.versie, row.sequence, row.deleted_at) == (Status.geannuleerd, 2, 1, None)
    assert [v.vergadering.id for v in service.list_meetings(db)] == [meeting.id]
    assert service.get_meeting(db, meeting.id).vergadering.status == Status.geannuleerd


def test_delete_is_soft(db, meeting):
    service.delete_meeting(db, actor=BEHEERDER, meeting_id=meeting.id)
    row = stored(db, meeting.id)
    assert row is not None and row.deleted_at is not None
    assert (row.versie, row.sequence) == (2, 1)
    with pytest.raises(NotFound):
        service.get_meeting(db, meeting.id)
    assert service.list_meetings(db) == []
    with pytest.raises(NotFound):
        update(db, meeting.id, versie=2, naam="Te laat")


def test_delete_with_a_stale_versie_is_a_conflict(db, meeting):
    update(db, meeting.id, versie=1, naam="Gewijzigd")
    with pytest.raises(Conflict):
        service.delete_meeting(db, actor=BEHEERDER, meeting_id=meeting.id, versie=1)
    assert stored(db, meeting.id).deleted_at is None


def test_page_meetings_counts_all_pages_with_the_same_filters(db, raad):
    other = factories.orgaan_of(db, factories.gemeente(db, "Utrecht", code="GM0344", slug="utrecht"))
    for day in range(5):
        factories.vergadering(db, raad, start=START + timedelta(days=day))
    factories.vergadering(db, other, start=START)
    deleted = factories.vergadering(db, raad, start=START)
    service.delete_meeting(db, actor=BEHEERDER, meeting_id=deleted.id)

    views, total = service.page_meetings(db, orgaan_ids=[raad.id], limit=2, offset=2)
    assert total == 5
    assert [v.vergadering.start for v in views] == [START + timedelta(days=2), START + timedelta(days=3)]
    views, total = service.page_meetings(db, orgaan_ids=[raad.id], tot=START + timedelta(days=1), limit=10)
    assert (total, len(views)) == (1, 1)
    views, total = service.page_meetings(db, limit=2, offset=100)
    assert (views, total) == ([], 6)
