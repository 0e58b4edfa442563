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

from .errors import SiteError

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
    def __init__(self, terms: list[Term], file: str) -> None:
        self.terms = terms
        self.file = file
        self._by_id = {t.id: t for t in terms}

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
            definition = " ".join(p for p in parts if p)
            if not definition:
                raise SiteError(file, line, f"term '{match.group('name')}' has an empty definition",
                                "write the definition after ':   '")
            terms.append(Term(match.group("id"), match.group("name"), definition, line))
        if not terms:
            raise SiteError(file, page.body_line, "no glossary terms found",
                            "write terms as 'Term {#term-id}' followed by ':   definition'")
        return cls(terms, file)

    def decorate(self, page_html: str, glossary_url_from_page: str) -> str:
        """Give every link to a term the term's definition as its tooltip (Material shows `title`)."""
        pattern = re.compile(r'<a href="' + re.escape(glossary_url_from_page) + r'#([a-z0-9-]+)"')

        def add_title(match: re.Match) -> str:
            term = self.get(match.group(1))
            if term is None:  # a missing anchor: MkDocs' validation and our check report it
                return match.group(0)
            tip = html.escape(f"{term.name}: {term.plain}", quote=True)
            return f'{match.group(0)} class="term" title="{tip}"'

        return pattern.sub(add_title, page_html)
