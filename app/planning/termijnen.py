"""Term arithmetic for the Wgr deadlines, counted as the Algemene termijnenwet (ATW) counts them. Pure.

The rules (ATW, read in the statute text):
- art. 1 lid 1: a term set by law that *ends* on a Saturday, Sunday or ATW holiday runs on to and including the
  next day that is none of those;
- art. 1 lid 2: not for terms counted backwards from a moment ("12 weken vóór het AB"): ``voor`` never moves;
- art. 2: a statutory term of at least three days is extended so that it holds at least two such working days
  (the start day does not count);
- art. 3: the holidays, ``kalender.feestdagen``;
- art. 4: not for terms of more than twelve weeks.
A term the regeling sets itself is no "in een wet gestelde termijn": it is never extended (``wettelijk=False``).

A fixed calendar date ("vóór 15 september") is not a term that ends after a span of time; whether the ATW moves
it is disputed. A planner must be safe, so it is never extended here: ``uiterlijk_voor`` gives the day before
the date, whatever day of the week that is (plan earlier, not later).

Days the Crown declares equal to holidays (ATW art. 3 lid 3, e.g. the Friday after Ascension, set by a decree
every three years) are not in the list: ignoring them can only give an end one or more days *earlier* than the
law's, which is the safe side for whoever must act by the deadline.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from app.planning.kalender import feestdag, is_werkdag

ATW = "Algemene termijnenwet"
ATW_MAX_DAGEN = 12 * 7  # art. 4: the ATW does not apply to terms of more than twelve weeks
ATW_ART2_DAGEN = 3  # art. 2 applies to terms of at least three days

DAGEN_KORT = ("ma", "di", "wo", "do", "vr", "za", "zo")
DAGEN_LANG = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MAANDEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Mijlpaal:
    """One deadline or step of a legal calendar, with where it comes from.

    ``bron`` names the legal source ("Wgr art. 35 lid 1", "Wgr art. 34 lid 2 jo. Algemene termijnenwet art. 1"),
    or says "regeling" (a term the regeling sets itself) or "instelling" (a default or a user's setting).
    ``wettelijk`` tells whether the date is a deadline the law itself sets.
    """

    sleutel: str
    datum: date
    omschrijving: str
    bron: str
    wettelijk: bool = True

    def as_dict(self) -> dict:
        return {
            "sleutel": self.sleutel,
            "datum": self.datum.isoformat(),
            "omschrijving": self.omschrijving,
            "bron": self.bron,
        }


@dataclass(frozen=True)
class Termijneinde:
    """The end of a forward term and, when it moved, the article that moved it."""

    begin: date  # the event the term runs from (not itself counted)
    dagen: int  # the term's length in days
    kaal: date  # begin + dagen, before any extension
    einde: date  # the last day of the term
    grond: str | None = None  # "Algemene termijnenwet art. 1 lid 1" or "... art. 2" when extended

    @property
    def verlengd(self) -> bool:
        return self.einde != self.kaal

    def toelichting(self) -> str:
        """A Dutch clause on the extension, empty when the term did not move."""
        if not self.verlengd:
            return ""
        kaal, einde = datum_tekst(self.kaal), datum_tekst(self.einde)
        if self.grond and "art. 2" in self.grond:
            return f"verlengd van {kaal} tot {einde} zodat de termijn twee werkdagen telt, volgens de {self.grond}"
        return f"{kaal} is {_vrije_dag(self.kaal)}; verlengd tot {einde} volgens de {self.grond}"


def datum_tekst(d: date) -> str:
    """'di 15 juni 2027'."""
    return f"{DAGEN_KORT[d.weekday()]} {d.day} {MAANDEN[d.month - 1]} {d.year}"


def _vrije_dag(d: date) -> str:
    if (naam := feestdag(d)) is not None:
        return f"{naam}, een feestdag"
    return f"een {DAGEN_LANG[d.weekday()]}"


def _lengte(dagen: int, weken: int) -> int:
    for naam, waarde in (("dagen", dagen), ("weken", weken)):
        if isinstance(waarde, bool) or not isinstance(waarde, int):
            raise ValueError(f"Een termijn telt hele {naam}; ‘{waarde!r}’ is geen geheel getal.")
        if waarde < 0:
            raise ValueError(f"Een termijn kan niet negatief zijn ({waarde} {naam}).")
    totaal = dagen + 7 * weken
    if totaal == 0:
        raise ValueError("Een termijn moet minstens één dag duren.")
    return totaal


def _verschuif(d: date, dagen: int) -> date:
    try:
        return d + timedelta(days=dagen)
    except OverflowError:
        raise ValueError(f"Een termijn van {dagen} dagen vanaf {d:%d-%m-%Y} valt buiten de kalender.") from None


def termijn_na(start: date, *, dagen: int = 0, weken: int = 0, wettelijk: bool = True) -> Termijneinde:
    """The end of a term of ``dagen`` + ``weken`` counted forward from ``start`` (the start day not counted).

    ``wettelijk``: the law sets the term, so the ATW applies when it lasts at most twelve weeks (art. 4): an end on
    a Saturday, Sunday or holiday moves to the next working day (art. 1 lid 1), and a term of three days or more
    holds at least two working days (art. 2). A term the regeling sets itself (``wettelijk=False``) never moves.
    Raises ValueError (Dutch) for a negative or empty term.
    """
    lengte = _lengte(dagen, weken)
    kaal = _verschuif(start, lengte)
    if not wettelijk or lengte > ATW_MAX_DAGEN:
        return Termijneinde(start, lengte, kaal, kaal)
    einde, grond = kaal, None
    if not is_werkdag(einde):
        while not is_werkdag(einde):
            einde += timedelta(days=1)
        grond = f"{ATW} art. 1 lid 1"
    if lengte >= ATW_ART2_DAGEN:
        # art. 2: the second working day after the start, if the term would otherwise hold fewer than two
        tweede, gevonden = start, 0
        while gevonden < 2:
            tweede += timedelta(days=1)
            gevonden += is_werkdag(tweede)
        if tweede > einde:
            einde, grond = tweede, f"{ATW} art. 2"
    return Termijneinde(start, lengte, kaal, einde, grond)


def na(start: date, *, dagen: int = 0, weken: int = 0, wettelijk: bool = True) -> date:
    """The last day of a forward term; see ``termijn_na``."""
    return termijn_na(start, dagen=dagen, weken=weken, wettelijk=wettelijk).einde


def voor(eind: date, *, dagen: int = 0, weken: int = 0) -> date:
    """The day ``dagen`` + ``weken`` before ``eind``, exactly.

    A term counted backwards is never extended (ATW art. 1 lid 2): if the day falls on a weekend the act must be
    done that day or earlier. Raises ValueError (Dutch) for a negative or empty term.
    """
    return _verschuif(eind, -_lengte(dagen, weken))


def uiterlijk_voor(jaar: int, maand: int, dag: int) -> date:
    """The last day for an act the law wants "vóór <dag> <maand>" of ``jaar``: the day before, never extended."""
    try:
        return date(jaar, maand, dag) - timedelta(days=1)
    except (ValueError, OverflowError):
        raise ValueError(f"{dag}-{maand}-{jaar} is geen geldige datum.") from None


def werkdag_op_of_voor(d: date) -> date:
    """``d`` itself when it is a working day, else the last working day before it."""
    while not is_werkdag(d):
        d -= timedelta(days=1)
    return d
