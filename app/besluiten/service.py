"""What the public sees of the voorstellen: per voorstel the position of every participating council, the lists
of decisions with their filters, and per gemeente the regelingen it takes part in with its open deadlines.

Reads only. Every list is built in a fixed number of queries, however many voorstellen or councils it holds:
the rows first, then the councils, behandelingen and opt-outs of all rows together.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from sqlmodel import Session, col, func, select

from app.accounts.authz import Actor
from app.errors import BadFilter, NotFound
from app.gemeenten.models import Gemeente
from app.gemeenten.service import get_gemeente
from app.historie import service as historie
from app.historie.models import Gebeurtenis
from app.i18n import N_
from app.organen.models import Orgaan, Soort
from app.planning.pc import Waarschuwing
from app.regelingen.aandelen import Grondslag, aandelen
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import get_regeling
from app.stemmingen.models import Stemming
from app.stemmingen.rekenen import GemeenteUitslag
from app.stemmingen.service import gemeente_uitslagen, stemmingen_bij
from app.vergaderingen.models import Status, Vergadering
from app.voorstellen.models import (
    Afmelding,
    Behandeling,
    BehandelingRol,
    Document,
    Uitkomst,
    Voorstel,
    VoorstelFase,
    VoorstelSoort,
)
from app.voorstellen.service import (  # the words are the voorstellen's own: one set for every page
    UITKOMST_LABELS,
    BehandelingView,
    is_secretaris,
    vereis_zichtbaar,
    waarschuwingen,
)
from app.voorstellen.service import advies as adviezen_van

# --- words ---------------------------------------------------------------------------------------------

# The phases the public may filter on: a concept is the board's draft and is not public.
OPENBARE_FASEN = (VoorstelFase.verzonden, VoorstelFase.besloten, VoorstelFase.gepubliceerd)
# The steps of the history (app.historie), as the timeline names them; an unknown step shows its own name.
STAP_LABELS = {
    "opgesteld": N_("Voorstel opgesteld"),
    "gewijzigd": N_("Voorstel gewijzigd"),
    "verzonden": N_("Naar de raden gestuurd"),
    "uitkomst": N_("Uitkomst in de raad vastgelegd"),
    "uitkomst_gewijzigd": N_("Uitkomst in de raad gewijzigd"),
    "advies": N_("Advies gegeven"),
    "advies_gewijzigd": N_("Advies gewijzigd"),
    "antwoord": N_("Antwoord van het dagelijks bestuur"),
    "antwoord_gewijzigd": N_("Antwoord van het dagelijks bestuur gewijzigd"),
    "besluit": N_("Besluit van het algemeen bestuur"),
    "besluit_gewijzigd": N_("Besluit van het algemeen bestuur gewijzigd"),
    "gepubliceerd": N_("Besluit gepubliceerd"),
    "correctie": N_("Correctie"),
    "herinnering": N_("Herinnering aan de termijn verstuurd"),
}

# A council's position on one voorstel, from nothing to its outcome.
NIET_ONTVANGEN, ONTVANGEN, GEAGENDEERD, UITKOMST, AFGEMELD = (
    "niet_ontvangen", "ontvangen", "geagendeerd", "uitkomst", "afgemeld")
STATUS_LABELS = {
    NIET_ONTVANGEN: N_("Niet ontvangen"),
    ONTVANGEN: N_("Ontvangen, nog niet geagendeerd"),
    GEAGENDEERD: N_("Geagendeerd"),
    UITKOMST: N_("Uitkomst vastgelegd"),
    AFGEMELD: N_("Afgemeld"),
}

MIN_JAAR, MAX_JAAR = 1900, 2200


# --- filters -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BesluitFilter:
    """The regeling, gemeente, year, kind and phase a list of voorstellen is narrowed to (each optional)."""

    regeling: Regeling | None = None
    gemeente: Gemeente | None = None
    jaar: int | None = None
    soort: VoorstelSoort | None = None
    fase: VoorstelFase | None = None

    def params(self) -> dict[str, str]:
        """The filter as query parameters, for links to the same list in another format."""
        values = {"regeling": self.regeling.slug if self.regeling else None,
                  "gemeente": self.gemeente.slug if self.gemeente else None,
                  "jaar": str(self.jaar) if self.jaar else None,
                  "soort": self.soort.value if self.soort else None,
                  "fase": self.fase.value if self.fase else None}
        return {k: v for k, v in values.items() if v}


def _bad(name: str, reason: str) -> BadFilter:
    return BadFilter(f"Filter ‘{name}’: {reason}.", errors=[{"name": name, "reason": reason}])


def filter_uit(session: Session, *, regeling: str = "", gemeente: str = "", jaar: str = "", soort: str = "",
               fase: str = "") -> BesluitFilter:
    """Look up the filter values as typed in a URL; an unknown one is a 400 that names the parameter."""
    found: dict = {}
    for name, key, lookup in (("regeling", regeling, get_regeling), ("gemeente", gemeente, get_gemeente)):
        key = key.strip()
        if key:
            try:
                found[name] = lookup(session, key)
            except NotFound:
                raise _bad(name, f"onbekende waarde ‘{key[:100]}’") from None
    jaar = jaar.strip()
    if jaar:
        if not (jaar.isascii() and jaar.isdigit() and MIN_JAAR <= int(jaar) <= MAX_JAAR):
            raise _bad("jaar", f"‘{jaar[:100]}’ is geen jaartal tussen {MIN_JAAR} en {MAX_JAAR}")
        found["jaar"] = int(jaar)
    soort = soort.strip()
    if soort:
        if soort not in VoorstelSoort.__members__:
            raise _bad("soort", f"onbekende waarde ‘{soort[:100]}’; kies uit {', '.join(VoorstelSoort)}")
        found["soort"] = VoorstelSoort(soort)
    fase = fase.strip()
    if fase:
        if fase not in {f.value for f in OPENBARE_FASEN}:
            raise _bad("fase", f"onbekende waarde ‘{fase[:100]}’; kies uit {', '.join(OPENBARE_FASEN)}")
        found["fase"] = VoorstelFase(fase)
    return BesluitFilter(**found)


# --- a council's position ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Positie:
    """Where one council stands on one voorstel: its Behandeling (in its raad), the meeting, its opt-out, and the
    recorded vote of its members, if any."""

    gemeente: Gemeente
    status: str
    behandeling: Behandeling | None = None
    orgaan: Orgaan | None = None  # the body of the behandeling: the raad, or a committee of it
    vergadering: Vergadering | None = None
    afmelding: Afmelding | None = None
    te_laat: bool = False  # the deadline passed without an outcome
    uitslag: GemeenteUitslag | None = None  # the totals of the latest recorded vote

    @property
    def label(self) -> str:
        if self.status == UITKOMST:
            return UITKOMST_LABELS[self.behandeling.uitkomst]
        return STATUS_LABELS[self.status]

    @property
    def uitkomst(self) -> Uitkomst | None:
        return self.behandeling.uitkomst if self.status == UITKOMST else None


def _voorkeur(behandeling: Behandeling, orgaan: Orgaan) -> tuple:
    """Which of a council's behandelingen speaks for it: its raad's zienswijze or decision, then one with an
    outcome, then one in a meeting, then the latest."""
    return (orgaan.soort == Soort.raad and behandeling.rol in (BehandelingRol.zienswijze, BehandelingRol.besluit),
            behandeling.uitkomst is not None, behandeling.vergadering_id is not None, behandeling.id)


def positie(gemeente: Gemeente, voorstel: Voorstel, behandeling: Behandeling | None, orgaan: Orgaan | None,
            vergadering: Vergadering | None, afmelding: Afmelding | None, vandaag: date) -> Positie:
    """A council's position from what is recorded. Pure. A recorded outcome wins over an opt-out (the council
    decided after all); a cancelled meeting does not count as being on the agenda."""
    if vergadering is not None and vergadering.status == Status.geannuleerd:
        vergadering = None
    if behandeling is not None and behandeling.uitkomst is not None:
        status = UITKOMST
    elif afmelding is not None:
        status = AFGEMELD
    elif vergadering is not None:
        status = GEAGENDEERD
    elif behandeling is not None:
        status = ONTVANGEN
    else:
        status = NIET_ONTVANGEN
    te_laat = (status in (NIET_ONTVANGEN, ONTVANGEN, GEAGENDEERD) and voorstel.fase == VoorstelFase.verzonden
               and voorstel.uiterlijk is not None and voorstel.uiterlijk < vandaag)
    return Positie(gemeente, status, behandeling, orgaan, vergadering, afmelding, te_laat)


def _deelnemers(session: Session, regeling_ids: Iterable[int],
                gemeente_id: int | None = None) -> dict[int, list[tuple[Gemeente, Deelname]]]:
    """``{regeling_id: [(gemeente, deelname)]}`` by gemeente name, in one query."""
    query = (select(Deelname, Gemeente).join(Gemeente, Gemeente.id == Deelname.gemeente_id)
             .where(col(Deelname.regeling_id).in_(list(set(regeling_ids))), col(Deelname.deleted_at).is_(None),
                    col(Gemeente.deleted_at).is_(None)))
    if gemeente_id is not None:
        query = query.where(Deelname.gemeente_id == gemeente_id)
    result: dict[int, list[tuple[Gemeente, Deelname]]] = defaultdict(list)
    for deelname, gemeente in session.exec(query.order_by(Gemeente.naam, Gemeente.id)).all():
        result[deelname.regeling_id].append((gemeente, deelname))
    return result


def _behandelingen(session: Session, voorstel_ids: Sequence[int]) -> list[tuple[Behandeling, Orgaan,
                                                                                   Vergadering | None]]:
    """Every live behandeling of these voorstellen with its orgaan and meeting, in one query."""
    if not voorstel_ids:
        return []
    return list(session.exec(
        select(Behandeling, Orgaan, Vergadering)
        .join(Orgaan, Orgaan.id == Behandeling.orgaan_id)
        .outerjoin(Vergadering, (Vergadering.id == Behandeling.vergadering_id) & col(Vergadering.deleted_at).is_(None))
        .where(col(Behandeling.voorstel_id).in_(list(voorstel_ids)), col(Behandeling.deleted_at).is_(None),
               col(Orgaan.deleted_at).is_(None))
        .order_by(Behandeling.id)
    ).all())


def _afmeldingen(session: Session, voorstel_ids: Sequence[int]) -> dict[tuple[int, int], Afmelding]:
    if not voorstel_ids:
        return {}
    rows = session.exec(select(Afmelding).where(col(Afmelding.voorstel_id).in_(list(voorstel_ids)),
                                                col(Afmelding.deleted_at).is_(None))).all()
    return {(a.voorstel_id, a.gemeente_id): a for a in rows}


def posities(session: Session, voorstellen: Sequence[Voorstel], *, vandaag: date, gemeente_id: int | None = None,
             behandelingen: list | None = None) -> dict[int, list[Positie]]:
    """``{voorstel_id: [Positie per participating council]}`` in three queries for any number of voorstellen;
    with ``gemeente_id`` only that council's position."""
    ids = [v.id for v in voorstellen]
    if not ids:
        return {}
    deelnemers = _deelnemers(session, (v.regeling_id for v in voorstellen), gemeente_id)
    if behandelingen is None:
        behandelingen = _behandelingen(session, ids)
    beste: dict[tuple[int, int], tuple[Behandeling, Orgaan, Vergadering | None]] = {}
    for behandeling, orgaan, vergadering in behandelingen:
        if orgaan.gemeente_id is None:
            continue  # the regeling's own bodies advise; they are no council
        key = (behandeling.voorstel_id, orgaan.gemeente_id)
        if key not in beste or _voorkeur(behandeling, orgaan) > _voorkeur(*beste[key][:2]):
            beste[key] = (behandeling, orgaan, vergadering)
    afgemeld = _afmeldingen(session, ids)
    result = {}
    for v in voorstellen:
        rij = []
        for gemeente, _ in deelnemers.get(v.regeling_id, []):
            behandeling, orgaan, vergadering = beste.get((v.id, gemeente.id), (None, None, None))
            rij.append(positie(gemeente, v, behandeling, orgaan, vergadering, afgemeld.get((v.id, gemeente.id)),
                               vandaag))
        result[v.id] = rij
    return result


# --- warnings -----------------------------------------------------------------------------------------


def signalen(voorstel: Voorstel, rij: Sequence[Positie], vandaag: date) -> list[Waarschuwing]:
    """What is late or missing, with its source, as the voorstel's own service says it
    (app.voorstellen.service.waarschuwingen: the Woo's two weeks, unanswered zienswijzen, a passed deadline)."""
    raden = [BehandelingView(p.behandeling, p.orgaan, p.gemeente, p.vergadering) for p in rij
             if p.behandeling is not None and p.orgaan.soort == Soort.raad
             and p.behandeling.rol in (BehandelingRol.zienswijze, BehandelingRol.besluit)]
    return waarschuwingen(voorstel, raden, vandaag,
                          afgemeld={p.gemeente.id for p in rij if p.afmelding is not None})


WOO_SLEUTELS = ("woo_niet_gepubliceerd", "woo_laat_gepubliceerd")


# --- the list of decisions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BesluitRij:
    """One voorstel in a list, with how far the councils are."""

    voorstel: Voorstel
    regeling: Regeling
    posities: list[Positie]
    waarschuwingen: list[Waarschuwing] = field(default_factory=list)
    eigen: Positie | None = None  # the position of the gemeente the list is filtered on

    @property
    def woo(self) -> Waarschuwing | None:
        """The Woo's two weeks passed without publication, or the publication came after them."""
        return next((w for w in self.waarschuwingen if w.sleutel in WOO_SLEUTELS), None)

    @property
    def datum(self) -> date | None:
        """The date the list orders and filters by: the decision, else the day it went out, else its deadline."""
        v = self.voorstel
        return v.besloten_op or v.beschikbaar or v.uiterlijk

    @property
    def raden(self) -> int:
        return len(self.posities)

    def aantal(self, *statussen: str) -> int:
        return sum(p.status in statussen for p in self.posities)

    @property
    def met_uitkomst(self) -> int:
        return self.aantal(UITKOMST)

    @property
    def zienswijzen(self) -> int:
        return sum(p.uitkomst == Uitkomst.zienswijze for p in self.posities)

    @property
    def afgemeld(self) -> int:
        return self.aantal(AFGEMELD)


def _datum():
    return func.coalesce(Voorstel.besloten_op, Voorstel.beschikbaar, Voorstel.uiterlijk)


def _query(f: BesluitFilter):
    query = (select(Voorstel, Regeling).join(Regeling, Regeling.id == Voorstel.regeling_id)
             .where(col(Voorstel.deleted_at).is_(None), col(Regeling.deleted_at).is_(None),
                    Voorstel.fase != VoorstelFase.concept))
    if f.regeling is not None:
        query = query.where(Voorstel.regeling_id == f.regeling.id)
    if f.gemeente is not None:
        deelnames = select(Deelname.regeling_id).where(Deelname.gemeente_id == f.gemeente.id,
                                                       col(Deelname.deleted_at).is_(None))
        query = query.where(col(Voorstel.regeling_id).in_(deelnames))
    if f.jaar is not None:
        query = query.where(_datum() >= date(f.jaar, 1, 1), _datum() <= date(f.jaar, 12, 31))
    if f.soort is not None:
        query = query.where(Voorstel.soort == f.soort)
    if f.fase is not None:
        query = query.where(Voorstel.fase == f.fase)
    return query


def _rijen(session: Session, rows: Sequence[tuple[Voorstel, Regeling]], f: BesluitFilter,
           vandaag: date) -> list[BesluitRij]:
    voorstellen = [v for v, _ in rows]
    per_voorstel = posities(session, voorstellen, vandaag=vandaag)
    rijen = []
    for v, r in rows:
        rij = per_voorstel.get(v.id, [])
        # The list of one council shows that council's own position beside the count of all.
        eigen = next((p for p in rij if f.gemeente is not None and p.gemeente.id == f.gemeente.id), None)
        rijen.append(BesluitRij(v, r, rij, signalen(v, rij, vandaag), eigen))
    return rijen


def lijst(session: Session, f: BesluitFilter, *, vandaag: date, limit: int | None = 50,
          offset: int = 0) -> tuple[list[BesluitRij], int]:
    """One page of voorstellen (latest first) with the councils' positions, and the number on all pages;
    ``limit=None``: all of them (the exports)."""
    query = _query(f)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    ordered = query.order_by(_datum().is_(None), _datum().desc(), col(Voorstel.id).desc()).offset(offset)
    if limit is not None:
        ordered = ordered.limit(limit)
    rows = session.exec(ordered).all()
    return _rijen(session, rows, f, vandaag), total


def jaren(session: Session) -> list[int]:
    """The years that have voorstellen, latest first (for the filter's choice)."""
    eerste, laatste = session.exec(
        select(func.min(_datum()), func.max(_datum()))
        .where(col(Voorstel.deleted_at).is_(None), Voorstel.fase != VoorstelFase.concept)
    ).one()
    if eerste is None:
        return []
    eerste, laatste = (d if isinstance(d, date) else date.fromisoformat(str(d)[:10]) for d in (eerste, laatste))
    return list(range(laatste.year, eerste.year - 1, -1))


def gepubliceerd(session: Session, f: BesluitFilter, *, limit: int = 50) -> list[tuple[Voorstel, Regeling,
                                                                                        list[Gebeurtenis]]]:
    """The latest published decisions (for the Atom feed), each with its visible corrections; two queries."""
    query = _query(f).where(Voorstel.fase == VoorstelFase.gepubliceerd)
    rows = session.exec(
        query.order_by(col(Voorstel.gepubliceerd_op).desc(), col(Voorstel.modified_at).desc(),
                       col(Voorstel.id).desc()).limit(limit)
    ).all()
    correcties: dict[int, list[Gebeurtenis]] = defaultdict(list)
    if rows:
        for g in session.exec(
            select(Gebeurtenis).where(col(Gebeurtenis.voorstel_id).in_([v.id for v, _ in rows]),
                                      col(Gebeurtenis.correctie).is_(True)).order_by(Gebeurtenis.tijd)
        ).all():
            correcties[g.voorstel_id].append(g)
    return [(v, r, correcties[v.id]) for v, r in rows]


# --- one voorstel ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stap:
    """One step of the timeline, with the name of the council it was for."""

    gebeurtenis: Gebeurtenis
    gemeente: str | None = None

    @property
    def label(self) -> str:
        soort = self.gebeurtenis.soort
        return STAP_LABELS.get(soort, soort.replace("_", " ").capitalize())


@dataclass(frozen=True)
class VoorstelPagina:
    voorstel: Voorstel
    regeling: Regeling
    documenten: list[Document]
    posities: list[Positie]
    adviezen: list[BehandelingView]  # Raadstafel and carrousel advice, for every council
    stemmingen: list[Stemming]
    tijdlijn: list[Stap]
    waarschuwingen: list[Waarschuwing]
    beheert: bool = False  # the actor may manage the voorstel (secretaris of the regeling, beheerder)
    eigen: frozenset[int] = field(default_factory=frozenset)  # behandeling ids the actor records the outcome of

    def aantal(self, status: str) -> int:
        return sum(p.status == status for p in self.posities)

    @property
    def te_laat(self) -> int:
        return sum(p.te_laat for p in self.posities)

    @property
    def gestemd(self) -> bool:
        """Whether a vote with members per gemeente was recorded (the matrix shows a column for it)."""
        return any(p.uitslag is not None for p in self.posities)


def voorstel_pagina(session: Session, voorstel_id: int, *, actor: Actor, vandaag: date) -> VoorstelPagina:
    """Everything the public page of one voorstel shows. A concept is visible to those who manage it only."""
    row = session.exec(
        select(Voorstel, Regeling).join(Regeling, Regeling.id == Voorstel.regeling_id)
        .where(Voorstel.id == voorstel_id, col(Voorstel.deleted_at).is_(None), col(Regeling.deleted_at).is_(None))
    ).first()
    if row is None:
        raise NotFound(f"Voorstel {voorstel_id} bestaat niet (of is nog niet openbaar).")
    voorstel, regeling = row
    vereis_zichtbaar(actor, voorstel, regeling)
    documenten = list(session.exec(
        select(Document).where(Document.voorstel_id == voorstel.id, col(Document.deleted_at).is_(None))
        .order_by(Document.id)
    ).all())
    behandelingen = _behandelingen(session, [voorstel.id])
    rij = posities(session, [voorstel], vandaag=vandaag, behandelingen=behandelingen).get(voorstel.id, [])
    uitslagen = gemeente_uitslagen(session, voorstel_ids=[voorstel.id])
    stemmingen = stemmingen_bij(session, voorstel_ids=[voorstel.id])
    per_gemeente = uitslagen.get(voorstel.id, {})
    rij = [Positie(p.gemeente, p.status, p.behandeling, p.orgaan, p.vergadering, p.afmelding, p.te_laat,
                   per_gemeente.get(p.gemeente.id)) for p in rij]
    adviezen = adviezen_van(session, [voorstel.id]).get(voorstel.id, [])
    namen = {p.gemeente.id: p.gemeente.naam for p in rij}
    tijdlijn = [Stap(g, namen.get(g.gemeente_id)) for g in historie.tijdlijn(session, voorstel_ids=[voorstel.id])]
    eigen = frozenset(
        p.behandeling.id for p in rij
        if p.behandeling is not None and (actor.beheerder or p.gemeente.id in actor.griffier_van)
    )
    return VoorstelPagina(
        voorstel=voorstel, regeling=regeling, documenten=documenten, posities=rij, adviezen=adviezen,
        stemmingen=list(stemmingen.get(voorstel.id, [])), tijdlijn=tijdlijn,
        waarschuwingen=signalen(voorstel, rij, vandaag), beheert=is_secretaris(actor, regeling), eigen=eigen,
    )


# --- per gemeente: the regelingen it takes part in ------------------------------------------------------------


@dataclass(frozen=True)
class Deelneming:
    """A regeling a gemeente takes part in, its exact shares, and the voorstellen still waiting for its raad."""

    regeling: Regeling
    deelname: Deelname
    aandeel_inwoners: Fraction
    aandeel_bijdrage: Fraction
    open_termijnen: list[tuple[Voorstel, Positie]]


def _eigen_regelingen(session: Session, gemeente: Gemeente) -> list[Regeling]:
    return list(session.exec(
        select(Regeling).join(Deelname, Deelname.regeling_id == Regeling.id)
        .where(Deelname.gemeente_id == gemeente.id, col(Deelname.deleted_at).is_(None),
               col(Regeling.deleted_at).is_(None))
        .order_by(Regeling.naam)
    ).all())


def gemeente_regelingen(session: Session, gemeente: Gemeente, *, vandaag: date) -> list[Deelneming]:
    """The regelingen of this gemeente with its share of population and contribution (exact), and its open
    deadlines: voorstellen sent to the councils whose deadline is today or later and on which this council has
    no outcome yet (an opted-out council has none open). Six queries, however many regelingen."""
    eigen = _eigen_regelingen(session, gemeente)
    deelnemers = _deelnemers(session, (r.id for r in eigen))
    open_per_regeling: dict[int, list[tuple[Voorstel, Positie]]] = defaultdict(list)
    for v, p in _open(session, gemeente, [r.id for r in eigen], vandaag=vandaag)[0]:
        open_per_regeling[v.regeling_id].append((v, p))
    result = []
    for r in eigen:
        rows = deelnemers.get(r.id, [])
        triples = [(g.id, d.inwoners, d.bijdrage) for g, d in rows]
        inwoners, bijdrage = aandelen(triples, Grondslag.inwoners), aandelen(triples, Grondslag.bijdrage)
        deelname = next(d for g, d in rows if g.id == gemeente.id)
        result.append(Deelneming(r, deelname, inwoners[gemeente.id], bijdrage[gemeente.id],
                                 open_per_regeling.get(r.id, [])))
    return result


OPEN_PARTIJ = 50  # voorstellen read at a time when only the first open deadlines are wanted
OPEN_PARTIJEN = 4  # at most this many batches: past them the page links to the full list


def _open(session: Session, gemeente: Gemeente, regeling_ids: list[int], *, vandaag: date,
          limiet: int | None = None) -> tuple[list[tuple[Voorstel, Positie]], bool]:
    """This council's open deadlines, soonest first, and whether the reading stopped early. Without a limit all
    of them; with one, read in batches until the limit is passed or OPEN_PARTIJEN batches are read, so a region
    with thousands of voorstellen costs the gemeente page a bounded number of queries."""
    if not regeling_ids:
        return [], False
    query = (select(Voorstel)
             .where(col(Voorstel.regeling_id).in_(regeling_ids), col(Voorstel.deleted_at).is_(None),
                    Voorstel.fase == VoorstelFase.verzonden, col(Voorstel.uiterlijk).is_not(None),
                    Voorstel.uiterlijk >= vandaag)
             .order_by(Voorstel.uiterlijk, Voorstel.id))
    found: list[tuple[Voorstel, Positie]] = []
    for partij_nr in range(OPEN_PARTIJEN if limiet is not None else 1):
        partij = session.exec(query if limiet is None else
                              query.offset(partij_nr * OPEN_PARTIJ).limit(OPEN_PARTIJ)).all()
        per_voorstel = posities(session, partij, vandaag=vandaag, gemeente_id=gemeente.id)
        found += [(v, p) for v in partij for p in per_voorstel.get(v.id, []) if p.status not in (UITKOMST, AFGEMELD)]
        if limiet is None or len(found) > limiet or len(partij) < OPEN_PARTIJ:
            return found, False
    return found, True


def open_termijnen(session: Session, gemeente: Gemeente, *, vandaag: date,
                   limiet: int) -> tuple[list[tuple[Regeling, Voorstel, Positie]], bool]:
    """The first ``limiet`` open deadlines of this council over all its regelingen, soonest first, and whether
    there may be more (shown in full on /gemeenten/{slug}/regelingen)."""
    eigen = {r.id: r for r in _eigen_regelingen(session, gemeente)}
    found, afgebroken = _open(session, gemeente, list(eigen), vandaag=vandaag, limiet=limiet)
    return [(eigen[v.regeling_id], v, p) for v, p in found[:limiet]], afgebroken or len(found) > limiet


@dataclass(frozen=True)
class Lijstpagina:
    """One page of the list of decisions with what its filter form offers to choose from."""

    rijen: list[BesluitRij]
    totaal: int
    jaren: list[int]
    regelingen: list[Regeling]
    gemeenten: list[Gemeente]  # those taking part in some regeling


def lijstpagina(session: Session, f: BesluitFilter, *, vandaag: date, limit: int, offset: int) -> Lijstpagina:
    rijen, totaal = lijst(session, f, vandaag=vandaag, limit=limit, offset=offset)
    regelingen = session.exec(select(Regeling).where(col(Regeling.deleted_at).is_(None)).order_by(Regeling.naam))
    deelnemend = select(Deelname.gemeente_id).where(col(Deelname.deleted_at).is_(None))
    gemeenten = session.exec(select(Gemeente).where(col(Gemeente.deleted_at).is_(None),
                                                    col(Gemeente.id).in_(deelnemend)).order_by(Gemeente.naam))
    return Lijstpagina(rijen, totaal, jaren(session), list(regelingen.all()), list(gemeenten.all()))
