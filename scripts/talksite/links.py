"""Links that keep working: fragment redirects, and the data the browser needs to honour them.

Page moves are redirected by the mkdocs-redirects plugin (``plugins: - redirects: redirect_maps``).
A renamed or moved *section* is recorded once, in mkdocs.yml::

    extra:
      fragment_redirects:
        roles.md#leaders: roles.md#leader-role         # same page
        roles.md#old-id: synergies.md#effectiveness    # another page

Both sides are ``page.md#id``, paths relative to docs/. The browser script
(docs/assets/javascripts/links.js) reads the map that :func:`client_data` puts into every page and
sends an old fragment to its new place, on load, on hash changes and after instant navigation.
Whether each target exists is checked by the validator, like any link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import schema
from .errors import Problem, SiteError
from .project import Site, page_url
from .rules import rule

REDIRECT_FORM = rule("redirect-form", "an extra.fragment_redirects entry not written 'page.md#old: page.md#new'",
                     "name both sides as a page under docs/ and an anchor, e.g. roles.md#leader-role")

# A page under docs/: relative, no empty or dot-led segment, so never "//host/…", "/…" or "../…".
_PAGE = r"(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.md"
_KEY = re.compile(rf"^(?P<src>{_PAGE})#(?P<id>[\w-]+)$")
_PAGE_TARGET = re.compile(rf"^{_PAGE}(?:#[\w-]+)?$")


@dataclass(frozen=True)
class FragmentRedirect:
    src: str  # page of the old anchor, relative to docs/
    old: str  # old anchor
    target_src: str
    new: str

    @property
    def url(self) -> str:
        """Old page's site-relative URL ('roles/'), as MkDocs publishes it."""
        return page_url(self.src)

    @property
    def target(self) -> str:
        """The new place, relative to the site root ('roles/#leader-role')."""
        return f"{page_url(self.target_src)}#{self.new}"


def fragment_redirects(site: Site) -> list[FragmentRedirect]:
    """The recorded fragment redirects, checked for form (their targets are the validator's)."""
    mapping = (site.config.get("extra") or {}).get("fragment_redirects") or {}
    if not isinstance(mapping, dict):
        raise SiteError("mkdocs.yml", site.config_line("fragment_redirects"),
                        "extra.fragment_redirects must be a mapping",
                        "write one 'page.md#old: page.md#new' per line", rule=REDIRECT_FORM)
    found = []
    for old, new in mapping.items():
        old_match, new_match = _KEY.match(str(old)), _KEY.match(str(new))
        if not (old_match and new_match):
            raise SiteError("mkdocs.yml", site.config_line(str(old)),
                            f"fragment redirect '{old}: {new}' is not 'page.md#old: page.md#new'",
                            "name both sides as a page under docs/ and an anchor, e.g. roles.md#leader-role",
                            rule=REDIRECT_FORM)
        if (old_match["src"], old_match["id"]) == (new_match["src"], new_match["id"]):
            raise SiteError("mkdocs.yml", site.config_line(str(old)), f"fragment redirect '{old}' points to itself",
                            rule=REDIRECT_FORM)
        found.append(FragmentRedirect(old_match["src"], old_match["id"], new_match["src"], new_match["id"]))
    return found


def page_redirects(config: dict) -> dict[str, str]:
    """The page redirects (schema.config has checked their form: anything else is left out)."""
    maps = schema.redirect_maps(config)
    return {k: v for k, v in maps.items() if isinstance(k, str) and isinstance(v, str)} \
        if isinstance(maps, dict) else {}


def redirect_problems(site: Site) -> list[Problem]:
    """Page redirects (redirects plugin) whose target is not a page of this site: a redirect to
    another host, or to an address that can turn into one, is an open redirect. Whether the page
    and anchor exist is the link check's; fragment redirects get this rule from their form."""
    return [Problem("mkdocs.yml", site.config_line(str(old)), 1, "error",
                    f"page redirect '{old}: {new}' leaves the site", REDIRECT_TARGET, REDIRECT_TARGET.fix)
            for old, new in page_redirects(site.config).items() if not _PAGE_TARGET.match(str(new))]


REDIRECT_TARGET = rule("redirect-target", "a page redirect (redirects plugin) to another host or outside docs/",
                       "redirect to a page under docs/, written relative to it: 'new-page.md' or 'new-page.md#id'")


def client_data(site: Site) -> dict:
    """What links.js needs on every page: the published address and the fragment redirects by page."""
    redirects: dict[str, dict[str, str]] = {}
    for redirect in fragment_redirects(site):
        redirects.setdefault(redirect.url, {})[redirect.old] = redirect.target
    return {"siteUrl": site.site_url, "fragmentRedirects": redirects}
