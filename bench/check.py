"""Benchmark of the checker: `check` beside `mkdocs build`, as sites and pages grow.

    python3 scripts/build.py bench-check [--sizes 250 1000 4000] [--page-sizes 0 128 ... 5120]

Sites: each synthetic page has about 10 links (pages, anchors, same-page anchors) and 5 term uses;
the glossary has 500 terms; every site carries three deliberate errors, which the check must find.
The synthetic mkdocs.yml uses the real site's theme and markdown_extensions but no hooks, so the
mkdocs build column is rendering alone.

Page size (issue 24): the real project with plain paragraphs appended to one page. Each size
times, in turn, `scripts/build.py check`, plain `mkdocs build` of the same project without our
hooks, a draft `mkdocs build` with them (what `build` renders, less paper) and the re-check after
a save (what `serve` runs), so the ratios come from the same minutes of a noisy machine.
Figures are printed; BENCHMARKS.md records a run.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import yaml

from talksite.check import check
from talksite.project import Site

TERMS = 500
DELIBERATE_ERRORS = 3
GROWN_PAGE = "docs/roles.md"
PAGE_SIZES = [0, 128, 256, 512, 1024, 5120]  # KB appended to GROWN_PAGE (issue 24's series)


def generate(root: Path, pages: int, real: Site) -> None:
    """Write a synthetic project of `pages` section pages plus a glossary into root."""
    rng = random.Random(pages)  # same site for the same size, run after run
    docs = root / "docs"
    (docs / "part").mkdir(parents=True)
    names = [f"part/page-{n:04d}.md" for n in range(pages)]
    terms = [f"term-{n:03d}" for n in range(TERMS)]
    glossary = ["---", "description: Terms.", "---", "# Glossary", ""]
    for term in terms:
        glossary += [f"Term {term[5:]} {{#{term}}}", f":   Definition of {term}, in a sentence or two.", ""]
    (docs / "glossary.md").write_text("\n".join(glossary), encoding="utf-8")
    (docs / "index.md").write_text("---\ndescription: Home.\n---\n# Home\n\nSynthetic site.\n", encoding="utf-8")
    (docs / "transcript.txt").write_text("Title\n\nOne paragraph.\n", encoding="utf-8")
    used = iter(terms * (pages * 5 // TERMS + 1))
    for n, name in enumerate(names):
        def link() -> str:
            other = names[rng.randrange(pages)][len("part/"):]
            return rng.choice([f"[see]({other})", f"[section]({other}#section-{rng.randrange(3)})",
                               f"[here](#section-{rng.randrange(3)})"])

        body = [f"---\ndescription: Synthetic page {n}.\n---\n# Page {n}\n"]
        for section in range(3):
            words = " ".join(rng.choice(["lead", "manage", "plan", "inspire", "team"]) for _ in range(40))
            body.append(f"## Section {section} {{#section-{section}}}\n\n{words} {link()} {link()} {link()}, "
                        f"and [a term](../glossary.md#{next(used)}).\n")
        body.append(f"Closing {link()} and [term](../glossary.md#{next(used)}), "
                    f"[term](../glossary.md#{next(used)}).\n")
        if n < DELIBERATE_ERRORS:
            body.append(["[broken](missing-page.md)", "[broken](#no-such-anchor)",
                         "[broken](../glossary.md#no-such-term)"][n])
        (docs / name).write_text("\n".join(body), encoding="utf-8")
    config = {
        "site_name": "Synthetic",
        "site_url": "https://example.org/",
        "theme": {**real.config["theme"], "custom_dir": None},
        "markdown_extensions": real.config["markdown_extensions"],
        "exclude_docs": "/transcript.txt\n",
        "nav": ["index.md", {"Parts": names}, "glossary.md"],
    }
    config["theme"].pop("custom_dir")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _cold() -> None:
    """Forget every parsed page, as a new process would."""
    from talksite import check as checker, markup, pipeline

    pipeline._pipelines.clear()
    checker._cache.clear()
    markup._inline.cache_clear()


def _time_check(root: Path, runs: int = 3) -> tuple[float, int]:
    """Median time of a cold check (nothing parsed yet)."""
    times, found = [], 0
    for _ in range(runs):
        _cold()
        start = time.perf_counter()
        report = check(root)
        times.append(time.perf_counter() - start)
        found = len(report.errors)
    return statistics.median(times), found


def _time_warm(root: Path, page: Path, runs: int = 3) -> float:
    """Median time of the re-check after a one-page edit (what `serve` does on save)."""
    _cold()
    check(root)
    original = page.read_text(encoding="utf-8")
    times = []
    for n in range(runs):
        page.write_text(original + f"\nEdited {n}.\n", encoding="utf-8")
        start = time.perf_counter()
        check(root)
        times.append(time.perf_counter() - start)
    page.write_text(original, encoding="utf-8")
    return statistics.median(times)


def _time_mkdocs_build(root: Path) -> float:
    return _time_process([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(root / "site")], root)


class _Stopped(BaseException):
    """A measurement ran past the benchmark's time limit (not an Exception: the check turns those into errors)."""


def _time_process(command: list[str], cwd: Path, timeout: float | None = None, **env: str) -> float:
    """Wall time of a command that must succeed; _Stopped past timeout."""
    start = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=cwd, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env},
                              capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise _Stopped from exc
    if done.returncode:
        raise RuntimeError(f"{' '.join(command[:4])} … failed in {cwd}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


@contextlib.contextmanager
def _limit(seconds: float):
    """_Stopped when the block runs past seconds (for work in this process: the re-check)."""
    def stop(signum, frame):
        raise _Stopped

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def append_paragraphs(page: Path, size: int) -> None:
    """One plain paragraph (lines wrapped as authors write them) appended to page again and again
    until it grew by size bytes. Its lines repeat: the worst case for aligning lines (issue 24)."""
    rng = random.Random(24)
    words = ["lead", "manage", "plan", "inspire", "team", "people", "change", "order", "goal", "trust"]
    paragraph = "\n".join(textwrap.wrap("Notes: " + " ".join(rng.choice(words) for _ in range(60)) + ".", 96))
    if size:
        with page.open("a", encoding="utf-8") as out:
            out.write(("\n\n" + paragraph) * -(-size // (len(paragraph) + 2)) + "\n")


_PLAIN_BUILD = """import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
build(load_config("mkdocs.yml", hooks=[], site_dir=sys.argv[1]))"""  # `mkdocs build`, our hooks left out


def _median(measure, runs: int) -> float | None:
    """Median of runs measurements; None when one ran past the limit (it is not repeated)."""
    times = []
    for _ in range(runs):
        try:
            times.append(measure())
        except _Stopped:
            return None
    return statistics.median(times)


def page_sizes(project: Path, sizes: list[int], runs: int = 3, timeout: float = 300) -> list[tuple]:
    """The page-size series: one row (KB appended, check, plain mkdocs build, draft build with
    hooks, re-check after a save; seconds, None when stopped at timeout) per size."""
    python, rows = sys.executable, []
    print(f"\npage size: {GROWN_PAGE} grown; medians of {runs}; '-' stopped after {timeout:.0f} s", flush=True)
    print(f"{'added KB':>8} {'check s':>8} {'mkdocs s':>9} {'check/mkdocs':>12} {'build s':>8} {'re-check s':>10}")
    with tempfile.TemporaryDirectory(prefix="bench-check-page-") as tmp:
        for size in sizes:
            copy = Path(tmp) / f"{size}k"
            shutil.copytree(project, copy, ignore=shutil.ignore_patterns(".*", "site", "node_modules", "__pycache__"))
            append_paragraphs(copy / GROWN_PAGE, size * 1024)
            site = str(Path(tmp) / "site")
            check_s = _median(lambda: _time_process([python, "scripts/build.py", "check"], copy, timeout,
                                                    TALKSITE_NO_BOOTSTRAP="1"), runs)
            plain_s = _median(lambda: _time_process([python, "-c", _PLAIN_BUILD, site], copy, timeout), runs)
            build_s = _median(lambda: _time_process([python, "-m", "mkdocs", "build", "--quiet", "--site-dir", site],
                                                    copy, timeout, TALKSITE_DRAFT="1"), runs)
            try:
                with _limit(timeout * (runs + 1)):  # a cold check first, then runs re-checks
                    recheck_s = _time_warm(copy, copy / GROWN_PAGE, runs)
            except _Stopped:
                recheck_s = None
            rows.append((size, check_s, plain_s, build_s, recheck_s))
            shown = [f"{t:.2f}" if t is not None else "-" for t in (check_s, plain_s, build_s, recheck_s)]
            ratio = f"{check_s / plain_s:.2f}" if check_s and plain_s else "-"
            print(f"{size:>8} {shown[0]:>8} {shown[1]:>9} {ratio:>12} {shown[2]:>8} {shown[3]:>10}", flush=True)
    for (small, *before), (large, *after) in zip(rows, rows[1:]):
        if small and all(before) and all(after):
            growth = "  ".join(f"{name} x{b2 / b1:.2f}" for name, b1, b2 in
                               zip(("check", "mkdocs", "build", "re-check"), before, after))
            print(f"growth {small} -> {large} KB ({large / small:.0f}x): {growth}")
    return rows


def run(project: Path, sizes: list[int], build_up_to: int = 1000, page_kb: list[int] | None = None,
        runs: int = 3, timeout: float = 300) -> int:
    real = Site(project)
    check(project)  # warm up imports, so the figures are the check alone
    real_time, real_errors = _time_check(project, runs=5)
    with tempfile.TemporaryDirectory(prefix="bench-check-real-") as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(project / "docs", copy / "docs")
        for name in ("mkdocs.yml", "published-anchors.txt"):
            shutil.copy(project / name, copy / name)
        warm = _time_warm(copy, copy / "docs" / "roles.md", runs=5)
    print(f"real site ({len(real.nav)} pages): check cold {real_time * 1000:.0f} ms, after a one-page edit "
          f"{warm * 1000:.0f} ms (medians of 5), {real_errors} errors", flush=True)
    if sizes:
        print(f"{'pages':>6} {'cold s':>8} {'warm s':>8} {'build s':>8} {'cold/build':>10} {'errors found':>12}")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-check-") as tmp:
        for size in sizes:
            root = Path(tmp) / str(size)
            generate(root, size, real)
            seconds, errors = _time_check(root)
            warm = _time_warm(root, root / "docs" / "part" / "page-0005.md")
            rows.append((size, seconds))
            if size > build_up_to:  # Material renders the whole nav into every page: quadratic
                print(f"{size:>6} {seconds:>8.2f} {warm:>8.2f} {'-':>8} {'-':>10} {errors:>6} of {DELIBERATE_ERRORS}")
                continue
            build = _time_mkdocs_build(root)
            print(f"{size:>6} {seconds:>8.2f} {warm:>8.2f} {build:>8.1f} {seconds / build:>9.1%} "
                  f"{errors:>6} of {DELIBERATE_ERRORS}", flush=True)
    for (small, t_small), (large, t_large) in zip(rows, rows[1:]):
        print(f"growth {small} -> {large} pages ({large / small:.0f}x): time x{t_large / t_small:.2f}")
    page_sizes(project, PAGE_SIZES if page_kb is None else page_kb, runs, timeout)
    return 0
