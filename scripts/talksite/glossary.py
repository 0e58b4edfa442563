"""The glossary: terms are written once, as a definition list on the glossary page.

    Divergent thinking {#divergent-thinking}
    :   Looking for many possible answers ...

Each entry is one term line ending in its anchor, then a definition line starting with ':'
(continuation lines indented four spaces). Pages mark a use of a term with an ordinary link to
its anchor, ``[vision](glossary.md#vision)``; tooltips, the term list and anchors all come from here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .errors import Problem

_TERM = re.compile(r"^(?P<name>[^\s:>#!<|-].*?)\s*\{\s*#(?P<id>[a-z0-9][a-z0-9-]*)\s*\}\s*$")
_DEFINITION = re.compile(r"^:\s+(?P<text>.*)$")
_CONTINUATION = re.compile(r"^ {4}(?P<text>\S.*)$")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(\S.*?\S|\S)\1")


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    definition: str  # Markdown, as written
    line: int  # line of the term in the glossary file

    @property
    def plain(self) -> str:
        """The definition as plain text, for tooltips and print."""
        text = _MD_LINK.sub(r"\1", self.definition)
        return _MD_EMPHASIS.sub(r"\2", text)


class Glossary:
    def __init__(self, terms: list[Term], file: str, problems: list[Problem] | None = None) -> None:
        self.terms = terms
        self.file = file
        self.problems = problems or []  # what is wrong with the entries themselves
        self._by_id: dict[str, Term] = {}
        for term in terms:
            self._by_id.setdefault(term.id, term)

    def __iter__(self):
        return iter(self.terms)

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, term_id: str) -> Term | None:
        return self._by_id.get(term_id)

    @classmethod
    def parse(cls, page, file: str) -> "Glossary":
        """Read every ``Term {#id}`` / ``:   definition`` entry of the glossary page."""
        lines = page.body.splitlines()
        terms: list[Term] = []
        problems: list[Problem] = []
        seen: dict[str, Term] = {}
        i = 0
        while i < len(lines):
            match = _TERM.match(lines[i])
            nxt = _DEFINITION.match(lines[i + 1]) if i + 1 < len(lines) else None
            if not (match and nxt):
                i += 1
                continue
            line = page.body_line + i
            parts = [nxt.group("text").strip()]
            i += 2
            while i < len(lines) and (cont := _CONTINUATION.match(lines[i])):
                parts.append(cont.group("text").strip())
                i += 1
            term = Term(match.group("id"), match.group("name"), " ".join(p for p in parts if p), line)
            problems += _entry_problems(term, seen, file)
            terms.append(term)
        if not terms:
            problems.append(Problem(file, page.body_line, 1, "error", "no glossary terms found",
                                    "no-terms", "write terms as 'Term {#term-id}' then ':   definition'"))
        return cls(terms, file, problems)

    def decorate(self, page_html: str, glossary_url_from_page: str) -> str:
        """Give every link to a term the term's definition as its tooltip (Material shows `title`)."""
        pattern = re.compile(r'<a href="' + re.escape(glossary_url_from_page) + r'#([a-z0-9-]+)"')

        def add_title(match: re.Match) -> str:
            term = self.get(match.group(1))
            if term is None:  # a missing anchor: MkDocs' validation and our check report it
                return match.group(0)
            # Material's content.tooltips inserts `title` as HTML: the text is escaped for that
            # parse too, so a definition's "<" stays text in the tooltip (issue 10).
            text = html.unescape(f"{term.name}: {term.plain}")  # Markdown's "&lt;" is the text "<"
            tip = html.escape(html.escape(text, quote=False), quote=True)
            return f'{match.group(0)} class="term" title="{tip}"'

        return pattern.sub(add_title, page_html)


def _entry_problems(term: Term, earlier: dict[str, Term], file: str) -> list[Problem]:
    """Problems of one entry; `earlier` maps the ids and folded names seen so far to their term."""
    found = []
    if not term.definition:
        found.append(Problem(file, term.line, 1, "error", f"term '{term.name}' has an empty definition",
                             "empty-definition", "write the definition after ':   '"))
    other = earlier.get(term.name.casefold()) or earlier.get("#" + term.id)
    if other:
        found.append(Problem(file, term.line, 1, "error", f"term '{term.name}' (#{term.id}) is defined twice",
                             "duplicate-term", f"merge it with line {other.line}"))
    earlier.setdefault(term.name.casefold(), term)
    earlier.setdefault("#" + term.id, term)
    return found
