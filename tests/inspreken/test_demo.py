"""The demo speakers: upcoming committee meetings of demo councils get an agenda and a few registrations; the
meeting page shows places left but no names; loading twice changes nothing."""

from datetime import date

from sqlmodel import select

from app.inspreken import demo
from app.inspreken.models import Inspreekruimte, Inspreekverzoek
from app.organen.models import Soort
from app.vergaderingen.models import Agendapunt
from tests import factories
from tests.inspreken.conftest import orgaan, vergadering


def test_demo_speakers_on_the_next_committee_meetings_of_demo_councils(client, db):
    demodorp = factories.gemeente(db, "Demodorp", code="GM0999", slug="demodorp", demo=True)
    echt = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist")
    eerste = vergadering(db, orgaan(db, demodorp, Soort.commissie, "demodorp-ruimte"), dagen=5)
    vergadering(db, orgaan(db, demodorp, Soort.carrousel, "demodorp-carrousel"), dagen=6)
    vergadering(db, factories.orgaan_of(db, demodorp), dagen=4)  # a council meeting takes no speakers
    vergadering(db, orgaan(db, echt, Soort.commissie, "zeist-ruimte"), dagen=3)  # not a demo council

    demo.vul(db, vandaag=date.today())
    verzoeken = db.exec(select(Inspreekverzoek)).all()
    assert len(verzoeken) == 5 and all(v.email.endswith("@example.org") for v in verzoeken)
    assert len(db.exec(select(Inspreekruimte)).all()) == 2
    assert len(db.exec(select(Agendapunt).where(Agendapunt.vergadering_id == eerste.id)).all()) == len(demo.AGENDA)

    page = client.get(f"/vergaderingen/{eerste.id}").text
    assert "nog 1 plaats" in page and "(demo)" not in page and "example.org" not in page

    demo.vul(db, vandaag=date.today())
    assert len(db.exec(select(Inspreekverzoek)).all()) == 5
