"""The JSON of the yearly accountability meeting: what the API returns and accepts."""

from datetime import date, datetime, time, tzinfo

from pydantic import BaseModel, ConfigDict, Field

from app.regelingen.schemas import RegelingRef
from app.validation import Text
from app.vergaderingen.schemas import VergaderingPublic
from app.web.urls import api_url, page_url


def _links(base_url: str, bijeenkomst_id: int) -> dict[str, str]:
    return {"url": page_url(base_url, "verantwoording", bijeenkomst_id),
            "api_url": api_url(base_url, "verantwoordingsbijeenkomsten", bijeenkomst_id)}


class BijeenkomstPublic(BaseModel):
    """Een jaarlijkse verantwoordingsbijeenkomst: het bestuur legt verantwoording af aan de leden van alle raden."""

    id: int
    jaar: int = Field(description="het jaar waarover verantwoording wordt afgelegd")
    regeling: RegelingRef
    vergadering: VergaderingPublic
    aanwezig: int = Field(description="aanwezige raadsleden, opgeteld over de raden die hun aanwezigheid vastlegden")
    zetels: int = Field(description="zetels van alle deelnemende raden samen (som van de zetels van de fracties)")
    geregistreerd: int = Field(description="aantal raden waarvan de aanwezigheid is vastgelegd")
    url: str = Field(description="de pagina van de bijeenkomst in de portal")
    api_url: str

    @classmethod
    def build(cls, regel, regeling, base_url: str, tz: tzinfo) -> "BijeenkomstPublic":
        """From a ``verantwoording.service.Regel``."""
        b = regel.bijeenkomst
        return cls(id=b.id, jaar=b.jaar, regeling=RegelingRef.build(regeling, base_url),
                   vergadering=VergaderingPublic.build(regel.vergadering, base_url, tz), aanwezig=regel.aanwezig,
                   zetels=regel.zetels, geregistreerd=regel.geregistreerd, **_links(base_url, b.id))


class AanwezigheidPublic(BaseModel):
    """De aanwezigheid van één raad."""

    gemeente_code: str = Field(description="CBS-gemeentecode")
    gemeente: str
    zetels: int = Field(description="zetels van de raad (som van de zetels van de fracties)")
    uitgenodigd_raadsleden: int = Field(description="raadsleden met een account, per e-mail uitgenodigd")
    uitgenodigd_griffiers: int = Field(description="griffiers, per e-mail uitgenodigd")
    aanwezig: int | None = Field(description="aantal aanwezige raadsleden; null: nog niet vastgelegd")
    opmerking: str | None
    versie: str = Field(description="stuur mee bij PUT om te voorkomen dat u andermans registratie overschrijft; "
                                    "leeg: nog niets vastgelegd")
    vastgelegd_at: datetime | None

    @classmethod
    def build(cls, rij, tz: tzinfo) -> "AanwezigheidPublic":
        """From a ``verantwoording.service.Rij``."""
        a = rij.aanwezigheid
        return cls(gemeente_code=rij.gemeente.code, gemeente=rij.gemeente.naam, zetels=rij.zetels,
                   uitgenodigd_raadsleden=rij.raadsleden, uitgenodigd_griffiers=rij.griffiers,
                   aanwezig=a.aanwezig if a else None, opmerking=a.opmerking if a else None, versie=rij.versie,
                   vastgelegd_at=a.modified_at.astimezone(tz) if a else None)


class BijeenkomstDetailPublic(BaseModel):
    id: int
    jaar: int
    regeling: RegelingRef
    vergadering: VergaderingPublic
    agenda: list[str]
    aanwezig: int = Field(description="aanwezige raadsleden van de raden die hun aanwezigheid vastlegden")
    zetels: int = Field(description="zetels van alle deelnemende raden samen")
    zetels_geregistreerd: int = Field(description="zetels van de raden die hun aanwezigheid vastlegden")
    geregistreerd: int = Field(description="aantal raden waarvan de aanwezigheid is vastgelegd")
    aanwezigheid: list[AanwezigheidPublic] = Field(description="per deelnemende raad, op naam")
    url: str
    api_url: str

    @classmethod
    def build(cls, detail, base_url: str, tz: tzinfo) -> "BijeenkomstDetailPublic":
        """From a ``verantwoording.service.Detail``."""
        b = detail.bijeenkomst
        return cls(id=b.id, jaar=b.jaar, regeling=RegelingRef.build(detail.regeling, base_url),
                   vergadering=VergaderingPublic.build(detail.vergadering, base_url, tz),
                   agenda=[p.titel for p in detail.agenda], aanwezig=detail.aanwezig, zetels=detail.zetels,
                   zetels_geregistreerd=detail.zetels_geregistreerd, geregistreerd=detail.geregistreerd,
                   aanwezigheid=[AanwezigheidPublic.build(r, tz) for r in detail.rijen], **_links(base_url, b.id))


class BijeenkomstCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jaar: int = Field(ge=2000, le=2200, description="het jaar waarover verantwoording wordt afgelegd")
    datum: date = Field(description="een werkdag waarop alle raden kunnen (zie .../beschikbaarheid), in `jaar` of "
                                    "het jaar erna, na vandaag")
    aanvang: time | None = Field(default=None, description="aanvangstijd; standaard die van de radenbijeenkomst, "
                                                           "anders 19:30")
    duur_minuten: int = Field(default=150, ge=15, le=720)
    locatie: Text | None = Field(default=None, max_length=300)


class Bezwaar(BaseModel):
    oorzaak: str = Field(description="weekend, feestdag, bezet, reces, raad of commissie")
    reden: str
    code: str | None = Field(description="de gemeente die niet kan; null: geldt voor iedereen")
    naam: str | None
    vergadering_id: int | None


class AfgewezenDag(BaseModel):
    datum: date
    bezwaren: list[Bezwaar]


class GemeenteTelling(BaseModel):
    code: str
    naam: str
    dagen: int = Field(description="werkdagen waarop deze raad niet kan")
    reden: str


class BeschikbaarheidPublic(BaseModel):
    van: date
    tot: date
    samenvatting: str
    kandidaten: list[date] = Field(description="werkdagen waarop alle raden kunnen, op datum")
    afgewezen: list[AfgewezenDag] = Field(description="werkdagen die niet kunnen, met per raad de reden")
    gemeenten: list[GemeenteTelling]
    gepland: dict[int, int] = Field(description="jaar → id van de verantwoordingsbijeenkomst die al gepland is")

    @classmethod
    def build(cls, planning) -> "BeschikbaarheidPublic":
        """From a ``verantwoording.service.Planning``."""
        data = planning.uitkomst.as_dict()
        return cls(**data, gepland=planning.jaren)


class AanwezigheidUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    aanwezig: int = Field(ge=0, le=200, description="aantal aanwezige raadsleden, hoogstens het aantal zetels")
    opmerking: Text | None = Field(default=None, max_length=300)
    versie: str | None = Field(default=None, max_length=40,
                               description="de `versie` die u las (leeg of null: u verwacht dat er nog niets is "
                                           "vastgelegd); weggelaten: geen controle")
