"""Batch throughput: 50 profiles built with --jobs 1 and --jobs 2.

usage: python bench/bench_batch.py [--count 50]
The profiles are the examples under new slugs. Prints wall time, profiles per minute, the
speed-up of --jobs 2 over --jobs 1 (target >= 1.6x on 2 cores) and peak memory of the run.
Each run starts with compiled and prepared templates cached but no finished documents, so
that the second run does not take the first run's documents from the cache.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from _common import PROFILES, line, run_process


def make_profiles(folder: Path, count: int) -> list[str]:
    paths = []
    for i in range(count):
        source = PROFILES[i % len(PROFILES)]
        text = source.read_text(encoding="utf-8")
        text = re.sub(r"^slug: (.+)$", rf"slug: \1-{i:02d}", text, count=1, flags=re.M)
        path = folder / f"{source.stem}-{i:02d}.yaml"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        profiles = make_profiles(folder, args.count)
        env = dict(os.environ, SVCMANUAL_CACHE=str(folder / "cache"))
        command = [sys.executable, "-m", "generator.cli", "build", *profiles, "--no-refresh"]
        run_process([*command[:4], profiles[0], "-o", str(folder / "warm"), "--no-refresh"], env)
        results = {}
        for jobs in (1, 2):
            for made in ("documents", "digests"):
                shutil.rmtree(folder / "cache" / made, ignore_errors=True)
            elapsed, peak = run_process([*command, "-o", str(folder / f"j{jobs}"), "--jobs",
                                         str(jobs)], env)
            results[jobs] = elapsed
            line(f"--jobs {jobs}: {args.count} profiles", f"{elapsed:.1f} s",
                 f"{args.count / elapsed * 60:.0f} profiles/min, peak {peak:.0f} MB")
    line("throughput --jobs 2 over --jobs 1", f"{results[1] / results[2]:.2f}x", "target >= 1.6x")


if __name__ == "__main__":
    main()
