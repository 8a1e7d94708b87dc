"""Subscriptions: which notifications of which regeling a person receives by e-mail.

One row per address and regeling (``Abonnement``); ``soorten`` empty means every kind, including kinds added
later. Ending a subscription sets ``opgezegd_at`` (the row stays, so the unsubscribe link keeps answering);
subscribing again clears it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.berichten.models import Abonnement, Melding
from app.db import lokale_dag, utcnow
from app.errors import Invalid, NotFound
from app.gemeenten.models import Persoon
from app.organen.models import Lidmaatschap, Orgaan
from app.regelingen.models import Deelname, Regeling

MELDING_LABELS = {
    Melding.convocatieverzoek: "Een nieuw verzoek om een vergadering bijeen te roepen",
    Melding.drempel_bereikt: "Een verzoek heeft genoeg steun (drempel bereikt)",
    Melding.termijn_verloopt: "De termijn om de vergadering bijeen te roepen verloopt bijna",
    Melding.bijeengeroepen: "Een vergadering is bijeengeroepen",
    Melding.zienswijzetermijn: "Over twee weken sluit de termijn voor een zienswijze",
    Melding.antwoord: "Het bestuur heeft op de zienswijzen geantwoord",
    Melding.verantwoording: "De jaarlijkse verantwoordingsbijeenkomst",
}


def soorten(abonnement: Abonnement | None) -> list[Melding]:
    """The kinds a subscription receives (every kind when it names none); none for no or an ended subscription."""
    if abonnement is None or abonnement.opgezegd_at is not None:
        return []
    if not abonnement.soorten:
        return list(Melding)
    return [m for m in Melding if m.value in abonnement.soorten]


@dataclass(frozen=True)
class Regel:
    regeling: Regeling
    abonnement: Abonnement | None
    eigen: bool  # the actor has a role in this regeling (or one of its gemeenten)

    @property
    def soorten(self) -> list[Melding]:
        return soorten(self.abonnement)

    @property
    def alle(self) -> bool:
        return self.abonnement is not None and self.abonnement.opgezegd_at is None and not self.abonnement.soorten


@dataclass(frozen=True)
class MijnMeldingen:
    regels: list[Regel]  # the actor's regelingen and those they follow, by name
    andere: list[Regeling]  # every other regeling, to follow as well


def _email(actor: Actor) -> str:
    require_authenticated(actor)
    return (actor.email or "").lower()


def _eigen_regelingen(session: Session, actor: Actor) -> set[int]:
    """The regelingen the actor has a role in: as secretaris, as griffier of a participating gemeente, or as a
    member of one of its bodies or council member of a participating gemeente."""
    ids = set(actor.secretaris_van)
    gemeenten = set(actor.griffier_van)
    if actor.persoon_id is not None:
        vandaag = lokale_dag()  # the portal's day, not the server's
        ids |= set(session.exec(
            select(Orgaan.regeling_id).join(Lidmaatschap, col(Lidmaatschap.orgaan_id) == Orgaan.id)
            .where(Lidmaatschap.persoon_id == actor.persoon_id, col(Orgaan.regeling_id).is_not(None),
                   col(Lidmaatschap.deleted_at).is_(None), col(Orgaan.deleted_at).is_(None),
                   # current: no start or started by today, and no end or ending today or later
                   sa.or_(col(Lidmaatschap.start).is_(None), col(Lidmaatschap.start) <= vandaag),
                   sa.or_(col(Lidmaatschap.einde).is_(None), col(Lidmaatschap.einde) >= vandaag))
        ).all())
        gemeente_id = session.exec(select(Persoon.gemeente_id).where(Persoon.id == actor.persoon_id)).first()
        if gemeente_id is not None:
            gemeenten.add(gemeente_id)
    if gemeenten:
        ids |= set(session.exec(select(Deelname.regeling_id).where(
            col(Deelname.gemeente_id).in_(gemeenten), col(Deelname.deleted_at).is_(None))).all())
    return ids


def _mijn(session: Session, email: str) -> dict[int, Abonnement]:
    return {a.regeling_id: a for a in session.exec(select(Abonnement).where(Abonnement.email == email)).all()}


def mijn_meldingen(session: Session, *, actor: Actor) -> MijnMeldingen:
    email = _email(actor)
    mijn = _mijn(session, email)
    eigen = _eigen_regelingen(session, actor)
    gevolgd = {rid for rid, a in mijn.items() if a.opgezegd_at is None}
    regelingen = session.exec(select(Regeling).where(col(Regeling.deleted_at).is_(None)).order_by(Regeling.naam)).all()
    toon = eigen | gevolgd
    return MijnMeldingen(
        regels=[Regel(r, mijn.get(r.id), r.id in eigen) for r in regelingen if r.id in toon],
        andere=[r for r in regelingen if r.id not in toon],
    )


def actieve_abonnementen(session: Session, *, actor: Actor) -> list[tuple[Regeling, Abonnement]]:
    email = _email(actor)
    return list(session.exec(
        select(Regeling, Abonnement).join(Abonnement, col(Abonnement.regeling_id) == Regeling.id)
        .where(Abonnement.email == email, col(Abonnement.opgezegd_at).is_(None), col(Regeling.deleted_at).is_(None))
        .order_by(Regeling.naam)
    ).all())


def _zet(session: Session, actor: Actor, email: str, mijn: dict[int, Abonnement], regeling_id: int,
         gekozen: Sequence[Melding] | None) -> None:
    """``gekozen``: the kinds to receive; every kind (``list(Melding)``) is stored as "all"; empty or None ends it."""
    abonnement = mijn.get(regeling_id)
    if not gekozen:
        if abonnement is not None and abonnement.opgezegd_at is None:
            abonnement.opgezegd_at = utcnow()
            session.add(abonnement)
        return
    waarden = [] if set(gekozen) >= set(Melding) else [m.value for m in Melding if m in set(gekozen)]
    if abonnement is None:
        abonnement = Abonnement(email=email, regeling_id=regeling_id)
        mijn[regeling_id] = abonnement
    abonnement.gebruiker_id = actor.gebruiker_id
    abonnement.soorten = waarden
    abonnement.opgezegd_at = None
    session.add(abonnement)


def bewaar(session: Session, *, actor: Actor, keuzes: Mapping[int, Sequence[Melding]]) -> None:
    """Set the kinds per regeling id (the form): an empty choice ends that subscription; others are untouched."""
    email = _email(actor)
    bekend = set(session.exec(select(Regeling.id).where(col(Regeling.id).in_(list(keuzes) or [0]),
                                                         col(Regeling.deleted_at).is_(None))).all())
    if onbekend := set(keuzes) - bekend:
        raise NotFound(f"Er is geen regeling met nummer {min(onbekend)}.")
    mijn = _mijn(session, email)
    for regeling_id, gekozen in keuzes.items():
        _zet(session, actor, email, mijn, regeling_id, gekozen)
    session.flush()


def volg(session: Session, *, actor: Actor, regeling_slug: str) -> Regeling:
    """Follow every kind of notification of one more regeling."""
    email = _email(actor)
    regeling = _regeling(session, regeling_slug)
    _zet(session, actor, email, _mijn(session, email), regeling.id, list(Melding))
    session.flush()
    return regeling


def vervang(session: Session, *, actor: Actor, keuzes: Mapping[str, Sequence[Melding]]) -> None:
    """The API's PUT: exactly these subscriptions (regeling slug -> kinds, each non-empty); every other ends."""
    email = _email(actor)
    slugs = list(keuzes)
    regelingen = {r.slug: r for r in session.exec(select(Regeling).where(
        col(Regeling.slug).in_(slugs or [""]), col(Regeling.deleted_at).is_(None))).all()}
    fouten = [{"name": f"abonnementen.{i}.regeling", "reason": f"er is geen regeling ‘{slug}’"}
              for i, slug in enumerate(slugs) if slug not in regelingen]
    if fouten:
        raise Invalid("Onbekende regeling: " + ", ".join(f"‘{s}’" for s in slugs if s not in regelingen) + ".",
                      errors=fouten)
    mijn = _mijn(session, email)
    gewenst = {regelingen[slug].id: gekozen for slug, gekozen in keuzes.items()}
    for regeling_id in set(mijn) | set(gewenst):
        _zet(session, actor, email, mijn, regeling_id, gewenst.get(regeling_id))
    session.flush()


def _regeling(session: Session, slug: str) -> Regeling:
    regeling = session.exec(select(Regeling).where(Regeling.slug == slug, col(Regeling.deleted_at).is_(None))).first()
    if regeling is None:
        raise NotFound(f"Er is geen regeling ‘{slug}’.")
    return regeling


# --- the one-click unsubscribe ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Afmelding:
    abonnement: Abonnement
    regeling: Regeling
    was_al_opgezegd: bool


def afmelding(session: Session, abonnement_id: int | None) -> Afmelding:
    """The subscription an unsubscribe link names (404 for a link that names none)."""
    row = session.exec(select(Abonnement, Regeling).join(Regeling, col(Regeling.id) == Abonnement.regeling_id)
                       .where(Abonnement.id == (abonnement_id or 0))).first()
    if row is None:
        raise NotFound("Deze afmeldlink klopt niet. Gebruik de link uit de e-mail, of stel uw meldingen in via "
                       "Mijn meldingen.")
    return Afmelding(row[0], row[1], row[0].opgezegd_at is not None)


def zeg_op(session: Session, abonnement_id: int | None) -> Afmelding:
    """End the subscription (RFC 8058 one-click): idempotent, a second POST changes nothing."""
    gevonden = afmelding(session, abonnement_id)
    if not gevonden.was_al_opgezegd:
        session.execute(sa.update(Abonnement).where(Abonnement.id == gevonden.abonnement.id,
                                                    col(Abonnement.opgezegd_at).is_(None))
                        .values(opgezegd_at=utcnow()).execution_options(synchronize_session="fetch"))
    return gevonden
