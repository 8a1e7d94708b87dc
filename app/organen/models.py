from datetime import date, time
from decimal import Decimal
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord, enum_type
from app.i18n import N_


class Soort(StrEnum):
    raad = "raad"
    commissie = "commissie"
    presidium = "presidium"
    algemeen_bestuur = "algemeen_bestuur"
    dagelijks_bestuur = "dagelijks_bestuur"
    bestuur = "bestuur"
    adviescommissie = "adviescommissie"  # a Raadstafel is one (Wgr art. 24a)
    carrousel = "carrousel"
    gezamenlijke_raad = "gezamenlijke_raad"
    radenbijeenkomst = "radenbijeenkomst"


SOORT_LABELS = {
    Soort.raad: N_("Gemeenteraad"),
    Soort.commissie: N_("Raadscommissie"),
    Soort.presidium: N_("Presidium"),
    Soort.algemeen_bestuur: N_("Algemeen bestuur"),
    Soort.dagelijks_bestuur: N_("Dagelijks bestuur"),
    Soort.bestuur: N_("Bestuur"),
    Soort.adviescommissie: N_("Adviescommissie"),
    Soort.carrousel: N_("Carrousel"),
    Soort.gezamenlijke_raad: N_("Gezamenlijke raad"),
    Soort.radenbijeenkomst: N_("Radenbijeenkomst"),
}


class Rol(StrEnum):
    voorzitter = "voorzitter"
    vicevoorzitter = "vicevoorzitter"
    lid = "lid"
    plaatsvervangend_lid = "plaatsvervangend_lid"
    secretaris = "secretaris"


class Orgaan(PublicRecord, table=True):
    """Any body that meets. It belongs to exactly one gemeente or one regeling."""

    __table_args__ = (
        sa.CheckConstraint("(gemeente_id IS NULL) <> (regeling_id IS NULL)", name="eigenaar"),
    )

    id: int | None = Field(default=None, primary_key=True)
    slug: str = Field(max_length=120, unique=True)
    naam: str = Field(max_length=160)
    soort: Soort = Field(sa_type=enum_type(Soort))
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id", index=True)
    regeling_id: int | None = Field(default=None, foreign_key="regeling.id", index=True)
    vergaderdag: int | None = Field(default=None, ge=0, le=6, description="gewone vergaderdag, 0 = maandag")
    aanvang: time | None = Field(default=None, description="gewone aanvangstijd")
    domein: str | None = Field(default=None, max_length=60, description="beleidsdomein van een carrousel")


class Lidmaatschap(PublicRecord, table=True):
    __table_args__ = (sa.CheckConstraint("einde IS NULL OR start IS NULL OR start <= einde", name="periode"),)

    id: int | None = Field(default=None, primary_key=True)
    persoon_id: int = Field(foreign_key="persoon.id", index=True)
    orgaan_id: int = Field(foreign_key="orgaan.id", index=True)
    rol: Rol = Field(default=Rol.lid, sa_type=enum_type(Rol))
    fractie_id: int | None = Field(default=None, foreign_key="fractie.id", description="namens welke fractie")
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id", description="namens welke gemeente")
    stemgewicht: Decimal = Field(default=Decimal("1"), ge=0, max_digits=12, decimal_places=6)
    start: date | None = None
    einde: date | None = None
