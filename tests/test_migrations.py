"""The schema that Alembic builds is the schema the models describe, on every backend."""

from datetime import UTC

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

import app.models  # noqa: F401
from app.zoeken.index import buiten_autogenerate


def test_models_and_migrations_agree(engine):
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                               "include_object": buiten_autogenerate})
        diff = compare_metadata(context, SQLModel.metadata)
    assert diff == []


def test_constraint_names_follow_the_convention(engine):
    inspector = sa.inspect(engine)
    names = [fk["name"] for fk in inspector.get_foreign_keys("vergaderingorgaan")]
    assert sorted(names) == ["fk_vergaderingorgaan_orgaan_id_orgaan", "fk_vergaderingorgaan_vergadering_id_vergadering"]
    uniques = [u["name"] for u in inspector.get_unique_constraints("deelname")]
    assert uniques == ["uq_deelname_regeling_id_gemeente_id"]


def test_times_come_back_time_zone_aware_in_utc(db):
    from datetime import datetime, timedelta, timezone

    from tests import factories

    zeist = factories.gemeente(db)
    amsterdam_winter = timezone(timedelta(hours=1))
    meeting = factories.vergadering(db, factories.orgaan_of(db, zeist),
                                    start=datetime(2027, 1, 26, 19, 30, tzinfo=amsterdam_winter))
    db.expire_all()
    fresh = db.get(type(meeting), meeting.id)
    assert fresh.start.utcoffset() == timedelta(0)
    assert fresh.start == datetime(2027, 1, 26, 18, 30, tzinfo=UTC)


def test_naive_times_are_refused(db):
    from datetime import datetime

    import pytest

    from app.vergaderingen.models import Vergadering

    db.add(Vergadering(start=datetime(2027, 1, 1, 19), einde=datetime(2027, 1, 1, 21)))
    with pytest.raises(sa.exc.StatementError, match="tijdzone"):
        db.flush()


def test_a_released_savepoint_does_not_commit_before_the_transaction_does(engine):
    """On SQLite the driver's own transaction handling would commit here; the engine must not let it."""
    from sqlmodel import Session, select

    from app.gemeenten.models import Gemeente

    with Session(engine) as session:
        with session.begin_nested():  # the first statement of the transaction is the SAVEPOINT
            session.add(Gemeente(code="GM9998", naam="Spookdorp", slug="spookdorp", provincie="Utrecht", inwoners=1))
        session.rollback()
    with Session(engine) as session:
        assert session.exec(select(Gemeente).where(Gemeente.code == "GM9998")).first() is None
