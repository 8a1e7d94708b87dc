"""The iCalendar renderer, judged by what real parsers read back: Mozilla's ical.js (Thunderbird), icalendar and
recurring_ical_events. Most feeds are parsed by ical.js in one Node process (the ``read`` fixture)."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.feeds import ical
from tests.feeds import icaljs

AMS = ZoneInfo("Europe/Amsterdam")
STAMP = datetime(2026, 5, 1, 9, 15, 42, 987654, tzinfo=UTC)
URL = "https://tussenruimte.example.nl/vergaderingen/7"


def meeting(n: int = 1, **changes) -> ical.Meeting:
    start = changes.pop("start", datetime(2026, 6, 10, 19, 30, tzinfo=AMS))
    fields = dict(
        uid=f"vergadering-{n}@tussenruimte.example.nl",
        sequence=0,
        stamp=STAMP,
        start=start,
        end=start + timedelta(hours=3),
        summary="Gemeenteraad Utrecht",
        cancelled=False,
        url=f"https://tussenruimte.example.nl/vergaderingen/{n}",
        location="Stadhuis, Raadzaal",
        geo=None,
        online_url=None,
        description="1. Opening\n2. Vaststelling van de agenda",
    )
    return ical.Meeting(**(fields | changes))


def deadline(**changes) -> ical.Deadline:
    fields = dict(
        uid="termijn-zienswijze-3@tussenruimte.example.nl",
        sequence=1,
        stamp=STAMP,
        day=date(2026, 6, 30),
        summary="Zienswijze ontwerpbegroting 2027 GGD",
        description="Uiterste dag voor de zienswijze van de raad (art. 35, lid 1 Wgr).",
        url="https://tussenruimte.example.nl/regelingen/ggd",
    )
    return ical.Deadline(**(fields | changes))


def feed(*events: str, name: str = "Gemeente Utrecht", description: str = "Raad en commissies") -> bytes:
    return ical.render_calendar(
        name=name, description=description, url="https://tussenruimte.example.nl", events=events
    )


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


# Meetings around both clock changes of 2026 (29 March, 25 October) and in plain summer and winter, as
# (local wall time or a UTC instant, expected UTC instant).
TIMES = {
    "zomer": (datetime(2026, 7, 1, 19, 30, tzinfo=AMS), "2026-07-01T17:30:00.000Z"),
    "winter": (datetime(2026, 1, 15, 20, 0, tzinfo=AMS), "2026-01-15T19:00:00.000Z"),
    "voor-zomertijd": (datetime(2026, 3, 29, 1, 30, tzinfo=AMS), "2026-03-29T00:30:00.000Z"),
    "na-zomertijd": (datetime(2026, 3, 29, 3, 30, tzinfo=AMS), "2026-03-29T01:30:00.000Z"),
    "zomertijdsdag": (datetime(2026, 3, 29, 10, 0, tzinfo=AMS), "2026-03-29T08:00:00.000Z"),
    "wintertijdsdag": (datetime(2026, 10, 25, 10, 0, tzinfo=AMS), "2026-10-25T09:00:00.000Z"),
    "dubbel-uur-eerst": (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "2026-10-25T00:30:00.000Z"),
    "dubbel-uur-tweede": (datetime(2026, 10, 25, 1, 30, tzinfo=UTC), "2026-10-25T01:30:00.000Z"),
    "andere-zone": (datetime(2026, 12, 1, 13, 0, tzinfo=ZoneInfo("America/New_York")), "2026-12-01T18:00:00.000Z"),
}

TEXTS = {
    "scheiders": "Raad; commissie, en \\ de rest",
    "regels": "1. Opening\r\n2. Agenda\r3. Sluiting\n",
    "accenten": "Café — één ‘zienswijze’ über naïef 🎉👩‍👩‍👧 €",
    "stuurtekens": "a\x00b\x07c\td\x1be\x7ff",
}


def _switch_hours() -> list[datetime]:
    """Every half hour across both clock changes of 2025-2030, as UTC instants."""
    out = []
    for year in range(2025, 2031):
        for month in (3, 10):
            last_sunday = max(date(year, month, d) for d in range(25, 32) if date(year, month, d).weekday() == 6)
            base = datetime(last_sunday.year, month, last_sunday.day, tzinfo=UTC) - timedelta(hours=2)
            out += [base + timedelta(minutes=30 * k) for k in range(10)]
    return out


def _long(prefix: int) -> str:
    return "x" * prefix + "Agendapunt é 🎉 € ĳ " * 40


FEEDS = {
    "tijden": feed(*(ical.render_meeting(meeting(i, start=s)) for i, (s, _) in enumerate(TIMES.values()))),
    "wisselingen": feed(*(ical.render_meeting(meeting(i, start=s)) for i, s in enumerate(_switch_hours()))),
    "teksten": feed(
        *(ical.render_meeting(meeting(i, summary=t, location=t, description=t)) for i, t in enumerate(TEXTS.values())),
        name="Raad; commissie, \\ é",
        description="Regel 1\nRegel 2",
    ),
    "vouwen": feed(*(ical.render_meeting(meeting(i, summary=_long(i), description=_long(i))) for i in range(5))),
    "lang": feed(
        ical.render_meeting(meeting(1, description="Agendapunt met toelichting\n" * 1000)),
        ical.render_meeting(meeting(2, description="y" * 8000)),
        ical.render_meeting(meeting(3, description="z" * 7990, online_url="https://video.example.nl/live/3")),
        ical.render_meeting(meeting(4, description="é" * 20000)),
    ),
    "volledig": feed(
        ical.render_meeting(
            meeting(
                1,
                cancelled=True,
                sequence=3,
                geo=(52.090737, 5.12142),
                online_url="https://video.example.nl/live/1",
                categories=("raad", "commissie, bestuur"),
            )
        ),
        ical.render_meeting(meeting(2, location=None, online_url="https://video.example.nl/live/2", description="")),
        ical.render_meeting(meeting(3, location=None, description="")),
        ical.render_deadline(deadline()),
        ical.render_deadline(deadline(uid="termijn-4@tussenruimte.example.nl", day=date(2026, 12, 31), url=None)),
    ),
}
FEEDS["zonder-vtimezone"] = FEEDS["tijden"].replace(ical.VTIMEZONE.encode(), b"")


@pytest.fixture(scope="module")
def read() -> dict[str, dict]:
    if reason := icaljs.missing():
        pytest.skip(reason)
    return dict(zip(FEEDS, icaljs.parse_many(list(FEEDS.values())), strict=True))


def events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).walk("VEVENT")


def physical_lines(data: bytes) -> list[bytes]:
    assert data.endswith(b"\r\n")
    lines = data[:-2].split(b"\r\n")
    assert not any(b"\n" in line or b"\r" in line for line in lines), "a bare LF or CR"
    return lines


# Time zones


def test_times_resolve_to_amsterdam_with_the_right_instant(read):
    parsed = read["tijden"]["events"]
    for (name, (start, expected)), event in zip(TIMES.items(), parsed, strict=True):
        assert event["start"]["utc"] == expected, name
        assert event["end"]["utc"] == iso(start + timedelta(hours=3)), name
        zone = "UTC" if name.startswith("dubbel-uur") else "Europe/Amsterdam"
        assert event["start"]["tzid"] == zone, name
    assert read["tijden"]["timezones"] == ["Europe/Amsterdam"]
    assert parsed[0]["start"]["local"] == "2026-07-01T19:30:00"
    assert parsed[1]["start"]["local"] == "2026-01-15T20:00:00"


def test_the_vtimezone_agrees_with_the_zone_database_across_clock_changes(read):
    for moment, event in zip(_switch_hours(), read["wisselingen"]["events"], strict=True):
        assert event["start"]["utc"] == iso(moment)
        assert event["start"]["tzid"] in ("Europe/Amsterdam", "UTC")
    own = icalendar.Calendar.from_ical(FEEDS["wisselingen"]).walk("VTIMEZONE")[0].to_tz(lookup_tzid=False)
    days = [datetime(2025, 1, 1, 12, tzinfo=UTC) + timedelta(days=d) for d in range(6 * 366)]
    for moment in _switch_hours() + days:
        assert moment.astimezone(own).utcoffset() == moment.astimezone(AMS).utcoffset(), moment


def test_the_harness_sees_a_tzid_without_its_vtimezone_as_floating(read):
    assert {e["start"]["tzid"] for e in read["zonder-vtimezone"]["events"]} >= {"floating"}


def test_no_floating_times_for_timed_events(read):
    for name, data in FEEDS.items():
        if name == "zonder-vtimezone":
            continue
        for event in read[name]["events"]:
            assert event["start"]["is_date"] or event["start"]["tzid"] in ("Europe/Amsterdam", "UTC"), name
            assert event["end"]["is_date"] or event["end"]["tzid"] in ("Europe/Amsterdam", "UTC"), name
        for event in data.split(b"BEGIN:VEVENT")[1:]:
            assert not re.search(rb"^DT(START|END):\d{8}T\d{6}\r", event, re.M), name


def test_icalendar_and_recurring_ical_events_read_the_same_instants():
    cal = icalendar.Calendar.from_ical(FEEDS["tijden"])
    starts = [e.decoded("DTSTART") for e in cal.walk("VEVENT")]
    assert all(s.tzinfo is not None for s in starts)
    assert [iso(s) for s in starts] == [expected for _, expected in TIMES.values()]
    found = recurring_ical_events.of(cal).between(datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    # recurring_ical_events moves UTC times into X-WR-TIMEZONE and so loses which pass through the doubled hour
    # the second one was (it comes back as the first); every other time must come back exactly.
    got = {str(e["UID"]): iso(e["DTSTART"].dt) for e in found}
    for i, (name, (_, expected)) in enumerate(TIMES.items()):
        if name != "dubbel-uur-tweede":
            assert got[f"vergadering-{i}@tussenruimte.example.nl"] == expected, name
    assert len(got) == len(TIMES)


def test_naive_times_are_refused():
    with pytest.raises(ValueError):
        ical.render_meeting(meeting(start=datetime(2026, 6, 10, 19, 30)))


# Text


def test_text_round_trips_through_both_parsers(read):
    for name, event in zip(TEXTS, read["teksten"]["events"], strict=True):
        expected = ical.clean_text(TEXTS[name])
        assert event["summary"] == event["location"] == event["description"] == expected, name
    for name, event in zip(TEXTS, events(FEEDS["teksten"]), strict=True):
        expected = ical.clean_text(TEXTS[name])
        assert str(event["SUMMARY"]) == str(event["LOCATION"]) == str(event["DESCRIPTION"]) == expected, name
    assert ical.clean_text(TEXTS["regels"]) == "1. Opening\n2. Agenda\n3. Sluiting\n"
    assert ical.clean_text(TEXTS["stuurtekens"]) == "abc\tdef"


def test_escaping_on_the_wire():
    assert ical.escape_text("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"
    data = FEEDS["teksten"]
    assert b"SUMMARY:Raad\\; commissie\\, en \\\\ de rest\r\n" in data
    assert b"NAME:Raad\\; commissie\\, \\\\ \xc3\xa9\r\n" in data
    assert b"X-WR-CALDESC:Regel 1\\nRegel 2\r\n" in data


def test_lines_fold_at_75_octets_without_splitting_utf8():
    for name, data in FEEDS.items():
        for line in physical_lines(data):
            assert len(line) <= 75, (name, line)
            line.decode()  # each physical line is whole UTF-8 on its own
    folded = [line for line in physical_lines(FEEDS["vouwen"]) if line.startswith(b" ")]
    assert len(folded) > 20
    assert sum(len(line) >= 72 for line in physical_lines(FEEDS["vouwen"])) > 20  # lines are filled, not cut short


def test_folded_text_unfolds_to_the_original(read):
    for i, event in enumerate(read["vouwen"]["events"]):
        assert event["summary"] == event["description"] == _long(i)
    for i, event in enumerate(events(FEEDS["vouwen"])):
        assert str(event["SUMMARY"]) == _long(i)


def test_fold_edge_cases():
    assert ical.fold("A" * 75) == "A" * 75 + "\r\n"
    assert ical.fold("A" * 76) == "A" * 75 + "\r\n A\r\n"
    assert ical.fold("A" * 74 + "é") == "A" * 74 + "\r\n é\r\n"
    assert ical.fold("A" * 73 + "🎉") == "A" * 73 + "\r\n 🎉\r\n"


def test_description_is_cut_at_8000_characters_with_a_link_to_the_page(read):
    long, exact, online, wide = read["lang"]["events"]
    for event in (long, online, wide):
        assert len(event["description"]) <= ical.MAX_DESCRIPTION
        assert event["description"].endswith(f"\n… Volledige agenda: {event['url']}")
    assert long["description"].startswith("Agendapunt met toelichting\n")
    assert "\nAgendapunt met toelichting\n… Volledige" in long["description"]  # cut at a line end
    assert len(wide["description"]) == ical.MAX_DESCRIPTION
    assert exact["description"] == "y" * 8000
    assert online["description"].startswith("Online meekijken: https://video.example.nl/live/3\n\n")


# Event and calendar properties


def test_full_meeting(read):
    cancelled, online_only, plain, due, due_without_url = read["volledig"]["events"]
    assert cancelled["uid"] == "vergadering-1@tussenruimte.example.nl"
    assert cancelled["sequence"] == 3
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["summary"] == "GEANNULEERD: Gemeenteraad Utrecht"
    assert cancelled["url"] == "https://tussenruimte.example.nl/vergaderingen/1"
    assert cancelled["geo"] == [52.090737, 5.12142]
    assert cancelled["categories"] == ["raad", "commissie, bestuur"]
    assert cancelled["conference"] == {
        "uri": "https://video.example.nl/live/1",
        "params": {"feature": "VIDEO", "label": "Online meekijken"},
    }
    assert cancelled["location"] == "Stadhuis, Raadzaal / https://video.example.nl/live/1"
    assert cancelled["description"] == (
        "Online meekijken: https://video.example.nl/live/1\n\n1. Opening\n2. Vaststelling van de agenda"
    )
    assert cancelled["dtstamp"]["utc"] == cancelled["last_modified"]["utc"] == "2026-05-01T09:15:42.000Z"
    assert online_only["status"] == "CONFIRMED"
    assert online_only["summary"] == "Gemeenteraad Utrecht"
    assert online_only["location"] == "https://video.example.nl/live/2"
    assert online_only["description"] == "Online meekijken: https://video.example.nl/live/2"
    assert plain["location"] is None and plain["description"] is None and plain["conference"] is None
    assert plain["geo"] is None


def test_deadlines_are_all_day_and_transparent(read):
    due, without_url = read["volledig"]["events"][3:]
    assert due["start"] == {
        "tzid": "floating",
        "utc": "2026-06-30T00:00:00.000Z",
        "is_date": True,
        "local": "2026-06-30",
    }
    assert due["end"]["local"] == "2026-07-01" and due["end"]["is_date"]
    assert without_url["start"]["local"] == "2026-12-31" and without_url["end"]["local"] == "2027-01-01"
    assert due["transp"] == "TRANSPARENT"
    assert due["summary"] == "Zienswijze ontwerpbegroting 2027 GGD"
    assert "art. 35, lid 1 Wgr" in due["description"]
    assert due["url"] == "https://tussenruimte.example.nl/regelingen/ggd"
    assert without_url["url"] is None
    cal = icalendar.Calendar.from_ical(FEEDS["volledig"])
    on_the_day = recurring_ical_events.of(cal).at(date(2026, 6, 30))
    assert [str(e["UID"]) for e in on_the_day] == ["termijn-zienswijze-3@tussenruimte.example.nl"]
    assert on_the_day[0].decoded("DTSTART") == date(2026, 6, 30)


def test_calendar_properties(read):
    data = FEEDS["volledig"]
    lines = physical_lines(data)
    for line in [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//Tussenruimte//Tussenruimte//NL",
        b"CALSCALE:GREGORIAN",
        b"METHOD:PUBLISH",
        b"NAME:Gemeente Utrecht",
        b"X-WR-CALNAME:Gemeente Utrecht",
        b"DESCRIPTION:Raad en commissies",
        b"X-WR-CALDESC:Raad en commissies",
        b"URL:https://tussenruimte.example.nl",
        b"X-WR-TIMEZONE:Europe/Amsterdam",
        b"REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        b"X-PUBLISHED-TTL:PT1H",
        b"END:VCALENDAR",
    ]:
        assert line in lines, line
    assert lines[0] == b"BEGIN:VCALENDAR" and lines[-1] == b"END:VCALENDAR"
    calendar = read["volledig"]["calendar"]
    assert calendar["method"]["value"] == "PUBLISH"
    assert calendar["name"]["value"] == calendar["x-wr-calname"]["value"] == "Gemeente Utrecht"
    assert calendar["refresh-interval"]["value"] == calendar["x-published-ttl"]["value"] == "PT1H"
    assert read["volledig"]["components"] == ["vtimezone"] + ["vevent"] * 5
    cal = icalendar.Calendar.from_ical(data)
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    vtimezone = cal.walk("VTIMEZONE")[0]
    assert [c.name for c in vtimezone.subcomponents] == ["DAYLIGHT", "STANDARD"]
    assert all("RRULE" in c and "RDATE" not in c for c in vtimezone.subcomponents)


def test_never_an_alarm_or_a_cancel_method(read):
    for name, data in FEEDS.items():
        assert b"VALARM" not in data and b"METHOD:CANCEL" not in data, name
        assert all(event["components"] == [] for event in read[name]["events"]), name
        assert read[name]["calendar"]["method"]["value"] == "PUBLISH"


def test_identical_input_gives_identical_bytes():
    m = meeting(geo=(52.1, 5.1), online_url="https://video.example.nl/x", categories=("raad",))
    same = replace(m, stamp=STAMP.replace(microsecond=0).astimezone(AMS), start=m.start.astimezone(UTC))
    assert ical.render_meeting(m) == ical.render_meeting(same)
    assert feed(ical.render_meeting(m), ical.render_deadline(deadline())) == feed(
        ical.render_meeting(same), ical.render_deadline(deadline())
    )
    assert ical.render_meeting(m) != ical.render_meeting(replace(m, sequence=1))


def test_uris_cannot_break_the_line():
    rendered = ical.render_meeting(meeting(url="https://x.nl/a\r\nSTATUS:CANCELLED", online_url="https://v.nl/ b"))
    assert "\nSTATUS:CANCELLED" not in rendered
    assert "URL:https://x.nl/aSTATUS:CANCELLED\r\n" in rendered
    assert "LABEL=Online meekijken:https://v.nl/b\r\n" in rendered


# Any text survives both parsers unchanged (apart from the control characters the renderer drops).

TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from(" \t\r\n\\;,:\"\x00\u2028\ufeff"), max_size=300)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=20))
def test_arbitrary_text_round_trips(texts):
    if reason := icaljs.missing():
        pytest.skip(reason)
    data = feed(
        *(
            ical.render_meeting(meeting(i, summary=s, location=loc, description=d))
            for i, (s, loc, d) in enumerate(texts)
        )
    )
    for line in physical_lines(data):
        assert len(line) <= 75
        line.decode()
    parsed = icaljs.parse(data)["events"]
    ours = events(data)
    for (summary, location, description), js, py in zip(texts, parsed, ours, strict=True):
        for value, key in ((summary, "summary"), (location, "location"), (description, "description")):
            expected = ical.clean_text(value)
            if not expected:
                continue  # an empty LOCATION or DESCRIPTION is left out
            assert js[key] == expected, key
            assert str(py[key.upper()]) == expected, key
