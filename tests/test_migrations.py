"""Every revision goes up and down on both backends, and head matches the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from quotes.db import engine as db
from quotes.db.models import Base, include_object_on
from quotes.db.search import include_name


def _tables(url: str) -> set[str]:
    engine = db.create(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_every_revision_upgrades_and_downgrades(db_url):
    revisions = list(reversed(db.known_revisions()))  # oldest first
    # Up one revision at a time.
    for before, revision in zip([None, *revisions], revisions):
        assert db.upgrade(db_url, revision) == (before, revision)
    assert _tables(db_url) >= {"documents", "speakers", "speaker_aliases", "speaker_roles",
                               "quotes", "alembic_version"}
    # Down one step at a time, to nothing.
    for revision, after in zip(reversed(revisions), [*reversed(revisions[:-1]), None]):
        assert db.downgrade(db_url, "-1") == (revision, after)
    assert _tables(db_url) == {"alembic_version"}
    # And up again in one go.
    assert db.upgrade(db_url) == (None, revisions[-1])
    assert db.current_revision(db_url) == revisions[-1]


def test_head_matches_the_models(db_url):
    engine = db.open_database(db_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"include_name": include_name, "target_metadata": Base.metadata,
                                  "include_object": include_object_on(connection.dialect.name)}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_full_text_search_objects_exist_at_head_and_go_on_downgrade(db_url):
    find = {
        "sqlite": "SELECT count(*) FROM sqlite_master WHERE name LIKE 'quotes_fts%'",
        "postgresql": "SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_quotes_content_tsv'",
    }
    db.upgrade(db_url)
    engine = db.create(db_url)
    try:
        dialect = engine.dialect.name
        with engine.connect() as connection:
            # SQLite: the fts table, 4 shadow tables, 3 triggers; PostgreSQL: the GIN index.
            assert connection.execute(text(find[dialect])).scalar() == {"sqlite": 8, "postgresql": 1}[dialect]
        db.downgrade(db_url, "base")
        with engine.connect() as connection:
            assert connection.execute(text(find[dialect])).scalar() == 0
    finally:
        engine.dispose()


def test_rows_survive_undoing_and_redoing_every_later_revision(db_url):
    from quotes.db.models import Document, Quote, Speaker
    from quotes.db.search import search_quotes

    revisions = db.known_revisions()
    if len(revisions) < 2:
        pytest.skip("only revision 0001: undoing it removes every table")
    engine = db.open_database(db_url)
    with db.session(engine) as session:
        speaker = Speaker(name="Ann Example", kind="person")
        document = Document(source="a.txt", content_hash="a" * 64, text="...")
        session.add(Quote(document=document, speaker=speaker, content="Rivers are rising",
                          content_start=0, content_end=17, parts=[], kind="direct",
                          detector_version="test", confidence=1.0))
    engine.dispose()
    # SQLite rebuilds tables in batch mode: no cascade may reach the quotes.
    db.downgrade(db_url, revisions[-1])  # back to 0001
    db.upgrade(db_url)
    engine = db.open_database(db_url)
    with db.session(engine) as session:
        found = search_quotes(session, "rivers")
        assert [(q.content, q.speaker.name if q.speaker else None) for q in found] == [
            ("Rivers are rising", "Ann Example")
        ]
    engine.dispose()
