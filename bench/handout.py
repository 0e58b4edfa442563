"""Benchmark of the print step (issues 5, 12): every section sheet and the full handout, both paper
sizes, on a freshly rendered site.

    python3 scripts/build.py bench-handout

Wall time depends on what else runs on the machine, so CPU time is printed beside it.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from pypdf import PdfReader

from talksite import handout, outputs, tasks
from talksite.project import Site

LIMIT_S = 10


def run(root: Path, runs: int = 3) -> int:
    site_dir = Path(tempfile.mkdtemp(prefix="bench-handout-"))
    try:
        os.environ[outputs.DRAFT_VARIABLE] = "1"  # the pages only: the timed step runs below
        tasks.produce(root, site_dir)
        epoch = outputs.build_epoch(root)
        wall, cpu = [], []
        for _ in range(runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            written = handout.write_all(Site(root), site_dir, epoch)
            wall.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        pages = f"{len(written)} PDFs, {sum(len(PdfReader(path).pages) for path in written.values())} pages"
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)
    print(f"print step ({pages}), {runs} runs: wall median {statistics.median(wall):.2f} s "
          f"(min {min(wall):.2f}, max {max(wall):.2f}), CPU median {statistics.median(cpu):.2f} s; "
          f"limit {LIMIT_S} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0 if statistics.median(wall) <= LIMIT_S else 1
