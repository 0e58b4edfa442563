"""Everything a build writes after the pages are rendered: one ordered list of steps.

MkDocs' ``on_post_build`` hook (scripts/mkdocs_hooks.py) runs :data:`STEPS` for every render, so
plain ``mkdocs build``/``gh-deploy`` and ``python3 scripts/build.py build`` publish the same
site; after a Zensical render (``build --engine zensical``, which runs no hooks) talksite.tasks
runs them on its output folder. Each step declares what it reads and when it applies; the :class:`Context` says which
render this is (the published site, the offline copy rendered from inside it, or the preview).

Order matters: the search index and the pruned CSS are final before the policy hashes pages;
the handout exists before the offline copy (the zip carries the PDFs); the policy goes in after
every page is written; precompressed copies come last, or they would be stale.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import csp, handout, offline, precompress, prune_css, search_index, sections
from .project import Site

log = logging.getLogger("mkdocs.talksite")

# Set by the tests' quick site (and anyone who wants pages without paper): no section sheets,
# handout or offline copy. Read once, into the Context, by the hook; `build` never sets it.
DRAFT_VARIABLE = "TALKSITE_DRAFT"


def build_epoch(root: Path, environ: dict | None = None) -> int:
    """The build's time: SOURCE_DATE_EPOCH when set (reproducible-builds.org), else the last
    commit's time, so two builds of one commit are byte-identical; 0 outside a git checkout."""
    environ = os.environ if environ is None else environ
    if environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        return int(environ["SOURCE_DATE_EPOCH"])
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True, text=True)
    stamp = result.stdout.strip()
    return int(stamp) if result.returncode == 0 and stamp.isdigit() else 0


def build_date(epoch: int) -> dt.date:
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()


@dataclass(frozen=True)
class Context:
    """One render: what the steps read, and which render it is."""

    site: Site  # the project's sources, read once per (re)build
    site_dir: Path  # where MkDocs wrote the pages
    config: Any  # MkDocs' config of this render
    epoch: int  # the build time (build_epoch), found once per build
    offline: bool = False  # the offline copy's own render (Material's offline plugin is on)
    preview: bool = False  # `serve`: pages only, fast, re-run on every save
    draft: bool = False  # DRAFT_VARIABLE: no paper, no offline copy
    engine: str = "material"  # what rendered the pages: "material" (MkDocs) or "zensical"

    @property
    def strict(self) -> bool:
        return bool(self.config.get("strict"))

    @property
    def published(self) -> bool:
        """The site people download from (not its offline copy, not the preview, not a draft)."""
        return not (self.offline or self.preview or self.draft)


@dataclass(frozen=True)
class Step:
    name: str
    reads: str  # its declared inputs, for the reader (and the log)
    run: Callable[[Context], object]
    applies: Callable[[Context], bool] = field(default=lambda ctx: True)


def _handout(ctx: Context) -> None:
    handout.write_all(ctx.site, ctx.site_dir, ctx.epoch)


def _offline_copy(ctx: Context) -> None:
    offline.build_zip(ctx.site.root, ctx.site_dir / offline.ZIP_NAME, ctx.epoch,
                      extra_from=ctx.site_dir, strict=ctx.strict)


def _csp(ctx: Context) -> None:
    # The offline copy's search shim writes one inline script of its own: the policy allows it.
    csp.protect(ctx.site_dir, offline.shim_text() if ctx.offline else None)


def _plugin_on(ctx: Context, name: str) -> bool:
    """Whether a plugin (by its short name: "search", "offline") runs in this render."""
    return any(key.split("/")[-1] == name and getattr(getattr(plugin, "config", None), "enabled", True)
               for key, plugin in ctx.config["plugins"].items())


STEPS: list[Step] = [
    Step("sections.json", "the pages' sources", lambda ctx: sections.write_json(ctx.site, ctx.site_dir)),
    Step("search index", "Material's search/search_index.json",
         lambda ctx: search_index.write_deduplicated(ctx.site_dir, _plugin_on(ctx, "search"))),
    # Material's own stylesheets (material_facts); Zensical ships its own, under other names.
    Step("pruned CSS", "every page, script and the search index",
         lambda ctx: prune_css.prune_site(ctx.site_dir), lambda ctx: ctx.engine == "material"),
    Step("section sheets and handout", "the rendered section pages, the handout template and fonts",
         _handout, lambda ctx: ctx.published),
    Step("offline copy", "mkdocs.yml (a second render) and the files added so far (the PDFs)",
         _offline_copy, lambda ctx: ctx.published),
    # The preview's live-reload script changes per request: no hash can allow it.
    Step("Content-Security-Policy", "every page written (the redirects plugin's too)", _csp,
         lambda ctx: not ctx.preview),
    # For hosts only: the offline copy is opened from disk, the preview and drafts are not hosted
    # (and Brotli's strongest level is most of a draft build's time).
    Step("precompressed copies", "every text file, final", lambda ctx: precompress.precompress(ctx.site_dir),
         lambda ctx: ctx.published),
]


def run(ctx: Context, steps: list[Step] = STEPS) -> list[str]:
    """Run the steps that apply to this render, in order; return their names. Skipped steps are
    logged, so a preview or draft says what it leaves out."""
    done, skipped = [], []
    for step in steps:
        if not step.applies(ctx):
            skipped.append(step.name)
            continue
        start = time.perf_counter()
        step.run(ctx)
        log.debug(f"{step.name}: {time.perf_counter() - start:.1f} s")
        done.append(step.name)
    if skipped and not ctx.offline:
        if ctx.preview or ctx.draft:
            kind = "preview" if ctx.preview else "draft build"
            log.info(f"This {kind} skips: {', '.join(skipped)} (python3 scripts/build.py build makes them)")
        else:
            log.info(f"This {ctx.engine} build skips: {', '.join(skipped)} (they apply to the other engine's files)")
    return done
