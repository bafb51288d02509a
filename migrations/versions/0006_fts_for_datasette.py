"""The SQLite full-text index in the layout Datasette and sqlite-utils look for.

Both find a table's FTS index by the virtual table's SQL naming the table as
content="quotes" (or content=[quotes]); 0001 wrote content='quotes', which they do
not recognise, so `datasette inspect` showed no fts_table and `sqlite-utils
search` refused the table. The index is made again with the same columns,
tokenizer and name (`quotes_fts`, so the triggers of 0001 keep it in sync
unchanged) and filled from `quotes` ('rebuild'). The downgrade makes 0001's
layout again. PostgreSQL's index is untouched (nothing to do there).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CREATE = ("CREATE VIRTUAL TABLE quotes_fts USING fts5(content, content={table},"
          " content_rowid={rowid}, tokenize='unicode61 remove_diacritics 2')")


def _remake(table: str, rowid: str) -> None:
    """Drop quotes_fts, create it with content=`table` spelled as given, fill it from quotes."""
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE quotes_fts")
    op.execute(CREATE.format(table=table, rowid=rowid))
    op.execute("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')")


def upgrade() -> None:
    _remake('"quotes"', '"id"')


def downgrade() -> None:
    _remake("'quotes'", "'id'")
