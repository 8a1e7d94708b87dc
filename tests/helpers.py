"""Helpers for tests that drive the HTML side: the CSRF token of a page, and logging in through the form."""

import html as html_lib
import re

from fastapi.testclient import TestClient

from tests import factories

_FIELD = re.compile(r'<input[^>]*\bname="csrf_token"[^>]*\bvalue="([^"]+)"')
_META = re.compile(r'<meta[^>]*\bname="csrf-token"[^>]*\bcontent="([^"]+)"')


def csrf_from(html: str) -> str:
    """The session's CSRF token as the page carries it (the hidden form field, else the meta tag)."""
    match = _FIELD.search(html) or _META.search(html)
    assert match, "geen CSRF-token op de pagina"
    return html_lib.unescape(match.group(1))


def login(client: TestClient, email: str, password: str = factories.PASSWORD) -> str:
    """Log in through the login form, as a browser would. Returns the new session's CSRF token."""
    page = client.get("/inloggen")
    assert page.status_code == 200, page.text
    response = client.post(
        "/inloggen",
        data={"email": email, "wachtwoord": password, "csrf_token": csrf_from(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    # log_in() starts a fresh session with a fresh token: read it from a page of the new session.
    return csrf_from(client.get("/").text)
