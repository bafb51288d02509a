"""documents.detector_version and documents.pipeline: what found a document's quotes.

`quotes reprocess` re-detects the documents whose detector version or spaCy
pipeline differ from the ones it runs, so each document records both when it is
stored or re-detected. Existing rows get what their quotes say: the detector
version all of a document's quotes share, else (no quotes, or quotes of several
versions) "unknown"; the pipeline was never recorded, so it is "unknown" for every
old row (the first `quotes reprocess` detects them again).

Both columns are NOT NULL with a server default ("unknown"), added with plain
ALTER TABLE (SQLite 3.35+ also drops them so on downgrade), never a batch rebuild
of `documents`, so the foreign keys pointing at it are untouched. The downgrade
drops the columns (the quotes keep their own `detector_version`).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("documents", sa.Column("detector_version", sa.String(length=64),
                                         server_default="unknown", nullable=False))
    op.add_column("documents", sa.Column("pipeline", sa.String(length=128),
                                         server_default="unknown", nullable=False))
    # The version every quote of the document was found by, when they agree.
    op.execute(
        "UPDATE documents SET detector_version = ("
        " SELECT min(quotes.detector_version) FROM quotes WHERE quotes.document_id = documents.id)"
        " WHERE (SELECT count(DISTINCT quotes.detector_version) FROM quotes"
        "        WHERE quotes.document_id = documents.id) = 1"
    )


def downgrade() -> None:
    op.drop_column("documents", "pipeline")
    op.drop_column("documents", "detector_version")
