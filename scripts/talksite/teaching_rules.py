"""Check rules for the teaching layer: every section page has its teaching parts, and our text
never gives the speaker a gender.

`problems(site)` returns Problem objects for check.py, each at file:line:

- teaching-shape: a section page (one with `objectives`) lacks one of the part headings
  (teaching.PARTS, as `## Title {#id}`), its case lacks a model answer, its self-check is not
  4 to 6 items each with an answer key entry, its facilitator notes are missing, or no page places
  the answer key (`<!-- talksite:facilitator-notes -->`);
- unassessed-objective, unaligned-item: every objective is assessed by a self-check item or a
  case question, and each of those names (`assesses: [N]`) objectives the page has;
- key-spread: across the site, no option position, and neither the longest nor the shortest option,
  is the key of more than KEY_SHARE of the self-check items (nor the longest or shortest of under
  LENGTH_SHARE_MIN), so a test-wise learner scores no better than chance;
- plan-picks: a session plan step's `items` (self-check), `case_questions` (case) and `practises`
  (objectives) name numbers its page has, and its text names no item or question it does not use;
- plan-misconception: what a plan step says learners may say (the emphasis after "learners may
  say") is one of its page's facilitator misconceptions (its italic opening), compared case- and
  punctuation-insensitively, so the guide can mark the misconceptions each plan raises;
- gendered-speaker: he/she/his/her… in our own words (page text outside quotes and code, and the
  front matter we render). The talk never names or describes the speaker, so our text calls them
  "the speaker". A case may give its own characters a gender: its `case:` data is not checked.
"""

from __future__ import annotations

import bisect
import re

import yaml

from . import schema, teaching
from .errors import Problem
from .project import Page, Site
from .render import NOTES_DIRECTIVE
from .rules import rule
from .sections import headings

TEACHING_SHAPE = rule("teaching-shape", "a section page without a teaching part (objectives, case, self-check, "
                      "takeaways, discussion), a case without a model answer, a self-check not of 4-6 answered items",
                      "add the missing part: see README, 'Add a page'")
UNASSESSED_OBJECTIVE = rule("unassessed-objective", "a learning objective that no self-check item or case question "
                            "assesses", "name it in an item's or case question's 'assesses:', or rewrite the objective "
                            "to what the section assesses")
UNALIGNED_ITEM = rule("unaligned-item", "a self-check item or case question that names no objective it assesses, "
                      "or a number the page's objectives do not have", "add 'assesses: [N]', N an objective's number "
                      "on the page (1 = the first)")
KEY_SPREAD = rule("key-spread", "self-check keys a test-wise learner could guess: one option position, the longest "
                  "or the shortest option is the answer in more than 40 % of the site's items, or the longest or "
                  "shortest in under 20 % (avoiding it then beats chance)", "move some answers to another position "
                  "(reorder the options and change 'answer'), or make the right option the longest or shortest "
                  "about a third of the time")
KEY_SHARE = 0.4  # the most of the site's keys one position or length may hold (chance is a third with three options)
LENGTH_SHARE_MIN = 0.2  # the least the longest (or shortest) option may hold: a learner avoiding it gets half the rest
PLAN_PICKS = rule("plan-picks", "a session plan step naming a self-check item, case question or objective its page "
                  "does not have, items or case questions on a step that is not that part, or step text naming an "
                  "item or question the step does not use", "name numbers the page has (1 = the first) in 'items', "
                  "'case_questions' or 'practises', and only those in the step's text")
PLAN_MISCONCEPTION = rule("plan-misconception", "a session plan step whose 'learners may say' names no "
                          "misconception of its page (compared case- and punctuation-insensitively with each "
                          "misconception's italic opening)", "use the page's own words for the misconception, or add "
                          "the misconception to the page's 'facilitator: misconceptions'")
GENDERED_SPEAKER = rule("gendered-speaker", "he/she/his/her in our own text: the talk never describes the speaker",
                        "write 'the speaker' (or name the person meant)")

_GENDERED_WORDS = ["he", "she", "him", "her", "his", "hers", "himself", "herself"]
# The lookahead lets the engine try only where a word can start: a long page is read three times faster.
_GENDERED = re.compile(r"(?=[%s])\b(%s)\b" % ("".join(sorted({w[0] for w in _GENDERED_WORDS})),
                                                "|".join(_GENDERED_WORDS)), re.I)
_NOTES_DIRECTIVE = f"<!-- talksite:{NOTES_DIRECTIVE} -->"
_UNCHECKED_META = {"case"}  # a case's characters are ours to describe
_NOT_OURS = {"blockquote", "pre"}  # the speaker's words, and code


def problems(site: Site) -> list[Problem]:
    found: list[Problem] = []
    keys: list[tuple[str, int, int, bool, bool]] = []  # every valid item's (file, line, key position, longest, shortest)
    for page in site.pages:
        if not page.meta_ok:
            continue
        file = site.rel(site.docs_dir / page.src)
        lines = _meta_lines(page)
        found += _gendered(page, site, file, lines)
        if teaching.is_section(page):
            found += _shape(page, site, file, lines)
            found += _alignment(page, file, lines)
            keys += _keys(page, file, lines)
        found += _plan_picks(page, site, file, lines)
    found += _key_spread(keys)
    if any(teaching.is_section(p) for p in site.pages) and not any(
            d.name == NOTES_DIRECTIVE for p in site.pages for d in site.model(p.body).directives):
        found.append(Problem("mkdocs.yml", site.config_line("facilitator-guide.md") if site.by_src(
            "facilitator-guide.md") else 1, 1, "error", "no page places the facilitator notes and answer key",
            TEACHING_SHAPE, f"add '{_NOTES_DIRECTIVE}' to the facilitator guide"))
    return found


def _shape(page: Page, site: Site, file: str, meta_lines: dict[str, int]) -> list[Problem]:
    found = []
    present = {h.id for h in headings(page, site) if h.level == 2}
    title_line = page.body_line + next((h.line for h in site.model(page.body).headings if h.level == 1), 0)
    for part, title in teaching.PARTS.items():
        if part not in present:
            found.append(Problem(file, title_line, 1, "error", f"the section has no '{title}' part (#{part})",
                                 TEACHING_SHAPE, f"add '## {title} {{#{part}}}' with its content"))
    for where, message, fix in teaching.data_problems(page):
        line = meta_lines.get(where) or meta_lines.get(where.split(".")[0]) or 1
        found.append(Problem(file, line, 1, "error", message, TEACHING_SHAPE, fix))
    return found


def _askers(page: Page) -> list[tuple[str, str, dict]]:
    """What assesses a section's objectives: (key path, name, data) of each self-check item and case question."""
    items, case = page.meta.get("self_check"), page.meta.get("case")
    found = [(f"self_check.{n}", f"self-check item {n + 1}", item)
             for n, item in enumerate(items if isinstance(items, list) else []) if isinstance(item, dict)]
    questions = case.get("questions") if isinstance(case, dict) else None
    return found + [(f"case.questions.{n}", f"case question {n + 1}", q)
                    for n, q in enumerate(questions if isinstance(questions, list) else []) if isinstance(q, dict)]


def _alignment(page: Page, file: str, lines: dict[str, int]) -> list[Problem]:
    """Each item and case question assesses objectives the page has, and each objective is assessed."""
    objectives = page.meta.get("objectives")
    count = len(objectives) if isinstance(objectives, list) else 0
    found, assessed = [], set()
    for where, name, asker in _askers(page):
        numbers = asker.get("assesses")
        line = lines.get(f"{where}.assesses") or lines.get(where) or 1
        if not (isinstance(numbers, list) and numbers):
            found.append(Problem(file, line, 1, "error", f"{name} names no objective it assesses",
                                 UNALIGNED_ITEM, UNALIGNED_ITEM.fix))
            continue
        for number in numbers:
            if isinstance(number, int) and not isinstance(number, bool) and 1 <= number <= count:
                assessed.add(number)
            else:
                found.append(Problem(file, line, 1, "error", f"{name} assesses objective {number!r}, but the page "
                                     f"has {count} objective{'' if count == 1 else 's'}", UNALIGNED_ITEM,
                                     UNALIGNED_ITEM.fix))
    for number in range(1, count + 1):
        if number not in assessed:
            found.append(Problem(file, lines.get(f"objectives.{number - 1}") or 1, 1, "error",
                                 f"objective {number} is assessed by no self-check item or case question",
                                 UNASSESSED_OBJECTIVE, UNASSESSED_OBJECTIVE.fix))
    return found


def _plan_picks(page: Page, site: Site, file: str, lines: dict[str, int]) -> list[Problem]:
    """Each plan step's items, case questions and objectives exist on its page (teaching.plan_problems)."""
    found = []
    plans = page.meta.get("plans")
    for plan_id, plan in plans.items() if isinstance(plans, dict) else []:
        steps = plan.get("steps") if isinstance(plan, dict) else None
        for n, step in enumerate(steps if isinstance(steps, list) else []):
            if not isinstance(step, dict):
                continue
            where = f"plans.{plan_id}.steps.{n}"
            for key, message, fix in teaching.plan_problems(step, site):
                line = lines.get(f"{where}.{key}") or lines.get(f"{where}.{key.split('.')[0]}") or lines.get(where) or 1
                found.append(Problem(file, line, 1, "error", f"plan '{plan_id}' step {n + 1}: {message}",
                                     PLAN_PICKS, fix))
            for key, phrase, message, fix in teaching.unmatched_sayings(step, site):
                line, column = _phrase_at(page, lines.get(f"{where}.{key}") or lines.get(where) or 1, phrase)
                found.append(Problem(file, line, column, "error", f"plan '{plan_id}' step {n + 1}: {message}",
                                     PLAN_MISCONCEPTION, fix))
    return found


def _phrase_at(page: Page, line: int, phrase: str) -> tuple[int, int]:
    """The file line and column where a point's phrase is written: the first line, from the point's
    own, that holds it (a folded point spans lines); the point's line and column 1 if none does
    (a phrase broken over two lines)."""
    source = page.meta_text.split("\n") if page.meta_text else []
    for index in range(max(line - 2, 0), min(line + 10, len(source))):  # file line 2 is meta_text's first
        if phrase in source[index]:
            return index + 2, source[index].index(phrase) + 1
    return line, 1


def _keys(page: Page, file: str, lines: dict[str, int]) -> list[tuple[str, int, int, bool, bool]]:
    """(file, line, key position, whether the key is the one longest option, and the one shortest)
    of each well-formed item."""
    found = []
    items = page.meta.get("self_check")
    for n, item in enumerate(items if isinstance(items, list) else []):
        options = item.get("options") if isinstance(item, dict) else None
        if not (isinstance(options, list) and all(isinstance(o, dict) and isinstance(o.get("text"), str)
                                                  for o in options)):
            continue
        answer = item.get("answer")
        if isinstance(answer, int) and not isinstance(answer, bool) and 1 <= answer <= len(options):
            lengths = [len(o["text"].strip()) for o in options]
            key = lengths[answer - 1]
            found.append((file, lines.get(f"self_check.{n}.answer") or lines.get(f"self_check.{n}") or 1, answer,
                          key == max(lengths) and lengths.count(key) == 1,
                          key == min(lengths) and lengths.count(key) == 1))
    return found


def _key_spread(keys: list[tuple[str, int, int, bool, bool]]) -> list[Problem]:
    """A learner's strategy that beats chance across the site: always one position, always the
    longest or shortest option (more than KEY_SHARE of the keys, or, with few items, more than an
    even spread over three positions needs), or never the longest or shortest (under
    LENGTH_SHARE_MIN). Reported at the last item the strategy wins (or, for 'never', the last item)."""
    total = len(keys)
    most = max(int(KEY_SHARE * total), -(-total // 3))
    least = int(LENGTH_SHARE_MIN * total)
    found = []
    cues = [(f"option {position} is", [k for k in keys if k[2] == position]) for position in sorted({k[2] for k in keys})]
    cues += [("the longest option is", [k for k in keys if k[3]]), ("the shortest option is", [k for k in keys if k[4]])]
    for cue, holding in cues:
        if len(holding) > most:
            file, line = holding[-1][:2]
            found.append(Problem(file, line, 1, "error", f"{cue} the answer in {len(holding)} of the site's {total} "
                                 f"self-check items (at most {most}): a learner who always picks it scores better "
                                 "than chance", KEY_SPREAD, KEY_SPREAD.fix))
        elif cue.endswith("est option is") and len(holding) < least:
            file, line = keys[-1][:2]
            found.append(Problem(file, line, 1, "error", f"{cue} the answer in only {len(holding)} of the site's "
                                 f"{total} self-check items (at least {least}): a learner who never picks it scores "
                                 "better than chance", KEY_SPREAD, KEY_SPREAD.fix))
    return found


def _meta_lines(page: Page) -> dict[str, int]:
    """File line of each front matter key path ('case', 'case.story', 'self_check.2', ...)."""
    node = schema.compose(page.meta_text) if page.meta_text else None  # libyaml's, when PyYAML has it
    found: dict[str, int] = {}

    def walk(node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = f"{path}.{key.value}" if path else str(key.value)
                found[sub] = key.start_mark.line + 2  # +1 for 1-based, +1 for the opening ---
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for n, value in enumerate(node.value):
                found[f"{path}.{n}"] = value.start_mark.line + 2
                walk(value, f"{path}.{n}")

    walk(node, "")
    return found


def _gendered(page: Page, site: Site, file: str, meta_lines: dict[str, int]) -> list[Problem]:
    """Gendered words in our text: every top-level element of the page model except the speaker's
    quotes and code, located in that element's source span; then the front matter we render."""
    found = []
    model = site.model(page.body)
    source = page.body.split("\n")
    hits, at, line = [], 0, 0  # the source lines with one of the words: a block without one is not read
    for m in _GENDERED.finditer(page.body):
        line, at = line + page.body.count("\n", at, m.start()), m.start()
        hits.append(line)
    for block in model.blocks:
        first = bisect.bisect_left(hits, block.line)
        if first == len(hits) or hits[first] >= block.end:
            continue
        if block.element.tag in _NOT_OURS or not _GENDERED.search(model.text_of(block.element)):
            continue
        for index in range(block.line, min(block.end, len(source))):
            found += [_gender_problem(file, page.body_line + index, m.start() + 1, m.group())
                      for m in _GENDERED.finditer(source[index])]

    def walk(value, path: str) -> None:
        if path.split(".")[0] in _UNCHECKED_META:
            return
        if isinstance(value, str):
            for m in _GENDERED.finditer(value):
                found.append(_gender_problem(file, meta_lines.get(path, 1), 1, m.group()))
        elif isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, f"{path}.{key}" if path else str(key))
        elif isinstance(value, list):
            for n, sub in enumerate(value):
                walk(sub, f"{path}.{n}")

    walk(page.meta, "")
    return found


def _gender_problem(file: str, line: int, column: int, word: str) -> Problem:
    return Problem(file, line, column, "error", f"'{word}' in our text: the talk never names or describes the "
                   "speaker", GENDERED_SPEAKER, GENDERED_SPEAKER.fix)
