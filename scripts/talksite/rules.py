"""The rule table: every problem the check reports has a code, a one-line description and a fix.

Each module that reports problems declares its rules where their logic is, with ``rule()``::

    MISSING_PAGE = rule("missing-page", "a link to a page that does not exist", "create the page or fix the link")

A Problem (talksite.errors) takes the Rule itself, and refuses one this table does not hold, so
no code is reported that the table does not document. `check --rules` and README's rule list are
generated from the table (``table()``, once every declaring module is imported: tasks.rule_table).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)  # ordered by code: problems sort by it
class Rule:
    code: str
    description: str
    fix: str


RULES: dict[str, Rule] = {}


def rule(code: str, description: str, fix: str) -> Rule:
    """Declare a rule (once per code) and return it."""
    found = RULES.setdefault(code, Rule(code, description, fix))
    if found.description != description:
        raise ValueError(f"rule '{code}' is declared twice with different descriptions")
    return found


def table(markdown: bool = False) -> str:
    """The declared rules, as `check --rules` prints them or as README's Markdown table."""
    rules = sorted(RULES.values(), key=lambda r: r.code)
    if markdown:
        return "\n".join(["| Rule | What it catches | How to fix it |", "| --- | --- | --- |"]
                         + [f"| `{r.code}` | {r.description} | {r.fix} |" for r in rules])
    return "\n".join(f"{r.code:<22} {r.description}" for r in rules)
