"""The printed handout: handout.pdf (A4) and handout-letter.pdf (US Letter) in the built site.

The content is not written twice: each teaching section (a nav page with ``objectives`` in its
front matter) is cut out of the HTML that MkDocs already rendered, keeping what a handout needs
on paper (the speaker's quotes, the comparison tables, key takeaways and discussion questions)
and leaving out the long explanations, which the QR code and short URL lead back to. A
JavaScript-free template (templates/handout.html + handout.css) lays it out and WeasyPrint
turns it into PDF with CSS Paged Media: running header, page numbers, real page numbers in the
table of contents (target-counter) and PDF bookmarks.

Runs as a tasks.AFTER_RENDER step on the staging folder; any problem raises SiteError, which
fails the build and leaves the previous site/ untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError
from .project import GLOSSARY_PAGE, Page, Site

class HandoutError(SiteError):
    """A reason the handout cannot be made; the build stops and keeps the previous site."""

    def __init__(self, file: str, line: int, message: str, fix: str = "") -> None:
        super().__init__(file, line, message, fix, rule="handout")


TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = TEMPLATES / "handout.html"

# Paper sizes and where each PDF goes in the site. A4 is the one linked from every page.
PAPERS = {"A4": "handout.pdf", "letter": "handout-letter.pdf"}
PAGES: dict[str, int] = {}  # page count of each file written, by file name
MAX_PAGES = 8  # issue 5: four sheets printed on both sides

# Fonts come from Debian's fonts-dejavu-core and fonts-dejavu-extra, which this machine's image
# carries; naming the files (not a family for fontconfig to guess) means a missing font stops
# the build instead of silently printing in a fallback face. WeasyPrint embeds subsets of them.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("DejaVu Serif", "normal", "normal"): "DejaVuSerif.ttf",
    ("DejaVu Serif", "normal", "bold"): "DejaVuSerif-Bold.ttf",
    ("DejaVu Serif", "italic", "normal"): "DejaVuSerif-Italic.ttf",
    ("DejaVu Sans", "normal", "normal"): "DejaVuSans.ttf",
    ("DejaVu Sans", "normal", "bold"): "DejaVuSans-Bold.ttf",
    ("DejaVu Sans", "italic", "normal"): "DejaVuSans-Oblique.ttf",
}

# What a section keeps from its rendered page, by element: the speaker's words, the comparison
# tables, and the takeaways and questions boxes. Headings are kept when something under them is.
_KEEP_ADMONITIONS = {"success", "question"}


@dataclass
class Section:
    page: Page
    id: str
    url: str  # the section online: site_url + page URL
    qr: str  # data: URI of an SVG QR code for url
    body: str  # HTML cut from the rendered page


def after_render(root: Path, site_dir: Path) -> None:
    """The AFTER_RENDER step: write every paper size's handout into the built site."""
    import logging
    import time

    start = time.perf_counter()
    written = write_handouts(Site(root), site_dir)
    names = ", ".join(f"{path.name} ({paper})" for paper, path in written.items())
    logging.getLogger("talksite").info(f"Handout built in {time.perf_counter() - start:.1f} seconds: {names}")


def write_handouts(site: Site, site_dir: Path) -> dict[str, Path]:
    html = handout_html(site, site_dir)
    written = {}
    for paper, name in PAPERS.items():
        out = site_dir / name
        pages = PAGES[name] = _write_pdf(html, paper, out, site)
        if pages > MAX_PAGES:
            raise HandoutError(site.rel(TEMPLATE), 1, f"the {paper} handout has {pages} pages, "
                            f"the limit is {MAX_PAGES}",
                            "shorten the takeaways, questions or tables, or keep less per section")
        written[paper] = out
    return written


def handout_html(site: Site, site_dir: Path) -> str:
    """The handout as one HTML document (no JavaScript), ready for WeasyPrint."""
    import jinja2

    _check_fonts()
    if not site.site_url:
        raise HandoutError("mkdocs.yml", 1, "site_url is empty", "the handout's URLs and QR codes need it")
    sections = [_section(page, site, site_dir) for page in site.pages if page.meta.get("objectives")]
    if not sections:
        raise HandoutError("mkdocs.yml", 1, "no teaching section in the nav",
                        "a handout section is a page with 'objectives' in its front matter")
    home = site.pages[0]
    title = site.config.get("site_name", home.title)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)
    try:
        template = env.get_template(TEMPLATE.name)
    except jinja2.TemplateSyntaxError as exc:
        raise HandoutError(site.rel(TEMPLATE), exc.lineno, f"the handout template is broken: {exc.message}") from exc
    return template.render(
        title=title,
        subtitle=_subtitle(home, title),
        description=home.description,
        site_url=site.site_url,
        date=build_date(),
        sections=sections,
        terms=list(site.glossary),
        fonts=[(family, style, weight, (FONT_DIR / file).as_uri())
               for (family, style, weight), file in FONTS.items()],
    )


def build_date() -> dt.date:
    """The build's date: the last commit's time, which tasks.render puts in SOURCE_DATE_EPOCH."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    return dt.datetime.fromtimestamp(epoch, dt.timezone.utc).date()


def _subtitle(home: Page, title: str) -> str:
    """What the home page's description calls the talk, less the site's name: its edition."""
    match = re.search(r'"([^"]+)"', home.description)
    talk = match.group(1) if match else ""
    return talk[len(title):].strip(" –-:") if talk.startswith(title) else talk


def _check_fonts() -> None:
    missing = sorted({file for file in FONTS.values() if not (FONT_DIR / file).is_file()})
    if missing:
        raise HandoutError(str(FONT_DIR), 1, f"fonts missing for the handout: {', '.join(missing)}",
                        "install them with 'apt-get install fonts-dejavu-core fonts-dejavu-extra'")


def _section(page: Page, site: Site, site_dir: Path) -> Section:
    import segno

    built = site_dir / page.url / "index.html"
    try:
        text = built.read_text(encoding="utf-8")
    except OSError as exc:
        raise HandoutError(site.rel(site.docs_dir / page.src), 1,
                        f"rendered page {page.url}index.html cannot be read: {exc.strerror}") from exc
    url = site.site_url + page.url
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=0)
    section_id = "s-" + (page.url.strip("/").replace("/", "-") or "home")
    return Section(page, section_id, url, qr, extract(text, section_id, site))


def extract(page_html: str, section_id: str, site: Site) -> str:
    """The handout's cut of one rendered page, as HTML with paper-friendly links."""
    from bs4 import BeautifulSoup, Comment

    # Parse only the article: the rest of a Material page (navigation, search) is most of it.
    start, end = page_html.find("<article"), page_html.rfind("</article>")
    if start < 0 or end < 0:
        raise HandoutError("site", 1, f"no <article> in the rendered page of section {section_id}")
    article = BeautifulSoup(page_html[start:end + len("</article>")], "html.parser").article
    for node in article.find_all(string=lambda s: isinstance(s, Comment)):
        node.extract()
    for anchor in article.select("a.headerlink"):
        anchor.decompose()
    _relink(article, section_id)

    kept: list = []
    pending: list = []  # headings waiting for content to keep
    for node in article.find_all(recursive=False):
        if node.name in ("h2", "h3"):
            pending = [h for h in pending if _level(h) < _level(node)] + [node]
        elif _keep(node):
            kept += pending + [node]
            pending = []
    return "\n".join(_tidy(node, section_id) for node in kept)


def _level(heading) -> int:
    return int(heading.name[1])


def _keep(node) -> bool:
    if node.name in ("blockquote", "table"):
        return True
    classes = set(node.get("class") or [])
    return node.name == "div" and "admonition" in classes and bool(classes & _KEEP_ADMONITIONS)


def _tidy(node, section_id: str) -> str:
    if node.name in ("h2", "h3"):
        node.name = {"h2": "h3", "h3": "h4"}[node.name]  # the section title is the handout's h2
        if node.get("id"):
            node["id"] = f"{section_id}-{node['id']}"
    return str(node)


def _relink(article, section_id: str) -> None:
    """Links on paper: glossary terms point into the appendix, other site links become text."""
    glossary_stem = GLOSSARY_PAGE[: -len(".md")]
    for link in article.select("a[href]"):
        href = link["href"]
        if re.match(r"[a-z]+:", href):
            continue  # an external link: the template prints its target after the text
        path, _, fragment = href.partition("#")
        if path.rstrip("/").endswith(glossary_stem) and fragment:
            link.attrs = {"href": f"#term-{fragment}", "class": "term"}
        elif not path and fragment:
            link.attrs = {"href": f"#{section_id}-{fragment}"}
        else:
            link.unwrap()


def _write_pdf(html: str, paper: str, out: Path, site: Site) -> int:
    import logging

    # WeasyPrint logs each rendering step, already on import; its warnings (a CSS property it
    # does not support, a missing image) still reach the build log.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    import weasyprint

    size = weasyprint.CSS(string=f"@page {{ size: {paper}; }}")
    try:
        document = weasyprint.HTML(string=html, base_url=str(TEMPLATES)).render(stylesheets=[size])
        document.write_pdf(out)
    except Exception as exc:  # WeasyPrint raises many kinds; all mean "no handout"
        raise HandoutError(site.rel(TEMPLATE), 1, f"WeasyPrint could not make the {paper} handout: "
                        f"{type(exc).__name__}: {exc}") from exc
    return len(document.pages)
