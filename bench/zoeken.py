"""Benchmark of search (issue 6, "search over 100,000 decisions under 50 ms"); prints a Markdown table.

    python -m bench.zoeken [--aantal 100000] [--database-url postgresql://postgres@127.0.0.1:5432/] [--keer 30]

Fills a fresh database (a SQLite file in a temporary directory, and a PostgreSQL database of this run's own when
the server answers; created and dropped here) migrated with the project's Alembic config with 20 regelingen of
ten gemeenten and ``--aantal`` voorstellen of realistic Dutch text (titles and explanations from the words of
joint regulations: begrotingen, jeugdzorg, afvalinzameling, …); four in five are decided and published, so they
are found as a voorstel and as a decision (2 × aantal rows in the index), one in twenty is a concept. The index is
kept by the migration's triggers while filling, as in production.

Then for each query of QUERIES (common and rare words, two words, a phrase, a filter, page 3, no match) it
measures ``--keer`` times, after one warm-up: the search service (``app.zoeken.service.zoek``: counts per kind,
one page of 20, highlights) and the HTTP route ``/zoeken?q=…`` in process (FastAPI TestClient, the whole page
rendered). The table gives median and p95 per database over all queries, and the slowest query's median.
Above app.zoeken.service.GRENS (1,000) matches a search counts no further and shows the newest first.

``vul(engine, aantal)`` is the fill on its own: bench/pages.py calls it for its search leg on its own database
(it uses the regelingen already there, or makes them).
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

if __package__ in (None, ""):  # run as a script: python bench/zoeken.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa  # noqa: E402
from alembic import command  # noqa: E402
from sqlmodel import Session, SQLModel  # noqa: E402

import app.models  # noqa: E402, F401
from app.accounts.authz import Actor  # noqa: E402
from app.cli import alembic_config  # noqa: E402
from app.config import Settings  # noqa: E402
from app.db import create_db_engine  # noqa: E402
from app.zoeken import service  # noqa: E402

QUERIES = [
    ("begroting", {}),  # common: in about one title in six
    ("jeugdzorg", {}),
    ("afvalinzameling gemeenten", {}),
    ('"zienswijze van de raad"', {}),
    ("begrotingswijziging", {"soort": "besluit"}),
    ("brandweerkazerne", {"jaar": "2025"}),
    ("kadernota", {"pagina": 3}),
    ("zonnepanelenveld", {}),  # rare
    ("xylofoonorkest", {}),  # no match
]

ONDERWERPEN = ["jeugdzorg", "afvalinzameling", "brandweerkazerne", "openbaar vervoer", "GGD-taken",
               "schuldhulpverlening", "Wmo-vervoer", "bodemsanering", "recreatiegebied", "omgevingsdienst",
               "leerlingenvervoer", "veiligheidshuis", "regionale archieven", "sociale werkvoorziening",
               "energietransitie", "zonnepanelenveld", "grondstoffenbeleid", "crisisbeheersing",
               "ambulancezorg", "milieuhandhaving", "arbeidsmarktregio", "huisvesting statushouders"]
SOORTEN = [("begroting", "Begroting {jaar}"), ("begrotingswijziging", "{n}e begrotingswijziging {jaar}"),
           ("kadernota", "Kadernota {jaar}"), ("jaarrekening", "Jaarrekening {jaar}"),
           ("wijziging_regeling", "Wijziging van de gemeenschappelijke regeling"), ("overig", "Voorstel")]
ZINNEN = [
    "Het dagelijks bestuur legt de {soort} voor aan de raden van de deelnemende gemeenten.",
    "De raden kunnen tot {datum} hun zienswijze van de raad kenbaar maken over {onderwerp}.",
    "De kosten voor {onderwerp} stijgen door hogere lonen en prijzen; de bijdrage per inwoner gaat omhoog.",
    "Het voorstel regelt de financiering van {onderwerp} voor de komende vier jaar.",
    "Na de evaluatie van {onderwerp} stelt het bestuur voor de taken anders te verdelen over de gemeenten.",
    "De accountant gaf een goedkeurende verklaring; het resultaat wordt toegevoegd aan de algemene reserve.",
    "Het algemeen bestuur besluit de {soort} vast te stellen met inachtneming van de ingediende zienswijzen.",
    "Gemeenten vragen aandacht voor de uitvoering van {onderwerp} en voor de lasten van de begrotingen.",
]


def _stamps(when: datetime) -> dict:
    return {"created_at": when, "modified_at": when}


def _regelingen(conn: sa.Connection) -> list[int]:
    """The regelingen to put the voorstellen in: those already there, or twenty new ones of ten gemeenten."""
    ids = list(conn.execute(sa.text("SELECT id FROM regeling WHERE deleted_at IS NULL ORDER BY id")).scalars())
    if ids:
        return ids
    t = SQLModel.metadata.tables
    nu = datetime.now(UTC).replace(microsecond=0)
    conn.execute(t["gemeente"].insert(), [
        {**_stamps(nu), "code": f"GM{7000 + g:04d}", "naam": f"Zoekdorp {g}", "slug": f"zoekdorp-{g}",
         "provincie": "Utrecht", "inwoners": 30_000 + g, "demo": False} for g in range(40)])
    gemeenten = list(conn.execute(sa.text("SELECT id FROM gemeente ORDER BY id")).scalars())
    for r in range(20):
        rid = conn.execute(t["regeling"].insert().values(
            **_stamps(nu), slug=f"zoekregio-{r}", naam=f"Zoekregio {r}", vorm="openbaar_lichaam",
            synchronisatie="gelijke_dag", demo=False, termijnen={})).inserted_primary_key[0]
        conn.execute(t["orgaan"].insert().values(**_stamps(nu), slug=f"zoekregio-{r}-ab", soort="algemeen_bestuur",
                                                 naam=f"Algemeen bestuur Zoekregio {r}", regeling_id=rid))
        conn.execute(t["deelname"].insert(), [
            {**_stamps(nu), "regeling_id": rid, "gemeente_id": gemeenten[(r * 2 + j) % len(gemeenten)],
             "inwoners": 30_000, "bijdrage": Decimal("1000.00")} for j in range(10)])
        ids.append(rid)
    return ids


def rijen(aantal: int, regelingen: list[int], seed: int = 6) -> list[dict]:
    """``aantal`` voorstel rows: four in five published decisions, one in twenty a concept, the rest sent."""
    rng = random.Random(seed)
    nu = datetime.now(UTC).replace(microsecond=0)
    uit = []
    for i in range(aantal):
        soort, sjabloon = rng.choice(SOORTEN)
        jaar = rng.randint(2015, 2028)
        onderwerp = rng.choice(ONDERWERPEN)
        titel = sjabloon.format(jaar=jaar, n=rng.randint(1, 4))
        titel = f"{titel}: {onderwerp}" if soort in ("overig", "wijziging_regeling") or rng.random() < 0.5 else titel
        beschikbaar = date(jaar, rng.randint(1, 12), rng.randint(1, 28))
        woorden = {"soort": soort.replace("_", " "), "onderwerp": rng.choice(ONDERWERPEN),
                   "datum": (beschikbaar + timedelta(weeks=8)).isoformat()}
        toelichting = " ".join(z.format(**woorden) for z in rng.sample(ZINNEN, 4))
        lot = rng.random()
        rij = {**_stamps(nu), "regeling_id": regelingen[i % len(regelingen)], "titel": titel[:300], "soort": soort,
               "toelichting": toelichting, "beschikbaar": beschikbaar, "uiterlijk": beschikbaar + timedelta(weeks=8),
               "fase": "verzonden", "besluit": None, "besloten_op": None, "besluit_tekst": None, "publicatie": None,
               "gepubliceerd_op": None, "versie": 1}
        if lot < 0.05:
            rij["fase"] = "concept"
        elif lot < 0.85:
            besloten = beschikbaar + timedelta(weeks=12)
            rij.update(fase="gepubliceerd", besluit="aangenomen", besloten_op=besloten,
                       gepubliceerd_op=besloten + timedelta(days=10),
                       besluit_tekst=ZINNEN[6].format(**woorden) + " " + ZINNEN[7].format(**woorden),
                       publicatie=f"Staatscourant {jaar + 1}, nr. {rng.randint(1000, 99999)}")
        uit.append(rij)
    return uit


def vul(engine: sa.Engine, aantal: int = 100_000) -> None:
    """Add ``aantal`` voorstellen/besluiten to the database (the index follows through its triggers)."""
    tabel = SQLModel.metadata.tables["voorstel"]
    with engine.begin() as conn:
        regelingen = _regelingen(conn)
    alle = rijen(aantal, regelingen)
    for i in range(0, len(alle), 5_000):
        with engine.begin() as conn:
            conn.execute(tabel.insert(), alle[i:i + 5_000])
    if engine.dialect.name == "postgresql":
        # As autovacuum would: VACUUM also moves the GIN indexes' pending lists (filled by the triggers) into the
        # indexes proper, which every search would otherwise read through (twice the time of a common word).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    else:
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO zoekindex(zoekindex) VALUES ('optimize')")
            conn.exec_driver_sql("ANALYZE")


@contextmanager
def _database(url: str | None):
    if url is None:
        with tempfile.TemporaryDirectory(prefix="tussenruimte-zoeken-") as tmp:
            db_url = f"sqlite:///{tmp}/zoeken.db"
            _migrate(db_url)
            yield db_url
        return
    naam = f"tussenruimte_zoeken_{os.getpid()}"
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


def _p95(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def meet(db_url: str, aantal: int, keer: int) -> dict:
    from fastapi.testclient import TestClient

    from app.main import create_app

    engine = create_db_engine(db_url)
    t0 = time.perf_counter()
    vul(engine, aantal)
    vullen = time.perf_counter() - t0
    burger = Actor()
    dienst, route, per_query = [], [], {}
    app = create_app(settings=Settings(database_url=db_url, base_url="https://bench.test", secret_key="z" * 40,
                                       mode="test"), engine=engine)
    with TestClient(app, base_url="https://bench.test") as client:
        for q, extra in QUERIES:
            pagina = extra.get("pagina", 1)
            filters = {k: str(v) for k, v in extra.items() if k != "pagina"}
            vraag = service.lees_vraag(q)
            tijden = []
            for n in range(keer + 1):
                with Session(engine) as session:
                    start = time.perf_counter()
                    r = service.zoek(session, vraag, service.filter_uit(session, **filters), actor=burger,
                                     pagina=pagina)
                    verstreken = time.perf_counter() - start
                if n:
                    tijden.append(verstreken)
            dienst += tijden
            params = {"q": q, **filters, **({"pagina": str(pagina)} if pagina > 1 else {})}
            http = []
            for n in range(keer + 1):
                start = time.perf_counter()
                response = client.get("/zoeken", params=params)
                verstreken = time.perf_counter() - start
                assert response.status_code == 200, response.text[:300]
                if n:
                    http.append(verstreken)
            route += http
            per_query[q] = (statistics.median(tijden), statistics.median(http),
                            f"meer dan {service.GRENS:,}".replace(",", ".") if r.afgekapt
                            else f"{r.totaal:,}".replace(",", "."))
    engine.dispose()
    return {"vullen": vullen, "dienst": dienst, "route": route, "per_query": per_query}


def ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantal", type=int, default=100_000)
    parser.add_argument("--keer", type=int, default=30)
    parser.add_argument("--database-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--alleen", choices=["sqlite", "postgresql"])
    args = parser.parse_args(argv)
    print(f"# Zoeken: {args.aantal:,} voorstellen/besluiten".replace(",", "."))
    print(f"\n{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPU's\n")
    uitkomsten = {}
    for naam, url in (("SQLite (FTS5)", None), ("PostgreSQL (dutch)", args.database_url)):
        if args.alleen and not naam.lower().startswith(args.alleen[:6]):
            continue
        try:
            with _database(url) as db_url:
                uitkomsten[naam] = meet(db_url, args.aantal, args.keer)
        except sa.exc.OperationalError as exc:
            print(f"{naam}: overgeslagen, database niet bereikbaar ({str(exc).splitlines()[0]})")
    print("| database | vullen | dienst mediaan | dienst p95 | route mediaan | route p95 "
          "| traagste query (dienst/route) |")
    print("|---|---|---|---|---|---|---|")
    for naam, u in uitkomsten.items():
        traagste = max(u["per_query"].items(), key=lambda kv: kv[1][1])
        print(f"| {naam} | {u['vullen']:.0f} s | {ms(statistics.median(u['dienst']))} | {ms(_p95(u['dienst']))} | "
              f"{ms(statistics.median(u['route']))} | {ms(_p95(u['route']))} | "
              f"`{traagste[0]}` {ms(traagste[1][0])} / {ms(traagste[1][1])} |")
    for naam, u in uitkomsten.items():
        print(f"\n{naam}, mediaan per query (dienst / route, treffers):\n")
        for q, (d, r, totaal) in u["per_query"].items():
            print(f"- `{q}`: {ms(d)} / {ms(r)}, {totaal} treffers")


if __name__ == "__main__":
    main()
