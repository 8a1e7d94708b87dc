"""Dates typed in forms (app.validation.datum_uit_formulier), shared by every form with a date field."""

from datetime import date

import pytest

from app.validation import datum_uit_formulier


@pytest.mark.parametrize(("waarde", "verwacht"), [
    ("2027-01-26", date(2027, 1, 26)), ("26-01-2027", date(2027, 1, 26)), (" 6/1/2027 ", date(2027, 1, 6)),
    ("6.1.2027", date(2027, 1, 6)), ("29-02-2028", date(2028, 2, 29)),
])
def test_iso_and_dutch_dates_are_read(waarde, verwacht):
    assert datum_uit_formulier(waarde) == verwacht


@pytest.mark.parametrize("waarde", ["", "morgen", "31-02-2027", "29-02-2027", "2027-13-01", "1-1-27", "26-01-2027x"])
def test_anything_else_is_none_not_an_error(waarde):
    assert datum_uit_formulier(waarde) is None
