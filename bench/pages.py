"""Benchmark of the public pages under wrk (issue 6, "Fast pages"); prints a Markdown table.

    python -m bench.pages [--database-url postgresql://...] [--rondes 3] [--seconden 5] [--zoeken 100000]
                          [--zonder-cache] [--bewaak tabel,tabel]

One uvicorn server (one worker, no access log) serves the real app on a database of a realistic region, plus
one route that exists only here: ``/bench/vloer``, an ``async`` handler that answers ``ok``. It passes the
same middleware (language, sessions, security headers, page cache) as every page, so it is the framework's floor
on this machine at this moment. ``wrk --latency`` (2 threads, 8 connections by default) then measures, in one
session and alternating (vloer, gemeente, vergadering, ..., vloer, ...), each endpoint for ``--seconden`` per
round; the table gives the median over the rounds of wrk's median and p99 latency and of its requests/s, and
each median latency divided by the floor's. Targets: median within 3x of the floor; search under 50 ms.

The region (``bench.feeds``: the same fill the feed benchmark uses): 400 gemeenten with a raad and two
committees each and twenty members per raad, 20 regelingen of 10-11 gemeenten with an AB and a DB; the
measured gemeente (Doelstad) takes part in two regelingen and has 300 meetings of its own bodies in the
feed window and 100 before it (one in ten joint with another raad, six agenda items each), among 10,000
meetings in all; every gemeente has five fracties and a recess. Measured: the gemeente page of Doelstad, the
page of a public, future, joint raad meeting with an online link, and of a public, future committee meeting
(its page says per agenda item who may speak and how many places are left).

The search leg fills ``--zoeken`` voorstellen (default 100,000; four in five decided and published, so about
180,000 rows in the index) with ``bench.zoeken.vul`` and measures ``/zoeken?q=begroting`` (a common word) with
``wrk -t1 -c1``: its target is absolute, the time of one search.
Without that function or the route, the leg is reported as pending.

The pages are served by the page cache (app/web/paginacache.py) where it may; ``--zonder-cache`` measures the
render path alone. ``--bewaak`` gives more tables the feedstand triggers of migration 0003 before the server
starts, to measure what a migration adding them would allow (the header line says so).

Before measuring, each page is fetched once and checked (status 200, the expected names in the body), and
again after the runs (the same bytes apart from the CSRF token: nothing changed underneath).
"""

import argparse
import difflib
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
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/pages.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402
import sqlalchemy as sa  # noqa: E402
from markupsafe import escape  # noqa: E402

from app.config import PROJECT_ROOT, Settings  # noqa: E402
from app.db import create_db_engine  # noqa: E402

VLOER = "/bench/vloer"
BASE_URL = "https://tussenruimte.bench"
ZOEKTERM = "begroting"


# The server -----------------------------------------------------------------------------------------------------


def create():
    """``uvicorn --factory bench.pages:create``: the real app plus the floor route."""
    from fastapi.responses import PlainTextResponse

    from app.main import create_app

    settings = Settings()
    app = create_app(settings)
    lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def met_afsluiten(_app):
        async with lifespan(_app):
            yield
        app.state.engine.dispose()

    app.router.lifespan_context = met_afsluiten

    @app.get(VLOER, include_in_schema=False)
    async def vloer() -> PlainTextResponse:
        return PlainTextResponse("ok")

    return app


# The data -------------------------------------------------------------------------------------------------------


def vullen(db_url: str, zoeken: int) -> dict:
    """The region of ``bench.feeds`` plus what the gemeente page shows beyond meetings; returns what to fetch."""
    from bench import feeds

    engine = create_db_engine(db_url)
    now = datetime.now(UTC)
    settings = feeds._settings(db_url)
    with engine.begin() as conn:
        opzet = feeds.structuur(conn, now)
        eerste = opzet.volgende_id
        feeds.doel(conn, opzet, feeds.Venster.voor(settings, now), now, in_venster=300, ervoor=100)
        feeds.overige(conn, opzet, now, 10_000 - (opzet.volgende_id - 1))
        _extra(conn, now)
        # a public, future, joint meeting of Doelstad with an online link (k % 10 == 0 in feeds.doel)
        vergadering = conn.execute(sa.text(
            "SELECT v.id FROM vergadering v JOIN vergaderingorgaan vo ON vo.vergadering_id = v.id "
            "WHERE v.id >= :eerste AND v.start > :nu AND v.openbaar AND v.online_url IS NOT NULL "
            "AND v.status = 'gepland' GROUP BY v.id HAVING count(*) > 1 ORDER BY v.start LIMIT 1"),
            {"eerste": eerste, "nu": now}).scalar_one()
        punten = conn.execute(sa.text("SELECT titel FROM agendapunt WHERE vergadering_id = :v"),
                              {"v": vergadering}).scalars().all()
        # and a public, future committee meeting with an online link: its page says who may speak
        commissie = conn.execute(sa.text(
            "SELECT v.id FROM vergadering v JOIN vergaderingorgaan vo ON vo.vergadering_id = v.id "
            "JOIN orgaan o ON o.id = vo.orgaan_id WHERE o.gemeente_id = 1 AND o.soort = 'commissie' "
            "AND v.start > :later AND v.openbaar AND v.online_url IS NOT NULL "
            "AND v.status = 'gepland' ORDER BY v.start LIMIT 1"),
            {"later": now + timedelta(days=2)}).scalar_one()
    feeds.afronden(engine)
    zoek = _zoekvulling(engine, zoeken)
    engine.dispose()
    return {"vergadering": vergadering, "commissie": commissie, "punten": tuple(punten), "zoeken": zoek}


def _extra(conn: sa.Connection, now: datetime) -> None:
    """Fracties and a recess for every gemeente, and per regeling a voorstel with an open zienswijze term."""
    from bench.feeds import _insert, _table

    stamps = {"created_at": now, "modified_at": now}
    tabellen = sa.inspect(conn).get_table_names()
    fracties = [("VVD", 6), ("GroenLinks-PvdA", 5), ("CDA", 3), ("D66", 3), ("Lokaal Belang", 3)]
    if "fractie" in tabellen:
        kolommen = {c.name for c in _table("fractie").columns}
        rijen = [{**stamps, "gemeente_id": g, "naam": naam, "zetels": zetels}
                 for g in range(1, 401) for naam, zetels in fracties]
        _insert(conn, "fractie", [{k: v for k, v in r.items() if k in kolommen} for r in rijen])
    if "reces" in tabellen:
        van = (now + timedelta(days=200)).date()
        _insert(conn, "reces", [{**stamps, "gemeente_id": g, "naam": "Zomerreces", "van": van,
                                 "tot": van + timedelta(days=42)} for g in range(1, 401)])


def bewaak(db_url: str, tabellen: list[str]) -> None:
    """Feedstand triggers on more tables, as migration 0003 makes them (to measure what they would allow)."""
    engine = create_db_engine(db_url)
    with engine.begin() as c:
        if engine.dialect.name == "postgresql":
            for t in tabellen:
                c.exec_driver_sql(f"CREATE CONSTRAINT TRIGGER feedstand_{t} AFTER INSERT OR UPDATE OR DELETE ON {t} "
                                  "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION feedstand_verhoog()")
        else:
            for t in tabellen:
                for e in ("INSERT", "UPDATE", "DELETE"):
                    c.exec_driver_sql(f"CREATE TRIGGER feedstand_{t}_{e.lower()} AFTER {e} ON {t} "
                                      "BEGIN UPDATE feedstand SET stand = stand + 1 WHERE id = 1; END")
    engine.dispose()


def _zoekvulling(engine: sa.Engine, aantal: int) -> str | None:
    """Fill ``aantal`` decisions with bench/zoeken.py's generator; the reason when there is no fill (for the table)."""
    if aantal <= 0:
        return "uitgeschakeld (--zoeken 0)"
    from bench.zoeken import vul

    vul(engine, aantal)
    return None


# wrk ------------------------------------------------------------------------------------------------------------


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
            if httpx.get(base + VLOER, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"uvicorn kwam niet op binnen {timeout:g} s:\n{log.read_text()[-3000:]}")


EENHEID = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def _ms(tekst: str) -> float:
    getal, eenheid = re.fullmatch(r"([\d.]+)(us|ms|s)", tekst).groups()
    return float(getal) * EENHEID[eenheid]


def wrk(url: str, seconden: int, threads: int, verbindingen: int) -> dict:
    """wrk --latency: median and p99 latency (ms) and requests/s; refuses a run with errors or non-2xx."""
    cmd = ["wrk", f"-t{threads}", f"-c{verbindingen}", f"-d{seconden}s", "--timeout", "30s", "--latency", url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    aantal = int(re.search(r"^\s*(\d+) requests in", out, re.M).group(1))
    if "Non-2xx or 3xx" in out or "Socket errors" in out or aantal == 0:
        raise RuntimeError(f"wrk meldde fouten:\n{out}")
    return {"p50": _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)),
            "p99": _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)),
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}


CSRF = re.compile(rb'(name="csrf-token" content="|name="csrf_token" value="|"X-CSRF-Token": ")[^"]*')


def _rustig(base: str, timeout: float = 60) -> None:
    """Wait until the server has finished what the last run left queued (a slow endpoint's requests go on after
    wrk stops), so the next run does not pay for them: the floor answers a single request quickly again."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        t = time.perf_counter()
        httpx.get(base + VLOER, timeout=timeout)
        if time.perf_counter() - t < 0.05:  # a queued search request takes far longer
            return
        time.sleep(0.2)


def _controleer(base: str, doelen: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, bytes]:
    """Every page answers 200 with the names it must show; returns the bodies without their CSRF tokens."""
    bodies = {}
    for naam, (pad, moet) in doelen.items():
        r = httpx.get(base + pad, timeout=30)
        if r.status_code != 200:
            raise RuntimeError(f"{pad} gaf {r.status_code}:\n{r.text[:2000]}")
        ontbreekt = [m for m in moet if str(escape(m)) not in r.text]
        if ontbreekt:
            raise RuntimeError(f"{pad} toont niet: {', '.join(ontbreekt)}")
        bodies[naam] = CSRF.sub(rb"\1-", r.content)
    return bodies


def meten(db_url: str, info: dict, rondes: int, seconden: int, threads: int, verbindingen: int,
          cache: bool = True) -> list[dict]:
    doelen: dict[str, tuple[str, tuple[str, ...]]] = {
        "vloer": (VLOER, ("ok",)),
        "gemeente": ("/gemeenten/doelstad", ("Doelstad", "Regio 01")),
        "vergadering (raad)": (f"/vergaderingen/{info['vergadering']}", ("video.example.nl/live/",
                                                                          *info["punten"])),
        "vergadering (commissie)": (f"/vergaderingen/{info['commissie']}", ("video.example.nl/live/",)),
    }
    if info["zoeken"] is None:
        doelen["zoeken"] = (f"/zoeken?q={ZOEKTERM}", (ZOEKTERM,))
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TUSSENRUIMTE_DATABASE_URL": db_url, "TUSSENRUIMTE_BASE_URL": BASE_URL,
           "TUSSENRUIMTE_SECRET_KEY": "b" * 40, "TUSSENRUIMTE_MELDINGEN_INTERVAL": "0",
           "TUSSENRUIMTE_PAGINA_CACHE": "true" if cache else "false"}
    log_path = Path(tempfile.mkstemp(prefix="uvicorn-", suffix=".log")[1])
    with log_path.open("w") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--factory", "bench.pages:create", "--host", "127.0.0.1",
             "--port", str(port), "--workers", "1", "--no-access-log"],
            cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait_ready(base, proc, log_path)
        voor = _controleer(base, doelen)
        for pad, _ in doelen.values():
            for _ in range(3):  # warm up: thread pool, caches
                httpx.get(base + pad, timeout=60)
        gemeten: dict[str, list[dict]] = {k: [] for k in doelen}
        for _ in range(rondes):
            for naam, (pad, _) in doelen.items():
                _rustig(base)
                # search has an absolute target: one connection, the latency of one search at a time
                t, c = (1, 1) if naam == "zoeken" else (threads, verbindingen)
                gemeten[naam].append(wrk(base + pad, seconden, t, c))
        na = _controleer(base, doelen)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log_path.unlink(missing_ok=True)
    veranderd = [k for k in voor if voor[k] != na[k]]
    if veranderd:
        verschil = "\n".join(difflib.unified_diff(voor[veranderd[0]].decode().splitlines(),
                                                  na[veranderd[0]].decode().splitlines(), lineterm="", n=0))
        raise RuntimeError(f"de pagina's veranderden tijdens de meting: {', '.join(veranderd)}\n{verschil[:3000]}")
    med = {k: {m: statistics.median(r[m] for r in runs) for m in ("p50", "p99", "rps")}
           for k, runs in gemeten.items()}
    vloer = med["vloer"]["p50"]
    rijen = []
    for naam, (pad, _) in doelen.items():
        m = med[naam]
        ratio = m["p50"] / vloer
        if naam == "vloer":
            doel, gehaald = "–", None
        elif naam == "zoeken":
            doel, gehaald = "< 50 ms", m["p50"] < 50
        else:
            doel, gehaald = "≤ 3x", ratio <= 3
        rijen.append({"endpoint": naam, "pad": pad, "bytes": len(voor[naam]), **m, "ratio": ratio, "doel": doel,
                      "gehaald": gehaald, "runs": "/".join(f"{r['p50']:.1f}" for r in gemeten[naam])})
    if info["zoeken"] is not None:
        rijen.append({"endpoint": "zoeken", "pad": f"/zoeken?q={ZOEKTERM}", "overgeslagen": info["zoeken"]})
    return rijen


# Table ----------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark van de publieke pagina's onder wrk.")
    parser.add_argument("--database-url", help="PostgreSQL-server (postgresql://...); standaard SQLite in een "
                                               "tijdelijke map")
    parser.add_argument("--rondes", type=int, default=3, help="rondes wrk (standaard 3)")
    parser.add_argument("--seconden", type=int, default=5, help="duur van één wrk-run (standaard 5)")
    parser.add_argument("--threads", type=int, default=2, help="wrk -t (standaard 2)")
    parser.add_argument("--verbindingen", type=int, default=8, help="wrk -c (standaard 8)")
    parser.add_argument("--zoeken", type=int, default=100_000,
                        help="besluiten voor de zoekmeting (standaard 100.000; 0: geen zoekmeting)")
    parser.add_argument("--zonder-cache", action="store_true", help="zonder paginacache (TUSSENRUIMTE_PAGINA_CACHE)")
    parser.add_argument("--bewaak", default="", help="komma-lijst van tabellen die voor de meting ook feedstand-"
                                                    "triggers krijgen (wat een migratie zou toevoegen)")
    args = parser.parse_args(argv)
    if args.database_url and not args.database_url.startswith("postgresql"):
        parser.error("--database-url moet een PostgreSQL-URL zijn; zonder de optie meet het op SQLite")
    if shutil.which("wrk") is None:
        parser.error("wrk ontbreekt; installeer het met: apt-get install wrk")
    from bench.feeds import database

    begin = time.perf_counter()
    with database(args.database_url, "pages") as db_url:
        t = time.perf_counter()
        info = vullen(db_url, args.zoeken)
        vul_s = time.perf_counter() - t
        extra = [t for t in args.bewaak.split(",") if t.strip()]
        if extra:
            bewaak(db_url, extra)
        rijen = meten(db_url, info, args.rondes, args.seconden, args.threads, args.verbindingen,
                      cache=not args.zonder_cache)
        backend = sa.make_url(db_url).get_backend_name()
    print("Commando: `" + " ".join(["python -m bench.pages", *(sys.argv[1:] if argv is None else argv)]) + "`")
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores; Python {platform.python_version()}; "
          f"{backend}; uvicorn 1 worker; wrk -t{args.threads} -c{args.verbindingen} --latency, {args.rondes} "
          f"rondes van {args.seconden} s; paginacache {'uit' if args.zonder_cache else 'aan'}"
          f"{'; extra feedstand-triggers op ' + ', '.join(extra) if extra else ''}; vullen {vul_s:.0f} s; "
          f"totaal {time.perf_counter() - begin:.0f} s\n")
    print("| endpoint | pad | bytes | mediaan | p99 | req/s | mediaan / vloer | doel | gehaald | medianen per ronde |")
    print("|---|---|---:|---:|---:|---:|---:|---|---|---|")
    mis = 0
    for r in rijen:
        if "overgeslagen" in r:
            print(f"| {r['endpoint']} | `{r['pad']}` | – | – | – | – | – | {r['overgeslagen']} | – | – |")
            continue
        gehaald = {True: "ja", False: "**nee**", None: "–"}[r["gehaald"]]
        mis += r["gehaald"] is False
        print(f"| {r['endpoint']} | `{r['pad']}` | {r['bytes']:,} | {r['p50']:.2f} ms | {r['p99']:.2f} ms "
              f"| {r['rps']:,.0f} | {r['ratio']:.2f} | {r['doel']} | {gehaald} | {r['runs']} |")
    return 1 if mis else 0


if __name__ == "__main__":
    sys.exit(main())
