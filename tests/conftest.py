"""Test fixtures: every database test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL.

Each backend gets a database migrated by Alembic to head (as production is), and each test runs inside a
transaction that is rolled back, so tests cannot see each other's rows.
"""

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from alembic import command
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.cli import alembic_config
from app.config import Settings
from app.db import create_db_engine
from app.main import create_app

# Chromium and axe-core for every browser test, wherever it lives: one browser per test process.
pytest_plugins = ["tests.browser.support"]

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite", "postgresql"]


def migrate(engine: sa.Engine) -> None:
    config = alembic_config()
    config.attributes["configure_logger"] = False
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@contextmanager
def _worker_database(base_url: str, worker: str) -> Iterator[str]:
    """A PostgreSQL database of this test process's own, beside the one named, dropped afterwards.

    The process id is in the name, so test runs started at the same time never share a database.
    """
    name = re.sub(r"\W", "_", f"{sa.make_url(base_url).database}_tussenruimte_{worker}_{os.getpid()}")
    admin = create_db_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield sa.make_url(create_db_engine(base_url).url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    if request.param == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL-leg overgeslagen: TEST_DATABASE_URL is niet gezet")
    return request.param


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory, worker_id) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
        return
    with _worker_database(PG_URL, worker_id) as url:
        yield url


@pytest.fixture(scope="session")
def engine(database_url) -> Iterator[sa.Engine]:
    engine = create_db_engine(database_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine) -> Iterator[sa.Connection]:
    with engine.connect() as connection:
        transaction = connection.begin()
        if connection.dialect.name == "postgresql":
            # The feeds' change counter is raised at commit; a test's transaction never commits.
            connection.exec_driver_sql("SET CONSTRAINTS ALL IMMEDIATE")
        yield connection
        transaction.rollback()


def _session_factory(connection):
    # Commits inside the code under test release a savepoint; the test's outer transaction is rolled back.
    return lambda: Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)


@pytest.fixture
def db(connection) -> Iterator[Session]:
    with _session_factory(connection)() as session:
        yield session


@pytest.fixture
def settings(database_url) -> Settings:
    return Settings(mode="test", database_url=database_url, secret_key="t" * 40,
                    base_url="https://tussenruimte.test", login_max_failures=3, feed_stand_ttl=0)


@pytest.fixture
def app(settings, engine, connection):
    app = create_app(settings=settings, engine=engine)
    app.state.session_factory = _session_factory(connection)
    return app


@pytest.fixture
def client(app, db) -> Iterator[TestClient]:
    # `db` first, so rows a test makes through it are flushed into the same transaction the app reads.
    with TestClient(app, base_url="https://tussenruimte.test") as client:
        yield client
