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

Headings, their ids and the paragraphs under them come from the page model (talksite.pipeline), the
page as the site's own Markdown pipeline reads it: a heading in any form, and only real paragraphs.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils import get_relative_url

from . import copy_links, printing
from .errors import SiteError
from .markup import inline
from .pipeline import Pipeline
from .project import Page, Site
from .schema import CONFIG_RULE

_SENTENCE_END = re.compile(r"(?<=[.?!])\s+(?=[A-Z\"“‘(])")
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
    index: int = 0  # 0-based body line of the heading

    @property
    def page_url(self) -> str:
        """The section's URL relative to the site root, as built ('roles/#leader-role')."""
        return f"{self.page.url}#{self.id}"

    def as_json(self) -> dict:
        return {"title": self.title, "page": self.page.url, "page_title": self.page.title,
                "source": self.page.src, "anchor": self.id, "level": self.level, "url": self.url,
                "summary": self.summary}


def plain(markdown: str) -> str:
    """Inline Markdown (a front matter summary) as plain text: reduced to its rendered words."""
    return Pipeline.inline_text(markdown)


def headings(page: Page, site: Site | None = None) -> list[Heading]:
    """The ##/### headings with explicit ids of a page, as its model lists them (index: body line)."""
    model = (site or Site()).model(page.body)
    return [Heading(h.level, h.title, h.id, h.line) for h in model.headings if h.is_section]


def first_sentence(text: str) -> str:
    sentence = _SENTENCE_END.split(text, maxsplit=1)[0].strip()
    if len(sentence) > MAX_SUMMARY:
        sentence = sentence[: MAX_SUMMARY - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


def summary(page: Page, heading: Heading, model, blocks: list) -> str:
    """The section's one-line summary: front matter override, our first sentence, or the title.
    blocks: the page's top-level blocks under the heading, before the next section."""
    overrides = page.meta.get("summaries")
    override = overrides.get(heading.id) if isinstance(overrides, dict) else None
    if isinstance(override, str) and override.strip():
        return plain(override)
    for block in blocks:
        if block.element.tag == "p":
            first = block.element[0] if len(block.element) else None
            label = first is not None and first.tag in ("strong", "b") and not (block.element.text or "").strip() \
                and model.text_of(first).endswith(":")  # "**In plain words:** ..." introduces, it does not summarise
            text = model.text_of(block.element)
            if label:
                text = text[len(model.text_of(first)):].strip()
            if text and _is_prose(block.element, model):
                return first_sentence(text[0].upper() + text[1:])
    return heading.title


def _is_prose(element, model) -> bool:
    """A paragraph of words, not one that only holds raw HTML, a snippet or a figure."""
    return len(element) > 0 or not model.is_raw(element.text or "")


def page_sections(page: Page, site: Site) -> list[Section]:
    """A page's sections. Summaries naming no heading are the check's to report (rule summaries)."""
    model = site.model(page.body)
    found = headings(page, site)
    lines = [heading.index for heading in found]
    under: list[list] = [[] for _ in found]  # each section's blocks, in one pass (a long page has thousands)
    for block in model.blocks:
        n = bisect.bisect_left(lines, block.line) - 1  # the last heading above the block
        if n >= 0:
            under[n].append(block)
    sections = []
    for heading, blocks in zip(found, under):
        sections.append(Section(page, heading.level, heading.title, heading.id,
                                summary(page, heading, model, blocks), absolute_url(site, page, heading.id),
                                heading.index))
    return sections


def absolute_url(site: Site, page: Page, anchor: str = "") -> str:
    if not site.site_url:
        raise SiteError("mkdocs.yml", 1, "site_url is not set, so sections have no absolute URL",
                        "set site_url to the address the site is published at", rule=CONFIG_RULE)
    return site.site_url + page.url + (f"#{anchor}" if anchor else "")


def all_sections(site: Site) -> list[Section]:
    """Every linkable section of every page in the nav, in reading order."""
    return [section for page in site.pages for section in page_sections(page, site)]


def section_at(sections: list[Section], line_index: int) -> Section | None:
    """The section (of one page's list, as page_sections gives it) that a body line falls in."""
    before = bisect.bisect_right(sections, line_index, key=lambda section: section.index)
    return sections[before - 1] if before else None


def group_id(page: Page) -> str:
    """The id of a generated heading that stands for a whole page ('home' for the home page)."""
    stem = page.src[: -len(".md")].replace("/", "-")
    return "home" if stem == "index" else stem


# --- Output: the trainers' index (Markdown) and sections.json -------------------------------------

def trainers_index(current: Page, site: Site, link, url: str | None = None) -> list[str]:
    """Markdown for the trainers' page: per page, each section with its title, summary and full URL.

    ``link(current, target)`` gives the relative .md link authors would write (render._link);
    url: the page's published URL (MkDocs' page.url), the base of its raw HTML links.
    """
    url = current.url if url is None else url
    # Raw HTML, so the link is made from the base the engine resolves it against (url).
    out: list[str] = [f'The list that follows is also available to course tools as <a href="{get_relative_url(SECTIONS_JSON, url)}" '
                      f'type="application/json">{SECTIONS_JSON}</a>, with each section\'s title, page, anchor, full '
                      "link, summary and printable sheet.", "{ .ts-screen-only }", ""]  # course tools read the site, not paper
    for page in site.pages:
        sections = page_sections(page, site)
        if page.src == current.src or not sections:
            continue
        page_link, title = link(current, page), inline(page.title)
        out += [f"## {title} {{#{group_id(page)}}}", "",
                f"Whole page: [{title}]({page_link}) "
                f"{_url_code(absolute_url(site, page), page.title, copy_links.button_label('page', page.title))}",
                ""]
        if printing.has_sheet(page):
            # Raw HTML: resolved against the page's published URL, so the link is made from it.
            papers = " · ".join(f'<a href="{get_relative_url(printing.sheet_file(page, paper), url)}" '
                                f'type="application/pdf">{printing.PAPER_NAMES[paper]} (PDF)</a>' for paper in printing.PAPERS)
            out += [f"Printable sheet (one sheet of paper: print double-sided): {papers}", ""]
        for section in sections:
            indent = "    " if section.level == 3 else ""
            label = copy_links.button_label("section", f"{section.title} ({page.title})")
            out.append(f"{indent}- [{inline(section.title)}]({page_link}#{section.id}): {_summary(page, section)}"
                       f"<br>{_url_code(section.url, section.title, label)}")
        out.append("")
    return out


# Where a long URL may wrap: after a "/" that ends a path segment, and after "#".
_URL_BREAK = re.compile(r"(?<=/)(?=[^/])|(?<=#)")


def _url_code(url: str, title: str, label: str) -> str:
    # The URL and its copy button in one row; without JavaScript the button is hidden and the URL
    # can still be selected. Each piece is unbreakable (site.css), so the URL wraps only between pieces.
    pieces = "<wbr>".join(f'<span class="ts-url__piece">{_attr(piece)}</span>' for piece in _URL_BREAK.split(url))
    return (f'<span class="ts-url-row"><code class="ts-url" data-title="{_attr(title)}">{pieces}</code>'
            f'{copy_links.button_html(label)}</span>')


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _summary(page: Page, section: Section) -> str:
    """A section's summary on the trainers' page, and, where the page's front matter gives one
    (paper_summaries), its wording for paper in its place when printed: "how the glossary links
    work" speaks of the screen (browser-print review, finding 6). Search indexes the screen's."""
    papers = page.meta.get("paper_summaries")
    paper = papers.get(section.id) if isinstance(papers, dict) else None
    if not isinstance(paper, str) or not paper.strip():
        return _escape(section.summary)
    return (f'<span class="ts-screen-only">{_escape(section.summary)}</span>'
            f'<span class="ts-print-only ts-print-inline" data-search-exclude="">{_escape(plain(paper))}</span>')


def _escape(text: str) -> str:
    """Plain text placed in Markdown: nothing in it may become markup."""
    return re.sub(r"([\\`*_\[\]<>|{}])", r"\\\1", text)


SECTIONS_JSON = printing.SECTIONS_JSON


def sections_json(site: Site) -> dict:
    """The sections for course tools; a teaching page's sections carry its printable sheet
    ("sheets": absolute URL by paper size), and "materials" names every printed material of a
    session (handout, participant pack, trainer's key) with its title, contents and URLs."""
    entries = []
    for section in all_sections(site):
        entry = section.as_json()
        if printing.has_sheet(section.page):
            entry["sheets"] = {paper: site.site_url + printing.sheet_file(section.page, paper)
                               for paper in printing.PAPERS}
        entries.append(entry)
    materials = {name: {"title": title, "contents": printing.MATERIAL_CONTENTS[name],
                        "files": {paper: site.site_url + printing.material_file(name, paper) for paper in printing.PAPERS}}
                 for name, title in printing.MATERIALS.items()}
    return {"site_url": site.site_url, "title": site.config.get("site_name", ""), "sections": entries,
            "materials": materials}


def write_json(site: Site, site_dir: Path) -> Path:
    path = Path(site_dir) / SECTIONS_JSON
    path.write_text(json.dumps(sections_json(site), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
