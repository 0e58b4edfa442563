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

from . import handout  # noqa: E402

AFTER_RENDER.append(handout.after_render)  # sheets/*.pdf (issue 12), handout.pdf, handout-letter.pdf (issue 5)


def _offline_copy(root: Path, staging: Path) -> None:
    from . import offline

    offline.add_to_site(root, staging)


# Keep the offline copy last: it carries files the steps before it added (the PDF) into the zip.
AFTER_RENDER.append(_offline_copy)


def check(root: Path, strict: bool = False, fmt: str = "text") -> int:
    """Validate only. Exit status: 0 clean (warnings allowed), 1 content problems, 2 cannot run."""
    from .check import check_cached
    from .errors import ToolError

    try:
        report = check_cached(root, strict)
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if fmt == "json":
        print(report.as_json())
    else:
        for line in report.lines():
            print(line, file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.errors else 0


def update_anchors(root: Path) -> int:
    from . import registry
    from .check import analyse
    from .errors import ToolError

    try:
        ctx, _ = analyse(root)
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    added = registry.update(ctx)
    print(f"{registry.FILE}: {added} anchor{'' if added == 1 else 's'} added")
    return 0


def produce(root: Path, out: Path) -> None:
    """Everything `build` publishes, written into out: the rendered site, then each step after it."""
    render(root, out)
    for step in AFTER_RENDER:
        step(root, out)


def build(root: Path, strict: bool = False) -> int:
    """Check, then build into a fresh folder and swap it in: a failure leaves site/ exactly as it was."""
    from mkdocs.exceptions import Abort, MkDocsException

    from .errors import SiteError

    status = check(root, strict)
    if status:
        print("error: nothing was built, site/ left unchanged", file=sys.stderr)
        return status
    _mkdocs_logging()
    site = root / "site"
    staging = Path(tempfile.mkdtemp(prefix=".site-", dir=root))
    try:
        produce(root, staging)
    except Exception as exc:  # whatever failed (a template, a step), nothing half-built is published
        shutil.rmtree(staging, ignore_errors=True)
        known = isinstance(exc, (Abort, MkDocsException, SiteError))
        reason = str(exc) if known else f"{type(exc).__name__}: {exc}"
        print(f"error: build failed, site/ left unchanged: {' '.join(reason.split())}", file=sys.stderr)
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
    """Live preview. The hook re-checks on every change and prints problems; the server keeps running."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    _mkdocs_logging()
    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, dev_addr=addr, watch=[str(root / "scripts")])
    return 0


# Programs the tests drive, by the Debian package that provides them. Never downloaded by a
# test tool: browsers come from Debian's archive.
SYSTEM_PACKAGES = {"chromium": "chromium", "npm": "npm"}
# The handout tests read PDFs (pdffonts, pdftoppm) and decode its QR codes (zbarimg).
SYSTEM_PACKAGES.update({"pdffonts": "poppler-utils", "pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"})


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


def ensure_npm_packages(folder: Path) -> None:
    """Install the JavaScript the tests inject (folder/package-lock.json, pinned) with npm ci,
    again only when the lock file changes."""
    import hashlib

    lock = folder / "package-lock.json"
    stamp = folder / "node_modules" / ".talksite-lock.sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"Installing {folder.name}/package-lock.json with npm ci …", file=sys.stderr)
    subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error"],
                   cwd=folder, check=True, stdout=subprocess.DEVNULL)
    stamp.write_text(digest)


def test(root: Path, pytest_args: list[str]) -> int:
    ensure_system_packages()
    ensure_npm_packages(root / "tests")
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env).returncode
