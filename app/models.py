"""Every table, imported once so the metadata (and Alembic) sees the whole schema."""

from app.accounts.models import ApiToken, Gebruiker, Inlogpoging, RolSoort, Roltoekenning
from app.berichten.models import Bericht
from app.feeds.models import Agendatoken, Feedselectie, Feedstand, Feedversie
from app.gemeenten.models import Fractie, Gemeente, Persoon, Reces
from app.organen.models import Lidmaatschap, Orgaan, Rol, Soort
from app.regelingen.models import Deelname, Regeling, Synchronisatie, Vorm
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan
from app.voorstellen.models import Afmelding, Behandeling, BehandelingRol, Document, Voorstel, VoorstelSoort

__all__ = [
    "Afmelding", "Agendapunt", "Agendatoken", "ApiToken", "Behandeling", "BehandelingRol", "Bericht", "Deelname",
    "Document", "Feedselectie", "Feedstand", "Feedversie", "Fractie", "Gebruiker", "Gemeente", "Inlogpoging",
    "Lidmaatschap", "Orgaan", "Persoon", "Reces", "Regeling", "Rol", "RolSoort", "Roltoekenning", "Soort", "Status",
    "Synchronisatie", "Vergadering", "VergaderingOrgaan", "Voorstel", "VoorstelSoort", "Vorm",
]
