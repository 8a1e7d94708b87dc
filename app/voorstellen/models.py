from datetime import date
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, enum_type


class VoorstelSoort(StrEnum):
    kadernota = "kadernota"
    begroting = "begroting"
    begrotingswijziging = "begrotingswijziging"
    jaarrekening = "jaarrekening"
    wijziging_regeling = "wijziging_regeling"
    overig = "overig"


class BehandelingRol(StrEnum):
    advies = "advies"
    zienswijze = "zienswijze"
    besluit = "besluit"
    informatie = "informatie"


class Voorstel(PublicRecord, table=True):
    id: int | None = Field(default=None, primary_key=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    titel: str = Field(max_length=300)
    soort: VoorstelSoort = Field(default=VoorstelSoort.overig, sa_type=enum_type(VoorstelSoort))
    toelichting: str | None = None
    sleutel: str | None = Field(default=None, max_length=200, unique=True, description="sleutel uit het importbestand")
    beschikbaar: date | None = Field(default=None, description="dag waarop het voorstel naar de raden gaat")
    uiterlijk: date | None = Field(default=None, description="uiterste dag van behandeling, bijv. de zienswijzetermijn")
    domein: str | None = Field(default=None, max_length=60, description="beleidsdomein, voor de carrousel")


class Afmelding(PublicRecord, table=True):
    """A council that opts out of a voorstel: it does not deliberate on it with the others."""

    __table_args__ = (sa.UniqueConstraint("voorstel_id", "gemeente_id"),)

    id: int | None = Field(default=None, primary_key=True)
    voorstel_id: int = Field(foreign_key="voorstel.id", index=True)
    gemeente_id: int = Field(foreign_key="gemeente.id", index=True)
    reden: str | None = Field(default=None, max_length=300)


class Document(PublicRecord, table=True):
    id: int | None = Field(default=None, primary_key=True)
    voorstel_id: int = Field(foreign_key="voorstel.id", index=True)
    titel: str = Field(max_length=300)
    url: str = Field(max_length=500)
    mime_type: str = Field(default="application/pdf", max_length=100)


class Behandeling(PublicRecord, table=True):
    """A voorstel handled by an orgaan, in a meeting once one is set."""

    id: int | None = Field(default=None, primary_key=True)
    voorstel_id: int = Field(foreign_key="voorstel.id", index=True)
    orgaan_id: int = Field(foreign_key="orgaan.id", index=True)
    vergadering_id: int | None = Field(default=None, foreign_key="vergadering.id", index=True)
    agendapunt_id: int | None = Field(default=None, foreign_key="agendapunt.id")
    rol: BehandelingRol = Field(sa_type=enum_type(BehandelingRol))
