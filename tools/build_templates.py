"""Regenerate the default .docx template pack from its sources.

usage: python tools/build_templates.py
Sources: templates/src/procedures/Pxx.txt, templates/src/manual/售后服务手册.txt and
generator/catalog/records.yaml. The committed templates must match them
(tests/test_templates.py checks that).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.catalog import load_catalog  # noqa: E402
from generator.pack.authoring.packbuild import write_pack  # noqa: E402


def main() -> None:
    written = write_pack(ROOT / "templates" / "src", ROOT / "templates", load_catalog())
    print(f"wrote {len(written)} templates")


if __name__ == "__main__":
    main()
