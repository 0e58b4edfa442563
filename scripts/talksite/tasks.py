"""The tasks behind scripts/build.py: build, serve and test."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def _mkdocs_logging() -> None:
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)


def render(root: Path, site_dir: Path) -> None:
    """Render the site into site_dir with --strict semantics: any warning aborts."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    build(config)


def build(root: Path) -> int:
    """Build into a fresh folder and swap it in, so a failed build leaves site/ exactly as it was."""
    from mkdocs.exceptions import Abort, MkDocsException

    _mkdocs_logging()
    site = root / "site"
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        render(root, staging)
    except (Abort, MkDocsException) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: build failed, site/ left unchanged: {exc}", file=sys.stderr)
        return 1
    old = root / ".site-old"
    shutil.rmtree(old, ignore_errors=True)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)
    print(f"Built {site.relative_to(root)}/", file=sys.stderr)
    return 0


def serve(root: Path, addr: str) -> int:
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, dev_addr=addr, watch=[str(root / "scripts")])
    return 0


def test(root: Path, pytest_args: list[str]) -> int:
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env).returncode
