"""Search: read the citizen's query, find matches in ``zoekindex`` (migration 0006), keep what this actor may see.

The index holds text only; visibility and the filters are decided here against the source tables:
- a meeting: not deleted, public; an agenda item: it and its meeting not deleted and public;
- a voorstel: not deleted, its regeling not deleted, not a concept unless the actor is the regeling's secretaris
  or a beheerder (app.voorstellen.service.mag_zien);
- a decision (``besluit``): the voorstel's decision once published (fase gepubliceerd).

A search runs the same number of queries whatever it finds: the filter look-ups, the counts per kind, one page
of keys, the rows of that page (meetings, agenda items, voorstellen, bodies) and the highlights.
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from app.accounts.authz import Actor
from app.config import get_settings
from app.errors import Invalid, NotFound
from app.gemeenten.models import Gemeente
from app.gemeenten.service import get_gemeente
from app.i18n import N_, _
from app.organen.models import Orgaan
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import get_regeling
from app.vergaderingen.models import Agendapunt, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Voorstel, VoorstelFase
from app.zoeken import index

MAX_TEKENS = 200  # a longer query is shortened (and the page says so)
MAX_WOORDEN = 12
PER_PAGINA = 20
MIN_JAAR, MAX_JAAR = 1990, 2100
BEGIN, EINDE = "\x02", "\x03"  # highlight markers: set by the database, replaced after escaping


class Soort(StrEnum):
    vergadering = "vergadering"
    agendapunt = "agendapunt"
    voorstel = "voorstel"
    besluit = "besluit"


CODE = {Soort.vergadering: index.VERGADERING, Soort.agendapunt: index.AGENDAPUNT, Soort.voorstel: index.VOORSTEL,
        Soort.besluit: index.BESLUIT}
SOORT_VAN_CODE = {code: soort for soort, code in CODE.items()}
SOORT_LABELS = {Soort.vergadering: N_("Vergaderingen"), Soort.agendapunt: N_("Agendapunten"),
                Soort.voorstel: N_("Voorstellen"), Soort.besluit: N_("Besluiten")}
SOORT_LABEL_EEN = {Soort.vergadering: N_("Vergadering"), Soort.agendapunt: N_("Agendapunt"),
                   Soort.voorstel: N_("Voorstel"), Soort.besluit: N_("Besluit")}

_STUUR = re.compile(r"[\x00-\x1f\x7f]")
_WOORD = re.compile(r"\w+")
_DEEL = re.compile(r'(-?)"([^"]*)"?|(-?)([^\s"]+)')


# --- the query ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Term:
    woorden: tuple[str, ...]  # one word, or the words of a phrase
    uitsluiten: bool = False
    frase: bool = False


@dataclass(frozen=True)
class Zoekvraag:
    tekst: str  # what is searched for: control characters out, whitespace collapsed, at most MAX_TEKENS
    termen: tuple[Term, ...]
    ingekort: bool = False

    @property
    def leeg(self) -> bool:
        """Nothing to search for: empty, or only punctuation, or only excluded words."""
        return not any(not t.uitsluiten for t in self.termen)

    def fts5(self) -> str:
        """The query in FTS5 syntax, built from words only (never the user's operators): every word a quoted
        string, the last word of each term also a prefix; excluded terms after NOT."""
        def quoted(t: Term) -> str:
            phrase = '"' + " ".join(t.woorden) + '"'
            return phrase if t.frase else phrase + "*"
        positief = " ".join(quoted(t) for t in self.termen if not t.uitsluiten)
        negatief = [quoted(t) for t in self.termen if t.uitsluiten]
        return positief + "".join(f" NOT {n}" for n in negatief)

    def websearch(self) -> str:
        """The query for PostgreSQL's websearch_to_tsquery, rebuilt from the words (which never fails)."""
        parts = []
        for t in self.termen:
            text = " ".join(t.woorden)
            text = f'"{text}"' if t.frase or len(t.woorden) > 1 else text
            parts.append(("-" if t.uitsluiten else "") + text)
        return " ".join(parts)


def lees_vraag(q: str) -> Zoekvraag:
    """A query as typed, made safe: any text gives a Zoekvraag, never an error."""
    tekst = " ".join(_STUUR.sub(" ", q or "").split())
    ingekort = len(tekst) > MAX_TEKENS
    tekst = tekst[:MAX_TEKENS]
    termen: list[Term] = []
    for m in _DEEL.finditer(tekst):
        if m.group(2) is not None:
            minus, inhoud, frase = m.group(1), m.group(2), True
        else:
            minus, inhoud, frase = m.group(3), m.group(4), False
        woorden = tuple(w.lower() for w in _WOORD.findall(inhoud))
        if not woorden:
            continue
        if len(termen) >= MAX_WOORDEN:
            ingekort = True
            break
        termen.append(Term(woorden[:MAX_WOORDEN], uitsluiten=bool(minus), frase=frase))
    return Zoekvraag(tekst, tuple(termen), ingekort)


# --- the filters ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ZoekFilter:
    soort: Soort | None = None
    regeling: Regeling | None = None
    gemeente: Gemeente | None = None
    jaar: int | None = None

    def params(self) -> dict[str, str]:
        values = {"soort": self.soort.value if self.soort else None,
                  "regeling": self.regeling.slug if self.regeling else None,
                  "gemeente": self.gemeente.slug if self.gemeente else None,
                  "jaar": str(self.jaar) if self.jaar else None}
        return {k: v for k, v in values.items() if v}


def _ongeldig(name: str, reason: str) -> Invalid:
    return Invalid(_("Filter ‘%(naam)s’: %(reden)s.") % {"naam": name, "reden": reason},
                   errors=[{"name": name, "reason": reason}])


def filter_uit(session: Session, *, soort: str = "", regeling: str = "", gemeente: str = "",
               jaar: str = "") -> ZoekFilter:
    """The filters as typed in a URL; an unknown value is a 422 naming the parameter (in Dutch)."""
    found: dict = {}
    soort = _STUUR.sub("", soort).strip()
    if soort:
        if soort not in Soort.__members__:
            raise _ongeldig("soort", _("onbekende waarde ‘%(waarde)s’; kies uit %(keuze)s") % {
                "waarde": soort[:50], "keuze": ", ".join(Soort)})
        found["soort"] = Soort(soort)
    for name, key, lookup in (("regeling", regeling, get_regeling), ("gemeente", gemeente, get_gemeente)):
        key = _STUUR.sub("", key).strip()
        if key:
            try:
                found[name] = lookup(session, key[:100])
            except NotFound:
                raise _ongeldig(name, _("onbekende waarde ‘%(waarde)s’") % {"waarde": key[:50]}) from None
    jaar = _STUUR.sub("", jaar).strip()
    if jaar:
        if not (jaar.isascii() and jaar.isdigit() and MIN_JAAR <= int(jaar) <= MAX_JAAR):
            raise _ongeldig("jaar", _("‘%(waarde)s’ is geen jaartal tussen %(van)d en %(tot)d") % {
                "waarde": jaar[:50], "van": MIN_JAAR, "tot": MAX_JAAR})
        found["jaar"] = int(jaar)
    return ZoekFilter(**found)


# --- the results ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Treffer:
    soort: Soort
    id: int
    titel: Markup  # highlighted, everything else escaped
    fragment: Markup
    url: str
    moment: datetime | date | None  # the meeting's start, or the voorstel's or decision's date
    context: str  # the bodies of a meeting, the regeling of a voorstel
    concept: bool = False


@dataclass
class Resultaat:
    vraag: Zoekvraag
    filter: ZoekFilter
    treffers: list[Treffer] = field(default_factory=list)
    per_soort: dict[Soort, int] = field(default_factory=dict)
    pagina: int = 1
    per_pagina: int = PER_PAGINA

    @property
    def totaal(self) -> int:
        """The number of matches with the filters, the kind included (the counts per kind leave it out)."""
        if self.filter.soort is not None:
            return self.per_soort.get(self.filter.soort, 0)
        return sum(self.per_soort.values())

    @property
    def paginas(self) -> int:
        return max(1, -(-self.totaal // self.per_pagina))


def markeer(tekst: str | None) -> Markup:
    """Escape the text, then turn marker pairs into <mark>; stray markers are dropped."""
    veilig = str(escape(tekst or ""))
    veilig = re.sub(f"{BEGIN}(.*?){EINDE}", r"<mark>\1</mark>", veilig, flags=re.S)
    return Markup(veilig.replace(BEGIN, "").replace(EINDE, ""))


def _treffers(bind, vraag: Zoekvraag) -> sa.Subquery:
    """The index rows that match: (sleutel, score), higher score better."""
    if bind.dialect.name == "postgresql":
        sql = ("SELECT sleutel, ts_rank(vector, zoekvraag) AS score FROM zoekindex, "
               "websearch_to_tsquery('dutch'::regconfig, :q) AS zoekvraag WHERE vector @@ zoekvraag")
        params = {"q": vraag.websearch()}
    else:
        sql = ("SELECT rowid AS sleutel, -bm25(zoekindex, 10.0, 1.0) AS score FROM zoekindex "
               "WHERE zoekindex MATCH :q")
        params = {"q": vraag.fts5()}
    return (sa.text(sql).bindparams(**params)
            .columns(sa.column("sleutel", sa.BigInteger), sa.column("score", sa.Float)).subquery("treffers"))


def _basis(bind, vraag: Zoekvraag, f: ZoekFilter, actor: Actor, *columns):
    """A SELECT over the visible matches with the filters, except the kind."""
    t = _treffers(bind, vraag)
    code = t.c.sleutel.op("%")(index.SOORTEN)
    bron = t.c.sleutel.op("/")(index.SOORTEN)
    a = aliased(Agendapunt, name="a")
    v = aliased(Vergadering, name="v")
    p = aliased(Voorstel, name="p")
    r = aliased(Regeling, name="r")
    query = (
        sa.select(*[c(t, code) for c in columns]).select_from(t)
        .outerjoin(a, sa.and_(code == index.AGENDAPUNT, a.id == bron))
        .outerjoin(v, sa.and_(code.in_([index.VERGADERING, index.AGENDAPUNT]),
                              v.id == sa.func.coalesce(a.vergadering_id, bron)))
        .outerjoin(p, sa.and_(code.in_([index.VOORSTEL, index.BESLUIT]), p.id == bron))
        .outerjoin(r, r.id == p.regeling_id)
    )
    vergadering_zichtbaar = sa.and_(col(v.deleted_at).is_(None), v.openbaar.is_(True),
                                     sa.or_(code == index.VERGADERING,
                                            sa.and_(col(a.deleted_at).is_(None), a.openbaar.is_(True))))
    voorstel_zichtbaar = sa.and_(col(p.deleted_at).is_(None), col(r.deleted_at).is_(None))
    concept_toegestaan = sa.true() if actor.beheerder else (
        col(p.regeling_id).in_(sorted(actor.secretaris_van)) if actor.secretaris_van else sa.false())
    voorstel_zichtbaar = sa.and_(voorstel_zichtbaar, sa.or_(
        sa.and_(code == index.VOORSTEL, sa.or_(p.fase != VoorstelFase.concept, concept_toegestaan)),
        sa.and_(code == index.BESLUIT, p.fase == VoorstelFase.gepubliceerd)))

    vergadering_filters, voorstel_filters = [], []
    if f.regeling is not None:
        vergadering_filters.append(sa.exists().where(
            VergaderingOrgaan.vergadering_id == v.id, Orgaan.id == VergaderingOrgaan.orgaan_id,
            Orgaan.regeling_id == f.regeling.id))
        voorstel_filters.append(p.regeling_id == f.regeling.id)
    if f.gemeente is not None:
        deelnames = select(Deelname.regeling_id).where(Deelname.gemeente_id == f.gemeente.id,
                                                       col(Deelname.deleted_at).is_(None))
        vergadering_filters.append(sa.exists().where(
            VergaderingOrgaan.vergadering_id == v.id, Orgaan.id == VergaderingOrgaan.orgaan_id,
            sa.or_(Orgaan.gemeente_id == f.gemeente.id, col(Orgaan.regeling_id).in_(deelnames))))
        voorstel_filters.append(col(p.regeling_id).in_(deelnames))
    if f.jaar is not None:
        tz = get_settings().tz
        van, tot = datetime(f.jaar, 1, 1, tzinfo=tz), datetime(f.jaar + 1, 1, 1, tzinfo=tz)
        vergadering_filters.append(sa.and_(v.start >= van, v.start < tot))
        datum = sa.case((code == index.BESLUIT, sa.func.coalesce(p.gepubliceerd_op, p.besloten_op)),
                        else_=sa.func.coalesce(p.besloten_op, p.beschikbaar, p.uiterlijk))
        voorstel_filters.append(sa.and_(datum >= date(f.jaar, 1, 1), datum <= date(f.jaar, 12, 31)))
    return query.where(sa.or_(
        sa.and_(code.in_([index.VERGADERING, index.AGENDAPUNT]), vergadering_zichtbaar, *vergadering_filters),
        sa.and_(code.in_([index.VOORSTEL, index.BESLUIT]), voorstel_zichtbaar, *voorstel_filters),
    )), t, code


def zoek(session: Session, vraag: Zoekvraag, f: ZoekFilter, *, actor: Actor, pagina: int = 1,
         per_pagina: int = PER_PAGINA) -> Resultaat:
    """One page of matches, best first, with the number of matches per kind. An empty query finds nothing
    (and costs no query)."""
    uit = Resultaat(vraag, f, pagina=pagina, per_pagina=per_pagina)
    if vraag.leeg:
        return uit
    bind = session.connection()
    # One pass: the page's keys, each row carrying the totals per kind (window sums over every visible match).
    # With a kind filter the rows of that kind sort first; rows of other kinds that fill up a last page are dropped.
    totalen = [lambda t, code, k=k: sa.func.sum(sa.case((code == k, 1), else_=0)).over().label(f"n{k}")
               for k in sorted(SOORT_VAN_CODE)]
    pagina_query, t, code = _basis(bind, vraag, f, actor, lambda t, code: t.c.sleutel,
                                   lambda t, code: code.label("code"), *totalen)
    volgorde = [t.c.score.desc(), t.c.sleutel.desc()]
    if f.soort is not None:
        volgorde.insert(0, sa.case((code == CODE[f.soort], 0), else_=1))
    rows = session.execute(pagina_query.order_by(*volgorde).limit(per_pagina)
                           .offset((pagina - 1) * per_pagina)).all()
    if rows:
        for k, soort in SOORT_VAN_CODE.items():
            if rows[0][2 + k]:
                uit.per_soort[soort] = int(rows[0][2 + k])
    elif pagina > 1:  # past the last page: the counts still say how many there are
        tellen, _t, code = _basis(bind, vraag, f, actor, lambda t, code: code.label("code"),
                                  lambda t, code: sa.func.count().label("aantal"))
        for c, aantal in session.execute(tellen.group_by(code)).all():
            uit.per_soort[SOORT_VAN_CODE[int(c)]] = aantal
    sleutels = [int(r[0]) for r in rows if f.soort is None or int(r[1]) == CODE[f.soort]]
    uit.treffers = _laad(session, bind, vraag, sleutels)
    return uit


def _markeringen(session: Session, bind, vraag: Zoekvraag, sleutels: list[int]) -> dict[int, tuple[str, str]]:
    """Per key: the title with every match marked, and a fragment of the text around the matches."""
    if bind.dialect.name == "postgresql":
        sql = sa.text(
            "SELECT sleutel, ts_headline('dutch'::regconfig, titel, zoekvraag, :titel_opties), "
            "ts_headline('dutch'::regconfig, tekst, zoekvraag, :tekst_opties) "
            "FROM zoekindex, websearch_to_tsquery('dutch'::regconfig, :q) AS zoekvraag "
            "WHERE sleutel IN :sleutels"
        ).bindparams(sa.bindparam("sleutels", expanding=True), q=vraag.websearch(),
                     titel_opties=f"HighlightAll=true, StartSel={BEGIN}, StopSel={EINDE}",
                     tekst_opties=f"MaxFragments=2, MaxWords=30, MinWords=12, StartSel={BEGIN}, "
                                  f"StopSel={EINDE}, FragmentDelimiter=\" … \"")
    else:
        sql = sa.text(
            "SELECT rowid, highlight(zoekindex, 0, :b, :e), snippet(zoekindex, 1, :b, :e, '…', 30) "
            "FROM zoekindex WHERE zoekindex MATCH :q AND rowid IN :sleutels"
        ).bindparams(sa.bindparam("sleutels", expanding=True), q=vraag.fts5(), b=BEGIN, e=EINDE)
    return {int(s): (titel, tekst) for s, titel, tekst in session.execute(sql, {"sleutels": sleutels}).all()}


def _laad(session: Session, bind, vraag: Zoekvraag, sleutels: list[int]) -> list[Treffer]:
    """The rows behind the keys of one page, in a fixed number of queries (also when the page is empty)."""
    ids = {code: [s // index.SOORTEN for s in sleutels if s % index.SOORTEN == code] for code in SOORT_VAN_CODE}
    voorstel_ids = sorted({*ids[index.VOORSTEL], *ids[index.BESLUIT]})
    punten = {a.id: a for a in session.exec(select(Agendapunt).where(col(Agendapunt.id).in_(ids[index.AGENDAPUNT])))}
    vergadering_ids = sorted({*ids[index.VERGADERING], *(a.vergadering_id for a in punten.values())})
    vergaderingen = {v.id: v for v in session.exec(select(Vergadering).where(col(Vergadering.id).in_(vergadering_ids)))}
    organen: dict[int, list[str]] = {}
    for vergadering_id, naam in session.exec(
            select(VergaderingOrgaan.vergadering_id, Orgaan.naam).join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
            .where(col(VergaderingOrgaan.vergadering_id).in_(vergadering_ids)).order_by(Orgaan.naam)):
        organen.setdefault(vergadering_id, []).append(naam)
    voorstellen = {v.id: (v, r) for v, r in session.exec(
        select(Voorstel, Regeling).join(Regeling, Regeling.id == Voorstel.regeling_id)
        .where(col(Voorstel.id).in_(voorstel_ids)))}
    markeringen = _markeringen(session, bind, vraag, sleutels)

    uit = []
    for sleutel in sleutels:
        code, bron = sleutel % index.SOORTEN, sleutel // index.SOORTEN
        soort = SOORT_VAN_CODE[code]
        titel, tekst = markeringen.get(sleutel, ("", ""))
        if soort in (Soort.vergadering, Soort.agendapunt):
            punt = punten.get(bron) if soort == Soort.agendapunt else None
            vergadering = vergaderingen.get(punt.vergadering_id if punt else bron)
            if vergadering is None:
                continue
            namen = ", ".join(organen.get(vergadering.id, []))
            if soort == Soort.vergadering and not vergadering.naam:
                titel = _("Vergadering van %(organen)s") % {"organen": namen} if namen else _("Vergadering")
            url = f"/vergaderingen/{vergadering.id}" + ("#agenda-titel" if punt else "")
            if punt:
                tekst = vergadering.naam or _("Vergadering van %(organen)s") % {"organen": namen}
            uit.append(Treffer(soort, bron, markeer(titel), markeer(tekst), url, vergadering.start, namen))
        else:
            gevonden = voorstellen.get(bron)
            if gevonden is None:
                continue
            v, r = gevonden
            moment = (v.gepubliceerd_op or v.besloten_op) if soort == Soort.besluit else (
                v.besloten_op or v.beschikbaar or v.uiterlijk)
            uit.append(Treffer(soort, bron, markeer(titel), markeer(tekst), f"/voorstellen/{v.id}", moment, r.naam,
                               concept=v.fase == VoorstelFase.concept))
    return uit


def keuzes(session: Session) -> tuple[list[Regeling], list[Gemeente]]:
    """The regelingen and gemeenten for the filter's choice (two queries)."""
    regelingen = list(session.exec(select(Regeling).where(col(Regeling.deleted_at).is_(None)).order_by(Regeling.naam)))
    gemeenten = list(session.exec(select(Gemeente).where(col(Gemeente.deleted_at).is_(None)).order_by(Gemeente.naam)))
    return regelingen, gemeenten
