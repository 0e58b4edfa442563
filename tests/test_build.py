"""The build itself: strict and clean, every page in the nav, explicit ids, nothing external."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from urllib.parse import urlparse

from bs4 import BeautifulSoup
import pytest
from conftest import copy_project, mkdocs_build

# The pages the site promises (issue "Foundation"): URL -> what it is.
PROMISED = {
    "": "home",
    "definitions/": "definitions",
    "roles/": "roles",
    "focus/": "focus",
    "synergies/": "synergies",
    "competencies/": "modern competencies",
    "conclusion/": "conclusion",
    "talk/": "the full talk",
    "glossary/": "glossary",
}


def test_strict_build_logs_no_warning(built):
    assert "WARNING" not in built.log


def test_every_promised_page_is_built_and_in_the_nav(built):
    nav = built.html("").select("nav.md-nav--primary a.md-nav__link[href]")
    nav_targets = {built.resolve("", a["href"])[0] for a in nav}
    for url in PROMISED:
        page = built.dir / url / "index.html"
        assert page.is_file(), f"{PROMISED[url]} page missing at /{url}"
        assert page.resolve() in nav_targets, f"{PROMISED[url]} page /{url} is not in the nav"


def _explicit_ids(markdown: str) -> list[str]:
    in_fence, ids = False, []
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and re.match(r"#{2,3} ", line):
            match = re.search(r"\{[^}]*#([\w-]+)[^}]*\}\s*$", line)
            assert match, f"heading without an explicit id: {line!r}"
            ids.append(match.group(1))
    return ids


def test_every_h2_h3_has_the_id_written_in_its_source(site, built):
    from talksite import render

    for page in site.pages:
        # Generated pages (trainers' index, key points) write their headings through directives.
        written = _explicit_ids(render.expand(page.body, page, site))
        rendered = [h.get("id") for h in built.html(page.url).select("article h2, article h3")]
        assert rendered == written, f"{page.src}: built ids {rendered} != written ids {written}"


def test_no_generated_duplicate_ids(site, built):
    for page in site.pages:
        ids = [el["id"] for el in built.html(page.url).select("[id]")]
        assert len(ids) == len(set(ids)), f"{page.src}: duplicate ids"
        assert not [i for i in ids if re.search(r"_\d+$", i) and not i.startswith("__")], page.src


# URLs that appear in the files pages load but are never requested. Each is justified:
ALLOWED_FOREIGN = {
    # XML namespace names (inline SVG, Material's CSS icons): identifiers, never fetched.
    "www.w3.org",
    # Licence notice inside Material's CSS comment.
    "fontawesome.com",
    # Material's bundle.js: GitHub/GitLab API calls only run when repo_url is set (it is not);
    # unpkg.com serves mermaid only to pages with a .mermaid block (none) and a ResizeObserver
    # polyfill only to browsers without it; clipboardjs.com is a licence comment.
    "api.github.com", "unpkg.com", "clipboardjs.com",
    # Search worker: lunr's source comments.
    "lunrjs.com", "tartarus.org", "bit.ly",
}


def _loaded_files(built):
    """Every page, plus each CSS and JS file a page links to, plus the search worker."""
    files = set()
    for html in built.dir.rglob("*.html"):
        files.add(html)
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        base = html.parent.relative_to(built.dir).as_posix()
        for tag in soup.select("link[rel=stylesheet][href], script[src]"):
            files.add(built.resolve(base, tag.get("href") or tag["src"])[0])
    files.update(built.dir.glob("assets/javascripts/workers/*.js"))
    return files


def test_pages_reference_no_other_host(site, built):
    own = urlparse(site.site_url).hostname
    for path in _loaded_files(built):
        text = path.read_text(encoding="utf-8", errors="replace")
        for host in re.findall(r"https?://([\w.-]+)", text):
            assert host == own or host in ALLOWED_FOREIGN, f"{path.relative_to(built.dir)} names {host}"
    config = site.config
    assert "repo_url" not in config, "repo_url makes Material call the GitHub API"
    assert config["theme"].get("font") is False, "theme.font must be false: no Google Fonts"
    for page in built.dir.rglob("*.html"):
        assert "mermaid" not in page.read_text(encoding="utf-8"), f"{page}: mermaid loads from unpkg.com"


def test_a_failed_render_leaves_the_published_site_untouched(tmp_path):
    project = copy_project(tmp_path)
    site_dir = project / "site"
    site_dir.mkdir()
    (site_dir / "index.html").write_text("previous build")
    # The check passes (it does not read templates); rendering fails on the broken template.
    (project / "overrides" / "main.html").write_text('{% extends "base.html" %}{% block content %}', encoding="utf-8")
    # build.main() is the CLI without its venv bootstrap (this test already runs inside .venv/).
    result = subprocess.run([sys.executable, "-c", "import sys; sys.path.insert(0, 'scripts'); "
                             "import build; sys.exit(build.main(['build']))"],
                            cwd=project, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert "no problems in" in result.stdout, "the check should have passed"
    assert "error: build failed, site/ left unchanged" in result.stderr
    assert [p.name for p in site_dir.iterdir()] == ["index.html"]
    assert (site_dir / "index.html").read_text() == "previous build"
    assert not list(project.glob(".site-*")), "the staging folder was not cleaned up"


@pytest.mark.slow
def test_a_placeholder_address_fails_a_strict_build_and_every_page_and_sheet_says_so(tmp_path, monkeypatch):
    """mkdocs.yml's own site_url is a reserved example domain until the site is published: a
    --strict build refuses it, and a plain build puts a notice on every page and printout."""
    from talksite import handout, printing
    from talksite.project import Site

    project = copy_project(tmp_path)
    monkeypatch.delenv("TALKSITE_SITE_URL")
    strict = mkdocs_build(project, tmp_path / "strict")
    assert strict.returncode != 0 and "[placeholder-address]" in strict.stderr
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TALKSITE_DRAFT="1")
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(tmp_path / "site")],
                           cwd=project, env=env, capture_output=True, text=True)
    assert plain.returncode == 0, plain.stderr
    site = Site(project)
    assert site.placeholder and "example.org" in site.site_url
    for page in site.pages:
        notice = BeautifulSoup((tmp_path / "site" / page.url / "index.html").read_text(encoding="utf-8"),
                               "html.parser").select("article .ts-notice")
        assert len(notice) == 1 and "placeholder" in notice[0].get_text(), page.src
    sections = handout.teaching_sections(site, tmp_path / "site")
    sheet = handout.document_html(site, sections[:1], sheet=True, epoch=0)
    assert printing.placeholder_notice(site, paper=True) in sheet
