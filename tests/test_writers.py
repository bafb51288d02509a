"""Writers beside each other and killed: real processes on both backends.

- Curation takes the writer lock like ingest: a process merging and undoing speakers
  while another ingests loses no change, fails nothing, and leaves no quote on a
  merged speaker.
- kill -9 in the middle of an ingest, then the same command again: every document is
  whole (the quotes a clean run stores, no fewer, no more) and every quote is grouped.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import func, select
from test_reliability import PEOPLE, WORKER, _news

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.ingest.readers import Article
from quotes.ingest.store import ingest

# Merges, renames and undos through the CLI from when the ingest has begun storing until
# it has stored everything (`total` documents), at least twice; then one last merge. While
# OTHER is merged into KEEP (before each undo, with a pause for ingests to go on), it
# counts the quotes left on OTHER: a merge moves them all, and later ones land on KEEP.
CURATOR = """
import sys, time
from sqlalchemy import func, select
from typer.testing import CliRunner
from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
db, keep, other, started, total = sys.argv[1], sys.argv[2], sys.argv[3], *map(int, sys.argv[4:])
engine = open_database(db)
def count(*where):
    with session(engine) as current:
        return current.scalar(select(func.count()).where(*where))
stored = lambda: count(models.Document.id.is_not(None))
while stored() <= started:
    time.sleep(0.05)
rounds, stranded = 0, 0
while rounds < 2 or stored() < total:
    for step, args in enumerate((["speakers", "merge", keep, other, "--yes"], ["speakers", "undo"],
                                 ["speakers", "rename", keep, "Maria Lopez-Diaz"],
                                 ["speakers", "undo"])):
        if step == 1:  # merged
            time.sleep(0.3)
            stranded += count(models.Quote.speaker_id == int(other))
        result = CliRunner().invoke(app, [*args, "--db", db])
        if result.exit_code:
            sys.exit(f"{' '.join(args)}: {result.output}")
    rounds += 1
result = CliRunner().invoke(app, ["speakers", "merge", keep, other, "--yes", "--db", db])
print(stranded)
sys.exit(result.exit_code and result.output)
"""


def _ids(url: str, *names: str) -> list[int]:
    engine = open_database(url)
    with session(engine) as current:
        ids = [current.scalar(select(models.Speaker.id).where(models.Speaker.name == name))
               for name in names]
    engine.dispose()
    return ids


def test_curating_while_another_process_ingests(db_url, tmp_path, nlp):
    engine = open_database(db_url)
    ingest(engine, nlp, [Article(_news(n), str(n)) for n in range(6)])  # every person known
    engine.dispose()
    keep, other = _ids(db_url, "Maria Lopez", "Peter Novak")
    path = tmp_path / "more.jsonl"
    path.write_text("\n".join(json.dumps({"text": _news(n)}) for n in range(6, 126)),
                    encoding="utf-8")
    ingesting = subprocess.Popen([sys.executable, "-c", WORKER, db_url, str(path)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    curating = subprocess.Popen([sys.executable, "-c", CURATOR, db_url, str(keep), str(other),
                                 "6", "126"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    stranded, curated = curating.communicate(timeout=600)
    out, err = ingesting.communicate(timeout=600)
    assert curating.returncode == 0, curated
    assert stranded.strip() == "0"  # no quote was left on the merged speaker meanwhile
    assert ingesting.returncode == 0, err
    assert json.loads(out) == {"new": 120, "duplicates": 0, "failed": []}
    engine = open_database(db_url)
    with session(engine) as current:
        edits = current.execute(select(models.SpeakerEdit.action, models.SpeakerEdit.undone_at)
                                .order_by(models.SpeakerEdit.id)).all()
        rounds = (len(edits) - 1) // 2
        assert rounds >= 2 and [action for action, _ in edits] == ["merge", "rename"] * rounds + [
            "merge"]
        assert [undone is None for _, undone in edits] == [False] * 2 * rounds + [True]
        assert current.get(models.Speaker, other).merged_into_id == keep
        assert current.get(models.Speaker, keep).name == "Maria Lopez"
        # Every quote of the merged speaker moved, whenever it was stored.
        stranded = current.scalar(select(func.count(models.Quote.id)).join(models.Speaker).where(
            models.Speaker.merged_into_id.is_not(None)))
        assert stranded == 0
        assert current.scalar(select(func.count(models.Document.id))) == 126
    engine.dispose()


def _counts(url: str) -> tuple[dict[str, int], bool]:
    """(quotes per document source, whether every quote with a speaker is grouped)."""
    engine = open_database(url)
    with session(engine) as current:
        per_document = dict(current.execute(
            select(models.Document.source, func.count(models.Quote.id))
            .outerjoin(models.Quote).group_by(models.Document.source)).all())
        ungrouped = current.scalar(select(func.count(models.Quote.id)).where(
            models.Quote.speaker_id.is_not(None),
            ~select(models.StatementQuote.quote_id)
            .where(models.StatementQuote.quote_id == models.Quote.id).exists()))
    engine.dispose()
    return per_document, ungrouped == 0


# Articles in the killed run: enough that it is still writing when the test sees 10 stored
# (120 were all stored before the kill on a loaded machine).
KILLED_RUN = 600


def test_kill_9_in_the_middle_of_an_ingest_then_the_same_command_again(db_url, tmp_path, nlp):
    articles = [json.dumps({"text": _news(n), "id": f"n{n}"}) for n in range(KILLED_RUN)]
    path = tmp_path / "news.jsonl"
    path.write_text("\n".join(articles), encoding="utf-8")
    command = [sys.executable, "-m", "quotes", "ingest", str(path), "--db", db_url,
               "--model", "blank"]
    # Killed once some documents are stored and others are not.
    run = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                           start_new_session=True)
    for _ in range(1200):
        time.sleep(0.05)
        if run.poll() is not None:
            break
        try:
            if len(_counts(db_url)[0]) >= 10:
                break
        except Exception:  # noqa: BLE001 - the database is still being created
            continue
    os.killpg(run.pid, signal.SIGKILL)
    run.wait(timeout=60)
    assert run.returncode == -signal.SIGKILL, run.stderr.read()
    killed_at = len(_counts(db_url)[0])
    assert 0 < killed_at < KILLED_RUN, killed_at
    # The same command again finishes the work.
    again = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert f"{KILLED_RUN - killed_at} new documents, {killed_at} duplicates skipped" in again.stderr
    # The same rows as one run that was never killed.
    reference = f"sqlite:///{tmp_path / 'reference.db'}"
    engine = open_database(reference)
    ingest(engine, nlp, [Article(_news(n), f"{path}:{n + 1}", external_id=f"n{n}")
                         for n in range(KILLED_RUN)])
    engine.dispose()
    per_document, grouped = _counts(db_url)
    assert per_document == _counts(reference)[0]
    assert grouped
    assert len(PEOPLE) == len(_ids(db_url, *PEOPLE))
