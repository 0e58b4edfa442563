"""The engines benchmark's own machinery: both engines build the project, alternately, and a
failed build is reported rather than timed. (Its figures are not a test: `bench-engines`.)"""

from __future__ import annotations

import re
import sys

import pytest
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT))  # bench/ lives beside the product package, as scripts/build.py sees it
from bench import engines  # noqa: E402


@pytest.mark.slow
def test_both_engines_are_timed_and_their_ratio_printed(capsys):
    assert engines.run(ROOT, runs=1) == 0
    out = capsys.readouterr().out
    for engine in engines.ENGINES:
        assert re.search(rf"draft build \(TALKSITE_DRAFT=1\), {engine}: median \d+\.\d\d s", out), out
    assert re.search(r"zensical ÷ material: \d+\.\d\d", out)


@pytest.mark.slow
def test_a_failing_build_is_an_error_not_a_figure(tmp_path, capsys):
    root = copy_project(tmp_path / "broken")
    (root / "docs" / "roles.md").write_text("---\nobjectives: [1\n---\n# Roles\n", encoding="utf-8")
    assert engines.run(root, runs=1) == 1
    assert "error: the material build failed" in capsys.readouterr().err
