"""The cache of whole anonymous public pages (app/web/paginacache.py): what it serves, and when it must not."""

import base64
import json
import re

import pytest
from fastapi.testclient import TestClient
from itsdangerous import TimestampSigner

from app.gemeenten.models import Fractie
from app.main import create_app
from app.web import paginacache
from app.web.paginacache import CACHEBAAR, _cachebaar_verzoek, bewaakte_tabellen, tabellen
from tests import factories
from tests.helpers import csrf_from, login
from tests.test_pages import soon

BASE = "https://tussenruimte.test"


@pytest.fixture
def raadsvergadering(db):
    """A raad meeting: its page reads only tables the change counter watches."""
    zeist = factories.gemeente(db, "Zeist")
    return factories.vergadering(db, factories.orgaan_of(db, zeist), start=soon(), naam="Begrotingsraad Zeist")


def cache_of(client):
    return client.app.state.pagina_cache


def zonder_token(html: str) -> str:
    return html.replace(csrf_from(html), "TOKEN")


def sessie(client: TestClient, settings) -> dict:
    """The session as the signed cookie holds it."""
    cookie = client.cookies["tussenruimte_sessie"]
    data = TimestampSigner(settings.secret_key).unsign(cookie.encode())
    return json.loads(base64.b64decode(data))


def tweede_client(app) -> TestClient:
    return TestClient(app, base_url=BASE)


def test_second_anonymous_request_comes_from_memory_and_is_the_same_page(client, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    eerste, tweede = client.get(pad), client.get(pad)
    assert eerste.status_code == tweede.status_code == 200
    assert (cache_of(client).gemist, cache_of(client).treffers) == (1, 1)
    assert tweede.text == eerste.text  # same session: the same token in both
    assert "Begrotingsraad Zeist" in tweede.text
    assert tweede.headers["content-type"].startswith("text/html")
    assert int(tweede.headers["content-length"]) == len(tweede.content)
    # the outer middleware still adds its headers and Vary to the page from memory
    assert tweede.headers["x-frame-options"] == "DENY"
    assert {"HX-Request", "Cookie"} <= {v.strip() for v in tweede.headers["vary"].split(",")}


def test_every_session_gets_its_own_csrf_token_never_the_first_readers(client, app, settings, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    eerste = client.get(pad)
    ander = tweede_client(app)
    tweede = ander.get(pad)
    assert cache_of(client).treffers == 1
    token_a, token_b = csrf_from(eerste.text), csrf_from(tweede.text)
    assert token_a != token_b
    assert token_a not in tweede.text
    assert zonder_token(eerste.text) == zonder_token(tweede.text)
    # the token on the page is the one in the reader's own session cookie (set by this answer)
    assert "tussenruimte_sessie" in tweede.headers["set-cookie"]
    assert sessie(ander, settings)["csrf"] == token_b
    assert sessie(client, settings)["csrf"] == token_a
    # and it works: a form posted with it passes the CSRF check (a wrong password, not a 403)
    antwoord = ander.post("/inloggen", data={"email": "niemand@example.nl", "wachtwoord": "fout-wachtwoord",
                                            "csrf_token": token_b})
    assert antwoord.status_code != 403


def test_a_change_raises_the_counter_and_the_next_request_renders_again(client, db, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    client.get(pad)
    raadsvergadering.naam = "Extra raadsvergadering"
    db.add(raadsvergadering)
    db.flush()
    pagina = client.get(pad)
    assert "Extra raadsvergadering" in pagina.text
    assert cache_of(client).treffers == 0


def test_a_page_reading_a_table_without_triggers_is_never_kept(client, db):
    zeist = factories.gemeente(db, "Zeist")
    db.add(Fractie(gemeente_id=zeist.id, naam="Lokaal Zeist", zetels=4))
    db.flush()
    pad = f"/gemeenten/{zeist.slug}"
    cache = cache_of(client)
    client.get("/")  # the cache learns from the database which tables raise the counter
    cache.bewaakt = cache.bewaakt - {"fractie"}  # as if fractie had no trigger
    assert "Lokaal Zeist" in client.get(pad).text
    assert "Lokaal Zeist" in client.get(pad).text
    assert cache.treffers == 0
    assert "fractie" in cache.onbewaakt[pad]


def test_a_change_of_a_fractie_raises_the_counter_and_the_gemeente_page_renders_again(client, db):
    zeist = factories.gemeente(db, "Zeist")
    fractie = Fractie(gemeente_id=zeist.id, naam="Lokaal Zeist", zetels=4)
    db.add(fractie)
    db.flush()
    pad = f"/gemeenten/{zeist.slug}"
    assert "Lokaal Zeist" in client.get(pad).text
    assert "Lokaal Zeist" in client.get(pad).text
    assert cache_of(client).treffers == 1
    fractie.naam = "Zeist Vooruit"  # migration 0005 put a feedstand trigger on fractie
    db.add(fractie)
    db.flush()
    assert "Zeist Vooruit" in client.get(pad).text


def test_logged_in_users_are_never_served_from_or_stored_in_the_cache(client, db, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    client.get(pad)  # stored for anonymous readers
    factories.user(db, "griffier@example.nl", naam="Griet Griffier")
    login(client, "griffier@example.nl")
    cache = cache_of(client)
    voor = (cache.treffers, cache.gemist)
    pagina = client.get(pad)
    assert pagina.status_code == 200
    assert "/inloggen" not in re.findall(r'href="(/inloggen)"', pagina.text)  # not the anonymous header
    assert (cache.treffers, cache.gemist) == voor  # passed by entirely


def test_language_is_part_of_the_key(client, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    nl = client.get(pad)
    client.cookies.set("taal", "en")
    en = client.get(pad)
    assert '<html lang="nl"' in nl.text and '<html lang="en"' in en.text
    assert cache_of(client).treffers == 0
    assert '<html lang="en"' in client.get(pad).text
    assert cache_of(client).treffers == 1


def test_a_new_minute_renders_again(client, monkeypatch, raadsvergadering):
    pad = f"/vergaderingen/{raadsvergadering.id}"
    monkeypatch.setattr(paginacache, "minuut", lambda: 1000)
    client.get(pad)
    client.get(pad)
    monkeypatch.setattr(paginacache, "minuut", lambda: 1001)
    client.get(pad)
    assert (cache_of(client).treffers, cache_of(client).gemist) == (1, 2)


def test_htmx_requests_errors_and_other_paths_pass_by(client, raadsvergadering):
    cache = cache_of(client)
    pad = f"/vergaderingen/{raadsvergadering.id}"
    client.get(pad, headers={"HX-Request": "true"})
    client.get(pad, headers={"HX-Request": "true"})
    assert (cache.treffers, cache.gemist) == (0, 0)
    assert client.get("/vergaderingen/999999").status_code == 404
    assert client.get("/vergaderingen/999999").status_code == 404
    assert cache.treffers == 0 and len(cache) == 0
    client.get("/inloggen")
    assert cache.gemist == 2  # the two 404s were looked up, never stored; /inloggen is not a cached path
    assert "/vergaderingen/999999" not in cache.onbewaakt  # unknown paths leave no trace: memory stays bounded


def test_which_requests_may_use_the_cache():
    def scope(**kw):
        base = {"type": "http", "method": "GET", "path": "/gemeenten/zeist", "headers": [], "session": {}}
        return {**base, **kw}

    assert _cachebaar_verzoek(scope())
    assert not _cachebaar_verzoek(scope(method="POST"))
    assert not _cachebaar_verzoek(scope(session={"user_id": 1}))
    assert not _cachebaar_verzoek(scope(session={"melding": "Opgeslagen."}))  # a one-time message waits
    assert not _cachebaar_verzoek(scope(headers=[(b"authorization", b"Bearer x")]))
    assert not _cachebaar_verzoek(scope(headers=[(b"hx-request", b"true")]))
    assert not _cachebaar_verzoek(scope(path="/beheer/vergaderingen"))
    assert not _cachebaar_verzoek(scope(path="/gemeenten/zeist/regelingen"))
    assert CACHEBAAR.match("/") and CACHEBAAR.match("/vergaderingen/12")


def test_tables_of_a_statement_include_unknown_ones_and_comma_lists():
    patroon = paginacache._naam_patroon()
    sql = ('SELECT vergadering.id FROM vergadering, orgaan AS o_1 JOIN "vergaderingorgaan" ON x = y '
           "WHERE vergadering.id IN (SELECT a FROM geheime_tabel) AND gemeente_id = 3")
    assert tabellen(sql, patroon) == {"vergadering", "orgaan", "vergaderingorgaan", "geheime_tabel"}
    assert tabellen("SELECT * FROM (SELECT 1 FROM fractie) AS sub", patroon) == {"fractie"}
    assert "gemeente" not in tabellen("SELECT persoon.gemeente_id FROM persoon", patroon)


def test_watched_tables_are_those_with_triggers_on_every_write(db):
    bewaakt = bewaakte_tabellen(db.connection())
    assert {"vergadering", "agendapunt", "orgaan", "gemeente", "regeling", "deelname", "fractie", "reces",
            "afmelding", "inspreekverzoek", "inspreekruimte"} <= bewaakt
    assert "gebruiker" not in bewaakt  # only some columns are watched
    assert "gebeurtenis" not in bewaakt


def test_the_cache_can_be_switched_off(settings, engine, connection, raadsvergadering):
    app = create_app(settings=settings.model_copy(update={"pagina_cache": False}), engine=engine)
    from tests.conftest import _session_factory

    app.state.session_factory = _session_factory(connection)
    with TestClient(app, base_url=BASE) as c:
        assert app.state.pagina_cache is None
        assert "Begrotingsraad Zeist" in c.get(f"/vergaderingen/{raadsvergadering.id}").text
