"""Public holidays as the Algemene termijnenwet (ATW) counts them. Pure: no database, no clock."""

from datetime import date, timedelta
from functools import lru_cache

import holidays

# ATW art. 3: New Year's Day, Good Friday, Easter Monday, Ascension Day, Whit Monday, the King's birthday,
# 5 May, Christmas Day and Boxing Day. The `holidays` package lists 5 May only in lustrum years, so it is
# added here for every year; the Sundays it also lists (Easter, Whitsun) are no working day anyway.
BEVRIJDINGSDAG = "Bevrijdingsdag"


@lru_cache(maxsize=64)
def feestdagen(jaar: int) -> dict[date, str]:
    """The ATW holidays of one year, date → Dutch name."""
    dagen = {d: naam for d, naam in holidays.NL(years=jaar, language="nl").items()}
    dagen[date(jaar, 5, 5)] = BEVRIJDINGSDAG
    return dict(sorted(dagen.items()))


def feestdag(d: date) -> str | None:
    """The name of the ATW holiday on ``d``, or None."""
    return feestdagen(d.year).get(d)


def is_werkdag(d: date) -> bool:
    """Not a Saturday, Sunday or ATW holiday."""
    return d.weekday() < 5 and feestdag(d) is None


def volgende_werkdag(d: date) -> date:
    """``d`` itself when it is a working day, else the first working day after it."""
    while not is_werkdag(d):
        d += timedelta(days=1)
    return d


def dagen(van: date, tot: date):
    """Every date from ``van`` to ``tot``, both included."""
    d = van
    while d <= tot:
        yield d
        d += timedelta(days=1)
