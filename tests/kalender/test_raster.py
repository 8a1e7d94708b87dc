"""The calendar grid builder: pure, no database."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from app.kalender import raster

AMS = ZoneInfo("Europe/Amsterdam")
VANDAAG = date(2026, 11, 28)  # a Saturday


def test_a_month_starts_on_the_monday_on_or_before_the_first_and_ends_on_a_sunday():
    m = raster.maand(2026, 12, vandaag=VANDAAG)  # 1 December 2026 is a Tuesday, the 31st a Thursday
    assert m.eerste == date(2026, 11, 30) and m.eerste.weekday() == 0
    assert m.laatste == date(2027, 1, 3) and m.laatste.weekday() == 6
    assert [w.nummer for w in m.weken] == [49, 50, 51, 52, 53]
    assert all(len(w.dagen) == 7 for w in m.weken)
    inside = [d.datum for d in m.dagen if d.in_periode]
    assert inside[0] == date(2026, 12, 1) and inside[-1] == date(2026, 12, 31) and len(inside) == 31
    assert not m.weken[0].dagen[0].in_periode  # 30 November fills the first week
    assert (m.vorige, m.volgende) == ("2026-11", "2027-01")


def test_a_month_that_starts_on_a_monday_has_no_days_of_the_month_before():
    m = raster.maand(2027, 2, vandaag=VANDAAG)  # 1 February 2027 is a Monday; 28 days: exactly four weeks
    assert m.eerste == date(2027, 2, 1) and m.laatste == date(2027, 2, 28)
    assert len(m.weken) == 4 and all(d.in_periode for d in m.dagen)


def test_a_month_can_span_six_weeks():
    m = raster.maand(2026, 8, vandaag=VANDAAG)  # 1 August 2026 is a Saturday, 31 days
    assert len(m.weken) == 6 and m.eerste == date(2026, 7, 27) and m.laatste == date(2026, 9, 6)


def test_january_and_december_link_across_the_year():
    assert (raster.maand(2027, 1, vandaag=VANDAAG).vorige, raster.maand(2026, 12, vandaag=VANDAAG).volgende) == (
        "2026-12", "2027-01")


def test_today_is_marked_once():
    m = raster.maand(2026, 11, vandaag=VANDAAG)
    assert [d.datum for d in m.dagen if d.vandaag] == [VANDAAG]
    assert not any(d.vandaag for d in raster.maand(2026, 10, vandaag=VANDAAG).dagen if d.in_periode)


def test_iso_weeks_follow_the_standard_around_new_year():
    # 1 January 2027 is a Friday: it belongs to week 53 of 2026.
    w = raster.week(2026, 53, vandaag=VANDAAG)
    assert w.eerste == date(2026, 12, 28) and w.laatste == date(2027, 1, 3)
    assert (w.vorige, w.volgende) == ("2026-W52", "2027-W01")
    assert raster.week(2027, 1, vandaag=VANDAAG).eerste == date(2027, 1, 4)
    # 2021 starts in week 53 of 2020; 1 January 2025 is in week 1 of 2025, 29 December 2024 too.
    assert raster.week_van(date(2021, 1, 1)) == "2020-W53"
    assert raster.week_van(date(2024, 12, 30)) == "2025-W01"
    assert raster.week(2025, 1, vandaag=VANDAAG).vorige == "2024-W52"


@pytest.mark.parametrize(("jaar", "weken"), [(2020, 53), (2021, 52), (2026, 53), (2027, 52), (2032, 53)])
def test_weeks_in_a_year(jaar, weken):
    assert raster.weken_in_jaar(jaar) == weken


def test_a_month_grid_counts_its_weeks_by_iso_year():
    m = raster.maand(2027, 1, vandaag=VANDAAG)  # starts in week 53 of 2026
    assert (m.weken[0].jaar, m.weken[0].nummer, m.weken[0].code) == (2026, 53, "2026-W53")
    assert m.weken[1].code == "2027-W01"


@pytest.mark.parametrize(("waarde", "verwacht"), [("2026-12", (2026, 12)), (" 2027-01 ", (2027, 1))])
def test_parse_maand(waarde, verwacht):
    assert raster.parse_maand(waarde) == verwacht


@pytest.mark.parametrize("waarde", ["2026-13", "2026-00", "2026-1", "26-12", "december", "2026-12-01", "",
                                    "0000-01", "9999-12", "２０２６-１２", "2026-12\x00"])
def test_parse_maand_refuses_what_is_no_month(waarde):
    with pytest.raises(raster.OngeldigeWaarde):
        raster.parse_maand(waarde)


@pytest.mark.parametrize(("waarde", "verwacht"), [("2026-W49", (2026, 49)), ("2026w01", (2026, 1)),
                                                  ("2026-W53", (2026, 53)), ("2020-W53", (2020, 53))])
def test_parse_week(waarde, verwacht):
    assert raster.parse_week(waarde) == verwacht


@pytest.mark.parametrize("waarde", ["2027-W53", "2026-W54", "2026-W00", "2026-W5", "2026-49", "W49", "",
                                    "1800-W01", "2026-W49-1"])
def test_parse_week_refuses_what_is_no_week(waarde):
    with pytest.raises(raster.OngeldigeWaarde):
        raster.parse_week(waarde)


def test_items_land_on_their_day_in_order_and_only_days_of_the_period_are_listed():
    items = [date(2026, 12, 3), date(2026, 11, 30), date(2026, 12, 3), date(2027, 1, 2)]
    m = raster.maand(2026, 12, vandaag=VANDAAG, items=items, dag_van=lambda d: d)
    by_day = {d.datum: d.items for d in m.dagen}
    assert by_day[date(2026, 12, 3)] == [date(2026, 12, 3)] * 2
    assert by_day[date(2026, 11, 30)] == [date(2026, 11, 30)]  # shown in the grid, outside the month
    assert [d.datum for d in m.dagen_met_items] == [date(2026, 12, 3)]
    assert m.aantal == 2


def test_the_grid_spans_local_days_in_utc_also_across_daylight_saving_time():
    # March 2026: the clocks go forward on Sunday 29 March; the grid runs 23 February – 5 April.
    m = raster.maand(2026, 3, vandaag=VANDAAG)
    van, tot = raster.periode_utc(m, AMS)
    assert van == datetime(2026, 2, 22, 23, 0, tzinfo=UTC)  # local midnight in winter time (+01:00)
    assert tot == datetime(2026, 4, 5, 22, 0, tzinfo=UTC)  # local midnight of 6 April in summer time (+02:00)
    # The day the clocks go forward lasts 23 hours, the day they go back 25.
    assert raster.begin_van_dag(date(2026, 3, 30), AMS) - raster.begin_van_dag(date(2026, 3, 29), AMS) == \
        timedelta(hours=23)
    assert raster.begin_van_dag(date(2026, 10, 26), AMS) - raster.begin_van_dag(date(2026, 10, 25), AMS) == \
        timedelta(hours=25)


def test_meetings_on_dst_days_land_on_their_local_day():
    starts = [datetime(2026, 3, 28, 23, 30, tzinfo=UTC),  # 00:30 on 29 March, local winter time
              datetime(2026, 3, 29, 21, 30, tzinfo=UTC),  # 23:30 on 29 March, local summer time
              datetime(2026, 10, 24, 22, 30, tzinfo=UTC),  # 00:30 on 25 October, still summer time
              datetime(2026, 10, 25, 22, 30, tzinfo=UTC)]  # 23:30 on 25 October, winter time again
    maart = raster.maand(2026, 3, vandaag=VANDAAG, items=starts[:2], dag_van=lambda s: s.astimezone(AMS).date())
    oktober = raster.week(2026, 43, vandaag=VANDAAG, items=starts[2:], dag_van=lambda s: s.astimezone(AMS).date())
    assert [len(d.items) for d in maart.dagen if d.datum == date(2026, 3, 29)] == [2]
    assert {d.datum: len(d.items) for d in oktober.dagen if d.items} == {date(2026, 10, 25): 2}
    for start in starts:  # each lies within the grid's UTC span
        grid = maart if start.month == 3 else oktober
        van, tot = raster.periode_utc(grid, AMS)
        assert van <= start < tot
