"""Each participant's exact share of a regeling, by population or by financial contribution. Pure.

Votes and convocation thresholds count with these shares, so they are exact fractions: 1/3 + 1/3 + 1/3 is 1,
and a threshold of 1/10 is met or not without rounding.
"""

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from fractions import Fraction

from app.i18n import N_


class Grondslag(StrEnum):
    inwoners = "inwoners"
    bijdrage = "bijdrage"


GRONDSLAG_LABELS = {Grondslag.inwoners: N_("inwonertal"), Grondslag.bijdrage: N_("financiële bijdrage")}


def aandelen(deelnames: Iterable[tuple[int, int, Decimal]], grondslag: Grondslag) -> dict[int, Fraction]:
    """``{gemeente_id: share}`` from ``(gemeente_id, inwoners, bijdrage)`` triples; the shares add up to 1.

    When every weight is zero (no figures recorded yet) each participant gets an equal share, so a threshold
    can still be reached and the page can say why.
    """
    gewichten = {
        gemeente_id: Fraction(inwoners if grondslag == Grondslag.inwoners else Decimal(bijdrage))
        for gemeente_id, inwoners, bijdrage in deelnames
    }
    totaal = sum(gewichten.values(), Fraction(0))
    if not gewichten:
        return {}
    if totaal == 0:
        return {g: Fraction(1, len(gewichten)) for g in gewichten}
    return {g: w / totaal for g, w in gewichten.items()}


def breuk(tekst: str) -> Fraction:
    """An exact fraction back from its stored text ('3/10', '1', '0.25')."""
    return Fraction(tekst)


def procent(f: Fraction | Decimal, decimalen: int = 1) -> str:
    """A share as Dutch text for people, rounded half up: '12,5%'. Display only: never count with it."""
    f = Fraction(f)
    stap = Decimal(1).scaleb(-decimalen)
    waarde = (Decimal(f.numerator) * 100 / Decimal(f.denominator)).quantize(stap, ROUND_HALF_UP)
    return f"{waarde}".replace(".", ",") + "%"
