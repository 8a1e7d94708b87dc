#!/bin/sh
# Container entrypoint: bring the database schema up to date, then hand PID 1 to the
# command (by default uvicorn, see CMD in the Dockerfile) so it receives SIGTERM directly.
# Set TUSSENRUIMTE_SKIP_MIGRATIONS=1 to skip the upgrade (e.g. when a separate job runs it).
set -eu

if [ "${TUSSENRUIMTE_SKIP_MIGRATIONS:-0}" != "1" ]; then
    tussenruimte db upgrade
fi

exec "$@"
