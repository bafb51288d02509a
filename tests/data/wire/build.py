"""Build tune.jsonl and check.jsonl from the annotated articles in source/.

    python3 tests/data/wire/build.py            # write the two files, print counts
    python3 tests/data/wire/build.py --review   # also print every attribution in context

Offsets are never counted by hand: each annotation names its spans by their text and this
script finds them. A source file holds articles, each

    ### ID | OUTLET_STYLE | tune|check | straight|curly
    the article text (paragraphs separated by blank lines)
    @@
    KIND | CONTENT | CUE | SPEAKER | SPEAKER_TEXT

KIND is D (direct), M (mixed) or I (indirect). CONTENT is one or more pieces separated by
" || " (an interrupted or multi-paragraph quotation: content runs from the first piece to
the last, the pieces become content_parts); a piece written "START ... END" runs from START
to the first END after it. The first piece must occur once in the text (or be prefixed "N@"
for its Nth occurrence); each later piece is the first occurrence after the one before. CUE
and SPEAKER are the occurrences nearest to the content, within its paragraphs and outside its
pieces (prefix "<" or ">" to take only those before or after it; "-" for none). SPEAKER_TEXT,
the speaker resolved to a name or role, defaults to the speaker mention. The kind is checked
against the quotation marks, and every span against the text.

Articles marked "curly" are written with straight marks and typeset here (" and ' become
curly quotation marks and apostrophes); annotations always use straight marks.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPENERS = set(" \n([{/\u2014\u2013-")
STRAIGHT = str.maketrans("\u201c\u201d\u2018\u2019", "\"\"''")
KINDS = {"D": "direct", "M": "mixed", "I": "indirect"}


class AnnotationError(ValueError):
    pass


def typeset(text: str) -> str:
    """Curly quotation marks and apostrophes for straight ones, by the character before."""
    out = []
    for i, ch in enumerate(text):
        opening = i == 0 or text[i - 1] in OPENERS
        if ch == '"':
            ch = "\u201c" if opening else "\u201d"
        elif ch == "'":
            ch = "\u2018" if opening else "\u2019"
        out.append(ch)
    return "".join(out)


def occurrences(haystack: str, needle: str, start: int = 0) -> list[int]:
    """Start offsets of `needle` in `haystack`, as whole words where it begins or ends with one."""
    left = r"(?<!\w)" if needle[:1].isalnum() else ""
    right = r"(?!\w)" if needle[-1:].isalnum() else ""
    return [m.start() for m in re.compile(left + re.escape(needle) + right).finditer(haystack, start)]


def find_piece(plain: str, spec: str, after: int | None) -> tuple[int, int]:
    nth = None
    if after is None and re.match(r"\d+@", spec):
        nth, spec = spec.split("@", 1)
        nth = int(nth)
    head, _, tail = spec.partition(" ... ")
    starts = occurrences(plain, head, after or 0)
    if not starts:
        raise AnnotationError(f"not in the text: {head!r}")
    if after is None and nth is None and len(starts) > 1:
        raise AnnotationError(f"occurs {len(starts)} times (prefix N@): {head!r}")
    start = starts[(nth or 1) - 1]
    end = start + len(head)
    if tail:
        ends = occurrences(plain, tail, end)
        if not ends:
            raise AnnotationError(f"end not found after {head!r}: {tail!r}")
        end = ends[0] + len(tail)
    return start, end


def nearest(plain: str, spec: str, parts: list[tuple[int, int]]) -> list[int] | None:
    if spec == "-":
        return None
    side, spec = (spec[0], spec[1:]) if spec[:1] in "<>" else ("", spec)
    lo, hi = parts[0][0], parts[-1][1]
    first = plain.rfind("\n\n", 0, lo) + 1
    last = plain.find("\n\n", hi) % (len(plain) + 1)
    best = []
    for s in occurrences(plain, spec, first):
        if s + len(spec) > last:
            break
        e = s + len(spec)
        if any(s < pe and ps < e for ps, pe in parts):
            continue
        if (side == "<" and e > lo) or (side == ">" and s < hi):
            continue
        distance = lo - e if e <= lo else s - hi if s >= hi else 0
        best.append((distance, s, e))
    if not best:
        raise AnnotationError(f"no {spec!r} outside the content in its paragraphs")
    best.sort()
    if len(best) > 1 and best[0][0] == best[1][0]:
        raise AnnotationError(f"two {spec!r} equally near the content")
    return [best[0][1], best[0][2]]


def kind_from_marks(typeset_text: str, span: list[int], single: bool) -> str:
    """direct/mixed/indirect from the quotation marks (a check on the annotator's kind)."""
    opening, closing = ("\u2018", "\u2019") if single else ("\u201c", "\u201d")
    piece = typeset_text[span[0]:span[1]].strip(" ,.;:")
    if piece[:1] == opening and piece.rstrip(",.?!")[-1:] == closing:
        return "direct"
    return "mixed" if opening in piece else "indirect"


def parse(path: Path):
    blocks = re.split(r"^### ", path.read_text(encoding="utf-8"), flags=re.M)[1:]
    for block in blocks:
        header, _, rest = block.partition("\n")
        doc_id, style, split, marks = [f.strip() for f in header.split("|")]
        body, _, notes = rest.partition("\n@@\n")
        text = body.strip()
        if marks == "curly":
            text = typeset(text)
        yield doc_id, style, split, text, [n for n in notes.splitlines() if n.strip()]


def annotate(text: str, lines: list[str]) -> list[dict]:
    plain = text.translate(STRAIGHT)
    marked = typeset(plain)
    single = marked.count("\u2018") > marked.count("\u201c")
    quotes = []
    for line in lines:
        fields = [f.strip() for f in line.split(" | ")]
        if len(fields) not in (4, 5) or fields[0] not in KINDS:
            raise AnnotationError(f"malformed line: {line!r}")
        kind, content, cue, speaker = fields[:4]
        parts, after = [], None
        for piece in content.split(" || "):
            parts.append(find_piece(plain, piece, after))
            after = parts[-1][1]
        quote = {"content": [parts[0][0], parts[-1][1]], "cue": nearest(plain, cue, parts),
                 "speaker": nearest(plain, speaker, parts), "kind": KINDS[kind]}
        quote["speaker_text"] = (fields[4] if len(fields) == 5 else speaker.lstrip("<>")) if quote["speaker"] else None
        if len(parts) > 1:
            quote["content_parts"] = [list(p) for p in parts]
        found = kind_from_marks(marked, quote["content"], single)
        if found != quote["kind"]:
            raise AnnotationError(f"kind {quote['kind']} but the marks say {found}: {line!r}")
        quotes.append(quote)
    return quotes


def validate(text: str, quotes: list[dict]) -> None:
    seen = set()
    for q in quotes:
        s, e = q["content"]
        if not 0 <= s < e <= len(text):
            raise AnnotationError(f"content outside the text: {q}")
        for key in ("cue", "speaker"):
            if q[key] and not 0 <= q[key][0] < q[key][1] <= len(text):
                raise AnnotationError(f"{key} outside the text: {q}")
        for ps, pe in q.get("content_parts", []):
            if not s <= ps < pe <= e:
                raise AnnotationError(f"part outside its content: {q}")
        key = (s, e, tuple(q["cue"] or ()))
        if key in seen:
            raise AnnotationError(f"duplicate attribution: {text[s:e][:60]!r}")
        seen.add(key)


def show(text: str, q: dict) -> str:
    """One attribution in context: [content], {cue}, <speaker>."""
    marks = [(q["content"][0], "["), (q["content"][1], "]")]
    for key, (a, b) in (("cue", "{}"), ("speaker", "<>")):
        if q[key]:
            marks += [(q[key][0], a), (q[key][1], b)]
    lo = min(p for p, _ in marks)
    hi = max(p for p, _ in marks)
    out, last = [], lo
    for pos, mark in sorted(marks, key=lambda m: (m[0], m[1] in "]}>")):
        out.append(text[last:pos] + mark)
        last = pos
    out.append(text[last:hi])
    snippet = "".join(out).replace("\n", " / ")
    if len(snippet) > 260:
        snippet = snippet[:120] + " ... " + snippet[-120:]
    return f"  {q['kind'][0].upper()} {q['speaker_text']!s:28.28} {snippet}"


def build(review: bool = False) -> dict[str, list[dict]]:
    """The annotated documents of each split, built from the sources (AnnotationError if any is wrong)."""
    splits: dict[str, list[dict]] = {"tune": [], "check": []}
    errors = []
    for path in sorted((HERE / "source").glob("*.txt")):
        for doc_id, style, split, text, lines in parse(path):
            try:
                quotes = annotate(text, lines)
                validate(text, quotes)
            except AnnotationError as error:
                errors.append(f"{path.name}: {doc_id}: {error}")
                continue
            words = len(text.split())
            if not 150 <= words <= 450:
                errors.append(f"{path.name}: {doc_id}: {words} words (150-450 wanted)")
            splits[split].append({"id": doc_id, "outlet_style": style, "text": text, "quotes": quotes})
            if review:
                print(f"{doc_id} ({style}, {split}, {words} words)")
                for q in sorted(quotes, key=lambda q: q["content"][0]):
                    print(show(text, q))
    if errors:
        raise AnnotationError("\n".join(errors))
    return splits


def main(review: bool = False) -> int:
    try:
        splits = build(review)
    except AnnotationError as error:
        print(error, file=sys.stderr)
        return 1
    for split, docs in splits.items():
        with open(HERE / f"{split}.jsonl", "w", encoding="utf-8") as fh:
            for doc in docs:
                fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
        kinds = Counter(q["kind"] for doc in docs for q in doc["quotes"])
        words = sum(len(doc["text"].split()) for doc in docs)
        print(f"{split}: {len(docs)} articles, {words} words, "
              + ", ".join(f"{kinds[k]} {k}" for k in KINDS.values()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main("--review" in sys.argv))
