"""MkDocs hooks: thin forwarding to the talksite package, which holds all the logic.

MkDocs puts this file's folder on sys.path only while loading it, so talksite is imported here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from talksite import links, render, sections
from talksite.errors import SiteError
from talksite.project import Site

_site: Site | None = None
_links: dict = {}


def on_pre_build(config) -> None:
    global _site, _links
    try:
        _site = Site(Path(config["config_file_path"]).parent)  # re-read per (re)build: serve sees edits
        _links = links.client_data(_site)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_page_markdown(markdown, page, config, files):
    try:
        return render.expand(markdown, _site.page(page.file.src_uri), _site)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_page_content(html, page, config, files):
    return render.decorate(html, _site.page(page.file.src_uri), _site)


def on_page_context(context, page, config, nav):
    context["talksite_links"] = _links  # read by overrides/main.html for links.js
    return context


def on_post_build(config):
    try:
        sections.write_json(_site, Path(config["site_dir"]))
    except SiteError as exc:
        raise PluginError(str(exc)) from exc
