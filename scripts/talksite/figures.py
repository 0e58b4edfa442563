"""Our competencies figure, laid out from its text: docs/assets/figures/competencies.svg (three
columns, the web's desktop and every PDF) and competencies-narrow.svg (one column, phones).

SVG text does not wrap, and the figure's lines are ours and change (a box's label is a heading of
the competencies page, its line the line the page's "At a glance" table gives it). So the boxes are
not drawn by hand: each line is wrapped to its box less an inner padding, measured with the widths
of the font that prints it (DejaVu Sans, handout.FONTS), and a row of boxes is as tall as its
fullest box. The text stays 15 units: 8 pt where the PDFs set the drawing 136 mm wide (handout.css),
and no smaller on screen.

After changing a line in the table, run ``python3 scripts/build.py figures`` to lay the figure out
again; a test fails while the files differ from their layout.
"""

from __future__ import annotations

import functools
import html
import re
from pathlib import Path

from .errors import ToolError
from .project import Site

FIGURES = Path(__file__).resolve().parents[2] / "docs" / "assets" / "figures"
SOURCE = Path(__file__).resolve().parents[2] / "docs" / "competencies.md"

TEXT, LARGE = 15, 18  # font sizes in drawing units (.fig-text, .fig-lg)
SUB = 17  # the aim's subtitle (.fig-sub): 8 pt at least wherever the figure prints (paper review 19 found it at 7)
LEADING = 21  # baseline to baseline in a box
PAD_X = 14  # inner padding, left and right, between a box's border and its text
PAD_TOP, PAD_BOTTOM = 31, 21  # the box's top to its first baseline; its last baseline to its bottom
GAP = 8  # between boxes
MARGIN = 10  # around the drawing
AIM = ("Meeting “the new customers’ expectations”", "(customers’ expectations, “either internal or external”)")
STYLE = (".fig-box{fill:#f5f6fa;stroke:#3f51b5;stroke-width:2}.fig-result{fill:#e8eaf6}.fig-text{fill:#1a1a1a;"
         "font-size:15px}.fig-strong{font-weight:700}.fig-lg{font-size:18px}.fig-mid{text-anchor:middle}"
         f".fig-sub{{font-size:{SUB}px}}"
         ".fig-line{fill:none;stroke:#3f51b5;stroke-width:3;stroke-linecap:round}.fig-head{fill:#3f51b5}")


@functools.cache
def _advances(bold: bool) -> tuple[dict, int, dict]:
    from fontTools.ttLib import TTFont

    from .handout import FONT_DIR, FONTS

    font = TTFont(FONT_DIR / FONTS[("DejaVu Sans", "normal", "bold" if bold else "normal")])
    return font.getBestCmap(), font["head"].unitsPerEm, font["hmtx"].metrics


def width(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` sets in DejaVu Sans at `size` drawing units."""
    cmap, per_em, metrics = _advances(bold)
    return sum(metrics[cmap.get(ord(char), ".notdef")][0] for char in text) * size / per_em


def wrap(text: str, room: float, size: float = TEXT, bold: bool = False) -> list[str]:
    """`text` broken between words into lines no wider than `room` (a word wider alone keeps a line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and width(f"{lines[-1]} {word}", size, bold) <= room:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


_OPENING = re.compile(r"(^|[\s(\[—–-])([\"'])")  # a quotation mark after a space or a bracket opens


def typographic(text: str) -> str:
    """`text` with typographic quotation marks and apostrophes, as the figure's own lines (AIM) and
    the talk's quotes in the text print them: “ ” ‘ ’ for " and ' (paper review 17 found "others'"
    straight in the figure)."""
    text = _OPENING.sub(lambda m: m[1] + ("“" if m[2] == '"' else "‘"), text)
    return text.replace('"', "”").replace("'", "’")


def cards(source: str) -> list[tuple[str, str]]:
    """(label, line) of each competency, from the page's "At a glance" table (the one headed
    "Competency"), in order: read through the site's Markdown pipeline, as every page is."""
    model = Site().model(source)
    for block in model.blocks:
        head = block.element.find("thead/tr/th") if block.element.tag == "table" else None
        if head is not None and model.text_of(head) == "Competency":
            return [(typographic(model.text_of(row[0])), typographic(model.text_of(row[1])))
                    for row in block.element.iterfind("tbody/tr") if len(row) >= 2]
    raise ToolError(f"{SOURCE.name}: no table headed 'Competency' to lay the figure out from")


def _text(x: float, y: float, lines: list[tuple[str, str]], middle: bool = False) -> str:
    """A <text> of (class, words) lines, one baseline each."""
    spans = "".join("<tspan" + (f' class="{cls}"' if cls else "") + f' x="{x:g}"' + (f' dy="{LEADING}"' if n else "")
                    + f">{html.escape(words, quote=False)}</tspan>" for n, (cls, words) in enumerate(lines))
    return f'<text class="fig-text{" fig-mid" if middle else ""}" x="{x:g}" y="{y:g}">{spans}</text>'


def _card_lines(label: str, line: str, room: float) -> list[tuple[str, str]]:
    return [("fig-strong", part) for part in wrap(label, room, bold=True)] + [("", part) for part in wrap(line, room)]


def svg(items: list[tuple[str, str]], columns: int) -> str:
    """The figure: the aim on top, then the competencies in `columns` columns of boxes."""
    total = 720 if columns > 1 else 300
    box_w = (total - 2 * MARGIN - GAP * (columns - 1)) / columns
    room = box_w - 2 * PAD_X
    narrow = "" if columns > 1 else "-narrow"
    centre = total / 2
    aim = [("fig-strong fig-lg", part) for part in wrap(AIM[0], total - 2 * MARGIN - 2 * PAD_X, LARGE, True)] \
        + [("fig-sub", part) for part in wrap(AIM[1], total - 2 * MARGIN - 2 * PAD_X, SUB)]
    aim_h = PAD_TOP - 5 + LEADING * (len(aim) - 1) + PAD_BOTTOM
    out = [f'<rect class="fig-box fig-result" x="{MARGIN}" y="{MARGIN}" width="{total - 2 * MARGIN}" height="{aim_h}" rx="8"/>',
           _text(centre, MARGIN + PAD_TOP - 5, aim, middle=True)]
    top = MARGIN + aim_h + 2
    if columns > 1:  # a line from the aim down to each column
        out += [f'<path class="fig-line" d="M{MARGIN + box_w * (n + 0.5) + GAP * n:g} {top}v{GAP + 10}"/>' for n in range(columns)]
        top += GAP + 12
    else:  # an arrow down to the list
        out += [f'<path class="fig-line" d="M{centre:g} {top}v14"/>',
                f'<polygon class="fig-head" points="{centre:g},{top + 22} {centre - 8:g},{top + 10} {centre + 8:g},{top + 10}"/>']
        top += 26
    for start in range(0, len(items), columns):
        row = [_card_lines(label, line, room) for label, line in items[start:start + columns]]
        height = PAD_TOP + LEADING * (max(len(lines) for lines in row) - 1) + PAD_BOTTOM
        for n, lines in enumerate(row):
            x = MARGIN + n * (box_w + GAP)
            out += [f'<rect class="fig-box" x="{x:g}" y="{top:g}" width="{box_w:g}" height="{height:g}" rx="8"/>',
                    _text(x + PAD_X, top + PAD_TOP, lines)]
        top += height + GAP
    described = "; ".join(f"{label.lower()} ({line[0].lower()}{line[1:].rstrip('.')})" for label, line in items)
    desc = (f'<desc id="fig-competencies-desc">At the top, the aim we draw them around (our reading): meeting “the new '
            f"customers’ expectations”; the talk’s next sentence says customers’ expectations, “either internal or external”, “have been dramatically changed”. Below it, the {_count(len(items))} competencies we count "
            f"in the talk, under this page’s headings, each with a line of ours: {html.escape(described, quote=False)}.</desc>\n"
            if columns > 1 else "")
    labelled = f"fig-competencies{narrow}-title fig-competencies-desc"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {total} {top - GAP + MARGIN:g}" role="img" '
            f'aria-labelledby="{labelled}" class="figure-svg figure__{"wide" if columns > 1 else "narrow"}">\n'
            f'<title id="fig-competencies{narrow}-title">The competencies the talk lists, at a glance (our figure)</title>\n'
            f"{desc}<style>{STYLE}</style>\n" + "\n".join(out) + "\n</svg>\n")


def _count(n: int) -> str:
    return {8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}.get(n, str(n))


def files(source: str | None = None) -> dict[Path, str]:
    """{file: its SVG} for both variants, from the competencies page (its current text by default)."""
    items = cards(SOURCE.read_text(encoding="utf-8") if source is None else source)
    return {FIGURES / "competencies.svg": svg(items, 3), FIGURES / "competencies-narrow.svg": svg(items, 1)}

