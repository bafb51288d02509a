"""A generated news database of any size for the benchmarks: bulk-loaded, no detector.

    from generated import build, open_generated
    build("sqlite:////tmp/quotes-1m.db", 1_000_000)   # about 10 quotes per article

The shape is meant to look like a year of news at scale, not like the seed articles:
- documents: 10 quotes each on average (3 to 17), published over six years in
  order of id, 60 outlets with Zipf-distributed sizes, 3% undated;
- speakers: named people and organisations (one for every 20 quotes), quoted by
  Zipf's law, so a few have 10,000+ quotes (at 1,000,000 quotes the most quoted
  has about 80,000) and most only one or two; 10% of quotes are by unnamed
  sources of one article ("a senior official"), 2% have no speaker at all;
- names: given names and surnames from made-up pools, surnames shared by many
  people (possible duplicates); aliases: the full name, often the surname alone,
  sometimes an initial or another spelling, an organisation's acronym; speakers
  written as an alias, sometimes after a title ("Foreign Minister ...");
- roles: one to three per person, stored for about half of their articles;
- quotes: 8-30 words by Zipf's law from English stop words and 20,000 made-up
  content words (bench_check's vocabulary), 60% direct, 30% indirect, 10% mixed;
  95% speech; 20% with their own statement date a few days before publication;
- statements: a quarter of named speakers' quotes report one of their five latest
  statements again (the same words, an excerpt, or a word changed) in another
  article; every quote with a speaker is in a statement, as after ingest.

Rows go in with executemany (SQLite) or COPY (PostgreSQL) in one transaction per
10,000 documents; the full-text index, the quotes' and roles' copies of their
article's date and outlet (migration 0009) and the speakers' counts by outlet, written
form and role (migration 0010) are filled by the database itself (triggers, generated
column), as in normal use; a database generated before 0010 is brought up to date with
`quotes db upgrade --db URL`, which counts its rows (30 s at 1,000,000 quotes). PostgreSQL tables are analysed afterwards
(autovacuum would soon do the same); SQLite ones are not (quotes never does).
The same size and seed give the same database on both backends.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from typing import Any

from sqlalchemy import Engine, delete, func, select, text
from sqlalchemy.engine import make_url

from quotes.db import models
from quotes.db.engine import database_url, open_database, session
from quotes.identity.names import alias_keys, normalize_name, word_list

SEED = 20241104
CONTENT_WORDS = 20_000
QUOTES_PER_DOCUMENT = 10  # on average
DOCUMENTS_PER_CHUNK = 10_000
FIRST_DAY = date(2019, 1, 1)
DAYS = 6 * 365
OUTLETS = 60
TITLES = ["President", "Foreign Minister", "Prime Minister", "Senator", "spokesperson",
          "Defence Minister", "Chief Executive", "Governor", "Mayor", "General"]
ROLES = ["foreign minister", "prime minister", "spokesperson for the Ministry of {}",
         "chief executive of {}", "senator", "governor of {}", "head of the {} Council",
         "deputy minister", "analyst at {}", "mayor of {}", "general", "ambassador to {}"]
UNNAMED = ["a senior official", "a spokesperson", "officials", "a diplomat", "analysts",
           "a source familiar with the matter", "residents", "a government official"]


def vocabulary(rng: random.Random) -> list[str]:
    """Words by rank: English stop words first, then made-up content words ("tavoren")."""
    syllables = [c + v for c in "bdfgklmnprstvz" for v in "aeiou"] + ["sk", "tr", "ng", "st"]
    content: set[str] = set()
    while len(content) < CONTENT_WORDS:
        content.add("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    stop = sorted(w for w in word_list("stop_words.txt") if w.isalpha())
    return stop + sorted(content - set(stop))


def corpus(seed: int = SEED) -> tuple[random.Random, list[str], list[float]]:
    """The seeded generator, its vocabulary and the words' cumulative Zipf weights."""
    rng = random.Random(seed)
    words = vocabulary(rng)
    return rng, words, list(accumulate(1 / rank for rank in range(1, len(words) + 1)))


def sentence(rng: random.Random, words: list[str], weights: list[float]) -> str:
    """8-30 words drawn by Zipf's law over the ranks (about 60% stop words)."""
    return " ".join(rng.choices(words, cum_weights=weights, k=rng.randint(8, 30))).capitalize()


def excerpt(rng: random.Random, quote: str) -> str:
    """6 to 10 consecutive words of `quote` (all of it when shorter)."""
    said_words = quote.split()
    length = min(len(said_words), rng.randint(6, 10))
    at = rng.randrange(len(said_words) - length + 1)
    return " ".join(said_words[at : at + length])


def _zipf(n: int, exponent: float = 1.0) -> list[float]:
    """Cumulative weights of ranks 1..n by Zipf's law."""
    return list(accumulate(rank ** -exponent for rank in range(1, n + 1)))


class _Names:
    """People and organisations with their aliases and roles."""

    def __init__(self, rng: random.Random, count: int, content: list[str]):
        def proper(k: int) -> list[str]:
            return [w.title() for w in rng.sample(content, k)]

        given, surnames = proper(2_000), proper(min(15_000, max(500, count // 4)))
        surname_weights = _zipf(len(surnames), 0.6)  # the commonest: 1% of people
        places = proper(300)
        self.speakers: list[dict[str, Any]] = []  # id, name, kind
        self.aliases: list[list[str]] = []  # per speaker: the forms it is written in
        self.roles: list[list[str]] = []
        seen: set[str] = set()
        while len(self.speakers) < count:
            if rng.random() < 0.9:  # a person
                first, last = rng.choice(given), rng.choices(surnames, cum_weights=surname_weights)[0]
                name = f"{first} {last}"
                forms = [name]
                if rng.random() < 0.6:
                    forms.append(last)
                if rng.random() < 0.2:
                    forms.append(f"{first[0]}. {last}")
                if rng.random() < 0.1:  # another spelling: a doubled or swapped vowel
                    forms.append(f"{first} {last[:-1]}{'y' if last[-1] != 'y' else 'i'}")
                kind = "person"
                roles = [r.format(rng.choice(places)) for r in rng.sample(ROLES, rng.randint(1, 3))]
            else:  # an organisation, sometimes known by its acronym
                words = proper(rng.randint(1, 3))
                name = " ".join(words) + rng.choice([" Ministry", " Council", " Corp", " Institute",
                                                     " Party", " Agency"])
                forms = [name] + ([("".join(w[0] for w in name.split())).upper()]
                                  if rng.random() < 0.5 else [])
                kind, roles = "organisation", []
            if normalize_name(name) in seen:
                continue
            seen.add(normalize_name(name))
            self.speakers.append({"id": len(self.speakers) + 1, "name": name, "kind": kind})
            self.aliases.append(forms)
            self.roles.append(roles)
        self.weights = _zipf(count)


def build(url: str, n_quotes: int, *, seed: int = SEED, echo=print) -> None:
    """Create and fill the database at `url` (empty, or absent) with about `n_quotes` quotes."""
    engine = open_database(url)
    try:
        _fill(engine, n_quotes, seed, echo)
    finally:
        engine.dispose()


def _fill(engine: Engine, n_quotes: int, seed: int, echo) -> None:
    rng, words, weights = corpus(seed)
    content_words = words[-CONTENT_WORDS:]
    n_documents = max(1, n_quotes // QUOTES_PER_DOCUMENT)
    names = _Names(rng, max(100, n_quotes // 20), content_words)
    outlets = [f"The {w.title()} {rng.choice(['Times', 'Post', 'Herald', 'Wire', 'News'])}"
               for w in rng.sample(content_words, OUTLETS)]
    outlet_weights = _zipf(OUTLETS)
    speaker_ids = list(range(1, len(names.speakers) + 1))
    # Each named speaker's five latest statements: (statement id, text).
    latest: dict[int, list[tuple[int, str]]] = {}
    ids = {"speaker": len(names.speakers), "alias": 0, "role": 0, "quote": 0, "statement": 0}
    aliased: set[int] = set()  # speakers whose aliases are stored

    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":  # generated data: no need to survive a crash
            connection.exec_driver_sql("PRAGMA cache_size = -500000")
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
        _load(connection, "speakers", names.speakers)
        quotes_made = 0
        for first in range(0, n_documents, DOCUMENTS_PER_CHUNK):
            rows: dict[str, list[dict[str, Any]]] = {
                t: [] for t in ("documents", "speakers", "speaker_aliases", "speaker_roles",
                                "quotes", "statements", "statement_quotes")}
            for d in range(first + 1, min(first + DOCUMENTS_PER_CHUNK, n_documents) + 1):
                day = FIRST_DAY + timedelta(days=(d * DAYS) // n_documents + rng.randint(-3, 3))
                published = None if rng.random() < 0.03 else day
                outlet = rng.choices(outlets, cum_weights=outlet_weights)[0]
                text, roles_here = "", set()
                unnamed: dict[str, int] = {}
                for _ in range(rng.randint(3, 2 * QUOTES_PER_DOCUMENT - 3)):
                    ids["quote"] += 1
                    quote_id = ids["quote"]
                    said = sentence(rng, words, weights)
                    draw = rng.random()
                    speaker_id, written, role = None, None, None
                    if draw < 0.88:  # a named speaker, by Zipf's law
                        speaker_id = rng.choices(speaker_ids, cum_weights=names.weights)[0]
                        forms = names.aliases[speaker_id - 1]
                        written = rng.choice(forms)
                        roles = names.roles[speaker_id - 1]
                        if roles and rng.random() < 0.5:
                            role = rng.choice(roles)
                            if (speaker_id, role) not in roles_here:
                                roles_here.add((speaker_id, role))
                                ids["role"] += 1
                                rows["speaker_roles"].append({
                                    "id": ids["role"], "speaker_id": speaker_id, "document_id": d,
                                    "role": role, "organisation": None})
                        if rng.random() < 0.2 and names.speakers[speaker_id - 1]["kind"] == "person":
                            written = f"{rng.choice(TITLES)} {written}"
                        if speaker_id not in aliased:  # first quoted: its aliases, seen here
                            aliased.add(speaker_id)
                            for form in forms:
                                key, surname = alias_keys(form,
                                                          names.speakers[speaker_id - 1]["kind"])
                                ids["alias"] += 1
                                rows["speaker_aliases"].append({
                                    "id": ids["alias"], "speaker_id": speaker_id, "alias": form,
                                    "normalized": normalize_name(form), "key": key,
                                    "surname": surname, "origin": "seen", "document_id": d})
                        # Often a statement said before, reported again in other words.
                        before = latest.get(speaker_id, [])
                        if before and rng.random() < 0.25:
                            statement_id, earlier = rng.choice(before)
                            said = rng.choice([earlier, excerpt(rng, earlier),
                                               _reworded(rng, earlier, content_words)])
                            reason = "excerpt: aligned 90"
                        else:
                            statement_id, reason = None, "first seen"
                    elif draw < 0.98:  # an unnamed source of this article
                        written = rng.choice(UNNAMED)
                        if written not in unnamed:
                            ids["speaker"] += 1
                            unnamed[written] = ids["speaker"]
                            rows["speakers"].append({"id": ids["speaker"], "name": written,
                                                     "kind": "unnamed", "document_id": d})
                        speaker_id, statement_id, reason = unnamed[written], None, "first seen"
                    kind = rng.choices(["direct", "indirect", "mixed"], [6, 3, 1])[0]
                    if kind == "mixed":
                        split = said.split()
                        at = len(split) // 2
                        said = " ".join(split[:at]) + " “" + " ".join(split[at:]) + "”"
                    sentence_text = (f"“{said},” {written or 'it'} said. " if kind == "direct"
                                     else f"{written or 'It'} said {said}. ")
                    start = len(text) + sentence_text.index(said)
                    text += sentence_text
                    statement_day = (published - timedelta(days=rng.randint(0, 3))
                                     if published and rng.random() < 0.2 else None)
                    rows["quotes"].append({
                        "id": quote_id, "document_id": d, "speaker_id": speaker_id,
                        "speaker_as_written": written, "role": role, "content": said,
                        "content_start": start, "content_end": start + len(said), "parts": "[]",
                        "kind": kind, "type": "speech" if rng.random() < 0.95 else "belief",
                        "cue": "said", "cue_lemma": "say", "statement_date": statement_day,
                        "detector_version": "generated", "confidence": 0.9})
                    if speaker_id is not None:
                        if statement_id is None:
                            ids["statement"] += 1
                            statement_id = ids["statement"]
                            rows["statements"].append({
                                "id": statement_id, "speaker_id": speaker_id, "text": said,
                                "first_seen": statement_day or published})
                            if draw < 0.88:
                                latest[speaker_id] = (before + [(statement_id, said)])[-5:]
                        rows["statement_quotes"].append({
                            "quote_id": quote_id, "statement_id": statement_id,
                            "score": 100.0 if reason == "first seen" else 90.0, "reason": reason})
                rows["documents"].append({
                    "id": d, "source": f"https://{outlet.split()[1].lower()}.example/{d}",
                    "url": f"https://{outlet.split()[1].lower()}.example/{d}",
                    "content_hash": f"{d:064x}", "title": sentence(rng, words, weights)[:80],
                    "outlet": outlet, "author": None, "published": published,
                    "text": text.strip(), "ingested_at": "2025-01-01 00:00:00.000000"})
            for table, table_rows in rows.items():
                _load(connection, table, table_rows)
            quotes_made = ids["quote"]
            echo(f"  {min(first + DOCUMENTS_PER_CHUNK, n_documents):,} documents, "
                 f"{quotes_made:,} quotes", flush=True)
        # The statements are written here as grouping makes them: nothing is left to group.
        connection.execute(delete(models.SpeakerToGroup))
        if connection.dialect.name == "postgresql":
            for table in ("documents", "speakers", "speaker_aliases", "speaker_roles", "quotes",
                          "statements"):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))")
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


def _reworded(rng: random.Random, text: str, content_words: list[str]) -> str:
    """`text` with one word replaced."""
    changed = text.split()
    changed[rng.randrange(len(changed))] = rng.choice(content_words)
    return " ".join(changed)


def _load(connection, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (dicts with the same keys) into `table`: COPY on PostgreSQL,
    executemany on SQLite."""
    if not rows:
        return
    columns = list(rows[0])
    dbapi = connection.connection.driver_connection
    if connection.dialect.name == "postgresql":
        with dbapi.cursor() as cursor, cursor.copy(
                f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        return
    cursor = dbapi.cursor()
    cursor.executemany(
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        ([_sqlite(row[c]) for c in columns] for row in rows))
    cursor.close()


def _sqlite(value: Any) -> Any:
    """A value as SQLAlchemy stores it in SQLite (dates as ISO text)."""
    return value.isoformat() if isinstance(value, date) else value


def open_generated(url: str, n_quotes: int, *, seed: int = SEED, echo=print) -> Engine:
    """An engine on the generated database at `url`, built first unless it already holds
    quotes (a database built earlier with the same size is reused: say so with --db).
    A PostgreSQL database that does not exist is created."""
    url = database_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        _create_postgresql_database(url)
    engine = open_database(url)
    with session(engine) as db:
        stored = db.scalar(select(func.count(models.Quote.id)))
    if not stored:
        echo(f"generating about {n_quotes:,} quotes into {engine.url.render_as_string()}",
             flush=True)
        _fill(engine, n_quotes, seed, echo)
    else:
        echo(f"using the {stored:,} quotes already in {engine.url.render_as_string()}")
    return engine


def _create_postgresql_database(url: str) -> None:
    import psycopg

    parsed = make_url(url)
    admin = parsed.set(drivername="postgresql", database="postgres").render_as_string(
        hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                  [parsed.database]).fetchone():
            connection.execute(f'CREATE DATABASE "{parsed.database}"')


def sample_quotes(engine: Engine, n: int, rng: random.Random, *, named: bool = True
                  ) -> list[tuple[str, str, int, int]]:
    """`n` stored quotes drawn at random: (speaker name, content, quote id, speaker id),
    by named speakers (people and organisations) unless `named` is False."""
    with session(engine) as db:
        top = db.scalar(select(func.max(models.Quote.id)))
        out: list[tuple[str, str, int, int]] = []
        while len(out) < n:
            ids = rng.sample(range(1, top + 1), min(top, 4 * (n - len(out))))
            query = (select(models.Speaker.name, models.Quote.content, models.Quote.id,
                            models.Speaker.id)
                     .join(models.Speaker, models.Speaker.id == models.Quote.speaker_id)
                     .where(models.Quote.id.in_(ids), models.Quote.type == "speech",
                            models.Quote.kind == "direct"))
            if named:
                query = query.where(models.Speaker.kind.in_(("person", "organisation")))
            out += [tuple(row) for row in db.execute(query)]
        return out[:n]


def speakers_by_size(engine: Engine) -> list[tuple[int, str, int]]:
    """Every named speaker as (id, name, quotes), most quoted first."""
    with session(engine) as db:
        rows = db.execute(text(
            "SELECT s.id, s.name, count(q.id) AS n FROM speakers s JOIN quotes q"
            " ON q.speaker_id = s.id WHERE s.kind IN ('person', 'organisation')"
            " GROUP BY s.id, s.name ORDER BY n DESC, s.id"))
        return [tuple(row) for row in rows]

