"""Speakers whose statements are to be grouped, kept by the database: grouping at the end
of a run reads them instead of every quote.

At the end of every ingest, quotes in no statement yet are grouped, and quotes whose
speaker changed since they were grouped (a merge or split) placed again. Finding them
read every quote and every membership: 0.2 s at 100,000 quotes, about 2 s at a
million, several times a run, however few articles the run brought. The table
`speakers_to_group` (speaker_id) now lists the speakers whose quotes changed since
their statements were last grouped: triggers on `quotes` add a quote's speaker when
the quote is inserted or deleted, and the old and the new speaker when its speaker
changes; a trigger on `statement_quotes` adds the quote's and the statement's speaker
when a quote leaves a statement (reprocess takes apart a statement whose quote changed
words); so every writer is covered (ingest, reprocess, curation and its undo, bulk
loads); grouping takes the rows it dealt with away in the same transaction. No
foreign key: a speaker being deleted deletes its quotes, whose trigger names it again
(grouping skips speakers that are gone). Existing speakers with a quote in no
statement, in another speaker's statement, or with a statement of no quote are listed
here.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Not INSERT OR IGNORE: a delete cascading from `speakers` runs the trigger under the
# outer statement's conflict policy, which overrides the trigger's.
SQLITE_ADD = ("INSERT INTO speakers_to_group (speaker_id) SELECT {0} WHERE {0} IS NOT NULL"
              " AND NOT EXISTS (SELECT 1 FROM speakers_to_group WHERE speaker_id = {0});")
SQLITE_UP = [
    "CREATE TRIGGER quotes_to_group_insert AFTER INSERT ON quotes"
    f" WHEN NEW.speaker_id IS NOT NULL BEGIN {SQLITE_ADD.format('NEW.speaker_id')} END",
    "CREATE TRIGGER quotes_to_group_delete AFTER DELETE ON quotes"
    f" WHEN OLD.speaker_id IS NOT NULL BEGIN {SQLITE_ADD.format('OLD.speaker_id')} END",
    "CREATE TRIGGER quotes_to_group_update AFTER UPDATE OF speaker_id ON quotes"
    " WHEN OLD.speaker_id IS NOT NEW.speaker_id BEGIN"
    f" {SQLITE_ADD.format('OLD.speaker_id')} {SQLITE_ADD.format('NEW.speaker_id')} END",
    "CREATE TRIGGER statement_quotes_to_group AFTER DELETE ON statement_quotes BEGIN"
    f" {SQLITE_ADD.format('(SELECT speaker_id FROM statements WHERE id = OLD.statement_id)')}"
    f" {SQLITE_ADD.format('(SELECT speaker_id FROM quotes WHERE id = OLD.quote_id)')} END",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS statement_quotes_to_group",
               "DROP TRIGGER IF EXISTS quotes_to_group_update",
               "DROP TRIGGER IF EXISTS quotes_to_group_delete",
               "DROP TRIGGER IF EXISTS quotes_to_group_insert"]
POSTGRESQL_UP = [
    "CREATE FUNCTION quotes_to_group() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO speakers_to_group (speaker_id) SELECT s FROM (VALUES"
    " (CASE WHEN TG_OP <> 'INSERT' THEN OLD.speaker_id END),"
    " (CASE WHEN TG_OP <> 'DELETE' THEN NEW.speaker_id END)) AS changed (s)"
    " WHERE s IS NOT NULL ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER quotes_to_group AFTER INSERT OR DELETE OR UPDATE OF speaker_id ON quotes"
    " FOR EACH ROW EXECUTE FUNCTION quotes_to_group()",
    "CREATE FUNCTION statement_quotes_to_group() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " INSERT INTO speakers_to_group (speaker_id)"
    " SELECT speaker_id FROM statements WHERE id = OLD.statement_id"
    " UNION SELECT speaker_id FROM quotes WHERE id = OLD.quote_id AND speaker_id IS NOT NULL"
    " ON CONFLICT DO NOTHING; RETURN NULL; END $$",
    "CREATE TRIGGER statement_quotes_to_group AFTER DELETE ON statement_quotes"
    " FOR EACH ROW EXECUTE FUNCTION statement_quotes_to_group()",
]
POSTGRESQL_DOWN = ["DROP TRIGGER IF EXISTS statement_quotes_to_group ON statement_quotes",
                   "DROP FUNCTION IF EXISTS statement_quotes_to_group()",
                   "DROP TRIGGER IF EXISTS quotes_to_group ON quotes",
                   "DROP FUNCTION IF EXISTS quotes_to_group()"]
FILL = (
    "INSERT INTO speakers_to_group (speaker_id)"
    " SELECT speaker_id FROM quotes WHERE speaker_id IS NOT NULL AND NOT EXISTS"
    " (SELECT 1 FROM statement_quotes WHERE quote_id = quotes.id)"
    " UNION SELECT s.speaker_id FROM statements s"
    " JOIN statement_quotes m ON m.statement_id = s.id JOIN quotes q ON q.id = m.quote_id"
    " WHERE q.speaker_id IS NULL OR q.speaker_id <> s.speaker_id"
    " UNION SELECT q.speaker_id FROM statements s"
    " JOIN statement_quotes m ON m.statement_id = s.id JOIN quotes q ON q.id = m.quote_id"
    " WHERE q.speaker_id <> s.speaker_id"
    " UNION SELECT speaker_id FROM statements WHERE NOT EXISTS"
    " (SELECT 1 FROM statement_quotes WHERE statement_id = statements.id)"
)


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.create_table(
        "speakers_to_group",
        sa.Column("speaker_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("speaker_id", name=op.f("pk_speakers_to_group")),
    )
    op.execute(FILL)
    for statement in POSTGRESQL_UP if postgresql else SQLITE_UP:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_DOWN if postgresql else SQLITE_DOWN:
        op.execute(statement)
    op.drop_table("speakers_to_group")
