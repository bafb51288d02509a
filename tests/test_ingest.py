"""Ingest: articles into rows, idempotent, one transaction per article, bad inputs reported."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from conftest import SEEDS
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect import resolve_when
from quotes.errors import QuotesError
from quotes.ingest import store
from quotes.ingest.readers import Article, ReadError, read_articles
from quotes.ingest.store import content_hash, ingest

TABLES = (models.Document, models.Speaker, models.SpeakerAlias, models.SpeakerRole, models.Quote)
GOOD = "“We will hold the line,” the mayor said on Friday.\n"
STDIN_AT = r"stdin@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"  # stdin's source: when the run began


def counts(engine) -> dict[str, int]:
    """Rows per table."""
    with session(engine) as current:
        return {t.__tablename__: current.scalar(select(func.count()).select_from(t)) for t in TABLES}


def invoke(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture
def engine(db_url):
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def test_seeds_are_stored_and_a_second_run_changes_nothing(engine, nlp):
    first = ingest(engine, nlp, read_articles([SEEDS]))
    assert (first.new, first.duplicates, first.failed) == (2, 0, [])
    assert first.quotes > 0 and first.speakers > 0
    before = counts(engine)
    assert before["documents"] == 2 and before["quotes"] == first.quotes

    second = ingest(engine, nlp, read_articles([SEEDS]))
    assert (second.new, second.duplicates, second.quotes, second.failed) == (0, 2, 0, [])
    assert counts(engine) == before


def test_ingest_groups_one_statement_reported_by_two_outlets(engine, nlp):
    ingest(engine, nlp, read_articles([SEEDS]))
    with session(engine) as current:
        rows = current.execute(
            select(models.Document.outlet, models.StatementQuote.statement_id)
            .join(models.Quote, models.Quote.id == models.StatementQuote.quote_id)
            .join(models.Quote.document).join(models.Quote.speaker)
            .where(models.Speaker.name.contains("Kovalenko"), models.Quote.kind == "direct")
        ).all()
    assert sorted(outlet for outlet, _ in rows) == ["Bloomberg", "Financial Times"]
    assert len({statement for _, statement in rows}) == 1  # two translations, one statement


def test_stored_rows_match_the_text_and_the_metadata(engine, nlp):
    ingest(engine, nlp, read_articles([SEEDS]))
    with session(engine) as current:
        documents = current.scalars(select(models.Document).order_by(models.Document.id)).all()
        assert [(d.outlet, d.published.isoformat()) for d in documents] == [
            ("Bloomberg", "2024-11-04"), ("Financial Times", "2024-11-04")]
        for document in documents:
            assert document.content_hash == content_hash(document.text)
            for quote in document.quotes:
                parts = [document.text[start:end] for start, end in quote.parts]
                assert quote.content == " [...] ".join(parts)  # without the attribution
                assert quote.content_start == quote.parts[0][0]
                assert quote.content_end == quote.parts[-1][1]
                if quote.speaker_start is not None:
                    assert quote.speaker_as_written == document.text[
                        quote.speaker_start:quote.speaker_end]
                assert quote.statement_date == resolve_when(quote.statement_when, document.published)
                assert quote.detector_version
        interrupted = [q for d in documents for q in d.quotes if len(q.parts) > 1]
        assert interrupted and all(" said" not in q.content for q in interrupted)
        dated = [q.statement_date for d in documents for q in d.quotes if q.statement_date]
        assert date(2024, 11, 1) in dated  # "on Friday" before Monday 4 November


@pytest.mark.parametrize(
    ("texts", "new", "duplicates"),
    [
        (["One text.", "One text."], 1, 1),
        (["Line one.\r\nLine two.", "Line one.\nLine two.\n"], 1, 1),  # line endings normalised
        (["One text.", "Another text."], 2, 0),
    ],
)
def test_duplicates_in_one_run(engine, nlp, texts, new, duplicates):
    summary = ingest(engine, nlp, [Article(text=t, source=f"s{i}") for i, t in enumerate(texts)])
    assert (summary.new, summary.duplicates) == (new, duplicates)
    assert counts(engine)["documents"] == new


def test_read_errors_are_counted_as_failures(engine, nlp):
    summary = ingest(engine, nlp, [ReadError("x.txt", "empty"), Article(text=GOOD, source="g")])
    assert (summary.new, summary.failed) == (1, [ReadError("x.txt", "empty")])


def test_a_crash_mid_article_leaves_no_half_article(engine, nlp, monkeypatch):
    real = store.assign_speakers

    def crash_on_ft(index, document_id, *args, **kwargs):
        speakers = real(index, document_id, *args, **kwargs)  # document written, speakers found,
        if "Financial Times" in args[0] or "FT" in args[0]:  # then:
            raise RuntimeError("disk on fire")
        return speakers

    monkeypatch.setattr(store, "assign_speakers", crash_on_ft)
    summary = ingest(engine, nlp, read_articles([SEEDS]))
    assert summary.new == 1
    [failure] = summary.failed
    assert failure.source.endswith("ft-2024-11-04-north-korean-troops.txt")
    assert failure.reason == "not stored: RuntimeError: disk on fire"
    with session(engine) as current:
        assert current.scalars(select(models.Document.outlet)).all() == ["Bloomberg"]
        orphans = select(func.count()).select_from(models.Quote).join(models.Document).where(
            models.Document.outlet != "Bloomberg")
        assert current.scalar(orphans) == 0
        scoped = select(func.count()).select_from(models.Speaker).where(
            models.Speaker.document_id.is_not(None),
            models.Speaker.document_id.not_in(select(models.Document.id)))
        assert current.scalar(scoped) == 0

    monkeypatch.setattr(store, "assign_speakers", real)
    again = ingest(engine, nlp, read_articles([SEEDS]))
    assert (again.new, again.duplicates, again.failed) == (1, 1, [])


def test_a_database_failure_stops_the_run_and_keeps_what_was_stored(engine, nlp, monkeypatch):
    real = store.assign_speakers

    def locked_on_ft(index, document_id, text, *args, **kwargs):
        if "Financial Times" in text or "FT" in text:
            raise OperationalError("INSERT ...", {}, Exception("database is locked"))
        return real(index, document_id, text, *args, **kwargs)

    monkeypatch.setattr(store, "assign_speakers", locked_on_ft)
    with pytest.raises(QuotesError, match="database error at .*ft-2024.*database is locked") as info:
        ingest(engine, nlp, read_articles([SEEDS]), batch_size=1)  # Bloomberg committed first
    assert info.value.hint == "the articles stored before it are kept; run the same command again"
    with session(engine) as current:
        assert current.scalars(select(models.Document.outlet)).all() == ["Bloomberg"]


def test_a_detector_failure_fails_only_its_article(engine, nlp, monkeypatch):
    real_pipe, real_call = type(nlp).pipe, type(nlp).__call__

    def call(self, text, *args, **kwargs):
        if "boom" in text:
            raise ValueError("bad text")
        return real_call(self, text, *args, **kwargs)

    def pipe(self, texts, *args, **kwargs):
        texts = list(texts)
        if any("boom" in t for t in texts):
            raise ValueError("bad batch")
        return real_pipe(self, texts, *args, **kwargs)

    monkeypatch.setattr(type(nlp), "__call__", call)
    monkeypatch.setattr(type(nlp), "pipe", pipe)
    summary = ingest(engine, nlp, [Article(text=GOOD, source="a"), Article(text="boom", source="b")])
    assert summary.new == 1
    assert summary.failed == [ReadError("b", "detection failed: ValueError: bad text")]


def test_cli_ingest_folder_with_bad_files(db_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    (folder / "good.meta.json").write_text('{"outlet": "Local News", "published": "2024-11-08"}')
    (folder / "empty.txt").write_text("")
    (folder / "binary.txt").write_bytes(b"GIF89a\x00\x01\x00")
    (folder / "latin1.txt").write_bytes("Le maire a dit « oui », déjà.".encode("latin-1"))
    (folder / "broken.json").write_text('{"text": "unterminated')
    (folder / "tags.html").write_text("<html><body><p>")
    (folder / "quotes.jsonl").write_text('{"text": "She said: “unbalanced quote."}\n{bad\n')
    result = invoke("ingest", str(folder), "--db", db_url, "--model", "blank")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary file"),
                         ("latin1.txt", "not valid UTF-8"), ("broken.json", "invalid JSON"),
                         ("tags.html", "no main text"), ("quotes.jsonl:2", "invalid JSON")]:
        assert f"{name}: {reason}" in result.stderr
    assert "2 new documents, 0 duplicates skipped, 6 failed" in result.stderr
    assert result.stdout == ""

    engine = open_database(db_url)
    with session(engine) as current:
        stored = current.execute(select(models.Document.source, models.Document.outlet)
                                 .order_by(models.Document.source)).all()
    engine.dispose()
    assert [(source.rsplit("/", 1)[-1], outlet) for source, outlet in stored] == [
        ("good.txt", "Local News"), ("quotes.jsonl:1", None)]


def test_cli_ingest_twice_is_a_no_op(db_url):
    first = invoke("ingest", str(SEEDS), "--db", db_url, "--model", "blank")
    assert first.exit_code == 0, first.output
    assert "2 new documents, 0 duplicates skipped, 0 failed" in first.stderr
    second = invoke("ingest", str(SEEDS), "--db", db_url, "--model", "blank")
    assert second.exit_code == 0
    assert "0 new documents, 2 duplicates skipped, 0 failed; 0 quotes" in second.stderr


def test_cli_ingest_a_20_mb_file_is_refused_clearly_and_the_rest_stored(db_url, tmp_path):
    (tmp_path / "huge.txt").write_text("Words said. " * (20 * 2**20 // 12))
    (tmp_path / "good.txt").write_text(GOOD)
    result = invoke("ingest", str(tmp_path), "--db", db_url, "--model", "blank")
    assert result.exit_code == 1
    assert "huge.txt: too long: 20,971,51" in result.stderr
    assert "the pipeline's limit is" in result.stderr
    assert "1 new documents" in result.stderr and "Traceback" not in result.output


def test_cli_ingest_a_file_over_max_mb_is_not_read(db_url, tmp_path):
    (tmp_path / "big.txt").write_text("x" * (2**20 + 1))
    result = invoke("ingest", str(tmp_path / "big.txt"), "--max-mb", "1", "--db", db_url,
                    "--model", "blank")
    assert result.exit_code == 1
    assert "big.txt: too large: 1.0 MB, the limit is 1 MB per file" in result.stderr


@pytest.mark.parametrize(
    ("data", "flags", "expected"),
    [
        (GOOD, ["--outlet", "Radio", "--published", "2024-11-08"],
         (STDIN_AT, "Radio", "2024-11-08")),
        (json.dumps({"text": GOOD, "id": "r1", "outlet": "Wire"}), [], (STDIN_AT, "Wire", None)),
        ('{"text": "A."}\n{"text": "B."}\n', ["--outlet", "Wire"], (STDIN_AT + ":1", "Wire", None)),
    ],
    ids=["text-and-flags", "json-object", "json-lines"],
)
def test_cli_ingest_stdin(db_url, data, flags, expected):
    result = invoke("ingest", "-", *flags, "--db", db_url, "--model", "blank", input=data)
    assert result.exit_code == 0, result.output
    engine = open_database(db_url)
    with session(engine) as current:
        first = current.scalars(select(models.Document).order_by(models.Document.id)).first()
        got = (first.source, first.outlet, first.published and first.published.isoformat())
    engine.dispose()
    assert re.fullmatch(expected[0], got[0]) and got[1:] == expected[1:], got


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "someday"], "Error: --published: not a date: 'someday'"),
        (["--published", "November"], "Error: --published: incomplete date"),
    ],
)
def test_cli_ingest_bad_flags(tmp_path, args, message):
    result = invoke("ingest", str(SEEDS), *args, "--db", str(tmp_path / "q.db"), "--model", "blank")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Hint: dates look like 2024-11-04" in result.stderr


def test_cli_ingest_missing_path(db_url, tmp_path):
    result = invoke("ingest", str(tmp_path / "nope"), "--db", db_url, "--model", "blank")
    assert result.exit_code == 1
    assert "nope: no such file or folder" in result.stderr


def test_cli_ingest_a_folder_without_articles(db_url, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "photo.png").write_bytes(b"\x89PNG")
    result = invoke("ingest", str(tmp_path / "in"), "--db", db_url, "--model", "blank")
    assert result.exit_code == 1
    assert "Error: no articles found in" in result.stderr
    assert "Hint: articles are .txt" in result.stderr
