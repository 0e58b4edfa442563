"""MkDocs hooks: thin forwarding to the talksite package, which holds all the logic.

MkDocs puts this file's folder on sys.path only while loading it, so talksite is imported here.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from talksite import render
from talksite.errors import SiteError
from talksite.project import Site

_site: Site | None = None


def on_pre_build(config) -> None:
    global _site
    try:
        _site = Site(Path(config["config_file_path"]).parent)  # re-read per (re)build: serve sees edits
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_page_markdown(markdown, page, config, files):
    try:
        return render.expand(markdown, _site.page(page.file.src_uri), _site)
    except SiteError as exc:
        raise PluginError(str(exc)) from exc


def on_page_content(html, page, config, files):
    return render.decorate(html, _site.page(page.file.src_uri), _site, config["use_directory_urls"])
