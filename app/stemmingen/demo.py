"""Demo weighted votes in the Drechtraad, made through the service as its secretaris would.

The Drechtsteden get the Drechtraad's rule (a fractie's share of its council's seats × the gemeente's share of the
population); the last Drechtraad meeting held gets a vote on a voorstel it decided (adopted) and a motion
(rejected). Loading twice changes nothing: a Drechtraad that has votes is left alone.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlmodel import Session, col, select

from app.accounts.authz import Actor
from app.accounts.models import Gebruiker, RolSoort, Roltoekenning
from app.db import lokale_dag
from app.organen.models import Orgaan
from app.regelingen.models import Regeling
from app.stemmingen import service
from app.stemmingen.models import Keuze, Stemming
from app.stemmingen.schemas import StemInvoer, StemmingCreate
from app.vergaderingen import service as vergaderingen
from app.voorstellen.models import Behandeling, BehandelingRol, Voorstel

DRECHTRAAD = "drechtraad"


def _secretaris(session: Session, regeling: Regeling) -> Actor:
    """The regeling's demo secretaris; else any beheerder (the history names who did it)."""
    row = session.exec(
        select(Gebruiker, Roltoekenning.rol).join(Roltoekenning, Roltoekenning.gebruiker_id == Gebruiker.id)
        .where(((Roltoekenning.rol == RolSoort.secretaris) & (Roltoekenning.regeling_id == regeling.id))
               | (Roltoekenning.rol == RolSoort.beheerder))
        .order_by(Roltoekenning.rol.desc(), Gebruiker.id)  # 'secretaris' sorts after 'beheerder'
    ).first()
    if row is None:
        raise LookupError("de demo heeft een secretaris of beheerder nodig om stemmingen vast te leggen")
    user, rol = row
    return Actor(gebruiker_id=user.id, email=user.email, naam=user.naam, beheerder=rol == RolSoort.beheerder,
                 secretaris_van=frozenset({regeling.id}))


def vul(session: Session, *, vandaag: date) -> None:
    orgaan = session.exec(select(Orgaan).where(Orgaan.slug == DRECHTRAAD)).first()
    if orgaan is None or orgaan.regeling_id is None:
        return
    if session.exec(select(Stemming.id).where(Stemming.orgaan_id == orgaan.id)).first() is not None:
        return  # loaded before
    regeling = session.get(Regeling, orgaan.regeling_id)
    actor = _secretaris(session, regeling)
    service.wijzig_stemregels(session, actor=actor, regeling=regeling, versie=None,
                              regels={"gewicht": "fractie_aandeel", "grondslag": "inwoners"})

    tot = datetime.combine(vandaag, time(0), UTC)
    gehouden = vergaderingen.list_meetings(session, orgaan_ids=[orgaan.id], tot=tot, descending=True, limit=1)
    if not gehouden:
        return
    vergadering = gehouden[0].vergadering
    voorstel = session.exec(
        select(Voorstel).join(Behandeling, Behandeling.voorstel_id == Voorstel.id)
        .where(Behandeling.orgaan_id == orgaan.id, Behandeling.vergadering_id == vergadering.id,
               Behandeling.rol == BehandelingRol.besluit, col(Voorstel.deleted_at).is_(None))
        .order_by(Voorstel.id)
    ).first()
    leden = [lid for lid in service.stemgerechtigden(session, orgaan, regeling, service.stemregels(regeling),
                                                     peildatum=lokale_dag(vergadering.start)) if lid.stemt]
    if not leden:
        return
    moment = vergadering.start + timedelta(minutes=80)

    # Lightest first: who votes how is then independent of the order of names, and the outcome is as described.
    leden.sort(key=lambda lid: (lid.gewicht, lid.persoon.id))
    kwart, helft = len(leden) // 4, len(leden) // 2

    # Adopted: the lightest quarter against, one abstention, one member absent, the rest voor.
    keuzes = [Keuze.tegen if i < kwart else Keuze.voor for i in range(len(leden))]
    if len(leden) >= 4:
        keuzes[kwart] = Keuze.onthouden
        keuzes[kwart + 1] = Keuze.afwezig
    _leg_vast(session, actor, orgaan, vergadering.id, voorstel, moment, leden, keuzes,
              None if voorstel else "Besluit Drechtraad")

    # Rejected: a motion only the lighter half supports (at most half of the weight: not more than half).
    keuzes = [Keuze.voor if i < helft else Keuze.tegen for i in range(len(leden))]
    _leg_vast(session, actor, orgaan, vergadering.id, None, moment + timedelta(minutes=10), leden, keuzes,
              "Motie: regionale woondeal eerst bespreken in de raden")


def _leg_vast(session, actor, orgaan, vergadering_id, voorstel, moment, leden, keuzes, onderwerp) -> None:
    service.leg_vast(session, actor=actor, data=StemmingCreate(
        orgaan=orgaan.slug, vergadering_id=vergadering_id, voorstel_id=voorstel.id if voorstel else None,
        onderwerp=onderwerp, gestemd_op=moment,
        stemmen=[StemInvoer(persoon_id=lid.persoon.id, keuze=k) for lid, k in zip(leden, keuzes, strict=True)]))
