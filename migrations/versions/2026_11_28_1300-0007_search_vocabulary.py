"""search: the index's vocabulary on SQLite, to complete a word; the index's triggers planned per row on PostgreSQL

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 13:00:00

SQLite only: ``zoekindex_termen``, an fts5vocab table over ``zoekindex`` (one row per term). A search completes the
last word of a term to the terms that begin with it (at most app.zoeken.service.MAX_AANVULLINGEN) and asks FTS5
for those, which it reads lazily, instead of a prefix query, which merges the posting lists of every such term on
each MATCH. Left out of autogenerate like the index.

PostgreSQL: the index's trigger functions get ``plan_cache_mode = force_custom_plan`` (app.zoeken.index
PER_RIJ_GEPLAND, which create_triggers now sets itself): a generic plan made while a source table was nearly
empty kept a look-up by key a sequential scan for the rest of the session.
"""

from collections.abc import Sequence

from alembic import op

from app.zoeken import index

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    index.create_vocabulary(bind)
    if bind.dialect.name == "postgresql":
        for name in index.trigger_functions(bind):
            op.execute(f"ALTER FUNCTION {name}() {index.PER_RIJ_GEPLAND}")


def downgrade() -> None:
    bind = op.get_bind()
    index.drop_vocabulary(bind)
    if bind.dialect.name == "postgresql":
        for name in index.trigger_functions(bind):
            op.execute(f"ALTER FUNCTION {name}() RESET plan_cache_mode")
