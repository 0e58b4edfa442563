"""The glossary: written once, linked from pages, shown as tooltips."""

from __future__ import annotations

import html

from talksite.glossary import Glossary
from talksite.project import Page

# The terms the site must define (issue "Foundation"), by anchor.
REQUIRED = ["management", "leadership", "vision", "strategy", "resources", "effectiveness", "teamwork",
            "synergy", "competency", "divergent-thinking", "stakeholder", "efficiency", "resilience", "risk",
            "ambiguity", "change"]


def test_required_terms_are_defined_with_anchors_on_the_glossary_page(site, built):
    page = built.html("glossary/")
    for term_id in REQUIRED:
        assert site.glossary.get(term_id), f"no glossary term #{term_id}"
        dt = page.select_one(f"dl dt#{term_id}")
        assert dt is not None, f"no <dt id={term_id}> on the glossary page"
        assert dt.find_next_sibling("dd").get_text(strip=True)


def test_term_links_carry_their_definition_as_tooltip(site, built):
    seen = set()
    for page in site.pages:
        for link in built.html(page.url).select("article a.term"):
            term = site.glossary.get(link["href"].rsplit("#", 1)[1])
            assert term, f"{page.src}: term link to an unknown term {link['href']}"
            # Material inserts the title as HTML: what the reader sees is its text once more unescaped
            # Every entry opens with a sentence that names its term, so the tooltip is the entry alone
            assert html.unescape(link["title"]) == term.plain
            assert term.name.lower() in term.plain.lower().split(" is ")[0].split(" are ")[0]
            seen.add(term.id)
    unused = [t.id for t in site.glossary if t.id not in seen]
    assert not unused, f"terms no page uses: {unused}"


def test_tooltip_text_is_plain_and_escaped(built):
    raw = (built.dir / "definitions" / "index.html").read_text(encoding="utf-8")
    start = raw.index('class="term" title="')
    title = raw[start:raw.index('"', start + 20)]
    assert "<" not in title and "[" not in title


def _page(body: str) -> Page:
    return Page(src="glossary.md", text=body, meta={}, body=body, body_line=5)


def _parse(site, page: Page, file: str) -> Glossary:
    """A glossary read from its page model, as the site reads it (the real Markdown pipeline)."""
    return Glossary.parse(page, file, site.model(page.body))


def test_parser_reads_multi_line_definitions_and_lines(site):
    glossary = _parse(site, _page("# G\n\nRisk {#risk}\n:   A *chance*\n    of [loss](x.md).\n"), "g.md")
    (term,) = list(glossary)
    assert (term.id, term.name, term.line) == ("risk", "Risk", 7)
    assert term.plain == "A chance of loss."


def test_parser_reports_empty_and_duplicate_terms(site):
    glossary = _parse(site, _page("Risk {#risk}\n:   \n\nrisk {#risk-2}\n:   Again.\n"), "docs/glossary.md")
    assert [str(p) for p in glossary.problems] == [
        "docs/glossary.md:5:1: error: term 'Risk' has an empty definition "
        "(write the definition after ': ') [empty-definition]",
        "docs/glossary.md:8:1: error: term 'risk' (#risk-2) is defined twice (first defined at line 5; merge the two) "
        "[duplicate-term]",
    ]



def test_decorate_adds_titles_only_to_known_terms(site):
    glossary = _parse(site, _page('Risk {#risk}\n:   A "chance" & more.\n'), "g.md")
    out = glossary.decorate('<a href="../glossary/#risk">r</a> <a href="../glossary/#nope">n</a>',
                            "../glossary/")
    # Escaped twice: once for the attribute, once for Material's tooltip, which parses it as HTML.
    assert 'class="term" title="Risk: A &quot;chance&quot; &amp;amp; more."' in out
    assert '<a href="../glossary/#nope">n</a>' in out


def test_a_tooltip_names_the_term_once(site):
    """An entry written as a sentence that names its term is its own tooltip; a fragment gets the name."""
    glossary = _parse(site, _page("Risk {#risk}\n:   A risk is a chance of loss.\n\nHedge {#hedge}\n:   A softening word.\n"),
                      "g.md")
    out = glossary.decorate('<a href="../glossary/#risk">r</a> <a href="../glossary/#hedge">h</a>', "../glossary/")
    assert 'title="A risk is a chance of loss."' in out
    assert 'title="Hedge: A softening word."' in out
