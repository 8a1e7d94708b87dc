"""The list of decisions as CSV and JSON: the same rows, the same fields (app.besluiten.schemas.BesluitPublic)."""

import csv
import io
from collections.abc import Sequence

from app.besluiten.schemas import BesluitenExport, BesluitPublic
from app.besluiten.service import BesluitFilter, BesluitRij

KOLOMMEN = list(BesluitPublic.model_fields)
# A cell a spreadsheet would take for a formula (CSV injection): shown as text instead.
FORMULE = ("=", "+", "-", "@", "\t", "\r")


def items(rijen: Sequence[BesluitRij], base_url: str) -> list[BesluitPublic]:
    return [BesluitPublic.build(rij, base_url) for rij in rijen]


def als_json(rijen: Sequence[BesluitRij], f: BesluitFilter, total: int, base_url: str) -> str:
    """``total`` counts every matching voorstel; ``afgekapt`` says the items stop short of it (the export's limit)."""
    afgekapt = len(rijen) < total
    toelichting = (f"Alleen de eerste {len(rijen)} van {total} besluiten; verfijn de filters om de rest te zien."
                   if afgekapt else None)
    return BesluitenExport(filters=f.params(), total=total, aantal=len(rijen), afgekapt=afgekapt,
                           toelichting=toelichting, items=items(rijen, base_url)).model_dump_json(indent=2)


def _cel(waarde: object) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, list):
        waarde = " | ".join(str(w) for w in waarde)
    tekst = str(waarde)
    return "'" + tekst if tekst.startswith(FORMULE) else tekst


def als_csv(rijen: Sequence[BesluitRij], base_url: str) -> str:
    """RFC 4180: comma-separated, a header row, CRLF line ends, UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(KOLOMMEN)
    for item in items(rijen, base_url):
        data = item.model_dump(mode="json")
        writer.writerow([_cel(data[k]) for k in KOLOMMEN])
    return buffer.getvalue()
