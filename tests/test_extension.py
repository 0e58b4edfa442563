"""The shared Markdown extension reads which page it renders from each engine's own processor:
those engine internals are checked here, in seconds, against the installed packages."""

from __future__ import annotations

import re

from talksite import extension


def test_the_engines_still_hold_what_the_extension_reads():
    assert extension.engine_fact_problems() == []


def test_a_changed_engine_fact_is_reported_with_its_file(monkeypatch):
    changed = [(package, file, pattern + "-renamed", why) for package, file, pattern, why in extension.ENGINE_FACTS]
    monkeypatch.setattr(extension, "ENGINE_FACTS", tuple(changed))
    problems = extension.engine_fact_problems()
    assert len(problems) == len(changed)
    assert all(re.match(r"(mkdocs/structure/pages\.py|zensical/extensions/context\.py): no /", p) for p in problems)
