"""The JSON API of weighted votes and voting rules, on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from sqlmodel import select

from app.historie.models import Gebeurtenis
from app.organen.models import Lidmaatschap
from app.stemmingen import service
from app.stemmingen.models import Stem, Stemming
from app.stemmingen.rekenen import GemeenteUitslag
from app.voorstellen.models import Voorstel
from tests import factories
from tests.stemmingen.conftest import Raad
from tests.test_api import bearer, problem_of

pytestmark = pytest.mark.db

DRECHT = {"gewicht": "fractie_aandeel", "grondslag": "inwoners"}


def _body(raad: Raad, keuzes: dict[str, str], **extra) -> dict:
    return {"orgaan": raad.orgaan.slug, "voorstel_id": raad.voorstel.id, "vergadering_id": raad.vergadering.id,
            "gestemd_op": raad.gestemd_op.isoformat(),
            "stemmen": [{"persoon_id": raad.leden[k].id, "keuze": v} for k, v in keuzes.items()], **extra}


def _secretaris(db, raad: Raad) -> dict:
    return bearer(db, ("secretaris", raad.regeling))


def _regels(client, raad, headers, **regels):
    versie = client.get(f"/api/v1/regelingen/{raad.regeling.slug}/stemregels").json()["versie"]
    response = client.put(f"/api/v1/regelingen/{raad.regeling.slug}/stemregels", json={**regels, "versie": versie},
                          headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


STEMMEN = {"a1": "voor", "a2": "tegen", "b": "voor", "c": "tegen", "d": "onthouden"}


def test_the_secretaris_records_a_weighted_vote_per_member_fractie_and_gemeente(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    response = client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert response.headers["Location"] == body["api_url"] == f"https://tussenruimte.test/api/v1/stemmingen/{body['id']}"
    # Dordrecht 3/4, Zwijndrecht 1/4; Partij A (20 of 39 seats) sends two members who share 5/13.
    gewichten = {s["naam"]: s["gewicht"]["gewicht"] for s in body["stemmen"]}
    assert gewichten == {"Lid A1": "5/26", "Lid A2": "5/26", "Lid B": "19/52", "Lid C": "5/36", "Lid D": "1/9"}
    assert "V. Voorzitter" not in gewichten  # the chair leads the meeting and has no vote
    voor, tegen = Fraction(5, 26) + Fraction(19, 52), Fraction(5, 26) + Fraction(5, 36)
    assert body["totaal"]["voor"] == {"gewicht": str(voor), "procent": "55.77"}
    assert body["totaal"]["tegen"]["gewicht"] == str(tegen)
    assert body["totaal"]["aantal_onthouden"] == 1
    assert body["basis"]["gewicht"] == str(voor + tegen)
    assert body["uitkomst"] == "aangenomen" and body["quorum"] is True and body["leden"] == 5
    assert body["voor_van_basis"] == "62.74"
    assert body["reden"] == "62,7% van het uitgebrachte stemgewicht was voor; nodig is meer dan de helft."
    per_gemeente = {g["naam"]: g for g in body["per_gemeente"]}
    assert per_gemeente["Dordrecht"]["voor"]["gewicht"] == str(voor)
    assert per_gemeente["Zwijndrecht"]["onthouden"]["gewicht"] == "1/9"
    per_fractie = {f["fractie"]: f for f in body["per_fractie"]}
    assert per_fractie["Partij A"]["aantal_voor"] == 1 and per_fractie["Partij A"]["aantal_tegen"] == 1
    assert body["regels"]["gewicht"] == "fractie_aandeel"
    assert body["voorstel"]["id"] == raad.voorstel.id

    assert client.get(f"/api/v1/stemmingen/{body['id']}").json() == body  # anyone may read it
    # Kept as it was: weights as exact text, the rules and the result as a snapshot.
    stemming = db.get(Stemming, body["id"])
    assert stemming.regels["gewicht"] == "fractie_aandeel" and stemming.uitslag["uitkomst"] == "aangenomen"
    assert stemming.uitslag["totalen"]["voor"] == str(voor)
    assert {s.gewicht for s in db.exec(select(Stem).where(Stem.stemming_id == stemming.id))} == {
        "5/26", "19/52", "5/36", "1/9"}
    # On the voorstel's timeline.
    stap = db.exec(select(Gebeurtenis).where(Gebeurtenis.voorstel_id == raad.voorstel.id)).one()
    assert stap.soort == "stemming" and "Drechtraad: aangenomen" in stap.toelichting


def test_a_later_change_of_rules_or_weights_leaves_a_held_vote_alone(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    body = client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers).json()
    _regels(client, raad, headers, gewicht="gelijk", meerderheid="twee_derde")
    for lid in db.exec(select(Lidmaatschap).where(Lidmaatschap.orgaan_id == raad.orgaan.id)):
        lid.einde = raad.gestemd_op.date()
        db.add(lid)
    db.flush()
    assert client.get(f"/api/v1/stemmingen/{body['id']}").json() == body


def test_members_not_named_were_absent_and_the_quorum_counts_heads(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    # Lid B alone carries 19/52 of the weight, but 2 of 5 members is no quorum.
    body = client.post("/api/v1/stemmingen", json=_body(raad, {"b": "voor", "c": "tegen"}),
                       headers=headers).json()
    assert body["uitkomst"] == "geen_quorum" and body["aanwezig"] == 2 and body["leden"] == 5
    assert body["totaal"]["aantal_afwezig"] == 3
    assert body["reden"].startswith("2 van de 5 leden met stemrecht waren aanwezig")


def test_a_tie_does_not_adopt_unless_the_rules_let_the_chair_decide(client, db, raad):
    headers = _secretaris(db, raad)
    # One member, one vote: the chair votes too, with six members a 3-3 tie.
    keuzes = {"voorzitter": "voor", "a1": "voor", "a2": "tegen", "b": "voor", "c": "tegen", "d": "tegen"}
    body = client.post("/api/v1/stemmingen", json=_body(raad, keuzes, onderwerp="Motie 1"), headers=headers).json()
    assert body["staking"] is True and body["uitkomst"] == "verworpen"
    _regels(client, raad, headers, staken="voorzitter")
    body = client.post("/api/v1/stemmingen", json=_body(raad, keuzes, onderwerp="Motie 2"), headers=headers).json()
    assert body["uitkomst"] == "aangenomen" and "de stem van de voorzitter beslist" in body["reden"]


def test_the_subject_defaults_to_the_voorstel_and_is_needed_without_one(client, db, raad):
    headers = _secretaris(db, raad)
    body = client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers).json()
    assert body["onderwerp"] == "Ontwerpbegroting Drechtsteden"
    zonder = _body(raad, STEMMEN)
    del zonder["voorstel_id"]
    problem = problem_of(client.post("/api/v1/stemmingen", json=zonder, headers=headers), 422)
    assert "onderwerp" in problem["detail"]


def test_the_same_vote_twice_is_a_conflict(client, db, raad):
    headers = _secretaris(db, raad)
    assert client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers).status_code == 201
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers), 409)
    assert "al vastgelegd" in problem["detail"]
    assert len(db.exec(select(Stemming).where(Stemming.orgaan_id == raad.orgaan.id)).all()) == 1


@pytest.mark.parametrize("wijziging, tekst", [
    (lambda raad, b: b["stemmen"].append({"persoon_id": raad.leden["oud"].id, "keuze": "voor"}),
     "Oud Lid was op"),
    (lambda raad, b: b["stemmen"].append({"persoon_id": 2_000_000, "keuze": "voor"}), "geen stemmend lid"),
    (lambda raad, b: b["stemmen"].append({"persoon_id": raad.leden["voorzitter"].id, "keuze": "voor"}),
     "geen stemrecht"),
    (lambda raad, b: b["stemmen"].append({"persoon_id": raad.leden["a1"].id, "keuze": "tegen"}), "twee keer"),
    (lambda raad, b: b.update(gestemd_op=(datetime.now(UTC) + timedelta(days=2)).isoformat()), "toekomst"),
    (lambda raad, b: b.update(gestemd_op="2027-03-09T21:40:00"), "tijdzone"),
    (lambda raad, b: b.update(gestemd_op="9 maart"), "geen geldig tijdstip"),
    (lambda raad, b: b.update(orgaan="bestaat-niet"), "Onbekend orgaan"),
    (lambda raad, b: b.update(vergadering_id=2_000_000), "bestaat niet"),
    (lambda raad, b: b.update(voorstel_id=2_000_000), "bestaat niet"),
    (lambda raad, b: b.update(stemmen=[]), "leeg"),
    (lambda raad, b: b["stemmen"][0].update(keuze="misschien"), "kies uit"),
    (lambda raad, b: b.update(extra=1), "onbekend veld"),
])
def test_wrong_votes_are_refused_in_dutch(client, db, raad, wijziging, tekst):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    body = _body(raad, STEMMEN)
    wijziging(raad, body)
    problem = problem_of(client.post("/api/v1/stemmingen", json=body, headers=headers), 422)
    assert tekst in problem["detail"], problem
    assert db.exec(select(Stemming).where(Stemming.orgaan_id == raad.orgaan.id)).first() is None


def test_the_meeting_and_the_voorstel_must_belong_to_the_body(client, db, raad):
    headers = _secretaris(db, raad)
    elders = factories.vergadering(db, factories.orgaan_of(db, raad.dordrecht), start=raad.gestemd_op)
    andere = factories.regeling(db)
    vreemd = Voorstel(regeling_id=andere.id, titel="Elders")
    db.add(vreemd)
    db.flush()
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN, vergadering_id=elders.id),
                                     headers=headers), 422)
    assert "vergadert Drechtraad niet" in problem["detail"]
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN, voorstel_id=vreemd.id),
                                     headers=headers), 422)
    assert "hoort niet bij Drechtsteden" in problem["detail"]


def test_a_council_of_a_gemeente_holds_no_weighted_votes(client, db, raad):
    headers = bearer(db, ("beheerder",))
    body = _body(raad, {}, orgaan=factories.orgaan_of(db, raad.dordrecht).slug, onderwerp="Motie")
    body["stemmen"] = [{"persoon_id": raad.leden["a1"].id, "keuze": "voor"}]
    del body["voorstel_id"], body["vergadering_id"]
    problem = problem_of(client.post("/api/v1/stemmingen", json=body, headers=headers), 422)
    assert "orgaan van een gemeente" in problem["detail"]


def test_only_the_secretaris_records_votes(client, db, raad):
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN)), 401)
    assert "Log in" in problem["detail"]
    griffier = bearer(db, ("griffier", raad.dordrecht))
    problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=griffier), 403)
    other = bearer(db, ("secretaris", factories.regeling(db)))
    problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=other), 403)
    beheerder = bearer(db, ("beheerder",))
    assert client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=beheerder).status_code == 201


def test_an_unknown_vote_is_404(client):
    problem = problem_of(client.get("/api/v1/stemmingen/999999"), 404)
    assert problem["detail"] == "Stemming 999999 bestaat niet."
    problem_of(client.get("/api/v1/stemmingen/0"), 422)


def test_a_member_who_cannot_be_weighed_is_named(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    buiten = factories.gemeente(db, "Buitenstad")
    fractie = factories.fractie(db, buiten, "Partij X", 9)
    gast = factories.persoon(db, "Gast Lid")
    db.add(Lidmaatschap(persoon_id=gast.id, orgaan_id=raad.orgaan.id, gemeente_id=buiten.id, fractie_id=fractie.id))
    db.flush()
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers), 422)
    assert problem["detail"].startswith("Gast Lid zit er namens een gemeente die niet aan de regeling deelneemt")


# --- the rules ------------------------------------------------------------------------------------------------


def test_the_rules_default_and_change_with_their_version(client, db, raad):
    url = f"/api/v1/regelingen/{raad.regeling.slug}/stemregels"
    standaard = client.get(url).json()
    assert standaard["gewicht"] == "gelijk" and standaard["meerderheid"] == "gewone"
    assert standaard["staken"] == "verworpen" and standaard["onthouden_telt_mee"] is False
    assert any("Gemeentewet art. 20" in zin for zin in standaard["beschrijving"])
    headers = _secretaris(db, raad)
    nieuw = _regels(client, raad, headers, gewicht="fractie_aandeel", grondslag="bijdrage", basis="totaal")
    assert (nieuw["gewicht"], nieuw["grondslag"], nieuw["basis"]) == ("fractie_aandeel", "bijdrage", "totaal")
    assert nieuw["versie"] != standaard["versie"]
    db.refresh(raad.regeling)
    assert raad.regeling.stemregels["grondslag"] == "bijdrage"
    stap = db.exec(select(Gebeurtenis).where(Gebeurtenis.regeling_id == raad.regeling.id,
                                             Gebeurtenis.soort == "stemregels")).one()
    assert stap.wijzigingen["basis"] == ["uitgebracht", "totaal"]
    # Someone who saw the old version is refused.
    problem = problem_of(client.put(url, json={"gewicht": "handmatig", "versie": standaard["versie"]},
                                    headers=headers), 409)
    assert "intussen gewijzigd" in problem["detail"]
    assert client.get(url).json()["gewicht"] == "fractie_aandeel"


def test_wrong_rules_and_wrong_roles_are_refused(client, db, raad):
    url = f"/api/v1/regelingen/{raad.regeling.slug}/stemregels"
    problem = problem_of(client.put(url, json={"meerderheid": "ruim"}, headers=_secretaris(db, raad)), 422)
    assert problem["invalid-params"][0]["name"] == "meerderheid"
    assert "geen geldige waarde" in problem["detail"]
    problem_of(client.put(url, json={"quorum": "geen"}, headers=_secretaris(db, raad)), 422)
    problem_of(client.put(url, json={"gewicht": "gelijk"}), 401)
    problem_of(client.put(url, json={"gewicht": "gelijk"}, headers=bearer(db, ("griffier", raad.dordrecht))), 403)
    problem_of(client.get("/api/v1/regelingen/bestaat-niet/stemregels"), 404)


# --- what other pages read --------------------------------------------------------------------------------------


def test_results_per_gemeente_come_from_the_latest_vote_on_each_voorstel(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    zonder = Voorstel(regeling_id=raad.regeling.id, titel="Nog niet gestemd")
    db.add(zonder)
    db.flush()
    client.post("/api/v1/stemmingen", json=_body(raad, {k: "tegen" for k in STEMMEN}), headers=headers)
    later = _body(raad, STEMMEN, gestemd_op=(raad.gestemd_op + timedelta(hours=1)).isoformat())
    client.post("/api/v1/stemmingen", json=later, headers=headers)

    uitslagen = service.gemeente_uitslagen(db, voorstel_ids=[raad.voorstel.id, zonder.id])
    assert set(uitslagen) == {raad.voorstel.id}
    assert uitslagen[raad.voorstel.id][raad.dordrecht.id] == GemeenteUitslag(
        voor=Fraction(5, 26) + Fraction(19, 52), tegen=Fraction(5, 26), aantal_voor=2, aantal_tegen=1)
    assert uitslagen[raad.voorstel.id][raad.zwijndrecht.id].onthouden == Fraction(1, 9)
    bij = service.stemmingen_bij(db, voorstel_ids=[raad.voorstel.id, zonder.id])
    assert [s.uitkomst.value for s in bij[raad.voorstel.id]] == ["verworpen", "aangenomen"]
    assert bij[zonder.id] == []
    assert service.gemeente_uitslagen(db, voorstel_ids=[]) == {}


def test_weights_follow_the_members_of_the_day(db, raad):
    regels = service.stemregels(raad.regeling)
    long_ago = (raad.gestemd_op - timedelta(days=1000)).date()
    leden = service.stemgerechtigden(db, raad.orgaan, raad.regeling, regels, peildatum=long_ago)
    assert "Oud Lid" in {lid.persoon.naam for lid in leden}
    leden = service.stemgerechtigden(db, raad.orgaan, raad.regeling, regels, peildatum=raad.gestemd_op.date())
    assert "Oud Lid" not in {lid.persoon.naam for lid in leden}
    assert sum(lid.gewicht for lid in leden) == 1  # gelijk: six members, 1/6 each


# --- demo -----------------------------------------------------------------------------------------------------


def test_the_demo_records_an_adopted_voorstel_and_a_rejected_motion_once(db, raad):
    from app.stemmingen import demo
    from app.voorstellen.models import Behandeling, BehandelingRol

    raad.orgaan.slug = demo.DRECHTRAAD
    db.add(raad.orgaan)
    db.add(Behandeling(voorstel_id=raad.voorstel.id, orgaan_id=raad.orgaan.id, vergadering_id=raad.vergadering.id,
                       rol=BehandelingRol.besluit))
    db.flush()
    vandaag = datetime.now(UTC).date()
    demo.vul(db, vandaag=vandaag)
    demo.vul(db, vandaag=vandaag)
    stemmingen = db.exec(select(Stemming).where(Stemming.orgaan_id == raad.orgaan.id).order_by(Stemming.id)).all()
    assert [(s.voorstel_id, s.uitkomst.value) for s in stemmingen] == [(raad.voorstel.id, "aangenomen"),
                                                                        (None, "verworpen")]
    assert service.stemregels(raad.regeling).gewicht == "fractie_aandeel"
    assert db.exec(select(Gebeurtenis).where(Gebeurtenis.voorstel_id == raad.voorstel.id)).one().soort == "stemming"


# --- a decision taken stays as it is; shares of standing participants only; the history names no persons -------


@pytest.mark.parametrize("fase", ["besloten", "gepubliceerd"])
def test_no_new_vote_on_a_voorstel_decided_or_published(client, db, raad, fase):
    from app.voorstellen.models import VoorstelFase

    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    assert client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers).status_code == 201
    uitslag = service.gemeente_uitslagen(db, voorstel_ids=[raad.voorstel.id])
    raad.voorstel.fase = VoorstelFase(fase)
    db.add(raad.voorstel)
    db.flush()
    later = _body(raad, {k: "tegen" for k in STEMMEN}, gestemd_op=(raad.gestemd_op + timedelta(hours=1)).isoformat())
    problem = problem_of(client.post("/api/v1/stemmingen", json=later, headers=headers), 409)
    assert "al besloten" in problem["detail"] and "zichtbare correctie" in problem["detail"]
    # The public result per gemeente is still that of the vote the decision rests on.
    assert service.gemeente_uitslagen(db, voorstel_ids=[raad.voorstel.id]) == uitslag
    assert len(service.stemmingen_bij(db, voorstel_ids=[raad.voorstel.id])[raad.voorstel.id]) == 1
    # A vote on something else (a motion) in the same body is still fine.
    motie = _body(raad, STEMMEN, onderwerp="Motie", gestemd_op=later["gestemd_op"])
    del motie["voorstel_id"]
    assert client.post("/api/v1/stemmingen", json=motie, headers=headers).status_code == 201


def test_no_vote_on_a_draft_voorstel(client, db, raad):
    from app.voorstellen.models import VoorstelFase

    headers = _secretaris(db, raad)
    raad.voorstel.fase = VoorstelFase.concept
    db.add(raad.voorstel)
    db.flush()
    problem = problem_of(client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers), 409)
    assert "concept" in problem["detail"]
    assert service.stemmingen_bij(db, voorstel_ids=[raad.voorstel.id]).get(raad.voorstel.id, []) == []


@pytest.mark.parametrize("weg", ["gemeente", "deelname"])
def test_a_deleted_participant_has_no_weight(client, db, raad, weg):
    from app.regelingen.models import Deelname
    from app.regelingen.service import aandelen_van

    # A third participant as large as Zwijndrecht, without members in the Drechtraad, then deleted.
    derde = factories.gemeente(db, "Papendrecht", inwoners=40_000)
    deelname = Deelname(regeling_id=raad.regeling.id, gemeente_id=derde.id, inwoners=40_000)
    db.add(deelname)
    db.flush()
    assert aandelen_van(db, raad.regeling.id, "inwoners")[raad.dordrecht.id] == Fraction(3, 5)
    (derde if weg == "gemeente" else deelname).deleted_at = datetime.now(UTC)
    db.flush()
    assert aandelen_van(db, raad.regeling.id, "inwoners") == {raad.dordrecht.id: Fraction(3, 4),
                                                             raad.zwijndrecht.id: Fraction(1, 4)}
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    body = client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers).json()
    # The weights of the first test: Dordrecht 3/4 and Zwijndrecht 1/4, all weight together 1.
    gewichten = {s["naam"]: Fraction(s["gewicht"]["gewicht"]) for s in body["stemmen"]}
    assert gewichten["Lid A1"] == Fraction(5, 26) and sum(gewichten.values()) == 1


def test_the_history_of_a_vote_names_the_capacity_not_the_person(client, db, raad):
    headers = _secretaris(db, raad)
    _regels(client, raad, headers, **DRECHT)
    client.post("/api/v1/stemmingen", json=_body(raad, STEMMEN), headers=headers)
    stappen = db.exec(select(Gebeurtenis).where(Gebeurtenis.regeling_id == raad.regeling.id)
                      .order_by(Gebeurtenis.id)).all()
    assert [(g.soort, g.wie) for g in stappen] == [("stemregels", "secretaris van Drechtsteden"),
                                                   ("stemming", "secretaris van Drechtsteden")]
    assert all(g.gebruiker_id is not None for g in stappen)  # who it was stays traceable
