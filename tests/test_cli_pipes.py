"""The CLI in a shell pipeline: a reader that stops early is not an error."""

import subprocess
import sys

from quotes.db.engine import open_database
from quotes.ingest.readers import read_articles
from quotes.ingest.store import ingest
from tests.conftest import SEEDS


def test_closed_stdout_ends_quietly(tmp_path, nlp):
    db = tmp_path / "quotes.db"
    engine = open_database(str(db))
    ingest(engine, nlp, read_articles([SEEDS]))
    engine.dispose()
    process = subprocess.Popen(
        [sys.executable, "-m", "quotes", "search", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    process.stdout.close()  # like `| head -0`: closed before the first row is written
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 0, stderr
    assert "Error" not in stderr and "Traceback" not in stderr
