"""Real Chromium against a live server: uvicorn in a thread, on its own migrated and seeded SQLite database.

These tests do not share the rolled-back test transaction of the other tests: the browser talks HTTP to a
server that commits, so it gets a database of its own, made once per session.
"""

import os
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
import uvicorn
from sqlmodel import Session, select

from app.config import PROJECT_ROOT, Settings
from app.db import create_db_engine
from app.gemeenten.models import Fractie
from app.main import create_app
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.vergaderingen.models import Agendapunt
from tests import factories
from tests.conftest import migrate
from tests.factories import PASSWORD

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS = Path("/tmp/screens")
GRIFFIER = "griffie@zeist.example.nl"
TZ_NAME = "Europe/Amsterdam"

T = TypeVar("T")


@dataclass(frozen=True)
class LiveSite:
    """A live server: ``site("/pad")`` is the full URL of a page on it."""

    url: str

    def __call__(self, path: str) -> str:
        return self.url + path


@dataclass(frozen=True)
class Site(LiveSite):
    demo: str  # slugs
    zeist: str
    utrecht: str
    regeling: str
    raad_zeist: str
    ab: str
    meeting_id: int  # a joint meeting of Zeist's raad and the regeling's AB
    zeist_meeting_id: int  # Zeist's raad only: its griffier may edit it


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve(settings: Settings, engine, port: int) -> Iterator[None]:
    """The app on a live uvicorn in a thread, until the block ends."""
    server = uvicorn.Server(uvicorn.Config(create_app(settings=settings, engine=engine), host="127.0.0.1", port=port,
                                           log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, name=f"live-server-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("de testserver startte niet")
        time.sleep(0.05)
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _seed(session: Session) -> dict:
    zeist = factories.gemeente(session, "Zeist", code="GM0355", slug="zeist", inwoners=65_000)
    utrecht = factories.gemeente(session, "Utrecht", code="GM0344", slug="utrecht", inwoners=374_000)
    regeling = factories.regeling(session, slug="vru", naam="Veiligheidsregio Utrecht", deelnemers=[zeist, utrecht])
    for naam, zetels in (("GroenLinks", 8), ("VVD", 6), ("D66", 5), ("CDA", 4), ("PvdA", 3), ("SP", 1)):
        session.add(Fractie(gemeente_id=zeist.id, naam=naam, zetels=zetels))
    raad = factories.orgaan_of(session, zeist)
    ab = session.exec(select(Orgaan).where(Orgaan.regeling_id == regeling.id)).one()
    for i, naam in enumerate(("M. de Boer", "K. Yilmaz")):
        persoon = factories.persoon(session, naam, gemeente_id=zeist.id if i == 0 else utrecht.id)
        session.add(Lidmaatschap(persoon_id=persoon.id, orgaan_id=ab.id, rol=Rol.voorzitter if i == 0 else Rol.lid,
                                 gemeente_id=persoon.gemeente_id, stemgewicht=Decimal("1")))
    start = (datetime.now(ZoneInfo(TZ_NAME)) + timedelta(days=14)).replace(hour=19, minute=30, second=0, microsecond=0)
    meeting = factories.vergadering(session, raad, ab, start=start, einde=start + timedelta(hours=3),
                                    naam="Zienswijze begroting Veiligheidsregio", locatie="Raadzaal, Het Rond 1, Zeist",
                                    online_url="https://live.example.org/zeist")
    session.add(Agendapunt(vergadering_id=meeting.id, volgorde=1, nummer="1", titel="Opening"))
    session.add(Agendapunt(vergadering_id=meeting.id, volgorde=2, nummer="2", titel="Ontwerpbegroting 2028"))
    factories.vergadering(session, factories.orgaan_of(session, utrecht), start=start + timedelta(days=2))
    eigen = factories.vergadering(session, raad, start=start + timedelta(days=7), naam="Raadsvergadering Zeist")
    factories.user(session, GRIFFIER, ("griffier", zeist), naam="Greet Griffier")
    demo = factories.gemeente(session, "Demodorp", code="GM0999", slug="demodorp", demo=True)
    session.add(Fractie(gemeente_id=demo.id, naam="Lokaal Belang", zetels=9))
    session.flush()
    return {"demo": demo.slug, "zeist": zeist.slug, "utrecht": utrecht.slug, "regeling": regeling.slug,
            "raad_zeist": raad.slug, "ab": ab.slug, "meeting_id": meeting.id, "zeist_meeting_id": eigen.id}


@contextmanager
def live_site(tmp_path_factory, name: str, seed: Callable[[Session], T]) -> Iterator[tuple[str, T]]:
    """A server of its own for a test module: a new migrated SQLite database, filled by ``seed`` and committed,
    served on a free port until the block ends. Yields the server's URL and what ``seed`` returned."""
    database_url = f"sqlite:///{tmp_path_factory.mktemp(name) / f'{name}.db'}"
    engine = create_db_engine(database_url)
    migrate(engine)
    try:
        with Session(engine) as session:
            seeded = seed(session)
            session.commit()
        port = _free_port()
        settings = Settings(mode="test", database_url=database_url, secret_key="b" * 40, time_zone=TZ_NAME,
                            base_url=f"http://127.0.0.1:{port}", login_max_failures=50)
        with serve(settings, engine, port):
            yield f"http://127.0.0.1:{port}", seeded
    finally:
        engine.dispose()


def log_in(page, site: LiveSite, email: str, password: str = PASSWORD) -> None:
    """Log in through the login form, by mouse (the keyboard route is a test of its own in test_browser.py)."""
    page.goto(site("/inloggen"))
    page.fill("#email", email)
    page.fill("#wachtwoord", password)
    with page.expect_navigation():
        page.click("button:has-text('Inloggen')")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    with live_site(tmp_path_factory, "browser", _seed) as (url, seeded):
        yield Site(url=url, **seeded)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium ontbreekt ({CHROMIUM})")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _context(browser, **kwargs):
    return browser.new_context(locale="nl-NL", timezone_id=TZ_NAME, viewport={"width": 1280, "height": 900},
                               **kwargs)


@pytest.fixture
def context(browser):
    context = _context(browser)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def new_context(browser):
    """Make more contexts in one test (a griffier and a citizen), each closed afterwards."""
    made = []

    def make(**kwargs):
        context = _context(browser, **kwargs)
        context.set_default_timeout(10_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.exists():
        if shutil.which("npm") is None:
            pytest.skip("axe-core ontbreekt en npm is er niet: draai `npm ci`")
        pytest.skip("axe-core ontbreekt: draai `npm ci` in de projectmap")
    return AXE


@pytest.fixture(scope="session")
def screens() -> Path:
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
