"""Statements: quotes of one speaker that report the same thing, grouped across articles.

Two new tables, no change to existing ones: `statements` (one per statement: the
speaker, a canonical wording, the date first seen) and `statement_quotes` (each
quote's group, with the similarity score and reason). Grouping never rewrites
`quotes`, so its full-text objects (SQLite FTS5 triggers) are untouched. The
groups are derived data: `quotes.identity.statements.group_statements` rebuilds
them, so a database upgraded from 0002 starts with none and gets them on the
next ingest or `quotes export --by-statement`. The downgrade drops both tables.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # One row per statement of a speaker.
    op.create_table(
        "statements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_statements_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statements")),
    )
    op.create_index(op.f("ix_statements_speaker_id"), "statements", ["speaker_id"])

    # Each quote's statement, with the score and reason that put it there.
    op.create_table(
        "statement_quotes",
        sa.Column("quote_id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("reason", sa.String(length=256), nullable=False),
        sa.ForeignKeyConstraint(["quote_id"], ["quotes.id"], ondelete="CASCADE",
                                name=op.f("fk_statement_quotes_quote_id_quotes")),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"], ondelete="CASCADE",
                                name=op.f("fk_statement_quotes_statement_id_statements")),
        sa.PrimaryKeyConstraint("quote_id", name=op.f("pk_statement_quotes")),
    )
    op.create_index(op.f("ix_statement_quotes_statement_id"), "statement_quotes", ["statement_id"])


def downgrade() -> None:
    op.drop_table("statement_quotes")
    op.drop_table("statements")
