"""What the build adds to pages: directives expanded in Markdown, term tooltips added to HTML.

A directive is an HTML comment alone on a line, ``<!-- talksite:NAME -->``, so a page still reads
cleanly as plain Markdown. An unknown directive, or one whose data is missing, stops the build.
"""

from __future__ import annotations

import re

from .errors import SiteError
from .project import GLOSSARY_PAGE, TRANSCRIPT, Page, Site
from .talk import Paragraph, Quote, quotes

_DIRECTIVE = re.compile(r"^<!--\s*talksite:(?P<name>[\w-]+)\s*-->\s*$")

TALK_PAGE = "talk.md"

# Teaching aids live in front matter as lists; each renders as an admonition marked as ours.
_AIDS = {
    "objectives": ("abstract", "Learning objectives", "After this section you can:"),
    "takeaways": ("success", "Key takeaways", ""),
    "questions": ("question", "For discussion", ""),
}


def expand(markdown: str, page: Page, site: Site) -> str:
    """Page Markdown as the renderer should see it: directives expanded, quotes attributed."""
    file = site.rel(site.docs_dir / page.src)
    lines = markdown.splitlines()
    out: list[str] = []
    attributions = {q.end: q for q in _checked_quotes(markdown, page, site, file)}
    for index, line in enumerate(lines):
        if index in attributions:
            out.extend(_attribution(attributions.pop(index), site))
        match = _DIRECTIVE.match(line)
        if match:
            out.extend(_directive(match.group("name"), page, site, file, page.body_line + index))
        else:
            out.append(line)
    for quote in attributions.values():  # a quote that ends the page
        out.extend(_attribution(quote, site))
    return "\n".join(out) + "\n"


def decorate(page_html: str, page: Page, site: Site, directory_urls: bool = True) -> str:
    """Rendered HTML with every glossary link carrying its definition as a tooltip.

    directory_urls is MkDocs' use_directory_urls: false in the offline copy, whose pages are files.
    """
    if page.src == GLOSSARY_PAGE:
        return page_html
    glossary = site.by_src(GLOSSARY_PAGE)
    if directory_urls:
        href = "../" * page.url.count("/") + glossary.url
    else:
        href = "../" * page.src.count("/") + glossary.src[: -len(".md")] + ".html"
    return site.glossary.decorate(page_html, href)


def coverage(site: Site) -> dict[int, tuple[Page, Quote]]:
    """Where each transcript paragraph is quoted first, in reading order."""
    covered: dict[int, tuple[Page, Quote]] = {}
    for page in site.pages:
        if page.src == TALK_PAGE:
            continue
        for quote in quotes(page.body, page.body_line):
            paragraph = site.talk.locate(quote.text)
            if paragraph and paragraph.number not in covered:
                covered[paragraph.number] = (page, quote)
    return covered


def _checked_quotes(markdown: str, page: Page, site: Site, file: str) -> list[Quote]:
    found = quotes(markdown, page.body_line)
    for quote in found:
        if site.talk.locate(quote.text) is None:
            raise SiteError(file, quote.line, "this blockquote is not the speaker's words verbatim",
                            f"copy the words exactly from docs/{TRANSCRIPT}, or write our own "
                            "words outside a blockquote")
    return found


def _attribution(quote: Quote, site: Site) -> list[str]:
    paragraph = site.talk.locate(quote.text)
    # The comment keeps the next blockquote from merging into this one across a blank line.
    return [">", f"> <cite>The speaker, [paragraph {paragraph.number} of the talk]"
                 f"({TALK_PAGE}#{paragraph.id})</cite>", "", "<!-- end of quote -->"]


def _directive(name: str, page: Page, site: Site, file: str, line: int) -> list[str]:
    if name == "sections":
        return _section_map(page, site)
    if name == "transcript":
        return _transcript(site, file, line)
    if name in _AIDS:
        return _aid(name, page, file, line)
    known = ", ".join(sorted(["sections", "transcript", *_AIDS]))
    raise SiteError(file, line, f"unknown directive 'talksite:{name}'", f"use one of: {known}")


def _section_map(current: Page, site: Site) -> list[str]:
    rows = ["| Page | What you find there | Time |", "| --- | --- | --- |"]
    for page in site.pages:
        if page.src == current.src:
            continue
        minutes = page.meta.get("minutes")
        time = f"{minutes} min" if minutes else ""
        rows.append(f"| [{page.title}]({_link(current, page)}) | {page.description} | {time} |")
    return rows


def _aid(name: str, page: Page, file: str, line: int) -> list[str]:
    kind, title, lead = _AIDS[name]
    items = page.meta.get(name)
    if not isinstance(items, list) or not items:
        raise SiteError(file, line, f"directive 'talksite:{name}' has no data",
                        f"add a '{name}:' list to the page's front matter")
    if name == "objectives" and page.meta.get("minutes"):
        title += f" · about {page.meta['minutes']} minutes"
    body = [f"    {lead}", ""] if lead else []
    numbered = name == "questions"
    body += [f"    {n}. {item}" if numbered else f"    - {item}" for n, item in enumerate(items, 1)]
    return [f'!!! {kind} "{title}"', "", *body, ""]


def _transcript(site: Site, file: str, line: int) -> list[str]:
    covered = coverage(site)
    talk_page = site.by_src(TALK_PAGE)
    out: list[str] = []
    for paragraph in site.talk.paragraphs:
        if paragraph.number not in covered:
            raise SiteError(file, line, f"paragraph {paragraph.number} of the talk is quoted on no page",
                            f"quote it on its section page: \"{paragraph.text[:60]}…\"")
        out += _transcript_paragraph(paragraph, *covered[paragraph.number], talk_page)
    return out


def _transcript_paragraph(paragraph: Paragraph, page: Page, quote: Quote, talk_page: Page) -> list[str]:
    target, where = _link(talk_page, page), page.title
    if quote.heading:
        target += f"#{quote.heading[0]}"
        where += f" › {quote.heading[1]}"
    return [
        paragraph.text,
        f"{{ #{paragraph.id} .talk-paragraph }}",
        "",
        f"[¶ {paragraph.number}](#{paragraph.id}){{ .talk-number title=\"Link to paragraph "
        f"{paragraph.number}\" }} Explained in [{where}]({target})",
        "{ .talk-ref }",
        "",
    ]


def _link(current: Page, target: Page) -> str:
    """A relative .md link from one page to another, as authors write them."""
    up = current.src.count("/")
    return "../" * up + target.src
