"""The offline copy for classrooms without Wi-Fi: the site rendered for file:// and zipped.

Material's ``offline`` plugin makes the site work from the file system (search index inlined as a
script, search worker run through the iframe-worker shim), but it needs ``use_directory_urls:
false``. The published site keeps its URLs, so the offline copy is a second render of the same
``mkdocs.yml`` with a few keys overridden, written to a temporary folder and zipped into the
staging site as ``site-offline.zip``.

Overrides for that render, and why:
- ``plugins`` gains ``offline``; ``use_directory_urls`` is false (the plugin sets it too).
- ``theme.features`` loses ``navigation.instant*``: instant loading fetches pages and the sitemap,
  which browsers refuse from file:// (Material's documentation says to disable it offline).
- ``extra.polyfills`` is our local copy of the iframe-worker shim. Without it the plugin adds
  ``https://unpkg.com/iframe-worker/shim``, a request to another host, which fails offline
  (it looks for "iframe-worker" in the polyfills' URLs: material_facts, offline-polyfill-check,
  polyfills-loaded).

The shim is vendored in ``vendor/iframe-worker/`` (copied unchanged from the npm package, with the
package's own package.json and LICENSE), so ``build`` needs neither npm nor a network on a fresh
clone. ``python3 scripts/build.py verify-vendor`` re-checks it against ``npm pack``.
"""

from __future__ import annotations

import filecmp
import json
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from . import printing
from .errors import SiteError
from .fetch import REMOTE_RESOURCE

ZIP_NAME = printing.OFFLINE_ZIP  # named where the printed pages give its address
# Top folder inside the zip, so unzipping gives one folder rather than files spilled everywhere.
ZIP_FOLDER = "site-offline"
VENDOR = Path(__file__).resolve().parents[2] / "vendor" / "iframe-worker"
# Where the shim lands in the offline site; base.html loads polyfills before the theme's bundle.
SHIM_URL = "assets/javascripts/iframe-worker/shim.js"
# Holds the offline plugin's marker (material_facts: offline-polyfill-check; the fact test checks it).
# Files copied unchanged from the npm package: our name -> path inside the package tarball.
VENDORED_FILES = {"shim.js": "package/shim/index.js", "LICENSE": "package/LICENSE",
                  "package.json": "package/package.json"}

_FIXED_MODE = 0o644
# Files only a developer or a web host uses: source maps, precompressed copies (.gz/.br).
_HOST_ONLY = (".map", ".gz", ".br")
_INSTANT = re.compile(r"^navigation\.instant(\.|$)")
# Link relations that make the browser fetch (or connect to) the target by itself.
_FETCHING_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload", "modulepreload",
                  "prefetch", "preconnect", "dns-prefetch"}
_REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)
_CSS_REMOTE_URL = re.compile(r"url\(\s*[\"']?((?:https?:)?//[^\"')\s]+)|@import\s+[\"']((?:https?:)?//[^\"']+)", re.I)


class _Resources(HTMLParser):
    """The URLs a page makes the browser load by itself (not links a reader may follow)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "link":
            if _FETCHING_RELS & set(attr.get("rel", "").lower().split()):
                self.urls.append(attr.get("href", ""))
        elif tag in {"script", "img", "iframe", "source", "audio", "video", "embed", "track", "input"}:
            self.urls.append(attr.get("src", ""))
        elif tag == "object":
            self.urls.append(attr.get("data", ""))


def shim_text() -> str:
    """The vendored search shim's source (the policy hashes the inline script it writes)."""
    return (VENDOR / "shim.js").read_text(encoding="utf-8")


def shim_version() -> str:
    """The vendored iframe-worker's version, from the package's own package.json."""
    return json.loads((VENDOR / "package.json").read_text(encoding="utf-8"))["version"]


def overrides(config_file: Path) -> dict:
    """The top-level mkdocs.yml keys that differ in the offline render, derived from the file."""
    from mkdocs.utils.yaml import yaml_load  # MkDocs' own loader: resolves INHERIT and !ENV

    with open(config_file, encoding="utf-8") as fd:
        config = yaml_load(fd) or {}
    plugins = config.get("plugins", ["search"])
    if isinstance(plugins, dict):
        plugins = {**plugins, "offline": {}}
    elif "offline" not in plugins:
        plugins = [*plugins, "offline"]
    theme = dict(config.get("theme") or {})
    theme["features"] = [f for f in theme.get("features", []) if not _INSTANT.match(f)]
    extra = dict(config.get("extra") or {})
    extra["polyfills"] = [SHIM_URL]
    return {"plugins": plugins, "theme": theme, "extra": extra, "use_directory_urls": False}


def render_copy(root: Path, out_dir: Path, strict: bool = True) -> None:
    """Render the offline variant of the site into out_dir (strict: any warning aborts)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config_file = root / "mkdocs.yml"
    config = load_config(str(config_file), strict=strict, site_dir=str(out_dir), **overrides(config_file))
    build(config)
    # Source maps only serve a developer's debugger; leaving them out halves the download.
    # Precompressed copies only serve a web host.
    for host_only in [p for p in out_dir.rglob("*") if p.suffix in _HOST_ONLY]:
        host_only.unlink()
    shim = out_dir / SHIM_URL
    shim.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(VENDOR / "shim.js", shim)
    external = external_resources(out_dir)
    if external:
        where, url = external[0]
        raise SiteError(where, 1, f"the offline copy would load {url} from another host "
                        f"({len(external)} such reference(s))",
                        "make the resource local, the copy must work without a network", rule=REMOTE_RESOURCE)


def external_resources(site_dir: Path) -> list[tuple[str, str]]:
    """(file, URL) for every resource a page or stylesheet would fetch from another host."""
    found = []
    for path in sorted(site_dir.rglob("*")):
        rel = path.relative_to(site_dir).as_posix()
        if path.suffix == ".html":
            parser = _Resources()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [(rel, url) for url in parser.urls if _REMOTE.match(url)]
        elif path.suffix == ".css":
            found += [(rel, a or b) for a, b in _CSS_REMOTE_URL.findall(path.read_text(encoding="utf-8"))]
    return found


def write_zip(src_dir: Path, zip_path: Path, epoch: int, folder: str = ZIP_FOLDER) -> None:
    """Zip src_dir reproducibly: sorted entries, one fixed timestamp, fixed permissions."""
    # Zip timestamps are local-time fields starting 1980; a fixed UTC reading keeps them stable.
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    files = sorted(p for p in src_dir.rglob("*") if p.is_file())
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in files:
            info = zipfile.ZipInfo(f"{folder}/{path.relative_to(src_dir).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever machine builds it
            info.external_attr = (0o100000 | _FIXED_MODE) << 16  # regular file, rw-r--r--
            archive.writestr(info, path.read_bytes(), compresslevel=9)


def build_zip(root: Path, zip_path: Path, epoch: int, extra_from: Path | None = None,
              strict: bool = True) -> None:
    """Render the offline variant into a temporary folder and zip it to zip_path, stamped with
    the build time `epoch` (outputs.build_epoch), as the published render is.

    extra_from: a rendered site whose added files (not pages, not the search index) go in too.
    """
    with tempfile.TemporaryDirectory(prefix="site-offline-") as tmp:
        out = Path(tmp) / "site"
        render_copy(root, out, strict)
        if extra_from is not None:
            carry_added_files(extra_from, out)
        write_zip(out, zip_path, epoch)


def carry_added_files(site_dir: Path, out: Path) -> list[str]:
    """Copy files of site_dir that the offline render lacks, except pages, search, host-only files
    (source maps, precompressed copies) and this zip."""
    carried = []
    for path in sorted(p for p in site_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(site_dir).as_posix()
        if (rel == ZIP_NAME or rel.endswith((".html", *_HOST_ONLY)) or rel.startswith("search/")
                or (out / rel).exists()):
            continue
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out / rel)
        carried.append(rel)
    return carried


def verify_vendored(version: str | None = None) -> list[str]:
    """Differences between vendor/iframe-worker/ and `npm pack iframe-worker@VERSION` (empty: same)."""
    version = version or shim_version()
    if shutil.which("npm") is None:
        raise SystemExit("error: npm is needed to fetch the package (Debian: apt-get install npm)")
    with tempfile.TemporaryDirectory(prefix="iframe-worker-") as tmp:
        subprocess.run(["npm", "pack", "--silent", f"iframe-worker@{version}"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        import tarfile

        with tarfile.open(Path(tmp) / f"iframe-worker-{version}.tgz") as tar:
            tar.extractall(tmp, filter="data")
        return [f"vendor/iframe-worker/{ours} differs from {theirs} in iframe-worker@{version}"
                for ours, theirs in VENDORED_FILES.items()
                if not filecmp.cmp(VENDOR / ours, Path(tmp) / theirs, shallow=False)]
