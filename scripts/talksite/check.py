"""The checker: every broken link, anchor, id, term and quote, found before anything is rendered.

`check(root)` reads the project like the renderer would (mkdocs.yml, the pages, the glossary, the
transcript), renders each page's Markdown with the site's own extensions to learn its ids and
links, and returns every problem at once, each located at file:line:column with a rule code and
a fix. It needs neither MkDocs nor a built site, so any renderer can run it first.
"""

from __future__ import annotations

import bisect
import difflib
import html
import multiprocessing as mp
import os
import posixpath
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pathspec
from markdown.extensions.toc import slugify

from . import registry, render
from .errors import Problem
from .pipeline import Pipeline, Rendered
from .project import GLOSSARY_PAGE, Page, Site
from .syntax import ANY_HEADING, FENCE

# Rule codes, for the README and --format json users. Every Problem carries one.
RULES = {
    "missing-page": "a link to a page that does not exist",
    "outside-docs": "a link to a file outside docs/",
    "absolute-link": "an absolute site link (/roles/) where a relative .md link is expected",
    "directory-link": "a directory-style link (roles/) where a .md link is expected",
    "broken-anchor": "a link to an anchor that does not exist, on this page or another",
    "missing-asset": "an image or other file that does not exist (also extra_css/extra_javascript)",
    "nav-missing": "a nav entry naming a file that does not exist",
    "orphan-page": "a page that exists but is in no nav",
    "duplicate-id": "an id used twice on one page (or renamed id_1 because of a clash)",
    "heading-id": "a ##/### heading without an explicit {#id}",
    "insecure-link": "an http:// link (use https://)",
    "undefined-term": "a link to a glossary term that is not defined",
    "not-a-term": "a link into the glossary whose anchor exists but is no term",
    "duplicate-term": "a term defined twice (names compared case-insensitively)",
    "empty-definition": "a term with an empty definition",
    "no-terms": "a glossary page without any term",
    "unused-term": "a term no page links to (warning; error with --strict)",
    "misquote": "a blockquote that is not the speaker's words verbatim",
    "unquoted-paragraph": "a paragraph of the talk that no page quotes",
    "unknown-directive": "a <!-- talksite:... --> directive that does not exist",
    "directive-data": "a directive whose front matter data is missing or malformed",
    "config": "a setting the build needs is missing from mkdocs.yml (site_url)",
    "missing-description": "a page without a front matter description",
    "front-matter": "front matter that is not valid YAML",
    "removed-anchor": "a published page or anchor (published-anchors.txt) gone without a redirect",
    "unregistered-anchor": "anchors not yet in published-anchors.txt (warning; error with --strict)",
    "redirect-shadows": "a redirect from a page or anchor that still exists",
    "redirect-form": "an extra.fragment_redirects entry not written 'page.md#old: page.md#new'",
}

_SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")
_DEFAULT_EXCLUDES = [".*", "/templates/"]  # what MkDocs leaves out of every site
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}$")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


@dataclass
class Report:
    problems: list[Problem]
    pages: int

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + [self.summary()]

    def as_json(self) -> str:
        import json

        return json.dumps([p.as_dict() for p in self.problems], indent=2, ensure_ascii=False)

    def summary(self) -> str:
        if not self.problems:
            return f"no problems in {self.pages} pages"
        files = len({p.file for p in self.problems})
        parts = [_count(len(self.errors), "error"), _count(len(self.warnings), "warning")]
        return f"{' and '.join(p for p in parts if p)} in {_count(files, 'file')}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}" if n else ""


@dataclass
class _Page:
    page: Page
    file: str
    rendered: Rendered
    locator: "_Locator"


@dataclass
class Context:
    """What every rule sees: the site, each page rendered, and where its links point."""

    site: Site
    strict: bool
    pages: dict[str, _Page] = field(default_factory=dict)  # by src, nav pages and orphans
    published: set[str] = field(default_factory=set)  # every file under docs/ that is published
    folders: set[str] = field(default_factory=set)  # every folder under docs/
    term_uses: Counter = field(default_factory=Counter)
    _anchors: dict[str, set[str]] = field(default_factory=dict)

    def anchors(self, src: str) -> set[str]:
        """Every id a link may point to on page src (empty when there is no such page)."""
        if src not in self._anchors:
            self._anchors[src] = set(self.pages[src].rendered.ids) if src in self.pages else set()
        return self._anchors[src]


_cache: dict = {}


def check_cached(root: Path, strict: bool = False) -> Report:
    """check(), reused while no input file changed: the build runs it, then MkDocs' hook asks again."""
    inputs = [root / "mkdocs.yml", *sorted(Site(root).docs_dir.rglob("*"))]
    key = (str(root), strict, tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in inputs if p.is_file()))
    if key not in _cache:
        _cache.clear()
        _cache[key] = check(root, strict)
    return _cache[key]


def check(root: Path, strict: bool = False) -> Report:
    """Every problem in the project at root. Raises ToolError when it cannot check at all."""
    ctx, problems = analyse(root, strict)
    return Report(problems, len(ctx.pages))


def analyse(root: Path, strict: bool = False) -> tuple[Context, list[Problem]]:
    """The site read and rendered for checking, and every problem found in it, sorted."""
    site = Site(root)
    ctx = Context(site, strict)
    problems: list[Problem] = []
    nav_pages = site.pages  # loading records nav-missing and front-matter problems in site
    ctx.published, ctx.folders = _published_files(site)
    glossary = site.glossary
    problems += glossary.problems

    docs = site.rel(site.docs_dir)
    in_nav = set(site.nav)
    orphans = sorted(f for f in ctx.published if f.endswith(".md") and f not in in_nav)
    pages = nav_pages + [site.page(src) for src in orphans]
    if any(p.rule == "front-matter" for p in site.problems):
        # Teaching boxes, plans and indexes derive from front matter: checking them now would
        # only repeat this problem in other words. Report what stops the site from loading.
        return ctx, sorted(set(site.problems), key=lambda p: (p.file, p.line, p.column, p.rule))
    expanded = [render.expand(page.body, page, site, problems) for page in pages]
    for page, rendered in zip(pages, _render_all(Pipeline(site.config, root), expanded)):
        ctx.pages[page.src] = _Page(page, f"{docs}/{page.src}", rendered, _Locator(page))
    problems += site.problems

    for src in orphans:
        problems.append(Problem(ctx.pages[src].file, 1, 1, "error", "this page is in no nav",
                                "orphan-page", "add it to nav in mkdocs.yml, or to not_in_nav"))
    problems += _config_assets(ctx)
    for entry in ctx.pages.values():
        problems += _page_problems(entry, nav=entry.page.src in in_nav)
        for link, (line, column) in zip(entry.rendered.links, entry.locator.positions(entry.rendered.links)):
            if link.raw:
                problems += raw_link_problems(ctx, entry.page, entry.file, link.url, line, column)
            else:
                problems += link_problems(ctx, entry.page.src, entry.file, link.url, line, column)
    problems += _unused_terms(ctx)
    problems += registry.problems(ctx)
    return ctx, sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.rule, p.message))


# Rendering Markdown is most of a check's time; large sites spread it over the machine's cores.
PARALLEL_FROM_PAGES = 200
_worker_pipeline: Pipeline | None = None


def _render_chunk(texts: list[str]) -> list[Rendered]:
    return [_worker_pipeline.render(text) for text in texts]


def _render_all(pipeline: Pipeline, texts: list[str]) -> list[Rendered]:
    global _worker_pipeline
    workers = min(os.cpu_count() or 1, 8)
    if len(texts) < PARALLEL_FROM_PAGES or workers < 2 or "fork" not in mp.get_all_start_methods():
        return [pipeline.render(text) for text in texts]
    _worker_pipeline = pipeline  # forked workers inherit the configured converter
    size = -(-len(texts) // (workers * 4))
    chunks = [texts[i:i + size] for i in range(0, len(texts), size)]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        return [rendered for chunk in pool.map(_render_chunk, chunks) for rendered in chunk]


def _published_files(site: Site) -> tuple[set[str], set[str]]:
    """Files under docs/ that the site publishes (exclude_docs applied), and all folders there."""
    excluded = pathspec.GitIgnoreSpec.from_lines(
        _DEFAULT_EXCLUDES + str(site.config.get("exclude_docs") or "").splitlines())
    files, folders = set(), set()
    for folder, subfolders, names in os.walk(site.docs_dir):
        rel = Path(folder).relative_to(site.docs_dir).as_posix()
        prefix = "" if rel == "." else rel + "/"
        folders.update(prefix + name for name in subfolders)
        files.update(prefix + name for name in names if not excluded.match_file(prefix + name))
    return files, folders


def _config_assets(ctx: Context) -> list[Problem]:
    found = []
    for key in ("extra_css", "extra_javascript"):
        for item in ctx.site.config.get(key) or []:
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str) and not urlsplit(path).scheme and path not in ctx.published:
                found.append(Problem("mkdocs.yml", ctx.site.config_line(path), 1, "error",
                                     f"{key} names '{path}', which is not in docs/", "missing-asset",
                                     "create the file or fix the path"))
    return found


def _page_problems(entry: _Page, nav: bool) -> list[Problem]:
    found = []
    page, file = entry.page, entry.file
    if nav and page.meta_ok and not str(page.meta.get("description") or "").strip():
        found.append(Problem(file, 1, 1, "error", "the page has no description in its front matter",
                             "missing-description",
                             "add 'description: one line' (home page map, search results, link previews)"))
    explicit = set()
    for number, text in entry.locator.headings():
        match = _EXPLICIT_ID.search(text)
        if match:
            explicit.add(match.group(1))
        else:
            found.append(Problem(file, number, 1, "error", f"heading '{text}' has no explicit id",
                                 "heading-id", f"write it as '{text} {{#{slugify(text.lstrip('# '), '-')}}}'"
                                 " with a short, stable id"))
    ids = entry.rendered.ids
    for anchor, times in Counter(ids).items():
        if times > 1:
            found.append(Problem(file, entry.locator.line_of("#" + anchor), 1, "error",
                                 f"id '{anchor}' is used {times} times on this page", "duplicate-id",
                                 "give each element its own id"))
    for tag, anchor in entry.rendered.heading_ids:
        base = re.sub(r"_\d+$", "", anchor)
        if base != anchor and base in ids and anchor not in explicit:
            line = entry.locator.first_h1() if tag == "h1" else entry.locator.line_of("#" + base)
            found.append(Problem(file, line, 1, "error",
                                 f"this {tag} got the id '{anchor}' because '{base}' is already used",
                                 "duplicate-id", f"choose another id than '{base}' for one of them"))
    return found


def link_problems(ctx: Context, here: str, file: str, url: str, line: int, column: int = 1) -> list[Problem]:
    """What is wrong with a link written on page `here` (a src under docs/), reported in file."""
    def problem(message: str, rule: str, fix: str = "") -> list[Problem]:
        return [Problem(file, line, column, "error", message, rule, fix)]

    if url.lower().startswith(_SKIPPED_SCHEMES):
        return []
    parts = urlsplit(url)
    if parts.scheme == "http":
        return problem(f"insecure link '{url}'", "insecure-link", f"use 'https{url[4:]}'")
    if parts.scheme or parts.netloc:
        return []  # external: not fetched
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _anchor_problems(ctx, here, fragment, problem, same_page=True)
    if path.startswith("/"):
        return problem(f"absolute link '{url}'", "absolute-link", _suggest_md(ctx, path.strip("/"), fragment))
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if target == ".." or target.startswith("../"):
        return problem(f"link '{url}' points outside docs/", "outside-docs",
                       "link only to files inside docs/, or use the published https:// address")
    if path.endswith("/") or target in ctx.folders:
        return problem(f"directory-style link '{url}'", "directory-link", _suggest_md(ctx, target, fragment))
    if target.endswith(".md"):
        if target not in ctx.pages:
            close = difflib.get_close_matches(target, sorted(ctx.pages), n=1)
            hint = f"did you mean '{_relative(here, close[0])}'?" if close else "create the page or fix the link"
            return problem(f"no page '{target}' in docs/ for link '{url}'", "missing-page", hint)
        return _anchor_problems(ctx, target, fragment, problem) if fragment else []
    if target not in ctx.published:
        if target + ".md" in ctx.pages:
            return problem(f"no file '{target}' in docs/", "missing-page", f"link '{path}.md'")
        return problem(f"no file '{target}' in docs/ for '{url}'", "missing-asset", "add the file or fix the path")
    return []


def generated_files(site: Site) -> set[str]:
    """Files the build writes into the site beside what docs/ holds (raw HTML may link to them)."""
    from . import printing, sections

    return {sections.SECTIONS_JSON, *printing.generated_files(site)}


def raw_link_problems(ctx: Context, page: Page, file: str, url: str, line: int, column: int) -> list[Problem]:
    """A raw HTML link is published as written, so it resolves against the page's URL, not its file."""
    def problem(message: str, rule: str, fix: str = "") -> list[Problem]:
        return [Problem(file, line, column, "error", message, rule, fix)]

    parts = urlsplit(url)
    if url.lower().startswith(_SKIPPED_SCHEMES) or parts.scheme not in ("", "http") or parts.netloc:
        return []
    if parts.scheme == "http":
        return problem(f"insecure link '{url}'", "insecure-link", f"use 'https{url[4:]}'")
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _anchor_problems(ctx, page.src, fragment, problem, same_page=True)
    if path.endswith(".md"):
        return problem(f"raw HTML link '{url}' names a Markdown file, which raw HTML does not translate",
                       "missing-page", "write a Markdown link [text](page.md#id) instead")
    base = "/" + page.url
    resolved = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
    if resolved.startswith("/.."):
        return problem(f"raw HTML link '{url}' leaves the site", "outside-docs", "link a page or file of the site")
    target_url = resolved.lstrip("/")
    by_url = {p.page.url: src for src, p in ctx.pages.items()}
    if target_url in by_url:
        return _anchor_problems(ctx, by_url[target_url], fragment, problem) if fragment else []
    if target_url in ctx.published or target_url in generated_files(ctx.site):
        return []
    return problem(f"raw HTML link '{url}' resolves to /{target_url}, which the site does not publish",
                   "missing-asset", "raw HTML links are relative to the page's URL; prefer a Markdown link")


def _anchor_problems(ctx: Context, target: str, fragment: str, problem, same_page: bool = False) -> list[Problem]:
    if not fragment:
        return []
    anchors = ctx.anchors(target)
    if target == GLOSSARY_PAGE:
        if ctx.site.glossary.get(fragment):
            ctx.term_uses[fragment] += 1
            return []
        if fragment in {anchor for _, anchor in ctx.pages[target].rendered.heading_ids}:
            return []  # a section of the glossary page, as the trainers' index links them
        if fragment in anchors:
            return problem(f"'#{fragment}' in {GLOSSARY_PAGE} is not a glossary term", "not-a-term",
                           "link a term's anchor, or link the glossary page without an anchor")
        close = _closest(fragment, [t.id for t in ctx.site.glossary])
        return problem(f"'{fragment}' is not a glossary term" + (f" (did you mean '#{close}'?)" if close else ""),
                       "undefined-term", f"define it in docs/{GLOSSARY_PAGE} or link an existing term")
    if fragment in anchors:
        return []
    where = "on this page" if same_page else f"in docs/{target}"
    close = _closest(fragment, sorted(anchors))
    return problem(f"no anchor '#{fragment}' {where}" + (f" (did you mean '#{close}'?)" if close else ""),
                   "broken-anchor", "link an existing heading id, or add {#" + fragment + "} to the heading")


def _closest(word: str, candidates: list[str]) -> str | None:
    candidates = [c for c in candidates if not c.startswith("__")]
    prefixed = [c for c in candidates if c.startswith(word)]
    if prefixed:
        return min(prefixed, key=len)
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.7)
    return close[0] if close else None


def _suggest_md(ctx: Context, target: str, fragment: str) -> str:
    target = target.strip("/")
    anchor = f"#{fragment}" if fragment else ""
    for candidate in (f"{target}.md", f"{target}/index.md", "index.md" if not target else None):
        if candidate and candidate in ctx.pages:
            return f"link the Markdown file instead, relative to this page: '{candidate}{anchor}'"
    return "link the Markdown file (.md) of the page instead"


def _relative(here: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def _unused_terms(ctx: Context) -> list[Problem]:
    severity = "error" if ctx.strict else "warning"
    return [Problem(ctx.site.glossary.file, term.line, 1, severity, f"term '{term.name}' is not linked from any page",
                    "unused-term", f"link it where it is used, [{term.name.lower()}]({GLOSSARY_PAGE}#{term.id}), "
                    "or remove it")
            for term in ctx.site.glossary if not ctx.term_uses[term.id]]


class _Locator:
    """Where things are in a page's source file, with code blanked out so it never matches."""

    def __init__(self, page: Page) -> None:
        self.first = page.body_line
        self._text: str | None = None  # the lines joined, made on first use
        self.lines: list[str] = []
        in_fence = False
        for line in page.body.splitlines():
            if FENCE.match(line):
                in_fence = not in_fence
                self.lines.append("")
            else:
                self.lines.append("" if in_fence else _CODE_SPAN.sub(lambda m: " " * len(m.group()), line))

    def headings(self):
        for index, line in enumerate(self.lines):
            match = ANY_HEADING.match(line)
            if match:
                yield self.first + index, f"{match.group(1)} {match.group(2)}"

    def first_h1(self) -> int:
        return next((self.first + i for i, line in enumerate(self.lines) if line.startswith("# ")), self.first)

    def line_of(self, text: str) -> int:
        return next((self.first + i for i, line in enumerate(self.lines) if text in line), self.first)

    def positions(self, links) -> list[tuple[int, int]]:
        """Line and column of each rendered link in the source, matching repeats in order."""
        if self._text is None:
            self._text = "\n".join(self.lines)
            self._starts = [0]
            for line in self.lines:
                self._starts.append(self._starts[-1] + len(line) + 1)
        cursor: dict[str, int] = {}
        found = []
        for link in links:
            start = cursor.get(link.url, 0)
            at = self._text.find(link.url, start)
            if at < 0:
                at = self._text.find(html.escape(link.url), start)
            if at < 0:  # made by a directive or a snippet: point at the page's start
                found.append((self.first, 1))
                continue
            cursor[link.url] = at + 1
            index = bisect.bisect_right(self._starts, at) - 1
            col = at - self._starts[index]
            found.append((self.first + index, _link_start(self.lines[index], col) + 1))
        return found


def _link_start(line: str, url_at: int) -> int:
    """Column of the '[' (or '![') that opens the Markdown link whose URL starts at url_at."""
    if line[:url_at].endswith("]("):
        opening = line.rfind("[", 0, url_at - 2)
        if opening >= 0:
            return opening - 1 if opening > 0 and line[opening - 1] == "!" else opening
    return url_at
