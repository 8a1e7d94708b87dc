"""Every table, imported once so the metadata (and Alembic) sees the whole schema."""

from app.accounts.models import ApiToken, Gebruiker, Inlogpoging, RolSoort, Roltoekenning
from app.berichten.models import Abonnement, Bericht, Melding
from app.convocatie.models import Convocatieverzoek, Route, Steun, VerzoekStatus
from app.feeds.models import Agendatoken, Feedselectie, Feedstand, Feedversie
from app.gemeenten.models import Fractie, Gemeente, Persoon, Reces
from app.historie.models import Gebeurtenis
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname, Regeling, Synchronisatie, Vorm
from app.stemmingen.models import Keuze, Stem, Stemming, StemUitkomst
from app.verantwoording.models import Aanwezigheid, Verantwoordingsbijeenkomst
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import (
    Afmelding,
    Behandeling,
    BehandelingRol,
    Besluit,
    Document,
    Uitkomst,
    Voorstel,
    VoorstelFase,
    VoorstelSoort,
)

__all__ = [
    "Aanwezigheid", "Abonnement", "Afmelding", "Agendapunt", "Agendatoken", "ApiToken", "Behandeling",
    "BehandelingRol", "Bericht", "Besluit", "Convocatieverzoek", "Deelname", "Document", "Feedselectie", "Feedstand",
    "Feedversie", "Fractie", "Gebeurtenis", "Gebruiker", "Gemeente", "Inlogpoging", "Inspreekruimte",
    "Inspreekstatus", "Inspreekverzoek", "Keuze", "Lidmaatschap", "Melding", "Orgaan", "Persoon", "Reces", "Regeling",
    "Rol", "RolSoort", "Roltoekenning", "Route", "Soort", "Status", "Stem", "Stemming", "StemUitkomst", "Steun",
    "Synchronisatie", "Uitkomst", "Vergadering", "VergaderingOrgaan", "Verantwoordingsbijeenkomst", "VerzoekStatus",
    "Voorstel", "VoorstelFase", "VoorstelSoort", "Vorm",
]
