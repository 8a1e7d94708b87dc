"""The planner's JSON: what the API returns and accepts (the CLI prints the same shapes)."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.validation import MAX_ID

Status = Literal["bestaande_vergadering", "extra_vergadering", "geblokkeerd"]


class Oordeel(BaseModel):
    code: str = Field(description="CBS-code van de gemeente")
    naam: str
    status: Status
    reden: str = Field(description="waarom het op deze dag wel of niet kan")
    vergadering_id: int | None = Field(default=None, description="de bestaande vergadering, als die er is")


class Kandidaat(BaseModel):
    datum: date
    extra_vergaderingen: int = Field(description="hoeveel raden een extra vergadering nodig hebben")
    gemeenten: list[Oordeel]


class GemeenteUitleg(BaseModel):
    code: str
    naam: str
    reden: str


class Uitleg(BaseModel):
    samenvatting: str
    gemeenten: list[GemeenteUitleg]


class GelijkeDagPlan(BaseModel):
    van: date
    tot: date
    kandidaten: list[Kandidaat] = Field(description="dagen waarop alle raden kunnen, de beste eerst")
    uitleg: Uitleg | None = Field(description="waarom geen dag kan, per gemeente; leeg als er kandidaten zijn")
    vingerafdruk: str = Field(description="kenmerk van de agenda's waarop dit plan rust; geef het mee bij "
                                          "vaststellen, zodat een plan op verouderde agenda's wordt geweigerd")


class GelijkeDagVaststellen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    van: date
    tot: date
    zonder: list[str] = Field(default_factory=list, max_length=500, description="CBS-codes die niet meedoen")
    punten: int = Field(default=1, ge=1, le=50)
    datum: date = Field(description="de gekozen kandidaat")
    vingerafdruk: str = Field(min_length=1, max_length=64)
    voorstel_id: int | None = Field(default=None, ge=1, le=MAX_ID, description="een bestaand voorstel")
    titel: str | None = Field(default=None, min_length=1, max_length=300, description="of: de titel van een nieuw")


class VastgesteldeVergaderingItem(BaseModel):
    id: int
    titel: str
    eigenaren: list[str]
    nieuw: bool
    url: str


class GelijkeDagVastgesteld(BaseModel):
    voorstel_id: int
    datum: date
    extra_vergaderingen: int
    vergaderingen: list[VastgesteldeVergaderingItem]
    berichten: int = Field(description="aantal e-mails aan griffiers en secretaris in de wachtrij")


class Mijlpaal(BaseModel):
    sleutel: str
    datum: date
    omschrijving: str = Field(description="wat er uiterlijk (of vanaf) deze dag moet gebeuren")
    bron: str = Field(description="wettelijke bron, bijvoorbeeld ‘Wgr art. 35 lid 1’, of ‘regeling’/‘instelling’")


class PcKalender(BaseModel):
    regeling: str
    jaar: int = Field(description="kalenderjaar waarin de stappen vallen; de begroting is die voor jaar + 1")
    mijlpalen: list[Mijlpaal]
    waarschuwingen: list[str] = Field(default_factory=list)


class PcPlan(BaseModel):
    regeling: str
    jaar: int
    plan: dict = Field(description="AB-datum, verzending van de ontwerpbegroting, per raad de vergadering voor de "
                                   "zienswijze (status en reden), antwoord van het DB, mijlpalen en uitleg")
    vingerafdruk: str = Field(description="geef mee bij vaststellen; een plan op verouderde agenda's wordt geweigerd")


class JaarPlan(BaseModel):
    regeling: str
    jaar: int
    plan: dict = Field(description="de vergaderingen of dagen met hun agenda, en wat niet kon, met de reden")
    overgeslagen: list[str] = Field(description="voorstellen die de planner niet kreeg, met de reden")
    vingerafdruk: str = Field(description="geef mee bij vaststellen; een plan op verouderde agenda's wordt geweigerd")


class JaarPlanVaststellen(BaseModel):
    model_config = ConfigDict(extra="forbid")

    vingerafdruk: str = Field(min_length=1, max_length=64)


class JaarPlanVastgesteld(BaseModel):
    nieuwe_vergaderingen: int
    behandelingen: int
    vergaderingen: list[VastgesteldeVergaderingItem]
    berichten: int
