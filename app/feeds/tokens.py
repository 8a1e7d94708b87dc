"""The secret link to a person's own feed: made, replaced and revoked by the person, looked up by its hash.

Only the SHA-256 of a token is stored; the link is shown once, when it is made. A token counts only while it
is not revoked, its user is active, and that user is still linked to the person the token was made for.
"""

import hashlib
import secrets

import sqlalchemy as sa
from sqlmodel import Session, col, select

from app.accounts.authz import Actor, require_authenticated
from app.accounts.models import Gebruiker
from app.db import utcnow
from app.errors import Forbidden
from app.feeds.models import Agendatoken

PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 100  # a made token has 43 characters; a longer one is not hashed at all
GEEN_PERSOON = ("Uw account is niet gekoppeld aan een raadslid of bestuurder, dus er is geen persoonlijke agenda. "
                "Vraag de beheerder van Tussenruimte om uw account te koppelen.")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _active(query):
    return query.where(col(Agendatoken.ingetrokken_op).is_(None))


def personal_feed_status(session: Session, user_id: int) -> Agendatoken | None:
    """The user's link that works now, if any."""
    return session.exec(
        _active(select(Agendatoken)).where(Agendatoken.gebruiker_id == user_id)
        .order_by(col(Agendatoken.created_at).desc(), col(Agendatoken.id).desc())
    ).first()


def _revoke_all(session: Session, user_id: int) -> bool:
    result = session.execute(
        sa.update(Agendatoken).where(Agendatoken.gebruiker_id == user_id, col(Agendatoken.ingetrokken_op).is_(None))
        .values(ingetrokken_op=utcnow())
    )
    return result.rowcount > 0


def make_personal_token(session: Session, *, actor: Actor) -> str:
    """A new link for the actor's own person; an older one stops working. The token is returned only here."""
    require_authenticated(actor)
    # Locks the user's row, so two requests at once cannot both leave a working link behind.
    user = session.get(Gebruiker, actor.gebruiker_id, with_for_update=True)
    if user is None or not user.actief or user.persoon_id is None:
        raise Forbidden(GEEN_PERSOON)
    _revoke_all(session, user.id)
    token = secrets.token_urlsafe(32)  # 256 bits
    session.add(Agendatoken(gebruiker_id=user.id, persoon_id=user.persoon_id, prefix=token[:PREFIX_LENGTH],
                            token_hash=token_hash(token)))
    session.flush()
    return token


def revoke_personal_token(session: Session, *, actor: Actor) -> bool:
    """Stop the actor's link from working. False when there was none."""
    require_authenticated(actor)
    return _revoke_all(session, actor.gebruiker_id)


def persoon_for_token(session: Session, token: str) -> int | None:
    """The person whose feed this token opens, or None for an unknown, revoked or orphaned token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    return session.exec(
        _active(select(Agendatoken.persoon_id))
        .join(Gebruiker, Gebruiker.id == Agendatoken.gebruiker_id)
        .where(Agendatoken.token_hash == token_hash(token), col(Gebruiker.actief).is_(True),
               Gebruiker.persoon_id == Agendatoken.persoon_id)
    ).first()
