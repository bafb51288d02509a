"""Revision 0002 upgrades a 0001 database with rows in it, without losing any, and downgrades."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from quotes.db.engine import downgrade, upgrade

ROWS_0001 = [
    "INSERT INTO documents (id, source, content_hash, text, ingested_at)"
    " VALUES (1, 'a.txt', 'h1', 'Zelenskiy said.', '2024-11-04 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Volodymyr Zelenskiy', 'person')",
    "INSERT INTO speakers (id, name, kind, document_id)"
    " VALUES (2, 'a senior official', 'unnamed', 1)",
    "INSERT INTO speaker_aliases (id, speaker_id, alias, normalized)"
    " VALUES (1, 1, 'Volodymyr Zelenskiy', 'volodymyr zelenskiy')",
    "INSERT INTO speaker_aliases (id, speaker_id, alias, normalized)"
    " VALUES (2, 1, 'Zelenskiy', 'zelenskiy')",
    "INSERT INTO speaker_roles (id, speaker_id, document_id, role) VALUES (1, 1, 1, 'President')",
    "INSERT INTO quotes (id, document_id, speaker_id, content, content_start, content_end, parts,"
    " kind, detector_version, confidence)"
    " VALUES (1, 1, 1, 'said', 11, 15, '[]', 'direct', 't', 0.9)",
]
COUNTS = (
    "SELECT (SELECT count(*) FROM speakers), (SELECT count(*) FROM speaker_aliases),"
    " (SELECT count(*) FROM speaker_roles), (SELECT count(*) FROM quotes)"
)


def test_0002_keeps_rows_and_fills_alias_keys(db_url):
    assert upgrade(db_url, "0001") == (None, "0001")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0001:
                connection.execute(text(statement))
        assert upgrade(db_url, "0002") == ("0001", "0002")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (2, 2, 1, 1)
            keys = connection.execute(
                text("SELECT alias, key, surname, origin FROM speaker_aliases ORDER BY id")
            ).all()
            assert [tuple(k) for k in keys] == [
                ("Volodymyr Zelenskiy", "volodimirzelenski", "zelenski", "seen"),
                ("Zelenskiy", "zelenski", "zelenski", "seen"),
            ]
            # The full-text triggers on quotes survive (SQLite) / the tsvector column stays.
            connection.execute(
                text(
                    "INSERT INTO quotes (id, document_id, content, content_start, content_end,"
                    " parts, kind, detector_version, confidence)"
                    " VALUES (2, 1, 'again', 0, 5, '[]', 'direct', 't', 0.5)"
                )
            )
            found = {
                "sqlite": "SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH 'again'",
                "postgresql": "SELECT count(*) FROM quotes WHERE content_tsv @@ 'again'::tsquery",
            }[connection.dialect.name]
            assert connection.execute(text(found)).scalar() == 1
        tables = set(inspect(engine).get_table_names())
        assert {"speaker_edits", "speaker_overrides"} <= tables
        assert downgrade(db_url, "0001") == ("0002", "0001")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (2, 2, 1, 1)
        inspector = inspect(engine)
        assert "speaker_edits" not in inspector.get_table_names()
        assert "merged_into_id" not in {c["name"] for c in inspector.get_columns("speakers")}
    finally:
        engine.dispose()
