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
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from markupsafe import Markup, escape
from sqlmodel import Session, col, select

from app.accounts.authz import Actor
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
GRENS = 1_000  # more matches than this are counted as "more than 1,000" and shown newest first, not ranked
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
    # Per term, the terms of the index its last word completes to (vul_aan, SQLite); None or empty: a prefix query.
    aanvullingen: tuple[tuple[str, ...] | None, ...] = ()

    @property
    def leeg(self) -> bool:
        """Nothing to search for: empty, or only punctuation, or only excluded words."""
        return not any(not t.uitsluiten for t in self.termen)

    def fts5(self) -> str:
        """The query in FTS5 syntax, built from words only (never the user's operators): every word a quoted
        string, the last word of each term also a prefix (or, once completed, any of its completions); excluded
        terms after NOT."""
        def quoted(i: int, t: Term) -> str:
            if t.frase:
                return '"' + " ".join(t.woorden) + '"'
            aan = self.aanvullingen[i] if i < len(self.aanvullingen) else None
            if not aan:
                return '"' + " ".join(t.woorden) + '"*'
            kop = "".join(w + " " for w in t.woorden[:-1])
            return "(" + " OR ".join(f'"{kop}{a}"' for a in aan) + ")" if len(aan) > 1 else f'"{kop}{aan[0]}"'
        positief = " AND ".join(quoted(i, t) for i, t in enumerate(self.termen) if not t.uitsluiten)
        negatief = [quoted(i, t) for i, t in enumerate(self.termen) if t.uitsluiten]
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


MIN_AANVULLEN = 5  # shorter words are served by FTS5's own prefix indexes (2 to 4 characters)
MAX_AANVULLINGEN = 50  # a word that completes to more terms stays a prefix query
_AANVULBAAR = re.compile(r"[a-z0-9]+")  # one token of the index, written the way the index stores it


def vul_aan(session: Session, vraag: Zoekvraag) -> Zoekvraag:
    """SQLite: the query with the last word of each term completed to the index's terms that begin with it (one
    query on the vocabulary, app.zoeken.index.TERMEN). FTS5 then reads those terms' posting lists lazily, as far
    as a LIMIT needs, where a prefix query merges them all on every MATCH. A short word, a word outside plain
    letters and digits, or one with more than MAX_AANVULLINGEN completions stays a prefix query."""
    delen, params, per_term = [], {}, {}
    for i, t in enumerate(vraag.termen):
        woord = _vorm(t.woorden[-1])
        if t.frase or len(woord) < MIN_AANVULLEN or not _AANVULBAAR.fullmatch(woord):
            continue
        # Terms compare as bytes: every term that begins with ``woord`` lies below its last letter's successor.
        params[f"van{i}"], params[f"tot{i}"] = woord, woord[:-1] + chr(ord(woord[-1]) + 1)
        per_term[i] = []
        delen.append(f"SELECT {i} AS i, term FROM (SELECT term FROM {index.TERMEN} "
                     f"WHERE term >= :van{i} AND term < :tot{i} LIMIT {MAX_AANVULLINGEN + 1})")
    if not delen:
        return vraag
    for i, term in session.execute(sa.text(" UNION ALL ".join(delen)), params):
        per_term[i].append(term)
    aanvullingen = tuple(tuple(per_term[i]) if i in per_term and len(per_term[i]) <= MAX_AANVULLINGEN else None
                         for i in range(len(vraag.termen)))
    return replace(vraag, aanvullingen=aanvullingen)


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
        """The number of matches with the filters, the kind included (the counts per kind leave it out); each
        kind counted up to GRENS + 1, so a number above GRENS means "more than GRENS"."""
        if self.filter.soort is not None:
            return self.per_soort.get(self.filter.soort, 0)
        return sum(self.per_soort.values())

    @property
    def afgekapt(self) -> bool:
        """More than GRENS matches: the number is not exact, and they are shown newest first."""
        return self.totaal > GRENS

    @property
    def grens(self) -> int:
        return GRENS

    @property
    def getoond(self) -> int:
        """How many matches can be paged through: at most GRENS."""
        return min(self.totaal, GRENS)

    @property
    def paginas(self) -> int:
        return max(1, -(-self.getoond // self.per_pagina))


def markeer(tekst: str | None) -> Markup:
    """Escape the text, then turn marker pairs into <mark>; stray markers are dropped."""
    veilig = str(escape(tekst or ""))
    veilig = re.sub(f"{BEGIN}(.*?){EINDE}", r"<mark>\1</mark>", veilig, flags=re.S)
    return Markup(veilig.replace(BEGIN, "").replace(EINDE, ""))


# --- the filter tokens -----------------------------------------------------------------------------------------
# A filter is a tree of tokens of the index's ``kenmerken`` column (app.zoeken.index): a token, ("en", [...]),
# ("of", [...]), or ("niet", a, b) for "a and not b". Written out for FTS5 and for to_tsquery('simple').

def _fts5(node) -> str:
    if isinstance(node, str):
        return f'"{node}"'
    if node[0] == "niet":
        return f"({_fts5(node[1])} NOT {_fts5(node[2])})"
    return "(" + f" {'AND' if node[0] == 'en' else 'OR'} ".join(_fts5(n) for n in node[1]) + ")"


def _tsquery(node) -> str:
    if isinstance(node, str):
        return node
    if node[0] == "niet":
        return f"({_tsquery(node[1])} & !{_tsquery(node[2])})"
    return "(" + f" {'&' if node[0] == 'en' else '|'} ".join(_tsquery(n) for n in node[1]) + ")"


@dataclass(frozen=True)
class _Zicht:
    """Who may see what, and the filters except the kind; a WHERE clause for given kinds."""
    concept: object  # the concepts this actor may see: a filter tree, or None
    secretaris_van: tuple[int, ...]
    beheerder: bool
    delen: tuple  # filter trees that must all hold
    weg: tuple[int, ...]  # deleted regelingen

    def boom(self, codes):
        soorten = [index.soort_token(c) for c in codes]
        if self.concept is not None and index.VOORSTEL in codes:
            soorten.append(self.concept)
        uit = ("en", [("of", soorten), *self.delen])
        return self._zonder_weg(uit)

    def _zonder_weg(self, uit):
        if self.weg:  # the voorstellen of a deleted regeling are not shown (their rows stay in the index)
            uit = ("niet", uit, ("of", [index.voorstel_regeling_token(r) for r in self.weg]))
        return uit

    def waar(self, bind, vraag: Zoekvraag, codes, n: int) -> tuple[str, dict]:
        """The WHERE clause that matches the words, the kinds and the filters; parameters named by ``n``."""
        if bind.dialect.name != "postgresql":
            return f"zoekindex MATCH :f{n}", {
                f"f{n}": f"{{titel tekst}} : ({vraag.fts5()}) AND kenmerken : {_fts5(self.boom(codes))}"}
        # PostgreSQL: the kind (and concept) is a plain column with a partial GIN index per kind (a kind's token in
        # a GIN index would be a posting list of half the table); the other filters are tokens in ``filter``.
        params = {"q": vraag.websearch()}
        soorten = [str(c) for c in codes]
        concept = ""
        if index.VOORSTEL in codes and self.beheerder:
            soorten.append(str(index.SOORT_CONCEPT))
        elif index.VOORSTEL in codes and self.secretaris_van:
            concept = (f" OR (soort = {index.SOORT_CONCEPT} AND filter @@ to_tsquery('simple'::regconfig, :c{n}))")
            params[f"c{n}"] = _tsquery(("of", [index.regeling_token(r) for r in self.secretaris_van]))
        soort = " OR ".join(f"soort = {c}" for c in soorten)  # an OR (not IN) lets each kind's index be used
        sql = f"vector @@ websearch_to_tsquery('dutch'::regconfig, :q) AND ({soort}{concept})"
        rest = self._zonder_weg(("en", list(self.delen))) if (self.delen or self.weg) else None
        if rest is not None:
            if not self.delen:
                rest = ("niet", "zzalles", rest[2])  # every row has the token zzalles
            sql += f" AND filter @@ to_tsquery('simple'::regconfig, :f{n})"
            params[f"f{n}"] = _tsquery(rest)
        return sql, params


def _filterboom(session: Session, f: ZoekFilter, actor: Actor) -> _Zicht:
    """Who may see what, and the filters except the kind: at most two small queries (deleted regelingen, and
    with a gemeente filter its regelingen), whatever the query finds."""
    concept = None
    if actor.beheerder:
        concept = index.CONCEPT
    elif actor.secretaris_van:
        concept = ("en", [index.CONCEPT, ("of", [index.regeling_token(r) for r in sorted(actor.secretaris_van)])])
    delen = []
    if f.regeling is not None:
        delen.append(index.regeling_token(f.regeling.id))
    if f.gemeente is not None:
        deelnames = session.exec(select(Deelname.regeling_id).where(
            Deelname.gemeente_id == f.gemeente.id, col(Deelname.deleted_at).is_(None))).all()
        delen.append(("of", [index.gemeente_token(f.gemeente.id),
                             *(index.regeling_token(r) for r in sorted(set(deelnames)))]))
    if f.jaar is not None:
        delen.append(index.jaar_token(f.jaar))
    weg = session.exec(select(Regeling.id).where(col(Regeling.deleted_at).is_not(None))).all()
    return _Zicht(concept, tuple(sorted(actor.secretaris_van)), actor.beheerder, tuple(delen), tuple(sorted(weg)))


def _tellen(session: Session, bind, vraag: Zoekvraag, boom: _Zicht) -> dict[int, int]:
    """Per kind the number of matches, counted up to GRENS + 1 (one query)."""
    delen, params = [], {}
    for code in sorted(SOORT_VAN_CODE):
        waar, p = boom.waar(bind, vraag, [code], code)
        params.update(p)
        delen.append(f"(SELECT count(*) FROM (SELECT 1 FROM zoekindex WHERE {waar} LIMIT {GRENS + 1}) AS t{code})")
    row = session.execute(sa.text("SELECT " + ", ".join(delen)), params).one()
    return {code: int(row[i]) for i, code in enumerate(sorted(SOORT_VAN_CODE))}


def zoek(session: Session, vraag: Zoekvraag, f: ZoekFilter, *, actor: Actor, pagina: int = 1,
         per_pagina: int = PER_PAGINA) -> Resultaat:
    """One page of matches with the number of matches per kind: ranked by relevance up to GRENS matches, newest
    first beyond (ranking every match of a common word costs too much). An empty query finds nothing (and costs
    no query)."""
    uit = Resultaat(vraag, f, pagina=pagina, per_pagina=per_pagina)
    if vraag.leeg:
        return uit
    bind = session.connection()
    boom = _filterboom(session, f, actor)
    postgres = bind.dialect.name == "postgresql"
    if postgres:
        # The planner guesses the selectivity of a phrase or of words within one kind badly and then reads the
        # whole table "until LIMIT" (a kind without matches: every row). The GIN indexes are always the right road
        # here: the count stops at GRENS + 1, the newest-first page walks the primary key backwards.
        session.execute(sa.text("SET LOCAL enable_seqscan = off"))
    else:
        vraag = vul_aan(session, vraag)
    aantallen = _tellen(session, bind, vraag, boom)
    uit.per_soort = {SOORT_VAN_CODE[c]: n for c, n in aantallen.items() if n}
    sleutels: list[int] = []
    offset = (pagina - 1) * per_pagina
    if uit.totaal and offset < min(uit.totaal, GRENS):
        codes = [CODE[f.soort]] if f.soort is not None else sorted(SOORT_VAN_CODE)
        waar, params = boom.waar(bind, vraag, codes, 0)
        if uit.afgekapt:
            volgorde = "sleutel DESC" if bind.dialect.name == "postgresql" else "rowid DESC"
        elif bind.dialect.name == "postgresql":
            volgorde = "ts_rank(vector, websearch_to_tsquery('dutch'::regconfig, :q)) DESC, sleutel DESC"
        else:
            volgorde = "bm25(zoekindex, 10.0, 1.0, 0.0), rowid DESC"
        kolom = "sleutel" if bind.dialect.name == "postgresql" else "rowid"
        limiet = min(per_pagina, GRENS - offset)
        sleutels = [int(s) for s in session.execute(sa.text(
            f"SELECT {kolom} FROM zoekindex WHERE {waar} ORDER BY {volgorde} LIMIT {limiet} OFFSET {offset}"),
            params).scalars()]
    if postgres:
        session.execute(sa.text("SET LOCAL enable_seqscan = on"))
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
        # FTS5's highlight() and snippet() would run the whole MATCH again (a common word: every match); the
        # page's rows are read by rowid and marked here the way the tokenizer (unicode61, diacritics removed) and
        # the query's prefixes match.
        sql = sa.text("SELECT rowid, titel, tekst FROM zoekindex WHERE rowid IN :sleutels").bindparams(
            sa.bindparam("sleutels", expanding=True))
        return {int(s): (_markeer_woorden(vraag, titel), _fragment(vraag, tekst))
                for s, titel, tekst in session.execute(sql, {"sleutels": sleutels}).all()}
    return {int(s): (titel, tekst) for s, titel, tekst in session.execute(sql, {"sleutels": sleutels}).all()}


def _vorm(woord: str) -> str:
    """A word as FTS5's unicode61 tokenizer with remove_diacritics 2 sees it."""
    return "".join(c for c in unicodedata.normalize("NFKD", woord) if not unicodedata.combining(c)).casefold()


def _treft(vraag: Zoekvraag):
    hele = {_vorm(w) for t in vraag.termen if not t.uitsluiten for w in t.woorden}
    begin = tuple(_vorm(t.woorden[-1]) for t in vraag.termen if not t.uitsluiten and not t.frase)
    return lambda w: (v := _vorm(w)) in hele or v.startswith(begin)


def _markeer_woorden(vraag: Zoekvraag, tekst: str) -> str:
    treft = _treft(vraag)
    return _WOORD.sub(lambda m: f"{BEGIN}{m.group()}{EINDE}" if treft(m.group()) else m.group(), tekst or "")


def _fragment(vraag: Zoekvraag, tekst: str, woorden: int = 30) -> str:
    """About ``woorden`` words of the text around its first match, the matches marked, '…' where it is cut."""
    tekst = tekst or ""
    spans = [m.span() for m in _WOORD.finditer(tekst)]
    if not spans:
        return ""
    treft = _treft(vraag)
    eerste = next((i for i, (a, b) in enumerate(spans) if treft(tekst[a:b])), 0)
    van = max(0, min(eerste - woorden // 3, len(spans) - woorden))
    tot = min(len(spans), van + woorden)
    begin, einde = (0 if van == 0 else spans[van][0]), (len(tekst) if tot == len(spans) else spans[tot - 1][1])
    return ("…" if begin else "") + _markeer_woorden(vraag, tekst[begin:einde]) + ("…" if einde < len(tekst) else "")


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
