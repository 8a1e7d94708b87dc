"""Same-day deliberation (gelijke dag): the days on which every participating council can handle one voorstel.

Pure: councils in (``raden.Raad``), a plan out; no database, no clock.

For every date from ``van`` (the voorstel goes to the councils) to ``tot`` (e.g. the end of the zienswijze term)
and every council the planner gives one ``Oordeel``, decided in this order:

1. voorbereiding: before ``van + publicatie_dagen + commissie_voor_raad_dagen`` the council cannot deliberate
   (the committee agenda must be published, the committee must meet, and only then the raad);
2. an existing raad meeting that day: ``bestaande_vergadering`` if its agenda has room for the voorstel's
   ``punten``, else blocked (agenda vol). It counts even on a holiday, in a recess or on a weekend: the council
   put it on its calendar itself. With two raad meetings on one day the emptier one is used;
3. no raad meeting: ``extra_vergadering`` when an extra raad meeting fits (the rule of
   ``Raad.kan_extra_vergaderen``: no holiday, no recess, the council's usual weekday, no committee of it that
   evening), else blocked with that rule's reason.

The rule of step 3 is evaluated here on per-council indexes built once per call, not through
``Raad.kan_extra_vergaderen`` (which scans every meeting per date); the tests hold both to the same answers.
"""

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import attrgetter

from app.planning.kalender import feestdagen
from app.planning.raden import WEEKDAGEN, Bijeenkomst, Raad

BESTAANDE = "bestaande_vergadering"
EXTRA = "extra_vergadering"
GEBLOKKEERD = "geblokkeerd"

MAX_VENSTER_DAGEN = 400  # (tot - van).days; the service checks the same bound

# Why a council is blocked on a date, as a key (``Oordeel.oorzaak``) and as words for the summary.
OORZAKEN = {
    "voorbereiding": "voorbereiding",
    "feestdag": "feestdag",
    "reces": "reces",
    "agenda_vol": "agenda vol",
    "geen_vergadering": "geen vergadering mogelijk",
}


@dataclass(frozen=True, slots=True)
class Oordeel:
    """Whether one council can deliberate on one date, and why (``reden``, Dutch, for every status)."""

    code: str
    naam: str
    status: str  # BESTAANDE, EXTRA or GEBLOKKEERD
    reden: str
    vergadering_id: int | None = None  # the existing meeting, for BESTAANDE
    oorzaak: str | None = None  # for GEBLOKKEERD: a key of OORZAKEN
    agendapunten: int = 0  # load of the existing meeting before this voorstel, for BESTAANDE

    @property
    def kan(self) -> bool:
        return self.status != GEBLOKKEERD

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "naam": self.naam,
            "status": self.status,
            "reden": self.reden,
            "vergadering_id": self.vergadering_id,
        }


@dataclass(frozen=True)
class Dagoordeel:
    """One date considered, with every council's verdict (in the order of the councils given)."""

    datum: date
    gemeenten: list[Oordeel]

    @property
    def kan(self) -> bool:
        return all(o.kan for o in self.gemeenten)

    def as_dict(self) -> dict:
        return {"datum": self.datum.isoformat(), "gemeenten": [o.as_dict() for o in self.gemeenten]}


@dataclass(frozen=True)
class Kandidaat:
    """A date on which every council can deliberate."""

    datum: date
    extra: int  # councils that need an extra raad meeting
    gemeenten: list[Oordeel]
    agendalast: int = 0  # agenda items already on the existing meetings used (the tie-break)

    def as_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "extra_vergaderingen": self.extra,
            "gemeenten": [o.as_dict() for o in self.gemeenten],
        }


@dataclass(frozen=True)
class GemeenteUitleg:
    """Why one council stands in the way, over the whole window."""

    code: str
    naam: str
    reden: str  # e.g. "kan op 3 van 40 dagen (...); geblokkeerd door reces (21 dagen), voorbereiding (10 dagen)"
    mogelijk: int = 0  # days on which it can
    blokkades: dict[str, int] = field(default_factory=dict)  # oorzaak → number of days

    def as_dict(self) -> dict:
        return {"code": self.code, "naam": self.naam, "reden": self.reden}


@dataclass(frozen=True)
class GelijkeDagPlan:
    van: date
    tot: date
    punten: int
    kandidaten: list[Kandidaat]  # best first
    overwogen: list[Dagoordeel]  # every date of the window, in date order
    uitleg: list[GemeenteUitleg]  # per council when no date works, else empty
    samenvatting: str | None = None  # one sentence when no date works, else None

    def as_dict(self, *, overwegingen: bool = False) -> dict:
        """The JSON the CLI and the API give; ``overwegingen=True`` adds every date considered."""
        uit = {
            "van": self.van.isoformat(),
            "tot": self.tot.isoformat(),
            "kandidaten": [k.as_dict() for k in self.kandidaten],
            "uitleg": None
            if not self.uitleg
            else {
                "samenvatting": self.samenvatting,
                "gemeenten": [g.as_dict() for g in self.uitleg],
            },
        }
        if overwegingen:
            uit["overwogen"] = [d.as_dict() for d in self.overwogen]
        return uit


def plan_gelijke_dag(
    raden: Sequence[Raad], *, van: date, tot: date, punten: int = 1, zonder: Collection[str] = ()
) -> GelijkeDagPlan:
    """The days from ``van`` to ``tot`` on which every council in ``raden`` (minus ``zonder``) can deliberate.

    ``van`` is the day the voorstel goes to the councils; ``tot`` the last possible day; ``punten`` the agenda
    items the voorstel adds to a meeting. ``zonder`` holds CBS codes of councils that opted out.

    A date is a candidate when no council is blocked on it. Candidates come best first, by:
    1. fewest extra raad meetings (0: every council already meets that day);
    2. lowest total agenda load of the existing meetings used (the voorstel gets the most room);
    3. the earliest date.

    Raises ValueError (in Dutch) for an unknown code in ``zonder``, no councils left, a council given twice,
    ``tot`` before ``van``, a window of more than ``MAX_VENSTER_DAGEN`` days, or ``punten`` below 1.
    """
    raden = _deelnemers(raden, zonder)
    if tot < van:
        raise ValueError(f"De einddatum ({tot:%d-%m-%Y}) ligt vóór de begindatum ({van:%d-%m-%Y}).")
    if (tot - van).days > MAX_VENSTER_DAGEN:
        raise ValueError(
            f"Kies een periode van hoogstens {MAX_VENSTER_DAGEN} dagen "
            f"(nu {(tot - van).days} dagen van {van:%d-%m-%Y} tot {tot:%d-%m-%Y})."
        )
    if punten < 1:
        raise ValueError("Een voorstel vraagt minstens één agendapunt.")

    n = (tot - van).days + 1
    datums = [van + timedelta(days=i) for i in range(n)]
    feest = []  # ATW holidays are national: the same for every council
    for jaar in range(van.year, tot.year + 1):
        feest += [((d - van).days, naam) for d, naam in feestdagen(jaar).items() if van <= d <= tot]
    kolommen = [_kolom(raad, van, n, van.weekday(), feest, punten) for raad in raden]

    # Per date: a candidate when no council is blocked (all() over columns runs in C, not per cell in Python).
    kan = map(all, zip(*[[o.status != GEBLOKKEERD for o in kolom] for kolom in kolommen], strict=True))
    overwogen: list[Dagoordeel] = []
    kandidaten: list[Kandidaat] = []
    for d, rij, ja in zip(datums, zip(*kolommen, strict=True), kan, strict=True):
        rij = list(rij)
        overwogen.append(Dagoordeel(d, rij))
        if ja:
            extra = sum(o.status == EXTRA for o in rij)
            last = sum(o.agendapunten for o in rij if o.status == BESTAANDE)
            kandidaten.append(Kandidaat(d, extra, rij, last))
    kandidaten.sort(key=lambda k: (k.extra, k.agendalast, k.datum))

    if kandidaten:
        return GelijkeDagPlan(van, tot, punten, kandidaten, overwogen, [])
    uitleg = [_uitleg(raad, kolom, datums) for raad, kolom in zip(raden, kolommen, strict=True)]
    return GelijkeDagPlan(van, tot, punten, [], overwogen, uitleg, _samenvatting(raden, uitleg, van, tot))


def _deelnemers(raden: Sequence[Raad], zonder: Collection[str]) -> list[Raad]:
    codes = [r.code for r in raden]
    dubbel = sorted(c for c, k in Counter(codes).items() if k > 1)
    if dubbel:
        raise ValueError(f"Elke gemeente mag maar één keer meedoen: {', '.join(dubbel)} staat er meer dan eens in.")
    weg = {c.strip().upper() for c in zonder if c.strip()}
    onbekend = sorted(weg - {c.upper() for c in codes})
    if onbekend:
        raise ValueError(f"Geen deelnemer: {', '.join(onbekend)}.")
    over = [r for r in raden if r.code.upper() not in weg]
    if not over:
        raise ValueError("Zonder deelnemende gemeenten valt er niets te plannen.")
    return over


def _kolom(raad: Raad, van: date, n: int, dag0: int, feest: list[tuple[int, str]], punten: int) -> list[Oordeel]:
    """One council's verdict on each of the ``n`` dates from ``van`` (whose weekday is ``dag0``).

    Built in layers, from the weakest rule to the strongest, each layer overwriting the one before: the weekday
    pattern (extra meeting possible or not), committee evenings, recesses, holidays, existing raad meetings, and
    last the lead time. Each layer touches only its own days, so a year costs a few list operations, not a
    chain of tests per day. ``feest`` lists the (day index, name) of the ATW holidays in the window.
    """
    regels = raad.regels
    code, naam = raad.code, raad.naam
    gedeeld: dict[tuple, Oordeel] = {}  # equal verdicts are one object: a long window costs few allocations

    def oordeel(
        status: str, reden: str, vergadering_id: int | None = None, oorzaak: str | None = None, agendapunten: int = 0
    ) -> Oordeel:
        sleutel = (status, reden, vergadering_id, oorzaak, agendapunten)
        o = gedeeld.get(sleutel)
        if o is None:
            o = gedeeld[sleutel] = Oordeel(code, naam, status, reden, vergadering_id, oorzaak, agendapunten)
        return o

    dag = regels.vergaderdag
    if dag is None:
        kolom = [
            oordeel(
                GEBLOKKEERD,
                "geen vergadering en geen gewone vergaderdag om er een toe te voegen",
                oorzaak="geen_vergadering",
            )
        ] * n
    else:
        extra = oordeel(EXTRA, f"extra raadsvergadering mogelijk op de gewone vergaderdag ({WEEKDAGEN[dag]})")
        andere_dag = oordeel(
            GEBLOKKEERD,
            f"geen vergadering; een extra vergadering kan alleen op de gewone vergaderdag ({WEEKDAGEN[dag]})",
            oorzaak="geen_vergadering",
        )
        week = [extra if (dag0 + j) % 7 == dag else andere_dag for j in range(7)]
        kolom = (week * (n // 7 + 1))[:n]

    raad_op: dict[int, list[Bijeenkomst]] = {}
    commissie = oordeel(
        GEBLOKKEERD, "een commissie van deze raad vergadert al op deze avond", oorzaak="geen_vergadering"
    )
    for b in raad.vergaderingen:
        i = (b.datum - van).days
        if 0 <= i < n:
            if dag is not None and (dag0 + i) % 7 == dag:  # any body meeting on the usual evening rules out an extra
                kolom[i] = commissie
            if b.soort == "raad":
                raad_op.setdefault(i, []).append(b)

    for p in reversed(raad.recessen):  # reversed: the first recess listed wins, as in Raad.reces
        a, z = max(0, (p.van - van).days), min(n - 1, (p.tot - van).days)
        if a <= z:
            kolom[a : z + 1] = [
                oordeel(GEBLOKKEERD, f"{p.naam} ({p.van:%d-%m} t/m {p.tot:%d-%m})", oorzaak="reces")
            ] * (z - a + 1)

    for i, feestnaam in feest:
        kolom[i] = oordeel(GEBLOKKEERD, f"feestdag ({feestnaam})", oorzaak="feestdag")

    maximum = regels.max_agendapunten
    for i, ms in raad_op.items():
        b = (
            ms[0]
            if len(ms) == 1
            else min(ms, key=lambda b: (b.agendapunten, b.vergadering_id is None, b.vergadering_id or 0))
        )
        if b.agendapunten + punten <= maximum:
            kolom[i] = oordeel(
                BESTAANDE,
                f"raadsvergadering staat gepland ({b.agendapunten} van {maximum} agendapunten)",
                b.vergadering_id,
                agendapunten=b.agendapunten,
            )
        else:
            vraag = "" if punten == 1 else f"; dit voorstel vraagt er {punten}"
            kolom[i] = oordeel(
                GEBLOKKEERD,
                f"agenda vol ({b.agendapunten} van {maximum} agendapunten{vraag})",
                b.vergadering_id,
                "agenda_vol",
                b.agendapunten,
            )

    vroegst = van + timedelta(days=regels.voorbereiding_dagen)
    start = min(n, max(0, (vroegst - van).days))
    if start:
        kolom[:start] = [
            oordeel(
                GEBLOKKEERD,
                f"voorbereiding: vóór {vroegst:%d-%m} niet haalbaar (agenda "
                f"{regels.publicatie_dagen} dagen vooraf, commissie "
                f"{regels.commissie_voor_raad_dagen} dagen vóór de raad)",
                oorzaak="voorbereiding",
            )
        ] * start
    return kolom


def _dagen(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def _uitleg(raad: Raad, kolom: list[Oordeel], datums: list[date]) -> GemeenteUitleg:
    kan = [d for d, o in zip(datums, kolom, strict=True) if o.status != GEBLOKKEERD]
    blokkades = Counter(map(attrgetter("oorzaak"), kolom))
    blokkades.pop(None, None)  # the days it can
    volgorde = sorted(blokkades.items(), key=lambda kv: (-kv[1], list(OORZAKEN).index(kv[0])))
    totaal = len(datums)
    if totaal == 1:
        reden = f"kan {'' if kan else 'niet '}op {datums[0]:%d-%m-%Y}"
    elif not kan:
        reden = f"kan op geen van de {_dagen(totaal)}"
    elif len(kan) == totaal:
        reden = f"kan op alle {_dagen(totaal)}"
    else:
        reden = f"kan op {len(kan)} van {_dagen(totaal)}"
        if len(kan) <= 6:  # few enough to name, so the griffiers see which days are open
            reden += " (" + ", ".join(f"{d:%d-%m}" for d in kan) + ")"
    if volgorde:
        reden += "; geblokkeerd door " + ", ".join(f"{OORZAKEN[k]} ({_dagen(v)})" for k, v in volgorde)
    return GemeenteUitleg(raad.code, raad.naam, reden, len(kan), dict(volgorde))


def _opsomming(namen: list[str]) -> str:
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _samenvatting(raden: list[Raad], uitleg: list[GemeenteUitleg], van: date, tot: date) -> str:
    wie = {1: "de raad", 2: "beide raden"}.get(len(raden), f"alle {len(raden)} raden")
    zin = (
        f"Er is geen dag van {van:%d-%m-%Y} t/m {tot:%d-%m-%Y} waarop {wie} het voorstel "
        f"{'kan' if len(raden) == 1 else 'kunnen'} behandelen."
    )
    nooit = [u.naam for u in uitleg if u.mogelijk == 0]
    if nooit:
        zin += f" {_opsomming(nooit)} {'kan' if len(nooit) == 1 else 'kunnen'} op geen enkele dag in deze periode."
    else:
        zin += " Elke raad kan op sommige dagen, maar nooit alle raden op dezelfde dag."
    vroegst = max(van + timedelta(days=r.regels.voorbereiding_dagen) for r in raden)
    if vroegst > tot:
        zin += (
            f" De voorbereiding (agenda en commissie) laat behandeling niet vóór {vroegst:%d-%m-%Y} toe; "
            "kies een latere einddatum of stuur het voorstel eerder naar de raden."
        )
    return zin
