"""Helpers for the browser quality gates: one visit per page records what a user's browser sees.

axe-core comes from the npm package pinned in tests/package.json (installed by
`python3 scripts/build.py test` with `npm ci`); the tests inject it into each page.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from playwright.async_api import TimeoutError as PlaywrightTimeout

TESTS = Path(__file__).resolve().parent
AXE = TESTS / "node_modules" / "axe-core" / "axe.min.js"
AXE_PINNED = json.loads((TESTS / "package.json").read_text(encoding="utf-8"))["dependencies"]["axe-core"]

# WCAG 2.0 and 2.1, levels A and AA, plus Deque's best practices: every rule in these tags runs.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# How long a wait for a condition may take on a loaded machine before it counts as a failure.
# Every wait is on a condition, so a passing run never waits this long.
SETTLE_MS = 15000

SCHEMES = {"light": "default", "dark": "slate"}  # emulated system preference -> Material's scheme
WIDTHS = [1280, 390]  # desktop, phone


@dataclass
class Visit:
    """What happened while one page loaded and settled."""
    url: str
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    scheme: str = ""
    violations: list[dict] = field(default_factory=list)
    skip: dict = field(default_factory=dict)
    focus: list[dict] = field(default_factory=list)
    focus_wrapped: bool = False

    def external(self, base: str) -> list[str]:
        origin = urlparse(base).netloc
        return [u for u in self.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                and urlparse(u).netloc != origin]


def record(page, url: str) -> Visit:
    """Attach listeners to a fresh page, so nothing the page does escapes the record."""
    visit = Visit(url)
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("requestfailed", lambda r: visit.failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and visit.failed.append(f"{r.url} (HTTP {r.status})"))
    page.on("console", lambda m: m.type == "error" and visit.console.append(f"console.error: {m.text}"))
    page.on("pageerror", lambda e: visit.console.append(f"uncaught: {e}"))
    return visit


def goto(page, url: str | None = None) -> None:
    """Open `url` (or reload) until no request has run for 500 ms (search index, sitemap), and the
    page has loaded: Material's bundle (a parser-blocking script) has run and set the palette.
    Network idle can come before "load" on a busy machine (the last request ends while the bundle
    still runs), so both are waited for. Network idle first: in the offline copy, whose search
    starts an iframe after the page loads, a wait for network idle begun after "load" once ran
    out (a full run on a busy machine, 2026-11-28)."""
    page.goto(url, wait_until="networkidle") if url is not None else page.reload(wait_until="networkidle")
    page.wait_for_load_state("load")  # at once if it has fired: "load" is never taken back


async def goto_async(page, url: str) -> None:
    """goto() for Playwright's async API (the survey): the same two waits, in the same order."""
    await page.goto(url, wait_until="networkidle")
    await page.wait_for_load_state("load")


def axe_source() -> str:
    """axe-core, evaluated through DevTools rather than added as a <script>: the pages' Content-
    Security-Policy (inline script by hash only) stays enforced, and still lets the tests in."""
    return AXE.read_text(encoding="utf-8")


AXE_RUN_JS = "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"


def run_axe(page) -> list[dict]:
    """axe-core on a page of Playwright's sync API."""
    page.evaluate(axe_source())
    return page.evaluate(AXE_RUN_JS, AXE_TAGS)["violations"]


def survey(base: str, urls: list[str], executable: str, args: list[str], concurrency: int = 3) -> dict:
    """Visit every URL in every (scheme, width): {(scheme, width, url): Visit}.

    Pages load and run axe concurrently (async Playwright, in a thread of its own so it cannot meet
    the sync API's event loop): much of a visit is waiting for the network to go idle. The keyboard
    walk runs one page at a time per context, with that page in front. One Chromium; one context per scheme
    and width.
    """
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, _survey(base, urls, executable, args, concurrency)).result()


async def _survey(base, urls, executable, args, concurrency) -> dict:
    from playwright.async_api import async_playwright

    results: dict = {}
    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(executable_path=executable, args=args)
        contexts = {}
        for scheme in SCHEMES:
            for width in WIDTHS:
                contexts[scheme, width] = await chromium.new_context(
                    viewport={"width": width, "height": 900}, color_scheme=scheme)

        keyboard = {key: asyncio.Lock() for key in contexts}  # each context is a window of its own

        async def one(scheme, width, url):
            async with gate:
                page = await contexts[scheme, width].new_page()
                visit = record(page, base + url)
                await goto_async(page, base + url)
                visit.scheme = await page.evaluate("document.body.getAttribute('data-md-color-scheme')")
                await page.evaluate(axe_source())
                visit.violations = (await page.evaluate(AXE_RUN_JS, AXE_TAGS))["violations"]
                await page.evaluate(SNAPSHOT_JS)  # before anything has focus
            # Keyboard focus and scrolling belong to the page in front: one page at a time per window.
            async with keyboard[scheme, width]:
                await page.bring_to_front()
                visit.focus, visit.focus_wrapped = await _walk_focus(page)
                visit.skip = await _skip_link(page)  # the walk ends back on the first stop
            await page.close()
            results[scheme, width, url] = visit

        await asyncio.gather(*(one(s, w, u) for (s, w) in contexts for u in urls))
        await chromium.close()
    return results


async def _skip_link(page) -> dict:
    """With focus on the page's first Tab stop: what is it, and where does Enter take the page."""
    focused = await page.evaluate("""() => { for (const a of document.getAnimations()) a.finish();
        const e = document.activeElement, r = e.getBoundingClientRect();
        return {cls: e.className, text: e.textContent.trim(), href: e.getAttribute('href'),
                visible: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0
                         && r.bottom <= innerHeight && getComputedStyle(e).opacity > 0.9}; }""")
    await page.keyboard.press("Enter")
    landed = """() => { const t = document.getElementById(location.hash.slice(1));
        return t ? {hash: location.hash, top: t.getBoundingClientRect().top} : {hash: location.hash}; }"""
    focused["landed"] = await _settled(page, f"() => {{ const l = ({landed})(); return l.top >= 0 && l.top < 200; }}",
                                       landed)
    return focused


async def _settled(page, condition: str, report: str):
    """Wait until `condition` (JavaScript) holds, then return what `report` (JavaScript) sees.
    If it never holds, `report` still says what the page shows, for the test to assert on and
    print: a survey of every page must not stop at the first page that fails."""
    try:
        await page.wait_for_function(condition, timeout=SETTLE_MS)
    except PlaywrightTimeout:
        pass  # not swallowed: the state returned below fails the test that reads it
    return await page.evaluate(report)


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        more = f" (+{len(v['nodes']) - 5} more)" if len(v["nodes"]) > 5 else ""
        lines.append(f"  {v['id']} [{v['impact']}]: {v['help']} -> {targets}{more}")
    return "\n".join(lines)


# Runs in the page before tabbing: remember each focusable element's unfocused outline and shadow.
SNAPSHOT_JS = """() => {
  let i = 0;
  for (const el of document.querySelectorAll('a[href], button, input, select, textarea, summary, [tabindex]')) {
    el.__gateIndex = i++;
    for (const t of [el, el.nextElementSibling].filter(Boolean)) {
      const s = getComputedStyle(t);
      t.__unfocused = {outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow, bg: s.backgroundColor};
    }
  }
}"""

# Runs after each Tab: is the focused element (or what draws its focus) on screen, and does it look
# different from its unfocused self: an outline, a shadow or a background that was not there before?
FOCUS_JS = """() => {
  // Jump Material's fades and slides to their end: pages loading side by side are background
  // tabs, where Chromium does not run transitions.
  for (const a of document.getAnimations()) a.finish();
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const name = (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 40);
  const what = el.tagName.toLowerCase() + (el.classList.length ? '.' + [...el.classList].filter(c => c !== 'focus-visible').join('.') : '') + ' "' + name + '"';
  // A palette toggle is a hidden radio button; Material draws its focus on the label after it.
  const target = el.matches('input.md-option') ? el.nextElementSibling : el;
  const s = getComputedStyle(target);
  const r = target.getBoundingClientRect();
  const inView = r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight && s.visibility !== 'hidden';
  let opaque = true;
  for (let n = target; n && n.nodeType === 1; n = n.parentElement) {
    if (parseFloat(getComputedStyle(n).opacity) === 0) { opaque = false; break; }
  }
  const before = target.__unfocused || {outline: 'none 0px', shadow: 'none', bg: 'rgba(0, 0, 0, 0)'};
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const now = s.outlineStyle + ' ' + s.outlineWidth;
  const marked = (outline && now !== before.outline) || s.boxShadow !== before.shadow
    || s.backgroundColor !== before.bg
    // The search field shows focus by opening the search dialog around it.
    || (el.matches('input.md-search__input') && document.getElementById('__search').checked);
  return {id: el.__gateIndex ?? what, what, visible: inView && opaque, marked,
          style: now + ' / ' + s.boxShadow, box: [r.left, r.top, r.width, r.height].map(Math.round)};
}"""


# Material's breakpoint and toggle: talksite.material_facts, search-scroll-lock and search-toggle.
SCROLL_LOCK_SETTLED_JS = """() => { const search = document.getElementById('__search');
    return document.body.hasAttribute('data-md-scrolllock')
        === (!!search && search.checked && !matchMedia('(min-width: 60em)').matches); }"""


async def _walk_focus(page, limit: int = 600) -> tuple[list[dict], bool]:
    """Tab from the top of a fresh page until a stop comes round again; returns the stops, and
    whether that stop was the first (so Tab went through the whole page and back, with no trap)."""
    stops: list[dict] = []
    seen: set = set()
    for _ in range(limit):
        await page.keyboard.press("Tab")
        # As a person pauses between keys: let Material finish answering the last one. Below
        # 60em it locks the page's scroll 400 ms after the search opens and unlocks it 100 ms
        # after it closes; a stop focused while the lock is on cannot scroll into view
        # (talksite.material_facts: search-scroll-lock).
        await _settled(page, SCROLL_LOCK_SETTLED_JS, "null")
        stop = await page.evaluate(FOCUS_JS)
        if stop is None:  # past the last element, focus leaves the document before wrapping
            continue
        if stop["id"] in seen:
            return stops, stop["id"] == stops[0]["id"]
        if not (stop["visible"] and stop["marked"]):
            # Material's scripts may still be at work (a fade, the search's scroll lock): wait for
            # this stop to show, no longer than SETTLE_MS, and record what it shows then.
            stop = await _settled(page, f"() => {{ const s = ({FOCUS_JS})(); return !s || (s.visible && s.marked); }}",
                                  FOCUS_JS) or dict(stop, what=stop["what"] + " (then focus was lost)", visible=False)
        seen.add(stop["id"])
        stops.append(stop)
    return stops, False
