"""The talksite package's layers (pyproject.toml, [tool.importlinter]): no cycle, no upward import."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_the_import_contract_is_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_contract_fails_on_an_upward_import(tmp_path):
    """The contract can fail: a copy of the package whose model imports the CLI breaks it."""
    import shutil

    scripts = tmp_path / "scripts"
    shutil.copytree(ROOT / "scripts" / "talksite", scripts / "talksite", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    project = scripts / "talksite" / "project.py"
    project.write_text(project.read_text(encoding="utf-8") + "\nfrom . import tasks  # noqa\n", encoding="utf-8")
    lint_imports = Path(sys.executable).with_name("lint-imports")
    env = dict(os.environ, PYTHONPATH=str(scripts))
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "talksite.project -> talksite.tasks" in result.stdout
