"""What the site asks a browser to download (issue 13): one fingerprinted, minified stylesheet and
script of ours made from mkdocs.yml's lists, print rules that never block rendering, deferred
scripts, a search index without repeats, and precompressed copies that equal their originals."""

from __future__ import annotations

import pytest

import gzip
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import brotli
import tinycss2
from bs4 import BeautifulSoup
from browser import goto
from conftest import copy_project, mkdocs_build, serving
from hypothesis import given
from hypothesis import strategies as st

from talksite import assets, offline, prune_css, search_index

BUNDLE = re.compile(r"(?:^|/)site\.[0-9a-f]{8}\.min\.(css|js)$")


def _pages(built):
    for html in sorted(built.dir.rglob("*.html")):
        base = html.parent.relative_to(built.dir).as_posix()
        yield html, base, BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")


def _listed(site, key: str) -> list[str]:
    return [item if isinstance(item, str) else item["path"] for item in site.config.get(key, [])]


def _only_print(css: str) -> bool:
    """True when every rule of the stylesheet sits inside @media print."""
    rules = [r for r in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)]
    return bool(rules) and all(r.type == "at-rule" and r.lower_at_keyword == "media"
                               and tinycss2.serialize(r.prelude).strip().lower() == "print" for r in rules)


def _selectors(css: str) -> set[str]:
    """Every qualified rule's selector (whitespace normalised), at any @media depth."""
    found = set()

    def walk(rules):
        for rule in rules:
            if rule.type == "qualified-rule":
                found.add(re.sub(r"\s*([,>+~])\s*", r"\1", " ".join(tinycss2.serialize(rule.prelude).split())))
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword == "media":
                walk(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))

    walk(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return found


def test_every_page_loads_one_bundle_of_each_kind_and_nothing_listed_separately(site, built):
    listed = {name.rsplit("/", 1)[-1] for name in _listed(site, "extra_css") + _listed(site, "extra_javascript")}
    for html, base, soup in _pages(built):
        urls = [t.get("href") or t.get("src") for t in soup.select("link[rel=stylesheet][href], script[src]")]
        ours = [u for u in urls if BUNDLE.search(u)]
        assert sorted(BUNDLE.search(u).group(1) for u in ours) == ["css", "js"], html
        for url in ours:
            assert built.resolve(base, url)[0].is_file(), (html, url)
        assert not [u for u in urls if u.rsplit("/", 1)[-1] in listed], html


def test_the_bundles_hold_every_listed_file_minified(site, built):
    (css,) = built.dir.glob("assets/stylesheets/site.*.min.css")
    (js,) = built.dir.glob("assets/javascripts/site.*.min.js")
    bundle = css.read_text(encoding="utf-8")
    sources = [(site.docs_dir / p).read_text(encoding="utf-8") for p in _listed(site, "extra_css")]
    for source in sources:
        assert _selectors(source) <= _selectors(bundle)
    assert len(bundle) < sum(map(len, sources)) and "/*" not in bundle  # minified: no comments
    scripts = [(site.docs_dir / p).read_text(encoding="utf-8") for p in _listed(site, "extra_javascript")]
    code = js.read_text(encoding="utf-8")
    for source in scripts:  # every string literal of every script survives minification
        code_only = re.sub(r"/\*.*?\*/|^\s*//.*$", "", source, flags=re.S | re.M)
        # Literals matched in order, both quote kinds, so the code between two is never taken for one.
        literals = re.findall(r'"((?:[^"\\\n]|\\.)*)"|\'(?:[^\'\\\n]|\\.)*\'', code_only)
        for literal in [lit for lit in literals if len(lit) >= 6 and "\\" not in lit]:
            assert literal in code
    assert len(code) < sum(map(len, scripts))


def test_the_inline_scripts_of_every_page_are_minified(built):
    """They are in every page's HTML (overrides/: palette, search on demand, head start)."""
    for html, _, soup in _pages(built):
        for script in soup.find_all("script", src=False):
            if script.get("type") in ("application/json",) or not script.string:
                continue
            text = script.string
            assert not re.search(r"^[ \t]+\S", text, re.M), (html, "indented lines", text[:80])
            assert "/*" not in text and not re.search(r"^\s*//", text, re.M), (html, "comments", text[:80])


def test_no_stylesheet_of_print_rules_only_blocks_rendering_and_scripts_are_deferred(built):
    blocking = {}  # stylesheet -> a page that loads it for every medium
    for html, base, soup in _pages(built):
        for link in soup.select("link[rel=stylesheet][href]"):
            if link.get("media", "all").strip().lower() != "print":
                blocking.setdefault(built.resolve(base, link["href"])[0], html)
        for script in soup.select("script[src]"):
            if BUNDLE.search(script["src"]):
                assert script.has_attr("defer"), html
    for target, html in blocking.items():  # each stylesheet read once: every page loads the same few
        assert not _only_print(target.read_text(encoding="utf-8")), (html, target)
    (css,) = built.dir.glob("assets/stylesheets/site.*.min.css")
    assert "@media print" in css.read_text(encoding="utf-8")  # print rules arrive with the bundle


def test_print_only_stylesheet_is_recognised():
    assert _only_print("@media print { a { color: red } }")
    assert not _only_print("a { color: red } @media print { a { color: blue } }")


@pytest.mark.slow  # a whole build of its own
def test_a_stylesheet_elsewhere_with_a_relative_url_stops_the_build(tmp_path):
    """Bundled into the first stylesheet's folder, its url() would point elsewhere: refused, located."""
    from types import SimpleNamespace

    from talksite.errors import SiteError

    texts = {"assets/stylesheets/site.css": "a { color: red }", "extra/more.css": "b { background: url(x.png) }"}
    files = SimpleNamespace(get_file_from_path=lambda path: SimpleNamespace(content_string=texts[path]))
    config = SimpleNamespace(extra_css=list(texts), extra_javascript=[], docs_dir=str(tmp_path / "docs"),
                             config_file_path=str(tmp_path / "mkdocs.yml"))
    with pytest.raises(SiteError) as refused:
        assets.bundle(files, config)
    assert str(refused.value).startswith("docs/extra/more.css:1:1: error: relative url() in a stylesheet outside")
    assert str(refused.value).endswith("[stylesheet-url]")


def test_a_listed_file_added_or_changed_gets_into_a_bundle_with_a_new_name(built, tmp_path):
    project = copy_project(tmp_path)
    (project / "docs/assets/stylesheets/extra-mutant.css").write_text(".mutant-rule { color: red }\n")
    (project / "docs/assets/javascripts/extra-mutant.js").write_text('(function () { window.mutant = "mutant-js"; })();\n')
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("extra_css:\n", "extra_css:\n  - assets/stylesheets/extra-mutant.css\n", 1)
    config = config.replace("extra_javascript:\n", "extra_javascript:\n  - assets/javascripts/extra-mutant.js\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(project, out)
    assert result.returncode == 0, result.stderr
    (css,) = out.glob("assets/stylesheets/site.*.min.css")
    (js,) = out.glob("assets/javascripts/site.*.min.js")
    assert ".mutant-rule" in css.read_text() and "mutant-js" in js.read_text()
    assert not (out / "assets/stylesheets/extra-mutant.css").exists()
    before = {p.name for p in built.dir.glob("assets/*/site.*.min.*") if BUNDLE.search(p.name)}
    assert {css.name, js.name}.isdisjoint(before)
    page = (out / "roles/index.html").read_text(encoding="utf-8")
    assert css.name in page and js.name in page


@given(st.binary(), st.binary())
def test_fingerprint_follows_the_content(a, b):
    assert assets.fingerprint(a) == assets.fingerprint(bytes(a))
    if a != b:
        assert assets.fingerprint(a) != assets.fingerprint(b)


def test_precompressed_copies_decompress_to_their_original(produced):
    # The published build's step: drafts (the `built` fixture) skip it.
    copies = sorted(produced.rglob("*.br")) + sorted(produced.rglob("*.gz"))
    assert {p.suffix for p in copies} == {".br", ".gz"}
    names = {p.relative_to(produced).as_posix() for p in copies}
    for page in ("index.html", "roles/index.html", "search/search_index.json"):
        assert {page + ".gz", page + ".br"} <= names
    for copy in copies:
        original = copy.with_suffix("").read_bytes()
        unpacked = gzip.decompress(copy.read_bytes()) if copy.suffix == ".gz" else brotli.decompress(copy.read_bytes())
        assert unpacked == original, copy
    assert not list(produced.rglob("*.map.gz")) and not list(produced.rglob("*.png.gz"))


def _blocks(text: str) -> list[str]:
    return [" ".join(m.group(2).split()) for m in re.finditer(r"<(p|li|dt|dd|td|th)>(.*?)</\1>", text, re.S)]


def test_search_index_holds_each_text_once_at_a_place_that_exists(built):
    index = json.loads((built.dir / "search/search_index.json").read_text(encoding="utf-8"))
    counts = Counter(block for doc in index["docs"] for block in _blocks(doc["text"]))
    assert [b for b, n in counts.items() if n > 1] == []
    pages: dict = {}
    for doc in index["docs"]:
        page, _, anchor = doc["location"].partition("#")
        soup = pages[page] if page in pages else pages.setdefault(page, built.html(page))
        assert soup is not None and (not anchor or soup.find(id=anchor)), doc["location"]


def test_a_repeated_text_stays_where_the_reader_meets_it_first(built, site):
    """A transcript paragraph that a section quotes, and a section's takeaways that Key points
    gathers, are found at the section, not at the page that repeats them."""
    index = json.loads((built.dir / "search/search_index.json").read_text(encoding="utf-8"))
    where = {block: doc["location"] for doc in index["docs"] for block in _blocks(doc["text"])}
    key_points = built.html("key-points/")
    takeaway = " ".join(key_points.select_one("article li").get_text().split())
    assert takeaway in where and not where[takeaway].startswith("key-points/")
    talk = built.html("talk/")
    first = " ".join(talk.select_one("p.talk-paragraph").get_text().split())
    located = [loc for block, loc in where.items() if first in block]
    assert located and not located[0].startswith("talk/")


def test_deduplicate_keeps_the_first_place_and_every_entry():
    docs = [{"location": "a/#x", "title": "X", "text": "<p>one</p> <ul><li>two</li></ul>"},
            {"location": "b/", "title": "B", "text": "<p>one</p> <p>three</p>"},
            {"location": "b/#y", "title": "Y", "text": "<ul><li>two</li></ul>"}]
    out = search_index.deduplicate(docs)
    assert [d["text"] for d in out] == ["<p>one</p> <ul><li>two</li></ul>", "<p>three</p>", ""]
    assert [d["title"] for d in out] == ["X", "B", "Y"]


def test_offline_copy_carries_the_bundles_and_no_host_only_copies(offline_zip):
    with zipfile.ZipFile(offline_zip) as archive:
        names = set(archive.namelist())
        page = archive.read(f"{offline.ZIP_FOLDER}/roles.html").decode()
    bundles = re.findall(r'(?:href|src)="([^"]*site\.[0-9a-f]{8}\.min\.(?:css|js))"', page)
    assert len(bundles) == 2
    for url in bundles:
        assert f"{offline.ZIP_FOLDER}/{url}" in names
    assert not [n for n in names if n.endswith((".gz", ".br", ".map"))]


def _unpruned_copy(built, tmp_path):
    """The built site with Material's stylesheets as Material ships them, pages pointing at them."""
    import shutil

    import material

    copy = tmp_path / "unpruned"
    shutil.copytree(built.dir, copy)
    shipped = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    for stem in prune_css.STYLESHEETS:
        (pruned,) = (copy / "assets/stylesheets").glob(f"{stem}.*.min.css")
        (original,) = shipped.glob(f"{stem}.*.min.css")
        assert pruned.name != original.name and pruned.stat().st_size < original.stat().st_size
        shutil.copy(original, copy / "assets/stylesheets" / original.name)
        for page in copy.rglob("*.html"):
            page.write_text(page.read_text(encoding="utf-8").replace(pruned.name, original.name), encoding="utf-8")
    return copy


def _states(page, width):
    """Screenshots of a page at rest, then of the states scripts set on it: search results, and
    the navigation drawer (phones) or a term's tooltip (desktop).

    The header's search field is masked: its placeholder is drawn in one of two greys on
    identical loads of the same page with the same stylesheet (measured, up to 200 pixels)."""
    mask = {"mask": [page.locator("input.md-search__input")], "animations": "disabled"}
    shots = [page.screenshot(full_page=True, **mask)]
    page.keyboard.press("/")
    page.wait_for_function("() => document.activeElement.matches('input.md-search__input')")
    # The whole query at once (Material searches on keyup): typing it letter by letter would
    # show the results of its first letters for a moment, and the screenshot could catch those.
    page.locator("input.md-search__input").fill("resources")
    page.keyboard.press("End")
    page.locator(".md-search-result__item").first.wait_for(state="visible")
    shots.append(page.screenshot(**mask))
    page.keyboard.press("Escape")
    if width < 800:
        page.locator("button.site-drawer-button").click()
        page.locator(".md-sidebar--primary").wait_for(state="visible")
    else:
        term = page.locator("article a.term").first
        if term.count():
            term.hover()
            page.locator(".md-tooltip2").first.wait_for(state="visible")
    shots.append(page.screenshot(**mask))
    return shots


# Chromium without a GPU does not draw anti-aliased edges and text identically twice: the same
# page loaded again from the same server differed in up to 335 pixels, each by at most 39 of 255
# outside the search field (measured). A rule lost to pruning changes far more: a colour, a border, a layout. So a pixel
# counts as changed when it differs by more than NOISE_LEVEL, and only NOISE_PIXELS may.
NOISE_LEVEL, NOISE_PIXELS = 48, 16


def _differing_pixels(a: bytes, b: bytes) -> int:
    import io

    from PIL import Image, ImageChops

    first, second = (Image.open(io.BytesIO(x)).convert("RGB") for x in (a, b))
    if first.size != second.size:
        return first.size[0] * first.size[1]
    return sum(ImageChops.difference(first, second).convert("L").histogram()[NOISE_LEVEL + 1:])


def test_pruned_material_css_changes_no_pixel(built, browser, site, tmp_path):
    """Every page at 390 and 1280 px, light and dark, at rest and in the states the scripts set,
    looks the same with Material's stylesheets as shipped and as pruned."""
    unpruned = _unpruned_copy(built, tmp_path)
    with serving(built.dir) as pruned_base, serving(unpruned) as shipped_base:
        for width in (390, 1280):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                              reduced_motion="reduce")
                page = context.new_page()
                for url in [p.url for p in site.pages]:
                    shots = []
                    for base in (pruned_base, shipped_base):
                        goto(page, base + url)
                        shots.append(_states(page, width))
                    for state, (pruned, shipped) in enumerate(zip(*shots)):
                        assert _differing_pixels(pruned, shipped) <= NOISE_PIXELS, \
                            f"/{url} at {width}px {scheme}, state {state}"
                context.close()


def test_pruning_keeps_what_the_site_names_and_drops_what_it_cannot_produce():
    css = (".md-typeset .tabbed-set{color:red}.md-typeset p,.md-typeset .unused{margin:0}"
           "[data-md-color-primary=pink]{--x:1}[data-md-color-primary=indigo]{--x:2}"
           "a[href^=\"#\"]{x:y}.md-tag--draft{a:b}@media print{.unused{a:b}.md-typeset{c:d}}"
           ":not(.unused) > p{e:f}@keyframes spin{to{transform:rotate(1turn)}}")
    words = {"md-typeset", "p", "data-md-color-primary", "indigo", "a", "href"}
    out = prune_css.prune(css, words, ("md-tag--",))
    assert "tabbed-set" not in out and "pink" not in out and ".unused{" not in out
    for kept in (".md-typeset p{margin:0}", "[data-md-color-primary=indigo]", 'a[href^="#"]', ".md-tag--draft",
                 "@media print{.md-typeset{c:d}}", ":not(.unused) > p", "@keyframes spin"):
        assert kept in out, kept
