"""Demo speakers: the first upcoming committee meetings of the demo councils get a short agenda (the demo regions
plan dates, not agendas) and a few registrations to speak, confirmed and not, with a limit on one item.

The speakers are invented, at example.org addresses (reserved, never delivered); no mail is queued. Loading twice
changes nothing: once there are registrations, this is left alone.
"""

import secrets
from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from app.db import utcnow
from app.gemeenten.models import Gemeente
from app.inspreken.models import Inspreekruimte, Inspreekstatus, Inspreekverzoek
from app.inspreken.service import SOORTEN_MET_INSPREKEN, client_hash, token_hash
from app.organen.models import Orgaan
from app.vergaderingen.models import Agendapunt, Status, Vergadering, VergaderingOrgaan

AGENDA = ("Opening en vaststelling van de agenda", "Omgevingsvisie: ontwerp voor de zienswijze",
          "Fietsroute langs het spoor", "Rondvraag en sluiting")
SPREKERS = (("Fatima el Amrani", "Ruimte voor groen in de nieuwe wijk", Inspreekstatus.bevestigd),
            ("Henk de Wit", "Geluid langs de ringweg", Inspreekstatus.bevestigd),
            ("Sanne Bakker", "Speelplekken voor kinderen", Inspreekstatus.onbevestigd))


def vul(session: Session, *, vandaag: date, aantal: int = 3) -> None:
    if session.exec(select(Inspreekverzoek.id).limit(1)).first() is not None:
        return
    vanaf = max(datetime.combine(vandaag + timedelta(days=3), time(0), UTC), utcnow() + timedelta(days=2))
    vergaderingen = session.exec(
        select(Vergadering)
        .join(VergaderingOrgaan, VergaderingOrgaan.vergadering_id == Vergadering.id)
        .join(Orgaan, Orgaan.id == VergaderingOrgaan.orgaan_id)
        .join(Gemeente, Gemeente.id == Orgaan.gemeente_id)
        .where(col(Gemeente.demo).is_(True), col(Orgaan.soort).in_(list(SOORTEN_MET_INSPREKEN)),
               Vergadering.start >= vanaf, Vergadering.status != Status.geannuleerd,
               col(Vergadering.openbaar).is_(True), col(Vergadering.deleted_at).is_(None))
        .order_by(Vergadering.start, Vergadering.id).distinct().limit(aantal)
    ).all()
    for n, vergadering in enumerate(vergaderingen):
        punten = list(session.exec(select(Agendapunt).where(Agendapunt.vergadering_id == vergadering.id,
                                                            col(Agendapunt.deleted_at).is_(None))
                                   .order_by(Agendapunt.volgorde)).all())
        if not punten:
            punten = [Agendapunt(vergadering_id=vergadering.id, volgorde=i, nummer=str(i), titel=titel)
                      for i, titel in enumerate(AGENDA, start=1)]
            session.add_all(punten)
            session.flush()
        inhoud = punten[1] if len(punten) > 1 else punten[0]
        session.add(Inspreekruimte(agendapunt_id=inhoud.id, max_insprekers=3))
        for naam, onderwerp, status in SPREKERS[: 3 - n % 2]:
            slug = naam.lower().replace(" ", ".")
            session.add(Inspreekverzoek(
                agendapunt_id=inhoud.id, naam=f"{naam} (demo)", email=f"{slug}.{vergadering.id}@example.org",
                onderwerp=onderwerp, status=status, bevestigd_at=utcnow() if status == Inspreekstatus.bevestigd
                else None, bevestig_hash=token_hash(secrets.token_urlsafe(32)),
                annuleer_hash=token_hash(secrets.token_urlsafe(32)), client_hash=client_hash("demo", slug)))
    session.flush()
