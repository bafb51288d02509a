"""Revision 0007 (documents.detector_version, documents.pipeline) upgrades a 0006 database
with rows in it, filling what the quotes say, and downgrades."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from quotes.db.engine import downgrade, upgrade

DOCUMENT = ("INSERT INTO documents (id, source, content_hash, text, ingested_at)"
            " VALUES ({id}, '/news/{id}.txt', 'h{id}', 'Roe said.', '2024-11-04 00:00:00')")
QUOTE = ("INSERT INTO quotes (id, document_id, content, content_start, content_end, parts,"
         " kind, detector_version, confidence) VALUES ({id}, {document}, 'said', 4, 8, '[]',"
         " 'direct', '{version}', 0.9)")
ROWS_0006 = [
    *(DOCUMENT.format(id=n) for n in (1, 2, 3)),
    QUOTE.format(id=1, document=1, version="0.2.0"),  # one version: the document's
    QUOTE.format(id=2, document=1, version="0.2.0"),
    QUOTE.format(id=3, document=2, version="0.1.0"),  # two versions: unknown
    QUOTE.format(id=4, document=2, version="0.2.0"),
]  # document 3 has no quotes: unknown
COUNTS = "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM quotes)"


def test_0007_records_what_found_each_document_keeps_rows_and_downgrades(db_url):
    assert upgrade(db_url, "0006") == (None, "0006")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0006:
                connection.execute(text(statement))
        assert upgrade(db_url, "0007") == ("0006", "0007")
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (3, 4)
            found = connection.execute(text(
                "SELECT id, detector_version, pipeline FROM documents ORDER BY id")).all()
        assert [tuple(row) for row in found] == [
            (1, "0.2.0", "unknown"), (2, "unknown", "unknown"), (3, "unknown", "unknown")]
        # A row written without them (an older quotes on the same database) gets the default.
        with engine.begin() as connection:
            connection.execute(text(DOCUMENT.format(id=4)))
            assert connection.execute(text(
                "SELECT detector_version, pipeline FROM documents WHERE id = 4")).one() == (
                "unknown", "unknown")

        assert downgrade(db_url, "0006") == ("0007", "0006")
        columns = {c["name"] for c in inspect(engine).get_columns("documents")}
        assert not columns & {"detector_version", "pipeline"}
        with engine.connect() as connection:
            assert tuple(connection.execute(text(COUNTS)).one()) == (4, 4)
    finally:
        engine.dispose()
