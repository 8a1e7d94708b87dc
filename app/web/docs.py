"""The API documentation page: Swagger UI from our own /static, started by a script file.

FastAPI's built-in page loads Swagger UI from a CDN and starts it with an inline script; the CSP
(``script-src 'self'``) rightly blocks both, which left the page blank. This page is one of ours instead:
the Dutch site layout, the vendored Swagger UI (static/vendor/swagger-ui-*), and static/js/api-docs.js.
"""

from fastapi import APIRouter, Request

from app.web.deps import ActorDep
from app.web.templating import render

router = APIRouter(include_in_schema=False)

SWAGGER_UI = "/static/vendor/swagger-ui-5.35.0"
DOCS_URL = "/api/v1/docs"


@router.get(DOCS_URL)
def api_docs(request: Request, actor: ActorDep):
    return render(request, "api-docs.html", {
        "title": "API-documentatie",
        "kruimelpad": [("Home", "/"), ("API-documentatie", DOCS_URL)],
        "swagger_ui": SWAGGER_UI,
        "openapi_url": request.app.openapi_url,
    })
