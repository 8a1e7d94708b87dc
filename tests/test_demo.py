"""The demo: three regions built for the years asked (this year and the next) and a demo user for every role."""

import re
import stat
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from argon2 import PasswordHasher
from sqlmodel import col, func, select

from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.config import PROJECT_ROOT
from app.demo.build import DATA_DIR, build, controleer, default_years, dump, gelijke_dag_kandidaten, gelijke_dagen
from app.demo.load import has_data, load_demo, logins_file
from app.demo.regions import REGIONS
from app.gemeenten.models import Gemeente, Persoon
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Regeling, Vorm
from app.vergaderingen.models import Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling, Voorstel


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
        "voorstellen": db.exec(select(Voorstel.id, Voorstel.modified_at).order_by(Voorstel.id)).all(),
        "afmeldingen": db.exec(select(Afmelding.id, Afmelding.modified_at).order_by(Afmelding.id)).all(),
        "behandelingen": db.exec(select(Behandeling.id, Behandeling.modified_at).order_by(Behandeling.id)).all(),
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


# --- what the planners read -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def documents() -> dict[str, dict]:
    return build(YEARS)


def test_every_council_has_planning_rules_of_its_own(documents):
    gemeenten = [g for doc in documents.values() for g in doc["gemeenten"]]
    usual_day = {g["code"]: g["vergaderdag"] for region in REGIONS.values() for g in region["gemeenten"]}
    for g in gemeenten:
        rules = g["planning"]
        assert 7 <= rules["publicatie_dagen"] <= 14 and 10 <= rules["max_agendapunten"] <= 16, g["naam"]
        assert rules["commissie_voor_raad_dagen"] == 14
        start = datetime.combine(date(2029, 1, 1), time.fromisoformat(rules["aanvang"]))
        assert start + timedelta(minutes=rules["duur_minuten"]) == datetime(2029, 1, 1, 23, 0)  # the raad ends at 23:00
        raden = [v for v in g["vergaderingen"] if v["orgaan"] == "raad" and "naam" not in v]
        assert {v["start"][11:16] for v in raden} == {rules["aanvang"]}, g["naam"]
        assert g["vergaderdag"] == usual_day[g["code"]]
    assert len({g["planning"]["publicatie_dagen"] for g in gemeenten}) >= 5
    assert len({g["planning"]["max_agendapunten"] for g in gemeenten}) >= 5
    assert controleer(documents) == []


def test_the_regional_bodies_have_their_usual_day_hour_and_domain(documents):
    organen = {o["slug"]: o for doc in documents.values() for o in doc["regelingen"][0]["organen"]}
    usual = {slug: (o["vergaderdag"], o["aanvang"], o.get("domein")) for slug, o in organen.items()}
    assert usual == {
        "mre-ab": ("donderdag", "19:30", None),
        "mre-db": ("maandag", "09:00", None),
        "mre-raadstafel": ("woensdag", "19:30", None),
        "drechtraad": ("dinsdag", "21:00", None),
        "drechtsteden-carrousel-fysiek": ("dinsdag", "19:00", "Fysiek"),
        "drechtsteden-carrousel-sociaal": ("dinsdag", "19:00", "Sociaal"),
        "drechtsteden-carrousel-bestuur-middelen": ("dinsdag", "19:00", "Bestuur & Middelen"),
        "drechtsteden-db": ("donderdag", "09:00", None),
        "u16-bestuur": ("vrijdag", "09:30", None),
        "u16-radenbijeenkomst": ("woensdag", "19:30", None),
    }
    # The demo's meetings keep to those habits.
    for doc in documents.values():
        for v in doc["regelingen"][0]["vergaderingen"]:
            slug = v.get("orgaan") or v["organen"][0]
            start = datetime.fromisoformat(v["start"])
            if not (slug == "drechtraad" and v["naam"] == "Themabijeenkomst"):
                assert (start.weekday(), start.strftime("%H:%M")) == (
                    ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag").index(usual[slug][0]), usual[slug][1])


def test_each_regeling_has_voorstellen_and_the_mre_its_own_terms(documents):
    from app.planning.pc import Termijnen

    mre, drechtsteden, u16 = (documents[s]["regelingen"][0] for s in ("mre", "drechtsteden", "u16"))
    assert mre["termijnen"] == {"ontwerpbegroting_weken": 14}
    assert Termijnen.from_dict(mre["termijnen"]).ontwerpbegroting_weken == 14
    assert "termijnen" not in drechtsteden and "termijnen" not in u16

    assert 6 <= len(mre["voorstellen"]) <= 10
    assert {v["soort"] for v in mre["voorstellen"] if "soort" in v} == {"kadernota", "begroting", "jaarrekening"}
    ab = {date.fromisoformat(v["start"][:10]) for v in mre["vergaderingen"] if v["orgaan"] == "mre-ab"}
    for v in mre["voorstellen"]:
        if v.get("soort") == "begroting":  # released at least the regeling's 14 weeks before the AB adopts it
            besluit = min(d for d in ab if d > v["uiterlijk"])
            assert timedelta(weeks=14) <= besluit - v["beschikbaar"] < timedelta(weeks=15), v["id"]

    assert 10 <= len(drechtsteden["voorstellen"]) <= 15
    assert {v["domein"] for v in drechtsteden["voorstellen"]} == {"Fysiek", "Sociaal", "Bestuur & Middelen"}
    # The first year's voorstellen are routed: the carrousel of their domain advises, the Drechtraad decides.
    routed = [v for v in drechtsteden["voorstellen"] if v.get("behandelingen")]
    assert routed and all(v["beschikbaar"].year == YEARS[0] for v in routed)
    for v in routed:
        advies, besluit = v["behandelingen"]
        assert (advies["rol"], besluit["rol"], besluit["orgaan"]) == ("advies", "besluit", "drechtraad")
        assert advies["orgaan"].removeprefix("drechtsteden-carrousel-") in v["domein"].lower().replace(" & ", "-")

    for jaar in YEARS:
        mine = [v for v in u16["voorstellen"] if v["beschikbaar"].year == jaar]
        assert 4 <= len(mine) <= 6
        assert all(timedelta(weeks=6) <= v["uiterlijk"] - v["beschikbaar"] <= timedelta(weeks=10) for v in mine)
        assert [v["zonder"] for v in mine if "zonder" in v] == [["GM0331", "GM1961"]]


def test_the_u16_has_a_voorstel_each_year_that_all_its_councils_can_handle_on_one_day(documents):
    doc = documents["u16"]
    u16 = doc["regelingen"][0]
    evenings = gelijke_dagen(REGIONS["u16"], YEARS)
    assert [d.weekday() for d in evenings] == [1, 1, 1, 1]  # Tuesdays
    assert [(d.year, d.month) for d in evenings] == [(2029, 6), (2029, 11), (2030, 6), (2030, 11)]
    possible = {v["id"]: gelijke_dag_kandidaten(doc, u16, v) for v in u16["voorstellen"]}
    assert {k: v for k, v in possible.items() if v} == {
        "u16-woondeal-2029": [evenings[0]], "u16-jeugdhulp-2030": [evenings[1]],
        "u16-woondeal-2030": [evenings[2]], "u16-jeugdhulp-2031": [evenings[3]]}


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


def test_the_planner_finds_the_u16_evening_in_the_loaded_demo(db, loaded):
    from app.planning import service

    tz = ZoneInfo("Europe/Amsterdam")
    evening = gelijke_dagen(REGIONS["u16"], YEARS)[0]
    u16 = db.exec(select(Regeling).where(Regeling.slug == "u16")).one()
    voorstellen = {v.sleutel: v for v in service.voorstellen(db, u16) if v.sleutel}  # imported, not made in the portal
    assert len(voorstellen) == 10

    woondeal = voorstellen["u16-woondeal-2029"]
    plan, _ = service.plan_gelijke_dag(db, service.gelijke_dag_vraag(
        db, regeling="u16", van=woondeal.beschikbaar, tot=woondeal.uiterlijk), tz=tz)
    (kandidaat,) = plan.kandidaten
    assert kandidaat.datum == evening
    thursday = {g["code"] for g in REGIONS["u16"]["gemeenten"] if g["vergaderdag"] == "donderdag"}
    assert {o.code for o in kandidaat.gemeenten if o.status == "bestaande_vergadering"} == thursday
    assert {o.code for o in kandidaat.gemeenten if o.status == "extra_vergadering"} == {
        g["code"] for g in REGIONS["u16"]["gemeenten"]} - thursday
    for o in kandidaat.gemeenten:  # the existing meetings are the councils' U16 evenings
        if o.status == "bestaande_vergadering":
            assert db.get(Vergadering, o.vergadering_id).naam == "Raadsvergadering U16-raadsavond"

    jeugdhulp = voorstellen["u16-jeugdhulp-2030"]
    zonder = service.afmeldingen(db, jeugdhulp)
    assert sorted(zonder) == ["GM0331", "GM1961"]
    plan, _ = service.plan_gelijke_dag(db, service.gelijke_dag_vraag(
        db, regeling="u16", van=jeugdhulp.beschikbaar, tot=jeugdhulp.uiterlijk, zonder=zonder), tz=tz)
    assert [k.datum for k in plan.kandidaten] == [gelijke_dagen(REGIONS["u16"], YEARS)[1]]
    assert len(plan.kandidaten[0].gemeenten) == 14
    # A voorstel outside the agreed evenings finds no day, and the plan says per council why.
    mobiliteit = voorstellen["u16-mobiliteit-2029"]
    plan, _ = service.plan_gelijke_dag(db, service.gelijke_dag_vraag(
        db, regeling="u16", van=mobiliteit.beschikbaar, tot=mobiliteit.uiterlijk), tz=tz)
    assert plan.kandidaten == [] and len(plan.uitleg) == 16

    # The routes of the first year are in the database, in meetings of the bodies that handle them.
    behandelingen = db.exec(select(Behandeling)).all()
    assert behandelingen and all(
        db.exec(select(VergaderingOrgaan).where(VergaderingOrgaan.vergadering_id == b.vergadering_id,
                                                VergaderingOrgaan.orgaan_id == b.orgaan_id)).first()
        for b in behandelingen)


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


def test_the_demo_of_this_year_shows_every_state_of_the_accountability(db, tmp_path):
    """Built for this year and the next (as `make run` does): voorstellen in every phase, a vote, convocation
    requests open, at their threshold and convened by the councils themselves, the yearly meetings with attendance."""
    from app.convocatie.models import Convocatieverzoek
    from app.stemmingen.models import Stemming
    from app.verantwoording.models import Aanwezigheid, Verantwoordingsbijeenkomst
    from app.voorstellen.models import Voorstel

    load_demo(db, logins=tmp_path / "demo-logins.txt")
    fasen = set(db.exec(select(Voorstel.fase)).all())
    assert {"concept", "verzonden", "besloten", "gepubliceerd"} <= set(fasen)
    statussen = set(db.exec(select(Convocatieverzoek.status)).all())
    assert {"open", "drempel_bereikt", "zelf_bijeengeroepen"} <= statussen
    assert db.exec(select(func.count()).select_from(Stemming)).one() >= 1
    assert db.exec(select(func.count()).select_from(Verantwoordingsbijeenkomst)).one() >= 3
    assert db.exec(select(func.count()).select_from(Aanwezigheid)).one() >= 1

    load_demo(db, logins=tmp_path / "demo-logins.txt")  # a second load adds nothing
    assert set(db.exec(select(Convocatieverzoek.status)).all()) == statussen
    assert db.exec(select(func.count()).select_from(Convocatieverzoek)).one() == 3
