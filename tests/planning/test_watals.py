"""The what-if on the griffiers' board: what moving one meeting breaks, rule by rule, on concrete dates.

The region: Zeist, De Bilt and Bunnik deliberate on the same day (U10 style). Tuesday 9 March 2027 all three
raden handle the ‘Regionale woonvisie’ (released 1 February, to be handled by 12 March); the Raadstafel advised on
it on 10 February, before the first committee round (Zeist, 16 February). On 8 June the raden give their
zienswijze on the ‘Begroting 2028’ (released 1 April), which the algemeen bestuur adopts on 1 July, together
with the ‘Jaarrekening 2026’. Zeist has its voorjaarsreces from 20 to 28 February.
"""

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad
from app.planning.watals import REGELS, Behandeling, Bord, Gevolg, Orgaan, Voorstel, gevolgen, knelpunten, opgelost

ZEIST, BILT, BUNNIK = "GM0355", "GM0310", "GM0312"

# meeting ids
Z_RAAD, Z_COMMISSIE, Z_COMMISSIE_2, Z_ZIENSWIJZE = 101, 102, 103, 104
B_RAAD, B_COMMISSIE, B_ZIENSWIJZE = 201, 202, 204
N_RAAD, N_ZIENSWIJZE = 301, 304
AB, DB, RAADSTAFEL = 901, 902, 903
WOONVISIE, BEGROTING, JAARREKENING = 1, 2, 3


def _b(d: date, orgaan: str, soort: str, vid: int) -> Bijeenkomst:
    return Bijeenkomst(datum=d, orgaan=orgaan, soort=soort, vergadering_id=vid, aanvang=time(19, 30))


def regio(synchronisatie: str = "gelijke_dag", **wijzig) -> Bord:
    dinsdag = Planregels(vergaderdag=1)
    raden = (
        Raad(
            ZEIST,
            "Zeist",
            dinsdag,
            (Periode(date(2027, 2, 20), date(2027, 2, 28), "voorjaarsreces"),),
            (
                _b(date(2027, 2, 16), "zeist-commissie", "commissie", Z_COMMISSIE),
                _b(date(2027, 3, 9), "zeist-raad", "raad", Z_RAAD),
                _b(date(2027, 3, 16), "zeist-commissie", "commissie", Z_COMMISSIE_2),
                _b(date(2027, 6, 8), "zeist-raad", "raad", Z_ZIENSWIJZE),
            ),
        ),
        Raad(
            BILT,
            "De Bilt",
            dinsdag,
            (),
            (
                _b(date(2027, 2, 23), "bilt-commissie", "commissie", B_COMMISSIE),
                _b(date(2027, 3, 9), "bilt-raad", "raad", B_RAAD),
                _b(date(2027, 6, 8), "bilt-raad", "raad", B_ZIENSWIJZE),
            ),
        ),
        Raad(
            BUNNIK,
            "Bunnik",
            dinsdag,
            (),
            (
                _b(date(2027, 3, 9), "bunnik-raad", "raad", N_RAAD),
                _b(date(2027, 6, 8), "bunnik-raad", "raad", N_ZIENSWIJZE),
            ),
        ),
    )
    organen = (
        Orgaan("zeist-raad", "Gemeenteraad Zeist", "raad", ZEIST),
        Orgaan("zeist-commissie", "Commissie Bestuur Zeist", "commissie", ZEIST),
        Orgaan("bilt-raad", "Gemeenteraad De Bilt", "raad", BILT),
        Orgaan("bilt-commissie", "Commissie De Bilt", "commissie", BILT),
        Orgaan("bunnik-raad", "Gemeenteraad Bunnik", "raad", BUNNIK),
        Orgaan("ab", "Algemeen bestuur", "algemeen_bestuur"),
        Orgaan("db", "Dagelijks bestuur", "dagelijks_bestuur"),
        Orgaan("raadstafel", "Raadstafel", "adviescommissie"),
    )
    vergaderingen = (
        _b(date(2027, 2, 10), "raadstafel", "adviescommissie", RAADSTAFEL),
        _b(date(2027, 6, 10), "db", "dagelijks_bestuur", DB),
        _b(date(2027, 7, 1), "ab", "algemeen_bestuur", AB),
    )
    voorstellen = (
        Voorstel(
            WOONVISIE,
            "Regionale woonvisie",
            "overig",
            date(2027, 2, 1),
            date(2027, 3, 12),
            (
                Behandeling("raadstafel", "advies", RAADSTAFEL, date(2027, 2, 10)),
                Behandeling("zeist-commissie", "advies", Z_COMMISSIE, date(2027, 2, 16)),
                Behandeling("bilt-commissie", "advies", B_COMMISSIE, date(2027, 2, 23)),
                Behandeling("zeist-raad", "besluit", Z_RAAD, date(2027, 3, 9)),
                Behandeling("bilt-raad", "besluit", B_RAAD, date(2027, 3, 9)),
                Behandeling("bunnik-raad", "besluit", N_RAAD, date(2027, 3, 9)),
            ),
        ),
        Voorstel(
            BEGROTING,
            "Begroting 2028",
            "begroting",
            date(2027, 4, 1),
            date(2027, 6, 11),
            (
                Behandeling("zeist-raad", "zienswijze", Z_ZIENSWIJZE, date(2027, 6, 8)),
                Behandeling("bilt-raad", "zienswijze", B_ZIENSWIJZE, date(2027, 6, 8)),
                Behandeling("bunnik-raad", "zienswijze", N_ZIENSWIJZE, date(2027, 6, 8)),
                Behandeling("ab", "besluit", AB, date(2027, 7, 1)),
            ),
        ),
        Voorstel(
            JAARREKENING,
            "Jaarrekening 2026",
            "jaarrekening",
            None,
            None,
            (Behandeling("ab", "besluit", AB, date(2027, 7, 1)),),
        ),
    )
    bord = Bord("U3", synchronisatie, raden, organen, vergaderingen, voorstellen)
    return replace(bord, **wijzig) if wijzig else bord


def verschoven(bord: Bord, vergadering_id: int, datum: date) -> Bord:
    """The board as it would be with the meeting on ``datum``: in its calendar and in every Behandeling."""

    def b(x):
        return replace(x, datum=datum) if x.vergadering_id == vergadering_id else x

    return replace(
        bord,
        raden=tuple(replace(r, vergaderingen=tuple(b(x) for x in r.vergaderingen)) for r in bord.raden),
        vergaderingen=tuple(b(x) for x in bord.vergaderingen),
        voorstellen=tuple(replace(v, behandelingen=tuple(b(x) for x in v.behandelingen)) for v in bord.voorstellen),
    )


def regels(gevolgen_: list[Gevolg]) -> list[tuple[str, str]]:
    return [(g.ernst, g.regel) for g in gevolgen_]


# --- the board as it stands ------------------------------------------------------------------------------


def test_the_region_as_planned_has_no_knelpunten():
    assert knelpunten(regio()) == []


@pytest.mark.parametrize("vergadering_id", [Z_RAAD, Z_COMMISSIE, B_RAAD, N_ZIENSWIJZE, AB, DB, RAADSTAFEL])
def test_nothing_moved_nothing_breaks(vergadering_id):
    bord = regio()
    for r in bord.raden:
        for b in r.vergaderingen:
            if b.vergadering_id == vergadering_id:
                assert gevolgen(bord, vergadering_id, b.datum) == []
    for b in bord.vergaderingen:
        if b.vergadering_id == vergadering_id:
            assert gevolgen(bord, vergadering_id, b.datum) == []


def test_a_meeting_that_is_not_on_the_board_is_a_dutch_value_error():
    with pytest.raises(ValueError, match="Vergadering 4242 staat niet op het synchronisatiebord van U3"):
        gevolgen(regio(), 4242, date(2027, 3, 9))


# --- same-day deliberation --------------------------------------------------------------------------------


def test_moving_one_council_off_the_common_day_breaks_the_same_day_chain():
    uit = gevolgen(regio(), Z_RAAD, date(2027, 3, 11))
    assert uit == [
        Gevolg(
            "breekt",
            "gelijke_dag",
            "Behandeling op dezelfde dag van ‘Regionale woonvisie’: Zeist nu 11-03, de andere 2 raden 09-03.",
            "regeling",
            WOONVISIE,
            (ZEIST,),
        )
    ]


def test_the_other_councils_dates_are_counted_when_they_differ_among_themselves():
    bunnik_later = verschoven(regio(), N_RAAD, date(2027, 3, 10))
    [g] = [g for g in gevolgen(bunnik_later, Z_RAAD, date(2027, 3, 11)) if g.regel == "gelijke_dag"]
    assert g.uitleg == (
        "Behandeling op dezelfde dag van ‘Regionale woonvisie’: Zeist nu 11-03, de andere 2 raden 09-03 (1), 10-03 (1)."
    )


def test_moving_the_council_that_was_out_of_step_back_puts_it_right():
    uit_de_pas = verschoven(regio(), Z_RAAD, date(2027, 3, 11))
    assert [g.uitleg for g in knelpunten(uit_de_pas)] == [
        "‘Regionale woonvisie’ wordt niet in alle raden op dezelfde dag behandeld: 2 raden op 09-03, Zeist op 11-03."
    ]
    assert gevolgen(uit_de_pas, Z_RAAD, date(2027, 3, 9)) == []  # back in step: nothing breaks
    assert regels(gevolgen(uit_de_pas, Z_RAAD, date(2027, 3, 10))) == [("breekt", "gelijke_dag")]  # still out
    assert opgelost(uit_de_pas, Z_RAAD, date(2027, 3, 10)) == []
    assert regels(opgelost(uit_de_pas, Z_RAAD, date(2027, 3, 9))) == [("breekt", "gelijke_dag")]


def test_a_council_that_opted_out_is_not_part_of_the_same_day_chain():
    bord = regio()
    zonder_zeist = replace(
        bord, voorstellen=(replace(bord.voorstellen[0], afgemeld=frozenset({ZEIST})), *bord.voorstellen[1:])
    )
    assert [g.regel for g in gevolgen(zonder_zeist, Z_RAAD, date(2027, 3, 11))] == []


def test_without_same_day_synchronisation_a_different_day_is_no_break():
    assert gevolgen(regio("raadstafel"), Z_RAAD, date(2027, 3, 11)) == []


# --- deadlines of the voorstel -------------------------------------------------------------------------------


def test_handling_after_the_last_day_breaks_and_a_committee_that_evening_needs_a_look():
    uit = gevolgen(regio(), Z_RAAD, date(2027, 3, 16))
    assert regels(uit) == [("breekt", "gelijke_dag"), ("breekt", "na_uiterlijk"), ("let_op", "zelfde_avond")]
    assert uit[1].uitleg == "‘Regionale woonvisie’ wordt na de uiterste datum (12-03) behandeld: Zeist op 16-03."
    assert uit[1].bron == "regeling"
    assert uit[2].uitleg == "Zeist vergadert op 16-03 al: Commissie Bestuur Zeist (19:30)."
    assert uit[2].bron == "planregel gemeente"


def test_a_raad_before_release_plus_its_lead_time_breaks():
    # Released 1 February; 10 days' notice + 14 days of committee: the raad can deliberate from 25 February.
    uit = gevolgen(regio("geen"), B_RAAD, date(2027, 2, 24))
    assert regels(uit) == [("breekt", "voorbereiding")]
    assert uit[0].uitleg == (
        "‘Regionale woonvisie’ gaat op 01-02 naar de raden en staat te vroeg op de agenda: "
        "De Bilt op 24-02 (kan vanaf 25-02: 24 dagen voorbereiding)."
    )
    assert uit[0].bron == "planregel gemeente"
    assert gevolgen(regio("geen"), B_RAAD, date(2027, 2, 25)) == []


def test_a_council_with_a_longer_lead_time_is_checked_by_its_own():
    bord = regio("geen")
    trage_bilt = replace(
        bord,
        raden=tuple(
            replace(r, regels=Planregels(vergaderdag=1, publicatie_dagen=21)) if r.code == BILT else r
            for r in bord.raden
        ),
    )
    [g] = gevolgen(trage_bilt, B_RAAD, date(2027, 3, 2))
    assert g.regel == "voorbereiding" and "kan vanaf 08-03: 35 dagen voorbereiding" in g.uitleg


# --- the calendar ------------------------------------------------------------------------------------------


def test_a_meeting_in_its_councils_recess_breaks():
    uit = gevolgen(regio(), Z_COMMISSIE_2, date(2027, 2, 23))
    assert uit == [
        Gevolg(
            "breekt",
            "reces",
            "Commissie Bestuur Zeist vergadert op 23-02 in het voorjaarsreces van Zeist (20-02 t/m 28-02).",
            "planregel gemeente",
            None,
            (ZEIST,),
        )
    ]


def test_a_meeting_on_an_atw_holiday_is_worth_a_second_look():
    uit = gevolgen(regio(), Z_COMMISSIE_2, date(2027, 4, 27))
    assert uit == [Gevolg("let_op", "feestdag", "27-04 is een feestdag (Koningsdag).", "Algemene termijnenwet art. 3")]


def test_5_may_counts_as_a_holiday_every_year():
    assert regels(gevolgen(regio(), Z_COMMISSIE_2, date(2027, 5, 5))) == [("let_op", "feestdag")]


def test_a_body_with_council_members_on_a_raad_evening_is_worth_a_second_look():
    uit = gevolgen(regio("geen"), RAADSTAFEL, date(2027, 3, 9))
    assert ("let_op", "samenloop_raden") in regels(uit)
    [g] = [g for g in uit if g.regel == "samenloop_raden"]
    assert g.uitleg == (
        "Op 09-03 vergadert ook de raad van Bunnik, De Bilt en Zeist; de raadsleden in Raadstafel "
        "kunnen niet op twee plaatsen zijn."
    )
    assert set(g.wie) == {ZEIST, BILT, BUNNIK}


# --- the Wgr P&C deadlines ------------------------------------------------------------------------------------


def test_the_ab_adopting_the_begroting_after_14_september_breaks_art_34_2_and_the_jaarrekening_art_34_3():
    uit = gevolgen(regio(), AB, date(2027, 9, 16))
    assert regels(uit) == [("breekt", "wgr_34_2"), ("breekt", "wgr_34_3")]
    assert uit[0].bron == "Wgr art. 34 lid 2" and uit[1].bron == "Wgr art. 34 lid 3"
    assert uit[0].uitleg == (
        "Algemeen bestuur stelt ‘Begroting 2028’ vast op 16-09; die moet vóór 15 september 2027 "
        "bij Gedeputeerde Staten zijn."
    )


def test_the_ab_meeting_the_pc_calendar_counts_on_is_checked_without_a_voorstel_on_its_agenda():
    bord = regio()
    zonder = replace(bord, voorstellen=bord.voorstellen[:1], vaststellingen=((AB, "begroting"), (AB, "jaarrekening")))
    uit = gevolgen(zonder, AB, date(2027, 9, 16))
    assert regels(uit) == [("breekt", "wgr_34_2"), ("breekt", "wgr_34_3")]
    assert uit[0].uitleg == (
        "Algemeen bestuur stelt in deze vergadering de begroting 2028 vast (zo rekent de P&C-kalender); op 16-09 is "
        "dat te laat: die moet vóór 15 september 2027 bij Gedeputeerde Staten zijn."
    )
    assert "de jaarrekening 2026" in uit[1].uitleg and uit[1].bron == "Wgr art. 34 lid 3"
    assert regels(gevolgen(zonder, AB, date(2027, 7, 14))) == []
    # With the voorstellen on the agenda the same deadlines are said once, with their titles.
    beide = replace(bord, vaststellingen=((AB, "begroting"), (AB, "jaarrekening")))
    assert [g.voorstel_id for g in gevolgen(beide, AB, date(2027, 9, 16))] == [BEGROTING, JAARREKENING]


def test_14_september_itself_is_still_in_time_for_the_begroting():
    assert "wgr_34_2" not in [g.regel for g in gevolgen(regio(), AB, date(2027, 9, 14))]


def test_the_ab_closer_than_12_weeks_after_the_ontwerpbegroting_breaks_art_35_1():
    # Sent on 1 April: the AB may handle it from 24 June (12 weeks later).
    uit = gevolgen(regio(), AB, date(2027, 6, 17))
    assert regels(uit) == [("breekt", "wgr_35_1")]
    assert uit[0].bron == "Wgr art. 35 lid 1"
    assert uit[0].uitleg == (
        "Algemeen bestuur behandelt ‘Begroting 2028’ op 17-06, maar de ontwerpbegroting ging pas "
        "op 01-04 naar de raden: dat moet ten minste 12 weken vóór de behandeling (dus niet vóór "
        "24-06)."
    )
    assert gevolgen(regio(), AB, date(2027, 6, 24)) == []


def test_a_zienswijze_on_the_day_the_ab_decides_is_too_late():
    uit = gevolgen(regio("geen"), Z_ZIENSWIJZE, date(2027, 7, 1))
    assert ("breekt", "wgr_35_4") in regels(uit)
    assert gevolgen(regio("geen"), Z_ZIENSWIJZE, date(2027, 6, 10)) == []


def test_a_regeling_that_gives_the_councils_more_weeks_is_held_to_them():
    uit = gevolgen(regio(ontwerpbegroting_weken=14, ontwerpbegroting_bron="regeling"), AB, date(2027, 7, 6))
    assert regels(uit) == [("breekt", "wgr_35_1")] and uit[0].bron == "regeling"


def test_a_zienswijze_moved_past_the_ab_breaks_art_35_4():
    uit = gevolgen(regio("geen"), Z_ZIENSWIJZE, date(2027, 7, 6))
    # 6 July is also past the voorstel's last day for the councils (11 June).
    assert regels(uit) == [("breekt", "na_uiterlijk"), ("breekt", "wgr_35_4")]
    assert uit[1].bron == "Wgr art. 35 lid 4"
    assert uit[1].uitleg == (
        "Algemeen bestuur besluit op 01-07 over ‘Begroting 2028’, maar de zienswijze van Zeist "
        "(06-07) komt niet eerder; het dagelijks bestuur moet elke zienswijze vóór die vergadering "
        "schriftelijk beantwoorden."
    )


def test_the_ab_moved_before_the_councils_zienswijzen_breaks_art_35_4_for_all_of_them():
    uit = gevolgen(regio(), AB, date(2027, 6, 8))
    assert regels(uit) == [("breekt", "wgr_35_1"), ("breekt", "wgr_35_4")]
    assert set(uit[1].wie) == {ZEIST, BILT, BUNNIK}
    assert "Bunnik (08-06), De Bilt (08-06), Zeist (08-06)" in uit[1].uitleg


# --- advice before the councils -------------------------------------------------------------------------------


def test_the_raadstafel_moved_onto_the_first_committee_round_breaks():
    uit = gevolgen(regio(), RAADSTAFEL, date(2027, 2, 16))
    assert regels(uit) == [("breekt", "advies_na_commissie")]
    assert uit[0].uitleg == (
        "Raadstafel adviseert over ‘Regionale woonvisie’ op 16-02, niet vóór de eerste "
        "commissieronde (Zeist (Commissie Bestuur Zeist), 16-02); het advies moet er eerder zijn."
    )


def test_a_committee_moved_before_the_raadstafel_breaks_too():
    uit = gevolgen(regio(), Z_COMMISSIE, date(2027, 2, 9))
    # 9 February is also earlier than the agenda can be published (1 February + 10 days).
    assert regels(uit) == [("breekt", "voorbereiding"), ("breekt", "advies_na_commissie")]


def test_a_carrousel_after_the_joint_councils_decision_breaks():
    bord = Bord(
        "Drechtsteden",
        "carrousel",
        organen=(
            Orgaan("fysiek", "Carrousel Fysiek", "carrousel"),
            Orgaan("drechtraad", "Drechtraad", "gezamenlijke_raad"),
        ),
        vergaderingen=(
            _b(date(2027, 3, 2), "fysiek", "carrousel", 1),
            _b(date(2027, 3, 2), "drechtraad", "gezamenlijke_raad", 2),
        ),
        voorstellen=(
            Voorstel(
                7,
                "Mobiliteitsplan",
                behandelingen=(
                    Behandeling("fysiek", "advies", 1, date(2027, 3, 2)),
                    Behandeling("drechtraad", "besluit", 2, date(2027, 3, 2)),
                ),
            ),
        ),
    )
    assert gevolgen(bord, 1, date(2027, 3, 2)) == []
    assert knelpunten(bord) == []  # carrousel and joint council on the same Drechtstedendinsdag is the model
    uit = gevolgen(bord, 1, date(2027, 4, 6))
    assert regels(uit) == [("breekt", "advies_na_besluit")]
    assert uit[0].uitleg == (
        "Carrousel Fysiek bespreekt ‘Mobiliteitsplan’ op 06-04, na het besluit van Drechtraad "
        "(02-03); de carrousel hoort vóór het besluit."
    )


# --- properties -------------------------------------------------------------------------------------------

ALLE = [
    Z_RAAD,
    Z_COMMISSIE,
    Z_COMMISSIE_2,
    Z_ZIENSWIJZE,
    B_RAAD,
    B_COMMISSIE,
    B_ZIENSWIJZE,
    N_RAAD,
    N_ZIENSWIJZE,
    AB,
    DB,
    RAADSTAFEL,
]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(ALLE),
    st.integers(min_value=-120, max_value=120),
    st.sampled_from(["gelijke_dag", "raadstafel", "geen"]),
)
def test_every_consequence_concerns_the_moved_meeting_and_says_why_and_where_from(vergadering_id, dagen, model):
    bord = regio(model)
    oud = bord.index.datum[vergadering_id]
    uit = gevolgen(bord, vergadering_id, oud + timedelta(days=dagen))
    if dagen == 0:
        assert uit == []
    for g in uit:
        assert g.ernst in ("breekt", "let_op") and g.regel in REGELS
        assert g.uitleg.strip() and g.bron.strip()
        assert vergadering_id in g.vergaderingen
    assert [g.breekt for g in uit] == sorted((g.breekt for g in uit), reverse=True)  # what breaks comes first


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(ALLE), st.integers(min_value=-60, max_value=60))
def test_what_a_move_puts_right_was_a_knelpunt_of_that_meeting(vergadering_id, dagen):
    bord = regio()
    oud = bord.index.datum[vergadering_id]
    voor = knelpunten(bord)
    for g in opgelost(bord, vergadering_id, oud + timedelta(days=dagen)):
        assert (g.regel, g.voorstel_id) in {(k.regel, k.voorstel_id) for k in voor}
