"""Where each glossary term is used: the sections that link to it, listed under the term.

A use is an ordinary link to the term's anchor, ``[vision](glossary.md#vision)`` (the same links that
get tooltips), as the page model (talksite.pipeline) lists them. Each use is attributed to the ##/###
section it sits in, or to the page itself when it comes before the first heading. The glossary page
shows the list under each definition.
"""

from __future__ import annotations

import posixpath
from urllib.parse import unquote, urlsplit

from .markup import inline
from .project import GLOSSARY_PAGE, Page, Site
from .sections import page_sections, section_at


def term_of(page: Page, url: str) -> str | None:
    """The term id a Markdown link on page points at, if it points into the glossary."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.fragment or not parts.path:
        return None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src), unquote(parts.path)))
    return unquote(parts.fragment) if target == GLOSSARY_PAGE else None


def uses(site: Site) -> dict[str, list[tuple[Page, str, str]]]:
    """term id -> [(page, anchor or '', title)] in reading order, each place once."""
    found: dict[str, list[tuple[Page, str, str]]] = {}
    seen: set[tuple[str, str, str]] = set()  # (term, page, anchor): a page compares by its whole text
    for page in site.pages:
        if page.src == GLOSSARY_PAGE:
            continue
        sections = page_sections(page, site)
        for link in site.model(page.body).links:
            term = None if link.raw else term_of(page, link.url)
            if term is None:
                continue
            section = section_at(sections, link.line)
            anchor = section.id if section else ""
            if (term, page.src, anchor) not in seen:
                seen.add((term, page.src, anchor))
                title = f"{page.title} › {section.title}" if section else page.title
                found.setdefault(term, []).append((page, anchor, title))
    return found


def insertions(glossary_page: Page, site: Site, link) -> dict[int, list[str]]:
    """The 'Used in' paragraph of each term, by the body line index it goes before (inside the definition)."""
    where = uses(site)
    after: dict[int, list[str]] = {}
    for term in site.glossary:
        places = where.get(term.id, [])
        if places:
            links = ", ".join(f"[{inline(title)}]({link(glossary_page, page)}{'#' + anchor if anchor else ''})"
                              for page, anchor, title in places)
            after.setdefault(term.end, []).extend(["", f"    *Used in:* {links}", "    { .term-uses }"])
    return after
