"""Dutch by default, English through the catalogue: every marked string translated, no unmarked text left in the
citizen templates, and English pages that say so (lang, navigation, dates).

The catalogue tests read the source (no database); the page tests run on SQLite and PostgreSQL.
"""

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app.i18n import LOCALE_DIR, STANDAARD, TALEN, gettext, herstel_taal, ngettext, zet_taal
from app.i18n.extractie import extraheer, po_pad
from app.i18n.web import lokaal_pad, taal_uit_cookie
from tests import factories

TEMPLATES = Path(__file__).resolve().parent.parent / "app" / "templates"

# The pages a citizen sees. Griffier and beheer pages stay Dutch and are not marked. A pattern that matches no
# file fails the test: a renamed template must be renamed here too.
CITIZEN_TEMPLATES = (
    "base.html", "_macros.html", "fout.html", "home.html", "toegankelijkheid.html",
    "besluiten/*.html",
    "gemeenten/*.html",
    "regelingen/*.html",
    "organen/*.html",
    "kalender/*.html",
    "zoeken/*.html",
    "inspreken/*.html",
    "vergaderingen/detail.html", "vergaderingen/lijst.html",
)
# The griffier's pages among those folders (Dutch only, not marked).
NOT_CITIZEN = {"inspreken/insprekers.html", "inspreken/griffier.html", "inspreken/beheer.html"}
# Words that are the same in every language: the product, the language names of the switch (each written in its
# own language), file formats.
UNTRANSLATED = {"Tussenruimte", "English", "Nederlands", "CSV", "JSON", "iCalendar", "OParl"}
# Attributes a screen reader or a tooltip speaks: their text must be marked too.
SPOKEN_ATTRIBUTES = {"aria-label", "title", "placeholder", "alt", "aria-description"}
PLACEHOLDER = re.compile(r"%(?:\(\w+\))?[#0\- +]*\d*(?:\.\d+)?[sdifr%]")
LETTER = re.compile(r"[^\W\d_]")


def _catalogus(taal: str):
    with po_pad(taal).open("rb") as f:
        return read_po(f, locale=taal)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


# --- (1) every marked string has its English --------------------------------------------------------------


def test_every_marked_string_has_a_complete_english_translation():
    extracted = extraheer()
    ids = [m.id for m in extracted if m.id]
    assert len(ids) > 300, "de extractie vond verdacht weinig teksten: klopt babel.cfg nog?"
    for taal in TALEN:
        if taal == STANDAARD:
            continue
        catalog = _catalogus(taal)
        problems = []
        for message in extracted:
            if not message.id:
                continue
            where = ", ".join(f"{f}:{line}" for f, line in message.locations[:2])
            vertaling = catalog.get(message.id)
            if vertaling is None:
                problems.append(f"ontbreekt in {taal} (draai `make vertalingen`): {message.id!r} ({where})")
                continue
            if vertaling.fuzzy:
                problems.append(f"fuzzy: {message.id!r} ({where})")
            bron = message.id if isinstance(message.id, tuple) else (message.id,)
            doel = vertaling.string if isinstance(vertaling.string, tuple) else (vertaling.string,)
            if len(doel) != len(bron) or not all(d and d.strip() for d in doel):
                problems.append(f"niet vertaald: {message.id!r} ({where})")
                continue
            for origineel, vertaald in zip(bron, doel, strict=True):
                if _placeholders(origineel) != _placeholders(vertaald):
                    problems.append(f"andere plaatshouders: {origineel!r} → {vertaald!r} ({where})")
        assert not problems, f"{len(problems)} problemen in de catalogus:\n" + "\n".join(problems)


def test_the_catalogue_has_no_strings_the_code_no_longer_uses():
    used = {m.id for m in extraheer() if m.id}
    stale = [m.id for m in _catalogus("en") if m.id and m.id not in used]
    assert not stale, f"verouderde teksten in de catalogus (draai `make vertalingen`): {stale}"


def test_translation_follows_the_context_language_and_falls_back_to_dutch():
    assert gettext("Vergaderingen") == "Vergaderingen"
    token = zet_taal("en")
    try:
        assert gettext("Vergaderingen") == "Meetings"
        assert gettext("Een tekst die niet in de catalogus staat") == "Een tekst die niet in de catalogus staat"
        assert ngettext("%(num)d vergadering.", "%(num)d vergaderingen.", 1) == "%(num)d meeting."
        assert ngettext("%(num)d vergadering.", "%(num)d vergaderingen.", 2) == "%(num)d meetings."
    finally:
        herstel_taal(token)
    with pytest.raises(ValueError):
        zet_taal("fr")


def test_the_po_files_are_shipped_with_the_package():
    pyproject = (LOCALE_DIR.parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    package_data = pyproject.split("[tool.setuptools.package-data]", 1)[1].strip().splitlines()[0]
    assert '"*.po"' in package_data


# --- (2) no unmarked text in the citizen templates ---------------------------------------------------------


def _citizen_templates() -> list[Path]:
    paths = []
    for pattern in CITIZEN_TEMPLATES:
        paths += [p for p in sorted(TEMPLATES.glob(pattern)) if p.relative_to(TEMPLATES).as_posix() not in NOT_CITIZEN]
    return paths


@pytest.mark.parametrize("pattern", CITIZEN_TEMPLATES)
def test_every_citizen_template_pattern_names_a_template(pattern):
    assert sorted(TEMPLATES.glob(pattern)), f"geen template voor {pattern!r}: pas CITIZEN_TEMPLATES aan"


_JINJA = re.compile(r"\{#.*?#\}|\{%-?\s*(trans|pluralize)\b.*?\{%-?\s*endtrans\s*-?%\}|\{\{.*?\}\}|\{%.*?%\}", re.S)


def _without_jinja(source: str) -> str:
    """The template with every comment, expression, statement and {% trans %} block blanked out; newlines kept,
    so positions still point at the right line."""
    return _JINJA.sub(lambda m: "\n" * m.group(0).count("\n"), source)


class _TextFinder(HTMLParser):
    """Collects (line, text) of text nodes and spoken attribute values outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], f"{name}={value!r}"))

    def handle_startendtag(self, tag, attrs):
        for name, value in attrs:
            if name in SPOKEN_ATTRIBUTES and value:
                self.found.append((self.getpos()[0], f"{name}={value!r}"))

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.found.append((self.getpos()[0], data.strip()))


def unmarked_text(source: str) -> list[tuple[int, str]]:
    """Text a reader would see that is not inside _(), ngettext() or {% trans %}."""
    finder = _TextFinder()
    finder.feed(_without_jinja(source))
    finder.close()
    leftovers = []
    for line, text in finder.found:
        words = [w for w in re.findall(r"[^\W\d_][\w'’.-]*", text) if w.strip(".-") not in UNTRANSLATED]
        if any(LETTER.search(w) for w in words):
            leftovers.append((line, text))
    return leftovers


def test_the_text_finder_catches_what_it_must_and_passes_what_is_marked():
    source = """{# een opmerking #}
<p class="x">{{ _("Gemarkeerd") }} {{ naam }}</p>
<p>Niet gemarkeerd</p>
<a href="/" aria-label="Hoofdmenu">{{ _("Home") }}</a>
<a href="/" aria-label="{{ _('Hoofdmenu') }}" title="{{ t }}">–</a>
<img src="x.png" alt="Een plaatje">
{% trans %}Ook gemarkeerd{% endtrans %}
<script>const tekst = "geen zichtbare tekst";</script>
<span>Tussenruimte · CSV · 2026</span>"""
    assert unmarked_text(source) == [(3, "Niet gemarkeerd"), (4, "aria-label='Hoofdmenu'"),
                                     (6, "alt='Een plaatje'")]


@pytest.mark.parametrize("path", _citizen_templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_a_citizen_template_has_no_unmarked_text(path):
    leftovers = unmarked_text(path.read_text(encoding="utf-8"))
    naam = path.relative_to(TEMPLATES).as_posix()
    assert not leftovers, f"tekst buiten _() in {naam}:\n" + "\n".join(f"  regel {n}: {t}" for n, t in leftovers)


# --- the language switch -------------------------------------------------------------------------------------


@pytest.mark.parametrize("terug, verwacht", [
    ("/vergaderingen?pagina=2", "/vergaderingen?pagina=2"),
    ("/", "/"),
    ("//evil.example/pad", "/"),
    ("https://evil.example/", "/"),
    ("/\\evil.example", "/"),
    ("javascript:alert(1)", "/"),
    ("/pad\r\nSet-Cookie: x=1", "/"),
    ("", "/"),
])
def test_only_a_local_path_is_a_place_to_go_back_to(terug, verwacht):
    assert lokaal_pad(terug) == verwacht


@pytest.mark.parametrize("header, taal", [
    (None, "nl"), ("taal=en", "en"), ("sessie=abc; taal=en", "en"), ("taal=fr", "nl"), ("taal=", "nl"),
    ('taal="en', "nl"), ("taal=nl", "nl"),
])
def test_the_cookie_chooses_the_language_and_anything_else_is_dutch(header, taal):
    assert taal_uit_cookie(header) == taal


@pytest.mark.db
def test_the_switch_sets_the_cookie_for_a_year_and_goes_back(client):
    response = client.get("/taal/en", params={"terug": "/besluiten?jaar=2026"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/besluiten?jaar=2026"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("taal=en;")
    assert "Max-Age=31536000" in cookie and "SameSite=lax" in cookie and "HttpOnly" in cookie
    page = client.get("/besluiten?jaar=2026")
    assert '<html lang="en"' in page.text

    back = client.get("/taal/nl", params={"terug": "https://evil.example/"}, follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "/"
    assert '<html lang="nl"' in client.get("/").text


@pytest.mark.db
def test_an_unknown_language_is_a_dutch_404_page_and_sets_nothing(client):
    response = client.get("/taal/fr", params={"terug": "/"}, follow_redirects=False)
    assert response.status_code == 404
    assert "taal=" not in response.headers.get("set-cookie", "")
    assert '<html lang="nl"' in response.text
    assert "De taal ‘fr’ bestaat hier niet" in response.text


# --- (3) English pages -----------------------------------------------------------------------------------------


@pytest.fixture
def regio(db):
    g = factories.gemeente(db, naam="Zeist", slug="zeist")
    r = factories.regeling(db, slug="veiligheidsregio", naam="Veiligheidsregio Utrecht", deelnemers=[g])
    # Tuesday 3 March 2026, 19:30 in Amsterdam
    v = factories.vergadering(db, factories.orgaan_of(db, g), start=datetime(2026, 3, 3, 18, 30, tzinfo=UTC),
                              naam="Raadsvergadering")
    db.flush()
    return g, r, v


ENGLISH_NAV = ("Municipalities", "Joint arrangements", "Bodies", "Meetings", "Decisions", "Skip to the content")
DUTCH_NAV = ("Gemeenten", "Regelingen", "Organen", "Vergaderingen", "Besluiten", "Ga direct naar de inhoud")


@pytest.mark.db
def test_english_pages_have_lang_en_english_navigation_and_english_dates(client, regio):
    g, r, v = regio
    client.cookies.set("taal", "en")
    pages = ["/", "/vergaderingen?eerdere=1", "/besluiten", f"/gemeenten/{g.slug}/regelingen", "/toegankelijkheid",
             f"/regelingen/{r.slug}/besluiten", f"/gemeenten/{g.slug}", f"/vergaderingen/{v.id}"]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="en"' in response.text, path
        for label in ENGLISH_NAV:
            assert label in response.text, (path, label)
        assert 'hreflang="nl">Nederlands</a>' in response.text, path
        assert [v.strip() for v in response.headers["vary"].split(",")].count("Cookie") == 1, path
    meetings = client.get("/vergaderingen?eerdere=1").text
    assert "Tuesday 3 March 2026, 19:30" in meetings
    assert "Past meetings" in meetings
    assert "Accessibility statement" in client.get("/toegankelijkheid").text
    assert "Share of inhabitants" in client.get(f"/gemeenten/{g.slug}/regelingen").text


@pytest.mark.db
def test_dutch_is_the_default(client, regio):
    for path in ("/", "/vergaderingen?eerdere=1", "/besluiten"):
        response = client.get(path)
        assert '<html lang="nl"' in response.text
        for label in DUTCH_NAV:
            assert label in response.text, (path, label)
        assert 'hreflang="en">English</a>' in response.text
        assert "Cookie" in response.headers["vary"]
    assert "dinsdag 3 maart 2026, 19:30" in client.get("/vergaderingen?eerdere=1").text


@pytest.mark.db
def test_an_english_error_page_is_english_but_the_api_stays_dutch(client):
    client.cookies.set("taal", "en")
    page = client.get("/gemeenten/bestaat-niet")
    assert page.status_code == 404
    assert '<html lang="en"' in page.text and "Not found" in page.text
    api = client.get("/api/v1/gemeenten/GM9999")
    assert api.status_code == 404
    assert api.headers["content-type"].startswith("application/problem+json")
    assert api.json()["title"] == "Niet gevonden"


@pytest.mark.db
def test_the_header_search_box_sends_q_to_the_search_page(client):
    html = client.get("/").text
    form = re.search(r'<form class="site-zoek" method="get" action="/zoeken"[^>]*>(.*?)</form>', html, re.S)
    assert form, "geen zoekvak in de kop"
    assert 'name="q"' in form.group(1)
    assert re.search(r'<label[^>]*for="site-zoek-q"', form.group(1))
