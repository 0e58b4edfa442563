"""One error type for content the site cannot be built from, located at file and line."""

from __future__ import annotations


class SiteError(Exception):
    """A problem in the sources, reported compiler-style: ``file:line: error: message (fix)``."""

    def __init__(self, file: str, line: int, message: str, fix: str = "") -> None:
        self.file, self.line, self.message, self.fix = file, line, message, fix
        super().__init__(str(self))

    def __str__(self) -> str:
        hint = f" ({self.fix})" if self.fix else ""
        return f"{self.file}:{self.line}: error: {self.message}{hint}"
