"""Hostile inputs: every input in time linear in its length, nothing lost, one line per failure."""

from __future__ import annotations

import time

import pytest

SOUP = 16_000  # characters per generated input
SECONDS_PER_KB = 0.25  # generous: about ten times what a loaded 2-core machine needs

# Generators of mark soups: long runs of quotation marks and punctuation, with and without words.
SOUPS = {
    "straight": lambda n: '"' * n,
    "curly": lambda n: "“”" * (n // 2),
    "mixed marks": lambda n: ("\"'“”‘’«»" * n)[:n],
    "marks and spaces": lambda n: ('" ' * n)[:n],
    "words and marks": lambda n: ('a"' * n)[:n],
    "said and marks": lambda n: ('"A," he said. "' * n)[:n],
    "dots": lambda n: "." * n,
    "dashes and marks": lambda n: ('-"' * n)[:n],
}


@pytest.mark.parametrize("name", SOUPS)
def test_mark_soups_run_in_linear_time(nlp, name):
    text = SOUPS[name](SOUP)
    started = time.perf_counter()
    doc = nlp(text)
    elapsed = time.perf_counter() - started
    assert doc.text == text  # offsets stay valid
    assert elapsed < SECONDS_PER_KB * SOUP / 1000, f"{name}: {elapsed:.1f} s for {SOUP:,} characters"


@pytest.mark.parametrize("text", [
    'He said: "' + '"' * 40 + ' no." And then "yes," she said.',
    "A line\n" + "-" * 80 + "\nBelow it, “we are here,” Ana Silva said.",
    "“" * 33 + "x" + "”" * 33,
])
def test_long_runs_keep_the_text_and_split_into_single_marks(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    assert all(len(t.text) == 1 for t in doc if set(t.text) <= set('"“”-'))
