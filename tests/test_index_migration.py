"""Revisions 0008 (a speaker's quotes from one index) and 0009 (quotes and roles carry
their article's date and outlet, kept by triggers) upgrade a database with rows in it,
and downgrade, on both backends; at head a speaker's latest quotes are read in order
from the speaker's index alone, with no sort, on both."""

from __future__ import annotations

from datetime import date

from sqlalchemy import create_engine, inspect, text

from quotes.db import models
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
        assert upgrade(db_url, "0008")[1] == "0008"
        assert "ix_quotes_speaker_id_type" in _indexes(engine)
        assert not OLD & _indexes(engine)
        assert {i["name"] for i in inspect(engine).get_indexes("documents")} >= {
            "ix_documents_id_published"}
        assert {i["name"] for i in inspect(engine).get_indexes("speaker_roles")} >= {
            "ix_speaker_roles_speaker_id_role"}
        upgrade(db_url)  # the code reads a database at head
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


# A second article, undated, and a role in each: rows 0009 fills from their documents.
ROWS_0008 = [
    "INSERT INTO documents (id, source, content_hash, text, outlet, published, ingested_at)"
    " VALUES (2, '/news/b.txt', 'h2', 'y', NULL, NULL, '2024-11-05 00:00:00')",
    "INSERT INTO quotes (id, document_id, speaker_id, speaker_as_written, content, content_start,"
    " content_end, parts, kind, type, statement_date, detector_version, confidence) VALUES"
    " (4, 2, 1, 'Roe', 'Rivers were low', 0, 15, '[]', 'direct', 'speech', '2024-11-01', 't', 0.9),"
    " (5, 2, 2, 'Doe', 'Rivers are cold', 0, 15, '[]', 'direct', 'speech', NULL, 't', 0.9)",
    "INSERT INTO speaker_roles (id, speaker_id, document_id, role) VALUES"
    " (1, 1, 1, 'mayor'), (2, 1, 2, 'mayor')",
]
# (id, published, outlet, said_date) of every quote; (id, published) of every role.
QUOTES = "SELECT id, published, outlet, said_date FROM quotes ORDER BY id"
ROLES = "SELECT id, published FROM speaker_roles ORDER BY id"


def _rows(engine, query: str) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(str(v) if v is not None else None for v in row)
                for row in connection.execute(text(query))]


def test_0009_copies_dates_and_outlets_and_keeps_them(db_url):
    assert upgrade(db_url, "0008")[1] == "0008"
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0006 + ROWS_0008:
                connection.execute(text(statement))
        # 1. Filled on upgrade: the article's date and outlet; said: the statement's date first.
        assert upgrade(db_url)[1] >= "0009"  # at head: the code reads the database below
        a, b = ("2024-11-04", "Wire"), (None, None)
        assert _rows(engine, QUOTES) == [
            ("1", *a, "2024-11-04"), ("2", *a, "2024-11-04"), ("3", *a, "2024-11-04"),
            ("4", *b, "2024-11-01"), ("5", *b, None)]
        assert _rows(engine, ROLES) == [("1", "2024-11-04"), ("2", None)]
        # 2. Kept by the triggers: a new quote and role, a moved quote, a changed article.
        with engine.begin() as connection:
            for statement in (
                "INSERT INTO quotes (id, document_id, speaker_id, content, content_start,"
                " content_end, parts, kind, type, detector_version, confidence) VALUES"
                " (6, 1, 2, 'Rivers are new', 0, 14, '[]', 'direct', 'speech', 't', 0.9)",
                "INSERT INTO speaker_roles (id, speaker_id, document_id, role)"
                " VALUES (3, 2, 1, 'judge')",
                "UPDATE quotes SET document_id = 1 WHERE id = 5",
                "UPDATE quotes SET statement_date = NULL WHERE id = 4",
                "UPDATE documents SET published = '2024-10-31', outlet = 'Post' WHERE id = 2",
                "UPDATE speaker_roles SET document_id = 2 WHERE id = 3",
            ):
                connection.execute(text(statement))
        c = ("2024-10-31", "Post")
        assert _rows(engine, QUOTES) == [
            ("1", *a, "2024-11-04"), ("2", *a, "2024-11-04"), ("3", *a, "2024-11-04"),
            ("4", *c, "2024-10-31"), ("5", *a, "2024-11-04"), ("6", *a, "2024-11-04")]
        assert _rows(engine, ROLES) == [("1", "2024-11-04"), ("2", "2024-10-31"),
                                        ("3", "2024-10-31")]
        assert _latest(db_url, 1) == ["Rivers are rising", "Rivers were low"]

        # 3. Down: 0008's indexes back, the copies and their triggers gone, rows kept.
        assert downgrade(db_url, "0008")[1] == "0008"
        assert "ix_quotes_speaker_id_type" in _indexes(engine)
        assert not {"ix_quotes_speaker_id_said", "ix_quotes_speaker_id_written"} & _indexes(engine)
        assert "said_date" not in {c["name"] for c in inspect(engine).get_columns("quotes")}
        assert "published" not in {c["name"] for c in inspect(engine).get_columns("speaker_roles")}
        with engine.begin() as connection:  # no trigger is left to write a dropped column
            connection.execute(text("UPDATE documents SET published = '2024-10-30' WHERE id = 2"))
            connection.execute(text(
                "INSERT INTO speaker_roles (id, speaker_id, document_id, role) VALUES (4, 2, 2, 'x')"))
        assert len(_rows(engine, "SELECT id FROM quotes")) == 6
        upgrade(db_url)
        assert _latest(db_url, 1) == ["Rivers are rising", "Rivers were low"]
        assert _rows(engine, ROLES)[-1] == ("4", "2024-10-30")
    finally:
        engine.dispose()


LATEST = ("SELECT quotes.id FROM quotes WHERE quotes.speaker_id IN (1) AND quotes.type = 'speech'"
          " ORDER BY quotes.said_date DESC NULLS LAST, quotes.id DESC LIMIT 50")


def test_a_speakers_latest_speech_is_read_in_order_from_the_speakers_index(db_url):
    open_database(db_url).dispose()
    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            if engine.dialect.name == "sqlite":
                plan = " ".join(row[-1] for row in connection.execute(
                    text(f"EXPLAIN QUERY PLAN {LATEST}")))
                assert "COVERING INDEX ix_quotes_speaker_id_said" in plan
                assert "TEMP B-TREE" not in plan
            else:
                connection.execute(text("SET enable_seqscan = off"))  # an empty table
                plan = " ".join(row[0] for row in connection.execute(text(f"EXPLAIN {LATEST}")))
                assert "ix_quotes_speaker_id_said" in plan and "Sort" not in plan
    finally:
        engine.dispose()


def test_copies_read_through_the_orm_are_the_triggers_values(db_url):
    """A quote and a role written through the ORM show the copies the triggers made
    (SQLite's RETURNING would give the row before its AFTER trigger), also after an update."""
    engine = open_database(db_url)
    try:
        with session(engine) as db:
            document = models.Document(source="a", content_hash="h", text="t", outlet="Wire",
                                       published=date(2024, 1, 2))
            speaker = models.Speaker(name="Jane Roe", kind="person")
            db.add_all([document, speaker])
            db.flush()
            quote = models.Quote(document_id=document.id, content="c", content_start=0,
                                 content_end=1, kind="direct", detector_version="t",
                                 confidence=1.0)
            role = models.SpeakerRole(speaker_id=speaker.id, document_id=document.id,
                                      role="mayor")
            db.add_all([quote, role])
            db.flush()
            assert (quote.published, quote.outlet, quote.said_date) == (
                date(2024, 1, 2), "Wire", date(2024, 1, 2))
            assert role.published == date(2024, 1, 2)
            quote.statement_date = date(2024, 1, 1)
            db.flush()
            assert quote.said_date == date(2024, 1, 1)
            db.rollback()
    finally:
        engine.dispose()
