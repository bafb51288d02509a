"""The SQLite database opens in Datasette and sqlite-utils with full-text search working
(migration 0006), and 0006 goes up and down with rows on both backends."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import sqlite_utils
from datasette.app import Datasette
from datasette.inspect import inspect_tables
from sqlalchemy import text

from quotes.db.engine import create, downgrade, open_database, session, upgrade
from quotes.db.models import Document, Quote
from quotes.db.search import matching_quotes, search_terms

BIN = Path(sys.executable).parent
CONTENTS = ["Rivers are rising fast", "The dam will hold", "Rivers fall in summer"]


def _fill(url: str) -> None:
    engine = open_database(url)
    with session(engine) as db:
        document = Document(source="a.txt", content_hash="a" * 64, text="...")
        db.add_all(Quote(document=document, content=content, content_start=0, content_end=3,
                         parts=[], kind="direct", detector_version="t", confidence=0.9)
                   for content in CONTENTS)
    engine.dispose()  # the last connection checkpoints the WAL into the file


async def _datasette(path: Path) -> tuple[str | None, list[dict]]:
    """What Datasette makes of the file: the quotes table's FTS table, and a search's rows."""
    datasette = Datasette([str(path)])
    fts_table = await datasette.get_database(path.stem).fts_table("quotes")
    response = await datasette.client.get(f"/{path.stem}/quotes.json?_search=dam&_shape=array")
    return fts_table, response.json()


def _tool(*args: str) -> str:
    result = subprocess.run([str(BIN / args[0]), *args[1:]], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_sqlite_utils_and_datasette_see_the_index(tmp_path):
    path = tmp_path / "quotes.db"
    _fill(str(path))
    # sqlite-utils, as a library and as a command.
    table = sqlite_utils.Database(path)["quotes"]
    assert table.detect_fts() == "quotes_fts"
    assert sorted(row["content"] for row in table.search("rivers")) == [
        "Rivers are rising fast", "Rivers fall in summer"]
    found = json.loads(_tool("sqlite-utils", "search", str(path), "quotes", "dam", "-c", "content"))
    assert found == [{"content": "The dam will hold"}]
    # Datasette: its inspection names the index, and the table page's search uses it.
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        tables = inspect_tables(connection, {})
    assert (tables["quotes"]["fts_table"], tables["documents"]["fts_table"]) == ("quotes_fts", None)
    fts_table, rows = asyncio.run(_datasette(path))
    assert fts_table == "quotes_fts"
    assert [row["content"] for row in rows] == ["The dam will hold"]


def _insert(url: str, number: int, content: str) -> None:
    """A quote stored with SQL (as by the schema of any revision), id `number`."""
    engine = create(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO quotes (id, document_id, content, content_start, content_end,"
                " parts, kind, detector_version, confidence)"
                " VALUES (:number, 1, :content, 0, 3, '[]', 'direct', 't', 0.9)"),
                {"number": number, "content": content})
    finally:
        engine.dispose()


def test_0006_keeps_search_working_up_and_down(db_url):
    upgrade(db_url, "0005")
    engine = create(db_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO documents (id, source, content_hash, text,"
                                    " ingested_at) VALUES (1, 'a', 'h', 'x', '2024-11-04')"))
    finally:
        engine.dispose()
    for number, content in enumerate(CONTENTS[:2], 1):
        _insert(db_url, number, content)

    def found(words: str) -> list[str]:
        """The contents the full-text search finds, read without the document columns
        later revisions add."""
        engine = create(db_url)
        try:
            with session(engine) as db:
                found = matching_quotes(db, search_terms(words), quote_type=None)
                return sorted(content for _id, content in found)
        finally:
            engine.dispose()

    # Rows indexed before the upgrade are found after it, and new rows are indexed.
    assert upgrade(db_url, "0006") == ("0005", "0006")
    _insert(db_url, 3, CONTENTS[2])
    assert found("rivers") == ["Rivers are rising fast", "Rivers fall in summer"]
    # And back.
    assert downgrade(db_url, "0005") == ("0006", "0005")
    assert found("rivers") == ["Rivers are rising fast", "Rivers fall in summer"]
    assert found("dam") == ["The dam will hold"]
