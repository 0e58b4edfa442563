"""The rule table: every problem the check reports has a code, a one-line description and a fix.

Each module that reports problems declares its rules where their logic is, with ``rule()``::

    MISSING_PAGE = rule("missing-page", "a link to a page that does not exist", "create the page or fix the link")

`check --rules` and README's rule list are generated from this table (``check.table()``), so a
rule cannot exist without being documented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
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
