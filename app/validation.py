"""Pydantic's validation errors in Dutch, for API responses, forms and the import format alike."""

from typing import Any

_MESSAGES = {
    "missing": "dit veld is verplicht",
    "extra_forbidden": "onbekend veld",
    "string_type": "verwacht tekst",
    "string_too_short": "mag niet leeg zijn",
    "string_too_long": "is te lang (hoogstens {max_length} tekens)",
    "string_pattern_mismatch": "heeft niet de juiste vorm ({pattern})",
    "too_short": "moet minstens {min_length} element(en) bevatten",
    "too_long": "mag hoogstens {max_length} element(en) bevatten",
    "int_parsing": "verwacht een geheel getal",
    "int_type": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "float_parsing": "verwacht een getal",
    "decimal_parsing": "verwacht een getal",
    "decimal_max_places": "heeft te veel decimalen (hoogstens {decimal_places})",
    "greater_than": "moet groter zijn dan {gt}",
    "greater_than_equal": "moet minstens {ge} zijn",
    "less_than": "moet kleiner zijn dan {lt}",
    "less_than_equal": "mag hoogstens {le} zijn",
    "bool_parsing": "verwacht ja of nee (true/false)",
    "bool_type": "verwacht ja of nee (true/false)",
    "date_parsing": "is geen geldige datum (gebruik JJJJ-MM-DD)",
    "date_from_datetime_parsing": "is geen geldige datum (gebruik JJJJ-MM-DD)",
    "date_type": "is geen geldige datum (gebruik JJJJ-MM-DD)",
    "datetime_parsing": "is geen geldig tijdstip (gebruik bijvoorbeeld 2027-01-26T19:30:00+01:00)",
    "datetime_from_date_parsing": "is geen geldig tijdstip (gebruik bijvoorbeeld 2027-01-26T19:30:00+01:00)",
    "datetime_type": "is geen geldig tijdstip (gebruik bijvoorbeeld 2027-01-26T19:30:00+01:00)",
    "timezone_aware": "geef een tijdstip met tijdzone, bijvoorbeeld 2027-01-26T19:30:00+01:00",
    "url_parsing": "is geen geldig internetadres",
    "url_scheme": "moet beginnen met http:// of https://",
    "url_type": "is geen geldig internetadres",
    "enum": "kies uit: {expected}",
    "literal_error": "kies uit: {expected}",
    "list_type": "verwacht een lijst",
    "dict_type": "verwacht een object met velden",
    "model_type": "verwacht een object met velden",
    "model_attributes_type": "verwacht een object met velden",
    "json_invalid": "is geen geldige JSON",
    "json_type": "is geen geldige JSON",
}


def dutch_message(error: dict[str, Any]) -> str:
    """The message of one pydantic error, in Dutch where we know its type.

    A ``value_error`` carries our own (Dutch) text as the exception in its context.
    """
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", "ongeldige waarde"))
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


def field_path(loc: tuple | list, *, skip: tuple[str, ...] = ("body", "query", "path", "form", "header")) -> str:
    """'organen.0' style location, without FastAPI's request-part prefixes."""
    return ".".join(str(p) for p in loc if p not in skip)
