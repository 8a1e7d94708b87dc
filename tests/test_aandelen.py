"""Exact shares of a regeling's participants (app.regelingen.aandelen)."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from app.regelingen.aandelen import Grondslag, aandelen, breuk, procent

deelnemers = st.lists(
    st.tuples(st.integers(0, 10**7), st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)),
    min_size=1, max_size=30,
).map(lambda rows: [(i, inwoners, bijdrage) for i, (inwoners, bijdrage) in enumerate(rows)])


@given(deelnemers, st.sampled_from(list(Grondslag)))
def test_shares_add_up_to_exactly_one_and_follow_the_figures(rows, grondslag):
    shares = aandelen(rows, grondslag)
    assert sum(shares.values()) == 1
    figure = {g: Fraction(i if grondslag == Grondslag.inwoners else b) for g, i, b in rows}
    for a in shares:
        for b in shares:
            if figure[a] and figure[b]:
                assert shares[a] / shares[b] == figure[a] / figure[b]


def test_a_third_each_is_exact():
    shares = aandelen([(1, 100, Decimal(0)), (2, 100, Decimal(0)), (3, 100, Decimal(0))], Grondslag.inwoners)
    assert shares == {1: Fraction(1, 3), 2: Fraction(1, 3), 3: Fraction(1, 3)}


def test_contribution_counts_cents_exactly():
    shares = aandelen([(1, 0, Decimal("0.10")), (2, 0, Decimal("0.20"))], Grondslag.bijdrage)
    assert shares == {1: Fraction(1, 3), 2: Fraction(2, 3)}


def test_no_figures_yet_gives_equal_shares_and_no_participants_none():
    assert aandelen([(1, 0, Decimal(0)), (2, 0, Decimal(0))], Grondslag.bijdrage) == {1: Fraction(1, 2),
                                                                                       2: Fraction(1, 2)}
    assert aandelen([], Grondslag.inwoners) == {}


def test_stored_text_reads_back_exactly_and_shows_in_dutch():
    assert breuk(str(Fraction(7, 39))) == Fraction(7, 39)
    assert procent(Fraction(1, 8)) == "12,5%"
    assert procent(Fraction(2, 3)) == "66,7%"
    assert procent(Fraction(1, 10), 0) == "10%"
