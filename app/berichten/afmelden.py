"""The RFC 8058 one-click unsubscribe link: a signature (HMAC-SHA256 with the secret key) of the subscription's id.

No column holds it: the link proves itself, and a changed secret key invalidates every link at once. It has no
expiry, since a mail may be read long after it was sent.
"""

import hashlib

from itsdangerous import BadSignature, URLSafeSerializer

from app.config import Settings

SALT = "tussenruimte.meldingen.afmelden"
PAD = "/meldingen/afmelden"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT, signer_kwargs={"digest_method": hashlib.sha256})


def token(secret_key: str, abonnement_id: int) -> str:
    return _serializer(secret_key).dumps(abonnement_id)


def abonnement_id(secret_key: str, token_: str) -> int | None:
    """The subscription a token names; None for a token that was not made with this key (or was altered)."""
    try:
        value = _serializer(secret_key).loads(token_)
    except (BadSignature, UnicodeError, ValueError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def url(settings: Settings, abonnement_id_: int) -> str:
    return f"{settings.base_url.rstrip('/')}{PAD}/{token(settings.secret_key, abonnement_id_)}"
