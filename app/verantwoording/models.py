import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, Timestamps


class Verantwoordingsbijeenkomst(PublicRecord, table=True):
    __table_args__ = (sa.UniqueConstraint("regeling_id", "jaar"),)

    id: int | None = Field(default=None, primary_key=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    jaar: int = Field(ge=2000, le=2200, description="het jaar waarover verantwoording wordt afgelegd")
    vergadering_id: int = Field(foreign_key="vergadering.id", unique=True)


class Aanwezigheid(Timestamps, table=True):
    """How many members of one council attended, as recorded by its griffier or the secretaris."""

    __table_args__ = (sa.UniqueConstraint("bijeenkomst_id", "gemeente_id"),)

    id: int | None = Field(default=None, primary_key=True)
    bijeenkomst_id: int = Field(foreign_key="verantwoordingsbijeenkomst.id", index=True)
    gemeente_id: int = Field(foreign_key="gemeente.id", index=True)
    aanwezig: int = Field(ge=0, le=200)
    opmerking: str | None = Field(default=None, max_length=300)
