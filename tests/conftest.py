"""Shared fixtures: the site is built once per test session, with --strict, into a temp folder."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from talksite.project import Site  # noqa: E402


@dataclass
class Built:
    dir: Path
    log: str

    def html(self, url: str) -> BeautifulSoup:
        """A built page by its site-relative URL ('' for home, 'roles/' ...)."""
        return BeautifulSoup((self.dir / url / "index.html").read_text(encoding="utf-8"), "html.parser")

    def resolve(self, base_url: str, href: str) -> tuple[Path, str]:
        """The file and fragment a relative link from a page points to."""
        path, _, fragment = href.partition("#")
        base = self.dir if path.startswith("/") else self.dir / base_url
        target = (base / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        return target, fragment


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def site() -> Site:
    return Site(ROOT)


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Built:
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, out)
    assert result.returncode == 0, result.stderr
    return Built(out, result.stderr)
