"""Revision 0003 upgrades a 0002 database with rows in it, without losing any, and downgrades."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, select, text

from quotes.db import models
from quotes.db.engine import downgrade, open_database, session, upgrade
from quotes.identity.statements import group_statements

TEXT_A = "“The first troops have already come under fire in the Kursk region,” Kovalenko said."
TEXT_B = "“The first units have already come under fire in Kursk,” Kovalenko said."
ROWS_0002 = [
    "INSERT INTO documents (id, source, content_hash, text, outlet, published, ingested_at)"
    f" VALUES (1, 'a.txt', 'h1', '{TEXT_A}', 'Bloomberg', '2024-11-04', '2024-11-04 00:00:00')",
    "INSERT INTO documents (id, source, content_hash, text, outlet, published, ingested_at)"
    f" VALUES (2, 'b.txt', 'h2', '{TEXT_B}', 'FT', '2024-11-05', '2024-11-05 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Andriy Kovalenko', 'person')",
    "INSERT INTO speaker_aliases (id, speaker_id, alias, normalized, key)"
    " VALUES (1, 1, 'Kovalenko', 'kovalenko', 'kovalenko')",
    "INSERT INTO quotes (id, document_id, speaker_id, content, content_start, content_end, parts,"
    " kind, detector_version, confidence) VALUES (1, 1, 1,"
    " 'The first troops have already come under fire in the Kursk region', 1, 67, '[]',"
    " 'direct', 't', 0.9)",
    "INSERT INTO quotes (id, document_id, speaker_id, content, content_start, content_end, parts,"
    " kind, detector_version, confidence) VALUES (2, 2, 1,"
    " 'The first units have already come under fire in Kursk', 1, 55, '[]', 'direct', 't', 0.9)",
]
COUNTS = ("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM speakers),"
          " (SELECT count(*) FROM speaker_aliases), (SELECT count(*) FROM quotes)")


def test_0003_keeps_rows_groups_them_and_downgrades(db_url):
    assert upgrade(db_url, "0002") == (None, "0002")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0002:
                connection.execute(text(statement))
        assert upgrade(db_url, "0003") == ("0002", "0003")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (2, 1, 1, 2)
        assert {"statements", "statement_quotes"} <= set(inspect(engine).get_table_names())

        # The upgraded database (brought to the newest revision the code reads) groups its
        # existing quotes: one statement, two wordings.
        _, head = upgrade(db_url)
        engine.dispose()  # its pooled connection knew the tables as they were before
        with session(open_database(db_url)) as db:
            assert group_statements(db) == 1
            [statement] = db.scalars(select(models.Statement)).all()
            assert statement.first_seen.isoformat() == "2024-11-04"
            assert statement.text.endswith("in the Kursk region")
            assert sorted(m.quote_id for m in statement.members) == [1, 2]

        # Deleting a quote takes its membership with it (foreign keys enforced).
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.execute(text("PRAGMA foreign_keys=ON"))
            connection.execute(text("DELETE FROM quotes WHERE id = 2"))
            assert connection.execute(text("SELECT count(*) FROM statement_quotes")).scalar() == 1

        assert downgrade(db_url, "0002") == (head, "0002")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (2, 1, 1, 1)
        assert "statements" not in inspect(engine).get_table_names()
    finally:
        engine.dispose()
