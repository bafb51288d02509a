"""Revision 0004 (documents.url) upgrades a 0003 database with rows in it, and downgrades."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from quotes.db.engine import downgrade, upgrade

ROWS_0003 = [
    "INSERT INTO documents (id, source, content_hash, text, ingested_at)"
    " VALUES (1, '/news/a.txt', 'h1', 'Roe said.', '2024-11-04 00:00:00')",
    "INSERT INTO documents (id, source, content_hash, text, ingested_at)"
    " VALUES (2, 'https://example.org/b', 'h2', 'Doe said.', '2024-11-04 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Jane Roe', 'person')",
    "INSERT INTO quotes (id, document_id, speaker_id, content, content_start, content_end, parts,"
    " kind, detector_version, confidence) VALUES (1, 1, 1, 'said', 4, 8, '[]', 'direct', 't', 0.9)",
]
COUNTS = ("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM speakers),"
          " (SELECT count(*) FROM quotes), (SELECT count(*) FROM quotes_fts)")


def test_0004_adds_urls_keeps_rows_and_downgrades(db_url):
    assert upgrade(db_url, "0003") == (None, "0003")
    engine = create_engine(db_url)
    counts = COUNTS if engine.dialect.name == "sqlite" else COUNTS.replace(
        ", (SELECT count(*) FROM quotes_fts)", ", 1")
    try:
        with engine.begin() as connection:
            for statement in ROWS_0003:
                connection.execute(text(statement))
        assert upgrade(db_url, "0004") == ("0003", "0004")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(counts)).one()) == (2, 1, 1, 1)
            urls = connection.execute(text("SELECT id, url FROM documents ORDER BY id")).all()
        # A web source is its own URL; a file's URL was never kept.
        assert [tuple(row) for row in urls] == [(1, None), (2, "https://example.org/b")]

        assert downgrade(db_url, "0003") == ("0004", "0003")
        assert "url" not in {c["name"] for c in inspect(engine).get_columns("documents")}
        with engine.connect() as connection:
            assert tuple(connection.execute(text(counts)).one()) == (2, 1, 1, 1)
    finally:
        engine.dispose()
