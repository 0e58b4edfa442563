"""Benchmark of the two engines (issue 23): the same sources rendered by MkDocs + Material and by
Zensical, alternately in one run, each in a fresh process as `build` would start it.

    python3 scripts/build.py bench-engines            # drafts: the render and our page additions
    python3 scripts/build.py bench-engines --complete # with sheets, handouts, offline copy…

Alternating engines run by run keeps the machine's load out of the ratio.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from talksite import outputs
from talksite.tasks import ENGINES  # the engines `build --engine` takes, stated once
_PRODUCE = ("import sys; from pathlib import Path; from talksite import tasks; "
            "tasks.produce(Path(sys.argv[1]), Path(sys.argv[2]), False, sys.argv[3])")


def run(root: Path, runs: int = 5, complete: bool = False) -> int:
    env = dict(os.environ, PYTHONPATH=str(root / "scripts"), NO_MKDOCS_2_WARNING="1")
    env.pop(outputs.DRAFT_VARIABLE, None)
    if not complete:
        env[outputs.DRAFT_VARIABLE] = "1"
    times: dict[str, list[float]] = {engine: [] for engine in ENGINES}
    for n in range(runs):
        for engine in ENGINES if n % 2 == 0 else ENGINES[::-1]:
            out = Path(tempfile.mkdtemp(prefix="bench-engines-"))
            try:
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-c", _PRODUCE, str(root), str(out), engine], env=env,
                                      capture_output=True, text=True)
                times[engine].append(time.perf_counter() - start)
            finally:
                shutil.rmtree(out, ignore_errors=True)
            if done.returncode:
                print(f"error: the {engine} build failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                return 1
    kind = "complete build" if complete else "draft build (TALKSITE_DRAFT=1)"
    medians = {engine: statistics.median(values) for engine, values in times.items()}
    for engine, values in times.items():
        print(f"{kind}, {engine}: median {medians[engine]:.2f} s (min {min(values):.2f}, max {max(values):.2f}, "
              f"{runs} runs)")
    print(f"zensical ÷ material: {medians['zensical'] / medians['material']:.2f}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    return 0
