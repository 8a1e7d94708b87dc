"""A table of worked cases: concrete, hand-computed dates, each naming the article it exercises.

Every date was checked by hand against a printed calendar (``python -c 'import calendar;
print(calendar.month(2027, 4))'``). 2027: Good Friday 26 March, Easter Monday 29 March, King's Day Tuesday 27 April,
Ascension 6 May; 2026: 5 May (no lustrum year) is a Tuesday; 2025: 14 September is a Sunday.
"""

from datetime import date

import pytest

from app.planning.pc import Termijnen, pc_kalender, wijziging_regeling
from app.planning.termijnen import na, uiterlijk_voor, voor

ATW1 = "Algemene termijnenwet art. 1 lid 1"


def mijlpaal(jaar: int, sleutel: str, termijnen: dict | None = None, **ab):
    m = pc_kalender(jaar, termijnen=Termijnen.from_dict(termijnen or {}), **ab).mijlpaal(sleutel)
    return m.datum, m.bron


def wijziging(verzonden: date, termijnen: dict | None = None):
    m = wijziging_regeling(verzonden, Termijnen.from_dict(termijnen or {}))[1]
    return m.datum, m.bron


def datum(d: date):
    return d, None


# (id naming the article, outcome as (date, bron or None), expected date, expected bron or None: not compared)
GEVALLEN = [
    # --- Algemene termijnenwet on its own ---
    (
        "ATW art. 1 lid 1: 9 dagen na vr 04-06-2027 eindigt zondag",
        datum(na(date(2027, 6, 4), dagen=9)),
        date(2027, 6, 14),
        None,
    ),
    (
        "ATW art. 1 lid 1 (zaterdag): 8 weken na za 06-03-2027",
        datum(na(date(2027, 3, 6), weken=8)),
        date(2027, 5, 3),
        None,
    ),
    ("ATW art. 2: 3 dagen na do 25-03-2027 over Pasen", datum(na(date(2027, 3, 25), dagen=3)), date(2027, 3, 31), None),
    (
        "ATW art. 3 (Goede Vrijdag, Tweede Paasdag): 8 weken na vr 29-01-2027",
        datum(na(date(2027, 1, 29), weken=8)),
        date(2027, 3, 30),
        None,
    ),
    (
        "ATW art. 3 (5 mei, geen lustrumjaar): 8 weken na di 10-03-2026",
        datum(na(date(2026, 3, 10), weken=8)),
        date(2026, 5, 6),
        None,
    ),
    (
        "ATW art. 3 (eerste kerstdag): 8 weken na vr 30-10-2026",
        datum(na(date(2026, 10, 30), weken=8)),
        date(2026, 12, 28),
        None,
    ),
    (
        "ATW art. 3 (Nieuwjaarsdag): 8 weken na vr 06-11-2026",
        datum(na(date(2026, 11, 6), weken=8)),
        date(2027, 1, 4),
        None,
    ),
    (
        "ATW art. 4 (precies 12 weken: verlengd): na di 02-02-2027",
        datum(na(date(2027, 2, 2), weken=12)),
        date(2027, 4, 28),
        None,
    ),
    (
        "ATW art. 4 (13 weken: niet verlengd): na di 26-01-2027",
        datum(na(date(2027, 1, 26), weken=13)),
        date(2027, 4, 27),
        None,
    ),
    (
        "ATW art. 1 lid 2 (terugrekenen): 12 weken vóór di 20-07-2027 is Koningsdag",
        datum(voor(date(2027, 7, 20), weken=12)),
        date(2027, 4, 27),
        None,
    ),
    (
        "ATW art. 1 lid 2 (terugrekenen, 5 mei): 12 weken vóór di 28-07-2026",
        datum(voor(date(2026, 7, 28), weken=12)),
        date(2026, 5, 5),
        None,
    ),
    (
        "regeling (eigen termijn, geen ATW): 10 weken na di 16-02-2027",
        datum(na(date(2027, 2, 16), weken=10, wettelijk=False)),
        date(2027, 4, 27),
        None,
    ),
    (
        "vaste datum (niet verlengd): vóór 15-09-2025 is zondag 14-09",
        datum(uiterlijk_voor(2025, 9, 15)),
        date(2025, 9, 14),
        None,
    ),
    # --- Wgr art. 34b: kadernota ---
    ("Wgr art. 34b: kadernota 2028 vóór 30 april 2027", mijlpaal(2027, "kadernota"), date(2027, 4, 29), "Wgr art. 34b"),
    (
        "Wgr art. 34b (regeling: vóór 15 april)",
        mijlpaal(2027, "kadernota", {"kadernota_voor": "04-15"}),
        date(2027, 4, 14),
        "regeling",
    ),
    # --- Wgr art. 35: ontwerpbegroting, zienswijzen, antwoord ---
    (
        "Wgr art. 35 lid 1: AB do 08-07-2027, 12 weken terug",
        mijlpaal(2027, "ontwerpbegroting", ab_begroting=date(2027, 7, 8)),
        date(2027, 4, 15),
        "Wgr art. 35 lid 1",
    ),
    (
        "Wgr art. 35 lid 1 + ATW art. 1 lid 2: AB di 20-07-2027, terug op Koningsdag",
        mijlpaal(2027, "ontwerpbegroting", ab_begroting=date(2027, 7, 20)),
        date(2027, 4, 27),
        "Wgr art. 35 lid 1",
    ),
    (
        "Wgr art. 35 lid 1 (regeling 14 weken): AB do 08-07-2027",
        mijlpaal(2027, "ontwerpbegroting", {"ontwerpbegroting_weken": 14}, ab_begroting=date(2027, 7, 8)),
        date(2027, 4, 1),
        "regeling",
    ),
    (
        "Wgr art. 35 lid 1 (geen AB: vanaf 14-09-2027 terug)",
        mijlpaal(2027, "ontwerpbegroting"),
        date(2027, 6, 22),
        "Wgr art. 35 lid 1",
    ),
    (
        "Wgr art. 35 lid 3 (instelling 21 dagen): AB do 08-07-2027",
        mijlpaal(2027, "zienswijze_raden", ab_begroting=date(2027, 7, 8)),
        date(2027, 6, 17),
        "instelling",
    ),
    (
        "Wgr art. 35 lid 3 (regeling 28 dagen): AB do 08-07-2027",
        mijlpaal(2027, "zienswijze_raden", {"zienswijze_raden_dagen_voor_ab": 28}, ab_begroting=date(2027, 7, 8)),
        date(2027, 6, 10),
        "regeling",
    ),
    (
        "Wgr art. 35 lid 4 (instelling 7 dagen): AB do 08-07-2027",
        mijlpaal(2027, "antwoord_zienswijzen", ab_begroting=date(2027, 7, 8)),
        date(2027, 7, 1),
        "instelling",
    ),
    # --- Wgr art. 34 lid 1-2: begroting to GS ---
    (
        "Wgr art. 34 lid 2: AB di 06-07-2027, 2 weken",
        mijlpaal(2027, "begroting_gs", ab_begroting=date(2027, 7, 6)),
        date(2027, 7, 20),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 2 + ATW art. 3 (Tweede Paasdag): AB ma 15-03-2027",
        mijlpaal(2027, "begroting_gs", ab_begroting=date(2027, 3, 15)),
        date(2027, 3, 30),
        f"Wgr art. 34 lid 2 jo. {ATW1}",
    ),
    (
        "Wgr art. 34 lid 2 (15 september eerst): AB di 07-09-2027",
        mijlpaal(2027, "begroting_gs", ab_begroting=date(2027, 9, 7)),
        date(2027, 9, 14),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 2 (vaste datum op zondag): AB ma 08-09-2025",
        mijlpaal(2025, "begroting_gs", ab_begroting=date(2025, 9, 8)),
        date(2025, 9, 14),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 2 (AB op 14-09-2027 zelf)",
        mijlpaal(2027, "begroting_gs", ab_begroting=date(2027, 9, 14)),
        date(2027, 9, 14),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 2 (te laat): AB di 21-09-2027",
        mijlpaal(2027, "begroting_gs", ab_begroting=date(2027, 9, 21)),
        date(2027, 9, 14),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 2 (geen AB: uiterste vaststelling)",
        mijlpaal(2027, "begroting_vaststelling"),
        date(2027, 9, 14),
        "Wgr art. 34 lid 2",
    ),
    (
        "Wgr art. 34 lid 1: AB do 08-07-2027 stelt vast",
        mijlpaal(2027, "begroting_vaststelling", ab_begroting=date(2027, 7, 8)),
        date(2027, 7, 8),
        "Wgr art. 34 lid 1",
    ),
    # --- Wgr art. 34 lid 3-4: jaarrekening to GS ---
    (
        "Wgr art. 34 lid 4: AB do 24-06-2027, 2 weken",
        mijlpaal(2027, "jaarrekening_gs", ab_jaarrekening=date(2027, 6, 24)),
        date(2027, 7, 8),
        "Wgr art. 34 lid 4",
    ),
    (
        "Wgr art. 34 lid 4 (15 juli eerst): AB do 08-07-2027",
        mijlpaal(2027, "jaarrekening_gs", ab_jaarrekening=date(2027, 7, 8)),
        date(2027, 7, 14),
        "Wgr art. 34 lid 4",
    ),
    (
        "Wgr art. 34 lid 3 (geen AB: uiterste vaststelling)",
        mijlpaal(2027, "jaarrekening_vaststelling"),
        date(2027, 7, 14),
        "Wgr art. 34 lid 4",
    ),
    # --- Wgr art. 1 lid 2: change of the regeling ---
    (
        "Wgr art. 1 lid 2 + ATW art. 1 lid 1 (Koningsdag): toezending di 02-03-2027",
        wijziging(date(2027, 3, 2)),
        date(2027, 4, 28),
        f"Wgr art. 1 lid 2 jo. {ATW1}",
    ),
    (
        "Wgr art. 1 lid 2: toezending di 09-03-2027, 8 weken op een werkdag",
        wijziging(date(2027, 3, 9)),
        date(2027, 5, 4),
        "Wgr art. 1 lid 2",
    ),
    (
        "Wgr art. 1 lid 2 (regeling 10 weken, geen ATW): toezending di 16-02-2027",
        wijziging(date(2027, 2, 16), {"wijziging_zienswijze_weken": 10}),
        date(2027, 4, 27),
        "regeling",
    ),
    (
        "Wgr art. 1 lid 2 (regeling herhaalt de wet: 8 weken, wel ATW)",
        wijziging(date(2027, 3, 2), {"wijziging_zienswijze_weken": 8}),
        date(2027, 4, 28),
        f"Wgr art. 1 lid 2 jo. {ATW1}",
    ),
]


def test_tabel_heeft_minstens_twintig_gevallen_met_een_artikel():
    assert len(GEVALLEN) >= 20
    assert all(("art." in g[0]) or g[0].startswith(("regeling", "vaste datum")) for g in GEVALLEN)


@pytest.mark.parametrize(("uitkomst", "datum_", "bron"), [g[1:] for g in GEVALLEN], ids=[g[0] for g in GEVALLEN])
def test_uitgewerkt_geval(uitkomst, datum_, bron):
    gekregen_datum, gekregen_bron = uitkomst
    assert gekregen_datum == datum_
    if bron is not None:
        assert gekregen_bron == bron
