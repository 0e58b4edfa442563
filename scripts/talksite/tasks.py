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


def source_date_epoch(root: Path) -> str:
    """The last commit's time, so two builds of one commit are byte-identical (reproducible builds)."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "0"


def render(root: Path, site_dir: Path) -> None:
    """Render the site into site_dir with --strict semantics: any warning aborts."""
    os.environ["SOURCE_DATE_EPOCH"] = source_date_epoch(root)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(root / "mkdocs.yml"), strict=True, site_dir=str(site_dir))
    build(config)


# Steps that add to a rendered site (PDF handout, offline copy, ...): each takes the project
# root and the staging folder and raises SiteError or MkDocsException to fail the build.
AFTER_RENDER: list = []


def _offline_copy(root: Path, staging: Path) -> None:
    from . import offline

    offline.add_to_site(root, staging)


# Keep the offline copy last: it carries files the steps before it added (the PDF) into the zip.
AFTER_RENDER.append(_offline_copy)


def build(root: Path) -> int:
    """Build into a fresh folder and swap it in, so a failed build leaves site/ exactly as it was."""
    from mkdocs.exceptions import Abort, MkDocsException

    from .errors import SiteError

    _mkdocs_logging()
    site = root / "site"
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        render(root, staging)
        for step in AFTER_RENDER:
            step(root, staging)
    except (Abort, MkDocsException, SiteError) as exc:
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


# Programs the tests drive, by the Debian package that provides them. Never downloaded by a
# test tool: browsers come from Debian's archive.
SYSTEM_PACKAGES = {"chromium": "chromium"}


def ensure_system_packages(packages: dict[str, str] = SYSTEM_PACKAGES) -> None:
    missing = sorted({pkg for program, pkg in packages.items() if shutil.which(program) is None})
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SystemExit(f"error: the tests need {', '.join(missing)}: install with "
                         f"'sudo apt-get install {' '.join(missing)}'")
    print(f"Installing {', '.join(missing)} with apt-get …", file=sys.stderr)
    quiet = {"stdout": subprocess.DEVNULL, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, **quiet)


def test(root: Path, pytest_args: list[str]) -> int:
    ensure_system_packages()
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env).returncode
