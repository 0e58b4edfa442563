"""MkDocs hooks: thin forwarding to the talksite package, which holds all the logic.

MkDocs puts this file's folder on sys.path only while loading it, so talksite is imported here.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from talksite import assets, csp, links, markup, precompress, printing, prune_css, render, search_index, sections
from talksite.check import check_cached
from talksite.errors import SiteError, ToolError
from talksite.project import Site

log = logging.getLogger("mkdocs.talksite")
_site: Site | None = None
_links: dict = {}
_serving = False


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"


def on_config(config):
    markup.escape_theme_values(config)  # site_name: the theme prints it raw
    return config


def on_pre_build(config) -> None:
    """Run the same check as `build.py check` before anything renders; stop the build on errors."""
    global _site, _links
    root = Path(config["config_file_path"]).parent
    try:
        report = check_cached(root, strict=bool(config.get("strict")))
    except ToolError as exc:
        raise PluginError(str(exc)) from exc
    for problem in report.problems:
        (log.error if problem.severity == "error" else log.warning)(str(problem))
    if report.errors and not _serving:  # while serving, keep the preview up so problems can be fixed
        raise PluginError(f"check failed: {report.summary()}")
    try:
        _site = Site(root)  # re-read per (re)build, so `serve` sees edits
        _links = links.client_data(_site)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_files(files, config):
    try:
        assets.bundle(files, config)  # extra_css / extra_javascript -> one minified file each
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
    return files


def on_page_markdown(markdown, page, config, files):
    markup.escape_page_title(page.meta)  # a front matter title: the nav and header print it raw
    try:
        return render.expand(markdown, _site.page(page.file.src_uri), _site)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_page_content(html, page, config, files):
    return render.decorate(html, _site.page(page.file.src_uri), _site, config["use_directory_urls"])


def on_page_context(context, page, config, nav):
    context["talksite_links"] = _links  # read by overrides/main.html for links.js
    ours = _site.page(page.file.src_uri)
    # The section's own sheet, linked as "Print this section" (overrides/partials/actions.html).
    context["talksite_sheet"] = ({paper: printing.sheet_file(ours, paper) for paper in printing.PAPERS}
                                 if printing.has_sheet(ours) else None)
    return context


@event_priority(-50)  # after Material's search plugin (0) wrote the index, before offline (-100) inlines it
def on_post_build(config):
    site_dir = Path(config["site_dir"])
    try:
        sections.write_json(_site, site_dir)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
    search_index.write_deduplicated(site_dir)
    prune_css.prune_site(site_dir)  # after every page, script and the search index are written
    if not _serving:  # the preview's live-reload script changes per request: no hash can allow it
        csp.protect(site_dir, config)  # every page written, the redirects plugin's too
    # Keep last: copies of files changed after this would be stale. The offline copy is opened
    # from disk, where no host serves them.
    if not any(name.split("/")[-1] == "offline" for name in config["plugins"]):
        precompress.precompress(site_dir)
