from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, Timestamps, UTCDateTime, enum_type


class Keuze(StrEnum):
    voor = "voor"
    tegen = "tegen"
    onthouden = "onthouden"
    afwezig = "afwezig"


class StemUitkomst(StrEnum):
    aangenomen = "aangenomen"
    verworpen = "verworpen"
    geen_quorum = "geen_quorum"


class Stemming(PublicRecord, table=True):
    """A recorded vote of one orgaan. ``regels`` and ``uitslag`` are snapshots: a later change of the regeling's
    rules or of a member's weight never changes a vote that was held."""

    id: int | None = Field(default=None, primary_key=True)
    orgaan_id: int = Field(foreign_key="orgaan.id", index=True)
    vergadering_id: int | None = Field(default=None, foreign_key="vergadering.id", index=True)
    voorstel_id: int | None = Field(default=None, foreign_key="voorstel.id", index=True)
    onderwerp: str = Field(max_length=300)
    gestemd_op: datetime = Field(sa_type=UTCDateTime)
    regels: dict = Field(default_factory=dict, sa_type=sa.JSON)
    uitkomst: StemUitkomst = Field(sa_type=enum_type(StemUitkomst))
    uitslag: dict = Field(default_factory=dict, sa_type=sa.JSON)


class Stem(Timestamps, table=True):
    """One member's vote, with the weight it carried then, as an exact fraction 'teller/noemer'."""

    __table_args__ = (sa.UniqueConstraint("stemming_id", "persoon_id"),)

    id: int | None = Field(default=None, primary_key=True)
    stemming_id: int = Field(foreign_key="stemming.id", index=True, ondelete="CASCADE")
    persoon_id: int = Field(foreign_key="persoon.id", index=True)
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id")
    fractie_id: int | None = Field(default=None, foreign_key="fractie.id")
    gewicht: str = Field(max_length=120)
    keuze: Keuze = Field(sa_type=enum_type(Keuze))
