"""Carrousel days: the monthly day (first weekday, moved for holidays, recesses and local meetings, months skipped),
the programme, the routing of voorstellen (advice, decision the same day or next month, capacity), bad input, a
property test on random regions against the checker and a brute-force matching, and planted violations.

First Tuesdays of 2027: 05-01, 02-02, 02-03, 06-04, 04-05, 01-06, (06-07, 03-08), 07-09, 05-10, 02-11, 07-12.
In 2026 the first Tuesday of May is 05-05, Bevrijdingsdag; 01-01-2027 is a Friday (Nieuwjaarsdag).
"""

import json
from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.planning.carrousel import (
    MAANDEN,
    CarrouselPlan,
    CarrouselVoorstel,
    Dagindeling,
    Onderdeel,
    plan_carrouseldagen,
)
from app.planning.controle.carrousel import controleer_carrousel
from app.planning.kalender import feestdag
from app.planning.raden import Bijeenkomst, Periode, Raad

DI = 1
EERSTE_DINSDAGEN_2027 = [
    date(2027, 1, 5),
    date(2027, 2, 2),
    date(2027, 3, 2),
    date(2027, 4, 6),
    date(2027, 5, 4),
    date(2027, 6, 1),
    date(2027, 9, 7),
    date(2027, 10, 5),
    date(2027, 11, 2),
    date(2027, 12, 7),
]


def gemeente(code: str, naam: str, *data: date, soort: str = "raad", recessen=()) -> Raad:
    return Raad(code, naam, recessen=tuple(recessen), vergaderingen=tuple(Bijeenkomst(d, soort, soort) for d in data))


DORDRECHT = gemeente("GM0505", "Dordrecht")
ZWIJNDRECHT = gemeente("GM0642", "Zwijndrecht", date(2027, 3, 2), soort="commissie")
REGIO = [DORDRECHT, ZWIJNDRECHT]


def vs(sleutel: str, domein: str, beschikbaar: date, uiterlijk: date | None = None) -> CarrouselVoorstel:
    return CarrouselVoorstel(sleutel, f"Voorstel {sleutel}", domein, beschikbaar, uiterlijk)


def geldig(p: CarrouselPlan, jaar: int, **kw) -> None:
    kw.setdefault("raden", [])
    kw.setdefault("maanden", MAANDEN)
    assert controleer_carrousel(p, jaar=jaar, **kw) == []


# --- the days -----------------------------------------------------------------------------------------------------


def test_a_normal_year_has_ten_first_tuesdays():
    p = plan_carrouseldagen(2027, raden=[DORDRECHT])
    assert [d.datum for d in p.dagen] == EERSTE_DINSDAGEN_2027
    assert all(d.notitie is None for d in p.dagen)
    assert p.overgeslagen_maanden == [] and p.niet_gepland == []
    assert not any(d.datum.month in (7, 8) for d in p.dagen)
    geldig(p, 2027, raden=[DORDRECHT])


def test_all_twelve_months_when_asked():
    p = plan_carrouseldagen(2027, raden=[], maanden=range(1, 13))
    assert [d.datum for d in p.dagen if d.datum.month in (7, 8)] == [date(2027, 7, 6), date(2027, 8, 3)]
    assert len(p.dagen) == 12


def test_holiday_moves_the_day_to_the_second_tuesday():
    p = plan_carrouseldagen(2026, raden=[])
    mei = next(d for d in p.dagen if d.datum.month == 5)
    assert mei.datum == date(2026, 5, 12)
    assert mei.notitie == "eerste dinsdag 05-05 is Bevrijdingsdag; daarom de tweede dinsdag (12-05)"
    geldig(p, 2026)


def test_new_years_day_on_a_friday():
    p = plan_carrouseldagen(2027, raden=[], weekdag=4)
    assert p.dagen[0].datum == date(2027, 1, 8)
    assert p.dagen[0].notitie == "eerste vrijdag 01-01 is Nieuwjaarsdag; daarom de tweede vrijdag (08-01)"
    geldig(p, 2027, weekdag=4)


def test_recess_moves_the_day():
    kerst = Periode(date(2026, 12, 19), date(2027, 1, 10), "kerstreces")
    p = plan_carrouseldagen(2027, raden=[], recessen=[kerst])
    assert (p.dagen[0].datum, p.dagen[0].notitie) == (
        date(2027, 1, 12),
        "eerste dinsdag 05-01 valt in kerstreces (19-12 t/m 10-01); daarom de tweede dinsdag (12-01)",
    )
    geldig(p, 2027, recessen=[kerst])
    # the same recess of one participating council does it too, and names the council
    sliedrecht = gemeente("GM0610", "Sliedrecht", recessen=[kerst])
    p = plan_carrouseldagen(2027, raden=[DORDRECHT, sliedrecht])
    assert (p.dagen[0].datum, p.dagen[0].notitie) == (
        date(2027, 1, 12),
        "eerste dinsdag 05-01 valt in kerstreces van Sliedrecht (19-12 t/m 10-01); daarom de tweede dinsdag (12-01)",
    )
    geldig(p, 2027, raden=[DORDRECHT, sliedrecht])


def test_local_meeting_moves_the_day():
    p = plan_carrouseldagen(2027, raden=REGIO)
    maart = p.dagen[2]
    assert maart.datum == date(2027, 3, 9)
    assert maart.notitie == (
        "eerste dinsdag 02-03 botst met een raads- of commissievergadering van Zwijndrecht; "
        "daarom de tweede dinsdag (09-03)"
    )
    assert [d.datum for d in p.dagen if d.datum.month != 3] == [d for d in EERSTE_DINSDAGEN_2027 if d.month != 3]
    geldig(p, 2027, raden=REGIO)


def test_several_reasons_in_one_note():
    meireces = Periode(date(2027, 5, 10), date(2027, 5, 16), "meireces")
    raden = [
        gemeente("GM0001", "Aadorp", date(2027, 5, 4)),
        gemeente("GM0002", "Beekdal", date(2027, 5, 4), date(2027, 5, 18), soort="commissie"),
    ]
    p = plan_carrouseldagen(2027, raden=raden, recessen=[meireces])
    mei = next(d for d in p.dagen if d.datum.month == 5)
    assert mei.datum == date(2027, 5, 25)
    assert mei.notitie == (
        "eerste dinsdag 04-05 botst met een raads- of commissievergadering van Aadorp en Beekdal; "
        "tweede dinsdag 11-05 valt in meireces (10-05 t/m 16-05); "
        "derde dinsdag 18-05 botst met een raads- of commissievergadering van Beekdal; "
        "daarom de vierde dinsdag (25-05)"
    )
    geldig(p, 2027, raden=raden, recessen=[meireces])


def test_a_month_without_a_usable_day_is_reported():
    juni = Periode(date(2027, 5, 31), date(2027, 7, 1), "zomerreces")
    p = plan_carrouseldagen(2027, raden=[], recessen=[juni])
    assert len(p.dagen) == 9
    assert p.overgeslagen_maanden == [
        (
            6,
            "geen bruikbare dinsdag in juni: eerste dinsdag 01-06 valt in zomerreces (31-05 t/m 01-07); "
            "tweede dinsdag 08-06 valt in zomerreces (31-05 t/m 01-07); derde dinsdag 15-06 valt in zomerreces "
            "(31-05 t/m 01-07); vierde dinsdag 22-06 valt in zomerreces (31-05 t/m 01-07); vijfde dinsdag 29-06 "
            "valt in zomerreces (31-05 t/m 01-07)",
        )
    ]
    data = json.loads(json.dumps(p.as_dict()))
    assert data["overgeslagen_maanden"][0]["naam"] == "juni"
    geldig(p, 2027, recessen=[juni])


# --- the programme ------------------------------------------------------------------------------------------------


def test_default_programme():
    dag = plan_carrouseldagen(2027, raden=[]).dagen[0]
    assert dag.programma == [
        Onderdeel("Themabijeenkomst", "themabijeenkomst", time(17), time(18), "Raadzaal"),
        Onderdeel("Fractieoverleg", "fractieoverleg", time(18), time(18, 45), "Fractiekamers"),
        Onderdeel("Carrousel Fysiek", "carrousel", time(19), time(20, 30), "Zaal 1", "Fysiek"),
        Onderdeel("Carrousel Sociaal", "carrousel", time(19), time(20, 30), "Zaal 2", "Sociaal"),
        Onderdeel("Carrousel Bestuur & Middelen", "carrousel", time(19), time(20, 30), "Zaal 3", "Bestuur & Middelen"),
        Onderdeel("Gezamenlijke raad", "gezamenlijke_raad", time(21), time(22, 30), "Raadzaal"),
    ]
    assert dag.advies == {"Fysiek": [], "Sociaal": [], "Bestuur & Middelen": []}


def test_integraal_gets_its_own_room_and_custom_times():
    indeling = Dagindeling(
        carrousels=(time(19, 15), time(20, 45)),
        carrousel_zalen=("Noord", "Zuid", "Oost", "West"),
        raad=(time(21, 0), time(23, 0)),
        raad_naam="Drechtraad",
    )
    dag = plan_carrouseldagen(2027, raden=[], integraal=True, indeling=indeling).dagen[0]
    carrousels = [(o.domein, o.zaal, o.start, o.einde) for o in dag.programma if o.soort == "carrousel"]
    assert carrousels == [
        ("Fysiek", "Noord", time(19, 15), time(20, 45)),
        ("Sociaal", "Zuid", time(19, 15), time(20, 45)),
        ("Bestuur & Middelen", "Oost", time(19, 15), time(20, 45)),
        ("Integraal", "West", time(19, 15), time(20, 45)),
    ]
    assert dag.programma[-1] == Onderdeel("Drechtraad", "gezamenlijke_raad", time(21), time(23), "Raadzaal")
    assert list(dag.advies) == ["Fysiek", "Sociaal", "Bestuur & Middelen", "Integraal"]


# --- routing ------------------------------------------------------------------------------------------------------


def test_decision_next_month_by_default():
    # released 10-01, published 10 days: ready 20-01, so the carrousel of 02-02 advises and 02-03 decides
    v = vs("A", "Fysiek", date(2027, 1, 10))
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[v])
    assert p.route("A") == (date(2027, 2, 2), date(2027, 3, 2))
    assert p.dagen[1].advies["Fysiek"] == ["A"] and p.dagen[2].besluit == ["A"]
    geldig(p, 2027, voorstellen=[v])


def test_decision_same_day_when_next_month_is_too_late():
    v = vs("A", "Sociaal", date(2027, 1, 10), uiterlijk=date(2027, 2, 20))
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[v])
    assert p.route("A") == (date(2027, 2, 2), date(2027, 2, 2))
    assert p.dagen[1].besluit == ["A"]
    geldig(p, 2027, voorstellen=[v])


def test_decision_same_day_before_the_summer_and_at_year_end():
    juni = vs("J", "Bestuur & Middelen", date(2027, 5, 20))  # ready 30-05: advice 01-06, next day is 07-09
    dec = vs("D", "Fysiek", date(2027, 11, 20))  # ready 30-11: advice 07-12, no later day
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[juni, dec])
    assert p.route("J") == (date(2027, 6, 1), date(2027, 6, 1))
    assert p.route("D") == (date(2027, 12, 7), date(2027, 12, 7))
    geldig(p, 2027, voorstellen=[juni, dec])


def test_lead_time_is_counted_in_days():
    # ready exactly on 02-02 (released 23-01): that day counts
    v = vs("A", "Fysiek", date(2027, 1, 23))
    w = vs("B", "Fysiek", date(2027, 1, 24))  # ready 03-02: next day
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[v, w])
    assert p.route("A")[0] == date(2027, 2, 2)
    assert p.route("B")[0] == date(2027, 3, 2)
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[v, w], publicatie_dagen=0)
    assert p.route("B")[0] == date(2027, 2, 2)


def test_capacity_overflows_to_next_month_earliest_deadline_first():
    voorstellen = [vs(f"F{i}", "Fysiek", date(2027, 1, 1)) for i in range(6)]
    voorstellen.append(vs("U", "Fysiek", date(2027, 1, 5), uiterlijk=date(2027, 2, 28)))
    voorstellen.append(vs("S", "Sociaal", date(2027, 1, 5)))
    p = plan_carrouseldagen(2027, raden=[], voorstellen=voorstellen)
    # ready 11-01 and 15-01: the first day after that is 02-02
    assert p.dagen[1].advies == {
        "Fysiek": ["F0", "F1", "F2", "F3", "U"],  # U has a deadline: it goes first, F4 and F5 wait
        "Sociaal": ["S"],
        "Bestuur & Middelen": [],
    }
    assert p.dagen[2].advies["Fysiek"] == ["F4", "F5"]
    assert p.route("U") == (date(2027, 2, 2), date(2027, 2, 2))
    assert p.route("F5") == (date(2027, 3, 2), date(2027, 4, 6))
    geldig(p, 2027, voorstellen=voorstellen)


def test_unroutable_voorstellen_get_a_reason():
    voorstellen = [
        vs("V1", "Fysiek", date(2027, 1, 1), uiterlijk=date(2027, 2, 20)),
        vs("V2", "Fysiek", date(2027, 1, 1), uiterlijk=date(2027, 2, 20)),  # carrousel full, next day too late
        vs("LAAT", "Sociaal", date(2027, 12, 1)),  # ready 11-12, after the last day (07-12)
        vs("KORT", "Sociaal", date(2027, 3, 1), uiterlijk=date(2027, 3, 5)),  # decision due before it is ready
        vs("ZOMER", "Sociaal", date(2027, 6, 20), uiterlijk=date(2027, 8, 31)),  # no day in July/August
    ]
    p = plan_carrouseldagen(2027, raden=[], voorstellen=voorstellen, max_per_carrousel=1)
    assert p.route("V1") == (date(2027, 2, 2), date(2027, 2, 2))
    assert dict(p.niet_gepland) == {
        "V2": "carrousel Fysiek zit vol (1 van 1 voorstellen) op 02-02; het besluit moet uiterlijk 20-02 vallen",
        "LAAT": "na 07-12 is er in 2027 geen carrouseldag meer (vroegst 11-12: beschikbaar 01-12 + 10 dagen "
        "publicatie)",
        "KORT": "het besluit moet uiterlijk 05-03 vallen, vóór de vroegste behandeling (vroegst 11-03: beschikbaar "
        "01-03 + 10 dagen publicatie)",
        "ZOMER": "geen carrouseldag tussen 30-06 en 31-08; de eerstvolgende is 07-09",
    }
    assert [s for s, _ in p.niet_gepland] == ["V2", "LAAT", "KORT", "ZOMER"]
    geldig(p, 2027, voorstellen=voorstellen, max_per_carrousel=1)


def test_no_day_at_all():
    p = plan_carrouseldagen(2027, raden=[], maanden=[], voorstellen=[vs("A", "Fysiek", date(2027, 1, 1))])
    assert p.dagen == [] and p.niet_gepland == [("A", "er is in 2027 geen carrouseldag")]


def test_integraal_voorstel():
    v = vs("I", "Integraal", date(2027, 1, 1))
    with pytest.raises(ValueError, match=r"onbekend domein 'Integraal' \(de carrousel Integraal staat uit\)"):
        plan_carrouseldagen(2027, raden=[], voorstellen=[v])
    p = plan_carrouseldagen(2027, raden=[], voorstellen=[v], integraal=True)
    assert p.dagen[1].advies["Integraal"] == ["I"]  # ready 11-01: February
    geldig(p, 2027, voorstellen=[v], integraal=True)


def test_as_dict_is_json():
    v = vs("A", "Fysiek", date(2027, 1, 10))
    p = plan_carrouseldagen(2027, raden=REGIO, voorstellen=[v])
    data = json.loads(json.dumps(p.as_dict()))
    assert data["jaar"] == 2027 and data["weekdag"] == "dinsdag"
    assert data["dagen"][1]["advies"]["Fysiek"] == ["A"]
    assert data["dagen"][2]["datum"] == "2027-03-09" and data["dagen"][2]["besluit"] == ["A"]
    assert data["dagen"][2]["notitie"].startswith("eerste dinsdag 02-03 botst")
    assert data["dagen"][0]["programma"][2] == {
        "naam": "Carrousel Fysiek",
        "soort": "carrousel",
        "start": "19:00",
        "einde": "20:30",
        "zaal": "Zaal 1",
        "domein": "Fysiek",
    }


@pytest.mark.parametrize(
    ("kw", "melding"),
    [
        ({"voorstellen": [vs("A", "Wonen", date(2027, 1, 1))]}, "Voorstel A heeft een onbekend domein 'Wonen'"),
        ({"voorstellen": [vs("A", "Fysiek", date(2027, 1, 1))] * 2}, "Elk voorstel mag maar één keer voorkomen: A"),
        ({"weekdag": 7}, "De weekdag moet 0 (maandag) t/m 6 (zondag) zijn, niet 7."),
        ({"maanden": [0, 13]}, "Maanden lopen van 1 t/m 12; fout: 0, 13."),
        ({"max_per_carrousel": 0}, "minstens één voorstel per dag"),
        ({"publicatie_dagen": -1}, "Het aantal publicatiedagen kan niet negatief zijn."),
        ({"domeinen": []}, "Geef minstens één domein op"),
        ({"domeinen": ["Fysiek", "Fysiek"]}, "Elk domein heeft één carrousel; dubbel: Fysiek."),
        ({"domeinen": ["Integraal"], "integraal": True}, "dubbel: Integraal."),
        ({"domeinen": list("ABCDE")}, "Te weinig zalen: 5 carrousels en 4 zalen."),
        ({"indeling": Dagindeling(carrousel_zalen=("Zaal 1", "Zaal 1", "Zaal 2"))}, "een zaal staat dubbel"),
        (
            {"indeling": Dagindeling(raad=(time(20, 0), time(22, 0)))},
            "De gezamenlijke raad (20:00) begint vóór het einde van de carrousels (20:30).",
        ),
        ({"indeling": Dagindeling(thema=(time(18), time(17)))}, "De eindtijd van de themabijeenkomst (17:00)"),
    ],
)
def test_bad_input_raises_in_dutch(kw, melding):
    with pytest.raises(ValueError) as fout:
        plan_carrouseldagen(2027, raden=[], **kw)
    assert melding in str(fout.value)


def test_year_out_of_range():
    with pytest.raises(ValueError, match="Kies een jaar tussen 1900 en 2200, niet 1850."):
        plan_carrouseldagen(1850, raden=[])


# --- the checker catches planted violations ----------------------------------------------------------------------

VOORSTELLEN = [
    vs("A", "Fysiek", date(2027, 1, 10)),  # advice 02-02, decision 02-03
    vs("B", "Sociaal", date(2027, 1, 10), uiterlijk=date(2027, 2, 20)),  # advice and decision 02-02
]


def _basis() -> CarrouselPlan:
    p = plan_carrouseldagen(2027, raden=[], voorstellen=VOORSTELLEN, max_per_carrousel=2)
    geldig(p, 2027, voorstellen=VOORSTELLEN, max_per_carrousel=2)
    return p


def _dag(p: CarrouselPlan, i: int, **kw) -> CarrouselPlan:
    dagen = list(p.dagen)
    dagen[i] = replace(dagen[i], **kw)
    return replace(p, dagen=dagen)


def _regels(p: CarrouselPlan, **kw) -> set[str]:
    kw.setdefault("raden", [])
    return {
        s.regel
        for s in controleer_carrousel(p, jaar=2027, voorstellen=VOORSTELLEN, max_per_carrousel=2, maanden=MAANDEN, **kw)
    }


def test_checker_days():
    p = _basis()
    assert _regels(_dag(p, 0, datum=date(2027, 1, 6))) == {"weekdag"}
    assert _regels(_dag(p, 4, datum=date(2027, 4, 27))) == {"feestdag", "een_per_maand"}  # Koningsdag, 2x April
    assert _regels(_dag(p, 0, datum=date(2026, 12, 1))) == {"jaar"}
    assert _regels(_dag(p, 0, datum=date(2027, 7, 6))) == {"maand"}
    assert _regels(p, recessen=[Periode(date(2027, 1, 1), date(2027, 1, 8), "kerstreces")]) == {"reces"}
    raad = gemeente(
        "GM0590", "Papendrecht", date(2027, 10, 5), recessen=[Periode(date(2027, 11, 1), date(2027, 11, 3))]
    )
    schendingen = controleer_carrousel(p, jaar=2027, raden=[raad], voorstellen=VOORSTELLEN, max_per_carrousel=2)
    assert {(s.regel, s.wie, s.datum) for s in schendingen} == {
        ("gemeente_vergadert", "GM0590", date(2027, 10, 5)),
        ("reces", "GM0590", date(2027, 11, 2)),
    }


def test_checker_programme():
    p = _basis()
    prog = list(p.dagen[0].programma)
    fysiek, sociaal, bm = prog[2], prog[3], prog[4]
    zelfde_zaal = [*prog[:3], replace(sociaal, zaal="Zaal 1"), *prog[4:]]
    assert _regels(_dag(p, 0, programma=zelfde_zaal)) == {"zaal", "zaal_bezet"}
    na_elkaar = [*prog[:3], replace(sociaal, start=time(20, 30), einde=time(21, 0)), *prog[4:]]
    assert _regels(_dag(p, 0, programma=na_elkaar)) == {"parallel"}
    te_laat = [*prog[:4], replace(bm, einde=time(21, 15)), prog[5]]
    assert _regels(_dag(p, 0, programma=te_laat)) == {"volgorde"}
    zonder = [*prog[:2], fysiek, sociaal, prog[5]]
    assert _regels(_dag(p, 0, programma=zonder)) == {"carrousels"}
    geen_raad = prog[:5]
    assert _regels(_dag(p, 0, programma=geen_raad)) == {"programma"}
    omgekeerd = [replace(prog[0], start=time(18), einde=time(17)), *prog[1:]]
    assert _regels(_dag(p, 0, programma=omgekeerd)) == {"tijd"}
    # the theme meeting moved into the joint council's room and time
    botsing = [replace(prog[0], start=time(21, 30), einde=time(22)), *prog[1:]]
    assert _regels(_dag(p, 0, programma=botsing)) == {"zaal_bezet"}


def test_checker_routing():
    p = _basis()
    feb, maart, april = p.dagen[1], p.dagen[2], p.dagen[3]
    assert (feb.advies["Fysiek"], feb.advies["Sociaal"], feb.besluit, maart.besluit) == (["A"], ["B"], ["B"], ["A"])
    # A in the wrong carrousel
    q = _dag(p, 1, advies={**feb.advies, "Fysiek": [], "Bestuur & Middelen": ["A"]})
    assert _regels(q) == {"domein"}
    # A advised twice
    q = _dag(p, 2, advies={**maart.advies, "Fysiek": ["A"]})
    assert _regels(q) == {"advies"}
    # A decided two months later, and twice
    q = _dag(_dag(p, 2, besluit=[]), 3, besluit=["A"])
    assert _regels(q) == {"besluit_termijn"}
    assert april.besluit == []
    q = _dag(p, 3, besluit=["A"])
    assert _regels(q) == {"besluit"}
    # B decided before its advice: advice moved to March, decision stays in February
    q = _dag(_dag(p, 1, advies={**feb.advies, "Sociaal": []}), 2, advies={**maart.advies, "Sociaal": ["B"]})
    assert _regels(q) == {"besluit_voor_advies"}
    # B decided after its uiterlijk
    q = _dag(_dag(p, 1, besluit=[]), 2, besluit=["A", "B"])
    assert _regels(q) == {"uiterlijk"}
    # A in January: before it is published
    q = _dag(_dag(p, 1, advies={**feb.advies, "Fysiek": []}), 0, advies={**p.dagen[0].advies, "Fysiek": ["A"]})
    assert _regels(q) == {"publicatie", "besluit_termijn"}
    # capacity (2) exceeded, with unknown keys
    q = _dag(p, 1, advies={**feb.advies, "Sociaal": ["B", "X", "Y"]})
    assert _regels(q) == {"capaciteit", "onbekend_voorstel"}
    # A missing without a reason, B planned and reported unplannable
    q = replace(_dag(_dag(p, 1, advies={**feb.advies, "Fysiek": []}), 2, besluit=[]), niet_gepland=[("B", "vol")])
    assert _regels(q) == {"ontbreekt", "dubbel"}
    # A decided but never advised
    q = _dag(p, 1, advies={**feb.advies, "Fysiek": []})
    assert _regels(q) == {"advies"}


# --- random regions -----------------------------------------------------------------------------------------------

JAAR = 2027
DOMEINEN = ("Fysiek", "Sociaal", "Bestuur & Middelen")


@st.composite
def regio(draw):
    dag_van_jaar = st.integers(0, 364).map(lambda i: date(JAAR, 1, 1) + timedelta(days=i))
    dinsdagen = st.integers(0, 52).map(lambda i: date(JAAR, 1, 5) + timedelta(days=7 * i))
    raden = []
    for i in range(draw(st.integers(1, 7))):
        data = draw(st.lists(st.one_of(dinsdagen, dag_van_jaar), max_size=6))
        recessen = []
        for _ in range(draw(st.integers(0, 2))):
            a = draw(dag_van_jaar)
            recessen.append(Periode(a, a + timedelta(days=draw(st.integers(0, 30))), f"reces {i}"))
        raden.append(gemeente(f"GM{i:04d}", f"Gemeente {i}", *data, recessen=recessen))
    gezamenlijk = []
    if draw(st.booleans()):
        a = draw(dag_van_jaar)
        gezamenlijk.append(Periode(a, a + timedelta(days=draw(st.integers(0, 40))), "reces"))
    integraal = draw(st.booleans())
    domeinen = DOMEINEN + (("Integraal",) if integraal else ())
    voorstellen = []
    for i in range(draw(st.integers(0, 20))):
        b = draw(dag_van_jaar)
        u = draw(st.one_of(st.none(), st.integers(-5, 120).map(lambda n, b=b: b + timedelta(days=n))))
        voorstellen.append(vs(f"V{i}", draw(st.sampled_from(domeinen)), b, u))
    return {
        "raden": raden,
        "weekdag": draw(st.sampled_from([1, 1, 1, 2, 3])),
        "maanden": sorted(draw(st.sets(st.integers(1, 12), min_size=1))),
        "recessen": gezamenlijk,
        "integraal": integraal,
        "voorstellen": voorstellen,
        "max_per_carrousel": draw(st.integers(1, 4)),
        "publicatie_dagen": draw(st.integers(0, 21)),
    }


def _geblokkeerd(d: date, inst) -> bool:
    return (
        feestdag(d) is not None
        or any(p.van <= d <= p.tot for p in inst["recessen"])
        or any(p.van <= d <= p.tot for r in inst["raden"] for p in r.recessen)
        or any(b.datum == d for r in inst["raden"] for b in r.vergaderingen)
    )


def _meeste_routes(dagen: list[date], voorstellen, cap: int, publicatie_dagen: int) -> int:
    """The most voorstellen any routing can place, by augmenting paths over (day, seat) per domain."""
    totaal = 0
    for dom in {v.domein for v in voorstellen}:
        eigen = [v for v in voorstellen if v.domein == dom]
        plekken = [d for d in dagen for _ in range(cap)]
        bezet: dict[int, int] = {}

        def zoek(i, gezien, eigen=eigen, plekken=plekken, bezet=bezet):
            v = eigen[i]
            for j, d in enumerate(plekken):
                if (
                    d >= v.beschikbaar + timedelta(days=publicatie_dagen)
                    and (v.uiterlijk is None or d <= v.uiterlijk)
                    and j not in gezien
                ):
                    gezien.add(j)
                    if j not in bezet or zoek(bezet[j], gezien):
                        bezet[j] = i
                        return True
            return False

        totaal += sum(zoek(i, set()) for i in range(len(eigen)))
    return totaal


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regio())
def test_random_regions_pass_the_checker(inst):
    p = plan_carrouseldagen(JAAR, **inst)
    kw = {k: v for k, v in inst.items() if k != "integraal"}
    assert controleer_carrousel(p, jaar=JAAR, domeinen=DOMEINEN, integraal=inst["integraal"], **kw) == []

    # Each month asked for has a day or a reason; a day is the first usable weekday; a skipped month has none.
    gekozen = {d.datum.month: d.datum for d in p.dagen}
    overgeslagen = dict(p.overgeslagen_maanden)
    for m in inst["maanden"]:
        assert (m in gekozen) != (m in overgeslagen)
        d = date(JAAR, m, 1)
        kandidaten = [d + timedelta(days=i) for i in range(31)]
        kandidaten = [x for x in kandidaten if x.month == m and x.weekday() == inst["weekdag"]]
        vrij = [x for x in kandidaten if not _geblokkeerd(x, inst)]
        assert gekozen.get(m) == (vrij[0] if vrij else None)
    for dag in p.dagen:  # a note exactly when the first weekday of the month was passed over
        eerste = date(JAAR, dag.datum.month, 1) + timedelta(
            days=(inst["weekdag"] - date(JAAR, dag.datum.month, 1).weekday()) % 7
        )
        assert (dag.notitie is None) == (dag.datum == eerste)
    assert set(gekozen) <= set(inst["maanden"])

    # "not plannable" is true: as many voorstellen are routed as any routing over these days can.
    gerouteerd = len(inst["voorstellen"]) - len(p.niet_gepland)
    dagen = [d.datum for d in p.dagen]
    assert gerouteerd == _meeste_routes(dagen, inst["voorstellen"], inst["max_per_carrousel"], inst["publicatie_dagen"])
