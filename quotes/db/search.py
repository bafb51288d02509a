"""Full-text search over quote content."""

from __future__ import annotations

# Made by migration 0001, not models: SQLite FTS5 table (and its shadow tables
# quotes_fts_data, ...), PostgreSQL generated tsvector column and its GIN index.
FTS_TABLE = "quotes_fts"
TSV_COLUMN = "content_tsv"
TSV_INDEX = "ix_quotes_content_tsv"


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic hook: leave the full-text search objects out of schema comparisons."""
    if type_ == "table":
        return not (name or "").startswith(FTS_TABLE)
    return name not in (TSV_COLUMN, TSV_INDEX)
