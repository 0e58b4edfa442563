"""The check and MkDocs agree: whatever makes MkDocs' own strict build fail, the check fails first.

Each edit of the corpus (tests/test_check_corpus.py, tests/test_check.py) is built by plain MkDocs
with --strict and without our hooks, so its validation alone decides. When MkDocs fails, the check
must fail too, naming the file MkDocs names, at the line the corpus expects. Edits MkDocs accepts
are still caught by the check (that is the point of it), so only one direction is asserted.
"""

from __future__ import annotations

import re

import pytest
from conftest import copy_project, mkdocs_build
from talksite import tasks
from test_check import BROKEN as BASIC_BROKEN
from test_check import line_of
from test_check_corpus import BROKEN as CORPUS_BROKEN

pytestmark = pytest.mark.slow  # every test here builds or checks a copy of the project

# The edits MkDocs' validation (nav, links, anchors, absolute links) has an opinion on, and a few it has none on.
CASES = {case[0]: case[1:] for case in CORPUS_BROKEN + BASIC_BROKEN if case[0] in {
    "missing page", "anchor on another page", "anchor on the same page", "absolute site link",
    "nav entry without a file", "percent-encoded anchor", "exclude_docs drops a linked page",
    "anchor in a link inside an admonition", "second of two links on a line", "link to an absolute md path",
    "missing snippet file", "nav entry is a folder", "misquote with a lazy continuation", "setext h2 without id",
}}


def _without_hooks(project):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "hooks:\n  - scripts/mkdocs_hooks.py\n" in text
    config.write_text(text.replace("hooks:\n  - scripts/mkdocs_hooks.py\n", ""), encoding="utf-8")


def test_the_real_site_builds_without_hooks_and_checks_clean(tmp_path, capsys):
    project = copy_project(tmp_path)
    _without_hooks(project)
    assert mkdocs_build(project, tmp_path / "out").returncode == 0
    assert tasks.check(project) == 0


@pytest.mark.parametrize("name", sorted(CASES))
def test_what_fails_mkdocs_fails_the_check_first_at_its_line(tmp_path, capsys, name):
    mutations, rule, file, marker = CASES[name]
    project = copy_project(tmp_path)
    for mutate in mutations:
        mutate(project)
    status = tasks.check(project)
    out = capsys.readouterr()
    _without_hooks(project)
    result = mkdocs_build(project, tmp_path / "out")
    assert "Traceback" not in out.err  # MkDocs itself may print one (a missing snippet): the check must not
    if result.returncode == 0:
        assert status == 1, "the check also catches what MkDocs lets through"
        return
    named = set(re.findall(r"(?:Doc file|documentation file) '([^']+)'", result.stderr))
    assert status == 1, f"MkDocs failed but the check passed:\n{result.stderr}"
    expected = f"{file}:{line_of(project, file, marker)}:"
    assert any(line.startswith(expected) and line.endswith(f"[{rule}]") for line in out.err.splitlines()), out.err
    reported = {line.split(":", 1)[0] for line in out.err.splitlines() if ": error: " in line}
    assert all(f"docs/{doc}" in reported for doc in named), (named, reported)
