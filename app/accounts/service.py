"""Accounts: passwords, login throttling, personal API tokens and the roles behind an Actor."""

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, delete, func, select

from app.accounts.authz import ANONYMOUS, Actor
from app.accounts.models import ApiToken, Gebruiker, Inlogpoging, RolSoort, Roltoekenning
from app.db import utcnow
from app.errors import Conflict, Invalid, NotFound, TooManyRequests
from app.gemeenten.models import Gemeente
from app.regelingen.models import Regeling

_hasher = PasswordHasher()
_UNKNOWN_USER_HASH = _hasher.hash(secrets.token_urlsafe(16))
TOKEN_USE_RESOLUTION = timedelta(minutes=5)
TOKEN_PREFIX = "trt_"
MIN_PASSWORD_LENGTH = 12


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if "@" not in email or email.startswith("@") or email.endswith("@") or len(email) > 254:
        raise Invalid(f"‘{email}’ is geen geldig e-mailadres.")
    return email


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Invalid(f"Een wachtwoord moet minstens {MIN_PASSWORD_LENGTH} tekens lang zijn.")
    return _hasher.hash(password)


def create_user(session: Session, *, email: str, naam: str, password: str, persoon_id: int | None = None) -> Gebruiker:
    email = normalise_email(email)
    if session.exec(select(Gebruiker).where(Gebruiker.email == email)).first():
        raise Conflict(f"Er is al een gebruiker met e-mailadres {email}.")
    user = Gebruiker(email=email, naam=naam, wachtwoord_hash=hash_password(password), persoon_id=persoon_id)
    session.add(user)
    session.flush()
    return user


def get_user(session: Session, *, email: str) -> Gebruiker:
    user = session.exec(select(Gebruiker).where(Gebruiker.email == normalise_email(email))).first()
    if user is None:
        raise NotFound(f"Er is geen gebruiker met e-mailadres {email}.")
    return user


def grant_role(session: Session, *, user: Gebruiker, rol: RolSoort, gemeente_code: str | None = None,
               regeling_slug: str | None = None) -> Roltoekenning:
    gemeente_id = regeling_id = None
    if rol == RolSoort.griffier:
        if not gemeente_code:
            raise Invalid("Een griffier hoort bij een gemeente: geef de gemeentecode.")
        gemeente = session.exec(select(Gemeente).where(Gemeente.code == gemeente_code.upper())).first()
        if gemeente is None:
            raise NotFound(f"Gemeente {gemeente_code} bestaat niet.")
        gemeente_id = gemeente.id
    if rol == RolSoort.secretaris:
        if not regeling_slug:
            raise Invalid("Een secretaris hoort bij een regeling: geef de slug van de regeling.")
        regeling = session.exec(select(Regeling).where(Regeling.slug == regeling_slug)).first()
        if regeling is None:
            raise NotFound(f"Regeling {regeling_slug} bestaat niet.")
        regeling_id = regeling.id
    if rol == RolSoort.raadslid and user.persoon_id is None:
        raise Invalid("Een raadslid is gekoppeld aan een persoon: geef de persoon (--persoon SLEUTEL).")
    existing = session.exec(
        select(Roltoekenning).where(
            Roltoekenning.gebruiker_id == user.id, Roltoekenning.rol == rol,
            Roltoekenning.gemeente_id == gemeente_id, Roltoekenning.regeling_id == regeling_id,
        )
    ).first()
    if existing:
        return existing
    role = Roltoekenning(gebruiker_id=user.id, rol=rol, gemeente_id=gemeente_id, regeling_id=regeling_id)
    session.add(role)
    session.flush()
    return role


def actor_for(session: Session, user_id: int | None, *, generation: int | None = None) -> Actor:
    """The actor for a user id; anonymous for no user, a disabled one, or a browser session that has ended.

    ``generation`` comes from a browser session: logging out raises the user's generation, so a copy of an
    older session cookie no longer counts. Bearer tokens pass none.
    """
    if user_id is None:
        return ANONYMOUS
    user = session.get(Gebruiker, user_id)
    if user is None or not user.actief or (generation is not None and generation != user.sessie_generatie):
        return ANONYMOUS
    roles = session.exec(select(Roltoekenning).where(Roltoekenning.gebruiker_id == user.id)).all()
    return Actor.from_roles(gebruiker_id=user.id, email=user.email, naam=user.naam, persoon_id=user.persoon_id,
                            roles=roles)


def end_sessions(session: Session, user_id: int) -> None:
    """Log the user out of every browser session."""
    session.execute(sa.update(Gebruiker).where(Gebruiker.id == user_id)
                    .values(sessie_generatie=Gebruiker.sessie_generatie + 1))


def authenticate(session: Session, *, email: str, password: str, client: str, max_failures: int,
                 window: timedelta) -> Gebruiker | None:
    """Check a password; refuse further tries for an address or client that failed too often recently.

    Returns the user, or None for a wrong address or password (the caller says which in neither case).
    """
    email = email.strip().lower()
    since = utcnow() - window
    keys = [f"email:{email}", f"client:{client}"]
    for key in keys:
        failures = session.exec(
            select(func.count()).select_from(Inlogpoging).where(Inlogpoging.sleutel == key, Inlogpoging.tijd >= since)
        ).one()
        limit = max_failures if key.startswith("email:") else max_failures * 4
        if failures >= limit:
            minutes = int(window.total_seconds() // 60)
            raise TooManyRequests(f"Te veel mislukte inlogpogingen. Probeer het over {minutes} minuten opnieuw.")
    user = session.exec(select(Gebruiker).where(Gebruiker.email == email)).first()
    # Verify against a stand-in hash for an unknown address, so the answer takes as long either way.
    valid = _verify(user.wachtwoord_hash if user else _UNKNOWN_USER_HASH, password)
    if user is None or not user.actief or not valid:
        session.exec(delete(Inlogpoging).where(Inlogpoging.tijd < since))  # old failures no longer count
        for key in keys:
            session.add(Inlogpoging(sleutel=key))
        return None
    if _hasher.check_needs_rehash(user.wachtwoord_hash):
        user.wachtwoord_hash = _hasher.hash(password)
    user.laatst_ingelogd = utcnow()
    session.exec(delete(Inlogpoging).where(Inlogpoging.sleutel == f"email:{email}"))
    session.add(user)
    return user


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, email: str, naam: str = "API") -> tuple[ApiToken, str]:
    """Make a personal bearer token. The plain token is returned once and never stored."""
    user = get_user(session, email=email)
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(gebruiker_id=user.id, naam=naam, prefix=plain[:12], token_hash=_token_hash(plain))
    session.add(token)
    session.flush()
    return token, plain


def revoke_token(session: Session, *, prefix: str) -> ApiToken:
    token = session.exec(select(ApiToken).where(ApiToken.prefix == prefix)).first()
    if token is None:
        raise NotFound(f"Er is geen token dat begint met {prefix}.")
    if token.ingetrokken_op is None:
        token.ingetrokken_op = utcnow()
        session.add(token)
    return token


def user_for_token(session: Session, plain: str) -> int | None:
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == _token_hash(plain))).first()
    if token is None or token.ingetrokken_op is not None:
        return None
    now = utcnow()
    if token.laatst_gebruikt is None or now - token.laatst_gebruikt > TOKEN_USE_RESOLUTION:
        token.laatst_gebruikt = now  # not on every request: reads should not all become writes
        session.add(token)
    return token.gebruiker_id
