"""The yearly accountability meeting (verantwoordingsbijeenkomst) of a regeling, where its board answers to the
members of every participating council (61% of council members ask for one; see the domain brief).

Per regeling and year one meeting, a ``Vergadering`` of the regeling's radenbijeenkomst orgaan (made when the
regeling has none). The dates come from the planner's calendars (``app.planning.service.momentopname``) and
rules (``app.verantwoording.beschikbaarheid``, built on ``app.planning.kalender`` and ``app.planning.raden``); the
secretaris picks one, which is checked again inside the writing transaction, so a council that put a meeting on
that day in the meantime is not overruled. Every council's griffier, every council member with an account and the
subscribers are invited. Attendance per council is recorded by its griffier or the secretaris, against the
council's seats (the sum of its fracties' seats).
"""

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlmodel import Session, col, func, or_, select

from app.accounts.authz import Actor, require_authenticated
from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.berichten.meldingen import meld
from app.berichten.models import Melding
from app.db import lokale_dag
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.gemeenten.service import get_gemeente
from app.organen.models import Lidmaatschap, Orgaan, Soort
from app.planning import service as planning
from app.planning.service import Deelnemers
from app.planning.termijnen import datum_tekst
from app.regelingen.models import Regeling
from app.verantwoording import beschikbaarheid as regels
from app.verantwoording.beschikbaarheid import Beschikbaarheid
from app.verantwoording.models import Aanwezigheid, Verantwoordingsbijeenkomst
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.service import MeetingView, views

AANVANG = time(19, 30)  # when the regeling's body has no usual start time of its own
DUUR_MINUTEN = 150
PERIODE_DAGEN = 60  # the window the plan form proposes
MIN_JAAR, MAX_JAAR = 2000, 2200  # as the table allows


def _ongeldig(veld: str, tekst: str) -> Invalid:
    """A 422 that names its field, so a form shows the reason next to it (``invalid-params`` in the API)."""
    return Invalid(tekst, errors=[{"name": veld, "reason": tekst}])


# --- who may do what ------------------------------------------------------------------------------------------


def mag_plannen(actor: Actor, d: Deelnemers) -> bool:
    """Looking for dates: the secretaris and the griffiers of the councils (the planner's own rule)."""
    return planning.may_plan(actor, d)


def mag_vaststellen(actor: Actor, d: Deelnemers) -> bool:
    """Fixing the date and inviting everyone: the regeling's secretaris (or a beheerder)."""
    return planning.may_accept(actor, d)


def mag_registreren(actor: Actor, regeling_id: int, gemeente_id: int) -> bool:
    """Attendance of a council: its own griffier, or the regeling's secretaris (or a beheerder)."""
    return actor.beheerder or regeling_id in actor.secretaris_van or gemeente_id in actor.griffier_van


# --- the list per regeling -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Regel:
    bijeenkomst: Verantwoordingsbijeenkomst
    vergadering: MeetingView
    aanwezig: int  # members present over all councils that recorded
    zetels: int  # the seats of all participating councils
    geregistreerd: int  # councils whose attendance is recorded


@dataclass(frozen=True)
class Overzicht:
    deelnemers: Deelnemers
    orgaan: Orgaan | None
    regels: list[Regel]  # newest year first

    @property
    def regeling(self) -> Regeling:
        return self.deelnemers.regeling


def overzicht(session: Session, *, regeling: str) -> Overzicht:
    """The regeling's accountability meetings, newest year first (a fixed number of queries)."""
    d = planning.deelnemers(session, regeling)
    rows = session.exec(
        select(Verantwoordingsbijeenkomst, Vergadering)
        .join(Vergadering, Vergadering.id == Verantwoordingsbijeenkomst.vergadering_id)
        .where(Verantwoordingsbijeenkomst.regeling_id == d.regeling.id,
               col(Verantwoordingsbijeenkomst.deleted_at).is_(None), col(Vergadering.deleted_at).is_(None))
        .order_by(col(Verantwoordingsbijeenkomst.jaar).desc())
    ).all()
    meetings = {m.vergadering.id: m for m in views(session, [v for _, v in rows])}
    ids = [g.id for g in d.gemeenten]
    zetels = sum(_zetels(session, ids).values())
    totalen = _aanwezig_totalen(session, [b.id for b, _ in rows], ids)
    uit = []
    for b, v in rows:
        aanwezig, geregistreerd = totalen.get(b.id, (0, 0))
        uit.append(Regel(b, meetings[v.id], aanwezig, zetels, geregistreerd))
    return Overzicht(d, _orgaan(session, d.regeling), uit)


def _aanwezig_totalen(session: Session, bijeenkomst_ids: Sequence[int],
                      gemeente_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """bijeenkomst id → (members present, councils recorded), counting the current participants only."""
    if not bijeenkomst_ids or not gemeente_ids:
        return {}
    rows = session.exec(
        select(Aanwezigheid.bijeenkomst_id, func.sum(Aanwezigheid.aanwezig), func.count())
        .where(col(Aanwezigheid.bijeenkomst_id).in_(list(bijeenkomst_ids)),
               col(Aanwezigheid.gemeente_id).in_(list(gemeente_ids)))
        .group_by(Aanwezigheid.bijeenkomst_id)
    ).all()
    return {b: (int(n or 0), int(k)) for b, n, k in rows}


def _zetels(session: Session, gemeente_ids: Sequence[int]) -> dict[int, int]:
    """gemeente id → its council's seats: the sum of its fracties' seats."""
    if not gemeente_ids:
        return {}
    rows = session.exec(
        select(Fractie.gemeente_id, func.sum(Fractie.zetels))
        .where(col(Fractie.gemeente_id).in_(list(gemeente_ids)), col(Fractie.deleted_at).is_(None))
        .group_by(Fractie.gemeente_id)
    ).all()
    return {g: int(n or 0) for g, n in rows}


def _orgaan(session: Session, regeling: Regeling) -> Orgaan | None:
    """The regeling's radenbijeenkomst: the body the accountability meeting is a meeting of."""
    return session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, Orgaan.soort == Soort.radenbijeenkomst,
                             col(Orgaan.deleted_at).is_(None))
        .order_by(Orgaan.id)
    ).first()


def _maak_orgaan(session: Session, regeling: Regeling) -> Orgaan:
    basis = re.sub(r"[^a-z0-9-]+", "-", f"{regeling.slug}-verantwoording")[:110].strip("-")
    slug, n = basis, 1
    while session.exec(select(Orgaan.id).where(Orgaan.slug == slug)).first() is not None:
        n += 1
        slug = f"{basis}-{n}"
    orgaan = Orgaan(slug=slug, naam=f"Verantwoordingsbijeenkomst {regeling.naam}"[:160],
                    soort=Soort.radenbijeenkomst, regeling_id=regeling.id)
    session.add(orgaan)
    session.flush()
    return orgaan


# --- proposing dates --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Planning:
    deelnemers: Deelnemers
    orgaan: Orgaan | None
    uitkomst: Beschikbaarheid
    jaren: dict[int, int]  # jaar → id of the accountability meeting already planned for it


def standaardperiode(vandaag: date) -> tuple[date, date]:
    """Three weeks ahead (time for the invitation to reach every council) for ``PERIODE_DAGEN`` days."""
    van = vandaag + timedelta(days=21)
    return van, van + timedelta(days=PERIODE_DAGEN)


def _bezet(session: Session, orgaan: Orgaan | None, van: date, tot: date, tz: tzinfo) -> dict[date, str]:
    """Dates on which the regeling's radenbijeenkomst already meets."""
    if orgaan is None:
        return {}
    rows = session.exec(
        select(Vergadering.start)
        .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
        .where(VergaderingOrgaan.orgaan_id == orgaan.id, col(Vergadering.deleted_at).is_(None),
               Vergadering.status != Status.geannuleerd,
               Vergadering.start >= datetime.combine(van, time.min, tz).astimezone(UTC),
               Vergadering.start < datetime.combine(tot + timedelta(days=1), time.min, tz).astimezone(UTC))
    ).all()
    return {start.astimezone(tz).date(): f"{orgaan.naam} vergadert al op deze dag" for start in rows}


def _beschikbaarheid(session: Session, d: Deelnemers, orgaan: Orgaan | None, van: date, tot: date,
                     tz: tzinfo) -> Beschikbaarheid:
    opname = planning.momentopname(session, d.gemeenten, van=van, tot=tot, tz=tz)
    try:
        return regels.beschikbaarheid(opname.raden, van=van, tot=tot, bezet=_bezet(session, orgaan, van, tot, tz))
    except ValueError as exc:
        raise _ongeldig("tot", str(exc)) from exc


def _jaren(session: Session, regeling: Regeling) -> dict[int, int]:
    return dict(session.exec(
        select(Verantwoordingsbijeenkomst.jaar, Verantwoordingsbijeenkomst.id)
        .where(Verantwoordingsbijeenkomst.regeling_id == regeling.id,
               col(Verantwoordingsbijeenkomst.deleted_at).is_(None))
    ).all())


def beschikbaar(session: Session, *, actor: Actor, regeling: str, van: date, tot: date, tz: tzinfo) -> Planning:
    """The dates from ``van`` to ``tot`` on which every participating council can come, and why the others fail."""
    require_authenticated(actor)
    d = planning.deelnemers(session, regeling)
    if not mag_plannen(actor, d):
        raise Forbidden(f"Alleen de secretaris van {d.regeling.naam} en de griffiers van de deelnemende gemeenten "
                        "kunnen een verantwoordingsbijeenkomst plannen.")
    if not d.gemeenten:
        raise Invalid(f"{d.regeling.naam} heeft geen deelnemende gemeenten om uit te nodigen.")
    _periode(van, tot)
    orgaan = _orgaan(session, d.regeling)
    return Planning(d, orgaan, _beschikbaarheid(session, d, orgaan, van, tot, tz), _jaren(session, d.regeling))


def _periode(van: date, tot: date) -> None:
    if not (MIN_JAAR <= van.year <= MAX_JAAR and MIN_JAAR <= tot.year <= MAX_JAAR):
        raise _ongeldig("van", f"Kies data tussen de jaren {MIN_JAAR} en {MAX_JAAR}.")
    if tot < van:
        raise _ongeldig("tot", f"De einddatum ({datum_tekst(tot)}) ligt vóór de begindatum ({datum_tekst(van)}).")


# --- fixing the date: the meeting and the invitations ----------------------------------------------------------


@dataclass(frozen=True)
class Vastgesteld:
    bijeenkomst: Verantwoordingsbijeenkomst
    vergadering: Vergadering
    uitnodigingen: int  # messages queued


def plan(session: Session, *, actor: Actor, regeling: str, jaar: int, datum: date, vandaag: date, tz: tzinfo,
         aanvang: time | None = None, duur_minuten: int = DUUR_MINUTEN, locatie: str | None = None) -> Vastgesteld:
    """Fix the accountability meeting about ``jaar`` on ``datum``: the meeting, its agenda and the invitations.

    Refused: a second meeting about the same year (409), a date in the past or today (422), a date outside ``jaar``
    and the year after (422), no working day (422), a date on which a council cannot come (409, with the reasons).
    """
    require_authenticated(actor)
    d = planning.deelnemers(session, regeling)
    if not mag_vaststellen(actor, d):
        raise Forbidden(f"Alleen de secretaris van {d.regeling.naam} kan de verantwoordingsbijeenkomst vaststellen; "
                        "daarmee worden alle raden uitgenodigd.")
    r = d.regeling
    if not MIN_JAAR <= jaar <= MAX_JAAR:
        raise _ongeldig("jaar", f"Kies een jaar tussen {MIN_JAAR} en {MAX_JAAR}.")
    if datum <= vandaag:
        raise _ongeldig("datum", f"Kies een datum na vandaag ({datum_tekst(vandaag)}): de raden moeten "
                                 "uitgenodigd kunnen worden.")
    if datum.year not in (jaar, jaar + 1):
        raise _ongeldig("datum", f"Een verantwoordingsbijeenkomst over {jaar} valt in {jaar} of {jaar + 1}, niet "
                                 f"op {datum_tekst(datum)}.")
    if not 15 <= duur_minuten <= 720:
        raise _ongeldig("duur_minuten", "De duur moet tussen 15 minuten en 12 uur liggen.")
    if not d.gemeenten:
        raise Invalid(f"{r.naam} heeft geen deelnemende gemeenten om uit te nodigen.")
    # One writer per regeling at a time (PostgreSQL locks the row; SQLite has one writer anyway), so two clicks
    # cannot both see the year free; the unique constraint backs it up.
    session.exec(select(Regeling.id).where(Regeling.id == r.id).with_for_update()).one()
    _nog_vrij(session, r, jaar)
    orgaan = _orgaan(session, r)
    bezwaren = regels.bezwaren(planning.momentopname(session, d.gemeenten, van=datum, tot=datum, tz=tz).raden, datum,
                               bezet=_bezet(session, orgaan, datum, datum, tz))
    if bezwaren:
        reden = "; ".join(b.reden for b in bezwaren)
        if any(b.oorzaak in ("weekend", "feestdag") for b in bezwaren):
            raise _ongeldig("datum", f"{datum_tekst(datum)} is geen werkdag: {reden}.")
        raise Conflict(f"Op {datum_tekst(datum)} kunnen niet alle raden komen: {reden}. Kies een andere dag.")
    orgaan = orgaan or _maak_orgaan(session, r)
    begin = aanvang or orgaan.aanvang or AANVANG
    start = datetime.combine(datum, begin, tz)
    vergadering = Vergadering(naam=f"Verantwoordingsbijeenkomst {jaar}", start=start,
                              einde=start + timedelta(minutes=duur_minuten), locatie=locatie or None,
                              status=Status.gepland)
    session.add(vergadering)
    session.flush()
    session.add(VergaderingOrgaan(vergadering_id=vergadering.id, orgaan_id=orgaan.id))
    agenda = ("Opening", f"Verantwoording over {jaar}: jaarverslag en jaarrekening",
              "Vragen van raadsleden aan het bestuur", "Sluiting")
    session.add_all(Agendapunt(vergadering_id=vergadering.id, volgorde=i, nummer=str(i), titel=titel)
                    for i, titel in enumerate(agenda, start=1))
    bijeenkomst = Verantwoordingsbijeenkomst(regeling_id=r.id, jaar=jaar, vergadering_id=vergadering.id)
    try:
        with session.begin_nested():
            session.add(bijeenkomst)
            session.flush()
    except sa.exc.IntegrityError as exc:
        raise Conflict(f"Er is al een verantwoordingsbijeenkomst over {jaar} voor {r.naam}.") from exc
    n = _nodig_uit(session, d, bijeenkomst, vergadering, tz)
    return Vastgesteld(bijeenkomst, vergadering, n)


def _nog_vrij(session: Session, regeling: Regeling, jaar: int) -> None:
    bestaand = session.exec(
        select(Verantwoordingsbijeenkomst.id)
        .where(Verantwoordingsbijeenkomst.regeling_id == regeling.id, Verantwoordingsbijeenkomst.jaar == jaar)
    ).first()
    if bestaand is not None:
        raise Conflict(f"Er is al een verantwoordingsbijeenkomst over {jaar} voor {regeling.naam} "
                       f"(zie /verantwoording/{bestaand}). Verplaats die vergadering als de datum anders moet.")


def raadsleden(session: Session, gemeente_ids: Sequence[int], *, peildatum: date) -> dict[int, list[str]]:
    """gemeente id → the e-mail addresses of its council members with an active account: a user linked to a person
    of that gemeente who holds the raadslid role or a current membership of its raad."""
    if not gemeente_ids:
        return {}
    lid_van_raad = (
        select(Lidmaatschap.persoon_id)
        .join(Orgaan, Orgaan.id == Lidmaatschap.orgaan_id)
        .where(Orgaan.soort == Soort.raad, col(Orgaan.gemeente_id).in_(list(gemeente_ids)),
               col(Orgaan.deleted_at).is_(None), col(Lidmaatschap.deleted_at).is_(None),
               or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= peildatum),
               or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= peildatum))
    )
    met_rol = select(Roltoekenning.gebruiker_id).where(Roltoekenning.rol == RolSoort.raadslid)
    rows = session.exec(
        select(Persoon.gemeente_id, Gebruiker.email)
        .join(Persoon, Persoon.id == Gebruiker.persoon_id)
        .where(col(Gebruiker.actief).is_(True), col(Persoon.deleted_at).is_(None),
               col(Persoon.gemeente_id).in_(list(gemeente_ids)),
               or_(col(Persoon.id).in_(lid_van_raad), col(Gebruiker.id).in_(met_rol)))
        .order_by(Gebruiker.email)
    ).all()
    uit: dict[int, list[str]] = defaultdict(list)
    for gemeente_id, email in rows:
        uit[gemeente_id].append(email)
    return dict(uit)


def _nodig_uit(session: Session, d: Deelnemers, bijeenkomst: Verantwoordingsbijeenkomst, vergadering: Vergadering,
               tz: tzinfo) -> int:
    ids = [g.id for g in d.gemeenten]
    start = vergadering.start.astimezone(tz)
    leden = raadsleden(session, ids, peildatum=start.date())
    adressen = planning.griffier_adressen(session, ids, d.regeling.id) + [a for lijst in leden.values() for a in lijst]
    waar = f", {vergadering.locatie}" if vergadering.locatie else ""
    tekst = (
        f"U bent uitgenodigd voor de verantwoordingsbijeenkomst over {bijeenkomst.jaar} van {d.regeling.naam}: "
        f"{datum_tekst(start.date())} om {start:%H:%M}{waar}.\n\n"
        f"Het bestuur legt er verantwoording af aan de leden van alle {len(ids)} deelnemende raden: "
        f"{', '.join(g.naam for g in d.gemeenten)}.\n\n"
        "Griffiers: leg na afloop vast hoeveel leden van uw raad aanwezig waren."
    )
    return meld(session, soort=Melding.verantwoording, regeling=d.regeling,
                onderwerp=f"Uitnodiging verantwoordingsbijeenkomst {bijeenkomst.jaar}", tekst=tekst,
                pad=f"/verantwoording/{bijeenkomst.id}", ook_aan=adressen)


# --- one meeting: invitations and attendance ---------------------------------------------------------------------


@dataclass(frozen=True)
class Rij:
    gemeente: Gemeente
    zetels: int
    raadsleden: int  # council members invited by e-mail (they have an account)
    griffiers: int  # griffiers invited by e-mail
    aanwezigheid: Aanwezigheid | None
    mag: bool  # this actor may record the attendance

    @property
    def versie(self) -> str:
        return versie_van(self.aanwezigheid)


@dataclass(frozen=True)
class Detail:
    bijeenkomst: Verantwoordingsbijeenkomst
    regeling: Regeling
    vergadering: MeetingView
    agenda: list[Agendapunt]
    rijen: list[Rij]  # every participating council, by name
    begonnen: bool  # attendance can be recorded from the start of the meeting

    @property
    def aanwezig(self) -> int:
        return sum(r.aanwezigheid.aanwezig for r in self.rijen if r.aanwezigheid)

    @property
    def zetels(self) -> int:
        return sum(r.zetels for r in self.rijen)

    @property
    def geregistreerd(self) -> int:
        return sum(r.aanwezigheid is not None for r in self.rijen)

    @property
    def zetels_geregistreerd(self) -> int:
        """The seats of the councils that recorded their attendance: what ``aanwezig`` is out of."""
        return sum(r.zetels for r in self.rijen if r.aanwezigheid is not None)

    @property
    def geannuleerd(self) -> bool:
        return self.vergadering.vergadering.status == Status.geannuleerd


def versie_van(aanwezigheid: Aanwezigheid | None) -> str:
    """The version of a recorded attendance (its last change, in UTC microseconds); "" when none is recorded.
    The table has no version column: the moment of the last change serves as one."""
    if aanwezigheid is None:
        return ""
    return aanwezigheid.modified_at.astimezone(UTC).strftime("%Y%m%dT%H%M%S%fZ")


def _bijeenkomst(session: Session, bijeenkomst_id: int) -> Verantwoordingsbijeenkomst:
    b = session.get(Verantwoordingsbijeenkomst, bijeenkomst_id)
    if b is None or b.deleted_at is not None:
        raise NotFound(f"Verantwoordingsbijeenkomst {bijeenkomst_id} bestaat niet.")
    return b


def detail(session: Session, *, bijeenkomst_id: int, actor: Actor, nu: datetime) -> Detail:
    b = _bijeenkomst(session, bijeenkomst_id)
    regeling = session.get(Regeling, b.regeling_id)
    d = planning.deelnemers(session, regeling.slug)
    vergadering = session.get(Vergadering, b.vergadering_id)
    view = views(session, [vergadering])[0]
    agenda = list(session.exec(
        select(Agendapunt).where(Agendapunt.vergadering_id == vergadering.id, col(Agendapunt.deleted_at).is_(None))
        .order_by(Agendapunt.volgorde)
    ).all())
    ids = [g.id for g in d.gemeenten]
    zetels = _zetels(session, ids)
    leden = raadsleden(session, ids, peildatum=lokale_dag(vergadering.start))
    griffiers = _griffiers(session, ids)
    aanwezig = {a.gemeente_id: a for a in session.exec(
        select(Aanwezigheid).where(Aanwezigheid.bijeenkomst_id == b.id)).all()}
    rijen = [Rij(g, zetels.get(g.id, 0), len(leden.get(g.id, [])), griffiers.get(g.id, 0), aanwezig.get(g.id),
                 actor.authenticated and mag_registreren(actor, regeling.id, g.id)) for g in d.gemeenten]
    return Detail(b, regeling, view, agenda, rijen, vergadering.start <= nu)


def _griffiers(session: Session, gemeente_ids: Sequence[int]) -> dict[int, int]:
    if not gemeente_ids:
        return {}
    rows = session.exec(
        select(Roltoekenning.gemeente_id, func.count(sa.distinct(Gebruiker.id)))
        .join(Gebruiker, Gebruiker.id == Roltoekenning.gebruiker_id)
        .where(Roltoekenning.rol == RolSoort.griffier, col(Roltoekenning.gemeente_id).in_(list(gemeente_ids)),
               col(Gebruiker.actief).is_(True))
        .group_by(Roltoekenning.gemeente_id)
    ).all()
    return {g: int(n) for g, n in rows}


@dataclass(frozen=True)
class Formulier:
    """What the attendance form of one council needs."""

    detail: Detail
    rij: Rij


def formulier(session: Session, *, bijeenkomst_id: int, gemeente: str, actor: Actor, nu: datetime) -> Formulier:
    """The attendance of one council, for someone who may record it (401/403/404/422 otherwise)."""
    require_authenticated(actor)
    det = detail(session, bijeenkomst_id=bijeenkomst_id, actor=actor, nu=nu)
    g = get_gemeente(session, gemeente)
    rij = next((r for r in det.rijen if r.gemeente.id == g.id), None)
    if rij is None:
        raise Invalid(f"{g.naam} neemt niet deel aan {det.regeling.naam}.")
    if not rij.mag:
        raise Forbidden(f"Alleen de griffier van {g.naam} of de secretaris van {det.regeling.naam} kan de "
                        f"aanwezigheid van de raad van {g.naam} vastleggen.")
    return Formulier(det, rij)


NIET_OPGEGEVEN = object()  # versie not given: the API's last-write-wins; forms always give one


def registreer(session: Session, *, actor: Actor, bijeenkomst_id: int, gemeente: str, aanwezig: int,
               opmerking: str | None, nu: datetime, versie: object = NIET_OPGEGEVEN) -> Aanwezigheid:
    """Record how many members of one council attended. ``versie``: the version the person saw ("" when nothing was
    recorded yet); a different current version is 409, so two people cannot overwrite each other unseen."""
    f = formulier(session, bijeenkomst_id=bijeenkomst_id, gemeente=gemeente, actor=actor, nu=nu)
    det, rij = f.detail, f.rij
    g = rij.gemeente
    if det.geannuleerd:
        raise Conflict("Deze bijeenkomst is geannuleerd; er valt geen aanwezigheid vast te leggen.")
    if not det.begonnen:
        start = det.vergadering.vergadering.start
        raise Conflict(f"De bijeenkomst is nog niet begonnen; de aanwezigheid kan worden vastgelegd vanaf "
                       f"{datum_tekst(lokale_dag(start))}.")
    bovengrens = rij.zetels or 200
    if not 0 <= aanwezig <= bovengrens:
        wat = f"de raad van {g.naam} heeft {rij.zetels} zetels" if rij.zetels else "hoogstens 200"
        raise _ongeldig("aanwezig", f"Het aantal aanwezigen moet tussen 0 en {bovengrens} liggen ({wat}).")
    opmerking = (opmerking or "").strip() or None
    if opmerking and len(opmerking) > 300:
        raise _ongeldig("opmerking", "De opmerking mag hoogstens 300 tekens lang zijn.")
    # Lock the row (or, when there is none, its meeting) so a concurrent recording waits and then sees this one.
    session.exec(select(Verantwoordingsbijeenkomst.id).where(Verantwoordingsbijeenkomst.id == det.bijeenkomst.id)
                 .with_for_update()).one()
    huidig = session.exec(
        select(Aanwezigheid).where(Aanwezigheid.bijeenkomst_id == det.bijeenkomst.id,
                                   Aanwezigheid.gemeente_id == g.id).execution_options(populate_existing=True)
    ).first()
    if versie is not NIET_OPGEGEVEN and (versie or "") != versie_van(huidig):
        if huidig is None:
            raise Conflict(f"De aanwezigheid van {g.naam} is intussen verwijderd of nooit vastgelegd. Laad de pagina "
                           "opnieuw.")
        raise Conflict(f"De aanwezigheid van {g.naam} is intussen door iemand anders vastgelegd of gewijzigd "
                       f"({huidig.aanwezig} aanwezig). Laad de pagina opnieuw en kijk of uw wijziging nog nodig is.")
    if huidig is None:
        huidig = Aanwezigheid(bijeenkomst_id=det.bijeenkomst.id, gemeente_id=g.id, aanwezig=aanwezig,
                              opmerking=opmerking)
        try:
            with session.begin_nested():
                session.add(huidig)
                session.flush()
        except sa.exc.IntegrityError as exc:
            raise Conflict(f"De aanwezigheid van {g.naam} is zojuist door iemand anders vastgelegd. Laad de pagina "
                           "opnieuw.") from exc
        return huidig
    huidig.aanwezig = aanwezig
    huidig.opmerking = opmerking
    huidig.modified_at = datetime.now(UTC)  # also when nothing changed: the version moves with every recording
    session.add(huidig)
    session.flush()
    return huidig
