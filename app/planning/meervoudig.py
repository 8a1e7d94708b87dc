"""Many regelingen at once: AB dates for the begroting and every council's zienswijze meeting (CP-SAT).

For a set of regelingen (all of a province, or all that one council takes part in) the planner chooses

- for each regeling the date on which its algemeen bestuur (AB) adopts the begroting, among its candidates;
- for each (regeling, participating council) the raad meeting in which the council gives its zienswijze on
  the ontwerpbegroting: an existing raad meeting, or an extra one where nothing else fits.

Hard rules:

- the AB date is one of the regeling's candidate dates (and a working day);
- nobody sits in two AB meetings in the same slot. A slot is a date plus the AB's ``dagdeel`` ("ochtend",
  "middag", "avond"): one person can attend a morning and an evening board on the same day;
- the zienswijze goes to a raad meeting of that council in the window [AB date − statutory weeks (Wgr art. 35
  lid 1) + the council's ``voorbereiding_dagen``, AB date − ``zienswijze_dagen_voor_ab``]: the draft reaches the
  councils at the latest allowed moment, each council needs its preparation time (agenda published, committee),
  and the DB needs the zienswijze some days before the AB to answer it (art. 35 lid 4);
- an existing meeting takes zienswijzen up to ``max_agendapunten`` minus its present ``agendapunten``; an extra
  meeting (on the council's usual weekday, outside recess and holidays, on an evening none of its bodies meets)
  takes up to ``max_agendapunten``.

Objective, lexicographic: first as few extra meetings as possible, then the least total deviation in days from
each regeling's preferred AB date. (Weight of one extra meeting = 1 + the largest possible total deviation.)

The model is compact enough for the country (342 councils, 1,500 regelingen): one boolean per (regeling,
candidate date) and one per possible extra meeting. The zienswijze assignment is *not* a variable: per council,
every zienswijze window spans the same number of days, so the windows are intervals over the council's sorted
meetings and an assignment exists if and only if Hall's condition holds on every run of consecutive meetings
(zienswijzen whose window lies inside the run ≤ room in the run). Those inequalities are written with prefix
sums; after the solve, a greedy sweep (latest deadline first, backwards in time) builds the assignment, which
Hall's condition guarantees to succeed.

The steps, all within ``tijdslimiet`` (model building included):

1. prune: candidate dates on which some participant has no meeting (existing with room, or a possible extra one)
   in its window are dropped, with the reason;
2. checks that need no solver, each giving a reason a person understands: a regeling without a usable date
   (naming the councils that block it), a person with more boards than slots (a bipartite matching; the
   Hall-violating set of boards is named), a council that cannot fit its zienswijzen even with every extra
   meeting it may hold. The last check also yields per council a lower bound on its extra meetings (an exact
   interval cover on a relaxation), which is added to the model: CP-SAT's own LP bound is weak here, because one
   extra meeting takes many zienswijzen;
3. a greedy plan (most constrained regeling first, cheapest date, clashes with board members repaired
   min-conflicts style), at most a quarter of the time; it is CP-SAT's complete hint (``add_hint``), and the
   answer should CP-SAT find nothing in time;
4. CP-SAT (``num_workers`` 2) for the rest of the time; on large models probing and symmetry detection are
   off (on the country instance they took a third of the minute);
5. when CP-SAT proves infeasibility: the same model with one assumption literal per regeling, person and
   council; ``sufficient_assumptions_for_infeasibility`` gives a conflicting set, made smaller by deletion,
   and each member is said in Dutch.

Measured on the 2-core benchmark machine (``python -m bench.planner``, seed 1): the province (150 regelingen)
gets a plan in the 10 s limit, the country (1,500 regelingen, 22,651 pairs) in the 60 s limit, neither proven
optimal: the gap to the bound is 40-60 %, largely the weakness of the bound (the per-council bound ignores that a
regeling's date is shared by all its councils). Longer limits keep improving the plan.
"""

import bisect
import heapq
import time as _time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ortools.sat.python import cp_model

from app.planning.kalender import dagen, is_werkdag
from app.planning.raden import WEEKDAGEN, Raad

DAGDELEN = ("ochtend", "middag", "avond")
STATUSSEN = ("optimaal", "haalbaar", "onmogelijk", "geen_oplossing_binnen_tijd")
MAX_UITLEG_REGELS = 40  # longer lists are summarised; the plan itself holds every assignment
GROOT_MODEL = 5_000  # (regeling, date) variables above which CP-SAT's presolve is trimmed


@dataclass(frozen=True)
class RegelingInvoer:
    """One regeling as the planner sees it.

    ``deelnemers``: CBS codes of the councils that give a zienswijze. ``bestuursleden``: keys of the persons in
    its AB (any stable string; the same key in two regelingen means the same person). ``kandidaten``: the dates
    its AB can meet to adopt the begroting (see ``kandidaat_data``). ``voorkeur``: its usual date, if any.
    """

    slug: str
    naam: str
    deelnemers: tuple[str, ...]
    bestuursleden: tuple[str, ...]
    kandidaten: tuple[date, ...]
    voorkeur: date | None = None
    dagdeel: str = "middag"


@dataclass(frozen=True)
class Toewijzing:
    """The meeting in which one council gives its zienswijze on one regeling's ontwerpbegroting."""

    regeling: str  # slug
    gemeente: str  # CBS code
    datum: date
    extra: bool  # True: an extra raad meeting the plan adds; False: the existing meeting ``vergadering_id``
    vergadering_id: int | None = None


@dataclass(frozen=True)
class MeervoudigPlan:
    status: str  # one of STATUSSEN
    ab_data: dict[str, date] = field(default_factory=dict)  # slug → AB date
    zienswijzen: list[Toewijzing] = field(default_factory=list)
    extra: int = 0  # number of extra raad meetings (distinct council and date)
    doelwaarde: int | None = None  # objective of this plan: weight × extra + afwijking
    ondergrens: int | None = None  # CP-SAT's proven lower bound on the objective
    rekentijd: float = 0.0  # seconds, model building included
    uitleg: list[str] = field(default_factory=list)  # Dutch sentences: why, what is needed, what was dropped
    afwijking: int = 0  # total days between AB dates and preferred dates
    gewicht_extra: int = 1  # the objective's weight of one extra meeting

    @property
    def extra_vergaderingen(self) -> list[tuple[str, date]]:
        """The extra raad meetings the plan needs, as (gemeente code, date), sorted."""
        return sorted({(t.gemeente, t.datum) for t in self.zienswijzen if t.extra})

    @property
    def gap(self) -> float | None:
        """Relative distance between this plan and the solver's bound (0.0 = proven optimal)."""
        if self.doelwaarde is None or self.ondergrens is None:
            return None
        if self.doelwaarde == 0:
            return 0.0
        return max(0.0, (self.doelwaarde - self.ondergrens) / self.doelwaarde)

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "ab_data": {slug: d.isoformat() for slug, d in sorted(self.ab_data.items())},
            "zienswijzen": [
                {
                    "regeling": t.regeling,
                    "gemeente": t.gemeente,
                    "datum": t.datum.isoformat(),
                    "extra": t.extra,
                    "vergadering_id": t.vergadering_id,
                }
                for t in self.zienswijzen
            ],
            "extra": self.extra,
            "extra_vergaderingen": [{"gemeente": g, "datum": d.isoformat()} for g, d in self.extra_vergaderingen],
            "doelwaarde": self.doelwaarde,
            "ondergrens": self.ondergrens,
            "gap": self.gap,
            "afwijking": self.afwijking,
            "gewicht_extra": self.gewicht_extra,
            "rekentijd": round(self.rekentijd, 3),
            "uitleg": list(self.uitleg),
        }


# --- helpers the service can use to build the input ------------------------------------------------------------


def kandidaat_data(
    van: date, tot: date, *, weekdagen: Sequence[int] = (0, 1, 2, 3, 4), recessen: Sequence[tuple[date, date]] = ()
) -> tuple[date, ...]:
    """Working days (ATW) from ``van`` to ``tot`` on the given weekdays (0 = Monday), outside the AB's recesses."""
    if tot < van:
        raise ValueError("De einddatum ligt vóór de begindatum.")
    return tuple(
        d
        for d in dagen(van, tot)
        if d.weekday() in weekdagen and is_werkdag(d) and not any(a <= d <= b for a, b in recessen)
    )


def zienswijze_venster(
    ab_datum: date, raad: Raad, *, statutaire_weken: int = 12, zienswijze_dagen_voor_ab: int = 14
) -> tuple[date, date]:
    """The first and last day on which ``raad`` can give its zienswijze for an AB meeting on ``ab_datum``."""
    return (
        ab_datum - timedelta(weeks=statutaire_weken) + timedelta(days=raad.regels.voorbereiding_dagen),
        ab_datum - timedelta(days=zienswijze_dagen_voor_ab),
    )


def _d(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def _lijst(namen: Sequence[str]) -> str:
    namen = list(namen)
    if len(namen) <= 1:
        return "".join(namen)
    return ", ".join(namen[:-1]) + " en " + namen[-1]


# --- preparation: candidates, meetings, windows ------------------------------------------------------------------


@dataclass(frozen=True)
class _Punt:
    """A meeting that can take zienswijzen: existing (room left) or a possible extra one (room if held)."""

    datum: date
    ruimte: int
    extra: bool
    vergadering_id: int | None = None


@dataclass
class _Opzet:
    regelingen: list[RegelingInvoer]
    raden: Mapping[str, Raad]
    kandidaten: list[list[date]]  # per regeling: the usable candidates, sorted
    punten: dict[str, list[_Punt]]  # per council: sorted meetings that can take zienswijzen
    per_raad: dict[str, list[int]]  # council → indices of its regelingen
    venster: dict[str, dict[date, tuple[int, int]]]  # council → AB date → (first, last) index into its punten
    afgevallen: list[dict[date, list[str]]]  # per regeling: dropped candidate → why (one line per council)
    uitleg: list[str]
    statutaire_dagen: int
    dagen_voor_ab: int
    max_extra: int | None
    ondergrens: dict[str, int] = field(default_factory=dict)  # council → fewest extra meetings it needs


def _valideer(
    regelingen: Sequence[RegelingInvoer],
    raden: Mapping[str, Raad],
    tijdslimiet: float,
    zienswijze_dagen_voor_ab: int,
    statutaire_weken: int,
    max_extra_per_raad: int | None,
) -> None:
    if not tijdslimiet > 0:
        raise ValueError("De tijdslimiet moet groter dan nul zijn.")
    if zienswijze_dagen_voor_ab < 0 or statutaire_weken < 0:
        raise ValueError("Termijnen kunnen niet negatief zijn.")
    if max_extra_per_raad is not None and max_extra_per_raad < 0:
        raise ValueError("Het maximum aantal extra vergaderingen kan niet negatief zijn.")
    gezien: set[str] = set()
    for r in regelingen:
        if r.slug in gezien:
            raise ValueError(f"Regeling ‘{r.slug}’ staat twee keer in de invoer.")
        gezien.add(r.slug)
        if r.dagdeel not in DAGDELEN:
            raise ValueError(f"{r.naam}: onbekend dagdeel ‘{r.dagdeel}’; kies uit {', '.join(DAGDELEN)}.")
        if len(set(r.deelnemers)) != len(r.deelnemers):
            raise ValueError(f"{r.naam}: een gemeente staat twee keer bij de deelnemers.")
        onbekend = sorted(set(r.deelnemers) - set(raden))
        if onbekend:
            raise ValueError(f"{r.naam}: geen gegevens van de raad van {', '.join(onbekend)}.")
    for code, raad in raden.items():
        if raad.code != code:
            raise ValueError(f"De raad onder code {code} heeft code {raad.code}.")


def _geen_ruimte(raad: Raad, van: date, tot: date, max_extra: int | None) -> str:
    """Why ``raad`` cannot take a zienswijze between ``van`` and ``tot``, in Dutch."""
    vol = [b for b in raad.vergaderingen if b.soort == "raad" and van <= b.datum <= tot]
    if vol:
        bestaand = "raadsvergadering vol: " + ", ".join(
            f"{b.datum:%d-%m} ({b.agendapunten} van {raad.regels.max_agendapunten} punten)" for b in vol
        )
    else:
        bestaand = f"geen raadsvergadering tussen {_d(van)} en {_d(tot)}"
    if max_extra == 0:
        return f"{bestaand}; extra vergaderingen zijn uitgesloten"
    if raad.regels.vergaderdag is None:
        return f"{bestaand}; geen gewone vergaderdag voor een extra vergadering"
    redenen = [
        f"{d:%d-%m}: {raad.kan_extra_vergaderen(d)}" for d in dagen(van, tot) if d.weekday() == raad.regels.vergaderdag
    ]
    dag = WEEKDAGEN[raad.regels.vergaderdag]
    if not redenen:
        return f"{bestaand}; geen {dag} in die periode voor een extra vergadering"
    return f"{bestaand}; extra vergadering op {dag} kan niet ({'; '.join(redenen[:3])})"


def _opzet(
    regelingen: Sequence[RegelingInvoer],
    raden: Mapping[str, Raad],
    *,
    zienswijze_dagen_voor_ab: int,
    statutaire_weken: int,
    max_extra: int | None,
) -> _Opzet:
    regs = list(regelingen)
    uitleg: list[str] = []
    stat = 7 * statutaire_weken
    kand: list[list[date]] = []
    for r in regs:
        geldig = sorted({d for d in r.kandidaten if is_werkdag(d)})
        weg = sorted(set(r.kandidaten) - set(geldig))
        if weg:
            uitleg.append(f"{r.naam}: kandidaatdatum {_lijst([_d(d) for d in weg])} vervalt: geen werkdag.")
        kand.append(geldig)

    per_raad: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(regs):
        for g in r.deelnemers:
            per_raad[g].append(i)

    punten: dict[str, list[_Punt]] = {}
    venster: dict[str, dict[date, tuple[int, int]]] = {}
    afgevallen: list[dict[date, list[str]]] = [defaultdict(list) for _ in regs]
    for g in sorted(per_raad):
        raad = raden[g]
        vb = raad.regels.voorbereiding_dagen
        datums = sorted({d for i in per_raad[g] for d in kand[i]})
        if not datums:
            punten[g], venster[g] = [], {}
            continue
        begin = datums[0] - timedelta(days=stat - vb)
        eind = datums[-1] - timedelta(days=zienswijze_dagen_voor_ab)
        maxp = raad.regels.max_agendapunten
        lijst = [
            _Punt(b.datum, maxp - b.agendapunten, False, b.vergadering_id)
            for b in raad.vergaderingen
            if b.soort == "raad" and begin <= b.datum <= eind and b.agendapunten < maxp
        ]
        if max_extra != 0 and raad.regels.vergaderdag is not None and maxp > 0:
            lijst += [
                _Punt(d, maxp, True)
                for d in dagen(begin, eind)
                if d.weekday() == raad.regels.vergaderdag and raad.kan_extra_vergaderen(d) is None
            ]
        lijst.sort(key=lambda p: (p.datum, p.extra, p.vergadering_id or 0))
        punten[g] = lijst
        ords = [p.datum.toordinal() for p in lijst]
        v: dict[date, tuple[int, int]] = {}
        for d in datums:
            a = d.toordinal() - stat + vb
            b = d.toordinal() - zienswijze_dagen_voor_ab
            lo, hi = bisect.bisect_left(ords, a), bisect.bisect_right(ords, b) - 1
            if lo <= hi:
                v[d] = (lo, hi)
            else:
                reden = _geen_ruimte(raad, date.fromordinal(a), date.fromordinal(b), max_extra)
                for i in per_raad[g]:
                    if d in kand[i]:
                        afgevallen[i][d].append(f"{raad.naam} ({g}): {reden}")
        venster[g] = v
    # a candidate survives only when every participant has a meeting in its window
    kand = [[d for d in k if d not in afgevallen[i]] for i, k in enumerate(kand)]
    return _Opzet(
        regs,
        raden,
        kand,
        punten,
        dict(per_raad),
        venster,
        afgevallen,
        uitleg,
        stat,
        zienswijze_dagen_voor_ab,
        max_extra,
    )


# --- explanations that need no solver ----------------------------------------------------------------------------


def _regeling_zonder_datum(o: _Opzet) -> list[str]:
    redenen = []
    for i, r in enumerate(o.regelingen):
        if o.kandidaten[i]:
            continue
        if not r.kandidaten:
            redenen.append(f"{r.naam} heeft geen kandidaatdatum voor de vergadering van het algemeen bestuur.")
            continue
        weg = o.afgevallen[i]
        if not weg:
            redenen.append(f"{r.naam}: geen van de kandidaatdata is een werkdag.")
            continue
        # the councils that block most candidates, with one reason each
        tel: dict[str, int] = defaultdict(int)
        voorbeeld: dict[str, str] = {}
        for d in sorted(weg):
            for regel in weg[d]:
                wie = regel.split(":", 1)[0]
                tel[wie] += 1
                voorbeeld.setdefault(wie, f"{_d(d)}: {regel.split(':', 1)[1].strip()}")
        delen = [
            f"{wie} blokkeert {n} van de {len(weg)} data (bv. {voorbeeld[wie]})"
            for wie, n in sorted(tel.items(), key=lambda kv: -kv[1])[:5]
        ]
        redenen.append(
            f"{r.naam}: op geen van de {len(weg)} kandidaatdata kan elke deelnemende raad tijdig een "
            f"zienswijze geven. " + "; ".join(delen) + "."
        )
    return redenen


def _koppeling(borden: list[int], opties: list[list[date]]) -> list[int] | None:
    """Boards to distinct dates (Kuhn's augmenting paths); None when all fit, else a Hall-violating set."""
    bezet: dict[date, int] = {}

    def zoek(u: int, bezocht: set[date]) -> bool:
        for d in opties[u]:
            if d in bezocht:
                continue
            bezocht.add(d)
            if d not in bezet or zoek(bezet[d], bezocht):
                bezet[d] = u
                return True
        return False

    for u in range(len(borden)):
        if not zoek(u, set()):
            # boards reachable from u by alternating paths: together they have fewer dates than boards
            s, stapel, gezien = {u}, [u], set()
            while stapel:
                for d in opties[stapel.pop()]:
                    if d not in gezien:
                        gezien.add(d)
                        w = bezet[d]
                        if w not in s:
                            s.add(w)
                            stapel.append(w)
            return sorted(s)
    return None


def _personen(o: _Opzet) -> dict[tuple[str, str], list[int]]:
    """(person, dagdeel) → indices of the regelingen whose AB that person sits on in that part of the day."""
    zetels: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(o.regelingen):
        for p in sorted(set(r.bestuursleden)):
            zetels[(p, r.dagdeel)].append(i)
    return zetels


def _persoon_tekort(o: _Opzet) -> list[str]:
    redenen = []
    for (p, deel), borden in sorted(_personen(o).items()):
        if len(borden) < 2 or any(not o.kandidaten[i] for i in borden):
            continue
        tekort = _koppeling(borden, [o.kandidaten[i] for i in borden])
        if tekort is None:
            continue
        namen = [o.regelingen[borden[k]].naam for k in tekort]
        data = sorted({d for k in tekort for d in o.kandidaten[borden[k]]})
        redenen.append(
            f"{p} zit in de algemene besturen van {_lijst(namen)}, die alle in de {deel} vergaderen, maar die "
            f"hebben samen maar {len(data)} kandidaatdata ({_lijst([_d(d) for d in data])}): "
            f"{len(namen)} vergaderingen passen niet zonder dat {p} twee tegelijk heeft."
        )
    return redenen


def _raad_ondergrens(o: _Opzet, g: str) -> tuple[int, str | None]:
    """The fewest extra meetings council ``g`` needs whatever dates its regelingen choose, and why none suffice.

    A relaxation: each zienswijze may go to any meeting between the first and the last of its possible windows.
    Hall's condition on a run of meetings then says how many extra meetings the run needs at least; choosing
    them greedily (runs by last meeting, extra meetings as late as possible) is exact for such interval
    constraints. The result is a valid lower bound for the real problem, which also tightens CP-SAT's bound.
    """
    raad, pts, v = o.raden[g], o.punten[g], o.venster[g]
    n = len(pts)
    banen = []
    for i in o.per_raad[g]:
        vensters = [v[d] for d in o.kandidaten[i] if d in v]
        if vensters:
            banen.append((min(lo for lo, _ in vensters), max(hi for _, hi in vensters)))
    if not banen or not n:
        return 0, None
    tel = [[0] * n for _ in range(n)]
    for lo, hi in banen:
        tel[lo][hi] += 1
    binnen = [[0] * n for _ in range(n + 1)]  # binnen[a][b]: zienswijzen whose relaxed window lies in a..b
    for a in range(n - 1, -1, -1):
        rij = 0
        for b in range(n):
            if b >= a:
                rij += tel[a][b]
            binnen[a][b] = binnen[a + 1][b] + rij
    vast, extra = [0], [0]
    for pt in pts:
        vast.append(vast[-1] + (0 if pt.extra else pt.ruimte))
        extra.append(extra[-1] + pt.extra)
    maxp = raad.regels.max_agendapunten
    eisen = []
    for b in range(n):
        for a in range(b + 1):
            tekort = binnen[a][b] - (vast[b + 1] - vast[a])
            if tekort <= 0:
                continue
            nodig = -(-tekort // maxp) if maxp > 0 else n + 1
            if nodig > extra[b + 1] - extra[a]:
                mogelijk = extra[b + 1] - extra[a]
                return 0, (
                    f"{raad.naam} ({g}) moet tussen {_d(pts[a].datum)} en {_d(pts[b].datum)} ten minste "
                    f"{binnen[a][b]} zienswijzen behandelen, maar heeft daar maar {vast[b + 1] - vast[a]} vrije "
                    f"agendapunten in bestaande raadsvergaderingen en kan er ten hoogste {mogelijk} extra "
                    f"vergadering(en) van {maxp} punten bij houden."
                )
            eisen.append((b, a, nodig))
    gekozen: list[int] = []
    for b, a, nodig in eisen:  # already sorted by last meeting
        heeft = sum(1 for j in gekozen if a <= j <= b)
        j = b
        while heeft < nodig:
            if pts[j].extra and j not in gekozen:
                gekozen.append(j)
                heeft += 1
            j -= 1
    if o.max_extra is not None and len(gekozen) > o.max_extra:
        return len(gekozen), (
            f"{raad.naam} ({g}) heeft voor de zienswijzen op {len(banen)} regelingen ten minste {len(gekozen)} "
            f"extra raadsvergaderingen nodig, maar er mogen er ten hoogste {o.max_extra} bij."
        )
    return len(gekozen), None


# --- the CP-SAT model --------------------------------------------------------------------------------------------


@dataclass
class _Model:
    model: cp_model.CpModel
    x: dict[tuple[int, date], cp_model.IntVar]
    e: dict[tuple[str, int], cp_model.IntVar]  # (council, index into its punten) → extra meeting held
    groepen: dict[cp_model.IntVar, str]  # assumption literal → Dutch description (only with aannames)
    gewicht_extra: int
    prefix: list[tuple[cp_model.IntVar, str, date]]  # var = number of the council's regelingen with AB ≤ date

    def hint(self, o: "_Opzet", ab: dict[int, date], open_extra: set[tuple[str, int]]) -> None:
        """A complete hint (every variable), so CP-SAT starts from this plan at once."""
        for (i, d), var in self.x.items():
            self.model.add_hint(var, ab.get(i) == d)
        for k, var in self.e.items():
            self.model.add_hint(var, k in open_extra)
        for var, g, d in self.prefix:
            self.model.add_hint(var, sum(1 for i in o.per_raad[g] if i in ab and ab[i] <= d))


def _afwijking(r: RegelingInvoer, d: date) -> int:
    return abs((d - r.voorkeur).days) if r.voorkeur is not None else 0


def _bouw(o: _Opzet, *, aannames: bool) -> _Model:
    m = cp_model.CpModel()
    groepen: dict[cp_model.IntVar, str] = {}

    def groep(tekst: str) -> list:
        if not aannames:
            return []
        lit = m.new_bool_var(f"a{len(groepen)}")
        groepen[lit] = tekst
        return [lit]

    x: dict[tuple[int, date], cp_model.IntVar] = {}
    for i, r in enumerate(o.regelingen):
        for d in o.kandidaten[i]:
            x[(i, d)] = m.new_bool_var(f"x{i}_{d.toordinal()}")
        termen = [x[(i, d)] for d in o.kandidaten[i]]
        k = o.kandidaten[i]
        tekst = f"{r.naam} vergadert op een van haar {len(k)} bruikbare kandidaatdata" + (
            f" ({_d(k[0])} t/m {_d(k[-1])})" if k else ""
        )
        if len(o.afgevallen[i]):
            tekst += f"; {len(o.afgevallen[i])} andere data vallen af omdat niet elke raad dan tijdig kan"
        lits = groep(tekst)
        if lits:
            m.add(sum(termen) == 1).only_enforce_if(lits)
        else:
            m.add_exactly_one(termen)

    # persons: at most one AB per slot (date, dagdeel)
    for (p, deel), borden in sorted(_personen(o).items()):
        if len(borden) < 2:
            continue
        per_dag: dict[date, list] = defaultdict(list)
        for i in borden:
            for d in o.kandidaten[i]:
                per_dag[d].append(x[(i, d)])
        botsend = {d: v for d, v in per_dag.items() if len(v) > 1}
        if not botsend:
            continue
        lits = groep(
            f"{p} zit in de besturen van {_lijst([o.regelingen[i].naam for i in borden])} en kan per "
            f"dagdeel ({deel}) maar één vergadering bijwonen"
        )
        for d in sorted(botsend):
            if lits:
                m.add(sum(botsend[d]) <= 1).only_enforce_if(lits)
            else:
                m.add_at_most_one(botsend[d])

    # councils: Hall's condition on every run of consecutive meetings, with prefix sums
    e: dict[tuple[str, int], cp_model.IntVar] = {}
    alle_prefix: list[tuple[cp_model.IntVar, str, date]] = []
    for g in sorted(o.per_raad):
        raad = o.raden[g]
        pts, v = o.punten[g], o.venster[g]
        regs_g = o.per_raad[g]
        datums = sorted(v)
        if not datums:
            continue
        # prefix of the number of this council's regelingen whose AB date is ≤ datums[k]
        prefix = [m.new_int_var(0, len(regs_g), f"P{g}_{k}") for k in range(len(datums))]
        alle_prefix.extend((var, g, d) for var, d in zip(prefix, datums, strict=True))
        op_dag: dict[date, list] = defaultdict(list)
        for i in regs_g:
            for d in o.kandidaten[i]:
                op_dag[d].append(x[(i, d)])
        for k, d in enumerate(datums):
            vorige = prefix[k - 1] if k else 0
            m.add(prefix[k] == vorige + cp_model.LinearExpr.sum(op_dag[d]))
        vaste, aantal_extra = [0], [0]  # prefix sums of the room in existing meetings, of possible extra ones
        for j, pt in enumerate(pts):
            vaste.append(vaste[-1] + (0 if pt.extra else pt.ruimte))
            aantal_extra.append(aantal_extra[-1] + pt.extra)
            if pt.extra:
                e[(g, j)] = m.new_bool_var(f"e{g}_{j}")
        maxp = raad.regels.max_agendapunten
        # how many regelingen can fall in a run of dates: an upper bound that lets us skip slack inequalities
        eerste = sorted(o.kandidaten[i][0] for i in regs_g if o.kandidaten[i])
        laatste = sorted(o.kandidaten[i][-1] for i in regs_g if o.kandidaten[i])
        starts = [a for a in range(len(datums)) if a == 0 or v[datums[a]][0] != v[datums[a - 1]][0]]
        ends = [b for b in range(len(datums)) if b == len(datums) - 1 or v[datums[b]][1] != v[datums[b + 1]][1]]
        ongelijkheden = []
        for a in starts:
            lo = v[datums[a]][0]
            voor_a = bisect.bisect_left(laatste, datums[a])  # regelingen whose every date lies before the run
            for b in ends:
                if b < a:
                    continue
                hi = v[datums[b]][1]
                vast = vaste[hi + 1] - vaste[lo]
                na_b = len(eerste) - bisect.bisect_right(eerste, datums[b])  # ... or after it
                if len(eerste) - voor_a - na_b <= vast:
                    continue  # even if every such regeling chose a date here, the existing room suffices
                lhs = prefix[b] - (prefix[a - 1] if a else 0)
                extra_hier = [e[(g, j)] for j in range(lo, hi + 1) if pts[j].extra]
                ongelijkheden.append((lhs, vast, cp_model.LinearExpr.sum(extra_hier) if extra_hier else 0))
        extra_van_g = [e[(g, j)] for j, pt in enumerate(pts) if pt.extra]
        if not ongelijkheden and not (o.max_extra is not None and extra_van_g) and not o.ondergrens.get(g):
            continue
        tekst = f"{raad.naam} ({g}) heeft per raadsvergadering ten hoogste {maxp} agendapunten"
        if o.max_extra is not None:
            tekst += f" en ten hoogste {o.max_extra} extra vergadering(en)"
        if not extra_van_g:
            tekst += " en kan in de zienswijzeperiode geen extra vergadering houden"
        lits = groep(tekst)
        for lhs, vast, extra_expr in ongelijkheden:
            c = m.add(lhs <= vast + maxp * extra_expr) if not isinstance(extra_expr, int) else m.add(lhs <= vast)
            if lits:
                c.only_enforce_if(lits)
        if o.max_extra is not None and extra_van_g:
            c = m.add(sum(extra_van_g) <= o.max_extra)
            if lits:
                c.only_enforce_if(lits)
        if o.ondergrens.get(g, 0) > 0:
            c = m.add(sum(extra_van_g) >= o.ondergrens[g])  # implied by the above; it lifts the LP bound
            if lits:
                c.only_enforce_if(lits)

    gewicht = 1 + sum(max((_afwijking(r, d) for d in o.kandidaten[i]), default=0) for i, r in enumerate(o.regelingen))
    if not aannames:
        m.minimize(gewicht * sum(e.values()) + sum(_afwijking(o.regelingen[i], d) * var for (i, d), var in x.items()))
    else:
        m.add_assumptions(list(groepen))
    return _Model(m, x, e, groepen, gewicht, alle_prefix)


# --- from a solution to a plan -----------------------------------------------------------------------------------


def _plaatsing(o: _Opzet, ab: dict[int, date], open_extra: set[tuple[str, int]]) -> dict[tuple[int, str], int]:
    """Per council, put each zienswijze in a meeting (index into its punten): a backwards sweep.

    Going from the last meeting to the first, each meeting takes the waiting zienswijzen whose window opens
    latest; that is exact on interval windows (Glover), so Hall's condition guarantees every one finds a place.
    Zienswijzen then move from extra meetings to existing ones with room where their window allows, so that
    an extra meeting is only kept when it is needed.
    """
    uit: dict[tuple[int, str], int] = {}
    for g in sorted(o.per_raad):
        pts, v = o.punten[g], o.venster[g]
        ruimte = [0 if (pt.extra and (g, j) not in open_extra) else pt.ruimte for j, pt in enumerate(pts)]
        banen = sorted(((v[ab[i]], i) for i in o.per_raad[g] if i in ab), key=lambda t: -t[0][1])
        plek: dict[int, int] = {}
        wacht: list[tuple[int, int, int]] = []  # (-lo, i, hi)
        k = 0
        for j in range(len(pts) - 1, -1, -1):
            while k < len(banen) and banen[k][0][1] >= j:
                (lo, hi), i = banen[k]
                heapq.heappush(wacht, (-lo, i, hi))
                k += 1
            vrij = ruimte[j]
            while vrij and wacht:
                lo_neg, i, hi = wacht[0]
                if -lo_neg > j:
                    break
                heapq.heappop(wacht)
                plek[i] = j
                vrij -= 1
        if wacht or k < len(banen):
            raise RuntimeError(f"interne fout: zienswijzen voor {g} passen niet, hoewel het model dat beloofde")
        # prefer existing meetings: move out of extra meetings where an existing one in the window has room
        gebruikt = defaultdict(int)
        for j in plek.values():
            gebruikt[j] += 1
        for i in sorted(plek, key=lambda i: -plek[i]):
            j = plek[i]
            if not pts[j].extra:
                continue
            lo, hi = v[ab[i]]
            for j2 in range(hi, lo - 1, -1):
                if not pts[j2].extra and gebruikt[j2] < ruimte[j2]:
                    gebruikt[j], gebruikt[j2] = gebruikt[j] - 1, gebruikt[j2] + 1
                    plek[i] = j2
                    break
        # fill the extra meetings that are still needed before opening another one
        for i in sorted(plek, key=lambda i: plek[i]):
            j = plek[i]
            if not pts[j].extra or gebruikt[j] > 1:
                continue
            lo, hi = v[ab[i]]
            for j2 in range(hi, lo - 1, -1):
                if j2 != j and pts[j2].extra and 0 < gebruikt[j2] < ruimte[j2]:
                    gebruikt[j], gebruikt[j2] = gebruikt[j] - 1, gebruikt[j2] + 1
                    plek[i] = j2
                    break
        for i, j in plek.items():
            uit[(i, g)] = j
    return uit


def _toewijzen(o: _Opzet, ab: dict[int, date], open_extra: set[tuple[str, int]]) -> list[Toewijzing]:
    uit = []
    for (i, g), j in _plaatsing(o, ab, open_extra).items():
        pt = o.punten[g][j]
        uit.append(Toewijzing(o.regelingen[i].slug, g, pt.datum, pt.extra, pt.vergadering_id))
    uit.sort(key=lambda t: (t.regeling, t.gemeente))
    return uit


def _extra_uitleg(o: _Opzet, toewijzingen: list[Toewijzing]) -> list[str]:
    per: dict[tuple[str, date], list[str]] = defaultdict(list)
    naam = {r.slug: r.naam for r in o.regelingen}
    for t in toewijzingen:
        if t.extra:
            per[(t.gemeente, t.datum)].append(naam[t.regeling])
    regels = [
        f"Extra raadsvergadering nodig: {o.raden[g].naam} ({g}) op {_d(d)}, voor de zienswijze op "
        f"{_lijst(sorted(namen))}; de bestaande vergaderingen in de termijn zijn vol."
        for (g, d), namen in sorted(per.items())
    ]
    if len(regels) > MAX_UITLEG_REGELS:
        regels = regels[:MAX_UITLEG_REGELS] + [f"… en nog {len(regels) - MAX_UITLEG_REGELS} extra vergaderingen."]
    return regels


# --- a quick plan to start from ----------------------------------------------------------------------------


def _gulzig(o: _Opzet, deadline: float) -> tuple[dict[int, date], set[tuple[str, int]]] | None:
    """A quick plan to start CP-SAT from (and to fall back on): greedy placement with conflict repair.

    Regelingen are placed most constrained first, each on the date that needs the fewest new extra meetings and
    deviates least; when every date clashes with a board member's other AB, the date with the fewest clashes is
    taken and the clashing regelingen go back in the queue (min-conflicts). None when no plan was found in time.
    """
    gewicht, botsing = 10_000, 10_000_000
    rest = {g: [0 if pt.extra else pt.ruimte for pt in pts] for g, pts in o.punten.items()}
    bezet_op: dict[str, dict[int, int]] = {g: defaultdict(int) for g in o.punten}  # council → point → load
    plaats: dict[tuple[int, str], int] = {}
    eigenaar: dict[tuple[str, str, date], int] = {}
    ab: dict[int, date] = {}
    leden = [sorted(set(r.bestuursleden)) for r in o.regelingen]
    volgorde = sorted(range(len(o.regelingen)), key=lambda i: (len(o.kandidaten[i]), -len(o.regelingen[i].deelnemers)))
    rij = list(reversed(volgorde))  # a stack: pop() gives the most constrained first
    laatst: dict[int, date] = {}
    stappen, max_stappen = 0, 30 * len(volgorde) + 100

    def weg(i: int) -> None:
        r, d = o.regelingen[i], ab.pop(i)
        laatst[i] = d
        for p in leden[i]:
            eigenaar.pop((p, r.dagdeel, d), None)
        for g in r.deelnemers:
            j = plaats.pop((i, g))
            bezet_op[g][j] -= 1
            rest[g][j] += 1
            if o.punten[g][j].extra and bezet_op[g][j] == 0:
                rest[g][j] = 0  # an extra meeting nobody needs any more is not held

    while rij:
        stappen += 1
        if stappen > max_stappen or (stappen % 64 == 0 and _time.perf_counter() > deadline):
            return None
        i = rij.pop()
        r = o.regelingen[i]
        beste = None
        for d in o.kandidaten[i]:
            tegen = {eigenaar[k] for p in leden[i] if (k := (p, r.dagdeel, d)) in eigenaar}
            nieuw = 0
            for g in r.deelnemers:
                lo, hi = o.venster[g][d]
                if any(rest[g][j] > 0 for j in range(lo, hi + 1)):
                    continue
                if not any(o.punten[g][j].extra for j in range(lo, hi + 1)):
                    nieuw = -1
                    break
                nieuw += 1
            if nieuw < 0:
                continue
            waarde = botsing * len(tegen) + gewicht * nieuw + _afwijking(r, d) + (gewicht if laatst.get(i) == d else 0)
            if beste is None or waarde < beste[0]:
                beste = (waarde, d, tegen)
        if beste is None:
            return None
        _, d, tegen = beste
        for k in sorted(tegen):
            weg(k)
            rij.insert(0, k)  # back in the queue, behind the others
        ab[i] = d
        for p in leden[i]:
            eigenaar[(p, r.dagdeel, d)] = i
        for g in r.deelnemers:
            lo, hi = o.venster[g][d]
            pts = o.punten[g]
            vrij = [j for j in range(hi, lo - 1, -1) if rest[g][j] > 0]
            if vrij:
                j = min(vrij, key=lambda j: pts[j].extra)  # an existing meeting before an extra one
            else:
                # open the extra meeting that the windows of this council's other regelingen cover most
                nog = [k for k in o.per_raad[g] if k not in ab]
                j = max(
                    (j for j in range(lo, hi + 1) if pts[j].extra),
                    key=lambda j: sum(
                        1 for k in nog for dd in o.kandidaten[k][:3] if o.venster[g][dd][0] <= j <= o.venster[g][dd][1]
                    ),
                )
                rest[g][j] = pts[j].ruimte
            rest[g][j] -= 1
            bezet_op[g][j] += 1
            plaats[(i, g)] = j
    open_extra = {(g, j) for g, load in bezet_op.items() for j, n in load.items() if n > 0 and o.punten[g][j].extra}
    return ab, open_extra


# --- explanation of infeasibility with CP-SAT's assumptions --------------------------------------------------


def _kern(o: _Opzet, deadline: float) -> list[str] | None:
    """A small set of rules that cannot hold together, in Dutch; None when time ran out before one was found."""
    mod = _bouw(o, aannames=True)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # CP-SAT reports assumption cores from a single worker only

    def los_op(aannames: list) -> int | None:
        rest = deadline - _time.perf_counter()
        if rest <= 0.05:
            return None
        mod.model.clear_assumptions()
        mod.model.add_assumptions(aannames)
        solver.parameters.max_time_in_seconds = rest
        return solver.solve(mod.model)

    status = los_op(list(mod.groepen))
    if status != cp_model.INFEASIBLE:
        return None
    index = {lit.index: lit for lit in mod.groepen}
    kern = [index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in index]
    if not kern:
        kern = list(mod.groepen)
    # deletion: drop each group whose absence keeps the rest infeasible; one that cannot go is needed
    nodig: set[int] = set()
    while open_ := [lit for lit in kern if lit.index not in nodig]:
        proef = [lit for lit in kern if lit.index != open_[0].index]
        status = los_op(proef)
        if status is None:
            break
        if status == cp_model.INFEASIBLE:
            nieuw = set(solver.sufficient_assumptions_for_infeasibility())
            kern = [lit for lit in proef if lit.index in nieuw] or proef
        else:  # feasible without it (or no answer in time: keep it, to be safe)
            nodig.add(open_[0].index)
    return [mod.groepen[lit] for lit in kern]


# --- the planner -------------------------------------------------------------------------------------------------


def plan_meervoudig(
    regelingen: Sequence[RegelingInvoer],
    raden: Mapping[str, Raad],
    *,
    tijdslimiet: float = 10.0,
    zienswijze_dagen_voor_ab: int = 14,
    statutaire_weken: int = 12,
    max_extra_per_raad: int | None = None,
    workers: int = 2,
) -> MeervoudigPlan:
    """Choose AB dates and zienswijze meetings for ``regelingen`` (see the module docstring).

    ``raden``: council code → its calendar (``Raad``), at least every participant. ``tijdslimiet``: seconds for
    the whole call, model building included; the best plan found by then is returned (status "haalbaar"), or
    "geen_oplossing_binnen_tijd" when there is none. ``max_extra_per_raad``: at most this many extra meetings
    per council (None: only the council's own calendar limits them). ``workers``: CP-SAT's threads.
    Raises ValueError (Dutch message) on inconsistent input.
    """
    start = _time.perf_counter()
    _valideer(regelingen, raden, tijdslimiet, zienswijze_dagen_voor_ab, statutaire_weken, max_extra_per_raad)
    deadline = start + tijdslimiet
    o = _opzet(
        regelingen,
        raden,
        zienswijze_dagen_voor_ab=zienswijze_dagen_voor_ab,
        statutaire_weken=statutaire_weken,
        max_extra=max_extra_per_raad,
    )

    def klaar(status: str, uitleg: list[str], **kw) -> MeervoudigPlan:
        return MeervoudigPlan(status=status, rekentijd=_time.perf_counter() - start, uitleg=o.uitleg + uitleg, **kw)

    if not o.regelingen:
        return klaar("optimaal", [], doelwaarde=0, ondergrens=0)
    redenen = _regeling_zonder_datum(o) + _persoon_tekort(o)
    for g in sorted(o.per_raad):
        o.ondergrens[g], reden = _raad_ondergrens(o, g)
        if reden:
            redenen.append(reden)
    if redenen:
        return klaar("onmogelijk", ["Er is geen plan mogelijk."] + redenen)

    # a quick plan first: CP-SAT starts from it, and it is the answer should CP-SAT find nothing in time
    gulzig = _gulzig(o, start + 0.25 * tijdslimiet)
    mod = _bouw(o, aannames=False)
    if gulzig is not None:
        mod.hint(o, *gulzig)
    solver = cp_model.CpSolver()
    reserve = 0.02 * tijdslimiet + 0.05 * len(o.regelingen) / 1000  # turning the solution into a plan
    solver.parameters.max_time_in_seconds = max(0.05, deadline - _time.perf_counter() - reserve)
    solver.parameters.num_workers = workers
    if len(mod.x) > GROOT_MODEL:
        # measured on the country instance: full probing and symmetry detection cost a third of the minute
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.symmetry_level = 0
    status = solver.solve(mod.model)

    if status == cp_model.INFEASIBLE:
        kern = _kern(o, deadline)
        if kern:
            uitleg = ["Er is geen plan mogelijk: deze voorwaarden sluiten elkaar uit:"] + [f"- {k}" for k in kern]
        else:
            uitleg = [
                "Er is geen plan mogelijk; binnen de tijdslimiet is geen kleine oorzaak gevonden. "
                "Verruim de kandidaatdata of sta meer extra vergaderingen toe."
            ]
        return klaar("onmogelijk", uitleg)
    if status == cp_model.MODEL_INVALID:
        raise RuntimeError("interne fout: ongeldig CP-SAT-model: " + mod.model.validate())

    ondergrens = mod.gewicht_extra * sum(o.ondergrens.values())
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        ab = {i: d for (i, d), var in mod.x.items() if solver.boolean_value(var)}
        open_extra = {k for k, var in mod.e.items() if solver.boolean_value(var)}
        ondergrens = max(ondergrens, int(-(-solver.best_objective_bound // 1)))  # integral objective: round up
    elif gulzig is not None:
        ab, open_extra = gulzig
    else:
        return klaar(
            "geen_oplossing_binnen_tijd",
            [f"Binnen {tijdslimiet:g} s is geen plan gevonden; geef de planner meer tijd."],
        )

    toewijzingen = _toewijzen(o, ab, open_extra)
    extra = len({(t.gemeente, t.datum) for t in toewijzingen if t.extra})
    afwijking = sum(_afwijking(o.regelingen[i], d) for i, d in ab.items())
    doel = mod.gewicht_extra * extra + afwijking
    ondergrens = min(ondergrens, doel)
    bewezen = status == cp_model.OPTIMAL or doel == ondergrens
    if bewezen:
        uitleg = [
            f"Bewezen beste plan: {extra} extra vergadering(en), samen {afwijking} dagen afwijking van de "
            "gebruikelijke data."
        ]
    else:
        uitleg = [
            f"Beste plan binnen {tijdslimiet:g} s: {extra} extra vergadering(en) (ten minste "
            f"{ondergrens // mod.gewicht_extra} nodig), {afwijking} dagen afwijking van de gebruikelijke data; "
            "niet bewezen optimaal."
        ]
    uitleg += _extra_uitleg(o, toewijzingen)
    return klaar(
        "optimaal" if bewezen else "haalbaar",
        uitleg,
        ab_data={o.regelingen[i].slug: d for i, d in sorted(ab.items())},
        zienswijzen=toewijzingen,
        extra=extra,
        doelwaarde=doel,
        ondergrens=ondergrens,
        afwijking=afwijking,
        gewicht_extra=mod.gewicht_extra,
    )
