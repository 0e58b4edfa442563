"""The offline copy (site-offline.zip): complete, reproducible, and working from file:// in Chromium
with no network at all."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from browser import SETTLE_MS, goto
from conftest import ROOT

from talksite import offline, render
from talksite.project import Site
from test_links_browser import _leader_role_title


@pytest.fixture(scope="module")
def unzipped(offline_zip, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as archive:
        archive.extractall(out)
    return out / offline.ZIP_FOLDER


class Visit:
    """A browser context that records every request and every console error."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.page = self.context.new_page()
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))

    def assert_offline_and_clean(self) -> None:
        network = [url for url in self.requests if not url.startswith("file://")]
        assert network == [], f"the offline copy made network requests: {network}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture
def visit(browser):
    visit = Visit(browser)
    yield visit
    visit.context.close()


def _file_url(unzipped: Path, src: str) -> str:
    return (unzipped / (src[: -len(".md")] + ".html")).as_uri()


# --- the zip -----------------------------------------------------------------------------------

def test_zip_holds_every_page_as_a_file_and_the_inlined_search_index(site, offline_zip):
    names = set(zipfile.ZipFile(offline_zip).namelist())
    folder = offline.ZIP_FOLDER
    for page in site.pages:
        assert f"{folder}/{page.src[:-3]}.html" in names, f"{page.src} missing from the offline copy"
    assert f"{folder}/search/search_index.js" in names


def test_zip_is_reproducible_whatever_the_files_times_and_modes(tmp_path):
    def make(name: str, mtime: int, mode: int) -> bytes:
        src = tmp_path / name
        (src / "b").mkdir(parents=True)
        for rel, text in [("b/z.html", "z"), ("a.html", "a"), ("b/c.css", "c")]:
            (src / rel).write_text(text)
            (src / rel).chmod(mode)

            os.utime(src / rel, (mtime, mtime))
        offline.write_zip(src, tmp_path / f"{name}.zip", epoch=1600000000)
        return (tmp_path / f"{name}.zip").read_bytes()

    first, second = make("one", 1000000000, 0o600), make("two", 1700000000, 0o755)
    assert first == second
    infos = zipfile.ZipFile(tmp_path / "one.zip").infolist()
    assert [i.filename for i in infos] == ["site-offline/a.html", "site-offline/b/c.css", "site-offline/b/z.html"]
    assert {i.date_time for i in infos} == {(2020, 9, 13, 12, 26, 40)}
    assert {(i.external_attr >> 16) & 0o777 for i in infos} == {0o644}


def test_files_added_by_earlier_steps_such_as_the_pdf_are_carried_into_the_copy(tmp_path):
    staged, out = tmp_path / "staged", tmp_path / "out"
    for rel in ["handout.pdf", "roles/index.html", "search/search_index.json", offline.ZIP_NAME, "a.js.map",
                "assets/site.css"]:
        (staged / rel).parent.mkdir(parents=True, exist_ok=True)
        (staged / rel).write_text(rel)
    (out / "assets").mkdir(parents=True)
    (out / "assets/site.css").write_text("the offline render's own")
    assert offline.carry_added_files(staged, out) == ["handout.pdf"]
    assert (out / "assets/site.css").read_text() == "the offline render's own"


def test_the_published_offline_copy_carries_the_published_handouts(produced):
    # Whatever order the build runs its steps in, the copy people download holds the very PDFs
    # the site publishes (the handout is made by another step than the copy).
    pdfs = sorted(produced.glob("*.pdf"))
    assert {p.name for p in pdfs} >= {"handout.pdf", "handout-letter.pdf"}, pdfs
    with zipfile.ZipFile(produced / offline.ZIP_NAME) as archive:
        for pdf in pdfs:
            assert archive.read(f"{offline.ZIP_FOLDER}/{pdf.name}") == pdf.read_bytes(), pdf.name


def test_vendored_shim_is_the_pinned_npm_package_with_its_licence():
    meta = json.loads((offline.VENDOR / "package.json").read_text())
    assert (meta["name"], meta["license"]) == ("iframe-worker", "MIT")
    assert "Permission is hereby granted" in (offline.VENDOR / "LICENSE").read_text()
    assert (offline.VENDOR / "shim.js").stat().st_size > 0


def test_offline_render_finds_resources_on_other_hosts(tmp_path):
    (tmp_path / "p.html").write_text(
        '<link rel="canonical" href="https://example.org/p.html">'  # a link, not a fetch
        '<a href="https://example.org/">x</a>'
        '<script src="https://unpkg.com/iframe-worker/shim"></script>'
        '<link rel="stylesheet" href="//fonts.googleapis.com/css">')
    (tmp_path / "s.css").write_text("a{background:url(https://example.org/i.png)}")
    assert offline.external_resources(tmp_path) == [
        ("p.html", "https://unpkg.com/iframe-worker/shim"), ("p.html", "//fonts.googleapis.com/css"),
        ("s.css", "https://example.org/i.png")]


def test_glossary_tooltips_link_to_the_glossary_file_when_pages_are_files():
    site = Site(ROOT)
    page = next(p for p in site.pages if "](glossary.md#" in p.body)
    linked = f'<a href="glossary.html#{site.glossary.terms[0].id}">t</a>'
    # The hook passes the glossary's URL relative to the page as MkDocs gives it: a file offline.
    assert 'class="term"' in render.decorate(linked, page, site, "glossary.html")
    assert 'class="term"' not in render.decorate(linked, page, site, "../glossary/")


# --- in the browser, from file:// --------------------------------------------------------------

def test_every_page_opens_from_file_without_network_or_console_errors(site, unzipped, visit):
    for page in site.pages:
        # Until nothing more loads: the search index and worker start after the page itself.
        goto(visit.page, _file_url(unzipped, page.src))
        assert visit.page.locator("article h1").first.is_visible(), page.src
    visit.assert_offline_and_clean()


def test_navigating_by_the_nav_opens_the_next_page(site, unzipped, visit):
    visit.page.goto(_file_url(unzipped, "index.md"))
    target = site.by_src("roles.md")
    visit.page.locator("nav.md-nav--primary a.md-nav__link", has_text=target.title).first.click()
    visit.page.wait_for_url(_file_url(unzipped, "roles.md"))
    assert visit.page.locator("article h1").inner_text().rstrip("¶") == target.title
    visit.assert_offline_and_clean()


def test_search_finds_a_term(unzipped, visit):
    visit.page.goto(_file_url(unzipped, "roles.md"))
    box = visit.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially("resilience", delay=30)
    results = visit.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=SETTLE_MS)
    assert "resilience" in results.first.inner_text().lower()
    visit.assert_offline_and_clean()


def test_hovering_a_term_shows_its_definition(site, unzipped, visit):
    visit.page.goto(_file_url(unzipped, "definitions.md"))
    visit.page.locator("article a.term[href$='#resources']").first.hover()
    tooltip = visit.page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=SETTLE_MS)
    assert site.glossary.get("resources").plain in tooltip.inner_text()
    visit.assert_offline_and_clean()


def test_copy_link_from_file_offers_the_published_url_when_the_clipboard_is_refused(site, unzipped, visit):
    # From file://, a browser may refuse the clipboard; the button then offers the published URL
    # (never a file:// one) in a prompt to copy by hand.
    visit.page.add_init_script("""
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});
        document.execCommand = () => false;
    """)
    visit.page.goto(_file_url(unzipped, "roles.md"))
    button = visit.page.get_by_role("button", name=f"Copy link to section: {_leader_role_title(site)}")
    visit.page.on("dialog", lambda dialog: dialog.dismiss())  # a prompt blocks the page until answered
    with visit.page.expect_event("dialog") as offered:
        button.click()
    assert offered.value.type == "prompt"
    assert offered.value.default_value == site.site_url + "roles/#leader-role"
    visit.assert_offline_and_clean()


def test_the_print_action_points_at_the_sheet_the_copy_carries(unzipped):
    from bs4 import BeautifulSoup

    page = BeautifulSoup((unzipped / "roles.html").read_text(encoding="utf-8"), "html.parser")
    href = page.select_one("a.talk-print-action:not(.talk-print-action--sheet)")["href"]
    # The handout step runs before the offline copy, which carries handout.pdf to this path
    # (test_files_added_by_earlier_steps_such_as_the_pdf_are_carried_into_the_copy).
    assert (unzipped / "roles.html").parent.joinpath(href).resolve() == (unzipped / "handout.pdf").resolve()
