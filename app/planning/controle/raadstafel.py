"""Checker for a Raadstafel plan: is every document advised once, in time, at a meeting that may be held?

Independent of ``app.planning.raadstafel``'s logic: it reads the plan's data, the documents, the councils' raw
calendars and the ATW holidays, and re-derives every hard rule itself.
"""

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from app.planning.controle import Schending
from app.planning.kalender import feestdag
from app.planning.raadstafel import RaadstafelPlan, RegionaalDocument
from app.planning.raden import WEEKDAGEN, Periode, Raad


def controleer_raadstafel(
    plan: RaadstafelPlan,
    *,
    documenten: Sequence[RegionaalDocument],
    raden: Sequence[Raad],
    vergaderdag: int = 2,
    recessen: Sequence[Periode] = (),
    max_documenten: int = 4,
    adviesdagen: int = 7,
    bestaande: Sequence[date] | None = None,
    van: date | None = None,
    tot: date | None = None,
) -> list[Schending]:
    """Every hard rule ``plan`` breaks; empty when it holds.

    Rules: each document is either in exactly one meeting or listed as not planned (never both, never neither);
    its meeting lies in ``beschikbaar .. eerste_commissie - adviesdagen``; a meeting holds at most
    ``max_documenten`` documents; no two meetings share a date. A new meeting (``bestaand`` false) falls on
    ``vergaderdag``, not on an ATW holiday, not in one of ``recessen``, and not on a date on which any of ``raden``
    meets (raad or committee). Given ``bestaande``, a meeting marked existing must be one of them; given
    ``van``/``tot``, a new meeting lies within them.
    """
    schendingen: list[Schending] = []
    per_sleutel = {doc.sleutel: doc for doc in documenten}

    datums = Counter(v.datum for v in plan.vergaderingen)
    for d, n in sorted(datums.items()):
        if n > 1:
            schendingen.append(Schending("dubbele_vergadering", f"Op {d:%d-%m-%Y} staan {n} vergaderingen.", None, d))

    geplaatst: Counter[str] = Counter()
    for v in plan.vergaderingen:
        d, dm = v.datum, f"{v.datum:%d-%m-%Y}"
        if len(v.documenten) > max_documenten:
            schendingen.append(
                Schending(
                    "capaciteit",
                    f"De vergadering van {dm} bespreekt {len(v.documenten)} stukken; het maximum is {max_documenten}.",
                    None,
                    d,
                )
            )
        if v.bestaand:
            if bestaande is not None and d not in set(bestaande):
                schendingen.append(
                    Schending(
                        "bestaand", f"De vergadering van {dm} heet bestaand maar staat niet in de agenda.", None, d
                    )
                )
        else:
            schendingen.extend(_nieuwe_vergadering(d, raden, vergaderdag, recessen, van, tot))
        for s in v.documenten:
            geplaatst[s] += 1
            doc = per_sleutel.get(s)
            if doc is None:
                schendingen.append(Schending("onbekend_stuk", f"Stuk {s} op {dm} staat niet op de lijst.", s, d))
                continue
            uiterst = doc.eerste_commissie - timedelta(days=adviesdagen)
            if d < doc.beschikbaar:
                schendingen.append(
                    Schending(
                        "adviesvenster",
                        f"Stuk {s} staat op {dm}, vóór het beschikbaar is ({doc.beschikbaar:%d-%m-%Y}).",
                        s,
                        d,
                    )
                )
            if d > uiterst:
                schendingen.append(
                    Schending(
                        "adviesvenster",
                        f"Stuk {s} staat op {dm}; het advies moet uiterlijk {uiterst:%d-%m-%Y} klaar zijn "
                        f"({adviesdagen} dagen vóór de eerste commissie op {doc.eerste_commissie:%d-%m-%Y}).",
                        s,
                        d,
                    )
                )

    niet = Counter(s for s, _ in plan.niet_gepland)
    for s, n in niet.items():
        if s not in per_sleutel:
            schendingen.append(Schending("onbekend_stuk", f"Stuk {s} (niet gepland) staat niet op de lijst.", s))
        elif n > 1:
            schendingen.append(Schending("dubbel", f"Stuk {s} staat {n} keer bij de niet geplande stukken.", s))
    for s in per_sleutel:
        keer = geplaatst[s]
        if keer > 1:
            schendingen.append(Schending("dubbel", f"Stuk {s} staat op {keer} vergaderingen.", s))
        if keer and niet[s]:
            schendingen.append(Schending("dubbel", f"Stuk {s} is gepland én staat bij de niet geplande stukken.", s))
        if not keer and not niet[s]:
            schendingen.append(Schending("ontbreekt", f"Stuk {s} is niet gepland en er staat geen reden bij.", s))
    return schendingen


def _nieuwe_vergadering(
    d: date,
    raden: Sequence[Raad],
    vergaderdag: int,
    recessen: Sequence[Periode],
    van: date | None,
    tot: date | None,
) -> list[Schending]:
    uit: list[Schending] = []
    dm = f"{d:%d-%m-%Y}"
    if d.weekday() != vergaderdag:
        uit.append(
            Schending(
                "vergaderdag",
                f"Nieuwe vergadering op {WEEKDAGEN[d.weekday()]} {dm}; de Raadstafel vergadert op "
                f"{WEEKDAGEN[vergaderdag]}.",
                None,
                d,
            )
        )
    if (naam := feestdag(d)) is not None:
        uit.append(Schending("feestdag", f"Nieuwe vergadering op {dm}: {naam}.", None, d))
    for p in recessen:
        if p.van <= d <= p.tot:
            uit.append(Schending("reces", f"Nieuwe vergadering op {dm} valt in {p.naam}.", None, d))
    for raad in raden:
        if raad.vergadert(d):
            uit.append(
                Schending(
                    "gemeente_vergadert",
                    f"Nieuwe vergadering op {dm}, terwijl {raad.naam} dan vergadert.",
                    raad.code,
                    d,
                )
            )
    if (van is not None and d < van) or (tot is not None and d > tot):
        uit.append(Schending("planperiode", f"Nieuwe vergadering op {dm} valt buiten de planperiode.", None, d))
    return uit
