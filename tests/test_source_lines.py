"""Source lines through the preprocessors: each one's output aligned to its input (pipeline._realign).

A preprocessor keeps most lines and replaces or inserts a few of its own (a stashed fence or
comment, an included snippet, blank lines around them). Hypothesis writes such edits on inputs
whose lines repeat, the case a line alignment can get wrong; the check's end-to-end positions are
proved by tests/test_check_corpus.py, on a page of about 1 MB too.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from talksite.pipeline import _realign

REPEATING = ["", "", "a", "b", "c", "Notes: plan and lead."]  # few lines, each many times


@st.composite
def preprocessed(draw, lines):
    """(input, output, kept): kept[j] is the input line output line j is, None for a line of its own."""
    old = draw(lines)
    new, kept, i = [], [], 0
    while i < len(old) or draw(st.booleans()) and len(new) < 3 * len(old) + 3:
        action = draw(st.sampled_from(["keep"] * 4 + ["replace", "insert"])) if i < len(old) else "insert"
        if action == "keep":
            new.append(old[i])
            kept.append(i)
            i += 1
            continue
        if action == "replace":
            i += draw(st.integers(1, 3))
        for _ in range(draw(st.integers(0 if action == "replace" else 1, 3))):  # stash placeholders, blank lines
            new.append(draw(st.sampled_from(["", f"\x02wzxhzdk:{len(new)}\x03"])))
            kept.append(None)
    return old, new, kept


def _words(lines):
    return [j for j, line in enumerate(lines) if line.strip()]


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(REPEATING), max_size=60))
def test_lines_a_preprocessor_left_alone_map_to_themselves(lines):
    assert _realign(lines, list(lines), list(range(len(lines)))) == list(range(len(lines)))


@settings(max_examples=500, deadline=None, derandomize=True, database=None)
@given(preprocessed(st.lists(st.sampled_from(REPEATING), max_size=60)))
def test_every_kept_line_maps_to_the_same_text_in_order(edit):
    old, new, kept = edit
    origin = _realign(old, new, list(range(len(old))))
    kept_words = [j for j in _words(new) if kept[j] is not None]
    assert [old[origin[j]] for j in kept_words] == [new[j] for j in kept_words]
    mapped = [origin[j] for j in _words(new)]
    assert mapped == sorted(mapped)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(preprocessed(st.lists(st.integers(0, 3), max_size=60).map(
    lambda kinds: [f"line {n}" if kind else "" for n, kind in enumerate(kinds)])))
def test_with_distinct_lines_every_kept_line_maps_to_where_it_was(edit):
    old, new, kept = edit
    origin = _realign(old, new, list(range(len(old))))
    assert all(origin[j] == kept[j] for j in _words(new) if kept[j] is not None)
