"""What the build adds to pages: directives expanded in Markdown, term tooltips added to HTML.

A directive is an HTML comment alone on a line, ``<!-- talksite:NAME -->``, so a page still reads
cleanly as plain Markdown. An unknown directive, or one whose data is missing, stops the build.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from . import sections, teaching, term_uses
from .markup import inline
from .errors import Problem, SiteError
from .printing import GUIDE_LAYOUT, for_print, linked_files, linked_pages, mark_page_links
from .project import GLOSSARY_PAGE, TRANSCRIPT, Page, Site
from .rules import rule
from .talk import Paragraph, Quote, quotes


TALK_PAGE = "talk.md"

MISQUOTE = rule("misquote", "a top-level blockquote (however written) that is not the speaker's words verbatim",
                "copy the words exactly from docs/transcript.txt, or write our own words outside a blockquote")
UNQUOTED_PARAGRAPH = rule("unquoted-paragraph", "a paragraph of the talk that no page quotes",
                          "quote it on its section page")
UNKNOWN_DIRECTIVE = rule("unknown-directive", "a talksite: directive comment that does not exist, or is misspelled",
                         "use one of the directives README lists, alone on its line")

# Teaching aids live in front matter as lists; each renders as an admonition marked as ours.
_AIDS = {
    "objectives": ("abstract", "Learning objectives", "After this section you can:"),
    "takeaways": ("success", "Key takeaways", ""),
    "questions": ("question", "For discussion", ""),
}


def expand(markdown: str, page: Page, site: Site, problems: list[Problem] | None = None,
           generated: list[tuple[int, str]] | None = None, url: str | None = None) -> str:
    """Page Markdown as the renderer should see it: directives expanded, quotes attributed.

    Directives and quotes are what the page model (talksite.pipeline) found in this Markdown.
    Without a `problems` list the first problem raises SiteError; with one, every problem is
    recorded there and expansion goes on, so a check can report them all at once. A `generated`
    list receives the Markdown each directive produced, with the directive's line in the body
    (0-based), where the check reports a problem in that Markdown. `url` is the page's URL as MkDocs
    publishes it (page.url; a file name in the offline copy), which raw HTML links resolve against.
    """
    file = site.rel(site.docs_dir / page.src)
    report = _Reporter(problems)
    model = site.model(markdown)
    lines = markdown.split("\n")
    before: dict[int, list[str]] = {}  # body line index -> lines to insert before it
    for quote in _checked_quotes(model, page, site, file, report):
        before.setdefault(quote.end, []).extend(_attribution(quote, site))
    if page.src == GLOSSARY_PAGE:
        for index, extra in term_uses.insertions(page, site, _link).items():
            before.setdefault(index, []).extend(extra)
    replaced: dict[int, list[str]] = {}
    for directive in model.directives:
        line = page.body_line + directive.line
        try:
            if not directive.known_form or lines[directive.line].strip() != directive.text:
                raise SiteError(file, line, f"'{directive.text}' is not a directive this site knows",
                                "write a directive alone on its line as <!-- talksite:NAME -->, no space after "
                                "the colon", rule=UNKNOWN_DIRECTIVE)
            replaced[directive.line] = _directive(directive.name, _At(page, site, file, line, report, directive.arg,
                                                                    page.url if url is None else url))
            if generated is not None:  # the check reads what directives add (ids, links) on its own
                generated.append((directive.line, "\n".join(replaced[directive.line])))
        except SiteError as error:
            report(error)
    out: list[str] = []
    for index, line in enumerate(lines):
        out += before.pop(index, [])
        out += replaced.get(index, [line])
    for extra in before.values():  # a quote that ends the page
        out += extra
    return "\n".join(out).rstrip("\n") + "\n"


class _Reporter:
    def __init__(self, problems: list[Problem] | None) -> None:
        self.problems = problems

    def __call__(self, error: SiteError) -> None:
        if self.problems is None:
            raise error
        self.problems.append(error.problem)


def decorate(page_html: str, page: Page, site: Site, glossary_href: str, link_base: str = "") -> str:
    """Rendered HTML with every glossary link carrying its definition as a tooltip (on screen)
    and the page's terms listed with their definitions (on paper).

    glossary_href: the glossary's URL relative to this page, as MkDocs gives it (File.url_relative_to),
    so it is right with or without use_directory_urls (the offline copy's pages are files).
    link_base: what the page's links are relative to (extension.Rendering.link_base; its URL if '').
    """
    glossary = page.src == GLOSSARY_PAGE
    page_html = page_html if glossary else site.glossary.decorate(page_html, glossary_href)
    # The guide (its contents, its sections' notes): the page whose model has the notes directive.
    notes = any(d.name == NOTES_DIRECTIVE for d in site.model(page.body).directives)
    layout = GUIDE_LAYOUT if notes else ""
    page_html = mark_page_links(page_html, page, site, link_base or page.url)
    return for_print(page_html, site, with_terms=not glossary, address=site.site_url + page.url, title=page.title,
                     linked=linked_pages(page_html, page, site, link_base or page.url), layout=layout,
                     files=linked_files(page_html, site, link_base or page.url))


def coverage(site: Site) -> dict[int, tuple[Page, list[Quote]]]:
    """The page that quotes each transcript paragraph first, in reading order, with every quote of
    the paragraph on that page (a paragraph split over several headings points to each)."""
    covered: dict[int, tuple[Page, list[Quote]]] = {}
    for page in site.pages:
        if page.src == TALK_PAGE:
            continue
        for quote in quotes(site.model(page.body), page.body_line):
            paragraph = site.talk.locate(quote.text)
            if paragraph is None:
                continue
            first, found = covered.setdefault(paragraph.number, (page, []))
            if first is page:
                found.append(quote)
    return covered


def _checked_quotes(model, page: Page, site: Site, file: str, report) -> list[Quote]:
    verbatim = []
    for quote in quotes(model, page.body_line):
        if site.talk.locate(quote.text) is None:
            near = site.talk.divergence(quote.text)
            where = f": '{near[1]}' differs from paragraph {near[0].number}" if near else ""
            report(SiteError(file, quote.line, f"this blockquote is not the speaker's words verbatim{where}",
                             f"copy the words exactly from docs/{TRANSCRIPT}, or write our own "
                             "words outside a blockquote", rule=MISQUOTE))
        else:
            verbatim.append(quote)
    return verbatim


def _attribution(quote: Quote, site: Site) -> list[str]:
    paragraph = site.talk.locate(quote.text)
    # The comment keeps the next blockquote from merging into this one across a blank line.
    return [">", f"> <cite>The speaker, [paragraph {paragraph.number} of the talk]"
                 f"({TALK_PAGE}#{paragraph.id})</cite>", "", "<!-- end of quote -->"]


@dataclass(frozen=True)
class _At:
    """Where a directive is, and what it may use to expand."""

    page: Page
    site: Site
    file: str
    line: int
    report: _Reporter
    arg: str | None
    url: str  # the page's published URL (expand)


def _session_plan(at: _At) -> list[str]:
    if at.arg is None:
        raise SiteError(at.file, at.line, "directive 'talksite:session-plan' needs the plan's id",
                        "write <!-- talksite:session-plan plan-45 -->", rule=teaching.DIRECTIVE_DATA)
    return teaching.session_plan(at.arg, at.page, at.site, _link, at.file, at.line, at.url)


# The directive that places every section's facilitator notes (the teaching rules require one).
NOTES_DIRECTIVE = "facilitator-notes"

# Every directive and what it expands to: the one list, for dispatch and for the hint of an
# unknown one. Only session-plan takes an argument.
_DIRECTIVES = {
    "session-plan": _session_plan,
    "trainers": lambda at: sections.trainers_index(at.page, at.site, _link, at.url),
    "key-points": lambda at: teaching.key_points(at.page, at.site, _link),
    "materials": lambda at: teaching.materials(at.url, at.site),
    "case": lambda at: teaching.case(at.page),
    "self-check": lambda at: teaching.self_check(at.page),
    NOTES_DIRECTIVE: lambda at: teaching.facilitator_notes(at.page, at.site, _link),
    "teaching-parts": lambda at: teaching.parts_table(at.page, at.site, _link),
    "sections": lambda at: _section_map(at.page, at.site),
    "transcript": lambda at: _transcript(at.site, at.report),
    **{name: (lambda name: lambda at: _aid(name, at.page, at.file, at.line))(name) for name in _AIDS},
}
_TAKES_ARGUMENT = {"session-plan"}


def _directive(name: str, at: _At) -> list[str]:
    expand = _DIRECTIVES.get(name)
    if expand is None:
        raise SiteError(at.file, at.line, f"unknown directive 'talksite:{name}'",
                        f"use one of: {', '.join(sorted(_DIRECTIVES))}", rule=UNKNOWN_DIRECTIVE)
    if at.arg is not None and name not in _TAKES_ARGUMENT:
        raise SiteError(at.file, at.line, f"directive 'talksite:{name}' takes no argument", f"remove '{at.arg}'",
                        rule=teaching.DIRECTIVE_DATA)
    return expand(at)


def _section_map(current: Page, site: Site) -> list[str]:
    # One self-describing time cell: a phone stacks the table and loses the column headings.
    plans = " / ".join(str(length) for length, _ in teaching.plan_times(current, site))
    rows = ["| Page | What you find there | Time |", "| --- | --- | --- |"]
    for page in site.pages:
        if page.src == current.src:
            continue
        time = ""
        if teaching.is_section(page):
            time = f"About {teaching.on_your_own(page)} min on your own"
            if plans:
                given = " / ".join(str(minutes) for _, minutes in teaching.plan_times(page, site))
                time += f"<br>{given} min in the {plans}-minute plans"
        rows.append(f"| [{inline(page.title)}]({_link(current, page)}) | {inline(page.description)} | {time} |")
    # The wrapper lets site.css stack the table into a list on phones.
    return ['<div class="ts-map" markdown>', "", *rows, "", "</div>"]


def _aid(name: str, page: Page, file: str, line: int) -> list[str]:
    kind, title, lead = _AIDS[name]
    if not page.meta_ok:
        return []  # its front matter is already reported as unreadable
    items = page.meta.get(name)
    if not isinstance(items, list) or not items:
        raise SiteError(file, line, f"directive 'talksite:{name}' has no data",
                        f"add a '{name}:' list to the page's front matter", rule=teaching.DIRECTIVE_DATA)
    if name == "objectives":
        title += f" · about {teaching.on_your_own(page)} minutes on your own"
    body = []
    if name == "objectives":  # the Carpentries' episode head: the questions first, then what you can do
        # On screen only: on paper the objectives say it, and every line there is a sheet's room to write.
        asked = " ".join(inline(q) for q in page.meta.get("section_questions") or [])
        body += [f"    **This section answers:** {asked}", "    { .ts-screen-only }", ""] if asked else []
    body += [f"    {lead}", ""] if lead else []
    numbered = name in ("questions", "objectives")  # objectives by number: items name the ones they assess
    body += [f"    {n}. {inline(item)}" if numbered else f"    - {inline(item)}" for n, item in enumerate(items, 1)]
    return [f'!!! {kind} "{title}"', "", *body, ""]


def _transcript(site: Site, report) -> list[str]:
    covered = coverage(site)
    talk_page = site.by_src(TALK_PAGE)
    out: list[str] = []
    for paragraph in site.talk.paragraphs:
        if paragraph.number not in covered:  # still rendered, so its anchor keeps working
            report(SiteError(f"docs/{TRANSCRIPT}", paragraph.line,
                             f"paragraph {paragraph.number} of the talk is quoted on no page",
                             f"quote it on its section page: \"{paragraph.text[:50]}…\"",
                             rule=UNQUOTED_PARAGRAPH))
        out += _transcript_paragraph(paragraph, *covered.get(paragraph.number, (None, None)), talk_page)
    return out


def _transcript_paragraph(paragraph: Paragraph, page: Page | None, found: list[Quote] | None,
                          talk_page: Page) -> list[str]:
    explained = ""
    if page is not None:
        target = _link(talk_page, page)
        headings = list(dict.fromkeys(q.heading for q in found if q.heading))
        if not headings:
            explained = f" Explained in [{inline(page.title)}]({target})"
        else:
            links = [f"[{inline(page.title) + ' › ' if n == 0 else ''}{title}]({target}#{anchor})"
                     for n, (anchor, title) in enumerate(headings)]
            explained = " Explained in " + (", ".join(links[:-1]) + " and " + links[-1] if len(links) > 1 else links[0])
    return [
        paragraph.text,
        f"{{ #{paragraph.id} .talk-paragraph }}",
        "",
        f"[¶ {paragraph.number}](#{paragraph.id}){{ .talk-number title=\"Link to paragraph "
        f"{paragraph.number}\" }}{explained}",
        "{ .talk-ref }",
        "",
    ]


def _link(current: Page, target: Page) -> str:
    """A relative .md link from one page to another, as authors write them (MkDocs' own helper)."""
    return get_relative_url(target.src, current.src)
