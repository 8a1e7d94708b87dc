"""The public pages of the decisions: the voorstel page with every council's position, the lists with their
filters, the exports and the Atom feed, and per gemeente its regelingen with its open deadlines.

Every test runs on SQLite and on PostgreSQL (see tests/conftest.py).
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlmodel import select

from app.accounts.authz import Actor
from app.historie import service as historie
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Deelname
from app.voorstellen.models import Behandeling, BehandelingRol, Document, Uitkomst, VoorstelFase, VoorstelSoort
from tests import factories
from tests.besluiten.conftest import VANDAAG, behandeling, besloten, voorstel
from tests.helpers import login

ATOM = "{http://www.w3.org/2005/Atom}"
ALTERNATE_ATOM = re.compile(r'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="([^"]+)">')


def _rij(html: str, naam: str) -> str:
    """The matrix row of one gemeente on a voorstel page."""
    match = re.search(rf'<tr class="utrecht-table__row">\s*<th[^>]*><a[^>]*>{naam}</a></th>(.*?)</tr>', html, re.S)
    assert match, f"geen rij voor {naam}"
    return match.group(1)


# --- the voorstel page -----------------------------------------------------------------------------------------


def test_the_voorstel_page_shows_every_councils_position(client, regio):
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    zeist = _rij(html, "Zeist")
    assert "Zienswijze ingediend" in zeist and "Zeist vraagt om minder kosten." in zeist
    assert "Het bestuur neemt dit mee." in zeist  # the board's answer (Wgr art. 35 lid 4)
    utrecht = _rij(html, "Utrecht")
    assert "Geagendeerd" in utrecht and "/vergaderingen/" in utrecht
    houten = _rij(html, "Houten")
    assert "Afgemeld" in houten and "Behandelt het zelf in januari" in houten
    assert "Niet ontvangen" in _rij(html, "Bunnik")
    assert "1 van 4" in html  # councils with an outcome
    assert "De begroting voor het jaar 2028." in html


def test_a_zienswijze_without_answer_says_so(client, db, regio):
    regio.zeist_behandeling.antwoord = None
    regio.zeist_behandeling.antwoord_op = None
    db.add(regio.zeist_behandeling)
    db.flush()
    assert "Nog niet beantwoord" in _rij(client.get(f"/voorstellen/{regio.voorstel.id}").text, "Zeist")


def test_a_cancelled_meeting_does_not_count_as_on_the_agenda(client, db, regio):
    from app.vergaderingen.models import Status, Vergadering

    meeting = db.get(Vergadering, regio.utrecht_behandeling.vergadering_id)
    meeting.status = Status.geannuleerd
    db.add(meeting)
    db.flush()
    assert "Ontvangen, nog niet geagendeerd" in _rij(client.get(f"/voorstellen/{regio.voorstel.id}").text, "Utrecht")


def test_a_passed_deadline_marks_the_councils_without_outcome(client, db, regio):
    regio.voorstel.uiterlijk = VANDAAG - timedelta(days=1)
    db.add(regio.voorstel)
    db.flush()
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    assert "Termijn verstreken" in _rij(html, "Utrecht") and "Termijn verstreken" in _rij(html, "Bunnik")
    assert "Termijn verstreken" not in _rij(html, "Zeist") and "Termijn verstreken" not in _rij(html, "Houten")
    assert "2 raden hebben nog geen uitkomst" in html


def test_a_council_that_opted_out_is_not_named_as_late(client, db, regio):
    behandeling(db, regio.voorstel, regio.houten)  # received it, then opted out
    regio.voorstel.uiterlijk = VANDAAG - timedelta(days=1)
    db.add(regio.voorstel)
    db.flush()
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    assert "zonder uitkomst: Utrecht." in html and "Houten." not in html
    assert "Afgemeld" in _rij(html, "Houten") and "Termijn verstreken" not in _rij(html, "Houten")


def test_documents_and_the_deadline_source_are_shown(client, db, regio):
    db.add(Document(voorstel_id=regio.voorstel.id, titel="Ontwerpbegroting 2028", url="https://example.org/b.pdf"))
    regio.voorstel.uiterlijk_bron = "Wgr art. 35 lid 3: acht weken voor de vergadering van het algemeen bestuur"
    db.add(regio.voorstel)
    db.flush()
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    assert '<a class="utrecht-link" href="https://example.org/b.pdf">Ontwerpbegroting 2028</a>' in html
    assert "Bron van de termijn: Wgr art. 35 lid 3" in html


def test_advice_of_a_raadstafel_is_shown_for_every_council(client, db, regio):
    tafel = Orgaan(slug="regio-u-raadstafel", naam="Raadstafel Regio U", soort=Soort.adviescommissie,
                   regeling_id=regio.regeling.id)
    db.add(tafel)
    db.flush()
    db.add(Behandeling(voorstel_id=regio.voorstel.id, orgaan_id=tafel.id, rol=BehandelingRol.advies,
                       uitkomst=Uitkomst.advies, tekst="De Raadstafel adviseert de reserves te verlagen.",
                       besloten_op=VANDAAG - timedelta(days=5)))
    db.flush()
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    assert "Advies aan de raden" in html and "Raadstafel Regio U" in html
    assert "De Raadstafel adviseert de reserves te verlagen." in html
    assert "Raadstafel Regio U" not in re.search(r'raden-tabel.*?</table>', html, re.S).group(0)


def test_the_decision_publication_and_woo_warning(client, db, regio):
    laat = besloten(db, regio.regeling, "Jaarrekening 2026", besloten_op=VANDAAG - timedelta(days=30))
    html = client.get(f"/voorstellen/{laat.id}").text
    assert "<strong>Aangenomen</strong>" in html and "Het algemeen bestuur stelt het vast." in html
    assert "nog niet gepubliceerd" in html and "Wet open overheid" in html
    op_tijd = besloten(db, regio.regeling, "Kadernota 2028", besloten_op=VANDAAG - timedelta(days=30),
                       gepubliceerd_op=VANDAAG - timedelta(days=25))
    html = client.get(f"/voorstellen/{op_tijd.id}").text
    assert "Bekendgemaakt in Wgr-register" in html and 'href="https://example.org/publicatie/12"' in html
    assert "Wet open overheid" not in html
    vers = besloten(db, regio.regeling, "Begrotingswijziging 1", besloten_op=VANDAAG - timedelta(days=3))
    assert "Wet open overheid" not in client.get(f"/voorstellen/{vers.id}").text  # within the two weeks


def test_the_timeline_marks_corrections(client, db, regio):
    beheerder = Actor(gebruiker_id=None, naam="Sanne Secretaris", beheerder=True)
    historie.log(db, actor=beheerder, regeling_id=regio.regeling.id, voorstel_id=regio.voorstel.id,
                 soort="verzonden", wijzigingen={"fase": ["concept", "verzonden"]})
    historie.log(db, actor=beheerder, regeling_id=regio.regeling.id, voorstel_id=regio.voorstel.id,
                 soort="uitkomst", gemeente_id=regio.zeist.id, wie="griffier van Zeist")
    historie.log(db, actor=beheerder, regeling_id=regio.regeling.id, voorstel_id=regio.voorstel.id,
                 soort="correctie", correctie=True, toelichting="Verkeerde datum in de publicatie.",
                 wijzigingen={"gepubliceerd_op": ["2027-03-01", "2027-03-02"]})
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    tijdlijn = re.search(r'<ol class="utrecht-ordered-list tijdlijn">(.*?)</ol>', html, re.S).group(1)
    stappen = re.findall(r"<li class=\"utrecht-ordered-list__item( tijdlijn__correctie)?\">", tijdlijn)
    assert stappen == ["", "", " tijdlijn__correctie"]  # oldest first, the correction marked
    assert "Naar de raden gestuurd" in tijdlijn and "fase: concept → verzonden" in tijdlijn
    assert "Uitkomst in de raad vastgelegd</strong> (Zeist), door griffier van Zeist" in tijdlijn
    assert "Correctie</span>" in tijdlijn and "Verkeerde datum in de publicatie." in tijdlijn


def test_an_unknown_or_deleted_voorstel_is_404(client, db, regio):
    assert client.get("/voorstellen/999999").status_code == 404
    assert client.get("/voorstellen/99999999999").status_code == 422  # past any database's integer
    from app.db import utcnow

    regio.voorstel.deleted_at = utcnow()
    db.add(regio.voorstel)
    db.flush()
    page = client.get(f"/voorstellen/{regio.voorstel.id}")
    assert page.status_code == 404 and "bestaat niet" in page.text


def test_a_concept_is_seen_only_by_who_manages_it(client, db, regio):
    concept = voorstel(db, regio.regeling, "Concept-kadernota", fase=VoorstelFase.concept, uiterlijk=None)
    assert client.get(f"/voorstellen/{concept.id}").status_code == 404
    griffier = factories.user(db, None, ("griffier", regio.zeist))
    login(client, griffier.email)
    assert client.get(f"/voorstellen/{concept.id}").status_code == 404
    secretaris = factories.user(db, None, ("secretaris", regio.regeling))
    login(client, secretaris.email)
    page = client.get(f"/voorstellen/{concept.id}")
    assert page.status_code == 200 and f'href="/voorstellen/{concept.id}/beheer"' in page.text
    assert "Concept-kadernota" not in client.get("/besluiten").text  # never in a public list


def test_links_to_the_management_pages_only_for_who_may_act(client, db, regio):
    v, zb, ub = regio.voorstel, regio.zeist_behandeling, regio.utrecht_behandeling
    html = client.get(f"/voorstellen/{v.id}").text
    assert f"/voorstellen/{v.id}/beheer" not in html and "/behandelingen/" not in html  # anonymous: nothing to do
    griffier = factories.user(db, None, ("griffier", regio.zeist))
    login(client, griffier.email)
    html = client.get(f"/voorstellen/{v.id}").text
    assert f'href="/voorstellen/{v.id}/behandelingen/{zb.id}"' in html
    assert f"/behandelingen/{ub.id}" not in html and f"/voorstellen/{v.id}/beheer" not in html
    secretaris = factories.user(db, None, ("secretaris", regio.regeling))
    login(client, secretaris.email)
    html = client.get(f"/voorstellen/{v.id}").text
    assert f'href="/voorstellen/{v.id}/beheer"' in html and "/behandelingen/" not in html
    andere = factories.user(db, None, ("secretaris", factories.regeling(db)))
    login(client, andere.email)
    assert f"/voorstellen/{v.id}/beheer" not in client.get(f"/voorstellen/{v.id}").text


# --- recorded votes in the matrix --------------------------------------------------------------------------------


def test_recorded_votes_show_per_gemeente(client, db, regio):
    from app.db import utcnow
    from app.stemmingen.models import Keuze, Stem, Stemming, StemUitkomst

    stemming = Stemming(orgaan_id=regio.ab.id, voorstel_id=regio.voorstel.id, onderwerp="Begroting 2028",
                        gestemd_op=utcnow(), uitkomst=StemUitkomst.aangenomen)
    db.add(stemming)
    db.flush()
    for gemeente, gewicht, keuze in ((regio.zeist, "1/8", Keuze.voor), (regio.zeist, "1/8", Keuze.tegen),
                                     (regio.utrecht, "3/4", Keuze.voor)):
        persoon = factories.persoon(db, f"Lid {gemeente.naam} {keuze}", gemeente_id=gemeente.id)
        db.add(Stem(stemming_id=stemming.id, persoon_id=persoon.id, gemeente_id=gemeente.id, gewicht=gewicht,
                    keuze=keuze))
    db.flush()
    html = client.get(f"/voorstellen/{regio.voorstel.id}").text
    assert "voor 50,0%, tegen 50,0%" in _rij(html, "Zeist")
    assert "voor 100,0%, tegen 0,0%" in _rij(html, "Utrecht")
    assert f'href="/stemmingen/{stemming.id}"' in html


# --- the lists --------------------------------------------------------------------------------------------------


@pytest.fixture
def lijst(db, regio):
    """Besides the open voorstel: a published decision of last year, a decided one, and one of another regeling."""
    vorig = VANDAAG.replace(year=VANDAAG.year - 1, month=6, day=1)
    gepubliceerd = besloten(db, regio.regeling, "Jaarrekening vorig jaar", besloten_op=vorig,
                            gepubliceerd_op=vorig + timedelta(days=7), soort=VoorstelSoort.jaarrekening)
    beslist = besloten(db, regio.regeling, "Wijziging regeling", besloten_op=VANDAAG - timedelta(days=20),
                       soort=VoorstelSoort.wijziging_regeling)
    elders = factories.gemeente(db, "Elders", slug="elders")
    ander = factories.regeling(db, slug="ander", naam="Andere regeling", deelnemers=[elders])
    buiten = voorstel(db, ander, "Begroting Andere regeling")
    return {"gepubliceerd": gepubliceerd, "beslist": beslist, "open": regio.voorstel, "buiten": buiten}


def _titels(html: str) -> list[str]:
    return re.findall(r'<a class="utrecht-link" href="/voorstellen/\d+">([^<]+)</a>', html)


def test_the_list_filters_by_regeling_gemeente_year_kind_and_phase(client, regio, lijst):
    assert set(_titels(client.get("/besluiten").text)) == {
        "Jaarrekening vorig jaar", "Wijziging regeling", "Begroting 2028", "Begroting Andere regeling"}
    assert "Begroting Andere regeling" not in _titels(client.get("/besluiten?regeling=regio-u").text)
    assert _titels(client.get("/besluiten?gemeente=elders").text) == ["Begroting Andere regeling"]
    vorig = VANDAAG.year - 1
    assert _titels(client.get(f"/besluiten?jaar={vorig}").text) == ["Jaarrekening vorig jaar"]
    assert _titels(client.get("/besluiten?soort=wijziging_regeling").text) == ["Wijziging regeling"]
    assert _titels(client.get("/besluiten?fase=gepubliceerd").text) == ["Jaarrekening vorig jaar"]
    assert _titels(client.get("/besluiten?fase=verzonden&regeling=regio-u").text) == ["Begroting 2028"]
    assert set(_titels(client.get("/regelingen/regio-u/besluiten").text)) == {
        "Jaarrekening vorig jaar", "Wijziging regeling", "Begroting 2028"}


def test_the_list_of_one_gemeente_shows_its_own_position(client, regio, lijst):
    html = client.get("/besluiten?gemeente=zeist").text
    assert '<th class="utrecht-table__header-cell" scope="col">Zeist</th>' in html
    assert "Zienswijze ingediend" in html
    assert "1 van 4 met uitkomst" in html  # and the count of all councils


def test_the_list_warns_of_an_unpublished_decision(client, regio, lijst):
    html = client.get("/besluiten?soort=wijziging_regeling").text
    assert "Nog niet gepubliceerd" in html  # decided 20 days ago, no publication
    assert "Nog niet gepubliceerd" not in client.get("/besluiten?fase=gepubliceerd").text


@pytest.mark.parametrize("param, waarde", [("regeling", "bestaat-niet"), ("gemeente", "GM9999"), ("jaar", "twintig"),
                                           ("jaar", "1850"), ("soort", "motie"), ("fase", "concept")])
def test_an_unknown_filter_value_is_a_400_naming_it(client, regio, param, waarde):
    page = client.get(f"/besluiten?{param}={waarde}")
    assert page.status_code == 400 and f"Filter ‘{param}’" in page.text
    data = client.get(f"/besluiten.json?{param}={waarde}")
    assert data.status_code == 400 and data.headers["content-type"] == "application/problem+json"
    assert data.json()["invalid-params"][0]["name"] == param
    assert client.get(f"/besluiten.csv?{param}={waarde}").status_code == 400
    if param != "fase":
        assert client.get(f"/besluiten.atom?{param}={waarde}").status_code == 400


def test_a_filter_value_past_any_length_is_a_422(client):
    assert client.get(f"/besluiten?fase={'x' * 500}").status_code == 422


def test_an_unknown_regeling_in_the_path_is_404(client):
    assert client.get("/regelingen/bestaat-niet/besluiten").status_code == 404


def test_the_list_is_paginated(client, db, app, regio):
    app.state.settings.page_size = 2
    for i in range(3):
        voorstel(db, regio.regeling, f"Extra {i}", beschikbaar=VANDAAG - timedelta(days=100 + i))
    eerste, tweede = client.get("/besluiten").text, client.get("/besluiten?pagina=2").text
    assert len(_titels(eerste)) == 2 and len(_titels(tweede)) == 2
    assert not set(_titels(eerste)) & set(_titels(tweede))
    assert "Pagina 1: 2 van 4 voorstellen" in eerste and 'rel="next"' in eerste


def test_csv_and_json_hold_the_same_rows_as_the_list(client, regio, lijst):
    for query in ("", "?regeling=regio-u", "?gemeente=zeist&fase=besloten", f"?jaar={VANDAAG.year}"):
        titels = _titels(client.get(f"/besluiten{query}").text)
        data = client.get(f"/besluiten.json{query}")
        assert data.status_code == 200 and data.headers["content-type"] == "application/json"
        assert [item["titel"] for item in data.json()["items"]] == titels
        assert data.json()["total"] == len(titels)
        response = client.get(f"/besluiten.csv{query}")
        assert response.headers["content-type"].startswith("text/csv")
        assert 'filename="besluiten.csv"' in response.headers["content-disposition"]
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert [r["titel"] for r in rows] == titels


def test_an_export_cut_off_at_its_limit_says_so(client, monkeypatch, regio, lijst):
    from app.besluiten import routes

    alle = client.get("/besluiten.json").json()
    assert alle["afgekapt"] is False and alle["aantal"] == alle["total"] and alle["toelichting"] is None
    assert "warning" not in client.get("/besluiten.csv").headers
    monkeypatch.setattr(routes, "MAX_EXPORT", 2)
    json_ = client.get("/besluiten.json")
    data = json_.json()
    assert (len(data["items"]), data["aantal"], data["total"], data["afgekapt"]) == (2, 2, alle["total"], True)
    assert f"Alleen de eerste 2 van {alle['total']} besluiten" in data["toelichting"]
    for response in (json_, client.get("/besluiten.csv")):
        assert response.headers["x-total-count"] == str(alle["total"])
        assert response.headers["warning"].startswith(f'199 tussenruimte "Afgekapt: alleen de eerste 2 van '
                                                      f'{alle["total"]} besluiten')
    assert len(list(csv.DictReader(io.StringIO(client.get("/besluiten.csv").text)))) == 2


def test_the_json_export_describes_each_decision(client, regio, lijst):
    items = {i["titel"]: i for i in client.get("/besluiten.json?gemeente=zeist").json()["items"]}
    open_ = items["Begroting 2028"]
    assert open_["url"] == f"https://tussenruimte.test/voorstellen/{regio.voorstel.id}"
    assert (open_["raden"], open_["met_uitkomst"], open_["zienswijzen"], open_["afgemeld"]) == (4, 1, 1, 1)
    assert (open_["gemeente_status"], open_["gemeente_uitkomst"]) == ("uitkomst", "zienswijze")
    assert open_["besluit"] is None and open_["woo_waarschuwing"] is None
    beslist = items["Wijziging regeling"]
    assert beslist["besluit"] == "aangenomen" and "Wet open overheid" in beslist["woo_waarschuwing"]
    assert any("Wet open overheid" in w for w in beslist["waarschuwingen"])
    assert items["Jaarrekening vorig jaar"]["publicatie_url"] == "https://example.org/publicatie/12"


def test_the_csv_export_keeps_formulas_out_of_spreadsheets(client, db, regio):
    voorstel(db, regio.regeling, "=HYPERLINK(\"https://evil.example\")")
    rows = list(csv.DictReader(io.StringIO(client.get("/besluiten.csv").text)))
    assert "'=HYPERLINK(\"https://evil.example\")" in [r["titel"] for r in rows]


# --- the Atom feed -----------------------------------------------------------------------------------------------


def test_the_atom_feed_holds_the_published_decisions(client, db, regio, lijst):
    historie.log(db, actor=Actor(naam="Sanne", beheerder=True), regeling_id=regio.regeling.id,
                 voorstel_id=lijst["gepubliceerd"].id, soort="correctie", correctie=True,
                 toelichting="Het nummer in het blad was fout.")
    response = client.get("/besluiten.atom?regeling=regio-u")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    self_link = feed.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "https://tussenruimte.test/besluiten.atom?regeling=regio-u"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Jaarrekening vorig jaar"]  # published ones only
    entry = entries[0]
    url = f"https://tussenruimte.test/voorstellen/{lijst['gepubliceerd'].id}"
    assert entry.findtext(f"{ATOM}id") == url
    assert entry.find(f"{ATOM}link[@rel='alternate']").get("href") == url
    assert entry.find(f"{ATOM}link[@rel='related']").get("href") == "https://example.org/publicatie/12"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Regio U"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", entry.findtext(f"{ATOM}updated"))
    summary = entry.findtext(f"{ATOM}summary")
    assert "Bekendgemaakt in Wgr-register: Wgr-register 2027, nr. 12" in summary
    assert "Gecorrigeerd op" in summary and "Het nummer in het blad was fout." in summary
    assert feed.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}updated")


def test_an_empty_atom_feed_is_still_valid(client):
    feed = ET.fromstring(client.get("/besluiten.atom").content)
    assert feed.findall(f"{ATOM}entry") == [] and feed.findtext(f"{ATOM}updated")


@pytest.mark.parametrize("page, feed", [
    ("/besluiten", "/besluiten.atom"),
    ("/besluiten?gemeente=zeist", "/besluiten.atom?gemeente=zeist"),
    ("/regelingen/regio-u/besluiten", "/besluiten.atom?regeling=regio-u"),
    ("/regelingen/regio-u", "/besluiten.atom?regeling=regio-u"),
    ("/gemeenten/zeist", "/besluiten.atom?gemeente=zeist"),
    ("/gemeenten/zeist/regelingen", "/besluiten.atom?gemeente=zeist"),
])
def test_pages_announce_the_atom_feed(client, regio, page, feed):
    html = client.get(page).text
    href = ALTERNATE_ATOM.search(html)
    assert href, f"{page} kondigt geen Atom-feed aan"
    assert href.group(1) == f"https://tussenruimte.test{feed}"  # absolute, as a feed reader needs it
    assert client.get(href.group(1).removeprefix("https://tussenruimte.test")).status_code == 200


# --- per gemeente ----------------------------------------------------------------------------------------------


def test_a_gemeente_sees_its_regelingen_with_exact_shares_and_open_deadlines(client, db, regio):
    zeist, houten = regio.zeist, regio.houten
    nog_open = voorstel(db, regio.regeling, "Kadernota 2029", uiterlijk=VANDAAG)  # the last day is today
    voorstel(db, regio.regeling, "Verlopen", uiterlijk=VANDAAG - timedelta(days=1))
    voorstel(db, regio.regeling, "Besloten", fase=VoorstelFase.besloten)
    afgemeld = voorstel(db, regio.regeling, "Afgemeld")
    from app.voorstellen.models import Afmelding

    db.add(Afmelding(voorstel_id=afgemeld.id, gemeente_id=zeist.id))
    behandeld = voorstel(db, regio.regeling, "Al behandeld")
    behandeling(db, behandeld, zeist, uitkomst=Uitkomst.geen_zienswijze)
    db.flush()
    html = client.get("/gemeenten/zeist/regelingen").text
    assert "Aan welke regelingen neemt Zeist deel?" in html
    # 65,000 of 491,000 inwoners; 100 of 1,000 euro
    assert "13,2%" in html and "10,0%" in html
    termijnen = re.search(r'id="termijnen-titel".*?</section>', html, re.S).group(0)
    assert _titels(termijnen) == ["Kadernota 2029"]  # Begroting 2028: Zeist gave its zienswijze already
    assert "nog 0 dagen" in termijnen
    assert f'href="/voorstellen/{nog_open.id}"' in termijnen
    houten_html = client.get(f"/gemeenten/{houten.slug}/regelingen").text
    termijnen = re.search(r'id="termijnen-titel".*?</section>', houten_html, re.S).group(0)
    assert _titels(termijnen) == ["Kadernota 2029", "Afgemeld", "Al behandeld"]  # Begroting 2028: opted out


def test_a_gemeente_without_regelingen_and_an_unknown_gemeente(client, db):
    factories.gemeente(db, "Eenzaam", slug="eenzaam")
    assert "neemt volgens onze gegevens niet deel" in client.get("/gemeenten/eenzaam/regelingen").text
    assert client.get("/gemeenten/bestaat-niet/regelingen").status_code == 404


def test_shares_by_contribution_are_exact(db, regio):
    from fractions import Fraction

    from app.besluiten import service

    deelnemingen = service.gemeente_regelingen(db, regio.utrecht, vandaag=VANDAAG)
    assert [(d.aandeel_inwoners, d.aandeel_bijdrage) for d in deelnemingen] == [
        (Fraction(361_000, 491_000), Fraction(1, 2))]
    zeist = service.gemeente_regelingen(db, regio.zeist, vandaag=VANDAAG)[0]
    assert zeist.deelname.bijdrage == Decimal("100.00")


def test_the_gemeente_page_links_to_its_regelingen_and_decisions(client, regio):
    html = client.get("/gemeenten/zeist").text
    assert 'href="/gemeenten/zeist/regelingen"' in html and 'href="/besluiten?gemeente=zeist"' in html
    assert 'href="/regelingen/regio-u/besluiten"' in client.get("/regelingen/regio-u").text


def test_a_deelname_that_ended_does_not_count(client, db, regio):
    from app.db import utcnow

    deelname = db.exec(select(Deelname).where(Deelname.gemeente_id == regio.bunnik.id)).one()
    deelname.deleted_at = utcnow()
    db.add(deelname)
    db.flush()
    assert "Bunnik" not in re.search(r'raden-tabel.*?</table>', client.get(
        f"/voorstellen/{regio.voorstel.id}").text, re.S).group(0)
    assert "neemt volgens onze gegevens niet deel" in client.get("/gemeenten/bunnik/regelingen").text
