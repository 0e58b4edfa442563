"""The glossary: terms are written once, as a definition list on the glossary page.

    Divergent thinking {#divergent-thinking}
    :   Looking for many possible answers ...

The terms are the `<dt>` elements with an id that the page's own rendering (the def_list and
attr_list extensions, read through talksite.pipeline) produces, each with the `<dd>` after it.
Pages mark a use of a term with an ordinary link to its anchor, ``[vision](glossary.md#vision)``;
tooltips, the term list and anchors all come from here.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .errors import Problem
from .rules import rule

DUPLICATE_TERM = rule("duplicate-term", "a term defined twice (names compared case-insensitively); reported at the "
                      "second", "merge the two entries")
EMPTY_DEFINITION = rule("empty-definition", "a term with an empty definition", "write the definition after ':   '")
NO_TERMS = rule("no-terms", "a glossary page without any term", "write terms as 'Term {#term-id}' then ':   definition'")


@dataclass(frozen=True)
class Term:
    id: str
    name: str
    definition: str  # plain text, as rendered
    line: int  # line of the term in the glossary file
    end: int = 0  # 0-based body line index just after the definition (where 'Used in' goes)
    markup: str = ""  # the definition as inline HTML, its emphasis kept (a book's title in italics)

    @property
    def plain(self) -> str:
        """The definition as plain text, for tooltips and print."""
        return self.definition


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
    def parse(cls, page, file: str, model) -> "Glossary":
        """Every term of the glossary page's model (talksite.pipeline.Rendered of its body)."""
        terms: list[Term] = []
        problems: list[Problem] = []
        seen: dict[str, Term] = {}
        source = page.body.split("\n")
        for block in model.blocks:
            if block.element.tag != "dl":
                continue
            items = list(block.element)
            starts = []
            search = block.line
            for el in items:  # each term's line: where its id is written, in order
                if el.tag == "dt" and el.get("id"):
                    at = next((n for n in range(search, block.end) if "#" + el.get("id") in source[n]), search)
                    starts.append(at)
                    search = at + 1
            index = 0
            for n, el in enumerate(items):
                if el.tag != "dt" or not el.get("id"):
                    continue
                definition = items[n + 1] if n + 1 < len(items) and items[n + 1].tag == "dd" else None
                line = starts[index]
                end = starts[index + 1] if index + 1 < len(starts) else block.end
                while end - 1 > line and not source[end - 1].strip():
                    end -= 1
                index += 1
                text = model.text_of(definition) if definition is not None else ""
                term = Term(el.get("id"), model.text_of(el), text, page.body_line + line, end,
                            model.html_of(definition) if definition is not None else "")
                problems += _entry_problems(term, seen, file)
                terms.append(term)
        if not terms:
            problems.append(Problem(file, page.body_line, 1, "error", "no glossary terms found",
                                    NO_TERMS, "write terms as 'Term {#term-id}' then ':   definition'"))
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
            # An entry that opens by naming its term ("A risk is ...") needs no "Risk: " before it.
            opening = " ".join(term.plain.split()[:3]).lower()
            said = term.plain if term.name.lower() in opening else f"{term.name}: {term.plain}"
            text = html.unescape(said)  # Markdown's "&lt;" is the text "<"
            tip = html.escape(html.escape(text, quote=False), quote=True)
            return f'{match.group(0)} class="term" title="{tip}"'

        return pattern.sub(add_title, page_html)


def _entry_problems(term: Term, earlier: dict[str, Term], file: str) -> list[Problem]:
    """Problems of one entry; `earlier` maps the ids and folded names seen so far to their term."""
    found = []
    if not term.definition:
        found.append(Problem(file, term.line, 1, "error", f"term '{term.name}' has an empty definition",
                             EMPTY_DEFINITION, "write the definition after ':   '"))
    other = earlier.get(term.name.casefold()) or earlier.get("#" + term.id)
    if other:
        found.append(Problem(file, term.line, 1, "error", f"term '{term.name}' (#{term.id}) is defined twice",
                             DUPLICATE_TERM, f"first defined at line {other.line}; merge the two"))
    earlier.setdefault(term.name.casefold(), term)
    earlier.setdefault("#" + term.id, term)
    return found
