"""Organen as the JSON API shows them. Table models never leave through the API; these do.

This module imports no other domain's schemas, so gemeenten and regelingen can use ``OrgaanRef`` freely.
"""

from datetime import date, datetime, tzinfo
from typing import Annotated

from pydantic import BaseModel, Field

from app.organen.models import Rol, Soort
from app.web.urls import api_url, links

# Weights are exact: a string with six decimals, never a float.
Stemgewicht = Annotated[str, Field(pattern=r"^\d+\.\d{6}$", examples=["1.000000"])]


class OrgaanRef(BaseModel):
    """Een orgaan in een lijst: genoeg om het te tonen en te volgen."""

    slug: str
    naam: str
    soort: Soort
    url: str = Field(description="de pagina van het orgaan in de portal")
    api_url: str

    @classmethod
    def build(cls, orgaan, base_url: str) -> "OrgaanRef":
        return cls(slug=orgaan.slug, naam=orgaan.naam, soort=orgaan.soort, **links(base_url, "organen", orgaan.slug))


class EigenaarRef(BaseModel):
    """De gemeente of regeling waartoe het orgaan behoort."""

    naam: str
    api_url: str


class LidPublic(BaseModel):
    persoon: str = Field(description="naam van het lid")
    rol: Rol
    fractie: str | None = Field(description="namens welke fractie")
    gemeente: str | None = Field(description="namens welke gemeente (naam)")
    gemeente_code: str | None
    stemgewicht: Stemgewicht
    start: date | None
    einde: date | None


class OrgaanSamenvatting(OrgaanRef):
    """Een orgaan met de gemeente of regeling waartoe het behoort."""

    gemeente: str | None = Field(description="CBS-code van de gemeente waartoe het orgaan behoort, of null")
    regeling: str | None = Field(description="slug van de regeling waartoe het orgaan behoort, of null")
    eigenaar: EigenaarRef
    created_at: datetime
    modified_at: datetime

    @classmethod
    def fields_for(cls, orgaan, eigenaar, base_url: str, tz: tzinfo) -> dict:
        if orgaan.gemeente_id is not None:
            gemeente, regeling = eigenaar.code, None
            eigenaar_api_url = api_url(base_url, "gemeenten", eigenaar.code)
        else:
            gemeente, regeling = None, eigenaar.slug
            eigenaar_api_url = api_url(base_url, "regelingen", eigenaar.slug)
        return dict(OrgaanRef.build(orgaan, base_url), gemeente=gemeente, regeling=regeling,
                    eigenaar=EigenaarRef(naam=eigenaar.naam, api_url=eigenaar_api_url),
                    created_at=orgaan.created_at.astimezone(tz), modified_at=orgaan.modified_at.astimezone(tz))

    @classmethod
    def build(cls, regel, base_url: str, tz: tzinfo) -> "OrgaanSamenvatting":
        """From an ``organen.service.OrgaanRegel``."""
        return cls(**cls.fields_for(regel.orgaan, regel.eigenaar, base_url, tz))


class OrgaanPublic(OrgaanSamenvatting):
    leden: list[LidPublic] = Field(description="de leden op de dag van de vraag")

    @classmethod
    def build(cls, detail, base_url: str, tz: tzinfo) -> "OrgaanPublic":
        """From an ``organen.service.OrgaanDetail``."""
        leden = [
            LidPublic(
                persoon=lid.persoon.naam,
                rol=lid.lidmaatschap.rol,
                fractie=lid.fractie.naam if lid.fractie else None,
                gemeente=lid.gemeente.naam if lid.gemeente else None,
                gemeente_code=lid.gemeente.code if lid.gemeente else None,
                stemgewicht=f"{lid.lidmaatschap.stemgewicht:.6f}",
                start=lid.lidmaatschap.start,
                einde=lid.lidmaatschap.einde,
            )
            for lid in detail.leden
        ]
        return cls(**cls.fields_for(detail.orgaan, detail.eigenaar, base_url, tz), leden=leden)
