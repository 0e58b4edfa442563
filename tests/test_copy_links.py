"""The copy-link buttons the build writes beside headings (talksite.copy_links): every ##/###
heading with an id gets one, named after the heading, and nothing else in the page changes."""

from __future__ import annotations

import html

from bs4 import BeautifulSoup
from hypothesis import example, given, settings
from hypothesis import strategies as st

from talksite import copy_links

PERMALINK = '<a class="headerlink" href="#{id}" title="Link to this section">&para;</a>'


def _headings(soup) -> list:
    return [h for h in soup.find_all(["h2", "h3"]) if h.get("id")]


def _title(heading) -> str:
    bare = BeautifulSoup(str(heading), "html.parser").find(heading.name)
    for link in bare.select(".headerlink"):
        link.decompose()
    return " ".join(bare.get_text().split())


def test_a_heading_is_wrapped_with_a_button_named_after_it():
    page = ('<p>Intro</p>\n<h2 id="roles">Roles &amp; <em>tasks</em>' + PERMALINK.format(id="roles") + '</h2>\n'
            '<h3>No id</h3>\n<div class="admonition"><h3 id="deep">Deep\nheading</h3></div>\n<h4 id="four">Four</h4>')
    soup = BeautifulSoup(copy_links.with_buttons(page), "html.parser")
    wrapped = soup.select("div.ts-heading")
    assert [w["class"] for w in wrapped] == [["ts-heading", "ts-heading--h2"], ["ts-heading", "ts-heading--h3"]]
    assert [w.find(["h2", "h3"])["id"] for w in wrapped] == ["roles", "deep"]
    assert [w.find("button")["aria-label"] for w in wrapped] == [
        "Copy link to section: Roles & tasks", "Copy link to section: Deep heading"]
    for w in wrapped:
        button = w.find("button")
        assert button["type"] == "button" and "ts-copy" in button["class"]
        assert w.find(["h2", "h3"]).find_next_sibling() is button
    assert soup.find("h3", id=False).parent.name == "[document]" and soup.find("h4").parent.name == "[document]"
    assert soup.find(id=soup.select_one("button.ts-copy use")["xlink:href"][1:]).name == "symbol"


def test_a_page_whose_only_buttons_came_with_its_markdown_gets_their_icon():
    page = '<ul><li><code class="ts-url">https://example.org/</code>' + copy_links.button_html("Copy link") + '</li></ul>'
    soup = BeautifulSoup(copy_links.with_buttons(page), "html.parser")
    assert len(soup.select("svg.ts-icons symbol")) == 1 and len(soup.select("button.ts-copy")) == 1
    assert soup.select_one("button.ts-copy").has_attr("data-search-exclude"), "search reads this page after it"


_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00") | st.sampled_from("\n\r\t"),
                max_size=12)
_BLOCK = st.tuples(st.sampled_from(["h2", "h3", "h4", "p", "div"]), _TEXT, st.sampled_from(["", "a", "b-2", "x_y"]),
                   st.booleans())


@settings(max_examples=150, deadline=None)
@given(st.lists(_BLOCK, max_size=8), st.booleans())
@example([("h2", "&ap;", "a", False)], False)  # a title that reads like an entity stays text in the label
def test_only_headings_change_whatever_the_page_holds(blocks, nested):
    parts = []
    for tag, text, anchor, permalink in blocks:
        attr = f' id="{anchor}"' if anchor else ""
        link = PERMALINK.format(id=anchor) if permalink else ""
        parts.append(f"<{tag}{attr}>{html.escape(text)}{link}</{tag}>")
    page = "\n".join(parts)
    if nested:
        page = f'<div class="outer">\n{page}\n</div>'
    before = BeautifulSoup(page, "html.parser")
    after = BeautifulSoup(copy_links.with_buttons(page), "html.parser")

    assert len(after.select("div.ts-heading")) == len(after.select("button.ts-copy")) == len(_headings(before))
    for heading in _headings(after):
        wrapper = heading.parent
        assert wrapper.name == "div" and f"ts-heading--{heading.name}" in wrapper["class"]
        assert wrapper.find("button", recursive=False)["aria-label"] == f"Copy link to section: {_title(heading)}"
    # Each button's icon is drawn once in the page, and only where there is a button.
    icons = after.select("svg.ts-icons")
    assert len(icons) == (1 if _headings(before) else 0)
    assert all(after.find(id=use["xlink:href"][1:]) for use in after.select("button.ts-copy use"))
    # Take the buttons, wrappers and icon out again: the page is what it was.
    for node in icons:
        node.decompose()
    for button in after.select("button.ts-copy"):
        button.decompose()
    for wrapper in after.select("div.ts-heading"):
        wrapper.unwrap()
    assert str(after) == str(before)
