"""Reproducible builds: two builds of one commit are byte-identical (issue "Quality gates").

Both builds run what `python3 scripts/build.py build` runs (tasks.produce: MkDocs' render, whose hook
runs every output step), each in its own process, with a different hash seed and into folders at different
paths, so set ordering, absolute paths and clock time would all show up as differences.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, finish, mkdocs_build, start_produce

from talksite import outputs


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def two_builds(produced, tmp_path_factory) -> tuple[Path, Path]:
    """The session's complete build, and a second one with another hash seed in a folder at
    another path and depth."""
    second = tmp_path_factory.mktemp("reproducible") / "elsewhere" / "two"
    finish(start_produce(second, "2"))
    return produced, second


def test_two_builds_of_one_commit_are_byte_identical(two_builds):
    a, b = _files(two_builds[0]), _files(two_builds[1])
    assert a.keys() == b.keys(), f"different files: {sorted(a.keys() ^ b.keys())}"
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"files that differ between two builds of one commit: {differ}"
    assert len(a) > 20 and "sitemap.xml.gz" in a and "search/search_index.json" in a


def test_build_dates_come_from_the_last_commit(two_builds):
    """The sitemap's dates and the gzip header carry the commit's date, not the day of the build."""
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.strip()
    day = datetime.fromtimestamp(int(commit), timezone.utc).date()
    out = two_builds[0]
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count(f"<lastmod>{day.isoformat()}</lastmod>") == sitemap.count("<lastmod>") > 0
    header_mtime = int.from_bytes((out / "sitemap.xml.gz").read_bytes()[4:8], "little")
    midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc).timestamp()
    assert header_mtime == midnight
    assert gzip.decompress((out / "sitemap.xml.gz").read_bytes()).decode() == sitemap
    assert outputs.build_epoch(ROOT, environ={}) == int(commit)


@pytest.mark.slow  # two full builds of a copy of the project
def test_plain_mkdocs_build_publishes_what_build_publishes(tmp_path):
    """Plain `mkdocs build` (gh-deploy runs the same) and `scripts/build.py build` run one list of
    output steps through the hook: same files, same bytes, the offline zip's included."""
    project = copy_project(tmp_path)
    # build.main() is the CLI without its venv bootstrap (this test already runs inside .venv/).
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'scripts'); "
                             "import build; sys.exit(build.main(['build']))"],
                            cwd=project, capture_output=True, text=True, env=_env())
    assert result.returncode == 0, result.stderr
    plain = tmp_path / "plain"
    result = mkdocs_build(project, plain, draft=False)
    assert result.returncode == 0, result.stderr
    a, b = _files(project / "site"), _files(plain)
    assert a.keys() == b.keys(), f"different files: {sorted(a.keys() ^ b.keys())}"
    assert {"handout.pdf", "site-offline.zip", "sections.json", "index.html.br"} <= a.keys()
    assert any(name.startswith("sheets/") for name in a)
    differ = [name for name in a if a[name] != b[name]]
    assert not differ, f"files that differ between `mkdocs build` and `build`: {differ}"


def _env() -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("TALKSITE_DRAFT", None)
    return env
