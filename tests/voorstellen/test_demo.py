"""The demo voorstellen: every stage of a voorstel's life, written through the service, on the demo regions."""

from datetime import date

from sqlmodel import select

from app.demo.build import build, default_years
from app.historie.models import Gebeurtenis
from app.importer.service import import_document
from app.regelingen.models import Regeling
from app.voorstellen import demo, service
from app.voorstellen.models import Voorstel, VoorstelFase
from tests.voorstellen.conftest import actor


def test_the_demo_shows_voorstellen_in_every_stage(db):
    documenten = build(default_years())
    for slug in ("mre", "u16"):
        import_document(db, documenten[slug], source=f"demoregio {slug}", demo=True)
    beheerder = actor(db, "beheer@demo.example.nl", ("beheerder",))
    vandaag = date.today()

    demo.vul(db, vandaag=vandaag)

    nieuw = db.exec(select(Voorstel).join(Gebeurtenis, Gebeurtenis.voorstel_id == Voorstel.id)
                    .where(Gebeurtenis.soort == "opgesteld").order_by(Voorstel.id)).all()
    assert [v.fase for v in nieuw] == [VoorstelFase.concept, VoorstelFase.verzonden, VoorstelFase.besloten,
                                       VoorstelFase.gepubliceerd, VoorstelFase.verzonden]
    details = [service.detail(db, v.id, actor=beheerder, vandaag=vandaag) for v in nieuw]
    sleutels = [[w.sleutel for w in d.waarschuwingen] for d in details]
    assert "woo_niet_gepubliceerd" in sleutels[2] and "zienswijze_onbeantwoord" in sleutels[2]
    assert any(g.correctie for g in details[3].tijdlijn)
    assert [x.orgaan.slug for x in details[1].advies] == ["mre-raadstafel"]
    assert any(x.behandeling.antwoord for x in details[1].raden)
    assert {x.behandeling.rol.value for x in details[4].raden} == {"besluit"}
    assert service.deadline_herinneringen(db, vandaag) >= 1  # the one due in ten days
    assert {db.get(Regeling, v.regeling_id).slug for v in nieuw} == {"mre", "u16"}
