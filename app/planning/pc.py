"""The planning-and-control (P&C) calendar of a regeling and the planner that fits it into the councils' calendars.

Pure: plain data in, plain data out; no database, no clock.

``jaar`` is always the calendar year in which the steps happen: the kadernota and the begroting are those for the
budget year ``jaar + 1``, the jaarrekening is that of ``jaar - 1``. The law (Wgr since 1 July 2022):
- art. 34b: the general financial and policy frameworks (kadernota) and the provisional jaarrekening go to the
  councils before 30 April;
- art. 35 lid 1: the DB sends the ontwerpbegroting to the councils 12 weeks before it is offered to the AB
  (counted backwards: never extended, ATW art. 1 lid 2); lid 3: the councils may give a zienswijze; lid 4: the DB
  tells each council in writing, with reasons, what it does with it, before the AB adopts the begroting;
- art. 34 lid 1-2: the AB adopts the begroting in the year before the budget year; the DB sends it to Gedeputeerde
  Staten within 2 weeks of adoption (forward, so ATW art. 1 applies) and in any case before 15 September
  (a fixed date: never extended, see ``termijnen``); the earlier of the two counts;
- art. 34 lid 3-4: the jaarrekening likewise, before 15 July;
- art. 1 lid 2: a change of the regeling: the councils may give a zienswijze within 8 weeks.
The law sets no term for the councils' zienswijze nor for the DB's answer other than "before the AB": those come
from the regeling or from a setting (bron "regeling" or "instelling").
"""

import bisect
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta

from app.planning.kalender import feestdag, is_werkdag
from app.planning.raden import WEEKDAGEN, Bijeenkomst, Periode, Raad
from app.planning.termijnen import (
    ATW,
    MAANDEN,
    Mijlpaal,
    datum_tekst,
    termijn_na,
    uiterlijk_voor,
    voor,
    werkdag_op_of_voor,
)

BESTAANDE = "bestaande_vergadering"
EXTRA = "extra_vergadering"
GEBLOKKEERD = "geblokkeerd"

REGELING = "regeling"
INSTELLING = "instelling"

BEGROTING_GS_VOOR = (9, 15)  # Wgr art. 34 lid 2: "vóór 15 september"
JAARREKENING_GS_VOOR = (7, 15)  # Wgr art. 34 lid 4: "vóór 15 juli"
GS_WEKEN = 2  # Wgr art. 34 lid 2 and 4: "binnen twee weken na de vaststelling"

MIN_JAAR, MAX_JAAR = 2000, 2200


# --- the regeling's own terms ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Soort:
    """What one entry of ``Termijnen`` means and which values the law allows."""

    omschrijving: str
    eenheid: str
    wet: str | None  # the article when the law sets the default; None for a setting
    minimum: int
    maximum: int


_SOORTEN: dict[str, _Soort] = {
    "ontwerpbegroting_weken": _Soort(
        "ontwerpbegroting naar de raden vóór behandeling in het algemeen bestuur", "weken", "Wgr art. 35 lid 1", 12, 36
    ),
    "zienswijze_raden_dagen_voor_ab": _Soort(
        "zienswijze van de raden bij het dagelijks bestuur vóór het algemeen bestuur", "dagen", None, 1, 250
    ),
    "antwoord_dagen": _Soort(
        "gemotiveerd antwoord van het dagelijks bestuur op elke zienswijze vóór het algemeen bestuur",
        "dagen",
        None,
        1,
        249,
    ),
    "wijziging_zienswijze_weken": _Soort(
        "zienswijze van de raden op een wijziging van de regeling, na toezending", "weken", "Wgr art. 1 lid 2", 8, 52
    ),
    "kadernota_voor": _Soort(
        "kadernota en voorlopige jaarrekening naar de raden vóór (maand-dag)", "datum", "Wgr art. 34b", 0, 0
    ),
}
_KADERNOTA_WET = "04-30"


def _maanddag(waarde: str) -> tuple[int, int]:
    """'04-30' → (4, 30); ValueError (Dutch) when it is no day of every year."""
    try:
        maand, dag = (int(x) for x in waarde.split("-"))
        date(2001, maand, dag)  # a non-leap year: 02-29 is refused
    except (ValueError, AttributeError, TypeError):
        raise ValueError(f"‘{waarde}’ is geen datum in de vorm MM-DD (bijvoorbeeld 04-15).") from None
    return maand, dag


def _controleer(sleutel: str, waarde: object) -> None:
    """ValueError (Dutch) when ``waarde`` is of the wrong kind or laxer than the law."""
    soort = _SOORTEN[sleutel]
    if sleutel == "kadernota_voor":
        if not isinstance(waarde, str):
            raise ValueError(f"kadernota_voor is een datum in de vorm MM-DD, niet ‘{waarde!r}’.")
        maand, dag = _maanddag(waarde)
        if (maand, dag) > _maanddag(_KADERNOTA_WET):
            raise ValueError(
                f"De regeling mag de kadernota niet later vragen dan de wet (Wgr art. 34b: vóór 30 april); "
                f"‘vóór {dag} {MAANDEN[maand - 1]}’ is later. Een regeling mag strenger zijn, niet soepeler."
            )
        if (maand, dag) < (1, 2):
            raise ValueError("De kadernota moet in het jaar zelf naar de raden: kies een dag na 1 januari.")
        return
    if isinstance(waarde, bool) or not isinstance(waarde, int):
        raise ValueError(f"{sleutel} is een geheel aantal {soort.eenheid}, niet ‘{waarde!r}’.")
    if waarde < soort.minimum:
        if soort.wet:
            raise ValueError(
                f"De regeling mag de termijn van {soort.wet} ({soort.minimum} {soort.eenheid}) niet verkorten; "
                f"{waarde} {soort.eenheid} is korter. Een regeling mag strenger zijn, niet soepeler."
            )
        raise ValueError(f"{sleutel} moet minstens {soort.minimum} {soort.eenheid} zijn (nu {waarde}).")
    if waarde > soort.maximum:
        raise ValueError(f"{sleutel} mag hoogstens {soort.maximum} {soort.eenheid} zijn (nu {waarde}).")


@dataclass(frozen=True)
class Termijnen:
    """The terms a regeling may set itself; every one has the law's value or a default setting.

    A regeling may be stricter than the law, never laxer: it may give the councils more time (more weeks for the
    ontwerpbegroting or a change of the regeling) and ask the kadernota earlier, but not less. ``eigen`` holds the
    keys the regeling sets (their bron is "regeling" unless the value equals the law's); ``from_dict`` fills it.
    Construction validates every value: ValueError with a Dutch message.
    """

    ontwerpbegroting_weken: int = 12  # Wgr art. 35 lid 1
    zienswijze_raden_dagen_voor_ab: int = 21  # setting: the law only says "before the AB"
    antwoord_dagen: int = 7  # setting: the DB answers each zienswijze this many days before the AB (art. 35(4))
    wijziging_zienswijze_weken: int = 8  # Wgr art. 1 lid 2
    kadernota_voor: str = _KADERNOTA_WET  # Wgr art. 34b: before 30 April ("MM-DD")
    eigen: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for sleutel in _SOORTEN:
            _controleer(sleutel, getattr(self, sleutel))
        object.__setattr__(self, "eigen", frozenset(self.eigen))
        if not self.eigen <= set(_SOORTEN):
            raise ValueError(f"Onbekende eigen termijnen: {', '.join(sorted(set(self.eigen) - set(_SOORTEN)))}.")
        if self.zienswijze_raden_dagen_voor_ab <= self.antwoord_dagen:
            raise ValueError(
                f"De zienswijzen moeten binnen zijn vóór het dagelijks bestuur antwoordt: "
                f"zienswijze_raden_dagen_voor_ab ({self.zienswijze_raden_dagen_voor_ab}) moet groter zijn dan "
                f"antwoord_dagen ({self.antwoord_dagen})."
            )
        if self.zienswijze_raden_dagen_voor_ab >= 7 * self.ontwerpbegroting_weken:
            raise ValueError(
                f"De raden krijgen geen tijd voor hun zienswijze: die moet {self.zienswijze_raden_dagen_voor_ab} "
                f"dagen vóór het algemeen bestuur binnen zijn, maar de ontwerpbegroting komt pas "
                f"{self.ontwerpbegroting_weken} weken vooraf."
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, object] | None) -> "Termijnen":
        """The terms as a regeling stores them (``Regeling.termijnen``); an empty dict means: the law's.

        Raises ValueError with a Dutch message for an unknown key, a value of the wrong kind, a term laxer than the
        law, or terms that contradict each other. A key with value None counts as not set.
        """
        if data is None:
            data = {}
        if not isinstance(data, Mapping):
            raise ValueError("De termijnen van een regeling horen een lijst van naam en waarde te zijn.")
        onbekend = sorted(str(k) for k in data if k not in _SOORTEN)
        if onbekend:
            raise ValueError(
                f"Onbekende termijn{'en' if len(onbekend) > 1 else ''}: {', '.join(onbekend)}. "
                f"Bekend zijn: {', '.join(_SOORTEN)}."
            )
        waarden = {k: v for k, v in data.items() if v is not None}
        for sleutel, waarde in waarden.items():
            _controleer(sleutel, waarde)
        if "kadernota_voor" in waarden:
            maand, dag = _maanddag(waarden["kadernota_voor"])
            waarden["kadernota_voor"] = f"{maand:02d}-{dag:02d}"
        return cls(**waarden, eigen=frozenset(waarden))

    def as_dict(self) -> dict:
        """Only the terms the regeling sets itself: what ``Regeling.termijnen`` stores (round-trips ``from_dict``)."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name in self.eigen}

    def bron(self, sleutel: str) -> str:
        """Where the value of ``sleutel`` comes from: the article, "regeling" or "instelling"."""
        soort = _SOORTEN[sleutel]
        if sleutel in self.eigen:
            # A regeling that repeats the law's value: the law's term still applies (and the ATW with it).
            if soort.wet and getattr(self, sleutel) == _STANDAARD[sleutel]:
                return soort.wet
            return REGELING
        return soort.wet or INSTELLING

    def wettelijk(self, sleutel: str) -> bool:
        """Whether the law sets the term now in force (so the ATW may extend it)."""
        return self.bron(sleutel) not in (REGELING, INSTELLING)

    def overzicht(self) -> list[dict]:
        """Every term with its value, unit, meaning and bron, for a settings page."""
        return [
            {
                "sleutel": sleutel,
                "waarde": getattr(self, sleutel),
                "eenheid": soort.eenheid,
                "omschrijving": soort.omschrijving,
                "bron": self.bron(sleutel),
            }
            for sleutel, soort in _SOORTEN.items()
        ]


_STANDAARD = {f.name: f.default for f in fields(Termijnen) if f.name in _SOORTEN}


# --- the calendar ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Waarschuwing:
    """A legal deadline that the given dates make impossible, said so a person understands it."""

    sleutel: str
    tekst: str
    bron: str
    datum: date | None = None

    def __str__(self) -> str:
        return self.tekst

    def as_dict(self) -> dict:
        return {
            "sleutel": self.sleutel,
            "tekst": self.tekst,
            "bron": self.bron,
            "datum": self.datum.isoformat() if self.datum else None,
        }


@dataclass(frozen=True)
class PcKalender(Sequence):
    """The milestones of one year, sorted by date, and the warnings; iterates and indexes like the list."""

    jaar: int
    mijlpalen: tuple[Mijlpaal, ...]
    waarschuwingen: tuple[Waarschuwing, ...] = ()

    def __getitem__(self, i):
        return self.mijlpalen[i]

    def __len__(self) -> int:
        return len(self.mijlpalen)

    def __iter__(self) -> Iterator[Mijlpaal]:
        return iter(self.mijlpalen)

    def mijlpaal(self, sleutel: str) -> Mijlpaal:
        return next(m for m in self.mijlpalen if m.sleutel == sleutel)

    def as_dict(self) -> dict:
        return {
            "jaar": self.jaar,
            "mijlpalen": [m.as_dict() for m in self.mijlpalen],
            "waarschuwingen": [str(w) for w in self.waarschuwingen],
        }


_VOLGORDE = (
    "jaarrekening_vaststelling",
    "jaarrekening_gs",
    "kadernota",
    "ontwerpbegroting",
    "zienswijze_raden",
    "antwoord_zienswijzen",
    "begroting_vaststelling",
    "begroting_gs",
)


def _jaar(jaar: int) -> None:
    if isinstance(jaar, bool) or not isinstance(jaar, int) or not MIN_JAAR <= jaar <= MAX_JAAR:
        raise ValueError(f"Kies een jaar van {MIN_JAAR} tot en met {MAX_JAAR} (nu ‘{jaar}’).")


def _in_jaar(d: date | None, jaar: int, wat: str) -> None:
    if d is not None and d.year != jaar:
        raise ValueError(
            f"De vergadering van het algemeen bestuur voor de {wat} ({d:%d-%m-%Y}) valt niet in {jaar}; "
            f"de P&C-kalender van {jaar} gaat over stappen in dat jaar."
        )


def _naar_gs(vastgesteld: date, *, voor_dag: tuple[int, int], stuk: str, artikel: str, sleutel: str) -> Mijlpaal:
    """Sent to GS within 2 weeks after adoption and before a fixed day: the earlier of the two."""
    uiterste = uiterlijk_voor(vastgesteld.year, *voor_dag)
    termijn = termijn_na(vastgesteld, weken=GS_WEKEN)
    vaste = f"vóór {voor_dag[1]} {MAANDEN[voor_dag[0] - 1]}"
    kop = f"{artikel}: de {stuk} gaat binnen {GS_WEKEN} weken na vaststelling en {vaste} naar Gedeputeerde Staten"
    if uiterste < vastgesteld:
        tekst = (
            f"{kop}: uiterlijk {datum_tekst(uiterste)}. Die dag ligt vóór de vaststelling op "
            f"{datum_tekst(vastgesteld)}: de termijn is niet te halen."
        )
        return Mijlpaal(sleutel, uiterste, tekst, artikel)
    if uiterste <= termijn.einde:
        tekst = (
            f"{kop}: uiterlijk {datum_tekst(uiterste)} ({vaste} komt eerder dan {GS_WEKEN} weken na de vaststelling "
            f"op {datum_tekst(vastgesteld)}; een vaste datum, die de {ATW} niet verlengt)."
        )
        return Mijlpaal(sleutel, uiterste, tekst, artikel)
    toelichting = termijn.toelichting()
    tekst = (
        f"{kop}: uiterlijk {datum_tekst(termijn.einde)} ({GS_WEKEN} weken na de vaststelling op "
        f"{datum_tekst(vastgesteld)}{'; ' + toelichting if toelichting else ''})."
    )
    bron = f"{artikel} jo. {termijn.grond}" if termijn.verlengd else artikel
    return Mijlpaal(sleutel, termijn.einde, tekst, bron)


def pc_kalender(
    jaar: int,
    *,
    ab_begroting: date | None = None,
    ab_jaarrekening: date | None = None,
    termijnen: Termijnen | None = None,
) -> PcKalender:
    """The P&C milestones of calendar year ``jaar``, sorted by date, with warnings.

    ``ab_begroting``: the AB meeting that adopts the begroting for ``jaar + 1``; ``ab_jaarrekening``: the one that
    adopts the jaarrekening of ``jaar - 1``; both must fall in ``jaar``. None: the latest day the law allows
    (14 September and 14 July), which the omschrijving says. A date after it gives milestones whose dates lie
    before the adoption (the deadline is missed) and a ``Waarschuwing``.
    Raises ValueError (Dutch) for a year out of range or an AB date outside ``jaar``.
    """
    _jaar(jaar)
    _in_jaar(ab_begroting, jaar, "begroting")
    _in_jaar(ab_jaarrekening, jaar, "jaarrekening")
    t = termijnen or Termijnen()
    mijlpalen: list[Mijlpaal] = []
    waarschuwingen: list[Waarschuwing] = []
    begroting, rekening = f"begroting {jaar + 1}", f"jaarrekening {jaar - 1}"
    geen_ab = "uiterste datum; het AB heeft nog geen vergadering voor de {}"

    # Kadernota (art. 34b): a fixed day, never extended.
    maand, dag = _maanddag(t.kadernota_voor)
    kadernota = uiterlijk_voor(jaar, maand, dag)
    bron = t.bron("kadernota_voor")
    herkomst = "" if bron != REGELING else " (de regeling vraagt dit eerder dan de wet: vóór 30 april)"
    mijlpalen.append(
        Mijlpaal(
            "kadernota",
            kadernota,
            f"Wgr art. 34b: de algemene financiële en beleidsmatige kaders (kadernota) voor {jaar + 1} en de "
            f"voorlopige jaarrekening {jaar - 1} gaan vóór {dag} {MAANDEN[maand - 1]} naar de raden{herkomst}: "
            f"uiterlijk {datum_tekst(kadernota)} (een vaste datum, die de {ATW} niet verlengt).",
            bron,
            bron != REGELING,
        )
    )

    # Begroting: the AB meeting, or the latest day art. 34 lid 2 leaves.
    laatste = uiterlijk_voor(jaar, *BEGROTING_GS_VOOR)
    ab = ab_begroting or laatste
    ab_tekst = datum_tekst(ab) + ("" if ab_begroting else f", de {geen_ab.format('begroting')}")
    if ab_begroting:
        vaststelling = f"Wgr art. 34 lid 1: het algemeen bestuur stelt de {begroting} vast op {datum_tekst(ab)}."
        vaststelling_bron = "Wgr art. 34 lid 1"
    else:
        vaststelling = (
            f"Wgr art. 34 lid 1 en 2: het algemeen bestuur stelt de {begroting} uiterlijk {datum_tekst(ab)} vast, "
            f"zodat die vóór 15 september naar Gedeputeerde Staten kan ({geen_ab.format('begroting')})."
        )
        vaststelling_bron = "Wgr art. 34 lid 2"
    mijlpalen.append(Mijlpaal("begroting_vaststelling", ab, vaststelling, vaststelling_bron))

    verzending, weken, bron = ontwerp_naar_raden(ab, t)
    herkomst = "" if bron != REGELING else f" (de regeling vraagt {weken} weken; de wet 12)"
    mijlpalen.append(
        Mijlpaal(
            "ontwerpbegroting",
            verzending,
            f"Wgr art. 35 lid 1: ontwerpbegroting {jaar + 1} uiterlijk {weken} weken vóór behandeling in het algemeen "
            f"bestuur ({ab_tekst}) naar de raden{herkomst}: uiterlijk {datum_tekst(verzending)} (teruggerekend; de "
            f"{ATW} verlengt die termijn niet, art. 1 lid 2).",
            bron,
            bron != REGELING,
        )
    )

    zienswijze, zd, bron = zienswijze_voor_ab(ab, t)
    mijlpalen.append(
        Mijlpaal(
            "zienswijze_raden",
            zienswijze,
            f"Wgr art. 35 lid 3: de raden kunnen hun zienswijze op de ontwerpbegroting {jaar + 1} geven; die moet "
            f"uiterlijk {datum_tekst(zienswijze)} bij het dagelijks bestuur zijn, {zd} dagen vóór het algemeen "
            f"bestuur ({ab_tekst}). De wet noemt geen termijn; deze komt uit de {_herkomst(bron)}.",
            bron,
            False,
        )
    )

    ad = t.antwoord_dagen
    bron = t.bron("antwoord_dagen")
    antwoord = voor(ab, dagen=ad)
    mijlpalen.append(
        Mijlpaal(
            "antwoord_zienswijzen",
            antwoord,
            f"Wgr art. 35 lid 4: het dagelijks bestuur laat elke raad schriftelijk en gemotiveerd weten wat het met "
            f"de zienswijze doet, vóór het algemeen bestuur de begroting vaststelt: uiterlijk {datum_tekst(antwoord)}, "
            f"{ad} dagen vooraf (de wet zegt alleen ‘vóór de vaststelling’; deze termijn komt uit de "
            f"{_herkomst(bron)}).",
            bron,
            False,
        )
    )

    mijlpalen.append(
        _naar_gs(ab, voor_dag=BEGROTING_GS_VOOR, stuk=begroting, artikel="Wgr art. 34 lid 2", sleutel="begroting_gs")
    )
    if ab > laatste:
        waarschuwingen.append(
            Waarschuwing(
                "begroting_te_laat",
                f"Het algemeen bestuur stelt de {begroting} pas op {datum_tekst(ab)} vast; Wgr art. 34 lid 2 vraagt "
                f"verzending aan Gedeputeerde Staten vóór 15 september {jaar}: die termijn is dan al verstreken.",
                "Wgr art. 34 lid 2",
                laatste,
            )
        )

    # Jaarrekening (art. 34 lid 3-4).
    laatste_jr = uiterlijk_voor(jaar, *JAARREKENING_GS_VOOR)
    jr = ab_jaarrekening or laatste_jr
    if ab_jaarrekening:
        tekst = f"Wgr art. 34 lid 3: het algemeen bestuur stelt de {rekening} vast op {datum_tekst(jr)}."
        bron = "Wgr art. 34 lid 3"
    else:
        tekst = (
            f"Wgr art. 34 lid 3 en 4: het algemeen bestuur stelt de {rekening} uiterlijk {datum_tekst(jr)} vast, "
            f"zodat die vóór 15 juli naar Gedeputeerde Staten kan ({geen_ab.format('jaarrekening')})."
        )
        bron = "Wgr art. 34 lid 4"
    mijlpalen.append(Mijlpaal("jaarrekening_vaststelling", jr, tekst, bron))
    mijlpalen.append(
        _naar_gs(
            jr, voor_dag=JAARREKENING_GS_VOOR, stuk=rekening, artikel="Wgr art. 34 lid 4", sleutel="jaarrekening_gs"
        )
    )
    if jr > laatste_jr:
        waarschuwingen.append(
            Waarschuwing(
                "jaarrekening_te_laat",
                f"Het algemeen bestuur stelt de {rekening} pas op {datum_tekst(jr)} vast; Wgr art. 34 lid 4 vraagt "
                f"verzending aan Gedeputeerde Staten vóór 15 juli {jaar}: die termijn is dan al verstreken.",
                "Wgr art. 34 lid 4",
                laatste_jr,
            )
        )

    mijlpalen.sort(key=lambda m: (m.datum, _VOLGORDE.index(m.sleutel)))
    return PcKalender(jaar, tuple(mijlpalen), tuple(waarschuwingen))


def ontwerp_naar_raden(ab: date, t: Termijnen) -> tuple[date, int, str]:
    """The last day to send the ontwerpbegroting (or a begrotingswijziging, Wgr art. 35 lid 6) to the councils:
    ``ontwerpbegroting_weken`` weeks before the AB meeting ``ab``, counted backwards (the ATW does not extend it).
    Returns the day, the weeks and their source."""
    weken = t.ontwerpbegroting_weken
    return voor(ab, weken=weken), weken, t.bron("ontwerpbegroting_weken")


def zienswijze_voor_ab(ab: date, t: Termijnen) -> tuple[date, int, str]:
    """The last day for the councils' zienswijze: ``zienswijze_raden_dagen_voor_ab`` days before the AB meeting
    ``ab``, counted backwards (never extended). Returns the day, the days and their source. The P&C calendar and
    the term of one voorstel (``zienswijzetermijn``) both count it here."""
    zd = t.zienswijze_raden_dagen_voor_ab
    return voor(ab, dagen=zd), zd, t.bron("zienswijze_raden_dagen_voor_ab")


def _herkomst(bron: str) -> str:
    return "regeling zelf" if bron == REGELING else "instellingen van de portal"


def wijziging_regeling(verzonden: date, termijnen: Termijnen | None = None) -> list[Mijlpaal]:
    """The milestones of a change of the regeling (also joining or leaving) sent to the councils on ``verzonden``.

    Wgr art. 1 lid 2: the councils may give their zienswijze within 8 weeks (forward; ATW art. 1 extends it when it
    ends on a weekend or holiday). A longer term of the regeling's own is not extended.
    """
    t = termijnen or Termijnen()
    weken = t.wijziging_zienswijze_weken
    bron = t.bron("wijziging_zienswijze_weken")
    wettelijk = t.wettelijk("wijziging_zienswijze_weken")
    termijn = termijn_na(verzonden, weken=weken, wettelijk=wettelijk)
    toelichting = termijn.toelichting()
    herkomst = "" if wettelijk else f" (de regeling geeft {weken} weken; de wet 8; niet verlengd)"
    return [
        Mijlpaal(
            "wijziging_toezending",
            verzonden,
            f"Wgr art. 1 lid 2: het ontwerp van de wijziging van de regeling gaat op {datum_tekst(verzonden)} naar "
            f"de raden.",
            "Wgr art. 1 lid 2",
        ),
        Mijlpaal(
            "wijziging_zienswijze",
            termijn.einde,
            f"Wgr art. 1 lid 2: de raden kunnen binnen {weken} weken na toezending ({datum_tekst(verzonden)}) hun "
            f"zienswijze geven{herkomst}: uiterlijk {datum_tekst(termijn.einde)}"
            f"{' (' + toelichting + ')' if toelichting else ''}. Daarna is de toestemming van de raden nodig "
            f"(art. 1 lid 3-5).",
            f"{bron} jo. {termijn.grond}" if termijn.verlengd else bron,
            wettelijk,
        ),
    ]


# --- the P&C synchronisation planner -----------------------------------------------------------------------------


@dataclass(frozen=True)
class PcRaad:
    """When one council handles its zienswijze on the ontwerpbegroting, and why there."""

    code: str
    naam: str
    status: str  # BESTAANDE, EXTRA or GEBLOKKEERD
    reden: str
    datum: date | None = None
    vergadering_id: int | None = None
    van: date | None = None  # the window: earliest raad meeting after the lead time
    tot: date | None = None  # ... and the zienswijze deadline

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "naam": self.naam,
            "datum": self.datum.isoformat() if self.datum else None,
            "status": self.status,
            "reden": self.reden,
            "vergadering_id": self.vergadering_id,
            "van": self.van.isoformat() if self.van else None,
            "tot": self.tot.isoformat() if self.tot else None,
        }


@dataclass(frozen=True)
class PcPlan:
    """A plan for the begroting round of ``jaar``: when the DB sends, each council decides, the DB answers, the AB
    adopts. ``haalbaar`` is False when some council is blocked or no AB date works; ``uitleg`` then says why."""

    jaar: int
    haalbaar: bool
    ab_datum: date | None
    ab_bestaand: bool
    verzending: date | None  # the DB sends the ontwerpbegroting (a working day, ≥ the statutory weeks before)
    zienswijze_uiterlijk: date | None  # the councils' zienswijze must be with the DB by then
    antwoord: date | None  # the DB's reasoned answers are sent by then
    raden: tuple[PcRaad, ...]
    mijlpalen: tuple[Mijlpaal, ...]
    waarschuwingen: tuple[Waarschuwing, ...] = ()
    keuze: str | None = None  # why this AB date (Dutch), for a haalbaar plan
    uitleg: tuple[str, ...] = ()  # why no plan holds (Dutch), empty when haalbaar

    @property
    def extra_vergaderingen(self) -> int:
        return sum(r.status == EXTRA for r in self.raden)

    def as_dict(self) -> dict:
        def iso(d: date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "jaar": self.jaar,
            "haalbaar": self.haalbaar,
            "ab_datum": iso(self.ab_datum),
            "ab_bestaand": self.ab_bestaand,
            "verzending": iso(self.verzending),
            "zienswijze_uiterlijk": iso(self.zienswijze_uiterlijk),
            "antwoord": iso(self.antwoord),
            "extra_vergaderingen": self.extra_vergaderingen,
            "raden": [r.as_dict() for r in self.raden],
            "mijlpalen": [m.as_dict() for m in self.mijlpalen],
            "waarschuwingen": [str(w) for w in self.waarschuwingen],
            "keuze": self.keuze,
            "uitleg": list(self.uitleg),
        }


def _kort(d: date) -> str:
    return f"{d:%d-%m}"


@dataclass
class _Agenda:
    """One council's usable days, indexed once per plan."""

    raad: Raad
    bestaand: list[date] = field(default_factory=list)  # sorted: raad meetings with room, outside recess/holidays
    bijeenkomst: dict[date, Bijeenkomst] = field(default_factory=dict)  # the emptiest usable meeting per date
    extra: list[date] = field(default_factory=list)  # sorted: days an extra raad meeting fits

    @property
    def voorbereiding(self) -> int:
        return self.raad.regels.voorbereiding_dagen

    def laatste(self, lijst: list[date], tot: date) -> date | None:
        i = bisect.bisect_right(lijst, tot)
        return lijst[i - 1] if i else None


def _bruikbaar(raad: Raad, b: Bijeenkomst) -> str | None:
    """None when the zienswijze fits on this raad meeting, else why not (Dutch)."""
    if (naam := feestdag(b.datum)) is not None:
        return f"feestdag ({naam})"
    if (periode := raad.reces(b.datum)) is not None:
        return f"{periode.naam} ({_kort(periode.van)} t/m {_kort(periode.tot)})"
    if b.agendapunten >= raad.regels.max_agendapunten:
        return f"agenda vol ({b.agendapunten} van {raad.regels.max_agendapunten} punten)"
    return None


def _agenda(raad: Raad, van: date, tot: date) -> _Agenda:
    agenda = _Agenda(raad)
    for b in raad.vergaderingen:
        if b.soort != "raad" or not van <= b.datum <= tot or _bruikbaar(raad, b) is not None:
            continue
        huidig = agenda.bijeenkomst.get(b.datum)
        if huidig is None or b.agendapunten < huidig.agendapunten:
            agenda.bijeenkomst[b.datum] = b
    agenda.bestaand = sorted(agenda.bijeenkomst)
    dag = raad.regels.vergaderdag
    if dag is not None:
        d = van + timedelta(days=(dag - van.weekday()) % 7)
        while d <= tot:
            if raad.kan_extra_vergaderen(d) is None:
                agenda.extra.append(d)
            d += timedelta(days=7)
    return agenda


@dataclass(frozen=True)
class _Poging:
    """One (AB date, sending date) and every council's best meeting for it."""

    ab: date
    bestaand_ab: bool
    verzending: date
    keuzes: tuple[tuple[str, date | None], ...]  # per council: (status, date)

    @property
    def sleutel(self) -> tuple:
        geblokkeerd = sum(s == GEBLOKKEERD for s, _ in self.keuzes)
        extra = sum(s == EXTRA for s, _ in self.keuzes)
        # Fewest blocked councils, then fewest extra council meetings, then an existing AB meeting over a new one,
        # then the latest sending date (the DB has the most time to draft the begroting), then the latest AB date
        # (the councils have the most time). With the statutory 12 weeks exactly, the last two coincide.
        return (geblokkeerd, extra, not self.bestaand_ab, -self.verzending.toordinal(), -self.ab.toordinal())


def _kies(agenda: _Agenda, lo: date, hi: date) -> tuple[str, date | None]:
    if lo > hi:
        return GEBLOKKEERD, None
    if (d := agenda.laatste(agenda.bestaand, hi)) is not None and d >= lo:
        return BESTAANDE, d
    if (d := agenda.laatste(agenda.extra, hi)) is not None and d >= lo:
        return EXTRA, d
    return GEBLOKKEERD, None


def _ab_kandidaten(
    jaar: int,
    ab_vergaderingen: Sequence[date],
    ab_vergaderdag: int | None,
    ab_recessen: Sequence[Periode],
    laatste: date,
) -> tuple[list[tuple[date, bool]], list[str]]:
    """The AB dates worth trying, and notes on existing meetings that cannot adopt the begroting."""
    notities: list[str] = []
    bestaand = sorted(set(ab_vergaderingen))
    kandidaten = []
    for d in bestaand:
        if d.year != jaar:
            continue
        if d > laatste:
            notities.append(
                f"de AB-vergadering van {_kort(d)} is te laat voor de begroting: die moet vóór 15-09 naar "
                f"Gedeputeerde Staten (Wgr art. 34 lid 2)"
            )
            continue
        kandidaten.append((d, True))
    if ab_vergaderdag is not None:
        al = set(bestaand)
        d = date(jaar, 1, 1)
        d += timedelta(days=(ab_vergaderdag - d.weekday()) % 7)
        while d <= laatste:
            if d not in al and is_werkdag(d) and not any(p.bevat(d) for p in ab_recessen):
                kandidaten.append((d, False))
            d += timedelta(days=7)
    return kandidaten, notities


def plan_pc(
    jaar: int,
    *,
    raden: Sequence[Raad],
    ab_vergaderingen: Sequence[date],
    ab_vergaderdag: int | None,
    termijnen: Termijnen | None = None,
    ab_recessen: Sequence[Periode] = (),
    ab_jaarrekening: date | None = None,
    verzending_vanaf: date | None = None,
) -> PcPlan:
    """Plan the begroting round of ``jaar`` (the begroting for ``jaar + 1``) across the councils of a regeling.

    ``raden``: the participating councils with their calendars of ``jaar``; ``ab_vergaderingen``: the AB's meetings
    (dates; those outside ``jaar`` are ignored); ``ab_vergaderdag``: the AB's usual weekday (0 = Monday) for a new
    meeting, None when it has none; ``ab_recessen``: when the AB does not meet; ``ab_jaarrekening``: passed on to
    the milestones; ``verzending_vanaf``: the earliest day the DB can send the ontwerpbegroting (default 1 January
    of ``jaar``).

    The planner tries every AB date: each existing meeting on or before 14 September (Wgr art. 34 lid 2), and each
    usual weekday that is a working day outside the AB's recesses. For each, the DB sends on a working day at least
    ``ontwerpbegroting_weken`` before (art. 35 lid 1; earlier when that lets more councils use a regular meeting),
    and every council handles its zienswijze between sending + its lead time (``voorbereiding_dagen``) and the
    zienswijze deadline (``zienswijze_raden_dagen_voor_ab`` before the AB): in its latest raad meeting in that
    window with room on the agenda, outside recess and holidays; else in an extra meeting on its usual weekday
    (``Raad.kan_extra_vergaderen``), the latest possible; else it is blocked. The DB answers
    ``antwoord_dagen`` before the AB (art. 35 lid 4). Best plan: fewest blocked councils, fewest extra council
    meetings, an existing AB meeting over a new one, the latest sending date, the latest AB date.

    Raises ValueError (Dutch) for a year out of range, a council given twice or a weekday outside 0-6.
    """
    _jaar(jaar)
    t = termijnen or Termijnen()
    codes = [r.code for r in raden]
    if len(set(codes)) != len(codes):
        dubbel = sorted({c for c in codes if codes.count(c) > 1})
        raise ValueError(f"Elke raad hoort één keer in het plan; dubbel: {', '.join(dubbel)}.")
    if ab_vergaderdag is not None and (
        isinstance(ab_vergaderdag, bool) or not isinstance(ab_vergaderdag, int) or not 0 <= ab_vergaderdag <= 6
    ):
        raise ValueError(
            f"De vergaderdag van het algemeen bestuur is 0 (maandag) t/m 6 (zondag), niet ‘{ab_vergaderdag}’."
        )
    vanaf = verzending_vanaf or date(jaar, 1, 1)
    laatste = uiterlijk_voor(jaar, *BEGROTING_GS_VOOR)
    weken, zd, ad = t.ontwerpbegroting_weken, t.zienswijze_raden_dagen_voor_ab, t.antwoord_dagen

    kandidaten, notities = _ab_kandidaten(jaar, ab_vergaderingen, ab_vergaderdag, ab_recessen, laatste)
    agendas = [_agenda(r, vanaf, laatste) for r in raden]

    beste: _Poging | None = None
    te_vroeg: list[date] = []
    for ab, bestaand_ab in kandidaten:
        hoogst = werkdag_op_of_voor(voor(ab, weken=weken))
        if hoogst < vanaf:
            if bestaand_ab:
                te_vroeg.append(ab)
            continue
        hi = voor(ab, dagen=zd)
        # A council's choice only changes where the sending date passes one of its thresholds: try just those.
        drempels = {hoogst}
        for a in agendas:
            for lijst in (a.bestaand, a.extra):
                if (d := a.laatste(lijst, hi)) is not None:
                    grens = d - timedelta(days=a.voorbereiding)
                    if vanaf <= grens < hoogst:
                        drempels.add(werkdag_op_of_voor(grens))
        for verzending in drempels:
            if verzending < vanaf:
                continue
            keuzes = tuple(_kies(a, verzending + timedelta(days=a.voorbereiding), hi) for a in agendas)
            poging = _Poging(ab, bestaand_ab, verzending, keuzes)
            if beste is None or poging.sleutel < beste.sleutel:
                beste = poging
    for d in te_vroeg:
        notities.append(
            f"de AB-vergadering van {_kort(d)} is te vroeg: de ontwerpbegroting zou dan vóór {_kort(vanaf)} naar de "
            f"raden moeten (Wgr art. 35 lid 1: {weken} weken vooraf)"
        )

    if beste is None:
        return _zonder_ab(jaar, raden, t, ab_vergaderdag, ab_jaarrekening, notities, vanaf, laatste)

    kalender = pc_kalender(jaar, ab_begroting=beste.ab, ab_jaarrekening=ab_jaarrekening, termijnen=t)
    hi = voor(beste.ab, dagen=zd)
    per_raad = tuple(
        _raad_uitkomst(a, status, d, beste.verzending + timedelta(days=a.voorbereiding), hi)
        for a, (status, d) in zip(agendas, beste.keuzes, strict=True)
    )
    geblokkeerd = [r for r in per_raad if r.status == GEBLOKKEERD]
    uitleg: tuple[str, ...] = ()
    keuze = None
    if geblokkeerd:
        uitleg = (
            f"Geen AB-datum vóór 15-09-{jaar} waarop elke raad zijn zienswijze tijdig kan geven. "
            f"Het beste plan (AB op {datum_tekst(beste.ab)}) laat {len(geblokkeerd)} "
            f"{'raad' if len(geblokkeerd) == 1 else 'raden'} zonder vergadering:",
            *(f"{r.naam} ({r.code}): {r.reden}" for r in geblokkeerd),
            *(_zin(n) for n in notities),
        )
    else:
        keuze = _keuze(beste, per_raad, weken, notities)
    return PcPlan(
        jaar=jaar,
        haalbaar=not geblokkeerd,
        ab_datum=beste.ab,
        ab_bestaand=beste.bestaand_ab,
        verzending=beste.verzending,
        zienswijze_uiterlijk=hi,
        antwoord=voor(beste.ab, dagen=ad),
        raden=per_raad,
        mijlpalen=kalender.mijlpalen,
        waarschuwingen=kalender.waarschuwingen,
        keuze=keuze,
        uitleg=uitleg,
    )


def _zin(notitie: str) -> str:
    return notitie[0].upper() + notitie[1:] + "."


def _keuze(beste: _Poging, raden: Sequence[PcRaad], weken: int, notities: list[str]) -> str:
    extra = [r for r in raden if r.status == EXTRA]
    ab = f"AB op {datum_tekst(beste.ab)} ({'bestaande vergadering' if beste.bestaand_ab else 'nieuwe vergadering'})"
    wettelijk = voor(beste.ab, weken=weken)
    verzending = f"ontwerpbegroting naar de raden op {datum_tekst(beste.verzending)}"
    if werkdag_op_of_voor(wettelijk) != beste.verzending:
        verzending += (
            f" (eerder dan de uiterste {datum_tekst(wettelijk)}, zodat meer raden een gewone vergadering hebben)"
        )
    if extra:
        raden_tekst = f"{len(extra)} {'raad heeft' if len(extra) == 1 else 'raden hebben'} een extra vergadering nodig"
    else:
        raden_tekst = "elke raad kan in een gewone vergadering"
    tekst = f"{ab}; {verzending}; {raden_tekst}."
    if notities:
        tekst += " " + " ".join(_zin(n) for n in notities)
    return tekst


def _zonder_ab(
    jaar: int,
    raden: Sequence[Raad],
    t: Termijnen,
    ab_vergaderdag: int | None,
    ab_jaarrekening: date | None,
    notities: list[str],
    vanaf: date,
    laatste: date,
) -> PcPlan:
    """The plan when no AB date can adopt the begroting in time."""
    vroegst = vanaf + timedelta(weeks=t.ontwerpbegroting_weken)
    if vroegst > laatste:
        waarom = (
            f"De ontwerpbegroting kan pas vanaf {_kort(vanaf)} naar de raden; {t.ontwerpbegroting_weken} weken later "
            f"({_kort(vroegst)}) is na de uiterste dag voor de begroting ({_kort(laatste)}, Wgr art. 34 lid 2)."
        )
    elif ab_vergaderdag is None:
        waarom = (
            f"Het algemeen bestuur heeft tussen {_kort(vroegst)} en {_kort(laatste)}-{jaar} geen vergadering en geen "
            f"gewone vergaderdag om er een toe te voegen."
        )
    else:
        waarom = (
            f"Het algemeen bestuur heeft tussen {_kort(vroegst)} en {_kort(laatste)}-{jaar} geen vergadering en "
            f"geen {WEEKDAGEN[ab_vergaderdag]} buiten reces en feestdagen om er een toe te voegen."
        )
    kalender = pc_kalender(jaar, ab_jaarrekening=ab_jaarrekening, termijnen=t)
    return PcPlan(
        jaar=jaar,
        haalbaar=False,
        ab_datum=None,
        ab_bestaand=False,
        verzending=None,
        zienswijze_uiterlijk=None,
        antwoord=None,
        raden=tuple(PcRaad(r.code, r.naam, GEBLOKKEERD, "geen datum voor het algemeen bestuur") for r in raden),
        mijlpalen=kalender.mijlpalen,
        waarschuwingen=kalender.waarschuwingen,
        uitleg=(waarom, *(_zin(n) for n in notities)),
    )


def _raad_uitkomst(agenda: _Agenda, status: str, datum: date | None, lo: date, hi: date) -> PcRaad:
    raad = agenda.raad
    venster = f"tussen {_kort(lo)} en {_kort(hi)}"
    if status == BESTAANDE:
        b = agenda.bijeenkomst[datum]
        reden = (
            f"raadsvergadering op {_kort(datum)} heeft ruimte ({b.agendapunten} van {raad.regels.max_agendapunten} "
            f"punten); de zienswijze kan {venster}"
        )
        return PcRaad(raad.code, raad.naam, BESTAANDE, reden, datum, b.vergadering_id, lo, hi)
    belet = _belemmeringen(raad, lo, hi)
    if status == EXTRA:
        dag = WEEKDAGEN[raad.regels.vergaderdag]
        reden = f"{belet}; extra vergadering op de gewone vergaderdag ({dag}) {_kort(datum)}"
        return PcRaad(raad.code, raad.naam, EXTRA, reden, datum, None, lo, hi)
    if lo > hi:
        reden = (
            f"te weinig tijd: na de voorbereiding ({agenda.voorbereiding} dagen) kan de raad pas op {_kort(lo)}, "
            f"maar de zienswijze moet uiterlijk {_kort(hi)} bij het dagelijks bestuur zijn"
        )
    else:
        reden = f"{belet}; en geen dag voor een extra vergadering: {_geen_extra(raad, lo, hi)}"
    return PcRaad(raad.code, raad.naam, GEBLOKKEERD, reden, None, None, lo, hi)


def _belemmeringen(raad: Raad, lo: date, hi: date) -> str:
    """Why no regular raad meeting fits in [lo, hi], e.g. 'geen raadsvergadering tussen 12-05 en 23-06; reces vanaf
    10-07'."""
    delen: list[str] = []
    in_venster = sorted((b for b in raad.vergaderingen if b.soort == "raad" and lo <= b.datum <= hi), key=_datum)
    if in_venster:
        delen.append(
            f"geen raadsvergadering met ruimte tussen {_kort(lo)} en {_kort(hi)} ("
            + ", ".join(f"{_kort(b.datum)}: {_bruikbaar(raad, b)}" for b in in_venster)
            + ")"
        )
    else:
        delen.append(f"geen raadsvergadering tussen {_kort(lo)} en {_kort(hi)}")
    for p in sorted(raad.recessen, key=lambda p: p.van):
        if p.van <= hi and p.tot >= lo:
            if p.van <= lo:
                delen.append(f"{p.naam} tot en met {_kort(p.tot)}")
            else:
                delen.append(f"{p.naam} vanaf {_kort(p.van)}")
    eerder = [b.datum for b in raad.vergaderingen if b.soort == "raad" and b.datum < lo]
    later = [b.datum for b in raad.vergaderingen if b.soort == "raad" and b.datum > hi]
    if eerder and max(eerder) >= lo - timedelta(days=60):
        delen.append(f"de vorige raadsvergadering ({_kort(max(eerder))}) is te vroeg voor de voorbereiding")
    if later and min(later) <= hi + timedelta(days=60):
        delen.append(f"de volgende ({_kort(min(later))}) is na de zienswijzetermijn")
    return "; ".join(delen)


def _datum(b: Bijeenkomst) -> date:
    return b.datum


def _geen_extra(raad: Raad, lo: date, hi: date, hoogstens: int = 6) -> str:
    """Why no usual weekday in [lo, hi] takes an extra meeting, grouped by reason."""
    dag = raad.regels.vergaderdag
    if dag is None:
        return "de raad heeft geen gewone vergaderdag"
    d = lo + timedelta(days=(dag - lo.weekday()) % 7)
    per_reden: dict[str, list[date]] = {}
    while d <= hi:
        per_reden.setdefault(raad.kan_extra_vergaderen(d) or "", []).append(d)
        d += timedelta(days=7)
    if not per_reden:
        return f"er valt geen {WEEKDAGEN[dag]} tussen {_kort(lo)} en {_kort(hi)}"
    delen = []
    for reden, datums in per_reden.items():
        lijst = ", ".join(_kort(x) for x in datums[:hoogstens]) + (" …" if len(datums) > hoogstens else "")
        delen.append(f"{reden} op {lijst}")
    return "; ".join(delen)


# --- the zienswijze term of one voorstel -------------------------------------------------------------------------

_AB_SOORTEN = {"begroting", "begrotingswijziging", "jaarrekening"}
_AB_GRONDSLAG = {
    "begroting": "Wgr art. 35 lid 3",
    "begrotingswijziging": "Wgr art. 35 lid 3 jo. lid 6",
}
# Wgr art. 35 lid 1-4 apply to a begrotingswijziging too (lid 6), unless the regeling exempts its category.
_ONTWERP_GRONDSLAG = {
    "begroting": "Wgr art. 35 lid 1",
    "begrotingswijziging": "Wgr art. 35 lid 1 jo. lid 6",
}
_SOORT_TEKST = {"kadernota": "een kadernota", "overig": "dit voorstel", "begroting": "een begroting",
                "begrotingswijziging": "een begrotingswijziging", "jaarrekening": "een jaarrekening"}


def zienswijzetermijn(soort: str, verzonden: date, *, ab: date | None = None, termijnen: Termijnen | None = None,
                      gegeven: date | None = None) -> tuple[Mijlpaal, list[Waarschuwing]]:
    """The last day for the councils' zienswijze on a voorstel of kind ``soort`` sent on ``verzonden``, with its
    source, and warnings when the dates break a statutory term.

    - begroting, begrotingswijziging, jaarrekening: ``zienswijze_raden_dagen_voor_ab`` days before the AB meeting
      ``ab`` (counted backwards, never extended); the law itself only says "before the AB" (Wgr art. 35 lid 3 for
      the begroting, jo. lid 6 for a begrotingswijziging). A begroting or begrotingswijziging sent later than
      ``ontwerpbegroting_weken`` before the AB gives a warning (art. 35 lid 1; lid 6 applies it to a
      begrotingswijziging, unless the regeling exempts its category). ``gegeven`` is refused: these terms come
      from the law and the regeling's ``Termijnen``.
    - wijziging_regeling: ``wijziging_regeling`` (Wgr art. 1 lid 2, 8 weeks, ATW-extended).
    - kadernota, overig: ``gegeven`` (bron "instelling"), else the same days before ``ab`` as a begroting.
    Raises ValueError (Dutch) when the term cannot be set or leaves the councils no time.
    """
    t = termijnen or Termijnen()
    waarschuwingen: list[Waarschuwing] = []
    if soort == "wijziging_regeling":
        if gegeven is not None:
            raise ValueError("De zienswijzetermijn van een wijziging van de regeling staat in de wet (Wgr art. 1 "
                             "lid 2) of in de termijnen van de regeling; u kunt hier geen eigen datum opgeven.")
        mijlpaal = wijziging_regeling(verzonden, t)[1]
    elif soort in _AB_SOORTEN or (gegeven is None and ab is not None):
        if soort in _AB_SOORTEN and gegeven is not None:
            raise ValueError(f"De zienswijzetermijn van {_SOORT_TEKST[soort]} volgt uit de datum van het algemeen "
                             f"bestuur en de termijnen van de regeling; u kunt hier geen eigen datum opgeven.")
        if ab is None:
            raise ValueError(f"De zienswijzetermijn van {_SOORT_TEKST.get(soort, soort)} telt terug vanaf de "
                             f"vergadering van het algemeen bestuur. Geef die datum op, of plan eerst die vergadering.")
        datum, zd, bron = zienswijze_voor_ab(ab, t)
        grond = _AB_GRONDSLAG.get(soort)
        mijlpaal = Mijlpaal(
            "zienswijze",
            datum,
            (f"{grond}: " if grond else "")
            + f"de zienswijze is uiterlijk {datum_tekst(datum)} bij het dagelijks bestuur, {zd} dagen vóór het "
            f"algemeen bestuur van {datum_tekst(ab)}. De wet noemt geen termijn; deze komt uit de {_herkomst(bron)}.",
            f"{grond} jo. {bron}" if grond else bron,
            False,
        )
        if soort in _ONTWERP_GRONDSLAG:
            uiterlijk_verzonden, weken, bron = ontwerp_naar_raden(ab, t)
            if verzonden > uiterlijk_verzonden:
                artikel = _ONTWERP_GRONDSLAG[soort]
                stuk = ("de ontwerpbegroting gaat" if soort == "begroting" else
                        "ook een ontwerp-begrotingswijziging gaat (tenzij de regeling die categorie uitzondert)")
                waarschuwingen.append(Waarschuwing(
                    "ontwerpbegroting_te_laat",
                    f"{artikel}: {stuk} {weken} weken vóór het algemeen bestuur naar de raden, uiterlijk "
                    f"{datum_tekst(uiterlijk_verzonden)}; zij ging op {datum_tekst(verzonden)}.",
                    REGELING if bron == REGELING else artikel,
                    uiterlijk_verzonden,
                ))
    elif gegeven is not None:
        mijlpaal = Mijlpaal(
            "zienswijze", gegeven,
            f"De zienswijze is uiterlijk {datum_tekst(gegeven)} bij het dagelijks bestuur; de wet noemt voor "
            f"{_SOORT_TEKST.get(soort, soort)} geen termijn, het dagelijks bestuur heeft deze datum gesteld.",
            INSTELLING, False,
        )
    else:
        raise ValueError(f"Voor {_SOORT_TEKST.get(soort, soort)} noemt de wet geen zienswijzetermijn: geef een "
                         f"uiterste datum op, of de datum van het algemeen bestuur.")
    if mijlpaal.datum <= verzonden:
        raise ValueError(f"De zienswijzetermijn zou eindigen op {datum_tekst(mijlpaal.datum)}, niet na de verzending "
                         f"op {datum_tekst(verzonden)}: de raden krijgen zo geen tijd. Kies een latere datum.")
    return mijlpaal, waarschuwingen
