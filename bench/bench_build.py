"""Time the full .docx set of one profile (22 procedures, manual, record forms, volumes).

usage: python bench/bench_build.py [--repeat N]
Prints the median wall time of a build in a fresh process (the caches on disk warm: compiled
and prepared templates, finished documents and their digests), the same warm in one process,
the same again with the cache of finished documents switched off (every document rendered and
hashed: what a changed profile costs), the peak memory, and a naive baseline measured in the
same run: a fresh DocxTemplate per document with no caches and docxcompose for the volumes.
Fields are not refreshed (LibreOffice is measured by bench_pdf.py). Targets: <= 2 s, >= 20x
faster than the baseline, <= 400 MB.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from _common import PROFILES, ROOT, line, median_time, run_process

CHILD = """
import sys
from generator.builder.run import build
build(sys.argv[1], sys.argv[2], refresh=False)
"""


def no_finished_documents() -> None:
    """Switch off the cache of finished documents and digests: every document is rendered."""
    import generator.builder.outputs as outputs

    outputs.document = lambda name, make: make()  # type: ignore[assignment]
    outputs.digests = lambda data, compute: compute(data)  # type: ignore[assignment]


def naive() -> None:
    """Switch off every reuse: plain docxtpl per document, no compile cache, docxcompose."""
    import docxtpl
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    import generator.assemble.volume as volume
    import generator.render.docx as render

    render._Template = docxtpl.DocxTemplate  # type: ignore[misc,assignment]
    plain = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=True)
    plain.filters["join_cn"] = render._ENV.filters["join_cn"]
    render._ENV = plain
    volume.package.self_contained_body = lambda body: False  # type: ignore[assignment]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    profile = str(next(p for p in PROFILES if "lanqin" in p.name))
    sys.path.insert(0, str(ROOT))
    from generator.builder.run import build

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        env = dict(os.environ, SVCMANUAL_CACHE=str(out / "cache"))
        run_process([sys.executable, "-c", CHILD, profile, str(out / "warmup")], env)
        cold = []
        peak = 0.0
        for i in range(args.repeat):
            elapsed, mem = run_process([sys.executable, "-c", CHILD, profile, str(out / f"c{i}")],
                                       env)
            cold.append(elapsed)
            peak = max(peak, mem)
        cold.sort()
        os.environ["SVCMANUAL_CACHE"] = str(out / "cache")

        def warm_build() -> None:
            shutil.rmtree(out / "w", ignore_errors=True)
            build(profile, out / "w", refresh=False)

        warm_build()
        warm, _ = median_time(warm_build, args.repeat)
        no_finished_documents()
        rendered, _ = median_time(warm_build, args.repeat)
        naive()

        def naive_build() -> None:
            shutil.rmtree(out / "n", ignore_errors=True)
            build(profile, out / "n", refresh=False)

        baseline, _ = median_time(naive_build, args.repeat)
        files = sum(1 for p in (out / "n").rglob("*.docx") if ".svcmanual" not in p.parts)
    median_cold = cold[len(cold) // 2]
    print(f"full .docx set of {Path(profile).stem} ({files} documents), median of {args.repeat}")
    line("fresh process (incl. interpreter start)", f"{median_cold:.2f} s", "target <= 2 s")
    line("warm, in one process", f"{warm:.2f} s")
    line("warm, no cache of finished documents", f"{rendered:.2f} s")
    line("naive baseline (in one process)", f"{baseline:.2f} s")
    line("speed-up over the baseline (warm)", f"{baseline / warm:.1f}x", "target >= 20x")
    line("speed-up, no cache of finished documents", f"{baseline / rendered:.1f}x")
    line("peak memory (fresh process)", f"{peak:.0f} MB", "target <= 400 MB")


if __name__ == "__main__":
    main()
