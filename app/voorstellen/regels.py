"""Pure rules about voorstellen that more than one package needs (app.voorstellen, app.planning): no database, no
services, so anything may import it without an import cycle."""

from app.voorstellen.models import BehandelingRol, VoorstelSoort

# The councils give their view (zienswijze) on the financial documents before the AB decides (Wgr art. 35 lid 3,
# art. 34b); the AB decides them.
ZIENSWIJZE_SOORTEN = frozenset({VoorstelSoort.begroting, VoorstelSoort.begrotingswijziging,
                                VoorstelSoort.jaarrekening, VoorstelSoort.kadernota})


def rol_voor(soort: VoorstelSoort | str) -> BehandelingRol:
    """The role of a council's Behandeling of a voorstel of this kind.

    - begroting, begrotingswijziging, jaarrekening, kadernota: ``zienswijze`` (the council's view; the AB decides);
    - wijziging_regeling: ``besluit`` (a change of the regeling needs each council's toestemming, Wgr art. 1 lid 3);
    - overig: ``besluit`` (the council decides on it itself).
    """
    soort = VoorstelSoort(soort)
    return BehandelingRol.zienswijze if soort in ZIENSWIJZE_SOORTEN else BehandelingRol.besluit
