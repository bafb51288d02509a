"""The project's scorer: matching, speaker names, and agreement with the shared score.py."""

from __future__ import annotations

import importlib.util

import pytest

from conftest import ROOT
from quotes.evaluate import read_gold, same_speaker, score
from quotes.errors import QuotesError

TEXT = "“We will win,” Jane Smith said. Officials said the plan would fail. It is “great” news."
GOLD = [{"id": "a", "text": TEXT, "quotes": [
    {"content": [1, 12], "cue": [25, 29], "speaker": [15, 25], "speaker_text": "Jane Smith", "kind": "direct"},
    {"content": [46, 66], "cue": [41, 45], "speaker": [31, 40], "speaker_text": "Officials", "kind": "indirect"},
]}]

# (predicted quotes, overlap direct+mixed F1, speaker accuracy, end-to-end F1)
CASES = [
    ([], 0.0, 0.0, 0.0),
    ([{"content": [0, 13], "speaker": [15, 25], "kind": "direct"}], 1.0, 1.0, 2 / 3),
    ([{"content": [1, 12], "speaker_text": "Smith", "kind": "direct"}], 1.0, 1.0, 2 / 3),
    ([{"content": [1, 12], "speaker_text": "John Smith", "kind": "direct"}], 1.0, 0.0, 0.0),
    ([{"content": [1, 5], "speaker_text": "Jane Smith", "kind": "direct"}], 0.0, 0.0, 0.0),
    ([{"content": [75, 82], "speaker_text": "Jane Smith", "kind": "direct"}], 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize(("predicted", "f1", "accuracy", "end_to_end"), CASES)
def test_score(predicted, f1, accuracy, end_to_end):
    scores = score(GOLD, {"a": predicted})
    assert scores.prf("direct+mixed")[2] == pytest.approx(f1)
    rows = {r["measure"]: r for r in scores.rows()}
    assert rows["speaker accuracy"]["f1"] == pytest.approx(accuracy, abs=1e-4)
    assert rows["end-to-end quote+speaker"]["f1"] == pytest.approx(end_to_end, abs=1e-4)


# The strict measure: the predicted record's resolved speaker must name the gold one.
# Gold: "she" resolved to Jane Smith; "Officials" with no speaker_text (its mention is the name).
NAMED_TEXT = "Jane Smith spoke. “We will win,” she said. Officials said the plan would fail."
NAMED_GOLD = [{"id": "b", "text": NAMED_TEXT, "quotes": [
    {"content": [18, 32], "cue": [37, 41], "speaker": [33, 36], "speaker_text": "Jane Smith", "kind": "direct"},
    {"content": [58, 78], "cue": [53, 57], "speaker": [43, 52], "kind": "indirect"},
]}]
SHE, OFFICIALS = [33, 36], [43, 52]

# (predicted quotes, speaker accuracy, speaker name accuracy, end-to-end name F1)
NAMED_CASES = [
    ([{"content": [18, 32], "speaker": SHE, "speaker_text": "Jane Smith", "kind": "direct"}], 1.0, 1.0, 2 / 3),
    ([{"content": [18, 32], "speaker": SHE, "speaker_text": "Smith", "kind": "direct"}], 1.0, 1.0, 2 / 3),
    # the mention overlaps but resolves to someone else, or to nothing
    ([{"content": [18, 32], "speaker": SHE, "speaker_text": "John Doe", "kind": "direct"}], 1.0, 0.0, 0.0),
    ([{"content": [18, 32], "speaker": SHE, "kind": "direct"}], 1.0, 0.0, 0.0),
    # a name without a mention span is judged by the name alone, as before
    ([{"content": [18, 32], "speaker_text": "Jane Smith", "kind": "direct"}], 1.0, 1.0, 2 / 3),
    # gold without speaker_text: its mention's words are the name
    ([{"content": [58, 78], "speaker": OFFICIALS, "speaker_text": "Officials", "kind": "indirect"}], 1.0, 1.0, 2 / 3),
    ([{"content": [58, 78], "speaker": OFFICIALS, "speaker_text": "Jane Smith", "kind": "indirect"}], 1.0, 0.0, 0.0),
    # the right name on an unmatched quote counts for nothing
    ([{"content": [0, 10], "speaker_text": "Jane Smith", "kind": "indirect"}], 0.0, 0.0, 0.0),
]


@pytest.mark.parametrize(("predicted", "accuracy", "name_accuracy", "end_to_end"), NAMED_CASES)
def test_speaker_name_accuracy(predicted, accuracy, name_accuracy, end_to_end):
    rows = {r["measure"]: r for r in score(NAMED_GOLD, {"b": predicted}).rows()}
    assert rows["speaker accuracy"]["f1"] == pytest.approx(accuracy, abs=1e-4)
    assert rows["speaker name accuracy"]["f1"] == pytest.approx(name_accuracy, abs=1e-4)
    assert rows["end-to-end quote+speaker name"]["f1"] == pytest.approx(end_to_end, abs=1e-4)


SPEAKERS = [
    ("Trump", "Donald J. Trump", True),
    ("Bill Clinton", "Hillary Clinton", False),
    ("Ukrainian official", "a senior Ukrainian official", True),
    ("Mr. Barrett's", "Kevin Barrett", True),
    ("Jim Clyburn, a congressman", "Clyburn", True),
    ("he", "she", False),
    (None, "Smith", False),
]


@pytest.mark.parametrize(("a", "b", "same"), SPEAKERS)
def test_same_speaker(a, b, same):
    assert same_speaker(a, b) is same


def test_bad_gold_line_names_it(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(QuotesError, match=r"gold.jsonl:2"):
        list(read_gold(path))


SCORER = ROOT.parent / "shared" / "eval" / "score.py"


def test_agrees_with_shared_scorer(tmp_path):
    """Same numbers as the shared score.py on a synthetic gold and prediction."""
    if not SCORER.exists():
        pytest.skip(f"no shared scorer at {SCORER}")
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    shared = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(shared)
    predicted = {"a": [{"content": [1, 12], "speaker_text": "Smith", "kind": "direct"},
                       {"content": [46, 60], "speaker": [31, 40], "kind": "indirect"},
                       {"content": [75, 82], "speaker_text": "Jane", "kind": "direct"}]}
    counts = shared.score({d["id"]: d for d in GOLD}, {k: {"quotes": v} for k, v in predicted.items()})
    _, out = shared.report(counts, 0.5)
    ours = {r["measure"]: r for r in score(GOLD, predicted).rows()}
    assert ours["overlap direct+mixed"]["f1"] == pytest.approx(out["overlap>=0.50/direct+mixed"]["F1"], abs=1e-3)
    assert ours["overlap indirect-speech"]["recall"] == pytest.approx(
        out["overlap>=0.50/indirect-speech"]["R"], abs=1e-3)
    assert ours["speaker accuracy"]["f1"] == pytest.approx(out["speaker/accuracy"]["acc"], abs=1e-3)
    assert ours["end-to-end quote+speaker"]["f1"] == pytest.approx(out["attribution/end2end"]["F1"], abs=1e-3)
