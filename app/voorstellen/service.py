"""The life of a voorstel: drafted by the board, sent to the councils with its zienswijze deadline, handled in
each council, answered, decided by the AB, published, and after that only corrected, visibly.

Every change is appended to the history (``app.historie``) in the same transaction. Who may do what:
- the secretaris of the regeling (or a beheerder) acts for the board: drafts, sends, answers, records the AB's
  decision, publishes and corrects;
- the griffier of a gemeente records the outcome of that council's Behandeling;
- the secretaris or whoever manages the advising body records a Raadstafel's or carrousel's advice.
Rows two people may edit carry a ``versie``: a stale one is a 409.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.berichten.meldingen import meld
from app.berichten.models import Melding
from app.db import lokale_dag
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.gemeenten.models import Gemeente
from app.historie import service as historie
from app.historie.models import Gebeurtenis
from app.i18n import N_
from app.organen.models import Orgaan, Soort
from app.planning import pc
from app.planning import service as planning
from app.planning.pc import Waarschuwing
from app.planning.termijnen import datum_tekst, termijn_na
from app.regelingen.models import Regeling
from app.regelingen.service import get_regeling
from app.stemmingen.models import Stemming, StemUitkomst
from app.vergaderingen.models import Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import (
    Afmelding,
    Behandeling,
    BehandelingRol,
    Besluit,
    Document,
    Uitkomst,
    Voorstel,
    VoorstelFase,
    VoorstelSoort,
)
from app.voorstellen.regels import rol_voor

SYSTEEM = Actor(naam="Tussenruimte (automatisch)")  # who sends the reminders
SYSTEEM_WIE = "Tussenruimte"  # how the history names it

UITKOMSTEN = {
    BehandelingRol.zienswijze: (Uitkomst.zienswijze, Uitkomst.geen_zienswijze, Uitkomst.afgezien),
    BehandelingRol.besluit: (Uitkomst.aangenomen, Uitkomst.verworpen, Uitkomst.geamendeerd),
}
# The words for a voorstel's kind, phase, a council's outcome and the AB's decision: the management pages and the
# public pages (app.besluiten) use these same labels. In a sentence, lower-case them.
UITKOMST_LABELS = {
    Uitkomst.zienswijze: N_("Zienswijze ingediend"),
    Uitkomst.geen_zienswijze: N_("Geen zienswijze"),
    Uitkomst.afgezien: N_("Afgezien van behandeling"),
    Uitkomst.aangenomen: N_("Aangenomen"),
    Uitkomst.verworpen: N_("Verworpen"),
    Uitkomst.geamendeerd: N_("Geamendeerd aangenomen"),
    Uitkomst.advies: N_("Advies gegeven"),
}
FASE_LABELS = {
    VoorstelFase.concept: N_("Concept"),
    VoorstelFase.verzonden: N_("Bij de raden"),
    VoorstelFase.besloten: N_("Besloten"),
    VoorstelFase.gepubliceerd: N_("Gepubliceerd"),
}
SOORT_LABELS = {
    VoorstelSoort.kadernota: N_("Kadernota"),
    VoorstelSoort.begroting: N_("Begroting"),
    VoorstelSoort.begrotingswijziging: N_("Begrotingswijziging"),
    VoorstelSoort.jaarrekening: N_("Jaarrekening"),
    VoorstelSoort.wijziging_regeling: N_("Wijziging van de regeling"),
    VoorstelSoort.overig: N_("Overig"),
}
BESLUIT_LABELS = {Besluit.aangenomen: N_("Aangenomen"), Besluit.verworpen: N_("Verworpen"),
                  Besluit.geamendeerd: N_("Geamendeerd aangenomen")}
ADVIES_SOORTEN = (Soort.adviescommissie, Soort.carrousel)
AB_SOORTEN = {VoorstelSoort.begroting, VoorstelSoort.begrotingswijziging, VoorstelSoort.jaarrekening}
# Wet open overheid: decisions are published actively within two weeks. The article could not be verified from
# the statute text at hand, so the portal names the act only.
WOO_BRON = "Wet open overheid"
WOO_WEKEN = 2
HERINNERING_DAGEN = 14
# What a published decision may still have corrected (visibly, with a reason).
CORRIGEERBAAR = ("titel", "toelichting", "besluit", "besloten_op", "besluit_tekst", "publicatie", "publicatie_url",
                 "gepubliceerd_op")
MAX_TITEL, MAX_PUBLICATIE, MAX_URL = 300, 300, 500


# --- what the pages and the API read ----------------------------------------------------------------------------


@dataclass(frozen=True)
class BehandelingView:
    behandeling: Behandeling
    orgaan: Orgaan
    gemeente: Gemeente | None
    vergadering: Vergadering | None


@dataclass(frozen=True)
class VoorstelDetail:
    voorstel: Voorstel
    regeling: Regeling
    documenten: list[Document]
    raden: list[BehandelingView]  # the councils' behandelingen, by gemeente name
    advies: list[BehandelingView]  # Raadstafel and carrousel
    overige: list[BehandelingView]  # the AB and any other body
    waarschuwingen: list[Waarschuwing]
    tijdlijn: list[Gebeurtenis]
    advies_organen: list[Orgaan] = field(default_factory=list)  # who may advise on it (for the beheer form)

    def raad(self, behandeling_id: int) -> BehandelingView | None:
        return next((b for b in self.raden if b.behandeling.id == behandeling_id), None)


def _voorstel(session: Session, voorstel_id: int, *, lock: bool = False) -> Voorstel:
    query = select(Voorstel).where(Voorstel.id == voorstel_id, col(Voorstel.deleted_at).is_(None))
    if lock:
        query = query.with_for_update()
    voorstel = session.exec(query).first()
    if voorstel is None:
        raise NotFound(f"Voorstel {voorstel_id} bestaat niet.")
    if lock:
        session.refresh(voorstel)  # the row as committed now, not as this session cached it
    return voorstel


def _behandeling(session: Session, voorstel_id: int, behandeling_id: int, *,
                 lock: bool = False) -> tuple[Behandeling, Voorstel, Orgaan]:
    voorstel = _voorstel(session, voorstel_id, lock=lock)
    query = select(Behandeling).where(Behandeling.id == behandeling_id, Behandeling.voorstel_id == voorstel.id,
                                      col(Behandeling.deleted_at).is_(None))
    if lock:
        query = query.with_for_update()
    behandeling = session.exec(query).first()
    if behandeling is None:
        raise NotFound(f"Behandeling {behandeling_id} van voorstel {voorstel_id} bestaat niet.")
    if lock:
        session.refresh(behandeling)
    return behandeling, voorstel, session.get(Orgaan, behandeling.orgaan_id)


def is_secretaris(actor: Actor, regeling: Regeling) -> bool:
    return actor.beheerder or regeling.id in actor.secretaris_van


def _require_secretaris(actor: Actor, regeling: Regeling, wat: str) -> None:
    require_authenticated(actor)
    if not is_secretaris(actor, regeling):
        raise Forbidden(f"Alleen de secretaris van {regeling.naam} kan {wat}.")


def _require_versie(row: Voorstel | Behandeling, versie: int | None, wat: str) -> None:
    if versie is None:
        raise Invalid("Geef de versie die u het laatst zag (het veld ‘versie’).",
                      errors=[{"name": "versie", "reason": "verplicht veld ontbreekt"}])
    if versie != row.versie:
        raise Conflict(f"{wat} is intussen gewijzigd (nu versie {row.versie}, u zag versie {versie}). "
                       "Er is niets opgeslagen; laad de pagina opnieuw en kijk of uw wijziging nog nodig is.")


def _niet_gepubliceerd(voorstel: Voorstel) -> None:
    if voorstel.fase == VoorstelFase.gepubliceerd:
        raise Conflict(f"‘{voorstel.titel}’ is gepubliceerd op {datum_tekst(voorstel.gepubliceerd_op)}; het "
                       "verandert nu alleen nog door een zichtbare correctie.")


def _verzonden(voorstel: Voorstel) -> None:
    if voorstel.fase == VoorstelFase.concept:
        raise Conflict(f"‘{voorstel.titel}’ is nog een concept: het is nog niet naar de raden gestuurd.")


def _tekst(waarde: str | None, naam: str, *, verplicht: str | None = None, max_lengte: int | None = None) -> str | None:
    waarde = (waarde or "").strip() or None
    if waarde is None and verplicht:
        raise Invalid(verplicht, errors=[{"name": naam, "reason": verplicht}])
    if waarde is not None and max_lengte and len(waarde) > max_lengte:
        reden = f"hoogstens {max_lengte} tekens"
        raise Invalid(f"‘{naam}’ is te lang: {reden}.", errors=[{"name": naam, "reason": reden}])
    return waarde


def _datum_tussen(d: date, naam: str, *, na: date | None, na_tekst: str, vandaag: date) -> None:
    if na is not None and d < na:
        reden = f"kan niet vóór {na_tekst} ({datum_tekst(na)}) liggen"
        raise Invalid(f"De datum {datum_tekst(d)} {reden}.", errors=[{"name": naam, "reason": reden}])
    if d > vandaag:
        reden = "ligt in de toekomst; leg vast wat er gebeurd is"
        raise Invalid(f"De datum {datum_tekst(d)} {reden}.", errors=[{"name": naam, "reason": reden}])


def _wie(actor: Actor, *, regeling: Regeling | None = None, gemeente: Gemeente | None = None,
         orgaan: Orgaan | None = None) -> str:
    """In what capacity the actor acts, as the public history shows it: never a person's name (who it was stays
    traceable through ``Gebeurtenis.gebruiker_id``). The secretaris of the regeling, the griffier of the gemeente,
    whoever manages the advising body, else the beheerder."""
    if regeling is not None and regeling.id in actor.secretaris_van:
        return f"secretaris van {regeling.naam}"
    if gemeente is not None and gemeente.id in actor.griffier_van:
        return f"griffier van {gemeente.naam}"
    if actor.beheerder:
        return "beheerder"
    if orgaan is not None:
        return f"namens {orgaan.naam}"
    raise ValueError("Voor de historie is een hoedanigheid nodig (secretaris, griffier of beheerder).")


def _pas_toe(row, nieuw: Mapping[str, object]) -> None:
    for veld, waarde in nieuw.items():
        setattr(row, veld, waarde)
    row.versie += 1
    session = sa.inspect(row).session
    if session is not None:
        session.add(row)
        session.flush()


def _griffiers(session: Session, gemeente_ids: Sequence[int]) -> list[str]:
    """The addresses of the griffiers of these councils (not the secretarissen: the message is about the council)."""
    if not gemeente_ids:
        return []
    rows = session.exec(
        select(Gebruiker.email).join(Roltoekenning, Roltoekenning.gebruiker_id == Gebruiker.id)
        .where(col(Gebruiker.actief).is_(True), Roltoekenning.rol == RolSoort.griffier,
               col(Roltoekenning.gemeente_id).in_(list(gemeente_ids)))
        .order_by(Gebruiker.email)
    ).all()
    return list(dict.fromkeys(rows))


# --- drafting and sending ---------------------------------------------------------------------------------------


def maak(session: Session, *, actor: Actor, regeling: str, titel: str, soort: VoorstelSoort,
         toelichting: str | None = None, documenten: Sequence[Mapping[str, str]] = ()) -> Voorstel:
    """A new voorstel of the regeling, in phase concept. A second one with the same title is a 409."""
    require_authenticated(actor)
    try:
        r = get_regeling(session, regeling)
    except NotFound as exc:
        raise Invalid(exc.detail, errors=[{"name": "regeling", "reason": "onbekende regeling"}]) from None
    _require_secretaris(actor, r, "een voorstel opstellen")
    titel = _tekst(titel, "titel", verplicht="Geef het voorstel een titel.", max_lengte=MAX_TITEL)
    dubbel = session.exec(
        select(Voorstel.id).where(Voorstel.regeling_id == r.id, Voorstel.titel == titel,
                                  col(Voorstel.deleted_at).is_(None))
    ).first()
    if dubbel is not None:
        raise Conflict(f"{r.naam} heeft al een voorstel ‘{titel}’ (voorstel {dubbel}). Is het formulier twee keer "
                       "verstuurd? Kies anders een andere titel.")
    voorstel = Voorstel(regeling_id=r.id, titel=titel, soort=soort, fase=VoorstelFase.concept,
                        toelichting=_tekst(toelichting, "toelichting"), beschikbaar=None, uiterlijk=None)
    session.add(voorstel)
    session.flush()
    for d in documenten:
        session.add(Document(voorstel_id=voorstel.id, titel=d["titel"], url=d["url"],
                             mime_type=d.get("mime_type") or "application/pdf"))
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id, soort="opgesteld",
                 wie=_wie(actor, regeling=r),
                 wijzigingen={"fase": [None, VoorstelFase.concept], "titel": [None, titel], "soort": [None, soort]},
                 toelichting=f"{len(documenten)} document(en)" if documenten else None)
    session.flush()
    return voorstel


def _volgende_ab(session: Session, regeling: Regeling, na: date) -> date | None:
    """The first meeting of the regeling's governing body after ``na`` (local date), or None."""
    from app.config import get_settings

    orgaan = planning.bestuur(session, regeling)
    if orgaan is None:
        return None
    tz = get_settings().tz
    begin = datetime.combine(na + timedelta(days=1), time.min, tz).astimezone(UTC)
    start = session.exec(
        select(Vergadering.start).join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
        .where(VergaderingOrgaan.orgaan_id == orgaan.id, col(Vergadering.deleted_at).is_(None),
               Vergadering.status != Status.geannuleerd, Vergadering.start >= begin)
        .order_by(Vergadering.start)
    ).first()
    return start.astimezone(tz).date() if start is not None else None


def verstuur(session: Session, *, actor: Actor, voorstel_id: int, verzonden_op: date, versie: int | None,
             ab_datum: date | None = None, uiterlijk: date | None = None,
             vandaag: date | None = None) -> tuple[Voorstel, list[Waarschuwing]]:
    """Send a concept to the councils: the zienswijze deadline and its source are set (``app.planning.pc``), and
    each participating council's raad gets a Behandeling in the role ``app.voorstellen.regels.rol_voor`` gives.
    Returns the voorstel and the warnings the dates gave (also in the history)."""
    voorstel = _voorstel(session, voorstel_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    _require_secretaris(actor, r, "een voorstel naar de raden sturen")
    _require_versie(voorstel, versie, "Het voorstel")
    if voorstel.fase != VoorstelFase.concept:
        raise Conflict(f"‘{voorstel.titel}’ is al naar de raden gestuurd"
                       + (f" op {datum_tekst(voorstel.beschikbaar)}." if voorstel.beschikbaar else "."))
    _datum_tussen(verzonden_op, "verzonden_op", na=None, na_tekst="", vandaag=vandaag or lokale_dag())
    nodig_ab = voorstel.soort in AB_SOORTEN or (
        voorstel.soort != VoorstelSoort.wijziging_regeling and uiterlijk is None)
    ab = ab_datum or (_volgende_ab(session, r, verzonden_op) if nodig_ab else None)
    try:
        mijlpaal, waarschuwingen = pc.zienswijzetermijn(voorstel.soort.value, verzonden_op, ab=ab,
                                                        termijnen=planning.termijnen(r), gegeven=uiterlijk)
    except ValueError as exc:
        veld = "uiterlijk" if uiterlijk is not None else "ab_datum"
        raise Invalid(str(exc), errors=[{"name": veld, "reason": str(exc)}]) from None
    bron = mijlpaal.omschrijving if len(mijlpaal.omschrijving) <= 300 else mijlpaal.bron[:300]
    nieuw = {"fase": VoorstelFase.verzonden, "beschikbaar": verzonden_op, "uiterlijk": mijlpaal.datum,
             "uiterlijk_bron": bron}
    d = planning.deelnemers(session, r.slug)
    rol = rol_voor(voorstel.soort)
    al = set(session.exec(
        select(Behandeling.orgaan_id).where(Behandeling.voorstel_id == voorstel.id,
                                            col(Behandeling.deleted_at).is_(None))
    ).all())
    zonder_raad = [g.naam for g in d.gemeenten if g.id not in d.raden]
    nieuwe = [raad for raad in d.raden.values() if raad.id not in al]
    toelichting = [f"Naar {len(d.raden)} raden; {len(nieuwe)} nieuwe behandeling(en)."]
    if zonder_raad:
        toelichting.append(f"Zonder gemeenteraad in de portal: {', '.join(zonder_raad)}.")
    toelichting += [w.tekst for w in waarschuwingen]
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id, soort="verzonden",
                 wie=_wie(actor, regeling=r), wijzigingen=historie.wijzigingen(voorstel, nieuw),
                 toelichting=" ".join(toelichting))
    _pas_toe(voorstel, nieuw)
    session.add_all(Behandeling(voorstel_id=voorstel.id, orgaan_id=raad.id, rol=rol) for raad in nieuwe)
    session.flush()
    return voorstel, waarschuwingen


# --- in the councils ---------------------------------------------------------------------------------------------


def leg_uitkomst_vast(session: Session, *, actor: Actor, voorstel_id: int, behandeling_id: int, uitkomst: Uitkomst,
                      tekst: str | None, besloten_op: date, versie: int | None,
                      vandaag: date | None = None) -> Behandeling:
    """The griffier records what the council did. A zienswijze needs its text. It can change until the AB decided
    (logged), unless the board already answered that zienswijze."""
    require_authenticated(actor)
    b, voorstel, orgaan = _behandeling(session, voorstel_id, behandeling_id, lock=True)
    if orgaan.soort != Soort.raad or b.rol not in UITKOMSTEN:
        raise Invalid("Dit is geen behandeling van een gemeenteraad; een advies legt u vast bij het voorstel.")
    gemeente = session.get(Gemeente, orgaan.gemeente_id)
    if not actor.may_manage_orgaan(orgaan):
        raise Forbidden(f"Alleen de griffier van {gemeente.naam} legt de uitkomst van de raad vast.")
    _niet_gepubliceerd(voorstel)
    _verzonden(voorstel)
    if voorstel.fase == VoorstelFase.besloten:
        raise Conflict(f"Het algemeen bestuur besloot op {datum_tekst(voorstel.besloten_op)} al over "
                       f"‘{voorstel.titel}’; de uitkomst in de raad ligt daarmee vast.")
    _require_versie(b, versie, f"De behandeling in {gemeente.naam}")
    toegestaan = UITKOMSTEN[b.rol]
    if uitkomst not in toegestaan:
        reden = "kies " + ", ".join(UITKOMST_LABELS[u].lower() for u in toegestaan)
        raise Invalid(f"Deze uitkomst past niet bij deze behandeling: {reden}.",
                      errors=[{"name": "uitkomst", "reason": reden}])
    tekst = _tekst(tekst, "tekst", verplicht="Vul de tekst van de zienswijze in." if uitkomst == Uitkomst.zienswijze
                   else None)
    _datum_tussen(besloten_op, "besloten_op", na=voorstel.beschikbaar, na_tekst="de verzending naar de raden",
                  vandaag=vandaag or lokale_dag())
    nieuw = {"uitkomst": uitkomst, "tekst": tekst, "besloten_op": besloten_op}
    wijzigingen = historie.wijzigingen(b, nieuw)
    if not wijzigingen:
        return b  # the same outcome again, at the current version: nothing to record
    if b.antwoord and ("uitkomst" in wijzigingen or "tekst" in wijzigingen):
        raise Conflict(f"Het dagelijks bestuur heeft de zienswijze van {gemeente.naam} al beantwoord; een andere "
                       "uitkomst of tekst past niet meer bij dat antwoord. Neem contact op met de secretaris.")
    historie.log(session, actor=actor, regeling_id=voorstel.regeling_id, voorstel_id=voorstel.id,
                 soort="uitkomst" if b.uitkomst is None else "uitkomst_gewijzigd", gemeente_id=gemeente.id,
                 wie=_wie(actor, gemeente=gemeente), wijzigingen=wijzigingen)
    _pas_toe(b, nieuw)
    return b


def beantwoord(session: Session, *, actor: Actor, voorstel_id: int, behandeling_id: int, antwoord: str,
               antwoord_op: date, versie: int | None, vandaag: date | None = None) -> Behandeling:
    """The board's written, reasoned answer to a council's zienswijze (Wgr art. 35 lid 4). The council's griffier
    and the subscribers hear of it (``Melding.antwoord``)."""
    require_authenticated(actor)
    b, voorstel, orgaan = _behandeling(session, voorstel_id, behandeling_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    _require_secretaris(actor, r, "namens het dagelijks bestuur een zienswijze beantwoorden")
    _niet_gepubliceerd(voorstel)
    gemeente = session.get(Gemeente, orgaan.gemeente_id) if orgaan.gemeente_id else None
    if b.uitkomst != Uitkomst.zienswijze:
        raise Conflict("Er is hier geen zienswijze om te beantwoorden"
                       + (f": {gemeente.naam} heeft (nog) geen zienswijze gegeven." if gemeente else "."))
    _require_versie(b, versie, "De behandeling")
    antwoord = _tekst(antwoord, "antwoord", verplicht="Vul het antwoord in: schriftelijk en gemotiveerd.")
    _datum_tussen(antwoord_op, "antwoord_op", na=b.besloten_op, na_tekst="de zienswijze",
                  vandaag=vandaag or lokale_dag())
    nieuw = {"antwoord": antwoord, "antwoord_op": antwoord_op}
    wijzigingen = historie.wijzigingen(b, nieuw)
    if not wijzigingen:
        return b
    eerder = b.antwoord is not None
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id,
                 soort="antwoord_gewijzigd" if eerder else "antwoord", gemeente_id=gemeente.id if gemeente else None,
                 wie=_wie(actor, regeling=r), wijzigingen=wijzigingen)
    _pas_toe(b, nieuw)
    naam = gemeente.naam if gemeente else orgaan.naam
    meld(session, soort=Melding.antwoord, regeling=r,
         onderwerp=f"{'Gewijzigd antwoord' if eerder else 'Antwoord'} op de zienswijze van {naam}: {voorstel.titel}",
         tekst=(f"Het dagelijks bestuur van {r.naam} heeft op {datum_tekst(antwoord_op)} geantwoord op de zienswijze "
                f"van {naam} over ‘{voorstel.titel}’ (Wgr art. 35 lid 4):\n\n{antwoord}"),
         pad=f"/voorstellen/{voorstel.id}", ook_aan=_griffiers(session, [gemeente.id] if gemeente else []))
    return b


def geef_advies(session: Session, *, actor: Actor, voorstel_id: int, orgaan: str, tekst: str, besloten_op: date,
                versie: int | None = None, vandaag: date | None = None) -> Behandeling:
    """The advice of a Raadstafel or carrousel, attached to the voorstel (and shown in every council's behandeling).
    Recorded by the secretaris or by whoever manages the advising body; a change of given advice needs its version.
    """
    require_authenticated(actor)
    voorstel = _voorstel(session, voorstel_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    o = session.exec(select(Orgaan).where(Orgaan.slug == (orgaan or "").strip().lower(),
                                          col(Orgaan.deleted_at).is_(None))).first()
    if o is None:
        raise Invalid(f"Orgaan ‘{orgaan}’ bestaat niet.", errors=[{"name": "orgaan", "reason": "onbekend orgaan"}])
    if o not in advies_organen(session, r):
        reden = "kies een Raadstafel of carrousel van deze regeling"
        raise Invalid(f"{o.naam} geeft geen advies over voorstellen van {r.naam}: {reden}.",
                      errors=[{"name": "orgaan", "reason": reden}])
    if not (is_secretaris(actor, r) or actor.may_manage_orgaan(o)):
        raise Forbidden(f"Alleen de secretaris van {r.naam} of wie {o.naam} beheert legt dit advies vast.")
    _niet_gepubliceerd(voorstel)
    _verzonden(voorstel)
    tekst = _tekst(tekst, "tekst", verplicht="Vul het advies in.")
    _datum_tussen(besloten_op, "besloten_op", na=voorstel.beschikbaar, na_tekst="de verzending naar de raden",
                  vandaag=vandaag or lokale_dag())
    b = session.exec(
        select(Behandeling).where(Behandeling.voorstel_id == voorstel.id, Behandeling.orgaan_id == o.id,
                                  Behandeling.rol == BehandelingRol.advies, col(Behandeling.deleted_at).is_(None))
        .order_by(Behandeling.id).with_for_update()
    ).first()
    if b is not None and b.uitkomst is not None and versie is None:
        raise Conflict(f"Het advies van {o.naam} is al vastgelegd (op {datum_tekst(b.besloten_op)}). Wilt u het "
                       "wijzigen, geef dan de versie die u zag.")
    if b is not None and versie is not None:
        _require_versie(b, versie, f"Het advies van {o.naam}")
    if b is None:
        b = Behandeling(voorstel_id=voorstel.id, orgaan_id=o.id, rol=BehandelingRol.advies)
        session.add(b)
        session.flush()
    nieuw = {"uitkomst": Uitkomst.advies, "tekst": tekst, "besloten_op": besloten_op}
    wijzigingen = historie.wijzigingen(b, nieuw)
    if not wijzigingen:
        return b
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id,
                 soort="advies" if b.uitkomst is None else "advies_gewijzigd",
                 wie=_wie(actor, regeling=r, orgaan=o),
                 wijzigingen={"orgaan": [None, o.naam], **wijzigingen})
    _pas_toe(b, nieuw)
    return b


def advies_organen(session: Session, regeling: Regeling) -> list[Orgaan]:
    """The bodies that advise on the regeling's voorstellen: its Raadstafels and carrousels."""
    return list(session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, col(Orgaan.soort).in_(ADVIES_SOORTEN),
                             col(Orgaan.deleted_at).is_(None)).order_by(Orgaan.naam)
    ).all())


def advies(session: Session, voorstel_ids: Sequence[int]) -> dict[int, list[BehandelingView]]:
    """The advice given on these voorstellen (Raadstafel, carrousel), per voorstel, in one query."""
    uit: dict[int, list[BehandelingView]] = {i: [] for i in voorstel_ids}
    if not voorstel_ids:
        return uit
    rows = session.exec(
        select(Behandeling, Orgaan, Vergadering).join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
        .outerjoin(Vergadering, Vergadering.id == Behandeling.vergadering_id)
        .where(col(Behandeling.voorstel_id).in_(list(voorstel_ids)), Behandeling.rol == BehandelingRol.advies,
               Behandeling.uitkomst == Uitkomst.advies, col(Behandeling.deleted_at).is_(None))
        .order_by(Behandeling.besloten_op, Orgaan.naam, Behandeling.id)
    ).all()
    for b, o, v in rows:
        uit[b.voorstel_id].append(BehandelingView(b, o, None, v))
    return uit


# --- the AB's decision and its publication ------------------------------------------------------------------------


def besluit(session: Session, *, actor: Actor, voorstel_id: int, besluit: Besluit, besloten_op: date,
            besluit_tekst: str | None = None, stemming_id: int | None = None, versie: int | None,
            vandaag: date | None = None) -> Voorstel:
    """Record the AB's decision (changeable until published). A given vote must be of this voorstel and agree with
    the decision. Unanswered zienswijzen do not stop it: they become a warning (``waarschuwingen``)."""
    voorstel = _voorstel(session, voorstel_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    _require_secretaris(actor, r, "het besluit van het algemeen bestuur vastleggen")
    _require_versie(voorstel, versie, "Het voorstel")
    _niet_gepubliceerd(voorstel)
    _verzonden(voorstel)
    _datum_tussen(besloten_op, "besloten_op", na=voorstel.beschikbaar, na_tekst="de verzending naar de raden",
                  vandaag=vandaag or lokale_dag())
    wijzigingen: dict[str, list] = {}
    if stemming_id is not None:
        stemming = session.get(Stemming, stemming_id)
        if stemming is None or stemming.deleted_at is not None or stemming.voorstel_id != voorstel.id:
            reden = "kies een stemming over dit voorstel"
            raise Invalid(f"Stemming {stemming_id} gaat niet over ‘{voorstel.titel}’.",
                          errors=[{"name": "stemming_id", "reason": reden}])
        if stemming.uitkomst == StemUitkomst.geen_quorum:
            reden = "bij die stemming was er geen quorum: er is toen niet geldig besloten"
            raise Invalid(f"Stemming {stemming_id}: {reden}.", errors=[{"name": "stemming_id", "reason": reden}])
        verwacht = StemUitkomst.verworpen if besluit == Besluit.verworpen else StemUitkomst.aangenomen
        if stemming.uitkomst != verwacht:
            reden = (f"de stemming is {stemming.uitkomst.value}, het besluit zegt {BESLUIT_LABELS[besluit].lower()}; "
                     "die moeten overeenkomen")
            raise Invalid(f"Stemming {stemming_id}: {reden}.", errors=[{"name": "stemming_id", "reason": reden}])
        wijzigingen["stemming_id"] = [None, stemming_id]
    nieuw = {"fase": VoorstelFase.besloten, "besluit": besluit, "besloten_op": besloten_op,
             "besluit_tekst": _tekst(besluit_tekst, "besluit_tekst")}
    wijzigingen = {**historie.wijzigingen(voorstel, nieuw), **wijzigingen}
    if not wijzigingen:
        return voorstel
    open_ = _onbeantwoord(session, voorstel.id)
    toelichting = (f"Wgr art. 35 lid 4: niet beantwoorde zienswijze(n) van {', '.join(open_)}." if open_ else None)
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id,
                 soort="besluit" if voorstel.fase == VoorstelFase.verzonden else "besluit_gewijzigd",
                 wie=_wie(actor, regeling=r), wijzigingen=wijzigingen, toelichting=toelichting)
    _pas_toe(voorstel, nieuw)
    return voorstel


def _onbeantwoord(session: Session, voorstel_id: int) -> list[str]:
    return list(session.exec(
        select(Gemeente.naam).join(Orgaan, Orgaan.gemeente_id == Gemeente.id)
        .join(Behandeling, Behandeling.orgaan_id == Orgaan.id)
        .where(Behandeling.voorstel_id == voorstel_id, Behandeling.uitkomst == Uitkomst.zienswijze,
               col(Behandeling.antwoord).is_(None), col(Behandeling.deleted_at).is_(None))
        .order_by(Gemeente.naam)
    ).all())


def woo_termijn(besloten_op: date) -> date:
    """The last day for the active publication of a decision taken on ``besloten_op``: two weeks (Wet open
    overheid), a statutory forward term, so the Algemene termijnenwet applies."""
    return termijn_na(besloten_op, weken=WOO_WEKEN, wettelijk=True).einde


def publiceer(session: Session, *, actor: Actor, voorstel_id: int, publicatie: str, publicatie_url: str | None,
              gepubliceerd_op: date, versie: int | None, vandaag: date | None = None) -> Voorstel:
    """The decision's reference in the regeling's publication blad. Afterwards it changes only by a correction."""
    voorstel = _voorstel(session, voorstel_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    _require_secretaris(actor, r, "een besluit publiceren")
    _require_versie(voorstel, versie, "Het voorstel")
    _niet_gepubliceerd(voorstel)
    if voorstel.fase != VoorstelFase.besloten:
        raise Conflict(f"Over ‘{voorstel.titel}’ is nog niet besloten: er is niets te publiceren.")
    publicatie = _tekst(publicatie, "publicatie", max_lengte=MAX_PUBLICATIE,
                        verplicht="Vul de vindplaats in het publicatieblad in, bijvoorbeeld ‘Staatscourant 2027, "
                                  "12345’.")
    _datum_tussen(gepubliceerd_op, "gepubliceerd_op", na=voorstel.besloten_op, na_tekst="het besluit",
                  vandaag=vandaag or lokale_dag())
    nieuw = {"fase": VoorstelFase.gepubliceerd, "publicatie": publicatie,
             "publicatie_url": _tekst(publicatie_url, "publicatie_url", max_lengte=MAX_URL),
             "gepubliceerd_op": gepubliceerd_op}
    termijn = woo_termijn(voorstel.besloten_op)
    te_laat = (f"Gepubliceerd na de termijn van de {WOO_BRON} (twee weken, uiterlijk {datum_tekst(termijn)})."
               if gepubliceerd_op > termijn else None)
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id, soort="gepubliceerd",
                 wie=_wie(actor, regeling=r), wijzigingen=historie.wijzigingen(voorstel, nieuw),
                 toelichting=te_laat)
    _pas_toe(voorstel, nieuw)
    return voorstel


def corrigeer(session: Session, *, actor: Actor, voorstel_id: int, velden: Mapping[str, object], reden: str,
              versie: int | None) -> Voorstel:
    """A visible correction of a published decision: the history marks it (``correctie``) with its reason."""
    voorstel = _voorstel(session, voorstel_id, lock=True)
    r = session.get(Regeling, voorstel.regeling_id)
    _require_secretaris(actor, r, "een gepubliceerd besluit corrigeren")
    _require_versie(voorstel, versie, "Het voorstel")
    if voorstel.fase != VoorstelFase.gepubliceerd:
        raise Conflict(f"‘{voorstel.titel}’ is nog niet gepubliceerd: een correctie is alleen voor een gepubliceerd "
                       "besluit. Leg het besluit gewoon opnieuw vast.")
    onbekend = sorted(set(velden) - set(CORRIGEERBAAR))
    if onbekend:
        reden_ = f"te corrigeren zijn alleen: {', '.join(CORRIGEERBAAR)}"
        raise Invalid(f"Onbekend veld: {', '.join(onbekend)}; {reden_}.",
                      errors=[{"name": n, "reason": reden_} for n in onbekend])
    reden = _tekst(reden, "reden", verplicht="Geef de reden van de correctie: die wordt bij het besluit getoond.")
    nieuw = dict(velden)
    for veld, verplicht in (("titel", "De titel mag niet leeg zijn."), ("publicatie", "De vindplaats mag niet leeg "
                                                                                       "zijn."),
                            ("besluit", "Het besluit mag niet leeg zijn."),
                            ("besloten_op", "De datum van het besluit mag niet leeg zijn."),
                            ("gepubliceerd_op", "De publicatiedatum mag niet leeg zijn.")):
        if veld in nieuw and (nieuw[veld] is None or (isinstance(nieuw[veld], str) and not nieuw[veld].strip())):
            raise Invalid(verplicht, errors=[{"name": veld, "reason": verplicht}])
    besloten_op = nieuw.get("besloten_op", voorstel.besloten_op)
    gepubliceerd_op = nieuw.get("gepubliceerd_op", voorstel.gepubliceerd_op)
    if voorstel.beschikbaar and besloten_op < voorstel.beschikbaar:
        raise Invalid("Het besluit kan niet vóór de verzending naar de raden liggen.",
                      errors=[{"name": "besloten_op", "reason": "vóór de verzending"}])
    if gepubliceerd_op < besloten_op:
        raise Invalid("De publicatie kan niet vóór het besluit liggen.",
                      errors=[{"name": "gepubliceerd_op", "reason": "vóór het besluit"}])
    wijzigingen = historie.wijzigingen(voorstel, nieuw)
    if not wijzigingen:
        raise Invalid("Deze correctie verandert niets: elk veld heeft al die waarde.")
    historie.log(session, actor=actor, regeling_id=r.id, voorstel_id=voorstel.id, soort="correctie",
                 wie=_wie(actor, regeling=r), wijzigingen=wijzigingen, toelichting=reden,
                 correctie=True)
    _pas_toe(voorstel, {k: v for k, v in nieuw.items() if k in wijzigingen})
    return voorstel


# --- reading ------------------------------------------------------------------------------------------------------


def waarschuwingen(voorstel: Voorstel, raden: Sequence[BehandelingView], vandaag: date, *,
                   afgemeld: Collection[int]) -> list[Waarschuwing]:
    """What is late or missing, as data with its source: the Woo's two weeks, unanswered zienswijzen, answers given
    after the decision, a passed deadline with councils that gave no outcome (a council that opted out,
    ``afgemeld`` holds its gemeente id, owes none)."""
    uit: list[Waarschuwing] = []
    if voorstel.fase == VoorstelFase.verzonden and voorstel.uiterlijk and vandaag > voorstel.uiterlijk:
        zonder = [b.gemeente.naam for b in raden
                  if b.behandeling.uitkomst is None and b.gemeente and b.gemeente.id not in afgemeld]
        if zonder:
            uit.append(Waarschuwing(
                "termijn_verstreken",
                f"De zienswijzetermijn liep af op {datum_tekst(voorstel.uiterlijk)}; zonder uitkomst: "
                f"{', '.join(zonder)}.", "", voorstel.uiterlijk))
    if voorstel.fase in (VoorstelFase.besloten, VoorstelFase.gepubliceerd) and voorstel.besloten_op:
        open_ = [b.gemeente.naam if b.gemeente else b.orgaan.naam for b in raden
                 if b.behandeling.uitkomst == Uitkomst.zienswijze and not b.behandeling.antwoord]
        if open_:
            uit.append(Waarschuwing(
                "zienswijze_onbeantwoord",
                f"Het algemeen bestuur besloot zonder dat het dagelijks bestuur elke zienswijze schriftelijk en "
                f"gemotiveerd beantwoordde: niet beantwoord is de zienswijze van {', '.join(open_)}.",
                "Wgr art. 35 lid 4"))
        laat = [b.gemeente.naam if b.gemeente else b.orgaan.naam for b in raden
                if b.behandeling.antwoord_op and b.behandeling.antwoord_op > voorstel.besloten_op]
        if laat:
            uit.append(Waarschuwing(
                "antwoord_na_besluit",
                f"Het antwoord aan {', '.join(laat)} kwam pas na het besluit van "
                f"{datum_tekst(voorstel.besloten_op)}; de wet vraagt het vóór het besluit.", "Wgr art. 35 lid 4"))
        termijn = woo_termijn(voorstel.besloten_op)
        if voorstel.fase == VoorstelFase.besloten and vandaag > termijn:
            uit.append(Waarschuwing(
                "woo_niet_gepubliceerd",
                f"Het besluit van {datum_tekst(voorstel.besloten_op)} is nog niet gepubliceerd. De {WOO_BRON} vraagt "
                f"actieve openbaarmaking binnen twee weken: uiterlijk {datum_tekst(termijn)}.", WOO_BRON, termijn))
        if voorstel.fase == VoorstelFase.gepubliceerd and voorstel.gepubliceerd_op > termijn:
            uit.append(Waarschuwing(
                "woo_laat_gepubliceerd",
                f"Het besluit is gepubliceerd op {datum_tekst(voorstel.gepubliceerd_op)}, na de termijn van twee "
                f"weken van de {WOO_BRON} (uiterlijk {datum_tekst(termijn)}).", WOO_BRON, termijn))
    return uit


def mag_zien(actor: Actor, voorstel: Voorstel, regeling: Regeling) -> bool:
    """Whether the actor may see the voorstel: anyone once it went to the councils; a concept is the board's draft,
    for the secretaris of its regeling and the beheerder only. The API and the public page both ask this."""
    return voorstel.fase != VoorstelFase.concept or is_secretaris(actor, regeling)


def vereis_zichtbaar(actor: Actor, voorstel: Voorstel, regeling: Regeling) -> None:
    """A 404 for a voorstel the actor may not see: a concept does not exist for the public."""
    if not mag_zien(actor, voorstel, regeling):
        raise NotFound(f"Voorstel {voorstel.id} bestaat niet (of is nog niet openbaar).")


def afgemeld(session: Session, voorstel_ids: Sequence[int]) -> dict[int, set[int]]:
    """The councils that opted out of these voorstellen: ``{voorstel_id: {gemeente_id}}``, in one query."""
    uit: dict[int, set[int]] = {i: set() for i in voorstel_ids}
    if voorstel_ids:
        for voorstel_id, gemeente_id in session.exec(
            select(Afmelding.voorstel_id, Afmelding.gemeente_id)
            .where(col(Afmelding.voorstel_id).in_(list(voorstel_ids)), col(Afmelding.deleted_at).is_(None))
        ).all():
            uit[voorstel_id].add(gemeente_id)
    return uit


def detail(session: Session, voorstel_id: int, *, actor: Actor, vandaag: date | None = None) -> VoorstelDetail:
    """A voorstel with its documents, every behandeling, the warnings and the timeline (six queries). A concept is
    a 404 for whoever may not see it (``mag_zien``)."""
    voorstel = _voorstel(session, voorstel_id)
    regeling = session.get(Regeling, voorstel.regeling_id)
    vereis_zichtbaar(actor, voorstel, regeling)
    documenten = list(session.exec(
        select(Document).where(Document.voorstel_id == voorstel.id, col(Document.deleted_at).is_(None))
        .order_by(Document.id)
    ).all())
    rows = session.exec(
        select(Behandeling, Orgaan, Gemeente, Vergadering).join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
        .outerjoin(Gemeente, Gemeente.id == Orgaan.gemeente_id)
        .outerjoin(Vergadering, Vergadering.id == Behandeling.vergadering_id)
        .where(Behandeling.voorstel_id == voorstel.id, col(Behandeling.deleted_at).is_(None))
        .order_by(Gemeente.naam, Orgaan.naam, Behandeling.id)
    ).all()
    views = [BehandelingView(b, o, g, v) for b, o, g, v in rows]
    raden = [v for v in views if v.orgaan.soort == Soort.raad and v.behandeling.rol in UITKOMSTEN]
    adviezen = [v for v in views if v.behandeling.rol == BehandelingRol.advies]
    overige = [v for v in views if v not in raden and v not in adviezen]
    return VoorstelDetail(
        voorstel=voorstel, regeling=regeling, documenten=documenten, raden=raden, advies=adviezen, overige=overige,
        waarschuwingen=waarschuwingen(voorstel, raden, vandaag or lokale_dag(),
                                      afgemeld=afgemeld(session, [voorstel.id])[voorstel.id]),
        tijdlijn=historie.tijdlijn(session, voorstel_ids=[voorstel.id]),
        advies_organen=advies_organen(session, regeling),
    )


def beheer(session: Session, *, actor: Actor, voorstel_id: int) -> VoorstelDetail:
    """The voorstel for its management page: the secretaris, or whoever manages one of its advising bodies."""
    require_authenticated(actor)
    d = detail(session, voorstel_id, actor=actor)
    if not (is_secretaris(actor, d.regeling) or any(actor.may_manage_orgaan(o) for o in d.advies_organen)):
        raise Forbidden(f"Alleen de secretaris van {d.regeling.naam} beheert dit voorstel.")
    return d


def behandeling_voor_griffier(session: Session, *, actor: Actor, voorstel_id: int,
                              behandeling_id: int) -> tuple[VoorstelDetail, BehandelingView]:
    """The voorstel and one council's behandeling, for the griffier who records its outcome."""
    require_authenticated(actor)
    d = detail(session, voorstel_id, actor=actor)
    view = d.raad(behandeling_id)
    if view is None:
        raise NotFound(f"Voorstel {voorstel_id} heeft geen behandeling {behandeling_id} in een gemeenteraad.")
    if not actor.may_manage_orgaan(view.orgaan):
        raise Forbidden(f"Alleen de griffier van {view.gemeente.naam} legt de uitkomst van de raad vast.")
    return d, view


# --- reminders ----------------------------------------------------------------------------------------------------


def deadline_herinneringen(session: Session, vandaag: date) -> int:
    """Remind the griffiers of councils without an outcome (and the subscribers) when a zienswijze deadline is
    ``HERINNERING_DAGEN`` days away or less: once per voorstel, which the history (soort ``herinnering``) tells.
    A council that opted out (``Afmelding``) is not reminded. Returns the number of voorstellen reminded of."""
    gehad = select(Gebeurtenis.voorstel_id).where(Gebeurtenis.soort == "herinnering",
                                                  col(Gebeurtenis.voorstel_id).is_not(None))
    kandidaten = session.exec(
        select(Voorstel.id).where(
            Voorstel.fase == VoorstelFase.verzonden, col(Voorstel.deleted_at).is_(None),
            col(Voorstel.uiterlijk).is_not(None), Voorstel.uiterlijk >= vandaag,
            Voorstel.uiterlijk <= vandaag + timedelta(days=HERINNERING_DAGEN), col(Voorstel.id).not_in(gehad),
        ).order_by(Voorstel.uiterlijk, Voorstel.id)
    ).all()
    n = 0
    for voorstel_id in kandidaten:
        voorstel = _voorstel(session, voorstel_id, lock=True)
        al = session.exec(select(Gebeurtenis.id).where(Gebeurtenis.voorstel_id == voorstel.id,
                                                       Gebeurtenis.soort == "herinnering")).first()
        if al is not None or voorstel.fase != VoorstelFase.verzonden:  # another run was first
            continue
        opgezegd = select(Afmelding.gemeente_id).where(Afmelding.voorstel_id == voorstel.id,
                                                       col(Afmelding.deleted_at).is_(None))
        zonder = session.exec(
            select(Gemeente.id, Gemeente.naam).join(Orgaan, Orgaan.gemeente_id == Gemeente.id)
            .join(Behandeling, Behandeling.orgaan_id == Orgaan.id)
            .where(Behandeling.voorstel_id == voorstel.id, Orgaan.soort == Soort.raad,
                   col(Behandeling.uitkomst).is_(None), col(Behandeling.deleted_at).is_(None),
                   col(Gemeente.id).not_in(opgezegd))
            .order_by(Gemeente.naam)
        ).all()
        if not zonder:
            continue
        r = session.get(Regeling, voorstel.regeling_id)
        dagen = (voorstel.uiterlijk - vandaag).days
        namen = ", ".join(naam for _, naam in zonder)
        meld(session, soort=Melding.zienswijzetermijn, regeling=r,
             onderwerp=f"Zienswijzetermijn loopt af op {datum_tekst(voorstel.uiterlijk)}: {voorstel.titel}",
             tekst=(f"De zienswijzetermijn van ‘{voorstel.titel}’ loopt over {dagen} dagen af, op "
                    f"{datum_tekst(voorstel.uiterlijk)} ({voorstel.uiterlijk_bron or 'termijn van de regeling'}).\n\n"
                    f"Nog geen uitkomst vastgelegd voor: {namen}."),
             pad=f"/voorstellen/{voorstel.id}", ook_aan=_griffiers(session, [g for g, _ in zonder]))
        historie.log(session, actor=SYSTEEM, regeling_id=r.id, voorstel_id=voorstel.id, soort="herinnering",
                     wie=SYSTEEM_WIE,
                     toelichting=f"Herinnering: de termijn loopt af op {datum_tekst(voorstel.uiterlijk)}; nog geen "
                                 f"uitkomst van {namen}.")
        n += 1
    return n

