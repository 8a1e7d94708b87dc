"""Carrousel days: the monthly joint council day with parallel carrousels (the Drechtsteden model).

Pure: councils and voorstellen in, a plan out; no database, no clock.

Once a month (default: the first Tuesday, ten months a year, not in July and August) the participating councils
meet on one day as one programme: a theme meeting, fractie consultation, the carrousels in parallel, one room per
domain (Fysiek, Sociaal, Bestuur & Middelen, optionally Integraal), where citizens may speak and the fracties
advise, and last the joint council that decides. A voorstel goes to the carrousel of its domain (advice) and on
to the joint council (decision) the same day or on the next month's day.

The day of a month is the first ``weekdag`` that is no ATW holiday, in no recess (the given ones and any
participating council's) and on which no participating council's raad or committee meets; else the second,
third, ... with a note why the earlier ones were passed over. A month without such a day is reported.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from app.planning.kalender import feestdag
from app.planning.raden import WEEKDAGEN, Periode, Raad

DOMEINEN = ("Fysiek", "Sociaal", "Bestuur & Middelen")
INTEGRAAL = "Integraal"
MAANDEN = (1, 2, 3, 4, 5, 6, 9, 10, 11, 12)  # ten a year: no carrousel day in July and August
MAANDNAMEN = (
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
RANGTELWOORDEN = ("eerste", "tweede", "derde", "vierde", "vijfde")

# Onderdeel.soort values
THEMA, FRACTIE, CARROUSEL, RAAD = "themabijeenkomst", "fractieoverleg", "carrousel", "gezamenlijke_raad"


@dataclass(frozen=True)
class Dagindeling:
    """Times and rooms of the day's programme; the defaults are the Drechtstedendinsdag's."""

    thema: tuple[time, time] = (time(17, 0), time(18, 0))
    thema_zaal: str = "Raadzaal"
    fractieoverleg: tuple[time, time] = (time(18, 0), time(18, 45))
    fractie_zaal: str = "Fractiekamers"
    carrousels: tuple[time, time] = (time(19, 0), time(20, 30))
    carrousel_zalen: tuple[str, ...] = ("Zaal 1", "Zaal 2", "Zaal 3", "Zaal 4")  # in the order of the domains
    raad: tuple[time, time] = (time(21, 0), time(22, 30))
    raad_zaal: str = "Raadzaal"
    raad_naam: str = "Gezamenlijke raad"  # e.g. "Drechtraad"


@dataclass(frozen=True)
class Onderdeel:
    """One part of the day's programme."""

    naam: str
    soort: str  # THEMA, FRACTIE, CARROUSEL or RAAD
    start: time
    einde: time
    zaal: str
    domein: str | None = None  # for a carrousel

    def as_dict(self) -> dict:
        return {
            "naam": self.naam,
            "soort": self.soort,
            "start": self.start.strftime("%H:%M"),
            "einde": self.einde.strftime("%H:%M"),
            "zaal": self.zaal,
            "domein": self.domein,
        }


@dataclass(frozen=True)
class CarrouselVoorstel:
    """A voorstel for the joint council: ``beschikbaar`` is its release, ``uiterlijk`` the last day for the decision."""

    sleutel: str
    titel: str
    domein: str
    beschikbaar: date
    uiterlijk: date | None = None


@dataclass(frozen=True)
class Carrouseldag:
    datum: date
    programma: list[Onderdeel]
    advies: dict[str, list[str]]  # domein → sleutels advised in its carrousel (every domain present)
    besluit: list[str]  # sleutels the joint council decides on
    notitie: str | None = None  # why the first weekday of the month was passed over

    def as_dict(self) -> dict:
        return {
            "datum": self.datum.isoformat(),
            "programma": [o.as_dict() for o in self.programma],
            "advies": {k: list(v) for k, v in self.advies.items()},
            "besluit": list(self.besluit),
            "notitie": self.notitie,
        }


@dataclass(frozen=True)
class CarrouselPlan:
    jaar: int
    weekdag: int
    dagen: list[Carrouseldag]  # by date, at most one a month
    niet_gepland: list[tuple[str, str]]  # (sleutel, Dutch reason), in input order
    overgeslagen_maanden: list[tuple[int, str]]  # (month 1-12, Dutch reason) for a month in ``maanden`` without a day

    def route(self, sleutel: str) -> tuple[date, date] | None:
        """(advice day, decision day) of voorstel ``sleutel``, or None when it is not planned."""
        advies = next((d.datum for d in self.dagen if any(sleutel in v for v in d.advies.values())), None)
        besluit = next((d.datum for d in self.dagen if sleutel in d.besluit), None)
        return None if advies is None or besluit is None else (advies, besluit)

    def as_dict(self) -> dict:
        return {
            "jaar": self.jaar,
            "weekdag": WEEKDAGEN[self.weekdag],
            "dagen": [d.as_dict() for d in self.dagen],
            "niet_gepland": [{"sleutel": s, "reden": r} for s, r in self.niet_gepland],
            "overgeslagen_maanden": [
                {"maand": m, "naam": MAANDNAMEN[m - 1], "reden": r} for m, r in self.overgeslagen_maanden
            ],
        }


def _dm(d: date) -> str:
    return f"{d:%d-%m}"


def _opsomming(namen: list[str]) -> str:
    if len(namen) > 4:
        return f"{', '.join(namen[:3])} en {len(namen) - 3} andere gemeenten"
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _maandindex(d: date) -> int:
    return d.year * 12 + d.month - 1


def _controleer_indeling(indeling: Dagindeling, domeinen: list[str]) -> None:
    blokken = [
        ("de themabijeenkomst", indeling.thema),
        ("het fractieoverleg", indeling.fractieoverleg),
        ("de carrousels", indeling.carrousels),
        ("de gezamenlijke raad", indeling.raad),
    ]
    for naam, (start, einde) in blokken:
        if not start < einde:
            raise ValueError(f"De eindtijd van {naam} ({einde:%H:%M}) moet na de begintijd ({start:%H:%M}) liggen.")
    for (naam1, (_, einde)), (naam2, (start, _)) in zip(blokken, blokken[1:], strict=False):
        if start < einde:
            raise ValueError(f"{naam2.capitalize()} ({start:%H:%M}) begint vóór het einde van {naam1} ({einde:%H:%M}).")
    zalen = list(indeling.carrousel_zalen)
    if len(set(zalen)) != len(zalen):
        raise ValueError("Elke carrousel heeft een eigen zaal: een zaal staat dubbel in de lijst.")
    if len(zalen) < len(domeinen):
        raise ValueError(f"Te weinig zalen: {len(domeinen)} carrousels en {len(zalen)} zalen.")


def plan_carrouseldagen(
    jaar: int,
    *,
    raden: Sequence[Raad],
    weekdag: int = 1,
    maanden: Sequence[int] = MAANDEN,
    recessen: Sequence[Periode] = (),
    domeinen: Sequence[str] = DOMEINEN,
    integraal: bool = False,
    voorstellen: Sequence[CarrouselVoorstel] = (),
    max_per_carrousel: int = 5,
    publicatie_dagen: int = 10,
    indeling: Dagindeling = Dagindeling(),  # noqa: B008 (frozen, so one shared default is safe)
) -> CarrouselPlan:
    """The carrousel days of ``jaar`` and the route of every voorstel through them.

    ``raden``: the participating councils (their recesses and their raad and committee meetings keep a day
    free); ``weekdag``: 0 = Monday, default Tuesday; ``maanden``: the months with a day (default ten, no July and
    August); ``recessen``: the joint recesses; ``domeinen``: one carrousel each, in the rooms of ``indeling`` in
    this order, plus ``Integraal`` when ``integraal``; ``max_per_carrousel``: voorstellen one carrousel advises on
    in one day; ``publicatie_dagen``: a voorstel is in a carrousel no sooner than this many days after it is
    ``beschikbaar`` (the agenda must be published).

    Routing, day by day: each carrousel takes the waiting voorstellen of its domain that are ready and whose
    ``uiterlijk`` is not yet past, earliest ``uiterlijk`` first (no ``uiterlijk`` last), then by release and input
    order, up to ``max_per_carrousel``. Per domain this is the earliest-deadline sweep, which routes as many
    voorstellen as can be routed. The decision follows on the next carrousel day when that day is in the next
    calendar month and not after ``uiterlijk`` (the fracties weigh the advice at home), else on the same day (so
    June's advice is decided in June, not after the summer).

    Raises ValueError (Dutch) on a year outside 1900-2200, a bad weekday or month, no or duplicate domains, an
    unknown domain in a voorstel, a voorstel key given twice, ``max_per_carrousel`` below 1, negative
    ``publicatie_dagen`` or a programme whose parts overlap or lack rooms.
    """
    if not 1900 <= jaar <= 2200:
        raise ValueError(f"Kies een jaar tussen 1900 en 2200, niet {jaar}.")
    if not (isinstance(weekdag, int) and 0 <= weekdag <= 6):
        raise ValueError(f"De weekdag moet 0 (maandag) t/m 6 (zondag) zijn, niet {weekdag!r}.")
    fout = [m for m in maanden if not (isinstance(m, int) and 1 <= m <= 12)]
    if fout:
        raise ValueError(f"Maanden lopen van 1 t/m 12; fout: {', '.join(map(str, fout))}.")
    if max_per_carrousel < 1:
        raise ValueError("Een carrousel moet minstens één voorstel per dag kunnen bespreken.")
    if publicatie_dagen < 0:
        raise ValueError("Het aantal publicatiedagen kan niet negatief zijn.")
    alle_domeinen = [d.strip() for d in domeinen]
    if not alle_domeinen or any(not d for d in alle_domeinen):
        raise ValueError("Geef minstens één domein op, elk met een naam.")
    if integraal:
        alle_domeinen.append(INTEGRAAL)
    dubbele_domeinen = sorted({d for d in alle_domeinen if alle_domeinen.count(d) > 1})
    if dubbele_domeinen:
        raise ValueError(f"Elk domein heeft één carrousel; dubbel: {', '.join(dubbele_domeinen)}.")
    _controleer_indeling(indeling, alle_domeinen)
    sleutels = [v.sleutel for v in voorstellen]
    dubbel = sorted({s for s in sleutels if sleutels.count(s) > 1})
    if dubbel:
        raise ValueError(f"Elk voorstel mag maar één keer voorkomen: {', '.join(dubbel)} staat er meer dan eens in.")
    for v in voorstellen:
        if v.domein not in alle_domeinen:
            uit = " (de carrousel Integraal staat uit)" if v.domein == INTEGRAAL else ""
            raise ValueError(
                f"Voorstel {v.sleutel} heeft een onbekend domein '{v.domein}'{uit}; kies uit: "
                f"{', '.join(alle_domeinen)}."
            )

    dag = WEEKDAGEN[weekdag]
    gekozen: list[tuple[date, str | None]] = []
    overgeslagen: list[tuple[int, str]] = []
    for maand in sorted(set(maanden)):
        d = date(jaar, maand, 1)
        d += timedelta(days=(weekdag - d.weekday()) % 7)
        afgewezen: list[str] = []
        while d.month == maand:
            reden = _blokkade(d, raden, recessen)
            if reden is None:
                break
            afgewezen.append(f"{RANGTELWOORDEN[len(afgewezen)]} {dag} {_dm(d)} {reden}")
            d += timedelta(days=7)
        if d.month == maand:
            notitie = None
            if afgewezen:
                notitie = "; ".join(afgewezen) + f"; daarom de {RANGTELWOORDEN[len(afgewezen)]} {dag} ({_dm(d)})"
            gekozen.append((d, notitie))
        else:
            overgeslagen.append((maand, f"geen bruikbare {dag} in {MAANDNAMEN[maand - 1]}: " + "; ".join(afgewezen)))

    advies, besluit, niet_gepland = _routeer(
        [d for d, _ in gekozen], voorstellen, alle_domeinen, max_per_carrousel, publicatie_dagen, jaar
    )
    dagen = []
    for i, (d, notitie) in enumerate(gekozen):
        dagen.append(
            Carrouseldag(
                d,
                _programma(indeling, alle_domeinen),
                {dom: advies[i][dom] for dom in alle_domeinen},
                besluit[i],
                notitie,
            )
        )
    return CarrouselPlan(jaar, weekdag, dagen, niet_gepland, overgeslagen)


def _blokkade(d: date, raden: Sequence[Raad], recessen: Sequence[Periode]) -> str | None:
    """Why ``d`` cannot be a carrousel day (a predicate: "is Bevrijdingsdag"), or None."""
    if (naam := feestdag(d)) is not None:
        return f"is {naam}"
    for p in recessen:
        if p.bevat(d):
            return f"valt in {p.naam} ({_dm(p.van)} t/m {_dm(p.tot)})"
    for raad in raden:
        if (p := raad.reces(d)) is not None:
            return f"valt in {p.naam} van {raad.naam} ({_dm(p.van)} t/m {_dm(p.tot)})"
    bezet = [raad.naam for raad in raden if raad.vergadert(d)]
    if bezet:
        return f"botst met een raads- of commissievergadering van {_opsomming(bezet)}"
    return None


def _programma(indeling: Dagindeling, domeinen: list[str]) -> list[Onderdeel]:
    start, einde = indeling.carrousels
    return [
        Onderdeel("Themabijeenkomst", THEMA, *indeling.thema, indeling.thema_zaal),
        Onderdeel("Fractieoverleg", FRACTIE, *indeling.fractieoverleg, indeling.fractie_zaal),
        *(
            Onderdeel(f"Carrousel {dom}", CARROUSEL, start, einde, zaal, dom)
            for dom, zaal in zip(domeinen, indeling.carrousel_zalen, strict=False)
        ),
        Onderdeel(indeling.raad_naam, RAAD, *indeling.raad, indeling.raad_zaal),
    ]


def _routeer(
    dagen: list[date],
    voorstellen: Sequence[CarrouselVoorstel],
    domeinen: list[str],
    cap: int,
    publicatie_dagen: int,
    jaar: int,
) -> tuple[list[dict[str, list[str]]], list[list[str]], list[tuple[str, str]]]:
    volgorde = {v.sleutel: i for i, v in enumerate(voorstellen)}
    klaar = {v.sleutel: v.beschikbaar + timedelta(days=publicatie_dagen) for v in voorstellen}
    advies: list[dict[str, list[str]]] = [{dom: [] for dom in domeinen} for _ in dagen]
    besluit: list[list[str]] = [[] for _ in dagen]
    gerouteerd: set[str] = set()
    vol: dict[str, list[date]] = {}  # sleutel → days its carrousel was full while it waited

    for i, d in enumerate(dagen):
        volgende = dagen[i + 1] if i + 1 < len(dagen) else None
        for dom in domeinen:
            wachtend = [
                v
                for v in voorstellen
                if v.domein == dom
                and v.sleutel not in gerouteerd
                and klaar[v.sleutel] <= d
                and (v.uiterlijk is None or d <= v.uiterlijk)
            ]
            wachtend.sort(key=lambda v: (v.uiterlijk or date.max, klaar[v.sleutel], volgorde[v.sleutel]))
            for v in wachtend[cap:]:
                vol.setdefault(v.sleutel, []).append(d)
            for v in wachtend[:cap]:
                gerouteerd.add(v.sleutel)
                advies[i][dom].append(v.sleutel)
                later = (
                    volgende is not None
                    and _maandindex(volgende) - _maandindex(d) == 1
                    and (v.uiterlijk is None or volgende <= v.uiterlijk)
                )
                besluit[i + 1 if later else i].append(v.sleutel)

    for lijst in [*(a for dag in advies for a in dag.values()), *besluit]:
        lijst.sort(key=volgorde.__getitem__)
    niet_gepland = [
        (v.sleutel, _reden(v, klaar[v.sleutel], dagen, vol.get(v.sleutel, []), cap, publicatie_dagen, jaar))
        for v in voorstellen
        if v.sleutel not in gerouteerd
    ]
    return advies, besluit, niet_gepland


def _reden(
    v: CarrouselVoorstel, klaar: date, dagen: list[date], vol: list[date], cap: int, publicatie_dagen: int, jaar: int
) -> str:
    vroegst = f"vroegst {_dm(klaar)}: beschikbaar {_dm(v.beschikbaar)} + {publicatie_dagen} dagen publicatie"
    if not dagen:
        return f"er is in {jaar} geen carrouseldag"
    if v.uiterlijk is not None and v.uiterlijk < klaar:
        return f"het besluit moet uiterlijk {_dm(v.uiterlijk)} vallen, vóór de vroegste behandeling ({vroegst})"
    if klaar > dagen[-1]:
        return f"na {_dm(dagen[-1])} is er in {jaar} geen carrouseldag meer ({vroegst})"
    if vol:
        return (
            f"carrousel {v.domein} zit vol ({cap} van {cap} voorstellen) op "
            + ", ".join(_dm(d) for d in vol)
            + (f"; het besluit moet uiterlijk {_dm(v.uiterlijk)} vallen" if v.uiterlijk is not None else "")
        )
    volgende = next(d for d in dagen if d >= klaar)
    return f"geen carrouseldag tussen {_dm(klaar)} en {_dm(v.uiterlijk)}; de eerstvolgende is {_dm(volgende)}"
