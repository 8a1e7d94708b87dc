"""The pure mapping from rows to OParl objects: no database, no request."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app.gemeenten.models import Gemeente
from app.oparl import mapping as m
from app.oparl.mapping import BodyKey, Urls
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.vergaderingen.models import Status, Vergadering
from tests.oparl.conftest import validate

U = Urls("https://voorbeeld.nl/")
T = datetime(2026, 11, 1, 12, 0, 0, 123456, tzinfo=UTC)


def test_ids_are_absolute_urls_from_the_base_url_and_database_ids():
    assert U.object("meetings", 7) == "https://voorbeeld.nl/oparl/v1/meetings/7"
    assert U.body(BodyKey("regeling", 3)) == "https://voorbeeld.nl/oparl/v1/bodies/regeling-3"
    assert U.external_organization(BodyKey("gemeente", 1), 9) == (
        "https://voorbeeld.nl/oparl/v1/bodies/gemeente-1/organizations/9")


@pytest.mark.parametrize(("key", "parsed"), [
    ("gemeente-12", BodyKey("gemeente", 12)), ("regeling-1", BodyKey("regeling", 1)), ("stad-1", None),
    ("gemeente-", None), ("gemeente-1a", None), ("gemeente-²", None), ("gemeente--1", None),
    ("gemeente-" + "9" * 20, None)])
def test_body_keys(key, parsed):
    assert BodyKey.parse(key) == parsed


@pytest.mark.parametrize(("year", "day"), [(2018, date(2018, 3, 21)), (2022, date(2022, 3, 16)),
                                           (2026, date(2026, 3, 18)), (2030, date(2030, 3, 20))])
def test_election_days_are_the_municipal_elections(year, day):
    assert m.election_day(year) == day


def test_moments_are_rfc3339_to_the_second_with_offset():
    assert m.moment(T) == "2026-11-01T12:00:00+00:00"
    assert m.moment(None) is None


def test_a_deleted_stub_keeps_id_type_created_and_sets_modified_to_the_deletion():
    row = Gemeente(id=1, code="GM0355", naam="Zeist", slug="zeist", provincie="Utrecht", inwoners=1,
                   created_at=T, modified_at=T, deleted_at=datetime(2026, 11, 2, tzinfo=UTC))
    stub = m.deleted_stub(U.body(BodyKey("gemeente", 1)), "Body", row)
    assert stub == {"id": "https://voorbeeld.nl/oparl/v1/bodies/gemeente-1",
                    "type": "https://schema.oparl.org/1.1/Body", "created": "2026-11-01T12:00:00+00:00",
                    "modified": "2026-11-02T00:00:00+00:00", "deleted": True}


def test_membership_voting_right_follows_the_vote_weight():
    def lid(gewicht: str, rol=Rol.lid):
        row = Lidmaatschap(id=1, persoon_id=2, orgaan_id=3, rol=rol, stemgewicht=Decimal(gewicht),
                           created_at=T, modified_at=T)
        return m.membership(U, row, on_behalf_of=None)
    assert lid("1.5")["votingRight"] is True
    assert lid("0")["votingRight"] is False
    assert lid("1", Rol.secretaris)["votingRight"] is False
    validate(lid("1"))


def test_an_external_organisation_points_to_its_own_body():
    ab = Orgaan(id=5, slug="vr-ab", naam="Algemeen bestuur", soort=Soort.algemeen_bestuur, regeling_id=2,
                created_at=T, modified_at=T)
    obj = m.external_organization(U, ab, listed_under=BodyKey("gemeente", 1), membership_ids=[])
    assert obj["body"].endswith("/bodies/gemeente-1") and obj["externalBody"].endswith("/bodies/regeling-2")
    assert obj["id"].endswith("/bodies/gemeente-1/organizations/5")
    validate(obj)


def test_a_meeting_without_a_name_is_named_after_its_bodies_and_a_cancelled_one_says_so():
    row = Vergadering(id=4, start=T, einde=T.replace(hour=15), status=Status.geannuleerd, created_at=T,
                      modified_at=T)
    obj = m.meeting(U, row, organen=[1, 2], organen_names=["Gemeenteraad Zeist", "Algemeen bestuur"], agenda=[],
                    location_obj=None, web=None)
    assert obj["name"] == "Gemeenteraad Zeist en Algemeen bestuur"
    assert obj["cancelled"] is True and "location" not in obj and "agendaItem" not in obj
    validate(obj)


@pytest.mark.parametrize(("url", "name"), [("https://x.nl/a/begroting.pdf", "begroting.pdf"),
                                           ("https://x.nl/a/b.pdf?versie=2#p3", "b.pdf"), ("https://x.nl/doc/", None)])
def test_file_names_come_from_the_url(url, name):
    assert m.file_name(url) == name
