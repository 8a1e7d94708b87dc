"""The griffiers' board (synchronisatiebord): the database in, the plain board and its timeline out.

``laad`` reads a regeling's board in a fixed number of queries, however many councils and meetings it has
(``momentopname`` for the councils' calendars, then the regeling's bodies, their meetings, the voorstellen,
their Behandelingen and opt-outs). ``indeling`` lays the plain ``watals.Bord`` out as rows and weeks for the
page; it is pure. ``bord_pagina``, ``wat_als`` and ``verplaats`` are what the routes call.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated, require_manage_organen
from app.errors import Invalid
from app.organen.models import SOORT_LABELS, Orgaan, Soort
from app.planning import watals
from app.planning.kalender import feestdagen
from app.planning.raden import Bijeenkomst, Raad
from app.planning.service import (
    BESTUUR_SOORTEN,
    LAATSTE_BEGROTING,
    LAATSTE_JAARREKENING,
    Deelnemers,
    deelnemers,
    momentopname,
)
from app.regelingen.models import Regeling
from app.vergaderingen import service as vergaderingen
from app.vergaderingen.models import Status, Vergadering, VergaderingOrgaan
from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR, VergaderingUpdate
from app.vergaderingen.service import MeetingView
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Voorstel, VoorstelSoort

log = logging.getLogger("tussenruimte")

STANDAARD_WEKEN, MAX_WEKEN = 26, 53
MAX_VERPLAATSING = timedelta(days=366)  # a meeting moves within a year; further is a new meeting

# Short forms on the board, with the full text a screen reader (and a tooltip) gives.
AFKORTINGEN: dict[str, tuple[str, str]] = {
    Soort.raad: ("R", "Gemeenteraad"),
    Soort.commissie: ("C", "Raadscommissie"),
    Soort.presidium: ("P", "Presidium"),
    Soort.algemeen_bestuur: ("AB", "Algemeen bestuur"),
    Soort.dagelijks_bestuur: ("DB", "Dagelijks bestuur"),
    Soort.bestuur: ("B", "Bestuur"),
    Soort.adviescommissie: ("RT", "Raadstafel (adviescommissie)"),
    Soort.carrousel: ("CA", "Carrousel"),
    Soort.gezamenlijke_raad: ("GR", "Gezamenlijke raad"),
    Soort.radenbijeenkomst: ("RB", "Radenbijeenkomst"),
}
# The order of the regeling's own rows.
ORGAAN_VOLGORDE = (
    Soort.algemeen_bestuur,
    Soort.bestuur,
    Soort.dagelijks_bestuur,
    Soort.gezamenlijke_raad,
    Soort.adviescommissie,
    Soort.carrousel,
    Soort.radenbijeenkomst,
)
# The few words a marked meeting on the board shows; the full explanation is in the list of knelpunten.
KORT = {
    "reces": "in reces",
    "gelijke_dag": "uit de pas",
    "na_uiterlijk": "na uiterste datum",
    "voorbereiding": "te vroeg",
    "wgr_34_2": "na 14 september",
    "wgr_34_3": "na 14 juli",
    "wgr_35_1": "binnen 12 weken",
    "wgr_35_4": "zienswijze te laat",
    "advies_na_commissie": "advies te laat",
    "advies_na_besluit": "advies te laat",
    "feestdag": "feestdag",
    "zelfde_avond": "zelfde avond",
    "samenloop_raden": "raden vergaderen ook",
}
# The P&C milestones (app.planning.pc) in a few words; the full text is in the list below the board.
MIJLPALEN = {
    "kadernota": "kadernota naar de raden",
    "ontwerpbegroting": "ontwerpbegroting naar de raden",
    "zienswijze_raden": "zienswijzen van de raden binnen",
    "antwoord_zienswijzen": "antwoord op de zienswijzen",
    "begroting_vaststelling": "begroting vastgesteld",
    "begroting_gs": "begroting naar GS",
    "jaarrekening_vaststelling": "jaarrekening vastgesteld",
    "jaarrekening_gs": "jaarrekening naar GS",
}
ROL_LABELS = {
    BehandelingRol.advies: "advies",
    BehandelingRol.zienswijze: "zienswijze",
    BehandelingRol.besluit: "besluit",
    BehandelingRol.informatie: "ter informatie",
}


# --- the window -------------------------------------------------------------------------------------------


def maandag(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _datum(waarde: str) -> date | None:
    waarde = waarde.strip()
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        pass
    delen = waarde.replace("/", "-").replace(".", "-").split("-")
    if len(delen) == 3 and all(p.isascii() and p.isdigit() for p in delen) and len(delen[2]) == 4:
        try:
            return date(int(delen[2]), int(delen[1]), int(delen[0]))
        except ValueError:
            return None
    return None


def lees_datum(waarde: str) -> date | None:
    """A date as typed: 2027-03-10 or 10-03-2027; None when it is no existing date in a sensible year."""
    d = _datum(waarde or "")
    return d if d is not None and FIRST_YEAR <= d.year <= LAST_YEAR else None


def venster(van: str, weken: str, vandaag: date) -> tuple[date, int]:
    """The board's window from the query: its Monday and the number of weeks. Invalid (422) in Dutch."""
    if (van or "").strip():
        begin = lees_datum(van)
        if begin is None:
            raise Invalid(
                f"‘van’ is geen geldige datum: schrijf bijvoorbeeld {maandag(vandaag).isoformat()}.",
                errors=[{"name": "van", "reason": "geen geldige datum"}],
            )
    else:
        begin = vandaag
    n = (weken or "").strip() or str(STANDAARD_WEKEN)
    if not (n.isascii() and n.isdigit() and 1 <= int(n) <= MAX_WEKEN):
        raise Invalid(
            f"‘weken’ moet een geheel getal van 1 tot en met {MAX_WEKEN} zijn.",
            errors=[{"name": "weken", "reason": f"kies 1 tot en met {MAX_WEKEN}"}],
        )
    return maandag(begin), int(n)


# --- the database in --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Geladen:
    """A plain board and what the page needs beside it."""

    bord: watals.Bord
    regeling: Regeling
    versies: dict[int, int]  # vergadering id → versie
    mijlpalen: tuple  # P&C milestones in the window: objects with sleutel, datum, omschrijving, bron
    waarschuwingen: tuple[str, ...]


def _lokaal(start: datetime, tz: tzinfo) -> datetime:
    return start.astimezone(tz)


def laad(session: Session, d: Deelnemers, *, van: date, tot: date, tz: tzinfo) -> Geladen:
    """The board of this regeling from ``van`` to ``tot`` (local dates, both included), in seven queries.

    The councils' calendars cover the window; the regeling's bodies' meetings the whole calendar years (the
    P&C calendar needs the AB's year); voorstellen whose dates touch the window come with all their
    Behandelingen, wherever those fall, so a chain is always complete.
    """
    r = d.regeling
    opname = momentopname(session, d.gemeenten, van=van, tot=tot, tz=tz)
    code = {g.id: g.code for g in d.gemeenten}
    organen = session.exec(
        select(Orgaan)
        .where(
            sa.or_(Orgaan.regeling_id == r.id, col(Orgaan.gemeente_id).in_(list(code))),
            col(Orgaan.deleted_at).is_(None),
        )
        .order_by(Orgaan.naam)
    ).all()
    per_id = {o.id: o for o in organen}
    eigen = [o for o in organen if o.regeling_id == r.id]

    begin = datetime.combine(date(van.year, 1, 1), time.min, tz).astimezone(UTC)
    eind = datetime.combine(date(tot.year + 1, 1, 1), time.min, tz).astimezone(UTC)
    rows = session.exec(
        select(VergaderingOrgaan.orgaan_id, Vergadering.id, Vergadering.start, Vergadering.versie)
        .join(Vergadering, Vergadering.id == VergaderingOrgaan.vergadering_id)
        .where(
            col(VergaderingOrgaan.orgaan_id).in_([o.id for o in eigen]),
            col(Vergadering.deleted_at).is_(None),
            Vergadering.status != Status.geannuleerd,
            Vergadering.start >= begin,
            Vergadering.start < eind,
        )
        .order_by(Vergadering.start, Vergadering.id)
    ).all()
    versies = dict(opname.versies)
    bijeenkomsten = []
    for orgaan_id, vergadering_id, start, versie in rows:
        lokaal = _lokaal(start, tz)
        o = per_id[orgaan_id]
        bijeenkomsten.append(
            Bijeenkomst(
                datum=lokaal.date(),
                orgaan=o.slug,
                soort=str(o.soort),
                vergadering_id=vergadering_id,
                aanvang=lokaal.time().replace(tzinfo=None),
            )
        )
        versies[vergadering_id] = versie

    voorstellen = session.exec(
        select(Voorstel).where(Voorstel.regeling_id == r.id, col(Voorstel.deleted_at).is_(None)).order_by(Voorstel.id)
    ).all()
    behandelingen = session.exec(
        select(Behandeling.voorstel_id, Behandeling.orgaan_id, Behandeling.rol, Vergadering.id, Vergadering.start)
        .join(Voorstel, Voorstel.id == Behandeling.voorstel_id)
        .outerjoin(
            Vergadering,
            sa.and_(
                Vergadering.id == Behandeling.vergadering_id,
                col(Vergadering.deleted_at).is_(None),
                Vergadering.status != Status.geannuleerd,
            ),
        )
        .where(Voorstel.regeling_id == r.id, col(Voorstel.deleted_at).is_(None), col(Behandeling.deleted_at).is_(None))
        .order_by(Behandeling.id)
    ).all()
    afmeldingen = session.exec(
        select(Afmelding.voorstel_id, Afmelding.gemeente_id)
        .join(Voorstel, Voorstel.id == Afmelding.voorstel_id)
        .where(Voorstel.regeling_id == r.id, col(Afmelding.deleted_at).is_(None))
    ).all()

    stappen: dict[int, list[watals.Behandeling]] = defaultdict(list)
    for voorstel_id, orgaan_id, rol, vergadering_id, start in behandelingen:
        if orgaan_id not in per_id:
            continue  # a body that is not on this board (deleted, or of a council that left)
        stappen[voorstel_id].append(
            watals.Behandeling(
                orgaan=per_id[orgaan_id].slug,
                rol=str(rol),
                vergadering_id=vergadering_id,
                datum=_lokaal(start, tz).date() if start is not None else None,
            )
        )
    afgemeld: dict[int, set[str]] = defaultdict(set)
    for voorstel_id, gemeente_id in afmeldingen:
        if gemeente_id in code:
            afgemeld[voorstel_id].add(code[gemeente_id])
    plain = [
        watals.Voorstel(
            id=v.id,
            titel=v.titel,
            soort=str(v.soort),
            beschikbaar=v.beschikbaar,
            uiterlijk=v.uiterlijk,
            behandelingen=tuple(stappen[v.id]),
            afgemeld=frozenset(afgemeld[v.id]),
        )
        for v in voorstellen
    ]
    termijnen, mijlpalen, waarschuwingen = _pc(r, eigen, bijeenkomsten, plain, van, tot)
    bord = watals.Bord(
        naam=r.naam,
        synchronisatie=str(r.synchronisatie),
        raden=tuple(opname.raden),
        organen=tuple(watals.Orgaan(o.slug, o.naam, str(o.soort), code.get(o.gemeente_id)) for o in organen),
        vergaderingen=tuple(bijeenkomsten),
        voorstellen=tuple(v for v in plain if _raakt(v, van, tot)),
        **termijnen,
    )
    return Geladen(bord, r, versies, mijlpalen, waarschuwingen)


def _raakt(v: watals.Voorstel, van: date, tot: date) -> bool:
    """Whether a voorstel belongs on a board of these weeks: a date of it falls in them, or it runs through them."""
    datums = [d for d in (v.beschikbaar, v.uiterlijk, *(b.datum for b in v.behandelingen)) if d is not None]
    if any(van <= d <= tot for d in datums):
        return True
    return bool(datums) and min(datums) < van and max(datums) > tot


def _vaststelling(
    vergaderingen: list[tuple[date, int]], gepland: set[int], jaar: int, uiterlijk: tuple[int, int]
) -> tuple[date, int] | None:
    """The AB meeting that adopts a document: the one it is on the agenda of, else the last one in time
    (the same choice ``service.pc_kalender`` makes), as (date, vergadering id)."""
    for datum, vergadering_id in vergaderingen:
        if vergadering_id in gepland:
            return datum, vergadering_id
    grens = date(jaar, *uiterlijk)
    return max(((d, v) for d, v in vergaderingen if d <= grens), default=None)


def _pc(
    r: Regeling,
    eigen: Sequence[Orgaan],
    bijeenkomsten: Sequence[Bijeenkomst],
    voorstellen: Sequence[watals.Voorstel],
    van: date,
    tot: date,
) -> tuple[dict, tuple, tuple[str, ...]]:
    """The regeling's term for the ontwerpbegroting (as ``watals.Bord`` fields), the P&C milestones that fall in
    the window, and any reason they cannot be shown. Never fails the page."""
    try:
        from app.planning import pc
    except ImportError:
        return (
            {},
            (),
            (
                "De P&C-kalender is nog niet beschikbaar; termijnen van de begroting en jaarrekening "
                "ontbreken op dit bord.",
            ),
        )
    try:
        termijnen = pc.Termijnen.from_dict(r.termijnen or {})
    except ValueError as exc:
        return {}, (), (f"De termijnen van {r.naam} kloppen niet: {exc}",)
    velden = {
        "ontwerpbegroting_weken": termijnen.ontwerpbegroting_weken,
        "ontwerpbegroting_bron": termijnen.bron("ontwerpbegroting_weken"),
    }
    besturen = [o for o in eigen if o.soort in BESTUUR_SOORTEN]
    if not besturen:
        return velden, (), ()
    bestuur = min(besturen, key=lambda o: (BESTUUR_SOORTEN.index(o.soort), o.id))
    gepland: dict[str, set[int]] = defaultdict(set)
    for v in voorstellen:
        for b in v.behandelingen:
            if b.orgaan == bestuur.slug and b.rol == BehandelingRol.besluit and b.vergadering_id is not None:
                gepland[v.soort].add(b.vergadering_id)
    uit, waarschuwingen, vaststellingen = [], [], []
    try:
        for jaar in range(van.year, tot.year + 1):
            vergaderingen = [
                (b.datum, b.vergadering_id) for b in bijeenkomsten if b.orgaan == bestuur.slug and b.datum.year == jaar
            ]
            begroting = _vaststelling(vergaderingen, gepland[VoorstelSoort.begroting], jaar, LAATSTE_BEGROTING)
            jaarrekening = _vaststelling(vergaderingen, gepland[VoorstelSoort.jaarrekening], jaar, LAATSTE_JAARREKENING)
            try:
                kalender = pc.pc_kalender(
                    jaar,
                    ab_begroting=begroting[0] if begroting else None,
                    ab_jaarrekening=jaarrekening[0] if jaarrekening else None,
                    termijnen=termijnen,
                )
            except ValueError as exc:  # e.g. a year the calendar does not cover: say so, show the rest
                waarschuwingen.append(f"P&C-kalender {jaar}: {exc}")
                continue
            vaststellingen += [
                (v[1], soort)
                for v, soort in ((begroting, "begroting"), (jaarrekening, "jaarrekening"))
                if v is not None
            ]
            uit.extend(m for m in getattr(kalender, "mijlpalen", kalender) if van <= m.datum <= tot)
            waarschuwingen.extend(str(w) for w in getattr(kalender, "waarschuwingen", ()))
    except Exception:  # the board must show even when the P&C calendar fails
        log.exception("P&C-kalender voor het synchronisatiebord van %s", r.slug)
        return (
            velden,
            (),
            ("De P&C-kalender kon niet worden berekend; termijnen van de begroting ontbreken op dit bord.",),
        )
    uit.sort(key=lambda m: (m.datum, m.sleutel))
    velden["vaststellingen"] = tuple(vaststellingen)
    return velden, tuple(uit), tuple(dict.fromkeys(waarschuwingen))


def beheerbare(session: Session, actor: Actor, vergadering_ids: Iterable[int]) -> frozenset[int]:
    """The meetings among these that the actor may move: they manage every body that meets in it. One query."""
    ids = sorted(set(vergadering_ids))
    if not actor.plans_meetings or not ids:
        return frozenset()
    per: dict[int, list[Orgaan]] = defaultdict(list)
    for vergadering_id, orgaan in session.exec(
        select(VergaderingOrgaan.vergadering_id, Orgaan)
        .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
        .where(col(VergaderingOrgaan.vergadering_id).in_(ids), col(Orgaan.deleted_at).is_(None))
    ).all():
        per[vergadering_id].append(orgaan)
    return frozenset(v for v, organen in per.items() if actor.may_manage_organen(organen))


# --- the timeline (pure) ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Week:
    jaar: int  # ISO year
    nummer: int  # ISO week
    maandag: date

    @property
    def zondag(self) -> date:
        return self.maandag + timedelta(days=6)


@dataclass(frozen=True)
class Item:
    """One thing in a cell: a meeting, a recess, a holiday, a deadline."""

    soort: str  # "vergadering", "reces", "feestdag", "termijn", "beschikbaar"
    datum: date
    kort: str  # what the cell shows
    lang: str  # the full text (screen readers, tooltip)
    vergadering_id: int | None = None
    versie: int | None = None
    aanvang: time | None = None
    beheer: bool = False  # the actor may move this meeting
    markeringen: tuple[str, ...] = ()  # short words for the knelpunten it is part of
    tot: date | None = None  # the last day of a recess
    bron: str | None = None


@dataclass(frozen=True)
class Rij:
    sleutel: str  # gemeente code, orgaan slug, "feestdagen", "termijnen"
    kop: str
    sub: str | None
    cellen: tuple[tuple[Item, ...], ...]  # one per week
    url: str | None = None


@dataclass(frozen=True)
class Groep:
    naam: str
    rijen: tuple[Rij, ...]


@dataclass(frozen=True)
class KetenStap:
    orgaan: str
    gemeente: str | None  # the council's name, None for a body of the regeling
    rol: str
    datum: date | None
    vergadering_id: int | None
    opmerkingen: tuple[str, ...] = ()


@dataclass(frozen=True)
class Keten:
    """A voorstel and its way through the bodies: who handles it when, and what is out of step."""

    voorstel: watals.Voorstel
    stappen: tuple[KetenStap, ...]
    knelpunten: tuple[watals.Gevolg, ...]

    @property
    def uit_de_pas(self) -> bool:
        return any(g.regel == "gelijke_dag" for g in self.knelpunten)

    @property
    def status(self) -> str:
        if self.uit_de_pas:
            return "Uit de pas"
        if any(g.breekt for g in self.knelpunten):
            return "Knelpunt"
        if not any(s.datum for s in self.stappen):
            return "Nog niet gepland"
        return "Op schema"


def weken_van(van: date, weken: int) -> tuple[Week, ...]:
    uit = []
    for i in range(weken):
        m = van + timedelta(weeks=i)
        iso = m.isocalendar()
        uit.append(Week(iso.year, iso.week, m))
    return tuple(uit)


def _per_week(items: Iterable[Item], kolommen: Sequence[Week]) -> tuple[tuple[Item, ...], ...]:
    cellen: list[list[Item]] = [[] for _ in kolommen]
    if not kolommen:
        return ()
    begin = kolommen[0].maandag
    for item in items:
        i = (item.datum - begin).days // 7
        if 0 <= i < len(kolommen):
            cellen[i].append(item)
    return tuple(tuple(sorted(c, key=lambda x: (x.datum, x.aanvang or time.min, x.kort))) for c in cellen)


def _markeringen(knelpunten: Iterable[watals.Gevolg]) -> dict[int, tuple[str, ...]]:
    per: dict[int, list[str]] = defaultdict(list)
    for g in knelpunten:
        for v in g.vergaderingen:
            woord = KORT.get(g.regel, g.regel)
            if woord not in per[v]:
                per[v].append(woord)
    return {v: tuple(w) for v, w in per.items()}


def _vergadering(
    b: Bijeenkomst,
    orgaan: watals.Orgaan | None,
    versies: dict[int, int],
    beheerbaar: frozenset[int],
    markeringen: dict[int, tuple[str, ...]],
) -> Item:
    kort, soort = AFKORTINGEN.get(b.soort, (b.soort[:2].upper(), SOORT_LABELS.get(b.soort, b.soort)))
    return Item(
        "vergadering",
        b.datum,
        kort,
        orgaan.naam if orgaan else soort,
        vergadering_id=b.vergadering_id,
        versie=versies.get(b.vergadering_id),
        aanvang=b.aanvang,
        beheer=b.vergadering_id in beheerbaar,
        markeringen=markeringen.get(b.vergadering_id, ()),
    )


def _recessen(raad: Raad, kolommen: Sequence[Week]) -> list[Item]:
    """A recess shows in every week it touches, once per week, from its first day in that week."""
    uit = []
    for p in raad.recessen:
        for w in kolommen:
            if p.van <= w.zondag and p.tot >= w.maandag:
                uit.append(
                    Item(
                        "reces",
                        max(p.van, w.maandag),
                        p.naam,
                        f"{p.naam} van {raad.naam}, {p.van:%d-%m-%Y} t/m {p.tot:%d-%m-%Y}",
                        tot=p.tot,
                    )
                )
    return uit


def _orgaan_volgorde(o: watals.Orgaan) -> tuple:
    volgorde = [str(s) for s in ORGAAN_VOLGORDE]
    return (volgorde.index(o.soort) if o.soort in volgorde else len(volgorde), o.naam)


def indeling(
    geladen: Geladen,
    kolommen: Sequence[Week],
    knelpunten: Sequence[watals.Gevolg],
    beheerbaar: frozenset[int] = frozenset(),
) -> tuple[Groep, ...]:
    """The rows of the board: the calendar (holidays, deadlines), the regeling's bodies, then the councils."""
    bord = geladen.bord
    markeringen = _markeringen(knelpunten)
    organen = bord.index.orgaan
    van, tot = kolommen[0].maandag, kolommen[-1].zondag

    feest = [
        Item("feestdag", d, naam, f"{naam}, {d:%d-%m-%Y} (Algemene termijnenwet art. 3)")
        for jaar in range(van.year, tot.year + 1)
        for d, naam in feestdagen(jaar).items()
        if van <= d <= tot
    ]
    termijnen = [
        Item(
            "termijn",
            m.datum,
            MIJLPALEN.get(m.sleutel, m.sleutel.replace("_", " ")),
            f"{m.omschrijving} ({m.bron})",
            bron=m.bron,
        )
        for m in geladen.mijlpalen
    ]
    for v in bord.voorstellen:
        if v.beschikbaar and van <= v.beschikbaar <= tot:
            termijnen.append(
                Item(
                    "beschikbaar",
                    v.beschikbaar,
                    f"‘{v.titel}’ naar de raden",
                    f"‘{v.titel}’ gaat op {v.beschikbaar:%d-%m-%Y} naar de raden",
                )
            )
        if v.uiterlijk and van <= v.uiterlijk <= tot:
            termijnen.append(
                Item(
                    "termijn",
                    v.uiterlijk,
                    f"uiterlijk ‘{v.titel}’",
                    f"Uiterste datum van behandeling van ‘{v.titel}’: {v.uiterlijk:%d-%m-%Y} (regeling)",
                    bron="regeling",
                )
            )
    kalender = (
        Rij("feestdagen", "Feestdagen", "Algemene termijnenwet", _per_week(feest, kolommen)),
        Rij("termijnen", "Termijnen", "P&C-cyclus en voorstellen", _per_week(termijnen, kolommen)),
    )

    per_orgaan: dict[str, list[Bijeenkomst]] = defaultdict(list)
    for b in bord.vergaderingen:
        if van <= b.datum <= tot:
            per_orgaan[b.orgaan].append(b)
    eigen = sorted((o for o in bord.organen if o.gemeente is None), key=_orgaan_volgorde)
    regeling = tuple(
        Rij(
            o.slug,
            o.naam,
            SOORT_LABELS.get(o.soort, o.soort),
            _per_week(
                (_vergadering(b, o, geladen.versies, beheerbaar, markeringen) for b in per_orgaan[o.slug]), kolommen
            ),
            url=f"/organen/{o.slug}",
        )
        for o in eigen
    )
    gemeenten = tuple(
        Rij(
            r.code,
            r.naam,
            None,
            _per_week(
                [
                    *(
                        _vergadering(b, organen.get(b.orgaan), geladen.versies, beheerbaar, markeringen)
                        for b in r.vergaderingen
                        if van <= b.datum <= tot
                    ),
                    *_recessen(r, kolommen),
                ],
                kolommen,
            ),
        )
        for r in bord.raden
    )
    groepen = [Groep("Kalender", kalender)]
    if regeling:
        groepen.append(Groep(f"Organen van {bord.naam}", regeling))
    groepen.append(Groep("Deelnemende gemeenten", gemeenten))
    return tuple(groepen)


def ketens(bord: watals.Bord, knelpunten: Sequence[watals.Gevolg]) -> tuple[Keten, ...]:
    """Per voorstel on the board, its Behandelingen in order and per council, with what is out of step."""
    idx = bord.index
    per_voorstel: dict[int, list[watals.Gevolg]] = defaultdict(list)
    for g in knelpunten:
        if g.voorstel_id is not None:
            per_voorstel[g.voorstel_id].append(g)
    uit = []
    for v in bord.voorstellen:
        gevonden = per_voorstel.get(v.id, [])
        stappen = []
        behandeld = set()
        for b in v.behandelingen:
            orgaan = idx.orgaan.get(b.orgaan)
            if orgaan is None:
                continue
            opmerkingen = tuple(
                dict.fromkeys(
                    KORT.get(g.regel, g.regel)
                    for g in gevonden
                    if b.vergadering_id in g.vergaderingen and (not g.wie or (orgaan.gemeente or orgaan.slug) in g.wie)
                )
            )
            if orgaan.gemeente:
                behandeld.add(orgaan.gemeente)
            stappen.append(
                KetenStap(
                    orgaan.naam,
                    idx.gemeentenaam(orgaan.gemeente) if orgaan.gemeente else None,
                    ROL_LABELS.get(b.rol, b.rol),
                    b.datum,
                    b.vergadering_id,
                    opmerkingen,
                )
            )
        if behandeld:  # a chain through the councils: say who has not planned it, and who opted out
            for r in bord.raden:
                if r.code in v.afgemeld:
                    stappen.append(KetenStap("Gemeenteraad", r.naam, "afgemeld", None, None, ("doet niet mee",)))
                elif r.code not in behandeld:
                    stappen.append(KetenStap("Gemeenteraad", r.naam, "–", None, None, ("nog niet gepland",)))
        stappen.sort(
            key=lambda s: (s.datum is None, s.datum or date.max, s.gemeente is not None, s.gemeente or "", s.orgaan)
        )
        uit.append(Keten(v, tuple(stappen), tuple(gevonden)))
    uit.sort(
        key=lambda k: (
            not k.knelpunten,
            min((s.datum for s in k.stappen if s.datum), default=date.max),
            k.voorstel.titel,
        )
    )
    return tuple(uit)


# --- what the routes call ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class WatAls:
    """A proposed move and its consequences, shown before anything is saved."""

    vergadering_id: int | None
    titel: str = ""
    oud: date | None = None
    nieuw: date | None = None
    invoer: str = ""  # the date as typed, shown again after an error
    aanvang: time | None = None
    versie: int | None = None
    gevolgen: tuple[watals.Gevolg, ...] = ()
    opgelost: tuple[watals.Gevolg, ...] = ()
    fout: str | None = None
    conflict: bool = False

    @property
    def breekt(self) -> int:
        return sum(1 for g in self.gevolgen if g.breekt)

    @property
    def let_op(self) -> int:
        return len(self.gevolgen) - self.breekt


@dataclass(frozen=True)
class BordPagina:
    regeling: Regeling
    bord: watals.Bord
    van: date
    weken: int
    kolommen: tuple[Week, ...]
    groepen: tuple[Groep, ...]
    knelpunten: tuple[watals.Gevolg, ...]
    ketens: tuple[Keten, ...]
    mijlpalen: tuple
    waarschuwingen: tuple[str, ...]
    wat_als: WatAls | None = None
    beheer: bool = False  # the actor may move at least one meeting on the board

    @property
    def tot(self) -> date:
        return self.kolommen[-1].zondag

    @property
    def vorige(self) -> date:
        return self.van - timedelta(weeks=self.weken)

    @property
    def volgende(self) -> date:
        return self.van + timedelta(weeks=self.weken)

    @property
    def breekt(self) -> int:
        return sum(1 for g in self.knelpunten if g.breekt)


def _pagina(
    session: Session, actor: Actor, geladen: Geladen, van: date, weken: int, wat_als: WatAls | None = None
) -> BordPagina:
    kolommen = weken_van(van, weken)
    tot = kolommen[-1].zondag
    gevonden = watals.knelpunten(geladen.bord)
    in_beeld = [b.vergadering_id for r in geladen.bord.raden for b in r.vergaderingen if van <= b.datum <= tot]
    in_beeld += [b.vergadering_id for b in geladen.bord.vergaderingen if van <= b.datum <= tot]
    beheerbaar = beheerbare(session, actor, (v for v in in_beeld if v is not None))
    return BordPagina(
        regeling=geladen.regeling,
        bord=geladen.bord,
        van=van,
        weken=weken,
        kolommen=kolommen,
        groepen=indeling(geladen, kolommen, gevonden, beheerbaar),
        knelpunten=tuple(gevonden),
        ketens=ketens(geladen.bord, gevonden),
        mijlpalen=geladen.mijlpalen,
        waarschuwingen=geladen.waarschuwingen,
        wat_als=wat_als,
        beheer=bool(beheerbaar),
    )


def bord_pagina(session: Session, *, actor: Actor, slug: str, van: date, weken: int, tz: tzinfo) -> BordPagina:
    """The board of a regeling for ``weken`` weeks from the Monday ``van``. Public: meetings are public."""
    if not 1 <= weken <= MAX_WEKEN:
        raise Invalid(f"‘weken’ moet een geheel getal van 1 tot en met {MAX_WEKEN} zijn.")
    van = maandag(van)
    d = deelnemers(session, slug)
    geladen = laad(session, d, van=van, tot=van + timedelta(weeks=weken, days=-1), tz=tz)
    return _pagina(session, actor, geladen, van, weken)


def _op_bord(d: Deelnemers, view: MeetingView) -> bool:
    ids = {g.id for g in d.gemeenten}
    return any(o.regeling_id == d.regeling.id or o.gemeente_id in ids for o in view.organen)


def _te_verplaatsen(session: Session, actor: Actor, d: Deelnemers, vergadering_id: int) -> MeetingView:
    require_authenticated(actor)
    view = vergaderingen.get_meeting(session, vergadering_id)
    require_manage_organen(actor, view.organen)
    if not _op_bord(d, view):
        raise Invalid(f"Deze vergadering staat niet op het synchronisatiebord van {d.regeling.naam}.")
    return view


def wat_als(
    session: Session,
    *,
    actor: Actor,
    slug: str,
    vergadering_id: int,
    datum: str,
    van: date,
    weken: int,
    tz: tzinfo,
    conflict: bool = False,
) -> BordPagina:
    """The board with the consequences of moving one meeting to ``datum`` (as typed), nothing saved.

    Only for whoever may move the meeting (401, 403). A date that cannot be read comes back in the page's
    ``wat_als.fout``, not as an exception, so the form can show it beside the field.
    """
    d = deelnemers(session, slug)
    view = _te_verplaatsen(session, actor, d, vergadering_id)
    v = view.vergadering
    start = v.start.astimezone(tz)
    oud = start.date()
    nieuw = lees_datum(datum)
    fout = None
    if nieuw is None:
        fout = "Vul een bestaande datum in, bijvoorbeeld " + f"{oud:%d-%m-%Y}."
    elif abs(nieuw - oud) > MAX_VERPLAATSING:
        fout = "Verplaats een vergadering hoogstens een jaar; plan anders een nieuwe vergadering."
    elif v.status == Status.geannuleerd:
        fout = "Deze vergadering is geannuleerd; verplaatsen kan niet meer."
    van = maandag(van)
    if not van - MAX_VERPLAATSING <= oud <= van + timedelta(weeks=weken) + MAX_VERPLAATSING:
        van = maandag(oud)  # a form from far away: show the weeks of the meeting rather than load years
    tot = van + timedelta(weeks=weken, days=-1)
    verder = nieuw if fout is None else oud
    data_van, data_tot = min(van, oud, verder), max(tot, oud, verder)
    geladen = laad(session, d, van=data_van, tot=data_tot, tz=tz)
    gevolgen = opgelost = ()
    if fout is None:
        try:
            gevolgen = tuple(watals.gevolgen(geladen.bord, v.id, nieuw))
            opgelost = tuple(watals.opgelost(geladen.bord, v.id, nieuw))
        except ValueError as exc:  # not on the board after all (e.g. only bodies that were since removed)
            fout = str(exc)
    wa = WatAls(
        v.id,
        view.titel,
        oud,
        nieuw if fout is None else None,
        datum.strip()[:20],
        start.time(),
        v.versie,
        gevolgen,
        opgelost,
        fout,
        conflict,
    )
    # The timeline shows the weeks asked for; the data behind the what-if may reach further.
    if (data_van, data_tot) != (van, tot):
        geladen = _bijgesneden(geladen, van, tot)
    return _pagina(session, actor, geladen, van, weken, wa)


def _bijgesneden(geladen: Geladen, van: date, tot: date) -> Geladen:
    """The board limited to the weeks on screen (the what-if looked further, the page does not)."""
    b = geladen.bord
    raden = tuple(
        Raad(r.code, r.naam, r.regels, r.recessen, tuple(x for x in r.vergaderingen if van <= x.datum <= tot))
        for r in b.raden
    )
    voorstellen = tuple(v for v in b.voorstellen if _raakt(v, van, tot))
    bord = watals.Bord(
        naam=b.naam,
        synchronisatie=b.synchronisatie,
        raden=raden,
        organen=b.organen,
        vergaderingen=b.vergaderingen,
        voorstellen=voorstellen,
        ontwerpbegroting_weken=b.ontwerpbegroting_weken,
        ontwerpbegroting_bron=b.ontwerpbegroting_bron,
        vaststellingen=b.vaststellingen,
    )
    mijlpalen = tuple(m for m in geladen.mijlpalen if van <= m.datum <= tot)
    return Geladen(bord, geladen.regeling, geladen.versies, mijlpalen, geladen.waarschuwingen)


def verplaats(
    session: Session, *, actor: Actor, slug: str, vergadering_id: int, datum: date, versie: int, tz: tzinfo
) -> MeetingView:
    """Move the meeting to ``datum`` at the same local time and for as long, if it is still at ``versie``.

    A concurrent change gives a Conflict (409) from ``update_meeting``: nothing is overwritten silently.
    """
    from app.vergaderingen.routes import local_moment  # the one place that knows the clock's gaps

    d = deelnemers(session, slug)
    view = _te_verplaatsen(session, actor, d, vergadering_id)
    v = view.vergadering
    start = v.start.astimezone(tz)
    if v.status == Status.geannuleerd:
        raise Invalid("Deze vergadering is geannuleerd; verplaatsen kan niet meer.")
    if abs(datum - start.date()) > MAX_VERPLAATSING:
        raise Invalid("Verplaats een vergadering hoogstens een jaar; plan anders een nieuwe vergadering.")
    nieuw, reden = local_moment(datum, start.time().replace(tzinfo=None), tz)
    if nieuw is None:
        raise Invalid(reden)
    duur = v.einde.astimezone(UTC) - v.start.astimezone(UTC)
    return vergaderingen.update_meeting(
        session,
        actor=actor,
        meeting_id=v.id,
        data=VergaderingUpdate(versie=versie, start=nieuw, einde=(nieuw.astimezone(UTC) + duur).astimezone(tz)),
    )
