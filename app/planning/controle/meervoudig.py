"""Checker for the many-regelingen plan: every hard rule re-derived from the input, none from the planner.

It imports only the input types and the ATW calendar. Rules (the ``regel`` key of each Schending):

- ``status``: a plan without a solution holds no dates; a plan with one holds a date for every regeling;
- ``ab_datum``: each regeling has exactly one AB date, among its candidates and on a working day;
- ``persoon``: nobody sits in two AB meetings in the same slot (date and dagdeel);
- ``zienswijze``: every (regeling, participating council) has exactly one zienswijze, and no other pair has one;
- ``wgr_35_1``: the zienswijze meeting lies in [AB date − statutory weeks + the council's preparation days,
  AB date − the days the DB needs before the AB];
- ``vergadering``: an existing meeting is a raad meeting of that council on that date; an extra one is on the
  council's usual weekday, on a working day, outside its recesses, on an evening none of its bodies meets;
- ``agenda_vol``: existing load plus zienswijzen stays within the council's maximum, in every meeting;
- ``max_extra``: at most the allowed number of extra meetings per council, when a limit is given;
- ``telling``: the plan's count of extra meetings matches its assignments.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from app.planning.controle import Schending
from app.planning.kalender import feestdag
from app.planning.raden import Raad

_ZONDER_PLAN = ("onmogelijk", "geen_oplossing_binnen_tijd")


def _d(d: date) -> str:
    return f"{d:%d-%m-%Y}"


def _geen_werkdag(d: date) -> str | None:
    if d.weekday() >= 5:
        return "weekend"
    return feestdag(d)


def _extra_mogelijk(raad: Raad, d: date) -> str | None:
    """Why no extra raad meeting can be held on ``d``, or None when it can."""
    naam = feestdag(d)
    if naam is not None:
        return f"feestdag ({naam})"
    for p in raad.recessen:
        if p.van <= d <= p.tot:
            return f"{p.naam} ({p.van:%d-%m} t/m {p.tot:%d-%m})"
    if raad.regels.vergaderdag is None or d.weekday() != raad.regels.vergaderdag:
        return "niet op de gewone vergaderdag van de raad"
    if any(b.datum == d for b in raad.vergaderingen):
        return "er vergadert die dag al een orgaan van deze raad"
    return None


def controleer_meervoudig(
    plan,
    regelingen: Sequence,
    raden: Mapping[str, Raad],
    *,
    zienswijze_dagen_voor_ab: int = 14,
    statutaire_weken: int = 12,
    max_extra_per_raad: int | None = None,
) -> list[Schending]:
    """All hard rules ``plan`` breaks; an empty list means the plan holds.

    ``plan`` is a ``MeervoudigPlan`` (read through its fields ``status``, ``ab_data``, ``zienswijzen``, ``extra``);
    ``regelingen`` and ``raden`` are the planner's input.
    """
    uit: list[Schending] = []
    per_slug = {r.slug: r for r in regelingen}
    if plan.status in _ZONDER_PLAN:
        if plan.ab_data or plan.zienswijzen:
            uit.append(Schending("status", f"Status ‘{plan.status}’ maar het plan bevat toch data."))
        return uit

    # AB dates
    for slug in sorted(set(plan.ab_data) - set(per_slug)):
        uit.append(Schending("ab_datum", f"Onbekende regeling ‘{slug}’ in het plan.", slug))
    for r in regelingen:
        d = plan.ab_data.get(r.slug)
        if d is None:
            uit.append(Schending("ab_datum", f"{r.naam} heeft geen datum voor het algemeen bestuur.", r.slug))
            continue
        if d not in set(r.kandidaten):
            uit.append(Schending("ab_datum", f"{r.naam}: {_d(d)} is geen kandidaatdatum.", r.slug, d))
        if (waarom := _geen_werkdag(d)) is not None:
            uit.append(Schending("ab_datum", f"{r.naam}: {_d(d)} is geen werkdag ({waarom}).", r.slug, d))

    # persons: one AB per slot
    slots: dict[tuple[str, date, str], list[str]] = defaultdict(list)
    for r in regelingen:
        d = plan.ab_data.get(r.slug)
        if d is None:
            continue
        for p in set(r.bestuursleden):
            slots[(p, d, r.dagdeel)].append(r.naam)
    for (p, d, deel), namen in sorted(slots.items()):
        if len(namen) > 1:
            uit.append(
                Schending("persoon", f"{p} heeft op {_d(d)} in de {deel} tegelijk {' en '.join(sorted(namen))}.", p, d)
            )

    # zienswijzen: exactly one per pair, in the window, in a real or allowed meeting
    gezien: dict[tuple[str, str], int] = defaultdict(int)
    belasting: dict[tuple[str, date, int | None, bool], int] = defaultdict(int)
    dagen_stat = 7 * statutaire_weken
    for t in plan.zienswijzen:
        gezien[(t.regeling, t.gemeente)] += 1
        r = per_slug.get(t.regeling)
        if r is None or t.gemeente not in r.deelnemers:
            uit.append(
                Schending(
                    "zienswijze",
                    f"{t.gemeente} neemt niet deel aan ‘{t.regeling}’ maar heeft er een zienswijze in het plan.",
                    t.gemeente,
                    t.datum,
                )
            )
            continue
        raad = raden.get(t.gemeente)
        if raad is None:
            uit.append(Schending("zienswijze", f"Geen gegevens van de raad van {t.gemeente}.", t.gemeente))
            continue
        ab = plan.ab_data.get(r.slug)
        if ab is not None:
            van = (
                ab
                - timedelta(days=dagen_stat)
                + timedelta(days=raad.regels.publicatie_dagen + raad.regels.commissie_voor_raad_dagen)
            )
            tot = ab - timedelta(days=zienswijze_dagen_voor_ab)
            if not van <= t.datum <= tot:
                uit.append(
                    Schending(
                        "wgr_35_1",
                        f"{raad.naam}: zienswijze op {r.naam} op {_d(t.datum)} valt buiten de termijn {_d(van)} t/m "
                        f"{_d(tot)} (ontwerpbegroting {statutaire_weken} weken vóór het AB op {_d(ab)}, Wgr art. 35 "
                        f"lid 1; voorbereiding en beantwoording meegerekend).",
                        t.gemeente,
                        t.datum,
                    )
                )
        if t.extra:
            if (waarom := _extra_mogelijk(raad, t.datum)) is not None:
                uit.append(
                    Schending(
                        "vergadering",
                        f"{raad.naam}: geen extra raadsvergadering mogelijk op {_d(t.datum)}: {waarom}.",
                        t.gemeente,
                        t.datum,
                    )
                )
            belasting[(t.gemeente, t.datum, None, True)] += 1
        else:
            bestaand = [
                b
                for b in raad.vergaderingen
                if b.soort == "raad" and b.datum == t.datum and b.vergadering_id == t.vergadering_id
            ]
            if not bestaand:
                uit.append(
                    Schending(
                        "vergadering",
                        f"{raad.naam} heeft op {_d(t.datum)} geen raadsvergadering met nummer {t.vergadering_id}.",
                        t.gemeente,
                        t.datum,
                    )
                )
            belasting[(t.gemeente, t.datum, t.vergadering_id, False)] += 1
    for r in regelingen:
        for g in r.deelnemers:
            n = gezien.get((r.slug, g), 0)
            if n != 1:
                uit.append(
                    Schending(
                        "zienswijze",
                        f"{g} heeft {n} zienswijzen op {r.naam} in het plan; het moet er precies één zijn.",
                        g,
                    )
                )

    # capacity
    for (g, d, vid, extra), n in sorted(belasting.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or 0)):
        raad = raden.get(g)
        if raad is None:
            continue
        maxp = raad.regels.max_agendapunten
        al = (
            0
            if extra
            else max(
                (
                    b.agendapunten
                    for b in raad.vergaderingen
                    if b.soort == "raad" and b.datum == d and b.vergadering_id == vid
                ),
                default=0,
            )
        )
        if al + n > maxp:
            uit.append(
                Schending("agenda_vol", f"{raad.naam}: agenda vol op {_d(d)} ({al} + {n} van {maxp} punten).", g, d)
            )

    extra = {(t.gemeente, t.datum) for t in plan.zienswijzen if t.extra}
    if max_extra_per_raad is not None:
        per_raad: dict[str, int] = defaultdict(int)
        for g, _ in extra:
            per_raad[g] += 1
        for g, n in sorted(per_raad.items()):
            if n > max_extra_per_raad:
                uit.append(
                    Schending(
                        "max_extra", f"{g}: {n} extra vergaderingen, ten hoogste {max_extra_per_raad} toegestaan.", g
                    )
                )
    if plan.extra != len(extra):
        uit.append(Schending("telling", f"Het plan noemt {plan.extra} extra vergaderingen maar bevat er {len(extra)}."))
    return uit
