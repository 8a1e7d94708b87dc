"""Import a region from a YAML or JSON file: all-or-nothing, idempotent, with located error messages.

The whole file is checked before the first write: first its structure (the pydantic models in schema.py),
then its references (against the rest of the file and the database). Every problem is collected and
reported with its place in the file. Rows are matched on natural keys and written only when a value
differs, so importing the same file twice changes no row. The caller owns the transaction: this module
flushes but never commits.
"""

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import sqlalchemy as sa
import yaml
from pydantic import ValidationError
from sqlmodel import Session, col, select

from app.db import utcnow
from app.errors import Conflict, Invalid
from app.gemeenten.models import Fractie, Gemeente, Persoon, Reces
from app.importer import schema as s
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname, Regeling
from app.validation import dutch_message
from app.vergaderingen.models import Agendapunt, Vergadering, VergaderingOrgaan
from app.vergaderingen.service import apply_changes
from app.voorstellen.models import Afmelding, Behandeling, Voorstel

Loc = tuple[str | int, ...]
MAX_REPORTED = 50
CHUNK = 500  # ids per IN (...) query: well under SQLite's variable limit
SLEUTEL_MAX = 200  # Vergadering.sleutel
PORTAL_KEY = re.compile(r"vergadering-([1-9]\d{0,8})")  # a meeting made in the portal, as the export names it
PORTAL_VOORSTEL = re.compile(r"voorstel-([1-9]\d{0,8})")  # likewise a voorstel made in the portal

# --- summary -------------------------------------------------------------------------------------------

KINDS = {
    "gemeenten": "gemeenten",
    "fracties": "fracties",
    "recessen": "recessen",
    "regelingen": "regelingen",
    "deelnames": "deelnemers",
    "organen": "organen",
    "personen": "personen",
    "lidmaatschappen": "lidmaatschappen",
    "vergaderingen": "vergaderingen",
    "agendapunten": "agendapunten",
    "voorstellen": "voorstellen",
    "afmeldingen": "afmeldingen",
    "behandelingen": "behandelingen",
}


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0  # recesses and afmeldingen, which a file replaces as a set (soft-deleting the ones it drops)

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged + self.removed


@dataclass
class ImportSummary:
    source: str = ""
    counts: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        tally = self.counts[kind]
        setattr(tally, outcome, getattr(tally, outcome) + n)

    @property
    def created(self) -> int:
        return sum(t.created for t in self.counts.values())

    @property
    def updated(self) -> int:
        return sum(t.updated for t in self.counts.values())

    @property
    def changed(self) -> bool:
        return any(t.created or t.updated or t.removed for t in self.counts.values())

    def describe(self) -> str:
        lines = [f"Geïmporteerd{f' uit {self.source}' if self.source else ''}:"]
        width = max(len(label) for label in KINDS.values())
        for kind, label in KINDS.items():
            t = self.counts[kind]
            if not t.total:
                continue
            text = f"{t.created} nieuw, {t.updated} bijgewerkt, {t.unchanged} ongewijzigd"
            if t.removed:
                text += f", {t.removed} verwijderd"
            lines.append(f"  {label + ':':<{width + 1}} {text}")
        if not self.changed:
            lines.append("Niets gewijzigd: de database was al bij met dit bestand.")
        return "\n".join(lines)


# --- reading the file ----------------------------------------------------------------------------------

_YamlBase = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser: demo files are large


class _Loader(_YamlBase):
    """Safe YAML that keeps numbers exact and leaves dates to pydantic (which reports them with a place)."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"de sleutel ‘{key_node.value}’ komt twee keer voor", key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


def _decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return loader.construct_yaml_float(node)  # .inf, .nan, 1:30 (sexagesimal): pydantic refuses them
    return value if value.is_finite() else loader.construct_yaml_float(node)


def _int(loader, node):
    text = loader.construct_scalar(node)
    # YAML 1.1 reads 19:30 as a base-60 number (1170); in this format it is always a clock time.
    return text if ":" in text else loader.construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
_Loader.add_constructor("tag:yaml.org,2002:int", _int)
# A bad date such as 2027-02-30 would otherwise crash the YAML constructor without saying where it is.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class _Lines:
    """Maps a path in the document to a line number, through the composed YAML node tree."""

    def __init__(self, root: yaml.Node | None):
        self.root = root

    def __call__(self, loc: Loc) -> int | None:
        node, line = self.root, None
        if node is None:
            return None
        line = node.start_mark.line + 1
        for part in loc:
            child = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for key_node, value_node in node.value:
                    if isinstance(key_node, yaml.ScalarNode) and key_node.value == part:
                        line, child = key_node.start_mark.line + 1, value_node
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                child = node.value[part]
                line = child.start_mark.line + 1
            if child is None:
                break
            node = child
        return line


def _no_lines(_loc: Loc) -> None:
    return None


def _compose(text: str) -> tuple[Any, yaml.Node | None]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def parse_text(text: str, *, name: str = "", json_format: bool = False) -> tuple[Any, Callable[[Loc], int | None]]:
    """Read YAML or JSON text; return the data and a function from a path to its line number."""
    label = name or "het bestand"
    if json_format:
        try:
            data = json.loads(text, parse_float=Decimal)
        except json.JSONDecodeError as exc:
            raise Invalid(f"{label} is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}): {exc.msg}.",
                          errors=[{"name": f"regel {exc.lineno}", "reason": exc.msg}]) from None

        tree: list[_Lines] = []

        def lines(loc: Loc) -> int | None:
            if not tree:  # composed only when there is an error to place
                try:  # JSON is (nearly always) YAML too: its node tree gives the lines
                    tree.append(_Lines(_compose(text)[1]))
                except yaml.YAMLError:
                    tree.append(_Lines(None))
            return tree[0](loc)

        return data, lines
    try:
        data, node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" (regel {mark.line + 1}, kolom {mark.column + 1})" if mark else ""
        problem = exc.problem or exc.context or "onleesbaar"
        raise Invalid(f"{label} is geen geldige YAML{where}: {problem}.",
                      errors=[{"name": f"regel {mark.line + 1}" if mark else "", "reason": problem}]) from None
    except yaml.YAMLError as exc:
        raise Invalid(f"{label} is geen geldige YAML: {exc}.") from None
    return data, _Lines(node)


# --- validation messages -------------------------------------------------------------------------------


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(bestand)"


_PATTERN_TEXT = {
    s.SLUG_PATTERN: "gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld commissie-bestuur",
    s.CODE_PATTERN: "een CBS-gemeentecode is GM met vier cijfers, bijvoorbeeld GM0772",
    s.TERMIJN_PATTERN: "een termijn heet in kleine letters, cijfers en liggende streepjes, bijvoorbeeld "
                       "ontwerpbegroting_weken",
}


def _message(error: dict) -> str:
    if error["type"] in ("less_than_equal", "less_than"):
        return f"mag hoogstens {error['ctx'].get('le', error['ctx'].get('lt'))} zijn"
    return dutch_message(error, _PATTERN_TEXT)


def _raise(problems: Sequence[tuple[Loc, str]], lines: Callable[[Loc], int | None], source: str) -> None:
    items = [{"name": format_loc(loc), "reason": reason, "line": lines(loc)} for loc, reason in problems]
    items.sort(key=lambda i: i["line"] or 0)  # in file order, as a griffier reads it (stable without lines)
    n = len(items)
    head = (f"{source or 'Het importbestand'} is niet geïmporteerd; er is niets gewijzigd. "
            f"{n} {'fout' if n == 1 else 'fouten'}:")
    body = []
    for item in items[:MAX_REPORTED]:
        where = f" (regel {item['line']})" if item["line"] else ""
        body.append(f"- {item['name']}{where}: {item['reason']}")
    if n > MAX_REPORTED:
        body.append(f"- … en {n - MAX_REPORTED} meer")
    raise Invalid("\n".join([head, *body]), errors=[{"name": i["name"], "reason": i["reason"]} for i in items])


# --- helpers -------------------------------------------------------------------------------------------


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")


def meeting_key(orgaan_slugs: Iterable[str], start) -> str:
    """The natural key of a meeting without an explicit id: its bodies and its start in UTC."""
    key = f"{'+'.join(sorted(set(orgaan_slugs)))}@{start.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}"
    if len(key) > SLEUTEL_MAX:  # many bodies: keep the key stable but short
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        key = f"h-{digest}@{key.rsplit('@', 1)[1]}"
    return key


def _chunked(session: Session, make_query: Callable[[list], Any], values: Iterable) -> list:
    values = list(dict.fromkeys(values))
    rows: list = []
    for i in range(0, len(values), CHUNK):
        rows.extend(session.exec(make_query(values[i:i + CHUNK])).all())
    return rows


def _apply(row, values: dict) -> bool:
    """Set only the fields that differ, so an unchanged row gets no UPDATE (and keeps its modified_at)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


@dataclass
class _G:
    loc: Loc
    model: s.Gemeente
    row: Gemeente | None
    slug: str
    slug_ok: bool = True


@dataclass
class _O:
    """An orgaan the file declares (explicitly, or the raad of a gemeente in the file)."""

    slug: str
    loc: Loc
    label: str
    owner: tuple[str, str]  # ("gemeente", code) or ("regeling", slug)
    naam: str
    soort: Soort | None  # None: keep the soort of an existing row
    update_existing: bool = True
    values: dict = field(default_factory=dict)  # further columns the file sets (usual day, start, domain)


@dataclass
class _M:
    loc: Loc
    model: s.Vergadering
    key: str
    slugs: list[str]
    titled: bool = True  # False: its `naam` named a new committee (see check), it is no title


@dataclass
class _V:
    """A voorstel the file names, with the regeling it belongs to."""

    loc: Loc
    model: s.Voorstel
    regeling: str


def _organ_values(o: s.RegelingOrgaan) -> dict:
    values: dict[str, Any] = {}
    if "vergaderdag" in o.model_fields_set:
        values["vergaderdag"] = s.WEEKDAGEN.index(o.vergaderdag) if o.vergaderdag else None
    for name in ("aanvang", "domein"):
        if name in o.model_fields_set:
            values[name] = getattr(o, name)
    return values


def _check_termijnen(termijnen: dict[str, int | str]) -> str | None:
    """Why the terms a regeling sets itself are wrong (Dutch: an unknown key, a term laxer than the law), or None."""
    from app.planning.pc import Termijnen  # the planner's rules; imported here, the importer needs no planner else

    try:
        Termijnen.from_dict(termijnen)
    except ValueError as exc:
        return str(exc)
    return None


# --- the import ----------------------------------------------------------------------------------------


class _Import:
    def __init__(self, session: Session, doc: s.ImportDocument, demo: bool | None):
        self.s = session
        self.doc = doc
        self.demo = demo if demo is not None else doc.demo
        self.problems: list[tuple[Loc, str]] = []
        self.summary = ImportSummary()

    def problem(self, loc: Loc, reason: str) -> None:
        self.problems.append((loc, reason))

    # -- stage 2: references -------------------------------------------------------------------------

    def check(self) -> None:
        doc, session = self.doc, self.s
        all_gemeenten = session.exec(select(Gemeente)).all()
        # A gemeente deleted in the portal is unknown to the import: it does not bring her back.
        self.db_gemeenten = {g.code: g for g in all_gemeenten if g.deleted_at is None}
        self.gemeente_code_by_id = {g.id: g.code for g in all_gemeenten}
        self.gemeente_naam = {g.code: g.naam for g in all_gemeenten} | {g.code: g.naam for g in doc.gemeenten}
        db_gemeente_by_slug = {g.slug: g for g in all_gemeenten}
        deleted_codes = {g.code for g in all_gemeenten if g.deleted_at is not None}
        self.db_regelingen = {r.slug: r for r in session.exec(select(Regeling)).all()}
        self.regeling_slug_by_id = {r.id: r.slug for r in self.db_regelingen.values()}

        # Gemeenten and their slugs.
        self.gemeenten: dict[str, _G] = {}
        slugs_seen: dict[str, Loc] = {}
        for i, g in enumerate(doc.gemeenten):
            loc = ("gemeenten", i)
            if g.code in self.gemeenten:
                self.problem(loc + ("code",), f"gemeentecode {g.code} komt twee keer voor "
                                              f"(ook in {format_loc(self.gemeenten[g.code].loc)})")
                continue
            row = self.db_gemeenten.get(g.code)
            if g.code in deleted_codes:
                self.problem(loc + ("code",), f"gemeente {g.code} is in de portal verwijderd; "
                                              "een import brengt haar niet terug")
                continue
            before = len(self.problems)
            if g.slug is not None:
                slug, slug_loc = g.slug, loc + ("slug",)
                if row is not None and row.slug != g.slug:
                    self.problem(slug_loc, f"{row.naam} heeft al de slug {row.slug}; een slug is deel van de "
                                           "webadressen en kan niet veranderen")
            else:
                slug, slug_loc = (row.slug if row else slugify(g.naam)), loc + ("naam",)
                if not slug:
                    self.problem(slug_loc, "uit deze naam valt geen slug af te leiden; geef `slug`")
            other = db_gemeente_by_slug.get(slug)
            if len(self.problems) == before:
                if slug in slugs_seen:
                    self.problem(slug_loc, f"gemeenteslug {slug} komt twee keer voor "
                                           f"(ook in {format_loc(slugs_seen[slug])})")
                elif other is not None and other.code != g.code:
                    self.problem(slug_loc, f"gemeenteslug {slug} is al in gebruik bij {other.naam} ({other.code})")
            slugs_seen.setdefault(slug, loc)
            # With a bad slug its organen have no name yet: check the rest, but not what hangs on the slug.
            self.gemeenten[g.code] = _G(loc, g, row, slug, slug_ok=len(self.problems) == before)
            names: dict[str, int] = {}
            for j, f in enumerate(g.fracties):
                if f.naam in names:
                    self.problem(loc + ("fracties", j, "naam"), f"fractie ‘{f.naam}’ komt twee keer voor")
                names.setdefault(f.naam, j)

        # Fracties known per gemeente: the file's and the database's.
        db_ids = [g.id for g in self.db_gemeenten.values()]
        self.db_fracties = {(f.gemeente_id, f.naam): f for f in _chunked(
            session, lambda ids: select(Fractie).where(col(Fractie.gemeente_id).in_(ids)), db_ids)}
        self.fractie_names: dict[str, set[str]] = {}
        for (gemeente_id, naam) in self.db_fracties:
            self.fractie_names.setdefault(self.gemeente_code_by_id[gemeente_id], set()).add(naam)
        for code, g in self.gemeenten.items():
            self.fractie_names.setdefault(code, set()).update(f.naam for f in g.model.fracties)

        # Personen.
        self.personen: dict[str, tuple[Loc, s.Persoon]] = {}
        for i, p in enumerate(doc.personen):
            loc = ("personen", i)
            if p.id in self.personen:
                self.problem(loc + ("id",), f"persoon ‘{p.id}’ komt twee keer voor "
                                            f"(ook in {format_loc(self.personen[p.id][0])})")
                continue
            self.personen[p.id] = (loc, p)
            if p.gemeente is not None:
                self._check_gemeente(loc + ("gemeente",), p.gemeente)
            if p.fractie is not None:
                self._check_fractie(loc + ("fractie",), p.gemeente, p.fractie)
        referenced = set(self.personen) | {
            lid.persoon for r in doc.regelingen for o in r.organen for lid in o.leden}
        self.db_personen = {p.sleutel: p for p in _chunked(
            session, lambda keys: select(Persoon).where(col(Persoon.sleutel).in_(keys)), referenced)}
        for sleutel, (loc, p) in self.personen.items():
            # Keys are global: one council's file must not take over another council's raadslid.
            row = self.db_personen.get(sleutel)
            if row is not None and row.gemeente_id is not None and "gemeente" in p.model_fields_set:
                code = self.gemeente_code_by_id[row.gemeente_id]
                if p.gemeente != code:
                    self.problem(loc + ("gemeente",), f"persoon ‘{sleutel}’ ({row.naam}) hoort bij "
                                 f"{self._owner_label(('gemeente', code))}; een import verhuist niemand naar "
                                 "een andere gemeente. Is het een andere persoon, geef dan een andere `id`")

        # Organen: every slug the file declares, including each gemeente's raad.
        raad_codes = set(self.gemeenten) | {
            p.gemeente for _, p in self.personen.values() if p.gemeente in self.db_gemeenten}
        raad_ids = [self.db_gemeenten[c].id for c in raad_codes if c in self.db_gemeenten]
        self.db_raden: dict[int, Orgaan] = {}
        for o in _chunked(session, lambda ids: select(Orgaan).where(
                col(Orgaan.gemeente_id).in_(ids), Orgaan.soort == Soort.raad, col(Orgaan.deleted_at).is_(None))
                .order_by(Orgaan.id), raad_ids):
            self.db_raden.setdefault(o.gemeente_id, o)
        self.declared: dict[str, _O] = {}
        self.raad_slug: dict[str, str] = {}
        for code in sorted(raad_codes):
            g = self.gemeenten.get(code)
            if g is not None and not g.slug_ok:
                continue
            row = g.row if g else self.db_gemeenten[code]
            existing = self.db_raden.get(row.id) if row is not None else None
            slug = existing.slug if existing else f"{g.slug if g else row.slug}-raad"
            naam = g.model.naam if g else row.naam
            self.raad_slug[code] = slug
            loc = g.loc if g else next(v[0] for v in self.personen.values() if v[1].gemeente == code)
            self._declare(_O(slug, loc, f"de raad van {naam}", ("gemeente", code), f"Gemeenteraad {naam}",
                             Soort.raad, update_existing=g is not None))
        for code, g in self.gemeenten.items():
            if not g.slug_ok:
                continue
            local_seen: set[str] = set()
            for j, o in enumerate(g.model.organen):
                loc = g.loc + ("organen", j)
                if o.slug == "raad" or o.soort == Soort.raad:
                    self.problem(loc + ("slug" if o.slug == "raad" else "soort",),
                                 "de raad bestaat al (lokale slug ‘raad’); declareer hem niet onder organen")
                    continue
                if o.slug in local_seen:
                    self.problem(loc + ("slug",), f"orgaan ‘{o.slug}’ komt twee keer voor in {g.model.naam}")
                    continue
                local_seen.add(o.slug)
                soort = o.soort if "soort" in o.model_fields_set else None
                self._declare(_O(f"{g.slug}-{o.slug}", loc + ("slug",), f"{o.naam} van {g.model.naam}",
                                 ("gemeente", code), o.naam, soort))
        regeling_seen: dict[str, Loc] = {}
        for i, r in enumerate(doc.regelingen):
            loc = ("regelingen", i)
            if r.slug in regeling_seen:
                self.problem(loc + ("slug",), f"regeling ‘{r.slug}’ komt twee keer voor "
                                              f"(ook in {format_loc(regeling_seen[r.slug])})")
                continue
            regeling_seen[r.slug] = loc
            if r.slug in self.db_regelingen and self.db_regelingen[r.slug].deleted_at is not None:
                self.problem(loc + ("slug",), f"regeling {r.slug} is in de portal verwijderd; "
                                              "een import brengt haar niet terug")
            for j, o in enumerate(r.organen):
                self._declare(_O(o.slug, loc + ("organen", j, "slug"), f"{o.naam} van {r.naam}",
                                 ("regeling", r.slug), o.naam, o.soort, values=_organ_values(o)))
            if r.termijnen is not None and (reason := _check_termijnen(dict(r.termijnen))) is not None:
                self.problem(loc + ("termijnen",), reason)

        # Meetings, and which organen they name.
        gemeente_meetings = [(g, g.loc + ("vergaderingen", j), m) for g in self.gemeenten.values() if g.slug_ok
                             for j, m in enumerate(g.model.vergaderingen)]
        regeling_meetings = [(("regelingen", i, "vergaderingen", j), m) for i, r in enumerate(doc.regelingen)
                             for j, m in enumerate(r.vergaderingen)]
        wanted = set(self.declared)
        wanted |= {f"{g.slug}-{slug}" for g, _, m in gemeente_meetings for slug in m.orgaan_slugs}
        wanted |= {slug for _, m in regeling_meetings for slug in m.orgaan_slugs}
        wanted |= {b.orgaan for r in doc.regelingen for v in r.voorstellen for b in v.behandelingen or []}
        found = _chunked(session, lambda slugs: select(Orgaan).where(col(Orgaan.slug).in_(slugs)), wanted)
        # An orgaan deleted in the portal is unknown to the import: no meeting is linked to it.
        self.db_organen = {o.slug: o for o in found if o.deleted_at is None}
        self.db_organen.update({o.slug: o for o in self.db_raden.values()})
        deleted = {o.slug for o in found if o.deleted_at is not None}

        # A gemeente meeting of a committee the gemeente does not have yet, with a `naam`, makes it:
        # the naam is the committee's, not the meeting's title (also when the committee exists by that name).
        implicit: dict[str, str] = {}
        untitled: set[Loc] = set()
        for g, loc, m in gemeente_meetings:
            if m.orgaan is None or m.naam is None or m.orgaan == "raad":
                continue
            full, owner = f"{g.slug}-{m.orgaan}", ("gemeente", g.model.code)
            if (full not in self.declared and full not in self.db_organen and full not in deleted
                    and re.fullmatch(s.SLUG_PATTERN, m.orgaan)):
                self._declare(_O(full, loc + ("orgaan",), f"{m.naam} van {g.model.naam}", owner, m.naam,
                                 Soort.commissie))
                implicit[full] = m.naam
            row = self.db_organen.get(full)
            if implicit.get(full) == m.naam or (full not in self.declared and row is not None
                                                and row.naam == m.naam and self._owner_of(row) == owner):
                untitled.add(loc)

        for slug, decl in self.declared.items():
            existing = self.db_organen.get(slug)
            if slug in deleted:
                self.problem(decl.loc, f"orgaan {slug} is in de portal verwijderd; een import brengt het niet terug")
            elif existing is not None and self._owner_of(existing) != decl.owner:
                self.problem(decl.loc, f"orgaanslug {slug} is al in gebruik bij {existing.naam} "
                                       f"({self._owner_label(self._owner_of(existing))})")

        self.meetings: list[_M] = []
        keys_seen: dict[str, Loc] = {}
        for g, loc, m in gemeente_meetings:
            slugs = []
            for k, local in enumerate(m.orgaan_slugs):
                where = loc + (("orgaan",) if m.orgaan is not None else ("organen", k))
                full = self.raad_slug[g.model.code] if local == "raad" else f"{g.slug}-{local}"
                if self._owner(full) != ("gemeente", g.model.code):
                    self.problem(where, f"onbekend orgaan ‘{local}’ in {g.model.naam}; gebruik ‘raad’, "
                                        "declareer het orgaan onder `organen` van deze gemeente, of geef een "
                                        "`naam` om er een nieuwe commissie van te maken")
                slugs.append(full)
            self._add_meeting(loc, m, slugs, keys_seen, titled=loc not in untitled)
        for loc, m in regeling_meetings:
            for k, slug in enumerate(m.orgaan_slugs):
                if self._owner(slug) is None:
                    where = loc + (("orgaan",) if m.orgaan is not None else ("organen", k))
                    self.problem(where, f"onbekend orgaan ‘{slug}’; gebruik de volledige slug van een orgaan, "
                                        "bijvoorbeeld eindhoven-raad of de slug van een orgaan van deze regeling")
            self._add_meeting(loc, m, list(m.orgaan_slugs), keys_seen)
        self._check_meeting_owners()

        # Regelingen: deelnemers and leden.
        for i, r in enumerate(doc.regelingen):
            loc = ("regelingen", i)
            deelnemers: set[str] = set()
            for j, d in enumerate(r.deelnemers):
                if d.gemeente in deelnemers:
                    self.problem(loc + ("deelnemers", j, "gemeente"), f"gemeente {d.gemeente} doet twee keer mee")
                deelnemers.add(d.gemeente)
                self._check_gemeente(loc + ("deelnemers", j, "gemeente"), d.gemeente)
            for j, o in enumerate(r.organen):
                leden: set[tuple] = set()
                for k, lid in enumerate(o.leden):
                    lid_loc = loc + ("organen", j, "leden", k)
                    key = (lid.persoon, lid.rol, lid.van)
                    if key in leden:
                        self.problem(lid_loc, f"{lid.persoon} staat twee keer als {lid.rol.value} in {o.slug}"
                                              + (f" vanaf {lid.van}" if lid.van else ""))
                    leden.add(key)
                    if lid.persoon not in self.personen and lid.persoon not in self.db_personen:
                        self.problem(lid_loc + ("persoon",), f"onbekende persoon ‘{lid.persoon}’; "
                                                             "noem de persoon onder `personen`")
                        continue
                    if lid.gemeente is not None:
                        self._check_gemeente(lid_loc + ("gemeente",), lid.gemeente)
                    if lid.fractie is not None:
                        code = lid.gemeente or self._persoon_gemeente(lid.persoon)
                        self._check_fractie(lid_loc + ("fractie",), code, lid.fractie)
        self._check_voorstellen()

    def _check_voorstellen(self) -> None:
        """Voorstellen: keys global and kept to their regeling, opt-outs by deelnemers, behandelingen in meetings."""
        doc = self.doc
        self.voorstellen: list[_V] = []
        seen: dict[str, Loc] = {}
        for i, r in enumerate(doc.regelingen):
            for j, v in enumerate(r.voorstellen):
                loc = ("regelingen", i, "voorstellen", j)
                if v.id in seen:
                    self.problem(loc + ("id",), f"voorstel ‘{v.id}’ komt twee keer voor "
                                                f"(ook in {format_loc(seen[v.id])})")
                    continue
                seen[v.id] = loc
                self.voorstellen.append(_V(loc, v, r.slug))
        if not self.voorstellen:
            self.db_voorstellen: dict[str, Voorstel] = {}
            return
        keys = [v.model.id for v in self.voorstellen]
        self.db_voorstellen = {v.sleutel: v for v in _chunked(
            self.s, lambda k: select(Voorstel).where(col(Voorstel.sleutel).in_(k)), keys)}
        portal = {int(match[1]): key for key in keys
                  if key not in self.db_voorstellen and (match := PORTAL_VOORSTEL.fullmatch(key))}
        for v in _chunked(self.s, lambda ids: select(Voorstel).where(
                col(Voorstel.id).in_(ids), col(Voorstel.sleutel).is_(None)), portal):
            self.db_voorstellen[portal[v.id]] = v

        # The deelnemers of each regeling: the file's and, for a regeling that exists, the database's.
        deelnemers: dict[str, set[str]] = {r.slug: {d.gemeente for d in r.deelnemers} for r in doc.regelingen}
        known = {self.db_regelingen[r].id: r for r in deelnemers if r in self.db_regelingen}
        for d in _chunked(self.s, lambda ids: select(Deelname).where(
                col(Deelname.regeling_id).in_(ids), col(Deelname.deleted_at).is_(None)), known):
            code = self.gemeente_code_by_id.get(d.gemeente_id)
            if code in self.db_gemeenten:
                deelnemers[known[d.regeling_id]].add(code)

        file_meetings = {m.key: m for m in self.meetings}
        for v in self.voorstellen:
            m, loc = v.model, v.loc
            row = self.db_voorstellen.get(m.id)
            if row is not None and row.regeling_id != getattr(self.db_regelingen.get(v.regeling), "id", None):
                self.problem(loc + ("id",), f"voorstel {m.id} ({row.titel}) hoort bij regeling "
                                            f"{self.regeling_slug_by_id.get(row.regeling_id, '?')}; een import geeft "
                                            f"het niet aan regeling {v.regeling}. Is het een ander voorstel, geef het "
                                            "dan een andere `id`")
            gemeld: set[str] = set()
            for k, code in enumerate(m.zonder or []):
                if code in gemeld:
                    self.problem(loc + ("zonder", k), f"gemeente {code} staat twee keer in `zonder`")
                elif code not in deelnemers[v.regeling]:
                    naam = self.gemeente_naam.get(code)
                    wie = f"{naam} ({code})" if naam else code
                    self.problem(loc + ("zonder", k), f"{wie} is geen deelnemer van regeling {v.regeling}; alleen "
                                                      "een deelnemer kan zich afmelden")
                gemeld.add(code)
            behandeld: set[tuple] = set()
            for k, b in enumerate(m.behandelingen or []):
                b_loc = loc + ("behandelingen", k)
                if (b.orgaan, b.rol) in behandeld:
                    self.problem(b_loc, f"{b.orgaan} behandelt dit voorstel twee keer als {b.rol.value}")
                behandeld.add((b.orgaan, b.rol))
                if self._owner(b.orgaan) is None:
                    self.problem(b_loc + ("orgaan",), f"onbekend orgaan ‘{b.orgaan}’; gebruik de volledige slug, "
                                                      "bijvoorbeeld eindhoven-raad of mre-ab")
                    continue
                if b.vergadering is None:
                    continue
                meeting = self.db_meetings.get(b.vergadering)
                if meeting is not None and meeting.deleted_at is not None:
                    self.problem(b_loc + ("vergadering",), f"vergadering {b.vergadering} is in de portal verwijderd")
                    continue
                if b.vergadering in file_meetings:  # the file's bodies, which the import gives the meeting
                    bodies = file_meetings[b.vergadering].slugs
                elif meeting is not None:
                    bodies = [o.slug for o in self.db_bodies[meeting.id]]
                else:
                    self.problem(b_loc + ("vergadering",), f"onbekende vergadering ‘{b.vergadering}’; gebruik de "
                                                           "`id` van een vergadering in het bestand of de database")
                    continue
                if b.orgaan not in bodies:
                    self.problem(b_loc + ("orgaan",), f"{b.orgaan} vergadert niet in vergadering {b.vergadering} "
                                                      f"(daar vergadert {', '.join(sorted(bodies)) or 'geen orgaan'})")

    def _owner_of(self, o: Orgaan) -> tuple[str, str]:
        if o.gemeente_id is not None:
            return ("gemeente", self.gemeente_code_by_id.get(o.gemeente_id, "?"))
        return ("regeling", self.regeling_slug_by_id.get(o.regeling_id, "?"))

    def _owner(self, slug: str) -> tuple[str, str] | None:
        """Who an orgaan the file names belongs to: as the file declares it, else as the database has it."""
        if slug in self.declared:
            return self.declared[slug].owner
        return self._owner_of(self.db_organen[slug]) if slug in self.db_organen else None

    def _owner_label(self, owner: tuple[str, str]) -> str:
        kind, key = owner
        return f"gemeente {self.gemeente_naam.get(key, key)} ({key})" if kind == "gemeente" else f"regeling {key}"

    def _check_meeting_owners(self) -> None:
        """Load the meetings the file names, with their bodies; refuse to hand one to other owners.

        Keys are global, so without this check one council's file could take over another's meeting.
        """
        keys = [m.key for m in self.meetings] + [b.vergadering for r in self.doc.regelingen for v in r.voorstellen
                                                 for b in v.behandelingen or [] if b.vergadering is not None]
        self.db_meetings = {v.sleutel: v for v in _chunked(
            self.s, lambda k: select(Vergadering).where(col(Vergadering.sleutel).in_(k)), keys)}
        portal = {int(match[1]): key for key in keys
                  if key not in self.db_meetings and (match := PORTAL_KEY.fullmatch(key))}
        for v in _chunked(self.s, lambda ids: select(Vergadering).where(
                col(Vergadering.id).in_(ids), col(Vergadering.sleutel).is_(None)), portal):
            self.db_meetings[portal[v.id]] = v
        self.db_bodies: dict[int, list[Orgaan]] = {v.id: [] for v in self.db_meetings.values()}
        for meeting_id, orgaan in _chunked(self.s, lambda ids: select(VergaderingOrgaan.vergadering_id, Orgaan).join(
                Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id).where(
                col(VergaderingOrgaan.vergadering_id).in_(ids)), list(self.db_bodies)):
            self.db_bodies[meeting_id].append(orgaan)
        for m in self.meetings:
            row = self.db_meetings.get(m.key)
            if row is None or row.deleted_at is not None:
                continue
            had = {self._owner_of(o) for o in self.db_bodies[row.id]}
            new = {owner for slug in m.slugs if (owner := self._owner(slug)) is not None} - had
            if had and new:
                self.problem(m.loc + (("id",) if m.model.id is not None else ()),
                             f"vergadering {m.key} is van {', '.join(sorted(map(self._owner_label, had)))}; "
                             f"een import geeft haar niet aan {', '.join(sorted(map(self._owner_label, new)))}. "
                             "Is het een andere vergadering, geef haar dan een andere `id`")

    def _declare(self, o: _O) -> None:
        if o.slug in self.declared:
            first = self.declared[o.slug]
            self.problem(o.loc, f"orgaanslug {o.slug} komt twee keer voor: ook {first.label} "
                                f"({format_loc(first.loc)})")
            return
        if len(o.slug) > 120:
            self.problem(o.loc, "de volledige slug van het orgaan is langer dan 120 tekens")
            return
        self.declared[o.slug] = o

    def _add_meeting(self, loc: Loc, m: s.Vergadering, slugs: list[str], keys_seen: dict[str, Loc],
                     titled: bool = True) -> None:
        key = m.id if m.id is not None else meeting_key(slugs, m.start)
        if key in keys_seen:
            hint = "" if m.id is not None else "; dezelfde organen beginnen op hetzelfde tijdstip (geef een `id`)"
            self.problem(loc + (("id",) if m.id is not None else ()),
                         f"vergadering {key} komt twee keer voor (ook in {format_loc(keys_seen[key])}){hint}")
            return
        keys_seen[key] = loc
        self.meetings.append(_M(loc, m, key, list(dict.fromkeys(slugs)), titled))

    def _check_gemeente(self, loc: Loc, code: str) -> None:
        if code not in self.gemeenten and code not in self.db_gemeenten:
            self.problem(loc, f"onbekende gemeentecode {code}; noem de gemeente onder `gemeenten`")

    def _check_fractie(self, loc: Loc, code: str | None, naam: str) -> None:
        if code is None:
            self.problem(loc, "een fractie hoort bij een gemeente: geef ook `gemeente`")
            return
        if code not in self.gemeenten and code not in self.db_gemeenten:
            return  # already reported as an unknown gemeente
        known = self.fractie_names.get(code, set())
        if naam not in known:
            g = self.gemeenten.get(code)
            naam_g = g.model.naam if g else self.db_gemeenten[code].naam
            listed = ", ".join(sorted(known)) or "geen"
            self.problem(loc, f"onbekende fractie ‘{naam}’ in {naam_g} (bekend: {listed})")

    def _persoon_gemeente(self, sleutel: str) -> str | None:
        if sleutel in self.personen and "gemeente" in self.personen[sleutel][1].model_fields_set:
            return self.personen[sleutel][1].gemeente
        row = self.db_personen.get(sleutel)
        return self.gemeente_code_by_id.get(row.gemeente_id) if row is not None and row.gemeente_id else None

    # -- stage 3: writes -----------------------------------------------------------------------------

    def write(self) -> ImportSummary:
        with self.s.no_autoflush:
            self._write_gemeenten()
            self._write_fracties()
            self._write_recessen()
            self._write_regelingen()
            self.s.flush()
            self._write_organen()
            self._write_deelnames()
            self.s.flush()
            self._write_personen()
            self.s.flush()
            self._write_lidmaatschappen()
            self._write_vergaderingen()
            self.s.flush()
            self._write_voorstellen()
            self.s.flush()
        return self.summary

    def _upsert(self, kind: str, row, values: dict) -> None:
        if _apply(row, values):
            self.s.add(row)
            self.summary.count(kind, "updated")
        else:
            self.summary.count(kind, "unchanged")

    def _create(self, kind: str, row):
        self.s.add(row)
        self.summary.count(kind, "created")
        return row

    def _write_gemeenten(self) -> None:
        self.gemeente_rows = dict(self.db_gemeenten)
        for code, g in self.gemeenten.items():
            m = g.model
            values = {"naam": m.naam, "provincie": m.provincie, "inwoners": m.inwoners}
            if "vergaderdag" in m.model_fields_set:
                values["vergaderdag"] = s.WEEKDAGEN.index(m.vergaderdag) if m.vergaderdag else None
            if m.planning is not None:  # only the rules the file names; the others keep their value
                values.update({name: getattr(m.planning, name) for name in m.planning.model_fields_set})
            if self.demo is not None:
                values["demo"] = self.demo
            if g.row is None:
                self.gemeente_rows[code] = self._create("gemeenten", Gemeente(code=code, slug=g.slug, **values))
            else:
                self._upsert("gemeenten", g.row, values)
        self.s.flush()

    def _write_fracties(self) -> None:
        self.fracties = dict(self.db_fracties)
        for code, g in self.gemeenten.items():
            gemeente_id = self.gemeente_rows[code].id
            for f in g.model.fracties:
                row = self.fracties.get((gemeente_id, f.naam))
                if row is None:
                    row = self._create("fracties", Fractie(gemeente_id=gemeente_id, naam=f.naam, zetels=f.zetels))
                    self.fracties[(gemeente_id, f.naam)] = row
                else:
                    self._upsert("fracties", row, {"zetels": f.zetels})
        self.s.flush()

    def _write_recessen(self) -> None:
        replacing = {self.gemeente_rows[code].id: g.model.reces for code, g in self.gemeenten.items()
                     if g.model.reces is not None}
        # The file's set replaces the current one: a recess it drops is soft-deleted (the open data reports
        # it), one it brings back is revived, so importing the same file again changes nothing.
        live: dict[tuple, list[Reces]] = {}
        dead: dict[tuple, list[Reces]] = {}
        for row in _chunked(self.s, lambda ids: select(Reces).where(col(Reces.gemeente_id).in_(ids))
                            .order_by(Reces.id), replacing):
            key = (row.gemeente_id, row.naam, row.van, row.tot)
            (live if row.deleted_at is None else dead).setdefault(key, []).append(row)
        for gemeente_id, recessen in replacing.items():
            for r in recessen:
                key = (gemeente_id, r.naam, r.van, r.tot)
                if live.get(key):
                    live[key].pop()
                    self.summary.count("recessen", "unchanged")
                elif dead.get(key):
                    row = dead[key].pop()
                    row.deleted_at = None
                    self._create("recessen", row)
                else:
                    self._create("recessen", Reces(gemeente_id=gemeente_id, naam=r.naam, van=r.van, tot=r.tot))
        for row in (row for rows in live.values() for row in rows):
            row.deleted_at = utcnow()
            self.s.add(row)
            self.summary.count("recessen", "removed")

    def _write_regelingen(self) -> None:
        self.regeling_rows = dict(self.db_regelingen)
        for r in self.doc.regelingen:
            values = {"naam": r.naam, "vorm": r.vorm}
            if "synchronisatie" in r.model_fields_set:
                values["synchronisatie"] = r.synchronisatie
            if r.termijnen is not None:  # the file's terms replace the stored ones as a whole
                values["termijnen"] = dict(r.termijnen)
            if self.demo is not None:
                values["demo"] = self.demo
            row = self.regeling_rows.get(r.slug)
            if row is None:
                self.regeling_rows[r.slug] = self._create("regelingen", Regeling(slug=r.slug, **values))
            else:
                self._upsert("regelingen", row, values)

    def _write_organen(self) -> None:
        self.organen = dict(self.db_organen)
        for slug, o in self.declared.items():
            kind, key = o.owner
            owner = ({"gemeente_id": self.gemeente_rows[key].id} if kind == "gemeente"
                     else {"regeling_id": self.regeling_rows[key].id})
            values = {"naam": o.naam} | ({"soort": o.soort} if o.soort is not None else {}) | o.values
            row = self.organen.get(slug)
            if row is None:
                fields = {"soort": Soort.commissie} | values | owner
                self.organen[slug] = self._create("organen", Orgaan(slug=slug, **fields))
            elif o.update_existing:
                self._upsert("organen", row, values)
            else:
                self.summary.count("organen", "unchanged")

    def _write_deelnames(self) -> None:
        regeling_ids = [self.regeling_rows[r.slug].id for r in self.doc.regelingen if r.deelnemers]
        existing = {(d.regeling_id, d.gemeente_id): d for d in _chunked(
            self.s, lambda ids: select(Deelname).where(col(Deelname.regeling_id).in_(ids)), regeling_ids)}
        for r in self.doc.regelingen:
            regeling_id = self.regeling_rows[r.slug].id
            for d in r.deelnemers:
                gemeente_id = self.gemeente_rows[d.gemeente].id
                values = {"inwoners": d.inwoners}
                if "bijdrage" in d.model_fields_set:
                    values["bijdrage"] = d.bijdrage
                row = existing.get((regeling_id, gemeente_id))
                if row is None:
                    self._create("deelnames", Deelname(regeling_id=regeling_id, gemeente_id=gemeente_id, **values))
                else:
                    self._upsert("deelnames", row, values)

    def _write_personen(self) -> None:
        self.persoon_rows = dict(self.db_personen)
        for sleutel, (_, p) in self.personen.items():
            values: dict[str, Any] = {"naam": p.naam}
            if "gemeente" in p.model_fields_set:  # gemeente and fractie go together
                gemeente_id = self.gemeente_rows[p.gemeente].id if p.gemeente else None
                values["gemeente_id"] = gemeente_id
                values["fractie_id"] = self.fracties[(gemeente_id, p.fractie)].id if p.fractie else None
            row = self.persoon_rows.get(sleutel)
            if row is None:
                self.persoon_rows[sleutel] = self._create("personen", Persoon(sleutel=sleutel, **values))
            else:
                self._upsert("personen", row, values)

    def _write_lidmaatschappen(self) -> None:
        persoon_ids = [self.persoon_rows[k].id for k in self.persoon_rows]
        existing: dict[tuple, Lidmaatschap] = {}
        for row in _chunked(self.s, lambda ids: select(Lidmaatschap).where(
                col(Lidmaatschap.persoon_id).in_(ids)).order_by(Lidmaatschap.id), persoon_ids):
            existing.setdefault((row.persoon_id, row.orgaan_id, row.rol, row.start), row)

        def upsert(persoon: Persoon, orgaan: Orgaan, rol: Rol, start, values: dict, defaults: dict) -> None:
            key = (persoon.id, orgaan.id, rol, start)
            row = existing.get(key)
            if row is None:
                existing[key] = self._create("lidmaatschappen", Lidmaatschap(
                    persoon_id=persoon.id, orgaan_id=orgaan.id, rol=rol, start=start, **defaults | values))
            else:
                self._upsert("lidmaatschappen", row, values)

        # A persoon with a gemeente sits in its raad.
        for sleutel, (_, p) in self.personen.items():
            if "gemeente" not in p.model_fields_set or p.gemeente is None:
                continue
            persoon = self.persoon_rows[sleutel]
            raad = self.organen[self.raad_slug[p.gemeente]]
            upsert(persoon, raad, Rol.lid, None,
                   {"gemeente_id": persoon.gemeente_id, "fractie_id": persoon.fractie_id}, {})
        for r in self.doc.regelingen:
            for o in r.organen:
                orgaan = self.organen[o.slug]
                for lid in o.leden:
                    persoon = self.persoon_rows[lid.persoon]
                    gemeente_id = self.gemeente_rows[lid.gemeente].id if lid.gemeente else persoon.gemeente_id
                    if lid.fractie is not None:
                        fractie_id = self.fracties[(gemeente_id, lid.fractie)].id
                    else:  # the persoon's fractie, if the lid speaks for the persoon's own gemeente
                        fractie_id = persoon.fractie_id if gemeente_id == persoon.gemeente_id else None
                    values = {"gemeente_id": gemeente_id, "fractie_id": fractie_id}
                    if "stemgewicht" in lid.model_fields_set:
                        values["stemgewicht"] = lid.stemgewicht
                    if "tot" in lid.model_fields_set:
                        values["einde"] = lid.tot
                    upsert(persoon, orgaan, lid.rol, lid.van, values, {})

    def _write_vergaderingen(self) -> None:
        created: list[tuple[Vergadering, list[Orgaan]]] = []
        kept: list[tuple[Vergadering, _M]] = []
        for m in self.meetings:
            v = m.model
            values: dict[str, Any] = {"start": v.start, "einde": v.einde}
            for name, column in (("naam", "naam"), ("locatie", "locatie"), ("online", "online_url"),
                                 ("openbaar", "openbaar"), ("status", "status")):
                if name in v.model_fields_set and (name != "naam" or m.titled):
                    value = getattr(v, name)
                    values[column] = str(value) if name == "online" and value is not None else value
            if "geo" in v.model_fields_set:
                values["breedtegraad"], values["lengtegraad"] = v.geo or (None, None)
            organen = [self.organen[slug] for slug in m.slugs]
            row = self.db_meetings.get(m.key)
            if row is None:
                row = self._create("vergaderingen", Vergadering(sleutel=m.key, **values))
                created.append((row, organen))
            elif row.deleted_at is not None:  # deleted in the portal: the import does not bring it back
                self.summary.count("vergaderingen", "unchanged")
                continue
            else:
                try:  # the one versioned way to change a meeting: a concurrent edit in the portal wins
                    changed = apply_changes(self.s, row, versie=row.versie, changes=values, organen=organen,
                                            current_organen=self.db_bodies[row.id])
                except Conflict:
                    raise Conflict(f"Vergadering {m.key} ({format_loc(m.loc)}) is tijdens het importeren in de "
                                   "portal gewijzigd; er is niets geïmporteerd. Importeer het bestand opnieuw.",
                                   errors=[{"name": format_loc(m.loc), "reason": "intussen gewijzigd"}]) from None
                self.summary.count("vergaderingen", "updated" if changed else "unchanged")
            kept.append((row, m))
        self.s.flush()
        self.meeting_ids = {m.key: row.id for row, m in kept}
        self.s.add_all(VergaderingOrgaan(vergadering_id=row.id, orgaan_id=o.id) for row, organen in created
                       for o in organen)
        self._write_agendapunten([(row, m) for row, m in kept if m.model.agenda is not None])

    def _write_agendapunten(self, meetings: list[tuple[Vergadering, _M]]) -> None:
        existing = {(a.vergadering_id, a.volgorde): a for a in _chunked(
            self.s, lambda ids: select(Agendapunt).where(col(Agendapunt.vergadering_id).in_(ids)),
            [row.id for row, _ in meetings])}
        for row, m in meetings:
            for volgorde, punt in enumerate(m.model.agenda or [], start=1):
                values: dict[str, Any] = {"titel": punt.titel}
                for name in ("nummer", "openbaar"):
                    if name in punt.model_fields_set:
                        values[name] = getattr(punt, name)
                current = existing.get((row.id, volgorde))
                if current is None:
                    self._create("agendapunten", Agendapunt(vergadering_id=row.id, volgorde=volgorde, **values))
                elif current.deleted_at is not None:
                    self.summary.count("agendapunten", "unchanged")
                else:
                    self._upsert("agendapunten", current, values)

    def _write_voorstellen(self) -> None:
        written: list[tuple[Voorstel, s.Voorstel]] = []
        for v in self.voorstellen:
            m = v.model
            values: dict[str, Any] = {"titel": m.titel}
            for name in ("soort", "domein", "beschikbaar", "uiterlijk", "toelichting"):
                if name in m.model_fields_set:
                    values[name] = getattr(m, name)
            row = self.db_voorstellen.get(m.id)
            if row is None:
                row = self._create("voorstellen", Voorstel(
                    regeling_id=self.regeling_rows[v.regeling].id, sleutel=m.id, **values))
            elif row.deleted_at is not None:  # deleted in the portal: the import does not bring it back
                self.summary.count("voorstellen", "unchanged")
                continue
            else:
                self._upsert("voorstellen", row, values)
            written.append((row, m))
        self.s.flush()
        self._write_afmeldingen([(row, m.zonder) for row, m in written if m.zonder is not None])
        self._write_behandelingen([(row, m.behandelingen) for row, m in written if m.behandelingen is not None])

    def _write_afmeldingen(self, voorstellen: list[tuple[Voorstel, list[str]]]) -> None:
        # Like recesses: the file's list replaces the stored opt-outs; a dropped one is soft-deleted and one
        # named again comes back (the pair is unique, so the old row is revived rather than duplicated).
        existing: dict[int, dict[int, Afmelding]] = {}
        for a in _chunked(self.s, lambda ids: select(Afmelding).where(col(Afmelding.voorstel_id).in_(ids)),
                          [row.id for row, _ in voorstellen]):
            existing.setdefault(a.voorstel_id, {})[a.gemeente_id] = a
        for row, codes in voorstellen:
            stored = existing.get(row.id, {})
            wanted = {self.gemeente_rows[code].id for code in codes}
            for gemeente_id in sorted(wanted):
                current = stored.get(gemeente_id)
                if current is None:
                    self._create("afmeldingen", Afmelding(voorstel_id=row.id, gemeente_id=gemeente_id))
                elif current.deleted_at is not None:
                    current.deleted_at = None
                    self._create("afmeldingen", current)
                else:
                    self.summary.count("afmeldingen", "unchanged")
            for gemeente_id, current in stored.items():
                if gemeente_id not in wanted and current.deleted_at is None:
                    current.deleted_at = utcnow()
                    self.s.add(current)
                    self.summary.count("afmeldingen", "removed")

    def _write_behandelingen(self, voorstellen: list[tuple[Voorstel, list[s.Behandeling]]]) -> None:
        existing: dict[tuple, Behandeling] = {}
        for b in _chunked(self.s, lambda ids: select(Behandeling).where(col(Behandeling.voorstel_id).in_(ids))
                          .order_by(Behandeling.id), [row.id for row, _ in voorstellen]):
            key = (b.voorstel_id, b.orgaan_id, b.rol)
            if key not in existing or (existing[key].deleted_at is not None and b.deleted_at is None):
                existing[key] = b  # the first live one; a deleted one only when none lives
        for row, behandelingen in voorstellen:
            for b in behandelingen:
                orgaan_id = self.organen[b.orgaan].id
                values: dict[str, Any] = {}
                if "vergadering" in b.model_fields_set:
                    key = b.vergadering
                    values["vergadering_id"] = (None if key is None
                                                else self.meeting_ids.get(key) or self.db_meetings[key].id)
                current = existing.get((row.id, orgaan_id, b.rol))
                if current is None:
                    existing[(row.id, orgaan_id, b.rol)] = self._create("behandelingen", Behandeling(
                        voorstel_id=row.id, orgaan_id=orgaan_id, rol=b.rol, **values))
                elif current.deleted_at is not None:  # deleted in the portal: the import does not bring it back
                    self.summary.count("behandelingen", "unchanged")
                else:
                    self._upsert("behandelingen", current, values)


# --- public API ----------------------------------------------------------------------------------------


def _validate(data: Any, lines: Callable[[Loc], int | None], source: str) -> s.ImportDocument:
    if data is None:
        _raise([((), "het bestand is leeg")], lines, source)
    try:
        return s.ImportDocument.model_validate(data)
    except ValidationError as exc:
        # pydantic marks a refused mapping key with a last part "[key]": the key itself is the place.
        problems = [(tuple(p for p in e["loc"] if p != "[key]"), _message(e)) for e in exc.errors(include_url=False)]
        _raise(problems, lines, source)
        raise  # unreachable: _raise always raises


def _run(session: Session, data: Any, *, source: str, demo: bool | None,
         lines: Callable[[Loc], int | None]) -> ImportSummary:
    doc = data if isinstance(data, s.ImportDocument) else _validate(data, lines, source)
    job = _Import(session, doc, demo)
    with session.no_autoflush:
        job.check()
    if job.problems:
        _raise(job.problems, lines, source)
    label = source or "Het importbestand"
    try:
        with session.begin_nested():  # all or nothing, also inside the caller's transaction
            summary = job.write()
    except sa.exc.IntegrityError:
        # Validation saw a consistent database; only a concurrent change can make a key clash now.
        raise Conflict(f"{label} botst met een gelijktijdige wijziging in de database; "
                       "er is niets gewijzigd. Probeer het opnieuw.") from None
    except sa.exc.DBAPIError:
        raise Invalid(f"{label} is niet geïmporteerd; er is niets gewijzigd. De database weigerde een waarde "
                      "(bijvoorbeeld een getal dat te groot is).") from None
    summary.source = source
    return summary


def import_document(session: Session, data: dict | s.ImportDocument, *, source: str = "",
                    demo: bool | None = None) -> ImportSummary:
    """Import parsed data. Flushes, never commits. ``demo`` overrides the file's own `demo` flag.

    Raises Invalid, listing every problem by its path in the document, before anything is written.
    """
    return _run(session, data, source=source, demo=demo, lines=_no_lines)


def import_path(session: Session, path: Path, *, demo: bool | None = None) -> ImportSummary:
    """Import a YAML or JSON file (JSON when the name ends in .json). Errors name the path and line."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise  # the command line reports it as such
    except OSError as exc:
        raise Invalid(f"{path} kan niet worden gelezen: {exc.strerror or exc}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Invalid(f"{path.name} is geen UTF-8-tekst (byte {exc.start}); sla het bestand op als UTF-8.") from None
    data, lines = parse_text(text, name=path.name, json_format=path.suffix.lower() == ".json")
    return _run(session, data, source=path.name, demo=demo, lines=lines)
