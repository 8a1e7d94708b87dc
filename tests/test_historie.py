"""The history (app.historie): append-only in the database itself, capacity instead of names, the step's moment."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DatabaseError

from app.accounts.authz import Actor
from app.historie import service as historie
from app.historie.models import Gebeurtenis
from tests import factories

GRIFFIER = Actor(gebruiker_id=None, naam="Greet Griffier", griffier_van=frozenset({1}))
BEHEERDER = Actor(gebruiker_id=None, naam="Bea Beheer", beheerder=True)


def test_a_step_keeps_capacity_moment_and_changes(db):
    regeling = factories.regeling(db, slug="vru")
    toen = datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    stap = historie.log(db, actor=GRIFFIER, regeling_id=regeling.id, soort="ingediend", wie="griffier van Zeist",
                        wijzigingen={"status": [None, "open"]}, tijd=toen)
    db.expire_all()
    stap = db.get(Gebeurtenis, stap.id)
    assert (stap.wie, stap.tijd, stap.wijzigingen) == ("griffier van Zeist", toen, {"status": [None, "open"]})
    assert "Greet" not in (stap.wie or "")


def test_a_step_without_its_capacity_is_refused_except_for_a_beheerder(db):
    regeling = factories.regeling(db, slug="vru")
    with pytest.raises(ValueError, match="hoedanigheid"):
        historie.log(db, actor=GRIFFIER, regeling_id=regeling.id, soort="steun")
    assert historie.log(db, actor=BEHEERDER, regeling_id=regeling.id, soort="steun").wie == "beheerder"


@pytest.mark.parametrize("statement", [
    "UPDATE gebeurtenis SET toelichting = 'herschreven' WHERE id = :id",
    "DELETE FROM gebeurtenis WHERE id = :id",
])
def test_the_database_refuses_to_rewrite_or_delete_a_step(db, statement):
    regeling = factories.regeling(db, slug="vru")
    stap = historie.log(db, actor=BEHEERDER, regeling_id=regeling.id, soort="besloten", toelichting="origineel")
    savepoint = db.begin_nested()
    with pytest.raises(DatabaseError, match="alleen aangevuld"):
        db.execute(sa.text(statement), {"id": stap.id})
    savepoint.rollback()
    assert db.execute(sa.text("SELECT toelichting FROM gebeurtenis WHERE id = :id"), {"id": stap.id}).scalar() == \
        "origineel"
