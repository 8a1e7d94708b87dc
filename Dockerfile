# Tussenruimte production image (needs BuildKit, the default builder since Docker 23, for COPY --chmod).
#   docker build -t tussenruimte .
#   docker run -p 8000:8000 -e TUSSENRUIMTE_DATABASE_URL=postgresql+psycopg://... tussenruimte
# All dependencies ship as manylinux wheels (psycopg[binary], argon2-cffi), so no apt packages
# or compilers are needed in either stage.

# ---- build stage: install the project and its pinned dependencies into a virtualenv ----
FROM python:3.11-slim AS build

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:${PATH}"

WORKDIR /src
# README.md (named as readme in pyproject.toml) is deliberately not copied: setuptools builds
# without it, and the build then does not depend on it existing.
COPY pyproject.toml constraints.txt ./
COPY app/ ./app/
RUN pip install --no-cache-dir -c constraints.txt .

# ---- runtime stage ----
FROM python:3.11-slim AS runtime

ENV PATH="/opt/venv/bin:${PATH}" \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    TUSSENRUIMTE_MODE=production

RUN groupadd --system --gid 10001 tussenruimte \
    && useradd --system --uid 10001 --gid tussenruimte \
        --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin tussenruimte

COPY --from=build /opt/venv /opt/venv

WORKDIR /app
# PYTHONPATH=/app puts this copy of app/ before the one `pip install .` left in /opt/venv, so the
# console script and uvicorn both find alembic.ini, migrations/ and static/ beside it.
# Files stay owned by root (read-only for the app user); the app needs no writable paths here.
COPY alembic.ini ./
COPY app/ ./app/
COPY migrations/ ./migrations/
COPY static/ ./static/
COPY --chmod=0755 docker/entrypoint.sh /usr/local/bin/tussenruimte-entrypoint

USER 10001:10001

EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status == 200 else 1)"]

ENTRYPOINT ["tussenruimte-entrypoint"]
# Behind a reverse proxy the client address (login throttling, the speaking-rights limit) comes from
# X-Forwarded-For: set FORWARDED_ALLOW_IPS to the proxy's address (uvicorn trusts 127.0.0.1 by default).
CMD ["uvicorn", "app.main:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
