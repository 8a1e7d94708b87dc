"""Pydantic's validation errors in Dutch, for API responses, forms and the import format alike.

Also the limits of what a database can store, checked at the edge so that hostile input is a 422, never a 500.
"""

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from fastapi import Request
from pydantic import AfterValidator

from app.errors import Invalid

MAX_ID = 2_147_483_647  # the largest INTEGER on every database we run on
_DATUM_NL = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
NUL = "bevat een ongeldig teken (NUL)"  # PostgreSQL stores no NUL character in text


def _without_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError(NUL)
    return value


Text = Annotated[str, AfterValidator(_without_nul)]


def datum_uit_formulier(waarde: str) -> date | None:
    """A date typed in a form: ISO (a date picker sends 2027-01-26) or Dutch (26-01-2027, a browser without a
    picker). None when it is neither or no such day exists; the caller says why next to the field."""
    waarde = waarde.strip()
    try:
        return date.fromisoformat(waarde)
    except ValueError:
        match = _DATUM_NL.match(waarde)
    try:
        return date(int(match[3]), int(match[2]), int(match[1])) if match else None
    except ValueError:
        return None


def reject_nul(request: Request) -> None:
    """A router dependency: no path or query parameter may carry a NUL character."""
    for name, value in [*request.path_params.items(), *request.query_params.multi_items()]:
        if isinstance(value, str) and "\x00" in value:
            raise Invalid(f"‘{name}’ {NUL}.", errors=[{"name": name, "reason": NUL}])


def dutch_message(error: dict, patterns: dict[str, str] | None = None) -> str:
    """The message of one pydantic error in Dutch, quoting the value that was refused.

    ``patterns`` explains regular expressions in words (a griffier cannot read ``^GM\\d{4}$``).
    A ``value_error`` carries our own (Dutch) text as the exception in its context.
    """
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
    if isinstance(value, str) and len(value) > 40:
        value = value[:40] + "…"  # a hostile input is not echoed whole
    shown = repr(value) if isinstance(value, str | int | Decimal) else "deze waarde"
    if kind == "missing":
        return "verplicht veld ontbreekt"
    if kind == "extra_forbidden":
        return f"onbekend veld ‘{error['loc'][-1]}’"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        return f"{shown} heeft niet de juiste vorm: " + (patterns or {}).get(pattern, f"patroon {pattern}")
    if kind == "string_too_short":
        return "mag niet leeg zijn"
    if kind in ("string_too_long", "url_too_long"):
        return f"te lang: hoogstens {ctx.get('max_length')} tekens"
    if kind == "too_short":
        return "de lijst mag niet leeg zijn"
    if kind == "string_type":
        return f"verwacht tekst, niet {shown}"
    if kind in ("int_type", "int_parsing", "int_from_float", "int_parsing_size"):
        return f"verwacht een geheel getal, niet {shown}"
    if kind in ("bool_type", "bool_parsing"):
        return f"verwacht true of false, niet {shown}"
    if kind == "greater_than_equal":
        return f"moet minstens {ctx.get('ge')} zijn"
    if kind == "greater_than":
        return f"moet groter dan {ctx.get('gt')} zijn"
    if kind == "less_than_equal":
        return f"mag hoogstens {ctx.get('le')} zijn"
    if kind == "less_than":
        return f"moet kleiner dan {ctx.get('lt')} zijn"
    if kind == "too_long":
        return f"te veel items: hoogstens {ctx.get('max_length')}"
    if kind == "json_invalid":
        return f"geen geldige JSON (fout bij teken {error['loc'][-1]})"
    if kind in ("decimal_parsing", "decimal_type", "finite_number"):
        return f"verwacht een getal, niet {shown}"
    if kind == "decimal_max_places":
        return f"hoogstens {ctx.get('decimal_places')} cijfers achter de komma"
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return "getal te groot"
    if kind.startswith("date"):
        if kind.startswith("datetime"):
            return f"{shown} is geen geldig tijdstip; schrijf bijvoorbeeld 2027-01-26T19:30:00+01:00"
        return f"{shown} is geen geldige datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2027-07-10"
    if kind in ("enum", "literal_error"):
        return f"{shown} is geen geldige waarde; kies uit {str(ctx.get('expected', '')).replace(' or ', ' of ')}"
    if kind == "list_type":
        return "verwacht een lijst"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "verwacht sleutels met waarden (een mapping)"
    if kind.startswith("url"):
        return f"{shown} is geen geldig webadres"
    return error["msg"]


def field_path(loc: tuple | list, *, skip: tuple[str, ...] = ("body", "query", "path", "form", "header")) -> str:
    """'organen.0' style location, without FastAPI's request-part prefixes."""
    return ".".join(str(p) for p in loc if p not in skip)
