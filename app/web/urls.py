"""Absolute links to the portal's pages and API resources, in one place: every domain's schemas use them."""

API_PREFIX = "/api/v1"


def page_url(base_url: str, collection: str, key: object) -> str:
    return f"{base_url.rstrip('/')}/{collection}/{key}"


def api_url(base_url: str, collection: str, key: object) -> str:
    return f"{base_url.rstrip('/')}{API_PREFIX}/{collection}/{key}"


def links(base_url: str, collection: str, key: object) -> dict[str, str]:
    """The ``url`` (the page a person reads) and ``api_url`` (the JSON) of one object."""
    return {"url": page_url(base_url, collection, key), "api_url": api_url(base_url, collection, key)}
