"""A quote and a role carry their article's date (and a quote its outlet): a speaker's
quotes and roles without the articles.

At a million quotes a speaker's profile, latest quotes and full-text search spent most
of their time looking up each quote's article for two small values: its publication
date (the date a quote was said is its statement date, else that) and its outlet. The
most quoted speaker's 80,000 quotes meant 80,000 lookups into the largest table
(0.4 s CPU for a profile on SQLite). Copies now sit on the rows that need them:
- quotes.published, quotes.outlet: the article's, as they are in `documents`;
- quotes.said_date: coalesce(statement_date, published), the date `Quote.said_on` gives;
- speaker_roles.published: the article's, for a speaker's roles over time.
The database keeps them, so every writer (ingest, curation, bulk loads) is covered:
triggers set them when a row is inserted or its document or statement date changes,
and copy an article's new date or outlet to its quotes and roles. Existing rows are
filled here.

Indexes, the same columns on both backends:
- quotes (speaker_id, type, said_date, id, outlet, published, document_id,
  speaker_as_written) replaces ix_quotes_speaker_id_type (0008): a speaker's latest
  quotes are read in order from it, and a profile groups them by outlet and date;
- quotes (speaker_id, speaker_as_written, published, document_id): the articles a
  speaker was written in one way ("President X"), for where each alias was seen;
- speaker_roles (speaker_id, role, organisation, published, document_id, id) replaces
  ix_speaker_roles_speaker_id_role (0008): a speaker's roles over time from it alone.

SQLite: plain ALTER TABLE ADD/DROP COLUMN (3.35+), never a batch rebuild of `quotes`,
so its full-text triggers are untouched. Downgrade drops triggers, indexes and columns
and restores 0008's indexes.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {  # name: (table, columns)
    "ix_quotes_speaker_id_said": ("quotes", ["speaker_id", "type", "said_date", "id", "outlet",
                                             "published", "document_id", "speaker_as_written"]),
    "ix_quotes_speaker_id_written": ("quotes", ["speaker_id", "speaker_as_written", "published",
                                                "document_id"]),
    "ix_speaker_roles_speaker_id_published": ("speaker_roles", [
        "speaker_id", "role", "organisation", "published", "document_id", "id"]),
}
OLD_INDEXES = {  # 0008's, replaced
    "ix_quotes_speaker_id_type": ("quotes", ["speaker_id", "type", "statement_date",
                                             "document_id", "speaker_as_written"]),
    "ix_speaker_roles_speaker_id_role": ("speaker_roles", ["speaker_id", "role",
                                                           "organisation", "document_id"]),
}

# SQLite: a trigger cannot change NEW, so AFTER triggers update the row just written
# (the full-text trigger fires on UPDATE OF content only: untouched).
SQLITE_QUOTE = ("UPDATE quotes SET published = d.published, outlet = d.outlet,"
                " said_date = coalesce(quotes.statement_date, d.published)"
                " FROM (SELECT published, outlet FROM documents WHERE id = NEW.document_id) AS d"
                " WHERE quotes.id = NEW.id;")
SQLITE_ROLE = ("UPDATE speaker_roles SET published ="
               " (SELECT published FROM documents WHERE id = NEW.document_id)"
               " WHERE id = NEW.id;")
SQLITE_UP = [
    f"CREATE TRIGGER quotes_said_insert AFTER INSERT ON quotes BEGIN {SQLITE_QUOTE} END",
    "CREATE TRIGGER quotes_said_update AFTER UPDATE OF document_id, statement_date ON quotes"
    f" BEGIN {SQLITE_QUOTE} END",
    f"CREATE TRIGGER speaker_roles_published_insert AFTER INSERT ON speaker_roles"
    f" BEGIN {SQLITE_ROLE} END",
    "CREATE TRIGGER speaker_roles_published_update AFTER UPDATE OF document_id"
    f" ON speaker_roles BEGIN {SQLITE_ROLE} END",
    "CREATE TRIGGER documents_said_update AFTER UPDATE OF published, outlet ON documents BEGIN"
    " UPDATE quotes SET published = NEW.published, outlet = NEW.outlet,"
    " said_date = coalesce(statement_date, NEW.published) WHERE document_id = NEW.id;"
    " UPDATE speaker_roles SET published = NEW.published WHERE document_id = NEW.id; END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS documents_said_update",
               "DROP TRIGGER IF EXISTS speaker_roles_published_update",
               "DROP TRIGGER IF EXISTS speaker_roles_published_insert",
               "DROP TRIGGER IF EXISTS quotes_said_update",
               "DROP TRIGGER IF EXISTS quotes_said_insert"]
# PostgreSQL: BEFORE triggers set the new row's values.
POSTGRESQL_UP = [
    "CREATE FUNCTION quotes_said() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " SELECT published, outlet INTO NEW.published, NEW.outlet FROM documents"
    " WHERE id = NEW.document_id;"
    " NEW.said_date := coalesce(NEW.statement_date, NEW.published); RETURN NEW; END $$",
    "CREATE TRIGGER quotes_said BEFORE INSERT OR UPDATE OF document_id, statement_date"
    " ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_said()",
    "CREATE FUNCTION speaker_roles_published() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " SELECT published INTO NEW.published FROM documents WHERE id = NEW.document_id;"
    " RETURN NEW; END $$",
    "CREATE TRIGGER speaker_roles_published BEFORE INSERT OR UPDATE OF document_id"
    " ON speaker_roles FOR EACH ROW EXECUTE FUNCTION speaker_roles_published()",
    "CREATE FUNCTION documents_said() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " UPDATE quotes SET published = NEW.published, outlet = NEW.outlet,"
    " said_date = coalesce(statement_date, NEW.published) WHERE document_id = NEW.id;"
    " UPDATE speaker_roles SET published = NEW.published WHERE document_id = NEW.id;"
    " RETURN NULL; END $$",
    "CREATE TRIGGER documents_said AFTER UPDATE OF published, outlet ON documents"
    " FOR EACH ROW EXECUTE FUNCTION documents_said()",
]
POSTGRESQL_DOWN = ["DROP TRIGGER IF EXISTS documents_said ON documents",
                   "DROP FUNCTION IF EXISTS documents_said()",
                   "DROP TRIGGER IF EXISTS speaker_roles_published ON speaker_roles",
                   "DROP FUNCTION IF EXISTS speaker_roles_published()",
                   "DROP TRIGGER IF EXISTS quotes_said ON quotes",
                   "DROP FUNCTION IF EXISTS quotes_said()"]


def upgrade() -> None:
    # 1. The columns, filled from each row's document.
    op.add_column("quotes", sa.Column("published", sa.Date()))
    op.add_column("quotes", sa.Column("outlet", sa.String(length=256)))
    op.add_column("quotes", sa.Column("said_date", sa.Date()))
    op.add_column("speaker_roles", sa.Column("published", sa.Date()))
    op.execute("UPDATE quotes SET published = d.published, outlet = d.outlet,"
               " said_date = coalesce(quotes.statement_date, d.published)"
               " FROM documents AS d WHERE d.id = quotes.document_id")
    op.execute("UPDATE speaker_roles SET published = d.published"
               " FROM documents AS d WHERE d.id = speaker_roles.document_id")
    # 2. The triggers that keep them.
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_UP if postgresql else SQLITE_UP:
        op.execute(statement)
    # 3. The indexes that read them, in place of 0008's. A speaker's latest quotes are
    #    "said_date DESC NULLS LAST": SQLite sorts NULL first in an ascending index, so
    #    read backwards that order is the index's; PostgreSQL is told the same.
    for name, (table, columns) in INDEXES.items():
        if postgresql and "said_date" in columns:  # named apart: the models hold both variants
            name, columns = f"{name}_nulls_first", [
                sa.text("said_date NULLS FIRST") if c == "said_date" else c for c in columns]
        op.create_index(name, table, columns)
    for name, (table, _) in OLD_INDEXES.items():
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_index("ix_quotes_speaker_id_type", "quotes",
                    OLD_INDEXES["ix_quotes_speaker_id_type"][1], postgresql_include=["id"])
    op.create_index("ix_speaker_roles_speaker_id_role", "speaker_roles",
                    OLD_INDEXES["ix_speaker_roles_speaker_id_role"][1])
    for name, (table, columns) in INDEXES.items():
        op.drop_index(f"{name}_nulls_first" if postgresql and "said_date" in columns else name,
                      table_name=table)
    for statement in POSTGRESQL_DOWN if postgresql else SQLITE_DOWN:
        op.execute(statement)
    op.drop_column("speaker_roles", "published")
    for name in ("said_date", "outlet", "published"):
        op.drop_column("quotes", name)
