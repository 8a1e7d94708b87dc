"""The feeds as calendar clients meet them: contents, stable identities, changes, cancellations, HTTP caching."""

from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime

import icalendar
import pytest
import recurring_ical_events
from sqlmodel import Session, select

from app.feeds import service
from app.feeds.service import FeedCache
from app.gemeenten.models import Persoon
from app.organen.models import Lidmaatschap, Orgaan, Soort
from app.vergaderingen.models import Agendapunt, Status
from app.vergaderingen.schemas import VergaderingUpdate
from app.vergaderingen.service import apply_changes, delete_meeting
from tests import factories
from tests.feeds import icaljs
from tests.test_api import bearer

pytestmark = pytest.mark.db

NOW = datetime.now(UTC).replace(microsecond=0)
SOON = (NOW + timedelta(days=20)).replace(hour=18, minute=30, second=0)


def events(body: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def region(db: Session):
    zeist, bunnik = factories.gemeente(db, "Zeist"), factories.gemeente(db, "Bunnik")
    elders = factories.gemeente(db, "Elders")
    regeling = factories.regeling(db, deelnemers=[zeist, bunnik], naam="Regio Test")
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    raad_zeist, raad_bunnik = factories.orgaan_of(db, zeist), factories.orgaan_of(db, bunnik)
    eigen = factories.vergadering(
        db, raad_zeist, start=SOON, naam="Raad Zeist", locatie="Raadhuis Zeist", breedtegraad=52.09, lengtegraad=5.23
    )
    samen = factories.vergadering(db, raad_zeist, raad_bunnik, start=SOON + timedelta(days=7), naam="Samen")
    bestuur = factories.vergadering(db, ab, start=SOON + timedelta(days=14), online_url="https://meet.example/ab")
    ander = factories.vergadering(db, factories.orgaan_of(db, elders), start=SOON, naam="Elders")
    db.add(Agendapunt(vergadering_id=eigen.id, volgorde=1, titel="Vaststelling begroting 2028; zienswijze"))
    db.flush()
    return {
        "zeist": zeist,
        "bunnik": bunnik,
        "elders": elders,
        "regeling": regeling,
        "ab": ab,
        "eigen": eigen,
        "samen": samen,
        "bestuur": bestuur,
        "ander": ander,
    }


def uid(meeting) -> str:
    return f"vergadering-{meeting.id}@tussenruimte.test"


def test_gemeente_feed_holds_its_raad_and_the_joint_bodies_once_each(client, region):
    response = client.get(f"/feeds/gemeenten/{region['zeist'].slug}.ics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"].startswith("inline")
    assert response.headers["cache-control"].startswith("public")
    found = events(response.content)
    assert set(found) == {uid(region["eigen"]), uid(region["samen"]), uid(region["bestuur"])}
    assert response.content.count(uid(region["samen"]).encode()) == 1

    eigen = found[uid(region["eigen"])]
    assert str(eigen["LOCATION"]) == "Raadhuis Zeist"
    assert eigen["GEO"].latitude == pytest.approx(52.09)
    assert str(eigen["URL"]) == f"https://tussenruimte.test/vergaderingen/{region['eigen'].id}"
    assert "Vaststelling begroting 2028; zienswijze" in str(eigen["DESCRIPTION"])
    bestuur = found[uid(region["bestuur"])]
    assert "https://meet.example/ab" in str(bestuur["LOCATION"]) + str(bestuur["DESCRIPTION"])
    assert "CONFERENCE" in bestuur


def every_kind_of_feed(db, region) -> list[str]:
    from app.feeds import selecties, tokens

    lid = factories.user(db, None, ("raadslid",))
    db.add(Lidmaatschap(persoon_id=lid.persoon_id, orgaan_id=region["ab"].id))
    db.flush()
    actor = factories_actor(db, lid)
    token = tokens.make_personal_token(db, actor=actor)
    bodies = [region["ab"].slug, factories.orgaan_of(db, region["bunnik"]).slug]
    selectie = selecties.save_selection(db, actor=actor, orgaan_slugs=bodies)
    return [f"/feeds/gemeenten/{region['zeist'].slug}.ics", f"/feeds/regelingen/{region['regeling'].slug}.ics",
            f"/feeds/organen/{region['ab'].slug}.ics", f"/feeds/persoonlijk/{token}.ics",
            f"/feeds/selecties/{selectie.id}.ics", f"/feeds/termijnen/regelingen/{region['regeling'].slug}.ics",
            f"/feeds/termijnen/gemeenten/{region['zeist'].slug}.ics"]


def test_every_kind_of_feed_is_read_by_icaljs_with_real_time_zones(client, db, region):
    paths = every_kind_of_feed(db, region)
    bodies = [client.get(p).content for p in paths]
    for path, parsed in zip(paths, icaljs.parse_many(bodies), strict=True):
        assert parsed["events"], path
        assert parsed["calendar"]["method"]["value"] == "PUBLISH"
        assert parsed["calendar"]["refresh-interval"]["value"] == "PT1H"
        for event in parsed["events"]:
            if event["start"]["is_date"]:
                assert "Bron: " in event["description"], path
                continue
            assert event["start"]["tzid"] in ("Europe/Amsterdam", "UTC"), (path, event)
            assert event["end"]["tzid"] in ("Europe/Amsterdam", "UTC"), (path, event)
    samen = next(e for e in icaljs.parse(bodies[0])["events"] if e["uid"] == uid(region["samen"]))
    assert datetime.fromisoformat(samen["start"]["utc"]) == region["samen"].start


def test_recurring_ical_events_reads_every_kind_of_feed(client, db, region):
    for path in every_kind_of_feed(db, region):
        calendar = icalendar.Calendar.from_ical(client.get(path).content)
        found = recurring_ical_events.of(calendar).between(NOW - timedelta(days=200), NOW + timedelta(days=560))
        assert {str(e["UID"]) for e in found} == {str(e["UID"]) for e in calendar.walk("VEVENT")}, path


def test_recurring_ical_events_sees_every_meeting_in_the_window(client, region):
    body = client.get(f"/feeds/gemeenten/{region['zeist'].slug}.ics").content
    between = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(NOW, NOW + timedelta(days=60))
    assert {str(e["UID"]) for e in between} == {uid(region[k]) for k in ("eigen", "samen", "bestuur")}
    for e in between:
        assert e["DTSTART"].dt.tzinfo is not None


def test_unchanged_data_gives_identical_bytes_and_no_rendering(client, app, db, region):
    path = f"/feeds/gemeenten/{region['zeist'].slug}.ics"
    first = client.get(path)
    rendered = app.state.feed_cache.rendered
    # A change elsewhere moves the counter: the composition is checked again, nothing is rendered anew.
    factories.vergadering(db, factories.orgaan_of(db, region["elders"]), start=SOON)
    second = client.get(path)
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert second.headers["last-modified"] == first.headers["last-modified"]
    assert app.state.feed_cache.rendered == rendered


def test_an_edit_keeps_the_uid_raises_sequence_and_changes_etag_and_last_modified(client, app, db, region):
    path = f"/feeds/gemeenten/{region['zeist'].slug}.ics"
    before = client.get(path)
    rendered = app.state.feed_cache.rendered
    meeting = region["eigen"]
    apply_changes(
        db,
        meeting,
        versie=meeting.versie,
        changes={"start": SOON + timedelta(hours=1), "einde": SOON + timedelta(hours=4)},
    )
    after = client.get(path)
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) > parsedate_to_datetime(
        before.headers["last-modified"]
    )
    old, new = events(before.content)[uid(meeting)], events(after.content)[uid(meeting)]
    assert int(new["SEQUENCE"]) == int(old["SEQUENCE"]) + 1
    assert new["DTSTART"].dt == SOON + timedelta(hours=1)
    assert app.state.feed_cache.rendered == rendered + 1  # only the changed meeting
    parsed = {e["uid"]: e for e in icaljs.parse(after.content)["events"]}
    assert parsed[uid(meeting)]["sequence"] == int(old["SEQUENCE"]) + 1


def test_a_new_agenda_item_changes_the_description_but_not_the_sequence(client, db, region):
    path = f"/feeds/organen/{factories.orgaan_of(db, region['zeist']).slug}.ics"
    before = events(client.get(path).content)[uid(region["samen"])]
    punt = Agendapunt(vergadering_id=region["samen"].id, volgorde=1, titel="Woondeal regio")
    db.add(punt)
    db.flush()
    after = events(client.get(path).content)[uid(region["samen"])]
    assert "Woondeal regio" in str(after["DESCRIPTION"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"])
    assert after["DTSTAMP"].dt == after["LAST-MODIFIED"].dt == punt.modified_at.replace(microsecond=0)

    # Taking the item off again leaves it out, and the stamp does not go back.
    punt.deleted_at = punt.modified_at = datetime.now(UTC)
    db.flush()
    gone = events(client.get(path).content)[uid(region["samen"])]
    assert "Woondeal regio" not in str(gone["DESCRIPTION"])
    assert gone["DTSTAMP"].dt == punt.modified_at.replace(microsecond=0) >= after["DTSTAMP"].dt


def test_a_cancelled_meeting_stays_marked_for_thirty_days_then_goes(client, db, settings, region):
    path = f"/feeds/gemeenten/{region['zeist'].slug}.ics"
    before = client.get(path)
    meeting = region["eigen"]
    apply_changes(db, meeting, versie=meeting.versie, changes={"status": Status.geannuleerd})
    after = client.get(path)
    assert after.headers["etag"] != before.headers["etag"]
    event = events(after.content)[uid(meeting)]
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]).startswith("GEANNULEERD: ")
    assert b"METHOD:CANCEL" not in after.content
    assert next(e for e in icaljs.parse(after.content)["events"] if e["uid"] == uid(meeting))["status"] == "CANCELLED"

    cache = FeedCache()
    later = datetime.now(UTC) + timedelta(days=settings.feed_annulering_dagen + 1)
    gone = service.serve(db, settings, cache, "gemeente", region["zeist"].slug, now=later)
    assert uid(meeting) not in events(gone.body)
    assert uid(region["samen"]) in events(gone.body)


def test_a_deleted_meeting_leaves_the_feed_and_changes_etag_and_last_modified(client, db, region):
    path = f"/feeds/gemeenten/{region['zeist'].slug}.ics"
    before = client.get(path)
    token = bearer(db, ("beheerder",))
    meeting = region["bestuur"]
    assert client.delete(f"/api/v1/vergaderingen/{meeting.id}", headers=token).status_code == 204
    after = client.get(path)
    assert uid(meeting) not in events(after.content)
    assert after.headers["etag"] != before.headers["etag"]
    assert after.headers["last-modified"] != before.headers["last-modified"]
    # A client that saw the old version revalidates and gets the new one.
    again = client.get(path, headers={"If-Modified-Since": before.headers["last-modified"]})
    assert again.status_code == 200


def test_conditional_requests_and_head(client, region):
    path = f"/feeds/regelingen/{region['regeling'].slug}.ics"
    full = client.get(path)
    etag, modified = full.headers["etag"], full.headers["last-modified"]
    assert etag.startswith('"') and not etag.startswith("W/")
    assert parsedate_to_datetime(modified).microsecond == 0

    assert client.get(path, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(path, headers={"If-None-Match": f'"x", W/{etag}'}).status_code == 304
    assert client.get(path, headers={"If-None-Match": '"anders"'}).status_code == 200
    # If-None-Match decides when both are sent.
    assert client.get(path, headers={"If-None-Match": '"anders"', "If-Modified-Since": modified}).status_code == 200
    not_modified = client.get(path, headers={"If-Modified-Since": modified})
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified.headers["etag"] == etag
    earlier = format_datetime(parsedate_to_datetime(modified) - timedelta(seconds=1), usegmt=True)
    assert client.get(path, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(path, headers={"If-Modified-Since": "gisteren"}).status_code == 200

    head = client.head(path)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == etag
    assert int(head.headers["content-length"]) == len(full.content)


def test_unknown_feeds_are_404(client):
    for path in (
        "/feeds/gemeenten/nergens.ics",
        "/feeds/regelingen/nergens.ics",
        "/feeds/organen/nergens.ics",
        "/feeds/termijnen/gemeenten/nergens.ics",
        "/feeds/selecties/aaaaaaaaaa.ics",
        "/feeds/persoonlijk/" + "x" * 43 + ".ics",
        "/feeds/persoonlijk/kort.ics",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "x" * 43 not in response.text  # a token is never echoed


def test_window_from_six_months_back_to_eighteen_ahead(client, db, region):
    raad = factories.orgaan_of(db, region["bunnik"])
    inside = [
        factories.vergadering(db, raad, start=NOW - timedelta(days=170)),
        factories.vergadering(db, raad, start=NOW + timedelta(days=520)),
    ]
    outside = [
        factories.vergadering(db, raad, start=NOW - timedelta(days=200)),
        factories.vergadering(db, raad, start=NOW + timedelta(days=560)),
    ]
    found = events(client.get(f"/feeds/organen/{raad.slug}.ics").content)
    assert all(uid(m) in found for m in inside)
    assert not any(uid(m) in found for m in outside)


def test_a_feed_over_the_limit_keeps_the_meetings_nearest_today(db, settings, region, monkeypatch):
    raad = factories.orgaan_of(db, region["bunnik"])
    for days in range(-150, 500, 10):
        factories.vergadering(db, raad, start=NOW + timedelta(days=days), naam="X" * 150)
    full = service.serve(db, settings, FeedCache(), "orgaan", raad.slug)
    monkeypatch.setattr(service, "MAX_BYTES", len(full.body) // 2)
    monkeypatch.setattr(service, "CHUNK", 5)
    cache = FeedCache()
    cut = service.serve(db, settings, cache, "orgaan", raad.slug)
    assert len(cut.body) <= len(full.body) // 2
    assert cache.rendered < full.body.count(b"BEGIN:VEVENT")  # what cannot fit is not even rendered
    starts = [e["DTSTART"].dt for e in icalendar.Calendar.from_ical(cut.body).walk("VEVENT")]
    assert starts == sorted(starts)
    kept = [e["DTSTART"].dt for e in events(cut.body).values()]
    dropped = [e["DTSTART"].dt for e in events(full.body).values() if e["DTSTART"].dt not in kept]
    assert kept and dropped
    assert max(abs(d - NOW) for d in kept) <= min(abs(d - NOW) for d in dropped) + timedelta(days=1)


def test_two_workers_stay_correct_each_with_its_own_cache(db, settings, region):
    one, two = FeedCache(), FeedCache()
    slug = region["zeist"].slug
    a = service.serve(db, settings, one, "gemeente", slug)
    assert service.serve(db, settings, two, "gemeente", slug).etag == a.etag
    meeting = region["samen"]
    apply_changes(db, meeting, versie=meeting.versie, changes={"locatie": "Dorpshuis"})
    assert service.serve(db, settings, one, "gemeente", slug).etag != a.etag
    assert service.serve(db, settings, two, "gemeente", slug).etag != a.etag
    assert b"Dorpshuis" in service.serve(db, settings, two, "gemeente", slug).body


def test_a_restart_builds_the_same_bytes(db, settings, region):
    slug = region["regeling"].slug
    assert (
        service.serve(db, settings, FeedCache(), "regeling", slug).body
        == service.serve(db, settings, FeedCache(), "regeling", slug).body
    )


def test_personal_feed(client, db, region):
    from app.feeds import tokens

    lid = factories.user(db, None, ("raadslid",))
    persoon = db.get(Persoon, lid.persoon_id)
    persoon.gemeente_id = region["bunnik"].id
    db.add(Lidmaatschap(persoon_id=persoon.id, orgaan_id=region["ab"].id, start=date(2020, 1, 1)))
    db.flush()
    token = tokens.make_personal_token(db, actor=factories_actor(db, lid))
    response = client.get(f"/feeds/persoonlijk/{token}.ics")
    assert response.status_code == 200
    assert response.headers["cache-control"].startswith("private")
    assert set(events(response.content)) == {uid(region["samen"]), uid(region["bestuur"])}

    tokens.revoke_personal_token(db, actor=factories_actor(db, lid))
    assert client.get(f"/feeds/persoonlijk/{token}.ics").status_code == 404


def factories_actor(db, user):
    from app.accounts import service as accounts

    return accounts.actor_for(db, user.id, generation=user.sessie_generatie)


def test_the_access_log_never_shows_a_private_token():
    import logging

    from app.feeds.routes import RedactFeedTokens

    token = "AbCdEf" + "g" * 37
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", f"/feeds/persoonlijk/{token}.ics", "1.1", 200),
        None,
    )
    RedactFeedTokens().filter(record)
    line = record.getMessage()
    assert token not in line and "g" * 10 not in line
    assert "/feeds/persoonlijk/AbCdEf…" in line
    assert any(isinstance(f, RedactFeedTokens) for f in logging.getLogger("uvicorn.access").filters)


@pytest.mark.parametrize("pad", ["/inspreken/bevestigen", "/inspreken/afmelden"])
def test_the_access_log_never_shows_a_speakers_link(pad):
    import logging

    from app.feeds.routes import RedactFeedTokens

    token = "XyZ-_1" + "h" * 37
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5000", "POST", f"{pad}/{token}", "1.1", 303), None)
    RedactFeedTokens().filter(record)
    line = record.getMessage()
    assert token not in line and f"{pad}/XyZ-_1…" in line


def test_deadline_feed_names_the_legal_source_of_each_day(client, region):
    body = client.get(f"/feeds/termijnen/regelingen/{region['regeling'].slug}.ics").content
    found = list(icalendar.Calendar.from_ical(body).walk("VEVENT"))
    assert found
    for event in found:
        assert isinstance(event["DTSTART"].dt, date) and not isinstance(event["DTSTART"].dt, datetime)
        assert "Bron: " in str(event["DESCRIPTION"])
    assert any("Wgr art. 35" in str(e["DESCRIPTION"]) for e in found)


def test_an_edit_through_the_api_is_seen_at_once(client, db, region):
    path = f"/feeds/organen/{region['ab'].slug}.ics"
    before = client.get(path)
    meeting = region["bestuur"]
    headers = bearer(db, ("beheerder",))
    patch = client.patch(
        f"/api/v1/vergaderingen/{meeting.id}",
        headers=headers,
        json=VergaderingUpdate(versie=meeting.versie, locatie="Provinciehuis").model_dump(exclude_unset=True),
    )
    assert patch.status_code == 200, patch.text
    after = client.get(path, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "Provinciehuis" in str(events(after.content)[uid(meeting)]["LOCATION"])


def test_a_cancellation_moves_last_modified(db, settings, region):
    cache = FeedCache()
    before = service.serve(db, settings, cache, "orgaan", region["ab"].slug)
    meeting = region["bestuur"]
    apply_changes(db, meeting, versie=meeting.versie, changes={"status": Status.geannuleerd})
    after = service.serve(db, settings, cache, "orgaan", region["ab"].slug)
    assert after.etag != before.etag
    assert after.last_modified > before.last_modified


def test_delete_meeting_service_also_changes_feed(db, settings, region):
    cache = FeedCache()
    before = service.serve(db, settings, cache, "orgaan", region["ab"].slug)
    meeting = region["bestuur"]
    actor = factories_actor(db, factories.user(db, None, ("beheerder",)))
    delete_meeting(db, actor=actor, meeting_id=meeting.id)
    after = service.serve(db, settings, cache, "orgaan", region["ab"].slug)
    assert after.etag != before.etag
    assert after.last_modified > before.last_modified


def test_soorten_in_categories(client, region):
    event = events(client.get(f"/feeds/organen/{region['ab'].slug}.ics").content)[uid(region["bestuur"])]
    assert Soort.algemeen_bestuur.value in str(event["CATEGORIES"].to_ical())


def test_the_place_of_a_meeting_is_given_as_a_pair_and_reaches_the_feed(client, db, region):
    headers = bearer(db, ("beheerder",))
    meeting = region["samen"]
    half = client.patch(
        f"/api/v1/vergaderingen/{meeting.id}", headers=headers, json={"versie": meeting.versie, "breedtegraad": 52.0}
    )
    assert half.status_code == 422
    assert "lengtegraad" in half.text
    out_of_range = client.patch(
        f"/api/v1/vergaderingen/{meeting.id}",
        headers=headers,
        json={"versie": meeting.versie, "breedtegraad": 95.0, "lengtegraad": 5.0},
    )
    assert out_of_range.status_code == 422
    before = events(client.get(f"/feeds/gemeenten/{region['zeist'].slug}.ics").content)[uid(meeting)]
    both = client.patch(
        f"/api/v1/vergaderingen/{meeting.id}",
        headers=headers,
        json={"versie": meeting.versie, "breedtegraad": 52.1, "lengtegraad": 5.12},
    )
    assert both.status_code == 200, both.text
    assert both.json()["breedtegraad"] == 52.1
    after = events(client.get(f"/feeds/gemeenten/{region['zeist'].slug}.ics").content)[uid(meeting)]
    assert (after["GEO"].latitude, after["GEO"].longitude) == (52.1, 5.12)
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1  # a new place is a change clients must see


def test_the_counter_moves_with_what_a_feed_shows_and_not_with_logins(db, region):
    from app.accounts.models import Gebruiker

    def moved(change) -> bool:
        before = service.read_stand(db)
        change()
        db.flush()
        return service.read_stand(db) > before

    user = factories.user(db)
    gemeente, meeting = region["zeist"], region["eigen"]
    assert moved(lambda: setattr(gemeente, "naam", "Zeist (U)"))
    assert moved(lambda: setattr(region["ab"], "naam", "AB"))
    assert moved(lambda: db.add(Agendapunt(vergadering_id=meeting.id, volgorde=2, titel="Rondvraag")))
    assert moved(lambda: setattr(db.get(Gebruiker, user.id), "actief", False))
    assert not moved(lambda: setattr(db.get(Gebruiker, user.id), "laatst_ingelogd", NOW))


def last_modified(response) -> datetime:
    return parsedate_to_datetime(response.headers["last-modified"])


def changed_since(client, path: str, before) -> bool:
    """The feed changed for a client that revalidates by ETag, and for one that revalidates by date."""
    by_tag = client.get(path, headers={"If-None-Match": before.headers["etag"]}).status_code == 200
    by_date = client.get(path, headers={"If-Modified-Since": before.headers["last-modified"]}).status_code == 200
    return by_tag and by_date


def test_every_change_of_the_bytes_moves_last_modified_even_within_one_second(client, db, region):
    path = f"/feeds/organen/{region['ab'].slug}.ics"
    meeting = region["bestuur"]
    seen = [client.get(path)]
    for locatie in ("Zaal 1", "Zaal 2", "Zaal 3"):  # three edits, well within a second or two
        apply_changes(db, meeting, versie=meeting.versie, changes={"locatie": locatie})
        assert changed_since(client, path, seen[-1])
        seen.append(client.get(path))
    modified = [last_modified(r) for r in seen]
    assert modified == sorted(set(modified))  # strictly rising
    assert client.get(path, headers={"If-Modified-Since": seen[-1].headers["last-modified"]}).status_code == 304


def test_the_same_bytes_have_one_date_in_every_worker_even_after_a_change_is_undone(db, settings, region):
    one, two, slug = FeedCache(), FeedCache(), region["ab"].slug
    before = service.serve(db, settings, one, "orgaan", slug)
    extra = factories.vergadering(db, region["ab"], start=SOON + timedelta(days=3))
    added = service.serve(db, settings, two, "orgaan", slug)
    assert added.last_modified > before.last_modified
    extra.deleted_at = extra.modified_at = datetime.now(UTC)
    db.flush()
    # The first worker's copy has these very bytes, but a client holding the other version must get them.
    undone = service.serve(db, settings, one, "orgaan", slug)
    assert undone.etag == before.etag
    assert undone.last_modified > added.last_modified
    assert service.serve(db, settings, two, "orgaan", slug).last_modified == undone.last_modified
    started = service.serve(db, settings, FeedCache(), "orgaan", slug)  # a worker that has just started
    assert (started.etag, started.last_modified) == (undone.etag, undone.last_modified)


def test_a_meeting_moved_to_another_body_leaves_the_first_feed_for_every_client(client, db, region):
    path = f"/feeds/organen/{region['ab'].slug}.ics"
    before = client.get(path)
    meeting = region["bestuur"]
    apply_changes(db, meeting, versie=meeting.versie, changes={},
                  organen=[factories.orgaan_of(db, region["bunnik"])])
    assert changed_since(client, path, before)
    assert uid(meeting) not in events(client.get(path).content)


def test_a_meeting_moved_out_of_the_window_leaves_the_feed_for_every_client(client, db, region):
    path = f"/feeds/organen/{region['ab'].slug}.ics"
    before = client.get(path)
    meeting = region["bestuur"]
    far = NOW + timedelta(days=800)
    apply_changes(db, meeting, versie=meeting.versie, changes={"start": far, "einde": far + timedelta(hours=2)})
    assert changed_since(client, path, before)
    assert uid(meeting) not in events(client.get(path).content)


def test_deadline_feeds_follow_voorstellen_and_their_handling(client, db, region):
    from app.voorstellen.models import Behandeling, BehandelingRol, Voorstel, VoorstelSoort

    path = f"/feeds/termijnen/regelingen/{region['regeling'].slug}.ics"
    voorstel = Voorstel(regeling_id=region["regeling"].id, titel="Ontwerpbegroting", soort=VoorstelSoort.begroting,
                        uiterlijk=(NOW + timedelta(days=40)).date())
    db.add(voorstel)
    db.flush()
    before = client.get(path)
    found = events(before.content)[f"voorstel-{voorstel.id}@tussenruimte.test"]
    assert "Bron: Wgr art. 35 lid 3" in str(found["DESCRIPTION"])

    stand = service.read_stand(db)
    db.add(Behandeling(voorstel_id=voorstel.id, orgaan_id=region["ab"].id, vergadering_id=region["bestuur"].id,
                       rol=BehandelingRol.besluit))
    db.flush()
    assert service.read_stand(db) > stand  # which meeting adopts the budget sets the P&C dates

    voorstel.deleted_at = voorstel.modified_at = datetime.now(UTC)
    db.flush()
    assert changed_since(client, path, before)
    assert f"voorstel-{voorstel.id}@tussenruimte.test" not in events(client.get(path).content)


def test_a_draft_voorstel_keeps_its_deadline_out_of_the_public_feed(client, db, region):
    from app.voorstellen.models import Voorstel, VoorstelFase, VoorstelSoort

    path = f"/feeds/termijnen/regelingen/{region['regeling'].slug}.ics"
    voorstel = Voorstel(regeling_id=region["regeling"].id, titel="Ontwerpbegroting (concept)",
                        soort=VoorstelSoort.begroting, fase=VoorstelFase.concept,
                        uiterlijk=(NOW + timedelta(days=40)).date())
    db.add(voorstel)
    db.flush()
    assert f"voorstel-{voorstel.id}@tussenruimte.test" not in events(client.get(path).content)
    voorstel.fase = VoorstelFase.verzonden  # sent to the councils: now public
    db.flush()
    assert f"voorstel-{voorstel.id}@tussenruimte.test" in events(client.get(path).content)


def test_a_nul_in_a_feed_address_is_refused_not_an_error(client):
    for path in ("/feeds/gemeenten/a%00b.ics", "/feeds/organen/a%00b.ics", "/feeds/persoonlijk/a%00b.ics"):
        assert client.get(path).status_code == 422, path


def test_an_error_on_a_private_feed_logs_no_token(app, db, monkeypatch, caplog):
    from fastapi.testclient import TestClient

    def broken(*args, **kwargs):
        raise RuntimeError("stuk")

    monkeypatch.setattr(service, "serve", broken)
    token = "Zx9" * 14 + "q"
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get(f"/feeds/persoonlijk/{token}.ics").status_code == 500
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "/feeds/persoonlijk/Zx9Zx9…" in logged
    assert token not in logged and token[6:] not in logged


def test_memberships_count_from_their_first_to_their_last_day(db, settings, region):
    from app.feeds import tokens

    lid = factories.user(db, None, ("raadslid",))
    today = datetime.now(settings.tz).date()
    for orgaan, start, einde in ((region["ab"], today - timedelta(days=30), today - timedelta(days=1)),
                                 (factories.orgaan_of(db, region["bunnik"]), today + timedelta(days=1), None)):
        db.add(Lidmaatschap(persoon_id=lid.persoon_id, orgaan_id=orgaan.id, start=start, einde=einde))
    db.flush()
    token = tokens.make_personal_token(db, actor=factories_actor(db, lid))
    assert events(service.serve(db, settings, FeedCache(), "persoonlijk", token).body) == {}
    tomorrow = datetime.now(UTC) + timedelta(days=1)
    found = events(service.serve(db, settings, FeedCache(), "persoonlijk", token, now=tomorrow).body)
    assert set(found) == {uid(region["samen"])}


def test_a_worker_trusts_the_counter_only_for_its_time_to_live(db, settings, region, monkeypatch):
    cache = FeedCache(stand_ttl=10)
    slug = region["zeist"].slug
    first = service.serve(db, settings, cache, "gemeente", slug)
    assert service.cached(settings, cache, "gemeente", slug) is first
    assert service.cached(settings, cache, "gemeente", "elders") is None
    meeting = region["eigen"]
    apply_changes(db, meeting, versie=meeting.versie, changes={"locatie": "Elders"})
    clock = service.clock.monotonic() + 11
    monkeypatch.setattr(service.clock, "monotonic", lambda: clock)
    assert service.cached(settings, cache, "gemeente", slug) is None  # too old: the next request reads the counter
    assert service.serve(db, settings, cache, "gemeente", slug).etag != first.etag


def test_every_watched_table_has_its_trigger(db):
    import importlib.util
    from pathlib import Path

    watched = set()  # every table a migration declares watched: 0003 the first, later ones their own
    for migration in sorted((Path(__file__).parents[2] / "migrations" / "versions").glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"migration_{migration.stem}", migration)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        watched |= {*getattr(module, "WATCHED", ()), *getattr(module, "WATCHED_COLUMNS", {}),
                    *getattr(module, "FEED_WATCHED", ()), *getattr(module, "STAND_WATCHED", ())}
    if db.get_bind().dialect.name == "postgresql":
        query = "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid " \
                "WHERE t.tgname LIKE 'feedstand_%'"
    else:
        query = "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feedstand_%'"
    tables = {row[0] for row in db.execute(service.sa.text(query))}
    assert tables == watched
    assert {"vergadering", "vergaderingorgaan", "agendapunt", "behandeling", "inspreekverzoek", "reces"} <= tables
