"""Lighthouse benchmark: this site next to plain Material, served the way a real host serves it.

    python3 scripts/build.py bench-lighthouse [--runs 3] [--pages URL ...]

Builds site/ (the published build) and the same docs/ with a plain Material configuration, serves
both through Debian's nginx on 127.0.0.1 (gzip on, cache headers; started and stopped here, with its
own temporary configuration), runs Lighthouse (bench/package.json, installed with `npm ci`) mobile
and desktop on every page of the nav, several runs each, and writes the medians to BENCHMARKS.md.

Why not Lighthouse CI (`@lhci/cli collect`): it would replace only run-lighthouse.mjs (30 lines),
not the plain build, nginx or the report; and it runs all runs of one URL in a row (retrying a
failed run until one succeeds), where ours interleaves the two sites run by run, so that a busy
moment on the machine hits both, and a failed run stops the benchmark.

A benchmark, not a test: figures depend on the machine and its load. Everything that can be
checked without a browser (medians, lost points, the report, the configurations) is in plain
functions the tests call.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import install
from talksite import tasks
from talksite.project import Site

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CATEGORY_NAMES = {"performance": "Performance", "accessibility": "Accessibility",
                  "best-practices": "Best practices", "seo": "SEO"}
FORM_FACTORS = ["mobile", "desktop"]
SITES = {"ours": "This site", "plain": "Plain Material"}
# Debian's chromium, started the way this closed network needs (no background connections).
CHROME_PATH = "/usr/bin/chromium"
CHROME_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Keys of our mkdocs.yml that describe the content, not the theme: the plain build keeps them so
# both sites render the same pages (same nav, same Markdown features such as ids and snippets).
CONTENT_KEYS = ["site_name", "site_url", "nav", "exclude_docs", "markdown_extensions"]


# --- the plain Material site -------------------------------------------------------------------

def plain_config(root: Path) -> dict:
    """A minimal mkdocs.yml for the same docs: Material with its defaults, no hooks, no overrides,
    no extra CSS, default fonts (which load from Google and fail on this network)."""
    from mkdocs.utils.yaml import yaml_load

    with open(root / "mkdocs.yml", encoding="utf-8") as fd:
        ours = yaml_load(fd) or {}
    config = {key: ours[key] for key in CONTENT_KEYS if key in ours}
    config["docs_dir"] = str((root / ours.get("docs_dir", "docs")).resolve())
    config["theme"] = {"name": "material"}
    return config


def build_plain(root: Path, site_dir: Path) -> None:
    """Build the plain variant (not strict: our <!-- talksite:... --> directives stay as comments)."""
    import yaml

    with tempfile.TemporaryDirectory(prefix="plain-material-") as tmp:
        config_file = Path(tmp) / "mkdocs.yml"
        config_file.write_text(yaml.safe_dump(plain_config(root), sort_keys=False), encoding="utf-8")
        # cwd=root: pymdownx.snippets' base_path is relative to the working directory.
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(config_file),
                                 "-d", str(site_dir)], cwd=root, capture_output=True, text=True,
                                env=dict(os.environ, NO_MKDOCS_2_WARNING="1"))
    if result.returncode != 0:
        raise SystemExit(f"error: the plain Material build failed:\n{result.stderr}")


# --- nginx -------------------------------------------------------------------------------------

def nginx_config(prefix: Path, servers: dict[int, Path], run_as_root: bool) -> str:
    """An nginx configuration serving each site dir on 127.0.0.1:port, compressed, with cache headers:
    fingerprinted assets (name.1a2b3c4d.min.js) for a year, other assets a day, pages revalidated.
    A file's precompressed .gz copy is sent when there is one (gzip_static); others are gzipped on
    the fly. (Debian's nginx has no brotli module, so .br copies are not used here.)"""
    blocks = []
    for port, site_dir in servers.items():
        blocks.append(f"""
    server {{
        listen 127.0.0.1:{port};
        root {site_dir};
        index index.html;
        error_page 404 /404.html;
        location ~* "\\.[0-9a-f]{{8}}\\.min\\.(js|css)$" {{
            add_header Cache-Control "public, max-age=31536000, immutable";
        }}
        location /assets/ {{
            add_header Cache-Control "public, max-age=86400";
        }}
        location / {{
            add_header Cache-Control "no-cache";
        }}
    }}""")
    user = "user root;\n" if run_as_root else ""
    return f"""{user}worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    etag on;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    gzip on;
    gzip_static on;
    gzip_comp_level 6;
    gzip_min_length 256;
    gzip_vary on;
    gzip_types text/css application/javascript text/javascript application/json image/svg+xml
               application/xml text/xml;
{"".join(blocks)}
}}
"""


class Nginx:
    """Debian's nginx in the foreground with a temporary configuration; stopped on exit."""

    def __init__(self, servers: dict[int, Path]) -> None:
        self.servers = servers
        self.dir = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Nginx":
        conf = self.dir / "nginx.conf"
        conf.write_text(nginx_config(self.dir, self.servers, os.geteuid() == 0))
        self.process = subprocess.Popen([nginx_binary(), "-p", str(self.dir), "-e", str(self.dir / "error.log"),
                                         "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for port in self.servers:
            _wait_for_port(port, self.process)
        return self

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.dir, ignore_errors=True)


def nginx_binary() -> str:
    return shutil.which("nginx") or "/usr/sbin/nginx"


def _wait_for_port(port: int, process: subprocess.Popen, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: nginx stopped: {process.stderr.read().decode(errors='replace')}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"error: nginx did not listen on 127.0.0.1:{port}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- tools -------------------------------------------------------------------------------------

def ensure_tools(root: Path) -> None:
    """nginx from Debian (apt) and Lighthouse from bench/package-lock.json (npm ci), when missing."""
    if not Path(nginx_binary()).exists():
        install.system_packages({"nginx": "nginx"})
    install.system_packages({"chromium": "chromium", "npm": "npm"})
    install.npm_ci(root / "bench", scripts=True)


def tool_versions(root: Path) -> dict[str, str]:
    def out(cmd: list[str]) -> str:
        result = subprocess.run(cmd, capture_output=True, text=True)
        return (result.stdout + result.stderr).strip().splitlines()[0] if result.returncode == 0 else "?"

    lighthouse = json.loads((root / "bench/node_modules/lighthouse/package.json").read_text())["version"]
    return {"lighthouse": lighthouse, "chromium": out([CHROME_PATH, "--version"]),
            "nginx": out([nginx_binary(), "-v"]).replace("nginx version: ", ""), "node": out(["node", "--version"])}


# --- results -----------------------------------------------------------------------------------

@dataclass
class Lost:
    audit: str
    title: str
    runs: int  # in how many runs it lost points
    value: str = ""  # the measured value, for metrics (as Lighthouse displays it)
    numeric: float | None = None


@dataclass
class Summary:
    """One page, one site, one form factor: medians over the runs."""
    scores: dict[str, int]  # category -> median score 0..100
    transfer: int  # median first-visit bytes transferred
    lcp_ms: float
    runs: int
    lost: dict[str, list[Lost]] = field(default_factory=dict)  # category -> audits losing points
    resources: dict[str, int] = field(default_factory=dict)  # resource type -> median bytes transferred


def summarise(reports: list[dict]) -> Summary:
    """Medians of several Lighthouse reports (LHR dicts) of one page, and the audits losing points."""
    scores = {c: round(statistics.median(r["categories"][c]["score"] * 100 for r in reports))
              for c in CATEGORIES}
    transfer = round(statistics.median(r["audits"]["total-byte-weight"]["numericValue"] for r in reports))
    lcp = statistics.median(r["audits"]["largest-contentful-paint"]["numericValue"] for r in reports)
    lost: dict[str, list[Lost]] = {}
    for category in CATEGORIES:
        if scores[category] >= 100:
            continue
        found: dict[str, Lost] = {}
        for report in reports:
            for ref in report["categories"][category]["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                    entry = found.setdefault(ref["id"], Lost(ref["id"], audit["title"], 0))
                    entry.runs += 1
                    if audit.get("displayValue"):
                        entry.value, entry.numeric = audit["displayValue"], audit.get("numericValue")
        lost[category] = sorted(found.values(), key=lambda lost: (-lost.runs, lost.audit))
    resources = {}
    for report in reports[:1]:
        for item in report["audits"].get("resource-summary", {}).get("details", {}).get("items", []):
            kind = item["resourceType"]
            resources[kind] = round(statistics.median(
                next((i["transferSize"] for i in r["audits"]["resource-summary"]["details"]["items"]
                      if i["resourceType"] == kind), 0) for r in reports))
    return Summary(scores, transfer, lcp, len(reports), lost, resources)


def write_section(path: Path, text: str, name: str = "bench-lighthouse") -> None:
    """Put text between benchmark name's markers in path, leaving the other benchmarks' figures."""
    start, end = f"<!-- {name}: start -->", f"<!-- {name}: end -->"
    block = f"{start}\n{text.rstrip()}\n{end}\n"
    current = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in current and end in current:
        before, rest = current.split(start, 1)
        current = before + block + rest.split(end, 1)[1].lstrip("\n")
    else:
        current = current.rstrip("\n") + "\n\n" + block
    path.write_text(current, encoding="utf-8")


def render_report(results: dict, pages: list[tuple[str, str]], meta: dict) -> str:
    """BENCHMARKS.md from results[site][form_factor][url] -> Summary; pages are (url, title)."""
    lines = [
        "## Lighthouse: ours next to plain Material (issues 6 and 13)",
        "",
        f"Generated by `{meta.get('command', 'python3 scripts/build.py bench-lighthouse')}` on {meta['date']} "
        f"at commit `{meta['commit']}`; do not edit by hand. Lighthouse {meta['versions']['lighthouse']} "
        f"({meta['versions']['chromium']}, Node {meta['versions']['node']}), median of {meta['runs']} "
        f"runs per page and form factor, each a first visit (cache and storage cleared). "
        f"Load average during the run (1 minute, sampled every 5 s): {meta.get('load', 'not recorded')}.",
        "",
        f"Both sites are served by {meta['versions']['nginx']} on 127.0.0.1 with gzip and cache "
        "headers (fingerprinted assets a year, other assets a day, pages revalidated).",
        "",
        "- **Ours**: `site/` as `python3 scripts/build.py build` publishes it.",
        "- **Plain**: the same `docs/` built with a minimal `mkdocs.yml`: `theme: material` with its "
        "defaults, and only the content keys of ours (" + ", ".join(f"`{k}`" for k in CONTENT_KEYS) +
        "); no hooks, no overrides, no extra CSS, default fonts. Without our hooks its pages keep the "
        "`<!-- talksite:... -->` directives as HTML comments (no teaching boxes, no home page map, no "
        "full talk, no tooltips), so its pages carry a little less content. Its default fonts load from "
        "Google Fonts, which this machine cannot reach: that is plain Material as it ships, measured here "
        "without the network it expects.",
        "",
    ]
    factors = [f for f in FORM_FACTORS if f in results["ours"]]
    for factor in factors:
        lines += [f"### {factor.capitalize()}", "",
                  "Scores are ours / plain. Transfer is the first visit's bytes over the wire (Lighthouse "
                  "`total-byte-weight`).", "",
                  "| Page | " + " | ".join(CATEGORY_NAMES[c] for c in CATEGORIES) +
                  " | LCP ours / plain | Transfer ours / plain | Ratio |",
                  "| --- | " + " | ".join("---:" for _ in CATEGORIES) + " | ---: | ---: | ---: |"]
        for url, title in pages:
            ours, plain = results["ours"][factor][url], results["plain"][factor][url]
            cells = [f"{ours.scores[c]} / {plain.scores[c]}" for c in CATEGORIES]
            lines.append(f"| {title} (`/{url}`) | " + " | ".join(cells) +
                         f" | {ours.lcp_ms / 1000:.1f} s / {plain.lcp_ms / 1000:.1f} s"
                         f" | {_kb(ours.transfer)} / {_kb(plain.transfer)} | {ours.transfer / plain.transfer:.2f} |")
        total_ours = sum(results["ours"][factor][u].transfer for u, _ in pages)
        total_plain = sum(results["plain"][factor][u].transfer for u, _ in pages)
        lows = [f"{CATEGORY_NAMES[c]} {min(results['ours'][factor][u].scores[c] for u, _ in pages)} / "
                f"{min(results['plain'][factor][u].scores[c] for u, _ in pages)}" for c in CATEGORIES]
        lines += ["", f"Lowest page, ours / plain: {'; '.join(lows)}. "
                  f"Transfer over all pages: {_kb(total_ours)} / {_kb(total_plain)} "
                  f"(ratio {total_ours / total_plain:.2f}; target ≤ 1.00 on every page, stretch ≤ 0.80).", ""]
    lines += _transfer_breakdown(results, pages)
    lines += ["### Where points are lost", "",
              "Every audit that cost points where a page's median score in a category is below 100, and "
              "on which pages (of " + str(len(pages)) + "). Metric values are the range over those pages.",
              ""]
    for site, name in SITES.items():
        rows = _lost_rows(results[site], pages)
        lines += [f"#### {name}", ""]
        if not rows:
            lines += ["None: every category scores 100 on every page, mobile and desktop.", ""]
            continue
        lines += ["| Category | Audit | " + " | ".join(f.capitalize() for f in factors) + " |",
                  "| --- | --- | " + " | ".join("---" for _ in factors) + " |"]
        lines += rows + [""]
    if meta.get("warnings"):
        lines += ["### Lighthouse warnings", ""] + [f"- {w}" for w in meta["warnings"]] + [""]
    return "\n".join(lines)


def _lost_rows(by_factor: dict, pages: list[tuple[str, str]]) -> list[str]:
    """Table rows: one per (category, audit), with the pages it cost points on per form factor."""
    where: dict[tuple[str, str], dict[str, list[tuple[str, Lost]]]] = {}
    titles: dict[str, str] = {}
    factors = [f for f in FORM_FACTORS if f in by_factor]
    for factor in factors:
        for url, _ in pages:
            for category, audits in by_factor[factor][url].lost.items():
                for lost in audits:
                    titles[lost.audit] = lost.title
                    where.setdefault((category, lost.audit), {}).setdefault(factor, []).append((url, lost))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows = []
    for (category, audit), by in sorted(where.items(), key=lambda kv: (order[kv[0][0]], kv[0][1])):
        cells = []
        for factor in factors:
            hits = by.get(factor, [])
            if not hits:
                cells.append("–")
                continue
            urls = {url for url, _ in hits}
            text = f"all {len(pages)}" if len(urls) == len(pages) else ", ".join(
                f"`/{url}`" for url, _ in pages if url in urls)
            values = sorted((lost for _, lost in hits if lost.numeric is not None), key=lambda x: x.numeric)
            if values:
                low, high = values[0].value, values[-1].value
                text += f" ({low})" if low == high else f" ({low} – {high})"
            cells.append(text)
        rows.append(f"| {CATEGORY_NAMES[category]} | `{audit}`: {titles[audit].replace('|', '/')} | "
                    + " | ".join(cells) + " |")
    return rows


def _transfer_breakdown(results: dict, pages: list[tuple[str, str]]) -> list[str]:
    """What the first visit of the home page transfers, by resource type (mobile medians)."""
    url, title = pages[0]
    ours, plain = results["ours"]["mobile"][url].resources, results["plain"]["mobile"][url].resources
    kinds = [k for k in ours if k != "total" and (ours.get(k) or plain.get(k))]
    if not kinds:
        return []
    lines = [f"### First visit of {title} (`/{url}`), by resource type", "",
             "Bytes over the wire (mobile, median), from Lighthouse's `resource-summary`.", "",
             "| Resource type | Ours | Plain |", "| --- | ---: | ---: |"]
    lines += [f"| {kind} | {_kb(ours.get(kind, 0))} | {_kb(plain.get(kind, 0))} |" for kind in kinds]
    lines += [f"| total | {_kb(ours.get('total', 0))} | {_kb(plain.get('total', 0))} |", ""]
    return lines


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} kB"


# --- the run -----------------------------------------------------------------------------------

def select_pages(root: Path, only: list[str] | None) -> list[tuple[str, str]]:
    """(url, title) of the nav's pages, or of those in only (site-relative URLs), in nav order."""
    pages = [(page.url, page.title) for page in Site(root).pages]
    if only is None:
        return pages
    unknown = sorted(set(only) - {url for url, _ in pages})
    if unknown:
        raise SystemExit(f"error: no page at {', '.join(repr(u) for u in unknown)}; "
                         f"pages: {', '.join(repr(u) for u, _ in pages)}")
    return [(url, title) for url, title in pages if url in only]


class LoadSampler:
    """The machine's 1-minute load average every few seconds while a run lasts (other work shares
    the CPUs, and the figures depend on it)."""

    def __init__(self, every: float = 5) -> None:
        self.every, self.samples = every, [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.every):
            self.samples.append(os.getloadavg()[0])

    def __enter__(self) -> "LoadSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.samples.append(os.getloadavg()[0])

    def summary(self) -> str:
        return (f"{statistics.median(self.samples):.1f} median, {min(self.samples):.1f}–"
                f"{max(self.samples):.1f} range")


@contextlib.contextmanager
def side_by_side(root: Path, only: list[str] | None, prefix: str):
    """Ours as `build` publishes it (site/) and plain Material, in a temporary folder removed after:
    yields the pages, each site's (port, folder) for Nginx, and the folder. Exits 1 if the build fails."""
    ensure_tools(root)
    pages = select_pages(root, only)
    if tasks.build(root):
        raise SystemExit(1)
    work = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        print("Building the plain Material variant …", file=sys.stderr)
        build_plain(root, work / "plain")
        yield pages, {"ours": (_free_port(), root / "site"), "plain": (_free_port(), work / "plain")}, work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def head_commit(root: Path) -> str:
    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True)
    return result.stdout.strip() or "?"


def run_meta(root: Path, name: str, runs: int, pages: list[tuple[str, str]], only: list[str] | None,
             options: str = "") -> dict:
    """When, at which commit and with which command line a benchmark ran (each report's first line)."""
    command = (f"python3 scripts/build.py {name}" + (f" --runs {runs}" if runs != 3 else "")
               + (" --pages " + " ".join(f"'{u}'" for u, _ in pages) if only is not None else "") + options)
    return {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "commit": head_commit(root),
            "runs": runs, "command": command}


def run(root: Path, runs: int = 3, report: Path | None = None, only: list[str] | None = None,
        factors: list[str] = FORM_FACTORS) -> int:
    with side_by_side(root, only, "bench-lighthouse-") as (pages, sites, work):
        ports = {site: port for site, (port, _) in sites.items()}
        jobs = []
        for index in range(runs):  # interleaved, so a busy moment on the machine hits both sites
            for url, _ in pages:
                for factor in factors:
                    for site in SITES:
                        out = work / f"{site}-{factor}-{url.strip('/').replace('/', '_') or 'home'}-{index}.json"
                        jobs.append({"site": site, "page": url, "formFactor": factor, "out": str(out),
                                     "url": f"http://127.0.0.1:{ports[site]}/{url}"})
        spec = work / "jobs.json"
        spec.write_text(json.dumps({"chromeFlags": CHROME_FLAGS, "categories": CATEGORIES, "jobs": jobs}))
        with Nginx(dict(sites.values())), LoadSampler() as load:
            env = dict(os.environ, CHROME_PATH=CHROME_PATH)
            done = subprocess.run(["node", "run-lighthouse.mjs", str(spec)], cwd=root / "bench", env=env)
        if done.returncode != 0:
            print("error: Lighthouse failed", file=sys.stderr)
            return 1
        reports: dict = {s: {f: {u: [] for u, _ in pages} for f in factors} for s in SITES}
        warnings: set[str] = set()
        for job in jobs:
            lhr = json.loads(Path(job["out"]).read_text())
            reports[job["site"]][job["formFactor"]][job["page"]].append(lhr)
            warnings.update(str(w) for w in lhr.get("runWarnings", []))
        results = {s: {f: {u: summarise(r) for u, r in by_url.items()} for f, by_url in by_factor.items()}
                   for s, by_factor in reports.items()}
        factors_option = f" --form-factors {' '.join(factors)}" if list(factors) != FORM_FACTORS else ""
        meta = {**run_meta(root, "bench-lighthouse", runs, pages, only, factors_option),
                "versions": tool_versions(root), "warnings": sorted(warnings),
                "load": f"{load.summary()} on {os.cpu_count()} CPUs"}
        report = report or root / "BENCHMARKS.md"
        write_section(report, render_report(results, pages, meta))
        print(f"Wrote {report}", file=sys.stderr)
        return 0
