"""Absolute links to the portal's pages and API resources, in one place: every domain's schemas use them."""

API_PREFIX = "/api/v1"

# Paths whose last segment is a secret (a private feed, a speaker's confirm or cancel link): never logged in
# full, never echoed into another link.
GEHEIME_PADEN = ("/feeds/persoonlijk/", "/inspreken/bevestigen/", "/inspreken/afmelden/")


def deelbaar_pad(path: str, query: str = "") -> str:
    """The path and query of this page as they may appear in another link: the home page for a secret link."""
    if path.startswith(GEHEIME_PADEN):
        return "/"
    return path + (f"?{query}" if query else "")


def page_url(base_url: str, collection: str, key: object) -> str:
    return f"{base_url.rstrip('/')}/{collection}/{key}"


def api_url(base_url: str, collection: str, key: object) -> str:
    return f"{base_url.rstrip('/')}{API_PREFIX}/{collection}/{key}"


def links(base_url: str, collection: str, key: object) -> dict[str, str]:
    """The ``url`` (the page a person reads) and ``api_url`` (the JSON) of one object."""
    return {"url": page_url(base_url, collection, key), "api_url": api_url(base_url, collection, key)}
