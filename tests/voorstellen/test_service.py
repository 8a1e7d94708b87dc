"""The life of a voorstel through its service: every step, who may take it, and the steps out of order."""

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from app.accounts.authz import ANONYMOUS
from app.berichten.models import Abonnement, Bericht
from app.errors import Conflict, Forbidden, Invalid, NotAuthenticated, NotFound
from app.historie import service as historie
from app.historie.models import Gebeurtenis
from app.organen.models import Orgaan, Soort
from app.stemmingen.models import Stemming, StemUitkomst
from app.voorstellen import service
from app.voorstellen.models import (
    Afmelding,
    Behandeling,
    BehandelingRol,
    Besluit,
    Uitkomst,
    VoorstelFase,
    VoorstelSoort,
)
from tests.voorstellen.conftest import AB_DAG, VERZONDEN, ZIENSWIJZE_UITERLIJK
from tests.voorstellen.conftest import actor as nieuwe_gebruiker


def _maak(db, opzet, soort=VoorstelSoort.begroting, titel="Ontwerpbegroting 2027"):
    return service.maak(db, actor=opzet.secretaris, regeling="vru", titel=titel, soort=soort,
                        toelichting="De begroting voor 2027.",
                        documenten=[{"titel": "Begroting", "url": "https://vru.example.nl/begroting.pdf"}])


def _verzonden(db, opzet, **kw):
    v = _maak(db, opzet, **kw)
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=v.versie)
    return v


def _raad(db, v, gemeente) -> Behandeling:
    return db.exec(select(Behandeling).join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
                   .where(Behandeling.voorstel_id == v.id, Orgaan.gemeente_id == gemeente.id)).one()


def _soorten(db, v) -> list[str]:
    return [g.soort for g in db.exec(select(Gebeurtenis).where(Gebeurtenis.voorstel_id == v.id)
                                     .order_by(Gebeurtenis.id)).all()]


def _zienswijze(db, opzet, v, gemeente, actor, tekst="Houd de bijdrage gelijk."):
    b = _raad(db, v, gemeente)
    return service.leg_uitkomst_vast(db, actor=actor, voorstel_id=v.id, behandeling_id=b.id,
                                     uitkomst=Uitkomst.zienswijze, tekst=tekst, besloten_op=date(2026, 5, 20),
                                     versie=b.versie)


# --- drafting and sending ------------------------------------------------------------------------------------------


def test_a_draft_is_a_concept_with_its_documents_and_history(db, opzet):
    v = _maak(db, opzet)
    d = service.detail(db, v.id, actor=opzet.secretaris)
    assert v.fase == VoorstelFase.concept and v.uiterlijk is None
    assert [x.titel for x in d.documenten] == ["Begroting"]
    assert d.raden == [] and _soorten(db, v) == ["opgesteld"]
    assert d.tijdlijn[0].wie == "secretaris van Veiligheidsregio Utrecht"


def test_only_the_secretaris_drafts(db, opzet):
    with pytest.raises(Forbidden):
        service.maak(db, actor=opzet.griffier_zeist, regeling="vru", titel="X", soort=VoorstelSoort.overig)
    with pytest.raises(NotAuthenticated):
        service.maak(db, actor=ANONYMOUS, regeling="vru", titel="X", soort=VoorstelSoort.overig)
    with pytest.raises(Invalid, match="bestaat niet"):
        service.maak(db, actor=opzet.beheerder, regeling="onbekend", titel="X", soort=VoorstelSoort.overig)


def test_the_same_draft_twice_is_a_conflict(db, opzet):
    _maak(db, opzet)
    with pytest.raises(Conflict, match="twee keer"):
        _maak(db, opzet)


def test_sending_a_begroting_counts_back_from_the_next_ab_meeting(db, opzet):
    v = _verzonden(db, opzet)
    assert v.fase == VoorstelFase.verzonden and v.beschikbaar == VERZONDEN
    assert v.uiterlijk == ZIENSWIJZE_UITERLIJK  # 21 days before the AB of 30 June (the portal's setting)
    assert "Wgr art. 35 lid 3" in v.uiterlijk_bron and "21 dagen" in v.uiterlijk_bron
    d = service.detail(db, v.id, actor=opzet.secretaris)
    assert [(x.gemeente.naam, x.behandeling.rol) for x in d.raden] == [
        ("Utrecht", BehandelingRol.zienswijze), ("Zeist", BehandelingRol.zienswijze)]
    gebeurtenis = d.tijdlijn[-1]
    assert gebeurtenis.soort == "verzonden"
    assert gebeurtenis.wijzigingen["uiterlijk"] == [None, "2026-06-09"]


def test_the_regelings_own_term_and_a_given_ab_date_set_the_deadline(db, opzet):
    opzet.regeling.termijnen = {"zienswijze_raden_dagen_voor_ab": 28}
    v = _maak(db, opzet)
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1,
                     ab_datum=date(2026, 7, 7))
    assert v.uiterlijk == date(2026, 6, 9)
    assert "regeling zelf" in v.uiterlijk_bron


def test_a_late_ontwerpbegroting_is_sent_with_a_warning(db, opzet):
    v = _maak(db, opzet)
    _, waarschuwingen = service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id,
                                         verzonden_op=date(2026, 5, 1), versie=1)
    assert [w.sleutel for w in waarschuwingen] == ["ontwerpbegroting_te_laat"]
    assert "Wgr art. 35 lid 1" in service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1].toelichting


def test_a_change_of_the_regeling_has_eight_weeks_and_asks_for_consent(db, opzet):
    v = _verzonden(db, opzet, soort=VoorstelSoort.wijziging_regeling, titel="Wijziging regeling VRU")
    # 2 March + 8 weeks is Monday 27 April, Koningsdag: the Algemene termijnenwet extends it by a day
    assert v.uiterlijk == date(2026, 4, 28)
    assert v.uiterlijk_bron.startswith("Wgr art. 1 lid 2") and "Algemene termijnenwet" in v.uiterlijk_bron
    raden = service.detail(db, v.id, actor=opzet.secretaris).raden
    assert {b.behandeling.rol for b in raden} == {BehandelingRol.besluit}


def test_an_overig_voorstel_needs_a_date_and_records_it_as_a_setting(db, opzet):
    db.execute(sa.update(Orgaan).where(Orgaan.id == opzet.ab.id).values(deleted_at=datetime.now(UTC)))
    v = _maak(db, opzet, soort=VoorstelSoort.overig, titel="Regionaal risicoprofiel")
    with pytest.raises(Invalid, match="geen zienswijzetermijn"):
        service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1)
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1,
                     uiterlijk=date(2026, 4, 15))
    assert v.uiterlijk == date(2026, 4, 15) and "gesteld" in v.uiterlijk_bron


@pytest.mark.parametrize("kwargs, melding", [
    ({"ab_datum": date(2026, 3, 10)}, "de raden krijgen zo geen tijd"),
    ({"uiterlijk": date(2026, 6, 1)}, "geen eigen datum"),
    ({"verzonden_op": date(2099, 1, 1)}, "toekomst"),
])
def test_sending_with_impossible_dates_is_refused(db, opzet, kwargs, melding):
    v = _maak(db, opzet)
    args = {"verzonden_op": VERZONDEN, **kwargs}
    with pytest.raises(Invalid, match=melding):
        service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, versie=1, **args)
    assert v.fase == VoorstelFase.concept


def test_sending_twice_or_with_a_stale_version_is_a_conflict(db, opzet):
    v = _verzonden(db, opzet)
    with pytest.raises(Conflict, match="gewijzigd"):
        service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1)
    with pytest.raises(Conflict, match="al naar de raden"):
        service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=v.versie)
    with pytest.raises(NotFound):
        service.verstuur(db, actor=opzet.secretaris, voorstel_id=999_999, verzonden_op=VERZONDEN, versie=1)


# --- in the councils -----------------------------------------------------------------------------------------------


def test_the_griffier_records_the_councils_zienswijze(db, opzet):
    v = _verzonden(db, opzet)
    b = _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    assert (b.uitkomst, b.tekst, b.versie) == (Uitkomst.zienswijze, "Houd de bijdrage gelijk.", 2)
    g = service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1]
    assert (g.soort, g.gemeente_id, g.wie) == ("uitkomst", opzet.zeist.id, "griffier van Zeist")
    assert g.gebruiker_id == opzet.griffier_zeist.gebruiker_id  # the person stays traceable, not shown


def test_only_that_councils_griffier_records_its_outcome(db, opzet):
    v = _verzonden(db, opzet)
    b = _raad(db, v, opzet.zeist)
    for actor in (opzet.griffier_utrecht, opzet.griffier_elders, opzet.secretaris):
        with pytest.raises(Forbidden, match="griffier van Zeist"):
            service.leg_uitkomst_vast(db, actor=actor, voorstel_id=v.id, behandeling_id=b.id,
                                      uitkomst=Uitkomst.geen_zienswijze, tekst=None, besloten_op=date(2026, 5, 20),
                                      versie=1)


@pytest.mark.parametrize("uitkomst, tekst, besloten_op, melding", [
    (Uitkomst.zienswijze, "  ", date(2026, 5, 20), "tekst van de zienswijze"),
    (Uitkomst.aangenomen, None, date(2026, 5, 20), "past niet"),
    (Uitkomst.geen_zienswijze, None, date(2026, 2, 1), "vóór de verzending"),
    (Uitkomst.geen_zienswijze, None, date(2099, 2, 1), "toekomst"),
])
def test_a_wrong_outcome_is_refused(db, opzet, uitkomst, tekst, besloten_op, melding):
    v = _verzonden(db, opzet)
    b = _raad(db, v, opzet.zeist)
    with pytest.raises(Invalid, match=melding):
        service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                                  uitkomst=uitkomst, tekst=tekst, besloten_op=besloten_op, versie=1)


def test_recording_the_same_outcome_twice_with_the_same_version_is_a_conflict(db, opzet):
    v = _verzonden(db, opzet)
    b = _raad(db, v, opzet.zeist)
    kw = dict(actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id, uitkomst=Uitkomst.afgezien,
              tekst=None, besloten_op=date(2026, 5, 20), versie=1)
    service.leg_uitkomst_vast(db, **kw)
    with pytest.raises(Conflict, match="intussen gewijzigd"):
        service.leg_uitkomst_vast(db, **kw)


def test_an_outcome_changes_before_the_ab_decides_and_the_change_is_logged(db, opzet):
    v = _verzonden(db, opzet)
    b = _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                              uitkomst=Uitkomst.geen_zienswijze, tekst=None, besloten_op=date(2026, 5, 21),
                              versie=b.versie)
    g = service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1]
    assert g.soort == "uitkomst_gewijzigd"
    assert g.wijzigingen["uitkomst"] == ["zienswijze", "geen_zienswijze"]
    service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=AB_DAG,
                    versie=v.versie)
    with pytest.raises(Conflict, match="besloot"):
        service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                                  uitkomst=Uitkomst.afgezien, tekst=None, besloten_op=date(2026, 5, 21),
                                  versie=b.versie)


def test_no_outcome_on_a_concept(db, opzet):
    v = _maak(db, opzet)
    with pytest.raises(NotFound):
        service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=999_999,
                                  uitkomst=Uitkomst.afgezien, tekst=None, besloten_op=date(2026, 5, 20), versie=1)


# --- the board's answer --------------------------------------------------------------------------------------------


def test_the_board_answers_a_zienswijze_and_the_griffier_and_subscribers_hear_of_it(db, opzet):
    db.add(Abonnement(email="burger@example.nl", regeling_id=opzet.regeling.id, soorten=["antwoord"]))
    db.add(Abonnement(email="ander@example.nl", regeling_id=opzet.regeling.id, soorten=["drempel_bereikt"]))
    db.flush()
    v = _verzonden(db, opzet)
    b = _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    service.beantwoord(db, actor=opzet.secretaris, voorstel_id=v.id, behandeling_id=b.id,
                       antwoord="Wij houden de bijdrage gelijk, omdat ...", antwoord_op=date(2026, 6, 16),
                       versie=b.versie)
    assert b.antwoord_op == date(2026, 6, 16)
    aan = {m.aan for m in db.exec(select(Bericht).where(Bericht.onderwerp.contains("Antwoord op de zienswijze")))}
    assert aan == {opzet.emails["zeist"], "burger@example.nl"}
    assert _soorten(db, v)[-1] == "antwoord"


def test_only_a_zienswijze_is_answered_and_only_by_the_secretaris(db, opzet):
    v = _verzonden(db, opzet)
    b = _raad(db, v, opzet.utrecht)
    with pytest.raises(Conflict, match="geen zienswijze"):
        service.beantwoord(db, actor=opzet.secretaris, voorstel_id=v.id, behandeling_id=b.id, antwoord="x",
                           antwoord_op=date(2026, 6, 1), versie=1)
    b = _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    with pytest.raises(Forbidden):
        service.beantwoord(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id, antwoord="x",
                           antwoord_op=date(2026, 6, 1), versie=b.versie)
    with pytest.raises(Invalid, match="vóór de zienswijze"):
        service.beantwoord(db, actor=opzet.secretaris, voorstel_id=v.id, behandeling_id=b.id, antwoord="x",
                           antwoord_op=date(2026, 5, 1), versie=b.versie)


def test_an_answered_zienswijze_no_longer_changes(db, opzet):
    v = _verzonden(db, opzet)
    b = _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    service.beantwoord(db, actor=opzet.secretaris, voorstel_id=v.id, behandeling_id=b.id, antwoord="Akkoord.",
                       antwoord_op=date(2026, 6, 1), versie=b.versie)
    with pytest.raises(Conflict, match="al beantwoord"):
        service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                                  uitkomst=Uitkomst.zienswijze, tekst="Iets anders.", besloten_op=date(2026, 5, 20),
                                  versie=b.versie)


# --- advice --------------------------------------------------------------------------------------------------------


def test_advice_is_attached_to_the_voorstel(db, opzet):
    v = _verzonden(db, opzet)
    b = service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan="vru-raadstafel",
                            tekst="Steun het voorstel.", besloten_op=date(2026, 4, 1))
    assert service.advies(db, [v.id])[v.id][0].behandeling.id == b.id
    assert [x.orgaan.naam for x in service.detail(db, v.id, actor=opzet.secretaris).advies] == ["Raadstafel VRU"]
    with pytest.raises(Conflict):  # changing given advice needs its version
        service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan="vru-raadstafel",
                            tekst="Anders.", besloten_op=date(2026, 4, 1))
    service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan="vru-raadstafel", tekst="Anders.",
                        besloten_op=date(2026, 4, 1), versie=b.versie)
    assert _soorten(db, v)[-2:] == ["advies", "advies_gewijzigd"]


def test_advice_from_a_body_that_does_not_advise_or_by_a_stranger_is_refused(db, opzet):
    v = _verzonden(db, opzet)
    with pytest.raises(Invalid, match="geen advies"):
        service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan=opzet.ab.slug, tekst="x",
                            besloten_op=date(2026, 4, 1))
    with pytest.raises(Invalid, match="bestaat niet"):
        service.geef_advies(db, actor=opzet.secretaris, voorstel_id=v.id, orgaan="niets", tekst="x",
                            besloten_op=date(2026, 4, 1))
    with pytest.raises(Forbidden):
        service.geef_advies(db, actor=opzet.griffier_zeist, voorstel_id=v.id, orgaan="vru-raadstafel", tekst="x",
                            besloten_op=date(2026, 4, 1))


# --- the decision, publication, correction ---------------------------------------------------------------------------


def test_a_decision_with_unanswered_zienswijzen_is_recorded_with_a_warning(db, opzet):
    v = _verzonden(db, opzet)
    _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=AB_DAG,
                    besluit_tekst="Vastgesteld.", versie=v.versie)
    d = service.detail(db, v.id, actor=opzet.secretaris, vandaag=date(2026, 7, 1))
    assert v.fase == VoorstelFase.besloten
    assert [w.sleutel for w in d.waarschuwingen] == ["zienswijze_onbeantwoord"]
    assert "Zeist" in d.waarschuwingen[0].tekst and d.waarschuwingen[0].bron == "Wgr art. 35 lid 4"


def test_the_woo_warning_appears_when_two_weeks_pass_without_publication(db, opzet):
    v = _verzonden(db, opzet)
    service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=AB_DAG,
                    versie=v.versie)
    assert service.woo_termijn(AB_DAG) == date(2026, 7, 14)
    assert service.detail(db, v.id, actor=opzet.secretaris, vandaag=date(2026, 7, 14)).waarschuwingen == []
    [w] = service.detail(db, v.id, actor=opzet.secretaris, vandaag=date(2026, 7, 15)).waarschuwingen
    assert (w.sleutel, w.bron, w.datum) == ("woo_niet_gepubliceerd", "Wet open overheid", date(2026, 7, 14))


def test_a_vote_must_be_about_the_voorstel_and_agree_with_the_decision(db, opzet):
    v = _verzonden(db, opzet)
    ander = _maak(db, opzet, titel="Iets anders")

    def stemming(voorstel_id, uitkomst):
        s = Stemming(orgaan_id=opzet.ab.id, voorstel_id=voorstel_id, onderwerp="Begroting",
                     gestemd_op=datetime(2026, 6, 30, 18, tzinfo=UTC), uitkomst=uitkomst)
        db.add(s)
        db.flush()
        return s.id

    kw = dict(actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=AB_DAG)
    with pytest.raises(Invalid, match="gaat niet over"):
        service.besluit(db, **kw, stemming_id=stemming(ander.id, StemUitkomst.aangenomen), versie=v.versie)
    with pytest.raises(Invalid, match="overeenkomen"):
        service.besluit(db, **kw, stemming_id=stemming(v.id, StemUitkomst.verworpen), versie=v.versie)
    with pytest.raises(Invalid, match="quorum"):
        service.besluit(db, **kw, stemming_id=stemming(v.id, StemUitkomst.geen_quorum), versie=v.versie)
    goed = stemming(v.id, StemUitkomst.aangenomen)
    service.besluit(db, **kw, stemming_id=goed, versie=v.versie)
    assert service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1].wijzigingen["stemming_id"] == [None, goed]


def test_no_decision_on_a_concept_nor_publication_before_a_decision(db, opzet):
    v = _maak(db, opzet)
    with pytest.raises(Conflict, match="concept"):
        service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen,
                        besloten_op=AB_DAG, versie=1)
    with pytest.raises(Conflict, match="nog niet besloten"):
        service.publiceer(db, actor=opzet.secretaris, voorstel_id=v.id, publicatie="Stcrt. 1",
                          publicatie_url=None, gepubliceerd_op=AB_DAG, versie=1)


def _gepubliceerd(db, opzet):
    v = _verzonden(db, opzet)
    service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.aangenomen, besloten_op=AB_DAG,
                    versie=v.versie)
    service.publiceer(db, actor=opzet.secretaris, voorstel_id=v.id, publicatie="Staatscourant 2026, 30123",
                      publicatie_url="https://zoek.officielebekendmakingen.nl/stcrt-2026-30123.html",
                      gepubliceerd_op=date(2026, 7, 20), versie=v.versie)
    return v


def test_late_publication_is_recorded_with_the_woo_warning(db, opzet):
    v = _gepubliceerd(db, opzet)
    d = service.detail(db, v.id, actor=opzet.secretaris)
    assert v.fase == VoorstelFase.gepubliceerd
    assert [w.sleutel for w in d.waarschuwingen] == ["woo_laat_gepubliceerd"]
    assert "Wet open overheid" in d.tijdlijn[-1].toelichting


def test_a_published_decision_changes_only_by_a_visible_correction(db, opzet):
    v = _gepubliceerd(db, opzet)
    with pytest.raises(Conflict, match="correctie"):
        service.besluit(db, actor=opzet.secretaris, voorstel_id=v.id, besluit=Besluit.verworpen,
                        besloten_op=AB_DAG, versie=v.versie)
    with pytest.raises(Conflict, match="correctie"):
        service.publiceer(db, actor=opzet.secretaris, voorstel_id=v.id, publicatie="x", publicatie_url=None,
                          gepubliceerd_op=AB_DAG, versie=v.versie)
    b = _raad(db, v, opzet.zeist)
    with pytest.raises(Conflict):
        service.leg_uitkomst_vast(db, actor=opzet.griffier_zeist, voorstel_id=v.id, behandeling_id=b.id,
                                  uitkomst=Uitkomst.afgezien, tekst=None, besloten_op=date(2026, 5, 1), versie=1)
    service.corrigeer(db, actor=opzet.secretaris, voorstel_id=v.id,
                      velden={"publicatie": "Staatscourant 2026, 30124"}, reden="Verkeerd nummer overgenomen.",
                      versie=v.versie)
    g = service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1]
    assert (g.soort, g.correctie, g.toelichting) == ("correctie", True, "Verkeerd nummer overgenomen.")
    assert g.wijzigingen == {"publicatie": ["Staatscourant 2026, 30123", "Staatscourant 2026, 30124"]}


@pytest.mark.parametrize("velden, reden, fout, melding", [
    ({"publicatie": "Stcrt. 9"}, " ", Invalid, "reden"),
    ({"fase": "concept"}, "r", Invalid, "Onbekend veld"),
    ({"gepubliceerd_op": date(2026, 6, 1)}, "r", Invalid, "vóór het besluit"),
    ({"publicatie": "Staatscourant 2026, 30123"}, "r", Invalid, "verandert niets"),
])
def test_a_wrong_correction_is_refused(db, opzet, velden, reden, fout, melding):
    v = _gepubliceerd(db, opzet)
    with pytest.raises(fout, match=melding):
        service.corrigeer(db, actor=opzet.secretaris, voorstel_id=v.id, velden=velden, reden=reden,
                          versie=v.versie)


def test_no_correction_before_publication(db, opzet):
    v = _verzonden(db, opzet)
    with pytest.raises(Conflict, match="nog niet gepubliceerd"):
        service.corrigeer(db, actor=opzet.secretaris, voorstel_id=v.id, velden={"titel": "Y"}, reden="r",
                          versie=v.versie)


def test_the_history_refuses_to_be_rewritten(db, opzet):
    v = _maak(db, opzet)
    with pytest.raises(sa.exc.DBAPIError):
        with db.begin_nested():
            db.execute(sa.update(Gebeurtenis).where(Gebeurtenis.voorstel_id == v.id).values(soort="vervalst"))


# --- reminders -----------------------------------------------------------------------------------------------------


def test_reminders_go_once_to_the_councils_without_an_outcome(db, opzet):
    v = _verzonden(db, opzet)
    _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    assert service.deadline_herinneringen(db, date(2026, 5, 25)) == 0  # 15 days before: not yet
    assert service.deadline_herinneringen(db, date(2026, 5, 26)) == 1
    aan = {m.aan for m in db.exec(select(Bericht).where(Bericht.onderwerp.contains("Zienswijzetermijn")))}
    assert aan == {opzet.emails["utrecht"]}
    assert service.deadline_herinneringen(db, date(2026, 5, 27)) == 0  # once
    assert _soorten(db, v).count("herinnering") == 1


def test_a_missed_reminder_day_is_caught_up_but_not_after_the_deadline(db, opzet):
    v = _verzonden(db, opzet)
    assert service.deadline_herinneringen(db, date(2026, 6, 10)) == 0  # the deadline has passed
    assert service.deadline_herinneringen(db, date(2026, 6, 3)) == 1  # six days left, never reminded
    assert _soorten(db, v).count("herinnering") == 1


def test_no_reminder_when_every_council_has_an_outcome(db, opzet):
    v = _verzonden(db, opzet)
    for gemeente, actor in ((opzet.zeist, opzet.griffier_zeist), (opzet.utrecht, opzet.griffier_utrecht)):
        _zienswijze(db, opzet, v, gemeente, actor)
    assert service.deadline_herinneringen(db, date(2026, 5, 26)) == 0


def test_an_advising_body_of_another_kind_is_not_offered(db, opzet):
    carrousel = Orgaan(slug="vru-carrousel", naam="Carrousel VRU", soort=Soort.carrousel,
                       regeling_id=opzet.regeling.id)
    db.add(carrousel)
    db.flush()
    assert [o.slug for o in service.advies_organen(db, opzet.regeling)] == ["vru-carrousel", "vru-raadstafel"]


# --- review fixes -------------------------------------------------------------------------------------------------


def test_a_concept_is_seen_only_by_the_secretaris_and_the_beheerder(db, opzet):
    v = _maak(db, opzet)
    for wie in (ANONYMOUS, opzet.griffier_zeist):
        with pytest.raises(NotFound, match="nog niet openbaar"):
            service.detail(db, v.id, actor=wie)
    assert service.detail(db, v.id, actor=opzet.beheerder).voorstel.fase == VoorstelFase.concept
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1)
    assert service.detail(db, v.id, actor=ANONYMOUS).voorstel.fase == VoorstelFase.verzonden


@pytest.mark.parametrize("soort, rol", [
    (VoorstelSoort.begroting, BehandelingRol.zienswijze),
    (VoorstelSoort.wijziging_regeling, BehandelingRol.besluit),
    (VoorstelSoort.overig, BehandelingRol.besluit),
])
def test_sending_gives_each_council_the_role_of_the_one_rule(db, opzet, soort, rol):
    v = _maak(db, opzet, soort=soort, titel=f"Voorstel {soort}")
    service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id, verzonden_op=VERZONDEN, versie=1,
                     uiterlijk=date(2026, 4, 15) if soort == VoorstelSoort.overig else None)
    assert {b.behandeling.rol for b in service.detail(db, v.id, actor=opzet.secretaris).raden} == {rol}


def test_a_late_begrotingswijziging_is_sent_with_the_warning_of_art_35_lid_6(db, opzet):
    v = _maak(db, opzet, soort=VoorstelSoort.begrotingswijziging, titel="Eerste begrotingswijziging 2026")
    _, waarschuwingen = service.verstuur(db, actor=opzet.secretaris, voorstel_id=v.id,
                                         verzonden_op=date(2026, 5, 1), versie=1)
    assert [(w.sleutel, w.bron) for w in waarschuwingen] == [("ontwerpbegroting_te_laat",
                                                              "Wgr art. 35 lid 1 jo. lid 6")]
    assert "Wgr art. 35 lid 1 jo. lid 6" in service.detail(db, v.id, actor=opzet.secretaris).tijdlijn[-1].toelichting
    assert "Wgr art. 35 lid 3 jo. lid 6" in v.uiterlijk_bron


def test_an_opted_out_council_is_neither_late_nor_reminded(db, opzet):
    v = _verzonden(db, opzet)
    db.add(Afmelding(voorstel_id=v.id, gemeente_id=opzet.utrecht.id, reden="Behandelt het zelf"))
    db.flush()
    [w] = service.detail(db, v.id, actor=opzet.secretaris, vandaag=date(2026, 6, 10)).waarschuwingen
    assert w.sleutel == "termijn_verstreken" and "zonder uitkomst: Zeist." in w.tekst
    assert service.deadline_herinneringen(db, date(2026, 5, 26)) == 1
    aan = {m.aan for m in db.exec(select(Bericht).where(Bericht.onderwerp.contains("Zienswijzetermijn")))}
    assert aan == {opzet.emails["zeist"]}
    herinnering = db.exec(select(Gebeurtenis).where(Gebeurtenis.voorstel_id == v.id,
                                                    Gebeurtenis.soort == "herinnering")).one()
    assert "Utrecht" not in herinnering.toelichting and herinnering.wie == "Tussenruimte"


def test_no_reminder_when_the_councils_without_outcome_opted_out(db, opzet):
    v = _verzonden(db, opzet)
    _zienswijze(db, opzet, v, opzet.zeist, opzet.griffier_zeist)
    db.add(Afmelding(voorstel_id=v.id, gemeente_id=opzet.utrecht.id))
    db.flush()
    assert service.deadline_herinneringen(db, date(2026, 5, 26)) == 0
    assert service.detail(db, v.id, actor=opzet.secretaris, vandaag=date(2026, 6, 10)).waarschuwingen == []


def test_the_history_names_the_capacity_never_the_person(db, opzet):
    greet = nieuwe_gebruiker(db, "greet.jansen@zeist.example.nl", ("griffier", opzet.zeist))
    v = _verzonden(db, opzet)
    _zienswijze(db, opzet, v, opzet.zeist, greet)
    b = _raad(db, v, opzet.utrecht)
    service.leg_uitkomst_vast(db, actor=opzet.beheerder, voorstel_id=v.id, behandeling_id=b.id,
                              uitkomst=Uitkomst.geen_zienswijze, tekst=None, besloten_op=date(2026, 5, 20),
                              versie=b.versie)
    stappen = service.detail(db, v.id, actor=ANONYMOUS).tijdlijn
    secretaris = "secretaris van Veiligheidsregio Utrecht"
    assert [(g.soort, g.wie) for g in stappen] == [
        ("opgesteld", secretaris), ("verzonden", secretaris), ("uitkomst", "griffier van Zeist"),
        ("uitkomst", "beheerder")]
    assert stappen[2].gebruiker_id == greet.gebruiker_id and stappen[3].gebruiker_id == opzet.beheerder.gebruiker_id


def test_the_history_needs_a_capacity_except_for_a_beheerder(db, opzet):
    v = _maak(db, opzet)
    with pytest.raises(ValueError, match="wie"):
        historie.log(db, actor=opzet.secretaris, regeling_id=opzet.regeling.id, voorstel_id=v.id, soort="gewijzigd")
    g = historie.log(db, actor=opzet.beheerder, regeling_id=opzet.regeling.id, voorstel_id=v.id, soort="gewijzigd")
    assert (g.wie, g.gebruiker_id) == ("beheerder", opzet.beheerder.gebruiker_id)


def test_the_labels_are_one_set_for_the_management_and_the_public_pages(db, opzet):
    from app.besluiten import atom, routes

    assert routes.LABELS["fase_labels"][VoorstelFase.verzonden] == service.FASE_LABELS[VoorstelFase.verzonden]
    assert routes.LABELS["uitkomst_labels"] is service.UITKOMST_LABELS
    assert atom.BESLUIT_LABELS is service.BESLUIT_LABELS and atom.SOORT_LABELS is service.SOORT_LABELS
