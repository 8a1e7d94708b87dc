"""Dutch API Design Rules that hold for every API response, as a pure ASGI middleware.

- API-57: every response of the JSON API (/api/v1) and of OParl (/oparl/v1) names the full semantic version of
  the API in an ``API-Version`` header.
- API-48: no trailing slashes. ``/api/v1/gemeenten/`` is not the same resource as ``/api/v1/gemeenten``: it is
  a 404 (problem+json), not a redirect and not a duplicate.
"""

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

API_VERSION = "1.0.0"
OPARL_API_VERSION = "1.1.0"  # the OParl interface follows the version of the standard it implements
PREFIXES = {"/api/v1": API_VERSION, "/oparl/v1": OPARL_API_VERSION}


def version_for(path: str) -> str | None:
    for prefix, version in PREFIXES.items():
        if path == prefix or path.startswith(prefix + "/"):
            return version
    return None


class ApiRulesMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        version = version_for(path)
        if version is None:
            await self.app(scope, receive, send)
            return
        header = (b"api-version", version.encode())
        if path.endswith("/"):
            await _trailing_slash(scope, send, header)
            return

        async def send_with_version(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        await self.app(scope, receive, send_with_version)


async def _trailing_slash(scope: Scope, send: Send, header: tuple[bytes, bytes]) -> None:
    body = json.dumps({
        "type": "about:blank", "title": "Niet gevonden", "status": 404,
        "detail": "Adressen in de API eindigen niet op een schuine streep: laat de ‘/’ aan het eind weg.",
        "instance": scope["path"],
    }, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 404, "headers": [
        (b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode()), header]})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})
