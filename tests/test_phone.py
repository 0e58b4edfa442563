"""Every page at phone, tablet and desktop widths, light and dark (issue 12): nothing wider than
the screen unless it sits in a box that visibly scrolls, teaching boxes, tables and tooltips at
14 px or more, figure text at 12 px or more, tooltips inside the screen."""

from __future__ import annotations

import pytest

WIDTHS = [320, 390, 768, 1280]
SCHEMES = ["light", "dark"]

# Material's off-canvas parts (drawer, search, closed tooltips, dialogs, skip link) sit outside
# the screen on purpose until opened.
OFF_CANVAS = ".md-sidebar, .md-search, .md-tooltip2, .md-dialog, .md-skip, .ts-sr-only, #ts-announce"

# What overflows the screen, and what scrolls without showing it.
LAYOUT_JS = """offCanvas => {
  const vw = document.documentElement.clientWidth, wide = [], hidden = [];
  const visible = el => { const s = getComputedStyle(el);
    return s.visibility !== 'hidden' && s.display !== 'none' && el.getClientRects().length > 0; };
  const scroller = el => { for (let p = el.parentElement; p; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX; if (o === 'auto' || o === 'scroll') return p; } return null; };
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest(offCanvas) || !visible(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 1 || r.left < -1) {
      const box = scroller(el);
      const label = el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '')
        + ' ' + Math.round(r.left) + '..' + Math.round(r.right);
      if (!box) wide.push(label);
      // A box that scrolls shows it: a scrollbar takes room, or it can take keyboard focus.
      else if (box.scrollWidth > box.clientWidth && box.offsetHeight - box.clientHeight <= 0 && box.tabIndex < 0)
        hidden.push(label + ' in ' + box.tagName.toLowerCase() + '.' + box.className);
    }
  }
  return {pageWidth: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 10), hidden: hidden.slice(0, 10)};
}"""

# Smallest text in the teaching boxes and tables, and in the figures as rendered (font size
# times the figure's scale).
TEXT_JS = """() => {
  const small = [], figures = [];
  const boxes = document.querySelectorAll('article .admonition, article details, article table');
  for (const box of boxes) {
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      if (!node.textContent.trim() || !el.getClientRects().length) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < 14) small.push(`${size}px: ${node.textContent.trim().slice(0, 40)}`);
    }
  }
  for (const svg of document.querySelectorAll('article figure svg')) {
    if (!svg.getClientRects().length) continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll('text, tspan')) {
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      figures.push(size);
    }
  }
  return {small: small.slice(0, 10), figureMin: figures.length ? Math.min(...figures) : null,
          figures: document.querySelectorAll('article figure svg').length};
}"""


@pytest.fixture(scope="module")
def views(browser, server):
    """One browser context per width and colour scheme, reused across pages."""
    contexts = {}
    for width in WIDTHS:
        for scheme in SCHEMES:
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
            contexts[width, scheme] = context.new_page()
    yield contexts
    for page in contexts.values():
        page.context.close()


def _open(page, server, url):
    page.goto(server + url)
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_page_fits_the_screen_and_its_text_is_comfortable(site, server, views, width, scheme):
    page = views[width, scheme]
    problems = []
    for site_page in site.pages:
        _open(page, server, site_page.url)
        layout = page.evaluate(LAYOUT_JS, OFF_CANVAS)
        if layout["pageWidth"] > layout["vw"] or layout["wide"] or layout["hidden"]:
            problems.append(f"{site_page.src}: page {layout['pageWidth']} px wide in {layout['vw']}; "
                            f"too wide: {layout['wide']}; scrolls unseen: {layout['hidden']}")
        text = page.evaluate(TEXT_JS)
        if text["small"]:
            problems.append(f"{site_page.src}: text under 14 px in boxes or tables: {text['small']}")
        if text["figures"] and (text["figureMin"] is None or text["figureMin"] < 12):
            problems.append(f"{site_page.src}: figure text {text['figureMin']} px")
    assert not problems, "\n".join(problems)


def test_the_figures_show_one_layout_at_each_width(site, server, views):
    for width in WIDTHS:
        page = views[width, "light"]
        for src in ("synergies.md", "competencies.md"):
            _open(page, server, site.by_src(src).url)
            shown = page.evaluate("() => [...document.querySelectorAll('article figure svg')]"
                                  ".filter(s => s.getClientRects().length).map(s => s.classList[1])")
            assert shown == (["figure__narrow"] if width < 640 else ["figure__wide"]), (width, src, shown)


TOOLTIP_JS = """() => {
  const tip = document.querySelector('.md-tooltip2--active .md-tooltip2__inner');
  if (!tip) return null;
  const r = tip.getBoundingClientRect(), s = getComputedStyle(tip);
  return {top: r.top, bottom: r.bottom, left: r.left, right: r.right, vw: document.documentElement.clientWidth,
          vh: window.innerHeight, size: parseFloat(s.fontSize), weight: s.fontWeight,
          border: parseFloat(s.borderTopWidth), borderColor: s.borderTopColor, background: s.backgroundColor,
          page: getComputedStyle(document.body).backgroundColor};
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
def test_tooltips_stay_on_screen_readable_and_edged(site, built, server, views, width, scheme):
    page = views[width, scheme]
    checked = 0
    for site_page in site.pages:
        if not built.html(site_page.url).select("article a.term"):
            continue
        _open(page, server, site_page.url)
        # The last term on the page, scrolled to the foot of the screen: the hardest place.
        term = page.locator("article a.term").last
        term.evaluate("el => window.scrollBy(0, el.getBoundingClientRect().bottom - window.innerHeight + 12)")
        term.focus()
        page.wait_for_selector(".md-tooltip2--active", state="attached")
        page.wait_for_function("() => { const t = document.querySelector('.md-tooltip2--active');"
                               " return t && getComputedStyle(t).opacity === '1'; }")
        tip = page.evaluate(TOOLTIP_JS)
        where = f"{site_page.src} at {width} px {scheme}"
        assert tip["top"] >= 0 and tip["bottom"] <= tip["vh"], f"{where}: tooltip {tip}"
        assert tip["left"] >= 0 and tip["right"] <= tip["vw"], f"{where}: tooltip {tip}"
        assert tip["size"] >= 14 and tip["weight"] == "400", f"{where}: {tip['size']} px, weight {tip['weight']}"
        assert tip["border"] >= 1 and tip["borderColor"] != tip["background"], f"{where}: no edge {tip}"
        page.keyboard.press("Escape")
        checked += 1
    assert checked


@pytest.mark.parametrize("scheme", SCHEMES)
def test_takeaways_and_discussion_look_different(site, server, views, scheme):
    page = views[390, scheme]
    _open(page, server, site.by_src("roles.md").url)
    colours = page.evaluate("""() => ['success', 'question'].map(kind => {
        const box = document.querySelector('article .admonition.' + kind);
        const title = box.querySelector('.admonition-title');
        return [getComputedStyle(box).borderLeftColor, getComputedStyle(title).backgroundColor,
                getComputedStyle(title, '::before').backgroundColor];
      })""")
    takeaways, discussion = colours
    assert all(a != b for a, b in zip(takeaways, discussion)), colours


def test_one_heading_link_control_per_heading(site, server, views):
    page = views[390, "light"]
    _open(page, server, site.by_src("trainers.md").url)
    headings = page.evaluate("""() => [...document.querySelectorAll('article h2[id], article h3[id]')].map(h => ({
        id: h.id, links: [...h.querySelectorAll('.headerlink')].filter(a => a.checkVisibility()).length,
        buttons: h.parentElement.querySelectorAll(':scope > button.ts-copy').length,
        lines: Math.round(h.getBoundingClientRect().height / parseFloat(getComputedStyle(h).lineHeight))}))""")
    assert headings and all(h["links"] == 0 and h["buttons"] == 1 for h in headings), headings
    button = page.get_by_role("button", name="Copy link to section: Leadership vs Management", exact=False).first
    button.focus()
    assert page.evaluate("document.activeElement.classList.contains('ts-copy')")


def test_one_type_family_on_pages_and_in_figures(site, server, views):
    page = views[390, "dark"]
    for src in ("index.md", "synergies.md", "competencies.md"):
        _open(page, server, site.by_src(src).url)
        families = page.evaluate("""() => [document.body, ...document.querySelectorAll('article h1, article h2,'
            + ' article .admonition, article table, article figure text')].map(el => getComputedStyle(el).fontFamily)""")
        assert families[0].startswith('"DejaVu Sans"') and set(families) == {families[0]}, (src, set(families))
