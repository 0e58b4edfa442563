"""Benchmark of the checker: synthetic sites of growing size, `check` beside `mkdocs build`.

    python3 scripts/build.py bench-check [--sizes 250 1000 4000]

Each synthetic page has about 10 links (pages, anchors, same-page anchors) and 5 term uses; the
glossary has 500 terms; every site carries three deliberate errors, which the check must find.
The synthetic mkdocs.yml uses the real site's theme and markdown_extensions but no hooks, so the
mkdocs build column is rendering alone. Figures are printed; BENCHMARKS.md records a run.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from talksite.check import check
from talksite.project import Site

TERMS = 500
DELIBERATE_ERRORS = 3


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
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(root / "site")],
                   cwd=root, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def run(project: Path, sizes: list[int], build_up_to: int = 1000) -> int:
    real = Site(project)
    check(project)  # warm up imports, so the figures are the check alone
    real_time, real_errors = _time_check(project, runs=5)
    with tempfile.TemporaryDirectory(prefix="bench-check-real-") as tmp:
        import shutil

        copy = Path(tmp) / "site"
        shutil.copytree(project / "docs", copy / "docs")
        for name in ("mkdocs.yml", "published-anchors.txt"):
            shutil.copy(project / name, copy / name)
        warm = _time_warm(copy, copy / "docs" / "roles.md", runs=5)
    print(f"real site ({len(real.nav)} pages): check cold {real_time * 1000:.0f} ms, after a one-page edit "
          f"{warm * 1000:.0f} ms (medians of 5), {real_errors} errors", flush=True)
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
    return 0
