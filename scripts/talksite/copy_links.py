"""Copy-link buttons, written into the page by the build: one beside every ##/### heading, and one
after each URL on the trainers' page (sections.trainers_index).

They are part of the HTML, so they are there at the first paint and nothing moves when scripts
run; docs/assets/javascripts/links.js only listens for clicks. Inserting them from the browser
(as the site did before) restyled the whole page on For trainers (about 1,700 elements, issue 13).
Without JavaScript they are hidden (site.css, `.no-js`) and the heading keeps Material's ¶
permalink instead; with it, the ¶ is hidden: one link control per heading either way.

The heading wrappers go into the page's HTML after Material's search plugin has read it
(mkdocs_hooks.on_page_context): its index ends a section where the heading's parent element
ends, so a heading wrapped any earlier (in the Markdown tree) would leave its section empty.
"""

from __future__ import annotations

from html.parser import HTMLParser
from xml.etree import ElementTree as etree

from markdown.serializers import to_html_string

from .pipeline import SECTION_LEVELS

HEADINGS = tuple(f"h{level}" for level in SECTION_LEVELS)
# A chain link, drawn in the text colour (so it follows both schemes and forced colours).
_ICON = ("M10.6 13.4a1 1 0 0 1 0-1.4l3-3a1 1 0 1 1 1.4 1.4l-3 3a1 1 0 0 1-1.4 0Zm-2.1 4.3-.2.2a3 3 0 0 1-4.2-4.2l3-3"
         "a3 3 0 0 1 4.2 0 1 1 0 0 0 1.4-1.4 5 5 0 0 0-7 0l-3 3a5 5 0 0 0 7 7l.2-.2a1 1 0 1 0-1.4-1.4Zm12-13.2"
         "a5 5 0 0 0-7 0l-.2.2a1 1 0 1 0 1.4 1.4l.2-.2a3 3 0 0 1 4.2 4.2l-3 3a3 3 0 0 1-4.2 0 1 1 0 1 0-1.4 1.4"
         " 5 5 0 0 0 7 0l3-3a5 5 0 0 0 0-7Z")
_ICON_ID = "ts-copy-icon"


def _icons() -> str:
    """The icon, drawn once per page; each button shows it with <use> (For trainers has about
    ninety buttons: a drawing in each cost 250 more bytes of its compressed HTML)."""
    sprite = etree.Element("svg", {"class": "ts-icons", "aria-hidden": "true", "focusable": "false"})
    symbol = etree.SubElement(sprite, "symbol", {"id": _ICON_ID, "viewBox": "0 0 24 24"})
    etree.SubElement(symbol, "path", {"fill": "currentColor", "d": _ICON})
    return to_html_string(sprite)


def button_label(what: str, title: str) -> str:
    """A button's name, what a screen reader says: `what` is "section" or "page"."""
    return f"Copy link to {what}: {title}"


def button(label: str) -> etree.Element:
    """The button: `label` is what a screen reader says (see button_label())."""
    # Markdown's serializer leaves an "&" that looks like an entity ("&ap;") as it is, so a title
    # holding one would be read back as another character: every "&" is escaped here first.
    el = etree.Element("button", {"type": "button", "class": "ts-copy", "aria-label": label.replace("&", "&amp;")})
    icon = etree.SubElement(el, "svg", {"aria-hidden": "true", "focusable": "false", "width": "18", "height": "18"})
    # xlink:href, not href: Material's instant navigation rewrites every [href] element's href,
    # which SVG's <use> does not allow (an uncaught error that stops navigation from starting).
    etree.SubElement(icon, "use", {"xlink:href": f"#{_ICON_ID}"})
    for name, text in (("text", "Copy link"), ("done", "Copied")):
        etree.SubElement(el, "span", {"class": f"ts-copy__{name}", "aria-hidden": "true"}).text = text
    return el


def button_html(label: str) -> str:
    """The same button as HTML, for Markdown that the build writes (the trainers' URL list). It is
    in the page when search reads it: `data-search-exclude` keeps its words out of the index."""
    el = button(label)
    el.set("data-search-exclude", "")
    return to_html_string(el)


def with_buttons(page_html: str) -> str:
    """The page's HTML with each ##/### heading that has an id wrapped, with its button, in
    <div class="ts-heading">, and the buttons' icon first if the page has any button. Everything
    else is left byte for byte as it was."""
    headings = _Headings(page_html)
    out = page_html
    for tag, start, end, title in reversed(headings.found):
        out = (f'{out[:start]}<div class="ts-heading ts-heading--{tag}">{out[start:end]}'
               f'{to_html_string(button(button_label("section", title)))}</div>{out[end:]}')
    # First, not last: Material's `.md-content__inner > :last-child` rule must keep its element.
    return _icons() + out if headings.found or headings.buttons else out


class _Headings(HTMLParser):
    """Where each ##/### heading with an id starts and ends in the HTML, and its text without the ¶."""

    def __init__(self, page_html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, int, int, str]] = []
        self._html = page_html
        self._lines = [0]  # offset of each line's start; HTMLParser counts lines by "\n" only
        for line in page_html.split("\n"):
            self._lines.append(self._lines[-1] + len(line) + 1)
        self.buttons = 0  # copy-link buttons already in the HTML (the trainers' URL list)
        self._open: tuple[str, int] | None = None  # the heading being read: tag, start offset
        self._in_permalink = False
        self._text: list[str] = []
        self.feed(page_html)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "button" and "ts-copy" in (attributes.get("class") or "").split():
            self.buttons += 1
        if self._open is None and tag in HEADINGS and attributes.get("id"):
            self._open, self._text = (tag, self._offset()), []
        elif self._open and tag == "a" and "headerlink" in (attributes.get("class") or "").split():
            self._in_permalink = True

    def handle_endtag(self, tag):
        if self._open and tag == "a":
            self._in_permalink = False
        elif self._open and tag == self._open[0]:
            end = self._html.index(">", self._offset()) + 1
            self.found.append((tag, self._open[1], end, " ".join("".join(self._text).split())))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._in_permalink:
            self._text.append(data)
