"""In a real browser: old links land on the new heading, copy-link copies the exact URL, and
glossary definitions open on focus and tap and close on Escape."""

from __future__ import annotations

from playwright.sync_api import expect

import re

import pytest
import yaml
from browser import SETTLE_MS, goto
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from conftest import mkdocs_build, serving
from conftest import copy_project
from talksite.project import Site

# A temporary map on a copy of the project: the real site has published no moved anchors.
PAGE_MOVES = {"old-roles.md": "roles.md"}
FRAGMENT_MOVES = {"roles.md#leaders": "roles.md#leader-role",
                  "roles.md#synergy": "synergies.md#effectiveness"}


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """The site built from a copy of the project with a page move and two fragment moves, served."""
    tmp = tmp_path_factory.mktemp("moved")
    project = copy_project(tmp)
    config_file = project / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    text = text.replace("      redirect_maps: {}", "      redirect_maps:\n" + "".join(
        f"        {old}: {new}\n" for old, new in PAGE_MOVES.items()).rstrip("\n"))
    text = text.replace("  fragment_redirects: {}", "  fragment_redirects:\n" + "".join(
        f"    {old}: {new}\n" for old, new in FRAGMENT_MOVES.items()).rstrip("\n"))
    config_file.write_text(text, encoding="utf-8")
    out = tmp / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    with serving(out) as base:
        # Material's instant navigation follows only links its sitemap lists, matching host but not
        # port; as `mkdocs serve` does, point the sitemap at the local address (site_url stays as is).
        sitemap = out / "sitemap.xml"
        site_url = Site(project).site_url
        sitemap.write_text(sitemap.read_text(encoding="utf-8").replace(site_url, base), encoding="utf-8")
        yield base, out


def test_the_copy_really_records_the_moves(moved):
    # Guards the string surgery above: if mkdocs.yml changes shape, these tests must not pass vacuously.
    _, out = moved
    page = (out / "roles" / "index.html").read_text(encoding="utf-8")
    data = re.search(r'<script type="application/json" id="talksite-links">(.*?)</script>', page, re.S)
    assert yaml.safe_load(data.group(1))["fragmentRedirects"]["roles/"] == {
        "leaders": "roles/#leader-role", "synergy": "synergies/#effectiveness"}


def test_a_moved_page_redirects_with_the_redirects_plugin(moved):
    _, out = moved
    html = (out / "old-roles" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh" content="0; url=../roles/"' in html


LANDED_JS = """id => { const el = document.getElementById(id), header = document.querySelector('.md-header');
    const top = el ? el.getBoundingClientRect().top : null, limit = header.getBoundingClientRect().height + 60;
    return {hash: location.hash, scrollY, top, limit,
            ok: location.hash === '#' + id && scrollY > 0 && top !== null && 0 <= top && top <= limit}; }"""


def _lands_on(page, heading_id: str) -> None:
    """The URL shows the new fragment and the heading is at the top of the window (below the
    header), waited for as exactly this condition: the check cannot pass on a moment in between."""
    try:
        # A function, not an expression: Playwright evals a function once, inside its DevTools
        # call, but an expression again at every poll, which the pages' CSP (no eval) refuses.
        page.wait_for_function(f"id => ({LANDED_JS})(id).ok", arg=heading_id, timeout=SETTLE_MS)
    except PlaywrightTimeout:
        state = page.evaluate(LANDED_JS, heading_id)
        raise AssertionError(f"did not land on #{heading_id} within {SETTLE_MS} ms: {state}") from None


def test_an_old_fragment_lands_on_the_new_heading_on_load(moved, page):
    base, _ = moved
    page.goto(base + "roles/#leaders")
    _lands_on(page, "leader-role")
    assert page.url == base + "roles/#leader-role"


def test_an_old_fragment_moved_to_another_page_loads_that_page(moved, page):
    base, _ = moved
    page.goto(base + "roles/#synergy")
    page.wait_for_url(base + "synergies/#effectiveness", timeout=SETTLE_MS)
    _lands_on(page, "effectiveness")


def test_an_old_page_and_old_fragment_land_on_the_new_heading(moved, page):
    base, _ = moved
    page.goto(base + "old-roles/#leaders")
    page.wait_for_url(base + "roles/#leader-role", timeout=SETTLE_MS)
    _lands_on(page, "leader-role")


def test_an_in_page_hash_change_is_redirected(moved, page):
    # A hash change fires popstate, which Material's instant navigation answers (the first time on
    # a page) by fetching the same page again and swapping it in, then restoring the scroll
    # position: the heading can be passed through, left and reached again while that runs, for
    # seconds on a loaded machine. So: start from a settled page, and wait for the landing itself.
    base, _ = moved
    goto(page, base + "roles/")
    with page.expect_response(base + "roles/"):  # Material's refetch of the page: wait it out
        page.evaluate("location.hash = 'leaders'")
    _lands_on(page, "leader-role")


def _inject_link(page, href: str) -> None:
    page.evaluate("""href => {
        const a = document.createElement('a');
        a.href = href; a.id = 'old-link'; a.textContent = 'old link';
        document.querySelector('article').prepend(a);
    }""", href)


def test_an_old_fragment_lands_on_the_new_heading_with_instant_navigation(moved, page):
    base, _ = moved
    goto(page, base + "definitions/")  # instant navigation needs the sitemap
    page.evaluate("window.__sameDocument = true")  # survives instant navigation, not a page load
    _inject_link(page, base + "roles/#leaders")
    page.click("#old-link")
    page.wait_for_url(base + "roles/#leader-role", timeout=SETTLE_MS)
    _lands_on(page, "leader-role")
    assert page.evaluate("window.__sameDocument === true"), "Material's instant navigation was not used"
    assert page.locator("article h1").inner_text().startswith("Roles")


def test_a_same_page_old_anchor_click_with_instant_navigation(moved, page):
    base, _ = moved
    goto(page, base + "roles/")  # instant navigation needs the sitemap
    page.evaluate("window.__sameDocument = true")
    _inject_link(page, "#leaders")
    page.click("#old-link")
    _lands_on(page, "leader-role")
    assert page.evaluate("window.__sameDocument === true")


# --- Copy-link ----------------------------------------------------------------------------------

def _leader_role_title(site) -> str:
    """The heading the copy button names, as the page states it (authors may reword it; its id stays)."""
    from talksite import sections

    return next(h.title for h in sections.headings(site.by_src("roles.md")) if h.id == "leader-role")


@pytest.fixture
def clipboard_page(new_page):
    return new_page(permissions=["clipboard-read", "clipboard-write"])


def test_the_copy_button_puts_the_sections_absolute_url_on_the_clipboard(site, server, clipboard_page):
    page = clipboard_page
    page.goto(server + "roles/")
    title = _leader_role_title(site)
    button = page.get_by_role("button", name=f"Copy link to section: {title}")
    button.focus()
    page.keyboard.press("Enter")  # keyboard-reachable: a real button
    expect(page.locator("#ts-announce")).to_contain_text("Link copied", timeout=SETTLE_MS)  # no eval: the site's CSP forbids it
    assert page.evaluate("navigator.clipboard.readText()") == site.site_url + "roles/#leader-role"
    assert page.get_by_role("status").inner_text() == f"Link copied: {title}"


def test_copy_buttons_work_after_instant_navigation(site, moved, clipboard_page):
    page = clipboard_page
    base, _ = moved
    goto(page, base + "definitions/")  # instant navigation needs the sitemap
    page.evaluate("window.__sameDocument = true")
    page.locator("nav.md-nav--primary a.md-nav__link[href$='synergies/']").first.click()
    page.wait_for_url(base + "synergies/")
    assert page.evaluate("window.__sameDocument === true")
    page.get_by_role("button", name="Copy link to section: Teamwork").click()
    expect(page.locator("#ts-announce")).to_contain_text("Teamwork", timeout=SETTLE_MS)  # no eval: the site's CSP forbids it
    assert page.evaluate("navigator.clipboard.readText()") == site.site_url + "synergies/#teamwork"


def test_the_trainers_page_copies_each_sections_url(site, server, clipboard_page):
    page = clipboard_page
    page.goto(server + "trainers/")
    page.get_by_role("button", name="Copy link to section: Effectiveness (Synergies)").click()
    expect(page.locator("#ts-announce")).to_contain_text("Effectiveness", timeout=SETTLE_MS)  # no eval: the site's CSP forbids it
    assert page.evaluate("navigator.clipboard.readText()") == site.site_url + "synergies/#effectiveness"


def test_copy_buttons_are_in_the_page_before_any_script_runs(site, server, page):
    """The build writes them (copy_links): present at the first paint, so nothing moves later."""
    page.route("**/*.js", lambda route: route.abort())  # neither Material's bundle nor links.js runs
    page.goto(server + "trainers/", wait_until="domcontentloaded")
    assert page.locator("article .ts-heading > h2[id] + button.ts-copy").count() == \
        page.locator("article h2[id]").count() > 0
    assert page.locator("article code.ts-url + button.ts-copy").count() == page.locator("article code.ts-url").count() > 0


def test_without_script_headings_keep_their_permalink_and_no_copy_button_shows(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server + "roles/")
        assert page.get_by_role("button", name=re.compile("^Copy link")).count() == 0  # hidden: no dead controls
        headings = page.locator("article h2[id]")
        assert headings.count() > 0
        for heading in headings.all():
            permalink = heading.locator(".headerlink")
            assert permalink.evaluate("a => getComputedStyle(a).display") != "none"
            assert permalink.get_attribute("href") == "#" + heading.get_attribute("id")
    finally:
        context.close()


def test_without_a_clipboard_the_url_is_offered_to_copy_by_hand(site, server, page):
    page.add_init_script("""
        Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});
        document.execCommand = () => false;
    """)
    page.goto(server + "focus/")
    page.on("dialog", lambda dialog: dialog.dismiss())  # a prompt blocks the page until answered
    with page.expect_event("dialog") as offered:
        page.get_by_role("button", name="Copy link to section: Facts and ideas").click()
    assert offered.value.type == "prompt"
    assert offered.value.default_value == site.site_url + "focus/#facts-vs-ideas"


# --- Glossary definitions on every device ----------------------------------------------------------

TOOLTIP = ".md-tooltip2--active:not(.ts-tooltip--dismissed)"


def _definition(site, term_id: str) -> str:
    return site.glossary.get(term_id).plain


def test_a_definition_opens_on_keyboard_focus_and_closes_on_escape(site, server, page):
    page.goto(server + "roles/")
    term = page.locator("article a.term[href$='#resources']").first
    term.focus()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=SETTLE_MS)
    assert _definition(site, "resources") in tooltip.inner_text()
    described = page.locator(f"#{term.get_attribute('aria-describedby')}")
    assert described.get_attribute("role") == "tooltip", "the definition is not announced with the term"
    page.keyboard.press("Escape")
    page.locator(".md-tooltip2--active").first.wait_for(state="hidden", timeout=SETTLE_MS)
    assert page.evaluate("document.activeElement.matches('a.term')"), "Escape moved keyboard focus"


@pytest.fixture
def phone(new_page):
    return new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)


def test_a_definition_opens_on_tap_and_closes_on_escape(site, server, phone):
    page = phone
    page.goto(server + "roles/")
    term = page.locator("article a.term[href$='#resources']").first
    term.scroll_into_view_if_needed()
    term.tap()
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=SETTLE_MS)
    assert _definition(site, "resources") in tooltip.inner_text()
    assert page.url == server + "roles/", "the first tap followed the link instead of showing the definition"
    box = tooltip.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the definition does not fit the screen"
    page.keyboard.press("Escape")
    page.locator(".md-tooltip2--active").first.wait_for(state="hidden", timeout=SETTLE_MS)


def _tap_a_term_open(page, server):
    """On /roles/, tap the term 'resources' and wait for its definition; returns the term."""
    page.goto(server + "roles/")
    term = page.locator("article a.term[href$='#resources']").first
    term.scroll_into_view_if_needed()
    term.tap()
    page.locator(TOOLTIP).wait_for(state="visible", timeout=SETTLE_MS)
    return term


def test_a_second_tap_follows_the_term_to_the_glossary(server, phone):
    page = phone
    term = _tap_a_term_open(page, server)
    term.tap()
    page.wait_for_url(server + "glossary/#resources", timeout=SETTLE_MS)


def test_enter_on_a_term_follows_it_even_after_a_tap(server, phone):
    page = phone
    term = _tap_a_term_open(page, server)
    page.keyboard.press("Escape")
    term.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(server + "glossary/#resources", timeout=SETTLE_MS)
