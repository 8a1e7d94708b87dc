"""Many regelingen at once (CP-SAT): hand-made cases with a known optimum, brute force, and the checker."""

import itertools
import json
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.planning.controle.meervoudig import controleer_meervoudig
from app.planning.kalender import feestdag
from app.planning.meervoudig import (
    MeervoudigPlan,
    RegelingInvoer,
    Toewijzing,
    kandidaat_data,
    plan_meervoudig,
    zienswijze_venster,
)
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

DI = 1  # Tuesday
D1, D2, D3 = date(2026, 6, 2), date(2026, 7, 7), date(2026, 9, 8)  # Tuesdays
JUN16, JUN23 = date(2026, 6, 16), date(2026, 6, 23)


def raad(code, vergaderingen=(), *, vergaderdag=DI, max_punten=12, recessen=(), commissies=()):
    """A council; ``vergaderingen`` as (date, agendapunten, id) for raad meetings."""
    bijeen = [Bijeenkomst(d, f"raad-{code}", "raad", punten, vid) for d, punten, vid in vergaderingen]
    bijeen += [Bijeenkomst(d, f"commissie-{code}", "commissie", 3, 900 + k) for k, d in enumerate(commissies)]
    return Raad(
        code,
        f"Gemeente {code}",
        Planregels(vergaderdag=vergaderdag, max_agendapunten=max_punten),
        tuple(recessen),
        tuple(sorted(bijeen, key=lambda b: b.datum)),
    )


def regeling(slug, deelnemers, kandidaten, *, leden=(), voorkeur=None, dagdeel="middag"):
    return RegelingInvoer(
        slug, f"Regeling {slug.upper()}", tuple(deelnemers), tuple(leden), tuple(kandidaten), voorkeur, dagdeel
    )


def plan_en_controle(regelingen, raden, **kw):
    plan = plan_meervoudig(regelingen, raden, tijdslimiet=kw.pop("tijdslimiet", 10.0), **kw)
    assert controleer_meervoudig(plan, regelingen, raden, **kw) == []
    json.dumps(plan.as_dict())
    return plan


# --- the helpers -------------------------------------------------------------------------------------------------


def test_kandidaat_data_are_working_days_outside_recess():
    data = kandidaat_data(
        date(2026, 5, 1), date(2026, 5, 31), weekdagen=(0, 1), recessen=[(date(2026, 5, 18), date(2026, 5, 20))]
    )
    assert date(2026, 5, 5) not in data  # Bevrijdingsdag, every year
    assert date(2026, 5, 25) not in data  # Tweede pinksterdag
    assert date(2026, 5, 18) not in data and date(2026, 5, 19) not in data  # the AB's recess
    assert data == (date(2026, 5, 4), date(2026, 5, 11), date(2026, 5, 12), date(2026, 5, 26))
    with pytest.raises(ValueError, match="vóór de begindatum"):
        kandidaat_data(date(2026, 5, 2), date(2026, 5, 1))


def test_zienswijze_venster_counts_statutory_weeks_preparation_and_answer_time():
    r = raad("GM0001")  # voorbereiding: 10 days publication + 14 days committee
    assert zienswijze_venster(JUN16, r) == (date(2026, 4, 17), date(2026, 6, 2))
    assert zienswijze_venster(JUN16, r, statutaire_weken=8, zienswijze_dagen_voor_ab=7) == (
        date(2026, 5, 15),
        date(2026, 6, 9),
    )


# --- hand-made instances with a known optimum ------------------------------------------------------------------


def test_two_regelingen_sharing_a_person_get_different_slots():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 0, 1)])}
    regs = [
        regeling("a", ["GM0001"], [JUN16, JUN23], leden=["wethouder-x", "a-1"], voorkeur=JUN16),
        regeling("b", ["GM0001"], [JUN16, JUN23], leden=["wethouder-x", "b-1"], voorkeur=JUN16),
    ]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "optimaal"
    assert sorted(plan.ab_data.values()) == [JUN16, JUN23]
    assert (plan.extra, plan.afwijking, plan.doelwaarde, plan.ondergrens) == (0, 7, 7, 7)
    assert {(t.regeling, t.datum, t.extra, t.vergadering_id) for t in plan.zienswijzen} == {
        ("a", date(2026, 5, 12), False, 1),
        ("b", date(2026, 5, 12), False, 1),
    }


def test_a_slot_is_date_and_dagdeel_so_morning_and_evening_boards_share_a_day():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 0, 1)])}
    regs = [
        regeling("a", ["GM0001"], [JUN16, JUN23], leden=["wethouder-x"], voorkeur=JUN16, dagdeel="ochtend"),
        regeling("b", ["GM0001"], [JUN16, JUN23], leden=["wethouder-x"], voorkeur=JUN16, dagdeel="avond"),
    ]
    plan = plan_en_controle(regs, raden)
    assert plan.ab_data == {"a": JUN16, "b": JUN16}
    assert plan.afwijking == 0


def test_capacity_forces_exactly_one_extra_meeting_on_the_only_free_tuesday():
    # window for an AB on 16-06: 17-04 t/m 02-06. Tuesdays: 21-04 and 28-04 in recess, 05-05 a holiday,
    # 12-05 the raad meets (1 point left), 19-05 and 26-05 a committee meets; only 02-06 remains.
    r = raad(
        "GM0001",
        [(date(2026, 5, 12), 11, 7)],
        recessen=[Periode(date(2026, 4, 18), date(2026, 5, 10), "meireces")],
        commissies=[date(2026, 5, 19), date(2026, 5, 26)],
    )
    raden = {"GM0001": r}
    regs = [regeling("a", ["GM0001"], [JUN16], voorkeur=JUN16), regeling("b", ["GM0001"], [JUN16], voorkeur=JUN16)]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "optimaal"
    assert plan.extra == 1
    assert plan.extra_vergaderingen == [("GM0001", date(2026, 6, 2))]
    assert sorted((t.datum, t.extra, t.vergadering_id) for t in plan.zienswijzen) == [
        (date(2026, 5, 12), False, 7),
        (date(2026, 6, 2), True, None),
    ]
    assert plan.doelwaarde == plan.gewicht_extra * 1
    assert any("Extra raadsvergadering nodig" in u and "02-06-2026" in u for u in plan.uitleg)


def test_room_in_an_existing_meeting_is_used_before_an_extra_one():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 10, 7)])}
    regs = [regeling("a", ["GM0001"], [JUN16]), regeling("b", ["GM0001"], [JUN16])]
    plan = plan_en_controle(regs, raden)
    assert plan.extra == 0
    assert {t.vergadering_id for t in plan.zienswijzen} == {7}


def test_moving_the_ab_date_beats_an_extra_meeting():
    # on 16-06 the only meeting in the window is full; on 23-06 the window reaches a meeting with room
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 12, 1), (date(2026, 6, 9), 5, 2)])}
    regs = [regeling("a", ["GM0001"], [JUN16, JUN23], voorkeur=JUN16)]
    plan = plan_en_controle(regs, raden)
    assert plan.ab_data == {"a": JUN23}
    assert plan.extra == 0 and plan.afwijking == 7


def test_empty_input_is_an_empty_optimal_plan():
    plan = plan_meervoudig([], {})
    assert plan.status == "optimaal" and plan.ab_data == {} and plan.zienswijzen == []


def test_non_working_candidates_are_dropped_and_said_so():
    raden = {"GM0001": raad("GM0001", [(date(2026, 4, 21), 0, 1)])}
    regs = [regeling("a", ["GM0001"], [date(2026, 5, 25), date(2026, 5, 26)])]  # Whit Monday, then Tuesday
    plan = plan_en_controle(regs, raden)
    assert plan.ab_data == {"a": date(2026, 5, 26)}
    assert any("25-05-2026 vervalt: geen werkdag" in u for u in plan.uitleg)


# --- no plan: the reason, said so a person understands it -------------------------------------------------------


def test_person_with_more_boards_than_slots_is_named():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 0, 1)])}
    regs = [
        regeling("a", ["GM0001"], [JUN16], leden=["wethouder-x"]),
        regeling("b", ["GM0001"], [JUN16], leden=["wethouder-x"]),
    ]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "onmogelijk"
    assert plan.ab_data == {} and plan.zienswijzen == []
    tekst = " ".join(plan.uitleg)
    assert "wethouder-x" in tekst and "Regeling A" in tekst and "Regeling B" in tekst and "16-06-2026" in tekst


def test_a_council_without_room_even_with_extra_meetings_is_named():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 11, 1)], vergaderdag=None)}
    regs = [regeling("a", ["GM0001"], [JUN16]), regeling("b", ["GM0001"], [JUN16])]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "onmogelijk"
    tekst = " ".join(plan.uitleg)
    assert "Gemeente GM0001 (GM0001)" in tekst and "ten minste 2 zienswijzen" in tekst and "1 vrije" in tekst


def test_limit_on_extra_meetings_is_respected_or_explained():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 11, 1)])}
    regs = [regeling("a", ["GM0001"], [JUN16]), regeling("b", ["GM0001"], [JUN16])]
    assert plan_en_controle(regs, raden, max_extra_per_raad=1).extra == 1
    plan = plan_en_controle(regs, raden, max_extra_per_raad=0)
    assert plan.status == "onmogelijk"
    assert "extra vergaderingen zijn uitgesloten" not in " ".join(plan.uitleg)  # the candidate itself is fine
    assert "Gemeente GM0001" in " ".join(plan.uitleg)


def test_regeling_without_candidates_or_usable_dates_is_named_with_the_blocking_council():
    raden = {"GM0001": raad("GM0001", [(date(2026, 5, 12), 0, 1)]), "GM0002": raad("GM0002", [], vergaderdag=None)}
    plan = plan_en_controle([regeling("a", ["GM0001"], [])], raden)
    assert plan.status == "onmogelijk" and "Regeling A heeft geen kandidaatdatum" in " ".join(plan.uitleg)
    plan = plan_en_controle([regeling("b", ["GM0001", "GM0002"], [JUN16])], raden)
    assert plan.status == "onmogelijk"
    tekst = " ".join(plan.uitleg)
    assert "Regeling B" in tekst and "Gemeente GM0002 (GM0002) blokkeert 1 van de 1 data" in tekst
    assert "geen raadsvergadering tussen 17-04-2026 en 02-06-2026" in tekst


def test_conflict_only_the_solver_sees_is_explained_by_a_small_core():
    # three regelingen pairwise share a board member, so they need three dates; the council in all three
    # can only give zienswijzen for an AB on D1 or D3 (no meeting for D2, no usual day for an extra meeting).
    # Every single person and the council are fine on their own; only the combination fails.
    raden = {
        "GM0001": raad("GM0001", [(date(2026, 4, 14), 7, 1), (date(2026, 8, 18), 7, 2)], vergaderdag=None),
        "GM0002": raad("GM0002", [(date(2026, 4, 14), 0, 3), (date(2026, 8, 18), 0, 4)]),
    }
    regs = [
        regeling("a", ["GM0001"], [D1, D2, D3], leden=["p-ab", "p-ac"]),
        regeling("b", ["GM0001"], [D1, D2, D3], leden=["p-ab", "p-bc"]),
        regeling("c", ["GM0001", "GM0002"], [D1, D2, D3], leden=["p-ac", "p-bc"]),
    ]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "onmogelijk"
    assert plan.uitleg[0].startswith("Er is geen plan mogelijk: deze voorwaarden sluiten elkaar uit")
    kern = "\n".join(plan.uitleg[1:])
    for naam in ("p-ab", "p-ac", "p-bc", "Regeling A", "Regeling B", "Regeling C"):
        assert naam in kern
    assert "GM0002" not in kern  # not part of the conflict
    # with one more candidate that every council can serve, it works
    regs2 = [replace(r, kandidaten=r.kandidaten + (date(2026, 6, 9),)) for r in regs]
    assert plan_en_controle(regs2, raden).status == "optimaal"


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"tijdslimiet": 0}, "tijdslimiet"),
        ({"statutaire_weken": -1}, "negatief"),
        ({"max_extra_per_raad": -1}, "negatief"),
    ],
)
def test_bad_parameters_raise_in_dutch(kwargs, melding):
    with pytest.raises(ValueError, match=melding):
        plan_meervoudig([], {}, **kwargs)


def test_bad_input_raises_in_dutch():
    raden = {"GM0001": raad("GM0001")}
    with pytest.raises(ValueError, match="geen gegevens van de raad van GM0404"):
        plan_meervoudig([regeling("a", ["GM0404"], [JUN16])], raden)
    with pytest.raises(ValueError, match="onbekend dagdeel ‘nacht’"):
        plan_meervoudig([regeling("a", ["GM0001"], [JUN16], dagdeel="nacht")], raden)
    with pytest.raises(ValueError, match="twee keer in de invoer"):
        plan_meervoudig([regeling("a", ["GM0001"], [JUN16]), regeling("a", ["GM0001"], [JUN23])], raden)
    with pytest.raises(ValueError, match="twee keer bij de deelnemers"):
        plan_meervoudig([regeling("a", ["GM0001", "GM0001"], [JUN16])], raden)


# --- brute force on tiny random instances -------------------------------------------------------------------


# AB dates and meeting dates on several weekdays, so that windows end on, just before and just after meetings
DATA = (date(2026, 6, 2), date(2026, 6, 3), date(2026, 6, 11), date(2026, 6, 16), date(2026, 7, 7))
RAADSDATA = (
    date(2026, 3, 31),
    date(2026, 4, 14),
    date(2026, 4, 21),
    date(2026, 5, 12),
    date(2026, 5, 19),
    date(2026, 5, 20),
    date(2026, 5, 28),
    date(2026, 6, 2),
)


@st.composite
def kleine_instantie(draw):
    n_raden = draw(st.integers(1, 2))
    raden = {}
    for k in range(n_raden):
        code = f"GM{k + 1:04d}"
        max_punten = draw(st.integers(1, 3))
        data = draw(st.lists(st.sampled_from(RAADSDATA), max_size=2, unique=True))
        vergaderingen = [(d, draw(st.integers(0, max_punten)), 10 * k + n) for n, d in enumerate(sorted(data))]
        vergaderdag = draw(st.sampled_from((None, 1, 3)))  # none, Tuesday, Thursday
        commissies = draw(
            st.lists(st.sampled_from((date(2026, 4, 23), date(2026, 5, 7), date(2026, 5, 21))), max_size=2, unique=True)
        )
        recessen = [Periode(date(2026, 4, 25), date(2026, 5, 10), "meireces")] if draw(st.booleans()) else []
        raden[code] = raad(
            code,
            vergaderingen,
            vergaderdag=vergaderdag,
            max_punten=max_punten,
            recessen=recessen,
            commissies=commissies,
        )
    regs = []
    for n in range(draw(st.integers(1, 3))):
        deelnemers = draw(st.lists(st.sampled_from(sorted(raden)), min_size=1, unique=True))
        kandidaten = draw(st.lists(st.sampled_from(DATA), min_size=1, max_size=3, unique=True))
        leden = draw(st.lists(st.sampled_from(("p1", "p2")), max_size=2, unique=True))
        voorkeur = draw(st.sampled_from((None, *DATA)))
        dagdeel = draw(st.sampled_from(("middag", "avond")))
        regs.append(
            regeling(f"r{n}", sorted(deelnemers), sorted(kandidaten), leden=leden, voorkeur=voorkeur, dagdeel=dagdeel)
        )
    max_extra = draw(st.sampled_from((None, None, 0, 1)))
    termijnen = {
        "zienswijze_dagen_voor_ab": draw(st.sampled_from((14, 7))),
        "statutaire_weken": draw(st.sampled_from((12, 8))),
    }
    return regs, raden, max_extra, termijnen


def _extra_kan(r: Raad, d: date) -> bool:
    return (
        r.regels.vergaderdag == d.weekday()
        and feestdag(d) is None
        and not any(p.van <= d <= p.tot for p in r.recessen)
        and not any(b.datum == d for b in r.vergaderingen)
    )


def brute_force(regs, raden, max_extra, *, zienswijze_dagen_voor_ab, statutaire_weken):
    """(extra meetings, deviation) of the best plan by full enumeration, or None when none exists."""
    beste = None
    for data in itertools.product(*[r.kandidaten for r in regs]):
        slots = [(p, d, r.dagdeel) for r, d in zip(regs, data, strict=True) for p in r.bestuursleden]
        if len(slots) != len(set(slots)):
            continue
        extra_totaal = 0
        for code, rd in raden.items():
            banen = [d for r, d in zip(regs, data, strict=True) if code in r.deelnemers]
            opties = []
            for d in banen:
                van = d - timedelta(weeks=statutaire_weken) + timedelta(days=rd.regels.voorbereiding_dagen)
                tot = d - timedelta(days=zienswijze_dagen_voor_ab)
                bestaand = [
                    ("v", b.vergadering_id) for b in rd.vergaderingen if b.soort == "raad" and van <= b.datum <= tot
                ]
                extra = [
                    ("x", dag)
                    for dag in (van + timedelta(days=k) for k in range((tot - van).days + 1))
                    if _extra_kan(rd, dag)
                ]
                opties.append(bestaand + extra)
            minst = None
            for keuze in itertools.product(*opties):
                last = {}
                for k in keuze:
                    last[k] = last.get(k, 0) + 1
                ok = all(
                    n
                    <= (
                        rd.regels.max_agendapunten
                        - next(b.agendapunten for b in rd.vergaderingen if b.vergadering_id == k[1])
                        if k[0] == "v"
                        else rd.regels.max_agendapunten
                    )
                    for k, n in last.items()
                )
                n_extra = sum(1 for k in last if k[0] == "x")
                if ok and (max_extra is None or n_extra <= max_extra) and (minst is None or n_extra < minst):
                    minst = n_extra
            if minst is None:
                break
            extra_totaal += minst
        else:
            afwijking = sum(abs((d - r.voorkeur).days) for r, d in zip(regs, data, strict=True) if r.voorkeur)
            if beste is None or (extra_totaal, afwijking) < beste:
                beste = (extra_totaal, afwijking)
    return beste


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kleine_instantie())
def test_optimum_matches_brute_force_and_every_plan_passes_the_checker(instantie):
    regs, raden, max_extra, termijnen = instantie
    plan = plan_meervoudig(regs, raden, tijdslimiet=20.0, max_extra_per_raad=max_extra, workers=1, **termijnen)
    assert controleer_meervoudig(plan, regs, raden, max_extra_per_raad=max_extra, **termijnen) == []
    verwacht = brute_force(regs, raden, max_extra, **termijnen)
    if verwacht is None:
        assert plan.status == "onmogelijk"
        assert len(plan.uitleg) >= 2  # a headline and at least one reason
    else:
        assert plan.status == "optimaal"
        assert (plan.extra, plan.afwijking) == verwacht


# --- the checker catches planted violations ---------------------------------------------------------------------


@pytest.fixture
def geldig():
    r = raad(
        "GM0001",
        [(date(2026, 5, 12), 11, 7)],
        recessen=[Periode(date(2026, 4, 18), date(2026, 5, 10))],
        commissies=[date(2026, 5, 19), date(2026, 5, 26)],
    )
    raden = {"GM0001": r, "GM0002": raad("GM0002", [(date(2026, 5, 12), 0, 8)])}
    regs = [
        regeling("a", ["GM0001", "GM0002"], [JUN16, JUN23], leden=["p"], voorkeur=JUN16),
        regeling("b", ["GM0001"], [JUN16], leden=["p", "q"], voorkeur=JUN16),
    ]
    plan = plan_en_controle(regs, raden)
    assert plan.status == "optimaal"
    return plan, regs, raden


def regels(plan, regs, raden, **kw):
    return sorted({s.regel for s in controleer_meervoudig(plan, regs, raden, **kw)})


def test_checker_accepts_the_plan(geldig):
    plan, regs, raden = geldig
    assert plan.ab_data == {"a": JUN23, "b": JUN16}
    assert regels(plan, regs, raden) == []


def test_checker_catches_a_date_outside_the_candidates_and_on_a_holiday(geldig):
    plan, regs, raden = geldig
    assert "ab_datum" in regels(replace(plan, ab_data={**plan.ab_data, "b": JUN23}), regs, raden)
    assert "ab_datum" in regels(replace(plan, ab_data={"a": JUN23}), regs, raden)  # b has no date
    feest = replace(regs[1], kandidaten=(date(2026, 5, 25),))
    schendingen = controleer_meervoudig(
        replace(plan, ab_data={**plan.ab_data, "b": date(2026, 5, 25)}), [regs[0], feest], raden
    )
    assert any(s.regel == "ab_datum" and "Tweede pinksterdag" in s.uitleg for s in schendingen)


def test_checker_catches_a_person_in_two_boards_at_once(geldig):
    plan, regs, raden = geldig
    samen = [replace(regs[0], kandidaten=(JUN16, JUN23)), regs[1]]
    schendingen = controleer_meervoudig(replace(plan, ab_data={"a": JUN16, "b": JUN16}), samen, raden)
    assert any(s.regel == "persoon" and s.wie == "p" and s.datum == JUN16 for s in schendingen)


def test_checker_catches_missing_duplicate_and_foreign_zienswijzen(geldig):
    plan, regs, raden = geldig
    assert regels(replace(plan, zienswijzen=plan.zienswijzen[1:]), regs, raden) == ["zienswijze"]
    dubbel = plan.zienswijzen + [plan.zienswijzen[0]]
    assert "zienswijze" in regels(replace(plan, zienswijzen=dubbel), regs, raden)
    vreemd = plan.zienswijzen + [Toewijzing("b", "GM0002", date(2026, 5, 12), False, 8)]
    assert "zienswijze" in regels(replace(plan, zienswijzen=vreemd), regs, raden)


def test_checker_catches_a_zienswijze_outside_the_window(geldig):
    plan, regs, raden = geldig
    t = next(t for t in plan.zienswijzen if t.gemeente == "GM0002")
    raden2 = {**raden, "GM0002": raad("GM0002", [(date(2026, 5, 12), 0, 8), (date(2026, 6, 16), 0, 9)])}
    laat = [replace(t, datum=date(2026, 6, 16), vergadering_id=9) if z is t else z for z in plan.zienswijzen]
    schendingen = controleer_meervoudig(replace(plan, zienswijzen=laat), regs, raden2)
    assert [s.regel for s in schendingen] == ["wgr_35_1"]
    assert "Wgr art. 35 lid 1" in schendingen[0].uitleg


def test_checker_catches_unknown_meetings_and_impossible_extra_ones(geldig):
    plan, regs, raden = geldig
    t = next(t for t in plan.zienswijzen if not t.extra and t.gemeente == "GM0001")
    fout_id = [replace(z, vergadering_id=99) if z is t else z for z in plan.zienswijzen]
    assert "vergadering" in regels(replace(plan, zienswijzen=fout_id), regs, raden)
    x = next(z for z in plan.zienswijzen if z.extra)
    for dag in (date(2026, 5, 19), date(2026, 5, 21), date(2026, 4, 28)):  # committee, Thursday, recess
        verkeerd = [replace(z, datum=dag) if z is x else z for z in plan.zienswijzen]
        assert "vergadering" in regels(replace(plan, zienswijzen=verkeerd), regs, raden)


def test_checker_catches_an_overloaded_agenda_and_a_wrong_count(geldig):
    plan, regs, raden = geldig
    x = next(z for z in plan.zienswijzen if z.extra)
    vol = [
        replace(z, datum=date(2026, 5, 12), extra=False, vergadering_id=7) if z is x else z for z in plan.zienswijzen
    ]
    assert regels(replace(plan, zienswijzen=vol, extra=0), regs, raden) == ["agenda_vol"]
    assert regels(replace(plan, extra=5), regs, raden) == ["telling"]
    assert regels(plan, regs, raden, max_extra_per_raad=0) == ["max_extra"]


def test_checker_catches_a_plan_that_says_impossible_but_has_dates(geldig):
    plan, regs, raden = geldig
    assert regels(replace(plan, status="onmogelijk"), regs, raden) == ["status"]
    assert regels(MeervoudigPlan(status="geen_oplossing_binnen_tijd"), regs, raden) == []


@pytest.mark.slow
def test_benchmark_instances_are_deterministic_and_a_province_plan_holds():
    from bench.generate import provincie, regio

    assert regio(3) == regio(3)
    a, b = provincie(5), provincie(5)
    assert a == b and len(a.raden) == 50 and len(a.regelingen) == 150
    assert regio(3).raden != regio(4).raden
    r = regio(1)
    assert len(r.raden) == 21 and len(r.voorstellen) == 30
    assert all(8 <= sum(b.soort == "raad" for b in x.vergaderingen) <= 12 for x in r.raden.values())
    plan = plan_meervoudig(a.regelingen, a.raden, tijdslimiet=3.0)
    assert plan.status in ("optimaal", "haalbaar")
    assert controleer_meervoudig(plan, a.regelingen, a.raden) == []
    assert plan.ondergrens <= plan.doelwaarde
