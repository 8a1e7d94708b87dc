from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.db import PublicRecord, UTCDateTime, enum_type
from app.i18n import N_


class Status(StrEnum):
    gepland = "gepland"
    bijeengeroepen = "bijeengeroepen"
    gehouden = "gehouden"
    geannuleerd = "geannuleerd"


STATUS_LABELS = {
    Status.gepland: N_("Gepland"),
    Status.bijeengeroepen: N_("Bijeengeroepen"),
    Status.gehouden: N_("Gehouden"),
    Status.geannuleerd: N_("Geannuleerd"),
}


class Vergadering(PublicRecord, table=True):
    """A meeting of one or more organen: a joint meeting is one meeting, not one per body.

    ``versie`` rises on every change (optimistic locking); ``sequence`` rises only when time, place or
    status change, as calendar clients expect of iCalendar SEQUENCE.
    """

    __table_args__ = (
        sa.CheckConstraint("einde > start", name="duur"),
        sa.CheckConstraint("(breedtegraad IS NULL) = (lengtegraad IS NULL)", name="geo"),
    )

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str | None = Field(default=None, max_length=200, unique=True, description="sleutel uit het importbestand")
    naam: str | None = Field(default=None, max_length=200)
    start: datetime = Field(sa_type=UTCDateTime, index=True)
    einde: datetime = Field(sa_type=UTCDateTime)
    locatie: str | None = Field(default=None, max_length=300)
    online_url: str | None = Field(default=None, max_length=500)
    breedtegraad: float | None = Field(default=None, ge=-90, le=90, description="plaats van de vergadering (WGS 84)")
    lengtegraad: float | None = Field(default=None, ge=-180, le=180)
    status: Status = Field(default=Status.gepland, sa_type=enum_type(Status))
    openbaar: bool = True
    versie: int = Field(default=1, ge=1)
    sequence: int = Field(default=0, ge=0)


class VergaderingOrgaan(SQLModel, table=True):
    """Which organen meet in a meeting."""

    vergadering_id: int = Field(foreign_key="vergadering.id", primary_key=True, ondelete="CASCADE")
    orgaan_id: int = Field(foreign_key="orgaan.id", primary_key=True, index=True)


class Agendapunt(PublicRecord, table=True):
    id: int | None = Field(default=None, primary_key=True)
    vergadering_id: int = Field(foreign_key="vergadering.id", index=True)
    volgorde: int = Field(ge=0)
    nummer: str | None = Field(default=None, max_length=20)
    titel: str = Field(max_length=500)
    openbaar: bool = True
