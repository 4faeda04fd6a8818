"""PDF export of a full set: one LibreOffice process for all files against one per file.

usage: python bench/bench_pdf.py [--sample N]
Builds the example appliance profile's .docx set, then times `convert_to_pdf` over the whole
set in one soffice process, and the naive baseline (one soffice process per file) over a sample
of N files, extrapolated to the set. Needs LibreOffice.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from _common import PROFILES, line


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sample", type=int, default=8)
    args = parser.parse_args()
    from generator.assemble.office import convert_to_pdf
    from generator.builder.run import build

    profile = next(p for p in PROFILES if "lanqin" in p.name)
    with tempfile.TemporaryDirectory() as tmp:
        folder = build(profile, Path(tmp) / "out", refresh=False).folder
        files = sorted(p for p in folder.rglob("*.docx") if ".svcmanual" not in p.parts)
        start = time.perf_counter()
        convert_to_pdf(files, Path(tmp) / "one")
        one = time.perf_counter() - start
        sample = files[:: max(1, len(files) // args.sample)][: args.sample]
        start = time.perf_counter()
        for i, file in enumerate(sample):
            convert_to_pdf([file], Path(tmp) / f"each{i}")
        each = (time.perf_counter() - start) / len(sample) * len(files)
    line(f"PDF of {len(files)} files, one soffice process", f"{one:.1f} s")
    line(f"baseline: one soffice per file (from {len(sample)})", f"{each:.1f} s")
    line("speed-up", f"{each / one:.1f}x")


if __name__ == "__main__":
    main()
