"""Votes and voting rules as the JSON API takes and shows them. Weights are exact fractions as text ("5/13"),
with a percentage beside them for people (display only: never count with it)."""

import math
from datetime import datetime, tzinfo
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.organen.schemas import OrgaanRef
from app.regelingen.aandelen import Grondslag
from app.regelingen.schemas import RegelingRef
from app.stemmingen.models import Keuze, StemUitkomst
from app.stemmingen.rekenen import Basis, GemeenteUitslag, Gewicht, Meerderheid, Staken, Stemregels
from app.validation import MAX_ID, Text
from app.vergaderingen.schemas import AwareDatetime
from app.web.urls import api_url, links, page_url

Breuk = Annotated[str, Field(pattern=r"^\d+(/\d+)?$", examples=["5/13"], description="exacte breuk")]
Procent = Annotated[str, Field(pattern=r"^\d+\.\d{2}$", examples=["38.46"],
                               description="percentage op twee decimalen; alleen om te tonen")]
PersoonId = Annotated[int, Field(ge=1, le=MAX_ID)]


def procent_tekst(deel: Fraction, geheel: Fraction) -> str:
    """'38.46': the share in percent, two decimals, rounded half up; '0.00' when the whole is nothing."""
    if not geheel:
        return "0.00"
    honderdsten = math.floor(deel * 10000 / geheel + Fraction(1, 2))
    return f"{honderdsten // 100}.{honderdsten % 100:02d}"


class Gewogen(BaseModel):
    """Een stemgewicht: exact, en als percentage van het stemgewicht van alle leden."""

    gewicht: Breuk
    procent: Procent

    @classmethod
    def van(cls, deel: Fraction, geheel: Fraction) -> "Gewogen":
        return cls(gewicht=str(deel), procent=procent_tekst(deel, geheel))


# --- the rules -------------------------------------------------------------------------------------------


class StemregelsUpdate(BaseModel):
    """De stemregels van een regeling. Wat u weglaat, krijgt de standaardwaarde."""

    model_config = ConfigDict(extra="forbid")

    gewicht: Gewicht = Field(default=Gewicht.gelijk, description=(
        "gelijk: elk lid één stem; fractie_aandeel: zetelaandeel van de fractie in de eigen raad × aandeel van de "
        "gemeente (naar grondslag), gedeeld door het aantal leden van die fractie; handmatig: het stemgewicht van "
        "het lidmaatschap"))
    grondslag: Grondslag = Field(default=Grondslag.inwoners, description="voor fractie_aandeel")
    meerderheid: Meerderheid = Field(default=Meerderheid.gewone,
                                     description="gewone: meer dan de helft; zestig: ten minste 60%; "
                                                 "twee_derde: ten minste twee derde")
    basis: Basis = Field(default=Basis.uitgebracht,
                         description="uitgebracht: voor + tegen; totaal: het stemgewicht van alle leden")
    onthouden_telt_mee: bool = Field(default=False, description="onthoudingen tellen mee in het uitgebrachte gewicht")
    staken: Staken = Field(default=Staken.verworpen,
                           description="bij precies de helft voor: verworpen, of de stem van de voorzitter beslist")
    versie: str | None = Field(default=None, max_length=20,
                               description="de versie die u het laatst zag; is het intussen gewijzigd, dan 409")

    def regels(self) -> Stemregels:
        return Stemregels(gewicht=self.gewicht, grondslag=self.grondslag, meerderheid=self.meerderheid,
                          basis=self.basis, onthouden_telt_mee=self.onthouden_telt_mee, staken=self.staken)


class StemregelsPublic(BaseModel):
    """Hoe gewogen stemmen tellen in de organen van deze regeling. Het quorum is wettelijk en telt leden."""

    regeling: RegelingRef
    gewicht: Gewicht
    grondslag: Grondslag
    meerderheid: Meerderheid
    basis: Basis
    onthouden_telt_mee: bool
    staken: Staken
    beschrijving: list[str] = Field(description="de regels in zinnen")
    versie: str = Field(description="stuur haar mee bij PUT (optimistische vergrendeling)")

    @classmethod
    def build(cls, regeling, regels: Stemregels, versie: str, base_url: str) -> "StemregelsPublic":
        return cls(regeling=RegelingRef.build(regeling, base_url), **regels.naar_json(),
                   beschrijving=regels.beschrijving(), versie=versie)


# --- a vote ----------------------------------------------------------------------------------------------


class StemInvoer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    persoon_id: PersoonId
    keuze: Keuze


class StemmingCreate(BaseModel):
    """Een stemming vastleggen. Leden die niet in ``stemmen`` staan, waren afwezig."""

    model_config = ConfigDict(extra="forbid")

    orgaan: Text = Field(min_length=1, max_length=120, description="slug van het orgaan dat stemde")
    vergadering_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="de vergadering waarin")
    voorstel_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="het voorstel waarover")
    onderwerp: Text | None = Field(default=None, max_length=300,
                                   description="waarover; leeg is de titel van het voorstel")
    gestemd_op: AwareDatetime = Field(examples=["2027-03-09T21:40:00+01:00"])
    stemmen: list[StemInvoer] = Field(min_length=1, max_length=2000)


class TotalenPublic(BaseModel):
    voor: Gewogen
    tegen: Gewogen
    onthouden: Gewogen
    afwezig: Gewogen
    aantal_voor: int
    aantal_tegen: int
    aantal_onthouden: int
    aantal_afwezig: int

    @classmethod
    def velden(cls, t: GemeenteUitslag, geheel: Fraction) -> dict:
        return {"voor": Gewogen.van(t.voor, geheel), "tegen": Gewogen.van(t.tegen, geheel),
                "onthouden": Gewogen.van(t.onthouden, geheel), "afwezig": Gewogen.van(t.afwezig, geheel),
                "aantal_voor": t.aantal_voor, "aantal_tegen": t.aantal_tegen,
                "aantal_onthouden": t.aantal_onthouden, "aantal_afwezig": t.aantal_afwezig}


class GemeenteTotalenPublic(TotalenPublic):
    code: str
    naam: str


class FractieTotalenPublic(TotalenPublic):
    fractie: str
    gemeente: str | None


class StemPublic(BaseModel):
    persoon_id: int
    naam: str
    gemeente: str | None = Field(description="CBS-code van de gemeente namens wie het lid stemde")
    fractie: str | None
    keuze: Keuze
    gewicht: Gewogen


class VoorstelRef(BaseModel):
    id: int
    titel: str
    url: str


class StemmingPublic(BaseModel):
    """Een gehouden stemming. Gewichten en regels zijn die van toen: een latere wijziging verandert haar niet."""

    id: int
    orgaan: OrgaanRef
    regeling: RegelingRef
    vergadering: str | None = Field(description="api_url van de vergadering")
    voorstel: VoorstelRef | None
    onderwerp: str
    gestemd_op: datetime
    uitkomst: StemUitkomst
    reden: str = Field(description="de uitkomst uitgelegd")
    regels: StemregelsUpdate = Field(description="de stemregels die golden")
    leden: int = Field(description="leden met stemrecht")
    aanwezig: int
    quorum: bool = Field(description="meer dan de helft van de leden aanwezig (Gemeentewet art. 20)")
    basis: Gewogen = Field(description="het stemgewicht waartegen de meerderheid is gemeten")
    voor_van_basis: Procent = Field(description="voor als percentage van de basis")
    staking: bool = Field(description="precies de helft voor")
    totaal: TotalenPublic
    per_gemeente: list[GemeenteTotalenPublic]
    per_fractie: list[FractieTotalenPublic]
    stemmen: list[StemPublic]
    url: str
    api_url: str
    created_at: datetime

    @classmethod
    def build(cls, d, base_url: str, tz: tzinfo) -> "StemmingPublic":
        """From a ``stemmingen.service.StemmingDetail``."""
        s, u = d.stemming, d.uitslag
        geheel = u.totalen.gewicht
        return cls(
            id=s.id, orgaan=OrgaanRef.build(d.orgaan, base_url), regeling=RegelingRef.build(d.regeling, base_url),
            vergadering=api_url(base_url, "vergaderingen", s.vergadering_id) if s.vergadering_id else None,
            voorstel=VoorstelRef(id=d.voorstel.id, titel=d.voorstel.titel,
                                 url=page_url(base_url, "voorstellen", d.voorstel.id)) if d.voorstel else None,
            onderwerp=s.onderwerp, gestemd_op=s.gestemd_op.astimezone(tz), uitkomst=s.uitkomst, reden=u.reden,
            regels=StemregelsUpdate(**u.regels.naar_json()), leden=u.leden, aanwezig=u.aanwezig, quorum=u.quorum,
            basis=Gewogen.van(u.basis, geheel), voor_van_basis=procent_tekst(u.totalen.voor, u.basis),
            staking=u.staking, totaal=TotalenPublic(**TotalenPublic.velden(u.totalen, geheel)),
            per_gemeente=[GemeenteTotalenPublic(code=g.code, naam=g.naam, **TotalenPublic.velden(t, geheel))
                          for g, t in d.per_gemeente],
            per_fractie=[FractieTotalenPublic(fractie=f.naam, gemeente=g.code if g else None,
                                              **TotalenPublic.velden(t, geheel)) for f, g, t in d.per_fractie],
            stemmen=[StemPublic(persoon_id=r.persoon.id, naam=r.persoon.naam,
                                gemeente=r.gemeente.code if r.gemeente else None,
                                fractie=r.fractie.naam if r.fractie else None, keuze=r.stem.keuze,
                                gewicht=Gewogen.van(r.gewicht, geheel)) for r in d.rijen],
            created_at=s.created_at.astimezone(tz), **links(base_url, "stemmingen", s.id),
        )
