"""The one rule for the role of a council's Behandeling, shared by app.voorstellen and app.planning."""

import pytest

from app.voorstellen.models import BehandelingRol, VoorstelSoort
from app.voorstellen.regels import rol_voor


@pytest.mark.parametrize("soort, rol", [
    (VoorstelSoort.wijziging_regeling, BehandelingRol.besluit),  # the councils' toestemming, Wgr art. 1 lid 3
    (VoorstelSoort.overig, BehandelingRol.besluit),
    (VoorstelSoort.begroting, BehandelingRol.zienswijze),
    (VoorstelSoort.begrotingswijziging, BehandelingRol.zienswijze),
    (VoorstelSoort.jaarrekening, BehandelingRol.zienswijze),
    (VoorstelSoort.kadernota, BehandelingRol.zienswijze),
])
def test_the_role_of_a_councils_behandeling_per_kind(soort, rol):
    assert rol_voor(soort) == rol_voor(soort.value) == rol


def test_every_kind_has_a_role():
    assert {rol_voor(s) for s in VoorstelSoort} == {BehandelingRol.besluit, BehandelingRol.zienswijze}
