"""Speaker curation: merge redirects, alias keys and origins, quote overrides, an edit log.

- speakers.merged_into_id: a speaker merged by the user keeps its row, pointing
  at the speaker it was merged into (so a merge can be undone).
- speaker_aliases.key / surname: spelling-variant key and folded surname, indexed,
  so matching queries candidates instead of scanning; existing rows are filled
  in here with `quotes.identity.names`. origin ("seen", "user", "removed") and
  document_id (where first seen).
- speaker_overrides: the user's speaker for a quote, by document and content
  span, kept across re-extraction.
- speaker_edits: the log of curation changes, with what undoing each needs.

Only `speakers` and `speaker_aliases` are rebuilt in SQLite batch mode; `quotes`
(and its full-text triggers) is not touched. Downgrade drops the new tables and
columns: merged speakers then show again as separate speakers, user aliases
stay as plain aliases, removed aliases are deleted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from quotes.identity.names import alias_keys

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A merged speaker points at the speaker it was merged into.
    with op.batch_alter_table("speakers") as batch:
        batch.add_column(sa.Column("merged_into_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_speakers_merged_into_id_speakers"),
            "speakers",
            ["merged_into_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_speakers_merged_into_id"), ["merged_into_id"])

    # Alias keys for indexed matching, where an alias came from.
    with op.batch_alter_table("speaker_aliases") as batch:
        batch.add_column(sa.Column("key", sa.String(length=512), server_default="", nullable=False))
        batch.add_column(sa.Column("surname", sa.String(length=256), nullable=True))
        batch.add_column(
            sa.Column("origin", sa.String(length=16), server_default="seen", nullable=False)
        )
        batch.add_column(sa.Column("document_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_speaker_aliases_document_id_documents"),
            "documents",
            ["document_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_index(op.f("ix_speaker_aliases_key"), ["key"])
        batch.create_index(op.f("ix_speaker_aliases_surname"), ["surname"])

    # Fill the keys of existing aliases.
    aliases = sa.table(
        "speaker_aliases",
        sa.column("id", sa.Integer),
        sa.column("speaker_id", sa.Integer),
        sa.column("alias", sa.String),
        sa.column("key", sa.String),
        sa.column("surname", sa.String),
    )
    speakers = sa.table("speakers", sa.column("id", sa.Integer), sa.column("kind", sa.String))
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(aliases.c.id, aliases.c.alias, speakers.c.kind).join(
            speakers, speakers.c.id == aliases.c.speaker_id
        )
    ).all()
    for alias_id, alias, kind in rows:
        key, surname = alias_keys(alias, kind)
        bind.execute(
            aliases.update().where(aliases.c.id == alias_id).values(key=key, surname=surname)
        )

    # The user's speaker for a quote, kept across re-extraction.
    op.create_table(
        "speaker_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("content_start", sa.Integer(), nullable=False),
        sa.Column("content_end", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            ondelete="CASCADE",
            name=op.f("fk_speaker_overrides_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speakers.id"],
            ondelete="CASCADE",
            name=op.f("fk_speaker_overrides_speaker_id_speakers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_overrides")),
        sa.UniqueConstraint(
            "document_id",
            "content_start",
            "content_end",
            name=op.f("uq_speaker_overrides_document_id_content_start_content_end"),
        ),
    )
    op.create_index(op.f("ix_speaker_overrides_speaker_id"), "speaker_overrides", ["speaker_id"])

    # The curation log.
    op.create_table(
        "speaker_edits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("summary", sa.String(length=1024), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_edits")),
    )


def downgrade() -> None:
    op.drop_table("speaker_edits")
    op.drop_table("speaker_overrides")
    op.execute("DELETE FROM speaker_aliases WHERE origin = 'removed'")
    with op.batch_alter_table("speaker_aliases") as batch:
        batch.drop_index(op.f("ix_speaker_aliases_surname"))
        batch.drop_index(op.f("ix_speaker_aliases_key"))
        batch.drop_constraint(op.f("fk_speaker_aliases_document_id_documents"), type_="foreignkey")
        for column in ("document_id", "origin", "surname", "key"):
            batch.drop_column(column)
    with op.batch_alter_table("speakers") as batch:
        batch.drop_index(op.f("ix_speakers_merged_into_id"))
        batch.drop_constraint(op.f("fk_speakers_merged_into_id_speakers"), type_="foreignkey")
        batch.drop_column("merged_into_id")
