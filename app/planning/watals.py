"""The griffiers' board as plain data, where it is out of step, and what moving one meeting would break.

Pure: no database, no clock. ``Bord`` is what the service loads (or a test or benchmark builds by hand): the
councils' calendars (``raden.Raad``), the regeling's bodies and their meetings, and the voorstellen with
their Behandelingen. ``knelpunten(bord)`` lists what is wrong on the board as it stands; ``gevolgen(bord,
vergadering_id, nieuwe_datum)`` what a move would break, before anything is saved; ``opgelost`` what it
would put right. Every finding names its source: an article of the Wgr, the regeling, or a council's own
planning rules.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from typing import Literal

from app.planning.kalender import feestdag
from app.planning.raden import Bijeenkomst, Raad

Ernst = Literal["breekt", "let_op"]

BESTUUR = frozenset({"algemeen_bestuur", "bestuur", "gezamenlijke_raad"})  # bodies that adopt the begroting
MET_RAADSLEDEN = frozenset({"adviescommissie", "carrousel", "gezamenlijke_raad", "radenbijeenkomst"})
BEGROTING = frozenset({"begroting", "begrotingswijziging"})  # Wgr art. 35 lid 6: wijzigingen follow the same rules
BEGROTING_UITERLIJK = (9, 14)  # Wgr art. 34 lid 2: to Gedeputeerde Staten before 15 September
JAARREKENING_UITERLIJK = (7, 14)  # Wgr art. 34 lid 3: before 15 July
ATW_FEESTDAG = "Algemene termijnenwet art. 3"
PLANREGEL = "planregel gemeente"
REGELING = "regeling"

# The order findings are listed in, after "breekt" before "let op".
REGELS = (
    "reces",
    "gelijke_dag",
    "na_uiterlijk",
    "voorbereiding",
    "wgr_34_2",
    "wgr_34_3",
    "wgr_35_1",
    "wgr_35_4",
    "advies_na_commissie",
    "advies_na_besluit",
    "feestdag",
    "zelfde_avond",
    "samenloop_raden",
)


# --- the board as plain data -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Orgaan:
    """A body on the board: a council's raad or committee, or one of the regeling's own bodies."""

    slug: str
    naam: str
    soort: str  # an organen.models.Soort value
    gemeente: str | None = None  # the council's CBS code; None for a body of the regeling


@dataclass(frozen=True)
class Behandeling:
    """A voorstel handled by a body, in a meeting once one is set (``datum`` is that meeting's local date)."""

    orgaan: str  # slug
    rol: str  # "advies", "zienswijze", "besluit" or "informatie"
    vergadering_id: int | None = None
    datum: date | None = None


@dataclass(frozen=True)
class Voorstel:
    id: int
    titel: str
    soort: str = "overig"  # a voorstellen.models.VoorstelSoort value
    beschikbaar: date | None = None  # the day it goes to the councils
    uiterlijk: date | None = None  # the last day a council may handle it
    behandelingen: tuple[Behandeling, ...] = ()
    afgemeld: frozenset[str] = frozenset()  # codes of the councils that opted out


@dataclass(frozen=True)
class Bord:
    """Everything the board shows and the what-if reasons about.

    ``raden``: the participating councils with their raad and committee meetings and recesses (the
    ``Bijeenkomst.orgaan`` is the body's slug). ``organen``: every body on the board, the councils' and the
    regeling's, for names and kinds. ``vergaderingen``: the meetings of the regeling's bodies.
    """

    naam: str  # the regeling's name
    synchronisatie: str = "geen"  # a regelingen.models.Synchronisatie value
    raden: tuple[Raad, ...] = ()
    organen: tuple[Orgaan, ...] = ()
    vergaderingen: tuple[Bijeenkomst, ...] = ()
    voorstellen: tuple[Voorstel, ...] = ()
    ontwerpbegroting_weken: int = 12  # Wgr art. 35 lid 1, unless the regeling sets a longer term
    ontwerpbegroting_bron: str = "Wgr art. 35 lid 1"
    # (vergadering id, "begroting" or "jaarrekening"): the board meeting that adopts it as the P&C calendar
    # reckons when no voorstel is on its agenda yet (the last one before the deadline), so moving it is checked too.
    vaststellingen: tuple[tuple[int, str], ...] = ()

    @cached_property
    def index(self) -> "_Index":
        return _Index(self)


@dataclass(frozen=True)
class Gevolg:
    """One finding, said so a griffier understands it.

    ``regel`` is a short key (see ``REGELS``); ``wie`` the councils' codes or bodies' slugs it concerns;
    ``vergaderingen`` the meetings involved, so the board can mark them.
    """

    ernst: Ernst
    regel: str
    uitleg: str
    bron: str
    voorstel_id: int | None = None
    wie: tuple[str, ...] = ()
    vergaderingen: tuple[int, ...] = field(default=(), compare=False)

    @property
    def breekt(self) -> bool:
        return self.ernst == "breekt"


class _Index:
    """Lookups built once per board, so a what-if touches only the meeting and the voorstellen it concerns."""

    def __init__(self, bord: Bord):
        self.raad = {r.code: r for r in bord.raden}
        self.orgaan = {o.slug: o for o in bord.organen}
        self.datum: dict[int, date] = {}
        self.plaatsen: dict[int, list[tuple[str | None, Bijeenkomst]]] = defaultdict(list)  # meeting → (council, b)
        self.op_dag: dict[tuple[str, date], list[Bijeenkomst]] = defaultdict(list)  # (council code or body slug, day)
        self.raad_op_dag: dict[date, set[str]] = defaultdict(set)  # day → councils whose raad meets
        for raad in bord.raden:
            for b in raad.vergaderingen:
                self._meeting(raad.code, raad.code, b)
                if b.soort == "raad":
                    self.raad_op_dag[b.datum].add(raad.code)
        for b in bord.vergaderingen:
            self._meeting(None, b.orgaan, b)
        self.voorstellen: dict[int, list[Voorstel]] = defaultdict(list)
        for v in bord.voorstellen:
            for b in v.behandelingen:
                if b.vergadering_id is None:
                    continue
                if b.datum is not None:
                    self.datum.setdefault(b.vergadering_id, b.datum)
                if v not in self.voorstellen[b.vergadering_id]:
                    self.voorstellen[b.vergadering_id].append(v)

    def _meeting(self, gemeente: str | None, rij: str, b: Bijeenkomst) -> None:
        self.op_dag[rij, b.datum].append(b)
        if b.vergadering_id is not None:
            self.datum[b.vergadering_id] = b.datum
            self.plaatsen[b.vergadering_id].append((gemeente, b))

    def orgaannaam(self, slug: str) -> str:
        o = self.orgaan.get(slug)
        return o.naam if o else slug

    def gemeentenaam(self, code: str) -> str:
        r = self.raad.get(code)
        return r.naam if r else code


# --- formatting --------------------------------------------------------------------------------------------


def _d(d: date) -> str:
    return f"{d:%d-%m}"


def _namen(namen: Iterable[str]) -> str:
    namen = list(namen)
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]


def _aantal(n: int, enkel: str, meer: str) -> str:
    return f"{n} {enkel if n == 1 else meer}"


# --- the rules on one voorstel ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Stap:
    """A Behandeling with the date it has on the board as it stands or after the move."""

    b: Behandeling
    orgaan: Orgaan
    datum: date

    @property
    def gemeente(self) -> str | None:
        return self.orgaan.gemeente

    @property
    def vergadering_id(self) -> int | None:
        return self.b.vergadering_id


def _stappen(bord: Bord, v: Voorstel, verplaatst: Mapping[int, date]) -> list[_Stap]:
    stappen = []
    for b in v.behandelingen:
        orgaan = bord.index.orgaan.get(b.orgaan)
        datum = verplaatst.get(b.vergadering_id, b.datum) if b.vergadering_id is not None else b.datum
        if orgaan is None or datum is None:
            continue
        stappen.append(_Stap(b, orgaan, datum))
    return stappen


def _ids(stappen: Iterable[_Stap]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(s.vergadering_id for s in stappen if s.vergadering_id is not None))


def _raadsdata(v: Voorstel, stappen: list[_Stap]) -> dict[str, _Stap]:
    """Per council that takes part, the raad's deliberation of the voorstel (the last one, should there be more)."""
    per: dict[str, _Stap] = {}
    for s in stappen:
        if s.orgaan.soort == "raad" and s.gemeente and s.gemeente not in v.afgemeld and s.b.rol != "informatie":
            if s.gemeente not in per or s.datum > per[s.gemeente].datum:
                per[s.gemeente] = s
    return per


def _gelijke_dag(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    per = _raadsdata(v, stappen)
    if len({s.datum for s in per.values()}) < 2:
        return []
    idx = bord.index
    if focus is not None:
        bewogen = sorted(c for c, s in per.items() if s.vergadering_id == focus)
        if not bewogen:
            return []
        nu = per[bewogen[0]].datum
        anderen = Counter(s.datum for c, s in per.items() if c not in bewogen)
        if set(anderen) <= {nu}:
            return []
        verdeling = ", ".join(f"{_d(d)} ({n})" for d, n in sorted(anderen.items(), key=lambda x: (-x[1], x[0])))
        if len(anderen) == 1:
            verdeling = _d(next(iter(anderen)))
        n = sum(anderen.values())
        uitleg = (
            f"Behandeling op dezelfde dag van ‘{v.titel}’: {_namen(idx.gemeentenaam(c) for c in bewogen)} "
            f"nu {_d(nu)}, de andere {_aantal(n, 'raad', 'raden')} {verdeling}."
        )
        ids = _ids(s for s in per.values())
        return [Gevolg("breekt", "gelijke_dag", uitleg, REGELING, v.id, tuple(bewogen), ids)]
    telling = Counter(s.datum for s in per.values())
    meest = min(telling, key=lambda d: (-telling[d], d))
    afwijkend = sorted(
        (s for s in per.values() if s.datum != meest), key=lambda s: (s.datum, bord.index.gemeentenaam(s.gemeente))
    )
    delen = [f"{_aantal(telling[meest], 'raad', 'raden')} op {_d(meest)}"]
    delen += [f"{idx.gemeentenaam(s.gemeente)} op {_d(s.datum)}" for s in afwijkend]
    uitleg = f"‘{v.titel}’ wordt niet in alle raden op dezelfde dag behandeld: {', '.join(delen)}."
    return [
        Gevolg("breekt", "gelijke_dag", uitleg, REGELING, v.id, tuple(s.gemeente for s in afwijkend), _ids(afwijkend))
    ]


def _raadsstappen(v: Voorstel, stappen: list[_Stap]) -> list[_Stap]:
    """The councils' own deliberations (raad and committees) of the voorstel, opt-outs left out."""
    return [s for s in stappen if s.gemeente and s.gemeente not in v.afgemeld and s.b.rol != "informatie"]


def _wie(bord: Bord, stap: _Stap) -> str:
    naam = bord.index.gemeentenaam(stap.gemeente)
    return naam if stap.orgaan.soort == "raad" else f"{naam} ({stap.orgaan.naam})"


def _na_uiterlijk(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    if v.uiterlijk is None:
        return []
    laat = [
        s for s in _raadsstappen(v, stappen) if s.datum > v.uiterlijk and (focus is None or s.vergadering_id == focus)
    ]
    if not laat:
        return []
    laat.sort(key=lambda s: (s.datum, bord.index.gemeentenaam(s.gemeente)))
    lijst = ", ".join(f"{_wie(bord, s)} op {_d(s.datum)}" for s in laat)
    uitleg = f"‘{v.titel}’ wordt na de uiterste datum ({_d(v.uiterlijk)}) behandeld: {lijst}."
    return [
        Gevolg(
            "breekt", "na_uiterlijk", uitleg, REGELING, v.id, tuple(dict.fromkeys(s.gemeente for s in laat)), _ids(laat)
        )
    ]


def _voorbereiding(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    """A council needs its agenda published and, before the raad, a committee round: not before release + that."""
    if v.beschikbaar is None:
        return []
    te_vroeg = []
    for s in _raadsstappen(v, stappen):
        raad = bord.index.raad.get(s.gemeente)
        if raad is None or (focus is not None and s.vergadering_id != focus):
            continue
        dagen = raad.regels.voorbereiding_dagen if s.orgaan.soort == "raad" else raad.regels.publicatie_dagen
        vanaf = v.beschikbaar + timedelta(days=dagen)
        if s.datum < vanaf:
            te_vroeg.append((s, dagen, vanaf))
    if not te_vroeg:
        return []
    te_vroeg.sort(key=lambda x: (x[0].datum, bord.index.gemeentenaam(x[0].gemeente)))
    lijst = ", ".join(
        f"{_wie(bord, s)} op {_d(s.datum)} (kan vanaf {_d(vanaf)}: {dagen} dagen voorbereiding)"
        for s, dagen, vanaf in te_vroeg
    )
    uitleg = f"‘{v.titel}’ gaat op {_d(v.beschikbaar)} naar de raden en staat te vroeg op de agenda: {lijst}."
    return [
        Gevolg(
            "breekt",
            "voorbereiding",
            uitleg,
            PLANREGEL,
            v.id,
            tuple(dict.fromkeys(s.gemeente for s, _, _ in te_vroeg)),
            _ids(s for s, _, _ in te_vroeg),
        )
    ]


def _besluiten(stappen: list[_Stap]) -> list[_Stap]:
    """The board's decisions: a besluit in the algemeen bestuur, the single bestuur or the joint council."""
    return sorted(
        (s for s in stappen if s.gemeente is None and s.orgaan.soort in BESTUUR and s.b.rol == "besluit"),
        key=lambda s: s.datum,
    )


# Wgr art. 34: the document, its rule, the last day of adoption (month, day), its source and the fixed date in words.
_WGR_34 = {
    "begroting": ("wgr_34_2", BEGROTING_UITERLIJK, "Wgr art. 34 lid 2", "15 september"),
    "jaarrekening": ("wgr_34_3", JAARREKENING_UITERLIJK, "Wgr art. 34 lid 3", "15 juli"),
}


def _wgr_34(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    if v.soort not in _WGR_34:
        return []
    regel, (maand, dag), bron, wat = _WGR_34[v.soort]
    uit = []
    for s in _besluiten(stappen):
        if focus is not None and s.vergadering_id != focus:
            continue
        jaar = (s.b.datum or s.datum).year  # the year it was planned in: moving it into the next one is no escape
        grens = date(jaar, maand, dag)
        if s.datum > grens:
            uitleg = (
                f"{s.orgaan.naam} stelt ‘{v.titel}’ vast op {_d(s.datum)}; die moet vóór {wat} {jaar} "
                "bij Gedeputeerde Staten zijn."
            )
            uit.append(Gevolg("breekt", regel, uitleg, bron, v.id, (s.orgaan.slug,), _ids([s])))
    return uit


def _wgr_35_1(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    if v.soort not in BEGROTING or v.beschikbaar is None:
        return []
    weken = bord.ontwerpbegroting_weken
    vanaf = v.beschikbaar + timedelta(weeks=weken)
    uit = []
    for s in _besluiten(stappen):
        if s.datum < vanaf and (focus is None or s.vergadering_id == focus):
            uitleg = (
                f"{s.orgaan.naam} behandelt ‘{v.titel}’ op {_d(s.datum)}, maar de ontwerpbegroting ging pas op "
                f"{_d(v.beschikbaar)} naar de raden: dat moet ten minste {weken} weken vóór de behandeling "
                f"(dus niet vóór {_d(vanaf)})."
            )
            uit.append(
                Gevolg("breekt", "wgr_35_1", uitleg, bord.ontwerpbegroting_bron, v.id, (s.orgaan.slug,), _ids([s]))
            )
    return uit


def _wgr_35_4(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    """Every zienswijze must be in, and answered in writing, before the board meeting that decides."""
    besluiten = _besluiten(stappen)
    if not besluiten:
        return []
    besluit = besluiten[0]
    laat = [
        s
        for s in _raadsstappen(v, stappen)
        if s.b.rol == "zienswijze" and s.orgaan.soort == "raad" and s.datum >= besluit.datum
    ]
    if focus is not None and besluit.vergadering_id != focus:
        laat = [s for s in laat if s.vergadering_id == focus]
    if not laat:
        return []
    laat.sort(key=lambda s: (s.datum, bord.index.gemeentenaam(s.gemeente)))
    lijst = ", ".join(f"{bord.index.gemeentenaam(s.gemeente)} ({_d(s.datum)})" for s in laat)
    uitleg = (
        f"{besluit.orgaan.naam} besluit op {_d(besluit.datum)} over ‘{v.titel}’, maar de zienswijze van "
        f"{lijst} komt niet eerder; het dagelijks bestuur moet elke zienswijze vóór die vergadering "
        "schriftelijk beantwoorden."
    )
    bron = "Wgr art. 35 lid 4" if v.soort in BEGROTING else REGELING
    return [
        Gevolg(
            "breekt",
            "wgr_35_4",
            uitleg,
            bron,
            v.id,
            tuple(dict.fromkeys(s.gemeente for s in laat)),
            _ids([besluit, *laat]),
        )
    ]


def _advies(bord: Bord, v: Voorstel, stappen: list[_Stap], focus: int | None) -> list[Gevolg]:
    """A Raadstafel advises before the first committee round in any council; a carrousel before the decision."""
    uit = []
    adviezen = [s for s in stappen if s.gemeente is None and s.b.rol == "advies"]
    if not adviezen:
        return uit
    raadsstappen = _raadsstappen(v, stappen)
    commissies = [s for s in raadsstappen if s.orgaan.soort == "commissie"] or raadsstappen
    eerste = min(commissies, key=lambda s: (s.datum, bord.index.gemeentenaam(s.gemeente)), default=None)
    besluiten = _besluiten(stappen)
    for a in adviezen:
        if a.orgaan.soort == "adviescommissie" and eerste is not None and a.datum >= eerste.datum:
            if focus is not None and focus not in (a.vergadering_id, eerste.vergadering_id):
                continue
            uitleg = (
                f"{a.orgaan.naam} adviseert over ‘{v.titel}’ op {_d(a.datum)}, niet vóór de eerste "
                f"commissieronde ({_wie(bord, eerste)}, {_d(eerste.datum)}); het advies moet er eerder zijn."
            )
            uit.append(
                Gevolg("breekt", "advies_na_commissie", uitleg, REGELING, v.id, (a.orgaan.slug,), _ids([a, eerste]))
            )
        elif a.orgaan.soort == "carrousel" and besluiten and a.datum > besluiten[0].datum:
            besluit = besluiten[0]
            if focus is not None and focus not in (a.vergadering_id, besluit.vergadering_id):
                continue
            uitleg = (
                f"{a.orgaan.naam} bespreekt ‘{v.titel}’ op {_d(a.datum)}, na het besluit van "
                f"{besluit.orgaan.naam} ({_d(besluit.datum)}); de carrousel hoort vóór het besluit."
            )
            uit.append(
                Gevolg("breekt", "advies_na_besluit", uitleg, REGELING, v.id, (a.orgaan.slug,), _ids([a, besluit]))
            )
    return uit


_VOORSTELREGELS = (_gelijke_dag, _na_uiterlijk, _voorbereiding, _wgr_34, _wgr_35_1, _wgr_35_4, _advies)


def _voorstelregels(bord: Bord, v: Voorstel, verplaatst: Mapping[int, date], focus: int | None) -> list[Gevolg]:
    stappen = _stappen(bord, v, verplaatst)
    uit = []
    for regel in _VOORSTELREGELS:
        if regel is _gelijke_dag and bord.synchronisatie != "gelijke_dag":
            continue
        uit.extend(regel(bord, v, stappen, focus))
    return uit


# --- the rules on one meeting's place in the calendar ------------------------------------------------------


def _reces(raad: Raad, b: Bijeenkomst, d: date, naam: str) -> Gevolg | None:
    periode = raad.reces(d)
    if periode is None:
        return None
    uitleg = (
        f"{naam} vergadert op {_d(d)} in het {periode.naam} van {raad.naam} ({_d(periode.van)} t/m {_d(periode.tot)})."
    )
    return Gevolg("breekt", "reces", uitleg, PLANREGEL, None, (raad.code,), (b.vergadering_id,))


def _plaats(bord: Bord, vergadering_id: int, d: date) -> list[Gevolg]:
    idx = bord.index
    uit: list[Gevolg] = []
    if (naam := feestdag(d)) is not None:
        uit.append(
            Gevolg(
                "let_op", "feestdag", f"{_d(d)} is een feestdag ({naam}).", ATW_FEESTDAG, None, (), (vergadering_id,)
            )
        )
    body_slugs = set()
    for gemeente, b in idx.plaatsen.get(vergadering_id, ()):
        if gemeente is not None:
            raad = idx.raad[gemeente]
            if (g := _reces(raad, b, d, idx.orgaannaam(b.orgaan))) is not None:
                uit.append(g)
            anders = [o for o in idx.op_dag.get((gemeente, d), ()) if o.vergadering_id != vergadering_id]
            if anders:
                lijst = _namen(
                    f"{idx.orgaannaam(o.orgaan)}{f' ({o.aanvang:%H:%M})' if o.aanvang else ''}" for o in anders
                )
                uit.append(
                    Gevolg(
                        "let_op",
                        "zelfde_avond",
                        f"{raad.naam} vergadert op {_d(d)} al: {lijst}.",
                        PLANREGEL,
                        None,
                        (gemeente,),
                        (vergadering_id, *_ids_b(anders)),
                    )
                )
        else:
            body_slugs.add(b.orgaan)
    for slug in sorted(body_slugs):
        orgaan = idx.orgaan.get(slug)
        anders = [o for o in idx.op_dag.get((slug, d), ()) if o.vergadering_id != vergadering_id]
        if anders:
            uit.append(
                Gevolg(
                    "let_op",
                    "zelfde_avond",
                    f"{idx.orgaannaam(slug)} vergadert op {_d(d)} al.",
                    REGELING,
                    None,
                    (slug,),
                    (vergadering_id, *_ids_b(anders)),
                )
            )
        if orgaan is not None and orgaan.soort in MET_RAADSLEDEN:
            eigen = {g for g, _ in idx.plaatsen.get(vergadering_id, ()) if g is not None}
            raden = sorted(idx.raad_op_dag.get(d, set()) - eigen, key=idx.gemeentenaam)
            if raden:
                uitleg = (
                    f"Op {_d(d)} vergadert ook de raad van "
                    f"{_namen(idx.gemeentenaam(c) for c in raden)}; de raadsleden in {orgaan.naam} "
                    "kunnen niet op twee plaatsen zijn."
                )
                uit.append(Gevolg("let_op", "samenloop_raden", uitleg, REGELING, None, tuple(raden), (vergadering_id,)))
    return uit


def _ids_b(bijeenkomsten: Iterable[Bijeenkomst]) -> tuple[int, ...]:
    return tuple(b.vergadering_id for b in bijeenkomsten if b.vergadering_id is not None)


def _vaststelling(bord: Bord, vergadering_id: int, d: date) -> list[Gevolg]:
    """The AB meeting the P&C calendar counts on for the begroting or jaarrekening, moved past its deadline.

    Only where no voorstel of that kind is on the meeting's agenda: then ``_wgr_34`` says it, with the title.
    """
    uit = []
    for vid, soort in bord.vaststellingen:
        if vid != vergadering_id or soort not in _WGR_34:
            continue
        if any(v.soort == soort for v in bord.index.voorstellen.get(vergadering_id, ())):
            continue
        regel, (maand, dag), bron, wat = _WGR_34[soort]
        jaar = datum_van(bord, vergadering_id).year
        if d > date(jaar, maand, dag):
            plaatsen = bord.index.plaatsen.get(vergadering_id, ())
            naam = bord.index.orgaannaam(plaatsen[0][1].orgaan) if plaatsen else "Het algemeen bestuur"
            stuk = f"de begroting {jaar + 1}" if soort == "begroting" else f"de jaarrekening {jaar - 1}"
            uitleg = (
                f"{naam} stelt in deze vergadering {stuk} vast (zo rekent de P&C-kalender); op {_d(d)} is dat te "
                f"laat: die moet vóór {wat} {jaar} bij Gedeputeerde Staten zijn."
            )
            uit.append(Gevolg("breekt", regel, uitleg, bron, None, (), (vergadering_id,)))
    return uit


def _volgorde(gevolgen: list[Gevolg]) -> list[Gevolg]:
    rang = {r: i for i, r in enumerate(REGELS)}
    return sorted(dict.fromkeys(gevolgen), key=lambda g: (not g.breekt, rang.get(g.regel, len(rang))))


# --- the public functions ---------------------------------------------------------------------------------


def datum_van(bord: Bord, vergadering_id: int) -> date:
    """The meeting's date on the board; ValueError (Dutch) when it is not on it."""
    d = bord.index.datum.get(vergadering_id)
    if d is None:
        raise ValueError(f"Vergadering {vergadering_id} staat niet op het synchronisatiebord van {bord.naam}.")
    return d


def knelpunten(bord: Bord) -> list[Gevolg]:
    """What is out of step on the board as it stands: broken chains and deadlines, meetings in a recess."""
    uit: list[Gevolg] = []
    for raad in bord.raden:
        for b in raad.vergaderingen:
            if (g := _reces(raad, b, b.datum, bord.index.orgaannaam(b.orgaan))) is not None:
                uit.append(g)
    for v in bord.voorstellen:
        uit.extend(_voorstelregels(bord, v, {}, None))
    return _volgorde(uit)


def gevolgen(bord: Bord, vergadering_id: int, nieuwe_datum: date) -> list[Gevolg]:
    """What breaks (or needs a second look) when this meeting moves to ``nieuwe_datum``, most serious first.

    Only findings that concern the moved meeting: its place in the calendar (recess, holiday, another
    meeting that evening) and the chains and deadlines of the voorstellen handled in it. Not moving it
    (the same date) breaks nothing. Raises ValueError when the meeting is not on the board.
    """
    oud = datum_van(bord, vergadering_id)
    if nieuwe_datum == oud:
        return []
    verplaatst = {vergadering_id: nieuwe_datum}
    uit = _plaats(bord, vergadering_id, nieuwe_datum) + _vaststelling(bord, vergadering_id, nieuwe_datum)
    for v in bord.index.voorstellen.get(vergadering_id, ()):
        uit.extend(_voorstelregels(bord, v, verplaatst, vergadering_id))
    return _volgorde(uit)


def opgelost(bord: Bord, vergadering_id: int, nieuwe_datum: date) -> list[Gevolg]:
    """The knelpunten of this meeting that the move would put right (as they read now, before the move)."""
    oud = datum_van(bord, vergadering_id)
    if nieuwe_datum == oud:
        return []
    verplaatst = {vergadering_id: nieuwe_datum}
    voor: list[Gevolg] = []
    na: list[Gevolg] = []
    for gemeente, b in bord.index.plaatsen.get(vergadering_id, ()):
        if gemeente is not None:
            raad = bord.index.raad[gemeente]
            naam = bord.index.orgaannaam(b.orgaan)
            voor += [g for g in (_reces(raad, b, oud, naam),) if g]
            na += [g for g in (_reces(raad, b, nieuwe_datum, naam),) if g]
    for v in bord.index.voorstellen.get(vergadering_id, ()):
        voor += [g for g in _voorstelregels(bord, v, {}, None) if vergadering_id in g.vergaderingen]
        na += _voorstelregels(bord, v, verplaatst, None)
    blijft = {(g.regel, g.voorstel_id, w) for g in na for w in (g.wie or ("",))}
    return _volgorde([g for g in voor if all((g.regel, g.voorstel_id, w) not in blijft for w in (g.wie or ("",)))])
