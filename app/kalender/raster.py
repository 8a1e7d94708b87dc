"""The month and week grids of the calendar. Pure: dates in, dates out, no database, no clock.

A month grid runs from the Monday on or before the 1st to the Sunday on or after the last day, in whole ISO weeks
(4 to 6 rows). Weeks are ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday; some years have a
week 53). A day is a local calendar day of the portal's time zone: its bounds in UTC follow daylight saving time,
so the day the clocks go forward is 23 hours long and the day they go back 25.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypeVar

T = TypeVar("T")

EERSTE_JAAR, LAATSTE_JAAR = 1900, 2999  # far outside any meeting; keeps every date arithmetic in range

_MAAND = re.compile(r"([0-9]{4})-([0-9]{2})")
_WEEK = re.compile(r"([0-9]{4})-?[Ww]([0-9]{2})")


class OngeldigeWaarde(ValueError):
    """A month or week asked for in a URL that does not exist or is written wrongly."""


@dataclass(frozen=True)
class Dag:
    datum: date
    in_periode: bool  # False for the days of the neighbouring months that fill a month grid's first and last week
    vandaag: bool
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class Week:
    jaar: int  # the ISO year, which differs from the calendar year around New Year
    nummer: int
    dagen: list[Dag]

    @property
    def code(self) -> str:
        return week_code(self.jaar, self.nummer)


@dataclass(frozen=True)
class Raster:
    """A month or a week: its weeks, the span its days cover, and where the previous and next ones are."""

    weken: list[Week]
    eerste: date  # the first day shown
    laatste: date  # the last day shown
    vorige: str  # "2026-11" or "2026-W48"
    volgende: str

    @property
    def dagen(self) -> list[Dag]:
        return [d for w in self.weken for d in w.dagen]

    @property
    def dagen_met_items(self) -> list[Dag]:
        """The days of the period itself that have something on them, in order: the list reading of the grid."""
        return [d for d in self.dagen if d.in_periode and d.items]

    @property
    def aantal(self) -> int:
        return sum(len(d.items) for d in self.dagen if d.in_periode)


# --- parsing -------------------------------------------------------------------------------------------


def _jaar_binnen_bereik(jaar: int, waarde: str) -> None:
    if not EERSTE_JAAR <= jaar <= LAATSTE_JAAR:
        raise OngeldigeWaarde(f"jaar buiten {EERSTE_JAAR}–{LAATSTE_JAAR}: {waarde}")


def parse_maand(waarde: str) -> tuple[int, int]:
    """'2026-12' → (2026, 12). Anything else (a 13th month, '2026-1', text) raises OngeldigeWaarde."""
    match = _MAAND.fullmatch(waarde.strip())
    if not match:
        raise OngeldigeWaarde(f"geen maand: {waarde}")
    jaar, maand = int(match[1]), int(match[2])
    _jaar_binnen_bereik(jaar, waarde)
    if not 1 <= maand <= 12:
        raise OngeldigeWaarde(f"geen maand: {waarde}")
    return jaar, maand


def parse_week(waarde: str) -> tuple[int, int]:
    """'2026-W49' (also '2026w49') → (2026, 49); a week 53 only in the years that have one."""
    match = _WEEK.fullmatch(waarde.strip())
    if not match:
        raise OngeldigeWaarde(f"geen week: {waarde}")
    jaar, week = int(match[1]), int(match[2])
    _jaar_binnen_bereik(jaar, waarde)
    if not 1 <= week <= weken_in_jaar(jaar):
        raise OngeldigeWaarde(f"geen week: {waarde}")
    return jaar, week


def weken_in_jaar(jaar: int) -> int:
    """52 or 53: 28 December always lies in the ISO year's last week."""
    return date(jaar, 12, 28).isocalendar().week


def maand_code(jaar: int, maand: int) -> str:
    return f"{jaar:04d}-{maand:02d}"


def week_code(jaar: int, week: int) -> str:
    return f"{jaar:04d}-W{week:02d}"


def maand_van(dag: date) -> str:
    return maand_code(dag.year, dag.month)


def week_van(dag: date) -> str:
    iso = dag.isocalendar()
    return week_code(iso.year, iso.week)


# --- time zone -----------------------------------------------------------------------------------------


def begin_van_dag(dag: date, tz: tzinfo) -> datetime:
    """Local midnight of this day, in UTC (midnight exists on every DST day in Europe: the switch is at 2 or 3)."""
    return datetime.combine(dag, time(0), tzinfo=tz).astimezone(UTC)


def periode_utc(raster: Raster, tz: tzinfo) -> tuple[datetime, datetime]:
    """[start, end) in UTC of all days the grid shows: from local midnight of the first to that after the last."""
    return begin_van_dag(raster.eerste, tz), begin_van_dag(raster.laatste + timedelta(days=1), tz)


# --- building ------------------------------------------------------------------------------------------


def _week(maandag: date, *, vandaag: date, binnen: Callable[[date], bool], per_dag: dict[date, list]) -> Week:
    iso = maandag.isocalendar()
    dagen = [maandag + timedelta(days=i) for i in range(7)]
    return Week(iso.year, iso.week, [Dag(d, binnen(d), d == vandaag, per_dag.get(d, [])) for d in dagen])


def _per_dag(items: Iterable[T], dag_van: Callable[[T], date] | None) -> dict[date, list[T]]:
    result: dict[date, list[T]] = defaultdict(list)
    if dag_van is not None:
        for item in items:
            result[dag_van(item)].append(item)
    return result


def maand(jaar: int, maand_nr: int, *, vandaag: date, items: Sequence[T] = (),
          dag_van: Callable[[T], date] | None = None) -> Raster:
    """The month grid, Monday first. ``items`` are placed on the day ``dag_van(item)`` gives (in their order)."""
    eerste_van_maand = date(jaar, maand_nr, 1)
    volgende_maand = date(jaar + (maand_nr == 12), maand_nr % 12 + 1, 1)
    laatste_van_maand = volgende_maand - timedelta(days=1)
    eerste = eerste_van_maand - timedelta(days=eerste_van_maand.weekday())
    laatste = laatste_van_maand + timedelta(days=6 - laatste_van_maand.weekday())
    per_dag = _per_dag(items, dag_van)
    weken = [_week(eerste + timedelta(weeks=i), vandaag=vandaag, per_dag=per_dag,
                   binnen=lambda d: d.month == maand_nr)
             for i in range(((laatste - eerste).days + 1) // 7)]
    vorige_maand = eerste_van_maand - timedelta(days=1)
    return Raster(weken, eerste, laatste, maand_van(vorige_maand), maand_van(volgende_maand))


def week(jaar: int, nummer: int, *, vandaag: date, items: Sequence[T] = (),
         dag_van: Callable[[T], date] | None = None) -> Raster:
    """One ISO week, Monday to Sunday."""
    maandag = date.fromisocalendar(jaar, nummer, 1)
    per_dag = _per_dag(items, dag_van)
    w = _week(maandag, vandaag=vandaag, per_dag=per_dag, binnen=lambda d: True)
    return Raster([w], maandag, maandag + timedelta(days=6), week_van(maandag - timedelta(days=7)),
                  week_van(maandag + timedelta(days=7)))

