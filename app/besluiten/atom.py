"""The Atom 1.0 feed of published decisions (RFC 4287). Pure: plain data in, bytes out."""

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from app.voorstellen.service import BESLUIT_LABELS, SOORT_LABELS

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MEDIA_TYPE = "application/atom+xml"

ET.register_namespace("", ATOM)


@dataclass(frozen=True)
class Entry:
    id: str  # an IRI that never changes: the decision's page
    titel: str
    url: str
    bijgewerkt: datetime
    auteur: str
    samenvatting: str
    gepubliceerd: datetime | None = None
    categorie: str | None = None
    gerelateerd: str | None = None  # the publication in the regeling's blad


def _tijd(moment: datetime) -> str:
    """RFC 3339, as Atom's date constructs require: with its offset, whole seconds."""
    if moment.tzinfo is None:
        raise ValueError("tijdstip zonder tijdzone")
    return moment.replace(microsecond=0).isoformat()


def _el(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        element.text = text
    return element


def feed(*, titel: str, feed_id: str, self_url: str, alternate_url: str, bijgewerkt: datetime,
         entries: Sequence[Entry], auteur: str = "Tussenruimte", ondertitel: str | None = None) -> bytes:
    root = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: "nl"})
    _el(root, "id", feed_id)
    _el(root, "title", titel)
    if ondertitel:
        _el(root, "subtitle", ondertitel)
    _el(root, "updated", _tijd(bijgewerkt))
    _el(_el(root, "author"), "name", auteur)
    _el(root, "link", rel="self", type=MEDIA_TYPE, href=self_url)
    _el(root, "link", rel="alternate", type="text/html", href=alternate_url)
    _el(root, "generator", "Tussenruimte")
    for e in entries:
        entry = _el(root, "entry")
        _el(entry, "id", e.id)
        _el(entry, "title", e.titel)
        _el(entry, "updated", _tijd(e.bijgewerkt))
        if e.gepubliceerd is not None:
            _el(entry, "published", _tijd(e.gepubliceerd))
        _el(_el(entry, "author"), "name", e.auteur)
        _el(entry, "link", rel="alternate", type="text/html", href=e.url)
        if e.gerelateerd:
            _el(entry, "link", rel="related", href=e.gerelateerd)
        if e.categorie:
            _el(entry, "category", term=e.categorie)
        _el(entry, "summary", e.samenvatting, type="text")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def entries_van(rows: Sequence[tuple], base_url: str, tz, publicatieblad_standaard: str = "het publicatieblad"
                ) -> list[Entry]:
    """Entries from ``(voorstel, regeling, correcties)`` as app.besluiten.service.gepubliceerd gives them: the
    decision, where it was published, its text and every visible correction."""
    result = []
    for v, r, correcties in rows:
        url = f"{base_url.rstrip('/')}/voorstellen/{v.id}"
        delen = []
        if v.besluit and v.besloten_op:
            delen.append(f"{BESLUIT_LABELS[v.besluit]} door het algemeen bestuur op {v.besloten_op:%d-%m-%Y}.")
        blad = r.publicatieblad or publicatieblad_standaard
        if v.publicatie:
            delen.append(f"Bekendgemaakt in {blad}: {v.publicatie}"
                         + (f" ({v.gepubliceerd_op:%d-%m-%Y})." if v.gepubliceerd_op else "."))
        if v.besluit_tekst:
            delen.append(v.besluit_tekst)
        for c in correcties:
            delen.append(f"Gecorrigeerd op {c.tijd.astimezone(tz):%d-%m-%Y}: {c.toelichting or 'zonder toelichting'}.")
        bijgewerkt = max([v.modified_at, *(c.tijd for c in correcties)])
        gepubliceerd = None
        if v.gepubliceerd_op is not None:
            gepubliceerd = datetime(v.gepubliceerd_op.year, v.gepubliceerd_op.month, v.gepubliceerd_op.day, tzinfo=tz)
            gepubliceerd = min(gepubliceerd, bijgewerkt)  # a published date after the last update reads as wrong
        result.append(Entry(id=url, titel=v.titel, url=url, bijgewerkt=bijgewerkt, auteur=r.naam,
                            samenvatting="\n\n".join(delen) or v.titel, gepubliceerd=gepubliceerd,
                            categorie=SOORT_LABELS[v.soort], gerelateerd=v.publicatie_url))
    return result
