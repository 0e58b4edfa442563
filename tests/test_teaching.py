"""The teaching layer (issue 11): every section's parts under stable ids, the self-check in a real
browser (keyboard alone, spoken feedback, answers reachable without script), the answer key and
model answers on the facilitator guide only, and the check rules that enforce the shape."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from browser import goto
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from talksite import teaching
from talksite.figures import typographic
from talksite.check import check
from talksite.sections import plain
from test_keyboard_and_palette import tab_until
from test_offline import unzipped  # noqa: F401 (fixture: the offline copy, unzipped)

PART_IDS = ["objectives", "case", "self-check", "takeaways", "discussion"]
GENDERED = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.I)


def _sections(site):
    return [page for page in site.pages if page.meta.get("objectives")]


def _block(heading):
    """A heading as a block of the article: inside the wrapper that holds its copy-link button."""
    return heading.parent if "ts-heading" in (heading.parent.get("class") or []) else heading


def _heading_of(block) -> str:
    """'h2' or 'h3' for a heading's wrapper, '' for any other block."""
    return next((c for c in ("h2", "h3") if f"ts-heading--{c}" in (block.get("class") or [])), "")


def test_the_site_has_the_six_sections_of_the_issue(site):
    assert [p.src for p in _sections(site)] == ["definitions.md", "roles.md", "focus.md", "synergies.md",
                                              "competencies.md", "conclusion.md"]


@pytest.mark.parametrize("src", ["definitions.md", "roles.md", "focus.md", "synergies.md", "competencies.md",
                                 "conclusion.md"])
def test_every_section_page_has_the_five_parts_as_h2_in_order(site, built, src):
    html = built.html(site.by_src(src).url)
    ids = [h["id"] for h in html.article.find_all("h2")]
    assert [i for i in ids if i in PART_IDS] == PART_IDS, f"{src}: parts {ids}"
    case = _block(html.find(id="case"))
    case_part = []
    for sibling in case.find_next_siblings():
        if sibling.name == "h2" or _heading_of(sibling) == "h2":
            break
        case_part.append(sibling)
    answers = [d for el in case_part for d in [el, *el.find_all("details")]
               if d.name == "details" and "model-answer" in d.get("class", [])]
    assert len(answers) == 1 and answers[0].summary and answers[0].get_text(strip=True), f"{src}: no model answer"
    check_ = html.select_one(".self-check")
    items = check_.select(".self-check__item")
    assert 4 <= len(items) <= 6
    for item in items:
        assert item.fieldset.legend.get_text(strip=True), "each item is a group named by its question"
        radios = item.select("input[type=radio]")
        assert len(radios) >= 2 and len({r["name"] for r in radios}) == 1
        assert all(r.find_parent("label") for r in radios), "each option is labelled"
        whys = item.select("details.self-check__answer .self-check__why[data-option]")
        assert sorted(w["data-option"] for w in whys) == sorted(r["value"] for r in radios), \
            "every option has its own feedback, reachable without script"
        assert all(w.get_text(strip=True) for w in whys)


def test_each_section_opens_with_the_questions_it_answers_then_its_objectives(site, built):
    """The Carpentries' episode head (shared note): questions, then objectives, in one box."""
    for page in _sections(site):
        box = " ".join(built.html(page.url).find(id="objectives").find_next(class_="admonition").get_text(" ").split())
        asked = [box.find(" ".join(q.split())) for q in page.meta["section_questions"]]
        assert len(asked) >= 2 and all(i >= 0 for i in asked), f"{page.src}: {box[:200]}"
        assert max(asked) < box.find("After this section you can") < box.find(page.meta["objectives"][0][:40])


def test_a_section_without_its_questions_is_an_error(scratch):
    _rewrite_meta(scratch, "docs/synergies.md", lambda meta: meta.pop("section_questions"))
    found = [p for p in check(scratch).problems if p.rule.code == "teaching-shape"]
    assert [(p.file, "section_questions" in p.message) for p in found] == [("docs/synergies.md", True)]


def test_case_stories_are_five_to_eight_sentences_with_questions(site):
    for page in _sections(site):
        case = page.meta["case"]
        sentences = re.findall(r"[^.?!]+[.?!]+", case["story"])
        assert 5 <= len(sentences) <= 8, f"{page.src}: {len(sentences)} sentences"
        assert case["questions"] and case["model_answer"]


def test_every_discussion_has_a_question_that_needs_no_job_or_team(site):
    work = re.compile(r"\byour (own )?(team|work|organisation|role|job|working week|internal customers)\b", re.I)
    for page in _sections(site):
        free = [q for q in page.meta["questions"] if not work.search(q)]
        assert free, f"{page.src}: every discussion question assumes a job or a team"


def test_answer_key_and_model_answers_are_complete_on_the_facilitator_guide(site, built):
    guide = " ".join(built.html("facilitator-guide/").article.get_text(" ").split())
    for page in _sections(site):
        for item in page.meta["self_check"]:
            assert " ".join(item["question"].split()) in guide
            for n, option in enumerate(item["options"], 1):
                verdict = "Right" if n == item["answer"] else "Wrong"
                text = option["text"].strip()
                # a full stop after the option, unless it ends a sentence already (also inside its quotes)
                stop = "" if text.rstrip("”’\"'")[-1] in ".?!" else "."
                expected = " ".join(f"{verdict}: {text}{stop} {option['why']}".split())
                assert expected in guide, f"{page.src}: the key lacks {expected[:60]!r}"
        # as rendered (learners' words are in italics), spaces aside: the text joins at the <em> tags
        for paragraph in page.meta["case"]["model_answer"]:
            assert "".join(plain(paragraph).split()) in "".join(guide.split()), f"{page.src}: model answer missing"
        for note in page.meta["facilitator"]["listen_for"] + page.meta["facilitator"]["misconceptions"]:
            assert "".join(plain(note).split()) in "".join(guide.split())


def test_answers_and_model_answers_are_not_in_the_learner_handout(site, built):
    from talksite import handout

    text = " ".join(handout.document_html(site, handout.teaching_sections(site, built.dir), sheet=False, epoch=0).split())
    assert 'class="self-check' not in text and "model-answer" not in text and "Answer and explanation" not in text
    for page in _sections(site):
        for item in page.meta["self_check"]:
            assert all(" ".join(option["why"].split()) not in text for option in item["options"])
        for paragraph in page.meta["case"]["model_answer"]:
            assert " ".join(paragraph.split())[:60] not in text


def test_search_finds_the_questions_but_never_shows_an_answer(site, built):
    """Material's search lists the text around a match: answers in the index would put the
    explanation next to a learner's search for a term, before they try the self-check."""
    index = json.loads((built.dir / "search/search_index.json").read_text(encoding="utf-8"))
    found = " ".join(" ".join(unescape(re.sub(r"<[^>]+>", "", doc["text"])).split()) for doc in index["docs"])
    for page in _sections(site):
        shown = built.html(page.url)
        questions = [" ".join(el.get_text().split()) for el in shown.select(".self-check legend")]
        answers = [" ".join(el.get_text().split()) for el in shown.select(".self-check__why, details.model-answer p")]
        assert questions and [q for q in questions if q not in found] == [], f"{page.src}: a question is not searchable"
        assert answers and [a for a in answers if a in found] == [], f"{page.src}: an answer is searchable"


def test_session_plans_link_every_step_and_use_cases_and_self_checks(built):
    guide = built.html("facilitator-guide/")
    for plan in ("plan-45", "plan-90", "plan-180"):
        heading = guide.find(id=plan)
        steps = _block(heading).find_next_sibling("ol").find_all("li", recursive=False)
        assert steps and all(step.find("a") for step in steps), f"{plan}: a step without a link"
        hrefs = [a["href"] for step in steps for a in step.find_all("a")]
        assert any(h.endswith("#case") for h in hrefs) and any(h.endswith("#self-check") for h in hrefs)
        assert any(h.endswith("#your-answer") for h in hrefs), f"{plan} does not use the exercise"


def test_trainers_page_and_sections_json_list_every_part(site, built):
    table = _block(built.html("trainers/").find(id="parts")).find_next_sibling("ul")
    hrefs = {a["href"] for a in table.find_all("a")}
    data = json.loads((built.dir / "sections.json").read_text(encoding="utf-8"))
    listed = {(s["source"], s["anchor"]): s["url"] for s in data["sections"]}
    for page in _sections(site):
        for part in PART_IDS:
            assert f"../{page.url}#{part}" in hrefs, f"trainers table lacks {page.src}#{part}"
            assert listed[(page.src, part)] == f"{site.site_url}{page.url}#{part}"


def test_our_text_never_gives_the_speaker_a_gender(site, built):
    """Built pages, less the quotes and the cases (whose characters are ours), and the handout template."""
    for page in site.pages:
        article = built.html(page.url).article
        for quote in article.find_all("blockquote"):
            quote.decompose()
        for part in ("case", "notes"):  # a case's characters may have a gender; the guide repeats them
            heading = article.find(id=part)
            if heading:
                for sibling in _block(heading).find_next_siblings():
                    if sibling.name == "h2" or _heading_of(sibling) == "h2":
                        break
                    sibling.decompose()
        words = GENDERED.findall(article.get_text(" "))
        assert not words, f"{page.src}: {words}"
    template = (teaching.__file__.rsplit("/", 1)[0] + "/templates/handout.html")
    assert not GENDERED.findall(open(template, encoding="utf-8").read())


# --- the check enforces the shape -----------------------------------------------------------------

def _problems(project, path, old, new):
    file = project / path
    source = file.read_text(encoding="utf-8")
    assert old in source, f"fixture out of date: {old!r}"
    file.write_text(source.replace(old, new, 1), encoding="utf-8")
    lines = file.read_text(encoding="utf-8").splitlines()
    return [p for p in check(project).problems if p.severity == "error"], lines


def _line(lines, needle):
    return next(n for n, line in enumerate(lines, 1) if needle in line)


def _key_line(lines, key):
    """The line of a top-level front matter key (a `summaries:` entry may share its name)."""
    return next(n for n, line in enumerate(lines, 1) if line.startswith(f"{key}:"))


def test_a_missing_part_heading_is_an_error_at_the_page_title(scratch):
    problems, lines = _problems(scratch, "docs/roles.md", "## Self-check {#self-check}", "")
    found = [p for p in problems if p.rule.code == "teaching-shape"]
    assert [(p.file, p.line) for p in found] == [("docs/roles.md", _line(lines, "# Roles"))]
    assert "#self-check" in found[0].message


def test_facilitator_notes_shown_only_in_a_code_block_are_missing(scratch):
    """The notes are placed by the directive itself; the same text as an example in code is not it."""
    directive = "<!-- talksite:facilitator-notes -->"
    problems, _ = _problems(scratch, "docs/facilitator-guide.md", directive, f"```html\n{directive}\n```")
    found = [p for p in problems if p.rule.code == "teaching-shape"]
    assert [(p.file, p.message) for p in found] == [
        ("mkdocs.yml", "no page places the facilitator notes and answer key")]


def test_a_self_check_of_three_items_is_an_error_at_its_line(scratch):
    lines = _rewrite_meta(scratch, "docs/focus.md", lambda meta: meta["self_check"].__delitem__(slice(3, None)))
    found = [p for p in check(scratch).problems if p.rule.code == "teaching-shape"]
    assert [(p.file, p.line, p.message) for p in found] == [
        ("docs/focus.md", _line(lines, "self_check:"), "the self-check has 3 items, not 4 to 6")]


def test_a_case_without_model_answer_and_an_item_without_answer_key_are_errors(scratch):
    def break_them(meta):
        meta["case"]["debrief"] = meta["case"].pop("model_answer")
        meta["self_check"][0]["answer"] = 7

    lines = _rewrite_meta(scratch, "docs/definitions.md", break_them)
    found = {(p.line, p.message) for p in check(scratch).problems if p.rule.code == "teaching-shape"}
    assert (_key_line(lines, "case"), "the case has no model answer") in found
    first_item = next(n for n in _lines_of(lines, "- question:") if n > _line(lines, "self_check:"))
    assert any(line == first_item and "no answer key entry" in message for line, message in found), found


def test_a_model_answer_shorter_than_its_questions_is_an_error(scratch):
    lines = _rewrite_meta(scratch, "docs/roles.md", lambda meta: meta["case"].__setitem__(
        "model_answer", meta["case"]["model_answer"][:len(meta["case"]["questions"]) - 1]))
    found = [(p.line, p.message) for p in check(scratch).problems if p.rule.code == "teaching-shape"]
    assert [(line, message) for line, message in found if "model answer" in message] == [
        (_line(lines, "model_answer:"), "the model answer has 3 paragraphs for 4 questions")]


def test_a_model_answer_is_numbered_as_the_case_questions_then_the_debrief(site, built):
    def words(node) -> str:
        return " ".join(node.get_text(" ").split())

    for page in _sections(site):
        asked, answers = page.meta["case"]["questions"], page.meta["case"]["model_answer"]
        expected = [" ".join(plain(a).split()) for a in answers]
        for url in (page.url, site.by_src("facilitator-guide.md").url):
            lists = [ol for ol in built.html(url).select("article ol") if ol.li and words(ol.li) == expected[0]]
            assert len(lists) == 1, f"{page.src} on {url}: the model answer is not one numbered list"
            assert [words(li) for li in lists[0].find_all("li", recursive=False)] == expected[:len(asked)], url
            debrief = lists[0].find_next_sibling("p")
            assert debrief is not None and words(debrief) == expected[len(asked)], url


def test_a_gendered_reference_to_the_speaker_is_an_error_at_line_and_column(scratch):
    problems, lines = _problems(scratch, "docs/conclusion.md", "It ends by saying", "She ends by saying")
    found = [p for p in problems if p.rule.code == "gendered-speaker"]
    line = _line(lines, "She ends by saying")
    assert [(p.file, p.line, p.column) for p in found] == [("docs/conclusion.md", line,
                                                             lines[line - 1].index("She") + 1)]


def test_pronouns_in_a_case_or_a_quote_are_not_flagged(scratch):
    problems, _ = _problems(scratch, "docs/definitions.md", "Noor also asks", "She also asks")
    assert not [p for p in problems if p.rule.code == "gendered-speaker"]


# --- the self-check in Chromium -------------------------------------------------------------------

def _first_item_keyboard(page, server):
    goto(page, server + "roles/#self-check")
    page.wait_for_selector(".self-check__check")
    tab_until(page, "document.activeElement.matches('.self-check input[type=radio]')", 20, "a self-check option")
    return page.locator(".self-check__item").first


def test_self_check_is_operable_by_keyboard_and_announces_feedback(page, server):
    item = _first_item_keyboard(page, server)
    status = item.locator(".self-check__feedback")
    assert status.get_attribute("role") == "status"  # a polite live region, present before it speaks
    right = int(item.get_attribute("data-answer"))
    # Arrow keys move through the options (and select); go to a wrong one first.
    for _ in range(1 if right != 2 else 2):
        page.keyboard.press("ArrowDown")
    chosen = page.evaluate("document.activeElement.value")
    assert chosen != str(right)
    disclosure = item.locator(".self-check__answer")
    assert not disclosure.is_visible(), "every option's feedback opens only once the learner has answered"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('self-check__check')")
    page.keyboard.press("Enter")
    why = item.locator(f".self-check__why[data-option='{right}']").text_content().strip()
    why_not = item.locator(f".self-check__why[data-option='{chosen}']").text_content().strip()
    page.wait_for_function("el => el.textContent.startsWith('Not quite')", arg=status.element_handle())
    said = status.text_content()
    assert why_not in said and why in said, "the chosen option's own feedback, then the answer and why"
    assert said.index(why_not) < said.index(why)
    assert disclosure.is_visible(), "after a check, every option's feedback can be read"
    # Back to the group, choose the right option, check again with Space.
    page.keyboard.press("Shift+Tab")
    for _ in range(6):
        if page.evaluate("document.activeElement.value") == str(right):
            break
        page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") == str(right)
    assert status.text_content() == "", "a new choice clears the old verdict"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    page.wait_for_function("el => el.textContent.startsWith('Correct.')", arg=status.element_handle())
    assert why in status.text_content()


def test_self_check_answers_are_reachable_without_script(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(server + "synergies/#self-check")
        buttons = page.locator(".self-check__check")
        assert buttons.count() > 0 and all(not b.is_visible() for b in buttons.all()), "no dead buttons without script"
        assert page.get_by_role("button").filter(has_text="Check answer").count() == 0
        answer = page.locator(".self-check__answer").first
        why = answer.locator(".self-check__why").first
        assert not why.is_visible()
        answer.locator("summary").focus()
        page.keyboard.press("Enter")
        assert why.is_visible() and why.text_content().strip()
    finally:
        context.close()


# --- plans, data and the offline copy -------------------------------------------------------------

def test_a_plan_step_links_a_part_and_an_activity_without_a_link_stops_the_build(site):
    from talksite.errors import SiteError
    from talksite.project import Page

    def plan(*steps):
        meta = {"plans": {"p": {"length": sum(s["minutes"] for s in steps), "steps": list(steps)}}}
        return Page(src="facilitator-guide.md", text="", meta=meta, body="", body_line=1)

    roles = site.by_src("roles.md")
    out = "\n".join(teaching.session_plan("p", plan({"page": "roles.md", "part": "case", "minutes": 10}),
                                          site, lambda c, t: t.src, "f.md", 3, "facilitator-guide/"))
    assert f"[{roles.title} › Case: {roles.meta['case']['title']}](roles.md#case)" in out
    with pytest.raises(SiteError, match="an activity needs a 'link:'"):
        teaching.session_plan("p", plan({"activity": "Tea", "minutes": 5}), site, lambda c, t: t.src, "f.md", 3,
                              "facilitator-guide/")
    with pytest.raises(SiteError, match="no teaching part 'quiz'"):
        teaching.session_plan("p", plan({"page": "roles.md", "part": "quiz", "minutes": 5}), site,
                              lambda c, t: t.src, "f.md", 3, "facilitator-guide/")


yaml_values = st.recursive(st.none() | st.booleans() | st.integers(-3, 9) | st.text(max_size=30),
                           lambda inner: st.lists(inner, max_size=7) | st.dictionaries(
                               st.sampled_from(["title", "story", "questions", "model_answer", "question", "assesses",
                                                "options", "answer", "text", "why", "listen_for", "misconceptions"]),
                               inner, max_size=6), max_leaves=25)


@given(meta=st.dictionaries(st.sampled_from(["objectives", "takeaways", "questions", "case", "self_check",
                                             "facilitator"]), yaml_values, max_size=6))
# Bounded and derandomised, so CI runs the same examples every time; generation speed depends on
# the machine's load, which is not what this test is about.
@settings(max_examples=150, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_any_front_matter_gives_problems_or_parts_never_a_crash(meta):
    from talksite.project import Page

    page = Page(src="x.md", text="", meta=meta, body="", body_line=1)
    found = teaching.data_problems(page)
    assert all(isinstance(message, str) and message for _, message, _ in found)
    case, check_ = teaching.case(page), teaching.self_check(page)
    broken = {where.split(".")[0] for where, _, _ in found}
    assert bool(case) == ("case" not in broken) and bool(check_) == ("self_check" not in broken)
    assert teaching.on_your_own(page) % 5 == 0 and teaching.on_your_own(page) >= 5


def test_self_check_works_in_the_offline_copy(unzipped, browser):
    from test_offline import Visit, _file_url

    visit = Visit(browser)
    try:
        visit.page.goto(_file_url(unzipped, "competencies.md"))
        item = visit.page.locator(".self-check__item").first
        item.locator(f"input[value='{item.get_attribute('data-answer')}']").check()
        item.locator(".self-check__check").click()
        assert item.locator(".self-check__feedback").text_content().startswith("Correct.")
        visit.assert_offline_and_clean()
    finally:
        visit.context.close()


# --- alignment and test-wise cues (issue 21) ------------------------------------------------------

def _rewrite_meta(project, path, change):
    """Rewrite a page's front matter through YAML (change edits the dict); returns the new lines."""
    import yaml

    file = project / path
    text = file.read_text(encoding="utf-8")
    head, body = text.removeprefix("---\n").split("\n---\n", 1)
    meta = yaml.safe_load(head)
    change(meta)
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=10_000)
    file.write_text(f"---\n{dumped}---\n{body}", encoding="utf-8")
    return file.read_text(encoding="utf-8").splitlines()


def _lines_of(lines, prefix):
    return [n for n, line in enumerate(lines, 1) if line.lstrip().startswith(prefix)]


def test_an_objective_nothing_assesses_is_an_error_at_its_line(scratch):
    def assess_only_the_first(meta):
        for asker in meta["self_check"] + meta["case"]["questions"]:
            asker["assesses"] = [1]

    lines = _rewrite_meta(scratch, "docs/roles.md", assess_only_the_first)
    objectives = _line(lines, "objectives:")
    found = [(p.file, p.line, p.message) for p in check(scratch).problems if p.rule.code == "unassessed-objective"]
    assert found == [("docs/roles.md", objectives + n, f"objective {n} is assessed by no self-check item or case "
                      "question") for n in (2, 3)]


def test_an_item_naming_no_objective_or_an_unknown_one_is_an_error_at_its_line(scratch):
    counted = []

    def misalign(meta):
        counted.append(len(meta["objectives"]))
        del meta["self_check"][0]["assesses"]
        meta["self_check"][1]["assesses"] = [9]
        meta["case"]["questions"][0]["assesses"] = []

    lines = _rewrite_meta(scratch, "docs/focus.md", misalign)
    items, assesses = _lines_of(lines, "- question:"), _lines_of(lines, "assesses:")
    found = {(p.line, p.message) for p in check(scratch).problems if p.rule.code == "unaligned-item"}
    case_question = next(n for n in assesses if n > _key_line(lines, "case") and n < _line(lines, "model_answer:"))
    first_item = next(n for n in items if n > _line(lines, "self_check:"))
    second_item_assesses = [n for n in assesses if n > _line(lines, "self_check:")][0]
    assert found == {(first_item, "self-check item 1 names no objective it assesses"),
                     (second_item_assesses, f"self-check item 2 assesses objective 9, but the page has {counted[0]} objectives"),
                     (case_question, "case question 1 names no objective it assesses")}


def test_keys_piled_on_one_position_or_on_the_longest_option_are_an_error(scratch, site):
    def key_first_and_longest(meta):
        for item in meta["self_check"]:
            key = item["options"].pop(item["answer"] - 1)
            key["text"] = key["text"] + " and much more besides, at length"
            item["options"].insert(0, key)
            item["answer"] = 1

    for page in _sections(site):
        _rewrite_meta(scratch, f"docs/{page.src}", key_first_and_longest)
    total = sum(len(page.meta["self_check"]) for page in _sections(site))
    found = sorted(p.message.split(":")[0] for p in check(scratch).problems if p.rule.code == "key-spread")
    assert found == [f"option 1 is the answer in {total} of the site's {total} self-check items (at most {total * 2 // 5})",
                     f"the longest option is the answer in {total} of the site's {total} self-check items "
                     f"(at most {total * 2 // 5})",
                     f"the shortest option is the answer in only 0 of the site's {total} self-check items "
                     f"(at least {total // 5})"]


def test_the_site_spreads_its_keys_so_guessing_a_position_scores_no_better_than_chance(site):
    """What the key-spread rule keeps, measured on the real items: a learner who always picks one
    position, or always (or never) the longest or the shortest option, scores at most 40 %."""
    items = [item for page in _sections(site) for item in page.meta["self_check"]]
    for position in (1, 2, 3):
        assert sum(item["answer"] == position for item in items) <= 0.4 * len(items)
    for pick in (max, min):  # always, or never, the longest (shortest) option
        lengths = [[len(option["text"].strip()) for option in item["options"]] for item in items]
        keyed = sum(pick(ls) == ls[item["answer"] - 1] and ls.count(pick(ls)) == 1 for ls, item in zip(lengths, items))
        assert 0.2 * len(items) <= keyed <= 0.4 * len(items), f"{pick.__name__}: {keyed} of {len(items)}"


def test_every_section_has_situation_items_for_at_least_half_its_self_check(site):
    """A situation item opens with a short case of ours (a sentence or more before the question)."""
    for page in _sections(site):
        items = page.meta["self_check"]
        situations = [i for i in items if re.search(r"[.!]\s+\S.*\?$", " ".join(i["question"].split()))]
        assert 2 * len(situations) >= len(items), f"{page.src}: {len(situations)} situation items of {len(items)}"
    competencies = site.by_src("competencies.md").meta["self_check"]
    assert sum(bool(re.search(r"[.!]\s+\S.*\?$", " ".join(i["question"].split()))) for i in competencies) >= 3


def test_a_plan_that_hands_out_a_material_the_build_does_not_make_stops_the_build(site):
    from talksite.errors import SiteError
    from talksite.project import Page

    meta = {"plans": {"p": {"length": 10, "steps": [{"page": "roles.md", "part": "self-check", "minutes": 10,
                                                      "materials": ["quiz-cards"]}]}}}
    page = Page(src="facilitator-guide.md", text="", meta=meta, body="", body_line=1)
    with pytest.raises(SiteError) as raised:
        teaching.session_plan("p", page, site, lambda c, t: t.src, "f.md", 3, "facilitator-guide/")
    assert raised.value.problem.rule.code == "unknown-material" and "quiz-cards" in raised.value.problem.message


def test_the_plans_hand_out_only_materials_the_build_makes_and_link_them(site, built):
    from talksite import printing

    guide = built.html("facilitator-guide/")
    named = {name for step_list in site.by_src("facilitator-guide.md").meta["plans"].values()
             for step in step_list["steps"] for name in step.get("materials", [])}
    assert named and named <= set(printing.MATERIALS)
    hrefs = {a["href"] for a in guide.article.find_all("a", href=True)}
    for name in named:
        assert f"../{printing.material_file(name)}" in hrefs, f"the guide does not link {name}"
    assert {f"../{printing.material_file(name, paper)}" for name in printing.MATERIALS
            for paper in printing.PAPERS} <= hrefs, "the guide lists every printed material"


def test_the_competencies_figure_uses_the_headings_labels(site, built):
    """One source for the labels: each box's bold lines are a competency heading, in order, and its
    other lines the line the page's table gives that competency."""
    article = built.html(site.by_src("competencies.md").url).article
    headings = []
    for h3 in article.find_all("h3"):
        for permalink in h3.select("a.headerlink"):
            permalink.decompose()
        headings.append(" ".join(h3.get_text(" ").split()))
    # The "At a glance" table gives each competency the same line of ours as the figure's box.
    table = next(t for t in article.find_all("table") if t.find("th") and t.find("th").get_text(strip=True) == "Competency")
    cells = [[" ".join(td.get_text(" ").split()) for td in row.find_all("td")] for row in table.find_all("tr")]
    glance = {row[0]: typographic(row[1]) for row in cells if row}  # the figure sets its quotes as the text's
    assert sorted(glance) == sorted(headings)
    for svg in article.select("figure svg"):
        boxes = [text for text in svg.find_all("text") if text.select("tspan.fig-strong:not(.fig-lg)")]
        labels = [" ".join(t.get_text(" ") for t in text.select("tspan.fig-strong")) for text in boxes]
        assert labels == headings, f"{svg.get('class')}: {labels}"
        lines = [" ".join(t.get_text(" ") for t in text.select("tspan:not(.fig-strong)")) for text in boxes]
        assert [line.lower() for line in lines] == [glance[label].lower() for label in labels], svg.get("class")


def test_every_plan_meets_the_talk_and_presents_each_section_before_practising_it(site):
    """A plan a trainer can run tomorrow: the group hears or reads the talk before the sections,
    every section (the conclusion too) is presented before its case, self-check or discussion, and
    every step that presents a section gives two or three talking points."""
    sections = [page.src for page in _sections(site)]
    for plan_id, plan in site.by_src("facilitator-guide.md").meta["plans"].items():
        steps = plan["steps"]
        first_section = next(n for n, step in enumerate(steps) if "page" in step)
        assert any(str(step.get("link", "")).split("#")[0] == "talk.md" for step in steps[:first_section]), \
            f"{plan_id}: the group does not meet the talk before the sections"
        presented = []
        for step in steps:
            if "page" in step and "part" not in step:
                presented.append(step["page"])
                assert 2 <= len(step.get("points") or []) <= 3, f"{plan_id}: {step['page']} has no 2-3 talking points"
            elif "page" in step:
                assert step["page"] in presented, f"{plan_id}: {step['page']} is practised before it is presented"
        assert presented == sections, f"{plan_id} presents {presented}"


def test_every_talking_point_is_at_most_30_words(site):
    """A talking point is what the trainer says or asks, read at a glance mid-session; the reasoning
    is in the section's misconceptions and the key (review 47, finding 5: 113 points averaged 33
    words, 29 ran past 40). A quote of the talk counts."""
    limit = 30
    long = []
    for plan_id, plan in site.by_src("facilitator-guide.md").meta["plans"].items():
        for number, step in enumerate(plan["steps"], 1):
            what = step.get("page", step.get("link", ""))
            if step.get("part"):
                what += f" {step['part']}"
            for point in step.get("points") or []:
                words = len(point.split())
                if words > limit:
                    long.append(f"{plan_id} step {number} ({what}): {words} words: {point[:50]}...")
    assert not long, f"talking points over {limit} words:\n" + "\n".join(long)


def test_time_on_your_own_grows_with_what_a_section_asks_of_a_learner(site):
    """The estimate a learner reads beside the objectives: a page with more to read, or more questions
    to work, takes longer."""
    from talksite.project import Page

    base = _sections(site)[0]
    longer = Page(src=base.src, text="", meta=base.meta, body=base.body + " word" * 2000, body_line=1)
    items = base.meta["self_check"]
    more_work = Page(src=base.src, text="", meta={**base.meta, "self_check": items * 3}, body=base.body,
                     body_line=1)
    assert teaching.on_your_own(longer) >= teaching.on_your_own(base) + 10  # 2,000 words: 10 minutes
    assert teaching.on_your_own(more_work) > teaching.on_your_own(base)


def test_the_home_page_gives_each_section_the_minutes_of_every_plan(site, built):
    """The map's plan times are the plans' own: in each plan the sections' minutes fit its length,
    the longest plan gives every section time, and a page's steps in one plan add up, an activity
    linking it too (the exercise is the Conclusion's: review 31)."""
    from talksite.project import Page

    plans = [length for length, _ in teaching.plan_times(_sections(site)[0], site)]
    assert plans == [45, 90, 180]
    rows = {page.src: teaching.plan_times(page, site) for page in _sections(site)}
    for n, length in enumerate(plans):
        assert sum(times[n][1] for times in rows.values()) <= length
    assert all(times[-1][1] > 0 for times in rows.values())
    home = (built.dir / "index.html").read_text(encoding="utf-8")
    roles = site.by_src("roles.md")
    given = " / ".join(str(minutes) for _, minutes in teaching.plan_times(roles, site))
    assert f"{given} min in the 45 / 90 / 180-minute plans" in home
    guide = Page(src="guide.md", text="", body="", body_line=1, meta={"plans": {"p": {"length": 20, "steps": [
        {"page": "x.md", "minutes": 5}, {"activity": "Break", "minutes": 8}, {"page": "x.md", "minutes": 7},
        {"activity": "Exercise", "link": "x.md#notes", "minutes": 3}]}}})

    class OneGuide:
        pages = [guide]

    assert teaching.plan_times(Page(src="x.md", text="", meta={}, body="", body_line=1), OneGuide()) == [(20, 15)]  # its activity too


# --- what a plan practises, derived from its steps (issue 21) ------------------------------------

def _section(src: str, title: str, objectives: int, items: list[list[int]], questions: list[list[int]]):
    """A section page of a fixture: its items and case questions assess the objectives given."""
    from talksite.project import Page

    meta = {"title": title, "objectives": [f"Objective {n}." for n in range(1, objectives + 1)],
            "self_check": [{"question": "Q?", "assesses": a} for a in items],
            "case": {"questions": [{"question": "C?", "assesses": a} for a in questions]}}
    return Page(src=src, text="", meta=meta, body="", body_line=1)


def test_a_plans_practised_and_left_objectives_come_from_its_items_questions_and_practises():
    """Worked out by hand for this fixture: A's items 2 and 4 assess objectives 2 and 3; B's case
    question 1 assesses 2 and the closing activity practises B's objective 1 by its own say-so;
    A's presentation step practises nothing. So A leaves 1, B leaves 3 (and B's item 1, unused,
    would have assessed it)."""
    from talksite.project import Page

    a = _section("a.md", "Alpha", 3, items=[[1], [2], [1], [3]], questions=[[1]])
    b = _section("b.md", "Beta", 3, items=[[3]], questions=[[2], [3]])
    plan = {"length": 20, "steps": [
        {"page": "a.md", "minutes": 5},
        {"page": "a.md", "part": "self-check", "items": [2, 4], "minutes": 5},
        {"page": "b.md", "part": "case", "case_questions": [1], "minutes": 5},
        {"activity": "Write", "link": "b.md#x", "practises": [1], "minutes": 5}]}
    guide = Page(src="guide.md", text="", meta={"plans": {"p": plan}}, body="", body_line=1)

    class Fixture:
        pages = [guide, a, b]
        site_url = "https://talk.test/"

        def by_src(self, src):
            return next((p for p in self.pages if p.src == src), None)

    site = Fixture()
    assert [(page.src, done, left) for page, done, left in teaching.coverage(plan, site)] == [
        ("a.md", [2, 3], [1]), ("b.md", [1, 2], [3])]
    out = "\n".join(teaching.session_plan("p", guide, site, lambda c, t: t.src, "guide.md", 3, "guide/"))
    nbsp = "\u00a0"
    assert (f"**Practised:** objectives{nbsp}2{nbsp}and{nbsp}3 of [Alpha](a.md#objectives) and objectives"
            f"{nbsp}1{nbsp}and{nbsp}2 of [Beta](b.md#objectives).") in out
    assert (f"**For reading later:** objective{nbsp}1 of [Alpha](a.md#objectives) and objective{nbsp}3 of "
            "[Beta](b.md#objectives).") in out
    assert f"[Alpha › Self-check](a.md#self-check), items{nbsp}2{nbsp}and{nbsp}4 (the others for reading later)" in out
    assert f"question{nbsp}1 (the other one for reading later)" in out
    # The practice line lists each step that practises on paper, with what it uses (review 46: a
    # plan's intro counted items by hand and drifted from its steps).
    assert (f"**Practice on paper:** step{nbsp}2, Alpha self-check (items{nbsp}2{nbsp}and{nbsp}4); "
            f"step{nbsp}3, Beta case (question{nbsp}1).") in out
    # Without 'items' a self-check step uses them all, and says nothing about reading later.
    plan["steps"][1].pop("items")
    assert teaching.coverage(plan, site)[0][1] == [1, 2, 3]
    out = "\n".join(teaching.session_plan("p", guide, site, lambda c, t: t.src, "guide.md", 3, "guide/"))
    assert "[Alpha › Self-check](a.md#self-check)," not in out and "**For reading later:** objective" in out
    assert f"step{nbsp}2, Alpha self-check (all 4 items)" in out


def test_a_plan_step_naming_an_item_its_page_lacks_is_an_error_at_its_line(scratch, site):
    have = len(site.by_src("roles.md").meta["self_check"])
    problems, lines = _problems(scratch, "docs/facilitator-guide.md", "items: [5]", "items: [9]")
    found = [(p.file, p.line, p.message) for p in problems if p.rule.code == "plan-picks"]
    assert found == [("docs/facilitator-guide.md", _line(lines, "items: [9]"),
                      f"plan 'plan-45' step 4: roles.md has no item 9 in its self-check ({have} items)")]


def test_step_text_naming_an_item_the_step_does_not_use_is_an_error_at_its_line(scratch):
    """Synergies' 180-minute self-check step talks about item 1; without item 1 in its data the
    text and the data disagree, and the check says where the text is."""
    problems, lines = _problems(scratch, "docs/facilitator-guide.md", "items: [1, 3]", "items: [3]")
    found = [(p.line, p.message) for p in problems if p.rule.code == "plan-picks"]
    point = _line(lines, "Item 1 practises the second synergy") - 1  # where the point starts, its '- >-'
    assert lines[point - 1].strip() == "- >-"
    assert found == [(point, "plan 'plan-180' step 14: the step's text names item 1, which the step does not use (it uses "
                      "item 3)")]


def test_the_plans_show_what_they_practise_and_no_intro_restates_it(site, built):
    guide = (built.dir / "facilitator-guide" / "index.html").read_text(encoding="utf-8")
    text = unescape(re.sub(r"<[^>]+>", "", guide))
    assert text.count("Practised:") == 3 and text.count("For reading later:") == 3
    source = site.by_src("facilitator-guide.md").body
    # The intros' hand-written lists ('objectives 1 and 3 of Focus') would go stale: the plans say it.
    assert not re.findall(r"objectives? \d[\d, and]* of (?:the )?[A-Z]", " ".join(source.split()))
    # Nor do they count items or questions ('two items of the focus self-check'): the practice line does.
    assert text.count("Practice on paper:") == 3
    words = r"(?:one|two|three|four|five|six|\d+)"
    assert not re.findall(rf"\b{words} (?:items|questions?) of\b", " ".join(source.split()), re.I)


def test_a_plan_phrase_that_names_no_misconception_of_its_page_is_an_error_at_its_column(scratch):
    """What a step says learners may say is one of its page's misconceptions (review 43, finding 8):
    the guide marks those a plan raises, so a phrase that matches none is reported where it is."""
    said = "*management means setting goals and targets*"
    problems, lines = _problems(scratch, "docs/facilitator-guide.md", said, "*setting targets is management*")
    found = [(p.file, p.line, p.column, p.message) for p in problems if p.rule.code == "plan-misconception"]
    line = _line(lines, "*setting targets is management*")
    assert found == [("docs/facilitator-guide.md", line, lines[line - 1].index("setting targets") + 1,
                      "plan 'plan-90' step 4: learners may say 'setting targets is management', which names no "
                      "misconception of definitions.md")]
    assert all(p.fix for p in problems if p.rule.code == "plan-misconception")


def test_a_phrase_matches_its_misconception_whatever_its_case_and_punctuation():
    assert teaching.phrase_key("So the talk's answer is: be a leader, not a manager.") == \
        teaching.phrase_key("so the talk’s answer is be a leader not a manager")
    assert teaching.said("Ask (learners may say: *one*, or *two*), then *not said*.") == ["one", "two"]


def test_the_guide_leads_each_sections_misconceptions_with_those_a_plan_raises(site):
    guide = site.by_src("facilitator-guide.md")
    notes = teaching.facilitator_notes(guide, site, lambda current, target: target.src)
    start = notes.index(next(line for line in notes if line.startswith("### Definitions")))
    end = next(n for n, line in enumerate(notes) if n > start and line.startswith("### "))
    items = [line for line in notes[start:end] if line.startswith("- ") and "<em>" in line
             and notes.index(line) > notes.index(next(l for l in notes[start:end] if "Common misconceptions" in l))]
    raised = [line for line in items if line.startswith("- **Raised in the 90-minute plan:** <em>")]
    # Plan 90's Definitions self-check (items 2 and 5) raises these three; no plan raises the vision one.
    assert len(raised) == 3 and all(any(phrase in line for phrase in ("setting goals", "money and things",
                                                                       "my perspective")) for line in raised)
    unraised = next(line for line in items if "separates vision from goal" in line)
    assert unraised.startswith("- <em>") and "Raised" not in unraised
    assert items.index(unraised) > max(items.index(line) for line in raised)
