"""Speaker rows for detected quotes: one identity across articles and spellings.

`attach_speakers` runs once per document (`assign_speakers` for many at once, as
ingest does). Within the document it groups mentions (a surname-only mention joins
the one full name it fits); then each named person or organisation is matched
against the speakers already stored, by the rules in `quotes.identity.names`,
looked up in a `SpeakerIndex` (the stored names in memory) rather than queried. Unnamed sources and groups ("a senior official",
"Ukrainian officials") always belong to their document: they are never matched
across articles. The user's curation is honoured: a merged speaker redirects to
the speaker it was merged into, a removed alias never matches again, and a
quote whose speaker the user chose keeps it (`speaker_overrides`).

Not handled: coreference ("he", "the minister") - the detector resolves those
into `speaker_text`; merging a group with a named organisation; telling apart
two different people with exactly the same name (curate them with `speakers split`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process
from sqlalchemy import Date, Integer, Row, column, func, insert, or_, select, union
from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session, aliased

from quotes.db import models
from quotes.db.engine import insert_rows
from quotes.identity.names import (
    alias_keys,
    full_name_in_text,
    group_key,
    normalize_name,
    organisation_names,
    parse_person,
    same_person,
    split_mention,
    variant_key,
)
from quotes.identity.speaker_index import Alias, SpeakerIndex

if TYPE_CHECKING:  # importing quotes.detect loads spaCy, which listing speakers does not need
    from quotes.detect.records import Quote

FUZZY_CUTOFF = 88  # rapidfuzz token-sort ratio on variant keys, for lookups only
SEEN_IN_SHOWN = 3  # documents a profile lists where each alias was seen, earliest first


@dataclass
class _Cluster:
    """Mentions of one speaker inside one document."""

    kind: str
    names: list[str] = field(default_factory=list)  # bare names / surface forms, in order seen
    speaker: int | None = None  # its stored speaker's id, once found or created

    @property
    def display(self) -> str:
        """The fullest name seen: most words, first seen on a tie."""
        return max(self.names, key=lambda n: (len(n.split()), -self.names.index(n)))


def attach_speakers(
    session: Session, document: models.Document, found: Sequence[Quote],
    index: SpeakerIndex | None = None,
) -> list[models.Speaker | None]:
    """Find or create the Speaker for each detected quote (None when it has no speaker).

    Adds every surface form as an alias and each role as written (with the
    organisation it names, if any) for this document. Flushes, does not commit.
    `index` is the stored speakers' names (`SpeakerIndex`), read here when not given.
    """
    if document.id is None:
        session.add(document)
        session.flush()
    ids = speaker_ids(session, index or SpeakerIndex.load(session), document.id, document.text,
                      found)
    return [None if i is None else session.get(models.Speaker, i) for i in ids]


@dataclass
class SpeakerWrites:
    """The rows attaching speakers writes, for one document or many: new speakers (each
    known by a provisional id, -(its place in `speakers`), until `write`), aliases and
    roles (pointing to provisional ids until then)."""

    speakers: list[dict] = field(default_factory=list)
    aliases: list[dict] = field(default_factory=list)
    roles: list[dict] = field(default_factory=list)

    def write(self, session: Session, index: SpeakerIndex) -> dict[int, int]:
        """Insert the rows, a statement a table; renumber `index`; return each provisional
        id's stored id."""
        connection = session.connection()
        real: dict[int, int] = {}
        if self.speakers:
            table = models.Speaker.__table__
            ids = insert_rows(connection, table, self.speakers)
            real = {-number: speaker_id for number, speaker_id in enumerate(ids, 1)}
            index.renumber(real)
            for row in (*self.aliases, *self.roles):
                row["speaker_id"] = real.get(row["speaker_id"], row["speaker_id"])
        if self.aliases:
            connection.execute(insert(models.SpeakerAlias.__table__), self.aliases)
        if self.roles:
            connection.execute(insert(models.SpeakerRole.__table__), self.roles)
        return real


def speaker_ids(
    session: Session, index: SpeakerIndex, document_id: int, text: str, found: Sequence[Quote]
) -> list[int | None]:
    """`attach_speakers` for the stored document `document_id` with `text`, by speaker id:
    names are looked up in `index` (which is kept up to date with what is written)."""
    stored_roles = {
        (speaker_id, role.casefold()) for speaker_id, role in session.execute(
            select(models.SpeakerRole.speaker_id, models.SpeakerRole.role)
            .where(models.SpeakerRole.document_id == document_id))}
    overrides = {
        (o.content_start, o.content_end): index.resolve(o.speaker_id)
        for o in session.scalars(
            select(models.SpeakerOverride).where(models.SpeakerOverride.document_id == document_id)
        )
    }
    writes = SpeakerWrites()
    ids = assign_speakers(index, document_id, text, found, writes,
                          local=SpeakerIndex.load(session, document_id),
                          stored_roles=stored_roles, overrides=overrides)
    real = writes.write(session, index)
    return [real.get(i, i) for i in ids]


def assign_speakers(
    index: SpeakerIndex, document_id: int, text: str, found: Sequence[Quote],
    writes: SpeakerWrites, *, local: SpeakerIndex | None = None,
    stored_roles: set[tuple[int, str]] | None = None,
    overrides: dict[tuple[int, int], int] | None = None,
) -> list[int | None]:
    """The speaker id of each quote of the document `document_id` (provisional for a new
    speaker, see `SpeakerWrites`), without a query: names are looked up in `index`, the
    document's own speakers in `local`, and the rows to write are added to `writes` (and
    the index). A new document has no speakers, roles (`stored_roles`: (speaker id,
    role casefolded)) or user `overrides` (content span -> speaker id) yet."""
    local = local if local is not None else SpeakerIndex(document_id)
    stored_roles = set(stored_roles or ())
    clusters: list[_Cluster] = []
    per_quote: list[tuple[_Cluster, str | None] | None] = []
    # 1. Group the document's mentions into clusters, one per speaker.
    for quote in found:
        surface = quote.speaker_text or quote.text_of(text, quote.speaker)
        if not surface or not surface.strip():
            per_quote.append(None)
            continue
        kind = quote.speaker_kind or "person"
        mention = split_mention(surface) if kind == "person" else None
        if mention is not None and not mention.name:
            kind, mention = "unnamed", None  # "the foreign minister", never resolved to a name
        name = mention.name if mention else " ".join(surface.split())
        role = quote.role or (mention.role if mention else None)
        per_quote.append((_cluster_for(clusters, kind, name), role))
    # 2. A surname met alone takes the full name the article introduced it with.
    for cluster in clusters:
        if cluster.kind == "person" and all(len(n.split()) == 1 for n in cluster.names):
            if full := full_name_in_text(text, cluster.names[0]):
                cluster.names.append(full)
    # 3. Find or create the stored speaker of each cluster, with its aliases.
    for cluster in clusters:
        cluster.speaker = _stored_speaker(index, local, document_id, cluster, writes.speakers)
        writes.aliases += _new_aliases(index, local, cluster, document_id)
    # 4. Record each role as written for this document, once (case ignored: "Foreign
    #    Minister" before a name and "foreign minister" after it are one role).
    for speaker_id, role in dict.fromkeys((e[0].speaker, e[1]) for e in per_quote if e and e[1]):
        if (speaker_id, role.casefold()) not in stored_roles:
            stored_roles.add((speaker_id, role.casefold()))
            writes.roles.append({"speaker_id": speaker_id, "document_id": document_id,
                                 "role": role, "organisation": role_organisation(role)})
    # 5. The user's choices for single quotes win.
    overrides = overrides or {}
    return [
        overrides[q.content] if q.content in overrides else (e[0].speaker if e else None)
        for q, e in zip(found, per_quote)
    ]


def resolve(session: Session, speaker: models.Speaker) -> models.Speaker:
    """The speaker a (possibly merged) speaker now stands for."""
    seen = set()
    while speaker.merged_into_id is not None and speaker.id not in seen:
        seen.add(speaker.id)
        speaker = session.get(models.Speaker, speaker.merged_into_id)
    return speaker


def _cluster_for(clusters: list[_Cluster], kind: str, name: str) -> _Cluster:
    """The cluster a mention joins in this document, created if none fits.

    People: same person by `same_person(..., same_document=True)`; when several
    clusters fit, only the single one with a full name is joined, so a lone
    "Clinton" with Bill and Hillary in the article gets its own cluster.
    Others: same alias key (organisations: any of their names).
    """
    if kind == "person":
        fits = [c for c in clusters if c.kind == "person" and _fits(c, name)]
        if len(fits) > 1:  # prefer the one cluster that has a full name
            fits = [c for c in fits if any(len(n.split()) > 1 for n in c.names)]
        if len(fits) == 1:
            fits[0].names.append(name)
            return fits[0]
    else:
        keys = _keys(kind, name)
        for cluster in clusters:
            if cluster.kind == kind and keys & set().union(
                *(_keys(kind, n) for n in cluster.names)
            ):
                cluster.names.append(name)
                return cluster
    cluster = _Cluster(kind, [name])
    clusters.append(cluster)
    return cluster


def _fits(cluster: _Cluster, name: str) -> bool:
    """Whether a person's name can join a cluster in the same article: a full name
    must be the same person as every full name in it ("Bill Clinton" never joins
    Hillary's cluster through its lone "Clinton"); a lone name must fit one name."""
    full = [n for n in cluster.names if len(n.split()) > 1]
    if len(name.split()) > 1 and full:
        return all(same_person(name, n, same_document=True)[0] for n in full)
    return any(same_person(name, n, same_document=True)[0] for n in cluster.names)


def _keys(kind: str, name: str) -> set[str]:
    """Alias keys (`normalized`) of a non-person mention."""
    if kind == "organisation":
        return {normalize_name(n) for n in organisation_names(name)}
    return {group_key(name)}


def _forms(cluster: _Cluster) -> list[tuple[str, str]]:
    """(alias as written, normalized key) of every name in a cluster."""
    if cluster.kind == "organisation":
        return [(n, normalize_name(n)) for name in cluster.names for n in organisation_names(name)]
    if cluster.kind == "person":
        return [(n, normalize_name(n)) for n in cluster.names]
    return [(n, group_key(n)) for n in cluster.names]


def _stored_speaker(
    index: SpeakerIndex, local: SpeakerIndex, document_id: int, cluster: _Cluster,
    created: list[dict],
) -> int:
    """The stored speaker for a cluster: matched across articles for people and
    organisations, within the document for unnamed sources and groups; else a new
    one, its row added to `created` and its id provisional: -(its place there)."""
    if cluster.kind == "person":
        speaker_id = _match_person(index, cluster)
    else:
        keys = {key for _, key in _forms(cluster)}
        scope = index if cluster.kind == "organisation" else local
        fits = scope.aliases(cluster.kind, normalized=keys)
        speaker_id = fits[0].speaker_id if fits else None
    if speaker_id is not None:
        return index.resolve(speaker_id)
    name = cluster.display
    if cluster.kind == "organisation":
        name = organisation_names(name)[0]
    named = cluster.kind in ("person", "organisation")
    created.append({"name": name, "kind": cluster.kind,
                    "document_id": None if named else document_id})
    (index if named else local).add_speaker(-len(created))
    return -len(created)


def _live_aliases():
    """SELECT (alias, speaker) over aliases the user has not removed, oldest speaker first."""
    return (
        select(models.SpeakerAlias, models.Speaker)
        .join(models.Speaker, models.SpeakerAlias.speaker_id == models.Speaker.id)
        .where(models.SpeakerAlias.origin != "removed")
        .order_by(models.Speaker.id, models.SpeakerAlias.id)
    )


def _match_person(index: SpeakerIndex, cluster: _Cluster) -> int | None:
    """The one stored person this cluster is, or None when none or several fit.

    A full name matches a speaker one of whose full names is the same person
    (see `same_person`); when several do, only an exact spelling-key match
    decides. A cluster with only a surname matches the single speaker with a
    full name of that surname; when there are none or several, the one speaker
    known by that surname alone (so a bare "Obama" is one candidate row however
    many articles name him so, not one per article).
    A name the user removed from a speaker never matches that speaker, but the
    cluster's other names still do: removing "Trump" from Donald Trump leaves
    "Donald Trump ... Trump" his.
    """
    people = [p for p in map(parse_person, cluster.names) if p]
    if not people:
        return None
    rows = index.aliases("person", surname={p.surname for p in people},
                         key={p.compact for p in people})
    # The cluster's names the user removed, per speaker they were removed from.
    removed = index.removed({normalize_name(n) for n in cluster.names})

    def usable(names: list[str], alias: Alias) -> list[str]:
        """The names that may match through `alias`: none removed from its speaker."""
        return [n for n in names if normalize_name(n) not in removed.get(alias.speaker_id, ())]

    rows = [(alias, index.resolve(alias.speaker_id)) for alias in rows]
    full_names = [n for n in cluster.names if len(n.split()) > 1]
    if full_names:
        fits = {
            s
            for a, s in rows
            if len(a.alias.split()) > 1 and any(same_person(n, a.alias)[0]
                                                for n in usable(full_names, a))
        }
        if len(fits) > 1:
            compact = {p.compact for p in people}
            fits = {s for a, s in rows if s in fits and a.key in compact}
        return next(iter(fits)) if len(fits) == 1 else None
    lone = people[0]
    rows = [(a, s) for a, s in rows if usable(cluster.names, a)]
    by_surname = {s for a, s in rows if a.surname == lone.surname and len(a.alias.split()) > 1}
    if len(by_surname) == 1:
        return next(iter(by_surname))
    # None or several ("Clinton" with Bill and Hillary stored): the one speaker known by
    # the surname alone and by no full name, if there is just one.
    full = {s for a, s in rows if len(a.alias.split()) > 1}
    bare = {s for a, s in rows if a.key == lone.compact and s not in full}
    if not by_surname and not bare:
        bare = {s for a, s in rows if a.key == lone.compact}
    return next(iter(bare)) if len(bare) == 1 else None


def _new_aliases(
    index: SpeakerIndex, local: SpeakerIndex, cluster: _Cluster, document_id: int
) -> list[dict]:
    """The alias rows to write for each surface form of the cluster, once per speaker,
    unless the speaker (or one merged into it) has it already, or the user removed it;
    added to the index the speaker is in."""
    scope = local if cluster.speaker in local else index
    known = scope.family_names(cluster.speaker)
    rows = []
    for form, normalized in _forms(cluster):
        if normalized and normalized not in known:
            known.add(normalized)
            key, surname = alias_keys(form, cluster.kind)
            scope.add_alias(Alias(cluster.speaker, cluster.kind, form, normalized, key, surname,
                                  removed=False))
            rows.append({"speaker_id": cluster.speaker, "alias": form, "normalized": normalized,
                         "key": key, "surname": surname, "origin": "seen",
                         "document_id": document_id})
    return rows


def role_organisation(role: str) -> str | None:
    """The organisation a role names, if it ends in one: "head of ... within Ukraine's
    National Security and Defense Council" -> "Ukraine's National Security and Defense
    Council"; "NATO Secretary General" -> None (not handled: names before the title)."""
    words = role.split()
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1] in ("of", "at", "within", "for", "in") and words[i][:1].isupper():
            return " ".join(words[i:])
    return None


def lookup_speakers(session: Session, name: str, *, every_fit: bool = False
                    ) -> list[models.Speaker]:
    """Speakers a user-typed name may mean, best first; empty list if none.

    Tries, in order, and stops at the first tier that finds someone: the exact
    alias (case- and accent-insensitive, titles ignored), then spelling variants
    and the same-person rules, then fuzzy similarity of the variant keys. With
    `every_fit`, the exact owners of a full name come first, then every other
    speaker the same-person rules fit ("Tayyip Erdogan" also finds a separate
    "Recep Tayyip Erdoğan"). A lone
    surname finds its exact owners first, then everyone else with that surname.
    Within the first two tiers, speakers with more quotes come first. Merged
    speakers give the speaker they were merged into. Not handled: a speaker's
    numeric id (see `find_speaker`).
    """
    bare = split_mention(name).name or name
    key = normalize_name(bare)
    if not key:
        return []
    exact = _by_quote_count(
        session,
        (
            s
            for _, s in session.execute(
                _live_aliases().where(models.SpeakerAlias.normalized.in_({key, group_key(name)}))
            )
        ),
    )
    person = parse_person(bare)
    if exact and (person is None or (person.given and not every_fit)):
        return exact
    rows = (
        session.execute(
            _live_aliases().where(
                or_(
                    models.SpeakerAlias.surname == person.surname,
                    models.SpeakerAlias.key == person.compact,
                )
            )
        ).all()
        if person
        else []
    )
    variants = [
        s
        for a, s in rows
        if same_person(bare, a.alias)[0] or (not person.given and a.surname == person.surname)
    ]
    if exact or variants:  # a lone surname: its exact owners first, then everyone with it
        return list(dict.fromkeys(exact + _by_quote_count(session, variants)))
    # Fuzzy: every live alias, compared by variant key.
    rows = session.execute(_live_aliases()).all()
    choices = [variant_key(a.alias) for a, _ in rows]
    hits = process.extract(
        variant_key(bare),
        choices,
        scorer=fuzz.token_sort_ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=None,
    )
    ranked = [resolve(session, rows[i][1]) for _, _, i in sorted(hits, key=lambda h: -h[1])]
    return list(dict.fromkeys(ranked))


def find_speaker(
    session: Session, name_or_id: str, *, every_fit: bool = False
) -> tuple[models.Speaker | None, list[models.Speaker]]:
    """(chosen speaker, all candidates) for a name or a numeric id typed by the user.

    The chosen one is the best candidate of `lookup_speakers` (`every_fit` as
    there); callers say which was chosen when there are several. (None, []) when
    nothing matches.
    """
    if name_or_id.strip().isdigit():
        speaker = session.get(models.Speaker, int(name_or_id))
        if speaker is None:
            return None, []
        speaker = resolve(session, speaker)
        return speaker, [speaker]
    candidates = lookup_speakers(session, name_or_id, every_fit=every_fit)
    return (candidates[0] if candidates else None), candidates


def quote_counts(session: Session, speaker_ids: Iterable[int]) -> dict[int, int]:
    """Number of quotes per speaker id (missing ids have none)."""
    rows = session.execute(
        select(models.Quote.speaker_id, func.count(models.Quote.id))
        .where(models.Quote.speaker_id.in_(list(speaker_ids)))
        .group_by(models.Quote.speaker_id)
    )
    return dict(rows.all())


def _by_quote_count(session: Session, speakers: Iterable[models.Speaker]) -> list[models.Speaker]:
    unique = list(dict.fromkeys(resolve(session, s) for s in speakers))
    counts = quote_counts(session, [s.id for s in unique])
    return sorted(unique, key=lambda s: (-counts.get(s.id, 0), s.id))


# Listing and profiles ---------------------------------------------------------



def list_speakers(
    session: Session, *, kind: str | None = None, limit: int | None = 50
) -> list[dict]:
    """Speakers (not merged away) with quote counts and first/last quote date, most quoted first."""
    query = (
        select(
            models.Speaker.id,
            models.Speaker.name,
            models.Speaker.kind,
            func.count(models.Quote.id).label("quotes"),
            func.min(models.SAID_ON).label("first"),
            func.max(models.SAID_ON).label("last"),
        )
        .outerjoin(models.Quote, models.Quote.speaker_id == models.Speaker.id)
        .outerjoin(models.Document, models.Document.id == models.Quote.document_id)
        .where(models.Speaker.merged_into_id.is_(None))
        .group_by(models.Speaker.id, models.Speaker.name, models.Speaker.kind)
        .order_by(func.count(models.Quote.id).desc(), models.Speaker.id)
        .limit(limit)
    )
    if kind:
        query = query.where(models.Speaker.kind == kind)
    return [dict(row._mapping) for row in session.execute(query)]


def merged_family(session: Session, speaker: models.Speaker) -> list[models.Speaker]:
    """The speaker and every speaker merged into it, directly or through others."""
    family, frontier = [speaker], [speaker.id]
    while frontier:
        merged = session.scalars(
            select(models.Speaker).where(models.Speaker.merged_into_id.in_(frontier))
        ).all()
        family += merged
        frontier = [s.id for s in merged]
    return family


def speaker_profile(session: Session, speaker: models.Speaker) -> dict:
    """One speaker's profile: aliases with where each was seen, roles over time,
    quote counts by outlet, first and last quote date, possible duplicates.

    The counts are read from the tables the database keeps (`SpeakerOutlet`,
    `SpeakerWritten`, migration 0010) and the dates by a few seeks in the speaker's
    index: a speaker with 80,000 quotes costs a few dozen rows, not 80,000.
    """
    family = merged_family(session, speaker)
    ids = [s.id for s in family]
    live = [a for s in family for a in s.aliases if a.origin != "removed"]
    outlets = sorted(session.execute(
        select(models.SpeakerOutlet.outlet, models.SpeakerOutlet.quotes)
        .where(models.SpeakerOutlet.speaker_id == speaker.id)
    ).all(), key=lambda row: (-row[1], row[0] or ""))
    first, last = _said_between(session, speaker.id)
    document = session.get(models.Document, speaker.document_id) if speaker.document_id else None
    return {
        "id": speaker.id,
        "name": speaker.name,
        "kind": speaker.kind,
        "document": _where(document),
        "quotes": sum(n for _, n in outlets),
        "first": first,
        "last": last,
        "aliases": _sightings(session, ids, live),
        "roles": _roles(session, ids),
        "outlets": [{"outlet": outlet, "quotes": n} for outlet, n in outlets],
        "merged": [{"id": s.id, "name": s.name} for s in family[1:]],
        "duplicates": [
            {"id": s.id, "name": s.name, "reason": reason}
            for s, reason in possible_duplicates(session, speaker, family)
        ],
    }


def _said_between(session: Session, speaker_id: int) -> tuple[date | None, date | None]:
    """The first and last date the speaker's quotes were said: for each quote type the
    speaker has (found as `_written` finds forms), a seek to each end of its dates in the
    speaker's index (speaker_id, type, said_date, ...), in the order each backend's index
    holds them (SQLite ascending with NULL first; PostgreSQL told NULLS FIRST)."""
    quote = models.Quote
    types = _distinct(quote.type, speaker_id)

    def end(order):
        return (select(quote.said_date)
                .where(quote.speaker_id == speaker_id, quote.type == types.c.value,
                       quote.said_date.is_not(None))
                .order_by(order).limit(1).scalar_subquery())

    rows = session.execute(select(end(quote.said_date.asc().nulls_first()),
                                  end(quote.said_date.desc().nulls_last()))
                           .where(types.c.value.is_not(None))).all()
    return (min((f for f, _ in rows if f), default=None),
            max((la for _, la in rows if la), default=None))


def _sightings(session: Session, ids: list[int], live: list[models.SpeakerAlias]) -> list[dict]:
    """Where each alias was seen: the document it was first stored from, and every
    document with a quote of the speakers `ids` whose speaker, as written, carries that
    name (titles dropped: "President X" is "X"); counted, and the earliest few shown.

    Counted from `SpeakerWritten` (the sets of ways the speaker was written in one
    document, with how many documents): a document counts for an alias when one of its
    set's forms carries the alias's key. Only one of `ids` may have quotes for that
    (sets of two speakers can be one document): when several have (a merged speaker's
    quotes put back by undoing a split), the documents are read (`_sightings_read`)."""
    sets = session.execute(
        select(models.SpeakerWritten.speaker_id, models.SpeakerWritten.forms,
               models.SpeakerWritten.documents)
        .where(models.SpeakerWritten.speaker_id.in_(ids))).all()
    holders = {speaker_id for speaker_id, _, _ in sets}
    if len(holders) > 1:
        return _sightings_read(session, ids, live)
    keys = dict.fromkeys(a.normalized for a in live)
    # 1. Each form's alias key; each key's documents, counted from the sets.
    sets = list(zip(json.loads(f"[{','.join(forms for _, forms, _ in sets)}]"),  # one call
                    (n for _, _, n in sets)))
    key_of = {w: _written_key(w) for w in dict.fromkeys(w for forms, _ in sets for w in forms)}
    counts = dict.fromkeys(keys, 0)
    for forms, n in sets:
        for key in {key_of[w] for w in forms} & counts.keys():
            counts[key] += n
    # 2. The documents the aliases were first stored from, with their quotes (a few
    #    each): counted for an alias when none of those counts them already.
    documents: dict[int, Row] = {}
    quoted: set[tuple[str | None, int]] = set()  # (key, document) pairs the sets count
    stored_from = {a.document_id for a in live if a.document_id is not None}
    for row in session.execute(
            select(models.Document.id, models.Document.outlet, models.Document.published,
                   models.Quote.speaker_id, models.Quote.speaker_as_written)
            .outerjoin(models.Quote, models.Quote.document_id == models.Document.id)
            .where(models.Document.id.in_(stored_from))) if stored_from else ():
        documents[row.id] = row
        if row.speaker_id in holders:
            quoted.add((key_of.get(row.speaker_as_written), row.id))
    first_stored: dict[str, set[int]] = {key: set() for key in keys}
    for alias in live:
        if alias.document_id in documents:
            first_stored[alias.normalized].add(alias.document_id)
    for key, stored in first_stored.items():
        counts[key] += sum((key, d) not in quoted for d in stored)
    # 3. The earliest documents of each key: the earliest few of each form's (each a
    #    seek in the index on (speaker_id, speaker_as_written, published, document_id)),
    #    and the aliases' own.
    forms = [w for w, key in key_of.items() if key in keys]
    candidates = {key: {d: documents[d].published for d in stored}
                  for key, stored in first_stored.items()}
    for number, document_id, published in _earliest(session, next(iter(holders), 0), forms):
        candidates[key_of[forms[number]]][document_id] = published
    earliest = {key: sorted(found, key=lambda d: (found[d] is None, found[d] or date.min, d))
                [:SEEN_IN_SHOWN] for key, found in candidates.items()}
    return _shown_sightings(session, live, earliest, counts, documents)


def _written_key(written: str) -> str:
    """The alias key a way of writing a speaker carries ("President Jane Roe": jane roe)."""
    return normalize_name(split_mention(written).name)


def _earliest(session: Session, speaker_id: int, forms: list[str]) -> list[tuple[int, int, date | None]]:
    """(number of the form in `forms`, document id, published) of the earliest
    SEEN_IN_SHOWN documents (by date, undated last, then id) that wrote the speaker in
    each form, in one query, each form's read in the order of the index on (speaker_id,
    speaker_as_written, published, document_id): on PostgreSQL, whose index puts NULL
    last, a LATERAL subquery over the forms (planned once: a UNION of one subquery a form
    took 10 ms to plan for the top speaker's 33); on SQLite, whose index puts NULL first,
    a UNION of each form's dated and undated documents (written as text: building it from
    SQL expressions cost more than running it)."""
    if not forms:
        return []
    if session.get_bind().dialect.name == "postgresql":
        query = sql_text(
            "SELECT f.n - 1 AS form, e.document_id, e.published"
            " FROM unnest(CAST(:forms AS text[])) WITH ORDINALITY AS f(form, n),"
            " LATERAL (SELECT document_id, published FROM quotes WHERE speaker_id = :speaker"
            " AND speaker_as_written = f.form GROUP BY published, document_id"
            f" ORDER BY published NULLS LAST, document_id LIMIT {SEEN_IN_SHOWN}) AS e"
        ).bindparams(speaker=speaker_id, forms=forms)
    else:
        part = ("SELECT {n} AS form, document_id, published FROM (SELECT document_id, published"
                " FROM quotes WHERE speaker_id = :speaker AND speaker_as_written = :form{n}"
                " AND published IS {null} GROUP BY published, document_id"
                f" ORDER BY published, document_id LIMIT {SEEN_IN_SHOWN}) AS e{{n}}{{null[0]}}")
        query = sql_text(" UNION ALL ".join(part.format(n=n, null=null)
                                            for n in range(len(forms))
                                            for null in ("NOT NULL", "NULL")))
        query = query.bindparams(speaker=speaker_id,
                                 **{f"form{n}": f for n, f in enumerate(forms)})
    rows = session.execute(query.columns(column("form", Integer), column("document_id", Integer),
                                         column("published", Date)))
    return [tuple(row) for row in rows]


def _shown_sightings(session: Session, live: list[models.SpeakerAlias],
                     earliest: dict[str, list[int]], counts: dict[str, int],
                     known: dict[int, Row] | None = None) -> list[dict]:
    """The aliases' sightings: each key's count and earliest documents, those not `known`
    (rows of id, outlet, published) read once."""
    shown = dict(known or {})
    if missing := {i for firsts in earliest.values() for i in firsts} - shown.keys():
        shown |= {row.id: row for row in session.execute(
            select(models.Document.id, models.Document.outlet, models.Document.published)
            .where(models.Document.id.in_(missing)))}
    seen = {key: (counts[key], _seen_in([shown[i] for i in firsts], counts[key]))
            for key, firsts in earliest.items()}
    return [{"alias": a.alias, "origin": a.origin, "documents": seen[a.normalized][0],
             "seen_in": seen[a.normalized][1]} for a in live]


def _sightings_read(session: Session, ids: list[int], live: list[models.SpeakerAlias]
                    ) -> list[dict]:
    """`_sightings` from the documents themselves, for a family of which several speakers
    have quotes (whose sets `SpeakerWritten` cannot join): every quote's entry read."""
    # 1. The ways the speakers were written (a few), by the alias key each carries.
    forms: dict[str, list[str]] = {}
    for written in dict.fromkeys(w for i in ids for w in _written(session, i)):
        forms.setdefault(_written_key(written), []).append(written)
    # 2. Each alias key's documents (id, publication date), the quotes' side read from the
    #    speaker's index (the quote's copy of its article's date): in one query, counted
    #    and the earliest three kept.
    earliest: dict[str, list[int]] = {}
    counts: dict[str, int] = {}
    for key in dict.fromkeys(a.normalized for a in live):
        documents = union(
            select(models.Quote.document_id.label("id"), models.Quote.published).where(
                models.Quote.speaker_id.in_(ids),
                models.Quote.speaker_as_written.in_(forms.get(key, []))),
            select(models.SpeakerAlias.document_id, models.Document.published)
            .join(models.Document, models.Document.id == models.SpeakerAlias.document_id)
            .where(models.SpeakerAlias.speaker_id.in_(ids), models.SpeakerAlias.normalized == key,
                   models.SpeakerAlias.origin != "removed"),
        ).subquery()
        rows = session.execute(
            select(documents.c.id, func.count().over())
            .order_by(documents.c.published.asc().nulls_last(), documents.c.id)
            .limit(SEEN_IN_SHOWN)).all()
        earliest[key] = [document for document, _ in rows]
        counts[key] = rows[0][1] if rows else 0
    return _shown_sightings(session, live, earliest, counts)


def _written(session: Session, speaker_id: int) -> list[str]:
    """The distinct ways the speaker was written (speaker_as_written, never None)."""
    forms = _distinct(models.Quote.speaker_as_written, speaker_id)
    return list(session.scalars(select(forms.c.value).where(forms.c.value.is_not(None))))


def _distinct(column, speaker_id: int):
    """A recursive CTE (`value`, ending in a NULL row) of the distinct values of a column
    of the speaker's quotes, each found by one seek in an index on (speaker_id, column,
    ...): the next value after the last one found. A few dozen seeks where DISTINCT read
    every quote's entry (77,631 for the most quoted at a million quotes)."""
    quote = models.Quote
    found = select(func.min(column).label("value")).where(
        quote.speaker_id == speaker_id).cte(f"distinct_{column.key}", recursive=True)
    following = select(func.min(column)).where(
        quote.speaker_id == speaker_id, column > found.c.value).scalar_subquery()
    return found.union_all(select(following).where(found.c.value.is_not(None)))


def _roles(session: Session, ids: list[int]) -> list[dict]:
    """Each role of the speakers `ids` with the first and last publication date of the
    documents it was written in, and how many (`SpeakerRoleCount`, kept by the database);
    roles that differ only in case are one, shown as first stored."""
    count = models.SpeakerRoleCount
    rows = session.execute(
        select(count.role, count.organisation, count.first_published, count.last_published,
               count.documents, count.first_id)
        .where(count.speaker_id.in_(ids))
    ).all()
    roles: dict[tuple[str, str], dict] = {}
    for role, organisation, first, last, n, _ in sorted(rows, key=lambda row: row[5]):
        entry = roles.setdefault((role.casefold(), (organisation or "").casefold()), {
            "role": role, "organisation": organisation, "first": None, "last": None,
            "documents": 0})
        entry["first"] = min(filter(None, (entry["first"], first)), default=None)
        entry["last"] = max(filter(None, (entry["last"], last)), default=None)
        entry["documents"] += n
    return list(roles.values())


def _seen_in(documents: Sequence, count: int) -> str | None:
    """The earliest `documents` (rows of id, outlet, published) as "#id outlet date; ...",
    and how many more of `count` there are."""
    text = "; ".join(_where(d) for d in documents)
    more = count - len(documents)
    return (f"{text} (+{more} more)" if more > 0 else text) or None


def _where(document: models.Document | None) -> str | None:
    """How a document is shown in a profile: "#id outlet date"."""
    if document is None:
        return None
    return " ".join(str(p) for p in (f"#{document.id}", document.outlet, document.published) if p)


def possible_duplicates(
    session: Session, speaker: models.Speaker, family: list[models.Speaker] | None = None
) -> list[tuple[models.Speaker, str]]:
    """People kept apart from `speaker` who share its surname or spelling key, with
    the reason they were not merged (`family`: its `merged_family`, read when not given).
    Organisations and unnamed sources: none."""
    if speaker.kind != "person":
        return []
    family = family or merged_family(session, speaker)
    own = [a for s in family for a in s.aliases if a.origin != "removed"]

    def sharing(alias):
        return or_(alias.surname.in_({a.surname for a in own if a.surname}),
                   alias.key.in_({a.key for a in own}))

    other = aliased(models.SpeakerAlias)
    rows = session.execute(
        _live_aliases().where(
            models.Speaker.kind == "person",
            models.Speaker.merged_into_id.is_(None),
            models.Speaker.id.notin_([s.id for s in family]),
            sharing(models.SpeakerAlias),
            # The speakers with such an alias first (index seeks), not every speaker with
            # its aliases looked up: SQLite's plan without statistics (quotes never
            # analyses) took 200 ms for a common surname at a million quotes.
            models.Speaker.id.in_(select(other.speaker_id).where(sharing(other))),
        )
    ).all()
    reasons: dict[int, tuple[models.Speaker, str]] = {}
    for alias, other in rows:
        if other.id not in reasons:
            reasons[other.id] = (other, same_person(speaker.name, other.name)[1])
    return [reasons[sid] for sid in sorted(reasons)]
