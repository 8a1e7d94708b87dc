"""The P&C calendar and planner: the regeling's terms, the milestones, the plans on hand-made regions, bad input.

The region of most tests (2027; the AB meets on Thursday 8 July; default lead time 10 + 14 = 24 days). With the
ontwerpbegroting sent on Thursday 15 April (12 weeks before) a council can decide from Sunday 9 May; the zienswijze
must be with the DB by Thursday 17 June (21 days before the AB); the DB answers by Thursday 1 July.
- Aadorp (Tuesdays): raad on 25 May (3 items) and 22 June (after the deadline).
- Beekdal (Thursdays): raad on 27 May (4 items) and 10 June (12 items: full).
- Calslo (Mondays): raad on 14 June (0 items).
- Dorp (Tuesdays): raad on 13 April and 6 July only, a recess 1-16 May.
- Erfdorp (no usual weekday): only a full raad on 1 June.
"""

import json
from datetime import date

import pytest

from app.planning.pc import (
    BESTAANDE,
    EXTRA,
    GEBLOKKEERD,
    PcKalender,
    Termijnen,
    Waarschuwing,
    pc_kalender,
    plan_pc,
    wijziging_regeling,
)
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

MA, DI, DO = 0, 1, 3
AB = date(2027, 7, 8)


def raad(d: date, punten: int, vid: int, soort: str = "raad") -> Bijeenkomst:
    return Bijeenkomst(datum=d, orgaan=soort, soort=soort, agendapunten=punten, vergadering_id=vid)


AADORP = Raad(
    "GM0001",
    "Aadorp",
    Planregels(vergaderdag=DI),
    vergaderingen=(raad(date(2027, 5, 25), 3, 11), raad(date(2027, 6, 22), 0, 12)),
)
BEEKDAL = Raad(
    "GM0002",
    "Beekdal",
    Planregels(vergaderdag=DO),
    vergaderingen=(
        raad(date(2027, 5, 27), 4, 21),
        raad(date(2027, 6, 10), 12, 22),
        raad(date(2027, 6, 17), 0, 23, "commissie"),
    ),
)
CALSLO = Raad("GM0003", "Calslo", Planregels(vergaderdag=MA), vergaderingen=(raad(date(2027, 6, 14), 0, 31),))
DORP = Raad(
    "GM0004",
    "Dorp",
    Planregels(vergaderdag=DI),
    recessen=(Periode(date(2027, 5, 1), date(2027, 5, 16), "meireces"),),
    vergaderingen=(raad(date(2027, 4, 13), 0, 41), raad(date(2027, 7, 6), 0, 42)),
)
ERFDORP = Raad("GM0005", "Erfdorp", Planregels(vergaderdag=None), vergaderingen=(raad(date(2027, 6, 1), 12, 51),))
REGIO = [AADORP, BEEKDAL, CALSLO]


def per_code(plan):
    return {r.code: r for r in plan.raden}


# --- Termijnen ---------------------------------------------------------------------------------------------------


def test_termijnen_standaard_is_de_wet_en_de_instellingen():
    t = Termijnen.from_dict({})
    assert t == Termijnen()
    assert t.as_dict() == {}
    assert [(o["sleutel"], o["waarde"], o["bron"]) for o in t.overzicht()] == [
        ("ontwerpbegroting_weken", 12, "Wgr art. 35 lid 1"),
        ("zienswijze_raden_dagen_voor_ab", 21, "instelling"),
        ("antwoord_dagen", 7, "instelling"),
        ("wijziging_zienswijze_weken", 8, "Wgr art. 1 lid 2"),
        ("kadernota_voor", "04-30", "Wgr art. 34b"),
    ]


def test_termijnen_van_de_regeling_dragen_bron_regeling_en_gaan_heen_en_terug():
    data = {
        "ontwerpbegroting_weken": 14,
        "antwoord_dagen": 10,
        "kadernota_voor": "4-1",
        "wijziging_zienswijze_weken": 8,
    }
    t = Termijnen.from_dict(data)
    assert t.bron("ontwerpbegroting_weken") == "regeling"
    assert t.bron("antwoord_dagen") == "regeling"
    assert t.bron("kadernota_voor") == "regeling"
    assert t.kadernota_voor == "04-01"
    # repeating the law's value keeps the law's term (and the ATW with it)
    assert t.bron("wijziging_zienswijze_weken") == "Wgr art. 1 lid 2"
    assert t.wettelijk("wijziging_zienswijze_weken")
    assert t.bron("zienswijze_raden_dagen_voor_ab") == "instelling"
    assert Termijnen.from_dict(t.as_dict()) == t
    assert json.loads(json.dumps(t.as_dict())) == t.as_dict()
    assert Termijnen.from_dict({"antwoord_dagen": None}) == Termijnen()


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        ({"ontwerpbegroting_weken": 8}, "Wgr art. 35 lid 1 \\(12 weken\\) niet verkorten"),
        ({"wijziging_zienswijze_weken": 6}, "Wgr art. 1 lid 2 \\(8 weken\\) niet verkorten"),
        ({"kadernota_voor": "05-15"}, "niet later vragen dan de wet"),
        ({"kadernota_voor": "02-30"}, "geen datum in de vorm MM-DD"),
        ({"kadernota_voor": 430}, "datum in de vorm MM-DD"),
        ({"kadernota_voor": "01-01"}, "na 1 januari"),
        ({"begrotingstermijn": 3}, "Onbekende termijn: begrotingstermijn"),
        ({"a": 1, "b": 2}, "Onbekende termijnen: a, b"),
        ({"antwoord_dagen": "7"}, "geheel aantal dagen"),
        ({"antwoord_dagen": True}, "geheel aantal dagen"),
        ({"antwoord_dagen": 0}, "minstens 1 dagen"),
        ({"antwoord_dagen": 21}, "groter zijn dan antwoord_dagen"),
        ({"zienswijze_raden_dagen_voor_ab": 84}, "geen tijd voor hun zienswijze"),
        ({"ontwerpbegroting_weken": 40}, "hoogstens 36 weken"),
    ],
)
def test_termijnen_weigert_onzin_en_soepeler_dan_de_wet(data, melding):
    with pytest.raises(ValueError, match=melding):
        Termijnen.from_dict(data)


def test_termijnen_direct_gebouwd_wordt_ook_gecontroleerd():
    with pytest.raises(ValueError, match="niet verkorten"):
        Termijnen(ontwerpbegroting_weken=11)
    with pytest.raises(ValueError, match="Onbekende eigen"):
        Termijnen(eigen=frozenset({"x"}))
    with pytest.raises(ValueError, match="lijst van naam en waarde"):
        Termijnen.from_dict([("antwoord_dagen", 7)])


# --- the calendar ------------------------------------------------------------------------------------------------


def test_kalender_met_ab_datums_gesorteerd_en_met_bronnen():
    k = pc_kalender(2027, ab_begroting=AB, ab_jaarrekening=date(2027, 6, 24), termijnen=Termijnen())
    assert isinstance(k, PcKalender)
    assert [(m.sleutel, m.datum, m.bron) for m in k] == [
        ("ontwerpbegroting", date(2027, 4, 15), "Wgr art. 35 lid 1"),
        ("kadernota", date(2027, 4, 29), "Wgr art. 34b"),
        ("zienswijze_raden", date(2027, 6, 17), "instelling"),
        ("jaarrekening_vaststelling", date(2027, 6, 24), "Wgr art. 34 lid 3"),
        ("antwoord_zienswijzen", date(2027, 7, 1), "instelling"),
        ("jaarrekening_gs", date(2027, 7, 8), "Wgr art. 34 lid 4"),  # same day: the jaarrekening's steps first
        ("begroting_vaststelling", date(2027, 7, 8), "Wgr art. 34 lid 1"),
        ("begroting_gs", date(2027, 7, 22), "Wgr art. 34 lid 2"),
    ]
    assert k.waarschuwingen == ()
    assert len(k) == 8 and k[0].sleutel == "ontwerpbegroting"
    o = k.mijlpaal("ontwerpbegroting").omschrijving
    assert o.startswith(
        "Wgr art. 35 lid 1: ontwerpbegroting 2028 uiterlijk 12 weken vóór behandeling in het algemeen bestuur "
        "(do 8 juli 2027) naar de raden: uiterlijk do 15 april 2027"
    )
    assert "art. 1 lid 2" in o
    assert "kadernota" in k.mijlpaal("kadernota").omschrijving and "voorlopige jaarrekening 2026" in k[1].omschrijving
    assert "schriftelijk en gemotiveerd" in k.mijlpaal("antwoord_zienswijzen").omschrijving
    assert not k.mijlpaal("zienswijze_raden").wettelijk
    data = k.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["mijlpalen"][0] == {
        "sleutel": "ontwerpbegroting",
        "datum": "2027-04-15",
        "omschrijving": o,
        "bron": "Wgr art. 35 lid 1",
    }


def test_kalender_zonder_ab_gebruikt_de_uiterste_datum_en_zegt_dat():
    k = pc_kalender(2027, ab_begroting=None, ab_jaarrekening=None, termijnen=Termijnen())
    vast = k.mijlpaal("begroting_vaststelling")
    assert vast.datum == date(2027, 9, 14)
    assert "uiterste datum; het AB heeft nog geen vergadering voor de begroting" in vast.omschrijving
    assert "uiterste datum" in k.mijlpaal("ontwerpbegroting").omschrijving
    assert k.mijlpaal("ontwerpbegroting").datum == date(2027, 6, 22)
    assert k.mijlpaal("jaarrekening_vaststelling").datum == date(2027, 7, 14)
    assert "nog geen vergadering voor de jaarrekening" in k.mijlpaal("jaarrekening_vaststelling").omschrijving
    assert k.waarschuwingen == ()


def test_kalender_met_te_late_ab_toont_gemiste_termijn_en_waarschuwt():
    k = pc_kalender(2027, ab_begroting=date(2027, 9, 21), ab_jaarrekening=date(2027, 7, 20), termijnen=Termijnen())
    gs = k.mijlpaal("begroting_gs")
    assert gs.datum == date(2027, 9, 14) < date(2027, 9, 21)
    assert "niet te halen" in gs.omschrijving
    assert k.mijlpaal("jaarrekening_gs").datum == date(2027, 7, 14) < date(2027, 7, 20)
    assert [w.sleutel for w in k.waarschuwingen] == ["begroting_te_laat", "jaarrekening_te_laat"]
    w = k.waarschuwingen[0]
    assert isinstance(w, Waarschuwing) and w.bron == "Wgr art. 34 lid 2" and w.datum == date(2027, 9, 14)
    assert str(w).startswith("Het algemeen bestuur stelt de begroting 2028 pas op di 21 september 2027 vast")
    assert k.as_dict()["waarschuwingen"][1].startswith("Het algemeen bestuur stelt de jaarrekening 2026 pas op")


def test_kalender_gs_termijn_verlengd_noemt_de_atw():
    m = pc_kalender(2027, ab_begroting=date(2027, 3, 15), termijnen=Termijnen()).mijlpaal("begroting_gs")
    assert m.datum == date(2027, 3, 30)
    assert m.bron == "Wgr art. 34 lid 2 jo. Algemene termijnenwet art. 1 lid 1"
    assert "ma 29 maart 2027 is Tweede paasdag, een feestdag; verlengd tot di 30 maart 2027" in m.omschrijving


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"ab_begroting": date(2028, 1, 10)}, "valt niet in 2027"),
        ({"ab_jaarrekening": date(2026, 12, 1)}, "valt niet in 2027"),
    ],
)
def test_kalender_weigert_ab_buiten_het_jaar(kwargs, melding):
    with pytest.raises(ValueError, match=melding):
        pc_kalender(2027, termijnen=Termijnen(), **kwargs)


@pytest.mark.parametrize("jaar", [1999, 2201, "2027", True])
def test_kalender_weigert_onzinjaar(jaar):
    with pytest.raises(ValueError, match="Kies een jaar"):
        pc_kalender(jaar, termijnen=Termijnen())


def test_wijziging_regeling():
    toezending, zienswijze = wijziging_regeling(date(2027, 3, 2), Termijnen())
    assert (toezending.sleutel, toezending.datum) == ("wijziging_toezending", date(2027, 3, 2))
    assert zienswijze.datum == date(2027, 4, 28)
    assert zienswijze.bron == "Wgr art. 1 lid 2 jo. Algemene termijnenwet art. 1 lid 1"
    assert "binnen 8 weken na toezending (di 2 maart 2027)" in zienswijze.omschrijving
    assert "Koningsdag" in zienswijze.omschrijving
    eigen = wijziging_regeling(date(2027, 2, 16), Termijnen.from_dict({"wijziging_zienswijze_weken": 10}))[1]
    assert (eigen.datum, eigen.bron, eigen.wettelijk) == (date(2027, 4, 27), "regeling", False)
    assert "niet verlengd" in eigen.omschrijving


# --- the planner -------------------------------------------------------------------------------------------------


def test_eenvoudige_regio_zonder_extra_vergaderingen():
    plan = plan_pc(2027, raden=REGIO, ab_vergaderingen=[AB], ab_vergaderdag=DO, termijnen=Termijnen())
    assert plan.haalbaar and plan.uitleg == ()
    assert (plan.ab_datum, plan.ab_bestaand) == (AB, True)
    assert (plan.verzending, plan.zienswijze_uiterlijk, plan.antwoord) == (
        date(2027, 4, 15),
        date(2027, 6, 17),
        date(2027, 7, 1),
    )
    assert plan.extra_vergaderingen == 0
    assert [(r.code, r.status, r.datum, r.vergadering_id) for r in plan.raden] == [
        ("GM0001", BESTAANDE, date(2027, 5, 25), 11),
        ("GM0002", BESTAANDE, date(2027, 5, 27), 21),  # 10 June is full
        ("GM0003", BESTAANDE, date(2027, 6, 14), 31),
    ]
    assert per_code(plan)["GM0002"].reden == (
        "raadsvergadering op 27-05 heeft ruimte (4 van 12 punten); de zienswijze kan tussen 09-05 en 17-06"
    )
    assert plan.keuze.startswith("AB op do 8 juli 2027 (bestaande vergadering); ontwerpbegroting naar de raden op do")
    assert "elke raad kan in een gewone vergadering" in plan.keuze
    assert [m.sleutel for m in plan.mijlpalen][0] == "ontwerpbegroting"
    data = plan.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["ab_datum"] == "2027-07-08" and data["raden"][0]["datum"] == "2027-05-25"
    assert data["raden"][0]["status"] == "bestaande_vergadering"


def test_bestaande_ab_vergadering_gaat_voor_en_de_laatste_die_werkt():
    plan = plan_pc(
        2027, raden=REGIO, ab_vergaderingen=[date(2027, 6, 17), AB], ab_vergaderdag=DO, termijnen=Termijnen()
    )
    assert (plan.ab_datum, plan.ab_bestaand) == (AB, True)


def test_raad_zonder_gewone_vergadering_in_het_venster_krijgt_een_extra_vergadering_met_reden():
    plan = plan_pc(
        2027,
        raden=[*REGIO, DORP],
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=Termijnen(),
        verzending_vanaf=date(2027, 4, 1),  # the ontwerpbegroting is not ready before April
    )
    assert plan.haalbaar
    assert plan.verzending == date(2027, 4, 15)
    assert plan.extra_vergaderingen == 1
    dorp = per_code(plan)["GM0004"]
    assert (dorp.status, dorp.datum, dorp.vergadering_id) == (EXTRA, date(2027, 6, 15), None)
    assert dorp.reden == (
        "geen raadsvergadering tussen 09-05 en 17-06; meireces tot en met 16-05; de vorige raadsvergadering (13-04) "
        "is te vroeg voor de voorbereiding; de volgende (06-07) is na de zienswijzetermijn; extra vergadering op de "
        "gewone vergaderdag (dinsdag) 15-06"
    )
    assert "1 raad heeft een extra vergadering nodig" in plan.keuze


def test_eerdere_verzending_als_die_een_extra_vergadering_bespaart():
    plan = plan_pc(2027, raden=[*REGIO, DORP], ab_vergaderingen=[AB], ab_vergaderdag=None, termijnen=Termijnen())
    assert plan.haalbaar and plan.extra_vergaderingen == 0
    # Dorp's raad of 13 April needs the sending 24 days before: by Saturday 20 March, so Friday 19 March.
    assert plan.verzending == date(2027, 3, 19)
    assert per_code(plan)["GM0004"].datum == date(2027, 4, 13)
    assert "eerder dan de uiterste do 15 april 2027" in plan.keuze


def test_geblokkeerd_met_reden():
    plan = plan_pc(
        2027,
        raden=[*REGIO, ERFDORP],
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=Termijnen(),
        verzending_vanaf=date(2027, 4, 1),
    )
    assert not plan.haalbaar
    erf = per_code(plan)["GM0005"]
    assert (erf.status, erf.datum) == (GEBLOKKEERD, None)
    assert erf.reden == (
        "geen raadsvergadering met ruimte tussen 09-05 en 17-06 (01-06: agenda vol (12 van 12 punten)); en geen "
        "dag voor een extra vergadering: de raad heeft geen gewone vergaderdag"
    )
    assert plan.keuze is None
    assert plan.uitleg[0].startswith("Geen AB-datum vóór 15-09-2027 waarop elke raad zijn zienswijze tijdig kan geven")
    assert plan.uitleg[1] == f"Erfdorp (GM0005): {erf.reden}"
    assert plan.as_dict()["uitleg"] == list(plan.uitleg)


def test_geblokkeerd_door_reces_noemt_elke_gewone_vergaderdag():
    zomer = Periode(date(2027, 4, 20), date(2027, 6, 30), "lang reces")
    zomerdorp = Raad(
        "GM0007",
        "Zomerdorp",
        Planregels(vergaderdag=DI),
        recessen=(zomer,),
        vergaderingen=(raad(date(2027, 5, 18), 0, 71), raad(date(2027, 6, 8), 2, 72, "commissie")),
    )
    plan = plan_pc(
        2027,
        raden=[*REGIO, zomerdorp],
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=Termijnen(),
        verzending_vanaf=date(2027, 4, 1),
    )
    assert not plan.haalbaar
    assert per_code(plan)["GM0007"].reden == (
        "geen raadsvergadering met ruimte tussen 09-05 en 17-06 (18-05: lang reces (20-04 t/m 30-06)); lang reces tot "
        "en met 30-06; en geen dag voor een extra vergadering: lang reces (20-04 t/m 30-06) op 11-05, 18-05, 25-05, "
        "01-06, 08-06, 15-06"
    )
    assert [r.status for r in plan.raden] == [BESTAANDE, BESTAANDE, BESTAANDE, GEBLOKKEERD]


def test_te_weinig_tijd_voor_de_voorbereiding():
    traag = Raad("GM0006", "Traagdorp", Planregels(vergaderdag=DI, publicatie_dagen=30, commissie_voor_raad_dagen=40))
    plan = plan_pc(
        2027,
        raden=[traag],
        ab_vergaderingen=[AB],
        ab_vergaderdag=None,
        termijnen=Termijnen(),
        verzending_vanaf=date(2027, 4, 15),
    )
    assert not plan.haalbaar
    assert per_code(plan)["GM0006"].reden == (
        "te weinig tijd: na de voorbereiding (70 dagen) kan de raad pas op 24-06, maar de zienswijze moet uiterlijk "
        "17-06 bij het dagelijks bestuur zijn"
    )


def test_geen_ab_datum_mogelijk():
    plan = plan_pc(2027, raden=REGIO, ab_vergaderingen=[date(2027, 10, 5)], ab_vergaderdag=None, termijnen=Termijnen())
    assert not plan.haalbaar
    assert (plan.ab_datum, plan.verzending, plan.antwoord) == (None, None, None)
    assert {r.status for r in plan.raden} == {GEBLOKKEERD}
    assert plan.uitleg == (
        "Het algemeen bestuur heeft tussen 26-03 en 14-09-2027 geen vergadering en geen gewone vergaderdag om er een "
        "toe te voegen.",
        "De AB-vergadering van 05-10 is te laat voor de begroting: die moet vóór 15-09 naar Gedeputeerde Staten "
        "(Wgr art. 34 lid 2).",
    )
    # the calendar still shows the latest dates the law allows
    assert any("uiterste datum" in m.omschrijving for m in plan.mijlpalen)


def test_nieuwe_ab_vergadering_op_de_vergaderdag_buiten_reces():
    zomer = Periode(date(2027, 7, 1), date(2027, 8, 31), "zomerreces")
    plan = plan_pc(
        2027,
        raden=REGIO,
        ab_vergaderingen=[date(2027, 2, 4)],  # too early: the ontwerpbegroting would have to leave in 2026
        ab_vergaderdag=DO,
        ab_recessen=[zomer],
        termijnen=Termijnen(),
    )
    assert plan.haalbaar and not plan.ab_bestaand
    assert plan.ab_datum.weekday() == DO and not zomer.bevat(plan.ab_datum)
    assert plan.ab_datum <= date(2027, 9, 14)
    assert "De AB-vergadering van 04-02 is te vroeg" in plan.keuze
    assert "nieuwe vergadering" in plan.keuze


def test_regeling_met_langere_termijn_verschuift_de_verzending():
    t = Termijnen.from_dict({"ontwerpbegroting_weken": 14})
    plan = plan_pc(2027, raden=REGIO, ab_vergaderingen=[AB], ab_vergaderdag=None, termijnen=t)
    assert plan.verzending == date(2027, 4, 1)
    assert next(m for m in plan.mijlpalen if m.sleutel == "ontwerpbegroting").bron == "regeling"


@pytest.mark.parametrize(
    ("kwargs", "melding"),
    [
        ({"raden": [AADORP, AADORP]}, "dubbel: GM0001"),
        ({"ab_vergaderdag": 7}, "0 \\(maandag\\) t/m 6"),
        ({"jaar": 1990}, "Kies een jaar"),
    ],
)
def test_planner_weigert_onzin(kwargs, melding):
    args = {"jaar": 2027, "raden": REGIO, "ab_vergaderingen": [AB], "ab_vergaderdag": DO, "termijnen": Termijnen()}
    args.update(kwargs)
    jaar = args.pop("jaar")
    with pytest.raises(ValueError, match=melding):
        plan_pc(jaar, **args)
