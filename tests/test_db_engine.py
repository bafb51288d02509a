"""Database URLs, opening (create, refuse older/newer/foreign), sessions, SQLite settings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from quotes.db import engine as db
from quotes.db.models import Document
from quotes.errors import QuotesError


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgres://u:pw@h/d", "postgresql+psycopg://u:pw@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
        ("/tmp/a b/q.db", "sqlite:////tmp/a b/q.db"),
    ],
)
def test_database_url(value, expected):
    assert db.database_url(value) == expected


def test_database_url_relative_path_is_made_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert db.database_url("q.db") == f"sqlite:///{tmp_path / 'q.db'}"


def test_database_url_default_is_a_file_in_the_user_data_directory(monkeypatch, tmp_path):
    monkeypatch.setattr(db.platformdirs, "user_data_dir", lambda app: str(tmp_path / app))
    assert db.database_url(None) == f"sqlite:///{tmp_path / 'quotes' / 'quotes.db'}"


@pytest.mark.parametrize("value", ["mysql://u@h/d", "oracle://x", "sqlite://", "sqlite:///:memory:"])
def test_unsupported_urls_are_refused(value):
    with pytest.raises(QuotesError):
        db.create(value)


def _document(n: int = 1) -> Document:
    return Document(source=f"s{n}", content_hash=f"{n:064d}", text="Some text.", outlet="X")


def test_open_creates_the_schema_and_session_commits(db_url):
    engine = db.open_database(db_url)
    with db.session(engine) as session:
        session.add(_document())
    with db.session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 1
    assert db.current_revision(db_url) == db.known_revisions()[0]
    engine.dispose()


def test_session_rolls_back_on_error(db_url):
    engine = db.open_database(db_url)
    with pytest.raises(RuntimeError), db.session(engine) as session:
        session.add(_document())
        session.flush()
        raise RuntimeError("boom")
    with db.session(engine) as session:
        assert session.scalar(select(func.count()).select_from(Document)) == 0
    engine.dispose()


def test_insert_rows_returns_each_rows_id_in_order_after_the_stored_ones(db_url):
    engine = db.open_database(db_url)
    with db.session(engine, write=True) as session:
        session.add(_document(1))
        session.flush()
        table = Document.__table__
        rows = [{"source": f"s{n}", "content_hash": f"{n:064d}", "text": f"Text {n}."}
                for n in range(2, 6)]
        ids = db.insert_rows(session.connection(), table, rows)
        assert db.insert_rows(session.connection(), table, []) == []
    with db.session(engine) as session:
        stored = dict(session.execute(select(Document.id, Document.source)).all())
    assert len(set(ids)) == 4 and min(ids) > min(stored)
    assert [stored[i] for i in ids] == ["s2", "s3", "s4", "s5"]
    engine.dispose()


def test_the_same_text_twice_is_refused_by_the_database(db_url):
    from sqlalchemy.exc import IntegrityError

    engine = db.open_database(db_url)
    with pytest.raises(IntegrityError), db.session(engine) as session:
        session.add_all([_document(1), _document(1)])
    engine.dispose()


def test_an_older_database_is_refused_with_the_upgrade_command(db_url, monkeypatch):
    db.open_database(db_url).dispose()
    # This version of quotes pretends to know one revision more than the database has.
    known = db.known_revisions()
    monkeypatch.setattr(db, "known_revisions", lambda: ["9999", *known])
    with pytest.raises(QuotesError, match="older") as error:
        db.open_database(db_url)
    assert error.value.hint.startswith("run: quotes db upgrade --db ")


def test_a_newer_database_is_refused_with_a_hint_to_upgrade_quotes(db_url):
    engine = db.open_database(db_url)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(QuotesError, match="unknown to this version") as error:
        db.open_database(db_url)
    assert "upgrade quotes" in error.value.hint


def test_a_database_with_other_tables_is_not_a_quotes_database(db_url):
    engine = db.create(db_url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE something (id integer)"))
    engine.dispose()
    with pytest.raises(QuotesError, match="not a quotes database"):
        db.open_database(db_url)


def test_a_file_that_is_no_database_is_refused(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n" * 100)
    with pytest.raises(QuotesError, match="not a quotes database"):
        db.open_database(str(path))
    assert path.read_text() == "not a database\n" * 100  # untouched


def test_a_directory_that_cannot_be_created_is_refused(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(QuotesError, match="cannot create the directory"):
        db.open_database(str(blocker / "sub" / "q.db"))


def test_sqlite_enforces_foreign_keys_and_uses_wal(tmp_path):
    engine = db.open_database(str(tmp_path / "q.db"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    engine.dispose()


def test_an_unreachable_server_is_one_clear_error_with_a_hint():
    with pytest.raises(QuotesError, match="cannot use the database") as raised:
        db.open_database("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")
    assert "check that the server runs" in raised.value.hint


def test_current_does_not_create_a_missing_file(tmp_path):
    with pytest.raises(QuotesError, match="no database"):
        db.current_revision(str(tmp_path / "missing.db"))
    assert not (tmp_path / "missing.db").exists()


def test_migrations_folder_is_found():
    assert (Path(db.MIGRATIONS) / "env.py").is_file()
