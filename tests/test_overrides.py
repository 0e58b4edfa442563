"""Copied Material partials stay copies: each differs from the installed Material's only by our fix.
What we replace whole (a partial, a template's block) was written against a Material original,
kept in talksite/material_originals/: the installed file or block must still equal it.

When Material is upgraded and changes one of these, this fails, so the override is redone from
the new version instead of silently keeping the old markup. A partial whose Material markup does
not fit Zensical's theme switches by engine (ENGINE_SWITCH): its Zensical part is Zensical's own
partial, kept in step the same way.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path

import material
import pytest
import zensical
from conftest import ROOT

from talksite import material_facts

MATERIAL = Path(material.__file__).parent / "templates"
ZENSICAL = Path(zensical.__file__).parent / "templates"

# Partials that render Material's markup (with our fix) under MkDocs and Zensical's own under
# Zensical, whose scripts and styles have no place for Material's: MkDocs' `pages` are files
# (with a src_uri), Zensical's nav items. Zensical's search is a button opening its own dialog.
SWITCHED = {"partials/search.html"}
ENGINE_SWITCH = re.compile(r"\{% if pages and pages\[0\]\.src_uri is defined -%\}\n(.*\n)"
                           r"\{%- else -%\}\n(.*\n)\{%- endif %\}\n", re.S)

# partial -> (Material's line, ours)
FIXES = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
    # Material's page actions, then our "Print this section" link to a section's sheet (issue 12)
    # and "Print / PDF" link to the handout (issue 5).
    "partials/actions.html": (
        "    </a>\n  {% endif %}\n{% endif %}\n",
        "    </a>\n  {% endif %}\n{% endif %}\n"
        "{#- A section page's own sheet (talksite.printing.sheet_file): one section on one printed sheet. -#}\n"
        "{% if page.meta and page.meta.talksite_sheet %}\n"
        '<a href="{{ page.meta.talksite_sheet.A4 | url }}" class="md-content__button talk-print-action talk-print-action--sheet"'
        ' type="application/pdf" title="This section on one sheet of A4, both sides (US Letter: {{ page.meta.talksite_sheet.letter }})">\n'
        '  {% include ".icons/material/file-document-outline.svg" %}\n  <span>Print this section</span>\n</a>\n'
        "{% endif %}\n"
        "{#- A plain link with visible text: reachable with Tab, named by its text, opens the PDF. -#}\n"
        '<a href="{{ \'handout.pdf\' | url }}" class="md-content__button talk-print-action" type="application/pdf"'
        ' title="The full handout: every section from a new A4 page, and the glossary (US Letter: handout-letter.pdf)">\n'
        '  {% include ".icons/material/printer.svg" %}\n  <span>Print / PDF</span>\n</a>\n',
    ),
    # The palette's form without Material's component: our script runs the toggle (REPLACED).
    "partials/palette.html": (
        '<form class="md-header__option" data-md-component="palette">',
        '<form class="md-header__option" data-talksite-palette>',
    ),
    "partials/progress.html": (
        '<div class="md-progress" data-md-component="progress" role="progressbar"></div>',
        '<div class="md-progress" data-md-component="progress" aria-hidden="true"></div>',
    ),
}


# Material's partials replaced by ours, not copied: each does the same job its own way.
# partial -> the material_facts fact holding Material's original.
REPLACED = {
    "partials/javascripts/palette.html": "palette-script",  # the toggle itself, run while the header is parsed
}

# Blocks our templates replace without super(): (template, block) -> the fact holding Material's
# original. 404.html's title is main.html's, so base.html's block is its original too.
REPLACED_BLOCKS = {
    ("main.html", "site_meta"): "block-site-meta",
    ("main.html", "htmltitle"): "block-htmltitle",
    ("main.html", "extrahead"): "block-extrahead",
    ("404.html", "htmltitle"): "block-htmltitle",
    ("404.html", "content"): "block-404-content",
}
_BLOCK = re.compile(r"\{%-?\s*block\s+(\w+)\s*-?%\}(.*?)\{%-?\s*endblock\s*-?%\}", re.S)


def _body(path: Path) -> str:
    """The template without its leading {#- ... -#} comment."""
    return re.sub(r"\A\{#-.*?-#\}\n", "", path.read_text(encoding="utf-8"), flags=re.S)


def _material_part(partial: str) -> str:
    """What the override renders under MkDocs: all of it, or its Material part if it switches."""
    body = _body(ROOT / "overrides" / partial)
    if partial not in SWITCHED:
        return body
    switch = ENGINE_SWITCH.fullmatch(body)
    assert switch, f"overrides/{partial} does not switch by engine as ENGINE_SWITCH reads"
    return switch[1]


@pytest.mark.parametrize("partial", sorted(FIXES))
def test_override_is_materials_partial_plus_our_fix(partial):
    theirs, ours = FIXES[partial]
    original = _body(MATERIAL / partial)
    assert original.count(theirs) == 1, f"Material's {partial} changed: redo the override from it"
    assert _material_part(partial) == original.replace(theirs, ours)


@pytest.mark.parametrize("partial", sorted(SWITCHED))
def test_switched_override_is_zensicals_own_partial_under_zensical(partial):
    switch = ENGINE_SWITCH.fullmatch(_body(ROOT / "overrides" / partial))
    assert switch, f"overrides/{partial} does not switch by engine as ENGINE_SWITCH reads"
    assert switch[2] == _body(ZENSICAL / partial), f"Zensical's {partial} changed: copy it into the override"


def test_every_copied_partial_is_checked():
    copied = {p.relative_to(ROOT / "overrides").as_posix() for p in (ROOT / "overrides").rglob("*.html")
              if (MATERIAL / p.relative_to(ROOT / "overrides")).exists()}
    # main.html and 404.html extend Material's templates by blocks instead of copying them:
    # their replaced blocks are checked below.
    assert copied - {"main.html", "404.html"} - set(REPLACED) == set(FIXES)


def test_every_replaced_block_is_checked():
    replaced = {(name, block) for name in ("main.html", "404.html")
                for block, body in _BLOCK.findall((ROOT / "overrides" / name).read_text(encoding="utf-8"))
                if "super()" not in body}
    assert replaced == set(REPLACED_BLOCKS)


@pytest.mark.parametrize("fact_id", sorted({*REPLACED.values(), *REPLACED_BLOCKS.values()}))
def test_what_we_replace_is_still_materials_original(fact_id):
    fact = next(f for f in material_facts.FACTS if f.id == fact_id)
    now = material_facts.current_text(material_facts.package_dir(), fact)
    assert now is not None, f"material/{fact.file} has no block {fact.block!r} any more"
    then = material_facts.original_text(fact)
    diff = "".join(difflib.unified_diff(then.splitlines(True), now.splitlines(True),
                                        f"material_originals/{fact.original}", f"installed material/{fact.file}"))
    assert now == then, f"Material changed what {fact.why} replaces: redo ours from it, then the original\n{diff}"
