"""documents.url: the article's address, so a reader can always get back to the source.

The URL comes from `--url`, a sidecar's or JSON record's `url`, or an HTML page's
canonical link (see quotes.ingest.readers). Existing rows get one where their
`source` is itself a web address (http:// or https://); for the others the URL was
never kept, so it stays empty. Adding a nullable column rebuilds no table on
SQLite (plain ALTER TABLE ADD COLUMN), so no foreign key or trigger is touched.
The downgrade drops the column (the URLs are lost; `source` is unchanged).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # The column.
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("url", sa.String(length=2048), nullable=True))
    # Documents read from a web address have it as their source.
    op.execute("UPDATE documents SET url = source"
               " WHERE source LIKE 'http://%' OR source LIKE 'https://%'")


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.drop_column("url")
