"""Problems in the sources, located at file, line and column, each with a rule code and a fix."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # relative to the project root
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str
    rule: str
    fix: str = ""

    def __post_init__(self) -> None:  # one problem, one line: whatever a library's message held
        object.__setattr__(self, "message", " ".join(str(self.message).split()))
        object.__setattr__(self, "fix", " ".join(str(self.fix).split()))

    def __str__(self) -> str:
        hint = f" ({self.fix})" if self.fix else ""
        return f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}{hint} [{self.rule}]"

    def as_dict(self) -> dict:
        return asdict(self)


class SiteError(Exception):
    """A problem that stops whatever is being done, reported compiler-style."""

    def __init__(self, file: str, line: int, message: str, fix: str = "", rule: str = "site", column: int = 1):
        self.problem = Problem(file, line, column, "error", message, rule, fix)
        super().__init__(str(self.problem))

    def __str__(self) -> str:
        return str(self.problem)


class ToolError(Exception):
    """The checker itself cannot run (unreadable configuration, ...): exit status 2."""
