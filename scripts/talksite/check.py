"""The checker: every broken link, anchor, id, term and quote, found before anything is rendered.

`check(root)` reads the project like the renderer would (mkdocs.yml, the pages, the glossary, the
transcript), renders each page's Markdown with the site's own extensions to learn its ids and
links, and returns every problem at once, each located at file:line:column with a rule code and
a fix. It needs neither MkDocs nor a built site, so any renderer can run it first.
"""

from __future__ import annotations

import difflib
import multiprocessing as mp
import os
import posixpath
import re
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown.extensions.toc import slugify

from . import fetch, links, printing, registry, render, schema, sections, teaching_rules
from .errors import Problem, SiteError, ToolError, bug, reading
from .pipeline import Pipeline, Rendered
from .project import GLOSSARY_PAGE, Page, Site, page_url
from .rules import rule

REMOVED_ANCHOR = rule("removed-anchor", "a published page or anchor (published-anchors.txt) gone without a redirect",
                      "restore it, or record where it went in mkdocs.yml")
UNREGISTERED_ANCHOR = rule("unregistered-anchor", "anchors not yet in published-anchors.txt "
                           "(warning; error with --strict)", "run: python3 scripts/build.py anchors --update")
PLACEHOLDER_ADDRESS = rule("placeholder-address", "site_url on a reserved example domain (example.org, .test, "
                           ".invalid, localhost...): printed addresses, QR codes and copied links lead nowhere "
                           "(warning; error with --strict)", "set site_url in mkdocs.yml (or TALKSITE_SITE_URL) to "
                           "the address the site is published at")
REDIRECT_SHADOWS = rule("redirect-shadows", "a redirect from a page or anchor that still exists",
                        "remove the redirect, or the page or id it replaces")

# The rules whose logic is in this module (talksite.rules holds the table; other modules declare theirs).
MISSING_PAGE = rule("missing-page", "a link to a page that does not exist (or that exclude_docs leaves out)",
                    "create the page or fix the link")
OUTSIDE_DOCS = rule("outside-docs", "a link to a file outside docs/", "link only to files inside docs/")
ABSOLUTE_LINK = rule("absolute-link", "an absolute site link (/roles/) where a relative .md link is expected",
                     "link the Markdown file, relative to this page")
DIRECTORY_LINK = rule("directory-link", "a directory-style link (roles/) where a .md link is expected",
                      "link the Markdown file, relative to this page")
BROKEN_ANCHOR = rule("broken-anchor", "a link to an anchor that does not exist, on this page or another "
                     "(anchors are compared as written: %-encoding is not an id)",
                     "link an existing heading id, or add {#id} to the heading")
MISSING_ASSET = rule("missing-asset", "an image or other file that does not exist (also extra_css/extra_javascript)",
                     "add the file or fix the path")
NAV_MISSING = rule("nav-missing", "a nav entry naming a file that does not exist, a folder, or an excluded file",
                   "name an existing, published .md page in the nav")
ORPHAN_PAGE = rule("orphan-page", "a page that exists but is in no nav (and not in not_in_nav)",
                   "add it to nav in mkdocs.yml, or to not_in_nav")
DUPLICATE_ID = rule("duplicate-id", "an id used twice on one page (or renamed id_1 because of a clash); "
                    "reported where it is used again", "give each element its own id")
HEADING_ID = rule("heading-id", "a heading below the title (any form: ##, setext, in an admonition) without an "
                  "explicit {#id}", "write it as '## Title {#short-id}'")
INSECURE_LINK = rule("insecure-link", "an http:// link", "use https://")
UNDEFINED_TERM = rule("undefined-term", "a link to a glossary term that is not defined",
                      "define it in the glossary or link an existing term")
NOT_A_TERM = rule("not-a-term", "a link into the glossary whose anchor exists but is no term",
                  "link a term's anchor, or the glossary page without an anchor")
UNUSED_TERM = rule("unused-term", "a term no page links to (warning; error with --strict)",
                   "link it where it is used, or remove it")
MISSING_DESCRIPTION = rule("missing-description", "a page without a front matter description",
                           "add 'description: one line' to the front matter")
SNIPPET = rule("snippet", "a --8<-- snippet (or another preprocessor input) the renderer cannot include",
               "fix the snippet's path (relative to the snippets base_path)")
STRAY_ATTRIBUTES = rule("stray-attributes", "an attribute list ({#id}, {: .class}) the renderer shows as text, such "
                        "as a glossary term whose definition line is empty or misplaced",
                        "put it at the end of a heading, term or paragraph line, and follow a term with ':   text'")
SUMMARIES = rule("summaries", "a front matter summaries entry naming a heading id the page does not have",
                 "use the id written in the heading, '## Title {#id}'")

_SKIPPED_SCHEMES = ("mailto:", "tel:", "data:", "javascript:")


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
    model: Rendered  # the page as written: positions of everything in it
    rendered: Rendered  # the page as the renderer gets it (directives expanded): its ids


@dataclass
class Context:
    """What every rule sees: the site, each page's model, and where its links point."""

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


# Rule modules beyond the ones built in: each is a function (Context) -> list[Problem], run after the
# page rules, whose rules are declared with talksite.rules.rule(). Adding one is one line here.
CHECKS: list = [
    lambda ctx: links.redirect_problems(ctx.site),  # redirects that would leave the site (issue 10)
    lambda ctx: teaching_rules.problems(ctx.site),  # each section's teaching parts, the speaker ungendered (issue 11)
]

# check_cached's one entry. Module state on purpose: `build` checks, then MkDocs' hook (which
# nothing but MkDocs calls) asks again in the same process, as does the offline copy's render.
_cache: dict = {}


def check_cached(root: Path, strict: bool = False) -> Report:
    """check(), reused while no input file changed: the build runs it, then MkDocs' hook asks again."""
    try:
        docs = Site(root).docs_dir  # the configured folder: serve's re-check must see edits there
    except ToolError:
        docs = root / "docs"  # the check itself reports the setting
    try:
        inputs = [root / "mkdocs.yml", root / registry.FILE, *sorted(docs.rglob("*"))]
        key = (str(root), strict, tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                                        for p in inputs if p.is_file()),
               # mkdocs.yml's !ENV values (TALKSITE_SITE_URL) are inputs too
               tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("TALKSITE_"))))
    except OSError:
        key = None
    if key is None or key not in _cache:
        _cache.clear()
        report = check(root, strict)
        if key is not None:
            _cache[key] = report
        return report
    return _cache[key]


def check(root: Path, strict: bool = False) -> Report:
    """Every problem in the project at root. Raises ToolError (file:line:col: reason) when it cannot check."""
    ctx, problems = analyse(root, strict)
    return Report(problems, len(ctx.pages))


def analyse(root: Path, strict: bool = False) -> tuple[Context, list[Problem]]:
    """The site read and parsed for checking, and every problem found in it, sorted.

    Raises ToolError when it cannot check. An exception it did not expect is a bug in the check:
    CheckBug (a ToolError: one line, exit 2) naming the file being read, or, under
    TALKSITE_RAISE_BUGS=1 (the tests), the exception itself with its traceback."""
    try:
        with reading("mkdocs.yml"):
            return _analyse(root, strict)
    except ToolError:
        raise
    except Exception as exc:  # noqa: BLE001 (a bug: errors.bug decides between one line and the traceback)
        raise bug(exc, "mkdocs.yml") from exc


def _analyse(root: Path, strict: bool) -> tuple[Context, list[Problem]]:
    site = Site(root)
    ctx = Context(site, strict)
    problems: list[Problem] = schema.config(site) + _placeholder(site, strict)
    if any(p.rule == schema.CONFIG_RULE and "nav" in p.message for p in problems):
        return ctx, _sorted(problems)
    ctx.published, ctx.folders = site.published_files()
    problems += _nav_problems(ctx)
    in_nav = set(site.nav)
    not_in_nav = site.not_in_nav_spec()
    orphans = sorted(f for f in ctx.published if f.endswith(".md") and f not in in_nav)
    pages = site.pages + [site.page(src) for src in orphans]
    docs = site.rel(site.docs_dir)
    for page in pages:
        with reading(f"{docs}/{page.src}"):
            problems += schema.front_matter(page, f"{docs}/{page.src}")
    problems += site.problems
    if any(p.rule in (schema.FRONT_MATTER_RULE, schema.CONFIG_RULE) for p in problems):
        # Teaching boxes, plans and indexes derive from this data: checking them now would only
        # repeat these problems in other words, or trip over them. Report what stops the site loading.
        return ctx, _sorted(problems)
    pipeline = site.pipeline
    _warm(pipeline, [page.body for page in pages])
    with reading(f"{docs}/{GLOSSARY_PAGE}"):
        problems += site.glossary.problems
    generated: list[list[tuple[int, str]]] = []  # per page: what each directive adds, at its line
    for page in pages:
        added: list[tuple[int, str]] = []
        with reading(f"{docs}/{page.src}"):  # pages it renders (a map's titles) name themselves
            try:
                render.expand(page.body, page, site, problems, added)
            except SiteError as error:  # a generator that cannot run at all for this page
                problems.append(error.problem)
        generated.append(added)
    _warm(pipeline, [text for added in generated for _, text in added])
    for page, added in zip(pages, generated):
        with reading(f"{docs}/{page.src}"):  # its body names itself (Site.model); what it generated, here
            model = rendered = site.model(page.body)
            for line, text in added:
                rendered = _with(rendered, site.model(text), line)
        ctx.pages[page.src] = _Page(page, f"{docs}/{page.src}", model, rendered)

    for src in orphans:
        if not not_in_nav.match_file(src):
            problems.append(Problem(ctx.pages[src].file, 1, 1, "error", "this page is in no nav", ORPHAN_PAGE,
                                    ORPHAN_PAGE.fix))
    problems += _config_assets(ctx)
    for entry in ctx.pages.values():
        with reading(entry.file):
            problems += _page_problems(entry, nav=entry.page.src in in_nav)
            body = entry.page.body.split("\n")  # once per page, not per link: a long page has thousands
            for link in _links(entry):
                line, column = entry.page.body_line + link.line, _link_start(body, link) + 1
                problems += fetch.link_problems(link.tag, link.url, entry.file, line, column)
                if link.raw:
                    problems += raw_link_problems(ctx, entry.page, entry.file, link.url, line, column)
                else:
                    problems += link_problems(ctx, entry.page.src, entry.file, link.url, line, column)
    with reading(site.glossary.file):
        problems += _unused_terms(ctx)
    problems += _registry_problems(ctx)
    for extra_check in CHECKS:
        problems += extra_check(ctx)
    return ctx, _sorted(problems)


def _with(model: Rendered, added: Rendered, line: int) -> Rendered:
    """A page's ids and links together with those one of its directives generates, placed at the
    directive's line (body line, 0-based): that is where the author can act on a problem in them.

    The generated Markdown is parsed apart from the page: its headings carry explicit ids, so the
    ids are the ones the renderer gives them in place (a clash is reported as duplicate-id).
    """
    return Rendered(ids=model.ids + added.ids, id_lines=model.id_lines + [line] * len(added.ids),
                    heading_ids=model.heading_ids + added.heading_ids, headings=model.headings,
                    links=model.links + [type(link)(link.tag, link.url, link.raw, line, 0) for link in added.links],
                    public_ids=model.public_ids + added.public_ids)


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.rule, p.message))


def _links(entry: _Page):
    """The page's links where the author wrote them, then those its directives generate (at the directive)."""
    return entry.rendered.links


def _link_start(lines: list[str], link) -> int:
    """Column of the '[' (or '![') that opens the Markdown link whose URL starts at link.column."""
    if link.line >= len(lines):
        return link.column
    line, url_at = lines[link.line], link.column
    if line[:url_at].endswith("]("):
        opening = line.rfind("[", 0, url_at - 2)
        if opening >= 0:
            return opening - 1 if opening > 0 and line[opening - 1] == "!" else opening
    return url_at


# Parsing Markdown is most of a cold check's time; large sites spread it over the machine's cores.
PARALLEL_FROM_PAGES = 200
_worker_pipeline: Pipeline | None = None


def _parse_chunk(texts: list[str]) -> list[Rendered]:
    return [_worker_pipeline.render(text) for text in texts]


def _warm(pipeline: Pipeline, texts: list[str]) -> None:
    """Parse the texts not in the pipeline's cache yet, in parallel when there are many."""
    global _worker_pipeline
    missing = [t for t in dict.fromkeys(texts) if not pipeline.cached(t)]
    workers = min(os.cpu_count() or 1, 8)
    if len(missing) < PARALLEL_FROM_PAGES or workers < 2 or "fork" not in mp.get_all_start_methods():
        return
    _worker_pipeline = pipeline  # forked workers inherit the configured converter
    size = -(-len(missing) // (workers * 4))
    chunks = [missing[i:i + size] for i in range(0, len(missing), size)]
    with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
        try:
            for chunk, models in zip(chunks, pool.map(_parse_chunk, chunks)):
                for text, model in zip(chunk, models):
                    pipeline.remember(text, model)
        except Exception:  # noqa: BLE001 (a worker failed: what is left is parsed here, where a failure names its page)
            return


def _nav_problems(ctx: Context) -> list[Problem]:
    """Each nav entry must be a published .md page: not missing, not a folder, not excluded."""
    site, found = ctx.site, []
    for src, line in site.nav_entries():
        if src in ctx.published and src.endswith(".md"):
            continue
        path = site.docs_dir / src
        if src.rstrip("/") in ctx.folders or path.is_dir():
            message = f"nav names the folder '{src}', which is not a page"
            fix = f"name its page, e.g. '{src.rstrip('/')}/index.md'"
        elif path.is_file():
            message = f"nav names '{src}', which exclude_docs leaves out of the site" if src.endswith(".md") \
                else f"nav names '{src}', which is not a Markdown page"
            fix = "remove it from exclude_docs or from the nav"
        else:
            message = f"nav names '{src}', which is not in {site.docs_dir.name}/"
            fix = "create the page or fix the nav entry"
        found.append(Problem("mkdocs.yml", line, 1, "error", message, NAV_MISSING, fix))
    return found


def _config_assets(ctx: Context) -> list[Problem]:
    found = []
    for key in ("extra_css", "extra_javascript"):
        for item in ctx.site.config.get(key) or []:
            path = item.get("path") if isinstance(item, dict) else item
            if isinstance(path, str) and not urlsplit(path).scheme and path not in ctx.published:
                found.append(Problem("mkdocs.yml", ctx.site.config_line(path), 1, "error",
                                     f"{key} names '{path}', which is not in docs/", MISSING_ASSET,
                                     "create the file or fix the path"))
    return found


def _page_problems(entry: _Page, nav: bool) -> list[Problem]:
    found = []
    page, file, model = entry.page, entry.file, entry.model
    line_of = lambda index: page.body_line + index  # noqa: E731 (model lines are body lines)
    if nav and page.meta_ok and not str(page.meta.get("description") or "").strip():
        found.append(Problem(file, 1, 1, "error", "the page has no description in its front matter",
                             MISSING_DESCRIPTION,
                             "add 'description: one line' (home page map, search results, link previews)"))
    for index, reason in model.problems:
        found.append(Problem(file, line_of(index), 1, "error", f"the renderer cannot read this: {reason}",
                             SNIPPET, SNIPPET.fix))
    for index, text in model.stray:
        found.append(Problem(file, line_of(index), 1, "error", f"'{text}' is shown as text: the renderer did not "
                             "read it as an attribute list", STRAY_ATTRIBUTES, STRAY_ATTRIBUTES.fix))
    title = next((h for h in model.headings if h.level == 1), None)
    for heading in model.headings:
        if heading is not title and not heading.explicit:
            written = heading.source.strip() or heading.title
            found.append(Problem(file, line_of(heading.line), 1, "error", f"heading '{written}' has no explicit id",
                                 HEADING_ID, f"write it as '{'#' * heading.level} {heading.title} "
                                 f"{{#{slugify(heading.title, '-')}}}' with a short, stable id"))
    first: dict[str, int] = {}
    for anchor, index in zip(model.ids, model.id_lines):
        if anchor in first:
            found.append(Problem(file, line_of(index), 1, "error", f"id '{anchor}' is already used on this page",
                                 DUPLICATE_ID, f"give this element another id (first used at line "
                                 f"{line_of(first[anchor])})"))
        else:
            first[anchor] = index
    explicit = {h.id for h in model.headings if h.explicit}
    ids = set(entry.rendered.ids)
    for heading in model.headings:
        base = re.sub(r"_\d+$", "", heading.id)
        if base != heading.id and base in ids and heading.id not in explicit:
            found.append(Problem(file, line_of(heading.line), 1, "error",
                                 f"this h{heading.level} got the id '{heading.id}' because '{base}' is already used",
                                 DUPLICATE_ID, f"choose another id than '{base}' for one of them"))
    summaries = page.meta.get("summaries") if page.meta_ok else None
    if isinstance(summaries, dict):
        sections = {h.id for h in model.headings if h.is_section}
        for key in summaries:
            if key not in sections:
                close = difflib.get_close_matches(str(key), sorted(sections), n=1)
                found.append(Problem(file, _front_matter_line(page, "summaries", key), 1, "error",
                                     f"'summaries' names '{key}', which is no ##/### heading id on this page",
                                     SUMMARIES, f"did you mean '{close[0]}'?" if close else SUMMARIES.fix))
    return found


def _front_matter_line(page: Page, *path) -> int:
    block = page.text.removeprefix("\ufeff").split("\n---", 1)[0].removeprefix("---\n")
    key = schema.key_node_at(schema.compose(block), path)
    return 2 + key.start_mark.line if key is not None else 1


def link_problems(ctx: Context, here: str, file: str, url: str, line: int, column: int = 1) -> list[Problem]:
    """What is wrong with a link written on page `here` (a src under docs/), reported in file."""
    def problem(message: str, rule: str, fix: str = "") -> list[Problem]:
        return [Problem(file, line, column, "error", message, rule, fix)]

    if url.lower().startswith(_SKIPPED_SCHEMES):
        return []
    parts = urlsplit(url)
    if parts.scheme == "http":
        return problem(f"insecure link '{url}'", INSECURE_LINK, f"use 'https{url[4:]}'")
    if parts.scheme or parts.netloc:
        return []  # external: not fetched
    # Like MkDocs, the path is %-decoded but the fragment is compared as written.
    path, fragment = unquote(parts.path), parts.fragment
    if not path:
        return _anchor_problems(ctx, here, fragment, problem, same_page=True)
    if path.startswith("/"):
        return problem(f"absolute link '{url}'", ABSOLUTE_LINK, _suggest_md(ctx, path.strip("/"), fragment))
    target = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if target == ".." or target.startswith("../"):
        return problem(f"link '{url}' points outside docs/", OUTSIDE_DOCS,
                       "link only to files inside docs/, or use the published https:// address")
    if path.endswith("/") or target in ctx.folders:
        return problem(f"directory-style link '{url}'", DIRECTORY_LINK, _suggest_md(ctx, target, fragment))
    if target.endswith(".md"):
        if target not in ctx.pages:
            close = difflib.get_close_matches(target, sorted(ctx.pages), n=1)
            hint = f"did you mean '{_relative(here, close[0])}'?" if close else "create the page or fix the link"
            return problem(f"no page '{target}' in docs/ for link '{url}'", MISSING_PAGE, hint)
        return _anchor_problems(ctx, target, fragment, problem) if fragment else []
    if target not in ctx.published:
        if target + ".md" in ctx.pages:
            return problem(f"no file '{target}' in docs/", MISSING_PAGE, f"link '{path}.md'")
        return problem(f"no file '{target}' in docs/ for '{url}'", MISSING_ASSET, "add the file or fix the path")
    return []


def generated_files(site: Site) -> set[str]:
    """Files the build writes into the site beside what docs/ holds (raw HTML may link to them)."""
    return {sections.SECTIONS_JSON, *printing.generated_files(site)}


def raw_link_problems(ctx: Context, page: Page, file: str, url: str, line: int, column: int) -> list[Problem]:
    """A raw HTML link is published as written, so it resolves against the page's URL, not its file."""
    def problem(message: str, rule: str, fix: str = "") -> list[Problem]:
        return [Problem(file, line, column, "error", message, rule, fix)]

    parts = urlsplit(url)
    if parts.scheme == "http":
        return problem(f"insecure link '{url}'", INSECURE_LINK, f"use 'https{url[4:]}'")
    if url.lower().startswith(_SKIPPED_SCHEMES) or parts.scheme or parts.netloc:
        return []
    path, fragment = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _anchor_problems(ctx, page.src, fragment, problem, same_page=True)
    if path.endswith(".md"):
        return problem(f"raw HTML link '{url}' names a Markdown file, which raw HTML does not translate",
                       MISSING_PAGE, "write a Markdown link [text](page.md#id) instead")
    base = "/" + page.url
    resolved = posixpath.normpath(posixpath.join(base, path)) + ("/" if path.endswith("/") else "")
    if resolved.startswith("/.."):
        return problem(f"raw HTML link '{url}' leaves the site", OUTSIDE_DOCS, "link a page or file of the site")
    target_url = resolved.lstrip("/")
    by_url = {p.page.url: src for src, p in ctx.pages.items()}
    if target_url in by_url:
        return _anchor_problems(ctx, by_url[target_url], fragment, problem) if fragment else []
    if target_url in ctx.published or target_url in generated_files(ctx.site):
        return []
    return problem(f"raw HTML link '{url}' resolves to /{target_url}, which the site does not publish",
                   MISSING_ASSET, "raw HTML links are relative to the page's URL; prefer a Markdown link")


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
            return problem(f"'#{fragment}' in {GLOSSARY_PAGE} is not a glossary term", NOT_A_TERM,
                           "link a term's anchor, or link the glossary page without an anchor")
        close = _closest(fragment, [t.id for t in ctx.site.glossary])
        return problem(f"'{fragment}' is not a glossary term" + (f" (did you mean '#{close}'?)" if close else ""),
                       UNDEFINED_TERM, f"define it in docs/{GLOSSARY_PAGE} or link an existing term")
    if fragment in anchors:
        return []
    where = "on this page" if same_page else f"in docs/{target}"
    close = _closest(fragment, sorted(anchors))
    return problem(f"no anchor '#{fragment}' {where}" + (f" (did you mean '#{close}'?)" if close else ""),
                   BROKEN_ANCHOR, "link an existing heading id, or add {#" + fragment + "} to the heading")


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


def _placeholder(site: Site, strict: bool) -> list[Problem]:
    """A site_url nobody can reach: the pages and paper say so, and the check warns (or fails)."""
    if not site.placeholder:
        return []
    return [Problem("mkdocs.yml", site.config_line("site_url:") or 1, 1, "error" if strict else "warning",
                    f"site_url {site.site_url} is a reserved placeholder address: the printed addresses, QR codes "
                    "and copied links lead nowhere, and every page and sheet carries a notice saying so",
                    PLACEHOLDER_ADDRESS, PLACEHOLDER_ADDRESS.fix)]


def _unused_terms(ctx: Context) -> list[Problem]:
    severity = "error" if ctx.strict else "warning"
    return [Problem(ctx.site.glossary.file, term.line, 1, severity, f"term '{term.name}' is not linked from any page",
                    UNUSED_TERM, f"link it where it is used, [{term.name.lower()}]({GLOSSARY_PAGE}#{term.id}), "
                    "or remove it")
            for term in ctx.site.glossary if not ctx.term_uses[term.id]]


def _registry_problems(ctx: Context) -> list[Problem]:
    """Published anchors gone without a redirect, redirects that shadow a page, redirect targets
    checked with the same rules as links in pages (talksite.registry holds the list)."""
    root, config = ctx.site.root, ctx.site.config
    now = registry.current(ctx)
    found: list[Problem] = []
    pages = links.page_redirects(config)
    try:
        fragments = {f"{r.src}#{r.old}": f"{r.target_src}#{r.new}" for r in links.fragment_redirects(ctx.site)}
    except SiteError as error:
        found.append(error.problem)
        fragments = {}
    tree = ctx.site.config_tree if pages or fragments else None
    for old, new in [*pages.items(), *fragments.items()]:
        where = ("plugins", "redirects", "redirect_maps", old) if old in pages else ("extra", "fragment_redirects", old)
        node = schema.key_node_at(tree, where) if tree is not None else None
        line = node.start_mark.line + 1 if node is not None else ctx.site.config_line(old)
        found += link_problems(ctx, "index.md", "mkdocs.yml", new, line)
        if old in now or ("#" not in old and old in ctx.pages):
            found.append(Problem("mkdocs.yml", line, 1, "error", f"redirect from '{old}', which still exists",
                                 REDIRECT_SHADOWS, "remove the redirect, or the page or id it replaces"))
    registered = registry.read(root)
    for line, entry in registered:
        page = entry.partition("#")[0]
        if entry in now or entry in fragments or page in pages:
            continue
        found.append(Problem(registry.FILE, line, 1, "error",
                             f"published link '{entry}' no longer exists, so links to "
                             f"{_published_url(ctx, entry)} would break", REMOVED_ANCHOR,
                             "restore the id, or record where it went in mkdocs.yml: "
                             + (f"extra.fragment_redirects '{entry}': 'page.md#new-id'" if "#" in entry
                                else f"redirects redirect_maps '{entry}': 'new-page.md'")))
    severity = "error" if ctx.strict else "warning"
    unregistered = sorted(now - {entry for _, entry in registered})
    if unregistered:
        shown = ", ".join(unregistered[:3]) + (f" and {len(unregistered) - 3} more" if len(unregistered) > 3 else "")
        found.append(Problem(registry.FILE, 1, 1, severity, f"{len(unregistered)} published anchors are not registered: {shown}",
                             UNREGISTERED_ANCHOR, "run: python3 scripts/build.py anchors --update, and commit it"))
    return found


def _published_url(ctx: Context, entry: str) -> str:
    src, _, anchor = entry.partition("#")
    return ctx.site.site_url + page_url(src) + (f"#{anchor}" if anchor else "")
