"""A speaker's quotes counted by outlet and by the ways the speaker was written, kept by
the database: a profile reads a few dozen rows instead of every quote of the speaker.

At a million quotes a profile of the most quoted speaker (80,000 quotes) took 250 ms on
either backend: grouping the speaker's quotes by outlet, and for each alias counting the
documents where the speaker was written that way, read every one of those quotes'
index entries, and its roles every role row. Three small tables now hold those counts:
- speaker_outlets (speaker_id, outlet, quotes): the speaker's quotes per outlet (the
  quote's copy of its article's outlet, migration 0009);
- speaker_written (speaker_id, forms, documents): for each set of ways one speaker was
  written in one document (the distinct non-null `quotes.speaker_as_written` of the
  speaker's quotes there, as a JSON array sorted by the database), how many documents.
  A profile groups the forms by alias key in Python (titles dropped: "President X" is
  "X"), which SQL cannot do; a document counts once for an alias however many of its
  forms carry that key, since the whole set is one row. The top speaker has ~1,000;
- speaker_role_counts (speaker_id, role, organisation, documents, first_id,
  first_published, last_published): a role's rows (one a document) counted, the first
  stored one (a profile lists roles in that order) and the first and last date, which
  the triggers read again by a seek to each end of the roles' index (0009) when a row
  of the group goes or its date changes (the 35,000 role rows of the top speaker took
  11 ms to group on PostgreSQL).
The database keeps them, so every writer is covered (ingest, reprocess, curation and
its undo, deleted documents and speakers, bulk loads): triggers on `quotes` move the
counts when a quote is inserted or deleted, or its speaker, document, written form (or,
on PostgreSQL, outlet) changes, and on SQLite a trigger on `documents` moves them when
an article's outlet changes; triggers on `speaker_roles` do the same for roles. A row
goes when nothing is counted in it any more. Existing rows are counted here; downgrade
drops triggers, functions and tables.

PostgreSQL: BEFORE row triggers, which see the rows an earlier row of the same
statement wrote (AFTER row triggers run at the end of a statement and would see them
all, COPY included); named to run after quotes_said (0009), which sets the outlet.
They only note each change in speaker_counts_pending; a deferred trigger applies the
notes at commit, summed, once a count row: updating a count row at each quote made a
merge of a 25,612-quote speaker take 263 s instead of 10 (each update leaves a row
version that later ones read past until the transaction ends). So on PostgreSQL the
counts are the committed quotes' (a profile read inside a writing transaction sees the
counts as they were when it began).
SQLite: AFTER row triggers (run at each row), reading the article's outlet from
`documents`: 0009's trigger sets the quote's copy only after the insert. Roles: AFTER
row triggers on both (the dates are read again from the rows as they are then).
speaker_written's lookup index: (speaker_id, forms) unique on SQLite; on PostgreSQL,
whose btree entries are limited to ~2,700 bytes (a long set would fail an ingest), a
hash index on forms, with one on speaker_id for reading.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# The ways speaker S was written in document D, leaving out the quote SKIP and adding
# the form EXTRA (when not NULL): a sorted JSON array, or NULL when there are none.
SQLITE_FORMS = (
    "(SELECT nullif(json_group_array(w), '[]') FROM ("
    "SELECT speaker_as_written AS w FROM quotes WHERE document_id = {d} AND +speaker_id = {s}"
    " AND id <> {skip} AND speaker_as_written IS NOT NULL"
    " UNION SELECT {extra} WHERE {extra} IS NOT NULL ORDER BY 1))"
)


def _sqlite_written(s: str, d: str, skip: str, extra_before: str, extra_after: str,
                    *, differ: bool = False) -> str:
    """Statements moving one document of speaker `s` from the set of forms it had (with
    `extra_before`) to the one it has (with `extra_after`), when they differ (known to
    when `differ`: the trigger's WHEN says so)."""
    before = SQLITE_FORMS.format(s=s, d=d, skip=skip, extra=extra_before)
    after = SQLITE_FORMS.format(s=s, d=d, skip=skip, extra=extra_after)
    changed = "1" if differ else f"{s} IS NOT NULL AND {before} IS NOT {after}"
    return (
        f"UPDATE speaker_written SET documents = documents - 1"
        f" WHERE speaker_id = {s} AND forms = {before} AND {changed};"
        f" DELETE FROM speaker_written WHERE speaker_id = {s} AND forms = {before}"
        f" AND documents <= 0;"
        f" INSERT INTO speaker_written (speaker_id, forms, documents) SELECT {s}, {after}, 1"
        f" WHERE {after} IS NOT NULL AND {changed}"
        f" ON CONFLICT (speaker_id, forms) DO UPDATE SET documents = documents + 1;"
    )


def _sqlite_outlet(s: str, outlet: str, delta: int) -> str:
    """Statements adding `delta` (1 or -1) quotes of speaker `s` in `outlet` (a row is
    made for 1 only: a speaker being deleted has its rows deleted, not made again)."""
    where = f"speaker_id = {s} AND outlet IS {outlet}"
    if delta < 0:
        return (f" UPDATE speaker_outlets SET quotes = quotes - 1 WHERE {where};"
                f" DELETE FROM speaker_outlets WHERE {where} AND quotes <= 0;")
    return (
        f"INSERT INTO speaker_outlets (speaker_id, outlet, quotes) SELECT {s}, {outlet}, 0"
        f" WHERE {s} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM speaker_outlets WHERE {where});"
        f" UPDATE speaker_outlets SET quotes = quotes + 1 WHERE {where};"
    )


def _sqlite_new_form(row: str) -> str:
    """Whether `row` (NEW or OLD) is the only quote of its speaker written its way in its
    document: inserting or deleting it changes the document's set of forms."""
    return (f"{row}.speaker_id IS NOT NULL AND {row}.speaker_as_written IS NOT NULL"
            f" AND NOT EXISTS (SELECT 1 FROM quotes WHERE document_id = {row}.document_id"
            f" AND +speaker_id = {row}.speaker_id"
            f" AND speaker_as_written = {row}.speaker_as_written AND id <> {row}.id)")


NEW_OUTLET = "(SELECT outlet FROM documents WHERE id = NEW.document_id)"
SQLITE_UP = [
    "CREATE TRIGGER quotes_counts_insert AFTER INSERT ON quotes"
    " WHEN NEW.speaker_id IS NOT NULL BEGIN "
    + _sqlite_outlet("NEW.speaker_id", NEW_OUTLET, 1) + " END",
    f"CREATE TRIGGER quotes_written_insert AFTER INSERT ON quotes WHEN {_sqlite_new_form('NEW')}"
    " BEGIN " + _sqlite_written("NEW.speaker_id", "NEW.document_id", "NEW.id", "NULL",
                                "NEW.speaker_as_written", differ=True) + " END",
    "CREATE TRIGGER quotes_counts_delete AFTER DELETE ON quotes"
    " WHEN OLD.speaker_id IS NOT NULL BEGIN "
    + _sqlite_outlet("OLD.speaker_id", "OLD.outlet", -1) + " END",
    f"CREATE TRIGGER quotes_written_delete AFTER DELETE ON quotes WHEN {_sqlite_new_form('OLD')}"
    " BEGIN " + _sqlite_written("OLD.speaker_id", "OLD.document_id", "OLD.id",
                                "OLD.speaker_as_written", "NULL", differ=True) + " END",
    # The quote leaves its old speaker and document, then joins its new ones (in this order:
    # the second step starts from what the first left).
    "CREATE TRIGGER quotes_counts_update AFTER UPDATE OF speaker_id, document_id,"
    " speaker_as_written ON quotes WHEN OLD.speaker_id IS NOT NEW.speaker_id"
    " OR OLD.document_id IS NOT NEW.document_id"
    " OR OLD.speaker_as_written IS NOT NEW.speaker_as_written BEGIN "
    + _sqlite_outlet("(CASE WHEN OLD.speaker_id IS NOT NEW.speaker_id"
                     " OR OLD.document_id IS NOT NEW.document_id THEN OLD.speaker_id END)",
                     "OLD.outlet", -1)
    + _sqlite_outlet("(CASE WHEN OLD.speaker_id IS NOT NEW.speaker_id"
                     " OR OLD.document_id IS NOT NEW.document_id THEN NEW.speaker_id END)",
                     NEW_OUTLET, 1)
    + _sqlite_written("OLD.speaker_id", "OLD.document_id", "OLD.id", "OLD.speaker_as_written",
                      "NULL")
    + _sqlite_written("NEW.speaker_id", "NEW.document_id", "NEW.id", "NULL",
                      "NEW.speaker_as_written")
    + " END",
    # An article's outlet changes (0009 copies it to its quotes): its quotes' counts move.
    "CREATE TRIGGER documents_counts_outlet AFTER UPDATE OF outlet ON documents"
    " WHEN OLD.outlet IS NOT NEW.outlet BEGIN"
    " INSERT INTO speaker_outlets (speaker_id, outlet, quotes)"
    " SELECT DISTINCT speaker_id, NEW.outlet, 0 FROM quotes AS q WHERE document_id = NEW.id"
    " AND speaker_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM speaker_outlets AS o"
    " WHERE o.speaker_id = q.speaker_id AND o.outlet IS NEW.outlet);"
    " UPDATE speaker_outlets SET quotes = quotes + (SELECT count(*) FROM quotes AS q"
    " WHERE q.document_id = NEW.id AND q.speaker_id = speaker_outlets.speaker_id)"
    " WHERE outlet IS NEW.outlet AND speaker_id IN"
    " (SELECT speaker_id FROM quotes WHERE document_id = NEW.id);"
    " UPDATE speaker_outlets SET quotes = quotes - (SELECT count(*) FROM quotes AS q"
    " WHERE q.document_id = NEW.id AND q.speaker_id = speaker_outlets.speaker_id)"
    " WHERE outlet IS OLD.outlet AND speaker_id IN"
    " (SELECT speaker_id FROM quotes WHERE document_id = NEW.id);"
    " DELETE FROM speaker_outlets WHERE outlet IS OLD.outlet AND quotes <= 0 AND speaker_id IN"
    " (SELECT speaker_id FROM quotes WHERE document_id = NEW.id); END",
]


def _role_group(row: str) -> str:
    """The speaker_role_counts row of `row`'s (OLD or NEW) speaker, role and organisation."""
    return (f"speaker_id = {row}.speaker_id AND role = {row}.role"
            f" AND organisation IS {row}.organisation")


def _sqlite_role_dates(row: str, gone: str) -> str:
    """Statement setting the first and last date of `row`'s role group (a seek to each end
    of the index on (speaker_id, role, organisation, published, ...)), and its first stored
    row when that was `gone` (then the group's rows are read: rare)."""
    seek = (f"(SELECT published FROM speaker_roles WHERE {_role_group(row)}"
            " AND published IS NOT NULL ORDER BY published {order} LIMIT 1)")
    return (f" UPDATE speaker_role_counts SET first_published = {seek.format(order='ASC')},"
            f" last_published = {seek.format(order='DESC')},"
            f" first_id = CASE WHEN first_id IS {gone} THEN"
            f" (SELECT min(id) FROM speaker_roles WHERE {_role_group(row)}) ELSE first_id END"
            f" WHERE {_role_group(row)};")


def _sqlite_role_add(row: str) -> str:
    group = _role_group(row)
    return (f" INSERT INTO speaker_role_counts (speaker_id, role, organisation, documents,"
            f" first_id) SELECT {row}.speaker_id, {row}.role, {row}.organisation, 0, {row}.id"
            f" WHERE NOT EXISTS (SELECT 1 FROM speaker_role_counts WHERE {group});"
            f" UPDATE speaker_role_counts SET documents = documents + 1,"
            f" first_id = min(first_id, {row}.id) WHERE {group};"
            + _sqlite_role_dates(row, "NULL"))


def _sqlite_role_remove(row: str) -> str:
    group = _role_group(row)
    return (f" UPDATE speaker_role_counts SET documents = documents - 1 WHERE {group};"
            f" DELETE FROM speaker_role_counts WHERE {group} AND documents <= 0;"
            + _sqlite_role_dates(row, f"{row}.id"))


SAME_ROLE_GROUP = ("OLD.speaker_id IS NEW.speaker_id AND OLD.role IS NEW.role"
                   " AND OLD.organisation IS NEW.organisation")
SQLITE_UP += [
    "CREATE TRIGGER speaker_roles_counts_insert AFTER INSERT ON speaker_roles BEGIN"
    + _sqlite_role_add("NEW") + " END",
    "CREATE TRIGGER speaker_roles_counts_delete AFTER DELETE ON speaker_roles BEGIN"
    + _sqlite_role_remove("OLD") + " END",
    "CREATE TRIGGER speaker_roles_counts_update AFTER UPDATE OF speaker_id, role, organisation"
    f" ON speaker_roles WHEN NOT ({SAME_ROLE_GROUP}) BEGIN"
    + _sqlite_role_remove("OLD") + _sqlite_role_add("NEW") + " END",
    # Its article's date changed (0009 copies it), or was just copied after an insert.
    "CREATE TRIGGER speaker_roles_counts_published AFTER UPDATE OF published ON speaker_roles"
    f" WHEN {SAME_ROLE_GROUP} BEGIN" + _sqlite_role_dates("NEW", "NULL") + " END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS speaker_roles_counts_published",
               "DROP TRIGGER IF EXISTS speaker_roles_counts_update",
               "DROP TRIGGER IF EXISTS speaker_roles_counts_delete",
               "DROP TRIGGER IF EXISTS speaker_roles_counts_insert",
               "DROP TRIGGER IF EXISTS documents_counts_outlet",
               "DROP TRIGGER IF EXISTS quotes_counts_update",
               "DROP TRIGGER IF EXISTS quotes_written_delete",
               "DROP TRIGGER IF EXISTS quotes_counts_delete",
               "DROP TRIGGER IF EXISTS quotes_written_insert",
               "DROP TRIGGER IF EXISTS quotes_counts_insert"]
SQLITE_FILL_WRITTEN = (
    "INSERT INTO speaker_written (speaker_id, forms, documents)"
    " SELECT speaker_id, forms, count(*) FROM (SELECT p.speaker_id, "
    + SQLITE_FORMS.format(s="p.speaker_id", d="p.document_id", skip="-1", extra="NULL")
    + " AS forms FROM (SELECT DISTINCT speaker_id, document_id FROM quotes"
    " WHERE speaker_id IS NOT NULL AND speaker_as_written IS NOT NULL) AS p)"
    " GROUP BY speaker_id, forms"
)

POSTGRESQL_UP = [
    # Each count row is found by an index on all of its key (outlet: = or IS NULL; a set:
    # the hash index alone): a transaction that changes one row many times (a merge)
    # leaves a version of it each time, and a lookup by speaker alone would read them all.
    # PL/pgSQL, whose query plans a session keeps (an SQL function's is made at each call).
    # "speaker_id + 0", here and below, keeps the speaker's indexes out: a generic plan
    # may prefer them to the document's, and read a prolific speaker's 80,000 entries.
    "CREATE FUNCTION speaker_forms(s integer, d integer, skip integer, extra text) RETURNS text"
    " LANGUAGE plpgsql AS $$ BEGIN RETURN (SELECT json_agg(w ORDER BY w)::text FROM ("
    "SELECT speaker_as_written AS w FROM quotes WHERE document_id = d AND speaker_id + 0 = s"
    " AND id <> skip AND speaker_as_written IS NOT NULL"
    " UNION SELECT extra WHERE extra IS NOT NULL) AS f); END $$",
    # The row triggers only note what changes (speaker_counts_pending: insert-only);
    # the counts take it at commit, once a row per transaction (speaker_counts_apply).
    "CREATE FUNCTION speaker_written_move(s integer, before text, after text) RETURNS void"
    " LANGUAGE plpgsql AS $$ BEGIN"
    " IF before IS NOT DISTINCT FROM after THEN RETURN; END IF;"
    " INSERT INTO speaker_counts_pending (kind, speaker_id, key, delta)"
    " SELECT 'w', s, f, d FROM (VALUES (before, -1), (after, 1)) AS v(f, d)"
    " WHERE f IS NOT NULL; END $$",
    "CREATE FUNCTION speaker_outlets_add(s integer, o text, delta integer) RETURNS void"
    " LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO speaker_counts_pending (kind, speaker_id, key, delta)"
    " VALUES ('o', s, o, delta); END $$",
    "CREATE FUNCTION speaker_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$"
    " DECLARE r record; BEGIN"
    " IF current_setting('quotes.counts_applied', true) = txid_current()::text THEN"
    "  RETURN NULL;"
    " END IF;"
    " PERFORM set_config('quotes.counts_applied', txid_current()::text, true);"
    " FOR r IN WITH taken AS (DELETE FROM speaker_counts_pending RETURNING *)"
    "  SELECT kind, speaker_id, key, sum(delta)::integer AS delta FROM taken"
    "  GROUP BY kind, speaker_id, key HAVING sum(delta) <> 0 LOOP"
    "  IF r.kind = 'o' AND r.key IS NULL THEN"
    "   UPDATE speaker_outlets SET quotes = quotes + r.delta"
    "   WHERE speaker_id = r.speaker_id AND outlet IS NULL;"
    "  ELSIF r.kind = 'o' THEN"
    "   UPDATE speaker_outlets SET quotes = quotes + r.delta"
    "   WHERE speaker_id = r.speaker_id AND outlet = r.key;"
    "  ELSE"
    "   UPDATE speaker_written SET documents = documents + r.delta"
    "   WHERE speaker_id + 0 = r.speaker_id AND forms = r.key;"
    "  END IF;"
    "  IF NOT FOUND AND r.delta > 0 AND r.kind = 'o' THEN"
    "   INSERT INTO speaker_outlets (speaker_id, outlet, quotes)"
    "   VALUES (r.speaker_id, r.key, r.delta);"
    "  ELSIF NOT FOUND AND r.delta > 0 THEN"
    "   INSERT INTO speaker_written (speaker_id, forms, documents)"
    "   VALUES (r.speaker_id, r.key, r.delta);"
    "  ELSIF r.delta < 0 AND r.kind = 'o' THEN"
    "   DELETE FROM speaker_outlets WHERE speaker_id = r.speaker_id"
    "   AND outlet IS NOT DISTINCT FROM r.key AND quotes <= 0;"
    "  ELSIF r.delta < 0 THEN"
    "   DELETE FROM speaker_written WHERE speaker_id + 0 = r.speaker_id AND forms = r.key"
    "   AND documents <= 0;"
    "  END IF;"
    " END LOOP; RETURN NULL; END $$",
    "CREATE CONSTRAINT TRIGGER speaker_counts_pending_apply AFTER INSERT"
    " ON speaker_counts_pending DEFERRABLE INITIALLY DEFERRED"
    " FOR EACH ROW EXECUTE FUNCTION speaker_counts_apply()",
    # The quote leaves its old speaker (and document), then joins its new ones; a step
    # changes a set only when no other quote there is written the same way (checked
    # first, a seek by document: often there is one).
    "CREATE FUNCTION quotes_summary() RETURNS trigger LANGUAGE plpgsql AS $$"
    " DECLARE counted boolean := true; written boolean := true; BEGIN"
    " IF TG_OP = 'UPDATE' THEN"
    "  counted := OLD.speaker_id IS DISTINCT FROM NEW.speaker_id"
    "   OR OLD.outlet IS DISTINCT FROM NEW.outlet;"
    "  written := OLD.speaker_id IS DISTINCT FROM NEW.speaker_id"
    "   OR OLD.document_id IS DISTINCT FROM NEW.document_id"
    "   OR OLD.speaker_as_written IS DISTINCT FROM NEW.speaker_as_written;"
    " END IF;"
    " IF TG_OP <> 'INSERT' AND OLD.speaker_id IS NOT NULL THEN"
    "  IF counted THEN PERFORM speaker_outlets_add(OLD.speaker_id, OLD.outlet, -1); END IF;"
    "  IF written AND OLD.speaker_as_written IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quotes"
    "   WHERE document_id = OLD.document_id AND speaker_id + 0 = OLD.speaker_id"
    "   AND speaker_as_written = OLD.speaker_as_written AND id <> OLD.id)"
    "  THEN PERFORM speaker_written_move(OLD.speaker_id,"
    "   speaker_forms(OLD.speaker_id, OLD.document_id, OLD.id, OLD.speaker_as_written),"
    "   speaker_forms(OLD.speaker_id, OLD.document_id, OLD.id, NULL)); END IF;"
    " END IF;"
    " IF TG_OP <> 'DELETE' AND NEW.speaker_id IS NOT NULL THEN"
    "  IF counted THEN PERFORM speaker_outlets_add(NEW.speaker_id, NEW.outlet, 1); END IF;"
    "  IF written AND NEW.speaker_as_written IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quotes"
    "   WHERE document_id = NEW.document_id AND speaker_id + 0 = NEW.speaker_id"
    "   AND speaker_as_written = NEW.speaker_as_written AND id <> NEW.id)"
    "  THEN PERFORM speaker_written_move(NEW.speaker_id,"
    "   speaker_forms(NEW.speaker_id, NEW.document_id, NEW.id, NULL),"
    "   speaker_forms(NEW.speaker_id, NEW.document_id, NEW.id, NEW.speaker_as_written)); END IF;"
    " END IF;"
    " IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$",
    "CREATE TRIGGER quotes_summary BEFORE INSERT OR DELETE"
    " OR UPDATE OF speaker_id, document_id, speaker_as_written, outlet"
    " ON quotes FOR EACH ROW EXECUTE FUNCTION quotes_summary()",
]
# A role group's first and last date (a seek to each end of the index on (speaker_id,
# role, organisation, published, ...): organisation compared with = or IS NULL, which
# the index can seek), and its first stored row when that was GONE.
POSTGRESQL_UP += [
    "CREATE FUNCTION speaker_role_dates(s integer, r text, o text, gone integer) RETURNS void"
    " LANGUAGE plpgsql AS $$ DECLARE f date; l date; BEGIN"
    " IF o IS NULL THEN"
    "  SELECT published INTO f FROM speaker_roles WHERE speaker_id = s AND role = r"
    "  AND organisation IS NULL AND published IS NOT NULL ORDER BY published LIMIT 1;"
    "  SELECT published INTO l FROM speaker_roles WHERE speaker_id = s AND role = r"
    "  AND organisation IS NULL AND published IS NOT NULL ORDER BY published DESC LIMIT 1;"
    " ELSE"
    "  SELECT published INTO f FROM speaker_roles WHERE speaker_id = s AND role = r"
    "  AND organisation = o AND published IS NOT NULL ORDER BY published LIMIT 1;"
    "  SELECT published INTO l FROM speaker_roles WHERE speaker_id = s AND role = r"
    "  AND organisation = o AND published IS NOT NULL ORDER BY published DESC LIMIT 1;"
    " END IF;"
    " UPDATE speaker_role_counts SET first_published = f, last_published = l,"
    " first_id = CASE WHEN first_id = gone THEN (SELECT min(id) FROM speaker_roles"
    " WHERE speaker_id = s AND role = r AND organisation IS NOT DISTINCT FROM o)"
    " ELSE first_id END"
    " WHERE speaker_id = s AND role = r AND organisation IS NOT DISTINCT FROM o; END $$",
    # AFTER row triggers: the dates are read again from the rows as they are at the end.
    "CREATE FUNCTION speaker_roles_counts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP = 'UPDATE' AND OLD.speaker_id = NEW.speaker_id AND OLD.role = NEW.role"
    "  AND OLD.organisation IS NOT DISTINCT FROM NEW.organisation THEN"
    "  PERFORM speaker_role_dates(NEW.speaker_id, NEW.role, NEW.organisation, NULL);"
    "  RETURN NULL;"
    " END IF;"
    " IF TG_OP <> 'INSERT' THEN"
    "  UPDATE speaker_role_counts SET documents = documents - 1 WHERE speaker_id = OLD.speaker_id"
    "  AND role = OLD.role AND organisation IS NOT DISTINCT FROM OLD.organisation;"
    "  DELETE FROM speaker_role_counts WHERE speaker_id = OLD.speaker_id AND role = OLD.role"
    "  AND organisation IS NOT DISTINCT FROM OLD.organisation AND documents <= 0;"
    "  PERFORM speaker_role_dates(OLD.speaker_id, OLD.role, OLD.organisation, OLD.id);"
    " END IF;"
    " IF TG_OP <> 'DELETE' THEN"
    "  UPDATE speaker_role_counts SET documents = documents + 1,"
    "  first_id = least(first_id, NEW.id) WHERE speaker_id = NEW.speaker_id"
    "  AND role = NEW.role AND organisation IS NOT DISTINCT FROM NEW.organisation;"
    "  IF NOT FOUND THEN"
    "   INSERT INTO speaker_role_counts (speaker_id, role, organisation, documents, first_id)"
    "   VALUES (NEW.speaker_id, NEW.role, NEW.organisation, 1, NEW.id);"
    "  END IF;"
    "  PERFORM speaker_role_dates(NEW.speaker_id, NEW.role, NEW.organisation, NULL);"
    " END IF;"
    " RETURN NULL; END $$",
    "CREATE TRIGGER speaker_roles_counts AFTER INSERT OR DELETE"
    " OR UPDATE OF speaker_id, role, organisation, published"
    " ON speaker_roles FOR EACH ROW EXECUTE FUNCTION speaker_roles_counts()",
]
POSTGRESQL_DOWN = ["DROP TRIGGER IF EXISTS speaker_counts_pending_apply"
                   " ON speaker_counts_pending",
                   "DROP FUNCTION IF EXISTS speaker_counts_apply()",
                   "DROP TRIGGER IF EXISTS speaker_roles_counts ON speaker_roles",
                   "DROP FUNCTION IF EXISTS speaker_roles_counts()",
                   "DROP FUNCTION IF EXISTS speaker_role_dates(integer, text, text, integer)",
                   "DROP TRIGGER IF EXISTS quotes_summary ON quotes",
                   "DROP FUNCTION IF EXISTS quotes_summary()",
                   "DROP FUNCTION IF EXISTS speaker_outlets_add(integer, text, integer)",
                   "DROP FUNCTION IF EXISTS speaker_written_move(integer, text, text)",
                   "DROP FUNCTION IF EXISTS speaker_forms(integer, integer, integer, text)"]
POSTGRESQL_FILL_WRITTEN = (
    "INSERT INTO speaker_written (speaker_id, forms, documents)"
    " SELECT speaker_id, forms, count(*) FROM (SELECT speaker_id,"
    " json_agg(DISTINCT speaker_as_written ORDER BY speaker_as_written)::text AS forms"
    " FROM quotes WHERE speaker_id IS NOT NULL AND speaker_as_written IS NOT NULL"
    " GROUP BY speaker_id, document_id) AS p GROUP BY speaker_id, forms"
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "speaker_outlets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("outlet", sa.String(length=256), nullable=True),
        sa.Column("quotes", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_outlets_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_outlets")),
    )
    op.create_index("ix_speaker_outlets_speaker_id_outlet", "speaker_outlets",
                    ["speaker_id", "outlet"])
    op.create_table(
        "speaker_written",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("forms", sa.Text(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_written_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_written")),
    )
    if postgresql:
        op.create_index("ix_speaker_written_speaker_id", "speaker_written", ["speaker_id"])
        op.create_index("ix_speaker_written_forms", "speaker_written", ["forms"],
                        postgresql_using="hash")
    else:
        op.create_index("ix_speaker_written_speaker_id_forms", "speaker_written",
                        ["speaker_id", "forms"], unique=True)
    op.create_table(
        "speaker_role_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=1024), nullable=False),
        sa.Column("organisation", sa.String(length=512), nullable=True),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.Column("first_id", sa.Integer(), nullable=False),
        sa.Column("first_published", sa.Date(), nullable=True),
        sa.Column("last_published", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(["speaker_id"], ["speakers.id"], ondelete="CASCADE",
                                name=op.f("fk_speaker_role_counts_speaker_id_speakers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_role_counts")),
    )
    op.create_index("ix_speaker_role_counts_speaker_id", "speaker_role_counts", ["speaker_id"])
    if postgresql:  # what the row triggers noted, until the transaction commits
        op.create_table(
            "speaker_counts_pending",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=1), nullable=False),
            sa.Column("speaker_id", sa.Integer(), nullable=False),
            sa.Column("key", sa.Text(), nullable=True),
            sa.Column("delta", sa.Integer(), nullable=False),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_counts_pending")),
        )
    # Existing rows counted, then the triggers that keep the counts.
    op.execute("INSERT INTO speaker_role_counts (speaker_id, role, organisation, documents,"
               " first_id, first_published, last_published)"
               " SELECT speaker_id, role, organisation, count(*), min(id), min(published),"
               " max(published) FROM speaker_roles GROUP BY speaker_id, role, organisation")
    op.execute("INSERT INTO speaker_outlets (speaker_id, outlet, quotes)"
               " SELECT speaker_id, outlet, count(*) FROM quotes WHERE speaker_id IS NOT NULL"
               " GROUP BY speaker_id, outlet")
    op.execute(POSTGRESQL_FILL_WRITTEN if postgresql else SQLITE_FILL_WRITTEN)
    for statement in POSTGRESQL_UP if postgresql else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DOWN if postgresql else SQLITE_DOWN:
        op.execute(statement)
    if postgresql:
        op.drop_table("speaker_counts_pending")
    op.drop_table("speaker_role_counts")
    op.drop_table("speaker_written")
    op.drop_table("speaker_outlets")
