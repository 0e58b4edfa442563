"""The Lighthouse benchmark's logic, without a browser or a server: the plain comparison site,
the medians, the audits named where points are lost, and the report. (The benchmark itself runs
with `python3 scripts/build.py bench-lighthouse`; its figures are not a test.)"""

from __future__ import annotations

import sys

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT))  # bench/ lives beside the product package, as scripts/build.py sees it
from bench import lighthouse as benchmark  # noqa: E402


def _lhr(perf: float, transfer: int, lcp: float, contrast_fails: bool) -> dict:
    """A Lighthouse result reduced to the fields the benchmark reads."""
    def ref(audit_id: str, weight: float) -> dict:
        return {"id": audit_id, "weight": weight}

    return {
        "categories": {
            "performance": {"score": perf, "auditRefs": [ref("largest-contentful-paint", 25)]},
            "accessibility": {"score": 0.9 if contrast_fails else 1.0,
                              "auditRefs": [ref("color-contrast", 7), ref("only-informative", 0)]},
            "best-practices": {"score": 1.0, "auditRefs": []},
            "seo": {"score": 1.0, "auditRefs": []},
        },
        "audits": {
            "largest-contentful-paint": {"title": "LCP", "score": 1.0 if perf == 1 else 0.8,
                                         "numericValue": lcp, "displayValue": f"{lcp / 1000} s"},
            "color-contrast": {"title": "Contrast", "score": 0 if contrast_fails else 1},
            "only-informative": {"title": "Info", "score": 0},
            "total-byte-weight": {"numericValue": transfer},
        },
    }


def test_summary_takes_medians_and_names_the_audits_that_cost_points():
    summary = benchmark.summarise([_lhr(0.95, 1000, 2000, True), _lhr(1.0, 3000, 1000, False),
                                   _lhr(0.97, 2000, 1500, True)])
    assert summary.scores == {"performance": 97, "accessibility": 90, "best-practices": 100, "seo": 100}
    assert (summary.transfer, summary.lcp_ms, summary.runs) == (2000, 1500, 3)
    assert [(lost.audit, lost.runs) for lost in summary.lost["accessibility"]] == [("color-contrast", 2)]
    assert [(lost.audit, lost.runs) for lost in summary.lost["performance"]] == [("largest-contentful-paint", 2)]
    assert "seo" not in summary.lost  # a category at 100 loses nothing


def test_report_puts_ours_next_to_plain_per_page_and_names_lost_audits():
    pages = [("", "Home"), ("roles/", "Roles")]
    ours = benchmark.summarise([_lhr(1.0, 800, 900, False)])
    plain = benchmark.summarise([_lhr(0.9, 1000, 2500, True)])
    results = {site: {f: {u: (ours if site == "ours" else plain) for u, _ in pages}
                      for f in benchmark.FORM_FACTORS} for site in benchmark.SITES}
    meta = {"date": "D", "commit": "C", "runs": 1, "warnings": [], "load": "1.5 median, 1.0–2.0 range on 2 CPUs",
            "command": "python3 scripts/build.py bench-lighthouse --runs 1",
            "versions": {"lighthouse": "12.2.3", "chromium": "Chromium", "nginx": "1", "node": "v20"}}
    report = benchmark.render_report(results, pages, meta)
    assert "| Roles (`/roles/`) | 100 / 90 | 100 / 90 | 100 / 100 | 100 / 100 | 0.9 s / 2.5 s | 0.8 kB / 1.0 kB | 0.80 |" in report
    plain_part = report.split("### Plain Material")[1]
    assert "| Accessibility | `color-contrast`: Contrast | all 2 | all 2 |" in plain_part
    assert "| Performance | `largest-contentful-paint`: LCP | all 2 (2.5 s) | all 2 (2.5 s) |" in plain_part
    assert "None: every category scores 100" in report.split("### Plain Material")[0]
    assert "only-informative" not in report  # weight 0: costs no points
    assert "`python3 scripts/build.py bench-lighthouse --runs 1`" in report
    assert "Load average during the run (1 minute, sampled every 5 s): 1.5 median, 1.0–2.0 range" in report


def test_plain_variant_is_material_defaults_with_our_content(site):
    config = benchmark.plain_config(ROOT)
    assert config["theme"] == {"name": "material"}
    assert not {"hooks", "extra_css", "extra_javascript", "plugins", "extra"} & set(config)
    assert config["nav"] == site.config["nav"]
    assert config["docs_dir"] == str(site.docs_dir.resolve())


def test_plain_variant_builds(tmp_path):
    benchmark.build_plain(ROOT, tmp_path / "plain")
    assert (tmp_path / "plain" / "roles" / "index.html").is_file()
    assert "fonts.googleapis.com" in (tmp_path / "plain" / "index.html").read_text()  # plain defaults


def test_nginx_serves_compressed_with_cache_headers(tmp_path):
    conf = benchmark.nginx_config(tmp_path, {8080: tmp_path / "site"}, run_as_root=False)
    assert "listen 127.0.0.1:8080;" in conf and f"root {tmp_path / 'site'};" in conf
    assert "gzip on;" in conf and "application/javascript" in conf
    assert "gzip_static on;" in conf  # the build's precompressed .gz copies are used
    assert "immutable" in conf and "user root" not in conf


def test_a_quick_run_can_take_some_pages_in_nav_order(site):
    assert benchmark.select_pages(ROOT, ["roles/", ""]) == [("", site.pages[0].title),
                                                            ("roles/", site.by_src("roles.md").title)]
    assert len(benchmark.select_pages(ROOT, None)) == len(site.pages)
    with pytest.raises(SystemExit, match="no page at 'nowhere/'"):
        benchmark.select_pages(ROOT, ["nowhere/"])


def test_a_mobile_only_report_has_no_desktop_columns():
    pages = [("", "Home")]
    one = benchmark.summarise([_lhr(0.9, 800, 900, True)])
    results = {site: {"mobile": {"": one}} for site in benchmark.SITES}
    meta = {"date": "D", "commit": "C", "runs": 1, "warnings": [],
            "versions": {"lighthouse": "12", "chromium": "C", "nginx": "1", "node": "v20"}}
    report = benchmark.render_report(results, pages, meta)
    assert "### Mobile" in report and "Desktop" not in report
    assert "| Accessibility | `color-contrast`: Contrast | all 1 |" in report
