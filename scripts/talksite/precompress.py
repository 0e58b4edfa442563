"""Precompressed copies of the site's text files, for hosts that serve them as they are.

nginx (``gzip_static on`` / ``brotli_static on``), Caddy (``precompressed``) and most CDNs send
``page.html.gz`` or ``page.html.br`` when the browser accepts that encoding, instead of compressing
on every request at a lower level. Both copies use the strongest level, once, at build time.
Copies are written only where they are smaller than the file itself.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli

# Text formats that compress well; images, PDFs and zips are compressed already.
SUFFIXES = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt"}  # not .map: debuggers only
# Copies MkDocs writes itself: sitemap.xml.gz, whose header carries the pages' date (the build
# time); writing our own over it would date it 1970.
MADE_BY_MKDOCS = {"sitemap.xml.gz"}
ENCODINGS = {".gz": lambda data: gzip.compress(data, compresslevel=9, mtime=0),
             ".br": lambda data: brotli.compress(data, quality=11)}


def precompress(site_dir: Path) -> list[Path]:
    """Write name.gz and name.br beside each text file of site_dir; return the copies written."""
    written = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file() and p.suffix in SUFFIXES):
        data = path.read_bytes()
        for suffix, compress in ENCODINGS.items():
            copy = path.with_name(path.name + suffix)
            if copy.relative_to(site_dir).as_posix() in MADE_BY_MKDOCS:
                continue  # MkDocs' own sitemap.xml.gz: current, and dated by the last commit
            packed = compress(data)
            if len(packed) < len(data):
                copy.write_bytes(packed)
                written.append(copy)
            elif copy.exists():  # a stale copy of an earlier version must not be served
                copy.unlink()
    return written

