"""search: the index's vocabulary on SQLite, to complete a word without an FTS5 prefix query

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28 13:00:00

SQLite only: ``zoekindex_termen``, an fts5vocab table over ``zoekindex`` (one row per term). A search completes the
last word of a term to the terms that begin with it (at most app.zoeken.service.MAX_AANVULLINGEN) and asks FTS5
for those, which it reads lazily, instead of a prefix query, which merges the posting lists of every such term on
each MATCH. Nothing on PostgreSQL (its search does not complete words). Left out of autogenerate like the index.
"""

from collections.abc import Sequence

from alembic import op

from app.zoeken import index

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    index.create_vocabulary(op.get_bind())


def downgrade() -> None:
    index.drop_vocabulary(op.get_bind())
