"""Dutch by default, English as a second language, through gettext catalogues (``app/locale``) read with Babel.

The language of the request being served lives in a context variable, so templates (``_()`` through Jinja's
i18n extension), Python code and the Babel date filters all follow it without passing it around.
Strings are written in Dutch; the Dutch text is the msgid. ``N_()`` marks a string for extraction where it is
defined (a label table), ``_()`` translates it where it is shown.
"""

from contextvars import ContextVar, Token
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

TALEN = ("nl", "en")
STANDAARD = "nl"
# The Babel locale of each language: dates and numbers as a reader in the Netherlands or Britain writes them.
LOCALES = {"nl": "nl_NL", "en": "en_GB"}
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_taal: ContextVar[str] = ContextVar("taal", default=STANDAARD)


def huidige_taal() -> str:
    return _taal.get()


def zet_taal(taal: str) -> Token:
    if taal not in TALEN:
        raise ValueError(f"onbekende taal: {taal!r}")
    return _taal.set(taal)


def herstel_taal(token: Token) -> None:
    _taal.reset(token)


def huidige_locale() -> str:
    """The Babel locale of the request's language: 'nl_NL' or 'en_GB'."""
    return LOCALES[_taal.get()]


@cache
def catalogus(taal: str) -> dict:
    """msgid → msgstr of one language; a plural msgid is a tuple (singular, plural) → tuple of forms."""
    path = LOCALE_DIR / taal / "LC_MESSAGES" / "messages.po"
    if taal == STANDAARD or not path.exists():
        return {}
    with path.open("rb") as f:
        catalog = read_po(f, locale=taal)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(message: str) -> str:
    return catalogus(_taal.get()).get(message) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    forms = catalogus(_taal.get()).get((singular, plural))
    index = 0 if n == 1 else 1  # Dutch and English share this plural rule
    if forms and forms[index]:
        return forms[index]
    return singular if n == 1 else plural


def N_(message: str) -> str:
    """Marks a string for the catalogue without translating it yet (label tables, defined at import)."""
    return message


_ = gettext
