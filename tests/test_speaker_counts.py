"""The counts a profile reads (`speaker_outlets`, `speaker_written`, migration 0010) stay
what the quotes say through every write path, on SQLite and PostgreSQL: ingest,
reprocess, merge, split, undo, deleted documents and speakers, changed outlets, bulk
statements; and the profile built from them is the one read from the quotes."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

from sqlalchemy import create_engine, delete, func, insert, inspect, select, text, update

from quotes.db import models
from quotes.db.engine import downgrade, open_database, session, upgrade
from quotes.identity import curation
from quotes.identity.speakers import _sightings_read, merged_family, speaker_profile
from quotes.ingest import reprocess as reprocess_module
from quotes.ingest import store
from quotes.ingest.readers import read_articles
from tests.test_reprocess import ARTICLES, NEWER, _rules_then


def _expected(s) -> tuple[Counter, Counter]:
    """The counts recomputed from the quotes: (speaker, outlet) -> quotes, and
    (speaker, set of forms) -> documents."""
    rows = s.execute(select(models.Quote.speaker_id, models.Quote.outlet,
                            models.Quote.document_id, models.Quote.speaker_as_written)
                     .where(models.Quote.speaker_id.is_not(None))).all()
    outlets = Counter((speaker, outlet) for speaker, outlet, _, _ in rows)
    forms: dict[tuple[int, int], set[str]] = {}
    for speaker, _, document, written in rows:
        if written is not None:
            forms.setdefault((speaker, document), set()).add(written)
    return outlets, Counter((speaker, frozenset(f)) for (speaker, _), f in forms.items())


def _stored(s) -> tuple[Counter, Counter]:
    outlets = Counter()
    for speaker, outlet, n in s.execute(select(models.SpeakerOutlet.speaker_id,
                                               models.SpeakerOutlet.outlet,
                                               models.SpeakerOutlet.quotes)):
        assert (speaker, outlet) not in outlets and n > 0
        outlets[speaker, outlet] = n
    written = Counter()
    for speaker, forms, n in s.execute(select(models.SpeakerWritten.speaker_id,
                                              models.SpeakerWritten.forms,
                                              models.SpeakerWritten.documents)):
        listed = json.loads(forms)
        assert listed == sorted(set(listed), key=listed.index) and n > 0  # one row a set
        assert (speaker, frozenset(listed)) not in written
        written[speaker, frozenset(listed)] = n
    return outlets, written


def _role_counts(s) -> tuple[list, list]:
    """(stored, recomputed from speaker_roles) role counts: speaker, role, organisation,
    documents, first stored row, first and last date."""
    count, role = models.SpeakerRoleCount, models.SpeakerRole
    stored = s.execute(select(count.speaker_id, count.role, count.organisation, count.documents,
                              count.first_id, count.first_published, count.last_published)).all()
    expected = s.execute(select(role.speaker_id, role.role, role.organisation, func.count(),
                                func.min(role.id), func.min(role.published),
                                func.max(role.published))
                         .group_by(role.speaker_id, role.role, role.organisation)).all()
    return sorted(map(tuple, stored), key=repr), sorted(map(tuple, expected), key=repr)


def _roles_from_rows(s, ids: list[int]) -> list[dict]:
    """A profile's roles grouped from the speaker_roles rows (as before migration 0010)."""
    role = models.SpeakerRole
    rows = s.execute(select(role.role, role.organisation, func.min(role.published),
                            func.max(role.published), func.count(role.id), func.min(role.id))
                     .where(role.speaker_id.in_(ids))
                     .group_by(role.role, role.organisation)).all()
    roles: dict[tuple[str, str], dict] = {}
    for name, organisation, first, last, n, _ in sorted(rows, key=lambda row: row[5]):
        entry = roles.setdefault((name.casefold(), (organisation or "").casefold()), {
            "role": name, "organisation": organisation, "first": None, "last": None,
            "documents": 0})
        entry["first"] = min(filter(None, (entry["first"], first)), default=None)
        entry["last"] = max(filter(None, (entry["last"], last)), default=None)
        entry["documents"] += n
    return list(roles.values())


def _profile_from_quotes(s, speaker: models.Speaker) -> dict:
    """What a profile's counts are, read from the quotes themselves."""
    family = merged_family(s, speaker)
    live = [a for m in family for a in m.aliases if a.origin != "removed"]
    rows = s.execute(select(models.Quote.outlet, func.count(), func.min(models.Quote.said_date),
                            func.max(models.Quote.said_date))
                     .where(models.Quote.speaker_id == speaker.id)
                     .group_by(models.Quote.outlet)).all()
    return {"quotes": sum(n for _, n, _, _ in rows),
            "first": min((f for _, _, f, _ in rows if f), default=None),
            "last": max((la for _, _, _, la in rows if la), default=None),
            "outlets": sorted(((o, n) for o, n, _, _ in rows), key=repr),
            "aliases": _sightings_read(s, [m.id for m in family], live),
            "roles": _roles_from_rows(s, [m.id for m in family])}


def check(engine) -> None:
    """The stored counts are the quotes' and every speaker's profile is as read from them."""
    with session(engine) as s:
        assert _stored(s) == _expected(s)
        stored, expected = _role_counts(s)
        assert stored == expected
        for speaker in s.scalars(select(models.Speaker).where(
                models.Speaker.merged_into_id.is_(None))):
            profile = speaker_profile(s, speaker)
            assert {"quotes": profile["quotes"], "first": profile["first"],
                    "last": profile["last"], "aliases": profile["aliases"],
                    "roles": profile["roles"],
                    "outlets": sorted(((o["outlet"], o["quotes"]) for o in profile["outlets"]),
                                      key=repr)
                    } == _profile_from_quotes(s, speaker), speaker.name


def _speaker(engine, name: str) -> int:
    with session(engine) as s:
        return s.scalar(select(models.Speaker.id).where(models.Speaker.name == name))


def test_counts_follow_ingest_reprocess_curation_undo_and_deletes(db_url, nlp, tmp_path,
                                                                   monkeypatch):
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES), encoding="utf-8")
    engine = open_database(db_url)
    try:
        store.ingest(engine, nlp, read_articles([str(path)]))
        check(engine)
        kovac, novak, petrov = (_speaker(engine, n) for n in ("Maria Kovac", "Jan Novak",
                                                               "Ivan Petrov"))
        # Curation: merge, split to a new speaker, undo each.
        with session(engine, write=True) as s:
            curation.merge(s, s.get(models.Speaker, kovac), s.get(models.Speaker, petrov))
        check(engine)
        with session(engine, write=True) as s:
            moved = s.scalars(select(models.Quote.id).where(models.Quote.speaker_id == kovac)
                              .order_by(models.Quote.id)).all()[:2]
            curation.split(s, moved, "Olga Petrova")
        check(engine)
        with session(engine, write=True) as s:
            curation.undo(s)
        check(engine)
        # A newer detector: quotes found again with other bounds, one gone.
        monkeypatch.setattr(store, "DETECTOR_VERSION", NEWER)
        reprocess_module.reprocess(engine, _rules_then("test_newer_quotes"))
        check(engine)
        with session(engine, write=True) as s:
            curation.undo(s)  # the merge
            curation.merge(s, s.get(models.Speaker, novak), s.get(models.Speaker, kovac))
        check(engine)
        # An article's outlet and date change; an article goes; a speaker goes.
        with session(engine, write=True) as s:
            s.execute(update(models.Document).where(models.Document.id == 1)
                      .values(outlet="Other", published=date(2024, 1, 2)))
            s.execute(update(models.Document).where(models.Document.id == 3)
                      .values(outlet=None))
        check(engine)
        with session(engine, write=True) as s:
            s.execute(delete(models.Document).where(models.Document.id == 2))
        check(engine)
        with session(engine, write=True) as s:
            s.execute(delete(models.SpeakerEdit))
            s.execute(delete(models.Speaker).where(models.Speaker.id == petrov))
        check(engine)
    finally:
        engine.dispose()


def _quote(document_id: int, start: int, speaker_id: int | None, written: str | None) -> dict:
    return {"document_id": document_id, "speaker_id": speaker_id, "speaker_as_written": written,
            "content": "c", "content_start": start, "content_end": start + 1, "parts": [],
            "kind": "direct", "detector_version": "t", "confidence": 0.5}


def test_one_document_counts_once_for_an_alias_written_several_ways(db_url):
    """Bulk statements (one INSERT, UPDATE or DELETE of many rows) included: PostgreSQL's
    triggers see the rows written before theirs in the same statement."""
    engine = open_database(db_url)
    try:
        with session(engine, write=True) as s:
            roe = models.Speaker(name="Jane Roe", kind="person")
            doe = models.Speaker(name="John Doe", kind="person")
            s.add_all([roe, doe])
            s.flush()
            for name in ("Jane Roe", "Roe"):
                s.add(models.SpeakerAlias(speaker_id=roe.id, alias=name, normalized=name.lower(),
                                          key=name.lower(), origin="seen"))
            documents = [models.Document(source=str(i), content_hash=str(i), text="x" * 9,
                                         outlet="Wire" if i % 2 else None,
                                         published=date(2024, 11, i) if i < 4 else None)
                         for i in range(1, 6)]
            s.add_all(documents)
            s.flush()
            a, b, c, d, e = (doc.id for doc in documents)
            s.execute(insert(models.Quote.__table__), [
                _quote(a, 0, roe.id, "President Jane Roe"), _quote(a, 1, roe.id, "Jane Roe"),
                _quote(a, 2, roe.id, "Roe"), _quote(a, 3, roe.id, "Jane Roe"),
                _quote(b, 0, roe.id, "Jane Roe"), _quote(b, 1, doe.id, "Doe"),
                _quote(c, 0, roe.id, None), _quote(c, 1, roe.id, "Senator Jane Roe"),
                _quote(d, 0, doe.id, "Doe"), _quote(d, 1, None, "someone"),
                _quote(e, 0, roe.id, "Roe"), _quote(e, 1, roe.id, "Roe")])
        check(engine)
        with session(engine) as s:
            seen = {a["alias"]: a for a in speaker_profile(s, s.get(models.Speaker, roe.id))[
                "aliases"]}
            assert (seen["Jane Roe"]["documents"], seen["Roe"]["documents"]) == (3, 2)
            assert seen["Jane Roe"]["seen_in"].startswith(f"#{a} Wire 2024-11-01; #{b} 2024-11-02")
        with session(engine, write=True) as s:  # many rows a statement
            s.execute(update(models.Quote).where(models.Quote.document_id == a)
                      .values(speaker_as_written="Roe"))
            s.execute(update(models.Quote).where(models.Quote.speaker_id == roe.id)
                      .values(speaker_id=doe.id))
        check(engine)
        with session(engine, write=True) as s:
            s.execute(update(models.Quote).where(models.Quote.document_id.in_([a, d]))
                      .values(document_id=e))
            s.execute(delete(models.Quote).where(models.Quote.content_start == 0))
        check(engine)
    finally:
        engine.dispose()


def test_role_counts_follow_inserts_moves_deletes_and_dates(db_url):
    engine = open_database(db_url)
    try:
        with session(engine, write=True) as s:
            roe, doe = models.Speaker(name="Jane Roe", kind="person"), models.Speaker(
                name="John Doe", kind="person")
            documents = [models.Document(source=str(i), content_hash=str(i), text="x" * 9,
                                         published=date(2024, 11, i) if i < 5 else None)
                         for i in range(1, 6)]
            s.add_all([roe, doe, *documents])
            s.flush()
            a, b, c, d, e = (doc.id for doc in documents)
            s.execute(insert(models.SpeakerRole.__table__), [
                {"speaker_id": speaker.id, "document_id": document, "role": role,
                 "organisation": organisation}
                for speaker, document, role, organisation in (
                    (roe, a, "Foreign Minister", None), (roe, b, "foreign minister", None),
                    (roe, c, "head of the Council", "the Council"),
                    (roe, d, "Foreign Minister", None), (roe, e, "Foreign Minister", None),
                    (doe, a, "Senator", None), (doe, c, "head of the Council", "the Council"))])
        check(engine)
        with session(engine) as s:
            roles = speaker_profile(s, s.get(models.Speaker, roe.id))["roles"]
            assert [(r["role"], r["documents"], r["first"], r["last"]) for r in roles] == [
                ("Foreign Minister", 4, date(2024, 11, 1), date(2024, 11, 4)),
                ("head of the Council", 1, date(2024, 11, 3), date(2024, 11, 3))]
        with session(engine, write=True) as s:  # many rows a statement, the first stored too
            s.execute(update(models.SpeakerRole).where(models.SpeakerRole.document_id == b)
                      .values(speaker_id=doe.id))
            s.execute(update(models.Document).where(models.Document.id.in_([a, d]))
                      .values(published=date(2025, 1, 1)))
            s.execute(update(models.Document).where(models.Document.id == c)
                      .values(published=None))
        check(engine)
        with session(engine, write=True) as s:
            s.execute(delete(models.SpeakerRole).where(models.SpeakerRole.document_id.in_([a, e])))
            s.execute(update(models.SpeakerRole).where(models.SpeakerRole.document_id == d)
                      .values(role="Prime Minister", organisation="Cabinet"))
        check(engine)
        with session(engine, write=True) as s:
            curation.merge(s, s.get(models.Speaker, roe.id), s.get(models.Speaker, doe.id))
            s.execute(delete(models.Document).where(models.Document.id == c))
        check(engine)
    finally:
        engine.dispose()


def test_a_merged_speaker_with_quotes_of_its_own_is_counted_from_the_quotes(db_url):
    """Undoing a split after the split's source was merged away puts quotes back on a merged
    speaker: its sets and the kept speaker's may be one document, so the profile reads the
    quotes (and says the same as they do)."""
    engine = open_database(db_url)
    try:
        with session(engine, write=True) as s:
            keep, other = (models.Speaker(name=n, kind="person") for n in ("Jane Roe", "J. Roe"))
            s.add_all([keep, other])
            s.flush()
            for speaker in (keep, other):
                s.add(models.SpeakerAlias(speaker_id=speaker.id, alias="Jane Roe",
                                          normalized="jane roe", key="janeroe", origin="seen"))
            document = models.Document(source="a", content_hash="a", text="x" * 9, outlet="Wire",
                                       published=date(2024, 11, 4))
            s.add(document)
            s.flush()
            s.execute(insert(models.Quote.__table__), [
                _quote(document.id, 0, keep.id, "Jane Roe"),
                _quote(document.id, 1, other.id, "President Jane Roe")])
            other.merged_into_id = keep.id
        check(engine)
        with session(engine) as s:
            (seen,) = {a["documents"] for a in speaker_profile(s, s.get(models.Speaker, keep.id))[
                "aliases"]}
            assert seen == 1
    finally:
        engine.dispose()


ROWS_0009 = [
    "INSERT INTO documents (id, source, content_hash, text, outlet, published, ingested_at)"
    " VALUES (1, 'a', 'h1', 'x', 'Wire', '2024-11-04', '2024-11-04 00:00:00'),"
    " (2, 'b', 'h2', 'y', NULL, NULL, '2024-11-05 00:00:00')",
    "INSERT INTO speakers (id, name, kind) VALUES (1, 'Jane Roe', 'person'),"
    " (2, 'John Doe', 'person')",
    "INSERT INTO quotes (id, document_id, speaker_id, speaker_as_written, content, content_start,"
    " content_end, parts, kind, type, detector_version, confidence) VALUES"
    " (1, 1, 1, 'Jane Roe', 'a', 0, 1, '[]', 'direct', 'speech', 't', 0.9),"
    " (2, 1, 1, 'President Jane Roe', 'b', 1, 2, '[]', 'direct', 'speech', 't', 0.9),"
    " (3, 1, 2, 'Doe', 'c', 2, 3, '[]', 'direct', 'speech', 't', 0.9),"
    " (4, 2, 1, 'Jane Roe', 'd', 0, 1, '[]', 'indirect', 'belief', 't', 0.9),"
    " (5, 2, 1, NULL, 'e', 1, 2, '[]', 'direct', 'speech', 't', 0.9),"
    " (6, 2, NULL, 'Someone', 'f', 2, 3, '[]', 'direct', 'speech', 't', 0.9)",
    "INSERT INTO speaker_roles (id, speaker_id, document_id, role, organisation) VALUES"
    " (1, 1, 1, 'President', NULL), (2, 1, 2, 'President', NULL), (3, 2, 1, 'Mayor', 'Town')",
]


def test_0010_counts_the_quotes_already_stored_and_downgrades(db_url):
    assert upgrade(db_url, "0009") == (None, "0009")
    engine = create_engine(db_url)
    try:
        with engine.begin() as connection:
            for statement in ROWS_0009:
                connection.execute(text(statement))
        assert upgrade(db_url, "0010")[1] == "0010"
        with session(engine) as s:
            assert _stored(s) == _expected(s)
            assert _stored(s)[1] == Counter({(1, frozenset({"Jane Roe", "President Jane Roe"})): 1,
                                             (1, frozenset({"Jane Roe"})): 1,
                                             (2, frozenset({"Doe"})): 1})
            stored, expected = _role_counts(s)
            assert stored == expected and len(stored) == 2
        check(engine)  # and kept from here on
        with session(engine, write=True) as s:
            s.execute(delete(models.Quote).where(models.Quote.id.in_([1, 4])))
        check(engine)
        assert downgrade(db_url, "0009")[1] == "0009"
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            assert not {"speaker_outlets", "speaker_written"} & tables
            connection.execute(text("DELETE FROM quotes WHERE id = 2"))  # no trigger left
            connection.commit()
        upgrade(db_url)
        check(engine)
    finally:
        engine.dispose()
