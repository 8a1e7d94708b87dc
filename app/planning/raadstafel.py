"""Raadstafel: plan the meetings of a joint advisory table so its advice precedes every council's committee round.

Pure: documents and councils in, a plan out; no database, no clock.

The model (Metropoolregio Eindhoven's "Raadstafel21"): raadsleden of the participating councils advise on
regional documents before the councils debate them. A document ``i`` needs one Raadstafel meeting on a date
``d`` in its window ``beschikbaar <= d <= eerste_commissie - adviesdagen`` (the advice travels with the committee
papers). A *new* meeting may only fall on ``vergaderdag`` within ``van..tot``, not on an ATW holiday, not in one
of the given recesses, and never on a date on which a participating council (raad or committee) meets: the
members sit in those. Meetings already on the Raadstafel's calendar (``bestaande``) are used as they are, on any
date, and fill first.

Objective: advise as many documents as can be advised, then with as few new meetings as possible, at most
``max_documenten`` documents per meeting. Without the capacity limit this is interval point cover, which the
greedy "earliest deadline first, meeting as late as possible" solves exactly. With the capacity it is a
heuristic (see ``plan_raadstafel``); ``ondergrens`` gives a bound and ``optimum_raadstafel`` the CP-SAT optimum to
measure it against.
"""

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from app.planning.kalender import feestdag
from app.planning.raden import WEEKDAGEN, Periode, Raad

MAX_PERIODE_DAGEN = 800  # (tot - van).days: two years and a bit is the most a griffie plans ahead


@dataclass(frozen=True)
class RegionaalDocument:
    """A regional document the Raadstafel advises on.

    ``beschikbaar``: the day the Raadstafel can have it; ``eerste_commissie``: the first committee meeting on it in
    any participating council (the caller computes it from the councils' planning).
    """

    sleutel: str
    titel: str
    beschikbaar: date
    eerste_commissie: date


@dataclass(frozen=True)
class RaadstafelVergadering:
    datum: date
    bestaand: bool  # already on the Raadstafel's calendar (reused), else a meeting to create
    documenten: list[str]  # sleutels, in the order the documents were given
    aanvang: time = time(19, 30)
    einde: time = time(22, 0)
    notitie: str | None = None  # a warning for an existing meeting that clashes (holiday, recess, a council meets)

    def as_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "bestaand": self.bestaand,
            "aanvang": self.aanvang.strftime("%H:%M"),
            "einde": self.einde.strftime("%H:%M"),
            "documenten": list(self.documenten),
            "notitie": self.notitie,
        }


@dataclass(frozen=True)
class RaadstafelPlan:
    van: date
    tot: date
    vergaderdag: int
    max_documenten: int
    vergaderingen: list[RaadstafelVergadering]  # by date
    niet_gepland: list[tuple[str, str]]  # (sleutel, Dutch reason), in the order the documents were given

    @property
    def nieuwe(self) -> int:
        """The number of meetings to create."""
        return sum(not v.bestaand for v in self.vergaderingen)

    def datum_van(self, sleutel: str) -> date | None:
        """The date of the meeting that advises on document ``sleutel``, or None."""
        return next((v.datum for v in self.vergaderingen if sleutel in v.documenten), None)

    def as_dict(self) -> dict:
        return {
            "van": self.van.isoformat(),
            "tot": self.tot.isoformat(),
            "vergaderdag": WEEKDAGEN[self.vergaderdag],
            "max_documenten": self.max_documenten,
            "nieuwe_vergaderingen": self.nieuwe,
            "vergaderingen": [v.as_dict() for v in self.vergaderingen],
            "niet_gepland": [{"sleutel": s, "reden": r} for s, r in self.niet_gepland],
        }


@dataclass(frozen=True)
class RaadstafelOptimum:
    """What CP-SAT says about the fewest new meetings (for the benchmark and the tests)."""

    nieuwe: int | None  # the best plan's number of new meetings; None when the solver found none in time
    ondergrens: int  # no plan advising as many documents needs fewer new meetings
    bewezen: bool  # nieuwe == ondergrens: optimal
    adviseerbaar: int  # the most documents any plan can advise


# --- preparation shared by the planner, the bound and the solver --------------------------------------------------


@dataclass
class _Opzet:
    dag: int
    van: date
    tot: date
    cap: int
    kandidaten: list[date]  # allowed new dates in van..tot and existing dates, sorted
    bestaand: set[date]
    blokkade: dict[date, tuple[str, str]]  # a ``dag`` in van..tot that is not allowed → (kind, Dutch reason)
    vensters: dict[str, tuple[date, date]]  # sleutel → (first, last) allowed date of the meeting that advises it
    haalbaar: dict[str, list[date]]  # sleutel → candidate dates in its window, sorted
    volgorde: dict[str, int]  # sleutel → position in the input
    adviesdagen: int


def _dm(d: date) -> str:
    return f"{d:%d-%m}"


def _namen(namen: list[str]) -> str:
    if len(namen) > 4:  # 21 councils can meet on one evening; name a few
        return f"{', '.join(namen[:3])} en {len(namen) - 3} andere gemeenten"
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _opzet(
    *,
    van: date,
    tot: date,
    documenten: Sequence[RegionaalDocument],
    raden: Sequence[Raad],
    vergaderdag: int,
    max_documenten: int,
    adviesdagen: int,
    bestaande: Sequence[date],
    recessen: Sequence[Periode],
) -> _Opzet:
    if tot < van:
        raise ValueError(f"De einddatum ({tot:%d-%m-%Y}) ligt vóór de begindatum ({van:%d-%m-%Y}).")
    if (tot - van).days > MAX_PERIODE_DAGEN:
        raise ValueError(f"Kies een periode van hoogstens {MAX_PERIODE_DAGEN} dagen (nu {(tot - van).days}).")
    if not (isinstance(vergaderdag, int) and 0 <= vergaderdag <= 6):
        raise ValueError(f"De vergaderdag moet 0 (maandag) t/m 6 (zondag) zijn, niet {vergaderdag!r}.")
    if max_documenten < 1:
        raise ValueError("Een Raadstafel moet minstens één stuk per vergadering kunnen bespreken.")
    if adviesdagen < 0:
        raise ValueError("Het aantal adviesdagen kan niet negatief zijn.")
    sleutels = [doc.sleutel for doc in documenten]
    dubbel = sorted({s for s in sleutels if sleutels.count(s) > 1})
    if dubbel:
        raise ValueError(f"Elk stuk mag maar één keer voorkomen: {', '.join(dubbel)} staat er meer dan eens in.")
    dubbele_data = sorted({d for d in bestaande if list(bestaande).count(d) > 1})
    if dubbele_data:
        raise ValueError(
            "Elke bestaande vergadering mag maar één keer voorkomen: "
            + ", ".join(f"{d:%d-%m-%Y}" for d in dubbele_data)
            + "."
        )

    # Who meets when: one index over all councils, instead of Raad.vergadert per council per date.
    wie_vergadert: dict[date, list[str]] = {}
    for raad in raden:
        for b in raad.vergaderingen:
            namen = wie_vergadert.setdefault(b.datum, [])
            if raad.naam not in namen:
                namen.append(raad.naam)

    def blokkade(d: date) -> tuple[str, str] | None:
        if (naam := feestdag(d)) is not None:
            return "feestdag", f"{_dm(d)} is {naam}"
        if (p := next((p for p in recessen if p.bevat(d)), None)) is not None:
            return "reces", f"{_dm(d)} valt in {p.naam} ({_dm(p.van)} t/m {_dm(p.tot)})"
        if namen := wie_vergadert.get(d):
            werkwoord = "vergadert" if len(namen) == 1 else "vergaderen"
            return "gemeente", f"{_namen(namen)} {werkwoord} op {_dm(d)}"
        return None

    d = van + timedelta(days=(vergaderdag - van.weekday()) % 7)
    nieuw: list[date] = []
    geblokkeerd: dict[date, tuple[str, str]] = {}
    while d <= tot:
        if (b := blokkade(d)) is None:
            nieuw.append(d)
        else:
            geblokkeerd[d] = b
        d += timedelta(days=7)
    bestaand = set(bestaande)
    # An existing meeting that clashes is still a meeting; its clash is reported as a note.
    for d in bestaand:
        if (b := blokkade(d)) is not None:
            geblokkeerd[d] = b
    kandidaten = sorted(set(nieuw) | bestaand)

    vensters, haalbaar = {}, {}
    for doc in documenten:
        a, z = doc.beschikbaar, doc.eerste_commissie - timedelta(days=adviesdagen)
        vensters[doc.sleutel] = (a, z)
        haalbaar[doc.sleutel] = [k for k in kandidaten if a <= k <= z]
    return _Opzet(
        vergaderdag,
        van,
        tot,
        max_documenten,
        kandidaten,
        bestaand,
        geblokkeerd,
        vensters,
        haalbaar,
        {s: i for i, s in enumerate(sleutels)},
        adviesdagen,
    )


def _max_koppeling(o: _Opzet) -> dict[str, date]:
    """A maximum assignment of documents to candidate dates, each date taking ``cap`` documents.

    The windows are intervals over the sorted candidates, so the sweep "at each date take the waiting documents
    with the earliest last date" is optimal (the classic interval-to-point matching argument).
    """
    toegewezen: dict[str, date] = {}
    for d in o.kandidaten:
        wachtend = [s for s, h in o.haalbaar.items() if s not in toegewezen and h and h[0] <= d <= h[-1]]
        wachtend.sort(key=lambda s: (o.haalbaar[s][-1], o.volgorde[s]))
        for s in wachtend[: o.cap]:
            toegewezen[s] = d
    return toegewezen


# --- the planner --------------------------------------------------------------------------------------------------


def plan_raadstafel(
    *,
    van: date,
    tot: date,
    documenten: Sequence[RegionaalDocument],
    raden: Sequence[Raad],
    vergaderdag: int = 2,
    aanvang: time = time(19, 30),
    duur_minuten: int = 150,
    max_documenten: int = 4,
    adviesdagen: int = 7,
    bestaande: Sequence[date] = (),
    recessen: Sequence[Periode] = (),
) -> RaadstafelPlan:
    """The Raadstafel meetings from ``van`` to ``tot`` that advise every document in time.

    ``raden``: the councils whose raadsleden sit at the table (a date on which any of their bodies meets is
    excluded for a new meeting); ``vergaderdag``: weekday of new meetings (0 = Monday, default Wednesday);
    ``aanvang``/``duur_minuten``: the evening (default 19:30-22:00); ``adviesdagen``: days between the advice and
    the first committee meeting; ``bestaande``: dates of meetings already planned, reused first and on any date;
    ``recessen``: periods without new meetings (ATW holidays are always excluded).

    The method, in three steps:
    1. fill the existing meetings: sweep them by date, each taking the waiting documents with the earliest last
       date (this advises as many documents as possible in existing meetings);
    2. the rest by earliest last date, ties the later first date first: into the earliest meeting already
       planned with room in its window, else a new meeting on the latest allowed date of its window (as late as
       possible, so it serves the most documents that follow). When every date of its window already holds a full
       meeting, an augmenting path moves documents between meetings to free a seat; only when none exists is the
       document reported as not plannable, so the plan always advises the most documents that can be advised;
    3. dissolve any new meeting whose documents all fit in other meetings' free seats.
    Without a capacity limit (``max_documenten`` at least the number of documents) step 2 is the exact greedy of
    interval point cover and the number of new meetings is minimal; with it the result is a heuristic
    (``ondergrens`` and ``optimum_raadstafel`` measure the gap).

    Raises ValueError (Dutch) on ``tot`` before ``van``, a period over ``MAX_PERIODE_DAGEN`` days, a bad weekday,
    ``max_documenten`` below 1, negative ``adviesdagen`` or ``duur_minuten`` below 1, a key or existing date given
    twice.
    """
    if duur_minuten < 1:
        raise ValueError("Een vergadering duurt minstens één minuut.")
    o = _opzet(
        van=van,
        tot=tot,
        documenten=documenten,
        raden=raden,
        vergaderdag=vergaderdag,
        max_documenten=max_documenten,
        adviesdagen=adviesdagen,
        bestaande=bestaande,
        recessen=recessen,
    )
    cap = o.cap
    inhoud: dict[date, list[str]] = {d: [] for d in o.bestaand}
    waar: dict[str, date] = {}

    def plaats(s: str, d: date) -> None:
        inhoud.setdefault(d, []).append(s)
        waar[s] = d

    # 1. Existing meetings first.
    for d in sorted(o.bestaand):
        wachtend = [s for s, h in o.haalbaar.items() if s not in waar and d in h]
        # Earliest last existing date first (that keeps the most documents in existing meetings); on a tie the one
        # with fewer dates to fall back on.
        wachtend.sort(
            key=lambda s: (max(h for h in o.haalbaar[s] if h in o.bestaand), o.haalbaar[s][-1], o.volgorde[s])
        )
        for s in wachtend[:cap]:
            plaats(s, d)

    # 2. Earliest deadline first; a new meeting as late as its window allows.
    niet_gepland: dict[str, str] = {}
    rest = [s for s in o.haalbaar if s not in waar]
    rest.sort(key=lambda s: (o.haalbaar[s][-1] if o.haalbaar[s] else date.max, -_ord(o.haalbaar[s]), o.volgorde[s]))
    for s in rest:
        h = o.haalbaar[s]
        if not h:
            niet_gepland[s] = _reden_geen_datum(o, s)
            continue
        met_ruimte = [d for d in h if d in inhoud and len(inhoud[d]) < cap]
        if met_ruimte:
            plaats(s, met_ruimte[0])
            continue
        vrij = [d for d in h if d not in inhoud]
        if vrij:
            plaats(s, vrij[-1])
            continue
        if not _verruil(o, s, inhoud, waar):
            niet_gepland[s] = (
                f"alle geschikte {WEEKDAGEN[o.dag]}en tussen {_dm(h[0])} en {_dm(h[-1])} zitten vol "
                f"({cap} {'stuk' if cap == 1 else 'stukken'} per vergadering): " + ", ".join(_dm(d) for d in h)
            )

    # 3. Dissolve new meetings whose documents fit elsewhere, smallest first.
    for d in sorted((d for d in inhoud if d not in o.bestaand), key=lambda d: (len(inhoud[d]), d)):
        verhuis: dict[str, date] = {}
        vrij = {e: cap - len(ss) for e, ss in inhoud.items() if e != d}
        for s in sorted(inhoud[d], key=lambda s: (o.haalbaar[s][-1], o.volgorde[s])):
            doel = next((e for e in o.haalbaar[s] if vrij.get(e, 0) > 0), None)
            if doel is None:
                break
            verhuis[s] = doel
            vrij[doel] -= 1
        else:
            for s, e in verhuis.items():
                plaats(s, e)
            del inhoud[d]

    einde = (datetime.combine(date.min, aanvang) + timedelta(minutes=duur_minuten)).time()
    vergaderingen = [
        RaadstafelVergadering(
            d,
            d in o.bestaand,
            sorted(inhoud[d], key=o.volgorde.__getitem__),
            aanvang,
            einde,
            f"let op: {o.blokkade[d][1]}" if d in o.bestaand and d in o.blokkade else None,
        )
        for d in sorted(inhoud)
    ]
    return RaadstafelPlan(
        van,
        tot,
        vergaderdag,
        cap,
        vergaderingen,
        [(s, niet_gepland[s]) for s in sorted(niet_gepland, key=o.volgorde.__getitem__)],
    )


def _ord(h: list[date]) -> int:
    return h[0].toordinal() if h else 0


def _verruil(o: _Opzet, s: str, inhoud: dict[date, list[str]], waar: dict[str, date]) -> bool:
    """Seat ``s`` by moving documents along an augmenting path; True when it worked.

    Breadth first from ``s`` through the full meetings of its window to the documents in them, and on from
    those. A path ends at a document that has a planned meeting with room in its window, or (second pass, only
    when no such path exists) a date without a meeting, where a new meeting is then opened.
    """
    for nieuw_toegestaan in (False, True):
        vorige: dict[str, tuple[str, date] | None] = {s: None}
        rij = deque([s])
        while rij:
            x = rij.popleft()
            h = o.haalbaar[x]
            eind = next((d for d in h if d != waar.get(x) and d in inhoud and len(inhoud[d]) < o.cap), None)
            if eind is None and nieuw_toegestaan:
                eind = next((d for d in reversed(h) if d not in inhoud), None)
            if eind is not None:
                # Walk back: x moves to eind, the document before it takes x's seat, and so on up to s.
                while True:
                    van_dag = waar.get(x)
                    if van_dag is not None:
                        inhoud[van_dag].remove(x)
                    inhoud.setdefault(eind, []).append(x)
                    waar[x] = eind
                    if vorige[x] is None:
                        return True
                    x, eind = vorige[x][0], van_dag
            for d in h:
                if d == waar.get(x) or d not in inhoud:
                    continue
                for y in inhoud[d]:
                    if y not in vorige:
                        vorige[y] = (x, d)
                        rij.append(y)
    return False


def _reden_geen_datum(o: _Opzet, s: str) -> str:
    """Why document ``s`` has no candidate date at all, in Dutch."""
    a, z = o.vensters[s]
    dag = WEEKDAGEN[o.dag]
    if z < a:
        eerste = z + timedelta(days=(o.adviesdagen))
        return (
            f"het advies moet uiterlijk {_dm(z)} klaar zijn ({o.adviesdagen} dagen vóór de eerste commissie op "
            f"{_dm(eerste)}), maar het stuk is pas op {_dm(a)} beschikbaar"
        )
    lo, hi = max(a, o.van), min(z, o.tot)
    if hi < lo:
        return f"het adviesvenster {_dm(a)} t/m {_dm(z)} valt buiten de planperiode {_dm(o.van)} t/m {_dm(o.tot)}"
    blokkades = [o.blokkade[d] for d in sorted(o.blokkade) if lo <= d <= hi and d not in o.bestaand]
    if not blokkades:
        return f"{_dm(lo)} is geen {dag}" if lo == hi else f"tussen {_dm(lo)} en {_dm(hi)} valt geen {dag}"
    periode = f"op {_dm(lo)}" if lo == hi else f"tussen {_dm(lo)} en {_dm(hi)}"
    waarom = "; ".join(tekst for _, tekst in blokkades)
    if all(soort == "gemeente" for soort, _ in blokkades):
        return f"geen {dag} {periode} zonder raads- of commissievergadering van een deelnemende gemeente ({waarom})"
    return f"geen {dag} {periode} waarop de Raadstafel kan vergaderen ({waarom})"


# --- quality measures ---------------------------------------------------------------------------------------------


def ondergrens(
    *,
    van: date,
    tot: date,
    documenten: Sequence[RegionaalDocument],
    raden: Sequence[Raad],
    vergaderdag: int = 2,
    max_documenten: int = 4,
    adviesdagen: int = 7,
    bestaande: Sequence[date] = (),
    recessen: Sequence[Periode] = (),
) -> int:
    """A lower bound on the new meetings any plan needs that advises the most documents possible.

    The larger of (a) the exact minimum without the capacity limit (interval point cover of the documents no
    existing meeting can take, by the greedy) and (b) the seats missing in the existing meetings divided by the
    capacity, rounded up. Exact whenever the capacity does not bind.
    """
    o = _opzet(
        van=van,
        tot=tot,
        documenten=documenten,
        raden=raden,
        vergaderdag=vergaderdag,
        max_documenten=max_documenten,
        adviesdagen=adviesdagen,
        bestaande=bestaande,
        recessen=recessen,
    )
    # (a) In a plan that advises the most documents, every document with a candidate date has one of them in use
    # (else it could be added), so the new dates must hit every window without an existing meeting.
    open_ = sorted((h for h in o.haalbaar.values() if h and not o.bestaand.intersection(h)), key=lambda h: h[-1])
    punten, laatste = 0, None
    for h in open_:
        if laatste is None or laatste < h[0]:
            laatste, punten = h[-1], punten + 1
    # (b) Seats.
    adviseerbaar = len(_max_koppeling(o))
    tekort = max(0, adviseerbaar - o.cap * len(o.bestaand))
    return max(punten, -(-tekort // o.cap))


def optimum_raadstafel(
    *,
    van: date,
    tot: date,
    documenten: Sequence[RegionaalDocument],
    raden: Sequence[Raad],
    vergaderdag: int = 2,
    max_documenten: int = 4,
    adviesdagen: int = 7,
    bestaande: Sequence[date] = (),
    recessen: Sequence[Periode] = (),
    tijdslimiet: float = 10.0,
    werkers: int = 1,
) -> RaadstafelOptimum:
    """The fewest new meetings by CP-SAT, among plans that advise the most documents (for the benchmark).

    The model: a boolean per (document, candidate date in its window) and per new date; each document at most
    once, exactly ``adviseerbaar`` documents placed (the maximum, from the matching), each date at most
    ``max_documenten`` documents and only if it is an existing meeting or its new-date boolean is set; minimise
    the new dates. Stops after ``tijdslimiet`` seconds with the best plan found and the solver's bound.
    """
    from ortools.sat.python import cp_model  # imported here: only the benchmark and tests need the solver

    o = _opzet(
        van=van,
        tot=tot,
        documenten=documenten,
        raden=raden,
        vergaderdag=vergaderdag,
        max_documenten=max_documenten,
        adviesdagen=adviesdagen,
        bestaande=bestaande,
        recessen=recessen,
    )
    adviseerbaar = len(_max_koppeling(o))
    model = cp_model.CpModel()
    open_ = {d: model.new_bool_var(f"open_{d}") for d in o.kandidaten if d not in o.bestaand}
    per_dag: dict[date, list] = {d: [] for d in o.kandidaten}
    alle = []
    for s, h in o.haalbaar.items():
        keuzes = []
        for d in h:
            y = model.new_bool_var(f"{s}@{d}")
            keuzes.append(y)
            per_dag[d].append(y)
        if keuzes:
            model.add(sum(keuzes) <= 1)
            alle += keuzes
    if not alle or not open_:  # nothing to place, or only existing meetings: no choice left to make
        return RaadstafelOptimum(0, 0, True, adviseerbaar)
    model.add(sum(alle) == adviseerbaar)
    for d, ys in per_dag.items():
        if ys:
            model.add(sum(ys) <= o.cap * (open_[d] if d in open_ else 1))
    model.minimize(sum(open_.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = tijdslimiet
    solver.parameters.num_workers = werkers
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        grens = ondergrens(
            van=van,
            tot=tot,
            documenten=documenten,
            raden=raden,
            vergaderdag=vergaderdag,
            max_documenten=max_documenten,
            adviesdagen=adviesdagen,
            bestaande=bestaande,
            recessen=recessen,
        )
        return RaadstafelOptimum(None, grens, False, adviseerbaar)
    nieuwe = round(solver.objective_value)
    grens = nieuwe if status == cp_model.OPTIMAL else int(-(-solver.best_objective_bound // 1))
    return RaadstafelOptimum(nieuwe, grens, nieuwe == grens, adviseerbaar)
