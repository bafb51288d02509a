"""Indexes for reading a database of a million quotes: a speaker's quotes from an index.

A speaker's page, profile, export, latest quotes and quote counts read every quote of
the speaker (80,000 for the most quoted at a million quotes). One index now holds
what those reads need, in the order they look it up:
quotes (speaker_id, type, statement_date, document_id, speaker_as_written) (PostgreSQL:
INCLUDE id), so they scan index entries instead of visiting each quote's row, scattered
over the whole table (PostgreSQL: an index-only scan; SQLite: a covering index).
It replaces ix_quotes_speaker_id (its first column). Two more serve the same reads:
- documents (id) INCLUDE (published, outlet): what a speaker's quotes are grouped and
  ordered by (outlet, date said), for PostgreSQL's hash joins to read instead of every
  article's text (a sequential scan of the whole table for each speaker); on SQLite, which
  looks articles up by rowid, it is an index of ids only, small and unused;
- speaker_roles (speaker_id, role, organisation, document_id): a speaker's roles over
  time from the index, already in the order they are grouped by.

ix_quotes_type and ix_quotes_kind go: 95% of quotes are speech, 60% direct, so they
select almost nothing, and SQLite's planner, which has no statistics (quotes never
runs ANALYZE), chose ix_quotes_type over the speaker's index for "a speaker's speech":
a speaker's latest quotes took 2.2 s instead of 0.5 s at a million quotes.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SPEAKER_COLUMNS = ["speaker_id", "type", "statement_date", "document_id", "speaker_as_written"]


def upgrade() -> None:
    op.create_index("ix_quotes_speaker_id_type", "quotes", SPEAKER_COLUMNS,
                    postgresql_include=["id"])
    op.create_index("ix_documents_id_published", "documents", ["id"],
                    postgresql_include=["published", "outlet"])
    op.create_index("ix_speaker_roles_speaker_id_role", "speaker_roles",
                    ["speaker_id", "role", "organisation", "document_id"])
    op.drop_index("ix_quotes_speaker_id", table_name="quotes")
    op.drop_index("ix_quotes_type", table_name="quotes")
    op.drop_index("ix_quotes_kind", table_name="quotes")


def downgrade() -> None:
    op.create_index("ix_quotes_kind", "quotes", ["kind"])
    op.create_index("ix_quotes_type", "quotes", ["type"])
    op.create_index("ix_quotes_speaker_id", "quotes", ["speaker_id"])
    op.drop_index("ix_quotes_speaker_id_type", table_name="quotes")
    op.drop_index("ix_documents_id_published", table_name="documents")
    op.drop_index("ix_speaker_roles_speaker_id_role", table_name="speaker_roles")
