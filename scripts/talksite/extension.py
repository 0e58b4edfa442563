"""The page additions as a Python-Markdown extension, so MkDocs and Zensical run the same code.

Listed in mkdocs.yml's `markdown_extensions` as ``talksite.extension``. Both engines render each
page with Python-Markdown and every extension listed there; neither tells an extension which page
it renders, but each registers a processor of its own that knows it, before convert() runs:

- MkDocs: its ``relpath`` treeprocessor (mkdocs.structure.pages._RelativePathTreeprocessor), with
  the page's File (src_uri, url, page.meta), the Files and the config (config_file_path);
- Zensical: its ``rendering_context`` preprocessor (zensical.extensions.context), with the page
  (path, url, meta) and the config (root_dir).

`talksite` must be importable by the engine: scripts/build.py writes a .pth file naming scripts/
into .venv/ (install.project_path), so plain `mkdocs build` and `zensical build` find it too.

What the extension does, in both engines: the directives expanded and quotes attributed before
any other preprocessor (render.expand, as MkDocs' on_page_markdown did), glossary tooltips and the
print additions after every other postprocessor (render.decorate, as on_page_content did), and the
values overrides/ reads put in page.meta (`talksite_sheet`, `talksite_links`). Zensical only: the
copy-link buttons (copy_links), which under MkDocs the hook adds after Material's search plugin
has indexed the page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from mkdocs.utils import get_relative_url

from . import copy_links, links, printing, render
from .errors import SiteError
from .project import GLOSSARY_PAGE, Site

MKDOCS, ZENSICAL = "mkdocs", "zensical"

# What rendering() reads from each engine, stated once with the file it comes from: an upgrade of
# either that renames one fails tests/test_extension.py (quick tier) with the list, not a render.
ENGINE_FACTS = (
    ("mkdocs", "structure/pages.py", r'md\.treeprocessors\.register\(self, "relpath"',
     "MkDocs registers its relpath treeprocessor on every page's Markdown"),
    ("mkdocs", "structure/pages.py", r"class _RelativePathTreeprocessor[\s\S]*?self\.file = file\s+self\.files = files"
     r"\s+self\.config = config", "relpath holds the page's File, the Files and the config"),
    ("zensical", "extensions/context.py", r'name = "rendering_context"',
     "Zensical registers its rendering_context preprocessor on every page's Markdown"),
    ("zensical", "extensions/context.py", r"self\.page = page\s+self\.config = config",
     "rendering_context holds the page (path, url, meta) and the config (root_dir)"),
)


def engine_fact_problems() -> list[str]:
    """Every fact of ENGINE_FACTS that the installed engines no longer bear out, with its file."""
    import importlib.util
    import re

    problems = []
    for package, file, pattern, why in ENGINE_FACTS:
        spec = importlib.util.find_spec(package)
        path = Path(spec.origin).parent / file if spec and spec.origin else None
        if path is None or not path.is_file():
            problems.append(f"{package}/{file}: missing ({why})")
        elif not re.search(pattern, path.read_text(encoding="utf-8")):
            problems.append(f"{package}/{file}: no /{pattern}/ ({why})")
    return problems

_sites: dict[Path, Site] = {}
_lock = threading.Lock()  # Zensical may render pages on several threads


def use(site: Site) -> None:
    """The sources as read for this (re)build: MkDocs' hook reads them once per build."""
    with _lock:
        _sites[site.root.resolve()] = site


def _site(root: Path) -> Site:
    with _lock:
        root = root.resolve()
        if root not in _sites:  # Zensical: read once per process (one build)
            _sites[root] = Site(root)
        return _sites[root]


@dataclass(frozen=True)
class Rendering:
    """The page being rendered, as the engine states it."""

    engine: str
    root: Path  # the project folder (mkdocs.yml's)
    src: str  # the page's source path under docs/, e.g. "roles.md"
    url: str  # its URL as published ("roles/"; "roles.html" in the offline copy)
    link_base: str  # what the links the directives write are relative to (render.expand's url)
    meta: dict  # its front matter, which the templates read as page.meta
    glossary_href: str  # how a link to the glossary reads in this page's HTML at postprocessing


def rendering(md: Markdown) -> Rendering:
    """Which page this Markdown instance renders, from the engine's own processors."""
    if "rendering_context" in md.preprocessors:
        context = md.preprocessors["rendering_context"]
        page = context.page
        # Zensical rewrites links after Python-Markdown: here they are still the source's .md links.
        # Zensical resolves every relative link, raw HTML too, from the source file, where MkDocs
        # leaves a link to a file it does not know (a PDF, sections.json) as written.
        return Rendering(ZENSICAL, Path(context.config["root_dir"]), page.path, page.url, page.path, page.meta,
                         get_relative_url(GLOSSARY_PAGE, page.path))
    if "relpath" in md.treeprocessors:
        relpath = md.treeprocessors["relpath"]
        file = relpath.file
        glossary = relpath.files.get_file_from_path(GLOSSARY_PAGE)
        return Rendering(MKDOCS, Path(relpath.config["config_file_path"]).parent, file.src_uri, file.url, file.url,
                         file.page.meta, glossary.url_relative_to(file) if glossary is not None else "")
    raise RuntimeError("talksite.extension runs inside MkDocs or Zensical: neither one's page context was found")


def _engine_error(where: Rendering, error: SiteError) -> Exception:
    """MkDocs reports a PluginError as one line and stops; Zensical prints any exception."""
    if where.engine == MKDOCS:
        from mkdocs.exceptions import PluginError

        return PluginError(str(error))
    return error


class _State:
    """Whether the tree is final: toc runs the postprocessors on each heading's text too, and
    only the last run, on the whole page, is the one to decorate."""

    tree_done = False


class _Expand(Preprocessor):
    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, lines: list[str]) -> list[str]:
        self.state.tree_done = False
        where = rendering(self.md)
        site = _site(where.root)
        page = site.page(where.src)
        try:
            markdown = render.expand("\n".join(lines), page, site, url=where.link_base)
        except SiteError as error:
            raise _engine_error(where, error) from error
        # What overrides/ reads: the section's sheet ("Print this section") and links.js's data.
        where.meta["talksite_links"] = links.client_data(site)
        if printing.has_sheet(page):
            where.meta["talksite_sheet"] = {paper: printing.sheet_file(page, paper) for paper in printing.PAPERS}
        return markdown.split("\n")


class _TreeDone(Treeprocessor):
    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, root) -> None:
        self.state.tree_done = True


class _Decorate(Postprocessor):
    def __init__(self, md: Markdown, state: _State) -> None:
        super().__init__(md)
        self.state = state

    def run(self, text: str) -> str:
        if not self.state.tree_done:  # a heading's text, rendered by toc
            return text
        where = rendering(self.md)
        site = _site(where.root)
        text = render.decorate(text, site.page(where.src), site, where.glossary_href, where.link_base)
        return copy_links.with_buttons(text) if where.engine == ZENSICAL else text


class TalksiteExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # First of all preprocessors (the highest priority; Markdown's own are at most 30, snippets
        # 32), last of all postprocessors: where MkDocs' page_markdown and page_content events were.
        state = _State()
        md.preprocessors.register(_Expand(md, state), "talksite_expand", 1000)
        md.treeprocessors.register(_TreeDone(md, state), "talksite_tree_done", -1000)
        md.postprocessors.register(_Decorate(md, state), "talksite_decorate", -1000)


def makeExtension(**kwargs) -> TalksiteExtension:  # noqa: N802 (Python-Markdown's name)
    return TalksiteExtension(**kwargs)
