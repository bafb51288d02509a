"""Ingest at scale: worker processes, a Dask cluster, batched writes and the speaker index."""

from __future__ import annotations

import json
import logging
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import func, select
from test_reliability import PEOPLE, _news, _snapshot, _statements
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.identity import curation
from quotes.identity.speaker_index import SpeakerIndex
from quotes.identity.speakers import attach_speakers
from quotes.ingest import store
from quotes.ingest.readers import Article, ReadError
from quotes.ingest.store import ingest

ARTICLES = 70  # three batches of BATCH_SIZE


def _articles_file(tmp_path, name="in.jsonl", order=range(ARTICLES)):
    path = tmp_path / name
    path.write_text("\n".join(json.dumps({"text": _news(n), "id": str(n)}) for n in order),
                    encoding="utf-8")
    return path


def _ingest(*args: str):
    result = CliRunner().invoke(app, ["ingest", *args, "--model", "blank"])
    assert result.exit_code == 0, result.output
    return result


def _reference(tmp_path, path) -> str:
    """An SQLite database the file was ingested into by one process."""
    url = f"sqlite:///{tmp_path / 'reference.db'}"
    _ingest(str(path), "--db", url, "--workers", "1")
    return url


def _rows(url: str) -> dict:
    """What a database holds, ids included (the order of writing shows in them)."""
    engine = open_database(url)
    with session(engine) as current:
        rows = {
            "documents": current.execute(select(models.Document.id, models.Document.external_id)
                                         .order_by(models.Document.id)).all(),
            "quotes": current.execute(select(models.Quote.id, models.Quote.document_id,
                                             models.Quote.speaker_id, models.Quote.content)
                                      .order_by(models.Quote.id)).all(),
            "speakers": current.execute(select(models.Speaker.id, models.Speaker.name,
                                               models.Speaker.document_id)
                                        .order_by(models.Speaker.id)).all(),
        }
    engine.dispose()
    return {name: [tuple(row) for row in table] for name, table in rows.items()}


def test_two_workers_store_what_one_process_stores(db_url, tmp_path):
    path = _articles_file(tmp_path)
    result = _ingest(str(path), "--db", db_url, "--workers", "2")
    assert f"{ARTICLES} new documents, 0 duplicates skipped, 0 failed" in result.stderr
    reference = _reference(tmp_path, path)
    assert _rows(db_url) == _rows(reference)
    assert _snapshot(db_url) == _snapshot(reference)
    assert _statements(db_url) == _statements(reference)


def test_a_dask_cluster_stores_what_one_process_stores_and_sqlite_refuses_it(db_url, tmp_path):
    path = _articles_file(tmp_path)
    if db_url.startswith("sqlite"):
        result = CliRunner().invoke(app, ["ingest", str(path), "--db", db_url, "--model", "blank",
                                          "--scheduler", "local"])
        assert result.exit_code == 1
        assert result.stderr.splitlines()[0] == (
            "Error: --scheduler needs a PostgreSQL database: workers on other machines send "
            "their quotes to one database server")
        assert result.stderr.splitlines()[1].startswith("Hint: --db postgresql://")
        return
    result = _ingest(str(path), "--db", db_url, "--scheduler", "local", "--workers", "2")
    assert f"{ARTICLES} new documents, 0 duplicates skipped, 0 failed" in result.stderr
    reference = _reference(tmp_path, path)
    assert _rows(db_url) == _rows(reference)
    assert _snapshot(db_url) == _snapshot(reference)
    assert _statements(db_url) == _statements(reference)


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)  # SQLite refuses: see above
def test_two_dask_clients_with_overlapping_inputs_lose_nothing_and_duplicate_nothing(db_url,
                                                                                     tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster:
        _ingest_both_ways_at_once(db_url, tmp_path, "--scheduler", cluster.scheduler_address)


def test_concurrent_ingests_with_workers_lose_nothing_and_duplicate_nothing(db_url, tmp_path):
    _ingest_both_ways_at_once(db_url, tmp_path, "--workers", "2")


def _ingest_both_ways_at_once(db_url: str, tmp_path, *options: str) -> None:
    """Two `quotes ingest ... OPTIONS` of the same articles in opposite orders at once: each
    article stored once, and the rows those of one ingest after the other."""
    forward = _articles_file(tmp_path, "forward.jsonl")
    backward = _articles_file(tmp_path, "backward.jsonl", reversed(range(ARTICLES)))
    runs = [subprocess.Popen([sys.executable, "-m", "quotes", "ingest", str(path), "--db", db_url,
                              "--model", "blank", *options],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for path in (forward, backward)]
    summaries = []
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
        summaries.append(err.splitlines()[-1])
    new = [int(s.split(" new documents")[0]) for s in summaries]
    duplicates = [int(s.split(", ")[1].split()[0]) for s in summaries]
    assert sum(new) == ARTICLES and sum(duplicates) == ARTICLES, summaries
    expected = _snapshot(_reference(tmp_path, forward))
    assert expected["speakers"] == sorted(PEOPLE) and expected["grouped"]
    assert _snapshot(db_url) == expected


def test_a_bad_article_in_a_batch_fails_alone_and_leaves_no_speaker_behind(db_url, nlp,
                                                                          monkeypatch):
    # Article 2 names a new person, then fails while stored; article 4 names her again.
    texts = [_news(0), _news(1), "“Bridges matter,” Zoe Quill said.", _news(3),
             "“Roads too,” Zoe Quill said."]
    real = store.assign_speakers

    def fail_on_2(index, document_id, text, *args, **kwargs):
        speakers = real(index, document_id, text, *args, **kwargs)
        if "Bridges" in text:
            raise RuntimeError("bad article")
        return speakers

    monkeypatch.setattr(store, "assign_speakers", fail_on_2)
    engine = open_database(db_url)
    summary = ingest(engine, nlp, [Article(t, f"a{n}") for n, t in enumerate(texts)])
    assert summary.new == 4
    assert summary.failed == [ReadError("a2", "not stored: RuntimeError: bad article")]
    with session(engine) as current:
        quill = current.scalars(select(models.Speaker).where(models.Speaker.name == "Zoe Quill"))
        [zoe] = quill.all()  # made once, by article 4
        assert [q.content for q in zoe.quotes] == ["Roads too"]
        assert current.scalar(select(func.count()).select_from(models.Document)) == 4
    engine.dispose()


def test_ctrl_c_keeps_the_batches_written_before_and_no_half_batch(db_url, nlp, monkeypatch):
    articles = [Article(_news(n), str(n)) for n in range(10)]
    real = store.assign_speakers

    def interrupted(index, document_id, text, *args, **kwargs):
        if text == _news(9):  # the second article of the third batch
            raise KeyboardInterrupt
        return real(index, document_id, text, *args, **kwargs)

    monkeypatch.setattr(store, "assign_speakers", interrupted)
    engine = open_database(db_url)
    with pytest.raises(KeyboardInterrupt):
        ingest(engine, nlp, articles, batch_size=4)
    with session(engine) as current:
        stored = current.scalars(select(models.Document.source)).all()
        per_document = current.execute(select(models.Quote.document_id, func.count())
                                        .group_by(models.Quote.document_id)).all()
    assert sorted(stored, key=int) == [str(n) for n in range(8)]
    assert {n for _, n in per_document} == {len(nlp(_news(0))._.quotes)}  # whole articles
    monkeypatch.setattr(store, "assign_speakers", real)
    again = ingest(engine, nlp, articles)  # the re-run finishes, grouping included
    engine.dispose()
    assert (again.new, again.duplicates) == (2, 8)
    assert _snapshot(db_url)["grouped"]


def test_the_speaker_index_sees_what_other_writers_committed(db_url):
    engine = open_database(db_url)
    with session(engine) as current:
        index = SpeakerIndex.load(current)
    # Another process stores a person, then merges a second one into her.
    with session(engine, write=True) as other:
        document = models.Document(source="x", content_hash="x", text="x")
        [maria] = attach_speakers(other, document, _mentions("Maria Lopez"))
    assert not index.aliases("person", surname=["lopez"])
    with session(engine, write=True) as current:
        index.refresh(current)
    assert [a.speaker_id for a in index.aliases("person", surname=["lopez"])] == [maria.id]
    with session(engine, write=True) as other:
        document = models.Document(source="y", content_hash="y", text="y")
        [mary] = attach_speakers(other, document, _mentions("Mary Lopez-Garcia"))
        curation.merge(other, other.get(models.Speaker, maria.id), mary)
    with session(engine, write=True) as current:
        index.refresh(current)  # the curation log changed: read again
    assert index.resolve(mary.id) == maria.id
    assert index.family_names(maria.id) == {"maria lopez", "mary lopez garcia"}
    engine.dispose()


def test_the_speaker_index_forgets_what_a_rolled_back_write_added(db_url):
    engine = open_database(db_url)
    with session(engine) as current:
        index = SpeakerIndex.load(current)
    mark = index.checkpoint()
    with pytest.raises(RuntimeError), session(engine, write=True) as current:
        document = models.Document(source="x", content_hash="x", text="x")
        attach_speakers(current, document, _mentions("Maria Lopez"), index)
        assert index.aliases("person", surname=["lopez"])
        raise RuntimeError("rolled back")
    index.rollback(mark)
    assert not index.aliases("person", surname=["lopez"])
    with session(engine, write=True) as current:
        document = models.Document(source="y", content_hash="y", text="y")
        [maria] = attach_speakers(current, document, _mentions("Maria Lopez"), index)
        index.commit()
    assert [a.speaker_id for a in index.aliases("person", surname=["lopez"])] == [maria.id]
    engine.dispose()


def _mentions(*names: str):
    from quotes.detect.records import Quote

    return [Quote(content=(0, 1), kind="direct", speaker_text=name, speaker_kind="person")
            for name in names]


# Articles in a run that is interrupted: enough that it is still running when the test sees
# its first batch (400 were all stored before the signal on a quiet machine).
INTERRUPTED = 1200


def test_ctrl_c_stops_the_workers_and_keeps_whole_articles(tmp_path, nlp):
    path = _articles_file(tmp_path, order=range(INTERRUPTED))
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    run = subprocess.Popen([sys.executable, "-m", "quotes", "ingest", str(path), "--db", url,
                            "--model", "blank", "--workers", "2"], stderr=subprocess.PIPE,
                           text=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    stored = 0
    while not stored and run.poll() is None:  # until the first batch is committed
        time.sleep(0.05)
        stored = _count(url)
    workers = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True)
    run.send_signal(signal.SIGINT)
    _, err = run.communicate(timeout=300)
    assert run.returncode == 1 and err.strip().splitlines()[-1] == "Error: interrupted", err
    assert not [pid for pid in workers.stdout.split() if _alive(int(pid))]
    engine = open_database(url)
    with session(engine) as current:
        per_document = dict(current.execute(
            select(models.Document.id, func.count(models.Quote.id)).outerjoin(models.Quote)
            .group_by(models.Document.id)).all())
    engine.dispose()
    assert 0 < len(per_document) < INTERRUPTED and len(per_document) % store.BATCH_SIZE == 0
    assert set(per_document.values()) == {len(nlp(_news(0))._.quotes)}  # whole articles


def _count(url: str) -> int:
    try:
        with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
            return connection.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.Error:  # not created yet
        return 0


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_kill_9_leaves_whole_articles_no_worker_and_a_rerun_finishes(tmp_path):
    path = _articles_file(tmp_path, order=range(INTERRUPTED))
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    run = subprocess.Popen([sys.executable, "-m", "quotes", "ingest", str(path), "--db", url,
                            "--model", "blank", "--workers", "2"], stderr=subprocess.DEVNULL)
    while not _count(url) and run.poll() is None:  # until the first batch is committed
        time.sleep(0.05)
    workers = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True)
    run.kill()
    run.wait()
    for _ in range(20):  # the workers notice within a second or two
        if not [pid for pid in workers.stdout.split() if _alive(int(pid))]:
            break
        time.sleep(0.5)
    assert not [pid for pid in workers.stdout.split() if _alive(int(pid))]
    assert 0 < _count(url) < INTERRUPTED
    result = _ingest(str(path), "--db", url, "--workers", "2")  # finishes, grouping included
    assert "0 failed" in result.stderr
    assert _snapshot(url) == _snapshot(_reference(tmp_path, path))
