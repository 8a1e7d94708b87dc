"""The JSON API against the Dutch API Design Rules (Logius, ADR 2.x) where they apply.

Checked: the OpenAPI document is published as OAS 3 (API-51), the major version is in the path (API-20) and the
full semantic version in an ``API-Version`` header on every response (API-57), collections have plural names
(API-54), errors are application/problem+json (API-46) for 404, 405 and 422, and there are no trailing slashes
(API-48): ``/gemeenten/`` is a 404, not a redirect and not a second address for the same resource.
"""

import re

import pytest

from app.web.api_regels import API_VERSION

PROBLEM = "application/problem+json"
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")

# Path segments that name one thing, not a collection, kept as they are: renaming them breaks existing clients.
# They are views per year or per gemeente of a regeling, not lists. A new singular collection fails this test.
SINGULAR_ALLOWED = {
    "mijn": "namespace of the logged-in user's own resources (like /me)",
    "pc-kalender": "the P&C calendar of one regeling for one year",
    "pc-plan": "the P&C plan of one regeling for one year",
    "raadstafel": "the raadstafel schedule of one year",
    "carrousel": "the carrousel schedule of one year",
    "steun": "the support of one gemeente for a convocation request",
    "aanwezigheid": "the attendance of one gemeente at an accountability meeting",
}


def _plural(segment: str) -> bool:
    """Dutch plurals end in -en or -s (gemeenten, regelingen, stemregels, zoekresultaten)."""
    return segment.endswith(("en", "s"))


@pytest.fixture
def openapi(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_openapi_document_is_oas_3_and_names_the_version(client, openapi):
    assert re.match(r"^3\.\d+\.\d+$", openapi["openapi"])
    assert SEMVER.match(openapi["info"]["version"]) and openapi["info"]["version"] == API_VERSION
    assert client.get("/api/v1/openapi.json").headers["api-version"] == API_VERSION


def test_every_path_has_the_major_version_and_no_trailing_slash(openapi):
    for path in openapi["paths"]:
        assert path.startswith("/api/v1/"), path
        assert not path.endswith("/"), path


def test_collections_have_plural_names(openapi):
    singular = set()
    for path in openapi["paths"]:
        segments = path.removeprefix("/api/v1/").split("/")
        for i, segment in enumerate(segments):
            if segment.startswith("{"):
                continue
            # A collection: the first segment, or one followed by a member's key ({id}, {slug}, {jaar} ...).
            names_a_collection = i == 0 or (i + 1 < len(segments) and segments[i + 1].startswith("{"))
            if names_a_collection and not _plural(segment):
                singular.add(segment)
    assert singular <= set(SINGULAR_ALLOWED), f"collections with a singular name: {singular - set(SINGULAR_ALLOWED)}"


@pytest.mark.parametrize("path", ["/api/v1/gemeenten", "/api/v1/regelingen", "/api/v1/openapi.json",
                                  "/api/v1/bestaat-niet", "/api/v1/gemeenten/GM9999", "/oparl/v1/system",
                                  "/oparl/v1/bestaat-niet"])
def test_every_api_response_names_the_api_version(client, path):
    response = client.get(path)
    assert SEMVER.match(response.headers["api-version"]), (path, response.status_code)


def test_pages_outside_the_api_carry_no_api_version(client):
    assert "api-version" not in client.get("/healthz").headers


def test_404_is_problem_json(client):
    response = client.get("/api/v1/gemeenten/GM9999")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)
    assert {"type", "title", "status", "detail", "instance"} <= response.json().keys()


def test_an_unknown_api_path_is_problem_json(client):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith(PROBLEM)


def test_405_is_problem_json_with_allow(client):
    response = client.delete("/api/v1/gemeenten")
    assert response.status_code == 405
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "GET" in response.headers["allow"]


def test_422_is_problem_json_with_invalid_params(client):
    response = client.get("/api/v1/gemeenten", params={"page": "nul"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith(PROBLEM)
    assert response.json()["invalid-params"][0]["name"] == "page"


@pytest.mark.parametrize("path", ["/api/v1/gemeenten/", "/api/v1/regelingen/", "/api/v1/", "/oparl/v1/system/",
                                  "/oparl/v1/bodies/"])
def test_a_trailing_slash_is_a_404_not_a_redirect(client, path):
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 404, (path, response.status_code, response.headers.get("location"))
    assert response.headers["content-type"].startswith(PROBLEM)
    assert "schuine streep" in response.json()["detail"]
    assert response.headers["api-version"]
    assert response.headers["x-content-type-options"] == "nosniff"  # still inside the security headers
