"""The P&C checker: it passes the planner's plans, catches planted violations, and on random regions every plan the
planner returns passes it while a brute-force search confirms the plan's number of blocked and extra meetings."""

import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.planning.controle.pc import controleer_pc
from app.planning.kalender import feestdag
from app.planning.pc import EXTRA, GEBLOKKEERD, Termijnen, plan_pc
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad
from tests.planning.test_pc import AADORP, AB, BEEKDAL, DO, DORP, REGIO

T = Termijnen()
REGIO_D = [*REGIO, DORP]


def _plan():
    return plan_pc(
        2027,
        raden=REGIO_D,
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=T,
        verzending_vanaf=date(2027, 4, 1),
    )


PLAN = _plan()


def controleer(plan, raden=REGIO_D, **kwargs):
    return controleer_pc(plan, raden=raden, termijnen=T, jaar=2027, **kwargs)


def met_raad(plan, code, **wijziging):
    return dataclasses.replace(
        plan, raden=tuple(dataclasses.replace(r, **wijziging) if r.code == code else r for r in plan.raden)
    )


def regels(schendingen):
    return sorted({s.regel for s in schendingen})


def test_het_plan_van_de_planner_houdt_stand():
    assert PLAN.haalbaar and PLAN.extra_vergaderingen == 1
    assert controleer(PLAN) == []
    assert controleer(PLAN, ab_vergaderingen=[AB], ab_vergaderdag=None, verzending_vanaf=date(2027, 4, 1)) == []


@pytest.mark.parametrize(
    ("plant", "verwacht"),
    [
        # Dorp's extra meeting moved into its May recess (Tuesday 11 May, after the lead time)
        (lambda p: met_raad(p, "GM0004", datum=date(2027, 5, 11)), ["reces"]),
        # the AB adopts too late for GS before 15 September (and the milestones no longer match)
        (lambda p: dataclasses.replace(p, ab_datum=date(2027, 9, 21)), ["wgr_34_2", "wgr_35_1"]),
        # the ontwerpbegroting leaves less than 12 weeks before the AB
        (lambda p: dataclasses.replace(p, verzending=date(2027, 4, 22)), ["wgr_35_1"]),
        # a full agenda
        (lambda p: met_raad(p, "GM0002", datum=date(2027, 6, 10), vergadering_id=22), ["agenda_vol"]),
        # an existing meeting that is not there
        (lambda p: met_raad(p, "GM0002", vergadering_id=99), ["vergadering_onbekend"]),
        # after the zienswijze deadline
        (lambda p: met_raad(p, "GM0001", datum=date(2027, 6, 22), vergadering_id=12), ["zienswijze_termijn"]),
        # before the lead time is over
        (lambda p: met_raad(p, "GM0004", datum=date(2027, 4, 20)), ["voorbereiding"]),
        # an extra meeting on another weekday than the usual one
        (lambda p: met_raad(p, "GM0004", datum=date(2027, 6, 16)), ["vergaderdag"]),
        # an extra meeting on an evening a committee of that council meets
        (
            lambda p: met_raad(p, "GM0002", status=EXTRA, datum=date(2027, 6, 17), vergadering_id=None),
            ["al_vergadering"],
        ),
        # an extra meeting on Ascension Day, also before the lead time
        (
            lambda p: met_raad(p, "GM0002", status=EXTRA, datum=date(2027, 5, 6), vergadering_id=None),
            ["feestdag", "voorbereiding"],
        ),
        # a blocked council
        (lambda p: met_raad(p, "GM0003", status=GEBLOKKEERD, datum=None, vergadering_id=None), ["geblokkeerd"]),
        # the DB answers on the day of the AB, or before the last zienswijze
        (lambda p: dataclasses.replace(p, antwoord=AB), ["wgr_35_4"]),
        (lambda p: dataclasses.replace(p, antwoord=date(2027, 6, 1)), ["antwoord_voor_zienswijze"]),
        (lambda p: dataclasses.replace(p, antwoord=date(2027, 7, 3)), ["antwoord_termijn"]),
        (lambda p: dataclasses.replace(p, antwoord=None), ["wgr_35_4"]),
        # a council missing, one twice, one unknown
        (lambda p: dataclasses.replace(p, raden=p.raden[1:]), ["ontbreekt"]),
        (lambda p: dataclasses.replace(p, raden=(*p.raden, p.raden[0])), ["dubbel"]),
        (
            lambda p: dataclasses.replace(p, raden=(*p.raden, dataclasses.replace(p.raden[0], code="GM9999"))),
            ["onbekende_gemeente"],
        ),
        # a milestone with the wrong date
        (
            lambda p: dataclasses.replace(
                p,
                mijlpalen=tuple(
                    dataclasses.replace(m, datum=m.datum + timedelta(days=1)) if m.sleutel == "begroting_gs" else m
                    for m in p.mijlpalen
                ),
            ),
            ["wgr_34_2"],
        ),
        (lambda p: dataclasses.replace(p, zienswijze_uiterlijk=date(2027, 6, 24)), ["zienswijze_termijn"]),
        (lambda p: dataclasses.replace(p, jaar=2026), ["jaar"]),
        (lambda p: dataclasses.replace(p, ab_datum=None), ["ab_ontbreekt", "geblokkeerd"]),
    ],
)
def test_checker_vangt_geplante_schending(plant, verwacht):
    assert regels(controleer(plant(PLAN))) == verwacht


def test_checker_nieuwe_ab_vergadering():
    zomer = Periode(date(2027, 7, 1), date(2027, 8, 31), "zomerreces")
    bestaand_onbekend = controleer(PLAN, ab_vergaderingen=[date(2027, 7, 1)], ab_vergaderdag=DO)
    assert regels(bestaand_onbekend) == ["ab_onbekend"]
    nieuw = dataclasses.replace(PLAN, ab_bestaand=False)
    assert regels(controleer(nieuw, ab_vergaderingen=[], ab_vergaderdag=DO)) == []
    assert regels(controleer(nieuw, ab_vergaderingen=[], ab_vergaderdag=DO, ab_recessen=[zomer])) == ["ab_reces"]
    assert regels(controleer(nieuw, ab_vergaderingen=[], ab_vergaderdag=1)) == ["ab_vergaderdag"]
    assert regels(controleer(nieuw, ab_vergaderingen=[], ab_vergaderdag=None)) == ["ab_vergaderdag"]
    assert regels(controleer(nieuw, ab_vergaderingen=[AB], ab_vergaderdag=DO)) == ["ab_dubbel"]
    schending = controleer(nieuw, ab_vergaderingen=[], ab_vergaderdag=DO, ab_recessen=[zomer])[0]
    assert schending.uitleg == "Een nieuwe AB-vergadering op 08-07-2027 valt in het zomerreces."
    assert regels(controleer(PLAN, verzending_vanaf=date(2027, 4, 20))) == ["verzending_vanaf"]


def test_checker_uitleg_is_te_lezen():
    s = controleer(met_raad(PLAN, "GM0004", datum=date(2027, 5, 11)))[0]
    assert (s.regel, s.wie, s.datum) == ("reces", "GM0004", date(2027, 5, 11))
    assert s.uitleg == "Dorp: 11-05-2027 valt in het meireces (01-05 t/m 16-05)."


def test_geblokkeerd_plan_geeft_alleen_de_blokkade():
    erf = Raad("GM0005", "Erfdorp", Planregels(vergaderdag=None))
    plan = plan_pc(
        2027,
        raden=[AADORP, BEEKDAL, erf],
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=T,
        verzending_vanaf=date(2027, 4, 1),
    )
    assert not plan.haalbaar
    assert [(s.regel, s.wie) for s in controleer(plan, raden=[AADORP, BEEKDAL, erf])] == [("geblokkeerd", "GM0005")]


# --- random regions ----------------------------------------------------------------------------------------------

JAAR = 2027


@st.composite
def periodes(draw, naam: str):
    van = draw(st.dates(date(JAAR, 1, 1), date(JAAR, 10, 31)))
    return Periode(van, van + timedelta(days=draw(st.integers(0, 60))), naam)


@st.composite
def regios(draw):
    raden = []
    vid = 0
    for i in range(draw(st.integers(1, 3))):
        bijeenkomsten = []
        for _ in range(draw(st.integers(0, 8))):
            vid += 1
            bijeenkomsten.append(
                Bijeenkomst(
                    datum=draw(st.dates(date(JAAR, 2, 1), date(JAAR, 9, 30))),
                    orgaan="raad",
                    soort=draw(st.sampled_from(["raad", "raad", "commissie"])),
                    agendapunten=draw(st.integers(0, 12)),
                    vergadering_id=vid,
                )
            )
        regels_ = Planregels(
            vergaderdag=draw(st.one_of(st.none(), st.integers(0, 4))),
            publicatie_dagen=draw(st.integers(0, 14)),
            commissie_voor_raad_dagen=draw(st.integers(0, 28)),
            max_agendapunten=draw(st.integers(1, 12)),
        )
        recessen = tuple(draw(st.lists(periodes("reces"), max_size=2)))
        raden.append(Raad(f"GM{i + 1:04d}", f"Gemeente {i + 1}", regels_, recessen, tuple(bijeenkomsten)))
    zd = draw(st.integers(2, 40))
    termijnen = Termijnen(
        ontwerpbegroting_weken=draw(st.integers(12, 16)),
        zienswijze_raden_dagen_voor_ab=zd,
        antwoord_dagen=draw(st.integers(1, zd - 1)),
    )
    return {
        "raden": raden,
        "ab_vergaderingen": draw(
            st.lists(
                st.one_of(
                    st.dates(date(JAAR, 3, 1), date(JAAR, 9, 30)), st.dates(date(JAAR - 1, 12, 1), date(JAAR, 12, 31))
                ),
                max_size=3,
            )
        ),
        "ab_vergaderdag": draw(st.sampled_from([None, 0, 1, 2, 3, 4])),
        "ab_recessen": tuple(draw(st.lists(periodes("zomerreces"), max_size=1))),
        "termijnen": termijnen,
        "verzending_vanaf": draw(st.one_of(st.none(), st.dates(date(JAAR, 1, 1), date(JAAR, 6, 30)))),
    }


def _vrij(d: date) -> bool:
    return d.weekday() >= 5 or feestdag(d) is not None


def _in(d: date, periodes_) -> bool:
    return any(p.van <= d <= p.tot for p in periodes_)


def brute_force(r) -> tuple[int, int] | None:
    """The fewest (blocked councils, extra meetings) over every AB date and the widest windows; None: no AB date.

    Straight from the rules: for a fixed AB date the earliest sending day gives every council its widest window,
    so it is enough to try that one; a council can use a day with a raad meeting of its own with room, outside
    recess and holidays, or add one on its usual weekday when it has no meeting that day.
    """
    t = r["termijnen"]
    vanaf = r["verzending_vanaf"] or date(JAAR, 1, 1)
    while _vrij(vanaf):
        vanaf += timedelta(days=1)
    jaar_dagen = [date(JAAR, 1, 1) + timedelta(days=i) for i in range(365)]
    bruikbaar, extra = [], []
    for raad in r["raden"]:
        bruikbaar.append(
            {
                b.datum
                for b in raad.vergaderingen
                if b.soort == "raad"
                and b.agendapunten < raad.regels.max_agendapunten
                and not _in(b.datum, raad.recessen)
                and feestdag(b.datum) is None
            }
        )
        bezet = {b.datum for b in raad.vergaderingen}
        extra.append(
            {
                d
                for d in jaar_dagen
                if d.weekday() == raad.regels.vergaderdag
                and feestdag(d) is None
                and not _in(d, raad.recessen)
                and d not in bezet
            }
        )
    beste = None
    for ab in jaar_dagen:
        if ab > date(JAAR, 9, 14):
            break
        bestaand = ab in r["ab_vergaderingen"]
        nieuw = ab.weekday() == r["ab_vergaderdag"] and not _vrij(ab) and not _in(ab, r["ab_recessen"])
        if not (bestaand or nieuw) or vanaf > ab - timedelta(weeks=t.ontwerpbegroting_weken):
            continue
        hi = ab - timedelta(days=t.zienswijze_raden_dagen_voor_ab)
        geblokkeerd = extra_n = 0
        for raad, b, e in zip(r["raden"], bruikbaar, extra, strict=True):
            lo = vanaf + timedelta(days=raad.regels.voorbereiding_dagen)
            venster = [lo + timedelta(days=i) for i in range((hi - lo).days + 1)]
            if any(d in b for d in venster):
                continue
            if any(d in e for d in venster):
                extra_n += 1
            else:
                geblokkeerd += 1
        if beste is None or (geblokkeerd, extra_n) < beste:
            beste = (geblokkeerd, extra_n)
    return beste


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(r=regios())
def test_elk_plan_van_de_planner_doorstaat_de_checker_en_is_optimaal(r):
    plan = plan_pc(JAAR, **r)
    schendingen = controleer_pc(
        plan,
        raden=r["raden"],
        termijnen=r["termijnen"],
        jaar=JAAR,
        ab_vergaderingen=r["ab_vergaderingen"],
        ab_vergaderdag=r["ab_vergaderdag"],
        ab_recessen=r["ab_recessen"],
        verzending_vanaf=r["verzending_vanaf"],
    )
    optimum = brute_force(r)
    if optimum is None:
        assert plan.ab_datum is None and not plan.haalbaar and plan.uitleg
        return
    geblokkeerd = sum(x.status == GEBLOKKEERD for x in plan.raden)
    assert (geblokkeerd, plan.extra_vergaderingen) == optimum
    if plan.haalbaar:
        assert schendingen == [], schendingen
        assert plan.uitleg == () and plan.keuze
    else:
        # "no plan exists" is true: brute force finds no AB date without a blocked council
        assert optimum[0] > 0
        assert {s.regel for s in schendingen} == {"geblokkeerd"}
        assert {s.wie for s in schendingen} == {x.code for x in plan.raden if x.status == GEBLOKKEERD}
        assert plan.uitleg
