"""Same-day planning on hand-made regions: every status, every blocking reason, the order, opt-outs, bad input.

The region of most tests (2027; default lead time 10 + 14 = 24 days, so from ``VAN`` = 15 March nobody can
deliberate before 8 April):
- Aadorp (Tuesdays): raad on 1 April (too early), 13 April (5 items), 27 April (King's Day, 0 items: the council
  chose it), 11 May (12 items: full); a committee on Tuesday 18 May.
- Beekdal (Tuesdays): a recess 24 April - 9 May; raad on 20 April (11 items) and on 4 May (3 items, in the recess).
- Calslo (Thursdays): raad on Tuesday 13 April (2 items) and Tuesday 25 May (0 items).
"""

import json
import re
from datetime import date, timedelta

import pytest

from app.planning.gelijke_dag import (
    BESTAANDE,
    EXTRA,
    GEBLOKKEERD,
    GelijkeDagPlan,
    plan_gelijke_dag,
)
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

MA, DI, DO = 0, 1, 3
VAN, TOT = date(2027, 3, 15), date(2027, 5, 31)


def raad(d: date, punten: int, vid: int, soort: str = "raad") -> Bijeenkomst:
    return Bijeenkomst(datum=d, orgaan=soort, soort=soort, agendapunten=punten, vergadering_id=vid)


AADORP = Raad(
    "GM0001",
    "Aadorp",
    Planregels(vergaderdag=DI),
    vergaderingen=(
        raad(date(2027, 4, 1), 0, 10),
        raad(date(2027, 4, 13), 5, 11),
        raad(date(2027, 4, 27), 0, 12),
        raad(date(2027, 5, 11), 12, 13),
        raad(date(2027, 5, 18), 4, 14, "commissie"),
    ),
)
BEEKDAL = Raad(
    "GM0002",
    "Beekdal",
    Planregels(vergaderdag=DI),
    recessen=(Periode(date(2027, 4, 24), date(2027, 5, 9), "meireces"),),
    vergaderingen=(raad(date(2027, 4, 20), 11, 22), raad(date(2027, 5, 4), 3, 21)),
)
CALSLO = Raad(
    "GM0003",
    "Calslo",
    Planregels(vergaderdag=DO),
    vergaderingen=(raad(date(2027, 4, 13), 2, 31), raad(date(2027, 5, 25), 0, 32)),
)
REGIO = [AADORP, BEEKDAL, CALSLO]

EXTRA_DI = "extra raadsvergadering mogelijk op de gewone vergaderdag (dinsdag)"
VOORBEREIDING = "voorbereiding: vóór 08-04 niet haalbaar (agenda 10 dagen vooraf, commissie 14 dagen vóór de raad)"


def oordeel(plan: GelijkeDagPlan, code: str, d: date):
    dag = next(x for x in plan.overwogen if x.datum == d)
    return next(o for o in dag.gemeenten if o.code == code)


@pytest.mark.parametrize(
    ("code", "d", "status", "reden", "vergadering_id", "oorzaak"),
    [
        # lead time first: even an existing meeting is too early
        ("GM0001", date(2027, 4, 1), GEBLOKKEERD, VOORBEREIDING, None, "voorbereiding"),
        ("GM0001", date(2027, 4, 7), GEBLOKKEERD, VOORBEREIDING, None, "voorbereiding"),
        ("GM0001", date(2027, 4, 13), BESTAANDE, "raadsvergadering staat gepland (5 van 12 agendapunten)", 11, None),
        # an existing meeting on a holiday is still a meeting: the council put it there
        ("GM0001", date(2027, 4, 27), BESTAANDE, "raadsvergadering staat gepland (0 van 12 agendapunten)", 12, None),
        ("GM0001", date(2027, 5, 11), GEBLOKKEERD, "agenda vol (12 van 12 agendapunten)", 13, "agenda_vol"),
        (
            "GM0001",
            date(2027, 5, 18),
            GEBLOKKEERD,
            "een commissie van deze raad vergadert al op deze avond",
            None,
            "geen_vergadering",
        ),
        ("GM0001", date(2027, 4, 20), EXTRA, EXTRA_DI, None, None),
        (
            "GM0001",
            date(2027, 4, 8),
            GEBLOKKEERD,
            "geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag (dinsdag)",
            None,
            "geen_vergadering",
        ),
        (
            "GM0001",
            date(2027, 4, 10),
            GEBLOKKEERD,
            "geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag (dinsdag)",
            None,
            "geen_vergadering",
        ),
        ("GM0001", date(2027, 5, 5), GEBLOKKEERD, "feestdag (Bevrijdingsdag)", None, "feestdag"),
        ("GM0001", date(2027, 5, 6), GEBLOKKEERD, "feestdag (Hemelvaartsdag)", None, "feestdag"),
        ("GM0001", date(2027, 5, 17), GEBLOKKEERD, "feestdag (Tweede pinksterdag)", None, "feestdag"),
        ("GM0002", date(2027, 4, 20), BESTAANDE, "raadsvergadering staat gepland (11 van 12 agendapunten)", 22, None),
        # a meeting in the recess wins over the recess; a holiday in the recess is named as the holiday
        ("GM0002", date(2027, 5, 4), BESTAANDE, "raadsvergadering staat gepland (3 van 12 agendapunten)", 21, None),
        ("GM0002", date(2027, 4, 27), GEBLOKKEERD, "feestdag (Koningsdag)", None, "feestdag"),
        ("GM0002", date(2027, 4, 28), GEBLOKKEERD, "meireces (24-04 t/m 09-05)", None, "reces"),
        ("GM0002", date(2027, 5, 11), EXTRA, EXTRA_DI, None, None),
        ("GM0003", date(2027, 4, 13), BESTAANDE, "raadsvergadering staat gepland (2 van 12 agendapunten)", 31, None),
        (
            "GM0003",
            date(2027, 4, 15),
            EXTRA,
            "extra raadsvergadering mogelijk op de gewone vergaderdag (donderdag)",
            None,
            None,
        ),
        (
            "GM0003",
            date(2027, 4, 20),
            GEBLOKKEERD,
            "geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag (donderdag)",
            None,
            "geen_vergadering",
        ),
    ],
)
def test_every_status_and_every_reason(code, d, status, reden, vergadering_id, oorzaak):
    o = oordeel(plan_gelijke_dag(REGIO, van=VAN, tot=TOT), code, d)
    assert (o.status, o.reden, o.vergadering_id, o.oorzaak) == (status, reden, vergadering_id, oorzaak)
    assert o.naam == {"GM0001": "Aadorp", "GM0002": "Beekdal", "GM0003": "Calslo"}[code]


def test_the_candidates_of_the_region():
    plan = plan_gelijke_dag(REGIO, van=VAN, tot=TOT)
    # 13 April: Aadorp and Calslo meet, Beekdal adds one. 25 May: only Calslo meets. Nothing else fits Calslo's
    # Thursdays and the others' Tuesdays.
    assert [(k.datum, k.extra) for k in plan.kandidaten] == [(date(2027, 4, 13), 1), (date(2027, 5, 25), 2)]
    eerste = plan.kandidaten[0]
    assert [(o.code, o.status, o.vergadering_id) for o in eerste.gemeenten] == [
        ("GM0001", BESTAANDE, 11),
        ("GM0002", EXTRA, None),
        ("GM0003", BESTAANDE, 31),
    ]
    assert eerste.agendalast == 7
    assert plan.uitleg == [] and plan.samenvatting is None


def test_a_voorstel_of_two_items_no_longer_fits_a_nearly_full_agenda():
    een = oordeel(plan_gelijke_dag(REGIO, van=VAN, tot=TOT, punten=1), "GM0002", date(2027, 4, 20))
    twee = oordeel(plan_gelijke_dag(REGIO, van=VAN, tot=TOT, punten=2), "GM0002", date(2027, 4, 20))
    assert een.status == BESTAANDE
    assert (twee.status, twee.reden) == (GEBLOKKEERD, "agenda vol (11 van 12 agendapunten; dit voorstel vraagt er 2)")


def test_the_councils_own_lead_times_and_agenda_size():
    eigen = Raad(
        "GM0009",
        "Eigenwijs",
        Planregels(vergaderdag=DI, publicatie_dagen=7, commissie_voor_raad_dagen=21, max_agendapunten=4),
        vergaderingen=(raad(date(2027, 4, 20), 3, 90), raad(date(2027, 4, 27), 4, 91)),
    )
    plan = plan_gelijke_dag([eigen], van=date(2027, 3, 15), tot=date(2027, 4, 30))
    # 15 March + 7 + 21 days = 12 April
    assert oordeel(plan, "GM0009", date(2027, 4, 11)).reden == (
        "voorbereiding: vóór 12-04 niet haalbaar (agenda 7 dagen vooraf, commissie 21 dagen vóór de raad)"
    )
    assert oordeel(plan, "GM0009", date(2027, 4, 13)).status == EXTRA
    assert oordeel(plan, "GM0009", date(2027, 4, 20)).reden == "raadsvergadering staat gepland (3 van 4 agendapunten)"
    assert oordeel(plan, "GM0009", date(2027, 4, 27)).reden == "agenda vol (4 van 4 agendapunten)"
    assert [k.datum for k in plan.kandidaten] == [date(2027, 4, 20), date(2027, 4, 13)]


def test_a_council_without_a_usual_weekday_can_only_use_its_meetings():
    vrij = Raad("GM0008", "Vrijdorp", Planregels(vergaderdag=None), vergaderingen=(raad(date(2027, 6, 3), 0, 80),))
    plan = plan_gelijke_dag([vrij], van=date(2027, 5, 1), tot=date(2027, 6, 30))
    assert oordeel(plan, "GM0008", date(2027, 6, 1)).reden == (
        "geen vergadering en geen gewone vergaderdag om er een toe te voegen"
    )
    assert [(k.datum, k.extra) for k in plan.kandidaten] == [(date(2027, 6, 3), 0)]


def test_the_emptier_of_two_raad_meetings_on_one_day_is_used():
    twee = Raad(
        "GM0007",
        "Tweeling",
        Planregels(vergaderdag=DI),
        vergaderingen=(raad(date(2027, 6, 8), 12, 70), raad(date(2027, 6, 8), 6, 71)),
    )
    o = oordeel(plan_gelijke_dag([twee], van=date(2027, 5, 1), tot=date(2027, 6, 30)), "GM0007", date(2027, 6, 8))
    assert (o.status, o.vergadering_id) == (BESTAANDE, 71)
    assert o.reden == "raadsvergadering staat gepland (6 van 12 agendapunten)"


def _dinsdagraad(code: str, vergaderingen: dict[date, int]) -> Raad:
    return Raad(
        code,
        f"Gemeente {code}",
        Planregels(vergaderdag=DI),
        vergaderingen=tuple(raad(d, n, hash((code, d)) % 10_000) for d, n in vergaderingen.items()),
    )


def test_order_all_meet_before_one_extra_before_two_extra_then_load_then_date():
    # Tuesdays in June 2027: 1, 8, 15, 22, 29. Released 1 May, so every June day is past the lead time.
    r1 = _dinsdagraad("GM0101", {date(2027, 6, 8): 5, date(2027, 6, 15): 1, date(2027, 6, 1): 2, date(2027, 6, 22): 0})
    r2 = _dinsdagraad("GM0102", {date(2027, 6, 8): 5, date(2027, 6, 15): 1, date(2027, 6, 1): 2})
    r3 = _dinsdagraad("GM0103", {date(2027, 6, 8): 5, date(2027, 6, 15): 1})
    plan = plan_gelijke_dag([r1, r2, r3], van=date(2027, 5, 1), tot=date(2027, 6, 30))
    assert [(k.datum, k.extra, k.agendalast) for k in plan.kandidaten] == [
        (date(2027, 6, 15), 0, 3),  # all meet, light agendas
        (date(2027, 6, 8), 0, 15),  # all meet, heavier agendas
        (date(2027, 6, 1), 1, 4),
        (date(2027, 6, 22), 2, 0),
        (date(2027, 5, 25), 3, 0),  # no meetings at all: three extra, earliest first
        (date(2027, 6, 29), 3, 0),
    ]


def test_an_opt_out_changes_the_answer():
    zonder_calslo = plan_gelijke_dag(REGIO, van=VAN, tot=TOT, zonder=["gm0003 "])
    # Without Calslo's Thursdays the Tuesdays open up: 4 May (Beekdal meets, 3 items), 13 April (Aadorp, 5),
    # 20 April (Beekdal, 11), then 25 May with two extra meetings.
    assert [(k.datum, k.extra) for k in zonder_calslo.kandidaten] == [
        (date(2027, 5, 4), 1),
        (date(2027, 4, 13), 1),
        (date(2027, 4, 20), 1),
        (date(2027, 5, 25), 2),
    ]
    assert all([o.code for o in k.gemeenten] == ["GM0001", "GM0002"] for k in zonder_calslo.kandidaten)
    assert plan_gelijke_dag(REGIO, van=VAN, tot=TOT, zonder=["GM0003"]).kandidaten == zonder_calslo.kandidaten
    # Taking the council out of the list is the same as opting it out.
    assert plan_gelijke_dag([AADORP, BEEKDAL], van=VAN, tot=TOT).kandidaten == zonder_calslo.kandidaten


def test_every_date_is_considered_with_every_council():
    plan = plan_gelijke_dag(REGIO, van=VAN, tot=TOT)
    assert [d.datum for d in plan.overwogen] == [VAN + timedelta(days=i) for i in range((TOT - VAN).days + 1)]
    assert all([o.code for o in d.gemeenten] == ["GM0001", "GM0002", "GM0003"] for d in plan.overwogen)
    assert [d.datum for d in plan.overwogen if d.kan] == [date(2027, 4, 13), date(2027, 5, 25)]
    assert all(o.reden for d in plan.overwogen for o in d.gemeenten)


# --- when no date works --------------------------------------------------------------------------------------

P = Raad("GM0201", "Polder", Planregels(vergaderdag=DI))
Q = Raad("GM0202", "Kwelder", Planregels(vergaderdag=DO), recessen=(Periode(date(2027, 4, 19), date(2027, 4, 25)),))


def test_no_date_explains_per_council_with_counts_and_the_open_days():
    plan = plan_gelijke_dag([P, Q], van=date(2027, 4, 1), tot=date(2027, 4, 30))
    assert plan.kandidaten == []
    # Lead time until 24 April; then Sunday 25 - Friday 30 April. Kwelder's recess (19-25 April) shows only on
    # Sunday 25 April. Tuesday 27 April is King's Day; Kwelder can on Thursday 29 April, Polder never.
    assert [(u.code, u.naam, u.reden) for u in plan.uitleg] == [
        (
            "GM0201",
            "Polder",
            "kan op geen van de 30 dagen; geblokkeerd door voorbereiding (24 dagen), "
            "geen vergadering mogelijk (5 dagen), feestdag (1 dag)",
        ),
        (
            "GM0202",
            "Kwelder",
            "kan op 1 van 30 dagen (29-04); geblokkeerd door voorbereiding (24 dagen), "
            "geen vergadering mogelijk (3 dagen), feestdag (1 dag), reces (1 dag)",
        ),
    ]
    assert plan.uitleg[1].mogelijk == 1
    assert plan.uitleg[1].blokkades == {"voorbereiding": 24, "geen_vergadering": 3, "feestdag": 1, "reces": 1}
    assert plan.samenvatting == (
        "Er is geen dag van 01-04-2027 t/m 30-04-2027 waarop beide raden het voorstel kunnen behandelen. "
        "Polder kan op geen enkele dag in deze periode."
    )


def test_no_date_because_the_open_days_never_coincide():
    plan = plan_gelijke_dag([P, Q], van=date(2027, 3, 1), tot=date(2027, 4, 16))
    assert plan.kandidaten == []
    # Lead time until 24 March; Good Friday, Easter Sunday and Easter Monday follow. Polder can on its Tuesdays,
    # Kwelder on its Thursdays (its recess starts after the window).
    assert [u.reden for u in plan.uitleg] == [
        "kan op 3 van 47 dagen (30-03, 06-04, 13-04); geblokkeerd door voorbereiding (24 dagen), "
        "geen vergadering mogelijk (17 dagen), feestdag (3 dagen)",
        "kan op 4 van 47 dagen (25-03, 01-04, 08-04, 15-04); geblokkeerd door voorbereiding (24 dagen), "
        "geen vergadering mogelijk (16 dagen), feestdag (3 dagen)",
    ]
    assert plan.samenvatting == (
        "Er is geen dag van 01-03-2027 t/m 16-04-2027 waarop beide raden het voorstel kunnen behandelen. "
        "Elke raad kan op sommige dagen, maar nooit alle raden op dezelfde dag."
    )


def test_no_date_because_the_window_ends_before_the_lead_time():
    plan = plan_gelijke_dag([AADORP, BEEKDAL, CALSLO], van=date(2027, 4, 1), tot=date(2027, 4, 12))
    assert plan.kandidaten == []
    assert {u.reden for u in plan.uitleg} == {"kan op geen van de 12 dagen; geblokkeerd door voorbereiding (12 dagen)"}
    assert plan.samenvatting == (
        "Er is geen dag van 01-04-2027 t/m 12-04-2027 waarop alle 3 raden het voorstel kunnen behandelen. "
        "Aadorp, Beekdal en Calslo kunnen op geen enkele dag in deze periode. De voorbereiding (agenda en commissie) "
        "laat behandeling niet vóór 25-04-2027 toe; kies een latere einddatum of stuur het voorstel eerder naar de "
        "raden."
    )


def test_a_single_day_window():
    plan = plan_gelijke_dag([P], van=date(2027, 6, 1), tot=date(2027, 6, 1))
    assert plan.uitleg[0].reden == "kan niet op 01-06-2027; geblokkeerd door voorbereiding (1 dag)"
    assert plan.samenvatting.startswith("Er is geen dag van 01-06-2027 t/m 01-06-2027 waarop de raad het voorstel kan")


# --- the JSON ------------------------------------------------------------------------------------------------


def test_as_dict_has_exactly_the_shape_the_cli_and_api_print():
    d = plan_gelijke_dag(REGIO, van=VAN, tot=TOT).as_dict()
    assert list(d) == ["van", "tot", "kandidaten", "uitleg"]
    assert (d["van"], d["tot"], d["uitleg"]) == ("2027-03-15", "2027-05-31", None)
    assert d["kandidaten"][0] == {
        "datum": "2027-04-13",
        "extra_vergaderingen": 1,
        "gemeenten": [
            {
                "code": "GM0001",
                "naam": "Aadorp",
                "status": "bestaande_vergadering",
                "reden": "raadsvergadering staat gepland (5 van 12 agendapunten)",
                "vergadering_id": 11,
            },
            {
                "code": "GM0002",
                "naam": "Beekdal",
                "status": "extra_vergadering",
                "reden": EXTRA_DI,
                "vergadering_id": None,
            },
            {
                "code": "GM0003",
                "naam": "Calslo",
                "status": "bestaande_vergadering",
                "reden": "raadsvergadering staat gepland (2 van 12 agendapunten)",
                "vergadering_id": 31,
            },
        ],
    }
    assert json.loads(json.dumps(d)) == d


def test_as_dict_without_a_date_and_with_the_considerations():
    plan = plan_gelijke_dag([P, Q], van=date(2027, 4, 1), tot=date(2027, 4, 30))
    d = plan.as_dict(overwegingen=True)
    assert list(d) == ["van", "tot", "kandidaten", "uitleg", "overwogen"]
    assert d["kandidaten"] == []
    assert list(d["uitleg"]) == ["samenvatting", "gemeenten"]
    assert d["uitleg"]["gemeenten"][0] == {"code": "GM0201", "naam": "Polder", "reden": plan.uitleg[0].reden}
    assert len(d["overwogen"]) == 30
    assert d["overwogen"][28] == {
        "datum": "2027-04-29",
        "gemeenten": [
            {
                "code": "GM0201",
                "naam": "Polder",
                "status": "geblokkeerd",
                "reden": "geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag (dinsdag)",
                "vergadering_id": None,
            },
            {
                "code": "GM0202",
                "naam": "Kwelder",
                "status": "extra_vergadering",
                "reden": "extra raadsvergadering mogelijk op de gewone vergaderdag (donderdag)",
                "vergadering_id": None,
            },
        ],
    }
    json.dumps(d)


# --- bad questions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raden", "kwargs", "fragment"),
    [
        (REGIO, {"zonder": ["GM0344"]}, "Geen deelnemer: GM0344."),
        (REGIO, {"zonder": ["GM0001", "GM0002", "GM0003"]}, "Zonder deelnemende gemeenten valt er niets te plannen."),
        ([], {}, "Zonder deelnemende gemeenten valt er niets te plannen."),
        ([AADORP, AADORP], {}, "GM0001 staat er meer dan eens in"),
        (REGIO, {"van": date(2027, 5, 1), "tot": date(2027, 4, 30)}, "ligt vóór de begindatum"),
        (REGIO, {"van": date(2027, 1, 1), "tot": date(2028, 2, 6)}, "hoogstens 400 dagen (nu 401 dagen"),
        (REGIO, {"punten": 0}, "minstens één agendapunt"),
    ],
)
def test_bad_questions_raise_a_dutch_value_error(raden, kwargs, fragment):
    kwargs = {"van": VAN, "tot": TOT, **kwargs}
    with pytest.raises(ValueError, match=re.escape(fragment)):
        plan_gelijke_dag(raden, **kwargs)


def test_the_longest_window_is_accepted():
    plan = plan_gelijke_dag(REGIO, van=date(2027, 1, 1), tot=date(2027, 1, 1) + timedelta(days=400))
    assert len(plan.overwogen) == 401
