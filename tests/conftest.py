"""Shared fixtures: the rules pipeline, an optional trained pipeline, and empty databases.

Every database test takes `db_url`, which runs it once on SQLite (a temporary file)
and once on PostgreSQL (a fresh database on QUOTES_TEST_PG, default
127.0.0.1:5432 trust auth), skipping the PostgreSQL run with the reason when no
server answers.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PG_ADMIN_URL = os.environ.get("QUOTES_TEST_PG", "postgresql://postgres@127.0.0.1:5432/test")
TRAINED_MODEL = os.environ.get(
    "QUOTES_TEST_MODEL", str(ROOT.parent / "shared" / "models" / "en_core_web_sm-3.7.1")
)


@pytest.fixture(scope="session")
def nlp():
    """The rules-only pipeline (spacy.blank + sentence splitting + quote rules)."""
    from quotes.detect import load_pipeline

    return load_pipeline("blank")


@pytest.fixture(scope="session")
def trained_nlp():
    """A trained pipeline (QUOTES_TEST_MODEL, default ../shared/models/en_core_web_sm-3.7.1)."""
    from quotes.detect import load_pipeline

    if not Path(TRAINED_MODEL).exists():
        pytest.skip(f"no trained spaCy pipeline at {TRAINED_MODEL} (set QUOTES_TEST_MODEL)")
    return load_pipeline(TRAINED_MODEL)


def _pg_admin():
    import psycopg

    try:
        return psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {str(error).strip()}")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """URL of a new, empty database on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'quotes.db'}"
        return
    name = f"quotes_test_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"postgresql+psycopg://{base.split('://', 1)[1]}/{name}"
    with _pg_admin() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
