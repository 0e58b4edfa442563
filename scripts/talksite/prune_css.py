"""Material's stylesheets without the rules that name something the site never produces.

Material's main.css styles every feature Material has (tabs, cards, annotations, tags, banners,
repository facts, diagrams, ...); the site uses a fraction of them. A selector is dropped only
when it names a class, id or attribute (or an attribute value it tests) that appears nowhere in
the built site's pages and scripts: no page carries it and no script can set it, so no element
can ever match. A name that appears anywhere, even in text, keeps its rules: the test is
deliberately blunt, so states that scripts set (search results, tooltips, dialogs, the drawer,
instant navigation) keep their styles as long as the script names them. Scripts that build a class
from parts (Material's ``md-tag--${name}``, ``md-source__fact--${name}``, ``data-md-color-${key}``)
are covered by keeping every class that starts with a prefix the scripts build from.

The pruned file gets a new fingerprinted name and the pages are pointed at it (the old name stays
cached for a year on hosts that honour the fingerprint, so the content may not change under it).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import tinycss2

from . import material_facts

# Material's, in site/assets/stylesheets/ as STEM.<fingerprint>.min.css (material_facts:
# stylesheet-main, stylesheet-palette); each must be there, or Material renamed it.
STYLESHEETS = ("main", "palette")
_WORD = re.compile(r"[A-Za-z_][\w-]*")
# `prefix-${...}` or "prefix-"+ in a script: classes or attributes built at run time.
_BUILT = re.compile(r"([A-Za-z_][\w-]*-)(?:\$\{|[\"'`]\s*\+)")
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


def vocabulary(site_dir: Path) -> tuple[set[str], tuple[str, ...]]:
    """Every word in the site's pages and scripts, and the prefixes scripts build names from."""
    words: set[str] = set()
    prefixes: set[str] = set()
    for path in site_dir.rglob("*"):
        if path.suffix in {".html", ".js", ".json"} and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            words.update(_WORD.findall(text))
            if path.suffix == ".js":
                prefixes.update(_BUILT.findall(text))
    return words, tuple(sorted(prefixes))


def _names(tokens) -> list[str]:
    """Class names, ids, attribute names and quoted/ident attribute values a selector tests,
    outside functional pseudo-classes such as :not() and :is() (a name there need not exist)."""
    names, previous = [], None
    for token in tokens:
        if token.type == "ident" and previous is not None and previous.type == "literal" and previous.value == ".":
            names.append(token.value)
        elif token.type == "hash":
            names.append(token.value)
        elif token.type == "[] block":
            inner = [t for t in token.content if t.type not in ("whitespace", "comment")]
            names += [t.value for t in inner[:1] if t.type == "ident"]
            # [attr=value] only: ^= $= *= ~= |= test parts of a value, which need not be words.
            if (len(inner) == 3 and inner[1].type == "literal" and inner[1].value == "="
                    and inner[2].type in ("ident", "string") and _WORD.fullmatch(inner[2].value)):
                names.append(inner[2].value)
        if token.type not in ("whitespace", "comment"):
            previous = token
    return names


def _split_selectors(prelude) -> list[list]:
    """A selector list's complex selectors, split at top-level commas."""
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return parts


def _possible(name: str, words: set[str], prefixes: tuple[str, ...]) -> bool:
    return name in words or name.startswith(prefixes)


def prune(css: str, words: set[str], prefixes: tuple[str, ...]) -> str:
    """css without the selectors (and then rules) that name something absent from words."""
    def rules(items) -> list[str]:
        out = []
        for rule in items:
            if rule.type == "qualified-rule":
                kept = [s for s in _split_selectors(rule.prelude)
                        if all(_possible(n, words, prefixes) for n in _names(s))]
                if kept:
                    selectors = ",".join(tinycss2.serialize(s).strip() for s in kept)
                    out.append(f"{selectors}{{{tinycss2.serialize(rule.content)}}}")
            elif rule.type == "at-rule" and rule.content is not None and rule.lower_at_keyword in {"media", "supports"}:
                inner = rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")
            elif rule.type in ("at-rule", "qualified-rule"):
                out.append(tinycss2.serialize([rule]))
        return out

    return "".join(rules(tinycss2.parse_stylesheet(_SOURCE_MAP.sub("", css), skip_comments=True,
                                                   skip_whitespace=True)))


def prune_site(site_dir: Path) -> dict[str, str]:
    """Prune Material's stylesheets in site_dir and point every page at the pruned files.
    Returns old name -> new name (site-relative)."""
    folder = site_dir / "assets" / "stylesheets"
    words, prefixes = vocabulary(site_dir)
    renamed = {}
    for stem in STYLESHEETS:
        found = sorted(folder.glob(f"{stem}.*.min.css"))
        if not found:
            raise material_facts.changed(f"stylesheet-{stem}", f"no assets/stylesheets/{stem}.*.min.css in the site")
        for path in found:
            css = prune(path.read_text(encoding="utf-8"), words, prefixes)
            digest = hashlib.sha256(css.encode()).hexdigest()[:8]
            new = path.with_name(f"{stem}.{digest}.min.css")
            path.unlink()
            path.with_name(path.name + ".map").unlink(missing_ok=True)  # maps the unpruned file
            new.write_text(css, encoding="utf-8")
            renamed[path.name] = new.name
    if renamed:
        pattern = re.compile("|".join(re.escape(f"assets/stylesheets/{old}") for old in renamed))
        for page in site_dir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            changed = pattern.sub(lambda m: "assets/stylesheets/" + renamed[m.group(0).rsplit("/", 1)[1]], text)
            if changed != text:
                page.write_text(changed, encoding="utf-8")
    return renamed
