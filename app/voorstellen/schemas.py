"""Voorstellen as the JSON API takes and shows them. Table models never leave through the API; these do."""

from datetime import date, datetime, tzinfo
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, UrlConstraints

from app.organen.models import Soort
from app.regelingen.schemas import RegelingRef
from app.validation import Text
from app.voorstellen.models import BehandelingRol, Besluit, Uitkomst, VoorstelFase, VoorstelSoort
from app.web.urls import api_url, links, page_url

FIRST_YEAR, LAST_YEAR = 1900, 2200


def _jaar(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"kies een datum tussen de jaren {FIRST_YEAR} en {LAST_YEAR}")
    return value


Datum = Annotated[date, AfterValidator(_jaar)]
Url = Annotated[HttpUrl, UrlConstraints(max_length=500, allowed_schemes=["https", "http"])]
Versie = Annotated[int, Field(ge=1, le=2_147_483_647, description="de versie die u het laatst zag; verouderd: 409")]


# --- what the API takes --------------------------------------------------------------------------------------------


class DocumentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titel: Text = Field(min_length=1, max_length=300)
    url: Url
    mime_type: Text = Field(default="application/pdf", max_length=100)


class VoorstelCreate(BaseModel):
    """Een nieuw voorstel, als concept. Alleen de secretaris van de regeling mag dit."""

    model_config = ConfigDict(extra="forbid")

    regeling: Text = Field(max_length=80, description="slug van de regeling", examples=["vru"])
    titel: Text = Field(min_length=1, max_length=300)
    soort: VoorstelSoort = VoorstelSoort.overig
    toelichting: Text | None = Field(default=None, max_length=20_000)
    documenten: list[DocumentCreate] = Field(default_factory=list, max_length=50)


class Verzenden(BaseModel):
    """Het voorstel gaat naar de raden; de zienswijzetermijn volgt uit de wet of de regeling.

    `ab_datum`: de vergadering van het algemeen bestuur waarvoor de termijn terugtelt (begroting, begrotingswijziging,
    jaarrekening); zonder haar geldt de eerstvolgende geplande. `uiterlijk`: alleen bij een kadernota of een overig
    voorstel, een zelf gestelde uiterste datum.
    """

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    verzonden_op: Datum
    ab_datum: Datum | None = None
    uiterlijk: Datum | None = None


class UitkomstVastleggen(BaseModel):
    """Wat de raad deed. Zienswijze-behandeling: zienswijze (met tekst), geen_zienswijze of afgezien; bij een
    besluit (wijziging van de regeling): aangenomen, verworpen of geamendeerd."""

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    uitkomst: Uitkomst
    tekst: Text | None = Field(default=None, max_length=50_000, description="de zienswijze")
    besloten_op: Datum


class Antwoord(BaseModel):
    """Het schriftelijke, gemotiveerde antwoord van het dagelijks bestuur op een zienswijze (Wgr art. 35 lid 4)."""

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    antwoord: Text = Field(min_length=1, max_length=50_000)
    antwoord_op: Datum


class AdviesVastleggen(BaseModel):
    """Het advies van een Raadstafel of carrousel. `versie` is nodig om een gegeven advies te wijzigen."""

    model_config = ConfigDict(extra="forbid")

    orgaan: Text = Field(max_length=120, description="slug van de Raadstafel of carrousel")
    tekst: Text = Field(min_length=1, max_length=50_000)
    besloten_op: Datum
    versie: Versie | None = None


class BesluitVastleggen(BaseModel):
    """Het besluit van het algemeen bestuur, eventueel met de stemming erover."""

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    besluit: Besluit
    besloten_op: Datum
    besluit_tekst: Text | None = Field(default=None, max_length=50_000)
    stemming_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class Publiceren(BaseModel):
    """De vindplaats van het besluit in het publicatieblad van de regeling."""

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    publicatie: Text = Field(min_length=1, max_length=300, examples=["Staatscourant 2027, 12345"])
    publicatie_url: Url | None = None
    gepubliceerd_op: Datum


class CorrectieVelden(BaseModel):
    model_config = ConfigDict(extra="forbid")

    titel: Text | None = Field(default=None, min_length=1, max_length=300)
    toelichting: Text | None = Field(default=None, max_length=20_000)
    besluit: Besluit | None = None
    besloten_op: Datum | None = None
    besluit_tekst: Text | None = Field(default=None, max_length=50_000)
    publicatie: Text | None = Field(default=None, min_length=1, max_length=300)
    publicatie_url: Url | None = None
    gepubliceerd_op: Datum | None = None


class Correctie(BaseModel):
    """Een zichtbare correctie van een gepubliceerd besluit: alleen de meegestuurde velden, met de reden."""

    model_config = ConfigDict(extra="forbid")

    versie: Versie
    reden: Text = Field(min_length=1, max_length=2_000)
    velden: CorrectieVelden


# --- what the API shows --------------------------------------------------------------------------------------------


class WaarschuwingPublic(BaseModel):
    sleutel: str = Field(examples=["woo_niet_gepubliceerd"])
    tekst: str
    bron: str = Field(description="wet of regel waar het om gaat")
    datum: date | None = None


class DocumentPublic(BaseModel):
    titel: str
    url: str
    mime_type: str


class OrgaanKort(BaseModel):
    slug: str
    naam: str
    soort: Soort
    url: str


class GemeenteKort(BaseModel):
    code: str
    naam: str
    api_url: str


class BehandelingPublic(BaseModel):
    id: int
    orgaan: OrgaanKort
    gemeente: GemeenteKort | None
    rol: BehandelingRol
    uitkomst: Uitkomst | None
    tekst: str | None = Field(description="de zienswijze of het advies")
    besloten_op: date | None
    antwoord: str | None = Field(description="het antwoord van het dagelijks bestuur (Wgr art. 35 lid 4)")
    antwoord_op: date | None
    vergadering: str | None = Field(description="de vergadering waarin het wordt behandeld (api_url)")
    versie: int


class GebeurtenisPublic(BaseModel):
    tijd: datetime
    soort: str
    wie: str | None
    gemeente_id: int | None
    wijzigingen: dict
    toelichting: str | None
    correctie: bool


class VoorstelPublic(BaseModel):
    """Een voorstel met alle behandelingen, waarschuwingen en de tijdlijn."""

    id: int
    regeling: RegelingRef
    titel: str
    soort: VoorstelSoort
    toelichting: str | None
    fase: VoorstelFase
    beschikbaar: date | None = Field(description="de dag waarop het naar de raden ging")
    uiterlijk: date | None = Field(description="de uiterste dag voor de zienswijze")
    uiterlijk_bron: str | None = Field(description="waar die termijn vandaan komt")
    besluit: Besluit | None
    besloten_op: date | None
    besluit_tekst: str | None
    publicatie: str | None
    publicatie_url: str | None
    gepubliceerd_op: date | None
    versie: int
    url: str
    api_url: str
    documenten: list[DocumentPublic]
    raden: list[BehandelingPublic] = Field(description="de behandeling in elke deelnemende raad")
    advies: list[BehandelingPublic] = Field(description="adviezen van Raadstafel of carrousel")
    overige: list[BehandelingPublic] = Field(description="behandelingen in andere organen, zoals het algemeen bestuur")
    waarschuwingen: list[WaarschuwingPublic]
    tijdlijn: list[GebeurtenisPublic]

    @classmethod
    def build(cls, d, base_url: str, tz: tzinfo) -> "VoorstelPublic":
        """From a ``voorstellen.service.VoorstelDetail``."""
        v = d.voorstel

        def behandeling(view) -> BehandelingPublic:
            b, o, g = view.behandeling, view.orgaan, view.gemeente
            return BehandelingPublic(
                id=b.id, orgaan=OrgaanKort(slug=o.slug, naam=o.naam, soort=o.soort,
                                           url=page_url(base_url, "organen", o.slug)),
                gemeente=GemeenteKort(code=g.code, naam=g.naam, api_url=api_url(base_url, "gemeenten", g.code))
                if g else None,
                rol=b.rol, uitkomst=b.uitkomst, tekst=b.tekst, besloten_op=b.besloten_op, antwoord=b.antwoord,
                antwoord_op=b.antwoord_op, versie=b.versie,
                vergadering=api_url(base_url, "vergaderingen", b.vergadering_id) if b.vergadering_id else None,
            )

        return cls(
            id=v.id, regeling=RegelingRef.build(d.regeling, base_url), titel=v.titel, soort=v.soort,
            toelichting=v.toelichting, fase=v.fase, beschikbaar=v.beschikbaar, uiterlijk=v.uiterlijk,
            uiterlijk_bron=v.uiterlijk_bron, besluit=v.besluit, besloten_op=v.besloten_op,
            besluit_tekst=v.besluit_tekst, publicatie=v.publicatie, publicatie_url=v.publicatie_url,
            gepubliceerd_op=v.gepubliceerd_op, versie=v.versie, **links(base_url, "voorstellen", v.id),
            documenten=[DocumentPublic(titel=x.titel, url=x.url, mime_type=x.mime_type) for x in d.documenten],
            raden=[behandeling(x) for x in d.raden], advies=[behandeling(x) for x in d.advies],
            overige=[behandeling(x) for x in d.overige],
            waarschuwingen=[WaarschuwingPublic(**w.as_dict()) for w in d.waarschuwingen],
            tijdlijn=[GebeurtenisPublic(tijd=g.tijd.astimezone(tz), soort=g.soort, wie=g.wie, gemeente_id=g.gemeente_id,
                                        wijzigingen=g.wijzigingen, toelichting=g.toelichting, correctie=g.correctie)
                      for g in d.tijdlijn],
        )
