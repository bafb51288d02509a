"""Checking a quotation: word diffs, how a stored quote relates to the text, verdicts."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from conftest import SEEDS
from sqlalchemy import func, select
from typer.testing import CliRunner

from quotes.cli.app import app
from quotes.db import models
from quotes.db.engine import open_database, session
from quotes.detect.records import Quote as Found
from quotes.errors import QuotesError
from quotes.identity.check import (
    EXIT_STATUS,
    check_quote,
    distinctive_words,
    quote_view,
    relate,
    render_diff,
    word_diff,
)
from quotes.identity.names import alias_keys, normalize_name
from quotes.identity.speakers import attach_speakers, find_speaker
from quotes.identity.statements import group_statements

BLOOMBERG = "The first North Korean troops have already come under fire in the Kursk region"
FT = ("The first military units of the DPRK [Democratic People’s Republic of Korea] "
      "have already come under fire in Kursk")


@pytest.mark.parametrize(
    ("checked", "found", "marked"),
    [
        # the same words: nothing marked, brackets kept as written
        ("have already come under fire in Kursk", FT, FT),
        # an inserted word inside the aligned stretch; words around it are context
        ("have already come under fire in Kursk", BLOOMBERG,
         "The first North Korean troops have already come under fire in {+the+} Kursk region"),
        # another translation: replaced, deleted words
        (BLOOMBERG, FT,
         "The first [-North Korean troops-] {+military units of the DPRK [Democratic People’s "
         "Republic of Korea]+} have already come under fire in [-the-] Kursk [-region-]"),
        # the found words after the last aligned one replace a checked word there
        ("We are working hard", "We are working and we will be destroying the Russians",
         "We are working [-hard-] {+and we will be destroying the Russians+}"),
        # ... and at the start: a replacement, never context ahead of the checked words
        ("We will never let the Black Sea become a Russian lake",
         "Black Sea will never be a Russian lake",
         "[-We-] {+Black Sea+} will never [-let the Black Sea become-] {+be+} a Russian lake"),
        # two words changed, words around the excerpt are context
        ("We shall never let the Black Sea become a Russian sea",
         "He said we will never let the Black Sea become a Russian lake, and left.",
         "He said we [-shall-] {+will+} never let the Black Sea become a Russian [-sea-] "
         "{+lake, and left.+}"),
        # checked words that are missing at the end
        ("We are working hard and long", "They said: we are working",
         "They said: we are working [-hard and long-]"),
        # nothing in common: all replaced
        ("money", "days", "[-money-] {+days+}"),
        # case and punctuation differences are not differences
        ("“WE ARE WORKING,”", "We are working", "We are working"),
    ],
)
def test_word_diff(checked, found, marked):
    assert render_diff(word_diff(checked, found)) == marked


def test_word_diff_parts_are_structured():
    parts = word_diff("have already come under fire in Kursk", BLOOMBERG)
    assert [(p.op, p.checked, p.found) for p in parts] == [
        ("context", "", "The first North Korean troops"),
        ("equal", "have already come under fire in", "have already come under fire in"),
        ("insert", "", "the"),
        ("equal", "Kursk", "Kursk"),
        ("context", "", "region"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We are working", ["working"]),
        ("have already come under fire in Kursk", ["come", "fire", "kursk"]),
        ("We are", ["we", "are"]),  # only stop words: keep them
        ("Kursk, Kursk!", ["kursk"]),
    ],
)
def test_distinctive_words(text, expected):
    assert distinctive_words(text) == expected


def _quote(sentence: str, content: str, kind: str) -> models.Quote:
    """An unsaved quote whose content lies inside `sentence`."""
    start = sentence.index(content)
    return models.Quote(content=content, content_start=start, content_end=start + len(content),
                        kind=kind, document=models.Document(text=sentence))


BLACK_SEA = ("We will never let the Black Sea become a Russian lake, and we will defend every "
             "port on its coast")
SYBIHA_MIXED = ("Sybiha said he had discussed the “need for decisive action” in response to "
                "North Korea’s deepening involvement in the war.")
SYBIHA_CONTENT = ("the “need for decisive action” in response to North Korea’s deepening "
                  "involvement in the war")


@pytest.mark.parametrize(
    ("text", "quote", "relation"),
    [
        # direct quote containing the text verbatim
        ("have already come under fire in Kursk", _quote(f"“{FT},” he said.", FT, "direct"),
         "as_worded"),
        # direct quote with a word more: another wording
        ("have already come under fire in Kursk",
         _quote(f"“{BLOOMBERG},” he said.", BLOOMBERG, "direct"), "other_wording"),
        # the same words reported as indirect speech are not his wording
        ("have already come under fire in Kursk",
         _quote(f"He said {FT}.", FT, "indirect"), "other_wording"),
        # a quote that is only a piece of the checked text
        (f"{FT} and will be destroyed",
         _quote(f"“{FT},” he said.", FT, "direct"), "partial"),
        # mixed quote: the text inside its quoted fragment
        ("need for decisive action", _quote(SYBIHA_MIXED, SYBIHA_CONTENT, "mixed"), "as_worded"),
        # mixed quote: the text goes beyond the quoted fragment
        ("need for decisive action in response to North Korea’s deepening involvement",
         _quote(SYBIHA_MIXED, SYBIHA_CONTENT, "mixed"), "partial"),
        # unrelated
        ("We will know soon", _quote(f"“{FT},” he said.", FT, "direct"), None),
        # a close rewording: two of ten words changed
        ("We shall never let the Black Sea become a Russian sea",
         _quote(f"“{BLACK_SEA},” he said.", BLACK_SEA, "direct"), "other_wording"),
        # ... but three changed, or stop words only lining up, or too short, is not
        ("They shall not let the Black Sea become a Turkish sea",
         _quote(f"“{BLACK_SEA},” he said.", BLACK_SEA, "direct"), None),
        ("and we will be the one to have it",
         _quote(f"“{BLACK_SEA},” he said.", BLACK_SEA, "direct"), None),
        ("Black Sea lake", _quote(f"“{BLACK_SEA},” he said.", BLACK_SEA, "direct"), None),
    ],
)
def test_relate(text, quote, relation):
    related = relate(text, quote)
    assert (related[0] if related else None) == relation


# --- On a database: the seed articles with their quotes placed by hand, so these tests
# --- depend on the speakers and storage code but not on the detector's coverage.

# (label, content, speaker as written, resolved name, role, kind): each content is cut from
# the seed text; a content with " || " has two parts (the attribution between them).
SEED_QUOTES = {
    "bloomberg": [
        ("kovalenko_bb", BLOOMBERG, "Andriy Kovalenko", "Andriy Kovalenko",
         "the head of the anti-disinformation body", "direct"),
        ("syrskyi", "We are working and we will be destroying the Russians, the North Korean "
         "soldiers and anyone who will threaten Ukraine", "Oleksandr Syrskyi", "Oleksandr Syrskyi",
         "Zelenskiy’s military commander-in-chief", "direct"),
        ("zelenskiy_watching", "Instead of providing the much-needed long-range capabilities, "
         "America is watching, Britain is watching, Germany is watching || Everyone is just "
         "waiting for the North Korean military to start targeting Ukrainians.",
         "Zelenskiy", "Volodymyr Zelenskiy", None, "direct"),
        ("zelenskiy_shipments", "Ukraine is seeing an increase in Western military shipments, "
         "including artillery shells, as part of approved aid packages", "Zelenskiy",
         "Volodymyr Zelenskiy", None, "indirect"),
    ],
    "ft": [
        ("kovalenko_ft", FT, "Andriy Kovalenko", "Andriy Kovalenko",
         "Ukraine’s top counter-disinformation official", "direct"),
        ("sybiha", "We urge Europe to realise that the DPRK troops are now carrying [out] an "
         "aggressive war in Europe against a sovereign European state", "Sybiha",
         "Andrii Sybiha", None, "direct"),
        ("sybiha_mixed", SYBIHA_CONTENT, "Andrii Sybiha", "Andrii Sybiha", "foreign minister",
         "mixed"),
        ("zelenskyy_ft", "Ukraine could see where Russia was gathering the North Koreans",
         "Volodymyr Zelenskyy", "Volodymyr Zelenskyy", "Ukrainian President", "indirect"),
    ],
}
SEED_FILES = {"bloomberg": ("bloomberg-2024-11-04-north-korean-troops.txt", "Bloomberg"),
              "ft": ("ft-2024-11-04-north-korean-troops.txt", "Financial Times")}


def _found(text: str, content: str, written: str, name: str, role: str | None,
           kind: str) -> Found:
    """A detector record for `content` in `text`, the speaker mention nearest after it."""
    pieces = content.split(" || ")
    parts = []
    for piece in pieces:
        start = text.index(piece, parts[-1][1] if parts else 0)
        parts.append((start, start + len(piece)))
    speaker_start = text.find(written, parts[0][1])
    if speaker_start < 0 or speaker_start > parts[0][1] + 300:
        speaker_start = text.rindex(written, 0, parts[0][0])
    return Found(content=(parts[0][0], parts[-1][1]), kind=kind,
                 parts=tuple(parts) if len(parts) > 1 else (),
                 speaker=(speaker_start, speaker_start + len(written)), speaker_text=name,
                 speaker_kind="person", role=role, confidence=0.9, rule="by-hand")


def seed_database(url: str) -> dict[str, int]:
    """Store the two seed articles with SEED_QUOTES; group statements; return ids by label."""
    ids: dict[str, int] = {}
    with session(open_database(url)) as db:
        for key, quotes in SEED_QUOTES.items():
            filename, outlet = SEED_FILES[key]
            text = (SEEDS / filename).read_text(encoding="utf-8").strip()
            document = models.Document(source=filename, content_hash=key, outlet=outlet,
                                       title=f"{outlet}: North Korean troops",
                                       published=date(2024, 11, 4), text=text)
            db.add(document)
            db.flush()
            found = [_found(text, *quote[1:]) for quote in quotes]
            speakers = attach_speakers(db, document, found)
            for (label, *_), record, speaker in zip(quotes, found, speakers, strict=True):
                row = models.Quote(
                    document=document, speaker=speaker,
                    speaker_as_written=record.text_of(text, record.speaker),
                    speaker_start=record.speaker[0], speaker_end=record.speaker[1],
                    role=record.role, content=record.spoken(text),  # as ingest stores it
                    content_start=record.content[0], content_end=record.content[1],
                    parts=[list(p) for p in record.parts], kind=record.kind,
                    detector_version="by-hand", confidence=record.confidence)
                db.add(row)
                db.flush()
                ids[label] = row.id
        group_statements(db)
    return ids


@pytest.fixture
def seeded(db_url):
    return db_url, seed_database(db_url)


def _check(url: str, text: str, speaker: str | None = None):
    """check_quote with the speakers a typed name fits, as the command does."""
    with session(open_database(url)) as db:
        chosen = find_speaker(db, speaker, every_fit=True)[1] if speaker else []
        return check_quote(db, text, chosen, speaker_query=speaker)


def test_check_finds_both_outlets_and_marks_the_difference(seeded):
    url, ids = seeded
    result = _check(url, "have already come under fire in Kursk", "Kovalenko")
    assert result.verdict == "found_as_worded"
    assert "Andriy Kovalenko" in result.summary
    by_id = {o.quote_id: o for o in result.occurrences}
    assert set(by_id) == {ids["kovalenko_ft"], ids["kovalenko_bb"]}
    assert by_id[ids["kovalenko_ft"]].relation == "as_worded"
    assert by_id[ids["kovalenko_bb"]].relation == "other_wording"
    assert "in {+the+} Kursk" in by_id[ids["kovalenko_bb"]].marked
    assert {o.outlet for o in result.occurrences} == {"Bloomberg", "Financial Times"}
    assert result.earliest is not None and result.earliest.date == date(2024, 11, 4)


@pytest.mark.parametrize(
    ("text", "speaker", "verdict", "label"),
    [
        ("We are working", "Zelenskiy", "found_other_speaker", "syrskyi"),
        ("We are working", "Syrskyi", "found_as_worded", "syrskyi"),
        ("We are working", None, "found_as_worded", "syrskyi"),
        # the other translation of Kovalenko's post
        # one word more than FT quoted (FT: partial), Bloomberg's translation has it
        ("The first military units of the DPRK have already come under fire in Kursk region",
         "Kovalenko", "found_other_wording", "kovalenko_bb"),
        # a translation never published, still his statement
        ("North Korean military units have already come under fire in the Kursk region",
         "Andriy Kovalenko", "found_other_wording", "kovalenko_bb"),
        # a direct quote with two words changed: a close rewording
        ("we will be killing the Russians, the North Korean troops", "Syrskyi",
         "found_other_wording", "syrskyi"),
        # reported speech, spelling variant of the speaker
        ("Ukraine could see where Russia was gathering the North Koreans", "Zelenskyy",
         "found_other_wording", "zelenskyy_ft"),
        # only part of the checked words were quoted
        ("need for decisive action against Russia and North Korea", "Sybiha", "found_partial",
         "sybiha_mixed"),
        ("need for decisive action", "Sybiha", "found_as_worded", "sybiha_mixed"),
        # both parts of a quote the attribution interrupts
        ("Germany is watching. Everyone is just waiting", "Zelenskiy", "found_as_worded",
         "zelenskiy_watching"),
        # not found: new words, a different statement, an unknown speaker's words
        ("Peace talks will start in Geneva next week", None, "not_found", None),
        ("North Korean troops were sent to Kursk last month", "Kovalenko", "not_found", None),
    ],
)
def test_check_verdicts(seeded, text, speaker, verdict, label):
    url, ids = seeded
    result = _check(url, text, speaker)
    assert result.verdict == verdict, result.summary
    if label is None:
        assert result.occurrences == () and result.earliest is None
    else:
        assert result.earliest is not None and result.earliest.quote_id == ids[label]


def test_check_rejects_a_text_without_words(seeded):
    url, _ = seeded
    with pytest.raises(QuotesError):
        _check(url, " … ")


def test_group_statements_groups_the_translations(seeded):
    url, ids = seeded
    with session(open_database(url)) as db:
        members = {m.quote_id: m for m in db.scalars(select(models.StatementQuote))}
        statements = db.scalars(select(models.Statement)).all()
    assert members[ids["kovalenko_bb"]].statement_id == members[ids["kovalenko_ft"]].statement_id
    assert members[ids["kovalenko_ft"]].reason == "paraphrase: token sort ratio 72"
    assert members[ids["sybiha"]].statement_id != members[ids["sybiha_mixed"]].statement_id
    assert len(members) == 8  # every quote with a speaker is in one statement
    assert len(statements) == 7
    # grouping again adds nothing
    with session(open_database(url)) as db:
        assert group_statements(db) == 0
        assert db.scalar(select(func.count()).select_from(models.Statement)) == 7


def test_group_statements_follows_a_change_of_speaker(seeded):
    url, ids = seeded
    with session(open_database(url)) as db:  # as after `speakers merge` or `split`
        syrskyi = db.get(models.Quote, ids["syrskyi"]).speaker_id
        db.get(models.Quote, ids["kovalenko_bb"]).speaker_id = syrskyi
        db.get(models.Quote, ids["kovalenko_ft"]).speaker_id = syrskyi
        db.get(models.Quote, ids["syrskyi"]).speaker_id = None
        db.flush()
        assert group_statements(db, [syrskyi]) == 1
        members = {m.quote_id: m.statement for m in db.scalars(select(models.StatementQuote))}
        statements = db.scalars(select(models.Statement)).all()
    moved = members[ids["kovalenko_bb"]]
    assert members[ids["kovalenko_ft"]] is moved and moved.speaker_id == syrskyi
    assert moved.text.startswith("The first North Korean troops")
    assert ids["syrskyi"] not in members  # no speaker, no statement
    assert len(statements) == 6  # Kovalenko's and Syrskyi's old statements are gone


runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["have already come under fire in Kursk", "--speaker", "Kovalenko"], 0,
         ["found as worded, by Andriy Kovalenko", "Bloomberg", "Financial Times", "{+the+}",
          "earliest: 2024-11-04"]),
        (["The first military units of the DPRK have already come under fire in Kursk region",
          "--speaker", "Kovalenko"], 3, ["found in other words, by Andriy Kovalenko"]),
        (["need for decisive action against Russia and North Korea", "--speaker", "Sybiha"], 4,
         ["found only as a partial quote, by Andrii Sybiha"]),
        (["We are working", "--speaker", "Zelenskiy"], 5,
         ["found only attributed to someone else: Oleksandr Syrskyi"]),
        (["Peace talks will start in Geneva next week"], 2, ["not found"]),
        (["We are working", "--speaker", "Nobody Atall"], 5,
         ["found only attributed to someone else", "no speaker matches 'Nobody Atall'"]),
    ],
)
def test_check_command(seeded, args, code, expected):
    url, _ = seeded
    result = runner.invoke(app, ["check", *args, "--db", url])
    assert result.exit_code == code, result.output
    for text in expected:
        assert text in result.stdout


@pytest.mark.parametrize(
    ("verdict", "documented"),
    [("found_as_worded", "0 found as worded"), ("found_other_wording", "3 found in other words"),
     ("found_partial", "4 found only as a partial quote"),
     ("found_other_speaker", "5 found only attributed to someone else"),
     ("not_found", "2 not found")],
)
def test_check_help_documents_each_exit_status(verdict, documented):
    assert documented.startswith(f"{EXIT_STATUS[verdict]} ")
    assert documented in " ".join(runner.invoke(app, ["check", "--help"]).stdout.split())


def test_check_command_json(seeded):
    url, ids = seeded
    result = runner.invoke(app, ["check", "We are working", "--speaker", "Zelenskiy",
                                 "--format", "json", "--db", url])
    assert result.exit_code == 5
    data = json.loads(result.stdout)
    assert data["verdict"] == "found_other_speaker"
    assert data["earliest"]["quote_id"] == ids["syrskyi"]
    assert data["occurrences"][0]["diff"][0] == {"op": "equal", "checked": "We are working",
                                                 "found": "We are working"}


def test_check_command_errors(seeded):
    url, _ = seeded
    result = runner.invoke(app, ["check", "...", "--db", url])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the text to check has no words")


def test_show_quote_in_context(seeded):
    url, ids = seeded
    with session(open_database(url)) as db:
        view = quote_view(db, ids["zelenskiy_watching"])
        assert [q.id for q in view.same_statement] == []
    marked = view.marked()
    assert marked.startswith("“>>>Instead of providing")
    assert "watching<<<,” Zelenskiy said" in marked
    assert "“>>>Everyone is just waiting" in marked
    assert "” Zelenskiy said in his daily address on Friday. “" in view.attribution
    assert view.attribution.endswith("targeting Ukrainians.”")


@pytest.mark.parametrize(
    ("args", "code", "expected"),
    [
        (["show", "{kovalenko_ft}"], 0,
         [">>>The first military units", "Financial Times", "2024-11-04",
          "Attribution: “The first military", "same statement: #{kovalenko_bb} Bloomberg"]),
        (["show", "{kovalenko_ft}", "--format", "json"], 0, ['"outlet": "Financial Times"']),
        (["show", "99999"], 1, []),
        (["show", "abc"], 2, []),  # a usage error
    ],
)
def test_show_command(seeded, args, code, expected):
    url, ids = seeded
    result = runner.invoke(app, [a.format(**ids) for a in args] + ["--db", url])
    assert result.exit_code == code, result.output
    for text in expected:
        assert text.format(**ids) in result.stdout
    if code == 1:
        assert result.stderr.startswith("Error: no quote with id 99999")


# --- The acceptance checks on the seeds as the ingest stores them (rules-only pipeline).


@pytest.fixture
def ingested(db_url, nlp):
    from quotes.ingest.readers import read_articles
    from quotes.ingest.store import ingest

    engine = open_database(db_url)
    summary = ingest(engine, nlp, read_articles([str(SEEDS)]))
    assert summary.new == 2
    with session(engine) as db:
        group_statements(db, summary.speaker_ids)
    return db_url


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["have already come under fire in Kursk", "--speaker", "Kovalenko"],
         ["found as worded, by Andriy Kovalenko", "Financial Times", "Bloomberg",
          "have already come under fire in {+the+} Kursk region"]),
        (["We are working", "--speaker", "Zelenskiy"],
         ["found only attributed to someone else: Oleksandr Syrskyi"]),
    ],
)
def test_acceptance_on_ingested_seeds(ingested, args, expected):
    result = runner.invoke(app, ["check", *args, "--db", ingested])
    assert result.exit_code == (5 if "someone else" in expected[0] else 0), result.output
    for text in expected:
        assert text in result.stdout


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        # search syntax in the text is plain words, on both backends ("near" is one more)
        ('have already come "under" fire* in NEAR(Kursk)', "found_other_wording"),
        ("AND OR NOT", "not_found"),
        # accents and case are ignored in search and in matching
        ("HAVE ALREADY COME UNDER FIRE IN KÜRSK", "found_as_worded"),
        ("under_fire 'Kursk' ; DROP TABLE quotes; --", "not_found"),
    ],
)
def test_check_takes_any_text(seeded, text, verdict):
    url, _ = seeded
    assert _check(url, text).verdict == verdict
    with session(open_database(url)) as db:  # and the database is intact
        assert db.scalar(select(func.count()).select_from(models.Quote)) == 8


def test_check_command_csv(seeded):
    url, ids = seeded
    result = runner.invoke(app, ["check", "have already come under fire in Kursk", "--speaker",
                                 "Kovalenko", "--format", "csv", "--db", url])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [int(r["quote_id"]) for r in rows] == [ids["kovalenko_ft"], ids["kovalenko_bb"]]
    assert "diff" not in rows[0]
    assert rows[1]["marked"].endswith("in {+the+} Kursk region")
    assert result.stderr.strip() == "found as worded, by Andriy Kovalenko"


@pytest.fixture
def two_kovalenkos(seeded):
    """The seeds plus a second person whose alias is also 'Kovalenko'."""
    url, ids = seeded
    with session(open_database(url)) as db:
        db.add(models.Speaker(name="Oleksandr Kovalenko", kind="person", aliases=[
            models.SpeakerAlias(alias="Kovalenko", normalized="kovalenko")]))
    return url


@pytest.mark.parametrize(
    ("command", "said"),
    [
        # check considers every speaker the name fits: the quote is Andriy Kovalenko's own,
        # though the other Kovalenko is the one known by exactly that name
        (["check", "have already come under fire in Kursk"], "checking all of them: #"),
        (["export", "--format", "csv"], "using #"),
    ],
)
def test_an_ambiguous_speaker_is_named_with_the_candidates(two_kovalenkos, command, said):
    result = runner.invoke(app, [*command, "--speaker", "Kovalenko", "--db", two_kovalenkos])
    assert result.exit_code == 0, result.output
    assert f"fits 2 speakers; {said}" in result.stderr
    assert "Andriy Kovalenko" in result.stderr and "Oleksandr Kovalenko" in result.stderr


def test_an_unknown_speaker_is_an_error_for_export_and_a_verdict_for_check(seeded):
    url, _ = seeded
    export = runner.invoke(app, ["export", "--speaker", "Nobody Known", "--db", url])
    assert export.exit_code == 1
    assert "Error: no speaker matches 'Nobody Known'" in export.stderr
    assert "quotes speakers" in export.stderr  # the hint names a real command
    check = runner.invoke(app, ["check", "have already come under fire in Kursk",
                                "--speaker", "Nobody Known", "--db", url])
    assert check.exit_code == 5  # found, but only as someone else's words
    assert check.stdout.startswith("found only attributed to someone else")


WIRE = "“Turkey is a reliable partner for Europe,” Tayyip Erdogan said on Monday."
OUTLET = "“We will keep the straits open,” President Recep Tayyip Erdoğan told reporters."


@pytest.mark.parametrize(
    ("text", "speaker", "code"),
    [
        ("Turkey is a reliable partner for Europe", "Recep Tayyip Erdogan", 0),
        ("We will keep the straits open", "Tayyip Erdogan", 0),
        ("We will keep the straits open", "Erdoğan", 0),
        ("We will keep the straits open", "Bilal Erdogan", 5),  # someone else, rightly
    ],
)
@pytest.mark.parametrize("stored_apart", [False, True])
def test_one_person_written_two_ways_is_one_speaker_for_check(db_url, text, speaker, code,
                                                               stored_apart):
    """Merged on ingest, or two speakers (stored before the names rule): check finds both."""
    with session(open_database(db_url)) as db:
        for name, article, written in (("wire", WIRE, "Tayyip Erdogan"),
                                       ("outlet", OUTLET, "Recep Tayyip Erdoğan")):
            document = models.Document(source=name, content_hash=name, text=article)
            content = article[1:article.index(",”")]
            if stored_apart and name == "outlet":
                key, surname = alias_keys(written)
                speaker_row = models.Speaker(name=written, kind="person", aliases=[
                    models.SpeakerAlias(alias=written, normalized=normalize_name(written),
                                        key=key, surname=surname)])
            else:
                found = [_found(article, content, written, written, None, "direct")]
                (speaker_row,) = attach_speakers(db, document, found)
            db.add(models.Quote(document=document, speaker=speaker_row, content=content,
                                speaker_as_written=written, content_start=1,
                                content_end=1 + len(content), parts=[], kind="direct",
                                detector_version="t", confidence=0.9))
        db.add(models.Speaker(name="Bilal Erdogan", kind="person", aliases=[
            models.SpeakerAlias(alias="Bilal Erdogan", normalized="bilal erdogan")]))
        assert db.query(models.Speaker).count() == 2 + stored_apart
    result = runner.invoke(app, ["check", text, "--speaker", speaker, "--db", db_url])
    assert result.exit_code == code, result.output
