from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import Timestamps, UTCDateTime, enum_type, utcnow


class RolSoort(StrEnum):
    beheerder = "beheerder"
    griffier = "griffier"  # of a gemeente
    secretaris = "secretaris"  # of a regeling
    raadslid = "raadslid"  # linked to a Persoon


class Gebruiker(Timestamps, table=True):
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, description="altijd in kleine letters")
    naam: str = Field(max_length=160)
    wachtwoord_hash: str = Field(max_length=200)
    actief: bool = True
    persoon_id: int | None = Field(default=None, foreign_key="persoon.id")
    sessie_generatie: int = Field(default=1, description="hoger bij uitloggen: oudere sessiecookies gelden niet meer")
    laatst_ingelogd: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Roltoekenning(Timestamps, table=True):
    """A role held for one gemeente or regeling (or, for a beheerder, for everything)."""

    __table_args__ = (
        sa.UniqueConstraint("gebruiker_id", "rol", "gemeente_id", "regeling_id"),
        sa.CheckConstraint(
            "(rol <> 'griffier' OR gemeente_id IS NOT NULL) AND (rol <> 'secretaris' OR regeling_id IS NOT NULL)",
            name="bereik",
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    rol: RolSoort = Field(sa_type=enum_type(RolSoort))
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id")
    regeling_id: int | None = Field(default=None, foreign_key="regeling.id")


class ApiToken(Timestamps, table=True):
    """A personal bearer token. Only its SHA-256 is stored; the token itself is shown once."""

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    naam: str = Field(max_length=120)
    prefix: str = Field(max_length=12, unique=True, description="herkenbaar begin van het token")
    token_hash: str = Field(max_length=64, unique=True)
    laatst_gebruikt: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ingetrokken_op: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Inlogpoging(Timestamps, table=True):
    """Failed logins, kept in the database so throttling holds across worker processes."""

    __table_args__ = (sa.Index("ix_inlogpoging_sleutel_tijd", "sleutel", "tijd"),)

    id: int | None = Field(default=None, primary_key=True)
    sleutel: str = Field(max_length=300)
    tijd: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
