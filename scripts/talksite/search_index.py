"""A search index that holds each text once, at the page and section a reader meets it first.

Material indexes every section of every page. Pages that gather what other pages say (the full
talk repeats every quoted paragraph, Key points repeats each section's takeaways box) put the
same text in the index twice, so the download grows and a search lists the text twice, once at
a place that only repeats it. Pages come in reading order (the nav) and gathering pages come after
the pages they gather from, so each repeated block (a paragraph, list item, term or cell) is kept
at its first place in the index and dropped from later ones. An entry left without text keeps its
title, so the section itself can still be found.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from . import material_facts

INDEX = Path("search") / "search_index.json"  # material_facts: search-index-path
# Material's index text is its own sanitised HTML: flat blocks of a few kinds, one per match.
_BLOCK = re.compile(r"<(p|li|dt|dd|td|th)>(.*?)</\1>", re.S)
_EMPTY_LIST = re.compile(r"<(ul|ol)>\s*</\1>")


def _key(block: str) -> str:
    return " ".join(block.split())


def deduplicate(docs: list[dict]) -> list[dict]:
    """The index entries with every block that an earlier entry holds removed."""
    seen: set[str] = set()
    out = []
    for doc in docs:
        def keep_first(match: re.Match) -> str:
            key = _key(match.group(2))
            if key in seen:
                return ""
            seen.add(key)
            return match.group(0)

        text = _BLOCK.sub(keep_first, doc.get("text", ""))
        text = " ".join(_EMPTY_LIST.sub("", text).split())
        out.append({**doc, "text": text})
    return out


def write_deduplicated(site_dir: Path, searching: bool = True) -> None:
    """Rewrite site_dir's search index in place (on_post_build, after Material's search plugin).

    searching: the search plugin ran, so a missing index means Material moved it: an error."""
    path = site_dir / INDEX
    if not path.exists():
        if searching:
            raise material_facts.changed("search-index-path", f"its search plugin wrote no {INDEX.as_posix()}")
        return  # no search plugin: no index to rewrite
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"] = deduplicate(index["docs"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
