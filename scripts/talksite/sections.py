"""Linkable sections: every ``##``/``###`` heading with an id, its absolute URL and a one-line summary.

One list of sections feeds the "For trainers" page, ``sections.json`` (for course tools) and the
glossary's "used in" lists, so they can never disagree.

Where a section's summary comes from, in order:

1. ``summaries: {id: "One line."}`` in the page's front matter, for a section whose prose does not
   open with a good sentence;
2. otherwise the first sentence of *our* first paragraph under the heading. Blockquotes are skipped on
   purpose: they are the speaker's words, which the site shows only as quotes, never as our summary.
   Tables, figures, admonitions and lists are skipped too (their first line is no sentence);
3. otherwise the heading title itself.

That keeps summaries written once (the explanation already says what the section is about) and lets
an author override one without touching the text.

Heading ids come from :func:`headings`, which reads the page source exactly as the site's authors
write it (``## Title {#id}``). It is the one place to swap for the validator's rendered-anchor set.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import printing
from .errors import SiteError
from .project import Page, Site
from .syntax import FENCE, HEADING

_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1")
_MD_CODE = re.compile(r"`([^`]*)`")
_HTML_TAG = re.compile(r"<[^>]+>")
_ATTR_LIST = re.compile(r"\s*\{:?[^}]*\}\s*$")
_LABEL = re.compile(r"^\*\*[^*]+:\*\*\s*")  # "**In plain words:** ..." introduces, it does not summarise
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“‘(])")
# Blocks whose first line is not prose of ours: quotes, tables, HTML, admonitions, lists, code, snippets.
_NOT_PROSE = re.compile(r"^(>|\||<|!!!|\?\?\?|[-*+]\s|\d+[.)]\s|\s{4}|```|~~~|--8<--|\{)")
MAX_SUMMARY = 200


@dataclass(frozen=True)
class Heading:
    level: int  # 2 or 3
    title: str  # plain text
    id: str
    index: int  # 0-based line index in the page body


@dataclass(frozen=True)
class Section:
    page: Page
    level: int
    title: str
    id: str
    summary: str
    url: str  # absolute: site_url + page URL + #id

    @property
    def page_url(self) -> str:
        """The section's URL relative to the site root, as built ('roles/#leader-role')."""
        return f"{self.page.url}#{self.id}"

    def as_json(self) -> dict:
        return {"title": self.title, "page": self.page.url, "page_title": self.page.title,
                "source": self.page.src, "anchor": self.id, "level": self.level, "url": self.url,
                "summary": self.summary}


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: links, emphasis, code and tags reduced to their words."""
    text = _MD_LINK.sub(r"\1", markdown)
    text = _MD_CODE.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def headings(page: Page) -> list[Heading]:
    """The ##/### headings with explicit ids in a page's source, outside fenced code."""
    found: list[Heading] = []
    in_fence = False
    for index, line in enumerate(page.body.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and (match := HEADING.match(line)):
            found.append(Heading(len(match.group("hashes")), plain(match.group("title")),
                                 match.group("id"), index))
    return found


def _blocks(lines: list[str]) -> list[str]:
    blocks, current, in_fence = [], [], False
    for line in lines:
        if FENCE.match(line):
            in_fence = not in_fence
        if not line.strip() and not in_fence:
            if current:
                blocks.append(current)
            current = []
        else:
            current.append(line)
    if current:
        blocks.append(current)
    return ["\n".join(b) for b in blocks]


def first_sentence(text: str) -> str:
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(sentence) > MAX_SUMMARY:
        sentence = sentence[: MAX_SUMMARY - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def summary(page: Page, heading: Heading, body_lines: list[str], end: int) -> str:
    """The section's one-line summary: front matter override, our first sentence, or the title."""
    override = (page.meta.get("summaries") or {}).get(heading.id)
    if override:
        return plain(str(override))
    for block in _blocks(body_lines[heading.index + 1: end]):
        if _NOT_PROSE.match(block) or block.lstrip().startswith("#"):
            continue
        text = plain(_LABEL.sub("", block.strip()))
        if text:
            return first_sentence(text[0].upper() + text[1:])
    return heading.title


def page_sections(page: Page, site: Site) -> list[Section]:
    lines = page.body.splitlines()
    found = headings(page)
    summaries = page.meta.get("summaries")
    if summaries is not None and not isinstance(summaries, dict):
        raise SiteError(site.rel(site.docs_dir / page.src), 1, "'summaries' must map heading ids to one line",
                        "write summaries: {heading-id: \"One line.\"}", rule="directive-data")
    unknown = sorted(set(summaries or {}) - {h.id for h in found})
    if unknown:
        raise SiteError(site.rel(site.docs_dir / page.src), 1,
                        f"'summaries' names headings the page does not have: {', '.join(unknown)}",
                        "use the id written in the heading, '## Title {#id}'", rule="directive-data")
    sections = []
    for n, heading in enumerate(found):
        end = found[n + 1].index if n + 1 < len(found) else len(lines)
        sections.append(Section(page, heading.level, heading.title, heading.id,
                                summary(page, heading, lines, end), absolute_url(site, page, heading.id)))
    return sections


def absolute_url(site: Site, page: Page, anchor: str = "") -> str:
    if not site.site_url:
        raise SiteError("mkdocs.yml", 1, "site_url is not set, so sections have no absolute URL",
                        "set site_url to the address the site is published at", rule="config")
    return site.site_url + page.url + (f"#{anchor}" if anchor else "")


def all_sections(site: Site) -> list[Section]:
    """Every linkable section of every page in the nav, in reading order."""
    return [section for page in site.pages for section in page_sections(page, site)]


def section_at(sections: list[Section], line_index: int) -> Section | None:
    """The section (of one page's list, as page_sections gives it) that a body line falls in."""
    current = None
    for section, heading in zip(sections, headings(sections[0].page) if sections else []):
        if heading.index > line_index:
            break
        current = section
    return current


def group_id(page: Page) -> str:
    """The id of a generated heading that stands for a whole page ('home' for the home page)."""
    stem = page.src[: -len(".md")].replace("/", "-")
    return "home" if stem == "index" else stem


# --- Output: the trainers' index (Markdown) and sections.json -------------------------------------

def trainers_index(current: Page, site: Site, link) -> list[str]:
    """Markdown for the trainers' page: per page, each section with its title, summary and full URL.

    ``link(current, target)`` gives the relative .md link authors would write (render._link).
    """
    out: list[str] = []
    for page in site.pages:
        sections = page_sections(page, site)
        if page.src == current.src or not sections:
            continue
        page_link = link(current, page)
        out += [f"## {page.title} {{#{group_id(page)}}}", "",
                f"Whole page: [{page.title}]({page_link}) "
                f"{_url_code(absolute_url(site, page), page.title, f'Copy link to page: {page.title}')}",
                ""]
        if printing.has_sheet(page):
            up = "../" * current.url.count("/")  # raw HTML links resolve against the page's URL
            papers = " · ".join(f'<a href="{up}{printing.sheet_file(page, paper)}" type="application/pdf">'
                                f'{_PAPER_NAMES[paper]}</a>' for paper in printing.PAPERS)
            out += [f"Printable sheet, one section on one sheet: {papers}", ""]
        for section in sections:
            indent = "    " if section.level == 3 else ""
            out.append(f"{indent}- [{section.title}]({page_link}#{section.id}): {_escape(section.summary)}"
                       f"<br>{_url_code(section.url, section.title, f'Copy link to section: {section.title} ({page.title})')}")
        out.append("")
    return out


_PAPER_NAMES = {"A4": "A4 (PDF)", "letter": "US Letter (PDF)"}
# Where a long URL may wrap: after a "/" that ends a path segment, and after "#".
_URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?<=#)")


def _url_code(url: str, title: str, label: str) -> str:
    # links.js adds a copy button after each, inside the row; without JavaScript the URL can still
    # be selected. Each piece is unbreakable (site.css), so the URL wraps only between pieces.
    pieces = "<wbr>".join(f'<span class="ts-url__piece">{_attr(piece)}</span>' for piece in _URL_BREAK.split(url))
    return (f'<span class="ts-url-row"><code class="ts-url" data-title="{_attr(title)}" '
            f'data-label="{_attr(label)}">{pieces}</code></span>')


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _escape(text: str) -> str:
    """Plain text placed in Markdown: nothing in it may become markup."""
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text)


SECTIONS_JSON = "sections.json"


def sections_json(site: Site) -> dict:
    """The sections for course tools; a teaching page's sections carry its printable sheet
    ("sheets": absolute URL by paper size)."""
    entries = []
    for section in all_sections(site):
        entry = section.as_json()
        if printing.has_sheet(section.page):
            entry["sheets"] = {paper: site.site_url + printing.sheet_file(section.page, paper)
                               for paper in printing.PAPERS}
        entries.append(entry)
    return {"site_url": site.site_url, "title": site.config.get("site_name", ""), "sections": entries}


def write_json(site: Site, site_dir: Path) -> Path:
    path = Path(site_dir) / SECTIONS_JSON
    path.write_text(json.dumps(sections_json(site), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
