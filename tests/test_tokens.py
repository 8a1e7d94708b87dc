"""Personal API tokens made and revoked with the `tussenruimte` command, against a fresh SQLite database."""

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session, SQLModel

import app.models  # noqa: F401  (every table in the metadata)
from app.cli import main
from app.config import Settings, get_settings
from app.db import create_db_engine
from app.main import create_app
from tests import factories

EMAIL = "griffie@zeist.nl"


@pytest.fixture
def database(tmp_path, monkeypatch) -> Iterator[str]:
    """A migrated database with one beheerder, as `tussenruimte db upgrade` and `user create` leave it."""
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TUSSENRUIMTE_DATABASE_URL", url)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    assert main(["user", "create", "--email", EMAIL, "--naam", "Griffie Zeist", "--wachtwoord",
                 factories.PASSWORD, "--rol", "beheerder"]) == 0
    yield url
    get_settings.cache_clear()


@pytest.fixture
def api(database) -> Iterator[TestClient]:
    engine = create_db_engine(database)
    with Session(engine) as session:  # a body to plan a meeting for
        factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
        session.commit()
    settings = Settings(mode="test", database_url=database, secret_key="t" * 40, base_url="https://tussenruimte.test")
    with TestClient(create_app(settings=settings, engine=engine), base_url="https://tussenruimte.test") as client:
        yield client
    engine.dispose()


def create_token(capsys) -> str:
    capsys.readouterr()
    assert main(["token", "create", "--email", EMAIL]) == 0
    out, err = capsys.readouterr()
    assert "niet nog eens getoond" in err
    return out.strip()


def plan(client: TestClient, token: str):
    return client.post("/api/v1/vergaderingen", headers={"Authorization": f"Bearer {token}"}, json={
        "organen": ["zeist-raad"], "start": "2027-01-26T19:30:00+01:00", "einde": "2027-01-26T22:30:00+01:00"})


def test_token_create_prints_a_token_of_which_only_the_hash_is_stored(database, capsys):
    token = create_token(capsys)
    assert token.startswith("trt_") and len(token) > 40
    assert "\n" not in token

    engine = create_db_engine(database)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT prefix, token_hash, ingetrokken_op FROM apitoken")).all()
        assert rows == [(token[:12], hashlib.sha256(token.encode()).hexdigest(), None)]
        for table in SQLModel.metadata.sorted_tables:  # the plain token is in no column of any table
            for row in connection.execute(sa.select(table)).all():
                assert not any(token in str(value) for value in row), table.name
    engine.dispose()
    files = [Path(database.removeprefix("sqlite:///"))]
    files += [f for f in (files[0].with_name("cli.db-wal"),) if f.exists()]
    assert all(token.encode() not in f.read_bytes() for f in files)


def test_the_token_authenticates_until_it_is_revoked(api, capsys):
    token = create_token(capsys)
    planned = plan(api, token)
    assert planned.status_code == 201, planned.text
    assert api.get("/api/v1/gemeenten", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert plan(api, "trt_" + "x" * 43).status_code == 401

    capsys.readouterr()
    assert main(["token", "revoke", token[:12]]) == 0
    assert "ingetrokken" in capsys.readouterr().out

    refused = plan(api, token)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Het token is onbekend of ingetrokken."
    assert api.get("/api/v1/gemeenten", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_second_token_is_independent_of_the_first(api, capsys):
    first, second = create_token(capsys), create_token(capsys)
    assert first != second
    assert main(["token", "revoke", first[:12]]) == 0
    assert plan(api, first).status_code == 401
    assert plan(api, second).status_code == 201


def test_token_create_for_an_unknown_address_fails_in_dutch(database, capsys):
    capsys.readouterr()
    assert main(["token", "create", "--email", "niemand@zeist.nl"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err.strip() == "Fout: Er is geen gebruiker met e-mailadres niemand@zeist.nl."


def test_revoking_an_unknown_prefix_fails_in_dutch(database, capsys):
    capsys.readouterr()
    assert main(["token", "revoke", "trt_bestaatn"]) == 1
    assert capsys.readouterr().err.strip() == "Fout: Er is geen token dat begint met trt_bestaatn."
