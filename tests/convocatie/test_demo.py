"""The demo shows every state of a request: open, threshold reached, convened by the councils themselves."""

from datetime import date

import pytest
from sqlmodel import select

from app.convocatie import demo
from app.convocatie.models import Convocatieverzoek, VerzoekStatus
from app.demo import load
from app.regelingen.models import Regeling
from app.vergaderingen.models import Status, Vergadering

pytestmark = pytest.mark.db


def test_the_demo_has_an_open_a_reached_and_a_self_convened_request(db, tmp_path, monkeypatch):
    monkeypatch.setattr(load, "_accountability", lambda session, vandaag: None, raising=False)  # the others' demos
    load.load_demo(db, logins=tmp_path / "logins.txt")
    vandaag = date.today()
    demo.vul(db, vandaag=vandaag)
    rows = db.exec(select(Regeling.slug, Convocatieverzoek).join(Regeling)).all()
    statussen = {slug: v.status for slug, v in rows}
    assert statussen == {"mre": VerzoekStatus.open, "u16": VerzoekStatus.drempel_bereikt,
                         "drechtsteden": VerzoekStatus.zelf_bijeengeroepen}
    zelf = next(v for slug, v in rows if slug == "drechtsteden")
    meeting = db.get(Vergadering, zelf.vergadering_id)
    assert meeting.status == Status.bijeengeroepen and meeting.start.date() > vandaag
    demo.vul(db, vandaag=vandaag)  # twice: nothing new
    assert len(db.exec(select(Convocatieverzoek.id)).all()) == 3
