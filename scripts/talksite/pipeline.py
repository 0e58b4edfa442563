"""Each page read once, by the same Python-Markdown pipeline that renders it: the page model.

Structure is decided by the renderer, never by a scanner of ours: the real `markdown.Markdown`
instance, configured with mkdocs.yml's `markdown_extensions` (plus toc, tables and fenced_code,
which MkDocs always adds), runs its preprocessors, block parser and tree processors on the page.
What the model lists is what that tree holds: headings in any form (ATX, setext, inside
admonitions or details), ids, links, images, top-level blockquotes (however written: lazy
continuation lines, 1-3 space indents), directives (raw HTML comments the pipeline stashed) and
raw HTML links. Code and comments never produce any of these, because the pipeline made them
code and comments.

Source positions. Python-Markdown keeps no source map, so the model builds one in two steps,
both driven by the pipeline's own output:

1. Each preprocessor's output is aligned to its input, line by line, in about linear time however
   long the page (lines it kept map to where they were; lines it replaced or inserted, such as a
   stashed fence or an included snippet, map into what they replaced). Composed over the chain
   this maps every line the block parser sees back to the page's source.
2. The block parser's top-level loop is run here, step by step, exactly as
   `BlockParser.parseBlocks` runs it. Before each step the text still to parse is a suffix of the
   document (block processors consume blocks from the front and put back what they do not use),
   so the number of lines left gives the line where the step starts; every top-level element a
   step creates starts there. Each top-level element thus has a source span (to the next one).

Inside a span, an element's exact line and column (a link, a heading written after a paragraph
in the same block) is found by looking for its own text (its URL, its id) in the span's lines,
in document order. That only refines a position the pipeline already fixed; it never decides
what is a link or a heading. Markdown text that no top-level element covers cannot hold one.

Models are cached by the page text and the extension configuration, so a page that did not change
is never parsed again (the preview's re-check after a save parses only the saved page).
"""

from __future__ import annotations

import bisect
import difflib
import functools
import hashlib
import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as etree

import markdown
from markdown.treeprocessors import Treeprocessor

from .errors import ToolError

_BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]  # what MkDocs adds to every config
_LINK_ATTRIBUTES = {("a", "href"), ("img", "src"), ("source", "src"), ("video", "src"), ("audio", "src"),
                    ("iframe", "src"), ("link", "href"), ("script", "src"), ("area", "href")}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Elements whose ids readers link to: sections, glossary terms, paragraphs given an id on purpose.
_PUBLIC = {"h2", "h3", "h4", "h5", "h6", "dt", "p"}
_PLACEHOLDER = re.compile(re.escape(markdown.util.HTML_PLACEHOLDER).replace("%s", r"(\d+)"))
_INLINE_PLACEHOLDER = re.compile("\x02klzzwxh:\\d+\x03")
# A directive is an HTML comment naming our namespace; anything close to it is a misspelling.
_COMMENT = re.compile(r"\A\s*<!--(?P<body>.*?)-->\s*\Z", re.S)
_DIRECTIVE = re.compile(r"\A\s*talksite:(?P<name>[\w-]+)(?:\s+(?P<arg>[\w-]+))?\s*\Z")
# An attribute _record reads (an id, a name, a link): raw HTML with none is not parsed (code a fence
# stashed, the trainers' copy buttons: a long page has thousands of pieces).
_RECORDED = re.compile(r"\b(?:%s)\s*=" % "|".join(sorted({"id", "name"} | {a for _, a in _LINK_ATTRIBUTES})), re.I)
_STRAY = re.compile(r"\{:?\s*[#.][\w-]+[^}\n]*\}")
_LIKE_DIRECTIVE = re.compile(r"talk[\s_-]*site", re.I)


@dataclass(frozen=True)
class Link:
    tag: str
    url: str
    raw: bool = False  # written as raw HTML: the renderer leaves it as is, relative to the page's URL
    line: int = 0  # 0-based line in the text parsed (add the page's body_line - 1 for the file)
    column: int = 0  # 0-based


# The headings that are sections: what trainers link to, sections.json lists and copy buttons sit beside.
SECTION_LEVELS = (2, 3)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str  # plain text, as rendered
    id: str
    explicit: bool  # the author wrote the id ({#id}); otherwise toc made it up
    line: int  # 0-based
    source: str  # the source line, for messages

    @property
    def is_section(self) -> bool:
        """A ##/### heading whose id the author wrote: a section, linked to for years."""
        return self.level in SECTION_LEVELS and self.explicit


@dataclass(frozen=True)
class Blockquote:
    text: str  # the rendered words, whitespace-normalised
    line: int  # 0-based first line
    end: int  # 0-based index just after its last source line


@dataclass(frozen=True)
class Directive:
    name: str
    arg: str | None
    line: int
    known_form: bool  # False: a comment that looks like a directive but is not written as one
    text: str


@dataclass(frozen=True)
class Block:
    """One top-level element as rendered, with its source span [line, end)."""

    element: etree.Element
    line: int
    end: int


@dataclass
class Rendered:
    """Everything a rule or a generator needs from one page, with source positions."""

    ids: list[str] = field(default_factory=list)  # in document order, repeats kept
    id_lines: list[int] = field(default_factory=list)  # line of each id, parallel to ids
    heading_ids: list[tuple[str, str]] = field(default_factory=list)  # (tag, id)
    headings: list[Heading] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    public_ids: list[str] = field(default_factory=list)  # the ids trainers may link to
    quotes: list[Blockquote] = field(default_factory=list)  # top-level blockquotes
    directives: list[Directive] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message): a snippet missing...
    stray: list[tuple[int, str]] = field(default_factory=list)  # (line, text): {#id} left as text

    def text_of(self, element) -> str:
        return _text(element, self._stash)

    def html_of(self, element) -> str:
        """The element's content as inline HTML: its emphasis, strong and code kept (a book's title
        in italics), every other element as its words."""
        return " ".join(_inline_html(element, self._stash, outer=True).split())

    def is_raw(self, text: str) -> bool:
        """Whether text holds nothing but raw HTML the pipeline stashed (a comment, a <figure>...)."""
        return bool(_PLACEHOLDER.search(text)) and not _PLACEHOLDER.sub("", text).strip()

    _stash: list = field(default_factory=list, repr=False)


class _ExplicitIds(Treeprocessor):
    """Runs after attr_list and before toc: headings that have an id now were given one by the author."""

    def run(self, root):
        self.explicit = {id(el) for el in root.iter() if el.tag in _HEADINGS and "id" in el.attrib}


class _RawHTML(HTMLParser):
    """Raw HTML that Markdown passes through untouched: its elements count like the tree's."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


_pipelines: dict[str, "Pipeline"] = {}
# Our own page additions (talksite.extension) read this model: the model is the page before them.
OWN_EXTENSION = "talksite.extension"
_inline: markdown.Markdown | None = None


class Pipeline:
    """One configured Markdown converter, reused for every page (creating one is the slow part)."""

    def __init__(self, config: dict, root: Path) -> None:
        extensions, configs = list(_BUILTIN_EXTENSIONS), {}
        items = config.get("markdown_extensions") or []
        if not isinstance(items, list):
            raise ToolError(f"mkdocs.yml:{_line(config, 'markdown_extensions')}:1: markdown_extensions must be a list")
        for item in items:
            name, options = next(iter(item.items())) if isinstance(item, dict) and item else (item, None)
            if not isinstance(name, str):
                raise ToolError(f"mkdocs.yml:{_line(config, 'markdown_extensions')}:1: markdown_extensions entry "
                                f"{item!r} is not an extension name")
            if name == OWN_EXTENSION:
                continue
            if name not in extensions:
                extensions.append(name)
            if options:
                if not isinstance(options, dict):
                    raise ToolError(f"mkdocs.yml:{_line(config, name)}:1: options of markdown extension '{name}' "
                                    "must be a mapping")
                configs[name] = _anchored(name, dict(options), root)
        try:
            self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        except Exception as exc:  # any extension failing to load means we cannot check faithfully
            raise ToolError(f"mkdocs.yml:{_line(config, 'markdown_extensions')}:1: cannot load "
                            f"markdown_extensions: {exc}") from exc
        if "prettify" in self._md.treeprocessors:  # only adds whitespace between elements
            self._md.treeprocessors.deregister("prettify")
        self._explicit = _ExplicitIds(self._md)
        self._md.treeprocessors.register(self._explicit, "talksite_explicit_ids", 6)
        self._cache: dict[str, Rendered] = {}

    @staticmethod
    @functools.lru_cache(maxsize=4096)  # the same summaries recur on every page and every check
    def inline_text(text: str) -> str:
        """A line of inline Markdown (front matter text) as the words it renders to."""
        global _inline
        if _inline is None:
            _inline = markdown.Markdown()
        _inline.reset()
        root = _inline.parser.parseDocument(_inline.preprocessors["normalize_whitespace"].run(text.split("\n")))
        root = _inline.treeprocessors["inline"].run(root.getroot()) or root.getroot()
        return _text(root, _inline.htmlStash.rawHtmlBlocks)

    @classmethod
    def of(cls, config: dict, root: Path) -> "Pipeline":
        """The pipeline for this configuration, made once per process (its page cache with it)."""
        key = repr((str(root), config.get("markdown_extensions"), _snippet_files(config, root)))
        if key not in _pipelines:
            _pipelines.clear()
            _pipelines[key] = cls(config, root)
        return _pipelines[key]

    @staticmethod
    def _digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

    def cached(self, text: str) -> bool:
        return self._digest(text) in self._cache

    def remember(self, text: str, model: Rendered) -> None:
        """Keep a model parsed elsewhere (a worker process) for this text."""
        self._cache[self._digest(text)] = model

    def render(self, text: str) -> Rendered:
        """The page model of a Markdown text (cached by the text: an unchanged page is not parsed again)."""
        digest = self._digest(text)
        if digest not in self._cache:
            if len(self._cache) > 20000:
                self._cache.clear()
            self._cache[digest] = self._parse(text)
        return self._cache[digest]

    def _parse(self, text: str) -> Rendered:
        md = self._md
        md.reset()
        source = text.split("\n")
        lines, origin = source, list(range(len(source)))
        model = Rendered()
        for preprocessor in md.preprocessors:
            try:
                new = preprocessor.run(lines)
            except Exception as exc:  # a snippet that cannot be included, ...: reported where it is written
                model.problems.append((_line_naming(source, exc), f"{type(exc).__name__}: {exc}"))
                continue
            if new != lines:
                origin = _realign(lines, new, origin)
            lines = new
        root, starts = self._parse_blocks(lines)
        merges = {key: [(child, origin[min(line, len(origin) - 1)]) for child, line in cuts]
                  for key, cuts in self._merges.items()}
        for treeprocessor in md.treeprocessors:
            root = treeprocessor.run(root) or root
        model._stash = md.htmlStash.rawHtmlBlocks
        children = list(root)
        spans = [origin[min(starts.get(id(child), 0), len(origin) - 1)] if origin else 0 for child in children]
        for n, child in enumerate(children):
            end = max(spans[n + 1:n + 2] or [len(source)])
            end = max(end, spans[n] + 1)
            while end - 1 > spans[n] and not source[end - 1].strip():
                end -= 1
            model.blocks.append(Block(child, spans[n], end))
        definitions = [(n, line) for n, line in enumerate(source) if "]: " in line]  # of reference-style links
        for block in model.blocks:
            _read_block(model, block, source, self._explicit.explicit, merges, definitions)
        return model

    def _parse_blocks(self, lines: list[str]):
        """BlockParser.parseDocument, with the line where each top-level element starts."""
        parser = self._md.parser
        root = etree.Element(self._md.doc_tag)
        parser.root = root
        blocks = "\n".join(lines).split("\n\n")
        original, size = list(blocks), len(blocks)
        suffix = [0] * (size + 1)  # lines (with separators) of original[i:], so a step costs O(1), not O(blocks)
        for i in range(size - 1, -1, -1):
            suffix[i] = suffix[i + 1] + original[i].count("\n") + 2

        def lines_left() -> int:
            # Block processors change only the front of the list: the rest is still the original's tail.
            front = min(3, len(blocks))
            j = size - (len(blocks) - front)
            if 0 <= j <= size and (len(blocks) == front or blocks[front] is original[j]):
                return sum(b.count("\n") + 2 for b in blocks[:front]) + suffix[j] - 1
            return sum(b.count("\n") + 2 for b in blocks) - 1

        total = lines_left()
        starts: dict[int, int] = {}
        self._merges: dict[int, list[tuple[int, int]]] = {}
        merged_at = 0
        while blocks:
            left = lines_left()
            known = len(root)
            for processor in parser.blockprocessors:
                if processor.test(root, blocks[0]):
                    if processor.run(root, blocks) is not False:
                        break
            added = root[known:]  # not list(root)[known:]: a copy of every element so far, at each step
            for child in added:
                starts.setdefault(id(child), max(total - left, 0))
            if not added and known and root[-1].tag == "blockquote" and processor.__class__.__name__ == \
                    "BlockQuoteProcessor":
                # The renderer merged a new '>' block into the quote before it: still a quote of its own.
                self._merges.setdefault(id(root[-1]), []).append((merged_at, max(total - left, 0)))
            merged_at = len(root[-1]) if len(root) else 0
        return root, starts


def _realign(old: list[str], new: list[str], origin: list[int]) -> list[int]:
    """Source line of each line a preprocessor produced, from the source line of each it was given.

    The lines before its first change and after its last (on a long page, nearly all) are where they
    were; the window between, from the last line with words before it to the first after it, is
    aligned by _realign_window.
    """
    most = min(len(old), len(new))
    head = next((k for k, (a, b) in enumerate(zip(old, new)) if a != b), most)
    tail = next((k for k, (a, b) in enumerate(zip(reversed(old), reversed(new))) if a != b or k == most - head),
                most - head)
    lo = next((i for i in range(head - 1, -1, -1) if old[i].strip()), 0)
    hi = next((i for i in range(len(old) - tail, len(old)) if old[i].strip()), len(old) - 1) + 1
    shift = len(new) - len(old)
    return origin[:lo] + _realign_window(old[lo:hi], new[lo:hi + shift], origin[lo:hi]) + origin[hi:]


def _realign_window(old: list[str], new: list[str], origin: list[int]) -> list[int]:
    """Lines with words are aligned (blank lines are ambiguous: preprocessors add them around what they
    stash); a line kept maps to where it was, a line of the preprocessor's own maps into the lines
    it replaced (the same offset, at most their last), and a blank line to the line after the one
    before it.
    """
    old_words = [i for i, line in enumerate(old) if line.strip()]
    new_words = [j for j, line in enumerate(new) if line.strip()]
    mapped: dict[int, int] = {}
    i1 = j1 = 0  # the first lines after the last pair aligned
    for i2, j2 in _aligned([old[i] for i in old_words], [new[j] for j in new_words]) + \
            [(len(old_words), len(new_words))]:
        for j in range(j1, j2):
            i = min(i1 + (j - j1), max(i2 - 1, i1), len(old_words) - 1)
            mapped[new_words[j]] = origin[old_words[i]] if i >= 0 else 0
        if j2 < len(new_words):
            mapped[new_words[j2]] = origin[old_words[i2]]
        i1, j1 = i2 + 1, j2 + 1
    result, last = [], -1
    for j in range(len(new)):
        last = mapped[j] if j in mapped else min(last + 1, origin[-1] if origin else 0)
        result.append(max(last, 0))
    return result


def _aligned(a: list[str], b: list[str]) -> list[tuple[int, int]]:
    """The pairs (i, j) of equal lines a[i] == b[j] aligned, in order, in about linear time.

    A preprocessor keeps most lines in order and puts a few of its own in place of others. So each
    gap (at first the whole page) is trimmed of its common start and end, then of the lines found
    on one side only, which cannot match (and trimmed again). Lines that then occur once on each
    side anchor the alignment (the longest run of them in the same order, as patience diff does)
    and the gaps between anchors are aligned the same way. Left without anchors, a gap whose one
    side is found, in order, in the other is matched line for line; only what is left after all
    that goes to difflib, whose cost grows with the square of a gap (it was the page: issue 24).
    """
    pairs: list[tuple[int, int]] = []
    gaps: list[tuple[list[int] | range, list[int] | range]] = [(range(len(a)), range(len(b)))]
    while gaps:
        ia, ib = gaps.pop()
        n, most = 0, min(len(ia), len(ib))
        while n < most and a[ia[n]] == b[ib[n]]:
            n += 1
        m = 0
        while m < most - n and a[ia[-1 - m]] == b[ib[-1 - m]]:
            m += 1
        pairs += zip(ia[:n], ib[:n])
        pairs += zip(ia[len(ia) - m:], ib[len(ib) - m:])
        ia, ib = ia[n:len(ia) - m], ib[n:len(ib) - m]
        common = {a[i] for i in ia} & {b[j] for j in ib}
        ka, kb = [i for i in ia if a[i] in common], [j for j in ib if b[j] in common]
        if len(ka) < len(ia) or len(kb) < len(ib):
            gaps.append((ka, kb))
            continue
        once_a, once_b = _once(a, ia), _once(b, ib)
        anchors = _increasing([(k, once_b[a[i]]) for k, i in enumerate(ia) if a[i] in once_a and a[i] in once_b])
        if anchors:
            for (k, q), (k_next, q_next) in zip([(-1, -1)] + anchors, anchors + [(len(ia), len(ib))]):
                gaps.append((ia[k + 1:k_next], ib[q + 1:q_next]))
            pairs += [(ia[k], ib[q]) for k, q in anchors]
            continue
        inside = _inside(a, ia, b, ib) if len(ib) <= len(ia) else [(i, j) for j, i in _inside(b, ib, a, ia) or []]
        if inside:
            pairs += inside
            continue
        matcher = difflib.SequenceMatcher(None, [a[i] for i in ia], [b[j] for j in ib], autojunk=False)
        pairs += [(ia[k + n], ib[q + n]) for k, q, size in matcher.get_matching_blocks() for n in range(size)]
    return sorted(pairs)


def _once(lines: list[str], at: list[int] | range) -> dict[str, int]:
    """The lines at these indexes that occur once among them, with their place in `at`."""
    seen: dict[str, int] = {}
    for k, i in enumerate(at):
        seen[lines[i]] = -1 if lines[i] in seen else k
    return {line: k for line, k in seen.items() if k >= 0}


def _increasing(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest run of pairs (in order of their first) whose second also increases (patience sorting)."""
    tails: list[int] = []  # the smallest second that ends a run of each length
    ends: list[int] = []  # the pair ending it
    before: list[int] = []  # for each pair, the pair before it in its run
    for k, (_, q) in enumerate(pairs):
        n = bisect.bisect_left(tails, q)
        tails[n:n + 1], ends[n:n + 1] = [q], [k]
        before.append(ends[n - 1] if n else -1)
    run, k = [], ends[-1] if ends else -1
    while k >= 0:
        run.append(pairs[k])
        k = before[k]
    return run[::-1]


def _inside(x: list[str], ix, y: list[str], iy) -> list[tuple[int, int]] | None:
    """Each line of y (at iy) paired with the first equal line of x (at ix) after the last one paired;
    None when y's lines are not all found in x in their order."""
    pairs, k = [], 0
    for j in iy:
        while k < len(ix) and x[ix[k]] != y[j]:
            k += 1
        if k == len(ix):
            return None
        pairs.append((ix[k], j))
        k += 1
    return pairs


def _line_naming(source: list[str], exc: Exception) -> int:
    """The line of a preprocessor failure: the first line naming a word of its message (a snippet's file)."""
    words = [w.strip("'\".,:") for w in str(exc).split()]
    words = [w.rsplit("/", 1)[-1] for w in words if "." in w or "/" in w]
    for word in words:
        for n, line in enumerate(source):
            if word and word in line:
                return n
    return 0


def _text(element, stash) -> str:
    """The rendered words of an element: inline markup gone, entities and stashed HTML resolved."""
    parts = []
    for piece in element.itertext():
        piece = _PLACEHOLDER.sub(lambda m: _plain_html(stash, int(m.group(1))), piece)
        piece = _INLINE_PLACEHOLDER.sub("", piece)
        parts.append(piece.replace(markdown.util.AMP_SUBSTITUTE, "&"))
    return " ".join(html.unescape("".join(parts)).split())


_KEPT = ("em", "strong", "code")  # what paper keeps of a definition's inline markup


def _inline_html(element, stash, outer: bool = False) -> str:
    def words(piece: str | None) -> str:
        if not piece:
            return ""
        piece = _PLACEHOLDER.sub(lambda m: _plain_html(stash, int(m.group(1))), piece)
        piece = _INLINE_PLACEHOLDER.sub("", piece).replace(markdown.util.AMP_SUBSTITUTE, "&")
        return html.escape(html.unescape(piece), quote=False)

    inner = words(element.text) + "".join(_inline_html(child, stash) for child in element)
    if not outer and element.tag in _KEPT:
        inner = f"<{element.tag}>{inner}</{element.tag}>"
    return inner + ("" if outer else words(element.tail))


def _plain_html(stash, index: int) -> str:
    if index >= len(stash):
        return ""
    return re.sub(r"<[^>]*>", "", str(stash[index]))


def _read_block(model: Rendered, block: Block, source: list[str], explicit: set[int], merges: dict,
                definitions: list[tuple[int, str]]) -> None:
    """Record the ids, headings, links, quotes and directives of one top-level element.
    definitions: the source lines that may define a reference-style link ('[label]: url')."""
    span = source[block.line:block.end]
    cursor = [0, 0]  # line and column in span where the next search starts (document order)

    def locate(needle: str) -> tuple[int, int]:
        for candidate in (needle, html.escape(needle)):
            line, col = cursor
            for n in range(line, len(span)):
                at = span[n].find(candidate, col if n == line else 0)
                if at >= 0:
                    cursor[:] = [n, at + 1]
                    return block.line + n, at
        for n, text in definitions:  # a reference-style link: where its definition gives the URL
            at = text.find("]: " + needle)
            if at >= 0:
                return n, at + 3
        return block.line, 0

    element = block.element
    if element.tag == "blockquote":
        cuts = [(0, block.line)] + [(child, origin) for child, origin in merges.get(id(element), [])]
        for n, (first, line) in enumerate(cuts):
            last, end = cuts[n + 1] if n + 1 < len(cuts) else (len(element), block.end)
            while end - 1 > line and not source[end - 1].strip():
                end -= 1
            words = " ".join(model.text_of(child) for child in list(element)[first:last]) if len(element) \
                else model.text_of(element)
            model.quotes.append(Blockquote(" ".join(words.split()), line, end))
    for el in element.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag in _HEADINGS:
            anchor, title = el.get("id", ""), _heading_text(el, model._stash)
            line = _heading_line(span, block.line, anchor, id(el) in explicit, title)
            model.headings.append(Heading(int(el.tag[1]), title, anchor, id(el) in explicit,
                                          line, source[line] if line < len(source) else ""))
            cursor[:] = [line - block.line, 0]
        _record(model, el.tag, el.attrib.items(), False, locate)
        for chunk in ((el.text if el.tag not in ("code", "pre") else ""), el.tail):
            for stray in _STRAY.findall(chunk or ""):
                model.stray.append((_line_of(span, block.line, stray), stray))
        for chunk in (el.text, el.tail):
            for index in _PLACEHOLDER.findall(chunk or ""):  # raw HTML kept aside by Markdown
                raw = str(model._stash[int(index)]) if int(index) < len(model._stash) else ""
                _raw_html(model, raw, block, locate)


def _line_of(span: list[str], first: int, text: str) -> int:
    return first + next((n for n, line in enumerate(span) if text in line), 0)


def _heading_line(span: list[str], first: int, anchor: str, explicit: bool, text: str) -> int:
    needles = ([f"#{anchor}"] if explicit and anchor else []) + ([text[:40]] if text else [])
    for needle in needles:
        for n, line in enumerate(span):
            if needle in line:
                return first + n
    return first


def _heading_text(el, stash) -> str:
    keep = [c for c in el if "headerlink" in (c.get("class") or "").split()]
    for c in keep:
        el.remove(c)
    text = _text(el, stash)
    for c in keep:
        el.append(c)
    return text


def _raw_html(model: Rendered, raw: str, block: Block, locate) -> None:
    comment = _COMMENT.match(raw)
    if comment:
        body = comment.group("body")
        directive = _DIRECTIVE.match(body)
        if directive or _LIKE_DIRECTIVE.search(body):
            line, _ = locate("<!--")
            model.directives.append(Directive(directive.group("name") if directive else body.strip(),
                                              directive.group("arg") if directive else None,
                                              line, bool(directive), raw.strip()))
        return
    if not _RECORDED.search(raw):
        return
    parser = _RawHTML()
    try:
        parser.feed(raw)
        parser.close()
    except Exception:  # malformed raw HTML: the browser decides; nothing of ours to record
        return
    for tag, attrs in parser.found:
        _record(model, tag, attrs, True, locate)


def _record(model: Rendered, tag: str, attrs, raw: bool, locate) -> None:
    """One element: its anchor (id, or name on <a>, as MkDocs counts them) and its link."""
    attributes = dict(attrs)
    anchor = attributes.get("id") or (attributes.get("name") if tag == "a" else None)
    if anchor:
        line = model.headings[-1].line if tag in _HEADINGS and model.headings else locate(anchor)[0]
        model.ids.append(anchor)
        model.id_lines.append(line)
        if tag in _HEADINGS:
            model.heading_ids.append((tag, anchor))
        if tag in _PUBLIC:
            model.public_ids.append(anchor)
    if "headerlink" in (attributes.get("class") or "").split():
        return  # the ¶ permalink the toc extension adds to every heading
    for name, value in attributes.items():
        if (tag, name) in _LINK_ATTRIBUTES and value is not None:
            if not raw:  # e-mail autolinks are written as entities the serialiser would resolve
                value = html.unescape(value.replace(markdown.util.AMP_SUBSTITUTE, "&"))
            line, column = locate(value)
            model.links.append(Link(tag, value, raw, line, column))


def _line(config: dict, text: str) -> int:
    """Line of mkdocs.yml where text is first written (config carries its source as _text)."""
    source = config.get("__text__", "") if isinstance(config.get("__text__"), str) else ""
    return next((n for n, line in enumerate(source.splitlines(), 1) if text in line), 1)


def _snippet_files(config: dict, root: Path) -> list:
    """Files snippets may include, with their times: an edit to one must re-parse the pages."""
    found = []
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict) and isinstance(item.get("pymdownx.snippets"), dict):
            paths = item["pymdownx.snippets"].get("base_path", ["."])
            for base in [paths] if isinstance(paths, str) else paths if isinstance(paths, list) else []:
                folder = root / str(base)
                if folder.is_dir() and folder != root:
                    found += [(str(f), f.stat().st_mtime_ns) for f in sorted(folder.rglob("*")) if f.is_file()]
    return found


def _anchored(name: str, options: dict, root: Path) -> dict:
    """Snippet paths in mkdocs.yml are relative to where MkDocs runs: the project root."""
    if name == "pymdownx.snippets":
        paths = options.get("base_path", ["."])
        paths = [paths] if isinstance(paths, str) else paths
        options["base_path"] = [str(root / str(p)) for p in paths]
    return options
