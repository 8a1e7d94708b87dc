"""Public shareholders convene: requests to the chair of a regeling, support from councils or AB members, the
threshold, the chair's term, and the meeting convened by the chair or, after the term, by the requesters.

Every change of a request or its support is written to the history (app.historie) in the same transaction, and
the people it concerns are notified through the outbox (app.berichten.meldingen). Support is added and withdrawn
under a lock on the request's row (SELECT ... FOR UPDATE on PostgreSQL; SQLite has one writer at a time), so
parallel support is counted exactly once and the status follows the support that really stands; the partial
unique index ``uq_steun_gemeente`` refuses a second standing support of one council whatever happens.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.accounts.models import Gebruiker
from app.berichten.meldingen import meld
from app.berichten.models import Melding
from app.convocatie.models import Convocatieverzoek, Route, Steun, VerzoekStatus
from app.convocatie.regels import Convocatieregels, Stand, stand
from app.db import lokale_dag, utcnow
from app.errors import Conflict, Forbidden, Invalid, NotFound
from app.gemeenten.models import Gemeente, Persoon
from app.historie import service as historie
from app.historie.models import Gebeurtenis
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.planning.service import griffier_adressen
from app.planning.termijnen import datum_tekst
from app.regelingen import service as regelingen
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import get_regeling
from app.vergaderingen import service as vergaderingen
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.service import MeetingView
from app.web.urls import page_url

# The body that meets when the shareholders convene: the algemeen bestuur, else the nearest there is.
BESTUUR_SOORTEN = (Soort.algemeen_bestuur, Soort.dagelijks_bestuur, Soort.bestuur, Soort.gezamenlijke_raad)
STEMMENDE_ROLLEN = (Rol.voorzitter, Rol.vicevoorzitter, Rol.lid)  # members who count; no deputies, no secretary
LOPEND = (VerzoekStatus.open, VerzoekStatus.drempel_bereikt)
MAX_AGENDAPUNTEN = 50
SYSTEEM = Actor(naam="Tussenruimte")  # the time-driven steps (reminders) are the portal's own

STATUS_LABELS = {
    VerzoekStatus.open: "Open: steun gevraagd",
    VerzoekStatus.drempel_bereikt: "Drempel bereikt: de voorzitter moet bijeenroepen",
    VerzoekStatus.bijeengeroepen: "Bijeengeroepen door de voorzitter",
    VerzoekStatus.zelf_bijeengeroepen: "Bijeengeroepen door de verzoekers zelf",
    VerzoekStatus.ingetrokken: "Ingetrokken",
}
STAP_LABELS = {
    "ingediend": "Verzoek ingediend",
    "steun": "Steun gegeven",
    "steun_ingetrokken": "Steun ingetrokken",
    "drempel_bereikt": "Drempel bereikt",
    "drempel_vervallen": "Drempel niet meer bereikt",
    "herinnering": "Herinnering: de termijn loopt af",
    "bijeengeroepen": "Bijeengeroepen door de voorzitter",
    "zelf_bijeengeroepen": "Bijeengeroepen door de verzoekers",
    "ingetrokken": "Verzoek ingetrokken",
    "convocatieregels": "Convocatieregels gewijzigd",
}


def _tz():
    from app.config import get_settings

    return get_settings().tz


def _base_url() -> str:
    from app.config import get_settings

    return get_settings().base_url


# --- the rules ------------------------------------------------------------------------------------------------


def regels_van(regeling: Regeling) -> Convocatieregels:
    return Convocatieregels.uit(regeling.convocatieregels)


def regels_van_verzoek(verzoek: Convocatieverzoek) -> Convocatieregels:
    """The rules as they stood when the request was made (a later change of the regeling's rules does not apply)."""
    return Convocatieregels.uit(verzoek.regels)


def zet_regels(session: Session, *, actor: Actor, slug: str, data: dict) -> tuple[Regeling, Convocatieregels]:
    """The secretaris of the regeling (or a beheerder) sets its rules; they apply to requests made from then on."""
    require_authenticated(actor)
    regeling = get_regeling(session, slug)
    if not (actor.beheerder or regeling.id in actor.secretaris_van):
        raise Forbidden(f"Alleen het secretariaat van {regeling.naam} mag de convocatieregels wijzigen.")
    regels = Convocatieregels.uit(data)
    oud = regels_van(regeling).naar()
    nieuw = regels.naar()
    if nieuw != oud:
        wie = f"secretaris van {regeling.naam}" if regeling.id in actor.secretaris_van else "beheerder"
        historie.log(session, actor=actor, regeling_id=regeling.id, soort="convocatieregels", wie=wie,
                     wijzigingen={k: [oud[k], v] for k, v in nieuw.items() if oud[k] != v})
        regeling.convocatieregels = nieuw
        session.add(regeling)
        session.flush()
    return regeling, regels


# --- who takes part -------------------------------------------------------------------------------------------


def deelnemers(session: Session, regeling: Regeling) -> list[tuple[Gemeente, Deelname]]:
    rows = session.exec(
        select(Gemeente, Deelname).join(Deelname, Deelname.gemeente_id == Gemeente.id)
        .where(Deelname.regeling_id == regeling.id, col(Deelname.deleted_at).is_(None),
               col(Gemeente.deleted_at).is_(None))
        .order_by(Gemeente.naam)
    ).all()
    return [(g, d) for g, d in rows]


def aandelen_van(session: Session, regeling: Regeling, regels: Convocatieregels) -> dict[int, Fraction]:
    """Each council's exact share of the regeling by the rules' grondslag (population or contribution); the same
    shares votes count with (``app.regelingen.service.aandelen_van``)."""
    return regelingen.aandelen_van(session, regeling.id, regels.grondslag)


def bestuur(session: Session, regeling: Regeling) -> Orgaan | None:
    """The body that is convened: the algemeen bestuur, else the dagelijks bestuur, bestuur or gezamenlijke raad."""
    organen = session.exec(
        select(Orgaan).where(Orgaan.regeling_id == regeling.id, col(Orgaan.deleted_at).is_(None),
                             col(Orgaan.soort).in_(BESTUUR_SOORTEN))
        .order_by(Orgaan.id)
    ).all()
    return min(organen, key=lambda o: BESTUUR_SOORTEN.index(o.soort), default=None)


def _lidmaatschappen(orgaan: Orgaan, vandaag: date):
    return (
        select(Lidmaatschap.persoon_id)
        .where(Lidmaatschap.orgaan_id == orgaan.id, col(Lidmaatschap.deleted_at).is_(None),
               col(Lidmaatschap.rol).in_(STEMMENDE_ROLLEN),
               sa.or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= vandaag),
               sa.or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= vandaag))
    )


def ab_leden(session: Session, orgaan: Orgaan | None, vandaag: date) -> list[int]:
    """The persons who are a member of the board today (voorzitter, vicevoorzitter, lid), each once."""
    if orgaan is None:
        return []
    return sorted(set(session.exec(_lidmaatschappen(orgaan, vandaag)).all()))


def vertegenwoordigers(session: Session, orgaan: Orgaan | None, vandaag: date) -> list[str]:
    """The addresses of the board's members who have an account (linked to their Persoon): they get the
    convocation. Deputies too: they stand in for a member who cannot come."""
    if orgaan is None:
        return []
    leden = (select(Lidmaatschap.persoon_id)
             .where(Lidmaatschap.orgaan_id == orgaan.id, col(Lidmaatschap.deleted_at).is_(None),
                    sa.or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= vandaag),
                    sa.or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= vandaag)))
    rows = session.exec(
        select(Gebruiker.email).where(col(Gebruiker.actief).is_(True), col(Gebruiker.persoon_id).in_(leden))
        .order_by(Gebruiker.email)
    ).all()
    return list(dict.fromkeys(rows))


def _gemeente(session: Session, regeling: Regeling, sleutel: str | None, actor: Actor, *,
              veld: str = "namens_gemeente") -> Gemeente:
    """The council a griffier acts for: named by CBS code or slug; 422 unknown, 403 not theirs or not taking part."""
    if not sleutel or not sleutel.strip():
        if len(actor.griffier_van) == 1 and not actor.beheerder:
            gemeente = session.get(Gemeente, next(iter(actor.griffier_van)))
        else:
            reden = "noem de gemeente namens wie u dit doet (CBS-code, zoals GM0355)"
            raise Invalid(f"{veld}: {reden}.", errors=[{"name": veld, "reason": reden}])
    else:
        key = sleutel.strip()
        gemeente = session.exec(
            select(Gemeente).where(col(Gemeente.deleted_at).is_(None),
                                   sa.or_(Gemeente.code == key.upper(), Gemeente.slug == key.lower()))
        ).first()
        if gemeente is None:
            reden = f"gemeente ‘{key[:40]}’ bestaat niet"
            raise Invalid(f"{veld}: {reden}.", errors=[{"name": veld, "reason": reden}])
    if not (actor.beheerder or gemeente.id in actor.griffier_van):
        raise Forbidden(f"U bent geen griffier van {gemeente.naam}: u kunt niet namens deze gemeente handelen.")
    neemt_deel = session.exec(
        select(Deelname.id).where(Deelname.regeling_id == regeling.id, Deelname.gemeente_id == gemeente.id,
                                  col(Deelname.deleted_at).is_(None))
    ).first()
    if neemt_deel is None:
        raise Forbidden(f"{gemeente.naam} neemt niet deel aan {regeling.naam}.")
    return gemeente


def _lid(session: Session, regeling: Regeling, actor: Actor, vandaag: date) -> Persoon:
    """The AB member the actor is (on an AB route); 403 for anyone else."""
    orgaan = bestuur(session, regeling)
    if actor.persoon_id is None or actor.persoon_id not in ab_leden(session, orgaan, vandaag):
        raise Forbidden(f"Alleen leden van het algemeen bestuur van {regeling.naam} kunnen dit verzoek doen of "
                        "steunen.")
    return session.get(Persoon, actor.persoon_id)


def _wie(actor: Actor, regeling: Regeling, gemeente: Gemeente | None = None, *, voorzitter: bool = False) -> str:
    """The capacity in which the actor acts, for the public history: never the person's name (the person stays
    traceable through ``Gebeurtenis.gebruiker_id``). ``voorzitter``: acting as the chair (the secretaris)."""
    if voorzitter:
        return f"voorzitter (secretaris van {regeling.naam})" if regeling.id in actor.secretaris_van else "beheerder"
    if gemeente is not None and gemeente.id in actor.griffier_van:
        return f"griffier van {gemeente.naam}"
    if actor.beheerder:
        return "beheerder"
    if gemeente is None and actor.persoon_id is not None:
        return f"lid van het algemeen bestuur van {regeling.naam}"
    return "deelnemer"


# --- reading --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Steunregel:
    steun: Steun
    naam: str  # the council's name, or the member's
    gemeente: Gemeente | None = None
    persoon: Persoon | None = None

    @property
    def gewicht(self) -> Fraction:
        return Fraction(self.steun.gewicht)


@dataclass
class VerzoekView:
    verzoek: Convocatieverzoek
    regeling: Regeling
    regels: Convocatieregels
    namens: Gemeente | None
    namens_persoon: Persoon | None
    steun: list[Steunregel]
    stand: Stand
    ab_leden: int
    vandaag: date
    vergadering: MeetingView | None = None
    tijdlijn: list[Gebeurtenis] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.verzoek.status]

    @property
    def lopend(self) -> bool:
        return self.verzoek.status in LOPEND

    @property
    def agendapunten(self) -> list[str]:
        return agendapunten(self.verzoek.agenda)

    @property
    def dagen_over(self) -> int | None:
        """Days left within the chair's term (0 on its last day; negative once it has passed)."""
        if self.verzoek.status != VerzoekStatus.drempel_bereikt or self.verzoek.termijn_tot is None:
            return None
        return (self.verzoek.termijn_tot - self.vandaag).days

    @property
    def zelf_vanaf(self) -> date | None:
        """The first day the requesters may convene the meeting themselves."""
        if self.verzoek.termijn_tot is None:
            return None
        return self.verzoek.termijn_tot + timedelta(days=1)

    @property
    def drempel_tekst(self) -> str:
        return drempel_tekst(self.regels, self.stand)


def drempel_tekst(regels: Convocatieregels, s: Stand) -> str:
    from app.regelingen.aandelen import GRONDSLAG_LABELS, procent

    if s.telt == "aandeel":
        return f"{procent(s.drempel)} van het gewicht naar {GRONDSLAG_LABELS[regels.grondslag]}"
    nodig = -(-s.drempel.numerator // s.drempel.denominator)  # at least this many: the ceiling
    if regels.drempel.value == "wettelijk":
        return f"een vijfde van de leden van het algemeen bestuur: {nodig} {'lid' if nodig == 1 else 'leden'}"
    return f"{nodig} {'raden' if s.telt == 'raden' else 'leden'}"


def agendapunten(agenda: str) -> list[str]:
    """The agenda as the meeting gets it: one item per non-empty line."""
    return [regel.strip()[:500] for regel in agenda.splitlines() if regel.strip()]


def get_verzoek(session: Session, verzoek_id: int, *, lock: bool = False) -> Convocatieverzoek:
    query = select(Convocatieverzoek).where(Convocatieverzoek.id == verzoek_id,
                                            col(Convocatieverzoek.deleted_at).is_(None))
    if lock:
        # FOR UPDATE on PostgreSQL (SQLite ignores it: one writer at a time); re-read past the identity map.
        query = query.with_for_update().execution_options(populate_existing=True)
    verzoek = session.exec(query).first()
    if verzoek is None:
        raise NotFound(f"Convocatieverzoek {verzoek_id} bestaat niet.")
    return verzoek


def _staande_steun(session: Session, verzoek_id: int) -> list[Steun]:
    return list(session.exec(
        select(Steun).where(Steun.verzoek_id == verzoek_id, col(Steun.ingetrokken_at).is_(None)).order_by(Steun.id)
    ).all())


def _stand(session: Session, verzoek: Convocatieverzoek, regels: Convocatieregels, steun: Sequence[Steun],
           vandaag: date) -> tuple[Stand, int]:
    """The support against the threshold, with each council's weight as it was when it gave its support."""
    regeling = session.get(Regeling, verzoek.regeling_id)
    leden = len(ab_leden(session, bestuur(session, regeling), vandaag)) if verzoek.route != Route.raad else 0
    if verzoek.route == Route.raad:
        ids = [s.gemeente_id for s in steun]
        gewichten = {s.gemeente_id: Fraction(s.gewicht) for s in steun}
    else:
        ids = [s.persoon_id for s in steun]
        gewichten = {}
    return stand(ids, regels, gewichten, leden), leden


def verzoek_view(session: Session, verzoek: Convocatieverzoek, *, nu: datetime | None = None,
                 met_tijdlijn: bool = True) -> VerzoekView:
    vandaag = lokale_dag(nu or utcnow())
    regeling = session.get(Regeling, verzoek.regeling_id)
    regels = regels_van_verzoek(verzoek)
    steun = _staande_steun(session, verzoek.id)
    gemeenten = {g.id: g for g in session.exec(select(Gemeente).where(col(Gemeente.id).in_(
        [s.gemeente_id for s in steun if s.gemeente_id] + [verzoek.namens_gemeente_id or 0]))).all()}
    personen = {p.id: p for p in session.exec(select(Persoon).where(col(Persoon.id).in_(
        [s.persoon_id for s in steun if s.persoon_id] + [verzoek.namens_persoon_id or 0]))).all()}
    regels_steun = [
        Steunregel(s, gemeenten[s.gemeente_id].naam, gemeente=gemeenten[s.gemeente_id]) if s.gemeente_id
        else Steunregel(s, personen[s.persoon_id].naam, persoon=personen[s.persoon_id])
        for s in steun
    ]
    s, leden = _stand(session, verzoek, regels, steun, vandaag)
    vergadering = None
    if verzoek.vergadering_id is not None:
        try:
            vergadering = vergaderingen.get_meeting(session, verzoek.vergadering_id)
        except NotFound:
            vergadering = None
    return VerzoekView(
        verzoek=verzoek, regeling=regeling, regels=regels,
        namens=gemeenten.get(verzoek.namens_gemeente_id), namens_persoon=personen.get(verzoek.namens_persoon_id),
        steun=regels_steun, stand=s, ab_leden=leden, vandaag=vandaag, vergadering=vergadering,
        tijdlijn=historie.tijdlijn(session, verzoek_ids=[verzoek.id]) if met_tijdlijn else [],
    )


@dataclass(frozen=True)
class Regel:
    """A request in the list of a regeling."""

    verzoek: Convocatieverzoek
    namens: str
    steun: int

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.verzoek.status]

    @property
    def titel(self) -> str:
        punten = agendapunten(self.verzoek.agenda)
        return punten[0] if punten else f"Verzoek {self.verzoek.id}"


def verzoeken(session: Session, regeling: Regeling) -> list[Regel]:
    """The regeling's requests, newest first, with who asked and how many stand behind it (three queries)."""
    rows = list(session.exec(
        select(Convocatieverzoek).where(Convocatieverzoek.regeling_id == regeling.id,
                                        col(Convocatieverzoek.deleted_at).is_(None))
        .order_by(col(Convocatieverzoek.created_at).desc(), col(Convocatieverzoek.id).desc())
    ).all())
    ids = [v.id for v in rows]
    aantallen = dict(session.exec(
        select(Steun.verzoek_id, sa.func.count()).where(col(Steun.verzoek_id).in_(ids),
                                                        col(Steun.ingetrokken_at).is_(None))
        .group_by(Steun.verzoek_id)
    ).all()) if ids else {}
    namen = dict(session.exec(
        select(Gemeente.id, Gemeente.naam).where(col(Gemeente.id).in_([v.namens_gemeente_id or 0 for v in rows]))
    ).all()) if ids else {}
    personen = dict(session.exec(
        select(Persoon.id, Persoon.naam).where(col(Persoon.id).in_([v.namens_persoon_id or 0 for v in rows]))
    ).all()) if ids else {}
    return [Regel(v, namen.get(v.namens_gemeente_id) or personen.get(v.namens_persoon_id) or "", aantallen.get(v.id, 0))
            for v in rows]


@dataclass(frozen=True)
class Mogelijkheden:
    """What this actor may do with a request now: the pages show the forms, the service decides again."""

    steunen_namens: list[Gemeente]  # councils that may still support
    intrekken_namens: list[Gemeente]  # councils whose support stands and may be withdrawn
    als_lid_steunen: bool
    als_lid_intrekken: bool
    verzoek_intrekken: bool
    bijeenroepen: bool  # as the chair (secretaris)
    zelf_bijeenroepen: bool  # as a supporter; only after the term (before it, the page says from when)
    zelf_later: bool  # a supporter who may convene once the term has passed

    @property
    def iets(self) -> bool:
        return any((self.steunen_namens, self.intrekken_namens, self.als_lid_steunen, self.als_lid_intrekken,
                    self.verzoek_intrekken, self.bijeenroepen, self.zelf_bijeenroepen, self.zelf_later))


def mogelijkheden(session: Session, view: VerzoekView, actor: Actor) -> Mogelijkheden:
    geen = Mogelijkheden([], [], False, False, False, False, False, False)
    if not actor.authenticated or not view.lopend:
        return geen
    v = view.verzoek
    staand_g = {r.gemeente.id for r in view.steun if r.gemeente}
    staand_p = {r.persoon.id for r in view.steun if r.persoon}
    eigen = [g for g, _ in deelnemers(session, view.regeling) if actor.beheerder or g.id in actor.griffier_van]
    lid = False
    if v.route != Route.raad and actor.persoon_id is not None:
        lid = actor.persoon_id in ab_leden(session, bestuur(session, view.regeling), view.vandaag)
    steunt = bool(staand_g & actor.griffier_van) or (actor.persoon_id in staand_p)
    chair = actor.beheerder or view.regeling.id in actor.secretaris_van
    na_termijn = v.status == VerzoekStatus.drempel_bereikt and view.zelf_vanaf and view.vandaag >= view.zelf_vanaf
    return Mogelijkheden(
        steunen_namens=[g for g in eigen if g.id not in staand_g] if v.route == Route.raad else [],
        intrekken_namens=[g for g in eigen if g.id in staand_g and g.id != v.namens_gemeente_id],
        als_lid_steunen=lid and actor.persoon_id not in staand_p,
        als_lid_intrekken=actor.persoon_id in staand_p and actor.persoon_id != v.namens_persoon_id,
        verzoek_intrekken=actor.beheerder or (v.namens_gemeente_id in actor.griffier_van)
        or (v.namens_persoon_id is not None and v.namens_persoon_id == actor.persoon_id),
        bijeenroepen=chair,
        zelf_bijeenroepen=not chair and steunt and bool(na_termijn),
        zelf_later=not chair and steunt and v.status == VerzoekStatus.drempel_bereikt and not na_termijn,
    )


def indienen_namens(session: Session, regeling: Regeling, actor: Actor, nu: datetime | None = None) -> list[Gemeente]:
    """The councils for which this actor may make a request (empty on an AB route, or for anyone else)."""
    if not actor.authenticated or not regels_van(regeling).door_raden:
        return []
    return [g for g, _ in deelnemers(session, regeling) if actor.beheerder or g.id in actor.griffier_van]


def mag_als_lid_indienen(session: Session, regeling: Regeling, actor: Actor, nu: datetime | None = None) -> bool:
    if not actor.authenticated or regels_van(regeling).door_raden or actor.persoon_id is None:
        return False
    return actor.persoon_id in ab_leden(session, bestuur(session, regeling), lokale_dag(nu or utcnow()))


# --- writing --------------------------------------------------------------------------------------------------


def _adressen(session: Session, regeling: Regeling) -> list[str]:
    """The griffiers of every participating council and the regeling's secretarissen."""
    return griffier_adressen(session, [g.id for g, _ in deelnemers(session, regeling)], regeling.id)


def _wijzig(session: Session, verzoek: Convocatieverzoek, **waarden) -> dict[str, list]:
    """Apply ``waarden`` to the request, raise its version, and return what changed (for the history)."""
    veranderd = historie.wijzigingen(verzoek, waarden)
    for naam, waarde in waarden.items():
        setattr(verzoek, naam, waarde)
    verzoek.versie += 1
    session.add(verzoek)
    session.flush()
    return veranderd


def _controleer_versie(verzoek: Convocatieverzoek, versie: int | None) -> None:
    if versie is not None and versie != verzoek.versie:
        raise Conflict(f"Dit verzoek is intussen gewijzigd (versie {verzoek.versie}, u had versie {versie}). "
                       "Laad de pagina opnieuw en kijk of uw handeling nog nodig is.")


def _niet_lopend(verzoek: Convocatieverzoek) -> Conflict:
    return Conflict(f"Dit verzoek is {STATUS_LABELS[verzoek.status].split(':')[0].lower()}: er kan niets meer "
                    "aan worden gesteund of ingetrokken.")


def dien_in(session: Session, *, actor: Actor, slug: str, agenda: str, toelichting: str, grondslag: str = "",
            namens_gemeente: str | None = None, nu: datetime | None = None) -> Convocatieverzoek:
    """A council (or an AB member, on an AB route) asks the chair to convene. The requester's own support counts
    first; if it alone meets the threshold, the chair's term starts at once."""
    require_authenticated(actor)
    nu = nu or utcnow()
    vandaag = lokale_dag(nu)
    regeling = get_regeling(session, slug)
    regels = regels_van(regeling)
    punten = agendapunten(agenda)
    fouten = []
    if not punten:
        fouten.append({"name": "agenda", "reason": "noem ten minste één agendapunt (één per regel)"})
    elif len(punten) > MAX_AGENDAPUNTEN:
        fouten.append({"name": "agenda", "reason": f"hoogstens {MAX_AGENDAPUNTEN} agendapunten"})
    if not toelichting.strip():
        fouten.append({"name": "toelichting", "reason": "geef de redenen van het verzoek"})
    if regels.door_raden and not grondslag.strip():
        fouten.append({"name": "grondslag", "reason": "noem het raadsbesluit of de motie achter het verzoek"})
    gemeente = persoon = None
    if regels.door_raden:
        gemeente = _gemeente(session, regeling, namens_gemeente, actor)  # 403 before 422: who asks comes first
    else:
        persoon = _lid(session, regeling, actor, vandaag)
    if fouten:
        tekst = "; ".join(f"{f['name']}: {f['reason']}" for f in fouten)
        raise Invalid(f"Het verzoek is niet compleet: {tekst}.", errors=fouten)
    verzoek = Convocatieverzoek(
        regeling_id=regeling.id, route=regels.route, agenda="\n".join(punten), toelichting=toelichting.strip(),
        grondslag=grondslag.strip(), namens_gemeente_id=gemeente.id if gemeente else None,
        namens_persoon_id=persoon.id if persoon else None, ingediend_door_id=actor.gebruiker_id,
        regels=regels.naar(), created_at=nu, modified_at=nu,
    )
    session.add(verzoek)
    session.flush()
    historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id, soort="ingediend", verzoek_id=verzoek.id,
                 wie=_wie(actor, regeling, gemeente), gemeente_id=gemeente.id if gemeente else None,
                 toelichting=f"Grondslag: {verzoek.grondslag}" if verzoek.grondslag else None)
    wie = gemeente.naam if gemeente else persoon.naam
    meld(session, soort=Melding.convocatieverzoek, regeling=regeling,
         onderwerp=f"Verzoek om een vergadering bijeen te roepen, van {wie}",
         tekst=(f"{wie} vraagt de voorzitter van {regeling.naam} een vergadering bijeen te roepen.\n\n"
                f"Agenda:\n" + "\n".join(f"- {p}" for p in punten) + f"\n\nRedenen:\n{verzoek.toelichting}\n\n"
                "Andere deelnemers kunnen het verzoek steunen in Tussenruimte."),
         pad=f"/convocatieverzoeken/{verzoek.id}", ook_aan=_adressen(session, regeling))
    _voeg_steun_toe(session, actor=actor, verzoek=verzoek, regeling=regeling, gemeente=gemeente, persoon=persoon,
                    grondslag=verzoek.grondslag or None, nu=nu, eerste=True)
    return verzoek


def steun(session: Session, *, actor: Actor, verzoek_id: int, namens_gemeente: str | None = None,
          grondslag: str | None = None, grondslag_verplicht: bool = False, nu: datetime | None = None) -> Steun:
    """Another council (or AB member) supports a standing request: once each; a second time is 409. A council's
    support names its ``grondslag`` (the raad's decision or motion): the form asks for it (``grondslag_verplicht``,
    422 without); the API takes ``{namens_gemeente}`` alone, and the public page then says none was given."""
    require_authenticated(actor)
    nu = nu or utcnow()
    verzoek = get_verzoek(session, verzoek_id, lock=True)
    regeling = session.get(Regeling, verzoek.regeling_id)
    gemeente = persoon = None
    if verzoek.route == Route.raad:
        gemeente = _gemeente(session, regeling, namens_gemeente, actor)
    else:
        persoon = _lid(session, regeling, actor, lokale_dag(nu))
    if verzoek.status not in LOPEND:
        raise _niet_lopend(verzoek)
    grondslag = (grondslag or "").strip() or None
    if grondslag_verplicht and gemeente is not None and grondslag is None:
        # Support "namens de raad" stands on a decision of that raad, as the request itself does.
        reden = "noem het raadsbesluit of de motie waarmee de raad dit verzoek steunt"
        raise Invalid(f"grondslag: {reden}.", errors=[{"name": "grondslag", "reason": reden}])
    return _voeg_steun_toe(session, actor=actor, verzoek=verzoek, regeling=regeling, gemeente=gemeente,
                           persoon=persoon, grondslag=grondslag, nu=nu)


def _voeg_steun_toe(session: Session, *, actor: Actor, verzoek: Convocatieverzoek, regeling: Regeling,
                    gemeente: Gemeente | None, persoon: Persoon | None, grondslag: str | None, nu: datetime,
                    eerste: bool = False) -> Steun:
    vandaag = lokale_dag(nu)
    regels = regels_van_verzoek(verzoek)
    staand = _staande_steun(session, verzoek.id)
    if gemeente is not None and any(s.gemeente_id == gemeente.id for s in staand):
        raise Conflict(f"{gemeente.naam} steunt dit verzoek al. Een gemeente steunt een verzoek één keer.")
    if persoon is not None and any(s.persoon_id == persoon.id for s in staand):
        raise Conflict(f"{persoon.naam} steunt dit verzoek al. Een lid steunt een verzoek één keer.")
    if gemeente is not None:
        gewicht = aandelen_van(session, regeling, regels).get(gemeente.id, Fraction(0))
    else:
        leden = len(ab_leden(session, bestuur(session, regeling), vandaag))
        gewicht = Fraction(1, leden) if leden else Fraction(0)
    rij = Steun(verzoek_id=verzoek.id, gemeente_id=gemeente.id if gemeente else None,
                persoon_id=persoon.id if persoon else None, gebruiker_id=actor.gebruiker_id, grondslag=grondslag,
                gewicht=str(gewicht), created_at=nu, modified_at=nu)
    try:
        with session.begin_nested():
            session.add(rij)
            session.flush()
    except sa.exc.IntegrityError:
        # Another transaction's support for the same council committed first (uq_steun_gemeente).
        wie = gemeente.naam if gemeente else persoon.naam
        raise Conflict(f"{wie} steunt dit verzoek al. Een steun telt één keer.") from None
    if not eerste:
        historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id, soort="steun", verzoek_id=verzoek.id,
                     wie=_wie(actor, regeling, gemeente), gemeente_id=gemeente.id if gemeente else None,
                     wijzigingen={"gewicht": [None, str(gewicht)]},
                     toelichting=f"Grondslag: {grondslag}" if grondslag else None)
    _herbereken(session, actor=actor, verzoek=verzoek, regeling=regeling, nu=nu, wie=_wie(actor, regeling, gemeente))
    return rij


def _herbereken(session: Session, *, actor: Actor, verzoek: Convocatieverzoek, regeling: Regeling,
                nu: datetime, wie: str) -> None:
    """The status after a change of support: the threshold reached (the term starts), or lost again. ``wie``: the
    capacity of whoever changed the support (the history names no persons)."""
    vandaag = lokale_dag(nu)
    regels = regels_van_verzoek(verzoek)
    s, _ = _stand(session, verzoek, regels, _staande_steun(session, verzoek.id), vandaag)
    if s.bereikt and verzoek.status == VerzoekStatus.open:
        termijn_tot = vandaag + timedelta(weeks=regels.termijn_weken)
        veranderd = _wijzig(session, verzoek, status=VerzoekStatus.drempel_bereikt, drempel_bereikt_at=nu,
                            termijn_tot=termijn_tot, herinnerd_at=None)
        historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id,
                     soort="drempel_bereikt", verzoek_id=verzoek.id,
                     wie=wie, wijzigingen=veranderd,
                     toelichting=f"De voorzitter roept uiterlijk {datum_tekst(termijn_tot)} bijeen "
                                 f"(termijn van {regels.termijn_weken} weken uit de convocatieregels).")
        meld(session, soort=Melding.drempel_bereikt, regeling=regeling,
             onderwerp="Drempel bereikt: de voorzitter moet een vergadering bijeenroepen",
             tekst=(f"Het verzoek om een vergadering van {regeling.naam} heeft genoeg steun. De voorzitter roept "
                    f"de vergadering uiterlijk {datum_tekst(termijn_tot)} bijeen; daarna mogen de verzoekers dat "
                    "zelf doen via Tussenruimte."),
             pad=f"/convocatieverzoeken/{verzoek.id}", ook_aan=_adressen(session, regeling))
    elif not s.bereikt and verzoek.status == VerzoekStatus.drempel_bereikt:
        veranderd = _wijzig(session, verzoek, status=VerzoekStatus.open, drempel_bereikt_at=None, termijn_tot=None,
                            herinnerd_at=None)
        historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id, soort="drempel_vervallen",
                     verzoek_id=verzoek.id, wie=wie, wijzigingen=veranderd,
                     toelichting="Na het intrekken van steun is de drempel niet meer bereikt; de termijn vervalt.")
    else:
        verzoek.versie += 1  # the support changed: a form opened before is stale
        session.add(verzoek)
        session.flush()


def trek_steun_in(session: Session, *, actor: Actor, verzoek_id: int, sleutel: str,
                  nu: datetime | None = None) -> Convocatieverzoek:
    """Withdraw a council's support (``sleutel``: its CBS code or slug) or, on an AB route, a member's own (the
    persoon id). Support may be given again afterwards."""
    require_authenticated(actor)
    nu = nu or utcnow()
    verzoek = get_verzoek(session, verzoek_id, lock=True)
    regeling = session.get(Regeling, verzoek.regeling_id)
    staand = _staande_steun(session, verzoek.id)
    gemeente = None
    if verzoek.route == Route.raad:
        gemeente = _gemeente(session, regeling, sleutel, actor, veld="gemeente_code")
        rij = next((s for s in staand if s.gemeente_id == gemeente.id), None)
        wie, eigen = gemeente.naam, gemeente.id == verzoek.namens_gemeente_id
    else:
        if not sleutel.isdigit() or int(sleutel) != actor.persoon_id:
            raise Forbidden("Een lid van het algemeen bestuur trekt alleen de eigen steun in.")
        rij = next((s for s in staand if s.persoon_id == actor.persoon_id), None)
        wie, eigen = "U", actor.persoon_id == verzoek.namens_persoon_id
    if verzoek.status not in LOPEND:
        raise _niet_lopend(verzoek)
    if rij is None:
        raise NotFound(f"{wie} steunt dit verzoek niet (meer).")
    if eigen:
        raise Conflict("Wie het verzoek deed, trekt geen steun in maar het verzoek zelf (‘Verzoek intrekken’).")
    rij.ingetrokken_at = nu
    session.add(rij)
    session.flush()
    historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id,
                 soort="steun_ingetrokken", verzoek_id=verzoek.id,
                 wie=_wie(actor, regeling, gemeente), gemeente_id=gemeente.id if gemeente else None,
                 wijzigingen={"gewicht": [rij.gewicht, None]})
    _herbereken(session, actor=actor, verzoek=verzoek, regeling=regeling, nu=nu, wie=_wie(actor, regeling, gemeente))
    return verzoek


def trek_in(session: Session, *, actor: Actor, verzoek_id: int, versie: int | None = None,
            toelichting: str | None = None, nu: datetime | None = None) -> Convocatieverzoek:
    """The requester withdraws the request itself (before a meeting was convened)."""
    require_authenticated(actor)
    nu = nu or utcnow()
    verzoek = get_verzoek(session, verzoek_id, lock=True)
    regeling = session.get(Regeling, verzoek.regeling_id)
    gemeente = session.get(Gemeente, verzoek.namens_gemeente_id) if verzoek.namens_gemeente_id else None
    eigen = actor.beheerder or (gemeente is not None and gemeente.id in actor.griffier_van) or (
        verzoek.namens_persoon_id is not None and verzoek.namens_persoon_id == actor.persoon_id)
    if not eigen:
        raise Forbidden("Alleen wie het verzoek deed, kan het intrekken.")
    if verzoek.status not in LOPEND:
        raise _niet_lopend(verzoek)
    _controleer_versie(verzoek, versie)
    veranderd = _wijzig(session, verzoek, status=VerzoekStatus.ingetrokken, ingetrokken_at=nu)
    historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id, soort="ingetrokken", verzoek_id=verzoek.id,
                 wie=_wie(actor, regeling, gemeente), gemeente_id=gemeente.id if gemeente else None,
                 wijzigingen=veranderd, toelichting=(toelichting or "").strip() or None)
    return verzoek


def roep_bijeen(session: Session, *, actor: Actor, verzoek_id: int, start: datetime, einde: datetime,
                locatie: str | None = None, versie: int | None = None,
                nu: datetime | None = None) -> Convocatieverzoek:
    """Convene the meeting: the chair (secretaris) at any time while the request stands; a supporting council's
    griffier (or supporting member) once the chair's term has passed without a meeting (before: 409 with the
    day it becomes possible). The meeting is a Vergadering of the board with the request's agenda, so it is in
    every feed of that board; the convocation goes to every representative, the board and the griffiers."""
    require_authenticated(actor)
    nu = nu or utcnow()
    vandaag = lokale_dag(nu)
    verzoek = get_verzoek(session, verzoek_id, lock=True)
    regeling = session.get(Regeling, verzoek.regeling_id)
    chair = actor.beheerder or regeling.id in actor.secretaris_van
    gemeente = None
    if not chair:
        staand = _staande_steun(session, verzoek.id)
        eigen = [s for s in staand if s.gemeente_id in actor.griffier_van
                 or (s.persoon_id is not None and s.persoon_id == actor.persoon_id)]
        if not eigen:
            raise Forbidden("Alleen de voorzitter (het secretariaat van de regeling) of, na de termijn, een "
                            "gemeente of lid dat het verzoek steunt, kan deze vergadering bijeenroepen.")
        gemeente = session.get(Gemeente, eigen[0].gemeente_id) if eigen[0].gemeente_id else None
    if verzoek.status not in LOPEND:
        raise Conflict(f"Dit verzoek is {STATUS_LABELS[verzoek.status].lower()}: er wordt niet nog eens "
                       "bijeengeroepen.")
    if not chair:
        if verzoek.status != VerzoekStatus.drempel_bereikt or verzoek.termijn_tot is None:
            raise Conflict("De drempel is nog niet bereikt: alleen de voorzitter kan nu bijeenroepen.")
        if vandaag <= verzoek.termijn_tot:
            vanaf = verzoek.termijn_tot + timedelta(days=1)
            raise Conflict(f"De voorzitter heeft tot en met {datum_tekst(verzoek.termijn_tot)} om bijeen te roepen. "
                           f"U kunt de vergadering zelf bijeenroepen vanaf {datum_tekst(vanaf)} "
                           f"({vanaf.isoformat()}).")
    _controleer_versie(verzoek, versie)
    if start <= nu:
        raise Invalid("start: de vergadering moet in de toekomst beginnen.",
                      errors=[{"name": "start", "reason": "moet in de toekomst liggen"}])
    if einde <= start:
        raise Invalid("einde: het einde moet na het begin liggen.",
                      errors=[{"name": "einde", "reason": "moet na het begin liggen"}])
    orgaan = bestuur(session, regeling)
    if orgaan is None:
        raise Conflict(f"{regeling.naam} heeft geen algemeen bestuur (of ander bestuur) in Tussenruimte: voeg het "
                       "orgaan eerst toe.")
    zelf = not chair
    vergadering = Vergadering(
        naam=f"Vergadering {orgaan.naam} op verzoek van de deelnemers", start=start, einde=einde,
        locatie=(locatie or "").strip() or None, status=Status.bijeengeroepen, openbaar=True,
    )
    session.add(vergadering)
    session.flush()
    session.add(VergaderingOrgaan(vergadering_id=vergadering.id, orgaan_id=orgaan.id))
    for i, punt in enumerate(agendapunten(verzoek.agenda), start=1):
        session.add(Agendapunt(vergadering_id=vergadering.id, volgorde=i, nummer=str(i), titel=punt))
    session.flush()
    status = VerzoekStatus.zelf_bijeengeroepen if zelf else VerzoekStatus.bijeengeroepen
    veranderd = _wijzig(session, verzoek, status=status, vergadering_id=vergadering.id, bijeengeroepen_at=nu)
    historie.log(session, tijd=nu, actor=actor, regeling_id=regeling.id, soort=status.value, verzoek_id=verzoek.id,
                 wie=_wie(actor, regeling, gemeente, voorzitter=not zelf),
                 gemeente_id=gemeente.id if gemeente else None, wijzigingen=veranderd)
    tz = _tz()
    wanneer = f"{datum_tekst(start.astimezone(tz).date())} om {start.astimezone(tz):%H:%M}"
    door = "door de deelnemers zelf, omdat de voorzitter dat niet binnen de termijn deed" if zelf \
        else "door de voorzitter"
    meld(session, soort=Melding.bijeengeroepen, regeling=regeling,
         onderwerp=f"Convocatie: {orgaan.naam} op {datum_tekst(start.astimezone(tz).date())}",
         tekst=(f"U wordt uitgenodigd voor een vergadering van {orgaan.naam} op {wanneer}"
                + (f", {vergadering.locatie}" if vergadering.locatie else "") + ".\n\n"
                f"De vergadering is bijeengeroepen {door}, op verzoek van de deelnemers.\n\nAgenda:\n"
                + "\n".join(f"{i}. {p}" for i, p in enumerate(agendapunten(verzoek.agenda), start=1))
                + f"\n\nDe vergadering: {page_url(_base_url(), 'vergaderingen', vergadering.id)}"),
         pad=f"/convocatieverzoeken/{verzoek.id}",
         ook_aan=[*vertegenwoordigers(session, orgaan, vandaag), *_adressen(session, regeling)])
    return verzoek


def herinneringen(session: Session, nu: datetime | None = None) -> int:
    """Remind the chair, the griffiers and subscribers when a chair's term is about to pass: once per request
    (``herinnerd_at``; claimed with a conditional UPDATE, so two workers never both remind). Returns the number
    of requests reminded."""
    nu = nu or utcnow()
    vandaag = lokale_dag(nu)
    kandidaten = session.exec(
        select(Convocatieverzoek).where(Convocatieverzoek.status == VerzoekStatus.drempel_bereikt,
                                        col(Convocatieverzoek.herinnerd_at).is_(None),
                                        col(Convocatieverzoek.termijn_tot).is_not(None),
                                        Convocatieverzoek.termijn_tot >= vandaag,
                                        col(Convocatieverzoek.deleted_at).is_(None))
        .order_by(Convocatieverzoek.id)
    ).all()
    aantal = 0
    for verzoek in kandidaten:
        regels = regels_van_verzoek(verzoek)
        if (verzoek.termijn_tot - vandaag).days > regels.herinnering_dagen:
            continue
        geclaimd = session.execute(
            sa.update(Convocatieverzoek)
            .where(Convocatieverzoek.id == verzoek.id, col(Convocatieverzoek.herinnerd_at).is_(None),
                   Convocatieverzoek.status == VerzoekStatus.drempel_bereikt)
            .values(herinnerd_at=nu, versie=Convocatieverzoek.versie + 1, modified_at=nu)
            .execution_options(synchronize_session=False)
        )
        if geclaimd.rowcount != 1:
            continue
        session.refresh(verzoek)
        regeling = session.get(Regeling, verzoek.regeling_id)
        dagen = (verzoek.termijn_tot - vandaag).days
        historie.log(session, tijd=nu, actor=SYSTEEM, regeling_id=regeling.id,
                     soort="herinnering", verzoek_id=verzoek.id,
                     wie="Tussenruimte", toelichting=f"Nog {dagen} {'dag' if dagen == 1 else 'dagen'} tot het einde "
                                                     f"van de termijn ({datum_tekst(verzoek.termijn_tot)}).")
        meld(session, soort=Melding.termijn_verloopt, regeling=regeling,
             onderwerp=f"De termijn om bijeen te roepen loopt af op {datum_tekst(verzoek.termijn_tot)}",
             tekst=(f"De voorzitter van {regeling.naam} moet de gevraagde vergadering uiterlijk "
                    f"{datum_tekst(verzoek.termijn_tot)} bijeenroepen (nog {dagen} "
                    f"{'dag' if dagen == 1 else 'dagen'}). Gebeurt dat niet, dan mogen de gemeenten die het "
                    f"verzoek steunen de vergadering vanaf {datum_tekst(verzoek.termijn_tot + timedelta(days=1))} "
                    "zelf bijeenroepen via Tussenruimte."),
             pad=f"/convocatieverzoeken/{verzoek.id}", ook_aan=_adressen(session, regeling))
        aantal += 1
    return aantal
