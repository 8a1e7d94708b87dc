"""The convocation rules and the threshold check: pure, no database."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.convocatie.models import Route
from app.convocatie.regels import Convocatieregels, Drempelsoort, Wie, drempel_bereikt, stand
from app.errors import Invalid
from app.regelingen.aandelen import Grondslag, procent


def test_defaults_are_a_tenth_by_population_and_four_weeks():
    regels = Convocatieregels.uit({})
    assert (regels.wie, regels.drempel, regels.aandeel, regels.grondslag) == (
        Wie.raad, Drempelsoort.gewicht, Fraction(1, 10), Grondslag.inwoners)
    assert (regels.termijn_weken, regels.herinnering_dagen, regels.route) == (4, 7, Route.raad)


def test_rules_survive_their_json():
    regels = Convocatieregels(wie=Wie.raad, drempel=Drempelsoort.gewicht, aandeel=Fraction(1, 3),
                              grondslag=Grondslag.bijdrage, termijn_weken=6, herinnering_dagen=10)
    assert regels.naar()["aandeel"] == "1/3"
    assert Convocatieregels.uit(regels.naar()) == regels


@pytest.mark.parametrize(("data", "veld"), [
    ({"aandeel": "0"}, "aandeel"),
    ({"aandeel": "3/2"}, "aandeel"),
    ({"aandeel": "een tiende"}, "aandeel"),
    ({"aandeel": 0.1}, "aandeel"),  # a float is refused: weights are exact
    ({"termijn_weken": 0}, "termijn_weken"),
    ({"termijn_weken": "4"}, "termijn_weken"),
    ({"herinnering_dagen": 28}, "herinnering_dagen"),  # not shorter than the four weeks
    ({"wie": "iedereen"}, "wie"),
    ({"drempel": "wettelijk"}, "wie"),  # the statutory route counts AB members
    ({"wie": "ab_leden"}, "drempel"),  # a weight threshold counts councils
    ({"onbekend": 1}, "onbekend"),
])
def test_wrong_rules_are_refused_with_the_field_and_a_dutch_reason(data, veld):
    with pytest.raises(Invalid) as refused:
        Convocatieregels.uit(data)
    assert veld in [e["name"] for e in refused.value.errors]
    assert "convocatieregels" in refused.value.detail


def test_the_weight_threshold_is_reached_at_exactly_the_share():
    regels = Convocatieregels()
    aandelen = {1: Fraction(1, 20), 2: Fraction(1, 20), 3: Fraction(9, 10)}
    assert not drempel_bereikt([1], regels, aandelen, 0)
    assert drempel_bereikt([1, 2], regels, aandelen, 0)  # 1/20 + 1/20 is exactly 1/10: "ten minste"
    assert stand([1, 1, 2], regels, aandelen, 0).gewicht == Fraction(1, 10)  # a supporter counts once


def test_a_number_of_councils():
    regels = Convocatieregels(drempel=Drempelsoort.aantal, aantal=3)
    assert not drempel_bereikt([1, 2], regels, {}, 0)
    assert drempel_bereikt([1, 2, 3], regels, {}, 0)
    assert stand([1], regels, {}, 0).telt == "raden"


def test_the_statutory_route_needs_one_fifth_of_the_members():
    regels = Convocatieregels(wie=Wie.ab_leden, drempel=Drempelsoort.wettelijk)
    assert regels.route == Route.wettelijk
    assert not drempel_bereikt([1], regels, {}, 9)  # 9/5 = 1.8: two members are needed
    assert drempel_bereikt([1, 2], regels, {}, 9)
    assert drempel_bereikt([1, 2], regels, {}, 10)
    assert not drempel_bereikt([], regels, {}, 0)  # no members known: never reached


@given(st.dictionaries(st.integers(0, 30), st.integers(1, 10_000), min_size=1, max_size=12),
       st.data())
def test_more_support_never_loses_the_threshold(gewichten, data):
    totaal = sum(gewichten.values())
    aandelen = {g: Fraction(w, totaal) for g, w in gewichten.items()}
    regels = Convocatieregels(aandeel=data.draw(st.fractions(Fraction(1, 100), 1, max_denominator=1000)))
    steun = data.draw(st.sets(st.sampled_from(sorted(aandelen))))
    extra = data.draw(st.sampled_from(sorted(aandelen)))
    if drempel_bereikt(steun, regels, aandelen, 0):
        assert drempel_bereikt(steun | {extra}, regels, aandelen, 0)
    assert drempel_bereikt(set(aandelen), regels, aandelen, 0)  # everyone together is 1: always enough
    assert stand(steun, regels, aandelen, 0).gewicht == sum((aandelen[g] for g in steun), Fraction(0))


def test_percentages_for_people():
    assert procent(Fraction(1, 10)) == "10,0%"
    assert procent(Fraction(1, 3)) == "33,3%"
    assert procent(Fraction(1, 8)) == "12,5%"
