"""Our stylesheets and scripts as one fingerprinted, minified file each (issue 13).

Every page used to load each file of mkdocs.yml's ``extra_css`` and ``extra_javascript`` on its
own, unminified and without a fingerprint, so a host could cache them for a day at most. Here the
files those two lists name *at build time* are joined in list order, minified with rcssmin and
rjsmin, and published as ``site.<hash>.min.css`` / ``site.<hash>.min.js`` (hash of the content:
any change gives a new name, so hosts may cache them for a year). The two lists are then replaced
by the bundles, the script deferred; the separate files are not published.

Print rules stay inside the stylesheet bundle under their own ``@media print``: one render-blocking
request instead of two, and no rule of print.css applies on screen unless it is meant to.

Each bundle lives in the folder of its list's first file, so relative ``url()`` in the CSS and
``document.currentScript`` in links.js (which finds the site root from its own URL) keep working;
a stylesheet elsewhere with a relative ``url()`` is refused rather than silently broken.
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import re

import rcssmin
import rjsmin

from .check import MISSING_ASSET
from .errors import SiteError
from .rules import rule
from .schema import CONFIG_RULE

STYLESHEET_URL = rule("stylesheet-url", "a stylesheet in extra_css outside the first one's folder with a relative "
                      "url(), which the bundle would point elsewhere (found by build, not check)",
                      "move it beside the first stylesheet in extra_css")

# A url() that is relative to the stylesheet (not data:, not absolute, not another host).
_RELATIVE_URL = re.compile(r"url\(\s*[\"']?(?![\"']?(?:data:|/|#|[a-z][a-z0-9+.-]*:))", re.I)


def fingerprint(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:8]


def bundle_css(sources: list[tuple[str, str]]) -> str:
    """One minified stylesheet from (path, text) pairs, in order."""
    return rcssmin.cssmin("\n".join(text for _, text in sources))


def bundle_js(sources: list[tuple[str, str]]) -> str:
    """One minified script from (path, text) pairs, in order. Each file keeps its own scope
    (ours are IIFEs); the ';' stops one file's last expression from running into the next."""
    return rjsmin.jsmin("\n;\n".join(text for _, text in sources)) + "\n"


def minify_js(text: str) -> str:
    """One inline script minified as the bundle is (the Jinja filter `jsmin` in overrides/):
    they are in every page's HTML, where their comments were a tenth of the compressed bytes."""
    return rjsmin.jsmin(text)


def bundle_name(first: str, kind: str, content: str) -> str:
    """site.<8 hex>.min.<kind> in the folder of the list's first file."""
    return posixpath.join(posixpath.dirname(first), f"site.{fingerprint(content.encode())}.min.{kind}")


def _source(config, path: str) -> str:
    """A docs file's path relative to the project root, for error messages."""
    root = os.path.dirname(config.config_file_path)
    return os.path.relpath(os.path.join(config.docs_dir, path), root).replace(os.sep, "/")


def _read(files, paths: list[str]) -> list[tuple[str, str]]:
    sources = []
    for path in paths:
        file = files.get_file_from_path(path)
        if file is None:  # `check` reports it with a line; this only stops a build that skipped it
            raise SiteError("mkdocs.yml", 1, f"{path} is listed in mkdocs.yml but is not in docs/", rule=MISSING_ASSET)
        sources.append((path, file.content_string))
    return sources


def bundle(files, config) -> None:
    """on_files: replace the files of extra_css / extra_javascript by one bundle each."""
    from mkdocs.config.config_options import ExtraScriptValue
    from mkdocs.structure.files import File

    css_paths = [str(p) for p in config.extra_css]
    js_scripts = list(config.extra_javascript)
    if any(getattr(s, "type", "") == "module" or getattr(s, "async_", False) for s in js_scripts):
        raise SiteError("mkdocs.yml", 1, "extra_javascript: module and async scripts cannot be bundled",
                        "list plain scripts only (they are joined, minified and deferred)", rule=CONFIG_RULE)
    js_paths = [str(s) for s in js_scripts]
    if css_paths:
        sources = _read(files, css_paths)
        home = posixpath.dirname(css_paths[0])
        for path, text in sources:
            if posixpath.dirname(path) != home and _RELATIVE_URL.search(text):
                raise SiteError(_source(config, path), 1, f"relative url() in a stylesheet outside {home}/",
                                f"move it to {home}/ so its url() still resolves from the bundle", rule=STYLESHEET_URL)
        css = bundle_css(sources)
        name = bundle_name(css_paths[0], "css", css)
        files.append(File.generated(config, name, content=css))
        config.extra_css = [name]
    if js_paths:
        js = bundle_js(_read(files, js_paths))
        name = bundle_name(js_paths[0], "js", js)
        files.append(File.generated(config, name, content=js))
        script = ExtraScriptValue(name)
        script.defer = True
        config.extra_javascript = [script]
    for path in css_paths + js_paths:
        files.remove(files.get_file_from_path(path))
