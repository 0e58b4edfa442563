"""Where each glossary term is used: the sections that link to it, listed under the term.

A use is an ordinary link to the term's anchor, ``[vision](glossary.md#vision)`` (the same links that
get tooltips). Each use is attributed to the ##/### section it sits in, or to the page itself when it
comes before the first heading. The glossary page shows the list under each definition.
"""

from __future__ import annotations

import re

from .glossary import _CONTINUATION, _DEFINITION, _TERM
from .markup import inline
from .project import GLOSSARY_PAGE, Page, Site
from .sections import page_sections, section_at

_TERM_LINK = re.compile(r"\]\((?:\.\./)*" + re.escape(GLOSSARY_PAGE) + r"#(?P<id>[a-z0-9-]+)\)")


def uses(site: Site) -> dict[str, list[tuple[Page, str, str]]]:
    """term id -> [(page, anchor or '', title)] in reading order, each place once."""
    found: dict[str, list[tuple[Page, str, str]]] = {}
    for page in site.pages:
        if page.src == GLOSSARY_PAGE:
            continue
        sections = page_sections(page, site)
        for index, line in enumerate(page.body.splitlines()):
            for match in _TERM_LINK.finditer(line):
                section = section_at(sections, index)
                place = (page, section.id, f"{page.title} › {section.title}") if section else \
                    (page, "", page.title)
                places = found.setdefault(match.group("id"), [])
                if place not in places:
                    places.append(place)
    return found


def annotate(markdown: str, glossary_page: Page, site: Site, link) -> str:
    """The glossary's Markdown with a 'Used in' paragraph inside each term's definition."""
    where = uses(site)
    lines = markdown.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        term = _TERM.match(lines[i])
        if term and i + 1 < len(lines) and _DEFINITION.match(lines[i + 1]):
            out += lines[i:i + 2]
            i += 2
            while i < len(lines) and _CONTINUATION.match(lines[i]):
                out.append(lines[i])
                i += 1
            places = where.get(term.group("id"), [])
            if places:
                links = ", ".join(f"[{inline(title)}]({link(glossary_page, page)}{'#' + anchor if anchor else ''})"
                                  for page, anchor, title in places)
                out += ["", f"    *Used in:* {links}", "    { .term-uses }"]
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out) + "\n"
