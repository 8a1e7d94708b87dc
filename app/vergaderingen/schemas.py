from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, model_validator

from app.vergaderingen.models import Status


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("geef een tijdstip met tijdzone, bijvoorbeeld 2027-01-26T19:30:00+01:00")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class VergaderingBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    naam: str | None = Field(default=None, max_length=200)
    start: AwareDatetime
    einde: AwareDatetime
    locatie: str | None = Field(default=None, max_length=300)
    online_url: HttpUrl | None = None
    openbaar: bool = True

    @model_validator(mode="after")
    def _einde_na_start(self):
        if self.einde <= self.start:
            raise ValueError("het einde moet na het begin liggen")
        return self


class VergaderingCreate(VergaderingBase):
    organen: list[str] = Field(min_length=1, description="slugs van de organen die vergaderen")
    status: Status = Status.gepland


class VergaderingUpdate(BaseModel):
    """A partial change. ``versie`` is the version the client last saw; a stale one is refused with 409."""

    model_config = ConfigDict(extra="forbid")

    versie: int = Field(ge=1)
    naam: str | None = Field(default=None, max_length=200)
    start: AwareDatetime | None = None
    einde: AwareDatetime | None = None
    locatie: str | None = Field(default=None, max_length=300)
    online_url: HttpUrl | None = None
    openbaar: bool | None = None
    status: Status | None = None
    organen: list[str] | None = Field(default=None, min_length=1)


class OrgaanRef(BaseModel):
    slug: str
    naam: str
    url: str


class VergaderingPublic(BaseModel):
    id: int
    titel: str
    naam: str | None
    organen: list[OrgaanRef]
    start: datetime
    einde: datetime
    locatie: str | None
    online_url: str | None
    status: Status
    openbaar: bool
    versie: int
    sequence: int
    created_at: datetime
    modified_at: datetime
    url: str
