"""The database schema: documents, speakers (with aliases and roles) and quotes.

One `Base` with a constraint naming convention, so that Alembic migrations can
name, alter and drop every constraint the same way on SQLite and PostgreSQL.
Full-text search tables/indexes are not models: the migrations create them
(FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL), see `quotes.db.search`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Enum,
    FetchedValue,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    column,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SPEAKER_KINDS = ("person", "organisation", "group", "unnamed")
QUOTE_KINDS = ("direct", "mixed", "indirect")
# What kind of attribution: said, believed, intended, or stated by a document ("polls show").
QUOTE_TYPES = ("speech", "belief", "intention", "document")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Document(Base):
    """One ingested article. The same text twice is one row (content_hash)."""

    __tablename__ = "documents"
    # What a speaker's quotes are grouped and ordered by, without the text (migration 0008).
    __table_args__ = (Index("ix_documents_id_published", "id",
                            postgresql_include=["published", "outlet"]),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(2048))  # absolute path, URL, or stdin's name
    url: Mapped[str | None] = mapped_column(String(2048))  # the article's address, when known
    external_id: Mapped[str | None] = mapped_column(String(512))  # "id" of a JSON record
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of text
    title: Mapped[str | None] = mapped_column(String(1024))
    outlet: Mapped[str | None] = mapped_column(String(256), index=True)
    author: Mapped[str | None] = mapped_column(String(512))
    published: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # What found its quotes (`quotes reprocess` re-detects when they differ from the current ones).
    detector_version: Mapped[str] = mapped_column(String(64), server_default="unknown")
    pipeline: Mapped[str] = mapped_column(String(128), server_default="unknown")  # "blank", "en_core_web_sm-3.8.0"

    quotes: Mapped[list[Quote]] = relationship(
        back_populates="document", cascade="all, delete-orphan", passive_deletes=True
    )


class Speaker(Base):
    """A person, organisation, group or unnamed source.

    An unnamed source ("a senior Ukrainian official") belongs to the document it
    appears in (`document_id`): two unnamed officials in two articles are not one
    person. Named speakers have no document. A speaker merged into another by the
    user keeps its row (so the merge can be undone) with `merged_into_id` set.
    """

    __tablename__ = "speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(
        Enum(*SPEAKER_KINDS, name="speaker_kind", native_enum=False, create_constraint=True)
    )
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("speakers.id", ondelete="SET NULL"), index=True
    )

    aliases: Mapped[list[SpeakerAlias]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", passive_deletes=True
    )
    roles: Mapped[list[SpeakerRole]] = relationship(
        back_populates="speaker", cascade="all, delete-orphan", passive_deletes=True
    )
    quotes: Mapped[list[Quote]] = relationship(back_populates="speaker")


class SpeakerAlias(Base):
    """A surface form of a speaker's name, and its normalised lookup key."""

    __tablename__ = "speaker_aliases"
    __table_args__ = (UniqueConstraint("speaker_id", "normalized"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(String(512))
    normalized: Mapped[str] = mapped_column(String(512), index=True)
    key: Mapped[str] = mapped_column(String(512), index=True, server_default="")  # spelling-variant key
    surname: Mapped[str | None] = mapped_column(String(256), index=True)  # folded surname
    origin: Mapped[str] = mapped_column(String(16), server_default="seen")  # seen, user, removed
    document_id: Mapped[int | None] = mapped_column(  # where first seen
        ForeignKey("documents.id", ondelete="SET NULL")
    )

    speaker: Mapped[Speaker] = relationship(back_populates="aliases")


class SpeakerRole(Base):
    """A title or role as written for a speaker in one document."""

    __tablename__ = "speaker_roles"
    __table_args__ = (
        UniqueConstraint("speaker_id", "document_id", "role"),
        # A speaker's roles over time from the index (migration 0009).
        Index("ix_speaker_roles_speaker_id_published", "speaker_id", "role", "organisation",
              "published", "document_id", "id"),
    )

    __mapper_args__ = {"eager_defaults": False}  # `published`: as in Quote

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(1024))
    organisation: Mapped[str | None] = mapped_column(String(512))
    # The document's publication date, kept by the database's triggers (migration 0009).
    published: Mapped[date | None] = mapped_column(Date, server_default=FetchedValue(),
                                                   server_onupdate=FetchedValue())

    speaker: Mapped[Speaker] = relationship(back_populates="roles")


class SpeakerOutlet(Base):
    """How many quotes a speaker has in one outlet (the quotes' copy of their article's):
    kept by the database's triggers (migration 0010), for a profile. Never written here."""

    __tablename__ = "speaker_outlets"
    __table_args__ = (Index("ix_speaker_outlets_speaker_id_outlet", "speaker_id", "outlet"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    outlet: Mapped[str | None] = mapped_column(String(256))
    quotes: Mapped[int] = mapped_column(Integer)


class SpeakerWritten(Base):
    """How many documents wrote a speaker in exactly these ways: `forms` is the JSON array
    (sorted by the database) of the distinct `speaker_as_written` of the speaker's quotes
    in one document. Kept by the database's triggers (migration 0010), for a profile's
    aliases; never written here."""

    __tablename__ = "speaker_written"
    __table_args__ = (
        # Each set looked up by the triggers: PostgreSQL's btree entries are limited in
        # size, so there a hash index on the set (see migration 0010).
        Index("ix_speaker_written_speaker_id_forms", "speaker_id", "forms",
              unique=True).ddl_if(dialect="sqlite"),
        Index("ix_speaker_written_speaker_id", "speaker_id").ddl_if(dialect="postgresql"),
        Index("ix_speaker_written_forms", "forms",
              postgresql_using="hash").ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"))
    forms: Mapped[str] = mapped_column(Text)
    documents: Mapped[int] = mapped_column(Integer)


class SpeakerRoleCount(Base):
    """A speaker's role as written (role, organisation): in how many documents, the first
    and last of their dates, and its first stored row (`SpeakerRole.id`). Kept by the
    database's triggers (migration 0010), for a profile; never written here."""

    __tablename__ = "speaker_role_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"),
                                            index=True)
    role: Mapped[str] = mapped_column(String(1024))
    organisation: Mapped[str | None] = mapped_column(String(512))
    documents: Mapped[int] = mapped_column(Integer)
    first_id: Mapped[int] = mapped_column(Integer)
    first_published: Mapped[date | None] = mapped_column(Date)
    last_published: Mapped[date | None] = mapped_column(Date)


class SpeakerCountPending(Base):
    """PostgreSQL only: a change to `SpeakerOutlet` (kind "o", key the outlet) or
    `SpeakerWritten` (kind "w", key the set) noted by the row triggers, applied to them at
    commit, once a row (migration 0010: a merge would otherwise change one count row
    thousands of times in a transaction, each time a new row version to read past)."""

    __tablename__ = "speaker_counts_pending"
    __table_args__ = {"info": {"dialect": "postgresql"}}

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(1))
    speaker_id: Mapped[int] = mapped_column(Integer)
    key: Mapped[str | None] = mapped_column(Text)
    delta: Mapped[int] = mapped_column(Integer)


# The columns of the index on a speaker's quotes (migration 0009).
SPEAKER_QUOTES = ("speaker_id", "type", "said_date", "id", "outlet", "published", "document_id",
                  "speaker_as_written")


def include_object_on(dialect: str) -> Callable[..., bool]:
    """Alembic hook for comparing the models with a `dialect` database: leave out the
    indexes made only for another backend (`Index.ddl_if`), which Alembic does not read,
    and the tables only another backend has (`info["dialect"]`)."""
    def include_object(item: Any, _name: str | None, type_: str, reflected: bool, _compare: Any) -> bool:
        if type_ == "table":
            return reflected or item.info.get("dialect") in (None, dialect)
        ddl_if = getattr(item, "_ddl_if", None)
        return reflected or type_ != "index" or ddl_if is None or ddl_if.dialect in (None, dialect)
    return include_object


class Quote(Base):
    """One statement in one document, attributed to a speaker.

    Offsets are character offsets into `documents.text`. `parts` lists the
    pieces of content when the attribution interrupts a quote.
    """

    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_document_id_content_start", "document_id", "content_start"),
        # A speaker's quotes, latest first, read from the index alone (migration 0009):
        # backwards, "said_date DESC NULLS LAST", as SQLite's ascending index sorts NULL
        # first; PostgreSQL's is told to (one index per backend: `include_object_on`).
        Index("ix_quotes_speaker_id_said", *SPEAKER_QUOTES).ddl_if(dialect="sqlite"),
        Index("ix_quotes_speaker_id_said_nulls_first",
              *(column(c).nulls_first() if c == "said_date" else c for c in SPEAKER_QUOTES)
              ).ddl_if(dialect="postgresql"),
        # The articles a speaker was written in one way, for a profile (migration 0009).
        Index("ix_quotes_speaker_id_written", "speaker_id", "speaker_as_written", "published",
              "document_id"),
    )

    # Values set by triggers are expired after a flush, not fetched with RETURNING: on
    # SQLite that returns the row as inserted, before the AFTER trigger fills the copies.
    __mapper_args__ = {"eager_defaults": False}

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    speaker_id: Mapped[int | None] = mapped_column(ForeignKey("speakers.id", ondelete="SET NULL"))
    speaker_as_written: Mapped[str | None] = mapped_column(String(1024))
    speaker_start: Mapped[int | None] = mapped_column(Integer)
    speaker_end: Mapped[int | None] = mapped_column(Integer)
    role: Mapped[str | None] = mapped_column(String(1024))
    content: Mapped[str] = mapped_column(Text)
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    parts: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    kind: Mapped[str] = mapped_column(
        Enum(*QUOTE_KINDS, name="quote_kind", native_enum=False, create_constraint=True)
    )
    type: Mapped[str] = mapped_column(String(16), server_default="speech")  # QUOTE_TYPES
    cue: Mapped[str | None] = mapped_column(String(256))
    cue_lemma: Mapped[str | None] = mapped_column(String(128))
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    medium: Mapped[str | None] = mapped_column(String(512))
    addressee: Mapped[str | None] = mapped_column(String(512))
    statement_when: Mapped[str | None] = mapped_column(String(256))  # as written: "on Friday"
    statement_date: Mapped[date | None] = mapped_column(Date)  # resolved against published
    detector_version: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(128))
    confidence: Mapped[float] = mapped_column(Float)
    # Copies of the document's date and outlet, and the date said (statement date, else
    # published), kept by the database's triggers (migration 0009): never written here,
    # and read back after a write (see __mapper_args__).
    published: Mapped[date | None] = mapped_column(Date, server_default=FetchedValue(),
                                                   server_onupdate=FetchedValue())
    outlet: Mapped[str | None] = mapped_column(String(256), server_default=FetchedValue(),
                                               server_onupdate=FetchedValue())
    said_date: Mapped[date | None] = mapped_column(Date, server_default=FetchedValue(),
                                                   server_onupdate=FetchedValue())

    document: Mapped[Document] = relationship(back_populates="quotes")
    speaker: Mapped[Speaker | None] = relationship(back_populates="quotes")
    # Its place in a statement group, read-only here (grouping writes StatementQuote rows).
    membership: Mapped[StatementQuote | None] = relationship(viewonly=True)

    @property
    def said_on(self) -> date | None:
        """When it was said: the statement date, else the article's publication date."""
        return self.statement_date or self.document.published


class SpeakerOverride(Base):
    """The user's speaker for a quote, by document and content span, kept across re-extraction."""

    __tablename__ = "speaker_overrides"
    __table_args__ = (UniqueConstraint("document_id", "content_start", "content_end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    content_start: Mapped[int] = mapped_column(Integer)
    content_end: Mapped[int] = mapped_column(Integer)
    speaker_id: Mapped[int] = mapped_column(ForeignKey("speakers.id", ondelete="CASCADE"), index=True)


class SpeakerEdit(Base):
    """One curation change in the log, with what undoing it needs (`payload`)."""

    __tablename__ = "speaker_edits"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(String(1024))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    undone_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Statement(Base):
    """What one speaker said, once, however many articles quote it and in what wording.

    Made by `quotes.identity.statements.group_statements` (derived data: it can
    be rebuilt from the quotes at any time). `text` is the canonical wording:
    the earliest direct quote of the group, else its earliest quote.
    """

    __tablename__ = "statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    speaker_id: Mapped[int] = mapped_column(
        ForeignKey("speakers.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    first_seen: Mapped[date | None] = mapped_column(Date)

    members: Mapped[list[StatementQuote]] = relationship(
        back_populates="statement", cascade="all, delete-orphan", passive_deletes=True
    )


class StatementQuote(Base):
    """A quote's place in a statement group, with the score and reason that put it there.

    A quote is in at most one statement (`quote_id` is the key). Kept in its own
    table so that grouping never rewrites `quotes` (nor its full-text triggers).
    """

    __tablename__ = "statement_quotes"

    quote_id: Mapped[int] = mapped_column(
        ForeignKey("quotes.id", ondelete="CASCADE"), primary_key=True
    )
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    score: Mapped[float] = mapped_column(Float)
    reason: Mapped[str] = mapped_column(String(256))

    statement: Mapped[Statement] = relationship(back_populates="members")
    quote: Mapped[Quote] = relationship()



class SpeakerToGroup(Base):
    """A speaker whose quotes changed (inserted, deleted, moved to or from the speaker)
    since the speaker's statements were last grouped: kept by the database's triggers
    (migration 0011), taken away by `quotes.ingest.store.group_pending` once grouped.
    No foreign key: a deleted speaker's quotes name it on their way out."""

    __tablename__ = "speakers_to_group"

    speaker_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)

# `Quote.said_on` in SQL (kept by the database: no join to the document needed).
SAID_ON = Quote.said_date
