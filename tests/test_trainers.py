"""Links for trainers: sections, sections.json, the trainers' page, key points, session plans, term uses."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from talksite import links, printing, sections, teaching, term_uses
from talksite.errors import SiteError
from talksite.project import Page, Site

TRANSCRIPT = " ".join((ROOT / "docs" / "transcript.txt").read_text(encoding="utf-8").split())


def _page(body: str, meta: dict | None = None, src: str = "roles.md") -> Page:
    return Page(src=src, text=body, meta=meta or {}, body=body, body_line=1)


# --- talksite.sections, as a unit ---------------------------------------------------------------

def test_headings_are_read_with_level_title_and_id_outside_code():
    page = _page("# Roles\n\n## What *leaders* do {#leader-role}\n\n```\n## Not a heading {#no}\n```\n\n"
                 "### Sub `x` {: #sub .wide }\n\n## No id\n")
    found = sections.headings(page)
    assert [(h.level, h.title, h.id) for h in found] == [(2, "What leaders do", "leader-role"), (3, "Sub x", "sub")]


def test_summary_is_our_first_sentence_never_the_quote(site):
    page = _page("## Leaders {#leaders}\n\n> Leaders provide inspiration.\n\n| a | b |\n| - | - |\n\n"
                 "**In plain words:** a leader gives people a reason. They also decide.\n\n## Next {#next}\n\nMore.\n")
    found = sections.page_sections(page, site)
    assert [s.summary for s in found] == ["A leader gives people a reason.", "More."]
    assert found[0].url == site.site_url + "roles/#leaders"


def test_summary_override_and_title_fallback(site):
    page = _page("## Table {#table}\n\n| a | b |\n| - | - |\n\n## Other {#other}\n\n> Only a quote.\n",
                 meta={"summaries": {"table": "A *table* of [things](x.md)."}})
    assert [s.summary for s in sections.page_sections(page, site)] == ["A table of things.", "Other"]


def test_a_summary_for_a_missing_heading_is_no_generator_error(site):
    # The check reports it (rule summaries, tests/test_check_corpus.py); the generator just skips it.
    page = _page("## Table {#table}\n\nText.\n", meta={"summaries": {"tabel": "Typo."}})
    assert [s.summary for s in sections.page_sections(page, site)] == ["Text."]


def test_a_long_first_sentence_is_cut_at_a_word():
    text = "word " * 80 + "end."
    cut = sections.first_sentence(text)
    assert len(cut) <= sections.MAX_SUMMARY and cut.endswith("word…")


def test_no_summary_repeats_the_speakers_words(site):
    for section in sections.all_sections(site):
        assert section.summary not in TRANSCRIPT, f"{section.page.src}#{section.id}: summary is a quote"


# --- talksite.links -----------------------------------------------------------------------------

def _site_with_extra(tmp_path, extra: str) -> Site:
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\nsite_url: https://x.example/\nextra:\n{extra}",
                                         encoding="utf-8")
    return Site(tmp_path)


def test_fragment_redirects_become_urls_per_page(tmp_path):
    site = _site_with_extra(tmp_path, "  fragment_redirects:\n    roles.md#leaders: roles.md#leader-role\n"
                                      "    index.md#old: synergies.md#effectiveness\n")
    assert links.client_data(site) == {
        "siteUrl": "https://x.example/",
        "fragmentRedirects": {"roles/": {"leaders": "roles/#leader-role"},
                              "": {"old": "synergies/#effectiveness"}},
    }


@pytest.mark.parametrize("entry", ["roles/#leaders: roles.md#leader-role", "roles.md: roles.md#x",
                                   "roles.md#a: roles.md#a"])
def test_a_malformed_fragment_redirect_is_reported_at_its_line(tmp_path, entry):
    site = _site_with_extra(tmp_path, f"  fragment_redirects:\n    {entry}\n")
    with pytest.raises(SiteError) as caught:
        links.fragment_redirects(site)
    assert str(caught.value).startswith("mkdocs.yml:5:1: error: fragment redirect")


def test_the_project_records_fragment_redirects_in_mkdocs_yml(site):
    assert "fragment_redirects" in site.config["extra"]
    assert isinstance(site.config["extra"]["fragment_redirects"], dict)


# --- talksite.teaching --------------------------------------------------------------------------

def _link(current, target):
    return target.src


def test_a_plan_whose_times_do_not_add_up_stops_the_build(site):
    page = _page("", meta={"plans": {"p": {"length": 30, "steps": [{"page": "roles.md", "minutes": 10}, {"activity": "Close",
                                                                                             "minutes": 5, "link": "key-points.md"}]}}},
                 src="facilitator-guide.md")
    with pytest.raises(SiteError, match="plan 'p' takes 15 minutes but its length is 30"):
        teaching.session_plan("p", page, site, _link, "f.md", 3, "facilitator-guide/")
    with pytest.raises(SiteError, match="no session plan 'q'"):
        teaching.session_plan("q", page, site, _link, "f.md", 3, "facilitator-guide/")


def test_a_plan_takes_titles_links_and_questions_from_the_pages(site):
    roles = site.by_src("roles.md")
    page = _page("", meta={"plans": {"p": {"length": 12, "steps": [{"activity": "Hello", "minutes": 2,
                                                                    "link": "index.md#in-brief"},
                                                                   {"page": "roles.md", "questions": 1, "minutes": 10}]}}},
                 src="facilitator-guide.md")
    out = "\n".join(teaching.session_plan("p", page, site, _link, "f.md", 3, "facilitator-guide/"))
    assert "**0:00–0:02** (2 min) · Hello" in out
    assert f"**0:02–0:12** (10 min) · [{roles.title}](roles.md)" in out
    assert roles.meta["questions"][0] in out and roles.meta["questions"][1] not in out


# --- The built site -----------------------------------------------------------------------------

def _element_for(built, site, url: str):
    """The element an absolute URL of this site points to, in the built files (None if missing)."""
    assert url.startswith(site.site_url), url
    path, _, fragment = url[len(site.site_url):].partition("#")
    file = built.dir / path / "index.html"
    if not file.is_file():
        return None
    soup = _read(file)
    return soup.find(id=fragment) if fragment else soup


@functools.lru_cache(maxsize=None)  # read-only here; the built site does not change in a session
def _read(file: Path) -> BeautifulSoup:
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_sections_json_lists_every_heading_and_every_url_resolves(site, built):
    data = json.loads((built.dir / "sections.json").read_text(encoding="utf-8"))
    assert data["site_url"] == site.site_url
    entries = data["sections"]
    assert entries and all(set(e) >= {"title", "page", "anchor", "url", "summary"} for e in entries)
    for entry in entries:
        element = _element_for(built, site, entry["url"])
        assert element is not None, f"{entry['url']} does not resolve in the built site"
        assert element.name in ("h2", "h3") and entry["title"] in element.get_text(" ")
        assert entry["summary"].strip()
    # Their headings come from directives, not sources.
    generated = {"trainers.md", "key-points.md", "facilitator-guide.md"}
    for page in site.pages:
        if page.src in generated:
            continue
        built_ids = [h["id"] for h in built.html(page.url).select("article h2[id], article h3[id]")]
        listed = [e["anchor"] for e in entries if e["source"] == page.src]
        assert listed == built_ids, f"{page.src}: sections.json lists {listed}, the page has {built_ids}"


def test_trainers_page_lists_every_section_with_a_resolving_url(site, built):
    article = built.html("trainers/").select_one("article")
    urls = [code.get_text() for code in article.select("code.ts-url")]
    data = json.loads((built.dir / "sections.json").read_text(encoding="utf-8"))
    for entry in data["sections"]:
        if entry["source"] != "trainers.md":
            assert entry["url"] in urls, f"the trainers' page lacks {entry['url']}"
    for url in urls:
        assert _element_for(built, site, url) is not None, f"{url} does not resolve in the built site"
    # Each section's title links to it, and its summary is shown beside it.
    roles = next(e for e in data["sections"] if e["url"].endswith("roles/#leader-role"))
    item = next(li for li in article.select("li") if roles["url"] in li.get_text())
    assert item.select_one("a[href='../roles/#leader-role']").get_text() == roles["title"]
    assert roles["summary"] in item.get_text(" ")


def test_trainers_pages_are_in_the_nav_with_a_description(site, built):
    nav = built.html("").select("nav.md-nav--primary a.md-nav__link[href]")
    targets = {built.resolve("", a["href"])[0] for a in nav}
    for src, url in [("trainers.md", "trainers/"), ("key-points.md", "key-points/"),
                     ("facilitator-guide.md", "facilitator-guide/")]:
        assert (built.dir / url / "index.html").resolve() in targets, f"/{url} is not in the nav"
        assert site.by_src(src).description


def test_key_points_gathers_every_takeaway_in_reading_order(site, built):
    text = " ".join(built.html("key-points/").select_one("article").get_text(" ").split())
    position = 0
    for page in site.pages:
        for takeaway in page.meta.get("takeaways") or []:
            words = " ".join(re.sub(r"[*_]", "", takeaway).split())
            found = text.find(words, position)
            assert found >= 0, f"key points lack (or misorder) {page.src}: {takeaway!r}"
            position = found


def test_facilitator_plans_last_45_and_90_minutes_and_link_every_step(site, built):
    article = built.html("facilitator-guide/").select_one("article")
    for plan_id, length in [("plan-45", 45), ("plan-90", 90)]:
        heading = article.find(id=plan_id)
        steps = heading.find_next("ol").find_all("li", recursive=False)
        times = [re.match(r"(\d+):(\d\d)–(\d+):(\d\d)", li.get_text(" ", strip=True)) for li in steps]
        assert all(times), f"{plan_id}: a step without its time"
        spans = [(int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])) for m in times]
        assert spans[0][0] == 0 and spans[-1][1] == length
        assert all(a[1] == b[0] for a, b in zip(spans, spans[1:])), f"{plan_id}: gaps or overlaps"
        linked = []
        for li in steps:
            for a in li.select("a[href]"):
                target, _ = built.resolve("facilitator-guide/", a["href"])
                if a.get("type") == "application/pdf":  # paper: made by the full build, not the tests' draft
                    assert target.relative_to(built.dir.resolve()).as_posix() in printing.generated_files(site)
                    continue
                assert target.is_file(), a["href"]
                linked.append(target)
            discuss = [p for p in li.find_all("p", recursive=False) if p.get_text(strip=True) == "Discuss:"]
            for question in (discuss[0].find_next_sibling("ul").find_all("li") if discuss else []):
                assert any(question.get_text(" ", strip=True) in " ".join(
                    re.sub(r"[*_]", "", q).split()) for p in site.pages for q in p.meta.get("questions") or []), \
                    f"{plan_id}: question not from a page: {question.get_text()!r}"
        sections_pages = [p for p in site.pages if teaching.is_section(p)]
        for page in sections_pages:
            assert (built.dir / page.url / "index.html").resolve() in linked, f"{plan_id} skips {page.src}"


def test_glossary_lists_where_each_term_is_used(site, built):
    glossary = built.html("glossary/")
    for term in site.glossary:
        dd = glossary.select_one(f"dt#{term.id}").find_next_sibling("dd")
        used = dd.select_one(".term-uses")
        assert used is not None, f"{term.id}: no 'Used in' list"
        for a in used.select("a[href]"):
            target, fragment = built.resolve("glossary/", a["href"])
            page = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
            # The linked section (up to the next heading) really links to the term.
            start = page.find(id=fragment) if fragment else page.select_one("article h1")
            assert start is not None, a["href"]
            uses_term = False
            for element in start.find_all_next():
                if element.name in ("h2", "h3") and element is not start:
                    break
                if element.name == "a" and element.get("href", "").endswith(f"glossary/#{term.id}"):
                    uses_term = True
                    break
            assert uses_term, f"{term.id}: {a['href']} does not use the term"


def test_term_uses_attribute_links_to_their_section(site):
    where = term_uses.uses(site)
    places = [(page.src, anchor) for page, anchor, _ in where["resources"]]
    assert ("roles.md", "manager-role") in places
