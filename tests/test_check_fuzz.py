"""Property: no corruption of the real sources makes the check raise; it exits 0, 1 or 2 and names a file.

Hypothesis picks a source (a page, the glossary, mkdocs.yml, the transcript, published-anchors.txt),
then deletes, duplicates, swaps or truncates lines, or inserts Markdown-significant text or bytes
that are not UTF-8. Derandomized with a bounded number of examples, so CI runs are repeatable.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import copy_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from talksite import tasks

SOURCES = ["docs/roles.md", "docs/index.md", "docs/glossary.md", "docs/facilitator-guide.md", "docs/talk.md",
           "mkdocs.yml", "docs/transcript.txt", "published-anchors.txt", "docs/trainers.md"]
SIGNIFICANT = ["#", "## ", "> ", "```", "~~~", "    ", "{#", "}", "[", "](", ")", "<!--", "-->", ":", ": ", "- ",
               "---", "!!! note", "--8<-- ", "talksite:", "<a href=\"", "\"", "|", "*", "\t", "\n", "\n\n",
               "glossary.md#", "roles.md", "x", "\ufeff", "é", "%2D", ".md", "{", "[", "&amp;", "\\"]
BYTES = [b"\xff", b"\xc3\x28", b"\x80", b"\x00", b"\r", b"\xef\xbb\xbf"]

line_edit = st.tuples(st.sampled_from(["delete", "duplicate", "swap", "truncate", "insert", "bytes"]),
                      st.integers(0, 10_000), st.integers(0, 10_000),
                      st.lists(st.sampled_from(SIGNIFICANT), min_size=1, max_size=6), st.sampled_from(BYTES))


def corrupt(data: bytes, edits) -> bytes:
    for op, a, b, words, raw in edits:
        lines = data.split(b"\n")
        i, j = a % len(lines), b % len(lines)
        if op == "delete":
            del lines[min(i, j):max(i, j) + 1]
        elif op == "duplicate":
            lines.insert(i, lines[j])
        elif op == "swap":
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "truncate":
            lines = lines[:i]
        elif op == "insert":
            lines.insert(i, "".join(words).encode())
        else:
            lines[i] = lines[i][: b % (len(lines[i]) + 1)] + raw + lines[i][b % (len(lines[i]) + 1):]
        data = b"\n".join(lines)
    return data


PROBLEM = re.compile(r"^[\w./-]+:\d+:\d+: (error|warning): .+ \[[a-z-]+\]$")
TOOL_ERROR = re.compile(r"^error: [\w./-]+:\d+:\d+: .+")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("fuzz"))


@pytest.mark.slow  # many checks of a copy of the project: the longest test without a build
@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(source=st.sampled_from(SOURCES), edits=st.lists(line_edit, min_size=1, max_size=3),
       fmt=st.sampled_from(["text", "json"]))
def test_corrupted_sources_never_crash_the_check(project, capsys, source, edits, fmt):
    path = project / source
    original = path.read_bytes()
    try:
        path.write_bytes(corrupt(original, edits))
        status = tasks.check(project, fmt=fmt)  # raising here fails the property
        out = capsys.readouterr()
    finally:
        path.write_bytes(original)
    assert status in (0, 1, 2)
    assert "Traceback" not in out.err + out.out
    if fmt == "json":
        data = json.loads(out.out)  # always JSON, whatever the status
        if status == 2:
            assert data["file"] and data["error"]
        else:
            assert all(item["file"] and item["line"] >= 1 for item in data)
        return
    lines = out.err.strip().splitlines() if out.err.strip() else out.out.strip().splitlines()
    if status == 2:
        assert len(lines) == 1 and TOOL_ERROR.match(lines[0]), lines
    elif status == 1:
        assert lines and all(PROBLEM.match(line) for line in lines[:-1]), lines
