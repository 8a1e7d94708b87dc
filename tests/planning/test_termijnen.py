"""Term arithmetic (Algemene termijnenwet) and the ATW holidays: fixed years, properties and bad input."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.planning.kalender import feestdagen, is_werkdag
from app.planning.termijnen import Mijlpaal, datum_tekst, na, termijn_na, uiterlijk_voor, voor, werkdag_op_of_voor


def pasen(jaar: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm), independent of the holidays package."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    la = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * la) // 451
    maand = (h + la - 7 * m + 114) // 31
    dag = (h + la - 7 * m + 114) % 31 + 1
    return date(jaar, maand, dag)


def atw_art3(jaar: int) -> set[date]:
    """ATW art. 3 lid 1-2, written out: the days that are no working days besides Saturdays and Sundays."""
    p = pasen(jaar)
    koningsdag = date(jaar, 4, 27) if date(jaar, 4, 27).weekday() != 6 else date(jaar, 4, 26)
    return {
        date(jaar, 1, 1),
        p - timedelta(days=2),  # Goede Vrijdag (lid 2)
        p + timedelta(days=1),  # Tweede Paasdag
        p + timedelta(days=39),  # Hemelvaartsdag
        p + timedelta(days=50),  # Tweede Pinksterdag
        koningsdag,
        date(jaar, 5, 5),  # Bevrijdingsdag, every year
        date(jaar, 12, 25),
        date(jaar, 12, 26),
    }


def test_pasen_klopt_met_bekende_jaren():
    bekend = {2019: (4, 21), 2024: (3, 31), 2025: (4, 20), 2026: (4, 5), 2027: (3, 28), 2028: (4, 16), 2031: (4, 13)}
    assert {j: (pasen(j).month, pasen(j).day) for j in bekend} == bekend


@pytest.mark.parametrize("jaar", range(2014, 2041))
def test_feestdagen_zijn_de_lijst_van_atw_artikel_3(jaar):
    lijst = feestdagen(jaar)
    verwacht = atw_art3(jaar)
    assert verwacht <= set(lijst), sorted(verwacht - set(lijst))
    # Easter Sunday and Whit Sunday may be listed too: they are Sundays, so no working day either way.
    assert set(lijst) - verwacht <= {pasen(jaar), pasen(jaar) + timedelta(days=49)}


@pytest.mark.parametrize(
    ("d", "naam"),
    [
        (date(2026, 5, 5), "Bevrijdingsdag"),  # no lustrum year: the holidays package alone leaves it out
        (date(2027, 5, 5), "Bevrijdingsdag"),
        (date(2030, 5, 5), "Bevrijdingsdag"),  # a lustrum year
        (date(2027, 3, 26), "Goede vrijdag"),
        (date(2025, 4, 18), "Goede vrijdag"),
        (date(2025, 4, 26), "Koningsdag"),  # 27 April 2025 is a Sunday
        (date(2031, 4, 26), "Koningsdag"),  # 27 April 2031 is a Sunday
        (date(2036, 4, 26), "Koningsdag"),  # and 2036
        (date(2027, 4, 27), "Koningsdag"),
        (date(2027, 5, 6), "Hemelvaartsdag"),
        (date(2027, 5, 17), "Tweede pinksterdag"),
    ],
)
def test_feestdag_op_datum(d, naam):
    assert feestdagen(d.year)[d] == naam
    assert not is_werkdag(d)


@pytest.mark.parametrize("jaar", [2025, 2031, 2036])
def test_koningsdag_op_zaterdag_26_april_als_27_april_een_zondag_is(jaar):
    assert date(jaar, 4, 27).weekday() == 6
    assert date(jaar, 4, 27) not in feestdagen(jaar)
    assert date(jaar, 4, 26).weekday() == 5


# The table of worked cases, each naming its article, is in test_termijnen_tabel.py.


def test_verlenging_noemt_de_grond():
    koningsdag = termijn_na(date(2027, 3, 2), weken=8)
    assert (koningsdag.kaal, koningsdag.einde, koningsdag.grond) == (
        date(2027, 4, 27),
        date(2027, 4, 28),
        "Algemene termijnenwet art. 1 lid 1",
    )
    assert koningsdag.toelichting() == (
        "di 27 april 2027 is Koningsdag, een feestdag; verlengd tot wo 28 april 2027 volgens de Algemene "
        "termijnenwet art. 1 lid 1"
    )
    pasen_ = termijn_na(date(2027, 3, 25), dagen=3)
    assert pasen_.grond == "Algemene termijnenwet art. 2"
    assert "twee werkdagen" in pasen_.toelichting()
    gewoon = termijn_na(date(2027, 7, 6), weken=2)
    assert (gewoon.einde, gewoon.grond, gewoon.verlengd, gewoon.toelichting()) == (date(2027, 7, 20), None, False, "")


def test_datum_tekst_en_mijlpaal_als_dict():
    assert datum_tekst(date(2027, 6, 15)) == "di 15 juni 2027"
    m = Mijlpaal("x", date(2027, 6, 15), "iets", "Wgr art. 35 lid 1")
    assert m.as_dict() == {"sleutel": "x", "datum": "2027-06-15", "omschrijving": "iets", "bron": "Wgr art. 35 lid 1"}
    assert m.wettelijk is True


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"dagen": -1}, "niet negatief"),
        ({"weken": -2}, "niet negatief"),
        ({}, "minstens één dag"),
        ({"dagen": 1.5}, "geen geheel getal"),
        ({"weken": True}, "geen geheel getal"),
        ({"dagen": 10**9}, "buiten de kalender"),
    ],
)
def test_onzin_termijn_geeft_nederlandse_fout(kwargs, melding):
    with pytest.raises(ValueError, match=melding):
        na(date(2027, 1, 1), **kwargs)
    with pytest.raises(ValueError, match=melding):
        voor(date(2027, 1, 1), **kwargs)


def test_ongeldige_vaste_datum():
    with pytest.raises(ValueError, match="geen geldige datum"):
        uiterlijk_voor(2027, 2, 30)


def test_werkdag_op_of_voor():
    assert werkdag_op_of_voor(date(2027, 5, 2)) == date(2027, 4, 30)  # Sunday → Friday
    assert werkdag_op_of_voor(date(2027, 4, 27)) == date(2027, 4, 26)  # King's Day → Monday
    assert werkdag_op_of_voor(date(2027, 4, 26)) == date(2027, 4, 26)


# --- properties --------------------------------------------------------------------------------------------------

datums = st.dates(min_value=date(2015, 1, 1), max_value=date(2060, 12, 31))
kort = st.integers(min_value=1, max_value=84)  # statutory terms the ATW covers (art. 4: up to 12 weeks)


@settings(max_examples=300, deadline=None)
@given(start=datums, lengte=kort)
def test_wettelijke_termijn_eindigt_op_een_werkdag_en_nooit_eerder(start, lengte):
    einde = na(start, dagen=lengte)
    kaal = start + timedelta(days=lengte)
    assert is_werkdag(einde)
    assert einde >= kaal


@settings(max_examples=300, deadline=None)
@given(start=datums, lengte=st.integers(min_value=7, max_value=84))
def test_verlenging_reikt_nooit_verder_dan_de_eerste_werkdag(start, lengte):
    # From 7 days on a term always holds two working days, so only art. 1 can move it.
    einde = na(start, dagen=lengte)
    kaal = start + timedelta(days=lengte)
    assert all(not is_werkdag(kaal + timedelta(days=i)) for i in range((einde - kaal).days))


@settings(max_examples=300, deadline=None)
@given(start=datums, lengte=st.integers(min_value=3, max_value=84))
def test_artikel_2_twee_werkdagen_in_de_termijn(start, lengte):
    einde = na(start, dagen=lengte)
    werkdagen = [start + timedelta(days=i) for i in range(1, (einde - start).days + 1)]
    assert sum(map(is_werkdag, werkdagen)) >= 2
    # ... and it stops at the first day that satisfies both articles.
    vorige = einde - timedelta(days=1)
    if vorige >= start + timedelta(days=lengte):
        binnen = [start + timedelta(days=i) for i in range(1, (vorige - start).days + 1)]
        assert not is_werkdag(vorige) or sum(map(is_werkdag, binnen)) < 2


@settings(max_examples=200, deadline=None)
@given(start=datums, weken=st.integers(min_value=13, max_value=60))
def test_termijn_van_meer_dan_12_weken_is_exact(start, weken):
    assert na(start, weken=weken) == start + timedelta(weeks=weken)


@settings(max_examples=200, deadline=None)
@given(start=datums, lengte=kort)
def test_eigen_termijn_van_de_regeling_is_exact(start, lengte):
    assert na(start, dagen=lengte, wettelijk=False) == start + timedelta(days=lengte)


@settings(max_examples=300, deadline=None)
@given(eind=datums, dagen=st.integers(min_value=0, max_value=400), weken=st.integers(min_value=0, max_value=30))
def test_terugrekenen_is_exact(eind, dagen, weken):
    if dagen == weken == 0:
        return
    assert voor(eind, dagen=dagen, weken=weken) == eind - timedelta(days=dagen + 7 * weken)


@settings(max_examples=200, deadline=None)
@given(start=datums, dagen=st.integers(min_value=0, max_value=30), weken=st.integers(min_value=0, max_value=12))
def test_dagen_en_weken_tellen_samen(start, dagen, weken):
    if dagen == weken == 0:
        return
    assert na(start, dagen=dagen, weken=weken) == na(start, dagen=dagen + 7 * weken)
