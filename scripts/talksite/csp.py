"""A Content-Security-Policy for every page the build writes.

The policy allows scripts, styles, images, fonts, workers and requests from the site itself
only, and inline script only by hash: Material writes a few small inline scripts into every page
(the storage scope, the palette), which are hashed here after the build, from the pages as
written, so a Material upgrade cannot break search or the palette silently. An injected
``<script>`` or ``onerror=`` handler matches no hash and does not run.

One policy serves the whole site (every page's hashes together): instant navigation keeps the
first page's policy while it swaps pages in, and a web server or CDN can send the same policy as
a header (README, "Publishing"). It goes into each page as
``<meta http-equiv="Content-Security-Policy">``, first thing in ``<head>``, including 404.html
and the redirect pages, and in the offline copy.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

from . import material_facts
from .errors import SiteError

# Executable script types (HTML spec); JSON data blocks (Material's __config, our links data) are
# not run, so they need no hash.
_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
_HEAD = re.compile(rb"<head(?:\s[^>]*)?>", re.IGNORECASE)
_META = re.compile(rb'\s*<meta http-equiv="Content-Security-Policy" content="[^"]*">')

DIRECTIVES = [
    ("default-src", "'self'"),
    ("script-src", "'self'"),  # + the inline scripts' hashes
    ("style-src", "'self' 'unsafe-inline'"),  # Material sets style attributes; styles run no code
    ("img-src", "'self' data:"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("worker-src", "'self'"),
    ("frame-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
]


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._current: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attributes = dict(attrs)
            runs = (attributes.get("type") or "").strip().lower() in _SCRIPT_TYPES
            self._current = [] if runs and "src" not in attributes else None

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._current is not None:
            self.scripts.append("".join(self._current))
            self._current = None


def inline_script_hashes(page_html: str) -> set[str]:
    """CSP source expressions ('sha256-…') for each inline script the page runs."""
    parser = _InlineScripts()
    parser.feed(page_html)
    parser.close()
    return {_hash(script) for script in parser.scripts}


def policy(hashes: set[str]) -> str:
    return "; ".join(f"{name} {value}" + (" " + " ".join(sorted(hashes)) if name == "script-src" and hashes else "")
                     for name, value in DIRECTIVES)


def _hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def _function_source(js: str, name: str) -> str | None:
    """The source text of `function name(...){...}` in js, as Function.prototype.toString gives it."""
    start = js.find(f"function {name}(")
    if start < 0:
        return None
    depth, at = 0, js.index("{", start)
    for end in range(at, len(js)):
        depth += {"{": 1, "}": -1}.get(js[end], 0)
        if depth == 0:
            return js[start:end + 1]
    return None


# Material's page configuration, naming its search worker (material_facts: search-worker-config).
_CONFIG = re.compile(r'<script id="__config" type="application/json">(.*?)</script>', re.DOTALL)
_SHIM_TEMPLATE = re.compile(r"<script>(.*?)<\\/script>")


def shim_hashes(shim_js: str, page_html: str) -> set[str]:
    """The offline copy's search shim (vendor/iframe-worker) runs the worker in an iframe it writes
    with one inline script: its text is the shim's template filled with two of the shim's functions
    and the page's search worker URL (Material's __config), so its hash is known at build time."""
    template = _SHIM_TEMPLATE.search(shim_js)
    config = _CONFIG.search(page_html)
    if template is None or config is None:
        return set()
    import json

    worker = json.loads(config.group(1)).get("search")
    if not worker:  # base.html always names it: without it the hash would be wrong, and search blocked
        raise material_facts.changed("search-worker-config", "__config names no search worker")
    script = re.sub(r"\$\{(\w+)\}", lambda m: _function_source(shim_js, m.group(1)) or worker, template.group(1))
    return {_hash(script)}


def protect(site_dir: Path, shim: str | None = None) -> str:
    """Put one policy, with every page's inline script hashes, into every page; return it.

    shim: the offline copy's search shim (offline.shim_text), whose own inline script the
    policy then allows too."""
    pages = sorted(Path(site_dir).rglob("*.html"))
    texts = {page: _META.sub(b"", page.read_bytes()) for page in pages}  # a rebuild (serve) starts clean
    hashes: set[str] = set()
    shim_scripts: set[str] = set()
    for text in texts.values():
        hashes |= inline_script_hashes(text.decode("utf-8"))
        if shim is not None:  # a page without Material's __config (a redirect page) starts no search
            shim_scripts |= shim_hashes(shim, text.decode("utf-8"))
    if shim is not None and not shim_scripts:  # else the offline copy's search would be blocked
        if _SHIM_TEMPLATE.search(shim) is None:
            raise SiteError("vendor/iframe-worker/shim.js", 1, "the search shim writes no inline <script> any more",
                            "hash what the vendored shim now runs (csp.shim_hashes)")
        raise material_facts.changed("search-worker-config", "no page names its search worker in __config")
    hashes |= shim_scripts
    the_policy = policy(hashes)
    meta = f'\n<meta http-equiv="Content-Security-Policy" content="{the_policy}">'.encode()
    for page, text in texts.items():
        head = _HEAD.search(text)
        if head is None:
            continue  # not a page (an HTML fragment): nothing a browser renders as a document
        page.write_bytes(text[:head.end()] + meta + text[head.end():])
    return the_policy
