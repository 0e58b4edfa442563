"""Benchmarks of the site and its build, beside the product (scripts/talksite/), not in it.

Run through scripts/build.py (bench-check, bench-handout, bench-lighthouse); figures go to
BENCHMARKS.md. bench/package.json pins the Lighthouse they drive (npm ci, see scripts/install.py).
"""
