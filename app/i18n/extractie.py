"""Extract the translatable strings and update the catalogues: ``make vertalingen`` (``python -m app.i18n.extractie``).

Reads babel.cfg (which files, with which extractor), writes app/locale/messages.pot, and merges it into every
language's messages.po: new msgids arrive with an empty msgstr (to translate), vanished ones are dropped.
No fuzzy guesses: a near-match of another string is more often wrong than right, and an empty msgstr is what
tests/test_i18n.py points at.
"""

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from app.i18n import LOCALE_DIR, STANDAARD, TALEN

PROJECT_ROOT = LOCALE_DIR.parent.parent
BABEL_CFG = PROJECT_ROOT / "babel.cfg"
POT = LOCALE_DIR / "messages.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_pad(taal: str) -> Path:
    return LOCALE_DIR / taal / "LC_MESSAGES" / "messages.po"


def extraheer() -> Catalog:
    """Every string marked in app/ (Python and templates), as a template catalogue."""
    with BABEL_CFG.open(encoding="utf-8") as f:
        method_map, options_map = parse_mapping_cfg(f, filename=str(BABEL_CFG))
    catalog = Catalog(project="Tussenruimte", version="1", copyright_holder="Tussenruimte", charset="utf-8",
                      fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
            PROJECT_ROOT, method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def schrijf(catalog: Catalog, pad: Path) -> None:
    pad.parent.mkdir(parents=True, exist_ok=True)
    with pad.open("wb") as f:
        # No line numbers: a moved string does not change the catalogue.
        write_po(f, catalog, width=120, sort_output=True, include_lineno=False, ignore_obsolete=True)


def bijwerken() -> dict[str, int]:
    """Write the .pot and merge it into each language's .po; returns the number of untranslated strings."""
    template = extraheer()
    schrijf(template, POT)
    open_per_taal = {}
    for taal in TALEN:
        if taal == STANDAARD:
            continue
        pad = po_pad(taal)
        if pad.exists():
            with pad.open("rb") as f:
                catalog = read_po(f, locale=taal)
        else:
            catalog = Catalog(locale=taal, project="Tussenruimte", version="1", charset="utf-8")
        catalog.fuzzy = False  # the header: the catalogue as a whole is meant, not a guess
        catalog.last_translator = "Tussenruimte"
        catalog.language_team = f"Tussenruimte ({taal})"
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        schrijf(catalog, pad)
        open_per_taal[taal] = sum(1 for m in catalog if m.id and (not _vertaald(m.string) or m.fuzzy))
    return open_per_taal


def _vertaald(string) -> bool:
    return all(string) if isinstance(string, tuple | list) else bool(string)


def main() -> int:
    for taal, aantal in bijwerken().items():
        print(f"{po_pad(taal).relative_to(PROJECT_ROOT)}: {aantal} tekst(en) nog te vertalen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
