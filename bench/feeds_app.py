"""The portal as ``bench.feeds`` serves it under ``wrk``: the real app plus one route that answers from memory.

    uvicorn --factory bench.feeds_app:create

The feed to compare with is named by ``TUSSENRUIMTE_BENCH_FEED`` (a path such as ``/feeds/gemeenten/x.ics``).
At startup the app fetches it once through its own real route (and so through the service and the feed cache)
and keeps the response; ``/bench/geheugen.ics`` then returns those bytes with the same headers. Both routes
pass the same middleware in the same process, so the difference is what serving a feed costs beyond bytes.
"""

import os
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI, Response

from app.config import Settings
from app.main import create_app

GEHEUGEN = "/bench/geheugen.ics"
# The headers the feed route sets itself; the middleware adds the rest to both routes alike.
KOPIEER = ("content-type", "etag", "last-modified", "cache-control", "content-disposition", "x-robots-tag")


def create() -> FastAPI:
    settings = Settings()
    app = create_app(settings)
    feed = os.environ["TUSSENRUIMTE_BENCH_FEED"]
    opgeslagen: dict = {}

    @asynccontextmanager
    async def lifespan(_app):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=settings.base_url) as client:
            response = await client.get(feed)
        response.raise_for_status()
        opgeslagen["body"] = response.content
        opgeslagen["headers"] = {k: v for k in KOPIEER if (v := response.headers.get(k)) is not None}
        yield
        app.state.engine.dispose()

    app.router.lifespan_context = lifespan

    @app.get(GEHEUGEN, include_in_schema=False)
    async def geheugen() -> Response:
        return Response(opgeslagen["body"], headers=opgeslagen["headers"])

    return app
