"""Gemeenten as the JSON API shows them."""

from datetime import date, datetime, tzinfo

from pydantic import BaseModel, Field

from app.organen.schemas import OrgaanRef
from app.regelingen.schemas import Aandeel, Bedrag, RegelingRef, aandeel, bedrag
from app.web.urls import links


class GemeentePublic(BaseModel):
    code: str = Field(description="CBS-gemeentecode", examples=["GM0355"])
    naam: str
    slug: str
    provincie: str
    inwoners: int
    demo: bool = Field(description="demogegevens, geen echte gemeente")
    created_at: datetime
    modified_at: datetime
    url: str = Field(description="de pagina van de gemeente in de portal")
    api_url: str

    @classmethod
    def build(cls, gemeente, base_url: str, tz: tzinfo) -> "GemeentePublic":
        return cls(code=gemeente.code, naam=gemeente.naam, slug=gemeente.slug, provincie=gemeente.provincie,
                   inwoners=gemeente.inwoners, demo=gemeente.demo, created_at=gemeente.created_at.astimezone(tz),
                   modified_at=gemeente.modified_at.astimezone(tz),
                   **links(base_url, "gemeenten", gemeente.code))


class FractiePublic(BaseModel):
    naam: str
    zetels: int


class RecesPublic(BaseModel):
    naam: str
    van: date
    tot: date = Field(description="laatste dag van het reces (inclusief)")


class DeelnamePublic(BaseModel):
    """Het aandeel van deze gemeente in een regeling."""

    regeling: RegelingRef
    inwoners: int
    bijdrage: Bedrag
    aandeel_inwoners: Aandeel
    aandeel_bijdrage: Aandeel


class GemeenteDetailPublic(GemeentePublic):
    zetels: int = Field(description="zetels in de raad, opgeteld over de fracties")
    fracties: list[FractiePublic]
    organen: list[OrgaanRef]
    deelnames: list[DeelnamePublic]
    recessen: list[RecesPublic]

    @classmethod
    def build(cls, detail, base_url: str, tz: tzinfo) -> "GemeenteDetailPublic":
        """From a ``gemeenten.service.GemeenteDetail``."""
        return cls(
            **GemeentePublic.build(detail.gemeente, base_url, tz).model_dump(),
            zetels=detail.zetels,
            fracties=[FractiePublic(naam=f.naam, zetels=f.zetels) for f in detail.fracties],
            organen=[OrgaanRef.build(o, base_url) for o in detail.organen],
            deelnames=[
                DeelnamePublic(regeling=RegelingRef.build(p.regeling, base_url), inwoners=p.deelname.inwoners,
                               bijdrage=bedrag(p.deelname.bijdrage), aandeel_inwoners=aandeel(p.aandeel_inwoners),
                               aandeel_bijdrage=aandeel(p.aandeel_bijdrage))
                for p in detail.deelnames
            ],
            recessen=[RecesPublic(naam=r.naam, van=r.van, tot=r.tot) for r in detail.recessen],
        )
