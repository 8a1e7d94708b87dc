"""`tussenruimte user create` and `user grant`, against a fresh SQLite database."""

import io
from collections.abc import Iterator

import pytest
from sqlmodel import Session, select

from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.cli import main
from app.config import get_settings
from app.db import create_db_engine
from tests import factories


@pytest.fixture
def engine(tmp_path, monkeypatch) -> Iterator:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TUSSENRUIMTE_DATABASE_URL", url)
    get_settings.cache_clear()
    assert main(["db", "upgrade"]) == 0
    engine = create_db_engine(url)
    with Session(engine) as session:
        factories.gemeente(session, "Zeist", code="GM0355", slug="zeist")
        factories.gemeente(session, "Bunnik", code="GM0312", slug="bunnik")
        factories.persoon(session, "A. de Vries", sleutel="p1")
        session.commit()
    yield engine
    engine.dispose()
    get_settings.cache_clear()


def roles(engine, email: str) -> set[tuple]:
    with Session(engine) as session:
        user = session.exec(select(Gebruiker).where(Gebruiker.email == email)).one()
        return {(r.rol.value, r.gemeente_id is not None, r.regeling_id is not None)
                for r in session.exec(select(Roltoekenning).where(Roltoekenning.gebruiker_id == user.id))}


def test_a_password_read_from_standard_input_is_used(engine, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(factories.PASSWORD + "\n"))
    assert main(["user", "create", "--email", "griffie@zeist.nl", "--rol", "griffier", "--gemeente", "GM0355"]) == 0
    assert "Wachtwoord:" not in capsys.readouterr().out  # nothing generated, nothing printed
    with Session(engine) as session:
        from datetime import timedelta

        from app.accounts.service import authenticate

        assert authenticate(session, email="griffie@zeist.nl", password=factories.PASSWORD, client="t",
                            max_failures=5, window=timedelta(minutes=15)) is not None


def test_a_griffier_of_several_councils(engine, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["user", "create", "--email", "griffie@kromme-rijn.nl", "--rol", "griffier",
                 "--gemeente", "GM0355", "--gemeente", "GM0312"]) == 0
    with Session(engine) as session:
        user = session.exec(select(Gebruiker).where(Gebruiker.email == "griffie@kromme-rijn.nl")).one()
        gemeenten = session.exec(select(Roltoekenning.gemeente_id).where(Roltoekenning.gebruiker_id == user.id)).all()
    assert len(gemeenten) == 2


def test_grant_adds_roles_to_an_existing_user(engine, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["user", "create", "--email", "griffie@zeist.nl", "--rol", "griffier", "--gemeente", "GM0355"]) == 0
    assert main(["user", "grant", "--email", "griffie@zeist.nl", "--rol", "griffier", "--gemeente", "GM0312"]) == 0
    assert main(["user", "grant", "--email", "griffie@zeist.nl", "--rol", "beheerder"]) == 0
    assert roles(engine, "griffie@zeist.nl") == {("griffier", True, False), ("beheerder", False, False)}
    with Session(engine) as session:
        assert len(session.exec(select(Roltoekenning)).all()) == 3


def test_a_raadslid_needs_a_person(engine, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["user", "create", "--email", "rl@zeist.nl", "--rol", "raadslid"]) == 1
    assert "gekoppeld aan een persoon" in capsys.readouterr().err
    with Session(engine) as session:
        assert session.exec(select(Gebruiker).where(Gebruiker.email == "rl@zeist.nl")).first() is None
    assert main(["user", "create", "--email", "rl@zeist.nl", "--rol", "raadslid", "--persoon", "p1"]) == 0
    assert roles(engine, "rl@zeist.nl") == {(RolSoort.raadslid.value, False, False)}


def test_granting_to_an_unknown_user_or_gemeente_fails_in_dutch(engine, capsys):
    assert main(["user", "grant", "--email", "niemand@zeist.nl", "--rol", "beheerder"]) == 1
    assert "Er is geen gebruiker met e-mailadres niemand@zeist.nl" in capsys.readouterr().err
    main(["user", "create", "--email", "g@zeist.nl", "--wachtwoord", factories.PASSWORD])
    assert main(["user", "grant", "--email", "g@zeist.nl", "--rol", "griffier", "--gemeente", "GM9999"]) == 1
    assert "Gemeente GM9999 bestaat niet" in capsys.readouterr().err
    assert roles(engine, "g@zeist.nl") == set()
