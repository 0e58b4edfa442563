"""Teaching aids: a section's case and self-check, and what gathers them across pages (the Key
points page, the facilitator's notes and answer key, the session plans, the trainers' parts table).

All of it is built from each section page's front matter and its title, so nothing a page says is
written twice. A section page (one with ``objectives``) carries its teaching parts as data::

    section_questions: [What does ...?]  # what the section answers, before its objectives
    objectives: [Classify ..., Explain ...]  # numbered on the page: items name them by number
    case:
      title: A short title
      story: The case, 5 to 8 sentences of ours.
      questions:
        - question: What should ... ?
          assesses: [1]                  # the objectives it assesses, by number (1 = the first)
      model_answer: [An answer to question 1., ..., Then the debrief.]  # one a question, in order
    self_check:                          # 4 to 6 items
      - question: Which ... ?
        assesses: [2]
        answer: 2                        # 1-based: the right option
        options:                         # each with its own feedback: why it is right, or the
          - text: First                  # misconception behind it and why it does not fit the talk
            why: Why a learner might pick it, and why it does not fit.
          - text: Second
            why: Why it is right (the feedback and the answer key say this).
    facilitator:
      listen_for: [What a good answer in the room sounds like.]
      misconceptions: [A wrong idea that comes up, and what to say.]

``<!-- talksite:case -->`` and ``<!-- talksite:self-check -->`` place the first two on the page,
each under its part heading (PARTS); ``<!-- talksite:facilitator-notes -->`` puts every section's
notes, model answer and answer key on the facilitator guide. A session plan's *structure* is front
matter of the page that shows it::

    plans:
      plan-45:
        length: 45                      # the steps' minutes must add up to this
        steps:
          - activity: Welcome, and the question the talk answers
            minutes: 3
          - page: definitions.md         # title, link and questions come from the page
            minutes: 5
            questions: 1                 # optional: how many of its questions (default all)
          - page: roles.md
            part: case                   # optional: one teaching part of the page (PARTS)
            case_questions: [1, 2]       # optional: the case questions it uses (default all)
            minutes: 10
            points: [What to say, ours.]   # optional: 2-3 talking points for the step
            materials: [participant-pack] # optional: what it hands out (printing.MATERIALS)
          - page: focus.md
            part: self-check
            items: [2, 6]                # optional: the self-check items it uses (default all)
            minutes: 4
          - activity: Run the exercise
            link: conclusion.md#your-answer  # every activity links what it uses
            practises: [4]               # optional: objectives of the linked (or step's) page it
            minutes: 5                   # practises without an item or case question

and ``<!-- talksite:session-plan plan-45 -->`` places it. The plan names its steps' items and
questions, and under it says which objectives it practises (what those assess, and ``practises``)
and which it leaves for reading later (coverage), so no prose restates either.
"""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser

from mkdocs.utils import get_relative_url

from . import printing, schema
from .errors import SiteError
from .markup import inline
from .project import Page, Site
from .rules import rule
from .sections import group_id

# Declared here, beside most of the data the directives read; render reports it too.
DIRECTIVE_DATA = rule("directive-data", "a directive whose front matter data is missing or malformed",
                      "add the data the message names to the front matter")
UNKNOWN_MATERIAL = rule("unknown-material", "a session plan step that hands out a material the build does not make",
                        "name one of the printed materials README lists (handout, participant-pack, trainer-key)")

# The teaching parts of every section page: heading id -> the title used when we link to it.
# Every section page has each as a `## Title {#id}` heading, so a course can link any of them.
PARTS = {
    "objectives": "Objectives",
    "case": "Case",
    "self-check": "Self-check",
    "takeaways": "Takeaways",
    "discussion": "Discussion",
}
SELF_CHECK_ITEMS = (4, 6)
_NUMBERS = {2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six"}
PRINTED_LINES = 2  # ruled lines per part of an exercise (the handout's EXERCISE_LINES)
# A case question's own ruled room in a page printed from the browser (print.css draws a line
# every 7.5 mm): four lines, room for two or three sentences by hand (paper review: about ten
# lines for three or four questions). At five, no case with four questions fitted one side, and
# ten of twelve section prints split their case (browser-print review, finding 1).
ANSWER_LINES = 4
# How tall the browser print sets a case (print.css: 10 pt on 1.35, a ruled line every 7.5 mm),
# estimated from its text, and the room a side has for it. Measured on this site's six cases
# (Chromium, 2026-12-07): Definitions 263 mm, Roles and Focus 239, Conclusion 237, Modern
# competencies 228, Synergies 204; a Letter side holds 245 mm, an A4 side 263. The estimate gives
# 260, 236, 236, 230, 230, 201 (up to 7 mm short), so each room keeps a few millimetres in hand:
# Definitions, 263 mm on a 263 mm A4 side, is taken as too tall for it. A case taller than a side
# of a paper starts a fresh side there, and its second half opens the next side under a
# "(continued)" line (print.css, .ts-case--long-letter and .ts-case--long-a4). The browser-print
# test holds each case to one side or to that layout, so a wrong estimate fails it.
CASE_ROOM_MM = {"letter": 240, "a4": 255}
_CASE_FIXED_MM = 28  # worksheet label, heading, the case's title, closing line and gaps
_CASE_LINE_MM = 4.76  # a line of text at 10 pt on 1.35
_STORY_CHARS, _QUESTION_CHARS = 61, 58  # characters a line, story and (indented) question
ITEM_KEYS = ("question", "assesses", "answer", "options")
CASE_SENTENCES = (5, 8)
_MARKUP = re.compile(r"[*_`\[\]<]")  # self-check text is plain: it is escaped, not rendered
_SENTENCE = re.compile(r"[^.?!]+[.?!]+[\"”’)]*")
# On every answer (self-check explanations, model answers, the guide's answer key): Material's
# search leaves such blocks out of its index, so a search for a term never shows the answer beside
# it. With a value, because md_in_html drops a bare attribute from a <div markdown>.
NOT_SEARCHED = 'data-search-exclude=""'
# Where a printed page's answers are: a browser print leaves them out (print.css), so the
# questions on paper are a worksheet, and says this instead. No screen words: it is on paper.
ON_PAPER = {"case": "The model answer is not printed here: it is in the trainer's key.",
            "self-check": "The answers are not printed here: they are in the trainer's key, with the feedback "
                          "for every option."}


# An estimate for a learner alone, who reads at an unhurried pace and writes short answers; a
# session plan's steps give the section a group's time, which a group spends differently.
READING_WPM = 200
MINUTES_PER = {"case question": 3, "self-check item": 1}


def on_your_own(page: Page) -> int:
    """About how long one learner takes over a section page, to the next 5 minutes: reading what the
    page shows (its body, objectives, takeaways, case and model answer, and one option's feedback an
    item) and working its case questions and self-check items."""
    meta = page.meta

    def listed(value, kind=str) -> list:  # what front matter holds, as far as it is usable
        return [v for v in value if isinstance(v, kind)] if isinstance(value, list) else []

    case_data = meta.get("case") if isinstance(meta.get("case"), dict) else {}
    items = listed(meta.get("self_check"), dict)
    questions = listed(case_data.get("questions"), dict)
    texts = [page.body, *listed(meta.get("objectives")), *listed(meta.get("takeaways")),
             str(case_data.get("story", "")), *listed(case_data.get("model_answer"))]
    texts += [str(q.get("question", "")) for q in questions]
    feedback = 0  # words of one option's feedback an item, on average
    for item in items:
        options = listed(item.get("options"), dict)
        texts += [str(item.get("question", "")), *(str(o.get("text", "")) for o in options)]
        whys = [len(str(o.get("why", "")).split()) for o in options]
        feedback += sum(whys) // max(len(whys), 1)
    words = sum(len(t.split()) for t in texts) + feedback
    minutes = (words / READING_WPM + MINUTES_PER["case question"] * len(questions)
               + MINUTES_PER["self-check item"] * len(items))
    return max(5, -(-int(minutes) // 5) * 5)


def plan_times(page: Page, site: Site) -> list[tuple[int, int]]:
    """(plan length, minutes the plan gives the page) for every session plan on the site, shortest plan
    first; a plan that does not use the page gives it 0. A step counts for the page it works on, an
    activity's linked page too (the exercise is the Conclusion's, review 31). Malformed plans count
    what they can: the plan directive reports them."""
    return sorted((length, sum(step["minutes"] for step in _on(page, steps) if isinstance(step.get("minutes"), int)))
                  for length, steps in _plans(site))


def _plans(site: Site):
    """(length, steps) of every session plan on the site whose length and steps are usable."""
    for holder in site.pages:
        plans = holder.meta.get("plans")
        for plan in plans.values() if isinstance(plans, dict) else []:
            steps = plan.get("steps") if isinstance(plan, dict) else None
            if isinstance(steps, list) and isinstance(plan.get("length"), int):
                yield plan["length"], steps


def _on(page: Page, steps: list) -> list[dict]:
    """The steps that work on the page."""
    return [step for step in steps if isinstance(step, dict) and _step_src(step) == page.src]


def is_section(page: Page) -> bool:
    """A teaching section: a page whose front matter has learning objectives."""
    return bool(page.meta.get("objectives"))


def _text(value) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _texts(value) -> bool:
    return isinstance(value, list) and bool(value) and all(_text(v) for v in value)


def data_problems(page: Page) -> list[tuple[str, str, str]]:
    """What is wrong with a section page's case, self-check and facilitator notes.

    Each problem is (front matter key path, message, fix); teaching_rules places it at a line.
    """
    found = [(key, f"'{key}' must be a list of sentences (is an item 'text: more text'? quote it)",
              f"write each item as a string; quote an item that has ': ' in it")
             for key in ("section_questions", "objectives", "takeaways", "questions") if not _texts(page.meta.get(key))]
    case = page.meta.get("case")
    if not isinstance(case, dict):
        found.append(("case", "the section has no case", "add 'case:' with title, story, questions, model_answer"))
    else:
        for key in ("title", "story"):
            if not _text(case.get(key)):
                found.append((f"case.{key}" if key in case else "case", f"the case has no {key}",
                              f"give the case a '{key}:'"))
        if _text(case.get("story")):
            count = len(_SENTENCE.findall(case["story"]))
            low, high = CASE_SENTENCES
            if not low <= count <= high:
                found.append(("case.story", f"the case's story has {count} sentences, not {low} to {high}",
                              "keep a case short and concrete"))
        questions = case.get("questions")
        if not (isinstance(questions, list) and questions):
            found.append(("case.questions" if "questions" in case else "case", "the case has no questions",
                          "add 'questions:', a list of '- question: ...' with 'assesses: [N]'"))
        else:
            found += [(f"case.questions.{n}", f"case question {n + 1} needs 'question:' (text)",
                       "write '- question: What ...?' and 'assesses: [N]'")
                      for n, q in enumerate(questions) if not (isinstance(q, dict) and _text(q.get("question")))]
            # A question may say how many ruled lines its answer needs (the packs, the handout, the sheets).
            found += [(f"case.questions.{n}.lines", f"case question {n + 1}'s 'lines:' must be {schema.Number.name}",
                       "write 'lines: 6', the ruled lines its answer needs, or leave it out")
                      for n, q in enumerate(questions) if isinstance(q, dict) and "lines" in q and not schema.Number(q["lines"])]
        if not _texts(case.get("model_answer")):
            found.append(("case.model_answer" if "model_answer" in case else "case",
                          "the case has no model answer", "add 'model_answer:', a list of paragraphs"))
        elif isinstance(questions, list) and len(case["model_answer"]) < len(questions):
            # The answers are numbered as the questions (page, guide and key): one each, in order.
            found.append(("case.model_answer", f"the model answer has {len(case['model_answer'])} paragraphs "
                          f"for {len(questions)} questions",
                          "give one paragraph for each question, in order, then the debrief"))
    items = page.meta.get("self_check")
    low, high = SELF_CHECK_ITEMS
    if not isinstance(items, list):
        found.append(("self_check", "the section has no self-check",
                      f"add 'self_check:', {low} to {high} items with question, options, answer, why"))
    else:
        if not low <= len(items) <= high:
            found.append(("self_check", f"the self-check has {len(items)} items, not {low} to {high}",
                          "test the section's main ideas, one item each"))
        for n, item in enumerate(items):
            where = f"self_check.{n}"
            if not isinstance(item, dict):
                found.append((where, f"self-check item {n + 1} is not a mapping", "write question, options, answer, why"))
                continue
            unknown = sorted(str(key) for key in item if key not in ITEM_KEYS)
            if unknown:
                found.append((where, f"self-check item {n + 1} has unknown key '{unknown[0]}'",
                              f"an item has {', '.join(ITEM_KEYS)}; each option carries its own 'why'"))
            options = item.get("options")
            if not _text(item.get("question")):
                found.append((where, f"self-check item {n + 1} has no question", "add 'question:'"))
            if not (isinstance(options, list) and len(options) >= 2):
                found.append((where, f"self-check item {n + 1} needs two or more options", "add 'options:'"))
                options = []
            for k, option in enumerate(options):
                if not (isinstance(option, dict) and _text(option.get("text")) and _text(option.get("why"))):
                    found.append((f"{where}.options.{k}", f"self-check item {n + 1}, option {k + 1} needs 'text:' "
                                  "and 'why:'", "write '- text: the option' and 'why: the feedback a learner who "
                                  "picks it reads'"))
            if options and not (isinstance(item.get("answer"), int) and 1 <= item["answer"] <= len(options)):
                found.append((where, f"self-check item {n + 1} has no answer key entry: 'answer' must "
                              f"number one of its {len(options)} options", "set 'answer:' to the right option, from 1"))
            texts = [item.get("question"), *(v for o in options if isinstance(o, dict) for v in o.values())]
            if any(isinstance(t, str) and _MARKUP.search(t) for t in texts):
                found.append((where, f"self-check item {n + 1} has Markdown, which the self-check shows as "
                              "written", "write plain text (quotation marks instead of *emphasis*)"))
    notes = page.meta.get("facilitator")
    for key in ("listen_for", "misconceptions"):
        if not (isinstance(notes, dict) and _texts(notes.get(key))):
            found.append(("facilitator", f"the section has no facilitator notes '{key}'",
                          f"add 'facilitator: {{{key}: [...]}}'"))
    return found


def _usable(page: Page, *keys: str) -> bool:
    """Whether the data a directive renders is complete. When it is not, the directive renders
    nothing: teaching_rules reports each problem once, at its line, and the build stops there."""
    return page.meta_ok and not any(where.split(".")[0] in keys for where, _, _ in data_problems(page))


def answers_and_debrief(case: dict) -> tuple[list[str], list[str]]:
    """The model answer's paragraphs split in two: one answer to each of the case's questions, in
    their order, then the debrief (the rest). The page, the guide and the trainer's key read it so."""
    asked = len(case["questions"])
    return case["model_answer"][:asked], case["model_answer"][asked:]


def model_answer(case: dict) -> list[str]:
    """The model answer as Markdown paragraphs: one answer to each of the case's questions, numbered
    as the questions are (as a key is), then the debrief unnumbered (answers_and_debrief)."""
    answers, debrief = answers_and_debrief(case)
    return [f"{n}. {inline(paragraph)}" for n, paragraph in enumerate(answers, 1)] + [inline(p) for p in debrief]


def case(page: Page) -> list[str]:
    """The section's case as Markdown: the story, its questions, the model answer in a disclosure."""
    if not _usable(page, "case"):
        return []
    data = page.meta["case"]
    # One block, so paper (handout.extract) can take the case itself and leave the page's words around it.
    out = ['<div class="ts-case" markdown>', "",
           f"**{inline(data['title'])}** (a case of ours, for discussion)", "", inline(data["story"]), ""]
    # Each question carries its own ruled room for the browser print, inside its list item so
    # that print.css keeps the two together (paper review: one room of about ten lines under three
    # or four questions). Raw HTML, as Markdown would not keep a block inside a list item; spans,
    # as md_in_html takes a <div> inside it for a block of its own and breaks the list.
    # A case taller than a side of a paper starts a fresh side and turns before its middle
    # question, which opens the next side under "… (continued)" (print.css; CASE_ROOM_MM).
    height = case_height_mm(data)
    long = [f"ts-case--long-{paper}" for paper, room in CASE_ROOM_MM.items() if height > room]
    if long:
        out[0] = f'<div class="ts-case {" ".join(long)}" markdown>'
    turn = len(data["questions"]) // 2
    continued = (f'<span class="ts-print-only ts-case-continued" {NOT_SEARCHED}>Case: '
                 f'{inline(data["title"])} (continued)</span>')
    out += ["<ol>"] + [f'<li>{continued if long and n == turn else ""}{inline(q["question"])}'
                       f'<span class="ts-print-only ts-answer" {NOT_SEARCHED}>'
                       f'{"<span></span>" * answer_lines(q)}</span></li>' for n, q in enumerate(data["questions"])] + ["</ol>"]
    out += ["", f"<div markdown {NOT_SEARCHED}>", "", '??? model-answer "Model answer and debrief"', ""]
    out += [line for paragraph in model_answer(data) for line in (f"    {paragraph}", "")]
    return out + ["</div>", "", f'<p class="ts-print-only" {NOT_SEARCHED}>{ON_PAPER["case"]}</p>', "", "</div>", ""]


def case_height_mm(data: dict) -> float:
    """The estimated height of the case in a browser print (CASE_ROOM_MM): its story's lines and
    each question's lines and ruled room."""
    def lines(text: str, chars: int) -> int:
        return -(-len(" ".join(text.split())) // chars)
    questions = sum(lines(q["question"], _QUESTION_CHARS) * _CASE_LINE_MM + answer_lines(q) * 7.5 + 0.7
                    for q in data["questions"])
    return _CASE_FIXED_MM + lines(data["story"], _STORY_CHARS) * _CASE_LINE_MM + questions


def answer_lines(question: dict) -> int:
    """The ruled lines under a case question in a page printed from the browser: ANSWER_LINES, or
    the question's own `lines` where it asks for more (as the sheets and the pack give it)."""
    return max(ANSWER_LINES, question.get("lines") or 0)


def self_check(page: Page) -> list[str]:
    """The section's self-check as HTML: one radio group per item, each with its answer and every
    option's feedback in a disclosure, so the answers are reachable without script. The Check button
    and the live region for its verdict are hidden without script (self-check.css); self-check.js
    runs them and says the chosen option's feedback (``data-option``)."""
    if not _usable(page, "self_check"):
        return []
    stem = group_id(page)
    count = _NUMBERS.get(len(page.meta["self_check"]), str(len(page.meta["self_check"])))
    out = ['<div class="self-check" data-self-check>',
           f'<p class="ts-screen-only">{count} questions on this section. Choose an answer to each and check it: '
           "the feedback says why it is right, or what makes it tempting and why it does not fit.</p>",
           # On paper where the answers are goes in the lead-in, which stays with the first question:
           # printed after the last one, it could start the next side alone (print.css).
           f'<p class="ts-print-only">{count} questions on this section: tick one answer to each. {ON_PAPER["self-check"]}</p>',
           '<ol class="self-check__items">']
    for n, item in enumerate(page.meta["self_check"], 1):
        answer, options = item["answer"], item["options"]
        out.append(f'<li class="self-check__item" data-answer="{answer}">')
        out.append(f'<fieldset class="self-check__question"><legend>{html.escape(item["question"].strip())}</legend>')
        for value, option in enumerate(options, 1):
            out.append(f'<label class="self-check__option"><input type="radio" name="sc-{stem}-{n}" '
                       f'value="{value}"> <span>{html.escape(option["text"].strip())}</span></label>')
        out.append("</fieldset>")
        question = html.escape(item["question"].strip(), quote=True)
        out.append(f'<button type="button" class="self-check__check" aria-label="Check answer: {question}" '
                   f'{NOT_SEARCHED}>Check answer</button>')
        out.append(f'<p class="self-check__feedback" role="status" {NOT_SEARCHED}></p>')
        out.append(f'<details class="self-check__answer" {NOT_SEARCHED}><summary>Answer and explanation</summary>')
        key = options[answer - 1]["text"].strip()
        out.append(f'<p><strong>Answer:</strong> {html.escape(key)}{_stop(key)} '
                   f'<span class="self-check__why" data-option="{answer}">{html.escape(options[answer - 1]["why"].strip())}</span></p>')
        out.append('<ul class="self-check__others">')
        for value, option in enumerate(options, 1):
            if value != answer:
                out.append(f'<li><strong>{html.escape(option["text"].strip())}:</strong> <span class="self-check__why" '
                           f'data-option="{value}">{html.escape(option["why"].strip())}</span></li>')
        out += ["</ul>", "</details>", "</li>"]
    out += ["</ol>", "</div>", ""]
    return out


def _stop(text: str) -> str:
    """The full stop a sentence needs after an option's text: none after one it already has, also
    inside a closing quotation mark ("today?." and "shift.”." read as typos)."""
    return "" if text.rstrip("”’\"'")[-1:] in ".?!" else "."


def objectives_named(numbers) -> str:
    """'objective 2' or 'objectives 1 and 3', as the answer keys name what an item assesses: with
    no-break spaces, so '(objective' never ends a line without its number, on paper or screen."""
    return _numbered("objective", numbers)


def _numbered(noun: str, numbers) -> str:
    """'item 2' or 'items 1, 2 and 5', with no-break spaces (objectives_named)."""
    numbers = [str(n) for n in numbers or []]
    if not numbers:
        return ""
    listed = numbers[0] if len(numbers) == 1 else f"{', '.join(numbers[:-1])}\u00a0and\u00a0{numbers[-1]}"
    return f"{noun}{'s' if len(numbers) > 1 else ''}\u00a0{listed}"


def facilitator_notes(current: Page, site: Site, link) -> list[str]:
    """Per section: what to listen for, common misconceptions, the case's model answer and the
    self-check's answer key, under a heading per section (its id is the page's, as on Key points)."""
    out: list[str] = []
    for page in site.pages:
        if not is_section(page):
            continue
        here = link(current, page)
        if not _usable(page, "case", "self_check", "facilitator"):
            continue
        notes, data = page.meta["facilitator"], page.meta["case"]
        title = inline(page.title)
        out += [f"### {title} {{#{group_id(page)}}}", "",
                f"[{title}]({here}): [case]({here}#case), [self-check]({here}#self-check), "
                f"[discussion]({here}#discussion).", "{ .ts-screen-only }", "",  # links: nothing on paper
                "**What to listen for**", ""]
        out += [f"- {inline(item)}" for item in notes["listen_for"]]
        # The ones a plan raises lead, tagged with the plans, so a trainer finds the two or three to
        # use live (review 43); the rest follow for reading.
        plans_raise = raised(page, site)
        marked = [(plans_raise.get(phrase_key(misconception_phrase(item))), item) for item in notes["misconceptions"]]
        lead = ("**Common misconceptions**: in italics, what learners may say; then what to do."
                + (" Those a session plan raises come first, with the plans that raise them." if plans_raise else ""))
        out += ["", lead, ""]
        out += [f"- **Raised in {_plans_named(lengths)}:** {inline(item)}" for lengths, item in marked if lengths]
        out += [f"- {inline(item)}" for lengths, item in marked if not lengths]
        out += ["", f"<div markdown {NOT_SEARCHED}>", "",
                f"**Model answer to the case *{inline(data['title'])}***", ""]
        for paragraph in model_answer(data):
            out += [paragraph, ""]
        glance = printing.answers_at_a_glance(page.meta["self_check"])
        out += ["**Self-check answer key**, with the feedback for every option", "",
                f"Answers at a glance: {glance}.", ""]
        for n, item in enumerate(page.meta["self_check"], 1):
            assessed = objectives_named(item.get("assesses"))
            out += [f"{n}. {inline(item['question'])}" + (f" *({assessed})*" if assessed else ""), ""]
            for value, option in enumerate(item["options"], 1):
                label = "Right" if value == item["answer"] else "Wrong"
                text = option["text"].strip()
                letter = printing.OPTION_LETTERS[value - 1]  # as the learner's page and pack letter them
                out.append(f"    - **{letter} · {label}: {inline(text)}{_stop(text)}** {inline(option['why'])}")
            out.append("")
        out += ["</div>", ""]
    if not out:
        raise SiteError(site.rel(site.docs_dir / current.src), 1, "no section page to take notes from",
                        "add 'objectives:' and the teaching parts to section pages", rule=DIRECTIVE_DATA)
    return out


def parts_table(current: Page, site: Site, link) -> list[str]:
    """One line per section page, a link to each of its teaching parts (a list, not a table:
    six columns do not fit a phone)."""
    rows = []
    for page in site.pages:
        if is_section(page):
            here = link(current, page)
            parts = " · ".join(f"[{title}]({here}#{part})" for part, title in PARTS.items())
            rows.append(f"- [{inline(page.title)}]({here}): {parts}")
    return [*rows, ""]


def key_points(current: Page, site: Site, link) -> list[str]:
    """Every section page's takeaways, in reading order, under a heading linking to the page."""
    out: list[str] = []
    for page in site.pages:
        takeaways = page.meta.get("takeaways")
        if page.src == current.src or not takeaways:
            continue
        title = inline(page.title)
        # The line that links the section is for the screen: on paper it repeated the heading over
        # it ("From Roles:" under "Roles", paper review 22), and the address list gives the address.
        out += [f"## {title} {{#{group_id(page)}}}", "", f"From [{title}]({link(current, page)}):",
                "{ .ts-screen-only }", ""]
        out += [f"- {inline(item)}" for item in takeaways]
        out.append("")
    if not out:
        raise SiteError(site.rel(site.docs_dir / current.src), 1, "no page has takeaways to gather",
                        "add a 'takeaways:' list to section pages' front matter", rule=DIRECTIVE_DATA)
    return out


# What a self-check or case step picks from its page: the step's key and what one pick is called.
PICKS = {"self-check": ("items", "item"), "case": ("case_questions", "question")}
# A pick named in a step's prose ('items 2 and 6', 'question 3'): plan_problems holds it to the data.
_NAMED_PICKS = {part: re.compile(rf"\b{noun}s?\s+(\d+(?:(?:\s*,\s*|\s*,?\s+and\s+|\s+or\s+)\d+)*)", re.I)
                for part, (_, noun) in PICKS.items()}


def _numbers(value) -> list[int]:
    return [n for n in value if isinstance(n, int) and not isinstance(n, bool)] if isinstance(value, list) else []


def _objective_count(page: Page) -> int:
    objectives = page.meta.get("objectives")
    return len(objectives) if isinstance(objectives, list) else 0


def _pool(page: Page, part: str) -> list:
    """What a part step picks from: the page's self-check items or its case's questions, numbered from 1."""
    data = page.meta.get("self_check") if part == "self-check" else (
        page.meta["case"].get("questions") if isinstance(page.meta.get("case"), dict) else None)
    return data if isinstance(data, list) else []


def _part_step(step: dict) -> str | None:
    """The part (a PICKS key) of a step that practises a self-check or a case, else None."""
    part = step.get("part")
    return part if "page" in step and isinstance(part, str) and part in PICKS else None


def picked(step: dict, page: Page) -> list[int]:
    """The numbers a self-check (case) step uses: its 'items' ('case_questions'), or, without them, all."""
    key = PICKS[_part_step(step)][0]
    return _numbers(step[key]) if key in step else list(range(1, len(_pool(page, step["part"])) + 1))


def _step_src(step: dict) -> str | None:
    """The source of the page a step works on: its 'page', or the page its activity's 'link' names."""
    target = step.get("page") if "page" in step else step.get("link")
    return target.split("#")[0] if isinstance(target, str) else None


def _step_page(step: dict, site: Site) -> Page | None:
    src = _step_src(step)
    return site.by_src(src) if src else None


def practised(step: dict, site: Site) -> tuple[Page | None, set[int]]:
    """The page a step works on and the objectives it practises there: those its items or case
    questions assess, and those it names in 'practises' (an activity without an item, such as
    underlining the talk's words). Numbers the page does not have are plan_problems' to report."""
    page = _step_page(step, site)
    if page is None or not is_section(page):
        return page, set()
    found = set(_numbers(step.get("practises")))
    if part := _part_step(step):
        pool = _pool(page, part)
        for n in picked(step, page):
            if 1 <= n <= len(pool) and isinstance(pool[n - 1], dict):
                found.update(_numbers(pool[n - 1].get("assesses")))
    return page, {n for n in found if 1 <= n <= _objective_count(page)}


def coverage(plan: dict, site: Site) -> list[tuple[Page, list[int], list[int]]]:
    """Each section page in reading order, with the objectives the plan practises and those it
    leaves for reading later."""
    done: dict[str, set[int]] = {}
    steps = plan.get("steps")
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, dict):
            page, numbers = practised(step, site)
            if page is not None:
                done.setdefault(page.src, set()).update(numbers)
    return [(page, sorted(done.get(page.src, ())),
             [n for n in range(1, _objective_count(page) + 1) if n not in done.get(page.src, ())])
            for page in site.pages if is_section(page)]


def plan_problems(step: dict, site: Site) -> list[tuple[str, str, str]]:
    """What a well-typed plan step names that its page does not have: (key under the step, message,
    fix). A pick ('items', 'case_questions') on a step that is not that part, a number past the
    page's items, questions or objectives, and an item or question its prose names but does not use."""
    page = _step_page(step, site)
    if page is None:
        return []  # the plan directive reports a step without a page
    found = []
    part = _part_step(step)
    for kind, (key, noun) in PICKS.items():
        if key in step and part != kind:
            found.append((key, f"'{key}' names {noun}s of a {kind} step, but this step is not one",
                          f"add 'part: {kind}' to the step, or remove '{key}'"))
        elif key in step:
            have = len(_pool(page, part))
            found += [(f"{key}.{k}", f"{page.src} has no {noun} {n} in its {kind} ({have} {noun}s)",
                       f"name one of {page.src}'s {noun}s, 1 to {have}")
                      for k, n in enumerate(_numbers(step[key])) if n > have]
    if "practises" in step:
        count = _objective_count(page)
        fix = f"name one of {page.src}'s objectives, 1 to {count}" if count else "link a section page, or remove it"
        found += [(f"practises.{k}", f"{page.src} has no objective {n} ({count} objectives)", fix)
                  for k, n in enumerate(_numbers(step["practises"])) if n > count]
    if part:
        uses = set(picked(step, page))
        points = step.get("points")
        texts = [("activity", step.get("activity"))] + [
            (f"points.{k}", point) for k, point in enumerate(points if isinstance(points, list) else [])]
        for where, text in texts:
            for match in _NAMED_PICKS[part].finditer(text if isinstance(text, str) else ""):
                named = [int(n) for n in re.findall(r"\d+", match.group(1))]
                if extra := [n for n in named if n not in uses]:
                    noun = PICKS[part][1]
                    found.append((where, f"the step's text names {_numbered(noun, extra)}, which the step does not "
                                  f"use (it uses {_numbered(noun, sorted(uses))})".replace("\u00a0", " "),
                                  f"name only the step's {noun}s: the plan lists them and those left for later"))
    return found


# What a plan step says learners may say: the emphasised phrases after "learners may say" in its
# talking points, up to the parenthesis that closes them. Read from the rendered HTML (markup.inline),
# as the guide shows them; compared with a page's misconceptions, each of which opens with its phrase.
MAY_SAY = "learners may say"


class _Emphasis(HTMLParser):
    """The <em> texts of rendered inline Markdown, each with whether a 'learners may say' is open
    before it (the words, then no ')' outside emphasis until it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, bool]] = []
        self._depth, self._open, self._em = 0, False, ""

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "em":
            self._depth += 1
            self._em = "" if self._depth == 1 else self._em

    def handle_endtag(self, tag) -> None:
        if tag == "em" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.found.append((" ".join(self._em.split()), self._open))

    def handle_data(self, data) -> None:
        if self._depth:
            self._em += data
            return
        lowered = " ".join(data.lower().split())
        if MAY_SAY in lowered:
            self._open = True
            lowered = lowered[lowered.rindex(MAY_SAY):]
        if ")" in lowered:
            self._open = False


def _emphasis(text: str) -> list[tuple[str, bool]]:
    parser = _Emphasis()
    parser.feed(inline(text))
    parser.close()
    return parser.found


def said(text: object) -> list[str]:
    """The phrases a talking point says learners may say, as written (emphasised, after the words)."""
    return [phrase for phrase, open_ in _emphasis(text) if open_] if isinstance(text, str) else []


def phrase_key(text: str) -> str:
    """A phrase compared case- and punctuation-insensitively (curly quotes and dashes too)."""
    kept = "".join(" " if ch in string.punctuation or ch in "‘’“”–—…" else ch
                   for ch in text.lower())
    return " ".join(kept.split())


def misconception_phrase(item: object) -> str:
    """The phrase a misconception opens with: its first emphasis, what learners may say."""
    found = _emphasis(item) if isinstance(item, str) else []
    return found[0][0] if found else ""


def _misconceptions(page: Page) -> list[str]:
    notes = page.meta.get("facilitator")
    items = notes.get("misconceptions") if isinstance(notes, dict) else None
    return [item for item in items if isinstance(item, str)] if isinstance(items, list) else []


def _step_points(step: dict) -> list[tuple[str, object]]:
    points = step.get("points")
    return [(f"points.{k}", point) for k, point in enumerate(points if isinstance(points, list) else [])]


def unmatched_sayings(step: dict, site: Site) -> list[tuple[str, str, str, str]]:
    """What a plan step says learners may say that no misconception of its page names: (key under
    the step, the phrase, message, fix)."""
    page = _step_page(step, site)
    if page is None or not is_section(page):
        return []
    known = {phrase_key(misconception_phrase(item)) for item in _misconceptions(page)} - {""}
    found = []
    for where, point in _step_points(step):
        for phrase in said(point):
            if phrase_key(phrase) not in known:
                found.append((where, phrase, f"learners may say '{phrase}', which names no misconception of "
                              f"{page.src}", f"use the words of one of {page.src}'s facilitator misconceptions "
                              "(its italic opening), or add that misconception to the page"))
    return found


def raised(page: Page, site: Site) -> dict[str, list[int]]:
    """Each of a page's misconceptions (its phrase_key) that a plan step on the page raises, with the
    lengths of the plans that raise it, shortest first."""
    known = {phrase_key(misconception_phrase(item)) for item in _misconceptions(page)} - {""}
    found: dict[str, set[int]] = {}
    for length, steps in _plans(site):
        for step in _on(page, steps):
            for _, point in _step_points(step):
                for phrase in said(point):
                    if phrase_key(phrase) in known:
                        found.setdefault(phrase_key(phrase), set()).add(length)
    return {key: sorted(lengths) for key, lengths in found.items()}


def _plans_named(lengths: list[int]) -> str:
    """'the 90-minute plan' or 'the 90- and 180-minute plans'."""
    if len(lengths) == 1:
        return f"the {lengths[0]}-minute plan"
    return f"the {', '.join(f'{n}-' for n in lengths[:-1])} and {lengths[-1]}-minute plans"


def _coverage_lines(plan: dict, current: Page, site: Site, link) -> list[str]:
    """Under a plan: which objectives it practises and which it leaves for reading later, derived from
    its steps, each section linking to its objectives."""
    def named(pairs) -> str:
        parts = [f"{objectives_named(numbers)} of [{inline(page.title)}]({link(current, page)}#objectives)"
                 for page, numbers in pairs if numbers]
        return (", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)) or "none"

    rows = coverage(plan, site)
    if not rows:
        return []
    return [*_practice_line(plan, site),
            f"**Practised:** {named((page, done) for page, done, _ in rows)}.", "",
            f"**For reading later:** {named((page, left) for page, _, left in rows)}.", ""]


def _practice_line(plan: dict, site: Site) -> list[str]:
    """Under a plan: each step that practises on paper, with the items or case questions it uses, so
    the plan's summary need not count them (a hand-written count drifted from the steps)."""
    steps = plan.get("steps")
    done = []
    for number, step in enumerate(steps if isinstance(steps, list) else [], 1):
        page = _step_page(step, site) if isinstance(step, dict) and _part_step(step) else None
        if page is None:
            continue
        part, noun = step["part"], PICKS[step["part"]][1]
        uses, have = picked(step, page), len(_pool(page, part))
        which = f"all {have} {noun}s" if len(uses) >= have > 1 else _numbered(noun, uses)
        done.append(f"step\u00a0{number}, {inline(page.title)} {PARTS[part].lower()} ({which})")
    return [f"**Practice on paper:** {'; '.join(done)}.", ""] if done else []


def _clock(minutes: int) -> str:
    return f"{minutes // 60}:{minutes % 60:02d}"


def _material_links(name: str, url: str, in_plan: bool = False) -> str:
    """A printed material's PDFs as raw HTML links, resolved against the page's published URL; the
    guide's list of materials gives their addresses (materials), its plan steps say where they are."""
    papers = " · ".join(f'<a href="{get_relative_url(printing.material_file(name, paper), url)}" '
                        f'type="application/pdf">{printing.PAPER_NAMES[paper]}</a>' for paper in printing.PAPERS)
    if not in_plan:
        return f"{printing.MATERIALS[name]} (PDF: {papers})"
    # A plan step: on paper the papers' names alone lead nowhere, so say where the addresses are. The
    # handout is handed out to read the talk: name the chapter that holds it, not only the document.
    label = printing.MATERIALS[name]
    if name == printing.HANDOUT:
        label += f", open at its first chapter, *{printing.TALK_CHAPTER}*"
    return f"{label} (PDF: {papers}; addresses under [Preparing the room and materials](#preparing))"


def _printed_addresses(name: str, site_url: str) -> str:
    """A material's full addresses, one line per paper, for a printed page only (print.css): a
    trainer types them from paper, so they print whole at body size, not squeezed after a link."""
    lines = "<br>".join(f"{printing.PAPER_NAMES[paper]}: {html.escape(site_url + printing.material_file(name, paper))}"
                        for paper in printing.PAPERS)
    return f'<span class="ts-print-only ts-print-addresses">{lines}</span>'


def materials(url: str, site: Site) -> list[str]:
    """Every printed material of a session, with its links (the facilitator guide lists them)."""
    return [f"- {_material_links(name, url)}: {inline(what)}{_printed_addresses(name, site.site_url)}"
            for name, what in printing.MATERIAL_CONTENTS.items()] + [""]


def session_plan(plan_id: str, current: Page, site: Site, link, file: str, line: int, url: str) -> list[str]:
    """A timed plan: one numbered step per activity or section, with start and end time, its talking
    points (ours) and what it hands out."""
    plans = current.meta.get("plans") or {}
    plan = plans.get(plan_id) if isinstance(plans, dict) else None
    if not isinstance(plan, dict) or not isinstance(plan.get("steps"), list):
        raise SiteError(file, line, f"no session plan '{plan_id}' in the front matter",
                        f"add plans: {{{plan_id}: {{length: 45, steps: [...]}}}} to the front matter", rule=DIRECTIVE_DATA)
    out: list[str] = []
    start = 0
    handed_at: dict[str, int] = {}  # material: the step that hands it out
    for number, step in enumerate(plan["steps"], 1):
        if not isinstance(step, dict):
            raise SiteError(file, line, f"plan '{plan_id}', step {number} is not a mapping",
                            "write '- page: name.md' or '- activity: ...' with 'minutes:'", rule=DIRECTIVE_DATA)
        if "page" in step:
            page = site.by_src(str(step["page"]))
            if page is None:
                raise SiteError(file, line, f"plan '{plan_id}', step {number}: {step['page']} is not in the nav",
                                "name a page listed in mkdocs.yml nav", rule=DIRECTIVE_DATA)
            part = step.get("part")
            if part is not None and part not in PARTS:
                raise SiteError(file, line, f"plan '{plan_id}', step {number}: no teaching part '{part}'",
                                f"use one of: {', '.join(PARTS)}", rule=DIRECTIVE_DATA)
            questions = page.meta.get("questions") or []
            if part is None:
                minutes = step.get("minutes")
                count = step.get("questions", len(questions))
                lines = [f"[{inline(page.title)}]({link(current, page)}): {inline(page.description)}"]
                chosen = questions[:count]
            else:
                minutes = step.get("minutes")
                lines = [f"[{inline(page.title)} › {inline(_part_title(page, part))}]({link(current, page)}#{part})"
                         + _picks_note(step, page) + (f": {inline(step['activity'])}" if step.get("activity") else "")]
                chosen = questions[:step.get("questions", 0)] if part == "discussion" else []
        elif "activity" in step:
            minutes = step.get("minutes")
            target = step.get("link")
            if not isinstance(target, str) or site.by_src(target.split("#")[0]) is None:
                raise SiteError(file, line, f"plan '{plan_id}', step {number}: an activity needs a 'link:' to "
                                "the page (or page.md#id) it uses", "add 'link: key-points.md' or similar",
                                rule=DIRECTIVE_DATA)
            page = site.by_src(target.split("#")[0])
            anchor = f"#{target.split('#', 1)[1]}" if "#" in target else ""
            lines, chosen = [f"{inline(step['activity'])} (page: [{inline(page.title)}]({link(current, page)}{anchor})"
                             f"{printing.printed_address(site.site_url + page.url)})"], []
        else:
            raise SiteError(file, line, f"plan '{plan_id}', step {number} has neither 'page' nor 'activity'", rule=DIRECTIVE_DATA)
        if not isinstance(minutes, int) or minutes <= 0:
            raise SiteError(file, line, f"plan '{plan_id}', step {number} has no time",
                            "give the step 'minutes:'", rule=DIRECTIVE_DATA)
        handed = step.get("materials") or []
        unknown = [name for name in handed if name not in printing.MATERIALS]
        if unknown:
            raise SiteError(file, line, f"plan '{plan_id}', step {number} hands out '{unknown[0]}', which the "
                            "build does not make", f"name one of: {', '.join(printing.MATERIALS)}",
                            rule=UNKNOWN_MATERIAL)
        end = start + minutes
        out.append(f"{number}. **{_clock(start)}–{_clock(end)}** ({minutes} min) · {lines[0]}")
        if step.get("points"):
            out += ["", "    Talking points (ours):", ""]
            out += [f"    - {inline(point)}" for point in step["points"]]
            out.append("")
        # Each material is handed out once, at the first step that uses it; later steps point back.
        new = [name for name in handed if name not in handed_at]
        if new:
            out += ["", f"    Hand out: {'; '.join(_material_links(name, url, in_plan=True) for name in new)}", ""]
            handed_at.update((name, number) for name in new)
        if again := [name for name in handed if handed_at[name] != number]:
            out += ["", "    Use: " + "; ".join(f"{printing.MATERIALS[name]}, handed out at step {handed_at[name]}"
                                             for name in again), ""]
        if chosen:
            out += ["", "    Discuss:", ""]
            out += [f"    - {inline(question)}" for question in chosen]
            out.append("")
        start = end
    length = plan.get("length")
    if length != start:
        raise SiteError(file, line, f"plan '{plan_id}' takes {start} minutes but its length is {length}",
                        "make the steps' minutes add up to 'length'", rule=DIRECTIVE_DATA)
    return [*out, "", *_coverage_lines(plan, current, site, link)]


def _picks_note(step: dict, page: Page) -> str:
    """', items 2 and 6 (the others for reading later)' after a self-check or case step that uses some
    of its page's items or questions; nothing when it uses them all. Stated here, from the data, so
    the step's prose need not name them."""
    if not _part_step(step):
        return ""
    uses, have = picked(step, page), len(_pool(page, step["part"]))
    if len(uses) >= have:
        return ""
    others = "the others" if have - len(uses) > 1 else "the other one"
    return f", {_numbered(PICKS[step['part']][1], uses)} ({others} for reading later)"


def _part_title(page: Page, part: str) -> str:
    if part == "case" and isinstance(page.meta.get("case"), dict) and _text(page.meta["case"].get("title")):
        return f"Case: {page.meta['case']['title'].strip()}"
    return PARTS[part]


# A run sheet's step, shortened from its activity: its first clause ("Welcome the group and ask…" ->
# "Welcome the group"). The plan on the facilitator guide gives the whole activity.
_FIRST_CLAUSE = re.compile(r"[;:,.(]|\s+and\s+|\s+in which\s+")


def run_sheets(site: Site) -> list[dict]:
    """Every session plan as the trainer's key prints it at its front, shortest first, a side each:
    {"id", "length", "rows": [{"start", "minutes", "step", "uses", "materials"}]}, from the plan's
    front matter (the plan directive checks it), so the key restates nothing the plan says."""
    sheets = []
    for holder in site.pages:
        plans = holder.meta.get("plans")
        for plan_id, plan in (plans.items() if isinstance(plans, dict) else []):
            if not isinstance(plan, dict) or not isinstance(plan.get("steps"), list) or not isinstance(plan.get("length"), int):
                continue
            rows, start, handed = [], 0, set()
            for step in plan["steps"]:
                if not isinstance(step, dict) or not isinstance(step.get("minutes"), int):
                    continue
                page = site.by_src(_step_src(step) or "")
                title = page.title if page is not None else ""
                part = _part_step(step)
                if "page" not in step:
                    clause = _FIRST_CLAUSE.split(str(step.get("activity", "")).strip(), 1)[0].strip()
                    anchor = str(step.get("link", "")).partition("#")[2]
                    step_name, uses = clause, f"{title}{' › ' + _heading_of(page, anchor) if anchor else ''}"
                elif part:
                    step_name = f"{title}: {PARTS[part].lower()}"
                    uses = _numbered(PICKS[part][1], picked(step, page)) if page is not None else ""
                    uses = uses if part == "self-check" else f"case, {uses}"
                elif step.get("part"):
                    step_name, uses = f"{title}: {PARTS[step['part']].lower()}", ""
                else:
                    asked = step.get("questions", len(page.meta.get("questions") or []) if page is not None else 0)
                    step_name = f"{title}: the section"
                    uses = _numbered("discussion question", range(1, asked + 1)) if asked else ""
                materials = []
                for name in step.get("materials") or []:
                    shown = printing.MATERIALS.get(name, name)
                    materials.append(shown if name in handed else f"{shown} (hand out)")
                    handed.add(name)
                rows.append({"start": _clock(start), "minutes": step["minutes"], "step": step_name,
                             "uses": uses, "materials": "; ".join(materials)})
                start += step["minutes"]
            sheets.append({"id": f"run-sheet-{plan_id}", "length": plan["length"], "rows": rows})
    return sorted(sheets, key=lambda sheet: sheet["length"])


def _heading_of(page: Page | None, anchor: str) -> str:
    """The title of the page's heading whose id is `anchor`, as the page renders it."""
    headings = page.render(page.body).headings if page is not None and page.render else []
    return next((h.title for h in headings if h.id == anchor), anchor)
