"""Faithfulness: the talk appears word for word, on the page of its section, shown as quotes."""

from __future__ import annotations

import re
import string

import pytest
from conftest import ROOT

TRANSCRIPT = (ROOT / "docs" / "transcript.txt").read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _paragraphs() -> list[str]:
    blocks = [_norm(b) for b in re.split(r"\n\s*\n", TRANSCRIPT) if b.strip()]
    return blocks[1:]  # the first block is the talk's title


def _sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.?!])\s+", paragraph)


def _quotes(soup) -> list[str]:
    """The speaker's words on a built page: blockquote text without its attribution line."""
    found = []
    for quote in soup.select("article blockquote"):
        for cite in quote.select("cite"):
            cite.parent.decompose()
        found.append(_norm(quote.get_text(" ")))
    return found


def test_every_sentence_is_on_the_full_talk_page(built):
    text = _norm(built.html("talk/").select_one("article").get_text(" "))
    for paragraph in _paragraphs():
        for sentence in _sentences(paragraph):
            assert sentence in text, f"missing from the full talk: {sentence!r}"


def test_every_paragraph_has_an_id_and_links_to_a_section_that_quotes_it(built):
    article = built.html("talk/").select_one("article")
    for number, paragraph in enumerate(_paragraphs(), 1):
        element = article.select_one(f"#p{number}")
        assert element is not None, f"paragraph {number} has no id p{number}"
        assert _norm(element.get_text(" ")) == paragraph
        ref = element.find_next_sibling("p")
        links = [a["href"] for a in ref.select("a[href]") if not a["href"].startswith("#")]
        assert links, f"paragraph {number} links to no section"
        target, fragment = built.resolve("talk/", links[0])
        assert target.is_file(), f"paragraph {number} links to a missing page {links[0]}"
        from bs4 import BeautifulSoup

        page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
        if fragment:
            assert page.find(id=fragment), f"paragraph {number}: no #{fragment} in {links[0]}"
        assert any(q in paragraph for q in _quotes(page)), f"{links[0]} does not quote paragraph {number}"


def test_every_statement_is_quoted_on_exactly_one_section_page(site, built):
    """Each paragraph's words are covered, all on one page, by that page's blockquotes."""
    quotes = {p.url: _quotes(built.html(p.url)) for p in site.pages if p.url != "talk/"}
    for number, paragraph in enumerate(_paragraphs(), 1):
        pages = [url for url, qs in quotes.items() if any(q in paragraph for q in qs)]
        assert len(pages) == 1, f"paragraph {number} is quoted on {pages or 'no page'}"
        covered = [False] * len(paragraph)
        for quote in quotes[pages[0]]:
            start = paragraph.find(quote)
            if start >= 0:
                covered[start:start + len(quote)] = [True] * len(quote)
        left = "".join(c for c, done in zip(paragraph, covered) if not done)
        assert not left.strip(string.punctuation + " "), f"paragraph {number}: not quoted: {left!r}"


def test_every_quote_is_verbatim(site, built):
    paragraphs = _paragraphs()
    for page in site.pages:
        for quote in _quotes(built.html(page.url)):
            assert any(quote in p for p in paragraphs), f"{page.src}: not in the transcript: {quote!r}"


# Phrases chosen by hand that prove each section page carries its part of the talk, as quotes.
STATEMENTS = {
    "definitions/": ["coordination of human, material, technological, and financial resources",
                     "guiding, directing, and motivating an organization",
                     "articulating a vision", "the right strategy is in place"],
    "roles/": ["provide inspiration, create opportunities, energize people, and make key choices",
               "planned, organizing, directing, reporting, budgeting", "keep work on track"],
    "focus/": ["management is rather based on facts while leadership is based on ideas",
               "finding answers", "rising questions", "solving problems", "creating challenges"],
    "synergies/": ["leaders do the right things while managers do things right",
                   "the synergy here is effectiveness", "leaders inspire while managers coordinate",
                   "the synergy would be teamwork", "every manager should be a leader",
                   "every leader must know about management"],
    "competencies/": ["meet the new customers’ expectations", "either internal or external",
                      "competencies should be on top of the priorities",
                      "make decisions more quickly than before, without all of the information",
                      "think divergently", "collaborate with ease across many different teams",
                      "different interest groups", "try , fail, try again", "risk and ambiguity",
                      "resilience in the face of constant change",
                      "brave in challenging how things are being done", "take the lead in driving change"],
    "conclusion/": ["what sort of person do you need to be today to lead a team successfully?"],
}


@pytest.mark.parametrize("url", STATEMENTS)
def test_each_section_quotes_its_statements(built, url):
    quotes = " ".join(_quotes(built.html(url)))
    for phrase in STATEMENTS[url]:
        assert phrase in quotes, f"/{url} does not quote {phrase!r}"


def test_section_pages_mark_teaching_aids_as_ours(site, built):
    for url in STATEMENTS:
        titles = [t.get_text(" ", strip=True) for t in built.html(url).select(".admonition-title")]
        for wanted in ("Learning objectives", "Key takeaways", "For discussion"):
            assert any(t.startswith(wanted) for t in titles), f"/{url} has no '{wanted}' box"
        questions = built.html(url).select(".admonition.question li")
        assert 2 <= len(questions) <= 3, f"/{url} should ask two or three questions"


# The pages that set the two sides of the talk against each other, and the columns that do it.
COMPARISONS = {"definitions/": {"Management", "Leadership"}, "roles/": {"Leadership", "Management role"},
               "focus/": {"Management", "Leadership"}, "synergies/": {"Leaders", "Managers"}}


@pytest.mark.parametrize("url", COMPARISONS)
def test_comparisons_are_tables_with_a_column_per_side(built, url):
    tables = built.html(url).select("article table")
    columns = [[th.get_text(" ", strip=True) for th in table.select("thead th")] for table in tables]
    found = [table for table, names in zip(tables, columns) if COMPARISONS[url] <= set(names)]
    assert found, f"/{url}: no table with a column for each of {sorted(COMPARISONS[url])}: {columns}"
    rows = found[0].select("tbody tr")
    assert len(rows) >= 2, f"/{url}: a comparison of {len(rows)} row"
    width = len(found[0].select("thead th"))
    for row in rows:
        cells = [td.get_text(" ", strip=True) for td in row.select("td")]
        assert len(cells) == width and all(cells), f"/{url}: a row with missing or empty cells: {cells}"


@pytest.mark.parametrize("url, words", [("synergies/", ["Effectiveness", "Teamwork"]),
                                        ("competencies/", ["Decide", "divergently", "resilience"])])
def test_figures_are_inline_svg_with_a_text_alternative(built, url, words):
    svg = built.html(url).select_one("article figure svg")
    assert svg is not None, f"/{url} has no inline SVG figure"
    assert svg["role"] == "img"
    labels = [svg.find(id=i) for i in svg["aria-labelledby"].split()]
    assert all(labels), "aria-labelledby names a missing element"
    alternative = " ".join(el.get_text() for el in labels)
    for word in words:
        assert word.lower() in alternative.lower(), f"text alternative lacks {word!r}"
    assert not svg.select("[href], image, script"), "figures must not load anything"
