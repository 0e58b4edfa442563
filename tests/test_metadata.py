"""Page metadata in the built HTML: language, description, canonical URL, Open Graph, sitemap, 404."""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup


def _meta(soup, **attrs) -> str | None:
    tag = soup.find("meta", attrs=attrs)
    return tag["content"] if tag else None


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_every_page_has_language_description_canonical_and_open_graph(site, built):
    language = site.config["theme"]["language"]
    for page in site.pages:
        soup = built.html(page.url)
        where = f"/{page.url}"
        assert soup.html.get("lang") == language, where
        assert page.description, f"{page.src} has no front matter description"
        description = _words(page.description)
        assert _meta(soup, name="description") == description, where
        canonical = site.site_url + page.url
        assert soup.find("link", rel="canonical")["href"] == canonical, where
        h1 = soup.select_one("article h1").get_text(" ", strip=True).removesuffix("¶").strip()
        title = site.config["site_name"] if page.url == "" else h1
        assert _meta(soup, property="og:title") == title, where
        assert _meta(soup, property="og:description") == description, where
        assert _meta(soup, property="og:url") == canonical, where
        assert _meta(soup, property="og:type") == "website", where
        assert _meta(soup, property="og:site_name") == site.config["site_name"], where


def test_description_with_quotes_stays_one_attribute(built):
    """The home description quotes the talk's title: it must survive as one escaped attribute."""
    raw = (built.dir / "index.html").read_text(encoding="utf-8")
    tag = re.search(r'<meta name="description" content="([^"]*)">', raw)
    assert tag, "no well-formed description tag"
    assert "&#34;Leadership vs Management" in tag.group(1) or "&quot;Leadership vs Management" in tag.group(1)


def test_sitemap_lists_every_page_at_its_published_address(site, built):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    xml = (built.dir / "sitemap.xml").read_bytes()
    listed = {loc.text for loc in ET.fromstring(xml).findall("s:url/s:loc", ns)}
    assert listed == {site.site_url + page.url for page in site.pages}
    assert gzip.decompress((built.dir / "sitemap.xml.gz").read_bytes()) == xml


def test_404_page_offers_home_trainers_glossary_and_search(site, built):
    soup = BeautifulSoup((built.dir / "404.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html.get("lang") == site.config["theme"]["language"]
    assert soup.find("link", rel="canonical") is None, "a 404 page must not claim a canonical address"
    article = soup.select_one("article")
    assert article.h1 and "not found" in article.h1.get_text().lower()
    # Served at any depth, so every link is absolute from the site root, never relative.
    hrefs = [a["href"] for a in article.find_all("a")]
    assert all(h.startswith("/") for h in hrefs), hrefs
    targets = {built.resolve("", h)[0] for h in hrefs}
    assert (built.dir / "index.html").resolve() in targets
    assert (built.dir / "glossary" / "index.html").resolve() in targets
    assert (built.dir / "trainers" / "index.html").resolve() in targets
    form = article.find("form")
    assert form and form.get("method") == "get" and form.find("input", attrs={"name": "q"})
    assert built.resolve("", form["action"])[0] == (built.dir / "index.html").resolve()
