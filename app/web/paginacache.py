"""A per-process cache of whole anonymous public pages, validated by the change counter of the feeds.

A page is served from memory only when the answer cannot differ from what the handler would render now:

- the request is an anonymous, plain ``GET`` of one of the public page paths (``CACHEBAAR``): no logged-in
  user, no one-time message waiting in the session, no ``Authorization`` header, no htmx request (fragments);
- the key is the path, the query string and the language (app.i18n, set by the TaalMiddleware outside);
- the change counter (``feedstand.stand``) is the one read before that page was rendered, and every table the
  render read from raises that counter on every insert, update and delete. The cache does not trust a list of
  tables written by hand: while rendering it records every table named in the statements the request ran
  (app.db engine events, scoped to the request by a context variable), and it checks them against the
  ``feedstand_*`` triggers that exist in the database (read once per process). A render that read a table
  without such triggers, or wrote anything, is never stored. So a page that shows, say, fracties (not watched
  by migration 0003) is rendered every time until a migration adds triggers for that table;
- the minute is the same. Pages compare stored moments with the clock ("upcoming meetings", open deadlines);
  meetings and deadlines are whole minutes, so a page rendered in a minute is the page of that whole minute;
- the counter is read at most every ``feed_stand_ttl`` seconds (as the feed cache does): a change made in
  another process shows up at most that long after its commit (0.5 s by default).

The CSRF token is per session: the stored body has a marker where the token was, and each answer gets the
token of its own session (made on first use, as ``render`` does, so the session cookie is set as before).
``Set-Cookie`` of the first render is never stored. Responses other than 200 ``text/html`` are not stored.
"""

import re
import threading
import time as clock
from collections import OrderedDict
from contextvars import ContextVar
from dataclasses import dataclass

import anyio
import sqlalchemy as sa
from sqlmodel import SQLModel
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import huidige_taal
from app.web.deps import csrf_token

# The public pages that may be cached (whole paths; everything else passes untouched).
CACHEBAAR = re.compile(r"^/(?:gemeenten|regelingen|organen|vergaderingen)/[^/]+$|^/$")
MARKER = b"\x00csrf\x00"  # never in a rendered page: app.validation rejects NUL in every input
MAX_BYTES = 32_000_000
SCHRIJVEN = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|UPSERT|MERGE|CREATE|DROP|ALTER)\b", re.I)

# The tables the current request's statements named, or None outside a page being rendered for the cache.
_geraakt: ContextVar[set | None] = ContextVar("paginacache_geraakt", default=None)


MAX_ONBEWAAKT = 1_000  # paths whose last render could not be kept, remembered for diagnostics


def minuut() -> int:
    """The current whole minute (UTC); tests replace it."""
    return int(clock.time() // 60)


@dataclass(frozen=True)
class _Pagina:
    stand: int
    minuut: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes  # with MARKER where the CSRF token was


def _naam_patroon() -> re.Pattern:
    namen = sorted(SQLModel.metadata.tables, key=len, reverse=True)
    return re.compile(r'(?<![\w."])"?(' + "|".join(map(re.escape, namen)) + r')"?(?![\w"])', re.I)


# What follows FROM (a comma-separated list: "FROM a AS x, b") and JOIN: catches tables the metadata does not
# know. "FROM (SELECT ..." names no table here; the inner FROM does.
_ITEM = r'"?\w+"?(?:\s*\.\s*"?\w+"?)?(?:\s+(?:AS\s+)?"?\w+"?)?'
_FROM = re.compile(r"\bFROM\s+(" + _ITEM + r"(?:\s*,\s*" + _ITEM + r")*)", re.I)
_JOIN = re.compile(r'\bJOIN\s+("?\w+"?)', re.I)
_SLEUTELWOORDEN = {"select", "where", "group", "order", "limit", "on", "as", "lateral", "only"}


def tabellen(statement: str, patroon: re.Pattern) -> set[str]:
    """Every table a statement may read: known table names anywhere, and whatever follows FROM or JOIN (an
    over-approximation is safe: it only keeps a page out of the cache)."""
    namen = {m.lower() for m in patroon.findall(statement)}
    for lijst in _FROM.findall(statement):
        for item in lijst.split(","):
            eerste = item.strip().split()[0].strip('"').split(".")[-1].strip('"').lower()
            if eerste and eerste not in _SLEUTELWOORDEN:
                namen.add(eerste)
    namen.update(m.strip('"').lower() for m in _JOIN.findall(statement))
    return namen


class PaginaCache:
    """Stored pages by key (least recently used goes first), the counter as last read, the watched tables."""

    def __init__(self, stand_ttl: float = 0.5, max_bytes: int = MAX_BYTES) -> None:
        self.stand_ttl = stand_ttl
        self.max_bytes = max_bytes
        self._paginas: OrderedDict[tuple, _Pagina] = OrderedDict()
        self._bytes = 0
        self._stand: tuple[float, int] | None = None
        self._lock = threading.Lock()
        self.bewaakt: frozenset[str] | None = None  # tables with feedstand triggers on insert, update and delete
        self.treffers = self.gemist = self.geweigerd = 0  # tests and the benchmark read these
        self.onbewaakt: dict[str, tuple[str, ...]] = {}  # path -> what kept its last render out of the cache
        self._patroon: re.Pattern | None = None  # built on first use, when every model is imported
        self._engines: set[int] = set()

    # the counter and the watched tables -------------------------------------------------------------------

    def stand(self, session_factory) -> int:
        """The counter, read through the app's session factory (the connection every request reads through)."""
        seen = self._stand
        if seen is not None and clock.monotonic() - seen[0] <= self.stand_ttl:
            return seen[1]
        since = clock.monotonic()
        with session_factory() as session:
            c = session.connection()
            stand = c.exec_driver_sql("SELECT stand FROM feedstand WHERE id = 1").scalar_one()
            if self.bewaakt is None:
                self.bewaakt = bewaakte_tabellen(c)
        with self._lock:
            if self._stand is None or since >= self._stand[0]:
                self._stand = (since, stand)
        return stand

    def volg(self, engine: sa.Engine) -> None:
        """Record, for a request being rendered for the cache, the tables its statements name."""
        if id(engine) in self._engines:
            return
        self._engines.add(id(engine))
        if self._patroon is None:
            self._patroon = _naam_patroon()
        patroon = self._patroon

        @sa.event.listens_for(engine, "before_cursor_execute")
        def _noteer(_conn, _cursor, statement, _parameters, _context, _executemany):
            geraakt = _geraakt.get()
            if geraakt is None:
                return
            if SCHRIJVEN.match(statement):
                geraakt.add("<schrijft>")
            geraakt.update(tabellen(statement, patroon))

    # the pages ----------------------------------------------------------------------------------------------

    def get(self, key: tuple, stand: int, nu: int) -> _Pagina | None:
        with self._lock:
            pagina = self._paginas.get(key)
            if pagina is None or pagina.stand != stand or pagina.minuut != nu:
                return None
            self._paginas.move_to_end(key)
            return pagina

    def put(self, key: tuple, pagina: _Pagina) -> None:
        with self._lock:
            oud = self._paginas.pop(key, None)
            if oud is not None:
                self._bytes -= len(oud.body)
            self._paginas[key] = pagina
            self._bytes += len(pagina.body)
            while self._bytes > self.max_bytes and self._paginas:
                _, weg = self._paginas.popitem(last=False)
                self._bytes -= len(weg.body)

    def __len__(self) -> int:
        return len(self._paginas)


def bewaakte_tabellen(conn: sa.Connection) -> frozenset[str]:
    """The tables whose every insert, update and delete raises feedstand.stand (triggers named feedstand_*;
    a trigger on some columns only, such as the one on gebruiker, does not count)."""
    gebeurtenissen: dict[str, set[str]] = {}
    if conn.dialect.name == "postgresql":
        rows = conn.exec_driver_sql(
            "SELECT t.event_object_table, t.event_manipulation, "
            "EXISTS (SELECT 1 FROM information_schema.triggered_update_columns u "
            "WHERE u.trigger_name = t.trigger_name AND u.event_object_table = t.event_object_table) "
            "FROM information_schema.triggers t WHERE t.trigger_name LIKE 'feedstand%%'").all()
        for tabel, gebeurtenis, kolommen in rows:
            if not kolommen:
                gebeurtenissen.setdefault(tabel, set()).add(gebeurtenis.upper())
    else:
        rows = conn.exec_driver_sql(
            "SELECT tbl_name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'feedstand%'").all()
        for tabel, sql in rows:
            m = re.search(r"\bAFTER\s+(INSERT|DELETE|UPDATE)(\s+OF\b)?", sql or "", re.I)
            if m and not m.group(2):
                gebeurtenissen.setdefault(tabel, set()).add(m.group(1).upper())
    return frozenset(t.lower() for t, e in gebeurtenissen.items() if e >= {"INSERT", "UPDATE", "DELETE"})


def _cachebaar_verzoek(scope: Scope) -> bool:
    if scope["type"] != "http" or scope["method"] != "GET" or not CACHEBAAR.match(scope["path"]):
        return False
    sessie = scope.get("session")
    if sessie is None or "user_id" in sessie or "melding" in sessie:
        return False
    return not any(k == b"authorization" or k.startswith(b"hx-") for k, _ in scope["headers"])


class PaginaCacheMiddleware:
    """Serves and stores the cached pages; must sit inside the session and language middleware."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _cachebaar_verzoek(scope):
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        cache: PaginaCache | None = getattr(state, "pagina_cache", None)
        if cache is None:
            await self.app(scope, receive, send)
            return
        engine = state.engine
        stand = await anyio.to_thread.run_sync(cache.stand, state.session_factory)
        nu = minuut()
        key = (scope["path"], scope["query_string"], huidige_taal())
        pagina = cache.get(key, stand, nu)
        if pagina is not None:
            cache.treffers += 1
            token = csrf_token(Request(scope)).encode()
            body = pagina.body.replace(MARKER, token)
            headers = [*pagina.headers, (b"content-length", str(len(body)).encode())]
            await send({"type": "http.response.start", "status": 200, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        cache.gemist += 1
        await self._render(scope, receive, send, cache, engine, key, stand, nu)

    async def _render(self, scope, receive, send, cache: PaginaCache, engine, key, stand, nu) -> None:
        cache.volg(engine)
        geraakt: set[str] = set()
        start: dict = {}
        delen: list[bytes] = []

        async def send_en_bewaar(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                delen.append(message.get("body", b""))
            await send(message)

        teken = _geraakt.set(geraakt)
        try:
            await self.app(scope, receive, send_en_bewaar)
        finally:
            _geraakt.reset(teken)
        headers = [(k, v) for k, v in start.get("headers", []) if k.lower() not in (b"set-cookie", b"content-length")]
        html = any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers)
        html = html and not any(k.lower() == b"cache-control" and (b"no-store" in v or b"private" in v)
                                for k, v in headers)  # a handler that says not to keep it
        bewaakt = cache.bewaakt or frozenset()
        if start.get("status") != 200 or not html or not geraakt or not geraakt <= bewaakt:
            cache.geweigerd += 1
            ruimte = scope["path"] in cache.onbewaakt or len(cache.onbewaakt) < MAX_ONBEWAAKT
            if start.get("status") == 200 and ruimte:
                # Why a real page was not kept (diagnostics), bounded: unknown paths never grow it.
                cache.onbewaakt[scope["path"]] = tuple(sorted(geraakt - bewaakt))
            return
        body = b"".join(delen)
        token = (scope.get("session") or {}).get("csrf")
        if token:
            body = body.replace(token.encode(), MARKER)
        cache.put(key, _Pagina(stand, nu, tuple(headers), body))
