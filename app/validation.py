"""Pydantic's validation errors in Dutch, for API responses, forms and the import format alike."""

from decimal import Decimal


def dutch_message(error: dict, patterns: dict[str, str] | None = None) -> str:
    """The message of one pydantic error in Dutch, quoting the value that was refused.

    ``patterns`` explains regular expressions in words (a griffier cannot read ``^GM\\d{4}$``).
    A ``value_error`` carries our own (Dutch) text as the exception in its context.
    """
    kind, ctx, value = error["type"], error.get("ctx") or {}, error.get("input")
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
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"verwacht een geheel getal, niet {shown}"
    if kind in ("bool_type", "bool_parsing"):
        return f"verwacht true of false, niet {shown}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"moet minstens {ctx.get('ge', ctx.get('gt'))} zijn"
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
