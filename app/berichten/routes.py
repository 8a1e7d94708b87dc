"""HTML pages."""

from fastapi import APIRouter

router = APIRouter()
# RFC 8058 one-click unsubscribe: a POST from a mail client, which carries no session and no CSRF token.
one_click = APIRouter()
