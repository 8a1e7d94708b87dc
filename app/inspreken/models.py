"""A registration to speak, and the griffier's limit per agenda item.

Personal data (name, e-mail, topic, the hashed client address) is never public and is deleted a configurable
number of days after the meeting (``TUSSENRUIMTE_INSPREKEN_BEWAARDAGEN``): these rows are removed, not marked.
"""

from datetime import datetime
from enum import StrEnum

from sqlmodel import Field

from app.db import Timestamps, UTCDateTime, enum_type


class Inspreekstatus(StrEnum):
    onbevestigd = "onbevestigd"  # waits for the click on the link in the confirmation mail
    bevestigd = "bevestigd"
    geannuleerd = "geannuleerd"


class Inspreekverzoek(Timestamps, table=True):
    id: int | None = Field(default=None, primary_key=True)
    agendapunt_id: int = Field(foreign_key="agendapunt.id", index=True, ondelete="CASCADE")
    naam: str = Field(max_length=120)
    email: str = Field(max_length=254)
    onderwerp: str = Field(max_length=1000)
    status: Inspreekstatus = Field(default=Inspreekstatus.onbevestigd, sa_type=enum_type(Inspreekstatus))
    bevestig_hash: str = Field(max_length=64, unique=True, description="SHA-256 of the confirmation token")
    annuleer_hash: str = Field(max_length=64, unique=True, description="SHA-256 of the cancellation token")
    client_hash: str | None = Field(default=None, max_length=64, index=True,
                                    description="keyed hash of the client address, for the rate limit")
    bevestigd_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    geannuleerd_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Inspreekruimte(Timestamps, table=True):
    """The griffier's limit for one agenda item: how many confirmed speakers it takes (0 closes it)."""

    agendapunt_id: int = Field(foreign_key="agendapunt.id", primary_key=True, ondelete="CASCADE")
    max_insprekers: int = Field(ge=0, le=100)
