"""A council's position on a voorstel, from what is recorded (pure: no database)."""

from datetime import UTC, date, datetime, timedelta

import pytest

from app.besluiten import atom
from app.besluiten.service import AFGEMELD, GEAGENDEERD, NIET_ONTVANGEN, ONTVANGEN, UITKOMST, positie
from app.gemeenten.models import Gemeente
from app.vergaderingen.models import Status, Vergadering
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Uitkomst, Voorstel, VoorstelFase

VANDAAG = date(2027, 3, 1)
ZEIST = Gemeente(id=1, code="GM0355", naam="Zeist", slug="zeist", provincie="Utrecht", inwoners=1)


def _voorstel(**kw) -> Voorstel:
    return Voorstel(id=1, regeling_id=1, titel="Begroting", uiterlijk=kw.pop("uiterlijk", VANDAAG), **kw)


def _behandeling(**kw) -> Behandeling:
    return Behandeling(id=1, voorstel_id=1, orgaan_id=1, rol=BehandelingRol.zienswijze, **kw)


def _vergadering(status: Status = Status.gepland) -> Vergadering:
    start = datetime(2027, 2, 20, 18, tzinfo=UTC)
    return Vergadering(id=1, start=start, einde=start + timedelta(hours=3), status=status)


AFMELDING = Afmelding(voorstel_id=1, gemeente_id=1)


@pytest.mark.parametrize("behandeling, vergadering, afmelding, status", [
    (None, None, None, NIET_ONTVANGEN),
    (_behandeling(), None, None, ONTVANGEN),
    (_behandeling(), _vergadering(), None, GEAGENDEERD),
    (_behandeling(), _vergadering(Status.geannuleerd), None, ONTVANGEN),  # a cancelled meeting is no agenda
    (_behandeling(), _vergadering(), AFMELDING, AFGEMELD),
    (None, None, AFMELDING, AFGEMELD),
    (_behandeling(uitkomst=Uitkomst.zienswijze), _vergadering(), AFMELDING, UITKOMST),  # the outcome wins
])
def test_the_position_follows_what_is_recorded(behandeling, vergadering, afmelding, status):
    assert positie(ZEIST, _voorstel(), behandeling, None, vergadering, afmelding, VANDAAG).status == status


def test_the_deadline_passes_the_day_after_the_last_day():
    open_ = _voorstel(fase=VoorstelFase.verzonden)
    assert not positie(ZEIST, open_, None, None, None, None, VANDAAG).te_laat
    assert positie(ZEIST, open_, None, None, None, None, VANDAAG + timedelta(days=1)).te_laat
    klaar = _behandeling(uitkomst=Uitkomst.geen_zienswijze)
    assert not positie(ZEIST, open_, klaar, None, None, None, VANDAAG + timedelta(days=1)).te_laat
    assert not positie(ZEIST, open_, None, None, None, AFMELDING, VANDAAG + timedelta(days=1)).te_laat
    besloten = _voorstel(fase=VoorstelFase.besloten)  # once the AB decided, a council is no longer late
    assert not positie(ZEIST, besloten, None, None, None, None, VANDAAG + timedelta(days=1)).te_laat


def test_labels_name_the_outcome():
    p = positie(ZEIST, _voorstel(), _behandeling(uitkomst=Uitkomst.afgezien), None, None, None, VANDAAG)
    assert p.label == "Afgezien van behandeling" and p.uitkomst == Uitkomst.afgezien
    assert positie(ZEIST, _voorstel(), None, None, None, AFMELDING, VANDAAG).uitkomst is None


def test_atom_refuses_a_time_without_zone():
    with pytest.raises(ValueError):
        atom.feed(titel="x", feed_id="x", self_url="x", alternate_url="x", bijgewerkt=datetime(2027, 1, 1),
                  entries=[])
