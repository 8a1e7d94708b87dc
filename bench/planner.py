"""Benchmark of the planners on generated instances; prints a Markdown table.

    python -m bench.planner [--alleen regio|wat-als|provincie|land] [--seed N]

Rows:
- regio: the same-day planner (``plan_gelijke_dag``) over the region's 30 voorstellen; time = planning all 30
  plus checking each best day; quality = how many best days need no more extra meetings than a brute force
  over every day of the window (with the independent checker as the judge) finds;
- wat-als: the board's what-if (``watals.gevolgen``) on the region with every voorstel chained on its best day;
  time = the mean of one what-if, after a warm-up;
- provincie: ``plan_meervoudig`` with a 10 s limit; land: the same with a 60 s limit. Quality = the plan's
  objective against the proven lower bound (CP-SAT's bound, lifted by the per-council bound on extra meetings).

Every plan goes through the independent checker; the table gives its number of hard violations. Machines
differ and are noisy, so the last column divides each time by a baseline measured in the same process (a
fixed pure-Python loop); the README quotes those ratios.
"""

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/planner.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.planning.controle.meervoudig import controleer_meervoudig  # noqa: E402
from app.planning.meervoudig import plan_meervoudig  # noqa: E402
from bench import generate  # noqa: E402

LIMIETEN = {"provincie": 10.0, "land": 60.0}


def basis() -> float:
    """Seconds for a fixed pure-Python loop (best of three): the yardstick for this machine, right now."""
    beste = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        totaal = 0
        for i in range(2_000_000):
            totaal += i * i % 7
        beste = min(beste, time.perf_counter() - t)
    return beste


def _brute_minimum(voorstel, raden, controleer) -> int | None:
    """The fewest extra meetings over every day of the window, each council judged alone by the checker."""
    beste = None
    d = voorstel.vrijgave
    while d <= voorstel.tot:
        extra = 0
        for raad in raden:
            opties = [
                ("bestaande_vergadering", b.vergadering_id)
                for b in raad.vergaderingen
                if b.datum == d and b.soort == "raad"
            ] + [("extra_vergadering", None)]
            goed = next(
                (
                    o
                    for o in opties
                    if not controleer(d, [(raad.code, *o)], raden=[raad], van=voorstel.vrijgave, tot=voorstel.tot)
                ),
                None,
            )
            if goed is None:
                break
            extra += goed[0] == "extra_vergadering"
        else:
            beste = extra if beste is None else min(beste, extra)
        d += timedelta(days=1)
    return beste


def rij_regio(seed: int) -> dict:
    try:
        from app.planning.controle.gelijke_dag import controleer_gelijke_dag
        from app.planning.gelijke_dag import plan_gelijke_dag
    except ImportError as fout:
        return {"instantie": "regio", "overgeslagen": f"gelijke-dagplanner nog niet beschikbaar ({fout})"}
    inst = generate.regio(seed)
    per_voorstel = [[inst.raden[c] for c in v.deelnemers] for v in inst.voorstellen]
    t = time.perf_counter()
    schendingen, beste = 0, []
    for v, raden in zip(inst.voorstellen, per_voorstel, strict=True):
        plan = plan_gelijke_dag(raden, van=v.vrijgave, tot=v.tot)
        k = plan.kandidaten[0] if plan.kandidaten else None
        beste.append(k)
        if k is not None:
            schendingen += len(
                controleer_gelijke_dag(
                    k.datum,
                    [(o.code, o.status, o.vergadering_id) for o in k.gemeenten],
                    raden=raden,
                    van=v.vrijgave,
                    tot=v.tot,
                )
            )
    tijd = time.perf_counter() - t
    gelijk = sum(
        (k.extra if k else None) == _brute_minimum(v, raden, controleer_gelijke_dag)
        for v, raden, k in zip(inst.voorstellen, per_voorstel, beste, strict=True)
    )
    zonder = sum(k is None for k in beste)
    return {
        "instantie": "regio",
        "omvang": f"{len(inst.raden)} raden, {len(inst.voorstellen)} voorstellen",
        "tijd": tijd,
        "schendingen": schendingen,
        "kwaliteit": f"beste dag = brute force in {gelijk}/{len(beste)}"
        + (f" ({zonder} zonder dag)" if zonder else ""),
    }


def rij_wat_als(seed: int) -> dict:
    """The board's what-if on the region: every voorstel planned on its best day (a same-day chain through all
    its councils), then every meeting in a chain moved a week later, one at a time. Time = mean per what-if."""
    from app.planning import watals
    from app.planning.gelijke_dag import plan_gelijke_dag

    inst = generate.regio(seed)
    organen = tuple(watals.Orgaan(b.orgaan, f"{r.naam} {b.soort}", b.soort, r.code)
                    for r in inst.raden.values() for b in {b.orgaan: b for b in r.vergaderingen}.values())
    voorstellen, ids = [], []
    for i, v in enumerate(inst.voorstellen, start=1):
        raden = [inst.raden[c] for c in v.deelnemers]
        plan = plan_gelijke_dag(raden, van=v.vrijgave, tot=v.tot)
        if not plan.kandidaten:
            continue
        k = plan.kandidaten[0]
        behandelingen = tuple(watals.Behandeling(f"raad-{o.code.lower()}", "besluit", o.vergadering_id, k.datum)
                              for o in k.gemeenten if o.vergadering_id is not None)
        ids += [b.vergadering_id for b in behandelingen]
        voorstellen.append(watals.Voorstel(i, v.naam, beschikbaar=v.vrijgave, uiterlijk=v.tot,
                                           behandelingen=behandelingen))
    bord = watals.Bord("regio", synchronisatie="gelijke_dag", raden=tuple(inst.raden.values()), organen=organen,
                       voorstellen=tuple(voorstellen))
    per_id = {b.vergadering_id: b.datum for r in bord.raden for b in r.vergaderingen}
    watals.gevolgen(bord, ids[0], per_id[ids[0]] + timedelta(days=7))  # warm up: the board's index, holidays
    t = time.perf_counter()
    gebroken = sum(bool(watals.gevolgen(bord, i, per_id[i] + timedelta(days=7))) for i in ids)
    tijd = (time.perf_counter() - t) / len(ids)
    return {
        "instantie": "wat-als (regio)",
        "omvang": f"{len(inst.raden)} raden, {len(voorstellen)} ketens, {len(ids)} verplaatsingen",
        "tijd": tijd,
        "schendingen": 0,
        "kwaliteit": f"{gebroken}/{len(ids)} verplaatsingen breken een keten (verwacht: alle)",
    }


def rij_meervoudig(naam: str, seed: int) -> dict:
    inst = getattr(generate, naam)(seed)
    limiet = LIMIETEN[naam]
    t = time.perf_counter()
    plan = plan_meervoudig(inst.regelingen, inst.raden, tijdslimiet=limiet)
    tijd = time.perf_counter() - t
    schendingen = controleer_meervoudig(plan, inst.regelingen, inst.raden)
    if plan.doelwaarde is None:
        kwaliteit = plan.status
    else:
        w = plan.gewicht_extra
        kwaliteit = (
            f"{plan.status}: {plan.extra} extra (≥ {plan.ondergrens // w}), {plan.afwijking} d afwijking; "
            f"gap {100 * plan.gap:.1f}%"
        )
    return {
        "instantie": f"{naam} ({limiet:g} s)",
        "omvang": f"{len(inst.raden)} raden, {len(inst.regelingen)} regelingen, {inst.paren} paren",
        "tijd": tijd,
        "schendingen": len(schendingen),
        "kwaliteit": kwaliteit,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark van de planners op gegenereerde instanties.")
    parser.add_argument("--alleen", choices=("regio", "wat-als", "provincie", "land"), help="alleen deze instantie")
    parser.add_argument("--seed", type=int, default=1, help="zaad van de generator (standaard 1)")
    args = parser.parse_args(argv)
    namen = [args.alleen] if args.alleen else ["regio", "wat-als", "provincie", "land"]
    b = basis()
    rijen = []
    for naam in namen:
        maak = {"regio": rij_regio, "wat-als": rij_wat_als}.get(naam)
        rijen.append(maak(args.seed) if maak else rij_meervoudig(naam, args.seed))
    print(f"Basis (vaste Python-lus): {b:.3f} s; seed {args.seed}\n")
    print("| instantie | omvang | tijd (s) | harde schendingen | kwaliteit | tijd / basis |")
    print("|---|---|---:|---:|---|---:|")
    fouten = 0
    for r in rijen:
        if "overgeslagen" in r:
            print(f"| {r['instantie']} | – | – | – | overgeslagen: {r['overgeslagen']} | – |")
            continue
        fouten += r["schendingen"]
        print(
            f"| {r['instantie']} | {r['omvang']} | {r['tijd']:.4f} | {r['schendingen']} | {r['kwaliteit']} | "
            f"{r['tijd'] / b:.3g} |"
        )
    return 1 if fouten else 0


if __name__ == "__main__":
    sys.exit(main())
