"""The one installer helper: Python requirements, npm lock files and Debian packages, each installed
only when what pins them changed (a sha256 of the pin file, stored beside what it installed).

Standard library only: scripts/build.py uses it to create .venv/ before any dependency exists.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path


def once(pins: Path, stamp: Path, command: list[str], cwd: Path | None = None) -> bool:
    """Run command unless stamp holds the sha256 of pins; then record it. True if it ran."""
    digest = hashlib.sha256(pins.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return False
    print(f"Installing {pins.parent.name}/{pins.name} …", file=sys.stderr)
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
    return True


def requirements(venv: Path, requirements_txt: Path) -> None:
    """pip install -r requirements_txt into venv (pinned versions), when the file changes."""
    once(requirements_txt, venv / ".requirements.sha256",
         [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
          "--require-virtualenv", "-r", str(requirements_txt)])


def project_path(venv: Path, folder: Path) -> None:
    """Put folder on the venv's import path (a .pth file), so the engines import our Markdown
    extension (talksite.extension in mkdocs.yml) however they are started: MkDocs imports each
    listed extension while it reads mkdocs.yml, before its hooks could put scripts/ on sys.path."""
    for site_packages in (venv / "lib").glob("python*/site-packages"):
        pth = site_packages / "talksite-project.pth"
        if not pth.exists() or pth.read_text() != f"{folder}\n":
            pth.write_text(f"{folder}\n")


def npm_ci(folder: Path, scripts: bool = False) -> None:
    """npm ci in folder (its package-lock.json, pinned), when the lock file changes.
    scripts: allow the packages' install scripts (off unless a package needs them)."""
    command = ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"]
    once(folder / "package-lock.json", folder / "node_modules" / ".package-lock.sha256",
         command if scripts else [*command, "--ignore-scripts"], cwd=folder)


def system_packages(packages: dict[str, str]) -> None:
    """Make sure each program is on PATH, installing its Debian package (program -> package) with
    apt-get when running as root; otherwise say what to install and stop."""
    missing = sorted({pkg for program, pkg in packages.items() if shutil.which(program) is None})
    if not missing:
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise SystemExit(f"error: {', '.join(missing)} needed: install with "
                         f"'sudo apt-get install {' '.join(missing)}'")
    print(f"Installing {', '.join(missing)} with apt-get …", file=sys.stderr)
    quiet = {"stdout": subprocess.DEVNULL, "env": dict(os.environ, DEBIAN_FRONTEND="noninteractive")}
    subprocess.run(["apt-get", "update", "-qq"], check=True, **quiet)
    subprocess.run(["apt-get", "install", "-y", "-qq", *missing], check=True, **quiet)
