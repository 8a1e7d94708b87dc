"""Database plumbing: engine, one session per request, and the column types every table shares."""

from collections.abc import Iterator
from datetime import UTC, date, datetime
from enum import StrEnum

import sqlalchemy as sa
from fastapi import Request
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel

# Constraint names are part of the schema: Alembic can only alter or drop what it can name.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


def lokale_dag(moment: datetime | None = None) -> date:
    """The day a moment (default: now) falls on where the councils meet (TUSSENRUIMTE_TIME_ZONE), not in UTC: a
    meeting at 00:30 in Amsterdam is on that day, although in UTC it is still the day before."""
    from app.config import get_settings

    return (moment or utcnow()).astimezone(get_settings().tz).date()


class UTCDateTime(sa.TypeDecorator):
    """A moment in time, stored in UTC and always returned time-zone aware.

    Naive datetimes are refused: a time without a zone is a bug waiting for the next change of DST.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tijdstip zonder tijdzone geweigerd")
        value = value.astimezone(UTC)
        # SQLite has no time-zone type: store the UTC wall time and restore the zone on read.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def enum_type(enum: type[StrEnum]) -> sa.Enum:
    """Enums as checked strings: portable, and adding a member needs no ALTER TYPE."""
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=40,
        name=enum.__name__.lower(),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


class Timestamps(SQLModel):
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, nullable=False)
    modified_at: datetime = Field(
        default_factory=utcnow, sa_type=UTCDateTime, nullable=False, sa_column_kwargs={"onupdate": utcnow}
    )


class PublicRecord(Timestamps):
    """A row published as open data: it is never deleted, only marked, so the API can report deletions."""

    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


def create_db_engine(url: str, **kwargs) -> Engine:
    # Every table in the metadata before the first query: foreign keys name tables of other domain packages.
    import app.models  # noqa: F401
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"check_same_thread": False, "timeout": 30})
    engine = sa.create_engine(url, pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection, _record) -> None:
    # pysqlite only says BEGIN before its first write, so a SAVEPOINT opened earlier ran outside any
    # transaction and committed on release. Take transaction control from the driver: BEGIN ourselves.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    connection.exec_driver_sql("BEGIN")


def is_busy(exc: sa.exc.DBAPIError) -> bool:
    """SQLite refused a write because another transaction wrote since this one began (or holds the lock)."""
    return "database is locked" in str(exc.orig) or "database is busy" in str(exc.orig)


def get_session(request: Request) -> Iterator[Session]:
    """One transaction per request: committed when the handler returns, rolled back when it raises.

    Used with ``Depends(get_session, scope="function")`` so the commit lands before the response is sent.
    """
    with request.app.state.session_factory() as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
