"""search: a full-text index over meetings, agenda items, voorstellen and published decisions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:00:00

One row per searchable thing in table ``zoekindex``, keyed by ``sleutel = id * 4 + kind`` (0 vergadering,
1 agendapunt, 2 voorstel, 3 besluit: a voorstel's decision is a row of its own). A row holds text only (``titel``,
``tekst``); who may see it, and every filter, is decided at query time against the source tables
(app/zoeken/service.py), so the index never has to know about deletion, publication or concepts.

- SQLite: an FTS5 virtual table (tokenizer unicode61 with remove_diacritics 2, prefix indexes of 2 to 4
  characters). FTS5 keeps shadow tables ``zoekindex_data``, ``_idx``, ``_content``, ``_docsize``, ``_config``.
- PostgreSQL: an ordinary table with a stored ``tsvector`` (configuration 'dutch': Snowball stemming; the title
  weighs A, the rest B) and a GIN index on it.

Triggers on the source tables keep it current, whichever process or tool writes: vergadering (naam, locatie),
vergaderingorgaan and orgaan.naam (a meeting is also found by the names of its bodies), agendapunt.titel,
voorstel (titel, toelichting, besluit_tekst, publicatie).

Neither table is in the SQLModel metadata: migrations/env.py leaves them out of autogenerate
(app.zoeken.index.buiten_autogenerate).

LATER MIGRATIONS: on SQLite a batch ALTER of vergadering, vergaderingorgaan, orgaan, agendapunt or voorstel
recreates that table without its triggers. Such a migration must call ``create_triggers`` of app.zoeken.index
again for that table (as migration 0004 did for the feed counter of 0003), or the index silently goes stale.
A migration that changes which text is indexed drops and recreates the triggers and runs ``rebuild``.
"""

from collections.abc import Sequence

from alembic import op

from app.zoeken import index

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    index.create_table(bind)
    index.create_triggers(bind)
    index.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    index.drop_triggers(bind)
    index.drop_table(bind)
