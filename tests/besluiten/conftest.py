"""A regeling of four councils and voorstellen in every state, for the tests of the public decision pages."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, select

from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Deelname, Regeling
from app.voorstellen.models import (
    Afmelding,
    Behandeling,
    BehandelingRol,
    Besluit,
    Uitkomst,
    Voorstel,
    VoorstelFase,
    VoorstelSoort,
)
from tests import factories

VANDAAG = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the portal's today


@dataclass
class Regio:
    zeist: Gemeente  # gave a zienswijze, answered by the board
    utrecht: Gemeente  # has it on a meeting's agenda
    houten: Gemeente  # opted out
    bunnik: Gemeente  # never received it
    regeling: Regeling
    ab: Orgaan
    voorstel: Voorstel  # sent to the councils, deadline in three weeks
    zeist_behandeling: Behandeling
    utrecht_behandeling: Behandeling


def voorstel(db: Session, regeling: Regeling, titel: str = "Begroting 2028", **kw) -> Voorstel:
    kw.setdefault("soort", VoorstelSoort.begroting)
    kw.setdefault("fase", VoorstelFase.verzonden)
    kw.setdefault("beschikbaar", VANDAAG - timedelta(days=20))
    kw.setdefault("uiterlijk", VANDAAG + timedelta(days=21))
    row = Voorstel(regeling_id=regeling.id, titel=titel, **kw)
    db.add(row)
    db.flush()
    return row


def behandeling(db: Session, v: Voorstel, gemeente: Gemeente, **kw) -> Behandeling:
    kw.setdefault("rol", BehandelingRol.zienswijze)
    row = Behandeling(voorstel_id=v.id, orgaan_id=factories.orgaan_of(db, gemeente).id, **kw)
    db.add(row)
    db.flush()
    return row


def besloten(db: Session, regeling: Regeling, titel: str, *, besloten_op: date, gepubliceerd_op: date | None = None,
             **kw) -> Voorstel:
    return voorstel(
        db, regeling, titel, fase=VoorstelFase.gepubliceerd if gepubliceerd_op else VoorstelFase.besloten,
        besluit=Besluit.aangenomen, besloten_op=besloten_op, besluit_tekst="Het algemeen bestuur stelt het vast.",
        gepubliceerd_op=gepubliceerd_op, publicatie="Wgr-register 2027, nr. 12" if gepubliceerd_op else None,
        publicatie_url="https://example.org/publicatie/12" if gepubliceerd_op else None,
        beschikbaar=besloten_op - timedelta(days=60), uiterlijk=besloten_op - timedelta(days=14), **kw)


@pytest.fixture
def regio(db) -> Regio:
    zeist = factories.gemeente(db, "Zeist", slug="zeist", inwoners=65_000)
    utrecht = factories.gemeente(db, "Utrecht", slug="utrecht", inwoners=361_000)
    houten = factories.gemeente(db, "Houten", slug="houten", inwoners=50_000)
    bunnik = factories.gemeente(db, "Bunnik", slug="bunnik", inwoners=15_000)
    regeling = factories.regeling(db, slug="regio-u", naam="Regio U", publicatieblad="Wgr-register")
    for g, bijdrage in ((zeist, "100"), (utrecht, "500"), (houten, "300"), (bunnik, "100")):
        db.add(Deelname(regeling_id=regeling.id, gemeente_id=g.id, inwoners=g.inwoners, bijdrage=Decimal(bijdrage)))
    db.flush()
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id, Orgaan.soort == Soort.algemeen_bestuur)).one()
    v = voorstel(db, regeling, toelichting="De begroting voor het jaar 2028.")
    zb = behandeling(db, v, zeist, uitkomst=Uitkomst.zienswijze, tekst="Zeist vraagt om minder kosten.",
                     besloten_op=VANDAAG - timedelta(days=3), antwoord="Het bestuur neemt dit mee.",
                     antwoord_op=VANDAAG - timedelta(days=1))
    start = datetime.now(UTC) + timedelta(days=7)
    meeting = factories.vergadering(db, factories.orgaan_of(db, utrecht), start=start)
    ub = behandeling(db, v, utrecht, vergadering_id=meeting.id)
    db.add(Afmelding(voorstel_id=v.id, gemeente_id=houten.id, reden="Behandelt het zelf in januari"))
    db.flush()
    return Regio(zeist, utrecht, houten, bunnik, regeling, ab, v, zb, ub)
