"""Speaking rights: register to speak on an agenda item, confirm and cancel by a link in an e-mail, the griffier's
list and limit per item, and the deletion of the personal data after the meeting (AVG/GDPR).

Personal data (name, e-mail, topic) lives only in ``inspreekverzoek`` and in the outbox rows of the mails sent to
the citizen; none of it goes into the public pages, the feeds or the append-only history. ``opschonen`` deletes
the registrations of meetings that ended ``inspreken_bewaardagen`` days ago and scrubs those outbox rows, which
are found by the reference (``kenmerk``) every such mail carries.

The tokens in the links are ``secrets.token_urlsafe(32)``; only their SHA-256 is stored. A confirmation link is
opened as a page with a button (GET), and only the POST of that button confirms: mail scanners fetch links.
"""

import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

import sqlalchemy as sa
from babel.dates import format_datetime
from sqlmodel import Session, col, func, select

from app.accounts.authz import Actor, require_authenticated
from app.berichten.models import Bericht
from app.berichten.service import MAX_POGINGEN, onderwerpregel, queue
from app.config import Settings
from app.db import utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests
from app.i18n import N_, _
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.organen.models import Orgaan, Soort
from app.vergaderingen.models import Agendapunt, Status, Vergadering
from app.vergaderingen.service import MeetingView, get_meeting

# The bodies whose meetings take speakers: committees, carrousels and advisory committees (a raadstafel).
# A council (raad) or a board decides and does not hear speakers in this portal.
SOORTEN_MET_INSPREKEN = frozenset({Soort.commissie, Soort.carrousel, Soort.adviescommissie})

MAX_NAAM, MAX_EMAIL, MAX_ONDERWERP = 120, 254, 1000
GESCHRAPT = "verwijderd@inspreken.invalid"  # the outbox address of a mail whose recipient's data was deleted
GESCHRAPTE_TEKST = "[Verwijderd: persoonsgegevens van een inspreker, na de bewaartermijn.]"
_EMAIL = re.compile(r"^[^@\s\x00-\x1f\x7f<>\"(),;:\\\[\]]+@[^@\s\x00-\x1f\x7f<>\"(),;:\\\[\]]+\.[A-Za-z]{2,}$")
_STUURTEKENS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,100}$")


class Gesloten(StrEnum):
    """Why no one can register for an item (now)."""

    soort = "soort"
    geannuleerd = "geannuleerd"
    besloten = "besloten"
    verlopen = "verlopen"  # registration closed before the start
    begonnen = "begonnen"
    dicht = "dicht"  # the griffier set the limit to 0
    vol = "vol"  # every place taken


GESLOTEN_LABELS = {
    Gesloten.soort: N_("Bij dit soort vergadering kunt u niet inspreken. Inspreken kan bij vergaderingen van een "
                       "commissie, carrousel of raadstafel (adviescommissie)."),
    Gesloten.geannuleerd: N_("De vergadering is geannuleerd."),
    Gesloten.besloten: N_("Dit agendapunt wordt niet in het openbaar behandeld. Inspreken is daarom niet mogelijk."),
    Gesloten.verlopen: N_("Aanmelden om in te spreken is gesloten."),
    Gesloten.begonnen: N_("De vergadering is al begonnen of voorbij."),
    Gesloten.dicht: N_("Bij dit agendapunt is inspreken niet mogelijk."),
    Gesloten.vol: N_("Alle plaatsen om in te spreken bij dit agendapunt zijn bezet."),
}


@dataclass(frozen=True)
class Plek:
    """Speaking on one agenda item: open or why not, the limit and how many places are left (None: no limit)."""

    punt: Agendapunt
    gesloten: Gesloten | None
    maximum: int | None
    bevestigd: int

    @property
    def open(self) -> bool:
        return self.gesloten is None

    @property
    def over(self) -> int | None:
        return None if self.maximum is None else max(0, self.maximum - self.bevestigd)

    @property
    def reden(self) -> str | None:
        return _(GESLOTEN_LABELS[self.gesloten]) if self.gesloten else None


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def client_hash(secret_key: str, client: str) -> str:
    """A keyed hash of the client address: the rate limit counts by it, and the address itself is not stored."""
    return hmac.new(secret_key.encode(), f"inspreken:{client}".encode(), hashlib.sha256).hexdigest()


def kenmerk(verzoek_id: int) -> str:
    """The reference in every mail about a registration; ``opschonen`` finds the outbox rows by it."""
    return f"(kenmerk INS-{verzoek_id})"


def sluit_at(vergadering: Vergadering, settings: Settings) -> datetime:
    return vergadering.start - timedelta(hours=settings.inspreken_sluit_uren)


def neemt_insprekers(organen: Sequence[Orgaan]) -> bool:
    return any(o.soort in SOORTEN_MET_INSPREKEN for o in organen)


def _gesloten(view: MeetingView, punt: Agendapunt, settings: Settings, nu: datetime) -> Gesloten | None:
    """Why the meeting does not take registrations for this item (before looking at the limit)."""
    v = view.vergadering
    if not neemt_insprekers(view.organen):
        return Gesloten.soort
    if v.status == Status.geannuleerd:
        return Gesloten.geannuleerd
    if not v.openbaar or not punt.openbaar:
        return Gesloten.besloten
    if nu >= v.start:
        return Gesloten.begonnen
    if nu >= sluit_at(v, settings):
        return Gesloten.verlopen
    return None


def _tellingen(session: Session, punt_ids: list[int]) -> tuple[dict[int, int], dict[int, int]]:
    """The limit and the number of confirmed speakers per item, in two queries whatever the number of items."""
    if not punt_ids:
        return {}, {}
    limieten = dict(session.exec(
        select(Inspreekruimte.agendapunt_id, Inspreekruimte.max_insprekers)
        .where(col(Inspreekruimte.agendapunt_id).in_(punt_ids))).all())
    bevestigd = dict(session.exec(
        select(Inspreekverzoek.agendapunt_id, func.count())
        .where(col(Inspreekverzoek.agendapunt_id).in_(punt_ids), Inspreekverzoek.status == Inspreekstatus.bevestigd)
        .group_by(Inspreekverzoek.agendapunt_id)).all())
    return limieten, bevestigd


def plekken(session: Session, view: MeetingView, agenda: Sequence[Agendapunt], settings: Settings, *,
            nu: datetime | None = None) -> dict[int, Plek]:
    """Speaking per agenda item of a meeting (no personal data): for the public meeting page."""
    nu = nu or utcnow()
    if not neemt_insprekers(view.organen):
        return {p.id: Plek(p, Gesloten.soort, None, 0) for p in agenda}
    limieten, bevestigd = _tellingen(session, [p.id for p in agenda])
    return {p.id: _plek(view, p, settings, nu, limieten.get(p.id), bevestigd.get(p.id, 0)) for p in agenda}


def _plek(view: MeetingView, punt: Agendapunt, settings: Settings, nu: datetime, maximum: int | None,
          bevestigd: int) -> Plek:
    gesloten = _gesloten(view, punt, settings, nu)
    if gesloten is None and maximum == 0:
        gesloten = Gesloten.dicht
    elif gesloten is None and maximum is not None and bevestigd >= maximum:
        gesloten = Gesloten.vol
    return Plek(punt, gesloten, maximum, bevestigd)


def get_punt(session: Session, meeting_id: int, punt_id: int) -> tuple[MeetingView, Agendapunt]:
    view = get_meeting(session, meeting_id)
    punt = session.get(Agendapunt, punt_id)
    if punt is None or punt.deleted_at is not None or punt.vergadering_id != meeting_id:
        raise NotFound(_("Dit agendapunt bestaat niet (meer) bij deze vergadering."))
    return view, punt


def plek(session: Session, view: MeetingView, punt: Agendapunt, settings: Settings, *,
         nu: datetime | None = None) -> Plek:
    limieten, bevestigd = _tellingen(session, [punt.id])
    return _plek(view, punt, settings, nu or utcnow(), limieten.get(punt.id), bevestigd.get(punt.id, 0))


# --- registering ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Aanmelding:
    naam: str
    email: str
    onderwerp: str


def _regel(waarde: str) -> str:
    return " ".join(_STUURTEKENS.sub(" ", waarde).split())


def controleer(naam: str, email: str, onderwerp: str) -> tuple[Aanmelding | None, dict[str, str]]:
    """The form's values cleaned, or the errors per field (Dutch, translated)."""
    fouten: dict[str, str] = {}
    naam, email = _regel(naam), _regel(email).lower()
    onderwerp = _STUURTEKENS.sub(" ", onderwerp.replace("\r\n", "\n")).strip()
    if not naam:
        fouten["naam"] = _("Vul uw naam in.")
    elif len(naam) > MAX_NAAM:
        fouten["naam"] = _("Uw naam mag hoogstens %(n)d tekens lang zijn.") % {"n": MAX_NAAM}
    if not email:
        fouten["email"] = _("Vul uw e-mailadres in. Daar sturen we de link om uw aanmelding te bevestigen.")
    elif len(email) > MAX_EMAIL or not _EMAIL.match(email):
        fouten["email"] = _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    if not onderwerp:
        fouten["onderwerp"] = _("Schrijf kort waarover u wilt inspreken.")
    elif len(onderwerp) > MAX_ONDERWERP:
        fouten["onderwerp"] = _("Het onderwerp mag hoogstens %(n)d tekens lang zijn.") % {"n": MAX_ONDERWERP}
    return (None if fouten else Aanmelding(naam, email, onderwerp)), fouten


def _binnen_limiet(session: Session, settings: Settings, sleutel: str, nu: datetime) -> None:
    sinds = nu - timedelta(hours=1)
    aantal = session.exec(select(func.count()).select_from(Inspreekverzoek).where(
        Inspreekverzoek.client_hash == sleutel, Inspreekverzoek.created_at >= sinds)).one()
    if aantal >= settings.inspreken_per_uur:
        raise TooManyRequests(_("U heeft zich het afgelopen uur al vaak aangemeld. Probeer het over een uur opnieuw, "
                                "of neem contact op met de griffie."))


def meld_aan(session: Session, *, meeting_id: int, punt_id: int, aanmelding: Aanmelding, client: str,
             settings: Settings, nu: datetime | None = None) -> Inspreekverzoek:
    """A new registration, not yet confirmed, and the mail with the links to confirm and to cancel it, in the
    caller's transaction. Refuses a closed or full item (Conflict) and more than ``inspreken_per_uur``
    registrations an hour from one client (TooManyRequests).

    A second registration of an address that already registered for the item (and did not cancel) is answered
    exactly like a new one, so that no one can find out through the form whether a person registered: nothing
    is stored, and the address gets a short note (no links: only their hashes are stored) that its registration
    stands. Returns the existing registration then."""
    nu = nu or utcnow()
    view, punt = get_punt(session, meeting_id, punt_id)
    sleutel = client_hash(settings.secret_key, client)
    _binnen_limiet(session, settings, sleutel, nu)
    huidige = plek(session, view, punt, settings, nu=nu)
    if not huidige.open:
        raise Conflict(huidige.reden)
    dubbel = session.exec(select(Inspreekverzoek).where(
        Inspreekverzoek.agendapunt_id == punt.id, Inspreekverzoek.email == aanmelding.email,
        Inspreekverzoek.status != Inspreekstatus.geannuleerd).order_by(Inspreekverzoek.id)).first()
    if dubbel is not None:
        _mail_dubbel(session, settings, view, punt, dubbel, nu)
        return dubbel
    bevestig, annuleer = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    verzoek = Inspreekverzoek(agendapunt_id=punt.id, naam=aanmelding.naam, email=aanmelding.email,
                              onderwerp=aanmelding.onderwerp, bevestig_hash=token_hash(bevestig),
                              annuleer_hash=token_hash(annuleer), client_hash=sleutel)
    session.add(verzoek)
    session.flush()
    _mail_aanmelding(session, settings, view, punt, verzoek, bevestig, annuleer)
    return verzoek


def _wanneer(moment: datetime, settings: Settings) -> str:
    return format_datetime(moment.astimezone(settings.tz), "EEEE d MMMM y 'om' HH:mm", locale="nl_NL",
                           tzinfo=settings.tz)


def _puntnaam(punt: Agendapunt) -> str:
    return f"{punt.nummer} {punt.titel}" if punt.nummer else punt.titel


def _mail_aanmelding(session: Session, settings: Settings, view: MeetingView, punt: Agendapunt,
                     verzoek: Inspreekverzoek, bevestig: str, annuleer: str) -> None:
    """Mails stay Dutch, whatever the language of the page."""
    basis = settings.base_url.rstrip("/")
    tekst = (
        f"Beste {verzoek.naam},\n\n"
        f"U heeft zich aangemeld om in te spreken bij de vergadering {view.titel} van "
        f"{_wanneer(view.vergadering.start, settings)}, bij agendapunt {_puntnaam(punt)}.\n\n"
        f"Uw onderwerp: {verzoek.onderwerp}\n\n"
        f"Bevestig uw aanmelding met deze link:\n{basis}/inspreken/bevestigen/{bevestig}\n\n"
        f"Zonder bevestiging spreekt u niet in. Wilt u toch niet inspreken? Meld u dan af met deze link:\n"
        f"{basis}/inspreken/afmelden/{annuleer}\n\n"
        f"Heeft u zich niet aangemeld? Dan kunt u deze e-mail negeren.\n\n"
        f"Uw naam, e-mailadres en onderwerp zijn alleen zichtbaar voor de griffie. Ze worden "
        f"{settings.inspreken_bewaardagen} dagen na de vergadering verwijderd.\n\n"
        f"{kenmerk(verzoek.id)}\n"
    )
    queue(session, aan=[verzoek.email], onderwerp=f"Bevestig uw aanmelding om in te spreken: {punt.titel}",
          tekst=tekst)


def _mail_dubbel(session: Session, settings: Settings, view: MeetingView, punt: Agendapunt,
                 verzoek: Inspreekverzoek, nu: datetime) -> None:
    """The note to an address that registered again for the same item. It carries the existing registration's
    reference, so ``opschonen`` scrubs it with the others; it does not repeat the name or topic just entered.
    At most one such note an hour per registration, so the form cannot be used to flood someone's mailbox."""
    onderwerp = f"U was al aangemeld om in te spreken: {punt.titel}"
    al = session.exec(select(Bericht.id).where(
        Bericht.aan == verzoek.email, Bericht.onderwerp == onderwerpregel(onderwerp),
        col(Bericht.tekst).contains(kenmerk(verzoek.id), autoescape=True),
        Bericht.created_at >= nu - timedelta(hours=1))).first()
    if al is not None:
        return
    tekst = (
        f"Beste {verzoek.naam},\n\n"
        f"Er is opnieuw geprobeerd om met dit e-mailadres aan te melden om in te spreken bij de vergadering "
        f"{view.titel} van {_wanneer(view.vergadering.start, settings)}, bij agendapunt {_puntnaam(punt)}.\n\n"
        f"U was al aangemeld voor dit agendapunt. Die aanmelding blijft staan; er is geen tweede aanmelding "
        f"gemaakt. Gebruik de links in de eerste e-mail die u van ons kreeg om uw aanmelding te bevestigen of om "
        f"u af te melden.\n\n"
        f"Heeft u dit niet zelf gedaan? Dan kunt u deze e-mail negeren.\n\n"
        f"{kenmerk(verzoek.id)}\n"
    )
    queue(session, aan=[verzoek.email], onderwerp=onderwerp, tekst=tekst)


# --- the links ---------------------------------------------------------------------------------------------------


class Linkfout(StrEnum):
    onbekend = "onbekend"  # 404
    gebruikt = "gebruikt"  # 410
    verlopen = "verlopen"  # 410
    besloten = "besloten"  # 410: the item or the meeting is no longer public (confirming only)


class LinkOngeldig(Exception):
    def __init__(self, fout: Linkfout, verzoek: Inspreekverzoek | None = None):
        super().__init__(fout.value)
        self.fout, self.verzoek = fout, verzoek

    @property
    def status_code(self) -> int:
        return 404 if self.fout == Linkfout.onbekend else 410


@dataclass(frozen=True)
class Link:
    verzoek: Inspreekverzoek
    view: MeetingView
    punt: Agendapunt


def _via_link(session: Session, token: str, *, bevestigen: bool, nu: datetime) -> Link:
    """The registration a link belongs to, if the link may still be used; else LinkOngeldig."""
    if not _TOKEN.match(token):
        raise LinkOngeldig(Linkfout.onbekend)
    kolom = Inspreekverzoek.bevestig_hash if bevestigen else Inspreekverzoek.annuleer_hash
    verzoek = session.exec(select(Inspreekverzoek).where(kolom == token_hash(token))).first()
    if verzoek is None:
        raise LinkOngeldig(Linkfout.onbekend)
    punt = session.get(Agendapunt, verzoek.agendapunt_id)
    try:
        view = get_meeting(session, punt.vergadering_id)
    except NotFound:
        raise LinkOngeldig(Linkfout.onbekend) from None
    klaar = Inspreekstatus.bevestigd if bevestigen else Inspreekstatus.geannuleerd
    if verzoek.status == klaar or verzoek.status == Inspreekstatus.geannuleerd:
        raise LinkOngeldig(Linkfout.gebruikt, verzoek)
    v = view.vergadering
    if punt.deleted_at is not None or v.status == Status.geannuleerd or nu >= v.start:
        raise LinkOngeldig(Linkfout.verlopen, verzoek)
    if bevestigen and not (v.openbaar and punt.openbaar):
        raise LinkOngeldig(Linkfout.besloten, verzoek)
    return Link(verzoek, view, punt)


def link(session: Session, token: str, *, bevestigen: bool, nu: datetime | None = None) -> Link:
    return _via_link(session, token, bevestigen=bevestigen, nu=nu or utcnow())


def bevestig(session: Session, token: str, settings: Settings, *, nu: datetime | None = None) -> Link:
    """Confirm a registration, if the item still has room (Conflict if not; the registration stays unconfirmed
    and the link keeps working, in case a place comes free).

    The rule: a registration made before the closing time (``inspreken_sluit_uren`` before the start) may be
    confirmed until the meeting starts, also after the closing time, but only while the meeting goes ahead and
    both the meeting and the agenda item are public; otherwise the link is unusable (LinkOngeldig, a 410 page).
    Cancelling stays possible while the meeting goes ahead, public or not."""
    nu = nu or utcnow()
    gevonden = _via_link(session, token, bevestigen=True, nu=nu)
    # Lock the item's limit row (PostgreSQL) so two confirmations cannot both take the last place.
    if session.get_bind().dialect.name == "postgresql":
        session.exec(select(Agendapunt.id).where(Agendapunt.id == gevonden.punt.id).with_for_update())
    limieten, bevestigd = _tellingen(session, [gevonden.punt.id])
    maximum = limieten.get(gevonden.punt.id)
    if maximum is not None and bevestigd.get(gevonden.punt.id, 0) >= maximum:
        raise Conflict(_(GESLOTEN_LABELS[Gesloten.dicht if maximum == 0 else Gesloten.vol]) + " " +
                       _("Uw aanmelding is daarom niet bevestigd. Neem contact op met de griffie als u toch wilt "
                         "inspreken."))
    verzoek = gevonden.verzoek
    verzoek.status, verzoek.bevestigd_at = Inspreekstatus.bevestigd, nu
    session.add(verzoek)
    session.flush()
    return gevonden


def annuleer(session: Session, token: str, *, nu: datetime | None = None) -> Link:
    nu = nu or utcnow()
    gevonden = _via_link(session, token, bevestigen=False, nu=nu)
    verzoek = gevonden.verzoek
    verzoek.status, verzoek.geannuleerd_at = Inspreekstatus.geannuleerd, nu
    session.add(verzoek)
    session.flush()
    return gevonden


# --- the griffier ------------------------------------------------------------------------------------------------


def mag_lijst_zien(actor: Actor, view: MeetingView) -> bool:
    """A griffier of a gemeente whose body meets, the secretaris of a regeling whose body meets, or a beheerder."""
    return actor.beheerder or any(actor.may_manage_orgaan(o) for o in view.organen)


def mag_limiet_zetten(actor: Actor, view: MeetingView) -> bool:
    """Whoever manages every body of the meeting, as for editing it: in a joint meeting the griffier of one
    gemeente does not decide for the bodies of another. A beheerder always; the secretaris of a regeling when the
    bodies are the regeling's."""
    return actor.beheerder or actor.may_manage_organen(view.organen)


def require_limiet(actor: Actor, view: MeetingView) -> None:
    require_authenticated(actor)
    if not mag_limiet_zetten(actor, view):
        raise Forbidden("Alleen wie alle organen van deze vergadering beheert (de griffie of het secretariaat van "
                        "elk orgaan dat vergadert, of een beheerder), stelt het maximum aantal insprekers in.")


def require_lijst(actor: Actor, view: MeetingView) -> None:
    require_authenticated(actor)
    if not mag_lijst_zien(actor, view):
        raise Forbidden("Alleen de griffie van een gemeente of het secretariaat van een regeling waarvan een orgaan "
                        "in deze vergadering vergadert, ziet wie zich heeft aangemeld om in te spreken.")


@dataclass(frozen=True)
class Punt:
    plek: Plek
    verzoeken: list[Inspreekverzoek]


def insprekers(session: Session, actor: Actor, view: MeetingView, agenda: Sequence[Agendapunt], settings: Settings,
               *, nu: datetime | None = None) -> list[Punt]:
    """The registrations per agenda item, with personal data: for the griffier only."""
    require_lijst(actor, view)
    alle = plekken(session, view, agenda, settings, nu=nu)
    per_punt: dict[int, list[Inspreekverzoek]] = {p.id: [] for p in agenda}
    if agenda:
        for verzoek in session.exec(select(Inspreekverzoek)
                                    .where(col(Inspreekverzoek.agendapunt_id).in_(list(per_punt)))
                                    .order_by(Inspreekverzoek.created_at, Inspreekverzoek.id)).all():
            per_punt[verzoek.agendapunt_id].append(verzoek)
    return [Punt(alle[p.id], per_punt[p.id]) for p in agenda]


def zet_limiet(session: Session, actor: Actor, *, meeting_id: int, punt_id: int, maximum: int | None) -> None:
    """Set the number of confirmed speakers an item takes (0 closes it; None: no limit). Confirmed speakers
    above a lowered limit stay confirmed: the griffier sees them and decides."""
    view, punt = get_punt(session, meeting_id, punt_id)
    require_limiet(actor, view)
    if maximum is not None and not 0 <= maximum <= 100:
        raise Invalid("Vul een aantal van 0 tot en met 100 in, of laat het veld leeg voor geen maximum.",
                      errors=[{"name": "max_insprekers", "reason": "een aantal van 0 tot en met 100"}])
    ruimte = session.get(Inspreekruimte, punt.id)
    if maximum is None:
        if ruimte is not None:
            session.delete(ruimte)
    elif ruimte is None:
        session.add(Inspreekruimte(agendapunt_id=punt.id, max_insprekers=maximum))
    else:
        ruimte.max_insprekers = maximum
        ruimte.modified_at = utcnow()
        session.add(ruimte)
    session.flush()


# --- AVG/GDPR ----------------------------------------------------------------------------------------------------


def opschonen(session: Session, nu: datetime | None = None, *, settings: Settings | None = None,
              bewaardagen: int | None = None) -> int:
    """Delete the registrations of meetings that ended more than ``bewaardagen`` days ago (default: the setting
    ``inspreken_bewaardagen``), and scrub the citizen's address and the mail text from the outbox rows that
    carried their mails. Returns the number of registrations deleted. In the caller's transaction."""
    if bewaardagen is None:
        if settings is None:
            from app.config import get_settings

            settings = get_settings()
        bewaardagen = settings.inspreken_bewaardagen
    grens = (nu or utcnow()) - timedelta(days=bewaardagen)
    oud = session.exec(
        select(Inspreekverzoek.id, Inspreekverzoek.email)
        .join(Agendapunt, Agendapunt.id == Inspreekverzoek.agendapunt_id)
        .join(Vergadering, Vergadering.id == Agendapunt.vergadering_id)
        .where(Vergadering.einde < grens)
    ).all()
    if not oud:
        return 0
    ids = [verzoek_id for verzoek_id, _email in oud]
    for verzoek_id, email in oud:
        session.execute(
            sa.update(Bericht)
            .where(Bericht.aan == email, col(Bericht.tekst).contains(kenmerk(verzoek_id), autoescape=True))
            # An unsent message is given up: it has no address left to go to.
            .values(aan=GESCHRAPT, tekst=GESCHRAPTE_TEKST, html=None, fout=None, volgende_poging_at=None,
                    pogingen=sa.case((Bericht.pogingen < MAX_POGINGEN, MAX_POGINGEN), else_=Bericht.pogingen),
                    modified_at=utcnow())
        )
    for start in range(0, len(ids), 500):
        session.execute(sa.delete(Inspreekverzoek).where(col(Inspreekverzoek.id).in_(ids[start:start + 500])))
    session.flush()
    return len(ids)
