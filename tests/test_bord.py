"""The griffiers' board: what it shows for a small region, its bad inputs, its query count, and moving a meeting.

The region U3 deliberates on the same day: Zeist and De Bilt handle the ‘Regionale woonvisie’ on Tuesday
9 March 2027, Bunnik only on Thursday 11 March, after the last day (10 March): out of step. Zeist has its
voorjaarsreces from 20 to 28 February; Good Friday and Easter fall in the window (15 February to 11 April).
"""

import re
import sys
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.gemeenten.models import Reces
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Synchronisatie
from app.vergaderingen.models import Vergadering
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Voorstel
from tests import factories
from tests.helpers import csrf_from, login

TZ = ZoneInfo("Europe/Amsterdam")
BORD = "/regelingen/u3/bord"
VENSTER = {"van": "2027-02-15", "weken": "8"}


def avond(d: date, uur: int = 19, minuut: int = 30) -> datetime:
    return datetime.combine(d, time(uur, minuut), TZ).astimezone(UTC)


def text_of(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


@pytest.fixture
def u3(db: Session):
    zeist = factories.gemeente(db, "Zeist", code="GM0355", slug="zeist", vergaderdag=1)
    bilt = factories.gemeente(db, "De Bilt", code="GM0310", slug="de-bilt", vergaderdag=1)
    bunnik = factories.gemeente(db, "Bunnik", code="GM0312", slug="bunnik", vergaderdag=1)
    regeling = factories.regeling(
        db, slug="u3", naam="U3", deelnemers=[zeist, bilt, bunnik], synchronisatie=Synchronisatie.gelijke_dag
    )
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    commissie = Orgaan(
        slug="zeist-commissie", naam="Commissie Bestuur Zeist", soort=Soort.commissie, gemeente_id=zeist.id
    )
    db.add(commissie)
    db.add(Reces(gemeente_id=zeist.id, naam="voorjaarsreces", van=date(2027, 2, 20), tot=date(2027, 2, 28)))
    db.flush()
    raden = {g.code: factories.orgaan_of(db, g) for g in (zeist, bilt, bunnik)}
    m = {
        "zeist": factories.vergadering(
            db, raden["GM0355"], start=avond(date(2027, 3, 9)), einde=avond(date(2027, 3, 9), 23, 0)
        ),
        "bilt": factories.vergadering(db, raden["GM0310"], start=avond(date(2027, 3, 9))),
        "bunnik": factories.vergadering(db, raden["GM0312"], start=avond(date(2027, 3, 11))),
        "commissie": factories.vergadering(db, commissie, start=avond(date(2027, 3, 16), 20, 0)),
        "ab": factories.vergadering(db, ab, start=avond(date(2027, 3, 25), 14, 0)),
    }
    voorstel = Voorstel(
        regeling_id=regeling.id, titel="Regionale woonvisie", beschikbaar=date(2027, 2, 1), uiterlijk=date(2027, 3, 10)
    )
    db.add(voorstel)
    db.flush()
    for code, key in (("GM0355", "zeist"), ("GM0310", "bilt"), ("GM0312", "bunnik")):
        db.add(
            Behandeling(
                voorstel_id=voorstel.id, orgaan_id=raden[code].id, vergadering_id=m[key].id, rol=BehandelingRol.besluit
            )
        )
    db.add(Behandeling(voorstel_id=voorstel.id, orgaan_id=ab.id, vergadering_id=m["ab"].id, rol=BehandelingRol.besluit))
    db.flush()
    return {
        "zeist": zeist,
        "bilt": bilt,
        "bunnik": bunnik,
        "regeling": regeling,
        "ab": ab,
        "meetings": m,
        "voorstel": voorstel,
    }


# --- what the board shows ---------------------------------------------------------------------------------


def test_the_board_shows_councils_bodies_weeks_recess_holidays_and_the_chain_out_of_step(client, u3):
    page = client.get(BORD, params=VENSTER)
    assert page.status_code == 200, page.text
    html, text = page.text, text_of(page.text)
    # An accessible table in a labelled, focusable scroll region.
    assert re.search(
        r'<div class="tabel-container bord__scroll" role="region" aria-labelledby="bord-bijschrift" '
        r'tabindex="0">',
        html,
    )
    assert "Synchronisatiebord U3, week 7 tot en met week 14: 15 februari 2027 tot en met 11 april 2027" in text
    tabel = html[html.index('<table class="utrecht-table utrecht-table--html-table bord">') :]
    tabel = tabel[: tabel.index("</table>")]
    assert tabel.count('scope="col"') == 9  # the corner and 8 weeks
    assert tabel.count('scope="rowgroup"') == 3 and tabel.count('scope="row"') == 6
    assert "Week 7 , maandag 15 feb" in text and "Week 14 , maandag 5 apr" in text
    # Rows: the regeling's AB, then the councils by name.
    rijen = re.findall(
        r'<th class="utrecht-table__cell tabel__titel bord__kop" scope="row">\s*(?:<a[^>]*>)?([^<]+)', html
    )
    assert [r.strip() for r in rijen] == [
        "Feestdagen",
        "Termijnen",
        "Algemeen bestuur U3",
        "Bunnik",
        "De Bilt",
        "Zeist",
    ]
    # Zeist's recess in the weeks it touches, holidays, the meetings with their full names for screen readers.
    assert text.count("Reces: voorjaarsreces van Zeist, 20-02-2027 t/m 28-02-2027") == 2
    assert "vr 26 Goede vrijdag" in text and "ma 29 Tweede paasdag" in text
    assert f'href="/vergaderingen/{u3["meetings"]["bunnik"].id}"' in html
    assert "Gemeenteraad Bunnik, do 11" in text
    assert "Commissie Bestuur Zeist, di 16" in text
    # The deadline of the voorstel, and its release.
    assert "wo 10 uiterlijk ‘Regionale woonvisie’" in text
    # Knelpunten in words above the table, and marked at Bunnik's meeting.
    assert "2 knelpunten" in text
    assert (
        "Breekt: ‘Regionale woonvisie’ wordt niet in alle raden op dezelfde dag behandeld: 2 raden op 09-03, "
        "Bunnik op 11-03. Bron: regeling."
    ) in text
    assert "Breekt: ‘Regionale woonvisie’ wordt na de uiterste datum (10-03) behandeld: Bunnik op 11-03." in text
    assert "Knelpunt: uit de pas, na uiterste datum" in text
    # The chain per council.
    keten = text[text.index("Voorstellen en hun behandeling") :]
    assert "Regionale woonvisie Uit de pas" in keten
    assert "Gemeenteraad Bunnik Bunnik besluit do 11 mrt 2027 ⚠ uit de pas, na uiterste datum" in keten
    assert "Gemeenteraad Zeist Zeist besluit di 9 mrt 2027" in keten
    # Public, so no move controls for a visitor.
    assert "Verplaatsen" not in text and "wat-als" not in html.replace('id="wat-als"', "")


def test_the_board_shows_the_pc_milestones_and_still_works_without_the_pc_calendar(client, u3, monkeypatch):
    # The AB of 25 March adopts the begroting (the last AB meeting before 15 September): its milestones show.
    text = text_of(client.get(BORD, params=VENSTER).text)
    assert "do 25 begroting vastgesteld" in text
    assert "Termijnen van de P&C-cyclus in deze weken" in text
    monkeypatch.setitem(sys.modules, "app.planning.pc", None)  # import fails, as before pc.py existed
    monkeypatch.delattr("app.planning.pc", raising=False)
    page = client.get(BORD, params=VENSTER)
    assert page.status_code == 200
    text = text_of(page.text)
    assert "De P&C-kalender is nog niet beschikbaar" in text and "begroting vastgesteld" not in text
    assert "2 knelpunten" in text


def test_the_board_is_linked_from_the_regeling_with_the_planning_wizard(client, u3):
    html = client.get("/regelingen/u3").text
    assert 'href="/regelingen/u3/bord">Synchronisatiebord</a>' in html
    assert 'href="/regelingen/u3/plannen">Plannen</a>' in html


def test_the_board_starts_on_the_monday_of_the_week_asked_for_and_of_this_week_by_default(client, u3):
    text = text_of(client.get(BORD, params={"van": "2027-02-17", "weken": "1"}).text)
    assert "week 7 tot en met week 7: 15 februari 2027 tot en met 21 februari 2027" in text
    today = datetime.now(TZ).date()
    monday = today - timedelta(days=today.weekday())
    text = text_of(client.get(BORD).text)
    assert f"week {monday.isocalendar().week} tot en met week" in text
    assert f"Week {monday.isocalendar().week} " in text
    assert text.count(", maandag ") == 26


def test_an_opt_out_shows_in_the_chain_and_keeps_the_council_out_of_the_same_day_rule(client, db, u3):
    db.add(Afmelding(voorstel_id=u3["voorstel"].id, gemeente_id=u3["bunnik"].id))
    db.flush()
    text = text_of(client.get(BORD, params=VENSTER).text)
    assert "niet in alle raden op dezelfde dag" not in text
    assert "1 raad doet niet mee" in text
    assert "Gemeenteraad Bunnik afgemeld nog niet gepland doet niet mee" in text


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"van": "2027-02-30"}, "‘van’ is geen geldige datum"),
        ({"van": "morgen"}, "‘van’ is geen geldige datum"),
        ({"weken": "0"}, "‘weken’ moet een geheel getal van 1 tot en met 53 zijn"),
        ({"weken": "54"}, "‘weken’ moet een geheel getal van 1 tot en met 53 zijn"),
        ({"weken": "²"}, "‘weken’ moet een geheel getal van 1 tot en met 53 zijn"),
        ({"van": "10000-01-01"}, "‘van’ is geen geldige datum"),
    ],
)
def test_bad_query_parameters_get_a_dutch_422_page(client, u3, params, fragment):
    page = client.get(BORD, params=params)
    assert page.status_code == 422
    assert "<html" in page.text and fragment in page.text


def test_an_unknown_regeling_has_no_board(client):
    page = client.get("/regelingen/bestaat-niet/bord")
    assert page.status_code == 404 and "bestaat niet" in page.text


# --- a fixed number of queries ------------------------------------------------------------------------------


@contextmanager
def count_queries(engine):
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)


def _regio(db, n: int):
    gemeenten = [factories.gemeente(db, f"Gemeente{i}", vergaderdag=1) for i in range(n)]
    regeling = factories.regeling(db, deelnemers=gemeenten)
    ab = db.exec(sa.select(Orgaan).where(Orgaan.regeling_id == regeling.id)).scalar_one()
    voorstel = Voorstel(
        regeling_id=regeling.id, titel="Voorstel", beschikbaar=date(2027, 2, 1), uiterlijk=date(2027, 3, 31)
    )
    db.add(voorstel)
    db.flush()
    for i, g in enumerate(gemeenten):
        raad = factories.orgaan_of(db, g)
        db.add(Reces(gemeente_id=g.id, naam="voorjaarsreces", van=date(2027, 2, 20), tot=date(2027, 2, 28)))
        for week in range(4):
            m = factories.vergadering(db, raad, start=avond(date(2027, 3, 2) + timedelta(weeks=week, days=i % 2)))
        db.add(Behandeling(voorstel_id=voorstel.id, orgaan_id=raad.id, vergadering_id=m.id, rol=BehandelingRol.besluit))
    factories.vergadering(db, ab, start=avond(date(2027, 3, 25)))
    factories.user(db, f"griffie{n}@example.nl", ("griffier", gemeenten[0]))
    db.flush()
    return regeling


@pytest.mark.parametrize("ingelogd", [False, True])
def test_the_board_runs_as_many_queries_for_1_council_as_for_3(engine, app, db, ingelogd):
    counts = []
    for n in (1, 3):
        nested = db.begin_nested()
        regeling = _regio(db, n)
        with TestClient(app, base_url="https://tussenruimte.test") as client:
            if ingelogd:
                login(client, f"griffie{n}@example.nl")
            url = f"/regelingen/{regeling.slug}/bord?van=2027-02-15&weken=8"
            assert "Voorstel" in client.get(url).text  # warm up: the session, the CSRF token
            with count_queries(engine) as statements:
                assert client.get(url).status_code == 200
            counts.append(len(statements))
        nested.rollback()
    assert counts[0] == counts[1], f"{counts[0]} queries with 1 council, {counts[1]} with 3"


# --- moving a meeting: what-if, then save ----------------------------------------------------------------------


def _griffier(client, db, gemeente, email="griffie@zeist.example.nl") -> str:
    factories.user(db, email, ("griffier", gemeente))
    return login(client, email)


def _form(token: str, meeting: Vergadering, datum: str, **extra) -> dict:
    return {"csrf_token": token, "vergadering": str(meeting.id), "datum": datum, **VENSTER, **extra}


def test_a_griffier_sees_a_move_control_only_at_the_meetings_of_their_own_council(client, db, u3):
    _griffier(client, db, u3["zeist"])
    html = client.get(BORD, params=VENSTER).text
    assert html.count('<summary class="bord__verplaats-knop">Verplaatsen') == 2  # Zeist's raad and committee
    zeist = u3["meetings"]["zeist"].id
    assert f'<input type="hidden" name="vergadering" value="{zeist}">' in html
    assert f'name="vergadering" value="{u3["meetings"]["bilt"].id}"' not in html
    assert 'hx-post="/regelingen/u3/bord/wat-als" hx-target="#wat-als" hx-swap="outerHTML"' in html
    assert 'id="wat-als"' in html


def test_what_if_with_htmx_swaps_in_the_consequences_before_anything_is_saved(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    meeting = u3["meetings"]["zeist"]
    answer = client.post(f"{BORD}/wat-als", data=_form(token, meeting, "2027-03-11"), headers={"HX-Request": "true"})
    assert answer.status_code == 200, answer.text
    assert "<html" not in answer.text and answer.text.lstrip().startswith('<section id="wat-als"')
    assert "HX-Request" in answer.headers["vary"]
    text = text_of(answer.text)
    assert "Wat als Gemeenteraad Zeist naar donderdag 11 maart 2027 gaat?" in text
    assert "Nu: dinsdag 9 maart 2027 om 19:30." in text
    assert (
        "Breekt: Behandeling op dezelfde dag van ‘Regionale woonvisie’: Zeist nu 11-03, de andere 2 raden "
        "09-03 (1), 11-03 (1). Bron: regeling."
    ) in text
    assert "Breekt: ‘Regionale woonvisie’ wordt na de uiterste datum (10-03) behandeld: Zeist op 11-03." in text
    assert f'<input type="hidden" name="versie" value="{meeting.versie}">' in answer.text
    assert "Opslaan: verplaats naar donderdag 11 maart 2027" in text
    db.refresh(meeting)
    assert meeting.start == avond(date(2027, 3, 9)) and meeting.versie == 1  # nothing saved


def test_what_if_without_javascript_renders_the_whole_board_with_the_consequences(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    answer = client.post(f"{BORD}/wat-als", data=_form(token, u3["meetings"]["commissie"], "2027-04-27"))
    assert answer.status_code == 200
    assert "<html" in answer.text and 'role="region"' in answer.text
    text = text_of(answer.text)
    assert "Let op: 27-04 is een feestdag (Koningsdag). Bron: Algemene termijnenwet art. 3." in text
    assert "2 knelpunten" in text  # the board below is the one asked for


def test_what_if_on_the_same_day_breaks_nothing_and_a_bad_date_says_so(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    meeting = u3["meetings"]["commissie"]
    same = client.post(f"{BORD}/wat-als", data=_form(token, meeting, "2027-03-16"), headers={"HX-Request": "true"})
    assert same.status_code == 200 and "Dat is de huidige datum: er verandert niets." in text_of(same.text)
    assert "Opslaan" not in same.text
    bad = client.post(f"{BORD}/wat-als", data=_form(token, meeting, "31-02-2027"), headers={"HX-Request": "true"})
    assert bad.status_code == 422
    assert "Vul een bestaande datum in, bijvoorbeeld 16-03-2027." in text_of(bad.text)
    assert 'aria-invalid="true"' in bad.text
    far = client.post(f"{BORD}/wat-als", data=_form(token, meeting, "2029-03-16"), headers={"HX-Request": "true"})
    assert far.status_code == 422 and "hoogstens een jaar" in far.text


def test_what_if_says_what_a_move_puts_right(client, db, u3):
    token = _griffier(client, db, u3["bunnik"], "griffie@bunnik.example.nl")
    answer = client.post(
        f"{BORD}/wat-als", data=_form(token, u3["meetings"]["bunnik"], "2027-03-09"), headers={"HX-Request": "true"}
    )
    text = text_of(answer.text)
    assert "Er breekt niets." in text and "Deze verplaatsing lost op:" in text
    assert "Opgelost: ‘Regionale woonvisie’ wordt niet in alle raden op dezelfde dag behandeld" in text
    assert "Opgelost: ‘Regionale woonvisie’ wordt na de uiterste datum (10-03) behandeld: Bunnik op 11-03." in text


def test_saving_moves_the_meeting_keeping_its_local_time_and_length(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    meeting = u3["meetings"]["zeist"]
    answer = client.post(
        f"{BORD}/verplaats", data=_form(token, meeting, "2027-04-06", versie="1"), follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == "/regelingen/u3/bord?van=2027-02-15&weken=8"
    db.refresh(meeting)
    # 9 March is winter time, 6 April summer time: still 19:30 on the wall clock, still three and a half hours.
    assert meeting.start == avond(date(2027, 4, 6)) and meeting.start.astimezone(TZ).time() == time(19, 30)
    assert meeting.einde - meeting.start == timedelta(hours=3, minutes=30)
    assert meeting.versie == 2
    assert "Gemeenteraad Zeist is verplaatst naar dinsdag 6 april 2027." in client.get(answer.headers["location"]).text


def test_saving_with_htmx_redirects_the_whole_page(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    answer = client.post(
        f"{BORD}/verplaats",
        data=_form(token, u3["meetings"]["commissie"], "2027-03-17", versie="1"),
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 204
    assert answer.headers["hx-redirect"] == "/regelingen/u3/bord?van=2027-02-15&weken=8"


def test_a_concurrent_change_is_a_409_and_overwrites_nothing(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    meeting = u3["meetings"]["zeist"]
    meeting.locatie = "Raadzaal"  # someone else saved the meeting meanwhile
    meeting.versie = 2
    db.add(meeting)
    db.flush()
    answer = client.post(
        f"{BORD}/verplaats", data=_form(token, meeting, "2027-03-11", versie="1"), headers={"HX-Request": "true"}
    )
    assert answer.status_code == 409
    text = text_of(answer.text)
    assert "Deze vergadering is intussen gewijzigd door iemand anders" in text and "Er is niets opgeslagen." in text
    assert '<input type="hidden" name="versie" value="2">' in answer.text  # the consequences on today's version
    db.refresh(meeting)
    assert meeting.start == avond(date(2027, 3, 9)) and meeting.versie == 2
    plain = client.post(f"{BORD}/verplaats", data=_form(token, meeting, "2027-03-11", versie="1"))
    assert plain.status_code == 409 and "<html" in plain.text


def test_a_griffier_of_another_council_may_not_move_it(client, db, u3):
    token = _griffier(client, db, u3["bilt"], "griffie@debilt.example.nl")
    meeting = u3["meetings"]["zeist"]
    for pad in ("wat-als", "verplaats"):
        plain = client.post(f"{BORD}/{pad}", data=_form(token, meeting, "2027-03-11", versie="1"))
        assert plain.status_code == 403 and "<html" in plain.text
        assert "U mag geen vergaderingen beheren van: Gemeenteraad Zeist." in plain.text
        hx = client.post(
            f"{BORD}/{pad}", data=_form(token, meeting, "2027-03-11", versie="1"), headers={"HX-Request": "true"}
        )
        assert hx.status_code == 403 and "<html" not in hx.text and "Verplaatsen kan niet" in hx.text
    db.refresh(meeting)
    assert meeting.versie == 1


def test_the_secretaris_moves_the_ab_and_sees_what_the_law_says(client, db, u3):
    factories.user(db, "secretaris@u3.example.nl", ("secretaris", u3["regeling"]))
    token = login(client, "secretaris@u3.example.nl")
    answer = client.post(
        f"{BORD}/wat-als", data=_form(token, u3["meetings"]["ab"], "2027-03-04"), headers={"HX-Request": "true"}
    )
    assert answer.status_code == 200 and "Er breekt niets." in text_of(answer.text)
    # The AB of 25 March is the one the P&C calendar counts on to adopt the begroting and the jaarrekening.
    answer = client.post(
        f"{BORD}/wat-als", data=_form(token, u3["meetings"]["ab"], "2027-09-21"), headers={"HX-Request": "true"}
    )
    text = text_of(answer.text)
    assert "2 punten breken iets" in text
    assert "stelt in deze vergadering de begroting 2028 vast (zo rekent de P&C-kalender)" in text
    assert "Bron: Wgr art. 34 lid 2." in text and "Bron: Wgr art. 34 lid 3." in text


def test_a_meeting_of_a_council_outside_the_regeling_is_not_on_its_board(client, db, u3):
    buiten = factories.gemeente(db, "Elders", code="GM0999", slug="elders")
    meeting = factories.vergadering(db, factories.orgaan_of(db, buiten), start=avond(date(2027, 3, 9)))
    factories.user(db, "beheer@example.nl", ("beheerder",))
    token = login(client, "beheer@example.nl")
    answer = client.post(f"{BORD}/wat-als", data=_form(token, meeting, "2027-03-11"))
    assert answer.status_code == 422 and "staat niet op het synchronisatiebord van U3" in answer.text


def test_anonymous_visitors_are_sent_to_log_in(client, u3):
    token = csrf_from(client.get(BORD).text)
    for pad in ("wat-als", "verplaats"):
        answer = client.post(
            f"{BORD}/{pad}",
            data=_form(token, u3["meetings"]["zeist"], "2027-03-11", versie="1"),
            follow_redirects=False,
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == "/inloggen?volgende=%2Fregelingen%2Fu3%2Fbord"


def test_a_form_without_the_meeting_or_its_version_is_refused_in_dutch(client, db, u3):
    token = _griffier(client, db, u3["zeist"])
    answer = client.post(f"{BORD}/verplaats", data=_form(token, u3["meetings"]["zeist"], "2027-03-11", versie="x"))
    assert answer.status_code == 422 and "Het formulier mist versie" in answer.text
    answer = client.post(
        f"{BORD}/wat-als", data={**_form(token, u3["meetings"]["zeist"], "2027-03-11"), "vergadering": "abc"}
    )
    assert answer.status_code == 422 and "Het formulier mist vergadering" in answer.text
