"""The application factory."""

from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session
from starlette.middleware.sessions import SessionMiddleware

from app import __doc__ as description
from app.accounts import routes as account_routes
from app.berichten import api as berichten_api
from app.berichten import routes as berichten_routes
from app.berichten.tijdgebonden import meldingen_lus
from app.besluiten import routes as besluiten_routes
from app.config import PROJECT_ROOT, Settings, get_settings
from app.convocatie import api as convocatie_api
from app.convocatie import routes as convocatie_routes
from app.db import create_db_engine
from app.feeds import pages as feed_pages
from app.feeds import routes as feed_routes
from app.feeds.service import FeedCache
from app.gemeenten import api as gemeenten_api
from app.gemeenten import routes as gemeenten_routes
from app.i18n import web as taal_routes
from app.i18n.web import TaalMiddleware
from app.inspreken import routes as inspreken_routes
from app.kalender import routes as kalender_routes
from app.oparl import routes as oparl_routes
from app.organen import api as organen_api
from app.organen import routes as organen_routes
from app.planning import api as planning_api
from app.planning import bord_routes
from app.planning import routes as planning_routes
from app.regelingen import api as regelingen_api
from app.regelingen import routes as regelingen_routes
from app.stemmingen import api as stemmingen_api
from app.stemmingen import routes as stemmingen_routes
from app.verantwoording import api as verantwoording_api
from app.verantwoording import routes as verantwoording_routes
from app.vergaderingen import api as vergaderingen_api
from app.vergaderingen import routes as vergaderingen_routes
from app.voorstellen import api as voorstellen_api
from app.voorstellen import routes as voorstellen_routes
from app.web import docs, errors, home
from app.web.api_regels import API_VERSION, ApiRulesMiddleware
from app.web.deps import verify_csrf
from app.web.paginacache import PaginaCache, PaginaCacheMiddleware
from app.web.security_headers import SecurityHeadersMiddleware
from app.web.urls import API_PREFIX
from app.zoeken import routes as zoeken_routes

STATIC_DIR = PROJECT_ROOT / "static"


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        title="Tussenruimte API",
        description=description,
        version=API_VERSION,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # app/web/docs.py serves it with the vendored Swagger UI, within the CSP
        redoc_url=None,
        lifespan=meldingen_lus,
    )
    app.state.settings = settings
    app.state.engine = engine or create_db_engine(settings.database_url)
    app.state.session_factory = sessionmaker(app.state.engine, class_=Session, expire_on_commit=False)
    app.state.feed_cache = FeedCache(stand_ttl=settings.feed_stand_ttl)
    # whole anonymous public pages, validated by the same counter (app/web/paginacache.py); None: off
    app.state.pagina_cache = PaginaCache(stand_ttl=settings.feed_stand_ttl) if settings.pagina_cache else None
    feed_routes.install_log_filter()

    app.add_middleware(PaginaCacheMiddleware)  # innermost: inside the session and the language
    app.add_middleware(ApiRulesMiddleware)  # API-Version header, no trailing slashes (API Design Rules)
    app.add_middleware(SecurityHeadersMiddleware, https=settings.secure_cookies)
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="tussenruimte_sessie",
        max_age=8 * 3600,
        same_site="lax",
        https_only=settings.secure_cookies,
    )
    # Outermost but for the error middleware: sees the final Vary (SessionMiddleware adds Cookie too).
    app.add_middleware(TaalMiddleware)  # the language of the HTML pages, from the cookie `taal`
    errors.install(app)
    app.mount("/static", StaticFiles(directory=Path(STATIC_DIR)), name="static")

    csrf = [Depends(verify_csrf)]
    pages = (home, docs, account_routes, gemeenten_routes, regelingen_routes, organen_routes, vergaderingen_routes,
             planning_routes, bord_routes, feed_pages, voorstellen_routes, besluiten_routes, stemmingen_routes,
             convocatie_routes, verantwoording_routes, berichten_routes, kalender_routes)
    for module in pages:
        app.include_router(module.router, dependencies=csrf)
    app.include_router(inspreken_routes.router, dependencies=csrf)
    app.include_router(zoeken_routes.router, dependencies=csrf)  # /zoeken
    app.include_router(zoeken_routes.api, prefix=API_PREFIX, dependencies=csrf)  # /api/v1/zoekresultaten
    app.include_router(feed_routes.router)  # GET and HEAD only: nothing to forge
    app.include_router(oparl_routes.router)  # OParl 1.1, read-only: nothing to forge
    app.include_router(taal_routes.router)  # /taal/{code}: sets a preference cookie, GET only
    app.include_router(berichten_routes.one_click)  # RFC 8058: the unsubscribe token itself is the proof
    for module in (gemeenten_api, regelingen_api, organen_api, vergaderingen_api, planning_api, voorstellen_api,
                   stemmingen_api, convocatie_api, verantwoording_api, berichten_api):
        app.include_router(module.router, prefix=API_PREFIX, dependencies=csrf)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        with app.state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return {"status": "ok"}

    return app
