from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlmodel import Field

from app.db import Timestamps, UTCDateTime, enum_type


class Melding(StrEnum):
    """The kinds of notification a person can subscribe to."""

    convocatieverzoek = "convocatieverzoek"  # a new request to convene
    drempel_bereikt = "drempel_bereikt"
    termijn_verloopt = "termijn_verloopt"  # the chair's term to convene is about to pass
    bijeengeroepen = "bijeengeroepen"  # a meeting was convened (by the chair or by the councils)
    zienswijzetermijn = "zienswijzetermijn"  # a zienswijze deadline in two weeks
    antwoord = "antwoord"  # the board's answer to the zienswijzen is published
    verantwoording = "verantwoording"  # the yearly accountability meeting


class Abonnement(Timestamps, table=True):
    """A person's subscription to the notifications of one regeling; an RFC 8058 one-click link ends it."""

    __table_args__ = (sa.UniqueConstraint("email", "regeling_id"),)

    id: int | None = Field(default=None, primary_key=True)
    gebruiker_id: int | None = Field(default=None, foreign_key="gebruiker.id", index=True, ondelete="CASCADE")
    email: str = Field(max_length=320, description="altijd in kleine letters")
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    soorten: list = Field(default_factory=list, sa_type=sa.JSON, description="lege lijst: alle meldingen")
    opgezegd_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Bericht(Timestamps, table=True):
    """An e-mail waiting to be sent, or sent: the outbox.

    A message is written in the same transaction as the change it reports, so a rolled-back plan sends
    nothing and a committed one is never forgotten; delivery happens after the commit and is retried with
    backoff (``volgende_poging_at``) until it goes out or ``MAX_POGINGEN`` is reached.
    """

    id: int | None = Field(default=None, primary_key=True)
    aan: str = Field(max_length=320)
    onderwerp: str = Field(max_length=300)
    tekst: str
    html: str | None = None
    soort: Melding | None = Field(default=None, sa_type=enum_type(Melding))
    abonnement_id: int | None = Field(default=None, foreign_key="abonnement.id", ondelete="SET NULL")
    verzonden_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    volgende_poging_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    pogingen: int = Field(default=0, ge=0)
    fout: str | None = Field(default=None, max_length=500)
