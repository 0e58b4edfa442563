"""Page Markdown rendered exactly as the site renders it, to learn its ids and its links.

The anchors a link may point to are whatever ids the real Python-Markdown pipeline produces with
mkdocs.yml's `markdown_extensions` (MkDocs always adds toc, tables and fenced_code), never a slug
function of our own. Links are read from the same output, so a link inside code is never a link.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown

from .errors import ToolError

_BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs adds to every config
_LINK_ATTRIBUTES = {("a", "href"), ("img", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                    ("iframe", "src"), ("link", "href"), ("script", "src"), ("area", "href")}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


@dataclass(frozen=True)
class Link:
    tag: str
    url: str


@dataclass
class Rendered:
    html: str
    ids: list[str] = field(default_factory=list)  # in document order, repeats kept
    heading_ids: list[tuple[str, str]] = field(default_factory=list)  # (tag, id)
    links: list[Link] = field(default_factory=list)


class _Collector(HTMLParser):
    def __init__(self, rendered: Rendered) -> None:
        super().__init__(convert_charrefs=True)
        self.rendered = rendered

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        anchor = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
        if anchor:
            self.rendered.ids.append(anchor)
            if tag in _HEADINGS:
                self.rendered.heading_ids.append((tag, anchor))
        if "headerlink" in (attributes.get("class") or "").split():
            return  # the ¶ permalink the toc extension adds to every heading
        for name, value in attrs:
            if (tag, name) in _LINK_ATTRIBUTES and value is not None:
                self.rendered.links.append(Link(tag, value))

    handle_startendtag = handle_starttag


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

    def render(self, text: str) -> Rendered:
        self._md.reset()
        html = self._md.convert(text)
        rendered = Rendered(html)
        collector = _Collector(rendered)
        collector.feed(html)
        collector.close()
        return rendered


def _anchored(name: str, options: dict, root: Path) -> dict:
    """Snippet paths in mkdocs.yml are relative to where MkDocs runs: the project root."""
    if name == "pymdownx.snippets":
        paths = options.get("base_path", ["."])
        paths = [paths] if isinstance(paths, str) else paths
        options["base_path"] = [str(root / p) for p in paths]
    return options
