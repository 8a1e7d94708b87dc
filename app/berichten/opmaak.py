"""The text and HTML of a notification e-mail: Dutch, the same words in both parts, the HTML escaped."""

from jinja2 import Environment, FileSystemLoader

from app.berichten.service import AFMELDLINK
from app.config import PROJECT_ROOT

_env = Environment(loader=FileSystemLoader(PROJECT_ROOT / "app" / "templates" / "berichten"), autoescape=True,
                   trim_blocks=True, lstrip_blocks=True)


def _alineas(tekst: str) -> list[list[str]]:
    return [alinea.splitlines() for alinea in tekst.strip().split("\n\n") if alinea.strip()]


def tekst(*, kop: str, tekst_: str, link: str, regeling: str, abonnee: bool, instellingen: str) -> str:
    if abonnee:
        voet = (f"U ontvangt dit bericht omdat u meldingen over {regeling} volgt.\n"
                f"Afmelden met één klik: {AFMELDLINK}\n"
                f"Kiezen welke meldingen u krijgt: {instellingen}\n")
    else:
        voet = (f"U ontvangt dit bericht vanwege uw rol bij {regeling} of een van de deelnemende gemeenten.\n"
                f"Uw meldingen instellen: {instellingen}\n")
    return f"{kop}\n\n{tekst_.strip()}\n\nBekijk het in Tussenruimte: {link}\n\n-- \n{voet}"


def html(*, kop: str, onderwerp: str, tekst_: str, link: str, regeling: str, abonnee: bool, instellingen: str) -> str:
    return _env.get_template("mail.html").render(kop=kop, onderwerp=onderwerp, alineas=_alineas(tekst_), link=link,
                                                  regeling=regeling, abonnee=abonnee, instellingen=instellingen)
