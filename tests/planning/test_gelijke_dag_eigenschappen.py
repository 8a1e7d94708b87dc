"""Same-day planning on random regions: the checker accepts every candidate, and brute force agrees.

Regions of 2-6 councils, mostly sharing a weekday, with random lead times, agenda sizes, recesses and meetings
(raad and committee, random loads, some full) in windows of up to ~60 days across 2027-2028, so holidays,
recesses and lead times all come into play. ``opties`` below enumerates, from the rules alone, every way one
council can deliberate on one date; a date works iff every council has a way.
"""

from datetime import date, timedelta
from itertools import count

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.planning.controle.gelijke_dag import controleer_gelijke_dag
from app.planning.gelijke_dag import BESTAANDE, EXTRA, GEBLOKKEERD, plan_gelijke_dag
from app.planning.kalender import feestdag
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

INSTELLINGEN = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def regio(draw):
    van = draw(st.dates(date(2027, 1, 1), date(2028, 12, 1)))
    lengte = draw(st.integers(0, 60))
    tot = van + timedelta(days=lengte)
    gedeelde_dag = draw(st.integers(0, 4))
    ids = count(1)
    raden = []
    for k in range(draw(st.integers(2, 6))):
        dag = draw(st.one_of(st.just(gedeelde_dag), st.just(gedeelde_dag), st.sampled_from([None, 0, 1, 2, 3, 4])))
        maximum = draw(st.integers(1, 8))
        regels = Planregels(
            vergaderdag=dag,
            publicatie_dagen=draw(st.integers(0, 12)),
            commissie_voor_raad_dagen=draw(st.integers(0, 16)),
            max_agendapunten=maximum,
        )
        recessen = []
        for _ in range(draw(st.integers(0, 2))):
            begin = van + timedelta(days=draw(st.integers(-10, lengte + 5)))
            recessen.append(
                Periode(
                    begin,
                    begin + timedelta(days=draw(st.integers(0, 20))),
                    draw(st.sampled_from(["reces", "zomerreces", "herfstreces"])),
                )
            )
        vergaderingen = []
        for _ in range(draw(st.integers(0, 12))):
            d = van + timedelta(days=draw(st.integers(-5, lengte + 5)))
            if dag is not None and draw(st.booleans()):  # most meetings fall on the usual weekday
                d += timedelta(days=(dag - d.weekday()) % 7)
            soort = draw(st.sampled_from(["raad", "raad", "commissie"]))
            vergaderingen.append(Bijeenkomst(d, soort, soort, draw(st.integers(0, maximum + 1)), next(ids)))
        raden.append(Raad(f"GM{k + 1:04d}", f"Gemeente {k + 1}", regels, tuple(recessen), tuple(vergaderingen)))
    punten = draw(st.integers(1, 3))
    zonder = draw(st.lists(st.sampled_from([r.code for r in raden]), unique=True, max_size=len(raden) - 1))
    return raden, van, tot, punten, zonder


def opties(raad: Raad, d: date, van: date, punten: int) -> list[tuple[str, int | None, int]]:
    """Every way ``raad`` can deliberate on ``d``: (status, meeting id, its load), straight from the rules."""
    r = raad.regels
    if d < van + timedelta(days=r.publicatie_dagen + r.commissie_voor_raad_dagen):
        return []
    op_dag = [b for b in raad.vergaderingen if b.datum == d]
    uit = [
        (BESTAANDE, b.vergadering_id, b.agendapunten)
        for b in op_dag
        if b.soort == "raad" and b.agendapunten + punten <= r.max_agendapunten
    ]
    if (
        not op_dag
        and feestdag(d) is None
        and not any(p.van <= d <= p.tot for p in raad.recessen)
        and r.vergaderdag == d.weekday()
    ):
        uit.append((EXTRA, None, 0))
    return uit


def datums(van: date, tot: date) -> list[date]:
    return [van + timedelta(days=i) for i in range((tot - van).days + 1)]


def brute_force(raden, van, tot, punten) -> list[tuple[date, int, int]]:
    """(date, extra meetings, agenda load) of every date that works, best first, by enumeration."""
    uit = []
    for d in datums(van, tot):
        per_raad = [opties(r, d, van, punten) for r in raden]
        if all(per_raad):
            bestaand = [[last for s, _, last in o if s == BESTAANDE] for o in per_raad]
            uit.append((d, sum(not b for b in bestaand), sum(min(b) for b in bestaand if b)))
    return sorted(uit, key=lambda t: (t[1], t[2], t[0]))


@INSTELLINGEN
@given(regio())
def test_every_candidate_passes_the_checker_and_brute_force_agrees(invoer):
    raden, van, tot, punten, zonder = invoer
    plan = plan_gelijke_dag(raden, van=van, tot=tot, punten=punten, zonder=zonder)
    mee = [r for r in raden if r.code not in zonder]

    assert [(k.datum, k.extra, k.agendalast) for k in plan.kandidaten] == brute_force(mee, van, tot, punten)
    for k in plan.kandidaten:
        assert [o.code for o in k.gemeenten] == [r.code for r in mee]
        assert (
            controleer_gelijke_dag(
                k.datum,
                [(o.code, o.status, o.vergadering_id) for o in k.gemeenten],
                raden=mee,
                van=van,
                tot=tot,
                punten=punten,
            )
            == []
        )
        for raad, o in zip(mee, k.gemeenten, strict=True):
            assert (o.status, o.vergadering_id) in {(s, v) for s, v, _ in opties(raad, k.datum, van, punten)}
            if o.status == EXTRA:  # an extra meeting only where no existing one will do
                assert not any(s == BESTAANDE for s, _, _ in opties(raad, k.datum, van, punten))

    # An empty answer is true, and then every council is explained over the whole window.
    if not plan.kandidaten:
        assert plan.samenvatting
        assert [u.code for u in plan.uitleg] == [r.code for r in mee]
        for u, raad in zip(plan.uitleg, mee, strict=True):
            kan = sum(bool(opties(raad, d, van, punten)) for d in datums(van, tot))
            assert u.mogelijk == kan
            assert kan + sum(u.blokkades.values()) == len(datums(van, tot))
            assert u.reden.startswith("kan ")
    else:
        assert plan.uitleg == [] and plan.samenvatting is None


@INSTELLINGEN
@given(regio())
def test_the_checker_as_oracle_finds_no_date_the_planner_missed(invoer):
    """Try every status and meeting for every council on every date: the checker passes exactly the candidates."""
    raden, van, tot, punten, zonder = invoer
    mee = [r for r in raden if r.code not in zonder]
    plan = plan_gelijke_dag(raden, van=van, tot=tot, punten=punten, zonder=zonder)

    def kan(raad: Raad, d: date) -> bool:
        keuzes = [(BESTAANDE, b.vergadering_id) for b in raad.vergaderingen] + [(EXTRA, None)]
        return any(
            not controleer_gelijke_dag(d, [(raad.code, s, v)], raden=[raad], van=van, tot=tot, punten=punten)
            for s, v in keuzes
        )

    assert {k.datum for k in plan.kandidaten} == {d for d in datums(van, tot) if all(kan(r, d) for r in mee)}


@INSTELLINGEN
@given(regio())
def test_every_verdict_agrees_with_the_council_calendar(invoer):
    """The planner's indexes give the same answers as ``Raad``'s own methods, date by date."""
    raden, van, tot, punten, _ = invoer
    plan = plan_gelijke_dag(raden, van=van, tot=tot, punten=punten)
    assert [d.datum for d in plan.overwogen] == datums(van, tot)
    for dag in plan.overwogen:
        for raad, o in zip(raden, dag.gemeenten, strict=True):
            d = dag.datum
            assert o.reden
            if d < van + timedelta(days=raad.regels.voorbereiding_dagen):
                assert (o.status, o.oorzaak) == (GEBLOKKEERD, "voorbereiding")
            elif raad.raadsvergadering(d) is not None:
                assert o.status in (BESTAANDE, GEBLOKKEERD)
                assert o.oorzaak in (None, "agenda_vol")
                assert o.reden.startswith("raadsvergadering staat gepland" if o.status == BESTAANDE else "agenda vol")
            elif (reden := raad.kan_extra_vergaderen(d)) is None:
                assert o.status == EXTRA
            else:
                assert (o.status, o.reden) == (GEBLOKKEERD, reden)
                assert o.oorzaak == ("feestdag" if feestdag(d) else "reces" if raad.reces(d) else "geen_vergadering")


@INSTELLINGEN
@given(regio())
def test_opting_out_is_the_same_as_leaving_the_council_out(invoer):
    raden, van, tot, punten, zonder = invoer
    met = plan_gelijke_dag(raden, van=van, tot=tot, punten=punten, zonder=zonder)
    zonder_ze = plan_gelijke_dag([r for r in raden if r.code not in zonder], van=van, tot=tot, punten=punten)
    assert met.kandidaten == zonder_ze.kandidaten
    assert met.as_dict(overwegingen=True) == zonder_ze.as_dict(overwegingen=True)


@pytest.mark.parametrize("seed", range(3))
def test_a_year_for_a_region_of_21_councils(seed):
    """The size the benchmark plans (no timing here): a year, 21 councils; brute force still agrees."""
    import random

    rng = random.Random(seed)
    ids = count(1)
    raden = []
    for k in range(21):
        dag = 1 if rng.random() < 0.85 else 3
        vergaderingen = []
        d = date(2027, 1, 1)
        while d.year == 2027:
            if d.weekday() == dag and rng.random() < 0.6:
                vergaderingen.append(Bijeenkomst(d, "raad", "raad", rng.randrange(14), next(ids)))
            if d.weekday() == (dag + 6) % 7 and rng.random() < 0.5:
                vergaderingen.append(Bijeenkomst(d, "commissie", "commissie", rng.randrange(8), next(ids)))
            d += timedelta(days=1)
        recessen = (Periode(date(2027, 7, 3 + rng.randrange(10)), date(2027, 8, 20 + rng.randrange(10)), "zomerreces"),)
        raden.append(Raad(f"GM{k:04d}", f"Gemeente {k}", Planregels(vergaderdag=dag), recessen, tuple(vergaderingen)))
    van, tot = date(2027, 1, 4), date(2027, 12, 31)
    plan = plan_gelijke_dag(raden, van=van, tot=tot)
    assert len(plan.overwogen) == 362
    assert [(k.datum, k.extra, k.agendalast) for k in plan.kandidaten] == brute_force(raden, van, tot, 1)
    for k in plan.kandidaten:
        assert (
            controleer_gelijke_dag(
                k.datum, [(o.code, o.status, o.vergadering_id) for o in k.gemeenten], raden=raden, van=van, tot=tot
            )
            == []
        )
