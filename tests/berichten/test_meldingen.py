"""Notifications as people receive them: a Dutch multipart mail (text and HTML), to subscribers of the kind and
to those who must hear of it; a subscriber's mail has the RFC 8058 one-click unsubscribe, and that link works
from a mail client: a POST without session or CSRF token, answered 200 without a redirect."""

import re
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from app.berichten import afmelden
from app.berichten import service as berichten
from app.berichten.meldingen import meld
from app.berichten.models import Abonnement, Bericht, Melding
from app.db import utcnow
from tests import factories
from tests.berichten.conftest import mail_settings
from tests.conftest import _session_factory

pytestmark = pytest.mark.db


@pytest.fixture
def regeling(db: Session):
    zeist = factories.gemeente(db, "Zeist")
    return factories.regeling(db, slug="vru-meldingen", naam="Veiligheidsregio <Utrecht>", deelnemers=[zeist])


def _abonnee(db: Session, regeling, email: str, soorten=(), opgezegd: bool = False) -> Abonnement:
    row = Abonnement(email=email, regeling_id=regeling.id, soorten=[s.value for s in soorten],
                     opgezegd_at=utcnow() if opgezegd else None)
    db.add(row)
    db.flush()
    return row


def _deliver(db: Session, connection, database_url, port) -> int:
    return berichten.deliver_pending(_session_factory(connection), mail_settings(database_url, port))


def test_subscribers_of_the_kind_and_the_people_concerned_each_get_one_message(db, regeling):
    alles = _abonnee(db, regeling, "alles@example.nl")
    drempel = _abonnee(db, regeling, "drempel@example.nl", soorten=[Melding.drempel_bereikt])
    _abonnee(db, regeling, "antwoord@example.nl", soorten=[Melding.antwoord])  # another kind
    _abonnee(db, regeling, "weg@example.nl", opgezegd=True)
    beide = _abonnee(db, regeling, "griffie@zeist.example.nl")  # also a subscriber: gets it once, for the role

    aantal = meld(db, soort=Melding.drempel_bereikt, regeling=regeling, onderwerp="Drempel bereikt",
                  tekst="Het verzoek heeft genoeg steun.", pad="/convocatieverzoeken/12",
                  ook_aan=["Griffie@Zeist.example.nl", "griffie@zeist.example.nl", "secretaris@example.nl"])

    rows = {b.aan: b for b in db.exec(select(Bericht)).all()}
    assert aantal == 4
    assert sorted(rows) == ["alles@example.nl", "drempel@example.nl", "griffie@zeist.example.nl",
                            "secretaris@example.nl"]
    assert rows["alles@example.nl"].abonnement_id == alles.id
    assert rows["drempel@example.nl"].abonnement_id == drempel.id
    assert rows["griffie@zeist.example.nl"].abonnement_id is None and beide.id
    assert rows["secretaris@example.nl"].abonnement_id is None
    for row in rows.values():
        assert row.soort == Melding.drempel_bereikt
        assert row.onderwerp == "Drempel bereikt (Veiligheidsregio <Utrecht>)"
        assert row.html is not None
        assert berichten.staat(row, utcnow()) == berichten.Staat.wachtend


def test_a_subscriber_gets_text_and_html_with_the_one_click_unsubscribe_headers(db, connection, database_url,
                                                                                   regeling, postbus):
    handler, port = postbus
    abonnee = _abonnee(db, regeling, "abonnee@example.nl")
    meld(db, soort=Melding.antwoord, regeling=regeling, onderwerp="Antwoord op de zienswijzen",
         tekst="Het bestuur antwoordt op <b>alle</b> zienswijzen.\n\nLees het antwoord & de toelichting.",
         pad="/voorstellen/7", ook_aan=["griffie@zeist.example.nl"])
    assert _deliver(db, connection, database_url, port) == 2

    [mail] = handler.aan("abonnee@example.nl")
    assert mail.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in mail.iter_parts()] == ["text/plain", "text/html"]
    link = f"https://tussenruimte.test/meldingen/afmelden/{afmelden.token('t' * 40, abonnee.id)}"
    assert mail["List-Unsubscribe"] == f"<{link}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mail["Subject"] == "Antwoord op de zienswijzen (Veiligheidsregio <Utrecht>)"
    assert mail["Auto-Submitted"] == "auto-generated"

    tekst = mail.get_body(("plain",)).get_content()
    assert "Het bestuur antwoordt op <b>alle</b> zienswijzen." in tekst  # plain text is not escaped
    assert re.search(r"Bekijk het in Tussenruimte: https?://\S+/voorstellen/7\r?\n", tekst)
    assert f"Afmelden met één klik: {link}" in tekst
    html = mail.get_body(("html",)).get_content()
    assert "antwoordt op &lt;b&gt;alle&lt;/b&gt; zienswijzen." in html and "<b>alle</b>" not in html
    assert "Lees het antwoord &amp; de toelichting." in html
    assert "Veiligheidsregio &lt;Utrecht&gt;" in html
    assert f'href="{link}"' in html and "[[afmeldlink]]" not in html

    [rol] = handler.aan("griffie@zeist.example.nl")  # for the role: no unsubscribe, it would not stop these
    assert rol["List-Unsubscribe"] is None and rol["List-Unsubscribe-Post"] is None
    assert "vanwege uw rol bij Veiligheidsregio <Utrecht>" in rol.get_body(("plain",)).get_content()


def test_one_click_unsubscribe_works_without_session_or_csrf_and_answers_without_a_redirect(client, db, regeling):
    abonnee = _abonnee(db, regeling, "abonnee@example.nl")
    pad = f"/meldingen/afmelden/{afmelden.token('t' * 40, abonnee.id)}"

    # A person opening the link (or a link scanner) changes nothing.
    page = client.get(pad)
    assert page.status_code == 200 and "Afmelden" in page.text
    db.refresh(abonnee)
    assert abonnee.opgezegd_at is None

    # The mail client's POST: no cookie, no CSRF token; 200 with a page, no redirect, no cookie set.
    client.cookies.clear()
    response = client.post(pad, data={"List-Unsubscribe": "One-Click"}, follow_redirects=False)
    assert response.status_code == 200, response.text
    assert "location" not in response.headers and "set-cookie" not in response.headers
    assert "U bent afgemeld" in response.text
    db.refresh(abonnee)
    opgezegd = abonnee.opgezegd_at
    assert opgezegd is not None

    # Again: still 200, nothing changes; and the next notification does not reach them.
    assert client.post(pad, data={"List-Unsubscribe": "One-Click"}).status_code == 200
    db.refresh(abonnee)
    assert abonnee.opgezegd_at == opgezegd
    assert "al afgemeld" in client.get(pad).text
    assert meld(db, soort=Melding.antwoord, regeling=regeling, onderwerp="X", tekst="Y", pad="/") == 0


@pytest.mark.parametrize("methode", ["get", "post"])
def test_a_tampered_or_foreign_unsubscribe_link_is_a_dutch_404(client, db, regeling, methode):
    abonnee = _abonnee(db, regeling, "abonnee@example.nl")
    echt = afmelden.token("t" * 40, abonnee.id)
    for token in (echt[:-2] + ("AA" if not echt.endswith("AA") else "BB"),  # altered signature
                  afmelden.token("t" * 40, abonnee.id + 1000),  # signed, but names no subscription
                  afmelden.token("x" * 40, abonnee.id),  # made with another key
                  "niets"):
        response = getattr(client, methode)(f"/meldingen/afmelden/{token}")
        assert response.status_code == 404, token
        assert "Deze afmeldlink klopt niet" in response.text
    db.refresh(abonnee)
    assert abonnee.opgezegd_at is None


def test_the_token_is_an_hmac_of_the_subscription_id():
    token = afmelden.token("k" * 40, 42)
    assert afmelden.abonnement_id("k" * 40, token) == 42
    assert afmelden.abonnement_id("l" * 40, token) is None
    assert afmelden.abonnement_id("k" * 40, afmelden._serializer("k" * 40).dumps("42")) is None  # not an id


def test_the_outbox_shows_each_state_and_a_griffier_only_their_own(client, db, regeling):
    from tests.helpers import login

    beheerder = factories.user(db, "beheer@example.nl", ("beheerder",))
    zeist = factories.gemeente(db, "Driebergen")
    factories.user(db, "griffie@driebergen.example.nl", ("griffier", zeist))
    nu = utcnow()
    wachtend, opnieuw, verzonden, opgegeven = berichten.queue(
        db, aan=["w@example.nl", "o@example.nl", "v@example.nl", "griffie@driebergen.example.nl"],
        onderwerp="Onderwerp", tekst="t")
    opnieuw.pogingen, opnieuw.fout, opnieuw.volgende_poging_at = 2, "SMTP-server onbereikbaar: refused", nu + \
        timedelta(minutes=5)
    verzonden.pogingen, verzonden.verzonden_at = 1, nu
    opgegeven.pogingen, opgegeven.fout = berichten.MAX_POGINGEN, "550 Onbekende ontvanger"
    db.add_all([opnieuw, verzonden, opgegeven])
    db.flush()
    assert beheerder.id

    assert client.get("/beheer/berichten", follow_redirects=False).headers["location"].startswith("/inloggen")
    login(client, "beheer@example.nl")
    page = client.get("/beheer/berichten").text
    for tekst in ("Wachtend: 1", "Opnieuw proberen: 1", "Verzonden: 1", "Opgegeven: 1", "Opnieuw om",
                  "(poging 3 van 5)", "Opgegeven na 5 pogingen", "550 Onbekende ontvanger", "SMTP-server onbereikbaar"):
        assert tekst in page, tekst
    alleen = client.get("/beheer/berichten?staat=opgegeven").text
    assert "griffie@driebergen.example.nl" in alleen and "w@example.nl" not in alleen
    response = client.get("/beheer/berichten?staat=kwijt")
    assert response.status_code == 400 and "Onbekende staat" in response.text

    client.post("/uitloggen", data={"csrf_token": re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)})
    login(client, "griffie@driebergen.example.nl")
    eigen = client.get("/beheer/berichten").text
    assert "griffie@driebergen.example.nl" in eigen and "v@example.nl" not in eigen
    assert "Wachtend: 0" in eigen and "Opgegeven: 1" in eigen
    assert "Wachtende berichten nu verzenden" not in eigen  # a beheerder's button


def test_someone_without_a_role_may_not_see_the_outbox(client, db):
    from tests.helpers import login

    factories.user(db, "lid@example.nl", ("raadslid",))
    login(client, "lid@example.nl")
    response = client.get("/beheer/berichten")
    assert response.status_code == 403 and "uitgaande berichten" in response.text
