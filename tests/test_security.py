"""Safe to publish (issue 10): script never comes from data, the handout embeds nothing foreign,
redirects stay on the site, and every page carries a Content-Security-Policy.

A copy of the project gets hostile values in every structured field (front matter, site_name, a
session plan, a glossary definition) and is built with `scripts/build.py build`; Chromium then
opens every page, hovers a term, and must see no script run, no dialog and no request leave
127.0.0.1. Hostile handout content and redirect targets must stop the build at their file:line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

from browser import SETTLE_MS
import pytest
import yaml
from conftest import ROOT, copy_project, serving

# Each payload, if it ever became markup, would set window.__pwned, open a dialog or fetch a
# remote URL. "{N}" numbers them, so a failure names the field that leaked.
PAYLOADS = [
    '<img src=x onerror="window.__pwned={N};alert({N})">',
    "<script>window.__pwned={N};alert({N})</script>",
    '<img src="https://evil.example/{N}.png">',
    "[click](javascript:window.__pwned={N})",
    'text{{: onmouseover="window.__pwned={N}" }}',
    "&lt;img src=x onerror=window.__pwned={N}&gt;",
]


def payload(n: int) -> str:
    """The n-th field's payload: the kinds in turn (all of them would overflow the 8-page handout)."""
    return PAYLOADS[n % len(PAYLOADS)].format(N=n)


def build(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, TALKSITE_NO_BOOTSTRAP="1", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, str(project / "scripts" / "build.py"), *args], cwd=project,
                          env=env, capture_output=True, text=True, timeout=600)


def _front_matter(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    _, meta, body = text.split("---\n", 2)
    data = yaml.safe_load(meta)
    change(data)
    path.write_text("---\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "---\n" + body,
                    encoding="utf-8")


def _poison(project: Path) -> None:
    counter = iter(range(1, 1000))

    def fill(data: dict) -> None:
        data["description"] = payload(next(counter))
        data["title"] = "Roles " + payload(next(counter))
        for key in ("objectives", "takeaways", "questions"):
            data[key] = [payload(next(counter)) for _ in data[key]]

    _front_matter(project / "docs" / "roles.md", fill)

    def plan(data: dict) -> None:
        data["plans"]["plan-45"]["steps"][0]["activity"] = payload(next(counter))

    _front_matter(project / "docs" / "facilitator-guide.md", plan)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("site_name: Leadership vs Management", f"site_name: 'LvM {payload(next(counter))}'")
    # A page redirect, so a redirect page (the plugin's own inline script) is built and visited too.
    config.write_text(text.replace("      redirect_maps: {}", "      redirect_maps:\n        moved-away.md: roles.md"),
                      encoding="utf-8")
    glossary = project / "docs" / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    first = re.search(r"^:   ", text, re.MULTILINE)
    escaped = "&lt;img src=x onerror=window.__pwned=99;alert(99)&gt; "
    glossary.write_text(text[:first.end()] + escaped + text[first.end():], encoding="utf-8")


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("poisoned"))
    _poison(project)
    result = build(project, "build")
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


@pytest.fixture(scope="module")
def poisoned_server(poisoned):
    with serving(poisoned) as base:
        yield base


def _pages(site_dir: Path) -> list[str]:
    return sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html"))


def test_no_payload_becomes_markup_in_any_built_page(poisoned):
    from bs4 import BeautifulSoup

    for rel in _pages(poisoned):
        soup = BeautifulSoup((poisoned / rel).read_text(encoding="utf-8"), "html.parser")
        for element in soup.find_all(True):
            handlers = [a for a in element.attrs if a.lower().startswith("on")]
            assert not handlers, f"{rel}: <{element.name}> has event handler {handlers}"
            for attr in ("href", "src"):
                value = str(element.get(attr) or "")
                assert not value.lower().startswith("javascript:"), f"{rel}: {attr}={value}"
                assert "evil.example" not in value, f"{rel}: {attr}={value}"
        for script in soup.find_all("script"):
            assert "__pwned" not in script.get_text(), f"{rel}: a payload became a script"


def test_every_page_carries_the_content_security_policy(poisoned):
    from bs4 import BeautifulSoup

    for rel in _pages(poisoned):
        meta = BeautifulSoup((poisoned / rel).read_text(encoding="utf-8"), "html.parser").find(
            "meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta is not None, f"{rel} has no Content-Security-Policy"
        policy = dict(d.strip().split(" ", 1) for d in meta["content"].split(";"))
        assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
        sources = policy["script-src"].split()
        assert sources[0] == "'self'" and all(s.startswith("'sha256-") for s in sources[1:]), rel
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]


def test_payloads_run_no_script_open_no_dialog_and_request_nothing_elsewhere(poisoned, poisoned_server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    dialogs, requests, errors = [], [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for rel in _pages(poisoned):
            page.goto(poisoned_server + rel)
            page.wait_for_load_state("networkidle")
            for term in page.locator("article a.term").all()[:3]:
                term.hover()
            for handler_host in page.locator("article li:visible, article td:visible").all()[:40]:
                handler_host.hover()  # a leaked onmouseover would fire here
            assert page.evaluate("window.__pwned") is None, f"{rel}: payload {page.evaluate('window.__pwned')} ran"
        # The tooltip of the poisoned term shows the definition as text.
        page.goto(poisoned_server + "roles/")
        page.wait_for_load_state("networkidle")
        term = page.locator("article a.term").first
        term.hover()
        tip = page.locator(".md-tooltip2").first
        tip.wait_for(state="attached", timeout=SETTLE_MS)
        assert page.evaluate("window.__pwned") is None
    finally:
        context.close()
    assert dialogs == [], f"dialogs opened: {dialogs}"
    outside = [u for u in requests if urlparse(u).hostname not in ("127.0.0.1", None) and not u.startswith("data:")]
    assert outside == [], f"requests left 127.0.0.1: {outside}"


def test_glossary_tooltip_shows_markup_as_text(poisoned, poisoned_server, browser):
    uses = [rel for rel in _pages(poisoned) if re.search(r'class="term" title="[^"]*onerror',
                                                           (poisoned / rel).read_text(encoding="utf-8"))]
    assert uses, "no page links the poisoned term"
    page = browser.new_page()
    try:
        page.goto(poisoned_server + uses[0])
        page.wait_for_load_state("networkidle")
        page.locator("article a.term[title*=onerror]").first.hover()
        page.wait_for_function("() => [...document.querySelectorAll('.md-tooltip2__inner')]"
                               ".some(t => t.textContent.includes('<img src=x onerror'))", timeout=SETTLE_MS)
        assert page.locator(".md-tooltip2__inner img").count() == 0
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.mark.parametrize("href, stopped_by", [
    ("file:///etc/hostname", "[local-file]"),  # the check refuses it before rendering
    ("https://evil.example/notes.txt", "the handout would read"),  # the handout's fetcher refuses it
])
@pytest.mark.slow  # a whole build of its own
def test_a_handout_attachment_stops_the_build_at_its_line(tmp_path, href, stopped_by):
    project = copy_project(tmp_path)
    page = project / "docs" / "roles.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    # A table row: the handout keeps tables, so WeasyPrint would embed the attachment.
    row = next(n for n, line in enumerate(lines) if line.startswith("|") and "---" not in line and n > 0
               and lines[n - 1].startswith("| ---"))
    lines[row] = lines[row].replace("| ", f'| <a rel="attachment" href="{href}">notes</a> ', 1)
    page.write_text("".join(lines), encoding="utf-8")
    (project / "site").mkdir()
    (project / "site" / "keep.txt").write_text("previous site")
    result = build(project, "build")
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"docs/roles.md:{row + 1}:" in result.stderr and href in result.stderr, result.stderr[-2000:]
    assert stopped_by in result.stderr and "Traceback" not in result.stderr
    assert (project / "site" / "keep.txt").read_text() == "previous site"
    assert not (project / "site" / "handout.pdf").exists()


def test_the_handout_fetcher_refuses_anything_the_build_did_not_make(tmp_path):
    """The renderer's own guard, behind the check: a remote image and a local file both stop it."""
    import weasyprint

    sys.path.insert(0, str(ROOT / "scripts"))
    from talksite import fetch
    from talksite.project import Site

    site = Site(ROOT)
    allowed = tmp_path / "staging"
    allowed.mkdir()
    (allowed / "ok.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    fetcher = fetch.handout_fetcher(site, [allowed])
    html = f'<img src="{(allowed / "ok.svg").as_uri()}"><img src="data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E">'
    weasyprint.HTML(string=html, url_fetcher=fetcher).render()  # what the build made: allowed
    for foreign in ("https://evil.example/x.png", "file:///etc/hostname"):
        with pytest.raises(BaseException) as caught:
            weasyprint.HTML(string=f'<img src="{foreign}">', url_fetcher=fetcher).render()
        refused = fetch.refusal(caught.value)
        assert refused is not None and foreign in str(refused), caught.value


@pytest.mark.parametrize("entry, rule", [
    ("  fragment_redirects:\n    roles.md#leaders: //evil.example/x.md#y", "redirect-form"),
    ("  fragment_redirects:\n    roles.md#leaders: ../outside.md#y", "redirect-form"),
])
def test_a_fragment_redirect_off_the_site_stops_the_build_at_its_line(scratch, entry, rule):
    project = scratch
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  fragment_redirects: {}", entry), encoding="utf-8")
    result = build(project, "build")
    line = _line_of(config, "roles.md#leaders")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}:1: error:" in result.stderr and f"[{rule}]" in result.stderr, result.stderr


def test_a_page_redirect_to_another_host_stops_the_build_at_its_line(scratch):
    project = scratch
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("      redirect_maps: {}",
                                   "      redirect_maps:\n        old.md: https://evil.example/\n"
                                   "        older.md: //evil.example/x.md"), encoding="utf-8")
    result = build(project, "check")
    assert result.returncode == 1
    for needle in ("old.md: https", "older.md: //"):
        assert f"mkdocs.yml:{_line_of(config, needle)}:1: error: page redirect" in result.stderr, result.stderr


def test_links_js_refuses_a_redirect_that_leaves_the_site(built, server, page):
    """Even if the data in a page were tampered with, the browser stays on the site."""
    page.goto(server + "roles/")
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => {
        const el = document.getElementById('talksite-links');
        const data = JSON.parse(el.textContent);
        data.fragmentRedirects['roles/'] = {gone: '//evil.example/x/#y', gone2: 'https://evil.example/'};
        el.textContent = JSON.stringify(data);
    }""")
    for fragment in ("gone", "gone2"):
        page.evaluate(f"location.hash = '{fragment}'")
        page.wait_for_function("hash => location.hash === hash", arg=f"#{fragment}")
        page.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))")
        assert urlparse(page.url).hostname == "127.0.0.1", page.url


def test_a_redirect_page_works_under_the_policy(poisoned, poisoned_server, browser):
    assert (poisoned / "moved-away" / "index.html").is_file()
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        page.goto(poisoned_server + "moved-away/#leader-role")
        page.wait_for_url("**/roles/#leader-role", timeout=SETTLE_MS)
    finally:
        page.close()
    assert errors == []
