"""What the build may read while it renders: only what it produced itself.

WeasyPrint fetches every URL it meets (``file:``, ``https:``, ``<a rel="attachment">`` targets,
which it embeds in the PDF). :func:`handout_fetcher` gives it a fetcher that serves ``data:``
URIs and files inside the folders the build made or ships (the staging folder, the handout
templates, the fonts) and stops the build on anything else, naming the content's ``file:line``.

:func:`link_problems` is the same rule for the check, so a source is refused before rendering:
a ``file:`` URL anywhere, and a resource (image, script, frame, stylesheet) from another host.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from .errors import Problem, SiteError
from .project import Site
from .rules import rule

# Elements whose URL a browser (or WeasyPrint) loads by itself; <a>/<area> only navigate.
_NAVIGATION = {"a", "area"}

LOCAL_FILE = rule("local-file", "a file: URL in content (it would publish a file of the build machine)",
                  "put the file under docs/ and link it relatively")
REMOTE_RESOURCE = rule("remote-resource", "an image, script, frame or stylesheet loaded from another host",
                       "put a copy under docs/ and link it relatively: the site makes no request to other hosts")


def link_problems(tag: str, url: str, file: str, line: int, column: int = 1) -> list[Problem]:
    """The check's verdict on one URL in content, written on element `tag`."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme == "file":
        return [Problem(file, line, column, "error", f"'{url}' reads a file of the machine that builds the site",
                        LOCAL_FILE, LOCAL_FILE.fix)]
    if tag not in _NAVIGATION and (scheme in ("http", "https") or (not scheme and parts.netloc)):
        return [Problem(file, line, column, "error", f"'{url}' would load a resource from another host",
                        REMOTE_RESOURCE, REMOTE_RESOURCE.fix)]
    return []


def locate(site: Site, url: str, template: Path | None = None) -> tuple[str, int]:
    """file and line of the first source (a page, then the template) that writes url; the
    template (else mkdocs.yml) when none does."""
    wanted = {url, unquote(url)}
    sources = [(site.rel(site.docs_dir / page.src), page.text) for page in site.pages]
    if template is not None:
        sources.append((site.rel(template), template.read_text(encoding="utf-8")))
    for file, text in sources:
        for number, line in enumerate(text.splitlines(), 1):
            if any(w in line for w in wanted):
                return file, number
    return (site.rel(template) if template is not None else "mkdocs.yml"), 1


def handout_fetcher(site: Site, allowed: list[Path], template: Path | None = None):
    """A WeasyPrint URL fetcher that reads data: URIs and files under `allowed` only; a refusal
    names the page (or the template the document came from) that wrote the URL."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher

    class Refused(FatalURLFetchingError):
        """Fatal to WeasyPrint, so it is not logged and skipped; carries the located SiteError."""

        talksite_refusal = True

    folders = [folder.resolve() for folder in allowed]

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(url2pathname(urlsplit(url).path)).resolve()
                if any(path.is_relative_to(folder) for folder in folders):
                    return super().fetch(url, headers)
            file, line = locate(site, url, template)
            raise Refused() from SiteError(
                file, line, f"the handout would read '{url}', which the build did not produce",
                "use only the site's own pages and images: the handout embeds nothing else",
                rule=LOCAL_FILE if scheme == "file" else REMOTE_RESOURCE)

    return Fetcher(allowed_protocols=["data", "file"])


def refusal(exc: BaseException) -> SiteError | None:
    """The located SiteError behind a fetch the handout fetcher refused, if exc is one."""
    cause = exc.__cause__
    return cause if getattr(exc, "talksite_refusal", False) and isinstance(cause, SiteError) else None
