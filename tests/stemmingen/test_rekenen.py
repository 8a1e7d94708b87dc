"""The weighted-vote arithmetic, against a brute-force recount written independently here.

The recount works in whole units (every weight times the least common multiple of the denominators), decides
with integer comparisons, and for small votes every one of the 4^n possible ways to vote is tried.
"""

import itertools
import math
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.errors import Invalid
from app.regelingen.aandelen import Grondslag, aandelen
from app.stemmingen.models import Keuze, StemUitkomst
from app.stemmingen.rekenen import (
    Basis,
    Gewicht,
    Lid,
    Meerderheid,
    Staken,
    Stem,
    StemregelFout,
    Stemregels,
    gewichten,
    tel,
)

KEUZES = list(Keuze)


# --- the independent recount -------------------------------------------------------------------------------


def recount(votes: list[tuple[Fraction, Keuze, bool]], regels: Stemregels) -> StemUitkomst:
    """``votes``: (weight, choice, is the chair). Whole units, integer comparisons, nothing shared with tel()."""
    scale = math.lcm(*(w.denominator for w, _, _ in votes)) if votes else 1
    units = [(int(w * scale), k, chair) for w, k, chair in votes]
    assert all(u * 1 == w * scale for (u, _, _), (w, _, _) in zip(units, votes, strict=True))
    members = len(units)
    present = sum(1 for _, k, _ in units if k != "afwezig")
    if not present > members / 2:  # more than half of the heads
        return StemUitkomst.geen_quorum
    yes = sum(u for u, k, _ in units if k == "voor")
    no = sum(u for u, k, _ in units if k == "tegen")
    abstain = sum(u for u, k, _ in units if k == "onthouden")
    everyone = sum(u for u, _, _ in units)
    if regels.basis == Basis.totaal:
        base = everyone
    else:
        base = yes + no + (abstain if regels.onthouden_telt_mee else 0)
    if base == 0:
        return StemUitkomst.verworpen
    if regels.meerderheid == Meerderheid.gewone:
        if yes + yes > base:
            return StemUitkomst.aangenomen
        if yes + yes == base and regels.staken == Staken.voorzitter:
            chair_says_yes = any(chair and k == "voor" for _, k, chair in units)
            return StemUitkomst.aangenomen if chair_says_yes else StemUitkomst.verworpen
        return StemUitkomst.verworpen
    num, den = (3, 5) if regels.meerderheid == Meerderheid.zestig else (2, 3)
    return StemUitkomst.aangenomen if yes * den >= base * num else StemUitkomst.verworpen


# --- strategies --------------------------------------------------------------------------------------------

regelsets = st.builds(
    Stemregels,
    gewicht=st.sampled_from(list(Gewicht)),
    grondslag=st.sampled_from(list(Grondslag)),
    meerderheid=st.sampled_from(list(Meerderheid)),
    basis=st.sampled_from(list(Basis)),
    onthouden_telt_mee=st.booleans(),
    staken=st.sampled_from(list(Staken)),
)
# Small whole weights make ties and exact thresholds common; fractions make the denominators differ.
gewicht = st.one_of(st.integers(min_value=1, max_value=5).map(Fraction),
                    st.fractions(min_value=Fraction(1, 60), max_value=10, max_denominator=60))


@st.composite
def votes(draw, max_leden: int = 9):
    n = draw(st.integers(min_value=1, max_value=max_leden))
    weights = draw(st.lists(gewicht, min_size=n, max_size=n))
    keuzes = draw(st.lists(st.sampled_from(KEUZES), min_size=n, max_size=n))
    chair = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=n - 1)))
    return [Stem(persoon_id=i + 1, gewicht=w, keuze=k, gemeente_id=i % 3 + 1, fractie_id=i % 4 + 10,
                 voorzitter=i == chair) for i, (w, k) in enumerate(zip(weights, keuzes, strict=True))]


def as_votes(stemmen: list[Stem]) -> list[tuple[Fraction, Keuze, bool]]:
    return [(s.gewicht, s.keuze, s.voorzitter) for s in stemmen]


# --- the count against the recount -------------------------------------------------------------------------


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(votes(), regelsets)
def test_the_outcome_agrees_with_the_brute_force_recount(stemmen_, regels):
    assert tel(stemmen_, regels).uitkomst == recount(as_votes(stemmen_), regels)


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.lists(gewicht, min_size=1, max_size=4), regelsets, st.integers(min_value=0, max_value=3))
def test_every_way_of_voting_agrees_with_the_recount(weights, regels, chair):
    """All 4^n combinations of choices for small votes: nothing left to chance."""
    for keuzes in itertools.product(KEUZES, repeat=len(weights)):
        stemmen_ = [Stem(persoon_id=i, gewicht=w, keuze=k, voorzitter=i == chair)
                    for i, (w, k) in enumerate(zip(weights, keuzes, strict=True))]
        assert tel(stemmen_, regels).uitkomst == recount(as_votes(stemmen_), regels), keuzes


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(votes(), regelsets, st.randoms(use_true_random=False))
def test_the_order_of_the_members_does_not_matter(stemmen_, regels, rnd):
    shuffled = list(stemmen_)
    rnd.shuffle(shuffled)
    a, b = tel(stemmen_, regels), tel(shuffled, regels)
    assert (a.uitkomst, a.totalen, a.per_gemeente, a.per_fractie) == (b.uitkomst, b.totalen, b.per_gemeente,
                                                                      b.per_fractie)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(votes(), regelsets, st.data())
def test_another_vote_for_never_turns_adopted_into_rejected(stemmen_, regels, data):
    """Stronger: one more member voting voor never makes the outcome worse (no quorum < rejected < adopted)."""
    rang = {StemUitkomst.geen_quorum: 0, StemUitkomst.verworpen: 1, StemUitkomst.aangenomen: 2}
    others = [i for i, s in enumerate(stemmen_) if s.keuze != Keuze.voor]
    if not others:
        return
    i = data.draw(st.sampled_from(others))
    after = list(stemmen_)
    after[i] = Stem(**{**stemmen_[i].__dict__, "keuze": Keuze.voor})
    assert rang[tel(after, regels).uitkomst] >= rang[tel(stemmen_, regels).uitkomst]


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(votes(), regelsets, st.fractions(min_value=Fraction(1, 7), max_value=7, max_denominator=9))
def test_scaling_every_weight_alike_changes_nothing(stemmen_, regels, factor):
    scaled = [Stem(**{**s.__dict__, "gewicht": s.gewicht * factor}) for s in stemmen_]
    assert tel(scaled, regels).uitkomst == tel(stemmen_, regels).uitkomst


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(votes(), regelsets)
def test_results_per_gemeente_and_per_fractie_add_up_to_the_whole(stemmen_, regels):
    uitslag = tel(stemmen_, regels)
    for keuze in ("voor", "tegen", "onthouden", "afwezig"):
        geheel = getattr(uitslag.totalen, keuze)
        assert sum((getattr(g, keuze) for g in uitslag.per_gemeente.values()), Fraction(0)) == geheel
        assert sum((getattr(f, keuze) for f in uitslag.per_fractie.values()), Fraction(0)) == geheel
        assert sum(getattr(g, f"aantal_{keuze}") for g in uitslag.per_gemeente.values()) == \
            getattr(uitslag.totalen, f"aantal_{keuze}")
    assert uitslag.totalen.gewicht == sum((s.gewicht for s in stemmen_), Fraction(0))
    assert uitslag.leden == len(stemmen_)


# --- weights under fractie_aandeel ------------------------------------------------------------------------


@st.composite
def raden(draw):
    """Gemeenten with inwoners, bijdrage and fracties; each fractie sends one to three members."""
    gemeenten = draw(st.integers(min_value=1, max_value=4))
    deelnames, fracties, leden = [], {}, []
    persoon = 0
    for g in range(1, gemeenten + 1):
        deelnames.append((g, draw(st.integers(min_value=0, max_value=400_000)),
                          Decimal(draw(st.integers(min_value=0, max_value=10**8))) / 100))
        for f in range(draw(st.integers(min_value=1, max_value=5))):
            fractie_id = g * 100 + f
            fracties[fractie_id] = (g, draw(st.integers(min_value=1, max_value=15)))
            for _ in range(draw(st.integers(min_value=1, max_value=3))):
                persoon += 1
                leden.append(Lid(persoon_id=persoon, gemeente_id=g, fractie_id=fractie_id))
    return deelnames, fracties, leden


def _args(deelnames, fracties, grondslag):
    raadszetels: dict[int, int] = {}
    for g, z in fracties.values():
        raadszetels[g] = raadszetels.get(g, 0) + z
    return {"aandelen": aandelen(deelnames, grondslag), "zetels": {f: z for f, (_, z) in fracties.items()},
            "raadszetels": raadszetels}


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(raden(), st.sampled_from(list(Grondslag)), st.randoms(use_true_random=False))
def test_fractie_weights_add_up_to_one_and_follow_seats_and_share(raad, grondslag, rnd):
    deelnames, fracties, leden = raad
    regels = Stemregels(gewicht=Gewicht.fractie_aandeel, grondslag=grondslag)
    weights = gewichten(leden, regels, **_args(deelnames, fracties, grondslag))
    assert sum(weights.values(), Fraction(0)) == 1
    # Brute force: a gemeente's weight, from its raw figures, divided over every seat of its council; a fractie
    # holds the weight of its seats; its members share it equally.
    figures = {g: Fraction(inw if grondslag == Grondslag.inwoners else bijdrage) for g, inw, bijdrage in deelnames}
    total = sum(figures.values(), Fraction(0))
    for lid in leden:
        gemeente, seats = fracties[lid.fractie_id]
        council = sum(z for g, z in fracties.values() if g == gemeente)
        share = figures[gemeente] / total if total else Fraction(1, len(figures))
        members = sum(1 for other in leden if other.fractie_id == lid.fractie_id)
        per_seat = share / council
        assert weights[lid.persoon_id] * members == per_seat * seats
    shuffled = list(leden)
    rnd.shuffle(shuffled)
    assert gewichten(shuffled, regels, **_args(deelnames, fracties, grondslag)) == weights


def test_a_fractie_that_sends_two_members_splits_its_weight():
    deelnames = [(1, 100, Decimal(0)), (2, 300, Decimal(0))]
    fracties = {10: (1, 6), 11: (1, 4), 20: (2, 10)}
    leden = [Lid(1, 1, 10), Lid(2, 1, 10), Lid(3, 1, 11), Lid(4, 2, 20)]
    weights = gewichten(leden, Stemregels(gewicht=Gewicht.fractie_aandeel),
                        **_args(deelnames, fracties, Grondslag.inwoners))
    assert weights == {1: Fraction(3, 40), 2: Fraction(3, 40), 3: Fraction(1, 10), 4: Fraction(3, 4)}


def test_a_chair_without_fractie_has_no_vote_and_an_unknown_gemeente_is_refused():
    regels = Stemregels(gewicht=Gewicht.fractie_aandeel)
    args = _args([(1, 100, Decimal(0))], {10: (1, 5)}, Grondslag.inwoners)
    assert gewichten([Lid(1, 1, None, voorzitter=True), Lid(2, 1, 10)], regels, **args) == {1: 0, 2: 1}
    with pytest.raises(StemregelFout) as fout:
        gewichten([Lid(7, 2, 10)], regels, **args)
    assert fout.value.persoon_id == 7 and "niet aan de regeling deelneemt" in fout.value.reden


def test_equal_and_manual_weights():
    leden = [Lid(1, stemgewicht=Fraction(3)), Lid(2, stemgewicht=Fraction(Decimal("0.5"))), Lid(3)]
    assert gewichten(leden, Stemregels()) == {1: Fraction(1, 3), 2: Fraction(1, 3), 3: Fraction(1, 3)}
    assert gewichten(leden, Stemregels(gewicht=Gewicht.handmatig)) == {1: 3, 2: Fraction(1, 2), 3: 1}


# --- the rules as the regeling states them, and worked examples ---------------------------------------------


def _stemmen(*spec: tuple[int, str]) -> list[Stem]:
    return [Stem(persoon_id=i, gewicht=Fraction(w), keuze=Keuze(k), voorzitter=i == 0)
            for i, (w, k) in enumerate(spec)]


def test_quorum_counts_heads_not_weight():
    # One heavy member present out of three: 90% of the weight, but not more than half of the members.
    stemmen_ = _stemmen((9, "voor"), (1, "afwezig"), (1, "afwezig"))
    uitslag = tel(stemmen_, Stemregels())
    assert uitslag.uitkomst == StemUitkomst.geen_quorum
    assert "1 van de 3 leden" in uitslag.reden
    # Exactly half present is not more than half.
    assert tel(_stemmen((1, "voor"), (1, "afwezig")), Stemregels()).uitkomst == StemUitkomst.geen_quorum


def test_a_tie_does_not_adopt_unless_the_chair_decides():
    tie = _stemmen((1, "voor"), (1, "tegen"), (1, "voor"), (1, "tegen"))
    uitslag = tel(tie, Stemregels())
    assert uitslag.staking and uitslag.uitkomst == StemUitkomst.verworpen
    assert "staken" in uitslag.reden
    assert tel(tie, Stemregels(staken=Staken.voorzitter)).uitkomst == StemUitkomst.aangenomen
    chair_against = _stemmen((1, "tegen"), (1, "voor"), (1, "voor"), (1, "tegen"))
    assert tel(chair_against, Stemregels(staken=Staken.voorzitter)).uitkomst == StemUitkomst.verworpen


def test_qualified_majorities_and_the_basis():
    # 60 voor, 40 tegen: a simple majority and exactly 60%, not two thirds.
    stemmen_ = _stemmen((60, "voor"), (40, "tegen"))
    assert tel(stemmen_, Stemregels(meerderheid=Meerderheid.zestig)).aangenomen
    assert not tel(stemmen_, Stemregels(meerderheid=Meerderheid.twee_derde)).aangenomen
    # Of all weight: an absent member's weight counts in the basis.
    stemmen_ = _stemmen((3, "voor"), (1, "tegen"), (1, "voor"), (5, "afwezig"))
    assert tel(stemmen_, Stemregels()).aangenomen
    assert not tel(stemmen_, Stemregels(basis=Basis.totaal)).aangenomen
    # Abstentions: by default not cast; counted in the basis when the regeling says so.
    stemmen_ = _stemmen((3, "voor"), (2, "tegen"), (2, "onthouden"))
    assert tel(stemmen_, Stemregels()).aangenomen
    assert not tel(stemmen_, Stemregels(onthouden_telt_mee=True)).aangenomen


def test_nobody_casting_a_weight_adopts_nothing():
    uitslag = tel(_stemmen((1, "onthouden"), (1, "onthouden")), Stemregels(meerderheid=Meerderheid.zestig))
    assert uitslag.uitkomst == StemUitkomst.verworpen and uitslag.basis == 0


def test_a_member_twice_or_without_weight_is_refused():
    with pytest.raises(StemregelFout, match="twee keer"):
        tel([Stem(1, Fraction(1), Keuze.voor), Stem(1, Fraction(1), Keuze.tegen)], Stemregels())
    with pytest.raises(StemregelFout, match="geen stemrecht"):
        tel([Stem(1, Fraction(0), Keuze.voor)], Stemregels())


def test_the_rules_read_and_write_their_json():
    regels = Stemregels(gewicht=Gewicht.fractie_aandeel, grondslag=Grondslag.bijdrage,
                        meerderheid=Meerderheid.twee_derde, basis=Basis.totaal, onthouden_telt_mee=True,
                        staken=Staken.voorzitter)
    assert Stemregels.uit_json(regels.naar_json()) == regels
    assert Stemregels.uit_json({}) == Stemregels() == Stemregels.uit_json(None)
    assert any("Gemeentewet art. 20" in zin for zin in regels.beschrijving())


@pytest.mark.parametrize("data, veld", [
    ({"gewicht": "zwaar"}, "gewicht"),
    ({"meerderheid": 0.6}, "meerderheid"),
    ({"onthouden_telt_mee": "ja"}, "onthouden_telt_mee"),
    ({"quorum": "geen"}, "quorum"),
    ({"staken": None}, "staken"),
])
def test_wrong_rules_are_refused_in_dutch(data, veld):
    with pytest.raises(Invalid) as fout:
        Stemregels.uit_json(data)
    assert fout.value.errors[0]["name"] == veld
    assert "stemregels kloppen niet" in fout.value.detail


def test_the_snapshot_keeps_exact_fractions():
    stemmen_ = [Stem(1, Fraction(1, 3), Keuze.voor, gemeente_id=5), Stem(2, Fraction(2, 3), Keuze.tegen, gemeente_id=6)]
    snapshot = tel(stemmen_, Stemregels()).naar_json()
    assert snapshot["totalen"]["voor"] == "1/3" and snapshot["per_gemeente"]["6"]["tegen"] == "2/3"
    assert snapshot["uitkomst"] == "verworpen"


def test_a_drechtraad_like_vote_in_detail():
    """Two councils; seats and population decide; the chair has no vote."""
    rnd = random.Random(5)
    deelnames = [(1, 120_000, Decimal(0)), (2, 40_000, Decimal(0))]  # shares 3/4 and 1/4
    fracties = {10: (1, 20), 11: (1, 19), 20: (2, 15), 21: (2, 12)}  # councils of 39 and 27 seats
    leden = [Lid(100, None, None, voorzitter=True), Lid(1, 1, 10), Lid(2, 1, 11), Lid(3, 2, 20), Lid(4, 2, 21)]
    rnd.shuffle(leden)
    regels = Stemregels(gewicht=Gewicht.fractie_aandeel)
    weights = gewichten(leden, regels, **_args(deelnames, fracties, Grondslag.inwoners))
    assert weights[100] == 0 and sum(weights.values()) == 1
    keuze = {1: Keuze.voor, 2: Keuze.tegen, 3: Keuze.voor, 4: Keuze.tegen}
    stemmen_ = [Stem(lid.persoon_id, weights[lid.persoon_id], keuze[lid.persoon_id], lid.gemeente_id, lid.fractie_id)
                for lid in leden if weights[lid.persoon_id] > 0]
    uitslag = tel(stemmen_, regels)
    # voor: 20/39 * 3/4 + 15/27 * 1/4 = 5/13 + 5/36
    assert uitslag.totalen.voor == Fraction(20, 39) * Fraction(3, 4) + Fraction(15, 27) * Fraction(1, 4)
    assert uitslag.aangenomen
    assert uitslag.per_gemeente[2].voor == Fraction(5, 36) and uitslag.per_gemeente[2].tegen == Fraction(1, 9)
