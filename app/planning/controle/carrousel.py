"""Checker for a carrousel plan: are the days allowed, the programmes sound and every voorstel routed correctly?

Independent of ``app.planning.carrousel``'s logic: it reads the plan's data, the voorstellen, the councils' raw
calendars and the ATW holidays, and re-derives every hard rule itself.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import combinations

from app.planning.carrousel import CarrouselPlan, CarrouselVoorstel
from app.planning.controle import Schending
from app.planning.kalender import feestdag
from app.planning.raden import WEEKDAGEN, Periode, Raad


def controleer_carrousel(
    plan: CarrouselPlan,
    *,
    jaar: int,
    raden: Sequence[Raad],
    weekdag: int = 1,
    recessen: Sequence[Periode] = (),
    domeinen: Sequence[str] = ("Fysiek", "Sociaal", "Bestuur & Middelen"),
    voorstellen: Sequence[CarrouselVoorstel] = (),
    max_per_carrousel: int = 5,
    publicatie_dagen: int = 10,
    integraal: bool = False,
    maanden: Sequence[int] | None = None,
) -> list[Schending]:
    """Every hard rule ``plan`` breaks; empty when it holds.

    Days: in ``jaar``, on ``weekdag``, no ATW holiday, in no recess (``recessen`` or a council's), no raad or
    committee meeting of any of ``raden``, at most one a month (and, given ``maanden``, only in those). Programme:
    one carrousel per domain (``domeinen`` plus ``Integraal`` when ``integraal``), all in parallel, in distinct
    rooms, all ending before the one joint council starts; no two parts overlap in one room; every part ends after
    it starts. Voorstellen: each is advised exactly once, in the carrousel of its own domain, no sooner than
    ``publicatie_dagen`` after ``beschikbaar``, and decided exactly once, on the advice day or on the next
    carrousel day when that falls in the next calendar month, never after ``uiterlijk``; a carrousel advises on
    at most ``max_per_carrousel`` voorstellen a day; a voorstel not routed is listed with a reason.
    """
    s: list[Schending] = []
    verwacht = [*domeinen, *(["Integraal"] if integraal else [])]
    per_sleutel = {v.sleutel: v for v in voorstellen}

    per_maand = Counter((d.datum.year, d.datum.month) for d in plan.dagen)
    for (j, m), n in sorted(per_maand.items()):
        if n > 1:
            s.append(Schending("een_per_maand", f"{n} carrouseldagen in maand {m}-{j}.", None, date(j, m, 1)))

    advies: defaultdict[str, list[tuple[date, str]]] = defaultdict(list)
    besluit: defaultdict[str, list[date]] = defaultdict(list)
    for dag in plan.dagen:
        d = dag.datum
        s.extend(_dag(d, jaar, weekdag, raden, recessen, maanden))
        s.extend(_programma(dag.programma, verwacht, d))
        carrousels = {o.domein for o in dag.programma if o.soort == "carrousel"}
        for dom, sleutels in dag.advies.items():
            if sleutels and (dom not in verwacht or dom not in carrousels):
                s.append(
                    Schending("advies_domein", f"Advies in carrousel {dom} op {d:%d-%m-%Y}, die er niet is.", dom, d)
                )
            if len(sleutels) > max_per_carrousel:
                s.append(
                    Schending(
                        "capaciteit",
                        f"Carrousel {dom} op {d:%d-%m-%Y} bespreekt {len(sleutels)} voorstellen; het maximum is "
                        f"{max_per_carrousel}.",
                        dom,
                        d,
                    )
                )
            for sleutel in sleutels:
                advies[sleutel].append((d, dom))
        for sleutel in dag.besluit:
            besluit[sleutel].append(d)

    s.extend(_voorstellen(plan, per_sleutel, advies, besluit, publicatie_dagen))
    return s


def _dag(
    d: date, jaar: int, weekdag: int, raden: Sequence[Raad], recessen: Sequence[Periode], maanden: Sequence[int] | None
) -> list[Schending]:
    uit: list[Schending] = []
    dm = f"{d:%d-%m-%Y}"
    if d.year != jaar:
        uit.append(Schending("jaar", f"Carrouseldag {dm} ligt niet in {jaar}.", None, d))
    if maanden is not None and d.month not in maanden:
        uit.append(Schending("maand", f"Carrouseldag {dm} valt in een maand zonder carrouseldag.", None, d))
    if d.weekday() != weekdag:
        uit.append(
            Schending(
                "weekdag", f"Carrouseldag {dm} is een {WEEKDAGEN[d.weekday()]}, geen {WEEKDAGEN[weekdag]}.", None, d
            )
        )
    if (naam := feestdag(d)) is not None:
        uit.append(Schending("feestdag", f"Carrouseldag {dm} is {naam}.", None, d))
    for p in recessen:
        if p.van <= d <= p.tot:
            uit.append(Schending("reces", f"Carrouseldag {dm} valt in {p.naam}.", None, d))
    for raad in raden:
        if any(p.van <= d <= p.tot for p in raad.recessen):
            uit.append(Schending("reces", f"Carrouseldag {dm} valt in een reces van {raad.naam}.", raad.code, d))
        if any(b.datum == d for b in raad.vergaderingen):
            uit.append(
                Schending("gemeente_vergadert", f"Op carrouseldag {dm} vergadert {raad.naam} zelf.", raad.code, d)
            )
    return uit


def _programma(programma, verwacht: list[str], d: date) -> list[Schending]:
    uit: list[Schending] = []
    dm = f"{d:%d-%m-%Y}"
    for o in programma:
        if not o.start < o.einde:
            uit.append(Schending("tijd", f"{o.naam} op {dm} eindigt niet na het begin.", o.zaal, d))
    raden_ = [o for o in programma if o.soort == "gezamenlijke_raad"]
    if len(raden_) != 1:
        uit.append(Schending("programma", f"Het programma van {dm} heeft {len(raden_)} gezamenlijke raden.", None, d))
    carrousels = [o for o in programma if o.soort == "carrousel"]
    doms = Counter(o.domein for o in carrousels)
    for dom in verwacht:
        if doms[dom] != 1:
            uit.append(Schending("carrousels", f"Op {dm} heeft domein {dom} {doms[dom]} carrousels, niet 1.", dom, d))
    for dom in doms:
        if dom not in verwacht:
            uit.append(Schending("carrousels", f"Op {dm} is er een carrousel voor onbekend domein {dom}.", dom, d))
    for a, b in combinations(carrousels, 2):
        if not max(a.start, b.start) < min(a.einde, b.einde):
            uit.append(Schending("parallel", f"{a.naam} en {b.naam} op {dm} lopen niet tegelijk.", None, d))
        if a.zaal == b.zaal:
            uit.append(
                Schending("zaal", f"{a.naam} en {b.naam} op {dm} zitten in dezelfde zaal ({a.zaal}).", a.zaal, d)
            )
    for r in raden_:
        for c in carrousels:
            if c.einde > r.start:
                uit.append(
                    Schending("volgorde", f"{c.naam} op {dm} loopt door tot na het begin van {r.naam}.", None, d)
                )
    for a, b in combinations(programma, 2):
        if a.zaal == b.zaal and max(a.start, b.start) < min(a.einde, b.einde):
            uit.append(Schending("zaal_bezet", f"{a.naam} en {b.naam} op {dm} overlappen in {a.zaal}.", a.zaal, d))
    return uit


def _voorstellen(
    plan: CarrouselPlan,
    per_sleutel: dict[str, CarrouselVoorstel],
    advies: dict[str, list[tuple[date, str]]],
    besluit: dict[str, list[date]],
    publicatie_dagen: int,
) -> list[Schending]:
    uit: list[Schending] = []
    dagen = sorted(d.datum for d in plan.dagen)
    niet = Counter(sleutel for sleutel, _ in plan.niet_gepland)
    for sleutel in sorted(set(advies) | set(besluit) | set(niet)):
        if sleutel not in per_sleutel:
            uit.append(Schending("onbekend_voorstel", f"Voorstel {sleutel} staat niet op de lijst.", sleutel))
    for sleutel, v in per_sleutel.items():
        a, b = advies.get(sleutel, []), besluit.get(sleutel, [])
        if niet[sleutel] > 1:
            uit.append(
                Schending("dubbel", f"Voorstel {sleutel} staat {niet[sleutel]} keer bij de niet geplande.", sleutel)
            )
        if niet[sleutel] and (a or b):
            uit.append(Schending("dubbel", f"Voorstel {sleutel} is gepland én staat bij de niet geplande.", sleutel))
        if not a and not b:
            if not niet[sleutel]:
                uit.append(
                    Schending("ontbreekt", f"Voorstel {sleutel} is niet gepland en er staat geen reden bij.", sleutel)
                )
            continue
        if len(a) != 1:
            uit.append(Schending("advies", f"Voorstel {sleutel} krijgt {len(a)} keer advies, niet 1.", sleutel))
        if len(b) != 1:
            uit.append(Schending("besluit", f"Over voorstel {sleutel} wordt {len(b)} keer besloten, niet 1.", sleutel))
        klaar = v.beschikbaar + timedelta(days=publicatie_dagen)
        for d, dom in a:
            if dom != v.domein:
                uit.append(
                    Schending(
                        "domein",
                        f"Voorstel {sleutel} ({v.domein}) staat in carrousel {dom} op {d:%d-%m-%Y}.",
                        sleutel,
                        d,
                    )
                )
            if d < klaar:
                uit.append(
                    Schending(
                        "publicatie",
                        f"Voorstel {sleutel} staat op {d:%d-%m-%Y} in de carrousel, vóór {klaar:%d-%m-%Y} "
                        f"(beschikbaar {v.beschikbaar:%d-%m-%Y} + {publicatie_dagen} dagen publicatie).",
                        sleutel,
                        d,
                    )
                )
        for d in b:
            if v.uiterlijk is not None and d > v.uiterlijk:
                uit.append(
                    Schending(
                        "uiterlijk",
                        f"Besluit over {sleutel} op {d:%d-%m-%Y}, na de uiterste datum {v.uiterlijk:%d-%m-%Y}.",
                        sleutel,
                        d,
                    )
                )
        if len(a) == 1 and len(b) == 1:
            da, db = a[0][0], b[0]
            volgende = next((x for x in dagen if x > da), None)
            maand_later = (
                volgende is not None and (volgende.year * 12 + volgende.month) - (da.year * 12 + da.month) == 1
            )
            if db < da:
                uit.append(
                    Schending(
                        "besluit_voor_advies",
                        f"Over {sleutel} wordt op {db:%d-%m-%Y} besloten, vóór het advies op {da:%d-%m-%Y}.",
                        sleutel,
                        db,
                    )
                )
            elif db != da and not (db == volgende and maand_later):
                uit.append(
                    Schending(
                        "besluit_termijn",
                        f"Over {sleutel} wordt op {db:%d-%m-%Y} besloten; na het advies op {da:%d-%m-%Y} moet dat "
                        "dezelfde dag of de carrouseldag van de maand erna zijn.",
                        sleutel,
                        db,
                    )
                )
    return uit
