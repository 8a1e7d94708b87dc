"""Cold build of a feed: rendering and assembling n meetings with ``app.feeds.ical`` against plain ``icalendar``.

    python -m bench.feeds_render [--n 10000] [--seed 1]

Both sides start from the same ``Meeting`` objects and produce the same calendar (properties, VTIMEZONE, events);
each time is the best of three. The icalendar side builds ``Calendar``/``Event`` objects and calls ``to_ical()``.
"""

import argparse
import json
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

if __package__ in (None, ""):  # run as a script: python bench/feeds_render.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.feeds import ical  # noqa: E402

ZONE = ZoneInfo(ical.TIMEZONE)
NAME = "Gemeente Utrecht: raad en commissies"
DESCRIPTION = "Vergaderingen van de gemeenteraad, de commissies en de regelingen waar Utrecht aan deelneemt."
URL = "https://tussenruimte.example.nl/gemeenten/utrecht"

ORGANEN = [
    "Gemeenteraad",
    "Commissie Bestuur en Middelen",
    "Algemeen bestuur Veiligheidsregio",
    "Dagelijks bestuur GGD",
]
PUNTEN = [
    "Opening en mededelingen",
    "Vaststelling van de agenda",
    "Vragenuur; schriftelijke vragen over de jeugdzorg",
    "Zienswijze op de ontwerpbegroting 2027 van de GGD regio Utrecht",
    "Jaarrekening 2025, accountantsverslag en bestemming van het resultaat",
    "Kadernota 2027: uitgangspunten, indexering en risico's",
    "Wijziging gemeenschappelijke regeling — artikel 1, lid 2 (€ 1,2 mln.)",
    "Motie vreemd aan de orde: fietsparkeren rond het station",
    "Benoeming leden rekenkamercommissie",
    "Rondvraag en sluiting",
]
PLAATSEN = ["Stadhuis, Raadzaal", "Stadskantoor, zaal 3.14", "Provinciehuis; Statenzaal", "Gemeentehuis Zeist"]


def meetings(n: int, seed: int) -> list[ical.Meeting]:
    """n realistic meetings over two years: about eight agenda lines each, some online, some cancelled."""
    rnd = random.Random(seed)
    begin = datetime(2026, 1, 5, 19, 30, tzinfo=ZONE)
    out = []
    for i in range(n):
        start = (begin + timedelta(days=rnd.randrange(730), hours=rnd.choice([-11, -4, 0, 1]))).astimezone(UTC)
        punten = rnd.sample(PUNTEN, rnd.randint(6, 10))
        geo = (52.0907 + rnd.random() / 10, 5.1214 + rnd.random() / 10) if rnd.random() < 0.7 else None
        online = f"https://video.example.nl/live/{i}" if rnd.random() < 0.4 else None
        out.append(
            ical.Meeting(
                uid=f"vergadering-{i}@tussenruimte.example.nl",
                sequence=rnd.randrange(4),
                stamp=datetime(2025, 12, 1, tzinfo=UTC) + timedelta(seconds=rnd.randrange(10**7)),
                start=start,
                end=start + timedelta(hours=rnd.choice([2, 3, 4])),
                summary=f"{rnd.choice(ORGANEN)}: vergadering",
                cancelled=rnd.random() < 0.05,
                url=f"https://tussenruimte.example.nl/vergaderingen/{i}",
                location=rnd.choice(PLAATSEN),
                geo=geo,
                online_url=online,
                description="\n".join(f"{k}. {p}" for k, p in enumerate(punten, 1)),
                categories=("raad",) if rnd.random() < 0.5 else ("commissie", "regeling"),
            )
        )
    return out


def ours(items: list[ical.Meeting]) -> bytes:
    return ical.render_calendar(
        name=NAME, description=DESCRIPTION, url=URL, events=[ical.render_meeting(m) for m in items]
    )


def plain_icalendar(items: list[ical.Meeting]) -> bytes:
    """The same calendar built the ordinary way with icalendar's components."""
    from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

    cal = Calendar()
    for key, value in [
        ("version", "2.0"),
        ("prodid", ical.PRODID),
        ("calscale", "GREGORIAN"),
        ("method", "PUBLISH"),
        ("name", NAME),
        ("x-wr-calname", NAME),
        ("description", DESCRIPTION),
        ("x-wr-caldesc", DESCRIPTION),
        ("url", URL),
        ("x-wr-timezone", ical.TIMEZONE),
    ]:
        cal.add(key, value)
    cal.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    tz = Timezone()
    tz.add("tzid", ical.TIMEZONE)
    for kind, frm, to, name, start, month in [
        (TimezoneDaylight, "+0100", "+0200", "CEST", datetime(1970, 3, 29, 2), 3),
        (TimezoneStandard, "+0200", "+0100", "CET", datetime(1970, 10, 25, 3), 10),
    ]:
        rule = kind()
        rule.add("tzoffsetfrom", timedelta(hours=int(frm[:3])))
        rule.add("tzoffsetto", timedelta(hours=int(to[:3])))
        rule.add("tzname", name)
        rule.add("dtstart", start)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        tz.add_component(rule)
    cal.add_component(tz)
    for m in items:
        ev = Event()
        ev.add("uid", m.uid)
        ev.add("sequence", m.sequence)
        ev.add("dtstamp", m.stamp)
        ev.add("last-modified", m.stamp)
        ev.add("dtstart", m.start.astimezone(ZONE))
        ev.add("dtend", m.end.astimezone(ZONE))
        ev.add("summary", ical.CANCELLED_PREFIX + m.summary if m.cancelled else m.summary)
        ev.add("status", "CANCELLED" if m.cancelled else "CONFIRMED")
        ev.add("url", m.url)
        location = f"{m.location} / {m.online_url}" if m.online_url else m.location
        ev.add("location", location)
        if m.geo:
            ev.add("geo", m.geo)
        description = m.description
        if m.online_url:
            ev.add(
                "conference",
                m.online_url,
                parameters={"VALUE": "URI", "FEATURE": "VIDEO", "LABEL": ical.ONLINE_LABEL},
            )
            description = f"{ical.ONLINE_LABEL}: {m.online_url}\n\n{description}"
        ev.add("categories", list(m.categories))
        ev.add("description", ical.truncate(description, m.url))
        cal.add_component(ev)
    return cal.to_ical()


def best_of(fn, items, rounds: int = 3) -> tuple[float, bytes]:
    best, out = float("inf"), b""
    for _ in range(rounds):
        t = time.perf_counter()
        out = fn(items)
        best = min(best, time.perf_counter() - t)
    return best, out


def cold_build(n: int, seed: int) -> dict:
    """Seconds (best of three) to render and assemble n meetings, ours against plain icalendar."""
    items = meetings(n, seed)
    ours_s, data = best_of(ours, items)
    icalendar_s, _ = best_of(plain_icalendar, items)
    return {
        "events": n,
        "ours_s": round(ours_s, 4),
        "icalendar_s": round(icalendar_s, 4),
        "ratio": round(icalendar_s / ours_s, 1),
        "bytes": len(data),
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(cold_build(args.n, args.seed)))
