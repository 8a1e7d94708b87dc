"""Benchmark of the calendar feeds (issue 4, "Fast"); prints a Markdown table.

    python -m bench.feeds [--alleen koud|warm|schaal] [--database-url URL]

Machines differ and are noisy, so every row compares with a baseline measured in the same run:
- koud: a cold build of a 10,000-event feed, ``app.feeds.ical`` against the same calendar built with plain
  ``icalendar`` (``bench.feeds_render.cold_build``, best of three each). Below it, for information, the cold
  path through the service: ``service.serve`` with an empty ``FeedCache`` on a database holding 10,000 meetings
  of one gemeente with their agenda items (best of three; every meeting in the feed's composition is rendered,
  then the feed is cut at 1 MB).
- warm: a 500-event gemeente feed served by uvicorn (one worker, no access log) under ``wrk -t1 -c8``,
  against ``/bench/geheugen.ics`` in the same server (``bench.feeds_app``): the same bytes and headers, fetched
  once at startup through the real route and kept in memory. Then the 304 path: the feed with If-None-Match set
  to its ETag. Runs alternate (basis, feed, 304, basis, ...); the table gives the median requests/s of each and
  the ratios to the baseline. Before measuring, the bytes and headers of both routes are compared and one 304
  is checked.
- schaal (PostgreSQL only): the feed of one gemeente (500 meetings in its window, 500 older ones) in a database
  of 10,000 meetings, then of 1,000,000 (the others belong to the 1,197 bodies of 399 other gemeenten, spread
  over twenty years, the window included; every fourth has agenda items). For each size: the cold path
  (``serve`` with a fresh ``FeedCache``, best of 3), the warm path (same cache, counter unchanged, best of 100)
  and the path where the counter moved but the feed did not (an unrelated meeting changed, best of 10); the
  ratio 1M/10k. Below the table: EXPLAIN ANALYZE at 1M of every query of the cold path and of that last path,
  with any sequential scan of the big tables, and the plan of the composition query.

The database is a SQLite file in a temporary directory by default, or with ``--database-url`` a database of
this run's own on that PostgreSQL server (created and dropped here); schaal uses ``--database-url`` or
``postgresql://postgres@127.0.0.1:5432/``. Every database is migrated with the project's Alembic config.
"""

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/feeds.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import app.models  # noqa: E402, F401  (every table in the metadata)
from app.cli import alembic_config  # noqa: E402
from app.config import PROJECT_ROOT, Settings  # noqa: E402
from app.db import create_db_engine  # noqa: E402
from app.feeds import service  # noqa: E402
from app.feeds.links import feed_path  # noqa: E402
from app.feeds.service import FeedCache, Venster  # noqa: E402
from bench import feeds_app  # noqa: E402
from bench.feeds_render import cold_build  # noqa: E402

BASE_URL = "https://tussenruimte.bench"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/"
DOEL = "doelstad"  # the gemeente whose feed is measured
PLAATSEN = ["Raadhuis, Raadzaal", "Stadskantoor, zaal 3.14", "Provinciehuis; Statenzaal", "Gemeentehuis, De Kamer"]
PUNTEN = [
    "Opening en mededelingen",
    "Vaststelling van de agenda",
    "Zienswijze op de ontwerpbegroting 2027 van de GGD regio Utrecht",
    "Jaarrekening 2025, accountantsverslag en bestemming van het resultaat",
    "Kadernota 2027: uitgangspunten, indexering en risico's",
    "Wijziging gemeenschappelijke regeling — artikel 1, lid 2 (€ 1,2 mln.)",
    "Benoeming leden rekenkamercommissie",
    "Rondvraag en sluiting",
]
GROOT = ("vergadering", "vergaderingorgaan", "agendapunt")  # the tables that grow to a million rows


def _settings(url: str) -> Settings:
    return Settings(database_url=url, base_url=BASE_URL, secret_key="b" * 40)


def nl(x: int) -> str:
    """A count the Dutch way: 10.000."""
    return f"{x:,}".replace(",", ".")


def fmt_s(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.1 else f"{seconds:.3f} s"


# Databases -----------------------------------------------------------------------------------------------------


@contextmanager
def database(url: str | None, deel: str) -> Iterator[str]:
    """A fresh database migrated to head: a SQLite file in a temporary directory when ``url`` is None, else a
    database of this run's own beside the one ``url`` names, dropped afterwards."""
    if url is None:
        with tempfile.TemporaryDirectory(prefix="tussenruimte-bench-") as tmp:
            db_url = f"sqlite:///{tmp}/{deel}.db"
            _migrate(db_url)
            yield db_url
        return
    naam = f"tussenruimte_bench_{os.getpid()}_{deel}"
    admin = create_db_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        c.exec_driver_sql(f'CREATE DATABASE "{naam}"')
    try:
        db_url = sa.make_url(admin.url).set(database=naam).render_as_string(hide_password=False)
        _migrate(db_url)
        yield db_url
    finally:
        with admin.connect() as c:
            c.exec_driver_sql(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)')
        admin.dispose()


def _migrate(url: str) -> None:
    engine = create_db_engine(url)
    config = alembic_config()
    config.attributes["configure_logger"] = False
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    engine.dispose()


def _table(name: str) -> sa.Table:
    return SQLModel.metadata.tables[name]


def _insert(conn: sa.Connection, table: str, rows: list[dict], chunk: int = 5_000) -> None:
    for i in range(0, len(rows), chunk):
        conn.execute(_table(table).insert(), rows[i:i + chunk])


@dataclass
class Opzet:
    """What the fill made: the target gemeente's bodies, the other bodies, and where meeting ids go on."""

    t0: datetime
    doel_organen: list[int]
    partner_raden: list[int]
    overige_organen: range
    volgende_id: int = 1


def structuur(conn: sa.Connection, now: datetime, gemeenten: int = 400, regelingen: int = 20) -> Opzet:
    """Gemeenten with a raad and two committees each, regelingen with two bodies each (the target takes part in
    the first two; every regeling has ten other deelnemers), and twenty members per raad."""
    t0 = (now - timedelta(days=90)).replace(microsecond=0)
    stamps = {"created_at": t0, "modified_at": t0}
    _insert(conn, "gemeente", [
        {**stamps, "id": g, "code": f"GM{g:04d}", "naam": "Doelstad" if g == 1 else f"Gemeente {g:04d}",
         "slug": DOEL if g == 1 else f"gemeente-{g:04d}", "provincie": "Utrecht", "inwoners": 40_000 + g,
         "demo": False}
        for g in range(1, gemeenten + 1)])
    _insert(conn, "regeling", [
        {**stamps, "id": r, "slug": f"regio-{r:02d}", "naam": f"Regio {r:02d}", "vorm": "openbaar_lichaam",
         "synchronisatie": "gelijke_dag", "demo": False, "termijnen": {}}
        for r in range(1, regelingen + 1)])
    organen = []
    for g in range(1, gemeenten + 1):
        naam = "Doelstad" if g == 1 else f"Gemeente {g:04d}"
        for k, (soort, titel) in enumerate([("raad", "Gemeenteraad"), ("commissie", "Commissie Bestuur"),
                                            ("commissie", "Commissie Ruimte")]):
            organen.append({**stamps, "id": 3 * (g - 1) + k + 1, "slug": f"g{g}-{k}", "naam": f"{titel} {naam}",
                            "soort": soort, "gemeente_id": g, "regeling_id": None})
    for r in range(1, regelingen + 1):
        for k, (soort, titel) in enumerate([("algemeen_bestuur", "Algemeen bestuur"),
                                            ("dagelijks_bestuur", "Dagelijks bestuur")]):
            organen.append({**stamps, "id": 3 * gemeenten + 2 * (r - 1) + k + 1, "slug": f"r{r}-{k}",
                            "naam": f"{titel} Regio {r:02d}", "soort": soort, "gemeente_id": None,
                            "regeling_id": r})
    _insert(conn, "orgaan", organen)
    deelnames = []
    for r in range(1, regelingen + 1):
        leden = {2 + ((r - 1) * 10 + j) % (gemeenten - 1) for j in range(10)} | ({1} if r <= 2 else set())
        deelnames += [{**stamps, "regeling_id": r, "gemeente_id": g, "inwoners": 40_000 + g,
                       "bijdrage": Decimal("1000.00")} for g in sorted(leden)]
    _insert(conn, "deelname", deelnames)
    _insert(conn, "persoon", [{**stamps, "id": 20 * (g - 1) + k + 1, "naam": f"Raadslid {g}-{k}", "gemeente_id": g}
                              for g in range(1, gemeenten + 1) for k in range(20)])
    _insert(conn, "lidmaatschap", [{**stamps, "persoon_id": 20 * (g - 1) + k + 1, "orgaan_id": 3 * (g - 1) + 1,
                                    "rol": "lid", "stemgewicht": Decimal(1)}
                                   for g in range(1, gemeenten + 1) for k in range(20)])
    return Opzet(t0=t0, doel_organen=[1, 2, 3, *range(3 * gemeenten + 1, 3 * gemeenten + 5)],
                 partner_raden=[3 * (g - 1) + 1 for g in range(2, gemeenten + 1)],
                 overige_organen=range(4, 3 * gemeenten + 1))


def doel(conn: sa.Connection, opzet: Opzet, venster: Venster, now: datetime, in_venster: int, ervoor: int) -> None:
    """The target gemeente's meetings: ``in_venster`` evenly over the feed's window, ``ervoor`` weekly before it;
    one in ten joint with another raad, some online, some cancelled (recently: in the feed; long ago: not),
    six agenda items each."""
    vergaderingen, koppelingen, punten = [], [], []
    span = venster.tot - venster.van
    starts = [venster.van + span * (k + 0.5) / in_venster for k in range(in_venster)]
    starts += [venster.van - timedelta(days=7 * (k + 1)) for k in range(ervoor)]
    for k, start in enumerate(starts):
        vid = opzet.volgende_id + k
        start = start.replace(second=0, microsecond=0)
        status, modified = ("gehouden" if start < now else "gepland"), opzet.t0
        if k % 40 == 7:
            status, modified = "geannuleerd", now - timedelta(days=5)
        elif k % 40 == 17:
            status, modified = "geannuleerd", now - timedelta(days=100)
        vergaderingen.append({
            "id": vid, "created_at": opzet.t0, "modified_at": modified, "naam": f"Themabijeenkomst {k}"
            if k % 7 == 0 else None, "start": start, "einde": start + timedelta(hours=3),
            "locatie": PLAATSEN[k % 4], "online_url": f"https://video.example.nl/live/{vid}" if k % 5 == 0 else None,
            "breedtegraad": 52.09 + k % 100 / 1000 if k % 3 else None,
            "lengtegraad": 5.12 + k % 100 / 1000 if k % 3 else None,
            "status": status, "openbaar": k % 13 != 0, "versie": 1 + k % 3, "sequence": k % 3})
        koppelingen.append({"vergadering_id": vid, "orgaan_id": opzet.doel_organen[k % len(opzet.doel_organen)]})
        if k % 10 == 0:
            koppelingen.append({"vergadering_id": vid,
                                "orgaan_id": opzet.partner_raden[k % len(opzet.partner_raden)]})
        punten += [{"created_at": opzet.t0, "modified_at": opzet.t0, "vergadering_id": vid, "volgorde": j,
                    "nummer": str(j), "titel": PUNTEN[(k + j) % len(PUNTEN)], "openbaar": True} for j in range(1, 7)]
    _insert(conn, "vergadering", vergaderingen)
    _insert(conn, "vergaderingorgaan", koppelingen)
    _insert(conn, "agendapunt", punten)
    opzet.volgende_id += len(starts)


OVERIGE_PG = [
    """INSERT INTO vergadering (id, created_at, modified_at, start, einde, locatie, status, openbaar, versie, sequence)
       SELECT i, :t0, :t0, s, s + interval '3 hours', 'Raadzaal',
              CASE WHEN i % 50 = 0 THEN 'geannuleerd' WHEN s < :nu THEN 'gehouden' ELSE 'gepland' END, true, 1, 0
       FROM (SELECT i, CAST(:begin AS timestamptz) + (CAST(i AS bigint) * 7919 % :minuten) * interval '1 minute' AS s
             FROM generate_series(CAST(:lo AS integer), CAST(:hi AS integer)) AS i) AS x""",
    """INSERT INTO vergaderingorgaan (vergadering_id, orgaan_id)
       SELECT i, :o_lo + i % :o_n FROM generate_series(CAST(:lo AS integer), CAST(:hi AS integer)) AS i""",
    """INSERT INTO agendapunt (created_at, modified_at, vergadering_id, volgorde, nummer, titel, openbaar)
       SELECT :t0, :t0, i, k, CAST(k AS varchar), 'Agendapunt ' || k, true
       FROM generate_series(CAST(:lo AS integer), CAST(:hi AS integer)) AS i CROSS JOIN generate_series(1, 3) AS k
       WHERE i % 4 = 0""",
]


def overige(conn: sa.Connection, opzet: Opzet, now: datetime, aantal: int) -> None:
    """``aantal`` meetings of the other gemeenten' bodies over twenty years around today (three agenda items on
    every fourth): with SQL on PostgreSQL, row by row elsewhere."""
    lo, hi = opzet.volgende_id, opzet.volgende_id + aantal - 1
    begin = (now - timedelta(days=3652)).replace(hour=0, minute=0, second=0, microsecond=0)
    minuten = 20 * 365 * 24 * 60
    o_lo, o_n = opzet.overige_organen.start, len(opzet.overige_organen)
    if conn.dialect.name == "postgresql":
        params = {"t0": opzet.t0, "nu": now, "begin": begin, "minuten": minuten, "lo": lo, "hi": hi,
                  "o_lo": o_lo, "o_n": o_n}
        for sql in OVERIGE_PG:
            conn.execute(sa.text(sql), params)
    else:
        for a in range(lo, hi + 1, 10_000):
            ids = range(a, min(a + 10_000, hi + 1))
            rows = []
            for i in ids:
                s = begin + timedelta(minutes=i * 7919 % minuten)
                status = "geannuleerd" if i % 50 == 0 else "gehouden" if s < now else "gepland"
                rows.append({"id": i, "created_at": opzet.t0, "modified_at": opzet.t0, "start": s,
                             "einde": s + timedelta(hours=3), "locatie": "Raadzaal", "status": status,
                             "openbaar": True, "versie": 1, "sequence": 0})
            _insert(conn, "vergadering", rows)
            _insert(conn, "vergaderingorgaan", [{"vergadering_id": i, "orgaan_id": o_lo + i % o_n} for i in ids])
            _insert(conn, "agendapunt", [
                {"created_at": opzet.t0, "modified_at": opzet.t0, "vergadering_id": i, "volgorde": k,
                 "nummer": str(k), "titel": f"Agendapunt {k}", "openbaar": True}
                for i in ids if i % 4 == 0 for k in (1, 2, 3)])
    opzet.volgende_id = hi + 1


def afronden(engine: sa.Engine) -> None:
    """Sequences past the explicit ids, and fresh statistics (VACUUM too on PostgreSQL, as autovacuum would)."""
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            for t in ("gemeente", "regeling", "orgaan", "persoon", "vergadering"):
                c.exec_driver_sql(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))")
            c.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as c:
            c.exec_driver_sql("ANALYZE")


def bump(engine: sa.Engine, vergadering_id: int, n: int) -> None:
    """Change a meeting no measured feed holds: the counter moves, the feed does not."""
    with engine.begin() as c:
        c.execute(sa.text("UPDATE vergadering SET naam = :naam WHERE id = :id"),
                  {"naam": f"Gewijzigd {n}", "id": vergadering_id})


def serve(engine: sa.Engine, settings: Settings, cache: FeedCache) -> tuple[float, service.Uitvoer]:
    """One request's work, as the route does it: a session of its own, then ``service.serve``."""
    t = time.perf_counter()
    with Session(engine) as session:
        uitvoer = service.serve(session, settings, cache, "gemeente", DOEL)
        session.commit()  # as the route does: the feed's version record
    return time.perf_counter() - t, uitvoer


# koud ----------------------------------------------------------------------------------------------------------


def rijen_koud(url: str | None, seed: int) -> list[dict]:
    c = cold_build(10_000, seed)
    rijen = [{
        "meting": "koud: renderer tegen icalendar",
        "omvang": f"10.000 events, {c['bytes'] / 1e6:.1f} MB",
        "waarde": fmt_s(c["ours_s"]),
        "basis": f"icalendar {fmt_s(c['icalendar_s'])}",
        "verhouding": f"{c['ratio']:.1f}x sneller",
        "doel": "≥ 10x en < 0,3 s",
        "gehaald": c["ratio"] >= 10 and c["ours_s"] < 0.3,
    }]
    with database(url, "koud") as db_url:
        engine = create_db_engine(db_url)
        settings = _settings(db_url)
        now = datetime.now(UTC)
        with engine.begin() as conn:
            opzet = structuur(conn, now, gemeenten=20, regelingen=2)
            doel(conn, opzet, Venster.voor(settings, now), now, in_venster=10_000, ervoor=0)
        afronden(engine)
        tijden, gerenderd = [], 0
        for _ in range(3):
            cache = FeedCache()
            t, uitvoer = serve(engine, settings, cache)
            tijden.append(t)
            gerenderd = cache.rendered
        engine.dispose()
    events = uitvoer.body.count(b"BEGIN:VEVENT")
    rijen.append({
        "meting": "koud via service (lege FeedCache)",
        "omvang": f"10.000 vergaderingen met agendapunten ({engine.dialect.name}); {nl(gerenderd)} gerenderd, "
                  f"{nl(events)} in de feed ({len(uitvoer.body) / 1e6:.2f} MB, grens 1 MB)",
        "waarde": fmt_s(min(tijden)),
        "basis": "–", "verhouding": "–", "doel": "ter informatie", "gehaald": None,
    })
    return rijen


# warm ----------------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_ready(base: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"uvicorn stopte (code {proc.returncode}):\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"uvicorn kwam niet op binnen {timeout:g} s:\n{log.read_text()[-3000:]}")


def wrk(url: str, seconden: int, etag: str | None = None) -> float:
    """Requests/s of ``wrk -t1 -c8``; refuses a run with errors or unexpected statuses."""
    cmd = ["wrk", "-t1", "-c8", f"-d{seconden}s", *(["-H", f"If-None-Match: {etag}"] if etag else []), url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx" in out or "Socket errors" in out:
        raise RuntimeError(f"wrk meldde fouten:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def _controleer(base: str, feed: str) -> str:
    """The two routes give the same bytes and headers, and If-None-Match with the ETag gives an empty 304."""
    echt, geheugen = httpx.get(base + feed), httpx.get(base + feeds_app.GEHEUGEN)
    if echt.status_code != 200 or echt.content != geheugen.content:
        raise RuntimeError("de feed en de geheugenroute geven niet dezelfde bytes")
    zonder = {"date", "server"}
    if {k: v for k, v in echt.headers.items() if k not in zonder} != \
            {k: v for k, v in geheugen.headers.items() if k not in zonder}:
        raise RuntimeError(f"andere headers:\n{echt.headers}\n{geheugen.headers}")
    niet_gewijzigd = httpx.get(base + feed, headers={"If-None-Match": echt.headers["etag"]})
    if niet_gewijzigd.status_code != 304 or niet_gewijzigd.content:
        raise RuntimeError(f"If-None-Match gaf {niet_gewijzigd.status_code}, geen lege 304")
    return echt.headers["etag"]


def rijen_warm(url: str | None, rondes: int, seconden: int) -> list[dict]:
    if shutil.which("wrk") is None:
        return [{"meting": "warm", "overgeslagen": "wrk ontbreekt; installeer het met: apt-get install wrk"}]
    feed = feed_path("gemeente", DOEL)
    with database(url, "warm") as db_url:
        engine = create_db_engine(db_url)
        now = datetime.now(UTC)
        with engine.begin() as conn:
            opzet = structuur(conn, now)
            doel(conn, opzet, Venster.voor(_settings(db_url), now), now, in_venster=500, ervoor=500)
            overige(conn, opzet, now, 9_000)
        afronden(engine)
        engine.dispose()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "TUSSENRUIMTE_DATABASE_URL": db_url, "TUSSENRUIMTE_BASE_URL": BASE_URL,
               "TUSSENRUIMTE_SECRET_KEY": "b" * 40, "TUSSENRUIMTE_BENCH_FEED": feed}
        with tempfile.NamedTemporaryFile("w+", prefix="uvicorn-", suffix=".log", delete=False) as log:
            pass
        log_path = Path(log.name)
        with log_path.open("w") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "uvicorn", "--factory", "bench.feeds_app:create", "--host", "127.0.0.1",
                 "--port", str(port), "--workers", "1", "--no-access-log"],
                cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            _wait_ready(base, proc, log_path)
            etag = _controleer(base, feed)
            body = httpx.get(base + feed).content
            runs = {
                "basis": lambda s: wrk(base + feeds_app.GEHEUGEN, s),
                "feed": lambda s: wrk(base + feed, s),
                "304": lambda s: wrk(base + feed, s, etag),
            }
            for run in runs.values():
                run(1)  # warm up: connections, thread pool, caches
            gemeten = {k: [] for k in runs}
            for _ in range(rondes):
                for k, run in runs.items():
                    gemeten[k].append(run(seconden))
            etag_na = _controleer(base, feed)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            log_path.unlink(missing_ok=True)
    if etag_na != etag:
        raise RuntimeError("de ETag veranderde tijdens de meting")
    med = {k: statistics.median(v) for k, v in gemeten.items()}
    events = body.count(b"BEGIN:VEVENT")
    omvang = f"{events} events, {len(body) / 1000:.0f} kB, {sa.make_url(db_url).get_backend_name()}"
    ttl = getattr(Settings(), "feed_stand_ttl", None)  # the server's, from the same environment
    if ttl is not None:
        omvang += f", stand-TTL {ttl:g} s"
    per_run = {k: "/".join(f"{x:.0f}" for x in v) for k, v in gemeten.items()}
    return [
        {"meting": "warm: geheugenroute (basis)", "omvang": f"{omvang}; runs {per_run['basis']}",
         "waarde": f"{med['basis']:.0f} req/s", "basis": "–", "verhouding": "1", "doel": "–", "gehaald": None},
        {"meting": "warm: feed (zelfde bytes, gecontroleerd)", "omvang": f"{omvang}; runs {per_run['feed']}",
         "waarde": f"{med['feed']:.0f} req/s", "basis": f"{med['basis']:.0f} req/s",
         "verhouding": f"{med['feed'] / med['basis']:.2f}", "doel": "≥ 0,8",
         "gehaald": med["feed"] / med["basis"] >= 0.8},
        {"meting": "warm: 304 (If-None-Match)", "omvang": f"lege 304 gecontroleerd; runs {per_run['304']}",
         "waarde": f"{med['304']:.0f} req/s", "basis": f"{med['basis']:.0f} req/s",
         "verhouding": f"{med['304'] / med['basis']:.2f}", "doel": "–", "gehaald": None},
    ]


# schaal --------------------------------------------------------------------------------------------------------


def meet_schaal(engine: sa.Engine, settings: Settings, andere: int) -> dict:
    koud = []
    for _ in range(3):
        cache = FeedCache()
        t, uitvoer = serve(engine, settings, cache)
        koud.append(t)
    warm = []
    for _ in range(100):
        t, u = serve(engine, settings, cache)
        assert u is uitvoer
        warm.append(t)
    verschoven, gerenderd = [], cache.rendered
    with Session(engine) as s:
        stand = service.read_stand(s)
    for n in range(10):
        bump(engine, andere, n)
        t, u = serve(engine, settings, cache)
        assert u.etag == uitvoer.etag and cache.rendered == gerenderd
        verschoven.append(t)
    with Session(engine) as s:
        assert service.read_stand(s) >= stand + 10, "de teller bewoog niet"
    return {"koud": min(koud), "warm": min(warm), "verschoven": min(verschoven), "uitvoer": uitvoer}


def plannen(engine: sa.Engine, settings: Settings, andere: int) -> tuple[list[dict], str]:
    """EXPLAIN ANALYZE of every query of the cold path and of the 'counter moved, feed unchanged' path."""
    queries: list[tuple[str, str, object]] = []
    pad = {"naam": ""}

    def grab(_conn, _cursor, statement, parameters, _context, _executemany):
        queries.append((pad["naam"], statement, parameters))

    cache = FeedCache()
    sa.event.listen(engine, "before_cursor_execute", grab)
    try:
        pad["naam"] = "koud"
        serve(engine, settings, cache)
        bump(engine, andere, 99)
        pad["naam"] = "verschoven"
        serve(engine, settings, cache)
    finally:
        sa.event.remove(engine, "before_cursor_execute", grab)
    uit, samenstelling = [], ""
    with engine.connect() as c:
        for naam, statement, parameters in queries:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue  # the bump between the two
            plan = [r[0] for r in c.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, parameters)]
            tekst = "\n".join(plan)
            groot = sorted({t for t in re.findall(r"Seq Scan on (\w+)", tekst) if t in GROOT})
            ms = float(re.search(r"Execution Time: ([\d.]+) ms", tekst).group(1))
            label = _label(statement)
            uit.append({"pad": naam, "query": label, "ms": ms, "seq": ", ".join(groot) or "geen"})
            if label == "composition()" and naam == "verschoven":
                samenstelling = tekst
    return uit, samenstelling


def _label(statement: str) -> str:
    s = " ".join(statement.split())
    if "agendapunt" in s and "vergaderingorgaan" in s and "max(" in s:
        return "composition()"
    for sleutel, naam in [("FROM feedstand", "read_stand()"), ("max(orgaan.modified_at)", "structure_stamp()"),
                          ("FROM feedversie", "_versie()"), ("FROM deelname", "bron(): regelingen"),
                          ("FROM gemeente ", "get_gemeente()"), ("FROM orgaan WHERE", "bron(): organen"),
                          ("FROM vergaderingorgaan JOIN orgaan", "render: organen (views)"),
                          ("FROM agendapunt", "render: agendapunten"),
                          ("FROM vergadering WHERE", "render: vergaderingen")]:
        if sleutel in s:
            return naam
    return s[:60]


def rijen_schaal(url: str | None) -> tuple[list[dict], str]:
    pg = url or DEFAULT_PG
    try:
        probe = create_db_engine(pg)
        with probe.connect():
            pass
        probe.dispose()
    except sa.exc.OperationalError as fout:
        return [{"meting": "schaal", "overgeslagen": f"geen PostgreSQL op {pg} ({str(fout).splitlines()[0]})"}], ""
    with database(pg, "schaal") as db_url:
        engine = create_db_engine(db_url)
        settings = _settings(db_url)
        now = datetime.now(UTC)
        with engine.begin() as conn:
            opzet = structuur(conn, now)
            doel(conn, opzet, Venster.voor(settings, now), now, in_venster=500, ervoor=500)
            andere = opzet.volgende_id
            overige(conn, opzet, now, 10_000 - (opzet.volgende_id - 1))
        afronden(engine)
        klein = meet_schaal(engine, settings, andere)
        t = time.perf_counter()
        with engine.begin() as conn:
            overige(conn, opzet, now, 1_000_000 - (opzet.volgende_id - 1))
        afronden(engine)
        vullen = time.perf_counter() - t
        groot = meet_schaal(engine, settings, andere)
        uitleg = plannen(engine, settings, andere)
        with engine.connect() as c:
            totaal = c.exec_driver_sql("SELECT count(*) FROM vergadering").scalar()
            punten = c.exec_driver_sql("SELECT count(*) FROM agendapunt").scalar()
        engine.dispose()
    if klein["uitvoer"].body != groot["uitvoer"].body:
        verschil = next((a, b) for a, b in zip(klein["uitvoer"].body.splitlines(), groot["uitvoer"].body.splitlines(),
                                               strict=False) if a != b)
        raise RuntimeError(f"de feed verschilt tussen 10.000 en 1.000.000 vergaderingen: {verschil}")
    events = groot["uitvoer"].body.count(b"BEGIN:VEVENT")
    omvang = (f"{events} events (zelfde bytes); 10.000 → {nl(totaal)} vergaderingen, {nl(punten)} agendapunten "
              f"(bijvullen {vullen:.0f} s)")
    rijen = []
    for pad, naam in [("koud", "lege FeedCache, best of 3"), ("warm", "stand gelijk, best of 100"),
                      ("verschoven", "stand verschoven, feed gelijk, best of 10")]:
        r = groot[pad] / klein[pad]
        rijen.append({"meting": f"schaal: {pad} ({naam})", "omvang": omvang, "waarde": f"1M: {fmt_s(groot[pad])}",
                      "basis": f"10k: {fmt_s(klein[pad])}", "verhouding": f"{r:.2f}", "doel": "≤ 2",
                      "gehaald": r <= 2})
        omvang = "〃"
    return rijen, uitleg


# Table ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark van de agendafeeds.")
    parser.add_argument("--alleen", choices=("koud", "warm", "schaal"), help="alleen deze meting")
    parser.add_argument("--database-url", help="PostgreSQL-server (postgresql://...); standaard SQLite in een "
                                               "tijdelijke map (schaal: postgresql://postgres@127.0.0.1:5432/)")
    parser.add_argument("--rondes", type=int, default=3, help="rondes wrk (standaard 3)")
    parser.add_argument("--seconden", type=int, default=5, help="duur van één wrk-run (standaard 5)")
    parser.add_argument("--seed", type=int, default=1, help="zaad van de koude meting (standaard 1)")
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url moet een PostgreSQL-URL zijn; zonder de optie meet het op SQLite")
    begin = time.perf_counter()
    namen = [args.alleen] if args.alleen else ["koud", "warm", "schaal"]
    rijen, uitleg = [], None
    for naam in namen:
        if naam == "koud":
            rijen += rijen_koud(args.database_url, args.seed)
        elif naam == "warm":
            rijen += rijen_warm(args.database_url, args.rondes, args.seconden)
        else:
            extra, uitleg = rijen_schaal(args.database_url)
            rijen += extra
    print("Commando: `" + " ".join(["python -m bench.feeds", *(sys.argv[1:] if argv is None else argv)]) + "`")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"wrk -t1 -c8, {args.rondes} rondes van {args.seconden} s; totaal {time.perf_counter() - begin:.0f} s\n")
    print("| meting | omvang | gemeten | basis (zelfde run) | verhouding | doel | gehaald |")
    print("|---|---|---:|---:|---:|---|---|")
    mis = 0
    for r in rijen:
        if "overgeslagen" in r:
            print(f"| {r['meting']} | – | – | – | – | overgeslagen: {r['overgeslagen']} | – |")
            continue
        gehaald = {True: "ja", False: "**nee**", None: "–"}[r["gehaald"]]
        mis += r["gehaald"] is False
        print(f"| {r['meting']} | {r['omvang']} | {r['waarde']} | {r['basis']} | {r['verhouding']} | {r['doel']} "
              f"| {gehaald} |")
    if uitleg:
        queries, samenstelling = uitleg
        print("\nQueries bij 1.000.000 vergaderingen (EXPLAIN ANALYZE; render-queries per blok van 500):\n")
        print("| pad | query | ms | seq scan op een grote tabel |")
        print("|---|---|---:|---|")
        for q in queries:
            print(f"| {q['pad']} | {q['query']} | {q['ms']:.2f} | {q['seq']} |")
        print("\nPlan van composition() (pad 'verschoven'):\n\n```\n" + samenstelling + "\n```")
    return 1 if mis else 0


if __name__ == "__main__":
    sys.exit(main())
