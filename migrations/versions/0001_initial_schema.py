"""Initial schema: documents, speakers with aliases and roles, quotes, full-text search.

Full-text search over quotes.content, kept in sync by the database itself:
- SQLite: an FTS5 external-content table `quotes_fts` (tokenizer unicode61 with
  diacritics removed) and insert/update/delete triggers on `quotes`. A later
  batch migration that rebuilds `quotes` on SQLite drops these triggers with the
  old table and must create them again.
- PostgreSQL: a generated column `content_tsv` with a GIN index, built with the
  text search configuration `quotes_text`: the 'simple' configuration (lower
  case, no stemming, no stop words, like the SQLite tokenizer, so both backends
  find the same rows; quotes are short and searched for their words as said)
  plus the `unaccent` dictionary (accents ignored, like remove_diacritics).
  The downgrade leaves the `unaccent` extension installed: other schemas in the
  same database may use it.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content='quotes', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN"
    " INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content); END",
    "CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content); END",
    "CREATE TRIGGER quotes_fts_update AFTER UPDATE OF content ON quotes BEGIN"
    " INSERT INTO quotes_fts(quotes_fts, rowid, content) VALUES ('delete', old.id, old.content);"
    " INSERT INTO quotes_fts(rowid, content) VALUES (new.id, new.content); END",
]
SQLITE_FTS_DROP = [
    "DROP TRIGGER IF EXISTS quotes_fts_update",
    "DROP TRIGGER IF EXISTS quotes_fts_delete",
    "DROP TRIGGER IF EXISTS quotes_fts_insert",
    "DROP TABLE IF EXISTS quotes_fts",
]
POSTGRESQL_FTS = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION quotes_text (COPY = pg_catalog.simple)",
    "ALTER TEXT SEARCH CONFIGURATION quotes_text"
    " ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple",
    "ALTER TABLE quotes ADD COLUMN content_tsv tsvector"
    " GENERATED ALWAYS AS (to_tsvector('quotes_text'::regconfig, content)) STORED",
    "CREATE INDEX ix_quotes_content_tsv ON quotes USING gin (content_tsv)",
]
POSTGRESQL_FTS_DROP = [
    "DROP INDEX IF EXISTS ix_quotes_content_tsv",
    "ALTER TABLE quotes DROP COLUMN IF EXISTS content_tsv",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS quotes_text",
]


def _run(statements: dict[str, list[str]]) -> None:
    """Execute the statements for the current backend."""
    for statement in statements.get(op.get_bind().dialect.name, []):
        op.execute(statement)


def upgrade() -> None:
    # Articles: one row per distinct text (content_hash).
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=2048), nullable=False),
        sa.Column("external_id", sa.String(length=512), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=1024), nullable=True),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("author", sa.String(length=512), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    op.create_index(op.f("ix_documents_outlet"), "documents", ["outlet"])
    op.create_index(op.f("ix_documents_published"), "documents", ["published"])

    # Speakers; an unnamed source belongs to its document.
    op.create_table(
        "speakers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("person", "organisation", "group", "unnamed", name="speaker_kind",
                    native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_speakers_document_id_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speakers")),
    )
    op.create_index(op.f("ix_speakers_document_id"), "speakers", ["document_id"])

    # Quotes with their offsets into documents.text.
    op.create_table(
        "quotes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=True),
        sa.Column("speaker_as_written", sa.String(length=1024), nullable=True),
        sa.Column("speaker_start", sa.Integer(), nullable=True),
        sa.Column("speaker_end", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=1024), nullable=True),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("parts", sa.JSON(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("direct", "mixed", "indirect", name="quote_kind",
                    native_enum=False, create_constraint=True),
            nullable=False,
        ),
        sa.Column("cue", sa.String(length=256), nullable=True),
        sa.Column("cue_lemma", sa.String(length=128), nullable=True),
        sa.Column("cue_start", sa.Integer(), nullable=True),
        sa.Column("cue_end", sa.Integer(), nullable=True),
        sa.Column("medium", sa.String(length=512), nullable=True),
        sa.Column("addressee", sa.String(length=512), nullable=True),
        sa.Column("statement_when", sa.String(length=256), nullable=True),
        sa.Column("statement_date", sa.Date(), nullable=True),
        sa.Column("detector_version", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.String(length=128), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_quotes_document_id_documents")),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="SET NULL",
                                name=op.f("fk_quotes_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quotes")),
    )
    op.create_index("ix_quotes_document_id_content_start", "quotes", ["document_id", "content_start"])
    op.create_index(op.f("ix_quotes_kind"), "quotes", ["kind"])
    op.create_index(op.f("ix_quotes_speaker_id"), "quotes", ["speaker_id"])

    # Every surface form of a speaker's name, normalised for lookup.
    op.create_table(
        "speaker_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=512), nullable=False),
        sa.Column("normalized", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_aliases_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_aliases")),
        sa.UniqueConstraint("speaker_id", "normalized",
                            name=op.f("uq_speaker_aliases_speaker_id_normalized")),
    )
    op.create_index(op.f("ix_speaker_aliases_normalized"), "speaker_aliases", ["normalized"])

    # Titles and roles as written, per document.
    op.create_table(
        "speaker_roles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=1024), nullable=False),
        sa.Column("organisation", sa.String(length=512), nullable=True),
        sa.ForeignKeyConstraint(["document_id"], ["documents.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_roles_document_id_documents")),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_roles_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_roles")),
        sa.UniqueConstraint("speaker_id", "document_id", "role",
                            name=op.f("uq_speaker_roles_speaker_id_document_id_role")),
    )
    op.create_index(op.f("ix_speaker_roles_document_id"), "speaker_roles", ["document_id"])

    # Full-text search over quotes.content (see the module docstring).
    _run({"sqlite": SQLITE_FTS, "postgresql": POSTGRESQL_FTS})


def downgrade() -> None:
    _run({"sqlite": SQLITE_FTS_DROP, "postgresql": POSTGRESQL_FTS_DROP})
    # Tables in reverse order of their foreign keys; their indexes go with them.
    for table in ("speaker_roles", "speaker_aliases", "quotes", "speakers", "documents"):
        op.drop_table(table)
