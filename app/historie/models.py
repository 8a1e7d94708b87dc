from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class Gebeurtenis(SQLModel, table=True):
    """One step in the life of a voorstel or a convocation request. Never updated or deleted: the database
    refuses both (triggers of migration 0004), so a published decision changes only by a visible correction."""

    id: int | None = Field(default=None, primary_key=True)
    tijd: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    voorstel_id: int | None = Field(default=None, foreign_key="voorstel.id", index=True)
    verzoek_id: int | None = Field(default=None, foreign_key="convocatieverzoek.id", index=True)
    soort: str = Field(max_length=60, description="bijv. 'verzonden', 'behandeld', 'steun', 'correctie'")
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    wie: str | None = Field(
        default=None, max_length=200,
        description="in welke hoedanigheid het gebeurde (geen naam: wie het was, staat in gebruiker_id)",
    )
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id", description="namens welke gemeente")
    wijzigingen: dict = Field(default_factory=dict, sa_type=sa.JSON, description="veld: [oud, nieuw]")
    toelichting: str | None = None
    correctie: bool = False
