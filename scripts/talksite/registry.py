"""Published anchors: every page and section link the site has ever published keeps working.

published-anchors.txt (project root, committed) lists one `page.md` or `page.md#anchor` per line:
each is a public URL, site_url + the page's URL + #anchor, that trainers may have pasted into a
course. The check fails when one no longer exists and no redirect records where it went:

- page moves: the mkdocs-redirects plugin, `plugins: - redirects: redirect_maps: {old.md: new.md}`
- anchor moves: `extra: fragment_redirects: {page.md#old: page.md#new}` in mkdocs.yml, read by
  talksite.links and honoured in the browser by docs/assets/javascripts/links.js.

The check (talksite.check) compares them with the site and checks redirect targets like links.
`build.py anchors --update` adds the anchors the site
has now; it never removes one, so the list only shrinks by a reviewed edit.
"""

from __future__ import annotations

from pathlib import Path

from .project import read_source

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


def update(ctx) -> int:
    """Add what the site publishes now to the registry; returns how many entries were added."""
    path = ctx.site.root / FILE
    known = {entry for _, entry in read(ctx.site.root)}
    added = current(ctx) - known
    path.write_text(HEADER + "".join(f"{entry}\n" for entry in sorted(known | added)), encoding="utf-8")
    return len(added)
