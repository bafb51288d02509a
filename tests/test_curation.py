"""Curation: each change is logged, survives re-ingest / re-extraction, and undoes exactly."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect.records import Quote
from quotes.errors import QuotesError
from quotes.identity import curation
from quotes.identity.speakers import attach_speakers, lookup_speakers

ARTICLES = {
    "one": ["Ukrainian President Volodymyr Zelenskiy", "Bill Clinton", "Hillary Clinton"],
    "two": ["Volodymyr Zelenskyy", "Hillary Clinton", "Former President Bill Clinton"],
}


def _found(mentions):
    return [
        Quote(content=(i, i + 1), kind="direct", speaker_text=m, speaker_kind="person")
        for i, m in enumerate(mentions)
    ]


def ingest(s, name: str) -> list[models.Quote]:
    """Store one article the way the ingest does: speakers attached, quotes replaced."""
    document = s.scalar(select(models.Document).where(models.Document.content_hash == name))
    if document is None:
        document = models.Document(
            source=name, content_hash=name, text="x" * 20, outlet=name, published=date(2024, 11, 4)
        )
        s.add(document)
        s.flush()
    for old in s.scalars(select(models.Quote).where(models.Quote.document_id == document.id)):
        s.delete(old)
    found = _found(ARTICLES[name])
    rows = [
        models.Quote(
            document=document,
            speaker=speaker,
            content="c",
            content_start=q.content[0],
            content_end=q.content[1],
            kind="direct",
            detector_version="t",
            confidence=0.5,
            parts=[],
        )
        for q, speaker in zip(found, attach_speakers(s, document, found))
    ]
    s.add_all(rows)
    s.flush()
    return rows


@pytest.fixture
def db(db_url):
    engine = open_database(db_url)
    with session(engine) as s:
        ingest(s, "one")
        ingest(s, "two")
        yield s
    engine.dispose()


def one(s, name: str) -> models.Speaker:
    found = lookup_speakers(s, name)
    assert len(found) == 1, [f.name for f in found]
    return found[0]


def snapshot(s):
    """Everything curation may change, to compare before and after an undo."""
    return (
        sorted((sp.id, sp.name, sp.merged_into_id) for sp in s.scalars(select(models.Speaker))),
        sorted((a.speaker_id, a.alias, a.origin) for a in s.scalars(select(models.SpeakerAlias))),
        sorted((q.id, q.speaker_id) for q in s.scalars(select(models.Quote))),
        s.scalar(select(func.count()).select_from(models.SpeakerOverride)),
    )


def test_ingest_keeps_people_apart(db):
    assert {sp.name for sp in lookup_speakers(db, "Clinton")} == {"Bill Clinton", "Hillary Clinton"}
    assert len(one(db, "Zelensky").quotes) == 2


def test_merge_redirects_reingest_and_undoes(db):
    before = snapshot(db)
    bill, hillary = one(db, "Bill Clinton"), one(db, "Hillary Clinton")
    edit = curation.merge(db, bill, hillary)
    assert edit.action == "merge" and edit.at is not None
    assert one(db, "Hillary Clinton") is bill
    # Re-ingest: Hillary's name lands on the kept speaker.
    for quote in ingest(db, "two"):
        assert quote.speaker is not hillary
    assert db.scalar(select(func.count()).where(models.Quote.speaker_id == hillary.id)) == 0
    curation.undo(db)
    ingest(db, "two")
    assert one(db, "Hillary Clinton") is hillary
    assert snapshot(db)[:2] == before[:2]


def test_rename_and_undo(db):
    before = snapshot(db)
    zelenskiy = one(db, "Zelenskiy")
    curation.rename(db, zelenskiy, "Volodymyr Zelensky")
    assert zelenskiy.name == "Volodymyr Zelensky"
    assert one(db, "volodymyr zelensky") is zelenskiy
    curation.undo(db)
    assert snapshot(db) == before


def test_alias_remove_survives_reingest(db):
    zelenskiy = one(db, "Zelenskiy")
    curation.remove_alias(db, zelenskiy, "Volodymyr Zelenskyy")
    ingest(db, "two")  # the removed spelling no longer joins him, nor comes back as his alias
    assert {a.origin for a in zelenskiy.aliases if a.alias == "Volodymyr Zelenskyy"} == {"removed"}
    assert [sp.name for sp in lookup_speakers(db, "Volodymyr Zelenskyy")] == ["Volodymyr Zelenskyy"]
    with pytest.raises(QuotesError, match="has no alias"):
        curation.remove_alias(db, zelenskiy, "Volodymyr Zelenskyy")


def test_alias_add_and_undo(db):
    before = snapshot(db)
    zelenskiy = one(db, "Zelenskiy")
    curation.add_alias(db, zelenskiy, "Зеленський Ze")
    assert one(db, "Зеленський Ze") is zelenskiy
    with pytest.raises(QuotesError, match="already has the alias"):
        curation.add_alias(db, zelenskiy, "Volodymyr Zelenskiy")
    curation.undo(db)
    assert snapshot(db) == before


def test_split_survives_reextraction_and_undoes(db):
    before = snapshot(db)
    bill = one(db, "Bill Clinton")
    moved = [q for q in bill.quotes if q.document.content_hash == "two"]
    curation.split(db, [q.id for q in moved], "William J. Clinton")
    ingest(db, "two")  # re-extraction recreates the quote rows: the choice is kept
    new = one(db, "William J. Clinton")
    assert [q.document.content_hash for q in new.quotes] == ["two"]
    curation.undo(db)
    after = snapshot(db)
    assert (after[0], after[1], after[3]) == (before[0], before[1], before[3])
    assert [q.document.content_hash for q in bill.quotes] == ["one", "two"]


@pytest.mark.parametrize(
    ("action", "message"),
    [
        (
            lambda s: curation.merge(s, one(s, "Zelenskiy"), one(s, "Zelenskyy")),
            "already that speaker",
        ),
        (lambda s: curation.rename(s, one(s, "Zelenskiy"), "   "), "new name is empty"),
        (lambda s: curation.split(s, [999999], "Someone"), "no quote with id 999999"),
        (lambda s: curation.undo(s), "nothing to undo"),
    ],
)
def test_refused_changes_change_nothing(db, action, message):
    before = snapshot(db)
    with pytest.raises(QuotesError, match=message):
        action(db)
    assert snapshot(db) == before
    assert curation.history(db) == []


def test_undo_an_earlier_change_by_id_when_nothing_later_depends_on_it(db):
    before = snapshot(db)
    rename = curation.rename(db, one(db, "Zelenskiy"), "V. Zelenskiy")
    merge = curation.merge(db, one(db, "Bill Clinton"), one(db, "Hillary Clinton"))
    curation.add_alias(db, one(db, "Zelenskiy"), "Ze")
    assert curation.undo(db, rename.id) is rename  # two changes later, independent of them
    assert one(db, "Zelenskiy").name == "Volodymyr Zelenskiy"
    assert one(db, "Hillary Clinton").name == "Bill Clinton"  # the merge still holds
    assert curation.undo(db, merge.id) is merge
    curation.undo(db)  # the alias
    assert snapshot(db) == before
    assert [h["undone_at"] is not None for h in curation.history(db)] == [True, True, True]


@pytest.mark.parametrize(
    ("first", "then"),
    [
        # the same name changed again
        (lambda s: curation.rename(s, one(s, "Zelenskiy"), "V. Zelenskiy"),
         lambda s, _: curation.rename(s, one(s, "Zelenskiy"), "Volodymyr Zelensky")),
        # the alias a rename made, removed later
        (lambda s: curation.rename(s, one(s, "Zelenskiy"), "V. Zelenskiy"),
         lambda s, _: curation.remove_alias(s, one(s, "Zelenskiy"), "V. Zelenskiy")),
        # a quote the merge moved, split off later
        (lambda s: curation.merge(s, one(s, "Bill Clinton"), one(s, "Hillary Clinton")),
         lambda s, merge: curation.split(s, merge.payload["quotes"][:1], "H. Clinton")),
        # a speaker the split made, renamed later
        (lambda s: curation.split(s, [one(s, "Bill Clinton").quotes[0].id], "William Clinton"),
         lambda s, _: curation.rename(s, one(s, "William Clinton"), "W. J. Clinton")),
    ],
)
def test_undo_refuses_a_change_a_later_one_depends_on(db, first, then):
    earlier = first(db)
    later = then(db, earlier)
    state = snapshot(db)
    with pytest.raises(QuotesError, match=rf"#{later.id} .*depends on it") as refused:
        curation.undo(db, earlier.id)
    assert refused.value.hint == f"undo #{later.id} first: quotes speakers undo {later.id}"
    assert snapshot(db) == state
    curation.undo(db, later.id)
    assert curation.undo(db, earlier.id) is earlier


def test_undo_refuses_unknown_and_undone_changes(db):
    edit = curation.rename(db, one(db, "Zelenskiy"), "V. Zelenskiy")
    with pytest.raises(QuotesError, match="no change #999"):
        curation.undo(db, 999)
    curation.undo(db, edit.id)
    with pytest.raises(QuotesError, match=f"change #{edit.id} .* is already undone"):
        curation.undo(db, edit.id)
    with pytest.raises(QuotesError, match="nothing to undo"):
        curation.undo(db)
