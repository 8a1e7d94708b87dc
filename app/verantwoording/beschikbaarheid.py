"""Which days suit the yearly accountability meeting: a working day on which every participating council can come.

Pure: the councils as the planners see them (``app.planning.raden.Raad``, built by
``app.planning.service.momentopname``) in, a verdict per date out; no database, no clock.

The rules are the planner's own, not a second copy: ``kalender.is_werkdag``/``kalender.feestdag`` (ATW holidays),
``Raad.reces`` (the council's recesses) and the meetings on ``Raad.vergaderingen``. A date is refused
1. for everyone when it is no working day (a weekend or an ATW holiday);
2. per council when it is in one of its recesses, or when its raad or one of its committees meets that day (the
   council members sit in those; a presidium or other small body does not keep the council away);
3. for everyone when the regeling's own body already meets that day (``bezet``, e.g. the radenbijeenkomst).
Every refusal carries its reason in Dutch, so the page can say which council blocks which date and why.
"""

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from app.planning.gelijke_dag import MAX_VENSTER_DAGEN
from app.planning.kalender import feestdag, is_werkdag
from app.planning.raden import WEEKDAGEN, Bijeenkomst, Raad

# Why a date is refused (``Bezwaar.oorzaak``), and the words for a summary.
OORZAKEN = {
    "weekend": "weekend",
    "feestdag": "feestdag",
    "bezet": "de regeling vergadert al",
    "reces": "reces",
    "raad": "raadsvergadering",
    "commissie": "commissievergadering",
}
HOUDT_WEG = {"raad": "raad", "commissie": "commissie"}  # the body soorten whose meetings keep council members away


@dataclass(frozen=True, slots=True)
class Bezwaar:
    """One reason a date does not suit: for one council (``code``), or for everyone (``code`` None)."""

    oorzaak: str  # a key of OORZAKEN
    reden: str  # Dutch, e.g. "Zeist: raadsvergadering" or "feestdag (Koningsdag)"
    code: str | None = None
    naam: str | None = None
    vergadering_id: int | None = None

    def as_dict(self) -> dict:
        return {"oorzaak": self.oorzaak, "reden": self.reden, "code": self.code, "naam": self.naam,
                "vergadering_id": self.vergadering_id}


@dataclass(frozen=True)
class Dag:
    datum: date
    bezwaren: tuple[Bezwaar, ...]

    @property
    def kan(self) -> bool:
        return not self.bezwaren

    @property
    def weekdag(self) -> str:
        return WEEKDAGEN[self.datum.weekday()]

    def as_dict(self) -> dict:
        return {"datum": self.datum.isoformat(), "kan": self.kan, "bezwaren": [b.as_dict() for b in self.bezwaren]}


@dataclass(frozen=True)
class GemeenteTelling:
    """How often one council stands in the way over the window, and why (for the summary per council)."""

    code: str
    naam: str
    dagen: int  # working days it blocks
    oorzaken: dict[str, int] = field(default_factory=dict)

    @property
    def reden(self) -> str:
        if not self.dagen:
            return "kan op elke werkdag zonder andere bezwaren"
        soorten = ", ".join(f"{OORZAKEN[k]} ({_dagen(n)})" for k, n in self.oorzaken.items())
        return f"blokkeert {_dagen(self.dagen)}: {soorten}"

    def as_dict(self) -> dict:
        return {"code": self.code, "naam": self.naam, "dagen": self.dagen, "reden": self.reden}


@dataclass(frozen=True)
class Beschikbaarheid:
    van: date
    tot: date
    dagen: list[Dag]  # every date of the window, in date order
    gemeenten: list[GemeenteTelling]  # in the order of the councils given

    @property
    def kandidaten(self) -> list[date]:
        return [d.datum for d in self.dagen if d.kan]

    @property
    def afgewezen(self) -> list[Dag]:
        """The working days that do not suit (weekends are left out: nobody needs their reason)."""
        return [d for d in self.dagen if not d.kan and not any(b.oorzaak == "weekend" for b in d.bezwaren)]

    @property
    def samenvatting(self) -> str:
        n = len(self.kandidaten)
        periode = f"{self.van:%d-%m-%Y} t/m {self.tot:%d-%m-%Y}"
        if n:
            return f"Van {periode} {'kan 1 dag' if n == 1 else f'kunnen {n} dagen'}: alle raden kunnen dan komen."
        return (f"Van {periode} is er geen werkdag waarop alle raden kunnen komen; kies een langere of andere "
                "periode.")

    def as_dict(self) -> dict:
        return {
            "van": self.van.isoformat(),
            "tot": self.tot.isoformat(),
            "samenvatting": self.samenvatting,
            "kandidaten": [d.isoformat() for d in self.kandidaten],
            "afgewezen": [d.as_dict() for d in self.afgewezen],
            "gemeenten": [g.as_dict() for g in self.gemeenten],
        }


def _dagen(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def _index(raden: Sequence[Raad]) -> dict[str, dict[date, list[Bijeenkomst]]]:
    """Per council (code) the meetings that keep its members away, by date: built once, not scanned per date."""
    per: dict[str, dict[date, list[Bijeenkomst]]] = {}
    for raad in raden:
        dagen: dict[date, list[Bijeenkomst]] = defaultdict(list)
        for b in raad.vergaderingen:
            if b.soort in HOUDT_WEG:
                dagen[b.datum].append(b)
        per[raad.code] = dagen
    return per


def bezwaren(raden: Sequence[Raad], d: date, *, bezet: Mapping[date, str] | None = None,
             index: dict[str, dict[date, list[Bijeenkomst]]] | None = None) -> tuple[Bezwaar, ...]:
    """Why ``d`` does not suit the meeting (empty: every council can come). ``index``: ``_index(raden)``, when
    many dates are asked about the same councils."""
    if not is_werkdag(d):
        naam = feestdag(d)
        if naam is not None:
            return (Bezwaar("feestdag", f"feestdag ({naam})"),)
        return (Bezwaar("weekend", f"{WEEKDAGEN[d.weekday()]}: geen werkdag"),)
    uit: list[Bezwaar] = []
    if bezet and d in bezet:
        uit.append(Bezwaar("bezet", bezet[d]))
    index = index if index is not None else _index(raden)
    for raad in raden:
        if (p := raad.reces(d)) is not None:
            uit.append(Bezwaar("reces", f"{raad.naam}: {p.naam} ({p.van:%d-%m} t/m {p.tot:%d-%m})", raad.code,
                               raad.naam))
            continue
        vergaderingen = index[raad.code].get(d, [])
        if vergaderingen:
            # The raad's own meeting weighs most; else the first committee of the day.
            b = min(vergaderingen, key=lambda b: (b.soort != "raad", b.aanvang is None, b.aanvang, b.orgaan))
            wat = "raadsvergadering" if b.soort == "raad" else "commissievergadering"
            tijd = f" om {b.aanvang:%H:%M}" if b.aanvang else ""
            uit.append(Bezwaar(b.soort, f"{raad.naam}: {wat}{tijd}", raad.code, raad.naam, b.vergadering_id))
    return tuple(uit)


def beschikbaarheid(raden: Sequence[Raad], *, van: date, tot: date,
                    bezet: Mapping[date, str] | None = None) -> Beschikbaarheid:
    """Every date from ``van`` to ``tot`` with its reasons; the candidates are the dates without any.

    ``bezet``: dates on which the regeling's own body already meets, with the reason to show.
    Raises ValueError (Dutch) for no councils, a council given twice, ``tot`` before ``van`` or a window of more
    than ``MAX_VENSTER_DAGEN`` days.
    """
    if not raden:
        raise ValueError("Zonder deelnemende gemeenten valt er niets te plannen.")
    dubbel = sorted(c for c, n in Counter(r.code for r in raden).items() if n > 1)
    if dubbel:
        raise ValueError(f"Elke gemeente mag maar één keer meedoen: {', '.join(dubbel)} staat er meer dan eens in.")
    if tot < van:
        raise ValueError(f"De einddatum ({tot:%d-%m-%Y}) ligt vóór de begindatum ({van:%d-%m-%Y}).")
    if (tot - van).days > MAX_VENSTER_DAGEN:
        raise ValueError(f"Kies een periode van hoogstens {MAX_VENSTER_DAGEN} dagen (nu {(tot - van).days}).")
    index = _index(raden)
    dagen = []
    telling: dict[str, Counter] = {r.code: Counter() for r in raden}
    d = van
    while d <= tot:
        dag = Dag(d, bezwaren(raden, d, bezet=bezet, index=index))
        for b in dag.bezwaren:
            if b.code is not None:
                telling[b.code][b.oorzaak] += 1
        dagen.append(dag)
        d += timedelta(days=1)
    gemeenten = [
        GemeenteTelling(r.code, r.naam, sum(telling[r.code].values()),
                        dict(sorted(telling[r.code].items(), key=lambda kv: (-kv[1], list(OORZAKEN).index(kv[0])))))
        for r in raden
    ]
    return Beschikbaarheid(van, tot, dagen, gemeenten)
