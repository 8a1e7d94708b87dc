"""Building and caching the feeds.

A request reads one counter first (``feedstand.stand``, raised by database triggers on every change a feed
could show). While it is unchanged, a worker serves the bytes it built before. When it has moved, the worker
lists the feed's events with their change stamps (its *composition*); an unchanged composition keeps the old
bytes and ETag. Otherwise the feed is assembled from serialised events, and only events whose stamp is new
are rendered again. The feed's Last-Modified comes from its version record (``feedversie``), which every
worker consults when the counter has moved. A worker reads the counter at most every ``feed_stand_ttl``
seconds; beyond that, nothing is trusted that the database has not confirmed, so several workers and a
restart need no coordination.
"""

import hashlib
import threading
import time as clock
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, or_, select

from app.config import Settings
from app.errors import Invalid, NotFound
from app.feeds import ical, selecties, tokens
from app.feeds.announce import PERSONAL_NAME, selection_name, titel
from app.feeds.models import Feedstand, Feedversie
from app.gemeenten.models import Gemeente, Persoon
from app.gemeenten.service import get_gemeente
from app.organen.models import Lidmaatschap, Orgaan, Soort
from app.organen.service import get_orgaan
from app.regelingen.models import Deelname, Regeling
from app.regelingen.service import get_regeling
from app.vergaderingen import service as vergaderingen
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Behandeling, Voorstel, VoorstelFase, VoorstelSoort
from app.web.urls import page_url

MAX_BYTES = 1_000_000
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True)
class Venster:
    """The meetings a feed holds: from ``van`` to ``tot``, and cancelled ones changed since ``annulering``."""

    vandaag: date
    terug: int  # months
    vooruit: int
    van_dag: date
    tot_dag: date
    van: datetime
    tot: datetime
    annulering: datetime
    middernacht: datetime

    @classmethod
    def voor(cls, settings: Settings, now: datetime) -> "Venster":
        vandaag = now.astimezone(settings.tz).date()

        def begin(d: date) -> datetime:
            return datetime.combine(d, time(), settings.tz).astimezone(UTC)

        van, tot = _months(vandaag, -settings.feed_maanden_terug), _months(vandaag, settings.feed_maanden_vooruit)
        return cls(vandaag=vandaag, terug=settings.feed_maanden_terug, vooruit=settings.feed_maanden_vooruit,
                   van_dag=van, tot_dag=tot, van=begin(van), tot=begin(tot),
                   annulering=begin(vandaag - timedelta(days=settings.feed_annulering_dagen)),
                   middernacht=begin(vandaag))


def _months(d: date, n: int) -> date:
    month = d.month - 1 + n
    year, month = d.year + month // 12, month % 12 + 1
    for day in (d.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError(d)


@dataclass(frozen=True)
class Bron:
    """What one feed shows: a set of organen (or a set of regelingen, for deadlines), and how it is named."""

    soort: str
    sleutel: str  # the key in the cache; for a personal feed the token's hash, never the token
    naam: str
    beschrijving: str
    pagina: str
    orgaan_ids: tuple[int, ...] = ()
    regeling_ids: tuple[int, ...] = ()
    prive: bool = False

    @property
    def termijnen(self) -> bool:
        return self.soort.startswith("termijnen")


@dataclass(frozen=True)
class Uitvoer:
    body: bytes
    etag: str
    last_modified: datetime  # whole seconds
    prive: bool
    bestandsnaam: str


@dataclass
class _Entry:
    stand: int
    vingerafdruk: str  # of what the feed was built from (for deadlines: of its bytes)
    kandidaat: datetime  # the latest change the bytes show
    uitvoer: Uitvoer


class FeedCache:
    """Per worker process: serialised events by id and stamp, and built feeds by kind, key and day.

    Both are bounded (least recently used goes first); losing an entry only costs a rebuild.
    """

    def __init__(self, max_event_bytes: int = 64_000_000, max_feed_bytes: int = 64_000_000,
                 stand_ttl: float = 0.0):
        self.stand_ttl = stand_ttl
        self._stand: tuple[float, int] | None = None  # (monotonic time before the read, stand read)
        self._events: OrderedDict[tuple, str] = OrderedDict()
        self._feeds: OrderedDict[tuple, _Entry] = OrderedDict()
        self._event_bytes = self._feed_bytes = 0  # characters of the events; bytes of the feeds
        self._max_event_bytes, self._max_feed_bytes = max_event_bytes, max_feed_bytes
        self._lock = threading.Lock()
        self.rendered = 0  # events serialised since start: tests and the benchmark read it

    def saw_stand(self, since: float, stand: int) -> None:
        with self._lock:
            if self._stand is None or since >= self._stand[0]:
                self._stand = (since, stand)

    def recent_stand(self) -> int | None:
        """The counter as read less than ``stand_ttl`` seconds ago, or None."""
        seen = self._stand
        if seen is None or clock.monotonic() - seen[0] > self.stand_ttl:
            return None
        return seen[1]

    def feed(self, key: tuple) -> _Entry | None:
        with self._lock:
            entry = self._feeds.get(key)
            if entry is not None:
                self._feeds.move_to_end(key)
            return entry

    def store_feed(self, key: tuple, entry: _Entry) -> None:
        with self._lock:
            old = self._feeds.pop(key, None)
            self._feed_bytes += len(entry.uitvoer.body) - (len(old.uitvoer.body) if old else 0)
            self._feeds[key] = entry
            while self._feed_bytes > self._max_feed_bytes and len(self._feeds) > 1:
                self._feed_bytes -= len(self._feeds.popitem(last=False)[1].uitvoer.body)

    def events(self, keys: Iterable[tuple]) -> dict[tuple, str]:
        with self._lock:
            found = {}
            for key in keys:
                text = self._events.get(key)
                if text is not None:
                    self._events.move_to_end(key)
                    found[key] = text
            return found

    def store_events(self, items: dict[tuple, str]) -> None:
        with self._lock:
            self.rendered += len(items)
            for key, text in items.items():
                old = self._events.pop(key, None)
                self._event_bytes += len(text) - (len(old) if old else 0)
                self._events[key] = text
            while self._event_bytes > self._max_event_bytes and self._events:
                self._event_bytes -= len(self._events.popitem(last=False)[1])


def read_stand(session: Session) -> int:
    return session.exec(select(Feedstand.stand).where(Feedstand.id == 1)).one()


# Which feed ----------------------------------------------------------------------------------------------------


def _live(model):
    return col(model.deleted_at).is_(None)


def bron(session: Session, soort: str, sleutel: str, settings: Settings, vandaag: date) -> Bron:
    """The feed of this kind and key; NotFound for an unknown one (and for an unknown or revoked token)."""
    base = settings.base_url
    if soort in ("gemeente", "termijnen-gemeente"):
        g = get_gemeente(session, sleutel)
        regelingen = tuple(session.exec(
            select(Deelname.regeling_id).join(Regeling, Regeling.id == Deelname.regeling_id)
            .where(Deelname.gemeente_id == g.id, _live(Deelname), _live(Regeling)).order_by(Deelname.regeling_id)
        ).all())
        if soort == "termijnen-gemeente":
            return Bron(soort, g.slug, titel(soort, g.naam),
                        f"Zienswijzetermijnen en P&C-mijlpalen van de regelingen waarin gemeente {g.naam} deelneemt.",
                        page_url(base, "gemeenten", g.slug), regeling_ids=regelingen)
        organen = session.exec(
            select(Orgaan.id).where(_live(Orgaan), or_(Orgaan.gemeente_id == g.id,
                                                       col(Orgaan.regeling_id).in_(regelingen or [-1])))
        ).all()
        return Bron(soort, g.slug, titel(soort, g.naam),
                    f"De raad en commissies van {g.naam} en de organen van de regelingen waarin zij deelneemt.",
                    page_url(base, "gemeenten", g.slug), orgaan_ids=tuple(sorted(organen)))
    if soort in ("regeling", "termijnen-regeling"):
        r = get_regeling(session, sleutel)
        if soort == "termijnen-regeling":
            return Bron(soort, r.slug, titel(soort, r.naam), f"Zienswijzetermijnen en P&C-mijlpalen van {r.naam}.",
                        page_url(base, "regelingen", r.slug), regeling_ids=(r.id,))
        organen = session.exec(select(Orgaan.id).where(_live(Orgaan), Orgaan.regeling_id == r.id)).all()
        return Bron(soort, r.slug, titel(soort, r.naam), f"Alle vergaderingen van de organen van {r.naam}.",
                    page_url(base, "regelingen", r.slug), orgaan_ids=tuple(sorted(organen)))
    if soort == "orgaan":
        o = get_orgaan(session, sleutel)
        return Bron(soort, o.slug, titel(soort, o.naam), f"Vergaderingen van {o.naam}.",
                    page_url(base, "organen", o.slug), orgaan_ids=(o.id,))
    if soort == "selectie":
        s = selecties.get_selection(session, sleutel)
        organen = selecties.selection_organen(session, s)
        namen = [o.naam for o in organen]
        return Bron(soort, s.id, selection_name(namen), "Vergaderingen van: " + ", ".join(namen) + ".",
                    f"{base.rstrip('/')}/agenda/selecties/{s.id}", orgaan_ids=tuple(sorted(o.id for o in organen)))
    if soort == "persoonlijk":
        persoon_id = tokens.persoon_for_token(session, sleutel)
        if persoon_id is None:
            raise NotFound("Deze agendalink bestaat niet of is ingetrokken.")
        persoon = session.get(Persoon, persoon_id)
        if persoon.deleted_at is not None:
            raise NotFound("Deze agendalink bestaat niet of is ingetrokken.")
        organen = _persoon_organen(session, persoon, vandaag)
        return Bron(soort, tokens.token_hash(sleutel), PERSONAL_NAME,
                    f"De vergaderingen van de organen waarin {persoon.naam} zit, en van de eigen raad.",
                    f"{base.rstrip('/')}/mijn/agenda", orgaan_ids=organen, prive=True)
    raise NotFound("Deze agenda bestaat niet.")


def _persoon_organen(session: Session, persoon: Persoon, today: date) -> tuple[int, ...]:
    ids = set(session.exec(
        select(Lidmaatschap.orgaan_id).join(Orgaan, Orgaan.id == Lidmaatschap.orgaan_id)
        .where(Lidmaatschap.persoon_id == persoon.id, _live(Lidmaatschap), _live(Orgaan),
               or_(col(Lidmaatschap.start).is_(None), Lidmaatschap.start <= today),
               or_(col(Lidmaatschap.einde).is_(None), Lidmaatschap.einde >= today))
    ).all())
    if persoon.gemeente_id is not None:
        ids |= set(session.exec(select(Orgaan.id).where(
            Orgaan.gemeente_id == persoon.gemeente_id, Orgaan.soort == Soort.raad, _live(Orgaan))).all())
    return tuple(sorted(ids))


# Serving -------------------------------------------------------------------------------------------------------


def serve(session: Session, settings: Settings, cache: FeedCache, soort: str, sleutel: str,
          now: datetime | None = None) -> Uitvoer:
    """The feed's bytes, ETag and Last-Modified, rebuilt only as far as the data changed."""
    since = clock.monotonic()
    stand = read_stand(session)  # first: anything committed after this makes a later request look again
    cache.saw_stand(since, stand)
    venster = Venster.voor(settings, now or datetime.now(UTC))
    cache_key = _cache_key(soort, sleutel, venster.vandaag)
    entry = cache.feed(cache_key)
    if entry is not None and entry.stand == stand:
        return entry.uitvoer
    b = bron(session, soort, sleutel, settings, venster.vandaag)
    if b.termijnen:
        body, kandidaat = _build_termijnen(session, settings, b, venster)
        vingerafdruk = _digest(body)
    else:
        rows = composition(session, b.orgaan_ids, venster)
        structuur = structure_stamp(session)
        vingerafdruk = _digest(repr((b, venster.van, venster.tot, structuur, rows)).encode())
    if entry is not None and entry.vingerafdruk == vingerafdruk:
        body, kandidaat = entry.uitvoer.body, entry.kandidaat  # same bytes; the record says since when
    elif not b.termijnen:
        body, kandidaat = _build(session, settings, cache, b, rows, structuur, venster)
    uitvoer = _versie(session, b, body, kandidaat)
    cache.store_feed(cache_key, _Entry(stand, vingerafdruk, kandidaat, uitvoer))
    return uitvoer


def _versie(session: Session, b: Bron, body: bytes, kandidaat: datetime) -> Uitvoer:
    """The feed with its Last-Modified: kept while its bytes are the same, and later with each change.

    The database holds each feed's last ETag and Last-Modified, so every worker (and a restart) gives the same
    answer, and a change within the second of the last one still moves Last-Modified on. The record is read
    under its row lock (PostgreSQL) or the write lock (SQLite), so two workers cannot both build on an old date.
    On SQLite, a read that began before another write committed ends in ``is_busy``: the route tries again.
    """
    etag = f'"{_digest(body)}"'
    moment = kandidaat.astimezone(UTC).replace(microsecond=0)
    where = (Feedversie.soort == b.soort, Feedversie.sleutel == b.sleutel)
    row = session.execute(select(Feedversie.etag, Feedversie.last_modified).where(*where)).first()
    if row is not None and row.etag == etag:
        return _uitvoer(b, body, etag, row.last_modified)
    insert = (pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert)(Feedversie)
    made = session.execute(insert.values(soort=b.soort, sleutel=b.sleutel, etag=etag, last_modified=moment)
                           .on_conflict_do_nothing(index_elements=["soort", "sleutel"]))
    if made.rowcount == 1:
        return _uitvoer(b, body, etag, moment)
    row = session.execute(select(Feedversie.etag, Feedversie.last_modified).where(*where).with_for_update()).one()
    if row.etag == etag:
        return _uitvoer(b, body, etag, row.last_modified)
    moment = max(moment, row.last_modified + timedelta(seconds=1))
    session.execute(sa.update(Feedversie).where(*where).values(etag=etag, last_modified=moment))
    return _uitvoer(b, body, etag, moment)


def _cache_key(soort: str, sleutel: str, vandaag: date) -> tuple:
    return soort, sleutel if soort != "persoonlijk" else tokens.token_hash(sleutel), vandaag


def cached(settings: Settings, cache: FeedCache, soort: str, sleutel: str) -> Uitvoer | None:
    """Without the database: the feed built before, if the counter was read unchanged within ``stand_ttl``."""
    stand = cache.recent_stand()
    if stand is None:
        return None
    entry = cache.feed(_cache_key(soort, sleutel, datetime.now(settings.tz).date()))
    return entry.uitvoer if entry is not None and entry.stand == stand else None


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass(frozen=True, slots=True)
class Regel:
    """One event of a feed as the composition query sees it: enough to know whether it changed."""

    id: int
    start: datetime
    versie: int
    modified_at: datetime
    agenda_stamp: datetime | None
    agenda_n: int

    @property
    def stamp(self) -> datetime:
        """The last change to the meeting or its agenda (a deleted agenda item included)."""
        return max(self.modified_at, self.agenda_stamp) if self.agenda_stamp else self.modified_at


def composition(session: Session, orgaan_ids: Sequence[int], venster: Venster) -> list[Regel]:
    """The feed's meetings (live; cancelled ones only if changed within the last days) with their change stamps."""
    if not orgaan_ids:
        return []
    # From the feed's bodies to their meetings by index: a join rather than IN (subquery), and each meeting's
    # agenda stamp looked up per meeting rather than aggregated over every meeting the bodies ever held.
    punt = Agendapunt.__table__.alias("punt")
    stamp = select(func.max(punt.c.modified_at)).where(punt.c.vergadering_id == Vergadering.id).scalar_subquery()
    aantal = select(func.count()).where(punt.c.vergadering_id == Vergadering.id).scalar_subquery()
    query = (
        select(Vergadering.id, Vergadering.start, Vergadering.versie, Vergadering.modified_at,
               stamp.label("stamp"), aantal.label("n"))
        .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
        .where(col(VergaderingOrgaan.orgaan_id).in_(orgaan_ids), _live(Vergadering), Vergadering.start < venster.tot,
               Vergadering.einde >= venster.van,
               or_(Vergadering.status != Status.geannuleerd, Vergadering.modified_at >= venster.annulering))
        .distinct()  # a joint meeting of two of the feed's bodies comes once
        .order_by(Vergadering.start, Vergadering.id)
    )
    return [Regel(*row) for row in session.execute(query)]


STRUCTURE_TABLES = (Orgaan, Gemeente, Regeling)  # the names an event shows; which bodies a feed holds is in Bron


def structure_stamp(session: Session) -> datetime:
    """The last change to the names and memberships an event mentions: renaming a body re-renders its events."""
    stamps = session.execute(select(*(select(func.max(t.modified_at)).scalar_subquery() for t in STRUCTURE_TABLES)))
    return max((v for v in stamps.one() if v is not None), default=datetime(1970, 1, 1, tzinfo=UTC))


def _host(settings: Settings) -> str:
    return urlsplit(settings.base_url).hostname or "tussenruimte"


def _build(session: Session, settings: Settings, cache: FeedCache, b: Bron, rows: list[Regel],
           structuur: datetime, venster: Venster) -> tuple[bytes, datetime]:
    """The feed's bytes, and the latest change they show.

    Events are taken nearest to today first, until the next one would take the feed over ``MAX_BYTES``: the
    furthest meetings drop out first, and those are never rendered.
    """
    budget = MAX_BYTES - len(_calendar(b, venster, []))
    order = sorted(range(len(rows)), key=lambda i: (abs(rows[i].start - venster.middernacht), rows[i].id))
    chosen: dict[int, str] = {}
    used = 0
    for begin in range(0, len(order), CHUNK):
        part = [rows[i] for i in order[begin:begin + CHUNK]]
        texts = _texts(session, settings, cache, part, structuur)
        for i, text in zip(order[begin:begin + CHUNK], texts, strict=True):
            size = len(text.encode())
            if used + size > budget:
                return _assemble(b, venster, rows, chosen, structuur)
            chosen[i] = text
            used += size
    return _assemble(b, venster, rows, chosen, structuur)


def _texts(session: Session, settings: Settings, cache: FeedCache, rows: list[Regel],
           structuur: datetime) -> list[str]:
    """The serialised events, from the cache where their stamps are unchanged, rendered otherwise."""
    keys = [(r.id, r.versie, r.modified_at, r.agenda_stamp, r.agenda_n, structuur) for r in rows]
    found = cache.events(keys)
    missing = [r for r, k in zip(rows, keys, strict=True) if k not in found]
    if missing:
        rendered = _render_events(session, settings, missing)
        new = {k: rendered[r.id] for r, k in zip(rows, keys, strict=True) if k not in found}
        cache.store_events(new)
        found.update(new)
    return [found[k] for k in keys]


def _assemble(b: Bron, venster: Venster, rows: list[Regel], chosen: dict[int, str],
              structuur: datetime) -> tuple[bytes, datetime]:
    kept = sorted(chosen)  # back in the order of the composition: by start
    body = _calendar(b, venster, (chosen[i] for i in kept))
    return body, max([structuur, *(rows[i].stamp for i in kept)])


def _calendar(b: Bron, venster: Venster, events: Iterable[str]) -> bytes:
    beschrijving = (f"{b.beschrijving} Met de vergaderingen van {venster.terug} maanden terug tot {venster.vooruit} "
                    f"maanden vooruit, zo veel als in 1 MB past (de verste vallen het eerst weg); alle vergaderingen "
                    f"staan op {b.pagina}")
    return ical.render_calendar(name=b.naam, description=beschrijving, url=b.pagina, events=events)


def _uitvoer(b: Bron, body: bytes, etag: str, last: datetime) -> Uitvoer:
    return Uitvoer(body=body, etag=etag, last_modified=last.astimezone(UTC).replace(microsecond=0),
                   prive=b.prive, bestandsnaam=f"{b.soort}-{b.sleutel[:40] if not b.prive else 'agenda'}.ics")


def _render_events(session: Session, settings: Settings, rows: list[Regel]) -> dict[int, str]:
    host, base = _host(settings), settings.base_url
    stamps = {r.id: r.stamp for r in rows}
    ids = list(stamps)
    out: dict[int, str] = {}
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i:i + CHUNK]
        meetings = session.exec(select(Vergadering).where(col(Vergadering.id).in_(chunk))).all()
        views = vergaderingen.views(session, meetings)
        agendas: dict[int, list[Agendapunt]] = {m.id: [] for m in meetings}
        punten = session.exec(select(Agendapunt).where(col(Agendapunt.vergadering_id).in_(chunk), _live(Agendapunt))
                               .order_by(Agendapunt.vergadering_id, Agendapunt.volgorde, Agendapunt.id))
        for punt in punten:
            agendas[punt.vergadering_id].append(punt)
        for view in views:
            event = meeting_event(view, agendas[view.vergadering.id], host, base, stamps[view.vergadering.id])
            out[view.vergadering.id] = ical.render_meeting(event)
    return out


def meeting_event(view: vergaderingen.MeetingView, agenda: Sequence[Agendapunt], host: str,
                  base_url: str, stamp: datetime) -> ical.Meeting:
    v = view.vergadering
    url = page_url(base_url, "vergaderingen", v.id)
    lines = []
    if view.eigenaren:
        organen = ", ".join(o.naam for o in view.organen)
        lines.append(", ".join(view.eigenaren) + (f": {organen}" if organen else ""))
    if not v.openbaar:
        lines.append("Besloten vergadering.")
    if v.status == Status.geannuleerd:
        lines.append("Deze vergadering is geannuleerd.")
    if agenda:
        lines += ["", "Agenda:"]
        lines += [f"{p.nummer or n}. {p.titel}" for n, p in enumerate(agenda, start=1)]
    lines += ["", f"Meer informatie: {url}"]
    return ical.Meeting(
        uid=f"vergadering-{v.id}@{host}", sequence=v.sequence, stamp=stamp, start=v.start, end=v.einde,
        summary=view.titel, cancelled=v.status == Status.geannuleerd, url=url, location=v.locatie,
        geo=(v.breedtegraad, v.lengtegraad) if v.breedtegraad is not None else None, online_url=v.online_url,
        description="\n".join(lines), categories=tuple(sorted({o.soort.value for o in view.organen})),
    )


# Deadlines -----------------------------------------------------------------------------------------------------

ZIENSWIJZE_BRON = {
    VoorstelSoort.begroting: "Wgr art. 35 lid 3 (zienswijze op de ontwerpbegroting)",
    VoorstelSoort.begrotingswijziging: "Wgr art. 35 lid 3 jo. art. 35 lid 5 (zienswijze op een begrotingswijziging)",
    VoorstelSoort.kadernota: "Wgr art. 34b (algemene financiële en beleidsmatige kaders)",
    VoorstelSoort.wijziging_regeling: "Wgr art. 1 lid 2 (wijziging van de regeling)",
}


def _build_termijnen(session: Session, settings: Settings, b: Bron, venster: Venster) -> tuple[bytes, datetime]:
    from app.planning import service as planning  # planning imports the meetings; keep this module light

    host = _host(settings)
    events: list[tuple[date, str, str]] = []
    stamps = [datetime(1970, 1, 1, tzinfo=UTC)]
    regelingen = session.exec(select(Regeling).where(col(Regeling.id).in_(b.regeling_ids or [-1]))
                              .order_by(Regeling.naam)).all()
    for r in regelingen:
        stamp = _regeling_stamp(session, r)
        stamps.append(stamp)
        page = page_url(settings.base_url, "regelingen", r.slug)
        for jaar in range(venster.van_dag.year, venster.tot_dag.year + 1):
            try:
                kalender = planning.pc_kalender(session, regeling=r.slug, jaar=jaar, tz=settings.tz)
            except (Invalid, NotFound):
                continue  # a regeling without a board or budget of its own has no P&C calendar
            for m in kalender.mijlpalen:
                if venster.van_dag <= m.datum < venster.tot_dag:
                    deadline = ical.Deadline(
                        uid=f"termijn-{r.id}-{jaar}-{m.sleutel}@{host}", sequence=_sequence(stamp), stamp=stamp,
                        day=m.datum,
                        summary=f"{r.naam}: {m.omschrijving}",
                        description=f"{m.omschrijving}\nBron: {m.bron}\n\nMeer informatie: {page}", url=page)
                    events.append((m.datum, deadline.uid, ical.render_deadline(deadline)))
        for v in session.exec(select(Voorstel).where(Voorstel.regeling_id == r.id, _live(Voorstel),
                                                      col(Voorstel.uiterlijk).is_not(None),
                                                      Voorstel.fase != VoorstelFase.concept)):  # a draft is not public
            if not venster.van_dag <= v.uiterlijk < venster.tot_dag:
                continue
            bron_tekst = ZIENSWIJZE_BRON.get(v.soort, "de termijn die de regeling of het voorstel zelf stelt")
            deadline = ical.Deadline(
                uid=f"voorstel-{v.id}@{host}", sequence=_sequence(max(stamp, v.modified_at)), day=v.uiterlijk,
                stamp=max(stamp, v.modified_at),
                summary=f"{r.naam}: uiterste datum voor {v.titel}",
                description=f"Uiterste datum van behandeling: {v.titel}\nBron: {bron_tekst}\n\nMeer informatie: {page}",
                url=page)
            stamps.append(v.modified_at)
            events.append((v.uiterlijk, deadline.uid, ical.render_deadline(deadline)))
    events.sort()
    body = ical.render_calendar(name=b.naam, description=b.beschrijving, url=b.pagina, events=(e for *_, e in events))
    return body, max(stamps)


def _sequence(stamp: datetime) -> int:
    """A computed deadline has no version of its own: minutes since 2020 rise with every change of its inputs."""
    return max(0, int((stamp - datetime(2020, 1, 1, tzinfo=UTC)).total_seconds() // 60))


def _regeling_stamp(session: Session, r: Regeling) -> datetime:
    """The last change to what sets the regeling's dates: the regeling, its bodies' meetings, its voorstellen and
    their handling (which meeting adopts the budget)."""
    meetings = (select(func.max(Vergadering.modified_at))
                .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
                .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id).where(Orgaan.regeling_id == r.id))
    voorstellen = select(func.max(Voorstel.modified_at)).where(Voorstel.regeling_id == r.id)
    behandelingen = (select(func.max(Behandeling.modified_at)).join(Voorstel, Voorstel.id == Behandeling.voorstel_id)
                     .where(Voorstel.regeling_id == r.id))
    found = session.execute(select(*(q.scalar_subquery() for q in (meetings, voorstellen, behandelingen)))).one()
    return max([r.modified_at, *(v for v in found if v is not None)])
