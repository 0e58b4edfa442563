"""In a real browser: a glossary term shows its definition when pointed at."""

from __future__ import annotations

from browser import SETTLE_MS


def test_hovering_a_term_shows_its_definition(site, server, page):
    page.goto(server + "definitions/")
    term = page.locator("article a.term[href$='#resources']").first
    term.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip--active").first
    tooltip.wait_for(state="visible", timeout=SETTLE_MS)
    assert site.glossary.get("resources").plain in tooltip.inner_text()
