"""`quotes reprocess`: stored documents detected again by a newer detector, keeping every
curation decision, statement grouping and quote ids, one document per transaction;
a second run finds nothing to do.

The newer detector is the rules pipeline with a component after "quotes" that finds
each quote one character shorter at its start (slightly different bounds, so other
content) and no longer finds the one about money; its version is 99.0.0.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import cache

import pytest
from spacy.language import Language
from sqlalchemy import func, select
from typer.testing import CliRunner

import quotes.detect
from quotes.detect import DETECTOR_VERSION as CURRENT
from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.ingest import reprocess as reprocess_module
from quotes.ingest import store
from quotes.ingest.readers import read_articles
from quotes.ingest.reprocess import pair_spans

runner = CliRunner()
NEWER = "99.0.0"
ARTICLES = [
    {"id": "kovac", "outlet": "Wire", "published": "2024-11-04",
     "text": "“We will rebuild the port by spring,” Maria Kovac said on Monday. “The money is "
             "there,” Kovac added. “Nobody asked us about the route,” Ivan Petrov told reporters."},
    {"id": "novak", "outlet": "Daily", "published": "2024-11-05",
     "text": "“We will rebuild the port by spring,” Jan Novak said on Tuesday. “The bridge is "
             "safe,” Ivan Petrov said. “Trust the engineers,” Petrov added."},
    {"id": "bare", "outlet": "Daily", "published": "2024-11-06",
     "text": "“Roads come first,” Petrov said in a statement."},
]
RULES = quotes.detect.load_pipeline


@Language.component("test_newer_quotes")
def newer_quotes(doc):
    """A newer detector: every quote starts one character later; the money one is not found."""
    doc._.quotes = [
        replace(q, content=(q.content[0] + 1, q.content[1]),
                parts=tuple((s + (s == q.content[0]), e) for s, e in q.parts))
        for q in doc._.quotes if "money" not in doc.text[q.content[0]:q.content[1]]
    ]
    return doc


@cache
def _rules_then(component: str) -> Language:
    """The rules pipeline with `component` rewriting its quotes."""
    nlp = RULES("blank")
    nlp.add_pipe(component, after="quotes")
    return nlp


@Language.component("test_no_quotes")
def no_quotes(doc):
    """A detector that finds nothing."""
    doc._.quotes = []
    return doc


@pytest.fixture
def newer(monkeypatch):
    """Make `--model blank` the newer detector."""
    monkeypatch.setattr(store, "DETECTOR_VERSION", NEWER)
    monkeypatch.setattr(quotes.detect, "load_pipeline",
                        lambda model="auto": _rules_then("test_newer_quotes"))


@pytest.fixture
def db(db_url, nlp, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    engine = open_database(db_url)
    assert store.ingest(engine, nlp, read_articles([str(path)])).new == 3
    engine.dispose()
    return db_url


def _ok(args: list[str], db: str, code: int = 0):
    result = runner.invoke(app, [*args, "--db", db, *(["--model", "blank"] if args[0] in (
        "ingest", "reprocess") else [])])
    assert result.exit_code == code, result.output
    return result


def _quotes(db: str) -> dict[str, dict]:
    """Each quote by document and words, without the capital letter the newer detector drops."""
    engine = open_database(db)
    with session(engine) as current:
        rows = current.execute(
            select(models.Quote.id, models.Quote.content, models.Speaker.id, models.Speaker.name,
                   models.StatementQuote.statement_id, models.Quote.content_start,
                   models.Quote.document_id)
            .outerjoin(models.Speaker, models.Speaker.id == models.Quote.speaker_id)
            .outerjoin(models.StatementQuote, models.StatementQuote.quote_id == models.Quote.id)
            .order_by(models.Quote.document_id, models.Quote.content_start)).all()
    engine.dispose()
    return {f"{document}:{content[content[:1].isupper():]}": {
        "id": quote_id, "content": content, "speaker_id": sid, "speaker": name,
        "statement": statement, "start": start}
        for quote_id, content, sid, name, statement, start, document in rows}


def _speaker(db: str, name: str) -> int:
    engine = open_database(db)
    with session(engine) as current:
        found = current.scalar(select(models.Speaker.id).where(models.Speaker.name == name))
    engine.dispose()
    assert found is not None, name
    return found


def _state(db: str) -> dict:
    """Everything a run may write, to compare two runs."""
    engine = open_database(db)
    with session(engine) as current:
        state = {table.__tablename__: sorted(tuple(str(v) for v in row) for row in current.execute(
            select(*[c for c in table.__table__.columns if c.name not in ("ingested_at", "at")])))
                 for table in (models.Document, models.Speaker, models.SpeakerAlias,
                               models.SpeakerRole, models.Quote, models.SpeakerOverride,
                               models.SpeakerEdit, models.Statement, models.StatementQuote)}
    engine.dispose()
    return state


def _grouped(db: str) -> bool:
    return all(q["statement"] is not None for q in _quotes(db).values() if q["speaker_id"])


# The run itself ---------------------------------------------------------------------------------

def test_nothing_to_do_for_documents_this_detector_found(db):
    before = _state(db)
    result = _ok(["reprocess"], db)
    assert "Nothing to do: every selected document was found by detector" in result.stderr
    assert "on the blank pipeline" in result.stderr
    assert _state(db) == before


def test_all_with_the_same_detector_changes_nothing(db):
    before = _state(db)
    result = _ok(["reprocess", "--all"], db)
    assert "3 of 3 documents re-detected, 0 failed; quotes: 7 unchanged, 0 changed, 0 new, " \
           "0 gone" in result.stderr
    assert _state(db) == before


def test_a_newer_detector_rewrites_the_quotes_keeping_ids_and_a_second_run_does_nothing(db, newer):
    before = _quotes(db)
    result = _ok(["reprocess"], db)
    assert "3 of 3 documents re-detected, 0 failed; quotes: 0 unchanged, 6 changed, 0 new, " \
           "1 gone" in result.stderr
    after = _quotes(db)
    assert set(after) == set(before) - {"1:he money is there"}
    for key, quote in after.items():  # the same rows, now with the newer detector's bounds
        assert (quote["id"], quote["speaker_id"]) == (before[key]["id"], before[key]["speaker_id"])
        assert quote["start"] == before[key]["start"] + 1
        assert quote["content"] == before[key]["content"][1:]
    assert _grouped(db)
    engine = open_database(db)
    with session(engine) as current:
        assert set(current.execute(select(models.Document.detector_version,
                                          models.Document.pipeline)).all()) == {(NEWER, "blank")}
        assert set(current.scalars(select(models.Quote.detector_version))) == {NEWER}
    engine.dispose()
    # The statement both articles report is still one.
    rebuild = [q for key, q in after.items() if key.endswith("e will rebuild the port by spring")]
    assert len(rebuild) == 2
    state = _state(db)
    again = _ok(["reprocess"], db)
    assert "Nothing to do" in again.stderr and f"detector {NEWER} on the blank" in again.stderr
    assert _state(db) == state


def test_outlet_and_since_select_the_documents(db, newer):
    result = _ok(["reprocess", "--outlet", "daily", "--since", "2024-11-06"], db)
    assert "1 of 1 documents re-detected" in result.stderr
    result = _ok(["reprocess", "--outlet", "DAILY"], db)
    assert "1 of 1 documents re-detected" in result.stderr
    result = _ok(["reprocess"], db)
    assert "1 of 1 documents re-detected" in result.stderr  # the Wire article, left
    assert "Nothing to do" in _ok(["reprocess"], db).stderr


def test_ingest_says_when_duplicates_were_found_by_another_detector(db, newer, tmp_path):
    path = tmp_path / "again.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    result = _ok(["ingest", str(path)], db)
    assert result.stderr.count("note: 3 of the stored documents were found by an older detector "
                               "or another pipeline: run quotes reprocess") == 1
    _ok(["reprocess"], db)
    assert "older detector" not in _ok(["ingest", str(path)], db).stderr


def test_interrupted_run_leaves_whole_documents_and_the_next_run_finishes(db, newer, monkeypatch):
    before = _state(db)
    redetect, calls = reprocess_module._redetect, []

    def interrupted(current, *args):
        calls.append(1)
        counts = redetect(current, *args)  # the second document's rows are written, then Ctrl-C
        if len(calls) == 2:
            raise KeyboardInterrupt
        return counts

    monkeypatch.setattr(reprocess_module, "_redetect", interrupted)
    result = _ok(["reprocess"], db, code=1)
    assert "Error: interrupted" in result.stderr and "run the same command again" in result.stderr
    # The first document is re-detected whole, the others are as they were.
    engine = open_database(db)
    with session(engine) as current:
        versions = dict(current.execute(select(models.Document.external_id,
                                               models.Document.detector_version)).all())
        found = dict(current.execute(select(models.Document.external_id, func.count(models.Quote.id))
                                     .join(models.Quote).where(models.Quote.detector_version == NEWER)
                                     .group_by(models.Document.external_id)).all())
    engine.dispose()
    assert versions == {"kovac": NEWER, "novak": CURRENT, "bare": CURRENT}
    assert found == {"kovac": 2}
    assert [q for q in _state(db)["quotes"] if q[1] != "1"] == [
        q for q in before["quotes"] if q[1] != "1"]
    monkeypatch.setattr(reprocess_module, "_redetect", redetect)
    assert "2 of 2 documents re-detected" in _ok(["reprocess"], db).stderr
    assert _grouped(db)


def test_a_document_that_fails_is_left_as_it_was(db, newer, monkeypatch):
    redetect = reprocess_module._redetect

    def failing(current, index, document, found, detector):
        if document.external_id == "novak":
            raise ValueError("boom")
        return redetect(current, index, document, found, detector)

    monkeypatch.setattr(reprocess_module, "_redetect", failing)
    result = _ok(["reprocess"], db, code=1)
    assert "failed: document 2: not re-detected: ValueError: boom" in result.stderr
    assert "2 of 3 documents re-detected, 1 failed" in result.stderr


# Curation decisions survive a newer detector ------------------------------------------------------

def test_a_merge_survives_and_still_undoes(db, newer):
    kovac, novak = _speaker(db, "Maria Kovac"), _speaker(db, "Jan Novak")
    _ok(["speakers", "merge", str(kovac), str(novak), "--yes"], db)
    merged = _quotes(db)["2:e will rebuild the port by spring"]
    _ok(["reprocess"], db)
    after = _quotes(db)["2:e will rebuild the port by spring"]
    assert (after["id"], after["speaker_id"]) == (merged["id"], kovac)
    _ok(["speakers", "undo"], db)  # the merged quote, found again, goes back
    assert _quotes(db)["2:e will rebuild the port by spring"]["speaker_id"] == novak
    assert _grouped(db)


def test_a_rename_and_an_added_alias_survive(db, newer):
    kovac = _speaker(db, "Maria Kovac")
    _ok(["speakers", "rename", str(kovac), "Maria Kovač-Horvat"], db)
    _ok(["speakers", "alias", "add", str(kovac), "M. K. Horvat"], db)
    _ok(["reprocess"], db)
    assert _quotes(db)["1:e will rebuild the port by spring"]["speaker"] == "Maria Kovač-Horvat"
    profile = _ok(["speakers", "profile", "M. K. Horvat", "--format", "json"], db).stdout
    [found] = json.loads(profile)
    assert found["id"] == kovac and {"alias": "M. K. Horvat", "origin": "user"}.items() <= \
        next(a for a in found["aliases"] if a["alias"] == "M. K. Horvat").items()


def test_a_removed_alias_stays_removed_and_is_honoured(db, newer):
    petrov = _speaker(db, "Ivan Petrov")
    assert _quotes(db)["3:oads come first"]["speaker_id"] == petrov  # a bare "Petrov": his
    _ok(["speakers", "alias", "remove", str(petrov), "Petrov"], db)
    _ok(["reprocess"], db)
    after = _quotes(db)
    assert after["3:oads come first"]["speaker_id"] != petrov  # the removed name reaches nobody
    assert after["2:rust the engineers"]["speaker_id"] == petrov  # his full name still does
    engine = open_database(db)
    with session(engine) as current:
        origins = dict(current.execute(select(models.SpeakerAlias.alias, models.SpeakerAlias.origin)
                                       .where(models.SpeakerAlias.speaker_id == petrov)).all())
    engine.dispose()
    assert origins["Petrov"] == "removed"


def test_a_quote_moved_to_another_speaker_follows_its_new_bounds_and_still_undoes(db, newer):
    petrov = _speaker(db, "Ivan Petrov")
    moved = _quotes(db)["1:obody asked us about the route"]
    _ok(["speakers", "split", str(moved["id"]), "--new", "Olga Petrova"], db)
    olga = _speaker(db, "Olga Petrova")
    result = _ok(["reprocess"], db)
    assert "note: 1 quotes you gave another speaker were found with other bounds" in result.stderr
    after = _quotes(db)["1:obody asked us about the route"]
    assert (after["id"], after["speaker_id"], after["start"]) == (moved["id"], olga,
                                                                  moved["start"] + 1)
    engine = open_database(db)
    with session(engine) as current:
        override = current.scalars(select(models.SpeakerOverride)).one()
        assert (override.content_start, override.speaker_id) == (moved["start"] + 1, olga)
    engine.dispose()
    assert "Nothing to do" in _ok(["reprocess"], db).stderr and _grouped(db)
    _ok(["speakers", "undo"], db)  # undo finds the quote at its new bounds
    assert _quotes(db)["1:obody asked us about the route"]["speaker_id"] == petrov


def test_unnamed_sources_only_an_older_detector_found_go_named_speakers_stay(db, monkeypatch,
                                                                             tmp_path):
    # A newer detector that finds nothing in one more article: its unnamed source goes;
    # its named speaker stays (other processes may hold the name), with no quotes.
    path = tmp_path / "more.json"
    path.write_text(json.dumps({"id": "more", "outlet": "Gazette", "text": (
        "“Tolls pay for it,” a ministry official said. “Nobody asked us,” Olga Petrova said.")}),
        encoding="utf-8")
    _ok(["ingest", str(path)], db)
    olga = _speaker(db, "Olga Petrova")
    engine = open_database(db)
    with session(engine) as current:
        official = current.scalar(select(models.Speaker.id).where(
            models.Speaker.kind == "unnamed", models.Speaker.document_id.is_not(None)))
    engine.dispose()
    assert official is not None
    monkeypatch.setattr(quotes.detect, "load_pipeline",
                        lambda model="auto": _rules_then("test_no_quotes"))
    monkeypatch.setattr(store, "DETECTOR_VERSION", "100.0.0")
    result = _ok(["reprocess", "--outlet", "gazette"], db)
    assert "note: 1 unnamed sources left without quotes were removed" in result.stderr
    engine = open_database(db)
    with session(engine) as current:
        assert current.get(models.Speaker, official) is None
        assert current.get(models.Speaker, olga) is not None
        assert not current.scalar(select(func.count(models.Quote.id)).where(
            models.Quote.speaker_id == olga))
    engine.dispose()


@pytest.mark.parametrize(("old", "new", "pairs"), [
    ([(0, 10)], [(0, 10)], [(0, 0)]),  # the same span
    ([(0, 10)], [(1, 10)], [(0, 0)]),  # a little shorter
    ([(0, 10)], [(0, 30)], [(0, 0)]),  # grown: the old one is inside the new one
    ([(0, 10)], [(6, 30)], []),  # less than half of the shorter: another quote
    ([(0, 10)], [(10, 20)], []),  # touching only
    ([(0, 10), (20, 30)], [(21, 30), (0, 4), (40, 50)], [(1, 0), (0, 1)]),  # shrunk too
    ([(0, 10), (0, 12)], [(0, 11)], [(1, 0)]),  # the best overlap (11 of 12) wins, once
    ([(0, 10)], [(0, 10), (2, 10)], [(0, 0)]),  # each span pairs once
    ([], [(0, 1)], []),
    ([(5, 9)], [], []),
])
def test_pair_spans(old, new, pairs):
    assert pair_spans(old, new) == pairs
