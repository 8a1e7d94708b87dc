"""Deterministic (seeded) benchmark instances as plain data: councils' calendars, voorstellen and regelingen.

- ``regio(seed)``: 21 councils with a year of raad and committee meetings, recesses and 30 voorstellen for the
  same-day model;
- ``provincie(seed)``: 50 councils and 150 regelingen for the many-regelingen planner;
- ``land(seed)``: 342 councils and 1,500 regelingen with 5-25 participants each.

Councils lie on a map; a regeling takes a council and its nearest neighbours, so regelingen overlap as real
regions do. Each council has 4-7 wethouders; a regeling's AB has one of them per participant (the one holding
the regeling's portfolio), so one wethouder sits on many boards. Raad agendas are partly full, and the room
left in the spring and early summer is drawn around what the council's zienswijzen need, so capacity binds in
some councils and not in others. The same seed always gives the same instance.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, timedelta

from app.planning.kalender import is_werkdag
from app.planning.meervoudig import RegelingInvoer, kandidaat_data
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad

JAAR = 2026
VOOR = ("Ooster", "Wester", "Noord", "Zuid", "Hoog", "Laag", "Nieuw", "Oud", "Groot", "Klein", "Sint ", "Den ")
ACHTER = ("dam", "dijk", "veen", "hoven", "wijk", "broek", "horst", "loo", "zijl", "voort", "mond", "rade")
SOORTEN = (
    "GGD",
    "Veiligheidsregio",
    "Omgevingsdienst",
    "Werkbedrijf",
    "Belastingsamenwerking",
    "Afvalschap",
    "Recreatieschap",
    "Jeugdzorgregio",
    "ICT-samenwerking",
    "Archiefdienst",
)


@dataclass(frozen=True)
class Voorstel:
    """A joint proposal for the same-day model: all councils (minus opt-outs) deliberate it on one day."""

    naam: str
    vrijgave: date  # the proposal goes to the councils
    tot: date  # last day (e.g. the end of the zienswijze term)
    deelnemers: tuple[str, ...]


@dataclass(frozen=True)
class Regio:
    jaar: int
    raden: dict[str, Raad]
    voorstellen: tuple[Voorstel, ...]


@dataclass(frozen=True)
class Instantie:
    """An instance for the many-regelingen planner."""

    naam: str
    jaar: int
    raden: dict[str, Raad]
    regelingen: tuple[RegelingInvoer, ...]

    @property
    def paren(self) -> int:
        return sum(len(r.deelnemers) for r in self.regelingen)


def _naam(rng: random.Random, gebruikt: set[str]) -> str:
    for _ in range(50):
        naam = rng.choice(VOOR) + rng.choice(ACHTER)
        if naam not in gebruikt:
            gebruikt.add(naam)
            return naam
    naam = f"{rng.choice(VOOR)}{rng.choice(ACHTER)} {len(gebruikt)}"
    gebruikt.add(naam)
    return naam


def _recessen(rng: random.Random, jaar: int) -> tuple[Periode, ...]:
    # summer recess follows the school holidays of one of the three regions (start in July, six weeks)
    zomer_start = date(jaar, 7, 4) + timedelta(weeks=rng.choice((0, 1, 2)))
    return (
        Periode(date(jaar, 1, 1), date(jaar, 1, 4), "kerstreces"),
        Periode(zomer_start, zomer_start + timedelta(days=48), "zomerreces"),
        Periode(date(jaar, 12, 19), date(jaar + 1, 1, 4), "kerstreces"),
    )


def _op_weekdag(jaar: int, maand: int, weekdag: int, week: int) -> date:
    """The ``week``-th (0-based) ``weekdag`` of a month."""
    d = date(jaar, maand, 1)
    d += timedelta(days=(weekdag - d.weekday()) % 7)
    return d + timedelta(weeks=week)


class _Teller:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


def _raad(
    rng: random.Random,
    code: str,
    naam: str,
    jaar: int,
    nummer: _Teller,
    *,
    max_agendapunten: int,
    vulling: tuple[float, float],
    vergaderdag: int | None = None,
) -> Raad:
    """A council with a year of monthly raad meetings (about 10) and two committee meetings a month."""
    gekozen = rng.choice((1, 1, 1, 3, 3, 0, 2))
    vergaderdag = gekozen if vergaderdag is None else vergaderdag
    commissiedag = rng.choice([d for d in range(5) if d != vergaderdag])
    regels = Planregels(
        vergaderdag=vergaderdag,
        commissie_voor_raad_dagen=rng.choice((7, 14, 14, 21)),
        publicatie_dagen=rng.choice((7, 10, 10, 14)),
        max_agendapunten=max_agendapunten,
    )
    recessen = _recessen(rng, jaar)
    week = rng.choice((2, 3))  # the raad meets in the third or fourth week of the month
    vergaderingen: list[Bijeenkomst] = []
    for maand in range(1, 13):
        d = _op_weekdag(jaar, maand, vergaderdag, week)
        while d.month == maand and (not is_werkdag(d) or any(p.bevat(d) for p in recessen)):
            d -= timedelta(weeks=1)
        if d.month != maand or any(p.bevat(d) for p in recessen):
            continue
        punten = round(max_agendapunten * rng.uniform(*vulling))
        vergaderingen.append(Bijeenkomst(d, f"raad-{code.lower()}", "raad", punten, nummer()))
        for weken in (1, 2):
            c = d - timedelta(weeks=weken) + timedelta(days=commissiedag - vergaderdag)
            if is_werkdag(c) and not any(p.bevat(c) for p in recessen):
                vergaderingen.append(
                    Bijeenkomst(c, f"commissie-{code.lower()}", "commissie", rng.randint(3, 10), nummer())
                )
    vergaderingen.sort(key=lambda b: (b.datum, b.vergadering_id))
    return Raad(code, naam, regels, recessen, tuple(vergaderingen))


def _plaatsen(rng: random.Random, n: int, breedte: float, hoogte: float) -> list[tuple[float, float]]:
    return [(rng.uniform(0, breedte), rng.uniform(0, hoogte)) for _ in range(n)]


def regio(seed: int = 1, *, jaar: int = JAAR) -> Regio:
    """21 councils, one year of meetings, 30 voorstellen for same-day deliberation.

    The councils share their usual night (Tuesday, as regions that synchronise agree) but not their weeks, and
    each has its own committee nights and summer recess, so some days work only with extra meetings and some
    voorstellen find no day at all.
    """
    rng = random.Random(f"regio-{seed}")
    nummer, namen = _Teller(), set()
    raden = {}
    for k in range(21):
        code = f"GM{k + 1:04d}"
        raden[code] = _raad(
            rng,
            code,
            _naam(rng, namen),
            jaar,
            nummer,
            max_agendapunten=rng.choice((10, 12, 12, 15)),
            vulling=(0.3, 0.9),
            vergaderdag=1,  # a region that deliberates on one day has agreed on one council night: Tuesday
        )
    codes = sorted(raden)
    voorstellen = []
    for k in range(30):
        vrijgave = date(jaar, 1, 15) + timedelta(days=rng.randrange(0, 280))
        tot = vrijgave + timedelta(weeks=rng.choice((8, 10, 12)))
        zonder = set(rng.sample(codes, rng.choice((0, 0, 1, 2, 3))))
        voorstellen.append(
            Voorstel(
                f"Voorstel {k + 1}: {rng.choice(SOORTEN)}", vrijgave, tot, tuple(c for c in codes if c not in zonder)
            )
        )
    return Regio(jaar, raden, tuple(voorstellen))


def _meervoudig(
    naam: str,
    rng: random.Random,
    *,
    raden_n: int,
    regelingen_n: int,
    deelnemers: tuple[int, int],
    breedte: float,
    hoogte: float,
    jaar: int,
    ruimte: tuple[float, float],
) -> Instantie:
    plaatsen = _plaatsen(rng, raden_n, breedte, hoogte)
    codes = [f"GM{k + 1:04d}" for k in range(raden_n)]
    # regelingen first: a council's agenda size depends on how many zienswijzen it must fit in
    groepen = []
    for _ in range(regelingen_n):
        midden = plaatsen[rng.randrange(raden_n)]
        n = min(raden_n, rng.randint(*deelnemers))
        dichtst = sorted(range(raden_n), key=lambda k: math.dist(plaatsen[k], midden))[:n]
        groepen.append(sorted(dichtst))
    aantal = [0] * raden_n
    for groep in groepen:
        for k in groep:
            aantal[k] += 1
    wethouders = [rng.randint(4, 7) for _ in range(raden_n)]

    nummer, namen = _Teller(), set()
    raden: dict[str, Raad] = {}
    for k, code in enumerate(codes):
        # about four raad meetings fall in the zienswijze windows of an AB between June and mid-September;
        # their free room is drawn around the council's need (some councils get less than they need)
        vrij_nodig = aantal[k] * rng.uniform(*ruimte) / 4
        max_punten = max(8, round(vrij_nodig / 0.45))
        raden[code] = _raad(
            rng, code, _naam(rng, namen), jaar, nummer, max_agendapunten=max_punten, vulling=(0.35, 0.75)
        )

    regelingen = []
    ab_reces = [(date(jaar, 7, 18), date(jaar, 8, 30))]
    for n, groep in enumerate(groepen):
        soort = rng.choice(SOORTEN)
        portefeuille = rng.randrange(7)
        weekdagen = tuple(sorted(rng.sample(range(5), 2)))
        kandidaten = kandidaat_data(date(jaar, 5, 15), date(jaar, 9, 14), weekdagen=weekdagen, recessen=ab_reces)
        juni = [d for d in kandidaten if d.month == 6]
        voorkeur = rng.choice(juni) if juni else kandidaten[0]
        dagdeel = rng.choices(("ochtend", "middag", "avond"), weights=(3, 5, 2))[0]
        plaats = codes[groep[0]]
        leden = tuple(f"{codes[k]}-wethouder-{portefeuille % wethouders[k] + 1}" for k in groep)
        regelingen.append(
            RegelingInvoer(
                slug=f"r{n + 1:04d}",
                naam=f"{soort} {raden[plaats].naam} e.o. ({n + 1})",
                deelnemers=tuple(codes[k] for k in groep),
                bestuursleden=leden,
                kandidaten=kandidaten,
                voorkeur=voorkeur,
                dagdeel=dagdeel,
            )
        )
    return Instantie(naam, jaar, raden, tuple(regelingen))


def provincie(seed: int = 1, *, jaar: int = JAAR) -> Instantie:
    """50 councils and 150 regelingen of 3-15 participants."""
    rng = random.Random(f"provincie-{seed}")
    return _meervoudig(
        "provincie",
        rng,
        raden_n=50,
        regelingen_n=150,
        deelnemers=(3, 15),
        breedte=1.0,
        hoogte=1.0,
        jaar=jaar,
        ruimte=(1.0, 2.0),
    )


def land(seed: int = 1, *, jaar: int = JAAR) -> Instantie:
    """342 councils and 1,500 regelingen of 5-25 participants."""
    rng = random.Random(f"land-{seed}")
    return _meervoudig(
        "land",
        rng,
        raden_n=342,
        regelingen_n=1500,
        deelnemers=(5, 25),
        breedte=2.6,
        hoogte=3.2,
        jaar=jaar,
        ruimte=(1.0, 2.0),
    )
