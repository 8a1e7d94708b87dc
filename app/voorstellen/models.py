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


class VoorstelFase(StrEnum):
    """Where a voorstel is in its life: drafted by the board, sent to the councils, decided by the AB, published."""

    concept = "concept"
    verzonden = "verzonden"
    besloten = "besloten"
    gepubliceerd = "gepubliceerd"


class Besluit(StrEnum):
    """The AB's decision on a voorstel."""

    aangenomen = "aangenomen"
    verworpen = "verworpen"
    geamendeerd = "geamendeerd"


class Uitkomst(StrEnum):
    """What a council (or advising body) did with a voorstel in its Behandeling."""

    zienswijze = "zienswijze"
    geen_zienswijze = "geen_zienswijze"
    afgezien = "afgezien"  # the council opts out of giving a view
    aangenomen = "aangenomen"
    verworpen = "verworpen"
    geamendeerd = "geamendeerd"
    advies = "advies"  # a Raadstafel or carrousel gave its advice


class BehandelingRol(StrEnum):
    advies = "advies"
    zienswijze = "zienswijze"
    besluit = "besluit"
    informatie = "informatie"


class Voorstel(PublicRecord, table=True):
    # The open deadlines of a council's regelingen, soonest first (the gemeente page), without sorting them all.
    __table_args__ = (sa.Index("ix_voorstel_open_termijnen", "regeling_id", "fase", "uiterlijk"),)

    id: int | None = Field(default=None, primary_key=True)
    regeling_id: int = Field(foreign_key="regeling.id", index=True)
    titel: str = Field(max_length=300)
    soort: VoorstelSoort = Field(default=VoorstelSoort.overig, sa_type=enum_type(VoorstelSoort))
    toelichting: str | None = None
    sleutel: str | None = Field(default=None, max_length=200, unique=True, description="sleutel uit het importbestand")
    beschikbaar: date | None = Field(default=None, description="dag waarop het voorstel naar de raden gaat")
    uiterlijk: date | None = Field(default=None, description="uiterste dag van behandeling, bijv. de zienswijzetermijn")
    domein: str | None = Field(default=None, max_length=60, description="beleidsdomein, voor de carrousel")
    # Its life (app.voorstellen.service moves it on and writes every change to app.historie).
    fase: VoorstelFase = Field(
        default=VoorstelFase.verzonden, sa_type=enum_type(VoorstelFase),
        sa_column_kwargs={"server_default": "verzonden"},
    )
    uiterlijk_bron: str | None = Field(default=None, max_length=300, description="waar de termijn vandaan komt")
    besluit: Besluit | None = Field(default=None, sa_type=enum_type(Besluit))
    besloten_op: date | None = None
    besluit_tekst: str | None = None
    publicatie: str | None = Field(default=None, max_length=300, description="vindplaats in het publicatieblad")
    publicatie_url: str | None = Field(default=None, max_length=500)
    gepubliceerd_op: date | None = None
    versie: int = Field(default=1, ge=1, sa_column_kwargs={"server_default": "1"})


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
    uitkomst: Uitkomst | None = Field(default=None, sa_type=enum_type(Uitkomst))
    tekst: str | None = Field(default=None, description="de zienswijze of het advies")
    besloten_op: date | None = None
    antwoord: str | None = Field(
        default=None, description="het gemotiveerde antwoord van het dagelijks bestuur (Wgr art. 35 lid 4)"
    )
    antwoord_op: date | None = None
    versie: int = Field(default=1, ge=1, sa_column_kwargs={"server_default": "1"})
