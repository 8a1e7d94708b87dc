"""The pure rule of the accountability meeting's dates: a working day on which every council can come."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.planning.kalender import is_werkdag
from app.planning.raden import Bijeenkomst, Periode, Raad
from app.verantwoording.beschikbaarheid import beschikbaarheid, bezwaren

ZEIST = "GM0355"
UTRECHT = "GM0344"


def raad(code: str, naam: str, *vergaderingen: tuple[date, str], recessen=()) -> Raad:
    return Raad(code=code, naam=naam, recessen=tuple(recessen),
                vergaderingen=tuple(Bijeenkomst(d, f"{naam.lower()}-{soort}", soort, vergadering_id=i)
                                    for i, (d, soort) in enumerate(vergaderingen, start=1)))


def test_a_raad_or_committee_meeting_keeps_a_council_away_and_says_which():
    wo, do, vr = date(2027, 3, 3), date(2027, 3, 4), date(2027, 3, 5)
    raden = [raad(ZEIST, "Zeist", (wo, "raad"), (do, "commissie"), (vr, "presidium")), raad(UTRECHT, "Utrecht")]
    plan = beschikbaarheid(raden, van=wo, tot=vr)
    assert plan.kandidaten == [vr]  # a presidium is a few members: it does not keep the council away
    woensdag, donderdag = plan.afgewezen
    assert [b.reden for b in woensdag.bezwaren] == ["Zeist: raadsvergadering"]
    assert woensdag.bezwaren[0].code == ZEIST and woensdag.bezwaren[0].vergadering_id == 1
    assert [b.reden for b in donderdag.bezwaren] == ["Zeist: commissievergadering"]


def test_a_recess_of_any_council_blocks_the_date_with_its_name():
    reces = Periode(date(2027, 7, 10), date(2027, 8, 22), "zomerreces")
    plan = beschikbaarheid([raad(ZEIST, "Zeist"), raad(UTRECHT, "Utrecht", recessen=[reces])],
                           van=date(2027, 8, 20), tot=date(2027, 8, 24))
    assert plan.kandidaten == [date(2027, 8, 23), date(2027, 8, 24)]
    assert plan.afgewezen[0].bezwaren[0].reden == "Utrecht: zomerreces (10-07 t/m 22-08)"
    assert plan.gemeenten[1].dagen == 1 and plan.gemeenten[0].dagen == 0


def test_weekends_and_atw_holidays_fail_for_everyone():
    # 27 April 2027 is Koningsdag (a Tuesday); 5 May counts every year (ATW art. 3), not only in lustrum years.
    assert bezwaren([raad(ZEIST, "Zeist")], date(2027, 4, 27))[0].reden == "feestdag (Koningsdag)"
    assert bezwaren([raad(ZEIST, "Zeist")], date(2027, 5, 5))[0].oorzaak == "feestdag"
    zaterdag = bezwaren([raad(ZEIST, "Zeist")], date(2027, 5, 8))
    assert [(b.oorzaak, b.code) for b in zaterdag] == [("weekend", None)]
    plan = beschikbaarheid([raad(ZEIST, "Zeist")], van=date(2027, 5, 8), tot=date(2027, 5, 9))
    assert plan.kandidaten == [] and plan.afgewezen == []  # weekends need no explanation
    assert "geen werkdag waarop alle raden kunnen komen" in plan.samenvatting


def test_a_date_on_which_the_regelings_own_body_meets_is_taken():
    d = date(2027, 3, 3)
    plan = beschikbaarheid([raad(ZEIST, "Zeist")], van=d, tot=d, bezet={d: "Radenbijeenkomst U16 vergadert al"})
    assert plan.kandidaten == []
    assert plan.afgewezen[0].bezwaren[0].oorzaak == "bezet"


@pytest.mark.parametrize(("raden", "van", "tot", "fout"), [
    ([], date(2027, 3, 1), date(2027, 3, 2), "Zonder deelnemende gemeenten"),
    ([raad(ZEIST, "Zeist"), raad(ZEIST, "Zeist")], date(2027, 3, 1), date(2027, 3, 2), "GM0355"),
    ([raad(ZEIST, "Zeist")], date(2027, 3, 2), date(2027, 3, 1), "vóór de begindatum"),
    ([raad(ZEIST, "Zeist")], date(2027, 1, 1), date(2028, 6, 1), "hoogstens 400 dagen"),
])
def test_impossible_questions_are_refused_in_dutch(raden, van, tot, fout):
    with pytest.raises(ValueError, match=fout):
        beschikbaarheid(raden, van=van, tot=tot)


DAGEN = st.integers(min_value=0, max_value=27)
START = date(2027, 4, 19)  # a Monday; the four weeks hold Koningsdag, 5 May and Ascension Day


@st.composite
def raden(draw):
    uit = []
    for i in range(draw(st.integers(min_value=1, max_value=4))):
        vergaderingen = draw(st.lists(st.tuples(DAGEN, st.sampled_from(["raad", "commissie", "presidium"])),
                                      max_size=6))
        recessen = [Periode(START + timedelta(a), START + timedelta(a + n), "reces")
                    for a, n in draw(st.lists(st.tuples(DAGEN, st.integers(0, 6)), max_size=2))]
        uit.append(raad(f"GM{i:04d}", f"Gemeente {i}", *[(START + timedelta(d), s) for d, s in vergaderingen],
                        recessen=recessen))
    return uit


@settings(max_examples=150, deadline=None)
@given(raden())
def test_a_date_is_a_candidate_exactly_when_a_plain_recount_finds_no_reason(rs):
    plan = beschikbaarheid(rs, van=START, tot=START + timedelta(27))
    verwacht = [
        START + timedelta(i) for i in range(28)
        if is_werkdag(START + timedelta(i)) and not any(
            any(p.van <= START + timedelta(i) <= p.tot for p in r.recessen)
            or any(b.datum == START + timedelta(i) and b.soort in ("raad", "commissie") for b in r.vergaderingen)
            for r in rs)
    ]
    assert plan.kandidaten == verwacht
    # Every refused working day names at least one council (or the regeling's own body); per-council counts add up.
    assert all(any(b.code for b in d.bezwaren) for d in plan.afgewezen if is_werkdag(d.datum))
    assert sum(g.dagen for g in plan.gemeenten) == sum(1 for d in plan.dagen for b in d.bezwaren if b.code)
