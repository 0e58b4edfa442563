"""The checker benchmark's own machinery, on a small synthetic site: a cold check forgets every
cache, and the synthetic site carries exactly the errors the benchmark expects the check to find.
(The benchmark runs with `python3 scripts/build.py bench-check`; its figures are not a test.)"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT))  # bench/ lives beside the product package, as scripts/build.py sees it
from bench import check as benchmark  # noqa: E402
from talksite import markup, pipeline, tasks  # noqa: E402
from talksite.project import Site  # noqa: E402


def test_a_synthetic_site_is_checked_cold_and_its_errors_found(tmp_path):
    root = tmp_path / "synthetic"
    benchmark.generate(root, 12, Site(ROOT))
    markup.inline("warm *cache*")
    seconds, errors = benchmark._time_check(root, runs=1)
    assert errors == benchmark.DELIBERATE_ERRORS
    assert seconds > 0
    benchmark._cold()
    assert pipeline._pipelines == {} and markup._inline.cache_info().currsize == 0


def test_the_grown_page_is_checked_clean_and_a_measurement_past_its_limit_stops(scratch, capsys):
    page = scratch / benchmark.GROWN_PAGE
    size = page.stat().st_size
    benchmark.append_paragraphs(page, 64 * 1024)
    assert page.stat().st_size >= size + 64 * 1024
    assert tasks.check(scratch) == 0, capsys.readouterr().err
    with pytest.raises(benchmark._Stopped):
        with benchmark._limit(0.05):
            while True:  # stopped by the limit's timer, never by a wait of ours
                pass
