"""The `tussenruimte` command: database, users, tokens, import, demo data, planning and mail."""

import argparse
import getpass
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from sqlmodel import Session

from app.config import PROJECT_ROOT, get_settings
from app.db import create_db_engine
from app.errors import DomainError


def alembic_config():
    from alembic.config import Config

    return Config(str(PROJECT_ROOT / "alembic.ini"))


def db_upgrade(_args) -> None:
    from alembic import command

    url = get_settings().database_url
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(), "head")
    print("Database bijgewerkt tot de nieuwste migratie.")


def db_check(_args) -> None:
    from alembic import command

    command.check(alembic_config())


def _session() -> Session:
    return Session(create_db_engine(get_settings().database_url), expire_on_commit=False)


def _password(args) -> tuple[str, bool]:
    """From --wachtwoord, a prompt, or a line on standard input; else a new one (returned as generated)."""
    if args.wachtwoord is not None:
        return args.wachtwoord, False
    if sys.stdin.isatty():
        typed = getpass.getpass("Wachtwoord (leeg laten om er een te laten maken): ")
    else:
        typed = sys.stdin.readline().rstrip("\n")
    return (typed, False) if typed else (secrets.token_urlsafe(12), True)


def _grant(session: Session, user, args) -> None:
    from app.accounts import service
    from app.accounts.models import RolSoort

    for rol in map(RolSoort, args.rol or []):
        scopes = {RolSoort.griffier: [{"gemeente_code": code} for code in args.gemeente or [None]],
                  RolSoort.secretaris: [{"regeling_slug": slug} for slug in args.regeling or [None]]}
        for scope in scopes.get(rol, [{}]):
            service.grant_role(session, user=user, rol=rol, **scope)


def user_create(args) -> None:
    from app.accounts import service

    password, generated = _password(args)
    with _session() as session:
        user = service.create_user(session, email=args.email, naam=args.naam or args.email, password=password,
                                   persoon_id=_persoon_id(session, args.persoon))
        _grant(session, user, args)
        session.commit()
    print(f"Gebruiker {user.email} aangemaakt.")
    if generated:
        print(f"Wachtwoord: {password}")


def user_grant(args) -> None:
    from app.accounts import service

    with _session() as session:
        user = service.get_user(session, email=args.email)
        if args.persoon:
            user.persoon_id = _persoon_id(session, args.persoon)
            session.add(user)
            session.flush()
        _grant(session, user, args)
        session.commit()
    print(f"Rollen van {user.email} bijgewerkt.")


def _persoon_id(session: Session, sleutel: str | None) -> int | None:
    if sleutel is None:
        return None
    from sqlmodel import select

    from app.errors import NotFound
    from app.gemeenten.models import Persoon

    persoon = session.exec(select(Persoon).where(Persoon.sleutel == sleutel)).first()
    if persoon is None:
        raise NotFound(f"Er is geen persoon met sleutel {sleutel}.")
    return persoon.id


def token_create(args) -> None:
    from app.accounts import service

    with _session() as session:
        token, plain = service.create_token(session, email=args.email, naam=args.naam)
        session.commit()
    print(plain)
    print(f"Bewaar dit token nu: het wordt niet nog eens getoond. Intrekken: tussenruimte token revoke {token.prefix}",
          file=sys.stderr)


def token_revoke(args) -> None:
    from app.accounts import service

    with _session() as session:
        service.revoke_token(session, prefix=args.prefix)
        session.commit()
    print(f"Token {args.prefix}… is ingetrokken.")


def import_file(args) -> None:
    from app.importer.service import import_path

    with _session() as session:
        summary = import_path(session, Path(args.bestand))
        session.commit()
    print(summary.describe())


def export_data(args) -> None:
    from app.importer.export import dumps, export_document

    with _session() as session:
        document = export_document(session, regeling=args.regeling)
    print(dumps(document, json_format=args.json), end="")


def demo_load(args) -> None:
    from app.demo.load import has_data, load_demo

    with _session() as session:
        if args.if_empty and has_data(session):
            print("Demogegevens staan er al; niets geladen.")
            return
        logins = load_demo(session)
        session.commit()
    print(f"Demogegevens geladen; de inloggegevens staan in {logins}.")


def demo_logins(_args) -> None:
    from app.demo.load import logins_file

    path = logins_file()
    if path.exists():
        print(path.read_text(encoding="utf-8"), end="")
    else:
        print("Er zijn nog geen demogebruikers; `make run` laadt ze.")


def _datum(text: str):
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ongeldige datum ‘{text}’; schrijf JJJJ-MM-DD, bijv. 2027-03-15") from None


def _jaar(text: str) -> int:
    from app.vergaderingen.schemas import FIRST_YEAR, LAST_YEAR

    if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"ongeldig jaar ‘{text}’; kies een jaar tussen {FIRST_YEAR} en {LAST_YEAR}")
    return int(text)


def _print_json(data) -> None:
    import json

    print(json.dumps(data, indent=2, ensure_ascii=False))


def plan_gelijke_dag(args) -> None:
    from app.planning import service

    settings = get_settings()
    with _session() as session:
        vraag = service.gelijke_dag_vraag(session, regeling=args.regeling, van=args.van, tot=args.tot,
                                          zonder=args.zonder or [], punten=args.punten)
        plan, _ = service.plan_gelijke_dag(session, vraag, tz=settings.tz)
    if args.json:
        _print_json(plan.as_dict())
        return
    if not plan.kandidaten:
        print(plan.as_dict()["uitleg"]["samenvatting"])
        for regel in plan.as_dict()["uitleg"]["gemeenten"]:
            print(f"  {regel['code']} {regel['naam']}: {regel['reden']}")
        return
    for kandidaat in plan.kandidaten[: args.aantal]:
        print(f"{kandidaat.datum:%Y-%m-%d}: {kandidaat.extra} extra vergadering(en)")
        for o in kandidaat.gemeenten:
            print(f"  {o.code} {o.naam}: {o.status} ({o.reden})")


def plan_pc(args) -> None:
    from app.planning import service

    with _session() as session:
        plan = service.plan_pc(session, regeling=args.regeling, jaar=args.jaar, tz=get_settings().tz)
    if args.json:
        _print_json(plan.as_dict())
        return
    data = plan.as_dict()
    for mijlpaal in data["mijlpalen"]:
        print(f"{mijlpaal['datum']}  {mijlpaal['omschrijving']}  [{mijlpaal['bron']}]")
    for raad in data["raden"]:
        print(f"  {raad['code']}: {raad['status']} {raad.get('datum') or ''} ({raad['reden']})")
    for regel in data.get("uitleg") or []:
        print(regel)


def _session_factory():
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(create_db_engine(get_settings().database_url), class_=Session, expire_on_commit=False)


def mail_send(_args) -> None:
    from app.berichten.service import deliver_pending

    print(f"{deliver_pending(_session_factory(), get_settings())} bericht(en) verzonden.")


def mail_status(args) -> None:
    from app.berichten.service import STAAT_LABELS, problemen, tellingen

    tz = get_settings().tz
    with _session() as session:
        telling = tellingen(session)
        regels = problemen(session, limit=args.aantal)
    for staat, label in STAAT_LABELS.items():
        print(f"{label:<17} {telling[staat]:>6}")
    if regels:
        print("\nNiet verzonden, met de laatste fout (nieuwste eerst):")
    for regel in regels:
        b = regel.bericht
        wanneer = (f"opnieuw om {b.volgende_poging_at.astimezone(tz):%d-%m-%Y %H:%M}"
                   if regel.staat.value == "opnieuw" else STAAT_LABELS[regel.staat].lower())
        print(f"  #{b.id} aan {b.aan}, {b.pogingen} poging(en), {wanneer}: {b.fout}")


def meldingen(args) -> None:
    from app.berichten.tijdgebonden import run_meldingen

    ronde = run_meldingen(_session_factory(), get_settings(), verzenden=not args.niet_verzenden)
    for taak, aantal in ronde.gemeld.items():
        print(f"{taak}: {aantal} melding(en)")
    for taak in ronde.overgeslagen:
        print(f"{taak}: overgeslagen (nog niet beschikbaar, of een andere worker is ermee bezig)")
    for taak in ronde.mislukt:
        print(f"{taak}: mislukt, zie het log", file=sys.stderr)
    if not args.niet_verzenden:
        print(f"{ronde.verzonden} bericht(en) verzonden.")
    if ronde.mislukt:
        raise SystemExit(1)


def inspreken_opschonen(args) -> None:
    from app.db import utcnow
    from app.inspreken.service import opschonen

    settings = get_settings()
    dagen = settings.inspreken_bewaardagen if args.dagen is None else args.dagen
    with _session() as session:
        aantal = opschonen(session, utcnow(), bewaardagen=dagen)
        session.commit()
    print(f"{aantal} aanmelding(en) om in te spreken verwijderd (vergaderingen die meer dan {dagen} dagen "
          "geleden eindigden), met hun adressen in de verzonden berichten.")


def _dagen(text: str) -> int:
    if not text.isascii() or not text.isdigit() or int(text) > 3650:
        raise argparse.ArgumentTypeError(f"geen aantal dagen van 0 tot en met 3650: {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="tussenruimte", description="Beheer van Tussenruimte.")
    commands = parser.add_subparsers(dest="command", required=True)

    def add(group, name: str, handler: Callable, help: str) -> argparse.ArgumentParser:
        sub = group.add_parser(name, help=help, description=help)
        sub.set_defaults(handler=handler)
        return sub

    db = commands.add_parser("db", help="database").add_subparsers(dest="db_command", required=True)
    add(db, "upgrade", db_upgrade, "voer alle migraties uit")
    add(db, "check", db_check, "controleer dat modellen en migraties overeenkomen")

    user = commands.add_parser("user", help="gebruikers").add_subparsers(dest="user_command", required=True)
    create = add(user, "create", user_create, "maak een gebruiker aan")
    grant = add(user, "grant", user_grant, "geef een bestaande gebruiker (meer) rollen")
    for sub in (create, grant):
        sub.add_argument("--email", required=True)
        sub.add_argument("--rol", action="append", choices=["beheerder", "griffier", "secretaris", "raadslid"],
                         required=sub is grant)
        sub.add_argument("--gemeente", action="append", help="CBS-code, voor een griffier (herhaalbaar)")
        sub.add_argument("--regeling", action="append", help="slug, voor een secretaris (herhaalbaar)")
        sub.add_argument("--persoon", help="sleutel van de persoon, voor een raadslid")
    create.add_argument("--naam")
    create.add_argument("--wachtwoord", help="liever via standaardinvoer: een optie blijft in de shellgeschiedenis")

    token = commands.add_parser("token", help="API-tokens").add_subparsers(dest="token_command", required=True)
    tc = add(token, "create", token_create, "maak een persoonlijk API-token")
    tc.add_argument("--email", required=True)
    tc.add_argument("--naam", default="API")
    tr = add(token, "revoke", token_revoke, "trek een API-token in")
    tr.add_argument("prefix", help="het begin van het token, zoals getoond bij het aanmaken")

    imp = add(commands, "import", import_file, "importeer een regio uit een YAML- of JSON-bestand")
    imp.add_argument("bestand")
    exp = add(commands, "export", export_data, "schrijf de gegevens in het importformaat naar standaarduitvoer")
    exp.add_argument("--regeling", help="alleen deze regeling (slug), met haar deelnemende gemeenten")
    exp.add_argument("--json", action="store_true", help="JSON in plaats van YAML")

    demo = commands.add_parser("demo", help="demogegevens").add_subparsers(dest="demo_command", required=True)
    dl = add(demo, "load", demo_load, "laad de demoregio's en demogebruikers")
    dl.add_argument("--if-empty", action="store_true", help="alleen als de database nog leeg is")
    add(demo, "logins", demo_logins, "toon de inloggegevens van de demogebruikers")

    plan = commands.add_parser("plan", help="plannen over raden heen").add_subparsers(dest="plan_command",
                                                                                        required=True)
    gd = add(plan, "gelijke-dag", plan_gelijke_dag, "dagen waarop alle deelnemende raden een voorstel behandelen")
    gd.add_argument("--regeling", required=True, help="slug van de regeling")
    gd.add_argument("--van", required=True, type=_datum, help="dag waarop het voorstel naar de raden gaat")
    gd.add_argument("--tot", required=True, type=_datum, help="laatste dag, bijvoorbeeld de zienswijzetermijn")
    gd.add_argument("--zonder", action="extend", nargs="+", metavar="GMCODE", help="gemeenten die niet meedoen")
    gd.add_argument("--punten", type=int, default=1, help="agendapunten die het voorstel vraagt (standaard 1)")
    gd.add_argument("--aantal", type=int, default=5, help="zoveel kandidaten tonen (zonder --json)")
    gd.add_argument("--json", action="store_true", help="het hele plan als JSON")
    pc = add(plan, "pc", plan_pc, "de planning-en-controlcyclus van een regeling voor een jaar")
    pc.add_argument("--regeling", required=True, help="slug van de regeling")
    pc.add_argument("--jaar", required=True, type=_jaar, help="kalenderjaar waarin de stappen vallen")
    pc.add_argument("--json", action="store_true", help="het plan als JSON")

    mail = commands.add_parser("mail", help="e-mail").add_subparsers(dest="mail_command", required=True)
    add(mail, "verstuur", mail_send, "verstuur de berichten die nog in de wachtrij staan")
    ms = add(mail, "status", mail_status, "aantallen per staat, en de berichten die niet verzonden konden worden")
    ms.add_argument("--aantal", type=int, default=20, help="toon zoveel niet-verzonden berichten (standaard 20)")
    mr = add(commands, "meldingen", meldingen,
             "stuur de herinneringen die vandaag aan de beurt zijn en verstuur daarna de wachtrij (voor cron)")
    mr.add_argument("--niet-verzenden", action="store_true", help="alleen de herinneringen in de wachtrij zetten")
    inspreken = commands.add_parser("inspreken", help="inspreken").add_subparsers(dest="inspreken_command",
                                                                                  required=True)
    io = add(inspreken, "opschonen", inspreken_opschonen,
             "verwijder de aanmeldingen om in te spreken van vergaderingen die langer dan de bewaartermijn geleden "
             "eindigden (AVG), en haal de adressen uit de verzonden berichten")
    io.add_argument("--dagen", type=_dagen,
                    help="bewaartermijn in dagen (standaard TUSSENRUIMTE_INSPREKEN_BEWAARDAGEN)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.handler(args)
    except DomainError as exc:
        print(f"Fout: {exc.detail}", file=sys.stderr)
        return 1
    except FileNotFoundError as exc:
        print(f"Fout: bestand niet gevonden: {exc.filename}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
