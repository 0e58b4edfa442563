"""Page Markdown rendered exactly as the site renders it, to learn its ids and its links.

The anchors a link may point to are whatever ids the real Python-Markdown pipeline produces with
mkdocs.yml's `markdown_extensions` (MkDocs always adds toc, tables and fenced_code), never a slug
function of our own. Links are read from the same result, so a link inside code is never a link.
Like MkDocs, ids and links are read from the element tree after every tree processor has run, plus
the raw HTML the tree holds as placeholders; serialising to HTML would only cost time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown

from .errors import ToolError

_BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs adds to every config
_LINK_ATTRIBUTES = {("a", "href"), ("img", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                    ("iframe", "src"), ("link", "href"), ("script", "src"), ("area", "href")}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose ids readers link to: sections, glossary terms, paragraphs given an id on purpose.
_PUBLIC = {"h2", "h3", "h4", "h5", "h6", "dt", "p"}


@dataclass(frozen=True)
class Link:
    tag: str
    url: str
    raw: bool = False  # written as raw HTML: the renderer leaves it as is, relative to the page's URL


@dataclass
class Rendered:
    ids: list[str] = field(default_factory=list)  # in document order, repeats kept
    heading_ids: list[tuple[str, str]] = field(default_factory=list)  # (tag, id)
    links: list[Link] = field(default_factory=list)
    public_ids: list[str] = field(default_factory=list)  # the ids trainers may link to

    def add(self, tag: str, attrs, raw: bool = False) -> None:
        """Record one element: its anchor (id, or name on <a>, as MkDocs counts them) and its link."""
        attributes = dict(attrs)
        anchor = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
        if anchor:
            self.ids.append(anchor)
            if tag in _HEADINGS:
                self.heading_ids.append((tag, anchor))
            if tag in _PUBLIC:
                self.public_ids.append(anchor)
        if "headerlink" in (attributes.get("class") or "").split():
            return  # the ¶ permalink the toc extension adds to every heading
        for name, value in attributes.items():
            if (tag, name) in _LINK_ATTRIBUTES and value is not None:
                self.links.append(Link(tag, value, raw))


class _RawHTML(HTMLParser):
    """Raw HTML that Markdown passes through untouched: its elements count like the tree's."""

    def __init__(self, rendered: Rendered) -> None:
        super().__init__(convert_charrefs=True)
        self.rendered = rendered

    def handle_starttag(self, tag, attrs):
        self.rendered.add(tag, attrs, raw=True)

    handle_startendtag = handle_starttag


_PLACEHOLDER = re.compile(re.escape(markdown.util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))


class Pipeline:
    """One configured Markdown converter, reused for every page (creating one is the slow part)."""

    def __init__(self, config: dict, root: Path) -> None:
        extensions, configs = list(_BUILTIN_EXTENSIONS), {}
        for item in config.get("markdown_extensions") or []:
            name, options = next(iter(item.items())) if isinstance(item, dict) else (item, None)
            if name not in extensions:
                extensions.append(name)
            if options:
                configs[name] = _anchored(name, dict(options), root)
        try:
            self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        except Exception as exc:  # any extension failing to load means we cannot check faithfully
            raise ToolError(f"cannot load markdown_extensions from mkdocs.yml: {exc}") from exc
        if "prettify" in self._md.treeprocessors:  # only adds whitespace between elements
            self._md.treeprocessors.deregister("prettify")

    def render(self, text: str) -> Rendered:
        """Ids and links of a page, in document order (as Markdown.convert, minus serialising)."""
        md = self._md
        md.reset()
        lines = text.split("\n")
        for preprocessor in md.preprocessors:
            lines = preprocessor.run(lines)
        root = md.parser.parseDocument(lines).getroot()
        for treeprocessor in md.treeprocessors:
            root = treeprocessor.run(root) or root
        rendered = Rendered()
        raw = md.htmlStash.rawHtmlBlocks
        for element in root.iter():
            if isinstance(element.tag, str):
                rendered.add(element.tag, element.attrib.items())
            for chunk in (element.text, element.tail):
                for index in _PLACEHOLDER.findall(chunk or ""):  # raw HTML kept aside by Markdown
                    _RawHTML(rendered).feed(str(raw[int(index)]))
        return rendered


def _anchored(name: str, options: dict, root: Path) -> dict:
    """Snippet paths in mkdocs.yml are relative to where MkDocs runs: the project root."""
    if name == "pymdownx.snippets":
        paths = options.get("base_path", ["."])
        paths = [paths] if isinstance(paths, str) else paths
        options["base_path"] = [str(root / p) for p in paths]
    return options
