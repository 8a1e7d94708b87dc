"""Fixtures of the speaking-rights tests: a gemeente with a committee that meets in ten days, its agenda, its
griffier, and the real SMTP server of the mail tests (aiosmtpd) where a test asks for it."""

from dataclasses import dataclass
from datetime import timedelta

import pytest

from app.config import Settings
from app.db import utcnow
from app.organen.models import Orgaan, Soort
from app.vergaderingen.models import Agendapunt, Vergadering
from tests import factories
from tests.berichten.conftest import free_port, mail_settings, postbus  # noqa: F401 (postbus is a fixture)


@pytest.fixture
def settings(database_url, request) -> Settings:
    port = request.getfixturevalue("postbus")[1] if "postbus" in request.fixturenames else free_port()
    return mail_settings(database_url, port)


@dataclass
class Regio:
    gemeente: object
    commissie: Orgaan
    vergadering: Vergadering
    punt: Agendapunt
    besloten_punt: Agendapunt
    griffier: str
    andere_griffier: str


def orgaan(db, gemeente, soort: Soort, slug: str) -> Orgaan:
    row = Orgaan(slug=slug, naam=f"Commissie {slug}", soort=soort, gemeente_id=gemeente.id)
    db.add(row)
    db.flush()
    return row


def punt(db, vergadering: Vergadering, titel: str, volgorde: int = 1, **kw) -> Agendapunt:
    row = Agendapunt(vergadering_id=vergadering.id, volgorde=volgorde, nummer=str(volgorde), titel=titel, **kw)
    db.add(row)
    db.flush()
    return row


def vergadering(db, *organen, dagen: float = 10, **kw) -> Vergadering:
    start = (utcnow() + timedelta(days=dagen)).replace(microsecond=0)
    return factories.vergadering(db, *organen, start=start, naam=kw.pop("naam", "Commissie Ruimte"), **kw)


@pytest.fixture
def regio(db) -> Regio:
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist")
    bunnik = factories.gemeente(db, "Bunnik", code="GM0312", slug="bunnik")
    commissie = orgaan(db, zeist, Soort.commissie, "zeist-ruimte")
    v = vergadering(db, commissie)
    p = punt(db, v, "Omgevingsvisie Zeist 2040")
    besloten = punt(db, v, "Grondaankoop", volgorde=2, openbaar=False)
    factories.user(db, "griffie@zeist.example.nl", ("griffier", zeist))
    factories.user(db, "griffie@bunnik.example.nl", ("griffier", bunnik))
    db.flush()
    return Regio(zeist, commissie, v, p, besloten, "griffie@zeist.example.nl", "griffie@bunnik.example.nl")
