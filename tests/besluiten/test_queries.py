"""No N+1: every page and export of the decisions runs as many queries for one voorstel (or council) as for many."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from app.accounts.authz import Actor
from app.historie import service as historie
from app.organen.models import Orgaan, Soort
from app.stemmingen.models import Keuze, Stem, Stemming, StemUitkomst
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Document, Uitkomst
from tests import factories
from tests.besluiten.conftest import VANDAAG, behandeling, besloten, voorstel
from tests.test_pages import count_queries

BEHEERDER = Actor(naam="Beheer", beheerder=True)


def _populate(db, n: int) -> dict:
    """n councils in one regeling and n voorstellen in each state (open, decided, published), each with a
    behandeling per council (on a meeting's agenda), an opt-out, documents, advice, history and a recorded vote."""
    gemeenten = [factories.gemeente(db, f"Gemeente{i}", slug=f"gemeente{i}-{n}") for i in range(n)]
    regeling = factories.regeling(db, deelnemers=gemeenten)
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    tafel = Orgaan(slug=f"{regeling.slug}-tafel", naam="Raadstafel", soort=Soort.adviescommissie,
                   regeling_id=regeling.id)
    db.add(tafel)
    db.flush()
    start = datetime.now(UTC) + timedelta(days=3)
    meetings = {g.id: factories.vergadering(db, factories.orgaan_of(db, g), start=start) for g in gemeenten}
    voorstellen = []
    for i in range(n):
        voorstellen += [
            voorstel(db, regeling, f"Open {i}"),
            besloten(db, regeling, f"Besloten {i}", besloten_op=VANDAAG - timedelta(days=30)),
            besloten(db, regeling, f"Gepubliceerd {i}", besloten_op=VANDAAG - timedelta(days=30),
                     gepubliceerd_op=VANDAAG - timedelta(days=20)),
        ]
    for v in voorstellen:
        for j, g in enumerate(gemeenten):
            if j == 1:
                db.add(Afmelding(voorstel_id=v.id, gemeente_id=g.id))
            else:  # the last council has no outcome yet: its deadlines are open
                behandeling(db, v, g, vergadering_id=meetings[g.id].id,
                            uitkomst=Uitkomst.zienswijze if j % 2 == 0 and j != n - 1 else None, tekst="Tekst.")
        db.add(Behandeling(voorstel_id=v.id, orgaan_id=tafel.id, rol=BehandelingRol.advies, uitkomst=Uitkomst.advies,
                           tekst="Advies.", besloten_op=VANDAAG))
        db.add(Document(voorstel_id=v.id, titel="Stuk", url="https://example.org/stuk.pdf"))
        for soort in ("verzonden", "correctie"):
            historie.log(db, actor=BEHEERDER, regeling_id=regeling.id, voorstel_id=v.id, soort=soort,
                         gemeente_id=gemeenten[-1].id, correctie=soort == "correctie")
        stemming = Stemming(orgaan_id=ab.id, voorstel_id=v.id, onderwerp=v.titel, gestemd_op=datetime.now(UTC),
                            uitkomst=StemUitkomst.aangenomen)
        db.add(stemming)
        db.flush()
        for g in gemeenten:
            persoon = factories.persoon(db, f"Lid {g.naam}", gemeente_id=g.id)
            db.add(Stem(stemming_id=stemming.id, persoon_id=persoon.id, gemeente_id=g.id, gewicht=f"1/{n}",
                        keuze=Keuze.voor))
    db.flush()
    return {"slug": regeling.slug, "gemeente": gemeenten[-1].slug, "voorstel": v.id}


# Each page, and what it shows with 12 items that it would not with 1 (so the many are really read).
PAGES = {"/besluiten": "Open 11", "/besluiten?gemeente={gemeente}": "Open 11",
         "/regelingen/{slug}/besluiten": "Open 11", "/besluiten.csv": "Open 11",
         "/besluiten.json?regeling={slug}": "Open 11", "/besluiten.atom": "Gepubliceerd 11",
         "/voorstellen/{voorstel}": "Gemeente11", "/gemeenten/{gemeente}/regelingen": "Open 11"}


@pytest.mark.parametrize("page", PAGES)
def test_pages_run_as_many_queries_for_1_as_for_12_items(engine, app, db, page):
    counts = []
    for n in (1, 12):
        nested = db.begin_nested()
        keys = _populate(db, n)
        url = page.format(**keys)
        with TestClient(app, base_url="https://tussenruimte.test") as client:
            client.get(url)  # warm up: the session
            with count_queries(engine) as statements:
                response = client.get(url)
            assert response.status_code == 200, response.text
            assert (PAGES[page] in response.text) == (n == 12)
        counts.append(len(statements))
        nested.rollback()
    assert counts[0] == counts[1], f"{page}: {counts[0]} queries with 1 item, {counts[1]} with 12"
