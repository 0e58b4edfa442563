"""The tasks behind scripts/build.py: build, serve and test."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from . import check as checker
from . import fetch, figures, registry
from .errors import SiteError, ToolError, bug


def _mkdocs_logging() -> None:
    logging.basicConfig(format="%(levelname)-7s -  %(message)s", level=logging.INFO)


ENGINES = ("material", "zensical")


def produce(root: Path, out: Path, strict: bool = True, engine: str = "material") -> None:
    """Everything `build` publishes, written into out. Material: MkDocs renders the pages and its
    on_post_build hook runs every output step (talksite.outputs), as plain `mkdocs build` does.
    Zensical: `zensical build` renders them (our Markdown extension included), then the same
    steps run here. With strict (MkDocs' --strict), any warning aborts."""
    if engine == "zensical":
        return _produce_zensical(root, out, strict)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), strict=strict, site_dir=str(out)))


class EngineError(Exception):
    """The rendering engine failed; its own output says why."""


# mkdocs.yml's site_dir reads it: Zensical has no option for the output folder.
SITE_DIR_VARIABLE = "TALKSITE_SITE_DIR"


def _produce_zensical(root: Path, out: Path, strict: bool) -> None:
    from . import outputs
    from .project import Site

    # Zensical writes only inside the project: render there (.site-* is build.py's, under its
    # lock, and removed if a build is killed), then move the pages to out.
    render = root / ".site-zensical"
    shutil.rmtree(render, ignore_errors=True)
    env = dict(os.environ, **{SITE_DIR_VARIABLE: str(render)})
    # --clean: no page from Zensical's cache (.cache/), so a build never depends on the one before.
    command = [sys.executable, "-m", "zensical", "build", "--clean", "--config-file", str(root / "mkdocs.yml")]
    try:
        result = subprocess.run(command + (["--strict"] if strict else []), cwd=root, env=env,
                                capture_output=True, text=True)
        sys.stderr.write(result.stderr)
        if result.returncode != 0 or not (render / "index.html").exists():
            last = (result.stderr.strip().splitlines() or ["no output"])[-1]
            raise EngineError(f"zensical build failed: {last}")
        shutil.rmtree(out, ignore_errors=True)
        shutil.move(render, out)
    finally:
        shutil.rmtree(render, ignore_errors=True)
    outputs.run(outputs.Context(site=Site(root), site_dir=out, config={"strict": strict, "plugins": {}},
                                epoch=outputs.build_epoch(root), engine="zensical",
                                draft=bool(os.environ.get(outputs.DRAFT_VARIABLE))))


def check(root: Path, strict: bool = False, fmt: str = "text") -> int:
    """Validate only. Exit status: 0 clean (warnings allowed), 1 content problems, 2 cannot run.

    Nothing escapes as a traceback: a file that cannot be read is one `file:line:col` line and
    exit 2, and with fmt "json" even that is printed as JSON ({"error": ..., "file": ...}).
    """
    try:
        report = checker.check_cached(root, strict)
    except Exception as exc:  # noqa: BLE001 (the one place that turns any failure into exit 2)
        error = exc if isinstance(exc, ToolError) else bug(exc, "mkdocs.yml")  # a bug outside analyse's catch-all
        message = " ".join(str(error).split())
        if fmt == "json":
            print(json.dumps({"error": message, "file": message.split(":", 1)[0]}, ensure_ascii=False))
        else:
            print(f"error: {message}", file=sys.stderr)
        return 2
    if fmt == "json":
        print(report.as_json())
    else:
        for line in report.lines():
            print(line, file=sys.stderr if report.problems else sys.stdout)
    return 1 if report.errors else 0


def rule_table(markdown: bool = False) -> str:
    """Every rule, as `check --rules` prints it (README's table with markdown). Each module declares
    its rules (the build's steps too: handout, stylesheet-url), so every module is imported first."""
    import importlib
    import pkgutil

    from .rules import table

    for module in pkgutil.iter_modules([str(Path(__file__).parent)]):
        importlib.import_module(f"{__package__}.{module.name}")
    return table(markdown)


def update_anchors(root: Path) -> int:
    try:
        ctx, _ = checker.analyse(root)
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    added = registry.update(ctx)
    print(f"{registry.FILE}: {added} anchor{'' if added == 1 else 's'} added")
    return 0


def lay_out_figures(root: Path) -> int:
    """Write the competencies figure's files from the page's table (talksite.figures)."""
    try:
        written = figures.files()
        for path, text in written.items():
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
    except ToolError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"error: {os_failure(exc)}", file=sys.stderr)
        return 2
    return 0


class Interrupted(BaseException):
    """SIGTERM (or SIGHUP) during a command: unwound like Ctrl-C, so every `finally` cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_interrupted(signum, frame):
    raise Interrupted(signum)


def catch_termination() -> None:
    """Turn SIGTERM and SIGHUP into an exception, so staging is removed as on Ctrl-C."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_interrupted)


def os_failure(exc: OSError) -> str:
    """An OSError (read-only folder, full disk, busy port) as one line, naming the path."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    where = f": {exc.filename}" if exc.filename else ""
    return f"{reason}{where}"


def _scratch_base(root: Path) -> Path:
    """Where builds of this project stage their output: outside the project (a SIGKILL cannot
    litter it), one name per project folder (the next build finds a killed build's leftovers)."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"talksite-build-{digest}"


@contextlib.contextmanager
def _build_lock(root: Path):
    """One build per project folder at a time; a second one waits and says so."""
    lock_path = _scratch_base(root).with_suffix(".lock")
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build of {root} to finish …", file=sys.stderr)
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _remove_stale(root: Path, scratch: Path) -> None:
    """Called under the lock, so nothing found here belongs to a running build."""
    site, old = root / "site", root / ".site-old"
    if not site.exists() and old.is_dir():  # killed between the two renames of a swap
        old.rename(site)
    shutil.rmtree(scratch, ignore_errors=True)
    # .site-new/.site-old: a killed swap; other .site-*: staging of builds before this scheme.
    for leftover in root.glob(".site-*"):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover, ignore_errors=True)


def _publishable_modes(folder: Path) -> None:
    """0755 folders and 0644 files (less what the umask removes), as a web server needs after
    `cp -a`, whatever modes the staging and temporary files were created with."""
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)
    for path in folder.rglob("*"):
        if not path.is_symlink():
            path.chmod((0o777 if path.is_dir() else 0o666) & ~umask)


def _swap_in(root: Path, staging: Path) -> None:
    """Move the finished staging folder to site/: renamed when on the same disk, else copied in
    beside site/ first, so site/ is replaced by two renames and never half-written."""
    site, new, old = root / "site", root / ".site-new", root / ".site-old"
    if staging.stat().st_dev == root.stat().st_dev:
        staging.rename(new)
    else:
        shutil.copytree(staging, new, symlinks=True)
    if site.exists():
        site.rename(old)
    new.rename(site)
    shutil.rmtree(old, ignore_errors=True)


def build(root: Path, strict: bool = False, engine: str = "material") -> int:
    """Check, then build into a staging folder and swap it in: a failure leaves site/ exactly as
    it was. Without --strict only errors fail; with it, warnings too (check, build and the hook)."""
    from mkdocs.exceptions import Abort, BuildError, MkDocsException

    status = check(root, strict)
    if status:
        print("error: nothing was built, site/ left unchanged", file=sys.stderr)
        return status
    _mkdocs_logging()
    scratch = _scratch_base(root)
    with _build_lock(root):
        _remove_stale(root, scratch)
        scratch.mkdir(mode=0o700)
        saved_tempdir = tempfile.tempdir
        tempfile.tempdir = str(scratch)  # the offline copy's and WeasyPrint's temporary files too
        try:
            staging = scratch / "site"
            try:
                produce(root, staging, strict, engine)
            except OSError:
                raise  # an unusable environment: exit 2 (scripts/build.py)
            except Exception as exc:  # whatever failed (a template, a step), nothing half-built is published
                # MkDocs turns a hook's error (a located SiteError, from the check or an output
                # step) into Abort('Aborted with a BuildError!'), with that error as its context.
                if isinstance(exc, Abort) and isinstance(exc.__context__, BuildError):
                    exc = exc.__context__
                known = isinstance(exc, (Abort, MkDocsException, SiteError, EngineError))
                reason = str(exc) if known else f"{type(exc).__name__}: {exc}"
                print(f"error: build failed, site/ left unchanged: {' '.join(reason.split())}", file=sys.stderr)
                return 1
            except BaseException as exc:  # WeasyPrint's fatal kind: the handout fetcher refused a URL
                refused = fetch.refusal(exc)
                if refused is None:
                    raise
                print(f"error: build failed, site/ left unchanged: {refused}", file=sys.stderr)
                return 1
            _publishable_modes(staging)
            _swap_in(root, staging)
        finally:
            tempfile.tempdir = saved_tempdir
            shutil.rmtree(scratch, ignore_errors=True)
            shutil.rmtree(root / ".site-new", ignore_errors=True)
    print(f"Built {(root / 'site').relative_to(root)}/" + (" (Zensical)" if engine == "zensical" else ""),
          file=sys.stderr)
    return 0


def address(addr: str) -> tuple[str, int] | None:
    """(host, port) of a HOST:PORT serve address, None when it is not one."""
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        return None
    return host, int(port)


def serve(root: Path, addr: str) -> int:
    """Live preview. The hook re-checks on every change and prints problems; the server keeps running."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import Abort, ConfigurationError

    _mkdocs_logging()
    try:
        mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, dev_addr=addr, watch=[str(root / "scripts")])
    except (Abort, ConfigurationError) as exc:
        print(f"error: cannot serve on {addr}: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    return 0


def test(root: Path, pytest_args: list[str]) -> int:
    """pytest in the project (scripts/build.py installs what the tests drive first)."""
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "pytest", *pytest_args], cwd=root, env=env).returncode
