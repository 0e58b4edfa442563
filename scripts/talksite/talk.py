"""The talk: the verbatim transcript, its numbered paragraphs, and the quotes pages take from it.

Convention: every top-level blockquote (``> ...``, however the renderer reads one) in a page is the speaker's words and must be a
verbatim run of one transcript paragraph; our own words never go in a blockquote. That makes
quotes checkable, and lets the full-talk page link each paragraph to the section that quotes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass(frozen=True)
class Paragraph:
    number: int
    text: str
    line: int = 1  # first line in the transcript file

    @property
    def id(self) -> str:
        # Numbered ids are stable because the transcript of a recorded talk never changes.
        return f"p{self.number}"

    @property
    def sentences(self) -> list[str]:
        return [s for s in _SENTENCE_END.split(self.text) if s]


@dataclass(frozen=True)
class Quote:
    line: int  # line of the quote's first '>' in the file
    text: str  # the quoted words, whitespace-normalised
    end: int  # index (0-based, into the body's lines) just after the quote's last line
    heading: tuple[str, str] | None  # (id, title) of the nearest ##/### heading above it


class Talk:
    def __init__(self, title: str, paragraphs: list[Paragraph]) -> None:
        self.title = title
        self.paragraphs = paragraphs

    @classmethod
    def parse(cls, text: str) -> "Talk":
        blocks = [(m.start(), normalise(m.group())) for m in re.finditer(r"\S.*?(?=\n\s*\n|\s*\Z)", text, re.S)]
        if not blocks:
            return cls("", [])
        (_, title), body = blocks[0], blocks[1:]
        return cls(title, [Paragraph(n, b, text.count("\n", 0, start) + 1)
                           for n, (start, b) in enumerate(body, start=1)])

    def divergence(self, quote: str) -> tuple[Paragraph, str] | None:
        """For a misquote: the paragraph it starts like, and its first word that is not the speaker's."""
        words = normalise(quote).split(" ")
        best = None
        for paragraph in self.paragraphs:
            n = 0
            while n < len(words) and " ".join(words[: n + 1]) in paragraph.text:
                n += 1
            if n and n < len(words) and (best is None or n > best[0]):
                best = (n, paragraph)
        return (best[1], words[best[0]]) if best else None

    def locate(self, quote: str) -> Paragraph | None:
        """The paragraph that contains these exact words, if any."""
        words = normalise(quote)
        return next((p for p in self.paragraphs if words and words in p.text), None)


def quotes(model, first_line: int = 1) -> list[Quote]:
    """The top-level blockquotes of a page model (talksite.pipeline), each with its nearest section."""
    sections = [h for h in model.headings if h.is_section]
    found = []
    for quote in model.quotes:
        above = [h for h in sections if h.line <= quote.line]
        heading = (above[-1].id, above[-1].title) if above else None
        found.append(Quote(first_line + quote.line, quote.text, quote.end, heading))
    return found
