"""The feeds over HTTP: text/calendar inline, a strong ETag and Last-Modified, 304s and HEAD."""

import logging
import re
from email.utils import format_datetime, parsedate_to_datetime

import sqlalchemy as sa
from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool

from app.db import is_busy
from app.feeds import service
from app.feeds.links import PATHS
from app.feeds.service import Uitvoer
from app.validation import reject_nul
from app.web.urls import GEHEIME_PADEN


async def _reject_nul(request: Request) -> None:
    reject_nul(request)  # on the event loop: a sync dependency would cost every request a thread hop


router = APIRouter(include_in_schema=False, dependencies=[Depends(_reject_nul)])


def _once(state, soort: str, sleutel: str) -> Uitvoer:
    with state.session_factory() as session:
        uitvoer = service.serve(session, state.settings, state.feed_cache, soort, sleutel)
        session.commit()  # the feed's version record, when its bytes changed
        return uitvoer


def _lookup(state, soort: str, sleutel: str) -> Uitvoer:
    try:
        return _once(state, soort, sleutel)
    except sa.exc.OperationalError as exc:
        if not is_busy(exc):
            raise
        return _once(state, soort, sleutel)  # SQLite: a write committed since this request began reading


async def _serve(request: Request, soort: str, sleutel: str) -> Response:
    state = request.app.state
    uitvoer = service.cached(state.settings, state.feed_cache, soort, sleutel)  # no thread, no query
    if uitvoer is None:
        uitvoer = await run_in_threadpool(_lookup, state, soort, sleutel)
    headers = {
        "ETag": uitvoer.etag,
        "Last-Modified": format_datetime(uitvoer.last_modified, usegmt=True),
        "Cache-Control": "private, max-age=300" if uitvoer.prive else "public, max-age=300",
        "Content-Disposition": f'inline; filename="{uitvoer.bestandsnaam}"',
    }
    if uitvoer.prive:
        headers["X-Robots-Tag"] = "noindex"
    if not_modified(request, uitvoer):
        return Response(status_code=304, headers=headers)
    headers["Content-Length"] = str(len(uitvoer.body))
    body = b"" if request.method == "HEAD" else uitvoer.body
    return Response(body, headers=headers, media_type="text/calendar; charset=utf-8")


def not_modified(request: Request, uitvoer: Uitvoer) -> bool:
    """RFC 9110 13.2.2: If-None-Match decides when present (weak comparison); else If-Modified-Since."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        if if_none_match.strip() == "*":
            return True
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return uitvoer.etag in tags
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError, IndexError):
        return False  # an unreadable date is ignored, as the RFC asks
    if moment.tzinfo is None:
        return False
    return uitvoer.last_modified <= moment


def _route(path: str, soort: str):
    async def endpoint(request: Request, sleutel: str) -> Response:
        return await _serve(request, soort, sleutel)

    endpoint.__name__ = f"feed_{soort.replace('-', '_')}"
    router.add_api_route(path.replace("{}", "{sleutel}"), endpoint, methods=["GET", "HEAD"])


for _soort, _path in PATHS.items():
    _route(_path, _soort)


class RedactFeedTokens(logging.Filter):
    """Logs show a secret link's first characters only: a private feed, or a speaker's confirm or cancel link."""

    PATTERN = re.compile("((?:" + "|".join(map(re.escape, GEHEIME_PADEN)) + r")[A-Za-z0-9_-]{6})[A-Za-z0-9_-]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(self.PATTERN.sub(r"\1…", a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = self.PATTERN.sub(r"\1…", record.msg)
        return True


LOGGERS = ("uvicorn.access", "uvicorn.error", "tussenruimte")  # the access log, and the paths of errors


def install_log_filter() -> None:
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, RedactFeedTokens) for f in logger.filters):
            logger.addFilter(RedactFeedTokens())
