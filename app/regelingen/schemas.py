"""Regelingen as the JSON API shows them, and the exact notation of money and shares used across the API."""

from datetime import datetime, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated

from pydantic import BaseModel, Field

from app.organen.schemas import OrgaanRef
from app.regelingen.models import Synchronisatie, Vorm
from app.web.urls import api_url, links

# Money and shares are exact: strings with fixed decimals, never floats.
Bedrag = Annotated[str, Field(pattern=r"^-?\d+\.\d{2}$", examples=["1234567.00"], description="bedrag in euro")]
Aandeel = Annotated[str, Field(pattern=r"^\d+\.\d{6}$", examples=["0.187500"],
                               description="aandeel tussen 0 en 1, op 6 decimalen")]


def bedrag(value: Decimal | int | float) -> str:
    """Euros with two decimals: ``"1234567.00"``."""
    return str(Decimal(value).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def aandeel(value: Decimal | int | float) -> str:
    """A share between 0 and 1, rounded to six decimals: ``"0.187500"``."""
    return str(Decimal(value).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP))


class RegelingRef(BaseModel):
    slug: str
    naam: str
    url: str
    api_url: str

    @classmethod
    def build(cls, regeling, base_url: str) -> "RegelingRef":
        return cls(slug=regeling.slug, naam=regeling.naam, **links(base_url, "regelingen", regeling.slug))


class RegelingPublic(BaseModel):
    slug: str
    naam: str
    vorm: Vorm = Field(description="de vorm volgens de Wgr")
    synchronisatie: Synchronisatie = Field(description="hoe de regeling haar besluitvorming met de raden afstemt")
    demo: bool = Field(description="demogegevens, geen echte regeling")
    created_at: datetime
    modified_at: datetime
    url: str = Field(description="de pagina van de regeling in de portal")
    api_url: str

    @classmethod
    def build(cls, regeling, base_url: str, tz: tzinfo) -> "RegelingPublic":
        return cls(slug=regeling.slug, naam=regeling.naam, vorm=regeling.vorm,
                   synchronisatie=regeling.synchronisatie, demo=regeling.demo,
                   created_at=regeling.created_at.astimezone(tz), modified_at=regeling.modified_at.astimezone(tz),
                   **links(base_url, "regelingen", regeling.slug))


class DeelnemerPublic(BaseModel):
    """Een deelnemende gemeente, met de gewichten die tellen bij stemmingen en drempels."""

    code: str = Field(description="CBS-gemeentecode")
    naam: str
    api_url: str
    inwoners: int = Field(description="inwoners zoals de regeling ze telt")
    bijdrage: Bedrag
    aandeel_inwoners: Aandeel
    aandeel_bijdrage: Aandeel


class RegelingDetailPublic(RegelingPublic):
    inwoners: int = Field(description="inwoners van alle deelnemers samen")
    bijdrage: Bedrag
    deelnemers: list[DeelnemerPublic]
    organen: list[OrgaanRef]

    @classmethod
    def build(cls, detail, base_url: str, tz: tzinfo) -> "RegelingDetailPublic":
        """From a ``regelingen.service.RegelingDetail``."""
        base = base_url.rstrip("/")
        deelnemers = [
            DeelnemerPublic(
                code=d.gemeente.code, naam=d.gemeente.naam, api_url=api_url(base_url, "gemeenten", d.gemeente.code),
                inwoners=d.deelname.inwoners, bijdrage=bedrag(d.deelname.bijdrage),
                aandeel_inwoners=aandeel(d.aandeel_inwoners), aandeel_bijdrage=aandeel(d.aandeel_bijdrage),
            )
            for d in detail.deelnemers
        ]
        return cls(
            **RegelingPublic.build(detail.regeling, base, tz).model_dump(),
            inwoners=detail.inwoners,
            bijdrage=bedrag(detail.bijdrage),
            deelnemers=deelnemers,
            organen=[OrgaanRef.build(o, base) for o in detail.organen],
        )
