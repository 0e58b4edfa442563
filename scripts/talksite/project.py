"""The site as data: its pages in reading order, their front matter, the glossary and the talk.

Everything here reads plain files (mkdocs.yml, Markdown, the transcript) without MkDocs, so the
same model serves the MkDocs hooks, the tests and any future renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .errors import SiteError
from .glossary import Glossary
from .talk import Talk

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_PAGE = "glossary.md"
TRANSCRIPT = "transcript.txt"  # verbatim copy of the talk, relative to docs/

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_H1 = re.compile(r"^# +(.+?)(?:\s*\{[^}]*\})?\s*$", re.M)


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may carry tags such as !ENV or !relative; their values do not matter here."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Page:
    src: str  # path relative to docs/, with forward slashes
    text: str  # the whole file
    meta: dict
    body: str  # the Markdown after the front matter
    body_line: int  # 1-based line of the body's first line in the file

    @property
    def title(self) -> str:
        match = _H1.search(self.body)
        return self.meta.get("title") or (match.group(1) if match else Path(self.src).stem)

    @property
    def url(self) -> str:
        """Site-relative URL with directory URLs, as MkDocs publishes it ('' for the home page)."""
        stem = self.src[: -len(".md")]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    @property
    def description(self) -> str:
        return str(self.meta.get("description", "")).strip()


@dataclass
class Site:
    root: Path = ROOT
    config: dict = field(init=False)

    def __post_init__(self) -> None:
        path = self.root / "mkdocs.yml"
        try:
            self.config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise SiteError(_rel(path, self.root), 1, f"cannot read the site configuration: {exc}") from exc

    @property
    def docs_dir(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    @property
    def site_url(self) -> str:
        url = self.config.get("site_url") or ""
        return url if url.endswith("/") or not url else url + "/"

    @cached_property
    def nav(self) -> list[str]:
        """Every page in the nav, in reading order: the one list of pages."""
        found: list[str] = []

        def walk(items) -> None:
            for item in items or []:
                value = next(iter(item.values())) if isinstance(item, dict) else item
                if isinstance(value, list):
                    walk(value)
                elif isinstance(value, str) and value.endswith(".md"):
                    found.append(value)

        walk(self.config.get("nav"))
        return found

    @cached_property
    def pages(self) -> list[Page]:
        return [self.page(src) for src in self.nav]

    def page(self, src: str) -> Page:
        path = self.docs_dir / src
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SiteError("mkdocs.yml", 1, f"nav names {src}, which cannot be read: {exc.strerror}") from exc
        meta, body, body_line = {}, text, 1
        match = _FRONT_MATTER.match(text)
        if match:
            try:
                meta = yaml.safe_load(match.group(1)) or {}
            except yaml.YAMLError as exc:
                raise SiteError(_rel(path, self.root), 1, f"front matter is not valid YAML: {exc}") from exc
            # Like MkDocs, drop the blank lines after the front matter, keeping line numbers true.
            body = text[match.end():].lstrip("\n")
            body_line = text[: len(text) - len(body)].count("\n") + 1
        return Page(src=src, text=text, meta=meta, body=body, body_line=body_line)

    def by_src(self, src: str) -> Page | None:
        return next((p for p in self.pages if p.src == src), None)

    @cached_property
    def glossary(self) -> Glossary:
        page = self.by_src(GLOSSARY_PAGE)
        if page is None:
            raise SiteError("mkdocs.yml", 1, f"the nav has no {GLOSSARY_PAGE}", "add it under Reference")
        return Glossary.parse(page, self.rel(self.docs_dir / page.src))

    @cached_property
    def talk(self) -> Talk:
        path = self.docs_dir / TRANSCRIPT
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SiteError(self.rel(path), 1, f"cannot read the transcript: {exc.strerror}") from exc
        return Talk.parse(text)

    def rel(self, path: Path) -> str:
        return _rel(path, self.root)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
