#!/usr/bin/env python3
"""The one entry point for every task on this site.

    python3 scripts/build.py serve   check, build site/, then preview live at http://127.0.0.1:8000/
    python3 scripts/build.py build   check, then build site/ (for publishing); --engine zensical: render with Zensical
    python3 scripts/build.py check   check links, anchors, ids, glossary terms and quotes only
    python3 scripts/build.py test    run the whole test suite
    python3 scripts/build.py anchors --update   register new section anchors as published
    python3 scripts/build.py bench-check   time check beside mkdocs build on synthetic sites and a long page
    python3 scripts/build.py bench-handout   time the PDF handout step (BENCHMARKS.md)
    python3 scripts/build.py bench-engines   time a build by Material and by Zensical, side by side
    python3 scripts/build.py verify-vendor   re-check vendor/iframe-worker/ against npm
    python3 scripts/build.py bench-lighthouse   Lighthouse, ours next to plain Material -> BENCHMARKS.md
    python3 scripts/build.py bench-transfer   first-visit bytes, ours next to plain Material -> BENCHMARKS.md

Any Python 3.11+ can start it: the first run creates .venv/ and installs requirements.txt (pinned),
and every run re-executes itself inside .venv/, reinstalling only when requirements.txt changes.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import install  # scripts/install.py: standard library only, usable before .venv/ exists

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "requirements.txt"

# Programs the tests drive, by the Debian package that provides them (never downloaded by a test
# tool: browsers come from Debian's archive). The handout tests read PDFs and decode QR codes.
TEST_PROGRAMS = {"chromium": "chromium", "npm": "npm", "pdffonts": "poppler-utils", "pdftoppm": "poppler-utils",
                 "zbarimg": "zbar-tools"}

# Material prints an end-of-life banner on every command; our README records the plan instead,
# so readers of the build output see only what concerns this site.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def bootstrap() -> None:
    """Re-run this script inside .venv/, creating it and installing pinned requirements first."""
    if sys.version_info < (3, 11):
        sys.exit(f"error: Python 3.11 or newer is needed, this is {sys.version.split()[0]}")
    python = VENV / "bin" / "python"
    # TALKSITE_NO_BOOTSTRAP=1: use the running interpreter as is (tests run copies of the project).
    if Path(sys.prefix).resolve() == VENV.resolve() or os.environ.get("TALKSITE_NO_BOOTSTRAP") == "1":
        return
    try:
        if not python.exists():
            if not os.access(ROOT, os.W_OK):  # say why before venv prints its own traceback
                raise PermissionError(13, "cannot create .venv/, the project folder is read-only", str(ROOT))
            print(f"Creating {VENV.relative_to(ROOT)}/ …", file=sys.stderr)
            subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        install.requirements(VENV, REQUIREMENTS)
        install.project_path(VENV, ROOT / "scripts")
    except OSError as exc:
        print(f"error: {exc.strerror or exc}{f': {exc.filename}' if exc.filename else ''}", file=sys.stderr)
        sys.exit(2)
    except subprocess.CalledProcessError as exc:
        print(f"error: setting up {VENV.relative_to(ROOT)}/ failed ({' '.join(map(str, exc.cmd[:4]))} …)",
              file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    os.execv(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="build site/, then preview it with live reload")
    serve.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default %(default)s)")
    build = commands.add_parser("build", help="check, then build site/ for publishing")
    check = commands.add_parser("check", help="check the sources only; exit 1 on problems, 2 if it cannot run")
    build.add_argument("--engine", choices=["material", "zensical"], default="material",
                       help="what renders the pages: MkDocs with Material (default) or Zensical (README, 'Two engines')")
    for command in (build, check):
        command.add_argument("--strict", action="store_true", help="treat warnings (unused terms) as errors")
    check.add_argument("--format", choices=["text", "json", "markdown"], default="text",
                       help="output format (markdown: only with --rules, the table README shows)")
    check.add_argument("--rules", action="store_true", help="list the rule codes and exit")
    commands.add_parser("test", help="run the whole test suite (extra arguments go to pytest)")
    anchors = commands.add_parser("anchors", help="add the site's current anchors to published-anchors.txt")
    anchors.add_argument("--update", action="store_true", required=True, help="write the registry")
    commands.add_parser("figures", help="lay out the competencies figure from its page's 'At a glance' table")
    bench = commands.add_parser("bench-check", help="time check and mkdocs build on synthetic sites and a growing page")
    bench.add_argument("--sizes", type=int, nargs="*", default=[250, 1000, 4000],
                       help="pages per synthetic site (none: skip the series)")
    bench.add_argument("--build-up-to", type=int, default=1000,
                       help="time mkdocs build only up to this many pages (it grows quadratically)")
    bench.add_argument("--page-sizes", type=int, nargs="*", metavar="KB",
                       help="KB of paragraphs appended to one page of the real project (default: PAGE_SIZES "
                            "in bench/check.py; none: skip the series)")
    bench.add_argument("--runs", type=int, default=3, help="runs per page size; the median counts")
    bench.add_argument("--timeout", type=float, default=300,
                       help="seconds after which one measurement of a page size is stopped (default %(default)s)")
    commands.add_parser("bench-handout", help="time the PDF handout step (figure in BENCHMARKS.md)")
    bench = commands.add_parser("bench-engines", help="time a build by Material and by Zensical, alternately")
    bench.add_argument("--runs", type=int, default=5, help="builds per engine; the median counts")
    bench.add_argument("--complete", action="store_true", help="complete builds (sheets, handouts, offline copy)")
    commands.add_parser("verify-vendor", help="compare vendor/iframe-worker/ with its npm package")
    bench = commands.add_parser("bench-lighthouse", help="Lighthouse benchmark next to plain Material "
                                "(nginx, npm ci in bench/), written to BENCHMARKS.md")
    bench.add_argument("--runs", type=int, default=3, help="runs per page and form factor (default %(default)s)")
    bench.add_argument("--pages", nargs="+", metavar="URL",
                       help="only these pages, by site-relative URL ('' for home, 'roles/'); for quick runs")
    bench.add_argument("--form-factors", nargs="+", choices=["mobile", "desktop"], default=["mobile", "desktop"],
                       help="Lighthouse's mobile and/or desktop settings (default both)")
    bench = commands.add_parser("bench-transfer", help="first-visit bytes of every page next to plain Material "
                                "(nginx, Chromium), written to BENCHMARKS.md")
    bench.add_argument("--runs", type=int, default=3, help="visits per page and site; the median counts")
    bench.add_argument("--pages", nargs="+", metavar="URL",
                       help="only these pages, by site-relative URL ('' for home, 'roles/')")
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "test":
        parser.error(f"unrecognized arguments: {' '.join(extra)}")

    sys.path.insert(0, str(ROOT / "scripts"))
    sys.path.insert(0, str(ROOT))  # bench/: the benchmarks live beside the product package
    from talksite import tasks

    if args.command == "bench-check":
        from bench import check as bench_check

        return bench_check.run(ROOT, args.sizes, args.build_up_to, args.page_sizes, args.runs, args.timeout)
    if args.command == "anchors":
        return tasks.update_anchors(ROOT)
    if args.command == "figures":
        return tasks.lay_out_figures(ROOT)
    if args.command == "check" and args.rules:
        print(tasks.rule_table(markdown=args.format == "markdown"))
        return 0
    if args.command == "check":
        return tasks.check(ROOT, args.strict, "json" if args.format == "json" else "text")
    if args.command == "build":
        return tasks.build(ROOT, args.strict, args.engine)
    if args.command == "bench-handout":
        from bench import handout as bench_handout

        return bench_handout.run(ROOT)
    if args.command == "bench-engines":
        from bench import engines

        return engines.run(ROOT, runs=args.runs, complete=args.complete)
    if args.command == "bench-lighthouse":
        from bench import lighthouse

        return lighthouse.run(ROOT, runs=args.runs, only=args.pages, factors=args.form_factors)
    if args.command == "bench-transfer":
        from bench import transfer

        return transfer.run(ROOT, only=args.pages, runs=args.runs)
    if args.command == "verify-vendor":
        from talksite import offline

        problems = offline.verify_vendored()
        print("\n".join(problems) or f"vendor/iframe-worker/ matches iframe-worker@{offline.shim_version()}")
        return 1 if problems else 0
    if args.command == "serve":
        if tasks.address(args.addr) is None:
            print(f"error: '{args.addr}' is not an address to serve on (write HOST:PORT, e.g. 127.0.0.1:8000)",
                  file=sys.stderr)
            return 2
        tasks.build(ROOT)  # problems are printed; the preview starts anyway so they can be fixed live
        return tasks.serve(ROOT, args.addr)
    install.system_packages(TEST_PROGRAMS)
    install.npm_ci(ROOT / "tests")
    return tasks.test(ROOT, extra)


def run(argv: list[str] | None = None) -> int:
    """main(), with an unusable environment (OSError: read-only folder, full disk, busy port) as
    one line and exit 2, and Ctrl-C or SIGTERM as one line: `finally` blocks clean up either way."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from talksite import tasks

    tasks.catch_termination()
    try:
        return main(argv)
    except OSError as exc:
        print(f"error: {tasks.os_failure(exc)}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, tasks.Interrupted) as exc:
        signum = getattr(exc, "signum", 2)
        print("interrupted: nothing half-written was left behind", file=sys.stderr)
        return 128 + signum


if __name__ == "__main__":
    bootstrap()
    sys.exit(run())
