"""Every fact we restate about Material's internals holds in the installed package (talksite.material_facts).

No build and no browser: the installed package's files are read. An upgrade that changes any
fact fails here, once, listing every fact that changed with its file and what was expected.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from talksite import material_facts, offline, search_index
from talksite.material_facts import FACTS, package_dir, verify


def test_every_fact_holds_in_the_installed_material():
    changed = verify()
    assert not changed, ("Material changed what the site relies on (scripts/talksite/material_facts.py):\n"
                         + "\n".join(changed))


def test_our_code_states_the_facts_it_relies_on():
    assert material_facts.value("offline-polyfill-check") in offline.SHIM_URL
    assert search_index.INDEX.as_posix() == "search/search_index.json"  # as search-index-request reads it


@pytest.fixture
def fake_material(tmp_path) -> Path:
    """A copy of the installed package's files the facts read (the package without icons is large)."""
    package = package_dir()
    for fact in FACTS:
        for path in package.glob(fact.file):
            target = tmp_path / path.relative_to(package)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_faithful_copy_holds_every_fact(fake_material):
    assert verify(fake_material) == []


def test_each_changed_fact_is_reported_with_its_file(fake_material):
    """An 'upgrade' that changes a breakpoint, a replaced script, a replaced block, a plugin's
    priority and a file name: all five are listed, each with its file, and nothing else."""
    bundle = next(fake_material.glob(material_facts.BUNDLE))
    _edit(bundle, 'Wt("(min-width: 60em)")', 'Wt("(min-width: 50em)")')
    _edit(fake_material / "templates/partials/javascripts/palette.html", '"__palette"', '"__palette2"')
    _edit(fake_material / "templates/base.html", '<meta name="generator"', '<meta name="robots" content="all">\n'
          '      <meta name="generator"')
    _edit(fake_material / "plugins/offline/plugin.py", "@event_priority(-100)", "@event_priority(-40)")
    next(fake_material.glob("templates/assets/stylesheets/palette.*.min.css")).unlink()

    changed = verify(fake_material)

    assert sorted(line.split(":")[0] for line in changed) == [
        "block-site-meta", "offline-post-build-priority", "palette-script", "search-scroll-lock", "stylesheet-palette"]
    report = "\n".join(changed)
    for expected in ("material/templates/assets/javascripts/bundle.*.min.js: value is '50em'; expected",
                     "with value '60em'",
                     "material/templates/partials/javascripts/palette.html: differs from the stored original",
                     "material/templates/base.html: differs from the stored original; expected block 'site_meta'",
                     "material/plugins/offline/plugin.py: priority is -40; expected on_post_build at event priority -100",
                     "material/templates/assets/stylesheets/palette.*.min.css: no such file"):
        assert expected in report, report


def test_a_version_bump_alone_changes_no_fact(fake_material):
    """Material's base.html names its version in the generator tag; that alone is no change."""
    base = fake_material / "templates/base.html"
    text = base.read_text(encoding="utf-8")
    base.write_text(material_facts._VERSION.sub("mkdocs-material-99.0.0", text), encoding="utf-8")
    assert verify(fake_material) == []


def test_the_build_stops_when_material_renamed_a_file(tmp_path):
    """What the build reads from Material, absent, is an error naming the fact, never a quiet skip."""
    from talksite import prune_css
    from talksite.errors import SiteError

    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "main.0123abcd.min.css").write_text(".md-typeset{}", encoding="utf-8")
    with pytest.raises(SiteError, match=r"stylesheet-palette") as stopped:
        prune_css.prune_site(tmp_path)
    assert stopped.value.problem.rule.code == "material-fact"
    with pytest.raises(SiteError, match=r"search-index-path"):
        search_index.write_deduplicated(tmp_path, searching=True)
    search_index.write_deduplicated(tmp_path, searching=False)  # no search plugin: nothing to rewrite


def test_the_offline_policy_stops_without_materials_search_worker(tmp_path):
    """The offline copy's policy hashes the shim's script from __config's worker: none, an error."""
    from talksite import csp
    from talksite.errors import SiteError

    (tmp_path / "index.html").write_text("<html><head></head><body></body></html>", encoding="utf-8")
    with pytest.raises(SiteError, match=r"search-worker-config"):
        csp.protect(tmp_path, offline.shim_text())
    csp.protect(tmp_path)  # the published site's policy needs no shim
