"""The feed pages: the announced feeds and subscribe panels, the private link, and calendars of chosen organen.

None of these tests fetches a feed itself; they check the pages that lead to them.
"""

import html
import re
from datetime import timedelta
from urllib.parse import quote_plus

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker
from app.db import utcnow
from app.errors import Forbidden, Invalid, NotAuthenticated, NotFound
from app.feeds import selecties, tokens
from app.feeds.models import Agendatoken, Feedselectie
from app.organen.models import Orgaan, Soort
from tests import factories
from tests.helpers import csrf_from, login

BASE = "https://tussenruimte.test"
RAADSLID = "raadslid@zeist.example.nl"
ZONDER_PERSOON = "inwoner@zeist.example.nl"


def alternates(page: str) -> list[tuple[str, str]]:
    """(title, href) of every <link rel="alternate" type="text/calendar"> in the head."""
    head = page.split("</head>", 1)[0]
    found = []
    for tag in re.findall(r"<link\b[^>]*>", head):
        if 'rel="alternate"' in tag and 'type="text/calendar"' in tag:
            title = re.search(r'title="([^"]*)"', tag).group(1)
            href = re.search(r'href="([^"]*)"', tag).group(1)
            found.append((html.unescape(title), html.unescape(href)))
    return found


def panels(page: str) -> list[dict]:
    """Each subscribe panel: its heading, its three button links and the address in its text field."""
    found = []
    for section in re.findall(r'<section class="abonneren".*?</section>', page, flags=re.S):
        hrefs = [html.unescape(h) for h in re.findall(r'<a class="utrecht-button-link[^"]*" href="([^"]*)"', section)]
        found.append(
            {
                "kop": html.unescape(re.search(r"<h([23])[^>]*>(.*?)</h\1>", section, flags=re.S).group(2)),
                "webcal": hrefs[0],
                "google": hrefs[1],
                "outlook": hrefs[2],
                "https": html.unescape(re.search(r'readonly value="([^"]*)"', section).group(1)),
                "label": bool(re.search(r'<label class="utrecht-form-label" for="[^"]+-adres">', section)),
            }
        )
    return found


def expected(path: str, name: str) -> dict:
    quoted = path.replace("/", "%2F")
    return {
        "webcal": f"webcal://tussenruimte.test{path}",
        "google": f"https://calendar.google.com/calendar/render?cid=webcal%3A%2F%2Ftussenruimte.test{quoted}",
        "outlook": (
            f"https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Ftussenruimte.test{quoted}"
            f"&name={quote_plus(name)}"
        ),
        "https": f"{BASE}{path}",
    }


def assert_panel(panel: dict, path: str, name: str) -> None:
    assert {k: panel[k] for k in ("webcal", "google", "outlook", "https")} == expected(path, name)
    assert panel["label"]


@pytest.fixture
def regio(db):
    zeist = factories.gemeente(db, "Zeist", slug="zeist")
    utrecht = factories.gemeente(db, "Utrecht", slug="utrecht")
    regeling = factories.regeling(db, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    raad = factories.orgaan_of(db, zeist)
    commissie = Orgaan(
        slug="zeist-commissie", naam="Commissie Bestuur Zeist", soort=Soort.commissie, gemeente_id=zeist.id
    )
    db.add(commissie)
    db.flush()
    factories.vergadering(db, raad, ab, start=utcnow() + timedelta(days=10), naam="Zienswijze begroting")
    factories.vergadering(
        db, factories.orgaan_of(db, utrecht), start=utcnow() + timedelta(days=12), naam="Raad Utrecht"
    )
    return {"zeist": zeist, "utrecht": utrecht, "regeling": regeling, "ab": ab, "raad": raad, "commissie": commissie}


@pytest.fixture
def raadslid(db) -> Gebruiker:
    return factories.user(db, RAADSLID, ("raadslid",), naam="Rita Raadslid")


@pytest.fixture
def inwoner(db) -> Gebruiker:
    return factories.user(db, ZONDER_PERSOON, naam="Ivo Inwoner")


# --- announced feeds and subscribe panels -----------------------------------------------------------------


def test_gemeente_page_announces_and_offers_its_meetings_and_its_deadlines(client, regio):
    page = client.get("/gemeenten/zeist").text
    assert alternates(page) == [
        ("Vergaderingen van gemeente Zeist", f"{BASE}/feeds/gemeenten/zeist.ics"),
        ("Termijnen van gemeente Zeist", f"{BASE}/feeds/termijnen/gemeenten/zeist.ics"),
    ]
    vergaderingen, termijnen = panels(page)
    assert vergaderingen["kop"] == "Abonneren op deze agenda"
    assert_panel(vergaderingen, "/feeds/gemeenten/zeist.ics", "Vergaderingen van gemeente Zeist")
    assert termijnen["kop"] == "Abonneren op de termijnen"
    assert_panel(termijnen, "/feeds/termijnen/gemeenten/zeist.ics", "Termijnen van gemeente Zeist")
    assert "uw agenda haalt wijzigingen daarna zelf op" in page
    assert "Kopieer dan de link" in page
    # Two panels on one page: every id once, and each button's name says which calendar it adds.
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    assert '<span class="visually-hidden"> – Termijnen van gemeente Zeist</span>' in page


def test_regeling_page_offers_its_meetings_and_its_deadlines(client, regio):
    page = client.get("/regelingen/vru").text
    assert [href for _, href in alternates(page)] == [
        f"{BASE}/feeds/regelingen/vru.ics",
        f"{BASE}/feeds/termijnen/regelingen/vru.ics",
    ]
    vergaderingen, termijnen = panels(page)
    assert_panel(vergaderingen, "/feeds/regelingen/vru.ics", "Vergaderingen van Veiligheidsregio Utrecht")
    assert_panel(termijnen, "/feeds/termijnen/regelingen/vru.ics", "Termijnen van Veiligheidsregio Utrecht")


def test_orgaan_page_offers_the_feed_of_the_body(client, regio):
    page = client.get("/organen/zeist-commissie").text
    assert alternates(page) == [
        ("Vergaderingen van Commissie Bestuur Zeist", f"{BASE}/feeds/organen/zeist-commissie.ics")
    ]
    (panel,) = panels(page)
    assert_panel(panel, "/feeds/organen/zeist-commissie.ics", "Vergaderingen van Commissie Bestuur Zeist")


@pytest.mark.parametrize(
    ("params", "path"),
    [
        ({"gemeente": "zeist"}, "/feeds/gemeenten/zeist.ics"),
        ({"regeling": "vru"}, "/feeds/regelingen/vru.ics"),
        ({"orgaan": "zeist-commissie", "eerdere": "1"}, "/feeds/organen/zeist-commissie.ics"),
        ({}, None),
        ({"gemeente": "zeist", "regeling": "vru"}, None),
    ],
)
def test_the_list_of_meetings_offers_a_feed_only_when_narrowed_to_one_thing(client, regio, params, path):
    page = client.get("/vergaderingen", params=params).text
    assert [href for _, href in alternates(page)] == ([BASE + path] if path else [])
    assert [p["https"] for p in panels(page)] == ([BASE + path] if path else [])
    assert ('<h3 class="utrecht-heading-3 abonneren__titel"' in page) == bool(path)  # under the list's own h2
    assert 'href="/agenda-samenstellen"' in page
    fragment = client.get("/vergaderingen", params=params, headers={"HX-Request": "true"}).text
    assert "<head>" not in fragment
    assert [p["https"] for p in panels(fragment)] == ([BASE + path] if path else [])


def test_the_pc_planner_and_the_board_offer_the_deadline_feed_of_the_regeling(client, db, regio):
    name, path = "Termijnen van Veiligheidsregio Utrecht", "/feeds/termijnen/regelingen/vru.ics"
    factories.user(db, "griffie@zeist.example.nl", ("griffier", regio["zeist"]), naam="Greet Griffier")
    login(client, "griffie@zeist.example.nl")
    for url in ("/regelingen/vru/plannen/pc", "/regelingen/vru/plannen/pc?jaar=twintig", "/regelingen/vru/bord"):
        page = client.get(url)
        assert page.status_code in (200, 422), url
        assert alternates(page.text) == [(name, BASE + path)], url
        (panel,) = panels(page.text)
        assert panel["kop"] == "Termijnen in uw agenda"
        assert_panel(panel, path, name)
        ids = re.findall(r'\bid="([^"]+)"', page.text)
        assert len(ids) == len(set(ids)), url
    # The other year planners show no deadlines: no feed.
    raadstafel = client.get("/regelingen/vru/plannen/raadstafel")
    assert raadstafel.status_code in (200, 422) and "Raadstafel" in raadstafel.text
    assert alternates(raadstafel.text) == []


def test_the_subscribe_panel_has_no_id_that_nothing_refers_to(client, regio):
    page = client.get("/organen/zeist-commissie").text
    (section,) = re.findall(r'<section class="abonneren".*?</section>', page, flags=re.S)
    referred = set(re.findall(r'(?:aria-labelledby|aria-describedby|for)="([^"]+)"', section))
    assert set(re.findall(r'\bid="([^"]+)"', section)) <= referred | {"abonneren-adres"}


def test_pages_without_a_calendar_announce_none(client, regio):
    for url in ("/", "/gemeenten", "/organen", "/inloggen"):
        page = client.get(url).text
        assert alternates(page) == [] and panels(page) == []


# --- Mijn agenda: the private link -------------------------------------------------------------------------


def token_in(page: str) -> str | None:
    found = re.search(r"/feeds/persoonlijk/([A-Za-z0-9_-]+)\.ics", page)
    return found.group(1) if found else None


def make_link(client, csrf: str):
    return client.post("/mijn/agenda/link", data={"csrf_token": csrf})


def test_the_menu_shows_mijn_agenda_only_to_a_logged_in_user(client, raadslid):
    assert 'href="/mijn/agenda"' not in client.get("/").text
    login(client, RAADSLID)
    assert '<a class="site-nav__link" href="/mijn/agenda"' in client.get("/").text


def test_an_anonymous_visitor_is_sent_to_log_in(client, raadslid):
    answer = client.get("/mijn/agenda", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/inloggen?volgende=%2Fmijn%2Fagenda"
    csrf = csrf_from(client.get("/").text)  # an anonymous session has a CSRF token too
    for url in ("/mijn/agenda/link", "/mijn/agenda/intrekken"):
        assert client.post(url, follow_redirects=False).status_code == 403  # no token
        answer = client.post(url, data={"csrf_token": csrf}, follow_redirects=False)
        assert answer.status_code == 303 and answer.headers["location"].startswith("/inloggen?volgende=")


def test_making_the_link_shows_it_once_and_stores_only_its_hash(client, db, raadslid):
    csrf = login(client, RAADSLID)
    page = client.get("/mijn/agenda").text
    assert ">Link maken</button>" in page and "Link intrekken" not in page and token_in(page) is None

    assert make_link(client, "verkeerd").status_code == 403
    assert db.exec(select(Agendatoken)).all() == []

    made = make_link(client, csrf)
    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    token = token_in(made.text)
    assert token and len(token) >= 43  # 256 bits
    assert "U ziet deze link maar één keer" in made.text and "Houd hem voor uzelf" in made.text
    assert "<title>Uw nieuwe agendalink – Mijn agenda – Tussenruimte</title>" in made.text
    assert '<h2 class="utrecht-heading-3" id="nieuwe-link-titel" tabindex="-1">Uw nieuwe agendalink is klaar</h2>' in (
        made.text
    )
    assert 'role="status"' not in made.text
    assert 'action="/mijn/agenda/link#nieuwe-link-titel"' in made.text  # the browser starts at the heading
    (panel,) = panels(made.text)
    assert_panel(panel, f"/feeds/persoonlijk/{token}.ics", "Mijn vergaderingen (Tussenruimte)")
    assert alternates(made.text) == []  # a private link is not announced in the head

    row = db.exec(select(Agendatoken)).one()
    assert row.token_hash == tokens.token_hash(token) and token not in (row.token_hash, row.prefix)
    assert row.prefix == token[:8] and row.persoon_id == raadslid.persoon_id
    assert tokens.persoon_for_token(db, token) == raadslid.persoon_id

    later = client.get("/mijn/agenda")
    assert token_in(later.text) is None and token not in later.text
    assert "<title>Mijn agenda – Tussenruimte</title>" in later.text and 'id="nieuwe-link-titel"' not in later.text
    assert row.prefix in later.text
    assert "Nieuwe link maken (de oude werkt dan niet meer)" in later.text and "Link intrekken" in later.text
    assert "no-store" not in later.headers.get("Cache-Control", "")


def test_a_new_link_replaces_the_old_one(client, db, raadslid):
    csrf = login(client, RAADSLID)
    old = token_in(make_link(client, csrf).text)
    new = token_in(make_link(client, csrf).text)
    assert old != new
    assert tokens.persoon_for_token(db, old) is None
    assert tokens.persoon_for_token(db, new) == raadslid.persoon_id
    rows = {r.token_hash: r for r in db.exec(select(Agendatoken)).all()}
    assert rows[tokens.token_hash(old)].ingetrokken_op is not None
    assert rows[tokens.token_hash(new)].ingetrokken_op is None
    assert tokens.personal_feed_status(db, raadslid.id).token_hash == tokens.token_hash(new)


def test_revoking_the_link_stops_it_and_says_so_once(client, db, raadslid):
    csrf = login(client, RAADSLID)
    token = token_in(make_link(client, csrf).text)
    assert client.post("/mijn/agenda/intrekken", data={"csrf_token": "verkeerd"}).status_code == 403
    assert tokens.persoon_for_token(db, token) == raadslid.persoon_id

    answer = client.post("/mijn/agenda/intrekken", data={"csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/mijn/agenda"
    assert tokens.persoon_for_token(db, token) is None
    assert tokens.personal_feed_status(db, raadslid.id) is None
    page = client.get("/mijn/agenda").text
    assert "Uw persoonlijke agendalink is ingetrokken." in page and ">Link maken</button>" in page
    assert "is ingetrokken." not in client.get("/mijn/agenda").text

    again = client.post("/mijn/agenda/intrekken", data={"csrf_token": csrf})  # follows the redirect
    assert "Er was geen persoonlijke agendalink om in te trekken." in again.text


def test_a_user_without_a_person_gets_an_explanation_and_no_link(client, db, inwoner):
    csrf = login(client, ZONDER_PERSOON)
    page = client.get("/mijn/agenda").text
    assert "Uw account is niet gekoppeld aan een raadslid of bestuurder" in page
    assert "Link maken" not in page and 'action="/mijn/agenda/link' not in page
    refused = make_link(client, csrf)
    assert refused.status_code == 403 and "niet gekoppeld aan een raadslid of bestuurder" in refused.text
    assert db.exec(select(Agendatoken)).all() == []
    with pytest.raises(Forbidden):
        tokens.make_personal_token(db, actor=accounts.actor_for(db, inwoner.id))
    with pytest.raises(NotAuthenticated):
        tokens.make_personal_token(db, actor=accounts.actor_for(db, None))


def test_a_token_opens_nothing_once_revoked_or_once_its_user_changed(db, raadslid):
    actor = accounts.actor_for(db, raadslid.id)
    for unknown in ("", "x", "a" * 43, "a" * 10_000):
        assert tokens.persoon_for_token(db, unknown) is None

    token = tokens.make_personal_token(db, actor=actor)
    assert tokens.persoon_for_token(db, token) == raadslid.persoon_id
    assert tokens.revoke_personal_token(db, actor=actor) is True
    assert tokens.persoon_for_token(db, token) is None
    assert tokens.revoke_personal_token(db, actor=actor) is False

    token = tokens.make_personal_token(db, actor=actor)
    raadslid.actief = False
    db.add(raadslid)
    db.flush()
    assert tokens.persoon_for_token(db, token) is None  # a disabled account
    raadslid.actief = True
    raadslid.persoon_id = factories.persoon(db, "Iemand anders").id
    db.add(raadslid)
    db.flush()
    assert tokens.persoon_for_token(db, token) is None  # linked to another person since


# --- a calendar of chosen organen --------------------------------------------------------------------------


def choose(client, csrf: str, *slugs: str, **kw):
    return client.post(
        "/agenda-samenstellen", data={"csrf_token": csrf, "organen": list(slugs)}, follow_redirects=False, **kw
    )


def test_anonymous_visitors_see_how_to_compose_but_cannot_save(client, db, regio, raadslid):
    page = client.get("/agenda-samenstellen").text
    assert "Om een agenda samen te stellen moet u ingelogd zijn" in page
    assert 'href="/inloggen?volgende=/agenda-samenstellen"' in page and 'name="organen"' not in page
    csrf = csrf_from(page)
    assert choose(client, "verkeerd", "zeist-raad").status_code == 403
    answer = choose(client, csrf, "zeist-raad")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/inloggen?volgende=")
    assert db.exec(select(Feedselectie)).all() == []
    with pytest.raises(NotAuthenticated):
        selecties.save_selection(db, actor=accounts.actor_for(db, None), orgaan_slugs=["zeist-raad"])


def test_the_form_groups_every_live_body_by_gemeente_and_regeling(client, db, regio, raadslid):
    gone = Orgaan(
        slug="opgeheven",
        naam="Opgeheven commissie",
        soort=Soort.commissie,
        gemeente_id=regio["zeist"].id,
        deleted_at=utcnow(),
    )
    db.add(gone)
    db.flush()
    login(client, RAADSLID)
    page = client.get("/agenda-samenstellen", params={"organen": ["vru-ab"]}).text
    legends = re.findall(r"<legend[^>]*>(.*?)</legend>", page)
    assert legends == ["Utrecht", "Zeist", "Veiligheidsregio Utrecht"]
    assert page.count('name="organen"') == 4 and "Opgeheven commissie" not in page
    assert re.search(r'<input[^>]*id="orgaan-vru-ab"[^>]*checked>', page)
    assert not re.search(r'<input[^>]*id="orgaan-zeist-commissie"[^>]*checked>', page)
    assert '<label class="utrecht-form-label utrecht-form-label--checkbox" for="orgaan-zeist-commissie">' in page
    assert "aria-invalid" not in page and "organen-fout" not in page  # no error yet


def test_saving_the_same_set_twice_gives_the_same_link(client, db, regio, raadslid):
    csrf = login(client, RAADSLID)
    first = choose(client, csrf, "zeist-commissie", "vru-ab")
    assert first.status_code == 303
    url = first.headers["location"]
    assert re.fullmatch(r"/agenda/selecties/[a-z2-7]{10}", url)
    again = choose(client, csrf, "vru-ab", "zeist-commissie", "vru-ab")
    assert again.headers["location"] == url
    (row,) = db.exec(select(Feedselectie)).all()
    assert sorted(row.orgaan_ids) == sorted([regio["commissie"].id, regio["ab"].id])
    assert row.gebruiker_id == raadslid.id
    other = choose(client, csrf, "zeist-commissie")
    assert other.headers["location"] != url


def test_two_saves_at_once_end_with_the_same_row(db, regio, raadslid, monkeypatch):
    """The second save finds no row when it looks, then loses the race to insert: it reads the winner's row."""
    actor = accounts.actor_for(db, raadslid.id)
    winner = selecties.save_selection(db, actor=actor, orgaan_slugs=["zeist-raad"])
    db.expunge(winner)
    real_get, looked = db.get, []

    def get_missing_once(model, key, **kw):
        if not looked:
            looked.append(key)
            return None
        return real_get(model, key, **kw)

    monkeypatch.setattr(db, "get", get_missing_once)
    loser = selecties.save_selection(db, actor=actor, orgaan_slugs=["zeist-raad"])
    assert looked == [winner.id] and loser.id == winner.id
    assert db.exec(select(sa.func.count()).select_from(Feedselectie)).one() == 1
    assert factories.persoon(db, "De transactie leeft nog").id  # the failed insert did not spoil the transaction


@pytest.mark.parametrize(
    ("slugs", "message"),
    [
        ([], "Kies ten minste één orgaan voor uw agenda."),
        (["zeist-raad", "bestaat-niet"], "Het orgaan ‘bestaat-niet’ bestaat niet."),
        (["nee", "zeist-raad", "ook-niet"], "Deze organen bestaan niet: ‘nee’, ‘ook-niet’."),
        ([f"orgaan-{i}" for i in range(51)], "Kies hoogstens 50 organen; u koos er 51."),
    ],
)
def test_a_wrong_choice_comes_back_with_the_reason(client, db, regio, raadslid, slugs, message):
    csrf = login(client, RAADSLID)
    answer = choose(client, csrf, *slugs)
    assert answer.status_code == 422
    assert message in html.unescape(answer.text)
    assert "Er is iets niet goed ingevuld" in answer.text
    if "zeist-raad" in slugs:  # what was ticked stays ticked
        assert re.search(r'<input[^>]*id="orgaan-zeist-raad"[^>]*checked>', answer.text)
    # Every box says the group is wrong, and why: the hint and the message, whichever box has the focus.
    boxes = re.findall(r'<input[^>]*name="organen"[^>]*>', answer.text)
    assert len(boxes) == 4
    for box in boxes:
        assert 'aria-invalid="true"' in box and 'aria-describedby="organen-hint organen-fout"' in box
    assert 'id="organen-hint"' in answer.text and 'id="organen-fout"' in answer.text
    assert db.exec(select(Feedselectie)).all() == []
    with pytest.raises(Invalid, match=re.escape(message)):
        selecties.save_selection(db, actor=accounts.actor_for(db, raadslid.id), orgaan_slugs=slugs)


def test_a_deleted_body_cannot_be_chosen(db, regio, raadslid):
    regio["commissie"].deleted_at = utcnow()
    db.add(regio["commissie"])
    db.flush()
    with pytest.raises(Invalid, match="zeist-commissie"):
        selecties.save_selection(db, actor=accounts.actor_for(db, raadslid.id), orgaan_slugs=["zeist-commissie"])


def test_the_selection_page_shows_its_bodies_meetings_and_feed(client, db, regio, raadslid):
    csrf = login(client, RAADSLID)
    url = choose(client, csrf, "zeist-raad", "vru-ab").headers["location"]
    selectie_id = url.rsplit("/", 1)[1]
    client.post("/uitloggen", data={"csrf_token": csrf})

    page = client.get(url)  # public: no login needed
    assert page.status_code == 200
    name = "Vergaderingen van Algemeen bestuur Veiligheidsregio Utrecht en Gemeenteraad Zeist"
    assert alternates(page.text) == [(name, f"{BASE}/feeds/selecties/{selectie_id}.ics")]
    (panel,) = panels(page.text)
    assert_panel(panel, f"/feeds/selecties/{selectie_id}.ics", name)
    assert 'href="/organen/zeist-raad"' in page.text and 'href="/organen/vru-ab"' in page.text
    assert "Zienswijze begroting" in page.text and "Raad Utrecht" not in page.text
    assert "/agenda-samenstellen?organen=vru-ab&amp;organen=zeist-raad" in page.text

    assert selecties.selection_organen(db, selecties.get_selection(db, selectie_id)) == [regio["ab"], regio["raad"]]


@pytest.mark.parametrize("selectie_id", ["abcdefghij", "ABCDEFGHIJ", "kort", "a" * 300, "abcdefgh1j"])
def test_an_unknown_selection_is_404(client, db, selectie_id):
    assert client.get(f"/agenda/selecties/{selectie_id}").status_code == 404
    with pytest.raises(NotFound):
        selecties.get_selection(db, selectie_id)
