"""Raadstafel planning: hand-computed interval cases, every reason for "not planned", existing meetings, capacity,
bad input, a brute-force optimum on small random instances, and the checker catching planted violations.

Wednesdays in March/April 2027: 03, 10, 17, 24, 31 March; 07, 14, 21, 28 April. 5 May 2027 is a Wednesday
(Bevrijdingsdag). Default ``adviesdagen`` is 7, so a document's window ends a week before its first committee.
"""

import json
from dataclasses import replace
from datetime import date, timedelta
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.planning.controle.raadstafel import controleer_raadstafel
from app.planning.kalender import feestdag
from app.planning.raadstafel import (
    RaadstafelPlan,
    RaadstafelVergadering,
    RegionaalDocument,
    ondergrens,
    optimum_raadstafel,
    plan_raadstafel,
)
from app.planning.raden import Bijeenkomst, Periode, Raad

WO = 2
VAN, TOT = date(2027, 1, 1), date(2027, 12, 31)


def doc(sleutel: str, beschikbaar: date, eerste_commissie: date) -> RegionaalDocument:
    return RegionaalDocument(sleutel, f"Stuk {sleutel}", beschikbaar, eerste_commissie)


def raad(code: str, naam: str, *data: date, soort: str = "raad") -> Raad:
    return Raad(code, naam, vergaderingen=tuple(Bijeenkomst(d, soort, soort) for d in data))


# D1 may be advised on 03-03 or 10-03, D2 on 10-03 or 17-03, D3 on 17, 24 or 31-03, D4 only on 07-04.
D1 = doc("D1", date(2027, 3, 1), date(2027, 3, 22))
D2 = doc("D2", date(2027, 3, 8), date(2027, 3, 29))
D3 = doc("D3", date(2027, 3, 15), date(2027, 4, 12))
D4 = doc("D4", date(2027, 4, 1), date(2027, 4, 20))
STUKKEN = [D1, D2, D3, D4]
EINDHOVEN = raad("GM0772", "Eindhoven", date(2027, 3, 10))
HELMOND = raad("GM0794", "Helmond", date(2027, 3, 24), soort="commissie")
BEST = raad("GM0753", "Best")


def plan(documenten=STUKKEN, raden=(), **kw) -> RaadstafelPlan:
    kw.setdefault("van", VAN)
    kw.setdefault("tot", TOT)
    return plan_raadstafel(documenten=documenten, raden=raden, **kw)


def overzicht(p: RaadstafelPlan) -> list[tuple[date, bool, list[str]]]:
    return [(v.datum, v.bestaand, v.documenten) for v in p.vergaderingen]


def geldig(p: RaadstafelPlan, documenten=STUKKEN, raden=(), **kw) -> None:
    kw.setdefault("van", VAN)
    kw.setdefault("tot", TOT)
    assert controleer_raadstafel(p, documenten=documenten, raden=raden, **kw) == []


# --- hand-computed cases -----------------------------------------------------------------------------------------


def test_interval_cover_meets_as_late_as_possible():
    p = plan()
    # D1's deadline comes first: a meeting on its last Wednesday (10-03) also covers D2; D3 and D4 are disjoint.
    assert overzicht(p) == [
        (date(2027, 3, 10), False, ["D1", "D2"]),
        (date(2027, 3, 31), False, ["D3"]),
        (date(2027, 4, 7), False, ["D4"]),
    ]
    assert p.nieuwe == 3 and p.niet_gepland == []
    assert ondergrens(van=VAN, tot=TOT, documenten=STUKKEN, raden=[]) == 3
    assert all((v.aanvang.isoformat(), v.einde.isoformat()) == ("19:30:00", "22:00:00") for v in p.vergaderingen)
    geldig(p)


def test_a_council_meeting_moves_the_raadstafel():
    # Eindhoven meets on 10-03: D1 can only go on 03-03, D2 only on 17-03, which also serves D3.
    p = plan(raden=[EINDHOVEN, BEST])
    assert overzicht(p) == [
        (date(2027, 3, 3), False, ["D1"]),
        (date(2027, 3, 17), False, ["D2", "D3"]),
        (date(2027, 4, 7), False, ["D4"]),
    ]
    assert p.datum_van("D3") == date(2027, 3, 17)
    geldig(p, raden=[EINDHOVEN, BEST])


def test_committee_meetings_block_as_well():
    # Helmond's committee on 24-03 and Eindhoven on 10-03; D3 still has 17 and 31 March.
    p = plan(documenten=[D3], raden=[EINDHOVEN, HELMOND])
    assert overzicht(p) == [(date(2027, 3, 31), False, ["D3"])]
    p = plan(documenten=[doc("X", date(2027, 3, 22), date(2027, 4, 2))], raden=[HELMOND])
    assert p.vergaderingen == []
    assert p.niet_gepland == [
        (
            "X",
            "geen woensdag tussen 22-03 en 26-03 zonder raads- of commissievergadering van een deelnemende gemeente "
            "(Helmond vergadert op 24-03)",
        )
    ]


def test_reason_names_the_council_that_meets():
    p = plan(documenten=[doc("X", date(2027, 3, 8), date(2027, 3, 19))], raden=[EINDHOVEN, BEST])
    assert p.niet_gepland == [
        (
            "X",
            "geen woensdag tussen 08-03 en 12-03 zonder raads- of commissievergadering van een deelnemende gemeente "
            "(Eindhoven vergadert op 10-03)",
        )
    ]
    geldig(p, documenten=[doc("X", date(2027, 3, 8), date(2027, 3, 19))], raden=[EINDHOVEN, BEST])


def test_reason_lists_several_councils_and_mixed_blocks():
    twee = [raad("GM0001", "Aadorp", date(2027, 5, 12)), raad("GM0002", "Beekdal", date(2027, 5, 12))]
    x = doc("X", date(2027, 5, 3), date(2027, 5, 20))
    p = plan(documenten=[x], raden=twee)
    assert p.niet_gepland == [
        (
            "X",
            "geen woensdag tussen 03-05 en 13-05 waarop de Raadstafel kan vergaderen "
            "(05-05 is Bevrijdingsdag; Aadorp en Beekdal vergaderen op 12-05)",
        )
    ]


def test_holiday_and_recess_are_avoided():
    zomer = Periode(date(2027, 7, 10), date(2027, 8, 22), "zomerreces")
    # Window 30-06 .. 23-08: only 30-06 and 07-07 are outside the recess; the later one is used.
    x = doc("X", date(2027, 6, 30), date(2027, 8, 30))
    p = plan(documenten=[x], recessen=[zomer])
    assert overzicht(p) == [(date(2027, 7, 7), False, ["X"])]
    y = doc("Y", date(2027, 7, 12), date(2027, 8, 25))
    p = plan(documenten=[y], recessen=[zomer])
    assert p.niet_gepland == [
        (
            "Y",
            "geen woensdag tussen 12-07 en 18-08 waarop de Raadstafel kan vergaderen (14-07 valt in zomerreces "
            "(10-07 t/m 22-08); 21-07 valt in zomerreces (10-07 t/m 22-08); 28-07 valt in zomerreces (10-07 t/m "
            "22-08); 04-08 valt in zomerreces (10-07 t/m 22-08); 11-08 valt in zomerreces (10-07 t/m 22-08); 18-08 "
            "valt in zomerreces (10-07 t/m 22-08))",
        )
    ]
    z = doc("Z", date(2027, 5, 3), date(2027, 5, 14))  # only Wednesday: 05-05, Bevrijdingsdag
    assert plan(documenten=[z]).niet_gepland == [
        ("Z", "geen woensdag tussen 03-05 en 07-05 waarop de Raadstafel kan vergaderen (05-05 is Bevrijdingsdag)")
    ]


def test_every_other_reason_for_not_planning():
    te_laat = doc("L", date(2027, 3, 10), date(2027, 3, 12))
    geen_wo = doc("G", date(2027, 3, 11), date(2027, 3, 22))
    een_dag = doc("E", date(2027, 3, 11), date(2027, 3, 18))
    buiten = doc("B", date(2027, 9, 1), date(2027, 10, 1))
    p = plan(documenten=[te_laat, geen_wo, buiten, een_dag], tot=date(2027, 6, 30))
    assert p.vergaderingen == []
    assert dict(p.niet_gepland) == {
        "L": "het advies moet uiterlijk 05-03 klaar zijn (7 dagen vóór de eerste commissie op 12-03), maar het stuk "
        "is pas op 10-03 beschikbaar",
        "G": "tussen 11-03 en 15-03 valt geen woensdag",
        "E": "11-03 is geen woensdag",
        "B": "het adviesvenster 01-09 t/m 24-09 valt buiten de planperiode 01-01 t/m 30-06",
    }
    assert [s for s, _ in p.niet_gepland] == ["L", "G", "B", "E"]  # input order


def test_adviesdagen_and_vergaderdag_are_honoured():
    p = plan(documenten=[D1], adviesdagen=0)  # window up to 22-03: the latest Wednesday is 17-03
    assert overzicht(p) == [(date(2027, 3, 17), False, ["D1"])]
    p = plan(documenten=[D1], vergaderdag=0)  # Mondays; window 01-03 .. 15-03
    assert overzicht(p) == [(date(2027, 3, 15), False, ["D1"])]
    geldig(p, documenten=[D1], vergaderdag=0)


def test_existing_meetings_are_reused_first():
    p = plan(bestaande=[date(2027, 3, 17)])
    assert overzicht(p) == [
        (date(2027, 3, 10), False, ["D1"]),
        (date(2027, 3, 17), True, ["D2", "D3"]),
        (date(2027, 4, 7), False, ["D4"]),
    ]
    assert p.nieuwe == 2
    geldig(p, bestaande=[date(2027, 3, 17)])


def test_an_existing_meeting_that_clashes_is_kept_with_a_note():
    # The Raadstafel already meets on Thursday 11-03 and on 10-03, when Eindhoven meets: reused, with a warning.
    bestaande = [date(2027, 3, 10), date(2027, 3, 11)]
    p = plan(documenten=[D1, D2], raden=[EINDHOVEN], bestaande=bestaande)
    assert overzicht(p) == [(date(2027, 3, 10), True, ["D1", "D2"]), (date(2027, 3, 11), True, [])]
    assert p.vergaderingen[0].notitie == "let op: Eindhoven vergadert op 10-03"
    assert p.vergaderingen[1].notitie is None
    assert p.nieuwe == 0
    geldig(p, documenten=[D1, D2], raden=[EINDHOVEN], bestaande=bestaande)


def test_capacity_spreads_documents_and_reports_overflow():
    stukken = [doc(f"S{i}", date(2027, 3, 1), date(2027, 3, 24)) for i in range(4)]  # 03, 10 and 17 March
    p = plan(documenten=stukken, max_documenten=1)
    assert overzicht(p) == [
        (date(2027, 3, 3), False, ["S2"]),
        (date(2027, 3, 10), False, ["S1"]),
        (date(2027, 3, 17), False, ["S0"]),
    ]
    assert p.niet_gepland == [
        (
            "S3",
            "alle geschikte woensdagen tussen 03-03 en 17-03 zitten vol (1 stuk per vergadering): 03-03, 10-03, 17-03",
        )
    ]
    geldig(p, documenten=stukken, max_documenten=1)
    p = plan(documenten=stukken, max_documenten=2)
    assert [len(v.documenten) for v in p.vergaderingen] == [2, 2] and p.niet_gepland == []


def test_a_full_window_frees_a_seat_by_moving_an_earlier_document():
    # One document a meeting. A's window has 03-03 and 10-03, B's and C's 10-03 and 17-03. By deadline A first: a
    # meeting as late as possible (10-03); B opens 17-03; C finds both full, so A moves to a new meeting on 03-03.
    a = doc("A", date(2027, 3, 1), date(2027, 3, 10))
    b = doc("B", date(2027, 3, 4), date(2027, 3, 17))
    c = doc("C", date(2027, 3, 4), date(2027, 3, 17))
    p = plan(documenten=[a, b, c], max_documenten=1, adviesdagen=0)
    assert overzicht(p) == [
        (date(2027, 3, 3), False, ["A"]),
        (date(2027, 3, 10), False, ["C"]),
        (date(2027, 3, 17), False, ["B"]),
    ]
    assert p.niet_gepland == []
    geldig(p, documenten=[a, b, c], max_documenten=1, adviesdagen=0)


def test_capacity_prefers_the_document_with_the_earlier_deadline():
    # 10-03 holds one: D1 (deadline 10-03) gets it before D2 (deadline 17-03), so both are advised.
    p = plan(documenten=[D2, D1], raden=[], max_documenten=1, bestaande=[date(2027, 3, 10)], tot=date(2027, 3, 12))
    assert overzicht(p) == [(date(2027, 3, 3), False, ["D1"]), (date(2027, 3, 10), True, ["D2"])]
    assert p.niet_gepland == []


def test_as_dict_is_json():
    p = plan(
        raden=[EINDHOVEN],
        bestaande=[date(2027, 3, 10)],
        documenten=[D1, doc("L", date(2027, 3, 10), date(2027, 3, 12))],
    )
    data = json.loads(json.dumps(p.as_dict()))
    assert data["vergaderdag"] == "woensdag"
    assert data["nieuwe_vergaderingen"] == 0
    assert data["vergaderingen"] == [
        {
            "datum": "2027-03-10",
            "bestaand": True,
            "aanvang": "19:30",
            "einde": "22:00",
            "documenten": ["D1"],
            "notitie": "let op: Eindhoven vergadert op 10-03",
        }
    ]
    assert data["niet_gepland"][0]["sleutel"] == "L"


def test_custom_evening():
    from datetime import time

    p = plan(documenten=[D1], aanvang=time(20, 0), duur_minuten=90)
    assert (p.vergaderingen[0].aanvang, p.vergaderingen[0].einde) == (time(20, 0), time(21, 30))


@pytest.mark.parametrize(
    ("kw", "melding"),
    [
        ({"tot": date(2026, 12, 31)}, "De einddatum (31-12-2026) ligt vóór de begindatum (01-01-2027)."),
        ({"tot": date(2030, 1, 1)}, "Kies een periode van hoogstens 800 dagen"),
        ({"vergaderdag": 7}, "De vergaderdag moet 0 (maandag) t/m 6 (zondag) zijn, niet 7."),
        ({"max_documenten": 0}, "minstens één stuk per vergadering"),
        ({"adviesdagen": -1}, "Het aantal adviesdagen kan niet negatief zijn."),
        ({"duur_minuten": 0}, "Een vergadering duurt minstens één minuut."),
        ({"documenten": [D1, D1]}, "Elk stuk mag maar één keer voorkomen: D1 staat er meer dan eens in."),
        ({"bestaande": [date(2027, 3, 3)] * 2}, "Elke bestaande vergadering mag maar één keer voorkomen: 03-03-2027."),
    ],
)
def test_bad_input_raises_in_dutch(kw, melding):
    with pytest.raises(ValueError) as fout:
        plan(**kw)
    assert melding in str(fout.value)


def test_optimum_agrees_on_the_hand_case():
    opt = optimum_raadstafel(van=VAN, tot=TOT, documenten=STUKKEN, raden=[EINDHOVEN])
    assert (opt.nieuwe, opt.ondergrens, opt.bewezen, opt.adviseerbaar) == (3, 3, True, 4)


# --- the checker catches planted violations ----------------------------------------------------------------------


def _met(p: RaadstafelPlan, *vergaderingen: RaadstafelVergadering, niet=None) -> RaadstafelPlan:
    return replace(p, vergaderingen=list(vergaderingen), niet_gepland=p.niet_gepland if niet is None else niet)


@pytest.mark.parametrize(
    ("vergaderingen", "niet", "regels"),
    [
        # D1 after its window (deadline 15-03), D2 before it is available
        (
            [(date(2027, 3, 17), False, ["D1"]), (date(2027, 3, 3), False, ["D2"])],
            [("D3", "x"), ("D4", "x")],
            {"adviesvenster"},
        ),
        # a new meeting on Eindhoven's evening
        (
            [
                (date(2027, 3, 10), False, ["D1", "D2"]),
                (date(2027, 3, 31), False, ["D3"]),
                (date(2027, 4, 7), False, ["D4"]),
            ],
            [],
            {"gemeente_vergadert"},
        ),
        # on a Thursday
        (
            [
                (date(2027, 3, 11), False, ["D1", "D2"]),
                (date(2027, 3, 31), False, ["D3"]),
                (date(2027, 4, 7), False, ["D4"]),
            ],
            [],
            {"vergaderdag"},
        ),
        # over capacity (2)
        ([(date(2027, 3, 17), False, ["D2", "D3", "D1"])], [("D4", "x")], {"capaciteit", "adviesvenster"}),
        # a document twice, one missing, one unknown
        (
            [(date(2027, 3, 3), False, ["D1", "ZZ"]), (date(2027, 3, 17), False, ["D1", "D2", "D3"])],
            [],
            {"dubbel", "ontbreekt", "onbekend_stuk", "capaciteit", "adviesvenster"},  # D1 on 17-03 is late too
        ),
        # planned and also listed as not planned
        (
            [
                (date(2027, 3, 3), False, ["D1"]),
                (date(2027, 3, 17), False, ["D2", "D3"]),
                (date(2027, 4, 7), False, ["D4"]),
            ],
            [("D4", "vol")],
            {"dubbel"},
        ),
        # two meetings on one date
        (
            [
                (date(2027, 3, 3), False, ["D1"]),
                (date(2027, 3, 3), False, []),
                (date(2027, 3, 17), False, ["D2", "D3"]),
                (date(2027, 4, 7), False, ["D4"]),
            ],
            [],
            {"dubbele_vergadering"},
        ),
        # "existing" but not on the calendar
        (
            [
                (date(2027, 3, 3), True, ["D1"]),
                (date(2027, 3, 17), False, ["D2", "D3"]),
                (date(2027, 4, 7), False, ["D4"]),
            ],
            [],
            {"bestaand"},
        ),
    ],
)
def test_checker_catches_planted_violations(vergaderingen, niet, regels):
    p = plan(raden=[EINDHOVEN])
    assert controleer_raadstafel(p, documenten=STUKKEN, raden=[EINDHOVEN], max_documenten=2) == []
    kapot = _met(p, *(RaadstafelVergadering(d, b, ds) for d, b, ds in vergaderingen), niet=niet)
    schendingen = controleer_raadstafel(
        kapot, documenten=STUKKEN, raden=[EINDHOVEN], max_documenten=2, bestaande=[], van=VAN, tot=TOT
    )
    assert {s.regel for s in schendingen} == regels


def test_checker_catches_holiday_recess_and_period():
    x = doc("X", date(2027, 4, 26), date(2027, 12, 1))
    reces = Periode(date(2027, 7, 10), date(2027, 8, 22), "zomerreces")
    p = plan(documenten=[x], recessen=[reces], tot=date(2027, 9, 30))
    for d, regel in [(date(2027, 5, 5), "feestdag"), (date(2027, 7, 14), "reces"), (date(2027, 10, 6), "planperiode")]:
        kapot = _met(p, RaadstafelVergadering(d, False, ["X"]))
        schendingen = controleer_raadstafel(
            kapot, documenten=[x], raden=[], recessen=[reces], van=VAN, tot=date(2027, 9, 30)
        )
        assert [s.regel for s in schendingen] == [regel]
        assert schendingen[0].datum == d
    # an existing meeting on those dates is not a breach
    kapot = _met(p, RaadstafelVergadering(date(2027, 5, 5), True, ["X"]))
    assert controleer_raadstafel(kapot, documenten=[x], raden=[], recessen=[reces], bestaande=[date(2027, 5, 5)]) == []


def test_checker_names_the_council():
    p = _met(plan(documenten=[D1]), RaadstafelVergadering(date(2027, 3, 10), False, ["D1"]))
    (s,) = controleer_raadstafel(p, documenten=[D1], raden=[BEST, EINDHOVEN])
    assert (s.regel, s.wie, s.datum) == ("gemeente_vergadert", "GM0772", date(2027, 3, 10))
    assert s.uitleg == "Nieuwe vergadering op 10-03-2027, terwijl Eindhoven dan vergadert."


# --- brute force on small random instances -----------------------------------------------------------------------

H_VAN = date(2027, 3, 1)  # a Monday; the horizon is 10 weeks: ten Wednesdays at most


def _toegestaan(van: date, tot: date, raden, recessen, vergaderdag: int) -> list[date]:
    """Allowed new dates, derived in the test from the rules themselves."""
    uit = []
    d = van
    while d <= tot:
        if (
            d.weekday() == vergaderdag
            and feestdag(d) is None
            and not any(p.van <= d <= p.tot for p in recessen)
            and not any(r.vergadert(d) for r in raden)
        ):
            uit.append(d)
        d += timedelta(days=1)
    return uit


def _koppeling(documenten, data: list[date], cap: int, adviesdagen: int) -> int:
    """Maximum number of documents placed on ``data`` (``cap`` each), by augmenting paths (Kuhn)."""
    plekken = [d for d in data for _ in range(cap)]
    bezet: dict[int, int] = {}

    def zoek(i: int, gezien: set[int]) -> bool:
        a, z = documenten[i].beschikbaar, documenten[i].eerste_commissie - timedelta(days=adviesdagen)
        for j, d in enumerate(plekken):
            if a <= d <= z and j not in gezien:
                gezien.add(j)
                if j not in bezet or zoek(bezet[j], gezien):
                    bezet[j] = i
                    return True
        return False

    return sum(zoek(i, set()) for i in range(len(documenten)))


def _brute_force(documenten, nieuw: list[date], bestaande: list[date], cap: int, adviesdagen: int) -> tuple[int, int]:
    """(most documents advisable, fewest new meetings to advise that many) by enumerating subsets of new dates."""
    beste = _koppeling(documenten, nieuw + bestaande, cap, adviesdagen)
    for k in range(len(nieuw) + 1):
        for keuze in combinations(nieuw, k):
            if _koppeling(documenten, list(keuze) + bestaande, cap, adviesdagen) == beste:
                return beste, k
    raise AssertionError("onbereikbaar")


@st.composite
def instanties(draw):
    weken = draw(st.integers(3, 10))
    tot = H_VAN + timedelta(days=7 * weken - 1)
    dagen = st.integers(0, 7 * weken - 1).map(lambda i: H_VAN + timedelta(days=i))
    woensdagen = st.integers(0, weken - 1).map(lambda i: H_VAN + timedelta(days=2 + 7 * i))
    raden = [
        Raad(f"GM{i:04d}", f"Gemeente {i}", vergaderingen=tuple(Bijeenkomst(d, "raad", "raad") for d in data))
        for i, data in enumerate(draw(st.lists(st.lists(st.one_of(woensdagen, dagen), max_size=3), max_size=3)))
    ]
    recessen = []
    if draw(st.booleans()):
        a = draw(dagen)
        recessen.append(Periode(a, a + timedelta(days=draw(st.integers(0, 20))), "reces"))
    bestaande = sorted(set(draw(st.lists(dagen, max_size=2))))
    n = draw(st.integers(1, 7))
    documenten = []
    for i in range(n):
        a = draw(dagen) - timedelta(days=draw(st.integers(0, 10)))
        documenten.append(doc(f"S{i}", a, a + timedelta(days=draw(st.integers(0, 45)))))
    return {
        "van": H_VAN,
        "tot": tot,
        "documenten": documenten,
        "raden": raden,
        "recessen": recessen,
        "bestaande": bestaande,
        "max_documenten": draw(st.sampled_from([1, 2, 3, 100])),
        "adviesdagen": draw(st.integers(0, 10)),
    }


@pytest.mark.slow
@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instanties())
def test_plan_passes_checker_and_matches_brute_force(inst):
    p = plan_raadstafel(**inst)
    kw = {k: inst[k] for k in ("documenten", "raden", "recessen", "max_documenten", "adviesdagen", "bestaande")}
    assert controleer_raadstafel(p, **kw, van=inst["van"], tot=inst["tot"]) == []

    nieuw = _toegestaan(inst["van"], inst["tot"], inst["raden"], inst["recessen"], WO)
    nieuw = [d for d in nieuw if d not in inst["bestaande"]]
    beste, minimum = _brute_force(
        inst["documenten"], nieuw, inst["bestaande"], inst["max_documenten"], inst["adviesdagen"]
    )
    # "not plannable" is true: the plan advises as many documents as any plan can.
    assert len(inst["documenten"]) - len(p.niet_gepland) == beste
    grens = ondergrens(**{k: v for k, v in inst.items()})
    assert grens <= minimum <= p.nieuwe
    if inst["max_documenten"] >= len(inst["documenten"]):  # capacity does not bind: the greedy is exact
        assert p.nieuwe == minimum == grens


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(instanties())
def test_cp_sat_optimum_equals_brute_force(inst):
    opt = optimum_raadstafel(**inst, tijdslimiet=5.0)
    nieuw = _toegestaan(inst["van"], inst["tot"], inst["raden"], inst["recessen"], WO)
    nieuw = [d for d in nieuw if d not in inst["bestaande"]]
    beste, minimum = _brute_force(
        inst["documenten"], nieuw, inst["bestaande"], inst["max_documenten"], inst["adviesdagen"]
    )
    assert opt.bewezen and (opt.nieuwe, opt.adviseerbaar) == (minimum, beste)
