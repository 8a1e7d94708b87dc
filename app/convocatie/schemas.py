"""Convocation requests as the JSON API takes and shows them. Exact weights are fractions in text ("3/10"), with a
percentage beside them for people; never a float to count with."""

from datetime import date, datetime, tzinfo
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.convocatie.models import Route, VerzoekStatus
from app.convocatie.regels import Convocatieregels, Drempelsoort, Wie
from app.regelingen.aandelen import Grondslag, procent
from app.validation import Text
from app.vergaderingen.schemas import AwareDatetime
from app.web.urls import links

Gemeentecode = Text


class ConvocatieverzoekCreate(BaseModel):
    """Een verzoek aan de voorzitter om een vergadering bijeen te roepen."""

    model_config = ConfigDict(extra="forbid")

    agenda: Text = Field(min_length=1, max_length=10_000, description="de agendapunten, één per regel")
    toelichting: Text = Field(min_length=1, max_length=20_000, description="de redenen van het verzoek")
    namens_gemeente: Gemeentecode | None = Field(
        default=None, max_length=80, description="CBS-code (GM0355) of slug van de gemeente namens wie de griffier "
                                                 "verzoekt; leeg bij een verzoek van leden van het algemeen bestuur")
    grondslag: Text = Field(default="", max_length=500, description="het raadsbesluit of de motie achter het verzoek")


class SteunCreate(BaseModel):
    """Steun voor een verzoek, namens een gemeente (of, bij een verzoek van AB-leden, van uzelf als lid)."""

    model_config = ConfigDict(extra="forbid")

    namens_gemeente: Gemeentecode | None = Field(default=None, max_length=80, description="CBS-code of slug")
    grondslag: Text | None = Field(default=None, max_length=500, description="het raadsbesluit of de motie")


class Bijeenroepen(BaseModel):
    """De vergadering die het verzoek beantwoordt: wanneer en waar."""

    model_config = ConfigDict(extra="forbid")

    start: AwareDatetime
    einde: AwareDatetime
    locatie: Text | None = Field(default=None, max_length=300)
    versie: int | None = Field(default=None, ge=1, description="de versie van het verzoek die u het laatst zag")


class Intrekken(BaseModel):
    model_config = ConfigDict(extra="forbid")

    versie: int | None = Field(default=None, ge=1, description="de versie van het verzoek die u het laatst zag")
    toelichting: Text | None = Field(default=None, max_length=2000)


class ConvocatieregelsBody(BaseModel):
    """De convocatieregels van een regeling. Weggelaten velden krijgen de standaardwaarde."""

    model_config = ConfigDict(extra="forbid")

    wie: Wie = Field(default=Wie.raad, description="raad: griffiers namens hun raad; ab_leden: leden van het AB")
    drempel: Drempelsoort = Field(default=Drempelsoort.gewicht,
                                  description="gewicht (aandeel), aantal, of wettelijk (een vijfde van de AB-leden)")
    aandeel: str = Field(default="1/10", max_length=20, examples=["1/10"], description="bij drempel gewicht")
    grondslag: Grondslag = Field(default=Grondslag.inwoners, description="het gewicht van een gemeente")
    aantal: int = Field(default=2, description="bij drempel aantal: raden of leden")
    termijn_weken: int = Field(default=4, description="binnen hoeveel weken de voorzitter bijeenroept")
    herinnering_dagen: int = Field(default=7, description="hoeveel dagen voor het einde van de termijn herinnerd wordt")


class ConvocatieregelsPublic(ConvocatieregelsBody):
    route: Route
    aandeel_procent: str

    @classmethod
    def build(cls, regels: Convocatieregels) -> "ConvocatieregelsPublic":
        return cls(**regels.naar(), route=regels.route, aandeel_procent=procent(regels.aandeel))


class GemeenteRef(BaseModel):
    code: str
    naam: str
    slug: str


class SteunPublic(BaseModel):
    gemeente: GemeenteRef | None = None
    lid: str | None = Field(default=None, description="de naam van het AB-lid, bij een verzoek van AB-leden")
    persoon_id: int | None = None
    gewicht: str = Field(description="het gewicht als exacte breuk", examples=["13/100"])
    gewicht_procent: str = Field(examples=["13,0%"])
    grondslag: str | None
    sinds: datetime


class VergaderingRef(BaseModel):
    id: int
    titel: str
    start: datetime
    einde: datetime
    locatie: str | None
    url: str
    api_url: str


class StapPublic(BaseModel):
    tijd: datetime
    soort: str
    wie: str | None
    gemeente_id: int | None
    wijzigingen: dict
    toelichting: str | None


class ConvocatieverzoekPublic(BaseModel):
    """Een verzoek met zijn steun, de drempel, de termijn van de voorzitter en de vergadering die erop volgde."""

    id: int
    regeling: str = Field(description="slug van de regeling")
    status: VerzoekStatus
    route: Route
    agenda: list[str]
    toelichting: str
    grondslag: str
    namens_gemeente: GemeenteRef | None
    namens_lid: str | None
    ingediend_at: datetime
    steun: list[SteunPublic]
    gewicht: str = Field(description="de staande steun in de eenheid van de drempel: een aandeel, of een aantal")
    drempel: str = Field(description="de drempel, exact (een aandeel, of een aantal raden of leden)")
    telt: Literal["aandeel", "raden", "leden"]
    drempel_bereikt: bool
    drempel_tekst: str
    regels: ConvocatieregelsPublic = Field(description="de regels zoals ze golden toen het verzoek werd gedaan")
    drempel_bereikt_at: datetime | None
    termijn_tot: date | None = Field(description="tot en met deze dag mag de voorzitter bijeenroepen")
    zelf_bijeenroepen_vanaf: date | None
    dagen_over: int | None = Field(description="dagen tot het einde van de termijn (0: vandaag is de laatste dag)")
    vergadering: VergaderingRef | None
    bijeengeroepen_at: datetime | None
    ingetrokken_at: datetime | None
    versie: int
    tijdlijn: list[StapPublic]
    url: str
    api_url: str

    @classmethod
    def build(cls, view, base_url: str, tz: tzinfo) -> "ConvocatieverzoekPublic":
        """From a ``convocatie.service.VerzoekView``, times in ``tz``."""
        v = view.verzoek

        def t(moment: datetime | None) -> datetime | None:
            return moment.astimezone(tz) if moment else None

        def gemeente(g) -> GemeenteRef | None:
            return GemeenteRef(code=g.code, naam=g.naam, slug=g.slug) if g else None

        vergadering = None
        if view.vergadering is not None:
            m = view.vergadering.vergadering
            vergadering = VergaderingRef(id=m.id, titel=view.vergadering.titel, start=t(m.start), einde=t(m.einde),
                                         locatie=m.locatie, **links(base_url, "vergaderingen", m.id))
        return cls(
            id=v.id, regeling=view.regeling.slug, status=v.status, route=v.route, agenda=view.agendapunten,
            toelichting=v.toelichting, grondslag=v.grondslag, namens_gemeente=gemeente(view.namens),
            namens_lid=view.namens_persoon.naam if view.namens_persoon else None, ingediend_at=t(v.created_at),
            steun=[SteunPublic(gemeente=gemeente(r.gemeente), lid=r.persoon.naam if r.persoon else None,
                               persoon_id=r.persoon.id if r.persoon else None, gewicht=str(r.gewicht),
                               gewicht_procent=procent(r.gewicht), grondslag=r.steun.grondslag,
                               sinds=t(r.steun.created_at)) for r in view.steun],
            gewicht=str(view.stand.gewicht), drempel=str(view.stand.drempel), telt=view.stand.telt,
            drempel_bereikt=view.stand.bereikt, drempel_tekst=view.drempel_tekst,
            regels=ConvocatieregelsPublic.build(view.regels), drempel_bereikt_at=t(v.drempel_bereikt_at),
            termijn_tot=v.termijn_tot, zelf_bijeenroepen_vanaf=view.zelf_vanaf, dagen_over=view.dagen_over,
            vergadering=vergadering, bijeengeroepen_at=t(v.bijeengeroepen_at), ingetrokken_at=t(v.ingetrokken_at),
            versie=v.versie,
            tijdlijn=[StapPublic(tijd=t(g.tijd), soort=g.soort, wie=g.wie, gemeente_id=g.gemeente_id,
                                 wijzigingen=g.wijzigingen, toelichting=g.toelichting) for g in view.tijdlijn],
            **links(base_url, "convocatieverzoeken", v.id),
        )


class ConvocatieverzoekItem(BaseModel):
    id: int
    status: VerzoekStatus
    titel: str
    namens: str
    steun: int
    ingediend_at: datetime
    termijn_tot: date | None
    url: str
    api_url: str

    @classmethod
    def build(cls, regel, base_url: str, tz: tzinfo) -> "ConvocatieverzoekItem":
        v = regel.verzoek
        return cls(id=v.id, status=v.status, titel=regel.titel, namens=regel.namens, steun=regel.steun,
                   ingediend_at=v.created_at.astimezone(tz), termijn_tot=v.termijn_tot,
                   **links(base_url, "convocatieverzoeken", v.id))
