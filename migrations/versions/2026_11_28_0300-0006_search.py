"""search: a full-text index over meetings, agenda items, voorstellen and published decisions

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 03:00:00

One row per thing somebody may find in table ``zoekindex``, keyed by ``sleutel = id * 4 + kind`` (0 vergadering,
1 agendapunt, 2 voorstel, 3 besluit: a voorstel's decision is a row of its own). A row holds its text (``titel``,
``tekst``) and ``kenmerken``: tokens for visibility and the filters, so a search needs no join with the source
tables (app/zoeken/service.py): zzpubliek or zzconcept (deleted or closed meetings and items, deleted voorstellen and
unpublished decisions get no row at all), the kind zzs<code>, the regelingen zzr<id> (a meeting: those of its
bodies; a voorstel: its own, also as zzp<id> so that a deleted regeling's voorstellen can be left out at query
time), the gemeenten zzg<id> of a meeting's bodies, and the year zzj<yyyy> (a meeting's start in Dutch time; a
voorstel's decision, availability or deadline date; a decision's publication or decision date). The user's words
only ever search ``titel`` and ``tekst``.

- SQLite: an FTS5 virtual table with the columns titel, tekst, kenmerken (tokenizer unicode61 with
  remove_diacritics 2, prefix indexes of 2 to 4 characters). FTS5 keeps shadow tables ``zoekindex_data``,
  ``_idx``, ``_content``, ``_docsize``, ``_config``.
- PostgreSQL: an ordinary table with a stored ``tsvector`` ``vector`` (configuration 'dutch': Snowball stemming;
  the title weighs A, the rest B) with a partial GIN index per value of the stored column ``soort`` (the kind, 4 for
  a concept voorstel), and a stored ``tsvector`` ``filter`` of kenmerken (configuration 'simple') with a GIN index.

Triggers on the source tables keep it current, whichever process or tool writes, also for the fields the
kenmerken copy: vergadering (naam, locatie, start, openbaar, deleted_at: the meeting's row and its agenda items'),
vergaderingorgaan, orgaan (naam, regeling_id, gemeente_id), agendapunt (titel, openbaar, deleted_at,
vergadering_id), voorstel (titel, toelichting, besluit_tekst, publicatie, fase, deleted_at, regeling_id and the
dates). A regeling's deletion needs no trigger (checked at query time).

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
