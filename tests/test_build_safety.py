"""A deployable site/ (issue 10): normal permissions, never half-written, no litter after a kill,
one build at a time, one line and exit 2 for an unusable environment, --strict only when asked."""

from __future__ import annotations

import fcntl
import hashlib
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, copy_project

sys.path.insert(0, str(ROOT / "scripts"))
from talksite import tasks  # noqa: E402

pytestmark = pytest.mark.slow  # every test here builds or checks a copy of the project

ENV = dict(os.environ, TALKSITE_NO_BOOTSTRAP="1", NO_MKDOCS_2_WARNING="1")


def command(project: Path, *args: str) -> list[str]:
    return [sys.executable, str(project / "scripts" / "build.py"), *args]


def run(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(command(project, *args), cwd=project, env=ENV, capture_output=True, text=True,
                          timeout=2 * BUILD_WAIT, **kwargs)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# How long a build may take to reach a moment on a loaded machine before the wait counts as a
# failure: a full build reaches its offline copy after the handout, sheets, pack and key, which took
# over 300 s while another suite ran beside it. Every wait is on a condition: a passing run never
# waits this long.
BUILD_WAIT = 900


def wait_for(condition, process: subprocess.Popen, what: str, timeout: float = BUILD_WAIT) -> None:
    """Poll until condition() holds; fail if the build ends first or it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert process.poll() is None, f"the build ended before {what}"
        assert time.monotonic() < deadline, f"never saw {what}"
        try:  # wake when the build ends, or look at the condition again after a moment
            process.wait(timeout=0.02)
        except subprocess.TimeoutExpired:
            pass


def leftovers(project: Path) -> list[str]:
    scratch = tasks._scratch_base(project)
    return [p.name for p in project.glob(".site-*")] + ([str(scratch)] if scratch.exists() else [])


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("safety"))
    result = run(project, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    return project


def test_site_has_normal_permissions_honouring_the_umask(project):
    umask = os.umask(0)
    os.umask(umask)
    site = project / "site"
    paths = [site, *site.rglob("*")]
    wrong = [(p.relative_to(project).as_posix(), oct(stat.S_IMODE(p.stat().st_mode))) for p in paths
             if stat.S_IMODE(p.stat().st_mode) != ((0o777 if p.is_dir() else 0o666) & ~umask)]
    assert not wrong, f"modes other than 0755/0644 (umask {oct(umask)}): {wrong[:5]}"
    assert stat.S_IMODE(site.stat().st_mode) & 0o005 == 0o005 or umask & 0o005, "site/ is not world-readable"


# Moments to kill a build at: rendering under way, the handout written, the offline copy rendering.
MOMENTS = {
    "rendering": lambda scratch: (scratch / "site" / "index.html").exists(),
    "handout written": lambda scratch: (scratch / "site" / "handout.pdf").exists(),
    "offline copy rendering": lambda scratch: any(scratch.glob("site-offline-*/site/index.html")),
}


def test_a_killed_build_leaves_site_intact_and_the_next_build_removes_its_staging(project):
    before = snapshot(project / "site")
    scratch = tasks._scratch_base(project)
    for moment, reached in MOMENTS.items():
        stale = scratch / "left-by-the-last-kill"
        if scratch.exists():
            stale.touch()  # so a moment is never mistaken in the last killed build's leftovers
        process = subprocess.Popen(command(project, "build"), cwd=project, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_for(lambda: not stale.exists() and reached(scratch), process, moment)
        finally:
            process.kill()
            process.wait()
        assert snapshot(project / "site") == before, f"site/ changed after a kill while {moment}"
        assert not list(project.glob(".site-*")), f"staging left in the project after a kill while {moment}"
    assert scratch.exists(), "the kill left nothing to clean up: the test proves nothing"
    result = run(project, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert leftovers(project) == []
    assert set(snapshot(project / "site")) == set(before)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_a_build_in_one_line_and_cleans_up(project, signum):
    before = snapshot(project / "site")
    scratch = tasks._scratch_base(project)
    # Ctrl-C as a terminal delivers it: a suite started in the background by a non-interactive
    # shell inherits SIGINT ignored, and the build would inherit that too and never see it.
    process = subprocess.Popen(command(project, "build"), cwd=project, env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    wait_for(lambda: (scratch / "site" / "index.html").exists(), process, "rendering")
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 128 + signum
    assert "Traceback" not in stderr
    assert stderr.strip().splitlines()[-1].startswith("interrupted")
    assert leftovers(project) == []
    assert snapshot(project / "site") == before


def test_concurrent_builds_in_one_folder_wait_for_each_other_and_say_so(project):
    lock_path = tasks._scratch_base(project).with_suffix(".lock")
    with open(lock_path, "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # stands for another build in progress
        process = subprocess.Popen(command(project, "build"), cwd=project, env=ENV,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        line = process.stderr.readline()
        while line and "waiting for another build" not in line:
            line = process.stderr.readline()
        assert "waiting for another build" in line
        assert process.poll() is None, "the second build did not wait"
    _, rest = process.communicate(timeout=2 * BUILD_WAIT)
    assert process.returncode == 0, rest[-2000:]


def test_a_port_in_use_or_invalid_is_one_line_and_exit_2(project):
    result = run(project, "serve", "--addr", "127.0.0.1:notaport")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "not an address" in result.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run(project, "serve", "--addr", f"127.0.0.1:{port}")
    assert result.returncode == 2, result.stderr[-2000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and "Traceback" not in result.stderr, result.stderr[-2000:]


def test_an_oserror_in_any_command_is_one_line_and_exit_2(monkeypatch, capsys):
    """Read-only folders cannot be simulated as root, so the failure is injected where it would
    arise: the registry write of `anchors --update` and the build's publishing step."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_py", ROOT / "scripts" / "build.py")
    build_py = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_py)

    def read_only(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(ROOT / "published-anchors.txt"))

    monkeypatch.setattr(tasks, "update_anchors", read_only)
    monkeypatch.setattr(tasks, "catch_termination", lambda: None)  # keep pytest's own SIGTERM handling
    assert build_py.run(["anchors", "--update"]) == 2
    err = capsys.readouterr().err
    assert err == f"error: Permission denied: {ROOT / 'published-anchors.txt'}\n"


def test_without_strict_only_errors_fail_the_build(tmp_path):
    project = copy_project(tmp_path)
    glossary = project / "docs" / "glossary.md"
    glossary.write_text(glossary.read_text(encoding="utf-8") +
                        "\nZzyzx {#zzyzx}\n:   A term no page links to.\n", encoding="utf-8")
    strict = run(project, "build", "--strict")
    assert strict.returncode == 1 and "[unused-term]" in strict.stderr
    plain = run(project, "build")
    assert plain.returncode == 0, plain.stderr[-2000:]
    assert "warning: term 'Zzyzx' is not linked" in plain.stdout + plain.stderr
    hook = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "s")],
                          cwd=project, env=ENV, capture_output=True, text=True)
    assert hook.returncode == 1 and "unused-term" in hook.stderr
