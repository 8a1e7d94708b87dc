"""The demo: three regions built for the years asked (this year and the next) and a demo user for every role."""

import re
import stat
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlmodel import col, func, select

from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.config import PROJECT_ROOT
from app.demo.build import DATA_DIR, build, default_years, dump
from app.demo.load import has_data, load_demo, logins_file
from app.gemeenten.models import Gemeente, Persoon
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Regeling, Vorm
from app.vergaderingen.models import Vergadering


def logins_table(path) -> dict[str, tuple[str, str]]:
    """email -> (rol, wachtwoord), read from the logins file as a person would."""
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 3 and "@" in parts[-2]:
            rows[parts[-2]] = (parts[0], parts[-1])
    return rows


def state(db) -> dict:
    db.expire_all()
    return {
        "gemeenten": db.exec(select(Gemeente.id, Gemeente.modified_at).order_by(Gemeente.id)).all(),
        "vergaderingen": db.exec(select(func.count(), func.max(Vergadering.modified_at), func.sum(Vergadering.versie))
                                 .select_from(Vergadering)).one(),
        "lidmaatschappen": db.exec(select(func.count(), func.max(Lidmaatschap.modified_at))
                                   .select_from(Lidmaatschap)).one(),
        "gebruikers": db.exec(select(Gebruiker.email, Gebruiker.wachtwoord_hash, Gebruiker.modified_at)
                              .order_by(Gebruiker.email)).all(),
        "rollen": db.exec(select(func.count()).select_from(Roltoekenning)).one(),
    }


YEARS = [2029, 2030]  # not this year: the demo must follow the years it is given


def test_the_published_demo_files_are_what_the_builder_makes():
    paths = sorted(DATA_DIR.glob("*.yaml"))
    assert [p.name for p in paths] == ["drechtsteden.yaml", "mre.yaml", "u16.yaml"]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        years = [int(y) for y in re.match(r"# .*`python -m app\.demo\.build ([\d ]+)`", text)[1].split()]
        assert text == dump(path.stem, build(years)[path.stem], years), "regenerate: python -m app.demo.build"
    assert logins_file() == PROJECT_ROOT / "var" / "demo-logins.txt"


def test_the_demo_is_planned_for_this_year_and_the_next_in_the_netherlands():
    this_year = datetime.now(ZoneInfo("Europe/Amsterdam")).year
    assert default_years() == [this_year, this_year + 1]


@pytest.fixture
def loaded(db, tmp_path):
    assert not has_data(db)
    path = load_demo(db, logins=tmp_path / "demo-logins.txt", years=YEARS)
    return path


def test_load_demo_imports_three_regions_marked_as_demo(db, loaded):
    assert has_data(db)
    assert db.exec(select(func.count()).select_from(Gemeente)).one() == 44
    assert db.exec(select(func.count()).select_from(Gemeente).where(col(Gemeente.demo).is_(False))).one() == 0
    regelingen = db.exec(select(Regeling).order_by(Regeling.slug)).all()
    assert [(r.slug, r.demo) for r in regelingen] == [("drechtsteden", True), ("mre", True), ("u16", True)]
    # The U16 has a body of its own (its bestuur), so it is no regeling zonder meer.
    assert [r.vorm for r in regelingen] == [Vorm.openbaar_lichaam, Vorm.openbaar_lichaam, Vorm.gemeenschappelijk_orgaan]

    # The Raadstafel: 21 councils each delegate two raadsleden (substitutes not counted).
    raadstafel = db.exec(select(Orgaan).join(Regeling, Regeling.id == Orgaan.regeling_id)
                         .where(Regeling.slug == "mre", Orgaan.soort == Soort.adviescommissie)).one()
    leden = db.exec(select(Lidmaatschap).where(Lidmaatschap.orgaan_id == raadstafel.id,
                                               Lidmaatschap.rol != Rol.plaatsvervangend_lid)).all()
    assert len(leden) == 42
    per_gemeente: dict[int, int] = {}
    for lid in leden:
        per_gemeente[lid.gemeente_id] = per_gemeente.get(lid.gemeente_id, 0) + 1
    assert len(per_gemeente) == 21 and set(per_gemeente.values()) == {2}
    assert db.exec(select(func.count()).select_from(Vergadering)).one() > 1000
    tz = ZoneInfo("Europe/Amsterdam")
    assert {start.astimezone(tz).year for start in db.exec(select(Vergadering.start))} == set(YEARS)


def test_load_demo_creates_a_user_for_every_role_and_lists_the_logins(db, loaded):
    users = {u.email: u for u in db.exec(select(Gebruiker)).all()}
    roles = db.exec(select(Roltoekenning)).all()
    by_user = {u.email: [r for r in roles if r.gebruiker_id == u.id] for u in users.values()}
    gemeente_code = {g.id: g.code for g in db.exec(select(Gemeente)).all()}
    regeling_slug = {r.id: r.slug for r in db.exec(select(Regeling)).all()}

    assert [r.rol for r in by_user["beheer@demo.tussenruimte.nl"]] == [RolSoort.beheerder]
    griffiers = {email: gemeente_code[r.gemeente_id] for email, rs in by_user.items() for r in rs
                 if r.rol == RolSoort.griffier}
    assert griffiers == {
        "griffie.eindhoven@demo.tussenruimte.nl": "GM0772",
        "griffie.helmond@demo.tussenruimte.nl": "GM0794",
        "griffie.utrecht@demo.tussenruimte.nl": "GM0344",
        "griffie.zeist@demo.tussenruimte.nl": "GM0355",
        "griffie.dordrecht@demo.tussenruimte.nl": "GM0505",
    }
    secretarissen = {email: regeling_slug[r.regeling_id] for email, rs in by_user.items() for r in rs
                     if r.rol == RolSoort.secretaris}
    assert secretarissen == {f"secretaris.{s}@demo.tussenruimte.nl": s for s in ("mre", "drechtsteden", "u16")}
    raadsleden = {email for email, rs in by_user.items() if [r.rol for r in rs] == [RolSoort.raadslid]}
    assert raadsleden == {"raadslid.eindhoven@demo.tussenruimte.nl", "raadslid.dordrecht@demo.tussenruimte.nl",
                          "raadslid.utrecht@demo.tussenruimte.nl"}
    for email, code in (("raadslid.eindhoven@demo.tussenruimte.nl", "GM0772"),
                        ("raadslid.dordrecht@demo.tussenruimte.nl", "GM0505")):
        persoon = db.get(Persoon, users[email].persoon_id)
        assert gemeente_code[persoon.gemeente_id] == code
        assert users[email].naam == persoon.naam
    assert len(users) == 12

    # The logins file: private, one row per user, with passwords that work.
    assert stat.S_IMODE(loaded.stat().st_mode) == 0o600
    table = logins_table(loaded)
    assert len(table) == 12
    assert table["beheer@demo.tussenruimte.nl"][0] == "beheerder"
    assert table["griffie.zeist@demo.tussenruimte.nl"][0] == "griffier"
    assert table["raadslid.utrecht@demo.tussenruimte.nl"][0] == "raadslid"
    hasher = PasswordHasher()
    for email, (_, password) in table.items():
        assert len(password) >= 12
        assert hasher.verify(users[email].wachtwoord_hash, password)
    assert len({password for _, password in table.values()}) == 12


def test_loading_the_demo_twice_changes_nothing(db, loaded):
    db.flush()
    before, text = state(db), loaded.read_text(encoding="utf-8")
    assert load_demo(db, logins=loaded, years=YEARS) == loaded
    assert state(db) == before
    assert loaded.read_text(encoding="utf-8") == text


def test_a_lost_logins_file_gets_fresh_passwords_that_work(db, loaded):
    old = logins_table(loaded)
    loaded.unlink()
    load_demo(db, logins=loaded, years=YEARS)
    new = logins_table(loaded)
    assert new.keys() == old.keys()
    assert all(new[email][1] != old[email][1] for email in new)
    user = db.exec(select(Gebruiker).where(Gebruiker.email == "beheer@demo.tussenruimte.nl")).one()
    assert PasswordHasher().verify(user.wachtwoord_hash, new["beheer@demo.tussenruimte.nl"][1])
    assert db.exec(select(func.count()).select_from(Gebruiker)).one() == 12
