"""Structured values (front matter, mkdocs.yml) made safe to place in a page.

MkDocs renders themes with autoescape off and passes raw HTML in Markdown through, so a front
matter `takeaways` item or a `site_name` of ``<img src=x onerror=…>`` would run as script. Page
bodies stay the author's HTML, as in MkDocs; values written as data never become markup:

- :func:`inline` renders a value's inline Markdown (emphasis, code) on its own, keeps only a few
  harmless tags (nh3, a maintained sanitiser) and escapes every character that Markdown would
  read again as syntax, so the result can go anywhere in a page's Markdown (a list item, a table
  cell, a heading) and stays what it says;
- :func:`escape_theme_values` escapes what Material's templates print raw (`site_name`, a front
  matter `title`); overrides/main.html escapes the `<title>` it builds from them.
"""

from __future__ import annotations

import functools
import html
import re

import markdown
import markupsafe
import nh3

# What a value may keep of its Markdown: emphasis and code. Links are ours to write (a value's
# link would escape MkDocs' .md translation and the check's link rules).
_TAGS = {"em", "strong", "code"}
# Characters that would make markup again once the value is inside a page's Markdown (emphasis,
# code, links, attr_list's {: onclick=…}, table cells), as numeric character references. A block
# (heading, list, quote) needs a line start, which inline() never leaves to a value.
_SYNTAX = re.compile(r"[\\`*_{}\[\]|]")
_TAG_OR_TEXT = re.compile(r"(<[^>]*>|&[#\w]+;)")
_BLOCK_START = re.compile(r"^(?:[#>]|[-+*](?=\s)|\d+(?=[.)]\s))")  # a heading, quote or list
_md = markdown.Markdown()


def inline(value: object) -> str:
    """A structured value as Markdown-safe inline HTML: its emphasis kept, nothing else live."""
    return _inline(str(value))


@functools.lru_cache(maxsize=4096)  # the same titles and labels recur on every page and every check
def _inline(value: str) -> str:
    text = " ".join(value.split())  # one line, and never a heading, quote or list: inline only
    text = _BLOCK_START.sub(lambda m: "\\" + m.group() if not m.group().isdigit() else m.group() + "\\", text)
    _md.reset()
    cleaned = " ".join(nh3.clean(_md.convert(text), tags=_TAGS, attributes={}, strip_comments=True).split())
    # Placed after "- " or "1. ", a leading "#", "-", "+" or "3." would open a heading or a list.
    cleaned = re.sub(r"^(\d*)([#+\-]|(?<=\d)[.)])", lambda m: f"{m.group(1)}&#{ord(m.group(2))};", cleaned)
    return "".join(part if part.startswith(("<", "&")) else _SYNTAX.sub(lambda m: f"&#{ord(m.group())};", part)
                   for part in _TAG_OR_TEXT.split(cleaned))


def plain(value: object) -> str:
    """A structured value as HTML-escaped plain text (for titles the theme prints raw)."""
    return html.escape(" ".join(str(value).split()), quote=True)


def escape_theme_values(config) -> None:
    """site_name, escaped once: Markup, so Material's own `| e` does not escape it twice."""
    config["site_name"] = markupsafe.escape(str(config.get("site_name") or ""))


def escape_page_title(meta: dict) -> None:
    """A front matter `title` as MkDocs' own titles are: escaped text (nav, header, <title>)."""
    if "title" in meta:
        meta["title"] = markupsafe.Markup(plain(meta["title"]))
