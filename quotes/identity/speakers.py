"""Speaker rows for detected quotes: one identity across articles and spellings.

`attach_speakers` runs once per document. Within the document it groups mentions
(a surname-only mention joins the one full name it fits); then each named person
or organisation is matched against the speakers already stored, by the rules in
`quotes.identity.names`. Unnamed sources and groups ("a senior official",
"Ukrainian officials") always belong to their document: they are never matched
across articles.

Not handled: coreference ("he", "the minister") - the detector resolves those
into `speaker_text`; merging a group with a named organisation; telling apart
two different people with exactly the same name (curate them with `speakers split`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from quotes.db import models
from quotes.detect.records import Quote
from quotes.identity.names import (
    group_key,
    normalize_name,
    organisation_names,
    parse_person,
    same_person,
    split_mention,
    variant_key,
)

FUZZY_CUTOFF = 88  # rapidfuzz token-sort ratio on variant keys, for lookups only


@dataclass
class _Cluster:
    """Mentions of one speaker inside one document."""

    kind: str
    names: list[str] = field(default_factory=list)  # bare names / surface forms, in order seen
    speaker: models.Speaker | None = None

    @property
    def display(self) -> str:
        """The fullest name seen: most words, first seen on a tie."""
        return max(self.names, key=lambda n: (len(n.split()), -self.names.index(n)))


def attach_speakers(
    session: Session, document: models.Document, found: Sequence[Quote]
) -> list[models.Speaker | None]:
    """Find or create the Speaker for each detected quote (None when it has no speaker).

    Adds every surface form as an alias and each role as written (with the
    organisation it names, if any) for this document. Flushes, does not commit.
    """
    if document.id is None:
        session.add(document)
        session.flush()
    clusters: list[_Cluster] = []
    per_quote: list[tuple[_Cluster, str, str | None] | None] = []
    # 1. Group the document's mentions into clusters, one per speaker.
    for quote in found:
        surface = quote.speaker_text or quote.text_of(document.text, quote.speaker)
        if not surface or not surface.strip():
            per_quote.append(None)
            continue
        kind = quote.speaker_kind or "person"
        mention = split_mention(surface) if kind == "person" else None
        if mention is not None and not mention.name:
            kind, mention = "unnamed", None  # "the foreign minister", never resolved to a name
        name = mention.name if mention else " ".join(surface.split())
        role = quote.role or (mention.role if mention else None)
        per_quote.append((_cluster_for(clusters, kind, name), name, role))
    # 2. Find or create the stored speaker of each cluster, with its aliases.
    for cluster in clusters:
        cluster.speaker = _stored_speaker(session, document, cluster)
        _add_aliases(session, cluster.speaker, cluster)
    # 3. Record each role as written for this document.
    seen_roles = set()
    for entry in per_quote:
        if entry is None or not entry[2]:
            continue
        cluster, _, role = entry
        if (cluster.speaker.id, role) not in seen_roles:
            seen_roles.add((cluster.speaker.id, role))
            _add_role(session, cluster.speaker, document, role)
    session.flush()
    return [entry[0].speaker if entry else None for entry in per_quote]


def _cluster_for(clusters: list[_Cluster], kind: str, name: str) -> _Cluster:
    """The cluster a mention joins in this document, created if none fits.

    People: same person by `same_person(..., same_document=True)`; when several
    clusters fit, only the single one with a full name is joined, so a lone
    "Clinton" with Bill and Hillary in the article gets its own cluster. Others: same alias key (organisations: any of their names).
    """
    if kind == "person":
        fits = [c for c in clusters if c.kind == "person"
                and any(same_person(name, n, same_document=True)[0] for n in c.names)]
        if len(fits) > 1:  # prefer the one cluster that has a full name
            fits = [c for c in fits if any(len(n.split()) > 1 for n in c.names)]
        if len(fits) == 1:
            fits[0].names.append(name)
            return fits[0]
    else:
        keys = _keys(kind, name)
        for cluster in clusters:
            if cluster.kind == kind and keys & set().union(*(_keys(kind, n) for n in cluster.names)):
                cluster.names.append(name)
                return cluster
    cluster = _Cluster(kind, [name])
    clusters.append(cluster)
    return cluster


def _keys(kind: str, name: str) -> set[str]:
    """Alias keys of a non-person mention."""
    if kind == "organisation":
        return {normalize_name(n) for n in organisation_names(name)}
    return {group_key(name)}


def _stored_speaker(session: Session, document: models.Document, cluster: _Cluster) -> models.Speaker:
    """The stored speaker for a cluster: matched across articles for people and
    organisations, within the document for unnamed sources and groups; else new."""
    if cluster.kind == "person":
        speaker = _match_person(session, cluster)
    else:
        keys = set().union(*(_keys(cluster.kind, n) for n in cluster.names))
        query = (
            select(models.Speaker)
            .join(models.SpeakerAlias)
            .where(models.Speaker.kind == cluster.kind, models.SpeakerAlias.normalized.in_(keys))
            .order_by(models.Speaker.id)
        )
        if cluster.kind != "organisation":
            query = query.where(models.Speaker.document_id == document.id)
        speaker = session.scalars(query).first()
    if speaker is None:
        name = cluster.display
        if cluster.kind == "organisation":
            name = organisation_names(name)[0]
        speaker = models.Speaker(
            name=name,
            kind=cluster.kind,
            document_id=None if cluster.kind in ("person", "organisation") else document.id,
        )
        session.add(speaker)
        session.flush()
    return speaker


def _person_aliases(session: Session) -> list[tuple[models.SpeakerAlias, models.Speaker]]:
    """Every alias of every named person."""
    return list(
        session.execute(
            select(models.SpeakerAlias, models.Speaker)
            .join(models.Speaker)
            .where(models.Speaker.kind == "person", models.Speaker.document_id.is_(None))
            .order_by(models.Speaker.id, models.SpeakerAlias.id)
        )
    )


def _match_person(session: Session, cluster: _Cluster) -> models.Speaker | None:
    """The one stored person this cluster is, or None when none or several fit.

    A full name matches a speaker one of whose full names is the same person
    (see `same_person`). A cluster with only a surname matches the single
    speaker with a full name of that surname, or else a speaker known by that
    surname alone.
    """
    aliases = _person_aliases(session)
    full_names = [n for n in cluster.names if len(n.split()) > 1]
    if full_names:
        fits = {
            speaker.id: speaker
            for alias, speaker in aliases
            if len(alias.alias.split()) > 1 and any(same_person(n, alias.alias)[0] for n in full_names)
        }
        if len(fits) > 1:
            compact = {variant_key(n).replace(" ", "") for n in full_names}
            fits = {
                speaker.id: speaker
                for alias, speaker in aliases
                if speaker.id in fits and variant_key(alias.alias).replace(" ", "") in compact
            }
        return next(iter(fits.values())) if len(fits) == 1 else None
    lone = parse_person(cluster.names[0])
    if lone is None:
        return None
    by_surname = {
        speaker.id: speaker
        for alias, speaker in aliases
        if (person := parse_person(alias.alias)) and person.given and person.surname == lone.surname
    }
    if len(by_surname) == 1:
        return next(iter(by_surname.values()))
    if by_surname:
        return None  # "Clinton" with Bill and Hillary stored: keep apart
    same = {s.id: s for a, s in aliases if same_person(cluster.names[0], a.alias)[0]}
    return next(iter(same.values())) if len(same) == 1 else None


def _add_aliases(session: Session, speaker: models.Speaker, cluster: _Cluster) -> None:
    """Store each surface form of the cluster once per speaker."""
    forms = cluster.names
    if cluster.kind == "organisation":
        forms = [n for name in cluster.names for n in organisation_names(name)]
    elif cluster.kind != "person":
        forms = [" ".join(n.split()) for n in cluster.names]
    known = set(
        session.scalars(
            select(models.SpeakerAlias.normalized).where(models.SpeakerAlias.speaker_id == speaker.id)
        )
    )
    for form in forms:
        key = group_key(form) if cluster.kind in ("unnamed", "group") else normalize_name(form)
        if key and key not in known:
            known.add(key)
            session.add(models.SpeakerAlias(speaker=speaker, alias=form, normalized=key))
    session.flush()


def _add_role(session: Session, speaker: models.Speaker, document: models.Document, role: str) -> None:
    """Store a role as written for this document, once."""
    exists = session.scalar(
        select(models.SpeakerRole.id).where(
            models.SpeakerRole.speaker_id == speaker.id,
            models.SpeakerRole.document_id == document.id,
            models.SpeakerRole.role == role,
        )
    )
    if exists is None:
        session.add(
            models.SpeakerRole(
                speaker=speaker, document_id=document.id, role=role, organisation=role_organisation(role)
            )
        )


def role_organisation(role: str) -> str | None:
    """The organisation a role names, if it ends in one: "head of ... within Ukraine's
    National Security and Defense Council" -> "Ukraine's National Security and Defense
    Council"; "NATO Secretary General" -> None (not handled: names before the title)."""
    words = role.split()
    for i in range(len(words) - 1, 0, -1):
        if words[i - 1] in ("of", "at", "within", "for", "in") and words[i][:1].isupper():
            return " ".join(words[i:])
    return None


def lookup_speakers(session: Session, name: str) -> list[models.Speaker]:
    """Speakers a user-typed name may mean, best first; empty list if none.

    Tries, in order, and stops at the first tier that finds someone: the exact
    alias (case- and accent-insensitive, titles ignored), then spelling variants
    and the same-person rules (a lone surname finds everyone with that surname),
    then fuzzy similarity of the variant keys. Within a tier, speakers with more
    quotes come first.
    """
    bare = split_mention(name).name or name
    key = normalize_name(bare)
    if not key:
        return []
    exact = session.scalars(
        select(models.Speaker).join(models.SpeakerAlias).where(
            models.SpeakerAlias.normalized.in_({key, group_key(name)})
        )
    ).unique().all()
    if exact:
        return _by_quote_count(session, exact)
    rows = list(session.execute(select(models.SpeakerAlias, models.Speaker).join(models.Speaker)))
    lone = parse_person(bare)
    variants = {
        speaker for alias, speaker in rows
        if same_person(bare, alias.alias)[0]
        or (lone and not lone.given and (p := parse_person(alias.alias)) and p.surname == lone.surname)
    }
    if variants:
        return _by_quote_count(session, variants)
    target = variant_key(bare)
    choices = {i: variant_key(alias.alias) for i, (alias, _) in enumerate(rows)}
    hits = process.extract(target, choices, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF, limit=None)
    best: dict[int, tuple[float, models.Speaker]] = {}
    for _, score, i in hits:
        speaker = rows[i][1]
        best[speaker.id] = max(best.get(speaker.id, (0, speaker)), (score, speaker), key=lambda t: t[0])
    ranked = sorted(best.values(), key=lambda t: -t[0])
    return [speaker for _, speaker in ranked]


def quote_counts(session: Session, speaker_ids: Sequence[int]) -> dict[int, int]:
    """Number of quotes per speaker id (missing ids have none)."""
    rows = session.execute(
        select(models.Quote.speaker_id, func.count(models.Quote.id))
        .where(models.Quote.speaker_id.in_(list(speaker_ids)))
        .group_by(models.Quote.speaker_id)
    )
    return dict(rows.all())


def _by_quote_count(session: Session, speakers) -> list[models.Speaker]:
    speakers = list(speakers)
    counts = quote_counts(session, [s.id for s in speakers])
    return sorted(speakers, key=lambda s: (-counts.get(s.id, 0), s.id))
