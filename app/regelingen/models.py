from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, enum_type
from app.i18n import N_


class Vorm(StrEnum):
    """The five forms of the Wgr (art. 1, 8, 12-15)."""

    regeling_zonder_meer = "regeling_zonder_meer"
    centrumgemeente = "centrumgemeente"
    gemeenschappelijk_orgaan = "gemeenschappelijk_orgaan"
    bedrijfsvoeringsorganisatie = "bedrijfsvoeringsorganisatie"
    openbaar_lichaam = "openbaar_lichaam"


class Synchronisatie(StrEnum):
    gelijke_dag = "gelijke_dag"
    raadstafel = "raadstafel"
    carrousel = "carrousel"
    geen = "geen"


VORM_LABELS = {
    Vorm.regeling_zonder_meer: N_("Regeling zonder meer"),
    Vorm.centrumgemeente: N_("Centrumgemeente"),
    Vorm.gemeenschappelijk_orgaan: N_("Gemeenschappelijk orgaan"),
    Vorm.bedrijfsvoeringsorganisatie: N_("Bedrijfsvoeringsorganisatie"),
    Vorm.openbaar_lichaam: N_("Openbaar lichaam"),
}
SYNCHRONISATIE_LABELS = {
    Synchronisatie.gelijke_dag: N_("Behandeling op dezelfde dag"),
    Synchronisatie.raadstafel: N_("Raadstafel"),
    Synchronisatie.carrousel: N_("Carrousel en gezamenlijke raad"),
    Synchronisatie.geen: N_("Geen synchronisatie"),
}


class Regeling(PublicRecord, table=True):
    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=80, unique=True)
    naam: str = Field(max_length=160)
    vorm: Vorm = Field(sa_type=enum_type(Vorm))
    synchronisatie: Synchronisatie = Field(default=Synchronisatie.geen, sa_type=enum_type(Synchronisatie))
    demo: bool = Field(default=False, description="demogegevens, als zodanig gemarkeerd in de portal")
    termijnen: dict = Field(
        default_factory=dict, sa_type=sa.JSON, sa_column_kwargs={"server_default": "{}"},
        description="termijnen die de regeling zelf stelt (app.planning.pc.Termijnen)",
    )
    publicatieblad: str | None = Field(
        default=None, max_length=120, description="het blad waarin de regeling haar besluiten bekendmaakt"
    )
    stemregels: dict = Field(
        default_factory=dict, sa_type=sa.JSON, sa_column_kwargs={"server_default": "{}"},
        description="hoe gewogen stemmen tellen (app.stemmingen.rekenen.Stemregels)",
    )
    convocatieregels: dict = Field(
        default_factory=dict, sa_type=sa.JSON, sa_column_kwargs={"server_default": "{}"},
        description="wie een vergadering mag laten bijeenroepen en bij welke drempel (app.convocatie.regels)",
    )


class Deelname(PublicRecord, table=True):
    """A gemeente taking part in a regeling, with the weights that count in votes and thresholds."""

    __table_args__ = (sa.UniqueConstraint("regeling_id", "gemeente_id"),)

    id: int | None = Field(default=None, primary_key=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    gemeente_id: int = Field(foreign_key="gemeente.id", index=True)
    inwoners: int = Field(ge=0)
    bijdrage: Decimal = Field(default=Decimal("0"), ge=0, max_digits=14, decimal_places=2)
