"""Which rows each OParl list holds, and the related rows each page needs, loaded in batches.

A list page runs a fixed number of queries whatever its length: one count, one page of rows, and per object
type a fixed set of batch loads (``IN`` over the page's ids), never one query per row.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, tzinfo

import sqlalchemy as sa
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from app.config import Settings
from app.db import UTCDateTime
from app.gemeenten.models import Fractie, Gemeente, Persoon
from app.oparl import mapping as m
from app.oparl.mapping import BodyKey, Urls
from app.organen.models import Lidmaatschap, Orgaan, Soort
from app.regelingen.models import Deelname, Regeling
from app.vergaderingen.models import Agendapunt, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Behandeling, Document, Voorstel, VoorstelFase
from app.web.urls import page_url


@dataclass(frozen=True)
class Filters:
    created_since: datetime | None = None
    created_until: datetime | None = None
    modified_since: datetime | None = None
    modified_until: datetime | None = None

    @property
    def with_deleted(self) -> bool:
        """OParl clients that sync ask with ``modified_since``: then they hear of deletions too."""
        return self.modified_since is not None


@dataclass
class Context:
    session: Session
    settings: Settings
    urls: Urls
    listed_under: BodyKey | None = None  # the Body whose list is being served, if any

    @property
    def tz(self) -> tzinfo:
        return self.settings.tz

    def page(self, collection: str, key: object) -> str:
        return page_url(self.settings.base_url, collection, key)


def _live(model):
    return col(model.deleted_at).is_(None)


def _public_voorstel():
    return sa.and_(_live(Voorstel), Voorstel.fase != VoorstelFase.concept)


# --- which rows belong to a Body -------------------------------------------------------------------------

def own_organen(key: BodyKey):
    column = Orgaan.gemeente_id if key.kind == "gemeente" else Orgaan.regeling_id
    return sa.select(Orgaan.id).where(column == key.id)


def _external_organen(key: BodyKey):
    """Organen of other Bodies listed under this one (with ``externalBody``)."""
    if key.kind == "gemeente":
        # The bodies of every regeling the gemeente takes part in: its council members sit in them.
        regelingen = sa.select(Deelname.regeling_id).where(Deelname.gemeente_id == key.id, _live(Deelname))
        return sa.select(Orgaan.id).where(col(Orgaan.regeling_id).in_(regelingen))
    # The councils (and their committees) that handle the regeling's voorstellen or meet with its bodies.
    handling = (sa.select(Behandeling.orgaan_id).join(Voorstel, Voorstel.id == Behandeling.voorstel_id)
                .where(Voorstel.regeling_id == key.id, _live(Behandeling)))
    eigen, andere = aliased(VergaderingOrgaan), aliased(VergaderingOrgaan)
    joint = (sa.select(andere.orgaan_id)
             .join(eigen, eigen.vergadering_id == andere.vergadering_id)
             .where(col(eigen.orgaan_id).in_(own_organen(key))))
    return sa.select(Orgaan.id).where(col(Orgaan.gemeente_id).is_not(None),
                                      sa.or_(col(Orgaan.id).in_(handling), col(Orgaan.id).in_(joint)))


def _meetings_of(key: BodyKey):
    return sa.select(VergaderingOrgaan.vergadering_id).where(col(VergaderingOrgaan.orgaan_id).in_(own_organen(key)))


def _papers_of(key: BodyKey):
    if key.kind == "regeling":
        return sa.select(Voorstel.id).where(Voorstel.regeling_id == key.id)
    return sa.select(Behandeling.voorstel_id).where(col(Behandeling.orgaan_id).in_(own_organen(key)),
                                                    _live(Behandeling))


SCOPES: dict[str, Callable[[BodyKey], sa.ColumnElement]] = {
    "organizations": lambda k: sa.or_(col(Orgaan.id).in_(own_organen(k)), col(Orgaan.id).in_(_external_organen(k))),
    "persons": lambda k: (Persoon.gemeente_id == k.id) if k.kind == "gemeente" else col(Persoon.id).in_(
        sa.select(Lidmaatschap.persoon_id).where(col(Lidmaatschap.orgaan_id).in_(own_organen(k)),
                                                 _live(Lidmaatschap))),
    "memberships": lambda k: col(Lidmaatschap.orgaan_id).in_(own_organen(k)),
    "meetings": lambda k: col(Vergadering.id).in_(_meetings_of(k)),
    "agendaitems": lambda k: col(Agendapunt.vergadering_id).in_(_meetings_of(k)),
    "papers": lambda k: col(Voorstel.id).in_(_papers_of(k)),
    "consultations": lambda k: col(Behandeling.voorstel_id).in_(
        sa.select(Voorstel.id).where(Voorstel.regeling_id == k.id)) if k.kind == "regeling"
    else col(Behandeling.orgaan_id).in_(own_organen(k)),
    "files": lambda k: col(Document.voorstel_id).in_(_papers_of(k)),
    "locations": lambda k: col(Vergadering.id).in_(_meetings_of(k)),
}


# --- every type: its table, what is public, how a page of rows becomes objects ---------------------------

def _memberships_by(session: Session, column, ids: list[int]) -> dict[int, list[Lidmaatschap]]:
    rows = session.exec(sa.select(Lidmaatschap).where(col(column).in_(ids), _live(Lidmaatschap))
                        .order_by(Lidmaatschap.id)).scalars()
    grouped: dict[int, list[Lidmaatschap]] = defaultdict(list)
    for row in rows:
        grouped[getattr(row, column.key)].append(row)
    return grouped


def _councils(session: Session, gemeente_ids: set[int]) -> dict[int, int]:
    """The council (raad) of each gemeente: what a member who sits for that gemeente acts on behalf of."""
    rows = session.exec(sa.select(Orgaan.gemeente_id, Orgaan.id).where(
        col(Orgaan.gemeente_id).in_(sorted(gemeente_ids)), Orgaan.soort == Soort.raad, _live(Orgaan))
        .order_by(Orgaan.id)).all()
    councils: dict[int, int] = {}
    for gemeente_id, orgaan_id in rows:
        councils.setdefault(gemeente_id, orgaan_id)
    return councils


def _membership_objects(ctx: Context, rows: list[Lidmaatschap]) -> list[dict]:
    councils = _councils(ctx.session, {r.gemeente_id for r in rows if r.gemeente_id})
    return [m.membership(ctx.urls, r, on_behalf_of=m.on_behalf_of(ctx.urls, r, councils), tz=ctx.tz) for r in rows]


def render_organizations(ctx: Context, rows: list[Orgaan]) -> list[dict]:
    members = _memberships_by(ctx.session, Lidmaatschap.orgaan_id, [r.id for r in rows])
    out = []
    for row in rows:
        ids = [x.id for x in members.get(row.id, [])]
        website = ctx.page("organen", row.slug)
        if ctx.listed_under is not None and BodyKey.of_orgaan(row) != ctx.listed_under:
            out.append(m.external_organization(ctx.urls, row, listed_under=ctx.listed_under, membership_ids=ids,
                                               website=website, tz=ctx.tz))
        else:
            out.append(m.organization(ctx.urls, row, membership_ids=ids, website=website, tz=ctx.tz))
    return out


def render_fracties(ctx: Context, rows: list[Fractie]) -> list[dict]:
    return [m.faction(ctx.urls, r, tz=ctx.tz) for r in rows]


def render_persons(ctx: Context, rows: list[Persoon]) -> list[dict]:
    members = _memberships_by(ctx.session, Lidmaatschap.persoon_id, [r.id for r in rows])
    flat = [x for r in rows for x in members.get(r.id, [])]
    objects = dict(zip([x.id for x in flat], _membership_objects(ctx, flat), strict=True))
    return [m.person(ctx.urls, r, memberships=[objects[x.id] for x in members.get(r.id, [])], tz=ctx.tz)
            for r in rows]


def render_memberships(ctx: Context, rows: list[Lidmaatschap]) -> list[dict]:
    return _membership_objects(ctx, rows)


def _meeting_organen(session: Session, ids: list[int]) -> dict[int, list[Orgaan]]:
    rows = session.exec(sa.select(VergaderingOrgaan.vergadering_id, Orgaan)
                        .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
                        .where(col(VergaderingOrgaan.vergadering_id).in_(ids))
                        .order_by(VergaderingOrgaan.vergadering_id, Orgaan.id)).all()
    grouped: dict[int, list[Orgaan]] = defaultdict(list)
    for vergadering_id, orgaan in rows:
        grouped[vergadering_id].append(orgaan)
    return grouped


def _consultations_by_item(session: Session, item_ids: list[int]) -> dict[int, Behandeling]:
    rows = session.exec(sa.select(Behandeling).join(Voorstel, Voorstel.id == Behandeling.voorstel_id)
                        .where(col(Behandeling.agendapunt_id).in_(item_ids), _live(Behandeling), _public_voorstel())
                        .order_by(Behandeling.id)).scalars()
    found: dict[int, Behandeling] = {}
    for row in rows:
        found.setdefault(row.agendapunt_id, row)
    return found


def _location_of(ctx: Context, row: Vergadering, organen: list[Orgaan]) -> dict | None:
    if not m.has_location(row):
        return None
    bodies = list(dict.fromkeys(BodyKey.of_orgaan(o) for o in organen))
    return m.location(ctx.urls, row, bodies=bodies, organen=[o.id for o in organen], tz=ctx.tz)


def render_meetings(ctx: Context, rows: list[Vergadering]) -> list[dict]:
    ids = [r.id for r in rows]
    organen = _meeting_organen(ctx.session, ids)
    items = ctx.session.exec(sa.select(Agendapunt).where(col(Agendapunt.vergadering_id).in_(ids), _live(Agendapunt))
                             .order_by(Agendapunt.vergadering_id, Agendapunt.volgorde, Agendapunt.id)).scalars().all()
    consultations = _consultations_by_item(ctx.session, [i.id for i in items])
    agenda: dict[int, list[dict]] = defaultdict(list)
    for item in items:
        agenda[item.vergadering_id].append(m.agenda_item(ctx.urls, item, consultation=consultations.get(item.id),
                                                         tz=ctx.tz))
    return [m.meeting(ctx.urls, r, organen=[o.id for o in organen.get(r.id, [])],
                      organen_names=[o.naam for o in organen.get(r.id, [])], agenda=agenda.get(r.id, []),
                      location_obj=_location_of(ctx, r, organen.get(r.id, [])),
                      web=ctx.page("vergaderingen", r.id), tz=ctx.tz) for r in rows]


def render_locations(ctx: Context, rows: list[Vergadering]) -> list[dict]:
    organen = _meeting_organen(ctx.session, [r.id for r in rows])
    return [_location_of(ctx, r, organen.get(r.id, [])) for r in rows]


def render_agendaitems(ctx: Context, rows: list[Agendapunt]) -> list[dict]:
    consultations = _consultations_by_item(ctx.session, [r.id for r in rows])
    return [m.agenda_item(ctx.urls, r, consultation=consultations.get(r.id), tz=ctx.tz) for r in rows]


def render_papers(ctx: Context, rows: list[Voorstel]) -> list[dict]:
    ids = [r.id for r in rows]
    behandelingen = ctx.session.exec(sa.select(Behandeling).where(col(Behandeling.voorstel_id).in_(ids),
                                                                  _live(Behandeling))
                                     .order_by(Behandeling.id)).scalars()
    documents = ctx.session.exec(sa.select(Document).where(col(Document.voorstel_id).in_(ids), _live(Document))
                                 .order_by(Document.id)).scalars()
    consultations: dict[int, list[dict]] = defaultdict(list)
    for b in behandelingen:
        consultations[b.voorstel_id].append(m.consultation(ctx.urls, b, tz=ctx.tz))
    files: dict[int, list[dict]] = defaultdict(list)
    for d in documents:
        files[d.voorstel_id].append(m.file(ctx.urls, d, tz=ctx.tz))
    return [m.paper(ctx.urls, r, consultations=consultations.get(r.id, []), files=files.get(r.id, []),
                    web=ctx.page("voorstellen", r.id), tz=ctx.tz) for r in rows]


def render_consultations(ctx: Context, rows: list[Behandeling]) -> list[dict]:
    return [m.consultation(ctx.urls, r, tz=ctx.tz) for r in rows]


def render_files(ctx: Context, rows: list[Document]) -> list[dict]:
    return [m.file(ctx.urls, r, tz=ctx.tz) for r in rows]


@dataclass(frozen=True)
class Kind:
    model: type
    type_name: str
    render: Callable[[Context, list], list[dict]]
    public: Callable[[], sa.ColumnElement] | None = None  # rows never shown, not even as deleted
    # Embedded rows (table, foreign key to this one): a change to them is a change to this object.
    children: tuple[tuple[type, str], ...] = ()

    def modified(self) -> sa.ColumnElement:
        """When the object last changed: its row, or later, a row it embeds (an agenda item of a meeting, a
        membership of a person). The ``modified`` it shows and the one the filters test, so a client that
        syncs with ``modified_since`` hears of a changed or deleted agenda item through its meeting."""
        expr = self.model.modified_at
        for child, key in self.children:
            latest = (sa.select(sa.func.max(child.modified_at)).where(getattr(child, key) == self.model.id)
                      .scalar_subquery())
            expr = sa.case((latest > expr, latest), else_=expr)
        return sa.type_coerce(expr, UTCDateTime())


KINDS: dict[str, Kind] = {
    "organizations": Kind(Orgaan, "Organization", render_organizations,
                          children=((Lidmaatschap, "orgaan_id"),)),
    "persons": Kind(Persoon, "Person", render_persons, children=((Lidmaatschap, "persoon_id"),)),
    "memberships": Kind(Lidmaatschap, "Membership", render_memberships),
    "meetings": Kind(Vergadering, "Meeting", render_meetings, children=((Agendapunt, "vergadering_id"),)),
    "agendaitems": Kind(Agendapunt, "AgendaItem", render_agendaitems),
    "papers": Kind(Voorstel, "Paper", render_papers, lambda: Voorstel.fase != VoorstelFase.concept,
                   children=((Behandeling, "voorstel_id"), (Document, "voorstel_id"))),
    "consultations": Kind(Behandeling, "Consultation", render_consultations,
                          lambda: col(Behandeling.voorstel_id).in_(
                              sa.select(Voorstel.id).where(Voorstel.fase != VoorstelFase.concept))),
    "files": Kind(Document, "File", render_files,
                  lambda: col(Document.voorstel_id).in_(
                      sa.select(Voorstel.id).where(Voorstel.fase != VoorstelFase.concept))),
    "fracties": Kind(Fractie, "Organization", render_fracties),
    "locations": Kind(Vergadering, "Location", render_locations,
                      lambda: sa.or_(col(Vergadering.locatie).is_not(None),
                                     col(Vergadering.breedtegraad).is_not(None))),
}


def _conditions(kind: Kind, filters: Filters) -> list:
    model = kind.model
    conditions = []
    if kind.public is not None:
        conditions.append(kind.public())
    if not filters.with_deleted:
        conditions.append(col(model.deleted_at).is_(None))
    if filters.created_since:
        conditions.append(model.created_at >= filters.created_since)
    if filters.created_until:
        conditions.append(model.created_at <= filters.created_until)
    if filters.modified_since:
        conditions.append(kind.modified() >= filters.modified_since)
    if filters.modified_until:
        conditions.append(kind.modified() <= filters.modified_until)
    return conditions


def _rows(session: Session, kind: Kind, conditions: list, *, limit: int, offset: int) -> list[tuple]:
    """(row, when it last changed) for one page, ordered by id: a stable order."""
    return list(session.exec(sa.select(kind.model, kind.modified().label("oparl_modified")).where(*conditions)
                             .order_by(kind.model.id)
                             .limit(limit).offset(offset)).all())


def objects(ctx: Context, kind: Kind, rows: list[tuple]) -> list[dict]:
    """Live rows rendered in one batch, deleted ones as OParl's deletion stub, in the rows' order."""
    live = [r for r, _ in rows if r.deleted_at is None]
    rendered = dict(zip([r.id for r in live], kind.render(ctx, live), strict=True))
    out = []
    for row, modified in rows:
        if row.deleted_at is None:
            obj = rendered[row.id]
            if modified is not None and modified > row.modified_at:
                obj["modified"] = m.moment(modified, ctx.tz)
            out.append(obj)
        else:
            stub_id = (ctx.urls.external_organization(ctx.listed_under, row.id)
                       if kind.model is Orgaan and ctx.listed_under and BodyKey.of_orgaan(row) != ctx.listed_under
                       else ctx.urls.object(_collection(kind), row.id))
            out.append(m.deleted_stub(stub_id, kind.type_name, row, ctx.tz))
    return out


def _collection(kind: Kind) -> str:
    return next(name for name, k in KINDS.items() if k is kind)


def list_page(ctx: Context, name: str, key: BodyKey, filters: Filters, *, limit: int, offset: int
              ) -> tuple[list[dict], int]:
    """One page of a Body's list and the list's length: two queries plus the type's fixed batch loads."""
    kind = KINDS[name]
    conditions = [SCOPES[name](key), *_conditions(kind, filters)]
    if name == "organizations" and key.kind == "gemeente":
        # A gemeente's organisations: its organen (and those of its regelingen), then its fracties.
        fracties = KINDS["fracties"]
        (organen, groups), total = _two_tables(
            ctx.session, (kind, conditions),
            (fracties, [Fractie.gemeente_id == key.id, *_conditions(fracties, filters)]), limit=limit, offset=offset)
        return objects(ctx, kind, organen) + objects(ctx, fracties, groups), total
    total = ctx.session.exec(sa.select(sa.func.count()).select_from(kind.model).where(*conditions)).scalar_one()
    return objects(ctx, kind, _rows(ctx.session, kind, conditions, limit=limit, offset=offset)), total


def _two_tables(session: Session, first: tuple[Kind, list], second: tuple[Kind, list], *, limit: int, offset: int
                ) -> tuple[tuple[list, list], int]:
    """One page over the rows of two tables, the first table's (by id) before the second's: a stable order."""
    (kind_a, cond_a), (kind_b, cond_b) = first, second
    n_a = session.exec(sa.select(sa.func.count()).select_from(kind_a.model).where(*cond_a)).scalar_one()
    n_b = session.exec(sa.select(sa.func.count()).select_from(kind_b.model).where(*cond_b)).scalar_one()
    rows_a = _rows(session, kind_a, cond_a, limit=limit, offset=offset)
    rows_b = _rows(session, kind_b, cond_b, limit=max(0, limit - len(rows_a)), offset=max(0, offset - n_a))
    return (rows_a, rows_b), n_a + n_b


def one(ctx: Context, name: str, object_id: int) -> dict | None:
    """One object by its id (a deleted one as its stub: OParl never answers 404 for what once was)."""
    kind = KINDS[name]
    conditions = [kind.model.id == object_id]
    if kind.public is not None:
        conditions.append(kind.public())
    rows = _rows(ctx.session, kind, conditions, limit=1, offset=0)
    return objects(ctx, kind, rows)[0] if rows else None


# --- Bodies ----------------------------------------------------------------------------------------------

def _body_objects(ctx: Context, gemeenten: list[Gemeente], regelingen: list[Regeling]) -> list[dict]:
    councils = _councils(ctx.session, {g.id for g in gemeenten})
    out = []
    for row in [*gemeenten, *regelingen]:
        key = BodyKey("gemeente" if isinstance(row, Gemeente) else "regeling", row.id)
        if row.deleted_at is not None:
            out.append(m.deleted_stub(ctx.urls.body(key), "Body", row, ctx.tz))
        elif isinstance(row, Gemeente):
            out.append(m.body(ctx.urls, row, website=ctx.page("gemeenten", row.slug), tz=ctx.tz,
                              main_organization=councils.get(row.id)))
        else:
            out.append(m.body(ctx.urls, row, website=ctx.page("regelingen", row.slug), tz=ctx.tz))
    return out


BODY_KINDS = {Gemeente: Kind(Gemeente, "Body", lambda c, r: []), Regeling: Kind(Regeling, "Body", lambda c, r: [])}


def bodies_page(ctx: Context, filters: Filters, *, limit: int, offset: int) -> tuple[list[dict], int]:
    """Gemeenten first (by id), then regelingen (by id): a stable order over the two tables."""
    g, r = BODY_KINDS[Gemeente], BODY_KINDS[Regeling]
    (gemeenten, regelingen), total = _two_tables(ctx.session, (g, _conditions(g, filters)),
                                                 (r, _conditions(r, filters)), limit=limit, offset=offset)
    return _body_objects(ctx, [row for row, _ in gemeenten], [row for row, _ in regelingen]), total


def body_row(session: Session, key: BodyKey) -> Gemeente | Regeling | None:
    return session.get(Gemeente if key.kind == "gemeente" else Regeling, key.id)


def one_body(ctx: Context, key: BodyKey) -> dict | None:
    row = body_row(ctx.session, key)
    if row is None:
        return None
    if isinstance(row, Gemeente):
        return _body_objects(ctx, [row], [])[0]
    return _body_objects(ctx, [], [row])[0]


def external_organization(ctx: Context, key: BodyKey, orgaan_id: int) -> dict | None:
    """An orgaan as listed under another Body: only where that Body's list really holds it."""
    kind = KINDS["organizations"]
    rows = _rows(ctx.session, kind, [Orgaan.id == orgaan_id, col(Orgaan.id).in_(_external_organen(key))],
                 limit=1, offset=0)
    if not rows:
        return None
    ctx.listed_under = key
    return objects(ctx, kind, rows)[0]
