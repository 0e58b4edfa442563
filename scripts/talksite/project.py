"""The site as data: its pages in reading order, their front matter, the glossary and the talk.

Everything here reads plain files (mkdocs.yml, Markdown, the transcript) without MkDocs, so the
same model serves the MkDocs hooks, the tests and any future renderer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .errors import Problem, ToolError, reading
from .glossary import Glossary
from .pipeline import Pipeline, Rendered
from .schema import FRONT_MATTER_RULE, compose, node_at
from .talk import Talk

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_PAGE = "glossary.md"
TRANSCRIPT = "transcript.txt"  # verbatim copy of the talk, relative to docs/

_DEFAULT_EXCLUDES = [".*", "/templates/"]  # what MkDocs leaves out of every site
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)


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


# Names reserved for examples and tests (RFC 2606, RFC 6761): an address on one leads nowhere.
RESERVED_DOMAINS = ("example.com", "example.net", "example.org", "example", "invalid", "test", "localhost")


def is_placeholder(url: str) -> bool:
    """Whether an address is on a reserved domain (example.org and its subdomains, *.test ...)."""
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").rstrip(".").lower()
    return any(host == name or host.endswith("." + name) for name in RESERVED_DOMAINS)


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
    meta_text: str = ""  # the front matter's YAML as written, from the file's second line
    # The site's Markdown pipeline (Site.model), for the title: read through Markdown, not a regex.
    render: Callable[[str], Rendered] | None = field(default=None, compare=False, repr=False)

    @cached_property  # asked for on every page of every list of pages; the page never changes
    def title(self) -> str:
        """As MkDocs titles a page: front matter, else the first level-1 heading, else the file name."""
        if self.meta.get("title"):
            return self.meta["title"]
        headings = self.render(self.body).headings if self.render else []
        return next((h.title for h in headings if h.level == 1), "") or Path(self.src).stem

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
        self._bodies: dict[str, str] = {}  # each page's body: the file it was read from
        self.config_text = read_source(path, self.root)
        try:
            self.config = yaml.load(self.config_text, Loader=_ConfigLoader) or {}
        except (yaml.YAMLError, ImportError, AttributeError, ValueError, TypeError) as exc:
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
            where = f"{_rel(path, self.root)}:{mark.line + 1}:{mark.column + 1}" if mark else \
                f"{_rel(path, self.root)}:1:1"
            reason = " ".join(filter(None, [getattr(exc, "context", None), getattr(exc, "problem", None)])) or exc
            raise ToolError(f"{where}: cannot read: {reason}".replace("\n", " ")) from exc
        if not isinstance(self.config, dict):
            raise ToolError(f"{_rel(path, self.root)}:1:1: not a mapping of settings")

    @cached_property
    def docs_dir(self) -> Path:
        """The pages' folder. ToolError at the docs_dir setting when there is none: checked, an empty
        site would only report what it lacks (the glossary)."""
        name = str(self.config.get("docs_dir") or "docs")
        folder = self.root / name
        if not folder.is_dir():
            node = node_at(self.config_tree, ("docs_dir",)) if self.config.get("docs_dir") else None
            where = f"{node.start_mark.line + 1}:{node.start_mark.column + 1}" if node is not None else "1:1"
            raise ToolError(f"mkdocs.yml:{where}: docs_dir '{name}' is not a folder beside mkdocs.yml "
                            f"(create {name}/ with the pages, or name the folder that holds them)")
        return folder

    @cached_property
    def config_tree(self):
        """mkdocs.yml as YAML nodes, for the line of a value (composed once, when first asked)."""
        return compose(self.config_text)

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline.of({**self.config, "__text__": self.config_text}, self.root)

    def model(self, markdown: str) -> Rendered:
        """The page model of Markdown text (talksite.pipeline): parsed once, then reused. A failure
        while rendering a page's body names that page, whoever asked (errors.reading)."""
        with reading(self._bodies.get(markdown)):
            return self.pipeline.render(markdown)

    @property
    def site_url(self) -> str:
        url = self.config.get("site_url")
        url = url if isinstance(url, str) else ""
        return url if url.endswith("/") or not url else url + "/"

    @property
    def placeholder(self) -> bool:
        """site_url is a reserved example address: what the site prints or copies leads nowhere yet."""
        return bool(self.site_url) and is_placeholder(self.site_url)

    @cached_property
    def nav(self) -> list[str]:
        """Every page in the nav, in reading order: the one list of pages."""
        return [src for src, _ in self.nav_entries() if src.endswith(".md")]

    def nav_entries(self) -> list[tuple[str, int]]:
        """Every local file the nav names, with its line in mkdocs.yml (external URLs left out)."""
        found: list[tuple[str, int]] = []
        root = self.config_tree

        def walk(items, path) -> None:
            for index, item in enumerate(items if isinstance(items, list) else []):
                value, where = item, path + (index,)
                if isinstance(item, dict) and len(item) == 1:
                    (title, value), = item.items()
                    where = where + (title,)
                if isinstance(value, list):
                    walk(value, where)
                elif isinstance(value, str) and "://" not in value and not value.startswith(("/", "#")):
                    node = node_at(root, where) if root is not None else None
                    found.append((value, node.start_mark.line + 1 if node is not None else self.config_line(value)))

        walk(self.config.get("nav"), ("nav",))
        return found

    def published_files(self) -> tuple[set[str], set[str]]:
        """Files under docs/ that the site publishes (exclude_docs applied), and all folders there."""
        import os

        excluded = self._spec(_DEFAULT_EXCLUDES + str(self.config.get("exclude_docs") or "").splitlines())
        files, folders = set(), set()
        for folder, subfolders, names in os.walk(self.docs_dir):
            rel = Path(folder).relative_to(self.docs_dir).as_posix()
            prefix = "" if rel == "." else rel + "/"
            folders.update(prefix + name for name in subfolders)
            files.update(prefix + name for name in names if not excluded.match_file(prefix + name))
        return files, folders

    def not_in_nav_spec(self):
        """MkDocs' not_in_nav patterns: pages published on purpose without a nav entry."""
        return self._spec(str(self.config.get("not_in_nav") or "").splitlines())

    @staticmethod
    def _spec(lines: list[str]):
        import pathspec

        return pathspec.GitIgnoreSpec.from_lines(lines)

    @cached_property
    def pages(self) -> list[Page]:
        """The nav's pages that the site publishes (the check reports nav entries that are not one)."""
        published, _ = self.published_files()
        return [self.page(src) for src in dict.fromkeys(self.nav) if src in published]

    def config_line(self, text: str) -> int:
        """The first line of mkdocs.yml that states text, not in a comment (1 when none does)."""
        lines = self.config_text.splitlines()
        return next((n for n, line in enumerate(lines, 1) if text in line.split(" #")[0]
                     and not line.lstrip().startswith("#")), 1)

    def page(self, src: str) -> Page:
        path = self.docs_dir / src
        text = read_source(path, self.root)
        meta, body, body_line, meta_ok = {}, text, 1, True
        match = _FRONT_MATTER.match(text)
        if match:
            try:
                meta = yaml.load(match.group(1), Loader=_SafeLoader) or {}
            except yaml.YAMLError as exc:
                mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark else 1
                if isinstance(getattr(exc, "position", None), int):  # a character YAML cannot read
                    line = match.group(1)[: exc.position].count("\n") + 2
                self.problems.append(Problem(_rel(path, self.root), line, 1, "error",
                                             "front matter is not valid YAML", FRONT_MATTER_RULE,
                                             str(getattr(exc, "problem", exc))))
                meta_ok = False
            if not isinstance(meta, dict):
                meta = {}
            # Like MkDocs, drop the blank lines after the front matter, keeping line numbers true.
            body = text[match.end():].lstrip("\n")
            body_line = text[: len(text) - len(body)].count("\n") + 1
        self._bodies.setdefault(body, _rel(path, self.root))
        return Page(src=src, text=text, meta=meta, body=body, body_line=body_line, meta_ok=meta_ok,
                    meta_text=match.group(1) if match else "", render=self.model)

    def by_src(self, src: str) -> Page | None:
        return self._by_src.get(src)

    @cached_property
    def _by_src(self) -> dict[str, Page]:
        return {p.src: p for p in self.pages}

    @cached_property
    def glossary(self) -> Glossary:
        page = self.by_src(GLOSSARY_PAGE)
        if page is None:
            raise ToolError(f"mkdocs.yml:1:1: the nav has no {GLOSSARY_PAGE}: the site needs its glossary")
        return Glossary.parse(page, self.rel(self.docs_dir / page.src), self.model(page.body))

    @cached_property
    def talk(self) -> Talk:
        return Talk.parse(read_source(self.docs_dir / TRANSCRIPT, self.root))

    def rel(self, path: Path) -> str:
        return _rel(path, self.root)


def read_source(path: Path, root: Path) -> str:
    """A source file's text (UTF-8, a BOM dropped as MkDocs drops it), or ToolError at file:line:col."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ToolError(f"{_rel(path, root)}:1:1: cannot read: {exc.strerror or exc}") from exc
    try:  # universal newlines, as MkDocs reads pages
        return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as exc:
        start = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        before = data[:start]
        line = before.count(b"\n") + 1
        column = len(before.rsplit(b"\n", 1)[-1].decode("utf-8", "replace")) + 1
        raise ToolError(f"{_rel(path, root)}:{line}:{column}: cannot decode byte 0x{data[start]:02x} as UTF-8 "
                        "(save the file as UTF-8)") from exc


def _rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
