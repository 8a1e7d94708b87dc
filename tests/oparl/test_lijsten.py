"""OParl lists: pages with links that keep the filters, the date filters, deleted objects, stable ids, bad
filters as a Dutch 400 problem, and as many queries for a page of 1 as for a page of 50."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.vergaderingen.models import Agendapunt, Vergadering
from tests import factories
from tests.oparl.conftest import BASE, all_pages, body_key, bouw_regio, validate
from tests.test_pages import count_queries


def _meetings(db, orgaan, n: int) -> list[Vergadering]:
    return [factories.vergadering(db, orgaan, start=datetime(2027, 3, 1, 18, tzinfo=UTC) + timedelta(days=i))
            for i in range(n)]


def test_pages_link_to_each_other_and_keep_the_filters(client, db, regio):
    _meetings(db, regio.raad_zeist, 6)
    since = "2020-01-01T00:00:00+01:00"
    url = f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings"
    first = client.get(url, params={"created_since": since, "limit": "3"}).json()
    assert first["pagination"] == {"totalElements": 7, "elementsPerPage": 3, "currentPage": 1, "totalPages": 3}
    assert "prev" not in first["links"]
    for name in ("first", "self", "next", "last"):
        query = parse_qs(urlsplit(first["links"][name]).query)
        assert query["created_since"] == [since] and query["limit"] == ["3"], name
    assert first["links"]["next"].startswith(f"{BASE}/bodies/")
    last = client.get(first["links"]["last"]).json()
    assert "next" not in last["links"] and len(last["data"]) == 1
    assert parse_qs(urlsplit(last["links"]["prev"]).query)["page"] == ["2"]
    # Following next from the first page gives every meeting once, in a stable order.
    everything = all_pages(client, first["links"]["first"])
    ids = [m["id"] for m in everything]
    assert len(ids) == 7 == len(set(ids))
    assert ids == sorted(ids, key=lambda i: int(i.rsplit("/", 1)[1]))


def test_the_standard_s_elements_per_page_works_as_limit(client, db, regio):
    _meetings(db, regio.raad_zeist, 3)
    page = client.get(f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings", params={"elementsPerPage": "2"}).json()
    assert page["pagination"]["elementsPerPage"] == 2 and len(page["data"]) == 2
    assert "elementsPerPage=2" in page["links"]["next"]


def test_ids_are_stable_across_requests(client, regio):
    url = f"/oparl/v1/bodies/{body_key(regio.regeling)}"
    first, second = client.get(url).json(), client.get(url).json()
    assert first == second
    for attribute in ("organization", "person", "meeting", "paper", "membership", "agendaItem", "consultation",
                      "file", "locationList"):
        assert [o["id"] for o in all_pages(client, first[attribute])] == [
            o["id"] for o in all_pages(client, second[attribute])]
    assert client.get(f"/oparl/v1/meetings/{regio.gezamenlijk.id}").json()["id"] == (
        f"{BASE}/meetings/{regio.gezamenlijk.id}")


def test_created_and_modified_filters(client, db, regio):
    old, new = _meetings(db, regio.raad_zeist, 2)
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    db.execute(sa.update(Vergadering).where(Vergadering.id == old.id)
               .values(created_at=long_ago, modified_at=long_ago + timedelta(days=1)))
    db.flush()
    url = f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings"

    def ids(**params) -> set[int]:
        response = client.get(url, params=params)
        assert response.status_code == 200, response.text
        return {int(m["id"].rsplit("/", 1)[1]) for m in response.json()["data"]}

    cut = "2021-01-01T00:00:00Z"
    assert old.id not in ids(created_since=cut) and new.id in ids(created_since=cut)
    assert ids(created_until=cut) == {old.id}
    assert ids(modified_until="2020-01-02T00:00:00+00:00") == {old.id}
    assert old.id not in ids(modified_since="2020-01-02T00:00:01+00:00")
    # A '+' the client forgot to encode arrives as a space: still read as the offset.
    assert client.get(f"{url}?created_until=2021-01-01T01:00:00+01:00").status_code == 200
    assert ids(created_since="2019-12-31T00:00:00", created_until="2020-01-01T12:00:00+00:00") == {old.id}


def test_deleted_objects_come_back_only_when_filtering_on_modified_since(client, db, regio):
    deleted = _meetings(db, regio.raad_zeist, 1)[0]
    punt = Agendapunt(vergadering_id=deleted.id, volgorde=1, titel="Weg")
    db.add(punt)
    db.flush()
    now = utcnow()
    for model, row in ((Vergadering, deleted), (Agendapunt, punt)):
        db.execute(sa.update(model).where(model.id == row.id).values(deleted_at=now, modified_at=now))
    db.flush()
    url = f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings"
    meeting_id = f"{BASE}/meetings/{deleted.id}"
    assert meeting_id not in {m["id"] for m in all_pages(client, url)}

    since = (now - timedelta(minutes=5)).isoformat()
    changed = {m["id"]: m for m in client.get(url, params={"modified_since": since}).json()["data"]}
    stub = changed[meeting_id]
    assert stub["deleted"] is True
    assert set(stub) == {"id", "type", "created", "modified", "deleted"}
    assert stub["type"] == "https://schema.oparl.org/1.1/Meeting"
    assert datetime.fromisoformat(stub["modified"]) >= now.replace(microsecond=0)
    validate(stub)
    # The live meetings are still there, in full.
    assert all("deleted" not in m for i, m in changed.items() if i != meeting_id)
    # The agenda item, too, is reported deleted; the deleted meeting's own address says it is deleted.
    items = client.get(f"/oparl/v1/bodies/{body_key(regio.zeist)}/agendaitems",
                       params={"modified_since": since}).json()["data"]
    assert {"id": f"{BASE}/agendaitems/{punt.id}", "deleted": True}.items() <= next(
        i for i in items if i["id"].endswith(f"/{punt.id}")).items()
    single = client.get(meeting_id)
    assert single.status_code == 200 and single.json()["deleted"] is True


@pytest.mark.parametrize(("params", "name"), [
    ({"created_since": "gisteren"}, "created_since"),
    ({"modified_since": "2026-13-01T00:00:00Z"}, "modified_since"),
    ({"modified_until": "2026-01-01T25:00:00Z"}, "modified_until"),
    ({"created_until": "1" * 100}, "created_until"),
    ({"created_since": "2026-01-01T00:00:00\x00"}, "created_since"),
    ({"limit": "0"}, "limit"),
    ({"limit": "-5"}, "limit"),
    ({"limit": "duizend"}, "limit"),
    ({"limit": "²"}, "limit"),
    ({"limit": "100000"}, "limit"),
    ({"limit": "000000000001000000000000000000"}, "limit"),
    ({"limit": "9" * 5000}, "limit"),
    ({"page": "0000000000010000000000000000000000"}, "page"),
    ({"elementsPerPage": "x"}, "elementsPerPage"),
    ({"page": "0"}, "page"),
    ({"page": "1.5"}, "page"),
    ({"created_since": "2026-02-01T00:00:00Z", "created_until": "2026-01-01T00:00:00Z"}, "created_since"),
])
@pytest.mark.parametrize("path", ["/oparl/v1/bodies", "/oparl/v1/bodies/{zeist}/papers"])
def test_a_bad_filter_is_a_dutch_400_problem(client, regio, params, name, path):
    response = client.get(path.format(zeist=body_key(regio.zeist)), params=params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] == "Ongeldig verzoek"
    assert problem["invalid-params"][0]["name"] == name
    assert name in problem["detail"]
    assert any(word in problem["detail"] for word in ("geldig", "getal", "ligt na"))


def test_a_page_past_the_end_is_empty_without_next(client, regio):
    page = client.get(f"/oparl/v1/bodies/{body_key(regio.zeist)}/meetings", params={"page": "9"}).json()
    assert page["data"] == [] and "next" not in page["links"]


def test_the_validator_does_refuse_what_breaks_the_schema(client, regio):
    meeting = client.get(f"/oparl/v1/meetings/{regio.gezamenlijk.id}").json()
    for broken in ({**meeting, "start": "2027-02-03T19:30:00"}, {**meeting, "cancelled": "nee"},
                   {**meeting, "type": "https://schema.oparl.org/1.0/Meeting"},
                   {**meeting, "agendaItem": [{"id": "x", "type": "https://schema.oparl.org/1.1/AgendaItem"}]}):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


LISTS = ("organizations", "persons", "memberships", "meetings", "agendaitems", "papers", "consultations", "files",
         "locations")


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("kind", ["gemeente", "regeling"])
def test_a_list_page_runs_as_many_queries_for_1_as_for_50_items(engine, app, db, name, kind):
    from fastapi.testclient import TestClient

    counts, lengths = [], []
    for n in (1, 50):
        nested = db.begin_nested()
        regio = bouw_regio(db)
        extra = [bouw_regio_extra(db, regio, i) for i in range(n - 1)]
        assert len(extra) == n - 1
        body = regio.zeist if kind == "gemeente" else regio.regeling
        url = f"/oparl/v1/bodies/{body_key(body)}/{name}"
        with TestClient(app, base_url="https://tussenruimte.test") as client:
            client.get(url)
            with count_queries(engine) as statements:
                response = client.get(url)
            assert response.status_code == 200
            lengths.append(len(response.json()["data"]))
        counts.append(len(statements))
        nested.rollback()
        db.expunge_all()
    assert lengths[1] > lengths[0], f"{name}: the bigger region did not give a longer list ({lengths})"
    assert counts[0] == counts[1], f"{name}: {counts[0]} queries with {lengths[0]} items, {counts[1]} with {lengths[1]}"


def bouw_regio_extra(db, regio, i: int):
    """One more of everything in the region's lists: an orgaan, a person with a seat, a meeting with a place and
    an agenda item, a voorstel handled by Zeist's council with a document."""
    from decimal import Decimal

    from app.organen.models import Lidmaatschap, Orgaan, Soort
    from app.voorstellen.models import Behandeling, BehandelingRol, Document, Voorstel, VoorstelFase

    commissie = Orgaan(slug=f"extra-{regio.zeist.id}-{i}", naam=f"Commissie {i}", soort=Soort.commissie,
                       gemeente_id=regio.zeist.id)
    db_orgaan = Orgaan(slug=f"extra-r-{regio.regeling.id}-{i}", naam=f"Bestuur {i}", soort=Soort.bestuur,
                       regeling_id=regio.regeling.id)
    db.add_all([commissie, db_orgaan])
    db.flush()
    fractie = factories.fractie(db, regio.zeist, naam=f"Partij {i}", zetels=1)
    persoon = factories.persoon(db, f"Persoon {i}", gemeente_id=regio.zeist.id)
    db.add_all([Lidmaatschap(persoon_id=persoon.id, orgaan_id=regio.ab.id, gemeente_id=regio.zeist.id,
                             stemgewicht=Decimal("1")),
                Lidmaatschap(persoon_id=persoon.id, orgaan_id=regio.raad_zeist.id, fractie_id=fractie.id)])
    meeting = factories.vergadering(db, regio.ab, regio.raad_zeist, locatie=f"Zaal {i}",
                                    start=datetime(2027, 5, 1, 18, tzinfo=UTC) + timedelta(days=i))
    punt = Agendapunt(vergadering_id=meeting.id, volgorde=1, titel=f"Punt {i}")
    db.add(punt)
    db.flush()
    voorstel = Voorstel(regeling_id=regio.regeling.id, titel=f"Voorstel {i}", fase=VoorstelFase.verzonden)
    db.add(voorstel)
    db.flush()
    db.add_all([Behandeling(voorstel_id=voorstel.id, orgaan_id=regio.raad_zeist.id, rol=BehandelingRol.zienswijze,
                            vergadering_id=meeting.id, agendapunt_id=punt.id),
                Document(voorstel_id=voorstel.id, titel=f"Bijlage {i}", url=f"https://example.nl/{i}.pdf")])
    db.flush()
    return meeting


def test_a_deleted_body_is_a_stub_in_the_list_with_modified_since_only(client, db, regio):
    from app.gemeenten.models import Gemeente

    now = utcnow()
    db.execute(sa.update(Gemeente).where(Gemeente.id == regio.utrecht.id).values(deleted_at=now, modified_at=now))
    db.flush()
    key = f"{BASE}/bodies/{body_key(regio.utrecht)}"
    assert key not in {b["id"] for b in all_pages(client, "/oparl/v1/bodies")}
    changed = {b["id"]: b for b in client.get("/oparl/v1/bodies", params={
        "modified_since": (now - timedelta(minutes=1)).isoformat()}).json()["data"]}
    assert changed[key]["deleted"] is True and "name" not in changed[key]
    assert client.get(key).json()["deleted"] is True


def test_a_gemeente_s_organisations_page_across_organen_and_fracties(client, db, regio):
    for naam in ("Partij A", "Partij B"):
        factories.fractie(db, regio.zeist, naam)
    url = f"/oparl/v1/bodies/{body_key(regio.zeist)}/organizations?limit=2"
    everything = all_pages(client, url)
    ids = [o["id"] for o in everything]
    assert len(ids) == len(set(ids)) == 5
    assert client.get(url).json()["pagination"]["totalElements"] == 5
    assert [o["organizationType"] for o in everything] == ["Gremium"] * 2 + ["Fraktion"] * 3


def test_a_change_to_an_embedded_object_is_a_change_to_its_parent(client, db, regio):
    """A client syncing meetings with modified_since must hear of a deleted agenda item: the meeting embeds it."""
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)
    meeting = regio.gezamenlijk
    db.execute(sa.update(Vergadering).where(Vergadering.id == meeting.id).values(modified_at=long_ago))
    db.execute(sa.update(Agendapunt).where(Agendapunt.id == regio.punt.id).values(modified_at=long_ago))
    db.flush()
    url = f"/oparl/v1/bodies/{body_key(regio.regeling)}/meetings"
    since = {"modified_since": "2021-01-01T00:00:00Z"}
    meeting_id = f"{BASE}/meetings/{meeting.id}"
    assert meeting_id not in {m["id"] for m in client.get(url, params=since).json()["data"]}

    now = utcnow()
    db.execute(sa.update(Agendapunt).where(Agendapunt.id == regio.punt.id).values(deleted_at=now, modified_at=now))
    db.flush()
    changed = {m["id"]: m for m in client.get(url, params=since).json()["data"]}
    assert datetime.fromisoformat(changed[meeting_id]["modified"]) == now.replace(microsecond=0)
    assert "agendaItem" not in changed[meeting_id]  # the deleted item is gone from the embedded agenda
    assert client.get(meeting_id).json() == changed[meeting_id]
    assert meeting_id not in {m["id"] for m in client.get(url, params={
        "modified_until": "2021-01-01T00:00:00Z"}).json()["data"]}
