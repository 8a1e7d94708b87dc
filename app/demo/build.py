"""Build the demo import files: one YAML document per region under app/demo/data/<slug>.yaml.

    python -m app.demo.build 2026 2027      # default: this year and the next

``build(years)`` is pure and deterministic: the same years give the same documents, byte for byte once
dumped. Persons are fictitious (drawn with ``random.Random`` seeded per gemeente); gemeenten, codes and
provinces are real, see regions.py. Times are local (Europe/Amsterdam) with their UTC offset.
"""

import argparse
import random
import re
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from app.demo.regions import REGIONS, raadsgrootte

TZ = ZoneInfo("Europe/Amsterdam")
DATA_DIR = Path(__file__).parent / "data"

WEEKDAGEN = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MA, DI, WO, DO, VR, ZA, ZO = range(7)
ROLLEN = ("voorzitter", "vicevoorzitter", "lid", "plaatsvervangend_lid", "secretaris")
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
ONLINE = "https://live.example.org"  # reserved domain: demo links never reach a real site


# --- calendar arithmetic ----------------------------------------------------------------------------


def pasen(jaar: int) -> date:
    """Easter Sunday (Gregorian calendar, anonymous algorithm)."""
    a, b, c = jaar % 19, jaar // 100, jaar % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    maand = (h + m - 7 * n + 114) // 31
    dag = (h + m - 7 * n + 114) % 31 + 1
    return date(jaar, maand, dag)


def feestdagen(jaar: int) -> dict[date, str]:
    """Dutch public holidays on which no meeting is planned.

    The Algemene termijnenwet art. 3 list (with 5 May every year and Good Friday), plus Easter Sunday and
    Whit Sunday."""
    p = pasen(jaar)
    koningsdag = date(jaar, 4, 27)
    if koningsdag.weekday() == ZO:
        koningsdag = date(jaar, 4, 26)
    return {
        date(jaar, 1, 1): "Nieuwjaarsdag",
        p - timedelta(days=2): "Goede Vrijdag",
        p: "Eerste Paasdag",
        p + timedelta(days=1): "Tweede Paasdag",
        koningsdag: "Koningsdag",
        date(jaar, 5, 5): "Bevrijdingsdag",
        p + timedelta(days=39): "Hemelvaartsdag",
        p + timedelta(days=49): "Eerste Pinksterdag",
        p + timedelta(days=50): "Tweede Pinksterdag",
        date(jaar, 12, 25): "Eerste Kerstdag",
        date(jaar, 12, 26): "Tweede Kerstdag",
    }


def verkiezingsdag(jaar: int) -> date | None:
    """Day of the municipal elections (every four years, 2022, 2026, ...): the third Wednesday of March."""
    if jaar % 4 != 2:
        return None
    eerste = date(jaar, 3, 1)
    return eerste + timedelta(days=(WO - eerste.weekday()) % 7 + 14)


def installatiedag(jaar: int) -> date | None:
    """The new councils take office two weeks after election day (2022-03-30, 2026-04-01)."""
    dag = verkiezingsdag(jaar)
    return dag + timedelta(days=14) if dag else None


def laatste_installatie(jaar: int) -> date:
    """Start of the council term running in ``jaar`` (the most recent installation on or before it)."""
    for j in range(jaar, jaar - 5, -1):
        dag = installatiedag(j)
        if dag and dag.year <= jaar:
            return dag
    raise AssertionError("unreachable: an election year falls in every four")


def zaterdag_voor(dag: date) -> date:
    """The Saturday on or before ``dag``."""
    return dag - timedelta(days=(dag.weekday() - ZA) % 7)


def week_reces(jaar: int, week: int) -> tuple[date, date]:
    """The Saturday before ISO week ``week`` up to and including its Sunday."""
    maandag = date.fromisocalendar(jaar, week, 1)
    return maandag - timedelta(days=2), maandag + timedelta(days=6)


def kerstreces(jaar: int) -> tuple[date, date]:
    van = zaterdag_voor(date(jaar, 12, 24))
    return van, van + timedelta(days=15)


def recessen(regio: dict, jaren: list[int]) -> list[dict]:
    """Recess periods of the region's councils for the given years, in date order."""
    perioden = [("kerstreces", *kerstreces(min(jaren) - 1))]
    for jaar in jaren:
        if regio["voorjaarsreces"] == "carnaval":  # Brabant: the week of carnaval
            carnaval = pasen(jaar) - timedelta(days=49)
            voorjaar = (carnaval - timedelta(days=1), carnaval + timedelta(days=7))
        else:
            voorjaar = week_reces(jaar, regio["voorjaarsreces"])
        mei = zaterdag_voor(date(jaar, 4, 27))
        juli = date(jaar, 7, regio["zomerreces_start"])
        zomer = juli + timedelta(days=(ZA - juli.weekday()) % 7)
        if (zomer - juli).days > 3:
            zomer -= timedelta(days=7)
        perioden += [
            ("voorjaarsreces", *voorjaar),
            ("meireces", mei, mei + timedelta(days=8)),
            ("zomerreces", zomer, zomer + timedelta(days=7 * regio["zomerreces_weken"] + 1)),
            ("herfstreces", *week_reces(jaar, regio["herfstreces_week"])),
            ("kerstreces", *kerstreces(jaar)),
        ]
    return [{"naam": naam, "van": los(van), "tot": los(tot)} for naam, van, tot in sorted(perioden, key=lambda p: p[1])]


def geblokkeerd(reces: list[dict], jaren: list[int], verkiezingen: bool) -> set[date]:
    """Days without council meetings: recesses, public holidays, and (for a council) the weeks between
    its last meetings before the election and the installation of the new council."""
    dagen: set[date] = set()
    for periode in reces:
        dag = periode["van"]
        while dag <= periode["tot"]:
            dagen.add(dag)
            dag += timedelta(days=1)
    for jaar in range(min(jaren) - 1, max(jaren) + 2):
        dagen |= set(feestdagen(jaar))
        verkiezing, installatie = verkiezingsdag(jaar), installatiedag(jaar)
        if verkiezing and verkiezingen:
            dag = verkiezing - timedelta(days=6)
            while dag < installatie:
                dagen.add(dag)
                dag += timedelta(days=1)
        elif verkiezing:
            dagen |= {verkiezing, installatie}
    return dagen


def dagen_in_maand(jaar: int, maand: int, weekdag: int) -> list[date]:
    dag = date(jaar, maand, 1)
    dag += timedelta(days=(weekdag - dag.weekday()) % 7)
    dagen = []
    while dag.month == maand:
        dagen.append(dag)
        dag += timedelta(days=7)
    return dagen


def kies_dag(jaar: int, maand: int, weekdag: int, voorkeur: int, blok: set[date]) -> date | None:
    """The free ``weekdag`` in the month nearest to day ``voorkeur`` (earlier wins a tie), or None."""
    vrij = [d for d in dagen_in_maand(jaar, maand, weekdag) if d not in blok]
    return min(vrij, key=lambda d: (abs(d.day - voorkeur), d.day)) if vrij else None


def los(dag: date) -> date:
    """A fresh date object: PyYAML writes an anchor and aliases (&id001, *id001) for a shared one."""
    return date(dag.year, dag.month, dag.day)


def tijdstip(dag: date, uur: str) -> str:
    return datetime.combine(dag, time.fromisoformat(uur), tzinfo=TZ).isoformat()


def vergadering(dag: date, van: str, tot: str, **velden) -> dict:
    """One meeting; ``velden`` holds orgaan or organen and the optional naam, locatie, online, openbaar."""
    v = {k: velden.pop(k) for k in ("orgaan", "organen", "naam") if k in velden}
    v.update(start=tijdstip(dag, van), einde=tijdstip(dag, tot))
    v.update({k: w for k, w in velden.items() if w is not None})
    return v


# --- persons --------------------------------------------------------------------------------------

INITIALEN = "AAABCDEEFGHHIJJJKLMMMNPRRSSTW"
# fmt: off
ACHTERNAMEN = (
    "de Vries", "van den Berg", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "de Graaf",
    "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Heuvel", "van der Veen",
    "van den Broek", "de Bruijn", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet", "Hoekstra",
    "Maas", "Koster", "van Dam", "van der Wal", "Prins", "Blom", "Huisman", "de Jong", "Kuipers", "van Wijk",
    "Post", "Kramer", "van den Brink", "Scholten", "Groen", "Gerritsen", "Wouters", "Koopman", "Verbeek",
    "Yılmaz", "El Amrani", "Kaya", "Bouzid", "Nguyen", "Pinas", "Doğan", "Ramdin", "Öztürk", "Tahiri",
)
STREEKNAMEN = {
    "mre": ("van de Ven", "Verhoeven", "van Gerwen", "Swinkels", "Manders", "Coolen", "Rooijakkers",
            "Hurkmans", "van Lieshout", "Habraken", "van Asten", "Smulders", "van Dijk", "Sanders"),
    "drechtsteden": ("Boogaard", "van der Graaf", "Baars", "Pellikaan", "de Kluijver", "Bikker", "Kooijman",
                     "van Houwelingen", "Verhoef", "Stam", "den Hartog", "Kraaijeveld"),
    "u16": ("van Rossum", "Hagen", "van Schaik", "Mol", "van Vulpen", "Hazeleger", "Verweij", "de Kruijf",
            "Schoonderwoerd", "van Eck", "Veldhuizen", "van Ginkel"),
}
# fmt: on


def naam_voor(rng: random.Random, regio: str, bezet: set[str]) -> str:
    """A fictitious Dutch name ("J.H. van den Berg"), unique within ``bezet``."""
    namen = ACHTERNAMEN + STREEKNAMEN[regio]
    while True:
        initialen = "".join(f"{rng.choice(INITIALEN)}." for _ in range(rng.choice((1, 1, 1, 2))))
        naam = f"{initialen} {rng.choice(namen)}"
        if naam not in bezet:
            bezet.add(naam)
            return naam


def fractie_gewogen(rng: random.Random, fracties: list[dict], uitgezonderd: set[str] = frozenset()) -> str:
    """A fractie drawn with its seats as weight (bigger fracties send delegates more often)."""
    kandidaten = [f for f in fracties if f["naam"] not in uitgezonderd]
    return rng.choices([f["naam"] for f in kandidaten], weights=[f["zetels"] for f in kandidaten])[0]


def coalitiepartij(rng: random.Random, fracties: list[dict]) -> str:
    """The fractie of a wethouder: one of the three largest."""
    grootste = sorted(fracties, key=lambda f: -f["zetels"])[:3]
    return rng.choice(grootste)["naam"]


class Personen:
    """The persons of one regional file, with ids per gemeente (gm0772-p1, gm0772-p2, ...)."""

    def __init__(self, regio: str):
        self.regio = regio
        self.lijst: list[dict] = []
        self.namen: set[str] = set()
        self.teller: dict[str, int] = {}

    def nieuw(self, rng: random.Random, gemeente: dict, fractie: str | None) -> str:
        n = self.teller[gemeente["code"]] = self.teller.get(gemeente["code"], 0) + 1
        persoon = {
            "id": f"{gemeente['code'].lower()}-p{n}",
            "naam": naam_voor(rng, self.regio, self.namen),
            "gemeente": gemeente["code"],
        }
        if fractie:  # a burgemeester belongs to no fractie
            persoon["fractie"] = fractie
        self.lijst.append(persoon)
        return persoon["id"]


def lid(persoon: str, rol: str, van: date, stemgewicht: int = 1) -> dict:
    return {"persoon": persoon, "rol": rol, "stemgewicht": stemgewicht, "van": los(van)}


# --- council calendars ---------------------------------------------------------------------------

COMMISSIES_TWEE = (
    (("commissie-bestuur", "Commissie Bestuur en Middelen"), ("commissie-ruimte", "Commissie Ruimte")),
    (("commissie-samenleving", "Commissie Samenleving"), ("commissie-ruimte", "Commissie Ruimte en Wonen")),
    (("commissie-bestuur", "Commissie Bestuur en Middelen"), ("commissie-samenleving", "Commissie Samenleving")),
)
COMMISSIES_EEN = (
    (("raadscommissie", "Raadscommissie"),),
    (("commissie-algemeen", "Algemene Commissie"),),
    (("commissie-bestuur", "Commissie Bestuur en Middelen"),),
)


def raadskalender(g: dict, rng: random.Random, jaren: list[int], blok: set[date], commissies) -> list[dict]:
    """Monthly raad on the council's weekday with its committees about two weeks before, between it and the
    previous raad; nothing on a blocked day, none in August, raden at least two weeks apart. Councils that
    start a new term get an installation meeting."""
    weekdag = WEEKDAGEN.index(g["vergaderdag"])
    voorkeur = rng.randint(17, 27)  # the council's usual day of the month
    # the second committee meets on another evening of that week, never on Wednesday (the regional evening)
    verschuivingen = [-14, -12 if weekdag == DI else -16][: len(commissies)]
    raadzaal = f"Raadzaal, {g['gebouw']} {g['naam']}"
    zalen = [raadzaal, f"Commissiekamer, {g['gebouw']} {g['naam']}"]
    uit: list[dict] = []
    for jaar in jaren:
        bezet: set[date] = set()
        vorige: date | None = None
        installatie = installatiedag(jaar)
        if installatie:
            bezet.add(installatie)
            uit.append(
                vergadering(
                    installatie, "19:30", "21:30", orgaan="raad", naam="Installatie nieuwe raad", locatie=raadzaal
                )
            )
        for maand in range(1, 13):
            if maand == 8:
                continue
            opties = []  # (penalty, raad, committee dates)
            for raad in dagen_in_maand(jaar, maand, weekdag):
                if raad in blok or raad in bezet or (vorige and (raad - vorige).days < 14):
                    continue
                data = commissiedata(raad, verschuivingen, vorige, blok | bezet)
                if data is not None:
                    verschoven = sum(d != raad + timedelta(days=s) for d, s in zip(data, verschuivingen, strict=True))
                    opties.append((abs(raad.day - voorkeur) + 5 * verschoven, raad.day, raad, data))
            if not opties:
                continue
            _, _, raad, data = min(opties)
            vorige = raad
            bezet |= {raad, *data}
            uit.append(vergadering(raad, "19:30", "23:00", orgaan="raad", locatie=raadzaal))
            for (slug, _), dag, zaal in zip(commissies, data, zalen, strict=False):
                uit.append(vergadering(dag, "19:30", "22:30", orgaan=slug, locatie=zaal))
    return sorted(uit, key=lambda v: (v["start"], v["orgaan"]))


def commissiedata(raad: date, verschuivingen: list[int], vorige: date | None, blok: set[date]) -> list[date] | None:
    """Dates for the committees before ``raad``: two weeks before it, else three or one week before, always
    after the previous raad; None when a committee finds no free evening."""
    gekozen: list[date] = []
    for verschuiving in verschuivingen:
        for extra in (0, -7, 7):
            dag = raad + timedelta(days=verschuiving + extra)
            if dag < raad and (vorige is None or dag > vorige) and dag not in blok and dag not in gekozen:
                gekozen.append(dag)
                break
        else:
            return None
    return gekozen


def gemeente_document(g: dict, regio: dict, jaren: list[int]) -> dict:
    rng = random.Random(f"tussenruimte-demo-kalender-{g['code']}")
    keuzes = COMMISSIES_TWEE if g["inwoners"] >= 30_000 else COMMISSIES_EEN
    commissies = rng.choice(keuzes)
    reces = recessen(regio, jaren)
    blok = geblokkeerd(reces, jaren, verkiezingen=True)
    return {
        "code": g["code"],
        "naam": g["naam"],
        "slug": g["slug"],
        "provincie": g["provincie"],
        "inwoners": g["inwoners"],
        "vergaderdag": g["vergaderdag"],
        "fracties": [dict(f) for f in g["fracties"]],
        "reces": reces,
        "organen": [{"slug": slug, "naam": naam, "soort": "commissie"} for slug, naam in commissies],
        "vergaderingen": raadskalender(g, rng, jaren, blok, commissies),
    }


# --- regional bodies -------------------------------------------------------------------------------


def maandelijks(jaren, weekdag, schema, blok):
    """Dates of a body that meets in given months near a preferred day: schema is [(month, day), ...]."""
    for jaar in jaren:
        for maand, voorkeur in schema:
            dag = kies_dag(jaar, maand, weekdag, voorkeur, blok)
            if dag:
                yield dag


def tweewekelijks(jaren, weekdag, blok):
    """Every other ``weekdag`` from the first one after the Christmas recess; blocked ones are skipped."""
    for jaar in jaren:
        dag = date(jaar, 1, 1) + timedelta(days=(weekdag - date(jaar, 1, 1).weekday()) % 7)
        while dag in blok:
            dag += timedelta(days=7)
        while dag.year == jaar:
            if dag not in blok:
                yield dag
            dag += timedelta(days=14)


def regio_blok(regio: dict, jaren: list[int]) -> set[date]:
    return geblokkeerd(recessen(regio, jaren), jaren, verkiezingen=False)


def zaal(g: dict) -> str:
    return f"Raadzaal, {g['gebouw']} {g['naam']}"


def bouw_mre(regio, jaren, personen, van):
    gemeenten = regio["gemeenten"]
    ab, db_leden, raadstafel = [], [], []
    rng_regio = random.Random("tussenruimte-demo-mre")
    tafelvoorzitter, tafelvice = rng_regio.sample([g["code"] for g in gemeenten if g["code"] != "GM0772"], 2)
    db = {"GM0772": "voorzitter", "GM0794": "vicevoorzitter", "GM0861": "lid", "GM0762": "lid", "GM1728": "lid"}
    for g in gemeenten:
        rng = random.Random(f"tussenruimte-demo-personen-{g['code']}")
        centrum = g["code"] == regio["centrumgemeente"]
        # AB seat: the burgemeester of the centre city chairs; elsewhere a wethouder
        bestuurder = personen.nieuw(rng, g, None if centrum else coalitiepartij(rng, g["fracties"]))
        ab.append(lid(bestuurder, "voorzitter" if centrum else "lid", van))
        if g["code"] in db:
            db_leden.append(lid(bestuurder, db[g["code"]], van))
        # Raadstafel21: two raadsleden of different fracties, and a substitute from a third
        f1 = fractie_gewogen(rng, g["fracties"])
        f2 = fractie_gewogen(rng, g["fracties"], {f1})
        f3 = fractie_gewogen(rng, g["fracties"], {f1, f2})
        r1, r2, plv = (personen.nieuw(rng, g, f) for f in (f1, f2, f3))
        rol1 = {tafelvoorzitter: "voorzitter", tafelvice: "vicevoorzitter"}.get(g["code"], "lid")
        raadstafel += [lid(r1, rol1, van), lid(r2, "lid", van), lid(plv, "plaatsvervangend_lid", van)]
    db_leden.sort(key=lambda m: ROLLEN.index(m["rol"]))

    blok = regio_blok(regio, jaren)
    kantoor = "Kantoor Metropoolregio Eindhoven, Eindhoven"
    vergaderingen = []
    for dag in maandelijks(jaren, DO, [(2, 12), (4, 16), (7, 2), (10, 8), (12, 10)], blok):
        vergaderingen.append(
            vergadering(
                dag, "19:30", "22:00", orgaan="mre-ab", locatie=kantoor, online=f"{ONLINE}/mre/ab/{dag.isoformat()}"
            )
        )
    for dag in tweewekelijks(jaren, MA, blok):
        vergaderingen.append(vergadering(dag, "09:00", "11:00", orgaan="mre-db", locatie=kantoor, openbaar=False))
    schema = [(1, 21), (3, 4), (4, 15), (5, 20), (6, 10), (9, 16), (10, 7), (11, 11)]
    for i, dag in enumerate(maandelijks(jaren, WO, schema, blok)):
        gastheer = gemeenten[(i * 5) % len(gemeenten)]  # the Raadstafel travels through the region
        vergaderingen.append(
            vergadering(
                dag,
                "19:30",
                "22:00",
                orgaan="mre-raadstafel",
                locatie=zaal(gastheer),
                online=f"{ONLINE}/mre/raadstafel/{dag.isoformat()}",
            )
        )
    organen = [
        {"slug": "mre-ab", "naam": "Algemeen bestuur", "soort": "algemeen_bestuur", "leden": ab},
        {"slug": "mre-db", "naam": "Dagelijks bestuur", "soort": "dagelijks_bestuur", "leden": db_leden},
        {"slug": "mre-raadstafel", "naam": "Raadstafel21", "soort": "adviescommissie", "leden": raadstafel},
    ]
    return organen, vergaderingen


CARROUSELS = (
    ("drechtsteden-carrousel-fysiek", "Carrousel Fysiek", "zaal 1"),
    ("drechtsteden-carrousel-sociaal", "Carrousel Sociaal", "zaal 2"),
    ("drechtsteden-carrousel-bestuur-middelen", "Carrousel Bestuur en Middelen", "zaal 3"),
)


def bouw_drechtsteden(regio, jaren, personen, van):
    gemeenten = regio["gemeenten"]
    drechtraad, db_leden = [], []
    fractieleden: list[tuple[str, str]] = []  # (gemeente code, persoon)
    burgemeester = None
    for g in gemeenten:
        rng = random.Random(f"tussenruimte-demo-personen-{g['code']}")
        # Drechtraad: one member per fractie, voting with the fractie's seats in its own council
        for f in g["fracties"]:
            p = personen.nieuw(rng, g, f["naam"])
            drechtraad.append(lid(p, "lid", van, stemgewicht=f["zetels"]))
            fractieleden.append((g["code"], p))
        wethouder = personen.nieuw(rng, g, coalitiepartij(rng, g["fracties"]))
        db_leden.append(lid(wethouder, "vicevoorzitter" if g["code"] == "GM0642" else "lid", van))
        if g["code"] == regio["centrumgemeente"]:
            burgemeester = personen.nieuw(rng, g, None)
    # the chair (burgemeester of Dordrecht) leads the meeting and has no vote
    drechtraad.insert(0, lid(burgemeester, "voorzitter", van, stemgewicht=0))
    db_leden.insert(0, lid(burgemeester, "voorzitter", van))
    db_leden.sort(key=lambda m: ROLLEN.index(m["rol"]))

    rng_regio = random.Random("tussenruimte-demo-drechtsteden")
    buiten_dordrecht = [p for code, p in fractieleden if code != "GM0505"]
    voorzitters = rng_regio.sample(buiten_dordrecht, len(CARROUSELS))
    organen = [
        {"slug": "drechtraad", "naam": "Drechtraad", "soort": "gezamenlijke_raad", "leden": drechtraad},
    ]
    for (slug, naam, _), voorzitter in zip(CARROUSELS, voorzitters, strict=True):
        leden = [lid(voorzitter, "voorzitter", van)]
        leden += [lid(p, "lid", van) for _, p in fractieleden if p != voorzitter]
        organen.append({"slug": slug, "naam": naam, "soort": "carrousel", "leden": leden})
    organen.append(
        {"slug": "drechtsteden-db", "naam": "Dagelijks bestuur", "soort": "dagelijks_bestuur", "leden": db_leden}
    )

    blok = regio_blok(regio, jaren)
    huis = "Stadskantoor Dordrecht"
    vergaderingen = []
    for jaar in jaren:
        for maand in (1, 2, 3, 4, 5, 6, 9, 10, 11, 12):
            # Drechtstedendinsdag: the first Tuesday of the month, or the next free one
            dag = next(d for d in dagen_in_maand(jaar, maand, DI) if d not in blok)
            live = f"{ONLINE}/drechtsteden/{dag.isoformat()}"
            vergaderingen.append(
                vergadering(
                    dag, "17:00", "18:00", orgaan="drechtraad", naam="Themabijeenkomst", locatie=f"{huis}, Burgerzaal"
                )
            )
            for slug, naam, kamer in CARROUSELS:
                vergaderingen.append(
                    vergadering(
                        dag,
                        "19:00",
                        "20:30",
                        organen=[slug],
                        naam=naam,
                        locatie=f"{huis}, {kamer}",
                        online=f"{live}/{slug}",
                    )
                )
            vergaderingen.append(
                vergadering(
                    dag,
                    "21:00",
                    "22:30",
                    orgaan="drechtraad",
                    naam="Drechtraad",
                    locatie=f"{huis}, Raadzaal",
                    online=f"{live}/drechtraad",
                )
            )
    for dag in tweewekelijks(jaren, DO, blok):
        vergaderingen.append(
            vergadering(
                dag, "09:00", "11:00", orgaan="drechtsteden-db", locatie=f"{huis}, bestuurskamer", openbaar=False
            )
        )
    return organen, vergaderingen


def bouw_u16(regio, jaren, personen, van):
    gemeenten = regio["gemeenten"]
    bestuur, raden = [], []
    rng_regio = random.Random("tussenruimte-demo-u16")
    radenvoorzitter = rng_regio.choice([g["code"] for g in gemeenten if g["code"] != "GM0344"])
    for g in gemeenten:
        rng = random.Random(f"tussenruimte-demo-personen-{g['code']}")
        centrum = g["code"] == regio["centrumgemeente"]
        bestuurder = personen.nieuw(rng, g, None if centrum else coalitiepartij(rng, g["fracties"]))
        rol = "voorzitter" if centrum else "vicevoorzitter" if g["code"] == "GM0356" else "lid"
        bestuur.append(lid(bestuurder, rol, van))
        f1 = fractie_gewogen(rng, g["fracties"])
        f2 = fractie_gewogen(rng, g["fracties"], {f1})
        r1, r2 = personen.nieuw(rng, g, f1), personen.nieuw(rng, g, f2)
        raden += [lid(r1, "voorzitter" if g["code"] == radenvoorzitter else "lid", van), lid(r2, "lid", van)]
    bestuur.sort(key=lambda m: ROLLEN.index(m["rol"]))
    raden.sort(key=lambda m: ROLLEN.index(m["rol"]))

    blok = regio_blok(regio, jaren)
    vergaderingen = []
    schema = [(1, 23), (3, 6), (4, 17), (6, 5), (7, 3), (9, 18), (10, 30), (12, 4)]
    for i, dag in enumerate(maandelijks(jaren, VR, schema, blok)):
        gastheer = gemeenten[(i * 3) % len(gemeenten)]
        vergaderingen.append(
            vergadering(
                dag,
                "09:30",
                "11:30",
                orgaan="u16-bestuur",
                locatie=f"{gastheer['gebouw']} {gastheer['naam']}",
                openbaar=False,
            )
        )
    schema = [(1, 28), (3, 4), (5, 20), (6, 17), (9, 23), (11, 11)]
    for i, dag in enumerate(maandelijks(jaren, WO, schema, blok)):
        gastheer = gemeenten[(i * 7 + 10) % len(gemeenten)]
        vergaderingen.append(
            vergadering(
                dag,
                "19:30",
                "21:30",
                orgaan="u16-radenbijeenkomst",
                locatie=zaal(gastheer),
                online=f"{ONLINE}/u16/raden/{dag.isoformat()}",
            )
        )
    organen = [
        {"slug": "u16-bestuur", "naam": "Bestuurlijk overleg U16", "soort": "bestuur", "leden": bestuur},
        {"slug": "u16-radenbijeenkomst", "naam": "Radenbijeenkomst U16", "soort": "radenbijeenkomst", "leden": raden},
    ]
    return organen, vergaderingen


BOUWERS = {"mre": bouw_mre, "drechtsteden": bouw_drechtsteden, "u16": bouw_u16}


def regio_document(slug: str, jaren: list[int]) -> dict:
    regio = REGIONS[slug]
    personen = Personen(slug)
    van = laatste_installatie(min(jaren))  # delegations of the council term running at the start
    organen, vergaderingen = BOUWERS[slug](regio, jaren, personen, van)
    vergaderingen.sort(key=lambda v: (v["start"], v.get("orgaan") or v["organen"][0]))
    deelnemers = [
        {
            "gemeente": g["code"],
            "inwoners": g["inwoners"],
            "bijdrage": round(g["inwoners"] * regio["bijdrage_per_inwoner"], 2),
        }
        for g in regio["gemeenten"]
    ]
    return {
        "gemeenten": [gemeente_document(g, regio, jaren) for g in regio["gemeenten"]],
        "personen": personen.lijst,
        "regelingen": [
            {
                "slug": slug,
                "naam": regio["naam"],
                "vorm": regio["vorm"],
                "synchronisatie": regio["synchronisatie"],
                "deelnemers": deelnemers,
                "organen": organen,
                "vergaderingen": vergaderingen,
            }
        ],
    }


def build(years) -> dict[str, dict]:
    """The import documents for all demo regions, keyed by regeling slug. Pure and deterministic."""
    jaren = sorted(set(int(j) for j in years))
    if not jaren:
        raise ValueError("at least one year is needed")
    return {slug: regio_document(slug, jaren) for slug in REGIONS}


# --- consistency check -----------------------------------------------------------------------------


def controleer(documenten: dict[str, dict]) -> list[str]:
    """Problems found in the built documents, as readable sentences (an empty list when all is well)."""
    fouten: list[str] = []
    codes: set[str] = set()
    for bestand, doc in documenten.items():
        fracties_van: dict[str, set[str]] = {}
        for g in doc["gemeenten"]:
            wie = f"{bestand}: {g['naam']}"
            if not re.fullmatch(r"GM\d{4}", g["code"]) or g["code"] in codes:
                fouten.append(f"{wie}: code {g['code']} malformed or duplicate")
            codes.add(g["code"])
            if not SLUG.match(g["slug"]):
                fouten.append(f"{wie}: slug {g['slug']!r} is not lowercase ascii with hyphens")
            zetels = sum(f["zetels"] for f in g["fracties"])
            if zetels != raadsgrootte(g["inwoners"]):
                fouten.append(f"{wie}: {zetels} seats, Gemeentewet art. 8 gives {raadsgrootte(g['inwoners'])}")
            if not 4 <= len(g["fracties"]) <= 9:
                fouten.append(f"{wie}: {len(g['fracties'])} fracties")
            fracties_van[g["code"]] = {f["naam"] for f in g["fracties"]}
            organen = {"raad"} | {o["slug"] for o in g["organen"]}
            fouten += _controleer_vergaderingen(wie, g["vergaderingen"], organen)
            dagen = [date.fromisoformat(v["start"][:10]) for v in g["vergaderingen"]]
            if len(dagen) != len(set(dagen)):
                fouten.append(f"{wie}: two council meetings on one evening")
            for dag in dagen:
                if any(r["van"] <= dag <= r["tot"] for r in g["reces"]):
                    fouten.append(f"{wie}: meeting in recess on {dag}")
        ids = set()
        for p in doc["personen"]:
            if p["id"] in ids:
                fouten.append(f"{bestand}: person id {p['id']} twice")
            ids.add(p["id"])
            if p["gemeente"] not in fracties_van:
                fouten.append(f"{bestand}: {p['id']} belongs to unknown gemeente {p['gemeente']}")
            elif "fractie" in p and p["fractie"] not in fracties_van[p["gemeente"]]:
                fouten.append(f"{bestand}: {p['id']} in unknown fractie {p['fractie']}")
        for r in doc["regelingen"]:
            for d in r["deelnemers"]:
                if d["gemeente"] not in fracties_van:
                    fouten.append(f"{bestand}: deelnemer {d['gemeente']} not in the file")
            for o in r["organen"]:
                for m in o["leden"]:
                    if m["persoon"] not in ids or m["rol"] not in ROLLEN:
                        fouten.append(f"{bestand}: {o['slug']}: bad member {m}")
            fouten += _controleer_vergaderingen(
                f"{bestand}: {r['slug']}", r["vergaderingen"], {o["slug"] for o in r["organen"]}
            )
    return fouten


def _controleer_vergaderingen(wie: str, vergaderingen: list[dict], organen: set[str]) -> list[str]:
    fouten = []
    for v in vergaderingen:
        slugs = [v["orgaan"]] if "orgaan" in v else v.get("organen", [])
        if ("orgaan" in v) == ("organen" in v) or not slugs or not set(slugs) <= organen:
            fouten.append(f"{wie}: meeting {v} names no known orgaan, or both orgaan and organen")
        start, einde = datetime.fromisoformat(v["start"]), datetime.fromisoformat(v["einde"])
        if not start < einde or start.utcoffset() != start.replace(tzinfo=None).replace(tzinfo=TZ).utcoffset():
            fouten.append(f"{wie}: meeting {v['start']} has a wrong time or offset")
        feest = feestdagen(start.year).get(start.date())
        if feest:
            fouten.append(f"{wie}: meeting on {feest} {start.date()}")
    return fouten


# --- command line --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m app.demo.build", description=__doc__.splitlines()[0])
    parser.add_argument("jaren", nargs="*", type=int, help="years to plan (default: this year and the next)")
    parser.add_argument("--out", type=Path, default=DATA_DIR, help=f"output folder (default {DATA_DIR})")
    args = parser.parse_args(argv)
    jaren = args.jaren or [date.today().year, date.today().year + 1]
    documenten = build(jaren)
    fouten = controleer(documenten)
    if fouten:
        print("\n".join(fouten), file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for slug, doc in documenten.items():
        pad = args.out / f"{slug}.yaml"
        kop = f"# Demo data for Tussenruimte, generated by `python -m app.demo.build {' '.join(map(str, jaren))}`.\n"
        kop += "# Gemeenten and CBS codes are real; persons are fictitious; fracties and seats are plausible.\n"
        tekst = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=120)
        if re.search(r"[&*]id\d{3}", tekst):
            raise AssertionError(f"{slug}: an object is shared in the document and would be written as an alias")
        pad.write_text(kop + tekst, encoding="utf-8")
        regionaal = len(doc["regelingen"][0]["vergaderingen"])
        lokaal = sum(len(g["vergaderingen"]) for g in doc["gemeenten"])
        print(
            f"{pad}: {len(doc['gemeenten'])} gemeenten, {len(doc['personen'])} personen, "
            f"{lokaal} raadsvergaderingen, {regionaal} regionale vergaderingen"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
