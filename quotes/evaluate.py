"""Score detected quotes against annotated documents (the `{"id", "text", "quotes"}` format).

Measures, as in the shared evaluation README:
- content overlap: a predicted and a gold content match when they share at least
  half of the longer span (after trimming spaces, punctuation and quotation marks),
  one-to-one, best overlap first; recall counts by the gold kind, precision by the
  predicted kind;
- indirect-speech recall: over gold indirect quotes whose cue is a speech word;
- speaker accuracy over matched pairs: speaker spans overlap, or the names agree
  (see `same_speaker`);
- end-to-end: a gold quote counts when it is matched and its speaker is right;
- speaker name accuracy and end-to-end with it (strict): the predicted record's resolved
  speaker (`speaker_text`, what the database stores; the mention as written when there is
  none) must name the gold resolved speaker (`speaker_text`, else the gold mention) by
  `same_speaker`; overlapping mentions alone do not count ("he" resolved to the wrong person).
Not handled: partial credit for split quotes beyond the overlap rule.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language

from quotes.detect.lexicon import cues, titles
from quotes.errors import QuotesError
from quotes.identity.names import word_list

THRESHOLD = 0.5
_TRIM = set(" \t\r\n\u00a0.,;:!?\"'()[]{}“”‘’„«»-–—…")
_OPEN, _CLOSE = "“„«", "”»"
_WORD = re.compile(r"[^\W_]+")
_OPENERS = word_list("name_openers.txt")  # articles, demonstratives, honorifics
_PRONOUNS = word_list("pronouns.txt")
_NAME_TITLES = titles() | {"house", "senate", "state"}  # capitalised words that are no given name


# Verbs of communication: an indirect quote whose cue has one of these is reported speech
# (PolNeAR also annotates beliefs, intentions and documents, "polls show").
SPEECH_LEMMAS = {
    "say", "tell", "add", "state", "announce", "claim", "argue", "insist", "explain", "note",
    "write", "tweet", "post", "warn", "report", "suggest", "acknowledge", "admit", "confirm",
    "deny", "declare", "ask", "reply", "respond", "assert", "contend", "predict", "promise",
    "pledge", "vow", "recall", "comment", "remark", "mention", "urge", "stress", "emphasize",
    "concede", "complain", "accuse", "boast", "joke", "testify", "disclose", "reveal", "call",
    "describe",
}


def _speech_words() -> set[str]:
    """Word forms that make a cue a verb of communication."""
    words = {form for form, cue in cues().items() if cue.lemma in SPEECH_LEMMAS}
    return words | {"according", "statement", "written", "quote", "quotes", "quoted", "quoting"}


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts behind the measures; the properties turn them into rates."""

    counts: Counter

    def _rate(self, hits: str, total: str) -> float:
        return self.counts[hits] / self.counts[total] if self.counts[total] else 0.0

    def prf(self, name: str) -> tuple[float, float, float]:
        p = self._rate(f"{name}:tp_pred", f"{name}:pred")
        r = self._rate(f"{name}:tp_gold", f"{name}:gold")
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def rows(self) -> list[dict[str, object]]:
        """One row per measure: precision, recall, F1 (or accuracy) and the counts."""
        rows = [self._prf_row(f"overlap {name}", name)
                for name in ("direct", "mixed", "indirect", "direct+mixed", "indirect-speech")]
        rows.append(self._accuracy_row("speaker accuracy", "speaker:ok"))
        rows.append(self._prf_row("end-to-end quote+speaker", "end-to-end"))
        # the strict pair: the resolved name must be right, not only the mention
        rows.append(self._accuracy_row("speaker name accuracy", "speaker-name:ok"))
        rows.append(self._prf_row("end-to-end quote+speaker name", "end-to-end-name",
                                  counted="end-to-end"))
        return rows

    def _prf_row(self, measure: str, name: str, counted: str | None = None) -> dict[str, object]:
        """Precision, recall and F1 of `name`; gold and predicted counted under `counted`."""
        p, r, f = self.prf(name)
        counted = counted or name
        return {"measure": measure, "precision": round(p, 4), "recall": round(r, 4),
                "f1": round(f, 4), "gold": self.counts[f"{counted}:gold"],
                "predicted": self.counts[f"{counted}:pred"]}

    def _accuracy_row(self, measure: str, ok: str) -> dict[str, object]:
        """Right speakers among the matched pairs; `predicted` holds how many were right."""
        return {"measure": measure, "precision": None, "recall": None,
                "f1": round(self._rate(ok, "speaker:pairs"), 4),
                "gold": self.counts["speaker:pairs"], "predicted": self.counts[ok]}


def _quoted_mask(text: str) -> list[bool]:
    """For each character: inside quotation marks (marks included), per line."""
    mask, inside = [False] * len(text), False
    for i, ch in enumerate(text):
        if ch == "\n":
            inside = False
        elif ch in _OPEN or ch in _CLOSE or ch == '"':
            mask[i] = True
            inside = ch in _OPEN or (ch == '"' and not inside)
        else:
            mask[i] = inside
    return mask


def _kind(text: str, mask: list[bool], span: list[int]) -> str:
    inside = outside = 0
    for i in range(max(0, span[0]), min(span[1], len(text))):
        if text[i].isalnum():
            inside += mask[i]
            outside += not mask[i]
    return "indirect" if not inside else "direct" if not outside else "mixed"


def _trim(text: str, span) -> tuple[int, int] | None:
    if not span:
        return None
    s, e = max(0, int(span[0])), min(len(text), int(span[1]))
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    return (s, e) if e > s else None


def _common(a, b) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _pairs(gold: list, predicted: list) -> list[tuple[int, int]]:
    """One-to-one matches, best overlap ratio first."""
    candidates = sorted(
        ((_common(g, p) / max(g[1] - g[0], p[1] - p[0]), i, j)
         for i, g in enumerate(gold) if g for j, p in enumerate(predicted) if p
         if _common(g, p) / max(g[1] - g[0], p[1] - p[0]) >= THRESHOLD),
        key=lambda c: (-c[0], c[1], c[2]),
    )
    used_gold, used_pred, pairs = set(), set(), []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((i, j))
    return pairs


def _name_pieces(name: str | None) -> list[tuple[list[str], list[str]]]:
    """(lower-case words, words as written) per comma/dash piece, without articles and honorifics."""
    name = re.sub(r"\([^)]*\)", " ", name or "")
    pieces = []
    for piece in re.split(r"[,;—–]| - ", name):
        words = _WORD.findall(re.sub(r"[’']s\b", "", piece))
        while words and words[0].lower() in _OPENERS:
            words = words[1:]
        if words:
            pieces.append(([w.lower() for w in words], words))
    return pieces


def same_speaker(a: str | None, b: str | None) -> bool:
    """Names agree: equal; same capitalised surname unless the given names differ
    ("Bill Clinton" is not "Hillary Clinton"); or the shorter description (two words
    or more) ends the longer ("Ukrainian official" ~ "a senior Ukrainian official")."""
    for lower_a, words_a in _name_pieces(a):
        for lower_b, words_b in _name_pieces(b):
            if lower_a == lower_b:
                return True
            if lower_a[-1] == lower_b[-1] and lower_a[-1] not in _PRONOUNS \
                    and words_a[-1][:1].isupper() and words_b[-1][:1].isupper():
                given_a = {w.lower() for w in words_a[:-1] if w[:1].isupper()} - _NAME_TITLES
                given_b = {w.lower() for w in words_b[:-1] if w[:1].isupper()} - _NAME_TITLES
                if not (given_a and given_b and not given_a & given_b):
                    return True
            short, long = sorted((lower_a, lower_b), key=len)
            if len(short) >= 2 and long[-len(short):] == short:
                return True
    return False


def _speaker_name(text: str, quote: dict) -> str | None:
    if quote.get("speaker_text"):
        return quote["speaker_text"]
    span = quote.get("speaker")
    return text[span[0] : span[1]] if span else None


def score(gold: Iterable[dict], predicted: dict[str, list[dict]]) -> Scores:
    """Scores of `predicted` (quotes per document id) against the gold documents."""
    counts: Counter = Counter()
    speech = _speech_words()
    for document in gold:
        text = document["text"]
        mask = _quoted_mask(text)
        golds = document.get("quotes", [])
        preds = predicted.get(document["id"], [])
        gold_kinds = [q.get("kind") or _kind(text, mask, q["content"]) for q in golds]
        pred_kinds = [q.get("kind") or _kind(text, mask, q["content"]) for q in preds]
        is_speech = [
            kind == "indirect" and bool(q.get("cue")) and (
                ":" in text[q["cue"][0] : q["cue"][1]]
                or any(w.lower() in speech for w in _WORD.findall(text[q["cue"][0] : q["cue"][1]])))
            for kind, q in zip(gold_kinds, golds)
        ]
        # 1. content: per kind, direct+mixed together, and reported speech
        for kind in gold_kinds:
            counts[f"{kind}:gold"] += 1
            counts["direct+mixed:gold"] += kind != "indirect"
        for kind in pred_kinds:
            counts[f"{kind}:pred"] += 1
            counts["direct+mixed:pred"] += kind != "indirect"
        counts["indirect-speech:gold"] += sum(is_speech)
        counts["indirect-speech:pred"] += pred_kinds.count("indirect")
        pairs = _pairs([_trim(text, q["content"]) for q in golds], [_trim(text, q["content"]) for q in preds])
        for i, j in pairs:
            counts[f"{gold_kinds[i]}:tp_gold"] += 1
            counts[f"{pred_kinds[j]}:tp_pred"] += 1
            counts["direct+mixed:tp_gold"] += gold_kinds[i] != "indirect"
            counts["direct+mixed:tp_pred"] += pred_kinds[j] != "indirect"
            counts["indirect-speech:tp_gold"] += is_speech[i]
            counts["indirect-speech:tp_pred"] += pred_kinds[j] == "indirect"
        # 2. speakers of matched pairs, and end to end
        counts["end-to-end:gold"] += sum(bool(q.get("speaker") or q.get("speaker_text")) for q in golds)
        counts["end-to-end:pred"] += sum(bool(q.get("speaker") or q.get("speaker_text")) for q in preds)
        counts["end-to-end-name:gold"] = counts["end-to-end:gold"]
        counts["end-to-end-name:pred"] = counts["end-to-end:pred"]
        for i, j in pairs:
            g, p = golds[i], preds[j]
            if not (g.get("speaker") or g.get("speaker_text")):
                continue
            named = same_speaker(_speaker_name(text, g), _speaker_name(text, p))
            right = named or bool(g.get("speaker") and p.get("speaker") and _common(g["speaker"], p["speaker"]))
            counts["speaker:pairs"] += 1
            counts["speaker:ok"] += right
            counts["end-to-end:tp_gold"] += right
            counts["end-to-end:tp_pred"] += right
            counts["speaker-name:ok"] += named
            counts["end-to-end-name:tp_gold"] += named
            counts["end-to-end-name:tp_pred"] += named
    return Scores(counts)


def read_gold(path: str | Path) -> Iterator[dict]:
    """Annotated documents from a JSON Lines file; a bad line raises QuotesError naming it."""
    try:
        lines = Path(path).open(encoding="utf-8-sig")
    except OSError as error:
        raise QuotesError(f"cannot read {path}: {error.strerror}") from None
    with lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                document = json.loads(line)
                if not isinstance(document.get("text"), str) or "id" not in document:
                    raise ValueError("needs 'id' and 'text'")
            except (ValueError, AttributeError) as error:
                raise QuotesError(f"{path}:{number}: not an annotated document ({error})",
                                  hint='each line is {"id", "text", "quotes": [...]}') from None
            yield document


def evaluate(nlp: Language, gold_path: str | Path, batch_size: int = 32) -> Scores:
    """Run `nlp` over the gold documents' texts and score what it finds."""
    gold = list(read_gold(gold_path))
    predicted = {}
    texts = (document["text"] for document in gold)
    for document, doc in zip(gold, nlp.pipe(texts, batch_size=batch_size)):
        predicted[document["id"]] = [q.to_dict() for q in doc._.quotes]
    return score(gold, predicted)
