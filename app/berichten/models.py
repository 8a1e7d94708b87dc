from datetime import datetime

from sqlmodel import Field

from app.db import Timestamps, UTCDateTime


class Bericht(Timestamps, table=True):
    """An e-mail waiting to be sent, or sent: the outbox.

    A message is written in the same transaction as the change it reports, so a rolled-back plan sends
    nothing and a committed one is never forgotten; delivery happens after the commit and is retried.
    """

    id: int | None = Field(default=None, primary_key=True)
    aan: str = Field(max_length=320)
    onderwerp: str = Field(max_length=300)
    tekst: str
    verzonden_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    pogingen: int = Field(default=0, ge=0)
    fout: str | None = Field(default=None, max_length=500)
