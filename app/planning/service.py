"""Between the database and the pure planners: snapshots in, plans out, accepted plans written back.

A ``Momentopname`` is what a planner saw: the councils' calendars and a fingerprint of every row they were
built from. Accepting a plan recomputes the snapshot inside the writing transaction and refuses (409) when
the fingerprint differs, so a plan made on yesterday's agendas never overwrites today's silently.
"""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from app.accounts.authz import Actor, require_authenticated
from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.berichten import service as berichten
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.gemeenten.models import Gemeente, Reces
from app.organen.models import Orgaan, Soort
from app.planning import gelijke_dag
from app.planning.controle.gelijke_dag import controleer_gelijke_dag
from app.planning.raden import Bijeenkomst, Periode, Planregels, Raad
from app.regelingen.models import Deelname, Regeling, Vorm
from app.regelingen.service import get_regeling
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.service import MeetingView, views
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Voorstel, VoorstelSoort
from app.voorstellen.regels import rol_voor

MAX_VENSTER_DAGEN = 400


@dataclass(frozen=True)
class Deelnemers:
    regeling: Regeling
    gemeenten: list[Gemeente]  # by name
    raden: dict[int, Orgaan]  # gemeente id → its raad


@dataclass(frozen=True)
class Momentopname:
    raden: list[Raad]
    versies: dict[int, int]  # vergadering id → versie, for the conditional writes
    vingerafdruk: str


def deelnemers(session: Session, slug: str) -> Deelnemers:
    regeling = get_regeling(session, slug)
    gemeenten = session.exec(
        select(Gemeente)
        .join(Deelname, Deelname.gemeente_id == Gemeente.id)
        .where(Deelname.regeling_id == regeling.id, col(Deelname.deleted_at).is_(None),
               col(Gemeente.deleted_at).is_(None))
        .order_by(Gemeente.naam)
    ).all()
    raden = {
        o.gemeente_id: o
        for o in session.exec(
            select(Orgaan).where(col(Orgaan.gemeente_id).in_([g.id for g in gemeenten]), Orgaan.soort == Soort.raad,
                                 col(Orgaan.deleted_at).is_(None))
        ).all()
    }
    return Deelnemers(regeling, list(gemeenten), raden)


def planregels(g: Gemeente) -> Planregels:
    return Planregels(
        vergaderdag=g.vergaderdag, aanvang=g.aanvang, duur_minuten=g.duur_minuten,
        commissie_voor_raad_dagen=g.commissie_voor_raad_dagen, publicatie_dagen=g.publicatie_dagen,
        max_agendapunten=g.max_agendapunten,
    )


def momentopname(session: Session, gemeenten: Sequence[Gemeente], *, van: date, tot: date, tz: tzinfo) -> Momentopname:
    """The calendars of these councils from ``van`` to ``tot`` (local dates), in three queries for all of them."""
    ids = [g.id for g in gemeenten]
    begin = datetime.combine(van, time.min, tz).astimezone(UTC)
    eind = datetime.combine(tot + timedelta(days=1), time.min, tz).astimezone(UTC)
    punten = (
        select(Agendapunt.vergadering_id, func.count().label("n"))
        .where(col(Agendapunt.deleted_at).is_(None))
        .group_by(Agendapunt.vergadering_id)
        .subquery()
    )
    rows = session.exec(
        select(Orgaan.gemeente_id, Orgaan.slug, Orgaan.soort, Vergadering.id, Vergadering.start, Vergadering.versie,
               func.coalesce(punten.c.n, 0))
        .join(VergaderingOrgaan, VergaderingOrgaan.orgaan_id == Orgaan.id)
        .join(Vergadering, Vergadering.id == VergaderingOrgaan.vergadering_id)
        .outerjoin(punten, punten.c.vergadering_id == Vergadering.id)
        .where(col(Orgaan.gemeente_id).in_(ids), col(Orgaan.deleted_at).is_(None),
               col(Vergadering.deleted_at).is_(None), Vergadering.status != Status.geannuleerd,
               Vergadering.start >= begin, Vergadering.start < eind)
        .order_by(Vergadering.start, Vergadering.id)
    ).all()
    recessen = session.exec(
        select(Reces).where(col(Reces.gemeente_id).in_(ids), col(Reces.deleted_at).is_(None), Reces.tot >= van,
                            Reces.van <= tot).order_by(Reces.van)
    ).all()
    per_gemeente: dict[int, list[Bijeenkomst]] = defaultdict(list)
    versies: dict[int, int] = {}
    sporen: list[str] = []
    for gemeente_id, slug, soort, vergadering_id, start, versie, n in rows:
        lokaal = start.astimezone(tz)
        per_gemeente[gemeente_id].append(Bijeenkomst(
            datum=lokaal.date(), orgaan=slug, soort=str(soort), agendapunten=n, vergadering_id=vergadering_id,
            aanvang=lokaal.time().replace(tzinfo=None),
        ))
        versies[vergadering_id] = versie
        sporen.append(f"v{vergadering_id}:{versie}:{n}:{start.isoformat()}:{slug}")
    reces_per: dict[int, list[Periode]] = defaultdict(list)
    for r in recessen:
        reces_per[r.gemeente_id].append(Periode(r.van, r.tot, r.naam))
        sporen.append(f"r{r.id}:{r.van}:{r.tot}")
    raden = []
    for g in gemeenten:
        regels = planregels(g)
        sporen.append(f"g{g.id}:{regels}")
        raden.append(Raad(code=g.code, naam=g.naam, regels=regels, recessen=tuple(reces_per[g.id]),
                          vergaderingen=tuple(per_gemeente[g.id])))
    vingerafdruk = hashlib.sha256("\n".join(sporen).encode()).hexdigest()[:32]
    return Momentopname(raden, versies, vingerafdruk)


# --- who may plan ------------------------------------------------------------------------------------------


def may_plan(actor: Actor, d: Deelnemers) -> bool:
    """Planning (looking for dates) is for the regeling's secretaris and the griffiers of its councils."""
    return actor.beheerder or d.regeling.id in actor.secretaris_van or any(
        g.id in actor.griffier_van for g in d.gemeenten)


def may_accept(actor: Actor, d: Deelnemers) -> bool:
    """Accepting puts meetings on every council's calendar, so it is for the regeling's secretaris (or beheerder)."""
    return actor.beheerder or d.regeling.id in actor.secretaris_van


def require_plan(actor: Actor, d: Deelnemers) -> None:
    require_authenticated(actor)
    if not may_plan(actor, d):
        raise Forbidden(f"Alleen de secretaris van {d.regeling.naam} en de griffiers van de deelnemende "
                        "gemeenten kunnen hiervoor plannen.")


def require_accept(actor: Actor, d: Deelnemers) -> None:
    require_authenticated(actor)
    if not may_accept(actor, d):
        raise Forbidden(f"Alleen de secretaris van {d.regeling.naam} kan een plan vaststellen; "
                        "het zet vergaderingen in de agenda van alle deelnemende raden.")


# --- same-day deliberation ------------------------------------------------------------------------------------


def _venster(van: date, tot: date) -> None:
    from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR

    if not (FIRST_YEAR <= van.year <= LAST_YEAR and FIRST_YEAR <= tot.year <= LAST_YEAR):
        raise Invalid(f"Kies data tussen de jaren {FIRST_YEAR} en {LAST_YEAR}.")
    if tot < van:
        raise Invalid("De einddatum ligt vóór de begindatum.")
    if (tot - van).days > MAX_VENSTER_DAGEN:
        raise Invalid(f"Kies een periode van hoogstens {MAX_VENSTER_DAGEN} dagen.")


def _zonder(d: Deelnemers, zonder: Sequence[str]) -> set[str]:
    codes = {c.strip().upper() for c in zonder if c.strip()}
    onbekend = sorted(codes - {g.code for g in d.gemeenten})
    if onbekend:
        raise Invalid(f"Geen deelnemer van {d.regeling.naam}: {', '.join(onbekend)}.")
    if codes >= {g.code for g in d.gemeenten}:
        raise Invalid("Zonder deelnemende gemeenten valt er niets te plannen.")
    return codes


@dataclass(frozen=True)
class GelijkeDagVraag:
    deelnemers: Deelnemers
    van: date
    tot: date
    zonder: frozenset[str]
    punten: int


def gelijke_dag_vraag(session: Session, *, regeling: str, van: date, tot: date, zonder: Sequence[str] = (),
                      punten: int = 1) -> GelijkeDagVraag:
    _venster(van, tot)
    if not 1 <= punten <= 50:
        raise Invalid("Het aantal agendapunten moet tussen 1 en 50 liggen.")
    d = deelnemers(session, regeling)
    return GelijkeDagVraag(d, van, tot, frozenset(_zonder(d, zonder)), punten)


def plan_gelijke_dag(session: Session, vraag: GelijkeDagVraag, *, tz: tzinfo):
    """The same-day plan for this question, and the snapshot it was made on."""
    gemeenten = [g for g in vraag.deelnemers.gemeenten if g.code not in vraag.zonder]
    opname = momentopname(session, gemeenten, van=vraag.van, tot=vraag.tot, tz=tz)
    plan = gelijke_dag.plan_gelijke_dag(opname.raden, van=vraag.van, tot=vraag.tot, punten=vraag.punten)
    return plan, opname


@dataclass(frozen=True)
class Vastgesteld:
    voorstel: Voorstel
    datum: date
    vergaderingen: list[MeetingView]
    nieuw: frozenset[int]  # ids of the extra meetings the plan created
    berichten: int

    @property
    def extra(self) -> int:
        return len(self.nieuw)


def accepteer_gelijke_dag(session: Session, *, actor: Actor, vraag: GelijkeDagVraag, datum: date,
                          vingerafdruk: str, tz: tzinfo, base_url: str, voorstel_id: int | None = None,
                          titel: str | None = None) -> Vastgesteld:
    """Put the voorstel on every participating council's agenda on ``datum``, as the plan proposed.

    Existing meetings get an agenda item; where the plan needs one, an extra raad meeting is created
    (status gepland). Every council gets its Behandeling, opt-outs are recorded, and the griffiers get mail.
    """
    d = vraag.deelnemers
    require_accept(actor, d)
    _lock(session, d.regeling)
    voorstel = _voorstel(session, d, vraag, voorstel_id=voorstel_id, titel=titel)
    plan, opname = plan_gelijke_dag(session, vraag, tz=tz)
    if opname.vingerafdruk != vingerafdruk:
        raise Conflict("De agenda's van de raden zijn gewijzigd sinds dit plan werd gemaakt. "
                       "Bekijk de kandidaten opnieuw en kies dan een dag.")
    kandidaat = next((k for k in plan.kandidaten if k.datum == datum), None)
    if kandidaat is None:
        raise Invalid(f"Op {datum:%d-%m-%Y} kunnen niet alle raden; kies een van de voorgestelde dagen.")
    schendingen = controleer_gelijke_dag(
        datum, [(o.code, o.status, o.vergadering_id) for o in kandidaat.gemeenten],
        raden=opname.raden, van=vraag.van, tot=vraag.tot, punten=vraag.punten,
    )
    if schendingen:  # the planner and the checker disagree: refuse rather than write a broken plan
        raise Conflict("Het plan voldoet niet aan de regels: " + "; ".join(s.uitleg for s in schendingen))

    per_code = {g.code: g for g in d.gemeenten}
    rol = rol_voor(voorstel.soort)
    vergaderingen: list[Vergadering] = []
    nieuw: set[int] = set()
    for oordeel in kandidaat.gemeenten:
        gemeente = per_code[oordeel.code]
        raad = d.raden.get(gemeente.id)
        if raad is None:
            raise Invalid(f"{gemeente.naam} heeft geen gemeenteraad in de portal.")
        if oordeel.status == "bestaande_vergadering":
            vergadering = _reserveer(session, oordeel.vergadering_id, opname.versies[oordeel.vergadering_id])
        else:
            vergadering = _extra_vergadering(session, gemeente, raad, datum, tz)
            nieuw.add(vergadering.id)
        punt = _agendapunt(session, vergadering, voorstel.titel)
        session.add(Behandeling(voorstel_id=voorstel.id, orgaan_id=raad.id, vergadering_id=vergadering.id,
                                agendapunt_id=punt.id, rol=rol))
        vergaderingen.append(vergadering)
    _afmeldingen(session, voorstel, [per_code[c] for c in vraag.zonder])
    session.flush()
    meetings = views(session, vergaderingen)
    n = _mail_griffiers(session, d, voorstel=voorstel, datum=datum, meetings=meetings, base_url=base_url,
                        extra=nieuw)
    return Vastgesteld(voorstel, datum, meetings, frozenset(nieuw), n)


def _voorstel(session: Session, d: Deelnemers, vraag: GelijkeDagVraag, *, voorstel_id: int | None,
              titel: str | None) -> Voorstel:
    if voorstel_id is not None:
        voorstel = session.get(Voorstel, voorstel_id)
        if voorstel is None or voorstel.deleted_at is not None or voorstel.regeling_id != d.regeling.id:
            raise Invalid(f"Voorstel {voorstel_id} hoort niet bij {d.regeling.naam}.")
        al = session.exec(
            select(func.count()).select_from(Behandeling)
            .where(Behandeling.voorstel_id == voorstel.id, col(Behandeling.deleted_at).is_(None),
                   col(Behandeling.orgaan_id).in_([o.id for o in d.raden.values()]))
        ).one()
        if al:
            raise Conflict(f"‘{voorstel.titel}’ staat al op de agenda van de raden; verplaats die behandelingen "
                           "in plaats van opnieuw te plannen.")
        return voorstel
    titel = (titel or "").strip()
    if "\x00" in titel:
        raise Invalid("De titel bevat een ongeldig teken.")
    if not titel:
        raise Invalid("Geef het voorstel een titel, of kies een bestaand voorstel.")
    if len(titel) > 300:
        raise Invalid("De titel mag hoogstens 300 tekens lang zijn.")
    dubbel = session.exec(
        select(Voorstel.id).where(Voorstel.regeling_id == d.regeling.id, Voorstel.titel == titel,
                                  col(Voorstel.deleted_at).is_(None))
    ).first()
    if dubbel is not None:
        raise Conflict(f"Er is al een voorstel ‘{titel}’ van {d.regeling.naam}; kies het als bestaand voorstel.")
    voorstel = Voorstel(regeling_id=d.regeling.id, titel=titel, beschikbaar=vraag.van, uiterlijk=vraag.tot)
    session.add(voorstel)
    session.flush()
    return voorstel


def _reserveer(session: Session, vergadering_id: int, versie: int) -> Vergadering:
    """Claim an existing meeting at the version the plan saw; a concurrent change makes this a 409."""
    result = session.execute(
        sa.update(Vergadering)
        .where(Vergadering.id == vergadering_id, Vergadering.versie == versie, col(Vergadering.deleted_at).is_(None))
        .values(versie=Vergadering.versie + 1, modified_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise Conflict("Een van de vergaderingen is zojuist gewijzigd. Bekijk de kandidaten opnieuw.")
    vergadering = session.get(Vergadering, vergadering_id)
    session.refresh(vergadering)
    return vergadering


def _extra_vergadering(session: Session, gemeente: Gemeente, raad: Orgaan, datum: date, tz: tzinfo) -> Vergadering:
    start = datetime.combine(datum, gemeente.aanvang, tz)
    vergadering = Vergadering(
        naam=f"Extra raadsvergadering {gemeente.naam}",
        start=start, einde=start + timedelta(minutes=gemeente.duur_minuten), status=Status.gepland,
    )
    session.add(vergadering)
    session.flush()
    session.add(VergaderingOrgaan(vergadering_id=vergadering.id, orgaan_id=raad.id))
    return vergadering


def _agendapunt(session: Session, vergadering: Vergadering, titel: str) -> Agendapunt:
    laatste = session.exec(
        select(func.max(Agendapunt.volgorde)).where(Agendapunt.vergadering_id == vergadering.id)
    ).one()
    punt = Agendapunt(vergadering_id=vergadering.id, volgorde=(laatste or 0) + 1, titel=titel[:500])
    session.add(punt)
    session.flush()
    return punt


def _afmeldingen(session: Session, voorstel: Voorstel, gemeenten: Sequence[Gemeente]) -> None:
    """The opt-outs of this plan become the voorstel's: new ones added, earlier ones revived or withdrawn."""
    bestaand = {a.gemeente_id: a for a in session.exec(select(Afmelding).where(Afmelding.voorstel_id == voorstel.id))}
    nu = {g.id for g in gemeenten}
    for gemeente_id, afmelding in bestaand.items():
        afmelding.deleted_at = None if gemeente_id in nu else (afmelding.deleted_at or datetime.now(UTC))
    session.add_all(Afmelding(voorstel_id=voorstel.id, gemeente_id=g) for g in nu - set(bestaand))


def griffier_adressen(session: Session, gemeente_ids: Sequence[int], regeling_id: int) -> list[str]:
    """The addresses of the griffiers of these councils and the regeling's secretarissen."""
    rows = session.exec(
        select(Gebruiker.email)
        .join(Roltoekenning, Roltoekenning.gebruiker_id == Gebruiker.id)
        .where(col(Gebruiker.actief).is_(True), sa.or_(
            sa.and_(Roltoekenning.rol == RolSoort.griffier, col(Roltoekenning.gemeente_id).in_(gemeente_ids)),
            sa.and_(Roltoekenning.rol == RolSoort.secretaris, Roltoekenning.regeling_id == regeling_id),
        ))
        .order_by(Gebruiker.email)
    ).all()
    return list(dict.fromkeys(rows))


def _mail_griffiers(session: Session, d: Deelnemers, *, voorstel: Voorstel, datum: date,
                    meetings: Sequence[MeetingView], base_url: str, extra: set[int]) -> int:
    from app.web.urls import page_url  # the mail links to the portal's pages

    regels = []
    for m in meetings:
        soort = "extra vergadering (nieuw)" if m.vergadering.id in extra else "bestaande vergadering"
        url = page_url(base_url, "vergaderingen", m.vergadering.id)
        regels.append(f"- {', '.join(m.eigenaren)}: {m.titel}, {soort}\n  {url}")
    tekst = (
        f"Het voorstel ‘{voorstel.titel}’ van {d.regeling.naam} wordt op {datum:%d-%m-%Y} in alle deelnemende "
        f"raden behandeld ({len(meetings)} raden).\n\n" + "\n".join(regels) +
        "\n\nNieuwe vergaderingen hebben de status ‘gepland’; vul plaats en agenda aan in Tussenruimte.\n"
    )
    adressen = griffier_adressen(session, [g.id for g in d.gemeenten], d.regeling.id)
    berichten.queue(session, aan=adressen,
                    onderwerp=f"Behandeling op dezelfde dag vastgesteld: {voorstel.titel} ({datum:%d-%m-%Y})",
                    tekst=tekst)
    return len(adressen)


def vergaderingen(session: Session, ids: Sequence[int]) -> list[MeetingView]:
    """The meetings an accepted plan used, by start (one query and the views' one)."""
    if not ids:
        return []
    rows = session.exec(
        select(Vergadering)
        .where(col(Vergadering.id).in_(list(ids)), col(Vergadering.deleted_at).is_(None))
        .order_by(Vergadering.start, Vergadering.id)
    ).all()
    return views(session, rows)


def behandelingen(session: Session, d: Deelnemers, voorstel_id: int) -> tuple[Voorstel, list[MeetingView]]:
    """The voorstel and the council meetings it is on, by date and council (two queries and the views' one)."""
    voorstel = session.get(Voorstel, voorstel_id)
    if voorstel is None or voorstel.deleted_at is not None or voorstel.regeling_id != d.regeling.id:
        raise NotFound(f"Voorstel {voorstel_id} bestaat niet bij {d.regeling.naam}.")
    raden = [o.id for o in d.raden.values()]
    meetings = (
        session.exec(
            select(Vergadering)
            .join(Behandeling, Behandeling.vergadering_id == Vergadering.id)
            .where(
                Behandeling.voorstel_id == voorstel.id,
                col(Behandeling.orgaan_id).in_(raden),
                col(Behandeling.deleted_at).is_(None),
                col(Vergadering.deleted_at).is_(None),
            )
            .order_by(Vergadering.start, Vergadering.id)
            .distinct()
        ).all()
        if raden
        else []
    )
    return voorstel, views(session, meetings)


def voorstellen(session: Session, regeling: Regeling) -> list[Voorstel]:
    return list(session.exec(
        select(Voorstel).where(Voorstel.regeling_id == regeling.id, col(Voorstel.deleted_at).is_(None))
        .order_by(col(Voorstel.beschikbaar).is_(None), Voorstel.beschikbaar, Voorstel.titel)
    ).all())


def afmeldingen(session: Session, voorstel: Voorstel) -> list[str]:
    return list(session.exec(
        select(Gemeente.code).join(Afmelding, Afmelding.gemeente_id == Gemeente.id)
        .where(Afmelding.voorstel_id == voorstel.id, col(Afmelding.deleted_at).is_(None))
    ).all())


# --- the planning-and-control cycle ---------------------------------------------------------------------------

BESTUUR_SOORTEN = (Soort.algemeen_bestuur, Soort.bestuur, Soort.gezamenlijke_raad)
# The Wgr's P&C rules (art. 34-35) bind the forms with a budget of their own.
PC_VORMEN = frozenset({Vorm.openbaar_lichaam, Vorm.bedrijfsvoeringsorganisatie, Vorm.gemeenschappelijk_orgaan})
LAATSTE_BEGROTING = (9, 14)  # Wgr art. 34 lid 2: to GS before 15 September
LAATSTE_JAARREKENING = (7, 14)  # Wgr art. 34 lid 3: to GS before 15 July


def bestuur(session: Session, regeling: Regeling) -> Orgaan | None:
    """The body that adopts the begroting: the algemeen bestuur, the single bestuur of a BVO or a joint council."""
    organen = session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, col(Orgaan.soort).in_(BESTUUR_SOORTEN),
                             col(Orgaan.deleted_at).is_(None))
    ).all()
    return min(organen, key=lambda o: (BESTUUR_SOORTEN.index(o.soort), o.id), default=None)


def _bestuursvergaderingen(session: Session, orgaan: Orgaan | None, jaar: int, tz: tzinfo) -> list[tuple[date, int]]:
    if orgaan is None:
        return []
    begin = datetime(jaar, 1, 1, tzinfo=tz).astimezone(UTC)
    eind = datetime(jaar + 1, 1, 1, tzinfo=tz).astimezone(UTC)
    rows = session.exec(
        select(Vergadering.start, Vergadering.id)
        .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
        .where(VergaderingOrgaan.orgaan_id == orgaan.id, col(Vergadering.deleted_at).is_(None),
               Vergadering.status != Status.geannuleerd, Vergadering.start >= begin, Vergadering.start < eind)
        .order_by(Vergadering.start)
    ).all()
    return [(start.astimezone(tz).date(), vergadering_id) for start, vergadering_id in rows]


def _vaststelling(session: Session, orgaan: Orgaan | None, soort: VoorstelSoort, jaar: int,
                  vergaderingen: list[tuple[date, int]], uiterlijk: tuple[int, int]) -> date | None:
    """The AB meeting that adopts this document: the one it is on the agenda of, else the last one in time."""
    if orgaan is None:
        return None
    ids = [v for _, v in vergaderingen]
    gepland = set(session.exec(
        select(Behandeling.vergadering_id).join(Voorstel, Voorstel.id == Behandeling.voorstel_id)
        .where(Behandeling.orgaan_id == orgaan.id, Voorstel.soort == soort, Behandeling.rol == BehandelingRol.besluit,
               col(Behandeling.vergadering_id).in_(ids), col(Behandeling.deleted_at).is_(None))
    ).all()) if ids else set()
    for datum, vergadering_id in vergaderingen:
        if vergadering_id in gepland:
            return datum
    grens = date(jaar, *uiterlijk)
    return max((d for d, _ in vergaderingen if d <= grens), default=None)


def termijnen(regeling: Regeling):
    from app.planning.pc import Termijnen

    try:
        return Termijnen.from_dict(regeling.termijnen or {})
    except ValueError as exc:
        raise Invalid(f"De termijnen van {regeling.naam} kloppen niet: {exc}") from exc


def pc_kalender(session: Session, *, regeling: str, jaar: int, tz: tzinfo):
    from app.planning import pc
    from app.planning.schemas import Mijlpaal, PcKalender

    r = get_regeling(session, regeling)
    orgaan = bestuur(session, r)
    vergaderingen = _bestuursvergaderingen(session, orgaan, jaar, tz)
    try:
        kalender = pc.pc_kalender(
            jaar,
            ab_begroting=_vaststelling(session, orgaan, VoorstelSoort.begroting, jaar, vergaderingen,
                                       LAATSTE_BEGROTING),
            ab_jaarrekening=_vaststelling(session, orgaan, VoorstelSoort.jaarrekening, jaar, vergaderingen,
                                          LAATSTE_JAARREKENING),
            termijnen=termijnen(r),
        )
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    mijlpalen, waarschuwingen = (kalender.mijlpalen, kalender.waarschuwingen) if hasattr(kalender, "mijlpalen") \
        else (kalender, [])
    return PcKalender(
        regeling=r.slug, jaar=jaar, waarschuwingen=[str(w) for w in waarschuwingen],
        mijlpalen=[Mijlpaal(sleutel=m.sleutel, datum=m.datum, omschrijving=m.omschrijving, bron=m.bron)
                   for m in mijlpalen],
    )


def plan_pc(session: Session, *, regeling: str, jaar: int, tz: tzinfo):
    """The P&C plan (app.planning.pc.PcPlan) for a regeling and a calendar year."""
    return pc_regelingplan(session, regeling=regeling, jaar=jaar, tz=tz).plan


def pc_regelingplan(session: Session, *, regeling: str, jaar: int, tz: tzinfo) -> "RegelingPlan":
    """The P&C plan on the councils' calendars of that year, with what accepting it needs."""
    from app.planning import pc

    d = deelnemers(session, regeling)
    if d.regeling.vorm not in PC_VORMEN:
        raise Invalid(f"{d.regeling.naam} heeft als {d.regeling.vorm.value.replace('_', ' ')} geen eigen begroting: "
                      "er is geen planning-en-controlcyclus te plannen.")
    orgaan = bestuur(session, d.regeling)
    if orgaan is None:
        raise Invalid(f"{d.regeling.naam} heeft geen algemeen bestuur in de portal; er valt geen begroting te plannen.")
    opname = momentopname(session, d.gemeenten, van=date(jaar, 1, 1), tot=date(jaar, 12, 31), tz=tz)
    ab = _bestuursvergaderingen(session, orgaan, jaar, tz)
    try:
        plan = pc.plan_pc(jaar, raden=opname.raden, ab_vergaderingen=[v for v, _ in ab],
                          ab_vergaderdag=orgaan.vergaderdag, termijnen=termijnen(d.regeling))
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    bestaand = {(orgaan.id, datum): vergadering_id for datum, vergadering_id in ab}

    def controle():
        from app.planning.controle.pc import controleer_pc

        return controleer_pc(plan, raden=opname.raden, termijnen=termijnen(d.regeling), jaar=jaar,
                             ab_vergaderingen=[v for v, _ in ab], ab_vergaderdag=orgaan.vergaderdag)

    versies = _versies(session, bestaand)
    return RegelingPlan(d, plan, {"bestuur": orgaan}, {}, bestaand, _vingerafdruk(opname, bestaand, {}, versies), [],
                        controle, {**opname.versies, **versies})


def accepteer_pc(session: Session, *, actor: Actor, regeling: str, jaar: int, vingerafdruk: str, tz: tzinfo,
                 base_url: str) -> "RegelingVastgesteld":
    """Put the ontwerpbegroting on the agendas the plan chose: each council's zienswijze meeting (an extra one
    where the plan says so) and the AB meeting that adopts it (a new one if the plan needs it)."""
    d = deelnemers(session, regeling)
    require_accept(actor, d)
    _lock(session, d.regeling)
    rp = pc_regelingplan(session, regeling=regeling, jaar=jaar, tz=tz)
    _zelfde(rp, vingerafdruk)
    plan = rp.plan
    if not plan.haalbaar or plan.ab_datum is None:
        raise Invalid("Dit plan haalt niet alle termijnen; los eerst op wat de uitleg noemt.")
    titel = f"Ontwerpbegroting {jaar + 1}"
    voorstel = session.exec(
        select(Voorstel).where(Voorstel.regeling_id == d.regeling.id, Voorstel.soort == VoorstelSoort.begroting,
                               Voorstel.titel == titel, col(Voorstel.deleted_at).is_(None))
    ).first()
    if voorstel is None:
        voorstel = Voorstel(regeling_id=d.regeling.id, titel=titel, soort=VoorstelSoort.begroting,
                            beschikbaar=plan.verzending, uiterlijk=plan.zienswijze_uiterlijk)
        session.add(voorstel)
        session.flush()
    elif session.exec(select(Behandeling.id).where(Behandeling.voorstel_id == voorstel.id,
                                                   col(Behandeling.deleted_at).is_(None))).first():
        raise Conflict(f"‘{titel}’ staat al op de agenda's; verplaats die behandelingen op het synchronisatiebord.")
    bestaand, nieuw, gebruikt = dict(rp.bestaand), set(), []
    per_code = {g.code: g for g in d.gemeenten}
    for raad_plan in plan.raden:
        gemeente = per_code[raad_plan.code]
        raad = d.raden.get(gemeente.id)
        if raad is None:
            raise Invalid(f"{gemeente.naam} heeft geen gemeenteraad in de portal.")
        if raad_plan.status == "bestaande_vergadering":
            vergadering = _reserveer(session, raad_plan.vergadering_id, rp.versies[raad_plan.vergadering_id])
        else:
            vergadering = _extra_vergadering(session, gemeente, raad, raad_plan.datum, tz)
            nieuw.add(vergadering.id)
        _behandel(session, voorstel, raad, vergadering, BehandelingRol.zienswijze)
        gebruikt.append(vergadering)
    orgaan = rp.organen["bestuur"]
    aanvang = orgaan.aanvang or time(19, 30)
    eind = datetime.combine(plan.ab_datum, aanvang) + timedelta(hours=2, minutes=30)
    einde = eind.time() if eind.date() == plan.ab_datum else time(23, 59)
    ab = _vergadering(session, orgaan, plan.ab_datum, aanvang, einde, orgaan.naam, tz, bestaand, nieuw,
                      dict(rp.versies))
    _behandel(session, voorstel, orgaan, ab, BehandelingRol.besluit)
    gebruikt.append(ab)
    return _vastgesteld(session, rp, gebruikt, nieuw, len(plan.raden) + 1, base_url, tz,
                        onderwerp=f"P&C-planning {jaar} vastgesteld")


# --- Raadstafel and carrousel day -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RegelingPlan:
    """A plan of a regeling's own bodies, with what it was made on and what accepting it needs."""

    deelnemers: Deelnemers
    plan: object  # RaadstafelPlan or CarrouselPlan
    organen: dict[str, Orgaan]  # role → body: "raadstafel", or a domein and "raad" for the carrousel day
    voorstellen: dict[str, Voorstel]  # the planner's key → voorstel
    bestaand: dict[tuple[int, date], int]  # (orgaan id, date) → the body's meeting that day
    vingerafdruk: str
    overgeslagen: list[str]  # voorstellen the planner could not be given, with the reason
    controle: Callable[[], list] = lambda: []  # the independent checker on this plan's own inputs
    versies: dict[int, int] = field(default_factory=dict)  # existing meeting id → versie the plan saw


def _organen(session: Session, regeling: Regeling, soort: Soort) -> list[Orgaan]:
    return list(session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, Orgaan.soort == soort, col(Orgaan.deleted_at).is_(None))
        .order_by(Orgaan.id)
    ).all())


def _vergaderdagen(session: Session, organen: Sequence[Orgaan], van: date, tot: date,
                   tz: tzinfo) -> dict[tuple[int, date], int]:
    if not organen:
        return {}
    rows = session.exec(
        select(VergaderingOrgaan.orgaan_id, Vergadering.id, Vergadering.start)
        .join(Vergadering, Vergadering.id == VergaderingOrgaan.vergadering_id)
        .where(col(VergaderingOrgaan.orgaan_id).in_([o.id for o in organen]), col(Vergadering.deleted_at).is_(None),
               Vergadering.status != Status.geannuleerd,
               Vergadering.start >= datetime.combine(van, time.min, tz).astimezone(UTC),
               Vergadering.start < datetime.combine(tot + timedelta(days=1), time.min, tz).astimezone(UTC))
    ).all()
    return {(orgaan_id, start.astimezone(tz).date()): vergadering_id for orgaan_id, vergadering_id, start in rows}


def _versies(session: Session, bestaand: dict) -> dict[int, int]:
    ids = list(bestaand.values())
    if not ids:
        return {}
    return dict(session.exec(select(Vergadering.id, Vergadering.versie).where(col(Vergadering.id).in_(ids))).all())


def _vingerafdruk(opname: Momentopname, bestaand: dict, voorstellen: dict[str, Voorstel],
                  versies: dict[int, int]) -> str:
    sporen = [opname.vingerafdruk, *(f"{k}:{v}:{versies.get(v)}" for k, v in sorted(bestaand.items())),
              *(f"{k}:{v.beschikbaar}:{v.uiterlijk}:{v.domein}" for k, v in sorted(voorstellen.items()))]
    return hashlib.sha256("\n".join(sporen).encode()).hexdigest()[:32]


def _gepland(session: Session, voorstellen: Sequence[Voorstel], organen: Sequence[Orgaan]) -> set[tuple[int, int]]:
    """(voorstel id, orgaan id) pairs already handled, so a plan never puts a voorstel on an agenda twice."""
    if not voorstellen or not organen:
        return set()
    return set(session.exec(
        select(Behandeling.voorstel_id, Behandeling.orgaan_id)
        .where(col(Behandeling.voorstel_id).in_([v.id for v in voorstellen]),
               col(Behandeling.orgaan_id).in_([o.id for o in organen]), col(Behandeling.deleted_at).is_(None))
    ).all())


def plan_raadstafel(session: Session, *, regeling: str, jaar: int, tz: tzinfo) -> RegelingPlan:
    """The Raadstafel's meetings of a year so that every document of the year is advised before its first committee.

    A document's first committee round is its earliest committee Behandeling in any council; without one, the
    latest the councils can still take it: its ``uiterlijk`` minus the longest committee-to-raad time.
    """
    from app.planning.raadstafel import RegionaalDocument
    from app.planning.raadstafel import plan_raadstafel as plan

    d = deelnemers(session, regeling)
    tafels = _organen(session, d.regeling, Soort.adviescommissie)
    if not tafels:
        raise Invalid(f"{d.regeling.naam} heeft geen Raadstafel (adviescommissie) in de portal.")
    tafel = tafels[0]
    van, tot = date(jaar, 1, 1), date(jaar, 12, 31)
    leden = _leden_gemeenten(session, tafel) or {g.id for g in d.gemeenten}
    opname = momentopname(session, [g for g in d.gemeenten if g.id in leden], van=van, tot=tot, tz=tz)
    kandidaten = [v for v in voorstellen(session, d.regeling) if v.beschikbaar and van <= v.beschikbaar <= tot]
    al = _gepland(session, kandidaten, [tafel])
    kandidaten = [v for v in kandidaten if (v.id, tafel.id) not in al]
    commissies = _eerste_commissie(session, kandidaten, tz)
    langste = max((g.commissie_voor_raad_dagen for g in d.gemeenten), default=14)
    documenten, per_sleutel, overgeslagen = [], {}, []
    for v in kandidaten:
        eerste = commissies.get(v.id) or (v.uiterlijk - timedelta(days=langste) if v.uiterlijk else None)
        if eerste is None:
            overgeslagen.append(f"‘{v.titel}’: geen commissieronde en geen uiterste datum bekend")
            continue
        per_sleutel[str(v.id)] = v
        documenten.append(RegionaalDocument(str(v.id), v.titel, v.beschikbaar, eerste))
    bestaand = _vergaderdagen(session, [tafel], van, tot, tz)
    vergaderdag = 2 if tafel.vergaderdag is None else tafel.vergaderdag
    try:
        uitkomst = plan(van=van, tot=tot, documenten=documenten, raden=opname.raden, vergaderdag=vergaderdag,
                        aanvang=tafel.aanvang or time(19, 30), bestaande=sorted({d for _, d in bestaand}))
    except ValueError as exc:
        raise Invalid(str(exc)) from exc

    def controle():
        from app.planning.controle.raadstafel import controleer_raadstafel

        return controleer_raadstafel(uitkomst, documenten=documenten, raden=opname.raden, vergaderdag=vergaderdag,
                                     bestaande=sorted({d for _, d in bestaand}), van=van, tot=tot)

    versies = _versies(session, bestaand)
    return RegelingPlan(d, uitkomst, {"raadstafel": tafel}, per_sleutel, bestaand,
                        _vingerafdruk(opname, bestaand, per_sleutel, versies), overgeslagen, controle, versies)


def _leden_gemeenten(session: Session, orgaan: Orgaan) -> set[int]:
    from app.organen.models import Lidmaatschap

    return {g for g in session.exec(
        select(Lidmaatschap.gemeente_id).where(Lidmaatschap.orgaan_id == orgaan.id,
                                               col(Lidmaatschap.deleted_at).is_(None))
    ).all() if g is not None}


def _eerste_commissie(session: Session, voorstellen: Sequence[Voorstel], tz: tzinfo) -> dict[int, date]:
    if not voorstellen:
        return {}
    rows = session.exec(
        select(Behandeling.voorstel_id, func.min(Vergadering.start))
        .join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
        .join(Vergadering, Vergadering.id == Behandeling.vergadering_id)
        .where(col(Behandeling.voorstel_id).in_([v.id for v in voorstellen]), Orgaan.soort == Soort.commissie,
               col(Behandeling.deleted_at).is_(None), col(Vergadering.deleted_at).is_(None))
        .group_by(Behandeling.voorstel_id)
    ).all()
    return {voorstel_id: start.astimezone(tz).date() for voorstel_id, start in rows if start is not None}


def plan_carrousel(session: Session, *, regeling: str, jaar: int, tz: tzinfo) -> RegelingPlan:
    """The year's carrousel days as one programme each, and the route of every voorstel with a domain."""
    from app.planning.carrousel import CarrouselVoorstel, Dagindeling, plan_carrouseldagen

    d = deelnemers(session, regeling)
    carrousels = [o for o in _organen(session, d.regeling, Soort.carrousel) if o.domein]
    raden = _organen(session, d.regeling, Soort.gezamenlijke_raad) or (
        [b] if (b := bestuur(session, d.regeling)) else [])
    if not carrousels or not raden:
        raise Invalid(f"{d.regeling.naam} heeft geen carrousels met een domein en een gezamenlijke raad in de portal.")
    per_domein = {o.domein: o for o in carrousels}
    domeinen = [dm for dm in per_domein if dm != "Integraal"]
    van, tot = date(jaar, 1, 1), date(jaar, 12, 31)
    opname = momentopname(session, d.gemeenten, van=van, tot=tot, tz=tz)
    kandidaten = [v for v in voorstellen(session, d.regeling) if v.beschikbaar and v.domein
                  and date(jaar - 1, 12, 1) <= v.beschikbaar <= tot]
    al = _gepland(session, kandidaten, carrousels)
    per_sleutel, invoer, overgeslagen = {}, [], []
    for v in kandidaten:
        if v.domein not in per_domein:
            overgeslagen.append(f"‘{v.titel}’: geen carrousel voor het domein {v.domein}")
        elif (v.id, per_domein[v.domein].id) not in al:
            per_sleutel[str(v.id)] = v
            invoer.append(CarrouselVoorstel(str(v.id), v.titel, v.domein, v.beschikbaar, v.uiterlijk))
    raad = raden[0]
    regels = dict(weekdag=1 if raad.vergaderdag is None else raad.vergaderdag, domeinen=domeinen,
                  integraal="Integraal" in per_domein, voorstellen=invoer,
                  publicatie_dagen=max((g.publicatie_dagen for g in d.gemeenten), default=10))
    try:
        uitkomst = plan_carrouseldagen(jaar, raden=opname.raden, indeling=Dagindeling(raad_naam=raad.naam), **regels)
    except ValueError as exc:
        raise Invalid(str(exc)) from exc
    bestaand = _vergaderdagen(session, [*carrousels, raad], van, tot, tz)

    def controle():
        from app.planning.controle.carrousel import controleer_carrousel

        return controleer_carrousel(uitkomst, jaar=jaar, raden=opname.raden, **regels)

    versies = _versies(session, bestaand)
    return RegelingPlan(d, uitkomst, {**per_domein, "raad": raad}, per_sleutel, bestaand,
                        _vingerafdruk(opname, bestaand, per_sleutel, versies), overgeslagen, controle, versies)


def _lock(session: Session, regeling: Regeling) -> None:
    """Serialise accepting plans of one regeling: a second accept waits for the first, then sees its meetings.

    PostgreSQL locks the row; SQLite takes one writer at a time anyway (a loser gets 409/503, never a half plan).
    """
    session.exec(select(Regeling.id).where(Regeling.id == regeling.id).with_for_update()).one()
    # And its councils, in id order (no deadlock): two regelingen planning an extra meeting of one council on one
    # day cannot both see an empty evening.
    session.exec(
        select(Gemeente.id).join(Deelname, Deelname.gemeente_id == Gemeente.id)
        .where(Deelname.regeling_id == regeling.id).order_by(Gemeente.id).with_for_update(of=Gemeente)
    ).all()


def _vergadering(session: Session, orgaan: Orgaan, datum: date, begin: time, einde: time, naam: str,
                 tz: tzinfo, bestaand: dict, nieuw: set[int], versies: dict[int, int],
                 locatie: str | None = None) -> Vergadering:
    """The body's meeting that day (claimed at the version the plan saw), or a new one (status gepland)."""
    if (vergadering_id := bestaand.get((orgaan.id, datum))) is not None:
        if vergadering_id in versies:
            return _reserveer(session, vergadering_id, versies.pop(vergadering_id))
        return session.get(Vergadering, vergadering_id)
    start = datetime.combine(datum, begin, tz)
    eind = datetime.combine(datum, einde, tz)
    vergadering = Vergadering(naam=naam, start=start, einde=eind if eind > start else start + timedelta(hours=2),
                              locatie=locatie, status=Status.gepland)
    session.add(vergadering)
    session.flush()
    session.add(VergaderingOrgaan(vergadering_id=vergadering.id, orgaan_id=orgaan.id))
    bestaand[orgaan.id, datum] = vergadering.id
    nieuw.add(vergadering.id)
    return vergadering


def _behandel(session: Session, voorstel: Voorstel, orgaan: Orgaan, vergadering: Vergadering,
              rol: BehandelingRol) -> None:
    punt = _agendapunt(session, vergadering, voorstel.titel)
    session.add(Behandeling(voorstel_id=voorstel.id, orgaan_id=orgaan.id, vergadering_id=vergadering.id,
                            agendapunt_id=punt.id, rol=rol))


@dataclass(frozen=True)
class RegelingVastgesteld:
    vergaderingen: list[MeetingView]
    nieuw: frozenset[int]
    behandelingen: int
    berichten: int


def accepteer_raadstafel(session: Session, *, actor: Actor, regeling: str, jaar: int, vingerafdruk: str, tz: tzinfo,
                         base_url: str) -> RegelingVastgesteld:
    d = deelnemers(session, regeling)
    require_accept(actor, d)
    _lock(session, d.regeling)
    rp = plan_raadstafel(session, regeling=regeling, jaar=jaar, tz=tz)
    _zelfde(rp, vingerafdruk)
    tafel = rp.organen["raadstafel"]
    bestaand, nieuw, gebruikt, n, versies = dict(rp.bestaand), set(), [], 0, dict(rp.versies)
    for v in rp.plan.vergaderingen:
        if not v.documenten:
            continue
        vergadering = _vergadering(session, tafel, v.datum, v.aanvang, v.einde, tafel.naam, tz, bestaand, nieuw,
                                   versies)
        for sleutel in v.documenten:
            _behandel(session, rp.voorstellen[sleutel], tafel, vergadering, BehandelingRol.advies)
            n += 1
        gebruikt.append(vergadering)
    return _vastgesteld(session, rp, gebruikt, nieuw, n, base_url, tz, onderwerp=f"Raadstafel {jaar} gepland")


def accepteer_carrousel(session: Session, *, actor: Actor, regeling: str, jaar: int, vingerafdruk: str, tz: tzinfo,
                        base_url: str) -> RegelingVastgesteld:
    from app.planning.carrousel import CARROUSEL, RAAD

    d = deelnemers(session, regeling)
    require_accept(actor, d)
    _lock(session, d.regeling)
    rp = plan_carrousel(session, regeling=regeling, jaar=jaar, tz=tz)
    _zelfde(rp, vingerafdruk)
    bestaand, nieuw, gebruikt, n, versies = dict(rp.bestaand), set(), [], 0, dict(rp.versies)
    for dag in rp.plan.dagen:
        for onderdeel in dag.programma:
            if onderdeel.soort == CARROUSEL:
                orgaan, keys, rol = rp.organen[onderdeel.domein], dag.advies.get(onderdeel.domein, []), \
                    BehandelingRol.advies
            elif onderdeel.soort == RAAD:
                orgaan, keys, rol = rp.organen["raad"], dag.besluit, BehandelingRol.besluit
            else:
                continue  # theme meeting and fractie consultation are parts of the day, not meetings of a body
            vergadering = _vergadering(session, orgaan, dag.datum, onderdeel.start, onderdeel.einde, orgaan.naam, tz,
                                       bestaand, nieuw, versies, locatie=onderdeel.zaal)
            for sleutel in keys:
                _behandel(session, rp.voorstellen[sleutel], orgaan, vergadering, rol)
                n += 1
            gebruikt.append(vergadering)
    return _vastgesteld(session, rp, gebruikt, nieuw, n, base_url, tz, onderwerp=f"Carrouseldagen {jaar} gepland")


def _zelfde(rp: RegelingPlan, vingerafdruk: str) -> None:
    if rp.vingerafdruk != vingerafdruk:
        raise Conflict("De agenda's zijn gewijzigd sinds dit plan werd gemaakt (of het is al vastgesteld). "
                       "Bekijk het plan opnieuw.")
    if schendingen := rp.controle():  # planner and checker disagree: refuse rather than write a broken plan
        raise Conflict("Het plan voldoet niet aan de regels: " + "; ".join(s.uitleg for s in schendingen[:5]))


def _vastgesteld(session: Session, rp: RegelingPlan, gebruikt: list[Vergadering], nieuw: set[int], n: int,
                 base_url: str, tz: tzinfo, *, onderwerp: str) -> RegelingVastgesteld:
    from app.web.urls import page_url

    if not nieuw and not n:
        raise Conflict("Er valt niets nieuws vast te stellen: alles uit dit plan staat al in de agenda's.")

    session.flush()
    uniek = list({v.id: v for v in gebruikt}.values())
    meetings = views(session, sorted(uniek, key=lambda v: v.start))
    regels = [f"- {m.vergadering.start.astimezone(tz):%d-%m-%Y %H:%M} {m.titel}"
              f"{' (nieuw, status gepland)' if m.vergadering.id in nieuw else ''}: "
              f"{page_url(base_url, 'vergaderingen', m.vergadering.id)}" for m in meetings]
    tekst = (f"Voor {rp.deelnemers.regeling.naam} is een plan vastgesteld: {len(nieuw)} nieuwe vergadering(en), "
             f"{n} behandeling(en).\n\n" + "\n".join(regels) + "\n")
    adressen = griffier_adressen(session, [g.id for g in rp.deelnemers.gemeenten], rp.deelnemers.regeling.id)
    berichten.queue(session, aan=adressen, onderwerp=f"{onderwerp}: {rp.deelnemers.regeling.naam}", tekst=tekst)
    return RegelingVastgesteld(meetings, frozenset(nieuw), n, len(adressen))
