"""What the build prints: one sheet per section, and the full handout.

* ``sheets/<page>.pdf`` (A4) and ``sheets/<page>-letter.pdf``: one teaching section (a nav page
  with ``objectives`` in its front matter) on one sheet, at most two sides, for a trainer to hand
  out. The build stops when a section needs more, naming its source file and heading.
* ``handout.pdf`` and ``handout-letter.pdf``: a cover with the contents (real page numbers, from
  target-counter), the talk in full, every section starting on a new page with our explanations,
  and the glossary as an appendix.

The content is not written twice: each section is cut out of the HTML that MkDocs already
rendered (see ``extract``). A sheet carries the speaker's quotes, our notes on the tables (which
say they are ours), the tables, the figure, the objectives, takeaways and discussion questions,
the case without its model answer and the exercise with room to write; it says that our
explanations are in the handout and online, one QR code or short URL away. A handout chapter
carries all that and, in page order, everything else the page says in the talk's sub-sections
(its opening paragraph, our explanations and lists around the quotes, a reading list): a learner
reading alone on paper gets the teaching with the quotes. Only the self-check (in the participant
pack) and the model answers (in the trainer's key) stay off it. A JavaScript-free template
(templates/handout.html + handout.css) lays it out and WeasyPrint turns it into PDF with CSS
Paged Media.

A step of the build's outputs (talksite.outputs), on the rendered site; any problem raises
SiteError, which fails the build (`build` then leaves the previous site/ untouched).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import html as html_text
import re
from dataclasses import dataclass
from pathlib import Path

import markupsafe

from . import fetch, printing, teaching
from .errors import SiteError
from .markup import inline
from .printing import PAPERS
from .project import GLOSSARY_PAGE, Page, Site
from .rules import rule

HANDOUT = rule("handout", "a section sheet or handout the build cannot make: a sheet over its page limit, no "
               "site_url, fonts missing, a template or layout WeasyPrint refuses (found by build, not check)",
               "do what the message says: shorten the section, set site_url, install the fonts or fix the template")


class HandoutError(SiteError):
    """A reason the handout cannot be made; the build stops and keeps the previous site."""

    def __init__(self, file: str, line: int, message: str, fix: str = "") -> None:
        super().__init__(file, line, message, fix, rule=HANDOUT)


TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATES / "handout.html"
PACK_TEMPLATE = TEMPLATES / "pack.html"  # the participant pack and the trainer's key
PACKS = {  # material (printing.MATERIALS) -> whether it carries the answers, and what its cover says
    "participant-pack": (False, "Each section gives its case, with room to write your answer to each question, "
                                "and its self-check; the Conclusion closes with the exercise, your answer "
                                "to the key question, with room to write. Use it with the handout, which prints the full talk and "
                                "each section with our explanations."),
    "trainer-key": (True, "For each section: its objectives, numbered as online (each question names the "
                          "ones it assesses), the model answer to the case, the self-check's answers with the "
                          "feedback for every option, what to listen for and common misconceptions. All of it "
                          "is ours; the speaker's words are on the section pages."),
}

MAX_SHEET_PAGES = 2  # issue 12: one section, one sheet printed on both sides

# One type family on paper, as on screen and in the figures (site.css --ts-font): DejaVu Sans,
# from Debian's fonts-dejavu-core and fonts-dejavu-extra, which this machine's image carries.
# Naming the files (not a family for fontconfig to guess) means a missing font stops the build
# instead of silently printing in a fallback face. WeasyPrint embeds subsets of them.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "normal", "bold"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "italic", "normal"): "DejaVuSans-Oblique.ttf",
}

# What a section keeps from its rendered page. By element: the speaker's words, tables and
# figures, and a paragraph right beside a table (our note on it, which says the table is ours).
# By admonition: objectives, takeaways, discussion and the exercise. By h2 id (the teaching
# sections a page may carry): everything under it, less the model answers and the self-check.
# A handout chapter (`explained`) also keeps everything outside the teaching parts
# (teaching.PARTS): the page's opening and our explanations around the quotes.
# Headings are kept when something under them is.
_KEEP_ELEMENTS = {"blockquote", "table", "figure"}
_KEEP_ADMONITIONS = {"abstract", "success", "question", "example"}
_KEEP_SECTIONS = {"objectives", "case", "takeaways", "discussion"}
_CLOSING = {"takeaways", "discussion"}  # the parts that close a section, before its case
_WRITE_IN = {"example"}  # admonitions that ask the reader to write: room follows them on paper
# Answers; the screen's permalinks, copy-link buttons and screen-only lines; the browser-print
# glossary block (a sheet names its terms itself).
_DROP = (".model-answer, .self-check, a.headerlink, .ts-copy, .ts-screen-only, .print-terms, .ts-notice, "
         ".ts-print-only")
# How much of a section a sheet carries, tried in order until it fits MAX_SHEET_PAGES: everything,
# then everything set a little closer (handout.css, .fit-N; the text stays 10 pt), then without
# figures, then that set closest, then without tables and our notes on them too. Set closer before
# anything is left out: a sheet that drops a table loses content, closer lines only air (Letter's
# Synergies sheet left its three-row table out where its first side had room for it: the closest
# setting came only with the cut, paper review 14). What a sheet leaves out it names
# (Section.left_out), and is online and in the handout.
FITS = (0, 1, 2, 3, 4)
_LEFT_OUT = {"figure": 2, "table": 4}  # the first fit that leaves each out
# A slip the transcript has ("try , fail"): the speaker's words keep it, and paper says it is not
# ours beside the quote, as the section's page does in its explanation (which a sheet leaves out).
_SPACED_COMMA = re.compile(r"\w ,")
_QUOTED_LEAD_IN = re.compile(r":\s*[“\"]")  # a paragraph that leads in to a quote of its own, after a colon
SPACED_COMMA_NOTE = "our note: the space before the comma is in the transcript"
# Ruled lines for a case's answers, most first: a sheet takes the most that still fit its two
# sides (at each fit), from what its questions ask (_lines_asked) down to ROOM[-1].
ROOM = (14, 12, 10, 8, 6, 4)
# Room in proportion to what is asked: three lines for a case's question, four for one that asks
# for two things (two sentences, or "two", "each", "both"): "Pick two competencies"; a case ten at
# least (three questions). Paper review 24 found six or seven lines for three open questions:
# leftover room, not room sized to the task.
LINES_AN_ASK = 3
LINES_TWO_ASKS = teaching.ANSWER_LINES  # a line more than one ask: a sheet's and a browser print's least
LINES_A_CASE = 10
EXERCISE_LINES = teaching.PRINTED_LINES  # an exercise's part: two, as a page printed from the browser gives
_TWO_ASKS = re.compile(r"[.?!]\s+[A-Z]|\b(?:two|each|both)\b", re.I)


@dataclass
class Section:
    page: Page
    id: str
    url: str  # the section online: site_url + page URL
    short_url: str  # url without its scheme, as printed
    qr: str  # data: URI of an SVG QR code for url
    page_html: str  # the rendered page
    terms: list  # the glossary terms its page links, in order of first use (printed_terms: those a cut prints)
    fit: int = 0  # what the cut leaves out (FITS)
    room: int = 8  # ruled lines to answer its case (ROOM[0]: all of them)
    more: tuple = ()  # (write-in number, lines) added where a side has room left below it (_room_left)
    page_start: int = 0  # the block (by number, 0 for none) a handout chapter starts a page with (_balanced)
    explained: bool = False  # a handout chapter, with our explanations; a sheet without (extract)
    recap: bool = True  # a sheet prints its takeaways on side 1 (else it names them as left out, _recapped)

    @property
    def body(self) -> str:
        """The HTML cut from the rendered page for paper, at this section's fit."""
        return extract(self.page_html, self.id, None, self.fit, self.room, dict(self.more), self.page_start,
                       self.explained, self.recap)

    @functools.cached_property
    def printed_terms(self) -> list:
        """The page's terms whose use this cut prints, in their order on the page: the head names
        only those. A use is a link to the term (talksite.term_uses) or, in the speaker's words and
        ours, the words that link has on the page, or the term's name. Named from the whole page,
        Focus' sheet listed Hedge, whose one use is in an explanation the sheet leaves out (paper
        review P13); by links alone, Roles' sheet would lose Key choices, which its quote uses."""
        from bs4 import BeautifulSoup

        body = self.body
        printed = " ".join(BeautifulSoup(body, "html.parser").get_text(" ").split()).lower()
        return [term for term in self.terms if f'href="#term-{term.id}"' in body
                or any(re.search(_form_pattern(form), printed) for form in _term_forms(self.page_html, term))]

    @property
    def left_out(self) -> list[str]:
        """What this fit leaves out that the section has ('figure', 'tables'…): the sheet names it."""
        dropped = [tag for tag, fit in _LEFT_OUT.items() if self.fit >= fit]
        whole = extract(self.page_html, self.id, None, 0) if dropped else ""
        counts = {tag: whole.count(f"<{tag}") for tag in dropped}
        return [tag if n == 1 else f"{tag}s" for tag, n in counts.items() if n] + ([] if self.recap else ["takeaways"])


def write_all(site: Site, site_dir: Path, epoch: int) -> dict[str, Path]:
    """Every section sheet, then the full handout and the packs, in every paper size, dated by the
    build time `epoch` (outputs.build_epoch): {site path: file}."""
    import logging
    import time

    start = time.perf_counter()
    sections = teaching_sections(site, site_dir)
    glossary = _glossary(site)
    written = {}
    for section in sections:
        for paper, document in _sheets(site, section, site_dir, epoch).items():
            name = printing.sheet_file(section.page, paper)
            if len(document.pages) > MAX_SHEET_PAGES:
                raise _too_long(site, section.page, paper, len(document.pages))
            written[name] = _write(document, site_dir / name, site, paper)
    for paper in PAPERS:
        chapters = [_laid_out(site, section, paper, site_dir, epoch, sheet=False).section for section in sections]
        documents = {printing.HANDOUT: document_html(site, chapters, sheet=False, epoch=epoch, glossary=glossary)}
        documents = {name: _render(html, paper, site, site_dir) for name, html in documents.items()}
        # The packs name the handout's pages of each section, as this paper's handout printed them.
        where = handout_pages(documents[printing.HANDOUT], [section.id for section in sections])
        documents |= {material: _pack(site, sections, material, paper, site_dir, epoch, where) for material in PACKS}
        for material, document in documents.items():
            name = printing.material_file(material, paper)
            written[name] = _write(document, site_dir / name, site, paper)
    logging.getLogger("mkdocs.talksite").info(f"Handout, packs and {len(sections)} section sheets built "
                                              f"in {time.perf_counter() - start:.1f} seconds")
    return written


def _sheets(site: Site, section: Section, site_dir: Path, epoch: int) -> dict:
    """{paper: the section's sheet}, every edition leaving out the same (_LEFT_OUT): where one
    paper's sheet leaves out a figure or a table to fit its two sides, every paper's does, at the
    loosest fit that leaves that out, so the editions match and say the same (paper review 17:
    Focus printed its table on A4, not on Letter)."""
    sheets = {paper: _laid_out(site, section, paper, site_dir, epoch, sheet=True) for paper in PAPERS}
    if not all(document.section.recap for document in sheets.values()):  # every edition, or none, recaps
        section = dataclasses.replace(section, recap=False)
        sheets = {paper: document if not document.section.recap
                  else _laid_out(site, section, paper, site_dir, epoch, sheet=True) for paper, document in sheets.items()}
    floor = max((fit for fit in _LEFT_OUT.values()
                 if any(document.section.fit >= fit for document in sheets.values())), default=0)
    return {paper: document if document.section.fit >= floor
            else _laid_out(site, section, paper, site_dir, epoch, sheet=True, floor=floor)
            for paper, document in sheets.items()}


def _laid_out(site: Site, section: Section, paper: str, site_dir: Path, epoch: int, sheet: bool, floor: int = 0):
    """The section laid out (_chosen), a sheet without our explanations and a handout chapter with
    them, then its lines to write on filling what a side leaves below them (_room_left), if that
    keeps it on as many sides. Returns the rendered document; `.section` is the section as laid out."""
    section = dataclasses.replace(section, explained=not sheet)
    document = _chosen(site, section, paper, site_dir, epoch, sheet, floor)
    if sheet and section.recap:
        document = _recapped(site, document, paper, site_dir, epoch, floor)
    more = _room_left(document)
    if not more:
        return document
    filled = _render_section(site, dataclasses.replace(document.section, more=tuple(more.items())), paper,
                             site_dir, epoch, sheet)
    return filled if len(filled.pages) == len(document.pages) else document


def _recapped(site: Site, document, paper: str, site_dir: Path, epoch: int, floor: int):
    """A sheet with its takeaways on side 1, or, where they cost it a figure or a table (or its two
    sides), without them: side 2 is the case alone, and side 1 was already full on most sheets. The
    takeaways are a recap of the reading, and the handout prints them; the sheet names them among
    what it leaves out. Content before recap, as lines before air."""
    if len(document.pages) <= MAX_SHEET_PAGES and document.section.fit < min(_LEFT_OUT.values()):
        return document
    bare = _chosen(site, dataclasses.replace(document.section, recap=False, fit=0, more=()), paper, site_dir,
                   epoch, True, floor)
    if len(bare.pages) > MAX_SHEET_PAGES:
        return document
    if len(document.pages) > MAX_SHEET_PAGES or bare.section.fit < document.section.fit:
        return bare
    return document


def _render_section(site: Site, laid: Section, paper: str, site_dir: Path, epoch: int, sheet: bool):
    document = _render(document_html(site, [laid], sheet=sheet, epoch=epoch, chapter=not sheet),
                       paper, site, site_dir)
    document.section = laid
    return document


def _chosen(site: Site, section: Section, paper: str, site_dir: Path, epoch: int, sheet: bool, floor: int = 0):
    """The section laid out with all it can carry. A handout chapter (_chapter) keeps everything. A
    sheet, on MAX_SHEET_PAGES sides, takes the first of FITS that fits, then the most ROOM that
    leaves no side but the last half empty (the most, then the least, then what lies between). A
    sheet keeps the lines its questions ask for before its figures, two a question before its
    tables, and its content before its air: for the fewest lines (_fewest_lines), from what is asked
    down, it tries the fits that leave nothing out, then those that leave things out; each layout is rendered once, and none that a sheet
    already found too long rules out (`over`: most sheets need 2 to 5 renders, not 12).
    A sheet tries no fit below `floor` (_sheets: what another edition leaves out).
    Returns the rendered document; `.section` is the section as laid out."""
    if not sheet:
        return _chapter(site, section, paper, site_dir, epoch)
    # Sheet layouts found over MAX_SHEET_PAGES: one set less close (a lower fit keeps more) with as
    # many lines to write on or more is too long as well, and is not rendered (render gives None).
    over: list[tuple[int, int]] = []
    rendered = []

    @functools.cache
    def render(fit: int, room: int):
        if any(fit <= longer_fit and room >= longer_room for longer_fit, longer_room in over):
            return None
        document = _render_section(site, dataclasses.replace(section, fit=fit, room=room),
                                   paper, site_dir, epoch, sheet)
        if len(document.pages) > MAX_SHEET_PAGES:
            over.append((fit, room))
        rendered.append(document)
        return document

    def fits(document) -> bool:
        if document is None:
            return False
        return len(document.pages) <= MAX_SHEET_PAGES and _full(document)

    fallback = None  # the first layout within the sheet's sides, should none leave every side full enough
    # A sheet sets its case before its takeaways (paper review 33), with two lines a question: it leaves out
    # a figure or a table (FITS; online, and the sheet says so) before it gives a question less. It
    # leaves out a figure for the third line a two-part question asks, but not a table: Letter's
    # Synergies sheet printed 17 lines for its 3 questions where, with 6, its table fitted.
    # Three lines a question and ten a case (_two_a_question) where the tables stay; a table stays
    # before a question gets its third line, not before its second (paper review 24: a three-line
    # floor made Roles' A4 sheet leave its table out).
    lines = _fewest_lines(section)
    ample = [n for n in lines if n >= _sheet_floor(section)]
    enough = ample + [n for n in lines if n not in ample and n >= EXERCISE_LINES * len(section.page.meta["case"]["questions"])]
    tries = ([(kept, fewest) for fewest in enough for kept in (_WHOLE, _TABLED)] + [(FITS, fewest) for fewest in enough]
             + [(kept, fewest) for fewest in lines if fewest not in enough for kept in (_WHOLE, FITS)])
    # Below `floor`, the floor itself: the closest fit (FITS[-1]) left Focus' table out on A4 where Letter,
    # at fit 3 (Focus has no figure for fit 2 to leave out), kept it.
    tries = [([fit for fit in kept if fit >= floor] or [floor], fewest) for kept, fewest in tries]
    for kept, fewest in tries:
        rooms = sorted({room for room in ROOM if room > fewest} | {fewest}, reverse=True)
        if not fits(render(kept[0], rooms[0])):
            render(kept[-1], ROOM[-1])  # the closest it may come to: if too long, so is every layout left
        for fit in kept:
            if fits(most := render(fit, rooms[0])):
                return most
            if fits(least := render(fit, rooms[-1])):
                return next((document for room in rooms[1:-1] if fits(document := render(fit, room))), least)
            if fallback is None and least is not None and len(least.pages) <= MAX_SHEET_PAGES:
                fallback = least
    return fallback or rendered[-1]


_WHOLE = [fit for fit in FITS if fit < min(_LEFT_OUT.values())]  # the fits that leave nothing out
_TABLED = [fit for fit in FITS if fit < _LEFT_OUT["table"]]  # the fits that keep the tables


# How full a handout chapter keeps each side but its last, of the space between its margins: well
# over half, so that none reads as half empty (review 11 found Letter's Focus side 50 % full).
CHAPTER_FILL = 0.6


def _full(document, text_area: bool = False, strict: bool = False) -> bool:
    """No side but the last is half empty of the page; or (`text_area`, a handout chapter) each is
    CHAPTER_FILL full of the space between its margins, but one that ends a part (the next side
    opens with its heading), which need only be over half full, as a section's last side may be
    less: started a page before mid-part prose to fill its side to CHAPTER_FILL, Letter's Conclusion
    left both sides around its recap a quarter blank (paper review 15). `strict`: every side but the
    last CHAPTER_FILL full, one that ends a part too (what _chapter asks before it looks no further)."""
    least = CHAPTER_FILL if text_area else 0.5
    fills = _fills(document, text_area)
    parts = _opens_part(document) if text_area and not strict else []
    return all(fill > (0.5 if n + 1 < len(parts) and parts[n + 1] else least) for n, fill in enumerate(fills[:-1]))


def _side_boxes(document):
    """Each side's page box with the boxes of its content, in order, its running heads and page
    number left out: WeasyPrint's layout (pinned in requirements.txt), which the helpers below read."""
    from weasyprint.formatting_structure import boxes

    for page in document.pages:
        page_box = page._page_box
        yield page_box, [box for child in page_box.children if not isinstance(child, boxes.MarginBox)
                         for box in child.descendants()]


def _opens_part(document) -> list[bool]:
    """Whether each side's first line is a heading (a part starts there)."""
    from weasyprint.formatting_structure import boxes

    opens = []
    for _, content in _side_boxes(document):
        first = next((box for box in content if isinstance(box, boxes.LineBox)), None)
        opens.append(first is not None and first.element_tag in ("h2", "h3", "h4"))
    return opens


def _chapter(site: Site, section: Section, paper: str, site_dir: Path, epoch: int):
    """A handout chapter: everything, in every section's order (takeaways, discussion, then the case
    as a worksheet's exercise), on its fewest sides with none but the last half empty, at 10 pt's
    usual leading if it can (FITS). Its case has the lines its questions ask for (_lines_asked), or
    two a question where that lets it follow the discussion (the rest of its last side fills with
    more, _laid_out). Where no side but the last can be kept half full so, a page starts earlier
    (_balanced)."""
    asked = _fewest_lines(section, _two_a_question(section))[:2]  # a sheet's floor (four a question) is its own
    # At the handout's one leading (fit 0): a chapter set closer to fit changed it from side to side
    # (paper review 24).
    layouts = [_render_section(site, dataclasses.replace(section, fit=0, room=room), paper, site_dir, epoch, sheet=False)
               for room in asked]
    best = min(layouts, key=lambda document: (not _full(document, True), len(document.pages)))
    # Only a chapter whose every side but the last is CHAPTER_FILL full is taken as it is. A side
    # that ends a part (the case's heading opens the next) passed at just over half full, so no
    # other page start was ever tried: the case, too tall to follow the discussion, left that side
    # 43-49 % empty (paper review 28, finding 3: A4 Synergies; Letter Definitions, Focus, Synergies).
    return best if _full(best, True, strict=True) else _balanced(site, best, paper, site_dir, epoch)


def _least_full(document) -> float:
    """How full a chapter's emptiest side but its last is, of the space between its margins."""
    return min(_fills(document, True)[:-1], default=1.0)


def _balanced(site: Site, document, paper: str, site_dir: Path, epoch: int):
    """The chapter with a page started before one of its parts (a heading, or a block no heading
    leads), the latest that leaves no side but the last under CHAPTER_FILL on as few sides. A case
    too tall to follow the discussion leaves that side half empty: starting the side earlier
    (before the table, say) fills both. Where no start does, the one whose emptiest side is the
    fullest (a chapter with our explanations on Letter: the conclusion's takeaways and discussion
    alone on a side 44 % full, or its first side 58 % full and the rest well filled); the chapter
    as it was if none is fuller."""
    from bs4 import BeautifulSoup

    section = document.section
    blocks = BeautifulSoup(section.body, "html.parser").find_all(recursive=False)
    # Never between what belongs together: a heading and what it leads, a quote and the quote or
    # explanation after it (handout.css keeps them on one side), a lead-in and what it introduces;
    # nor before a box or a table, which follow the text they gloss: a start before the "Two
    # readings" box on Focus' "Facts and ideas" left it a side behind its quote, on a side 38 %
    # empty (paper review 29, finding 2).
    starts = [n for n in range(len(blocks) - 1, 0, -1) if blocks[n - 1].name not in ("h3", "h4", "blockquote")
              and not _classes(blocks[n - 1]) & {"lead-in", "lead-in--inline"}
              and not _classes(blocks[n]) & {"ours", "admonition", "table-block", "table-list"}]
    # The latest start that fills every side may leave one just at CHAPTER_FILL (Letter's Synergies:
    # a page started before Further reading left its side 60 % full, one before Side by side two
    # sides 75 % full): of the run of starts that fill every side, the one whose emptiest side is fullest.
    fullest, filling = document, None
    for start in starts:
        tried = _render_section(site, dataclasses.replace(section, page_start=start), paper, site_dir, epoch, sheet=False)
        if len(tried.pages) > len(document.pages):
            if filling is not None:
                break
            continue
        if _full(tried, True, strict=True):
            if filling is None or _least_full(tried) > _least_full(filling):
                filling = tried
            continue
        if filling is not None:
            break  # the run of starts that fill every side has ended
        if _least_full(tried) > _least_full(fullest):
            fullest = tried
    return filling or fullest


def _lines_asked(questions: list[dict]) -> int:
    """Ruled lines in proportion to what is asked (a case's questions, as in its data): a question's
    own `lines` where it says, else LINES_AN_ASK a question, LINES_TWO_ASKS for one that asks for two things."""
    return sum(q.get("lines") or (LINES_TWO_ASKS if _TWO_ASKS.search(" ".join(q["question"].split())) else LINES_AN_ASK)
               for q in questions)


# A sheet's least for each case question: four lines (paper review 34: Letter's Roles sheet gave two
# a question, and a learner writes in the margins or skips it).
SHEET_LINES_A_QUESTION = teaching.ANSWER_LINES  # one fact: as many as a page printed from the browser rules


def _sheet_floor(section: Section) -> int:
    """The least a sheet prints for its case if it can: SHEET_LINES_A_QUESTION a question."""
    return max(SHEET_LINES_A_QUESTION * len(section.page.meta["case"]["questions"]), LINES_A_CASE)


def _fewest_lines(section: Section, floor: int | None = None) -> list[int]:
    """The fewest ruled lines a sheet gives its case, tried in turn: what its questions ask
    (_lines_asked), then four for each question (_sheet_floor; a handout chapter: `floor`), then
    each ROOM below that."""
    questions = section.page.meta["case"]["questions"]
    floor = floor or _sheet_floor(section)
    return list(dict.fromkeys([max(_lines_asked(questions), floor), floor] + [room for room in ROOM if room < floor]))


def _two_a_question(section: Section) -> int:
    """The least a sheet, chapter or pack prints for its case if it can: LINES_AN_ASK a question,
    LINES_A_CASE in all."""
    return max(LINES_AN_ASK * len(section.page.meta["case"]["questions"]), LINES_A_CASE)


def _room_left(document) -> dict[int, int]:
    """{write-in number: ruled lines that fit below it} for each write-in that ends a side with
    room to spare (nothing set after it there)."""
    from weasyprint.formatting_structure import boxes

    more = {}
    for page_box, content in _side_boxes(document):
        write_ins = [box for box in content if box.element_tag == "div" and box.element is not None
                     and box.element.get("data-write-in") is not None]
        if not write_ins:
            continue
        last = write_ins[-1]
        bottom = last.position_y + last.margin_height()
        if any(box.position_y >= bottom for box in content if isinstance(box, (boxes.LineBox, boxes.ReplacedBox))):
            continue  # something follows it on this side
        pitch = next(box for box in last.children if box.element_tag == "div").margin_height()
        lines = int((page_box.content_box_y() + page_box.height - bottom) // pitch)
        if lines > 0:
            more[int(last.element.get("data-write-in"))] = lines
    return more


def _fills(document, text_area: bool = False) -> list[float]:
    """How far down each page its text goes (0 to 1) of the page, or (`text_area`) of the space
    between its margins; the running heads and page numbers left out: its line boxes."""
    from weasyprint.formatting_structure import boxes

    fills = []
    for (page_box, content), page in zip(_side_boxes(document), document.pages):
        bottom = max((box.position_y + box.height for box in content if isinstance(box, boxes.LineBox)), default=0)
        top, height = (page_box.content_box_y(), page_box.height) if text_area else (0, page.height)
        fills.append((bottom - top) / height)
    return fills


def _too_long(site: Site, page: Page, paper: str, pages: int) -> HandoutError:
    line = page.body_line + next((h.line for h in site.model(page.body).headings if h.level == 1), 0)
    over = pages - MAX_SHEET_PAGES
    return HandoutError(site.rel(site.docs_dir / page.src), line,
                        f"section '{page.title}' needs {pages} {paper} pages for its sheet, {over} "
                        f"page{'' if over == 1 else 's'} over the limit of {MAX_SHEET_PAGES}",
                        "shorten its takeaways, questions, tables or case, or split the section")


def teaching_sections(site: Site, site_dir: Path) -> list[Section]:
    _check_fonts()
    if not site.site_url:
        raise HandoutError("mkdocs.yml", 1, "site_url is empty", "the handout's URLs and QR codes need it")
    sections = [_section(page, site, site_dir) for page in site.pages if printing.has_sheet(page)]
    if not sections:
        raise HandoutError("mkdocs.yml", 1, "no teaching section in the nav",
                           "a handout section is a page with 'objectives' in its front matter")
    return sections


def document_html(site: Site, sections: list[Section], sheet: bool, epoch: int, chapter: bool = False,
                  glossary: list[dict] | None = None) -> str:
    """A sheet (one section), the full handout, or (`chapter`) one section as the handout sets it,
    as one HTML document (no JavaScript). Each section's `fit` is how close it is set and what it
    leaves out (FITS), its `room` the lines to answer its case (ROOM); the handout's appendix
    prints `glossary` (_glossary)."""
    home = site.pages[0]
    title = site.config.get("site_name", home.title)
    taught = [page for page in site.pages if printing.has_sheet(page)]
    # A sheet's front names the course and where the section stands in it (paper review 34: found
    # alone on a desk, side 1 said only "the talk"): "Leadership vs Management – Next Generation 2020 · Section 3 of 6".
    course = " · ".join([f"{title} – {_subtitle(home, title)}".strip(" –")]
                        + [f"Section {taught.index(sections[0].page) + 1} of {len(taught)}"] * (sheet and sections[0].page in taught))
    return _template(
        site, TEMPLATE,
        sheet=sheet,
        course=course,
        chapter=chapter,
        talk=site.talk,
        talk_notes={p.number: SPACED_COMMA_NOTE for p in site.talk.paragraphs if _SPACED_COMMA.search(p.text)},
        title=title,
        subtitle=_subtitle(home, title),
        description=site.config.get("site_description") or home.description,
        site_url=site.site_url,
        placeholder=site.placeholder,
        date=dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date(),
        sections=sections,
        terms=glossary or [],
        glossary_url=site.site_url + site.by_src(GLOSSARY_PAGE).url,
        glossary_short_url=(site.site_url + site.by_src(GLOSSARY_PAGE).url).split("://", 1)[-1],
    )


# Ruled lines under each of a case's questions in the participant pack, most first, the same under
# each question (review 16 found 2 under one Letter question where the others had 3), never fewer
# than the most any of them asks (_lines_asked: three for "give an example of each", review 12); a
# question that says how many it needs (`lines: N` in its data) has that many.
# Three at least (paper review 22), four for a question that asks two things (_lines_asked), ten at
# least for a case (paper review 24: three for "four kinds, an example of each, and the goal").
# Four at least under every question (paper review 33, finding 2: Letter's pack gave three, too few
# to answer in a sentence or two with a pen's hand).
PACK_LINES = (6, 5, 4)
PACK_FEWEST = PACK_LINES[-1]


def handout_pages(document, ids: list[str]) -> dict[str, str]:
    """{section id: "p. 4" or "pp. 4–6"}: the sides of the laid-out handout `document` each section
    prints on, from its first side to the side before the next chapter (or the glossary) starts
    (paper review 35, d-3: the pack pointed only to the site for the speaker's words)."""
    starts = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            starts.setdefault(anchor, number)
    chapters = sorted((starts[id_], id_) for id_ in [*ids, "glossary"] if id_ in starts)
    out = {}
    for (first, id_), following in zip(chapters, [*chapters[1:], (len(document.pages) + 1, "")]):
        last = max(first, following[0] - 1)
        out[id_] = f"p.\u00a0{first}" if last == first else f"pp.\u00a0{first}–{last}"
    return out


def _pack(site: Site, sections: list[Section], material: str, paper: str, site_dir: Path, epoch: int,
          handout: dict[str, str] | None = None):
    """The pack laid out on `paper`, each section on sides of its own (handout.css: a side's
    running head names the one section on it, paper review 19), each as _set sets it best. The
    participant's case takes the most ruled lines (_pack_lines) that leave its section the fewest
    sides mostly blank but its last, then the fewest sides."""
    key = PACKS[material][0]

    lines, settings = [], []
    for section in sections:
        def score(layout: tuple) -> tuple:
            each, setting = layout
            fills = _fills(_render(pack_html(site, [section], material, epoch, [each], [setting], handout=handout),
                                   paper, site, site_dir))[1:]  # the cover left out
            return _set_score(fills, key)

        layouts = [(each, setting) for each in _pack_lines(section) for setting in (KEY_SETTINGS if key else PACK_SETTINGS)]
        scores = {n: score(layout) for n, layout in enumerate(layouts)}
        if not key and min(scores.values())[0]:
            # No layout of the case whole leaves its head's side over half full: a case of four
            # questions, four lines each, is taller than a Letter side under its head (paper review
            # 33, finding 2: Definitions' head alone on a side 91 % empty). Then, and only then, the
            # case runs on between two questions (PACK_RUNS_ON).
            # First the case set closer (PACK_CLOSE), whole; only if that fails too, run on.
            close = [(each, PACK_CLOSE) for each in _pack_lines(section)]
            scores |= {len(layouts) + n: score(layout) for n, layout in enumerate(close)}
            layouts += close
        if not key and min(scores.values())[0]:
            runs_on = [(each, PACK_RUNS_ON) for each in _pack_lines(section)]
            scores |= {len(layouts) + n: score(layout) for n, layout in enumerate(runs_on)}
            layouts += runs_on
        best = layouts[min(scores, key=lambda n: (scores[n], n))]  # most lines first, each as set first
        lines.append(best[0])
        settings.append(best[1])
    # The closing exercise's notes fill the rest of their side (_room_left), as a handout chapter's
    # do: two lines a part left a participant's last side 60 % blank for three tasks (paper review 28).
    sections = [_filled(site, section, material, paper, site_dir, epoch, each, setting, handout) if _exercises(section) and not key
                else section for section, each, setting in zip(sections, lines, settings)]
    return _render(pack_html(site, sections, material, epoch, lines, settings, whole=True, handout=handout),
                   paper, site, site_dir)


def _filled(site: Site, section: Section, material: str, paper: str, site_dir: Path, epoch: int, each: list, setting: str,
            handout: dict[str, str] | None = None):
    """The pack's section with its exercise's ruled lines run to the foot of the side they end,
    if that keeps it on as many sides."""
    document = _render(pack_html(site, [section], material, epoch, [each], [setting], handout=handout), paper, site, site_dir)
    more = _room_left(document)
    if not more:
        return section
    filled = dataclasses.replace(section, more=tuple(more.items()))
    tried = _render(pack_html(site, [filled], material, epoch, [each], [setting], handout=handout), paper, site, site_dir)
    return filled if len(tried.pages) == len(document.pages) else section


def _set_score(fills: list[float], key: bool) -> tuple:
    """How well a pack's section is set, from its sides' fills, best lowest: no side but its last
    mostly blank (a key's half empty), the fewest such sides, the fewest sides, a last side over half
    full (a participant's too: its case takes fewer lines rather than leave two self-check items
    alone on a side, paper review 22)."""
    mostly_blank = sum(fill <= 0.5 for fill in fills[:-1])
    return (mostly_blank > 0, mostly_blank, len(fills), fills[-1] <= 0.5) if key else \
        (mostly_blank, len(fills), fills[-1] <= 0.5)


# A participant's sections are all set alike: one spacing between self-check items and options in
# every section (paper review 22: some set closer than others). Its case's lines make the room.
PACK_SETTINGS = ("",)
# A case that may run on between its questions, its story with the first, each question with its
# lines (handout.css): only where no case kept whole leaves its head's side over half full (_pack).
PACK_RUNS_ON = "pack-runs-on"
# A case set closer, whole (handout.css: less room between its questions, its story at the self-check's
# leading), tried before it runs on (paper review 34: Letter's Definitions case ran on p2 -> p3).
PACK_CLOSE = "pack-close"

# How a key's section may be set where its last side would hold only a short tail (under half a
# side: the last of its misconceptions, paper review 16), tried in turn (handout.css): a little
# closer, which may take the tail onto the side before; its notes' list kept whole, with its heading,
# where the side before stays over half full; both. Its items print whole, each a question with
# every option's feedback (review 19): a side may stay part empty before one.
# One setting since paper review 24: sections set closer to fit made the spacing drift from side to side.
# Since paper review 34 (items whole), a section's notes may be set in two columns (handout.css
# .key-columns) where that leaves fewer sides, or a last side fuller.
KEY_SETTINGS = ("", "key-columns")


def _pack_lines(section: Section) -> list[list[int]]:
    """The ruled lines under each of the section's case questions, most first: PACK_LINES each, down
    to what each asks (_asked_in_pack, its floor); a question's own `lines` where it says."""
    questions = section.page.meta["case"]["questions"]
    asked = [_asked_in_pack(q) for q in questions]
    layouts = [[q.get("lines") or max(room, each) for q, each in zip(questions, asked)] for room in PACK_LINES]
    # ... and, where that would part the case from its head (a long case of four questions), a line
    # fewer at a time, from the question with the most (of two, the one that asks less, then the
    # later), down to PACK_FEWEST each: the more a question asks, the more it keeps of what fits.
    each = [q.get("lines") or max(ask, PACK_FEWEST) for q, ask in zip(questions, asked)]
    while any(n > PACK_FEWEST for q, n in zip(questions, each) if "lines" not in q):
        most = max((n, -ask, m) for m, (q, n, ask) in enumerate(zip(questions, each, asked)) if "lines" not in q)[2]
        each = each[:most] + [each[most] - 1] + each[most + 1:]
        layouts.append(each)
    layouts = [each for each in layouts if sum(each) >= _two_a_question(section)]
    return [list(each) for each in dict.fromkeys(map(tuple, layouts))]


# What a pack's question asks, counted in its text: one ask, and one more for each sentence after
# the first, each ", and …" or "and say/name/what…" that adds a task, each "each" or "both". Ruled
# lines: two and one an ask, at most six (paper review 26: "Which of the four kinds…? Give an
# example of each, and say what goal they serve" had three lines, now six).
_AN_ASK = re.compile(r"[.?!]\s+(?=[A-Z])|,\s+and\s+|\band\s+(?=(?:say|name|give|describe|explain|what|which|why|how"
                     r"|where|who)\b)|\b(?:each|both)\b", re.I)
PACK_MOST_LINES = 6


def _asked_in_pack(question: dict) -> int:
    """The ruled lines a pack's case question asks (_AN_ASK): its own `lines` where it says."""
    asks = 1 + len(_AN_ASK.findall(" ".join(question["question"].split())))
    return question.get("lines") or max(_lines_asked([question]), min(PACK_MOST_LINES, 2 + asks))


def pack_html(site: Site, sections: list[Section], material: str, epoch: int,
              lines: list[list[int]] | None = None, settings: list[str] | None = None, whole: bool = False,
              handout: dict[str, str] | None = None) -> str:
    """The participant pack or the trainer's key (PACKS), from each section's front matter, with
    `lines[n][m]` ruled lines under section n's case question m (the participant's) and
    `settings[n]`, how section n is set (PACK_SETTINGS, KEY_SETTINGS: _pack). `whole`: the document
    as printed, the key with its run sheets after the cover (_pack lays a section out alone);
    `handout`, the handout's pages of each section (handout_pages)."""
    key, howto = PACKS[material]
    guide = site.by_src(FACILITATOR_GUIDE)
    if key and guide is not None:
        # What the key leaves to the guide, and where it is (paper review 35, d-4).
        howto += (f" The talking points and discussion questions for each step, and how to run the closing exercise: "
                  f"the session plans in the facilitator guide, printed from the site "
                  f"({(site.site_url + guide.url).split('://', 1)[-1]}).")
    if not key and not site.placeholder:  # while the address is a placeholder, the codes lead nowhere
        howto += " Each section is online too: scan its code or type its address."
    home = site.pages[0]
    title = site.config.get("site_name", home.title)
    lines = lines or [_pack_lines(section)[0] for section in sections]
    return _template(site, PACK_TEMPLATE, qr_codes=not key, key=key, howto=markupsafe.Markup(inline(_tied(howto))),
                     material=printing.MATERIALS[material],
                   title=title, subtitle=_subtitle(home, title), site_url=site.site_url,
                   lead=markupsafe.Markup(inline(_tied(printing.MATERIAL_CONTENTS[material][0].upper()
                                                       + printing.MATERIAL_CONTENTS[material][1:] + "."))),
                   date=dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date(),
                   sections=[_pack_section(section, each) | {"handout": (handout or {}).get(section.id, "")}
                             for section, each in zip(sections, lines)],
                   settings=settings or [""] * len(sections),
                   run_sheets=teaching.run_sheets(site) if key and whole else [],
                   run_sheet_note=RUN_SHEET_NOTE)


FACILITATOR_GUIDE = "facilitator-guide.md"
# Under each run sheet's title (pack.html): where its steps are given whole.
RUN_SHEET_NOTE = ("Each step's talking points, questions and how to run it are in the session plan of the same length "
                  "in the facilitator guide.")


def _pack_section(section: Section, lines: list[int]) -> dict:
    """A section as the pack template reads it, `lines[m]` ruled lines under case question m."""
    meta = section.page.meta
    safe = lambda text: markupsafe.Markup(inline(_tied(text)))  # noqa: E731 (escaped, its emphasis kept)
    case, notes = meta["case"], meta["facilitator"]
    answers, debrief = teaching.answers_and_debrief(case)
    # A stem followed by "(objective N)" in the key: its last word joined to that by a no-break space
    # (pack.html), and to the word before it (_tied), so that a stem's last line holds two of its words
    # and the note, not "it. (objective 3)" alone (paper review 29, finding 8).
    stem = lambda text: markupsafe.Markup(inline(_tied(text)))  # noqa: E731
    items = [{"question": safe(item["question"]), "stem": stem(item["question"]), "assesses": teaching.objectives_named(item.get("assesses")),
              "anchor": item_anchor(section.page, number), "end": item_anchor(section.page, number, end=True),
              "options": [{"letter": printing.OPTION_LETTERS[n], "text": safe(option["text"]), "why": safe(option["why"]),
                           "right": n + 1 == item["answer"]} for n, option in enumerate(item["options"])]}
             for number, item in enumerate(meta["self_check"], 1)]
    return {"id": section.id, "title": section.page.title, "exercise_titles": exercise_titles(section), "url": section.url, "short_url": section.short_url,
            "qr": section.qr, "objectives": [safe(o) for o in meta["objectives"]], "case_title": safe(case["title"]),
            "story": safe(case["story"]), "answers": [safe(p) for p in answers], "debrief": [safe(p) for p in debrief],
            "questions": [{"text": safe(q["question"]), "stem": stem(q["question"]), "assesses": teaching.objectives_named(q.get("assesses")),
                           "lines": room} for q, room in zip(case["questions"], lines)],
            "self_check": items, "at_a_glance": printing.answers_at_a_glance(meta["self_check"]),
            "exercises": _exercises(section),
            "listen_for": [safe(line) for line in notes["listen_for"] if not _EXERCISE_ANSWER.match(line)],
            "exercise_answers": _exercise_answers(section, notes["listen_for"], safe),
            "misconceptions": [safe(line) for line in notes["misconceptions"]]}


# A facilitator's note that is the model answer to the section's closing exercise: the key prints it
# under a heading of its own, as it does every case's (paper review 34: a fourth bullet of "What to
# listen for", hard to find).
_EXERCISE_ANSWER = re.compile(r"A model answer to the exercise \(ours\):\s*")


def _exercise_answers(section: Section, listen_for: list[str], safe) -> list[dict]:
    """[{"heading": "Model answer: your answer to the key question (ours)", "text": …}]: the model
    answer to each of the section's exercises, titled by the exercise's own heading (_exercises)."""
    from bs4 import BeautifulSoup

    answers = [_EXERCISE_ANSWER.sub("", line, count=1) for line in listen_for if _EXERCISE_ANSWER.match(line)]
    if not answers:
        return []
    titles = [title for title, _ in exercise_titles(section)] or ["The exercise"]
    return [{"heading": f"Model answer: {title[:1].lower()}{title[1:]} (ours)", "text": safe(text)}
            for title, text in zip(titles + titles[-1:] * len(answers), answers)]


def exercise_titles(section: Section) -> list[tuple[str, str]]:
    """[(title, anchor)] of the section's exercises as the pack prints them (_exercises): the
    exercise's own title less its label ("Exercise: your answer to the key question" -> "Your
    answer to the key question"), and the id of the heading over it."""
    from bs4 import BeautifulSoup

    out, anchor = [], ""
    for block in _exercises(section):
        cut = BeautifulSoup(block, "html.parser")
        if cut.find("h3") is not None and cut.find("h3").get("id"):
            anchor = cut.find("h3")["id"]
        title = cut.select_one(".admonition-title")
        if title is None:
            continue
        words = " ".join(title.get_text(" ", strip=True).split()).split(":", 1)[-1].strip()
        out.append((words[:1].upper() + words[1:], anchor))
    return out


def _exercises(section: Section) -> list[markupsafe.Markup]:
    """The section's exercises with their ruled lines and the heading over them, as its handout
    chapter and sheet print them (extract: one source): the Conclusion's closing exercise, "Your
    answer" to the key question, which every session plan runs (paper review 27: the pack, where
    learners write, left it out)."""
    from bs4 import BeautifulSoup

    cut = BeautifulSoup(extract(section.page_html, section.id, more=dict(section.more)), "html.parser")
    for paragraph in cut.select(".admonition > p:not(.admonition-title), .admonition li"):  # last two words together (_tied)
        last = next((text for text in reversed(paragraph.find_all(string=True)) if text.strip()), None)
        if last is not None and " " in last.strip():
            head, word = last.rstrip().rsplit(None, 1)
            last.replace_with(f"{head}\u00a0{word}{last[len(last.rstrip()):]}")
    blocks = []
    for room in cut.select(".write-in--notes"):
        block = room.find_parent(class_="case-block")
        heading = block.find_previous_sibling()
        blocks += [str(heading)] if heading is not None and heading.name == "h3" else []
        blocks.append(str(block))
    return [markupsafe.Markup(block) for block in blocks]


def _tied(text: str) -> str:
    """`text` (front matter's Markdown) with its last two words joined by a no-break space: a
    paragraph never ends with a word alone on its line (paper review 18: a misconception's "is.").
    As an entity, which markup.inline keeps: it folds white space, U+00A0 with it."""
    return "&nbsp;".join(text.rsplit(None, 1))


def _template(site: Site, template_file: Path, qr_codes: bool = True, **values) -> str:
    """The document's HTML; `qr_codes`: whether it prints any (its placeholder notice says so)."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    try:
        template = env.get_template(template_file.name)
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutError(site.rel(template_file), exc.lineno, f"the handout template is broken: {exc.message}") from exc
    fonts = [(family, style, weight, (FONT_DIR / file).as_uri()) for (family, style, weight), file in FONTS.items()]
    notice = markupsafe.Markup(printing.placeholder_notice(site, paper=True, qr_codes=qr_codes))
    return template.render(fonts=fonts, notice=notice, continued=continued, talk_chapter=printing.TALK_CHAPTER, **values)


def _subtitle(home: Page, title: str) -> str:
    """What the home page's description calls the talk, less the site's name: its edition."""
    match = re.search(r'"([^"]+)"', home.description)
    talk = match.group(1) if match else ""
    return talk[len(title):].strip(" –-:") if talk.startswith(title) else talk


def _check_fonts() -> None:
    missing = sorted({file for file in FONTS.values() if not (FONT_DIR / file).is_file()})
    if missing:
        raise HandoutError(str(FONT_DIR), 1, f"fonts missing for the handout: {', '.join(missing)}",
                           "install them with 'apt-get install fonts-dejavu-core fonts-dejavu-extra'")


def _rendered(page: Page, site: Site, site_dir: Path) -> str:
    """The page as MkDocs rendered it: what paper is cut from."""
    try:
        return (site_dir / page.url / "index.html").read_text(encoding="utf-8")
    except OSError as exc:
        raise HandoutError(site.rel(site.docs_dir / page.src), 1,
                           f"rendered page {page.url}index.html cannot be read: {exc.strerror}") from exc


def _glossary(site: Site) -> list[dict]:
    """Each term ({id, name, definition}) with the one definition paper prints (printing.definition:
    the glossary's rendering, its emphasis kept), as the browser print's terms list has it."""
    return [{"id": term.id, "name": term.name, "definition": markupsafe.Markup(printing.definition(term))}
            for term in site.glossary]


def _section(page: Page, site: Site, site_dir: Path) -> Section:
    import segno

    text = _rendered(page, site, site_dir)
    url = site.site_url + page.url
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=0)
    # The section's terms, from the whole page; a sheet or chapter names those its cut prints
    # (Section.printed_terms).
    terms = printing.terms_used(text, site)
    return Section(page, section_id(page), url, url.split("://", 1)[-1], qr, text, terms)


def section_id(page: Page) -> str:
    """The id of a section's element in a printed document (its PDF anchor)."""
    return "s-" + (page.url.strip("/").replace("/", "-") or "home")


def item_anchor(page: Page, number: int, end: bool = False) -> str:
    """The PDF anchor at the top of self-check item `number` (from 1) of `page`'s section in a pack,
    or (`end`) at its last line: tests measure an item by them."""
    return f"{section_id(page)}-item-{number}{'-end' if end else ''}"


def extract(page_html: str, section_id: str, site: Site | None = None, fit: int = 0, room: int = ROOM[0],
            more: dict | None = None, page_start: int = 0, explained: bool = False, recap: bool = True) -> str:
    """The printed cut of one rendered page, as HTML with paper-friendly links; `fit` (FITS) leaves
    out its figures, then also its tables and our notes on them (_LEFT_OUT); `room` ruled lines follow
    the case, an exercise two a part (LINES_AN_ASK), and `more` adds lines to a
    write-in by its number. The case comes last in a handout chapter, as a worksheet's exercise;
    a sheet prints its takeaways after its discussion (side 1) and its case alone on side 2. `page_start`: the block
    (by number) that starts a new page (Section.page_start). `explained` (a handout chapter): also
    everything outside the teaching parts, in page order, from the paragraph after the title on:
    our explanations, set as running text (only our notes on tables are marked "ours")."""
    from bs4 import BeautifulSoup, Comment

    # Parse only the article: the rest of a Material page (navigation, search) is most of it.
    start, end = page_html.find("<article"), page_html.rfind("</article>")
    if start < 0 or end < 0:
        raise HandoutError("site", 1, f"no <article> in the rendered page of section {section_id}")
    article = BeautifulSoup(page_html[start:end + len("</article>")], "html.parser").article
    for node in article.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for node in article.select(_DROP):
        node.decompose()
    for wrapper in article.select(".ts-heading"):  # copy_links' heading + button: the heading alone
        wrapper.unwrap()
    _relink(article, section_id, _page_titles(page_html))
    for quote in article.find_all("blockquote"):
        if _SPACED_COMMA.search(quote.get_text()) and quote.cite:
            note = article.new_tag("span", attrs={"class": "sic"})
            note.string = f" ({SPACED_COMMA_NOTE})"
            quote.cite.insert_after(note)

    kept: list = []
    exercise: list = []  # the case: printed after the other parts
    summary: list = []  # a sheet's takeaways: printed after its case
    after: list = []  # what the page has after its case outside the teaching parts (further reading)
    closing = None  # where in `kept` the closing parts (takeaways, discussion) start: `after` goes before them
    pending: list = []  # headings waiting for content to keep
    titled = False  # past the page's title: what comes before it (print buttons, icons) is the screen's
    part = ""  # the id of the h2 the walk is in ("" before the first)
    for node in article.find_all(recursive=False):
        titled = titled or node.name == "h1"
        if node.name == "h2":
            part = node.get("id", "")
        kept_part = part if part in _KEEP_SECTIONS else ""  # a teaching part printed whole
        explains = explained and titled and node.name != "h1" and part not in teaching.PARTS
        if node.name in ("h2", "h3"):
            pending = [h for h in pending if _level(h) < _level(node)] + [node]
            if kept_part in _CLOSING and closing is None:
                closing = len(kept)
        elif kept_part == "case" and "ts-case" not in _classes(node):
            continue  # on paper the case itself: the page's words around it speak of the screen
        elif kept_part or explains or _keep(node, fit):
            if node.name == "p" and not kept_part and _keep(node, fit):
                node["class"] = node.get("class", []) + ["ours"]
            if kept_part == "case":
                # Last on paper, as a worksheet's exercise: with its room to write it is the
                # section's largest block, and a side is often fuller with the short parts before it.
                exercise += pending + [_with_room(article, node, "Your answer", lines=room, more=more)]
                pending = []
                continue
            if _classes(node) & _WRITE_IN:
                parts = len(node.select("ol > li, ul > li")) or 1  # two lines a part; a side's spare room adds more
                node = _with_room(article, node, "Your notes", "write-in--notes", EXERCISE_LINES * parts, more)
            if kept_part == "takeaways" and not explained:
                # A sheet's takeaways recap the reading on side 1, after the discussion questions;
                # side 2 is the case alone. Under the answer lines they gave answers away (paper
                # review 33, finding 1; review 40 (a) 1: Focus, Roles and Conclusion).
                summary += pending + [node]
            else:
                (after if exercise and not kept_part else kept).extend(pending + [node])
            pending = []
    if closing is not None:
        # With our explanations, before the takeaways: alone after the case, Synergies' further
        # reading took a fourth side for four lines (paper review 15).
        kept[closing:closing], after = after, []
    for node in kept:  # a sentence that introduces what follows ("...(1985, p. 21):") never ends a page
        if node.name == "p" and node.get_text().rstrip().endswith(":"):
            node["class"] = node.get("class", []) + ["lead-in"]
        elif node.name == "p" and _QUOTED_LEAD_IN.search(node.get_text()):  # ... nor a line, the quote in it
            node["class"] = node.get("class", []) + ["lead-in--inline"]
    if not explained:  # a sheet leaves the page's further reading out: its citations give the title
        _cite_titles(article, kept + exercise + summary)
    if explained:  # a sheet keeps its tables as tables: in two sides, a list's room would cost it the table
        kept = [_as_list(article, node) if node.name == "table" else node for node in kept]
        _retitle_lists(kept)
    # Our note follows its table: set above it (Competencies' "The table is ours"), it read as a
    # note on what came before (paper review 31).
    for n in range(len(kept) - 1):
        if kept[n].name == "p" and "ours" in _classes(kept[n]) and _is_table(kept[n + 1]):
            kept[n], kept[n + 1] = kept[n + 1], kept[n]
    if exercise and not explained and recap and summary:
        # A sheet that recaps its reading on side 1 starts side 2 with its case, alone there; every
        # sheet gives a line for the learner's name and group under the case's heading (the side a
        # learner hands in), and its answer lines run across the page (handout.css).
        exercise[0]["class"] = exercise[0].get("class", []) + ["sheet-case"]
    if exercise and not explained:
        exercise.insert(len(exercise) - 1, _name_line(article))
    blocks = _paired(article, kept + (summary if recap else []) + exercise + after, labels=not explained)
    if page_start:
        blocks[page_start]["class"] = blocks[page_start].get("class", []) + ["page-start"]
    return "\n".join(_tidy(node, section_id) for node in blocks)


# A Further reading entry: "Warren Bennis and Burt Nanus, *Leaders: …*, Harper & Row, 1985, p. 21."
_READING_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b(?:,\s*(pp?\.\s*[\d–-]+))?")


def _cite_titles(article, nodes: list) -> None:
    """On a sheet, which leaves the page's Further reading out, each "Bennis and Nanus (1985)" in
    `nodes` with the title and page that the page's Further reading gives the work: "Bennis and Nanus
    (*Leaders: The Strategies for Taking Charge*, 1985, p. 21)" (paper review 34: a claim from outside
    the talk names its source by author, title and year). From the page's own entry, never retyped."""
    heading = article.find(id="further-reading")
    entries = heading.find_next_sibling(["ul", "ol"]) if heading is not None else None
    for entry in entries.find_all("li", recursive=False) if entries is not None else []:
        title = entry.find("em")
        if title is None:
            continue
        authors = title.find_previous_siblings(string=True)
        names = " ".join(text for text in reversed(authors)).strip(" ,")
        surnames = [name.split()[-1] for name in re.split(r",\s*|\s+and\s+", names) if name.split()]
        after = "".join(str(text) for text in title.find_next_siblings(string=True))
        year = _READING_YEAR.search(after)
        if not surnames or year is None:
            continue
        cited = re.compile(rf"\b{' and '.join(map(re.escape, surnames))} \({year.group(1)}\)")
        page = f", {year.group(2)}" if year.group(2) else ""
        for node in nodes:
            for text in node.find_all(string=cited) if hasattr(node, "find_all") else []:
                head, tail = cited.split(str(text), maxsplit=1)
                emphasis = article.new_tag("em")
                emphasis.string = title.get_text()
                text.replace_with(head + f"{' and '.join(surnames)} (", emphasis, f", {year.group(1)}{page}){tail}")


def _with_room(article, node, label: str, modifier: str = "", lines: int = ROOM[0], more: dict | None = None):
    """The block (a case, an exercise) and ruled room to write after it, kept on one page."""
    block = article.new_tag("div", attrs={"class": "case-block"})
    node.wrap(block) if node.parent else block.append(node)
    number = len(article.select(".write-in"))  # counted in page order, before the case moves last
    # A case's room is numbered by its questions, each its share of the lines (_shares), as the pack
    # rules each question's own (paper review 34: one shared block for four questions left a learner
    # guessing how much to write, and a trainer hunting for answer 3).
    questions = [] if modifier else node.select("ol > li")
    asks = [LINES_TWO_ASKS if _TWO_ASKS.search(" ".join(q.get_text(" ").split())) else LINES_AN_ASK for q in questions]
    block.append(_write_in(article, label, modifier, lines + (more or {}).get(number, 0), number, asks))
    return block


def _name_line(article):
    """A sheet's "Name ____ Group ____" line, ruled as the pack cover's owner line is."""
    line = article.new_tag("p", attrs={"class": "sheet-name"})
    for label, modifier in (("Name", " cover__field--long"), ("Group", "")):
        line.append(label)
        line.append(article.new_tag("span", attrs={"class": f"cover__field{modifier}"}))
    return line


def _shares(lines: int, asks: list[int]) -> list[int]:
    """`lines` shared out between questions: SHEET_LINES_A_QUESTION each where they go round (else as
    many each as do), what is left in proportion to what each asks (`asks`, LINES_AN_ASK or
    LINES_TWO_ASKS), a line left over to the question that asks more, then the earlier one."""
    base = min(SHEET_LINES_A_QUESTION, lines // len(asks))
    rest = lines - base * len(asks)
    each = [base + rest * ask // sum(asks) for ask in asks]
    order = sorted(range(len(asks)), key=lambda m: (-asks[m], m))
    for n in range(lines - sum(each)):
        each[order[n % len(order)]] += 1
    return each


def _paired(article, kept: list, labels: bool = True) -> list:
    """A sub-section heading followed by the speaker's words (the competencies) as one row of a
    two-column grid (handout.css .pair): the label beside its quote, never split. Without `labels`
    (a handout chapter, where our explanation follows each quote) the heading stays above its
    quote, as on the page."""
    out: list = []
    for node in kept:
        if labels and node.name == "blockquote" and out and (out[-1].name == "h3" or "pair" in _classes(out[-1])):
            if out[-1].name == "h3":
                pair = article.new_tag("div", attrs={"class": "pair"})
                quotes = article.new_tag("div", attrs={"class": "pair__quotes"})
                pair.append(out.pop())
                pair.append(quotes)
                out.append(pair)
            out[-1].find("div", class_="pair__quotes").append(node)
        else:
            out.append(node)
    # A run of rows is one table-like block (rows never split), which never leaves its first or
    # last row alone on a side (handout.css); a table and our note beside it are one block too, on
    # a sheet the note after the table (paper review 17: Synergies' sheet alone had it before).
    grouped: list = []
    for node in out:
        kind = "pairs" if "pair" in _classes(node) else "table-block" if _in_table_block(node) else ""
        if kind and grouped and kind in _classes(grouped[-1]) and (kind == "pairs" or _joins(grouped[-1], node)):
            if labels and _is_table(node):  # a sheet prints our note after its table, wherever the page has it
                grouped[-1].insert(0, node)
            else:
                grouped[-1].append(node)
        elif kind:
            block = article.new_tag("div", attrs={"class": kind})
            block.append(node)
            grouped.append(block)
        else:
            grouped.append(node)
    heading = ""  # the latest heading: a figure may stand between it and its rows (the handout's)
    for block in grouped:
        if getattr(block, "name", None) in ("h2", "h3"):
            heading = block.get_text(" ", strip=True)
        rows = block.find_all("div", class_="pair", recursive=False) if "pairs" in _classes(block) else []
        if rows:
            rows[0]["class"] = rows[0]["class"] + ["pair--first"]
            rows[-1]["class"] = rows[-1]["class"] + ["pair--last"]
            # Where the rows run on overleaf, the sides say so (handout.css, the named string "runon").
            rows[0].h3["data-runon"] = continued(heading or "The list")
    return grouped


def _term_forms(page_html: str, term) -> set[str]:
    """The words that name `term` on a rendered page, lower case: its name, and the text of each
    link to it there ("key choices", "directing")."""
    links = re.findall(rf'<a href="[^"#]*#{re.escape(term.id)}" class="term"[^>]*>(.*?)</a>', page_html, re.S)
    return {" ".join(re.sub(r"<[^>]+>", "", text).split()).lower() for text in [term.name, *links]} - {""}


def _form_pattern(form: str) -> str:
    """A term's words as printed text may inflect them: "customer expectations" is used as the
    quote's "customers’ expectations" (a plural or possessive ending on any word)."""
    return r"\b" + r"\s+".join(re.escape(word) + r"(?:['’]?s)?['’]?" for word in form.split())


def continued(what: str) -> str:
    """The running head of a side that continues `what` (a list of quotes, a key's item)."""
    return f"{what} (continued)"


# A table whose cells run to paragraphs (the conclusion's recap: about 500 characters a cell) set
# 90 characters a line at 9 pt across the page; the handout prints it as a list at the body's size
# and measure instead, each row its label then its cells, in the table's own words (paper review 14).
LONG_CELL = 200


def _as_list(article, table):
    """The table as a list of its rows (dl.table-list) where a cell is longer than LONG_CELL, else
    the table."""
    rows = [row.find_all(["th", "td"]) for row in table.find_all("tr") if row.find("td")]
    if not any(len(cell.get_text()) > LONG_CELL for row in rows for cell in row):
        return table
    listed = article.new_tag("dl", attrs={"class": "table-list"})
    for label, *cells in rows:
        row = article.new_tag("div", attrs={"class": "table-list__row"})
        for name, cell in [("dt", label)] + [("dd", cell) for cell in cells]:
            cell.name = name
            cell.attrs = {}
            row.append(cell.extract())
        listed.append(row)
    table.replace_with(listed)
    return listed


# A heading that calls what it leads a table, where the table prints as a list: its words on paper
# ("… in one table" -> "… in brief"); its id, the anchor online, stays.
_TABLE_TITLE = ((re.compile(r"\bin (?:one|a) table\b"), "in brief"), (re.compile(r"\btable\b"), "list"))


def _retitle_lists(kept: list) -> None:
    """The heading over each table printed as a list (_as_list; our note on it may stand between),
    in words that hold for a list."""
    heading = None
    for node in kept:
        if node.name in ("h2", "h3"):
            heading = node
        elif "table-list" in _classes(node) and heading is not None:
            title = heading.get_text()
            for pattern, words in _TABLE_TITLE:
                title = pattern.sub(words, title, count=1)
            heading.string = title
            heading = None
        elif not _in_table_block(node):
            heading = None


def _is_table(node) -> bool:
    return node.name == "table" or "table-list" in _classes(node)


def _in_table_block(node) -> bool:
    return _is_table(node) or (node.name == "p" and "ours" in _classes(node))


def _joins(block, node) -> bool:
    """Whether node goes into the table block before it: a note and its table, one of each."""
    children = block.find_all(recursive=False)
    return len(children) == 1 and _is_table(children[0]) != _is_table(node)


def _level(heading) -> int:
    return int(heading.name[1])


def _classes(node) -> set[str]:
    return set(node.get("class") or [])


def _keep(node, fit: int = 0) -> bool:
    if fit >= _LEFT_OUT.get(node.name, len(FITS)):
        return False
    if node.name in _KEEP_ELEMENTS:
        return True
    if node.name == "div" and "admonition" in _classes(node):
        return bool(_classes(node) & _KEEP_ADMONITIONS)
    # Our note on a table sits right before or after it ("The last two rows are our reading");
    # a paragraph that opens with a bold label ("In plain words:") is an explanation, kept online.
    return (node.name == "p" and not _labelled(node) and fit < _LEFT_OUT["table"]
            and any(_sibling(node, step) == "table" for step in ("previous", "next")))


def _labelled(paragraph) -> bool:
    first = next((c for c in paragraph.contents if not (isinstance(c, str) and not c.strip())), None)
    return getattr(first, "name", None) == "strong"


def _sibling(node, step: str) -> str:
    """The tag name of the element beside node (Material wraps tables in a div)."""
    other = getattr(node, f"find_{step}_sibling")()
    if other is None:
        return ""
    if other.name == "div" and "md-typeset__scrollwrap" in _classes(other):
        return "table"
    return other.name


def _write_in(article, label: str, modifier: str, lines: int, number: int, asks: list[int] | None = None):
    """Ruled room to write in, on paper only: its label, then `lines` lines, each a rule of its own
    so every printer draws them alike; `number` names it to _room_left. With `asks` (a case's
    questions, what each asks), the lines are shared out (_shares), each question's first line
    opening with its number; lines added at the foot of a side (_room_left) go to the last."""
    box = article.new_tag("div", attrs={"class": f"write-in {modifier}".strip(), "data-write-in": str(number)})
    title = article.new_tag("p", attrs={"class": "write-in__label"})
    title.string = label
    box.append(title)
    firsts, at = {}, 0
    if asks and len(asks) > 1 and lines >= len(asks):
        for n, share in enumerate(_shares(lines, asks), 1):
            firsts[at] = n
            at += share
    for line in range(lines):
        rule = article.new_tag("div", attrs={"class": "write-in__line"})
        if line in firsts:
            rule["class"] = ["write-in__line", "write-in__line--first"]
            mark = article.new_tag("span", attrs={"class": "write-in__number"})
            mark.string = f"{firsts[line]}."
            rule.append(mark)
        box.append(rule)
    return box


def _tidy(node, section_id: str) -> str:
    for heading in [node, *node.find_all(["h2", "h3"])]:
        if heading.name in ("h2", "h3"):
            heading.name = {"h2": "h3", "h3": "h4"}[heading.name]  # the section title is the document's h2
    for element in [node, *node.find_all(id=True)]:
        if element.get("id"):
            element["id"] = f"{section_id}-{element['id']}"  # unique in the full handout
    for element in node.find_all(attrs={"aria-labelledby": True}):
        element["aria-labelledby"] = " ".join(f"{section_id}-{i}" for i in element["aria-labelledby"].split())
    return str(node)


# A page's title, as the rendered page's navigation gives it, by its link: {"../definitions/": "Definitions"}.
_NAV_LINK = re.compile(r'<a href="([^"#]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*(.*?)\s*</span>', re.S)


def _page_titles(page_html: str) -> dict[str, str]:
    return {path: html_text.unescape(title) for path, title in _NAV_LINK.findall(page_html)}


def _relink(article, section_id: str, titles: dict[str, str] | None = None) -> None:
    """Links on paper: glossary terms point into the appendix, a link that names another section
    (its text the section's title, `titles`) refers to its page (_xrefs_resolved), other site links
    become text: "two synergies, p. 13" read as a slip mid-sentence."""
    glossary_stem = GLOSSARY_PAGE[: -len(".md")]
    for link in article.select("a[href]"):
        href = link["href"]
        if re.match(r"[a-z]+:", href):
            continue  # an external link: the template prints its target after the text
        path, _, fragment = href.partition("#")
        if path.rstrip("/").endswith(glossary_stem) and fragment:
            link.attrs = {"href": f"#term-{fragment}", "class": "term"}
        elif not path and fragment:
            link.attrs = {"href": f"#{section_id}-{fragment}"}
        elif (titles or {}).get(path) != " ".join(link.get_text().split()):
            link.unwrap()  # a word linked in a sentence, or an attribution ("paragraph 8 of the talk")
        else:  # a section named: in a document that prints it, its page (_xrefs_resolved)
            slug = path.strip("./").replace("/", "-").removesuffix(".md") or "home"
            target = f"s-{slug}" + (f"-{fragment}" if fragment else "")
            link.attrs = {"href": f"#{target}", "class": "xref", "data-section": f"s-{slug}"}


# A link to another section (`_relink`): "(see Definitions)" and "quoted in full on Modern
# competencies" are web cross-references; paper review 31 could not follow them. Where the document
# prints the target, handout.css adds its page ("Definitions, p. 9"); where it does not (a sheet),
# the link is plain text, the section's name, as before.
_XREF = re.compile(r'<a ([^>]*\bclass="xref"[^>]*)>(.*?)</a>', re.S)


def _xrefs_resolved(html: str) -> str:
    """`html` with each link to another section pointing at what the document prints of it: the
    part linked, else the section's start, else (not printed here) no link. A handout chapter laid
    out alone (_render_section, no cover) keeps the room its page reference takes in the handout."""
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    chapter = '<body class="is-handout">' in html and 'class="cover"' not in html

    def resolved(m) -> str:
        attrs = dict(re.findall(r'([a-z-]+)="([^"]*)"', m.group(1)))
        wanted = (attrs.get("href", "").lstrip("#"), attrs.get("data-section", ""))
        target = next((t for t in wanted if t in ids), "")
        if target:
            return f'<a href="#{target}" class="xref">{m.group(2)}</a>'
        return m.group(2) + (",\u00a0p.\u00a000" if chapter else "")

    return _XREF.sub(resolved, html)


# A space before an inline element's start tag ("organising, <a>directing</a>,"): WeasyPrint 70
# counts a text's trailing space in its width (line_break.split_first_line, step 2), so a run that
# fits its line but for that space is taken as one that cannot, and is cut after its first word:
# Roles' "In plain words" set "planned" alone on a line (paper review P13). The same space inside
# the element, at its start, is the same break opportunity and collapses at a line's end as it
# should. Not into an element that must not break (white-space: nowrap: an address, an attribution).
_SPACE_BEFORE_INLINE = re.compile(r"(?<=[^\s>])[ \n]+(<(?:a|em|strong|i|b|abbr)\b(?![^>]*\bclass=\"[^\"]*\bbare\b)[^>]*>)")


def _spaces_into_inlines(html: str) -> str:
    """`html` with each space before an inline element's start tag moved inside it (above)."""
    return _SPACE_BEFORE_INLINE.sub(r"\1 ", html)


def _page_refs_tied(html: str) -> str:
    """`html` with a no-break space after "p." or "pp." before a page number: "p.⏎21" at a line's
    end read as a stray letter (paper review 21, the glossary's Efficiency entry)."""
    return re.sub(r"\b(pp?\.)\s+(?=\d)", "\\1\u00a0", html)


def _render(html: str, paper: str, site: Site, site_dir: Path):
    """The document laid out by WeasyPrint on `paper`, reading only what the build made (issue 10)."""
    import logging

    # WeasyPrint logs each rendering step, already on import; its warnings (a CSS property it
    # does not support, a missing image) still reach the build log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint

    size = weasyprint.CSS(string=f"@page {{ size: {paper}; }}")
    try:
        return weasyprint.HTML(string=_spaces_into_inlines(_page_refs_tied(_xrefs_resolved(html))), base_url=str(TEMPLATES), url_fetcher=fetch.handout_fetcher(
            site, [TEMPLATES, FONT_DIR, site_dir], TEMPLATE)).render(stylesheets=[size])
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no handout"
        raise HandoutError(site.rel(TEMPLATE), 1, f"WeasyPrint could not lay out a document ({paper}): "
                           f"{type(exc).__name__}: {exc}") from exc


def _write(document, out: Path, site: Site, paper: str) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        document.write_pdf(out)
    except Exception as exc:  # as in _render
        raise HandoutError(site.rel(TEMPLATE), 1, f"WeasyPrint could not make {out.name} ({paper}): "
                           f"{type(exc).__name__}: {exc}") from exc
    return out
