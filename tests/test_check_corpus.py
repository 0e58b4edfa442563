"""A corpus of ordinary edits to the real docs, broken and valid, through `build.py check`.

Each broken edit names the rule, the file and a text that marks the expected line (found in the
edited file, never typed as a number). Each must exit 1 with that problem at that line and no
traceback; each valid edit must add no error. Together with tests/test_check.py's BROKEN list this
covers every class of issue 9: crashes, false rejections, broken sites passed, wrong positions.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from talksite import tasks
from test_check import BROKEN as BASIC_BROKEN
from test_check import MARK, append, line_of, replace


def prepend(path, text):
    def mutate(project):
        file = project / path
        file.write_text(text + file.read_text(encoding="utf-8"), encoding="utf-8")
    return mutate


def resub(path, pattern, new):
    """Replace every match of a multi-line regular expression (an edit made all through a file)."""
    def mutate(project):
        file = project / path
        changed = re.sub(pattern, new, file.read_text(encoding="utf-8"), flags=re.M)
        assert changed != file.read_text(encoding="utf-8"), f"fixture out of date: {pattern!r}"
        file.write_text(changed, encoding="utf-8")
    return mutate


SECTION_PAGES = ("definitions", "roles", "focus", "synergies", "competencies", "conclusion")


def write_bytes(path, data: bytes, at: str | None = None):
    """Put raw bytes into a file: at the start of the line holding `at`, or at the end."""
    def mutate(project):
        file = project / path
        source = file.read_bytes()
        if at is None:
            file.write_bytes(source + data)
        else:
            index = source.index(at.encode())
            file.write_bytes(source[:index] + data + source[index:])
    return mutate


def create(path, text):
    def mutate(project):
        (project / path).parent.mkdir(parents=True, exist_ok=True)
        (project / path).write_text(text, encoding="utf-8")
    return mutate


def nav_add(entry):
    return replace("mkdocs.yml", "      - glossary.md\n", f"      - glossary.md\n      - {entry}\n")


def config_replace(old, new):
    return replace("mkdocs.yml", old, new)


# (id, mutations, rule, file, text marking the expected line)
BROKEN = [
    # --- it crashed ----------------------------------------------------------------------------
    ("summaries names a renamed heading", [replace("docs/index.md", "{#in-brief}", "{#brief}")],
     "summaries", "docs/index.md", "  in-brief:"),
    ("missing snippet file", [replace("docs/competencies.md", '--8<-- "competencies.svg"', '--8<-- "MUTATION.svg"')],
     "snippet", "docs/competencies.md", "MUTATION.svg"),
    ("title is a number", [replace("docs/focus.md", "objectives:\n", "title: 2020\nobjectives:\n")],
     "front-matter", "docs/focus.md", "title: 2020"),
    ("takeaways is a number", [replace("docs/focus.md", "objectives:\n", "extra_mutation: 1\nobjectives:\n")],
     "front-matter", "docs/focus.md", "extra_mutation"),
    ("takeaways: 5", [replace("docs/roles.md", "takeaways:\n", "takeaways: 5\nold_takeaways:\n")],
     "front-matter", "docs/roles.md", "takeaways: 5"),
    ("summaries is text", [replace("docs/definitions.md", 'summaries:\n  objectives:',
                                   'summaries: "text"\nold_summaries:\n  objectives:')],
     "front-matter", "docs/definitions.md", 'summaries: "text"'),
    ("session plan questions: two", [replace("docs/facilitator-guide.md", "        questions: 1\n",
                                             "        questions: two\n")],
     "front-matter", "docs/facilitator-guide.md", "questions: two"),
    ("session plan minutes: soon", [replace("docs/facilitator-guide.md", "        minutes: 3\n",
                                            "        minutes: soon\n")],
     "front-matter", "docs/facilitator-guide.md", "minutes: soon"),
    ("session plan length text", [replace("docs/facilitator-guide.md", "    length: 45\n", "    length: long\n")],
     "front-matter", "docs/facilitator-guide.md", "length: long"),
    ("redirect_maps as a list", [config_replace("      redirect_maps: {}", "      redirect_maps:\n        - focus.md")],
     "config", "mkdocs.yml", "redirect_maps:"),
    ("redirect to a number", [config_replace("      redirect_maps: {}", "      redirect_maps:\n        old.md: 5")],
     "config", "mkdocs.yml", "old.md: 5"),
    ("site_url removed", [config_replace('site_url: !ENV [TALKSITE_SITE_URL, "https://leadership-vs-management.example.org/"]\n', "")],
     "config", "mkdocs.yml", "site_name:"),
    ("site_url a number", [config_replace('site_url: !ENV [TALKSITE_SITE_URL, "https://leadership-vs-management.example.org/"]',
                                          "site_url: 5")],
     "config", "mkdocs.yml", "site_url: 5"),
    ("fragment_redirects as a list", [config_replace("  fragment_redirects: {}", "  fragment_redirects:\n    - roles.md#x")],
     "config", "mkdocs.yml", "fragment_redirects:"),
    ("unknown key in extra", [config_replace("  fragment_redirects: {}", "  fragment_redirects: {}\n  fragment_redirect: {}")],
     "config", "mkdocs.yml", "fragment_redirect: {}"),
    ("unknown front matter key", [replace("docs/focus.md", "objectives:\n", "takeaway: [x]\nobjectives:\n")],
     "front-matter", "docs/focus.md", "takeaway: [x]"),
    ("objectives item not text", [replace("docs/focus.md", "objectives:\n", "objectives:\n  - [nested]\n")],
     "front-matter", "docs/focus.md", "- [nested]"),
    ("session plan minutes zero", [replace("docs/facilitator-guide.md", "        minutes: 3\n", "        minutes: 0\n")],
     "front-matter", "docs/facilitator-guide.md", "minutes: 0"),
    ("description a list", [replace("docs/trainers.md", "description:", "description: [a]\nold_description:")],
     "front-matter", "docs/trainers.md", "description: [a]"),
    # --- it passed broken sites ------------------------------------------------------------------
    ("nav entry is a folder", [nav_add("assets")], "nav-missing", "mkdocs.yml", "      - assets"),
    ("nav entry is an excluded file", [nav_add("transcript.txt")], "nav-missing", "mkdocs.yml", "- transcript.txt"),
    ("exclude_docs drops a nav page",
     [config_replace("exclude_docs: |\n  /transcript.txt", "exclude_docs: |\n  /transcript.txt\n  /conclusion.md")],
     "nav-missing", "mkdocs.yml", "      - conclusion.md"),
    ("exclude_docs drops a linked page",
     [config_replace("exclude_docs: |\n  /transcript.txt", "exclude_docs: |\n  /transcript.txt\n  /conclusion.md"),
      append("docs/roles.md", f"[{MARK}](conclusion.md)")],
     "missing-page", "docs/roles.md", MARK),
    ("percent-encoded anchor", [append("docs/roles.md", f"[{MARK}](focus.md#facts%2Dvs%2Dideas)")],
     "broken-anchor", "docs/roles.md", MARK),
    ("percent-encoded same-page anchor", [append("docs/roles.md", f"[{MARK}](#leader%2Drole)")],
     "broken-anchor", "docs/roles.md", MARK),
    ("directive with a space", [replace("docs/roles.md", "<!-- talksite:takeaways -->", "<!-- talksite: takeaways -->")],
     "unknown-directive", "docs/roles.md", "talksite: takeaways"),
    ("directive misspelled namespace", [append("docs/roles.md", "<!-- talk-site:MUTATION -->")],
     "unknown-directive", "docs/roles.md", MARK),
    ("directive typo", [append("docs/focus.md", "<!-- talksite:takeaway -->")],
     "unknown-directive", "docs/focus.md", "talksite:takeaway -->"),
    ("directive with an argument it does not take", [append("docs/focus.md", "<!-- talksite:questions extra -->")],
     "directive-data", "docs/focus.md", "questions extra"),
    ("session-plan without a plan id", [append("docs/facilitator-guide.md", "<!-- talksite:session-plan -->")],
     "directive-data", "docs/facilitator-guide.md", "talksite:session-plan -->"),
    ("session-plan unknown id", [append("docs/facilitator-guide.md", "<!-- talksite:session-plan plan-5 -->")],
     "directive-data", "docs/facilitator-guide.md", "plan-5"),
    ("glossary entry with an empty ':' line", [append("docs/glossary.md", "Mutation {#mutation}\n:")],
     "stray-attributes", "docs/glossary.md", "Mutation"),
    ("misquote with a lazy continuation", [replace("docs/roles.md", "energize people, and make key choices.\n",
                                                   "energize people, and make key choices.\n"
                                                   "and some words the speaker never said.\n")],
     "misquote", "docs/roles.md", "> Now, from a role standpoint"),
    ("misquote indented one space", [append("docs/roles.md", " > The speaker never said MUTATION.")],
     "misquote", "docs/roles.md", MARK),
    ("misquote indented three spaces", [append("docs/roles.md", "   > The speaker never said MUTATION.")],
     "misquote", "docs/roles.md", MARK),
    ("misquote after a blank line merges", [replace("docs/roles.md", "reporting, budgeting.\n", "reporting, budgeting.\n\n> MUTATION words.\n")],
     "misquote", "docs/roles.md", MARK),
    ("misquote in a multi-paragraph quote", [replace("docs/roles.md", "reporting, budgeting.\n", "reporting, budgeting.\n>\n> MUTATION.\n")],
     "misquote", "docs/roles.md", "> Management role would be"),
    ("misquote with emphasis added", [replace("docs/focus.md", "> In terms of differences", "> In terms of *figures*")],
     "misquote", "docs/focus.md", "*figures*"),
    ("setext h2 without id", [append("docs/roles.md", f"{MARK} setext\n-------")], "heading-id", "docs/roles.md", MARK),
    ("setext h1 later in the page", [append("docs/roles.md", f"{MARK} big\n=======")], "heading-id", "docs/roles.md",
     MARK),
    ("heading in a blockquote of ours", [append("docs/roles.md", f"!!! note\n\n    Text.\n\n    #### {MARK}")],
     "heading-id", "docs/roles.md", MARK),
    ("heading in an admonition", [append("docs/roles.md", f'!!! note "Note"\n\n    ## {MARK} inside')],
     "heading-id", "docs/roles.md", MARK),
    ("heading in details", [append("docs/roles.md", f'??? note "More"\n\n    ### {MARK} inside')],
     "heading-id", "docs/roles.md", MARK),
    ("h4 without id", [append("docs/roles.md", f"#### {MARK}")], "heading-id", "docs/roles.md", MARK),
    ("closed ATX heading without id", [append("docs/roles.md", f"## {MARK} ##")], "heading-id", "docs/roles.md", MARK),
    # --- it pointed at the wrong place ---------------------------------------------------------------
    ("duplicate id reported where it is added", [append("docs/roles.md", f"## {MARK} {{#leader-role}}")],
     "duplicate-id", "docs/roles.md", MARK),
    ("duplicate id on a paragraph", [append("docs/roles.md", f"{MARK} text.\n{{ #compared }}")],
     "duplicate-id", "docs/roles.md", "{ #compared }"),
    ("redirect from an existing page at its own line",
     [config_replace("      redirect_maps: {}", "      redirect_maps:\n        focus.md: roles.md")],
     "redirect-shadows", "mkdocs.yml", "focus.md: roles.md"),
    ("redirect to a missing page at its own line",
     [config_replace("      redirect_maps: {}", "      redirect_maps:\n        gone.md: nowhere.md")],
     "missing-page", "mkdocs.yml", "gone.md: nowhere.md"),
    ("fragment redirect to a missing anchor",
     [config_replace("  fragment_redirects: {}", "  fragment_redirects:\n    roles.md#gone: roles.md#nowhere")],
     "broken-anchor", "mkdocs.yml", "roles.md#gone"),
    ("glossary without a term", [create("docs/glossary.md", f"---\ndescription: Terms.\n---\n# Glossary {MARK}\n")],
     "no-terms", "docs/glossary.md", f"# Glossary {MARK}"),
    ("term defined twice, reported at the second", [append("docs/glossary.md", "Vision {#vision-2}\n:   MUTATION.")],
     "duplicate-term", "docs/glossary.md", "Vision {#vision-2}"),
    # --- links, anchors, terms, assets in every form -------------------------------------------------
    ("link in a table cell", [append("docs/roles.md", f"| a | b |\n| - | - |\n| [{MARK}](gone.md) | x |")],
     "missing-page", "docs/roles.md", MARK),
    ("link in a list item", [append("docs/roles.md", f"- item\n- [{MARK}](gone.md)")], "missing-page",
     "docs/roles.md", MARK),
    ("link in a nested list", [append("docs/roles.md", f"- item\n    - [{MARK}](gone.md)")], "missing-page",
     "docs/roles.md", MARK),
    ("link in a definition on a page", [append("docs/roles.md", f"Word\n:   [{MARK}](gone.md)")], "missing-page",
     "docs/roles.md", MARK),
    ("link in a footnote-free blockquote of ours", [append("docs/roles.md", f'!!! tip\n\n    > [{MARK}](gone.md)')],
     "missing-page", "docs/roles.md", MARK),
    ("link with a title", [append("docs/roles.md", f'[{MARK}](gone.md "title")')], "missing-page", "docs/roles.md",
     MARK),
    ("link in angle brackets", [append("docs/roles.md", f"[{MARK}](<gone page.md>)")], "missing-page",
     "docs/roles.md", MARK),
    ("second of two links on a line", [append("docs/roles.md", f"[ok](focus.md) and [{MARK}](gone.md)")],
     "missing-page", "docs/roles.md", MARK),
    ("reference definition far from use", [append("docs/roles.md", f"[{MARK}][far]\n\ntext\n\n[far]: gone.md")],
     "missing-page", "docs/roles.md", "[far]: gone.md"),
    ("image in a link", [append("docs/roles.md", f"[![{MARK}](assets/none.png)](roles.md)")], "missing-asset",
     "docs/roles.md", MARK),
    ("raw HTML img in a paragraph", [append("docs/roles.md", f'Text <img src="none.png" alt="{MARK}"> more.')],
     "missing-asset", "docs/roles.md", MARK),
    ("raw HTML link to nothing", [append("docs/roles.md", f'<p><a href="../../x/">{MARK}</a></p>')],
     "missing-asset", "docs/roles.md", MARK),
    ("raw HTML http link", [append("docs/roles.md", f'<p><a href="http://example.org/">{MARK}</a></p>')],
     "insecure-link", "docs/roles.md", MARK),
    ("autolink with http", [append("docs/roles.md", f"{MARK} <http://example.org/>")], "insecure-link",
     "docs/roles.md", MARK),
    ("anchor with different case", [append("docs/roles.md", f"[{MARK}](focus.md#Facts-vs-ideas)")],
     "broken-anchor", "docs/roles.md", MARK),
    ("anchor of a heading on another page", [append("docs/focus.md", f"[{MARK}](roles.md#compared-roles)")],
     "broken-anchor", "docs/focus.md", MARK),
    ("anchor of a glossary section that is a term typo", [append("docs/roles.md", f"[{MARK}](glossary.md#visoin)")],
     "undefined-term", "docs/roles.md", MARK),
    ("term link from a nested page", [create("docs/sub.md", f"---\ndescription: d\n---\n# Sub\n\n[{MARK}](glossary.md#nope)\n"),
                                      nav_add("sub.md")],
     "undefined-term", "docs/sub.md", MARK),
    ("link to the transcript, which is excluded", [append("docs/roles.md", f"[{MARK}](transcript.txt)")],
     "missing-asset", "docs/roles.md", MARK),
    ("link to a folder", [append("docs/roles.md", f"[{MARK}](assets)")], "directory-link", "docs/roles.md", MARK),
    # A link a directive writes from data is reported at the directive, not at the page's first line.
    ("session plan step links a missing part",
     [replace("docs/facilitator-guide.md", "link: conclusion.md#your-answer", "link: conclusion.md#no-such-part")],
     "broken-anchor", "docs/facilitator-guide.md", "<!-- talksite:session-plan plan-45 -->"),
    ("link to an absolute md path", [append("docs/roles.md", f"[{MARK}](/focus.md)")], "absolute-link",
     "docs/roles.md", MARK),
    ("link up and out", [append("docs/roles.md", f"[{MARK}](../../etc/passwd)")], "outside-docs", "docs/roles.md", MARK),
    ("missing extra_javascript", [config_replace("  - assets/javascripts/keyboard.js",
                                                 "  - assets/javascripts/keyboard.js\n  - assets/MUTATION.js")],
     "missing-asset", "mkdocs.yml", MARK),
    ("orphan page in a folder", [create("docs/extra/MUTATION.md", "---\ndescription: x\n---\n# X\n")],
     "orphan-page", "docs/extra/MUTATION.md", "---"),
    ("front matter unclosed list", [replace("docs/roles.md", "objectives:\n", "objectives_x: [a\nobjectives:\n")],
     "front-matter", "docs/roles.md", "objectives_x: [a"),
    ("h2 reusing the title slug", [append("docs/focus.md", "## Focus again {#focus}")], "duplicate-id",
     "docs/focus.md", "# Focus"),
    ("removed published anchor", [replace("docs/focus.md", "{#compared}", "{#side-by-side}")], "removed-anchor",
     "published-anchors.txt", "focus.md#compared"),
    ("quote in a list is no exception", [append("docs/roles.md", "> MUTATION is not what the speaker said.")],
     "misquote", "docs/roles.md", MARK),
    # --- rules of issues 10 (safe to publish) and 11 (teaching layer) -------------------------------
    ("a file: URL in content", [append("docs/roles.md", f"![{MARK}](file:///etc/hostname)")],
     "local-file", "docs/roles.md", MARK),
    ("an image from another host", [append("docs/roles.md", f"![{MARK}](https://example.org/{MARK}.png)")],
     "remote-resource", "docs/roles.md", MARK),
    ("a page redirect to another host", [config_replace("      redirect_maps: {}\n", "      redirect_maps:\n"
                                                        f"        {MARK}.md: https://evil.example/x.md\n")],
     "redirect-target", "mkdocs.yml", f"{MARK}.md:"),
    ("the speaker gendered in our text", [append("docs/roles.md", f"{MARK}: the speaker says he sees two roles.")],
     "gendered-speaker", "docs/roles.md", MARK),
    ("a self-check answer that names no option",
     [replace("docs/roles.md", "self_check:\n  - question: ", f"self_check:\n  - question: {MARK} "),
      resub("docs/roles.md", rf"(question: {MARK}[^\n]*\n(?:    [^\n]*\n)*?    answer: )\d+", r"\g<1>7")],
     "teaching-shape", "docs/roles.md", f"question: {MARK}"),
    # --- rules of issue 21 (objectives assessed, keys not guessable, materials that exist) ----------
    ("an objective nothing assesses", [replace("docs/roles.md", "takeaways:\n", f"  - {MARK} one more.\ntakeaways:\n")],
     "unassessed-objective", "docs/roles.md", MARK),
    ("an item assessing an objective the page lacks", [replace("docs/focus.md", "assesses: [", "assesses: [7, ")],
     "unaligned-item", "docs/focus.md", "assesses: [7"),
    ("every key in the first position",
     [resub(f"docs/{page}.md", r"^    answer: \d+$", "    answer: 1") for page in SECTION_PAGES]
     + [resub("docs/conclusion.md", r"^    answer: 1$(?![\s\S]*^    answer:)", f"    answer: 1  # {MARK}")],
     "key-spread", "docs/conclusion.md", MARK),
    ("a plan handing out a material the build does not make",
     [replace("docs/facilitator-guide.md", "        materials: [", "        materials: [slides, ")],
     "unknown-material", "docs/facilitator-guide.md", "<!-- talksite:session-plan plan-45 -->"),
    ("a plan step practising a case question the page lacks",
     [replace("docs/facilitator-guide.md", "        case_questions: [1]\n", f"        case_questions: [1, 8]  # {MARK}\n")],
     "plan-picks", "docs/facilitator-guide.md", MARK),
    ("a plan step whose 'learners may say' names no misconception of its page",
     [replace("docs/facilitator-guide.md", "*management means setting goals and targets*",
              "*setting targets is management*")],
     "plan-misconception", "docs/facilitator-guide.md", "*setting targets is management*"),
]

VALID = [
    ("BOM at the start of a page", [prepend("docs/roles.md", "\ufeff")]),
    ("e-mail autolink", [append("docs/roles.md", "Write to <team@example.org>.")]),
    ("page in not_in_nav", [create("docs/extra-page.md", "---\ndescription: x\n---\n# Extra\n"),
                            config_replace("exclude_docs: |", "not_in_nav: |\n  /extra-page.md\nexclude_docs: |")]),
    ("directive shown in a code block", [append("docs/roles.md", "```html\n<!-- talksite:nothing -->\n```")]),
    ("directive shown in a code span", [append("docs/roles.md", "Write `<!-- talksite:nothing -->` alone.")]),
    ("heading in a multi-line comment", [append("docs/roles.md", "<!--\n## Draft heading\n-->")]),
    ("four-backtick fence holding three", [append("docs/roles.md", "````markdown\n```\n## Not a heading\n```\n````")]),
    ("tilde fence holding backticks", [append("docs/roles.md", "~~~\n```\n[x](nowhere.md)\n## No\n~~~")]),
    ("indented code block", [append("docs/roles.md", "Text.\n\n    [x](nowhere.md)\n    ## not a heading")]),
    ("quote of ours inside an admonition", [append("docs/roles.md", '!!! note\n\n    > Words of ours, in a note.')]),
    ("verbatim quote indented two spaces", [append("docs/roles.md",
                                                   "  > Now there are some synergies between leadership and management.")]),
    ("verbatim quote with lazy continuation", [replace(
        "docs/roles.md", "> Now, from a role standpoint, leadership would apply to people who provide inspiration, "
        "create opportunities, energize people, and make key choices.",
        "> Now, from a role standpoint, leadership would apply to people who provide inspiration,\n"
        "create opportunities, energize people, and make key choices.")]),
    ("part of a paragraph quoted", [append("docs/focus.md", "> Now there are some synergies")]),
    ("heading with extra attributes", [append("docs/roles.md", "## Extra {: #extra-one .wide }")]),
    ("setext heading with id", [append("docs/roles.md", "Setext title {#setext-title}\n-------")]),
    ("heading in admonition with id", [append("docs/roles.md", '!!! note\n\n    ## Inside {#inside-note}')]),
    ("anchor link to the new heading", [append("docs/roles.md", "## Fresh {#fresh}\n\n[back](#fresh)")]),
    ("percent-encoded path", [append("docs/roles.md", "[focus](focus%2Emd#compared)")]),
    ("link with query", [append("docs/roles.md", "[q](focus.md?x=1#compared)")]),
    ("external links of every kind", [append("docs/roles.md", "<https://example.org> [a](https://x.org/#y) "
                                             "[m](mailto:a@b.c) [t](tel:+1)")]),
    ("html comment that is not a directive", [append("docs/roles.md", "<!-- a note for authors -->")]),
    ("summaries naming a heading in an admonition", [
        append("docs/roles.md", '!!! note\n\n    ## Noted {#noted}\n\n    Text.'),
        replace("docs/roles.md", "takeaways:\n", "summaries:\n  noted: One line.\ntakeaways:\n")]),
    ("a valid session plan edit", [replace("docs/facilitator-guide.md", "        questions: 1\n",
                                           "        questions: 0\n")]),
    ("redirect of a removed page", [
        create("docs/attention.md", "x"), (lambda p: (p / "docs" / "attention.md").unlink()),
        config_replace("      redirect_maps: {}", "      redirect_maps:\n        old-page.md: focus.md")]),
    ("term link with a title", [append("docs/roles.md", '[risk](glossary.md#risk "Risk")')]),
    ("image in the figures folder", [append("docs/roles.md", "![fig](assets/figures/synergies.svg)")]),
    ("CRLF line endings", [lambda p: (p / "docs/roles.md").write_bytes(
        (p / "docs/roles.md").read_bytes().replace(b"\n", b"\r\n"))]),
    ("tabs in a list", [append("docs/roles.md", "-\titem [ok](focus.md)")]),
]

# An unreadable input: exit 2 with one line naming file:line:col.
UNREADABLE = [
    ("non-UTF-8 byte in the transcript", write_bytes("docs/transcript.txt", b"\xff", at="\n\n"), "docs/transcript.txt"),
    ("non-UTF-8 byte in published-anchors.txt", write_bytes("published-anchors.txt", b"\xfe", at="competencies.md#be"),
     "published-anchors.txt"),
    ("non-UTF-8 byte in mkdocs.yml", write_bytes("mkdocs.yml", b"\xc3\x28", at="site_url"), "mkdocs.yml"),
    ("non-UTF-8 byte in a page", write_bytes("docs/focus.md", b"\x80", at="# Focus"), "docs/focus.md"),
]


def _run(project, capsys, fmt="text"):
    status = tasks.check(project, fmt=fmt)
    out = capsys.readouterr()
    assert "Traceback" not in out.err + out.out
    return status, out


@pytest.mark.parametrize("mutations, rule, file, marker", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_edit_is_caught_at_its_line(scratch, capsys, mutations, rule, file, marker):
    project = scratch
    for mutate in mutations:
        mutate(project)
    status, out = _run(project, capsys)
    expected = f"{file}:{line_of(project, file, marker)}:"
    assert status == 1, out.err
    assert any(line.startswith(expected) and line.endswith(f"[{rule}]") for line in out.err.splitlines()), \
        f"want {expected} [{rule}], got:\n{out.err}"


@pytest.mark.parametrize("mutations", [c[1] for c in VALID], ids=[c[0] for c in VALID])
def test_valid_edit_is_accepted(scratch, capsys, mutations):
    project = scratch
    for mutate in mutations:
        mutate(project)
    status, out = _run(project, capsys)
    assert status == 0, out.err


@pytest.mark.parametrize("mutate, file", [c[1:] for c in UNREADABLE], ids=[c[0] for c in UNREADABLE])
def test_unreadable_input_exits_2_with_its_position(scratch, capsys, mutate, file):
    project = scratch
    mutate(project)
    status, out = _run(project, capsys)
    lines = out.err.strip().splitlines()
    assert status == 2 and len(lines) == 1, out.err
    assert re.match(rf"error: {re.escape(file)}:\d+:\d+: cannot decode byte 0x[0-9a-f]{{2}} as UTF-8", lines[0]), lines
    line, column = map(int, lines[0].split(":")[2:4])
    text = (project / file).read_bytes().split(b"\n")[line - 1].decode("utf-8", "replace")
    assert text[column - 1] == "\ufffd", (text, column)  # the column is the bad byte's, in characters
    status, out = _run(project, capsys, fmt="json")
    assert status == 2 and json.loads(out.out)["file"] == file


# Rules a broken case above cannot show (tasks.check at the line of an edit): each is emitted by the
# test named here, which asserts its code.
ELSEWHERE = {
    "unused-term": "test_check.py::test_an_unused_term_warns_and_fails_only_when_strict",  # a warning
    "unregistered-anchor": "test_check.py::test_new_anchors_must_be_registered_and_the_registry_only_grows",
    "placeholder-address": "test_check.py::test_a_placeholder_site_url_is_a_warning_and_an_error_when_strict",
    "redirect-form": "test_security.py::test_a_fragment_redirect_off_the_site_stops_the_build_at_its_line",
    "handout": "test_print.py::test_a_failing_handout_fails_the_build_and_keeps_the_previous_site",  # build only
    "stylesheet-url": "test_assets.py::test_a_stylesheet_elsewhere_with_a_relative_url_stops_the_build",  # build only
    "material-fact": "test_material_facts.py::test_the_build_stops_when_material_renamed_a_file",  # build only
}


def test_the_corpus_covers_every_rule_with_enough_cases():
    broken = BROKEN + BASIC_BROKEN
    assert len(broken) >= 80 and len(VALID) >= 25
    table = [line.split()[0] for line in tasks.rule_table().splitlines()]
    covered = {case[2] for case in broken}
    assert not set(table) - covered - set(ELSEWHERE), "rules no test emits"
    assert not covered & set(ELSEWHERE), "covered here: drop it from ELSEWHERE"
    for rule, test in ELSEWHERE.items():
        module, name = test.split("::")
        assert f"def {name}(" in (Path(__file__).parent / module).read_text(encoding="utf-8"), test
        assert rule in table


def test_a_page_of_a_megabyte_has_its_problems_at_their_exact_line_and_column(scratch, capsys):
    """Lines that repeat, and lines the preprocessors replace (a comment, a fence) all through the
    page: the hard case for aligning what each preprocessor gives back to the source (issue 24)."""
    chunk = "Notes of ours on the talk, written\nover two lines that repeat.\n\n" * 8 + \
        "<!-- a note kept out of the page -->\n\n```text\ncode the page shows as it is\n```\n\n"
    half = chunk * (2**20 // len(chunk) // 2)
    append("docs/roles.md", f"{half}Half way, [{MARK} an anchor](#nowhere-half-way).\n\n{half}"
                            f"The last line, see [{MARK} a page](nowhere.md).")(scratch)
    status, out = _run(scratch, capsys)
    lines = (scratch / "docs/roles.md").read_text(encoding="utf-8").splitlines()
    assert len("\n".join(lines)) > 2**20 and MARK in lines[-1]
    at = [f"docs/roles.md:{n}:{line.index('[') + 1}: " for n, line in enumerate(lines, 1) if MARK in line]
    errors = [line for line in out.err.splitlines() if ": error: " in line]
    assert status == 1 and len(errors) == 2, out.err
    assert errors[0].startswith(at[0]) and errors[0].endswith("[broken-anchor]"), errors
    assert errors[1].startswith(at[1]) and errors[1].endswith("[missing-page]"), errors
