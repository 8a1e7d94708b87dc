"""iCalendar (RFC 5545, with the RFC 7986 calendar properties) for subscribed feeds: plain string building.

Choices, each for a client that gets the alternative wrong:
- Timed events are written as Dutch wall-clock time, ``DTSTART;TZID=Europe/Amsterdam:...``, and the calendar carries
  its VTIMEZONE as one STANDARD and one DAYLIGHT rule with yearly RRULEs (the EU rule since 1996; the feed window
  never reaches further back). Outlook misreads RDATE-style definitions, a TZID without its VTIMEZONE shifts
  events, and floating times move with the reader's own zone. The hour the clocks go back occurs twice; RFC 5545
  reads such a local time as the first pass, ical.js (Thunderbird) as the second, so times in it are written in UTC.
- ``DTSTAMP`` and ``LAST-MODIFIED`` both come from the caller's change stamp, never from "now": unchanged data
  yields identical bytes, and so the same ETag.
- A cancelled meeting stays as ``STATUS:CANCELLED`` with a marked summary; the feed is always ``METHOD:PUBLISH``
  (``METHOD:CANCEL`` belongs to scheduling messages, not to feeds).
- No VALARM: clients strip or ignore alarms in subscriptions, and the reader sets their own reminders.
- Most clients ignore ``CONFERENCE``, so the online link also goes into LOCATION and DESCRIPTION.
- TEXT escapes backslash, semicolon, comma and newline (3.3.11); other control characters except tab are dropped
  (CR and CRLF become a newline). Lines fold at 75 octets, never inside a UTF-8 sequence (3.1), and end in CRLF.
- Descriptions are cut at 8,000 characters, ending on a line that points to the meeting page for the full agenda.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

TIMEZONE = "Europe/Amsterdam"
MAX_DESCRIPTION = 8000
PRODID = "-//Tussenruimte//Tussenruimte//NL"
CANCELLED_PREFIX = "GEANNULEERD: "
ONLINE_LABEL = "Online meekijken"

_ZONE = ZoneInfo(TIMEZONE)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff]")  # and lone surrogates: not encodable
_URI_UNSAFE = re.compile(r"[\x00-\x20\x7f]")
_D2 = [f"{i:02d}" for i in range(100)]  # two-digit fields, looked up rather than formatted

VTIMEZONE = (
    "BEGIN:VTIMEZONE\r\n"
    f"TZID:{TIMEZONE}\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZOFFSETFROM:+0100\r\n"
    "TZOFFSETTO:+0200\r\n"
    "TZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"
    "END:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\n"
    "TZOFFSETFROM:+0200\r\n"
    "TZOFFSETTO:+0100\r\n"
    "TZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\n"
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\n"
    "END:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)


@dataclass(frozen=True, slots=True)
class Meeting:
    """One timed event. ``cancelled`` marks the summary and the status; the renderer adds the marking."""

    uid: str
    sequence: int
    stamp: datetime
    start: datetime
    end: datetime
    summary: str
    cancelled: bool
    url: str
    location: str | None
    geo: tuple[float, float] | None
    online_url: str | None
    description: str
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Deadline:
    """One all-day event; ``description`` names the legal source of the deadline."""

    uid: str
    sequence: int
    stamp: datetime
    day: date
    summary: str
    description: str
    url: str | None


def clean_text(value: str) -> str:
    """The text as a reader gets it back: CR and CRLF become a newline; other control characters but tab go."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11) from plain text."""
    if value.isprintable():  # no control character, no newline: only the three characters to escape
        return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return clean_text(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _uri(value: str) -> str:
    """A URI value without the whitespace and control characters that would break the line."""
    if value.isprintable() and " " not in value:
        return value
    return _URI_UNSAFE.sub("", value)


def fold(line: str) -> str:
    """One content line with its CRLF, folded so that no line exceeds 75 octets and no UTF-8 sequence is split."""
    if line.isascii():
        if len(line) <= 75:
            return line + "\r\n"
        return "\r\n ".join([line[:75], *(line[i : i + 74] for i in range(75, len(line), 74))]) + "\r\n"
    data = line.encode()
    size = len(data)
    if size <= 75:
        return line + "\r\n"
    parts = []
    begin, room = 0, 75
    while size - begin > room:
        cut = begin + room
        while data[cut] & 0xC0 == 0x80:  # a continuation octet: cut before its sequence starts
            cut -= 1
        parts.append(data[begin:cut].decode())
        begin, room = cut, 74
    parts.append(data[begin:].decode())
    return "\r\n ".join(parts) + "\r\n"


def _text(name: str, value: str) -> str:
    """A folded TEXT property line; ``name`` ends in its colon."""
    return fold(name + escape_text(value))


def _aware(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"tijdstip zonder tijdzone: {moment!r}")
    return moment


def _utc(moment: datetime) -> str:
    t = _aware(moment).astimezone(UTC)
    return f"{t.year:04d}{_D2[t.month]}{_D2[t.day]}T{_D2[t.hour]}{_D2[t.minute]}{_D2[t.second]}Z"


def _local(name: str, moment: datetime) -> str:
    t = _aware(moment).astimezone(_ZONE)
    if t.hour == 2 and t.month == 10 and t.replace(fold=1 - t.fold).utcoffset() != t.utcoffset():
        return f"{name}:{_utc(moment)}\r\n"  # the hour the clocks go back occurs twice: UTC says which pass
    return (
        f"{name};TZID={TIMEZONE}:{t.year:04d}{_D2[t.month]}{_D2[t.day]}T{_D2[t.hour]}{_D2[t.minute]}{_D2[t.second]}\r\n"
    )


def _day(d: date) -> str:
    return f"{d.year:04d}{_D2[d.month]}{_D2[d.day]}"


def truncate(text: str, url: str | None, limit: int = MAX_DESCRIPTION) -> str:
    """At most ``limit`` characters; a cut text ends on a line that points to ``url`` for the rest."""
    if len(text) <= limit:
        return text
    tail = f"… Volledige agenda: {url}" if url else "…"
    room = limit - len(tail) - 1
    if room <= 0:
        return tail[:limit]
    head = text[:room]
    newline = head.rfind("\n")
    if newline > room // 2:  # end on a whole line unless that loses more than half
        head = head[:newline]
    return f"{head.rstrip()}\n{tail}"


def _begin(uid: str, sequence: int, stamp: datetime) -> str:
    s = _utc(stamp)
    return f"BEGIN:VEVENT\r\n{_text('UID:', uid)}SEQUENCE:{int(sequence)}\r\nDTSTAMP:{s}\r\nLAST-MODIFIED:{s}\r\n"


def render_meeting(m: Meeting) -> str:
    """One VEVENT, from BEGIN to END, each line folded and ending in CRLF."""
    url = _uri(m.url)
    online = _uri(m.online_url) if m.online_url else ""
    out = [
        _begin(m.uid, m.sequence, m.stamp),
        _local("DTSTART", m.start),
        _local("DTEND", m.end),
        _text("SUMMARY:", CANCELLED_PREFIX + m.summary) if m.cancelled else _text("SUMMARY:", m.summary),
        "STATUS:CANCELLED\r\n" if m.cancelled else "STATUS:CONFIRMED\r\n",
        fold("URL:" + url),
    ]
    location = m.location or ""
    if online:
        location = f"{location} / {online}" if location else online
    if location:
        out.append(_text("LOCATION:", location))
    if m.geo is not None:
        out.append(f"GEO:{m.geo[0]:.6f};{m.geo[1]:.6f}\r\n")
    if online:
        out.append(fold(f"CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL={ONLINE_LABEL}:{online}"))
    if m.categories:
        out.append(fold("CATEGORIES:" + ",".join([escape_text(c) for c in m.categories])))
    description = m.description
    if online:
        description = f"{ONLINE_LABEL}: {online}\n\n{description}" if description else f"{ONLINE_LABEL}: {online}"
    if description:
        out.append(_text("DESCRIPTION:", truncate(description, url)))
    out.append("END:VEVENT\r\n")
    return "".join(out)


def render_deadline(d: Deadline) -> str:
    """One all-day VEVENT that does not block time (TRANSP:TRANSPARENT)."""
    url = _uri(d.url) if d.url else None
    out = [
        _begin(d.uid, d.sequence, d.stamp),
        f"DTSTART;VALUE=DATE:{_day(d.day)}\r\nDTEND;VALUE=DATE:{_day(d.day + timedelta(days=1))}\r\n",
        _text("SUMMARY:", d.summary),
        "TRANSP:TRANSPARENT\r\n",
    ]
    if url:
        out.append(fold("URL:" + url))
    if d.description:
        out.append(_text("DESCRIPTION:", truncate(d.description, url)))
    out.append("END:VEVENT\r\n")
    return "".join(out)


def render_calendar(*, name: str, description: str, url: str | None, events: Iterable[str]) -> bytes:
    """The whole feed as UTF-8 bytes: the calendar's properties, its VTIMEZONE and the rendered events."""
    head = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n",
        f"PRODID:{PRODID}\r\nCALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n",
        _text("NAME:", name),
        _text("X-WR-CALNAME:", name),
    ]
    if description:
        head.append(_text("DESCRIPTION:", description))
        head.append(_text("X-WR-CALDESC:", description))
    if url:
        head.append(fold("URL:" + _uri(url)))
    head.append(
        f"X-WR-TIMEZONE:{TIMEZONE}\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\n{VTIMEZONE}"
    )
    return "".join([*head, *events, "END:VCALENDAR\r\n"]).encode()
