"""Load the demo: the three demo regions, planned for this year and the next, and a demo user for every role.

Passwords are made at load time and written only to var/demo-logins.txt (mode 600), never to the repo.
Loading twice changes nothing: the import is idempotent and existing users are kept with their password.
"""

import os
import secrets
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select

from app.accounts import service as accounts
from app.accounts.models import Gebruiker, RolSoort
from app.config import PROJECT_ROOT
from app.demo.build import build, default_years
from app.gemeenten.models import Gemeente, Persoon
from app.historie.models import Gebeurtenis
from app.importer.service import import_document
from app.organen.models import Lidmaatschap, Orgaan, Rol
from app.regelingen.models import Regeling

DOMAIN = "demo.tussenruimte.nl"
GRIFFIES = ("GM0772", "GM0794", "GM0344", "GM0355", "GM0505")  # Eindhoven, Helmond, Utrecht, Zeist, Dordrecht
REGELINGEN = ("mre", "drechtsteden", "u16")
# A raadslid per region: a member of the regeling's bodies from its centrumgemeente.
RAADSLEDEN = (("mre", "GM0772"), ("drechtsteden", "GM0505"), ("u16", "GM0344"))


@dataclass(frozen=True)
class DemoUser:
    rol: RolSoort
    waarvoor: str
    email: str
    naam: str
    gemeente_code: str | None = None
    regeling_slug: str | None = None
    persoon_id: int | None = None


def has_data(session: Session) -> bool:
    return session.exec(select(Gemeente.id).limit(1)).first() is not None


def logins_file() -> Path:
    return PROJECT_ROOT / "var" / "demo-logins.txt"


def load_demo(session: Session, *, logins: Path | None = None, years: list[int] | None = None,
              today: date | None = None) -> Path:
    """Import the demo regions and create the demo users; return the file with their logins.

    The regions are built (app.demo.build) for ``years``, by default this year and the next, so the demo
    calendar is always current. Flushes, never commits (the caller does). The data is marked as demo data.
    """
    years = years or default_years()
    for slug, doc in build(years).items():
        import_document(session, doc, source=f"demoregio {slug}", demo=True)
    logins = logins or logins_file()
    known = _read_passwords(logins)
    rows = []
    for spec in _demo_users(session):
        user = session.exec(select(Gebruiker).where(Gebruiker.email == spec.email)).first()
        password = known.get(spec.email)
        if user is None:
            password = secrets.token_urlsafe(12)
            user = accounts.create_user(session, email=spec.email, naam=spec.naam, password=password,
                                        persoon_id=spec.persoon_id)
        elif password is None or not _matches(user.wachtwoord_hash, password):
            # The logins file was lost or is stale: a fresh password, so `make run` prints logins that work.
            password = secrets.token_urlsafe(12)
            user.wachtwoord_hash = accounts.hash_password(password)
            session.add(user)
        accounts.grant_role(session, user=user, rol=spec.rol, gemeente_code=spec.gemeente_code,
                            regeling_slug=spec.regeling_slug)
        rows.append((spec.rol.value, spec.waarvoor, spec.email, password))
    session.flush()
    today = today or date.today()
    if today.year in years:  # the accountability demo happened around today: votes and decisions lie in the past
        _accountability(session, vandaag=today)
    _write_logins(logins, rows)
    return logins


# The accountability demo, in this order: subscriptions first (so the demo's events reach them), voorstellen in
# every stage, votes on them, convocation requests in every state, the yearly meetings, citizens registered to speak.
ACCOUNTABILITY = ("berichten", "stemmingen", "voorstellen", "convocatie", "verantwoording", "inspreken")


def _accountability(session: Session, *, vandaag: date) -> None:
    """Voorstellen, votes, convocation requests and accountability meetings in every state, once: a second load
    finds the history already written and leaves it as it is (history is append-only)."""
    if session.exec(select(Gebeurtenis.id).limit(1)).first() is not None:
        return
    for package in ACCOUNTABILITY:
        import_module(f"app.{package}.demo").vul(session, vandaag=vandaag)
    session.flush()


def _demo_users(session: Session) -> list[DemoUser]:
    gemeenten = {g.code: g for g in session.exec(select(Gemeente).where(col(Gemeente.code).in_(
        GRIFFIES + tuple(code for _, code in RAADSLEDEN)))).all()}
    users = [DemoUser(RolSoort.beheerder, "alle gemeenten en regelingen", f"beheer@{DOMAIN}", "Demo-beheerder")]
    for code in GRIFFIES:
        g = gemeenten[code]
        users.append(DemoUser(RolSoort.griffier, f"griffie van {g.naam}", f"griffie.{g.slug}@{DOMAIN}",
                              f"Griffier {g.naam} (demo)", gemeente_code=code))
    regelingen = {r.slug: r for r in session.exec(select(Regeling).where(col(Regeling.slug).in_(REGELINGEN))).all()}
    for slug in REGELINGEN:
        naam = regelingen[slug].naam
        users.append(DemoUser(RolSoort.secretaris, f"secretariaat van {naam}", f"secretaris.{slug}@{DOMAIN}",
                              f"Secretaris {naam} (demo)", regeling_slug=slug))
    for slug, code in RAADSLEDEN:
        g = gemeenten[code]
        persoon = _raadslid(session, slug, g)
        users.append(DemoUser(RolSoort.raadslid, f"raadslid in {g.naam} ({persoon.naam})",
                              f"raadslid.{g.slug}@{DOMAIN}", persoon.naam, persoon_id=persoon.id))
    return users


def _raadslid(session: Session, regeling_slug: str, gemeente: Gemeente) -> Persoon:
    """The first (by key) full member for this gemeente of a body of the regeling: deterministic per data."""
    query = (
        select(Persoon)
        .join(Lidmaatschap, Lidmaatschap.persoon_id == Persoon.id)
        .join(Orgaan, Orgaan.id == Lidmaatschap.orgaan_id)
        .join(Regeling, Regeling.id == Orgaan.regeling_id)
        .where(Regeling.slug == regeling_slug, Persoon.gemeente_id == gemeente.id,
               Lidmaatschap.rol != Rol.plaatsvervangend_lid)
        .order_by(Persoon.sleutel)
    )
    persoon = session.exec(query).first()
    if persoon is None:  # no delegate: any member of the raad
        persoon = session.exec(select(Persoon).where(Persoon.gemeente_id == gemeente.id)
                               .order_by(Persoon.sleutel)).first()
    if persoon is None:
        raise LookupError(f"de demogegevens hebben geen raadslid in {gemeente.naam}")
    return persoon


def _matches(password_hash: str, password: str) -> bool:
    try:
        return PasswordHasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _read_passwords(path: Path) -> dict[str, str]:
    """email -> password from an earlier logins file (the table written below)."""
    if not path.exists():
        return {}
    passwords = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 2 and "@" in parts[-2]:
            passwords[parts[-2]] = parts[-1]
    return passwords


def _write_logins(path: Path, rows: list[tuple[str, str, str, str]]) -> None:
    header = ("rol", "waarvoor", "e-mail", "wachtwoord")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(3)]
    lines = [
        "Demogebruikers van Tussenruimte. Alleen voor de demo: de wachtwoorden zijn bij het laden gemaakt.",
        "",
        *(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:<{widths[2]}}  {r[3]}" for r in [header, *rows]),
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    os.chmod(path, 0o600)  # also when the file existed with wider rights
