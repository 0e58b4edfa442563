"""Content parity: the complete site rendered by Zensical (`build --engine zensical`) carries the
same content as the Material build, page by page. Only theme chrome may differ, and each allowed
difference is listed here with its reason.

Compared inside each page's article (the content; header, nav, footer and search are the theme's):
its ids, its text, the speaker's quotes with their attributions, every teaching part, the glossary
links with their tooltips, and where every link leads; then sections.json and the sheets' text.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from pypdf import PdfReader

from talksite.project import Site

pytestmark = pytest.mark.slow

# Allowed differences, each with its reason (theme chrome only).
ALLOWED_IDS = {
    # Zensical's base.html puts the skip link's target inside the article; Material's skip link
    # targets the first heading, so it needs none.
    "__skip": "Zensical's skip-link target (theme chrome)",
}
# href forms that differ but lead to the same file are compared resolved, so "./handout.pdf"
# (Zensical) and "handout.pdf" (Material) are one target; no entry is needed for them.

# Known defect, not chrome: a raw HTML link in a page is resolved by MkDocs from the published URL
# and by Zensical from the source file. docs/trainers.md writes <a href="../sections.json"> for
# MkDocs; under Zensical it leads one folder too high. Listed so the test states it, and fails
# once it is fixed (then remove the entry).
KNOWN_BROKEN_ON_ZENSICAL: set[tuple[str, str]] = set()  # (page, href) known to differ; none today

TEACHING_PARTS = ("objectives", "case", "self-check", "takeaways", "discussion")

@pytest.fixture(scope="module")
def material(produced) -> Path:
    return produced


def _urls() -> list[str]:
    return [page.url for page in Site(ROOT).pages] + ["404.html"]


def _article(site: Path, url: str):
    path = site / url if url.endswith(".html") else site / url / "index.html"
    article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article.md-content__inner")
    assert article is not None, f"{url}: no article in {site.name}"
    return article


def _text(element) -> str:
    return " ".join(element.get_text(" ").split())


def _target(url: str, href: str) -> str:
    """Where a link leads, as a site path: the same target whatever form the href takes."""
    if href.startswith(("http:", "https:", "mailto:", "#")):
        return href
    path, _, fragment = href.partition("#")
    base = posixpath.dirname(url) if url.endswith(".html") else url.rstrip("/")
    resolved = posixpath.normpath(posixpath.join(base, path)) if path else url
    return resolved + ("#" + fragment if fragment else "")


@pytest.mark.parametrize("url", _urls())
def test_page_content_is_the_same(material, zensical, url):
    ours, theirs = _article(material, url), _article(zensical, url)
    ids = {e["id"] for e in ours.select("[id]")}
    their_ids = {e["id"] for e in theirs.select("[id]")} - set(ALLOWED_IDS)
    assert ids == their_ids, f"{url}: only Material {sorted(ids - their_ids)}, only Zensical {sorted(their_ids - ids)}"
    for part in TEACHING_PARTS:
        assert (ours.find(id=part) is None) == (theirs.find(id=part) is None), f"{url}: #{part}"
    assert [_text(q) for q in ours.select("blockquote")] == [_text(q) for q in theirs.select("blockquote")]
    assert [_text(c) for c in ours.select("cite")] == [_text(c) for c in theirs.select("cite")]
    assert [_text(a) for a in ours.select(".admonition, details, .ts-case, fieldset")] == \
        [_text(a) for a in theirs.select(".admonition, details, .ts-case, fieldset")]
    assert [(_target(url, a["href"]), a["title"]) for a in ours.select("a.term")] == \
        [(_target(url, a["href"]), a["title"]) for a in theirs.select("a.term")]
    assert _text(ours) == _text(theirs)
    links = [(_target(url, a["href"]), a["href"]) for a in ours.select("a[href]")]
    their_links = [_target(url, a["href"]) for a in theirs.select("a[href]")]
    assert len(links) == len(their_links)
    for (target, href), their in zip(links, their_links):
        if (url, href) in KNOWN_BROKEN_ON_ZENSICAL:
            assert their != target, f"{url}: {href} now works on Zensical: remove it from KNOWN_BROKEN_ON_ZENSICAL"
            continue
        assert their == target, f"{url}: a link to {target} leads to {their} on Zensical"


def test_sections_json_is_the_same(material, zensical):
    assert json.loads((zensical / "sections.json").read_text()) == json.loads((material / "sections.json").read_text())


def test_sheets_say_the_same(material, zensical):
    sheets = sorted(p.name for p in (material / "sheets").glob("*.pdf"))
    assert sheets and sheets == sorted(p.name for p in (zensical / "sheets").glob("*.pdf"))
    for name in sheets:
        text = ["\n".join(page.extract_text() for page in PdfReader(site / "sheets" / name).pages)
                for site in (material, zensical)]
        assert text[0] == text[1], f"sheets/{name} differs"
