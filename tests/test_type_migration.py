"""Revision 0005 (quotes.type) upgrades a 0004 database with rows in it, and downgrades,
leaving the SQLite full-text index working both ways."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from quotes.db.engine import downgrade, open_database, session, upgrade
from quotes.db.search import search_quotes

ROWS_0004 = [
    "INSERT INTO documents (id, source, url, content_hash, text, ingested_at) VALUES"
    " (1, '/news/a.txt', 'https://news.example/a', 'h1', 'x', '2024-11-04 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Jane Roe', 'person')",
    "INSERT INTO quotes (id, document_id, speaker_id, content, content_start, content_end, parts,"
    " kind, detector_version, confidence) VALUES (1, 1, 1, 'Rivers are rising', 0, 17, '[]',"
    " 'direct', 't', 0.9)",
    "INSERT INTO statements (id, speaker_id, text) VALUES (1, 1, 'Rivers are rising')",
    "INSERT INTO statement_quotes (quote_id, statement_id, score, reason)"
    " VALUES (1, 1, 100, 'first seen')",
]
COUNTS = ("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM speakers),"
          " (SELECT count(*) FROM quotes), (SELECT count(*) FROM statement_quotes)")


def _found(url: str, words: str) -> list[str]:
    engine = open_database(url)
    try:
        with session(engine) as db:
            return [q.content for q in search_quotes(db, words)]
    finally:
        engine.dispose()


def test_0005_makes_old_quotes_speech_and_downgrades(db_url):
    assert upgrade(db_url, "0004") == (None, "0004")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0004:
                connection.execute(text(statement))
        assert upgrade(db_url)[1] >= "0005"
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (1, 1, 1, 1)
            assert connection.execute(text("SELECT type FROM quotes")).scalar() == "speech"
        assert _found(db_url, "rivers") == ["Rivers are rising"]  # speech: found by default

        assert downgrade(db_url, "0004")[1] == "0004"
        assert "type" not in {c["name"] for c in inspect(engine).get_columns("quotes")}
        with engine.begin() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (1, 1, 1, 1)
            # The full-text triggers survived: a new quote is found, the old one still is.
            connection.execute(text(
                "INSERT INTO quotes (id, document_id, content, content_start, content_end, parts,"
                " kind, detector_version, confidence) VALUES (2, 1, 'Rivers fall', 0, 11, '[]',"
                " 'direct', 't', 0.9)"))
        upgrade(db_url)
        assert sorted(_found(db_url, "rivers")) == ["Rivers are rising", "Rivers fall"]
    finally:
        engine.dispose()
