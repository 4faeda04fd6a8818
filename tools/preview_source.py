"""Render procedure text sources as plain text for review (authoring aid, not a test).

usage: python tools/preview_source.py [P04 ...] [--profile profiles/x.yaml ...] [--quiet]
Prints the text of each procedure per profile, the Chinese character count of 职责 + 工作程序,
and the share of sentences each procedure shares with any other. A profile with a sector
(company.sector) gets its sector's sources (templates/src/procedures/<sector>/) where they exist.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pack.authoring.source import parse_source  # noqa: E402
from generator.profile.loader import load_profile  # noqa: E402
from generator.render.context import build_context  # noqa: E402
from generator.render.environment import make_env  # noqa: E402

SRC = ROOT / "templates" / "src" / "procedures"
CJK = re.compile(r"[\u4e00-\u9fff]")


def to_jinja(path: Path) -> str:
    src = parse_source(path)
    out = []
    for b in src.blocks:
        if b.kind == "heading":
            out.append(f"{'#' * b.level} {b.number} {b.text}")
        elif b.kind == "table":
            out.extend("| " + " | ".join(r) + " |" for r in b.rows)
        else:
            out.append(("  - " if b.kind == "item" else "") + b.text)
    return "\n".join(out) + "\n"


def sentences(text: str) -> set[str]:
    parts = re.split(r"[。；！？\n]", text)
    return {re.sub(r"\s+", "", p) for p in parts if len(CJK.findall(p)) >= 8}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("ids", nargs="*")
    ap.add_argument("--profile", action="append")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()
    profiles = args.profile or sorted(str(p) for p in (ROOT / "profiles").glob("*.yaml"))
    env = make_env(autoescape=False)
    for prof in profiles:
        profile = load_profile(prof).profile
        ctx = build_context(profile)
        own = {f.stem: f for f in (SRC / (profile.company.sector or "-")).glob("P*.txt")}
        files = [own.get(f.stem, f) for f in sorted(SRC.glob("P*.txt"))]
        texts = {}
        for f in files:
            text = env.from_string(to_jinja(f)).render(ctx)
            texts[f.stem] = text
        for pid, text in texts.items():
            if args.ids and pid not in args.ids:
                continue
            m = re.search(r"^# 3 职责$(.*?)^# 5 相关文件$", text, re.S | re.M)
            body = m.group(1) if m else ""
            mine = sentences(text)
            worst = max(
                ((len(mine & sentences(t)) / max(1, len(mine)), o) for o, t in texts.items() if o != pid),
                default=(0.0, "-"),
            )
            print(f"== {Path(prof).stem} {pid}: 职责+工作程序 {len(CJK.findall(body))} 字; "
                  f"与 {worst[1]} 重复句子 {worst[0]:.0%}")
            if not args.quiet:
                print(text)


if __name__ == "__main__":
    main()
