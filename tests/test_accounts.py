from datetime import timedelta

import pytest
from sqlmodel import select

from app.accounts import service
from app.accounts.models import Inlogpoging, RolSoort
from app.errors import Conflict, Invalid, NotFound, TooManyRequests
from tests import factories

WINDOW = timedelta(minutes=15)


def _authenticate(db, email, password, client="10.0.0.1", max_failures=3):
    return service.authenticate(db, email=email, password=password, client=client, max_failures=max_failures,
                                window=WINDOW)


def test_passwords_are_stored_as_argon2id_hashes(db):
    user = factories.user(db, "griffie@zeist.nl")
    assert user.wachtwoord_hash.startswith("$argon2id$")
    assert factories.PASSWORD not in user.wachtwoord_hash


def test_email_is_case_insensitive_and_unique(db):
    factories.user(db, "Griffie@Zeist.nl")
    assert _authenticate(db, "GRIFFIE@zeist.nl", factories.PASSWORD) is not None
    with pytest.raises(Conflict, match="griffie@zeist.nl"):
        factories.user(db, "griffie@ZEIST.nl")


def test_short_passwords_and_bad_addresses_are_refused(db):
    with pytest.raises(Invalid, match="12 tekens"):
        service.create_user(db, email="a@b.nl", naam="A", password="kort")
    with pytest.raises(Invalid, match="geen geldig e-mailadres"):
        service.create_user(db, email="geen-adres", naam="A", password=factories.PASSWORD)


def test_wrong_password_and_unknown_user_both_return_none(db):
    factories.user(db, "griffie@zeist.nl")
    assert _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord") is None
    assert _authenticate(db, "niemand@zeist.nl", factories.PASSWORD) is None


def test_throttling_after_repeated_failures_even_with_the_right_password(db):
    factories.user(db, "griffie@zeist.nl")
    for _ in range(3):
        assert _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord") is None
    with pytest.raises(TooManyRequests, match="15 minuten"):
        _authenticate(db, "griffie@zeist.nl", factories.PASSWORD)


def test_old_failures_outside_the_window_do_not_count(db):
    factories.user(db, "griffie@zeist.nl")
    for _ in range(3):
        _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord")
    for attempt in db.exec(select(Inlogpoging)).all():
        attempt.tijd -= WINDOW + timedelta(minutes=1)
        db.add(attempt)
    db.flush()
    assert _authenticate(db, "griffie@zeist.nl", factories.PASSWORD) is not None


def test_a_successful_login_clears_the_failures_for_that_address(db):
    factories.user(db, "griffie@zeist.nl")
    for _ in range(2):
        _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord")
    assert _authenticate(db, "griffie@zeist.nl", factories.PASSWORD) is not None
    for _ in range(2):
        _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord")
    assert _authenticate(db, "griffie@zeist.nl", factories.PASSWORD) is not None


def test_an_inactive_user_cannot_log_in_and_acts_as_anonymous(db):
    user = factories.user(db, "oud@zeist.nl", ("beheerder",))
    user.actief = False
    db.add(user)
    db.flush()
    assert _authenticate(db, "oud@zeist.nl", factories.PASSWORD) is None
    assert not service.actor_for(db, user.id).authenticated


def test_roles_are_scoped_to_their_gemeente_or_regeling(db):
    zeist = factories.gemeente(db, "Zeist")
    u16 = factories.regeling(db, "u16-test", deelnemers=[zeist])
    user = factories.user(db, None, ("griffier", zeist), ("secretaris", u16))
    actor = service.actor_for(db, user.id)
    assert actor.griffier_van == {zeist.id}
    assert actor.secretaris_van == {u16.id}
    assert not actor.beheerder


def test_granting_a_role_needs_its_scope(db):
    user = factories.user(db)
    with pytest.raises(Invalid, match="gemeentecode"):
        service.grant_role(db, user=user, rol=RolSoort.griffier)
    with pytest.raises(NotFound, match="GM9999"):
        service.grant_role(db, user=user, rol=RolSoort.griffier, gemeente_code="GM9999")
    with pytest.raises(NotFound, match="bestaat-niet"):
        service.grant_role(db, user=user, rol=RolSoort.secretaris, regeling_slug="bestaat-niet")


def test_granting_the_same_role_twice_keeps_one(db):
    zeist = factories.gemeente(db, "Zeist")
    user = factories.user(db)
    first = service.grant_role(db, user=user, rol=RolSoort.griffier, gemeente_code=zeist.code)
    second = service.grant_role(db, user=user, rol=RolSoort.griffier, gemeente_code=zeist.code)
    assert first.id == second.id


def test_ending_sessions_makes_older_session_generations_anonymous(db):
    user = factories.user(db, "griffie@zeist.nl", ("beheerder",))
    generation = user.sessie_generatie
    assert service.actor_for(db, user.id, generation=generation).beheerder
    service.end_sessions(db, user.id)
    db.refresh(user)
    assert not service.actor_for(db, user.id, generation=generation).authenticated
    assert service.actor_for(db, user.id, generation=user.sessie_generatie).beheerder
    assert service.actor_for(db, user.id).beheerder  # tokens carry no session generation


def test_an_unknown_address_is_checked_against_a_stand_in_hash(db, monkeypatch):
    """So that the answer takes as long as for a known address and does not reveal who has an account."""
    checked = []
    real = service._verify
    monkeypatch.setattr(service, "_verify", lambda h, p: checked.append(h) or real(h, p))
    assert _authenticate(db, "niemand@zeist.nl", factories.PASSWORD) is None
    assert checked == [service._UNKNOWN_USER_HASH]


def test_failures_older_than_the_window_are_purged(db):
    factories.user(db, "griffie@zeist.nl")
    _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord")
    for attempt in db.exec(select(Inlogpoging)).all():
        attempt.tijd -= WINDOW + timedelta(minutes=1)
        db.add(attempt)
    db.flush()
    _authenticate(db, "griffie@zeist.nl", "verkeerd-wachtwoord")
    assert len(db.exec(select(Inlogpoging)).all()) == 2  # the new failure, per address and per client


def test_a_raadslid_role_needs_a_linked_person(db):
    user = factories.user(db)
    with pytest.raises(Invalid, match="gekoppeld aan een persoon"):
        service.grant_role(db, user=user, rol=RolSoort.raadslid)
