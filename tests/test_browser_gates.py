"""Quality gates in a real browser, for every built page, light and dark, desktop and phone width.

One survey (tests/browser.py) loads each page once per colour scheme and width, runs axe-core,
records every request and console message, and walks the page with the keyboard. The tests read
it: no accessibility violation, no request to another host, no failed request, a clean console,
the system's colour preference followed, a working skip link, and visible focus at every Tab stop.

TestZensical runs the same tests, unchanged, on the complete Zensical build (README, "Two
engines"): the home page, a section page, the glossary and the 404 page, each light and dark,
desktop and phone width.
"""

from __future__ import annotations

import pytest
from browser import AXE, AXE_PINNED, SCHEMES, WIDTHS, describe, survey
from conftest import ROOT, serving

from talksite.project import Site

# Every built page: the nav (the one list of pages) plus the 404 page a host serves for a bad URL.
PAGES = [p.url for p in Site(ROOT).pages] + ["404.html"]
COMBOS = [(s, w, u) for s in SCHEMES for w in WIDTHS for u in PAGES]
# On Zensical: the home page, a section page, the glossary and the 404 page (our override).
ZENSICAL_PAGES = ["", "roles/", "glossary/", "404.html"]
ZENSICAL_COMBOS = [(s, w, u) for s in SCHEMES for w in WIDTHS for u in ZENSICAL_PAGES]


def _name(combo) -> str:
    scheme, width, url = combo
    return f"{scheme}-{width}px-{url.rstrip('/') or 'home'}"


def _survey(base: str, pages: list[str], chromium) -> dict:
    assert AXE.is_file(), "axe-core is missing: `python3 scripts/build.py test` installs it with npm ci"
    return survey(base, pages, *chromium)


@pytest.fixture(scope="session")
def visits(server, chromium):
    return _survey(server, PAGES, chromium)


@pytest.fixture(params=COMBOS, ids=[_name(c) for c in COMBOS])
def visit(request, visits):
    return visits[request.param]


def test_axe_is_the_pinned_npm_package():
    assert f"axe v{AXE_PINNED}" in AXE.read_text(encoding="utf-8")[:500]


def test_no_accessibility_violations(visit):
    assert not visit.violations, f"axe-core on {visit.url}:\n{describe(visit.violations)}"


def test_no_request_leaves_the_site(visit, server):
    assert visit.requests, "no request was recorded at all"
    assert not visit.external(server), f"{visit.url} asked another host: {visit.external(server)}"


def test_no_request_fails(visit):
    assert not visit.failed, f"{visit.url}: {visit.failed}"


def test_console_has_no_error(visit):
    assert not visit.console, f"{visit.url}: {visit.console}"


def test_colours_follow_the_system_preference(visit, request):
    scheme = request.node.callspec.params["visit"][0]
    assert visit.scheme == SCHEMES[scheme], f"{visit.url}: Material chose {visit.scheme!r}"


def test_first_tab_reaches_a_visible_skip_link_that_skips(visit):
    assert visit.focus and "md-skip" in visit.focus[0]["what"], f"first Tab went to {visit.focus[:1]}"
    skip = visit.skip  # the same link, reached again after Tab went round the whole page
    assert "md-skip" in skip["cls"] and skip["text"] == "Skip to content", f"Tab came round to {skip}"
    assert skip["visible"], "the focused skip link is not visible on screen"
    landed = skip["landed"]
    assert skip["href"].endswith(landed["hash"]) and "top" in landed, f"Enter on the skip link gave {landed}"
    assert 0 <= landed["top"] < 200, f"the content did not scroll to the top ({landed['top']:.0f}px)"


def test_every_tab_stop_is_visible_and_marked(visit):
    assert visit.focus_wrapped, f"Tab never came back round to the start: {[s['what'] for s in visit.focus]}"
    assert len(visit.focus) >= 5, f"only {len(visit.focus)} Tab stops: {visit.focus}"
    hidden = [f"{s['what']} at {s['box']}" for s in visit.focus if not s["visible"]]
    unmarked = [f"{s['what']} ({s['style']})" for s in visit.focus if s["visible"] and not s["marked"]]
    assert not hidden, f"{visit.url}: focus went to elements not on screen: {hidden}"
    assert not unmarked, f"{visit.url}: focused without a visible outline or shadow: {unmarked}"


@pytest.fixture(scope="session")
def zensical_server(zensical):
    """The complete Zensical build over HTTP, served as `server` serves the Material one."""
    with serving(zensical) as base:
        yield base


@pytest.fixture(scope="session")
def zensical_visits(zensical_server, chromium):
    return _survey(zensical_server, ZENSICAL_PAGES, chromium)


class TestZensical:
    """Every test above, as it is, on the Zensical build: this class's `server` and `visit` stand
    in for the module's, so each test reads Zensical's survey (and is marked slow by the fixture
    `zensical` it now needs)."""

    @pytest.fixture
    def server(self, zensical_server):
        return zensical_server

    @pytest.fixture(params=ZENSICAL_COMBOS, ids=[_name(c) for c in ZENSICAL_COMBOS])
    def visit(self, request, zensical_visits):
        return zensical_visits[request.param]

    test_no_accessibility_violations = staticmethod(test_no_accessibility_violations)
    test_no_request_leaves_the_site = staticmethod(test_no_request_leaves_the_site)
    test_no_request_fails = staticmethod(test_no_request_fails)
    test_console_has_no_error = staticmethod(test_console_has_no_error)
    test_colours_follow_the_system_preference = staticmethod(test_colours_follow_the_system_preference)
    test_first_tab_reaches_a_visible_skip_link_that_skips = staticmethod(test_first_tab_reaches_a_visible_skip_link_that_skips)
    test_every_tab_stop_is_visible_and_marked = staticmethod(test_every_tab_stop_is_visible_and_marked)
