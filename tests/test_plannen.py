"""The same-day planning wizard in the portal: the question, the candidates with reasons, accepting, the result.

Five councils meet on Tuesdays (default lead time: 10 days' notice + 14 days of committee, so with the voorstel
going out on 1 March nobody can deliberate before 25 March 2027):
- Aadorp, Beekdal and Calslo hold a raad on 13 April; Aadorp, Beekdal and Dijkum on 20 April;
- Calslo is in recess from 19 to 23 April, so 20 April is out;
- Dijkum has no meeting on 13 April, but it is a Tuesday outside recess: an extra meeting fits;
- Eemdorp has no usual meeting day and no meetings: it blocks every date unless it opts out;
- 27 April is King's Day.
So with Eemdorp out the best date is 13 April (one extra meeting, for Dijkum).
"""

import html
import re
import socket
from datetime import UTC, date, datetime
from functools import cache
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, func, select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker, RolSoort
from app.berichten.models import Bericht
from app.config import Settings
from app.gemeenten.models import Reces
from app.organen.models import Orgaan, Soort
from app.planning.routes import _standaardjaar
from app.regelingen.models import Deelname, Synchronisatie, Vorm
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling, Voorstel
from tests import factories
from tests.helpers import csrf_from, login

TZ = ZoneInfo("Europe/Amsterdam")
TUESDAY = 1
URL = "/regelingen/u5/plannen/gelijke-dag"
VRAAG = {
    "voorstel": "",
    "titel": "Regionale woonvisie 2028",
    "van": "2027-03-01",
    "tot": "2027-04-30",
    "zonder": "GM9105",
    "punten": "1",
}


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def settings(database_url) -> Settings:
    # Mail goes to a port where nothing listens: delivery fails quietly
    # (tests/berichten/test_bezorging.py sends for real).
    return Settings(
        mode="test",
        database_url=database_url,
        secret_key="t" * 40,
        base_url="https://tussenruimte.test",
        login_max_failures=50,
        smtp_host="127.0.0.1",
        smtp_port=_closed_port(),
    )


def _avond(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 19, 30, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def regio(db: Session):
    g = {}
    for key, naam, dag in (
        ("a", "Aadorp", TUESDAY),
        ("b", "Beekdal", TUESDAY),
        ("c", "Calslo", TUESDAY),
        ("d", "Dijkum", TUESDAY),
        ("e", "Eemdorp", None),
    ):
        g[key] = factories.gemeente(db, naam, code=f"GM910{'abcde'.index(key) + 1}", slug=naam.lower(), vergaderdag=dag)
    regeling = factories.regeling(
        db, slug="u5", naam="U5", deelnemers=list(g.values()), synchronisatie=Synchronisatie.gelijke_dag
    )
    meetings = {}
    for key, days in (
        ("a", [date(2027, 4, 13), date(2027, 4, 20)]),
        ("b", [date(2027, 4, 13), date(2027, 4, 20)]),
        ("c", [date(2027, 4, 13)]),
        ("d", [date(2027, 4, 20)]),
    ):
        for day in days:
            meetings[key, day] = factories.vergadering(db, factories.orgaan_of(db, g[key]), start=_avond(day)).id
    db.add(Reces(gemeente_id=g["c"].id, naam="meireces", van=date(2027, 4, 19), tot=date(2027, 4, 23)))
    outsider = factories.gemeente(db, "Elders", code="GM9199", slug="elders")
    for email, naam, rol, target in (
        ("secretaris@u5.example.nl", "Sam Secretaris", RolSoort.secretaris, regeling),
        ("griffie@aadorp.example.nl", "Anna Griffier", RolSoort.griffier, g["a"]),
        ("griffie@dijkum.example.nl", "Dirk Griffier", RolSoort.griffier, g["d"]),
        ("griffie@elders.example.nl", "Els Elders", RolSoort.griffier, outsider),
    ):
        user = Gebruiker(email=email, naam=naam, wachtwoord_hash=_password_hash())
        db.add(user)
        db.flush()
        accounts.grant_role(
            db,
            user=user,
            rol=rol,
            gemeente_code=getattr(target, "code", None) if rol == RolSoort.griffier else None,
            regeling_slug=target.slug if rol == RolSoort.secretaris else None,
        )
    db.flush()
    return {**g, "regeling": regeling, "meetings": meetings}


@cache
def _password_hash() -> str:
    return accounts.hash_password(factories.PASSWORD)  # once: argon2 is slow on purpose


class Forms(HTMLParser):
    """The forms of a page: action, method and fields (hidden inputs, checked boxes, selected options)."""

    def __init__(self, text: str):
        super().__init__()
        self.forms: list[dict] = []
        self._select: str | None = None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"action": a.get("action"), "method": a.get("method", "get"), "class": a.get("class", ""), "fields": []}
            )
        elif not self.forms:
            return
        elif tag == "input" and a.get("name") and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.forms[-1]["fields"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.forms[-1]["fields"].append((self._select, a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def accept_forms(self) -> list[dict]:
        return [f for f in self.forms if "vaststellen" in f["class"]]


def _fields(form: dict) -> dict:
    """The form's fields as a dict (lists for repeated names), ready for TestClient's data=."""
    out: dict = {}
    for name, value in form["fields"]:
        out.setdefault(name, []).append(value)
    return {k: v[0] if len(v) == 1 and k != "zonder" else v for k, v in out.items()}


def _text(page) -> str:
    """The page's words: inline tags vanish, block tags become spaces."""
    inline = re.sub(r"</?(?:strong|span|a|time|abbr)\b[^>]*>", "", page.text)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", inline)))


def _plan(client, **vraag):
    return client.get(URL, params={**VRAAG, **vraag})


def _counts(db: Session) -> dict:
    return {
        m.__name__: db.exec(select(func.count()).select_from(m)).one()
        for m in (Voorstel, Behandeling, Agendapunt, Vergadering, Afmelding, Bericht)
    }


# --- the question and the plan ---------------------------------------------------------------------------


def test_the_overview_lists_the_models_this_regeling_can_use(client, db, regio):
    login(client, "griffie@aadorp.example.nl")
    page = client.get("/regelingen/u5/plannen")
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Behandeling op dezelfde dag" in text
    assert 'href="/regelingen/u5/plannen/gelijke-dag"' in page.text
    assert "Planning-en-controlcyclus" in text  # an openbaar lichaam has a budget cycle
    assert 'href="/regelingen/u5/plannen/pc"' in page.text
    assert "Raadstafel" not in text and "Carrouseldagen" not in text  # it has no such bodies
    assert "Alleen de secretaris van U5" in text
    regio["regeling"].vorm = Vorm.regeling_zonder_meer
    db.add(Orgaan(slug="u5-tafel", naam="Raadstafel U5", soort=Soort.adviescommissie, regeling_id=regio["regeling"].id))
    db.add(Orgaan(slug="u5-carrousel", naam="Carrousel U5", soort=Soort.carrousel, regeling_id=regio["regeling"].id))
    db.flush()
    page = client.get("/regelingen/u5/plannen")
    text = _text(page)
    assert "Planning-en-controlcyclus" not in text
    assert "Raadstafel" in text and "Carrouseldagen" in text
    assert 'href="/regelingen/u5/plannen/raadstafel"' in page.text
    assert 'href="/regelingen/u5/plannen/carrousel"' in page.text


def test_the_form_is_prefilled_from_an_existing_voorstel(client, db, regio):
    voorstel = Voorstel(
        regeling_id=regio["regeling"].id,
        titel="Jeugdzorg 2028",
        beschikbaar=date(2027, 3, 1),
        uiterlijk=date(2027, 4, 30),
    )
    db.add(voorstel)
    db.flush()
    db.add(Afmelding(voorstel_id=voorstel.id, gemeente_id=regio["e"].id))
    db.flush()
    login(client, "griffie@aadorp.example.nl")
    page = client.get(URL, params={"voorstel": voorstel.id})
    assert page.status_code == 200, page.text
    fields = dict(Forms(page.text).forms[-1]["fields"])
    assert fields["voorstel"] == str(voorstel.id)
    assert fields["van"] == "2027-03-01" and fields["tot"] == "2027-04-30"
    assert fields["zonder"] == "GM9105"  # the opt-out is checked
    assert 'name="titel"' not in page.text  # an existing voorstel has its title

    # Choosing another voorstel in the form (without JavaScript: submitting it) takes over that one's data.
    ander = Voorstel(
        regeling_id=regio["regeling"].id, titel="Afvalbeleid", beschikbaar=date(2027, 5, 3), uiterlijk=date(2027, 6, 30)
    )
    db.add(ander)
    db.flush()
    page = client.get(URL, params={**fields, "voorstel": ander.id})
    assert page.status_code == 200
    fields = dict(Forms(page.text).forms[-1]["fields"])
    assert (fields["van"], fields["tot"]) == ("2027-05-03", "2027-06-30")
    assert "zonder" not in fields
    assert "De periode en de afmeldingen van ‘Afvalbeleid’ zijn ingevuld" in _text(page)

    # htmx asks for the form alone.
    fragment = client.get(
        URL, params={**fields, "voorstel": voorstel.id, "vorige": ander.id}, headers={"HX-Request": "true"}
    )
    assert fragment.text.lstrip().startswith("<form") and "<html" not in fragment.text
    assert "HX-Request" in fragment.headers["vary"]


def test_candidates_come_best_first_with_a_reason_per_council(client, db, regio):
    login(client, "griffie@aadorp.example.nl")
    page = _plan(client)
    assert page.status_code == 200, page.text
    text = _text(page)
    headings = re.findall(r'<h3 class="utrecht-heading-3" id="kandidaat-\d+">\d+\. ([^<]+)</h3>', page.text)
    assert headings[0] == "dinsdag 13 april 2027"
    assert "4 raden kunnen" not in text
    first = text[text.index("1. dinsdag 13 april 2027") : text.index("2. ")]
    assert "3 van de 4 raden vergaderen al; 1 raad heeft een extra vergadering nodig." in first
    assert re.search(r"Dijkum extra vergadering nodig extra raadsvergadering mogelijk op de gewone vergaderdag", first)
    assert re.search(r"Calslo vergadert al raadsvergadering staat gepland \(0 van 12 agendapunten\)", first)
    assert "Eemdorp" not in first  # opted out
    # 20 April (Calslo's recess) and 27 April (King's Day) are no candidates, and the page says why.
    assert "dinsdag 20 april 2027" not in headings and "dinsdag 27 april 2027" not in headings
    assert "Kan niet: Calslo (meireces (19-04 t/m 23-04))" in text
    assert "Kan niet: Aadorp, Beekdal, Calslo, Dijkum (feestdag (Koningsdag))" in text
    assert "voorbereiding: vóór 25-03 niet haalbaar" in text
    # every date from 1 March to 30 April was considered
    assert "Toon alle 61 dagen" in text
    # the griffier may look, not accept: no accept forms, and the page says who can
    assert Forms(page.text).accept_forms() == []
    assert "Alleen de secretaris van U5 (of een beheerder van Tussenruimte) kan een dag vaststellen" in text


def test_without_a_candidate_the_page_explains_per_council(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    page = _plan(client, zonder=[])  # Eemdorp takes part and can never meet
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Geen dag waarop alle raden kunnen" in text
    assert "Eemdorp kan op geen enkele dag in deze periode" in text
    assert re.search(r"Eemdorp kan op geen van de 61 dagen; geblokkeerd door", text)
    assert Forms(page.text).accept_forms() == []


@pytest.mark.parametrize(
    ("vraag", "veld", "melding"),
    [
        ({"van": "2027-04-30", "tot": "2027-03-01"}, "tot", "De einddatum ligt vóór de begindatum."),
        ({"van": "2027-02-30"}, "van", "Vul als begindatum een bestaande datum in"),
        ({"tot": "morgen"}, "tot", "Vul als einddatum een bestaande datum in"),
        ({"van": ""}, "van", "Vul de begindatum in"),
        ({"van": "2027-01-01", "tot": "2028-12-31"}, "tot", "Kies een periode van hoogstens 400 dagen."),
        ({"zonder": "GM0344"}, "zonder", "Kies alleen gemeenten uit de lijst van deelnemers."),
        ({"zonder": ["GM9101", "GM9102", "GM9103", "GM9104", "GM9105"]}, "zonder", "ten minste één gemeente"),
        ({"punten": "0"}, "punten", "van 1 tot en met 50"),
        ({"punten": "veel"}, "punten", "van 1 tot en met 50"),
        ({"titel": ""}, "titel", "Geef het nieuwe voorstel een titel"),
        ({"voorstel": "99999"}, "voorstel", "Kies een voorstel uit de lijst"),
    ],
)
def test_bad_questions_come_back_as_the_form_with_dutch_errors(client, db, regio, vraag, veld, melding):
    login(client, "griffie@aadorp.example.nl")
    page = _plan(client, **vraag)
    assert page.status_code == 422, page.text
    assert "Er is iets niet goed ingevuld" in page.text
    assert re.search(
        rf'id="{veld}-fout"><span class="visually-hidden">Fout: </span>[^<]*{re.escape(melding)}',
        html.unescape(page.text),
    ), page.text
    assert 'id="vraagformulier"' in page.text  # the form again, with what was typed


def test_who_may_plan_and_who_may_accept(client, db, regio):
    assert (
        client.get("/regelingen/u5/plannen", follow_redirects=False)
        .headers["location"]
        .startswith("/inloggen?volgende=")
    )
    anonymous = client.get(URL, params=VRAAG, follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"].startswith("/inloggen?volgende=")

    login(client, "griffie@elders.example.nl")  # griffier of a gemeente that does not take part
    assert client.get("/regelingen/u5/plannen").status_code == 403
    refused = _plan(client)
    assert refused.status_code == 403
    assert "Alleen de secretaris van U5 en de griffiers van de deelnemende gemeenten" in _text(refused)

    login(client, "griffie@aadorp.example.nl")
    page = _plan(client)
    assert page.status_code == 200
    # Even with a well-formed accept form, a griffier cannot accept.
    secretaris_page = _secretaris_plan(client, db, regio)
    login(client, "griffie@aadorp.example.nl")
    form = _fields(Forms(secretaris_page).accept_forms()[0])
    form["csrf_token"] = csrf_from(client.get("/").text)
    before = _counts(db)
    refused = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert refused.status_code == 403
    assert "Alleen de secretaris van U5 kan een plan vaststellen" in _text(refused)
    assert _counts(db) == before


def _secretaris_plan(client, db, regio) -> str:
    login(client, "secretaris@u5.example.nl")
    page = _plan(client)
    assert page.status_code == 200, page.text
    return page.text


# --- accepting -------------------------------------------------------------------------------------------


def test_the_secretaris_accepts_the_best_date_and_every_council_gets_its_meeting(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    page = _plan(client)
    assert "Vaststellen op dinsdag 13 april 2027" in page.text
    form = _fields(Forms(page.text).accept_forms()[0])
    assert form["datum"] == "2027-04-13" and form["zonder"] == ["GM9105"] and form["vingerafdruk"]

    response = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    voorstel = db.exec(select(Voorstel).where(Voorstel.titel == "Regionale woonvisie 2028")).one()
    assert response.headers["location"] == f"/regelingen/u5/plannen/voorstellen/{voorstel.id}"
    assert (voorstel.beschikbaar, voorstel.uiterlijk) == (date(2027, 3, 1), date(2027, 4, 30))

    behandelingen = db.exec(select(Behandeling).where(Behandeling.voorstel_id == voorstel.id)).all()
    assert len(behandelingen) == 4
    day = date(2027, 4, 13)
    existing = {regio["meetings"][k, day] for k in "abc"}
    nieuw_ids = {b.vergadering_id for b in behandelingen} - existing
    assert len(nieuw_ids) == 1
    nieuw = db.get(Vergadering, nieuw_ids.pop())
    db.refresh(nieuw)
    assert nieuw.status == Status.gepland
    assert nieuw.start.astimezone(TZ) == datetime(2027, 4, 13, 19, 30, tzinfo=TZ)
    link = db.exec(select(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == nieuw.id)).one()
    assert link.orgaan_id == factories.orgaan_of(db, regio["d"]).id
    for b in behandelingen:
        assert db.get(Agendapunt, b.agendapunt_id).titel == "Regionale woonvisie 2028"
        assert b.rol == "besluit"
    afmeldingen = db.exec(select(Afmelding).where(Afmelding.voorstel_id == voorstel.id)).all()
    assert [a.gemeente_id for a in afmeldingen] == [regio["e"].id]

    # Mail to the griffiers of the participants and to the secretaris; the server is down, so it waits.
    berichten = db.exec(select(Bericht).order_by(Bericht.aan)).all()
    assert [b.aan for b in berichten] == [
        "griffie@aadorp.example.nl",
        "griffie@dijkum.example.nl",
        "secretaris@u5.example.nl",
    ]
    for b in berichten:
        db.refresh(b)
        assert "13-04-2027" in b.onderwerp and "Regionale woonvisie 2028" in b.tekst
        assert b.verzonden_at is None and b.pogingen == 1 and "onbereikbaar" in b.fout

    # The result page: every council's meeting, linked, the new one marked, and the message of the redirect.
    result = client.get(response.headers["location"])
    assert result.status_code == 200, result.text
    text = _text(result)
    assert (
        "‘Regionale woonvisie 2028’ staat op de agenda van 4 raden van U5. Er is 1 extra raadsvergadering "
        "gepland. De griffiers krijgen een e-mail (3 ontvangers)." in text
    )
    for meeting_id in existing | {nieuw.id}:
        assert f'href="/vergaderingen/{meeting_id}"' in result.text
    assert text.count("nieuw, status gepland") == 1
    assert "Dijkum Extra raadsvergadering Dijkum" in text
    assert '<a class="utrecht-link" href="/gemeenten/dijkum">Dijkum</a>' in result.text
    assert "Niet mee Eemdorp" in text

    # The council's own page lists the new meeting (its calendar).
    gemeente_page = _text(client.get("/gemeenten/dijkum"))
    assert "Extra raadsvergadering Dijkum" in gemeente_page


def test_pressing_twice_is_a_clear_conflict_and_nothing_is_made_twice(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    form = _fields(Forms(_plan(client).text).accept_forms()[0])
    assert client.post(f"{URL}/vaststellen", data=form, follow_redirects=False).status_code == 303
    after_first = _counts(db)
    again = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert again.status_code == 409, again.text
    assert "U heeft dit plan al vastgesteld" in _text(again)
    voorstel = db.exec(select(Voorstel)).one()
    assert f'href="/regelingen/u5/plannen/voorstellen/{voorstel.id}"' in again.text
    assert _counts(db) == after_first

    # Going back to the plan page (made afresh) and pressing again: the same question, recognised.
    replanned = _fields(Forms(_plan(client).text).accept_forms()[0])
    assert replanned["vingerafdruk"] != form["vingerafdruk"]
    fourth = client.post(f"{URL}/vaststellen", data=replanned, follow_redirects=False)
    assert fourth.status_code == 409 and "U heeft dit plan al vastgesteld" in _text(fourth)
    assert _counts(db) == after_first

    # The same form from another browser session (no memory of the first): that voorstel exists already.
    form["csrf_token"] = login(client, "secretaris@u5.example.nl")
    third = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert third.status_code == 409
    assert "Er is al een voorstel" in _text(third)
    assert _counts(db) == after_first


def test_stale_agendas_are_a_conflict_that_keeps_the_question_and_writes_nothing(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    form = _fields(Forms(_plan(client).text).accept_forms()[0])
    # Someone puts an item on Aadorp's agenda of 13 April after the plan was made.
    db.add(Agendapunt(vergadering_id=regio["meetings"]["a", date(2027, 4, 13)], volgorde=1, titel="Opening"))
    db.flush()
    before = _counts(db)
    response = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 409, response.text
    text = _text(response)
    assert "De agenda's van de raden zijn gewijzigd sinds dit plan werd gemaakt." in text
    assert "Er is niets vastgesteld en niets verstuurd." in text
    assert _counts(db) == before  # not even the new voorstel
    again = re.search(r'href="([^"]+)">Opnieuw zoeken met dezelfde vraag', response.text)
    url = html.unescape(again.group(1))
    assert dict(parse_qsl(urlsplit(url).query, keep_blank_values=True)) == {k: v for k, v in VRAAG.items()}
    replanned = client.get(url)
    assert replanned.status_code == 200 and Forms(replanned.text).accept_forms()


def test_accepting_an_existing_voorstel_and_an_unknown_date(client, db, regio):
    voorstel = Voorstel(
        regeling_id=regio["regeling"].id,
        titel="Jeugdzorg 2028",
        beschikbaar=date(2027, 3, 1),
        uiterlijk=date(2027, 4, 30),
    )
    db.add(voorstel)
    db.flush()
    login(client, "secretaris@u5.example.nl")
    page = _plan(client, voorstel=str(voorstel.id), titel="")
    form = _fields(Forms(page.text).accept_forms()[0])
    assert form["voorstel"] == str(voorstel.id) and "titel" not in form
    holiday = client.post(f"{URL}/vaststellen", data={**form, "datum": "2027-04-27"}, follow_redirects=False)
    assert holiday.status_code == 422
    assert "kunnen niet alle raden" in _text(holiday)
    assert db.exec(select(Behandeling)).all() == []
    broken = client.post(f"{URL}/vaststellen", data={**form, "datum": "13 april"}, follow_redirects=False)
    assert broken.status_code == 422 and "Het formulier is onvolledig" in _text(broken)
    done = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert done.headers["location"] == f"/regelingen/u5/plannen/voorstellen/{voorstel.id}"
    assert len(db.exec(select(Behandeling).where(Behandeling.voorstel_id == voorstel.id)).all()) == 4
    # Planned: the plan page says so and offers no accepting; a forged accept is a conflict.
    page = _plan(client, voorstel=str(voorstel.id), titel="")
    assert "Dit voorstel staat al op de agenda van 4 raden" in _text(page)
    assert Forms(page.text).accept_forms() == []
    form["csrf_token"] = login(client, "secretaris@u5.example.nl")  # a new session: no memory of the first
    again = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert again.status_code == 409 and "staat al op de agenda van de raden" in _text(again)


def test_a_post_without_the_csrf_token_is_refused(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    form = _fields(Forms(_plan(client).text).accept_forms()[0])
    before = _counts(db)
    form.pop("csrf_token")
    response = client.post(f"{URL}/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 403
    assert "CSRF" in response.text
    assert _counts(db) == before


def test_the_plan_page_is_a_bookmarkable_url(client, db, regio):
    login(client, "secretaris@u5.example.nl")
    page = _plan(client)
    # "Vraag aanpassen" goes back to the form with the question as it was.
    aanpassen = html.unescape(re.search(r'href="([^"]+)">Vraag aanpassen', page.text).group(1))
    form_page = client.get(aanpassen)
    assert form_page.status_code == 200
    fields = dict(Forms(form_page.text).forms[-1]["fields"])
    assert (fields["titel"], fields["van"], fields["tot"], fields["zonder"]) == (
        VRAAG["titel"],
        VRAAG["van"],
        VRAAG["tot"],
        VRAAG["zonder"],
    )
    assert client.get(f"{URL}?{urlencode(VRAAG)}").text.count("Vaststellen op") >= 2


def test_the_result_page_needs_a_role_and_a_voorstel_of_this_regeling(client, db, regio):
    other = factories.regeling(db, slug="ander", naam="Ander")
    vreemd = Voorstel(regeling_id=other.id, titel="Elders")
    db.add(vreemd)
    db.flush()
    login(client, "secretaris@u5.example.nl")
    assert client.get(f"/regelingen/u5/plannen/voorstellen/{vreemd.id}").status_code == 404
    assert client.get("/regelingen/u5/plannen/voorstellen/99999999999").status_code == 422
    eigen = Voorstel(regeling_id=regio["regeling"].id, titel="Nog niet gepland")
    db.add(eigen)
    db.flush()
    page = client.get(f"/regelingen/u5/plannen/voorstellen/{eigen.id}")
    assert page.status_code == 200
    assert "Dit voorstel staat nog niet op de agenda van de raden." in _text(page)
    login(client, "griffie@elders.example.nl")
    assert client.get(f"/regelingen/u5/plannen/voorstellen/{eigen.id}").status_code == 403


# --- the planning-and-control cycle ----------------------------------------------------------------------


def _ab_vergadering(db: Session, regio, day: date) -> int:
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == regio["regeling"].id)).one()
    return factories.vergadering(db, ab, start=_avond(day)).id


def test_the_pc_wizard_shows_the_begroting_round_with_reasons_and_sources(client, db, regio):
    ab = _ab_vergadering(db, regio, date(2027, 7, 1))
    login(client, "griffie@aadorp.example.nl")
    page = client.get("/regelingen/u5/plannen/pc", params={"jaar": "2027"})
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Planning-en-controlcyclus 2027" in text and "Begroting 2028: het plan" in text
    # Eemdorp has no meeting in its window and no usual day for an extra one: the plan says so, per council.
    assert "Niet alle termijnen zijn te halen." in text
    assert "Eemdorp – kan niet geen raadsvergadering tussen 12-04 en 10-06" in text
    assert "Calslo dinsdag 13 april 2027 vergadert al raadsvergadering op 13-04 heeft ruimte" in text
    assert "Algemeen bestuur stelt de begroting vast donderdag 1 juli 2027 (bestaande vergadering)" in text
    assert f'href="/vergaderingen/{regio["meetings"]["c", date(2027, 4, 13)]}"' in page.text
    # every milestone names its source
    assert re.search(
        r"donderdag 8 april 2027 Wgr art. 35 lid 1: ontwerpbegroting 2028 uiterlijk 12 weken vóór "
        r"behandeling in het algemeen bestuur .* Wgr art. 35 lid 1 ",
        text,
    )
    assert "vóór 30 april naar de raden" in text and "Wgr art. 34b" in text
    assert "instelling van de portal" in text
    assert "Een plan dat niet alle termijnen haalt, kan niet worden vastgesteld." in text
    assert Forms(page.text).accept_forms() == []

    # With Eemdorp meeting on a usual day, every council can: the plan holds.
    regio["e"].vergaderdag = TUESDAY
    db.add(regio["e"])
    db.flush()
    text = _text(client.get("/regelingen/u5/plannen/pc", params={"jaar": "2027"}))
    assert "Niet alle termijnen zijn te halen." not in text
    assert re.search(r"Eemdorp dinsdag \d+ (april|mei|juni) 2027 extra vergadering nodig", text)
    assert ab


def test_the_pc_wizard_refuses_a_bad_year_and_a_regeling_without_a_budget(client, db, regio):
    assert client.get("/regelingen/u5/plannen/pc", follow_redirects=False).status_code == 303
    login(client, "griffie@elders.example.nl")
    assert client.get("/regelingen/u5/plannen/pc").status_code == 403
    login(client, "secretaris@u5.example.nl")
    page = client.get("/regelingen/u5/plannen/pc")  # no year: the round still ahead, and no AB meeting yet
    assert page.status_code == 200 and "Begroting " in _text(page)
    for jaar in ("twintig", "1999", "20271"):
        bad = client.get("/regelingen/u5/plannen/pc", params={"jaar": jaar})
        assert bad.status_code == 422
        assert "Vul een jaar in van 2000 tot en met 2200" in _text(bad)
    regio["regeling"].vorm = Vorm.regeling_zonder_meer
    db.add(regio["regeling"])
    db.flush()
    gone = client.get("/regelingen/u5/plannen/pc")
    assert gone.status_code == 404 and "geen eigen begroting" in _text(gone)


def test_the_default_year_is_the_begroting_round_still_ahead():
    assert _standaardjaar(date(2027, 9, 14)) == 2027  # the begroting can still go to GS before 15 September
    assert _standaardjaar(date(2027, 9, 15)) == 2028


def test_the_plan_page_runs_as_many_queries_for_5_councils_as_for_10(client, db, regio, engine):
    from tests.test_pages import count_queries

    login(client, "secretaris@u5.example.nl")

    def queries() -> int:
        _plan(client)  # warm up
        with count_queries(engine) as statements:
            assert _plan(client).status_code == 200
        return len(statements)

    before = queries()
    for i in range(5):
        g = factories.gemeente(db, f"Extra{i}", code=f"GM92{i:02d}", slug=f"extra-{i}", vergaderdag=TUESDAY)
        db.add(Deelname(regeling_id=regio["regeling"].id, gemeente_id=g.id, inwoners=1000))
        factories.vergadering(db, factories.orgaan_of(db, g), start=_avond(date(2027, 4, 13)))
        db.add(Reces(gemeente_id=g.id, naam="meireces", van=date(2027, 4, 19), tot=date(2027, 4, 23)))
    db.flush()
    assert "9 van de 10 deelnemers doen mee" in _text(_plan(client))
    assert queries() == before > 5
