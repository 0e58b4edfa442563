"""Shared fixtures: the site is built once per test session, with --strict, into a temp folder."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

# The tests build against their own address, not the placeholder mkdocs.yml carries until the
# site is published (a --strict build refuses that one). A private-use name (.internal), on no
# host the tests serve from, so Material's instant navigation stays off as for any other site
# whose sitemap names another host. Set before anything reads mkdocs.yml; every build inherits it.
TEST_SITE_URL = "https://talksite.internal/"
os.environ["TALKSITE_SITE_URL"] = TEST_SITE_URL
# A bug in the check fails every test that meets it, with its traceback, instead of becoming the
# one line and exit 2 users get (talksite.errors.bug); builds and commands the tests run inherit it.
os.environ["TALKSITE_RAISE_BUGS"] = "1"

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


def copy_project(tmp_path: Path) -> Path:
    """A copy of the project's sources to break on purpose (its .venv and site/ are not copied)."""
    project = tmp_path / "project"
    for name in ("docs", "overrides", "scripts", "vendor"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "published-anchors.txt"):
        shutil.copy(ROOT / name, project / name)
    return project


def _tree(root: Path) -> dict[Path, bytes | None]:
    """Every file (its bytes) and folder (None) under root."""
    return {Path(folder) / name: (None if name in folders else (Path(folder) / name).read_bytes())
            for folder, folders, files in os.walk(root) for name in folders + files}


@pytest.fixture(scope="session")
def _scratch_copy(tmp_path_factory) -> tuple[Path, dict]:
    project = copy_project(tmp_path_factory.mktemp("scratch"))
    return project, _tree(project)


@pytest.fixture
def scratch(_scratch_copy) -> Path:
    """A copy of the project to break and check, put back as it was after each test.

    One copy for the session, so the check's parse of every page a test leaves alone is reused:
    a fresh copy per test made parsing twelve pages again most of each test's time."""
    project, original = _scratch_copy
    yield project
    now = _tree(project)
    for path in sorted(set(now) - set(original), reverse=True):  # files before their folders
        path.rmdir() if now[path] is None else path.unlink()
    for path, data in original.items():
        if data is None:
            path.mkdir(parents=True, exist_ok=True)
        elif now.get(path) != data:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)


def mkdocs_build(project: Path, site_dir: Path, draft: bool = True) -> subprocess.CompletedProcess:
    """Plain `mkdocs build --strict`; a draft (the default) leaves out the section sheets, the
    handout and the offline copy, which the `slow` fixtures build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("TALKSITE_DRAFT", None)
    if draft:
        env["TALKSITE_DRAFT"] = "1"
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


# Debian's chromium, started the way this closed network needs (no background connections).
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic"]

# Markers come from the fixtures a test uses, so a new test is marked the moment it asks for one:
# `browser` for anything that starts Chromium, `slow` for whole extra builds (PDF handouts,
# the offline copy, builds of a broken copy of the project).
BROWSER_FIXTURES = {"chromium"}
SLOW_FIXTURES = {"handouts", "printed", "offline_zip", "produced", "poisoned", "moved", "zensical"}


def pytest_collection_modifyitems(items):
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def chromium() -> tuple[str, list[str]]:
    """Debian's Chromium and its flags: what every browser fixture starts (and what marks a
    test `browser`)."""
    assert Path(CHROMIUM).is_file(), f"{CHROMIUM} is missing: install Debian's chromium package"
    return CHROMIUM, CHROMIUM_ARGS


@contextlib.contextmanager
def serving(directory: Path):
    """directory over HTTP on a free loopback port, files sent as they are; yields its base URL."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=directory))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def server(built):
    """The built site over HTTP on a free loopback port; yields its base URL."""
    with serving(built.dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser(chromium):
    """One headless Chromium per session; Playwright gives it a fresh profile. Tests share the
    process, never a context: each test opens its own (see `page`), so no storage, cache or
    history carries over from one test to the next."""
    from playwright.sync_api import sync_playwright

    executable, args = chromium
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=args)
        yield launched
        launched.close()


@pytest.fixture
def new_page(browser):
    """Opens a page in a fresh context: new_page(**options of browser.new_context), 1280x900 unless
    told. Every context it opened is closed after the test, whether it passed or failed."""
    contexts = []

    def open_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        contexts.append(browser.new_context(**options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh 1280x900 context of its own."""
    return new_page()


PRODUCE = ("import sys; from pathlib import Path; from talksite import tasks; "
           "tasks.produce(Path(sys.argv[1]), Path(sys.argv[2]))")


def start_produce(out: Path, seed: str) -> subprocess.Popen:
    """Everything `python3 scripts/build.py build` publishes, built into `out` in a process of its
    own (with this hash seed, the build date found from the last commit, as `build` finds it)."""
    env = dict(os.environ, PYTHONHASHSEED=seed, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT / "scripts"))
    env.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.Popen([sys.executable, "-c", PRODUCE, str(ROOT), str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def finish(build: subprocess.Popen) -> None:
    output, _ = build.communicate(timeout=600)
    assert build.returncode == 0, output


@pytest.fixture(scope="session")
def produced(tmp_path_factory) -> Path:
    """The complete published site (PDF handouts, offline copy and all), built once per session."""
    out = tmp_path_factory.mktemp("produced") / "site"
    finish(start_produce(out, "1"))
    return out


PRODUCE_ZENSICAL = ("import sys; from pathlib import Path; from talksite import tasks; "
                    "tasks.produce(Path(sys.argv[1]), Path(sys.argv[2]), True, 'zensical')")


@pytest.fixture(scope="session")
def zensical(tmp_path_factory) -> Path:
    """The complete site rendered by Zensical (`build --engine zensical`), built once per session:
    the parity test (test_engines.py) and the browser gates (test_browser_gates.py) read it.

    Zensical renders inside the project (.site-zensical/), so the build takes build.py's lock:
    another worker's Zensical build or a `build.py build` run meanwhile waits instead of sharing
    or removing that folder."""
    from talksite import tasks

    out = tmp_path_factory.mktemp("zensical") / "site"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "scripts"))
    env.pop("TALKSITE_DRAFT", None)
    with tasks._build_lock(ROOT):
        result = subprocess.run([sys.executable, "-c", PRODUCE_ZENSICAL, str(ROOT), str(out)], cwd=ROOT,
                                capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def offline_zip(tmp_path_factory) -> Path:
    """site-offline.zip, made once per session by the build step itself (the `built` fixture is a
    draft, without it)."""
    from talksite import offline, outputs

    zip_path = tmp_path_factory.mktemp("offline") / offline.ZIP_NAME
    offline.build_zip(ROOT, zip_path, outputs.build_epoch(ROOT))
    return zip_path


def prints_term(text: str, form: str) -> bool:
    """Whether `form`'s words occur in `text` in a row, each word as printed or inflected
    ("customer expectations" in "the new customers’ expectations")."""
    words, wanted = re.findall(r"[\w’']+", text.lower()), form.lower().split()
    return any(all(words[i + k].startswith(w) for k, w in enumerate(wanted))
               for i in range(len(words) - len(wanted) + 1))
