"""The search page and the JSON API: helpful answers to any input, never a 500; a fixed number of queries."""

from urllib.parse import quote

import pytest

from tests import factories
from tests.helpers import login
from tests.test_pages import count_queries
from tests.zoeken.conftest import voorstel

PROBLEM = "application/problem+json"


def test_the_page_shows_ranked_highlighted_results_with_counts(client, regio):
    page = client.get("/zoeken?q=jeugdzorg")
    assert page.status_code == 200
    html = page.text
    assert '<form class="utrecht-form filter zoekformulier" method="get" action="/zoeken"' in html
    assert 'name="q"' in html and 'value="jeugdzorg"' in html
    assert "2 resultaten voor ‘jeugdzorg’" in html
    assert "<mark>jeugdzorg</mark>" in html
    assert f'href="/voorstellen/{regio.begroting.id}"' in html
    assert f'href="/vergaderingen/{regio.vergadering.id}#agenda-titel"' in html
    assert "Agendapunten (1)" in html and "Voorstellen (1)" in html and "Besluiten (0)" in html


def test_an_empty_query_gets_a_helpful_page(client, regio):
    page = client.get("/zoeken")
    assert page.status_code == 200
    assert "Typ een of meer woorden" in page.text
    assert "resultaten voor" not in page.text


def test_markup_in_titles_is_escaped(client, regio):
    html = client.get("/zoeken?q=zwembad").text
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>Zwembad</mark>" in html


@pytest.mark.parametrize("q", ['"*NEAR(', "' OR 1=1; DROP TABLE voorstel; --", "%00begroting", "x" * 10_000,
                               "!!!%20???%20...", "AND%20OR%20NOT", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                               "%E2%80%AE%F0%9F%A4%94", "begroting%01%02%03", "%22%22%22"])
def test_hostile_queries_get_a_helpful_page(client, regio, q):
    page = client.get(f"/zoeken?q={q}")
    assert page.status_code in (200, 422), page.text[:500]
    assert page.headers["content-type"].startswith("text/html")
    assert "Zoeken" in page.text
    assert "<script>alert(1)</script>" not in page.text
    api = client.get(f"/api/v1/zoekresultaten?q={q}")
    assert api.status_code in (200, 422)


def test_only_punctuation_says_so(client, regio):
    page = client.get("/zoeken?q=" + quote("!!! ??? ..."))
    assert page.status_code == 200
    assert "geen woorden om op te zoeken" in page.text


def test_a_very_long_query_is_shortened_and_says_so(client, regio):
    page = client.get("/zoeken?q=" + "begroting%20" * 1000)
    assert page.status_code == 200
    assert "Uw zoekvraag was erg lang" in page.text


def test_a_bad_filter_gets_the_page_with_a_dutch_explanation(client, regio):
    page = client.get("/zoeken?q=begroting&soort=koor")
    assert page.status_code == 422
    assert "Filter ‘soort’: onbekende waarde ‘koor’" in page.text
    assert 'aria-invalid="true" aria-describedby="zoek-fout"' in page.text
    assert client.get("/zoeken?q=begroting&jaar=abc").status_code == 422
    body = client.get("/api/v1/zoekresultaten?q=begroting&gemeente=atlantis")
    assert body.status_code == 422 and body.headers["content-type"].startswith(PROBLEM)
    assert body.json()["invalid-params"][0]["name"] == "gemeente"




def test_pagination_on_the_page_and_in_the_api(client, db, regio):
    for i in range(23):
        voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}")
    html = client.get("/zoeken?q=parkeerbeleid&soort=voorstel").text
    assert "23 resultaten voor ‘parkeerbeleid’" in html and "(pagina 1 van 2)" in html
    assert 'rel="next" href="/zoeken?q=parkeerbeleid&amp;soort=voorstel&amp;pagina=2"' in html
    assert html.count('class="zoek-resultaat"') == 20
    assert client.get("/zoeken?q=parkeerbeleid&soort=voorstel&pagina=2").text.count('class="zoek-resultaat"') == 3
    body = client.get("/api/v1/zoekresultaten?q=parkeerbeleid&page_size=10&page=3").json()
    assert body["total"] == 23 and len(body["items"]) == 3
    assert body["per_soort"] == {"vergadering": 0, "agendapunt": 0, "voorstel": 23, "besluit": 0}
    assert body["links"]["prev"].endswith("/api/v1/zoekresultaten?q=parkeerbeleid&page=2&page_size=10")
    assert body["links"]["next"] is None


def test_the_api_answers_json(client, regio):
    body = client.get("/api/v1/zoekresultaten?q=kadernota").json()
    assert body["total"] == 2 and body["vraag"] == "kadernota" and body["ingekort"] is False
    besluit = next(i for i in body["items"] if i["soort"] == "besluit")
    assert besluit == {"soort": "besluit", "id": regio.kadernota.id, "titel": "<mark>Kadernota</mark> 2029",
                       "fragment": besluit["fragment"], "url": f"https://tussenruimte.test/voorstellen/{regio.kadernota.id}",
                       "moment": "2027-06-10", "context": "Regio Zoek", "concept": False}
    assert "<mark>kadernota</mark>" in besluit["fragment"]
    assert client.get("/api/v1/zoekresultaten").json()["total"] == 0
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/zoekresultaten" in spec["paths"]


def test_a_secretaris_finds_the_concept_a_citizen_does_not(client, db, regio):
    assert "Conceptplan" not in client.get("/zoeken?q=afvalinzameling").text
    factories.user(db, "secretaris@example.nl", ("secretaris", regio.regeling))
    login(client, "secretaris@example.nl")
    html = client.get("/zoeken?q=afvalinzameling").text
    assert "<mark>afvalinzameling</mark>" in html and "concept, niet openbaar" in html
    assert "Besloten overleg" not in html and "Geheim punt" not in html


def _queries(client, engine, url: str) -> int:
    client.get(url)
    with count_queries(engine) as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_a_search_runs_a_fixed_number_of_queries(client, db, engine, regio):
    url = "/zoeken?q=parkeerbeleid"
    voorstel(db, regio.regeling, "Parkeerbeleid deel 0")
    een = _queries(client, engine, url)
    for i in range(1, 50):
        voorstel(db, regio.regeling, f"Parkeerbeleid deel {i}")
        punt = factories.vergadering(db, regio.ab, naam=f"Parkeerbeleid overleg {i}")
        db.flush()
        assert punt.id
    assert _queries(client, engine, url) == een
    api = "/api/v1/zoekresultaten?q=parkeerbeleid&page_size=100"
    assert _queries(client, engine, api) == _queries(client, engine, "/api/v1/zoekresultaten?q=kadernota&page_size=100")
