"""The convocation flow through the JSON API, and the service steps that depend on the date, on both databases."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import col, select

from app.accounts.service import actor_for
from app.berichten.models import Bericht
from app.convocatie import service
from app.convocatie.models import Steun, VerzoekStatus
from app.historie.models import Gebeurtenis
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from tests import factories

pytestmark = pytest.mark.db

VERZOEK = {"agenda": "Tekort in de jaarrekening\nHerstelplan", "toelichting": "De raad wil opheldering.",
           "grondslag": "Motie 2027-14"}


def _toekomst(dagen: int = 10) -> dict:
    start = (datetime.now(UTC) + timedelta(days=dagen)).replace(hour=18, minute=0, second=0, microsecond=0)
    return {"start": start.isoformat(), "einde": (start + timedelta(hours=3)).isoformat(), "locatie": "Stadhuis"}


def _vraag(client, regio, gemeente=None, **extra):
    gemeente = gemeente or regio.kleinst
    body = {**VERZOEK, "namens_gemeente": gemeente.code, **extra}
    return client.post(f"/api/v1/regelingen/{regio.regeling.slug}/convocatieverzoeken", json=body,
                       headers=regio.griffier[gemeente.slug])


def _steun(client, regio, verzoek_id, gemeente):
    return client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun",
                       json={"namens_gemeente": gemeente.code, "grondslag": f"Motie van de raad van {gemeente.naam}"},
                       headers=regio.griffier[gemeente.slug])


def _stappen(db, verzoek_id) -> list[str]:
    return [g.soort for g in db.exec(select(Gebeurtenis).where(Gebeurtenis.verzoek_id == verzoek_id)
                                     .order_by(Gebeurtenis.id)).all()]


def _griffier(db, gemeente):
    return actor_for(db, factories.user(db, None, ("griffier", gemeente), naam=f"Griffier {gemeente.naam}").id)


def test_a_griffier_asks_and_the_own_council_is_the_first_support(client, db, regio):
    response = _vraag(client, regio)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["Location"] == body["api_url"]
    assert body["status"] == "open"
    assert body["agenda"] == ["Tekort in de jaarrekening", "Herstelplan"]
    assert body["namens_gemeente"]["code"] == regio.kleinst.code
    assert [(s["gemeente"]["code"], s["gewicht"], s["gewicht_procent"]) for s in body["steun"]] == [
        (regio.kleinst.code, "1/25", "4,0%")]
    assert (body["gewicht"], body["drempel"], body["drempel_bereikt"], body["termijn_tot"]) == ("1/25", "1/10",
                                                                                                 False, None)
    assert [s["soort"] for s in body["tijdlijn"]] == ["ingediend"]
    # Every participating council's griffier hears of it (and not the one outside).
    adressen = set(db.exec(select(Bericht.aan).where(col(Bericht.onderwerp).contains("Verzoek om een vergadering")))
                   .all())
    assert len(adressen) == 4 + 1  # four griffiers and the secretaris
    assert client.get(body["url"].removeprefix("https://tussenruimte.test")).status_code == 200


def test_support_that_brings_the_total_to_exactly_a_tenth_reaches_the_threshold(client, db, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    response = _steun(client, regio, verzoek_id, regio.klein)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "drempel_bereikt"
    assert (body["gewicht"], body["drempel_bereikt"]) == ("1/10", True)  # 1/25 + 3/50, exactly
    vandaag = datetime.now(service._tz()).date()
    assert body["termijn_tot"] == (vandaag + timedelta(weeks=4)).isoformat()
    assert body["dagen_over"] == 28
    assert _stappen(db, verzoek_id) == ["ingediend", "steun", "drempel_bereikt"]
    assert db.exec(select(Bericht).where(col(Bericht.onderwerp).contains("Drempel bereikt"))).first() is not None


def test_a_council_supports_once(client, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    assert _steun(client, regio, verzoek_id, regio.midden).status_code == 201
    again = _steun(client, regio, verzoek_id, regio.midden)
    assert again.status_code == 409
    assert "steunt dit verzoek al" in again.json()["detail"]
    assert _steun(client, regio, verzoek_id, regio.kleinst).status_code == 409  # the requester counts already


def test_a_griffier_of_a_council_that_takes_no_part_gets_403(client, regio):
    response = _vraag(client, regio, regio.buiten)
    assert response.status_code == 403
    assert "neemt niet deel" in response.json()["detail"]
    verzoek_id = _vraag(client, regio).json()["id"]
    assert _steun(client, regio, verzoek_id, regio.buiten).status_code == 403
    # Acting for a council one is not the griffier of: 403 too.
    namens_ander = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun",
                               json={"namens_gemeente": regio.groot.code}, headers=regio.griffier[regio.midden.slug])
    assert namens_ander.status_code == 403


def test_not_logged_in_is_401_and_reading_is_public(client, regio):
    response = client.post(f"/api/v1/regelingen/{regio.regeling.slug}/convocatieverzoeken", json=VERZOEK)
    assert response.status_code == 401
    verzoek_id = _vraag(client, regio).json()["id"]
    assert client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun", json={}).status_code == 401
    assert client.get(f"/api/v1/convocatieverzoeken/{verzoek_id}").status_code == 200
    lijst = client.get(f"/api/v1/regelingen/{regio.regeling.slug}/convocatieverzoeken").json()
    assert [(v["id"], v["steun"], v["titel"]) for v in lijst] == [(verzoek_id, 1, "Tekort in de jaarrekening")]


@pytest.mark.parametrize(("body", "veld"), [
    ({**VERZOEK, "namens_gemeente": "GM0001"}, "namens_gemeente"),
    ({**VERZOEK, "agenda": "  \n "}, "agenda"),
    ({**VERZOEK, "grondslag": ""}, "grondslag"),
    ({**VERZOEK, "toelichting": ""}, "toelichting"),
    ({**VERZOEK, "zomaar": 1}, "zomaar"),
])
def test_an_incomplete_request_is_422_naming_the_field(client, regio, body, veld):
    body = {"namens_gemeente": regio.kleinst.code, **body}
    response = client.post(f"/api/v1/regelingen/{regio.regeling.slug}/convocatieverzoeken", json=body,
                           headers=regio.griffier[regio.kleinst.slug])
    assert response.status_code == 422, response.text
    assert veld in [e["name"] for e in response.json()["invalid-params"]]


def test_unknown_request_and_regeling_are_404(client, regio):
    assert client.get("/api/v1/convocatieverzoeken/999999").status_code == 404
    assert _steun(client, regio, 999999, regio.midden).status_code == 404
    response = client.post("/api/v1/regelingen/bestaat-niet/convocatieverzoeken", json=VERZOEK,
                           headers=regio.griffier[regio.kleinst.slug])
    assert response.status_code == 404


def test_withdrawing_support_below_the_threshold_reopens_and_support_may_come_again(client, db, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    _steun(client, regio, verzoek_id, regio.klein)
    pad = f"/api/v1/convocatieverzoeken/{verzoek_id}/steun/{regio.klein.code}"
    response = client.delete(pad, headers=regio.griffier[regio.klein.slug])
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["termijn_tot"], body["gewicht"]) == ("open", None, "1/25")
    assert client.delete(pad, headers=regio.griffier[regio.klein.slug]).status_code == 404  # nothing to withdraw
    assert _steun(client, regio, verzoek_id, regio.klein).json()["status"] == "drempel_bereikt"
    assert _stappen(db, verzoek_id) == ["ingediend", "steun", "drempel_bereikt", "steun_ingetrokken",
                                        "drempel_vervallen", "steun", "drempel_bereikt"]
    rijen = db.exec(select(Steun).where(Steun.verzoek_id == verzoek_id, Steun.gemeente_id == regio.klein.id)).all()
    assert sorted(r.ingetrokken_at is None for r in rijen) == [False, True]  # the withdrawn one is kept


def test_the_requester_withdraws_the_request_not_its_support(client, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    own = client.delete(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun/{regio.kleinst.code}",
                        headers=regio.griffier[regio.kleinst.slug])
    assert own.status_code == 409
    other = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/intrekken", json={},
                        headers=regio.griffier[regio.midden.slug])
    assert other.status_code == 403
    stale = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/intrekken", json={"versie": 1},
                        headers=regio.griffier[regio.kleinst.slug])
    assert stale.status_code == 409
    assert "intussen gewijzigd" in stale.json()["detail"]
    done = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/intrekken", json={},
                       headers=regio.griffier[regio.kleinst.slug])
    assert done.status_code == 200
    assert done.json()["status"] == "ingetrokken" and done.json()["ingetrokken_at"]
    assert _steun(client, regio, verzoek_id, regio.midden).status_code == 409


def test_the_chair_convenes_a_meeting_of_the_board_with_the_agenda(client, db, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    _steun(client, regio, verzoek_id, regio.klein)
    response = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/bijeenroepen", json=_toekomst(),
                           headers=regio.secretaris)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "bijeengeroepen"
    meeting = db.get(Vergadering, body["vergadering"]["id"])
    assert meeting.status == Status.bijeengeroepen and meeting.locatie == "Stadhuis"
    assert db.exec(select(VergaderingOrgaan.orgaan_id).where(VergaderingOrgaan.vergadering_id == meeting.id)
                   ).all() == [regio.ab.id]
    punten = db.exec(select(Agendapunt.titel).where(Agendapunt.vergadering_id == meeting.id)
                     .order_by(Agendapunt.volgorde)).all()
    assert punten == ["Tekort in de jaarrekening", "Herstelplan"]
    # In the board's feed and lists, as every meeting of the AB is.
    lijst = client.get(f"/api/v1/vergaderingen?orgaan={regio.ab.slug}").json()
    assert meeting.id in [m["id"] for m in lijst["items"]]
    # The convocation goes to the board's member with an account, and to the griffiers.
    convocatie = db.exec(select(Bericht.aan).where(col(Bericht.onderwerp).startswith("Convocatie"))).all()
    assert regio.lid.email in convocatie and len(convocatie) >= 5
    again = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/bijeenroepen", json=_toekomst(),
                        headers=regio.secretaris)
    assert again.status_code == 409
    assert _steun(client, regio, verzoek_id, regio.midden).status_code == 409


@pytest.mark.parametrize(("wijziging", "veld"), [({"start": "2020-01-01T10:00:00+01:00",
                                                   "einde": "2020-01-01T12:00:00+01:00"}, "start"),
                                                  ({"start": "2030-01-01T10:00:00"}, "start")])
def test_convening_needs_a_meeting_in_the_future_with_a_time_zone(client, regio, wijziging, veld):
    verzoek_id = _vraag(client, regio).json()["id"]
    response = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/bijeenroepen",
                           json={**_toekomst(), **wijziging}, headers=regio.secretaris)
    assert response.status_code == 422
    assert veld in [e["name"] for e in response.json()["invalid-params"]]


def test_the_requesters_convene_themselves_only_after_the_term(client, db, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    _steun(client, regio, verzoek_id, regio.klein)
    termijn_tot = client.get(f"/api/v1/convocatieverzoeken/{verzoek_id}").json()["termijn_tot"]
    te_vroeg = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/bijeenroepen", json=_toekomst(),
                           headers=regio.griffier[regio.klein.slug])
    assert te_vroeg.status_code == 409
    vanaf = (datetime.fromisoformat(termijn_tot) + timedelta(days=1)).date().isoformat()
    assert vanaf in te_vroeg.json()["detail"]
    niet_steunend = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/bijeenroepen", json=_toekomst(),
                                headers=regio.griffier[regio.midden.slug])
    assert niet_steunend.status_code == 403


def test_after_the_term_a_supporting_council_convenes_itself(client, db, regio):
    eerder = datetime.now(UTC) - timedelta(days=40)
    verzoek = service.dien_in(db, actor=_griffier(db, regio.kleinst), slug=regio.regeling.slug, nu=eerder,
                              namens_gemeente=regio.kleinst.code, **VERZOEK)
    service.steun(db, actor=_griffier(db, regio.klein), verzoek_id=verzoek.id, namens_gemeente=regio.klein.code,
                  grondslag="Motie 2027-15", nu=eerder)
    assert verzoek.termijn_tot == (eerder.astimezone(service._tz()).date() + timedelta(weeks=4))
    response = client.post(f"/api/v1/convocatieverzoeken/{verzoek.id}/bijeenroepen", json=_toekomst(),
                           headers=regio.griffier[regio.klein.slug])
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "zelf_bijeengeroepen"
    assert _stappen(db, verzoek.id)[-1] == "zelf_bijeengeroepen"


def test_reminders_go_once_when_the_term_is_about_to_pass(db, regio):
    eerder = datetime.now(UTC) - timedelta(days=22)  # 28 - 22 = 6 days left: within the 7 reminder days
    verzoek = service.dien_in(db, actor=_griffier(db, regio.kleinst), slug=regio.regeling.slug, nu=eerder,
                              namens_gemeente=regio.kleinst.code, **VERZOEK)
    service.steun(db, actor=_griffier(db, regio.klein), verzoek_id=verzoek.id, namens_gemeente=regio.klein.code,
                  grondslag="Motie 2027-15", nu=eerder)
    nieuw = service.dien_in(db, actor=_griffier(db, regio.groot), slug=regio.regeling.slug,
                            namens_gemeente=regio.groot.code, **VERZOEK)  # 60%: reached today, 28 days left
    assert nieuw.status == VerzoekStatus.drempel_bereikt
    assert service.herinneringen(db) == 1
    assert service.herinneringen(db) == 0
    db.refresh(verzoek)
    assert verzoek.herinnerd_at is not None and nieuw.herinnerd_at is None
    assert db.exec(select(Bericht).where(col(Bericht.onderwerp).contains("loopt af"))).first() is not None
    assert _stappen(db, verzoek.id)[-1] == "herinnering"


def test_rules_are_set_by_the_secretaris_and_a_request_keeps_its_own(client, db, regio):
    pad = f"/api/v1/regelingen/{regio.regeling.slug}/convocatieregels"
    assert client.get(pad).json()["aandeel"] == "1/10"
    verzoek_id = _vraag(client, regio).json()["id"]
    assert client.put(pad, json={"aandeel": "1/2"}, headers=regio.griffier[regio.kleinst.slug]).status_code == 403
    assert client.put(pad, json={"aandeel": "1/2"}).status_code == 401
    wrong = client.put(pad, json={"aandeel": "2"}, headers=regio.secretaris)
    assert wrong.status_code == 422 and wrong.json()["invalid-params"][0]["name"] == "aandeel"
    response = client.put(pad, json={"aandeel": "1/2", "termijn_weken": 6}, headers=regio.secretaris)
    assert response.status_code == 200, response.text
    assert (response.json()["aandeel"], response.json()["aandeel_procent"]) == ("1/2", "50,0%")
    # The earlier request still counts against 1/10; a new one against 1/2.
    assert _steun(client, regio, verzoek_id, regio.klein).json()["status"] == "drempel_bereikt"
    nieuw = _vraag(client, regio, regio.midden).json()
    assert (nieuw["drempel"], nieuw["status"]) == ("1/2", "open")


def test_on_the_statutory_route_a_fifth_of_the_board_members_suffices(client, db, regio):
    service.zet_regels(db, actor=actor_for(db, factories.user(db, None, ("beheerder",)).id),
                       slug=regio.regeling.slug, data={"wie": "ab_leden", "drempel": "wettelijk"})
    lid = actor_for(db, regio.lid.id)
    verzoek = service.dien_in(db, actor=lid, slug=regio.regeling.slug, **VERZOEK)
    # Four members: a fifth is 4/5 of a member, so the requesting member alone reaches it.
    assert verzoek.status == VerzoekStatus.drempel_bereikt
    body = client.get(f"/api/v1/convocatieverzoeken/{verzoek.id}").json()
    assert (body["route"], body["namens_lid"], body["gewicht"], body["drempel"]) == ("wettelijk", "Lid Bestuur",
                                                                                     "1", "4/5")
    griffier = client.post(f"/api/v1/regelingen/{regio.regeling.slug}/convocatieverzoeken", json=VERZOEK,
                           headers=regio.griffier[regio.kleinst.slug])
    assert griffier.status_code == 403  # on this route only board members ask



# --- support stands on the raad's decision; the history names capacities; shares of standing participants ------


@pytest.mark.parametrize("grondslag", [None, "", "   "])
def test_support_through_the_api_takes_the_council_alone_as_the_issue_specifies(client, db, regio, grondslag):
    """The API body is {namens_gemeente}; a grondslag is optional there (the form asks for it) and the public
    page says when none was given."""
    verzoek_id = _vraag(client, regio).json()["id"]
    body = {"namens_gemeente": regio.klein.code} | ({} if grondslag is None else {"grondslag": grondslag})
    response = client.post(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun", json=body,
                           headers=regio.griffier[regio.klein.slug])
    assert response.status_code == 201, response.text
    steun = db.exec(select(Steun).where(Steun.verzoek_id == verzoek_id, Steun.gemeente_id == regio.klein.id)).one()
    assert steun.grondslag is None
    assert "niet opgegeven" in client.get(f"/convocatieverzoeken/{verzoek_id}").text


def test_the_history_names_the_capacity_and_never_the_person(client, db, regio):
    verzoek_id = _vraag(client, regio).json()["id"]
    _steun(client, regio, verzoek_id, regio.klein)
    client.delete(f"/api/v1/convocatieverzoeken/{verzoek_id}/steun/{regio.klein.code}",
                  headers=regio.griffier[regio.klein.slug])
    _steun(client, regio, verzoek_id, regio.klein)
    secretaris = factories.user(db, None, ("secretaris", regio.regeling), naam="Sanne Secretaris")
    start = datetime.now(UTC) + timedelta(days=10)
    service.roep_bijeen(db, actor=actor_for(db, secretaris.id), verzoek_id=verzoek_id, start=start,
                        einde=start + timedelta(hours=2))
    stappen = db.exec(select(Gebeurtenis).where(Gebeurtenis.verzoek_id == verzoek_id).order_by(Gebeurtenis.id)).all()
    assert [(g.soort, g.wie) for g in stappen] == [
        ("ingediend", "griffier van Kleinstburg"), ("steun", "griffier van Kleinveen"),
        ("drempel_bereikt", "griffier van Kleinveen"), ("steun_ingetrokken", "griffier van Kleinveen"),
        ("drempel_vervallen", "griffier van Kleinveen"), ("steun", "griffier van Kleinveen"),
        ("drempel_bereikt", "griffier van Kleinveen"), ("bijeengeroepen", "voorzitter (secretaris van Regio Proef)"),
    ]
    assert all(g.gebruiker_id is not None for g in stappen)  # the person stays traceable, not public
    assert stappen[-1].gebruiker_id == secretaris.id
    publiek = client.get(f"/api/v1/convocatieverzoeken/{verzoek_id}").json()
    assert "Sanne Secretaris" not in str(publiek["tijdlijn"])
    assert "Sanne Secretaris" not in client.get(f"/convocatieverzoeken/{verzoek_id}").text


def test_the_history_of_a_board_member_and_of_the_rules_names_capacities(client, db, regio):
    beheerder = factories.user(db, None, ("beheerder",), naam="Bea Beheer")
    service.zet_regels(db, actor=actor_for(db, beheerder.id), slug=regio.regeling.slug,
                       data={"wie": "ab_leden", "drempel": "wettelijk"})
    verzoek = service.dien_in(db, actor=actor_for(db, regio.lid.id), slug=regio.regeling.slug, **VERZOEK)
    wie = db.exec(select(Gebeurtenis.soort, Gebeurtenis.wie).where(Gebeurtenis.regeling_id == regio.regeling.id)
                  .order_by(Gebeurtenis.id)).all()
    assert [tuple(w) for w in wie] == [
        ("convocatieregels", "beheerder"), ("ingediend", "lid van het algemeen bestuur van Regio Proef"),
        ("drempel_bereikt", "lid van het algemeen bestuur van Regio Proef")]
    assert verzoek.status == VerzoekStatus.drempel_bereikt


def test_every_history_step_in_these_packages_passes_wie():
    """historie.log requires ``wie`` for anyone but a beheerder: each call here says the capacity explicitly."""
    import ast
    from pathlib import Path

    app = Path(service.__file__).parents[1]
    zonder = []
    for pakket in ("convocatie", "stemmingen", "verantwoording"):
        for bestand in sorted((app / pakket).glob("*.py")):
            for knoop in ast.walk(ast.parse(bestand.read_text())):
                if (isinstance(knoop, ast.Call) and isinstance(knoop.func, ast.Attribute) and knoop.func.attr == "log"
                        and isinstance(knoop.func.value, ast.Name) and knoop.func.value.id == "historie"
                        and "wie" not in {k.arg for k in knoop.keywords}):
                    zonder.append(f"{bestand.name}:{knoop.lineno}")
    assert zonder == []


def test_a_deleted_council_has_no_weight_in_the_threshold(client, db, regio):
    regio.groot.deleted_at = datetime.now(UTC)  # 60% of the population, deleted
    db.add(regio.groot)
    db.flush()
    body = _vraag(client, regio).json()
    # Kleinstburg 4/40, Kleinveen 6/40: the others' shares without Grootstad's.
    assert body["steun"][0]["gewicht"] == "1/10" and body["status"] == "drempel_bereikt"
