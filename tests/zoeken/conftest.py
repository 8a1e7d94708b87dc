"""A small region with something of every kind to find, and things a citizen must never find."""

from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.regelingen.models import Regeling
from app.vergaderingen.models import Agendapunt, Vergadering
from app.voorstellen.models import Besluit, Voorstel, VoorstelFase, VoorstelSoort
from tests import factories


@dataclass
class Zoekregio:
    zeist: Gemeente
    utrecht: Gemeente
    bunnik: Gemeente  # takes no part in the regeling
    regeling: Regeling
    ab: Orgaan
    begroting: Voorstel  # sent to the councils
    kadernota: Voorstel  # decided and published
    jaarrekening: Voorstel  # decided, not yet published
    concept: Voorstel  # the board's draft
    weg: Voorstel  # deleted
    zwembad: Voorstel  # a title with markup in it
    vergadering: Vergadering
    besloten: Vergadering  # not public
    punt: Agendapunt
    geheim_punt: Agendapunt  # not public


def voorstel(db: Session, regeling: Regeling, titel: str, **kw) -> Voorstel:
    kw.setdefault("fase", VoorstelFase.verzonden)
    kw.setdefault("beschikbaar", date(2027, 3, 1))
    row = Voorstel(regeling_id=regeling.id, titel=titel, **kw)
    db.add(row)
    db.flush()
    return row


def agendapunt(db: Session, vergadering: Vergadering, titel: str, volgorde: int = 1, **kw) -> Agendapunt:
    row = Agendapunt(vergadering_id=vergadering.id, volgorde=volgorde, titel=titel, **kw)
    db.add(row)
    db.flush()
    return row


@pytest.fixture
def regio(db) -> Zoekregio:
    return maak_regio(db)


def maak_regio(db: Session) -> Zoekregio:
    zeist, utrecht, bunnik = (factories.gemeente(db, naam) for naam in ("Zeist", "Utrecht", "Bunnik"))
    regeling = factories.regeling(db, slug="regio-zoek", naam="Regio Zoek", deelnemers=[zeist, utrecht])
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    begroting = voorstel(db, regeling, "Begroting 2028 van de veiligheidsregio", soort=VoorstelSoort.begroting,
                         toelichting="De begroting voor 2028 met extra geld voor jeugdzorg en brandweerkazernes.")
    kadernota = voorstel(db, regeling, "Kadernota 2029", soort=VoorstelSoort.kadernota,
                         fase=VoorstelFase.gepubliceerd, besluit=Besluit.aangenomen, besloten_op=date(2027, 6, 1),
                         gepubliceerd_op=date(2027, 6, 10),
                         besluit_tekst="Het algemeen bestuur stelt de kadernota vast en vraagt aandacht voor "
                                       "de begrotingen van de gemeenten.")
    jaarrekening = voorstel(db, regeling, "Jaarrekening 2026", soort=VoorstelSoort.jaarrekening,
                            fase=VoorstelFase.besloten, besluit=Besluit.aangenomen, besloten_op=date(2027, 7, 1),
                            besluit_tekst="Vastgesteld, met een reserve voor de afvalstoffenheffing.")
    concept = voorstel(db, regeling, "Conceptplan afvalinzameling", fase=VoorstelFase.concept)
    weg = voorstel(db, regeling, "Vervallen plan afvalinzameling", deleted_at=datetime(2027, 1, 1, tzinfo=UTC))
    zwembad = voorstel(db, regeling, "<script>alert(1)</script> Zwembad & sporthal",
                       toelichting="Een nieuw <b>zwembad</b> in Zeist.")
    vergadering = factories.vergadering(db, ab, naam="Vergadering over de café-exploitatie",
                                        locatie="Stadhuis Zeist", start=datetime(2027, 1, 26, 18, 30, tzinfo=UTC))
    besloten = factories.vergadering(db, ab, naam="Besloten overleg afvalinzameling", openbaar=False,
                                     start=datetime(2027, 2, 2, 18, 30, tzinfo=UTC))
    punt = agendapunt(db, vergadering, "Vaststelling begroting jeugdzorg")
    geheim_punt = agendapunt(db, vergadering, "Geheim punt afvalinzameling", volgorde=2, openbaar=False)
    agendapunt(db, vergadering, "Verwijderd punt afvalinzameling", volgorde=3,
               deleted_at=datetime(2027, 1, 1, tzinfo=UTC))
    agendapunt(db, besloten, "Punt in besloten vergadering over afvalinzameling")
    return Zoekregio(zeist, utrecht, bunnik, regeling, ab, begroting, kadernota, jaarrekening, concept, weg, zwembad,
                     vergadering, besloten, punt, geheim_punt)
