"""Every public list and detail page runs as many queries with 1 item as with 50 (no N+1), pretalx style.

One region is built with n of everything a page lists: gemeenten in a regeling, their councils, meetings (all in
one week of a future month, so the calendar shows them), agenda items and bodies of one joint meeting, members
of the board, fracties and recesses of the gemeente, voorstellen with deadlines still open and a behandeling
per council. Each page is asked for twice (the first warms the session) and the second one's statements are
counted.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.gemeenten.models import Fractie, Reces
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.vergaderingen.models import Agendapunt, VergaderingOrgaan
from app.voorstellen.models import Behandeling, BehandelingRol, Document, Voorstel, VoorstelFase, VoorstelSoort
from tests import factories
from tests.test_pages import count_queries

# A week well ahead of today: every meeting starts in it, so "upcoming" lists and the calendar all show them.
MAANDAG = (utcnow() + timedelta(days=60)).date()
MAANDAG -= timedelta(days=MAANDAG.weekday())
WEEK = f"{MAANDAG.isocalendar().year}-W{MAANDAG.isocalendar().week:02d}"
MAAND = MAANDAG.strftime("%Y-%m")

PAGES = [
    "/",
    "/gemeenten",
    "/gemeenten/{gemeente}",
    "/regelingen",
    "/regelingen/{regeling}",
    "/organen",
    "/organen/{orgaan}",
    "/vergaderingen",
    "/vergaderingen/{vergadering}",
    "/besluiten",
    "/besluiten?gemeente={gemeente}",
    "/gemeenten/{gemeente}/regelingen",
    "/voorstellen/{voorstel}",
    f"/kalender?maand={MAAND}",
    f"/kalender?maand={MAAND}&gemeente={{gemeente}}",
    f"/kalender/week?week={WEEK}",
    f"/kalender/week?week={WEEK}&regeling={{regeling}}",
]


def _populate(db, n: int) -> dict:
    vandaag = utcnow().date()
    zeist = factories.gemeente(db, "Zeist")
    gemeenten = [zeist] + [factories.gemeente(db, f"Gemeente{i}") for i in range(n - 1)]
    regeling = factories.regeling(db, deelnemers=gemeenten)
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    raden = [factories.orgaan_of(db, g) for g in gemeenten]
    for i in range(n):
        db.add(Fractie(gemeente_id=zeist.id, naam=f"Fractie {i}", zetels=1))
        db.add(Reces(gemeente_id=zeist.id, naam=f"Reces {i}", van=vandaag + timedelta(days=100 + 10 * i),
                     tot=vandaag + timedelta(days=105 + 10 * i)))
        persoon = factories.persoon(db, f"Lid {i}", gemeente_id=gemeenten[i].id)
        db.add(Lidmaatschap(persoon_id=persoon.id, orgaan_id=ab.id, rol=Rol.lid, gemeente_id=gemeenten[i].id,
                            stemgewicht=Decimal("1")))
    # n meetings in one week, each of one council with the board, all upcoming; Zeist's council is in each.
    meetings = []
    for i, raad in enumerate(raden):
        start = datetime.combine(MAANDAG + timedelta(days=i % 7), datetime.min.time(), tzinfo=UTC) + timedelta(
            hours=8 + i % 12)
        organen = (raad, ab) if raad is raden[0] else (raad, ab, raden[0])
        meetings.append(factories.vergadering(db, *organen, start=start, naam=f"Vergadering {i}"))
    joint = meetings[0]
    for extra in raden[1:]:  # the first meeting is a joint meeting of every council
        if not db.get(VergaderingOrgaan, (joint.id, extra.id)):
            db.add(VergaderingOrgaan(vergadering_id=joint.id, orgaan_id=extra.id))
    agendapunten = [Agendapunt(vergadering_id=joint.id, volgorde=i, nummer=str(i + 1), titel=f"Punt {i}")
                    for i in range(n)]
    db.add_all(agendapunten)
    db.flush()
    # n voorstellen sent to the councils, deadline ahead; each treated by one council, on the joint meeting.
    voorstellen = []
    for i in range(n):
        v = Voorstel(regeling_id=regeling.id, titel=f"Voorstel {i}", soort=VoorstelSoort.begroting,
                     fase=VoorstelFase.verzonden, beschikbaar=vandaag - timedelta(days=5),
                     uiterlijk=vandaag + timedelta(days=30 + i))
        db.add(v)
        db.flush()
        db.add(Document(voorstel_id=v.id, titel=f"Stuk {i}", url=f"https://example.nl/{i}.pdf"))
        db.add(Behandeling(voorstel_id=v.id, orgaan_id=raden[i].id, vergadering_id=joint.id,
                           agendapunt_id=agendapunten[i].id, rol=BehandelingRol.zienswijze))
        voorstellen.append(v)
    for i in range(n - 1):  # more regelingen Zeist takes part in, for the list of regelingen
        factories.regeling(db, naam=f"Regeling extra {i}", deelnemers=[zeist])
    db.add(Orgaan(slug=f"{regeling.slug}-db", naam="Dagelijks bestuur", soort=Soort.dagelijks_bestuur,
                  regeling_id=regeling.id))
    db.flush()
    return {"gemeente": zeist.slug, "regeling": regeling.slug, "orgaan": ab.slug, "vergadering": joint.id,
            "voorstel": voorstellen[0].id}


def _count(app, engine, url: str) -> tuple[int, str]:
    from fastapi.testclient import TestClient

    with TestClient(app, base_url="https://tussenruimte.test") as client:
        client.get(url)  # warm up: the session, the CSRF token
        with count_queries(engine) as statements:
            response = client.get(url)
        assert response.status_code == 200, f"{url}: {response.status_code}"
    return len(statements), response.text


@pytest.mark.parametrize("page", PAGES)
def test_a_public_page_runs_as_many_queries_for_1_as_for_50_items(engine, app, db, page):
    # The render itself is measured: the per-process page cache (app/web/paginacache.py) would answer the second
    # request from memory, and its counter does not go back when the test's data is rolled back.
    app.state.pagina_cache = None
    counts, texts = [], []
    for n in (1, 50):
        nested = db.begin_nested()
        keys = _populate(db, n)
        count, text = _count(app, engine, page.format(**keys))
        counts.append(count)
        texts.append(text)
        nested.rollback()
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 1 item, {counts[1]} with 50"
    # The 50 are really on the page (a page that showed none would pass the count trivially).
    assert _items(texts[1]) > _items(texts[0]), page


def _items(html: str) -> int:
    return sum(html.count(marker) for marker in ("Vergadering ", "Gemeente", "Voorstel ", "Regeling ", "Punt ",
                                                 "Lid ", "Fractie "))


def test_the_region_is_built_as_described(db):
    keys = _populate(db, 3)
    joint = keys["vergadering"]
    assert db.exec(sa.select(sa.func.count()).select_from(VergaderingOrgaan).where(
        VergaderingOrgaan.vergadering_id == joint)).scalar_one() == 4  # three councils and the board
    assert db.exec(sa.select(sa.func.count()).select_from(Agendapunt).where(
        Agendapunt.vergadering_id == joint)).scalar_one() == 3
    assert date.fromisoformat(MAANDAG.isoformat()).weekday() == 0
