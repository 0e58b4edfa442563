"""What the site relies on in Material for MkDocs' internals, each fact stated once, with its file.

Our overrides, scripts and tests lean on details of Material that it does not promise to keep:
file names, the bundle's requests and storage keys, CSS class names, plugin priorities, whole
template blocks we replace. A Material upgrade that changes one breaks the site silently, or
only in the browser tests. So each detail is a :class:`Fact` here: the file of the installed
``material`` package it comes from (``*`` stands for a fingerprint), what must be in that file
(a regular expression; when the fact has a ``value``, the expression's ``value`` group, or its
first group, must equal it) or, for what we replaced whole, a stored copy of Material's
original (``material_originals/``) that the file or block must still equal. :func:`verify`
checks every fact at once (``tests/test_material_facts.py``, quick tier) and lists all that
changed. Code that depends on a fact reads its value from here (:func:`value`) or names its id.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError
from .rules import rule

MATERIAL_FACT = rule("material-fact", "a file or value of Material's that the build relies on is missing or changed "
                     "(a Material upgrade)", "adapt our code and the fact in scripts/talksite/material_facts.py")

ORIGINALS = Path(__file__).resolve().parent / "material_originals"
# Material's base.html names its own version in the generator tag: a version bump alone is no change.
_VERSION = re.compile(r"mkdocs-material-\d[\w.]*")


@dataclass(frozen=True)
class Fact:
    id: str
    file: str  # inside the material package; "*" stands for a fingerprint (one file must match)
    why: str  # what of ours relies on it
    pattern: str = ""  # a regular expression that must match the file
    value: object = None  # what the pattern's `value` group (or first group) must equal
    method: str = ""  # a plugin method whose event priority must equal `value` (read with ast)
    original: str = ""  # a copy of Material's original in material_originals/: the file, or...
    block: str = ""  # ...this {% block %} of it, must still equal it

    def expected(self) -> str:
        if self.original:
            what = f"block {self.block!r}" if self.block else "the file"
            return f"{what} equal to material_originals/{self.original}"
        if self.method:
            return f"{self.method} at event priority {self.value}"
        return f"/{self.pattern}/" + ("" if self.value is None else f" with value {self.value!r}")


BUNDLE = "templates/assets/javascripts/bundle.*.min.js"

FACTS: tuple[Fact, ...] = (
    # Search on demand (overrides/partials/search-on-demand.html), and the index we rewrite.
    Fact("search-index-path", "plugins/search/plugin.py",
         "search_index.INDEX; search-on-demand.html's index pattern",
         r'os\.path\.join\(config\.site_dir, "search"\)[\s\S]*os\.path\.join\(base, "search_index\.json"\)'),
    Fact("search-index-docs", "plugins/search/plugin.py", "search_index.deduplicate reads index['docs'][*]['text']",
         r'data = \{ "config": config, "docs": self\.entries \}'),
    Fact("search-index-request", BUNDLE, "search-on-demand.html holds back the index's XMLHttpRequest",
         # a function that GETs with XMLHttpRequest, another that parses its answer as JSON, called for the index
         r'function (\w+)\(\w,\w\)\{return new \w+\(\w=>\{let \w=new XMLHttpRequest;return \w\.open\("GET",'
         r'[\s\S]*?function (\w+)\(\w,\w\)\{return \1\(\w,\w\)\.pipe\([^;]*JSON\.parse'
         r'[\s\S]*?\2\(new URL\("search/search_index\.json",'),
    Fact("search-worker-file", "templates/assets/javascripts/workers/search.*.min.js",
         "search-on-demand.html starts the worker matching /workers/search.*.js late", r"."),
    Fact("search-worker-config", "templates/base.html", "search-on-demand.html; csp.shim_hashes reads __config.search",
         r'<script id="__config" type="application/json">[\s\S]*"search": "assets/javascripts/workers/search\.\w+\.min\.js"'),
    Fact("search-worker-start", BUNDLE, "search-on-demand.html wraps window.Worker (messages, errors, terminate)",
         r"function \w+\(\w,\w=new Worker\(\w\)\)"),
    Fact("search-starts-at-once", BUNDLE, "search-on-demand.html: search starts on load except from file:",
         r'\$\(location\.protocol!=="file:"\),\w+\("search"\)'),
    Fact("search-query-field", "templates/partials/search.html", "search-on-demand.html waits for its focus",
         r'data-md-component="search-query"'),
    Fact("search-keys", BUNDLE, 'search-on-demand.html: "/", "s" and "f" focus the search field',
         r'case"f":case"s":case"/":\w+\.focus\(\)'),
    Fact("search-url-params", BUNDLE, "search-on-demand.html: ?q= opens search, ?h= highlights",
         r'\w+\.has\("q"\)&&\(\w+\("search",!0\)[\s\S]*searchParams\.get\("h"\)'),
    # The palette script we run instead of Material's (overrides/partials/javascripts/palette.html).
    Fact("palette-script", "templates/partials/javascripts/palette.html", "overrides/partials/javascripts/palette.html",
         original="partials.javascripts.palette.html"),
    Fact("palette-storage", "templates/partials/javascripts/base.html", "palette.html calls __md_get/__md_set",
         r"__md_get=\(e,_=localStorage,t=__md_scope\)=>[\s\S]*__md_set=\(e,_,t=localStorage,a=__md_scope\)=>"),
    Fact("palette-component", BUNDLE, "palette.html: same key, attributes, switching mark and meta tags",
         r'__md_get\("__palette"\)\|\|\{index:[\s\S]*data-md-color-switching[\s\S]*__md_set\("__palette",'),
    Fact("palette-meta-tags", BUNDLE, "palette.html writes theme-color and color-scheme as Material's does",
         r'name:"theme-color"[\s\S]{0,300}name:"color-scheme"'),
    # Material's start-up, done earlier by overrides/partials/head-start.html.
    Fact("startup-js-class", BUNDLE, "head-start.html switches no-js to js",
         r'document\.documentElement\.classList\.remove\("no-js"\);document\.documentElement\.classList\.add\("js"\)'),
    Fact("startup-focus-visible", BUNDLE, "head-start.html sets the focus-visible polyfill's marks",
         r'document\.documentElement\.classList\.add\("js-focus-visible"\),'
         r'document\.documentElement\.setAttribute\("data-js-focus-visible",""\)'),
    Fact("startup-absolute-addresses", BUNDLE, "head-start.html makes stylesheet addresses absolute",
         r'for\(let (\w) of \w+\("\[href\], \[src\]",\w\)\)for\(let (\w) of\["href","src"\]\)'
         r'\{let \w=\1\.getAttribute\(\2\);if\(\w&&!/\^\(\?:\[a-z\]\+:\)\?\\/\\//i\.test\(\w\)\)\{\1\[\2\]=\1\[\2\]'),
    # Template blocks replaced whole (overrides/main.html, overrides/404.html).
    Fact("block-site-meta", "templates/base.html", "main.html + partials/site-meta.html",
         original="base.site_meta.html", block="site_meta"),
    Fact("block-htmltitle", "templates/base.html", "main.html's and 404.html's escaped titles",
         original="base.htmltitle.html", block="htmltitle"),
    Fact("block-extrahead", "templates/base.html", "main.html puts head-start.html there",
         original="base.extrahead.html", block="extrahead"),
    Fact("block-404-content", "templates/404.html", "overrides/404.html's own page",
         original="404.content.html", block="content"),
    # Our scripts' Material selectors (docs/assets/javascripts/keyboard.js, glossary.js).
    Fact("drawer-label", "templates/partials/header.html", "keyboard.js replaces the drawer's label with a button",
         r'<label class="md-header__button md-icon" for="__drawer">'),
    Fact("drawer-toggle", "templates/base.html", "keyboard.js: #__drawer",
         r'<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'),
    Fact("drawer-nav-links", "templates/base.html", "keyboard.js focuses .md-sidebar--primary a.md-nav__link",
         r'class="md-sidebar md-sidebar--primary"'),
    Fact("nav-link-class", "templates/partials/nav-item.html", "keyboard.js: a.md-nav__link",
         r'<a href="[^"]*" class="md-nav__link">'),
    Fact("skip-link", "templates/base.html", "keyboard.js: a.md-skip", r'<a href="[^"]*" class="md-skip">'),
    Fact("document-observable", BUNDLE, "keyboard.js and links.js subscribe to window.document$ (links.js: location$)",
         r"window\.document\$=\w+;window\.location\$=\w+;"),
    Fact("tooltip-classes", BUNDLE, "glossary.js: .md-tooltip2, its __inner, --top/--bottom and --active",
         r'class:"md-tooltip2",role:"dialog"\},\w+\("div",\{class:"md-tooltip2__inner md-typeset"\},'
         r'[\s\S]*"--md-tooltip-y",`\$\{\w\.y\}px`\),\w\.classList\.toggle\("md-tooltip2--top",\w\.y<0\),'
         r'\w\.classList\.toggle\("md-tooltip2--bottom",\w\.y>=0\)[\s\S]*"md-tooltip2--active"'),
    Fact("tooltip-gap", BUNDLE, "glossary.js places a definition 16 px above its term, as Material does",
         r"\{x:\w,y:-(\d+)-\w\}", value="16"),
    Fact("tooltip-in-body", BUNDLE, "glossary.js watches <body> for new tooltips",
         r"\w+\(\.\.\.\w\);return \w\.next\(\w\),document\.body\.append\(\w\)"),
    # The build's steps after Material's plugins (scripts/mkdocs_hooks.py, talksite.offline, prune_css).
    Fact("search-page-context-priority", "plugins/search/plugin.py", "mkdocs_hooks.on_page_context runs after it",
         method="on_page_context", value=0),
    Fact("search-post-build-priority", "plugins/search/plugin.py", "mkdocs_hooks.on_post_build runs after it",
         method="on_post_build", value=0),
    Fact("offline-post-build-priority", "plugins/offline/plugin.py",
         "mkdocs_hooks.on_post_build runs before it inlines the index", method="on_post_build", value=-100),
    Fact("offline-polyfill-check", "plugins/offline/plugin.py",
         "offline.SHIM_URL contains the marker, so the plugin adds no unpkg.com shim",
         r'if not any\("(?P<value>[\w-]+)" in url for url in config\.extra\["polyfills"\]\):\s*'
         r'script = "https://unpkg\.com/iframe-worker/shim"', value="iframe-worker"),
    Fact("polyfills-loaded", "templates/base.html", "offline.overrides sets extra.polyfills to our shim",
         r"\{% for script in config\.extra\.polyfills %\}"),
    Fact("stylesheet-main", "templates/assets/stylesheets/main.*.min.css", "prune_css.STYLESHEETS", r"\.md-typeset"),
    Fact("stylesheet-palette", "templates/assets/stylesheets/palette.*.min.css", "prune_css.STYLESHEETS",
         r"data-md-color-scheme"),
    # The tests' wait for the search's scroll lock (tests/browser.py, SCROLL_LOCK_SETTLED_JS).
    Fact("search-toggle", "templates/base.html", "tests/browser.py reads the search's state from #__search",
         r'<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'),
    Fact("search-scroll-lock", BUNDLE, "tests/browser.py: below 60em the open search locks the page's scroll",
         # tablet$ is a media query of that width; the lock applies while search is open and not tablet$
         r'\A(?=[\s\S]*?(\w+)=\w+\("\(min-width: (?P<value>[\d.]+em)\)"\))(?=[\s\S]*?window\.tablet\$=\1;)'
         r'(?=[\s\S]*?\w+\(\[\w+\("search"\),\w\]\)\.pipe\(\w+\(\(\[\w,\w\]\)=>\w&&!\w\)[\s\S]{0,200}data-md-scrolllock)',
         value="60em"),
)

_BY_ID = {fact.id: fact for fact in FACTS}
assert len(_BY_ID) == len(FACTS), "a fact id twice"


def value(fact_id: str):
    """The value a fact states (what our code relies on)."""
    return _BY_ID[fact_id].value


def package_dir() -> Path:
    """The installed material package's folder (not imported: reading its files is enough)."""
    spec = importlib.util.find_spec("material")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("Material for MkDocs (the material package) is not installed")
    return Path(spec.origin).parent


def _file(package: Path, fact: Fact) -> Path | str:
    """The fact's file in package, or why there is none."""
    matches = sorted(package.glob(fact.file))
    if len(matches) != 1:
        return f"{len(matches)} files match" if matches else "no such file"
    return matches[0]


def block(template: str, name: str) -> str | None:
    """A {% block name %}'s body in a template (blocks we replace hold no nested block)."""
    found = re.search(r"\{%-?\s*block\s+" + re.escape(name) + r"\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}", template, re.S)
    return None if found is None else found.group(1)


def original_text(fact: Fact) -> str:
    return (ORIGINALS / fact.original).read_text(encoding="utf-8")


def current_text(package: Path, fact: Fact) -> str | None:
    """What the installed file (or block) holds now, in the form the original is stored."""
    path = _file(package, fact)
    if isinstance(path, str):
        return None
    text = path.read_text(encoding="utf-8")
    text = text if not fact.block else block(text, fact.block)
    return None if text is None else _VERSION.sub("mkdocs-material-{version}", text)


def _priority(source: str, method: str) -> int | None:
    """A plugin method's event priority: its @event_priority(n), 0 without one (MkDocs' default)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == method:
            for decorator in node.decorator_list:
                if (isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "event_priority"
                        and decorator.args):
                    return ast.literal_eval(decorator.args[0])
            return 0
    return None


def problem(package: Path, fact: Fact) -> str | None:
    """Why a fact no longer holds in package (None: it holds)."""
    path = _file(package, fact)
    if isinstance(path, str):
        return path
    text = path.read_text(encoding="utf-8", errors="replace")
    if fact.original:
        current = current_text(package, fact)
        if current is None:
            return f"no block {fact.block!r}"
        return None if current == original_text(fact) else "differs from the stored original"
    if fact.method:
        found = _priority(text, fact.method)
        return None if found == fact.value else ("no such method" if found is None else f"priority is {found}")
    match = re.search(fact.pattern, text)
    if match is None:
        return "pattern not found"
    if fact.value is not None:
        found = match.group("value") if "value" in match.re.groupindex else match.group(1)
        if found != str(fact.value):
            return f"value is {found!r}"
    return None


def verify(package: Path | None = None, facts: tuple[Fact, ...] = FACTS) -> list[str]:
    """One line per fact that no longer holds: id, file, what was found and what was expected."""
    package = package_dir() if package is None else package
    lines = []
    for fact in facts:
        why = problem(package, fact)
        if why is not None:
            lines.append(f"{fact.id}: material/{fact.file}: {why}; expected {fact.expected()} (relied on by {fact.why})")
    return lines


def changed(fact_id: str, found: str) -> SiteError:
    """The build's error when what a fact states is not so in the render (Material changed)."""
    fact = _BY_ID[fact_id]
    return SiteError(f"material/{fact.file}", 1, f"Material changed: {found} (fact {fact.id}, relied on by {fact.why})",
                     "run python3 scripts/build.py test tests/test_material_facts.py for every changed fact, "
                     "then adapt our code and the fact (scripts/talksite/material_facts.py)", rule=MATERIAL_FACT)
