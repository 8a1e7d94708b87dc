"""Weighted votes, counted exactly. Pure: plain data in, plain data out; no database.

A joint council of the Drechtraad kind, or an algemeen bestuur, votes with weights. The regeling's own rules
(``Regeling.stemregels``, read with ``Stemregels.uit_json``) say

- how much each member's vote weighs (``gewicht``):
  ``gelijk``: one member, one vote (each of the n members weighs 1/n);
  ``fractie_aandeel``: the fractie's share of its council's seats times the gemeente's share of the regeling
  (by population or by financial contribution, ``grondslag``). When a fractie sends more than one member, the
  fractie's weight is split equally among them. A member without a fractie (a chair who is no council member)
  has no vote. A fractie that sends nobody leaves its weight unused: it is not handed to the others;
  ``handmatig``: the weight set by hand on each membership (``Lidmaatschap.stemgewicht``);
- which majority adopts (``meerderheid``): ``gewone`` more than half, ``zestig`` at least 60%, ``twee_derde``
  at least two thirds;
- of what (``basis``): ``uitgebracht`` the weight cast (voor + tegen; abstentions only when
  ``onthouden_telt_mee``), or ``totaal`` all weight of all members, present or not;
- what a tie does (``staken``, only under a simple majority: exactly half is voor): ``verworpen`` (the default:
  a tie does not adopt), or ``voorzitter``: the chair's vote decides (voor adopts; anything else does not).

The quorum is not a rule a regeling sets: more than half of the members must be present (Gemeentewet art. 20
lid 1, which Wgr art. 22 lid 1 declares applicable to the algemeen bestuur). It counts heads, not weight.
Only members whose weight is above zero are members with a vote; only they count for the quorum.

Every weight is a ``Fraction``; percentages are for display only.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from app.errors import Invalid
from app.regelingen.aandelen import GRONDSLAG_LABELS, Grondslag, procent
from app.stemmingen.models import Keuze, StemUitkomst


class Gewicht(StrEnum):
    gelijk = "gelijk"
    fractie_aandeel = "fractie_aandeel"
    handmatig = "handmatig"


class Meerderheid(StrEnum):
    gewone = "gewone"
    zestig = "zestig"
    twee_derde = "twee_derde"


class Basis(StrEnum):
    uitgebracht = "uitgebracht"
    totaal = "totaal"


class Staken(StrEnum):
    verworpen = "verworpen"
    voorzitter = "voorzitter"


GEWICHT_LABELS = {
    Gewicht.gelijk: "Gelijk: elk lid één stem",
    Gewicht.fractie_aandeel: "Zetelaandeel van de fractie in de eigen raad × aandeel van de gemeente",
    Gewicht.handmatig: "Handmatig: het stemgewicht dat bij elk lid is vastgelegd",
}
MEERDERHEID_LABELS = {
    Meerderheid.gewone: "Gewone meerderheid: meer dan de helft",
    Meerderheid.zestig: "Ten minste 60%",
    Meerderheid.twee_derde: "Ten minste twee derde",
}
BASIS_LABELS = {
    Basis.uitgebracht: "van het uitgebrachte stemgewicht (voor en tegen)",
    Basis.totaal: "van het stemgewicht van alle leden, ook wie afwezig is",
}
STAKEN_LABELS = {
    Staken.verworpen: "Bij staking van stemmen is het voorstel niet aangenomen",
    Staken.voorzitter: "Bij staking van stemmen beslist de stem van de voorzitter",
}
KEUZE_LABELS = {Keuze.voor: "Voor", Keuze.tegen: "Tegen", Keuze.onthouden: "Onthouden", Keuze.afwezig: "Afwezig"}
UITKOMST_LABELS = {
    StemUitkomst.aangenomen: "Aangenomen",
    StemUitkomst.verworpen: "Verworpen",
    StemUitkomst.geen_quorum: "Geen quorum",
}
QUORUM_UITLEG = ("Quorum: meer dan de helft van de leden met stemrecht is aanwezig (Gemeentewet art. 20 lid 1, "
                 "via Wgr art. 22 lid 1). Het quorum telt leden, geen stemgewicht.")

_KEUZES = {
    "gewicht": Gewicht,
    "grondslag": Grondslag,
    "meerderheid": Meerderheid,
    "basis": Basis,
    "staken": Staken,
}


class StemregelFout(ValueError):
    """A member cannot be weighed or counted. ``persoon_id`` says who, so the caller can name them."""

    def __init__(self, persoon_id: int, reden: str):
        super().__init__(reden)
        self.persoon_id = persoon_id
        self.reden = reden


@dataclass(frozen=True)
class Stemregels:
    gewicht: Gewicht = Gewicht.gelijk
    grondslag: Grondslag = Grondslag.inwoners
    meerderheid: Meerderheid = Meerderheid.gewone
    basis: Basis = Basis.uitgebracht
    onthouden_telt_mee: bool = False
    staken: Staken = Staken.verworpen

    @classmethod
    def uit_json(cls, data: Mapping | None) -> "Stemregels":
        """The rules from the regeling's JSON; missing keys take the defaults. Anything else is a Dutch 422."""
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise Invalid("De stemregels moeten een object zijn, bijvoorbeeld {\"gewicht\": \"gelijk\"}.")
        errors: list[dict] = []
        values: dict = {}
        for naam, waarde in data.items():
            if naam in _KEUZES:
                soort = _KEUZES[naam]
                try:
                    values[naam] = soort(waarde)
                except ValueError:
                    toegestaan = ", ".join(f"‘{k.value}’" for k in soort)
                    errors.append({"name": naam, "reason": f"kies uit {toegestaan}"})
            elif naam == "onthouden_telt_mee":
                if isinstance(waarde, bool):
                    values[naam] = waarde
                else:
                    errors.append({"name": naam, "reason": "verwacht true of false"})
            else:
                errors.append({"name": str(naam)[:40], "reason": "onbekende stemregel"})
        if errors:
            tekst = "; ".join(f"‘{e['name']}’: {e['reason']}" for e in errors)
            raise Invalid(f"De stemregels kloppen niet: {tekst}.", errors=errors)
        return cls(**values)

    def naar_json(self) -> dict:
        return {"gewicht": self.gewicht.value, "grondslag": self.grondslag.value,
                "meerderheid": self.meerderheid.value, "basis": self.basis.value,
                "onthouden_telt_mee": self.onthouden_telt_mee, "staken": self.staken.value}

    def beschrijving(self) -> list[str]:
        """The rules in Dutch sentences, for pages."""
        gewicht = GEWICHT_LABELS[self.gewicht]
        if self.gewicht == Gewicht.fractie_aandeel:
            gewicht += (f" (naar {GRONDSLAG_LABELS[self.grondslag]}); stuurt een fractie meer leden, dan delen zij "
                        "het gewicht van de fractie gelijk")
        telt = "telt mee" if self.onthouden_telt_mee else "telt niet mee"
        onthouden = f"Wie zich onthoudt, {telt} in het uitgebrachte stemgewicht."
        return [
            f"Stemgewicht: {gewicht}.",
            f"Meerderheid: {MEERDERHEID_LABELS[self.meerderheid].lower()} {BASIS_LABELS[self.basis]}.",
            onthouden,
            f"{STAKEN_LABELS[self.staken]}.",
            QUORUM_UITLEG,
        ]


@dataclass(frozen=True)
class Lid:
    """A member as the weighing sees them: who, for which gemeente and fractie, and a weight set by hand."""

    persoon_id: int
    gemeente_id: int | None = None
    fractie_id: int | None = None
    voorzitter: bool = False
    stemgewicht: Fraction = Fraction(1)


def gewichten(leden: Sequence[Lid], regels: Stemregels, *, aandelen: Mapping[int, Fraction] | None = None,
              zetels: Mapping[int, int] | None = None,
              raadszetels: Mapping[int, int] | None = None) -> dict[int, Fraction]:
    """``{persoon_id: weight}`` for these members under the rules.

    For ``fractie_aandeel``: ``aandelen`` is each participating gemeente's share (``app.regelingen.aandelen``),
    ``zetels`` each fractie's seats, ``raadszetels`` each gemeente's council size (all its fracties' seats).
    """
    if regels.gewicht == Gewicht.gelijk:
        return {lid.persoon_id: Fraction(1, len(leden)) for lid in leden}
    if regels.gewicht == Gewicht.handmatig:
        uit: dict[int, Fraction] = {}
        for lid in leden:
            gewicht = Fraction(lid.stemgewicht)
            if gewicht < 0:
                raise StemregelFout(lid.persoon_id, "heeft een negatief stemgewicht")
            uit[lid.persoon_id] = gewicht
        return uit
    aandelen, zetels, raadszetels = aandelen or {}, zetels or {}, raadszetels or {}
    per_fractie: dict[int, int] = defaultdict(int)
    for lid in leden:
        if lid.fractie_id is not None:
            per_fractie[lid.fractie_id] += 1
    uit = {}
    for lid in leden:
        if lid.fractie_id is None:
            uit[lid.persoon_id] = Fraction(0)  # a chair who is no council member: no vote
            continue
        if lid.gemeente_id is None or lid.gemeente_id not in aandelen:
            raise StemregelFout(lid.persoon_id, "zit er namens een gemeente die niet aan de regeling deelneemt")
        if lid.fractie_id not in zetels:
            raise StemregelFout(lid.persoon_id, "hoort bij een fractie waarvan het aantal zetels onbekend is")
        raad = raadszetels.get(lid.gemeente_id, 0)
        if raad <= 0:
            raise StemregelFout(lid.persoon_id, "komt uit een raad waarvan geen zetels zijn vastgelegd")
        uit[lid.persoon_id] = (Fraction(zetels[lid.fractie_id], raad) * aandelen[lid.gemeente_id]
                               / per_fractie[lid.fractie_id])
    return uit


@dataclass(frozen=True)
class Stem:
    """One member's vote as the count sees it."""

    persoon_id: int
    gewicht: Fraction
    keuze: Keuze
    gemeente_id: int | None = None
    fractie_id: int | None = None
    voorzitter: bool = False


@dataclass(frozen=True)
class GemeenteUitslag:
    """The weight (and the number of members) voor, tegen, onthouden and afwezig: of a gemeente, a fractie, or
    the whole vote."""

    voor: Fraction = Fraction(0)
    tegen: Fraction = Fraction(0)
    onthouden: Fraction = Fraction(0)
    afwezig: Fraction = Fraction(0)
    aantal_voor: int = 0
    aantal_tegen: int = 0
    aantal_onthouden: int = 0
    aantal_afwezig: int = 0

    @property
    def gewicht(self) -> Fraction:
        return self.voor + self.tegen + self.onthouden + self.afwezig

    @property
    def leden(self) -> int:
        return self.aantal_voor + self.aantal_tegen + self.aantal_onthouden + self.aantal_afwezig

    def plus(self, stem: Stem) -> "GemeenteUitslag":
        naam = stem.keuze.value
        return GemeenteUitslag(**{
            **self.__dict__, naam: getattr(self, naam) + stem.gewicht,
            f"aantal_{naam}": getattr(self, f"aantal_{naam}") + 1,
        })

    def naar_json(self) -> dict:
        return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in self.__dict__.items()}

    @classmethod
    def uit_json(cls, data: Mapping) -> "GemeenteUitslag":
        return cls(**{k: (Fraction(v) if isinstance(v, str) else int(v)) for k, v in data.items()})


Totalen = GemeenteUitslag  # the same four weights, for the whole vote or a fractie


def _som(stemmen: Iterable[Stem]) -> GemeenteUitslag:
    totaal = GemeenteUitslag()
    for stem in stemmen:
        totaal = totaal.plus(stem)
    return totaal


@dataclass(frozen=True)
class Uitslag:
    regels: Stemregels
    totalen: GemeenteUitslag
    leden: int  # members with a vote
    aanwezig: int
    quorum: bool
    basis: Fraction  # the weight the majority is measured against
    uitkomst: StemUitkomst
    staking: bool
    reden: str
    voorzitter_id: int | None = None
    per_gemeente: dict[int, GemeenteUitslag] = field(default_factory=dict)
    per_fractie: dict[int, GemeenteUitslag] = field(default_factory=dict)

    @property
    def aandeel_voor(self) -> Fraction | None:
        """Voor as a share of the basis; None when nothing counted."""
        return self.totalen.voor / self.basis if self.basis else None

    @property
    def aangenomen(self) -> bool:
        return self.uitkomst == StemUitkomst.aangenomen

    def naar_json(self) -> dict:
        """The snapshot kept in ``Stemming.uitslag``: exact fractions as text."""
        return {
            "uitkomst": self.uitkomst.value, "reden": self.reden, "leden": self.leden, "aanwezig": self.aanwezig,
            "quorum": self.quorum, "basis": str(self.basis), "staking": self.staking,
            "voorzitter_id": self.voorzitter_id, "totalen": self.totalen.naar_json(),
            "per_gemeente": {str(k): v.naar_json() for k, v in self.per_gemeente.items()},
            "per_fractie": {str(k): v.naar_json() for k, v in self.per_fractie.items()},
        }


def _meerderheid_gehaald(voor: Fraction, basis: Fraction, meerderheid: Meerderheid) -> bool:
    if meerderheid == Meerderheid.gewone:
        return voor * 2 > basis
    if meerderheid == Meerderheid.zestig:
        return voor * 5 >= basis * 3
    return voor * 3 >= basis * 2


_NODIG = {
    Meerderheid.gewone: "meer dan de helft",
    Meerderheid.zestig: "ten minste 60%",
    Meerderheid.twee_derde: "ten minste twee derde",
}
_VAN = {Basis.uitgebracht: "van het uitgebrachte stemgewicht", Basis.totaal: "van het stemgewicht van alle leden"}


def tel(stemmen: Sequence[Stem], regels: Stemregels) -> Uitslag:
    """Count a vote. ``stemmen`` holds every member with a vote (weight above zero), absent ones as ``afwezig``.

    A member listed twice, or with a weight of zero or less, is a ``StemregelFout``.
    """
    gezien: set[int] = set()
    for stem in stemmen:
        if stem.persoon_id in gezien:
            raise StemregelFout(stem.persoon_id, "staat twee keer in de stemming")
        gezien.add(stem.persoon_id)
        if stem.gewicht <= 0:
            raise StemregelFout(stem.persoon_id, "heeft geen stemrecht (stemgewicht nul)")
    totalen = _som(stemmen)
    per_gemeente: dict[int, list[Stem]] = defaultdict(list)
    per_fractie: dict[int, list[Stem]] = defaultdict(list)
    for stem in stemmen:
        if stem.gemeente_id is not None:
            per_gemeente[stem.gemeente_id].append(stem)
        if stem.fractie_id is not None:
            per_fractie[stem.fractie_id].append(stem)
    voorzitters = [s for s in stemmen if s.voorzitter]
    voorzitter = voorzitters[0] if voorzitters else None

    leden = len(stemmen)
    aanwezig = leden - totalen.aantal_afwezig
    quorum = aanwezig * 2 > leden
    if regels.basis == Basis.totaal:
        basis = totalen.gewicht
    else:
        basis = totalen.voor + totalen.tegen + (totalen.onthouden if regels.onthouden_telt_mee else 0)
    staking = (quorum and basis > 0 and regels.meerderheid == Meerderheid.gewone and totalen.voor * 2 == basis)
    nodig = f"nodig is {_NODIG[regels.meerderheid]}"

    if not quorum:
        uitkomst = StemUitkomst.geen_quorum
        reden = (f"{aanwezig} van de {leden} leden met stemrecht waren aanwezig; nodig is meer dan de helft "
                 f"({leden // 2 + 1}). Er is niet geldig gestemd.")
    elif basis == 0:
        uitkomst = StemUitkomst.verworpen
        reden = "Er is geen stemgewicht uitgebracht."
    elif staking:
        beslist = regels.staken == Staken.voorzitter and voorzitter is not None
        aangenomen = beslist and voorzitter.keuze == Keuze.voor
        uitkomst = StemUitkomst.aangenomen if aangenomen else StemUitkomst.verworpen
        if regels.staken == Staken.voorzitter:
            reden = ("De stemmen staken (precies de helft voor); de stem van de voorzitter beslist: "
                     + ("voor, dus aangenomen." if aangenomen else "niet voor, dus niet aangenomen."))
        else:
            reden = "De stemmen staken (precies de helft voor); bij staking is een voorstel niet aangenomen."
    else:
        gehaald = _meerderheid_gehaald(totalen.voor, basis, regels.meerderheid)
        uitkomst = StemUitkomst.aangenomen if gehaald else StemUitkomst.verworpen
        reden = f"{procent(totalen.voor / basis)} {_VAN[regels.basis]} was voor; {nodig}."
    return Uitslag(
        regels=regels, totalen=totalen, leden=leden, aanwezig=aanwezig, quorum=quorum, basis=basis,
        uitkomst=uitkomst, staking=staking, reden=reden,
        voorzitter_id=voorzitter.persoon_id if voorzitter else None,
        per_gemeente={g: _som(s) for g, s in per_gemeente.items()},
        per_fractie={f: _som(s) for f, s in per_fractie.items()},
    )
