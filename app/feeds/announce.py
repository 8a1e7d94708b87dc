"""The feed a page offers: its name and subscribe links, for the <link rel="alternate"> and the subscribe panel.

Pages put the result in their context as ``feed`` (and a deadline feed as ``termijnen_feed``).
"""

from app.feeds.links import feed_path, subscribe_links
from app.gemeenten.models import Gemeente
from app.organen.models import Orgaan
from app.regelingen.models import Regeling

TITELS = {
    "gemeente": "Vergaderingen van gemeente {}",
    "termijnen-gemeente": "Termijnen van gemeente {}",
    "regeling": "Vergaderingen van {}",
    "termijnen-regeling": "Termijnen van {}",
    "orgaan": "Vergaderingen van {}",
}


def titel(kind: str, naam: str) -> str:
    """The feed's name, as the page offers it and as the calendar app shows it (NAME, X-WR-CALNAME)."""
    return TITELS[kind].format(naam)


def announce(base_url: str, kind: str, key: str, titel: str) -> dict:
    return {"titel": titel, "links": subscribe_links(base_url, feed_path(kind, key), titel)}


def gemeente_feed(base_url: str, g: Gemeente) -> dict:
    return announce(base_url, "gemeente", g.slug, titel("gemeente", g.naam))


def gemeente_termijnen_feed(base_url: str, g: Gemeente) -> dict:
    return announce(base_url, "termijnen-gemeente", g.slug, titel("termijnen-gemeente", g.naam))


def regeling_feed(base_url: str, r: Regeling) -> dict:
    return announce(base_url, "regeling", r.slug, titel("regeling", r.naam))


def regeling_termijnen_feed(base_url: str, r: Regeling) -> dict:
    return announce(base_url, "termijnen-regeling", r.slug, titel("termijnen-regeling", r.naam))


def orgaan_feed(base_url: str, o: Orgaan) -> dict:
    return announce(base_url, "orgaan", o.slug, titel("orgaan", o.naam))


def filter_feed(base_url: str, *, gemeente: Gemeente | None, regeling: Regeling | None,
                orgaan: Orgaan | None) -> dict | None:
    """The feed of a list of meetings narrowed to exactly one gemeente, regeling or orgaan; else none."""
    chosen = [x for x in (gemeente, regeling, orgaan) if x is not None]
    if len(chosen) != 1:
        return None
    if gemeente:
        return gemeente_feed(base_url, gemeente)
    return regeling_feed(base_url, regeling) if regeling else orgaan_feed(base_url, orgaan)


def selection_name(namen: list[str]) -> str:
    if not namen:
        return "Samengestelde agenda"
    if len(namen) <= 3:
        shown = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
    else:
        shown = f"{namen[0]}, {namen[1]} en {len(namen) - 2} andere organen"
    return f"Vergaderingen van {shown}"


def selection_feed(base_url: str, selectie_id: str, namen: list[str]) -> dict:
    return announce(base_url, "selectie", selectie_id, selection_name(namen))


PERSONAL_NAME = "Mijn vergaderingen (Tussenruimte)"


def personal_feed(base_url: str, token: str) -> dict:
    return announce(base_url, "persoonlijk", token, PERSONAL_NAME)
