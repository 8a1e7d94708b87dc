"""The year-plan wizards in the portal and the API: P&C round, Raadstafel and carrousel days, each accepted.

Three councils (Aadorp, Beekdal, Calslo) meet on Tuesdays and take part in two regelingen:
- RT (openbaar lichaam) has a Raadstafel (adviescommissie, Wednesdays) and two documents with a window; Beekdal's
  committee meets on Wednesday 5 May 2027, so the Raadstafel cannot meet that evening;
- DR has carrousels Fysiek and Sociaal and a joint council (Tuesdays); Calslo's raad meets on the first Tuesday
  of February 2027, so that carrousel day moves to the second Tuesday; Aadorp is in recess all of October, so
  October has no day; a voorstel about a domain without a carrousel is left out with its reason.
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session, func, select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker, RolSoort
from app.berichten.models import Bericht
from app.gemeenten.models import Reces
from app.organen.models import Orgaan, Soort
from app.regelingen.models import Vorm
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Behandeling, Voorstel
from tests import factories
from tests.helpers import login
from tests.test_api import bearer
from tests.test_plannen import Forms, _fields, _password_hash, _text, settings  # noqa: F401 (settings: fixture)

TZ = ZoneInfo("Europe/Amsterdam")
TUESDAY, WEDNESDAY = 1, 2
RT, DR = "/regelingen/rt/plannen", "/regelingen/dr/plannen"


def _avond(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 19, 30, tzinfo=TZ).astimezone(UTC)


@pytest.fixture
def jaarregio(db: Session):
    g = {
        key: factories.gemeente(db, naam, code=f"GM930{i}", slug=naam.lower(), vergaderdag=TUESDAY)
        for i, (key, naam) in enumerate((("a", "Aadorp"), ("b", "Beekdal"), ("c", "Calslo")), start=1)
    }
    rt = factories.regeling(db, slug="rt", naam="RT", deelnemers=list(g.values()))
    dr = factories.regeling(db, slug="dr", naam="DR", deelnemers=list(g.values()), vorm=Vorm.regeling_zonder_meer)
    tafel = Orgaan(
        slug="rt-tafel", naam="Raadstafel RT", soort=Soort.adviescommissie, regeling_id=rt.id, vergaderdag=WEDNESDAY
    )
    db.add(tafel)
    organen = {"tafel": tafel}
    for domein in ("Fysiek", "Sociaal"):
        organen[domein] = Orgaan(
            slug=f"dr-{domein.lower()}",
            naam=f"Carrousel {domein}",
            soort=Soort.carrousel,
            regeling_id=dr.id,
            domein=domein,
        )
        db.add(organen[domein])
    organen["raad"] = Orgaan(
        slug="dr-raad", naam="Drechtraad", soort=Soort.gezamenlijke_raad, regeling_id=dr.id, vergaderdag=TUESDAY
    )
    db.add(organen["raad"])
    db.flush()
    # The councils' own meetings: on Tuesdays in April (raad), Beekdal's committee on a Wednesday.
    for key in "abc":
        factories.vergadering(db, factories.orgaan_of(db, g[key]), start=_avond(date(2027, 4, 13)))
    commissie = Orgaan(slug="beekdal-commissie", naam="Commissie Beekdal", soort=Soort.commissie, gemeente_id=g["b"].id)
    db.add(commissie)
    db.flush()
    factories.vergadering(db, commissie, start=_avond(date(2027, 5, 5)))
    factories.vergadering(db, factories.orgaan_of(db, g["c"]), start=_avond(date(2027, 2, 2)))
    ab = db.exec(select(Orgaan).where(Orgaan.regeling_id == rt.id, Orgaan.soort == Soort.algemeen_bestuur)).one()
    factories.vergadering(db, ab, start=_avond(date(2027, 7, 1)))
    for titel, beschikbaar, uiterlijk, regeling, domein in (
        ("Regionale energiestrategie", date(2027, 3, 1), date(2027, 6, 15), rt, None),
        ("Verstedelijkingsagenda", date(2027, 9, 1), date(2027, 11, 30), rt, None),
        ("Spoedstuk afvalbeleid", date(2027, 5, 3), date(2027, 5, 20), rt, None),  # no Wednesday fits in time
        ("Regionaal mobiliteitsplan", date(2027, 1, 4), date(2027, 4, 30), dr, "Fysiek"),
        ("Jeugdhulp inkoop", date(2027, 2, 1), date(2027, 5, 31), dr, "Sociaal"),
        ("Veiligheidsplan", date(2027, 2, 1), None, dr, "Veiligheid"),
    ):
        db.add(
            Voorstel(regeling_id=regeling.id, titel=titel, beschikbaar=beschikbaar, uiterlijk=uiterlijk, domein=domein)
        )
    db.add(Reces(gemeente_id=g["a"].id, naam="herfstreces", van=date(2027, 10, 1), tot=date(2027, 10, 31)))
    outsider = factories.gemeente(db, "Elders", code="GM9399", slug="elders")
    for email, rol, target in (
        ("secretaris@rt.example.nl", RolSoort.secretaris, rt),
        ("secretaris@dr.example.nl", RolSoort.secretaris, dr),
        ("griffie@aadorp.example.nl", RolSoort.griffier, g["a"]),
        ("griffie@beekdal.example.nl", RolSoort.griffier, g["b"]),
        ("griffie@elders.example.nl", RolSoort.griffier, outsider),
    ):
        user = Gebruiker(email=email, naam=email.split("@")[0], wachtwoord_hash=_password_hash())
        db.add(user)
        db.flush()
        accounts.grant_role(
            db,
            user=user,
            rol=rol,
            gemeente_code=target.code if rol == RolSoort.griffier else None,
            regeling_slug=target.slug if rol == RolSoort.secretaris else None,
        )
    db.flush()
    return {**g, "rt": rt, "dr": dr, **organen, "ab": ab}


def _counts(db: Session) -> dict:
    return {
        m.__name__: db.exec(select(func.count()).select_from(m)).one()
        for m in (Voorstel, Behandeling, Agendapunt, Vergadering, Bericht)
    }


def _page(client, url: str, jaar: str = "2027"):
    return client.get(url, params={"jaar": jaar})


def _accept_form(page) -> dict:
    forms = Forms(page.text).accept_forms()
    assert len(forms) == 1, page.text
    return _fields(forms[0])


def _mail(db: Session) -> list[str]:
    return [b.aan for b in db.exec(select(Bericht).order_by(Bericht.aan)).all()]


def _meetings_of(db: Session, orgaan: Orgaan) -> list[Vergadering]:
    return list(
        db.exec(
            select(Vergadering)
            .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
            .where(VergaderingOrgaan.orgaan_id == orgaan.id)
            .order_by(Vergadering.start)
        ).all()
    )


# --- the pages -------------------------------------------------------------------------------------------


def test_the_overview_links_the_wizards_of_each_regeling(client, db, jaarregio):
    login(client, "griffie@aadorp.example.nl")
    rt = client.get(RT)
    assert f'href="{RT}/raadstafel"' in rt.text and f'href="{RT}/pc"' in rt.text
    assert f'href="{RT}/carrousel"' not in rt.text
    dr = client.get(DR)
    assert f'href="{DR}/carrousel"' in dr.text
    assert f'href="{DR}/raadstafel"' not in dr.text and f'href="{DR}/pc"' not in dr.text
    assert "Deze planner komt binnenkort" not in _text(rt) + _text(dr)


def test_the_raadstafel_wizard_shows_the_meetings_with_their_documents(client, db, jaarregio):
    login(client, "griffie@aadorp.example.nl")
    page = _page(client, f"{RT}/raadstafel")
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Raadstafel 2027" in text and "Vergaderingen van Raadstafel RT in 2027" in text
    # Latest Wednesday before the first committee round (15 June minus 14 days), advice ahead of the papers.
    assert "woensdag 19 mei 2027 19:30–22:00 nieuwe vergadering Regionale energiestrategie" in text
    assert "woensdag 3 november 2027 19:30–22:00 nieuwe vergadering Verstedelijkingsagenda" in text
    assert "Niet te plannen Spoedstuk afvalbeleid:" in text
    assert "2 vergaderingen, waarvan 2 nieuw; 1 stuk kan niet op tijd worden besproken." in text
    # A griffier sees who can accept, and no form.
    assert Forms(page.text).accept_forms() == []
    assert "Alleen de secretaris van RT (of een beheerder van Tussenruimte) kan het vaststellen." in text


def test_the_carrousel_wizard_shows_each_day_as_a_programme(client, db, jaarregio):
    login(client, "griffie@beekdal.example.nl")
    page = _page(client, f"{DR}/carrousel")
    assert page.status_code == 200, page.text
    text = _text(page)
    assert "Carrouseldagen 2027" in text and "9 carrouseldagen; 1 maand zonder dag." in text
    assert "dinsdag 5 januari 2027 Programma" in text
    assert (
        "dinsdag 9 februari 2027 Verschoven: eerste dinsdag 02-02 botst met een raads- of commissievergadering "
        "van Calslo; daarom de tweede dinsdag (09-02)"
    ) in text
    # The carrousels run in parallel, each in its own room; advice in February, decision in March.
    assert (
        "Carrousel Fysiek 19:00–20:30 Zaal 1 Advies: Regionaal mobiliteitsplan "
        "Carrousel Sociaal 19:00–20:30 Zaal 2 geen voorstellen"
    ) in text
    assert (
        "dinsdag 2 maart 2027 Programma van dinsdag 2 maart 2027 Onderdeel Tijd Zaal Agenda Themabijeenkomst "
        "17:00–18:00 Raadzaal Fractieoverleg 18:00–18:45 Fractiekamers Carrousel Fysiek 19:00–20:30 Zaal 1 geen "
        "voorstellen Carrousel Sociaal 19:00–20:30 Zaal 2 Advies: Jeugdhulp inkoop Drechtraad 21:00–22:30 "
        "Raadzaal Besluit: Regionaal mobiliteitsplan"
    ) in text
    assert "oktober 2027" not in text
    assert "Maanden zonder carrouseldag oktober:" in text and "Aadorp" in text.split("Maanden zonder")[1]
    assert "‘Veiligheidsplan’: geen carrousel voor het domein Veiligheid" in text
    assert Forms(page.text).accept_forms() == []


def test_who_may_see_the_year_wizards(client, db, jaarregio):
    for url in (f"{RT}/raadstafel", f"{DR}/carrousel", f"{RT}/pc"):
        anonymous = _page(client, url)
        assert anonymous.status_code == 200 and "/inloggen" in str(anonymous.url)
        assert client.get(url, follow_redirects=False).headers["location"].startswith("/inloggen?volgende=")
    login(client, "griffie@elders.example.nl")
    for url in (f"{RT}/raadstafel", f"{DR}/carrousel", f"{RT}/pc", f"{RT}/raadstafel/vastgesteld"):
        refused = _page(client, url)
        assert refused.status_code == 403
        assert "Alleen de secretaris van" in _text(refused)


def test_bad_years_and_a_regeling_without_the_bodies_are_422(client, db, jaarregio):
    login(client, "secretaris@rt.example.nl")
    for jaar in ("twintig", "1999", "20271", "-2027"):
        bad = _page(client, f"{RT}/raadstafel", jaar)
        assert bad.status_code == 422
        assert "Vul een jaar in van 2000 tot en met 2200" in _text(bad)
        assert Forms(bad.text).accept_forms() == []
    assert _page(client, f"{RT}/raadstafel", "").status_code == 200  # no year: this year
    form = _accept_form(_page(client, f"{RT}/raadstafel"))
    before = _counts(db)
    bad_post = client.post(f"{RT}/raadstafel/vaststellen", data={**form, "jaar": "3000"})
    assert bad_post.status_code == 422 and "Vul een jaar in" in _text(bad_post)
    assert client.post(f"{RT}/raadstafel/vaststellen", data={**form, "vingerafdruk": "<x>"}).status_code == 422
    assert _counts(db) == before
    login(client, "secretaris@dr.example.nl")
    geen = _page(client, f"{DR}/raadstafel")
    assert geen.status_code == 422 and "DR heeft geen Raadstafel (adviescommissie) in de portal." in _text(geen)
    assert client.get(f"{DR}/onbekend/vastgesteld").status_code == 404


# --- accepting -------------------------------------------------------------------------------------------


def test_the_secretaris_accepts_the_raadstafel_and_a_second_accept_is_a_conflict(client, db, jaarregio):
    login(client, "secretaris@rt.example.nl")
    form = _accept_form(_page(client, f"{RT}/raadstafel"))
    assert form["jaar"] == "2027" and form["vingerafdruk"] and form["csrf_token"]
    response = client.post(f"{RT}/raadstafel/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{RT}/raadstafel/vastgesteld?jaar=2027"

    meetings = _meetings_of(db, jaarregio["tafel"])
    assert [m.start.astimezone(TZ) for m in meetings] == [
        datetime(2027, 5, 19, 19, 30, tzinfo=TZ),
        datetime(2027, 11, 3, 19, 30, tzinfo=TZ),
    ]
    assert {m.status for m in meetings} == {Status.gepland}
    behandelingen = db.exec(select(Behandeling).where(Behandeling.orgaan_id == jaarregio["tafel"].id)).all()
    titels = {db.get(Voorstel, b.voorstel_id).titel: b for b in behandelingen}
    assert sorted(titels) == ["Regionale energiestrategie", "Verstedelijkingsagenda"]
    assert {b.rol for b in behandelingen} == {"advies"}
    assert db.get(Agendapunt, titels["Verstedelijkingsagenda"].agendapunt_id).titel == "Verstedelijkingsagenda"
    assert _mail(db) == ["griffie@aadorp.example.nl", "griffie@beekdal.example.nl", "secretaris@rt.example.nl"]
    assert all("Raadstafel 2027 gepland" in b.onderwerp for b in db.exec(select(Bericht)).all())

    result = client.get(response.headers["location"])
    assert result.status_code == 200
    text = _text(result)
    assert (
        "Raadstafel 2027 van RT is vastgesteld: 2 vergaderingen, waarvan 2 nieuwe vergaderingen, en 2 "
        "behandelingen. De griffiers krijgen een e-mail (3 ontvangers)."
    ) in text
    assert text.count("nieuw, status gepland") == 2
    for m in meetings:
        assert f'href="/vergaderingen/{m.id}"' in result.text

    after = _counts(db)
    again = client.post(f"{RT}/raadstafel/vaststellen", data=form, follow_redirects=False)
    assert again.status_code == 409, again.text
    assert "De agenda's zijn gewijzigd sinds dit plan werd gemaakt" in _text(again)
    assert f'href="{RT}/raadstafel?jaar=2027"' in again.text
    assert _counts(db) == after
    # The plan made afresh knows the meetings exist and that the documents are on their agenda: nothing to accept.
    replanned = _text(_page(client, f"{RT}/raadstafel"))
    assert "Regionale energiestrategie" not in replanned


def test_stale_agendas_make_a_conflict_that_writes_nothing(client, db, jaarregio):
    login(client, "secretaris@rt.example.nl")
    form = _accept_form(_page(client, f"{RT}/raadstafel"))
    raad = _meetings_of(db, factories.orgaan_of(db, jaarregio["a"]))[0]
    db.add(Agendapunt(vergadering_id=raad.id, volgorde=1, titel="Opening"))
    db.flush()
    before = _counts(db)
    response = client.post(f"{RT}/raadstafel/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 409
    assert "Er is niets vastgesteld en niets verstuurd." in _text(response)
    assert _counts(db) == before


def test_the_secretaris_accepts_the_carrousel_days(client, db, jaarregio):
    login(client, "secretaris@dr.example.nl")
    form = _accept_form(_page(client, f"{DR}/carrousel"))
    response = client.post(f"{DR}/carrousel/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    fysiek = _meetings_of(db, jaarregio["Fysiek"])
    raad = _meetings_of(db, jaarregio["raad"])
    assert len(fysiek) == len(raad) == len(_meetings_of(db, jaarregio["Sociaal"])) == 9
    assert fysiek[1].start.astimezone(TZ) == datetime(2027, 2, 9, 19, 0, tzinfo=TZ)
    assert fysiek[1].locatie == "Zaal 1" and raad[2].locatie == "Raadzaal"
    assert raad[2].start.astimezone(TZ) == datetime(2027, 3, 2, 21, 0, tzinfo=TZ)
    rollen = sorted(
        (db.get(Voorstel, b.voorstel_id).titel, b.rol, b.vergadering_id) for b in db.exec(select(Behandeling)).all()
    )
    assert rollen == sorted(
        [
            ("Regionaal mobiliteitsplan", "advies", fysiek[1].id),
            ("Regionaal mobiliteitsplan", "besluit", raad[2].id),
            ("Jeugdhulp inkoop", "advies", _meetings_of(db, jaarregio["Sociaal"])[2].id),
            ("Jeugdhulp inkoop", "besluit", raad[3].id),
        ]
    )
    assert _mail(db) == ["griffie@aadorp.example.nl", "griffie@beekdal.example.nl", "secretaris@dr.example.nl"]
    text = _text(client.get(response.headers["location"]))
    assert "27 vergaderingen, waarvan 27 nieuw, met samen 4 behandelingen." in text
    after = _counts(db)
    assert client.post(f"{DR}/carrousel/vaststellen", data=form).status_code == 409
    assert _counts(db) == after


def test_the_secretaris_accepts_the_pc_round(client, db, jaarregio):
    login(client, "secretaris@rt.example.nl")
    form = _accept_form(_page(client, f"{RT}/pc"))
    response = client.post(f"{RT}/pc/vaststellen", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"{RT}/pc/vastgesteld?jaar=2027"
    voorstel = db.exec(select(Voorstel).where(Voorstel.titel == "Ontwerpbegroting 2028")).one()
    behandelingen = db.exec(select(Behandeling).where(Behandeling.voorstel_id == voorstel.id)).all()
    assert sorted(b.rol for b in behandelingen) == ["besluit", "zienswijze", "zienswijze", "zienswijze"]
    ab = next(b for b in behandelingen if b.rol == "besluit")
    assert db.get(Vergadering, ab.vergadering_id).start.astimezone(TZ).date() == date(2027, 7, 1)
    for b in behandelingen:
        if b.rol == "zienswijze":
            assert db.get(Vergadering, b.vergadering_id).start.astimezone(TZ).date() == date(2027, 4, 13)
    assert _mail(db) == ["griffie@aadorp.example.nl", "griffie@beekdal.example.nl", "secretaris@rt.example.nl"]
    text = _text(client.get(response.headers["location"]))
    assert "4 vergaderingen, waarvan 0 nieuw, met samen 4 behandelingen." in text
    assert "nieuw, status gepland" not in text
    after = _counts(db)
    again = client.post(f"{RT}/pc/vaststellen", data=form, follow_redirects=False)
    assert again.status_code == 409
    assert _counts(db) == after


def test_a_griffier_cannot_accept_and_a_post_needs_the_csrf_token(client, db, jaarregio):
    login(client, "secretaris@rt.example.nl")
    forms = {m: _accept_form(_page(client, f"{RT}/{m}")) for m in ("raadstafel", "pc")}
    login(client, "secretaris@dr.example.nl")
    forms["carrousel"] = _accept_form(_page(client, f"{DR}/carrousel"))
    token = login(client, "griffie@aadorp.example.nl")
    before = _counts(db)
    for model, form in forms.items():
        basis = DR if model == "carrousel" else RT
        refused = client.post(f"{basis}/{model}/vaststellen", data={**form, "csrf_token": token})
        assert refused.status_code == 403
        assert "kan een plan vaststellen" in _text(refused)
    assert _counts(db) == before
    token = login(client, "secretaris@rt.example.nl")
    form = {k: v for k, v in forms["raadstafel"].items() if k != "csrf_token"}
    missing = client.post(f"{RT}/raadstafel/vaststellen", data=form)
    assert missing.status_code == 403 and "CSRF" in missing.text
    assert _counts(db) == before
    # The result page without an accepted plan in this session says so.
    assert "In deze sessie is geen plan vastgesteld" in _text(client.get(f"{RT}/raadstafel/vastgesteld?jaar=2027"))


# --- the API ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model, slug, eigen", [("raadstafel", "rt", "rt"), ("carrousel", "dr", "dr"), ("pc-plan", "rt", "rt")]
)
def test_the_api_plans_and_accepts_each_model(client, db, jaarregio, model, slug, eigen):
    url = f"/api/v1/regelingen/{slug}/{model}/2027"
    griffier = bearer(db, (RolSoort.griffier, jaarregio["a"]))
    plan = client.get(url, headers=griffier)
    assert plan.status_code == 200, plan.text
    vingerafdruk = plan.json()["vingerafdruk"]
    assert vingerafdruk
    assert client.post(f"{url}/vaststellen", json={"vingerafdruk": vingerafdruk}, headers=griffier).status_code == 403
    secretaris = bearer(db, (RolSoort.secretaris, jaarregio[eigen]))
    before = _counts(db)
    created = client.post(f"{url}/vaststellen", json={"vingerafdruk": vingerafdruk}, headers=secretaris)
    assert created.status_code == 201, created.text
    assert created.json()["behandelingen"] > 0
    after = _counts(db)
    assert (
        after["Behandeling"] > before["Behandeling"] and after["Bericht"] == before["Bericht"] + 5
    )  # two griffiers, the secretaris and both token users
    again = client.post(f"{url}/vaststellen", json={"vingerafdruk": vingerafdruk}, headers=secretaris)
    assert again.status_code == 409, again.text
    assert _counts(db) == after
