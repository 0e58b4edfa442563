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

from .errors import Problem, ToolError
from .glossary import Glossary
from .talk import Talk

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_PAGE = "glossary.md"
TRANSCRIPT = "transcript.txt"  # verbatim copy of the talk, relative to docs/

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)
_H1 = re.compile(r"^# +(.+?)(?:\s*\{[^}]*\})?\s*$", re.M)


# libyaml's C loader when PyYAML has it: front matter parsing is most of a check's YAML time.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ConfigLoader(_SafeLoader):
    """mkdocs.yml may carry tags such as !ENV or !relative; their values do not matter here.

    A key given twice is refused: YAML would silently keep the last one (a merge that leaves two
    extra_javascript lists drops the first list's scripts without a word).
    """

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str) and key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key '{key}' is given twice (line {key_node.start_mark.line + 1})",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep)


def _python_name(loader, suffix, node):
    """`!!python/name:module.attr` (used in extension configs): the object itself."""
    import importlib

    module, _, attr = suffix.rpartition(".")
    return getattr(importlib.import_module(module), attr)


def _env(loader, node):
    """`!ENV VAR` or `!ENV [VAR, default]`, as MkDocs reads it."""
    import os

    names = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else [loader.construct_scalar(node)]
    default = names.pop() if len(names) > 1 else None
    return next((os.environ[n] for n in names if n in os.environ), default)


_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_ConfigLoader.add_constructor("!ENV", _env)
_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)  # other tags: not needed here


def page_url(src: str) -> str:
    """Site-relative URL of a page with directory URLs, as MkDocs publishes it ('' for home)."""
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


@dataclass(frozen=True)
class Page:
    src: str  # path relative to docs/, with forward slashes
    text: str  # the whole file
    meta: dict
    body: str  # the Markdown after the front matter
    body_line: int  # 1-based line of the body's first line in the file
    meta_ok: bool = True  # False when the front matter could not be read (reported once, not per use)

    @property
    def title(self) -> str:
        match = _H1.search(self.body)
        return self.meta.get("title") or (match.group(1) if match else Path(self.src).stem)

    @property
    def url(self) -> str:
        return page_url(self.src)

    @property
    def description(self) -> str:
        return str(self.meta.get("description", "")).strip()


@dataclass
class Site:
    root: Path = ROOT
    config: dict = field(init=False)

    def __post_init__(self) -> None:
        path = self.root / "mkdocs.yml"
        self.problems: list[Problem] = []  # found while loading pages; the checker reports them
        try:
            self.config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader) or {}
        except (OSError, yaml.YAMLError, ImportError, AttributeError) as exc:
            raise ToolError(f"cannot read {_rel(path, self.root)}: {exc}".replace("\n", " ")) from exc
        if not isinstance(self.config, dict):
            raise ToolError(f"{_rel(path, self.root)} is not a mapping of settings")

    @cached_property
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
        """The nav's pages that exist; a nav entry without its file is recorded as a problem."""
        found = []
        for src in self.nav:
            if (self.docs_dir / src).is_file():
                found.append(self.page(src))
            else:
                self.problems.append(Problem("mkdocs.yml", self.config_line(src), 1, "error",
                                             f"nav names '{src}', which is not in {self.docs_dir.name}/",
                                             "nav-missing", "create the page or fix the nav entry"))
        return found

    def config_line(self, text: str) -> int:
        """The first line of mkdocs.yml that states text, not in a comment (1 when none does)."""
        lines = (self.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
        return next((n for n, line in enumerate(lines, 1) if text in line.split(" #")[0]
                     and not line.lstrip().startswith("#")), 1)

    def page(self, src: str) -> Page:
        path = self.docs_dir / src
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ToolError(f"cannot read {_rel(path, self.root)}: {exc}") from exc
        meta, body, body_line, meta_ok = {}, text, 1, True
        match = _FRONT_MATTER.match(text)
        if match:
            try:
                meta = yaml.load(match.group(1), Loader=_SafeLoader) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
                self.problems.append(Problem(_rel(path, self.root), (mark.line + 2) if mark else 1, 1, "error",
                                             "front matter is not valid YAML", "front-matter",
                                             str(getattr(exc, "problem", exc))))
                meta_ok = False
            if not isinstance(meta, dict):
                meta = {}
            # Like MkDocs, drop the blank lines after the front matter, keeping line numbers true.
            body = text[match.end():].lstrip("\n")
            body_line = text[: len(text) - len(body)].count("\n") + 1
        return Page(src=src, text=text, meta=meta, body=body, body_line=body_line, meta_ok=meta_ok)

    def by_src(self, src: str) -> Page | None:
        return self._by_src.get(src)

    @cached_property
    def _by_src(self) -> dict[str, Page]:
        return {p.src: p for p in self.pages}

    @cached_property
    def glossary(self) -> Glossary:
        page = self.by_src(GLOSSARY_PAGE)
        if page is None:
            raise ToolError(f"the nav has no {GLOSSARY_PAGE}: the site needs its glossary")
        return Glossary.parse(page, self.rel(self.docs_dir / page.src))

    @cached_property
    def talk(self) -> Talk:
        path = self.docs_dir / TRANSCRIPT
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ToolError(f"cannot read the transcript {self.rel(path)}: {exc.strerror}") from exc
        return Talk.parse(text)

    def rel(self, path: Path) -> str:
        return _rel(path, self.root)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
