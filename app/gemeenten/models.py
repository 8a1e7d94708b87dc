from datetime import date, time

import sqlalchemy as sa
from sqlmodel import Field

from app.db import PublicRecord


class Gemeente(PublicRecord, table=True):
    __table_args__ = (sa.CheckConstraint("code LIKE 'GM____'", name="code_cbs"),)

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(max_length=6, unique=True, description="CBS-gemeentecode, GMxxxx")
    naam: str = Field(max_length=120)
    slug: str = Field(max_length=80, unique=True)
    provincie: str = Field(max_length=40)
    inwoners: int = Field(ge=0)
    vergaderdag: int | None = Field(default=None, ge=0, le=6, description="gewone vergaderdag van de raad, 0 = maandag")
    demo: bool = Field(default=False, description="demogegevens, als zodanig gemarkeerd in de portal")

    # How the griffie plans (see app.planning.raden.Planregels for the meaning of each).
    aanvang: time = Field(default=time(19, 30), sa_column_kwargs={"server_default": "19:30:00"})
    duur_minuten: int = Field(default=210, ge=15, le=1440, sa_column_kwargs={"server_default": "210"})
    commissie_voor_raad_dagen: int = Field(default=14, ge=0, le=120, sa_column_kwargs={"server_default": "14"})
    publicatie_dagen: int = Field(default=10, ge=0, le=120, sa_column_kwargs={"server_default": "10"})
    max_agendapunten: int = Field(default=12, ge=1, le=200, sa_column_kwargs={"server_default": "12"})


class Fractie(PublicRecord, table=True):
    __table_args__ = (sa.UniqueConstraint("gemeente_id", "naam"),)

    id: int | None = Field(default=None, primary_key=True)
    gemeente_id: int = Field(foreign_key="gemeente.id", index=True)
    naam: str = Field(max_length=120)
    zetels: int = Field(ge=0)


class Reces(PublicRecord, table=True):
    __table_args__ = (sa.CheckConstraint("van <= tot", name="periode"),)

    id: int | None = Field(default=None, primary_key=True)
    gemeente_id: int = Field(foreign_key="gemeente.id", index=True)
    naam: str = Field(max_length=80)
    van: date
    tot: date


class Persoon(PublicRecord, table=True):
    id: int | None = Field(default=None, primary_key=True)
    sleutel: str | None = Field(default=None, max_length=80, unique=True, description="sleutel uit het importbestand")
    naam: str = Field(max_length=160)
    gemeente_id: int | None = Field(default=None, foreign_key="gemeente.id", index=True)
    fractie_id: int | None = Field(default=None, foreign_key="fractie.id", index=True)
