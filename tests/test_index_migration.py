"""Revision 0008 (a speaker's quotes from one index) upgrades a 0006 database with rows
in it, and downgrades, on both backends; on SQLite a speaker's quotes are then read
from that index alone, whatever the type filter."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect, text

from quotes.db.engine import downgrade, open_database, session, upgrade
from quotes.db.search import search_quotes

ROWS_0006 = [
    "INSERT INTO documents (id, source, content_hash, text, outlet, published, ingested_at)"
    " VALUES (1, '/news/a.txt', 'h1', 'x', 'Wire', '2024-11-04', '2024-11-04 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Jane Roe', 'person')",
    "INSERT INTO speakers (id, name, kind) VALUES (2, 'John Doe', 'person')",
    "INSERT INTO quotes (id, document_id, speaker_id, speaker_as_written, content, content_start,"
    " content_end, parts, kind, type, detector_version, confidence) VALUES"
    " (1, 1, 1, 'Jane Roe', 'Rivers are rising', 0, 17, '[]', 'direct', 'speech', 't', 0.9),"
    " (2, 1, 1, 'Roe', 'Rivers will fall', 0, 16, '[]', 'indirect', 'belief', 't', 0.9),"
    " (3, 1, 2, 'Doe', 'Rivers are wide', 0, 15, '[]', 'direct', 'speech', 't', 0.9)",
]
OLD = {"ix_quotes_speaker_id", "ix_quotes_type", "ix_quotes_kind"}


def _indexes(engine) -> set[str]:
    return {index["name"] for index in inspect(engine).get_indexes("quotes")}


def _latest(url: str, speaker_id: int, **filters) -> list[str]:
    engine = open_database(url)
    try:
        with session(engine) as db:
            return [q.content for q in search_quotes(db, speaker_ids=[speaker_id], **filters)]
    finally:
        engine.dispose()


def test_0008_indexes_a_speakers_quotes_and_downgrades(db_url):
    assert upgrade(db_url, "0006") == (None, "0006")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0006:
                connection.execute(text(statement))
        assert upgrade(db_url)[1] >= "0008"
        assert "ix_quotes_speaker_id_type" in _indexes(engine)
        assert not OLD & _indexes(engine)
        assert {i["name"] for i in inspect(engine).get_indexes("documents")} >= {
            "ix_documents_id_published"}
        assert {i["name"] for i in inspect(engine).get_indexes("speaker_roles")} >= {
            "ix_speaker_roles_speaker_id_role"}
        assert _latest(db_url, 1) == ["Rivers are rising"]
        assert _latest(db_url, 1, quote_type=None, kind="indirect") == ["Rivers will fall"]

        assert downgrade(db_url, "0006")[1] == "0006"
        assert OLD <= _indexes(engine) and "ix_quotes_speaker_id_type" not in _indexes(engine)
        assert "ix_documents_id_published" not in {
            i["name"] for i in inspect(engine).get_indexes("documents")}
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM quotes")).scalar() == 3
        upgrade(db_url)
        assert _latest(db_url, 2) == ["Rivers are wide"]
    finally:
        engine.dispose()


def test_a_speakers_speech_is_read_from_the_speakers_index(tmp_path):
    url = f"sqlite:///{tmp_path / 'plan.db'}"
    open_database(url).dispose()
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            plan = " ".join(row[-1] for row in connection.execute(text(
                "EXPLAIN QUERY PLAN SELECT quotes.id FROM quotes JOIN documents"
                " ON documents.id = quotes.document_id WHERE quotes.speaker_id IN (1)"
                " AND quotes.type = 'speech' ORDER BY"
                " coalesce(quotes.statement_date, documents.published) DESC, quotes.id DESC")))
        assert "COVERING INDEX ix_quotes_speaker_id_type" in plan
    finally:
        engine.dispose()
