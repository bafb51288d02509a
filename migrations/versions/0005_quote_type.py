"""quotes.type: what kind of attribution a quote is (speech, belief, intention, document).

"She said ..." is speech; "she believes ...", "he wants to ...", "polls show ..."
are a belief, an intention and a document. Every quote stored before this
revision was found by speech rules, so existing rows become "speech" (the
column's server default). The column is indexed (search and export filter on it).

SQLite: the column is added, and dropped on downgrade, with plain ALTER TABLE
(SQLite 3.35+), never a batch rebuild of `quotes`, so its full-text triggers and
the foreign keys pointing at it are untouched. The values are checked by the
application (quotes.db.models.QUOTE_TYPES), not by a CHECK constraint, which
SQLite could only add by rebuilding the table.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("quotes", sa.Column("type", sa.String(length=16), server_default="speech",
                                      nullable=False))
    op.create_index(op.f("ix_quotes_type"), "quotes", ["type"])


def downgrade() -> None:
    op.drop_index(op.f("ix_quotes_type"), table_name="quotes")
    op.drop_column("quotes", "type")
