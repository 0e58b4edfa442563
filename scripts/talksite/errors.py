"""Problems in the sources, located at file, line and column, each with a rule code and a fix."""

from __future__ import annotations

import contextlib
import os
from dataclasses import asdict, dataclass

from .rules import RULES, Rule


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the project root
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str
    rule: Rule  # a declared one (talksite.rules): its code is what the user sees
    fix: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.rule, Rule) or RULES.get(self.rule.code) != self.rule:
            raise TypeError(f"{self.rule!r} is not a rule declared with talksite.rules.rule()")
        # one problem, one line: whatever a library's message held
        object.__setattr__(self, "message", " ".join(str(self.message).split()))
        object.__setattr__(self, "fix", " ".join(str(self.fix).split()))

    def __str__(self) -> str:
        hint = f" ({self.fix})" if self.fix else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{hint} [{self.rule.code}]"

    def as_dict(self) -> dict:
        return {**asdict(self), "rule": self.rule.code}


class SiteError(Exception):
    """A problem that stops whatever is being done, reported compiler-style."""

    def __init__(self, file: str, line: int, message: str, fix: str = "", *, rule: Rule, column: int = 1):
        self.problem = Problem(file, line, column, "error", message, rule, fix)
        super().__init__(str(self.problem))

    def __str__(self) -> str:
        return str(self.problem)


class ToolError(Exception):
    """The checker itself cannot run (unreadable configuration, ...): exit status 2."""


# Set by the test suite (tests/conftest.py): an exception the check did not expect escapes with its
# traceback instead of becoming one line, so a bug in the check fails the tests that meet it.
RAISE_BUGS = "TALKSITE_RAISE_BUGS"


class CheckBug(ToolError):
    """The check itself failed on a file (a bug in the check): one line and exit 2, like ToolError."""


@contextlib.contextmanager
def reading(file: str | None):
    """Name file on an unexpected exception raised while it is read. The innermost file wins: the
    home page's map renders other pages' titles, and a crash there is in the page being rendered."""
    try:
        yield
    except ToolError:
        raise
    except Exception as exc:
        if file and not hasattr(exc, "talksite_file"):
            exc.talksite_file = file
        raise


def bug(exc: Exception, default: str) -> CheckBug:
    """An unexpected exception as one line naming the file being read (default when none was
    named); under TALKSITE_RAISE_BUGS=1 the exception itself, raised again."""
    if os.environ.get(RAISE_BUGS) == "1":
        raise exc
    file = getattr(exc, "talksite_file", None) or default
    return CheckBug(f"{file}:1:1: the check failed on this file (a bug in the check): {type(exc).__name__}: {exc}")
