"""What a page needs on paper: the glossary terms it uses, and where its links go.

On screen a term's definition is a tooltip; paper has none. So the build appends to every page
that links a term a list of those terms (in order of first use) with their definitions. The
list is hidden on screen and printed by docs/assets/stylesheets/print.css.

Links to other sites are marked (``data-external``) so that print.css prints their address
after the text. The mark is made here because in the browser Material's instant navigation
rewrites internal links to absolute URLs, so CSS alone cannot tell them apart.
"""

from __future__ import annotations

import html
import posixpath
import re

from .glossary import Term
from .project import Site

# A term link as Glossary.decorate leaves it: <a href="…glossary/#id" class="term" title=…>.
_TERM_LINK = re.compile(r'<a href="[^"#]*#([a-z0-9-]+)" class="term"')
_EXTERNAL_LINK = re.compile(r'<a href="(?:https?:|mailto:)[^"]*"')


def for_print(page_html: str, site: Site, with_terms: bool = True, address: str = "", title: str = "",
              linked: list = (), layout: str = "", files: list = ()) -> str:
    """The page as the build publishes it for print: external links marked, terms listed, its
    address printed once under the title (paper has no address bar), the addresses of the pages it
    links to, the placeholder notice, the case's worksheet label (title: the page's) and the mark
    of its print layout, if it has one of its own (layout_mark)."""
    page_html = _EXTERNAL_LINK.sub(lambda m: m.group(0) + " data-external", page_html)
    page_html = long_tables(page_html)
    page_html = short_paragraphs(page_html)
    if address:
        line = f'<p class="ts-print-only ts-print-address">This page online: {html.escape(address)}</p>'
        end = page_html.find("</h1>")
        page_html = page_html[:end + 5] + line + page_html[end + 5:] if end >= 0 else line + page_html
    page_html = file_addresses(page_html, site) + page_addresses(linked, site, files)
    head = running_head(GUIDE_HEAD, every_side=True) if layout == GUIDE_LAYOUT else running_head(title)
    page_html = (head + layout_mark(layout) + placeholder_notice(site)
                 + worksheet_label(ruled(page_html), title))
    return append_terms(page_html, site, title) if with_terms else page_html


# A table in a browser print is kept whole only when it is short: estimated under about half an
# A4 side. A longer one runs on between rows, its header repeated (print.css, [data-ts-long]).
# The estimate, fitted to this site's nine tables printed at A4 (Chromium, 2026-12-07): 0.09 mm a
# character of text and 4.7 mm a row; it put Modern competencies' "At a glance" (printed 99 mm)
# at 112 and the conclusion's recap (125 mm) at 149. Kept whole by a count of rows (under
# thirteen), the recap moved whole overleaf and left a Letter side 53 % empty (browser-print review).
LONG_TABLE_MM = 130
_TABLE = re.compile(r"<table>(.*?)</table>", re.S)


def table_height_mm(table_html: str) -> float:
    """A table's estimated height in a browser print (LONG_TABLE_MM)."""
    text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(table_html)).split())
    return 0.09 * len(text) + 4.7 * len(re.findall(r"<tr[ >]", table_html)) + 4


def long_tables(page_html: str) -> str:
    """Every table of the page estimated taller than LONG_TABLE_MM marked `data-ts-long`."""
    return _TABLE.sub(lambda m: f"<table data-ts-long>{m[1]}</table>" if table_height_mm(m[1]) > LONG_TABLE_MM
                      else m[0], page_html)


# A paragraph of three lines or fewer at the running text's measure (about 75 characters a line)
# cannot split with two lines at least each side of a turn (print.css: orphans and widows 2), so
# it prints whole. Chromium does not apply orphans and widows to a flex item, which a section's
# paragraphs are in its print (the worksheet's order): "the competencies* describe.", the last of
# two lines, opened Modern competencies' Letter side 3 alone (browser-print review, finding 4).
SHORT_PARAGRAPH_CHARS = 3 * 75
_PARAGRAPH = re.compile(r"<p>((?:(?!</?p[ >]).)*?)</p>", re.S)


def short_paragraphs(page_html: str) -> str:
    """Every plain paragraph of SHORT_PARAGRAPH_CHARS characters of text or fewer marked `data-ts-short`."""
    def mark(match: re.Match) -> str:
        text = " ".join(re.sub(r"<[^>]+>", " ", html.unescape(match[1])).split())
        return f"<p data-ts-short>{match[1]}</p>" if len(text) <= SHORT_PARAGRAPH_CHARS else match[0]
    return _PARAGRAPH.sub(mark, page_html)


def running_head(title: str, every_side: bool = False) -> str:
    """The page's title for print.css's running head, over every side of its browser print but
    the first (paper review 19: a loose side of a section could not be told apart): a CSS custom
    property on the root, which Chromium resolves in a page's margin boxes. In the article, as
    instant navigation swaps it (the head stays the first page's); Material's search skips a
    style; the CSP allows inline styles. Every character but a letter, digit or space escaped.
    every_side: the first side carries it too (--ts-page-first), as the guide's does (GUIDE_HEAD)."""
    if not title:
        return ""
    text = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in title)
    first = f' --ts-page-first: "{text}";' if every_side else ""
    return f'<style>:root {{ --ts-page-title: "{text}";{first} }}</style>'


GUIDE_LAYOUT = "guide"
# The facilitator guide's running head, on every side of its browser print, the first too: from
# its section notes on, it prints every model answer and self-check key, and a side left on a
# table must say so (browser-print review, finding 5).
GUIDE_HEAD = "Facilitator guide \u2013 contains the answers"


def layout_mark(layout: str) -> str:
    """An empty, hidden element whose class names the page's print layout, first in its article:
    print.css keys a layout's rules by it (``.md-content__inner:has(> .ts-layout--guide)``), not by
    a heading's id that a new title would change. In the article, because MkDocs and Zensical both
    render it as the pipeline leaves it, where neither lets a page set its body's or article's class."""
    return f'<div class="ts-layout--{layout}" hidden></div>' if layout else ""


# A link in rendered HTML, with its classes (a term's link names the glossary: its list defines it).
_LINK = re.compile(r'<a href="([^"]*)"( class="[^"]*")?')
ADDRESSES_TITLE = "Addresses of the pages linked here"
ADDRESSES_AND_FILES_TITLE = "Addresses of the pages and files linked here"


def linked_pages(page_html: str, page, site: Site, base: str) -> list:
    """The other pages a rendered page links to, once each, in the site's reading order (its
    navigation's), not in order of first link: the glossary's, led by the terms' "Used in" lines,
    read as no order at all (paper review 22). base is what its links are relative to (MkDocs: the
    page's URL, a file's in the offline copy; Zensical: its source file)."""
    resolve = _page_of_link(site, base)
    found = []
    for href, classes in _LINK.findall(page_html):
        other = resolve(href, classes)
        if other is not None and other.src != page.src and other not in found:
            found.append(other)
    return sorted(found, key=site.pages.index)


def _page_of_link(site: Site, base: str):
    """A function giving the site's page a link (its href and class attribute) leads to, or None
    (a term's link, another site's, a file's, a link within the page)."""
    names = {}
    for other in site.pages:
        stem = other.src[:-3]
        names.update({other.src: other, stem + ".html": other, posixpath.normpath(other.url or "."): other})
        if stem.endswith("index"):
            names[posixpath.normpath(posixpath.dirname(stem) or ".")] = other
    folder = base if base.endswith("/") else posixpath.dirname(base)

    def resolve(href: str, classes: str | None):
        path = href.split("#", 1)[0]
        if not path or "term" in (classes or "") or ":" in path:
            return None
        return names.get(posixpath.normpath(posixpath.join(folder, path)))
    return resolve


def mark_page_links(page_html: str, page, site: Site, base: str) -> str:
    """Links to another page of the site marked (``data-page-link``): print.css sets a dagger
    after a cross-reference in a section's running text and before the title of the address list
    at the page's end, where paper finds the address ("(see Definitions)" read as a screen link on
    paper, paper review 31; the address itself mid-sentence read badly, paper review 18)."""
    resolve = _page_of_link(site, base)

    def mark(match: re.Match) -> str:
        other = resolve(match.group(1), match.group(2))
        return match.group(0) + " data-page-link" if other is not None and other.src != page.src else match.group(0)
    return _LINK.sub(mark, page_html)


SECTIONS_JSON = "sections.json"  # the sections as data, for course tools (talksite.sections)


def file_titles(site: Site) -> dict[str, str]:
    """What the address list calls each file the build publishes, by its site-relative path: a
    link's text ("A4 (PDF)") does not say whose file it is once the list gathers them."""
    titles = {material_file(name, paper): f"{label}, {PAPER_NAMES[paper]} (PDF)"
              for name, label in MATERIALS.items() for paper in PAPERS}
    for page in site.pages:
        if has_sheet(page):
            titles.update({sheet_file(page, paper): f"{page.title} sheet, {PAPER_NAMES[paper]} (PDF)"
                           for paper in PAPERS})
    titles[OFFLINE_ZIP] = "Offline copy (ZIP)"
    titles[SECTIONS_JSON] = "The sections as data (JSON)"
    return titles


def linked_files(page_html: str, site: Site, base: str) -> list[tuple[str, str]]:
    """The published files (PDFs, sections.json) a rendered page links to, as (title, path), in order
    of first link, but those whose address the page prints already (the guide's materials): paper
    has no link, so the address list names them as it names pages (paper review 21)."""
    titles = file_titles(site)
    folder = base if base.endswith("/") else posixpath.dirname(base)
    found = []
    for href, _ in _LINK.findall(page_html):
        path = href.split("#", 1)[0]
        if not path or ":" in path:
            continue
        name = posixpath.normpath(posixpath.join(folder, path)).lstrip("/")
        while name.startswith("../") and name not in titles:  # a file's source base (Zensical) lies above the root
            name = name[3:]
        if name in titles and (titles[name], name) not in found and html.escape(site.site_url + name) not in page_html:
            found.append((titles[name], name))
    return found


def page_addresses(pages: list, site: Site, files: list = ()) -> str:
    """Print only: each page and published file a page links to, by title and address, after it (a
    link's text names a page that paper lacks; its address after the link read badly mid-sentence,
    paper review 18)."""
    if not pages and not files:
        return ""
    # The address in a span of its own, never broken (a trainer types it): a line too long for
    # the measure wraps before it, not into the margin (paper review 28p, trainers side 8).
    url = '<span class="ts-print-links__url">{}</span>'.format
    lines = "".join(f"<li>{html.escape(p.title)}: {url(html.escape(site.site_url + p.url))}</li>" for p in pages)
    lines += "".join(f"<li>{html.escape(t)}: {url(html.escape(site.site_url + f))}</li>" for t, f in files)
    return (f'\n<div class="ts-print-only ts-print-links"><p class="ts-print-links__title">{ADDRESSES_AND_FILES_TITLE if files else ADDRESSES_TITLE}</p>'
            f'<ul>{lines}</ul></div>\n')


# A file named in running text, as Markdown renders `site-offline.zip`.
_CODE_NAME = re.compile(r"<code>([\w.-]+)</code>")


def printed_address(url: str) -> str:
    """' at https://…': where paper finds what a link or a file name leads to, after it on a printed
    page only (print.css): a trainer types it from paper."""
    return f'<span class="ts-print-only ts-print-inline"> at {html.escape(url)}</span>'


def file_addresses(page_html: str, site: Site) -> str:
    """Each file the build publishes at the site's root, named as code, followed on paper by its address."""
    published = generated_files(site) | {OFFLINE_ZIP}
    return _CODE_NAME.sub(lambda m: m[0] + printed_address(site.site_url + m[1]) if m[1] in published else m[0],
                          page_html)


# The case's heading as Markdown renders it (teaching.PARTS: every section page has one).
_CASE_HEADING = '<h2 id="case"'


def side_label(page_html: str, what: str, title: str, kind: str = "") -> str:
    """'Worksheet · Roles': a line over a side that a browser print sets apart (print.css) saying
    what it is and whose (title: the page's), for when it is handed out or filed alone; '' on a
    page without a case."""
    if not re.search(r'class="ts-case[" ]', page_html) or _CASE_HEADING not in page_html or not title:
        return ""
    classes = " ".join(filter(None, ("ts-print-only ts-side-label", kind)))
    return f'<p class="{classes}">{what} · {html.escape(title)}</p>'


def worksheet_label(page_html: str, title: str) -> str:
    """A browser print sets a section's case after its reading part, on a side of its own (print.css):
    its label goes over its heading."""
    label = side_label(page_html, "Worksheet", title, "ts-worksheet-label")
    return page_html.replace(_CASE_HEADING, label + _CASE_HEADING, 1) if label else page_html


# Ruled room on a page printed from the browser, each line an element print.css draws as a border
# (a repeating gradient dropped lines at some print scales): a case question's own (teaching.case)
# and the exercise's. The exercise gets three lines a step and one over (ten for the conclusion's
# three, as its sheet gives; four for three steps left its side two-thirds empty).
NOTES_LINES_A_STEP = 3
_EXERCISE = re.compile(r'(<div class="admonition example">(?:(?!<div).)*?)(</div>)', re.S)


def lines(count: int) -> str:
    """`count` ruled lines for the browser print, each an empty element print.css draws as a border."""
    return "<div></div>" * count


def ruled(page_html: str) -> str:
    """The exercise's notes ruled line by line for the browser print: the exercise is the page's
    own Markdown (an admonition), so its room is added here, after its steps."""
    return _EXERCISE.sub(lambda m: f'{m[1]}<div class="ts-print-only ts-notes"><p>Your notes</p>'
                                   f'{lines(NOTES_LINES_A_STEP * len(re.findall("<li[ >]", m[1])) + 1)}</div>{m[2]}',
                         page_html)


# An option's letter on paper, as the browser print counts them (print.css), the packs and keys.
OPTION_LETTERS = "ABCDEFGH"


def answers_at_a_glance(items: list) -> str:
    """'1 B · 2 A · …': a self-check's keys by item number and option letter (the guide, the key)."""
    return " · ".join(f"{n} {OPTION_LETTERS[item['answer'] - 1]}" for n, item in enumerate(items, 1))


def placeholder_notice(site: Site, paper: bool = False, qr_codes: bool = True) -> str:
    """What a page (or, shorter, a printout) says while site_url is a reserved example address:
    '' once it is real. A printout without QR codes (the trainer's key) names its addresses only."""
    if not site.placeholder:
        return ""
    host = html.escape(site.site_url.split("://", 1)[-1].rstrip("/"))
    if paper:
        what = f"the address {host} and the QR codes printed here are" if qr_codes else \
            f"the addresses printed here, at {host}, are"
        said = f"{what} placeholders that lead nowhere."
    else:
        said = (f"this copy's address, {host}, is a placeholder, so the addresses and QR codes it prints and the "
                "links copied from it lead nowhere until the site is published at its own address.")
    return f'<p class="ts-notice" role="note"><strong>Not yet published:</strong> {said}</p>'



def terms_used(page_html: str, site: Site) -> list[Term]:
    found: list[Term] = []
    for term_id in _TERM_LINK.findall(page_html):
        term = site.glossary.get(term_id)
        if term is not None and term not in found:
            found.append(term)
    return found


def definition(term: Term) -> str:
    """A term's definition as paper prints it, its emphasis kept (a book's title in italics): the
    one rendering (Term.markup) the browser print's terms list and the handout share (paper review
    17: the title printed plain in one, italic in the other)."""
    return term.markup or html.escape(term.plain)


# The list's title on paper: a browser print spreads the starred terms over several sides, so
# "on this page" (one web page, many sheets of paper) misleads a reader (paper review 15).
TERMS_TITLE = "* Terms used in this section"


def append_terms(page_html: str, site: Site, title: str = "") -> str:
    """The page with its print-only list of terms; unchanged when it uses none."""
    terms = terms_used(page_html, site)
    if not terms:
        return page_html
    entries = [f"<dt>{html.escape(t.name)}</dt><dd>{definition(t)}</dd>" for t in terms]
    # The last two go together (print.css): one alone on the last side wasted it (paper review 17).
    entries = "".join(entries[:-2]) + "<div>" + "".join(entries[-2:]) + "</div>"
    # Its title labels it: it ends the reading part on every page, under the addresses and before
    # the worksheet (paper review 21), so no side label says it is a side set apart.
    return (f'{page_html}\n<div class="print-terms">'
            f'<p class="print-terms__title">{TERMS_TITLE}</p><dl>{entries}</dl></div>\n')


# --- What the build prints to PDF, and where each file goes in the site -----------------------

# Paper sizes: A4 is the default, linked from every page; US Letter sits beside it.
PAPERS = {"A4": "", "letter": "-letter"}  # paper -> file name suffix
PAPER_NAMES = {"A4": "A4", "letter": "US Letter"}  # paper -> what a link to its PDF says
HANDOUT = "handout"  # handout.pdf, handout-letter.pdf: every section, cover and glossary
SHEETS = "sheets"  # sheets/roles.pdf, sheets/roles-letter.pdf: one section, one sheet
OFFLINE_ZIP = "site-offline.zip"  # the offline copy (talksite.offline), beside the PDFs at the site's root

# The printed materials of a session, by the name a session plan's step uses ('materials:'): each
# is one PDF per paper size at the site's root. The check refuses a plan naming any other.
MATERIALS = {HANDOUT: "Handout", "participant-pack": "Participant pack", "trainer-key": "Trainer's key"}
# The handout's first chapter, the one a plan's reading step uses: its title on paper (handout.html)
# and in the plan step that hands the handout out (teaching.session_plan). It is the talk page's own
# title, so the site, the handout and the plans use one name (test_paper checks the two agree).
TALK_CHAPTER = "The full talk"
MATERIAL_CONTENTS = {  # what each holds, as the facilitator guide and sections.json say it
    HANDOUT: f"{TALK_CHAPTER.lower()}; every section's quotes with our explanations, tables and figures, objectives, "
             f"takeaways, discussion questions and case; and the glossary",
    "participant-pack": "every section's case with room to answer, its self-check without the answers, "
                        "and the closing exercise with room to write",
    "trainer-key": "for the trainer: the objectives, the model answers, the self-check key with the "
                   "feedback for every option, what to listen for and common misconceptions",
}


def has_sheet(page) -> bool:
    """A teaching section (a page with objectives) gets a sheet of its own and a handout chapter."""
    return bool(page.meta.get("objectives"))


def material_file(name: str = HANDOUT, paper: str = "A4") -> str:
    """A printed material's path in the site, e.g. 'participant-pack.pdf' or 'handout-letter.pdf'."""
    return f"{name}{PAPERS[paper]}.pdf"


def handout_file(paper: str = "A4") -> str:
    return material_file(HANDOUT, paper)


def sheet_file(page, paper: str = "A4") -> str:
    """The section sheet's path in the site, e.g. 'sheets/roles.pdf' (A4) or 'sheets/roles-letter.pdf'."""
    slug = page.url.strip("/").replace("/", "-") or "home"
    return f"{SHEETS}/{slug}{PAPERS[paper]}.pdf"


def generated_files(site: Site) -> set[str]:
    """Every PDF the build writes into the site, by its site-relative path."""
    files = {material_file(name, paper) for name in MATERIALS for paper in PAPERS}
    for page in site.pages:
        if has_sheet(page):
            files |= {sheet_file(page, paper) for paper in PAPERS}
    return files
