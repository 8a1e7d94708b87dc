"""The same-day checker on its own: it accepts a sound plan and names every planted violation.

Region (2027, default lead time 24 days, released 15 March so nothing before 8 April):
- Aadorp (Tuesdays): raad 13 April (5 items, id 11), raad 11 May (12 items: full, id 13), committee Tuesday
  20 April (id 14); a summer recess 10 July - 22 August.
- Beekdal (Tuesdays): raad 13 April (0 items, id 21), raad 20 April (2 items, id 22); a recess 14-21 September.
"""

import ast
import inspect
from datetime import date

import pytest

import app.planning.controle.gelijke_dag as controle_module
from app.planning.controle.gelijke_dag import controleer_gelijke_dag
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

DI = 1
VAN, TOT = date(2027, 3, 15), date(2027, 9, 30)
B, X, G = "bestaande_vergadering", "extra_vergadering", "geblokkeerd"


def vergadering(d: date, punten: int, vid: int, soort: str = "raad") -> Bijeenkomst:
    return Bijeenkomst(datum=d, orgaan=soort, soort=soort, agendapunten=punten, vergadering_id=vid)


AADORP = Raad(
    "GM0001",
    "Aadorp",
    Planregels(vergaderdag=DI),
    recessen=(Periode(date(2027, 7, 10), date(2027, 8, 22), "zomerreces"),),
    vergaderingen=(
        vergadering(date(2027, 4, 13), 5, 11),
        vergadering(date(2027, 5, 11), 12, 13),
        vergadering(date(2027, 4, 20), 3, 14, "commissie"),
    ),
)
BEEKDAL = Raad(
    "GM0002",
    "Beekdal",
    Planregels(vergaderdag=DI),
    recessen=(Periode(date(2027, 9, 14), date(2027, 9, 21), "herfstreces"),),
    vergaderingen=(vergadering(date(2027, 4, 13), 0, 21), vergadering(date(2027, 4, 20), 2, 22)),
)
RADEN = [AADORP, BEEKDAL]


def check(datum, gemeenten, *, punten=1, raden=RADEN, van=VAN, tot=TOT):
    return controleer_gelijke_dag(datum, gemeenten, raden=raden, van=van, tot=tot, punten=punten)


def regels(schendingen):
    return sorted((s.regel, s.wie) for s in schendingen)


@pytest.mark.parametrize(
    ("datum", "gemeenten", "raden"),
    [
        (date(2027, 4, 13), [("GM0001", B, 11), ("GM0002", B, 21)], RADEN),
        (date(2027, 4, 13), [("GM0002", B, 21), ("GM0001", B, 11)], RADEN),  # order does not matter
        (date(2027, 6, 1), [("GM0001", X, None), ("GM0002", X, None)], RADEN),
        (date(2027, 4, 13), [("GM0001", B, 11)], [AADORP]),  # Beekdal opted out
        (date(2027, 4, 20), [("GM0002", B, 22)], [BEEKDAL]),  # 2 + 1 of 12 items
    ],
)
def test_a_sound_plan_passes(datum, gemeenten, raden):
    assert check(datum, gemeenten, raden=raden) == []


@pytest.mark.parametrize(
    ("datum", "gemeenten", "punten", "verwacht"),
    [
        # an extra meeting in the summer recess
        (date(2027, 7, 13), [("GM0001", X, None), ("GM0002", X, None)], 1, [("reces", "GM0001")]),
        # the first and the last day of a recess (both Tuesdays)
        (date(2027, 9, 14), [("GM0001", X, None), ("GM0002", X, None)], 1, [("reces", "GM0002")]),
        (date(2027, 9, 21), [("GM0001", X, None), ("GM0002", X, None)], 1, [("reces", "GM0002")]),
        # a meeting id that Aadorp does not have
        (date(2027, 4, 13), [("GM0001", B, 999), ("GM0002", B, 21)], 1, [("vergadering_onbekend", "GM0001")]),
        # a full agenda
        (date(2027, 5, 11), [("GM0001", B, 13), ("GM0002", X, None)], 1, [("agenda_vol", "GM0001")]),
        # room for one item, not for 13
        (date(2027, 4, 13), [("GM0001", B, 11), ("GM0002", B, 21)], 8, [("agenda_vol", "GM0001")]),
        # too soon after release: both councils
        (
            date(2027, 4, 6),
            [("GM0001", X, None), ("GM0002", X, None)],
            1,
            [("voorbereiding", "GM0001"), ("voorbereiding", "GM0002")],
        ),
        # Ascension Day (Thursday): a holiday and not the usual weekday
        (
            date(2027, 5, 6),
            [("GM0001", X, None), ("GM0002", X, None)],
            1,
            [("feestdag", "GM0001"), ("feestdag", "GM0002"), ("vergaderdag", "GM0001"), ("vergaderdag", "GM0002")],
        ),
        # a Wednesday
        (
            date(2027, 6, 2),
            [("GM0001", X, None), ("GM0002", X, None)],
            1,
            [("vergaderdag", "GM0001"), ("vergaderdag", "GM0002")],
        ),
        # Aadorp's committee meets on 20 April; an extra raad meeting beside Beekdal's existing one is pointless
        (
            date(2027, 4, 20),
            [("GM0001", X, None), ("GM0002", X, None)],
            1,
            [("al_vergadering", "GM0001"), ("al_vergadering", "GM0002")],
        ),
        # the committee meeting is no raad meeting
        (date(2027, 4, 20), [("GM0001", B, 14), ("GM0002", B, 22)], 1, [("geen_raadsvergadering", "GM0001")]),
        # a real raad meeting, but on another day
        (date(2027, 4, 20), [("GM0001", B, 11), ("GM0002", B, 22)], 1, [("andere_dag", "GM0001")]),
        # Beekdal's meeting id used for Aadorp
        (date(2027, 4, 13), [("GM0001", B, 21), ("GM0002", B, 21)], 1, [("vergadering_onbekend", "GM0001")]),
        # a blocked council in an accepted plan
        (date(2027, 4, 13), [("GM0001", G, None), ("GM0002", B, 21)], 1, [("geblokkeerd", "GM0001")]),
        # a council left out, one twice, one that does not take part
        (date(2027, 4, 13), [("GM0001", B, 11)], 1, [("ontbreekt", "GM0002")]),
        (date(2027, 4, 13), [("GM0001", B, 11), ("GM0001", B, 11), ("GM0002", B, 21)], 1, [("dubbel", "GM0001")]),
        (
            date(2027, 4, 13),
            [("GM0001", B, 11), ("GM0002", B, 21), ("GM0344", B, 1)],
            1,
            [("onbekende_gemeente", "GM0344")],
        ),
        # outside the window
        (date(2027, 10, 5), [("GM0001", X, None), ("GM0002", X, None)], 1, [("venster", None)]),
        # nonsense status, and an extra meeting that claims an existing id
        (
            date(2027, 6, 1),
            [("GM0001", "misschien", None), ("GM0002", X, 21)],
            1,
            [("extra_met_nummer", "GM0002"), ("status", "GM0001")],
        ),
    ],
)
def test_planted_violations_are_caught(datum, gemeenten, punten, verwacht):
    schendingen = check(datum, gemeenten, punten=punten)
    assert regels(schendingen) == sorted(verwacht)
    assert all(s.uitleg and s.datum == datum for s in schendingen)


def test_the_reasons_read_as_dutch_sentences():
    [reces] = check(date(2027, 7, 13), [("GM0001", X, None), ("GM0002", X, None)])
    assert reces.uitleg == "Aadorp: een extra vergadering op 13-07-2027 valt in het zomerreces (10-07 t/m 22-08)."
    [vol] = check(date(2027, 5, 11), [("GM0001", B, 13), ("GM0002", X, None)])
    assert vol.uitleg == ("Aadorp: de agenda van 11-05-2027 is vol (12 van 12 agendapunten, het voorstel vraagt er 1).")
    [te_vroeg, _] = check(date(2027, 4, 6), [("GM0001", X, None), ("GM0002", X, None)])
    assert te_vroeg.uitleg == ("Aadorp: op 06-04-2027 is de voorbereiding niet rond; de raad kan pas vanaf 08-04-2027.")


def test_an_existing_meeting_on_a_holiday_or_in_recess_is_allowed():
    raad = Raad(
        "GM0003",
        "Calslo",
        Planregels(vergaderdag=DI),
        recessen=(Periode(date(2027, 7, 1), date(2027, 8, 31), "zomerreces"),),
        vergaderingen=(vergadering(date(2027, 4, 27), 0, 31), vergadering(date(2027, 7, 6), 0, 32)),
    )
    assert check(date(2027, 4, 27), [("GM0003", B, 31)], raden=[raad]) == []
    assert check(date(2027, 7, 6), [("GM0003", B, 32)], raden=[raad]) == []
    assert regels(check(date(2027, 4, 27), [("GM0003", X, None)], raden=[raad])) == [
        ("al_vergadering", "GM0003"),
        ("feestdag", "GM0003"),
    ]


def test_the_checker_does_not_use_the_planner():
    boom = ast.parse(inspect.getsource(controle_module))
    modules = {n.module for n in ast.walk(boom) if isinstance(n, ast.ImportFrom)}
    modules |= {a.name for n in ast.walk(boom) if isinstance(n, ast.Import) for a in n.names}
    assert "app.planning.gelijke_dag" not in modules
    assert modules <= {
        "collections.abc",
        "datetime",
        "app.planning.controle",
        "app.planning.kalender",
        "app.planning.raden",
    }
