from datetime import UTC, datetime, tzinfo
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, UrlConstraints, model_validator

from app.organen.schemas import OrgaanRef
from app.validation import Text
from app.vergaderingen.models import Status
from app.web.urls import links

FIRST_YEAR, LAST_YEAR = 1900, 2200


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("geef een tijdstip met tijdzone, bijvoorbeeld 2027-01-26T19:30:00+01:00")
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError(f"kies een tijdstip tussen de jaren {FIRST_YEAR} en {LAST_YEAR}")
    return value


def ends_after_start(start: datetime, einde: datetime) -> bool:
    """Compared in UTC: two times in one zone compare by wall clock, which is wrong across a DST change."""
    return einde.astimezone(UTC) > start.astimezone(UTC)


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]
OnlineUrl = Annotated[HttpUrl, UrlConstraints(max_length=500)]  # the column's length


class VergaderingBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: Text | None = Field(default=None, max_length=200)
    start: AwareDatetime
    einde: AwareDatetime
    locatie: Text | None = Field(default=None, max_length=300)
    breedtegraad: float | None = Field(default=None, ge=-90, le=90, description="plaats, WGS 84 (met lengtegraad)")
    lengtegraad: float | None = Field(default=None, ge=-180, le=180)
    online_url: OnlineUrl | None = None
    openbaar: bool = True

    @model_validator(mode="after")
    def _einde_na_start(self):
        if not ends_after_start(self.start, self.einde):
            raise ValueError("het einde moet na het begin liggen")
        if (self.breedtegraad is None) != (self.lengtegraad is None):
            raise ValueError("geef breedtegraad en lengtegraad samen op")
        return self


class VergaderingCreate(VergaderingBase):
    organen: list[Text] = Field(min_length=1, description="slugs van de organen die vergaderen")
    status: Status = Status.gepland


class VergaderingUpdate(BaseModel):
    """A partial change. ``versie`` is the version the client last saw; a stale one is refused with 409."""

    model_config = ConfigDict(extra="forbid")

    versie: int = Field(ge=1)
    naam: Text | None = Field(default=None, max_length=200)
    start: AwareDatetime | None = None
    einde: AwareDatetime | None = None
    locatie: Text | None = Field(default=None, max_length=300)
    breedtegraad: float | None = Field(default=None, ge=-90, le=90, description="plaats, WGS 84 (met lengtegraad)")
    lengtegraad: float | None = Field(default=None, ge=-180, le=180)
    online_url: OnlineUrl | None = None
    openbaar: bool | None = None
    status: Status | None = None
    organen: list[Text] | None = Field(default=None, min_length=1)


class VergaderingPublic(BaseModel):
    """Een vergadering. Tijden staan in de tijdzone van de portal, met offset (+01:00 of +02:00)."""

    id: int
    deleted: Literal[False] = Field(description="altijd false; een verwijderde is een VergaderingVerwijderd")
    titel: str = Field(description="de naam, of anders de namen van de organen die vergaderen")
    naam: str | None
    organen: list[OrgaanRef]
    start: datetime = Field(examples=["2027-01-26T19:30:00+01:00"])
    einde: datetime = Field(examples=["2027-01-26T22:30:00+01:00"])
    locatie: str | None
    breedtegraad: float | None
    lengtegraad: float | None
    online_url: str | None
    status: Status = Field(description="een geannuleerde vergadering blijft zichtbaar met status ‘geannuleerd’")
    openbaar: bool
    demo: bool = Field(description="demogegevens: een orgaan van een demogemeente of -regeling vergadert")
    versie: int = Field(description="stijgt bij elke wijziging; stuur haar mee bij PATCH (optimistische vergrendeling)")
    sequence: int = Field(description="stijgt alleen als tijd, plaats of status verandert (iCalendar SEQUENCE)")
    created_at: datetime
    modified_at: datetime
    url: str = Field(description="de pagina van de vergadering in de portal")
    api_url: str

    @classmethod
    def build(cls, view, base_url: str, tz: tzinfo) -> "VergaderingPublic":
        """From a ``vergaderingen.service.MeetingView``, with every time in ``tz``."""
        meeting = view.vergadering
        return cls(
            id=meeting.id, deleted=False, titel=view.titel, naam=meeting.naam,
            organen=[OrgaanRef.build(o, base_url) for o in view.organen],
            start=meeting.start.astimezone(tz), einde=meeting.einde.astimezone(tz),
            locatie=meeting.locatie, breedtegraad=meeting.breedtegraad, lengtegraad=meeting.lengtegraad,
            online_url=meeting.online_url, status=meeting.status, openbaar=meeting.openbaar,
            demo=view.demo, versie=meeting.versie, sequence=meeting.sequence,
            created_at=meeting.created_at.astimezone(tz), modified_at=meeting.modified_at.astimezone(tz),
            **links(base_url, "vergaderingen", meeting.id),
        )


class VergaderingVerwijderd(BaseModel):
    """Een verwijderde vergadering (alleen in lijsten met `gewijzigd_sinds`), zodat kopieën haar ook verwijderen."""

    id: int
    deleted: Literal[True]
    deleted_at: datetime = Field(examples=["2027-01-20T10:15:00+01:00"])
    modified_at: datetime
    url: str
    api_url: str = Field(description="antwoordt nu met 410 Gone")

    @classmethod
    def build(cls, meeting, base_url: str, tz: tzinfo) -> "VergaderingVerwijderd":
        """From a deleted ``Vergadering``."""
        return cls(id=meeting.id, deleted=True, deleted_at=meeting.deleted_at.astimezone(tz),
                   modified_at=meeting.modified_at.astimezone(tz), **links(base_url, "vergaderingen", meeting.id))


# An item of a list of meetings; `deleted` tells which of the two it is.
VergaderingItem = Annotated[VergaderingPublic | VergaderingVerwijderd, Field(discriminator="deleted")]


def vergadering_item(view, base_url: str, tz: tzinfo) -> VergaderingPublic | VergaderingVerwijderd:
    """A list item: the meeting, or its tombstone once it was deleted."""
    if view.vergadering.deleted_at is not None:
        return VergaderingVerwijderd.build(view.vergadering, base_url, tz)
    return VergaderingPublic.build(view, base_url, tz)


class VergaderingPatch(VergaderingUpdate):
    """Een gedeeltelijke wijziging; de versie komt in het veld `versie` of als `If-Match: "<versie>"`."""

    versie: int | None = Field(default=None, ge=1, description="de versie die u het laatst zag; of stuur If-Match")
