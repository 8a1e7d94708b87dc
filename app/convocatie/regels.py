"""A regeling's convocation rules and the threshold check. Pure: plain data in, plain data out.

Company law is the model (see the domain brief): shareholders with a tenth of the capital may ask the board of an NV
to convene (BW 2:110), and in a BV the meeting must be held within four weeks (BW 2:220). Per regeling:

- ``wie``: who may ask and support: ``raad`` (a griffier on behalf of the council, recording its decision or
  motion) or ``ab_leden`` (members of the algemeen bestuur, each for themselves);
- ``drempel``: ``gewicht`` (the supporting councils' share of the population or contribution, default 1/10),
  ``aantal`` (a number of councils, or of members) or ``wettelijk`` (one fifth of the AB members: Gemeentewet art.
  17 lid 2, which Wgr art. 22 lid 1 applies to the algemeen bestuur; it counts members, so it goes with ab_leden);
- ``termijn_weken``: within how many weeks after the threshold the chair must convene (default 4, after BW 2:220;
  a term the regeling sets itself: the Gemeentewet sets none);
- ``herinnering_dagen``: how many days before that term ends the portal reminds (default 7).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from app.convocatie.models import Route
from app.errors import Invalid
from app.regelingen.aandelen import Grondslag


class Wie(StrEnum):
    raad = "raad"
    ab_leden = "ab_leden"


class Drempelsoort(StrEnum):
    gewicht = "gewicht"
    aantal = "aantal"
    wettelijk = "wettelijk"


WIE_LABELS = {Wie.raad: "de raden (via hun griffier)", Wie.ab_leden: "de leden van het algemeen bestuur"}
DREMPEL_LABELS = {
    Drempelsoort.gewicht: "een aandeel in het gewicht van de deelnemers",
    Drempelsoort.aantal: "een aantal",
    Drempelsoort.wettelijk: "een vijfde van de leden van het algemeen bestuur (wettelijke route)",
}
WETTELIJK = Fraction(1, 5)  # Gemeentewet art. 17 lid 2: "ten minste een vijfde van het aantal leden"
MAX_WEKEN, MAX_DAGEN, MAX_AANTAL = 52, 60, 1000


@dataclass(frozen=True)
class Convocatieregels:
    wie: Wie = Wie.raad
    drempel: Drempelsoort = Drempelsoort.gewicht
    aandeel: Fraction = Fraction(1, 10)  # with drempel gewicht
    grondslag: Grondslag = Grondslag.inwoners  # the weight of a council: its population or its contribution
    aantal: int = 2  # with drempel aantal: councils (wie raad) or members (wie ab_leden)
    termijn_weken: int = 4
    herinnering_dagen: int = 7

    @property
    def route(self) -> Route:
        """The route a request under these rules takes (the request keeps it, with a copy of the rules)."""
        return Route.wettelijk if self.drempel == Drempelsoort.wettelijk else Route(self.wie.value)

    @property
    def door_raden(self) -> bool:
        return self.wie == Wie.raad

    @classmethod
    def uit(cls, data: Mapping | None) -> "Convocatieregels":
        """From the regeling's JSON (missing keys take the defaults); Invalid with a Dutch reason per field."""
        data = dict(data or {})
        fouten: list[dict] = []

        def fout(naam: str, reden: str) -> None:
            fouten.append({"name": naam, "reason": reden})

        onbekend = sorted(set(data) - {f for f in cls.__dataclass_fields__})
        for naam in onbekend:
            fout(naam, "onbekend veld")
        standaard = cls()
        waarden: dict = {}
        for naam, soort, keuzes in (("wie", Wie, "raad of ab_leden"),
                                    ("drempel", Drempelsoort, "gewicht, aantal of wettelijk"),
                                    ("grondslag", Grondslag, "inwoners of bijdrage")):
            waarde = data.get(naam, getattr(standaard, naam))
            try:
                waarden[naam] = soort(waarde)
            except ValueError:
                fout(naam, f"{str(waarde)[:40]!r} is geen geldige waarde; kies uit {keuzes}")
        waarde = data.get("aandeel", standaard.aandeel)
        try:
            if isinstance(waarde, bool) or not isinstance(waarde, str | int | Fraction):
                raise ValueError
            aandeel = Fraction(waarde)
        except (ValueError, ZeroDivisionError):
            fout("aandeel", "geef een breuk, zoals 1/10, of een getal tussen 0 en 1")
        else:
            if not 0 < aandeel <= 1:
                fout("aandeel", "moet groter dan 0 en hoogstens 1 zijn")
            elif aandeel.denominator > 10_000:
                fout("aandeel", "gebruik een eenvoudiger breuk (noemer hoogstens 10000)")
            waarden["aandeel"] = aandeel
        for naam, laag, hoog in (("aantal", 1, MAX_AANTAL), ("termijn_weken", 1, MAX_WEKEN),
                                 ("herinnering_dagen", 0, MAX_DAGEN)):
            waarde = data.get(naam, getattr(standaard, naam))
            if isinstance(waarde, bool) or not isinstance(waarde, int):
                fout(naam, "verwacht een geheel getal")
            elif not laag <= waarde <= hoog:
                fout(naam, f"moet tussen {laag} en {hoog} liggen")
            else:
                waarden[naam] = waarde
        if not fouten:
            if waarden["drempel"] == Drempelsoort.wettelijk and waarden["wie"] != Wie.ab_leden:
                fout("wie", "de wettelijke route telt leden van het algemeen bestuur: kies ab_leden")
            if waarden["drempel"] == Drempelsoort.gewicht and waarden["wie"] != Wie.raad:
                fout("drempel", "een drempel naar gewicht telt raden: kies bij ab_leden ‘aantal’ of ‘wettelijk’")
            if waarden["herinnering_dagen"] >= waarden["termijn_weken"] * 7:
                fout("herinnering_dagen", "moet korter zijn dan de termijn")
        if fouten:
            tekst = "; ".join(f"{f['name']}: {f['reason']}" for f in fouten)
            raise Invalid(f"De convocatieregels kloppen niet: {tekst}.", errors=fouten)
        return cls(**waarden)

    def naar(self) -> dict:
        """As the regeling (and a request's copy) stores it: JSON, the share as an exact fraction in text."""
        return {"wie": self.wie.value, "drempel": self.drempel.value, "aandeel": str(self.aandeel),
                "grondslag": self.grondslag.value, "aantal": self.aantal, "termijn_weken": self.termijn_weken,
                "herinnering_dagen": self.herinnering_dagen}


@dataclass(frozen=True)
class Stand:
    """How far the support is: ``gewicht`` against ``drempel``, in the same unit (a share, or a count)."""

    gewicht: Fraction
    drempel: Fraction
    bereikt: bool
    telt: str  # what is counted: "aandeel", "raden", "leden"


def stand(steun: Iterable[int], regels: Convocatieregels, aandelen: Mapping[int, Fraction], ab_leden: int) -> Stand:
    """The support of these supporters (gemeente ids, or persoon ids on an AB route) against the threshold.

    ``aandelen`` gives each council's share (only read for drempel gewicht); ``ab_leden`` is the number of
    members of the algemeen bestuur (only read for drempel wettelijk). A supporter counts once, however often
    it is listed. With drempel wettelijk and no members known the threshold cannot be reached.
    """
    steun = set(steun)
    if regels.drempel == Drempelsoort.gewicht:
        gewicht = sum((aandelen.get(g, Fraction(0)) for g in steun), Fraction(0))
        return Stand(gewicht, regels.aandeel, gewicht >= regels.aandeel, "aandeel")
    if regels.drempel == Drempelsoort.aantal:
        telt = "raden" if regels.door_raden else "leden"
        return Stand(Fraction(len(steun)), Fraction(regels.aantal), len(steun) >= regels.aantal, telt)
    drempel = WETTELIJK * ab_leden
    return Stand(Fraction(len(steun)), drempel, ab_leden > 0 and len(steun) >= drempel, "leden")


def drempel_bereikt(steun: Iterable[int], regels: Convocatieregels, aandelen: Mapping[int, Fraction],
                    ab_leden: int) -> bool:
    return stand(steun, regels, aandelen, ab_leden).bereikt
