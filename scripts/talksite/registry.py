"""Published anchors: every page and section link the site has ever published keeps working.

published-anchors.txt (project root, committed) lists one `page.md` or `page.md#anchor` per line:
each is a public URL, site_url + the page's URL + #anchor, that trainers may have pasted into a
course. The check fails when one no longer exists and no redirect records where it went:

- page moves: the mkdocs-redirects plugin, `plugins: - redirects: redirect_maps: {old.md: new.md}`
- anchor moves: `extra: fragment_redirects: {page.md#old: page.md#new}` in mkdocs.yml, read by
  talksite.links and honoured in the browser by docs/assets/javascripts/links.js.

Redirect targets are checked like links. `build.py anchors --update` adds the anchors the site
has now; it never removes one, so the list only shrinks by a reviewed edit.
"""

from __future__ import annotations

from pathlib import Path

from . import links, schema
from .errors import Problem, SiteError
from .rules import rule

REMOVED_ANCHOR = rule("removed-anchor", "a published page or anchor (published-anchors.txt) gone without a redirect",
                      "restore it, or record where it went in mkdocs.yml")
UNREGISTERED_ANCHOR = rule("unregistered-anchor", "anchors not yet in published-anchors.txt "
                           "(warning; error with --strict)", "run: python3 scripts/build.py anchors --update")
REDIRECT_SHADOWS = rule("redirect-shadows", "a redirect from a page or anchor that still exists",
                        "remove the redirect, or the page or id it replaces")
from .project import page_url

FILE = "published-anchors.txt"
HEADER = """\
# Every page and section anchor this site has published, one `page.md` or `page.md#anchor` a line.
# Trainers link to them (site_url + page URL + #anchor), so the check fails when one disappears
# without a redirect in mkdocs.yml. Add new ones with: python3 scripts/build.py anchors --update
"""


def read(root: Path) -> list[tuple[int, str]]:
    """(line, entry) for each entry of the registry; none when the file does not exist yet."""
    path = root / FILE
    if not path.exists():
        return []
    entries = []
    from .project import read_source

    for number, line in enumerate(read_source(path, root).splitlines(), 1):
        line = line.strip()
        if line and not line.startswith("#"):
            entries.append((number, line))
    return entries


def current(ctx) -> set[str]:
    """What the site publishes now: each nav page, and each public id on it."""
    found = set()
    for src in ctx.site.nav:
        if src in ctx.pages:
            found.add(src)
            found.update(f"{src}#{anchor}" for anchor in ctx.pages[src].rendered.public_ids)
    return found


def page_redirects(config: dict) -> dict[str, str]:
    """The page redirects (schema.config has checked their form: anything else is left out)."""
    maps = schema.redirect_maps(config)
    return {k: v for k, v in maps.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(maps, dict) else {}


def problems(ctx) -> list[Problem]:
    from .check import link_problems  # the same rules as for links in pages

    root, config = ctx.site.root, ctx.site.config
    now = current(ctx)
    found: list[Problem] = []
    pages = page_redirects(config)
    try:
        fragments = {f"{r.src}#{r.old}": f"{r.target_src}#{r.new}" for r in links.fragment_redirects(ctx.site)}
    except SiteError as error:
        found.append(error.problem)
        fragments = {}
    tree = ctx.site.config_tree if pages or fragments else None
    for old, new in [*pages.items(), *fragments.items()]:
        where = ("plugins", "redirects", "redirect_maps", old) if old in pages else ("extra", "fragment_redirects", old)
        node = schema.key_node_at(tree, where) if tree is not None else None
        line = node.start_mark.line + 1 if node is not None else ctx.site.config_line(old)
        found += link_problems(ctx, "index.md", "mkdocs.yml", new, line)
        if old in now or ("#" not in old and old in ctx.pages):
            found.append(Problem("mkdocs.yml", line, 1, "error", f"redirect from '{old}', which still exists",
                                 "redirect-shadows", "remove the redirect, or the page or id it replaces"))
    registered = read(root)
    for line, entry in registered:
        page = entry.partition("#")[0]
        if entry in now or entry in fragments or page in pages:
            continue
        found.append(Problem(FILE, line, 1, "error",
                             f"published link '{entry}' no longer exists, so links to "
                             f"{_url(ctx, entry)} would break", "removed-anchor",
                             "restore the id, or record where it went in mkdocs.yml: "
                             + (f"extra.fragment_redirects '{entry}': 'page.md#new-id'" if "#" in entry
                                else f"redirects redirect_maps '{entry}': 'new-page.md'")))
    severity = "error" if ctx.strict else "warning"
    unregistered = sorted(now - {entry for _, entry in registered})
    if unregistered:
        shown = ", ".join(unregistered[:3]) + (f" and {len(unregistered) - 3} more" if len(unregistered) > 3 else "")
        found.append(Problem(FILE, 1, 1, severity, f"{len(unregistered)} published anchors are not registered: {shown}",
                             "unregistered-anchor", "run: python3 scripts/build.py anchors --update, and commit it"))
    return found


def update(ctx) -> int:
    """Add what the site publishes now to the registry; returns how many entries were added."""
    path = ctx.site.root / FILE
    known = {entry for _, entry in read(ctx.site.root)}
    added = current(ctx) - known
    path.write_text(HEADER + "".join(f"{entry}\n" for entry in sorted(known | added)), encoding="utf-8")
    return len(added)


def _url(ctx, entry: str) -> str:
    src, _, anchor = entry.partition("#")
    return ctx.site.site_url + page_url(src) + (f"#{anchor}" if anchor else "")
