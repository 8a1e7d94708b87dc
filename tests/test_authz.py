"""Who may plan, change, cancel and delete which meeting: one explicit matrix, proven twice.

Once through the JSON API with bearer tokens, and once directly on the service functions, so the rule is
enforced where the HTML and the JSON routes both pass: in the services.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from app.accounts import service as accounts
from app.accounts.authz import Actor
from app.accounts.models import Gebruiker, RolSoort
from app.errors import Forbidden, NotAuthenticated
from app.organen.models import Orgaan
from app.vergaderingen import service as meetings
from app.vergaderingen.models import Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.schemas import VergaderingCreate, VergaderingUpdate
from tests import factories
from tests.helpers import login

ROLES = ["anoniem", "raadslid", "griffier Zeist", "griffier Utrecht", "griffier Zeist en Utrecht",
         "secretaris regio", "secretaris andere regeling", "beheerder"]
OBJECTS = ["Zeist", "Utrecht", "AB regio", "Zeist+Utrecht"]  # whose meeting: the bodies that meet in it
ACTIONS = ["create", "update", "cancel", "delete"]



# The matrix. Columns follow OBJECTS: a raad meeting of Zeist, one of Utrecht, a meeting of the regeling's
# algemeen bestuur, and a joint meeting of both raden (managed only by whoever manages both bodies).
MATRIX: dict[tuple[str, str], tuple[int, int, int, int]] = {
    #                                          Zeist  Utrecht  AB regio  Zeist+Utrecht
    ("anoniem", "create"):                     (401,  401,     401,      401),
    ("anoniem", "update"):                     (401,  401,     401,      401),
    ("anoniem", "cancel"):                     (401,  401,     401,      401),
    ("anoniem", "delete"):                     (401,  401,     401,      401),
    ("raadslid", "create"):                    (403,  403,     403,      403),
    ("raadslid", "update"):                    (403,  403,     403,      403),
    ("raadslid", "cancel"):                    (403,  403,     403,      403),
    ("raadslid", "delete"):                    (403,  403,     403,      403),
    ("griffier Zeist", "create"):              (201,  403,     403,      403),
    ("griffier Zeist", "update"):              (200,  403,     403,      403),
    ("griffier Zeist", "cancel"):              (200,  403,     403,      403),
    ("griffier Zeist", "delete"):              (204,  403,     403,      403),
    ("griffier Utrecht", "create"):            (403,  201,     403,      403),
    ("griffier Utrecht", "update"):            (403,  200,     403,      403),
    ("griffier Utrecht", "cancel"):            (403,  200,     403,      403),
    ("griffier Utrecht", "delete"):            (403,  204,     403,      403),
    ("griffier Zeist en Utrecht", "create"):   (201,  201,     403,      201),
    ("griffier Zeist en Utrecht", "update"):   (200,  200,     403,      200),
    ("griffier Zeist en Utrecht", "cancel"):   (200,  200,     403,      200),
    ("griffier Zeist en Utrecht", "delete"):   (204,  204,     403,      204),
    ("secretaris regio", "create"):            (403,  403,     201,      403),
    ("secretaris regio", "update"):            (403,  403,     200,      403),
    ("secretaris regio", "cancel"):            (403,  403,     200,      403),
    ("secretaris regio", "delete"):            (403,  403,     204,      403),
    ("secretaris andere regeling", "create"):  (403,  403,     403,      403),
    ("secretaris andere regeling", "update"):  (403,  403,     403,      403),
    ("secretaris andere regeling", "cancel"):  (403,  403,     403,      403),
    ("secretaris andere regeling", "delete"):  (403,  403,     403,      403),
    ("beheerder", "create"):                   (201,  201,     201,      201),
    ("beheerder", "update"):                   (200,  200,     200,      200),
    ("beheerder", "cancel"):                   (200,  200,     200,      200),
    ("beheerder", "delete"):                   (204,  204,     204,      204),
}
CASES = [(role, action, obj, MATRIX[role, action][OBJECTS.index(obj)])
         for role in ROLES for action in ACTIONS for obj in OBJECTS]


def test_the_matrix_is_complete():
    assert set(MATRIX) == {(role, action) for role in ROLES for action in ACTIONS}


@dataclass
class World:
    organen: dict[str, list[Orgaan]]  # object -> the bodies that meet
    roles: dict[str, list[tuple]]  # role -> the factories' role tuples


@pytest.fixture
def world(db) -> World:
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist")
    utrecht = factories.gemeente(db, "Utrecht", code="GM0344", slug="utrecht")
    regio = factories.regeling(db, slug="regio", deelnemers=[zeist, utrecht])
    andere = factories.regeling(db, slug="andere")
    zeist_raad, utrecht_raad = factories.orgaan_of(db, zeist), factories.orgaan_of(db, utrecht)
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regio.id)).one()
    return World(
        organen={"Zeist": [zeist_raad], "Utrecht": [utrecht_raad], "AB regio": [ab],
                 "Zeist+Utrecht": [zeist_raad, utrecht_raad]},
        roles={
            "anoniem": [], "raadslid": [("raadslid",)],
            "griffier Zeist": [("griffier", zeist)], "griffier Utrecht": [("griffier", utrecht)],
            "griffier Zeist en Utrecht": [("griffier", zeist), ("griffier", utrecht)],
            "secretaris regio": [("secretaris", regio)], "secretaris andere regeling": [("secretaris", andere)],
            "beheerder": [("beheerder",)],
        },
    )


def user_with(db: Session, roles: list[tuple]) -> Gebruiker:
    """A user with these roles; no password hashing, since these users only use tokens."""
    persoon_id = factories.persoon(db, "Raadslid").id if any(r[0] == "raadslid" for r in roles) else None
    user = Gebruiker(email=f"rol{next(factories._seq)}@example.nl", naam="Rol", wachtwoord_hash="-",
                     persoon_id=persoon_id)  # a raadslid is a person
    db.add(user)
    db.flush()
    for rol, *target in roles:
        accounts.grant_role(db, user=user, rol=RolSoort(rol),
                            gemeente_code=target[0].code if rol == "griffier" else None,
                            regeling_slug=target[0].slug if rol == "secretaris" else None)
    return user


def meeting_for(db: Session, organen: list[Orgaan]) -> Vergadering:
    return factories.vergadering(db, *organen, naam="Bestaande vergadering",
                                 start=datetime(2027, 1, 26, 18, 30, tzinfo=UTC))


def assert_untouched(db: Session, meeting: Vergadering) -> None:
    db.expire_all()
    stored = db.get(Vergadering, meeting.id)
    assert (stored.naam, stored.status, stored.versie, stored.deleted_at) == (
        "Bestaande vergadering", Status.gepland, 1, None)


@pytest.mark.parametrize("role, action, obj, expected", CASES)
def test_matrix_through_the_api(client, db, world, role, action, obj, expected):
    headers = {}
    if role != "anoniem":
        _, plain = accounts.create_token(db, email=user_with(db, world.roles[role]).email)
        headers = {"Authorization": f"Bearer {plain}"}
    organen = world.organen[obj]

    if action == "create":
        body = {"organen": [o.slug for o in organen], "naam": "Nieuwe vergadering",
                "start": "2027-02-02T19:30:00+01:00", "einde": "2027-02-02T22:00:00+01:00"}
        response = client.post("/api/v1/vergaderingen", json=body, headers=headers)
    else:
        meeting = meeting_for(db, organen)
        url = f"/api/v1/vergaderingen/{meeting.id}"
        if action == "update":
            response = client.patch(url, json={"versie": 1, "naam": "Gewijzigd"}, headers=headers)
        elif action == "cancel":
            response = client.patch(url, json={"versie": 1, "status": "geannuleerd"}, headers=headers)
        else:
            response = client.delete(url, headers=headers)

    assert response.status_code == expected, response.text
    if expected >= 400:
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["title"] == {401: "Niet ingelogd", 403: "Geen toegang"}[expected]
        if action == "create":
            assert db.exec(select(Vergadering)).all() == []
        else:
            assert_untouched(db, meeting)
    elif action == "create":
        slugs = db.exec(select(Orgaan.slug).join(VergaderingOrgaan).where(
            VergaderingOrgaan.vergadering_id == response.json()["id"])).all()
        assert sorted(slugs) == sorted(o.slug for o in organen)
    else:
        db.expire_all()
        stored = db.get(Vergadering, meeting.id)
        if action == "update":
            assert stored.naam == "Gewijzigd"
        elif action == "cancel":
            assert stored.status == Status.geannuleerd and stored.deleted_at is None
        else:
            assert stored.deleted_at is not None


@pytest.mark.parametrize("role, action, obj, expected", CASES)
def test_matrix_in_the_services(db, world, role, action, obj, expected):
    """The same table, without the web layer: the services themselves refuse."""
    actor = (Actor() if role == "anoniem"
             else accounts.actor_for(db, user_with(db, world.roles[role]).id))
    organen = world.organen[obj]
    meeting = None if action == "create" else meeting_for(db, organen)

    def act():
        if action == "create":
            return meetings.create_meeting(db, actor=actor, data=VergaderingCreate(
                organen=[o.slug for o in organen], start=datetime(2027, 2, 2, 18, 30, tzinfo=UTC),
                einde=datetime(2027, 2, 2, 21, tzinfo=UTC)))
        if action == "update":
            return meetings.update_meeting(db, actor=actor, meeting_id=meeting.id,
                                           data=VergaderingUpdate(versie=1, naam="Gewijzigd"))
        if action == "cancel":
            return meetings.cancel_meeting(db, actor=actor, meeting_id=meeting.id, versie=1)
        return meetings.delete_meeting(db, actor=actor, meeting_id=meeting.id)

    if expected == 401:
        with pytest.raises(NotAuthenticated):
            act()
    elif expected == 403:
        with pytest.raises(Forbidden):
            act()
    else:
        act()
        return
    if meeting is None:
        assert db.exec(select(Vergadering)).all() == []
    else:
        assert_untouched(db, meeting)


def test_a_griffier_cannot_move_their_meeting_into_another_councils_body(db, world):
    """Managing the meeting as it is does not suffice: the bodies it would get must be yours too."""
    actor = accounts.actor_for(db, user_with(db, world.roles["griffier Zeist"]).id)
    meeting = meeting_for(db, world.organen["Zeist"])
    with pytest.raises(Forbidden, match="Gemeenteraad Utrecht"):
        meetings.update_meeting(db, actor=actor, meeting_id=meeting.id,
                                data=VergaderingUpdate(versie=1, organen=["zeist-raad", "utrecht-raad"]))
    assert_untouched(db, meeting)


# --- tokens ----------------------------------------------------------------------------------------------------


def test_a_revoked_token_is_401(client, db, world):
    user = user_with(db, world.roles["beheerder"])
    token, plain = accounts.create_token(db, email=user.email)
    headers = {"Authorization": f"Bearer {plain}"}
    assert client.get("/api/v1/gemeenten", headers=headers).status_code == 200

    accounts.revoke_token(db, prefix=token.prefix)
    db.flush()
    for response in (client.get("/api/v1/gemeenten", headers=headers),
                     client.post("/api/v1/vergaderingen", json={}, headers=headers)):
        assert response.status_code == 401
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["detail"] == "Het token is onbekend of ingetrokken."
        assert response.headers["www-authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401_even_on_a_public_read(client):
    response = client.get("/api/v1/vergaderingen", headers={"Authorization": "Bearer trt_verzonnen"})
    assert response.status_code == 401
    assert response.json()["title"] == "Niet ingelogd"


def test_a_valid_token_reads_and_is_marked_as_used(client, db, world):
    user = user_with(db, world.roles["raadslid"])
    token, plain = accounts.create_token(db, email=user.email)
    assert token.laatst_gebruikt is None
    response = client.get("/api/v1/gemeenten/GM0355", headers={"Authorization": f"Bearer {plain}"})
    assert response.status_code == 200 and response.json()["naam"] == "Zeist"
    db.refresh(token)
    assert token.laatst_gebruikt is not None


# --- a browser session on the API ------------------------------------------------------------------------------


def test_a_session_writing_to_the_api_needs_the_csrf_header(client, db, world):
    user = factories.user(db, "griffie@zeist.nl", *world.roles["griffier Zeist"])
    csrf = login(client, user.email)
    body = {"organen": ["zeist-raad"], "start": "2027-02-02T19:30:00+01:00", "einde": "2027-02-02T22:00:00+01:00"}

    refused = client.post("/api/v1/vergaderingen", json=body)
    assert refused.status_code == 403
    assert refused.headers["content-type"] == "application/problem+json"
    assert "CSRF" in refused.json()["detail"]
    assert client.post("/api/v1/vergaderingen", json=body, headers={"X-CSRF-Token": "fout"}).status_code == 403
    assert db.exec(select(Vergadering)).all() == []

    accepted = client.post("/api/v1/vergaderingen", json=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 201, accepted.text

