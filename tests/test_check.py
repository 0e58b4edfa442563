"""The checker against broken and tricky-but-valid inputs: mutations of a copy of the real site."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, TEST_SITE_URL, copy_project, mkdocs_build
from talksite import tasks
from talksite.check import check
from talksite.rules import RULES

MARK = "MUTATION"  # every inserted line carries this word, so the expected line is found, not typed


def append(path, text):
    def mutate(project):
        file = project / path
        file.write_text(file.read_text(encoding="utf-8") + "\n" + text + "\n", encoding="utf-8")
    return mutate


def replace(path, old, new):
    def mutate(project):
        file = project / path
        source = file.read_text(encoding="utf-8")
        assert old in source, f"fixture out of date: {old!r} not in {path}"
        file.write_text(source.replace(old, new, 1), encoding="utf-8")
    return mutate


def create(path, text):
    def mutate(project):
        (project / path).write_text(text, encoding="utf-8")
    return mutate


def line_of(project, path, needle):
    lines = (project / path).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


# (id, mutations, expected rule, file of the problem, text that marks the expected line)
BROKEN = [
    ("missing page", [append("docs/roles.md", f"[{MARK}](nowhere.md)")], "missing-page", "docs/roles.md", MARK),
    ("missing page without .md", [append("docs/focus.md", f"[{MARK}](roles)")], "missing-page", "docs/focus.md", MARK),
    ("reference-style to a missing page", [append("docs/roles.md", "See [this][ref].\n\n[ref]: gone.md 'MUTATION'")],
     "missing-page", "docs/roles.md", "[ref]:"),
    ("outside docs", [append("docs/roles.md", f"[{MARK}](../README.md)")], "outside-docs", "docs/roles.md", MARK),
    ("absolute site link", [append("docs/roles.md", f"[{MARK}](/roles/)")], "absolute-link", "docs/roles.md", MARK),
    ("directory-style link", [append("docs/focus.md", f"[{MARK}](roles/)")], "directory-link", "docs/focus.md", MARK),
    ("anchor on another page", [append("docs/roles.md", f"[{MARK}](focus.md#facts)")],
     "broken-anchor", "docs/roles.md", MARK),
    ("anchor on the same page", [append("docs/roles.md", f"[{MARK}](#nowhere)")],
     "broken-anchor", "docs/roles.md", MARK),
    ("anchor in a raw HTML link", [append("docs/roles.md", f'<p><a href="../focus/#nope">{MARK}</a></p>')],
     "broken-anchor", "docs/roles.md", MARK),
    ("raw HTML link to a Markdown file", [append("docs/roles.md", f'<p><a href="focus.md">{MARK}</a></p>')],
     "missing-page", "docs/roles.md", MARK),
    ("anchor in a link inside an admonition",
     [append("docs/roles.md", f'!!! note "Note"\n\n    See [{MARK}](synergies.md#effective).')],
     "broken-anchor", "docs/roles.md", MARK),
    ("missing image", [append("docs/roles.md", f"![{MARK}](assets/missing.png)")], "missing-asset",
     "docs/roles.md", MARK),
    ("missing raw HTML image", [append("docs/roles.md", f'<img src="assets/nope.svg" alt="{MARK}">')],
     "missing-asset", "docs/roles.md", MARK),
    ("missing extra_css", [replace("mkdocs.yml", "  - assets/stylesheets/site.css",
                                   "  - assets/stylesheets/site.css\n  - assets/MUTATION.css")],
     "missing-asset", "mkdocs.yml", MARK),
    ("nav entry without a file", [replace("mkdocs.yml", "      - glossary.md", "      - glossary.md\n      - MUTATION.md")],
     "nav-missing", "mkdocs.yml", MARK),
    ("page in no nav", [create("docs/extra.md", "---\ndescription: x\n---\n# Extra MUTATION\n")],
     "orphan-page", "docs/extra.md", "---"),
    ("same explicit id twice", [append("docs/roles.md", "## One {#twice}\n\n## Two MUTATION {#twice}")],
     "duplicate-id", "docs/roles.md", "Two MUTATION {#twice}"),
    ("h2 id equal to the title's slug", [append("docs/roles.md", "## Roles again {#roles}")],
     "duplicate-id", "docs/roles.md", "# Roles"),
    ("h2 without id", [append("docs/roles.md", f"## {MARK} heading")], "heading-id", "docs/roles.md", MARK),
    ("h3 without id", [append("docs/focus.md", f"### {MARK} heading")], "heading-id", "docs/focus.md", MARK),
    ("http link", [append("docs/roles.md", f"[{MARK}](http://example.org/)")], "insecure-link",
     "docs/roles.md", MARK),
    ("undefined term", [append("docs/roles.md", f"[{MARK}](glossary.md#charisma)")], "undefined-term",
     "docs/roles.md", MARK),
    ("glossary anchor that is no term", [append("docs/glossary.md", '<p id="more">More.</p>'),
                                         append("docs/roles.md", f"[{MARK}](glossary.md#more)")],
     "not-a-term", "docs/roles.md", MARK),
    ("term defined twice", [append("docs/glossary.md", "RISK {#risk-again}\n:   MUTATION again.")],
     "duplicate-term", "docs/glossary.md", "RISK"),
    ("empty definition", [append("docs/glossary.md", "Mutation {#mutation}\n:   ")],
     "empty-definition", "docs/glossary.md", "Mutation"),
    ("misquote", [replace("docs/focus.md", "> In terms of differences as well", "> In terms of figures as well")],
     "misquote", "docs/focus.md", "In terms of figures"),
    ("paragraph quoted nowhere", [replace("docs/synergies.md",
                                          "> Now there are some synergies between leadership and management.\n", "")],
     "unquoted-paragraph", "docs/transcript.txt", "Now there are some synergies"),
    ("unknown directive", [append("docs/roles.md", "<!-- talksite:MUTATION -->")], "unknown-directive",
     "docs/roles.md", MARK),
    ("directive without data", [append("docs/index.md", "<!-- talksite:questions -->")], "directive-data",
     "docs/index.md", "talksite:questions"),
    ("page without description", [replace("docs/conclusion.md", "description: >-", "title: >-")],
     "missing-description", "docs/conclusion.md", "---"),
    ("front matter not YAML", [replace("docs/focus.md", "objectives:\n", "minutes: [10\nobjectives:\n")],
     "front-matter", "docs/focus.md", "minutes: [10"),
]


@pytest.mark.parametrize("mutations, rule, file, marker", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_input_is_reported_at_its_line(scratch, capsys, mutations, rule, file, marker):
    project = scratch
    for mutate in mutations:
        mutate(project)
    status = tasks.check(project)
    out = capsys.readouterr()
    errors = [line for line in out.err.splitlines() if ": error: " in line]
    expected_line = line_of(project, file, marker)
    assert status == 1
    assert len(errors) == 1, "\n".join(errors)
    assert re.match(rf"{re.escape(file)}:{expected_line}:\d+: error: .* \[{rule}\]$", errors[0]), errors[0]
    assert re.match(r"1 error( and \d warnings?)? in \d files?$", out.err.splitlines()[-1])


def test_there_are_at_least_25_distinct_broken_inputs():
    assert len({c[0] for c in BROKEN}) >= 25 and len({c[2] for c in BROKEN}) >= 20


def test_messages_say_how_to_fix(scratch):
    project = scratch
    append("docs/roles.md", f"[{MARK}](focus.md#facts)\n\n[{MARK}](/roles/)")(project)
    messages = [str(p) for p in check(project).problems]
    assert any("no anchor '#facts' in docs/focus.md (did you mean '#facts-vs-ideas'?)" in m for m in messages)
    assert any("absolute link '/roles/' (link the Markdown file instead, relative to this page: 'roles.md')" in m
               for m in messages)


def test_an_unused_term_warns_and_fails_only_when_strict(scratch, capsys):
    project = scratch
    append("docs/glossary.md", "Mutation {#mutation}\n:   A change.")(project)
    assert tasks.check(project) == 0
    err = capsys.readouterr().err
    assert "warning: term 'Mutation' is not linked from any page" in err and "[unused-term]" in err
    assert tasks.check(project, strict=True) == 1
    assert "error: term 'Mutation' is not linked from any page" in capsys.readouterr().err


def test_all_problems_are_reported_in_one_run_sorted(scratch, capsys):
    project = scratch
    append("docs/roles.md", f"[{MARK}](nowhere.md)\n\n[{MARK}](#nowhere)")(project)
    append("docs/focus.md", f"[{MARK}](http://example.org)")(project)
    assert tasks.check(project) == 1
    lines = capsys.readouterr().err.splitlines()
    problems, summary = lines[:-1], lines[-1]
    assert [p.split(":")[0] for p in problems] == ["docs/focus.md", "docs/roles.md", "docs/roles.md"]
    assert summary == "3 errors in 2 files"


def test_json_format_lists_the_same_problems(scratch, capsys):
    project = scratch
    append("docs/roles.md", f"[{MARK}](nowhere.md)")(project)
    assert tasks.check(project, fmt="json") == 1
    (item,) = json.loads(capsys.readouterr().out)
    assert item["file"] == "docs/roles.md" and item["rule"] == "missing-page"
    assert item["line"] == line_of(project, "docs/roles.md", MARK) and item["severity"] == "error"


def test_a_setting_given_twice_in_mkdocs_yml_is_refused(scratch, capsys):
    project = scratch
    append("mkdocs.yml", "extra_css:\n  - assets/other.css")(project)
    line = len((project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()) - 1
    assert tasks.check(project) == 2
    assert f"key 'extra_css' is given twice (line {line})" in capsys.readouterr().err


def test_a_tool_failure_exits_2_with_one_line(scratch, capsys):
    project = scratch
    (project / "mkdocs.yml").write_text("nav: [unclosed\n", encoding="utf-8")
    assert tasks.check(project) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: mkdocs.yml:2:1: cannot read") and "Traceback" not in err[0]


def _crash_on(monkeypatch, needle):
    """Python-Markdown's paragraph processor raises on the paragraph holding needle: a bug met while rendering."""
    from markdown.blockprocessors import ParagraphProcessor

    run = ParagraphProcessor.run

    def crashing(self, parent, blocks):
        if needle in blocks[0]:
            raise IndexError("injected into the paragraph processor")
        return run(self, parent, blocks)

    monkeypatch.setattr(ParagraphProcessor, "run", crashing)


def test_a_crash_rendering_a_page_names_that_page_and_raises_in_the_tests(scratch, capsys, monkeypatch):
    # First rendered for the home page's map (its title), while index.md is being expanded.
    append("docs/roles.md", f"A paragraph of ours, {MARK}.")(scratch)  # new text: no cached model
    _crash_on(monkeypatch, MARK)
    with pytest.raises(IndexError, match="injected"):  # the tests' mode (conftest): the bug itself
        tasks.check(scratch)
    monkeypatch.delenv("TALKSITE_RAISE_BUGS")
    assert tasks.check(scratch) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: docs/roles.md:1:1: the check failed on this file"), err
    assert "IndexError: injected into the paragraph processor" in err[0]
    assert tasks.check(scratch, fmt="json") == 2
    assert json.loads(capsys.readouterr().out)["file"] == "docs/roles.md"


def test_a_crash_in_a_rule_names_the_page_it_was_checking(scratch, capsys, monkeypatch):
    from talksite import check as checker

    page_problems = checker._page_problems

    def crashing(entry, nav):
        if entry.file == "docs/focus.md":
            raise IndexError("injected into a rule")
        return page_problems(entry, nav)

    monkeypatch.setattr(checker, "_page_problems", crashing)
    append("docs/focus.md", f"A paragraph of ours, {MARK}.")(scratch)  # an edit: no cached report
    with pytest.raises(IndexError, match="injected into a rule"):
        tasks.check(scratch)
    monkeypatch.delenv("TALKSITE_RAISE_BUGS")
    assert tasks.check(scratch) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: docs/focus.md:1:1: the check failed on this file"), err


def test_a_docs_dir_that_is_no_folder_is_named_in_one_line(scratch, capsys):
    project = scratch
    append("mkdocs.yml", "docs_dir: pages")(project)
    line = line_of(project, "mkdocs.yml", "docs_dir: pages")
    assert tasks.check(project) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: mkdocs.yml:{line}:11: docs_dir 'pages' is not a folder"), err
    assert tasks.check(project, fmt="json") == 2
    assert json.loads(capsys.readouterr().out)["file"] == "mkdocs.yml"


VALID = "\n\n".join([
    "`[code span](nowhere.md)` and ``[double](gone.md)``",
    "```markdown\n[fenced](nowhere.md)\n## Not a heading\n```",
    "[mail](mailto:someone@example.org) and [phone](tel:+100)",
    "[query](roles.md?from=course#leader-role)",
    "[attr-list id](focus.md#facts-vs-ideas) and [same page](#compared)",
    "[id inside the included figure](synergies.md#fig-synergies-title)",
    "[reference][r] with a title [titled](roles.md \"Roles & more\")\n\n[r]: roles.md#manager-role",
    '<p><a href="../focus/#compared">raw html</a> <img src="../assets/figures/synergies.svg" alt="figure">'
    ' <a href="../sections.json">generated</a> <a href="#compared">same page</a></p>',
    "<https://example.org/secure> and [external](https://example.org/page#frag)",
    "[angle brackets](<roles.md#leader-role>)",
    "[a term](glossary.md#risk) and [the glossary itself](glossary.md)",
    "[paragraph of the talk](talk.md#p3)",
    "## Heading with classes {#valid-extra .special}",
    '!!! note "In an admonition"\n\n    [indented link](roles.md#leader-role)',
])


def test_tricky_but_valid_input_has_no_problem(scratch):
    project = scratch
    append("docs/focus.md", VALID)(project)
    (project / "docs" / "sub").mkdir()
    create("docs/sub/nested.md", "---\ndescription: A nested page.\n---\n# Nested\n\n"
           "[up and across](../roles.md#leader-role) [self](nested.md)\n")(project)
    replace("mkdocs.yml", "      - glossary.md", "      - glossary.md\n      - sub/nested.md")(project)
    assert _errors(project, strict=False) == []
    (warning,) = check(project).problems  # only: the new anchors are not registered yet
    assert warning.rule.code == "unregistered-anchor" and "focus.md#valid-extra, sub/nested.md" in warning.message


def test_the_real_site_has_no_problem():
    assert [str(p) for p in check(ROOT, strict=True).problems] == []


def test_the_mkdocs_hook_reports_what_check_reports(tmp_path):
    project = copy_project(tmp_path)
    append("docs/roles.md", f"[{MARK}](nowhere.md)\n\n[{MARK}](focus.md#facts)")(project)
    append("docs/glossary.md", "Mutation {#mutation}\n:   A change.")(project)
    expected = [str(p) for p in check(project, strict=True).problems]  # mkdocs_build is --strict
    result = mkdocs_build(project, tmp_path / "out")
    reported = [line.split("-  ", 1)[1] for line in result.stderr.splitlines()
                if line.startswith(("ERROR", "WARNING")) and "[" in line]
    assert result.returncode == 1
    assert len(expected) == 4 and reported == expected  # 2 links, an unused and an unregistered term
    assert not (tmp_path / "out" / "roles").exists(), "nothing may be rendered after a failed check"


@pytest.mark.slow  # a whole build of its own
def test_a_failed_check_leaves_site_byte_for_byte_unchanged(tmp_path):
    project = copy_project(tmp_path)
    env_python = [sys.executable, str(project / "scripts" / "build.py")]
    env = {"TALKSITE_NO_BOOTSTRAP": "1", "PATH": "/usr/bin:/bin"}
    assert subprocess.run([*env_python, "build"], cwd=project, env=env, capture_output=True).returncode == 0
    before = {p.relative_to(project): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    append("docs/roles.md", f"[{MARK}](nowhere.md)")(project)
    result = subprocess.run([*env_python, "build"], cwd=project, env=env, capture_output=True, text=True)
    after = {p.relative_to(project): p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert result.returncode == 1 and "[missing-page]" in result.stderr
    assert "nothing was built, site/ left unchanged" in result.stderr
    assert after == before


def test_the_readme_lists_exactly_the_generated_rules():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "check --rules" in readme

    def rules(*options):  # as a user runs it: a fresh process imports what it imports, nothing more
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build.py"), "check", "--rules", *options],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout.rstrip("\n")

    listed = readme.split("<!-- rules: start -->\n", 1)[1].split("\n<!-- rules: end -->", 1)[0]
    assert listed == rules("--format", "markdown"), "regenerate it: python3 scripts/build.py check --rules --format markdown"
    assert rules() == tasks.rule_table()  # imports every module, so RULES is whole here too
    codes = [line.split()[0] for line in rules().splitlines()]
    assert codes == sorted(RULES) == [row.split("`")[1] for row in listed.splitlines()[2:]]
    assert all(rule.description and rule.fix for rule in RULES.values())


def test_a_problem_takes_only_a_declared_rule():
    """No code reaches a user that the rule table does not document: a free string, or a Rule made
    up on the spot, is refused where the problem is made."""
    from talksite.check import MISSING_PAGE
    from talksite.errors import Problem, SiteError
    from talksite.rules import Rule

    assert str(Problem("docs/a.md", 1, 1, "error", "m", MISSING_PAGE)).endswith("[missing-page]")
    for wrong in ("missing-page", Rule("no-such-rule", "d", "f"), Rule("missing-page", "other words", "f"), None):
        with pytest.raises(TypeError, match="not a rule declared"):
            Problem("docs/a.md", 1, 1, "error", "m", wrong)
        with pytest.raises(TypeError):
            SiteError("docs/a.md", 1, "m", rule=wrong)
    with pytest.raises(TypeError):
        SiteError("docs/a.md", 1, "m")  # no default rule either


def _errors(project, strict=False):
    return [str(p) for p in check(project, strict).problems if p.severity == "error"]


def test_removing_a_published_anchor_fails_until_a_redirect_records_it(scratch):
    project = scratch
    replace("docs/roles.md", "{#leader-role}", "{#leaders}")(project)
    replace("docs/roles.md", "  leader-role:", "  leaders:")(project)  # its trainers' summary moves with it
    registry_line = line_of(project, "published-anchors.txt", "roles.md#leader-role")
    (error,) = _errors(project)
    assert error.startswith(f"published-anchors.txt:{registry_line}:1: error: published link "
                            "'roles.md#leader-role' no longer exists, so links to "
                            f"{TEST_SITE_URL}roles/#leader-role would break")
    assert error.endswith("[removed-anchor]") and "extra.fragment_redirects" in error
    replace("mkdocs.yml", "  fragment_redirects: {}",
            '  fragment_redirects:\n    "roles.md#leader-role": "roles.md#leaders"')(project)
    assert _errors(project) == []


def test_removing_a_published_page_fails_until_redirects_record_it(scratch):
    project = scratch
    (project / "docs" / "focus.md").rename(project / "docs" / "attention.md")
    for path in ("mkdocs.yml", "docs/conclusion.md", "docs/facilitator-guide.md"):
        file = project / path
        file.write_text(file.read_text(encoding="utf-8").replace("focus.md", "attention.md"), encoding="utf-8")
    gone = sorted(re.findall(r"published link '([^']+)' no longer exists", "\n".join(_errors(project))))
    # The page with its sections, and the per-page groups the trainers' index, key points and
    # facilitator notes derive.
    assert {"focus.md", "focus.md#facts-vs-ideas", "key-points.md#focus", "trainers.md#focus"} <= set(gone)
    assert all(entry.startswith("focus.md") or entry.endswith(".md#focus") for entry in gone), gone
    replace("mkdocs.yml", "  - redirects:\n      redirect_maps: {}", "  - redirects:\n      redirect_maps:\n"
            "        focus.md: attention.md")(project)
    replace("mkdocs.yml", "  fragment_redirects: {}", "  fragment_redirects:\n"
            "    key-points.md#focus: key-points.md#attention\n"
            "    trainers.md#focus: trainers.md#attention\n"
            "    facilitator-guide.md#focus: facilitator-guide.md#attention")(project)
    assert _errors(project) == []


def test_redirect_targets_are_checked_like_links(scratch):
    project = scratch
    replace("mkdocs.yml", "  fragment_redirects: {}",
            '  fragment_redirects:\n    "roles.md#old-name": "roles.md#no-such-id"\n'
            '    "roles.md#leader-role": "roles.md#manager-role"')(project)
    errors = _errors(project)
    target_line = line_of(project, "mkdocs.yml", "roles.md#old-name")
    shadow_line = line_of(project, "mkdocs.yml", '"roles.md#leader-role"')
    assert any(e.startswith(f"mkdocs.yml:{target_line}:1: error: no anchor '#no-such-id' in docs/roles.md")
               for e in errors), errors
    assert any(e.startswith(f"mkdocs.yml:{shadow_line}:1: error: redirect from 'roles.md#leader-role', "
                            "which still exists") for e in errors), errors


def test_new_anchors_must_be_registered_and_the_registry_only_grows(scratch, capsys):
    project = scratch
    append("docs/roles.md", "## A new section {#new-section}")(project)
    (warning,) = [p for p in check(project).problems]
    assert warning.severity == "warning" and "roles.md#new-section" in warning.message
    assert warning.rule.code == "unregistered-anchor"
    assert _errors(project, strict=True), "unregistered anchors fail a strict check"
    before = (project / "published-anchors.txt").read_text(encoding="utf-8").splitlines()
    assert tasks.update_anchors(project) == 0
    assert "1 anchor added" in capsys.readouterr().out
    after = (project / "published-anchors.txt").read_text(encoding="utf-8").splitlines()
    assert sorted(set(after) - set(before)) == ["roles.md#new-section"] and set(before) <= set(after)
    assert check(project, strict=True).problems == []


@pytest.mark.parametrize("address", [None, "https://training.example.com/lvm/", "http://localhost:8000/",
                                     "https://talks.test/"])
def test_a_placeholder_site_url_is_a_warning_and_an_error_when_strict(scratch, capsys, monkeypatch, address):
    """Until the site has an address of its own, what it prints and copies leads nowhere: said once
    at mkdocs.yml's site_url line (the pages and paper carry a notice), failing a --strict build."""
    if address is None:
        monkeypatch.delenv("TALKSITE_SITE_URL")  # mkdocs.yml's own default, the example.org placeholder
    else:
        monkeypatch.setenv("TALKSITE_SITE_URL", address)
    line = line_of(scratch, "mkdocs.yml", "site_url:")
    assert tasks.check(scratch) == 0
    warned = [w for w in capsys.readouterr().err.splitlines() if w.endswith("[placeholder-address]")]
    assert len(warned) == 1 and warned[0].startswith(f"mkdocs.yml:{line}:1: warning: site_url ")
    assert tasks.check(scratch, strict=True) == 1
    assert any(e.startswith(f"mkdocs.yml:{line}:1: error:") and e.endswith("[placeholder-address]")
               for e in capsys.readouterr().err.splitlines())


def test_an_address_of_its_own_is_no_placeholder(scratch, capsys, monkeypatch):
    for address in ("https://lvm.training-provider.net/", "https://example.co.uk/", "https://notexample.org/"):
        monkeypatch.setenv("TALKSITE_SITE_URL", address)
        assert tasks.check(scratch, strict=True) == 0, capsys.readouterr().err


def test_the_cached_check_sees_an_edit_in_a_configured_docs_dir(tmp_path):
    """serve's re-check reuses the last report only while no input changed, in docs_dir wherever it is."""
    from talksite.check import check_cached

    project = copy_project(tmp_path)
    (project / "docs").rename(project / "pages")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("base_path: [docs/", "base_path: [pages/")
    config.write_text("docs_dir: pages\n" + text, encoding="utf-8")
    assert check_cached(project).errors == []
    append("pages/roles.md", f"[{MARK}](nowhere.md)")(project)
    assert [p.rule.code for p in check_cached(project).errors] == ["missing-page"]
