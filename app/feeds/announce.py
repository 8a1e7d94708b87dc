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
    "selectie": "{}",  # selection_name()
    "persoonlijk": "{}",  # PERSONAL_NAME
}

PERSONAL_NAME = "Mijn vergaderingen (Tussenruimte)"


def titel(kind: str, naam: str) -> str:
    """The feed's name, as the page offers it and as the calendar app shows it (NAME, X-WR-CALNAME)."""
    return TITELS[kind].format(naam)


def feed_for(base_url: str, kind: str, key: str, naam: str) -> dict:
    """The feed of a gemeente, regeling, orgaan, selection or person: ``kind`` and ``key`` as in feed_path(),
    ``naam`` the name of what it follows (of a selection or a person: the feed's whole name)."""
    name = titel(kind, naam)
    return {"titel": name, "links": subscribe_links(base_url, feed_path(kind, key), name)}


def filter_feed(base_url: str, *, gemeente: Gemeente | None, regeling: Regeling | None,
                orgaan: Orgaan | None) -> dict | None:
    """The feed of a list of meetings narrowed to exactly one gemeente, regeling or orgaan; else none."""
    chosen = [(kind, x) for kind, x in (("gemeente", gemeente), ("regeling", regeling), ("orgaan", orgaan))
              if x is not None]
    if len(chosen) != 1:
        return None
    ((kind, x),) = chosen
    return feed_for(base_url, kind, x.slug, x.naam)


def selection_name(namen: list[str]) -> str:
    if not namen:
        return "Samengestelde agenda"
    if len(namen) <= 3:
        shown = namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
    else:
        shown = f"{namen[0]}, {namen[1]} en {len(namen) - 2} andere organen"
    return f"Vergaderingen van {shown}"
