"""Check rules for the teaching layer: every section page has its teaching parts, and our text
never gives the speaker a gender.

`problems(site)` returns Problem objects for check.py, each at file:line:

- teaching-shape: a section page (one with `objectives`) lacks one of the part headings
  (teaching.PARTS, as `## Title {#id}`), its case lacks a model answer, its self-check is not
  4 to 6 items each with an answer key entry, its facilitator notes are missing, or no page places
  the answer key (`<!-- talksite:facilitator-notes -->`);
- gendered-speaker: he/she/his/her… in our own words (page text outside quotes and code, and the
  front matter we render). The talk never names or describes the speaker, so our text calls them
  "the speaker". A case may give its own characters a gender: its `case:` data is not checked.
"""

from __future__ import annotations

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
GENDERED_SPEAKER = rule("gendered-speaker", "he/she/his/her in our own text: the talk never describes the speaker",
                        "write 'the speaker' (or name the person meant)")

_GENDERED = re.compile(r"\b(he|she|him|her|his|hers|himself|herself)\b", re.I)
_NOTES_DIRECTIVE = f"<!-- talksite:{NOTES_DIRECTIVE} -->"
_UNCHECKED_META = {"case"}  # a case's characters are ours to describe
_NOT_OURS = {"blockquote", "pre"}  # the speaker's words, and code


def problems(site: Site) -> list[Problem]:
    found: list[Problem] = []
    for page in site.pages:
        if not page.meta_ok:
            continue
        file = site.rel(site.docs_dir / page.src)
        lines = _meta_lines(page)
        found += _gendered(page, site, file, lines)
        if teaching.is_section(page):
            found += _shape(page, site, file, lines)
    if any(teaching.is_section(p) for p in site.pages) and not any(
            d.name == NOTES_DIRECTIVE for p in site.pages for d in site.model(p.body).directives):
        found.append(Problem("mkdocs.yml", site.config_line("facilitator-guide.md") if site.by_src(
            "facilitator-guide.md") else 1, 1, "error", "no page places the facilitator notes and answer key",
            TEACHING_SHAPE.code, f"add '{_NOTES_DIRECTIVE}' to the facilitator guide"))
    return found


def _shape(page: Page, site: Site, file: str, meta_lines: dict[str, int]) -> list[Problem]:
    found = []
    present = {h.id for h in headings(page, site) if h.level == 2}
    title_line = page.body_line + next((h.line for h in site.model(page.body).headings if h.level == 1), 0)
    for part, title in teaching.PARTS.items():
        if part not in present:
            found.append(Problem(file, title_line, 1, "error", f"the section has no '{title}' part (#{part})",
                                 TEACHING_SHAPE.code, f"add '## {title} {{#{part}}}' with its content"))
    for where, message, fix in teaching.data_problems(page):
        line = meta_lines.get(where) or meta_lines.get(where.split(".")[0]) or 1
        found.append(Problem(file, line, 1, "error", message, TEACHING_SHAPE.code, fix))
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
    for block in model.blocks:
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
                   "speaker", GENDERED_SPEAKER.code, GENDERED_SPEAKER.fix)
