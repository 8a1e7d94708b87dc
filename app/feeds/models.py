from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from app.db import Timestamps, UTCDateTime


class Feedstand(SQLModel, table=True):
    """One row whose counter rises, by database triggers, with every change any feed could show.

    Feeds are cached per worker process; a worker trusts its copy only while this counter is unchanged.
    """

    id: int = Field(default=1, primary_key=True)
    stand: int = Field(default=0, sa_type=sa.BigInteger)


class Agendatoken(Timestamps, table=True):
    """The secret in a person's private feed link. Only its SHA-256 is stored; the link is shown once."""

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int = Field(foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    persoon_id: int = Field(foreign_key="persoon.id", index=True)
    prefix: str = Field(max_length=12, description="herkenbaar begin van de link, voor de gebruiker en in logs")
    token_hash: str = Field(max_length=64, unique=True)
    ingetrokken_op: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Feedselectie(Timestamps, table=True):
    """A chosen set of organen behind a short id. The id follows from the set, so saving it twice is harmless."""

    id: str = Field(primary_key=True, max_length=10)
    orgaan_ids: list[int] = Field(sa_type=sa.JSON)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", ondelete="SET NULL")


class Feedversie(SQLModel, table=True):
    """The bytes a feed last had (by their ETag) and since when: Last-Modified then rises with every change,
    agreed by all workers and kept over a restart. Written only when a feed's bytes change."""

    soort: str = Field(primary_key=True, max_length=40)
    sleutel: str = Field(primary_key=True, max_length=120, description="slug of id; bij een persoonlijke feed de hash")
    etag: str = Field(max_length=40)
    last_modified: datetime = Field(sa_type=UTCDateTime)
