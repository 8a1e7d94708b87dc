"""The change counter under real concurrency on PostgreSQL: committed transactions on two connections."""

import threading

import pytest

from app.db import utcnow

pytestmark = pytest.mark.db


def stand(connection) -> int:
    return connection.exec_driver_sql("SELECT stand FROM feedstand WHERE id = 1").scalar()


def test_two_writers_in_opposite_order_neither_deadlock_nor_lose_a_change(engine, backend):
    if backend != "postgresql":
        pytest.skip("SQLite has one writer at a time: no row locks to order")
    with engine.begin() as c:
        gemeente = c.exec_driver_sql(
            "INSERT INTO gemeente (created_at, modified_at, naam, code, slug, provincie, inwoners, demo, aanvang, "
            "duur_minuten, commissie_voor_raad_dagen, publicatie_dagen, max_agendapunten) VALUES "
            "(%(t)s, %(t)s, 'Slot', 'GM7777', 'slot-test', 'Utrecht', 1, false, '19:30', 210, 14, 10, 12) RETURNING id",
            {"t": utcnow()}).scalar()
        meeting = c.exec_driver_sql(
            "INSERT INTO vergadering (created_at, modified_at, start, einde, status, openbaar, versie, sequence) "
            "VALUES (%(t)s, %(t)s, %(t)s, %(t)s + interval '1 hour', 'gepland', true, 1, 0) RETURNING id",
            {"t": utcnow()}).scalar()
    errors = []
    one, two = engine.connect(), engine.connect()
    try:
        with engine.connect() as c:
            before = stand(c)
        one.begin()
        two.begin()
        one.exec_driver_sql("SET lock_timeout = '10s'")
        two.exec_driver_sql("SET lock_timeout = '10s'")
        one.exec_driver_sql(f"UPDATE gemeente SET naam = 'Slot 2' WHERE id = {gemeente}")

        def second():
            try:
                two.exec_driver_sql(f"UPDATE vergadering SET locatie = 'x' WHERE id = {meeting}")
                two.commit()
            except Exception as exc:  # noqa: BLE001 - the test reports whatever went wrong
                errors.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join(0.5)  # the second writer holds the meeting's row and has not committed yet, or is done
        one.exec_driver_sql(f"UPDATE vergadering SET locatie = 'y' WHERE id = {meeting}")
        one.commit()
        thread.join()
        assert not errors
        with engine.connect() as c:
            assert stand(c) == before + 2  # one rise per committed transaction
    finally:
        one.close()
        two.close()
        with engine.begin() as c:
            c.exec_driver_sql(f"DELETE FROM vergadering WHERE id = {meeting}")
            c.exec_driver_sql(f"DELETE FROM gemeente WHERE id = {gemeente}")


def _record(engine, key: str):
    from app.feeds.service import Bron

    return Bron("orgaan", key, "naam", "beschrijving", "https://tussenruimte.test/")


def test_two_workers_recording_new_bytes_at_once_never_share_a_date(engine, backend):
    """Each waits for the other's record, so the later bytes get a later Last-Modified (PostgreSQL row lock)."""
    if backend != "postgresql":
        pytest.skip("see the SQLite variant below")
    from datetime import UTC, datetime

    from sqlmodel import Session

    from app.feeds import service

    b, old = _record(engine, "gelijktijdig"), datetime(2020, 1, 1, tzinfo=UTC)
    try:
        with Session(engine) as s:
            first = service._versie(s, b, b"E0", old)
            s.commit()
        one, two = Session(engine), Session(engine)
        a = service._versie(one, b, b"E1", old)  # holds the record's lock until it commits
        out = {}
        thread = threading.Thread(target=lambda: out.setdefault("b", service._versie(two, b, b"E2", old)))
        thread.start()
        thread.join(0.5)
        one.commit()
        thread.join()
        two.commit()
        assert first.last_modified < a.last_modified < out["b"].last_modified
    finally:
        one.close()
        two.close()
        with engine.begin() as c:
            c.exec_driver_sql("DELETE FROM feedversie WHERE sleutel = 'gelijktijdig'")


def test_on_sqlite_a_worker_that_read_too_early_reads_again(engine, backend):
    if backend != "sqlite":
        pytest.skip("see the PostgreSQL variant above")
    from datetime import UTC, datetime

    import sqlalchemy as sa
    from sqlmodel import Session

    from app.db import is_busy
    from app.feeds import service

    b, old = _record(engine, "te-vroeg"), datetime(2020, 1, 1, tzinfo=UTC)
    try:
        with Session(engine) as s:
            service._versie(s, b, b"E0", old)
            s.commit()
        late = Session(engine)
        service.read_stand(late)  # its snapshot begins, as a request's does
        with Session(engine) as s:
            a = service._versie(s, b, b"E1", old)
            s.commit()
        with pytest.raises(sa.exc.OperationalError) as refused:
            service._versie(late, b, b"E2", old)
        assert is_busy(refused.value)
        late.rollback()
        again = service._versie(late, b, b"E2", old)
        late.commit()
        assert again.last_modified > a.last_modified
    finally:
        late.close()
        with engine.begin() as c:
            c.exec_driver_sql("DELETE FROM feedversie WHERE sleutel = 'te-vroeg'")
