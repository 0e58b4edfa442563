"""MkDocs hooks: what MkDocs alone needs, forwarded to the talksite package.

The page additions run in the Markdown pipeline both engines share (talksite.extension, listed in
mkdocs.yml's markdown_extensions); these hooks keep the check before rendering, the sources read
once per (re)build, the asset bundles, Material's title escaping, the copy-link buttons after
Material's search plugin, and the output steps after rendering (`build.py` runs those steps itself
after a Zensical render).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from talksite import assets, copy_links, extension, fetch, markup, material_facts, outputs
from talksite.check import check_cached
from talksite.errors import SiteError, ToolError
from talksite.project import Site

log = logging.getLogger("mkdocs.talksite")


class _Build:
    """What one build carries from event to event. MkDocs' hook API hands each event only its own
    arguments (on_startup alone knows `serve`, on_pre_build reads the sources once), so this one
    object keeps it. MkDocs loads this file afresh for every config, so the offline copy's render
    (a second config, built from inside on_post_build) gets its own."""

    serving = False
    site: Site | None = None
    epoch = 0


_build = _Build()


def on_startup(command, dirty):
    _build.serving = command == "serve"


def on_config(config):
    markup.escape_theme_values(config)  # site_name: the theme prints it raw
    return config


def on_pre_build(config) -> None:
    """Run the same check as `build.py check` before anything renders; stop the build on errors."""
    root = Path(config["config_file_path"]).parent
    try:
        report = check_cached(root, strict=bool(config.get("strict")))
    except ToolError as exc:
        raise PluginError(str(exc)) from exc
    for problem in report.problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if report.errors and not _build.serving:  # while serving, keep the preview up so problems can be fixed
        raise PluginError(f"check failed: {report.summary()}")
    try:
        _build.site = Site(root)  # re-read per (re)build, so `serve` sees edits
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
    extension.use(_build.site)  # the Markdown extension renders from the same reading
    _build.epoch = outputs.build_epoch(root)


def on_env(env, config, files):
    env.filters["jsmin"] = assets.minify_js  # overrides/: {% filter jsmin %} around inline scripts
    return env


def on_files(files, config):
    try:
        assets.bundle(files, config)  # extra_css / extra_javascript -> one minified file each
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
    return files


def on_pre_page(page, config, files):
    # The sitemap's dates (and its .gz header): the build time, not the day MkDocs runs.
    page.update_date = outputs.build_date(_build.epoch).isoformat()
    return page


def on_page_markdown(markdown, page, config, files):
    markup.escape_page_title(page.meta)  # a front matter title: the nav and header print it raw
    return markdown


# Material's plugins' priorities: material_facts (search-*-priority, offline-post-build-priority).
_SEARCH_PAGE_CONTEXT = material_facts.value("search-page-context-priority")
_SEARCH_POST_BUILD = material_facts.value("search-post-build-priority")
_OFFLINE_POST_BUILD = material_facts.value("offline-post-build-priority")


@event_priority(_SEARCH_PAGE_CONTEXT - 10)  # after Material's search plugin has indexed the page: see copy_links
def on_page_context(context, page, config, nav):
    page.content = copy_links.with_buttons(page.content)
    return context


# After Material's search plugin wrote the index, before its offline plugin inlines it (-50 today).
@event_priority((_SEARCH_POST_BUILD + _OFFLINE_POST_BUILD) // 2)
def on_post_build(config):
    ctx = outputs.Context(
        site=_build.site, site_dir=Path(config["site_dir"]), config=config, epoch=_build.epoch,
        offline=any(name.split("/")[-1] == "offline" for name in config["plugins"]),
        preview=_build.serving, draft=bool(os.environ.get(outputs.DRAFT_VARIABLE)))
    try:
        outputs.run(ctx)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
    except BaseException as exc:  # WeasyPrint's fatal kind: the handout's fetcher refused a URL
        refused = fetch.refusal(exc)
        if refused is None:
            raise
        raise PluginError(str(refused)) from exc
