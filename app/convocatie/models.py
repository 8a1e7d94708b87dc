from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, Timestamps, UTCDateTime, enum_type


class Route(StrEnum):
    raad = "raad"  # a griffier on behalf of its raad, recording the raad's decision or motion
    ab_leden = "ab_leden"  # members of the algemeen bestuur
    wettelijk = "wettelijk"  # the statutory route: one fifth of the AB members


class VerzoekStatus(StrEnum):
    open = "open"
    drempel_bereikt = "drempel_bereikt"
    bijeengeroepen = "bijeengeroepen"
    zelf_bijeengeroepen = "zelf_bijeengeroepen"
    ingetrokken = "ingetrokken"


class Convocatieverzoek(PublicRecord, table=True):
    """A request to the chair of a regeling to convene a meeting. ``regels`` is the threshold and term as they
    stood when it was made."""

    id: int | None = Field(default=None, primary_key=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    route: Route = Field(sa_type=enum_type(Route))
    agenda: str
    toelichting: str
    grondslag: str = Field(max_length=500, description="het raadsbesluit of de motie achter het verzoek")
    namens_gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id")
    namens_persoon_id: int | None = Field(default=None, foreign_key="persoon.id")
    ingediend_door_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    status: VerzoekStatus = Field(default=VerzoekStatus.open, sa_type=enum_type(VerzoekStatus))
    regels: dict = Field(default_factory=dict, sa_type=sa.JSON)
    drempel_bereikt_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    termijn_tot: date | None = None
    herinnerd_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    vergadering_id: int | None = Field(default=None, foreign_key="vergadering.id")
    bijeengeroepen_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ingetrokken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    versie: int = Field(default=1, ge=1)


class Steun(Timestamps, table=True):
    """Support for a request, from a council or an AB member: once each while it stands (the partial unique
    indexes make a second one fail in the database, whatever the number of workers)."""

    __table_args__ = (
        sa.CheckConstraint("(gemeente_id IS NULL) <> (persoon_id IS NULL)", name="van"),
        sa.Index("uq_steun_gemeente", "verzoek_id", "gemeente_id", unique=True,
                 sqlite_where=sa.text("ingetrokken_at IS NULL AND gemeente_id IS NOT NULL"),
                 postgresql_where=sa.text("ingetrokken_at IS NULL AND gemeente_id IS NOT NULL")),
        sa.Index("uq_steun_persoon", "verzoek_id", "persoon_id", unique=True,
                 sqlite_where=sa.text("ingetrokken_at IS NULL AND persoon_id IS NOT NULL"),
                 postgresql_where=sa.text("ingetrokken_at IS NULL AND persoon_id IS NOT NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    verzoek_id: int = Field(foreign_key="convocatieverzoek.id", index=True)
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id")
    persoon_id: int | None = Field(default=None, foreign_key="persoon.id")
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id")
    grondslag: str | None = Field(default=None, max_length=500)
    gewicht: str = Field(max_length=120, description="het gewicht van deze steun, als exacte breuk")
    ingetrokken_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
