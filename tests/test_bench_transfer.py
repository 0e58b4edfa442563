"""The transfer benchmark's counting and report. (Its figures come from `python3 scripts/build.py
bench-transfer`, never from a test.)"""

from __future__ import annotations

import sys
from urllib.parse import urlparse

from conftest import ROOT, serving

sys.path.insert(0, str(ROOT))  # bench/ lives beside the product package, as scripts/build.py sees it
from bench import transfer  # noqa: E402


def test_a_first_visit_counts_every_response_with_its_headers(browser, server, built):
    sizes = transfer.page_bytes(browser, server + "roles/")
    paths = {urlparse(url).path: size for url, size in sizes.items()}
    assert "/roles/" in paths and any(p.startswith("/assets/javascripts/bundle.") for p in paths), sorted(paths)
    for path, size in paths.items():
        file = built.dir / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
        assert file.is_file(), path  # nothing from elsewhere
        body = file.stat().st_size  # the test server sends files as they are, uncompressed
        assert body < size < body + 1000, (path, body, size)  # the body, and headers of a few hundred bytes


def test_a_worker_script_is_counted_too(browser, tmp_path):
    worker = "self.onmessage = () => self.postMessage('ready');\n" + "// padding\n" * 400
    (tmp_path / "worker.js").write_text(worker)
    (tmp_path / "index.html").write_text('<!doctype html><title>w</title><script>new Worker("worker.js")'
                                         '.postMessage(1)</script>')
    with serving(tmp_path) as base:
        sizes = transfer.page_bytes(browser, base)
    assert len(worker) < sizes[base + "worker.js"] < len(worker) + 1000, sizes


def test_the_report_gives_each_ratio_the_totals_and_the_highest():
    rows = [("", "Home", 800, 1000), ("roles/", "Roles", 1500, 1200)]
    text = transfer.render_report(rows, {"command": "python3 scripts/build.py bench-transfer", "runs": 3,
                                         "date": "2026-11-29 02:00 UTC", "commit": "abc1234"})
    assert "| Home (`/`) | 0.8 kB | 1.0 kB | 0.80 |" in text
    assert "| Roles (`/roles/`) | 1.5 kB | 1.2 kB | 1.25 |" in text
    assert "All pages: 2.3 kB / 2.2 kB (ratio 1.05); highest ratio 1.25 (Roles)" in text
    assert "`python3 scripts/build.py bench-transfer`" in text and "`abc1234`" in text and "3 times (median)" in text
